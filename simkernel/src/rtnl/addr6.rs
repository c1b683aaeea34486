//! IPv6 addresses (`addrconf`): `RTM_NEWADDR`/`RTM_DELADDR`/`RTM_GETADDR` for
//! `AF_INET6`, the kernel's routes for them (prefix route in main, local route in
//! local), the link-local address and the `ff00::/8` and `fe80::/64` routes of a
//! device that becomes ready, and what a device going down takes with it.
//!
//! Duplicate address detection is not timed: an address that needs DAD is announced
//! `tentative` and completes (a second `RTM_NEWADDR` and its local route) as soon as
//! its device is ready — at the end of the request, or when the device's carrier comes
//! up. The link-local address is made from the device's MAC (`addr_gen_mode eui64`).
//! IPv6 address notifications carry seq 0 and port 0, like the kernel's.

use std::net::Ipv6Addr;
use std::sync::OnceLock;

use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use super::route6::{self, METRIC_ADDRCONF, prefix6};
use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::{IfAddrMsg, ifa, ifa_f, rtn, rtprot, scope, table};
use crate::netlink::{DumpOut, HResult, Outcome, Req};
use crate::policy::{self, AttrPolicy, Ext, PolicyKind, Strictness};
use crate::state::{Ctx, Ifa6, LinkKind, Netns, State};
use crate::texts;

/// `INFINITY_LIFE_TIME`.
const INFINITY: u32 = u32::MAX;
/// `inet6_ifaddr_msgsize()` plus the netlink header: the notification's allocation.
const ALLOC: usize = 108;
/// The `IFA_F_*` flags user space may set on an IPv6 address.
const USER_FLAGS: u32 = ifa_f::NODAD
    | ifa_f::HOMEADDRESS
    | ifa_f::MANAGETEMPADDR
    | ifa_f::NOPREFIXROUTE
    | ifa_f::MCAUTOJOIN
    | ifa_f::OPTIMISTIC;

fn ifa6_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        let min = |len| AttrPolicy {
            kind: PolicyKind::Unspec,
            len,
            range: None,
        };
        policy::table(
            ifa::MAX,
            &[
                (ifa::ADDRESS, min(16)),
                (ifa::LOCAL, min(16)),
                (ifa::CACHEINFO, min(16)),
                (ifa::FLAGS, min(4)),
                (ifa::RT_PRIORITY, min(4)),
                (ifa::TARGET_NETNSID, AttrPolicy::s32()),
                (ifa::PROTO, AttrPolicy::u8()),
            ],
        )
    })
}

type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn u32_at(p: &[u8], at: usize) -> u32 {
    p.get(at..at + 4)
        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// The route scope of an address (`ipv6_addr_scope` through `rt_scope`) and its rank
/// in a device's list (`IFA_GLOBAL` 0, `IFA_HOST` 0x10, `IFA_LINK` 0x20, `IFA_SITE`
/// 0x40).
fn addr_scope(a: Ipv6Addr) -> (u8, u8) {
    if a.is_loopback() {
        (scope::HOST, 0x10)
    } else if route6::is_link_local(a) {
        (scope::LINK, 0x20)
    } else if a.segments()[0] & 0xffc0 == 0xfec0 {
        (200, 0x40)
    } else {
        (scope::UNIVERSE, 0)
    }
}

/// Writes one IPv6 address message (`inet6_fill_ifaddr`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_addr6<B: Buffer + ?Sized>(
    buf: &mut B,
    index: i32,
    a: &Ifa6,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
    now: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let h = IfAddrMsg {
        family: family::INET6,
        prefixlen: a.prefixlen,
        flags: (a.flags & 0xff) as u8,
        scope: a.scope,
        index: index as u32,
    };
    b.put_bytes(&h.bytes())?;
    b.put_ipv6(ifa::ADDRESS, a.addr)?;
    if a.rt_priority != 0 {
        b.put_u32(ifa::RT_PRIORITY, a.rt_priority)?;
    }
    let (mut preferred, mut valid) = (INFINITY, INFINITY);
    if !(a.flags & ifa_f::PERMANENT != 0 && a.preferred == INFINITY) {
        let elapsed = now.saturating_sub(a.tstamp) / 100;
        preferred = a.preferred;
        valid = a.valid;
        if preferred != INFINITY {
            preferred = preferred.saturating_sub(elapsed);
            if valid != INFINITY {
                valid = valid.saturating_sub(elapsed);
            }
        }
    }
    let mut ci = [0u8; 16];
    ci[0..4].copy_from_slice(&preferred.to_ne_bytes());
    ci[4..8].copy_from_slice(&valid.to_ne_bytes());
    ci[8..12].copy_from_slice(&a.cstamp.to_ne_bytes());
    ci[12..16].copy_from_slice(&a.tstamp.to_ne_bytes());
    b.put(ifa::CACHEINFO, &ci)?;
    b.put_u32(ifa::FLAGS, a.flags)?;
    if a.proto != 0 {
        b.put_u8(ifa::PROTO, a.proto)?;
    }
    Ok(())
}

/// `inet6_ifa_notify`: seq 0, port 0, never echoed.
fn notify(c: &mut Ctx<'_>, kind: MessageType, index: i32, a: &Ifa6) {
    if !c.heard(group::IPV6_IFADDR, false) {
        return;
    }
    let mut b = VecBuf::new();
    if write_addr6(&mut b, index, a, kind, Flags::EMPTY, 0, 0, c.clock).is_ok() {
        c.note(group::IPV6_IFADDR, b.into_vec(), ALLOC, None);
    }
}

/// `ipv6_link_dev_addr`: before the first address of the same or a wider rank, so
/// newest first inside a scope.
fn link_addr(c: &mut Ctx<'_>, index: i32, a: Ifa6) {
    let rank = addr_scope(a.addr).1;
    let d = c.ns.idev6.entry(index).or_default();
    let at = d
        .addrs
        .iter()
        .position(|o| addr_scope(o.addr).1 >= rank)
        .unwrap_or(d.addrs.len());
    d.addrs.insert(at, a);
    c.ns.addr_gen += 1;
}

fn prefix_metric(a: &Ifa6) -> u32 {
    if a.rt_priority != 0 {
        a.rt_priority
    } else {
        METRIC_ADDRCONF
    }
}

/// `addrconf_prefix_route` for `a` on `index` (only while the device is up).
fn add_prefix_route(c: &mut Ctx<'_>, index: i32, a: &Ifa6) {
    if a.flags & ifa_f::NOPREFIXROUTE != 0 || !c.ns.links.get(&index).is_some_and(|l| l.is_up()) {
        return;
    }
    let expires = (a.valid != INFINITY).then(|| a.valid.saturating_mul(100));
    route6::kernel_add(
        c,
        table::MAIN,
        rtn::UNICAST,
        a.addr,
        a.prefixlen,
        index,
        prefix_metric(a),
        expires,
    );
}

/// DAD done (`addrconf_dad_completed`): the address loses `tentative`, is announced
/// and gets its local route.
fn dad_complete(c: &mut Ctx<'_>, index: i32, addr: Ipv6Addr) {
    let Some(a) =
        c.ns.idev6
            .get_mut(&index)
            .and_then(|d| d.addrs.iter_mut().find(|a| a.addr == addr))
    else {
        return;
    };
    a.flags &= !(ifa_f::TENTATIVE | ifa_f::OPTIMISTIC);
    let a = a.clone();
    notify(c, rtm::NEWADDR, index, &a);
    route6::kernel_add(c, table::LOCAL, rtn::LOCAL, a.addr, 128, index, 0, None);
}

/// Whether addresses on `index` skip DAD (`IFF_LOOPBACK`, `IFF_NOARP`).
fn no_dad_dev(ns: &Netns, index: i32) -> bool {
    ns.links
        .get(&index)
        .is_some_and(|l| matches!(l.kind, LinkKind::Loopback) || l.flags & 0x80 != 0)
}

fn ready(ns: &Netns, index: i32) -> bool {
    ns.idev6.get(&index).is_some_and(|d| d.ready)
        && ns.links.get(&index).is_some_and(|l| l.is_up() && l.carrier)
}

/// `inet6_addr_add` after the checks: link, prefix route, announce, DAD.
fn add(c: &mut Ctx<'_>, index: i32, mut a: Ifa6) {
    let nodad = a.flags & ifa_f::NODAD != 0;
    if !nodad {
        a.flags |= ifa_f::TENTATIVE;
    }
    link_addr(c, index, a.clone());
    add_prefix_route(c, index, &a);
    if nodad {
        notify(c, rtm::NEWADDR, index, &a);
        route6::kernel_add(c, table::LOCAL, rtn::LOCAL, a.addr, 128, index, 0, None);
        return;
    }
    // Announced tentative first, also where DAD is skipped (an up loopback).
    notify(c, rtm::NEWADDR, index, &a);
    let up = c.ns.links.get(&index).is_some_and(|l| l.is_up());
    if ready(c.ns, index) || (up && no_dad_dev(c.ns, index)) {
        dad_complete(c, index, a.addr);
    }
}

fn parse<'a>(msg: &nlwire_codec::Message<'a>, ext: &mut Ext) -> Result<(IfAddrMsg, Tb<'a>), Errno> {
    let Some(h) = IfAddrMsg::parse(msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    let attrs = msg.attrs(IfAddrMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, ifa6_policy(), Strictness::Liberal, ext)?;
    Ok((h, tb))
}

/// `extract_addr`: `IFA_LOCAL` when both are given and differ (`IFA_ADDRESS` is then
/// the peer, not modelled), else whichever is there.
fn extract_addr(tb: &Tb<'_>) -> Option<Ipv6Addr> {
    let addr = get(tb, ifa::ADDRESS).and_then(|a| route6::ip6_of(&a));
    let local = get(tb, ifa::LOCAL).and_then(|a| route6::ip6_of(&a));
    local.or(addr)
}

/// `RTM_NEWADDR` (IPv6, `inet6_rtm_newaddr`).
pub(crate) fn newaddr(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse(&req.msg, ext)?;
    let Some(pfx) = extract_addr(&tb) else {
        return Err(Errno::EINVAL);
    };
    let mut flags =
        get(&tb, ifa::FLAGS).map_or(u32::from(h.flags), |a| u32_at(a.payload(), 0)) & USER_FLAGS;
    let (mut valid, mut preferred) = (INFINITY, INFINITY);
    if let Some(ci) = get(&tb, ifa::CACHEINFO) {
        preferred = u32_at(ci.payload(), 0);
        valid = u32_at(ci.payload(), 4);
    }
    let rt_priority = get(&tb, ifa::RT_PRIORITY).map_or(0, |a| u32_at(a.payload(), 0));
    let proto = get(&tb, ifa::PROTO).and_then(|a| a.u8().ok()).unwrap_or(0);
    let nlflags = req.flags();
    st.with_ns(req.ns, |c| {
        let index = i32::try_from(h.index).unwrap_or(0);
        let Some(l) = c.ns.links.get(&index) else {
            ext.msg(texts::ADDR6_NO_DEVICE);
            return Err(Errno::ENODEV);
        };
        if !l.inet6 {
            // No inet6_dev below IPV6_MIN_MTU.
            return Err(Errno::EINVAL);
        }
        let existing =
            c.ns.idev6
                .get(&index)
                .and_then(|d| d.addrs.iter().position(|a| a.addr == pfx));
        if let Some(i) = existing {
            if nlflags.contains(Flags::EXCL) || !nlflags.contains(Flags::REPLACE) {
                ext.msg(texts::ADDR6_EXISTS);
                return Err(Errno::EEXIST);
            }
            // inet6_addr_modify.
            if valid == 0 || preferred > valid {
                return Err(Errno::EINVAL);
            }
            let clock = c.clock;
            let Some(a) = c.ns.idev6.get_mut(&index).and_then(|d| d.addrs.get_mut(i)) else {
                return Err(Errno::ENODEV);
            };
            let keep = ifa_f::TENTATIVE | ifa_f::DADFAILED | ifa_f::PERMANENT;
            a.flags = (a.flags & keep) | flags;
            if valid == INFINITY {
                a.flags |= ifa_f::PERMANENT;
            } else {
                a.flags &= !ifa_f::PERMANENT;
            }
            a.valid = valid;
            a.preferred = preferred;
            a.rt_priority = rt_priority;
            a.proto = proto;
            a.tstamp = clock;
            let a = a.clone();
            c.ns.addr_gen += 1;
            notify(c, rtm::NEWADDR, index, &a);
            return Ok(Outcome::Done);
        }
        if h.prefixlen > 128 {
            ext.msg(texts::ADDR6_PREFIX_LEN);
            return Err(Errno::EINVAL);
        }
        if valid == 0 || preferred > valid {
            return Err(Errno::EINVAL);
        }
        if valid == INFINITY {
            flags |= ifa_f::PERMANENT;
        }
        if preferred == 0 {
            flags |= ifa_f::DEPRECATED;
        }
        let a = Ifa6 {
            addr: pfx,
            prefixlen: h.prefixlen,
            flags,
            scope: addr_scope(pfx).0,
            rt_priority,
            proto,
            cstamp: c.clock,
            tstamp: c.clock,
            valid,
            preferred,
        };
        add(c, index, a);
        Ok(Outcome::Done)
    })
}

/// Removes the address at `pos` of `index` (`ipv6_del_addr`): `RTM_DELADDR`, its local
/// route, and its prefix route unless another address of the device still uses it.
fn delete_at(c: &mut Ctx<'_>, index: i32, pos: usize) {
    let Some(a) =
        c.ns.idev6
            .get_mut(&index)
            .filter(|d| pos < d.addrs.len())
            .map(|d| d.addrs.remove(pos))
    else {
        return;
    };
    c.ns.addr_gen += 1;
    notify(c, rtm::DELADDR, index, &a);
    route6::kernel_del(c, table::LOCAL, rtn::LOCAL, a.addr, 128, index);
    let shared = c.ns.idev6.get(&index).is_some_and(|d| {
        d.addrs.iter().any(|o| {
            o.prefixlen == a.prefixlen
                && o.flags & ifa_f::NOPREFIXROUTE == 0
                && prefix6(o.addr, o.prefixlen) == prefix6(a.addr, a.prefixlen)
        })
    });
    if a.flags & ifa_f::NOPREFIXROUTE == 0 && !shared {
        route6::kernel_del(c, table::MAIN, rtn::UNICAST, a.addr, a.prefixlen, index);
    }
}

/// `RTM_DELADDR` (IPv6, `inet6_addr_del`).
pub(crate) fn deladdr(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse(&req.msg, ext)?;
    let Some(pfx) = extract_addr(&tb) else {
        return Err(Errno::EINVAL);
    };
    if h.prefixlen > 128 {
        ext.msg(texts::ADDR6_PREFIX_LEN);
        return Err(Errno::EINVAL);
    }
    st.with_ns(req.ns, |c| {
        let index = i32::try_from(h.index).unwrap_or(0);
        let Some(l) = c.ns.links.get(&index) else {
            ext.msg(texts::ADDR6_NO_DEVICE);
            return Err(Errno::ENODEV);
        };
        // inet6_addr_del: no inet6_dev.
        if !l.inet6 {
            ext.msg(texts::ADDR6_DISABLED);
            return Err(Errno(6));
        }
        let pos = c.ns.idev6.get(&index).and_then(|d| {
            d.addrs
                .iter()
                .position(|a| a.prefixlen == h.prefixlen && a.addr == pfx)
        });
        let Some(pos) = pos else {
            ext.msg(texts::ADDR6_NOT_FOUND);
            return Err(Errno::EADDRNOTAVAIL);
        };
        delete_at(c, index, pos);
        Ok(Outcome::Done)
    })
}

/// `RTM_GETADDR` (IPv6) without `NLM_F_DUMP` (`inet6_rtm_getaddr`): the address on
/// `ifa_index`, or on any device when that index names none.
pub(crate) fn getaddr(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse(&req.msg, ext)?;
    let Some(pfx) = extract_addr(&tb) else {
        return Err(Errno::EINVAL);
    };
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    let index = i32::try_from(h.index).unwrap_or(0);
    let dev = ns.links.contains_key(&index).then_some(index);
    let found = ns
        .idev6
        .iter()
        .filter(|(i, _)| dev.is_none_or(|d| d == **i))
        .find_map(|(&i, d)| d.addrs.iter().find(|a| a.addr == pfx).map(|a| (i, a)));
    let Some((i, a)) = found else {
        return Err(Errno::EADDRNOTAVAIL);
    };
    let mut b = VecBuf::new();
    write_addr6(
        &mut b,
        i,
        a,
        rtm::NEWADDR,
        Flags::EMPTY,
        req.seq(),
        req.port,
        st.clock,
    )
    .map_err(|_| Errno::EMSGSIZE)?;
    let bytes = b.into_vec();
    st.unicast(req.sock, bytes, ALLOC);
    Ok(Outcome::Done)
}

/// `NETDEV_UP` (`addrconf_notify`): the prefix routes of the permanent addresses come
/// back; the loopback gets `::1`; a device whose carrier is already settled is
/// configured at once (otherwise when linkwatch reports it, see [`link_change`]).
pub(crate) fn netdev_up(c: &mut Ctx<'_>, index: i32) {
    route6::sync_up(c, index);
    let Some(l) = c.ns.links.get(&index) else {
        return;
    };
    if !l.inet6 {
        return;
    }
    if matches!(l.kind, LinkKind::Loopback) {
        c.ns.idev6.entry(index).or_default().ready = true;
        let lo = Ipv6Addr::LOCALHOST;
        if c.ns
            .idev6
            .get(&index)
            .is_some_and(|d| d.addrs.iter().any(|a| a.addr == lo))
        {
            return;
        }
        let a = Ifa6 {
            addr: lo,
            prefixlen: 128,
            flags: ifa_f::PERMANENT,
            scope: scope::HOST,
            rt_priority: 0,
            proto: rtprot::IFA_KERNEL_LO,
            cstamp: c.clock,
            tstamp: c.clock,
            valid: INFINITY,
            preferred: INFINITY,
        };
        link_addr(c, index, a.clone());
        notify(c, rtm::NEWADDR, index, &a);
        route6::kernel_add(c, table::LOCAL, rtn::LOCAL, lo, 128, index, 0, None);
        return;
    }
    let addrs: Vec<Ifa6> =
        c.ns.idev6
            .get(&index)
            .map(|d| d.addrs.clone())
            .unwrap_or_default();
    for a in addrs.iter().filter(|a| a.flags & ifa_f::PERMANENT != 0) {
        add_prefix_route(c, index, a);
    }
    let settled =
        c.ns.links.get(&index).is_some_and(|l| l.carrier) && !c.ns.linkwatch.contains(&index);
    if settled {
        link_change(c, index);
        dad_run(c);
    }
}

/// Linkwatch saw the device's carrier change (`NETDEV_CHANGE`): the first time an up
/// device has carrier it is configured (`addrconf_dev_config`): the `ff00::/8` route,
/// then the EUI-64 link-local address (tentative) with the `fe80::/64` route.
pub(crate) fn link_change(c: &mut Ctx<'_>, index: i32) {
    let Some(l) = c.ns.links.get(&index) else {
        return;
    };
    if !l.is_up() || !l.carrier || !l.inet6 || matches!(l.kind, LinkKind::Loopback) {
        return;
    }
    let mac = l.addr.clone();
    let d = c.ns.idev6.entry(index).or_default();
    if d.ready {
        return;
    }
    d.ready = true;
    let mcast = Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0);
    route6::kernel_add(
        c,
        table::LOCAL,
        rtn::MULTICAST,
        mcast,
        8,
        index,
        METRIC_ADDRCONF,
        None,
    );
    let Ok(m) = <[u8; 6]>::try_from(mac.as_slice()) else {
        return;
    };
    let ll = Ipv6Addr::from([
        0xfe,
        0x80,
        0,
        0,
        0,
        0,
        0,
        0,
        m[0] ^ 0x02,
        m[1],
        m[2],
        0xff,
        0xfe,
        m[3],
        m[4],
        m[5],
    ]);
    if !c
        .ns
        .idev6
        .get(&index)
        .is_some_and(|d| d.addrs.iter().any(|a| a.addr == ll))
    {
        let a = Ifa6 {
            addr: ll,
            prefixlen: 64,
            flags: ifa_f::PERMANENT | ifa_f::TENTATIVE,
            scope: scope::LINK,
            rt_priority: 0,
            proto: rtprot::IFA_KERNEL_LL,
            cstamp: c.clock,
            tstamp: c.clock,
            valid: INFINITY,
            preferred: INFINITY,
        };
        link_addr(c, index, a);
    }
    let fe80 = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0);
    route6::kernel_add(
        c,
        table::MAIN,
        rtn::UNICAST,
        fe80,
        64,
        index,
        METRIC_ADDRCONF,
        None,
    );
}

/// Completes DAD of every tentative address on a ready device (in the kernel about a
/// second later; here at once, after the linkwatch notifications).
pub(crate) fn dad_run(c: &mut Ctx<'_>) {
    let pending: Vec<(i32, Ipv6Addr)> =
        c.ns.idev6
            .iter()
            .flat_map(|(&i, d)| {
                d.addrs
                    .iter()
                    .filter(|a| a.flags & ifa_f::TENTATIVE != 0 && a.flags & ifa_f::DADFAILED == 0)
                    .map(move |a| (i, a.addr))
            })
            .collect();
    for (i, a) in pending {
        if ready(c.ns, i) {
            dad_complete(c, i, a);
        }
    }
}

/// `addrconf_ifdown` (`NETDEV_DOWN`, or `NETDEV_UNREGISTER` with `unregister`): the
/// routes through the device go (announced), then every address (`keep_addr_on_down`
/// is 0), and the device is no longer configured; with `unregister` its IPv6
/// neighbours go last (`neigh_ifdown(&nd_tbl)`, permanent ones too).
pub(crate) fn netdev_down(c: &mut Ctx<'_>, index: i32, unregister: bool) {
    route6::flush_dev(c, index, unregister);
    let addrs = match c.ns.idev6.get_mut(&index) {
        Some(d) => {
            d.ready = false;
            std::mem::take(&mut d.addrs)
        }
        None => Vec::new(),
    };
    if !addrs.is_empty() {
        c.ns.addr_gen += 1;
    }
    for a in &addrs {
        notify(c, rtm::DELADDR, index, a);
    }
    if unregister {
        c.ns.idev6.remove(&index);
        super::neigh::flush_dev_family(c, index, family::INET6);
    }
}

/// The device's MTU changed (`NETDEV_CHANGEMTU`), `was` telling whether it had IPv6
/// before: below 1280 everything IPv6 goes as on unregister; back at 1280 or more an up
/// device with carrier is configured again.
pub(crate) fn mtu_change(c: &mut Ctx<'_>, index: i32, was: bool) {
    let now = c.ns.links.get(&index).is_some_and(|l| l.inet6);
    if was && !now {
        netdev_down(c, index, true);
    } else if !was && now {
        link_change(c, index);
        dad_run(c);
    }
}

/// Fills the IPv6 part of an address dump; `cursor` is (ifindex, position).
pub(crate) fn dump_fill6(
    ns: &Netns,
    index: Option<i32>,
    cursor: &mut [u64],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let start = cursor
        .first()
        .and_then(|&c| i32::try_from(c).ok())
        .unwrap_or(i32::MAX);
    for (&idx, d) in ns.idev6.range(start..) {
        if index.is_some_and(|i| i != idx) || !ns.links.contains_key(&idx) {
            continue;
        }
        if cursor[0] != idx as u64 {
            cursor[0] = idx as u64;
            cursor[1] = 0;
        }
        let skip = usize::try_from(cursor[1]).unwrap_or(usize::MAX);
        for a in d.addrs.iter().skip(skip) {
            let ok = out.put(|b, flags, seq, pid| {
                write_addr6(b, idx, a, rtm::NEWADDR, flags, seq, pid, 0)
            })?;
            if !ok {
                return Ok(false);
            }
            cursor[1] += 1;
        }
    }
    Ok(true)
}
