//! Links: `ifinfomsg`, `IFLA_*` attributes (every one Linux 6.18 defines), link flags,
//! operational states, `IFLA_LINKINFO` with per-kind data, a typed view and request
//! writers.
//!
//! ```
//! use nlwire_codec::rtnl::link::{self, IfInfoMsg, LinkMsg, ifla};
//! use nlwire_codec::{Builder, Flags, Messages, SliceBuf};
//!
//! // What the kernel would send for `lo` (built here with the request writer).
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let hdr = IfInfoMsg::new(0, 1).with_flags(link::iff::UP | link::iff::LOOPBACK);
//! let mut b = link::message(&mut buf, nlwire_codec::rtnl::rtm::NEWLINK, Flags::MULTI, 1, &hdr)?;
//! b.put_str(ifla::IFNAME, "lo")?;
//! b.put_u32(ifla::MTU, 65536)?;
//! b.put_u8(ifla::OPERSTATE, link::operstate::UNKNOWN)?;
//! b.finish();
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let lo = LinkMsg::parse(&msg)?;
//! assert_eq!(lo.index(), 1);
//! assert_eq!(lo.name()?, Some("lo"));
//! assert_eq!(lo.mtu()?, Some(65536));
//! assert!(lo.is_up());
//! assert_eq!(lo.to_string().lines().next(), Some("RTM_NEWLINK flags MULTI seq 1 pid 0"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

use zerocopy::byteorder::native_endian::{I32, U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{AttrSet, Dissector, Value};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct ifinfomsg`: the family header of link messages.
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
pub struct IfInfoMsg {
    /// `ifi_family` (`AF_UNSPEC` for most requests).
    pub family: u8,
    /// Padding.
    pub pad: u8,
    /// `ifi_type`: the ARPHRD link type.
    pub link_type: U16,
    /// `ifi_index`: the interface index (0 in requests that name the link).
    pub index: I32,
    /// `ifi_flags`: `IFF_*` flags.
    pub flags: U32,
    /// `ifi_change`: which flags a request changes (or which changed, in a notification).
    pub change: U32,
}

impl IfInfoMsg {
    /// Size on the wire.
    pub const LEN: usize = 16;

    /// A header for `family` and interface `index`, no flags.
    pub fn new(family: u8, index: i32) -> Self {
        Self {
            family,
            index: I32::new(index),
            ..Self::default()
        }
    }

    /// The same header with `ifi_flags` set to `flags` and `ifi_change` to all ones
    /// (meaning the flags replace the current ones).
    #[must_use]
    pub fn with_flags(mut self, flags: u32) -> Self {
        self.flags = U32::new(flags);
        self
    }

    /// The same header asking to set (`on`) or clear the bits of `mask` only.
    #[must_use]
    pub fn with_change(mut self, mask: u32, on: bool) -> Self {
        self.flags = U32::new(if on { mask } else { 0 });
        self.change = U32::new(mask);
        self
    }
}

/// Interface flags (`IFF_*`) in `ifi_flags`.
pub mod iff {
    /// Interface is up (administratively).
    pub const UP: u32 = 1 << 0;
    /// Broadcast address valid.
    pub const BROADCAST: u32 = 1 << 1;
    /// Debugging.
    pub const DEBUG: u32 = 1 << 2;
    /// Loopback.
    pub const LOOPBACK: u32 = 1 << 3;
    /// Point-to-point link.
    pub const POINTOPOINT: u32 = 1 << 4;
    /// Avoid use of trailers.
    pub const NOTRAILERS: u32 = 1 << 5;
    /// Operationally running (carrier and up).
    pub const RUNNING: u32 = 1 << 6;
    /// No ARP.
    pub const NOARP: u32 = 1 << 7;
    /// Promiscuous mode.
    pub const PROMISC: u32 = 1 << 8;
    /// Receive all multicast.
    pub const ALLMULTI: u32 = 1 << 9;
    /// Bonding master.
    pub const MASTER: u32 = 1 << 10;
    /// Bonding slave.
    pub const SLAVE: u32 = 1 << 11;
    /// Supports multicast.
    pub const MULTICAST: u32 = 1 << 12;
    /// Can set media type.
    pub const PORTSEL: u32 = 1 << 13;
    /// Auto media select.
    pub const AUTOMEDIA: u32 = 1 << 14;
    /// Dial-up with changing addresses.
    pub const DYNAMIC: u32 = 1 << 15;
    /// Driver signals L1 up.
    pub const LOWER_UP: u32 = 1 << 16;
    /// Driver signals dormant.
    pub const DORMANT: u32 = 1 << 17;
    /// Echo sent packets.
    pub const ECHO: u32 = 1 << 18;

    /// Flag names in the order `ip link` prints them.
    pub const NAMES: [(u32, &str); 18] = [
        (LOOPBACK, "LOOPBACK"),
        (BROADCAST, "BROADCAST"),
        (POINTOPOINT, "POINTOPOINT"),
        (MULTICAST, "MULTICAST"),
        (NOARP, "NOARP"),
        (ALLMULTI, "ALLMULTI"),
        (PROMISC, "PROMISC"),
        (NOTRAILERS, "NOTRAILERS"),
        (DEBUG, "DEBUG"),
        (DYNAMIC, "DYNAMIC"),
        (AUTOMEDIA, "AUTOMEDIA"),
        (PORTSEL, "PORTSEL"),
        (MASTER, "MASTER"),
        (SLAVE, "SLAVE"),
        (UP, "UP"),
        (LOWER_UP, "LOWER_UP"),
        (DORMANT, "DORMANT"),
        (ECHO, "ECHO"),
    ];
}

/// Operational states (`IF_OPER_*`, RFC 2863) in `IFLA_OPERSTATE`.
pub mod operstate {
    /// `IF_OPER_UNKNOWN`.
    pub const UNKNOWN: u8 = 0;
    /// `IF_OPER_NOTPRESENT`.
    pub const NOTPRESENT: u8 = 1;
    /// `IF_OPER_DOWN`.
    pub const DOWN: u8 = 2;
    /// `IF_OPER_LOWERLAYERDOWN`.
    pub const LOWERLAYERDOWN: u8 = 3;
    /// `IF_OPER_TESTING`.
    pub const TESTING: u8 = 4;
    /// `IF_OPER_DORMANT`.
    pub const DORMANT: u8 = 5;
    /// `IF_OPER_UP`.
    pub const UP: u8 = 6;

    /// The state's name as `ip` prints it (`"UP"`, `"LOWERLAYERDOWN"`).
    pub const fn name(s: u8) -> Option<&'static str> {
        const N: [&str; 7] = [
            "UNKNOWN",
            "NOTPRESENT",
            "DOWN",
            "LOWERLAYERDOWN",
            "TESTING",
            "DORMANT",
            "UP",
        ];
        if (s as usize) < N.len() {
            Some(N[s as usize])
        } else {
            None
        }
    }
}

/// `ARPHRD_*` link types in `ifi_type`, with the names `ip` uses (`link/ether`).
pub mod arphrd {
    /// `ARPHRD_NETROM`.
    pub const NETROM: u16 = 0;
    /// `ARPHRD_ETHER`.
    pub const ETHER: u16 = 1;
    /// `ARPHRD_IEEE802`.
    pub const IEEE802: u16 = 6;
    /// `ARPHRD_INFINIBAND`.
    pub const INFINIBAND: u16 = 32;
    /// `ARPHRD_NONE`: no link-layer header (tun, wireguard).
    pub const NONE: u16 = 0xfffe;
    /// `ARPHRD_VOID`.
    pub const VOID: u16 = 0xffff;
    /// `ARPHRD_LOOPBACK`.
    pub const LOOPBACK: u16 = 772;
    /// `ARPHRD_TUNNEL`: ipip.
    pub const TUNNEL: u16 = 768;
    /// `ARPHRD_TUNNEL6`: ip6tnl.
    pub const TUNNEL6: u16 = 769;
    /// `ARPHRD_SIT`.
    pub const SIT: u16 = 776;
    /// `ARPHRD_IPGRE`.
    pub const IPGRE: u16 = 778;
    /// `ARPHRD_IP6GRE`.
    pub const IP6GRE: u16 = 823;
    /// `ARPHRD_PPP`.
    pub const PPP: u16 = 512;
    /// `ARPHRD_IEEE80211`.
    pub const IEEE80211: u16 = 801;
    /// `ARPHRD_IEEE80211_RADIOTAP`.
    pub const IEEE80211_RADIOTAP: u16 = 803;
    /// `ARPHRD_CAN`.
    pub const CAN: u16 = 280;
    /// `ARPHRD_RAWIP`.
    pub const RAWIP: u16 = 519;
    /// `ARPHRD_NETLINK`: nlmon.
    pub const NETLINK: u16 = 824;

    /// The name `ip` prints after `link/` (and as `link_type` in JSON).
    pub const fn name(t: u16) -> Option<&'static str> {
        Some(match t {
            NETROM => "netrom",
            ETHER => "ether",
            IEEE802 => "ieee802",
            INFINIBAND => "infiniband",
            NONE => "none",
            VOID => "void",
            LOOPBACK => "loopback",
            TUNNEL => "ipip",
            TUNNEL6 => "tunnel6",
            SIT => "sit",
            IPGRE => "gre",
            IP6GRE => "gre6",
            PPP => "ppp",
            IEEE80211 => "ieee802.11",
            IEEE80211_RADIOTAP => "ieee802.11/radiotap",
            CAN => "can",
            RAWIP => "rawip",
            NETLINK => "netlink",
            _ => return None,
        })
    }
}

/// `struct rtnl_link_stats64` (`IFLA_STATS64`). Kernels before 5.19 send 24 counters
/// (without `rx_otherhost_dropped`); read with [`Attr::view_prefix`] semantics via
/// [`LinkMsg::stats64`], which accepts both.
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
#[allow(missing_docs)]
pub struct LinkStats64 {
    pub rx_packets: U64,
    pub tx_packets: U64,
    pub rx_bytes: U64,
    pub tx_bytes: U64,
    pub rx_errors: U64,
    pub tx_errors: U64,
    pub rx_dropped: U64,
    pub tx_dropped: U64,
    pub multicast: U64,
    pub collisions: U64,
    pub rx_length_errors: U64,
    pub rx_over_errors: U64,
    pub rx_crc_errors: U64,
    pub rx_frame_errors: U64,
    pub rx_fifo_errors: U64,
    pub rx_missed_errors: U64,
    pub tx_aborted_errors: U64,
    pub tx_carrier_errors: U64,
    pub tx_fifo_errors: U64,
    pub tx_heartbeat_errors: U64,
    pub tx_window_errors: U64,
    pub rx_compressed: U64,
    pub tx_compressed: U64,
    pub rx_nohandler: U64,
}

/// `struct rtnl_link_stats` (`IFLA_STATS`): the 32-bit counters.
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
#[allow(missing_docs)]
pub struct LinkStats {
    pub rx_packets: U32,
    pub tx_packets: U32,
    pub rx_bytes: U32,
    pub tx_bytes: U32,
    pub rx_errors: U32,
    pub tx_errors: U32,
    pub rx_dropped: U32,
    pub tx_dropped: U32,
    pub multicast: U32,
    pub collisions: U32,
    pub rx_length_errors: U32,
    pub rx_over_errors: U32,
    pub rx_crc_errors: U32,
    pub rx_frame_errors: U32,
    pub rx_fifo_errors: U32,
    pub rx_missed_errors: U32,
    pub tx_aborted_errors: U32,
    pub tx_carrier_errors: U32,
    pub tx_fifo_errors: U32,
    pub tx_heartbeat_errors: U32,
    pub tx_window_errors: U32,
    pub rx_compressed: U32,
    pub tx_compressed: U32,
    pub rx_nohandler: U32,
}

/// `struct rtnl_link_ifmap` (`IFLA_MAP`), 32 bytes with its tail padding.
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
#[allow(missing_docs)]
pub struct LinkIfmap {
    pub mem_start: U64,
    pub mem_end: U64,
    pub base_addr: U64,
    pub irq: U16,
    pub dma: u8,
    pub port: u8,
    pub pad: [u8; 4],
}

attr_set! {
    /// Link attributes (`IFLA_*`), Linux 6.18.
    pub mod ifla, pub static IFLA = "IFLA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Link-layer address.
        ADDRESS = 1 => Value::HwAddr,
        /// Link-layer broadcast address.
        BROADCAST = 2 => Value::HwAddr,
        /// Interface name.
        IFNAME = 3 => Value::Str,
        /// MTU.
        MTU = 4 => Value::U32,
        /// Index of the underlying link.
        LINK = 5 => Value::S32,
        /// Queueing discipline name.
        QDISC = 6 => Value::Str,
        /// 32-bit statistics (`struct rtnl_link_stats`).
        STATS = 7 => Value::Struct("rtnl_link_stats", 96),
        /// Unused.
        COST = 8 => Value::Binary,
        /// Unused.
        PRIORITY = 9 => Value::Binary,
        /// Index of the master device (bridge, bond, vrf).
        MASTER = 10 => Value::U32,
        /// Wireless extension event.
        WIRELESS = 11 => Value::Binary,
        /// Protocol-specific information (bridge port, inet6).
        PROTINFO = 12 => Value::Binary,
        /// Transmit queue length.
        TXQLEN = 13 => Value::U32,
        /// Device map (`struct rtnl_link_ifmap`).
        MAP = 14 => Value::Struct("rtnl_link_ifmap", 28),
        /// Unused.
        WEIGHT = 15 => Value::U32,
        /// Operational state (`IF_OPER_*`).
        OPERSTATE = 16 => Value::Custom(fmt_operstate),
        /// Link mode (`IF_LINK_MODE_*`).
        LINKMODE = 17 => Value::U8,
        /// Link kind and kind-specific data.
        LINKINFO = 18 => Value::Nested(&LINKINFO),
        /// Move to the namespace of this pid.
        NET_NS_PID = 19 => Value::U32,
        /// Interface alias.
        IFALIAS = 20 => Value::Str,
        /// Number of SR-IOV virtual functions.
        NUM_VF = 21 => Value::U32,
        /// SR-IOV virtual functions.
        VFINFO_LIST = 22 => Value::Nested(&VFINFO_LIST),
        /// 64-bit statistics (`struct rtnl_link_stats64`).
        STATS64 = 23 => Value::Struct("rtnl_link_stats64", 192),
        /// SR-IOV port profiles.
        VF_PORTS = 24 => Value::Binary,
        /// Port profile of the device itself.
        PORT_SELF = 25 => Value::Binary,
        /// Per-address-family data (inet, inet6).
        AF_SPEC = 26 => Value::Custom(fmt_af_spec),
        /// Device group.
        GROUP = 27 => Value::U32,
        /// Move to the namespace of this fd.
        NET_NS_FD = 28 => Value::U32,
        /// Extended info mask (`RTEXT_FILTER_*`), requests only.
        EXT_MASK = 29 => Value::U32,
        /// Promiscuity count.
        PROMISCUITY = 30 => Value::U32,
        /// Number of transmit queues.
        NUM_TX_QUEUES = 31 => Value::U32,
        /// Number of receive queues.
        NUM_RX_QUEUES = 32 => Value::U32,
        /// Carrier state.
        CARRIER = 33 => Value::U8,
        /// Physical port id.
        PHYS_PORT_ID = 34 => Value::Binary,
        /// Carrier changes count.
        CARRIER_CHANGES = 35 => Value::U32,
        /// Physical switch id.
        PHYS_SWITCH_ID = 36 => Value::Binary,
        /// Namespace id of the peer/lower link's namespace.
        LINK_NETNSID = 37 => Value::S32,
        /// Physical port name.
        PHYS_PORT_NAME = 38 => Value::Str,
        /// Protocol down.
        PROTO_DOWN = 39 => Value::U8,
        /// Maximum GSO segments.
        GSO_MAX_SEGS = 40 => Value::U32,
        /// Maximum GSO size.
        GSO_MAX_SIZE = 41 => Value::U32,
        /// Padding for 64-bit alignment.
        PAD = 42 => Value::Binary,
        /// XDP program state.
        XDP = 43 => Value::Nested(&XDP),
        /// Event that caused a notification (`IFLA_EVENT_*`).
        EVENT = 44 => Value::U32,
        /// New namespace id (when moving).
        NEW_NETNSID = 45 => Value::S32,
        /// Target namespace id (`IFLA_TARGET_NETNSID`, formerly `IFLA_IF_NETNSID`).
        TARGET_NETNSID = 46 => Value::S32,
        /// Carrier up transitions.
        CARRIER_UP_COUNT = 47 => Value::U32,
        /// Carrier down transitions.
        CARRIER_DOWN_COUNT = 48 => Value::U32,
        /// New ifindex (when moving).
        NEW_IFINDEX = 49 => Value::S32,
        /// Minimum MTU.
        MIN_MTU = 50 => Value::U32,
        /// Maximum MTU.
        MAX_MTU = 51 => Value::U32,
        /// Property list (alternative names).
        PROP_LIST = 52 => Value::Nested(&IFLA),
        /// Alternative name (inside `PROP_LIST`).
        ALT_IFNAME = 53 => Value::Str,
        /// Permanent hardware address.
        PERM_ADDRESS = 54 => Value::HwAddr,
        /// Reasons for protocol down.
        PROTO_DOWN_REASON = 55 => Value::Nested(&PROTO_DOWN_REASON),
        /// Parent device name (no parent netdev).
        PARENT_DEV_NAME = 56 => Value::Str,
        /// Parent device bus name.
        PARENT_DEV_BUS_NAME = 57 => Value::Str,
        /// Maximum GRO size.
        GRO_MAX_SIZE = 58 => Value::U32,
        /// Maximum TSO size.
        TSO_MAX_SIZE = 59 => Value::U32,
        /// Maximum TSO segments.
        TSO_MAX_SEGS = 60 => Value::U32,
        /// Allmulti count.
        ALLMULTI = 61 => Value::U32,
        /// Devlink port.
        DEVLINK_PORT = 62 => Value::Binary,
        /// Maximum GSO size for IPv4.
        GSO_IPV4_MAX_SIZE = 63 => Value::U32,
        /// Maximum GRO size for IPv4.
        GRO_IPV4_MAX_SIZE = 64 => Value::U32,
        /// DPLL pin.
        DPLL_PIN = 65 => Value::Binary,
        /// EDT offload horizon in ns.
        MAX_PACING_OFFLOAD_HORIZON = 66 => Value::Uint,
        /// The device cannot change namespace.
        NETNS_IMMUTABLE = 67 => Value::U8,
        /// Needed headroom.
        HEADROOM = 68 => Value::U16,
        /// Needed tailroom.
        TAILROOM = 69 => Value::U16,
    }
}

/// The highest `IFLA_*` type this crate knows.
pub const IFLA_MAX: u16 = ifla::TAILROOM;

attr_set! {
    /// `IFLA_LINKINFO` contents (`IFLA_INFO_*`).
    pub mod info, pub static LINKINFO = "IFLA_INFO_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Kind (`"veth"`, `"bridge"`, …).
        KIND = 1 => Value::Str,
        /// Kind-specific data (nested, by kind).
        DATA = 2 => Value::Custom(fmt_info_data),
        /// Kind-specific statistics.
        XSTATS = 3 => Value::Binary,
        /// Kind of the master this link is enslaved to.
        SLAVE_KIND = 4 => Value::Str,
        /// Per-slave data of the master's kind (nested).
        SLAVE_DATA = 5 => Value::Custom(fmt_info_data),
    }
}

attr_set! {
    /// `IFLA_AF_SPEC` → `AF_INET` contents (`IFLA_INET_*`).
    pub mod inet, pub static INET = "IFLA_INET_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// IPv4 devconf values (`u32` array indexed by `IPV4_DEVCONF_*` - 1).
        CONF = 1 => Value::Struct("ipv4_devconf", 0),
    }
}

attr_set! {
    /// `IFLA_AF_SPEC` → `AF_INET6` contents (`IFLA_INET6_*`).
    pub mod inet6, pub static INET6 = "IFLA_INET6_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Link flags (`IF_RA_*`, `IF_READY`).
        FLAGS = 1 => Value::U32,
        /// IPv6 devconf values (`s32` array indexed by `DEVCONF_*`).
        CONF = 2 => Value::Struct("ipv6_devconf", 0),
        /// Statistics (`u64` array).
        STATS = 3 => Value::Struct("ipstats", 0),
        /// Unused.
        MCAST = 4 => Value::Binary,
        /// `struct ifla_cacheinfo`.
        CACHEINFO = 5 => Value::Struct("ifla_cacheinfo", 16),
        /// ICMPv6 statistics (`u64` array).
        ICMP6STATS = 6 => Value::Struct("icmp6stats", 0),
        /// Interface token.
        TOKEN = 7 => Value::Ip,
        /// Address generation mode (`IN6_ADDR_GEN_MODE_*`).
        ADDR_GEN_MODE = 8 => Value::U8,
        /// MTU from router advertisements.
        RA_MTU = 9 => Value::U32,
    }
}

attr_set! {
    /// `IFLA_XDP` contents (`IFLA_XDP_*`).
    pub mod xdp, pub static XDP = "IFLA_XDP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Program fd (requests).
        FD = 1 => Value::S32,
        /// Attach mode (`XDP_ATTACHED_*`).
        ATTACHED = 2 => Value::U8,
        /// `XDP_FLAGS_*`.
        FLAGS = 3 => Value::U32,
        /// Program id.
        PROG_ID = 4 => Value::U32,
        /// Driver-mode program id.
        DRV_PROG_ID = 5 => Value::U32,
        /// Generic-mode program id.
        SKB_PROG_ID = 6 => Value::U32,
        /// Offloaded program id.
        HW_PROG_ID = 7 => Value::U32,
        /// Expected fd to replace.
        EXPECTED_FD = 8 => Value::S32,
    }
}

attr_set! {
    /// `IFLA_PROTO_DOWN_REASON` contents.
    pub mod proto_down_reason, pub static PROTO_DOWN_REASON = "IFLA_PROTO_DOWN_REASON_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mask of reasons to change.
        MASK = 1 => Value::U32,
        /// Reason bits.
        VALUE = 2 => Value::U32,
    }
}

attr_set! {
    /// `IFLA_VFINFO_LIST` contents.
    pub mod vfinfo_list, pub static VFINFO_LIST = "IFLA_VF_INFO" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// One virtual function (`IFLA_VF_*`, kept raw).
        INFO = 1 => Value::Binary,
    }
}

attr_set! {
    /// veth `IFLA_INFO_DATA` (`VETH_INFO_*`).
    pub mod veth, pub static VETH = "VETH_INFO_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The peer: an `ifinfomsg` followed by `IFLA_*` attributes.
        PEER = 1 => Value::Custom(fmt_veth_peer),
    }
}

/// The fixed header at the start of a nest inside a link request, for
/// [`crate::attr_path_with`]: the `ifinfomsg` that opens a veth (and vxcan, netkit)
/// peer, `IFLA_LINKINFO > IFLA_INFO_DATA > *_INFO_PEER` (type 1 in all three).
pub fn nest_header(path: &[u16]) -> usize {
    match path {
        [.., ifla::LINKINFO, info::DATA, 1] => IfInfoMsg::LEN,
        _ => 0,
    }
}

/// Attribute sets of `IFLA_INFO_DATA` by link kind (veth here, the others in
/// [`super::link_kinds`]). Kinds not listed are printed raw.
pub static INFO_DATA_KINDS: &[(&str, &AttrSet)] = super::link_kinds::INFO_DATA_KINDS;

/// Attribute sets of `IFLA_INFO_SLAVE_DATA` by slave kind.
pub static INFO_SLAVE_DATA_KINDS: &[(&str, &AttrSet)] = super::link_kinds::INFO_SLAVE_DATA_KINDS;

fn fmt_operstate(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(s) = a.u8() else { return Ok(false) };
    match operstate::name(s) {
        Some(n) => d.write_fmt(format_args!(" {n}"))?,
        None => d.write_fmt(format_args!(" {s}"))?,
    }
    Ok(true)
}

fn fmt_af_spec(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    if a.nested().validate().is_err() {
        return Ok(false);
    }
    d.deeper(|d| {
        for fam in a.nested().flatten() {
            d.line()?;
            let known = u8::try_from(fam.kind()).ok().and_then(|f| match f {
                family::INET => Some(("inet", &INET)),
                family::INET6 => Some(("inet6", &INET6)),
                _ => None,
            });
            match known {
                Some((name, set)) => {
                    d.write_fmt(format_args!("{name}"))?;
                    d.nested(&fam, set)?;
                }
                None => {
                    d.write_fmt(format_args!("family {} ", fam.kind()))?;
                    d.hex(fam.payload())?;
                }
            }
        }
        Ok(())
    })?;
    Ok(true)
}

fn kind_set(table: &[(&str, &'static AttrSet)], kind: &str) -> Option<&'static AttrSet> {
    table.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s)
}

fn fmt_info_data(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    siblings: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let (kind_attr, table) = if a.kind() == info::DATA {
        (info::KIND, INFO_DATA_KINDS)
    } else {
        (info::SLAVE_KIND, INFO_SLAVE_DATA_KINDS)
    };
    let kind = siblings
        .clone()
        .find(kind_attr)
        .ok()
        .flatten()
        .and_then(|k| k.str().ok());
    match kind.and_then(|k| kind_set(table, k)) {
        Some(set) if a.nested().validate().is_ok() => {
            d.nested(a, set)?;
            Ok(true)
        }
        _ => {
            // Unknown kind: raw, but the attribute itself is known.
            d.write_fmt(format_args!(" "))?;
            d.hex(a.payload())?;
            Ok(true)
        }
    }
}

fn fmt_veth_peer(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok((hdr, _)) = IfInfoMsg::ref_from_prefix(a.payload()) else {
        return Ok(false);
    };
    let attrs = Attrs::with_offset(
        a.payload().get(IfInfoMsg::LEN..).unwrap_or(&[]),
        a.payload_offset() + IfInfoMsg::LEN,
    );
    if attrs.clone().validate().is_err() {
        return Ok(false);
    }
    d.write_fmt(format_args!(" ifinfomsg index {}", hdr.index.get()))?;
    d.nested(
        &Attr::from_parts(
            a.raw_kind(),
            a.payload().get(IfInfoMsg::LEN..).unwrap_or(&[]),
            a.offset() + IfInfoMsg::LEN,
        ),
        &IFLA,
    )?;
    Ok(true)
}

const SLOTS: usize = IFLA_MAX as usize + 1;

/// A link message (`RTM_NEWLINK`, `RTM_DELLINK`, or a `RTM_GETLINK`/`RTM_SETLINK`
/// request) with its attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute and its offset) when it is present but malformed; a malformed attribute
/// does not affect the others.
pub type LinkMsg<'a> = super::View<'a, IfInfoMsg, SLOTS>;

impl<'a> LinkMsg<'a> {
    /// `ifi_index`.
    #[inline]
    pub fn index(&self) -> i32 {
        self.header.index.get()
    }

    /// `ifi_flags` (`IFF_*`).
    #[inline]
    pub fn flags(&self) -> u32 {
        self.header.flags.get()
    }

    /// `ifi_change`.
    #[inline]
    pub fn change(&self) -> u32 {
        self.header.change.get()
    }

    /// `ifi_type` (`ARPHRD_*`).
    #[inline]
    pub fn link_type(&self) -> u16 {
        self.header.link_type.get()
    }

    /// `ifi_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// Whether `IFF_UP` is set.
    #[inline]
    pub fn is_up(&self) -> bool {
        self.flags() & iff::UP != 0
    }

    getters! {
        /// `IFLA_IFNAME`.
        name: ifla::IFNAME => str -> &'a str;
        /// `IFLA_MTU`.
        mtu: ifla::MTU => u32 -> u32;
        /// `IFLA_MIN_MTU`.
        min_mtu: ifla::MIN_MTU => u32 -> u32;
        /// `IFLA_MAX_MTU`.
        max_mtu: ifla::MAX_MTU => u32 -> u32;
        /// `IFLA_TXQLEN`.
        txqlen: ifla::TXQLEN => u32 -> u32;
        /// `IFLA_OPERSTATE` (`IF_OPER_*`).
        operstate: ifla::OPERSTATE => u8 -> u8;
        /// `IFLA_LINKMODE`.
        linkmode: ifla::LINKMODE => u8 -> u8;
        /// `IFLA_MASTER`.
        master: ifla::MASTER => u32 -> u32;
        /// `IFLA_LINK`.
        link: ifla::LINK => i32 -> i32;
        /// `IFLA_LINK_NETNSID`.
        link_netnsid: ifla::LINK_NETNSID => i32 -> i32;
        /// `IFLA_QDISC`.
        qdisc: ifla::QDISC => str -> &'a str;
        /// `IFLA_IFALIAS`.
        alias: ifla::IFALIAS => str -> &'a str;
        /// `IFLA_GROUP`.
        group: ifla::GROUP => u32 -> u32;
        /// `IFLA_PROMISCUITY`.
        promiscuity: ifla::PROMISCUITY => u32 -> u32;
        /// `IFLA_ALLMULTI`.
        allmulti: ifla::ALLMULTI => u32 -> u32;
        /// `IFLA_NUM_TX_QUEUES`.
        num_tx_queues: ifla::NUM_TX_QUEUES => u32 -> u32;
        /// `IFLA_NUM_RX_QUEUES`.
        num_rx_queues: ifla::NUM_RX_QUEUES => u32 -> u32;
        /// `IFLA_CARRIER`.
        carrier: ifla::CARRIER => u8 -> u8;
        /// `IFLA_CARRIER_CHANGES`.
        carrier_changes: ifla::CARRIER_CHANGES => u32 -> u32;
        /// `IFLA_CARRIER_UP_COUNT`.
        carrier_up_count: ifla::CARRIER_UP_COUNT => u32 -> u32;
        /// `IFLA_CARRIER_DOWN_COUNT`.
        carrier_down_count: ifla::CARRIER_DOWN_COUNT => u32 -> u32;
        /// `IFLA_PROTO_DOWN`.
        proto_down: ifla::PROTO_DOWN => u8 -> u8;
        /// `IFLA_GSO_MAX_SEGS`.
        gso_max_segs: ifla::GSO_MAX_SEGS => u32 -> u32;
        /// `IFLA_GSO_MAX_SIZE`.
        gso_max_size: ifla::GSO_MAX_SIZE => u32 -> u32;
        /// `IFLA_GRO_MAX_SIZE`.
        gro_max_size: ifla::GRO_MAX_SIZE => u32 -> u32;
        /// `IFLA_TSO_MAX_SIZE`.
        tso_max_size: ifla::TSO_MAX_SIZE => u32 -> u32;
        /// `IFLA_TSO_MAX_SEGS`.
        tso_max_segs: ifla::TSO_MAX_SEGS => u32 -> u32;
        /// `IFLA_GSO_IPV4_MAX_SIZE`.
        gso_ipv4_max_size: ifla::GSO_IPV4_MAX_SIZE => u32 -> u32;
        /// `IFLA_GRO_IPV4_MAX_SIZE`.
        gro_ipv4_max_size: ifla::GRO_IPV4_MAX_SIZE => u32 -> u32;
        /// `IFLA_MAX_PACING_OFFLOAD_HORIZON` (ns).
        max_pacing_offload_horizon: ifla::MAX_PACING_OFFLOAD_HORIZON => uint -> u64;
        /// `IFLA_NETNS_IMMUTABLE`.
        netns_immutable: ifla::NETNS_IMMUTABLE => u8 -> u8;
        /// `IFLA_HEADROOM`.
        headroom: ifla::HEADROOM => u16 -> u16;
        /// `IFLA_TAILROOM`.
        tailroom: ifla::TAILROOM => u16 -> u16;
        /// `IFLA_EVENT` (`IFLA_EVENT_*`).
        event: ifla::EVENT => u32 -> u32;
        /// `IFLA_PHYS_PORT_NAME`.
        phys_port_name: ifla::PHYS_PORT_NAME => str -> &'a str;
        /// `IFLA_PARENT_DEV_NAME`.
        parent_dev_name: ifla::PARENT_DEV_NAME => str -> &'a str;
        /// `IFLA_PARENT_DEV_BUS_NAME`.
        parent_dev_bus_name: ifla::PARENT_DEV_BUS_NAME => str -> &'a str;
        /// `IFLA_NEW_NETNSID`.
        new_netnsid: ifla::NEW_NETNSID => i32 -> i32;
        /// `IFLA_NEW_IFINDEX`.
        new_ifindex: ifla::NEW_IFINDEX => i32 -> i32;
    }

    /// `IFLA_ADDRESS`: the link-layer address (6 bytes for Ethernet; other lengths for
    /// other link types).
    #[inline]
    pub fn address(&self) -> Option<&'a [u8]> {
        self.tb.get(ifla::ADDRESS).map(|a| a.payload())
    }

    /// `IFLA_BROADCAST`.
    #[inline]
    pub fn broadcast(&self) -> Option<&'a [u8]> {
        self.tb.get(ifla::BROADCAST).map(|a| a.payload())
    }

    /// `IFLA_PERM_ADDRESS`.
    #[inline]
    pub fn perm_address(&self) -> Option<&'a [u8]> {
        self.tb.get(ifla::PERM_ADDRESS).map(|a| a.payload())
    }

    /// `IFLA_STATS64`, from kernels that send 24 or 25 counters.
    #[inline]
    pub fn stats64(&self) -> Result<Option<&'a LinkStats64>, DecodeError> {
        self.tb
            .get(ifla::STATS64)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// `IFLA_STATS`.
    #[inline]
    pub fn stats(&self) -> Result<Option<&'a LinkStats>, DecodeError> {
        self.tb
            .get(ifla::STATS)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// `IFLA_MAP`.
    #[inline]
    pub fn map(&self) -> Result<Option<LinkIfmap>, DecodeError> {
        self.tb
            .get(ifla::MAP)
            .map(|a| {
                // 28 meaningful bytes; the kernel sends 32 (tail padding).
                let mut buf = [0u8; 32];
                let p = a.payload();
                if p.len() < 28 {
                    return Err(DecodeError::new(
                        DecodeErrorKind::AttrPayload {
                            kind: ifla::MAP,
                            expected: "rtnl_link_ifmap",
                            needed: 28,
                            got: p.len(),
                        },
                        a.offset(),
                    ));
                }
                let n = p.len().min(32);
                buf[..n].copy_from_slice(&p[..n]);
                Ok(LinkIfmap::read_from_bytes(&buf).unwrap_or_default())
            })
            .transpose()
    }

    /// `IFLA_LINKINFO`, decoded: kind, data and slave kind/data.
    #[inline]
    pub fn link_info(&self) -> Result<Option<LinkInfo<'a>>, DecodeError> {
        self.tb
            .get(ifla::LINKINFO)
            .map(|a| LinkInfo::parse(a.nested()))
            .transpose()
    }

    /// The alternative names (`IFLA_PROP_LIST` → `IFLA_ALT_IFNAME`), each a `Result`.
    #[inline]
    pub fn alt_names(&self) -> impl Iterator<Item = Result<&'a str, DecodeError>> + 'a {
        let list = self.tb.get(ifla::PROP_LIST).map(|a| a.nested());
        list.into_iter()
            .flat_map(|l| l.of_kind(ifla::ALT_IFNAME).map(|r| r.and_then(|a| a.str())))
    }

    /// The `AF_SPEC` sub-nest for `family` (`AF_INET`, `AF_INET6`), if present.
    pub fn af_spec(&self, family: u8) -> Result<Option<Attrs<'a>>, DecodeError> {
        let Some(spec) = self.tb.get(ifla::AF_SPEC) else {
            return Ok(None);
        };
        Ok(spec.nested().find(u16::from(family))?.map(|a| a.nested()))
    }

    /// `IFLA_AF_SPEC` → `AF_INET6` → `IFLA_INET6_ADDR_GEN_MODE`.
    #[inline]
    pub fn inet6_addr_gen_mode(&self) -> Result<Option<u8>, DecodeError> {
        match self.af_spec(family::INET6)? {
            Some(a) => a.find(inet6::ADDR_GEN_MODE)?.map(|a| a.u8()).transpose(),
            None => Ok(None),
        }
    }

    /// `IFLA_AF_SPEC` → `AF_INET6` → `IFLA_INET6_FLAGS`.
    #[inline]
    pub fn inet6_flags(&self) -> Result<Option<u32>, DecodeError> {
        match self.af_spec(family::INET6)? {
            Some(a) => a.find(inet6::FLAGS)?.map(|a| a.u32()).transpose(),
            None => Ok(None),
        }
    }
}

impl fmt::Debug for LinkMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkMsg")
            .field("index", &self.index())
            .field("name", &self.name().ok().flatten())
            .field("flags", &format_args!("{:#x}", self.flags()))
            .finish_non_exhaustive()
    }
}

/// `Display` for link flags as `ip` prints them: `LOOPBACK,UP,LOWER_UP` (with
/// `NO-CARRIER` first when up without `RUNNING`).
#[derive(Clone, Copy, Debug)]
pub struct IffDisplay(pub u32);

impl fmt::Display for IffDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut flags = self.0;
        let mut first = true;
        if flags & iff::UP != 0 && flags & iff::RUNNING == 0 {
            f.write_str("NO-CARRIER")?;
            first = false;
        }
        flags &= !iff::RUNNING;
        for (bit, name) in iff::NAMES {
            if flags & bit != 0 {
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                f.write_str(name)?;
                flags &= !bit;
            }
        }
        if flags != 0 {
            if !first {
                f.write_str(",")?;
            }
            write!(f, "{flags:x}")?;
        }
        Ok(())
    }
}

impl fmt::Display for LinkMsg<'_> {
    /// A dissection: header line, the `ifinfomsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        write!(
            f,
            "\n  ifinfomsg family {} type {} index {} flags <{}> change {:#x}",
            self.family(),
            arphrd::name(self.link_type()).unwrap_or("?"),
            self.index(),
            IffDisplay(self.flags()),
            self.change()
        )?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &IFLA)
    }
}

/// `IFLA_LINKINFO` contents.
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkInfo<'a> {
    /// `IFLA_INFO_KIND`.
    pub kind: Option<&'a str>,
    /// `IFLA_INFO_DATA`, raw nest (decode with the kind's attribute set).
    pub data: Option<Attr<'a>>,
    /// `IFLA_INFO_XSTATS`.
    pub xstats: Option<&'a [u8]>,
    /// `IFLA_INFO_SLAVE_KIND`.
    pub slave_kind: Option<&'a str>,
    /// `IFLA_INFO_SLAVE_DATA`, raw nest.
    pub slave_data: Option<Attr<'a>>,
}

impl<'a> LinkInfo<'a> {
    /// Decodes the contents of an `IFLA_LINKINFO` nest.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                info::KIND => out.kind = Some(a.str()?),
                info::DATA => out.data = Some(a),
                info::XSTATS => out.xstats = Some(a.payload()),
                info::SLAVE_KIND => out.slave_kind = Some(a.str()?),
                info::SLAVE_DATA => out.slave_data = Some(a),
                _ => {}
            }
        }
        Ok(out)
    }
}

/// Starts a link message (`RTM_NEWLINK`, `RTM_SETLINK`, `RTM_DELLINK`, `RTM_GETLINK`)
/// with the given `ifinfomsg`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &IfInfoMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETLINK` dump request, as `ip link show` sends it (with
/// `IFLA_EXT_MASK = RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS` left to the caller).
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    ext_mask: u32,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETLINK,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &IfInfoMsg::default(),
    )?;
    if ext_mask != 0 {
        b.put_u32(ifla::EXT_MASK, ext_mask)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_GETLINK` request for one link, by index (if non-zero) or else by name.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    index: i32,
    name: Option<&str>,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETLINK,
        Flags::REQUEST,
        seq,
        &IfInfoMsg::new(0, index),
    )?;
    if let Some(n) = name {
        b.put_str(ifla::IFNAME, n)?;
    }
    Ok(b.finish())
}

/// `RTEXT_FILTER_*` values for `IFLA_EXT_MASK`.
pub mod rtext_filter {
    /// Include VF information.
    pub const VF: u32 = 1 << 0;
    /// Bridge VLAN information.
    pub const BRVLAN: u32 = 1 << 1;
    /// Compressed bridge VLAN information.
    pub const BRVLAN_COMPRESSED: u32 = 1 << 2;
    /// Skip statistics.
    pub const SKIP_STATS: u32 = 1 << 3;
    /// MRP information.
    pub const MRP: u32 = 1 << 4;
    /// CFM configuration.
    pub const CFM_CONFIG: u32 = 1 << 5;
    /// CFM status.
    pub const CFM_STATUS: u32 = 1 << 6;
    /// MST information.
    pub const MST: u32 = 1 << 7;
}

/// Starts an `RTM_NEWLINK` request creating a link of `kind` named `name`
/// (`CREATE | EXCL | ACK`), with `IFLA_IFNAME` and `IFLA_LINKINFO` written (`data` fills
/// the kind's `IFLA_INFO_DATA`, if any). Add top-level attributes — `IFLA_LINK` for the
/// parent of a vlan, macvlan or ipvlan, `IFLA_MTU`, `IFLA_ADDRESS`, … — to the returned
/// builder.
pub fn create_builder<'b, B, F>(
    buf: &'b mut B,
    seq: u32,
    name: &str,
    kind: &str,
    data: Option<F>,
) -> Result<Builder<'b, B>, EncodeError>
where
    B: Buffer + ?Sized,
    F: FnOnce(&mut Builder<'_, B>) -> Result<(), EncodeError>,
{
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    let mut b = message(buf, rtm::NEWLINK, flags, seq, &IfInfoMsg::default())?;
    b.grouped(|b| {
        b.put_str(ifla::IFNAME, name)?;
        b.nest_noflag(ifla::LINKINFO, |b| {
            b.put_str(info::KIND, kind)?;
            if let Some(f) = data {
                b.nest_noflag(info::DATA, f)?;
            }
            Ok(())
        })
    })?;
    Ok(b)
}

/// Writes an `RTM_NEWLINK` request creating a link of `kind` named `name`
/// (`CREATE | EXCL | ACK`). `data` writes the kind's `IFLA_INFO_DATA` contents, if any.
/// Use [`create_builder`] to add top-level attributes such as the parent (`IFLA_LINK`).
pub fn create_request<B, F>(
    buf: &mut B,
    seq: u32,
    name: &str,
    kind: &str,
    data: Option<F>,
) -> Result<usize, EncodeError>
where
    B: Buffer + ?Sized,
    F: FnOnce(&mut Builder<'_, B>) -> Result<(), EncodeError>,
{
    Ok(create_builder(buf, seq, name, kind, data)?.finish())
}

/// Writes an `RTM_NEWLINK` request creating a veth pair `name` ⇄ `peer`.
pub fn create_veth_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    name: &str,
    peer: &str,
) -> Result<usize, EncodeError> {
    create_request(
        buf,
        seq,
        name,
        "veth",
        Some(|b: &mut Builder<'_, B>| {
            b.nest_noflag(veth::PEER, |b| {
                b.put_header(&IfInfoMsg::default())?;
                b.put_str(ifla::IFNAME, peer)
            })
        }),
    )
}

/// Writes an `RTM_DELLINK` request (`ACK`) by index, or by name when `index` is 0.
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    index: i32,
    name: Option<&str>,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::DELLINK,
        Flags::REQUEST | Flags::ACK,
        seq,
        &IfInfoMsg::new(0, index),
    )?;
    if let Some(n) = name {
        b.put_str(ifla::IFNAME, n)?;
    }
    Ok(b.finish())
}

/// Starts an `RTM_NEWLINK` (`ACK`) that changes link `index` — add `IFLA_MTU`,
/// `IFLA_IFNAME`, `IFLA_MASTER`, … to the returned builder. Set `up` to `Some(true/false)`
/// to change `IFF_UP` only.
pub fn set_request<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    seq: u32,
    index: i32,
    up: Option<bool>,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut hdr = IfInfoMsg::new(0, index);
    if let Some(on) = up {
        hdr = hdr.with_change(iff::UP, on);
    }
    message(buf, rtm::NEWLINK, Flags::REQUEST | Flags::ACK, seq, &hdr)
}

impl super::FamilyHeader for IfInfoMsg {
    const LEN: usize = IfInfoMsg::LEN;
}
