//! Helpers shared by the simulated-kernel tests: fixtures, request builders for
//! addresses and routes (until the codec has them), receive loops.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::net::Ipv4Addr;

use nlwire_codec::rtnl::link::{self, IfInfoMsg, iff, ifla, info, veth};
use nlwire_codec::rtnl::rtm;
use nlwire_codec::{Builder, Flags, Message, MessageType, Messages, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, VecBuf};

pub const PORT: u32 = 4242;

/// `(request, response)` bytes of a fixture.
pub fn fixture(name: &str) -> (Vec<u8>, Vec<u8>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/");
    let req = std::fs::read(format!("{dir}{name}.req.bin")).expect("fixture request");
    let resp = std::fs::read(format!("{dir}{name}.resp.bin")).expect("fixture response");
    (req, resp)
}

/// A NETLINK_ROUTE socket bound to 4242 with EXT_ACK, as the fixtures were captured.
pub fn fixture_sock(k: &Kernel) -> SimSocket {
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.bind(PORT).unwrap();
    s.set_ext_ack(true).unwrap();
    s
}

/// Every datagram queued on `s` (32 KiB receive buffer), until EAGAIN.
pub fn drain(s: &mut SimSocket) -> Vec<Vec<u8>> {
    drain_with(s, 32768)
}

pub fn drain_with(s: &mut SimSocket, bufsize: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = vec![0u8; bufsize];
    loop {
        match s.recv(&mut buf) {
            Ok(r) => out.push(buf[..r.len.min(bufsize)].to_vec()),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return out,
            Err(e) => panic!("recv: {e}"),
        }
    }
}

/// The messages of a list of datagrams, as owned byte vectors.
pub fn messages(dgrams: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in dgrams {
        for m in Messages::new(d) {
            out.push(m.unwrap().bytes().to_vec());
        }
    }
    out
}

pub fn msg(b: &[u8]) -> Message<'_> {
    Message::parse(b).unwrap()
}

/// Sends `req` and expects a success ack.
pub fn ok(s: &mut SimSocket, req: &[u8]) {
    s.send(req).unwrap();
    let d = drain(s);
    let ms = messages(&d);
    let last = ms.last().expect("a reply");
    let e = nlwire_codec::ErrorMsg::parse(&msg(last)).expect("an ack");
    assert_eq!(
        e.code(),
        0,
        "request failed: {:?} {:?}",
        e.errno(),
        e.ext_ack()
    );
}

/// Sends `req` and returns the error (errno, ext-ack message).
pub fn err(s: &mut SimSocket, req: &[u8]) -> (i32, Option<String>) {
    s.send(req).unwrap();
    let d = drain(s);
    let ms = messages(&d);
    let last = ms.last().expect("a reply");
    let e = nlwire_codec::ErrorMsg::parse(&msg(last)).expect("an error");
    (
        e.errno().unwrap_or(0),
        e.ext_ack().msg.map(|m| m.to_string()),
    )
}

pub fn build(f: impl FnOnce(&mut VecBuf)) -> Vec<u8> {
    let mut b = VecBuf::new();
    f(&mut b);
    b.into_vec()
}

/// `ip link add NAME [address MAC] type veth peer name PEER [address PMAC]`.
pub fn veth(
    seq: u32,
    name: &str,
    mac: Option<[u8; 6]>,
    peer: &str,
    pmac: Option<[u8; 6]>,
) -> Vec<u8> {
    build(|b| {
        let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
        let mut m = link::message(b, rtm::NEWLINK, flags, seq, &IfInfoMsg::default()).unwrap();
        m.put_str(ifla::IFNAME, name).unwrap();
        if let Some(a) = mac {
            m.put_mac(ifla::ADDRESS, a).unwrap();
        }
        m.nest(ifla::LINKINFO, |m| {
            m.put_str(info::KIND, "veth")?;
            m.nest(info::DATA, |m| {
                m.nest(veth::PEER, |m| {
                    m.put_header(&IfInfoMsg::default())?;
                    m.put_str(ifla::IFNAME, peer)?;
                    if let Some(a) = pmac {
                        m.put_mac(ifla::ADDRESS, a)?;
                    }
                    Ok(())
                })
            })
        })
        .unwrap();
    })
}

/// `ip link add NAME [address MAC] type KIND`.
pub fn create(seq: u32, name: &str, kind: &str, mac: Option<[u8; 6]>) -> Vec<u8> {
    build(|b| {
        let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
        let mut m = link::message(b, rtm::NEWLINK, flags, seq, &IfInfoMsg::default()).unwrap();
        m.put_str(ifla::IFNAME, name).unwrap();
        if let Some(a) = mac {
            m.put_mac(ifla::ADDRESS, a).unwrap();
        }
        m.nest(ifla::LINKINFO, |m| m.put_str(info::KIND, kind))
            .unwrap();
    })
}

/// `ip link set INDEX up|down`.
pub fn set_up(seq: u32, index: i32, up: bool) -> Vec<u8> {
    build(|b| {
        link::set_request(b, seq, index, Some(up)).unwrap();
    })
}

/// `ip link set INDEX` with one u32 attribute (mtu, master, …).
pub fn set_u32(seq: u32, index: i32, attr: u16, v: u32) -> Vec<u8> {
    build(|b| {
        let mut m = link::set_request(b, seq, index, None).unwrap();
        m.put_u32(attr, v).unwrap();
    })
}

pub fn del_link(seq: u32, index: i32) -> Vec<u8> {
    build(|b| {
        link::delete_request(b, seq, index, None).unwrap();
    })
}

/// `ip addr add A/LEN dev INDEX [label L]`.
pub fn addr(
    seq: u32,
    kind: MessageType,
    flags: Flags,
    index: u32,
    a: Ipv4Addr,
    len: u8,
    label: Option<&str>,
) -> Vec<u8> {
    build(|b| {
        let mut m = Builder::message(b, kind, flags, seq, 0).unwrap();
        let mut h = [2u8, len, 0, 0, 0, 0, 0, 0];
        h[4..8].copy_from_slice(&index.to_ne_bytes());
        m.put_bytes(&h).unwrap();
        m.put_ipv4(2, a).unwrap(); // IFA_LOCAL
        m.put_ipv4(1, a).unwrap(); // IFA_ADDRESS
        if let Some(l) = label {
            m.put_str(3, l).unwrap();
        }
    })
}

pub fn add_addr(seq: u32, index: u32, a: Ipv4Addr, len: u8) -> Vec<u8> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    addr(seq, rtm::NEWADDR, flags, index, a, len, None)
}

/// An `rtmsg`: family 2, dst_len, table, protocol, scope, type.
pub fn rtmsg(dst_len: u8, table: u8, proto: u8, scope: u8, kind: u8, flags: u32) -> [u8; 12] {
    let mut h = [2u8, dst_len, 0, 0, table, proto, scope, kind, 0, 0, 0, 0];
    h[8..12].copy_from_slice(&flags.to_ne_bytes());
    h
}

/// A route request (`ip route add|del`).
#[derive(Clone, Debug)]
pub struct RouteReq {
    pub kind: MessageType,
    pub flags: Flags,
    pub dst: Ipv4Addr,
    pub len: u8,
    pub table: u8,
    pub proto: u8,
    pub scope: u8,
    pub rtype: u8,
    pub gw: Option<Ipv4Addr>,
    pub oif: Option<u32>,
    pub metric: Option<u32>,
    pub multipath: Vec<(Ipv4Addr, u32)>,
}

impl RouteReq {
    /// `ip route add DST/LEN ...` in main (proto boot, scope universe, unicast).
    pub fn add(dst: Ipv4Addr, len: u8) -> Self {
        Self {
            kind: rtm::NEWROUTE,
            flags: Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            dst,
            len,
            table: 254,
            proto: 3,
            scope: 0,
            rtype: 1,
            gw: None,
            oif: None,
            metric: None,
            multipath: Vec::new(),
        }
    }
    pub fn via(mut self, gw: Ipv4Addr) -> Self {
        self.gw = Some(gw);
        self
    }
    pub fn dev(mut self, oif: u32) -> Self {
        self.oif = Some(oif);
        self
    }
    pub fn flags(mut self, f: Flags) -> Self {
        self.flags = f;
        self
    }
    pub fn build(&self, seq: u32) -> Vec<u8> {
        build(|b| {
            let mut m = Builder::message(b, self.kind, self.flags, seq, 0).unwrap();
            m.put_bytes(&rtmsg(
                self.len, self.table, self.proto, self.scope, self.rtype, 0,
            ))
            .unwrap();
            if self.len != 0 {
                m.put_ipv4(1, self.dst).unwrap();
            }
            if let Some(p) = self.metric {
                m.put_u32(6, p).unwrap();
            }
            if let Some(g) = self.gw {
                m.put_ipv4(5, g).unwrap();
            }
            if let Some(o) = self.oif {
                m.put_u32(4, o).unwrap();
            }
            if !self.multipath.is_empty() {
                m.nest_noflag(9, |m| {
                    for (gw, oif) in &self.multipath {
                        let mut rtnh = [0u8; 8];
                        rtnh[0..2].copy_from_slice(&16u16.to_ne_bytes());
                        rtnh[4..8].copy_from_slice(&oif.to_ne_bytes());
                        m.put_bytes(&rtnh)?;
                        m.put_ipv4(5, *gw)?;
                    }
                    Ok(())
                })
                .unwrap();
            }
        })
    }
}

pub const MAC_V0: [u8; 6] = [2, 0, 0, 0, 0, 0xa0];
pub const MAC_V1: [u8; 6] = [2, 0, 0, 0, 0, 0xa1];
pub const MAC_BR0: [u8; 6] = [2, 0, 0, 0, 0, 0xb0];

/// The fixture capture's namespace (README "Namespace state"), IPv4 parts: lo up,
/// v0/v1 veth, br0 with v0 as port, addresses, routes. Ifindexes lo=1, v1=2, v0=3, br0=4.
pub fn fixture_state(k: &Kernel) {
    let mut s = k.process(1).socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    let a = |x: u8, y: u8, z: u8, w: u8| Ipv4Addr::new(x, y, z, w);
    ok(&mut s, &set_up(1, 1, true));
    ok(&mut s, &veth(2, "v0", Some(MAC_V0), "v1", Some(MAC_V1)));
    ok(&mut s, &create(3, "br0", "bridge", Some(MAC_BR0)));
    ok(&mut s, &set_u32(4, 3, ifla::MASTER, 4));
    ok(&mut s, &set_up(5, 3, true));
    ok(&mut s, &set_up(6, 2, true));
    ok(&mut s, &set_up(7, 4, true));
    ok(&mut s, &add_addr(8, 3, a(10, 1, 0, 1), 24));
    let fl = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    ok(
        &mut s,
        &addr(9, rtm::NEWADDR, fl, 3, a(10, 1, 0, 100), 24, Some("v0:1")),
    );
    ok(&mut s, &add_addr(10, 2, a(10, 2, 0, 1), 24));
    ok(&mut s, &add_addr(11, 4, a(10, 10, 0, 1), 24));
    ok(
        &mut s,
        &RouteReq::add(a(10, 20, 0, 0), 16)
            .via(a(10, 1, 0, 2))
            .dev(3)
            .build(12),
    );
    let mut r = RouteReq::add(a(10, 21, 0, 0), 16).dev(2);
    r.scope = 253;
    r.metric = Some(50);
    ok(&mut s, &r.build(13));
    let mut r = RouteReq::add(a(10, 9, 0, 0), 16);
    r.multipath = vec![(a(10, 1, 0, 2), 3), (a(10, 2, 0, 2), 2)];
    ok(&mut s, &r.build(14));
    let mut r = RouteReq::add(a(0, 0, 0, 0), 0).via(a(10, 2, 0, 254)).dev(2);
    r.table = 100;
    ok(&mut s, &r.build(15));
    let mut r = RouteReq::add(a(10, 30, 0, 0), 16)
        .via(a(10, 1, 0, 2))
        .dev(3);
    r.table = 100;
    ok(&mut s, &r.build(16));
    let mut r = RouteReq::add(a(10, 31, 0, 0), 16);
    r.table = 100;
    r.rtype = 6;
    ok(&mut s, &r.build(17));
    let _ = iff::UP;
}
