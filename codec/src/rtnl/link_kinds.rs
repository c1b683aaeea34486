//! `IFLA_INFO_DATA` and `IFLA_INFO_SLAVE_DATA` per link kind: the attribute sets of every
//! kind Linux 6.18 defines in its uapi headers (bridge, vlan, vxlan, macvlan, bond, ipvlan,
//! vrf, tun, the GRE family, ipip/sit/ip6tnl, vti, geneve, xfrm, macsec, hsr, netkit,
//! ipoib, …), typed views of the most used ones ([`BridgeInfo`], [`VlanInfo`],
//! [`VxlanInfo`], [`BondInfo`]) and writers of their data for
//! [`link::create_request`](crate::rtnl::link::create_request).
//!
//! [`INFO_DATA_KINDS`] and [`INFO_SLAVE_DATA_KINDS`] map kind names to attribute sets; the
//! link dissector (`LinkMsg`'s `Display`) uses them to print the kind-specific data with
//! names (`IFLA_VLAN_ID 100`).
//!
//! ```
//! use nlwire_codec::rtnl::link::{self, LinkMsg};
//! use nlwire_codec::rtnl::link_kinds::{self, VlanInfo, vlan, vlan_proto};
//! use nlwire_codec::{Builder, Messages, SliceBuf};
//!
//! // `ip link add vlan100 type vlan id 100 protocol 802.1ad` (without the lower link).
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! link::create_request(
//!     &mut buf,
//!     1,
//!     "vlan100",
//!     "vlan",
//!     Some(|b: &mut Builder<'_, _>| {
//!         link_kinds::create_vlan_data(b, 100)?;
//!         b.put_be16(vlan::PROTOCOL, vlan_proto::DOT1AD)
//!     }),
//! )?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let link = LinkMsg::parse(&msg)?;
//! let info = link.link_info()?.unwrap();
//! let v = VlanInfo::from_link_info(&info)?.unwrap();
//! assert_eq!(v.id()?, Some(100));
//! assert_eq!(v.protocol()?, Some(0x88a8));
//! assert!(link.to_string().contains("IFLA_VLAN_ID 100"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, AttrTable, Attrs};
use crate::attr_set;
use crate::desc::{AttrDesc, AttrSet, Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::rtnl::link::{IFLA, IfInfoMsg, LinkInfo, VETH};
use crate::writer::{Buffer, Builder};

// ---------------------------------------------------------------------------------------
// Value constants.
// ---------------------------------------------------------------------------------------

/// Bonding modes (`BOND_MODE_*`) in `IFLA_BOND_MODE`.
pub mod bond_mode {
    /// `balance-rr`: round robin.
    pub const BALANCE_RR: u8 = 0;
    /// `active-backup`: one active slave.
    pub const ACTIVE_BACKUP: u8 = 1;
    /// `balance-xor`: by transmit hash.
    pub const BALANCE_XOR: u8 = 2;
    /// `broadcast`: every slave.
    pub const BROADCAST: u8 = 3;
    /// `802.3ad`: LACP link aggregation.
    pub const IEEE_802_3AD: u8 = 4;
    /// `balance-tlb`: adaptive transmit load balancing.
    pub const BALANCE_TLB: u8 = 5;
    /// `balance-alb`: adaptive load balancing.
    pub const BALANCE_ALB: u8 = 6;

    /// The mode's name as `ip -d link` prints it (`"active-backup"`).
    pub const fn name(mode: u8) -> Option<&'static str> {
        Some(match mode {
            BALANCE_RR => "balance-rr",
            ACTIVE_BACKUP => "active-backup",
            BALANCE_XOR => "balance-xor",
            BROADCAST => "broadcast",
            IEEE_802_3AD => "802.3ad",
            BALANCE_TLB => "balance-tlb",
            BALANCE_ALB => "balance-alb",
            _ => return None,
        })
    }
}

/// macvlan/macvtap modes (`MACVLAN_MODE_*`) in `IFLA_MACVLAN_MODE`.
pub mod macvlan_mode {
    /// Do not talk to other macvlans.
    pub const PRIVATE: u32 = 1;
    /// Talk to other ports through an external bridge.
    pub const VEPA: u32 = 2;
    /// Talk to bridge ports directly.
    pub const BRIDGE: u32 = 4;
    /// Take over the underlying device.
    pub const PASSTHRU: u32 = 8;
    /// Assign by source MAC address list.
    pub const SOURCE: u32 = 16;

    /// The mode's name as `ip -d link` prints it (`"bridge"`).
    pub const fn name(mode: u32) -> Option<&'static str> {
        Some(match mode {
            PRIVATE => "private",
            VEPA => "vepa",
            BRIDGE => "bridge",
            PASSTHRU => "passthru",
            SOURCE => "source",
            _ => return None,
        })
    }
}

/// `MACVLAN_MACADDR_*` operations in `IFLA_MACVLAN_MACADDR_MODE` (source mode).
pub mod macvlan_macaddr_mode {
    /// Add the addresses.
    pub const ADD: u32 = 0;
    /// Delete the addresses.
    pub const DEL: u32 = 1;
    /// Remove every address.
    pub const FLUSH: u32 = 2;
    /// Replace the list.
    pub const SET: u32 = 3;
}

/// `MACVLAN_FLAG_*` in `IFLA_MACVLAN_FLAGS`.
pub mod macvlan_flag {
    /// Do not put the lower device in promiscuous mode (passthru).
    pub const NOPROMISC: u16 = 1;
    /// Skip the destination macvlan when it matches the source one.
    pub const NODST: u16 = 2;
}

/// ipvlan/ipvtap modes (`IPVLAN_MODE_*`) in `IFLA_IPVLAN_MODE`.
pub mod ipvlan_mode {
    /// Layer 2.
    pub const L2: u16 = 0;
    /// Layer 3.
    pub const L3: u16 = 1;
    /// Layer 3 with netfilter (symmetric).
    pub const L3S: u16 = 2;

    /// The mode's name as `ip -d link` prints it (`"l3s"`).
    pub const fn name(mode: u16) -> Option<&'static str> {
        Some(match mode {
            L2 => "l2",
            L3 => "l3",
            L3S => "l3s",
            _ => return None,
        })
    }
}

/// `IPVLAN_F_*` in `IFLA_IPVLAN_FLAGS`.
pub mod ipvlan_flag {
    /// Private: no traffic between slaves.
    pub const PRIVATE: u16 = 0x01;
    /// VEPA: slave-to-slave traffic goes through the lower device.
    pub const VEPA: u16 = 0x02;
}

/// `VLAN_FLAG_*` in `struct ifla_vlan_flags`.
pub mod vlan_flag {
    /// Reorder the header (the default).
    pub const REORDER_HDR: u32 = 0x1;
    /// GVRP registration.
    pub const GVRP: u32 = 0x2;
    /// Loose binding to the lower device's state.
    pub const LOOSE_BINDING: u32 = 0x4;
    /// MVRP registration.
    pub const MVRP: u32 = 0x8;
    /// Follow the state of the bridge ports in the same VLAN.
    pub const BRIDGE_BINDING: u32 = 0x10;
}

/// VLAN protocols (EtherTypes) in `IFLA_VLAN_PROTOCOL` and `IFLA_BR_VLAN_PROTOCOL`,
/// host order (the attribute is big-endian on the wire).
pub mod vlan_proto {
    /// `ETH_P_8021Q`.
    pub const DOT1Q: u16 = 0x8100;
    /// `ETH_P_8021AD` (QinQ service tag).
    pub const DOT1AD: u16 = 0x88a8;
}

// ---------------------------------------------------------------------------------------
// Attribute sets.
// ---------------------------------------------------------------------------------------

attr_set! {
    /// Bridge `IFLA_INFO_DATA` (`IFLA_BR_*`), Linux 6.18. Times are in hundredths of a
    /// second (`USER_HZ`); timers are `u64` hundredths of a second.
    pub mod br, pub static BRIDGE = "IFLA_BR_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// STP forward delay.
        FORWARD_DELAY = 1 => Value::U32,
        /// STP hello time.
        HELLO_TIME = 2 => Value::U32,
        /// STP maximum message age.
        MAX_AGE = 3 => Value::U32,
        /// FDB ageing time.
        AGEING_TIME = 4 => Value::U32,
        /// STP state (0 off, 1 on; reported 0, 1 kernel or 2 user).
        STP_STATE = 5 => Value::U32,
        /// Bridge priority.
        PRIORITY = 6 => Value::U16,
        /// VLAN filtering on/off.
        VLAN_FILTERING = 7 => Value::U8,
        /// VLAN protocol (big-endian EtherType, see [`vlan_proto`](super::vlan_proto)).
        VLAN_PROTOCOL = 8 => Value::Be16,
        /// Group forward mask.
        GROUP_FWD_MASK = 9 => Value::U16,
        /// Root bridge id (`struct ifla_bridge_id`).
        ROOT_ID = 10 => Value::Custom(fmt_bridge_id),
        /// This bridge's id (`struct ifla_bridge_id`).
        BRIDGE_ID = 11 => Value::Custom(fmt_bridge_id),
        /// Root port.
        ROOT_PORT = 12 => Value::U16,
        /// Root path cost.
        ROOT_PATH_COST = 13 => Value::U32,
        /// Topology change.
        TOPOLOGY_CHANGE = 14 => Value::U8,
        /// Topology change detected.
        TOPOLOGY_CHANGE_DETECTED = 15 => Value::U8,
        /// Hello timer.
        HELLO_TIMER = 16 => Value::U64,
        /// Topology change notification timer.
        TCN_TIMER = 17 => Value::U64,
        /// Topology change timer.
        TOPOLOGY_CHANGE_TIMER = 18 => Value::U64,
        /// FDB garbage collection timer.
        GC_TIMER = 19 => Value::U64,
        /// Group (STP) multicast address.
        GROUP_ADDR = 20 => Value::HwAddr,
        /// Flush the FDB (requests).
        FDB_FLUSH = 21 => Value::Flag,
        /// Multicast router mode.
        MCAST_ROUTER = 22 => Value::U8,
        /// Multicast snooping on/off.
        MCAST_SNOOPING = 23 => Value::U8,
        /// Use the interface address for queries.
        MCAST_QUERY_USE_IFADDR = 24 => Value::U8,
        /// Multicast querier on/off.
        MCAST_QUERIER = 25 => Value::U8,
        /// Multicast hash elasticity (unused since 5.0).
        MCAST_HASH_ELASTICITY = 26 => Value::U32,
        /// Multicast hash maximum.
        MCAST_HASH_MAX = 27 => Value::U32,
        /// Multicast last member count.
        MCAST_LAST_MEMBER_CNT = 28 => Value::U32,
        /// Multicast startup query count.
        MCAST_STARTUP_QUERY_CNT = 29 => Value::U32,
        /// Multicast last member interval.
        MCAST_LAST_MEMBER_INTVL = 30 => Value::U64,
        /// Multicast membership interval.
        MCAST_MEMBERSHIP_INTVL = 31 => Value::U64,
        /// Multicast querier interval.
        MCAST_QUERIER_INTVL = 32 => Value::U64,
        /// Multicast query interval.
        MCAST_QUERY_INTVL = 33 => Value::U64,
        /// Multicast query response interval.
        MCAST_QUERY_RESPONSE_INTVL = 34 => Value::U64,
        /// Multicast startup query interval.
        MCAST_STARTUP_QUERY_INTVL = 35 => Value::U64,
        /// Call iptables on bridged IPv4 traffic.
        NF_CALL_IPTABLES = 36 => Value::U8,
        /// Call ip6tables on bridged IPv6 traffic.
        NF_CALL_IP6TABLES = 37 => Value::U8,
        /// Call arptables on bridged ARP traffic.
        NF_CALL_ARPTABLES = 38 => Value::U8,
        /// Default port VLAN id.
        VLAN_DEFAULT_PVID = 39 => Value::U16,
        /// Padding for 64-bit alignment.
        PAD = 40 => Value::Binary,
        /// Per-VLAN statistics on/off.
        VLAN_STATS_ENABLED = 41 => Value::U8,
        /// Multicast statistics on/off.
        MCAST_STATS_ENABLED = 42 => Value::U8,
        /// IGMP version.
        MCAST_IGMP_VERSION = 43 => Value::U8,
        /// MLD version.
        MCAST_MLD_VERSION = 44 => Value::U8,
        /// Per-port VLAN statistics.
        VLAN_STATS_PER_PORT = 45 => Value::U8,
        /// Boolean options (`struct br_boolopt_multi`).
        MULTI_BOOLOPT = 46 => Value::Struct("br_boolopt_multi", 8),
        /// Multicast querier state (`BRIDGE_QUERIER_*`).
        MCAST_QUERIER_STATE = 47 => Value::Nested(&BR_QUERIER),
        /// Learned FDB entries.
        FDB_N_LEARNED = 48 => Value::U32,
        /// Maximum learned FDB entries.
        FDB_MAX_LEARNED = 49 => Value::U32,
    }
}

attr_set! {
    /// `IFLA_BR_MCAST_QUERIER_STATE` contents (`BRIDGE_QUERIER_*`).
    pub mod br_querier, pub static BR_QUERIER = "BRIDGE_QUERIER_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Selected IPv4 querier address.
        IP_ADDRESS = 1 => Value::Ip,
        /// Port the IPv4 querier is on (ifindex).
        IP_PORT = 2 => Value::U32,
        /// IPv4 other-querier-present timer.
        IP_OTHER_TIMER = 3 => Value::U64,
        /// Padding.
        PAD = 4 => Value::Binary,
        /// Selected IPv6 querier address.
        IPV6_ADDRESS = 5 => Value::Ip,
        /// Port the IPv6 querier is on (ifindex).
        IPV6_PORT = 6 => Value::U32,
        /// IPv6 other-querier-present timer.
        IPV6_OTHER_TIMER = 7 => Value::U64,
    }
}

attr_set! {
    /// Bridge port `IFLA_INFO_SLAVE_DATA` (`IFLA_BRPORT_*`), Linux 6.18. The on/off
    /// options are `u8` 0/1.
    pub mod brport, pub static BRPORT = "IFLA_BRPORT_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// STP port state (`BR_STATE_*`).
        STATE = 1 => Value::U8,
        /// STP port priority.
        PRIORITY = 2 => Value::U16,
        /// STP path cost.
        COST = 3 => Value::U32,
        /// Hairpin mode.
        MODE = 4 => Value::U8,
        /// BPDU guard.
        GUARD = 5 => Value::U8,
        /// Root port protection.
        PROTECT = 6 => Value::U8,
        /// Multicast fast leave.
        FAST_LEAVE = 7 => Value::U8,
        /// MAC learning.
        LEARNING = 8 => Value::U8,
        /// Flood unknown unicast.
        UNICAST_FLOOD = 9 => Value::U8,
        /// Proxy ARP.
        PROXYARP = 10 => Value::U8,
        /// Learning sync from the device.
        LEARNING_SYNC = 11 => Value::U8,
        /// Proxy ARP for Wi-Fi.
        PROXYARP_WIFI = 12 => Value::U8,
        /// Designated root (`struct ifla_bridge_id`).
        ROOT_ID = 13 => Value::Custom(fmt_bridge_id),
        /// Designated bridge (`struct ifla_bridge_id`).
        BRIDGE_ID = 14 => Value::Custom(fmt_bridge_id),
        /// Designated port.
        DESIGNATED_PORT = 15 => Value::U16,
        /// Designated cost.
        DESIGNATED_COST = 16 => Value::U16,
        /// Port id.
        ID = 17 => Value::U16,
        /// Port number.
        NO = 18 => Value::U16,
        /// Topology change acknowledge.
        TOPOLOGY_CHANGE_ACK = 19 => Value::U8,
        /// Configuration pending.
        CONFIG_PENDING = 20 => Value::U8,
        /// Message age timer.
        MESSAGE_AGE_TIMER = 21 => Value::U64,
        /// Forward delay timer.
        FORWARD_DELAY_TIMER = 22 => Value::U64,
        /// Hold timer.
        HOLD_TIMER = 23 => Value::U64,
        /// Flush the port's FDB entries (requests).
        FLUSH = 24 => Value::Flag,
        /// Multicast router mode.
        MULTICAST_ROUTER = 25 => Value::U8,
        /// Padding for 64-bit alignment.
        PAD = 26 => Value::Binary,
        /// Flood unknown multicast.
        MCAST_FLOOD = 27 => Value::U8,
        /// Multicast to unicast.
        MCAST_TO_UCAST = 28 => Value::U8,
        /// VLAN tunnel mapping.
        VLAN_TUNNEL = 29 => Value::U8,
        /// Flood broadcast.
        BCAST_FLOOD = 30 => Value::U8,
        /// Group forward mask.
        GROUP_FWD_MASK = 31 => Value::U16,
        /// Neighbour (ARP/ND) suppression.
        NEIGH_SUPPRESS = 32 => Value::U8,
        /// Isolated port.
        ISOLATED = 33 => Value::U8,
        /// Backup port (ifindex).
        BACKUP_PORT = 34 => Value::U32,
        /// MRP ring open.
        MRP_RING_OPEN = 35 => Value::U8,
        /// MRP interconnect open.
        MRP_IN_OPEN = 36 => Value::U8,
        /// Multicast EHT hosts limit.
        MCAST_EHT_HOSTS_LIMIT = 37 => Value::U32,
        /// Multicast EHT hosts count.
        MCAST_EHT_HOSTS_CNT = 38 => Value::U32,
        /// Locked port (802.1X).
        LOCKED = 39 => Value::U8,
        /// MAC authentication bypass.
        MAB = 40 => Value::U8,
        /// Multicast groups on the port.
        MCAST_N_GROUPS = 41 => Value::U32,
        /// Maximum multicast groups.
        MCAST_MAX_GROUPS = 42 => Value::U32,
        /// Per-VLAN neighbour suppression.
        NEIGH_VLAN_SUPPRESS = 43 => Value::U8,
        /// Backup nexthop id.
        BACKUP_NHID = 44 => Value::U32,
    }
}

attr_set! {
    /// 802.1Q VLAN `IFLA_INFO_DATA` (`IFLA_VLAN_*`).
    pub mod vlan, pub static VLAN = "IFLA_VLAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// VLAN id (0–4094).
        ID = 1 => Value::U16,
        /// Flags and mask (`struct ifla_vlan_flags`, [`vlan_flag`](super::vlan_flag)).
        FLAGS = 2 => Value::Struct("ifla_vlan_flags", 8),
        /// Egress priority mappings (skb priority → PCP).
        EGRESS_QOS = 3 => Value::Nested(&VLAN_QOS),
        /// Ingress priority mappings (PCP → skb priority).
        INGRESS_QOS = 4 => Value::Nested(&VLAN_QOS),
        /// VLAN protocol (big-endian EtherType, see [`vlan_proto`](super::vlan_proto)).
        PROTOCOL = 5 => Value::Be16,
    }
}

attr_set! {
    /// `IFLA_VLAN_EGRESS_QOS` / `IFLA_VLAN_INGRESS_QOS` contents.
    pub mod vlan_qos, pub static VLAN_QOS = "IFLA_VLAN_QOS_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// One mapping (`struct ifla_vlan_qos_mapping`); repeated.
        MAPPING = 1 => Value::Custom(fmt_qos_mapping),
    }
}

attr_set! {
    /// VXLAN `IFLA_INFO_DATA` (`IFLA_VXLAN_*`), Linux 6.18.
    pub mod vxlan, pub static VXLAN = "IFLA_VXLAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// VXLAN network identifier (host order).
        ID = 1 => Value::U32,
        /// Remote or multicast group IPv4 address.
        GROUP = 2 => Value::Ip,
        /// Lower device (ifindex).
        LINK = 3 => Value::U32,
        /// Local IPv4 address.
        LOCAL = 4 => Value::Ip,
        /// TTL (0 inherits).
        TTL = 5 => Value::U8,
        /// TOS (1 inherits).
        TOS = 6 => Value::U8,
        /// FDB learning.
        LEARNING = 7 => Value::U8,
        /// FDB ageing time in seconds.
        AGEING = 8 => Value::U32,
        /// Maximum FDB entries.
        LIMIT = 9 => Value::U32,
        /// UDP source port range (`struct ifla_vxlan_port_range`, big-endian).
        PORT_RANGE = 10 => Value::Custom(fmt_port_range),
        /// ARP/ND proxy.
        PROXY = 11 => Value::U8,
        /// Route short-circuit.
        RSC = 12 => Value::U8,
        /// Layer 2 miss notifications.
        L2MISS = 13 => Value::U8,
        /// Layer 3 miss notifications.
        L3MISS = 14 => Value::U8,
        /// UDP destination port (big-endian).
        PORT = 15 => Value::Be16,
        /// Remote or multicast group IPv6 address.
        GROUP6 = 16 => Value::Ip,
        /// Local IPv6 address.
        LOCAL6 = 17 => Value::Ip,
        /// UDP checksums (IPv4).
        UDP_CSUM = 18 => Value::U8,
        /// Zero UDP checksums on transmit (IPv6).
        UDP_ZERO_CSUM6_TX = 19 => Value::U8,
        /// Accept zero UDP checksums (IPv6).
        UDP_ZERO_CSUM6_RX = 20 => Value::U8,
        /// Remote checksum offload on transmit.
        REMCSUM_TX = 21 => Value::U8,
        /// Remote checksum offload on receive.
        REMCSUM_RX = 22 => Value::U8,
        /// Group policy extension.
        GBP = 23 => Value::Flag,
        /// No partial remote checksum offload.
        REMCSUM_NOPARTIAL = 24 => Value::Flag,
        /// External (metadata) mode.
        COLLECT_METADATA = 25 => Value::U8,
        /// IPv6 flow label (big-endian).
        LABEL = 26 => Value::Be32,
        /// Generic protocol extension.
        GPE = 27 => Value::Flag,
        /// Inherit TTL from the inner packet.
        TTL_INHERIT = 28 => Value::Flag,
        /// Don't-fragment setting (`VXLAN_DF_*`).
        DF = 29 => Value::U8,
        /// Per-VNI filtering (metadata mode).
        VNIFILTER = 30 => Value::U8,
        /// Bypass local delivery to local VXLAN devices.
        LOCALBYPASS = 31 => Value::U8,
        /// IPv6 flow label policy (`VXLAN_LABEL_*`).
        LABEL_POLICY = 32 => Value::U32,
        /// Reserved header bits accepted on receive (`struct vxlanhdr`).
        RESERVED_BITS = 33 => Value::Struct("vxlanhdr", 8),
        /// Route multicast through the routing table.
        MC_ROUTE = 34 => Value::U8,
    }
}

attr_set! {
    /// macvlan/macvtap `IFLA_INFO_DATA` (`IFLA_MACVLAN_*`).
    pub mod macvlan, pub static MACVLAN = "IFLA_MACVLAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mode ([`macvlan_mode`](super::macvlan_mode)).
        MODE = 1 => Value::Custom(fmt_macvlan_mode),
        /// Flags ([`macvlan_flag`](super::macvlan_flag)).
        FLAGS = 2 => Value::U16,
        /// Source-address list operation ([`macvlan_macaddr_mode`](super::macvlan_macaddr_mode)).
        MACADDR_MODE = 3 => Value::U32,
        /// One source MAC address.
        MACADDR = 4 => Value::HwAddr,
        /// Source MAC address list (nested `IFLA_MACVLAN_MACADDR`).
        MACADDR_DATA = 5 => Value::Nested(&MACVLAN),
        /// Number of source MAC addresses.
        MACADDR_COUNT = 6 => Value::U32,
        /// Broadcast queue length.
        BC_QUEUE_LEN = 7 => Value::U32,
        /// Broadcast queue length in use.
        BC_QUEUE_LEN_USED = 8 => Value::U32,
        /// Broadcast cutoff (-1 disables).
        BC_CUTOFF = 9 => Value::S32,
    }
}

attr_set! {
    /// Bonding `IFLA_INFO_DATA` (`IFLA_BOND_*`), Linux 6.18.
    pub mod bond, pub static BOND = "IFLA_BOND_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mode ([`bond_mode`](super::bond_mode)).
        MODE = 1 => Value::Custom(fmt_bond_mode),
        /// Active slave (ifindex).
        ACTIVE_SLAVE = 2 => Value::U32,
        /// MII link monitoring interval (ms).
        MIIMON = 3 => Value::U32,
        /// Delay before enabling a slave (ms).
        UPDELAY = 4 => Value::U32,
        /// Delay before disabling a slave (ms).
        DOWNDELAY = 5 => Value::U32,
        /// Use carrier state for link monitoring.
        USE_CARRIER = 6 => Value::U8,
        /// ARP monitoring interval (ms).
        ARP_INTERVAL = 7 => Value::U32,
        /// ARP targets: a nest of IPv4 addresses indexed from 0.
        ARP_IP_TARGET = 8 => Value::Custom(fmt_ip_list),
        /// ARP validation.
        ARP_VALIDATE = 9 => Value::U32,
        /// All ARP targets must be up.
        ARP_ALL_TARGETS = 10 => Value::U32,
        /// Primary slave (ifindex).
        PRIMARY = 11 => Value::U32,
        /// Primary reselection policy.
        PRIMARY_RESELECT = 12 => Value::U8,
        /// Fail-over MAC policy.
        FAIL_OVER_MAC = 13 => Value::U8,
        /// Transmit hash policy.
        XMIT_HASH_POLICY = 14 => Value::U8,
        /// IGMP reports to resend after a failover.
        RESEND_IGMP = 15 => Value::U32,
        /// Peer notifications after a failover.
        NUM_PEER_NOTIF = 16 => Value::U8,
        /// Deliver on all slaves.
        ALL_SLAVES_ACTIVE = 17 => Value::U8,
        /// Minimum links for carrier.
        MIN_LINKS = 18 => Value::U32,
        /// Learning packet interval (s).
        LP_INTERVAL = 19 => Value::U32,
        /// Packets per slave (balance-rr).
        PACKETS_PER_SLAVE = 20 => Value::U32,
        /// LACP rate (0 slow, 1 fast).
        AD_LACP_RATE = 21 => Value::U8,
        /// Aggregator selection.
        AD_SELECT = 22 => Value::U8,
        /// 802.3ad aggregator information.
        AD_INFO = 23 => Value::Nested(&BOND_AD_INFO),
        /// LACP actor system priority.
        AD_ACTOR_SYS_PRIO = 24 => Value::U16,
        /// LACP user port key.
        AD_USER_PORT_KEY = 25 => Value::U16,
        /// LACP actor system MAC address.
        AD_ACTOR_SYSTEM = 26 => Value::HwAddr,
        /// Dynamic shuffling of flows (balance-tlb).
        TLB_DYNAMIC_LB = 27 => Value::U8,
        /// Delay between peer notifications (ms).
        PEER_NOTIF_DELAY = 28 => Value::U32,
        /// LACP active.
        AD_LACP_ACTIVE = 29 => Value::U8,
        /// ARP monitor missed probes before down.
        MISSED_MAX = 30 => Value::U8,
        /// NS targets: a nest of IPv6 addresses indexed from 0.
        NS_IP6_TARGET = 31 => Value::Custom(fmt_ip_list),
        /// Coupled control of collecting/distributing (802.3ad).
        COUPLED_CONTROL = 32 => Value::U8,
        /// Broadcast neighbour (ARP/NA) packets on all slaves (802.3ad).
        BROADCAST_NEIGH = 33 => Value::U8,
    }
}

attr_set! {
    /// `IFLA_BOND_AD_INFO` contents (`IFLA_BOND_AD_INFO_*`).
    pub mod bond_ad_info, pub static BOND_AD_INFO = "IFLA_BOND_AD_INFO_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Active aggregator id.
        AGGREGATOR = 1 => Value::U16,
        /// Ports in the aggregator.
        NUM_PORTS = 2 => Value::U16,
        /// Actor key.
        ACTOR_KEY = 3 => Value::U16,
        /// Partner key.
        PARTNER_KEY = 4 => Value::U16,
        /// Partner MAC address.
        PARTNER_MAC = 5 => Value::HwAddr,
    }
}

attr_set! {
    /// Bond slave `IFLA_INFO_SLAVE_DATA` (`IFLA_BOND_SLAVE_*`), Linux 6.18.
    pub mod bond_slave, pub static BOND_SLAVE = "IFLA_BOND_SLAVE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// State (0 active, 1 backup).
        STATE = 1 => Value::U8,
        /// MII status (0 up, 1 fail, 2 down, 3 back).
        MII_STATUS = 2 => Value::U8,
        /// Link failures.
        LINK_FAILURE_COUNT = 3 => Value::U32,
        /// Permanent hardware address.
        PERM_HWADDR = 4 => Value::HwAddr,
        /// Queue id.
        QUEUE_ID = 5 => Value::U16,
        /// 802.3ad aggregator id.
        AD_AGGREGATOR_ID = 6 => Value::U16,
        /// 802.3ad actor operational port state.
        AD_ACTOR_OPER_PORT_STATE = 7 => Value::U8,
        /// 802.3ad partner operational port state (the kernel sends a `u16`).
        AD_PARTNER_OPER_PORT_STATE = 8 => Value::U16,
        /// Slave priority for primary reselection.
        PRIO = 9 => Value::S32,
        /// LACP actor port priority.
        ACTOR_PORT_PRIO = 10 => Value::U16,
    }
}

attr_set! {
    /// ipvlan/ipvtap `IFLA_INFO_DATA` (`IFLA_IPVLAN_*`).
    pub mod ipvlan, pub static IPVLAN = "IFLA_IPVLAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mode ([`ipvlan_mode`](super::ipvlan_mode)).
        MODE = 1 => Value::Custom(fmt_ipvlan_mode),
        /// Flags ([`ipvlan_flag`](super::ipvlan_flag)).
        FLAGS = 2 => Value::U16,
    }
}

attr_set! {
    /// VRF `IFLA_INFO_DATA` (`IFLA_VRF_*`).
    pub mod vrf, pub static VRF = "IFLA_VRF_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Routing table id.
        TABLE = 1 => Value::U32,
    }
}

attr_set! {
    /// VRF port `IFLA_INFO_SLAVE_DATA` (`IFLA_VRF_PORT_*`).
    pub mod vrf_port, pub static VRF_PORT = "IFLA_VRF_PORT_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The VRF's routing table id.
        TABLE = 1 => Value::U32,
    }
}

attr_set! {
    /// tun/tap `IFLA_INFO_DATA` (`IFLA_TUN_*`).
    pub mod tun, pub static TUN = "IFLA_TUN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Owner uid.
        OWNER = 1 => Value::U32,
        /// Owner gid.
        GROUP = 2 => Value::U32,
        /// Device type (`IFF_TUN` 1, `IFF_TAP` 2).
        TYPE = 3 => Value::U8,
        /// Packet information header.
        PI = 4 => Value::U8,
        /// Virtio-net header.
        VNET_HDR = 5 => Value::U8,
        /// Persistent.
        PERSIST = 6 => Value::U8,
        /// Multi-queue.
        MULTI_QUEUE = 7 => Value::U8,
        /// Attached queues.
        NUM_QUEUES = 8 => Value::U32,
        /// Disabled queues.
        NUM_DISABLED_QUEUES = 9 => Value::U32,
    }
}

attr_set! {
    /// GRE family `IFLA_INFO_DATA` (`IFLA_GRE_*`): gre, gretap, erspan, ip6gre,
    /// ip6gretap, ip6erspan. Addresses are IPv4 or IPv6 by kind.
    pub mod gre, pub static GRE = "IFLA_GRE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Lower device (ifindex).
        LINK = 1 => Value::U32,
        /// Input GRE flags (big-endian `GRE_*`).
        IFLAGS = 2 => Value::Be16,
        /// Output GRE flags (big-endian `GRE_*`).
        OFLAGS = 3 => Value::Be16,
        /// Input key (big-endian).
        IKEY = 4 => Value::Be32,
        /// Output key (big-endian).
        OKEY = 5 => Value::Be32,
        /// Local address.
        LOCAL = 6 => Value::Ip,
        /// Remote address.
        REMOTE = 7 => Value::Ip,
        /// TTL / hop limit.
        TTL = 8 => Value::U8,
        /// TOS.
        TOS = 9 => Value::U8,
        /// Path MTU discovery.
        PMTUDISC = 10 => Value::U8,
        /// IPv6 encapsulation limit.
        ENCAP_LIMIT = 11 => Value::U8,
        /// IPv6 flow info (big-endian).
        FLOWINFO = 12 => Value::Be32,
        /// IPv6 tunnel flags (`IP6_TNL_F_*`).
        FLAGS = 13 => Value::U32,
        /// Encapsulation type (`TUNNEL_ENCAP_*`).
        ENCAP_TYPE = 14 => Value::U16,
        /// Encapsulation flags.
        ENCAP_FLAGS = 15 => Value::U16,
        /// Encapsulation UDP source port (big-endian).
        ENCAP_SPORT = 16 => Value::Be16,
        /// Encapsulation UDP destination port (big-endian).
        ENCAP_DPORT = 17 => Value::Be16,
        /// External (metadata) mode.
        COLLECT_METADATA = 18 => Value::Flag,
        /// Ignore the DF bit.
        IGNORE_DF = 19 => Value::U8,
        /// Firewall mark.
        FWMARK = 20 => Value::U32,
        /// ERSPAN v1 index.
        ERSPAN_INDEX = 21 => Value::U32,
        /// ERSPAN version.
        ERSPAN_VER = 22 => Value::U8,
        /// ERSPAN v2 direction.
        ERSPAN_DIR = 23 => Value::U8,
        /// ERSPAN v2 hardware id.
        ERSPAN_HWID = 24 => Value::U16,
    }
}

/// `IFLA_IPTUN_*` constants: ipip, sit and ip6tnl `IFLA_INFO_DATA` (see [`IPTUN`]). The
/// kernel's `IFLA_IPTUN_6RD_*` names start with a digit, so those constants are spelled
/// `SIXRD_*` here; the dissector prints the kernel's names.
pub mod iptun {
    /// Unused.
    pub const UNSPEC: u16 = 0;
    /// Lower device (ifindex).
    pub const LINK: u16 = 1;
    /// Local address.
    pub const LOCAL: u16 = 2;
    /// Remote address.
    pub const REMOTE: u16 = 3;
    /// TTL / hop limit.
    pub const TTL: u16 = 4;
    /// TOS.
    pub const TOS: u16 = 5;
    /// IPv6 encapsulation limit.
    pub const ENCAP_LIMIT: u16 = 6;
    /// IPv6 flow info (big-endian).
    pub const FLOWINFO: u16 = 7;
    /// Flags: big-endian `u16` for sit (`SIT_ISATAP`), `u32` for ip6tnl (`IP6_TNL_F_*`).
    pub const FLAGS: u16 = 8;
    /// Inner protocol (`IPPROTO_*`).
    pub const PROTO: u16 = 9;
    /// Path MTU discovery.
    pub const PMTUDISC: u16 = 10;
    /// `IFLA_IPTUN_6RD_PREFIX`: 6rd IPv6 prefix.
    pub const SIXRD_PREFIX: u16 = 11;
    /// `IFLA_IPTUN_6RD_RELAY_PREFIX`: 6rd IPv4 relay prefix.
    pub const SIXRD_RELAY_PREFIX: u16 = 12;
    /// `IFLA_IPTUN_6RD_PREFIXLEN`.
    pub const SIXRD_PREFIXLEN: u16 = 13;
    /// `IFLA_IPTUN_6RD_RELAY_PREFIXLEN`.
    pub const SIXRD_RELAY_PREFIXLEN: u16 = 14;
    /// Encapsulation type (`TUNNEL_ENCAP_*`).
    pub const ENCAP_TYPE: u16 = 15;
    /// Encapsulation flags.
    pub const ENCAP_FLAGS: u16 = 16;
    /// Encapsulation UDP source port (big-endian).
    pub const ENCAP_SPORT: u16 = 17;
    /// Encapsulation UDP destination port (big-endian).
    pub const ENCAP_DPORT: u16 = 18;
    /// External (metadata) mode.
    pub const COLLECT_METADATA: u16 = 19;
    /// Firewall mark.
    pub const FWMARK: u16 = 20;
}

const fn attr_desc(kind: u16, name: &'static str, value: Value) -> AttrDesc {
    AttrDesc { kind, name, value }
}

/// ipip, sit and ip6tnl `IFLA_INFO_DATA` (`IFLA_IPTUN_*`, constants in [`iptun`]).
/// Addresses are IPv4 or IPv6 by kind.
pub static IPTUN: AttrSet = AttrSet {
    prefix: "IFLA_IPTUN_",
    attrs: &[
        attr_desc(iptun::UNSPEC, "UNSPEC", Value::Unspec),
        attr_desc(iptun::LINK, "LINK", Value::U32),
        attr_desc(iptun::LOCAL, "LOCAL", Value::Ip),
        attr_desc(iptun::REMOTE, "REMOTE", Value::Ip),
        attr_desc(iptun::TTL, "TTL", Value::U8),
        attr_desc(iptun::TOS, "TOS", Value::U8),
        attr_desc(iptun::ENCAP_LIMIT, "ENCAP_LIMIT", Value::U8),
        attr_desc(iptun::FLOWINFO, "FLOWINFO", Value::Be32),
        attr_desc(iptun::FLAGS, "FLAGS", Value::Custom(fmt_iptun_flags)),
        attr_desc(iptun::PROTO, "PROTO", Value::U8),
        attr_desc(iptun::PMTUDISC, "PMTUDISC", Value::U8),
        attr_desc(iptun::SIXRD_PREFIX, "6RD_PREFIX", Value::Ip),
        attr_desc(iptun::SIXRD_RELAY_PREFIX, "6RD_RELAY_PREFIX", Value::Ip),
        attr_desc(iptun::SIXRD_PREFIXLEN, "6RD_PREFIXLEN", Value::U16),
        attr_desc(
            iptun::SIXRD_RELAY_PREFIXLEN,
            "6RD_RELAY_PREFIXLEN",
            Value::U16,
        ),
        attr_desc(iptun::ENCAP_TYPE, "ENCAP_TYPE", Value::U16),
        attr_desc(iptun::ENCAP_FLAGS, "ENCAP_FLAGS", Value::U16),
        attr_desc(iptun::ENCAP_SPORT, "ENCAP_SPORT", Value::Be16),
        attr_desc(iptun::ENCAP_DPORT, "ENCAP_DPORT", Value::Be16),
        attr_desc(iptun::COLLECT_METADATA, "COLLECT_METADATA", Value::Flag),
        attr_desc(iptun::FWMARK, "FWMARK", Value::U32),
    ],
};

attr_set! {
    /// vti/vti6 `IFLA_INFO_DATA` (`IFLA_VTI_*`).
    pub mod vti, pub static VTI = "IFLA_VTI_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Lower device (ifindex).
        LINK = 1 => Value::U32,
        /// Input key (big-endian).
        IKEY = 2 => Value::Be32,
        /// Output key (big-endian).
        OKEY = 3 => Value::Be32,
        /// Local address.
        LOCAL = 4 => Value::Ip,
        /// Remote address.
        REMOTE = 5 => Value::Ip,
        /// Firewall mark.
        FWMARK = 6 => Value::U32,
    }
}

attr_set! {
    /// GENEVE `IFLA_INFO_DATA` (`IFLA_GENEVE_*`), Linux 6.18.
    pub mod geneve, pub static GENEVE = "IFLA_GENEVE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Virtual network identifier.
        ID = 1 => Value::U32,
        /// Remote IPv4 address.
        REMOTE = 2 => Value::Ip,
        /// TTL.
        TTL = 3 => Value::U8,
        /// TOS.
        TOS = 4 => Value::U8,
        /// UDP destination port (big-endian).
        PORT = 5 => Value::Be16,
        /// External (metadata) mode.
        COLLECT_METADATA = 6 => Value::Flag,
        /// Remote IPv6 address.
        REMOTE6 = 7 => Value::Ip,
        /// UDP checksums (IPv4).
        UDP_CSUM = 8 => Value::U8,
        /// Zero UDP checksums on transmit (IPv6).
        UDP_ZERO_CSUM6_TX = 9 => Value::U8,
        /// Accept zero UDP checksums (IPv6).
        UDP_ZERO_CSUM6_RX = 10 => Value::U8,
        /// IPv6 flow label (big-endian).
        LABEL = 11 => Value::Be32,
        /// Inherit TTL from the inner packet.
        TTL_INHERIT = 12 => Value::U8,
        /// Don't-fragment setting (`GENEVE_DF_*`).
        DF = 13 => Value::U8,
        /// Inherit the inner protocol (no Ethernet header).
        INNER_PROTO_INHERIT = 14 => Value::Flag,
        /// UDP source port range (`struct ifla_geneve_port_range`, big-endian).
        PORT_RANGE = 15 => Value::Custom(fmt_port_range),
    }
}

attr_set! {
    /// xfrm interface `IFLA_INFO_DATA` (`IFLA_XFRM_*`).
    pub mod xfrm, pub static XFRM = "IFLA_XFRM_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Lower device (ifindex).
        LINK = 1 => Value::U32,
        /// Interface id matched by policies.
        IF_ID = 2 => Value::U32,
        /// External (metadata) mode.
        COLLECT_METADATA = 3 => Value::Flag,
    }
}

attr_set! {
    /// MACsec `IFLA_INFO_DATA` (`IFLA_MACSEC_*`).
    pub mod macsec, pub static MACSEC = "IFLA_MACSEC_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Secure channel identifier (8 bytes, network order).
        SCI = 1 => Value::Struct("sci", 8),
        /// Port (big-endian).
        PORT = 2 => Value::Be16,
        /// ICV length.
        ICV_LEN = 3 => Value::U8,
        /// Cipher suite id.
        CIPHER_SUITE = 4 => Value::U64,
        /// Replay window.
        WINDOW = 5 => Value::U32,
        /// Encoding association number.
        ENCODING_SA = 6 => Value::U8,
        /// Encryption.
        ENCRYPT = 7 => Value::U8,
        /// Frame protection.
        PROTECT = 8 => Value::U8,
        /// Include the SCI.
        INC_SCI = 9 => Value::U8,
        /// End station.
        ES = 10 => Value::U8,
        /// Single copy broadcast.
        SCB = 11 => Value::U8,
        /// Replay protection.
        REPLAY_PROTECT = 12 => Value::U8,
        /// Validation (`MACSEC_VALIDATE_*`).
        VALIDATION = 13 => Value::U8,
        /// Padding for 64-bit alignment.
        PAD = 14 => Value::Binary,
        /// Offload (`MACSEC_OFFLOAD_*`).
        OFFLOAD = 15 => Value::U8,
    }
}

attr_set! {
    /// HSR/PRP `IFLA_INFO_DATA` (`IFLA_HSR_*`).
    pub mod hsr, pub static HSR = "IFLA_HSR_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// First slave (ifindex).
        SLAVE1 = 1 => Value::U32,
        /// Second slave (ifindex).
        SLAVE2 = 2 => Value::U32,
        /// Last byte of the supervision address.
        MULTICAST_SPEC = 3 => Value::U8,
        /// Supervision frame multicast address.
        SUPERVISION_ADDR = 4 => Value::HwAddr,
        /// Sequence number.
        SEQ_NR = 5 => Value::U16,
        /// HSR version.
        VERSION = 6 => Value::U8,
        /// Protocol (`HSR_PROTOCOL_*`: 0 HSR, 1 PRP).
        PROTOCOL = 7 => Value::U8,
        /// Interlink device (ifindex).
        INTERLINK = 8 => Value::U32,
    }
}

attr_set! {
    /// netkit `IFLA_INFO_DATA` (`IFLA_NETKIT_*`).
    pub mod netkit, pub static NETKIT = "IFLA_NETKIT_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The peer: an `ifinfomsg` followed by `IFLA_*` attributes (requests).
        PEER_INFO = 1 => Value::Custom(fmt_peer),
        /// Whether this is the primary device.
        PRIMARY = 2 => Value::U8,
        /// Default action (`NETKIT_*`).
        POLICY = 3 => Value::U32,
        /// Peer's default action.
        PEER_POLICY = 4 => Value::U32,
        /// Mode (`NETKIT_L2`, `NETKIT_L3`).
        MODE = 5 => Value::U32,
        /// Scrubbing (`NETKIT_SCRUB_*`).
        SCRUB = 6 => Value::U32,
        /// Peer's scrubbing.
        PEER_SCRUB = 7 => Value::U32,
        /// Needed headroom.
        HEADROOM = 8 => Value::U16,
        /// Needed tailroom.
        TAILROOM = 9 => Value::U16,
    }
}

attr_set! {
    /// vxcan `IFLA_INFO_DATA` (`VXCAN_INFO_*`).
    pub mod vxcan, pub static VXCAN = "VXCAN_INFO_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The peer: an `ifinfomsg` followed by `IFLA_*` attributes.
        PEER = 1 => Value::Custom(fmt_peer),
    }
}

attr_set! {
    /// IPoIB `IFLA_INFO_DATA` (`IFLA_IPOIB_*`).
    pub mod ipoib, pub static IPOIB = "IFLA_IPOIB_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Partition key.
        PKEY = 1 => Value::U16,
        /// Mode (0 datagram, 1 connected).
        MODE = 2 => Value::U16,
        /// Allow user multicast.
        UMCAST = 3 => Value::U16,
    }
}

attr_set! {
    /// Bare UDP `IFLA_INFO_DATA` (`IFLA_BAREUDP_*`).
    pub mod bareudp, pub static BAREUDP = "IFLA_BAREUDP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// UDP destination port (big-endian).
        PORT = 1 => Value::Be16,
        /// Inner EtherType (big-endian).
        ETHERTYPE = 2 => Value::Be16,
        /// Minimum UDP source port.
        SRCPORT_MIN = 3 => Value::U16,
        /// Multiprotocol mode.
        MULTIPROTO_MODE = 4 => Value::Flag,
    }
}

attr_set! {
    /// GTP `IFLA_INFO_DATA` (`IFLA_GTP_*`).
    pub mod gtp, pub static GTP = "IFLA_GTP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// GTPv0 socket fd.
        FD0 = 1 => Value::U32,
        /// GTPv1-U socket fd.
        FD1 = 2 => Value::U32,
        /// PDP context hash size.
        PDP_HASHSIZE = 3 => Value::U32,
        /// Role (0 GGSN, 1 SGSN).
        ROLE = 4 => Value::U32,
        /// Create the sockets in the kernel.
        CREATE_SOCKETS = 5 => Value::U8,
        /// Restart counter.
        RESTART_COUNT = 6 => Value::U8,
        /// Local IPv4 address.
        LOCAL = 7 => Value::Ip,
        /// Local IPv6 address.
        LOCAL6 = 8 => Value::Ip,
    }
}

attr_set! {
    /// PPP `IFLA_INFO_DATA` (`IFLA_PPP_*`).
    pub mod ppp, pub static PPP = "IFLA_PPP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// `/dev/ppp` file descriptor.
        DEV_FD = 1 => Value::S32,
    }
}

attr_set! {
    /// rmnet `IFLA_INFO_DATA` (`IFLA_RMNET_*`).
    pub mod rmnet, pub static RMNET = "IFLA_RMNET_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mux id.
        MUX_ID = 1 => Value::U16,
        /// Flags and mask (`struct ifla_rmnet_flags`).
        FLAGS = 2 => Value::Struct("ifla_rmnet_flags", 8),
    }
}

attr_set! {
    /// DSA user port `IFLA_INFO_DATA` (`IFLA_DSA_*`).
    pub mod dsa, pub static DSA = "IFLA_DSA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Conduit device (ifindex; formerly `IFLA_DSA_MASTER`).
        CONDUIT = 1 => Value::U32,
    }
}

attr_set! {
    /// OpenVPN data channel offload `IFLA_INFO_DATA` (`IFLA_OVPN_*`).
    pub mod ovpn, pub static OVPN = "IFLA_OVPN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Mode (0 P2P, 1 MP).
        MODE = 1 => Value::U8,
    }
}

/// The (empty) set of kinds that send no `IFLA_INFO_DATA` (dummy, ifb, wireguard, nlmon,
/// team, …): any attribute found is printed raw and counted as unknown.
pub static NO_DATA: AttrSet = AttrSet {
    prefix: "",
    attrs: &[],
};

/// `IFLA_INFO_DATA` attribute sets by `IFLA_INFO_KIND` (the kernel's `rtnl_link_ops`
/// kind names).
pub static INFO_DATA_KINDS: &[(&str, &AttrSet)] = &[
    ("veth", &VETH),
    ("bridge", &BRIDGE),
    ("vlan", &VLAN),
    ("vxlan", &VXLAN),
    ("macvlan", &MACVLAN),
    ("macvtap", &MACVLAN),
    ("bond", &BOND),
    ("ipvlan", &IPVLAN),
    ("ipvtap", &IPVLAN),
    ("vrf", &VRF),
    ("tun", &TUN),
    ("gre", &GRE),
    ("gretap", &GRE),
    ("erspan", &GRE),
    ("ip6gre", &GRE),
    ("ip6gretap", &GRE),
    ("ip6erspan", &GRE),
    ("ipip", &IPTUN),
    ("sit", &IPTUN),
    ("ip6tnl", &IPTUN),
    ("vti", &VTI),
    ("vti6", &VTI),
    ("geneve", &GENEVE),
    ("xfrm", &XFRM),
    ("macsec", &MACSEC),
    ("hsr", &HSR),
    ("netkit", &NETKIT),
    ("vxcan", &VXCAN),
    ("ipoib", &IPOIB),
    ("bareudp", &BAREUDP),
    ("gtp", &GTP),
    ("ppp", &PPP),
    ("rmnet", &RMNET),
    ("dsa", &DSA),
    ("ovpn", &OVPN),
    ("dummy", &NO_DATA),
    ("ifb", &NO_DATA),
    ("wireguard", &NO_DATA),
    ("nlmon", &NO_DATA),
    ("team", &NO_DATA),
    ("openvswitch", &NO_DATA),
    ("vcan", &NO_DATA),
    ("virt_wifi", &NO_DATA),
];

/// `IFLA_INFO_SLAVE_DATA` attribute sets by `IFLA_INFO_SLAVE_KIND` (the master's kind).
pub static INFO_SLAVE_DATA_KINDS: &[(&str, &AttrSet)] = &[
    ("bridge", &BRPORT),
    ("bond", &BOND_SLAVE),
    ("vrf", &VRF_PORT),
];

/// The `IFLA_INFO_DATA` attribute set of link kind `kind`, if known.
pub fn info_data_set(kind: &str) -> Option<&'static AttrSet> {
    lookup(INFO_DATA_KINDS, kind)
}

/// The `IFLA_INFO_SLAVE_DATA` attribute set of slave kind `kind`, if known.
pub fn info_slave_data_set(kind: &str) -> Option<&'static AttrSet> {
    lookup(INFO_SLAVE_DATA_KINDS, kind)
}

fn lookup(table: &[(&str, &'static AttrSet)], kind: &str) -> Option<&'static AttrSet> {
    table.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s)
}

// ---------------------------------------------------------------------------------------
// Printers for payloads no generic `Value` describes.
// ---------------------------------------------------------------------------------------

fn named<T: fmt::Display>(d: &mut Dissector<'_, '_>, v: T, name: Option<&str>) -> fmt::Result {
    match name {
        Some(n) => write!(d, " {n}"),
        None => write!(d, " {v}"),
    }
}

fn fmt_bond_mode(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(m) = a.u8() else { return Ok(false) };
    named(d, m, bond_mode::name(m))?;
    Ok(true)
}

fn fmt_macvlan_mode(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(m) = a.u32() else { return Ok(false) };
    named(d, m, macvlan_mode::name(m))?;
    Ok(true)
}

fn fmt_ipvlan_mode(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(m) = a.u16() else { return Ok(false) };
    named(d, m, ipvlan_mode::name(m))?;
    Ok(true)
}

/// `struct ifla_bridge_id` as `ip` prints it: `8000.aa:bb:cc:dd:ee:ff`.
fn fmt_bridge_id(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(id) = a.view::<BridgeId>() else {
        return Ok(false);
    };
    write!(d, " {:02x}{:02x}.", id.prio[0], id.prio[1])?;
    d.mac(&id.addr)?;
    Ok(true)
}

/// `struct ifla_vlan_qos_mapping` as `from:to`.
fn fmt_qos_mapping(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(m) = a.view::<VlanQosMapping>() else {
        return Ok(false);
    };
    write!(d, " {}:{}", m.from.get(), m.to.get())?;
    Ok(true)
}

/// A big-endian `low`, `high` port pair as `low-high`.
fn fmt_port_range(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(r) = PortRange::from_attr(a) else {
        return Ok(false);
    };
    write!(d, " {}-{}", r.low, r.high)?;
    Ok(true)
}

/// `IFLA_IPTUN_FLAGS`: a big-endian `u16` (sit) or a `u32` (ip6tnl), in hex.
fn fmt_iptun_flags(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    if let Ok(v) = a.be_u16() {
        write!(d, " {v:#06x}")?;
    } else if let Ok(v) = a.u32() {
        write!(d, " {v:#x}")?;
    } else {
        return Ok(false);
    }
    Ok(true)
}

/// A nest of addresses, each an attribute whose type is its index (bonding's
/// `ARP_IP_TARGET` and `NS_IP6_TARGET`), one per line as `[index] address`.
fn fmt_ip_list(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    if a.nested().validate().is_err() {
        return Ok(false);
    }
    d.deeper(|d| {
        for item in a.nested().flatten() {
            d.line()?;
            match item.ip() {
                Ok(ip) => write!(d, "[{}] {ip}", item.kind())?,
                Err(_) => {
                    d.stats.malformed += 1;
                    write!(d, "[{}] !! {} bytes: ", item.kind(), item.payload().len())?;
                    d.hex(item.payload())?;
                }
            }
        }
        Ok(())
    })?;
    Ok(true)
}

/// A peer device (netkit, vxcan): an `ifinfomsg` followed by `IFLA_*` attributes.
fn fmt_peer(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok((hdr, rest)) = IfInfoMsg::ref_from_prefix(a.payload()) else {
        return Ok(false);
    };
    let inner = Attr::from_parts(
        a.raw_kind(),
        rest,
        a.offset().saturating_add(IfInfoMsg::LEN),
    );
    if inner.nested().validate().is_err() {
        return Ok(false);
    }
    write!(d, " ifinfomsg index {}", hdr.index.get())?;
    d.nested(&inner, &IFLA)?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------
// Fixed structures.
// ---------------------------------------------------------------------------------------

/// `struct ifla_bridge_id` (`IFLA_BR_ROOT_ID`, `IFLA_BR_BRIDGE_ID`, `IFLA_BRPORT_*_ID`).
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
pub struct BridgeId {
    /// Priority, big-endian.
    pub prio: [u8; 2],
    /// MAC address.
    pub addr: [u8; 6],
}

impl BridgeId {
    /// The priority in host order.
    pub fn priority(&self) -> u16 {
        u16::from_be_bytes(self.prio)
    }
}

/// `struct ifla_vlan_flags` (`IFLA_VLAN_FLAGS`): the flags to set and which of them to
/// change ([`vlan_flag`]).
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
pub struct VlanFlags {
    /// `VLAN_FLAG_*` values.
    pub flags: U32,
    /// Which flags a request changes.
    pub mask: U32,
}

impl VlanFlags {
    /// Flags `flags` changed under `mask`.
    pub fn new(flags: u32, mask: u32) -> Self {
        Self {
            flags: U32::new(flags),
            mask: U32::new(mask),
        }
    }
}

/// `struct ifla_vlan_qos_mapping` (`IFLA_VLAN_QOS_MAPPING`).
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
pub struct VlanQosMapping {
    /// Priority mapped from (skb priority for egress, PCP for ingress).
    pub from: U32,
    /// Priority mapped to.
    pub to: U32,
}

impl VlanQosMapping {
    /// A mapping `from` → `to`.
    pub fn new(from: u32, to: u32) -> Self {
        Self {
            from: U32::new(from),
            to: U32::new(to),
        }
    }
}

/// `struct br_boolopt_multi` (`IFLA_BR_MULTI_BOOLOPT`): bridge boolean options
/// (`BR_BOOLOPT_*` bit numbers) and which of them to change.
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
pub struct BrBooloptMulti {
    /// Option values.
    pub optval: U32,
    /// Which options a request changes.
    pub optmask: U32,
}

/// A UDP source port range (`struct ifla_vxlan_port_range`, `struct
/// ifla_geneve_port_range`), in host order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct PortRange {
    /// Lowest port.
    pub low: u16,
    /// Highest port.
    pub high: u16,
}

impl PortRange {
    /// Reads the 4-byte big-endian wire form.
    pub fn from_attr(a: &Attr<'_>) -> Result<Self, DecodeError> {
        let raw = a.view::<[u8; 4]>()?;
        Ok(Self {
            low: u16::from_be_bytes([raw[0], raw[1]]),
            high: u16::from_be_bytes([raw[2], raw[3]]),
        })
    }

    /// The 4-byte big-endian wire form.
    pub fn to_bytes(&self) -> [u8; 4] {
        let [a, b] = self.low.to_be_bytes();
        let [c, d] = self.high.to_be_bytes();
        [a, b, c, d]
    }
}

// ---------------------------------------------------------------------------------------
// Typed views.
// ---------------------------------------------------------------------------------------

macro_rules! kind_view {
    (
        $(#[$m:meta])*
        $name:ident, kinds $kinds:expr, slots $slots:expr
    ) => {
        $(#[$m])*
        ///
        /// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
        /// attribute and its offset) when it is present with a payload of the wrong size;
        /// a malformed attribute does not affect the others. Repeated attributes: the last
        /// one wins.
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a> {
            bytes: &'a [u8],
            base: usize,
            tb: AttrTable<'a, { $slots }>,
        }

        impl<'a> $name<'a> {
            /// The link kinds whose `IFLA_INFO_DATA` this view reads.
            pub const KINDS: &'static [&'static str] = $kinds;

            /// Indexes the contents of an `IFLA_INFO_DATA` nest (`LinkInfo::data` →
            /// `Attr::nested`). Fails only on broken attribute framing.
            pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
                let bytes = attrs.bytes();
                let base = attrs.base_offset();
                let tb = AttrTable::parse(attrs)?;
                Ok(Self { bytes, base, tb })
            }

            /// The view of `info`'s data when its kind is one of [`Self::KINDS`];
            /// `Ok(None)` for other kinds or when there is no `IFLA_INFO_DATA`.
            pub fn from_link_info(info: &LinkInfo<'a>) -> Result<Option<Self>, DecodeError> {
                match (info.kind, info.data) {
                    (Some(k), Some(data)) if Self::KINDS.iter().any(|x| *x == k) => {
                        Self::parse(data.nested()).map(Some)
                    }
                    _ => Ok(None),
                }
            }

            /// The raw attribute of type `kind` (including types newer than this crate);
            /// the last one if repeated.
            pub fn attr(&self, kind: u16) -> Option<Attr<'a>> {
                self.tb.get(kind)
            }

            /// All attributes in wire order.
            pub fn attrs(&self) -> Attrs<'a> {
                Attrs::with_offset(self.bytes, self.base)
            }

            #[allow(dead_code)]
            fn bool_attr(&self, kind: u16) -> Result<Option<bool>, DecodeError> {
                self.tb.get(kind).map(|a| a.u8().map(|v| v != 0)).transpose()
            }

            #[allow(dead_code)]
            fn flag_attr(&self, kind: u16) -> Result<bool, DecodeError> {
                match self.tb.get(kind) {
                    Some(a) => a.flag().map(|()| true),
                    None => Ok(false),
                }
            }
        }
    };
}

macro_rules! bool_getters {
    ($($(#[$m:meta])* $fn:ident: $attr:expr;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $fn(&self) -> Result<Option<bool>, DecodeError> {
            self.bool_attr($attr)
        }
    )*};
}

const BR_SLOTS: usize = br::FDB_MAX_LEARNED as usize + 1;
const VLAN_SLOTS: usize = vlan::PROTOCOL as usize + 1;
const VXLAN_SLOTS: usize = vxlan::MC_ROUTE as usize + 1;
const BOND_SLOTS: usize = bond::BROADCAST_NEIGH as usize + 1;

kind_view! {
    /// A bridge's `IFLA_INFO_DATA` (`IFLA_BR_*`), indexed once; fields decode on access.
    /// Times are in hundredths of a second.
    BridgeInfo, kinds &["bridge"], slots BR_SLOTS
}

impl<'a> BridgeInfo<'a> {
    getters! {
        /// `IFLA_BR_FORWARD_DELAY` (1/100 s).
        forward_delay: br::FORWARD_DELAY => u32 -> u32;
        /// `IFLA_BR_HELLO_TIME` (1/100 s).
        hello_time: br::HELLO_TIME => u32 -> u32;
        /// `IFLA_BR_MAX_AGE` (1/100 s).
        max_age: br::MAX_AGE => u32 -> u32;
        /// `IFLA_BR_AGEING_TIME` (1/100 s).
        ageing_time: br::AGEING_TIME => u32 -> u32;
        /// `IFLA_BR_STP_STATE` (0 off, 1 kernel STP, 2 user-space STP).
        stp_state: br::STP_STATE => u32 -> u32;
        /// `IFLA_BR_PRIORITY`.
        priority: br::PRIORITY => u16 -> u16;
        /// `IFLA_BR_VLAN_PROTOCOL`, host order (`0x8100`, `0x88a8`).
        vlan_protocol: br::VLAN_PROTOCOL => be_u16 -> u16;
        /// `IFLA_BR_VLAN_DEFAULT_PVID`.
        vlan_default_pvid: br::VLAN_DEFAULT_PVID => u16 -> u16;
        /// `IFLA_BR_GROUP_FWD_MASK`.
        group_fwd_mask: br::GROUP_FWD_MASK => u16 -> u16;
        /// `IFLA_BR_GROUP_ADDR`.
        group_addr: br::GROUP_ADDR => mac -> [u8; 6];
        /// `IFLA_BR_ROOT_PORT`.
        root_port: br::ROOT_PORT => u16 -> u16;
        /// `IFLA_BR_ROOT_PATH_COST`.
        root_path_cost: br::ROOT_PATH_COST => u32 -> u32;
        /// `IFLA_BR_HELLO_TIMER` (1/100 s).
        hello_timer: br::HELLO_TIMER => u64 -> u64;
        /// `IFLA_BR_GC_TIMER` (1/100 s).
        gc_timer: br::GC_TIMER => u64 -> u64;
        /// `IFLA_BR_MCAST_ROUTER`.
        mcast_router: br::MCAST_ROUTER => u8 -> u8;
        /// `IFLA_BR_MCAST_HASH_MAX`.
        mcast_hash_max: br::MCAST_HASH_MAX => u32 -> u32;
        /// `IFLA_BR_MCAST_IGMP_VERSION`.
        mcast_igmp_version: br::MCAST_IGMP_VERSION => u8 -> u8;
        /// `IFLA_BR_MCAST_MLD_VERSION`.
        mcast_mld_version: br::MCAST_MLD_VERSION => u8 -> u8;
        /// `IFLA_BR_FDB_N_LEARNED`.
        fdb_n_learned: br::FDB_N_LEARNED => u32 -> u32;
        /// `IFLA_BR_FDB_MAX_LEARNED`.
        fdb_max_learned: br::FDB_MAX_LEARNED => u32 -> u32;
    }

    bool_getters! {
        /// `IFLA_BR_VLAN_FILTERING`.
        vlan_filtering: br::VLAN_FILTERING;
        /// `IFLA_BR_VLAN_STATS_ENABLED`.
        vlan_stats_enabled: br::VLAN_STATS_ENABLED;
        /// `IFLA_BR_TOPOLOGY_CHANGE`.
        topology_change: br::TOPOLOGY_CHANGE;
        /// `IFLA_BR_MCAST_SNOOPING`.
        mcast_snooping: br::MCAST_SNOOPING;
        /// `IFLA_BR_MCAST_QUERIER`.
        mcast_querier: br::MCAST_QUERIER;
    }

    /// `IFLA_BR_ROOT_ID`.
    pub fn root_id(&self) -> Result<Option<BridgeId>, DecodeError> {
        self.tb
            .get(br::ROOT_ID)
            .map(|a| a.view::<BridgeId>().copied())
            .transpose()
    }

    /// `IFLA_BR_BRIDGE_ID`.
    pub fn bridge_id(&self) -> Result<Option<BridgeId>, DecodeError> {
        self.tb
            .get(br::BRIDGE_ID)
            .map(|a| a.view::<BridgeId>().copied())
            .transpose()
    }

    /// `IFLA_BR_MULTI_BOOLOPT`.
    pub fn multi_boolopt(&self) -> Result<Option<BrBooloptMulti>, DecodeError> {
        self.tb
            .get(br::MULTI_BOOLOPT)
            .map(|a| a.view_prefix::<BrBooloptMulti>().copied())
            .transpose()
    }
}

kind_view! {
    /// An 802.1Q VLAN's `IFLA_INFO_DATA` (`IFLA_VLAN_*`), indexed once.
    VlanInfo, kinds &["vlan"], slots VLAN_SLOTS
}

impl<'a> VlanInfo<'a> {
    getters! {
        /// `IFLA_VLAN_ID`.
        id: vlan::ID => u16 -> u16;
        /// `IFLA_VLAN_PROTOCOL`, host order (`0x8100`, `0x88a8`).
        protocol: vlan::PROTOCOL => be_u16 -> u16;
    }

    /// `IFLA_VLAN_FLAGS`.
    pub fn flags(&self) -> Result<Option<VlanFlags>, DecodeError> {
        self.tb
            .get(vlan::FLAGS)
            .map(|a| a.view::<VlanFlags>().copied())
            .transpose()
    }

    /// The `IFLA_VLAN_EGRESS_QOS` mappings, each a `Result`.
    pub fn egress_qos(&self) -> impl Iterator<Item = Result<VlanQosMapping, DecodeError>> + 'a {
        qos_mappings(self.tb.get(vlan::EGRESS_QOS))
    }

    /// The `IFLA_VLAN_INGRESS_QOS` mappings, each a `Result`.
    pub fn ingress_qos(&self) -> impl Iterator<Item = Result<VlanQosMapping, DecodeError>> + 'a {
        qos_mappings(self.tb.get(vlan::INGRESS_QOS))
    }
}

fn qos_mappings<'a>(
    nest: Option<Attr<'a>>,
) -> impl Iterator<Item = Result<VlanQosMapping, DecodeError>> + 'a {
    nest.into_iter().flat_map(|n| {
        n.nested()
            .of_kind(vlan_qos::MAPPING)
            .map(|r| r.and_then(|m| m.view::<VlanQosMapping>().copied()))
    })
}

kind_view! {
    /// A VXLAN device's `IFLA_INFO_DATA` (`IFLA_VXLAN_*`), indexed once.
    VxlanInfo, kinds &["vxlan"], slots VXLAN_SLOTS
}

impl<'a> VxlanInfo<'a> {
    getters! {
        /// `IFLA_VXLAN_ID`: the VNI.
        id: vxlan::ID => u32 -> u32;
        /// `IFLA_VXLAN_LINK`: the lower device's ifindex.
        link: vxlan::LINK => u32 -> u32;
        /// `IFLA_VXLAN_PORT`: the UDP destination port, host order.
        port: vxlan::PORT => be_u16 -> u16;
        /// `IFLA_VXLAN_TTL`.
        ttl: vxlan::TTL => u8 -> u8;
        /// `IFLA_VXLAN_TOS`.
        tos: vxlan::TOS => u8 -> u8;
        /// `IFLA_VXLAN_AGEING` (s).
        ageing: vxlan::AGEING => u32 -> u32;
        /// `IFLA_VXLAN_LIMIT`.
        limit: vxlan::LIMIT => u32 -> u32;
        /// `IFLA_VXLAN_LABEL`, host order.
        label: vxlan::LABEL => be_u32 -> u32;
        /// `IFLA_VXLAN_DF` (`VXLAN_DF_*`).
        df: vxlan::DF => u8 -> u8;
        /// `IFLA_VXLAN_LABEL_POLICY`.
        label_policy: vxlan::LABEL_POLICY => u32 -> u32;
    }

    bool_getters! {
        /// `IFLA_VXLAN_LEARNING`.
        learning: vxlan::LEARNING;
        /// `IFLA_VXLAN_PROXY`.
        proxy: vxlan::PROXY;
        /// `IFLA_VXLAN_L2MISS`.
        l2miss: vxlan::L2MISS;
        /// `IFLA_VXLAN_L3MISS`.
        l3miss: vxlan::L3MISS;
        /// `IFLA_VXLAN_UDP_CSUM`.
        udp_csum: vxlan::UDP_CSUM;
        /// `IFLA_VXLAN_COLLECT_METADATA`.
        collect_metadata: vxlan::COLLECT_METADATA;
        /// `IFLA_VXLAN_VNIFILTER`.
        vnifilter: vxlan::VNIFILTER;
        /// `IFLA_VXLAN_LOCALBYPASS`.
        localbypass: vxlan::LOCALBYPASS;
    }

    /// The remote or multicast group: `IFLA_VXLAN_GROUP` (IPv4), else `IFLA_VXLAN_GROUP6`.
    pub fn group(&self) -> Result<Option<IpAddr>, DecodeError> {
        self.addr(vxlan::GROUP, vxlan::GROUP6)
    }

    /// The local address: `IFLA_VXLAN_LOCAL` (IPv4), else `IFLA_VXLAN_LOCAL6`.
    pub fn local(&self) -> Result<Option<IpAddr>, DecodeError> {
        self.addr(vxlan::LOCAL, vxlan::LOCAL6)
    }

    fn addr(&self, v4: u16, v6: u16) -> Result<Option<IpAddr>, DecodeError> {
        if let Some(a) = self.tb.get(v4) {
            return a.ipv4().map(|ip| Some(IpAddr::V4(ip)));
        }
        self.tb
            .get(v6)
            .map(|a| a.ipv6().map(IpAddr::V6))
            .transpose()
    }

    /// `IFLA_VXLAN_PORT_RANGE`: the UDP source port range.
    pub fn port_range(&self) -> Result<Option<PortRange>, DecodeError> {
        self.tb
            .get(vxlan::PORT_RANGE)
            .map(|a| PortRange::from_attr(&a))
            .transpose()
    }

    /// Whether `IFLA_VXLAN_GBP` is present (errors if it has a payload).
    pub fn gbp(&self) -> Result<bool, DecodeError> {
        self.flag_attr(vxlan::GBP)
    }

    /// Whether `IFLA_VXLAN_GPE` is present (errors if it has a payload).
    pub fn gpe(&self) -> Result<bool, DecodeError> {
        self.flag_attr(vxlan::GPE)
    }

    /// Whether `IFLA_VXLAN_TTL_INHERIT` is present (errors if it has a payload).
    pub fn ttl_inherit(&self) -> Result<bool, DecodeError> {
        self.flag_attr(vxlan::TTL_INHERIT)
    }
}

kind_view! {
    /// A bond's `IFLA_INFO_DATA` (`IFLA_BOND_*`), indexed once.
    BondInfo, kinds &["bond"], slots BOND_SLOTS
}

impl<'a> BondInfo<'a> {
    getters! {
        /// `IFLA_BOND_MODE` ([`bond_mode`]).
        mode: bond::MODE => u8 -> u8;
        /// `IFLA_BOND_ACTIVE_SLAVE` (ifindex).
        active_slave: bond::ACTIVE_SLAVE => u32 -> u32;
        /// `IFLA_BOND_MIIMON` (ms).
        miimon: bond::MIIMON => u32 -> u32;
        /// `IFLA_BOND_UPDELAY` (ms).
        updelay: bond::UPDELAY => u32 -> u32;
        /// `IFLA_BOND_DOWNDELAY` (ms).
        downdelay: bond::DOWNDELAY => u32 -> u32;
        /// `IFLA_BOND_ARP_INTERVAL` (ms).
        arp_interval: bond::ARP_INTERVAL => u32 -> u32;
        /// `IFLA_BOND_ARP_VALIDATE`.
        arp_validate: bond::ARP_VALIDATE => u32 -> u32;
        /// `IFLA_BOND_PRIMARY` (ifindex).
        primary: bond::PRIMARY => u32 -> u32;
        /// `IFLA_BOND_PRIMARY_RESELECT`.
        primary_reselect: bond::PRIMARY_RESELECT => u8 -> u8;
        /// `IFLA_BOND_FAIL_OVER_MAC`.
        fail_over_mac: bond::FAIL_OVER_MAC => u8 -> u8;
        /// `IFLA_BOND_XMIT_HASH_POLICY`.
        xmit_hash_policy: bond::XMIT_HASH_POLICY => u8 -> u8;
        /// `IFLA_BOND_MIN_LINKS`.
        min_links: bond::MIN_LINKS => u32 -> u32;
        /// `IFLA_BOND_AD_LACP_RATE`.
        ad_lacp_rate: bond::AD_LACP_RATE => u8 -> u8;
        /// `IFLA_BOND_AD_SELECT`.
        ad_select: bond::AD_SELECT => u8 -> u8;
        /// `IFLA_BOND_AD_ACTOR_SYS_PRIO`.
        ad_actor_sys_prio: bond::AD_ACTOR_SYS_PRIO => u16 -> u16;
        /// `IFLA_BOND_AD_USER_PORT_KEY`.
        ad_user_port_key: bond::AD_USER_PORT_KEY => u16 -> u16;
        /// `IFLA_BOND_AD_ACTOR_SYSTEM`.
        ad_actor_system: bond::AD_ACTOR_SYSTEM => mac -> [u8; 6];
        /// `IFLA_BOND_PEER_NOTIF_DELAY` (ms).
        peer_notif_delay: bond::PEER_NOTIF_DELAY => u32 -> u32;
        /// `IFLA_BOND_MISSED_MAX`.
        missed_max: bond::MISSED_MAX => u8 -> u8;
    }

    bool_getters! {
        /// `IFLA_BOND_USE_CARRIER`.
        use_carrier: bond::USE_CARRIER;
        /// `IFLA_BOND_ALL_SLAVES_ACTIVE`.
        all_slaves_active: bond::ALL_SLAVES_ACTIVE;
        /// `IFLA_BOND_TLB_DYNAMIC_LB`.
        tlb_dynamic_lb: bond::TLB_DYNAMIC_LB;
        /// `IFLA_BOND_AD_LACP_ACTIVE`.
        ad_lacp_active: bond::AD_LACP_ACTIVE;
        /// `IFLA_BOND_COUPLED_CONTROL`.
        coupled_control: bond::COUPLED_CONTROL;
        /// `IFLA_BOND_BROADCAST_NEIGH`.
        broadcast_neigh: bond::BROADCAST_NEIGH;
    }

    /// The `IFLA_BOND_ARP_IP_TARGET` addresses in wire order, each a `Result`.
    pub fn arp_ip_targets(&self) -> impl Iterator<Item = Result<Ipv4Addr, DecodeError>> + 'a {
        self.tb
            .get(bond::ARP_IP_TARGET)
            .into_iter()
            .flat_map(|n| n.nested().map(|r| r.and_then(|a| a.ipv4())))
    }

    /// The `IFLA_BOND_NS_IP6_TARGET` addresses in wire order, each a `Result`.
    pub fn ns_ip6_targets(&self) -> impl Iterator<Item = Result<Ipv6Addr, DecodeError>> + 'a {
        self.tb
            .get(bond::NS_IP6_TARGET)
            .into_iter()
            .flat_map(|n| n.nested().map(|r| r.and_then(|a| a.ipv6())))
    }

    /// The `IFLA_BOND_AD_INFO` nest (`IFLA_BOND_AD_INFO_*`, see [`bond_ad_info`]).
    pub fn ad_info(&self) -> Option<Attrs<'a>> {
        self.tb.get(bond::AD_INFO).map(|a| a.nested())
    }
}

// ---------------------------------------------------------------------------------------
// Writers.
// ---------------------------------------------------------------------------------------

/// Writes a VLAN's `IFLA_INFO_DATA` contents: `IFLA_VLAN_ID`. Add `IFLA_VLAN_PROTOCOL`
/// (`put_be16`) or `IFLA_VLAN_FLAGS` (`put_struct` of a [`VlanFlags`]) in the same
/// closure if needed; the lower device goes in `IFLA_LINK` of the message itself.
pub fn create_vlan_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    id: u16,
) -> Result<(), EncodeError> {
    b.put_u16(vlan::ID, id)
}

/// Options of a new VXLAN device for [`create_vxlan_data`]; `None` leaves the kernel's
/// default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VxlanConfig {
    /// The VNI (`IFLA_VXLAN_ID`).
    pub id: u32,
    /// Remote or multicast group (`IFLA_VXLAN_GROUP` / `IFLA_VXLAN_GROUP6`).
    pub group: Option<IpAddr>,
    /// Local address (`IFLA_VXLAN_LOCAL` / `IFLA_VXLAN_LOCAL6`).
    pub local: Option<IpAddr>,
    /// UDP destination port, host order (`IFLA_VXLAN_PORT`; the kernel's default is 8472).
    pub port: Option<u16>,
    /// Lower device ifindex (`IFLA_VXLAN_LINK`).
    pub link: Option<u32>,
    /// TTL (`IFLA_VXLAN_TTL`).
    pub ttl: Option<u8>,
    /// FDB learning (`IFLA_VXLAN_LEARNING`).
    pub learning: Option<bool>,
}

/// Writes a VXLAN device's `IFLA_INFO_DATA` contents from `cfg`.
pub fn create_vxlan_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    cfg: &VxlanConfig,
) -> Result<(), EncodeError> {
    b.put_u32(vxlan::ID, cfg.id)?;
    match cfg.group {
        Some(IpAddr::V4(a)) => b.put_ipv4(vxlan::GROUP, a)?,
        Some(IpAddr::V6(a)) => b.put_ipv6(vxlan::GROUP6, a)?,
        None => {}
    }
    match cfg.local {
        Some(IpAddr::V4(a)) => b.put_ipv4(vxlan::LOCAL, a)?,
        Some(IpAddr::V6(a)) => b.put_ipv6(vxlan::LOCAL6, a)?,
        None => {}
    }
    if let Some(p) = cfg.port {
        b.put_be16(vxlan::PORT, p)?;
    }
    if let Some(l) = cfg.link {
        b.put_u32(vxlan::LINK, l)?;
    }
    if let Some(t) = cfg.ttl {
        b.put_u8(vxlan::TTL, t)?;
    }
    if let Some(l) = cfg.learning {
        b.put_u8(vxlan::LEARNING, u8::from(l))?;
    }
    Ok(())
}

/// Options of a new bridge for [`create_bridge_data`]; `None` leaves the kernel's
/// default. Times are in hundredths of a second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BridgeConfig {
    /// `IFLA_BR_STP_STATE` (0 off, 1 on).
    pub stp_state: Option<u32>,
    /// `IFLA_BR_FORWARD_DELAY`.
    pub forward_delay: Option<u32>,
    /// `IFLA_BR_HELLO_TIME`.
    pub hello_time: Option<u32>,
    /// `IFLA_BR_MAX_AGE`.
    pub max_age: Option<u32>,
    /// `IFLA_BR_AGEING_TIME`.
    pub ageing_time: Option<u32>,
    /// `IFLA_BR_PRIORITY`.
    pub priority: Option<u16>,
    /// `IFLA_BR_VLAN_FILTERING`.
    pub vlan_filtering: Option<bool>,
    /// `IFLA_BR_VLAN_PROTOCOL`, host order ([`vlan_proto`]).
    pub vlan_protocol: Option<u16>,
    /// `IFLA_BR_VLAN_DEFAULT_PVID`.
    pub vlan_default_pvid: Option<u16>,
    /// `IFLA_BR_MCAST_SNOOPING`.
    pub mcast_snooping: Option<bool>,
}

/// Writes a bridge's `IFLA_INFO_DATA` contents from `cfg` (nothing when every field is
/// `None`).
pub fn create_bridge_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    cfg: &BridgeConfig,
) -> Result<(), EncodeError> {
    let u32s = [
        (br::FORWARD_DELAY, cfg.forward_delay),
        (br::HELLO_TIME, cfg.hello_time),
        (br::MAX_AGE, cfg.max_age),
        (br::AGEING_TIME, cfg.ageing_time),
        (br::STP_STATE, cfg.stp_state),
    ];
    for (kind, v) in u32s {
        if let Some(v) = v {
            b.put_u32(kind, v)?;
        }
    }
    if let Some(p) = cfg.priority {
        b.put_u16(br::PRIORITY, p)?;
    }
    if let Some(f) = cfg.vlan_filtering {
        b.put_u8(br::VLAN_FILTERING, u8::from(f))?;
    }
    if let Some(p) = cfg.vlan_protocol {
        b.put_be16(br::VLAN_PROTOCOL, p)?;
    }
    if let Some(p) = cfg.vlan_default_pvid {
        b.put_u16(br::VLAN_DEFAULT_PVID, p)?;
    }
    if let Some(s) = cfg.mcast_snooping {
        b.put_u8(br::MCAST_SNOOPING, u8::from(s))?;
    }
    Ok(())
}

/// Writes a macvlan's (or macvtap's) `IFLA_INFO_DATA` contents: `IFLA_MACVLAN_MODE`
/// ([`macvlan_mode`]).
pub fn create_macvlan_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    mode: u32,
) -> Result<(), EncodeError> {
    b.put_u32(macvlan::MODE, mode)
}

/// Writes a bond's `IFLA_INFO_DATA` contents: `IFLA_BOND_MODE` ([`bond_mode`]). Add
/// `IFLA_BOND_MIIMON` and other options in the same closure if needed.
pub fn create_bond_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    mode: u8,
) -> Result<(), EncodeError> {
    b.put_u8(bond::MODE, mode)
}

/// Writes an ipvlan's (or ipvtap's) `IFLA_INFO_DATA` contents: `IFLA_IPVLAN_MODE`
/// ([`ipvlan_mode`]).
pub fn create_ipvlan_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    mode: u16,
) -> Result<(), EncodeError> {
    b.put_u16(ipvlan::MODE, mode)
}

/// Writes a VRF's `IFLA_INFO_DATA` contents: `IFLA_VRF_TABLE`.
pub fn create_vrf_data<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    table: u32,
) -> Result<(), EncodeError> {
    b.put_u32(vrf::TABLE, table)
}
