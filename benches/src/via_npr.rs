//! netlink-packet-route: `NetlinkMessage::<RouteNetlinkMessage>::deserialize` per
//! message, then a `match` over its `attributes`; requests built as message structs and
//! `serialize`d into a reused buffer.

use std::borrow::Cow;
use std::net::IpAddr;

use netlink_packet_core::{NetlinkMessage, NetlinkPayload};
use netlink_packet_route::address::AddressAttribute;
use netlink_packet_route::link::{
    InfoData, InfoKind, InfoVeth, LinkAttribute, LinkInfo, LinkMessage,
};
use netlink_packet_route::neighbour::{NeighbourAddress, NeighbourAttribute};
use netlink_packet_route::route::{
    RouteAddress, RouteAttribute, RouteMessage, RouteProtocol, RouteScope, RouteType,
};
use netlink_packet_route::{AddressFamily, RouteNetlinkMessage};

use crate::Result;
use crate::fields::{AddrFields, LinkFields, NeighFields, RouteFields, Sink};
use crate::requests::{CREATE_FLAGS, RouteReq};

/// Deserializes every message of `buf` and runs `each` on the inner rtnetlink message;
/// `NLMSG_DONE` ends the dump. Returns the number of inner messages.
#[inline(always)]
fn each_message(
    buf: &[u8],
    mut each: impl FnMut(RouteNetlinkMessage) -> Result<()>,
) -> Result<usize> {
    let mut n = 0;
    for bytes in crate::split_messages(buf) {
        let msg = NetlinkMessage::<RouteNetlinkMessage>::deserialize(bytes)?;
        match msg.payload {
            NetlinkPayload::InnerMessage(inner) => {
                each(inner)?;
                n += 1;
            }
            NetlinkPayload::Done(_) => break,
            other => return Err(format!("unexpected payload {other:?}").into()),
        }
    }
    Ok(n)
}

fn unexpected(m: &RouteNetlinkMessage) -> crate::Error {
    format!("unexpected message {:?}", m.message_type()).into()
}

fn route_ip(a: &RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(a) => Some(IpAddr::V4(*a)),
        RouteAddress::Inet6(a) => Some(IpAddr::V6(*a)),
        _ => None,
    }
}

/// Decodes a route dump.
pub fn route<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, |m| {
        let RouteNetlinkMessage::NewRoute(r) = m else {
            return Err(unexpected(&m));
        };
        let h = &r.header;
        let mut f = RouteFields {
            table: u32::from(h.table),
            dst_len: h.destination_prefix_length,
            protocol: u8::from(h.protocol),
            scope: u8::from(h.scope),
            kind: u8::from(h.kind),
            ..RouteFields::default()
        };
        for a in &r.attributes {
            match a {
                RouteAttribute::Table(t) => f.table = *t,
                RouteAttribute::Destination(a) => f.dst = route_ip(a),
                RouteAttribute::Gateway(a) => f.gateway = route_ip(a),
                RouteAttribute::Oif(i) => f.oif = Some(*i),
                RouteAttribute::Priority(p) => f.priority = Some(*p),
                RouteAttribute::PrefSource(a) => f.prefsrc = route_ip(a),
                _ => {}
            }
        }
        sink.route(&f);
        Ok(())
    })
}

/// `IFLA_INFO_KIND` as a string, without allocating for the kinds of the fixtures.
fn kind_str(k: &InfoKind) -> Cow<'_, str> {
    match k {
        InfoKind::Veth => Cow::Borrowed("veth"),
        InfoKind::Bridge => Cow::Borrowed("bridge"),
        InfoKind::Other(s) => Cow::Borrowed(s.as_str()),
        k => Cow::Owned(k.to_string()),
    }
}

/// Decodes a link dump.
pub fn link<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, |m| {
        let RouteNetlinkMessage::NewLink(l) = m else {
            return Err(unexpected(&m));
        };
        let mut f = LinkFields {
            index: i32::try_from(l.header.index)?,
            ..LinkFields::default()
        };
        let mut kind = None;
        for a in &l.attributes {
            match a {
                LinkAttribute::IfName(s) => f.name = Some(s.as_str()),
                LinkAttribute::Mtu(m) => f.mtu = Some(*m),
                LinkAttribute::OperState(s) => f.operstate = Some(u8::from(*s)),
                LinkAttribute::Address(a) => f.address = Some(a.as_slice()),
                LinkAttribute::Controller(c) => f.master = Some(*c),
                LinkAttribute::LinkInfo(infos) => {
                    for i in infos {
                        if let LinkInfo::Kind(k) = i {
                            kind = Some(kind_str(k));
                        }
                    }
                }
                LinkAttribute::Stats64(s) => {
                    f.rx_bytes = Some(s.rx_bytes);
                    f.tx_bytes = Some(s.tx_bytes);
                }
                _ => {}
            }
        }
        f.kind = kind.as_deref();
        sink.link(&f);
        Ok(())
    })
}

/// Decodes an address dump.
pub fn addr<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, |m| {
        let RouteNetlinkMessage::NewAddress(a) = m else {
            return Err(unexpected(&m));
        };
        let mut f = AddrFields {
            prefix_len: a.header.prefix_len,
            flags: u32::from(a.header.flags.bits()),
            ..AddrFields::default()
        };
        let mut address = None;
        for attr in &a.attributes {
            match attr {
                AddressAttribute::Local(ip) => f.local = Some(*ip),
                AddressAttribute::Address(ip) => address = Some(*ip),
                AddressAttribute::Label(s) => f.label = Some(s.as_str()),
                AddressAttribute::Flags(fl) => f.flags = fl.bits(),
                _ => {}
            }
        }
        f.local = f.local.or(address);
        sink.addr(&f);
        Ok(())
    })
}

/// Decodes a neighbour dump.
pub fn neigh<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, |m| {
        let RouteNetlinkMessage::NewNeighbour(n) = m else {
            return Err(unexpected(&m));
        };
        let mut f = NeighFields {
            state: u16::from(n.header.state),
            ifindex: i32::try_from(n.header.ifindex)?,
            ..NeighFields::default()
        };
        for a in &n.attributes {
            match a {
                NeighbourAttribute::Destination(NeighbourAddress::Inet(a)) => {
                    f.dst = Some(IpAddr::V4(*a));
                }
                NeighbourAttribute::Destination(NeighbourAddress::Inet6(a)) => {
                    f.dst = Some(IpAddr::V6(*a));
                }
                NeighbourAttribute::LinkLayerAddress(l) => f.lladdr = Some(l.as_slice()),
                _ => {}
            }
        }
        sink.neigh(&f);
        Ok(())
    })
}

/// Finishes `msg` (header fields, length) and serializes it into `buf`.
fn serialize(
    inner: RouteNetlinkMessage,
    seq: u32,
    buf: &mut Vec<u8>,
    each: &mut impl FnMut(&[u8]),
) -> usize {
    let mut nl = NetlinkMessage::from(inner);
    nl.header.flags = CREATE_FLAGS;
    nl.header.sequence_number = seq;
    nl.finalize();
    let len = nl.buffer_len();
    buf.clear();
    buf.resize(len, 0);
    nl.serialize(buf);
    each(buf);
    len
}

/// Builds one `RTM_NEWROUTE` per route and serializes it into `buf` (reused for each),
/// handing each request's bytes to `each`; returns the bytes written in all.
pub fn encode_routes(
    reqs: &[RouteReq],
    buf: &mut Vec<u8>,
    mut each: impl FnMut(&[u8]),
) -> Result<usize> {
    let mut total = 0;
    for (seq, r) in (1u32..).zip(reqs) {
        let mut msg = RouteMessage::default();
        msg.header.address_family = AddressFamily::Inet;
        msg.header.destination_prefix_length = 24;
        // Ids above 255 go in RTA_TABLE, with RT_TABLE_UNSPEC in the header.
        msg.header.table = u8::try_from(r.table).unwrap_or(0);
        msg.header.protocol = RouteProtocol::Boot;
        msg.header.scope = RouteScope::Universe;
        msg.header.kind = RouteType::Unicast;
        msg.attributes = vec![
            RouteAttribute::Table(r.table),
            RouteAttribute::Destination(RouteAddress::Inet(r.dst)),
            RouteAttribute::Priority(r.priority),
            RouteAttribute::Gateway(RouteAddress::Inet(r.gateway)),
            RouteAttribute::Oif(r.oif),
        ];
        total += serialize(RouteNetlinkMessage::NewRoute(msg), seq, buf, &mut each);
    }
    Ok(total)
}

/// Builds one veth `RTM_NEWLINK` create request per pair and serializes it into `buf`
/// (reused for each), handing each request's bytes to `each`; returns the bytes written.
pub fn encode_veths(
    pairs: &[(String, String)],
    buf: &mut Vec<u8>,
    mut each: impl FnMut(&[u8]),
) -> Result<usize> {
    let mut total = 0;
    for (seq, (name, peer)) in (1u32..).zip(pairs) {
        let mut peer_msg = LinkMessage::default();
        peer_msg.attributes = vec![LinkAttribute::IfName(peer.clone())];
        let mut msg = LinkMessage::default();
        msg.attributes = vec![
            LinkAttribute::IfName(name.clone()),
            LinkAttribute::LinkInfo(vec![
                LinkInfo::Kind(InfoKind::Veth),
                LinkInfo::Data(InfoData::Veth(InfoVeth::Peer(peer_msg))),
            ]),
        ];
        total += serialize(RouteNetlinkMessage::NewLink(msg), seq, buf, &mut each);
    }
    Ok(total)
}
