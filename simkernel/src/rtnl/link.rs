//! Links: `RTM_NEWLINK`/`RTM_SETLINK`/`RTM_DELLINK`/`RTM_GETLINK`, device kinds, flags,
//! carrier and operational state, masters, and the link dump.

use std::sync::OnceLock;

use nlwire_codec::rtnl::link::{IfInfoMsg, iff, ifla, info, operstate, veth};
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::zerocopy::FromBytes;
use nlwire_codec::{Attr, Flags, Message, MessageType};

use super::linkmsg::{self, FillOpts};
use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::netlink::{Dump, DumpKind, DumpOut, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, PolicyKind, Strictness};
use crate::state::{Bridge, Ctx, Link, LinkKind, Netns, Port, SockId, State, Vxlan};
use crate::texts;

/// `IFLA_*` policy (`ifla_policy`), the parts that matter here.
pub(crate) fn ifla_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        let reject = || AttrPolicy::new(PolicyKind::Reject(None));
        policy::table(
            nlwire_codec::rtnl::link::IFLA_MAX,
            &[
                (ifla::ADDRESS, AttrPolicy::binary(32)),
                (ifla::BROADCAST, AttrPolicy::binary(32)),
                (ifla::IFNAME, AttrPolicy::string(15)),
                (ifla::MTU, AttrPolicy::u32()),
                (ifla::LINK, AttrPolicy::u32()),
                (ifla::QDISC, AttrPolicy::string(31)),
                (ifla::MASTER, AttrPolicy::u32()),
                (ifla::TXQLEN, AttrPolicy::u32()),
                (ifla::WEIGHT, AttrPolicy::u32()),
                (ifla::OPERSTATE, AttrPolicy::u8()),
                (ifla::LINKMODE, AttrPolicy::u8()),
                (
                    ifla::LINKINFO,
                    AttrPolicy::nested(ifla_info_policy().to_vec()),
                ),
                (ifla::NET_NS_PID, AttrPolicy::u32()),
                (ifla::IFALIAS, AttrPolicy::string(255)),
                (ifla::AF_SPEC, AttrPolicy::nested_any()),
                (ifla::GROUP, AttrPolicy::u32()),
                (ifla::NET_NS_FD, AttrPolicy::u32()),
                (ifla::EXT_MASK, AttrPolicy::u32()),
                (ifla::PROMISCUITY, AttrPolicy::u32()),
                (ifla::NUM_TX_QUEUES, AttrPolicy::u32()),
                (ifla::NUM_RX_QUEUES, AttrPolicy::u32()),
                (ifla::CARRIER, AttrPolicy::u8()),
                (ifla::CARRIER_CHANGES, AttrPolicy::u32()),
                (ifla::LINK_NETNSID, AttrPolicy::s32()),
                (ifla::PROTO_DOWN, AttrPolicy::u8()),
                (ifla::GSO_MAX_SEGS, AttrPolicy::u32()),
                (ifla::GSO_MAX_SIZE, AttrPolicy::u32()),
                (ifla::XDP, AttrPolicy::nested_any()),
                (ifla::EVENT, AttrPolicy::u32()),
                (ifla::NEW_NETNSID, AttrPolicy::s32()),
                (ifla::TARGET_NETNSID, AttrPolicy::s32()),
                (ifla::CARRIER_UP_COUNT, AttrPolicy::u32()),
                (ifla::CARRIER_DOWN_COUNT, AttrPolicy::u32()),
                (ifla::MIN_MTU, AttrPolicy::u32()),
                (ifla::MAX_MTU, AttrPolicy::u32()),
                (ifla::PROP_LIST, AttrPolicy::nested_any()),
                (ifla::ALT_IFNAME, AttrPolicy::string(127)),
                (ifla::PERM_ADDRESS, reject()),
                (ifla::GRO_MAX_SIZE, AttrPolicy::u32()),
                (ifla::TSO_MAX_SIZE, reject()),
                (ifla::TSO_MAX_SEGS, reject()),
                (ifla::ALLMULTI, reject()),
                (ifla::DEVLINK_PORT, reject()),
                (ifla::GSO_IPV4_MAX_SIZE, AttrPolicy::u32()),
                (ifla::GRO_IPV4_MAX_SIZE, AttrPolicy::u32()),
                (ifla::DPLL_PIN, reject()),
                (ifla::MAX_PACING_OFFLOAD_HORIZON, reject()),
                (ifla::NETNS_IMMUTABLE, reject()),
                (ifla::HEADROOM, reject()),
                (ifla::TAILROOM, reject()),
            ],
        )
    })
}

/// `IPV6_MIN_MTU`: below it a device has no IPv6 state.
const IPV6_MIN_MTU: u32 = 1280;

/// `IFLA_INFO_*` policy.
fn ifla_info_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            5,
            &[
                (info::KIND, AttrPolicy::new(PolicyKind::String)),
                (info::DATA, AttrPolicy::nested_any()),
                (info::SLAVE_KIND, AttrPolicy::new(PolicyKind::String)),
                (info::SLAVE_DATA, AttrPolicy::nested_any()),
            ],
        )
    })
}

/// Per-kind `IFLA_INFO_DATA` policies.
fn kind_policy(kind: &str) -> Vec<AttrPolicy> {
    match kind {
        "veth" => policy::table(
            1,
            &[(
                veth::PEER,
                AttrPolicy {
                    kind: PolicyKind::Unspec,
                    len: 16, // sizeof(struct ifinfomsg)
                    range: None,
                },
            )],
        ),
        "bridge" => policy::table(
            49,
            &[
                (1, AttrPolicy::u32()),
                (2, AttrPolicy::u32()),
                (3, AttrPolicy::u32()),
                (4, AttrPolicy::u32()),
                (5, AttrPolicy::u32()),
                (6, AttrPolicy::u16()),
                (7, AttrPolicy::u8()),
                (9, AttrPolicy::u16()),
                (23, AttrPolicy::u8()),
            ],
        ),
        "vlan" => policy::table(
            5,
            &[
                (1, AttrPolicy::u16().range(0, 4094)),
                (
                    2,
                    AttrPolicy {
                        kind: PolicyKind::Unspec,
                        len: 8,
                        range: None,
                    },
                ),
                (5, AttrPolicy::u16()),
            ],
        ),
        "vxlan" => policy::table(
            15,
            &[
                (1, AttrPolicy::u32().range(0, (1 << 24) - 1)),
                (2, AttrPolicy::binary(4)),
                (3, AttrPolicy::u32()),
                (4, AttrPolicy::binary(4)),
                (5, AttrPolicy::u8()),
                (7, AttrPolicy::u8()),
                (15, AttrPolicy::u16()),
            ],
        ),
        "macvlan" => policy::table(2, &[(1, AttrPolicy::u32()), (2, AttrPolicy::u16())]),
        "bond" => policy::table(1, &[(1, AttrPolicy::u8())]),
        _ => Vec::new(),
    }
}

const KINDS: [&str; 8] = [
    "veth",
    "bridge",
    "dummy",
    "vlan",
    "vxlan",
    "macvlan",
    "bond",
    "wireguard",
];

/// Attributes indexed by type.
type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn attr_u32(tb: &Tb<'_>, t: u16) -> Option<u32> {
    get(tb, t).and_then(|a| {
        let p = a.payload();
        (p.len() >= 4).then(|| u32::from_ne_bytes([p[0], p[1], p[2], p[3]]))
    })
}

fn attr_u8(tb: &Tb<'_>, t: u16) -> Option<u8> {
    get(tb, t).and_then(|a| a.payload().first().copied())
}

fn attr_name(tb: &Tb<'_>, t: u16) -> Option<String> {
    get(tb, t).map(|a| {
        let p = a.payload();
        let end = p.iter().position(|&b| b == 0).unwrap_or(p.len()).min(15);
        String::from_utf8_lossy(&p[..end]).into_owned()
    })
}

/// `dev_valid_name`.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() < 16
        && name != "."
        && name != ".."
        && !name
            .bytes()
            .any(|b| b == b'/' || b == b':' || b.is_ascii_whitespace())
}

/// `dev_get_valid_name`: checks `name` and expands a `%d` pattern.
fn resolve_name(ns: &Netns, name: &str) -> Result<String, Errno> {
    if !valid_name(name) {
        return Err(Errno::EINVAL);
    }
    if let Some(pos) = name.find('%') {
        if name[pos..].len() < 2 || &name[pos..pos + 2] != "%d" || name[pos + 2..].contains('%') {
            return Err(Errno::EINVAL);
        }
        for i in 0..32768u32 {
            let cand = format!("{}{}{}", &name[..pos], i, &name[pos + 2..]);
            if cand.len() >= 16 {
                return Err(Errno::EINVAL);
            }
            if ns.link_by_name(&cand).is_none() {
                return Ok(cand);
            }
        }
        return Err(Errno::ENFILE);
    }
    if ns.link_by_name(name).is_some() {
        return Err(Errno::EEXIST);
    }
    Ok(name.to_string())
}

/// A new device with the defaults of its kind (not yet registered).
fn new_link(index: i32, name: String, kind: LinkKind, mac: Vec<u8>, clock: u32) -> Link {
    let (flags, mtu, min_mtu, max_mtu, txq) = match &kind {
        LinkKind::Loopback => (iff::LOOPBACK, 65536, 0, 0, 1),
        LinkKind::Veth { .. } => (iff::BROADCAST | iff::MULTICAST, 1500, 68, 65535, 1),
        LinkKind::Bridge(_) => (iff::BROADCAST | iff::MULTICAST, 1500, 68, 65535, 1),
        LinkKind::Dummy => (iff::BROADCAST | iff::NOARP, 1500, 0, 0, 1),
        LinkKind::Vlan { .. } => (iff::BROADCAST | iff::MULTICAST, 1500, 0, 1500, 1),
        LinkKind::Vxlan(_) => (iff::BROADCAST | iff::MULTICAST, 1450, 68, 65485, 1),
        LinkKind::Macvlan { .. } => (iff::BROADCAST | iff::MULTICAST, 1500, 68, 1500, 1),
        LinkKind::Bond { .. } => (
            iff::BROADCAST | iff::MULTICAST | iff::MASTER,
            1500,
            68,
            65535,
            16,
        ),
        // wg_setup: no hardware address, mtu 1420, max INT_MAX rounded to 16 less 80.
        LinkKind::WireGuard => (iff::POINTOPOINT | iff::NOARP, 1420, 0, 2_147_483_552, 1),
        // mac80211: min 256, max IEEE80211_MAX_DATA_LEN.
        LinkKind::Wireless => (iff::BROADCAST | iff::MULTICAST, 1500, 256, 2304, 1),
    };
    let wireguard = matches!(kind, LinkKind::WireGuard);
    let mac = if wireguard { Vec::new() } else { mac };
    let broadcast = if wireguard {
        Vec::new()
    } else if matches!(kind, LinkKind::Loopback) {
        vec![0; 6]
    } else {
        vec![0xff; 6]
    };
    let netns_immutable = matches!(kind, LinkKind::Loopback | LinkKind::Bridge(_));
    let (ntx, nrx) = match kind {
        LinkKind::Veth { .. } => (2, 2),
        _ => (txq, txq),
    };
    Link {
        index,
        name,
        kind,
        flags,
        gflags: 0,
        mtu,
        min_mtu,
        max_mtu,
        txqlen: 1000,
        group: 0,
        addr: mac,
        broadcast,
        master: None,
        port: None,
        iflink: None,
        carrier: true,
        carrier_up: 0,
        carrier_down: 0,
        operstate: operstate::UNKNOWN,
        linkmode: 0,
        promiscuity: 0,
        allmulti: 0,
        num_tx_queues: ntx,
        num_rx_queues: nrx,
        alias: None,
        noqueue: false,
        netns_immutable,
        proto_down: false,
        addrs4: Vec::new(),
        created: clock,
        inet6: true,
    }
}

/// Creates `lo` (down, mtu 65536) in a new namespace.
pub(crate) fn add_loopback(ns: &mut Netns, clock: u32) {
    let idx = ns.alloc_ifindex();
    let lo = new_link(idx, "lo".into(), LinkKind::Loopback, vec![0; 6], clock);
    ns.links.insert(idx, lo);
    ns.dev_gen += 1;
}

/// Builds a link message.
pub(crate) fn link_bytes(
    ns: &Netns,
    idx: i32,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
    o: FillOpts,
) -> Option<Vec<u8>> {
    let l = ns.links.get(&idx)?;
    let mut b = VecBuf::new();
    linkmsg::write_link(&mut b, ns, l, kind, flags, seq, pid, o).ok()?;
    Some(b.into_vec())
}

/// Queues an `RTM_NEWLINK` notification for `idx` with `ifi_change = change`.
/// `echo`: the requester that asked for `NLM_F_ECHO`, and its seq.
pub(crate) fn notify_newlink(
    c: &mut Ctx<'_>,
    idx: i32,
    change: u32,
    echo: Option<((SockId, u32), u32)>,
) {
    let (pid, seq) = echo.map_or((0, 0), |((_, p), s)| (p, s));
    let o = FillOpts {
        change,
        ..FillOpts::default()
    };
    if let Some(b) = link_bytes(c.ns, idx, rtm::NEWLINK, Flags::EMPTY, seq, pid, o) {
        let alloc = linkmsg::alloc_estimate(b.len());
        c.note(group::LINK, b, alloc, echo.map(|(e, _)| e));
    }
}

/// `br_ifinfo_notify`: queues the `AF_BRIDGE` `RTM_NEWLINK` or `RTM_DELLINK` of bridge
/// port `idx` (nothing if it is no bridge port).
pub(crate) fn notify_bridge_port(c: &mut Ctx<'_>, idx: i32, kind: MessageType) {
    let Some(l) = c.ns.links.get(&idx) else {
        return;
    };
    let mut b = VecBuf::new();
    if let Ok(Some(())) = linkmsg::write_bridge_port_link(&mut b, c.ns, l, kind, Flags::EMPTY, 0, 0)
    {
        let b = b.into_vec();
        let alloc = linkmsg::alloc_estimate(b.len());
        c.note(group::LINK, b, alloc, None);
    }
}

/// Records a carrier change (`netif_carrier_on/off`) and queues a linkwatch event.
pub(crate) fn set_carrier(ns: &mut Netns, idx: i32, on: bool) {
    let Some(l) = ns.links.get_mut(&idx) else {
        return;
    };
    if l.carrier == on {
        return;
    }
    l.carrier = on;
    if on {
        l.carrier_up += 1;
    } else {
        l.carrier_down += 1;
    }
    if !ns.linkwatch.contains(&idx) {
        ns.linkwatch.push(idx);
    }
}

/// `default_operstate` (RFC 2863) for a device whose carrier changed.
fn default_operstate(ns: &Netns, l: &Link) -> u8 {
    if !l.carrier {
        let Some(peer) = l.iflink.filter(|&i| i != l.index) else {
            return operstate::DOWN;
        };
        return match ns.links.get(&peer) {
            Some(p) if !p.carrier => operstate::LOWERLAYERDOWN,
            _ => operstate::DOWN,
        };
    }
    operstate::UP
}

/// Recomputes carriers that depend on other devices: a bridge has carrier when a port
/// forwards (once a port state selection ran: a port forwarding means one did), a bond
/// when a slave has carrier, a VLAN or macvlan when its lower device is up with
/// carrier.
fn update_dependents(ns: &mut Netns) {
    for _ in 0..4 {
        let mut changes = Vec::new();
        let mut selected = Vec::new();
        for l in ns.links.values() {
            let want = match &l.kind {
                LinkKind::Bridge(b) => {
                    let live = l.is_up()
                        && ns
                            .links
                            .values()
                            .any(|p| p.master == Some(l.index) && linkmsg::port_forwarding(p, l));
                    if !b.selected && !live {
                        continue;
                    }
                    if !b.selected {
                        selected.push(l.index);
                    }
                    live
                }
                LinkKind::Bond { .. } => ns
                    .links
                    .values()
                    .any(|p| p.master == Some(l.index) && p.is_up() && p.carrier),
                LinkKind::Vlan { .. } | LinkKind::Macvlan { .. } => l
                    .iflink
                    .and_then(|i| ns.links.get(&i))
                    .is_some_and(|p| p.is_up() && p.carrier),
                _ => continue,
            };
            if want != l.carrier {
                changes.push((l.index, want));
            }
        }
        for i in selected {
            mark_selected(ns, i);
        }
        if changes.is_empty() {
            return;
        }
        for (i, on) in changes {
            set_carrier(ns, i, on);
        }
    }
}

/// Records that bridge `m` ran `br_port_state_selection`: its carrier follows its ports
/// from then on.
fn mark_selected(ns: &mut Netns, m: i32) {
    if let Some(LinkKind::Bridge(b)) = ns.links.get_mut(&m).map(|l| &mut l.kind) {
        b.selected = true;
    }
}

/// `linkwatch`: applies operational states after carrier changes and notifies the up
/// devices (`RTM_NEWLINK`, change 0).
pub(crate) fn run_linkwatch(st: &mut State, ns: u32) {
    let pending = match st.nss.get_mut(&ns) {
        Some(n) if !n.linkwatch.is_empty() => std::mem::take(&mut n.linkwatch),
        _ => return,
    };
    let _ = st.with_ns(ns, |c| {
        for idx in pending {
            let Some(l) = c.ns.links.get(&idx) else {
                continue;
            };
            let state = default_operstate(c.ns, l);
            let up = l.is_up();
            if !l.carrier {
                // NETDEV_CHANGE without carrier: neigh_carrier_down, nexthop_flush_dev.
                super::neigh::carrier_down(c, idx);
                super::nexthop::flush_dev(c, idx);
            }
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.operstate = state;
            }
            if up {
                super::addr6::link_change(c, idx);
                notify_newlink(c, idx, 0, None);
            }
        }
        super::addr6::dad_run(c);
        Ok(())
    });
}

/// `dev_open`.
fn dev_open(c: &mut Ctx<'_>, idx: i32) -> Result<(), Errno> {
    let Some(l) = c.ns.links.get(&idx) else {
        return Err(Errno::ENODEV);
    };
    if l.is_up() {
        return Ok(());
    }
    if let LinkKind::Vlan { .. } = l.kind {
        let lower_up = l
            .iflink
            .and_then(|i| c.ns.links.get(&i))
            .is_some_and(|p| p.is_up());
        if !lower_up {
            return Err(Errno::ENETDOWN);
        }
    }
    let kind = l.kind.clone();
    if let Some(l) = c.ns.links.get_mut(&idx) {
        l.flags |= iff::UP;
        l.noqueue = true;
    }
    if let LinkKind::Veth { peer } = kind {
        if c.ns.links.get(&peer).is_some_and(|p| p.is_up()) {
            set_carrier(c.ns, idx, true);
            set_carrier(c.ns, peer, true);
        }
    }
    Ok(())
}

/// `dev_close`.
fn dev_close(c: &mut Ctx<'_>, idx: i32) {
    let Some(l) = c.ns.links.get(&idx) else {
        return;
    };
    if !l.is_up() {
        return;
    }
    if let LinkKind::Veth { peer } = l.kind {
        set_carrier(c.ns, idx, false);
        set_carrier(c.ns, peer, false);
    }
    if let Some(l) = c.ns.links.get_mut(&idx) {
        l.flags &= !iff::UP;
    }
}

/// The flags `dev_change_flags` lets user space change.
const USER_FLAGS: u32 = iff::DEBUG
    | iff::NOTRAILERS
    | iff::NOARP
    | iff::DYNAMIC
    | iff::MULTICAST
    | iff::PORTSEL
    | iff::AUTOMEDIA;

/// `rtnl_dev_combine_flags`.
fn combine_flags(l: &Link, ifm: &IfInfoMsg) -> u32 {
    let flags = ifm.flags.get();
    let change = ifm.change.get();
    if change != 0 {
        (flags & change) | (linkmsg::visible_flags(l) & !change)
    } else {
        flags
    }
}

/// `dev_change_flags` + `__dev_notify_flags`: applies `flags`, notifies, runs the
/// up/down consequences (routes, addresses, bridges).
pub(crate) fn change_flags(
    c: &mut Ctx<'_>,
    idx: i32,
    flags: u32,
    echo: Option<((SockId, u32), u32)>,
) -> Result<(), Errno> {
    let Some(l) = c.ns.links.get(&idx) else {
        return Err(Errno::ENODEV);
    };
    let old_flags = l.flags;
    let old_gflags = l.gflags;
    let want_up = flags & iff::UP != 0;
    let new_static = (flags & USER_FLAGS) | (l.flags & !USER_FLAGS);
    let mut gflags = l.gflags;
    for bit in [iff::PROMISC, iff::ALLMULTI] {
        gflags = (gflags & !bit) | (flags & bit);
    }
    {
        let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
        l.flags = new_static;
        if gflags & iff::PROMISC != old_gflags & iff::PROMISC {
            if gflags & iff::PROMISC != 0 {
                l.promiscuity += 1;
            } else {
                l.promiscuity = l.promiscuity.saturating_sub(1);
            }
        }
        if gflags & iff::ALLMULTI != old_gflags & iff::ALLMULTI {
            if gflags & iff::ALLMULTI != 0 {
                l.allmulti += 1;
            } else {
                l.allmulti = l.allmulti.saturating_sub(1);
            }
        }
        l.gflags = gflags;
    }
    let was_up = old_flags & iff::UP != 0;
    if want_up != was_up {
        if want_up {
            if let Err(e) = dev_open(c, idx) {
                if let Some(l) = c.ns.links.get_mut(&idx) {
                    l.flags = old_flags;
                }
                return Err(e);
            }
        } else {
            dev_close(c, idx);
        }
    }
    let Some(l) = c.ns.links.get(&idx) else {
        return Ok(());
    };
    let changes = (old_flags ^ l.flags) | (old_gflags ^ l.gflags);
    if changes != 0 {
        notify_newlink(c, idx, changes, echo);
    }
    if want_up != was_up {
        if want_up {
            netdev_up(c, idx);
        } else {
            netdev_down(c, idx);
        }
    }
    Ok(())
}

/// `NETDEV_UP` consequences.
fn netdev_up(c: &mut Ctx<'_>, idx: i32) {
    // br_device_event.
    notify_bridge_port(c, idx, rtm::NEWLINK);
    let is_lo =
        c.ns.links
            .get(&idx)
            .is_some_and(|l| matches!(l.kind, LinkKind::Loopback));
    if is_lo {
        super::addr::add_loopback_address(c, idx);
    }
    super::route::fib_netdev_up(c, idx);
    update_dependents(c.ns);
}

/// `NETDEV_DOWN` consequences.
fn netdev_down(c: &mut Ctx<'_>, idx: i32) {
    // br_device_event: br_stp_disable_port.
    notify_bridge_port(c, idx, rtm::NEWLINK);
    super::neigh::flush_dev(c, idx);
    super::nexthop::flush_dev(c, idx);
    super::route::fib_netdev_down(c, idx, false);
    update_dependents(c.ns);
}

fn mtu_check(l: &Link, mtu: u32, ext: &mut Ext) -> Result<(), Errno> {
    if mtu < l.min_mtu {
        ext.msg(texts::MTU_TOO_SMALL);
        return Err(Errno::EINVAL);
    }
    if l.max_mtu > 0 && mtu > l.max_mtu {
        ext.msg(texts::MTU_TOO_BIG);
        return Err(Errno::EINVAL);
    }
    Ok(())
}

/// `do_set_master`.
fn set_master(c: &mut Ctx<'_>, idx: i32, master: u32, ext: &mut Ext) -> Result<(), Errno> {
    let Some(l) = c.ns.links.get(&idx) else {
        return Err(Errno::ENODEV);
    };
    if let Some(old) = l.master {
        if i64::from(old) == i64::from(master) {
            return Ok(());
        }
        release_port(c, idx);
    }
    if master == 0 {
        return Ok(());
    }
    let m = i32::try_from(master).map_err(|_| Errno::EINVAL)?;
    let Some(ml) = c.ns.links.get(&m) else {
        return Err(Errno::EINVAL);
    };
    let Some(l) = c.ns.links.get(&idx) else {
        return Err(Errno::ENODEV);
    };
    match &ml.kind {
        LinkKind::Bridge(_) => {
            // is_valid_ether_addr: not multicast, not all zeroes.
            let valid = l.addr.len() == 6 && l.addr[0] & 1 == 0 && l.addr.iter().any(|&b| b != 0);
            if matches!(l.kind, LinkKind::Loopback) || !valid {
                return Err(Errno::EINVAL);
            }
            if matches!(l.kind, LinkKind::Bridge(_)) {
                ext.msg(texts::BRIDGE_IN_BRIDGE);
                return Err(Errno::ELOOP);
            }
            let port_no = match &mut c.ns.links.get_mut(&m).ok_or(Errno::EINVAL)?.kind {
                LinkKind::Bridge(b) => {
                    let n = b.next_port_no;
                    b.next_port_no += 1;
                    n
                }
                _ => 1,
            };
            let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
            l.master = Some(m);
            l.port = Some(Port {
                port_no,
                cost: 2,
                priority: 32,
            });
            l.promiscuity += 1;
            l.allmulti += 1;
            notify_newlink(c, idx, 0, None);
            notify_newlink(c, idx, iff::PROMISC, None);
            let addr =
                c.ns.links
                    .get(&idx)
                    .map(|l| l.addr.clone())
                    .unwrap_or_default();
            super::fdb::add_local(c, m, Some(idx), &addr);
            let changed_addr = bridge_recalc_addr(c, m);
            update_dependents(c.ns);
            notify_newlink(c, m, 0, None);
            notify_bridge_port(c, idx, rtm::NEWLINK);
            if changed_addr {
                // NETDEV_CHANGEADDR on the bridge.
                super::neigh::changeaddr(c, m);
            }
            bridge_mtu_auto_adjust(c, m);
            Ok(())
        }
        LinkKind::Bond { .. } => {
            if l.is_up() {
                ext.msg(texts::BOND_SLAVE_UP);
                return Err(Errno::EPERM);
            }
            if matches!(l.kind, LinkKind::Loopback | LinkKind::Bond { .. }) || m == idx {
                return Err(Errno::EPERM);
            }
            let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
            l.master = Some(m);
            l.flags |= iff::SLAVE;
            notify_newlink(c, idx, 0, None);
            // The bonding driver opens its slaves.
            let f = c.ns.links.get(&idx).map_or(0, |l| l.flags | iff::UP);
            change_flags(c, idx, f, None)?;
            update_dependents(c.ns);
            notify_newlink(c, m, 0, None);
            Ok(())
        }
        _ => Err(Errno::EOPNOTSUPP),
    }
}

/// `dev_set_mtu` once checked: the notification, then addrconf.
fn set_mtu(c: &mut Ctx<'_>, idx: i32, mtu: u32) {
    if let Some(l) = c.ns.links.get_mut(&idx) {
        l.mtu = mtu;
    }
    // rtnetlink's notifier runs before addrconf's, which drops or restores
    // the device's IPv6 state around IPV6_MIN_MTU.
    notify_newlink(c, idx, 0, None);
    let mut was = false;
    if let Some(l) = c.ns.links.get_mut(&idx) {
        was = l.inet6;
        l.inet6 = l.mtu >= IPV6_MIN_MTU || matches!(l.kind, LinkKind::Loopback);
    }
    super::addr6::mtu_change(c, idx, was);
}

/// `br_mtu_auto_adjust`: a bridge whose MTU the user did not set follows the smallest
/// MTU of its ports (1500 without ports).
fn bridge_mtu_auto_adjust(c: &mut Ctx<'_>, m: i32) {
    let Some(br) = c.ns.links.get(&m) else {
        return;
    };
    let LinkKind::Bridge(b) = &br.kind else {
        return;
    };
    if b.mtu_set {
        return;
    }
    let min =
        c.ns.links
            .values()
            .filter(|p| p.master == Some(m) && p.port.is_some())
            .map(|p| p.mtu)
            .min()
            .unwrap_or(1500);
    if min != br.mtu {
        set_mtu(c, m, min);
    }
}

/// `br_stp_recalculate_bridge_id`: a bridge whose address the user did not set takes
/// the smallest address of its ports (all zeroes without ports). True if it changed.
fn bridge_recalc_addr(c: &mut Ctx<'_>, m: i32) -> bool {
    let Some(br) = c.ns.links.get(&m) else {
        return false;
    };
    let LinkKind::Bridge(b) = &br.kind else {
        return false;
    };
    if b.addr_set {
        return false;
    }
    let addr =
        c.ns.links
            .values()
            .filter(|p| p.master == Some(m) && p.port.is_some())
            .map(|p| p.addr.clone())
            .min()
            .unwrap_or_else(|| vec![0; 6]);
    if addr == br.addr {
        return false;
    }
    // br_stp_change_bridge_id: the FDB first, then the address.
    super::fdb::change_mac_address(c, m, &addr);
    if let Some(br) = c.ns.links.get_mut(&m) {
        br.addr = addr;
    }
    // br_stp_change_bridge_id ends with a port state selection.
    mark_selected(c.ns, m);
    true
}

/// `ndo_del_slave`.
fn release_port(c: &mut Ctx<'_>, idx: i32) {
    let Some(l) = c.ns.links.get_mut(&idx) else {
        return;
    };
    let Some(m) = l.master else {
        return;
    };
    let was_bridge_port = l.port.is_some();
    if was_bridge_port {
        // del_nbp: nbp_delete_promisc first, the device still a port.
        l.promiscuity = l.promiscuity.saturating_sub(1);
        l.allmulti = l.allmulti.saturating_sub(1);
        notify_newlink(c, idx, iff::PROMISC, None);
        // del_nbp: br_stp_disable_port, then the port's AF_BRIDGE RTM_DELLINK.
        notify_bridge_port(c, idx, rtm::NEWLINK);
        notify_bridge_port(c, idx, rtm::DELLINK);
        super::fdb::delete_by_port(c, m, Some(idx));
    }
    // netdev_upper_dev_unlink.
    if let Some(l) = c.ns.links.get_mut(&idx) {
        l.master = None;
        l.port = None;
        l.flags &= !iff::SLAVE;
    }
    notify_newlink(c, idx, 0, None);
    let mut changed_addr = false;
    if was_bridge_port {
        // del_nbp: br_stp_disable_port runs a port state selection.
        mark_selected(c.ns, m);
        changed_addr = bridge_recalc_addr(c, m);
    }
    update_dependents(c.ns);
    notify_newlink(c, m, 0, None);
    if changed_addr {
        // br_del_if: NETDEV_CHANGEADDR on the bridge.
        super::neigh::changeaddr(c, m);
    }
    if was_bridge_port {
        bridge_mtu_auto_adjust(c, m);
    }
}

/// `do_setlink`: applies the attributes of a NEWLINK/SETLINK to an existing device.
fn do_setlink(
    c: &mut Ctx<'_>,
    idx: i32,
    ifm: &IfInfoMsg,
    tb: &Tb<'_>,
    ext: &mut Ext,
) -> Result<(), Errno> {
    let mut notify = false;
    let r = (|| {
        let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
        if let Some(a) = get(tb, ifla::ADDRESS) {
            if a.payload().len() < l.addr.len() {
                return Err(Errno::EINVAL);
            }
        }
        if get(tb, ifla::NET_NS_PID).is_some() || get(tb, ifla::NET_NS_FD).is_some() {
            return Err(Errno::EOPNOTSUPP);
        }
        if let Some(a) = get(tb, ifla::ADDRESS) {
            let n = c.ns.links.get(&idx).map_or(6, |l| l.addr.len());
            let new = a.payload()[..n].to_vec();
            let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
            if matches!(l.kind, LinkKind::Loopback) {
                return Err(Errno::EOPNOTSUPP);
            }
            let is_bridge = if let LinkKind::Bridge(b) = &mut l.kind {
                b.addr_set = true;
                true
            } else {
                false
            };
            if l.addr != new {
                if is_bridge {
                    // br_set_mac_address: br_stp_change_bridge_id, the FDB first.
                    super::fdb::change_mac_address(c, idx, &new);
                }
                let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
                l.addr = new.clone();
                if let LinkKind::Bridge(b) = &mut l.kind {
                    // br_set_mac_address: br_stp_change_bridge_id.
                    b.selected = true;
                }
                update_dependents(c.ns);
                notify_newlink(c, idx, 0, None);
                // NETDEV_CHANGEADDR: the neighbours go; a bridge port's bridge may
                // take the new address (br_device_event), and the port is announced.
                super::neigh::changeaddr(c, idx);
                let master =
                    c.ns.links
                        .get(&idx)
                        .and_then(|l| l.port.as_ref().and(l.master));
                if let Some(m) = master {
                    super::fdb::port_changeaddr(c, m, idx, &new);
                    if bridge_recalc_addr(c, m) {
                        update_dependents(c.ns);
                        notify_newlink(c, m, 0, None);
                        super::neigh::changeaddr(c, m);
                    }
                    notify_bridge_port(c, idx, rtm::NEWLINK);
                }
            }
        }
        if let Some(mtu) = attr_u32(tb, ifla::MTU) {
            let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
            if l.mtu != mtu {
                mtu_check(l, mtu, ext)?;
                let master = l.master;
                set_mtu(c, idx, mtu);
                if let Some(LinkKind::Bridge(b)) = c.ns.links.get_mut(&idx).map(|l| &mut l.kind) {
                    b.mtu_set = true;
                }
                // br_device_event: a port's new MTU adjusts its bridge.
                if let Some(m) = master {
                    bridge_mtu_auto_adjust(c, m);
                }
            }
        }
        if let Some(g) = attr_u32(tb, ifla::GROUP) {
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.group = g;
            }
            notify = true;
        }
        if ifm.index.get() > 0 {
            if let Some(name) = attr_name(tb, ifla::IFNAME) {
                let cur =
                    c.ns.links
                        .get(&idx)
                        .map(|l| l.name.clone())
                        .unwrap_or_default();
                if name != cur {
                    if !valid_name(&name) || name.contains('%') {
                        return Err(Errno::EINVAL);
                    }
                    if c.ns.link_by_name(&name).is_some() {
                        return Err(Errno::EEXIST);
                    }
                    if let Some(l) = c.ns.links.get_mut(&idx) {
                        l.name = name;
                    }
                    notify_newlink(c, idx, 0, None);
                    // NETDEV_CHANGENAME: inetdev_changename relabels the IPv4 addresses.
                    super::addr::changename(c, idx);
                }
            }
        }
        if let Some(a) = get(tb, ifla::IFALIAS) {
            let p = a.payload();
            let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
            let s = String::from_utf8_lossy(&p[..end]).into_owned();
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.alias = if s.is_empty() { None } else { Some(s) };
            }
            notify = true;
        }
        if let Some(a) = get(tb, ifla::BROADCAST) {
            let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
            let n = l.broadcast.len().min(a.payload().len());
            l.broadcast[..n].copy_from_slice(&a.payload()[..n]);
            notify_newlink(c, idx, 0, None);
        }
        if ifm.flags.get() != 0 || ifm.change.get() != 0 {
            let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
            let f = combine_flags(l, ifm);
            change_flags(c, idx, f, None)?;
        }
        if let Some(m) = attr_u32(tb, ifla::MASTER) {
            set_master(c, idx, m, ext)?;
        }
        if let Some(on) = attr_u8(tb, ifla::CARRIER) {
            let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
            if !matches!(l.kind, LinkKind::Dummy) {
                return Err(Errno::EOPNOTSUPP);
            }
            set_carrier(c.ns, idx, on != 0);
        }
        if let Some(q) = attr_u32(tb, ifla::TXQLEN) {
            let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
            if l.txqlen != q {
                l.txqlen = q;
                notify_newlink(c, idx, 0, None);
            }
        }
        if let Some(m) = attr_u8(tb, ifla::LINKMODE) {
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.linkmode = m;
            }
            notify = true;
        }
        if let Some(p) = attr_u8(tb, ifla::PROTO_DOWN) {
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.proto_down = p != 0;
            }
            notify = true;
        }
        Ok(())
    })();
    if notify {
        notify_newlink(c, idx, 0, None);
    }
    r
}

/// Parses the `ifinfomsg` and the `IFLA_*` attributes of a link request.
fn parse_req<'a>(msg: &Message<'a>, ext: &mut Ext) -> Result<(IfInfoMsg, Tb<'a>), Errno> {
    let Ok(ifm) = msg.family_header::<IfInfoMsg>() else {
        ext.msg(texts::INVALID_HEADER_LEN);
        return Err(Errno::EINVAL);
    };
    let attrs = msg.attrs(IfInfoMsg::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = policy::parse(attrs, ifla_policy(), Strictness::Liberal, ext)?;
    Ok((*ifm, tb))
}

/// `rtnl_dev_get`: the device named by `IFLA_IFNAME` or `IFLA_ALT_IFNAME`.
fn dev_by_name(ns: &Netns, tb: &Tb<'_>) -> Option<i32> {
    let name = attr_name(tb, ifla::IFNAME).or_else(|| attr_name(tb, ifla::ALT_IFNAME))?;
    ns.index_by_name(&name)
}

fn has_name(tb: &Tb<'_>) -> bool {
    get(tb, ifla::IFNAME).is_some() || get(tb, ifla::ALT_IFNAME).is_some()
}

/// `RTM_NEWLINK`.
pub(crate) fn newlink(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (ifm, tb) = parse_req(&req.msg, ext)?;
    let flags = req.flags();
    let echo = req.echo().map(|e| (e, req.seq()));
    st.with_ns(req.ns, |c| {
        let dev = if ifm.index.get() > 0 {
            c.ns.links.get(&ifm.index.get()).map(|l| l.index)
        } else if has_name(&tb) {
            dev_by_name(c.ns, &tb)
        } else {
            None
        };
        let mut linkinfo: Tb<'_> = Vec::new();
        if let Some(li) = get(&tb, ifla::LINKINFO) {
            linkinfo = policy::parse(li.nested(), ifla_info_policy(), Strictness::Liberal, ext)?;
        }
        let kind = attr_name(&linkinfo, info::KIND);
        let known_kind = kind.as_deref().filter(|k| KINDS.contains(k));
        let data = get(&linkinfo, info::DATA);
        let mut data_tb: Tb<'_> = Vec::new();
        if let (Some(k), Some(d)) = (known_kind, data) {
            let pol = kind_policy(k);
            if !pol.is_empty() {
                data_tb = policy::parse(d.nested(), &pol, Strictness::Liberal, ext)?;
            }
        }
        if let Some(idx) = dev {
            if flags.contains(Flags::EXCL) {
                return Err(Errno::EEXIST);
            }
            if flags.contains(Flags::REPLACE) {
                return Err(Errno::EOPNOTSUPP);
            }
            if data.is_some() {
                let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
                let same = known_kind.is_some() && l.kind.name() == known_kind;
                let has_changelink = !matches!(l.kind, LinkKind::Veth { .. } | LinkKind::Loopback);
                if !same || !has_changelink {
                    return Err(Errno::EOPNOTSUPP);
                }
                changelink(c, idx, &data_tb)?;
            }
            do_setlink(c, idx, &ifm, &tb, ext)?;
            return Ok(Outcome::Done);
        }
        if !flags.contains(Flags::CREATE) {
            return Err(Errno::ENODEV);
        }
        if get(&tb, ifla::MAP).is_some() || get(&tb, ifla::PROTINFO).is_some() {
            return Err(Errno::EOPNOTSUPP);
        }
        let Some(kind) = known_kind else {
            ext.msg(texts::UNKNOWN_DEVICE_TYPE);
            return Err(Errno::EOPNOTSUPP);
        };
        create(c, kind, &ifm, &tb, &data_tb, ext, echo)?;
        Ok(Outcome::Done)
    })
}

/// `RTM_SETLINK`.
pub(crate) fn setlink(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (ifm, tb) = parse_req(&req.msg, ext)?;
    st.with_ns(req.ns, |c| {
        let idx = if ifm.index.get() > 0 {
            c.ns.links.get(&ifm.index.get()).map(|l| l.index)
        } else if has_name(&tb) {
            dev_by_name(c.ns, &tb)
        } else {
            return Err(Errno::EINVAL);
        };
        let idx = idx.ok_or(Errno::ENODEV)?;
        do_setlink(c, idx, &ifm, &tb, ext)?;
        Ok(Outcome::Done)
    })
}

/// Kind-specific changes (`changelink`).
fn changelink(c: &mut Ctx<'_>, idx: i32, data: &Tb<'_>) -> Result<(), Errno> {
    let l = c.ns.links.get_mut(&idx).ok_or(Errno::ENODEV)?;
    match &mut l.kind {
        LinkKind::Bridge(br) => apply_bridge(br, data),
        LinkKind::Vlan { flags, .. } => {
            if let Some(a) = get(data, 2) {
                let p = a.payload();
                if p.len() >= 8 {
                    let f = u32::from_ne_bytes([p[0], p[1], p[2], p[3]]);
                    let m = u32::from_ne_bytes([p[4], p[5], p[6], p[7]]);
                    *flags = (*flags & !m) | (f & m);
                }
            }
        }
        LinkKind::Macvlan { mode, flags } => {
            if let Some(m) = attr_u32(data, 1) {
                *mode = m;
            }
            if let Some(a) = get(data, 2).and_then(|a| a.u16().ok()) {
                *flags = a;
            }
        }
        _ => {}
    }
    notify_newlink(c, idx, 0, None);
    Ok(())
}

fn apply_bridge(br: &mut Bridge, data: &Tb<'_>) {
    if let Some(v) = attr_u32(data, 1) {
        br.forward_delay = v;
    }
    if let Some(v) = attr_u32(data, 2) {
        br.hello_time = v;
    }
    if let Some(v) = attr_u32(data, 3) {
        br.max_age = v;
    }
    if let Some(v) = attr_u32(data, 4) {
        br.ageing_time = v;
    }
    if let Some(v) = attr_u32(data, 5) {
        br.stp_state = v;
    }
    if let Some(v) = get(data, 6).and_then(|a| a.u16().ok()) {
        br.priority = v;
    }
    if let Some(v) = attr_u8(data, 7) {
        br.vlan_filtering = v;
    }
    if let Some(v) = get(data, 9).and_then(|a| a.u16().ok()) {
        br.group_fwd_mask = v;
    }
    if let Some(v) = attr_u8(data, 23) {
        br.mcast_snooping = v;
    }
}

/// The generic attributes `rtnl_create_link` applies before registration.
fn apply_create_attrs(l: &mut Link, tb: &Tb<'_>, ext: &mut Ext) -> Result<(), Errno> {
    if let Some(mtu) = attr_u32(tb, ifla::MTU) {
        mtu_check(l, mtu, ext)?;
        l.mtu = mtu;
        l.inet6 = mtu >= IPV6_MIN_MTU;
    }
    if let Some(a) = get(tb, ifla::ADDRESS) {
        if a.payload().len() < l.addr.len() {
            return Err(Errno::EINVAL);
        }
        let n = l.addr.len();
        l.addr = a.payload()[..n].to_vec();
        if let LinkKind::Bridge(b) = &mut l.kind {
            b.addr_set = true;
            // br_dev_newlink: br_stp_change_bridge_id, so a port state selection
            // (without ports: carrier off).
            b.selected = true;
        }
    }
    if let Some(a) = get(tb, ifla::BROADCAST) {
        let n = l.broadcast.len().min(a.payload().len());
        l.broadcast[..n].copy_from_slice(&a.payload()[..n]);
    }
    if let Some(q) = attr_u32(tb, ifla::TXQLEN) {
        l.txqlen = q;
    }
    if let Some(g) = attr_u32(tb, ifla::GROUP) {
        l.group = g;
    }
    if let Some(m) = attr_u8(tb, ifla::LINKMODE) {
        l.linkmode = m;
    }
    if let Some(n) = attr_u32(tb, ifla::NUM_TX_QUEUES) {
        if n == 0 {
            return Err(Errno::EINVAL);
        }
        l.num_tx_queues = n;
    }
    if let Some(n) = attr_u32(tb, ifla::NUM_RX_QUEUES) {
        if n == 0 {
            return Err(Errno::EINVAL);
        }
        l.num_rx_queues = n;
    }
    if let Some(a) = get(tb, ifla::IFALIAS) {
        let p = a.payload();
        let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
        let s = String::from_utf8_lossy(&p[..end]).into_owned();
        l.alias = (!s.is_empty()).then_some(s);
    }
    Ok(())
}

/// Registers a device without an `rtnl_link_ops` kind, as a driver's `register_netdev`
/// does (the simulated cfg80211's interfaces), and announces it (`RTM_NEWLINK`).
pub(crate) fn add_kindless(st: &mut State, ns: u32, name: &str) -> Result<i32, Errno> {
    st.with_ns(ns, |c| {
        let mac = c.next_mac();
        let l = new_link(0, name.to_string(), LinkKind::Wireless, mac, c.clock);
        let idx = register(c, l, 0)?;
        notify_newlink(c, idx, u32::MAX, None);
        Ok(idx)
    })
}

/// `register_netdevice`: name check, ifindex reservation, insertion.
fn register(c: &mut Ctx<'_>, mut l: Link, want_index: i32) -> Result<i32, Errno> {
    l.name = resolve_name(c.ns, &l.name)?;
    let idx = if want_index > 0 {
        if c.ns.links.contains_key(&want_index) {
            return Err(Errno::EBUSY);
        }
        want_index
    } else {
        c.ns.alloc_ifindex()
    };
    l.index = idx;
    c.ns.links.insert(idx, l);
    c.ns.dev_gen += 1;
    Ok(idx)
}

/// `rtnl_configure_link`: applies `ifi_flags` and sends the creation notification.
fn configure(
    c: &mut Ctx<'_>,
    idx: i32,
    ifm: &IfInfoMsg,
    echo: Option<((SockId, u32), u32)>,
) -> Result<(), Errno> {
    let was_up = c.ns.links.get(&idx).is_some_and(|l| l.is_up());
    if ifm.flags.get() != 0 || ifm.change.get() != 0 {
        let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
        let f = combine_flags(l, ifm);
        // Apply without the per-change notification: creation sends one message.
        let old = l.flags;
        let up = f & iff::UP != 0;
        if let Some(l) = c.ns.links.get_mut(&idx) {
            l.flags = (f & USER_FLAGS) | (old & !USER_FLAGS);
        }
        if up {
            dev_open(c, idx)?;
        }
    }
    notify_newlink(c, idx, u32::MAX, echo);
    let now_up = c.ns.links.get(&idx).is_some_and(|l| l.is_up());
    if now_up && !was_up {
        netdev_up(c, idx);
    }
    Ok(())
}

fn lower_device(c: &Ctx<'_>, tb: &Tb<'_>, ext: &mut Ext, vlan: bool) -> Result<i32, Errno> {
    let Some(lower) = attr_u32(tb, ifla::LINK) else {
        if vlan {
            ext.msg(texts::VLAN_NO_LINK);
        }
        return Err(Errno::EINVAL);
    };
    let lower = i32::try_from(lower).map_err(|_| Errno::EINVAL)?;
    if !c.ns.links.contains_key(&lower) {
        if vlan {
            ext.msg(texts::VLAN_BAD_LINK);
        }
        return Err(Errno::ENODEV);
    }
    Ok(lower)
}

/// Creates a device of `kind` (`rtnl_newlink_create`).
fn create(
    c: &mut Ctx<'_>,
    kind: &str,
    ifm: &IfInfoMsg,
    tb: &Tb<'_>,
    data: &Tb<'_>,
    ext: &mut Ext,
    echo: Option<((SockId, u32), u32)>,
) -> Result<(), Errno> {
    let name = attr_name(tb, ifla::IFNAME).unwrap_or_else(|| format!("{kind}%d"));
    let clock = c.clock;
    let link_kind = match kind {
        "veth" => return create_veth(c, name, ifm, tb, data, ext, echo),
        "bridge" => {
            let mut br = Bridge::default();
            apply_bridge(&mut br, data);
            LinkKind::Bridge(br)
        }
        "dummy" => LinkKind::Dummy,
        "vlan" => {
            if data.is_empty() {
                ext.msg(texts::VLAN_NO_DATA);
                return Err(Errno::EINVAL);
            }
            let Some(id) = get(data, 1).and_then(|a| a.u16().ok()) else {
                ext.msg(texts::VLAN_NO_ID);
                return Err(Errno::EINVAL);
            };
            let protocol = get(data, 5).and_then(|a| a.be_u16().ok()).unwrap_or(0x8100);
            LinkKind::Vlan {
                id,
                protocol,
                flags: 1,
            }
        }
        "vxlan" => {
            let mut v = Vxlan {
                vni: attr_u32(data, 1).unwrap_or(0),
                port: get(data, 15).and_then(|a| a.be_u16().ok()).unwrap_or(8472),
                group: get(data, 2).and_then(|a| a.ipv4().ok()),
                local: get(data, 4).and_then(|a| a.ipv4().ok()),
                ttl: attr_u8(data, 5).unwrap_or(0),
                learning: attr_u8(data, 7).unwrap_or(1),
            };
            if v.port == 0 {
                v.port = 8472;
            }
            LinkKind::Vxlan(v)
        }
        "macvlan" => LinkKind::Macvlan {
            mode: attr_u32(data, 1).unwrap_or(4),
            flags: get(data, 2).and_then(|a| a.u16().ok()).unwrap_or(0),
        },
        "bond" => LinkKind::Bond {
            mode: attr_u8(data, 1).unwrap_or(0),
        },
        "wireguard" => LinkKind::WireGuard,
        _ => {
            ext.msg(texts::UNKNOWN_DEVICE_TYPE);
            return Err(Errno::EOPNOTSUPP);
        }
    };
    let mut lower = None;
    if matches!(link_kind, LinkKind::Vlan { .. }) {
        lower = Some(lower_device(c, tb, ext, true)?);
    } else if matches!(link_kind, LinkKind::Macvlan { .. }) {
        lower = Some(lower_device(c, tb, ext, false)?);
    } else if matches!(link_kind, LinkKind::Vxlan(_)) {
        if let Some(i) = attr_u32(tb, ifla::LINK).or_else(|| attr_u32(data, 3)) {
            let i = i32::try_from(i).map_err(|_| Errno::EINVAL)?;
            if !c.ns.links.contains_key(&i) {
                return Err(Errno::ENODEV);
            }
            lower = Some(i);
        }
    }
    let mac = match lower.and_then(|i| c.ns.links.get(&i)) {
        Some(p) if !matches!(link_kind, LinkKind::Macvlan { .. } | LinkKind::Vxlan(_)) => {
            p.addr.clone()
        }
        _ => c.next_mac(),
    };
    let mut l = new_link(0, name, link_kind, mac, clock);
    if let Some(p) = lower.and_then(|i| c.ns.links.get(&i)) {
        match l.kind {
            LinkKind::Vlan { .. } | LinkKind::Macvlan { .. } => {
                l.mtu = p.mtu;
                l.max_mtu = p.max_mtu.max(p.mtu);
                l.iflink = Some(p.index);
            }
            LinkKind::Vxlan(_) => {
                l.iflink = Some(p.index);
                l.mtu = p.mtu.saturating_sub(50).max(68);
            }
            _ => {}
        }
    }
    apply_create_attrs(&mut l, tb, ext)?;
    // A bridge starts with carrier: only a port state selection turns it off.
    let starts_without_carrier = matches!(
        l.kind,
        LinkKind::Bond { .. } | LinkKind::Vlan { .. } | LinkKind::Macvlan { .. }
    );
    let idx = register(c, l, ifm.index.get())?;
    if starts_without_carrier {
        set_carrier(c.ns, idx, false);
    }
    if let Some(l) = c.ns.links.get(&idx) {
        if let LinkKind::Bridge(b) = &l.kind {
            // The bridge's own FDB entry; br_dev_newlink with an address changes the
            // bridge id (its entry goes and comes back).
            let (addr, set) = (l.addr.clone(), b.addr_set);
            super::fdb::add_local(c, idx, None, &addr);
            if set {
                super::fdb::change_mac_address(c, idx, &addr);
            }
        }
    }
    update_dependents(c.ns);
    configure(c, idx, ifm, echo)?;
    if let Some(m) = attr_u32(tb, ifla::MASTER) {
        set_master(c, idx, m, ext)?;
    }
    Ok(())
}

/// Creates a veth pair: the peer is registered (and announced) first.
fn create_veth(
    c: &mut Ctx<'_>,
    name: String,
    ifm: &IfInfoMsg,
    tb: &Tb<'_>,
    data: &Tb<'_>,
    ext: &mut Ext,
    echo: Option<((SockId, u32), u32)>,
) -> Result<(), Errno> {
    let clock = c.clock;
    let mut peer_ifm = IfInfoMsg::default();
    let mut tbp: Tb<'_> = Vec::new();
    if let Some(p) = get(data, veth::PEER) {
        let payload = p.payload();
        if let Ok((h, _)) = IfInfoMsg::read_from_prefix(payload) {
            peer_ifm = h;
        }
        let attrs = nlwire_codec::Attrs::with_offset(
            payload.get(IfInfoMsg::LEN..).unwrap_or(&[]),
            p.payload_offset() + IfInfoMsg::LEN,
        );
        tbp = policy::parse(attrs, ifla_policy(), Strictness::Liberal, ext)?;
    }
    let peer_name = attr_name(&tbp, ifla::IFNAME).unwrap_or_else(|| "veth%d".to_string());
    // rtnl_create_link for the device (attributes checked before anything registers).
    let mac = c.next_mac();
    let mut dev = new_link(0, name, LinkKind::Veth { peer: 0 }, mac, clock);
    apply_create_attrs(&mut dev, tb, ext)?;
    let pmac = c.next_mac();
    let mut peer = new_link(0, peer_name, LinkKind::Veth { peer: 0 }, pmac, clock);
    if attr_u32(&tbp, ifla::MTU).is_none() {
        if let Some(m) = attr_u32(tb, ifla::MTU) {
            peer.mtu = m;
        }
    }
    apply_create_attrs(&mut peer, &tbp, ext)?;
    // Not tied to the device yet: `veth_get_iflink` says 0 in the peer's first message.
    peer.iflink = Some(0);
    let pidx = register(c, peer, peer_ifm.index.get())?;
    set_carrier(c.ns, pidx, false);
    configure(c, pidx, &peer_ifm, None)?;
    let idx = match register(c, dev, ifm.index.get()) {
        Ok(i) => i,
        Err(e) => {
            unregister_many(c, vec![pidx], None);
            return Err(e);
        }
    };
    set_carrier(c.ns, idx, false);
    if let Some(l) = c.ns.links.get_mut(&idx) {
        l.kind = LinkKind::Veth { peer: pidx };
        l.iflink = Some(pidx);
    }
    if let Some(l) = c.ns.links.get_mut(&pidx) {
        l.kind = LinkKind::Veth { peer: idx };
        l.iflink = Some(idx);
    }
    // The peer may have been opened before the device existed.
    configure(c, idx, ifm, echo)?;
    if let Some(m) = attr_u32(tb, ifla::MASTER) {
        set_master(c, idx, m, ext)?;
    }
    Ok(())
}

/// `unregister_netdevice_many`: closes, tears down and announces the devices in
/// `list`, in order.
pub(crate) fn unregister_many(c: &mut Ctx<'_>, list: Vec<i32>, echo: Option<((SockId, u32), u32)>) {
    // Devices stacked on the ones going away go too; ports are released.
    let mut list = list;
    let mut i = 0;
    while i < list.len() {
        let idx = list[i];
        let stacked: Vec<i32> =
            c.ns.links
                .values()
                .filter(|l| {
                    l.iflink == Some(idx)
                        && matches!(l.kind, LinkKind::Vlan { .. } | LinkKind::Macvlan { .. })
                })
                .map(|l| l.index)
                .collect();
        for s in stacked {
            if !list.contains(&s) {
                list.push(s);
            }
        }
        i += 1;
    }
    // A bridge's rtnl dellink (br_dev_delete) frees its ports before it is queued for
    // unregistering, so their release comes before the bridge goes down.
    for &idx in &list {
        if c.ns
            .links
            .get(&idx)
            .is_some_and(|l| matches!(l.kind, LinkKind::Bridge(_)))
        {
            free_ports(c, idx, &list);
        }
    }
    // dev_close_many: one NEWLINK (change UP|RUNNING) per device that was up.
    for &idx in &list {
        if c.ns.links.get(&idx).is_some_and(|l| l.is_up()) {
            dev_close(c, idx);
            notify_newlink(c, idx, iff::UP | iff::RUNNING, None);
            // NETDEV_DOWN: br_device_event; the neighbours go (arp_ifdown, ndisc).
            notify_bridge_port(c, idx, rtm::NEWLINK);
            super::neigh::flush_dev(c, idx);
            super::route::fib_netdev_down(c, idx, false);
        }
    }
    let mut masters = Vec::new();
    for &idx in &list {
        // Ports leave their master; a master frees its ports.
        free_ports(c, idx, &list);
        if let Some(m) = c.ns.links.get(&idx).and_then(|l| l.master) {
            let bridge_port = c.ns.links.get(&idx).is_some_and(|l| l.port.is_some());
            if !bridge_port && !list.contains(&m) && !masters.contains(&m) {
                masters.push(m);
            }
            // NETDEV_UNREGISTER releases the port before RTM_DELLINK is built
            // (del_nbp: the port's AF_BRIDGE RTM_NEWLINK and RTM_DELLINK first).
            notify_bridge_port(c, idx, rtm::NEWLINK);
            notify_bridge_port(c, idx, rtm::DELLINK);
            super::fdb::delete_by_port(c, m, Some(idx));
            if let Some(l) = c.ns.links.get_mut(&idx) {
                l.master = None;
                l.port = None;
                l.flags &= !iff::SLAVE;
                l.promiscuity = l.promiscuity.saturating_sub(1);
                l.allmulti = l.allmulti.saturating_sub(1);
            }
            mark_selected(c.ns, m);
            if bridge_recalc_addr(c, m) {
                // br_del_if: NETDEV_CHANGEADDR on the bridge.
                super::neigh::changeaddr(c, m);
            }
            if bridge_port && !list.contains(&m) {
                // The rest of br_del_if, still before the port's RTM_DELLINK: the
                // bridge's MTU follows its remaining ports, and it is announced.
                update_dependents(c.ns);
                bridge_mtu_auto_adjust(c, m);
                notify_newlink(c, m, 0, None);
            }
        }
        super::neigh::flush_dev(c, idx);
        super::nexthop::flush_dev(c, idx);
        super::addr::netdev_unregister(c, idx);
        super::route::fib_netdev_down(c, idx, true);
        let o = FillOpts {
            change: u32::MAX,
            dellink: true,
            ..FillOpts::default()
        };
        let (pid, seq) = echo.map_or((0, 0), |((_, p), s)| (p, s));
        if let Some(b) = link_bytes(c.ns, idx, rtm::DELLINK, Flags::EMPTY, seq, pid, o) {
            let alloc = linkmsg::alloc_estimate(b.len());
            c.note(group::LINK, b, alloc, echo.map(|(e, _)| e));
        }
        c.ns.links.remove(&idx);
        c.ns.linkwatch.retain(|&i| i != idx);
        c.ns.dev_gen += 1;
    }
    update_dependents(c.ns);
    for m in masters {
        if c.ns.links.contains_key(&m) {
            notify_newlink(c, m, 0, None);
            bridge_mtu_auto_adjust(c, m);
        }
    }
}

/// Frees the ports of master `m` as it goes away: one `RTM_NEWLINK` each for those not
/// going away too (`list`).
fn free_ports(c: &mut Ctx<'_>, m: i32, list: &[i32]) {
    let ports: Vec<i32> =
        c.ns.links
            .values()
            .filter(|l| l.master == Some(m))
            .map(|l| l.index)
            .collect();
    for p in ports {
        // del_nbp (a bridge's ports only).
        notify_bridge_port(c, p, rtm::NEWLINK);
        notify_bridge_port(c, p, rtm::DELLINK);
        super::fdb::delete_by_port(c, m, Some(p));
        if let Some(l) = c.ns.links.get_mut(&p) {
            l.master = None;
            l.port = None;
            l.flags &= !iff::SLAVE;
            l.promiscuity = l.promiscuity.saturating_sub(1);
            l.allmulti = l.allmulti.saturating_sub(1);
        }
        if !list.contains(&p) {
            notify_newlink(c, p, 0, None);
        }
    }
    // br_dev_delete: the bridge's own entries go last.
    super::fdb::delete_by_port(c, m, None);
}

/// `RTM_DELLINK`.
pub(crate) fn dellink(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (ifm, tb) = parse_req(&req.msg, ext)?;
    let echo = req.echo().map(|e| (e, req.seq()));
    st.with_ns(req.ns, |c| {
        let idx = if ifm.index.get() > 0 {
            c.ns.links.get(&ifm.index.get()).map(|l| l.index)
        } else if has_name(&tb) {
            dev_by_name(c.ns, &tb)
        } else if let Some(g) = attr_u32(&tb, ifla::GROUP) {
            let members: Vec<i32> =
                c.ns.links
                    .values()
                    .filter(|l| l.group == g && !matches!(l.kind, LinkKind::Loopback))
                    .map(|l| l.index)
                    .collect();
            for m in members {
                if c.ns.links.contains_key(&m) {
                    delete_one(c, m, None)?;
                }
            }
            return Ok(Outcome::Done);
        } else {
            return Err(Errno::EINVAL);
        };
        let idx = idx.ok_or(Errno::ENODEV)?;
        delete_one(c, idx, echo)?;
        Ok(Outcome::Done)
    })
}

fn delete_one(c: &mut Ctx<'_>, idx: i32, echo: Option<((SockId, u32), u32)>) -> Result<(), Errno> {
    let l = c.ns.links.get(&idx).ok_or(Errno::ENODEV)?;
    let list = match l.kind {
        LinkKind::Loopback => return Err(Errno::EOPNOTSUPP),
        LinkKind::Veth { peer } if c.ns.links.contains_key(&peer) => vec![idx, peer],
        _ => vec![idx],
    };
    // veth_dellink unties the pair first: both report IFLA_LINK 0 from then on.
    if matches!(l.kind, LinkKind::Veth { .. }) {
        for i in &list {
            if let Some(l) = c.ns.links.get_mut(i) {
                l.iflink = Some(0);
            }
        }
    }
    unregister_many(c, list, echo);
    Ok(())
}

/// `RTM_GETLINK` without `NLM_F_DUMP`.
pub(crate) fn getlink(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let msg = &req.msg;
    // `rtnl_valid_getlink_req` checks the header length whatever the strictness.
    let Ok(ifm) = msg.family_header::<IfInfoMsg>() else {
        ext.msg(texts::LINK_GET_HEADER);
        return Err(Errno::EINVAL);
    };
    let (ifm, tb) = if req.strict {
        if ifm.pad != 0 || ifm.link_type.get() != 0 || ifm.flags.get() != 0 || ifm.change.get() != 0
        {
            ext.msg(texts::LINK_GET_VALUES);
            return Err(Errno::EINVAL);
        }
        let attrs = msg.attrs(IfInfoMsg::LEN).map_err(|_| Errno::EINVAL)?;
        let tb = policy::parse(attrs, ifla_policy(), Strictness::DeprecatedStrict, ext)?;
        for (t, a) in tb.iter().enumerate() {
            let Some(a) = a else { continue };
            let t = u16::try_from(t).unwrap_or(u16::MAX);
            if ![
                ifla::IFNAME,
                ifla::ALT_IFNAME,
                ifla::EXT_MASK,
                ifla::TARGET_NETNSID,
            ]
            .contains(&t)
            {
                let _ = a;
                ext.msg(texts::LINK_GET_ATTR);
                return Err(Errno::EINVAL);
            }
        }
        (*ifm, tb)
    } else {
        parse_req(msg, ext)?
    };
    let ns = st.nss.get(&req.ns).ok_or(Errno::ENODEV)?;
    let idx = if ifm.index.get() > 0 {
        ns.links.get(&ifm.index.get()).map(|l| l.index)
    } else if has_name(&tb) {
        dev_by_name(ns, &tb)
    } else {
        return Err(Errno::EINVAL);
    };
    let idx = idx.ok_or(Errno::ENODEV)?;
    let o = FillOpts {
        ext_mask: attr_u32(&tb, ifla::EXT_MASK).unwrap_or(0),
        ..FillOpts::default()
    };
    let bytes = link_bytes(ns, idx, rtm::NEWLINK, Flags::EMPTY, req.seq(), req.port, o)
        .ok_or(Errno::EMSGSIZE)?;
    let alloc = linkmsg::alloc_estimate(bytes.len());
    st.unicast(req.sock, bytes, alloc);
    Ok(Outcome::Done)
}

/// The filter of a link dump.
#[derive(Clone, Debug, Default)]
pub(crate) struct LinkFilter {
    pub master: Option<u32>,
    pub kind: Option<String>,
    pub ext_mask: u32,
}

impl LinkFilter {
    fn filtered(&self) -> bool {
        self.master.is_some() || self.kind.is_some()
    }
}

/// Starts an `RTM_GETLINK` dump.
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let msg = &req.msg;
    let mut ext = Ext::default();
    let mut f = LinkFilter::default();
    let fail = |e: Errno, ext: Ext| {
        Dump::new(req, DumpKind::Link(LinkFilter::default()), true).failed(e, ext)
    };
    let parsed: Result<Tb<'_>, Errno> = (|| {
        if req.strict {
            let Ok(ifm) = msg.family_header::<IfInfoMsg>() else {
                ext.msg(texts::LINK_DUMP_HEADER);
                return Err(Errno::EINVAL);
            };
            if ifm.pad != 0
                || ifm.link_type.get() != 0
                || ifm.flags.get() != 0
                || ifm.change.get() != 0
            {
                ext.msg(texts::LINK_DUMP_VALUES);
                return Err(Errno::EINVAL);
            }
            if ifm.index.get() != 0 {
                ext.msg(texts::LINK_DUMP_IFINDEX);
                return Err(Errno::EINVAL);
            }
            let attrs = msg.attrs(IfInfoMsg::LEN).map_err(|_| Errno::EINVAL)?;
            let tb = policy::parse(attrs, ifla_policy(), Strictness::DeprecatedStrict, &mut ext)?;
            for (t, a) in tb.iter().enumerate() {
                let Some(a) = a else { continue };
                let t = u16::try_from(t).unwrap_or(u16::MAX);
                if ![
                    ifla::TARGET_NETNSID,
                    ifla::EXT_MASK,
                    ifla::MASTER,
                    ifla::LINKINFO,
                ]
                .contains(&t)
                {
                    let _ = a;
                    ext.msg(texts::LINK_DUMP_ATTR);
                    return Err(Errno::EINVAL);
                }
            }
            Ok(tb)
        } else {
            // A 1-byte rtgenmsg is accepted; attributes follow the header either way.
            let hdrlen = if msg.payload().len() < IfInfoMsg::LEN {
                1
            } else {
                IfInfoMsg::LEN
            };
            let attrs = msg.attrs(hdrlen).unwrap_or(nlwire_codec::Attrs::new(&[]));
            let mut scratch = Ext::default();
            Ok(
                policy::parse(attrs, ifla_policy(), Strictness::Liberal, &mut scratch)
                    .unwrap_or_default(),
            )
        }
    })();
    let tb = match parsed {
        Ok(tb) => tb,
        Err(e) => return start_dump(st, req, fail(e, ext)),
    };
    f.ext_mask = attr_u32(&tb, ifla::EXT_MASK).unwrap_or(0);
    f.master = attr_u32(&tb, ifla::MASTER).filter(|&m| m != 0);
    if let Some(li) = get(&tb, ifla::LINKINFO) {
        let mut scratch = Ext::default();
        if let Ok(lt) = policy::parse(
            li.nested(),
            ifla_info_policy(),
            Strictness::Liberal,
            &mut scratch,
        ) {
            f.kind = attr_name(&lt, info::KIND).filter(|k| KINDS.contains(&k.as_str()));
        }
    }
    let d = Dump::new(req, DumpKind::Link(f), true);
    start_dump(st, req, d)
}

/// Fills one chunk of a link dump; the cursor is the next ifindex.
pub(crate) fn dump_fill(
    ns: &Netns,
    f: &LinkFilter,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let start = i32::try_from(cursor[0]).unwrap_or(i32::MAX);
    for (&idx, l) in ns.links.range(start..) {
        if let Some(m) = f.master {
            if l.master.map(|x| x as u32) != Some(m) || !ns.links.contains_key(&(m as i32)) {
                cursor[0] = idx as u64 + 1;
                continue;
            }
        }
        if let Some(k) = &f.kind {
            if l.kind.name() != Some(k.as_str()) {
                cursor[0] = idx as u64 + 1;
                continue;
            }
        }
        let extra = if f.filtered() {
            Flags::DUMP_FILTERED
        } else {
            Flags::EMPTY
        };
        let o = FillOpts {
            ext_mask: f.ext_mask,
            ..FillOpts::default()
        };
        let ok = out.put(|b, flags, seq, pid| {
            linkmsg::write_link(b, ns, l, rtm::NEWLINK, flags | extra, seq, pid, o)
        })?;
        if !ok {
            return Ok(false);
        }
        cursor[0] = idx as u64 + 1;
    }
    Ok(true)
}
