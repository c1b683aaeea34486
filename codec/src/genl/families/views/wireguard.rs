//! WireGuard: device and peer configuration (`wg show` / `wg set`).
//!
//! `WG_CMD_GET_DEVICE` is a dump of one device: a device with many peers comes in several
//! messages, each repeating the device's attributes with the next peers.
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr, SocketAddr};
//! use nlwire_codec::genl::families::views::wireguard::{self as wg, AllowedIp, DeviceConfig, PeerConfig, WgDev};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let ips = [AllowedIp { addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 0)), cidr: 24 }];
//! let peers = [PeerConfig {
//!     public_key: [7; 32],
//!     endpoint: Some(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 51820)),
//!     allowed_ips: &ips,
//!     ..PeerConfig::default()
//! }];
//! let cfg = DeviceConfig { listen_port: Some(51820), peers: &peers, ..DeviceConfig::default() };
//! let mut storage = [0u8; 256];
//! let mut buf = SliceBuf::new(&mut storage);
//! wg::set_device_request(&mut buf, 25, 1, WgDev::Name("wg0"), &cfg)?;
//! // A set request parses with the same view as the kernel's replies.
//! let m = Messages::new(buf.as_slice()).next().unwrap()?;
//! let dev = wg::DeviceMsg::parse(&m)?;
//! assert_eq!(dev.ifname()?, Some("wg0"));
//! let peer = dev.peers().next().unwrap()?;
//! assert_eq!(peer.endpoint()?, Some(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 51820)));
//! assert_eq!(peer.allowed_ips().next().unwrap()?, ips[0]);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

use crate::attr::{Attr, AttrTable};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::genl::families::wireguard::{self as fam, cmd, wgallowedip, wgdevice, wgpeer};
use crate::writer::{Buffer, Builder};

use super::{genl_getters, genl_view};

/// `AF_INET`.
const AF_INET: u16 = 2;
/// `AF_INET6`.
const AF_INET6: u16 = 10;

/// The device a request is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WgDev<'n> {
    /// By interface index.
    Index(u32),
    /// By name.
    Name(&'n str),
}

fn put_dev<B: Buffer + ?Sized>(b: &mut Builder<'_, B>, dev: WgDev<'_>) -> Result<(), EncodeError> {
    match dev {
        WgDev::Index(i) => b.put_u32(wgdevice::IFINDEX, i),
        WgDev::Name(n) => b.put_str(wgdevice::IFNAME, n),
    }
}

/// Writes `WG_CMD_GET_DEVICE` (a dump) for one device.
pub fn get_device_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: WgDev<'_>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::GET_DEVICE, fam::VERSION, true)?;
    put_dev(&mut b, dev)?;
    Ok(b.finish())
}

/// An allowed IP range of a peer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllowedIp {
    /// The network address.
    pub addr: IpAddr,
    /// The prefix length.
    pub cidr: u8,
}

/// A peer to add or change in [`set_device_request`].
#[derive(Clone, Copy, Debug, Default)]
pub struct PeerConfig<'c> {
    /// The peer's public key (identifies it).
    pub public_key: [u8; 32],
    /// A preshared key (all zeros removes it).
    pub preshared_key: Option<[u8; 32]>,
    /// `WGPEER_F_*` ([`fam::wgpeer_flag`]).
    pub flags: u32,
    /// Its endpoint.
    pub endpoint: Option<SocketAddr>,
    /// Persistent keepalive interval in seconds (0 turns it off).
    pub persistent_keepalive: Option<u16>,
    /// Allowed IPs to add (or to set, with `REPLACE_ALLOWEDIPS`).
    pub allowed_ips: &'c [AllowedIp],
}

/// What [`set_device_request`] changes; `None` fields are left as they are.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeviceConfig<'c> {
    /// The private key (all zeros removes it).
    pub private_key: Option<[u8; 32]>,
    /// `WGDEVICE_F_*` ([`fam::wgdevice_flag`]).
    pub flags: u32,
    /// The UDP listen port (0: random).
    pub listen_port: Option<u16>,
    /// The firewall mark (0 removes it).
    pub fwmark: Option<u32>,
    /// Peers to add or change.
    pub peers: &'c [PeerConfig<'c>],
}

/// Writes an endpoint as the kernel expects it: a `struct sockaddr_in` or `sockaddr_in6`.
pub fn put_endpoint<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    kind: u16,
    ep: SocketAddr,
) -> Result<(), EncodeError> {
    match ep {
        SocketAddr::V4(a) => b.put_parts(
            kind,
            &[
                &AF_INET.to_ne_bytes(),
                &a.port().to_be_bytes(),
                &a.ip().octets(),
                &[0; 8],
            ],
        ),
        SocketAddr::V6(a) => b.put_parts(
            kind,
            &[
                &AF_INET6.to_ne_bytes(),
                &a.port().to_be_bytes(),
                &a.flowinfo().to_be_bytes(),
                &a.ip().octets(),
                &a.scope_id().to_ne_bytes(),
            ],
        ),
    }
}

/// Writes the peers of `cfg` as `WGDEVICE_A_PEERS`.
fn put_peers<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    peers: &[PeerConfig<'_>],
) -> Result<(), EncodeError> {
    b.nest(wgdevice::PEERS, |b| {
        for p in peers {
            b.nest(0, |b| {
                b.put(wgpeer::PUBLIC_KEY, &p.public_key)?;
                if let Some(k) = p.preshared_key {
                    b.put(wgpeer::PRESHARED_KEY, &k)?;
                }
                if p.flags != 0 {
                    b.put_u32(wgpeer::FLAGS, p.flags)?;
                }
                if let Some(ep) = p.endpoint {
                    put_endpoint(b, wgpeer::ENDPOINT, ep)?;
                }
                if let Some(k) = p.persistent_keepalive {
                    b.put_u16(wgpeer::PERSISTENT_KEEPALIVE_INTERVAL, k)?;
                }
                if !p.allowed_ips.is_empty() {
                    b.nest(wgpeer::ALLOWEDIPS, |b| {
                        for ip in p.allowed_ips {
                            b.nest(0, |b| {
                                let fam = if ip.addr.is_ipv4() { AF_INET } else { AF_INET6 };
                                b.put_u16(wgallowedip::FAMILY, fam)?;
                                b.put_ip(wgallowedip::IPADDR, ip.addr)?;
                                b.put_u8(wgallowedip::CIDR_MASK, ip.cidr)
                            })?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })
}

/// Writes `WG_CMD_SET_DEVICE` (with `NLM_F_ACK`) applying `cfg` to `dev`.
pub fn set_device_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: WgDev<'_>,
    cfg: &DeviceConfig<'_>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::SET_DEVICE, fam::VERSION, false)?;
    put_dev(&mut b, dev)?;
    if let Some(k) = cfg.private_key {
        b.put(wgdevice::PRIVATE_KEY, &k)?;
    }
    if cfg.flags != 0 {
        b.put_u32(wgdevice::FLAGS, cfg.flags)?;
    }
    if let Some(p) = cfg.listen_port {
        b.put_u16(wgdevice::LISTEN_PORT, p)?;
    }
    if let Some(m) = cfg.fwmark {
        b.put_u32(wgdevice::FWMARK, m)?;
    }
    if !cfg.peers.is_empty() {
        put_peers(&mut b, cfg.peers)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// A device (one message of a `WG_CMD_GET_DEVICE` dump, or a set request).
    DeviceMsg,
    10,
    fam::FAMILY_NAME,
    [cmd::GET_DEVICE, cmd::SET_DEVICE]
);

fn key(a: Option<Attr<'_>>) -> Result<Option<[u8; 32]>, DecodeError> {
    a.map(|a| a.read::<[u8; 32]>()).transpose()
}

impl<'a> DeviceMsg<'a> {
    genl_getters! {
        /// `IFINDEX`.
        ifindex: wgdevice::IFINDEX => u32 -> u32;
        /// `IFNAME`.
        ifname: wgdevice::IFNAME => str -> &str;
        /// `LISTEN_PORT`.
        listen_port: wgdevice::LISTEN_PORT => u16 -> u16;
        /// `FWMARK`.
        fwmark: wgdevice::FWMARK => u32 -> u32;
        /// `FLAGS`.
        flags: wgdevice::FLAGS => u32 -> u32;
    }

    /// `PRIVATE_KEY` (sent only to `CAP_NET_ADMIN`).
    pub fn private_key(&self) -> Result<Option<[u8; 32]>, DecodeError> {
        key(self.view().get(wgdevice::PRIVATE_KEY))
    }

    /// `PUBLIC_KEY`.
    pub fn public_key(&self) -> Result<Option<[u8; 32]>, DecodeError> {
        key(self.view().get(wgdevice::PUBLIC_KEY))
    }

    /// The peers in this message.
    pub fn peers(&self) -> impl Iterator<Item = Result<Peer<'a>, DecodeError>> + 'a {
        let list = self.view().get(wgdevice::PEERS).map(|a| a.nested());
        list.into_iter()
            .flatten()
            .map(|p| p.and_then(|p| Peer::parse(&p)))
    }
}

/// One peer of a [`DeviceMsg`].
#[derive(Clone, Copy, Debug)]
pub struct Peer<'a> {
    tb: AttrTable<'a, 11>,
}

impl<'a> Peer<'a> {
    /// Views a peer nest.
    pub fn parse(a: &Attr<'a>) -> Result<Self, DecodeError> {
        Ok(Self {
            tb: AttrTable::parse(a.nested())?,
        })
    }

    fn view(&self) -> &Self {
        self
    }

    fn get(&self, kind: u16) -> Option<Attr<'a>> {
        self.tb.get(kind)
    }

    genl_getters! {
        /// `FLAGS`.
        flags: wgpeer::FLAGS => u32 -> u32;
        /// `PERSISTENT_KEEPALIVE_INTERVAL` in seconds.
        persistent_keepalive: wgpeer::PERSISTENT_KEEPALIVE_INTERVAL => u16 -> u16;
        /// `RX_BYTES`.
        rx_bytes: wgpeer::RX_BYTES => u64 -> u64;
        /// `TX_BYTES`.
        tx_bytes: wgpeer::TX_BYTES => u64 -> u64;
        /// `PROTOCOL_VERSION`.
        protocol_version: wgpeer::PROTOCOL_VERSION => u32 -> u32;
    }

    /// `PUBLIC_KEY`.
    pub fn public_key(&self) -> Result<Option<[u8; 32]>, DecodeError> {
        key(self.tb.get(wgpeer::PUBLIC_KEY))
    }

    /// `PRESHARED_KEY`.
    pub fn preshared_key(&self) -> Result<Option<[u8; 32]>, DecodeError> {
        key(self.tb.get(wgpeer::PRESHARED_KEY))
    }

    /// `ENDPOINT`, from its `sockaddr_in` or `sockaddr_in6`.
    pub fn endpoint(&self) -> Result<Option<SocketAddr>, DecodeError> {
        self.tb
            .get(wgpeer::ENDPOINT)
            .map(|a| sockaddr(&a))
            .transpose()
    }

    /// `LAST_HANDSHAKE_TIME` as `(seconds, nanoseconds)` since the epoch (0 when never).
    pub fn last_handshake(&self) -> Result<Option<(i64, i64)>, DecodeError> {
        self.tb
            .get(wgpeer::LAST_HANDSHAKE_TIME)
            .map(|a| {
                let t = a.read::<[[u8; 8]; 2]>()?;
                Ok((i64::from_ne_bytes(t[0]), i64::from_ne_bytes(t[1])))
            })
            .transpose()
    }

    /// `ALLOWEDIPS`.
    pub fn allowed_ips(&self) -> impl Iterator<Item = Result<AllowedIp, DecodeError>> + 'a {
        let list = self.tb.get(wgpeer::ALLOWEDIPS).map(|a| a.nested());
        list.into_iter().flatten().map(|ip| {
            let ip = ip?;
            let (mut addr, mut cidr) = (None, None);
            for a in ip.nested() {
                let a = a?;
                match a.kind() {
                    wgallowedip::IPADDR => addr = Some(a.ip()?),
                    wgallowedip::CIDR_MASK => cidr = Some(a.u8()?),
                    _ => {}
                }
            }
            match (addr, cidr) {
                (Some(addr), Some(cidr)) => Ok(AllowedIp { addr, cidr }),
                _ => Err(super::missing(
                    "allowed IP without address or mask",
                    ip.offset(),
                )),
            }
        })
    }
}

/// Decodes a `struct sockaddr_in` / `sockaddr_in6` payload.
pub fn sockaddr(a: &Attr<'_>) -> Result<SocketAddr, DecodeError> {
    let p = a.payload();
    let bad = || {
        DecodeError::new(
            DecodeErrorKind::AttrPayload {
                kind: a.kind(),
                expected: "sockaddr_in or sockaddr_in6",
                needed: 16,
                got: p.len(),
            },
            a.offset(),
        )
    };
    let fam = p.get(..2).map(|b| u16::from_ne_bytes([b[0], b[1]]));
    let port = p.get(2..4).map(|b| u16::from_be_bytes([b[0], b[1]]));
    match (fam, port) {
        (Some(AF_INET), Some(port)) => {
            let ip: [u8; 4] = p
                .get(4..8)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(bad)?;
            Ok(SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::from(ip), port)))
        }
        (Some(AF_INET6), Some(port)) => {
            let flow: [u8; 4] = p
                .get(4..8)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(bad)?;
            let ip: [u8; 16] = p
                .get(8..24)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(bad)?;
            let scope: [u8; 4] = p
                .get(24..28)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(bad)?;
            Ok(SocketAddr::V6(SocketAddrV6::new(
                Ipv6Addr::from(ip),
                port,
                u32::from_be_bytes(flow),
                u32::from_ne_bytes(scope),
            )))
        }
        _ => Err(bad()),
    }
}
