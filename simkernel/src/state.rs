//! The simulated kernel's state: namespaces with their links, addresses and routing
//! tables; sockets with their receive queues; the generic netlink registry; faults.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::net::{Ipv4Addr, Ipv6Addr};

use crate::errno::Errno;
use crate::faults::FaultState;
use crate::genl::Registry;
use crate::netlink::Dump;

/// Internal socket id.
pub(crate) type SockId = u64;

/// `SKB_DATA_ALIGN(sizeof(struct skb_shared_info))` on x86_64.
pub(crate) const SHINFO: usize = 320;
/// `NLMSG_GOODSIZE`: a page minus the shared info, the first dump chunk's size.
pub(crate) const GOODSIZE: usize = 4096 - SHINFO;
/// The cap on the recorded largest receive length: `SKB_WITH_OVERHEAD(32768)`.
pub(crate) const MAX_RECVMSG_LEN: usize = 32768 - SHINFO;
/// The default `SO_RCVBUF` (`net.core.rmem_default`).
pub(crate) const RMEM_DEFAULT: usize = 212_992;
/// The smallest receive buffer (`SOCK_MIN_RCVBUF`).
pub(crate) const RCVBUF_MIN: usize = 2304;
/// The largest `SO_RCVBUF` an unprivileged setsockopt gets (`net.core.rmem_max`).
pub(crate) const RMEM_MAX: usize = 212_992;

/// The memory a queued datagram is charged (`skb->truesize`): the allocation rounded
/// up to the allocator's bucket, plus the `sk_buff` itself.
pub(crate) fn truesize(alloc: usize) -> usize {
    let want = alloc.saturating_add(SHINFO);
    let bucket = if want <= 96 {
        96
    } else if want <= 128 {
        128
    } else if want <= 192 {
        192
    } else {
        want.next_power_of_two()
    };
    bucket + 256
}

/// One queued datagram.
#[derive(Clone, Debug)]
pub(crate) struct Dgram {
    pub data: Vec<u8>,
    pub truesize: usize,
    pub port: u32,
    pub group: u32,
}

/// A socket.
#[derive(Debug)]
pub(crate) struct Sock {
    pub ns: u32,
    pub proto: i32,
    pub pid: u32,
    pub port: Option<u32>,
    pub groups: BTreeSet<u32>,
    pub ext_ack: bool,
    pub cap_ack: bool,
    pub strict: bool,
    pub no_enobufs: bool,
    pub broadcast_error: bool,
    pub pktinfo: bool,
    pub listen_all_nsid: bool,
    pub rcvbuf: usize,
    pub rmem: usize,
    pub queue: VecDeque<Dgram>,
    pub congested: bool,
    pub err: Option<Errno>,
    pub max_recvmsg_len: usize,
    pub dump: Option<Dump>,
    pub drops: u64,
    pub delay_recvs: u32,
    pub truncate_next: Option<usize>,
}

impl Sock {
    pub(crate) fn new(ns: u32, proto: i32, pid: u32) -> Self {
        Self {
            ns,
            proto,
            pid,
            port: None,
            groups: BTreeSet::new(),
            ext_ack: false,
            cap_ack: false,
            strict: false,
            no_enobufs: false,
            broadcast_error: false,
            pktinfo: false,
            listen_all_nsid: false,
            rcvbuf: RMEM_DEFAULT,
            rmem: 0,
            queue: VecDeque::new(),
            congested: false,
            err: None,
            max_recvmsg_len: 0,
            dump: None,
            drops: 0,
            delay_recvs: 0,
            truncate_next: None,
        }
    }

    /// `netlink_overrun`: a delivery was dropped.
    fn overrun(&mut self) {
        if !self.no_enobufs && !self.congested {
            self.congested = true;
            self.err = Some(Errno::ENOBUFS);
        }
        self.drops += 1;
    }

    /// Queues `d` if the receive buffer allows (`netlink_attachskb` without waiting /
    /// `netlink_broadcast_deliver`). Returns whether it was queued.
    pub(crate) fn deliver(&mut self, mut d: Dgram) -> bool {
        if self.rmem > self.rcvbuf || self.congested {
            self.overrun();
            return false;
        }
        if let Some(n) = self.truncate_next.take() {
            d.data.truncate(n);
        }
        self.rmem += d.truesize;
        self.queue.push_back(d);
        true
    }

    /// Queues a dump chunk: dumps pace themselves, they are never dropped.
    pub(crate) fn deliver_dump(&mut self, mut d: Dgram) {
        if let Some(n) = self.truncate_next.take() {
            d.data.truncate(n);
        }
        self.rmem += d.truesize;
        self.queue.push_back(d);
    }
}

/// What kind of device a link is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LinkKind {
    Loopback,
    Veth {
        peer: i32,
    },
    Bridge(Bridge),
    Dummy,
    Vlan {
        id: u16,
        protocol: u16,
        flags: u32,
    },
    Vxlan(Vxlan),
    Macvlan {
        mode: u32,
        flags: u16,
    },
    Bond {
        mode: u8,
    },
    /// A WireGuard device (its configuration lives in [`crate::families::WireGuard`]).
    WireGuard,
    /// A wireless interface registered by the simulated cfg80211
    /// ([`crate::families::Nl80211`]): no `rtnl_link_ops` kind.
    Wireless,
}

impl LinkKind {
    pub(crate) fn name(&self) -> Option<&'static str> {
        Some(match self {
            LinkKind::Loopback | LinkKind::Wireless => return None,
            LinkKind::Veth { .. } => "veth",
            LinkKind::Bridge(_) => "bridge",
            LinkKind::Dummy => "dummy",
            LinkKind::Vlan { .. } => "vlan",
            LinkKind::Vxlan(_) => "vxlan",
            LinkKind::Macvlan { .. } => "macvlan",
            LinkKind::Bond { .. } => "bond",
            LinkKind::WireGuard => "wireguard",
        })
    }
}

/// Bridge options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bridge {
    pub forward_delay: u32,
    pub hello_time: u32,
    pub max_age: u32,
    pub ageing_time: u32,
    pub stp_state: u32,
    pub priority: u16,
    pub vlan_filtering: u8,
    pub group_fwd_mask: u16,
    pub mcast_snooping: u8,
    pub next_port_no: u16,
    /// The address was set by the user (`NET_ADDR_SET`): ports do not change it.
    pub addr_set: bool,
    /// The MTU was set by the user (`BROPT_MTU_SET_BY_USER`): ports do not change it.
    pub mtu_set: bool,
    /// `br_port_state_selection` has run (a port was enabled or disabled, or the bridge
    /// id changed): from then on the carrier says whether a port forwards. Until then
    /// the bridge keeps the carrier it was created with (on).
    pub selected: bool,
    /// Local FDB entries (the bridge's and its ports' addresses), in insertion order.
    pub fdb: Vec<FdbEntry>,
}

/// A local bridge FDB entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FdbEntry {
    /// The MAC address.
    pub addr: Vec<u8>,
    /// The port that owns it; `None`: the bridge itself.
    pub dst: Option<i32>,
}

impl Default for Bridge {
    fn default() -> Self {
        Self {
            forward_delay: 1500,
            hello_time: 200,
            max_age: 2000,
            ageing_time: 30000,
            stp_state: 0,
            priority: 0x8000,
            vlan_filtering: 0,
            group_fwd_mask: 0,
            mcast_snooping: 1,
            next_port_no: 1,
            addr_set: false,
            mtu_set: false,
            selected: false,
            fdb: Vec::new(),
        }
    }
}

/// VXLAN options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Vxlan {
    pub vni: u32,
    pub port: u16,
    pub group: Option<Ipv4Addr>,
    pub local: Option<Ipv4Addr>,
    pub ttl: u8,
    pub learning: u8,
}

/// Per-port data of a link enslaved to a bridge or bond.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Port {
    pub port_no: u16,
    pub cost: u32,
    pub priority: u16,
}

/// An IPv4 address (`struct in_ifaddr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ifa4 {
    pub local: Ipv4Addr,
    pub address: Ipv4Addr,
    pub prefixlen: u8,
    pub flags: u32,
    pub scope: u8,
    pub label: String,
    pub broadcast: Option<Ipv4Addr>,
    pub rt_priority: u32,
    pub proto: u8,
    pub cstamp: u32,
    pub tstamp: u32,
    pub valid: u32,
    pub preferred: u32,
}

impl Ifa4 {
    pub(crate) fn mask(&self) -> u32 {
        prefix_mask(self.prefixlen)
    }
    pub(crate) fn is_secondary(&self) -> bool {
        self.flags & crate::hdr::ifa_f::SECONDARY != 0
    }
    /// Whether `a` is in this address's subnet (`inet_ifa_match`).
    pub(crate) fn matches(&self, a: Ipv4Addr) -> bool {
        (u32::from(a) ^ u32::from(self.address)) & self.mask() == 0
    }
}

/// The netmask of a prefix length (0 for 0, all ones for 32 and more).
pub(crate) fn prefix_mask(len: u8) -> u32 {
    if len == 0 {
        0
    } else if len >= 32 {
        u32::MAX
    } else {
        u32::MAX << (32 - u32::from(len))
    }
}

/// A network device.
#[derive(Clone, Debug)]
pub(crate) struct Link {
    pub index: i32,
    pub name: String,
    pub kind: LinkKind,
    /// `dev->flags` (IFF_UP and the static flags; PROMISC/ALLMULTI via counters).
    pub flags: u32,
    /// `dev->gflags`: PROMISC/ALLMULTI set by user space.
    pub gflags: u32,
    pub mtu: u32,
    pub min_mtu: u32,
    pub max_mtu: u32,
    pub txqlen: u32,
    pub group: u32,
    pub addr: Vec<u8>,
    pub broadcast: Vec<u8>,
    pub master: Option<i32>,
    pub port: Option<Port>,
    /// `dev_get_iflink`: the lower device (vlan, macvlan) or the veth peer.
    pub iflink: Option<i32>,
    pub carrier: bool,
    pub carrier_up: u32,
    pub carrier_down: u32,
    pub operstate: u8,
    pub linkmode: u8,
    pub promiscuity: u32,
    pub allmulti: u32,
    pub num_tx_queues: u32,
    pub num_rx_queues: u32,
    pub alias: Option<String>,
    pub noqueue: bool,
    pub netns_immutable: bool,
    pub proto_down: bool,
    pub addrs4: Vec<Ifa4>,
    pub created: u32,
    /// Whether the device has IPv6 state (`inet6_dev`): not below an MTU of 1280.
    pub inet6: bool,
}

impl Link {
    pub(crate) fn is_up(&self) -> bool {
        self.flags & nlwire_codec::rtnl::link::iff::UP != 0
    }
}

/// One nexthop of a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Nh {
    pub gw: Option<Ipv4Addr>,
    pub oif: i32,
    /// `rtnh_hops + 1`.
    pub weight: u16,
    /// `RTNH_F_*` set by the user (ONLINK) or by the kernel (DEAD, LINKDOWN).
    pub flags: u32,
}

/// An IPv4 route (a `fib_alias` with its `fib_info`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub id: u64,
    pub table: u32,
    pub dst: u32,
    pub dst_len: u8,
    pub tos: u8,
    pub priority: u32,
    pub protocol: u8,
    pub scope: u8,
    pub kind: u8,
    pub prefsrc: Option<Ipv4Addr>,
    pub nhs: Vec<Nh>,
    pub multipath: bool,
    pub metrics: Option<Vec<u8>>,
}

impl Route {
    /// The "same fib_info" comparison of `fib_table_insert`'s duplicate check.
    pub(crate) fn same_info(&self, o: &Route) -> bool {
        self.protocol == o.protocol
            && self.scope == o.scope
            && self.prefsrc == o.prefsrc
            && self.priority == o.priority
            && self.nhs == o.nhs
            && self.metrics == o.metrics
    }
    /// The dump order inside a table: by destination, longer prefixes first, higher
    /// TOS first, lower metric first.
    pub(crate) fn order_key(&self) -> (u32, u8, u8, u32) {
        (
            self.dst,
            32 - self.dst_len.min(32),
            u8::MAX - self.tos,
            self.priority,
        )
    }
}

/// A routing table.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub id: u32,
    pub created: u64,
    pub routes: Vec<Route>,
}

/// An IPv6 address (`struct inet6_ifaddr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ifa6 {
    pub addr: Ipv6Addr,
    pub prefixlen: u8,
    /// `IFA_F_*`, all 32 bits.
    pub flags: u32,
    /// The `RT_SCOPE_*` derived from the address (`ipv6_addr_scope`).
    pub scope: u8,
    pub rt_priority: u32,
    pub proto: u8,
    pub cstamp: u32,
    pub tstamp: u32,
    pub valid: u32,
    pub preferred: u32,
}

/// The IPv6 state of a device (`struct inet6_dev`): its addresses, most preferred
/// scope first and newest first inside a scope, and whether addrconf configured it
/// (`IF_READY`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Inet6Dev {
    pub addrs: Vec<Ifa6>,
    pub ready: bool,
}

/// One nexthop of an IPv6 route (a `fib6_nh`; siblings of a multipath route are one
/// [`Route6`] here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Nh6 {
    pub gw: Option<Ipv6Addr>,
    pub oif: i32,
    /// `rtnh_hops + 1`.
    pub weight: u16,
    /// `RTNH_F_DEAD`: an ECMP sibling whose device went down.
    pub dead: bool,
}

/// An IPv6 route (`struct fib6_info` with its ECMP siblings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Route6 {
    pub table: u32,
    pub dst: Ipv6Addr,
    pub dst_len: u8,
    pub metric: u32,
    pub protocol: u8,
    pub kind: u8,
    pub prefsrc: Option<Ipv6Addr>,
    pub nhs: Vec<Nh6>,
    /// The lifetime in centiseconds (`RTF_EXPIRES`, reported as set; not counted down).
    pub expires: Option<u32>,
    /// The router preference (`RTA_PREF`: 0 medium, 1 high, 3 low).
    pub pref: u8,
    pub metrics: Option<Vec<u8>>,
    /// The nexthop object the route uses (`RTA_NH_ID`); `nhs` is its expansion.
    pub nh_id: Option<u32>,
}

/// An IPv6 routing table (`struct fib6_table`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Table6 {
    pub id: u32,
    pub created: u64,
    pub routes: Vec<Route6>,
}

/// A network namespace.
#[derive(Debug)]
pub(crate) struct Netns {
    pub links: BTreeMap<i32, Link>,
    pub ifindex_next: i32,
    /// `dev_base_seq`: bumped when the device list changes.
    pub dev_gen: u32,
    /// `dev_addr_genid`: bumped when IPv4 addresses change.
    pub addr_gen: u32,
    /// Bumped when routes change.
    pub route_gen: u32,
    pub tables: Vec<Table>,
    pub next_table_seq: u64,
    pub next_route_id: u64,
    /// Links whose carrier changed, for the deferred `linkwatch` notifications.
    pub linkwatch: Vec<i32>,
    /// Neighbour tables (ARP, ND, proxies).
    pub neigh: crate::rtnl::neigh::NeighTables,
    /// Policy routing rules.
    pub rules: crate::rtnl::rule::Rules,
    /// Nexthop objects.
    pub nh: crate::rtnl::nexthop::Nexthops,
    /// IPv6 state per ifindex (devices without an entry have no IPv6 addresses yet).
    pub idev6: BTreeMap<i32, Inet6Dev>,
    /// IPv6 routing tables in dump order (main and local exist from the start).
    pub tables6: Vec<Table6>,
}

impl Netns {
    pub(crate) fn new(id: u32) -> Self {
        let _ = id;
        Self {
            links: BTreeMap::new(),
            ifindex_next: 1,
            dev_gen: 1,
            addr_gen: 0,
            route_gen: 0,
            tables: Vec::new(),
            next_table_seq: 0,
            next_route_id: 1,
            linkwatch: Vec::new(),
            neigh: Default::default(),
            rules: Default::default(),
            nh: Default::default(),
            idev6: BTreeMap::new(),
            tables6: vec![
                Table6 {
                    id: crate::hdr::table::MAIN,
                    created: 0,
                    routes: Vec::new(),
                },
                Table6 {
                    id: crate::hdr::table::LOCAL,
                    created: 0,
                    routes: Vec::new(),
                },
            ],
        }
    }

    pub(crate) fn link_by_name(&self, name: &str) -> Option<&Link> {
        self.links.values().find(|l| l.name == name)
    }

    pub(crate) fn index_by_name(&self, name: &str) -> Option<i32> {
        self.link_by_name(name).map(|l| l.index)
    }

    /// `dev_index_reserve` with index 0: the next free index from the cyclic cursor.
    pub(crate) fn alloc_ifindex(&mut self) -> i32 {
        let mut i = self.ifindex_next.max(1);
        loop {
            if !self.links.contains_key(&i) {
                break;
            }
            i = if i == i32::MAX { 1 } else { i + 1 };
        }
        self.ifindex_next = if i == i32::MAX { 1 } else { i + 1 };
        i
    }

    pub(crate) fn table(&self, id: u32) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }

    pub(crate) fn table_mut(&mut self, id: u32) -> Option<&mut Table> {
        self.tables.iter_mut().find(|t| t.id == id)
    }

    /// `fib_new_table`: creating the local table without custom rules creates main too
    /// (its alias); with custom rules main exists only once something goes in.
    pub(crate) fn table_create(&mut self, id: u32) -> &mut Table {
        if id == crate::hdr::table::LOCAL
            && !self.rules.custom4
            && self.table(crate::hdr::table::MAIN).is_none()
        {
            self.table_create(crate::hdr::table::MAIN);
        }
        if self.table(id).is_none() {
            self.next_table_seq += 1;
            let t = Table {
                id,
                created: self.next_table_seq,
                routes: Vec::new(),
            };
            self.tables.push(t);
            // Dump order: hash bucket (id & 0xff), newest first inside a bucket.
            self.tables
                .sort_by_key(|t| (t.id & 0xff, std::cmp::Reverse(t.created)));
        }
        let pos = self.tables.iter().position(|t| t.id == id).unwrap_or(0);
        &mut self.tables[pos]
    }
}

/// Everything.
pub(crate) struct State {
    pub nss: BTreeMap<u32, Netns>,
    pub next_ns: u32,
    pub socks: BTreeMap<SockId, Sock>,
    pub next_sock: SockId,
    pub rover: i32,
    pub genl: Registry,
    pub faults: FaultState,
    /// Centiseconds since the simulated boot (cacheinfo timestamps); advances by one per
    /// request, so runs are deterministic.
    pub clock: u32,
    pub mac_seq: u32,
}

impl State {
    pub(crate) fn new() -> Self {
        let mut s = Self {
            nss: BTreeMap::new(),
            next_ns: 0,
            socks: BTreeMap::new(),
            next_sock: 1,
            rover: -4096,
            genl: Registry::new(),
            faults: FaultState::default(),
            clock: 100_000,
            mac_seq: 0,
        };
        s.add_ns();
        s
    }

    pub(crate) fn add_ns(&mut self) -> u32 {
        let id = self.next_ns;
        self.next_ns += 1;
        let mut ns = Netns::new(id);
        crate::rtnl::link::add_loopback(&mut ns, self.clock);
        self.nss.insert(id, ns);
        id
    }

    /// Whether `port` is taken in namespace `ns` for protocol `proto`.
    pub(crate) fn port_taken(&self, ns: u32, proto: i32, port: u32) -> bool {
        self.socks
            .values()
            .any(|s| s.ns == ns && s.proto == proto && s.port == Some(port))
    }

    /// `netlink_autobind`: the owner's pid if free, else the next value of the rover.
    pub(crate) fn autobind(&mut self, id: SockId) -> u32 {
        let Some(s) = self.socks.get(&id) else {
            return 0;
        };
        if let Some(p) = s.port {
            return p;
        }
        let (ns, proto, pid) = (s.ns, s.proto, s.pid);
        let mut port = pid;
        if self.port_taken(ns, proto, port) {
            loop {
                let candidate = self.rover as u32;
                self.rover = if self.rover == i32::MIN {
                    -4096
                } else {
                    self.rover - 1
                };
                if !self.port_taken(ns, proto, candidate) {
                    port = candidate;
                    break;
                }
            }
        }
        if let Some(s) = self.socks.get_mut(&id) {
            s.port = Some(port);
        }
        port
    }

    /// A unicast from the kernel to socket `id` (dropped on overrun).
    pub(crate) fn unicast(&mut self, id: SockId, data: Vec<u8>, alloc: usize) -> bool {
        let ts = truesize(alloc.max(data.len()));
        match self.socks.get_mut(&id) {
            Some(s) => s.deliver(Dgram {
                data,
                truesize: ts,
                port: 0,
                group: 0,
            }),
            None => false,
        }
    }

    /// A multicast from the kernel to every socket of `proto` in `ns` that joined
    /// `group`, except port `exclude` (0: none).
    pub(crate) fn multicast(
        &mut self,
        ns: u32,
        proto: i32,
        group: u32,
        data: &[u8],
        alloc: usize,
        exclude: u32,
    ) {
        let ts = truesize(alloc.max(data.len()));
        let mask = if (1..=32).contains(&group) {
            1u32 << (group - 1)
        } else {
            0
        };
        for s in self.socks.values_mut() {
            if s.ns != ns || s.proto != proto || !s.groups.contains(&group) {
                continue;
            }
            if exclude != 0 && s.port == Some(exclude) {
                continue;
            }
            s.deliver(Dgram {
                data: data.to_vec(),
                truesize: ts,
                port: 0,
                group: mask,
            });
        }
    }

    /// `nlmsg_notify`: multicast to `group`; with `echo` (the requester asked for
    /// `NLM_F_ECHO`) also a unicast copy to the requester, who is left out of the
    /// multicast.
    pub(crate) fn notify(
        &mut self,
        ns: u32,
        group: u32,
        data: Vec<u8>,
        alloc: usize,
        echo: Option<(SockId, u32)>,
    ) {
        let exclude = echo.map_or(0, |(_, p)| p);
        self.multicast(ns, crate::PROTO_ROUTE, group, &data, alloc, exclude);
        if let Some((sid, _)) = echo {
            self.unicast(sid, data, alloc);
        }
    }
}

/// A notification waiting to be delivered when the operation ends.
#[derive(Debug)]
pub(crate) struct Note {
    pub group: u32,
    pub data: Vec<u8>,
    pub alloc: usize,
    pub echo: Option<(SockId, u32)>,
}

/// What an operation on one namespace works with: the namespace, the notifications it
/// emits (delivered in order afterwards), the clock and the MAC generator.
pub(crate) struct Ctx<'a> {
    pub ns: &'a mut Netns,
    pub notes: Vec<Note>,
    /// Bit `g` set when a route socket of this namespace has joined group `g` (groups
    /// above 63 are always considered heard).
    pub listeners: u64,
    pub clock: u32,
    pub mac_seq: &'a mut u32,
}

impl Ctx<'_> {
    /// A locally administered MAC address, different each call.
    pub(crate) fn next_mac(&mut self) -> Vec<u8> {
        *self.mac_seq += 1;
        let n = self.mac_seq.to_be_bytes();
        vec![0x02, 0x5e, n[0], n[1], n[2], n[3]]
    }

    /// Whether a notification to `group` would reach anyone: a member of the group, or
    /// the requester through `NLM_F_ECHO`. Building one nobody receives is skipped,
    /// which nothing can observe (the kernel's `rtnl_has_listeners` does the same for
    /// some events).
    pub(crate) fn heard(&self, group: u32, echo: bool) -> bool {
        echo || group >= 64 || self.listeners & (1u64 << group) != 0
    }

    pub(crate) fn note(
        &mut self,
        group: u32,
        data: Vec<u8>,
        alloc: usize,
        echo: Option<(SockId, u32)>,
    ) {
        self.notes.push(Note {
            group,
            data,
            alloc,
            echo,
        });
    }
}

impl State {
    /// Runs `f` on namespace `ns` and delivers its notifications, also when it fails.
    pub(crate) fn with_ns<R>(
        &mut self,
        ns: u32,
        f: impl FnOnce(&mut Ctx<'_>) -> Result<R, Errno>,
    ) -> Result<R, Errno> {
        let clock = self.clock;
        let listeners = self
            .socks
            .values()
            .filter(|s| s.ns == ns && s.proto == crate::PROTO_ROUTE)
            .flat_map(|s| s.groups.iter())
            .fold(0u64, |m, &g| if g < 64 { m | (1u64 << g) } else { m });
        let Some(n) = self.nss.get_mut(&ns) else {
            return Err(Errno::ENODEV);
        };
        let mut c = Ctx {
            ns: n,
            notes: Vec::new(),
            listeners,
            clock,
            mac_seq: &mut self.mac_seq,
        };
        let r = f(&mut c);
        let notes = std::mem::take(&mut c.notes);
        for n in notes {
            self.notify(ns, n.group, n.data, n.alloc, n.echo);
        }
        r
    }
}
