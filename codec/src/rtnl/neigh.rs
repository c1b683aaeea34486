//! Neighbours (ARP/NDP entries, and bridge FDB entries with `AF_BRIDGE`): `ndmsg`,
//! `NDA_*` attributes (every one Linux 6.18 defines), states (`NUD_*`) and flags
//! (`NTF_*`, `NTF_EXT_*`) with the names `ip neigh` uses, a typed view and request
//! writers.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use nlwire_codec::rtnl::neigh::{self, NeighMsg, NeighSpec, nud};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let ip = IpAddr::V4(Ipv4Addr::new(10, 1, 0, 5));
//! let mac = [2, 0, 0, 0, 0, 5];
//! let spec = NeighSpec { lladdr: Some(&mac), ..NeighSpec::new(ip, 3) };
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! neigh::add_request(&mut buf, 1, &spec)?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let n = NeighMsg::parse(&msg)?;
//! assert_eq!((n.ifindex(), n.state()), (3, nud::PERMANENT));
//! assert_eq!(n.dst()?, Some(ip));
//! assert_eq!(n.lladdr(), Some(&mac[..]));
//! assert!(n.to_string().contains("state PERMANENT"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use zerocopy::byteorder::native_endian::{I32, U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::route::{NameOr, family_name, family_of, rtn, rtprot, write_bits};
use crate::rtnl::rtm;
use crate::writer::{Buffer, Builder};

/// `struct ndmsg`: the family header of neighbour messages.
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
pub struct NdMsg {
    /// `ndm_family` (`AF_INET`, `AF_INET6`, `AF_BRIDGE`).
    pub family: u8,
    /// `ndm_pad1`.
    pub pad1: u8,
    /// `ndm_pad2`.
    pub pad2: U16,
    /// `ndm_ifindex`: the interface.
    pub ifindex: I32,
    /// `ndm_state` (`NUD_*` bits).
    pub state: U16,
    /// `ndm_flags` (`NTF_*`).
    pub flags: u8,
    /// `ndm_type` (`RTN_*`: unicast, multicast, …).
    pub neigh_type: u8,
}

impl NdMsg {
    /// Size on the wire.
    pub const LEN: usize = 12;

    /// A header for `family` on interface `ifindex`, everything else zero.
    pub fn new(family: u8, ifindex: i32) -> Self {
        Self {
            family,
            ifindex: I32::new(ifindex),
            ..Self::default()
        }
    }
}

/// `struct nda_cacheinfo` (`NDA_CACHEINFO`): ages in clock ticks (hundredths of seconds)
/// and the reference count.
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
pub struct NdaCacheInfo {
    /// `ndm_confirmed`: time since the entry was last confirmed.
    pub confirmed: U32,
    /// `ndm_used`: time since the entry was last used.
    pub used: U32,
    /// `ndm_updated`: time since the entry was last updated.
    pub updated: U32,
    /// `ndm_refcnt`: reference count.
    pub refcnt: U32,
}

/// Neighbour states (`NUD_*`, bits of `ndm_state`).
pub mod nud {
    /// `NUD_NONE`: no state.
    pub const NONE: u16 = 0x00;
    /// `NUD_INCOMPLETE`: resolution in progress.
    pub const INCOMPLETE: u16 = 0x01;
    /// `NUD_REACHABLE`: confirmed reachable.
    pub const REACHABLE: u16 = 0x02;
    /// `NUD_STALE`: valid but unconfirmed.
    pub const STALE: u16 = 0x04;
    /// `NUD_DELAY`: waiting before probing.
    pub const DELAY: u16 = 0x08;
    /// `NUD_PROBE`: probing.
    pub const PROBE: u16 = 0x10;
    /// `NUD_FAILED`: resolution failed.
    pub const FAILED: u16 = 0x20;
    /// `NUD_NOARP`: no resolution needed (multicast, point-to-point).
    pub const NOARP: u16 = 0x40;
    /// `NUD_PERMANENT`: static.
    pub const PERMANENT: u16 = 0x80;

    /// State names as `ip neigh` prints them.
    pub const NAMES: [(u16, &str); 8] = [
        (INCOMPLETE, "INCOMPLETE"),
        (REACHABLE, "REACHABLE"),
        (STALE, "STALE"),
        (DELAY, "DELAY"),
        (PROBE, "PROBE"),
        (FAILED, "FAILED"),
        (NOARP, "NOARP"),
        (PERMANENT, "PERMANENT"),
    ];
}

/// Neighbour flags (`NTF_*`, `ndm_flags`).
pub mod ntf {
    /// `NTF_USE`: mark the entry used (requests).
    pub const USE: u8 = 1 << 0;
    /// `NTF_SELF`: the device's own FDB (bridge).
    pub const SELF: u8 = 1 << 1;
    /// `NTF_MASTER`: the master's FDB (bridge).
    pub const MASTER: u8 = 1 << 2;
    /// `NTF_PROXY`: a proxy entry.
    pub const PROXY: u8 = 1 << 3;
    /// `NTF_EXT_LEARNED`: learned externally.
    pub const EXT_LEARNED: u8 = 1 << 4;
    /// `NTF_OFFLOADED`: offloaded to hardware.
    pub const OFFLOADED: u8 = 1 << 5;
    /// `NTF_STICKY`: does not move between ports (bridge).
    pub const STICKY: u8 = 1 << 6;
    /// `NTF_ROUTER`: the neighbour is a router (IPv6).
    pub const ROUTER: u8 = 1 << 7;

    /// Flag names as `ip neigh` / `bridge fdb` print them.
    pub const NAMES: [(u8, &str); 8] = [
        (USE, "use"),
        (SELF, "self"),
        (MASTER, "master"),
        (PROXY, "proxy"),
        (EXT_LEARNED, "extern_learn"),
        (OFFLOADED, "offload"),
        (STICKY, "sticky"),
        (ROUTER, "router"),
    ];
}

/// Extended neighbour flags (`NTF_EXT_*`, `NDA_FLAGS_EXT`).
pub mod ntf_ext {
    /// `NTF_EXT_MANAGED`: kept reachable by the kernel for a user-space control plane.
    pub const MANAGED: u32 = 1 << 0;
    /// `NTF_EXT_LOCKED`: learned on a locked bridge port (needs authentication).
    pub const LOCKED: u32 = 1 << 1;
    /// `NTF_EXT_EXT_VALIDATED`: validated by a user-space control plane.
    pub const EXT_VALIDATED: u32 = 1 << 2;

    /// Flag names as `ip neigh` prints them.
    pub const NAMES: [(u32, &str); 3] = [
        (MANAGED, "managed"),
        (LOCKED, "locked"),
        (EXT_VALIDATED, "extern_valid"),
    ];
}

attr_set! {
    /// Neighbour attributes (`NDA_*`), Linux 6.18.
    pub mod nda, pub static NDA = "NDA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The neighbour's network address.
        DST = 1 => Value::Ip,
        /// The link-layer address.
        LLADDR = 2 => Value::HwAddr,
        /// `struct nda_cacheinfo`.
        CACHEINFO = 3 => Value::Custom(fmt_cacheinfo),
        /// Probes sent.
        PROBES = 4 => Value::U32,
        /// VLAN id (bridge FDB).
        VLAN = 5 => Value::U16,
        /// Remote UDP port, big-endian (vxlan FDB).
        PORT = 6 => Value::Be16,
        /// VNI (vxlan FDB).
        VNI = 7 => Value::U32,
        /// Interface index (vxlan remote; dump filter).
        IFINDEX = 8 => Value::U32,
        /// Master interface index (dump filter).
        MASTER = 9 => Value::U32,
        /// Namespace id of the link.
        LINK_NETNSID = 10 => Value::S32,
        /// Source VNI (vxlan FDB).
        SRC_VNI = 11 => Value::U32,
        /// Who added the entry (`RTPROT_*`).
        PROTOCOL = 12 => Value::Custom(fmt_protocol),
        /// Nexthop group id (FDB).
        NH_ID = 13 => Value::U32,
        /// FDB extension attributes (`NFEA_*`, nested).
        FDB_EXT_ATTRS = 14 => Value::Nested(&NFEA),
        /// Extended flags (`NTF_EXT_*`).
        FLAGS_EXT = 15 => Value::Custom(fmt_flags_ext),
        /// State mask for bulk deletion (`NUD_*`).
        NDM_STATE_MASK = 16 => Value::Custom(fmt_state_mask),
        /// Flags mask for bulk deletion (`NTF_*`).
        NDM_FLAGS_MASK = 17 => Value::Custom(fmt_flags_mask),
    }
}

/// The highest `NDA_*` type this crate knows.
pub const NDA_MAX: u16 = nda::NDM_FLAGS_MASK;

attr_set! {
    /// FDB extension attributes (`NFEA_*`, inside `NDA_FDB_EXT_ATTRS`).
    pub mod nfea, pub static NFEA = "NFEA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Activity notification state (`FDB_NOTIFY_*` bits).
        ACTIVITY_NOTIFY = 1 => Value::U8,
        /// Do not refresh the entry (requests).
        DONT_REFRESH = 2 => Value::Flag,
    }
}

/// `Display` for `ndm_state` as `ip neigh` prints it (`REACHABLE`, `NONE` for 0, bits
/// joined with commas).
#[derive(Clone, Copy, Debug)]
pub struct NudDisplay(pub u16);

impl fmt::Display for NudDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == nud::NONE {
            return f.write_str("NONE");
        }
        write_bits(f, u32::from(self.0), &nud::NAMES)
    }
}

/// `Display` for `ndm_flags` (`NTF_*`) as `ip neigh` names them (`router,proxy`).
#[derive(Clone, Copy, Debug)]
pub struct NtfDisplay(pub u8);

impl fmt::Display for NtfDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bits(f, u32::from(self.0), &ntf::NAMES)
    }
}

fn fmt_cacheinfo(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(ci) = a.view_prefix::<NdaCacheInfo>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " confirmed {} used {} updated {} refcnt {}",
        ci.confirmed.get(),
        ci.used.get(),
        ci.updated.get(),
        ci.refcnt.get()
    ))?;
    Ok(true)
}

fn fmt_protocol(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(p) = a.u8() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", NameOr(rtprot::name(p), p)))?;
    Ok(true)
}

fn fmt_flags_ext(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u32() else { return Ok(false) };
    d.write_fmt(format_args!(" <{}>", NtfExtDisplay(v)))?;
    Ok(true)
}

fn fmt_state_mask(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u16() else { return Ok(false) };
    d.write_fmt(format_args!(" <{}>", NudDisplay(v)))?;
    Ok(true)
}

fn fmt_flags_mask(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u8() else { return Ok(false) };
    d.write_fmt(format_args!(" <{}>", NtfDisplay(v)))?;
    Ok(true)
}

/// `Display` for `NDA_FLAGS_EXT` (`NTF_EXT_*`) as `ip neigh` names them (`managed`).
#[derive(Clone, Copy, Debug)]
pub struct NtfExtDisplay(pub u32);

impl fmt::Display for NtfExtDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_bits(f, self.0, &ntf_ext::NAMES)
    }
}

const SLOTS: usize = NDA_MAX as usize + 1;

/// A neighbour message (`RTM_NEWNEIGH`, `RTM_DELNEIGH`, or a `RTM_GETNEIGH` request) with
/// its attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute and its offset) when it is present but malformed; a malformed attribute
/// does not affect the others.
pub type NeighMsg<'a> = super::View<'a, NdMsg, SLOTS>;

impl<'a> NeighMsg<'a> {
    /// `ndm_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `ndm_ifindex`.
    #[inline]
    pub fn ifindex(&self) -> i32 {
        self.header.ifindex.get()
    }

    /// `ndm_state` (`NUD_*`).
    #[inline]
    pub fn state(&self) -> u16 {
        self.header.state.get()
    }

    /// `ndm_flags` (`NTF_*`).
    #[inline]
    pub fn flags(&self) -> u8 {
        self.header.flags
    }

    /// `ndm_type` (`RTN_*`).
    #[inline]
    pub fn neigh_type(&self) -> u8 {
        self.header.neigh_type
    }

    getters! {
        /// `NDA_DST`: the neighbour's network address.
        dst: nda::DST => ip -> IpAddr;
        /// `NDA_PROBES`.
        probes: nda::PROBES => u32 -> u32;
        /// `NDA_VLAN`.
        vlan: nda::VLAN => u16 -> u16;
        /// `NDA_PORT` (host order).
        port: nda::PORT => be_u16 -> u16;
        /// `NDA_VNI`.
        vni: nda::VNI => u32 -> u32;
        /// `NDA_IFINDEX` (the attribute, not `ndm_ifindex`).
        nda_ifindex: nda::IFINDEX => u32 -> u32;
        /// `NDA_MASTER`.
        master: nda::MASTER => u32 -> u32;
        /// `NDA_LINK_NETNSID`.
        link_netnsid: nda::LINK_NETNSID => i32 -> i32;
        /// `NDA_SRC_VNI`.
        src_vni: nda::SRC_VNI => u32 -> u32;
        /// `NDA_PROTOCOL` (`RTPROT_*`).
        protocol: nda::PROTOCOL => u8 -> u8;
        /// `NDA_NH_ID`.
        nh_id: nda::NH_ID => u32 -> u32;
        /// `NDA_FLAGS_EXT` (`NTF_EXT_*`).
        flags_ext: nda::FLAGS_EXT => u32 -> u32;
        /// `NDA_NDM_STATE_MASK`.
        ndm_state_mask: nda::NDM_STATE_MASK => u16 -> u16;
        /// `NDA_NDM_FLAGS_MASK`.
        ndm_flags_mask: nda::NDM_FLAGS_MASK => u8 -> u8;
    }

    /// `NDA_LLADDR`: the link-layer address (6 bytes for Ethernet; other lengths for other
    /// link types, 0 for an incomplete entry on some).
    #[inline]
    pub fn lladdr(&self) -> Option<&'a [u8]> {
        self.tb.get(nda::LLADDR).map(|a| a.payload())
    }

    /// `NDA_CACHEINFO`.
    #[inline]
    pub fn cacheinfo(&self) -> Result<Option<&'a NdaCacheInfo>, DecodeError> {
        self.tb
            .get(nda::CACHEINFO)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// The contents of `NDA_FDB_EXT_ATTRS` (`NFEA_*`).
    #[inline]
    pub fn fdb_ext_attrs(&self) -> Option<Attrs<'a>> {
        self.tb.get(nda::FDB_EXT_ATTRS).map(|a| a.nested())
    }
}

impl fmt::Debug for NeighMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NeighMsg")
            .field("ifindex", &self.ifindex())
            .field("dst", &self.dst().ok().flatten())
            .field("state", &format_args!("{}", NudDisplay(self.state())))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for NeighMsg<'_> {
    /// A dissection: header line, the `ndmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        let h = self.header;
        write!(
            f,
            "\n  ndmsg family {} ifindex {} state {} flags <{}> type {}",
            family_name(h.family),
            h.ifindex.get(),
            NudDisplay(h.state.get()),
            NtfDisplay(h.flags),
            NameOr(rtn::name(h.neigh_type), h.neigh_type)
        )?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &NDA)
    }
}

/// Starts a neighbour message (`RTM_NEWNEIGH`, `RTM_DELNEIGH`, `RTM_GETNEIGH`) with the
/// given `ndmsg`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &NdMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETNEIGH` dump request for `family` (`AF_UNSPEC`: all). A non-zero
/// `ifindex` asks for that interface's entries only (`NDA_IFINDEX`, as `ip neigh show dev`
/// sends it; the header's `ndm_ifindex` must stay 0 for strict checking).
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    family: u8,
    ifindex: u32,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETNEIGH,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &NdMsg::new(family, 0),
    )?;
    if ifindex != 0 {
        b.put_u32(nda::IFINDEX, ifindex)?;
    }
    Ok(b.finish())
}

/// A neighbour entry to add, replace or delete. Start from [`NeighSpec::new`] and set
/// fields with struct-update syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeighSpec<'a> {
    /// `ndm_family`; 0 takes it from `dst`.
    pub family: u8,
    /// The neighbour's address (`NDA_DST`).
    pub dst: IpAddr,
    /// `ndm_ifindex`.
    pub ifindex: i32,
    /// The link-layer address (`NDA_LLADDR`).
    pub lladdr: Option<&'a [u8]>,
    /// `ndm_state` (`NUD_PERMANENT` from [`NeighSpec::new`], as `ip neigh add`).
    pub state: u16,
    /// `ndm_flags` (`NTF_ROUTER`, `NTF_PROXY`, …).
    pub flags: u8,
    /// `NDA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `NDA_FLAGS_EXT` (`NTF_EXT_MANAGED`, …).
    pub flags_ext: Option<u32>,
}

impl NeighSpec<'_> {
    /// A permanent entry for `dst` on `ifindex`, without a link-layer address.
    pub fn new(dst: IpAddr, ifindex: i32) -> Self {
        Self {
            family: 0,
            dst,
            ifindex,
            lladdr: None,
            state: nud::PERMANENT,
            flags: 0,
            protocol: None,
            flags_ext: None,
        }
    }
}

/// Writes an `RTM_NEWNEIGH` or `RTM_DELNEIGH` for `n` with the given message flags (the
/// add/replace/delete requests below call this).
pub fn neigh_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    kind: MessageType,
    flags: Flags,
    n: &NeighSpec<'_>,
) -> Result<usize, EncodeError> {
    let hdr = NdMsg {
        family: if n.family == 0 {
            family_of(&n.dst)
        } else {
            n.family
        },
        ifindex: I32::new(n.ifindex),
        state: U16::new(n.state),
        flags: n.flags,
        ..NdMsg::default()
    };
    let mut b = message(buf, kind, flags, seq, &hdr)?;
    b.put_ip(nda::DST, n.dst)?;
    if let Some(ll) = n.lladdr {
        b.put(nda::LLADDR, ll)?;
    }
    if let Some(p) = n.protocol {
        b.put_u8(nda::PROTOCOL, p)?;
    }
    if let Some(x) = n.flags_ext {
        b.put_u32(nda::FLAGS_EXT, x)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_NEWNEIGH` that adds `n` (`ip neigh add`: `CREATE | EXCL | ACK`).
pub fn add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    n: &NeighSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    neigh_request(buf, seq, rtm::NEWNEIGH, flags, n)
}

/// Writes an `RTM_NEWNEIGH` that adds or replaces `n` (`ip neigh replace`:
/// `CREATE | REPLACE | ACK`).
pub fn replace_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    n: &NeighSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::REPLACE;
    neigh_request(buf, seq, rtm::NEWNEIGH, flags, n)
}

/// Writes an `RTM_DELNEIGH` for `n` (`ip neigh del`: `ACK`).
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    n: &NeighSpec<'_>,
) -> Result<usize, EncodeError> {
    neigh_request(buf, seq, rtm::DELNEIGH, Flags::REQUEST | Flags::ACK, n)
}

impl super::FamilyHeader for NdMsg {
    const LEN: usize = NdMsg::LEN;

    #[inline]
    fn ip_v6(&self) -> bool {
        self.family == super::family::INET6
    }
}
