//! Policy-routing rules (`ip rule`): `fib_rule_hdr`, the `FRA_*` attributes (every one
//! Linux 6.18 defines), actions, rule flags, a typed view and request writers.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use nlwire_codec::rtnl::rule::{self, RuleMsg, RuleSpec};
//! use nlwire_codec::rtnl::family;
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! // `ip rule add from 10.1.0.0/24 table 100 pref 32765`
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let spec = RuleSpec {
//!     priority: Some(32765),
//!     table: Some(100),
//!     src: Some((IpAddr::V4(Ipv4Addr::new(10, 1, 0, 0)), 24)),
//!     ..RuleSpec::new(family::INET)
//! };
//! rule::add_request(&mut buf, 7, &spec)?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let r = RuleMsg::parse(&msg)?;
//! assert_eq!(r.table()?, 100);
//! assert_eq!(r.priority()?, Some(32765));
//! assert_eq!(r.src()?, Some(IpAddr::V4(Ipv4Addr::new(10, 1, 0, 0))));
//! assert_eq!(r.src_len(), 24);
//! assert_eq!(r.action(), rule::action::TO_TBL);
//! assert!(r.to_string().contains("FRA_PRIORITY 32765"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::route::{rt_table, rtprot};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct fib_rule_hdr`: the family header of rule messages (12 bytes).
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
pub struct FibRuleHdr {
    /// Address family (`AF_INET`, `AF_INET6`, `RTNL_FAMILY_IPMR`, …).
    pub family: u8,
    /// Destination prefix length (`FRA_DST`).
    pub dst_len: u8,
    /// Source prefix length (`FRA_SRC`).
    pub src_len: u8,
    /// TOS to match (IPv4; `FRA_DSCP` is the newer form).
    pub tos: u8,
    /// Table id when below 256 (`RT_TABLE_UNSPEC` with `FRA_TABLE` otherwise).
    pub table: u8,
    /// Reserved.
    pub res1: u8,
    /// Reserved.
    pub res2: u8,
    /// What the rule does ([`action`]).
    pub action: u8,
    /// `FIB_RULE_*` flags ([`flags`]).
    pub flags: U32,
}

impl FibRuleHdr {
    /// Size on the wire.
    pub const LEN: usize = 12;

    /// A header for `family`, everything else zero.
    pub fn new(family: u8) -> Self {
        Self {
            family,
            ..Self::default()
        }
    }
}

/// `struct fib_rule_uid_range` (`FRA_UID_RANGE`): an inclusive range of user ids.
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
pub struct UidRange {
    /// First uid.
    pub start: U32,
    /// Last uid.
    pub end: U32,
}

impl UidRange {
    /// The range `start..=end`.
    pub fn new(start: u32, end: u32) -> Self {
        Self {
            start: U32::new(start),
            end: U32::new(end),
        }
    }
}

/// `struct fib_rule_port_range` (`FRA_SPORT_RANGE`, `FRA_DPORT_RANGE`): an inclusive
/// range of ports, in host byte order.
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
pub struct PortRange {
    /// First port.
    pub start: U16,
    /// Last port.
    pub end: U16,
}

impl PortRange {
    /// The range `start..=end`.
    pub fn new(start: u16, end: u16) -> Self {
        Self {
            start: U16::new(start),
            end: U16::new(end),
        }
    }

    /// A single port.
    pub fn single(port: u16) -> Self {
        Self::new(port, port)
    }
}

/// Rule actions (`FR_ACT_*`) in `fib_rule_hdr.action`.
pub mod action {
    /// `FR_ACT_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `FR_ACT_TO_TBL`: look the destination up in the rule's table.
    pub const TO_TBL: u8 = 1;
    /// `FR_ACT_GOTO`: jump to the rule with priority `FRA_GOTO`.
    pub const GOTO: u8 = 2;
    /// `FR_ACT_NOP`: do nothing.
    pub const NOP: u8 = 3;
    /// `FR_ACT_RES3`: reserved.
    pub const RES3: u8 = 4;
    /// `FR_ACT_RES4`: reserved.
    pub const RES4: u8 = 5;
    /// `FR_ACT_BLACKHOLE`: drop silently.
    pub const BLACKHOLE: u8 = 6;
    /// `FR_ACT_UNREACHABLE`: drop with `ENETUNREACH`.
    pub const UNREACHABLE: u8 = 7;
    /// `FR_ACT_PROHIBIT`: drop with `EACCES`.
    pub const PROHIBIT: u8 = 8;

    /// The action's name (`"to_tbl"`, `"goto"`, `"blackhole"`, …).
    pub const fn name(a: u8) -> Option<&'static str> {
        Some(match a {
            UNSPEC => "unspec",
            TO_TBL => "to_tbl",
            GOTO => "goto",
            NOP => "nop",
            RES3 => "res3",
            RES4 => "res4",
            BLACKHOLE => "blackhole",
            UNREACHABLE => "unreachable",
            PROHIBIT => "prohibit",
            _ => return None,
        })
    }
}

/// Rule flags (`FIB_RULE_*`) in `fib_rule_hdr.flags`.
pub mod flags {
    /// `FIB_RULE_PERMANENT`: cannot be deleted.
    pub const PERMANENT: u32 = 0x0000_0001;
    /// `FIB_RULE_INVERT`: the selector is negated (`ip rule add not …`).
    pub const INVERT: u32 = 0x0000_0002;
    /// `FIB_RULE_UNRESOLVED`: a `goto` whose target does not exist.
    pub const UNRESOLVED: u32 = 0x0000_0004;
    /// `FIB_RULE_IIF_DETACHED`: the input interface does not exist.
    pub const IIF_DETACHED: u32 = 0x0000_0008;
    /// `FIB_RULE_DEV_DETACHED`: old name of [`IIF_DETACHED`].
    pub const DEV_DETACHED: u32 = IIF_DETACHED;
    /// `FIB_RULE_OIF_DETACHED`: the output interface does not exist.
    pub const OIF_DETACHED: u32 = 0x0000_0010;
    /// `FIB_RULE_FIND_SADDR`: find a source address in routing lookups.
    pub const FIND_SADDR: u32 = 0x0001_0000;

    /// Flag names.
    pub const NAMES: [(u32, &str); 6] = [
        (PERMANENT, "PERMANENT"),
        (INVERT, "INVERT"),
        (UNRESOLVED, "UNRESOLVED"),
        (IIF_DETACHED, "IIF_DETACHED"),
        (OIF_DETACHED, "OIF_DETACHED"),
        (FIND_SADDR, "FIND_SADDR"),
    ];
}

attr_set! {
    /// Rule attributes (`FRA_*`), Linux 6.18.
    pub mod fra, pub static FRA = "FRA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Destination prefix (length in the header).
        DST = 1 => Value::Ip,
        /// Source prefix (length in the header).
        SRC = 2 => Value::Ip,
        /// Input interface name (`FRA_IFNAME` is the same type).
        IIFNAME = 3 => Value::Str,
        /// Priority of the rule to jump to (`FR_ACT_GOTO`).
        GOTO = 4 => Value::U32,
        /// Unused.
        UNUSED2 = 5 => Value::Binary,
        /// Priority (preference) of the rule.
        PRIORITY = 6 => Value::U32,
        /// Unused.
        UNUSED3 = 7 => Value::Binary,
        /// Unused.
        UNUSED4 = 8 => Value::Binary,
        /// Unused.
        UNUSED5 = 9 => Value::Binary,
        /// Firewall mark to match.
        FWMARK = 10 => Value::U32,
        /// Flow/class id (realms).
        FLOW = 11 => Value::U32,
        /// Tunnel id to match (big-endian `u64`).
        TUN_ID = 12 => Value::Custom(fmt_be64),
        /// Suppress the result if the output device is in this group.
        SUPPRESS_IFGROUP = 13 => Value::U32,
        /// Suppress the result if its prefix is this long or shorter.
        SUPPRESS_PREFIXLEN = 14 => Value::U32,
        /// Table id (any 32-bit id).
        TABLE = 15 => Value::U32,
        /// Mask applied to the firewall mark.
        FWMASK = 16 => Value::U32,
        /// Output interface name.
        OIFNAME = 17 => Value::Str,
        /// Padding for 64-bit alignment.
        PAD = 18 => Value::Binary,
        /// Use the table of the l3mdev (VRF) the interface belongs to.
        L3MDEV = 19 => Value::U8,
        /// Uid range (`struct fib_rule_uid_range`).
        UID_RANGE = 20 => Value::Custom(fmt_uid_range),
        /// Originator of the rule (`RTPROT_*`).
        PROTOCOL = 21 => Value::Custom(fmt_protocol),
        /// IP protocol to match.
        IP_PROTO = 22 => Value::U8,
        /// Source port range (`struct fib_rule_port_range`).
        SPORT_RANGE = 23 => Value::Custom(fmt_port_range),
        /// Destination port range (`struct fib_rule_port_range`).
        DPORT_RANGE = 24 => Value::Custom(fmt_port_range),
        /// DSCP to match (6 bits).
        DSCP = 25 => Value::U8,
        /// IPv6 flow label to match (big-endian).
        FLOWLABEL = 26 => Value::Custom(fmt_be32_hex),
        /// Mask for the flow label (big-endian).
        FLOWLABEL_MASK = 27 => Value::Custom(fmt_be32_hex),
        /// Mask for the source port.
        SPORT_MASK = 28 => Value::Custom(fmt_u16_hex),
        /// Mask for the destination port.
        DPORT_MASK = 29 => Value::Custom(fmt_u16_hex),
        /// Mask for the DSCP.
        DSCP_MASK = 30 => Value::Custom(fmt_u8_hex),
    }
}

/// The highest `FRA_*` type this crate knows.
pub const FRA_MAX: u16 = fra::DSCP_MASK;

fn fmt_be64(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(v) = a.be_u64() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_be32_hex(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(v) = a.be_u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_u16_hex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u16() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_u8_hex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u8() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_uid_range(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(r) = a.view::<UidRange>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" {}-{}", r.start.get(), r.end.get()))?;
    Ok(true)
}

fn fmt_port_range(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(r) = a.view::<PortRange>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" {}-{}", r.start.get(), r.end.get()))?;
    Ok(true)
}

fn fmt_protocol(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(p) = a.u8() else { return Ok(false) };
    match rtprot::name(p) {
        Some(n) => d.write_fmt(format_args!(" {n}"))?,
        None => d.write_fmt(format_args!(" {p}"))?,
    }
    Ok(true)
}

/// Writes `bits` as `NAME,NAME,0x…` using `names` (shared by the rtnl objects here).
pub(crate) fn write_flag_names(
    f: &mut fmt::Formatter<'_>,
    bits: u32,
    names: &[(u32, &str)],
) -> fmt::Result {
    let mut rest = bits;
    let mut first = true;
    for &(bit, name) in names {
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

const SLOTS: usize = FRA_MAX as usize + 1;

/// A rule message (`RTM_NEWRULE`, `RTM_DELRULE`, or a `RTM_GETRULE` request) with its
/// attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute type and its offset) when it is present but malformed.
pub type RuleMsg<'a> = super::View<'a, FibRuleHdr, SLOTS>;

impl<'a> RuleMsg<'a> {
    /// Address family.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// Destination prefix length.
    #[inline]
    pub fn dst_len(&self) -> u8 {
        self.header.dst_len
    }

    /// Source prefix length.
    #[inline]
    pub fn src_len(&self) -> u8 {
        self.header.src_len
    }

    /// TOS selector.
    #[inline]
    pub fn tos(&self) -> u8 {
        self.header.tos
    }

    /// The action ([`action`]).
    #[inline]
    pub fn action(&self) -> u8 {
        self.header.action
    }

    /// `FIB_RULE_*` flags ([`flags`]).
    #[inline]
    pub fn flags(&self) -> u32 {
        self.header.flags.get()
    }

    /// Whether the selector is inverted (`FIB_RULE_INVERT`).
    #[inline]
    pub fn is_invert(&self) -> bool {
        self.flags() & flags::INVERT != 0
    }

    /// The table: `FRA_TABLE` if present, else the header's 8-bit `table`.
    #[inline]
    pub fn table(&self) -> Result<u32, DecodeError> {
        match self.tb.get(fra::TABLE) {
            Some(a) => a.u32(),
            None => Ok(u32::from(self.header.table)),
        }
    }

    getters! {
        /// `FRA_PRIORITY`.
        priority: fra::PRIORITY => u32 -> u32;
        /// `FRA_SRC` (the prefix length is [`Self::src_len`]).
        src: fra::SRC => ip -> IpAddr;
        /// `FRA_DST` (the prefix length is [`Self::dst_len`]).
        dst: fra::DST => ip -> IpAddr;
        /// `FRA_IIFNAME`.
        iifname: fra::IIFNAME => str -> &'a str;
        /// `FRA_OIFNAME`.
        oifname: fra::OIFNAME => str -> &'a str;
        /// `FRA_GOTO`: the priority of the rule to jump to.
        goto: fra::GOTO => u32 -> u32;
        /// `FRA_FWMARK`.
        fwmark: fra::FWMARK => u32 -> u32;
        /// `FRA_FWMASK`.
        fwmask: fra::FWMASK => u32 -> u32;
        /// `FRA_FLOW` (realms).
        flow: fra::FLOW => u32 -> u32;
        /// `FRA_TUN_ID` (sent big-endian).
        tun_id: fra::TUN_ID => be_u64 -> u64;
        /// `FRA_SUPPRESS_IFGROUP`.
        suppress_ifgroup: fra::SUPPRESS_IFGROUP => u32 -> u32;
        /// `FRA_SUPPRESS_PREFIXLEN` (the kernel sends `u32::MAX` when unset).
        suppress_prefixlen: fra::SUPPRESS_PREFIXLEN => u32 -> u32;
        /// `FRA_L3MDEV`.
        l3mdev: fra::L3MDEV => u8 -> u8;
        /// `FRA_PROTOCOL` (`RTPROT_*`).
        protocol: fra::PROTOCOL => u8 -> u8;
        /// `FRA_IP_PROTO`.
        ip_proto: fra::IP_PROTO => u8 -> u8;
        /// `FRA_DSCP`.
        dscp: fra::DSCP => u8 -> u8;
        /// `FRA_DSCP_MASK`.
        dscp_mask: fra::DSCP_MASK => u8 -> u8;
        /// `FRA_FLOWLABEL` (sent big-endian).
        flowlabel: fra::FLOWLABEL => be_u32 -> u32;
        /// `FRA_FLOWLABEL_MASK` (sent big-endian).
        flowlabel_mask: fra::FLOWLABEL_MASK => be_u32 -> u32;
        /// `FRA_SPORT_MASK`.
        sport_mask: fra::SPORT_MASK => u16 -> u16;
        /// `FRA_DPORT_MASK`.
        dport_mask: fra::DPORT_MASK => u16 -> u16;
    }

    /// `FRA_UID_RANGE`.
    #[inline]
    pub fn uid_range(&self) -> Result<Option<UidRange>, DecodeError> {
        self.tb
            .get(fra::UID_RANGE)
            .map(|a| a.view::<UidRange>().copied())
            .transpose()
    }

    /// `FRA_SPORT_RANGE`.
    #[inline]
    pub fn sport_range(&self) -> Result<Option<PortRange>, DecodeError> {
        self.tb
            .get(fra::SPORT_RANGE)
            .map(|a| a.view::<PortRange>().copied())
            .transpose()
    }

    /// `FRA_DPORT_RANGE`.
    #[inline]
    pub fn dport_range(&self) -> Result<Option<PortRange>, DecodeError> {
        self.tb
            .get(fra::DPORT_RANGE)
            .map(|a| a.view::<PortRange>().copied())
            .transpose()
    }
}

impl fmt::Debug for RuleMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleMsg")
            .field("family", &self.family())
            .field("priority", &self.priority().ok().flatten())
            .field("table", &self.table().ok())
            .field("action", &self.action())
            .finish_non_exhaustive()
    }
}

/// `Display` for a table id: its name (`main`) or the number.
#[derive(Clone, Copy, Debug)]
pub struct TableName(pub u32);

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match rt_table::name(self.0) {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

/// `Display` for `FIB_RULE_*` flags: `INVERT,PERMANENT`, unknown bits in hex.
#[derive(Clone, Copy, Debug)]
pub struct RuleFlagsDisplay(pub u32);

impl fmt::Display for RuleFlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_flag_names(f, self.0, &flags::NAMES)
    }
}

impl fmt::Display for RuleMsg<'_> {
    /// A dissection: header line, the `fib_rule_hdr`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        let h = self.header;
        f.write_str("\n  fib_rule_hdr family ")?;
        match family::name(h.family) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", h.family)?,
        }
        write!(
            f,
            " dst_len {} src_len {} tos {} table {} action ",
            h.dst_len,
            h.src_len,
            h.tos,
            TableName(u32::from(h.table))
        )?;
        match action::name(h.action) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", h.action)?,
        }
        write!(f, " flags <{}>", RuleFlagsDisplay(h.flags.get()))?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &FRA)
    }
}

/// Starts a rule message (`RTM_NEWRULE`, `RTM_DELRULE`, `RTM_GETRULE`) with the given
/// `fib_rule_hdr`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &FibRuleHdr,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETRULE` dump request for `family` (`AF_INET`, `AF_INET6`, or
/// `AF_UNSPEC` for all), as `ip rule show` sends it.
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    family: u8,
) -> Result<usize, EncodeError> {
    let b = message(
        buf,
        rtm::GETRULE,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &FibRuleHdr::new(family),
    )?;
    Ok(b.finish())
}

/// What a rule to add or delete selects and does. Unset fields are not sent. Build one
/// with struct-update syntax from [`RuleSpec::new`].
///
/// For deletion the kernel deletes the first rule that matches every field given, so a
/// priority alone is usually enough.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleSpec<'a> {
    /// Address family; when `AF_UNSPEC` it is taken from `src` or `dst`.
    pub family: u8,
    /// [`action`]; when `FR_ACT_UNSPEC`, an add request sends `FR_ACT_GOTO` if `goto` is
    /// set and `FR_ACT_TO_TBL` otherwise (a delete request sends it as is: "any").
    pub action: u8,
    /// `FRA_PRIORITY`.
    pub priority: Option<u32>,
    /// The table: `FRA_TABLE`, and the header's `table` when below 256.
    pub table: Option<u32>,
    /// `FRA_SRC` and the source prefix length.
    pub src: Option<(IpAddr, u8)>,
    /// `FRA_DST` and the destination prefix length.
    pub dst: Option<(IpAddr, u8)>,
    /// TOS selector (header).
    pub tos: u8,
    /// `FIB_RULE_*` flags (header), for example [`flags::INVERT`].
    pub flags: u32,
    /// `FRA_FWMARK`.
    pub fwmark: Option<u32>,
    /// `FRA_FWMASK`.
    pub fwmask: Option<u32>,
    /// `FRA_IIFNAME`.
    pub iifname: Option<&'a str>,
    /// `FRA_OIFNAME`.
    pub oifname: Option<&'a str>,
    /// `FRA_GOTO`.
    pub goto: Option<u32>,
    /// `FRA_IP_PROTO`.
    pub ip_proto: Option<u8>,
    /// `FRA_SPORT_RANGE`.
    pub sport: Option<PortRange>,
    /// `FRA_DPORT_RANGE`.
    pub dport: Option<PortRange>,
    /// `FRA_SPORT_MASK` (Linux 6.16+).
    pub sport_mask: Option<u16>,
    /// `FRA_DPORT_MASK` (Linux 6.16+).
    pub dport_mask: Option<u16>,
    /// `FRA_UID_RANGE`.
    pub uid_range: Option<UidRange>,
    /// `FRA_PROTOCOL`.
    pub protocol: Option<u8>,
    /// `FRA_L3MDEV` = 1.
    pub l3mdev: bool,
    /// `FRA_SUPPRESS_PREFIXLEN`.
    pub suppress_prefixlen: Option<u32>,
    /// `FRA_SUPPRESS_IFGROUP`.
    pub suppress_ifgroup: Option<u32>,
    /// `FRA_FLOW` (realms).
    pub flow: Option<u32>,
    /// `FRA_TUN_ID`.
    pub tun_id: Option<u64>,
    /// `FRA_DSCP`.
    pub dscp: Option<u8>,
    /// `FRA_DSCP_MASK` (Linux 6.15+).
    pub dscp_mask: Option<u8>,
    /// `FRA_FLOWLABEL` and `FRA_FLOWLABEL_MASK` (IPv6).
    pub flowlabel: Option<(u32, u32)>,
}

impl<'a> RuleSpec<'a> {
    /// An empty rule for `family`.
    pub fn new(family: u8) -> Self {
        Self {
            family,
            ..Self::default()
        }
    }

    /// The `fib_rule_hdr` this spec sends; `add` selects the default action of an add.
    pub fn header(&self, add: bool) -> FibRuleHdr {
        let family = match (self.family, self.src, self.dst) {
            (family::UNSPEC, Some((a, _)), _) | (family::UNSPEC, None, Some((a, _))) => {
                if a.is_ipv4() {
                    family::INET
                } else {
                    family::INET6
                }
            }
            (f, _, _) => f,
        };
        let action = match (self.action, add, self.goto) {
            (action::UNSPEC, true, Some(_)) => action::GOTO,
            (action::UNSPEC, true, None) => action::TO_TBL,
            (a, _, _) => a,
        };
        FibRuleHdr {
            family,
            dst_len: self.dst.map_or(0, |(_, l)| l),
            src_len: self.src.map_or(0, |(_, l)| l),
            tos: self.tos,
            table: self.table.and_then(|t| u8::try_from(t).ok()).unwrap_or(0),
            res1: 0,
            res2: 0,
            action,
            flags: U32::new(self.flags),
        }
    }

    /// Appends the spec's attributes to `b` (after the header).
    pub fn put_attrs<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        if let Some((a, _)) = self.dst {
            b.put_ip(fra::DST, a)?;
        }
        if let Some((a, _)) = self.src {
            b.put_ip(fra::SRC, a)?;
        }
        if let Some(n) = self.iifname {
            b.put_str(fra::IIFNAME, n)?;
        }
        if let Some(g) = self.goto {
            b.put_u32(fra::GOTO, g)?;
        }
        if let Some(p) = self.priority {
            b.put_u32(fra::PRIORITY, p)?;
        }
        if let Some(m) = self.fwmark {
            b.put_u32(fra::FWMARK, m)?;
        }
        if let Some(v) = self.flow {
            b.put_u32(fra::FLOW, v)?;
        }
        if let Some(v) = self.tun_id {
            b.put_be64(fra::TUN_ID, v)?;
        }
        if let Some(v) = self.suppress_ifgroup {
            b.put_u32(fra::SUPPRESS_IFGROUP, v)?;
        }
        if let Some(v) = self.suppress_prefixlen {
            b.put_u32(fra::SUPPRESS_PREFIXLEN, v)?;
        }
        if let Some(t) = self.table {
            b.put_u32(fra::TABLE, t)?;
        }
        if let Some(m) = self.fwmask {
            b.put_u32(fra::FWMASK, m)?;
        }
        if let Some(n) = self.oifname {
            b.put_str(fra::OIFNAME, n)?;
        }
        if self.l3mdev {
            b.put_u8(fra::L3MDEV, 1)?;
        }
        if let Some(r) = &self.uid_range {
            b.put_struct(fra::UID_RANGE, r)?;
        }
        if let Some(p) = self.protocol {
            b.put_u8(fra::PROTOCOL, p)?;
        }
        if let Some(p) = self.ip_proto {
            b.put_u8(fra::IP_PROTO, p)?;
        }
        if let Some(r) = &self.sport {
            b.put_struct(fra::SPORT_RANGE, r)?;
        }
        if let Some(r) = &self.dport {
            b.put_struct(fra::DPORT_RANGE, r)?;
        }
        if let Some(v) = self.dscp {
            b.put_u8(fra::DSCP, v)?;
        }
        if let Some((label, mask)) = self.flowlabel {
            b.put_be32(fra::FLOWLABEL, label)?;
            b.put_be32(fra::FLOWLABEL_MASK, mask)?;
        }
        if let Some(m) = self.sport_mask {
            b.put_u16(fra::SPORT_MASK, m)?;
        }
        if let Some(m) = self.dport_mask {
            b.put_u16(fra::DPORT_MASK, m)?;
        }
        if let Some(m) = self.dscp_mask {
            b.put_u8(fra::DSCP_MASK, m)?;
        }
        Ok(())
    }
}

/// Writes an `RTM_NEWRULE` request (`ACK | CREATE | EXCL`) adding `spec`.
pub fn add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    spec: &RuleSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    let mut b = message(buf, rtm::NEWRULE, flags, seq, &spec.header(true))?;
    spec.put_attrs(&mut b)?;
    Ok(b.finish())
}

/// Writes an `RTM_DELRULE` request (`ACK`) deleting the first rule that matches `spec`.
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    spec: &RuleSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK;
    let mut b = message(buf, rtm::DELRULE, flags, seq, &spec.header(false))?;
    spec.put_attrs(&mut b)?;
    Ok(b.finish())
}

impl super::FamilyHeader for FibRuleHdr {
    const LEN: usize = FibRuleHdr::LEN;

    #[inline]
    fn ip_v6(&self) -> bool {
        self.family == super::family::INET6
    }
}
