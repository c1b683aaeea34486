//! neli: `Nlmsghdr::<Rtm, P>::from_bytes` per message with neli's `rtnl` payload types
//! (`Rtmsg`, `Ifinfomsg`, `Ifaddrmsg`, `Ndmsg`), then a `match` over `rtattrs()`. Payloads
//! are read with neli's own getters (`get_payload_as`, `get_attr_handle` for nests) and,
//! for strings and byte strings, borrowed rather than copied into a `String`.

use std::io::Cursor;
use std::net::IpAddr;

use neli::FromBytes;
use neli::attr::Attribute;
use neli::consts::rtnl::{Ifa, Ifla, IflaInfo, Nda, Rta, RtaType, Rtm};
use neli::nl::{NlPayload, Nlmsghdr};
use neli::rtnl::{Ifaddrmsg, Ifinfomsg, Ndmsg, Rtattr, Rtmsg};
use neli::types::Buffer;

use crate::Result;
use crate::fields::{AddrFields, LinkFields, NeighFields, RouteFields, Sink};

/// Deserializes every message of `buf` as `Nlmsghdr<Rtm, P>` and runs `each` on its
/// payload; `NLMSG_DONE` ends the dump. Returns the number of payloads.
#[inline(always)]
fn each_message<P>(buf: &[u8], mut each: impl FnMut(&P) -> Result<()>) -> Result<usize>
where
    P: neli::Size + neli::FromBytesWithInput<Input = usize>,
{
    let mut n = 0;
    for bytes in crate::split_messages(buf) {
        let msg = Nlmsghdr::<Rtm, P>::from_bytes(&mut Cursor::new(bytes))?;
        match msg.nl_payload() {
            NlPayload::Payload(p) => {
                each(p)?;
                n += 1;
            }
            NlPayload::Empty | NlPayload::DumpExtAck(_) => break,
            _ => return Err("unexpected ack or error".into()),
        }
    }
    Ok(n)
}

fn ip(b: &[u8]) -> Option<IpAddr> {
    if let Ok(a) = <[u8; 4]>::try_from(b) {
        Some(IpAddr::from(a))
    } else if let Ok(a) = <[u8; 16]>::try_from(b) {
        Some(IpAddr::from(a))
    } else {
        None
    }
}

/// A NUL-terminated string payload, borrowed.
fn c_str<T: RtaType>(a: &Rtattr<T, Buffer>) -> Result<&str> {
    let b: &[u8] = a.get_payload_as_with_len_borrowed()?;
    let b = b.split(|&c| c == 0).next().unwrap_or(b);
    Ok(std::str::from_utf8(b)?)
}

/// Decodes a route dump.
pub fn route<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message::<Rtmsg>(buf, |p| {
        let mut f = RouteFields {
            table: u32::from(u8::from(p.rtm_table())),
            dst_len: *p.rtm_dst_len(),
            protocol: u8::from(p.rtm_protocol()),
            scope: u8::from(p.rtm_scope()),
            kind: u8::from(p.rtm_type()),
            ..RouteFields::default()
        };
        for a in p.rtattrs().iter() {
            match a.rta_type() {
                Rta::Table => f.table = a.get_payload_as::<u32>()?,
                Rta::Dst => f.dst = ip(a.rta_payload().as_ref()),
                Rta::Gateway => f.gateway = ip(a.rta_payload().as_ref()),
                Rta::Oif => f.oif = Some(a.get_payload_as::<u32>()?),
                Rta::Priority => f.priority = Some(a.get_payload_as::<u32>()?),
                Rta::Prefsrc => f.prefsrc = ip(a.rta_payload().as_ref()),
                _ => {}
            }
        }
        sink.route(&f);
        Ok(())
    })
}

/// Decodes a link dump.
pub fn link<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message::<Ifinfomsg>(buf, |p| {
        let mut f = LinkFields {
            index: *p.ifi_index(),
            ..LinkFields::default()
        };
        let mut info = None;
        for a in p.rtattrs().iter() {
            match a.rta_type() {
                Ifla::Ifname => f.name = Some(c_str(a)?),
                Ifla::Mtu => f.mtu = Some(a.get_payload_as::<u32>()?),
                Ifla::Operstate => f.operstate = Some(a.get_payload_as::<u8>()?),
                Ifla::Address => f.address = Some(a.rta_payload().as_ref()),
                Ifla::Master => f.master = Some(a.get_payload_as::<u32>()?),
                Ifla::Linkinfo => info = Some(a.get_attr_handle::<IflaInfo>()?),
                Ifla::Stats64 => {
                    // neli has no type for rtnl_link_stats64: read the two counters.
                    let s = a.rta_payload().as_ref();
                    let at = |o: usize| s.get(o..o + 8).and_then(|b| b.try_into().ok());
                    f.rx_bytes = at(16).map(u64::from_ne_bytes);
                    f.tx_bytes = at(24).map(u64::from_ne_bytes);
                }
                _ => {}
            }
        }
        if let Some(info) = &info {
            f.kind = info.get_attribute(IflaInfo::Kind).map(c_str).transpose()?;
        }
        sink.link(&f);
        Ok(())
    })
}

/// Decodes an address dump.
pub fn addr<S: Sink>(buf: &[u8], sink: &mut S) -> Result<usize> {
    each_message::<Ifaddrmsg>(buf, |p| {
        let mut f = AddrFields {
            prefix_len: *p.ifa_prefixlen(),
            flags: u32::from(u8::from(*p.ifa_flags())),
            ..AddrFields::default()
        };
        let mut address = None;
        for a in p.rtattrs().iter() {
            match a.rta_type() {
                Ifa::Local => f.local = ip(a.rta_payload().as_ref()),
                Ifa::Address => address = ip(a.rta_payload().as_ref()),
                Ifa::Label => f.label = Some(c_str(a)?),
                Ifa::Flags => f.flags = a.get_payload_as::<u32>()?,
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
    each_message::<Ndmsg>(buf, |p| {
        let mut f = NeighFields {
            state: u16::from(*p.ndm_state()),
            ifindex: *p.ndm_index(),
            ..NeighFields::default()
        };
        for a in p.rtattrs().iter() {
            match a.rta_type() {
                Nda::Dst => f.dst = ip(a.rta_payload().as_ref()),
                Nda::Lladdr => f.lladdr = Some(a.rta_payload().as_ref()),
                _ => {}
            }
        }
        sink.neigh(&f);
        Ok(())
    })
}
