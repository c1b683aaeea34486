//! Nexthop objects (`RTM_NEWNEXTHOP`/`RTM_DELNEXTHOP`/`RTM_GETNEXTHOP`): single
//! nexthops (device, gateway, blackhole, FDB) and groups (hash-threshold and resilient),
//! id allocation, replacement, removal from groups, and IPv4 and IPv6 routes that use
//! them through `RTA_NH_ID` (an IPv4 route reports an object's IPv6 gateway as
//! `RTA_VIA`; an IPv6 route refuses IPv4 objects; `RTM_DELROUTE` with `RTA_NH_ID`
//! deletes only a route through that object). An IPv4 gateway is checked through the
//! policy rules (`fib_check_nh` with table 0).
//!
//! IPv6 gateways are checked as `ip6_validate_gw` does (not local, on-link through the
//! rules); replacing an object notifies its IPv4 and IPv6 routes.

use std::collections::{BTreeMap, VecDeque};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::OnceLock;

use nlwire_codec::rtnl::nexthop::{nha, res_group};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, Message, MessageType};

use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::{rta, rtn, scope};
use crate::netlink::{Dump, DumpKind, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, Range, Strictness};
use crate::state::{Ctx, Netns, Nh, Nh6, Route, Route6, State};
use crate::texts;

/// `RTNH_F_ONLINK`: the only flag user space may set.
const ONLINK: u32 = 4;
/// `NHA_OP_FLAG_RESP_GRP_RESVD_0`: groups report that `resvd` carries `weight_high`.
const RESP_GRP_RESVD_0: u32 = 1 << 31;
/// The default idle timer of a resilient group (120 s in clock ticks).
const RES_IDLE_DEFAULT: u32 = 12000;
/// `RTA_NH_ID`: a route's nexthop object.
pub(crate) const RTA_NH_ID: u16 = 30;
/// An estimate of `fib_nlmsg_size()`.
const ROUTE_ALLOC: usize = 300;
/// An estimate of `nh_nlmsg_size()`.
const ALLOC: usize = 128;

/// What a nexthop object is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NhKind {
    /// A single nexthop.
    Single {
        oif: i32,
        gw: Option<Vec<u8>>,
        blackhole: bool,
        fdb: bool,
        /// The gateway is a local address (`fib_nh_scope` host, not link).
        host: bool,
    },
    /// A group of nexthops `(id, weight)`.
    Group {
        members: Vec<(u32, u32)>,
        /// Resilient: `(buckets, idle timer, unbalanced timer)`.
        res: Option<(u16, u32, u32)>,
        fdb: bool,
    },
}

/// A nexthop object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NhObj {
    pub id: u32,
    pub family: u8,
    pub protocol: u8,
    pub flags: u32,
    pub kind: NhKind,
}

impl NhObj {
    fn is_group(&self) -> bool {
        matches!(self.kind, NhKind::Group { .. })
    }
    fn is_fdb(&self) -> bool {
        matches!(
            self.kind,
            NhKind::Single { fdb: true, .. } | NhKind::Group { fdb: true, .. }
        )
    }
}

/// The nexthop objects of a namespace, by id (dump order).
#[derive(Clone, Debug, Default)]
pub(crate) struct Nexthops {
    pub objs: BTreeMap<u32, NhObj>,
    pub last_id: u32,
    /// IPv4 routes that use an object: `(route id, nexthop id)`.
    pub routes: Vec<(u64, u32)>,
}

fn nha_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        let mut hw = AttrPolicy::u32();
        hw.range = Some(Range::Unsigned(0, 1));
        let res = policy::table(
            res_group::UNBALANCED_TIMER,
            &[
                (res_group::BUCKETS, AttrPolicy::u16()),
                (res_group::IDLE_TIMER, AttrPolicy::u32()),
                (res_group::UNBALANCED_TIMER, AttrPolicy::u32()),
            ],
        );
        policy::table(
            nha::HW_STATS_ENABLE,
            &[
                (nha::ID, AttrPolicy::u32()),
                (nha::GROUP, AttrPolicy::binary(0)),
                (nha::GROUP_TYPE, AttrPolicy::u16()),
                (nha::BLACKHOLE, AttrPolicy::flag()),
                (nha::OIF, AttrPolicy::u32()),
                (nha::GATEWAY, AttrPolicy::binary(16)),
                (nha::ENCAP_TYPE, AttrPolicy::u16()),
                (nha::ENCAP, AttrPolicy::nested_any()),
                (nha::GROUPS, AttrPolicy::flag()),
                (nha::MASTER, AttrPolicy::u32()),
                (nha::FDB, AttrPolicy::flag()),
                (nha::RES_GROUP, AttrPolicy::nested(res)),
                (nha::OP_FLAGS, AttrPolicy::u32()),
                (nha::HW_STATS_ENABLE, hw),
            ],
        )
    })
}

type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn u32_of(a: &Attr<'_>) -> u32 {
    a.payload()
        .get(..4)
        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

/// `struct nhmsg`, parsed: (family, scope, protocol, resvd, flags).
fn parse_hdr(b: &[u8]) -> Option<(u8, u8, u8, u8, u32)> {
    let b = b.get(..8)?;
    Some((
        b[0],
        b[1],
        b[2],
        b[3],
        u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
    ))
}

/// `nh_fill_node`.
fn write_nh<B: Buffer + ?Sized>(
    buf: &mut B,
    nh: &NhObj,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let sc = match &nh.kind {
        NhKind::Group { .. }
        | NhKind::Single {
            blackhole: true, ..
        } => scope::UNIVERSE,
        // IPv6 nexthops always report link scope; an IPv4 gateway that is a local
        // address host scope.
        NhKind::Single {
            gw: Some(_),
            host: true,
            ..
        } => scope::HOST,
        NhKind::Single { gw: Some(_), .. } => scope::LINK,
        NhKind::Single { .. } if nh.family == family::INET6 => scope::LINK,
        NhKind::Single { .. } => scope::HOST,
    };
    let fam = if nh.is_group() { 0 } else { nh.family };
    let mut h = [0u8; 8];
    h[0] = fam;
    h[1] = sc;
    h[2] = nh.protocol;
    h[4..8].copy_from_slice(&nh.flags.to_ne_bytes());
    b.put_bytes(&h)?;
    b.put_u32(nha::ID, nh.id)?;
    match &nh.kind {
        NhKind::Group { members, res, fdb } => {
            if *fdb {
                b.put_flag(nha::FDB)?;
            }
            b.put_u16(nha::GROUP_TYPE, u16::from(res.is_some()))?;
            let mut g = Vec::with_capacity(members.len() * 8);
            for &(id, w) in members {
                let w = w.saturating_sub(1);
                g.extend_from_slice(&id.to_ne_bytes());
                g.push((w & 0xff) as u8);
                g.push(((w >> 8) & 0xff) as u8);
                g.extend_from_slice(&[0, 0]);
            }
            b.put(nha::GROUP, &g)?;
            if let Some((buckets, idle, unbalanced)) = res {
                b.nest(nha::RES_GROUP, |b| {
                    b.put_u16(res_group::BUCKETS, *buckets)?;
                    b.put_u32(res_group::IDLE_TIMER, *idle)?;
                    b.put_u32(res_group::UNBALANCED_TIMER, *unbalanced)?;
                    b.put_u64(res_group::UNBALANCED_TIME, 0)
                })?;
            }
            b.put_u32(nha::OP_FLAGS, RESP_GRP_RESVD_0)?;
        }
        NhKind::Single {
            oif,
            gw,
            blackhole,
            fdb,
            ..
        } => {
            if *blackhole {
                b.put_flag(nha::BLACKHOLE)?;
            } else {
                if *fdb {
                    b.put_flag(nha::FDB)?;
                } else if *oif != 0 {
                    b.put_u32(nha::OIF, *oif as u32)?;
                }
                if let Some(g) = gw {
                    b.put(nha::GATEWAY, g)?;
                }
            }
        }
    }
    b.finish();
    Ok(())
}

fn note(c: &mut Ctx<'_>, nh: &NhObj, kind: MessageType, req: &Req<'_>) {
    let mut b = VecBuf::new();
    // Nexthop notifications carry the request's own flags.
    if write_nh(&mut b, nh, kind, req.flags(), req.seq(), req.port).is_ok() {
        c.note(group::NEXTHOP, b.into_vec(), ALLOC, None);
    }
}

/// `rtm_to_nh_config` and the checks of `nexthop_add`: the object to create.
fn to_config(c: &Ctx<'_>, req: &Req<'_>, tb: &Tb<'_>, ext: &mut Ext) -> Result<NhObj, Errno> {
    let Some((fam, sc, proto, resvd, flags)) = parse_hdr(req.msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    if resvd != 0 || sc != 0 {
        ext.msg(texts::NH_HDR_VALUES);
        return Err(Errno::EINVAL);
    }
    if flags & !ONLINK != 0 {
        ext.msg(texts::NH_HDR_FLAGS);
        return Err(Errno::EINVAL);
    }
    let grp = get(tb, nha::GROUP);
    match fam {
        family::INET | family::INET6 => {}
        family::UNSPEC if grp.is_some() => {}
        _ => {
            ext.msg(texts::NH_FAMILY);
            return Err(Errno::EINVAL);
        }
    }
    let id = get(tb, nha::ID).map_or(0, |a| u32_of(&a));
    let fdb = get(tb, nha::FDB).is_some();
    if fdb {
        if get(tb, nha::OIF).is_some()
            || get(tb, nha::BLACKHOLE).is_some()
            || get(tb, nha::ENCAP).is_some()
        {
            ext.msg(texts::NH_FDB_WITH);
            return Err(Errno::EINVAL);
        }
        if flags != 0 {
            ext.msg(texts::NH_FDB_FLAGS);
            return Err(Errno::EINVAL);
        }
    }
    let mut obj = NhObj {
        id,
        family: fam,
        protocol: proto,
        flags,
        kind: NhKind::Single {
            oif: 0,
            gw: None,
            blackhole: false,
            fdb,
            host: false,
        },
    };
    if let Some(g) = grp {
        if fam != family::UNSPEC {
            ext.msg(texts::NH_GROUP_FAMILY);
            return Err(Errno::EINVAL);
        }
        let gtype = get(tb, nha::GROUP_TYPE).map_or(0, |a| {
            a.payload()
                .get(..2)
                .map_or(0, |b| u16::from_ne_bytes([b[0], b[1]]))
        });
        if gtype > 1 {
            ext.msg(texts::NH_GROUP_TYPE);
            return Err(Errno::EINVAL);
        }
        let p = g.payload();
        if p.is_empty() || p.len() % 8 != 0 {
            ext.msg(texts::NH_GROUP_LEN);
            return Err(Errno::EINVAL);
        }
        let mut members: Vec<(u32, u32)> = Vec::new();
        for e in p.chunks_exact(8) {
            if e[6] != 0 || e[7] != 0 {
                ext.msg(texts::NH_GROUP_RESVD);
                return Err(Errno::EINVAL);
            }
            let w = (u32::from(e[4]) | (u32::from(e[5]) << 8)) + 1;
            if w > 65535 {
                ext.msg(texts::NH_GROUP_WEIGHT);
                return Err(Errno::EINVAL);
            }
            let mid = u32::from_ne_bytes([e[0], e[1], e[2], e[3]]);
            if members.iter().any(|m| m.0 == mid) {
                ext.msg(texts::NH_GROUP_DUP);
                return Err(Errno::EINVAL);
            }
            members.push((mid, w));
        }
        for t in nha::GROUP_TYPE + 1..=nha::HW_STATS_ENABLE {
            let allowed =
                t == nha::HW_STATS_ENABLE || t == nha::FDB || (t == nha::RES_GROUP && gtype == 1);
            if get(tb, t).is_some() && !allowed {
                ext.msg(texts::NH_GROUP_OTHER);
                return Err(Errno::EINVAL);
            }
        }
        // nh_check_attr_group_rtnl: the members.
        let n = members.len();
        for &(mid, _) in &members {
            let Some(m) = c.ns.nh.objs.get(&mid) else {
                ext.msg(texts::NH_GROUP_MEMBER);
                return Err(Errno::EINVAL);
            };
            match &m.kind {
                NhKind::Group { res: None, .. } => {
                    ext.msg(texts::NH_GROUP_NESTED_MPATH);
                    return Err(Errno::EINVAL);
                }
                NhKind::Group { .. } => {
                    ext.msg(texts::NH_GROUP_NESTED_RES);
                    return Err(Errno::EINVAL);
                }
                NhKind::Single {
                    blackhole: true, ..
                } if n > 1 => {
                    ext.msg(texts::NH_GROUP_BLACKHOLE);
                    return Err(Errno::EINVAL);
                }
                _ => {}
            }
            if fdb && !m.is_fdb() {
                ext.msg(texts::NH_GROUP_NON_FDB);
                return Err(Errno::EINVAL);
            }
            if !fdb && m.is_fdb() {
                ext.msg(texts::NH_GROUP_FDB_MEMBER);
                return Err(Errno::EINVAL);
            }
        }
        let res = if gtype == 1 {
            let (mut buckets, mut idle, mut unbalanced) = (None, RES_IDLE_DEFAULT, 0);
            if let Some(r) = get(tb, nha::RES_GROUP) {
                for a in r.nested().flatten() {
                    match a.kind() {
                        res_group::BUCKETS => {
                            buckets = a
                                .payload()
                                .get(..2)
                                .map(|b| u16::from_ne_bytes([b[0], b[1]]));
                        }
                        res_group::IDLE_TIMER => idle = u32_of(&a),
                        res_group::UNBALANCED_TIMER => unbalanced = u32_of(&a),
                        _ => {}
                    }
                }
            }
            let Some(buckets) = buckets else {
                ext.msg(texts::NH_RES_BUCKETS);
                return Err(Errno::EINVAL);
            };
            Some((buckets, idle, unbalanced))
        } else {
            None
        };
        obj.kind = NhKind::Group { members, res, fdb };
        return Ok(obj);
    }
    if get(tb, nha::BLACKHOLE).is_some() {
        if get(tb, nha::GATEWAY).is_some()
            || get(tb, nha::OIF).is_some()
            || get(tb, nha::ENCAP).is_some()
            || fdb
        {
            ext.msg(texts::NH_BLACKHOLE_WITH);
            return Err(Errno::EINVAL);
        }
        // The blackhole uses the loopback device, which must be up.
        if !c.ns.links.get(&1).is_some_and(|l| l.is_up()) {
            ext.msg(texts::NH_BLACKHOLE_DOWN);
            return Err(Errno::ENETDOWN);
        }
        obj.kind = NhKind::Single {
            oif: 0,
            gw: None,
            blackhole: true,
            fdb: false,
            host: false,
        };
        return Ok(obj);
    }
    let oif_attr = get(tb, nha::OIF);
    if !fdb && oif_attr.is_none() {
        ext.msg(texts::NH_NO_DEVICE);
        return Err(Errno::EINVAL);
    }
    let mut oif = 0i32;
    if let Some(a) = oif_attr {
        oif = u32_of(&a) as i32;
        let Some(l) = c.ns.links.get(&oif).filter(|_| oif != 0) else {
            ext.msg(texts::NH_BAD_DEVICE);
            return Err(Errno::EINVAL);
        };
        if !l.is_up() {
            ext.msg(texts::NH_DEVICE_DOWN);
            return Err(Errno::ENETDOWN);
        }
        if !l.carrier {
            ext.msg(texts::NH_NO_CARRIER);
            return Err(Errno::ENETDOWN);
        }
    }
    let mut gw = None;
    if let Some(a) = get(tb, nha::GATEWAY) {
        let want = if fam == family::INET6 { 16 } else { 4 };
        if a.payload().len() != want {
            ext.msg(texts::NH_GATEWAY_LEN);
            return Err(Errno::EINVAL);
        }
        gw = Some(a.payload().to_vec());
    } else if flags & ONLINK != 0 {
        ext.msg(texts::NH_ONLINK_NO_GW);
        return Err(Errno::EINVAL);
    }
    // An IPv4 gateway must resolve, through the policy rules, to a unicast or local
    // route of the device (`fib_check_nh` with table 0), unless onlink; an IPv6 one
    // must not be a local address and be on-link (`ip6_validate_gw`, table 0).
    let mut host = false;
    if let (Some(g), false, false) = (&gw, fdb, flags & ONLINK != 0) {
        if fam == family::INET {
            let a = Ipv4Addr::new(g[0], g[1], g[2], g[3]);
            let (_, sc) = super::route::check_gw4(c.ns, a, oif, 0, scope::UNIVERSE, ext)?;
            host = sc == scope::HOST;
        } else if let Ok(a) = <[u8; 16]>::try_from(&g[..]) {
            super::route6::check_gw6(c.ns, Ipv6Addr::from(a), oif, ext)?;
        }
    }
    obj.kind = NhKind::Single {
        oif,
        gw,
        blackhole: false,
        fdb,
        host,
    };
    Ok(obj)
}

/// `RTM_NEWNEXTHOP` (`rtm_new_nexthop`).
pub(crate) fn newnexthop(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let attrs = req
        .msg
        .attrs(8.min(req.msg.payload().len()))
        .map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, nha_policy(), Strictness::Strict, ext)?;
    let nl = req.flags();
    st.with_ns(req.ns, |c| {
        let mut obj = to_config(c, req, &tb, ext)?;
        let replace = nl.contains(Flags::REPLACE);
        if replace && obj.id == 0 {
            ext.msg(texts::NH_REPLACE_NO_ID);
            return Err(Errno::EINVAL);
        }
        if obj.id == 0 {
            // nh_find_unused_id: after the last id handed out, skipping used ones.
            let mut id = c.ns.nh.last_id;
            loop {
                id = id.wrapping_add(1).max(1);
                if !c.ns.nh.objs.contains_key(&id) {
                    break;
                }
            }
            c.ns.nh.last_id = id;
            obj.id = id;
        }
        match c.ns.nh.objs.get(&obj.id) {
            Some(old) if replace => {
                if !old.is_group() && obj.is_group() {
                    ext.msg(texts::NH_REPLACE_WITH_GROUP);
                    return Err(Errno::EINVAL);
                }
                if old.is_group() && !obj.is_group() {
                    ext.msg(texts::NH_REPLACE_GROUP);
                    return Err(Errno::EINVAL);
                }
            }
            Some(_) => return Err(Errno::EEXIST),
            None if replace && !nl.contains(Flags::CREATE) => {
                ext.msg(texts::NH_REPLACE_MISSING);
                return Err(Errno::ENOENT);
            }
            None => {}
        }
        let replaced = c.ns.nh.objs.insert(obj.id, obj.clone()).is_some();
        refresh_routes(c.ns);
        note(c, &obj, rtm::NEWNEXTHOP, req);
        if replaced {
            replace_notify(c, obj.id, req);
        }
        Ok(Outcome::Done)
    })
}

/// `nexthop_replace_notify`: `RTM_NEWROUTE` with `NLM_F_REPLACE` (and the request's seq
/// and port) for the routes using `id` (IPv4, then IPv6), then for those using a group
/// containing it.
fn replace_notify(c: &mut Ctx<'_>, id: u32, req: &Req<'_>) {
    let mut users = vec![id];
    users.extend(c.ns.nh.objs.values().filter_map(|g| match &g.kind {
        NhKind::Group { members, .. } if members.iter().any(|m| m.0 == id) => Some(g.id),
        _ => None,
    }));
    let mut notes = Vec::new();
    for u in users {
        for &(rid, _) in c.ns.nh.routes.iter().filter(|(_, x)| *x == u) {
            let Some(r) =
                c.ns.tables
                    .iter()
                    .flat_map(|t| t.routes.iter())
                    .find(|r| r.id == rid)
            else {
                continue;
            };
            let mut b = VecBuf::new();
            let kind = rtm::NEWROUTE;
            let ok = super::route::write_route(
                &mut b,
                c.ns,
                r,
                r.table,
                kind,
                Flags::REPLACE,
                req.seq(),
                req.port,
            );
            if ok.is_ok() {
                notes.push((group::IPV4_ROUTE, b.into_vec()));
            }
        }
        // Then the IPv6 routes through it (`fib6_rt_update`).
        for r in c.ns.tables6.iter().flat_map(|t| t.routes.iter()) {
            if r.nh_id != Some(u) {
                continue;
            }
            let mut b = VecBuf::new();
            let ok = super::route6::write_route6(
                &mut b,
                c.ns,
                r,
                0,
                rtm::NEWROUTE,
                Flags::REPLACE,
                req.seq(),
                req.port,
            );
            if ok.is_ok() {
                notes.push((group::IPV6_ROUTE, b.into_vec()));
            }
        }
    }
    for (g, n) in notes {
        c.note(g, n, ROUTE_ALLOC, None);
    }
}

/// `nh_valid_get_del_req`: the `NHA_ID` of a get (`get`: `NHA_OP_FLAGS` allowed too)
/// or delete request.
fn req_id(req: &Req<'_>, get_req: bool, ext: &mut Ext) -> Result<u32, Errno> {
    let hdr = parse_hdr(req.msg.payload());
    if hdr.is_some_and(|(_, sc, proto, resvd, flags)| (sc | proto | resvd) != 0 || flags != 0) {
        ext.msg(texts::NH_GET_VALUES);
        return Err(Errno::EINVAL);
    }
    let attrs = req
        .msg
        .attrs(8.min(req.msg.payload().len()))
        .map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, nha_policy(), Strictness::Strict, ext)?;
    for (t, a) in tb.iter().enumerate() {
        let Some(a) = a else { continue };
        let t = u16::try_from(t).unwrap_or(u16::MAX);
        if t != nha::ID && !(get_req && t == nha::OP_FLAGS) {
            ext.msg_attr(texts::UNSUPPORTED_ATTR, a);
            return Err(Errno::EINVAL);
        }
    }
    match get(&tb, nha::ID).map(|a| u32_of(&a)) {
        Some(0) => {
            ext.msg(texts::NH_GROUP_MEMBER);
            Err(Errno::EINVAL)
        }
        Some(id) => Ok(id),
        None => {
            ext.msg(texts::NH_ID_MISSING);
            Err(Errno::EINVAL)
        }
    }
}

/// Removes `id` and its dependants: `RTM_DELNEXTHOP` for it, then for groups left
/// empty, then `RTM_NEWNEXTHOP` for groups that shrank (only with a requester: device
/// teardown is silent). Routes using removed objects go away without notification.
fn remove(c: &mut Ctx<'_>, id: u32, req: Option<&Req<'_>>) {
    let Some(obj) = c.ns.nh.objs.remove(&id) else {
        return;
    };
    if let Some(r) = req {
        note(c, &obj, rtm::DELNEXTHOP, r);
    }
    let mut emptied = Vec::new();
    let mut shrunk = Vec::new();
    for g in c.ns.nh.objs.values_mut() {
        if let NhKind::Group { members, .. } = &mut g.kind {
            if members.iter().any(|m| m.0 == id) {
                members.retain(|m| m.0 != id);
                if members.is_empty() {
                    emptied.push(g.id);
                } else {
                    shrunk.push(g.id);
                }
            }
        }
    }
    for gid in emptied {
        if let Some(g) = c.ns.nh.objs.remove(&gid) {
            if let Some(r) = req {
                note(c, &g, rtm::DELNEXTHOP, r);
            }
        }
    }
    if let Some(r) = req {
        for gid in shrunk.iter().rev() {
            if let Some(g) = c.ns.nh.objs.get(gid).cloned() {
                note(c, &g, rtm::NEWNEXTHOP, r);
            }
        }
    }
    refresh_routes(c.ns);
}

/// `RTM_DELNEXTHOP`.
pub(crate) fn delnexthop(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let id = req_id(req, false, ext)?;
    st.with_ns(req.ns, |c| {
        if !c.ns.nh.objs.contains_key(&id) {
            return Err(Errno::ENOENT);
        }
        remove(c, id, Some(req));
        Ok(Outcome::Done)
    })
}

/// `RTM_GETNEXTHOP` without `NLM_F_DUMP`.
pub(crate) fn getnexthop(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let id = req_id(req, true, ext)?;
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    let obj = ns.nh.objs.get(&id).ok_or(Errno::ENOENT)?;
    let mut b = VecBuf::new();
    write_nh(
        &mut b,
        obj,
        rtm::NEWNEXTHOP,
        Flags::EMPTY,
        req.seq(),
        req.port,
    )
    .map_err(|_| Errno::EMSGSIZE)?;
    let v = b.into_vec();
    let alloc = v.len();
    st.unicast(req.sock, v, alloc);
    Ok(Outcome::Done)
}

/// Starts an `RTM_GETNEXTHOP` dump (`rtm_dump_nexthop`): in id order, filtered by
/// family, `NHA_GROUPS`, `NHA_OIF` and `NHA_MASTER`; `NLMSG_DONE` shares the last
/// datagram. (`NHA_FDB` was seen not to filter on Linux 6.18.)
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let payload = req.msg.payload();
    let mut ext = Ext::default();
    let mut fam = 0u8;
    let mut groups = false;
    let mut oif = None;
    let mut master = None;
    let r: Result<(), Errno> = (|| {
        let Some((f, sc, proto, resvd, flags)) = parse_hdr(payload) else {
            ext.msg(texts::INVALID_HEADER_LEN);
            return Err(Errno::EINVAL);
        };
        if sc != 0 || proto != 0 || resvd != 0 || flags != 0 {
            ext.msg(texts::NH_DUMP_VALUES);
            return Err(Errno::EINVAL);
        }
        fam = f;
        let attrs = req.msg.attrs(8).map_err(|_| Errno::EINVAL)?;
        let tb = policy::parse(attrs, nha_policy(), Strictness::Strict, &mut ext)?;
        for (t, a) in tb.iter().enumerate() {
            let Some(a) = a else { continue };
            match u16::try_from(t).unwrap_or(u16::MAX) {
                nha::GROUPS => groups = true,
                nha::FDB | nha::OP_FLAGS => {}
                nha::OIF => oif = Some(u32_of(a) as i32),
                nha::MASTER => master = Some(u32_of(a) as i32),
                _ => {
                    ext.msg_attr(texts::UNSUPPORTED_ATTR, a);
                    return Err(Errno::EINVAL);
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = r {
        let d = Dump::new(req, DumpKind::Empty, false);
        return start_dump(st, req, d.failed(e, ext));
    }
    let mut q = VecDeque::new();
    if let Some(ns) = st.nss.get(&req.ns) {
        for obj in ns.nh.objs.values() {
            let dev = match &obj.kind {
                NhKind::Single { oif, .. } => *oif,
                NhKind::Group { .. } => 0,
            };
            let pass = (fam == 0 || (!obj.is_group() && obj.family == fam))
                && (!groups || obj.is_group())
                && oif.is_none_or(|o| !obj.is_group() && dev == o)
                && master.is_none_or(|m| {
                    !obj.is_group() && ns.links.get(&dev).and_then(|l| l.master) == Some(m)
                });
            if !pass {
                continue;
            }
            let mut b = VecBuf::new();
            if write_nh(
                &mut b,
                obj,
                rtm::NEWNEXTHOP,
                Flags::EMPTY,
                req.seq(),
                req.port,
            )
            .is_ok()
            {
                q.push_back(b.into_vec());
            }
        }
    }
    let d = Dump::new(req, DumpKind::Prepared(q), false);
    start_dump(st, req, d)
}

/// `nexthop_flush_dev`: the device `idx` goes away with the nexthops that use it
/// (silently: no notifications).
pub(crate) fn flush_dev(c: &mut Ctx<'_>, idx: i32) {
    let ids: Vec<u32> =
        c.ns.nh
            .objs
            .values()
            .filter(|o| matches!(o.kind, NhKind::Single { oif, .. } if oif == idx))
            .map(|o| o.id)
            .collect();
    for id in ids {
        remove(c, id, None);
    }
}

/// The route nexthops an object stands for: `(nexthops, multipath, blackhole)`.
fn expand(ns: &Netns, id: u32) -> Option<(Vec<Nh>, bool, bool)> {
    let obj = ns.nh.objs.get(&id)?;
    let single = |o: &NhObj, weight: u32| -> Option<Nh> {
        match &o.kind {
            NhKind::Single {
                oif, gw, blackhole, ..
            } => Some(Nh {
                gw: gw
                    .as_ref()
                    .filter(|g| g.len() == 4)
                    .map(|g| Ipv4Addr::new(g[0], g[1], g[2], g[3])),
                oif: if *blackhole { 1 } else { *oif },
                weight: u16::try_from(weight).unwrap_or(u16::MAX),
                flags: o.flags,
            }),
            NhKind::Group { .. } => None,
        }
    };
    match &obj.kind {
        NhKind::Single { blackhole, .. } => Some((vec![single(obj, 1)?], false, *blackhole)),
        NhKind::Group { members, .. } => {
            let mut v = Vec::new();
            let mut bh = false;
            for &(m, w) in members {
                let o = ns.nh.objs.get(&m)?;
                bh |= matches!(
                    o.kind,
                    NhKind::Single {
                        blackhole: true,
                        ..
                    }
                );
                v.push(single(o, w)?);
            }
            let mp = v.len() > 1;
            Some((v, mp, bh))
        }
    }
}

/// Re-expands every route that uses an object; removes those whose object is gone.
fn refresh_routes(ns: &mut Netns) {
    let links = std::mem::take(&mut ns.nh.routes);
    let mut keep = Vec::new();
    for (rid, id) in links {
        let e = expand(ns, id);
        for t in &mut ns.tables {
            if let Some(pos) = t.routes.iter().position(|r| r.id == rid) {
                match &e {
                    Some((nhs, mp, _)) => {
                        if let Some(r) = t.routes.get_mut(pos) {
                            r.nhs = nhs.clone();
                            r.multipath = *mp;
                        }
                        keep.push((rid, id));
                    }
                    None => {
                        t.routes.remove(pos);
                    }
                }
            }
        }
    }
    ns.nh.routes = keep;
    // IPv6 routes carry their object's id.
    for i in 0..ns.tables6.len() {
        let mut routes = std::mem::take(&mut ns.tables6[i].routes);
        routes.retain_mut(|r| {
            let Some(id) = r.nh_id else { return true };
            match expand6(ns, id) {
                Some((nhs, _)) => {
                    r.nhs = nhs;
                    true
                }
                None => false,
            }
        });
        ns.tables6[i].routes = routes;
    }
}

/// The IPv6 route nexthops an object stands for: `(nexthops, blackhole)`.
fn expand6(ns: &Netns, id: u32) -> Option<(Vec<Nh6>, bool)> {
    let obj = ns.nh.objs.get(&id)?;
    let lo = ns
        .links
        .values()
        .find(|l| matches!(l.kind, crate::state::LinkKind::Loopback))
        .map_or(1, |l| l.index);
    let single = |o: &NhObj, weight: u32| -> Option<(Nh6, bool)> {
        match &o.kind {
            NhKind::Single {
                oif, gw, blackhole, ..
            } => Some((
                Nh6 {
                    gw: gw
                        .as_ref()
                        .and_then(|g| <[u8; 16]>::try_from(&g[..]).ok())
                        .map(Ipv6Addr::from),
                    oif: if *blackhole { lo } else { *oif },
                    weight: u16::try_from(weight).unwrap_or(u16::MAX),
                    dead: false,
                },
                *blackhole,
            )),
            NhKind::Group { .. } => None,
        }
    };
    match &obj.kind {
        NhKind::Single { .. } => single(obj, 1).map(|(n, bh)| (vec![n], bh)),
        NhKind::Group { members, .. } => {
            let mut v = Vec::new();
            let mut bh = false;
            for &(m, w) in members {
                let (n, b) = single(ns.nh.objs.get(&m)?, w)?;
                bh |= b;
                v.push(n);
            }
            Some((v, bh))
        }
    }
}

/// Whether object `id` is a group (an IPv6 route through it is reported with
/// `RTA_MULTIPATH` even with one member left).
pub(crate) fn is_group(ns: &Netns, id: u32) -> bool {
    ns.nh.objs.get(&id).is_some_and(NhObj::is_group)
}

/// The IPv6 gateways of object `id`'s nexthops, in the order of the route's nexthops
/// (`None` where a nexthop has none or an IPv4 one): an IPv4 route reports them as
/// `RTA_VIA`.
pub(crate) fn v6_gateways(ns: &Netns, id: u32) -> Vec<Option<Ipv6Addr>> {
    let gw6 = |o: &NhObj| match &o.kind {
        NhKind::Single { gw: Some(g), .. } => <[u8; 16]>::try_from(&g[..]).ok().map(Ipv6Addr::from),
        _ => None,
    };
    match ns.nh.objs.get(&id) {
        Some(
            o @ NhObj {
                kind: NhKind::Single { .. },
                ..
            },
        ) => vec![gw6(o)],
        Some(NhObj {
            kind: NhKind::Group { members, .. },
            ..
        }) => members
            .iter()
            .map(|(m, _)| ns.nh.objs.get(m).and_then(gw6))
            .collect(),
        None => Vec::new(),
    }
}

/// Route hook (`RTM_NEWROUTE`, IPv6; `fib6_check_nexthop`): if the request has
/// `RTA_NH_ID`, checks it (the object must exist, not be IPv4 nor contain IPv4
/// nexthops, not be FDB) and makes `r` use it.
pub(crate) fn route6_hook(
    ns: &Netns,
    msg: &Message<'_>,
    r: &mut Route6,
    ext: &mut Ext,
) -> Result<(), Errno> {
    let Ok(attrs) = msg.attrs(12) else {
        return Ok(());
    };
    let (mut id, mut spec) = (None, false);
    for a in attrs.flatten() {
        match a.kind() {
            RTA_NH_ID => id = Some(u32_of(&a)),
            rta::OIF | rta::GATEWAY | rta::MULTIPATH => spec = true,
            _ => {}
        }
    }
    let Some(id) = id else { return Ok(()) };
    if spec {
        ext.msg(texts::NH_ID_EXCLUSIVE);
        return Err(Errno::EINVAL);
    }
    let Some(obj) = ns.nh.objs.get(&id) else {
        ext.msg(texts::NH_ID_UNKNOWN);
        return Err(Errno::EINVAL);
    };
    // A blackhole made without a family counts as IPv4, as on the kernel.
    let v4 = match &obj.kind {
        NhKind::Single { .. } => obj.family != family::INET6,
        NhKind::Group { members, .. } => members
            .iter()
            .any(|(m, _)| ns.nh.objs.get(m).is_some_and(|o| o.family != family::INET6)),
    };
    if v4 {
        ext.msg(texts::ROUTE6_V4_NH);
        return Err(Errno::EINVAL);
    }
    if obj.is_fdb() {
        ext.msg(texts::ROUTE_FDB_NH);
        return Err(Errno::EINVAL);
    }
    let Some((nhs, bh)) = expand6(ns, id) else {
        ext.msg(texts::NH_ID_UNKNOWN);
        return Err(Errno::EINVAL);
    };
    r.nhs = nhs;
    if bh {
        r.kind = rtn::BLACKHOLE;
    }
    r.nh_id = Some(id);
    Ok(())
}

/// `RTM_DELROUTE` with `RTA_NH_ID`: `Ok(Some(id))` when the request names an
/// existing object (only routes through it match), `Ok(None)` without the attribute;
/// an unknown id is `EINVAL` "Nexthop id does not exist".
pub(crate) fn del_nh_id(
    ns: &Netns,
    msg: &Message<'_>,
    ext: &mut Ext,
) -> Result<Option<u32>, Errno> {
    let Ok(attrs) = msg.attrs(12) else {
        return Ok(None);
    };
    let Some(id) = attrs
        .flatten()
        .find(|a| a.kind() == RTA_NH_ID)
        .map(|a| u32_of(&a))
    else {
        return Ok(None);
    };
    if !ns.nh.objs.contains_key(&id) {
        ext.msg(texts::NH_ID_UNKNOWN);
        return Err(Errno::EINVAL);
    }
    Ok(Some(id))
}

/// Route hook (`RTM_NEWROUTE`, IPv4): if the request has `RTA_NH_ID`, checks it and
/// makes `r` use the object. Returns the id, to hand to [`bind_route`] when the route
/// is inserted; `None` when the route has its own nexthops.
pub(crate) fn route_hook(
    ns: &Netns,
    msg: &Message<'_>,
    r: &mut Route,
    ext: &mut Ext,
) -> Result<Option<u32>, Errno> {
    let Ok(attrs) = msg.attrs(12) else {
        return Ok(None);
    };
    let (mut id, mut spec) = (None, false);
    for a in attrs.flatten() {
        match a.kind() {
            RTA_NH_ID => id = Some(u32_of(&a)),
            rta::OIF | rta::GATEWAY | rta::MULTIPATH => spec = true,
            _ => {}
        }
    }
    let Some(id) = id else { return Ok(None) };
    if spec {
        ext.msg(texts::NH_ID_EXCLUSIVE);
        return Err(Errno::EINVAL);
    }
    let Some((nhs, mp, bh)) = expand(ns, id) else {
        ext.msg(texts::NH_ID_UNKNOWN);
        return Err(Errno::EINVAL);
    };
    if ns.nh.objs.get(&id).is_some_and(NhObj::is_fdb) {
        ext.msg(texts::NH_ID_UNKNOWN);
        return Err(Errno::EINVAL);
    }
    r.nhs = nhs;
    r.multipath = mp;
    if bh {
        r.kind = rtn::BLACKHOLE;
    }
    Ok(Some(id))
}

/// Records that the route with id `rid` uses the object `id` (see [`route_hook`]), or
/// none (a replace by a route with its own nexthops).
pub(crate) fn bind_route(ns: &mut Netns, rid: u64, id: Option<u32>) {
    ns.nh.routes.retain(|(r, _)| *r != rid);
    if let Some(id) = id {
        ns.nh.routes.push((rid, id));
    }
}

/// The object a route uses, for `RTA_NH_ID` in route messages.
pub(crate) fn route_nh_id(ns: &Netns, route_id: u64) -> Option<u32> {
    ns.nh
        .routes
        .iter()
        .find(|(r, _)| *r == route_id)
        .map(|(_, id)| *id)
}
