//! IPv4 addresses: `RTM_NEWADDR`/`RTM_DELADDR`/`RTM_GETADDR`, primaries and
//! secondaries, the kernel-made routes (through [`super::route`]), notifications.

use std::net::Ipv4Addr;
use std::sync::OnceLock;

use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::{IfAddrMsg, ifa, ifa_f, scope};
use crate::netlink::{Dump, DumpKind, DumpOut, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, PolicyKind, Strictness};
use crate::state::{Ctx, Ifa4, Netns, SockId, State};
use crate::texts;

/// `INFINITY_LIFE_TIME`.
const INFINITY: u32 = u32::MAX;
/// `inet_nlmsg_size()`: what the kernel allocates for an address notification.
const ALLOC: usize = 120;

fn ifa_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            ifa::MAX,
            &[
                (ifa::ADDRESS, AttrPolicy::u32()),
                (ifa::LOCAL, AttrPolicy::u32()),
                (ifa::LABEL, AttrPolicy::string(15)),
                (ifa::BROADCAST, AttrPolicy::u32()),
                (
                    ifa::CACHEINFO,
                    AttrPolicy {
                        kind: PolicyKind::Unspec,
                        len: 16,
                        range: None,
                    },
                ),
                (ifa::FLAGS, AttrPolicy::u32()),
                (ifa::RT_PRIORITY, AttrPolicy::u32()),
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

fn ip(tb: &Tb<'_>, t: u16) -> Option<Ipv4Addr> {
    get(tb, t)
        .and_then(|a| a.payload().get(..4))
        .map(|b| Ipv4Addr::new(b[0], b[1], b[2], b[3]))
}

/// Writes one address message.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_addr<B: Buffer + ?Sized>(
    buf: &mut B,
    index: i32,
    a: &Ifa4,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
    now: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let h = IfAddrMsg {
        family: family::INET,
        prefixlen: a.prefixlen,
        flags: (a.flags & 0xff) as u8,
        scope: a.scope,
        index: index as u32,
    };
    b.put_bytes(&h.bytes())?;
    if !a.address.is_unspecified() {
        b.put_ipv4(ifa::ADDRESS, a.address)?;
    }
    if !a.local.is_unspecified() {
        b.put_ipv4(ifa::LOCAL, a.local)?;
    }
    if let Some(bc) = a.broadcast {
        b.put_ipv4(ifa::BROADCAST, bc)?;
    }
    if !a.label.is_empty() {
        b.put_str(ifa::LABEL, &a.label)?;
    }
    if a.proto != 0 {
        b.put_u8(ifa::PROTO, a.proto)?;
    }
    b.put_u32(ifa::FLAGS, a.flags)?;
    if a.rt_priority != 0 {
        b.put_u32(ifa::RT_PRIORITY, a.rt_priority)?;
    }
    // struct ifa_cacheinfo: preferred, valid (remaining), cstamp, tstamp.
    let elapsed = now.saturating_sub(a.tstamp) / 100;
    let left = |v: u32| {
        if v == INFINITY {
            INFINITY
        } else {
            v.saturating_sub(elapsed)
        }
    };
    let mut ci = [0u8; 16];
    ci[0..4].copy_from_slice(&left(a.preferred).to_ne_bytes());
    ci[4..8].copy_from_slice(&left(a.valid).to_ne_bytes());
    ci[8..12].copy_from_slice(&a.cstamp.to_ne_bytes());
    ci[12..16].copy_from_slice(&a.tstamp.to_ne_bytes());
    b.put(ifa::CACHEINFO, &ci)?;
    Ok(())
}

fn notify_addr(
    c: &mut Ctx<'_>,
    kind: MessageType,
    index: i32,
    a: &Ifa4,
    req: Option<(u32, SockId, u32, bool)>,
) {
    let (seq, pid) = req.map_or((0, 0), |(s, _, p, _)| (s, p));
    let echo = req.and_then(|(_, sid, p, echo)| echo.then_some((sid, p)));
    if !c.heard(group::IPV4_IFADDR, echo.is_some()) {
        return;
    }
    let mut b = VecBuf::new();
    if write_addr(&mut b, index, a, kind, Flags::EMPTY, seq, pid, c.clock).is_ok() {
        c.note(group::IPV4_IFADDR, b.into_vec(), ALLOC, echo);
    }
}

/// `__inet_insert_ifa`: inserts `a` on `index` (primary or secondary), notifies and
/// adds the kernel routes.
fn insert(
    c: &mut Ctx<'_>,
    index: i32,
    mut a: Ifa4,
    req: Option<(u32, SockId, u32, bool)>,
    ext: &mut Ext,
) -> Result<(), Errno> {
    a.flags &= !ifa_f::SECONDARY;
    let l = c.ns.links.get(&index).ok_or(Errno::ENODEV)?;
    let mut last_primary = 0usize;
    for (i, o) in l.addrs4.iter().enumerate() {
        if !o.is_secondary() && a.scope <= o.scope {
            last_primary = i + 1;
        }
        if o.prefixlen == a.prefixlen && o.matches(a.address) {
            if o.local == a.local {
                return Err(Errno::EEXIST);
            }
            if o.scope != a.scope {
                ext.msg(texts::ADDR_SCOPE);
                return Err(Errno::EINVAL);
            }
            a.flags |= ifa_f::SECONDARY;
        }
    }
    let pos = if a.is_secondary() {
        l.addrs4.len()
    } else {
        last_primary
    };
    let l = c.ns.links.get_mut(&index).ok_or(Errno::ENODEV)?;
    l.addrs4.insert(pos, a.clone());
    c.ns.addr_gen += 1;
    notify_addr(c, rtm::NEWADDR, index, &a, req);
    super::route::fib_add_ifaddr(c, index, &a);
    Ok(())
}

/// Adds `127.0.0.1/8` when the loopback comes up (`inetdev_event`, `NETDEV_UP`).
pub(crate) fn add_loopback_address(c: &mut Ctx<'_>, index: i32) {
    let lo = Ipv4Addr::new(127, 0, 0, 1);
    let Some(l) = c.ns.links.get(&index) else {
        return;
    };
    if l.addrs4.iter().any(|a| a.local == lo) {
        return;
    }
    let a = Ifa4 {
        local: lo,
        address: lo,
        prefixlen: 8,
        flags: ifa_f::PERMANENT,
        scope: scope::HOST,
        label: l.name.clone(),
        broadcast: None,
        rt_priority: 0,
        proto: 0,
        cstamp: c.clock,
        tstamp: c.clock,
        valid: INFINITY,
        preferred: INFINITY,
    };
    let mut ext = Ext::default();
    let _ = insert(c, index, a, None, &mut ext);
}

fn parse<'a>(msg: &nlwire_codec::Message<'a>, ext: &mut Ext) -> Result<(IfAddrMsg, Tb<'a>), Errno> {
    let Some(h) = IfAddrMsg::parse(msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    let attrs = msg.attrs(IfAddrMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, ifa_policy(), Strictness::Liberal, ext)?;
    Ok((h, tb))
}

/// `RTM_NEWADDR` (IPv4).
pub(crate) fn newaddr(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse(&req.msg, ext)?;
    if h.prefixlen > 32 {
        ext.msg(texts::ADDR_PREFIX_LEN);
        return Err(Errno::EINVAL);
    }
    let Some(local) = ip(&tb, ifa::LOCAL) else {
        ext.msg(texts::ADDR_NO_LOCAL);
        return Err(Errno::EINVAL);
    };
    let flags = req.flags();
    let rq = Some((req.seq(), req.sock, req.port, flags.contains(Flags::ECHO)));
    st.with_ns(req.ns, |c| {
        let index = i32::try_from(h.index).unwrap_or(0);
        let Some(l) = c.ns.links.get(&index) else {
            ext.msg(texts::ADDR_NO_DEVICE);
            return Err(Errno::ENODEV);
        };
        let address = ip(&tb, ifa::ADDRESS).unwrap_or(local);
        let mut a = Ifa4 {
            local,
            address,
            prefixlen: h.prefixlen,
            flags: get(&tb, ifa::FLAGS)
                .and_then(|a| a.u32().ok())
                .unwrap_or(u32::from(h.flags)),
            scope: h.scope,
            label: get(&tb, ifa::LABEL)
                .map(|a| {
                    let p = a.payload();
                    let end = p.iter().position(|&b| b == 0).unwrap_or(p.len()).min(15);
                    String::from_utf8_lossy(&p[..end]).into_owned()
                })
                .unwrap_or_else(|| l.name.clone()),
            broadcast: ip(&tb, ifa::BROADCAST),
            rt_priority: get(&tb, ifa::RT_PRIORITY)
                .and_then(|a| a.u32().ok())
                .unwrap_or(0),
            proto: get(&tb, ifa::PROTO).and_then(|a| a.u8().ok()).unwrap_or(0),
            cstamp: c.clock,
            tstamp: c.clock,
            valid: INFINITY,
            preferred: INFINITY,
        };
        if let Some(ci) = get(&tb, ifa::CACHEINFO) {
            let p = ci.payload();
            let preferred = u32::from_ne_bytes([p[0], p[1], p[2], p[3]]);
            let valid = u32::from_ne_bytes([p[4], p[5], p[6], p[7]]);
            if valid == 0 || preferred > valid {
                ext.msg(texts::ADDR_LIFETIME);
                return Err(Errno::EINVAL);
            }
            a.valid = valid;
            a.preferred = preferred;
        }
        if a.valid == INFINITY {
            a.flags |= ifa_f::PERMANENT;
        } else {
            a.flags &= !ifa_f::PERMANENT;
        }
        // find_matching_ifa: same mask, same subnet, same local.
        let existing = l
            .addrs4
            .iter()
            .position(|o| o.prefixlen == a.prefixlen && o.matches(a.address) && o.local == a.local);
        match existing {
            None => {
                insert(c, index, a, rq, ext)?;
            }
            Some(i) => {
                if flags.contains(Flags::EXCL) || !flags.contains(Flags::REPLACE) {
                    ext.msg(texts::ADDR_EXISTS);
                    return Err(Errno::EEXIST);
                }
                let clock = c.clock;
                let l = c.ns.links.get_mut(&index).ok_or(Errno::ENODEV)?;
                let o = &mut l.addrs4[i];
                o.rt_priority = a.rt_priority;
                o.proto = a.proto;
                o.valid = a.valid;
                o.preferred = a.preferred;
                o.tstamp = clock;
                o.flags = (o.flags & ifa_f::SECONDARY) | (a.flags & !ifa_f::SECONDARY);
                let o = o.clone();
                c.ns.addr_gen += 1;
                notify_addr(c, rtm::NEWADDR, index, &o, rq);
            }
        }
        Ok(Outcome::Done)
    })
}

/// `__inet_del_ifa` for the address at `pos` of `index` (no promotion of secondaries);
/// `dead`: the device is going away (`in_dev->dead`), a primary's secondaries are not
/// deleted first.
fn delete_at(
    c: &mut Ctx<'_>,
    index: i32,
    pos: usize,
    req: Option<(u32, SockId, u32, bool)>,
    dead: bool,
) {
    let Some(l) = c.ns.links.get(&index) else {
        return;
    };
    let Some(a) = l.addrs4.get(pos).cloned() else {
        return;
    };
    if !a.is_secondary() && !dead {
        // Deleting a primary deletes the secondaries of its subnet first.
        loop {
            let Some(l) = c.ns.links.get(&index) else {
                return;
            };
            let Some(sp) = l.addrs4.iter().position(|o| {
                o.is_secondary() && o.prefixlen == a.prefixlen && a.matches(o.address)
            }) else {
                break;
            };
            let s = c.ns.links.get_mut(&index).map(|l| l.addrs4.remove(sp));
            if let Some(s) = s {
                notify_addr(c, rtm::DELADDR, index, &s, req);
                super::route::fib_del_ifaddr(c, index, &s, false);
            }
        }
    }
    let Some(l) = c.ns.links.get_mut(&index) else {
        return;
    };
    let Some(p) = l.addrs4.iter().position(|o| *o == a) else {
        return;
    };
    l.addrs4.remove(p);
    let last = l.addrs4.is_empty();
    c.ns.addr_gen += 1;
    notify_addr(c, rtm::DELADDR, index, &a, req);
    super::route::fib_del_ifaddr(c, index, &a, dead);
    if last {
        super::route::fib_disable_ip(c, index);
    }
}

/// `RTM_DELADDR` (IPv4).
pub(crate) fn deladdr(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse(&req.msg, ext)?;
    let rq = Some((
        req.seq(),
        req.sock,
        req.port,
        req.flags().contains(Flags::ECHO),
    ));
    st.with_ns(req.ns, |c| {
        let index = i32::try_from(h.index).unwrap_or(0);
        let Some(l) = c.ns.links.get(&index) else {
            ext.msg(texts::ADDR_NO_DEVICE);
            return Err(Errno::ENODEV);
        };
        let local = ip(&tb, ifa::LOCAL);
        let address = ip(&tb, ifa::ADDRESS);
        let label = get(&tb, ifa::LABEL).map(|a| {
            let p = a.payload();
            let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
            p[..end].to_vec()
        });
        let pos = l.addrs4.iter().position(|o| {
            local.is_none_or(|x| x == o.local)
                && label
                    .as_ref()
                    .is_none_or(|x| x.as_slice() == o.label.as_bytes())
                && address.is_none_or(|x| h.prefixlen == o.prefixlen && o.matches(x))
        });
        let Some(pos) = pos else {
            ext.msg(texts::ADDR_NOT_FOUND);
            return Err(Errno::EADDRNOTAVAIL);
        };
        delete_at(c, index, pos, rq, false);
        Ok(Outcome::Done)
    })
}

/// `inetdev_changename`: device `index` was renamed; its IPv4 addresses take the new
/// name as their label (the first one plainly, the others keeping their `:alias`
/// suffix, or getting `:N` without one), each announced with `RTM_NEWADDR`.
pub(crate) fn changename(c: &mut Ctx<'_>, index: i32) {
    let Some(l) = c.ns.links.get_mut(&index) else {
        return;
    };
    let name = l.name.clone();
    let mut changed = Vec::new();
    for (i, a) in l.addrs4.iter_mut().enumerate() {
        let old = std::mem::replace(&mut a.label, name.clone());
        if i > 0 {
            // `named` has been incremented twice by then: the second address is `:2`.
            let dot = match old.find(':') {
                Some(p) => old[p..].to_string(),
                None => format!(":{}", i + 1),
            };
            // IFNAMSIZ - 1 characters at most: the suffix overwrites the name's end.
            if dot.len() + name.len() >= 16 {
                let mut keep = 15usize.saturating_sub(dot.len());
                while !a.label.is_char_boundary(keep) {
                    keep -= 1;
                }
                a.label.truncate(keep);
            }
            a.label.push_str(&dot);
        }
        changed.push(a.clone());
    }
    if !changed.is_empty() {
        c.ns.addr_gen += 1;
    }
    for a in &changed {
        notify_addr(c, rtm::NEWADDR, index, a, None);
    }
}

/// The addresses of a device that is going away (`inetdev_destroy`): deleted in list
/// order (the device is dead: a primary does not take its secondaries first), each
/// announced and its kernel routes removed as `fib_del_ifaddr` does (`RTM_DELROUTE`
/// for a local route; a secondary whose primary went first changes nothing, its
/// local route having gone silently with the primary's address).
pub(crate) fn netdev_unregister(c: &mut Ctx<'_>, index: i32) {
    while c.ns.links.get(&index).is_some_and(|l| !l.addrs4.is_empty()) {
        delete_at(c, index, 0, None, true);
    }
}

/// The filter of an address dump.
#[derive(Clone, Debug, Default)]
pub(crate) struct AddrFilter {
    pub index: Option<i32>,
    pub v4: bool,
    pub v6: bool,
}

/// Starts an `RTM_GETADDR` dump (`AF_UNSPEC`: every IPv4 address, then every IPv6
/// one, as `rtnl_dump_all` runs the families in order).
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let msg = &req.msg;
    let fam = msg.payload().first().copied().unwrap_or(0);
    let mut f = AddrFilter {
        index: None,
        v4: fam == family::UNSPEC || fam == family::INET,
        v6: fam == family::UNSPEC || fam == family::INET6,
    };
    let (t_header, t_values, t_attr) = if fam == family::INET6 {
        (
            texts::ADDR6_DUMP_HEADER,
            texts::ADDR6_DUMP_VALUES,
            texts::ADDR6_DUMP_ATTR,
        )
    } else {
        (
            texts::ADDR_DUMP_HEADER,
            texts::ADDR_DUMP_VALUES,
            texts::ADDR_DUMP_ATTR,
        )
    };
    let mut ext = Ext::default();
    let mut d = Dump::new(req, DumpKind::Addr(AddrFilter::default()), true);
    if req.strict && (f.v4 || f.v6) {
        let r: Result<(), Errno> = (|| {
            let Some(h) = IfAddrMsg::parse(msg.payload()) else {
                ext.msg(t_header);
                return Err(Errno::EINVAL);
            };
            if h.prefixlen != 0 || h.flags != 0 || h.scope != 0 {
                ext.msg(t_values);
                return Err(Errno::EINVAL);
            }
            if h.index != 0 {
                f.index = Some(i32::try_from(h.index).unwrap_or(-1));
                d.answer_flags |= Flags::DUMP_FILTERED;
            }
            let attrs = msg.attrs(IfAddrMsg::LEN).map_err(|_| Errno::EINVAL)?;
            let tb = policy::parse(attrs, ifa_policy(), Strictness::DeprecatedStrict, &mut ext)?;
            for (t, a) in tb.iter().enumerate() {
                let Some(a) = a else { continue };
                if u16::try_from(t).ok() != Some(ifa::TARGET_NETNSID) {
                    let _ = a;
                    ext.msg(t_attr);
                    return Err(Errno::EINVAL);
                }
            }
            if let Some(i) = f.index {
                let exists = st
                    .nss
                    .get(&req.ns)
                    .is_some_and(|n| n.links.contains_key(&i));
                if !exists {
                    return Err(Errno::ENODEV);
                }
            }
            Ok(())
        })();
        if let Err(e) = r {
            return start_dump(st, req, d.failed(e, ext));
        }
    }
    d.kind = DumpKind::Addr(f);
    start_dump(st, req, d)
}

/// Fills one chunk of an address dump; the cursor is (ifindex, position, family
/// phase: 0 IPv4, 1 IPv6).
pub(crate) fn dump_fill(
    ns: &Netns,
    f: &AddrFilter,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    if cursor[2] == 0 {
        if f.v4 && !dump_fill4(ns, f, cursor, out)? {
            return Ok(false);
        }
        *cursor = [0, 0, 1];
    }
    if !f.v6 {
        return Ok(true);
    }
    super::addr6::dump_fill6(ns, f.index, &mut cursor[..2], out)
}

fn dump_fill4(
    ns: &Netns,
    f: &AddrFilter,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let start = i32::try_from(cursor[0]).unwrap_or(i32::MAX);
    let now = 0;
    for (&idx, l) in ns.links.range(start..) {
        if f.index.is_some_and(|i| i != idx) {
            continue;
        }
        if cursor[0] != idx as u64 {
            cursor[0] = idx as u64;
            cursor[1] = 0;
        }
        let skip = usize::try_from(cursor[1]).unwrap_or(usize::MAX);
        for a in l.addrs4.iter().skip(skip) {
            let ok = out.put(|b, flags, seq, pid| {
                write_addr(b, idx, a, rtm::NEWADDR, flags, seq, pid, now)
            })?;
            if !ok {
                return Ok(false);
            }
            cursor[1] += 1;
        }
    }
    Ok(true)
}
