//! IPv4 routes: the FIB (tables, insertion order and `NLM_F_*` semantics of
//! `fib_table_insert`), the routes the kernel makes for addresses (`fib_magic`),
//! nexthop checks, `RTM_GETROUTE` lookups, route and rule dumps.
//!
//! Lookups (`RTM_GETROUTE`, gateway checks of routes and nexthop objects) are
//! `fib_lookup`: the merged local+main table reported as main until the first IPv4 rule
//! is added (`fib_has_custom_rules`, never cleared), then the policy rules with their
//! selectors (source, destination, tos/dscp, fwmark, iif `lo` for output lookups,
//! oif, uid, ipproto, ports), `goto`, the errnos of `blackhole` (EINVAL),
//! `unreachable` (ENETUNREACH) and `prohibit` (EACCES) and `suppress_prefixlength`;
//! `RTM_F_LOOKUP_TABLE` reports the table that answered. An output device makes any
//! lookup error an on-link answer (`fibmatch`: `EHOSTUNREACH`). Input lookups
//! (`RTA_IIF`) are `ip_route_input_slow` with forwarding off: local and broadcast
//! destinations answered, martian sources `EINVAL`, the rest `EHOSTUNREACH`. Not
//! modelled: forwarding, other martian checks, `suppress_ifgroup`, `l3mdev` and `tun_id` rules (they never
//! match), the flow hash of multipath lookups (a deterministic stand-in).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use super::rule::Flow;
use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::{RTNH_LEN, RtMsg, rta, rtm_f, rtn, rtprot, scope, table};
use crate::netlink::{Dump, DumpKind, DumpOut, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, PolicyKind, Strictness};
use crate::state::{Ctx, Ifa4, Link, Netns, Nh, Route, SockId, State, prefix_mask};
use crate::texts;

/// `fib_nlmsg_size()`, roughly: the allocation of a route notification.
const ALLOC: usize = 300;

fn rta_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            rta::MAX,
            &[
                (rta::DST, AttrPolicy::u32()),
                (rta::SRC, AttrPolicy::u32()),
                (rta::IIF, AttrPolicy::u32()),
                (rta::OIF, AttrPolicy::u32()),
                (rta::GATEWAY, AttrPolicy::u32()),
                (rta::PRIORITY, AttrPolicy::u32()),
                (rta::PREFSRC, AttrPolicy::u32()),
                (rta::METRICS, AttrPolicy::nested_any()),
                (
                    rta::MULTIPATH,
                    AttrPolicy {
                        kind: PolicyKind::Unspec,
                        len: 8, // sizeof(struct rtnexthop)
                        range: None,
                    },
                ),
                (rta::FLOW, AttrPolicy::u32()),
                (rta::TABLE, AttrPolicy::u32()),
                (rta::MARK, AttrPolicy::u32()),
                (rta::UID, AttrPolicy::u32()),
                (21, AttrPolicy::u16()),        // RTA_ENCAP_TYPE
                (22, AttrPolicy::nested_any()), // RTA_ENCAP
                (27, AttrPolicy::u8()),         // RTA_IP_PROTO
                (28, AttrPolicy::u16()),        // RTA_SPORT
                (29, AttrPolicy::u16()),        // RTA_DPORT
                (30, AttrPolicy::u32()),        // RTA_NH_ID
            ],
        )
    })
}

type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn ip_of(a: &Attr<'_>) -> Option<Ipv4Addr> {
    a.payload()
        .get(..4)
        .map(|b| Ipv4Addr::new(b[0], b[1], b[2], b[3]))
}

fn u32_of(a: &Attr<'_>) -> Option<u32> {
    a.payload()
        .get(..4)
        .map(|b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// `fib_props[type]`: the minimum scope and the lookup error of each route type.
fn type_props(kind: u8) -> (u8, Option<Errno>) {
    match kind {
        rtn::UNICAST => (scope::UNIVERSE, None),
        rtn::LOCAL => (scope::HOST, None),
        rtn::BROADCAST | rtn::ANYCAST => (scope::LINK, None),
        rtn::MULTICAST => (scope::UNIVERSE, None),
        rtn::BLACKHOLE => (scope::UNIVERSE, Some(Errno::EINVAL)),
        rtn::UNREACHABLE => (scope::UNIVERSE, Some(Errno::EHOSTUNREACH)),
        rtn::PROHIBIT => (scope::UNIVERSE, Some(Errno::EACCES)),
        rtn::THROW => (scope::UNIVERSE, Some(Errno::EAGAIN)),
        _ => (scope::NOWHERE, None),
    }
}

/// The nexthop flags user space sees: stored ones plus `LINKDOWN` for a non-host
/// route whose device has no carrier.
fn nh_flags(ns: &Netns, r: &Route, nh: &Nh) -> u32 {
    let mut f = nh.flags;
    if r.scope != scope::HOST {
        if let Some(l) = ns.links.get(&nh.oif) {
            if !l.carrier {
                f |= rtm_f::RTNH_LINKDOWN;
            }
        }
    }
    f
}

/// Writes one route message (`fib_dump_info`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_route<B: Buffer + ?Sized>(
    buf: &mut B,
    ns: &Netns,
    r: &Route,
    table_id: u32,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let mut h = RtMsg {
        family: family::INET,
        dst_len: r.dst_len,
        src_len: 0,
        tos: r.tos,
        table: u8::try_from(table_id).unwrap_or(table::COMPAT),
        protocol: r.protocol,
        scope: r.scope,
        kind: r.kind,
        flags: 0,
    };
    if !r.multipath {
        if let Some(nh) = r.nhs.first() {
            h.flags = nh_flags(ns, r, nh)
                & (rtm_f::RTNH_DEAD | rtm_f::RTNH_LINKDOWN | rtm_f::RTNH_ONLINK);
        }
    } else if r
        .nhs
        .iter()
        .all(|nh| nh_flags(ns, r, nh) & rtm_f::RTNH_LINKDOWN != 0)
    {
        h.flags = rtm_f::RTNH_LINKDOWN;
    }
    b.put_bytes(&h.bytes())?;
    b.put_u32(rta::TABLE, table_id)?;
    if r.dst_len != 0 {
        b.put_ipv4(rta::DST, Ipv4Addr::from(r.dst))?;
    }
    if r.priority != 0 {
        b.put_u32(rta::PRIORITY, r.priority)?;
    }
    if let Some(m) = &r.metrics {
        if !m.is_empty() {
            b.put(rta::METRICS, m)?;
        }
    }
    if let Some(p) = r.prefsrc {
        b.put_ipv4(rta::PREFSRC, p)?;
    }
    let nh_id = super::nexthop::route_nh_id(ns, r.id);
    if let Some(id) = nh_id {
        b.put_u32(super::nexthop::RTA_NH_ID, id)?;
    }
    // A nexthop object's IPv6 gateways: RTA_VIA in an IPv4 route.
    let via6 = nh_id.map_or_else(Vec::new, |id| super::nexthop::v6_gateways(ns, id));
    let via = |i: usize, nh: &Nh| via6.get(i).copied().flatten().filter(|_| nh.gw.is_none());
    if r.multipath {
        b.nest_noflag(rta::MULTIPATH, |b| {
            for (i, nh) in r.nhs.iter().enumerate() {
                let mut rtnh = [0u8; RTNH_LEN];
                let rtnh_len: u16 = if nh.gw.is_some() {
                    16
                } else if via(i, nh).is_some() {
                    32
                } else {
                    8
                };
                rtnh[0..2].copy_from_slice(&rtnh_len.to_ne_bytes());
                rtnh[2] = (nh_flags(ns, r, nh) & 0xff) as u8;
                rtnh[3] = nh.weight.saturating_sub(1).min(255) as u8;
                rtnh[4..8].copy_from_slice(&nh.oif.to_ne_bytes());
                b.put_bytes(&rtnh)?;
                if let Some(gw) = nh.gw {
                    b.put_ipv4(rta::GATEWAY, gw)?;
                } else if let Some(v) = via(i, nh) {
                    put_via6(b, v)?;
                }
            }
            Ok(())
        })?;
    } else if let Some(nh) = r.nhs.first() {
        if let Some(gw) = nh.gw {
            b.put_ipv4(rta::GATEWAY, gw)?;
        } else if let Some(v) = via(0, nh) {
            put_via6(&mut b, v)?;
        }
        if nh.oif != 0 {
            b.put_u32(rta::OIF, nh.oif as u32)?;
        }
    }
    Ok(())
}

/// `RTA_VIA` (`struct rtvia`: the family, then the address) for an IPv6 gateway.
fn put_via6<B: Buffer + ?Sized>(b: &mut Builder<'_, B>, gw: Ipv6Addr) -> Result<(), EncodeError> {
    let mut v = [0u8; 18];
    v[..2].copy_from_slice(&u16::from(family::INET6).to_ne_bytes());
    v[2..].copy_from_slice(&gw.octets());
    b.put(RTA_VIA, &v)
}

/// `RTA_VIA`.
const RTA_VIA: u16 = 18;

/// Who asked for a route change: (seq, socket, port, echo).
type ReqInfo = Option<(u32, SockId, u32, bool)>;

fn notify_route(c: &mut Ctx<'_>, kind: MessageType, r: &Route, nlflags: u16, info: ReqInfo) {
    let (seq, pid) = info.map_or((0, 0), |(s, _, p, _)| (s, p));
    let echo = info.and_then(|(_, sid, p, e)| e.then_some((sid, p)));
    if !c.heard(group::IPV4_ROUTE, echo.is_some()) {
        return;
    }
    let mut b = VecBuf::new();
    if write_route(&mut b, c.ns, r, r.table, kind, Flags(nlflags), seq, pid).is_ok() {
        c.ns.route_gen = c.ns.route_gen.wrapping_add(1);
        c.note(group::IPV4_ROUTE, b.into_vec(), ALLOC, echo);
    }
}

/// `fib_valid_key_len`.
fn valid_key(dst: u32, len: u8, ext: &mut Ext) -> Result<(), Errno> {
    if len > 32 {
        ext.msg(texts::ROUTE_PREFIX_LEN);
        return Err(Errno::EINVAL);
    }
    if dst & !prefix_mask(len) != 0 {
        ext.msg(texts::ROUTE_PREFIX_BITS);
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// The result of a FIB lookup.
#[derive(Clone, Debug)]
pub(crate) struct Res {
    pub route: Route,
    pub nh: usize,
}

/// `fib_table_lookup` in `tables` (several: the merged local+main trie): longest
/// prefix first, then the routes of a prefix in order; `min_scope` filters out
/// narrower routes, `oif` wants a nexthop through that device. `EAGAIN` when nothing
/// matches or the route is a `throw`; a blackhole, unreachable or prohibit route gives
/// its type's error.
fn table_lookup(
    ns: &Netns,
    tables: &[u32],
    dst: Ipv4Addr,
    oif: i32,
    min_scope: u8,
) -> Result<Res, Errno> {
    let d = u32::from(dst);
    let mut cands: Vec<&Route> = ns
        .tables
        .iter()
        .filter(|t| tables.contains(&t.id))
        .flat_map(|t| t.routes.iter())
        .filter(|r| d & prefix_mask(r.dst_len) == r.dst)
        .collect();
    // Longest prefix first; in a leaf local aliases precede main ones; stable order
    // keeps each table's own order.
    cands.sort_by_key(|r| (std::cmp::Reverse(r.dst_len), std::cmp::Reverse(r.table)));
    for r in cands {
        if r.scope < min_scope {
            continue;
        }
        let (_, err) = type_props(r.kind);
        if let Some(e) = err {
            return Err(e);
        }
        for (i, nh) in r.nhs.iter().enumerate() {
            if nh.flags & rtm_f::RTNH_DEAD != 0 {
                continue;
            }
            if oif != 0 && nh.oif != oif {
                continue;
            }
            return Ok(Res {
                route: r.clone(),
                nh: i,
            });
        }
    }
    Err(Errno::EAGAIN)
}

/// `inet_addr_type_dev_table` without an L3 master device: the type of `addr` from a
/// lookup in the local table (the merged local+main trie without custom rules), with
/// any device. Broadcast for `0.0.0.0/8`, `255.255.255.255` and while the local table
/// does not exist, multicast for `224.0.0.0/4`, unicast when the lookup fails.
pub(crate) fn inet_addr_type_local(ns: &Netns, addr: Ipv4Addr) -> u8 {
    if addr.octets()[0] == 0 || addr.is_broadcast() {
        return rtn::BROADCAST;
    }
    if addr.is_multicast() {
        return rtn::MULTICAST;
    }
    if ns.table(table::LOCAL).is_none() {
        return rtn::BROADCAST;
    }
    let tables: &[u32] = if ns.rules.custom4 {
        &[table::LOCAL]
    } else {
        &[table::MAIN, table::LOCAL]
    };
    table_lookup(ns, tables, addr, 0, scope::UNIVERSE).map_or(rtn::UNICAST, |r| r.route.kind)
}

/// An output flow for an IPv4 lookup: `dst`, optionally `src`, through `oif` (0: any);
/// the other selectors at their defaults (input interface `lo`, uid 0).
pub(crate) fn flow4(ns: &Netns, dst: Ipv4Addr, src: Option<Ipv4Addr>, oif: i32) -> Flow {
    Flow {
        src: src.unwrap_or(Ipv4Addr::UNSPECIFIED).octets().to_vec(),
        dst: dst.octets().to_vec(),
        iif: lo_index(ns),
        oif,
        ..Flow::default()
    }
}

/// The loopback device's index.
fn lo_index(ns: &Netns) -> i32 {
    ns.links
        .values()
        .find(|l| matches!(l.kind, crate::state::LinkKind::Loopback))
        .map_or(1, |l| l.index)
}

/// `fib_lookup`: without custom rules the merged local+main table (reported as main);
/// otherwise the policy rules (`fib_rules_lookup`, `suppress_prefixlength` applied).
/// Returns the result and the table it came from; `ENETUNREACH` when nothing matched,
/// a rule action's or route type's error otherwise.
pub(crate) fn fib_lookup(ns: &Netns, fl: &Flow, min_scope: u8) -> Result<(Res, u32), Errno> {
    let dst = fl.dst.get(..4).map_or(Ipv4Addr::UNSPECIFIED, |b| {
        Ipv4Addr::new(b[0], b[1], b[2], b[3])
    });
    let r = if ns.rules.custom4 {
        let ifindex = |n: &str| ns.link_by_name(n).map(|l| l.index);
        super::rule::lookup(
            &ns.rules.v4,
            fl,
            &ifindex,
            |t| table_lookup(ns, &[t], dst, fl.oif, min_scope),
            |res, rule| {
                rule.suppress_prefixlen != u32::MAX
                    && u32::from(res.route.dst_len) <= rule.suppress_prefixlen
            },
        )
    } else {
        table_lookup(ns, &[table::MAIN, table::LOCAL], dst, fl.oif, min_scope)
            .map(|r| (r, table::MAIN))
    };
    r.map_err(|e| {
        if e == Errno::EAGAIN || e == Errno::ESRCH {
            Errno::ENETUNREACH
        } else {
            e
        }
    })
}

/// `inet_select_addr`: a source address for `dst` on device `dev`.
fn select_addr(ns: &Netns, dev: i32, dst: Option<Ipv4Addr>, sc: u8) -> Option<Ipv4Addr> {
    let mut addr = None;
    if let Some(l) = ns.links.get(&dev) {
        for a in l.addrs4.iter().filter(|a| !a.is_secondary()) {
            if a.scope.min(scope::LINK) > sc {
                continue;
            }
            if dst.is_none_or(|d| a.matches(d)) {
                return Some(a.local);
            }
            if addr.is_none() {
                addr = Some(a.local);
            }
        }
    }
    if addr.is_some() {
        return addr;
    }
    for l in ns.links.values() {
        for a in l.addrs4.iter().filter(|a| !a.is_secondary()) {
            if a.scope != scope::LINK && a.scope != scope::HOST && a.scope <= sc {
                return Some(a.local);
            }
        }
    }
    None
}

/// `fib_check_nh_v4_gw` without `onlink`: looks the gateway `gw` up (through `oif`
/// when not 0) in table `tbl` when that is neither 0 nor main and exists, else (or when
/// that fails) through the policy rules, at a scope wider than `route_scope`; the
/// result must be a unicast or local route. Returns the device it resolves to and the
/// scope of that route (`fib_nh_scope`: host for a local address, else link).
pub(crate) fn check_gw4(
    ns: &Netns,
    gw: Ipv4Addr,
    oif: i32,
    tbl: u32,
    route_scope: u8,
    ext: &mut Ext,
) -> Result<(i32, u8), Errno> {
    let want = (route_scope.saturating_add(1)).max(scope::LINK);
    let mut res = Err(Errno::EAGAIN);
    if tbl != 0 && tbl != table::MAIN && ns.table(tbl).is_some() {
        res = table_lookup(ns, &[tbl], gw, oif, want);
    }
    if res.is_err() {
        res = fib_lookup(ns, &flow4(ns, gw, None, oif), want).map(|(r, _)| r);
    }
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            ext.msg(texts::NH_BAD_GATEWAY);
            return Err(e);
        }
    };
    if res.route.kind != rtn::UNICAST && res.route.kind != rtn::LOCAL {
        ext.msg(texts::NH_BAD_GATEWAY);
        return Err(Errno::EINVAL);
    }
    Ok((res.route.nhs[res.nh].oif, res.route.scope))
}

/// `fib_check_nh`: validates a nexthop and resolves its device and scope.
fn check_nh(
    ns: &Netns,
    nh: &mut Nh,
    tbl: u32,
    route_scope: u8,
    ext: &mut Ext,
) -> Result<(), Errno> {
    match nh.gw {
        Some(gw) => {
            if nh.flags & rtm_f::RTNH_ONLINK != 0 {
                if route_scope >= scope::LINK {
                    ext.msg(texts::NH_INVALID_SCOPE);
                    return Err(Errno::EINVAL);
                }
                let Some(l) = ns.links.get(&nh.oif) else {
                    ext.msg(texts::NH_ONLINK_NO_DEV);
                    return Err(Errno::ENODEV);
                };
                if !l.is_up() {
                    ext.msg(texts::NH_ONLINK_DOWN);
                    return Err(Errno::ENETDOWN);
                }
                return Ok(());
            }
            let (dev, _) = check_gw4(ns, gw, nh.oif, tbl, route_scope, ext)?;
            nh.oif = dev;
            match ns.links.get(&dev) {
                Some(l) if l.is_up() => Ok(()),
                Some(_) => Err(Errno::ENETDOWN),
                None => Err(Errno::ENODEV),
            }
        }
        None => {
            if nh.flags & rtm_f::RTNH_ONLINK != 0 {
                ext.msg(texts::NH_ONLINK_FLAGS);
                return Err(Errno::EINVAL);
            }
            let Some(l) = ns.links.get(&nh.oif) else {
                return Err(Errno::ENODEV);
            };
            if !l.is_up() {
                ext.msg(texts::NH_DEV_DOWN);
                return Err(Errno::ENETDOWN);
            }
            Ok(())
        }
    }
}

/// `fib_create_info`'s checks for a route about to be inserted.
fn create_info(ns: &Netns, r: &mut Route, ext: &mut Ext) -> Result<(), Errno> {
    if r.kind > rtn::MAX {
        ext.msg(texts::ROUTE_TYPE);
        return Err(Errno::EINVAL);
    }
    let (min_scope, err) = type_props(r.kind);
    if min_scope > r.scope {
        ext.msg(texts::ROUTE_SCOPE);
        return Err(Errno::EINVAL);
    }
    if err.is_some() {
        let has = r.nhs.iter().any(|n| n.gw.is_some() || n.oif != 0) || r.multipath;
        if has {
            ext.msg(texts::ROUTE_ERR_TYPE_NH);
            return Err(Errno::EINVAL);
        }
        r.nhs.clear();
        return Ok(());
    }
    if !matches!(
        r.kind,
        rtn::UNICAST | rtn::LOCAL | rtn::BROADCAST | rtn::ANYCAST | rtn::MULTICAST
    ) {
        ext.msg(texts::ROUTE_TYPE);
        return Err(Errno::EINVAL);
    }
    if r.scope > scope::HOST {
        ext.msg(texts::ROUTE_SCOPE);
        return Err(Errno::EINVAL);
    }
    if r.scope == scope::HOST {
        if r.nhs.len() != 1 {
            ext.msg(texts::HOST_MULTI_NH);
            return Err(Errno::EINVAL);
        }
        if r.nhs[0].gw.is_some() {
            ext.msg(texts::HOST_GW);
            return Err(Errno::EINVAL);
        }
        if !ns.links.contains_key(&r.nhs[0].oif) {
            return Err(Errno::ENODEV);
        }
        return Ok(());
    }
    let (tbl, sc) = (r.table, r.scope);
    for nh in &mut r.nhs {
        check_nh(ns, nh, tbl, sc, ext)?;
    }
    if let Some(p) = r.prefsrc {
        let is_local = ns
            .links
            .values()
            .any(|l| l.addrs4.iter().any(|a| a.local == p));
        if !(is_local || r.kind == rtn::LOCAL && p == Ipv4Addr::from(r.dst)) {
            ext.msg(texts::PREFSRC_INVALID);
            return Err(Errno::EINVAL);
        }
    }
    Ok(())
}

/// `fib_table_insert`, after `fib_create_info`: the `NLM_F_*` semantics, the insertion
/// position and the notification.
fn table_insert(c: &mut Ctx<'_>, r: Route, nlflags: Flags, info: ReqInfo) -> Result<(), Errno> {
    table_insert_nh(c, r, nlflags, None, info)
}

/// [`table_insert`] of a route that uses nexthop object `nh_id` (when `Some`): the
/// route is bound to it before it is notified, so the notification has `RTA_NH_ID`.
fn table_insert_nh(
    c: &mut Ctx<'_>,
    mut r: Route,
    nlflags: Flags,
    nh_id: Option<u32>,
    info: ReqInfo,
) -> Result<(), Errno> {
    c.ns.next_route_id += 1;
    r.id = c.ns.next_route_id;
    let t = c.ns.table_create(r.table);
    let key = |x: &Route| (x.dst, x.dst_len, x.tos, x.priority);
    let first = t.routes.iter().position(|x| key(x) == key(&r));
    let mut notify_flags = Flags::EXCL;
    let insert_at;
    let mut replace = false;
    match first {
        Some(fa_first) => {
            if nlflags.contains(Flags::EXCL) {
                return Err(Errno::EEXIST);
            }
            notify_flags = Flags::EMPTY;
            let same_key_end = t.routes[fa_first..]
                .iter()
                .position(|x| key(x) != key(&r))
                .map_or(t.routes.len(), |p| fa_first + p);
            let fa_match = t.routes[fa_first..same_key_end]
                .iter()
                .position(|x| x.kind == r.kind && x.same_info(&r))
                .map(|p| fa_first + p);
            if nlflags.contains(Flags::REPLACE) {
                if let Some(m) = fa_match {
                    return if m == fa_first {
                        Ok(())
                    } else {
                        Err(Errno::EEXIST)
                    };
                }
                let old = t.routes[fa_first].clone();
                r.id = old.id;
                t.routes[fa_first] = r.clone();
                let _ = old;
                replace = true;
                insert_at = fa_first;
            } else {
                if fa_match.is_some() {
                    return Err(Errno::EEXIST);
                }
                if !nlflags.contains(Flags::CREATE) {
                    return Err(Errno::ENOENT);
                }
                if nlflags.contains(Flags::APPEND) {
                    notify_flags |= Flags::APPEND;
                    insert_at = same_key_end;
                } else {
                    insert_at = fa_first;
                }
            }
        }
        None => {
            if !nlflags.contains(Flags::CREATE) {
                return Err(Errno::ENOENT);
            }
            let k = r.order_key();
            insert_at = t
                .routes
                .iter()
                .position(|x| x.order_key() >= k)
                .unwrap_or(t.routes.len());
        }
    }
    super::nexthop::bind_route(c.ns, r.id, nh_id);
    if replace {
        notify_route(
            c,
            rtm::NEWROUTE,
            &r,
            (notify_flags | Flags::REPLACE).0,
            info,
        );
        return Ok(());
    }
    let t = c.ns.table_create(r.table);
    t.routes.insert(insert_at, r.clone());
    notify_route(c, rtm::NEWROUTE, &r, (notify_flags | Flags::CREATE).0, info);
    Ok(())
}

/// `fib_magic`: a kernel route for an address.
#[allow(clippy::too_many_arguments)]
fn magic(
    c: &mut Ctx<'_>,
    add: bool,
    kind: u8,
    dst: Ipv4Addr,
    len: u8,
    prefsrc: Ipv4Addr,
    oif: i32,
    priority: u32,
) {
    let tbl = if kind == rtn::UNICAST {
        table::MAIN
    } else {
        table::LOCAL
    };
    let mut r = Route {
        id: 0,
        table: tbl,
        dst: u32::from(dst) & prefix_mask(len),
        dst_len: len,
        tos: 0,
        priority,
        protocol: rtprot::KERNEL,
        scope: if kind == rtn::LOCAL {
            scope::HOST
        } else {
            scope::LINK
        },
        kind,
        prefsrc: Some(prefsrc),
        nhs: vec![Nh {
            gw: None,
            oif,
            weight: 1,
            flags: 0,
        }],
        multipath: false,
        metrics: None,
    };
    // fib_new_table for deletions too (with custom rules this can make main).
    c.ns.table_create(tbl);
    if add {
        let mut ext = Ext::default();
        if create_info(c.ns, &mut r, &mut ext).is_ok() {
            let _ = table_insert(c, r, Flags::CREATE | Flags::APPEND, None);
        }
    } else {
        let _ = table_delete(c, &r, true, None);
    }
}

/// `fib_table_delete`: removes the first route matching `want` (zero fields are
/// wildcards; with `exact_nh` the nexthop must match) and notifies.
fn table_delete(c: &mut Ctx<'_>, want: &Route, exact_nh: bool, info: ReqInfo) -> Result<(), Errno> {
    table_delete_nh(c, want, exact_nh, None, info)
}

/// [`table_delete`] with `fib_nh_match`'s handling of routes through nexthop objects:
/// with `nh_id` only a route through that object matches; without, a route through an
/// object matches only a request that names no device, gateway or paths.
fn table_delete_nh(
    c: &mut Ctx<'_>,
    want: &Route,
    exact_nh: bool,
    nh_id: Option<u32>,
    info: ReqInfo,
) -> Result<(), Errno> {
    let uses: Vec<(u64, u32)> = c.ns.nh.routes.clone();
    let obj_of = |rid: u64| uses.iter().find(|(r, _)| *r == rid).map(|(_, id)| *id);
    let names_nh = want.multipath
        || want
            .nhs
            .first()
            .is_some_and(|n| n.oif != 0 || n.gw.is_some());
    let Some(t) = c.ns.table_mut(want.table) else {
        return Err(Errno::ESRCH);
    };
    let pos = t.routes.iter().position(|x| {
        let obj = obj_of(x.id);
        let nh_ok = match (nh_id, obj) {
            (Some(id), o) => o == Some(id),
            (None, Some(_)) => !names_nh,
            (None, None) => nh_match(x, want, exact_nh),
        };
        x.dst == want.dst
            && x.dst_len == want.dst_len
            && x.tos == want.tos
            && (want.kind == 0 || x.kind == want.kind)
            && (want.scope == scope::NOWHERE || x.scope == want.scope)
            && (want.prefsrc.is_none() || x.prefsrc == want.prefsrc)
            && (want.protocol == 0 || x.protocol == want.protocol)
            && (want.priority == 0 || x.priority == want.priority)
            && nh_ok
    });
    let Some(pos) = pos else {
        return Err(Errno::ESRCH);
    };
    let r = t.routes.remove(pos);
    notify_route(c, rtm::DELROUTE, &r, 0, info);
    Ok(())
}

/// `fib_nh_match`.
fn nh_match(x: &Route, want: &Route, exact: bool) -> bool {
    if want.multipath {
        return x.nhs.len() == want.nhs.len()
            && x.nhs
                .iter()
                .zip(&want.nhs)
                .all(|(a, b)| (b.oif == 0 || a.oif == b.oif) && (b.gw.is_none() || a.gw == b.gw));
    }
    let Some(w) = want.nhs.first() else {
        return true;
    };
    if w.oif == 0 && w.gw.is_none() && !exact {
        return true;
    }
    x.nhs
        .iter()
        .take(1)
        .any(|a| (w.oif == 0 || a.oif == w.oif) && (w.gw.is_none() || a.gw == w.gw))
}

/// The primary address of the subnet of `a` on `l` (`a` itself if primary).
fn primary_of(l: &Link, a: &Ifa4) -> Option<Ifa4> {
    if !a.is_secondary() {
        return Some(a.clone());
    }
    l.addrs4
        .iter()
        .find(|p| !p.is_secondary() && p.prefixlen == a.prefixlen && p.matches(a.address))
        .cloned()
}

/// `fib_add_ifaddr`: the local route; when the device is up the broadcast and prefix
/// routes too.
pub(crate) fn fib_add_ifaddr(c: &mut Ctx<'_>, idx: i32, a: &Ifa4) {
    let Some(l) = c.ns.links.get(&idx) else {
        return;
    };
    let Some(prim) = primary_of(l, a) else {
        return;
    };
    let up = l.is_up();
    let lo = matches!(l.kind, crate::state::LinkKind::Loopback);
    let mask = a.mask();
    let prefix = Ipv4Addr::from(u32::from(a.address) & mask);
    magic(c, true, rtn::LOCAL, a.local, 32, prim.local, idx, 0);
    if !up {
        return;
    }
    if let Some(b) = a.broadcast {
        if b != Ipv4Addr::BROADCAST {
            magic(c, true, rtn::BROADCAST, b, 32, prim.local, idx, 0);
        }
    }
    if !prefix.is_unspecified() && !a.is_secondary() && (prefix != a.local || a.prefixlen < 32) {
        if a.flags & crate::hdr::ifa_f::NOPREFIXROUTE == 0 {
            let kind = if lo { rtn::LOCAL } else { rtn::UNICAST };
            magic(
                c,
                true,
                kind,
                prefix,
                a.prefixlen,
                prim.local,
                idx,
                a.rt_priority,
            );
        }
        if a.prefixlen < 31 {
            let brd = Ipv4Addr::from(u32::from(prefix) | !mask);
            magic(c, true, rtn::BROADCAST, brd, 32, prim.local, idx, 0);
        }
    }
}

/// `fib_del_ifaddr` for an address just removed from device `idx`. `dead`: the device
/// is going away, the other addresses are not looked at (the local and broadcast
/// routes are deleted whoever else uses them).
pub(crate) fn fib_del_ifaddr(c: &mut Ctx<'_>, idx: i32, a: &Ifa4, dead: bool) {
    let Some(l) = c.ns.links.get(&idx) else {
        return;
    };
    let lo = matches!(l.kind, crate::state::LinkKind::Loopback);
    let prim = if a.is_secondary() {
        match primary_of(l, a) {
            Some(p) => p,
            None => return,
        }
    } else {
        a.clone()
    };
    let mask = a.mask();
    let any = Ipv4Addr::from(u32::from(a.address) & mask);
    let brd = Ipv4Addr::from(u32::from(any) | !mask);
    let mut subnet = false;
    if !a.is_secondary() && !any.is_unspecified() && (any != a.local || a.prefixlen < 32) {
        if a.flags & crate::hdr::ifa_f::NOPREFIXROUTE == 0 {
            let kind = if lo { rtn::LOCAL } else { rtn::UNICAST };
            magic(c, false, kind, any, a.prefixlen, prim.local, idx, 0);
        }
        subnet = true;
    }
    let Some(l) = c.ns.links.get(&idx) else {
        return;
    };
    let others: Vec<Ifa4> = if dead { Vec::new() } else { l.addrs4.clone() };
    let local_ok = others.iter().any(|o| o.local == a.local);
    let brd_ok = a.broadcast.is_none()
        || others.iter().any(|o| {
            o.broadcast == a.broadcast
                || (!o.is_secondary()
                    && o.prefixlen < 31
                    && Some(Ipv4Addr::from(u32::from(o.address) | !o.mask())) == a.broadcast)
        });
    let brd1_ok = others.iter().any(|o| {
        o.broadcast == Some(brd)
            || (!o.is_secondary()
                && o.prefixlen < 31
                && Ipv4Addr::from((u32::from(o.address) & o.mask()) | !o.mask()) == brd)
    });
    if !brd_ok {
        if let Some(b) = a.broadcast {
            magic(c, false, rtn::BROADCAST, b, 32, prim.local, idx, 0);
        }
    }
    if subnet && a.prefixlen < 31 && !brd1_ok {
        magic(c, false, rtn::BROADCAST, brd, 32, prim.local, idx, 0);
    }
    if !local_ok {
        magic(c, false, rtn::LOCAL, a.local, 32, prim.local, idx, 0);
        // fib_sync_down_addr: routes preferring the vanished address go, silently.
        let gone = if dead {
            inet_addr_type_local(c.ns, a.local) != rtn::LOCAL
        } else {
            !c.ns
                .links
                .values()
                .any(|l| l.addrs4.iter().any(|o| o.local == a.local))
        };
        if gone {
            for t in &mut c.ns.tables {
                t.routes.retain(|r| r.prefsrc != Some(a.local));
            }
        }
    }
}

/// `NETDEV_UP`: nexthops through the device come back; address routes are added.
pub(crate) fn fib_netdev_up(c: &mut Ctx<'_>, idx: i32) {
    for t in &mut c.ns.tables {
        for r in &mut t.routes {
            for nh in &mut r.nhs {
                if nh.oif == idx {
                    nh.flags &= !(rtm_f::RTNH_DEAD | rtm_f::RTNH_LINKDOWN);
                }
            }
        }
    }
    let addrs =
        c.ns.links
            .get(&idx)
            .map(|l| l.addrs4.clone())
            .unwrap_or_default();
    for a in addrs {
        fib_add_ifaddr(c, idx, &a);
    }
    super::addr6::netdev_up(c, idx);
}

/// `NETDEV_DOWN` / `NETDEV_UNREGISTER` (`force`): nexthops through the device die
/// (host-scope ones survive a down); routes left without a live nexthop are flushed,
/// silently, as IPv4 does.
pub(crate) fn fib_netdev_down(c: &mut Ctx<'_>, idx: i32, force: bool) {
    fib_sync_down_dev(c, idx, force);
    super::addr6::netdev_down(c, idx, force);
}

/// `fib_disable_ip` after the last IPv4 address of device `idx` went
/// (`fib_inetaddr_event`): every IPv4 nexthop through it dies (routes flushed
/// silently), and its ARP entries are flushed (`arp_ifdown`), permanent ones too.
pub(crate) fn fib_disable_ip(c: &mut Ctx<'_>, idx: i32) {
    fib_sync_down_dev(c, idx, true);
    super::neigh::flush_dev_family(c, idx, family::INET);
}

/// `fib_sync_down_dev` + `fib_flush`: the IPv4 nexthops through device `idx` die (with
/// `force` host-scope ones too); routes left without a live nexthop go, silently.
fn fib_sync_down_dev(c: &mut Ctx<'_>, idx: i32, force: bool) {
    let mut changed = false;
    for t in &mut c.ns.tables {
        for r in &mut t.routes {
            if !force && r.scope == scope::HOST {
                continue;
            }
            for nh in &mut r.nhs {
                if nh.oif == idx {
                    nh.flags |= rtm_f::RTNH_DEAD | rtm_f::RTNH_LINKDOWN;
                }
            }
        }
        let before = t.routes.len();
        t.routes.retain(|r| {
            r.nhs.is_empty() || r.nhs.iter().any(|nh| nh.flags & rtm_f::RTNH_DEAD == 0)
        });
        changed |= before != t.routes.len();
    }
    if changed {
        c.ns.route_gen = c.ns.route_gen.wrapping_add(1);
    }
}

/// A parsed route request (`rtm_to_fib_config`).
struct Cfg {
    h: RtMsg,
    route: Route,
    has_oif: bool,
}

fn parse_cfg(msg: &nlwire_codec::Message<'_>, ext: &mut Ext) -> Result<Cfg, Errno> {
    let Some(h) = RtMsg::parse(msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    let attrs = msg.attrs(RtMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, rta_policy(), Strictness::Liberal, ext)?;
    if h.tos & 0x3 != 0 {
        ext.msg(texts::ROUTE_TOS);
        return Err(Errno::EINVAL);
    }
    if h.kind > rtn::MAX {
        ext.msg(texts::ROUTE_TYPE);
        return Err(Errno::EINVAL);
    }
    let mut tbl = u32::from(h.table);
    if let Some(t) = get(&tb, rta::TABLE).and_then(|a| u32_of(&a)) {
        tbl = t;
    }
    if tbl == table::UNSPEC {
        tbl = table::MAIN;
    }
    let oif = get(&tb, rta::OIF).and_then(|a| u32_of(&a)).unwrap_or(0);
    let gw = get(&tb, rta::GATEWAY)
        .and_then(|a| ip_of(&a))
        .filter(|g| !g.is_unspecified());
    let mut nhs = vec![Nh {
        gw,
        oif: oif as i32,
        weight: 1,
        flags: h.flags & rtm_f::RTNH_ONLINK,
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
            let flags = u32::from(p[off + 2]);
            let hops = p[off + 3];
            let ifindex = i32::from_ne_bytes([p[off + 4], p[off + 5], p[off + 6], p[off + 7]]);
            let inner = nlwire_codec::Attrs::with_offset(
                &p[off + RTNH_LEN..off + len],
                mp.payload_offset() + off + RTNH_LEN,
            );
            let itb = policy::parse(inner, rta_policy(), Strictness::Liberal, ext)?;
            let gw = get(&itb, rta::GATEWAY)
                .and_then(|a| ip_of(&a))
                .filter(|g| !g.is_unspecified());
            list.push(Nh {
                gw,
                oif: ifindex,
                weight: u16::from(hops) + 1,
                flags: flags & rtm_f::RTNH_ONLINK,
            });
            off += nlwire_codec::align(len).unwrap_or(len);
        }
        if off < p.len() || list.is_empty() {
            ext.msg(texts::MULTIPATH_INVALID);
            return Err(Errno::EINVAL);
        }
        multipath = list.len() > 1;
        nhs = list;
    }
    let dst = get(&tb, rta::DST)
        .and_then(|a| ip_of(&a))
        .map_or(0, u32::from);
    let route = Route {
        id: 0,
        table: tbl,
        dst,
        dst_len: h.dst_len,
        tos: h.tos,
        priority: get(&tb, rta::PRIORITY)
            .and_then(|a| u32_of(&a))
            .unwrap_or(0),
        protocol: h.protocol,
        scope: h.scope,
        kind: h.kind,
        prefsrc: get(&tb, rta::PREFSRC).and_then(|a| ip_of(&a)),
        nhs,
        multipath,
        metrics: get(&tb, rta::METRICS).map(|a| a.payload().to_vec()),
    };
    Ok(Cfg {
        h,
        route,
        has_oif: oif != 0,
    })
}

/// `RTM_NEWROUTE` (IPv4).
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
        c.ns.table_create(r.table);
        valid_key(r.dst, r.dst_len, ext)?;
        let nh_id = super::nexthop::route_hook(c.ns, &req.msg, &mut r, ext)?;
        if nh_id.is_none() {
            create_info(c.ns, &mut r, ext)?;
        }
        let _ = cfg.has_oif;
        table_insert_nh(c, r, nlflags, nh_id, info)?;
        Ok(Outcome::Done)
    })
}

/// `RTM_DELROUTE` (IPv4).
pub(crate) fn delroute(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let cfg = parse_cfg(&req.msg, ext)?;
    let info: ReqInfo = Some((
        req.seq(),
        req.sock,
        req.port,
        req.flags().contains(Flags::ECHO),
    ));
    st.with_ns(req.ns, |c| {
        let mut want = cfg.route;
        if c.ns.table(want.table).is_none() {
            ext.msg(texts::FIB_TABLE_MISSING);
            return Err(Errno::ESRCH);
        }
        valid_key(want.dst, want.dst_len, ext)?;
        if !cfg.has_oif && want.nhs.first().is_some_and(|n| n.gw.is_none()) && !want.multipath {
            want.nhs.clear();
        }
        let _ = cfg.h;
        let nh_id = super::nexthop::del_nh_id(c.ns, &req.msg, ext)?;
        table_delete_nh(c, &want, false, nh_id, info)?;
        Ok(Outcome::Done)
    })
}

/// `RTM_GETROUTE` without `NLM_F_DUMP`: a lookup.
pub(crate) fn getroute(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let msg = &req.msg;
    let Some(h) = RtMsg::parse(msg.payload()) else {
        ext.msg(texts::ROUTE_GET_HEADER);
        return Err(Errno::EINVAL);
    };
    if req.strict
        && ((h.src_len != 0 && h.src_len != 32)
            || (h.dst_len != 0 && h.dst_len != 32)
            || h.table != 0
            || h.protocol != 0
            || h.scope != 0
            || h.kind != 0)
    {
        ext.msg(texts::ROUTE_GET_VALUES);
        return Err(Errno::EINVAL);
    }
    let attrs = msg.attrs(RtMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let how = if req.strict {
        Strictness::DeprecatedStrict
    } else {
        Strictness::Liberal
    };
    let tb = policy::parse(attrs, rta_policy(), how, ext)?;
    if req.strict {
        for (t, a) in tb.iter().enumerate() {
            let Some(a) = a else { continue };
            if ![
                rta::IIF,
                rta::OIF,
                rta::SRC,
                rta::DST,
                27,
                28,
                29,
                rta::MARK,
                rta::UID,
            ]
            .contains(&u16::try_from(t).unwrap_or(u16::MAX))
            {
                let _ = a;
                ext.msg(texts::ROUTE_GET_ATTR);
                return Err(Errno::EINVAL);
            }
        }
    }
    let dst = get(&tb, rta::DST)
        .and_then(|a| ip_of(&a))
        .unwrap_or(Ipv4Addr::UNSPECIFIED);
    let src = get(&tb, rta::SRC).and_then(|a| ip_of(&a));
    let oif = get(&tb, rta::OIF).and_then(|a| u32_of(&a)).unwrap_or(0) as i32;
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    let lo_idx = lo_index(ns);
    if oif != 0 {
        match ns.links.get(&oif) {
            None => return Err(Errno::ENODEV),
            Some(l) if !l.is_up() => return Err(Errno::ENETUNREACH),
            _ => {}
        }
    }
    let dst_eff = if dst.is_unspecified() {
        src.unwrap_or(Ipv4Addr::LOCALHOST)
    } else {
        dst
    };
    let be16 = |t: u16| {
        get(&tb, t)
            .and_then(|a| {
                a.payload()
                    .get(..2)
                    .map(|b| u16::from_be_bytes([b[0], b[1]]))
            })
            .unwrap_or(0)
    };
    let mut fl = flow4(ns, dst_eff, src, oif);
    fl.mark = get(&tb, rta::MARK).and_then(|a| u32_of(&a)).unwrap_or(0);
    fl.uid = get(&tb, rta::UID).and_then(|a| u32_of(&a)).unwrap_or(0);
    fl.tos = h.tos;
    fl.ip_proto = get(&tb, 27)
        .and_then(|a| a.payload().first().copied())
        .unwrap_or(0);
    fl.sport = be16(28);
    fl.dport = be16(29);
    let iif = get(&tb, rta::IIF).and_then(|a| u32_of(&a)).unwrap_or(0) as i32;
    if iif != 0 {
        return input_lookup(st, req, h, dst, src, iif, fl);
    }
    let looked = fib_lookup(ns, &fl, scope::UNIVERSE);
    // rtm_table/RTA_TABLE say main unless RTM_F_LOOKUP_TABLE asks for the table used.
    let table_id = match &looked {
        Ok((_, t)) if h.flags & rtm_f::LOOKUP_TABLE != 0 => *t,
        _ => table::MAIN,
    };
    let res = looked.map(|(r, _)| r);
    let extra = (fl.mark, fl.uid, None);
    let mut buf = VecBuf::new();
    match res {
        Err(e) => {
            if oif != 0 && h.flags & rtm_f::FIB_MATCH != 0 {
                // fibmatch has no FIB entry to show for the on-link assumption.
                return Err(Errno::EHOSTUNREACH);
            } else if oif != 0 {
                // Any lookup error with an output device (no route, a rule's or a
                // route's reject): assume the destination is on that link.
                let saddr = src.or_else(|| select_addr(ns, oif, None, scope::LINK));
                write_lookup(
                    &mut buf,
                    req,
                    h,
                    dst,
                    src,
                    oif,
                    saddr,
                    None,
                    rtn::UNICAST,
                    false,
                    table_id,
                    extra,
                )
                .map_err(|_| Errno::EMSGSIZE)?;
            } else {
                return Err(e);
            }
        }
        Ok(res) => {
            if h.flags & rtm_f::FIB_MATCH != 0 {
                write_route(
                    &mut buf,
                    ns,
                    &res.route,
                    table_id,
                    rtm::NEWROUTE,
                    Flags::EMPTY,
                    req.seq(),
                    req.port,
                )
                .map_err(|_| Errno::EMSGSIZE)?;
            } else {
                let r = &res.route;
                let mut nh = res.nh;
                if r.multipath {
                    // Deterministic stand-in for the flow hash.
                    let total: u32 = r.nhs.iter().map(|n| u32::from(n.weight)).sum();
                    let mut pick = u32::from(dst_eff) % total.max(1);
                    for (i, n) in r.nhs.iter().enumerate() {
                        if n.flags & rtm_f::RTNH_DEAD != 0 {
                            continue;
                        }
                        if pick < u32::from(n.weight) {
                            nh = i;
                            break;
                        }
                        pick -= u32::from(n.weight);
                    }
                }
                let n = &r.nhs[nh];
                if r.kind == rtn::LOCAL {
                    let saddr = src.or(r.prefsrc).or(Some(dst_eff));
                    write_lookup(
                        &mut buf,
                        req,
                        h,
                        dst,
                        src,
                        lo_idx,
                        saddr,
                        None,
                        rtn::LOCAL,
                        true,
                        table_id,
                        extra,
                    )
                    .map_err(|_| Errno::EMSGSIZE)?;
                } else {
                    // An object's IPv6 gateway: RTA_VIA.
                    let via = super::nexthop::route_nh_id(ns, r.id)
                        .and_then(|id| super::nexthop::v6_gateways(ns, id).get(nh).copied())
                        .flatten()
                        .filter(|_| n.gw.is_none());
                    let nh_scope = if n.gw.is_some() || via.is_some() {
                        scope::LINK
                    } else {
                        scope::HOST
                    };
                    let saddr = src
                        .or(r.prefsrc)
                        .or_else(|| select_addr(ns, n.oif, n.gw, nh_scope));
                    write_lookup(
                        &mut buf,
                        req,
                        h,
                        dst,
                        src,
                        n.oif,
                        saddr,
                        n.gw,
                        r.kind,
                        false,
                        table_id,
                        (extra.0, extra.1, via),
                    )
                    .map_err(|_| Errno::EMSGSIZE)?;
                }
            }
        }
    }
    let bytes = buf.into_vec();
    let alloc = bytes.len() + 256;
    st.unicast(req.sock, bytes, alloc);
    Ok(Outcome::Done)
}

/// `RTM_GETROUTE` with `RTA_IIF`: `ip_route_input_slow` for a packet from `src` to
/// `dst` received on `iif`, with forwarding off (a new namespace's default): a martian
/// source is `EINVAL`; a local or broadcast destination is answered (output device
/// `lo`, `RTA_IIF`, no `RTA_UID`); anything else, and any lookup error, is
/// `EHOSTUNREACH`.
#[allow(clippy::too_many_arguments)]
fn input_lookup(
    st: &mut State,
    req: &Req<'_>,
    h: RtMsg,
    dst: Ipv4Addr,
    src: Option<Ipv4Addr>,
    iif: i32,
    mut fl: Flow,
) -> HResult {
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    if !ns.links.contains_key(&iif) {
        return Err(Errno::ENODEV);
    }
    let saddr = src.unwrap_or(Ipv4Addr::UNSPECIFIED);
    if saddr.is_unspecified()
        || saddr.is_multicast()
        || saddr.is_broadcast()
        || dst.is_unspecified()
    {
        return Err(Errno::EINVAL);
    }
    if saddr.is_loopback()
        && !matches!(
            ns.links.get(&iif).map(|l| &l.kind),
            Some(crate::state::LinkKind::Loopback)
        )
    {
        return Err(Errno::EINVAL);
    }
    fl.iif = iif;
    fl.oif = 0;
    fl.uid = 0;
    let (res, tbl) = fib_lookup(ns, &fl, scope::UNIVERSE).map_err(|_| Errno::EHOSTUNREACH)?;
    let kind = res.route.kind;
    let flags = match kind {
        rtn::LOCAL => rtm_f::RTCF_LOCAL,
        rtn::BROADCAST => rtm_f::RTCF_LOCAL | RTCF_BROADCAST,
        _ => return Err(Errno::EHOSTUNREACH),
    };
    let table_id = if h.flags & rtm_f::LOOKUP_TABLE != 0 {
        tbl
    } else {
        table::MAIN
    };
    let lo = lo_index(ns);
    let mut buf = VecBuf::new();
    (|| -> Result<(), EncodeError> {
        let mut b = Builder::message(&mut buf, rtm::NEWROUTE, Flags::EMPTY, req.seq(), req.port)?;
        let out = RtMsg {
            family: family::INET,
            dst_len: 32,
            src_len: 32,
            tos: h.tos,
            table: u8::try_from(table_id).unwrap_or(table::COMPAT),
            protocol: 0,
            scope: scope::UNIVERSE,
            kind,
            flags: rtm_f::CLONED | flags,
        };
        b.put_bytes(&out.bytes())?;
        b.put_u32(rta::TABLE, table_id)?;
        b.put_ipv4(rta::DST, dst)?;
        b.put_ipv4(rta::SRC, saddr)?;
        b.put_u32(rta::OIF, lo as u32)?;
        if fl.mark != 0 {
            b.put_u32(rta::MARK, fl.mark)?;
        }
        b.put_u32(rta::IIF, iif as u32)?;
        let mut ci = [0u8; 32];
        ci[0..4].copy_from_slice(&1u32.to_ne_bytes());
        b.put(rta::CACHEINFO, &ci)?;
        Ok(())
    })()
    .map_err(|_| Errno::EMSGSIZE)?;
    let bytes = buf.into_vec();
    let alloc = bytes.len() + 256;
    st.unicast(req.sock, bytes, alloc);
    Ok(Outcome::Done)
}

/// `RTCF_BROADCAST`.
const RTCF_BROADCAST: u32 = 0x1000_0000;

/// `rt_fill_info`: a lookup result.
#[allow(clippy::too_many_arguments)]
fn write_lookup<B: Buffer + ?Sized>(
    buf: &mut B,
    req: &Req<'_>,
    h: RtMsg,
    dst: Ipv4Addr,
    src: Option<Ipv4Addr>,
    oif: i32,
    saddr: Option<Ipv4Addr>,
    gw: Option<Ipv4Addr>,
    kind: u8,
    local: bool,
    table_id: u32,
    (mark, uid, via): (u32, u32, Option<Ipv6Addr>),
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, rtm::NEWROUTE, Flags::EMPTY, req.seq(), req.port)?;
    let mut flags = rtm_f::CLONED;
    if local {
        flags |= rtm_f::RTCF_LOCAL;
    }
    let out = RtMsg {
        family: family::INET,
        dst_len: 32,
        src_len: if src.is_some() { 32 } else { 0 },
        tos: h.tos,
        table: u8::try_from(table_id).unwrap_or(table::COMPAT),
        protocol: 0,
        scope: scope::UNIVERSE,
        kind,
        flags,
    };
    b.put_bytes(&out.bytes())?;
    b.put_u32(rta::TABLE, table_id)?;
    b.put_ipv4(rta::DST, dst)?;
    if let Some(s) = src {
        b.put_ipv4(rta::SRC, s)?;
    }
    b.put_u32(rta::OIF, oif as u32)?;
    if let Some(s) = saddr {
        if Some(s) != src {
            b.put_ipv4(rta::PREFSRC, s)?;
        }
    }
    if let Some(g) = gw {
        b.put_ipv4(rta::GATEWAY, g)?;
    } else if let Some(v) = via {
        put_via6(&mut b, v)?;
    }
    if mark != 0 {
        b.put_u32(rta::MARK, mark)?;
    }
    b.put_u32(rta::UID, uid)?;
    let mut ci = [0u8; 32];
    let clntref: u32 = if local { 1 } else { 2 };
    ci[0..4].copy_from_slice(&clntref.to_ne_bytes());
    b.put(rta::CACHEINFO, &ci)?;
    Ok(())
}

/// The filter of a route dump.
#[derive(Clone, Debug, Default)]
pub(crate) struct RouteFilter {
    pub table: Option<u32>,
    pub dev: Option<i32>,
    pub protocol: u8,
    pub kind: u8,
    pub cloned: bool,
    pub v4: bool,
    pub v6: bool,
}

/// Starts an `RTM_GETROUTE` dump.
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let msg = &req.msg;
    let fam = msg.payload().first().copied().unwrap_or(0);
    let mut f = RouteFilter {
        v4: fam == family::UNSPEC || fam == family::INET,
        v6: fam == family::UNSPEC || fam == family::INET6,
        ..RouteFilter::default()
    };
    let mut ext = Ext::default();
    let mut d = Dump::new(req, DumpKind::Route(RouteFilter::default()), true);
    if f.v4 || f.v6 {
        let r: Result<(), Errno> = (|| {
            if req.strict {
                let Some(h) = RtMsg::parse(msg.payload()) else {
                    ext.msg(texts::FIB_DUMP_HEADER);
                    return Err(Errno::EINVAL);
                };
                if h.dst_len != 0 || h.src_len != 0 || h.tos != 0 || h.scope != 0 {
                    ext.msg(texts::FIB_DUMP_VALUES);
                    return Err(Errno::EINVAL);
                }
                if h.flags & !(rtm_f::CLONED | rtm_f::PREFIX) != 0 {
                    ext.msg(texts::FIB_DUMP_FLAGS);
                    return Err(Errno::EINVAL);
                }
                f.cloned = h.flags & rtm_f::CLONED != 0;
                f.protocol = h.protocol;
                f.kind = h.kind;
                if h.table != 0 {
                    f.table = Some(u32::from(h.table));
                }
                let attrs = msg.attrs(RtMsg::LEN).map_err(|_| Errno::EINVAL)?;
                let tb =
                    policy::parse(attrs, rta_policy(), Strictness::DeprecatedStrict, &mut ext)?;
                for (t, a) in tb.iter().enumerate() {
                    let Some(a) = a else { continue };
                    match u16::try_from(t).unwrap_or(u16::MAX) {
                        rta::TABLE => f.table = u32_of(a),
                        rta::OIF => {
                            let i = u32_of(a).unwrap_or(0) as i32;
                            let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
                            if !ns.links.contains_key(&i) {
                                return Err(Errno::ENODEV);
                            }
                            f.dev = Some(i);
                        }
                        _ => {
                            let _ = a;
                            ext.msg(texts::DUMP_ATTR);
                            return Err(Errno::EINVAL);
                        }
                    }
                }
                // Linux 6.18 marks strict single-family FIB dumps as filtered even
                // without a filter; an AF_UNSPEC dump only when something filters.
                let filtered = h.flags != 0
                    || h.protocol != 0
                    || h.kind != 0
                    || f.table.is_some_and(|t| t != 0)
                    || f.dev.is_some();
                if fam != family::UNSPEC || filtered {
                    d.answer_flags |= Flags::DUMP_FILTERED;
                }
            } else if let Some(h) = RtMsg::parse(msg.payload()) {
                f.cloned = h.flags & rtm_f::CLONED != 0;
            }
            if let Some(t) = f.table.filter(|&t| t != 0) {
                let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
                if f.v4 && ns.table(t).is_none() {
                    if fam == family::INET {
                        ext.msg(texts::FIB_TABLE_MISSING_V4);
                        return Err(Errno::ENOENT);
                    }
                    f.v4 = false;
                }
                if f.v6 && !super::route6::table_exists(ns, t) {
                    if fam == family::INET6 {
                        ext.msg(texts::FIB6_TABLE_MISSING);
                        return Err(Errno::ENOENT);
                    }
                    f.v6 = false;
                }
            }
            Ok(())
        })();
        if let Err(e) = r {
            return start_dump(st, req, d.failed(e, ext));
        }
    }
    d.kind = DumpKind::Route(f);
    start_dump(st, req, d)
}

/// Fills one chunk of a route dump; the cursor is (table position, route position,
/// family phase: 0 IPv4, 1 IPv6); `AF_UNSPEC` dumps IPv4, then IPv6.
pub(crate) fn dump_fill(
    ns: &Netns,
    f: &RouteFilter,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    if f.cloned {
        return Ok(true);
    }
    if cursor[2] == 0 {
        if f.v4 && !dump_fill4(ns, f, cursor, out)? {
            return Ok(false);
        }
        *cursor = [0, 0, 1];
    }
    if !f.v6 {
        return Ok(true);
    }
    super::route6::dump_fill6(
        ns,
        f.table,
        f.dev,
        f.protocol,
        f.kind,
        &mut cursor[..2],
        out,
    )
}

fn dump_fill4(
    ns: &Netns,
    f: &RouteFilter,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let ti = usize::try_from(cursor[0]).unwrap_or(usize::MAX);
    for (tpos, t) in ns.tables.iter().enumerate().skip(ti) {
        if f.table.is_some_and(|x| x != 0 && x != t.id) {
            continue;
        }
        if cursor[0] != tpos as u64 {
            cursor[0] = tpos as u64;
            cursor[1] = 0;
        }
        let skip = usize::try_from(cursor[1]).unwrap_or(usize::MAX);
        for r in t.routes.iter().skip(skip) {
            let pass = (f.kind == 0 || r.kind == f.kind)
                && (f.protocol == 0 || r.protocol == f.protocol)
                && f.dev.is_none_or(|d| r.nhs.iter().any(|n| n.oif == d));
            if pass {
                let ok = out.put(|b, flags, seq, pid| {
                    write_route(b, ns, r, t.id, rtm::NEWROUTE, flags, seq, pid)
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
