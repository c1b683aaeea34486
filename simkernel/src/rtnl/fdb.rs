//! The bridge forwarding database, local entries only (`br_fdb.c`): the addresses of
//! a bridge and of its ports, announced as `AF_BRIDGE` `RTM_NEWNEIGH`/`RTM_DELNEIGH`.
//! Learned entries (from traffic) are not simulated.

use nlwire_codec::rtnl::neigh::{NdMsg, nda, nud};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Builder, Flags, MessageType};

use crate::buf::VecBuf;
use crate::state::{Ctx, FdbEntry, LinkKind};

/// The allocation charged for one FDB notification.
const ALLOC: usize = 128;

/// `is_valid_ether_addr`: not multicast, not all zeroes.
fn valid(addr: &[u8]) -> bool {
    addr.len() == 6 && addr[0] & 1 == 0 && addr.iter().any(|&b| b != 0)
}

fn entries<'a>(c: &'a mut Ctx<'_>, br: i32) -> Option<&'a mut Vec<FdbEntry>> {
    match c.ns.links.get_mut(&br).map(|l| &mut l.kind) {
        Some(LinkKind::Bridge(b)) => Some(&mut b.fdb),
        _ => None,
    }
}

/// `fdb_notify`: queues the `AF_BRIDGE` neighbour message of `e` on bridge `br`.
fn notify(c: &mut Ctx<'_>, br: i32, e: &FdbEntry, kind: MessageType) {
    if !c.heard(group::NEIGH, false) {
        return;
    }
    let mut b = VecBuf::new();
    let ok = (|| {
        let mut m = Builder::message(&mut b, kind, Flags::EMPTY, 0, 0)?;
        let mut hdr = NdMsg::new(family::BRIDGE, e.dst.unwrap_or(br));
        hdr.state = nud::PERMANENT.into();
        m.put_header(&hdr)?;
        m.put(nda::LLADDR, &e.addr)?;
        m.put_u32(nda::MASTER, br as u32)?;
        m.put_u32(nda::FLAGS_EXT, 0)?;
        // NDA_CACHEINFO: ages are not simulated.
        m.put(nda::CACHEINFO, &[0u8; 16])?;
        m.finish();
        Ok::<(), nlwire_codec::EncodeError>(())
    })()
    .is_ok();
    if ok {
        c.note(group::NEIGH, b.into_vec(), ALLOC, None);
    }
}

/// `fdb_add_local`: a local entry for `addr` owned by port `dst` (the bridge itself
/// when `None`), unless the address is invalid or already has a local entry.
pub(crate) fn add_local(c: &mut Ctx<'_>, br: i32, dst: Option<i32>, addr: &[u8]) {
    if !valid(addr) {
        return;
    }
    let Some(fdb) = entries(c, br) else {
        return;
    };
    if fdb.iter().any(|e| e.addr == addr) {
        return;
    }
    let e = FdbEntry {
        addr: addr.to_vec(),
        dst,
    };
    fdb.push(e.clone());
    notify(c, br, &e, rtm::NEWNEIGH);
}

/// `fdb_delete_local`: the entry for `addr` owned by `p` goes, unless another port
/// (or, when `p` is a port, the bridge) has that address and takes it over.
fn delete_local(c: &mut Ctx<'_>, br: i32, p: Option<i32>, addr: &[u8]) {
    let other = c
        .ns
        .links
        .values()
        .find(|l| l.master == Some(br) && l.port.is_some() && Some(l.index) != p && l.addr == addr)
        .map(|l| l.index);
    let bridge_has = p.is_some() && c.ns.links.get(&br).is_some_and(|l| l.addr == addr);
    let Some(fdb) = entries(c, br) else {
        return;
    };
    let Some(i) = fdb.iter().position(|e| e.addr == addr) else {
        return;
    };
    if let Some(q) = other {
        fdb[i].dst = Some(q);
    } else if bridge_has {
        fdb[i].dst = None;
    } else {
        let e = fdb.remove(i);
        notify(c, br, &e, rtm::DELNEIGH);
    }
}

/// `br_fdb_change_mac_address`: bridge `br` is about to take `new` (its address is
/// still the old one): its own entry for the old address goes, one for `new` comes.
pub(crate) fn change_mac_address(c: &mut Ctx<'_>, br: i32, new: &[u8]) {
    let Some(old) = c.ns.links.get(&br).map(|l| l.addr.clone()) else {
        return;
    };
    let own = entries(c, br).is_some_and(|f| f.iter().any(|e| e.addr == old && e.dst.is_none()));
    if own {
        delete_local(c, br, None, &old);
    }
    add_local(c, br, None, new);
}

/// `br_fdb_delete_by_port` for local entries: those owned by port `p` (by the bridge
/// itself when `None`).
pub(crate) fn delete_by_port(c: &mut Ctx<'_>, br: i32, p: Option<i32>) {
    let addrs: Vec<Vec<u8>> = entries(c, br).map_or_else(Vec::new, |f| {
        f.iter()
            .filter(|e| e.dst == p)
            .map(|e| e.addr.clone())
            .collect()
    });
    for a in addrs {
        if p.is_none() {
            // The bridge going away: nothing takes its entries over.
            if let Some(fdb) = entries(c, br) {
                if let Some(i) = fdb.iter().position(|e| e.addr == a) {
                    let e = fdb.remove(i);
                    notify(c, br, &e, rtm::DELNEIGH);
                }
            }
        } else {
            delete_local(c, br, p, &a);
        }
    }
}

/// `br_fdb_changeaddr`: port `p` of `br` now has address `new`.
pub(crate) fn port_changeaddr(c: &mut Ctx<'_>, br: i32, p: i32, new: &[u8]) {
    let old: Vec<Vec<u8>> = entries(c, br).map_or_else(Vec::new, |f| {
        f.iter()
            .filter(|e| e.dst == Some(p))
            .map(|e| e.addr.clone())
            .collect()
    });
    if let Some(a) = old.first() {
        delete_local(c, br, Some(p), a);
    }
    add_local(c, br, Some(p), new);
}
