//! Nexthop objects (`ip nexthop`): `nhmsg`, the `NHA_*` attributes (every one Linux 6.18
//! defines, with the resilient-group, bucket and group-statistics nests), group entries,
//! a typed view and request writers.
//!
//! ```
//! use nlwire_codec::rtnl::nexthop::{self, GroupMember, NexthopMsg, NexthopSpec};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! // `ip nexthop add id 10 group 1/2,3`
//! let members = [GroupMember::new(1, 1), GroupMember::new(2, 3)];
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let spec = NexthopSpec { id: 10, group: &members, ..NexthopSpec::default() };
//! nexthop::add_request(&mut buf, 1, &spec)?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let nh = NexthopMsg::parse(&msg)?;
//! assert_eq!(nh.id()?, Some(10));
//! let group: Vec<GroupMember> = nh.group()?.unwrap().iter().collect();
//! assert_eq!(group, members);
//! assert!(nh.to_string().contains("NHA_GROUP 1/2,3"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::route::{self, Encap, lwtunnel_encap, rt_scope, rtprot};
use crate::rtnl::rule::write_flag_names;
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct nhmsg`: the family header of nexthop messages (8 bytes).
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
pub struct NhMsg {
    /// `nh_family`: `AF_INET`, `AF_INET6`, or `AF_UNSPEC` for groups.
    pub family: u8,
    /// `nh_scope` (replies only): `RT_SCOPE_*`.
    pub scope: u8,
    /// `nh_protocol`: who installed the nexthop (`RTPROT_*`).
    pub protocol: u8,
    /// Reserved.
    pub resvd: u8,
    /// `nh_flags`: `RTNH_F_*` ([`nh_flags`]).
    pub flags: U32,
}

impl NhMsg {
    /// Size on the wire.
    pub const LEN: usize = 8;

    /// A header for `family`, everything else zero.
    pub fn new(family: u8) -> Self {
        Self {
            family,
            ..Self::default()
        }
    }
}

/// `struct nexthop_grp`: one entry of `NHA_GROUP` (8 bytes).
///
/// The weight on the wire is one less than the weight: [`Self::weight`] decodes it, the
/// way the uapi's `nexthop_grp_weight()` does (`weight_high` carries bits 8..15 since
/// Linux 6.12; older kernels always send it zero, and reject it non-zero). The kernel
/// accepts weights 1 to 65,535: `weight = weight_high = 0xff` (65,536) is refused.
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
pub struct NexthopGrp {
    /// Nexthop id.
    pub id: U32,
    /// Low 8 bits of `weight - 1`.
    pub weight: u8,
    /// High 8 bits of `weight - 1` (`resvd1` before Linux 6.12).
    pub weight_high: u8,
    /// Reserved.
    pub resvd2: U16,
}

impl NexthopGrp {
    /// Size on the wire.
    pub const LEN: usize = 8;

    /// The entry for `member`, the weight clamped to 1..=65,535 and encoded as the
    /// kernel wants it.
    pub fn from_member(member: GroupMember) -> Self {
        let w = member.weight.clamp(1, MAX_WEIGHT) - 1;
        let [lo, hi, _, _] = w.to_le_bytes();
        Self {
            id: U32::new(member.id),
            weight: lo,
            weight_high: hi,
            resvd2: U16::new(0),
        }
    }

    /// The weight: `((weight_high << 8) | weight) + 1`, from 1 to 65,536 (65,536 only
    /// in an entry the kernel would refuse).
    #[inline]
    pub fn weight(&self) -> u32 {
        (u32::from(self.weight_high) << 8 | u32::from(self.weight)) + 1
    }

    /// The entry as a [`GroupMember`].
    #[inline]
    pub fn member(&self) -> GroupMember {
        GroupMember {
            id: self.id.get(),
            weight: self.weight(),
        }
    }
}

/// The largest weight a nexthop group member can have (Linux 6.12+; 256 before).
pub const MAX_WEIGHT: u32 = 65535;

/// A member of a nexthop group: a nexthop id and its weight (1 to 65,535).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct GroupMember {
    /// Nexthop id.
    pub id: u32,
    /// Weight, 1 to [`MAX_WEIGHT`] (writers clamp other values into that range; kernels
    /// before 6.12 accept 1 to 256).
    pub weight: u32,
}

impl GroupMember {
    /// A member with `id` and `weight`.
    pub const fn new(id: u32, weight: u32) -> Self {
        Self { id, weight }
    }
}

/// The entries of an `NHA_GROUP` attribute, checked to be a whole number of
/// `nexthop_grp`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NhGroup<'a> {
    entries: &'a [NexthopGrp],
}

impl<'a> NhGroup<'a> {
    /// Views an `NHA_GROUP` payload. Errors (naming the attribute) when its length is not
    /// a multiple of 8.
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        let p = a.payload();
        match <[NexthopGrp]>::ref_from_bytes(p) {
            Ok(entries) => Ok(Self { entries }),
            Err(_) => Err(DecodeError::new(
                DecodeErrorKind::AttrPayload {
                    kind: a.kind(),
                    expected: "nexthop_grp array",
                    needed: p.len().div_ceil(NexthopGrp::LEN) * NexthopGrp::LEN,
                    got: p.len(),
                },
                a.offset(),
            )),
        }
    }

    /// The raw entries.
    #[inline]
    pub fn entries(&self) -> &'a [NexthopGrp] {
        self.entries
    }

    /// The number of members.
    #[inline]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the group has no members.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The members with decoded weights.
    #[inline]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = GroupMember> + 'a {
        self.entries.iter().map(NexthopGrp::member)
    }
}

impl fmt::Display for NhGroup<'_> {
    /// As `ip nexthop` prints a group: `1/2,3` (`id[,weight]` joined by `/`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, m) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            write!(f, "{}", m.id)?;
            if m.weight > 1 {
                write!(f, ",{}", m.weight)?;
            }
        }
        Ok(())
    }
}

/// Nexthop flags (`RTNH_F_*`) in `nh_flags`.
pub mod nh_flags {
    /// `RTNH_F_DEAD`: the nexthop is dead (used by multipath only).
    pub const DEAD: u32 = 1;
    /// `RTNH_F_PERVASIVE`: do recursive gateway lookup.
    pub const PERVASIVE: u32 = 2;
    /// `RTNH_F_ONLINK`: the gateway is forced on link.
    pub const ONLINK: u32 = 4;
    /// `RTNH_F_OFFLOAD`: offloaded to hardware.
    pub const OFFLOAD: u32 = 8;
    /// `RTNH_F_LINKDOWN`: carrier is down.
    pub const LINKDOWN: u32 = 16;
    /// `RTNH_F_UNRESOLVED`: the gateway is unresolved.
    pub const UNRESOLVED: u32 = 32;
    /// `RTNH_F_TRAP`: trapping packets to the CPU.
    pub const TRAP: u32 = 64;

    /// Flag names as `ip` prints them.
    pub const NAMES: [(u32, &str); 7] = [
        (DEAD, "dead"),
        (PERVASIVE, "pervasive"),
        (ONLINK, "onlink"),
        (OFFLOAD, "offload"),
        (LINKDOWN, "linkdown"),
        (UNRESOLVED, "unresolved"),
        (TRAP, "trap"),
    ];
}

/// Group types (`NEXTHOP_GRP_TYPE_*`) in `NHA_GROUP_TYPE`.
pub mod group_type {
    /// `NEXTHOP_GRP_TYPE_MPATH`: hash-threshold multipath (the default).
    pub const MPATH: u16 = 0;
    /// `NEXTHOP_GRP_TYPE_RES`: resilient hashing.
    pub const RES: u16 = 1;

    /// The type's name as `ip` prints it.
    pub const fn name(t: u16) -> Option<&'static str> {
        match t {
            MPATH => Some("mpath"),
            RES => Some("resilient"),
            _ => None,
        }
    }
}

/// `NHA_OP_FLAGS` bits.
pub mod op_flags {
    /// `NHA_OP_FLAG_DUMP_STATS` (request): include `NHA_GROUP_STATS`.
    pub const DUMP_STATS: u32 = 1 << 0;
    /// `NHA_OP_FLAG_DUMP_HW_STATS` (request): include hardware statistics too.
    pub const DUMP_HW_STATS: u32 = 1 << 1;
    /// `NHA_OP_FLAG_RESP_GRP_RESVD_0` (reply): the reserved fields of `nexthop_grp` are
    /// zeroed, so `weight_high` is meaningful.
    pub const RESP_GRP_RESVD_0: u32 = 1 << 31;
}

attr_set! {
    /// Nexthop attributes (`NHA_*`), Linux 6.18.
    pub mod nha, pub static NHA = "NHA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Nexthop id (0 in a request: let the kernel choose).
        ID = 1 => Value::U32,
        /// Group members (array of `struct nexthop_grp`).
        GROUP = 2 => Value::Custom(fmt_group),
        /// Group type (`NEXTHOP_GRP_TYPE_*`).
        GROUP_TYPE = 3 => Value::Custom(fmt_group_type),
        /// Blackhole nexthop (flag).
        BLACKHOLE = 4 => Value::Flag,
        /// Output interface index.
        OIF = 5 => Value::U32,
        /// Gateway address (4 or 16 bytes).
        GATEWAY = 6 => Value::Ip,
        /// Lightweight-tunnel encapsulation type (`LWTUNNEL_ENCAP_*`).
        ENCAP_TYPE = 7 => Value::Custom(fmt_encap_type),
        /// Encapsulation data (nested, by `NHA_ENCAP_TYPE`).
        ENCAP = 8 => Value::Custom(fmt_encap),
        /// Dump filter: groups only (flag).
        GROUPS = 9 => Value::Flag,
        /// Dump filter: nexthops whose device has this master.
        MASTER = 10 => Value::U32,
        /// Nexthop for bridge FDB entries (flag; also a dump filter).
        FDB = 11 => Value::Flag,
        /// Resilient group parameters (nested `NHA_RES_GROUP_*`).
        RES_GROUP = 12 => Value::Nested(&NHA_RES_GROUP),
        /// A resilient group bucket (nested `NHA_RES_BUCKET_*`).
        RES_BUCKET = 13 => Value::Nested(&NHA_RES_BUCKET),
        /// Operation flags (`NHA_OP_FLAG_*`).
        OP_FLAGS = 14 => Value::Custom(fmt_hex_u32),
        /// Group statistics (nested `NHA_GROUP_STATS_*`).
        GROUP_STATS = 15 => Value::Nested(&NHA_GROUP_STATS),
        /// Hardware statistics enabled.
        HW_STATS_ENABLE = 16 => Value::U32,
        /// Whether any driver collects hardware statistics (read-only).
        HW_STATS_USED = 17 => Value::U32,
    }
}

/// The highest `NHA_*` type this crate knows.
pub const NHA_MAX: u16 = nha::HW_STATS_USED;

attr_set! {
    /// `NHA_RES_GROUP` contents (`NHA_RES_GROUP_*`).
    pub mod res_group, pub static NHA_RES_GROUP = "NHA_RES_GROUP_" {
        /// Padding for 64-bit alignment (`NHA_RES_GROUP_UNSPEC` has the same number).
        PAD = 0 => Value::Binary,
        /// Number of buckets (`u16`).
        BUCKETS = 1 => Value::U16,
        /// Bucket idle timer (clock ticks).
        IDLE_TIMER = 2 => Value::U32,
        /// Unbalanced timer (clock ticks).
        UNBALANCED_TIMER = 3 => Value::U32,
        /// Time the group has been unbalanced (clock ticks, `u64`; replies only).
        UNBALANCED_TIME = 4 => Value::U64,
    }
}

attr_set! {
    /// `NHA_RES_BUCKET` contents (`NHA_RES_BUCKET_*`).
    pub mod res_bucket, pub static NHA_RES_BUCKET = "NHA_RES_BUCKET_" {
        /// Padding for 64-bit alignment (`NHA_RES_BUCKET_UNSPEC` has the same number).
        PAD = 0 => Value::Binary,
        /// Bucket index (`u16`).
        INDEX = 1 => Value::U16,
        /// Idle time (clock ticks, `u64`).
        IDLE_TIME = 2 => Value::U64,
        /// Nexthop id assigned to the bucket.
        NH_ID = 3 => Value::U32,
    }
}

attr_set! {
    /// `NHA_GROUP_STATS` contents (`NHA_GROUP_STATS_*`).
    pub mod group_stats, pub static NHA_GROUP_STATS = "NHA_GROUP_STATS_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// One member's statistics (nested `NHA_GROUP_STATS_ENTRY_*`; repeated).
        ENTRY = 1 => Value::Nested(&NHA_GROUP_STATS_ENTRY),
    }
}

attr_set! {
    /// `NHA_GROUP_STATS_ENTRY` contents (`NHA_GROUP_STATS_ENTRY_*`).
    pub mod group_stats_entry, pub static NHA_GROUP_STATS_ENTRY = "NHA_GROUP_STATS_ENTRY_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Nexthop id of the member.
        ID = 1 => Value::U32,
        /// Packets forwarded through the member (`uint`).
        PACKETS = 2 => Value::Uint,
        /// Packets forwarded through the member in hardware (`uint`).
        PACKETS_HW = 3 => Value::Uint,
    }
}

fn fmt_group(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(g) = NhGroup::parse(a) else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" {g}"))?;
    Ok(true)
}

fn fmt_group_type(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(t) = a.u16() else { return Ok(false) };
    match group_type::name(t) {
        Some(n) => d.write_fmt(format_args!(" {n}"))?,
        None => d.write_fmt(format_args!(" {t}"))?,
    }
    Ok(true)
}

fn fmt_encap_type(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(t) = a.u16() else { return Ok(false) };
    match lwtunnel_encap::name(t) {
        Some(n) => d.write_fmt(format_args!(" {n}"))?,
        None => d.write_fmt(format_args!(" {t}"))?,
    }
    Ok(true)
}

fn fmt_encap(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    siblings: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let t = siblings
        .clone()
        .find(nha::ENCAP_TYPE)
        .ok()
        .flatten()
        .and_then(|t| t.u16().ok());
    let set = match t {
        Some(lwtunnel_encap::MPLS) => Some(&route::MPLS_IPTUNNEL),
        Some(lwtunnel_encap::SEG6) => Some(&route::SEG6_IPTUNNEL),
        Some(lwtunnel_encap::IP) => Some(&route::LWTUNNEL_IP),
        Some(lwtunnel_encap::IP6) => Some(&route::LWTUNNEL_IP6),
        _ => None,
    };
    match set {
        Some(set) => d.value(a, siblings, Value::Nested(set)),
        None => {
            // Another encapsulation type: raw, but the attribute itself is understood.
            d.write_fmt(format_args!(" "))?;
            d.hex(a.payload())?;
            Ok(true)
        }
    }
}

fn fmt_hex_u32(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(v) = a.u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

/// `NHA_RES_GROUP`: resilient group parameters. Every field is optional; in requests
/// `unbalanced_time` is not sent (the kernel reports it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResGroup {
    /// `NHA_RES_GROUP_BUCKETS`.
    pub buckets: Option<u16>,
    /// `NHA_RES_GROUP_IDLE_TIMER` (clock ticks).
    pub idle_timer: Option<u32>,
    /// `NHA_RES_GROUP_UNBALANCED_TIMER` (clock ticks).
    pub unbalanced_timer: Option<u32>,
    /// `NHA_RES_GROUP_UNBALANCED_TIME` (clock ticks).
    pub unbalanced_time: Option<u64>,
}

impl ResGroup {
    /// Decodes the contents of an `NHA_RES_GROUP` nest.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                res_group::BUCKETS => out.buckets = Some(a.u16()?),
                res_group::IDLE_TIMER => out.idle_timer = Some(a.u32()?),
                res_group::UNBALANCED_TIMER => out.unbalanced_timer = Some(a.u32()?),
                res_group::UNBALANCED_TIME => out.unbalanced_time = Some(a.u64()?),
                _ => {}
            }
        }
        Ok(out)
    }

    /// Writes the request fields (buckets and timers) into the current nest.
    pub fn put<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        if let Some(v) = self.buckets {
            b.put_u16(res_group::BUCKETS, v)?;
        }
        if let Some(v) = self.idle_timer {
            b.put_u32(res_group::IDLE_TIMER, v)?;
        }
        if let Some(v) = self.unbalanced_timer {
            b.put_u32(res_group::UNBALANCED_TIMER, v)?;
        }
        Ok(())
    }
}

/// `NHA_RES_BUCKET`: one bucket of a resilient group (`RTM_NEWNEXTHOPBUCKET`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResBucket {
    /// `NHA_RES_BUCKET_INDEX`.
    pub index: Option<u16>,
    /// `NHA_RES_BUCKET_IDLE_TIME` (clock ticks).
    pub idle_time: Option<u64>,
    /// `NHA_RES_BUCKET_NH_ID`.
    pub nh_id: Option<u32>,
}

impl ResBucket {
    /// Decodes the contents of an `NHA_RES_BUCKET` nest.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                res_bucket::INDEX => out.index = Some(a.u16()?),
                res_bucket::IDLE_TIME => out.idle_time = Some(a.u64()?),
                res_bucket::NH_ID => out.nh_id = Some(a.u32()?),
                _ => {}
            }
        }
        Ok(out)
    }
}

/// One `NHA_GROUP_STATS_ENTRY`: a group member's packet counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupStatsEntry {
    /// `NHA_GROUP_STATS_ENTRY_ID`.
    pub id: Option<u32>,
    /// `NHA_GROUP_STATS_ENTRY_PACKETS`.
    pub packets: Option<u64>,
    /// `NHA_GROUP_STATS_ENTRY_PACKETS_HW`.
    pub packets_hw: Option<u64>,
}

impl GroupStatsEntry {
    /// Decodes the contents of an `NHA_GROUP_STATS_ENTRY` nest.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                group_stats_entry::ID => out.id = Some(a.u32()?),
                group_stats_entry::PACKETS => out.packets = Some(a.uint()?),
                group_stats_entry::PACKETS_HW => out.packets_hw = Some(a.uint()?),
                _ => {}
            }
        }
        Ok(out)
    }
}

const SLOTS: usize = NHA_MAX as usize + 1;

/// A nexthop message (`RTM_NEWNEXTHOP`, `RTM_DELNEXTHOP`, `RTM_NEWNEXTHOPBUCKET`, or a
/// request) with its attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute type and its offset) when it is present but malformed.
pub type NexthopMsg<'a> = super::View<'a, NhMsg, SLOTS>;

impl<'a> NexthopMsg<'a> {
    /// `nh_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `nh_scope`.
    #[inline]
    pub fn scope(&self) -> u8 {
        self.header.scope
    }

    /// `nh_protocol`.
    #[inline]
    pub fn protocol(&self) -> u8 {
        self.header.protocol
    }

    /// `nh_flags` (`RTNH_F_*`).
    #[inline]
    pub fn flags(&self) -> u32 {
        self.header.flags.get()
    }

    getters! {
        /// `NHA_ID`.
        id: nha::ID => u32 -> u32;
        /// `NHA_GROUP_TYPE` (`NEXTHOP_GRP_TYPE_*`).
        group_type: nha::GROUP_TYPE => u16 -> u16;
        /// `NHA_OIF`.
        oif: nha::OIF => u32 -> u32;
        /// `NHA_GATEWAY`.
        gateway: nha::GATEWAY => ip -> IpAddr;
        /// `NHA_ENCAP_TYPE` (`LWTUNNEL_ENCAP_*`).
        encap_type: nha::ENCAP_TYPE => u16 -> u16;
        /// `NHA_MASTER`.
        master: nha::MASTER => u32 -> u32;
        /// `NHA_OP_FLAGS` (`NHA_OP_FLAG_*`).
        op_flags: nha::OP_FLAGS => u32 -> u32;
        /// `NHA_HW_STATS_ENABLE`.
        hw_stats_enable: nha::HW_STATS_ENABLE => u32 -> u32;
        /// `NHA_HW_STATS_USED`.
        hw_stats_used: nha::HW_STATS_USED => u32 -> u32;
    }

    fn flag(&self, kind: u16) -> Result<bool, DecodeError> {
        match self.tb.get(kind) {
            Some(a) => a.flag().map(|()| true),
            None => Ok(false),
        }
    }

    /// Whether `NHA_BLACKHOLE` is present.
    #[inline]
    pub fn is_blackhole(&self) -> Result<bool, DecodeError> {
        self.flag(nha::BLACKHOLE)
    }

    /// Whether `NHA_FDB` is present.
    #[inline]
    pub fn is_fdb(&self) -> Result<bool, DecodeError> {
        self.flag(nha::FDB)
    }

    /// Whether `NHA_GROUPS` is present (a dump filter).
    #[inline]
    pub fn groups_only(&self) -> Result<bool, DecodeError> {
        self.flag(nha::GROUPS)
    }

    /// `NHA_GROUP`: the members, checked to be a whole number of `nexthop_grp`s.
    #[inline]
    pub fn group(&self) -> Result<Option<NhGroup<'a>>, DecodeError> {
        self.tb
            .get(nha::GROUP)
            .map(|a| NhGroup::parse(&a))
            .transpose()
    }

    /// `NHA_ENCAP`, raw (nested attributes of the `NHA_ENCAP_TYPE`'s set).
    #[inline]
    pub fn encap_attr(&self) -> Option<Attr<'a>> {
        self.tb.get(nha::ENCAP)
    }

    /// `NHA_ENCAP` decoded by `NHA_ENCAP_TYPE` (as for routes).
    #[inline]
    pub fn encap(&self) -> Result<Option<Encap<'a>>, DecodeError> {
        let Some(encap) = self.tb.get(nha::ENCAP) else {
            return Ok(None);
        };
        let t = self.encap_type()?.unwrap_or(lwtunnel_encap::NONE);
        Encap::parse(t, &encap).map(Some)
    }

    /// `NHA_RES_GROUP`, decoded.
    #[inline]
    pub fn res_group(&self) -> Result<Option<ResGroup>, DecodeError> {
        self.tb
            .get(nha::RES_GROUP)
            .map(|a| ResGroup::parse(a.nested()))
            .transpose()
    }

    /// `NHA_RES_BUCKET`, decoded.
    #[inline]
    pub fn res_bucket(&self) -> Result<Option<ResBucket>, DecodeError> {
        self.tb
            .get(nha::RES_BUCKET)
            .map(|a| ResBucket::parse(a.nested()))
            .transpose()
    }

    /// The `NHA_GROUP_STATS` entries (none when absent), each a `Result`.
    #[inline]
    pub fn group_stats(&self) -> impl Iterator<Item = Result<GroupStatsEntry, DecodeError>> + 'a {
        let stats = self.tb.get(nha::GROUP_STATS).map(|a| a.nested());
        stats.into_iter().flat_map(|s| {
            s.of_kind(group_stats::ENTRY)
                .map(|r| r.and_then(|e| GroupStatsEntry::parse(e.nested())))
        })
    }
}

impl fmt::Debug for NexthopMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NexthopMsg")
            .field("family", &self.family())
            .field("id", &self.id().ok().flatten())
            .field("flags", &format_args!("{:#x}", self.flags()))
            .finish_non_exhaustive()
    }
}

/// `Display` for `RTNH_F_*` flags: `onlink,linkdown`, unknown bits in hex.
#[derive(Clone, Copy, Debug)]
pub struct NhFlagsDisplay(pub u32);

impl fmt::Display for NhFlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_flag_names(f, self.0, &nh_flags::NAMES)
    }
}

impl fmt::Display for NexthopMsg<'_> {
    /// A dissection: header line, the `nhmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        let h = self.header;
        f.write_str("\n  nhmsg family ")?;
        match family::name(h.family) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", h.family)?,
        }
        f.write_str(" scope ")?;
        match rt_scope::name(h.scope) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", h.scope)?,
        }
        f.write_str(" protocol ")?;
        match rtprot::name(h.protocol) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", h.protocol)?,
        }
        write!(f, " flags <{}>", NhFlagsDisplay(h.flags.get()))?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &NHA)
    }
}

/// Starts a nexthop message (`RTM_NEWNEXTHOP`, `RTM_DELNEXTHOP`, `RTM_GETNEXTHOP`, or a
/// bucket message) with the given `nhmsg`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &NhMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Filters for a nexthop dump (all off: every nexthop).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DumpFilter {
    /// `nh_family` (`AF_UNSPEC`: all).
    pub family: u8,
    /// `NHA_GROUPS`: groups only.
    pub groups: bool,
    /// `NHA_FDB`: FDB nexthops only.
    pub fdb: bool,
    /// `NHA_MASTER`: nexthops whose device is enslaved to this master.
    pub master: Option<u32>,
    /// `NHA_OIF`: nexthops using this device.
    pub oif: Option<u32>,
    /// `NHA_OP_FLAGS` (for example [`op_flags::DUMP_STATS`]).
    pub op_flags: Option<u32>,
}

/// Writes an `RTM_GETNEXTHOP` dump request with `filter`.
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    filter: &DumpFilter,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETNEXTHOP,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &NhMsg::new(filter.family),
    )?;
    if filter.groups {
        b.put_flag(nha::GROUPS)?;
    }
    if filter.fdb {
        b.put_flag(nha::FDB)?;
    }
    if let Some(m) = filter.master {
        b.put_u32(nha::MASTER, m)?;
    }
    if let Some(o) = filter.oif {
        b.put_u32(nha::OIF, o)?;
    }
    if let Some(f) = filter.op_flags {
        b.put_u32(nha::OP_FLAGS, f)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_GETNEXTHOP` request for the nexthop `id`; `op_flags` (if non-zero)
/// asks for statistics.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    id: u32,
    op_flags: u32,
) -> Result<usize, EncodeError> {
    let mut b = message(buf, rtm::GETNEXTHOP, Flags::REQUEST, seq, &NhMsg::default())?;
    b.put_u32(nha::ID, id)?;
    if op_flags != 0 {
        b.put_u32(nha::OP_FLAGS, op_flags)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_DELNEXTHOP` request (`ACK`) for the nexthop `id`.
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    id: u32,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::DELNEXTHOP,
        Flags::REQUEST | Flags::ACK,
        seq,
        &NhMsg::default(),
    )?;
    b.put_u32(nha::ID, id)?;
    Ok(b.finish())
}

/// A nexthop to create: a gateway and/or device, a blackhole, or a group. Unset fields
/// are not sent; the kernel checks the combination (a group takes no device, a blackhole
/// no gateway, …). Build one with struct-update syntax from [`NexthopSpec::default`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NexthopSpec<'a> {
    /// `NHA_ID` (0: the kernel assigns one).
    pub id: u32,
    /// `nh_family`. When `AF_UNSPEC`: taken from `gateway`; else `AF_UNSPEC` for a
    /// group and `AF_INET` otherwise.
    pub family: u8,
    /// `nh_protocol` (`RTPROT_*`; 0 lets the kernel use `RTPROT_UNSPEC`).
    pub protocol: u8,
    /// `nh_flags` (`RTNH_F_ONLINK`).
    pub flags: u32,
    /// `NHA_OIF`.
    pub oif: Option<u32>,
    /// `NHA_GATEWAY`.
    pub gateway: Option<IpAddr>,
    /// `NHA_BLACKHOLE`.
    pub blackhole: bool,
    /// `NHA_FDB`.
    pub fdb: bool,
    /// `NHA_GROUP` members (sent when non-empty).
    pub group: &'a [GroupMember],
    /// `NHA_GROUP_TYPE`.
    pub group_type: Option<u16>,
    /// `NHA_RES_GROUP` (for `NEXTHOP_GRP_TYPE_RES`).
    pub res_group: Option<ResGroup>,
    /// `NHA_HW_STATS_ENABLE`.
    pub hw_stats: Option<bool>,
}

impl NexthopSpec<'_> {
    /// The `nhmsg` this spec sends.
    #[inline]
    pub fn header(&self) -> NhMsg {
        let family = match (self.family, self.gateway) {
            (family::UNSPEC, Some(IpAddr::V4(_))) => family::INET,
            (family::UNSPEC, Some(IpAddr::V6(_))) => family::INET6,
            (family::UNSPEC, None) if self.group.is_empty() => family::INET,
            (f, _) => f,
        };
        NhMsg {
            family,
            scope: 0,
            protocol: self.protocol,
            resvd: 0,
            flags: U32::new(self.flags),
        }
    }

    /// Appends the spec's attributes to `b` (after the header).
    pub fn put_attrs<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        if self.id != 0 {
            b.put_u32(nha::ID, self.id)?;
        }
        if !self.group.is_empty() {
            // An array of structs: written entry by entry inside an attribute whose
            // length is patched at the end (no `NLA_F_NESTED`: it is not a nest).
            b.nest_noflag(nha::GROUP, |b| {
                for m in self.group {
                    b.put_header(&NexthopGrp::from_member(*m))?;
                }
                Ok(())
            })?;
        }
        if let Some(t) = self.group_type {
            b.put_u16(nha::GROUP_TYPE, t)?;
        }
        if self.blackhole {
            b.put_flag(nha::BLACKHOLE)?;
        }
        if let Some(o) = self.oif {
            b.put_u32(nha::OIF, o)?;
        }
        if let Some(g) = self.gateway {
            b.put_ip(nha::GATEWAY, g)?;
        }
        if self.fdb {
            b.put_flag(nha::FDB)?;
        }
        if let Some(r) = &self.res_group {
            b.nest(nha::RES_GROUP, |b| r.put(b))?;
        }
        if let Some(on) = self.hw_stats {
            b.put_u32(nha::HW_STATS_ENABLE, u32::from(on))?;
        }
        Ok(())
    }
}

/// Writes an `RTM_NEWNEXTHOP` request (`ACK | CREATE | EXCL`) creating `spec`.
pub fn add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    spec: &NexthopSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    let mut b = message(buf, rtm::NEWNEXTHOP, flags, seq, &spec.header())?;
    spec.put_attrs(&mut b)?;
    Ok(b.finish())
}

/// Writes an `RTM_NEWNEXTHOP` request (`ACK | CREATE | REPLACE`) creating or replacing
/// `spec`.
pub fn replace_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    spec: &NexthopSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::REPLACE;
    let mut b = message(buf, rtm::NEWNEXTHOP, flags, seq, &spec.header())?;
    spec.put_attrs(&mut b)?;
    Ok(b.finish())
}

impl super::FamilyHeader for NhMsg {
    const LEN: usize = NhMsg::LEN;

    #[inline]
    fn ip_v6(&self) -> bool {
        self.family == super::family::INET6
    }
}
