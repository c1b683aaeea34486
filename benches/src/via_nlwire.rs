//! nlwire: the typed views of `nlwire-codec` for decoding, its writers for encoding.

use core::net::IpAddr;

use nlwire_codec::rtnl::addr::AddrMsg;
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::rtnl::neigh::NeighMsg;
use nlwire_codec::rtnl::route::{self, RouteMsg, RouteSpec};
use nlwire_codec::rtnl::rtm;
use nlwire_codec::{DecodeError, Message, MessageType, Messages, SliceBuf};

use crate::Result;
use crate::fields::{AddrFields, LinkFields, NeighFields, RouteFields, Sink};
use crate::requests::RouteReq;

/// Runs `each` on every message of type `want` in `buf`; `NLMSG_DONE` ends the dump,
/// any other type is an error. Returns the number of messages of type `want`.
#[inline(always)]
fn each_message<'a>(
    buf: &'a [u8],
    want: MessageType,
    mut each: impl FnMut(&Message<'a>) -> Result<()>,
) -> Result<usize> {
    let mut n = 0;
    for m in Messages::new(buf) {
        let m = m?;
        let t = m.message_type();
        if t == want {
            each(&m)?;
            n += 1;
        } else if t == MessageType::DONE {
            break;
        } else {
            return Err(format!("unexpected message type {t}").into());
        }
    }
    Ok(n)
}

/// Reads the [`RouteFields`] of one route message into `sink` (shared with the `client`
/// bench, which reads the same fields from a live dump). The fields are built where the
/// sink takes them, as netlink-packet-route's decoder does.
#[inline]
pub fn route_fields<S: Sink>(
    r: &RouteMsg<'_>,
    sink: &mut S,
) -> core::result::Result<(), DecodeError> {
    sink.route(&RouteFields {
        table: r.table()?,
        dst: r.dst()?,
        dst_len: r.dst_len(),
        gateway: r.gateway()?,
        oif: r.oif()?,
        priority: r.priority()?,
        prefsrc: r.prefsrc()?,
        protocol: r.protocol(),
        scope: r.scope(),
        kind: r.route_type(),
    });
    Ok(())
}

/// Decodes a route dump.
pub fn route<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, rtm::NEWROUTE, |m| {
        route_fields(&RouteMsg::parse(m)?, sink)?;
        Ok(())
    })
}

/// Decodes a link dump.
pub fn link<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, rtm::NEWLINK, |m| {
        let l = LinkMsg::parse(m)?;
        let stats = l.stats64()?;
        sink.link(&LinkFields {
            index: l.index(),
            name: l.name()?,
            mtu: l.mtu()?,
            operstate: l.operstate()?,
            address: l.address(),
            master: l.master()?,
            kind: l.link_info()?.and_then(|i| i.kind),
            rx_bytes: stats.map(|s| s.rx_bytes.get()),
            tx_bytes: stats.map(|s| s.tx_bytes.get()),
        });
        Ok(())
    })
}

/// Decodes an address dump.
pub fn addr<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, rtm::NEWADDR, |m| {
        let a = AddrMsg::parse(m)?;
        sink.addr(&AddrFields {
            local: a.ip()?,
            prefix_len: a.prefix_len(),
            label: a.label()?,
            flags: a.flags()?,
        });
        Ok(())
    })
}

/// Decodes a neighbour dump.
pub fn neigh<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message(buf, rtm::NEWNEIGH, |m| {
        let n = NeighMsg::parse(m)?;
        sink.neigh(&NeighFields {
            dst: n.dst()?,
            lladdr: n.lladdr(),
            state: n.state(),
            ifindex: n.ifindex(),
        });
        Ok(())
    })
}

/// Writes one `RTM_NEWROUTE` per route into `storage` (reused for each), handing each
/// request's bytes to `each`; returns the bytes written in all.
pub fn encode_routes(
    reqs: &[RouteReq],
    storage: &mut [u8],
    mut each: impl FnMut(&[u8]),
) -> Result<usize> {
    let mut total = 0;
    for (seq, r) in (1u32..).zip(reqs) {
        let mut buf = SliceBuf::new(storage);
        let spec = RouteSpec {
            dst: Some(IpAddr::V4(r.dst)),
            dst_len: 24,
            gateway: Some(IpAddr::V4(r.gateway)),
            oif: r.oif,
            table: r.table,
            priority: Some(r.priority),
            ..RouteSpec::default()
        };
        total += route::add_request(&mut buf, seq, &spec)?;
        each(buf.as_slice());
    }
    Ok(total)
}

/// Writes one veth `RTM_NEWLINK` create request per pair into `storage` (reused for
/// each), handing each request's bytes to `each`; returns the bytes written in all.
pub fn encode_veths(
    pairs: &[(String, String)],
    storage: &mut [u8],
    mut each: impl FnMut(&[u8]),
) -> Result<usize> {
    let mut total = 0;
    for (seq, (name, peer)) in (1u32..).zip(pairs) {
        let mut buf = SliceBuf::new(storage);
        total += link::create_veth_request(&mut buf, seq, name, peer)?;
        each(buf.as_slice());
    }
    Ok(total)
}
