//! nl80211 (cfg80211): what `iw dev`, `iw phy`, `iw dev DEV scan dump` and `iw dev DEV
//! station dump` read: interfaces, wiphy basics, scan results (BSSes with their
//! information elements) and stations (signal, byte counters, bitrates).

use core::fmt;

use crate::attr::{Attr, AttrTable, Attrs};
use crate::error::{DecodeError, EncodeError};
use crate::genl::families::nl80211::{self as fam, attr, bss, cmd, rate_info, sta_info};
use crate::writer::Buffer;

use super::{genl_getters, genl_view};

/// Writes `NL80211_CMD_GET_INTERFACE` for interface `ifindex`, or a dump of every
/// interface when `None`.
pub fn get_interface_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    ifindex: Option<u32>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(
        buf,
        family,
        seq,
        cmd::GET_INTERFACE,
        fam::VERSION,
        ifindex.is_none(),
    )?;
    if let Some(i) = ifindex {
        b.put_u32(attr::IFINDEX, i)?;
    }
    Ok(b.finish())
}

/// Writes `NL80211_CMD_GET_WIPHY` for wiphy `wiphy`, or a dump of every wiphy when
/// `None`. `split` asks for the whole description, split over several messages
/// (`NL80211_ATTR_SPLIT_WIPHY_DUMP`, as `iw phy` does).
pub fn get_wiphy_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    wiphy: Option<u32>,
    split: bool,
) -> Result<usize, EncodeError> {
    let mut b = super::start(
        buf,
        family,
        seq,
        cmd::GET_WIPHY,
        fam::VERSION,
        wiphy.is_none(),
    )?;
    if let Some(w) = wiphy {
        b.put_u32(attr::WIPHY, w)?;
    }
    if split {
        b.put_flag(attr::SPLIT_WIPHY_DUMP)?;
    }
    Ok(b.finish())
}

/// Writes a `NL80211_CMD_GET_SCAN` dump of the scan results of interface `ifindex`.
pub fn get_scan_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    ifindex: u32,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::GET_SCAN, fam::VERSION, true)?;
    b.put_u32(attr::IFINDEX, ifindex)?;
    Ok(b.finish())
}

/// Writes `NL80211_CMD_TRIGGER_SCAN` on interface `ifindex`, for the SSIDs `ssids`
/// (none: a passive scan; one empty SSID: a wildcard active scan).
pub fn trigger_scan_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    ifindex: u32,
    ssids: &[&[u8]],
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::TRIGGER_SCAN, fam::VERSION, false)?;
    b.put_u32(attr::IFINDEX, ifindex)?;
    if !ssids.is_empty() {
        b.nest(attr::SCAN_SSIDS, |b| {
            for (i, s) in ssids.iter().enumerate() {
                b.put(u16::try_from(i).unwrap_or(u16::MAX), s)?;
            }
            Ok(())
        })?;
    }
    Ok(b.finish())
}

/// Writes `NL80211_CMD_GET_STATION` for station `mac` on interface `ifindex`, or a dump
/// of the interface's stations when `None`.
pub fn get_station_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    ifindex: u32,
    mac: Option<[u8; 6]>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(
        buf,
        family,
        seq,
        cmd::GET_STATION,
        fam::VERSION,
        mac.is_none(),
    )?;
    b.put_u32(attr::IFINDEX, ifindex)?;
    if let Some(m) = mac {
        b.put_mac(attr::MAC, m)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// An interface (`NL80211_CMD_NEW_INTERFACE`: the reply to `GET_INTERFACE`).
    Interface,
    8,
    fam::FAMILY_NAME,
    [cmd::NEW_INTERFACE, cmd::SET_INTERFACE, cmd::DEL_INTERFACE]
);

impl Interface<'_> {
    genl_getters! {
        /// `IFINDEX`.
        ifindex: attr::IFINDEX => u32 -> u32;
        /// `IFNAME`.
        ifname: attr::IFNAME => str -> &str;
        /// `IFTYPE` ([`fam::iftype`]).
        iftype: attr::IFTYPE => u32 -> u32;
        /// `WIPHY`: the wiphy (phy) index.
        wiphy: attr::WIPHY => u32 -> u32;
        /// `MAC`.
        mac: attr::MAC => mac -> [u8; 6];
        /// `WDEV`: the wireless device id.
        wdev: attr::WDEV => u64 -> u64;
        /// `GENERATION`.
        generation: attr::GENERATION => u32 -> u32;
        /// `WIPHY_FREQ`: the operating channel's frequency in MHz.
        wiphy_freq: attr::WIPHY_FREQ => u32 -> u32;
        /// `CHANNEL_WIDTH` ([`fam::chan_width`]).
        channel_width: attr::CHANNEL_WIDTH => u32 -> u32;
        /// `CENTER_FREQ1`.
        center_freq1: attr::CENTER_FREQ1 => u32 -> u32;
        /// `WIPHY_TX_POWER_LEVEL` in mBm.
        tx_power_level: attr::WIPHY_TX_POWER_LEVEL => u32 -> u32;
        /// `4ADDR`.
        four_addr: attr::_4ADDR => u8 -> u8;
    }

    /// `SSID` (of an AP or an associated station).
    pub fn ssid(&self) -> Option<&[u8]> {
        self.view().get(attr::SSID).map(|a| a.payload())
    }
}

genl_view!(
    /// A wiphy (`NL80211_CMD_NEW_WIPHY`: the reply to `GET_WIPHY`; a split dump sends
    /// several per wiphy).
    Wiphy,
    8,
    fam::FAMILY_NAME,
    [cmd::NEW_WIPHY, cmd::SET_WIPHY, cmd::DEL_WIPHY]
);

impl<'a> Wiphy<'a> {
    genl_getters! {
        /// `WIPHY`: the index.
        index: attr::WIPHY => u32 -> u32;
        /// `WIPHY_NAME` (`"phy0"`).
        name: attr::WIPHY_NAME => str -> &str;
        /// `GENERATION`.
        generation: attr::GENERATION => u32 -> u32;
        /// `MAX_NUM_SCAN_SSIDS`.
        max_scan_ssids: attr::MAX_NUM_SCAN_SSIDS => u8 -> u8;
        /// `MAX_SCAN_IE_LEN`.
        max_scan_ie_len: attr::MAX_SCAN_IE_LEN => u16 -> u16;
        /// `WIPHY_RETRY_SHORT`.
        retry_short: attr::WIPHY_RETRY_SHORT => u8 -> u8;
        /// `WIPHY_RETRY_LONG`.
        retry_long: attr::WIPHY_RETRY_LONG => u8 -> u8;
        /// `WIPHY_FRAG_THRESHOLD`.
        frag_threshold: attr::WIPHY_FRAG_THRESHOLD => u32 -> u32;
        /// `WIPHY_RTS_THRESHOLD`.
        rts_threshold: attr::WIPHY_RTS_THRESHOLD => u32 -> u32;
        /// `WIPHY_ANTENNA_TX`.
        antenna_tx: attr::WIPHY_ANTENNA_TX => u32 -> u32;
        /// `WIPHY_ANTENNA_RX`.
        antenna_rx: attr::WIPHY_ANTENNA_RX => u32 -> u32;
        /// `FEATURE_FLAGS`.
        feature_flags: attr::FEATURE_FLAGS => u32 -> u32;
    }

    /// `SUPPORTED_IFTYPES`: the interface types ([`fam::iftype`]) the wiphy supports.
    pub fn supported_iftypes(&self) -> impl Iterator<Item = Result<u16, DecodeError>> + 'a {
        let list = self.view().get(attr::SUPPORTED_IFTYPES).map(|a| a.nested());
        list.into_iter().flatten().map(|a| a.map(|a| a.kind()))
    }

    /// `CIPHER_SUITES`: the supported cipher suite selectors.
    pub fn cipher_suites(&self) -> impl Iterator<Item = u32> + 'a {
        let bytes = self
            .view()
            .get(attr::CIPHER_SUITES)
            .map_or(&[][..], |a| a.payload());
        bytes
            .chunks_exact(4)
            .map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
    }
}

/// One information element of a BSS's beacon or probe response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ie<'a> {
    /// Element id (0: SSID, 1: supported rates, 3: DS parameter set, 48: RSN, …).
    pub id: u8,
    /// Element contents.
    pub data: &'a [u8],
}

/// `WLAN_EID_SSID`.
pub const EID_SSID: u8 = 0;

/// Iterator over information elements (`id`, `len`, `data`); an element that runs past
/// the end is an error (once), with its offset in the bytes given to [`Ies::new`] plus
/// the base offset.
#[derive(Clone, Debug)]
pub struct Ies<'a> {
    bytes: &'a [u8],
    pos: usize,
    base: usize,
    failed: bool,
}

impl<'a> Ies<'a> {
    /// Iterates over the elements in `bytes`, which sit at byte `base` of a message.
    pub fn new(bytes: &'a [u8], base: usize) -> Self {
        Self {
            bytes,
            pos: 0,
            base,
            failed: false,
        }
    }

    /// The contents of the first SSID element.
    pub fn ssid(self) -> Result<Option<&'a [u8]>, DecodeError> {
        for ie in self {
            let ie = ie?;
            if ie.id == EID_SSID {
                return Ok(Some(ie.data));
            }
        }
        Ok(None)
    }
}

impl<'a> Iterator for Ies<'a> {
    type Item = Result<Ie<'a>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.bytes.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let offset = self.base.saturating_add(self.pos);
        let (id, len) = match rest {
            [id, len, ..] => (*id, usize::from(*len)),
            _ => {
                self.failed = true;
                return Some(Err(DecodeError::truncated(
                    "information element",
                    2,
                    rest.len(),
                    offset,
                )));
            }
        };
        match rest.get(2..2 + len) {
            Some(data) => {
                self.pos = self.pos.saturating_add(2 + len);
                Some(Ok(Ie { id, data }))
            }
            None => {
                self.failed = true;
                Some(Err(DecodeError::truncated(
                    "information element",
                    2 + len,
                    rest.len(),
                    offset,
                )))
            }
        }
    }
}

/// `SSID` bytes shown as text where printable, `\xNN` elsewhere (as `iw` prints them).
#[derive(Clone, Copy, Debug)]
pub struct SsidDisplay<'a>(pub &'a [u8]);

impl fmt::Display for SsidDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

/// A BSS of a scan result (`NL80211_ATTR_BSS`).
#[derive(Clone, Copy, Debug)]
pub struct Bss<'a> {
    tb: AttrTable<'a, 25>,
}

impl<'a> Bss<'a> {
    /// Decodes the contents of a `NL80211_ATTR_BSS` nest.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            tb: AttrTable::parse(attrs)?,
        })
    }

    fn view(&self) -> &AttrTable<'a, 25> {
        &self.tb
    }

    genl_getters! {
        /// `BSSID`.
        bssid: bss::BSSID => mac -> [u8; 6];
        /// `FREQUENCY` in MHz.
        frequency: bss::FREQUENCY => u32 -> u32;
        /// `TSF`.
        tsf: bss::TSF => u64 -> u64;
        /// `BEACON_INTERVAL` in TUs.
        beacon_interval: bss::BEACON_INTERVAL => u16 -> u16;
        /// `CAPABILITY`.
        capability: bss::CAPABILITY => u16 -> u16;
        /// `SIGNAL_MBM`: signal strength in mBm (dBm × 100).
        signal_mbm: bss::SIGNAL_MBM => i32 -> i32;
        /// `SIGNAL_UNSPEC`: signal strength 0..100.
        signal_unspec: bss::SIGNAL_UNSPEC => u8 -> u8;
        /// `STATUS` ([`fam::bss_status`]): associated, authenticated…
        status: bss::STATUS => u32 -> u32;
        /// `SEEN_MS_AGO`.
        seen_ms_ago: bss::SEEN_MS_AGO => u32 -> u32;
        /// `LAST_SEEN_BOOTTIME` in ns.
        last_seen_boottime: bss::LAST_SEEN_BOOTTIME => u64 -> u64;
    }

    /// `INFORMATION_ELEMENTS` (from the last probe response or beacon).
    pub fn ies(&self) -> Ies<'a> {
        match self.tb.get(bss::INFORMATION_ELEMENTS) {
            Some(a) => Ies::new(a.payload(), a.payload_offset()),
            None => Ies::new(&[], 0),
        }
    }

    /// `BEACON_IES`.
    pub fn beacon_ies(&self) -> Ies<'a> {
        match self.tb.get(bss::BEACON_IES) {
            Some(a) => Ies::new(a.payload(), a.payload_offset()),
            None => Ies::new(&[], 0),
        }
    }

    /// The SSID from the information elements (then the beacon's).
    pub fn ssid(&self) -> Result<Option<&'a [u8]>, DecodeError> {
        match self.ies().ssid()? {
            Some(s) => Ok(Some(s)),
            None => self.beacon_ies().ssid(),
        }
    }
}

genl_view!(
    /// One scan result (`NL80211_CMD_NEW_SCAN_RESULTS` of a `GET_SCAN` dump).
    ScanResult,
    8,
    fam::FAMILY_NAME,
    [cmd::NEW_SCAN_RESULTS]
);

impl<'a> ScanResult<'a> {
    genl_getters! {
        /// `IFINDEX`.
        ifindex: attr::IFINDEX => u32 -> u32;
        /// `WDEV`.
        wdev: attr::WDEV => u64 -> u64;
        /// `GENERATION`.
        generation: attr::GENERATION => u32 -> u32;
    }

    /// `BSS`.
    pub fn bss(&self) -> Result<Option<Bss<'a>>, DecodeError> {
        self.view()
            .get(attr::BSS)
            .map(|a| Bss::parse(a.nested()))
            .transpose()
    }
}

/// `NL80211_RATE_INFO_*`: a transmit or receive rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateInfo {
    /// Bitrate in 100 kbit/s (`BITRATE32`, else `BITRATE`).
    pub bitrate: Option<u32>,
    /// `MCS` (HT).
    pub mcs: Option<u8>,
    /// `VHT_MCS`.
    pub vht_mcs: Option<u8>,
    /// `VHT_NSS`.
    pub vht_nss: Option<u8>,
    /// `HE_MCS`.
    pub he_mcs: Option<u8>,
    /// `HE_NSS`.
    pub he_nss: Option<u8>,
    /// `EHT_MCS`.
    pub eht_mcs: Option<u8>,
    /// `EHT_NSS`.
    pub eht_nss: Option<u8>,
    /// `SHORT_GI`.
    pub short_gi: bool,
    /// Channel width in MHz from the `*_MHZ_WIDTH` flags (20 when none is set).
    pub width_mhz: u16,
}

impl RateInfo {
    /// Decodes a rate-info nest's contents.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut r = Self {
            width_mhz: 20,
            ..Self::default()
        };
        let mut b16 = None;
        for a in attrs {
            let a = a?;
            match a.kind() {
                rate_info::BITRATE => b16 = Some(u32::from(a.u16()?)),
                rate_info::BITRATE32 => r.bitrate = Some(a.u32()?),
                rate_info::MCS => r.mcs = Some(a.u8()?),
                rate_info::VHT_MCS => r.vht_mcs = Some(a.u8()?),
                rate_info::VHT_NSS => r.vht_nss = Some(a.u8()?),
                rate_info::HE_MCS => r.he_mcs = Some(a.u8()?),
                rate_info::HE_NSS => r.he_nss = Some(a.u8()?),
                rate_info::EHT_MCS => r.eht_mcs = Some(a.u8()?),
                rate_info::EHT_NSS => r.eht_nss = Some(a.u8()?),
                rate_info::SHORT_GI => r.short_gi = true,
                rate_info::_40_MHZ_WIDTH => r.width_mhz = 40,
                rate_info::_80_MHZ_WIDTH | rate_info::_80P80_MHZ_WIDTH => r.width_mhz = 80,
                rate_info::_160_MHZ_WIDTH => r.width_mhz = 160,
                rate_info::_320_MHZ_WIDTH => r.width_mhz = 320,
                rate_info::_10_MHZ_WIDTH => r.width_mhz = 10,
                rate_info::_5_MHZ_WIDTH => r.width_mhz = 5,
                _ => {}
            }
        }
        if r.bitrate.is_none() {
            r.bitrate = b16;
        }
        Ok(r)
    }
}

/// `NL80211_STA_INFO_*`: one station's statistics.
#[derive(Clone, Copy, Debug)]
pub struct StaInfo<'a> {
    tb: AttrTable<'a, 44>,
}

impl<'a> StaInfo<'a> {
    /// Decodes a `NL80211_ATTR_STA_INFO` nest's contents.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            tb: AttrTable::parse(attrs)?,
        })
    }

    fn view(&self) -> &AttrTable<'a, 44> {
        &self.tb
    }

    genl_getters! {
        /// `INACTIVE_TIME` in ms.
        inactive_time: sta_info::INACTIVE_TIME => u32 -> u32;
        /// `SIGNAL` in dBm.
        signal: sta_info::SIGNAL => i8 -> i8;
        /// `SIGNAL_AVG` in dBm.
        signal_avg: sta_info::SIGNAL_AVG => i8 -> i8;
        /// `RX_PACKETS`.
        rx_packets: sta_info::RX_PACKETS => u32 -> u32;
        /// `TX_PACKETS`.
        tx_packets: sta_info::TX_PACKETS => u32 -> u32;
        /// `TX_RETRIES`.
        tx_retries: sta_info::TX_RETRIES => u32 -> u32;
        /// `TX_FAILED`.
        tx_failed: sta_info::TX_FAILED => u32 -> u32;
        /// `CONNECTED_TIME` in seconds.
        connected_time: sta_info::CONNECTED_TIME => u32 -> u32;
        /// `BEACON_LOSS`.
        beacon_loss: sta_info::BEACON_LOSS => u32 -> u32;
        /// `EXPECTED_THROUGHPUT` in kbit/s.
        expected_throughput: sta_info::EXPECTED_THROUGHPUT => u32 -> u32;
    }

    fn bytes(&self, b64: u16, b32: u16) -> Result<Option<u64>, DecodeError> {
        if let Some(a) = self.tb.get(b64) {
            return a.u64().map(Some);
        }
        self.tb.get(b32).map(|a| a.u32().map(u64::from)).transpose()
    }

    /// Received bytes (`RX_BYTES64`, else the 32-bit `RX_BYTES`).
    pub fn rx_bytes(&self) -> Result<Option<u64>, DecodeError> {
        self.bytes(sta_info::RX_BYTES64, sta_info::RX_BYTES)
    }

    /// Sent bytes (`TX_BYTES64`, else `TX_BYTES`).
    pub fn tx_bytes(&self) -> Result<Option<u64>, DecodeError> {
        self.bytes(sta_info::TX_BYTES64, sta_info::TX_BYTES)
    }

    /// `TX_BITRATE`.
    pub fn tx_bitrate(&self) -> Result<Option<RateInfo>, DecodeError> {
        rate(self.tb.get(sta_info::TX_BITRATE))
    }

    /// `RX_BITRATE`.
    pub fn rx_bitrate(&self) -> Result<Option<RateInfo>, DecodeError> {
        rate(self.tb.get(sta_info::RX_BITRATE))
    }
}

fn rate(a: Option<Attr<'_>>) -> Result<Option<RateInfo>, DecodeError> {
    a.map(|a| RateInfo::parse(a.nested())).transpose()
}

genl_view!(
    /// A station (`NL80211_CMD_NEW_STATION`: the reply to `GET_STATION`).
    Station,
    8,
    fam::FAMILY_NAME,
    [cmd::NEW_STATION]
);

impl<'a> Station<'a> {
    genl_getters! {
        /// `IFINDEX`.
        ifindex: attr::IFINDEX => u32 -> u32;
        /// `MAC`: the station's address.
        mac: attr::MAC => mac -> [u8; 6];
        /// `GENERATION`.
        generation: attr::GENERATION => u32 -> u32;
    }

    /// `STA_INFO`.
    pub fn info(&self) -> Result<Option<StaInfo<'a>>, DecodeError> {
        self.view()
            .get(attr::STA_INFO)
            .map(|a| StaInfo::parse(a.nested()))
            .transpose()
    }
}
