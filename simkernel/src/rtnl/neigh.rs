//! Neighbours (`RTM_NEWNEIGH`/`RTM_DELNEIGH`/`RTM_GETNEIGH`) for `AF_INET` (ARP) and
//! `AF_INET6` (ND): `neigh_add`, `__neigh_update`, `neigh_delete`, `neigh_get` and the
//! dump of `neigh_dump_info`, including proxy entries (`NTF_PROXY`).

use std::collections::VecDeque;
use std::sync::OnceLock;

use nlwire_codec::rtnl::neigh::{nda, ntf, nud};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::netlink::{Dump, DumpKind, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, Strictness};
use crate::state::{Ctx, LinkKind, Netns, State};
use crate::texts;

/// `AF_BRIDGE`.
const AF_BRIDGE: u8 = 7;
/// `EAFNOSUPPORT`.
const EAFNOSUPPORT: Errno = Errno(97);
/// `NUD_VALID`.
const NUD_VALID: u16 =
    nud::PERMANENT | nud::NOARP | nud::REACHABLE | nud::PROBE | nud::STALE | nud::DELAY;
/// `NUD_CONNECTED`.
const NUD_CONNECTED: u16 = nud::PERMANENT | nud::NOARP | nud::REACHABLE;
/// States with a running timer (one more reference held).
const NUD_IN_TIMER: u16 = nud::INCOMPLETE | nud::REACHABLE | nud::DELAY | nud::PROBE;
/// `2 * BASE_REACHABLE_TIME` in clock ticks: how old `confirmed` is at creation.
const CONFIRMED_AGE: u32 = 6000;
/// An estimate of `neigh_nlmsg_size()`.
const ALLOC: usize = 128;

/// One neighbour entry (`struct neighbour`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Neigh {
    pub family: u8,
    pub ifindex: i32,
    pub dst: Vec<u8>,
    pub lladdr: Option<Vec<u8>>,
    pub state: u16,
    pub flags: u8,
    pub flags_ext: u32,
    pub protocol: u8,
    pub confirmed: u32,
    pub used: u32,
    pub updated: u32,
    /// `neigh->type`, fixed when the entry is made (`arp_constructor`,
    /// `ndisc_constructor`).
    pub kind: u8,
}

/// A proxy entry (`struct pneigh_entry`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Proxy {
    pub family: u8,
    pub ifindex: i32,
    pub dst: Vec<u8>,
    pub flags: u8,
    pub protocol: u8,
}

/// The neighbour tables of a namespace: ARP then ND entries (dump order), and proxies.
#[derive(Clone, Debug, Default)]
pub(crate) struct NeighTables {
    pub entries: Vec<Neigh>,
    pub proxies: Vec<Proxy>,
}

fn nda_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            nda::NDM_FLAGS_MASK,
            &[
                (nda::DST, AttrPolicy::binary(32)),
                (nda::LLADDR, AttrPolicy::binary(32)),
                (nda::CACHEINFO, AttrPolicy::binary(16)),
                (nda::PROBES, AttrPolicy::u32()),
                (nda::VLAN, AttrPolicy::u16()),
                (nda::PORT, AttrPolicy::u16()),
                (nda::VNI, AttrPolicy::u32()),
                (nda::IFINDEX, AttrPolicy::u32()),
                (nda::MASTER, AttrPolicy::u32()),
                (nda::PROTOCOL, AttrPolicy::u8()),
                (nda::NH_ID, AttrPolicy::u32()),
                (nda::FDB_EXT_ATTRS, AttrPolicy::nested_any()),
                (nda::FLAGS_EXT, AttrPolicy::u32()),
                (nda::NDM_STATE_MASK, AttrPolicy::u16()),
                (nda::NDM_FLAGS_MASK, AttrPolicy::u8()),
            ],
        )
    })
}

/// `struct ndmsg`, parsed.
#[derive(Clone, Copy, Debug, Default)]
struct NdHdr {
    family: u8,
    pad1: u8,
    pad2: u16,
    ifindex: i32,
    state: u16,
    flags: u8,
    kind: u8,
}

impl NdHdr {
    const LEN: usize = 12;
    fn parse(b: &[u8]) -> Option<Self> {
        let b = b.get(..Self::LEN)?;
        Some(Self {
            family: b[0],
            pad1: b[1],
            pad2: u16::from_ne_bytes([b[2], b[3]]),
            ifindex: i32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
            state: u16::from_ne_bytes([b[8], b[9]]),
            flags: b[10],
            kind: b[11],
        })
    }
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

/// The key length of a family's table, if it has one.
fn key_len(fam: u8) -> Option<usize> {
    match fam {
        family::INET => Some(4),
        family::INET6 => Some(16),
        _ => None,
    }
}

/// `ndm_type`: what kind of address the key is.
/// The type of a new entry for `dst`: for ARP `inet_addr_type_dev_table` (a lookup in
/// the local table, broadcast while that table does not exist), for ND multicast or
/// unicast.
fn neigh_type(ns: &Netns, fam: u8, dst: &[u8]) -> u8 {
    match (fam, <[u8; 4]>::try_from(dst)) {
        (family::INET, Ok(a)) => super::route::inet_addr_type_local(ns, a.into()),
        (family::INET6, _) if dst.first() == Some(&0xff) => 5,
        _ => 1,
    }
}

/// What a message about an entry says beside the entry itself.
#[derive(Clone, Copy)]
struct FillCtx {
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
    now: u32,
    /// Extra references held while the message is built.
    refs: u32,
}

/// `neigh_fill_info`.
fn write_neigh<B: Buffer + ?Sized>(buf: &mut B, n: &Neigh, f: FillCtx) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, f.kind, f.flags, f.seq, f.pid)?;
    let mut h = [0u8; NdHdr::LEN];
    h[0] = n.family;
    h[4..8].copy_from_slice(&n.ifindex.to_ne_bytes());
    h[8..10].copy_from_slice(&n.state.to_ne_bytes());
    h[10] = n.flags;
    h[11] = n.kind;
    b.put_bytes(&h)?;
    b.put(nda::DST, &n.dst)?;
    if n.state & NUD_VALID != 0 {
        if let Some(ll) = &n.lladdr {
            b.put(nda::LLADDR, ll)?;
        }
    }
    b.put_u32(nda::PROBES, 0)?;
    let timer = u32::from(n.state & NUD_IN_TIMER != 0);
    let mut ci = [0u8; 16];
    ci[0..4].copy_from_slice(&f.now.wrapping_sub(n.confirmed).to_ne_bytes());
    ci[4..8].copy_from_slice(&f.now.wrapping_sub(n.used).to_ne_bytes());
    ci[8..12].copy_from_slice(&f.now.wrapping_sub(n.updated).to_ne_bytes());
    ci[12..16].copy_from_slice(&(timer + f.refs).to_ne_bytes());
    b.put(nda::CACHEINFO, &ci)?;
    if n.protocol != 0 {
        b.put_u8(nda::PROTOCOL, n.protocol)?;
    }
    if n.flags_ext != 0 {
        b.put_u32(nda::FLAGS_EXT, n.flags_ext)?;
    }
    b.finish();
    Ok(())
}

/// `pneigh_fill_info`.
fn write_proxy<B: Buffer + ?Sized>(
    buf: &mut B,
    p: &Proxy,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, rtm::NEWNEIGH, flags, seq, pid)?;
    let mut h = [0u8; NdHdr::LEN];
    h[0] = p.family;
    h[4..8].copy_from_slice(&p.ifindex.to_ne_bytes());
    h[10] = p.flags | ntf::PROXY;
    h[11] = 1;
    b.put_bytes(&h)?;
    b.put(nda::DST, &p.dst)?;
    if p.protocol != 0 {
        b.put_u8(nda::PROTOCOL, p.protocol)?;
    }
    b.finish();
    Ok(())
}

/// Queues a notification about `n` on `RTNLGRP_NEIGH` (`__neigh_notify`).
fn notify(c: &mut Ctx<'_>, n: &Neigh, kind: MessageType, pid: u32, refs: u32) {
    if !c.heard(group::NEIGH, false) {
        return;
    }
    let mut b = VecBuf::new();
    let f = FillCtx {
        kind,
        flags: Flags::EMPTY,
        seq: 0,
        pid,
        now: c.clock,
        refs,
    };
    if write_neigh(&mut b, n, f).is_ok() {
        c.note(group::NEIGH, b.into_vec(), ALLOC, None);
    }
}

/// The key of an entry on `ifindex`: IPv4 entries on loopback devices are keyed by
/// 0.0.0.0 (`arp_hashfn` uses `inaddr_any` for `IFF_LOOPBACK`/`IFF_POINTOPOINT`).
fn key_for(ns: &Netns, fam: u8, ifindex: i32, dst: &[u8]) -> Vec<u8> {
    if fam == family::INET
        && ns
            .links
            .get(&ifindex)
            .is_some_and(|l| l.kind == LinkKind::Loopback)
    {
        return vec![0; 4];
    }
    dst.to_vec()
}

/// `__neigh_update` with `NEIGH_UPDATE_F_ADMIN` (and `OVERRIDE` when `replace`).
/// Returns `(error, notify)`.
fn update(
    n: &mut Neigh,
    lladdr: Option<&[u8]>,
    new: u16,
    replace: bool,
    router: Option<bool>,
    now: u32,
    ext: &mut Ext,
) -> (Result<(), Errno>, bool) {
    let old = n.state;
    let mut notify = false;
    if let Some(r) = router.filter(|_| replace) {
        let was = n.flags & ntf::ROUTER != 0;
        if was != r {
            n.flags ^= ntf::ROUTER;
            notify = true;
        }
    }
    if new & NUD_VALID == 0 {
        n.state = new;
        if new != old {
            n.updated = now;
        }
        return (Ok(()), notify || old & NUD_VALID != 0);
    }
    let ll: Vec<u8> = match (lladdr, &n.lladdr) {
        (Some(l), _) => l.to_vec(),
        (None, Some(h)) if old & NUD_VALID != 0 => h.clone(),
        _ => {
            ext.msg(texts::NEIGH_NO_LLADDR);
            return (Err(Errno::EINVAL), notify);
        }
    };
    if new & NUD_CONNECTED != 0 {
        n.confirmed = now;
    }
    let changed_ll = old & NUD_VALID == 0 || n.lladdr.as_deref() != Some(&ll[..]);
    if old & NUD_VALID != 0 && changed_ll && !replace {
        return (Ok(()), notify);
    }
    if new != old || changed_ll {
        n.updated = now;
    }
    if new != old {
        n.state = new;
        notify = true;
    }
    if changed_ll {
        n.lladdr = Some(ll);
        notify = true;
    }
    (Ok(()), notify)
}

/// `RTM_NEWNEIGH` (`neigh_add`).
pub(crate) fn newneigh(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let Some(h) = NdHdr::parse(req.msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    if h.family == AF_BRIDGE {
        return Err(Errno::EOPNOTSUPP);
    }
    let attrs = req.msg.attrs(NdHdr::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, nda_policy(), Strictness::Liberal, ext)?;
    let Some(dst_attr) = get(&tb, nda::DST) else {
        ext.msg(texts::NEIGH_NO_DST);
        return Err(Errno::EINVAL);
    };
    let lladdr_attr = get(&tb, nda::LLADDR);
    let flags_ext = get(&tb, nda::FLAGS_EXT).map_or(0, |a| u32_of(&a));
    let protocol = get(&tb, nda::PROTOCOL)
        .and_then(|a| a.payload().first().copied())
        .unwrap_or(0);
    let nlflags = req.flags();
    let port = req.port;
    st.with_ns(req.ns, |c| {
        let mut addr_len = None;
        if h.ifindex != 0 {
            let l = c.ns.links.get(&h.ifindex).ok_or(Errno::ENODEV)?;
            if lladdr_attr.is_some_and(|a| a.payload().len() < l.addr.len()) {
                ext.msg(texts::NEIGH_BAD_LLADDR);
                return Err(Errno::EINVAL);
            }
            addr_len = Some(l.addr.len());
        }
        let klen = key_len(h.family).ok_or(EAFNOSUPPORT)?;
        let Some(dst) = dst_attr.payload().get(..klen) else {
            ext.msg(texts::NEIGH_BAD_DST);
            return Err(Errno::EINVAL);
        };
        if h.flags & ntf::PROXY != 0 {
            let key = (h.family, h.ifindex, dst.to_vec());
            let t = &mut c.ns.neigh.proxies;
            match t
                .iter_mut()
                .find(|p| (p.family, p.ifindex, p.dst.clone()) == key)
            {
                Some(p) => {
                    if protocol != 0 {
                        p.protocol = protocol;
                    }
                }
                None => t.push(Proxy {
                    family: h.family,
                    ifindex: h.ifindex,
                    dst: dst.to_vec(),
                    flags: h.flags & !ntf::PROXY,
                    protocol,
                }),
            }
            return Ok(Outcome::Done);
        }
        let Some(addr_len) = addr_len else {
            ext.msg(texts::NEIGH_NO_DEVICE);
            return Err(Errno::EINVAL);
        };
        if h.family == family::INET6 && c.ns.links.get(&h.ifindex).is_some_and(|l| !l.inet6) {
            ext.msg(texts::NEIGH_V6_DISABLED);
            return Err(Errno::EINVAL);
        }
        let key = key_for(c.ns, h.family, h.ifindex, dst);
        let now = c.clock;
        let pos =
            c.ns.neigh
                .entries
                .iter()
                .position(|n| n.family == h.family && n.ifindex == h.ifindex && n.dst == key);
        let replace = nlflags.contains(Flags::REPLACE);
        let (pos, created) = match pos {
            Some(p) => {
                if nlflags.contains(Flags::EXCL) {
                    return Err(Errno::EEXIST);
                }
                (p, false)
            }
            None => {
                if !nlflags.contains(Flags::CREATE) {
                    return Err(Errno::ENOENT);
                }
                let kind = neigh_type(c.ns, h.family, &key);
                let n = Neigh {
                    family: h.family,
                    ifindex: h.ifindex,
                    dst: key,
                    lladdr: None,
                    state: nud::NONE,
                    flags: h.flags & ntf::ROUTER,
                    flags_ext,
                    protocol: 0,
                    confirmed: now.wrapping_sub(CONFIRMED_AGE),
                    used: now,
                    updated: now,
                    kind,
                };
                // ARP entries come before ND entries in dumps.
                let at = if h.family == family::INET {
                    c.ns.neigh
                        .entries
                        .iter()
                        .position(|n| n.family != family::INET)
                        .unwrap_or(c.ns.neigh.entries.len())
                } else {
                    c.ns.neigh.entries.len()
                };
                c.ns.neigh.entries.insert(at, n);
                (at, true)
            }
        };
        let lladdr = lladdr_attr.and_then(|a| a.payload().get(..addr_len));
        let router = Some(h.flags & ntf::ROUTER != 0);
        let Some(n) = c.ns.neigh.entries.get_mut(pos) else {
            return Err(Errno::ENOENT);
        };
        if protocol != 0 {
            n.protocol = protocol;
        }
        if h.flags & ntf::USE != 0 {
            return Ok(Outcome::Done);
        }
        let (r, notify_it) = update(n, lladdr, h.state, replace || created, router, now, ext);
        if notify_it {
            let n = n.clone();
            notify(c, &n, rtm::NEWNEIGH, port, 1);
        }
        r.map(|()| Outcome::Done)
    })
}

/// `RTM_DELNEIGH` (`neigh_delete`).
pub(crate) fn delneigh(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let Some(h) = NdHdr::parse(req.msg.payload()) else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    if h.family == AF_BRIDGE {
        return Err(Errno::EOPNOTSUPP);
    }
    let attrs = req.msg.attrs(NdHdr::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, nda_policy(), Strictness::Liberal, ext)?;
    let Some(dst_attr) = get(&tb, nda::DST) else {
        ext.msg(texts::NEIGH_NO_DST);
        return Err(Errno::EINVAL);
    };
    let port = req.port;
    st.with_ns(req.ns, |c| {
        if h.ifindex != 0 && !c.ns.links.contains_key(&h.ifindex) {
            return Err(Errno::ENODEV);
        }
        let klen = key_len(h.family).ok_or(EAFNOSUPPORT)?;
        let Some(dst) = dst_attr.payload().get(..klen) else {
            ext.msg(texts::NEIGH_BAD_DST);
            return Err(Errno::EINVAL);
        };
        if h.flags & ntf::PROXY != 0 {
            let t = &mut c.ns.neigh.proxies;
            let Some(p) = t
                .iter()
                .position(|p| p.family == h.family && p.ifindex == h.ifindex && p.dst == dst)
            else {
                return Err(Errno::ENOENT);
            };
            t.remove(p);
            return Ok(Outcome::Done);
        }
        if h.ifindex == 0 {
            return Err(Errno::EINVAL);
        }
        let key = key_for(c.ns, h.family, h.ifindex, dst);
        let Some(pos) =
            c.ns.neigh
                .entries
                .iter()
                .position(|n| n.family == h.family && n.ifindex == h.ifindex && n.dst == key)
        else {
            return Err(Errno::ENOENT);
        };
        let mut n = c.ns.neigh.entries.remove(pos);
        let now = c.clock;
        // __neigh_update(NUD_FAILED): a NEWNEIGH if the entry was valid, then DELNEIGH.
        let (_, notify_it) = update(&mut n, None, nud::FAILED, true, None, now, ext);
        if notify_it {
            notify(c, &n, rtm::NEWNEIGH, port, 1);
        }
        notify(c, &n, rtm::DELNEIGH, 0, 0);
        Ok(Outcome::Done)
    })
}

/// `RTM_GETNEIGH` without `NLM_F_DUMP` (`neigh_get`, strict validation always).
pub(crate) fn getneigh(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let Some(h) = NdHdr::parse(req.msg.payload()) else {
        ext.msg(texts::NEIGH_GET_HEADER);
        return Err(Errno::EINVAL);
    };
    if h.pad1 != 0 || h.pad2 != 0 || h.state != 0 || h.kind != 0 {
        ext.msg(texts::NEIGH_GET_VALUES);
        return Err(Errno::EINVAL);
    }
    if h.flags & !ntf::PROXY != 0 {
        ext.msg(texts::NEIGH_GET_FLAGS);
        return Err(Errno::EINVAL);
    }
    if h.flags & ntf::PROXY == 0 && h.ifindex == 0 {
        ext.msg(texts::NEIGH_GET_NO_DEVICE);
        return Err(Errno::EINVAL);
    }
    let attrs = req.msg.attrs(NdHdr::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, nda_policy(), Strictness::DeprecatedStrict, ext)?;
    let Some(klen) = key_len(h.family) else {
        ext.msg(texts::NEIGH_GET_FAMILY);
        return Err(EAFNOSUPPORT);
    };
    let mut dst = None;
    for (t, a) in tb.iter().enumerate() {
        let Some(a) = a else { continue };
        if t == usize::from(nda::DST) {
            if a.payload().len() != klen {
                ext.msg(texts::NEIGH_GET_BAD_DST);
                return Err(Errno::EINVAL);
            }
            dst = Some(a.payload().to_vec());
        } else {
            ext.msg(texts::NEIGH_GET_ATTR);
            return Err(Errno::EINVAL);
        }
    }
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    if h.ifindex != 0 && !ns.links.contains_key(&h.ifindex) {
        ext.msg(texts::NEIGH_GET_UNKNOWN_DEV);
        return Err(Errno::ENODEV);
    }
    let Some(dst) = dst else {
        ext.miss_type = Some(u32::from(nda::DST));
        return Err(Errno::EINVAL);
    };
    let mut b = VecBuf::new();
    if h.flags & ntf::PROXY != 0 {
        let Some(p) = ns
            .neigh
            .proxies
            .iter()
            .find(|p| p.family == h.family && p.dst == dst && (p.ifindex == h.ifindex))
        else {
            ext.msg(texts::NEIGH_PROXY_NOT_FOUND);
            return Err(Errno::ENOENT);
        };
        write_proxy(&mut b, p, Flags::EMPTY, req.seq(), req.port).map_err(|_| Errno::EMSGSIZE)?;
    } else {
        let key = key_for(ns, h.family, h.ifindex, &dst);
        let Some(n) = ns
            .neigh
            .entries
            .iter()
            .find(|n| n.family == h.family && n.ifindex == h.ifindex && n.dst == key)
        else {
            ext.msg(texts::NEIGH_NOT_FOUND);
            return Err(Errno::ENOENT);
        };
        let f = FillCtx {
            kind: rtm::NEWNEIGH,
            flags: Flags::EMPTY,
            seq: req.seq(),
            pid: req.port,
            now: st.clock,
            refs: 0,
        };
        write_neigh(&mut b, n, f).map_err(|_| Errno::EMSGSIZE)?;
    }
    let v = b.into_vec();
    let alloc = v.len();
    st.unicast(req.sock, v, alloc);
    Ok(Outcome::Done)
}

/// Starts an `RTM_GETNEIGH` dump (`neigh_dump_info`); `NLMSG_DONE` shares the last
/// datagram.
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let payload = req.msg.payload();
    let fam = payload.first().copied().unwrap_or(0);
    let mut ext = Ext::default();
    let mut dev: Option<i32> = None;
    let mut master: Option<i32> = None;
    let mut proxy = false;
    let r: Result<(), Errno> = (|| {
        let h = NdHdr::parse(payload);
        if req.strict {
            let Some(h) = h else {
                ext.msg(texts::NEIGH_DUMP_HEADER);
                return Err(Errno::EINVAL);
            };
            if h.pad1 != 0 || h.pad2 != 0 || h.ifindex != 0 || h.state != 0 || h.kind != 0 {
                ext.msg(texts::NEIGH_DUMP_VALUES);
                return Err(Errno::EINVAL);
            }
            if h.flags & !ntf::PROXY != 0 {
                ext.msg(texts::NEIGH_DUMP_FLAGS);
                return Err(Errno::EINVAL);
            }
        }
        let Some(h) = h else {
            ext.msg(texts::INVALID_HEADER_LEN);
            return Err(Errno::EINVAL);
        };
        proxy = h.flags == ntf::PROXY;
        let how = if req.strict {
            Strictness::DeprecatedStrict
        } else {
            Strictness::Liberal
        };
        let attrs = req.msg.attrs(NdHdr::LEN).map_err(|_| Errno::EINVAL)?;
        let tb = policy::parse(attrs, nda_policy(), how, &mut ext)?;
        for (t, a) in tb.iter().enumerate() {
            let Some(a) = a else { continue };
            match u16::try_from(t).unwrap_or(u16::MAX) {
                nda::IFINDEX => dev = Some(u32_of(a) as i32),
                nda::MASTER => master = Some(u32_of(a) as i32),
                _ if req.strict => {
                    ext.msg(texts::NEIGH_DUMP_ATTR);
                    return Err(Errno::EINVAL);
                }
                _ => {}
            }
        }
        Ok(())
    })();
    let mut warning = None;
    if let Err(e) = r {
        if req.strict {
            let d = Dump::new(req, DumpKind::Empty, false);
            return start_dump(st, req, d.failed(e, ext));
        }
        // Without strict checking the error is ignored, its text stays in NLMSG_DONE.
        warning = Some(ext);
    }
    let mut q = VecDeque::new();
    if let Some(ns) = st.nss.get(&req.ns) {
        let filtered = dev.is_some_and(|d| d != 0) || master.is_some_and(|m| m != 0);
        let flags = if filtered {
            Flags::DUMP_FILTERED
        } else {
            Flags::EMPTY
        };
        let pass = |ifindex: i32| {
            let l = ns.links.get(&ifindex);
            dev.is_none_or(|d| d == 0 || d == ifindex)
                && master.is_none_or(|m| m == 0 || l.and_then(|l| l.master) == Some(m))
        };
        let fam_ok = |f: u8| fam == family::UNSPEC || fam == f;
        if proxy {
            for p in ns.neigh.proxies.iter().filter(|p| fam_ok(p.family)) {
                if !pass(p.ifindex) {
                    continue;
                }
                let mut b = VecBuf::new();
                if write_proxy(&mut b, p, flags, req.seq(), req.port).is_ok() {
                    q.push_back(b.into_vec());
                }
            }
        } else {
            for n in ns.neigh.entries.iter().filter(|n| fam_ok(n.family)) {
                if !pass(n.ifindex) {
                    continue;
                }
                let mut b = VecBuf::new();
                let f = FillCtx {
                    kind: rtm::NEWNEIGH,
                    flags,
                    seq: req.seq(),
                    pid: req.port,
                    now: st.clock,
                    refs: 0,
                };
                if write_neigh(&mut b, n, f).is_ok() {
                    q.push_back(b.into_vec());
                }
            }
        }
    }
    let mut d = Dump::new(req, DumpKind::Prepared(q), false);
    if let Some(w) = warning {
        d.error = Some((Errno(0), w));
    }
    start_dump(st, req, d)
}

/// `neigh_ifdown`: the device `idx` goes down or away, its entries and proxies with it
/// (each entry announced with `RTM_DELNEIGH`).
pub(crate) fn flush_dev(c: &mut Ctx<'_>, idx: i32) {
    flush(c, idx, false);
}

/// `neigh_carrier_down`: like [`flush_dev`] but permanent entries stay.
pub(crate) fn carrier_down(c: &mut Ctx<'_>, idx: i32) {
    flush(c, idx, true);
}

/// `neigh_ifdown` of one table (`arp_ifdown`, `ndisc_ifdown`): the entries and proxies
/// of family `fam` on device `idx` go, permanent ones too.
pub(crate) fn flush_dev_family(c: &mut Ctx<'_>, idx: i32, fam: u8) {
    flush_where(c, idx, false, Some(fam));
}

/// `NETDEV_CHANGEADDR` (`neigh_changeaddr` of the ARP table, then of the ND table): the
/// entries of device `idx` go, permanent ones too; proxies stay.
pub(crate) fn changeaddr(c: &mut Ctx<'_>, idx: i32) {
    for fam in [family::INET, family::INET6] {
        let (gone, keep): (Vec<Neigh>, Vec<Neigh>) = std::mem::take(&mut c.ns.neigh.entries)
            .into_iter()
            .partition(|n| n.ifindex == idx && n.family == fam);
        c.ns.neigh.entries = keep;
        for n in gone {
            notify(c, &n, rtm::DELNEIGH, 0, 0);
        }
    }
}

fn flush(c: &mut Ctx<'_>, idx: i32, skip_perm: bool) {
    flush_where(c, idx, skip_perm, None);
}

fn flush_where(c: &mut Ctx<'_>, idx: i32, skip_perm: bool, fam: Option<u8>) {
    let fam_ok = |f: u8| fam.is_none_or(|x| x == f);
    let (gone, keep): (Vec<Neigh>, Vec<Neigh>) = std::mem::take(&mut c.ns.neigh.entries)
        .into_iter()
        .partition(|n| {
            n.ifindex == idx && fam_ok(n.family) && !(skip_perm && n.state & nud::PERMANENT != 0)
        });
    c.ns.neigh.entries = keep;
    c.ns.neigh
        .proxies
        .retain(|p| p.ifindex != idx || !fam_ok(p.family));
    for n in gone {
        notify(c, &n, rtm::DELNEIGH, 0, 0);
    }
}
