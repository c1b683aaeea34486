//! IPv6 routes: the fib6 tables (in the order of the fib6 trie walk), the `NLM_F_*`
//! semantics of `fib6_add_rt2node` (ECMP siblings through `NLM_F_CREATE` or
//! `NLM_F_APPEND`), the routes the kernel makes for addresses and devices, gateway
//! checks, `RTM_GETROUTE` lookups and route dumps.
//!
//! An ECMP route (a `fib6_info` with its siblings) is one [`Route6`] with several
//! nexthops; the messages are the kernel's either way.
//!
//! Lookups and gateway checks go through the policy rules once a rule was added
//! (`fib6_rule_lookup`, see [`super::rule::lookup`]); before that, table local then
//! main. A route may use a nexthop object (`RTA_NH_ID`, `Route6::nh_id`): its nexthops
//! are the object's expansion, refreshed when the object changes; a group is reported
//! as `RTA_MULTIPATH` even with one member. An input lookup (`RTA_IIF`) matches the
//! rules on that device and reports it (`RTA_IIF` instead of `RTA_PREFSRC`). Not
//! modelled: `RTA_FLOWLABEL` in lookups, source routing
//! (`RTA_SRC` prefixes).

use std::cmp::Ordering;
use std::net::Ipv6Addr;
use std::sync::OnceLock;

use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use super::rule::Flow;
use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::{RTNH_LEN, RtMsg, rta, rtm_f, rtn, table};
use crate::netlink::{DumpOut, HResult, Outcome, Req};
use crate::policy::{self, AttrPolicy, Ext, PolicyKind, Strictness};
use crate::state::{Ctx, LinkKind, Netns, Nh6, Route6, SockId, State, Table6};
use crate::texts;

/// `IP6_RT_PRIO_USER`: the metric of user routes without `RTA_PRIORITY`.
pub(crate) const METRIC_USER: u32 = 1024;
/// `IP6_RT_PRIO_ADDRCONF`: the metric of the kernel's prefix and multicast routes.
pub(crate) const METRIC_ADDRCONF: u32 = 256;
/// `RTA_PREF`.
const RTA_PREF: u16 = 20;
/// `RTA_EXPIRES`.
const RTA_EXPIRES: u16 = 23;
/// Roughly `rt6_nlmsg_size()`: the allocation of a route notification.
const ALLOC: usize = 300;

/// Who asked for a route change: (seq, socket, port, echo).
type ReqInfo = Option<(u32, SockId, u32, bool)>;

fn rta6_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        let min = |len| AttrPolicy {
            kind: PolicyKind::Unspec,
            len,
            range: None,
        };
        policy::table(
            31,
            &[
                (rta::IIF, AttrPolicy::u32()),
                (rta::OIF, AttrPolicy::u32()),
                (rta::PRIORITY, AttrPolicy::u32()),
                (rta::PREFSRC, min(16)),
                (rta::METRICS, AttrPolicy::nested_any()),
                (rta::MULTIPATH, min(8)),
                (rta::TABLE, AttrPolicy::u32()),
                (rta::MARK, AttrPolicy::u32()),
                (rta::UID, AttrPolicy::u32()),
                (RTA_PREF, AttrPolicy::u8()),
                (21, AttrPolicy::u16()),        // RTA_ENCAP_TYPE
                (22, AttrPolicy::nested_any()), // RTA_ENCAP
                (RTA_EXPIRES, AttrPolicy::u32()),
                (27, AttrPolicy::u8()),  // RTA_IP_PROTO
                (28, AttrPolicy::u16()), // RTA_SPORT
                (29, AttrPolicy::u16()), // RTA_DPORT
                (30, AttrPolicy::u32()), // RTA_NH_ID
            ],
        )
    })
}

type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn u32_of(a: &Attr<'_>) -> Option<u32> {
    a.payload()
        .get(..4)
        .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// A full 16-byte address attribute.
pub(crate) fn ip6_of(a: &Attr<'_>) -> Option<Ipv6Addr> {
    let b: [u8; 16] = a.payload().get(..16)?.try_into().ok()?;
    Some(Ipv6Addr::from(b))
}

/// The netmask of an IPv6 prefix length.
pub(crate) fn mask6(len: u8) -> u128 {
    if len == 0 {
        0
    } else if len >= 128 {
        u128::MAX
    } else {
        u128::MAX << (128 - u32::from(len))
    }
}

/// `a` with the bits after `len` cleared.
pub(crate) fn prefix6(a: Ipv6Addr, len: u8) -> Ipv6Addr {
    Ipv6Addr::from(u128::from(a) & mask6(len))
}

/// The order of the fib6 trie walk (`fib6_walk_continue`: left child, right child,
/// then the node's own routes): a longer prefix before a shorter one that covers it;
/// otherwise the one with a 0 at the first differing bit first.
fn trie_cmp(a: (Ipv6Addr, u8), b: (Ipv6Addr, u8)) -> Ordering {
    let (x, y) = (u128::from(a.0), u128::from(b.0));
    let common = (x ^ y).leading_zeros().min(128) as u8;
    if common >= a.1.min(b.1) {
        return b.1.cmp(&a.1);
    }
    let shift = 127 - u32::from(common);
    ((x >> shift) & 1).cmp(&((y >> shift) & 1))
}

/// Whether a route type is a reject route (`RTF_REJECT`).
fn is_reject(kind: u8) -> bool {
    matches!(
        kind,
        rtn::BLACKHOLE | rtn::UNREACHABLE | rtn::PROHIBIT | rtn::THROW
    )
}

/// `RTNH_F_LINKDOWN` on a nexthop whose device has no carrier (never on local or
/// reject routes).
fn linkdown(ns: &Netns, r: &Route6, nh: &Nh6) -> bool {
    if r.kind == rtn::LOCAL || r.kind == rtn::ANYCAST || is_reject(r.kind) {
        return false;
    }
    ns.links.get(&nh.oif).is_some_and(|l| !l.carrier)
}

/// The `RTNH_F_*` flags of a nexthop: `DEAD` and `LINKDOWN` for a dead sibling,
/// `LINKDOWN` without carrier.
fn nh_flags(ns: &Netns, r: &Route6, nh: &Nh6) -> u32 {
    if nh.dead {
        rtm_f::RTNH_DEAD | rtm_f::RTNH_LINKDOWN
    } else if linkdown(ns, r, nh) {
        rtm_f::RTNH_LINKDOWN
    } else {
        0
    }
}

fn lo_index(ns: &Netns) -> i32 {
    ns.links
        .values()
        .find(|l| matches!(l.kind, LinkKind::Loopback))
        .map_or(1, |l| l.index)
}

/// `struct rta_cacheinfo` with `rta_clntref` and `rta_expires` set.
fn cacheinfo(clntref: u32, expires: u32) -> [u8; 32] {
    let mut ci = [0u8; 32];
    ci[0..4].copy_from_slice(&clntref.to_ne_bytes());
    ci[8..12].copy_from_slice(&expires.to_ne_bytes());
    ci
}

/// Writes one route (`rt6_fill_node` for a FIB entry). `first` is the nexthop put
/// first in `RTA_MULTIPATH` (a notification starts with the sibling it is about).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_route6<B: Buffer + ?Sized>(
    buf: &mut B,
    ns: &Netns,
    r: &Route6,
    first: usize,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let mut h = RtMsg {
        family: family::INET6,
        dst_len: r.dst_len,
        src_len: 0,
        tos: 0,
        table: u8::try_from(r.table).unwrap_or(table::COMPAT),
        protocol: r.protocol,
        scope: 0,
        kind: r.kind,
        flags: 0,
    };
    if r.nhs.len() == 1 {
        h.flags = r.nhs.first().map_or(0, |nh| nh_flags(ns, r, nh));
    }
    b.put_bytes(&h.bytes())?;
    b.put_u32(rta::TABLE, r.table)?;
    if r.dst_len != 0 {
        b.put_ipv6(rta::DST, r.dst)?;
    }
    if let Some(p) = r.prefsrc {
        b.put_ipv6(rta::PREFSRC, p)?;
    }
    if let Some(m) = r.metrics.as_ref().filter(|m| !m.is_empty()) {
        b.put(rta::METRICS, m)?;
    }
    b.put_u32(rta::PRIORITY, r.metric)?;
    if let Some(id) = r.nh_id {
        b.put_u32(super::nexthop::RTA_NH_ID, id)?;
    }
    let group = r.nh_id.is_some_and(|id| super::nexthop::is_group(ns, id));
    if r.nhs.len() > 1 || group {
        let order = std::iter::once(first)
            .chain((0..r.nhs.len()).filter(|&i| i != first))
            .filter_map(|i| r.nhs.get(i));
        b.nest_noflag(rta::MULTIPATH, |b| {
            for nh in order {
                let mut rtnh = [0u8; RTNH_LEN];
                let len: u16 = if nh.gw.is_some() { 28 } else { 8 };
                rtnh[0..2].copy_from_slice(&len.to_ne_bytes());
                rtnh[2] = u8::try_from(nh_flags(ns, r, nh)).unwrap_or(0);
                rtnh[3] = nh.weight.saturating_sub(1).min(255) as u8;
                rtnh[4..8].copy_from_slice(&nh.oif.to_ne_bytes());
                b.put_bytes(&rtnh)?;
                if let Some(gw) = nh.gw {
                    b.put_ipv6(rta::GATEWAY, gw)?;
                }
            }
            Ok(())
        })?;
    } else if let Some(nh) = r.nhs.first() {
        if let Some(gw) = nh.gw {
            b.put_ipv6(rta::GATEWAY, gw)?;
        }
        if nh.oif != 0 {
            b.put_u32(rta::OIF, nh.oif as u32)?;
        }
    }
    b.put(rta::CACHEINFO, &cacheinfo(0, r.expires.unwrap_or(0)))?;
    b.put_u8(RTA_PREF, r.pref)?;
    Ok(())
}

fn notify(
    c: &mut Ctx<'_>,
    kind: MessageType,
    r: &Route6,
    first: usize,
    nlflags: Flags,
    info: ReqInfo,
) {
    let (seq, pid) = info.map_or((0, 0), |(s, _, p, _)| (s, p));
    let echo = info.and_then(|(_, sid, p, e)| e.then_some((sid, p)));
    if !c.heard(group::IPV6_ROUTE, echo.is_some()) {
        return;
    }
    let mut b = VecBuf::new();
    if write_route6(&mut b, c.ns, r, first, kind, nlflags, seq, pid).is_ok() {
        c.ns.route_gen = c.ns.route_gen.wrapping_add(1);
        c.note(group::IPV6_ROUTE, b.into_vec(), ALLOC, echo);
    }
}

/// `fib6_new_table`: the table, created if missing (hash bucket order, newest first
/// inside a bucket).
fn table_create(ns: &mut Netns, id: u32) -> &mut Table6 {
    if !ns.tables6.iter().any(|t| t.id == id) {
        ns.next_table_seq += 1;
        ns.tables6.push(Table6 {
            id,
            created: ns.next_table_seq,
            routes: Vec::new(),
        });
        ns.tables6
            .sort_by_key(|t| (t.id & 0xff, std::cmp::Reverse(t.created)));
    }
    let pos = ns.tables6.iter().position(|t| t.id == id).unwrap_or(0);
    &mut ns.tables6[pos]
}

/// Whether a route may have ECMP siblings (`rt6_qualify_for_ecmp`).
fn ecmp_capable(r: &Route6) -> bool {
    r.kind == rtn::UNICAST
        && r.nh_id.is_none()
        && !r.nhs.is_empty()
        && r.nhs.iter().all(|n| n.gw.is_some())
}

/// `fib6_add_rt2node`: inserts `r` with the `NLM_F_*` semantics of IPv6 and notifies.
/// `multipath`: the request carried `RTA_MULTIPATH` (one notification, flags
/// `NLM_F_CREATE` only).
fn insert(
    c: &mut Ctx<'_>,
    r: Route6,
    nlflags: Flags,
    multipath: bool,
    info: ReqInfo,
    ext: &mut Ext,
) -> Result<(), Errno> {
    let t = table_create(c.ns, r.table);
    let same: Vec<usize> = t
        .routes
        .iter()
        .enumerate()
        .filter(|(_, x)| x.dst == r.dst && x.dst_len == r.dst_len && x.metric == r.metric)
        .map(|(i, _)| i)
        .collect();
    if let Some(&first) = same.first() {
        if nlflags.contains(Flags::EXCL) {
            return Err(Errno::EEXIST);
        }
        if nlflags.contains(Flags::REPLACE) {
            let cap = ecmp_capable(&r);
            let at = same
                .iter()
                .copied()
                .find(|&i| ecmp_capable(&t.routes[i]) == cap)
                .unwrap_or(first);
            t.routes[at] = r.clone();
            notify(c, rtm::NEWROUTE, &r, 0, Flags::REPLACE, info);
            return Ok(());
        }
        // rt6_duplicate_nexthop: same device and gateway as an existing sibling.
        let dup = same.iter().any(|&i| {
            t.routes[i]
                .nhs
                .iter()
                .any(|o| r.nhs.iter().any(|n| n.oif == o.oif && n.gw == o.gw))
        });
        if dup {
            return Err(Errno::EEXIST);
        }
        // fib6_add_rt2node: NLM_F_APPEND of the request stays in the notification.
        let mut flags = Flags::CREATE;
        if nlflags.contains(Flags::APPEND) {
            flags |= Flags::APPEND;
        }
        if ecmp_capable(&r) {
            if let Some(&at) = same.iter().find(|&&i| ecmp_capable(&t.routes[i])) {
                let sib = &mut t.routes[at];
                let new_at = sib.nhs.len();
                sib.nhs.extend(r.nhs.iter().cloned());
                let whole = sib.clone();
                notify(c, rtm::NEWROUTE, &whole, new_at, flags, info);
                return Ok(());
            }
        }
        let last = same.last().copied().unwrap_or(first);
        t.routes.insert(last + 1, r.clone());
        notify(c, rtm::NEWROUTE, &r, 0, flags, info);
        return Ok(());
    }
    if nlflags.contains(Flags::REPLACE) && !nlflags.contains(Flags::CREATE) {
        ext.msg(texts::ROUTE6_REPLACE_MISSING);
        return Err(Errno::ENOENT);
    }
    let key = (r.dst, r.dst_len);
    let at = t
        .routes
        .iter()
        .position(|x| match trie_cmp((x.dst, x.dst_len), key) {
            Ordering::Greater => true,
            Ordering::Equal => x.metric > r.metric,
            Ordering::Less => false,
        })
        .unwrap_or(t.routes.len());
    t.routes.insert(at, r.clone());
    let flags = if multipath {
        Flags::CREATE
    } else if nlflags.contains(Flags::APPEND) {
        Flags::CREATE | Flags::EXCL | Flags::APPEND
    } else {
        Flags::CREATE | Flags::EXCL
    };
    notify(c, rtm::NEWROUTE, &r, 0, flags, info);
    Ok(())
}

/// A route the kernel makes (`addrconf_prefix_route`, `addrconf_add_mroute`, the
/// local route of an address); a duplicate is ignored silently.
#[allow(clippy::too_many_arguments)]
pub(crate) fn kernel_add(
    c: &mut Ctx<'_>,
    tbl: u32,
    kind: u8,
    dst: Ipv6Addr,
    len: u8,
    oif: i32,
    metric: u32,
    expires: Option<u32>,
) {
    let r = Route6 {
        table: tbl,
        dst: prefix6(dst, len),
        dst_len: len,
        metric,
        protocol: crate::hdr::rtprot::KERNEL,
        kind,
        prefsrc: None,
        nhs: vec![Nh6 {
            gw: None,
            oif,
            weight: 1,
            dead: false,
        }],
        expires,
        pref: 0,
        metrics: None,
        nh_id: None,
    };
    let mut ext = Ext::default();
    let _ = insert(c, r, Flags::CREATE, false, None, &mut ext);
}

/// Deletes the kernel route (`tbl`, `kind`, `dst/len`, device `oif`) if present.
pub(crate) fn kernel_del(c: &mut Ctx<'_>, tbl: u32, kind: u8, dst: Ipv6Addr, len: u8, oif: i32) {
    let dst = prefix6(dst, len);
    let Some(t) = c.ns.tables6.iter_mut().find(|t| t.id == tbl) else {
        return;
    };
    let pos = t.routes.iter().position(|x| {
        x.dst == dst
            && x.dst_len == len
            && x.kind == kind
            && x.protocol == crate::hdr::rtprot::KERNEL
            && x.nhs.iter().any(|n| n.oif == oif)
    });
    if let Some(p) = pos {
        let r = t.routes.remove(p);
        notify(c, rtm::DELROUTE, &r, 0, Flags::EMPTY, None);
    }
}

/// `rt6_sync_down_dev` for `NETDEV_DOWN` and `NETDEV_UNREGISTER` (`unregister`): a
/// route through the device goes, announced, in dump order. An ECMP sibling through it
/// is marked dead (`RTNH_F_DEAD | RTNH_F_LINKDOWN`) silently on down, the whole route
/// going once every sibling is dead; on unregister the sibling is removed with its own
/// `RTM_DELROUTE`.
pub(crate) fn flush_dev(c: &mut Ctx<'_>, idx: i32, unregister: bool) {
    let mut gone: Vec<Route6> = Vec::new();
    for t in &mut c.ns.tables6 {
        let mut i = 0;
        while i < t.routes.len() {
            let r = &mut t.routes[i];
            if !r.nhs.iter().any(|n| n.oif == idx) {
                i += 1;
                continue;
            }
            if r.nhs.len() > 1 {
                if unregister {
                    let mut rest = Vec::new();
                    for nh in std::mem::take(&mut r.nhs) {
                        if nh.oif == idx {
                            let mut one = r.clone();
                            one.nhs = vec![Nh6 { dead: true, ..nh }];
                            gone.push(one);
                        } else {
                            rest.push(nh);
                        }
                    }
                    r.nhs = rest;
                    if !r.nhs.is_empty() {
                        i += 1;
                        continue;
                    }
                    t.routes.remove(i);
                    continue;
                }
                for nh in r.nhs.iter_mut().filter(|n| n.oif == idx) {
                    nh.dead = true;
                }
                if r.nhs.iter().any(|n| !n.dead) {
                    i += 1;
                    continue;
                }
            }
            gone.push(t.routes.remove(i));
        }
    }
    for r in gone {
        notify(c, rtm::DELROUTE, &r, 0, Flags::EMPTY, None);
    }
}

/// `rt6_sync_up`: ECMP siblings through a device that came up are alive again.
pub(crate) fn sync_up(c: &mut Ctx<'_>, idx: i32) {
    for t in &mut c.ns.tables6 {
        for r in &mut t.routes {
            for nh in r.nhs.iter_mut().filter(|n| n.oif == idx) {
                nh.dead = false;
            }
        }
    }
}

/// A parsed IPv6 route request (`rtm_to_fib6_config`).
struct Cfg6 {
    route: Route6,
    oif: i32,
    gw: Option<Ipv6Addr>,
    metric_given: bool,
    multipath: bool,
}

fn parse_cfg(msg: &nlwire_codec::Message<'_>, ext: &mut Ext) -> Result<Cfg6, Errno> {
    let Some(h) = RtMsg::parse(msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    let attrs = msg.attrs(RtMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, rta6_policy(), Strictness::Liberal, ext)?;
    if h.dst_len > 128 || h.src_len > 128 {
        return Err(Errno::EINVAL);
    }
    let mut tbl = u32::from(h.table);
    if let Some(t) = get(&tb, rta::TABLE).and_then(|a| u32_of(&a)) {
        tbl = t;
    }
    if tbl == table::UNSPEC {
        tbl = table::MAIN;
    }
    // The destination: (dst_len + 7) / 8 bytes, the rest zero.
    let mut dst = [0u8; 16];
    if let Some(a) = get(&tb, rta::DST) {
        let n = usize::from(h.dst_len).div_ceil(8);
        let Some(p) = a.payload().get(..n) else {
            return Err(Errno::EINVAL);
        };
        dst[..n].copy_from_slice(p);
    }
    let dst = prefix6(Ipv6Addr::from(dst), h.dst_len);
    let oif = get(&tb, rta::OIF).and_then(|a| u32_of(&a)).unwrap_or(0) as i32;
    let gw = match get(&tb, rta::GATEWAY) {
        Some(a) => Some(ip6_of(&a).ok_or(Errno::EINVAL)?),
        None => None,
    };
    let mut nhs = vec![Nh6 {
        gw,
        oif,
        weight: 1,
        dead: false,
    }];
    let mut multipath = false;
    if let Some(mp) = get(&tb, rta::MULTIPATH) {
        let mut list = Vec::new();
        let p = mp.payload();
        let mut off = 0usize;
        while p.len() - off >= RTNH_LEN {
            let len = usize::from(u16::from_ne_bytes([p[off], p[off + 1]]));
            if len < RTNH_LEN || len > p.len() - off {
                break;
            }
            let hops = p[off + 3];
            let ifindex = i32::from_ne_bytes([p[off + 4], p[off + 5], p[off + 6], p[off + 7]]);
            let inner = nlwire_codec::Attrs::with_offset(
                &p[off + RTNH_LEN..off + len],
                mp.payload_offset() + off + RTNH_LEN,
            );
            let itb = policy::parse(inner, rta6_policy(), Strictness::Liberal, ext)?;
            let gw = match get(&itb, rta::GATEWAY) {
                Some(a) => Some(ip6_of(&a).ok_or(Errno::EINVAL)?),
                None => None,
            };
            list.push(Nh6 {
                gw,
                oif: ifindex,
                weight: u16::from(hops) + 1,
                dead: false,
            });
            off += nlwire_codec::align(len).unwrap_or(len);
        }
        if off < p.len() || list.is_empty() {
            ext.msg(texts::MULTIPATH_INVALID);
            return Err(Errno::EINVAL);
        }
        multipath = true;
        nhs = list;
    }
    let metric = get(&tb, rta::PRIORITY).and_then(|a| u32_of(&a));
    let expires = get(&tb, RTA_EXPIRES)
        .and_then(|a| u32_of(&a))
        .map(|s| s.saturating_mul(100));
    Ok(Cfg6 {
        route: Route6 {
            table: tbl,
            dst,
            dst_len: h.dst_len,
            metric: metric.unwrap_or(METRIC_USER),
            protocol: h.protocol,
            kind: h.kind,
            prefsrc: get(&tb, rta::PREFSRC).and_then(|a| ip6_of(&a)),
            nhs,
            expires,
            // ICMPV6_ROUTER_PREF_LOW (3) and _HIGH (1) are kept, anything else is medium.
            pref: get(&tb, RTA_PREF)
                .and_then(|a| a.u8().ok())
                .filter(|&p| p == 1 || p == 3)
                .unwrap_or(0),
            metrics: get(&tb, rta::METRICS).map(|a| a.payload().to_vec()),
            nh_id: None,
        },
        oif,
        gw,
        metric_given: metric.is_some(),
        multipath,
    })
}

/// Whether `a` is link-local unicast (`fe80::/10`).
pub(crate) fn is_link_local(a: Ipv6Addr) -> bool {
    a.segments()[0] & 0xffc0 == 0xfe80
}

/// The longest-prefix route for `dst` in table `tbl` usable through `oif` (0: any).
fn table_lookup(ns: &Netns, tbl: u32, dst: Ipv6Addr, oif: i32) -> Option<(Route6, usize)> {
    let t = ns.tables6.iter().find(|t| t.id == tbl)?;
    let d = u128::from(dst);
    let mut best: Option<(Route6, usize)> = None;
    for r in &t.routes {
        if d & mask6(r.dst_len) != u128::from(r.dst) {
            continue;
        }
        if best.as_ref().is_some_and(|(b, _)| b.dst_len >= r.dst_len) {
            continue;
        }
        let nh = if is_reject(r.kind) {
            Some(0)
        } else {
            r.nhs
                .iter()
                .position(|n| !n.dead && (oif == 0 || n.oif == oif))
        };
        if let Some(i) = nh {
            best = Some((r.clone(), i));
        }
    }
    best
}

/// `fib6_lookup` with the default rules: table local, then main.
fn lookup(ns: &Netns, dst: Ipv6Addr, oif: i32) -> Option<(Route6, usize)> {
    table_lookup(ns, table::LOCAL, dst, oif).or_else(|| table_lookup(ns, table::MAIN, dst, oif))
}

/// An output flow for an IPv6 lookup of `dst` through `oif` (0: any), from `src`
/// (unspecified: none), input interface `lo`, the other selectors at their defaults.
fn flow6(ns: &Netns, dst: Ipv6Addr, src: Ipv6Addr, oif: i32) -> Flow {
    Flow {
        src: src.octets().to_vec(),
        dst: dst.octets().to_vec(),
        iif: lo_index(ns),
        oif,
        ..Flow::default()
    }
}

/// `fib6_rule_lookup`: without custom rules table local then main; otherwise the
/// policy rules (`fib6_rule_action`: a table without a match or whose match is a
/// `throw` route goes on; `suppress_prefixlength` applies). `ENETUNREACH` when
/// nothing matched, a rule action's error otherwise; a reject route found is returned
/// (its type's error is the caller's).
fn fib6_lookup(ns: &Netns, fl: &Flow) -> Result<(Route6, usize), Errno> {
    let dst = <[u8; 16]>::try_from(&fl.dst[..]).map_or(Ipv6Addr::UNSPECIFIED, Ipv6Addr::from);
    if !ns.rules.custom6 {
        return lookup(ns, dst, fl.oif).ok_or(Errno::ENETUNREACH);
    }
    let ifindex = |n: &str| ns.link_by_name(n).map(|l| l.index);
    super::rule::lookup(
        &ns.rules.v6,
        fl,
        &ifindex,
        |t| match table_lookup(ns, t, dst, fl.oif) {
            Some((r, _)) if r.kind == rtn::THROW => Err(Errno::EAGAIN),
            Some(x) => Ok(x),
            None => Err(Errno::EAGAIN),
        },
        |(r, _), rule| {
            rule.suppress_prefixlen != u32::MAX && u32::from(r.dst_len) <= rule.suppress_prefixlen
        },
    )
    .map(|(x, _)| x)
    .map_err(|e| {
        if e == Errno::ESRCH {
            Errno::ENETUNREACH
        } else {
            e
        }
    })
}

/// `ipv6_chk_addr`: whether `a` is an address of this host; a link-local (or
/// host-scope) one only counts on device `dev` (when given).
fn is_local_addr(ns: &Netns, a: Ipv6Addr, dev: i32) -> bool {
    ns.idev6.iter().any(|(&i, d)| {
        d.addrs.iter().any(|x| {
            x.addr == a && (dev == 0 || i == dev || (!is_link_local(a) && !a.is_loopback()))
        })
    })
}

/// `ip6_validate_gw` for a nexthop object's gateway `gw` through device `oif` (no
/// table: straight to the policy rules).
pub(crate) fn check_gw6(ns: &Netns, gw: Ipv6Addr, oif: i32, ext: &mut Ext) -> Result<(), Errno> {
    let mut nh = Nh6 {
        gw: Some(gw),
        oif,
        weight: 1,
        dead: false,
    };
    check_nh(ns, &mut nh, 0, ext)
}

/// `ip6_validate_gw` and `fib6_nh_init`: checks a nexthop, resolving its device.
fn check_nh(ns: &Netns, nh: &mut Nh6, tbl: u32, ext: &mut Ext) -> Result<(), Errno> {
    if nh.oif != 0 && !ns.links.contains_key(&nh.oif) {
        return Err(Errno::ENODEV);
    }
    if let Some(gw) = nh.gw {
        if is_local_addr(ns, gw, nh.oif) {
            ext.msg(texts::ROUTE6_GW_LOCAL);
            return Err(Errno::EINVAL);
        }
        if is_link_local(gw) {
            if nh.oif == 0 {
                ext.msg(texts::ROUTE6_NO_DEV);
                return Err(Errno::EINVAL);
            }
        } else {
            // `ip6_route_check_nh`: the gateway must be on-link, reached by a
            // unicast route without a gateway (through `oif` when given), in the
            // route's table or else through the policy rules.
            let usable = |x: &(Route6, usize)| {
                let n = x.0.nhs.get(x.1);
                x.0.kind == rtn::UNICAST
                    && n.is_some_and(|n| n.gw.is_none() && (nh.oif == 0 || n.oif == nh.oif))
            };
            let found = table_lookup(ns, tbl, gw, nh.oif)
                .filter(usable)
                .or_else(|| {
                    fib6_lookup(ns, &flow6(ns, gw, Ipv6Addr::UNSPECIFIED, nh.oif))
                        .ok()
                        .filter(usable)
                });
            match found {
                Some((r, i)) => {
                    if nh.oif == 0 {
                        nh.oif = r.nhs[i].oif;
                    }
                }
                None => return Err(Errno::EHOSTUNREACH),
            }
        }
    } else if nh.oif == 0 {
        return Err(Errno::ENODEV);
    }
    match ns.links.get(&nh.oif) {
        None => Err(Errno::ENODEV),
        Some(l) if !l.is_up() => {
            ext.msg(texts::NH_ONLINK_DOWN);
            Err(Errno::ENETDOWN)
        }
        Some(_) => Ok(()),
    }
}

/// `RTM_NEWROUTE` (IPv6).
pub(crate) fn newroute(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let cfg = parse_cfg(&req.msg, ext)?;
    let info: ReqInfo = Some((
        req.seq(),
        req.sock,
        req.port,
        req.flags().contains(Flags::ECHO),
    ));
    let nlflags = req.flags();
    st.with_ns(req.ns, |c| {
        let mut r = cfg.route;
        if r.kind > rtn::MAX {
            ext.msg(texts::ROUTE_TYPE);
            return Err(Errno::EINVAL);
        }
        super::nexthop::route6_hook(c.ns, &req.msg, &mut r, ext)?;
        // ip6_route_info_create makes the table before the nexthops are checked: a
        // request that fails later leaves it behind.
        table_create(c.ns, r.table);
        if r.nh_id.is_some() {
            // The object's nexthops were validated when it was made.
        } else if is_reject(r.kind) {
            r.nhs = vec![Nh6 {
                gw: None,
                oif: lo_index(c.ns),
                weight: 1,
                dead: false,
            }];
        } else {
            if cfg.multipath && r.nhs.iter().any(|n| n.gw.is_none()) {
                ext.msg(texts::ROUTE6_MP_DEV_ONLY);
                return Err(Errno::EINVAL);
            }
            let tbl = r.table;
            for nh in &mut r.nhs {
                check_nh(c.ns, nh, tbl, ext)?;
            }
            if let Some(p) = r.prefsrc {
                let dev = r.nhs.first().map_or(0, |n| n.oif);
                if !is_local_addr(c.ns, p, dev) {
                    ext.msg(texts::ROUTE6_BAD_PREFSRC);
                    return Err(Errno::EINVAL);
                }
            }
        }
        insert(c, r, nlflags, cfg.multipath, info, ext)?;
        Ok(Outcome::Done)
    })
}

/// `RTM_DELROUTE` (IPv6, `ip6_route_del`): the first route of the prefix that matches
/// the given device, gateway, metric and protocol; with a gateway only that nexthop.
pub(crate) fn delroute(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let cfg = parse_cfg(&req.msg, ext)?;
    let info: ReqInfo = Some((
        req.seq(),
        req.sock,
        req.port,
        req.flags().contains(Flags::ECHO),
    ));
    st.with_ns(req.ns, |c| {
        let want = &cfg.route;
        let nh_filter = super::nexthop::del_nh_id(c.ns, &req.msg, ext)?;
        let Some(t) = c.ns.tables6.iter_mut().find(|t| t.id == want.table) else {
            ext.msg(texts::FIB_TABLE_MISSING);
            return Err(Errno::ESRCH);
        };
        let wanted: Vec<(i32, Option<Ipv6Addr>)> = if cfg.multipath {
            want.nhs.iter().map(|n| (n.oif, n.gw)).collect()
        } else {
            vec![(cfg.oif, cfg.gw)]
        };
        let mut done = Vec::new();
        for (oif, gw) in wanted {
            let hit = t.routes.iter().enumerate().find_map(|(ri, r)| {
                if r.dst != want.dst
                    || r.dst_len != want.dst_len
                    || (cfg.metric_given && r.metric != want.metric)
                    || (want.protocol != 0 && r.protocol != want.protocol)
                {
                    return None;
                }
                // A route through a nexthop object: by its id when one is given, else
                // by prefix alone; it goes as a whole.
                if nh_filter.is_some() || r.nh_id.is_some() {
                    return (nh_filter.is_none() || r.nh_id == nh_filter).then_some((ri, 0));
                }
                r.nhs
                    .iter()
                    .position(|n| (oif == 0 || n.oif == oif) && (gw.is_none() || n.gw == gw))
                    .map(|ni| (ri, ni))
            });
            let Some((ri, ni)) = hit else {
                break;
            };
            if gw.is_some() && t.routes[ri].nhs.len() > 1 && t.routes[ri].nh_id.is_none() {
                let mut one = t.routes[ri].clone();
                let nh = t.routes[ri].nhs.remove(ni);
                one.nhs = vec![nh];
                done.push(one);
            } else {
                done.push(t.routes.remove(ri));
            }
        }
        if done.is_empty() {
            return Err(Errno::ESRCH);
        }
        for r in done {
            notify(c, rtm::DELROUTE, &r, 0, Flags::EMPTY, info);
        }
        Ok(Outcome::Done)
    })
}

/// How good a source address is (compared as a tuple, larger is better).
type SaddrRank = (bool, i16, bool, bool, u32);

/// The numeric scope of RFC 4291 (1 node-local, 2 link, 5 site, 14 global).
fn scope_num(a: Ipv6Addr) -> u8 {
    if a.is_loopback() {
        1
    } else if is_link_local(a) {
        2
    } else if a.segments()[0] & 0xffc0 == 0xfec0 {
        5
    } else {
        14
    }
}

/// `ipv6_dev_get_saddr`, simplified to RFC 6724 rules 1, 2, 3, 5 and 8: the same
/// address, then an appropriate scope, not deprecated, on the outgoing device, the
/// longest common prefix.
pub(crate) fn select_saddr(ns: &Netns, dev: i32, dst: Ipv6Addr) -> Option<Ipv6Addr> {
    let ds = scope_num(dst);
    let mut best: Option<(SaddrRank, Ipv6Addr)> = None;
    for (&idx, d) in &ns.idev6 {
        for a in &d.addrs {
            if a.flags & crate::hdr::ifa_f::TENTATIVE != 0 {
                continue;
            }
            let s = scope_num(a.addr);
            if s < ds && s < 2 && a.addr != dst {
                continue;
            }
            if idx != dev && s <= 2 && a.addr != dst {
                continue;
            }
            // Rule 2: prefer the smallest scope not below the destination's.
            let scope_rank = if s >= ds {
                -i16::from(s)
            } else {
                i16::from(s) - 100
            };
            let key = (
                a.addr == dst,
                scope_rank,
                a.flags & crate::hdr::ifa_f::DEPRECATED == 0,
                idx == dev,
                (u128::from(a.addr) ^ u128::from(dst)).leading_zeros(),
            );
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, a.addr));
            }
        }
    }
    best.map(|(_, a)| a)
}

/// `RTM_GETROUTE` (IPv6) without `NLM_F_DUMP`: a lookup (`inet6_rtm_getroute`).
pub(crate) fn getroute(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let msg = &req.msg;
    let Some(h) = RtMsg::parse(msg.payload()) else {
        ext.msg(texts::ROUTE6_GET_HEADER);
        return Err(Errno::EINVAL);
    };
    if req.strict
        && ((h.src_len != 0 && h.src_len != 128)
            || (h.dst_len != 0 && h.dst_len != 128)
            || h.table != 0
            || h.protocol != 0
            || h.scope != 0
            || h.kind != 0)
    {
        ext.msg(texts::ROUTE6_GET_VALUES);
        return Err(Errno::EINVAL);
    }
    let attrs = msg.attrs(RtMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let how = if req.strict {
        Strictness::DeprecatedStrict
    } else {
        Strictness::Liberal
    };
    let tb = policy::parse(attrs, rta6_policy(), how, ext)?;
    if req.strict {
        const ALLOWED: [u16; 9] = [
            rta::SRC,
            rta::DST,
            rta::IIF,
            rta::OIF,
            rta::MARK,
            rta::UID,
            27,
            28,
            29,
        ];
        let bad = tb
            .iter()
            .enumerate()
            .any(|(t, a)| a.is_some() && !ALLOWED.contains(&u16::try_from(t).unwrap_or(u16::MAX)));
        if bad {
            ext.msg(texts::ROUTE6_GET_ATTR);
            return Err(Errno::EINVAL);
        }
    }
    let addr = |t| match get(&tb, t) {
        Some(a) => ip6_of(&a).ok_or(Errno::EINVAL).map(Some),
        None => Ok(None),
    };
    let dst = addr(rta::DST)?.unwrap_or(Ipv6Addr::UNSPECIFIED);
    let src = addr(rta::SRC)?.unwrap_or(Ipv6Addr::UNSPECIFIED);
    let oif = get(&tb, rta::OIF).and_then(|a| u32_of(&a)).unwrap_or(0) as i32;
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    if oif != 0 && !ns.links.contains_key(&oif) {
        return Err(Errno::ENETUNREACH);
    }
    // With RTA_IIF: an input lookup (`ip6_route_input_lookup`) as if received there;
    // the reply names the device instead of a preferred source.
    let iif = get(&tb, rta::IIF).and_then(|a| u32_of(&a)).unwrap_or(0) as i32;
    if iif != 0 && !ns.links.contains_key(&iif) {
        return Err(Errno::ENODEV);
    }
    let mut fl = flow6(ns, dst, src, oif);
    if iif != 0 {
        fl.iif = iif;
    }
    fl.mark = get(&tb, rta::MARK).and_then(|a| u32_of(&a)).unwrap_or(0);
    fl.uid = get(&tb, rta::UID).and_then(|a| u32_of(&a)).unwrap_or(0);
    fl.tos = h.tos;
    fl.ip_proto = get(&tb, 27)
        .and_then(|a| a.payload().first().copied())
        .unwrap_or(0);
    let be16 = |t: u16| {
        get(&tb, t)
            .and_then(|a| {
                a.payload()
                    .get(..2)
                    .map(|b| u16::from_be_bytes([b[0], b[1]]))
            })
            .unwrap_or(0)
    };
    fl.sport = be16(28);
    fl.dport = be16(29);
    let (r, mut nh) = fib6_lookup(ns, &fl)?;
    match r.kind {
        rtn::BLACKHOLE => return Err(Errno::EINVAL),
        rtn::UNREACHABLE => return Err(Errno::EHOSTUNREACH),
        rtn::PROHIBIT => return Err(Errno::EACCES),
        rtn::THROW => return Err(Errno::EAGAIN),
        _ => {}
    }
    let mut buf = VecBuf::new();
    if h.flags & rtm_f::FIB_MATCH != 0 {
        write_route6(
            &mut buf,
            ns,
            &r,
            0,
            rtm::NEWROUTE,
            Flags::EMPTY,
            req.seq(),
            req.port,
        )
        .map_err(|_| Errno::EMSGSIZE)?;
    } else {
        if r.nhs.len() > 1 && oif == 0 {
            // A deterministic stand-in for the flow hash.
            let total: u32 = r
                .nhs
                .iter()
                .filter(|n| !n.dead)
                .map(|n| u32::from(n.weight))
                .sum();
            let mut pick = u32::try_from(u128::from(dst) % u128::from(total.max(1))).unwrap_or(0);
            for (i, n) in r.nhs.iter().enumerate().filter(|(_, n)| !n.dead) {
                if pick < u32::from(n.weight) {
                    nh = i;
                    break;
                }
                pick -= u32::from(n.weight);
            }
        }
        let n = r.nhs.get(nh).cloned().unwrap_or(Nh6 {
            gw: None,
            oif: 0,
            weight: 1,
            dead: false,
        });
        let out_dev = if r.kind == rtn::LOCAL {
            lo_index(ns)
        } else {
            n.oif
        };
        let saddr = r.prefsrc.or_else(|| select_saddr(ns, n.oif, dst));
        (|| -> Result<(), EncodeError> {
            let mut b =
                Builder::message(&mut buf, rtm::NEWROUTE, Flags::EMPTY, req.seq(), req.port)?;
            let out = RtMsg {
                family: family::INET6,
                dst_len: 128,
                src_len: 128,
                tos: 0,
                table: u8::try_from(r.table).unwrap_or(table::COMPAT),
                protocol: r.protocol,
                scope: 0,
                kind: r.kind,
                flags: 0,
            };
            b.put_bytes(&out.bytes())?;
            b.put_u32(rta::TABLE, r.table)?;
            b.put_ipv6(rta::DST, dst)?;
            b.put_ipv6(rta::SRC, src)?;
            if iif != 0 {
                b.put_u32(rta::IIF, iif as u32)?;
            } else if let Some(s) = saddr {
                b.put_ipv6(rta::PREFSRC, s)?;
            }
            if let Some(m) = r.metrics.as_ref().filter(|m| !m.is_empty()) {
                b.put(rta::METRICS, m)?;
            }
            b.put_u32(rta::PRIORITY, r.metric)?;
            if let Some(gw) = n.gw {
                b.put_ipv6(rta::GATEWAY, gw)?;
            }
            b.put_u32(rta::OIF, out_dev as u32)?;
            b.put(rta::CACHEINFO, &cacheinfo(2, 0))?;
            b.put_u8(RTA_PREF, r.pref)?;
            Ok(())
        })()
        .map_err(|_| Errno::EMSGSIZE)?;
    }
    let bytes = buf.into_vec();
    let alloc = bytes.len() + 256;
    st.unicast(req.sock, bytes, alloc);
    Ok(Outcome::Done)
}

/// Whether a strict IPv6 route dump names a table that does not exist.
pub(crate) fn table_exists(ns: &Netns, id: u32) -> bool {
    ns.tables6.iter().any(|t| t.id == id)
}

/// Fills the IPv6 part of a route dump; `cursor` is (table position, route position).
#[allow(clippy::too_many_arguments)]
pub(crate) fn dump_fill6(
    ns: &Netns,
    table_filter: Option<u32>,
    dev: Option<i32>,
    protocol: u8,
    kind: u8,
    cursor: &mut [u64],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let ti = cursor
        .first()
        .and_then(|&c| usize::try_from(c).ok())
        .unwrap_or(usize::MAX);
    for (tpos, t) in ns.tables6.iter().enumerate().skip(ti) {
        if table_filter.is_some_and(|x| x != 0 && x != t.id) {
            continue;
        }
        if cursor.first() != Some(&(tpos as u64)) {
            cursor[0] = tpos as u64;
            cursor[1] = 0;
        }
        let skip = usize::try_from(cursor[1]).unwrap_or(usize::MAX);
        for r in t.routes.iter().skip(skip) {
            let pass = (kind == 0 || r.kind == kind)
                && (protocol == 0 || r.protocol == protocol)
                && dev.is_none_or(|d| r.nhs.iter().any(|n| n.oif == d));
            if pass {
                let ok = out.put(|b, flags, seq, pid| {
                    write_route6(b, ns, r, 0, rtm::NEWROUTE, flags, seq, pid)
                })?;
                if !ok {
                    return Ok(false);
                }
            }
            cursor[1] += 1;
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str, l: u8) -> (Ipv6Addr, u8) {
        (s.parse().unwrap(), l)
    }

    #[test]
    fn trie_order_is_the_kernels_dump_order() {
        // Observed dump of table main: 2001:db8::/64, 2001:db8:1::/48, ...,
        // 2001:db8:f::/64, 2001:db8:10::/48, fe80::/64, then default.
        let mut v = vec![
            k("::", 0),
            k("fe80::", 64),
            k("2001:db8:10::", 48),
            k("2001:db8:f::", 64),
            k("2001:db8:1::", 48),
            k("2001:db8::", 64),
        ];
        v.sort_by(|a, b| trie_cmp(*a, *b));
        assert_eq!(
            v,
            [
                k("2001:db8::", 64),
                k("2001:db8:1::", 48),
                k("2001:db8:f::", 64),
                k("2001:db8:10::", 48),
                k("fe80::", 64),
                k("::", 0),
            ]
        );
        // A covered prefix comes before the one covering it.
        assert_eq!(
            trie_cmp(k("2001:db8::", 64), k("2001:db8::", 32)),
            Ordering::Less
        );
    }
}
