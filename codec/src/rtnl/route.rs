//! Routes: `rtmsg`, `RTA_*` attributes (every one Linux 6.18 defines), metrics
//! (`RTAX_*`), multipath nexthops (`struct rtnexthop`), lightweight-tunnel encapsulations
//! (MPLS and SRv6 typed, IP/IPv6 named, others raw), the table, protocol, scope and type
//! constants with the names `ip route` uses, a typed view and request writers.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use nlwire_codec::rtnl::route::{self, NexthopSpec, RouteMsg, RouteSpec, rt_table};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let gw = |n| IpAddr::V4(Ipv4Addr::new(10, 0, 0, n));
//! let hops = [
//!     NexthopSpec { gateway: Some(gw(1)), ifindex: 2, weight: 1, flags: 0 },
//!     NexthopSpec { gateway: Some(gw(2)), ifindex: 3, weight: 3, flags: 0 },
//! ];
//! let spec = RouteSpec {
//!     nexthops: &hops,
//!     priority: Some(10),
//!     ..RouteSpec::to(IpAddr::V4(Ipv4Addr::new(10, 9, 0, 0)), 16)
//! };
//! let mut storage = [0u8; 256];
//! let mut buf = SliceBuf::new(&mut storage);
//! route::add_request(&mut buf, 7, &spec)?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let r = RouteMsg::parse(&msg)?;
//! assert_eq!(r.dst()?, Some(IpAddr::V4(Ipv4Addr::new(10, 9, 0, 0))));
//! assert_eq!(r.table()?, rt_table::MAIN);
//! assert_eq!(r.priority()?, Some(10));
//! let weights: Vec<u16> = r.multipath().map(|nh| nh.map(|nh| nh.weight())).collect::<Result<_, _>>()?;
//! assert_eq!(weights, [1, 3]);
//! assert!(r.to_string().starts_with("RTM_NEWROUTE flags REQUEST|ACK|EXCL|CREATE seq 7 pid 0"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::{IpAddr, Ipv6Addr};

use zerocopy::byteorder::big_endian::U16 as BeU16;
use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{AttrSet, Dissector, Value};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::header::{Flags, MessageType, align_sat};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct rtmsg`: the family header of route messages.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtMsg {
    /// `rtm_family` (`AF_INET`, `AF_INET6`, `AF_MPLS`, …).
    pub family: u8,
    /// `rtm_dst_len`: destination prefix length.
    pub dst_len: u8,
    /// `rtm_src_len`: source prefix length.
    pub src_len: u8,
    /// `rtm_tos`: TOS (IPv4) to match.
    pub tos: u8,
    /// `rtm_table`: the table id, or [`rt_table::COMPAT`] when it does not fit a byte
    /// (then `RTA_TABLE` has it).
    pub table: u8,
    /// `rtm_protocol` (`RTPROT_*`): who installed the route.
    pub protocol: u8,
    /// `rtm_scope` (`RT_SCOPE_*`).
    pub scope: u8,
    /// `rtm_type` (`RTN_*`).
    pub route_type: u8,
    /// `rtm_flags` (`RTM_F_*`, and `RTNH_F_*` of a single-path route).
    pub flags: U32,
}

impl RtMsg {
    /// Size on the wire.
    pub const LEN: usize = 12;

    /// A header for `family` with everything else zero.
    pub fn new(family: u8) -> Self {
        Self {
            family,
            ..Self::default()
        }
    }
}

/// `struct rtnexthop`: one path of `RTA_MULTIPATH`, followed by its own `RTA_*`
/// attributes (`RTA_GATEWAY`, `RTA_VIA`, `RTA_ENCAP`, …) up to `rtnh_len`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtNexthop {
    /// `rtnh_len`: this header plus the nexthop's attributes.
    pub len: U16,
    /// `rtnh_flags` (`RTNH_F_*`).
    pub flags: u8,
    /// `rtnh_hops`: the weight minus one.
    pub hops: u8,
    /// `rtnh_ifindex`: the output interface.
    pub ifindex: I32,
}

impl RtNexthop {
    /// Size on the wire.
    pub const LEN: usize = 8;
}

/// `struct rta_cacheinfo` (`RTA_CACHEINFO`).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtaCacheInfo {
    /// `rta_clntref`: reference count.
    pub clntref: U32,
    /// `rta_lastuse`: time since last use (clock ticks).
    pub lastuse: U32,
    /// `rta_expires`: time to expiry (clock ticks), 0 if none.
    pub expires: I32,
    /// `rta_error`: the route's error (negative errno), 0 if none.
    pub error: U32,
    /// `rta_used`: use count.
    pub used: U32,
    /// `rta_id`: unused (IP id).
    pub id: U32,
    /// `rta_ts`: unused (TCP timestamp).
    pub ts: U32,
    /// `rta_tsage`: unused (timestamp age).
    pub tsage: U32,
}

/// `struct rta_mfc_stats` (`RTA_MFC_STATS`, multicast routes).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct RtaMfcStats {
    /// `mfcs_packets`.
    pub packets: U64,
    /// `mfcs_bytes`.
    pub bytes: U64,
    /// `mfcs_wrong_if`: packets that arrived on the wrong interface.
    pub wrong_if: U64,
}

/// `struct ipv6_sr_hdr`: the fixed part of an IPv6 segment routing header (its segments
/// follow, 16 bytes each).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct Ipv6SrHdr {
    /// `nexthdr`.
    pub nexthdr: u8,
    /// `hdrlen`: length in 8-byte units, not counting the first 8 bytes.
    pub hdrlen: u8,
    /// `type`: the routing type (4 for SRH).
    pub sr_type: u8,
    /// `segments_left`.
    pub segments_left: u8,
    /// `first_segment`: index of the last entry of the segment list.
    pub first_segment: u8,
    /// `flags` (`SR6_FLAG1_*`).
    pub flags: u8,
    /// `tag` (big-endian).
    pub tag: BeU16,
}

impl Ipv6SrHdr {
    /// Size of the fixed part.
    pub const LEN: usize = 8;
}

/// Route scopes (`RT_SCOPE_*`, `rtm_scope` and `ifa_scope`).
pub mod rt_scope {
    /// `RT_SCOPE_UNIVERSE`: everywhere (`ip` says "global").
    pub const UNIVERSE: u8 = 0;
    /// `RT_SCOPE_SITE`: within the site (IPv6).
    pub const SITE: u8 = 200;
    /// `RT_SCOPE_LINK`: on the link.
    pub const LINK: u8 = 253;
    /// `RT_SCOPE_HOST`: on this host.
    pub const HOST: u8 = 254;
    /// `RT_SCOPE_NOWHERE`: nowhere (a destination that does not exist).
    pub const NOWHERE: u8 = 255;

    /// The scope's name as `ip` prints it (`"global"`, `"link"`, `"host"`, …).
    pub const fn name(s: u8) -> Option<&'static str> {
        Some(match s {
            UNIVERSE => "global",
            SITE => "site",
            LINK => "link",
            HOST => "host",
            NOWHERE => "nowhere",
            _ => return None,
        })
    }
}

/// Reserved routing table ids (`RT_TABLE_*`).
pub mod rt_table {
    /// `RT_TABLE_UNSPEC`: none given (the kernel then uses `MAIN`).
    pub const UNSPEC: u32 = 0;
    /// `RT_TABLE_COMPAT`: in `rtm_table` when the real id (in `RTA_TABLE`) is above 255.
    pub const COMPAT: u32 = 252;
    /// `RT_TABLE_DEFAULT`.
    pub const DEFAULT: u32 = 253;
    /// `RT_TABLE_MAIN`: where routes go unless told otherwise.
    pub const MAIN: u32 = 254;
    /// `RT_TABLE_LOCAL`: local and broadcast addresses.
    pub const LOCAL: u32 = 255;
    /// `RT_TABLE_MAX`.
    pub const MAX: u32 = u32::MAX;

    /// The table's name as `ip` prints it (`"main"`, `"local"`, …).
    pub const fn name(t: u32) -> Option<&'static str> {
        Some(match t {
            UNSPEC => "unspec",
            COMPAT => "compat",
            DEFAULT => "default",
            MAIN => "main",
            LOCAL => "local",
            _ => return None,
        })
    }
}

/// Route protocols (`RTPROT_*`, `rtm_protocol`): who installed the route.
pub mod rtprot {
    /// `RTPROT_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `RTPROT_REDIRECT`: ICMP redirect (not used by current kernels).
    pub const REDIRECT: u8 = 1;
    /// `RTPROT_KERNEL`: the kernel (prefix routes of addresses).
    pub const KERNEL: u8 = 2;
    /// `RTPROT_BOOT`: during boot; what `ip route add` uses by default.
    pub const BOOT: u8 = 3;
    /// `RTPROT_STATIC`: by the administrator.
    pub const STATIC: u8 = 4;
    /// `RTPROT_GATED`.
    pub const GATED: u8 = 8;
    /// `RTPROT_RA`: router advertisements.
    pub const RA: u8 = 9;
    /// `RTPROT_MRT`: Merit MRT.
    pub const MRT: u8 = 10;
    /// `RTPROT_ZEBRA`.
    pub const ZEBRA: u8 = 11;
    /// `RTPROT_BIRD`.
    pub const BIRD: u8 = 12;
    /// `RTPROT_DNROUTED`: DECnet routing daemon.
    pub const DNROUTED: u8 = 13;
    /// `RTPROT_XORP`.
    pub const XORP: u8 = 14;
    /// `RTPROT_NTK`: Netsukuku.
    pub const NTK: u8 = 15;
    /// `RTPROT_DHCP`: a DHCP client.
    pub const DHCP: u8 = 16;
    /// `RTPROT_MROUTED`: multicast daemon.
    pub const MROUTED: u8 = 17;
    /// `RTPROT_KEEPALIVED`.
    pub const KEEPALIVED: u8 = 18;
    /// `RTPROT_BABEL`.
    pub const BABEL: u8 = 42;
    /// `RTPROT_OVN`: OVN daemon.
    pub const OVN: u8 = 84;
    /// `RTPROT_OPENR`: Open/R.
    pub const OPENR: u8 = 99;
    /// `RTPROT_BGP`.
    pub const BGP: u8 = 186;
    /// `RTPROT_ISIS`.
    pub const ISIS: u8 = 187;
    /// `RTPROT_OSPF`.
    pub const OSPF: u8 = 188;
    /// `RTPROT_RIP`.
    pub const RIP: u8 = 189;
    /// `RTPROT_EIGRP`.
    pub const EIGRP: u8 = 192;

    /// The protocol's name as in iproute2's `rt_protos` (`"kernel"`, `"boot"`, …).
    pub const fn name(p: u8) -> Option<&'static str> {
        Some(match p {
            UNSPEC => "unspec",
            REDIRECT => "redirect",
            KERNEL => "kernel",
            BOOT => "boot",
            STATIC => "static",
            GATED => "gated",
            RA => "ra",
            MRT => "mrt",
            ZEBRA => "zebra",
            BIRD => "bird",
            DNROUTED => "dnrouted",
            XORP => "xorp",
            NTK => "ntk",
            DHCP => "dhcp",
            MROUTED => "mrouted",
            KEEPALIVED => "keepalived",
            BABEL => "babel",
            OVN => "ovn",
            OPENR => "openr",
            BGP => "bgp",
            ISIS => "isis",
            OSPF => "ospf",
            RIP => "rip",
            EIGRP => "eigrp",
            _ => return None,
        })
    }
}

/// Route types (`RTN_*`, `rtm_type`; also `ndm_type` of neighbours).
pub mod rtn {
    /// `RTN_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `RTN_UNICAST`: a gateway or direct route.
    pub const UNICAST: u8 = 1;
    /// `RTN_LOCAL`: accept locally.
    pub const LOCAL: u8 = 2;
    /// `RTN_BROADCAST`: accept locally as broadcast, send as broadcast.
    pub const BROADCAST: u8 = 3;
    /// `RTN_ANYCAST`: accept locally as broadcast, send as unicast.
    pub const ANYCAST: u8 = 4;
    /// `RTN_MULTICAST`.
    pub const MULTICAST: u8 = 5;
    /// `RTN_BLACKHOLE`: drop silently.
    pub const BLACKHOLE: u8 = 6;
    /// `RTN_UNREACHABLE`: destination unreachable.
    pub const UNREACHABLE: u8 = 7;
    /// `RTN_PROHIBIT`: administratively prohibited.
    pub const PROHIBIT: u8 = 8;
    /// `RTN_THROW`: not in this table (continue with the next rule).
    pub const THROW: u8 = 9;
    /// `RTN_NAT`: translate this address.
    pub const NAT: u8 = 10;
    /// `RTN_XRESOLVE`: use an external resolver.
    pub const XRESOLVE: u8 = 11;

    /// The type's name as `ip` prints it (`"unicast"`, `"blackhole"`, …).
    pub const fn name(t: u8) -> Option<&'static str> {
        const N: [&str; 12] = [
            "unspec",
            "unicast",
            "local",
            "broadcast",
            "anycast",
            "multicast",
            "blackhole",
            "unreachable",
            "prohibit",
            "throw",
            "nat",
            "xresolve",
        ];
        if (t as usize) < N.len() {
            Some(N[t as usize])
        } else {
            None
        }
    }
}

/// Route message flags (`RTM_F_*`, `rtm_flags`).
pub mod rtm_f {
    /// `RTM_F_NOTIFY`: notify the user of route changes.
    pub const NOTIFY: u32 = 0x100;
    /// `RTM_F_CLONED`: a cloned (cache) route; in a dump request, dump the cache.
    pub const CLONED: u32 = 0x200;
    /// `RTM_F_EQUALIZE`: multipath equalizer (not implemented).
    pub const EQUALIZE: u32 = 0x400;
    /// `RTM_F_PREFIX`: a prefix route of an address.
    pub const PREFIX: u32 = 0x800;
    /// `RTM_F_LOOKUP_TABLE`: set `rtm_table` to the table the lookup used.
    pub const LOOKUP_TABLE: u32 = 0x1000;
    /// `RTM_F_FIB_MATCH`: return the matching FIB entry instead of the resolved route.
    pub const FIB_MATCH: u32 = 0x2000;
    /// `RTM_F_OFFLOAD`: offloaded to hardware.
    pub const OFFLOAD: u32 = 0x4000;
    /// `RTM_F_TRAP`: hardware traps packets to the CPU.
    pub const TRAP: u32 = 0x8000;
    /// `RTM_F_OFFLOAD_FAILED`: offloading failed.
    pub const OFFLOAD_FAILED: u32 = 0x2000_0000;

    /// Flag names as `ip route` prints them.
    pub const NAMES: [(u32, &str); 9] = [
        (NOTIFY, "notify"),
        (CLONED, "cloned"),
        (EQUALIZE, "equalize"),
        (PREFIX, "prefix"),
        (LOOKUP_TABLE, "lookup_table"),
        (FIB_MATCH, "fib_match"),
        (OFFLOAD, "rt_offload"),
        (TRAP, "rt_trap"),
        (OFFLOAD_FAILED, "rt_offload_failed"),
    ];
}

/// Nexthop flags (`RTNH_F_*`, `rtnh_flags` and the low byte of `rtm_flags`).
pub mod rtnh_f {
    /// `RTNH_F_DEAD`: the nexthop is dead.
    pub const DEAD: u8 = 1;
    /// `RTNH_F_PERVASIVE`: do recursive gateway lookup.
    pub const PERVASIVE: u8 = 2;
    /// `RTNH_F_ONLINK`: the gateway is on the link even without a matching route.
    pub const ONLINK: u8 = 4;
    /// `RTNH_F_OFFLOAD`: offloaded.
    pub const OFFLOAD: u8 = 8;
    /// `RTNH_F_LINKDOWN`: the nexthop's link has no carrier.
    pub const LINKDOWN: u8 = 16;
    /// `RTNH_F_UNRESOLVED`: unresolved (ipmr).
    pub const UNRESOLVED: u8 = 32;
    /// `RTNH_F_TRAP`: trapping packets.
    pub const TRAP: u8 = 64;

    /// Flag names as `ip route` prints them.
    pub const NAMES: [(u8, &str); 7] = [
        (DEAD, "dead"),
        (ONLINK, "onlink"),
        (PERVASIVE, "pervasive"),
        (OFFLOAD, "offload"),
        (TRAP, "trap"),
        (LINKDOWN, "linkdown"),
        (UNRESOLVED, "unresolved"),
    ];
}

/// `RTAX_FEATURES` bits (`RTAX_FEATURE_*`).
pub mod rtax_feature {
    /// `RTAX_FEATURE_ECN`.
    pub const ECN: u32 = 1 << 0;
    /// `RTAX_FEATURE_SACK`.
    pub const SACK: u32 = 1 << 1;
    /// `RTAX_FEATURE_TIMESTAMP`.
    pub const TIMESTAMP: u32 = 1 << 2;
    /// `RTAX_FEATURE_ALLFRAG`.
    pub const ALLFRAG: u32 = 1 << 3;
}

/// IPv6 router preferences (`ICMPV6_ROUTER_PREF_*`) in `RTA_PREF`.
pub mod router_pref {
    /// `ICMPV6_ROUTER_PREF_MEDIUM`.
    pub const MEDIUM: u8 = 0;
    /// `ICMPV6_ROUTER_PREF_HIGH`.
    pub const HIGH: u8 = 1;
    /// `ICMPV6_ROUTER_PREF_INVALID`.
    pub const INVALID: u8 = 2;
    /// `ICMPV6_ROUTER_PREF_LOW`.
    pub const LOW: u8 = 3;

    /// The preference's name as `ip` prints it after `pref`.
    pub const fn name(p: u8) -> Option<&'static str> {
        Some(match p {
            MEDIUM => "medium",
            HIGH => "high",
            INVALID => "invalid",
            LOW => "low",
            _ => return None,
        })
    }
}

/// Lightweight-tunnel encapsulation types (`LWTUNNEL_ENCAP_*`) in `RTA_ENCAP_TYPE`.
pub mod lwtunnel_encap {
    /// `LWTUNNEL_ENCAP_NONE`.
    pub const NONE: u16 = 0;
    /// `LWTUNNEL_ENCAP_MPLS`.
    pub const MPLS: u16 = 1;
    /// `LWTUNNEL_ENCAP_IP`.
    pub const IP: u16 = 2;
    /// `LWTUNNEL_ENCAP_ILA`.
    pub const ILA: u16 = 3;
    /// `LWTUNNEL_ENCAP_IP6`.
    pub const IP6: u16 = 4;
    /// `LWTUNNEL_ENCAP_SEG6`.
    pub const SEG6: u16 = 5;
    /// `LWTUNNEL_ENCAP_BPF`.
    pub const BPF: u16 = 6;
    /// `LWTUNNEL_ENCAP_SEG6_LOCAL`.
    pub const SEG6_LOCAL: u16 = 7;
    /// `LWTUNNEL_ENCAP_RPL`.
    pub const RPL: u16 = 8;
    /// `LWTUNNEL_ENCAP_IOAM6`.
    pub const IOAM6: u16 = 9;
    /// `LWTUNNEL_ENCAP_XFRM`.
    pub const XFRM: u16 = 10;

    /// The type's name as `ip route` prints it after `encap`.
    pub const fn name(t: u16) -> Option<&'static str> {
        const N: [&str; 11] = [
            "none",
            "mpls",
            "ip",
            "ila",
            "ip6",
            "seg6",
            "bpf",
            "seg6local",
            "rpl",
            "ioam6",
            "xfrm",
        ];
        if (t as usize) < N.len() {
            Some(N[t as usize])
        } else {
            None
        }
    }
}

/// SRv6 tunnel modes (`SEG6_IPTUN_MODE_*`) in `struct seg6_iptunnel_encap`.
pub mod seg6_mode {
    /// `SEG6_IPTUN_MODE_INLINE`.
    pub const INLINE: i32 = 0;
    /// `SEG6_IPTUN_MODE_ENCAP`.
    pub const ENCAP: i32 = 1;
    /// `SEG6_IPTUN_MODE_L2ENCAP`.
    pub const L2ENCAP: i32 = 2;
    /// `SEG6_IPTUN_MODE_ENCAP_RED`.
    pub const ENCAP_RED: i32 = 3;
    /// `SEG6_IPTUN_MODE_L2ENCAP_RED`.
    pub const L2ENCAP_RED: i32 = 4;

    /// The mode's name as `ip route` prints it.
    pub const fn name(m: i32) -> Option<&'static str> {
        Some(match m {
            INLINE => "inline",
            ENCAP => "encap",
            L2ENCAP => "l2encap",
            ENCAP_RED => "encap.red",
            L2ENCAP_RED => "l2encap.red",
            _ => return None,
        })
    }
}

attr_set! {
    /// Route attributes (`RTA_*`), Linux 6.18.
    pub mod rta, pub static RTA = "RTA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Destination prefix.
        DST = 1 => Value::Ip,
        /// Source prefix (source-specific routes; the source in `RTM_GETROUTE`).
        SRC = 2 => Value::Ip,
        /// Input interface index.
        IIF = 3 => Value::U32,
        /// Output interface index.
        OIF = 4 => Value::U32,
        /// Gateway, in the route's family.
        GATEWAY = 5 => Value::Ip,
        /// Priority (the `metric` of `ip route`).
        PRIORITY = 6 => Value::U32,
        /// Preferred source address.
        PREFSRC = 7 => Value::Ip,
        /// Metrics (`RTAX_*`, nested).
        METRICS = 8 => Value::Nested(&RTAX),
        /// Multipath nexthops: a list of `struct rtnexthop`, each followed by `RTA_*`.
        MULTIPATH = 9 => Value::Custom(fmt_multipath),
        /// No longer used.
        PROTOINFO = 10 => Value::Binary,
        /// Realms (`u32`: to in the low, from in the high 16 bits).
        FLOW = 11 => Value::U32,
        /// `struct rta_cacheinfo`.
        CACHEINFO = 12 => Value::Custom(fmt_rta_cacheinfo),
        /// No longer used (`struct rta_session`).
        SESSION = 13 => Value::Struct("rta_session", 8),
        /// No longer used.
        MP_ALGO = 14 => Value::U32,
        /// Table id (any `u32`; `rtm_table` only holds a byte).
        TABLE = 15 => Value::Custom(fmt_table),
        /// Firewall mark (`RTM_GETROUTE`).
        MARK = 16 => Value::U32,
        /// `struct rta_mfc_stats` (multicast routes).
        MFC_STATS = 17 => Value::Struct("rta_mfc_stats", 24),
        /// Gateway of another family (`struct rtvia`).
        VIA = 18 => Value::Custom(fmt_via),
        /// MPLS label stack to swap to (MPLS routes).
        NEWDST = 19 => Value::Custom(fmt_labels),
        /// IPv6 router preference (`ICMPV6_ROUTER_PREF_*`).
        PREF = 20 => Value::Custom(fmt_pref),
        /// Encapsulation type (`LWTUNNEL_ENCAP_*`).
        ENCAP_TYPE = 21 => Value::Custom(fmt_encap_type),
        /// Encapsulation (nested, by `RTA_ENCAP_TYPE`).
        ENCAP = 22 => Value::Custom(fmt_encap),
        /// Expiry (`u32` seconds in requests; `u64` clock ticks of last use in multicast
        /// route dumps).
        EXPIRES = 23 => Value::Uint,
        /// Padding for 64-bit alignment.
        PAD = 24 => Value::Binary,
        /// User id (`RTM_GETROUTE`).
        UID = 25 => Value::U32,
        /// Propagate the MPLS TTL (MPLS routes).
        TTL_PROPAGATE = 26 => Value::U8,
        /// IP protocol (`RTM_GETROUTE`).
        IP_PROTO = 27 => Value::U8,
        /// Source port, big-endian (`RTM_GETROUTE`).
        SPORT = 28 => Value::Be16,
        /// Destination port, big-endian (`RTM_GETROUTE`).
        DPORT = 29 => Value::Be16,
        /// Nexthop object id.
        NH_ID = 30 => Value::U32,
        /// IPv6 flow label, big-endian (`RTM_GETROUTE`).
        FLOWLABEL = 31 => Value::Be32,
    }
}

/// The highest `RTA_*` type this crate knows.
pub const RTA_MAX: u16 = rta::FLOWLABEL;

attr_set! {
    /// Route metrics (`RTAX_*`, inside `RTA_METRICS`).
    pub mod rtax, pub static RTAX = "RTAX_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Bitmask of locked metrics (`1 << RTAX_*`).
        LOCK = 1 => Value::U32,
        /// Path MTU.
        MTU = 2 => Value::U32,
        /// TCP window clamp.
        WINDOW = 3 => Value::U32,
        /// Initial RTT.
        RTT = 4 => Value::U32,
        /// Initial RTT variance.
        RTTVAR = 5 => Value::U32,
        /// Slow start threshold.
        SSTHRESH = 6 => Value::U32,
        /// Congestion window clamp.
        CWND = 7 => Value::U32,
        /// Advertised MSS.
        ADVMSS = 8 => Value::U32,
        /// Maximum reordering.
        REORDERING = 9 => Value::U32,
        /// Hop limit.
        HOPLIMIT = 10 => Value::U32,
        /// Initial congestion window.
        INITCWND = 11 => Value::U32,
        /// Feature bits (`RTAX_FEATURE_*`).
        FEATURES = 12 => Value::U32,
        /// Minimum RTO.
        RTO_MIN = 13 => Value::U32,
        /// Initial receive window.
        INITRWND = 14 => Value::U32,
        /// Quick ACK.
        QUICKACK = 15 => Value::U32,
        /// Congestion control algorithm name.
        CC_ALGO = 16 => Value::Str,
        /// TCP fast open without cookie.
        FASTOPEN_NO_COOKIE = 17 => Value::U32,
    }
}

attr_set! {
    /// MPLS encapsulation (`MPLS_IPTUNNEL_*`, `RTA_ENCAP` of `LWTUNNEL_ENCAP_MPLS`).
    pub mod mpls_iptunnel, pub static MPLS_IPTUNNEL = "MPLS_IPTUNNEL_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Label stack to push.
        DST = 1 => Value::Custom(fmt_labels),
        /// TTL of the pushed labels.
        TTL = 2 => Value::U8,
    }
}

attr_set! {
    /// SRv6 encapsulation (`SEG6_IPTUNNEL_*`, `RTA_ENCAP` of `LWTUNNEL_ENCAP_SEG6`).
    pub mod seg6_iptunnel, pub static SEG6_IPTUNNEL = "SEG6_IPTUNNEL_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// `struct seg6_iptunnel_encap`: mode, then the segment routing header.
        SRH = 1 => Value::Custom(fmt_seg6_srh),
    }
}

attr_set! {
    /// IPv4 tunnel encapsulation (`LWTUNNEL_IP_*`, `LWTUNNEL_ENCAP_IP`).
    pub mod lwtunnel_ip, pub static LWTUNNEL_IP = "LWTUNNEL_IP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Tunnel id (big-endian `u64`).
        ID = 1 => Value::Custom(fmt_be64),
        /// Remote address.
        DST = 2 => Value::Ip,
        /// Local address.
        SRC = 3 => Value::Ip,
        /// TTL.
        TTL = 4 => Value::U8,
        /// TOS.
        TOS = 5 => Value::U8,
        /// Tunnel flags (big-endian).
        FLAGS = 6 => Value::Be16,
        /// Padding.
        PAD = 7 => Value::Binary,
        /// Tunnel options (nested, kept raw).
        OPTS = 8 => Value::Binary,
    }
}

attr_set! {
    /// IPv6 tunnel encapsulation (`LWTUNNEL_IP6_*`, `LWTUNNEL_ENCAP_IP6`).
    pub mod lwtunnel_ip6, pub static LWTUNNEL_IP6 = "LWTUNNEL_IP6_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Tunnel id (big-endian `u64`).
        ID = 1 => Value::Custom(fmt_be64),
        /// Remote address.
        DST = 2 => Value::Ip,
        /// Local address.
        SRC = 3 => Value::Ip,
        /// Hop limit.
        HOPLIMIT = 4 => Value::U8,
        /// Traffic class.
        TC = 5 => Value::U8,
        /// Tunnel flags (big-endian).
        FLAGS = 6 => Value::Be16,
        /// Padding.
        PAD = 7 => Value::Binary,
        /// Tunnel options (nested, kept raw).
        OPTS = 8 => Value::Binary,
    }
}

// ---------------------------------------------------------------------------------------
// Display helpers shared with the address and neighbour modules.

/// Writes the names of the bits of `bits` found in `names`, comma-separated, then any
/// remaining bits in hex.
pub(crate) fn write_bits<T: Copy + Into<u32>>(
    f: &mut fmt::Formatter<'_>,
    bits: u32,
    names: &[(T, &str)],
) -> fmt::Result {
    let mut rest = bits;
    let mut first = true;
    for &(bit, name) in names {
        let bit: u32 = bit.into();
        if bit != 0 && rest & bit == bit {
            if !first {
                f.write_str(",")?;
            }
            first = false;
            f.write_str(name)?;
            rest &= !bit;
        }
    }
    if rest != 0 {
        if !first {
            f.write_str(",")?;
        }
        write!(f, "{rest:#x}")?;
    }
    Ok(())
}

/// `Display` for a value with an optional name: the name, or the number.
pub(crate) struct NameOr<T>(pub(crate) Option<&'static str>, pub(crate) T);

impl<T: fmt::Display> fmt::Display for NameOr<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => f.write_str(n),
            None => self.1.fmt(f),
        }
    }
}

/// `Display` for an address family: its name, or the number.
pub(crate) fn family_name(f: u8) -> NameOr<u8> {
    NameOr(family::name(f), f)
}

/// `Display` for `rtm_flags` as `ip route` names them: `RTM_F_*` and the `RTNH_F_*` of
/// the low byte, comma-separated (`linkdown,rt_offload`).
#[derive(Clone, Copy, Debug)]
pub struct RtmFlagsDisplay(pub u32);

impl fmt::Display for RtmFlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let low = self.0 & 0xff;
        write_bits(f, low, &rtnh_f::NAMES)?;
        let high = self.0 & !0xff;
        if low != 0 && high != 0 {
            f.write_str(",")?;
        }
        write_bits(f, high, &rtm_f::NAMES)
    }
}

/// `Display` for `rtnh_flags` (`RTNH_F_*`) as `ip route` names them (`onlink,linkdown`).
#[derive(Clone, Copy, Debug)]
pub struct RtnhFlagsDisplay(pub u8);

impl fmt::Display for RtnhFlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bits(f, u32::from(self.0), &rtnh_f::NAMES)
    }
}

// ---------------------------------------------------------------------------------------
// Decoded payloads.

/// `RTA_VIA`: a gateway with its own address family (`struct rtvia`), for IPv4 routes via
/// IPv6 gateways and MPLS routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Via<'a> {
    /// `rtvia_family` (`AF_INET`, `AF_INET6`, `AF_PACKET`, …).
    pub family: u16,
    /// `rtvia_addr`: the address bytes.
    pub addr: &'a [u8],
}

impl<'a> Via<'a> {
    /// Decodes an `RTA_VIA` payload (at least the 2-byte family).
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        let p = a.payload();
        match (p.first(), p.get(1), p.get(2..)) {
            (Some(&b0), Some(&b1), Some(addr)) => Ok(Self {
                family: u16::from_ne_bytes([b0, b1]),
                addr,
            }),
            _ => Err(payload_err(a, "rtvia", 2)),
        }
    }

    /// The address as an IP address, when the family is `AF_INET` with 4 bytes or
    /// `AF_INET6` with 16.
    #[inline]
    pub fn ip(&self) -> Option<IpAddr> {
        match (self.family, self.addr.len()) {
            (f, 4) if f == u16::from(family::INET) => {
                <[u8; 4]>::try_from(self.addr).ok().map(IpAddr::from)
            }
            (f, 16) if f == u16::from(family::INET6) => {
                <[u8; 16]>::try_from(self.addr).ok().map(IpAddr::from)
            }
            _ => None,
        }
    }
}

impl fmt::Display for Via<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fam = u8::try_from(self.family).ok();
        match (fam.and_then(family::name), self.ip()) {
            (Some(n), Some(ip)) => write!(f, "{n} {ip}"),
            (name, _) => {
                match name {
                    Some(n) => write!(f, "{n} ")?,
                    None => write!(f, "family {} ", self.family)?,
                }
                crate::fmt::hex(f, self.addr, 32)
            }
        }
    }
}

/// One MPLS label stack entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MplsLabel {
    /// The 20-bit label.
    pub label: u32,
    /// Traffic class (3 bits).
    pub tc: u8,
    /// Bottom of stack.
    pub bos: bool,
    /// TTL.
    pub ttl: u8,
}

impl MplsLabel {
    /// Decodes a label stack entry from its 4 wire bytes (big-endian).
    pub fn from_bytes(b: [u8; 4]) -> Self {
        Self {
            label: u32::from_be_bytes(b) >> 12,
            tc: (b[2] >> 1) & 7,
            bos: b[2] & 1 != 0,
            ttl: b[3],
        }
    }

    /// The 4 wire bytes (big-endian); the label is cut to 20 bits and the TC to 3.
    #[inline]
    pub fn to_bytes(&self) -> [u8; 4] {
        let v = ((self.label & 0xf_ffff) << 12)
            | (u32::from(self.tc & 7) << 9)
            | (u32::from(self.bos) << 8)
            | u32::from(self.ttl);
        v.to_be_bytes()
    }
}

/// An MPLS label stack (`RTA_NEWDST`, `MPLS_IPTUNNEL_DST`, `RTA_DST` of `AF_MPLS`):
/// iterates over the entries. Made by [`MplsLabels::parse`], which checks the length is a
/// non-zero multiple of 4.
#[derive(Clone, Debug)]
pub struct MplsLabels<'a> {
    rest: &'a [u8],
}

impl<'a> MplsLabels<'a> {
    /// The label stack in an attribute's payload.
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        let p = a.payload();
        if p.is_empty() || p.len() % 4 != 0 {
            return Err(payload_err(a, "mpls label stack (4 bytes per label)", 4));
        }
        Ok(Self { rest: p })
    }

    /// The raw bytes of the remaining entries.
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.rest
    }
}

impl Iterator for MplsLabels<'_> {
    type Item = MplsLabel;

    fn next(&mut self) -> Option<MplsLabel> {
        let (head, tail) = self.rest.split_first_chunk::<4>()?;
        self.rest = tail;
        Some(MplsLabel::from_bytes(*head))
    }
}

impl fmt::Display for MplsLabels<'_> {
    /// Labels joined with `/`, as `ip` prints them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, l) in self.clone().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{}", l.label)?;
        }
        Ok(())
    }
}

/// The `struct seg6_iptunnel_encap` of `SEG6_IPTUNNEL_SRH`: the mode and the segment
/// routing header, checked against its own lengths.
#[derive(Clone, Copy, Debug)]
pub struct Seg6Encap<'a> {
    /// `mode` (`SEG6_IPTUN_MODE_*`).
    pub mode: i32,
    /// The fixed part of the segment routing header.
    pub header: &'a Ipv6SrHdr,
    /// The whole SRH (`(hdrlen + 1) * 8` bytes, TLVs included).
    pub srh: &'a [u8],
    segments: &'a [u8],
}

impl<'a> Seg6Encap<'a> {
    /// Decodes an `SEG6_IPTUNNEL_SRH` payload.
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        let p = a.payload();
        let bad = |what| DecodeError::new(DecodeErrorKind::Invalid { what }, a.offset());
        let (mode, rest) = p
            .split_first_chunk::<4>()
            .ok_or_else(|| payload_err(a, "seg6_iptunnel_encap", 4 + Ipv6SrHdr::LEN))?;
        let (header, _) = Ipv6SrHdr::ref_from_prefix(rest)
            .map_err(|_| payload_err(a, "seg6_iptunnel_encap", 4 + Ipv6SrHdr::LEN))?;
        let srh_len = (usize::from(header.hdrlen) + 1) * 8;
        let srh = rest
            .get(..srh_len)
            .ok_or_else(|| bad("seg6 srh: hdrlen runs past the attribute"))?;
        let seg_len = (usize::from(header.first_segment) + 1) * 16;
        let segments = srh
            .get(Ipv6SrHdr::LEN..Ipv6SrHdr::LEN + seg_len)
            .ok_or_else(|| bad("seg6 srh: first_segment runs past hdrlen"))?;
        Ok(Self {
            mode: i32::from_ne_bytes(*mode),
            header,
            srh,
            segments,
        })
    }

    /// The segment list, in wire order (the last segment first).
    #[inline]
    pub fn segments(&self) -> impl Iterator<Item = Ipv6Addr> + 'a {
        self.segments
            .chunks_exact(16)
            .filter_map(|c| <[u8; 16]>::try_from(c).ok().map(Ipv6Addr::from))
    }
}

/// A decoded `RTA_ENCAP` (with its `RTA_ENCAP_TYPE`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Encap<'a> {
    /// `LWTUNNEL_ENCAP_MPLS`: labels to push and an optional TTL.
    Mpls {
        /// `MPLS_IPTUNNEL_DST`.
        labels: MplsLabels<'a>,
        /// `MPLS_IPTUNNEL_TTL`.
        ttl: Option<u8>,
    },
    /// `LWTUNNEL_ENCAP_SEG6`: SRv6 encapsulation.
    Seg6(Seg6Encap<'a>),
    /// Any other type: the raw nested attributes.
    Other {
        /// `RTA_ENCAP_TYPE`.
        encap_type: u16,
        /// The contents of `RTA_ENCAP`.
        attrs: Attrs<'a>,
    },
}

impl<'a> Encap<'a> {
    /// Decodes the contents of `encap` for `encap_type`.
    pub fn parse(encap_type: u16, encap: &Attr<'a>) -> Result<Self, DecodeError> {
        match encap_type {
            lwtunnel_encap::MPLS => {
                let mut labels = None;
                let mut ttl = None;
                for a in encap.nested() {
                    let a = a?;
                    match a.kind() {
                        mpls_iptunnel::DST => labels = Some(MplsLabels::parse(&a)?),
                        mpls_iptunnel::TTL => ttl = Some(a.u8()?),
                        _ => {}
                    }
                }
                let labels = labels.ok_or(DecodeError::new(
                    DecodeErrorKind::Invalid {
                        what: "MPLS encap without MPLS_IPTUNNEL_DST",
                    },
                    encap.offset(),
                ))?;
                Ok(Self::Mpls { labels, ttl })
            }
            lwtunnel_encap::SEG6 => match encap.nested().find(seg6_iptunnel::SRH)? {
                Some(srh) => Ok(Self::Seg6(Seg6Encap::parse(&srh)?)),
                None => Err(DecodeError::new(
                    DecodeErrorKind::Invalid {
                        what: "SEG6 encap without SEG6_IPTUNNEL_SRH",
                    },
                    encap.offset(),
                )),
            },
            _ => Ok(Self::Other {
                encap_type,
                attrs: encap.nested(),
            }),
        }
    }
}

fn payload_err(a: &Attr<'_>, expected: &'static str, needed: usize) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::AttrPayload {
            kind: a.kind(),
            expected,
            needed,
            got: a.payload().len(),
        },
        a.offset(),
    )
}

/// One metric of `RTA_METRICS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Metric<'a> {
    /// `RTAX_*`.
    pub kind: u16,
    /// The value.
    pub value: MetricValue<'a>,
}

/// The value of a metric: a `u32`, or the name for `RTAX_CC_ALGO`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricValue<'a> {
    /// Every metric but `RTAX_CC_ALGO`.
    U32(u32),
    /// `RTAX_CC_ALGO`.
    Str(&'a str),
}

// ---------------------------------------------------------------------------------------
// Multipath.

/// Iterator over the `struct rtnexthop` entries of an `RTA_MULTIPATH` payload.
///
/// Each item is a nexthop, or — once — an error for an `rtnh_len` under 8 or past the end
/// (or 1 to 7 trailing bytes), after which the iterator is done. Every step advances by at
/// least 8 bytes, so it always ends.
#[derive(Clone, Debug)]
pub struct Nexthops<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    failed: bool,
}

impl<'a> Nexthops<'a> {
    /// Iterates over the nexthops in `buf` (an `RTA_MULTIPATH` payload) that sits at byte
    /// `base` of the message.
    pub const fn new(buf: &'a [u8], base: usize) -> Self {
        Self {
            buf,
            pos: 0,
            base,
            failed: false,
        }
    }

    /// The nexthops of an `RTA_MULTIPATH` attribute.
    pub fn of(a: &Attr<'a>) -> Self {
        Self::new(a.payload(), a.payload_offset())
    }

    /// An iterator that yields nothing.
    pub const fn empty() -> Self {
        Self::new(&[], 0)
    }
}

impl<'a> Iterator for Nexthops<'a> {
    type Item = Result<Nexthop<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return None;
        }
        let offset = self.base.saturating_add(self.pos);
        let Ok((header, _)) = RtNexthop::ref_from_prefix(rest) else {
            self.failed = true;
            return Some(Err(DecodeError::truncated(
                "rtnexthop",
                RtNexthop::LEN,
                rest.len(),
                offset,
            )));
        };
        let len = usize::from(header.len.get());
        if len < RtNexthop::LEN {
            self.failed = true;
            return Some(Err(DecodeError::new(
                DecodeErrorKind::Invalid {
                    what: "rtnh_len (under the 8 bytes of struct rtnexthop)",
                },
                offset,
            )));
        }
        let Some(body) = rest.get(RtNexthop::LEN..len) else {
            self.failed = true;
            return Some(Err(DecodeError::truncated(
                "rtnexthop",
                len,
                rest.len(),
                offset,
            )));
        };
        self.pos = self.pos.saturating_add(align_sat(len)).min(self.buf.len());
        Some(Ok(Nexthop {
            header,
            attrs: body,
            offset,
        }))
    }
}

impl core::iter::FusedIterator for Nexthops<'_> {}

/// One nexthop of a multipath route: its `rtnexthop` and its attributes.
#[derive(Clone, Copy)]
pub struct Nexthop<'a> {
    header: &'a RtNexthop,
    attrs: &'a [u8],
    offset: usize,
}

impl<'a> Nexthop<'a> {
    /// The `rtnexthop`.
    #[inline]
    pub fn header(&self) -> &'a RtNexthop {
        self.header
    }

    /// Byte offset of the `rtnexthop` in the message.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// `rtnh_flags` (`RTNH_F_*`).
    #[inline]
    pub fn flags(&self) -> u8 {
        self.header.flags
    }

    /// `rtnh_hops` (the weight minus one).
    #[inline]
    pub fn hops(&self) -> u8 {
        self.header.hops
    }

    /// The weight, as `ip route` shows it (`rtnh_hops + 1`).
    #[inline]
    pub fn weight(&self) -> u16 {
        u16::from(self.header.hops) + 1
    }

    /// `rtnh_ifindex`.
    #[inline]
    pub fn ifindex(&self) -> i32 {
        self.header.ifindex.get()
    }

    /// The nexthop's attributes (`RTA_GATEWAY`, `RTA_VIA`, `RTA_ENCAP`, …).
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs::with_offset(self.attrs, self.offset.saturating_add(RtNexthop::LEN))
    }

    /// The nexthop's attribute of type `kind` (the last one if repeated).
    pub fn attr(&self, kind: u16) -> Result<Option<Attr<'a>>, DecodeError> {
        self.attrs().find(kind)
    }

    /// The gateway: `RTA_GATEWAY`, or else the IP address of `RTA_VIA`.
    #[inline]
    pub fn gateway(&self) -> Result<Option<IpAddr>, DecodeError> {
        if let Some(a) = self.attr(rta::GATEWAY)? {
            return a.ip().map(Some);
        }
        match self.attr(rta::VIA)? {
            Some(a) => Ok(Via::parse(&a)?.ip()),
            None => Ok(None),
        }
    }

    /// `RTA_VIA`.
    #[inline]
    pub fn via(&self) -> Result<Option<Via<'a>>, DecodeError> {
        self.attr(rta::VIA)?.map(|a| Via::parse(&a)).transpose()
    }

    /// `RTA_FLOW` (realms).
    #[inline]
    pub fn flow(&self) -> Result<Option<u32>, DecodeError> {
        self.attr(rta::FLOW)?.map(|a| a.u32()).transpose()
    }

    /// `RTA_NEWDST` (MPLS).
    #[inline]
    pub fn newdst(&self) -> Result<Option<MplsLabels<'a>>, DecodeError> {
        self.attr(rta::NEWDST)?
            .map(|a| MplsLabels::parse(&a))
            .transpose()
    }

    /// `RTA_ENCAP` decoded by `RTA_ENCAP_TYPE`.
    #[inline]
    pub fn encap(&self) -> Result<Option<Encap<'a>>, DecodeError> {
        let Some(encap) = self.attr(rta::ENCAP)? else {
            return Ok(None);
        };
        let t = self.attr(rta::ENCAP_TYPE)?.map(|a| a.u16()).transpose()?;
        Encap::parse(t.unwrap_or(lwtunnel_encap::NONE), &encap).map(Some)
    }
}

impl fmt::Debug for Nexthop<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Nexthop")
            .field("ifindex", &self.ifindex())
            .field("weight", &self.weight())
            .field(
                "flags",
                &format_args!("<{}>", RtnhFlagsDisplay(self.flags())),
            )
            .field("gateway", &self.gateway().ok().flatten())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------
// Dissector printers.

fn fmt_table(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(t) = a.u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", NameOr(rt_table::name(t), t)))?;
    Ok(true)
}

fn fmt_pref(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(p) = a.u8() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", NameOr(router_pref::name(p), p)))?;
    Ok(true)
}

fn fmt_encap_type(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(t) = a.u16() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", NameOr(lwtunnel_encap::name(t), t)))?;
    Ok(true)
}

fn fmt_be64(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(v) = a.be_u64() else { return Ok(false) };
    d.write_fmt(format_args!(" {v}"))?;
    Ok(true)
}

fn fmt_via(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(via) = Via::parse(a) else {
        return Ok(false);
    };
    let inet = via.family == u16::from(family::INET) || via.family == u16::from(family::INET6);
    if inet && via.ip().is_none() {
        return Ok(false);
    }
    d.write_fmt(format_args!(" {via}"))?;
    Ok(true)
}

fn fmt_labels(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(labels) = MplsLabels::parse(a) else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" {labels}"))?;
    Ok(true)
}

fn fmt_rta_cacheinfo(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(ci) = a.view_prefix::<RtaCacheInfo>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " clntref {} lastuse {} expires {} error {} used {} id {} ts {} tsage {}",
        ci.clntref.get(),
        ci.lastuse.get(),
        ci.expires.get(),
        ci.error.get(),
        ci.used.get(),
        ci.id.get(),
        ci.ts.get(),
        ci.tsage.get()
    ))?;
    Ok(true)
}

fn fmt_seg6_srh(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(e) = Seg6Encap::parse(a) else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " mode {} segs {} [",
        NameOr(seg6_mode::name(e.mode), e.mode),
        e.segments().count()
    ))?;
    for (i, s) in e.segments().enumerate() {
        if i > 0 {
            d.write_fmt(format_args!(" "))?;
        }
        d.write_fmt(format_args!("{s}"))?;
    }
    d.write_fmt(format_args!("]"))?;
    Ok(true)
}

/// The attribute set of an `RTA_ENCAP` (or `NHA_ENCAP`) nest for `encap_type`: MPLS,
/// SRv6, IP and IPv6 encapsulations; `None` for the types kept raw.
pub fn encap_set(encap_type: u16) -> Option<&'static AttrSet> {
    match encap_type {
        lwtunnel_encap::MPLS => Some(&MPLS_IPTUNNEL),
        lwtunnel_encap::SEG6 => Some(&SEG6_IPTUNNEL),
        lwtunnel_encap::IP => Some(&LWTUNNEL_IP),
        lwtunnel_encap::IP6 => Some(&LWTUNNEL_IP6),
        _ => None,
    }
}

/// Dissects an encapsulation nest whose `LWTUNNEL_ENCAP_*` type is in the sibling
/// attribute `type_kind` (`RTA_ENCAP_TYPE` in routes, `NHA_ENCAP_TYPE` in nexthop
/// objects), for use in a [`Value::Custom`] printer. Types without a set are printed raw
/// (and still count as understood); a nest that does not frame is `Ok(false)`.
pub fn dissect_encap(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    siblings: &Attrs<'_>,
    type_kind: u16,
) -> Result<bool, fmt::Error> {
    let t = siblings
        .clone()
        .find(type_kind)
        .ok()
        .flatten()
        .and_then(|t| t.u16().ok());
    match t.and_then(encap_set) {
        Some(set) => {
            if a.nested().validate().is_err() {
                return Ok(false);
            }
            d.nested(a, set)?;
        }
        None => {
            d.write_fmt(format_args!(" "))?;
            d.hex(a.payload())?;
        }
    }
    Ok(true)
}

fn fmt_encap(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    siblings: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    dissect_encap(d, a, siblings, rta::ENCAP_TYPE)
}

fn fmt_multipath(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    for nh in Nexthops::of(a) {
        match nh {
            Ok(nh) if nh.attrs().validate().is_ok() => {}
            _ => return Ok(false),
        }
    }
    d.deeper(|d| {
        for nh in Nexthops::of(a).flatten() {
            d.line()?;
            d.write_fmt(format_args!(
                "nexthop weight {} ifindex {} flags <{}>",
                nh.weight(),
                nh.ifindex(),
                RtnhFlagsDisplay(nh.flags())
            ))?;
            d.deeper(|d| d.attrs(nh.attrs(), &RTA))?;
        }
        Ok(())
    })?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------
// The view.

const SLOTS: usize = RTA_MAX as usize + 1;

/// A route message (`RTM_NEWROUTE`, `RTM_DELROUTE`, or a `RTM_GETROUTE` request) with its
/// attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute and its offset) when it is present but malformed; a malformed attribute
/// does not affect the others.
pub type RouteMsg<'a> = super::View<'a, RtMsg, SLOTS>;

impl<'a> RouteMsg<'a> {
    /// `rtm_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `rtm_dst_len`.
    #[inline]
    pub fn dst_len(&self) -> u8 {
        self.header.dst_len
    }

    /// `rtm_src_len`.
    #[inline]
    pub fn src_len(&self) -> u8 {
        self.header.src_len
    }

    /// `rtm_tos`.
    #[inline]
    pub fn tos(&self) -> u8 {
        self.header.tos
    }

    /// `rtm_table` as sent: [`rt_table::COMPAT`] for ids above 255. See [`Self::table`].
    #[inline]
    pub fn header_table(&self) -> u8 {
        self.header.table
    }

    /// `rtm_protocol` (`RTPROT_*`).
    #[inline]
    pub fn protocol(&self) -> u8 {
        self.header.protocol
    }

    /// `rtm_scope` (`RT_SCOPE_*`).
    #[inline]
    pub fn scope(&self) -> u8 {
        self.header.scope
    }

    /// `rtm_type` (`RTN_*`).
    #[inline]
    pub fn route_type(&self) -> u8 {
        self.header.route_type
    }

    /// `rtm_flags` (`RTM_F_*` and `RTNH_F_*`).
    #[inline]
    pub fn flags(&self) -> u32 {
        self.header.flags.get()
    }

    /// The table id: `RTA_TABLE` when present, else `rtm_table`.
    #[inline]
    pub fn table(&self) -> Result<u32, DecodeError> {
        Ok(self
            .tb
            .u32(rta::TABLE)?
            .unwrap_or(u32::from(self.header.table)))
    }

    getters! {
        /// `RTA_DST`.
        dst: rta::DST => ip -> IpAddr;
        /// `RTA_SRC`.
        src: rta::SRC => ip -> IpAddr;
        /// `RTA_GATEWAY` (see also [`Self::via`]).
        gateway: rta::GATEWAY => ip -> IpAddr;
        /// `RTA_PREFSRC`.
        prefsrc: rta::PREFSRC => ip -> IpAddr;
        /// `RTA_OIF`.
        oif: rta::OIF => u32 -> u32;
        /// `RTA_IIF`.
        iif: rta::IIF => u32 -> u32;
        /// `RTA_PRIORITY` (the `metric` of `ip route`).
        priority: rta::PRIORITY => u32 -> u32;
        /// `RTA_MARK`.
        mark: rta::MARK => u32 -> u32;
        /// `RTA_NH_ID`.
        nh_id: rta::NH_ID => u32 -> u32;
        /// `RTA_UID`.
        uid: rta::UID => u32 -> u32;
        /// `RTA_FLOW` (realms).
        flow: rta::FLOW => u32 -> u32;
        /// `RTA_PREF` (`ICMPV6_ROUTER_PREF_*`).
        pref: rta::PREF => u8 -> u8;
        /// `RTA_EXPIRES` (4 or 8 bytes; see [`rta::EXPIRES`]).
        expires: rta::EXPIRES => uint -> u64;
        /// `RTA_ENCAP_TYPE` (`LWTUNNEL_ENCAP_*`).
        encap_type: rta::ENCAP_TYPE => u16 -> u16;
        /// `RTA_TTL_PROPAGATE`.
        ttl_propagate: rta::TTL_PROPAGATE => u8 -> u8;
        /// `RTA_IP_PROTO`.
        ip_proto: rta::IP_PROTO => u8 -> u8;
        /// `RTA_SPORT` (host order).
        sport: rta::SPORT => be_u16 -> u16;
        /// `RTA_DPORT` (host order).
        dport: rta::DPORT => be_u16 -> u16;
        /// `RTA_FLOWLABEL` (host order).
        flowlabel: rta::FLOWLABEL => be_u32 -> u32;
    }

    /// `RTA_CACHEINFO`.
    #[inline]
    pub fn cacheinfo(&self) -> Result<Option<&'a RtaCacheInfo>, DecodeError> {
        self.tb
            .get(rta::CACHEINFO)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// `RTA_MFC_STATS`.
    #[inline]
    pub fn mfc_stats(&self) -> Result<Option<&'a RtaMfcStats>, DecodeError> {
        self.tb
            .get(rta::MFC_STATS)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// `RTA_VIA`.
    #[inline]
    pub fn via(&self) -> Result<Option<Via<'a>>, DecodeError> {
        self.tb.get(rta::VIA).map(|a| Via::parse(&a)).transpose()
    }

    /// `RTA_NEWDST` (MPLS routes).
    #[inline]
    pub fn newdst(&self) -> Result<Option<MplsLabels<'a>>, DecodeError> {
        self.tb
            .get(rta::NEWDST)
            .map(|a| MplsLabels::parse(&a))
            .transpose()
    }

    /// `RTA_ENCAP` decoded by `RTA_ENCAP_TYPE`.
    #[inline]
    pub fn encap(&self) -> Result<Option<Encap<'a>>, DecodeError> {
        let Some(encap) = self.tb.get(rta::ENCAP) else {
            return Ok(None);
        };
        let t = self.encap_type()?.unwrap_or(lwtunnel_encap::NONE);
        Encap::parse(t, &encap).map(Some)
    }

    /// The metrics of `RTA_METRICS` in wire order (nothing if absent); a framing or size
    /// error is yielded once and ends the iteration.
    #[inline]
    pub fn metrics(&self) -> impl Iterator<Item = Result<Metric<'a>, DecodeError>> + 'a {
        let attrs = self.tb.get(rta::METRICS).map(|a| a.nested());
        let mut failed = false;
        attrs.into_iter().flatten().map_while(move |r| {
            if failed {
                return None;
            }
            let item = r.and_then(|a| {
                let value = if a.kind() == rtax::CC_ALGO {
                    MetricValue::Str(a.str()?)
                } else {
                    MetricValue::U32(a.u32()?)
                };
                Ok(Metric {
                    kind: a.kind(),
                    value,
                })
            });
            failed = item.is_err();
            Some(item)
        })
    }

    /// The `u32` metric `kind` (`RTAX_MTU`, …) from `RTA_METRICS`.
    pub fn metric(&self, kind: u16) -> Result<Option<u32>, DecodeError> {
        match self.tb.get(rta::METRICS) {
            Some(m) => m.nested().find(kind)?.map(|a| a.u32()).transpose(),
            None => Ok(None),
        }
    }

    /// `RTA_METRICS` → `RTAX_MTU`.
    #[inline]
    pub fn mtu(&self) -> Result<Option<u32>, DecodeError> {
        self.metric(rtax::MTU)
    }

    /// `RTA_METRICS` → `RTAX_CC_ALGO`.
    #[inline]
    pub fn cc_algo(&self) -> Result<Option<&'a str>, DecodeError> {
        match self.tb.get(rta::METRICS) {
            Some(m) => m.nested().find(rtax::CC_ALGO)?.map(|a| a.str()).transpose(),
            None => Ok(None),
        }
    }

    /// The nexthops of `RTA_MULTIPATH` (nothing if absent).
    #[inline]
    pub fn multipath(&self) -> Nexthops<'a> {
        match self.tb.get(rta::MULTIPATH) {
            Some(a) => Nexthops::of(&a),
            None => Nexthops::empty(),
        }
    }

    /// Whether the route has `RTA_MULTIPATH`.
    #[inline]
    pub fn is_multipath(&self) -> bool {
        self.tb.get(rta::MULTIPATH).is_some()
    }
}

impl fmt::Debug for RouteMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteMsg")
            .field("family", &self.family())
            .field("dst", &self.dst().ok().flatten())
            .field("dst_len", &self.dst_len())
            .field("table", &self.table().ok())
            .field("type", &self.route_type())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for RouteMsg<'_> {
    /// A dissection: header line, the `rtmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        let h = self.header;
        write!(
            f,
            "\n  rtmsg family {} dst_len {} src_len {} tos {} table {} protocol {} scope {} type {} flags <{}>",
            family_name(h.family),
            h.dst_len,
            h.src_len,
            h.tos,
            NameOr(rt_table::name(u32::from(h.table)), h.table),
            NameOr(rtprot::name(h.protocol), h.protocol),
            NameOr(rt_scope::name(h.scope), h.scope),
            NameOr(rtn::name(h.route_type), h.route_type),
            RtmFlagsDisplay(h.flags.get())
        )?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &RTA)
    }
}

// ---------------------------------------------------------------------------------------
// Writers.

/// Starts a route message (`RTM_NEWROUTE`, `RTM_DELROUTE`, `RTM_GETROUTE`) with the given
/// `rtmsg`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &RtMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// The address family of `ip` (`AF_INET` or `AF_INET6`).
pub fn family_of(ip: &IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => family::INET,
        IpAddr::V6(_) => family::INET6,
    }
}

/// `rtm_table` for table id `t`: itself when it fits a byte, else `RT_TABLE_UNSPEC`
/// (then `RTA_TABLE` carries it).
fn header_table(t: u32) -> u8 {
    u8::try_from(t).unwrap_or(0)
}

/// What a route dump asks the kernel to filter on; zero fields do not filter. The kernel
/// only applies the filter on a socket with `NETLINK_GET_STRICT_CHK` enabled (it then
/// answers with `NLM_F_DUMP_FILTERED`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteDumpFilter {
    /// `rtm_family` (`AF_UNSPEC`: all).
    pub family: u8,
    /// Table id (in `rtm_table` if it fits a byte, else in `RTA_TABLE`).
    pub table: u32,
    /// `rtm_protocol` (`RTPROT_*`).
    pub protocol: u8,
    /// `rtm_type` (`RTN_*`).
    pub route_type: u8,
    /// Output interface (`RTA_OIF`).
    pub oif: u32,
    /// Dump the route cache (`RTM_F_CLONED`) instead of the FIB.
    pub cloned: bool,
}

/// Writes an `RTM_GETROUTE` dump request with `filter` (see [`RouteDumpFilter`]).
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    filter: &RouteDumpFilter,
) -> Result<usize, EncodeError> {
    let hdr = RtMsg {
        family: filter.family,
        table: header_table(filter.table),
        protocol: filter.protocol,
        route_type: filter.route_type,
        flags: U32::new(if filter.cloned { rtm_f::CLONED } else { 0 }),
        ..RtMsg::default()
    };
    let mut b = message(buf, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP, seq, &hdr)?;
    if filter.table > 255 {
        b.put_u32(rta::TABLE, filter.table)?;
    }
    if filter.oif != 0 {
        b.put_u32(rta::OIF, filter.oif)?;
    }
    Ok(b.finish())
}

/// A route lookup (`ip route get`): what to resolve and the packet's other properties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteQuery {
    /// `rtm_family`; 0 takes it from `dst` (or `src`), else `AF_INET`.
    pub family: u8,
    /// Destination (`RTA_DST`, with `rtm_dst_len` the full address length).
    pub dst: Option<IpAddr>,
    /// Source (`RTA_SRC`, with `rtm_src_len` the full address length).
    pub src: Option<IpAddr>,
    /// Input interface (`RTA_IIF`), 0 for none: look up as if received there.
    pub iif: u32,
    /// Output interface (`RTA_OIF`), 0 for none.
    pub oif: u32,
    /// Firewall mark (`RTA_MARK`).
    pub mark: Option<u32>,
    /// User id (`RTA_UID`).
    pub uid: Option<u32>,
    /// IP protocol (`RTA_IP_PROTO`).
    pub ip_proto: Option<u8>,
    /// Source port (`RTA_SPORT`).
    pub sport: Option<u16>,
    /// Destination port (`RTA_DPORT`).
    pub dport: Option<u16>,
    /// IPv6 flow label (`RTA_FLOWLABEL`).
    pub flowlabel: Option<u32>,
    /// `rtm_flags`: `RTM_F_FIB_MATCH`, `RTM_F_LOOKUP_TABLE`, `RTM_F_NOTIFY`.
    pub flags: u32,
}

impl RouteQuery {
    /// A lookup of `dst`.
    pub fn to(dst: IpAddr) -> Self {
        Self {
            dst: Some(dst),
            ..Self::default()
        }
    }
}

fn full_len(ip: &IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// Writes an `RTM_GETROUTE` request that resolves a route (`ip route get`); the kernel
/// answers with one `RTM_NEWROUTE`.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    q: &RouteQuery,
) -> Result<usize, EncodeError> {
    let family = match (q.family, q.dst.or(q.src)) {
        (0, Some(ip)) => family_of(&ip),
        (0, None) => family::INET,
        (f, _) => f,
    };
    let hdr = RtMsg {
        family,
        dst_len: q.dst.as_ref().map_or(0, full_len),
        src_len: q.src.as_ref().map_or(0, full_len),
        flags: U32::new(q.flags),
        ..RtMsg::default()
    };
    let mut b = message(buf, rtm::GETROUTE, Flags::REQUEST, seq, &hdr)?;
    if let Some(ip) = q.dst {
        b.put_ip(rta::DST, ip)?;
    }
    if let Some(ip) = q.src {
        b.put_ip(rta::SRC, ip)?;
    }
    if q.iif != 0 {
        b.put_u32(rta::IIF, q.iif)?;
    }
    if q.oif != 0 {
        b.put_u32(rta::OIF, q.oif)?;
    }
    if let Some(v) = q.mark {
        b.put_u32(rta::MARK, v)?;
    }
    if let Some(v) = q.uid {
        b.put_u32(rta::UID, v)?;
    }
    if let Some(v) = q.ip_proto {
        b.put_u8(rta::IP_PROTO, v)?;
    }
    if let Some(v) = q.sport {
        b.put_be16(rta::SPORT, v)?;
    }
    if let Some(v) = q.dport {
        b.put_be16(rta::DPORT, v)?;
    }
    if let Some(v) = q.flowlabel {
        b.put_be32(rta::FLOWLABEL, v)?;
    }
    Ok(b.finish())
}

/// One path of a multipath route to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NexthopSpec {
    /// Gateway (`RTA_GATEWAY`, or `RTA_VIA` when its family differs from the route's).
    pub gateway: Option<IpAddr>,
    /// Output interface (`rtnh_ifindex`).
    pub ifindex: i32,
    /// Weight, 1 to 256 (0 is taken as 1).
    pub weight: u16,
    /// `rtnh_flags` (`RTNH_F_ONLINK`, …).
    pub flags: u8,
}

/// A route to add, replace, append or delete. Start from [`RouteSpec::to`] or
/// [`RouteSpec::default_route`] and set fields with struct-update syntax.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteSpec<'a> {
    /// `rtm_family`; 0 takes it from `dst`, `gateway`, `prefsrc` or the first nexthop's
    /// gateway, else `AF_INET`.
    pub family: u8,
    /// Destination prefix (`RTA_DST`); `None` for a default route.
    pub dst: Option<IpAddr>,
    /// `rtm_dst_len`.
    pub dst_len: u8,
    /// Gateway (`RTA_GATEWAY`, or `RTA_VIA` when its family differs from the route's).
    pub gateway: Option<IpAddr>,
    /// Output interface (`RTA_OIF`), 0 for none.
    pub oif: u32,
    /// Table id; 0 means `RT_TABLE_MAIN`. Ids above 255 go in `RTA_TABLE`.
    pub table: u32,
    /// `RTA_PRIORITY` (the `metric` of `ip route`).
    pub priority: Option<u32>,
    /// Preferred source address (`RTA_PREFSRC`, the `src` of `ip route`).
    pub prefsrc: Option<IpAddr>,
    /// `rtm_scope`; `None` chooses as `ip route` does (host for local/nat, link for
    /// broadcast/multicast/anycast and for unicast routes without a gateway, global
    /// otherwise; nowhere when deleting).
    pub scope: Option<u8>,
    /// `rtm_protocol`; `None` is `RTPROT_BOOT` (unspecified when deleting).
    pub protocol: Option<u8>,
    /// `rtm_type`; `None` is `RTN_UNICAST` (unspecified when deleting).
    pub route_type: Option<u8>,
    /// `rtm_flags` (`RTNH_F_ONLINK` for an on-link gateway, …).
    pub flags: u32,
    /// Multipath nexthops (`RTA_MULTIPATH`); empty for a single path.
    pub nexthops: &'a [NexthopSpec],
    /// A nexthop object (`RTA_NH_ID`).
    pub nh_id: Option<u32>,
    /// Path MTU (`RTA_METRICS` → `RTAX_MTU`).
    pub mtu: Option<u32>,
    /// MPLS labels to push (`RTA_ENCAP_TYPE` MPLS, `RTA_ENCAP` → `MPLS_IPTUNNEL_DST`);
    /// empty for none. At most 30 labels (the kernel's limit).
    pub mpls_encap: &'a [u32],
}

impl RouteSpec<'_> {
    /// A route to `dst`/`dst_len`.
    pub fn to(dst: IpAddr, dst_len: u8) -> Self {
        Self {
            dst: Some(dst),
            dst_len,
            ..Self::default()
        }
    }

    /// A default route of `family`.
    pub fn default_route(family: u8) -> Self {
        Self {
            family,
            ..Self::default()
        }
    }

    fn resolved_family(&self) -> u8 {
        if self.family != 0 {
            return self.family;
        }
        self.dst
            .or(self.gateway)
            .or(self.prefsrc)
            .or(self.nexthops.iter().find_map(|n| n.gateway))
            .map_or(family::INET, |ip| family_of(&ip))
    }
}

/// Bytes an `RTA_GATEWAY`/`RTA_VIA` for `gw` takes in a route of `family`, padding
/// included.
fn gateway_attr_space(family: u8, gw: &IpAddr) -> usize {
    let addr = match gw {
        IpAddr::V4(_) => 4,
        IpAddr::V6(_) => 16,
    };
    let via = if family_of(gw) == family { 0 } else { 2 };
    align_sat(4 + via + addr)
}

fn put_gateway<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    family: u8,
    gw: IpAddr,
) -> Result<(), EncodeError> {
    if family_of(&gw) == family {
        return b.put_ip(rta::GATEWAY, gw);
    }
    let fam = u16::from(family_of(&gw)).to_ne_bytes();
    match gw {
        IpAddr::V4(a) => b.put_parts(rta::VIA, &[&fam, &a.octets()]),
        IpAddr::V6(a) => b.put_parts(rta::VIA, &[&fam, &a.octets()]),
    }
}

/// Appends an MPLS label stack attribute (`RTA_NEWDST`, `MPLS_IPTUNNEL_DST`, …) with the
/// bottom-of-stack bit on the last label. At most 30 labels.
pub fn put_mpls_labels<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    kind: u16,
    labels: &[u32],
) -> Result<(), EncodeError> {
    const MAX: usize = 30;
    let mut tmp = [0u8; MAX * 4];
    if labels.len() > MAX {
        return Err(EncodeError::AttrTooLong {
            kind,
            len: 4 + labels.len().saturating_mul(4),
        });
    }
    for (i, (l, out)) in labels.iter().zip(tmp.chunks_exact_mut(4)).enumerate() {
        let e = MplsLabel {
            label: *l,
            tc: 0,
            bos: i + 1 == labels.len(),
            ttl: 0,
        };
        out.copy_from_slice(&e.to_bytes());
    }
    b.put(kind, &tmp[..labels.len() * 4])
}

/// Writes an `RTM_NEWROUTE` or `RTM_DELROUTE` for `r` with the given message flags (the
/// add/replace/append/delete requests below call this).
pub fn route_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    kind: MessageType,
    flags: Flags,
    r: &RouteSpec<'_>,
) -> Result<usize, EncodeError> {
    let delete = kind == rtm::DELROUTE;
    let family = r.resolved_family();
    let route_type = r
        .route_type
        .unwrap_or(if delete { rtn::UNSPEC } else { rtn::UNICAST });
    let scope = r.scope.unwrap_or(match route_type {
        _ if delete => rt_scope::NOWHERE,
        rtn::LOCAL | rtn::NAT => rt_scope::HOST,
        rtn::BROADCAST | rtn::MULTICAST | rtn::ANYCAST => rt_scope::LINK,
        rtn::UNICAST | rtn::UNSPEC
            if r.gateway.is_none() && r.nexthops.is_empty() && r.nh_id.is_none() =>
        {
            rt_scope::LINK
        }
        _ => rt_scope::UNIVERSE,
    });
    let table = if r.table == 0 {
        rt_table::MAIN
    } else {
        r.table
    };
    let hdr = RtMsg {
        family,
        dst_len: r.dst_len,
        table: header_table(table),
        protocol: r
            .protocol
            .unwrap_or(if delete { rtprot::UNSPEC } else { rtprot::BOOT }),
        scope,
        route_type,
        flags: U32::new(r.flags),
        ..RtMsg::default()
    };
    let mut b = message(buf, kind, flags, seq, &hdr)?;
    b.grouped(|b| {
        if table > 255 {
            b.put_u32(rta::TABLE, table)?;
        }
        if let Some(dst) = r.dst {
            b.put_ip(rta::DST, dst)?;
        }
        if let Some(p) = r.priority {
            b.put_u32(rta::PRIORITY, p)?;
        }
        if let Some(src) = r.prefsrc {
            b.put_ip(rta::PREFSRC, src)?;
        }
        if let Some(gw) = r.gateway {
            put_gateway(b, family, gw)?;
        }
        if r.oif != 0 {
            b.put_u32(rta::OIF, r.oif)?;
        }
        if let Some(id) = r.nh_id {
            b.put_u32(rta::NH_ID, id)?;
        }
        if let Some(mtu) = r.mtu {
            b.nest_noflag(rta::METRICS, |b| b.put_u32(rtax::MTU, mtu))?;
        }
        if !r.mpls_encap.is_empty() {
            b.put_u16(rta::ENCAP_TYPE, lwtunnel_encap::MPLS)?;
            b.nest(rta::ENCAP, |b| {
                put_mpls_labels(b, mpls_iptunnel::DST, r.mpls_encap)
            })?;
        }
        if !r.nexthops.is_empty() {
            b.nest_noflag(rta::MULTIPATH, |b| {
                for nh in r.nexthops {
                    let gw_space = nh
                        .gateway
                        .as_ref()
                        .map_or(0, |g| gateway_attr_space(family, g));
                    let len = RtNexthop::LEN + gw_space;
                    let hdr = RtNexthop {
                        len: U16::new(u16::try_from(len).unwrap_or(u16::MAX)),
                        flags: nh.flags,
                        hops: u8::try_from(nh.weight.saturating_sub(1)).unwrap_or(u8::MAX),
                        ifindex: I32::new(nh.ifindex),
                    };
                    b.put_header(&hdr)?;
                    if let Some(gw) = nh.gateway {
                        put_gateway(b, family, gw)?;
                    }
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(b.finish())
}

/// Writes an `RTM_NEWROUTE` that adds `r` (`ip route add`: `CREATE | EXCL | ACK`).
pub fn add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    r: &RouteSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    route_request(buf, seq, rtm::NEWROUTE, flags, r)
}

/// Writes an `RTM_NEWROUTE` that adds or replaces `r` (`ip route replace`:
/// `CREATE | REPLACE | ACK`).
pub fn replace_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    r: &RouteSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::REPLACE;
    route_request(buf, seq, rtm::NEWROUTE, flags, r)
}

/// Writes an `RTM_NEWROUTE` that appends `r` after existing routes to the same prefix
/// (`ip route append`: `CREATE | APPEND | ACK`).
pub fn append_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    r: &RouteSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::APPEND;
    route_request(buf, seq, rtm::NEWROUTE, flags, r)
}

/// Writes an `RTM_DELROUTE` for `r` (`ip route del`: `ACK`). Unset fields match any
/// route.
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    r: &RouteSpec<'_>,
) -> Result<usize, EncodeError> {
    route_request(buf, seq, rtm::DELROUTE, Flags::REQUEST | Flags::ACK, r)
}

impl super::FamilyHeader for RtMsg {
    const LEN: usize = RtMsg::LEN;

    #[inline]
    fn ip_v6(&self) -> bool {
        self.family == super::family::INET6
    }
}
