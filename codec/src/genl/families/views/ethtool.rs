//! ethtool over netlink: request writers with the `ETHTOOL_A_*_HEADER` nest (gets, and
//! typed sets for channels, rings, pause, EEE, link modes, coalescing, features, debug,
//! wake-on-LAN, FEC and module power), typed views of the replies (link info, link modes,
//! link state, debug, wake-on-LAN, features, private flags, rings, channels, coalescing,
//! pause, EEE, timestamping info, statistics, string sets, FEC, module power, RSS) and
//! compact or verbose bitsets.
//!
//! ethtool reports non-fatal problems as warnings in the extended ack: in the ack of a
//! `do`, or in the `NLMSG_DONE` of a dump ([`crate::Done::ext_ack`]).
//!
//! ```
//! use nlwire_codec::genl::families::ethtool::{cmd, reply_cmd, linkinfo};
//! use nlwire_codec::genl::families::views::ethtool::{self as et, Dev, LinkInfo};
//! use nlwire_codec::{Flags, Messages, SliceBuf};
//!
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! et::get_request(&mut buf, 20, 1, cmd::LINKINFO_GET, Dev::Name("veth0"), 0)?;
//! let req = Messages::new(buf.as_slice()).next().unwrap()?;
//! assert!(et::EthtoolMsg::parse(&req)?.header()?.name == Some("veth0"));
//!
//! // A reply as the kernel would write it.
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let mut b = et::reply_builder(&mut buf, 20, 1, reply_cmd::LINKINFO_GET_REPLY, Dev::Index(4))?;
//! b.put_u8(linkinfo::PORT, et::port::OTHER)?;
//! b.put_u8(linkinfo::TRANSCEIVER, 0)?;
//! b.finish();
//! let m = Messages::new(buf.as_slice()).next().unwrap()?;
//! let li = LinkInfo::parse(&m)?;
//! assert_eq!(li.header()?.index, Some(4));
//! assert_eq!(li.port()?, Some(et::port::OTHER));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use crate::attr::{Attr, Attrs};
use crate::error::{DecodeError, EncodeError};
use crate::genl::families::ethtool::{
    self as fam, bitset, bitset_bit, bitset_bits, channels, cmd, coalesce, debug, eee, features,
    fec, fec_stat, header, linkinfo, linkmodes, linkstate, module, pause, pause_stat, privflags,
    reply_cmd, rings, rss, stats, stats_grp, string, strings, stringset, stringsets, strset,
    tsinfo, wol,
};
use crate::genl::message;
use crate::header::Flags;
use crate::msg::Message;
use crate::writer::{Buffer, Builder};

use super::{GenlView, genl_getters, genl_view, missing};

/// The device a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dev<'n> {
    /// By interface index (`ETHTOOL_A_HEADER_DEV_INDEX`).
    Index(u32),
    /// By name (`ETHTOOL_A_HEADER_DEV_NAME`).
    Name(&'n str),
    /// Every device: the request becomes a dump.
    All,
}

/// `PORT_*`: connector types in `ETHTOOL_A_LINKINFO_PORT`.
pub mod port {
    /// Twisted pair.
    pub const TP: u8 = 0x00;
    /// AUI.
    pub const AUI: u8 = 0x01;
    /// MII.
    pub const MII: u8 = 0x02;
    /// Fibre.
    pub const FIBRE: u8 = 0x03;
    /// BNC.
    pub const BNC: u8 = 0x04;
    /// Direct attach copper.
    pub const DA: u8 = 0x05;
    /// None.
    pub const NONE: u8 = 0xef;
    /// Other (virtual devices).
    pub const OTHER: u8 = 0xff;

    /// The name `ethtool` prints.
    pub const fn name(p: u8) -> Option<&'static str> {
        Some(match p {
            TP => "Twisted Pair",
            AUI => "AUI",
            MII => "MII",
            FIBRE => "FIBRE",
            BNC => "BNC",
            DA => "Direct Attach Copper",
            NONE => "None",
            OTHER => "Other",
            _ => return None,
        })
    }
}

/// `DUPLEX_*` in `ETHTOOL_A_LINKMODES_DUPLEX`.
pub mod duplex {
    /// Half duplex.
    pub const HALF: u8 = 0x00;
    /// Full duplex.
    pub const FULL: u8 = 0x01;
    /// Unknown.
    pub const UNKNOWN: u8 = 0xff;
}

/// `SPEED_UNKNOWN` in `ETHTOOL_A_LINKMODES_SPEED` (`-1` as a `u32`).
pub const SPEED_UNKNOWN: u32 = u32::MAX;

/// `ETH_SS_*`: string set ids for `ETHTOOL_MSG_STRSET_GET`.
pub mod string_set {
    /// Self-test names.
    pub const TEST: u32 = 0;
    /// Driver statistics names.
    pub const STATS: u32 = 1;
    /// Private flag names.
    pub const PRIV_FLAGS: u32 = 2;
    /// N-tuple filter names (unused).
    pub const NTUPLE_FILTERS: u32 = 3;
    /// Netdev feature names.
    pub const FEATURES: u32 = 4;
    /// RSS hash function names.
    pub const RSS_HASH_FUNCS: u32 = 5;
    /// Tunable names.
    pub const TUNABLES: u32 = 6;
    /// PHY statistics names.
    pub const PHY_STATS: u32 = 7;
    /// PHY tunable names.
    pub const PHY_TUNABLES: u32 = 8;
    /// Link mode names.
    pub const LINK_MODES: u32 = 9;
    /// Message class names (debug).
    pub const MSG_CLASSES: u32 = 10;
    /// Wake-on-LAN mode names.
    pub const WOL_MODES: u32 = 11;
    /// `SOF_TIMESTAMPING_*` names.
    pub const SOF_TIMESTAMPING: u32 = 12;
    /// Timestamping transmit types.
    pub const TS_TX_TYPES: u32 = 13;
    /// Timestamping receive filters.
    pub const TS_RX_FILTERS: u32 = 14;
    /// UDP tunnel types.
    pub const UDP_TUNNEL_TYPES: u32 = 15;
    /// Standard statistics groups.
    pub const STATS_STD: u32 = 16;
    /// IEEE 802.3 PHY statistics.
    pub const STATS_ETH_PHY: u32 = 17;
    /// IEEE 802.3 MAC statistics.
    pub const STATS_ETH_MAC: u32 = 18;
    /// IEEE 802.3 MAC control statistics.
    pub const STATS_ETH_CTRL: u32 = 19;
    /// RMON statistics.
    pub const STATS_RMON: u32 = 20;
}

/// `ETHTOOL_STATS_*`: statistics groups for `ETHTOOL_MSG_STATS_GET` (bit indexes in
/// `ETHTOOL_A_STATS_GROUPS`, names in [`string_set::STATS_STD`]).
pub mod stats_group {
    /// IEEE 802.3 PHY.
    pub const ETH_PHY: u32 = 0;
    /// IEEE 802.3 MAC.
    pub const ETH_MAC: u32 = 1;
    /// IEEE 802.3 MAC control.
    pub const ETH_CTRL: u32 = 2;
    /// RMON.
    pub const RMON: u32 = 3;
}

/// The attribute that carries the request/reply header in the set of command `c`
/// (1 for every command but the statistics', whose first attribute is padding).
pub const fn header_attr(c: u8, from_kernel: bool) -> u16 {
    let is_stats = if from_kernel {
        c == reply_cmd::STATS_GET_REPLY
    } else {
        c == cmd::STATS_GET
    };
    if is_stats { stats::HEADER } else { 1 }
}

/// Writes the `ETHTOOL_A_*_HEADER` nest (attribute `kind`): device index or name, and
/// `ETHTOOL_A_HEADER_FLAGS` when `flags` is not 0 (see
/// [`fam::header_flags`]).
pub fn put_header<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    kind: u16,
    dev: Dev<'_>,
    flags: u32,
) -> Result<(), EncodeError> {
    b.nest(kind, |b| {
        match dev {
            Dev::Index(i) => b.put_u32(header::DEV_INDEX, i)?,
            Dev::Name(n) => b.put_str(header::DEV_NAME, n)?,
            Dev::All => {}
        }
        if flags != 0 {
            b.put_u32(header::FLAGS, flags)?;
        }
        Ok(())
    })
}

/// Starts an ethtool request `c` (an `ETHTOOL_MSG_*` of [`cmd`]) to family id `family`,
/// with its header nest: a dump when `dev` is [`Dev::All`], else a `do` with
/// `NLM_F_ACK`. Add the command's other attributes to the returned builder.
pub fn request<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    family: u16,
    seq: u32,
    c: u8,
    dev: Dev<'_>,
    header_flags: u32,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = super::start(buf, family, seq, c, fam::VERSION, dev == Dev::All)?;
    put_header(&mut b, header_attr(c, false), dev, header_flags)?;
    Ok(b)
}

/// Writes a complete get request `c` (`ETHTOOL_MSG_LINKINFO_GET`, `…_LINKMODES_GET`, …)
/// that needs nothing but the header.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    c: u8,
    dev: Dev<'_>,
    header_flags: u32,
) -> Result<usize, EncodeError> {
    Ok(request(buf, family, seq, c, dev, header_flags)?.finish())
}

/// Writes `ETHTOOL_MSG_STRSET_GET` for the string sets `sets` ([`string_set`]; all of
/// them when empty), or only their sizes when `counts_only`. With [`Dev::All`] and no
/// device, the global sets come back in one reply.
pub fn strset_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    sets: &[u32],
    counts_only: bool,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::STRSET_GET, dev, 0)?;
    if !sets.is_empty() {
        b.nest(strset::STRINGSETS, |b| {
            for &id in sets {
                b.nest(stringsets::STRINGSET, |b| b.put_u32(stringset::ID, id))?;
            }
            Ok(())
        })?;
    }
    if counts_only {
        b.put_flag(strset::COUNTS_ONLY)?;
    }
    Ok(b.finish())
}

/// Writes `ETHTOOL_MSG_STATS_GET` for the statistics groups `groups`
/// ([`stats_group`]), as a bitset of bit indexes without a mask.
pub fn stats_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    groups: &[u32],
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::STATS_GET, dev, 0)?;
    b.nest(stats::GROUPS, |b| put_bit_list(b, groups))?;
    Ok(b.finish())
}

/// Writes the contents of a verbose bitset without a mask: `NOMASK` and one `BIT` per
/// index in `bits`.
pub fn put_bit_list<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    bits: &[u32],
) -> Result<(), EncodeError> {
    b.put_flag(bitset::NOMASK)?;
    b.nest(bitset::BITS, |b| {
        for &i in bits {
            b.nest(bitset_bits::BIT, |b| b.put_u32(bitset_bit::INDEX, i))?;
        }
        Ok(())
    })
}

/// Writes the contents of a verbose bitset that changes the named bits only (a mask):
/// each `(name, on)` pair sets or clears one bit (as `ethtool -K dev NAME on|off` does).
pub fn put_bit_changes<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    changes: &[(&str, bool)],
) -> Result<(), EncodeError> {
    b.nest(bitset::BITS, |b| {
        for &(name, on) in changes {
            b.nest(bitset_bits::BIT, |b| {
                b.put_str(bitset_bit::NAME, name)?;
                if on {
                    b.put_flag(bitset_bit::VALUE)?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Starts a kernel-side message (a reply or notification `c` of [`reply_cmd`]) with its
/// header nest, for tests and simulators.
pub fn reply_builder<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    family: u16,
    seq: u32,
    c: u8,
    dev: Dev<'_>,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = message(buf, family, Flags::EMPTY, seq, c, fam::VERSION)?;
    put_header(&mut b, header_attr(c, true), dev, 0)?;
    Ok(b)
}

/// `ETHTOOL_A_HEADER_*` of a request or reply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header<'a> {
    /// `DEV_INDEX`.
    pub index: Option<u32>,
    /// `DEV_NAME`.
    pub name: Option<&'a str>,
    /// `FLAGS`.
    pub flags: Option<u32>,
    /// `PHY_INDEX`.
    pub phy_index: Option<u32>,
}

impl<'a> Header<'a> {
    /// Decodes a header nest's contents.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        let mut h = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                header::DEV_INDEX => h.index = Some(a.u32()?),
                header::DEV_NAME => h.name = Some(a.str()?),
                header::FLAGS => h.flags = Some(a.u32()?),
                header::PHY_INDEX => h.phy_index = Some(a.u32()?),
                _ => {}
            }
        }
        Ok(h)
    }
}

/// One bit of a bitset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bit<'a> {
    /// Bit index (always sent by the kernel; a request may name bits instead).
    pub index: Option<u32>,
    /// Bit name (verbose bitsets only).
    pub name: Option<&'a str>,
    /// Whether the bit is set (for bitsets with a mask: whether the value has it).
    pub on: bool,
}

/// An ethtool bitset (`ETHTOOL_A_BITSET_*`), compact (`VALUE`/`MASK` bit arrays) or
/// verbose (a list of bits with names).
#[derive(Clone, Copy, Debug)]
pub struct Bitset<'a> {
    nomask: bool,
    size: Option<u32>,
    bits: Option<Attr<'a>>,
    value: Option<&'a [u8]>,
    mask: Option<&'a [u8]>,
}

impl<'a> Bitset<'a> {
    /// Decodes a bitset nest's contents.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        let mut s = Self {
            nomask: false,
            size: None,
            bits: None,
            value: None,
            mask: None,
        };
        for a in attrs {
            let a = a?;
            match a.kind() {
                bitset::NOMASK => s.nomask = a.flag().is_ok(),
                bitset::SIZE => s.size = Some(a.u32()?),
                bitset::BITS => {
                    a.nested().validate()?;
                    s.bits = Some(a);
                }
                bitset::VALUE => s.value = Some(a.payload()),
                bitset::MASK => s.mask = Some(a.payload()),
                _ => {}
            }
        }
        Ok(s)
    }

    /// Whether the bitset is a plain list (`NOMASK`), not a value with a mask.
    pub fn is_nomask(&self) -> bool {
        self.nomask
    }

    /// Whether it is compact (bit arrays) rather than a list of bits.
    pub fn is_compact(&self) -> bool {
        self.value.is_some()
    }

    /// `ETHTOOL_A_BITSET_SIZE`: the number of bits.
    pub fn size(&self) -> Option<u32> {
        self.size
    }

    /// The bits of a verbose bitset that are listed, with names; a compact one lists
    /// the set bits of its value, without names. For a bitset with a mask, listed bits
    /// whose `VALUE` flag is absent are off.
    pub fn bits(&self) -> impl Iterator<Item = Result<Bit<'a>, DecodeError>> + 'a {
        let nomask = self.nomask;
        let listed = self.bits.map(|a| a.nested()).into_iter().flatten();
        let listed = listed.map(move |item| {
            let item = item?;
            let mut bit = Bit {
                index: None,
                name: None,
                on: nomask,
            };
            for a in item.nested() {
                let a = a?;
                match a.kind() {
                    bitset_bit::INDEX => bit.index = Some(a.u32()?),
                    bitset_bit::NAME => bit.name = Some(a.str()?),
                    bitset_bit::VALUE => bit.on = true,
                    _ => {}
                }
            }
            if bit.index.is_none() && bit.name.is_none() {
                return Err(missing(
                    "bitset bit without an index or a name",
                    item.offset(),
                ));
            }
            Ok(bit)
        });
        let size = self.size.unwrap_or(0);
        let value = self.value.unwrap_or(&[]);
        let compact = (0..size).filter_map(move |i| {
            compact_bit(value, i).then_some(Ok(Bit {
                index: Some(i),
                name: None,
                on: true,
            }))
        });
        listed.chain(compact)
    }

    /// Whether bit `index` is on (in the value).
    pub fn is_set(&self, index: u32) -> Result<bool, DecodeError> {
        if let Some(v) = self.value {
            return Ok(compact_bit(v, index));
        }
        for b in self.bits() {
            let b = b?;
            if b.index == Some(index) {
                return Ok(b.on);
            }
        }
        Ok(false)
    }

    /// Whether the bit called `name` is on (verbose bitsets only).
    pub fn is_set_by_name(&self, name: &str) -> Result<bool, DecodeError> {
        for b in self.bits() {
            let b = b?;
            if b.name == Some(name) {
                return Ok(b.on);
            }
        }
        Ok(false)
    }

    /// Whether bit `index` is in the mask (compact bitsets with a mask only).
    pub fn in_mask(&self, index: u32) -> bool {
        self.mask.is_some_and(|m| compact_bit(m, index))
    }

    /// How many bits are on.
    pub fn count_set(&self) -> Result<usize, DecodeError> {
        let mut n = 0;
        for b in self.bits() {
            if b?.on {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Bit `i` of a compact bitset: an array of native-endian `u32` words.
fn compact_bit(words: &[u8], i: u32) -> bool {
    let w = usize::try_from(i / 32).unwrap_or(usize::MAX);
    let Some(bytes) = w
        .checked_mul(4)
        .and_then(|s| words.get(s..s.saturating_add(4)))
    else {
        return false;
    };
    let mut a = [0u8; 4];
    a.copy_from_slice(bytes);
    u32::from_ne_bytes(a) & (1 << (i % 32)) != 0
}

/// Any ethtool message: its command, header and attributes.
#[derive(Clone, Copy, Debug)]
pub struct EthtoolMsg<'a> {
    view: GenlView<'a, 32>,
    from_kernel: bool,
}

impl<'a> EthtoolMsg<'a> {
    /// Views any ethtool message (request or reply).
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            view: GenlView::parse(msg)?,
            from_kernel: !msg.flags().contains(Flags::REQUEST),
        })
    }

    /// The underlying view.
    pub fn view(&self) -> &GenlView<'a, 32> {
        &self.view
    }

    /// The command: an `ETHTOOL_MSG_*` of [`cmd`] for a request, of [`reply_cmd`] for a
    /// kernel message.
    pub fn cmd(&self) -> u8 {
        self.view.cmd()
    }

    /// The command's name (`"linkinfo-get"`).
    pub fn cmd_name(&self) -> Option<&'static str> {
        if self.from_kernel {
            reply_cmd::name(self.cmd())
        } else {
            cmd::name(self.cmd())
        }
    }

    /// The header nest (empty when absent).
    pub fn header(&self) -> Result<Header<'a>, DecodeError> {
        let kind = header_attr(self.cmd(), self.from_kernel);
        match self.view.get(kind) {
            Some(a) => Header::parse(a.nested()),
            None => Ok(Header::default()),
        }
    }
}

impl core::fmt::Display for EthtoolMsg<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{}",
            crate::genl::families::dissect(fam::FAMILY_NAME, self.view.message())
        )
    }
}

fn header_of<'a, const N: usize>(
    v: &GenlView<'a, N>,
    kind: u16,
) -> Result<Header<'a>, DecodeError> {
    match v.get(kind) {
        Some(a) => Header::parse(a.nested()),
        None => Ok(Header::default()),
    }
}

fn bitset_of<'a, const N: usize>(
    v: &GenlView<'a, N>,
    kind: u16,
) -> Result<Option<Bitset<'a>>, DecodeError> {
    v.get(kind).map(|a| Bitset::parse(a.nested())).transpose()
}

macro_rules! ethtool_reply {
    (
        $(#[$m:meta])* $name:ident, $slots:literal, header $hk:expr, [$($c:expr),+]
        { $($body:tt)* }
    ) => {
        genl_view!($(#[$m])* $name, $slots, fam::FAMILY_NAME, [$($c),+]);

        impl<'a> $name<'a> {
            /// The `ETHTOOL_A_HEADER_*` nest: which device this is about.
            pub fn header(&self) -> Result<Header<'a>, DecodeError> {
                header_of(self.view(), $hk)
            }

            $($body)*
        }
    };
}

ethtool_reply! {
    /// `ETHTOOL_MSG_LINKINFO_GET_REPLY` / `_NTF`: port, PHY address, MDI-X, transceiver.
    LinkInfo, 8, header linkinfo::HEADER,
    [reply_cmd::LINKINFO_GET_REPLY, reply_cmd::LINKINFO_NTF]
    {
        genl_getters! {
            /// `PORT` ([`port`]).
            port: linkinfo::PORT => u8 -> u8;
            /// `PHYADDR`.
            phyaddr: linkinfo::PHYADDR => u8 -> u8;
            /// `TP_MDIX`.
            tp_mdix: linkinfo::TP_MDIX => u8 -> u8;
            /// `TP_MDIX_CTRL`.
            tp_mdix_ctrl: linkinfo::TP_MDIX_CTRL => u8 -> u8;
            /// `TRANSCEIVER`.
            transceiver: linkinfo::TRANSCEIVER => u8 -> u8;
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_LINKMODES_GET_REPLY` / `_NTF`: autonegotiation, speed, duplex, lanes
    /// and the advertised (ours) and partner (peer) link modes.
    LinkModes, 12, header linkmodes::HEADER,
    [reply_cmd::LINKMODES_GET_REPLY, reply_cmd::LINKMODES_NTF]
    {
        genl_getters! {
            /// `AUTONEG` (`AUTONEG_DISABLE` 0, `AUTONEG_ENABLE` 1).
            autoneg: linkmodes::AUTONEG => u8 -> u8;
            /// `SPEED` in Mb/s ([`SPEED_UNKNOWN`] when unknown).
            speed: linkmodes::SPEED => u32 -> u32;
            /// `DUPLEX` ([`duplex`]).
            duplex: linkmodes::DUPLEX => u8 -> u8;
            /// `LANES`.
            lanes: linkmodes::LANES => u32 -> u32;
            /// `MASTER_SLAVE_CFG`.
            master_slave_cfg: linkmodes::MASTER_SLAVE_CFG => u8 -> u8;
            /// `MASTER_SLAVE_STATE`.
            master_slave_state: linkmodes::MASTER_SLAVE_STATE => u8 -> u8;
            /// `RATE_MATCHING`.
            rate_matching: linkmodes::RATE_MATCHING => u8 -> u8;
        }

        /// `OURS`: supported (mask) and advertised (value) link modes.
        pub fn ours(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), linkmodes::OURS)
        }

        /// `PEER`: the link partner's advertised modes.
        pub fn peer(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), linkmodes::PEER)
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_LINKSTATE_GET_REPLY`: link detected, signal quality, extended state.
    LinkState, 8, header linkstate::HEADER, [reply_cmd::LINKSTATE_GET_REPLY]
    {
        genl_getters! {
            /// `LINK`: 1 when a link is detected.
            link: linkstate::LINK => u8 -> u8;
            /// `SQI`: signal quality index.
            sqi: linkstate::SQI => u32 -> u32;
            /// `SQI_MAX`.
            sqi_max: linkstate::SQI_MAX => u32 -> u32;
            /// `EXT_STATE`.
            ext_state: linkstate::EXT_STATE => u8 -> u8;
            /// `EXT_SUBSTATE`.
            ext_substate: linkstate::EXT_SUBSTATE => u8 -> u8;
            /// `EXT_DOWN_CNT`: how often the link went down.
            ext_down_cnt: linkstate::EXT_DOWN_CNT => u32 -> u32;
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_DEBUG_GET_REPLY` / `_NTF`: the driver message mask.
    DebugInfo, 4, header debug::HEADER, [reply_cmd::DEBUG_GET_REPLY, reply_cmd::DEBUG_NTF]
    {
        /// `MSGMASK` (names in [`string_set::MSG_CLASSES`]).
        pub fn msgmask(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), debug::MSGMASK)
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_WOL_GET_REPLY` / `_NTF`: wake-on-LAN modes and SecureOn password.
    Wol, 4, header wol::HEADER, [reply_cmd::WOL_GET_REPLY, reply_cmd::WOL_NTF]
    {
        /// `MODES`: supported (mask) and enabled (value) modes.
        pub fn modes(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), wol::MODES)
        }

        /// `SOPASS`: the SecureOn password.
        pub fn sopass(&self) -> Option<&'a [u8]> {
            self.view().get(wol::SOPASS).map(|a| a.payload())
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_FEATURES_GET_REPLY` / `_SET_REPLY` / `_NTF`: netdev features.
    Features, 8, header features::HEADER,
    [reply_cmd::FEATURES_GET_REPLY, reply_cmd::FEATURES_SET_REPLY, reply_cmd::FEATURES_NTF]
    {
        /// `HW`: features the device can change.
        pub fn hw(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), features::HW)
        }

        /// `WANTED`: features the user asked for.
        pub fn wanted(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), features::WANTED)
        }

        /// `ACTIVE`: features in effect.
        pub fn active(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), features::ACTIVE)
        }

        /// `NOCHANGE`: features that cannot change.
        pub fn nochange(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), features::NOCHANGE)
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_PRIVFLAGS_GET_REPLY` / `_NTF`: driver private flags.
    PrivFlags, 4, header privflags::HEADER,
    [reply_cmd::PRIVFLAGS_GET_REPLY, reply_cmd::PRIVFLAGS_NTF]
    {
        /// `FLAGS`.
        pub fn flags(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), privflags::FLAGS)
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_RINGS_GET_REPLY` / `_NTF`: ring sizes.
    Rings, 20, header rings::HEADER, [reply_cmd::RINGS_GET_REPLY, reply_cmd::RINGS_NTF]
    {
        genl_getters! {
            /// `RX_MAX`.
            rx_max: rings::RX_MAX => u32 -> u32;
            /// `RX_MINI_MAX`.
            rx_mini_max: rings::RX_MINI_MAX => u32 -> u32;
            /// `RX_JUMBO_MAX`.
            rx_jumbo_max: rings::RX_JUMBO_MAX => u32 -> u32;
            /// `TX_MAX`.
            tx_max: rings::TX_MAX => u32 -> u32;
            /// `RX`.
            rx: rings::RX => u32 -> u32;
            /// `RX_MINI`.
            rx_mini: rings::RX_MINI => u32 -> u32;
            /// `RX_JUMBO`.
            rx_jumbo: rings::RX_JUMBO => u32 -> u32;
            /// `TX`.
            tx: rings::TX => u32 -> u32;
            /// `RX_BUF_LEN`.
            rx_buf_len: rings::RX_BUF_LEN => u32 -> u32;
            /// `TCP_DATA_SPLIT`.
            tcp_data_split: rings::TCP_DATA_SPLIT => u8 -> u8;
            /// `CQE_SIZE`.
            cqe_size: rings::CQE_SIZE => u32 -> u32;
            /// `TX_PUSH`.
            tx_push: rings::TX_PUSH => u8 -> u8;
            /// `RX_PUSH`.
            rx_push: rings::RX_PUSH => u8 -> u8;
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_CHANNELS_GET_REPLY` / `_NTF`: queue (channel) counts.
    Channels, 12, header channels::HEADER,
    [reply_cmd::CHANNELS_GET_REPLY, reply_cmd::CHANNELS_NTF]
    {
        genl_getters! {
            /// `RX_MAX`.
            rx_max: channels::RX_MAX => u32 -> u32;
            /// `TX_MAX`.
            tx_max: channels::TX_MAX => u32 -> u32;
            /// `OTHER_MAX`.
            other_max: channels::OTHER_MAX => u32 -> u32;
            /// `COMBINED_MAX`.
            combined_max: channels::COMBINED_MAX => u32 -> u32;
            /// `RX_COUNT`.
            rx_count: channels::RX_COUNT => u32 -> u32;
            /// `TX_COUNT`.
            tx_count: channels::TX_COUNT => u32 -> u32;
            /// `OTHER_COUNT`.
            other_count: channels::OTHER_COUNT => u32 -> u32;
            /// `COMBINED_COUNT`.
            combined_count: channels::COMBINED_COUNT => u32 -> u32;
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_COALESCE_GET_REPLY` / `_NTF`: interrupt coalescing.
    Coalesce, 32, header coalesce::HEADER,
    [reply_cmd::COALESCE_GET_REPLY, reply_cmd::COALESCE_NTF]
    {
        genl_getters! {
            /// `RX_USECS`.
            rx_usecs: coalesce::RX_USECS => u32 -> u32;
            /// `RX_MAX_FRAMES`.
            rx_max_frames: coalesce::RX_MAX_FRAMES => u32 -> u32;
            /// `RX_USECS_IRQ`.
            rx_usecs_irq: coalesce::RX_USECS_IRQ => u32 -> u32;
            /// `RX_MAX_FRAMES_IRQ`.
            rx_max_frames_irq: coalesce::RX_MAX_FRAMES_IRQ => u32 -> u32;
            /// `TX_USECS`.
            tx_usecs: coalesce::TX_USECS => u32 -> u32;
            /// `TX_MAX_FRAMES`.
            tx_max_frames: coalesce::TX_MAX_FRAMES => u32 -> u32;
            /// `TX_USECS_IRQ`.
            tx_usecs_irq: coalesce::TX_USECS_IRQ => u32 -> u32;
            /// `TX_MAX_FRAMES_IRQ`.
            tx_max_frames_irq: coalesce::TX_MAX_FRAMES_IRQ => u32 -> u32;
            /// `STATS_BLOCK_USECS`.
            stats_block_usecs: coalesce::STATS_BLOCK_USECS => u32 -> u32;
            /// `USE_ADAPTIVE_RX`.
            use_adaptive_rx: coalesce::USE_ADAPTIVE_RX => u8 -> u8;
            /// `USE_ADAPTIVE_TX`.
            use_adaptive_tx: coalesce::USE_ADAPTIVE_TX => u8 -> u8;
            /// `PKT_RATE_LOW`.
            pkt_rate_low: coalesce::PKT_RATE_LOW => u32 -> u32;
            /// `PKT_RATE_HIGH`.
            pkt_rate_high: coalesce::PKT_RATE_HIGH => u32 -> u32;
            /// `RATE_SAMPLE_INTERVAL`.
            rate_sample_interval: coalesce::RATE_SAMPLE_INTERVAL => u32 -> u32;
            /// `USE_CQE_MODE_TX`.
            use_cqe_mode_tx: coalesce::USE_CQE_MODE_TX => u8 -> u8;
            /// `USE_CQE_MODE_RX`.
            use_cqe_mode_rx: coalesce::USE_CQE_MODE_RX => u8 -> u8;
            /// `TX_AGGR_MAX_BYTES`.
            tx_aggr_max_bytes: coalesce::TX_AGGR_MAX_BYTES => u32 -> u32;
            /// `TX_AGGR_MAX_FRAMES`.
            tx_aggr_max_frames: coalesce::TX_AGGR_MAX_FRAMES => u32 -> u32;
            /// `TX_AGGR_TIME_USECS`.
            tx_aggr_time_usecs: coalesce::TX_AGGR_TIME_USECS => u32 -> u32;
        }
    }
}

/// `ETHTOOL_A_PAUSE_STATS`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PauseStats {
    /// Pause frames sent.
    pub tx_frames: Option<u64>,
    /// Pause frames received.
    pub rx_frames: Option<u64>,
}

ethtool_reply! {
    /// `ETHTOOL_MSG_PAUSE_GET_REPLY` / `_NTF`: flow control, with statistics when asked
    /// for (`ETHTOOL_FLAG_STATS`).
    Pause, 8, header pause::HEADER, [reply_cmd::PAUSE_GET_REPLY, reply_cmd::PAUSE_NTF]
    {
        genl_getters! {
            /// `AUTONEG`.
            autoneg: pause::AUTONEG => u8 -> u8;
            /// `RX`.
            rx: pause::RX => u8 -> u8;
            /// `TX`.
            tx: pause::TX => u8 -> u8;
            /// `STATS_SRC`.
            stats_src: pause::STATS_SRC => u32 -> u32;
        }

        /// `STATS`: pause frame counters.
        pub fn stats(&self) -> Result<Option<PauseStats>, DecodeError> {
            let Some(a) = self.view().get(pause::STATS) else {
                return Ok(None);
            };
            let mut out = PauseStats::default();
            for s in a.nested() {
                let s = s?;
                match s.kind() {
                    pause_stat::TX_FRAMES => out.tx_frames = Some(s.u64()?),
                    pause_stat::RX_FRAMES => out.rx_frames = Some(s.u64()?),
                    _ => {}
                }
            }
            Ok(Some(out))
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_EEE_GET_REPLY` / `_NTF`: Energy-Efficient Ethernet.
    Eee, 8, header eee::HEADER, [reply_cmd::EEE_GET_REPLY, reply_cmd::EEE_NTF]
    {
        genl_getters! {
            /// `ACTIVE`.
            active: eee::ACTIVE => u8 -> u8;
            /// `ENABLED`.
            enabled: eee::ENABLED => u8 -> u8;
            /// `TX_LPI_ENABLED`.
            tx_lpi_enabled: eee::TX_LPI_ENABLED => u8 -> u8;
            /// `TX_LPI_TIMER` in microseconds.
            tx_lpi_timer: eee::TX_LPI_TIMER => u32 -> u32;
        }

        /// `MODES_OURS`.
        pub fn modes_ours(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), eee::MODES_OURS)
        }

        /// `MODES_PEER`.
        pub fn modes_peer(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), eee::MODES_PEER)
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_TSINFO_GET_REPLY`: timestamping capabilities and PHC index.
    TsInfo, 8, header tsinfo::HEADER, [reply_cmd::TSINFO_GET_REPLY]
    {
        genl_getters! {
            /// `PHC_INDEX`: the PTP hardware clock (`/dev/ptpN`).
            phc_index: tsinfo::PHC_INDEX => u32 -> u32;
        }

        /// `TIMESTAMPING`: `SOF_TIMESTAMPING_*` capabilities.
        pub fn timestamping(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), tsinfo::TIMESTAMPING)
        }

        /// `TX_TYPES`.
        pub fn tx_types(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), tsinfo::TX_TYPES)
        }

        /// `RX_FILTERS`.
        pub fn rx_filters(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), tsinfo::RX_FILTERS)
        }
    }
}

/// One group of `ETHTOOL_A_STATS_GRP`: counters indexed by their position in the group's
/// string set.
#[derive(Clone, Copy, Debug)]
pub struct StatsGroup<'a> {
    /// `ID` ([`stats_group`]).
    pub id: Option<u32>,
    /// `SS_ID`: the string set naming the counters.
    pub ss_id: Option<u32>,
    stat: Option<Attr<'a>>,
}

impl<'a> StatsGroup<'a> {
    /// `(index, value)` of every counter.
    pub fn stats(&self) -> impl Iterator<Item = Result<(u16, u64), DecodeError>> + 'a {
        let attrs = self.stat.map(|a| a.nested()).into_iter().flatten();
        attrs.map(|a| {
            let a = a?;
            Ok((a.kind(), a.u64()?))
        })
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_STATS_GET_REPLY`: standard statistics groups.
    Stats, 8, header stats::HEADER, [reply_cmd::STATS_GET_REPLY]
    {
        genl_getters! {
            /// `SRC`: aggregate, eMAC or pMAC.
            src: stats::SRC => u32 -> u32;
        }

        /// Every `GRP`.
        pub fn groups(&self) -> impl Iterator<Item = Result<StatsGroup<'a>, DecodeError>> + 'a {
            self.view().attrs().of_kind(stats::GRP).map(|g| {
                let g = g?;
                let mut out = StatsGroup {
                    id: None,
                    ss_id: None,
                    stat: None,
                };
                for a in g.nested() {
                    let a = a?;
                    match a.kind() {
                        stats_grp::ID => out.id = Some(a.u32()?),
                        stats_grp::SS_ID => out.ss_id = Some(a.u32()?),
                        stats_grp::STAT => {
                            a.nested().validate()?;
                            out.stat = Some(a);
                        }
                        _ => {}
                    }
                }
                Ok(out)
            })
        }
    }
}

/// One string set of a `STRSET_GET` reply.
#[derive(Clone, Copy, Debug)]
pub struct StringSet<'a> {
    /// `ID` ([`string_set`]).
    pub id: u32,
    /// `COUNT`: the number of strings.
    pub count: Option<u32>,
    strings: Option<Attr<'a>>,
}

impl<'a> StringSet<'a> {
    /// `(index, string)` of every string.
    pub fn strings(&self) -> impl Iterator<Item = Result<(u32, &'a str), DecodeError>> + 'a {
        let all = self.strings.map(|a| a.nested()).into_iter().flatten();
        all.filter(|s| !matches!(s, Ok(a) if a.kind() != strings::STRING))
            .map(|s| {
                let s = s?;
                let mut idx = None;
                let mut val = None;
                for a in s.nested() {
                    let a = a?;
                    match a.kind() {
                        string::INDEX => idx = Some(a.u32()?),
                        string::VALUE => val = Some(a.str()?),
                        _ => {}
                    }
                }
                match (idx, val) {
                    (Some(i), Some(v)) => Ok((i, v)),
                    _ => Err(missing("string without index or value", s.offset())),
                }
            })
    }

    /// The string at `index`.
    pub fn get(&self, index: u32) -> Result<Option<&'a str>, DecodeError> {
        for s in self.strings() {
            let (i, v) = s?;
            if i == index {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_STRSET_GET_REPLY`: string sets (names of features, link modes,
    /// statistics, …).
    StrSet, 4, header strset::HEADER, [reply_cmd::STRSET_GET_REPLY]
    {
        /// Every string set.
        pub fn sets(&self) -> impl Iterator<Item = Result<StringSet<'a>, DecodeError>> + 'a {
            let all = self.view().get(strset::STRINGSETS).map(|a| a.nested());
            all.into_iter().flatten().map(|set| {
                let set = set?;
                let mut out = StringSet {
                    id: u32::MAX,
                    count: None,
                    strings: None,
                };
                for a in set.nested() {
                    let a = a?;
                    match a.kind() {
                        stringset::ID => out.id = a.u32()?,
                        stringset::COUNT => out.count = Some(a.u32()?),
                        stringset::STRINGS => {
                            a.nested().validate()?;
                            out.strings = Some(a);
                        }
                        _ => {}
                    }
                }
                if out.id == u32::MAX {
                    return Err(missing("string set without an id", set.offset()));
                }
                Ok(out)
            })
        }

        /// The string set `id`.
        pub fn set(&self, id: u32) -> Result<Option<StringSet<'a>>, DecodeError> {
            for s in self.sets() {
                let s = s?;
                if s.id == id {
                    return Ok(Some(s));
                }
            }
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Set requests (`ethtool -L/-G/-A/-K/-s/-C/--set-eee/--set-fec/--set-module`).

/// A setting of a typed set request: written when `Some`.
trait SetValue: Copy {
    /// Puts the value as attribute `kind`.
    fn put<B: Buffer + ?Sized>(self, b: &mut Builder<'_, B>, kind: u16) -> Result<(), EncodeError>;
}

impl SetValue for u32 {
    fn put<B: Buffer + ?Sized>(self, b: &mut Builder<'_, B>, kind: u16) -> Result<(), EncodeError> {
        b.put_u32(kind, self)
    }
}

impl SetValue for u8 {
    fn put<B: Buffer + ?Sized>(self, b: &mut Builder<'_, B>, kind: u16) -> Result<(), EncodeError> {
        b.put_u8(kind, self)
    }
}

/// ethtool's booleans are `u8` attributes holding 0 or 1.
impl SetValue for bool {
    fn put<B: Buffer + ?Sized>(self, b: &mut Builder<'_, B>, kind: u16) -> Result<(), EncodeError> {
        b.put_u8(kind, u8::from(self))
    }
}

/// Declares a configuration struct of optional settings and the writer of its set
/// request: every `Some` field becomes its attribute, in declaration order.
macro_rules! set_request {
    (
        $(#[$sm:meta])* $cfg:ident;
        $(#[$fm:meta])* $func:ident, $cmd:expr;
        { $($(#[$m:meta])* $field:ident: $t:ty => $attr:expr,)* }
    ) => {
        $(#[$sm])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $cfg {
            $($(#[$m])* pub $field: Option<$t>,)*
        }

        $(#[$fm])*
        pub fn $func<B: Buffer + ?Sized>(
            buf: &mut B,
            family: u16,
            seq: u32,
            dev: Dev<'_>,
            cfg: $cfg,
        ) -> Result<usize, EncodeError> {
            let mut b = request(buf, family, seq, $cmd, dev, 0)?;
            $(if let Some(v) = cfg.$field {
                SetValue::put(v, &mut b, $attr)?;
            })*
            Ok(b.finish())
        }
    };
}

set_request! {
    /// What [`channels_set_request`] changes (`ethtool -L`; `None`: unchanged).
    ChannelsConfig;
    /// Writes `ETHTOOL_MSG_CHANNELS_SET` (`ethtool -L DEV rx N tx N`).
    channels_set_request, cmd::CHANNELS_SET;
    {
        /// `RX_COUNT`.
        rx: u32 => channels::RX_COUNT,
        /// `TX_COUNT`.
        tx: u32 => channels::TX_COUNT,
        /// `OTHER_COUNT`.
        other: u32 => channels::OTHER_COUNT,
        /// `COMBINED_COUNT`.
        combined: u32 => channels::COMBINED_COUNT,
    }
}

set_request! {
    /// What [`rings_set_request`] changes (`ethtool -G`; `None`: unchanged).
    RingsConfig;
    /// Writes `ETHTOOL_MSG_RINGS_SET` (`ethtool -G DEV rx N tx N`).
    rings_set_request, cmd::RINGS_SET;
    {
        /// `RX`.
        rx: u32 => rings::RX,
        /// `RX_MINI`.
        rx_mini: u32 => rings::RX_MINI,
        /// `RX_JUMBO`.
        rx_jumbo: u32 => rings::RX_JUMBO,
        /// `TX`.
        tx: u32 => rings::TX,
        /// `RX_BUF_LEN`.
        rx_buf_len: u32 => rings::RX_BUF_LEN,
    }
}

set_request! {
    /// What [`pause_set_request`] changes (`ethtool -A`; `None`: unchanged).
    PauseConfig;
    /// Writes `ETHTOOL_MSG_PAUSE_SET` (`ethtool -A DEV autoneg on rx off`).
    pause_set_request, cmd::PAUSE_SET;
    {
        /// `AUTONEG`.
        autoneg: bool => pause::AUTONEG,
        /// `RX`.
        rx: bool => pause::RX,
        /// `TX`.
        tx: bool => pause::TX,
    }
}

set_request! {
    /// What [`eee_set_request`] changes (`ethtool --set-eee`; `None`: unchanged).
    EeeConfig;
    /// Writes `ETHTOOL_MSG_EEE_SET` (`ethtool --set-eee DEV eee on`).
    eee_set_request, cmd::EEE_SET;
    {
        /// `ENABLED`.
        enabled: bool => eee::ENABLED,
        /// `TX_LPI_ENABLED`.
        tx_lpi_enabled: bool => eee::TX_LPI_ENABLED,
        /// `TX_LPI_TIMER` in microseconds.
        tx_lpi_timer: u32 => eee::TX_LPI_TIMER,
    }
}

set_request! {
    /// What [`linkmodes_set_request`] changes (`ethtool -s`; `None`: unchanged).
    LinkModesConfig;
    /// Writes `ETHTOOL_MSG_LINKMODES_SET` (`ethtool -s DEV speed 1000 duplex full autoneg
    /// off`).
    linkmodes_set_request, cmd::LINKMODES_SET;
    {
        /// `AUTONEG`.
        autoneg: bool => linkmodes::AUTONEG,
        /// `SPEED` in Mb/s.
        speed: u32 => linkmodes::SPEED,
        /// `DUPLEX` ([`duplex`]).
        duplex: u8 => linkmodes::DUPLEX,
        /// `LANES`.
        lanes: u32 => linkmodes::LANES,
    }
}

set_request! {
    /// What [`coalesce_set_request`] changes (`ethtool -C`; `None`: unchanged).
    CoalesceConfig;
    /// Writes `ETHTOOL_MSG_COALESCE_SET` (`ethtool -C DEV rx-usecs 50 adaptive-rx on`).
    coalesce_set_request, cmd::COALESCE_SET;
    {
        /// `RX_USECS`.
        rx_usecs: u32 => coalesce::RX_USECS,
        /// `RX_MAX_FRAMES`.
        rx_max_frames: u32 => coalesce::RX_MAX_FRAMES,
        /// `TX_USECS`.
        tx_usecs: u32 => coalesce::TX_USECS,
        /// `TX_MAX_FRAMES`.
        tx_max_frames: u32 => coalesce::TX_MAX_FRAMES,
        /// `USE_ADAPTIVE_RX`.
        adaptive_rx: bool => coalesce::USE_ADAPTIVE_RX,
        /// `USE_ADAPTIVE_TX`.
        adaptive_tx: bool => coalesce::USE_ADAPTIVE_TX,
    }
}

/// Writes `ETHTOOL_MSG_FEATURES_SET` (`ethtool -K DEV tx-checksum-ip-generic off`):
/// `WANTED` changes only the named features (by their [`string_set::FEATURES`]
/// names). The reply (`FEATURES_SET_REPLY`, when the header asks for it) says what
/// could not be changed.
pub fn features_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    changes: &[(&str, bool)],
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::FEATURES_SET, dev, 0)?;
    b.nest(features::WANTED, |b| put_bit_changes(b, changes))?;
    Ok(b.finish())
}

/// Writes `ETHTOOL_MSG_DEBUG_SET` (`ethtool -s DEV msglvl NAME on`): changes the named
/// message classes ([`string_set::MSG_CLASSES`]).
pub fn debug_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    changes: &[(&str, bool)],
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::DEBUG_SET, dev, 0)?;
    b.nest(debug::MSGMASK, |b| put_bit_changes(b, changes))?;
    Ok(b.finish())
}

/// Writes `ETHTOOL_MSG_WOL_SET` (`ethtool -s DEV wol g`): changes the named modes
/// ([`string_set::WOL_MODES`]) and sets the SecureOn password when given.
pub fn wol_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    changes: &[(&str, bool)],
    sopass: Option<[u8; 6]>,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::WOL_SET, dev, 0)?;
    b.nest(wol::MODES, |b| put_bit_changes(b, changes))?;
    if let Some(p) = sopass {
        b.put_array(wol::SOPASS, p)?;
    }
    Ok(b.finish())
}

/// Writes `ETHTOOL_MSG_FEC_SET` (`ethtool --set-fec DEV encoding rs`): changes the named
/// FEC modes (link mode names such as `"FEC_RS"`), and automatic selection when given.
pub fn fec_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    changes: &[(&str, bool)],
    auto: Option<bool>,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::FEC_SET, dev, 0)?;
    if !changes.is_empty() {
        b.nest(fec::MODES, |b| put_bit_changes(b, changes))?;
    }
    if let Some(a) = auto {
        SetValue::put(a, &mut b, fec::AUTO)?;
    }
    Ok(b.finish())
}

/// `ETHTOOL_MODULE_POWER_MODE_*`: transceiver module power modes.
pub mod module_power {
    /// Low power.
    pub const LOW: u8 = 1;
    /// High power.
    pub const HIGH: u8 = 2;
    /// Policy: always high power.
    pub const POLICY_HIGH: u8 = 1;
    /// Policy: the host decides (link up or down).
    pub const POLICY_AUTO: u8 = 2;
}

/// Writes `ETHTOOL_MSG_MODULE_SET` (`ethtool --set-module DEV power-mode-policy auto`).
pub fn module_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    power_mode_policy: u8,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::MODULE_SET, dev, 0)?;
    b.put_u8(module::POWER_MODE_POLICY, power_mode_policy)?;
    Ok(b.finish())
}

/// Writes `ETHTOOL_MSG_RSS_GET` (`ethtool -x DEV [context N]`).
pub fn rss_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Dev<'_>,
    context: Option<u32>,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::RSS_GET, dev, 0)?;
    if let Some(c) = context {
        b.put_u32(rss::CONTEXT, c)?;
    }
    Ok(b.finish())
}

// ---------------------------------------------------------------------------------------
// Replies of the rarer commands.

/// `ETHTOOL_A_FEC_STATS`: corrected and uncorrectable block counters, each the total
/// followed by per-lane values.
#[derive(Clone, Copy, Debug)]
pub struct FecStats<'a> {
    corrected: Option<&'a [u8]>,
    uncorr: Option<&'a [u8]>,
    corr_bits: Option<&'a [u8]>,
}

/// Reads the first `u64` (the total) of a FEC counter array.
fn fec_total(bytes: Option<&[u8]>) -> Option<u64> {
    let b = bytes?.get(..8)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_ne_bytes(a))
}

impl FecStats<'_> {
    /// Corrected blocks (total over the lanes).
    pub fn corrected(&self) -> Option<u64> {
        fec_total(self.corrected)
    }

    /// Uncorrectable blocks (total).
    pub fn uncorrectable(&self) -> Option<u64> {
        fec_total(self.uncorr)
    }

    /// Corrected bits (total).
    pub fn corrected_bits(&self) -> Option<u64> {
        fec_total(self.corr_bits)
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_FEC_GET_REPLY` / `_NTF`: forward error correction modes.
    Fec, 8, header fec::HEADER, [reply_cmd::FEC_GET_REPLY, reply_cmd::FEC_NTF]
    {
        genl_getters! {
            /// `AUTO`: 1 when the mode follows autonegotiation.
            auto: fec::AUTO => u8 -> u8;
            /// `ACTIVE`: the active mode, as a link mode bit index.
            active: fec::ACTIVE => u32 -> u32;
        }

        /// `MODES`: the configured modes (link mode bits named `FEC_*`).
        pub fn modes(&self) -> Result<Option<Bitset<'a>>, DecodeError> {
            bitset_of(self.view(), fec::MODES)
        }

        /// `STATS` (with `ETHTOOL_FLAG_STATS`).
        pub fn stats(&self) -> Result<Option<FecStats<'a>>, DecodeError> {
            let Some(a) = self.view().get(fec::STATS) else {
                return Ok(None);
            };
            let mut s = FecStats { corrected: None, uncorr: None, corr_bits: None };
            for x in a.nested() {
                let x = x?;
                match x.kind() {
                    fec_stat::CORRECTED => s.corrected = Some(x.payload()),
                    fec_stat::UNCORR => s.uncorr = Some(x.payload()),
                    fec_stat::CORR_BITS => s.corr_bits = Some(x.payload()),
                    _ => {}
                }
            }
            Ok(Some(s))
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_MODULE_GET_REPLY` / `_NTF`: transceiver module power mode.
    Module, 4, header module::HEADER, [reply_cmd::MODULE_GET_REPLY, reply_cmd::MODULE_NTF]
    {
        genl_getters! {
            /// `POWER_MODE_POLICY` ([`module_power`]).
            power_mode_policy: module::POWER_MODE_POLICY => u8 -> u8;
            /// `POWER_MODE` ([`module_power`]).
            power_mode: module::POWER_MODE => u8 -> u8;
        }
    }
}

ethtool_reply! {
    /// `ETHTOOL_MSG_RSS_GET_REPLY`: receive-side scaling: hash function, indirection
    /// table and key.
    Rss, 8, header rss::HEADER, [reply_cmd::RSS_GET_REPLY]
    {
        genl_getters! {
            /// `CONTEXT`.
            context: rss::CONTEXT => u32 -> u32;
            /// `HFUNC`: the hash function, a bit of [`string_set::RSS_HASH_FUNCS`].
            hfunc: rss::HFUNC => u32 -> u32;
            /// `INPUT_XFRM`.
            input_xfrm: rss::INPUT_XFRM => u32 -> u32;
        }

        /// `INDIR`: the indirection table (queue per hash bucket).
        pub fn indir(&self) -> impl Iterator<Item = u32> + 'a {
            let bytes = self.view().get(rss::INDIR).map_or(&[][..], |a| a.payload());
            bytes.chunks_exact(4).map(|c| {
                let mut a = [0u8; 4];
                a.copy_from_slice(c);
                u32::from_ne_bytes(a)
            })
        }

        /// `HKEY`: the hash key.
        pub fn hkey(&self) -> Option<&'a [u8]> {
            self.view().get(rss::HKEY).map(|a| a.payload())
        }
    }
}
