//! The fields each decoder reads, and where it puts them.

use core::hint::black_box;
use core::net::IpAddr;

/// What a route decoder reads from each `RTM_NEWROUTE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouteFields {
    /// The table id: `RTA_TABLE` when present, else `rtm_table`.
    pub table: u32,
    /// `RTA_DST`.
    pub dst: Option<IpAddr>,
    /// `rtm_dst_len`.
    pub dst_len: u8,
    /// `RTA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `RTA_OIF`.
    pub oif: Option<u32>,
    /// `RTA_PRIORITY`.
    pub priority: Option<u32>,
    /// `RTA_PREFSRC`.
    pub prefsrc: Option<IpAddr>,
    /// `rtm_protocol`.
    pub protocol: u8,
    /// `rtm_scope`.
    pub scope: u8,
    /// `rtm_type`.
    pub kind: u8,
}

/// What a link decoder reads from each `RTM_NEWLINK`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkFields<'a> {
    /// `ifi_index`.
    pub index: i32,
    /// `IFLA_IFNAME`.
    pub name: Option<&'a str>,
    /// `IFLA_MTU`.
    pub mtu: Option<u32>,
    /// `IFLA_OPERSTATE`.
    pub operstate: Option<u8>,
    /// `IFLA_ADDRESS`.
    pub address: Option<&'a [u8]>,
    /// `IFLA_MASTER`.
    pub master: Option<u32>,
    /// `IFLA_LINKINFO` → `IFLA_INFO_KIND`.
    pub kind: Option<&'a str>,
    /// `IFLA_STATS64` → `rx_bytes`.
    pub rx_bytes: Option<u64>,
    /// `IFLA_STATS64` → `tx_bytes`.
    pub tx_bytes: Option<u64>,
}

/// What an address decoder reads from each `RTM_NEWADDR`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AddrFields<'a> {
    /// The interface's own address: `IFA_LOCAL`, else `IFA_ADDRESS` (IPv6 sends only
    /// that), as `ip addr` shows it.
    pub local: Option<IpAddr>,
    /// `ifa_prefixlen`.
    pub prefix_len: u8,
    /// `IFA_LABEL`.
    pub label: Option<&'a str>,
    /// `IFA_FLAGS` when present, else `ifa_flags`.
    pub flags: u32,
}

/// What a neighbour decoder reads from each `RTM_NEWNEIGH`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NeighFields<'a> {
    /// `NDA_DST`.
    pub dst: Option<IpAddr>,
    /// `NDA_LLADDR`.
    pub lladdr: Option<&'a [u8]>,
    /// `ndm_state`.
    pub state: u16,
    /// `ndm_ifindex`.
    pub ifindex: i32,
}

/// Where a decoder puts what it read from one message.
pub trait Sink {
    /// One route.
    fn route(&mut self, f: &RouteFields);
    /// One link.
    fn link(&mut self, f: &LinkFields<'_>);
    /// One address.
    fn addr(&mut self, f: &AddrFields<'_>);
    /// One neighbour.
    fn neigh(&mut self, f: &NeighFields<'_>);
}

/// The sink of the benches: [`black_box`] on the fields, nothing else.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlackBox;

impl Sink for BlackBox {
    #[inline(always)]
    fn route(&mut self, f: &RouteFields) {
        black_box(f);
    }
    #[inline(always)]
    fn link(&mut self, f: &LinkFields<'_>) {
        black_box(f);
    }
    #[inline(always)]
    fn addr(&mut self, f: &AddrFields<'_>) {
        black_box(f);
    }
    #[inline(always)]
    fn neigh(&mut self, f: &NeighFields<'_>) {
        black_box(f);
    }
}

/// The sink of the tests: an FNV-1a hash of every field read, in order, so two
/// libraries that read the same values end with the same hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checksum(pub u64);

impl Default for Checksum {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.bytes(&[1]);
                self.u64(v);
            }
            None => self.bytes(&[0]),
        }
    }
    fn opt_bytes(&mut self, v: Option<&[u8]>) {
        match v {
            Some(b) => {
                self.u64(b.len() as u64 + 1);
                self.bytes(b);
            }
            None => self.u64(0),
        }
    }
    fn ip(&mut self, v: Option<IpAddr>) {
        match v {
            Some(IpAddr::V4(a)) => {
                self.bytes(&[4]);
                self.bytes(&a.octets());
            }
            Some(IpAddr::V6(a)) => {
                self.bytes(&[6]);
                self.bytes(&a.octets());
            }
            None => self.bytes(&[0]),
        }
    }
}

impl Sink for Checksum {
    fn route(&mut self, f: &RouteFields) {
        self.u64(u64::from(f.table));
        self.ip(f.dst);
        self.u64(u64::from(f.dst_len));
        self.ip(f.gateway);
        self.opt_u64(f.oif.map(u64::from));
        self.opt_u64(f.priority.map(u64::from));
        self.ip(f.prefsrc);
        self.bytes(&[f.protocol, f.scope, f.kind]);
    }
    fn link(&mut self, f: &LinkFields<'_>) {
        self.u64(f.index as u64);
        self.opt_bytes(f.name.map(str::as_bytes));
        self.opt_u64(f.mtu.map(u64::from));
        self.opt_u64(f.operstate.map(u64::from));
        self.opt_bytes(f.address);
        self.opt_u64(f.master.map(u64::from));
        self.opt_bytes(f.kind.map(str::as_bytes));
        self.opt_u64(f.rx_bytes);
        self.opt_u64(f.tx_bytes);
    }
    fn addr(&mut self, f: &AddrFields<'_>) {
        self.ip(f.local);
        self.u64(u64::from(f.prefix_len));
        self.opt_bytes(f.label.map(str::as_bytes));
        self.u64(u64::from(f.flags));
    }
    fn neigh(&mut self, f: &NeighFields<'_>) {
        self.ip(f.dst);
        self.opt_bytes(f.lladdr);
        self.u64(u64::from(f.state));
        self.u64(f.ifindex as u64);
    }
}
