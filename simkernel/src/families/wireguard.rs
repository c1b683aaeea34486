//! The `wireguard` generic netlink family (`drivers/net/wireguard/netlink.c`), on devices
//! of the `wireguard` link kind (`ip link add wg0 type wireguard`).
//!
//! What is simulated: `WG_CMD_GET_DEVICE` (a dump of one device, by `WGDEVICE_A_IFINDEX`
//! or `WGDEVICE_A_IFNAME`) and `WG_CMD_SET_DEVICE` with the private key (the public key is
//! derived with X25519, the private key clamped as the kernel stores it), listen port,
//! firewall mark, `WGDEVICE_F_REPLACE_PEERS`, and peers with preshared keys, endpoints,
//! persistent keepalive, allowed IPs (one owner per prefix per device, as the kernel's
//! trie) and `WGPEER_F_REMOVE_ME`, `WGPEER_F_REPLACE_ALLOWEDIPS`, `WGPEER_F_UPDATE_ONLY`.
//! Errors are the module's: `EBADR` when neither or both of ifindex and ifname are given,
//! `ENODEV` for a missing device, `EOPNOTSUPP` for a device of another kind or unknown
//! flags, `EINVAL` for a peer without a public key or a bad allowed IP, `EPFNOSUPPORT` for
//! a protocol version other than 1, and the policies' `ERANGE` for keys that are not 32
//! bytes (at the device level with the extended ack's message and offset, but without
//! its `NLMSGERR_ATTR_POLICY`, which a handler cannot set).
//!
//! A device's peers are split over several messages as the kernel does: the device's
//! attributes in the first, then as many peers as fit, a peer whose allowed IPs do not
//! fit continued in the next message (its public key and the remaining allowed IPs).
//! Each message is at most [`MESSAGE_LIMIT`] bytes (the kernel fills one `skb` per
//! message, one page on a fresh socket).
//!
//! Not simulated: handshakes and traffic (last handshake time and byte counters stay 0),
//! the random listen port the kernel picks when a device with port 0 comes up, and the
//! `CAP_NET_ADMIN` checks.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use nlwire_codec::genl::ctrl::op_flags;
use nlwire_codec::genl::families::wireguard::{
    self as wg, cmd, wgallowedip, wgdevice, wgdevice_flag, wgpeer, wgpeer_flag,
};
use nlwire_codec::{Attr, Builder, EncodeError, Message};

use crate::buf::VecBuf;
use crate::{AttrPolicy, Errno, FamilyDef, GenlCtx, GenlOp, Kernel, LinkRef, NsId};

/// The largest message of a `WG_CMD_GET_DEVICE` dump: `NLMSG_GOODSIZE` (a page minus
/// the `skb_shared_info`), the size of a dump's first `skb`.
pub const MESSAGE_LIMIT: usize = 4096 - 320;

/// `EBADR`: neither or both of ifindex and ifname.
const EBADR: Errno = Errno(53);
/// `EPFNOSUPPORT`: a protocol version other than 1.
const EPFNOSUPPORT: Errno = Errno(96);
const AF_INET: u16 = 2;
const AF_INET6: u16 = 10;
const KEY_LEN: usize = 32;

/// A peer of a device.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Peer {
    public_key: [u8; KEY_LEN],
    preshared_key: [u8; KEY_LEN],
    /// The `sockaddr_in` or `sockaddr_in6` as given.
    endpoint: Option<Vec<u8>>,
    keepalive: u16,
    /// Masked network addresses with their prefix lengths, in insertion order.
    allowed: Vec<(IpAddr, u8)>,
}

/// One wireguard device's configuration.
#[derive(Clone, Debug, Default)]
struct Device {
    private_key: Option<[u8; KEY_LEN]>,
    public_key: Option<[u8; KEY_LEN]>,
    listen_port: u16,
    fwmark: u32,
    peers: Vec<Peer>,
}

/// Devices by namespace and ifindex (ifindexes are not reused, so a device deleted and
/// created again starts afresh).
#[derive(Debug, Default)]
struct WgState {
    devices: HashMap<(NsId, i32), Device>,
}

/// The simulated WireGuard module: register it on a kernel with [`WireGuard::register`].
#[derive(Clone, Debug, Default)]
pub struct WireGuard {
    state: Arc<Mutex<WgState>>,
}

impl WireGuard {
    /// A module without devices.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, WgState> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// The family definition (name `wireguard`, version 1, the module's policy and
    /// commands), with handlers working on this module's state.
    pub fn family(&self) -> FamilyDef {
        let get = self.clone();
        let set = self.clone();
        FamilyDef::new(wg::FAMILY_NAME, wg::VERSION)
            .policy(device_policy())
            .op(GenlOp::new(cmd::GET_DEVICE)
                .flags(op_flags::UNS_ADMIN_PERM)
                .dumpit(move |ctx, msg| get.get_device(ctx, msg)))
            .op(GenlOp::new(cmd::SET_DEVICE)
                .flags(op_flags::UNS_ADMIN_PERM)
                .doit(move |ctx, msg| set.set_device(ctx, msg)))
    }

    /// Registers the `wireguard` family on `kernel` (as loading the module does) and
    /// returns its id.
    pub fn register(&self, kernel: &Kernel) -> std::io::Result<u16> {
        kernel.register_family(self.family())
    }

    /// The public key of device `ifindex` in `ns`, if it has a private key.
    pub fn public_key(&self, ns: NsId, ifindex: i32) -> Option<[u8; 32]> {
        self.lock()
            .devices
            .get(&(ns, ifindex))
            .and_then(|d| d.public_key)
    }

    /// The number of peers of device `ifindex` in `ns`.
    pub fn peer_count(&self, ns: NsId, ifindex: i32) -> usize {
        self.lock()
            .devices
            .get(&(ns, ifindex))
            .map_or(0, |d| d.peers.len())
    }

    fn get_device(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = attrs(&msg)?;
        check_device_keys(ctx, &tb)?;
        let link = lookup(ctx, &tb)?;
        let st = self.lock();
        let empty = Device::default();
        let dev = st
            .devices
            .get(&(ctx.namespace(), link.index))
            .unwrap_or(&empty);
        for m in plan(dev, &link) {
            ctx.reply(cmd::GET_DEVICE, |b| write_message(b, dev, &link, &m))?;
        }
        Ok(())
    }

    fn set_device(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = attrs(&msg)?;
        check_device_keys(ctx, &tb)?;
        let link = lookup(ctx, &tb)?;
        let mut st = self.lock();
        let dev = st.devices.entry((ctx.namespace(), link.index)).or_default();
        let flags = match tb.get(wgdevice::FLAGS) {
            Some(a) => a.u32().map_err(|_| Errno::EINVAL)?,
            None => 0,
        };
        if flags & !wgdevice_flag::REPLACE_PEERS != 0 {
            return Err(Errno::EOPNOTSUPP);
        }
        if let Some(a) = tb.get(wgdevice::FWMARK) {
            dev.fwmark = a.u32().map_err(|_| Errno::EINVAL)?;
        }
        if let Some(a) = tb.get(wgdevice::LISTEN_PORT) {
            dev.listen_port = a.u16().map_err(|_| Errno::EINVAL)?;
        }
        if flags & wgdevice_flag::REPLACE_PEERS != 0 {
            dev.peers.clear();
        }
        if let Some(k) = tb.get(wgdevice::PRIVATE_KEY).and_then(key) {
            set_private_key(dev, k);
        }
        if let Some(peers) = tb.get(wgdevice::PEERS) {
            for p in peers.nested() {
                let p = p.map_err(|_| Errno::EINVAL)?;
                set_peer(dev, &p)?;
            }
        }
        Ok(())
    }
}

/// `device_policy`.
fn device_policy() -> Vec<AttrPolicy> {
    let mut p = vec![AttrPolicy::unspec(); usize::from(wgdevice::PEERS) + 1];
    p[usize::from(wgdevice::IFINDEX)] = AttrPolicy::u32();
    p[usize::from(wgdevice::IFNAME)] = AttrPolicy::nul_string(15);
    p[usize::from(wgdevice::PRIVATE_KEY)] = AttrPolicy::binary(32);
    p[usize::from(wgdevice::PUBLIC_KEY)] = AttrPolicy::binary(32);
    p[usize::from(wgdevice::FLAGS)] = AttrPolicy::u32();
    p[usize::from(wgdevice::LISTEN_PORT)] = AttrPolicy::u16();
    p[usize::from(wgdevice::FWMARK)] = AttrPolicy::u32();
    p[usize::from(wgdevice::PEERS)] = AttrPolicy::nested_any();
    p
}

/// The top-level attributes of a request, by type (the last of each type wins).
struct Tb<'a>(Vec<Option<Attr<'a>>>);

impl<'a> Tb<'a> {
    fn get(&self, t: u16) -> Option<Attr<'a>> {
        self.0.get(usize::from(t)).copied().flatten()
    }
}

fn index_attrs<'a>(it: nlwire_codec::Attrs<'a>, max: u16) -> Result<Tb<'a>, Errno> {
    let mut v = vec![None; usize::from(max) + 1];
    for a in it {
        let a = a.map_err(|_| Errno::EINVAL)?;
        let k = a.kind();
        if k > max {
            // nla_parse_nested validates strictly: unknown types are refused.
            return Err(Errno::EINVAL);
        }
        v[usize::from(k)] = Some(a);
    }
    Ok(Tb(v))
}

fn attrs<'a>(msg: &Message<'a>) -> Result<Tb<'a>, Errno> {
    // The generic layer already validated them against the device policy.
    index_attrs(
        msg.attrs(nlwire_codec::genl::GenlMsgHdr::LEN)
            .map_err(|_| Errno::EINVAL)?,
        wgdevice::PEERS,
    )
}

/// `nla_parse_nested`: the attribute must carry `NLA_F_NESTED`.
fn nested<'a>(a: &Attr<'a>, max: u16) -> Result<Tb<'a>, Errno> {
    if !a.is_nested() {
        return Err(Errno::EINVAL);
    }
    index_attrs(a.nested(), max)
}

/// The extended-ack text of a binary attribute outside its length range
/// (`nla_validate_range_unsigned`).
const BINARY_RANGE: &str = "binary attribute size out of range";

/// `NLA_POLICY_EXACT_LEN(32)` of the device keys: checked by the generic layer before
/// any handler, so failing with `ERANGE` and an extended ack pointing at the key.
fn check_device_keys(ctx: &mut GenlCtx<'_>, tb: &Tb<'_>) -> Result<(), Errno> {
    for t in [wgdevice::PRIVATE_KEY, wgdevice::PUBLIC_KEY] {
        if let Some(a) = tb.get(t) {
            if a.payload().len() != KEY_LEN {
                ctx.set_error_message(BINARY_RANGE);
                ctx.set_bad_attr(&a);
                return Err(Errno::ERANGE);
            }
        }
    }
    Ok(())
}

/// Length checks of a nested policy parsed with `nla_parse_nested` and no extended ack:
/// `(type, exact length)` of integers (strict: any other length is `EINVAL`) and
/// `(type, min, max)` of binaries (outside: `ERANGE`).
fn check_lengths(
    tb: &Tb<'_>,
    ints: &[(u16, usize)],
    bins: &[(u16, usize, usize)],
) -> Result<(), Errno> {
    for &(t, n) in ints {
        if tb.get(t).is_some_and(|a| a.payload().len() != n) {
            return Err(Errno::EINVAL);
        }
    }
    for &(t, lo, hi) in bins {
        if tb
            .get(t)
            .is_some_and(|a| !(lo..=hi).contains(&a.payload().len()))
        {
            return Err(Errno::ERANGE);
        }
    }
    Ok(())
}

fn key(a: Attr<'_>) -> Option<[u8; KEY_LEN]> {
    a.payload().try_into().ok()
}

/// `lookup_interface`.
fn lookup(ctx: &GenlCtx<'_>, tb: &Tb<'_>) -> Result<LinkRef, Errno> {
    let index = tb.get(wgdevice::IFINDEX);
    let name = tb.get(wgdevice::IFNAME);
    let link = match (index, name) {
        (Some(i), None) => {
            let i = i.u32().map_err(|_| Errno::EINVAL)?;
            i32::try_from(i).ok().and_then(|i| ctx.link(i))
        }
        (None, Some(n)) => {
            let n = n.c_bytes().ok().and_then(|b| std::str::from_utf8(b).ok());
            n.and_then(|n| ctx.link_by_name(n))
        }
        _ => return Err(EBADR),
    };
    let link = link.ok_or(Errno::ENODEV)?;
    if link.kind != Some("wireguard") {
        return Err(Errno::EOPNOTSUPP);
    }
    Ok(link)
}

/// `wg_noise_set_static_identity_private_key`: the key is stored clamped; an all-zero
/// key (or one whose public key is all zeros) leaves the device without identity. A
/// peer with the new public key is removed first.
fn set_private_key(dev: &mut Device, k: [u8; KEY_LEN]) {
    if dev.private_key == Some(clamp(k)) {
        return;
    }
    let public = x25519_dalek::x25519(k, x25519_dalek::X25519_BASEPOINT_BYTES);
    let has_identity = public != [0; KEY_LEN];
    if has_identity {
        dev.peers.retain(|p| p.public_key != public);
    }
    if k == [0; KEY_LEN] || !has_identity {
        dev.private_key = None;
        dev.public_key = None;
    } else {
        dev.private_key = Some(clamp(k));
        dev.public_key = Some(public);
    }
}

/// `curve25519_clamp_secret`.
fn clamp(mut k: [u8; KEY_LEN]) -> [u8; KEY_LEN] {
    k[0] &= 248;
    k[31] = (k[31] & 127) | 64;
    k
}

/// `set_peer`.
fn set_peer(dev: &mut Device, a: &Attr<'_>) -> Result<(), Errno> {
    let tb = nested(a, wgpeer::PROTOCOL_VERSION)?;
    check_lengths(
        &tb,
        &[
            (wgpeer::FLAGS, 4),
            (wgpeer::PERSISTENT_KEEPALIVE_INTERVAL, 2),
            (wgpeer::RX_BYTES, 8),
            (wgpeer::TX_BYTES, 8),
            (wgpeer::PROTOCOL_VERSION, 4),
        ],
        &[
            (wgpeer::PUBLIC_KEY, KEY_LEN, KEY_LEN),
            (wgpeer::PRESHARED_KEY, KEY_LEN, KEY_LEN),
            (wgpeer::ENDPOINT, 16, usize::from(u16::MAX)),
            (wgpeer::LAST_HANDSHAKE_TIME, 16, 16),
        ],
    )?;
    let public_key = tb
        .get(wgpeer::PUBLIC_KEY)
        .and_then(key)
        .ok_or(Errno::EINVAL)?;
    let preshared = tb.get(wgpeer::PRESHARED_KEY).and_then(key);
    let flags = match tb.get(wgpeer::FLAGS) {
        Some(a) => a.u32().map_err(|_| Errno::EINVAL)?,
        None => 0,
    };
    let all = wgpeer_flag::REMOVE_ME | wgpeer_flag::REPLACE_ALLOWEDIPS | wgpeer_flag::UPDATE_ONLY;
    if flags & !all != 0 {
        return Err(Errno::EOPNOTSUPP);
    }
    if let Some(v) = tb.get(wgpeer::PROTOCOL_VERSION) {
        if v.u32().map_err(|_| Errno::EINVAL)? != 1 {
            return Err(EPFNOSUPPORT);
        }
    }
    let pos = match dev.peers.iter().position(|p| p.public_key == public_key) {
        Some(i) => i,
        None => {
            if flags & (wgpeer_flag::REMOVE_ME | wgpeer_flag::UPDATE_ONLY) != 0 {
                return Ok(());
            }
            // Peers with the device's own public key are ignored silently.
            if dev.public_key == Some(public_key) {
                return Ok(());
            }
            dev.peers.push(Peer {
                public_key,
                preshared_key: [0; KEY_LEN],
                endpoint: None,
                keepalive: 0,
                allowed: Vec::new(),
            });
            dev.peers.len() - 1
        }
    };
    if flags & wgpeer_flag::REMOVE_ME != 0 {
        dev.peers.remove(pos);
        return Ok(());
    }
    if let Some(k) = preshared {
        dev.peers[pos].preshared_key = k;
    }
    if let Some(ep) = tb.get(wgpeer::ENDPOINT) {
        let p = ep.payload();
        let fam = u16::from_ne_bytes([p[0], p[1]]);
        if (p.len() == 16 && fam == AF_INET) || (p.len() == 28 && fam == AF_INET6) {
            dev.peers[pos].endpoint = Some(p.to_vec());
        }
    }
    if flags & wgpeer_flag::REPLACE_ALLOWEDIPS != 0 {
        dev.peers[pos].allowed.clear();
    }
    if let Some(list) = tb.get(wgpeer::ALLOWEDIPS) {
        if !list.is_nested() {
            return Err(Errno::EINVAL);
        }
        for ip in list.nested() {
            let ip = ip.map_err(|_| Errno::EINVAL)?;
            let (addr, cidr) = allowed_ip(&ip)?;
            // One owner per prefix: it moves to this peer, at the end of its list.
            for (i, p) in dev.peers.iter_mut().enumerate() {
                if i != pos {
                    p.allowed.retain(|&x| x != (addr, cidr));
                }
            }
            let mine = &mut dev.peers[pos].allowed;
            if !mine.contains(&(addr, cidr)) {
                mine.push((addr, cidr));
            }
        }
    }
    if let Some(k) = tb.get(wgpeer::PERSISTENT_KEEPALIVE_INTERVAL) {
        dev.peers[pos].keepalive = k.u16().map_err(|_| Errno::EINVAL)?;
    }
    Ok(())
}

/// `set_allowedip`: the network address (masked) and prefix length.
fn allowed_ip(a: &Attr<'_>) -> Result<(IpAddr, u8), Errno> {
    let tb = nested(a, wgallowedip::CIDR_MASK)?;
    check_lengths(
        &tb,
        &[(wgallowedip::FAMILY, 2), (wgallowedip::CIDR_MASK, 1)],
        &[(wgallowedip::IPADDR, 4, usize::from(u16::MAX))],
    )?;
    let (Some(f), Some(ip), Some(c)) = (
        tb.get(wgallowedip::FAMILY),
        tb.get(wgallowedip::IPADDR),
        tb.get(wgallowedip::CIDR_MASK),
    ) else {
        return Err(Errno::EINVAL);
    };
    let family = f.u16().map_err(|_| Errno::EINVAL)?;
    let cidr = c.u8().map_err(|_| Errno::EINVAL)?;
    let bytes = ip.payload();
    match (family, bytes.len()) {
        (AF_INET, 4) if cidr <= 32 => {
            let v = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
            let mask = u32::MAX.checked_shl(32 - u32::from(cidr)).unwrap_or(0);
            Ok((IpAddr::from((v & mask).to_be_bytes()), cidr))
        }
        (AF_INET6, 16) if cidr <= 128 => {
            let mut b = [0u8; 16];
            b.copy_from_slice(bytes);
            let v = u128::from_be_bytes(b);
            let mask = u128::MAX.checked_shl(128 - u32::from(cidr)).unwrap_or(0);
            Ok((IpAddr::from((v & mask).to_be_bytes()), cidr))
        }
        _ => Err(Errno::EINVAL),
    }
}

/// One peer's part of a dump message.
#[derive(Clone, Debug)]
struct PeerPart {
    peer: usize,
    /// With the peer's attributes (else only its public key: a continuation).
    full: bool,
    /// Which allowed IPs, and whether the `ALLOWEDIPS` nest is written.
    ips: std::ops::Range<usize>,
    ips_nest: bool,
}

/// One message of the dump.
#[derive(Clone, Debug, Default)]
struct MsgPlan {
    device: bool,
    peers: Vec<PeerPart>,
}

const fn nla(payload: usize) -> usize {
    4 + payload.div_ceil(4) * 4
}

fn device_attrs_len(dev: &Device, link: &LinkRef) -> usize {
    let keys = if dev.private_key.is_some() {
        2 * nla(KEY_LEN)
    } else {
        0
    };
    nla(2) + nla(4) + nla(4) + nla(link.name.len() + 1) + keys
}

fn peer_full_len(p: &Peer) -> usize {
    nla(KEY_LEN)
        + nla(16)
        + nla(2)
        + 2 * nla(8)
        + nla(4)
        + p.endpoint.as_ref().map_or(0, |e| nla(e.len()))
}

fn ip_len(ip: &(IpAddr, u8)) -> usize {
    let addr = if ip.0.is_ipv4() { 4 } else { 16 };
    4 + nla(1) + nla(2) + nla(addr)
}

/// `wg_get_device_dump` called until done: which peers and allowed IPs go in which
/// message.
fn plan(dev: &Device, link: &LinkRef) -> Vec<MsgPlan> {
    let limit = MESSAGE_LIMIT;
    let mut out = Vec::new();
    let mut next_peer = 0;
    let mut next_ip: Option<usize> = None;
    let mut first = true;
    loop {
        let mut m = MsgPlan {
            device: first,
            peers: Vec::new(),
        };
        let mut size = 16 + 4;
        if first {
            size += device_attrs_len(dev, link);
        }
        first = false;
        if dev.peers.is_empty() {
            out.push(m);
            return out;
        }
        size += 4;
        let mut done = true;
        while let Some(p) = dev.peers.get(next_peer) {
            let full = next_ip.is_none();
            let head = 4 + nla(KEY_LEN) + if full { peer_full_len(p) } else { 0 };
            if size + head > limit {
                done = false;
                break;
            }
            let start = next_ip.unwrap_or(0);
            if start >= p.allowed.len() {
                size += head;
                m.peers.push(PeerPart {
                    peer: next_peer,
                    full,
                    ips: start..start,
                    ips_nest: false,
                });
                next_peer += 1;
                next_ip = None;
                continue;
            }
            if size + head + 4 > limit {
                done = false;
                break;
            }
            let mut s = size + head + 4;
            let mut j = start;
            while let Some(ip) = p.allowed.get(j) {
                if s + ip_len(ip) > limit {
                    break;
                }
                s += ip_len(ip);
                j += 1;
            }
            size = s;
            m.peers.push(PeerPart {
                peer: next_peer,
                full,
                ips: start..j,
                ips_nest: true,
            });
            if j < p.allowed.len() {
                next_ip = Some(j);
                done = false;
                break;
            }
            next_ip = None;
            next_peer += 1;
        }
        let progressed = !m.peers.is_empty();
        out.push(m);
        if done || !progressed {
            return out;
        }
    }
}

fn write_message(
    b: &mut Builder<'_, VecBuf>,
    dev: &Device,
    link: &LinkRef,
    m: &MsgPlan,
) -> Result<(), EncodeError> {
    if m.device {
        b.put_u16(wgdevice::LISTEN_PORT, dev.listen_port)?;
        b.put_u32(wgdevice::FWMARK, dev.fwmark)?;
        b.put_u32(wgdevice::IFINDEX, u32::try_from(link.index).unwrap_or(0))?;
        b.put_str(wgdevice::IFNAME, &link.name)?;
        if let (Some(private), Some(public)) = (dev.private_key, dev.public_key) {
            b.put(wgdevice::PRIVATE_KEY, &private)?;
            b.put(wgdevice::PUBLIC_KEY, &public)?;
        }
    }
    if m.peers.is_empty() {
        return Ok(());
    }
    b.nest(wgdevice::PEERS, |b| {
        for part in &m.peers {
            let p = &dev.peers[part.peer];
            b.nest(0, |b| write_peer(b, p, part))?;
        }
        Ok(())
    })
}

fn write_peer(b: &mut Builder<'_, VecBuf>, p: &Peer, part: &PeerPart) -> Result<(), EncodeError> {
    b.put(wgpeer::PUBLIC_KEY, &p.public_key)?;
    if part.full {
        b.put(wgpeer::PRESHARED_KEY, &p.preshared_key)?;
        b.put(wgpeer::LAST_HANDSHAKE_TIME, &[0u8; 16])?;
        b.put_u16(wgpeer::PERSISTENT_KEEPALIVE_INTERVAL, p.keepalive)?;
        b.put_u64(wgpeer::TX_BYTES, 0)?;
        b.put_u64(wgpeer::RX_BYTES, 0)?;
        b.put_u32(wgpeer::PROTOCOL_VERSION, 1)?;
        if let Some(e) = &p.endpoint {
            b.put(wgpeer::ENDPOINT, e)?;
        }
    }
    if part.ips_nest {
        b.nest(wgpeer::ALLOWEDIPS, |b| {
            for (addr, cidr) in &p.allowed[part.ips.clone()] {
                b.nest(0, |b| {
                    b.put_u8(wgallowedip::CIDR_MASK, *cidr)?;
                    let fam = if addr.is_ipv4() { AF_INET } else { AF_INET6 };
                    b.put_u16(wgallowedip::FAMILY, fam)?;
                    b.put_ip(wgallowedip::IPADDR, *addr)
                })?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7748_public_key() {
        // RFC 7748 section 6.1: Alice's key pair.
        let private = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        let public = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        let mut dev = Device::default();
        set_private_key(&mut dev, private);
        assert_eq!(dev.public_key, Some(public));
        assert_eq!(dev.private_key, Some(clamp(private)));
        set_private_key(&mut dev, [0; 32]);
        assert_eq!(dev.public_key, None);
    }

    fn hex(s: &str) -> [u8; 32] {
        let mut k = [0u8; 32];
        for (i, b) in k.iter_mut().enumerate() {
            *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
        }
        k
    }

    #[test]
    fn plan_splits_peers_and_allowed_ips() {
        let link = LinkRef {
            index: 2,
            name: "wg0".into(),
            kind: Some("wireguard"),
            up: false,
            address: Vec::new(),
        };
        let mut dev = Device::default();
        for i in 0..100u8 {
            dev.peers.push(Peer {
                public_key: [i; 32],
                preshared_key: [0; 32],
                endpoint: None,
                keepalive: 0,
                allowed: (0..=i).map(|j| (IpAddr::from([10, i, j, 0]), 24)).collect(),
            });
        }
        let msgs = plan(&dev, &link);
        assert!(msgs.len() > 10, "{}", msgs.len());
        assert!(msgs[0].device && msgs[1..].iter().all(|m| !m.device));
        // Every allowed IP of every peer exactly once, in order.
        let mut seen: Vec<(usize, usize)> = Vec::new();
        for m in &msgs {
            for p in &m.peers {
                seen.extend(p.ips.clone().map(|j| (p.peer, j)));
            }
        }
        let want: Vec<(usize, usize)> = (0..100)
            .flat_map(|i| (0..=i).map(move |j| (i, j)))
            .collect();
        assert_eq!(seen, want);
        for m in &msgs {
            let mut b = VecBuf::new();
            let mut w = Builder::message(
                &mut b,
                nlwire_codec::MessageType(30),
                Default::default(),
                0,
                0,
            )
            .unwrap();
            w.put_header(&nlwire_codec::genl::GenlMsgHdr::new(0, 1))
                .unwrap();
            write_message(&mut w, &dev, &link, m).unwrap();
            let n = w.finish();
            assert!(n <= MESSAGE_LIMIT, "{n}");
        }
    }
}
