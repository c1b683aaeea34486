//! IPv6 in the simulated kernel: addresses, the kernel's IPv6 routes, user routes
//! (ECMP through `NLM_F_CREATE`/`NLM_F_APPEND`), lookups and dumps. Requests are
//! written with the codec's writers and replies read with its views. Every expected
//! value is what Linux 6.18 sent in a throwaway namespace (raw-socket probes; the
//! bytes are quoted in the comments), or a fixture captured from it
//! (`tests/fixtures/addr_dump`, `route6_dump`).

mod common;

use std::net::{IpAddr, Ipv6Addr};

use common::*;
use nlwire_codec::rtnl::addr::{self as ra, AddrMsg, AddrSpec};
use nlwire_codec::rtnl::route::{self as rr, NexthopSpec, RouteDumpFilter, RouteQuery, RouteSpec};
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::{Attrs, Flags, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, texts};

const AF_INET6: u8 = 10;
const NODAD: u32 = 0x02;
const NOPREFIXROUTE: u32 = 0x200;

fn v6(s: &str) -> Ipv6Addr {
    s.parse().unwrap()
}

fn ip6(s: &str) -> IpAddr {
    IpAddr::V6(v6(s))
}

/// One decoded notification or dump entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Ev {
    kind: u16,
    flags: u16,
    seq: u32,
    /// `rtm_table` or `ifa_flags` (the header byte).
    table_or_flags: u8,
    /// `rtm_type` or `ifa_scope`.
    rtype_or_scope: u8,
    dst: Option<Ipv6Addr>,
    len: u8,
    /// `RTA_PRIORITY` of routes, `IFA_FLAGS` of addresses.
    metric_or_flags: Option<u32>,
    /// `RTA_OIF` / `ifa_index`.
    oif: Option<u32>,
    gateway: Option<Ipv6Addr>,
    /// `(ifindex, gateway)` of each `RTA_MULTIPATH` entry.
    multipath: Vec<(i32, Option<Ipv6Addr>, u8)>,
    rtm_flags: u32,
}

fn decode(b: &[u8]) -> Ev {
    let m = msg(b);
    let p = m.payload();
    let route = matches!(m.message_type().0, 24..=26);
    let hdr = if route { 12 } else { 8 };
    let attrs = Attrs::with_offset(&p[hdr..], 0);
    let addr6 = |t: u16| {
        attrs
            .clone()
            .find(t)
            .unwrap()
            .map(|a| Ipv6Addr::from(<[u8; 16]>::try_from(a.payload()).unwrap()))
    };
    let u32a = |t: u16| attrs.clone().find(t).unwrap().map(|a| a.u32().unwrap());
    let mut multipath = Vec::new();
    if route {
        if let Some(mp) = attrs.clone().find(9).unwrap() {
            let q = mp.payload();
            let mut off = 0;
            while off + 8 <= q.len() {
                let len = usize::from(u16::from_ne_bytes([q[off], q[off + 1]]));
                let ifi = i32::from_ne_bytes(q[off + 4..off + 8].try_into().unwrap());
                let gw = Attrs::with_offset(&q[off + 8..off + len], 0)
                    .find(5)
                    .unwrap()
                    .map(|a| Ipv6Addr::from(<[u8; 16]>::try_from(a.payload()).unwrap()));
                multipath.push((ifi, gw, q[off + 3]));
                off += (len + 3) & !3;
            }
        }
    }
    Ev {
        kind: m.message_type().0,
        flags: m.flags().0,
        seq: m.seq(),
        table_or_flags: if route { p[4] } else { p[2] },
        rtype_or_scope: if route { p[7] } else { p[3] },
        // RTA_DST and IFA_ADDRESS are both attribute 1.
        dst: addr6(1),
        len: p[1],
        metric_or_flags: if route { u32a(6) } else { u32a(8) },
        oif: if route {
            u32a(4)
        } else {
            Some(u32::from_ne_bytes(p[4..8].try_into().unwrap()))
        },
        gateway: if route { addr6(5) } else { None },
        multipath,
        rtm_flags: if route {
            u32::from_ne_bytes(p[8..12].try_into().unwrap())
        } else {
            0
        },
    }
}

fn events(m: &mut SimSocket) -> Vec<Ev> {
    messages(&drain(m)).iter().map(|b| decode(b)).collect()
}

/// A short form of an event for comparisons: (type, nlmsg flags, table or ifa_flags,
/// type or scope, dst, len, metric or IFA_FLAGS, oif or index).
type Short = (
    u16,
    u16,
    u8,
    u8,
    Option<Ipv6Addr>,
    u8,
    Option<u32>,
    Option<u32>,
);

fn short(e: &Ev) -> Short {
    (
        e.kind,
        e.flags,
        e.table_or_flags,
        e.rtype_or_scope,
        e.dst,
        e.len,
        e.metric_or_flags,
        e.oif,
    )
}

fn shorts(m: &mut SimSocket) -> Vec<Short> {
    events(m).iter().map(short).collect()
}

/// A route event in short form: table, type, dst/len, metric, oif.
#[allow(clippy::too_many_arguments)]
fn rt(
    kind: u16,
    flags: u16,
    table: u8,
    rtype: u8,
    dst: &str,
    len: u8,
    metric: u32,
    oif: u32,
) -> Short {
    (
        kind,
        flags,
        table,
        rtype,
        Some(v6(dst)),
        len,
        Some(metric),
        Some(oif),
    )
}

/// An address event in short form.
fn ad(kind: u16, hflags: u8, scope: u8, a: &str, len: u8, flags: u32, index: u32) -> Short {
    (
        kind,
        0,
        hflags,
        scope,
        Some(v6(a)),
        len,
        Some(flags),
        Some(index),
    )
}

fn req(f: impl FnOnce(&mut nlwire_simkernel::VecBuf)) -> Vec<u8> {
    build(f)
}

fn add6(seq: u32, a: &str, len: u8, index: u32, flags: u32) -> Vec<u8> {
    req(|b| {
        let spec = AddrSpec {
            flags,
            ..AddrSpec::new(ip6(a), len, index)
        };
        ra::add_request(b, seq, &spec).unwrap();
    })
}

fn route6(seq: u32, kind: nlwire_codec::MessageType, flags: Flags, r: &RouteSpec<'_>) -> Vec<u8> {
    req(|b| {
        let r = RouteSpec {
            family: AF_INET6,
            ..*r
        };
        rr::route_request(b, seq, kind, flags, &r).unwrap();
    })
}

const CREATE_EXCL: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::EXCL.0);

/// v0 (3) ⇄ v1 (2), both up (carrier, IPv6 configured), lo up; a requester with
/// ext-ack and a monitor on the IPv6 address and route groups (drained).
fn setup() -> (Kernel, SimSocket, SimSocket) {
    let k = Kernel::new();
    let mut s = k.process(4242).socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    let mut m = k.process(9).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::IPV6_IFADDR).unwrap();
    m.join_group(group::IPV6_ROUTE).unwrap();
    ok(&mut s, &set_up(1, 1, true));
    ok(&mut s, &veth(2, "v0", Some(MAC_V0), "v1", Some(MAC_V1)));
    ok(&mut s, &set_up(3, 3, true));
    ok(&mut s, &set_up(4, 2, true));
    // One more request lets linkwatch run.
    ok(&mut s, &set_up(5, 2, true));
    drain(&mut m);
    (k, s, m)
}

#[test]
fn link_up_makes_multicast_and_link_local_routes_and_address() {
    let k = Kernel::new();
    let mut s = k.process(4242).socket(Protocol::ROUTE).unwrap();
    let mut m = k.process(9).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::IPV6_IFADDR).unwrap();
    m.join_group(group::IPV6_ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", Some(MAC_V0), "v1", Some(MAC_V1)));
    ok(&mut s, &set_up(2, 3, true));
    // Up without carrier: nothing for IPv6 yet (real kernel: no ff00/fe80 routes until
    // the peer came up).
    ok(&mut s, &set_up(3, 3, true));
    assert_eq!(shorts(&mut m), []);
    ok(&mut s, &set_up(4, 2, true));
    ok(&mut s, &set_up(5, 2, true));
    // Real kernel, peer up: per device ff00::/8 (table 255, type 5, metric 256) and
    // fe80::/64 (main, metric 256), the first device's with flags 0x600, the second's
    // with 0x400 (same prefix and metric already there); after DAD the link-local
    // address (flags 0x80, scope 253, IFA_PROTO 3) and its local route (metric 0).
    let ll1 = "fe80::ff:fe00:a1";
    let ll0 = "fe80::ff:fe00:a0";
    let want = [
        rt(24, 0x600, 255, 5, "ff00::", 8, 256, 2),
        rt(24, 0x600, 254, 1, "fe80::", 64, 256, 2),
        rt(24, 0x400, 255, 5, "ff00::", 8, 256, 3),
        rt(24, 0x400, 254, 1, "fe80::", 64, 256, 3),
        ad(20, 0x80, 253, ll1, 64, 0x80, 2),
        rt(24, 0x600, 255, 2, ll1, 128, 0, 2),
        ad(20, 0x80, 253, ll0, 64, 0x80, 3),
        rt(24, 0x600, 255, 2, ll0, 128, 0, 3),
    ];
    let got = messages(&drain(&mut m));
    assert_eq!(
        got.iter().map(|b| short(&decode(b))).collect::<Vec<_>>(),
        want
    );
    // Address notifications: seq 0, pid 0; the link-local one carries IFA_PROTO 3
    // (kernel_ll) after IFA_FLAGS.
    let a = msg(&got[4]);
    assert_eq!((a.seq(), a.pid()), (0, 0));
    let am = AddrMsg::parse(&a).unwrap();
    assert_eq!(am.family(), AF_INET6);
    let kinds: Vec<u16> = Attrs::with_offset(&a.payload()[8..], 0)
        .map(|x| x.unwrap().kind())
        .collect();
    assert_eq!(kinds, [1, 6, 8, 11]);
}

#[test]
fn address_add_notifications_and_routes() {
    let (_k, mut s, mut m) = setup();
    // nodad on a ready link: prefix route (0x600, metric 256), NEWADDR (ifa_flags 0x82:
    // permanent|nodad, seq 0), local route (table 255, type 2, metric 0).
    ok(&mut s, &add6(10, "2001:db8:1::1", 64, 3, NODAD));
    assert_eq!(
        shorts(&mut m),
        [
            rt(24, 0x600, 254, 1, "2001:db8:1::", 64, 256, 3),
            ad(20, 0x82, 0, "2001:db8:1::1", 64, 0x82, 3),
            rt(24, 0x600, 255, 2, "2001:db8:1::1", 128, 0, 3),
        ]
    );
    // With DAD: tentative (0xc0) first, then 0x80 with the local route.
    ok(&mut s, &add6(11, "2001:db8:2::1", 64, 3, 0));
    assert_eq!(
        shorts(&mut m),
        [
            rt(24, 0x600, 254, 1, "2001:db8:2::", 64, 256, 3),
            ad(20, 0xc0, 0, "2001:db8:2::1", 64, 0xc0, 3),
            ad(20, 0x80, 0, "2001:db8:2::1", 64, 0x80, 3),
            rt(24, 0x600, 255, 2, "2001:db8:2::1", 128, 0, 3),
        ]
    );
    // noprefixroute: IFA_FLAGS 0x282, no prefix route.
    ok(
        &mut s,
        &add6(12, "2001:db8:6::1", 64, 3, NODAD | NOPREFIXROUTE),
    );
    assert_eq!(
        shorts(&mut m),
        [
            ad(20, 0x82, 0, "2001:db8:6::1", 64, 0x282, 3),
            rt(24, 0x600, 255, 2, "2001:db8:6::1", 128, 0, 3),
        ]
    );
    // /128: a /128 prefix route in main as well as the local route.
    ok(&mut s, &add6(13, "2001:db8:8::1", 128, 3, NODAD));
    assert_eq!(
        shorts(&mut m)[0],
        rt(24, 0x600, 254, 1, "2001:db8:8::1", 128, 256, 3)
    );
    // Prefix length 0: a default route through the device.
    ok(&mut s, &add6(14, "2001:db8:9::1", 0, 3, NODAD));
    let e = events(&mut m);
    assert_eq!(
        (e[0].dst, e[0].len, e[0].metric_or_flags),
        (None, 0, Some(256))
    );
    // A user link-local address: scope 253, no second fe80::/64 route.
    ok(&mut s, &add6(15, "fe80::5", 64, 3, NODAD));
    assert_eq!(
        shorts(&mut m),
        [
            ad(20, 0x82, 253, "fe80::5", 64, 0x82, 3),
            rt(24, 0x600, 255, 2, "fe80::5", 128, 0, 3),
        ]
    );
    // IFA_RT_PRIORITY 77: the prefix route's metric; the attribute comes before
    // IFA_CACHEINFO (observed order 1, 9, 6, 8).
    ok(
        &mut s,
        &req(|b| {
            let spec = AddrSpec {
                flags: NODAD,
                rt_priority: Some(77),
                ..AddrSpec::new(ip6("2001:db8:a::1"), 64, 3)
            };
            ra::add_request(b, 16, &spec).unwrap();
        }),
    );
    let got = messages(&drain(&mut m));
    assert_eq!(
        short(&decode(&got[0])),
        rt(24, 0x600, 254, 1, "2001:db8:a::", 64, 77, 3)
    );
    let kinds: Vec<u16> = Attrs::with_offset(&msg(&got[1]).payload()[8..], 0)
        .map(|x| x.unwrap().kind())
        .collect();
    assert_eq!(kinds, [1, 9, 6, 8]);
    // Lifetimes valid 100 / preferred 50: flags 0x02 (not permanent), cacheinfo 50/100,
    // the prefix route expires in 10000 (USER_HZ ticks).
    ok(
        &mut s,
        &req(|b| {
            let spec = AddrSpec {
                flags: NODAD,
                lifetimes: Some((100, 50)),
                ..AddrSpec::new(ip6("2001:db8:7::1"), 64, 3)
            };
            ra::add_request(b, 17, &spec).unwrap();
        }),
    );
    let got = messages(&drain(&mut m));
    let route = msg(&got[0]);
    let ci = Attrs::with_offset(&route.payload()[12..], 0)
        .find(12)
        .unwrap()
        .unwrap();
    assert_eq!(
        u32::from_ne_bytes(ci.payload()[8..12].try_into().unwrap()),
        10000
    );
    let a = AddrMsg::parse(&msg(&got[1])).unwrap();
    assert_eq!(a.flags().unwrap(), 0x02);
    let c = a.cacheinfo().unwrap().unwrap();
    assert_eq!((c.preferred.get(), c.valid.get()), (50, 100));
}

#[test]
fn address_errors_and_replace() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8:1::1", 64, 3, NODAD));
    drain(&mut m);
    let exists = (17, Some(texts::ADDR6_EXISTS.to_string()));
    assert_eq!(texts::ADDR6_EXISTS, "ipv6: address already assigned");
    // Duplicate with CREATE|EXCL and with CREATE only: EEXIST with the text.
    assert_eq!(
        err(&mut s, &add6(11, "2001:db8:1::1", 64, 3, NODAD)),
        exists
    );
    let create_only = req(|b| {
        let spec = AddrSpec {
            flags: NODAD,
            ..AddrSpec::new(ip6("2001:db8:1::1"), 64, 3)
        };
        ra::addr_request(
            b,
            12,
            rtm::NEWADDR,
            Flags::REQUEST | Flags::ACK | Flags::CREATE,
            &spec,
        )
        .unwrap();
    });
    assert_eq!(err(&mut s, &create_only), exists);
    // The same address with another prefix length is the same address for IPv6.
    assert_eq!(
        err(&mut s, &add6(13, "2001:db8:1::1", 56, 3, NODAD)),
        exists
    );
    // The same address on another device is fine.
    ok(&mut s, &add6(14, "2001:db8:1::1", 64, 2, NODAD));
    drain(&mut m);
    // REPLACE: one NEWADDR, nothing else.
    ok(
        &mut s,
        &req(|b| {
            let spec = AddrSpec {
                flags: NODAD,
                ..AddrSpec::new(ip6("2001:db8:1::1"), 64, 3)
            };
            ra::replace_request(b, 15, &spec).unwrap();
        }),
    );
    assert_eq!(
        shorts(&mut m),
        [ad(20, 0x82, 0, "2001:db8:1::1", 64, 0x82, 3)]
    );
    // No CREATE flag: still created.
    ok(
        &mut s,
        &req(|b| {
            let spec = AddrSpec {
                flags: NODAD,
                ..AddrSpec::new(ip6("2001:db8:d::1"), 64, 3)
            };
            ra::addr_request(b, 16, rtm::NEWADDR, Flags::REQUEST | Flags::ACK, &spec).unwrap();
        }),
    );
    assert_eq!(shorts(&mut m).len(), 3);
    assert_eq!(
        err(&mut s, &add6(17, "2001:db8::2", 129, 3, 0)),
        (22, Some("ipv6: Invalid prefix length".into()))
    );
    let nodev = (19, Some("ipv6: Unable to find the interface".into()));
    assert_eq!(err(&mut s, &add6(18, "2001:db8::3", 64, 999, 0)), nodev);
    assert_eq!(err(&mut s, &add6(19, "2001:db8::3", 64, 0, 0)), nodev);
    // No address at all: EINVAL without ext-ack.
    let bare = req(|b| {
        let h = ra::IfAddrMsg::new(AF_INET6, 3);
        let mut w = ra::message(b, rtm::NEWADDR, CREATE_EXCL, 20, &h).unwrap();
        let _ = &mut w;
    });
    assert_eq!(err(&mut s, &bare), (22, None));
    let del = |seq, a: &str, len, idx| {
        req(|b| {
            ra::delete_request(b, seq, &AddrSpec::new(ip6(a), len, idx)).unwrap();
        })
    };
    let missing = (99, Some("ipv6: address not found".into()));
    assert_eq!(err(&mut s, &del(21, "2001:db8::99", 64, 3)), missing);
    assert_eq!(err(&mut s, &del(22, "2001:db8:1::1", 48, 3)), missing);
    assert_eq!(err(&mut s, &del(23, "2001:db8:1::1", 64, 999)), nodev);
    drain(&mut m);
    // Delete: DELADDR, its local route, then the prefix route (flags 0, seq 0 for the
    // address; the routes carry none either).
    ok(&mut s, &del(24, "2001:db8:1::1", 64, 3));
    assert_eq!(
        shorts(&mut m),
        [
            ad(21, 0x82, 0, "2001:db8:1::1", 64, 0x82, 3),
            rt(25, 0, 255, 2, "2001:db8:1::1", 128, 0, 3),
            rt(25, 0, 254, 1, "2001:db8:1::", 64, 256, 3),
        ]
    );
}

#[test]
fn link_down_flushes_routes_then_addresses() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    ok(&mut s, &add6(11, "2001:db8:1::1", 64, 3, NODAD));
    drain(&mut m);
    ok(&mut s, &set_up(12, 3, false));
    // Real kernel: DELROUTE of every route through the device in dump order (main, then
    // local), then DELADDR of every address in list order (newest first, link-local
    // last).
    assert_eq!(
        shorts(&mut m),
        [
            rt(25, 0, 254, 1, "2001:db8::", 64, 256, 3),
            rt(25, 0, 254, 1, "2001:db8:1::", 64, 256, 3),
            rt(25, 0, 254, 1, "fe80::", 64, 256, 3),
            rt(25, 0, 255, 2, "2001:db8::1", 128, 0, 3),
            rt(25, 0, 255, 2, "2001:db8:1::1", 128, 0, 3),
            rt(25, 0, 255, 2, "fe80::ff:fe00:a0", 128, 0, 3),
            rt(25, 0, 255, 5, "ff00::", 8, 256, 3),
            ad(21, 0x82, 0, "2001:db8:1::1", 64, 0x82, 3),
            ad(21, 0x82, 0, "2001:db8::1", 64, 0x82, 3),
            ad(21, 0x80, 253, "fe80::ff:fe00:a0", 64, 0x80, 3),
        ]
    );
    // The peer lost its carrier: its non-local routes show RTNH_F_LINKDOWN (0x10); local
    // routes (here also lo's ::1) never do.
    s.send(&req(|b| {
        let f = RouteDumpFilter {
            family: AF_INET6,
            ..RouteDumpFilter::default()
        };
        rr::dump_request(b, 13, &f).unwrap();
    }))
    .unwrap();
    let dump: Vec<Ev> = messages(&drain(&mut s))
        .iter()
        .filter(|b| msg(b).message_type() == rtm::NEWROUTE)
        .map(|b| decode(b))
        .collect();
    let flags: Vec<(u8, u32)> = dump
        .iter()
        .map(|e| (e.rtype_or_scope, e.rtm_flags))
        .collect();
    assert_eq!(flags, [(1, 0x10), (2, 0), (2, 0), (5, 0x10)]);
}

#[test]
fn route_flags_semantics_and_errors() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    ok(&mut s, &add6(11, "2001:db8:f::1", 64, 2, NODAD));
    drain(&mut m);
    let r1 = |gw: &str| RouteSpec {
        gateway: Some(ip6(gw)),
        ..RouteSpec::to(ip6("2001:db8:1::"), 48)
    };
    let add = |seq, r: &RouteSpec<'_>| route6(seq, rtm::NEWROUTE, CREATE_EXCL, r);
    let with = |seq, fl: Flags, r: &RouteSpec<'_>| {
        route6(seq, rtm::NEWROUTE, fl | Flags::REQUEST | Flags::ACK, r)
    };
    // Add: notification 0x600 with the requester's seq, metric 1024, device resolved.
    ok(&mut s, &add(20, &r1("2001:db8::2")));
    let e = events(&mut m);
    assert_eq!(
        short(&e[0]),
        rt(24, 0x600, 254, 1, "2001:db8:1::", 48, 1024, 3)
    );
    assert_eq!((e[0].seq, e[0].gateway), (20, Some(v6("2001:db8::2"))));
    // Duplicates: EEXIST without ext-ack, with CREATE|EXCL (also another gateway) and
    // with CREATE only (same gateway).
    assert_eq!(err(&mut s, &add(21, &r1("2001:db8::2"))), (17, None));
    assert_eq!(err(&mut s, &add(22, &r1("2001:db8::3"))), (17, None));
    assert_eq!(
        err(&mut s, &with(23, Flags::CREATE, &r1("2001:db8::2"))),
        (17, None)
    );
    // CREATE only, another gateway: an ECMP sibling; 0x400, RTA_MULTIPATH new first.
    ok(&mut s, &with(24, Flags::CREATE, &r1("2001:db8::3")));
    let e = events(&mut m);
    assert_eq!((e[0].flags, e[0].oif, e[0].gateway), (0x400, None, None));
    assert_eq!(
        e[0].multipath,
        [
            (3, Some(v6("2001:db8::3")), 0),
            (3, Some(v6("2001:db8::2")), 0)
        ]
    );
    // APPEND: 0xc00, the appended nexthop first.
    ok(
        &mut s,
        &with(25, Flags::CREATE | Flags::APPEND, &r1("2001:db8::4")),
    );
    let e = events(&mut m);
    assert_eq!(e[0].flags, 0xc00);
    assert_eq!(
        e[0].multipath
            .iter()
            .map(|x| x.1.unwrap())
            .collect::<Vec<_>>(),
        [v6("2001:db8::4"), v6("2001:db8::2"), v6("2001:db8::3")]
    );
    // REPLACE: the whole ECMP route becomes the one nexthop, 0x100.
    ok(
        &mut s,
        &with(26, Flags::CREATE | Flags::REPLACE, &r1("2001:db8::5")),
    );
    let e = events(&mut m);
    assert_eq!((e[0].flags, e[0].gateway), (0x100, Some(v6("2001:db8::5"))));
    assert!(e[0].multipath.is_empty());
    // Another metric: a separate route.
    ok(
        &mut s,
        &add(
            27,
            &RouteSpec {
                priority: Some(100),
                ..r1("2001:db8::2")
            },
        ),
    );
    assert_eq!(events(&mut m)[0].metric_or_flags, Some(100));
    // A device route, then a gateway route on the same prefix with CREATE only: not
    // siblings (0x400, no RTA_MULTIPATH).
    let dev = RouteSpec {
        oif: 3,
        ..RouteSpec::to(ip6("2001:db8:2::"), 48)
    };
    ok(&mut s, &add(28, &dev));
    assert_eq!(
        err(&mut s, &add(29, &RouteSpec { oif: 2, ..dev })),
        (17, None)
    );
    let gw = RouteSpec {
        gateway: Some(ip6("2001:db8::6")),
        ..RouteSpec::to(ip6("2001:db8:2::"), 48)
    };
    ok(&mut s, &with(30, Flags::CREATE, &gw));
    let e = events(&mut m);
    assert_eq!(
        e.iter().map(|e| e.flags).collect::<Vec<_>>(),
        [0x600, 0x400]
    );
    assert!(e[1].multipath.is_empty());
    // RTA_MULTIPATH add: one notification, 0x400, weights as hops.
    let nhs = [
        NexthopSpec {
            gateway: Some(ip6("2001:db8::7")),
            ifindex: 3,
            weight: 1,
            flags: 0,
        },
        NexthopSpec {
            gateway: Some(ip6("2001:db8:f::7")),
            ifindex: 2,
            weight: 2,
            flags: 0,
        },
    ];
    let mp = RouteSpec {
        nexthops: &nhs,
        ..RouteSpec::to(ip6("2001:db8:3::"), 48)
    };
    ok(&mut s, &add(31, &mp));
    let e = events(&mut m);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].flags, 0x400);
    assert_eq!(
        e[0].multipath,
        [
            (3, Some(v6("2001:db8::7")), 0),
            (2, Some(v6("2001:db8:f::7")), 1)
        ]
    );
    // Host bits are accepted and cleared.
    ok(
        &mut s,
        &add(
            32,
            &RouteSpec {
                gateway: Some(ip6("2001:db8::2")),
                ..RouteSpec::to(ip6("2001:db8:5::1"), 48)
            },
        ),
    );
    assert_eq!(events(&mut m)[0].dst, Some(v6("2001:db8:5::")));
    // Errors.
    let to = |d: &str, l| RouteSpec::to(ip6(d), l);
    assert_eq!(
        err(
            &mut s,
            &add(
                33,
                &RouteSpec {
                    gateway: Some(ip6("2001:db8::2")),
                    ..to("2001:db8:6::", 129)
                }
            )
        ),
        (22, None)
    );
    assert_eq!(
        err(
            &mut s,
            &add(
                34,
                &RouteSpec {
                    gateway: Some(ip6("2001:dead::1")),
                    ..to("2001:db8:7::", 48)
                }
            )
        ),
        (113, None)
    );
    assert_eq!(
        err(
            &mut s,
            &add(
                35,
                &RouteSpec {
                    gateway: Some(ip6("2001:dead::1")),
                    oif: 3,
                    ..to("2001:db8:7::", 48)
                }
            )
        ),
        (113, None)
    );
    assert_eq!(
        err(
            &mut s,
            &add(
                36,
                &RouteSpec {
                    oif: 999,
                    ..to("2001:db8:8::", 48)
                }
            )
        ),
        (19, None)
    );
    assert_eq!(
        err(
            &mut s,
            &with(
                37,
                Flags::REPLACE,
                &RouteSpec {
                    gateway: Some(ip6("2001:db8::2")),
                    ..to("2001:db8:a::", 48)
                }
            )
        ),
        (2, Some(texts::ROUTE6_REPLACE_MISSING.into()))
    );
    assert_eq!(
        err(
            &mut s,
            &add(
                38,
                &RouteSpec {
                    gateway: Some(ip6("fe80::1")),
                    ..to("2001:db8:d::", 48)
                }
            )
        ),
        (22, Some("Egress device not specified".into()))
    );
    drain(&mut m);
    // No CREATE flag: created anyway, 0x600.
    ok(
        &mut s,
        &route6(
            40,
            rtm::NEWROUTE,
            Flags::REQUEST | Flags::ACK,
            &RouteSpec {
                gateway: Some(ip6("2001:db8::2")),
                ..to("2001:db8:9::", 48)
            },
        ),
    );
    assert_eq!(events(&mut m)[0].flags, 0x600);
    // Link-local gateway with a device; blackhole (oif lo).
    ok(
        &mut s,
        &add(
            41,
            &RouteSpec {
                gateway: Some(ip6("fe80::1")),
                oif: 3,
                ..to("2001:db8:c::", 48)
            },
        ),
    );
    ok(
        &mut s,
        &add(
            42,
            &RouteSpec {
                route_type: Some(6),
                ..to("2001:db8:e::", 48)
            },
        ),
    );
    let e = events(&mut m);
    assert_eq!(
        (e[1].rtype_or_scope, e[1].oif, e[1].metric_or_flags),
        (6, Some(1), Some(1024))
    );
    // A device route through a device that is down: ENETDOWN with the text.
    ok(&mut s, &set_up(43, 2, false));
    assert_eq!(
        err(
            &mut s,
            &add(
                44,
                &RouteSpec {
                    oif: 2,
                    ..to("2001:db8:11::", 48)
                }
            )
        ),
        (100, Some("Nexthop device is not up".into()))
    );
}

#[test]
fn route_delete_and_lookup() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    ok(&mut s, &add6(11, "2001:db8:f::1", 64, 2, NODAD));
    let nhs = [
        NexthopSpec {
            gateway: Some(ip6("2001:db8::7")),
            ifindex: 3,
            weight: 1,
            flags: 0,
        },
        NexthopSpec {
            gateway: Some(ip6("2001:db8:f::7")),
            ifindex: 2,
            weight: 2,
            flags: 0,
        },
        NexthopSpec {
            gateway: Some(ip6("2001:db8::8")),
            ifindex: 3,
            weight: 1,
            flags: 0,
        },
    ];
    let to = |d: &str, l| RouteSpec::to(ip6(d), l);
    ok(
        &mut s,
        &route6(
            12,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                nexthops: &nhs,
                ..to("2001:db8:3::", 48)
            },
        ),
    );
    ok(
        &mut s,
        &route6(
            13,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                gateway: Some(ip6("2001:db8::1:1")),
                ..RouteSpec::default_route(AF_INET6)
            },
        ),
    );
    ok(
        &mut s,
        &route6(
            14,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                gateway: Some(ip6("2001:db8::2")),
                priority: Some(100),
                ..to("2001:db8:1::", 48)
            },
        ),
    );
    ok(
        &mut s,
        &route6(
            15,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                route_type: Some(6),
                ..to("2001:db8:e::", 48)
            },
        ),
    );
    ok(
        &mut s,
        &route6(
            16,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                route_type: Some(7),
                ..to("2001:db8:10::", 48)
            },
        ),
    );
    drain(&mut m);
    let del = |seq, r: &RouteSpec<'_>| route6(seq, rtm::DELROUTE, Flags::REQUEST | Flags::ACK, r);
    // Missing: ESRCH, no ext-ack; table 77: ESRCH 'FIB table does not exist'.
    assert_eq!(err(&mut s, &del(20, &to("2001:db8:99::", 48))), (3, None));
    assert_eq!(
        err(
            &mut s,
            &del(
                21,
                &RouteSpec {
                    table: 77,
                    ..to("2001:db8:1::", 48)
                }
            )
        ),
        (3, Some("FIB table does not exist".into()))
    );
    assert_eq!(
        err(
            &mut s,
            &del(
                22,
                &RouteSpec {
                    gateway: Some(ip6("2001:db8::77")),
                    ..to("2001:db8:1::", 48)
                }
            )
        ),
        (3, None)
    );
    // One nexthop by gateway: DELROUTE of that nexthop alone.
    ok(
        &mut s,
        &del(
            23,
            &RouteSpec {
                gateway: Some(ip6("2001:db8::8")),
                ..to("2001:db8:3::", 48)
            },
        ),
    );
    let e = events(&mut m);
    assert_eq!(
        (e[0].kind, e[0].flags, e[0].seq, e[0].gateway),
        (25, 0, 23, Some(v6("2001:db8::8")))
    );
    // Without a gateway: the rest of the ECMP route, as one message.
    ok(&mut s, &del(24, &to("2001:db8:3::", 48)));
    let e = events(&mut m);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].multipath.len(), 2);
    // Lookups: through the default route; reply dst_len 128, src_len 128, flags 0,
    // RTA_SRC ::, the source address chosen, metric and protocol of the route.
    let get = |s: &mut SimSocket, seq, dst: &str, flags: u32, oif: u32| {
        let q = RouteQuery {
            family: AF_INET6,
            flags,
            oif,
            ..RouteQuery::to(ip6(dst))
        };
        s.send(&req(|b| {
            rr::get_request(b, seq, &q).unwrap();
        }))
        .unwrap();
        messages(&drain(s)).remove(0)
    };
    let r = get(&mut s, 30, "2001:db8:4::5", 0, 0);
    let p = msg(&r).payload().to_vec();
    // Observed header 0a 80 80 00 fe 03 00 01 00000000.
    assert_eq!(&p[..12], &[10, 128, 128, 0, 254, 3, 0, 1, 0, 0, 0, 0]);
    let kinds: Vec<u16> = Attrs::with_offset(&p[12..], 0)
        .map(|a| a.unwrap().kind())
        .collect();
    assert_eq!(kinds, [15, 1, 2, 7, 6, 5, 4, 12, 20]);
    let e = decode(&r);
    assert_eq!(
        (e.gateway, e.oif, e.metric_or_flags),
        (Some(v6("2001:db8::1:1")), Some(3), Some(1024))
    );
    let prefsrc = Attrs::with_offset(&p[12..], 0).find(7).unwrap().unwrap();
    assert_eq!(prefsrc.payload(), v6("2001:db8::1").octets());
    // A local address: table 255, type local, oif lo, metric 0.
    let r = get(&mut s, 31, "2001:db8::1", 0, 0);
    let e = decode(&r);
    assert_eq!(
        (e.table_or_flags, e.rtype_or_scope, e.oif, e.metric_or_flags),
        (255, 2, Some(1), Some(0))
    );
    // On-link: the prefix route (metric 256, proto kernel).
    let r = get(&mut s, 32, "2001:db8::9", 0, 0);
    assert_eq!(&msg(&r).payload()[4..8], &[254, 2, 0, 1]);
    assert_eq!(decode(&r).metric_or_flags, Some(256));
    // Reject routes and an unknown oif.
    let errno = |r: &[u8]| nlwire_codec::ErrorMsg::parse(&msg(r)).unwrap().errno();
    assert_eq!(errno(&get(&mut s, 33, "2001:db8:e::1", 0, 0)), Some(22));
    assert_eq!(errno(&get(&mut s, 34, "2001:db8:10::1", 0, 0)), Some(113));
    assert_eq!(errno(&get(&mut s, 35, "2001:db8:4::5", 0, 999)), Some(101));
    // RTM_F_FIB_MATCH: the FIB entry itself (the default route).
    let r = get(&mut s, 36, "2001:db8:4::5", 0x2000, 0);
    let e = decode(&r);
    assert_eq!(
        (e.len, e.dst, e.gateway),
        (0, None, Some(v6("2001:db8::1:1")))
    );
}

#[test]
fn dumps_order_families_and_strict_filters() {
    let (_k, mut s, _m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    ok(
        &mut s,
        &add_addr(11, 2, std::net::Ipv4Addr::new(10, 0, 0, 1), 24),
    );
    // AF_UNSPEC address dump: every IPv4 address, then every IPv6 one (the IPv4 address
    // of ifindex 2... before the IPv6 ones of ifindex 1); per device newest first,
    // link-local last.
    s.send(&req(|b| {
        ra::dump_request(b, 20, 0, 0).unwrap();
    }))
    .unwrap();
    let got: Vec<(u8, u32)> = messages(&drain(&mut s))
        .iter()
        .filter(|b| msg(b).message_type() == rtm::NEWADDR)
        .map(|b| {
            let a = AddrMsg::parse(&msg(b)).unwrap();
            (a.family(), a.index())
        })
        .collect();
    assert_eq!(got, [(2, 1), (2, 2), (10, 1), (10, 2), (10, 3), (10, 3)]);
    // (Without strict checking the header's table is ignored: everything comes.)
    // Route dump order inside table main is the fib6 trie walk: longer prefixes before
    // the one covering them, then by address, default last.
    s.send(&req(|b| {
        let f = RouteDumpFilter {
            family: AF_INET6,
            table: 254,
            ..RouteDumpFilter::default()
        };
        rr::dump_request(b, 21, &f).unwrap();
    }))
    .unwrap();
    let got: Vec<(Option<Ipv6Addr>, u8)> = messages(&drain(&mut s))
        .iter()
        .filter(|b| msg(b).message_type() == rtm::NEWROUTE)
        .map(|b| decode(b))
        .filter(|e| e.table_or_flags == 254)
        .map(|e| (e.dst, e.len))
        .collect();
    assert_eq!(
        got,
        [
            (Some(v6("2001:db8::")), 64),
            (Some(v6("fe80::")), 64),
            (Some(v6("fe80::")), 64),
        ]
    );
    // Strict dumps: the IPv6 texts, and a missing table.
    s.set_strict_check(true).unwrap();
    let done = |s: &mut SimSocket, r: Vec<u8>| {
        s.send(&r).unwrap();
        let last = messages(&drain(s)).pop().unwrap();
        let m = msg(&last);
        let d = nlwire_codec::Done::parse(&m).unwrap();
        (d.code(), d.ext_ack().msg.map(str::to_string))
    };
    let bad_header = req(|b| {
        let mut h = ra::IfAddrMsg::new(AF_INET6, 0);
        h.prefix_len = 5;
        ra::message(b, rtm::GETADDR, Flags::REQUEST | Flags::DUMP, 22, &h).unwrap();
    });
    assert_eq!(
        done(&mut s, bad_header),
        (
            -22,
            Some("ipv6: Invalid values in header for address dump request".into())
        )
    );
    let missing = req(|b| {
        let f = RouteDumpFilter {
            family: AF_INET6,
            table: 77,
            ..RouteDumpFilter::default()
        };
        rr::dump_request(b, 23, &f).unwrap();
    });
    assert_eq!(
        done(&mut s, missing),
        (-2, Some("ipv6: FIB table does not exist".into()))
    );
}

/// Masks `IFA_CACHEINFO`'s timestamps (cstamp, tstamp) of an address message.
fn mask_addr_stamps(m: &mut [u8]) {
    let mut off = 24;
    while off + 4 <= m.len() {
        let len = usize::from(u16::from_ne_bytes([m[off], m[off + 1]]));
        let kind = u16::from_ne_bytes([m[off + 2], m[off + 3]]);
        if kind == 6 && len == 20 {
            m[off + 12..off + 20].fill(0);
        }
        if len < 4 {
            break;
        }
        off += (len + 3) & !3;
    }
}

/// The fixture state plus what `capture.py` adds for IPv6 (DAD addresses, a route via
/// a gateway, an ECMP route, a route in table 100).
fn fixture_state6(k: &Kernel) {
    fixture_state(k);
    let mut s = k.process(1).socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &add6(100, "fd00:1::1", 64, 3, 0));
    ok(&mut s, &add6(101, "fd00:2::1", 64, 2, 0));
    ok(&mut s, &add6(102, "fd00:10::1", 64, 4, 0));
    let to = |d: &str| RouteSpec::to(ip6(d), 64);
    ok(
        &mut s,
        &route6(
            103,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                gateway: Some(ip6("fd00:1::2")),
                oif: 3,
                ..to("fd00:20::")
            },
        ),
    );
    let nhs = [
        NexthopSpec {
            gateway: Some(ip6("fd00:1::2")),
            ifindex: 3,
            weight: 1,
            flags: 0,
        },
        NexthopSpec {
            gateway: Some(ip6("fd00:2::2")),
            ifindex: 2,
            weight: 1,
            flags: 0,
        },
    ];
    ok(
        &mut s,
        &route6(
            104,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                nexthops: &nhs,
                ..to("fd00:9::")
            },
        ),
    );
    ok(
        &mut s,
        &route6(
            105,
            rtm::NEWROUTE,
            CREATE_EXCL,
            &RouteSpec {
                gateway: Some(ip6("fd00:2::2")),
                oif: 2,
                table: 100,
                ..to("fd00:30::")
            },
        ),
    );
}

#[test]
fn fixture_addr_dump_byte_exact_with_ipv6() {
    let k = Kernel::new();
    fixture_state6(&k);
    let mut s = fixture_sock(&k);
    let (req, want) = fixture("addr_dump");
    s.send(&req).unwrap();
    let mut gm = messages(&drain(&mut s));
    let mut wm = messages(&[want]);
    assert_eq!(gm.len(), wm.len(), "5 IPv4 + 7 IPv6 + DONE");
    for (i, (g, w)) in gm.iter_mut().zip(wm.iter_mut()).enumerate() {
        mask_addr_stamps(g);
        mask_addr_stamps(w);
        assert_eq!(g, w, "address message {i}");
    }
}

#[test]
fn fixture_route6_dump_byte_exact() {
    let k = Kernel::new();
    fixture_state6(&k);
    let mut s = fixture_sock(&k);
    let (req, want) = fixture("route6_dump");
    s.send(&req).unwrap();
    let gm = messages(&drain(&mut s));
    let wm = messages(&[want]);
    let dsts = |ms: &[Vec<u8>]| {
        ms.iter()
            .filter(|b| msg(b).message_type() == rtm::NEWROUTE)
            .map(|b| {
                let e = decode(b);
                (e.table_or_flags, e.dst, e.len, e.oif)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(dsts(&gm), dsts(&wm));
    for (i, (g, w)) in gm.iter().zip(wm.iter()).enumerate() {
        assert_eq!(g, w, "route message {i}");
    }
}

#[test]
fn gateway_prefsrc_multipath_checks_and_echo() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    drain(&mut m);
    let to = |d: &str| RouteSpec::to(ip6(d), 48);
    let gw = |g: &str, d: &str| RouteSpec {
        gateway: Some(ip6(g)),
        ..to(d)
    };
    let add = |seq, r: &RouteSpec<'_>| route6(seq, rtm::NEWROUTE, CREATE_EXCL, r);
    // Observed: EINVAL 'Gateway can not be a local address'.
    assert_eq!(
        err(&mut s, &add(20, &gw("2001:db8::1", "2001:db8:21::"))),
        (22, Some("Gateway can not be a local address".into()))
    );
    // Observed: EINVAL 'Invalid source address'; a valid one is kept (RTA_PREFSRC).
    let src = |p: &str, d: &str| RouteSpec {
        prefsrc: Some(ip6(p)),
        ..gw("2001:db8::2", d)
    };
    assert_eq!(
        err(&mut s, &add(21, &src("2001:db8:99::1", "2001:db8:22::"))),
        (22, Some("Invalid source address".into()))
    );
    ok(&mut s, &add(22, &src("2001:db8::1", "2001:db8:23::")));
    let got = messages(&drain(&mut m));
    let p = Attrs::with_offset(&msg(&got[0]).payload()[12..], 0)
        .find(7)
        .unwrap()
        .unwrap();
    assert_eq!(p.payload(), v6("2001:db8::1").octets());
    // Observed: dev-only nexthops in RTA_MULTIPATH are refused with this text.
    let dev_only = [
        NexthopSpec {
            ifindex: 3,
            ..NexthopSpec::default()
        },
        NexthopSpec {
            ifindex: 2,
            ..NexthopSpec::default()
        },
    ];
    assert_eq!(
        err(
            &mut s,
            &add(
                23,
                &RouteSpec {
                    nexthops: &dev_only,
                    ..to("2001:db8:24::")
                }
            )
        ),
        (
            22,
            Some("Device only routes can not be added for IPv6 using the multipath API.".into())
        )
    );
    // One nexthop in RTA_MULTIPATH: a plain route, announced with 0x400.
    let one = [NexthopSpec {
        gateway: Some(ip6("2001:db8::2")),
        ifindex: 3,
        ..NexthopSpec::default()
    }];
    ok(
        &mut s,
        &add(
            24,
            &RouteSpec {
                nexthops: &one,
                ..to("2001:db8:25::")
            },
        ),
    );
    let e = events(&mut m);
    assert_eq!(
        (e[0].flags, e[0].gateway, e[0].multipath.len()),
        (0x400, Some(v6("2001:db8::2")), 0)
    );
    // ECHO: a route is echoed to the requester before the ack; an address is not.
    ok(&mut s, &add(25, &gw("2001:db8::2", "2001:db8:20::")));
    drain(&mut m);
    s.send(&route6(
        26,
        rtm::NEWROUTE,
        CREATE_EXCL | Flags::ECHO,
        &gw("2001:db8::2", "2001:db8:26::"),
    ))
    .unwrap();
    let got = messages(&drain(&mut s));
    assert_eq!(
        got.iter()
            .map(|b| msg(b).message_type().0)
            .collect::<Vec<_>>(),
        [24, 2]
    );
    assert_eq!(decode(&got[0]).seq, 26);
    s.send(&req(|b| {
        let spec = AddrSpec {
            flags: NODAD,
            ..AddrSpec::new(ip6("2001:db8:1::1"), 64, 3)
        };
        ra::addr_request(b, 27, rtm::NEWADDR, CREATE_EXCL | Flags::ECHO, &spec).unwrap();
    }))
    .unwrap();
    let got = messages(&drain(&mut s));
    assert_eq!(
        got.iter()
            .map(|b| msg(b).message_type().0)
            .collect::<Vec<_>>(),
        [2]
    );
    drain(&mut m);
    // Delete by device only.
    ok(
        &mut s,
        &route6(
            28,
            rtm::DELROUTE,
            Flags::REQUEST | Flags::ACK,
            &RouteSpec {
                oif: 3,
                ..to("2001:db8:20::")
            },
        ),
    );
    let e = events(&mut m);
    assert_eq!((e[0].kind, e[0].gateway), (25, Some(v6("2001:db8::2"))));
}

#[test]
fn strict_getroute_checks() {
    let (_k, mut s, _m) = setup();
    s.set_strict_check(true).unwrap();
    let get = |seq, dst_len: u8, table: u8, extra: Option<(u16, u32)>| {
        req(|b| {
            let h = rr::RtMsg {
                dst_len,
                table,
                ..rr::RtMsg::new(AF_INET6)
            };
            let mut w = rr::message(b, rtm::GETROUTE, Flags::REQUEST, seq, &h).unwrap();
            w.put_ipv6(1, v6("2001:db8::5")).unwrap();
            if let Some((t, v)) = extra {
                w.put_u32(t, v).unwrap();
            }
            w.finish();
        })
    };
    let values = (
        22,
        Some("ipv6: Invalid values in header for get route request".into()),
    );
    assert_eq!(err(&mut s, &get(1, 64, 0, None)), values);
    assert_eq!(err(&mut s, &get(2, 128, 254, None)), values);
    assert_eq!(
        err(&mut s, &get(3, 128, 0, Some((6, 5)))),
        (
            22,
            Some("ipv6: Unsupported attribute in get route request".into())
        )
    );
    let short = req(|b| {
        let mut w = nlwire_codec::Builder::message(b, rtm::GETROUTE, Flags::REQUEST, 4, 0).unwrap();
        w.put_bytes(&[10, 0, 0, 0]).unwrap();
        w.finish();
    });
    assert_eq!(
        err(&mut s, &short),
        (
            22,
            Some("ipv6: Invalid header for get route request".into())
        )
    );
}

#[test]
fn mtu_below_1280_drops_ipv6_and_back_restores_it() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    drain(&mut m);
    let mtu = |seq, v| set_u32(seq, 3, nlwire_codec::rtnl::link::ifla::MTU, v);
    // Observed at mtu 1200: every IPv6 route of the device (dump order), then every
    // address.
    ok(&mut s, &mtu(11, 1200));
    let e = events(&mut m);
    let kinds: Vec<u16> = e.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [25, 25, 25, 25, 25, 21, 21]);
    // No IPv6 below 1280: EINVAL without ext-ack.
    assert_eq!(
        err(&mut s, &add6(12, "2001:db8:30::1", 64, 3, NODAD)),
        (22, None)
    );
    // Back at 1500: ff00::/8 and fe80::/64 again (0x400: the peer's routes share the
    // prefix and metric), then the link-local address after DAD.
    ok(&mut s, &mtu(13, 1500));
    assert_eq!(
        shorts(&mut m),
        [
            rt(24, 0x400, 255, 5, "ff00::", 8, 256, 3),
            rt(24, 0x400, 254, 1, "fe80::", 64, 256, 3),
            ad(20, 0x80, 253, "fe80::ff:fe00:a0", 64, 0x80, 3),
            rt(24, 0x600, 255, 2, "fe80::ff:fe00:a0", 128, 0, 3),
        ]
    );
}

#[test]
fn ecmp_sibling_dies_with_its_device_and_goes_with_it() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &veth(10, "w0", None, "w1", None));
    ok(&mut s, &set_up(11, 5, true));
    ok(&mut s, &set_up(12, 4, true));
    ok(&mut s, &set_up(13, 4, true));
    ok(&mut s, &add6(14, "2001:db8::1", 64, 3, NODAD));
    ok(&mut s, &add6(15, "2001:db8:f::1", 64, 5, NODAD));
    let nhs = [
        NexthopSpec {
            gateway: Some(ip6("2001:db8::7")),
            ifindex: 3,
            ..NexthopSpec::default()
        },
        NexthopSpec {
            gateway: Some(ip6("2001:db8:f::7")),
            ifindex: 5,
            ..NexthopSpec::default()
        },
    ];
    let mp = RouteSpec {
        nexthops: &nhs,
        ..RouteSpec::to(ip6("2001:db8:3::"), 48)
    };
    ok(&mut s, &route6(16, rtm::NEWROUTE, CREATE_EXCL, &mp));
    drain(&mut m);
    let ecmp = |s: &mut SimSocket, seq| {
        s.send(&req(|b| {
            let f = RouteDumpFilter {
                family: AF_INET6,
                ..RouteDumpFilter::default()
            };
            rr::dump_request(b, seq, &f).unwrap();
        }))
        .unwrap();
        messages(&drain(s))
            .iter()
            .filter(|b| msg(b).message_type() == rtm::NEWROUTE)
            .map(|b| decode(b))
            .find(|e| e.dst == Some(v6("2001:db8:3::")))
            .map(|e| e.multipath)
    };
    // Observed: w0 down, the route stays; the sibling's rtnh_flags are 0x11 (dead,
    // linkdown); no notification about it (only w0's own routes go).
    ok(&mut s, &set_up(17, 5, false));
    assert!(
        events(&mut m)
            .iter()
            .all(|e| e.dst != Some(v6("2001:db8:3::")))
    );
    let gw0 = Some(v6("2001:db8::7"));
    let gw5 = Some(v6("2001:db8:f::7"));
    assert_eq!(ecmp(&mut s, 18), Some(vec![(3, gw0, 0), (5, gw5, 0)]));
    let raw = {
        s.send(&req(|b| {
            let f = RouteDumpFilter {
                family: AF_INET6,
                ..RouteDumpFilter::default()
            };
            rr::dump_request(b, 19, &f).unwrap();
        }))
        .unwrap();
        messages(&drain(&mut s))
            .into_iter()
            .find(|b| decode(b).dst == Some(v6("2001:db8:3::")))
            .unwrap()
    };
    let mpa = Attrs::with_offset(&msg(&raw).payload()[12..], 0)
        .find(9)
        .unwrap()
        .unwrap();
    // rtnexthop flags of the two siblings: 0x00 and 0x11.
    assert_eq!((mpa.payload()[2], mpa.payload()[28 + 2]), (0x00, 0x11));
    // w0 up again: alive (flags 0), silently.
    ok(&mut s, &set_up(20, 5, true));
    assert!(
        events(&mut m)
            .iter()
            .all(|e| e.dst != Some(v6("2001:db8:3::")))
    );
    s.send(&req(|b| {
        let f = RouteDumpFilter {
            family: AF_INET6,
            ..RouteDumpFilter::default()
        };
        rr::dump_request(b, 21, &f).unwrap();
    }))
    .unwrap();
    let raw = messages(&drain(&mut s))
        .into_iter()
        .find(|b| decode(b).dst == Some(v6("2001:db8:3::")))
        .unwrap();
    let mpa = Attrs::with_offset(&msg(&raw).payload()[12..], 0)
        .find(9)
        .unwrap()
        .unwrap();
    assert_eq!(mpa.payload()[28 + 2], 0);
    // Deleting w0: a DELROUTE of that sibling alone (rtm_flags 0x11, gateway, oif 5);
    // the route keeps the other one.
    ok(&mut s, &del_link(22, 5));
    let e: Vec<Ev> = events(&mut m)
        .into_iter()
        .filter(|e| e.dst == Some(v6("2001:db8:3::")))
        .collect();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].kind, e[0].rtm_flags, e[0].gateway, e[0].oif),
        (25, 0x11, gw5, Some(5))
    );
    let left = ecmp(&mut s, 23);
    assert_eq!(left, Some(vec![]));
}

#[test]
fn getaddr_do() {
    let (_k, mut s, _m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    let get = |s: &mut SimSocket, seq, fam_addr: &str, index| {
        s.send(&req(|b| {
            let a = AddrSpec::new(fam_addr.parse().unwrap(), 0, index);
            ra::addr_request(b, seq, rtm::GETADDR, Flags::REQUEST, &a).unwrap();
        }))
        .unwrap();
        messages(&drain(s)).remove(0)
    };
    // Observed: a NEWADDR with the requester's seq and flags 0, with or without the
    // index, and also for an index that names no device (999).
    for (seq, idx) in [(20, 3), (21, 0), (22, 999)] {
        let r = get(&mut s, seq, "2001:db8::1", idx);
        let m = msg(&r);
        assert_eq!(
            (m.message_type(), m.flags().0, m.seq()),
            (rtm::NEWADDR, 0, seq)
        );
        assert_eq!(AddrMsg::parse(&m).unwrap().index(), 3);
    }
    let errno = |r: &[u8]| nlwire_codec::ErrorMsg::parse(&msg(r)).unwrap().errno();
    // Another device's index, or an unknown address: EADDRNOTAVAIL; IPv4: EOPNOTSUPP.
    assert_eq!(errno(&get(&mut s, 23, "2001:db8::1", 2)), Some(99));
    assert_eq!(errno(&get(&mut s, 24, "2001:db8::9", 0)), Some(99));
    assert_eq!(errno(&get(&mut s, 25, "10.0.0.1", 0)), Some(95));
}

#[test]
fn route_preference_and_expiry() {
    let (_k, mut s, mut m) = setup();
    ok(&mut s, &add6(10, "2001:db8::1", 64, 3, NODAD));
    drain(&mut m);
    let with = |seq, d: &str, t: u16, v: &[u8]| {
        req(|b| {
            let h = rr::RtMsg {
                dst_len: 48,
                table: 254,
                protocol: 3,
                route_type: 1,
                ..rr::RtMsg::new(AF_INET6)
            };
            let mut w = rr::message(b, rtm::NEWROUTE, CREATE_EXCL, seq, &h).unwrap();
            w.put_ipv6(1, v6(d)).unwrap();
            w.put_ipv6(5, v6("2001:db8::2")).unwrap();
            w.put(t, v).unwrap();
            w.finish();
        })
    };
    let last_attr = |m: &mut SimSocket, t: u16| {
        let b = messages(&drain(m)).remove(0);
        let a = Attrs::with_offset(&msg(&b).payload()[12..], 0)
            .find(t)
            .unwrap()
            .unwrap();
        a.payload().to_vec()
    };
    // Observed: RTA_PREF 1 (high) and 3 (low) are kept, 2 becomes 0 (medium).
    for (seq, d, pref, want) in [
        (11, "2001:db8:2::", 1u8, 1u8),
        (12, "2001:db8:3::", 2, 0),
        (13, "2001:db8:4::", 3, 3),
    ] {
        ok(&mut s, &with(seq, d, 20, &[pref]));
        assert_eq!(last_attr(&mut m, 20), [want]);
    }
    // Observed: RTA_EXPIRES 100 (seconds) shows as rta_expires 10000 in RTA_CACHEINFO.
    ok(&mut s, &with(14, "2001:db8:5::", 23, &100u32.to_ne_bytes()));
    let ci = last_attr(&mut m, 12);
    assert_eq!(u32::from_ne_bytes(ci[8..12].try_into().unwrap()), 10000);
}

#[test]
fn loopback_addresses_down_and_up() {
    let (_k, mut s, mut m) = setup();
    // Observed on an up lo without nodad: prefix route, NEWADDR 0xc0, NEWADDR 0x80,
    // local route, all at once (no DAD on loopback).
    ok(&mut s, &add6(10, "2001:db8:99::1", 64, 1, 0));
    assert_eq!(
        shorts(&mut m),
        [
            rt(24, 0x600, 254, 1, "2001:db8:99::", 64, 256, 1),
            ad(20, 0xc0, 0, "2001:db8:99::1", 64, 0xc0, 1),
            ad(20, 0x80, 0, "2001:db8:99::1", 64, 0x80, 1),
            rt(24, 0x600, 255, 2, "2001:db8:99::1", 128, 0, 1),
        ]
    );
    // lo down: its routes, then its addresses (::1 too).
    ok(&mut s, &set_up(11, 1, false));
    assert_eq!(
        shorts(&mut m),
        [
            rt(25, 0, 254, 1, "2001:db8:99::", 64, 256, 1),
            rt(25, 0, 255, 2, "::1", 128, 0, 1),
            rt(25, 0, 255, 2, "2001:db8:99::1", 128, 0, 1),
            ad(21, 0x80, 0, "2001:db8:99::1", 64, 0x80, 1),
            ad(21, 0x80, 254, "::1", 128, 0x80, 1),
        ]
    );
    // lo up: ::1 (scope host, IFA_PROTO 1) and its local route again.
    ok(&mut s, &set_up(12, 1, true));
    assert_eq!(
        shorts(&mut m),
        [
            ad(20, 0x80, 254, "::1", 128, 0x80, 1),
            rt(24, 0x600, 255, 2, "::1", 128, 0, 1),
        ]
    );
}

/// Observed on 6.18 with `ip -6 rule`/`route get` in a throwaway namespace (v0 with
/// 2001:db8:1::1/64 nodad): rules steer IPv6 lookups (table reported is the route's),
/// blackhole/unreachable/prohibit rules give EINVAL/ENETUNREACH/EACCES, no rule
/// matching anything ENETUNREACH; a gateway behind a blackhole or unreachable rule is
/// refused with EHOSTUNREACH, one reached through a rule's table is accepted.
#[test]
fn rules_steer_ipv6_lookups_and_gateway_checks() {
    use nlwire_codec::rtnl::rule::{self as rl, RuleSpec, action};
    let (_k, mut s, _m) = setup();
    ok(&mut s, &add6(10, "2001:db8:1::1", 64, 3, NODAD));
    let t100 = RouteSpec {
        table: 100,
        gateway: Some(ip6("2001:db8:1::2")),
        ..RouteSpec::to(ip6("2001:db8:9::"), 48)
    };
    ok(&mut s, &route6(11, rtm::NEWROUTE, CREATE_EXCL, &t100));
    let dev200 = RouteSpec {
        table: 200,
        oif: 3,
        ..RouteSpec::to(ip6("2001:db8:60::"), 64)
    };
    ok(&mut s, &route6(12, rtm::NEWROUTE, CREATE_EXCL, &dev200));
    let get = |s: &mut SimSocket, dst: &str, mark: Option<u32>| -> Result<(u8, u32), i32> {
        let q = RouteQuery {
            family: AF_INET6,
            mark,
            ..RouteQuery::to(ip6(dst))
        };
        s.send(&req(|b| {
            rr::get_request(b, 40, &q).unwrap();
        }))
        .unwrap();
        let r = messages(&drain(s)).remove(0);
        if let Ok(e) = nlwire_codec::ErrorMsg::parse(&msg(&r)) {
            return Err(e.errno().unwrap_or(0));
        }
        let e = decode(&r);
        Ok((e.table_or_flags, e.oif.unwrap_or(0)))
    };
    // Before any rule: table 100 is not consulted.
    assert_eq!(get(&mut s, "2001:db8:9::1", None), Err(101));
    let to = |p: u32, d: &str, len: u8| RuleSpec {
        priority: Some(p),
        dst: Some((ip6(d), len)),
        ..RuleSpec::new(AF_INET6)
    };
    let rules = [
        RuleSpec {
            table: Some(100),
            ..to(500, "2001:db8:9::", 48)
        },
        RuleSpec {
            action: action::BLACKHOLE,
            ..to(600, "2001:db8:50::", 48)
        },
        RuleSpec {
            action: action::UNREACHABLE,
            ..to(601, "2001:db8:51::", 48)
        },
        RuleSpec {
            action: action::PROHIBIT,
            ..to(602, "2001:db8:52::", 48)
        },
        RuleSpec {
            table: Some(200),
            fwmark: Some(9),
            ..to(603, "2001:db8:60::", 48)
        },
    ];
    for (i, r) in rules.iter().enumerate() {
        ok(
            &mut s,
            &req(|b| {
                rl::add_request(b, 20 + u32::try_from(i).unwrap(), r).unwrap();
            }),
        );
    }
    assert_eq!(get(&mut s, "2001:db8:9::1", None), Ok((100, 3)));
    assert_eq!(get(&mut s, "2001:db8:50::1", None), Err(22));
    assert_eq!(get(&mut s, "2001:db8:51::1", None), Err(101));
    assert_eq!(get(&mut s, "2001:db8:52::1", None), Err(13));
    assert_eq!(get(&mut s, "2001:db8:99::1", None), Err(101));
    assert_eq!(get(&mut s, "2001:db8:1::1", None), Ok((255, 1)));
    // The mark selects the rule.
    assert_eq!(get(&mut s, "2001:db8:60::1", None), Err(101));
    assert_eq!(get(&mut s, "2001:db8:60::1", Some(9)), Ok((200, 3)));
    // Gateway checks.
    for (i, gw) in ["2001:db8:50::1", "2001:db8:51::1"].into_iter().enumerate() {
        let r = RouteSpec {
            gateway: Some(ip6(gw)),
            ..RouteSpec::to(ip6("2001:db8:70::"), 48)
        };
        assert_eq!(
            err(
                &mut s,
                &route6(
                    30 + u32::try_from(i).unwrap(),
                    rtm::NEWROUTE,
                    CREATE_EXCL,
                    &r
                )
            ),
            (113, None),
            "via {gw}"
        );
    }
    // 2001:db8:60::1 is on-link only through table 200, which needs mark 9: refused;
    // a rule without the mark makes it reachable.
    let via60 = RouteSpec {
        gateway: Some(ip6("2001:db8:60::1")),
        ..RouteSpec::to(ip6("2001:db8:71::"), 48)
    };
    assert_eq!(
        err(&mut s, &route6(32, rtm::NEWROUTE, CREATE_EXCL, &via60)),
        (113, None)
    );
    let r = RuleSpec {
        table: Some(200),
        ..to(604, "2001:db8:60::", 48)
    };
    ok(
        &mut s,
        &req(|b| {
            rl::add_request(b, 33, &r).unwrap();
        }),
    );
    ok(&mut s, &route6(34, rtm::NEWROUTE, CREATE_EXCL, &via60));
    // An input lookup (RTA_IIF; observed: answered with forwarding off too): RTA_IIF
    // where an output lookup has RTA_PREFSRC.
    let q = RouteQuery {
        family: AF_INET6,
        src: Some(ip6("2001:db8:1::2")),
        iif: 3,
        ..RouteQuery::to(ip6("2001:db8:9::1"))
    };
    s.send(&req(|b| {
        rr::get_request(b, 35, &q).unwrap();
    }))
    .unwrap();
    let r = messages(&drain(&mut s)).remove(0);
    let kinds: Vec<u16> = Attrs::with_offset(&msg(&r).payload()[12..], 0)
        .map(|a| a.unwrap().kind())
        .collect();
    assert_eq!(kinds, [15, 1, 2, 3, 6, 5, 4, 12, 20]);
}
