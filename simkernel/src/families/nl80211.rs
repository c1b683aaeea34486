//! The `nl80211` generic netlink family (`net/wireless/nl80211.c`) with simulated radios:
//! wiphys, their interfaces (real devices of the simulated kernel, as `ip link` shows
//! them), the BSSes a scan finds and the stations an interface talks to, all configured
//! from Rust:
//!
//! ```
//! use nlwire_simkernel::Kernel;
//! use nlwire_simkernel::families::nl80211::{Bss, Nl80211, Station};
//!
//! let kernel = Kernel::new();
//! let wifi = Nl80211::new();
//! wifi.register(&kernel)?;
//! let phy = wifi.add_wiphy("phy0");
//! let wlan0 = wifi.add_interface(&kernel, kernel.initial_namespace(), phy, "wlan0")?;
//! wifi.add_bss(wlan0, Bss::new([2, 0, 0, 0, 0, 1], 2412, b"home"));
//! wifi.connect(wlan0, [2, 0, 0, 0, 0, 1]);
//! wifi.add_station(wlan0, Station::new([2, 0, 0, 0, 0, 1]));
//! let index = kernel.link_index(kernel.initial_namespace(), "wlan0");
//! assert_eq!(index, Some(wlan0.ifindex as i32));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Commands: `GET_WIPHY` (do by `WIPHY` or `IFINDEX`, dump, split dump with
//! `NL80211_ATTR_SPLIT_WIPHY_DUMP`: three messages per wiphy), `GET_INTERFACE` (do by
//! `IFINDEX`, dump, filtered by `WIPHY`), `GET_SCAN` (dump of the BSSes of an
//! interface), `TRIGGER_SCAN` (needs the interface up, else `ENETDOWN`; completes at
//! once: `TRIGGER_SCAN` then `NEW_SCAN_RESULTS` on the `scan` group), `GET_STATION` (do
//! by `MAC`, dump). Interface lookups fail as cfg80211's do: `EINVAL` without `IFINDEX`
//! (or `WIPHY`), `ENODEV` for a missing or non-wireless device.
//!
//! Not simulated: the many attributes of a real wiphy (bands, commands, interface
//! combinations), regulatory, connect/disconnect over netlink, `NEW_INTERFACE` and
//! `DEL_INTERFACE`; the family's `maxattr` is the codec's highest known attribute
//! (`NL80211_ATTR_MLO_LINKS`), not 6.18's.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard};

use nlwire_codec::genl::ctrl::op_flags;
use nlwire_codec::genl::families::nl80211::{
    self as fam, attr, bss, bss_status, cmd, iftype, rate_info, sta_info,
};
use nlwire_codec::{Attr, Builder, EncodeError, Message};

use crate::buf::VecBuf;
use crate::{AttrPolicy, Errno, FamilyDef, GenlCtx, GenlOp, Kernel, NsId};

/// A BSS a scan finds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bss {
    /// The BSSID.
    pub bssid: [u8; 6],
    /// The channel's frequency in MHz.
    pub frequency: u32,
    /// The signal in mBm (dBm × 100).
    pub signal_mbm: i32,
    /// The SSID (written as the first information element).
    pub ssid: Vec<u8>,
    /// The capability field (ESS, privacy, …).
    pub capability: u16,
    /// The beacon interval in TUs.
    pub beacon_interval: u16,
    /// The TSF.
    pub tsf: u64,
}

impl Bss {
    /// A BSS with signal -50 dBm, capability ESS | short slot (0x0401), beacon interval 100.
    pub fn new(bssid: [u8; 6], frequency: u32, ssid: &[u8]) -> Self {
        Self {
            bssid,
            frequency,
            signal_mbm: -5000,
            ssid: ssid.to_vec(),
            capability: 0x0401,
            beacon_interval: 100,
            tsf: 0,
        }
    }

    /// The information elements: the SSID, then the supported rates (1, 2, 5.5, 11,
    /// 6, 9, 12, 18 Mbit/s).
    pub fn ies(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.ssid.len() + 12);
        v.push(0);
        v.push(u8::try_from(self.ssid.len()).unwrap_or(u8::MAX));
        v.extend_from_slice(&self.ssid[..self.ssid.len().min(255)]);
        v.extend_from_slice(&[1, 8, 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
        v
    }
}

/// A wireless interface made by [`Nl80211::add_interface`]: its namespace and ifindex
/// (ifindexes are per namespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IfaceId {
    /// The namespace of its device.
    pub ns: NsId,
    /// Its ifindex there.
    pub ifindex: u32,
}

/// A transmit or receive rate of a station.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rate {
    /// In 100 kbit/s.
    pub bitrate: u32,
    /// The HT MCS index, if HT.
    pub mcs: Option<u8>,
    /// 40 MHz wide.
    pub width_40: bool,
    /// Short guard interval.
    pub short_gi: bool,
}

/// A station (the AP a managed interface is associated with, or a client of an AP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Station {
    /// Its MAC address.
    pub mac: [u8; 6],
    /// Signal in dBm.
    pub signal: i8,
    /// Average signal in dBm.
    pub signal_avg: i8,
    /// Bytes received from it.
    pub rx_bytes: u64,
    /// Bytes sent to it.
    pub tx_bytes: u64,
    /// Packets received from it.
    pub rx_packets: u32,
    /// Packets sent to it.
    pub tx_packets: u32,
    /// Retried transmissions.
    pub tx_retries: u32,
    /// Failed transmissions.
    pub tx_failed: u32,
    /// Milliseconds since it was last active.
    pub inactive_time: u32,
    /// Seconds since it connected.
    pub connected_time: u32,
    /// The last transmit rate.
    pub tx_bitrate: Rate,
    /// The last receive rate.
    pub rx_bitrate: Rate,
}

impl Station {
    /// A station with signal -45 dBm, 54 Mbit/s both ways and zero counters.
    pub fn new(mac: [u8; 6]) -> Self {
        let r = Rate {
            bitrate: 540,
            ..Rate::default()
        };
        Self {
            mac,
            signal: -45,
            signal_avg: -46,
            rx_bytes: 0,
            tx_bytes: 0,
            rx_packets: 0,
            tx_packets: 0,
            tx_retries: 0,
            tx_failed: 0,
            inactive_time: 0,
            connected_time: 0,
            tx_bitrate: r,
            rx_bitrate: r,
        }
    }
}

#[derive(Clone, Debug)]
struct Wiphy {
    index: u32,
    name: String,
    ns: NsId,
    frequencies: Vec<u32>,
    next_wdev: u32,
}

#[derive(Clone, Debug)]
struct Iface {
    ns: NsId,
    ifindex: u32,
    wiphy: u32,
    wdev: u64,
    iftype: u32,
    mac: [u8; 6],
    bsses: Vec<Bss>,
    connected: Option<[u8; 6]>,
    stations: Vec<Station>,
}

#[derive(Debug, Default)]
struct WifiState {
    wiphys: Vec<Wiphy>,
    ifaces: Vec<Iface>,
    /// `cfg80211_rdev_list_generation`.
    generation: u32,
    /// The BSS list generation (`rdev->bss_generation`).
    bss_generation: u32,
}

/// The simulated cfg80211: register it with [`Nl80211::register`], add radios and what
/// they see with [`Nl80211::add_wiphy`], [`Nl80211::add_interface`],
/// [`Nl80211::add_bss`], [`Nl80211::connect`] and [`Nl80211::add_station`].
#[derive(Clone, Debug, Default)]
pub struct Nl80211 {
    state: Arc<Mutex<WifiState>>,
}

/// 2.4 GHz channels 1–13 and 5 GHz channels 36–48.
const DEFAULT_FREQS: [u32; 17] = [
    2412, 2417, 2422, 2427, 2432, 2437, 2442, 2447, 2452, 2457, 2462, 2467, 2472, 5180, 5200, 5220,
    5240,
];

/// WLAN cipher suites: WEP-40, TKIP, CCMP-128, WEP-104, BIP-CMAC-128.
const CIPHERS: [u32; 5] = [
    0x000f_ac01,
    0x000f_ac02,
    0x000f_ac04,
    0x000f_ac05,
    0x000f_ac06,
];

impl Nl80211 {
    /// Empty: no wiphys.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, WifiState> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Registers the `nl80211` family (and its multicast groups `config`, `scan`,
    /// `regulatory`, `mlme`, `vendor`, `nan`, `testmode`) on `kernel`; returns its id.
    pub fn register(&self, kernel: &Kernel) -> io::Result<u16> {
        kernel.register_family(self.family())
    }

    /// The family definition, with handlers on this instance's state.
    pub fn family(&self) -> FamilyDef {
        let mut d = FamilyDef::new(fam::FAMILY_NAME, fam::VERSION).policy(policy());
        for g in fam::MCAST_GROUPS {
            d = d.mcast_group(g);
        }
        let (a, b, c, e, f, g, h, i) = (
            self.clone(),
            self.clone(),
            self.clone(),
            self.clone(),
            self.clone(),
            self.clone(),
            self.clone(),
            self.clone(),
        );
        d.op(GenlOp::new(cmd::GET_WIPHY)
            .doit(move |ctx, m| a.get_wiphy(ctx, m))
            .dumpit(move |ctx, m| b.get_wiphy(ctx, m)))
            .op(GenlOp::new(cmd::GET_INTERFACE)
                .doit(move |ctx, m| c.get_interface(ctx, m))
                .dumpit(move |ctx, m| e.get_interface(ctx, m)))
            .op(GenlOp::new(cmd::GET_STATION)
                .doit(move |ctx, m| f.get_station(ctx, m))
                .dumpit(move |ctx, m| g.get_station(ctx, m)))
            .op(GenlOp::new(cmd::GET_SCAN).dumpit(move |ctx, m| h.get_scan(ctx, m)))
            .op(GenlOp::new(cmd::TRIGGER_SCAN)
                .flags(op_flags::UNS_ADMIN_PERM)
                .doit(move |ctx, m| i.trigger_scan(ctx, m)))
    }

    /// Adds a wiphy (radio) named `name` in the initial namespace; returns its index.
    pub fn add_wiphy(&self, name: &str) -> u32 {
        self.add_wiphy_in(NsId(0), name)
    }

    /// Adds a wiphy named `name` in namespace `ns` (where its interfaces must be, as
    /// `iw phy X set netns` moves a wiphy with its interfaces); returns its index.
    pub fn add_wiphy_in(&self, ns: NsId, name: &str) -> u32 {
        let mut st = self.lock();
        let index = st.wiphys.iter().map(|w| w.index + 1).max().unwrap_or(0);
        st.wiphys.push(Wiphy {
            index,
            name: name.to_string(),
            ns,
            frequencies: DEFAULT_FREQS.to_vec(),
            next_wdev: 0,
        });
        st.generation += 1;
        index
    }

    /// Adds a managed (station) interface `name` on wiphy `wiphy`: a device of `ns`
    /// (announced with `RTM_NEWLINK`, down, with a locally administered MAC). Returns
    /// its id (namespace and ifindex). `ENODEV` for an unknown wiphy, `EINVAL` when `ns` is not the
    /// wiphy's namespace, `EEXIST` for a taken name.
    pub fn add_interface(
        &self,
        kernel: &Kernel,
        ns: NsId,
        wiphy: u32,
        name: &str,
    ) -> io::Result<IfaceId> {
        match self.lock().wiphys.iter().find(|w| w.index == wiphy) {
            None => return Err(Errno::ENODEV.to_io()),
            Some(w) if w.ns != ns => return Err(Errno::EINVAL.to_io()),
            Some(_) => {}
        }
        let idx = kernel.with(|st| crate::rtnl::link::add_kindless(st, ns.0, name))?;
        let mac = kernel
            .with(|st| {
                st.nss
                    .get(&ns.0)
                    .and_then(|n| n.links.get(&idx))
                    .and_then(|l| <[u8; 6]>::try_from(l.addr.as_slice()).ok())
            })
            .unwrap_or_default();
        let ifindex = u32::try_from(idx).map_err(|_| Errno::EINVAL.to_io())?;
        let mut st = self.lock();
        let w = st
            .wiphys
            .iter_mut()
            .find(|w| w.index == wiphy)
            .ok_or_else(|| Errno::ENODEV.to_io())?;
        w.next_wdev += 1;
        let wdev = (u64::from(wiphy) << 32) | u64::from(w.next_wdev);
        st.ifaces.push(Iface {
            ns,
            ifindex,
            wiphy,
            wdev,
            iftype: iftype::STATION,
            mac,
            bsses: Vec::new(),
            connected: None,
            stations: Vec::new(),
        });
        st.generation += 1;
        Ok(IfaceId { ns, ifindex })
    }

    fn with_iface<R>(&self, id: IfaceId, f: impl FnOnce(&mut Iface) -> R) -> Option<R> {
        let mut st = self.lock();
        st.bss_generation += 1;
        st.ifaces
            .iter_mut()
            .find(|i| i.ifindex == id.ifindex && i.ns == id.ns)
            .map(f)
    }

    /// Makes `bss` visible to scans on interface `iface` (replacing one with the same
    /// BSSID). `false` if there is no such interface.
    pub fn add_bss(&self, iface: IfaceId, bss: Bss) -> bool {
        self.with_iface(iface, |i| {
            i.bsses.retain(|b| b.bssid != bss.bssid);
            i.bsses.push(bss);
        })
        .is_some()
    }

    /// Associates interface `iface` with the BSS `bssid` (its scan result gets status
    /// associated, the interface reports the SSID). `false` if either is unknown.
    pub fn connect(&self, iface: IfaceId, bssid: [u8; 6]) -> bool {
        self.with_iface(iface, |i| {
            let known = i.bsses.iter().any(|b| b.bssid == bssid);
            if known {
                i.connected = Some(bssid);
            }
            known
        })
        .unwrap_or(false)
    }

    /// Adds (or replaces, by MAC) a station of interface `iface`. `false` if there
    /// is no such interface.
    pub fn add_station(&self, iface: IfaceId, sta: Station) -> bool {
        self.with_iface(iface, |i| {
            i.stations.retain(|s| s.mac != sta.mac);
            i.stations.push(sta);
        })
        .is_some()
    }

    /// `NL80211_CMD_GET_WIPHY`.
    fn get_wiphy(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = Tb::parse(&msg)?;
        let st = self.lock();
        let split = tb.get(attr::SPLIT_WIPHY_DUMP).is_some();
        let mut filter = None;
        if let Some(a) = tb.get(attr::WIPHY) {
            filter = Some(a.u32().map_err(|_| Errno::EINVAL)?);
        } else if let Some(a) = tb.get(attr::IFINDEX) {
            let i = a.u32().map_err(|_| Errno::EINVAL)?;
            let iface = find_iface(ctx, &st, i)?;
            filter = Some(iface.wiphy);
        }
        if !ctx.is_dump() {
            let Some(w) = filter else {
                return Err(Errno::EINVAL);
            };
            let w = st
                .wiphys
                .iter()
                .find(|x| x.index == w && x.ns == ctx.namespace())
                .ok_or(Errno::ENODEV)?;
            return ctx.reply(cmd::NEW_WIPHY, |b| write_wiphy(b, w, st.generation, None));
        }
        let ns = ctx.namespace();
        for w in st.wiphys.iter().filter(|w| w.ns == ns) {
            if filter.is_some_and(|f| f != w.index) {
                continue;
            }
            if split {
                for part in 0..3 {
                    ctx.reply(cmd::NEW_WIPHY, |b| {
                        write_wiphy(b, w, st.generation, Some(part))
                    })?;
                }
            } else {
                ctx.reply(cmd::NEW_WIPHY, |b| write_wiphy(b, w, st.generation, None))?;
            }
        }
        Ok(())
    }

    /// `NL80211_CMD_GET_INTERFACE`.
    fn get_interface(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = Tb::parse(&msg)?;
        let st = self.lock();
        if !ctx.is_dump() {
            let i = tb.get(attr::IFINDEX).ok_or(Errno::EINVAL)?;
            let i = i.u32().map_err(|_| Errno::EINVAL)?;
            let iface = find_iface(ctx, &st, i)?;
            let name = ifname(ctx, iface)?;
            return ctx.reply(cmd::NEW_INTERFACE, |b| {
                write_iface(b, iface, &name, st.generation)
            });
        }
        let filter = match tb.get(attr::WIPHY) {
            Some(a) => Some(a.u32().map_err(|_| Errno::EINVAL)?),
            None => None,
        };
        let ns = ctx.namespace();
        for w in st.wiphys.iter().filter(|w| w.ns == ns) {
            if filter.is_some_and(|f| f != w.index) {
                continue;
            }
            for iface in st.ifaces.iter().filter(|i| i.wiphy == w.index) {
                let Ok(name) = ifname(ctx, iface) else {
                    continue;
                };
                ctx.reply(cmd::NEW_INTERFACE, |b| {
                    write_iface(b, iface, &name, st.generation)
                })?;
            }
        }
        Ok(())
    }

    /// `NL80211_CMD_GET_SCAN`.
    fn get_scan(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = Tb::parse(&msg)?;
        let st = self.lock();
        let i = tb.get(attr::IFINDEX).ok_or(Errno::EINVAL)?;
        let iface = find_iface(ctx, &st, i.u32().map_err(|_| Errno::EINVAL)?)?;
        for b in &iface.bsses {
            let status = (iface.connected == Some(b.bssid)).then_some(bss_status::ASSOCIATED);
            ctx.reply(cmd::NEW_SCAN_RESULTS, |m| {
                m.put_u32(attr::GENERATION, st.bss_generation)?;
                m.put_u32(attr::IFINDEX, iface.ifindex)?;
                m.put_u64(attr::WDEV, iface.wdev)?;
                m.nest_noflag(attr::BSS, |m| {
                    m.put_mac(bss::BSSID, b.bssid)?;
                    m.put_u64(bss::TSF, b.tsf)?;
                    m.put(bss::INFORMATION_ELEMENTS, &b.ies())?;
                    m.put_u16(bss::BEACON_INTERVAL, b.beacon_interval)?;
                    m.put_u16(bss::CAPABILITY, b.capability)?;
                    m.put_u32(bss::FREQUENCY, b.frequency)?;
                    m.put_u32(bss::FREQUENCY_OFFSET, 0)?;
                    m.put_u32(bss::CHAN_WIDTH, 0)?;
                    m.put_u32(bss::SEEN_MS_AGO, 0)?;
                    m.put_u64(bss::LAST_SEEN_BOOTTIME, 0)?;
                    m.put_i32(bss::SIGNAL_MBM, b.signal_mbm)?;
                    if let Some(s) = status {
                        m.put_u32(bss::STATUS, s)?;
                    }
                    Ok(())
                })
            })?;
        }
        Ok(())
    }

    /// `NL80211_CMD_TRIGGER_SCAN`: the scan completes at once.
    fn trigger_scan(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = Tb::parse(&msg)?;
        let st = self.lock();
        let i = tb.get(attr::IFINDEX).ok_or(Errno::EINVAL)?;
        let iface = find_iface(ctx, &st, i.u32().map_err(|_| Errno::EINVAL)?)?;
        let up = i32::try_from(iface.ifindex)
            .ok()
            .and_then(|i| ctx.link(i))
            .is_some_and(|l| l.up);
        if !up {
            return Err(Errno::ENETDOWN);
        }
        let mut ssids: Vec<&[u8]> = Vec::new();
        if let Some(list) = tb.get(attr::SCAN_SSIDS) {
            for s in list.nested() {
                let s = s.map_err(|_| Errno::EINVAL)?;
                if s.payload().len() > 32 {
                    return Err(Errno::EINVAL);
                }
                ssids.push(s.payload());
            }
        }
        let freqs = st
            .wiphys
            .iter()
            .find(|w| w.index == iface.wiphy)
            .map(|w| w.frequencies.clone())
            .unwrap_or_default();
        let write = |m: &mut Builder<'_, VecBuf>| -> Result<(), EncodeError> {
            m.put_u32(attr::WIPHY, iface.wiphy)?;
            m.put_u32(attr::IFINDEX, iface.ifindex)?;
            m.put_u64(attr::WDEV, iface.wdev)?;
            m.nest_noflag(attr::SCAN_SSIDS, |m| {
                for (n, s) in ssids.iter().enumerate() {
                    m.put(u16::try_from(n).unwrap_or(u16::MAX), s)?;
                }
                Ok(())
            })?;
            m.nest_noflag(attr::SCAN_FREQUENCIES, |m| {
                for (n, f) in freqs.iter().enumerate() {
                    m.put_u32(u16::try_from(n).unwrap_or(u16::MAX), *f)?;
                }
                Ok(())
            })?;
            m.put_u32(attr::SCAN_FLAGS, 0)
        };
        ctx.notify(fam::mcgrp::SCAN, cmd::TRIGGER_SCAN, write)?;
        ctx.notify(fam::mcgrp::SCAN, cmd::NEW_SCAN_RESULTS, write)?;
        Ok(())
    }

    /// `NL80211_CMD_GET_STATION`.
    fn get_station(&self, ctx: &mut GenlCtx<'_>, msg: Message<'_>) -> Result<(), Errno> {
        let tb = Tb::parse(&msg)?;
        let st = self.lock();
        let i = tb.get(attr::IFINDEX).ok_or(Errno::EINVAL)?;
        let iface = find_iface(ctx, &st, i.u32().map_err(|_| Errno::EINVAL)?)?;
        let generation = st.generation;
        if !ctx.is_dump() {
            let mac = tb.get(attr::MAC).ok_or(Errno::EINVAL)?;
            let mac: [u8; 6] = mac.payload().try_into().map_err(|_| Errno::EINVAL)?;
            let s = iface
                .stations
                .iter()
                .find(|s| s.mac == mac)
                .ok_or(Errno::ENOENT)?;
            return ctx.reply(cmd::NEW_STATION, |b| write_station(b, iface, s, generation));
        }
        for s in &iface.stations {
            ctx.reply(cmd::NEW_STATION, |b| write_station(b, iface, s, generation))?;
        }
        Ok(())
    }
}

/// The attributes this simulation reads; the others are accepted as they come
/// (nl80211's old commands validate liberally).
fn policy() -> Vec<AttrPolicy> {
    let mut p = vec![AttrPolicy::binary(0); usize::from(attr::MLO_LINKS) + 1];
    p[0] = AttrPolicy::unspec();
    p[usize::from(attr::WIPHY)] = AttrPolicy::u32();
    p[usize::from(attr::IFINDEX)] = AttrPolicy::u32();
    p[usize::from(attr::IFNAME)] = AttrPolicy::nul_string(15);
    p[usize::from(attr::IFTYPE)] = AttrPolicy::u32();
    p[usize::from(attr::MAC)] = AttrPolicy::binary(6);
    p[usize::from(attr::SCAN_SSIDS)] = AttrPolicy::nested_any();
    p[usize::from(attr::SCAN_FREQUENCIES)] = AttrPolicy::nested_any();
    p[usize::from(attr::WDEV)] = AttrPolicy::u64();
    p[usize::from(attr::SPLIT_WIPHY_DUMP)] = AttrPolicy::flag();
    p
}

/// Attributes of a request by type.
struct Tb<'a>(Vec<Option<Attr<'a>>>);

impl<'a> Tb<'a> {
    fn parse(msg: &Message<'a>) -> Result<Self, Errno> {
        let attrs = msg
            .attrs(nlwire_codec::genl::GenlMsgHdr::LEN)
            .map_err(|_| Errno::EINVAL)?;
        let mut v: Vec<Option<Attr<'a>>> = vec![None; usize::from(attr::MLO_LINKS) + 1];
        for a in attrs {
            let a = a.map_err(|_| Errno::EINVAL)?;
            if let Some(slot) = v.get_mut(usize::from(a.kind())) {
                *slot = Some(a);
            }
        }
        Ok(Self(v))
    }

    fn get(&self, t: u16) -> Option<Attr<'a>> {
        self.0.get(usize::from(t)).copied().flatten()
    }
}

/// `__cfg80211_wdev_from_attrs` by ifindex: `ENODEV` unless it is a wireless interface
/// of the requester's namespace that still exists.
fn find_iface<'s>(ctx: &GenlCtx<'_>, st: &'s WifiState, ifindex: u32) -> Result<&'s Iface, Errno> {
    let iface = st
        .ifaces
        .iter()
        .find(|i| i.ifindex == ifindex && i.ns == ctx.namespace())
        .ok_or(Errno::ENODEV)?;
    ifname(ctx, iface)?;
    Ok(iface)
}

/// The interface's current name (it follows renames); `ENODEV` once it is deleted.
fn ifname(ctx: &GenlCtx<'_>, iface: &Iface) -> Result<String, Errno> {
    if iface.ns != ctx.namespace() {
        return Err(Errno::ENODEV);
    }
    let i = i32::try_from(iface.ifindex).map_err(|_| Errno::ENODEV)?;
    match ctx.link(i) {
        Some(l) if l.kind.is_none() => Ok(l.name),
        _ => Err(Errno::ENODEV),
    }
}

/// `nl80211_send_wiphy`; `part` selects one message of a split dump.
fn write_wiphy(
    b: &mut Builder<'_, VecBuf>,
    w: &Wiphy,
    generation: u32,
    part: Option<u8>,
) -> Result<(), EncodeError> {
    b.put_u32(attr::WIPHY, w.index)?;
    b.put_str(attr::WIPHY_NAME, &w.name)?;
    b.put_u32(attr::GENERATION, generation)?;
    if part.is_none_or(|p| p == 0) {
        b.put_u8(attr::WIPHY_RETRY_SHORT, 7)?;
        b.put_u8(attr::WIPHY_RETRY_LONG, 4)?;
        b.put_u32(attr::WIPHY_FRAG_THRESHOLD, u32::MAX)?;
        b.put_u32(attr::WIPHY_RTS_THRESHOLD, u32::MAX)?;
        b.put_u8(attr::MAX_NUM_SCAN_SSIDS, 4)?;
        b.put_u8(attr::MAX_NUM_SCHED_SCAN_SSIDS, 0)?;
        b.put_u16(attr::MAX_SCAN_IE_LEN, 2048)?;
        let mut c = Vec::with_capacity(CIPHERS.len() * 4);
        for s in CIPHERS {
            c.extend_from_slice(&s.to_ne_bytes());
        }
        b.put(attr::CIPHER_SUITES, &c)?;
        b.put_u32(attr::WIPHY_ANTENNA_TX, 0)?;
        b.put_u32(attr::WIPHY_ANTENNA_RX, 0)?;
    }
    if part.is_none_or(|p| p == 1) {
        b.nest_noflag(attr::SUPPORTED_IFTYPES, |b| {
            b.put_flag(u16::try_from(iftype::STATION).unwrap_or(0))?;
            b.put_flag(u16::try_from(iftype::AP).unwrap_or(0))?;
            b.put_flag(u16::try_from(iftype::MONITOR).unwrap_or(0))
        })?;
    }
    if part.is_none_or(|p| p == 2) {
        b.put_u32(attr::FEATURE_FLAGS, 0)?;
        b.put_u32(attr::MAX_REMAIN_ON_CHANNEL_DURATION, 5000)?;
    }
    Ok(())
}

/// `nl80211_send_iface`.
fn write_iface(
    b: &mut Builder<'_, VecBuf>,
    i: &Iface,
    name: &str,
    generation: u32,
) -> Result<(), EncodeError> {
    b.put_u32(attr::IFINDEX, i.ifindex)?;
    b.put_str(attr::IFNAME, name)?;
    b.put_u32(attr::IFTYPE, i.iftype)?;
    b.put_u32(attr::WIPHY, i.wiphy)?;
    b.put_u64(attr::WDEV, i.wdev)?;
    b.put_mac(attr::MAC, i.mac)?;
    b.put_u32(attr::GENERATION, generation)?;
    b.put_u8(attr::_4ADDR, 0)?;
    if let Some(bss) = i
        .connected
        .and_then(|c| i.bsses.iter().find(|b| b.bssid == c))
    {
        b.put_u32(attr::WIPHY_FREQ, bss.frequency)?;
        b.put_u32(attr::WIPHY_FREQ_OFFSET, 0)?;
        b.put_u32(attr::CHANNEL_WIDTH, fam::chan_width::_20_NOHT)?;
        b.put_u32(attr::CENTER_FREQ1, bss.frequency)?;
        b.put_u32(attr::WIPHY_TX_POWER_LEVEL, 2000)?;
        b.put(attr::SSID, &bss.ssid)?;
    }
    Ok(())
}

fn write_rate(b: &mut Builder<'_, VecBuf>, kind: u16, r: &Rate) -> Result<(), EncodeError> {
    b.nest_noflag(kind, |b| {
        b.put_u32(rate_info::BITRATE32, r.bitrate)?;
        if let Ok(v) = u16::try_from(r.bitrate) {
            b.put_u16(rate_info::BITRATE, v)?;
        }
        if let Some(m) = r.mcs {
            b.put_u8(rate_info::MCS, m)?;
        }
        if r.width_40 {
            b.put_flag(rate_info::_40_MHZ_WIDTH)?;
        }
        if r.short_gi {
            b.put_flag(rate_info::SHORT_GI)?;
        }
        Ok(())
    })
}

/// `nl80211_send_station`.
fn write_station(
    b: &mut Builder<'_, VecBuf>,
    i: &Iface,
    s: &Station,
    generation: u32,
) -> Result<(), EncodeError> {
    b.put_u32(attr::IFINDEX, i.ifindex)?;
    b.put_mac(attr::MAC, s.mac)?;
    b.put_u32(attr::GENERATION, generation)?;
    b.nest_noflag(attr::STA_INFO, |b| {
        b.put_u32(sta_info::CONNECTED_TIME, s.connected_time)?;
        b.put_u32(sta_info::INACTIVE_TIME, s.inactive_time)?;
        b.put_u32(
            sta_info::RX_BYTES,
            u32::try_from(s.rx_bytes).unwrap_or(u32::MAX),
        )?;
        b.put_u32(
            sta_info::TX_BYTES,
            u32::try_from(s.tx_bytes).unwrap_or(u32::MAX),
        )?;
        b.put_u64(sta_info::RX_BYTES64, s.rx_bytes)?;
        b.put_u64(sta_info::TX_BYTES64, s.tx_bytes)?;
        b.put_i8(sta_info::SIGNAL, s.signal)?;
        b.put_i8(sta_info::SIGNAL_AVG, s.signal_avg)?;
        write_rate(b, sta_info::TX_BITRATE, &s.tx_bitrate)?;
        write_rate(b, sta_info::RX_BITRATE, &s.rx_bitrate)?;
        b.put_u32(sta_info::RX_PACKETS, s.rx_packets)?;
        b.put_u32(sta_info::TX_PACKETS, s.tx_packets)?;
        b.put_u32(sta_info::TX_RETRIES, s.tx_retries)?;
        b.put_u32(sta_info::TX_FAILED, s.tx_failed)
    })
}
