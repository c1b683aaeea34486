//! Traffic control (`tc`): `tcmsg`, the `TCA_*` attributes with statistics
//! (`TCA_STATS2`), handles, typed `TCA_OPTIONS` for common qdiscs (pfifo/bfifo, prio,
//! tbf, htb, fq_codel, ingress, clsact) and classifiers (u32, flower, matchall, bpf), a
//! typed view and request writers for qdiscs, classes and filters.
//!
//! The same `tcmsg` heads qdisc, class, filter and chain messages; what `TCA_OPTIONS`
//! holds depends on `TCA_KIND`.
//!
//! ```
//! use nlwire_codec::rtnl::tc::{self, FqCodelOptions, TcHandle, TcMsg, TcObjectMsg, TcOptions};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! // `tc qdisc add dev <2> root handle 1: fq_codel limit 1000`
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let hdr = TcMsg::new(2, TcHandle::new(1, 0), TcHandle::ROOT);
//! let opts = FqCodelOptions { limit: Some(1000), ..FqCodelOptions::default() };
//! tc::qdisc_add_request(&mut buf, 1, &hdr, "fq_codel", Some(&|b| opts.put(b)))?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let q = TcObjectMsg::parse(&msg)?;
//! assert_eq!(q.kind()?, Some("fq_codel"));
//! assert_eq!(q.handle().to_string(), "1:");
//! assert_eq!(q.parent().to_string(), "root");
//! match q.typed_options()? {
//!     Some(TcOptions::FqCodel(o)) => assert_eq!(o.limit, Some(1000)),
//!     other => panic!("{other:?}"),
//! }
//! assert!(q.to_string().contains("TCA_FQ_CODEL_LIMIT 1000"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::big_endian::{U16 as Be16, U32 as Be32};
use zerocopy::byteorder::native_endian::{I16, I32, U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

macro_rules! zstruct {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident: $t:ty,)* }) => {
        $(#[$m])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq,
            FromBytes, IntoBytes, KnownLayout, Immutable, Unaligned,
        )]
        #[repr(C)]
        pub struct $name { $($(#[$fm])* pub $f: $t,)* }
    };
}

zstruct! {
    /// `struct tcmsg`: the family header of qdisc, class, filter and chain messages
    /// (20 bytes).
    pub struct TcMsg {
        /// `tcm_family` (`AF_UNSPEC`).
        pub family: u8,
        /// Padding.
        pub pad1: u8,
        /// Padding.
        pub pad2: U16,
        /// `tcm_ifindex`: the device (or `TCM_IFINDEX_MAGIC_BLOCK` for a shared block).
        pub ifindex: I32,
        /// `tcm_handle`: the object's handle.
        pub handle: U32,
        /// `tcm_parent`: the parent's handle (or the block index for a shared block).
        pub parent: U32,
        /// `tcm_info`: for filters `(prio << 16) | htons(protocol)`; for qdiscs the
        /// reference count in replies.
        pub info: U32,
    }
}

impl TcMsg {
    /// Size on the wire.
    pub const LEN: usize = 20;

    /// A header for the object `handle` under `parent` on device `ifindex`.
    pub fn new(ifindex: i32, handle: TcHandle, parent: TcHandle) -> Self {
        Self {
            ifindex: I32::new(ifindex),
            handle: U32::new(handle.0),
            parent: U32::new(parent.0),
            ..Self::default()
        }
    }

    /// A filter header: `tcm_info` = `(prio << 16) | htons(protocol)` (`protocol` in host
    /// order, an `ETH_P_*` value such as [`eth_p::ALL`]).
    pub fn filter(ifindex: i32, handle: u32, parent: TcHandle, prio: u16, protocol: u16) -> Self {
        Self {
            ifindex: I32::new(ifindex),
            handle: U32::new(handle),
            parent: U32::new(parent.0),
            info: U32::new(filter_info(prio, protocol)),
            ..Self::default()
        }
    }
}

/// `tcm_info` of a filter: `TC_H_MAKE(prio << 16, htons(protocol))`.
pub const fn filter_info(prio: u16, protocol: u16) -> u32 {
    (prio as u32) << 16 | protocol.to_be() as u32
}

/// `TCM_IFINDEX_MAGIC_BLOCK`: `tcm_ifindex` of filters on a shared block.
pub const TCM_IFINDEX_MAGIC_BLOCK: u32 = 0xFFFF_FFFF;

/// Handle arithmetic and reserved handles (`TC_H_*`).
pub mod tc_h {
    /// `TC_H_MAJ_MASK`.
    pub const MAJ_MASK: u32 = 0xFFFF_0000;
    /// `TC_H_MIN_MASK`.
    pub const MIN_MASK: u32 = 0x0000_FFFF;
    /// `TC_H_UNSPEC`.
    pub const UNSPEC: u32 = 0;
    /// `TC_H_ROOT`: the root of the egress hierarchy.
    pub const ROOT: u32 = 0xFFFF_FFFF;
    /// `TC_H_INGRESS`: the parent of the ingress and clsact qdiscs.
    pub const INGRESS: u32 = 0xFFFF_FFF1;
    /// `TC_H_CLSACT`: the same as [`INGRESS`].
    pub const CLSACT: u32 = INGRESS;
    /// `TC_H_MIN_PRIORITY`.
    pub const MIN_PRIORITY: u32 = 0xFFE0;
    /// `TC_H_MIN_INGRESS`: minor of the clsact ingress hook.
    pub const MIN_INGRESS: u32 = 0xFFF2;
    /// `TC_H_MIN_EGRESS`: minor of the clsact egress hook.
    pub const MIN_EGRESS: u32 = 0xFFF3;

    /// `TC_H_MAJ(h)`: the major bits, in place.
    pub const fn maj(h: u32) -> u32 {
        h & MAJ_MASK
    }

    /// `TC_H_MIN(h)`: the minor bits.
    pub const fn min(h: u32) -> u32 {
        h & MIN_MASK
    }

    /// `TC_H_MAKE(maj, min)`: `maj` keeps only its major bits, `min` its minor bits.
    pub const fn make(maj: u32, min: u32) -> u32 {
        (maj & MAJ_MASK) | (min & MIN_MASK)
    }
}

/// A tc handle (`major:minor`, 16 bits each) with `tc`'s notation: `Display` prints
/// `1:`, `1:10`, `:10`, `root`, `none` and `ingress` (for `TC_H_INGRESS`, which `tc`
/// itself prints as `ffff:fff1`); [`TcHandle::parse`] reads the same forms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TcHandle(pub u32);

impl TcHandle {
    /// `TC_H_UNSPEC`.
    pub const UNSPEC: Self = Self(tc_h::UNSPEC);
    /// `TC_H_ROOT`.
    pub const ROOT: Self = Self(tc_h::ROOT);
    /// `TC_H_INGRESS`.
    pub const INGRESS: Self = Self(tc_h::INGRESS);
    /// `TC_H_CLSACT` (the same as [`Self::INGRESS`]).
    pub const CLSACT: Self = Self(tc_h::CLSACT);
    /// The clsact ingress hook, `ffff:fff2` (parent of ingress filters).
    pub const CLSACT_INGRESS: Self = Self(tc_h::make(tc_h::CLSACT, tc_h::MIN_INGRESS));
    /// The clsact egress hook, `ffff:fff3` (parent of egress filters).
    pub const CLSACT_EGRESS: Self = Self(tc_h::make(tc_h::CLSACT, tc_h::MIN_EGRESS));

    /// `major:minor`.
    pub const fn new(major: u16, minor: u16) -> Self {
        Self((major as u32) << 16 | minor as u32)
    }

    /// The major number (upper 16 bits).
    pub const fn major(self) -> u16 {
        let [a, b, _, _] = self.0.to_be_bytes();
        u16::from_be_bytes([a, b])
    }

    /// The minor number (lower 16 bits).
    pub const fn minor(self) -> u16 {
        let [_, _, c, d] = self.0.to_be_bytes();
        u16::from_be_bytes([c, d])
    }

    /// Parses `tc`'s notation: `root`, `none`, `ingress`/`clsact`, `maj:`, `maj:min`,
    /// `:min` (hex numbers), or a bare hex number for the whole handle.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "root" => return Some(Self::ROOT),
            "none" => return Some(Self::UNSPEC),
            "ingress" | "clsact" => return Some(Self::INGRESS),
            _ => {}
        }
        let hex = |t: &str| -> Option<u32> {
            if t.is_empty() {
                Some(0)
            } else {
                u32::from_str_radix(t, 16).ok()
            }
        };
        match s.split_once(':') {
            Some((maj, min)) => {
                let (maj, min) = (hex(maj)?, hex(min)?);
                if maj > 0xFFFF || min > 0xFFFF {
                    return None;
                }
                Some(Self(maj << 16 | min))
            }
            None if !s.is_empty() => u32::from_str_radix(s, 16).ok().map(Self),
            None => None,
        }
    }
}

impl fmt::Display for TcHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            tc_h::ROOT => f.write_str("root"),
            tc_h::UNSPEC => f.write_str("none"),
            tc_h::INGRESS => f.write_str("ingress"),
            h if tc_h::maj(h) == 0 => write!(f, ":{:x}", self.minor()),
            h if tc_h::min(h) == 0 => write!(f, "{:x}:", self.major()),
            _ => write!(f, "{:x}:{:x}", self.major(), self.minor()),
        }
    }
}

impl From<u32> for TcHandle {
    fn from(v: u32) -> Self {
        Self(v)
    }
}

impl From<TcHandle> for u32 {
    fn from(v: TcHandle) -> Self {
        v.0
    }
}

/// Ethernet protocol numbers (`ETH_P_*`, host order) for filter headers.
pub mod eth_p {
    /// `ETH_P_ALL`: every protocol.
    pub const ALL: u16 = 0x0003;
    /// `ETH_P_IP`.
    pub const IP: u16 = 0x0800;
    /// `ETH_P_ARP`.
    pub const ARP: u16 = 0x0806;
    /// `ETH_P_8021Q`.
    pub const P8021Q: u16 = 0x8100;
    /// `ETH_P_IPV6`.
    pub const IPV6: u16 = 0x86DD;
    /// `ETH_P_MPLS_UC`.
    pub const MPLS_UC: u16 = 0x8847;
    /// `ETH_P_8021AD`.
    pub const P8021AD: u16 = 0x88A8;
}

/// Classifier flags (`TCA_CLS_FLAGS_*`) in `TCA_*_FLAGS` of u32, flower, matchall, bpf.
pub mod cls_flags {
    /// `TCA_CLS_FLAGS_SKIP_HW`: do not offload.
    pub const SKIP_HW: u32 = 1 << 0;
    /// `TCA_CLS_FLAGS_SKIP_SW`: hardware only.
    pub const SKIP_SW: u32 = 1 << 1;
    /// `TCA_CLS_FLAGS_IN_HW`: offloaded.
    pub const IN_HW: u32 = 1 << 2;
    /// `TCA_CLS_FLAGS_NOT_IN_HW`: not offloaded.
    pub const NOT_IN_HW: u32 = 1 << 3;
    /// `TCA_CLS_FLAGS_VERBOSE`: verbose offload errors.
    pub const VERBOSE: u32 = 1 << 4;
}

/// `TCA_DUMP_FLAGS_TERSE`: in `TCA_DUMP_FLAGS`, dump only what identifies each object.
pub const TCA_DUMP_FLAGS_TERSE: u32 = 1 << 0;

zstruct! {
    /// `struct tc_stats` (`TCA_STATS`): the legacy statistics block (36 bytes; 64-bit
    /// kernels pad it to 40).
    pub struct TcStats {
        /// Bytes enqueued.
        pub bytes: U64,
        /// Packets enqueued.
        pub packets: U32,
        /// Packets dropped.
        pub drops: U32,
        /// Throttle events.
        pub overlimits: U32,
        /// Current byte rate.
        pub bps: U32,
        /// Current packet rate.
        pub pps: U32,
        /// Queue length.
        pub qlen: U32,
        /// Backlog in bytes.
        pub backlog: U32,
    }
}

zstruct! {
    /// `struct gnet_stats_basic` (`TCA_STATS_BASIC`): 12 bytes (64-bit kernels pad it
    /// to 16).
    pub struct GnetStatsBasic {
        /// Bytes seen.
        pub bytes: U64,
        /// Packets seen (low 32 bits; see `TCA_STATS_PKT64`).
        pub packets: U32,
    }
}

zstruct! {
    /// `struct gnet_stats_rate_est` (`TCA_STATS_RATE_EST`).
    pub struct GnetStatsRateEst {
        /// Byte rate.
        pub bps: U32,
        /// Packet rate.
        pub pps: U32,
    }
}

zstruct! {
    /// `struct gnet_stats_rate_est64` (`TCA_STATS_RATE_EST64`).
    pub struct GnetStatsRateEst64 {
        /// Byte rate.
        pub bps: U64,
        /// Packet rate.
        pub pps: U64,
    }
}

zstruct! {
    /// `struct gnet_stats_queue` (`TCA_STATS_QUEUE`).
    pub struct GnetStatsQueue {
        /// Queue length.
        pub qlen: U32,
        /// Backlog in bytes.
        pub backlog: U32,
        /// Packets dropped.
        pub drops: U32,
        /// Packets requeued.
        pub requeues: U32,
        /// Enqueues over the limit.
        pub overlimits: U32,
    }
}

zstruct! {
    /// `struct tc_estimator` (`TCA_RATE`).
    pub struct TcEstimator {
        /// Sampling interval (log2 of 250 ms units, -2..=3).
        pub interval: i8,
        /// Log of the averaging weight.
        pub ewma_log: u8,
    }
}

zstruct! {
    /// `struct tc_ratespec` (inside tbf and htb parameters).
    pub struct TcRatespec {
        /// Cell log (rate tables; 0 without one).
        pub cell_log: u8,
        /// Link layer (`TC_LINKLAYER_*`, lower 4 bits).
        pub linklayer: u8,
        /// Per-packet overhead in bytes.
        pub overhead: U16,
        /// Cell alignment.
        pub cell_align: I16,
        /// Minimum packet unit.
        pub mpu: U16,
        /// Rate in bytes per second (saturated at `u32::MAX`; the 64-bit attribute
        /// carries larger rates).
        pub rate: U32,
    }
}

/// Link layers (`TC_LINKLAYER_*`) in [`TcRatespec::linklayer`].
pub mod linklayer {
    /// `TC_LINKLAYER_UNAWARE`: an old `tc` that sends rate tables.
    pub const UNAWARE: u8 = 0;
    /// `TC_LINKLAYER_ETHERNET`.
    pub const ETHERNET: u8 = 1;
    /// `TC_LINKLAYER_ATM`.
    pub const ATM: u8 = 2;
}

impl TcRatespec {
    /// An Ethernet rate of `rate` bytes per second (saturated at `u32::MAX`).
    pub fn ethernet(rate: u64) -> Self {
        Self {
            linklayer: linklayer::ETHERNET,
            rate: U32::new(u32::try_from(rate).unwrap_or(u32::MAX)),
            ..Self::default()
        }
    }
}

zstruct! {
    /// `struct tc_fifo_qopt`: the options of pfifo, bfifo and pfifo_head_drop.
    pub struct TcFifoQopt {
        /// Queue limit: packets (pfifo) or bytes (bfifo).
        pub limit: U32,
    }
}

impl TcFifoQopt {
    /// A limit of `limit` packets or bytes.
    pub fn new(limit: u32) -> Self {
        Self {
            limit: U32::new(limit),
        }
    }

    /// Writes the options (a bare structure, not a nest).
    pub fn put<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        b.put_header(self)
    }
}

zstruct! {
    /// `struct tc_prio_qopt`: the options of prio and pfifo_fast.
    pub struct TcPrioQopt {
        /// Number of bands.
        pub bands: I32,
        /// Priority to band map.
        pub priomap: [u8; 16],
    }
}

zstruct! {
    /// `struct tc_tbf_qopt` (`TCA_TBF_PARMS`).
    pub struct TcTbfQopt {
        /// Rate.
        pub rate: TcRatespec,
        /// Peak rate (0: none).
        pub peakrate: TcRatespec,
        /// Queue limit in bytes.
        pub limit: U32,
        /// Bucket size in scheduler ticks (see `TCA_TBF_BURST` for bytes).
        pub buffer: U32,
        /// Peak bucket size in scheduler ticks.
        pub mtu: U32,
    }
}

zstruct! {
    /// `struct tc_htb_opt` (`TCA_HTB_PARMS`): a class.
    pub struct TcHtbOpt {
        /// Guaranteed rate.
        pub rate: TcRatespec,
        /// Ceiling rate.
        pub ceil: TcRatespec,
        /// Burst, in scheduler ticks at `rate`.
        pub buffer: U32,
        /// Ceiling burst, in scheduler ticks at `ceil`.
        pub cbuffer: U32,
        /// Quantum (0: derived from the rate).
        pub quantum: U32,
        /// Level in the hierarchy (replies only).
        pub level: U32,
        /// Priority.
        pub prio: U32,
    }
}

zstruct! {
    /// `struct tc_htb_glob` (`TCA_HTB_INIT`): the qdisc.
    pub struct TcHtbGlob {
        /// Protocol version (`TC_HTB_PROTOVER` = 3).
        pub version: U32,
        /// Rate to quantum divisor.
        pub rate2quantum: U32,
        /// Default class minor.
        pub defcls: U32,
        /// Debug flags.
        pub debug: U32,
        /// Packets sent unshaped (replies).
        pub direct_pkts: U32,
    }
}

zstruct! {
    /// The fixed head of `struct tc_u32_sel` (`TCA_U32_SEL`, 16 bytes); `nkeys`
    /// [`TcU32Key`]s follow.
    pub struct TcU32SelHdr {
        /// `TC_U32_*` selector flags.
        pub flags: u8,
        /// Offset shift.
        pub offshift: u8,
        /// Number of keys that follow.
        pub nkeys: u8,
        /// Padding.
        pub pad: u8,
        /// Offset mask (big-endian).
        pub offmask: Be16,
        /// Offset.
        pub off: U16,
        /// Offset of the offset.
        pub offoff: I16,
        /// Hash offset.
        pub hoff: I16,
        /// Hash mask (big-endian).
        pub hmask: Be32,
    }
}

zstruct! {
    /// `struct tc_u32_key`: one 32-bit match of a u32 selector.
    pub struct TcU32Key {
        /// Mask (big-endian).
        pub mask: Be32,
        /// Value (big-endian).
        pub val: Be32,
        /// Offset in the packet.
        pub off: I32,
        /// Offset mask.
        pub offmask: I32,
    }
}

zstruct! {
    /// `struct tc_u32_mark` (`TCA_U32_MARK`).
    pub struct TcU32Mark {
        /// Mark value.
        pub val: U32,
        /// Mark mask.
        pub mask: U32,
        /// Matches (replies).
        pub success: U32,
    }
}

zstruct! {
    /// `struct tc_sizespec` (`TCA_STAB_BASE`).
    pub struct TcSizespec {
        /// Cell log.
        pub cell_log: u8,
        /// Size log.
        pub size_log: u8,
        /// Cell alignment.
        pub cell_align: I16,
        /// Overhead.
        pub overhead: I32,
        /// Link layer.
        pub linklayer: U32,
        /// Minimum packet unit.
        pub mpu: U32,
        /// MTU.
        pub mtu: U32,
        /// Table size.
        pub tsize: U32,
    }
}

zstruct! {
    /// `struct nla_bitfield32` (`TCA_DUMP_FLAGS`, `TCA_ACT_FLAGS`, …).
    pub struct NlaBitfield32 {
        /// Bit values.
        pub value: U32,
        /// Which bits `value` sets.
        pub selector: U32,
    }
}

attr_set! {
    /// Traffic-control object attributes (`TCA_*`), Linux 6.18.
    pub mod tca, pub static TCA = "TCA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Qdisc, class or classifier kind (`"htb"`, `"flower"`, …).
        KIND = 1 => Value::Str,
        /// Kind-specific options (nested or a structure, by `TCA_KIND`).
        OPTIONS = 2 => Value::Custom(fmt_options),
        /// Legacy statistics (`struct tc_stats`).
        STATS = 3 => Value::Custom(fmt_tc_stats),
        /// Kind-specific statistics.
        XSTATS = 4 => Value::Binary,
        /// Rate estimator (`struct tc_estimator`).
        RATE = 5 => Value::Struct("tc_estimator", 2),
        /// Filter count (unused).
        FCNT = 6 => Value::U32,
        /// Statistics (nested `TCA_STATS_*`).
        STATS2 = 7 => Value::Nested(&TCA_STATS),
        /// Size table (nested `TCA_STAB_*`).
        STAB = 8 => Value::Nested(&TCA_STAB),
        /// Padding for 64-bit alignment.
        PAD = 9 => Value::Binary,
        /// Dump request: include invisible qdiscs (flag).
        DUMP_INVISIBLE = 10 => Value::Flag,
        /// Filter chain index.
        CHAIN = 11 => Value::U32,
        /// Offloaded to hardware.
        HW_OFFLOAD = 12 => Value::U8,
        /// Shared ingress block index.
        INGRESS_BLOCK = 13 => Value::U32,
        /// Shared egress block index.
        EGRESS_BLOCK = 14 => Value::U32,
        /// Dump flags (`struct nla_bitfield32` of `TCA_DUMP_FLAGS_*`).
        DUMP_FLAGS = 15 => Value::Custom(fmt_bitfield32),
        /// A warning from the kernel (for example about offload).
        EXT_WARN_MSG = 16 => Value::Str,
    }
}

/// The highest `TCA_*` type this crate knows.
pub const TCA_MAX: u16 = tca::EXT_WARN_MSG;

attr_set! {
    /// `TCA_STATS2` and `TCA_ACT_STATS` contents (`TCA_STATS_*`, from `gen_stats.h`).
    pub mod tca_stats, pub static TCA_STATS = "TCA_STATS_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Byte and packet counts (`struct gnet_stats_basic`).
        BASIC = 1 => Value::Custom(fmt_stats_basic),
        /// Rate estimate (`struct gnet_stats_rate_est`).
        RATE_EST = 2 => Value::Custom(fmt_rate_est),
        /// Queue statistics (`struct gnet_stats_queue`).
        QUEUE = 3 => Value::Custom(fmt_stats_queue),
        /// Kind-specific statistics.
        APP = 4 => Value::Binary,
        /// 64-bit rate estimate (`struct gnet_stats_rate_est64`).
        RATE_EST64 = 5 => Value::Custom(fmt_rate_est64),
        /// Padding for 64-bit alignment.
        PAD = 6 => Value::Binary,
        /// Hardware byte and packet counts (`struct gnet_stats_basic`).
        BASIC_HW = 7 => Value::Custom(fmt_stats_basic),
        /// 64-bit packet count.
        PKT64 = 8 => Value::U64,
    }
}

attr_set! {
    /// `TCA_STAB` contents (`TCA_STAB_*`).
    pub mod tca_stab, pub static TCA_STAB = "TCA_STAB_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Size specification (`struct tc_sizespec`).
        BASE = 1 => Value::Struct("tc_sizespec", 24),
        /// Size table (`u16` array).
        DATA = 2 => Value::Binary,
    }
}

attr_set! {
    /// One action of a classifier's action list (`TCA_ACT_*`).
    pub mod tca_act, pub static TCA_ACT = "TCA_ACT_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Action kind (`"gact"`, `"mirred"`, …).
        KIND = 1 => Value::Str,
        /// Kind-specific options (kept raw).
        OPTIONS = 2 => Value::Binary,
        /// Action index.
        INDEX = 3 => Value::U32,
        /// Statistics (nested `TCA_STATS_*`).
        STATS = 4 => Value::Nested(&TCA_STATS),
        /// Padding for 64-bit alignment.
        PAD = 5 => Value::Binary,
        /// User cookie.
        COOKIE = 6 => Value::Binary,
        /// Flags (`struct nla_bitfield32` of `TCA_ACT_FLAGS_*`).
        FLAGS = 7 => Value::Custom(fmt_bitfield32),
        /// Requested hardware statistics types (`struct nla_bitfield32`).
        HW_STATS = 8 => Value::Custom(fmt_bitfield32),
        /// Hardware statistics types in use (`struct nla_bitfield32`).
        USED_HW_STATS = 9 => Value::Custom(fmt_bitfield32),
        /// Number of hardware devices the action is offloaded to.
        IN_HW_COUNT = 10 => Value::U32,
    }
}

attr_set! {
    /// fq_codel options (`TCA_FQ_CODEL_*`).
    pub mod fq_codel, pub static TCA_FQ_CODEL = "TCA_FQ_CODEL_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Target delay (µs).
        TARGET = 1 => Value::U32,
        /// Queue limit (packets).
        LIMIT = 2 => Value::U32,
        /// Interval (µs).
        INTERVAL = 3 => Value::U32,
        /// ECN marking on (1) or off (0).
        ECN = 4 => Value::U32,
        /// Number of flows.
        FLOWS = 5 => Value::U32,
        /// Quantum (bytes).
        QUANTUM = 6 => Value::U32,
        /// CE marking threshold (µs).
        CE_THRESHOLD = 7 => Value::U32,
        /// Drop batch size (packets).
        DROP_BATCH_SIZE = 8 => Value::U32,
        /// Memory limit (bytes).
        MEMORY_LIMIT = 9 => Value::U32,
        /// Which packets the CE threshold applies to (value).
        CE_THRESHOLD_SELECTOR = 10 => Value::U8,
        /// Which packets the CE threshold applies to (mask).
        CE_THRESHOLD_MASK = 11 => Value::U8,
    }
}

attr_set! {
    /// tbf options (`TCA_TBF_*`).
    pub mod tbf, pub static TCA_TBF = "TCA_TBF_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Parameters (`struct tc_tbf_qopt`).
        PARMS = 1 => Value::Custom(fmt_tbf_qopt),
        /// Rate table (old `tc`).
        RTAB = 2 => Value::Binary,
        /// Peak rate table (old `tc`).
        PTAB = 3 => Value::Binary,
        /// 64-bit rate (bytes per second).
        RATE64 = 4 => Value::U64,
        /// 64-bit peak rate (bytes per second).
        PRATE64 = 5 => Value::U64,
        /// Burst (bytes).
        BURST = 6 => Value::U32,
        /// Peak burst (bytes).
        PBURST = 7 => Value::U32,
        /// Padding for 64-bit alignment.
        PAD = 8 => Value::Binary,
    }
}

attr_set! {
    /// htb options (`TCA_HTB_*`), of the qdisc (`INIT`) and of classes (`PARMS`).
    pub mod htb, pub static TCA_HTB = "TCA_HTB_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Class parameters (`struct tc_htb_opt`).
        PARMS = 1 => Value::Custom(fmt_htb_opt),
        /// Qdisc parameters (`struct tc_htb_glob`).
        INIT = 2 => Value::Custom(fmt_htb_glob),
        /// Ceiling rate table (old `tc`).
        CTAB = 3 => Value::Binary,
        /// Rate table (old `tc`).
        RTAB = 4 => Value::Binary,
        /// Direct queue length (packets).
        DIRECT_QLEN = 5 => Value::U32,
        /// 64-bit rate (bytes per second).
        RATE64 = 6 => Value::U64,
        /// 64-bit ceiling (bytes per second).
        CEIL64 = 7 => Value::U64,
        /// Padding for 64-bit alignment.
        PAD = 8 => Value::Binary,
        /// Offload to hardware (flag).
        OFFLOAD = 9 => Value::Flag,
    }
}

attr_set! {
    /// u32 classifier options (`TCA_U32_*`).
    pub mod cls_u32, pub static TCA_U32 = "TCA_U32_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Class id to set on a match.
        CLASSID = 1 => Value::Custom(fmt_classid),
        /// Hash table handle.
        HASH = 2 => Value::Custom(fmt_hex_u32),
        /// Link to a hash table (its handle).
        LINK = 3 => Value::Custom(fmt_hex_u32),
        /// Hash table divisor.
        DIVISOR = 4 => Value::U32,
        /// Selector (`struct tc_u32_sel` and its keys).
        SEL = 5 => Value::Custom(fmt_u32_sel),
        /// Policer (nested `TCA_POLICE_*`, kept raw).
        POLICE = 6 => Value::Binary,
        /// Actions (nested array of `TCA_ACT_*`).
        ACT = 7 => Value::NestedArray(&TCA_ACT),
        /// Input device name.
        INDEV = 8 => Value::Str,
        /// Hit counters (`struct tc_u32_pcnt` and per-key counts).
        PCNT = 9 => Value::Struct("tc_u32_pcnt", 16),
        /// Mark match (`struct tc_u32_mark`).
        MARK = 10 => Value::Struct("tc_u32_mark", 12),
        /// Classifier flags (`TCA_CLS_FLAGS_*`).
        FLAGS = 11 => Value::Custom(fmt_hex_u32),
        /// Padding for 64-bit alignment.
        PAD = 12 => Value::Binary,
    }
}

attr_set! {
    /// flower classifier options (`TCA_FLOWER_*`), Linux 6.18.
    pub mod cls_flower, pub static TCA_FLOWER = "TCA_FLOWER_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Class id to set on a match.
        CLASSID = 1 => Value::Custom(fmt_classid),
        /// Input device name to match.
        INDEV = 2 => Value::Str,
        /// Actions (nested array of `TCA_ACT_*`).
        ACT = 3 => Value::NestedArray(&TCA_ACT),
        /// Ethernet destination (MAC).
        KEY_ETH_DST = 4 => Value::HwAddr,
        /// Ethernet destination mask (MAC).
        KEY_ETH_DST_MASK = 5 => Value::HwAddr,
        /// Ethernet source (MAC).
        KEY_ETH_SRC = 6 => Value::HwAddr,
        /// Ethernet source mask (MAC).
        KEY_ETH_SRC_MASK = 7 => Value::HwAddr,
        /// Ethernet type (be16).
        KEY_ETH_TYPE = 8 => Value::Custom(fmt_be16_hex),
        /// IP protocol (u8).
        KEY_IP_PROTO = 9 => Value::U8,
        /// IPv4 source (IPv4 address).
        KEY_IPV4_SRC = 10 => Value::Ip,
        /// IPv4 source mask (IPv4 address).
        KEY_IPV4_SRC_MASK = 11 => Value::Ip,
        /// IPv4 destination (IPv4 address).
        KEY_IPV4_DST = 12 => Value::Ip,
        /// IPv4 destination mask (IPv4 address).
        KEY_IPV4_DST_MASK = 13 => Value::Ip,
        /// IPv6 source (IPv6 address).
        KEY_IPV6_SRC = 14 => Value::Ip,
        /// IPv6 source mask (IPv6 address).
        KEY_IPV6_SRC_MASK = 15 => Value::Ip,
        /// IPv6 destination (IPv6 address).
        KEY_IPV6_DST = 16 => Value::Ip,
        /// IPv6 destination mask (IPv6 address).
        KEY_IPV6_DST_MASK = 17 => Value::Ip,
        /// TCP source port (be16).
        KEY_TCP_SRC = 18 => Value::Be16,
        /// TCP destination port (be16).
        KEY_TCP_DST = 19 => Value::Be16,
        /// UDP source port (be16).
        KEY_UDP_SRC = 20 => Value::Be16,
        /// UDP destination port (be16).
        KEY_UDP_DST = 21 => Value::Be16,
        /// Classifier flags (`TCA_CLS_FLAGS_*`).
        FLAGS = 22 => Value::Custom(fmt_hex_u32),
        /// VLAN id (u16, host order despite the uapi comment).
        KEY_VLAN_ID = 23 => Value::U16,
        /// VLAN priority (u8).
        KEY_VLAN_PRIO = 24 => Value::U8,
        /// VLAN Ethernet type (be16).
        KEY_VLAN_ETH_TYPE = 25 => Value::Custom(fmt_be16_hex),
        /// Tunnel key id (be32).
        KEY_ENC_KEY_ID = 26 => Value::Custom(fmt_be32_hex),
        /// Tunnel IPv4 source (IPv4 address).
        KEY_ENC_IPV4_SRC = 27 => Value::Ip,
        /// Tunnel IPv4 source mask (IPv4 address).
        KEY_ENC_IPV4_SRC_MASK = 28 => Value::Ip,
        /// Tunnel IPv4 destination (IPv4 address).
        KEY_ENC_IPV4_DST = 29 => Value::Ip,
        /// Tunnel IPv4 destination mask (IPv4 address).
        KEY_ENC_IPV4_DST_MASK = 30 => Value::Ip,
        /// Tunnel IPv6 source (IPv6 address).
        KEY_ENC_IPV6_SRC = 31 => Value::Ip,
        /// Tunnel IPv6 source mask (IPv6 address).
        KEY_ENC_IPV6_SRC_MASK = 32 => Value::Ip,
        /// Tunnel IPv6 destination (IPv6 address).
        KEY_ENC_IPV6_DST = 33 => Value::Ip,
        /// Tunnel IPv6 destination mask (IPv6 address).
        KEY_ENC_IPV6_DST_MASK = 34 => Value::Ip,
        /// TCP source port mask (be16).
        KEY_TCP_SRC_MASK = 35 => Value::Be16,
        /// TCP destination port mask (be16).
        KEY_TCP_DST_MASK = 36 => Value::Be16,
        /// UDP source port mask (be16).
        KEY_UDP_SRC_MASK = 37 => Value::Be16,
        /// UDP destination port mask (be16).
        KEY_UDP_DST_MASK = 38 => Value::Be16,
        /// SCTP source port mask (be16).
        KEY_SCTP_SRC_MASK = 39 => Value::Be16,
        /// SCTP destination port mask (be16).
        KEY_SCTP_DST_MASK = 40 => Value::Be16,
        /// SCTP source port (be16).
        KEY_SCTP_SRC = 41 => Value::Be16,
        /// SCTP destination port (be16).
        KEY_SCTP_DST = 42 => Value::Be16,
        /// Tunnel UDP source port (be16).
        KEY_ENC_UDP_SRC_PORT = 43 => Value::Be16,
        /// Tunnel UDP source port mask (be16).
        KEY_ENC_UDP_SRC_PORT_MASK = 44 => Value::Be16,
        /// Tunnel UDP destination port (be16).
        KEY_ENC_UDP_DST_PORT = 45 => Value::Be16,
        /// Tunnel UDP destination port mask (be16).
        KEY_ENC_UDP_DST_PORT_MASK = 46 => Value::Be16,
        /// Key flags (`TCA_FLOWER_KEY_FLAGS_*`: fragment bits, be32).
        KEY_FLAGS = 47 => Value::Custom(fmt_be32_hex),
        /// Key flags mask (be32).
        KEY_FLAGS_MASK = 48 => Value::Custom(fmt_be32_hex),
        /// ICMPv4 code (u8).
        KEY_ICMPV4_CODE = 49 => Value::U8,
        /// ICMPv4 code mask (u8).
        KEY_ICMPV4_CODE_MASK = 50 => Value::U8,
        /// ICMPv4 type (u8).
        KEY_ICMPV4_TYPE = 51 => Value::U8,
        /// ICMPv4 type mask (u8).
        KEY_ICMPV4_TYPE_MASK = 52 => Value::U8,
        /// ICMPv6 code (u8).
        KEY_ICMPV6_CODE = 53 => Value::U8,
        /// ICMPv6 code mask (u8).
        KEY_ICMPV6_CODE_MASK = 54 => Value::U8,
        /// ICMPv6 type (u8).
        KEY_ICMPV6_TYPE = 55 => Value::U8,
        /// ICMPv6 type mask (u8).
        KEY_ICMPV6_TYPE_MASK = 56 => Value::U8,
        /// ARP sender IP (IPv4 address).
        KEY_ARP_SIP = 57 => Value::Ip,
        /// ARP sender IP mask (IPv4 address).
        KEY_ARP_SIP_MASK = 58 => Value::Ip,
        /// ARP target IP (IPv4 address).
        KEY_ARP_TIP = 59 => Value::Ip,
        /// ARP target IP mask (IPv4 address).
        KEY_ARP_TIP_MASK = 60 => Value::Ip,
        /// ARP opcode (u8).
        KEY_ARP_OP = 61 => Value::U8,
        /// ARP opcode mask (u8).
        KEY_ARP_OP_MASK = 62 => Value::U8,
        /// ARP sender MAC (MAC).
        KEY_ARP_SHA = 63 => Value::HwAddr,
        /// ARP sender MAC mask (MAC).
        KEY_ARP_SHA_MASK = 64 => Value::HwAddr,
        /// ARP target MAC (MAC).
        KEY_ARP_THA = 65 => Value::HwAddr,
        /// ARP target MAC mask (MAC).
        KEY_ARP_THA_MASK = 66 => Value::HwAddr,
        /// MPLS TTL (u8).
        KEY_MPLS_TTL = 67 => Value::U8,
        /// MPLS bottom-of-stack bit (u8).
        KEY_MPLS_BOS = 68 => Value::U8,
        /// MPLS traffic class (u8).
        KEY_MPLS_TC = 69 => Value::U8,
        /// MPLS label (u32, host order despite the uapi comment).
        KEY_MPLS_LABEL = 70 => Value::U32,
        /// TCP flags (be16).
        KEY_TCP_FLAGS = 71 => Value::Be16,
        /// TCP flags mask (be16).
        KEY_TCP_FLAGS_MASK = 72 => Value::Be16,
        /// IP TOS (u8).
        KEY_IP_TOS = 73 => Value::U8,
        /// IP TOS mask (u8).
        KEY_IP_TOS_MASK = 74 => Value::U8,
        /// IP TTL (u8).
        KEY_IP_TTL = 75 => Value::U8,
        /// IP TTL mask (u8).
        KEY_IP_TTL_MASK = 76 => Value::U8,
        /// Inner (customer) VLAN id (u16, host order despite the uapi comment).
        KEY_CVLAN_ID = 77 => Value::U16,
        /// Inner (customer) VLAN priority (u8).
        KEY_CVLAN_PRIO = 78 => Value::U8,
        /// Inner (customer) VLAN Ethernet type (be16).
        KEY_CVLAN_ETH_TYPE = 79 => Value::Custom(fmt_be16_hex),
        /// Tunnel IP TOS (u8).
        KEY_ENC_IP_TOS = 80 => Value::U8,
        /// Tunnel IP TOS mask (u8).
        KEY_ENC_IP_TOS_MASK = 81 => Value::U8,
        /// Tunnel IP TTL (u8).
        KEY_ENC_IP_TTL = 82 => Value::U8,
        /// Tunnel IP TTL mask (u8).
        KEY_ENC_IP_TTL_MASK = 83 => Value::U8,
        /// Tunnel options (nested `TCA_FLOWER_KEY_ENC_OPTS_*`).
        KEY_ENC_OPTS = 84 => Value::Nested(&TCA_FLOWER_ENC_OPTS),
        /// Tunnel options mask (nested `TCA_FLOWER_KEY_ENC_OPTS_*`).
        KEY_ENC_OPTS_MASK = 85 => Value::Nested(&TCA_FLOWER_ENC_OPTS),
        /// Number of hardware devices the filter is offloaded to.
        IN_HW_COUNT = 86 => Value::U32,
        /// Source port range minimum (be16).
        KEY_PORT_SRC_MIN = 87 => Value::Be16,
        /// Source port range maximum (be16).
        KEY_PORT_SRC_MAX = 88 => Value::Be16,
        /// Destination port range minimum (be16).
        KEY_PORT_DST_MIN = 89 => Value::Be16,
        /// Destination port range maximum (be16).
        KEY_PORT_DST_MAX = 90 => Value::Be16,
        /// Conntrack state (u16).
        KEY_CT_STATE = 91 => Value::U16,
        /// Conntrack state mask (u16).
        KEY_CT_STATE_MASK = 92 => Value::U16,
        /// Conntrack zone (u16).
        KEY_CT_ZONE = 93 => Value::U16,
        /// Conntrack zone mask (u16).
        KEY_CT_ZONE_MASK = 94 => Value::U16,
        /// Conntrack mark (u32).
        KEY_CT_MARK = 95 => Value::U32,
        /// Conntrack mark mask (u32).
        KEY_CT_MARK_MASK = 96 => Value::U32,
        /// Conntrack labels (128 bits).
        KEY_CT_LABELS = 97 => Value::Binary,
        /// Conntrack labels mask (128 bits).
        KEY_CT_LABELS_MASK = 98 => Value::Binary,
        /// MPLS label stack entries (nested `TCA_FLOWER_KEY_MPLS_OPTS_*`).
        KEY_MPLS_OPTS = 99 => Value::Nested(&TCA_FLOWER_MPLS_OPTS),
        /// Hash (u32).
        KEY_HASH = 100 => Value::U32,
        /// Hash mask (u32).
        KEY_HASH_MASK = 101 => Value::U32,
        /// Number of VLAN tags (u8).
        KEY_NUM_OF_VLANS = 102 => Value::U8,
        /// PPPoE session id (be16).
        KEY_PPPOE_SID = 103 => Value::Be16,
        /// PPP protocol (be16).
        KEY_PPP_PROTO = 104 => Value::Custom(fmt_be16_hex),
        /// L2TPv3 session id (be32).
        KEY_L2TPV3_SID = 105 => Value::Custom(fmt_be32_hex),
        /// Match packets that missed the bridge FDB/MDB.
        L2_MISS = 106 => Value::U8,
        /// CFM keys (nested `TCA_FLOWER_KEY_CFM_*`).
        KEY_CFM = 107 => Value::Nested(&TCA_FLOWER_CFM),
        /// IPsec SPI (be32).
        KEY_SPI = 108 => Value::Custom(fmt_be32_hex),
        /// IPsec SPI mask (be32).
        KEY_SPI_MASK = 109 => Value::Custom(fmt_be32_hex),
        /// Tunnel flags (be32).
        KEY_ENC_FLAGS = 110 => Value::Custom(fmt_be32_hex),
        /// Tunnel flags mask (be32).
        KEY_ENC_FLAGS_MASK = 111 => Value::Custom(fmt_be32_hex),
    }
}

/// The highest `TCA_FLOWER_*` type this crate knows.
pub const TCA_FLOWER_MAX: u16 = cls_flower::KEY_ENC_FLAGS_MASK;

/// `TCA_FLOWER_KEY_FLAGS` bits (`TCA_FLOWER_KEY_FLAGS_*`).
pub mod flower_key_flags {
    /// `TCA_FLOWER_KEY_FLAGS_IS_FRAGMENT`.
    pub const IS_FRAGMENT: u32 = 1 << 0;
    /// `TCA_FLOWER_KEY_FLAGS_FRAG_IS_FIRST`.
    pub const FRAG_IS_FIRST: u32 = 1 << 1;
    /// `TCA_FLOWER_KEY_FLAGS_TUNNEL_CSUM` (in `TCA_FLOWER_KEY_ENC_FLAGS`).
    pub const TUNNEL_CSUM: u32 = 1 << 2;
    /// `TCA_FLOWER_KEY_FLAGS_TUNNEL_DONT_FRAGMENT`.
    pub const TUNNEL_DONT_FRAGMENT: u32 = 1 << 3;
    /// `TCA_FLOWER_KEY_FLAGS_TUNNEL_OAM`.
    pub const TUNNEL_OAM: u32 = 1 << 4;
    /// `TCA_FLOWER_KEY_FLAGS_TUNNEL_CRIT_OPT`.
    pub const TUNNEL_CRIT_OPT: u32 = 1 << 5;
}

attr_set! {
    /// `TCA_FLOWER_KEY_ENC_OPTS` contents (`TCA_FLOWER_KEY_ENC_OPTS_*`).
    pub mod flower_enc_opts, pub static TCA_FLOWER_ENC_OPTS = "TCA_FLOWER_KEY_ENC_OPTS_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// A Geneve option (nested `TCA_FLOWER_KEY_ENC_OPT_GENEVE_*`; repeated).
        GENEVE = 1 => Value::Nested(&TCA_FLOWER_ENC_OPT_GENEVE),
        /// VXLAN options (nested `TCA_FLOWER_KEY_ENC_OPT_VXLAN_*`).
        VXLAN = 2 => Value::Nested(&TCA_FLOWER_ENC_OPT_VXLAN),
        /// ERSPAN options (nested `TCA_FLOWER_KEY_ENC_OPT_ERSPAN_*`).
        ERSPAN = 3 => Value::Nested(&TCA_FLOWER_ENC_OPT_ERSPAN),
        /// GTP options (nested `TCA_FLOWER_KEY_ENC_OPT_GTP_*`).
        GTP = 4 => Value::Nested(&TCA_FLOWER_ENC_OPT_GTP),
        /// PFCP options (nested `TCA_FLOWER_KEY_ENC_OPT_PFCP_*`).
        PFCP = 5 => Value::Nested(&TCA_FLOWER_ENC_OPT_PFCP),
    }
}

attr_set! {
    /// Geneve option (`TCA_FLOWER_KEY_ENC_OPT_GENEVE_*`).
    pub mod geneve_opt, pub static TCA_FLOWER_ENC_OPT_GENEVE = "TCA_FLOWER_KEY_ENC_OPT_GENEVE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Option class (be16).
        CLASS = 1 => Value::Custom(fmt_be16_hex),
        /// Option type.
        TYPE = 2 => Value::U8,
        /// Option data (4 to 128 bytes).
        DATA = 3 => Value::Binary,
    }
}

attr_set! {
    /// VXLAN options (`TCA_FLOWER_KEY_ENC_OPT_VXLAN_*`).
    pub mod vxlan_opt, pub static TCA_FLOWER_ENC_OPT_VXLAN = "TCA_FLOWER_KEY_ENC_OPT_VXLAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Group policy id.
        GBP = 1 => Value::U32,
    }
}

attr_set! {
    /// ERSPAN options (`TCA_FLOWER_KEY_ENC_OPT_ERSPAN_*`).
    pub mod erspan_opt, pub static TCA_FLOWER_ENC_OPT_ERSPAN = "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Version.
        VER = 1 => Value::U8,
        /// Index (be32).
        INDEX = 2 => Value::Custom(fmt_be32_hex),
        /// Direction.
        DIR = 3 => Value::U8,
        /// Hardware id.
        HWID = 4 => Value::U8,
    }
}

attr_set! {
    /// GTP options (`TCA_FLOWER_KEY_ENC_OPT_GTP_*`).
    pub mod gtp_opt, pub static TCA_FLOWER_ENC_OPT_GTP = "TCA_FLOWER_KEY_ENC_OPT_GTP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// PDU type.
        PDU_TYPE = 1 => Value::U8,
        /// QoS flow identifier.
        QFI = 2 => Value::U8,
    }
}

attr_set! {
    /// PFCP options (`TCA_FLOWER_KEY_ENC_OPT_PFCP_*`).
    pub mod pfcp_opt, pub static TCA_FLOWER_ENC_OPT_PFCP = "TCA_FLOWER_KEY_ENC_OPT_PFCP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Message type.
        TYPE = 1 => Value::U8,
        /// Session endpoint id (be64).
        SEID = 2 => Value::Custom(fmt_be64_hex),
    }
}

attr_set! {
    /// `TCA_FLOWER_KEY_MPLS_OPTS` contents (`TCA_FLOWER_KEY_MPLS_OPTS_*`).
    pub mod flower_mpls_opts, pub static TCA_FLOWER_MPLS_OPTS = "TCA_FLOWER_KEY_MPLS_OPTS_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// One label stack entry (nested `TCA_FLOWER_KEY_MPLS_OPT_LSE_*`; repeated).
        LSE = 1 => Value::Nested(&TCA_FLOWER_MPLS_OPT_LSE),
    }
}

attr_set! {
    /// An MPLS label stack entry (`TCA_FLOWER_KEY_MPLS_OPT_LSE_*`).
    pub mod mpls_lse, pub static TCA_FLOWER_MPLS_OPT_LSE = "TCA_FLOWER_KEY_MPLS_OPT_LSE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Depth in the stack (1 = outermost).
        DEPTH = 1 => Value::U8,
        /// TTL.
        TTL = 2 => Value::U8,
        /// Bottom-of-stack bit.
        BOS = 3 => Value::U8,
        /// Traffic class.
        TC = 4 => Value::U8,
        /// Label (u32).
        LABEL = 5 => Value::U32,
    }
}

attr_set! {
    /// `TCA_FLOWER_KEY_CFM` contents (`TCA_FLOWER_KEY_CFM_*`).
    pub mod flower_cfm, pub static TCA_FLOWER_CFM = "TCA_FLOWER_KEY_CFM_" {
        /// Unused (`TCA_FLOWER_KEY_CFM_OPT_UNSPEC`).
        OPT_UNSPEC = 0 => Value::Unspec,
        /// Maintenance domain level.
        MD_LEVEL = 1 => Value::U8,
        /// Opcode.
        OPCODE = 2 => Value::U8,
    }
}

attr_set! {
    /// matchall classifier options (`TCA_MATCHALL_*`).
    pub mod cls_matchall, pub static TCA_MATCHALL = "TCA_MATCHALL_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Class id to set.
        CLASSID = 1 => Value::Custom(fmt_classid),
        /// Actions (nested array of `TCA_ACT_*`).
        ACT = 2 => Value::NestedArray(&TCA_ACT),
        /// Classifier flags (`TCA_CLS_FLAGS_*`).
        FLAGS = 3 => Value::Custom(fmt_hex_u32),
        /// Hit counter (`struct tc_matchall_pcnt`: `u64`).
        PCNT = 4 => Value::Struct("tc_matchall_pcnt", 8),
        /// Padding for 64-bit alignment.
        PAD = 5 => Value::Binary,
    }
}

attr_set! {
    /// bpf classifier options (`TCA_BPF_*`).
    pub mod cls_bpf, pub static TCA_BPF = "TCA_BPF_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Actions (nested array of `TCA_ACT_*`).
        ACT = 1 => Value::NestedArray(&TCA_ACT),
        /// Policer (nested `TCA_POLICE_*`, kept raw).
        POLICE = 2 => Value::Binary,
        /// Class id to set.
        CLASSID = 3 => Value::Custom(fmt_classid),
        /// Number of classic BPF instructions in `OPS`.
        OPS_LEN = 4 => Value::U16,
        /// Classic BPF program (`struct sock_filter` array).
        OPS = 5 => Value::Binary,
        /// eBPF program fd (requests).
        FD = 6 => Value::U32,
        /// Program name.
        NAME = 7 => Value::Str,
        /// Flags (`TCA_BPF_FLAG_ACT_DIRECT`).
        FLAGS = 8 => Value::Custom(fmt_hex_u32),
        /// Generic classifier flags (`TCA_CLS_FLAGS_*`).
        FLAGS_GEN = 9 => Value::Custom(fmt_hex_u32),
        /// Program tag (8 bytes).
        TAG = 10 => Value::Binary,
        /// Program id.
        ID = 11 => Value::U32,
    }
}

/// `TCA_BPF_FLAG_ACT_DIRECT`: the program's return value is the action.
pub const TCA_BPF_FLAG_ACT_DIRECT: u32 = 1 << 0;

static NO_OPTIONS: crate::desc::AttrSet = crate::desc::AttrSet {
    prefix: "TCA_OPTIONS_",
    attrs: &[],
};

/// How `TCA_OPTIONS` is read, by `TCA_KIND`, for the dissector. Kinds not listed are
/// printed raw.
pub static OPTIONS_KINDS: &[(&str, Value)] = &[
    ("pfifo", Value::Custom(fmt_fifo_qopt)),
    ("bfifo", Value::Custom(fmt_fifo_qopt)),
    ("pfifo_head_drop", Value::Custom(fmt_fifo_qopt)),
    ("pfifo_fast", Value::Custom(fmt_prio_qopt)),
    ("prio", Value::Custom(fmt_prio_qopt)),
    ("tbf", Value::Nested(&TCA_TBF)),
    ("htb", Value::Nested(&TCA_HTB)),
    ("fq_codel", Value::Nested(&TCA_FQ_CODEL)),
    ("ingress", Value::Nested(&NO_OPTIONS)),
    ("clsact", Value::Nested(&NO_OPTIONS)),
    ("u32", Value::Nested(&TCA_U32)),
    ("flower", Value::Nested(&TCA_FLOWER)),
    ("matchall", Value::Nested(&TCA_MATCHALL)),
    ("bpf", Value::Nested(&TCA_BPF)),
];

/// How `TCA_OPTIONS` of `kind` is read (see [`OPTIONS_KINDS`]).
pub fn options_value(kind: &str) -> Option<Value> {
    OPTIONS_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, v)| *v)
}

type Fmt = Result<bool, fmt::Error>;

fn fmt_options(d: &mut Dissector<'_, '_>, a: &Attr<'_>, siblings: &Attrs<'_>) -> Fmt {
    let kind = siblings
        .clone()
        .find(tca::KIND)
        .ok()
        .flatten()
        .and_then(|k| k.str().ok());
    match kind.and_then(options_value) {
        Some(v) => d.value(a, siblings, v),
        None => {
            // Unknown kind: raw, but the attribute itself is understood.
            if !a.payload().is_empty() {
                d.write_fmt(format_args!(" "))?;
                d.hex(a.payload())?;
            }
            Ok(true)
        }
    }
}

fn fmt_hex_u32(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_classid(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", TcHandle(v)))?;
    Ok(true)
}

fn fmt_be16_hex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.be_u16() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#06x}"))?;
    Ok(true)
}

fn fmt_be32_hex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.be_u32() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_be64_hex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.be_u64() else { return Ok(false) };
    d.write_fmt(format_args!(" {v:#x}"))?;
    Ok(true)
}

fn fmt_bitfield32(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(v) = a.view::<NlaBitfield32>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " value {:#x} selector {:#x}",
        v.value.get(),
        v.selector.get()
    ))?;
    Ok(true)
}

fn fmt_tc_stats(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcStats>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " bytes {} packets {} drops {} overlimits {} bps {} pps {} qlen {} backlog {}",
        s.bytes.get(),
        s.packets.get(),
        s.drops.get(),
        s.overlimits.get(),
        s.bps.get(),
        s.pps.get(),
        s.qlen.get(),
        s.backlog.get()
    ))?;
    Ok(true)
}

fn fmt_stats_basic(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<GnetStatsBasic>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " bytes {} packets {}",
        s.bytes.get(),
        s.packets.get()
    ))?;
    Ok(true)
}

fn fmt_rate_est(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<GnetStatsRateEst>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" bps {} pps {}", s.bps.get(), s.pps.get()))?;
    Ok(true)
}

fn fmt_rate_est64(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<GnetStatsRateEst64>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" bps {} pps {}", s.bps.get(), s.pps.get()))?;
    Ok(true)
}

fn fmt_stats_queue(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<GnetStatsQueue>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " qlen {} backlog {} drops {} requeues {} overlimits {}",
        s.qlen.get(),
        s.backlog.get(),
        s.drops.get(),
        s.requeues.get(),
        s.overlimits.get()
    ))?;
    Ok(true)
}

fn fmt_fifo_qopt(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcFifoQopt>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" limit {}", s.limit.get()))?;
    Ok(true)
}

fn fmt_prio_qopt(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcPrioQopt>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(" bands {} priomap", s.bands.get()))?;
    for p in s.priomap {
        d.write_fmt(format_args!(" {p}"))?;
    }
    Ok(true)
}

fn write_rate(d: &mut Dissector<'_, '_>, name: &str, r: &TcRatespec) -> fmt::Result {
    d.write_fmt(format_args!(" {name} {}B/s", r.rate.get()))?;
    if r.overhead.get() != 0 {
        d.write_fmt(format_args!(" overhead {}", r.overhead.get()))?;
    }
    if r.mpu.get() != 0 {
        d.write_fmt(format_args!(" mpu {}", r.mpu.get()))?;
    }
    Ok(())
}

fn fmt_tbf_qopt(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcTbfQopt>() else {
        return Ok(false);
    };
    write_rate(d, "rate", &s.rate)?;
    if s.peakrate.rate.get() != 0 {
        write_rate(d, "peakrate", &s.peakrate)?;
    }
    d.write_fmt(format_args!(
        " limit {} buffer {} mtu {}",
        s.limit.get(),
        s.buffer.get(),
        s.mtu.get()
    ))?;
    Ok(true)
}

fn fmt_htb_opt(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcHtbOpt>() else {
        return Ok(false);
    };
    write_rate(d, "rate", &s.rate)?;
    write_rate(d, "ceil", &s.ceil)?;
    d.write_fmt(format_args!(
        " buffer {} cbuffer {} quantum {} level {} prio {}",
        s.buffer.get(),
        s.cbuffer.get(),
        s.quantum.get(),
        s.level.get(),
        s.prio.get()
    ))?;
    Ok(true)
}

fn fmt_htb_glob(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(s) = a.view_prefix::<TcHtbGlob>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " version {:#x} r2q {} default {:#x} direct_packets_stat {}",
        s.version.get(),
        s.rate2quantum.get(),
        s.defcls.get(),
        s.direct_pkts.get()
    ))?;
    Ok(true)
}

fn fmt_u32_sel(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Fmt {
    let Ok(sel) = U32Sel::parse(a) else {
        return Ok(false);
    };
    let h = sel.header();
    d.write_fmt(format_args!(
        " flags {:#x} nkeys {} hmask {:#010x}",
        h.flags,
        h.nkeys,
        h.hmask.get()
    ))?;
    for k in sel.keys() {
        d.write_fmt(format_args!(
            " match {:08x}/{:08x} at {}",
            k.val.get(),
            k.mask.get(),
            k.off.get()
        ))?;
    }
    Ok(true)
}

/// `TCA_U32_SEL`: the selector head and its keys, checked to hold `nkeys` keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct U32Sel<'a> {
    header: &'a TcU32SelHdr,
    keys: &'a [TcU32Key],
}

impl<'a> U32Sel<'a> {
    /// Views a `TCA_U32_SEL` payload. Errors (naming the attribute) when it is shorter
    /// than the head plus `nkeys` keys.
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        let header: &'a TcU32SelHdr = a.view_prefix()?;
        let n = usize::from(header.nkeys);
        let needed = size_of::<TcU32SelHdr>() + n * size_of::<TcU32Key>();
        let rest = a.payload().get(size_of::<TcU32SelHdr>()..).unwrap_or(&[]);
        match <[TcU32Key]>::ref_from_prefix_with_elems(rest, n) {
            Ok((keys, _)) => Ok(Self { header, keys }),
            Err(_) => Err(DecodeError::new(
                crate::error::DecodeErrorKind::AttrPayload {
                    kind: a.kind(),
                    expected: "tc_u32_sel with nkeys keys",
                    needed,
                    got: a.payload().len(),
                },
                a.offset(),
            )),
        }
    }

    /// The fixed head.
    #[inline]
    pub fn header(&self) -> &'a TcU32SelHdr {
        self.header
    }

    /// The keys.
    #[inline]
    pub fn keys(&self) -> &'a [TcU32Key] {
        self.keys
    }
}

/// Writes a `TCA_U32_SEL` attribute from a selector head and its keys (`nkeys` is set
/// from `keys`, which must number at most 255).
pub fn put_u32_sel<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    header: &TcU32SelHdr,
    keys: &[TcU32Key],
) -> Result<(), EncodeError> {
    let mut h = *header;
    h.nkeys = u8::try_from(keys.len()).map_err(|_| EncodeError::AttrTooLong {
        kind: cls_u32::SEL,
        len: keys.len().saturating_mul(size_of::<TcU32Key>()),
    })?;
    b.put_parts(cls_u32::SEL, &[h.as_bytes(), keys.as_bytes()])
}

/// fq_codel options; every field optional (unset ones keep the kernel's value).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FqCodelOptions {
    /// `TCA_FQ_CODEL_TARGET` (µs).
    pub target: Option<u32>,
    /// `TCA_FQ_CODEL_LIMIT` (packets).
    pub limit: Option<u32>,
    /// `TCA_FQ_CODEL_INTERVAL` (µs).
    pub interval: Option<u32>,
    /// `TCA_FQ_CODEL_ECN`.
    pub ecn: Option<u32>,
    /// `TCA_FQ_CODEL_FLOWS`.
    pub flows: Option<u32>,
    /// `TCA_FQ_CODEL_QUANTUM` (bytes).
    pub quantum: Option<u32>,
    /// `TCA_FQ_CODEL_CE_THRESHOLD` (µs).
    pub ce_threshold: Option<u32>,
    /// `TCA_FQ_CODEL_DROP_BATCH_SIZE`.
    pub drop_batch_size: Option<u32>,
    /// `TCA_FQ_CODEL_MEMORY_LIMIT` (bytes).
    pub memory_limit: Option<u32>,
    /// `TCA_FQ_CODEL_CE_THRESHOLD_SELECTOR`.
    pub ce_threshold_selector: Option<u8>,
    /// `TCA_FQ_CODEL_CE_THRESHOLD_MASK`.
    pub ce_threshold_mask: Option<u8>,
}

impl FqCodelOptions {
    /// Decodes fq_codel `TCA_OPTIONS` contents.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut o = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                fq_codel::TARGET => o.target = Some(a.u32()?),
                fq_codel::LIMIT => o.limit = Some(a.u32()?),
                fq_codel::INTERVAL => o.interval = Some(a.u32()?),
                fq_codel::ECN => o.ecn = Some(a.u32()?),
                fq_codel::FLOWS => o.flows = Some(a.u32()?),
                fq_codel::QUANTUM => o.quantum = Some(a.u32()?),
                fq_codel::CE_THRESHOLD => o.ce_threshold = Some(a.u32()?),
                fq_codel::DROP_BATCH_SIZE => o.drop_batch_size = Some(a.u32()?),
                fq_codel::MEMORY_LIMIT => o.memory_limit = Some(a.u32()?),
                fq_codel::CE_THRESHOLD_SELECTOR => o.ce_threshold_selector = Some(a.u8()?),
                fq_codel::CE_THRESHOLD_MASK => o.ce_threshold_mask = Some(a.u8()?),
                _ => {}
            }
        }
        Ok(o)
    }

    /// Writes the set fields (inside `TCA_OPTIONS`).
    pub fn put<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        let u32s = [
            (fq_codel::TARGET, self.target),
            (fq_codel::LIMIT, self.limit),
            (fq_codel::INTERVAL, self.interval),
            (fq_codel::ECN, self.ecn),
            (fq_codel::FLOWS, self.flows),
            (fq_codel::QUANTUM, self.quantum),
            (fq_codel::CE_THRESHOLD, self.ce_threshold),
            (fq_codel::DROP_BATCH_SIZE, self.drop_batch_size),
            (fq_codel::MEMORY_LIMIT, self.memory_limit),
        ];
        for (kind, v) in u32s {
            if let Some(v) = v {
                b.put_u32(kind, v)?;
            }
        }
        if let Some(v) = self.ce_threshold_selector {
            b.put_u8(fq_codel::CE_THRESHOLD_SELECTOR, v)?;
        }
        if let Some(v) = self.ce_threshold_mask {
            b.put_u8(fq_codel::CE_THRESHOLD_MASK, v)?;
        }
        Ok(())
    }
}

/// tbf options.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TbfOptions {
    /// `TCA_TBF_PARMS`.
    pub parms: Option<TcTbfQopt>,
    /// `TCA_TBF_RATE64`.
    pub rate64: Option<u64>,
    /// `TCA_TBF_PRATE64`.
    pub prate64: Option<u64>,
    /// `TCA_TBF_BURST` (bytes).
    pub burst: Option<u32>,
    /// `TCA_TBF_PBURST` (bytes).
    pub pburst: Option<u32>,
}

impl TbfOptions {
    /// A token bucket of `rate` bytes per second with a `burst`-byte bucket and a
    /// `limit`-byte queue (`tc qdisc add … tbf rate R burst B limit L`).
    pub fn new(rate: u64, burst: u32, limit: u32) -> Self {
        Self {
            parms: Some(TcTbfQopt {
                rate: TcRatespec::ethernet(rate),
                limit: U32::new(limit),
                ..TcTbfQopt::default()
            }),
            rate64: (rate > u64::from(u32::MAX)).then_some(rate),
            prate64: None,
            burst: Some(burst),
            pburst: None,
        }
    }

    /// Decodes tbf `TCA_OPTIONS` contents.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut o = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                tbf::PARMS => o.parms = Some(*a.view_prefix::<TcTbfQopt>()?),
                tbf::RATE64 => o.rate64 = Some(a.u64()?),
                tbf::PRATE64 => o.prate64 = Some(a.u64()?),
                tbf::BURST => o.burst = Some(a.u32()?),
                tbf::PBURST => o.pburst = Some(a.u32()?),
                _ => {}
            }
        }
        Ok(o)
    }

    /// The rate in bytes per second (`RATE64`, else the 32-bit rate).
    #[inline]
    pub fn rate(&self) -> Option<u64> {
        self.rate64
            .or_else(|| self.parms.map(|p| u64::from(p.rate.rate.get())))
    }

    /// Writes the set fields (inside `TCA_OPTIONS`).
    pub fn put<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        if let Some(p) = &self.parms {
            b.put_struct(tbf::PARMS, p)?;
        }
        if let Some(v) = self.rate64 {
            b.put_u64(tbf::RATE64, v)?;
        }
        if let Some(v) = self.prate64 {
            b.put_u64(tbf::PRATE64, v)?;
        }
        if let Some(v) = self.burst {
            b.put_u32(tbf::BURST, v)?;
        }
        if let Some(v) = self.pburst {
            b.put_u32(tbf::PBURST, v)?;
        }
        Ok(())
    }
}

/// `TC_HTB_PROTOVER`: the htb protocol version in [`TcHtbGlob::version`].
pub const TC_HTB_PROTOVER: u32 = 3;

/// Scheduler ticks per nanosecond shift (`PSCHED_SHIFT`): a tick is 64 ns.
pub const PSCHED_SHIFT: u32 = 6;

/// The scheduler ticks it takes to send `bytes` at `rate` bytes per second (what `tc`
/// puts in htb's `buffer`/`cbuffer` and tbf's `buffer`), saturated at `u32::MAX`; 0 for
/// a zero rate.
pub fn xmit_ticks(rate: u64, bytes: u32) -> u32 {
    let ns = u128::from(bytes) * 1_000_000_000;
    let ticks = ns.checked_div(u128::from(rate)).unwrap_or(0) >> PSCHED_SHIFT;
    u32::try_from(ticks).unwrap_or(u32::MAX)
}

/// htb options, of the qdisc (`init`, `direct_qlen`) or of a class (`parms`, `rate64`,
/// `ceil64`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HtbOptions {
    /// `TCA_HTB_INIT` (qdisc).
    pub init: Option<TcHtbGlob>,
    /// `TCA_HTB_PARMS` (class).
    pub parms: Option<TcHtbOpt>,
    /// `TCA_HTB_DIRECT_QLEN` (qdisc).
    pub direct_qlen: Option<u32>,
    /// `TCA_HTB_RATE64` (class).
    pub rate64: Option<u64>,
    /// `TCA_HTB_CEIL64` (class).
    pub ceil64: Option<u64>,
    /// `TCA_HTB_OFFLOAD` (qdisc).
    pub offload: bool,
}

impl HtbOptions {
    /// Qdisc options with default class minor `default_class`
    /// (`tc qdisc add … htb default N`, r2q 10).
    pub fn qdisc(default_class: u32) -> Self {
        Self {
            init: Some(TcHtbGlob {
                version: U32::new(TC_HTB_PROTOVER),
                rate2quantum: U32::new(10),
                defcls: U32::new(default_class),
                ..TcHtbGlob::default()
            }),
            ..Self::default()
        }
    }

    /// Class options: `rate` and `ceil` in bytes per second, bursts in bytes
    /// (`tc class add … htb rate R ceil C burst B cburst CB`).
    pub fn class(rate: u64, ceil: u64, burst: u32, cburst: u32) -> Self {
        let big = |r: u64| (r > u64::from(u32::MAX)).then_some(r);
        Self {
            parms: Some(TcHtbOpt {
                rate: TcRatespec::ethernet(rate),
                ceil: TcRatespec::ethernet(ceil),
                buffer: U32::new(xmit_ticks(rate, burst)),
                cbuffer: U32::new(xmit_ticks(ceil, cburst)),
                ..TcHtbOpt::default()
            }),
            rate64: big(rate),
            ceil64: big(ceil),
            ..Self::default()
        }
    }

    /// Decodes htb `TCA_OPTIONS` contents.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut o = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                htb::INIT => o.init = Some(*a.view_prefix::<TcHtbGlob>()?),
                htb::PARMS => o.parms = Some(*a.view_prefix::<TcHtbOpt>()?),
                htb::DIRECT_QLEN => o.direct_qlen = Some(a.u32()?),
                htb::RATE64 => o.rate64 = Some(a.u64()?),
                htb::CEIL64 => o.ceil64 = Some(a.u64()?),
                htb::OFFLOAD => {
                    a.flag()?;
                    o.offload = true;
                }
                _ => {}
            }
        }
        Ok(o)
    }

    /// A class's rate in bytes per second (`RATE64`, else the 32-bit rate).
    #[inline]
    pub fn rate(&self) -> Option<u64> {
        self.rate64
            .or_else(|| self.parms.map(|p| u64::from(p.rate.rate.get())))
    }

    /// A class's ceiling in bytes per second (`CEIL64`, else the 32-bit rate).
    #[inline]
    pub fn ceil(&self) -> Option<u64> {
        self.ceil64
            .or_else(|| self.parms.map(|p| u64::from(p.ceil.rate.get())))
    }

    /// Writes the set fields (inside `TCA_OPTIONS`).
    pub fn put<B: Buffer + ?Sized>(&self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        if let Some(p) = &self.parms {
            b.put_struct(htb::PARMS, p)?;
        }
        if let Some(g) = &self.init {
            b.put_struct(htb::INIT, g)?;
        }
        if let Some(v) = self.direct_qlen {
            b.put_u32(htb::DIRECT_QLEN, v)?;
        }
        if let Some(v) = self.rate64 {
            b.put_u64(htb::RATE64, v)?;
        }
        if let Some(v) = self.ceil64 {
            b.put_u64(htb::CEIL64, v)?;
        }
        if self.offload {
            b.put_flag(htb::OFFLOAD)?;
        }
        Ok(())
    }
}

macro_rules! find_getters {
    ($($(#[$m:meta])* $fn:ident: $attr:expr => $get:ident -> $t:ty;)*) => {$(
        $(#[$m])*
        pub fn $fn(&self) -> Result<Option<$t>, DecodeError> {
            self.0.clone().find($attr)?.map(|a| a.$get()).transpose()
        }
    )*};
}

macro_rules! options_view {
    ($(#[$m:meta])* $name:ident, $set:literal) => {
        $(#[$m])*
        ///
        /// A thin view over the nest: each accessor finds its attribute (the last one if
        /// repeated) and returns `Ok(None)` when it is absent, `Err` when it or the nest's
        /// framing is malformed.
        #[derive(Clone, Debug)]
        pub struct $name<'a>(Attrs<'a>);

        impl<'a> $name<'a> {
            #[doc = concat!("Views the contents of ", $set, " `TCA_OPTIONS`.")]
            pub fn new(attrs: Attrs<'a>) -> Self {
                Self(attrs)
            }

            /// The attributes.
            pub fn attrs(&self) -> Attrs<'a> {
                self.0.clone()
            }

            /// The attribute of type `kind`, raw.
            pub fn attr(&self, kind: u16) -> Result<Option<Attr<'a>>, DecodeError> {
                self.0.clone().find(kind)
            }
        }
    };
}

options_view! {
    /// u32 classifier options.
    U32Options, "u32"
}

impl<'a> U32Options<'a> {
    find_getters! {
        /// `TCA_U32_CLASSID`.
        classid: cls_u32::CLASSID => u32 -> u32;
        /// `TCA_U32_HASH`.
        hash: cls_u32::HASH => u32 -> u32;
        /// `TCA_U32_LINK`.
        link: cls_u32::LINK => u32 -> u32;
        /// `TCA_U32_DIVISOR`.
        divisor: cls_u32::DIVISOR => u32 -> u32;
        /// `TCA_U32_FLAGS` (`TCA_CLS_FLAGS_*`).
        flags: cls_u32::FLAGS => u32 -> u32;
        /// `TCA_U32_INDEV`.
        indev: cls_u32::INDEV => str -> &'a str;
    }

    /// `TCA_U32_SEL`.
    #[inline]
    pub fn sel(&self) -> Result<Option<U32Sel<'a>>, DecodeError> {
        self.0
            .clone()
            .find(cls_u32::SEL)?
            .map(|a| U32Sel::parse(&a))
            .transpose()
    }

    /// `TCA_U32_MARK`.
    #[inline]
    pub fn mark(&self) -> Result<Option<TcU32Mark>, DecodeError> {
        self.0
            .clone()
            .find(cls_u32::MARK)?
            .map(|a| a.view::<TcU32Mark>().copied())
            .transpose()
    }

    /// `TCA_U32_ACT`: the action list (numbered nests of `TCA_ACT_*`), raw.
    #[inline]
    pub fn act(&self) -> Result<Option<Attr<'a>>, DecodeError> {
        self.0.clone().find(cls_u32::ACT)
    }
}

options_view! {
    /// flower classifier options.
    FlowerOptions, "flower"
}

impl<'a> FlowerOptions<'a> {
    find_getters! {
        /// `TCA_FLOWER_CLASSID`.
        classid: cls_flower::CLASSID => u32 -> u32;
        /// `TCA_FLOWER_INDEV`.
        indev: cls_flower::INDEV => str -> &'a str;
        /// `TCA_FLOWER_FLAGS` (`TCA_CLS_FLAGS_*`).
        flags: cls_flower::FLAGS => u32 -> u32;
        /// `TCA_FLOWER_IN_HW_COUNT`.
        in_hw_count: cls_flower::IN_HW_COUNT => u32 -> u32;
        /// `TCA_FLOWER_KEY_ETH_DST`.
        eth_dst: cls_flower::KEY_ETH_DST => mac -> [u8; 6];
        /// `TCA_FLOWER_KEY_ETH_DST_MASK`.
        eth_dst_mask: cls_flower::KEY_ETH_DST_MASK => mac -> [u8; 6];
        /// `TCA_FLOWER_KEY_ETH_SRC`.
        eth_src: cls_flower::KEY_ETH_SRC => mac -> [u8; 6];
        /// `TCA_FLOWER_KEY_ETH_SRC_MASK`.
        eth_src_mask: cls_flower::KEY_ETH_SRC_MASK => mac -> [u8; 6];
        /// `TCA_FLOWER_KEY_ETH_TYPE` (host order).
        eth_type: cls_flower::KEY_ETH_TYPE => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_IP_PROTO`.
        ip_proto: cls_flower::KEY_IP_PROTO => u8 -> u8;
        /// `TCA_FLOWER_KEY_IPV4_SRC`.
        ipv4_src: cls_flower::KEY_IPV4_SRC => ipv4 -> Ipv4Addr;
        /// `TCA_FLOWER_KEY_IPV4_SRC_MASK`.
        ipv4_src_mask: cls_flower::KEY_IPV4_SRC_MASK => ipv4 -> Ipv4Addr;
        /// `TCA_FLOWER_KEY_IPV4_DST`.
        ipv4_dst: cls_flower::KEY_IPV4_DST => ipv4 -> Ipv4Addr;
        /// `TCA_FLOWER_KEY_IPV4_DST_MASK`.
        ipv4_dst_mask: cls_flower::KEY_IPV4_DST_MASK => ipv4 -> Ipv4Addr;
        /// `TCA_FLOWER_KEY_IPV6_SRC`.
        ipv6_src: cls_flower::KEY_IPV6_SRC => ipv6 -> Ipv6Addr;
        /// `TCA_FLOWER_KEY_IPV6_SRC_MASK`.
        ipv6_src_mask: cls_flower::KEY_IPV6_SRC_MASK => ipv6 -> Ipv6Addr;
        /// `TCA_FLOWER_KEY_IPV6_DST`.
        ipv6_dst: cls_flower::KEY_IPV6_DST => ipv6 -> Ipv6Addr;
        /// `TCA_FLOWER_KEY_IPV6_DST_MASK`.
        ipv6_dst_mask: cls_flower::KEY_IPV6_DST_MASK => ipv6 -> Ipv6Addr;
        /// `TCA_FLOWER_KEY_TCP_SRC` (host order).
        tcp_src: cls_flower::KEY_TCP_SRC => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_TCP_DST` (host order).
        tcp_dst: cls_flower::KEY_TCP_DST => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_UDP_SRC` (host order).
        udp_src: cls_flower::KEY_UDP_SRC => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_UDP_DST` (host order).
        udp_dst: cls_flower::KEY_UDP_DST => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_TCP_SRC_MASK` (host order).
        tcp_src_mask: cls_flower::KEY_TCP_SRC_MASK => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_TCP_DST_MASK` (host order).
        tcp_dst_mask: cls_flower::KEY_TCP_DST_MASK => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_UDP_SRC_MASK` (host order).
        udp_src_mask: cls_flower::KEY_UDP_SRC_MASK => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_UDP_DST_MASK` (host order).
        udp_dst_mask: cls_flower::KEY_UDP_DST_MASK => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_VLAN_ID`.
        vlan_id: cls_flower::KEY_VLAN_ID => u16 -> u16;
        /// `TCA_FLOWER_KEY_VLAN_PRIO`.
        vlan_prio: cls_flower::KEY_VLAN_PRIO => u8 -> u8;
        /// `TCA_FLOWER_KEY_VLAN_ETH_TYPE` (host order).
        vlan_eth_type: cls_flower::KEY_VLAN_ETH_TYPE => be_u16 -> u16;
        /// `TCA_FLOWER_KEY_IP_TOS`.
        ip_tos: cls_flower::KEY_IP_TOS => u8 -> u8;
        /// `TCA_FLOWER_KEY_IP_TTL`.
        ip_ttl: cls_flower::KEY_IP_TTL => u8 -> u8;
        /// `TCA_FLOWER_KEY_ENC_KEY_ID` (host order).
        enc_key_id: cls_flower::KEY_ENC_KEY_ID => be_u32 -> u32;
    }

    /// `TCA_FLOWER_ACT`: the action list (numbered nests of `TCA_ACT_*`), raw.
    #[inline]
    pub fn act(&self) -> Result<Option<Attr<'a>>, DecodeError> {
        self.0.clone().find(cls_flower::ACT)
    }
}

options_view! {
    /// matchall classifier options.
    MatchallOptions, "matchall"
}

impl<'a> MatchallOptions<'a> {
    find_getters! {
        /// `TCA_MATCHALL_CLASSID`.
        classid: cls_matchall::CLASSID => u32 -> u32;
        /// `TCA_MATCHALL_FLAGS` (`TCA_CLS_FLAGS_*`).
        flags: cls_matchall::FLAGS => u32 -> u32;
    }

    /// `TCA_MATCHALL_PCNT`: the hit count (`struct tc_matchall_pcnt`).
    #[inline]
    pub fn hits(&self) -> Result<Option<u64>, DecodeError> {
        self.0
            .clone()
            .find(cls_matchall::PCNT)?
            .map(|a| a.u64())
            .transpose()
    }

    /// `TCA_MATCHALL_ACT`: the action list (numbered nests of `TCA_ACT_*`), raw.
    #[inline]
    pub fn act(&self) -> Result<Option<Attr<'a>>, DecodeError> {
        self.0.clone().find(cls_matchall::ACT)
    }
}

options_view! {
    /// bpf classifier options.
    BpfOptions, "bpf"
}

impl<'a> BpfOptions<'a> {
    find_getters! {
        /// `TCA_BPF_CLASSID`.
        classid: cls_bpf::CLASSID => u32 -> u32;
        /// `TCA_BPF_OPS_LEN`.
        ops_len: cls_bpf::OPS_LEN => u16 -> u16;
        /// `TCA_BPF_FD`.
        fd: cls_bpf::FD => u32 -> u32;
        /// `TCA_BPF_NAME`.
        name: cls_bpf::NAME => str -> &'a str;
        /// `TCA_BPF_FLAGS` (`TCA_BPF_FLAG_ACT_DIRECT`).
        flags: cls_bpf::FLAGS => u32 -> u32;
        /// `TCA_BPF_FLAGS_GEN` (`TCA_CLS_FLAGS_*`).
        flags_gen: cls_bpf::FLAGS_GEN => u32 -> u32;
        /// `TCA_BPF_ID`.
        id: cls_bpf::ID => u32 -> u32;
    }

    /// `TCA_BPF_TAG`.
    #[inline]
    pub fn tag(&self) -> Result<Option<&'a [u8]>, DecodeError> {
        Ok(self.0.clone().find(cls_bpf::TAG)?.map(|a| a.payload()))
    }

    /// `TCA_BPF_OPS`: the classic BPF instructions, raw.
    #[inline]
    pub fn ops(&self) -> Result<Option<&'a [u8]>, DecodeError> {
        Ok(self.0.clone().find(cls_bpf::OPS)?.map(|a| a.payload()))
    }

    /// `TCA_BPF_ACT`: the action list (numbered nests of `TCA_ACT_*`), raw.
    #[inline]
    pub fn act(&self) -> Result<Option<Attr<'a>>, DecodeError> {
        self.0.clone().find(cls_bpf::ACT)
    }
}

/// `TCA_OPTIONS` decoded by `TCA_KIND`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum TcOptions<'a> {
    /// pfifo, bfifo, pfifo_head_drop.
    Fifo(TcFifoQopt),
    /// prio, pfifo_fast.
    Prio(TcPrioQopt),
    /// tbf.
    Tbf(TbfOptions),
    /// htb (qdisc or class).
    Htb(HtbOptions),
    /// fq_codel.
    FqCodel(FqCodelOptions),
    /// ingress (no options).
    Ingress,
    /// clsact (no options).
    Clsact,
    /// u32 classifier.
    U32(U32Options<'a>),
    /// flower classifier.
    Flower(FlowerOptions<'a>),
    /// matchall classifier.
    Matchall(MatchallOptions<'a>),
    /// bpf classifier.
    Bpf(BpfOptions<'a>),
    /// Another kind: the kind and the raw attribute.
    Other(&'a str, Attr<'a>),
}

impl<'a> TcOptions<'a> {
    /// Decodes `options` (a `TCA_OPTIONS` attribute) as options of `kind`. The nests
    /// of classifiers are only checked when their accessors run.
    pub fn parse(kind: &'a str, options: &Attr<'a>) -> Result<Self, DecodeError> {
        let nested = options.nested();
        Ok(match kind {
            "pfifo" | "bfifo" | "pfifo_head_drop" => Self::Fifo(*options.view_prefix()?),
            "prio" | "pfifo_fast" => Self::Prio(*options.view_prefix()?),
            "tbf" => Self::Tbf(TbfOptions::parse(nested)?),
            "htb" => Self::Htb(HtbOptions::parse(nested)?),
            "fq_codel" => Self::FqCodel(FqCodelOptions::parse(nested)?),
            "ingress" => Self::Ingress,
            "clsact" => Self::Clsact,
            "u32" => Self::U32(U32Options(nested)),
            "flower" => Self::Flower(FlowerOptions(nested)),
            "matchall" => Self::Matchall(MatchallOptions(nested)),
            "bpf" => Self::Bpf(BpfOptions(nested)),
            _ => Self::Other(kind, *options),
        })
    }
}

/// Byte and packet counters of a tc object.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BasicStats {
    /// Bytes.
    pub bytes: u64,
    /// Packets (64-bit when the kernel sent `TCA_STATS_PKT64`).
    pub packets: u64,
}

const SLOTS: usize = TCA_MAX as usize + 1;

/// A tc message (`RTM_NEWQDISC`, `RTM_NEWTCLASS`, `RTM_NEWTFILTER`, `RTM_NEWCHAIN`, their
/// delete and get forms) with its attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute type and its offset) when it is present but malformed.
pub type TcObjectMsg<'a> = super::View<'a, TcMsg, SLOTS>;

impl<'a> TcObjectMsg<'a> {
    /// `tcm_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `tcm_ifindex`.
    #[inline]
    pub fn ifindex(&self) -> i32 {
        self.header.ifindex.get()
    }

    /// `tcm_handle`.
    #[inline]
    pub fn handle(&self) -> TcHandle {
        TcHandle(self.header.handle.get())
    }

    /// `tcm_parent`.
    #[inline]
    pub fn parent(&self) -> TcHandle {
        TcHandle(self.header.parent.get())
    }

    /// `tcm_info`.
    #[inline]
    pub fn info(&self) -> u32 {
        self.header.info.get()
    }

    /// A filter's priority (`TC_H_MAJ(tcm_info) >> 16`).
    #[inline]
    pub fn priority(&self) -> u16 {
        TcHandle(self.info()).major()
    }

    /// A filter's protocol in host order (`ntohs(TC_H_MIN(tcm_info))`, an `ETH_P_*`).
    #[inline]
    pub fn protocol(&self) -> u16 {
        u16::from_be(TcHandle(self.info()).minor())
    }

    /// Whether this is a filter message (`RTM_*TFILTER`), whose `tcm_info` holds a
    /// priority and protocol.
    #[inline]
    pub fn is_filter(&self) -> bool {
        matches!(
            self.msg.message_type(),
            rtm::NEWTFILTER | rtm::DELTFILTER | rtm::GETTFILTER
        )
    }

    getters! {
        /// `TCA_KIND`.
        kind: tca::KIND => str -> &'a str;
        /// `TCA_CHAIN`.
        chain: tca::CHAIN => u32 -> u32;
        /// `TCA_HW_OFFLOAD`.
        hw_offload: tca::HW_OFFLOAD => u8 -> u8;
        /// `TCA_INGRESS_BLOCK`.
        ingress_block: tca::INGRESS_BLOCK => u32 -> u32;
        /// `TCA_EGRESS_BLOCK`.
        egress_block: tca::EGRESS_BLOCK => u32 -> u32;
        /// `TCA_EXT_WARN_MSG`.
        ext_warn_msg: tca::EXT_WARN_MSG => str -> &'a str;
    }

    /// `TCA_OPTIONS`, raw (a nest for most kinds, a structure for fifos and prio).
    #[inline]
    pub fn options_attr(&self) -> Option<Attr<'a>> {
        self.tb.get(tca::OPTIONS)
    }

    /// `TCA_OPTIONS` as attributes (for the kinds whose options are a nest).
    #[inline]
    pub fn options(&self) -> Option<Attrs<'a>> {
        self.tb.get(tca::OPTIONS).map(|a| a.nested())
    }

    /// `TCA_OPTIONS` decoded by `TCA_KIND`; `None` when either is absent.
    #[inline]
    pub fn typed_options(&self) -> Result<Option<TcOptions<'a>>, DecodeError> {
        let (Some(kind), Some(opts)) = (self.kind()?, self.options_attr()) else {
            return Ok(None);
        };
        TcOptions::parse(kind, &opts).map(Some)
    }

    /// `TCA_STATS2` contents (`TCA_STATS_*`).
    #[inline]
    pub fn stats2(&self) -> Option<Attrs<'a>> {
        self.tb.get(tca::STATS2).map(|a| a.nested())
    }

    /// `TCA_STATS` (legacy `struct tc_stats`).
    #[inline]
    pub fn stats(&self) -> Result<Option<&'a TcStats>, DecodeError> {
        self.tb.get(tca::STATS).map(|a| a.view_prefix()).transpose()
    }

    /// Bytes and packets: `TCA_STATS2` → `TCA_STATS_BASIC` (with `TCA_STATS_PKT64` when
    /// present), else `TCA_STATS`.
    #[inline]
    pub fn basic_stats(&self) -> Result<Option<BasicStats>, DecodeError> {
        if let Some(s2) = self.stats2() {
            if let Some(basic) = s2.clone().find(tca_stats::BASIC)? {
                let b = basic.view_prefix::<GnetStatsBasic>()?;
                let packets = match s2.find(tca_stats::PKT64)? {
                    Some(p) => p.u64()?,
                    None => u64::from(b.packets.get()),
                };
                return Ok(Some(BasicStats {
                    bytes: b.bytes.get(),
                    packets,
                }));
            }
        }
        Ok(self.stats()?.map(|s| BasicStats {
            bytes: s.bytes.get(),
            packets: u64::from(s.packets.get()),
        }))
    }

    /// Queue statistics: `TCA_STATS2` → `TCA_STATS_QUEUE`, else the fields of
    /// `TCA_STATS` (without `requeues`).
    #[inline]
    pub fn queue_stats(&self) -> Result<Option<GnetStatsQueue>, DecodeError> {
        if let Some(s2) = self.stats2() {
            if let Some(q) = s2.find(tca_stats::QUEUE)? {
                return q.view_prefix::<GnetStatsQueue>().copied().map(Some);
            }
        }
        Ok(self.stats()?.map(|s| GnetStatsQueue {
            qlen: s.qlen,
            backlog: s.backlog,
            drops: s.drops,
            requeues: U32::new(0),
            overlimits: s.overlimits,
        }))
    }

    /// Packets dropped (from [`Self::queue_stats`]).
    #[inline]
    pub fn drops(&self) -> Result<Option<u32>, DecodeError> {
        Ok(self.queue_stats()?.map(|q| q.drops.get()))
    }

    /// The rate estimate (bytes/s, packets/s): `TCA_STATS_RATE_EST64`, else
    /// `TCA_STATS_RATE_EST`.
    #[inline]
    pub fn rate_est(&self) -> Result<Option<(u64, u64)>, DecodeError> {
        let Some(s2) = self.stats2() else {
            return Ok(None);
        };
        if let Some(r) = s2.clone().find(tca_stats::RATE_EST64)? {
            let r = r.view_prefix::<GnetStatsRateEst64>()?;
            return Ok(Some((r.bps.get(), r.pps.get())));
        }
        match s2.find(tca_stats::RATE_EST)? {
            Some(r) => {
                let r = r.view_prefix::<GnetStatsRateEst>()?;
                Ok(Some((u64::from(r.bps.get()), u64::from(r.pps.get()))))
            }
            None => Ok(None),
        }
    }
}

impl fmt::Debug for TcObjectMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcObjectMsg")
            .field("ifindex", &self.ifindex())
            .field("handle", &self.handle())
            .field("parent", &self.parent())
            .field("kind", &self.kind().ok().flatten())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for TcObjectMsg<'_> {
    /// A dissection: header line, the `tcmsg`, then every attribute with its name
    /// (`TCA_OPTIONS` by `TCA_KIND`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        f.write_str("\n  tcmsg family ")?;
        match family::name(self.family()) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", self.family())?,
        }
        write!(
            f,
            " ifindex {} handle {} parent {}",
            self.ifindex(),
            self.handle(),
            self.parent()
        )?;
        if self.is_filter() {
            write!(
                f,
                " prio {} protocol {:#06x}",
                self.priority(),
                self.protocol()
            )?;
        } else {
            write!(f, " info {:#x}", self.info())?;
        }
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &TCA)
    }
}

/// Writes the contents of `TCA_OPTIONS` (a nest's attributes, or a bare structure for
/// pfifo/bfifo/prio): a closure such as `&|b| opts.put(b)`.
pub type OptionsWriter<'f, B> = &'f dyn Fn(&mut Builder<'_, B>) -> Result<(), EncodeError>;

/// Starts a tc message of `kind` with the given `tcmsg`; add attributes to the returned
/// builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &TcMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes a tc request: the `tcmsg`, `TCA_KIND` if given, and `TCA_OPTIONS` (written
/// by `options`, without `NLA_F_NESTED` as `tc` sends it, since some kinds put a bare
/// structure there) if given.
pub fn request<B: Buffer + ?Sized>(
    buf: &mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &TcMsg,
    tc_kind: Option<&str>,
    options: Option<OptionsWriter<'_, B>>,
) -> Result<usize, EncodeError> {
    let mut b = message(buf, kind, flags, seq, hdr)?;
    if let Some(k) = tc_kind {
        b.put_str(tca::KIND, k)?;
    }
    if let Some(f) = options {
        b.nest_noflag(tca::OPTIONS, |b| f(b))?;
    }
    Ok(b.finish())
}

const ADD: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::EXCL.0);
const REPLACE: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::REPLACE.0);
const DELETE: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0);

/// Writes an `RTM_NEWQDISC` request (`ACK | CREATE | EXCL`): `tc qdisc add`.
pub fn qdisc_add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
    kind: &str,
    options: Option<OptionsWriter<'_, B>>,
) -> Result<usize, EncodeError> {
    request(buf, rtm::NEWQDISC, ADD, seq, hdr, Some(kind), options)
}

/// Writes an `RTM_NEWQDISC` request (`ACK | CREATE | REPLACE`): `tc qdisc replace`.
pub fn qdisc_replace_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
    kind: &str,
    options: Option<OptionsWriter<'_, B>>,
) -> Result<usize, EncodeError> {
    request(buf, rtm::NEWQDISC, REPLACE, seq, hdr, Some(kind), options)
}

/// Writes an `RTM_DELQDISC` request (`ACK`): `tc qdisc del` (by parent and handle).
pub fn qdisc_delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
) -> Result<usize, EncodeError> {
    request(buf, rtm::DELQDISC, DELETE, seq, hdr, None, None)
}

/// Writes an `RTM_NEWTCLASS` request (`ACK | CREATE | EXCL`): `tc class add`.
pub fn class_add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
    kind: &str,
    options: Option<OptionsWriter<'_, B>>,
) -> Result<usize, EncodeError> {
    request(buf, rtm::NEWTCLASS, ADD, seq, hdr, Some(kind), options)
}

/// Writes an `RTM_DELTCLASS` request (`ACK`): `tc class del`.
pub fn class_delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
) -> Result<usize, EncodeError> {
    request(buf, rtm::DELTCLASS, DELETE, seq, hdr, None, None)
}

/// Writes an `RTM_NEWTFILTER` request (`ACK | CREATE | EXCL`): `tc filter add`. Make
/// `hdr` with [`TcMsg::filter`] (priority and protocol go in `tcm_info`).
pub fn filter_add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
    kind: &str,
    options: Option<OptionsWriter<'_, B>>,
) -> Result<usize, EncodeError> {
    request(buf, rtm::NEWTFILTER, ADD, seq, hdr, Some(kind), options)
}

/// Writes an `RTM_DELTFILTER` request (`ACK`): `tc filter del` (all filters under the
/// parent when `hdr` has no priority).
pub fn filter_delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    hdr: &TcMsg,
) -> Result<usize, EncodeError> {
    request(buf, rtm::DELTFILTER, DELETE, seq, hdr, None, None)
}

fn dump<B: Buffer + ?Sized>(
    buf: &mut B,
    kind: MessageType,
    seq: u32,
    hdr: &TcMsg,
) -> Result<usize, EncodeError> {
    request(
        buf,
        kind,
        Flags::REQUEST | Flags::DUMP,
        seq,
        hdr,
        None,
        None,
    )
}

/// Writes an `RTM_GETQDISC` dump request (`tc qdisc show`). The kernel dumps every
/// device's qdiscs (filter by [`TcObjectMsg::ifindex`]); `ifindex` is sent for kernels
/// and tools that use it.
pub fn dump_qdiscs_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    ifindex: i32,
) -> Result<usize, EncodeError> {
    let hdr = TcMsg::new(ifindex, TcHandle::UNSPEC, TcHandle::UNSPEC);
    dump(buf, rtm::GETQDISC, seq, &hdr)
}

/// Writes an `RTM_GETTCLASS` dump request for device `ifindex` (`tc class show dev …`);
/// `parent` [`TcHandle::UNSPEC`] for every class.
pub fn dump_classes_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    ifindex: i32,
    parent: TcHandle,
) -> Result<usize, EncodeError> {
    let hdr = TcMsg::new(ifindex, TcHandle::UNSPEC, parent);
    dump(buf, rtm::GETTCLASS, seq, &hdr)
}

/// Writes an `RTM_GETTFILTER` dump request for the filters under `parent` of device
/// `ifindex` (`tc filter show dev … parent …`; [`TcHandle::ROOT`] for the root qdisc,
/// [`TcHandle::CLSACT_INGRESS`] for clsact ingress).
pub fn dump_filters_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    ifindex: i32,
    parent: TcHandle,
) -> Result<usize, EncodeError> {
    let hdr = TcMsg::new(ifindex, TcHandle::UNSPEC, parent);
    dump(buf, rtm::GETTFILTER, seq, &hdr)
}

impl super::FamilyHeader for TcMsg {
    const LEN: usize = TcMsg::LEN;
}
