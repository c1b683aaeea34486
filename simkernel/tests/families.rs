//! The simulated `wireguard` and `nl80211` families, driven through the codec's typed
//! writers and views and through nlwire-sys's `GenlClient` over a `SimSocket`. Every
//! reply is checked to dissect with no unknown or malformed attribute.

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use common::*;
use nlwire_codec::desc::Dissector;
use nlwire_codec::genl::families::views::nl80211 as nlv;
use nlwire_codec::genl::families::views::wireguard::{
    self as wgv, AllowedIp, DeviceConfig, PeerConfig, WgDev,
};
use nlwire_codec::genl::families::{self, nl80211, wireguard};
use nlwire_codec::genl::{self, GenlMsgHdr};
use nlwire_codec::rtnl::link::{LinkMsg, arphrd, iff};
use nlwire_codec::{Flags, Message, Protocol, Transport};
use nlwire_simkernel::families::nl80211::{Bss, Rate, Station};
use nlwire_simkernel::families::wireguard::MESSAGE_LIMIT;
use nlwire_simkernel::families::{Nl80211, WireGuard};
use nlwire_simkernel::{Kernel, SimSocket};
use nlwire_sys::{Client, GenlClient};

/// `sys/examples/wifi_interfaces.rs`, whose `interfaces` is generic over the transport.
#[allow(dead_code)]
#[path = "../../sys/examples/wifi_interfaces.rs"]
mod wifi_interfaces;

const EBADR: i32 = 53;
const ENODEV: i32 = 19;
const EINVAL: i32 = 22;
const ENOENT: i32 = 2;
const EOPNOTSUPP: i32 = 95;
const EPFNOSUPPORT: i32 = 96;
const ERANGE: i32 = 34;
const ENETDOWN: i32 = 100;

/// Asserts that `m` (a message of `family` from the kernel) dissects with typed
/// attributes only.
fn assert_typed(family: &str, m: &Message<'_>) {
    let f = families::by_name(family).expect("known family");
    let (hdr, attrs) = genl::header_with(m, 0).expect("genl header");
    let set = (f.attr_set)(hdr.cmd, true).expect("attribute set of the command");
    let s = Dissector::count(attrs, set);
    assert_eq!(
        (s.unknown, s.malformed),
        (0, 0),
        "{}",
        families::dissect(family, m)
    );
    assert!(s.typed > 0);
}

fn genl_client(k: &Kernel) -> GenlClient<SimSocket> {
    let mut s = k.socket(Protocol::GENERIC).unwrap();
    s.set_ext_ack(true).unwrap();
    GenlClient::new(Client::new(s))
}

/// A kernel with `wg0` (wireguard), `d0` (dummy) and the wireguard family.
fn wg_kernel() -> (Kernel, WireGuard, i32) {
    let k = Kernel::new();
    let wg = WireGuard::new();
    wg.register(&k).unwrap();
    let mut rt = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut rt, &create(1, "wg0", "wireguard", None));
    ok(&mut rt, &create(2, "d0", "dummy", None));
    let idx = k.link_index(k.initial_namespace(), "wg0").unwrap();
    (k, wg, idx)
}

/// The messages of a `WG_CMD_GET_DEVICE` dump of `dev`, each checked to be typed.
fn wg_dump(c: &mut GenlClient<SimSocket>, dev: WgDev<'_>) -> Result<Vec<Vec<u8>>, i32> {
    let id = c.family_id("wireguard").unwrap();
    let mut out = Vec::new();
    c.client()
        .dump(
            |b, seq| wgv::get_device_request(b, id, seq, dev),
            |m| {
                assert_typed("wireguard", &m);
                out.push(m.bytes().to_vec());
                Ok(())
            },
        )
        .map_err(|e| e.errno().unwrap_or(-1))?;
    Ok(out)
}

fn wg_set(
    c: &mut GenlClient<SimSocket>,
    dev: WgDev<'_>,
    cfg: &DeviceConfig<'_>,
) -> Result<(), i32> {
    let id = c.family_id("wireguard").unwrap();
    c.client()
        .request_ack(|b, seq| wgv::set_device_request(b, id, seq, dev, cfg))
        .map_err(|e| e.errno().unwrap_or(-1))
}

fn hex32(s: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    k
}

#[test]
fn wireguard_link_kind_shows_in_link_dumps() {
    let (k, _wg, idx) = wg_kernel();
    let mut rt = k.socket(Protocol::ROUTE).unwrap();
    rt.send(&build(|b| {
        nlwire_codec::rtnl::link::get_request(b, 9, idx, None).unwrap();
    }))
    .unwrap();
    let d = drain(&mut rt);
    let ms = messages(&d);
    let l = LinkMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(l.name().unwrap(), Some("wg0"));
    assert_eq!(l.link_type(), arphrd::NONE);
    assert_eq!(
        l.flags() & (iff::POINTOPOINT | iff::NOARP),
        iff::POINTOPOINT | iff::NOARP
    );
    assert_eq!(l.mtu().unwrap(), Some(1420));
    assert_eq!(l.address(), None);
    let info = l.link_info().unwrap().expect("IFLA_LINKINFO");
    assert_eq!(info.kind, Some("wireguard"));
}

#[test]
fn wireguard_lookup_errors_match_the_module() {
    let (k, _wg, idx) = wg_kernel();
    let mut c = genl_client(&k);
    assert_eq!(wg_dump(&mut c, WgDev::Name("nope")).unwrap_err(), ENODEV);
    assert_eq!(wg_dump(&mut c, WgDev::Index(999)).unwrap_err(), ENODEV);
    assert_eq!(wg_dump(&mut c, WgDev::Name("d0")).unwrap_err(), EOPNOTSUPP);
    assert_eq!(wg_dump(&mut c, WgDev::Name("lo")).unwrap_err(), EOPNOTSUPP);
    let cfg = DeviceConfig::default();
    assert_eq!(
        wg_set(&mut c, WgDev::Name("d0"), &cfg).unwrap_err(),
        EOPNOTSUPP
    );
    // Neither or both of ifindex and ifname: EBADR.
    let id = c.family_id("wireguard").unwrap();
    let r = c.client().dump(
        |b, seq| genl::message(b, id, Flags::REQUEST | Flags::DUMP, seq, 0, 1).map(|m| m.finish()),
        |_| Ok(()),
    );
    assert_eq!(r.unwrap_err().errno(), Some(EBADR));
    let r = c.client().request_ack(|b, seq| {
        let mut m = genl::message(b, id, Flags::REQUEST, seq, 1, 1)?;
        m.put_u32(wireguard::wgdevice::IFINDEX, idx as u32)?;
        m.put_str(wireguard::wgdevice::IFNAME, "wg0")?;
        Ok(m.finish())
    });
    assert_eq!(r.unwrap_err().errno(), Some(EBADR));
    // Unknown device flags.
    let cfg = DeviceConfig {
        flags: 2,
        ..DeviceConfig::default()
    };
    assert_eq!(
        wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap_err(),
        EOPNOTSUPP
    );
    // A fresh device: one message, no keys, no peers.
    let ms = wg_dump(&mut c, WgDev::Index(idx as u32)).unwrap();
    assert_eq!(ms.len(), 1);
    let d = wgv::DeviceMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(d.ifindex().unwrap(), Some(idx as u32));
    assert_eq!(d.ifname().unwrap(), Some("wg0"));
    assert_eq!(d.listen_port().unwrap(), Some(0));
    assert_eq!(d.fwmark().unwrap(), Some(0));
    assert_eq!(d.private_key().unwrap(), None);
    assert_eq!(d.peers().count(), 0);
}

#[test]
fn wireguard_set_then_get_round_trips() {
    let (k, wg, idx) = wg_kernel();
    let mut c = genl_client(&k);
    // RFC 7748 6.1: Alice's private key and its public key.
    let private = hex32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    let public = hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    let ep4 = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 51820);
    let ep6 = SocketAddr::new(
        IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
        443,
    );
    let ips_a = [
        AllowedIp {
            addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 5)),
            cidr: 24,
        },
        AllowedIp {
            addr: IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 7)),
            cidr: 64,
        },
    ];
    let ips_b = [AllowedIp {
        addr: IpAddr::V4(Ipv4Addr::new(10, 9, 0, 0)),
        cidr: 16,
    }];
    let peers = [
        PeerConfig {
            public_key: [0xa; 32],
            preshared_key: Some([0x55; 32]),
            endpoint: Some(ep4),
            persistent_keepalive: Some(25),
            allowed_ips: &ips_a,
            ..PeerConfig::default()
        },
        PeerConfig {
            public_key: [0xb; 32],
            endpoint: Some(ep6),
            allowed_ips: &ips_b,
            ..PeerConfig::default()
        },
        // The device's own public key: ignored silently.
        PeerConfig {
            public_key: public,
            ..PeerConfig::default()
        },
    ];
    let cfg = DeviceConfig {
        private_key: Some(private),
        listen_port: Some(51820),
        fwmark: Some(0x42),
        peers: &peers,
        ..DeviceConfig::default()
    };
    wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap();
    assert_eq!(wg.public_key(k.initial_namespace(), idx), Some(public));
    let ms = wg_dump(&mut c, WgDev::Name("wg0")).unwrap();
    assert_eq!(ms.len(), 1);
    let d = wgv::DeviceMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(d.public_key().unwrap(), Some(public));
    let mut clamped = private;
    clamped[0] &= 248;
    clamped[31] = (clamped[31] & 127) | 64;
    assert_eq!(d.private_key().unwrap(), Some(clamped));
    assert_eq!(d.listen_port().unwrap(), Some(51820));
    assert_eq!(d.fwmark().unwrap(), Some(0x42));
    let got: Vec<_> = d.peers().map(|p| p.unwrap()).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].public_key().unwrap(), Some([0xa; 32]));
    assert_eq!(got[0].preshared_key().unwrap(), Some([0x55; 32]));
    assert_eq!(got[0].endpoint().unwrap(), Some(ep4));
    assert_eq!(got[0].persistent_keepalive().unwrap(), Some(25));
    assert_eq!(got[0].protocol_version().unwrap(), Some(1));
    assert_eq!(got[0].last_handshake().unwrap(), Some((0, 0)));
    let a: Vec<_> = got[0].allowed_ips().map(|x| x.unwrap()).collect();
    // Stored as networks: the host bits are cleared.
    assert_eq!(
        a,
        [
            AllowedIp {
                addr: IpAddr::V4(Ipv4Addr::new(10, 0, 0, 0)),
                cidr: 24
            },
            AllowedIp {
                addr: IpAddr::V6(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 0)),
                cidr: 64
            }
        ]
    );
    assert_eq!(got[1].endpoint().unwrap(), Some(ep6));
    assert_eq!(got[1].preshared_key().unwrap(), Some([0; 32]));

    // 10.9.0.0/16 moves to peer a; peer b's list is replaced; update-only of an
    // unknown peer creates nothing.
    let moved = [ips_b[0]];
    let new_b = [AllowedIp {
        addr: IpAddr::V4(Ipv4Addr::new(172, 16, 0, 0)),
        cidr: 12,
    }];
    let peers = [
        PeerConfig {
            public_key: [0xa; 32],
            allowed_ips: &moved,
            ..PeerConfig::default()
        },
        PeerConfig {
            public_key: [0xb; 32],
            flags: wireguard::wgpeer_flag::REPLACE_ALLOWEDIPS,
            allowed_ips: &new_b,
            ..PeerConfig::default()
        },
        PeerConfig {
            public_key: [0xc; 32],
            flags: wireguard::wgpeer_flag::UPDATE_ONLY,
            ..PeerConfig::default()
        },
    ];
    let cfg = DeviceConfig {
        peers: &peers,
        ..DeviceConfig::default()
    };
    wg_set(&mut c, WgDev::Index(idx as u32), &cfg).unwrap();
    let ms = wg_dump(&mut c, WgDev::Name("wg0")).unwrap();
    let d = wgv::DeviceMsg::parse(&msg(&ms[0])).unwrap();
    let got: Vec<_> = d.peers().map(|p| p.unwrap()).collect();
    assert_eq!(got.len(), 2);
    let a: Vec<_> = got[0].allowed_ips().map(|x| x.unwrap().cidr).collect();
    assert_eq!(a, [24, 64, 16]);
    let b: Vec<_> = got[1].allowed_ips().map(|x| x.unwrap()).collect();
    assert_eq!(b, new_b);
    // The settings not given are kept.
    assert_eq!(d.listen_port().unwrap(), Some(51820));

    // Remove peer a; then replace all peers with c.
    let peers = [PeerConfig {
        public_key: [0xa; 32],
        flags: wireguard::wgpeer_flag::REMOVE_ME,
        ..PeerConfig::default()
    }];
    let cfg = DeviceConfig {
        peers: &peers,
        ..DeviceConfig::default()
    };
    wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap();
    assert_eq!(wg.peer_count(k.initial_namespace(), idx), 1);
    let peers = [PeerConfig {
        public_key: [0xc; 32],
        ..PeerConfig::default()
    }];
    let cfg = DeviceConfig {
        flags: wireguard::wgdevice_flag::REPLACE_PEERS,
        peers: &peers,
        ..DeviceConfig::default()
    };
    wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap();
    let ms = wg_dump(&mut c, WgDev::Name("wg0")).unwrap();
    let d = wgv::DeviceMsg::parse(&msg(&ms[0])).unwrap();
    let keys: Vec<_> = d
        .peers()
        .map(|p| p.unwrap().public_key().unwrap())
        .collect();
    assert_eq!(keys, [Some([0xc; 32])]);

    // An all-zero private key removes the identity.
    let cfg = DeviceConfig {
        private_key: Some([0; 32]),
        ..DeviceConfig::default()
    };
    wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap();
    let ms = wg_dump(&mut c, WgDev::Name("wg0")).unwrap();
    let d = wgv::DeviceMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(
        (d.private_key().unwrap(), d.public_key().unwrap()),
        (None, None)
    );
}

#[test]
fn wireguard_peer_errors() {
    let (k, _wg, _idx) = wg_kernel();
    let mut c = genl_client(&k);
    let id = c.family_id("wireguard").unwrap();
    // peer: a closure writing one peer nest's contents.
    let mut set_raw = |peer: &dyn Fn(
        &mut nlwire_codec::Builder<'_, nlwire_sys::MsgBuf>,
    ) -> Result<(), nlwire_codec::EncodeError>| {
        c.client()
            .request_ack(|b, seq| {
                let mut m = genl::message(b, id, Flags::REQUEST, seq, 1, 1)?;
                m.put_str(wireguard::wgdevice::IFNAME, "wg0")?;
                m.nest(wireguard::wgdevice::PEERS, |m| m.nest(0, |m| peer(m)))?;
                Ok(m.finish())
            })
            .map_err(|e| e.errno().unwrap_or(-1))
    };
    // No public key.
    assert_eq!(
        set_raw(&|m| m.put_u16(wireguard::wgpeer::PERSISTENT_KEEPALIVE_INTERVAL, 1)),
        Err(EINVAL)
    );
    // Protocol version 2.
    assert_eq!(
        set_raw(&|m| {
            m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32])?;
            m.put_u32(wireguard::wgpeer::PROTOCOL_VERSION, 2)
        }),
        Err(EPFNOSUPPORT)
    );
    // Unknown peer flag.
    assert_eq!(
        set_raw(&|m| {
            m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32])?;
            m.put_u32(wireguard::wgpeer::FLAGS, 8)
        }),
        Err(EOPNOTSUPP)
    );
    // An allowed IP with a prefix too long, and one without its family.
    assert_eq!(
        set_raw(&|m| {
            m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32])?;
            m.nest(wireguard::wgpeer::ALLOWEDIPS, |m| {
                m.nest(0, |m| {
                    m.put_u16(wireguard::wgallowedip::FAMILY, 2)?;
                    m.put(wireguard::wgallowedip::IPADDR, &[10, 0, 0, 0])?;
                    m.put_u8(wireguard::wgallowedip::CIDR_MASK, 33)
                })
            })
        }),
        Err(EINVAL)
    );
    assert_eq!(
        set_raw(&|m| {
            m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32])?;
            m.nest(wireguard::wgpeer::ALLOWEDIPS, |m| {
                m.nest(0, |m| {
                    m.put(wireguard::wgallowedip::IPADDR, &[10, 0, 0, 0])?;
                    m.put_u8(wireguard::wgallowedip::CIDR_MASK, 8)
                })
            })
        }),
        Err(EINVAL)
    );
    // Keys of the wrong length: ERANGE (peer policy, no extended ack).
    assert_eq!(
        set_raw(&|m| m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 31])),
        Err(ERANGE)
    );
    assert_eq!(
        set_raw(&|m| {
            m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32])?;
            m.put(wireguard::wgpeer::PRESHARED_KEY, &[1; 33])
        }),
        Err(ERANGE)
    );
    // A peer nest without NLA_F_NESTED.
    let r = c.client().request_ack(|b, seq| {
        let mut m = genl::message(b, id, Flags::REQUEST, seq, 1, 1)?;
        m.put_str(wireguard::wgdevice::IFNAME, "wg0")?;
        m.nest(wireguard::wgdevice::PEERS, |m| {
            m.nest_noflag(0, |m| m.put(wireguard::wgpeer::PUBLIC_KEY, &[1; 32]))
        })?;
        Ok(m.finish())
    });
    assert_eq!(r.unwrap_err().errno(), Some(EINVAL));
    // A device private key of 16 bytes: ERANGE with the policy's message.
    let r = c.client().request_ack(|b, seq| {
        let mut m = genl::message(b, id, Flags::REQUEST, seq, 1, 1)?;
        m.put_str(wireguard::wgdevice::IFNAME, "wg0")?;
        m.put(wireguard::wgdevice::PRIVATE_KEY, &[7; 16])?;
        Ok(m.finish())
    });
    let e = r.unwrap_err();
    assert_eq!(e.errno(), Some(ERANGE));
    assert!(
        e.to_string().contains("binary attribute size out of range"),
        "{e}"
    );
}

#[test]
fn wireguard_big_dump_is_split_like_the_kernel() {
    let (k, wg, idx) = wg_kernel();
    let mut c = genl_client(&k);
    // 200 peers with 3 allowed IPs each, then one with 600 (more than a message holds).
    let mut ips: Vec<Vec<AllowedIp>> = (0..200u32)
        .map(|i| {
            (0..3u32)
                .map(|j| AllowedIp {
                    addr: IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + (i << 8) + (j << 20))),
                    cidr: 32,
                })
                .collect()
        })
        .collect();
    ips.push(
        (0..600u32)
            .map(|j| AllowedIp {
                addr: IpAddr::V6(Ipv6Addr::from(0xfd00_u128 << 112 | u128::from(j) << 64)),
                cidr: 64,
            })
            .collect(),
    );
    let keys: Vec<[u8; 32]> = (0..201u32)
        .map(|i| {
            let mut k = [0u8; 32];
            k[..4].copy_from_slice(&(i + 1).to_be_bytes());
            k
        })
        .collect();
    // In batches, as wg(8) does when a configuration does not fit one message.
    for (chunk_keys, chunk_ips) in keys.chunks(20).zip(ips.chunks(20)) {
        let peers: Vec<PeerConfig<'_>> = chunk_keys
            .iter()
            .zip(chunk_ips)
            .map(|(k, ips)| PeerConfig {
                public_key: *k,
                allowed_ips: ips,
                ..PeerConfig::default()
            })
            .collect();
        let cfg = DeviceConfig {
            peers: &peers,
            ..DeviceConfig::default()
        };
        wg_set(&mut c, WgDev::Name("wg0"), &cfg).unwrap();
    }
    assert_eq!(wg.peer_count(k.initial_namespace(), idx), 201);
    let ms = wg_dump(&mut c, WgDev::Name("wg0")).unwrap();
    assert!(ms.len() > 5, "{} messages", ms.len());
    // Merge as wg(8) does: a peer repeating the previous key continues it.
    let mut merged: Vec<([u8; 32], Vec<AllowedIp>)> = Vec::new();
    for (n, m) in ms.iter().enumerate() {
        assert!(m.len() <= MESSAGE_LIMIT, "message {n}: {} bytes", m.len());
        let d = wgv::DeviceMsg::parse(&msg(m)).unwrap();
        assert_eq!(
            d.ifname().unwrap().is_some(),
            n == 0,
            "device attributes only first"
        );
        for p in d.peers() {
            let p = p.unwrap();
            let key = p.public_key().unwrap().unwrap();
            let a: Vec<_> = p.allowed_ips().map(|x| x.unwrap()).collect();
            match merged.last_mut() {
                Some((k, list)) if *k == key => {
                    // A continuation carries only the key and allowed IPs.
                    assert_eq!(p.protocol_version().unwrap(), None);
                    list.extend(a);
                }
                _ => {
                    assert_eq!(p.protocol_version().unwrap(), Some(1));
                    merged.push((key, a));
                }
            }
        }
    }
    assert_eq!(merged.len(), 201);
    for (i, (k, a)) in merged.iter().enumerate() {
        assert_eq!(*k, keys[i]);
        assert_eq!(*a, ips[i], "peer {i}");
    }
}

/// A kernel with phy0 and wlan0 (up), two BSSes (one associated) and one station.
fn wifi_kernel() -> (Kernel, Nl80211, u32) {
    let k = Kernel::new();
    let wifi = Nl80211::new();
    wifi.register(&k).unwrap();
    let phy = wifi.add_wiphy("phy0");
    let ns = k.initial_namespace();
    let wlan0 = wifi.add_interface(&k, ns, phy, "wlan0").unwrap();
    assert!(wifi.add_bss(wlan0, Bss::new([2, 0, 0, 0, 0, 1], 2412, b"home")));
    let mut far = Bss::new([2, 0, 0, 0, 0, 2], 5180, b"cafe");
    far.signal_mbm = -8200;
    assert!(wifi.add_bss(wlan0, far));
    assert!(wifi.connect(wlan0, [2, 0, 0, 0, 0, 1]));
    let mut sta = Station::new([2, 0, 0, 0, 0, 1]);
    sta.rx_bytes = 5_000_000_000;
    sta.tx_bytes = 1234;
    sta.rx_packets = 77;
    sta.tx_packets = 66;
    sta.tx_bitrate = Rate {
        bitrate: 1444,
        mcs: Some(15),
        width_40: false,
        short_gi: true,
    };
    assert!(wifi.add_station(wlan0, sta));
    (k, wifi, wlan0.ifindex)
}

fn nl_dump(
    c: &mut GenlClient<SimSocket>,
    build: impl Fn(&mut nlwire_sys::MsgBuf, u16, u32) -> Result<usize, nlwire_codec::EncodeError>,
) -> Result<Vec<Vec<u8>>, i32> {
    let id = c.family_id("nl80211").unwrap();
    let mut out = Vec::new();
    c.client()
        .dump(
            |b, seq| build(b, id, seq),
            |m| {
                assert_typed("nl80211", &m);
                out.push(m.bytes().to_vec());
                Ok(())
            },
        )
        .map_err(|e| e.errno().unwrap_or(-1))?;
    Ok(out)
}

#[test]
fn nl80211_interfaces_are_devices_of_the_kernel() {
    let (k, _wifi, wlan0) = wifi_kernel();
    let mut c = genl_client(&k);
    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_interface_request(b, id, seq, None)
    })
    .unwrap();
    assert_eq!(ms.len(), 1);
    let i = nlv::Interface::parse(&msg(&ms[0])).unwrap();
    assert_eq!(i.ifindex().unwrap(), Some(wlan0));
    assert_eq!(i.ifname().unwrap(), Some("wlan0"));
    assert_eq!(i.iftype().unwrap(), Some(nl80211::iftype::STATION));
    assert_eq!(i.wiphy().unwrap(), Some(0));
    assert_eq!(i.wdev().unwrap(), Some(1));
    assert_eq!(i.ssid(), Some(&b"home"[..]));
    assert_eq!(i.wiphy_freq().unwrap(), Some(2412));
    // Its MAC is the device's, as rtnetlink shows it.
    let mut rt = k.socket(Protocol::ROUTE).unwrap();
    rt.send(&build(|b| {
        nlwire_codec::rtnl::link::get_request(b, 9, wlan0 as i32, None).unwrap();
    }))
    .unwrap();
    let d = messages(&drain(&mut rt));
    let l = LinkMsg::parse(&msg(&d[0])).unwrap();
    assert_eq!(l.name().unwrap(), Some("wlan0"));
    assert_eq!(
        l.address().map(|a| a.to_vec()),
        i.mac().unwrap().map(|m| m.to_vec())
    );
    assert!(l.link_info().unwrap().is_none(), "no rtnl kind");

    // do, by ifindex.
    let id = c.family_id("nl80211").unwrap();
    let m = c
        .client()
        .request(|b, seq| nlv::get_interface_request(b, id, seq, Some(wlan0)))
        .unwrap();
    assert_typed("nl80211", &m);
    assert_eq!(
        nlv::Interface::parse(&m).unwrap().ifname().unwrap(),
        Some("wlan0")
    );
    // lo is not wireless; 999 does not exist.
    for i in [1, 999] {
        let r = c
            .client()
            .request(|b, seq| nlv::get_interface_request(b, id, seq, Some(i)))
            .map(|_| ());
        assert_eq!(r.unwrap_err().errno(), Some(ENODEV));
    }
    // After the device is deleted it is gone from nl80211 too.
    ok(&mut rt, &del_link(10, wlan0 as i32));
    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_interface_request(b, id, seq, None)
    })
    .unwrap();
    assert!(ms.is_empty());
}

#[test]
fn nl80211_wiphy_dumps_plain_and_split() {
    let (k, _wifi, wlan0) = wifi_kernel();
    let mut c = genl_client(&k);
    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_wiphy_request(b, id, seq, None, false)
    })
    .unwrap();
    assert_eq!(ms.len(), 1);
    let w = nlv::Wiphy::parse(&msg(&ms[0])).unwrap();
    assert_eq!(w.name().unwrap(), Some("phy0"));
    assert_eq!(w.max_scan_ssids().unwrap(), Some(4));
    let types: Vec<u16> = w.supported_iftypes().map(|t| t.unwrap()).collect();
    assert!(types.contains(&u16::try_from(nl80211::iftype::STATION).unwrap()));
    assert!(w.cipher_suites().any(|c| c == 0x000f_ac04));
    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_wiphy_request(b, id, seq, None, true)
    })
    .unwrap();
    assert_eq!(ms.len(), 3);
    for m in &ms {
        let w = nlv::Wiphy::parse(&msg(m)).unwrap();
        assert_eq!(
            (w.index().unwrap(), w.name().unwrap()),
            (Some(0), Some("phy0"))
        );
    }
    // do, by wiphy index; an unknown one is ENODEV; by interface.
    let id = c.family_id("nl80211").unwrap();
    let m = c
        .client()
        .request(|b, seq| nlv::get_wiphy_request(b, id, seq, Some(0), false))
        .unwrap();
    assert_eq!(nlv::Wiphy::parse(&m).unwrap().name().unwrap(), Some("phy0"));
    let r = c
        .client()
        .request(|b, seq| nlv::get_wiphy_request(b, id, seq, Some(7), false))
        .map(|_| ());
    assert_eq!(r.unwrap_err().errno(), Some(ENODEV));
    let m = c
        .client()
        .request(|b, seq| {
            let mut m = genl::message(b, id, Flags::REQUEST, seq, nl80211::cmd::GET_WIPHY, 1)?;
            m.put_u32(nl80211::attr::IFINDEX, wlan0)?;
            Ok(m.finish())
        })
        .unwrap();
    assert_eq!(nlv::Wiphy::parse(&m).unwrap().index().unwrap(), Some(0));
}

#[test]
fn nl80211_scan_results_and_stations() {
    let (k, _wifi, wlan0) = wifi_kernel();
    let mut c = genl_client(&k);
    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_scan_request(b, id, seq, wlan0)
    })
    .unwrap();
    assert_eq!(ms.len(), 2);
    let r = nlv::ScanResult::parse(&msg(&ms[0])).unwrap();
    assert_eq!(r.ifindex().unwrap(), Some(wlan0));
    let b = r.bss().unwrap().unwrap();
    assert_eq!(b.bssid().unwrap(), Some([2, 0, 0, 0, 0, 1]));
    assert_eq!(b.frequency().unwrap(), Some(2412));
    assert_eq!(b.signal_mbm().unwrap(), Some(-5000));
    assert_eq!(b.ssid().unwrap(), Some(&b"home"[..]));
    assert_eq!(b.capability().unwrap(), Some(0x0401));
    assert_eq!(b.status().unwrap(), Some(nl80211::bss_status::ASSOCIATED));
    let b = nlv::ScanResult::parse(&msg(&ms[1]))
        .unwrap()
        .bss()
        .unwrap()
        .unwrap();
    assert_eq!(b.ssid().unwrap(), Some(&b"cafe"[..]));
    assert_eq!(b.signal_mbm().unwrap(), Some(-8200));
    assert_eq!(b.status().unwrap(), None);
    // Without an interface: EINVAL; an unknown one: ENODEV.
    let r = nl_dump(&mut c, |b, id, seq| {
        genl::message(
            b,
            id,
            Flags::REQUEST | Flags::DUMP,
            seq,
            nl80211::cmd::GET_SCAN,
            1,
        )
        .map(|m| m.finish())
    });
    assert_eq!(r.unwrap_err(), EINVAL);
    assert_eq!(
        nl_dump(&mut c, |b, id, seq| nlv::get_scan_request(b, id, seq, 999)).unwrap_err(),
        ENODEV
    );

    let ms = nl_dump(&mut c, |b, id, seq| {
        nlv::get_station_request(b, id, seq, wlan0, None)
    })
    .unwrap();
    assert_eq!(ms.len(), 1);
    let s = nlv::Station::parse(&msg(&ms[0])).unwrap();
    assert_eq!(s.mac().unwrap(), Some([2, 0, 0, 0, 0, 1]));
    let info = s.info().unwrap().unwrap();
    assert_eq!(info.signal().unwrap(), Some(-45));
    assert_eq!(info.rx_bytes().unwrap(), Some(5_000_000_000));
    assert_eq!(info.tx_bytes().unwrap(), Some(1234));
    assert_eq!(info.rx_packets().unwrap(), Some(77));
    assert_eq!(info.tx_packets().unwrap(), Some(66));
    let tx = info.tx_bitrate().unwrap().unwrap();
    assert_eq!(
        (tx.bitrate, tx.mcs, tx.short_gi),
        (Some(1444), Some(15), true)
    );
    assert_eq!(info.rx_bitrate().unwrap().unwrap().bitrate, Some(540));
    let id = c.family_id("nl80211").unwrap();
    let m = c
        .client()
        .request(|b, seq| nlv::get_station_request(b, id, seq, wlan0, Some([2, 0, 0, 0, 0, 1])))
        .unwrap();
    assert_typed("nl80211", &m);
    let r = c
        .client()
        .request(|b, seq| nlv::get_station_request(b, id, seq, wlan0, Some([2, 0, 0, 0, 0, 9])))
        .map(|_| ());
    assert_eq!(r.unwrap_err().errno(), Some(ENOENT));
}

#[test]
fn nl80211_trigger_scan_notifies_the_scan_group() {
    let (k, _wifi, wlan0) = wifi_kernel();
    let mut c = genl_client(&k);
    let fam = c.family("nl80211").unwrap().clone();
    let scan = fam.group("scan").expect("scan group");
    let mut listener = k.socket(Protocol::GENERIC).unwrap();
    listener.join_group(scan).unwrap();
    let id = fam.id;
    let ssids: [&[u8]; 1] = [b"home"];
    // Down: ENETDOWN, nothing announced.
    let r = c
        .client()
        .request_ack(|b, seq| nlv::trigger_scan_request(b, id, seq, wlan0, &ssids));
    assert_eq!(r.unwrap_err().errno(), Some(ENETDOWN));
    assert!(drain(&mut listener).is_empty());
    let mut rt = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut rt, &set_up(1, wlan0 as i32, true));
    c.client()
        .request_ack(|b, seq| nlv::trigger_scan_request(b, id, seq, wlan0, &ssids))
        .unwrap();
    let ms = messages(&drain(&mut listener));
    let cmds: Vec<u8> = ms
        .iter()
        .map(|m| {
            let m = msg(m);
            assert_typed("nl80211", &m);
            assert_eq!((m.seq(), m.message_type().0), (0, id));
            genl::header_with(&m, 0).unwrap().0.cmd
        })
        .collect();
    assert_eq!(
        cmds,
        [nl80211::cmd::TRIGGER_SCAN, nl80211::cmd::NEW_SCAN_RESULTS]
    );
    let m = msg(&ms[1]);
    let (_, attrs) = genl::header_with(&m, 0).unwrap();
    let ssid_nest = attrs
        .clone()
        .map(|a| a.unwrap())
        .find(|a| a.kind() == nl80211::attr::SCAN_SSIDS)
        .unwrap();
    let got: Vec<&[u8]> = ssid_nest.nested().map(|a| a.unwrap().payload()).collect();
    assert_eq!(got, [&b"home"[..]]);
    // A 33-byte SSID is refused.
    let long = [b'x'; 33];
    let ssids: [&[u8]; 1] = [&long];
    let r = c
        .client()
        .request_ack(|b, seq| nlv::trigger_scan_request(b, id, seq, wlan0, &ssids));
    assert_eq!(r.unwrap_err().errno(), Some(EINVAL));
    let _ = GenlMsgHdr::LEN;
}

#[test]
fn nl80211_wiphys_live_in_a_namespace() {
    let (k, wifi, wlan0) = wifi_kernel();
    let ns1 = k.add_namespace();
    // An interface must be in its wiphy's namespace.
    let e = wifi.add_interface(&k, ns1, 0, "wlan9").unwrap_err();
    assert_eq!(e.raw_os_error(), Some(EINVAL));
    let phy1 = wifi.add_wiphy_in(ns1, "phy1");
    let w = wifi.add_interface(&k, ns1, phy1, "wlan0").unwrap();
    assert_eq!(k.link_index(ns1, "wlan0"), Some(w.ifindex as i32));
    // Same ifindex as wlan0 of the initial namespace, another interface.
    assert_eq!(w.ifindex, wlan0);
    assert!(wifi.add_bss(w, Bss::new([2, 0, 0, 0, 0, 7], 2437, b"ns1")));
    // Each namespace sees its own wiphys and interfaces.
    let mut s1 = k
        .process(77)
        .in_namespace(ns1)
        .socket(Protocol::GENERIC)
        .unwrap();
    s1.set_ext_ack(true).unwrap();
    let mut c1 = GenlClient::new(Client::new(s1));
    let ms = nl_dump(&mut c1, |b, id, seq| {
        nlv::get_interface_request(b, id, seq, None)
    })
    .unwrap();
    let got: Vec<_> = ms
        .iter()
        .map(|m| {
            let i = nlv::Interface::parse(&msg(m)).unwrap();
            (i.ifindex().unwrap(), i.wiphy().unwrap())
        })
        .collect();
    assert_eq!(got, [(Some(w.ifindex), Some(phy1))]);
    let ms = nl_dump(&mut c1, |b, id, seq| {
        nlv::get_scan_request(b, id, seq, w.ifindex)
    })
    .unwrap();
    assert_eq!(ms.len(), 1, "only the BSS added in ns1");
    let ms = nl_dump(&mut c1, |b, id, seq| {
        nlv::get_wiphy_request(b, id, seq, None, false)
    })
    .unwrap();
    assert_eq!(ms.len(), 1);
    let mut c0 = genl_client(&k);
    let ms = nl_dump(&mut c0, |b, id, seq| {
        nlv::get_wiphy_request(b, id, seq, None, false)
    })
    .unwrap();
    let w0 = nlv::Wiphy::parse(&msg(&ms[0])).unwrap();
    assert_eq!((ms.len(), w0.name().unwrap()), (1, Some("phy0")));
}

#[test]
fn the_wifi_interfaces_example_lists_the_simulated_interfaces() {
    // Without the family: None (the example prints that nl80211 is not available).
    let k = Kernel::new();
    assert_eq!(
        wifi_interfaces::interfaces(&mut genl_client(&k)).unwrap(),
        None
    );
    let (k, wifi, wlan0) = wifi_kernel();
    let phy1 = wifi.add_wiphy("phy1");
    let wlan1 = wifi
        .add_interface(&k, k.initial_namespace(), phy1, "wlan1")
        .unwrap();
    let lines = wifi_interfaces::interfaces(&mut genl_client(&k))
        .unwrap()
        .unwrap();
    assert_eq!(
        lines,
        [
            format!("ifindex {wlan0} wlan0 type station wiphy 0"),
            format!("ifindex {} wlan1 type station wiphy 1", wlan1.ifindex),
        ]
    );
}
