//! Family headers and constants for addresses and routes.
//!
//! **Temporary**: the codec's `rtnl::addr` and `rtnl::route` modules are being written;
//! when they land, these definitions are to be swapped for the codec's. Everything here is
//! crate-private and named after the kernel's UAPI (so some constants are unused).
#![allow(dead_code)]

/// `struct ifaddrmsg` (8 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct IfAddrMsg {
    pub family: u8,
    pub prefixlen: u8,
    pub flags: u8,
    pub scope: u8,
    pub index: u32,
}

impl IfAddrMsg {
    pub(crate) const LEN: usize = 8;

    pub(crate) fn parse(b: &[u8]) -> Option<Self> {
        let b: &[u8; 8] = b.get(..8)?.try_into().ok()?;
        Some(Self {
            family: b[0],
            prefixlen: b[1],
            flags: b[2],
            scope: b[3],
            index: u32::from_ne_bytes([b[4], b[5], b[6], b[7]]),
        })
    }

    pub(crate) fn bytes(&self) -> [u8; 8] {
        let i = self.index.to_ne_bytes();
        [
            self.family,
            self.prefixlen,
            self.flags,
            self.scope,
            i[0],
            i[1],
            i[2],
            i[3],
        ]
    }
}

/// `struct rtmsg` (12 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RtMsg {
    pub family: u8,
    pub dst_len: u8,
    pub src_len: u8,
    pub tos: u8,
    pub table: u8,
    pub protocol: u8,
    pub scope: u8,
    pub kind: u8,
    pub flags: u32,
}

impl RtMsg {
    pub(crate) const LEN: usize = 12;

    pub(crate) fn parse(b: &[u8]) -> Option<Self> {
        let b: &[u8; 12] = b.get(..12)?.try_into().ok()?;
        Some(Self {
            family: b[0],
            dst_len: b[1],
            src_len: b[2],
            tos: b[3],
            table: b[4],
            protocol: b[5],
            scope: b[6],
            kind: b[7],
            flags: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
        })
    }

    pub(crate) fn bytes(&self) -> [u8; 12] {
        let f = self.flags.to_ne_bytes();
        [
            self.family,
            self.dst_len,
            self.src_len,
            self.tos,
            self.table,
            self.protocol,
            self.scope,
            self.kind,
            f[0],
            f[1],
            f[2],
            f[3],
        ]
    }
}

/// `IFA_*` address attributes.
pub(crate) mod ifa {
    pub(crate) const ADDRESS: u16 = 1;
    pub(crate) const LOCAL: u16 = 2;
    pub(crate) const LABEL: u16 = 3;
    pub(crate) const BROADCAST: u16 = 4;
    pub(crate) const ANYCAST: u16 = 5;
    pub(crate) const CACHEINFO: u16 = 6;
    pub(crate) const MULTICAST: u16 = 7;
    pub(crate) const FLAGS: u16 = 8;
    pub(crate) const RT_PRIORITY: u16 = 9;
    pub(crate) const TARGET_NETNSID: u16 = 10;
    pub(crate) const PROTO: u16 = 11;
    pub(crate) const MAX: u16 = 11;
}

/// `IFA_F_*` address flags.
pub(crate) mod ifa_f {
    pub(crate) const SECONDARY: u32 = 0x01;
    pub(crate) const NODAD: u32 = 0x02;
    pub(crate) const OPTIMISTIC: u32 = 0x04;
    pub(crate) const DADFAILED: u32 = 0x08;
    pub(crate) const HOMEADDRESS: u32 = 0x10;
    pub(crate) const DEPRECATED: u32 = 0x20;
    pub(crate) const TENTATIVE: u32 = 0x40;
    pub(crate) const MANAGETEMPADDR: u32 = 0x100;
    pub(crate) const MCAUTOJOIN: u32 = 0x400;
    pub(crate) const NOPREFIXROUTE: u32 = 0x200;
    pub(crate) const PERMANENT: u32 = 0x80;
}

/// `RTA_*` route attributes.
pub(crate) mod rta {
    pub(crate) const DST: u16 = 1;
    pub(crate) const SRC: u16 = 2;
    pub(crate) const IIF: u16 = 3;
    pub(crate) const OIF: u16 = 4;
    pub(crate) const GATEWAY: u16 = 5;
    pub(crate) const PRIORITY: u16 = 6;
    pub(crate) const PREFSRC: u16 = 7;
    pub(crate) const METRICS: u16 = 8;
    pub(crate) const MULTIPATH: u16 = 9;
    pub(crate) const FLOW: u16 = 11;
    pub(crate) const CACHEINFO: u16 = 12;
    pub(crate) const TABLE: u16 = 15;
    pub(crate) const MARK: u16 = 16;
    pub(crate) const UID: u16 = 25;
    pub(crate) const MAX: u16 = 31;
}

/// `RTN_*` route types.
pub(crate) mod rtn {
    pub(crate) const UNSPEC: u8 = 0;
    pub(crate) const UNICAST: u8 = 1;
    pub(crate) const LOCAL: u8 = 2;
    pub(crate) const BROADCAST: u8 = 3;
    pub(crate) const ANYCAST: u8 = 4;
    pub(crate) const MULTICAST: u8 = 5;
    pub(crate) const BLACKHOLE: u8 = 6;
    pub(crate) const UNREACHABLE: u8 = 7;
    pub(crate) const PROHIBIT: u8 = 8;
    pub(crate) const THROW: u8 = 9;
    pub(crate) const MAX: u8 = 11;
}

/// `RTPROT_*` route protocols.
pub(crate) mod rtprot {
    pub(crate) const KERNEL: u8 = 2;
    /// `IFAPROT_KERNEL_LO`: `::1` made when the loopback comes up.
    pub(crate) const IFA_KERNEL_LO: u8 = 1;
    /// `IFAPROT_KERNEL_LL`: a link-local address made by addrconf.
    pub(crate) const IFA_KERNEL_LL: u8 = 3;
}

/// `RT_SCOPE_*`.
pub(crate) mod scope {
    pub(crate) const UNIVERSE: u8 = 0;
    pub(crate) const LINK: u8 = 253;
    pub(crate) const HOST: u8 = 254;
    pub(crate) const NOWHERE: u8 = 255;
}

/// `RT_TABLE_*`.
pub(crate) mod table {
    pub(crate) const UNSPEC: u32 = 0;
    pub(crate) const COMPAT: u8 = 252;
    pub(crate) const MAIN: u32 = 254;
    pub(crate) const LOCAL: u32 = 255;
}

/// `RTM_F_*` and `RTNH_F_*` flags.
pub(crate) mod rtm_f {
    pub(crate) const CLONED: u32 = 0x200;
    pub(crate) const PREFIX: u32 = 0x800;
    pub(crate) const LOOKUP_TABLE: u32 = 0x1000;
    pub(crate) const FIB_MATCH: u32 = 0x2000;
    /// `RTCF_LOCAL` as it shows in `rtm_flags` of a lookup reply.
    pub(crate) const RTCF_LOCAL: u32 = 0x8000_0000;
    pub(crate) const RTNH_DEAD: u32 = 0x01;
    pub(crate) const RTNH_ONLINK: u32 = 0x04;
    pub(crate) const RTNH_LINKDOWN: u32 = 0x10;
}

/// `struct rtnexthop` is 8 bytes: len u16, flags u8, hops u8, ifindex i32.
pub(crate) const RTNH_LEN: usize = 8;
