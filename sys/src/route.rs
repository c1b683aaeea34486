//! A convenience layer over rtnetlink in the spirit of pyroute2's `IPRoute`: an
//! [`RtnlHandle`] whose methods list links, addresses, routes, neighbours and rules as
//! owned structs ([`LinkInfo`], [`AddrInfo`], [`RouteInfo`], [`NeighInfo`], [`RuleInfo`]),
//! and change them with one call each; a blocking [`Monitor`] of rtnetlink notifications
//! as owned [`Event`]s.
//!
//! Everything here goes through [`Client`] and the codec's typed writers and views; the
//! structs own their strings and addresses, which costs allocations that the codec's
//! views avoid. Use the codec directly on hot paths (large dumps, busy monitors).
//!
//! Kernel errors come back as [`Error::Kernel`] with the extended ack, so a missing link
//! reads `No such device (ENODEV, errno 19)`, a duplicate
//! `File exists (EEXIST, errno 17)`, and an unknown link kind (a module that is not
//! loaded) `Unknown device type (EOPNOTSUPP, errno 95)`.
//!
//! ```no_run
//! use std::net::{IpAddr, Ipv4Addr};
//! use nlwire_sys::route::{RouteBuilder, RtnlHandle, Table};
//! use nlwire_sys::{Error, NetNs};
//!
//! // A private namespace: nothing here touches the host's interfaces.
//! let ns = NetNs::new_private()?;
//! let mut rt = RtnlHandle::open_in(&ns)?;
//! rt.veth_add("veth0", "veth1")?;
//! let veth0 = rt.link_index("veth0")?;
//! rt.link_set_up(veth0)?;
//! rt.addr_add(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 24, veth0)?;
//! rt.route_add(
//!     &RouteBuilder::to(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 0)), 24)
//!         .gateway(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 254))),
//! )?;
//! for r in rt.routes(None, Table::Main)? {
//!     println!("{r}");
//! }
//! # Ok::<(), Error>(())
//! ```

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::net::IpAddr;

use nlwire_codec::rtnl::addr::{self, AddrMsg, AddrSpec};
use nlwire_codec::rtnl::link::{self, IffDisplay, LinkMsg, ifla, operstate, rtext_filter};
use nlwire_codec::rtnl::link_kinds;
use nlwire_codec::rtnl::neigh::{self, NeighMsg, NeighSpec, NudDisplay};
use nlwire_codec::rtnl::route::{
    self as rroute, RouteDumpFilter, RouteMsg, RouteSpec, rt_scope, rt_table, rtprot,
};
use nlwire_codec::rtnl::rule::{self, RuleMsg, TableName};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Builder, EncodeError, Message, Messages, Protocol, Transport};

use crate::buf::MsgBuf;
use crate::client::Client;
use crate::error::Error;
use crate::netns::NetNs;
use crate::socket::Socket;

pub use nlwire_codec::rtnl::route::NexthopSpec;
pub use nlwire_codec::rtnl::rule::RuleSpec;

/// How many times a dump is repeated when the kernel flags it inconsistent
/// (`NLM_F_DUMP_INTR`) before [`Error::Inconsistent`] is returned.
const DUMP_RETRIES: u32 = 3;

/// An IP address family, for filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IpFamily {
    /// IPv4 (`AF_INET`).
    V4,
    /// IPv6 (`AF_INET6`).
    V6,
}

impl IpFamily {
    /// The `AF_*` number.
    pub fn af(self) -> u8 {
        match self {
            IpFamily::V4 => family::INET,
            IpFamily::V6 => family::INET6,
        }
    }

    /// The family of `ip`.
    pub fn of(ip: &IpAddr) -> Self {
        match ip {
            IpAddr::V4(_) => IpFamily::V4,
            IpAddr::V6(_) => IpFamily::V6,
        }
    }
}

/// Which routing table(s) [`RtnlHandle::routes`] lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Table {
    /// `main` (254): where routes go unless told otherwise; what `ip route` shows.
    #[default]
    Main,
    /// `local` (255): local and broadcast addresses.
    Local,
    /// `default` (253).
    Default,
    /// Any table by id.
    Id(u32),
    /// Every table.
    All,
}

impl Table {
    /// The table id, or `None` for [`Table::All`].
    pub fn id(self) -> Option<u32> {
        match self {
            Table::Main => Some(rt_table::MAIN),
            Table::Local => Some(rt_table::LOCAL),
            Table::Default => Some(rt_table::DEFAULT),
            Table::Id(t) => Some(t),
            Table::All => None,
        }
    }
}

/// A network interface, as `ip link` shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkInfo {
    /// Interface index.
    pub index: u32,
    /// Name (`IFLA_IFNAME`).
    pub name: String,
    /// `IFF_*` flags (see [`nlwire_codec::rtnl::link::iff`]).
    pub flags: u32,
    /// MTU (0 if the kernel did not say).
    pub mtu: u32,
    /// Operational state (`IF_OPER_*`, see [`nlwire_codec::rtnl::link::operstate`]).
    pub operstate: u8,
    /// Link-layer address (empty when the link has none).
    pub address: Vec<u8>,
    /// The index of the master (bridge, bond, VRF) the link is enslaved to.
    pub master: Option<u32>,
    /// `IFLA_LINK`: the peer of a veth, the parent of a VLAN.
    pub link: Option<u32>,
    /// The link kind (`IFLA_INFO_KIND`: `"veth"`, `"bridge"`, `"vlan"`, …); `None` for
    /// physical devices and `lo`.
    pub kind: Option<String>,
    /// `ARPHRD_*` link type.
    pub link_type: u16,
}

impl LinkInfo {
    /// Reads a link message (`RTM_NEWLINK`, `RTM_DELLINK`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&LinkMsg::parse(msg)?)
    }

    /// Copies what a typed link view says.
    pub fn from_view(l: &LinkMsg<'_>) -> Result<Self, Error> {
        Ok(Self {
            index: u32::try_from(l.index()).unwrap_or(0),
            name: l.name()?.unwrap_or_default().to_owned(),
            flags: l.flags(),
            mtu: l.mtu()?.unwrap_or(0),
            operstate: l.operstate()?.unwrap_or(operstate::UNKNOWN),
            address: l.address().map(<[u8]>::to_vec).unwrap_or_default(),
            master: l.master()?.filter(|&m| m != 0),
            link: l
                .link()?
                .and_then(|i| u32::try_from(i).ok())
                .filter(|&i| i != 0),
            kind: l.link_info()?.and_then(|i| i.kind).map(str::to_owned),
            link_type: l.link_type(),
        })
    }

    /// Whether the link is administratively up (`IFF_UP`).
    pub fn is_up(&self) -> bool {
        self.flags & link::iff::UP != 0
    }

    /// The operational state's name (`"UP"`, `"DOWN"`, `"UNKNOWN"`, …).
    pub fn operstate_name(&self) -> &'static str {
        operstate::name(self.operstate).unwrap_or("?")
    }
}

impl fmt::Display for LinkInfo {
    /// `2: veth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP kind veth
    /// address 02:00:00:00:00:01`, like `ip link`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} <{}> mtu {} state {}",
            self.index,
            self.name,
            IffDisplay(self.flags),
            self.mtu,
            self.operstate_name()
        )?;
        if let Some(m) = self.master {
            write!(f, " master {m}")?;
        }
        if let Some(l) = self.link {
            write!(f, " link {l}")?;
        }
        if let Some(k) = &self.kind {
            write!(f, " kind {k}")?;
        }
        if !self.address.is_empty() {
            write!(f, " address {}", MacDisplay(&self.address))?;
        }
        Ok(())
    }
}

/// `Display` for a link-layer address: `02:00:00:00:00:01`.
#[derive(Clone, Copy, Debug)]
pub struct MacDisplay<'a>(pub &'a [u8]);

impl fmt::Display for MacDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, b) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(":")?;
            }
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// An interface address, as `ip addr` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrInfo {
    /// The interface index.
    pub index: u32,
    /// The address family.
    pub family: IpFamily,
    /// The interface's own address (`IFA_LOCAL`, or `IFA_ADDRESS` for IPv6).
    pub address: IpAddr,
    /// The prefix length.
    pub prefix_len: u8,
    /// The peer of a point-to-point address (`IFA_ADDRESS` when it differs from the
    /// local address).
    pub peer: Option<IpAddr>,
    /// `IFA_BROADCAST`.
    pub broadcast: Option<IpAddr>,
    /// `IFA_LABEL` (IPv4).
    pub label: Option<String>,
    /// `RT_SCOPE_*` (see [`nlwire_codec::rtnl::route::rt_scope`]).
    pub scope: u8,
    /// `IFA_F_*` flags (see [`nlwire_codec::rtnl::addr::ifa_f`]).
    pub flags: u32,
}

impl AddrInfo {
    /// Reads an address message (`RTM_NEWADDR`, `RTM_DELADDR`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&AddrMsg::parse(msg)?)
    }

    /// Copies what a typed address view says.
    pub fn from_view(a: &AddrMsg<'_>) -> Result<Self, Error> {
        let address = a
            .ip()?
            .ok_or(Error::Protocol("an address message without an address"))?;
        let peer = match (a.local()?, a.address()?) {
            (Some(l), Some(p)) if l != p => Some(p),
            _ => None,
        };
        Ok(Self {
            index: a.index(),
            family: IpFamily::of(&address),
            address,
            prefix_len: a.prefix_len(),
            peer,
            broadcast: a.broadcast()?,
            label: a.label()?.map(str::to_owned),
            scope: a.scope(),
            flags: a.flags()?,
        })
    }
}

impl fmt::Display for AddrInfo {
    /// `2: inet 192.0.2.1/24 scope global`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fam = match self.family {
            IpFamily::V4 => "inet",
            IpFamily::V6 => "inet6",
        };
        write!(f, "{}: {fam} {}", self.index, self.address)?;
        if let Some(p) = self.peer {
            write!(f, " peer {p}")?;
        }
        write!(f, "/{}", self.prefix_len)?;
        if let Some(b) = self.broadcast {
            write!(f, " brd {b}")?;
        }
        write!(f, " scope {}", ScopeName(self.scope))?;
        if let Some(l) = &self.label {
            write!(f, " label {l}")?;
        }
        Ok(())
    }
}

struct ScopeName(u8);

impl fmt::Display for ScopeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match rt_scope::name(self.0) {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

/// One path of a multipath route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NexthopInfo {
    /// The gateway, if any.
    pub gateway: Option<IpAddr>,
    /// The output interface.
    pub ifindex: u32,
    /// The weight (1 to 256).
    pub weight: u16,
    /// `RTNH_F_*` flags.
    pub flags: u8,
}

/// A route, as `ip route` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInfo {
    /// `AF_INET`, `AF_INET6`, or another `AF_*` number (multicast routing, MPLS).
    pub family: u8,
    /// The destination; `None` for a default route.
    pub dst: Option<IpAddr>,
    /// The destination prefix length.
    pub dst_len: u8,
    /// The source prefix (`RTA_SRC`, IPv6 source routing), if any.
    pub src: Option<IpAddr>,
    /// The source prefix length.
    pub src_len: u8,
    /// The gateway (`RTA_GATEWAY`, or an `RTA_VIA` address).
    pub gateway: Option<IpAddr>,
    /// The output interface (`RTA_OIF`).
    pub oif: Option<u32>,
    /// The preferred source address (`RTA_PREFSRC`, the `src` of `ip route`).
    pub prefsrc: Option<IpAddr>,
    /// The table id.
    pub table: u32,
    /// The metric (`RTA_PRIORITY`).
    pub metric: Option<u32>,
    /// `RTPROT_*`: who installed the route.
    pub protocol: u8,
    /// `RT_SCOPE_*`.
    pub scope: u8,
    /// `RTN_*`: unicast, local, broadcast, blackhole, …
    pub route_type: u8,
    /// `rtm_flags`.
    pub flags: u32,
    /// The paths of a multipath route (empty for a single path).
    pub nexthops: Vec<NexthopInfo>,
}

impl RouteInfo {
    /// Reads a route message (`RTM_NEWROUTE`, `RTM_DELROUTE`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&RouteMsg::parse(msg)?)
    }

    /// Copies what a typed route view says.
    pub fn from_view(r: &RouteMsg<'_>) -> Result<Self, Error> {
        let gateway = match r.gateway()? {
            Some(g) => Some(g),
            None => r.via()?.and_then(|v| v.ip()),
        };
        let mut nexthops = Vec::new();
        for nh in r.multipath() {
            let nh = nh?;
            let gw = match nh.gateway()? {
                Some(g) => Some(g),
                None => nh.via()?.and_then(|v| v.ip()),
            };
            nexthops.push(NexthopInfo {
                gateway: gw,
                ifindex: u32::try_from(nh.ifindex()).unwrap_or(0),
                weight: nh.weight(),
                flags: nh.flags(),
            });
        }
        Ok(Self {
            family: r.family(),
            dst: r.dst()?,
            dst_len: r.dst_len(),
            src: r.src()?,
            src_len: r.src_len(),
            gateway,
            oif: r.oif()?,
            prefsrc: r.prefsrc()?,
            table: r.table()?,
            metric: r.priority()?,
            protocol: r.protocol(),
            scope: r.scope(),
            route_type: r.route_type(),
            flags: r.flags(),
            nexthops,
        })
    }
}

impl fmt::Display for RouteInfo {
    /// `198.51.100.0/24 via 192.0.2.254 oif 2 table main proto boot scope global metric
    /// 10`, like `ip route` (interfaces by index).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) =
            rroute::rtn::name(self.route_type).filter(|_| self.route_type != rroute::rtn::UNICAST)
        {
            write!(f, "{n} ")?;
        }
        match self.dst {
            Some(d) => write!(f, "{d}/{}", self.dst_len)?,
            None => f.write_str("default")?,
        }
        if let Some(s) = self.src {
            write!(f, " from {s}/{}", self.src_len)?;
        }
        if let Some(g) = self.gateway {
            write!(f, " via {g}")?;
        }
        if let Some(o) = self.oif {
            write!(f, " oif {o}")?;
        }
        write!(f, " table {}", TableName(self.table))?;
        match rtprot::name(self.protocol) {
            Some(p) => write!(f, " proto {p}")?,
            None => write!(f, " proto {}", self.protocol)?,
        }
        write!(f, " scope {}", ScopeName(self.scope))?;
        if let Some(p) = self.prefsrc {
            write!(f, " src {p}")?;
        }
        if let Some(m) = self.metric {
            write!(f, " metric {m}")?;
        }
        for nh in &self.nexthops {
            f.write_str(" nexthop")?;
            if let Some(g) = nh.gateway {
                write!(f, " via {g}")?;
            }
            write!(f, " oif {} weight {}", nh.ifindex, nh.weight)?;
        }
        Ok(())
    }
}

/// A neighbour (ARP or NDP) entry, as `ip neigh` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeighInfo {
    /// `AF_INET`, `AF_INET6` (or `AF_BRIDGE` for bridge FDB entries).
    pub family: u8,
    /// The interface index.
    pub ifindex: u32,
    /// The neighbour's address (`NDA_DST`).
    pub dst: Option<IpAddr>,
    /// The link-layer address (`NDA_LLADDR`).
    pub lladdr: Option<Vec<u8>>,
    /// `NUD_*` state bits (see [`nlwire_codec::rtnl::neigh::nud`]).
    pub state: u16,
    /// `NTF_*` flags.
    pub flags: u8,
}

impl NeighInfo {
    /// Reads a neighbour message (`RTM_NEWNEIGH`, `RTM_DELNEIGH`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&NeighMsg::parse(msg)?)
    }

    /// Copies what a typed neighbour view says.
    pub fn from_view(n: &NeighMsg<'_>) -> Result<Self, Error> {
        Ok(Self {
            family: n.family(),
            ifindex: u32::try_from(n.ifindex()).unwrap_or(0),
            dst: n.dst()?,
            lladdr: n.lladdr().map(<[u8]>::to_vec),
            state: n.state(),
            flags: n.flags(),
        })
    }
}

impl fmt::Display for NeighInfo {
    /// `192.0.2.2 dev 2 lladdr 02:00:00:00:00:02 PERMANENT`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.dst {
            Some(d) => write!(f, "{d}")?,
            None => f.write_str("?")?,
        }
        write!(f, " dev {}", self.ifindex)?;
        if let Some(ll) = &self.lladdr {
            write!(f, " lladdr {}", MacDisplay(ll))?;
        }
        write!(f, " {}", NudDisplay(self.state))
    }
}

/// A routing policy rule, as `ip rule` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// `AF_INET`, `AF_INET6` (or a multicast-routing family).
    pub family: u8,
    /// `FRA_PRIORITY` (the kernel always sends it, 0 for the `local` rule).
    pub priority: u32,
    /// The table looked up.
    pub table: u32,
    /// `FR_ACT_*` (see [`nlwire_codec::rtnl::rule::action`]).
    pub action: u8,
    /// The source selector and its prefix length.
    pub src: Option<(IpAddr, u8)>,
    /// The destination selector and its prefix length.
    pub dst: Option<(IpAddr, u8)>,
    /// `FRA_IIFNAME`.
    pub iifname: Option<String>,
    /// `FRA_OIFNAME`.
    pub oifname: Option<String>,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FIB_RULE_*` flags.
    pub flags: u32,
}

impl RuleInfo {
    /// Reads a rule message (`RTM_NEWRULE`, `RTM_DELRULE`).
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Self::from_view(&RuleMsg::parse(msg)?)
    }

    /// Copies what a typed rule view says.
    pub fn from_view(r: &RuleMsg<'_>) -> Result<Self, Error> {
        Ok(Self {
            family: r.family(),
            priority: r.priority()?.unwrap_or(0),
            table: r.table()?,
            action: r.action(),
            src: r.src()?.map(|a| (a, r.src_len())),
            dst: r.dst()?.map(|a| (a, r.dst_len())),
            iifname: r.iifname()?.map(str::to_owned),
            oifname: r.oifname()?.map(str::to_owned),
            fwmark: r.fwmark()?,
            fwmask: r.fwmask()?,
            goto: r.goto()?,
            flags: r.flags(),
        })
    }
}

impl fmt::Display for RuleInfo {
    /// `100: from all lookup 100`, like `ip rule`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.priority)?;
        if self.flags & rule::flags::INVERT != 0 {
            f.write_str(" not")?;
        }
        match self.src {
            Some((a, l)) => write!(f, " from {a}/{l}")?,
            None => f.write_str(" from all")?,
        }
        if let Some((a, l)) = self.dst {
            write!(f, " to {a}/{l}")?;
        }
        if let Some(m) = self.fwmark {
            write!(f, " fwmark {m:#x}")?;
            if let Some(k) = self.fwmask {
                write!(f, "/{k:#x}")?;
            }
        }
        if let Some(i) = &self.iifname {
            write!(f, " iif {i}")?;
        }
        if let Some(o) = &self.oifname {
            write!(f, " oif {o}")?;
        }
        match self.action {
            rule::action::TO_TBL => write!(f, " lookup {}", TableName(self.table)),
            rule::action::GOTO => write!(f, " goto {}", self.goto.unwrap_or(0)),
            a => match rule::action::name(a) {
                Some(n) => write!(f, " {n}"),
                None => write!(f, " action {a}"),
            },
        }
    }
}

/// A route to add, replace or delete, built step by step:
///
/// ```
/// use std::net::{IpAddr, Ipv4Addr};
/// use nlwire_sys::route::RouteBuilder;
///
/// let r = RouteBuilder::to(IpAddr::V4(Ipv4Addr::new(198, 51, 100, 0)), 24)
///     .gateway(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 254)))
///     .metric(10)
///     .table(100);
/// assert_eq!(r.spec().table, 100);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteBuilder {
    family: u8,
    dst: Option<(IpAddr, u8)>,
    gateway: Option<IpAddr>,
    dev: u32,
    table: u32,
    metric: Option<u32>,
    src: Option<IpAddr>,
    scope: Option<u8>,
    protocol: Option<u8>,
    route_type: Option<u8>,
    flags: u32,
    nexthops: Vec<NexthopSpec>,
}

impl RouteBuilder {
    /// A route to `dst`/`prefix_len`.
    pub fn to(dst: IpAddr, prefix_len: u8) -> Self {
        Self {
            dst: Some((dst, prefix_len)),
            ..Self::default()
        }
    }

    /// A default route (`0.0.0.0/0` or `::/0`).
    pub fn default_route(family: IpFamily) -> Self {
        Self {
            family: family.af(),
            ..Self::default()
        }
    }

    /// Through the gateway `gw` (`RTA_GATEWAY`; `RTA_VIA` when its family differs from
    /// the route's, as for IPv4 routes through an IPv6 gateway).
    #[must_use]
    pub fn gateway(mut self, gw: IpAddr) -> Self {
        self.gateway = Some(gw);
        self
    }

    /// Out of the interface with index `index` (`RTA_OIF`).
    #[must_use]
    pub fn dev(mut self, index: u32) -> Self {
        self.dev = index;
        self
    }

    /// In table `table` (default: `main`).
    #[must_use]
    pub fn table(mut self, table: u32) -> Self {
        self.table = table;
        self
    }

    /// With metric `metric` (`RTA_PRIORITY`).
    #[must_use]
    pub fn metric(mut self, metric: u32) -> Self {
        self.metric = Some(metric);
        self
    }

    /// With preferred source address `src` (`RTA_PREFSRC`: the `src` of `ip route`).
    #[must_use]
    pub fn src(mut self, src: IpAddr) -> Self {
        self.src = Some(src);
        self
    }

    /// With scope `scope` (`RT_SCOPE_*`; by default as `ip route` chooses).
    #[must_use]
    pub fn scope(mut self, scope: u8) -> Self {
        self.scope = Some(scope);
        self
    }

    /// With protocol `protocol` (`RTPROT_*`; by default `boot`).
    #[must_use]
    pub fn protocol(mut self, protocol: u8) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// Of type `route_type` (`RTN_*`: blackhole, unreachable, …; by default unicast).
    #[must_use]
    pub fn route_type(mut self, route_type: u8) -> Self {
        self.route_type = Some(route_type);
        self
    }

    /// The gateway is on the link even if no prefix says so (`RTNH_F_ONLINK`).
    #[must_use]
    pub fn onlink(mut self) -> Self {
        self.flags |= u32::from(rroute::rtnh_f::ONLINK);
        self
    }

    /// Adds a path of a multipath route (`RTA_MULTIPATH`): through `gateway` (if any)
    /// out of interface `dev`, with `weight` 1 to 256.
    #[must_use]
    pub fn nexthop(mut self, gateway: Option<IpAddr>, dev: u32, weight: u16) -> Self {
        self.nexthops.push(NexthopSpec {
            gateway,
            ifindex: i32::try_from(dev).unwrap_or(0),
            weight,
            flags: 0,
        });
        self
    }

    /// The codec's description of this route, for its request writers.
    pub fn spec(&self) -> RouteSpec<'_> {
        RouteSpec {
            family: self.family,
            dst: self.dst.map(|(a, _)| a),
            dst_len: self.dst.map_or(0, |(_, l)| l),
            gateway: self.gateway,
            oif: self.dev,
            table: self.table,
            priority: self.metric,
            prefsrc: self.src,
            scope: self.scope,
            protocol: self.protocol,
            route_type: self.route_type,
            flags: self.flags,
            nexthops: &self.nexthops,
            ..RouteSpec::default()
        }
    }
}

/// An rtnetlink handle in the spirit of pyroute2's `IPRoute`: lists and changes links,
/// addresses, routes, neighbours and rules with one call each, over any [`Transport`]
/// (a real [`Socket`], or a simulated kernel).
///
/// Every method sends one request (or one dump) and waits for the kernel's answer;
/// interfaces are named by index (find one with [`Self::link_index`]).
#[derive(Debug)]
pub struct RtnlHandle<T = Socket> {
    client: Client<T>,
}

impl RtnlHandle<Socket> {
    /// Opens a route socket in the calling thread's network namespace, with extended acks
    /// and, where the kernel has it (Linux 4.20+), strict checking of dump requests, so
    /// that the kernel applies their filters (they are applied here as well).
    pub fn open() -> Result<Self, Error> {
        let mut client = Client::open(Protocol::ROUTE)?;
        // Best effort: older kernels refuse the option (ENOPROTOOPT) and dump everything.
        let _ = client.transport_mut().set_strict_check(true);
        Ok(Self { client })
    }

    /// Opens a route socket in the namespace `ns` (the calling thread stays where it is;
    /// the socket works in `ns` for its whole life).
    pub fn open_in(ns: &NetNs) -> Result<Self, Error> {
        ns.run_in(Self::open)?
    }
}

impl<T> RtnlHandle<T>
where
    T: Transport,
    T::Error: Into<Error>,
{
    /// A handle over `client` (which should know its protocol:
    /// [`Client::with_protocol`]).
    pub fn new(client: Client<T>) -> Self {
        Self { client }
    }

    /// The client, to send requests this layer has no method for.
    pub fn client(&mut self) -> &mut Client<T> {
        &mut self.client
    }

    /// Gives the client back.
    pub fn into_client(self) -> Client<T> {
        self.client
    }

    /// Dumps with `build` and collects what `parse` makes of each message, repeating the
    /// dump while the kernel flags it inconsistent.
    fn collect<F, R, P>(&mut self, build: F, mut parse: P) -> Result<Vec<R>, Error>
    where
        F: FnMut(&mut MsgBuf, u32) -> Result<usize, EncodeError>,
        P: FnMut(&Message<'_>) -> Result<Option<R>, Error>,
    {
        let (v, _) =
            self.client
                .dump_consistent(DUMP_RETRIES, build, Vec::new, |v: &mut Vec<R>, m| {
                    if let Some(r) = parse(&m)? {
                        v.push(r);
                    }
                    Ok(())
                })?;
        Ok(v)
    }

    // ---- Links ------------------------------------------------------------------------

    /// Every link.
    pub fn links(&mut self) -> Result<Vec<LinkInfo>, Error> {
        self.collect(
            |b, seq| link::dump_request(b, seq, rtext_filter::SKIP_STATS),
            |m| LinkInfo::parse(m).map(Some),
        )
    }

    /// The link called `name`, or `None` when there is none (`ENODEV`).
    pub fn link_by_name(&mut self, name: &str) -> Result<Option<LinkInfo>, Error> {
        self.get_link(0, Some(name))
    }

    /// The link with index `index`, or `None` when there is none (`ENODEV`).
    pub fn link_by_index(&mut self, index: u32) -> Result<Option<LinkInfo>, Error> {
        self.get_link(ifindex(index)?, None)
    }

    /// The index of the link called `name`; the kernel's `ENODEV` when there is none.
    pub fn link_index(&mut self, name: &str) -> Result<u32, Error> {
        let m = self
            .client
            .request(|b, seq| link::get_request(b, seq, 0, Some(name)))?;
        Ok(u32::try_from(LinkMsg::parse(&m)?.index()).unwrap_or(0))
    }

    fn get_link(&mut self, index: i32, name: Option<&str>) -> Result<Option<LinkInfo>, Error> {
        let got = self
            .client
            .request(|b, seq| link::get_request(b, seq, index, name));
        match got {
            Ok(m) => LinkInfo::parse(&m).map(Some),
            Err(e) if e.errno() == Some(libc::ENODEV) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Sets link `index` up (`ip link set up`).
    pub fn link_set_up(&mut self, index: u32) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::set_request(b, seq, i, Some(true)).map(Builder::finish))
    }

    /// Sets link `index` down (`ip link set down`).
    pub fn link_set_down(&mut self, index: u32) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::set_request(b, seq, i, Some(false)).map(Builder::finish))
    }

    /// Sets the MTU of link `index`.
    pub fn link_set_mtu(&mut self, index: u32, mtu: u32) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::set_request(b, seq, i, None)?.put_u32(ifla::MTU, mtu))
    }

    /// Renames link `index` to `name` (at most 15 bytes; the kernel refuses with `EBUSY`
    /// on some links while they are up).
    pub fn link_rename(&mut self, index: u32, name: &str) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::set_request(b, seq, i, None)?.put_str(ifla::IFNAME, name))
    }

    /// Enslaves link `index` to `master` (a bridge, bond or VRF: `ip link set master`).
    pub fn link_set_master(&mut self, index: u32, master: u32) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::set_request(b, seq, i, None)?.put_u32(ifla::MASTER, master))
    }

    /// Frees link `index` from its master (`ip link set nomaster`).
    pub fn link_set_nomaster(&mut self, index: u32) -> Result<(), Error> {
        self.link_set_master(index, 0)
    }

    /// Deletes link `index` (a veth's peer goes with it).
    pub fn link_del(&mut self, index: u32) -> Result<(), Error> {
        let i = ifindex(index)?;
        self.client
            .request_ack(|b, seq| link::delete_request(b, seq, i, None))
    }

    /// Creates a link of `kind` (`"dummy"`, `"ifb"`, `"bridge"`, …) named `name`,
    /// without kind-specific options. A kind whose module is not loaded fails with
    /// `EOPNOTSUPP` ("Unknown device type").
    pub fn link_add(&mut self, name: &str, kind: &str) -> Result<(), Error> {
        self.client
            .request_ack(|b, seq| link::create_request(b, seq, name, kind, None::<NoData>))
    }

    /// Creates a veth pair `name` ⇄ `peer`.
    pub fn veth_add(&mut self, name: &str, peer: &str) -> Result<(), Error> {
        self.client
            .request_ack(|b, seq| link::create_veth_request(b, seq, name, peer))
    }

    /// Creates a bridge `name`.
    pub fn bridge_add(&mut self, name: &str) -> Result<(), Error> {
        self.link_add(name, "bridge")
    }

    /// Creates a VLAN `name` with id `id` on the link `parent` (`ip link add link PARENT
    /// name NAME type vlan id ID`). Where the kernel has no 802.1Q module this fails with
    /// `EOPNOTSUPP` ("Unknown device type").
    pub fn vlan_add(&mut self, name: &str, parent: u32, id: u16) -> Result<(), Error> {
        let parent = ifindex(parent)?;
        self.client.request_ack(|b, seq| {
            let data = |b: &mut Builder<'_, MsgBuf>| link_kinds::create_vlan_data(b, id);
            let mut m = link::create_builder(b, seq, name, "vlan", Some(data))?;
            m.put_i32(ifla::LINK, parent)?;
            Ok::<_, EncodeError>(m.finish())
        })
    }

    // ---- Addresses --------------------------------------------------------------------

    /// The addresses, of `family` only and of interface `index` only when given.
    pub fn addresses(
        &mut self,
        family: Option<IpFamily>,
        index: Option<u32>,
    ) -> Result<Vec<AddrInfo>, Error> {
        let af = family.map_or(family::UNSPEC, IpFamily::af);
        self.collect(
            |b, seq| addr::dump_request(b, seq, af, index.unwrap_or(0)),
            |m| {
                let a = AddrInfo::parse(m)?;
                let keep =
                    family.is_none_or(|f| f == a.family) && index.is_none_or(|i| i == a.index);
                Ok(keep.then_some(a))
            },
        )
    }

    /// Adds `ip`/`prefix_len` to interface `index` (`ip addr add`; `EEXIST` if present).
    pub fn addr_add(&mut self, ip: IpAddr, prefix_len: u8, index: u32) -> Result<(), Error> {
        let a = AddrSpec::new(ip, prefix_len, index);
        self.client
            .request_ack(|b, seq| addr::add_request(b, seq, &a))
    }

    /// Adds or updates `ip`/`prefix_len` on interface `index` (`ip addr replace`).
    pub fn addr_replace(&mut self, ip: IpAddr, prefix_len: u8, index: u32) -> Result<(), Error> {
        let a = AddrSpec::new(ip, prefix_len, index);
        self.client
            .request_ack(|b, seq| addr::replace_request(b, seq, &a))
    }

    /// Removes `ip`/`prefix_len` from interface `index` (`ip addr del`;
    /// `EADDRNOTAVAIL` if absent).
    pub fn addr_del(&mut self, ip: IpAddr, prefix_len: u8, index: u32) -> Result<(), Error> {
        let a = AddrSpec::new(ip, prefix_len, index);
        self.client
            .request_ack(|b, seq| addr::delete_request(b, seq, &a))
    }

    // ---- Routes -----------------------------------------------------------------------

    /// The routes of `family` (both when `None`) in `table`.
    pub fn routes(
        &mut self,
        family: Option<IpFamily>,
        table: Table,
    ) -> Result<Vec<RouteInfo>, Error> {
        let filter = RouteDumpFilter {
            family: family.map_or(family::UNSPEC, IpFamily::af),
            table: table.id().unwrap_or(0),
            ..RouteDumpFilter::default()
        };
        let want_family = filter.family;
        self.collect(
            |b, seq| rroute::dump_request(b, seq, &filter),
            |m| {
                let r = RouteInfo::parse(m)?;
                let keep = table.id().is_none_or(|t| t == r.table)
                    && (want_family == family::UNSPEC || want_family == r.family);
                Ok(keep.then_some(r))
            },
        )
    }

    /// Adds a route (`ip route add`; `EEXIST` if the same route exists).
    pub fn route_add(&mut self, route: &RouteBuilder) -> Result<(), Error> {
        let spec = route.spec();
        self.client
            .request_ack(|b, seq| rroute::add_request(b, seq, &spec))
    }

    /// Adds or replaces a route (`ip route replace`).
    pub fn route_replace(&mut self, route: &RouteBuilder) -> Result<(), Error> {
        let spec = route.spec();
        self.client
            .request_ack(|b, seq| rroute::replace_request(b, seq, &spec))
    }

    /// Deletes the first route that matches what `route` gives (`ip route del`; `ESRCH`
    /// when none does).
    pub fn route_del(&mut self, route: &RouteBuilder) -> Result<(), Error> {
        let spec = route.spec();
        self.client
            .request_ack(|b, seq| rroute::delete_request(b, seq, &spec))
    }

    // ---- Neighbours -------------------------------------------------------------------

    /// The IPv4 and IPv6 neighbour entries (ARP and NDP caches).
    pub fn neighbours(&mut self) -> Result<Vec<NeighInfo>, Error> {
        self.collect(
            |b, seq| neigh::dump_request(b, seq, family::UNSPEC, 0),
            |m| NeighInfo::parse(m).map(Some),
        )
    }

    /// Adds a permanent entry: `ip` is at `lladdr` on interface `index` (`ip neigh add
    /// … nud permanent`; `EEXIST` if present).
    pub fn neigh_add(&mut self, ip: IpAddr, lladdr: &[u8], index: u32) -> Result<(), Error> {
        let n = NeighSpec {
            lladdr: Some(lladdr),
            ..NeighSpec::new(ip, ifindex(index)?)
        };
        self.client
            .request_ack(|b, seq| neigh::add_request(b, seq, &n))
    }

    /// Deletes the entry for `ip` on interface `index` (`ip neigh del`; `ENOENT` if
    /// absent).
    pub fn neigh_del(&mut self, ip: IpAddr, index: u32) -> Result<(), Error> {
        let n = NeighSpec::new(ip, ifindex(index)?);
        self.client
            .request_ack(|b, seq| neigh::delete_request(b, seq, &n))
    }

    // ---- Rules ------------------------------------------------------------------------

    /// Every routing policy rule (IPv4 and IPv6, and multicast routing's if any).
    pub fn rules(&mut self) -> Result<Vec<RuleInfo>, Error> {
        self.collect(
            |b, seq| rule::dump_request(b, seq, family::UNSPEC),
            |m| RuleInfo::parse(m).map(Some),
        )
    }

    /// Adds a rule (`ip rule add`; `EEXIST` if the same rule exists):
    /// `RuleSpec { priority: Some(100), table: Some(100), ..RuleSpec::new(AF_INET) }`.
    pub fn rule_add(&mut self, spec: &RuleSpec<'_>) -> Result<(), Error> {
        self.client
            .request_ack(|b, seq| rule::add_request(b, seq, spec))
    }

    /// Deletes the first rule matching every field `spec` gives (`ip rule del`; `ENOENT`
    /// when none does).
    pub fn rule_del(&mut self, spec: &RuleSpec<'_>) -> Result<(), Error> {
        self.client
            .request_ack(|b, seq| rule::delete_request(b, seq, spec))
    }
}

/// The type of "no `IFLA_INFO_DATA`" for [`link::create_request`].
type NoData = for<'x, 'y> fn(&'y mut Builder<'x, MsgBuf>) -> Result<(), EncodeError>;

/// An interface index as `ifinfomsg` and `ndmsg` carry it (a signed 32-bit number).
fn ifindex(index: u32) -> Result<i32, Error> {
    i32::try_from(index).map_err(|_| {
        Error::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("interface index {index} is out of range"),
        ))
    })
}

/// An rtnetlink notification, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// `RTM_NEWLINK`: a link appeared or changed.
    NewLink(LinkInfo),
    /// `RTM_DELLINK`: a link was deleted.
    DelLink(LinkInfo),
    /// `RTM_NEWADDR`.
    NewAddr(AddrInfo),
    /// `RTM_DELADDR`.
    DelAddr(AddrInfo),
    /// `RTM_NEWROUTE`.
    NewRoute(RouteInfo),
    /// `RTM_DELROUTE`.
    DelRoute(RouteInfo),
    /// `RTM_NEWNEIGH`.
    NewNeigh(NeighInfo),
    /// `RTM_DELNEIGH`.
    DelNeigh(NeighInfo),
    /// `RTM_NEWRULE`.
    NewRule(RuleInfo),
    /// `RTM_DELRULE`.
    DelRule(RuleInfo),
    /// Any other message type (netconf, nexthop objects, traffic control, …).
    Other {
        /// The message type.
        kind: u16,
    },
}

impl Event {
    /// Reads a notification.
    pub fn parse(msg: &Message<'_>) -> Result<Self, Error> {
        Ok(match msg.message_type() {
            rtm::NEWLINK => Event::NewLink(LinkInfo::parse(msg)?),
            rtm::DELLINK => Event::DelLink(LinkInfo::parse(msg)?),
            rtm::NEWADDR => Event::NewAddr(AddrInfo::parse(msg)?),
            rtm::DELADDR => Event::DelAddr(AddrInfo::parse(msg)?),
            rtm::NEWROUTE => Event::NewRoute(RouteInfo::parse(msg)?),
            rtm::DELROUTE => Event::DelRoute(RouteInfo::parse(msg)?),
            rtm::NEWNEIGH => Event::NewNeigh(NeighInfo::parse(msg)?),
            rtm::DELNEIGH => Event::DelNeigh(NeighInfo::parse(msg)?),
            rtm::NEWRULE => Event::NewRule(RuleInfo::parse(msg)?),
            rtm::DELRULE => Event::DelRule(RuleInfo::parse(msg)?),
            t => Event::Other { kind: t.0 },
        })
    }
}

impl fmt::Display for Event {
    /// `link new: 2: veth0 <…> mtu 1500 …`, `addr del: …`, `route new: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::NewLink(l) => write!(f, "link new: {l}"),
            Event::DelLink(l) => write!(f, "link del: {l}"),
            Event::NewAddr(a) => write!(f, "addr new: {a}"),
            Event::DelAddr(a) => write!(f, "addr del: {a}"),
            Event::NewRoute(r) => write!(f, "route new: {r}"),
            Event::DelRoute(r) => write!(f, "route del: {r}"),
            Event::NewNeigh(n) => write!(f, "neigh new: {n}"),
            Event::DelNeigh(n) => write!(f, "neigh del: {n}"),
            Event::NewRule(r) => write!(f, "rule new: {r}"),
            Event::DelRule(r) => write!(f, "rule del: {r}"),
            Event::Other { kind } => write!(f, "other: message type {kind}"),
        }
    }
}

/// The groups [`Monitor::links_addresses_routes`] joins: links, IPv4 and IPv6 addresses
/// and routes.
pub const LINK_ADDR_ROUTE_GROUPS: [u32; 5] = [
    group::LINK,
    group::IPV4_IFADDR,
    group::IPV6_IFADDR,
    group::IPV4_ROUTE,
    group::IPV6_ROUTE,
];

/// A blocking listener of rtnetlink notifications (`ip monitor`), yielding owned
/// [`Event`]s.
///
/// Only messages from the kernel are returned; if the socket's queue overflows,
/// [`Self::next_event`] fails once with [`Error::Overrun`] (notifications were lost:
/// re-read the state with a dump) and then goes on.
#[derive(Debug)]
pub struct Monitor {
    socket: Socket,
    buf: Vec<u8>,
    queue: VecDeque<Event>,
}

impl Monitor {
    /// Listens to the rtnetlink multicast `groups` (see
    /// [`nlwire_codec::rtnl::group`]) in the calling thread's namespace.
    pub fn open(groups: &[u32]) -> Result<Self, Error> {
        let mut socket = Socket::new(Protocol::ROUTE)?;
        socket.bind_auto()?;
        for &g in groups {
            socket.join_group(g)?;
        }
        Ok(Self {
            socket,
            buf: Vec::new(),
            queue: VecDeque::new(),
        })
    }

    /// Listens to link, address and route changes ([`LINK_ADDR_ROUTE_GROUPS`]).
    pub fn links_addresses_routes() -> Result<Self, Error> {
        Self::open(&LINK_ADDR_ROUTE_GROUPS)
    }

    /// The socket (to join more groups, set its receive buffer, …).
    pub fn socket_mut(&mut self) -> &mut Socket {
        &mut self.socket
    }

    /// Waits for the next notification.
    pub fn next_event(&mut self) -> Result<Event, Error> {
        loop {
            if let Some(e) = self.queue.pop_front() {
                return Ok(e);
            }
            let info = self.socket.recv_sized(&mut self.buf)?;
            if info.port != 0 {
                // Another user-space socket, not the kernel.
                continue;
            }
            for m in Messages::new(&self.buf) {
                let m = m?;
                if m.message_type().is_control() {
                    continue;
                }
                self.queue.push_back(Event::parse(&m)?);
            }
        }
    }
}

impl Iterator for Monitor {
    type Item = Result<Event, Error>;

    /// [`Monitor::next_event`]; never ends.
    fn next(&mut self) -> Option<Self::Item> {
        Some(self.next_event())
    }
}
