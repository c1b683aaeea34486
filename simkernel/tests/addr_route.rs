//! IPv4 addresses, kernel routes, route NLM_F semantics and lookups.

mod common;

use std::net::Ipv4Addr;

use common::*;
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::{Attrs, Builder, Done, Flags, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, texts};

fn ip(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

/// `(type, nlmsg flags, seq, rtm table/ifa index, dst/local, type, flags)`.
#[derive(Debug, PartialEq, Eq)]
struct Ev {
    kind: u16,
    flags: u16,
    seq: u32,
    table: u8,
    dst: Option<Ipv4Addr>,
    rtype: u8,
    rflags: u32,
}

fn events(m: &mut SimSocket) -> Vec<Ev> {
    messages(&drain(m))
        .iter()
        .map(|b| {
            let m = msg(b);
            let p = m.payload();
            let (hdr, table, rtype, rflags) = if matches!(m.message_type().0, 24 | 25) {
                (
                    12,
                    p[4],
                    p[7],
                    u32::from_ne_bytes([p[8], p[9], p[10], p[11]]),
                )
            } else {
                (8, 0, 0, 0)
            };
            let key = if hdr == 12 { 1 } else { 2 };
            let dst = Attrs::with_offset(&p[hdr..], 0)
                .find(key)
                .unwrap()
                .map(|a| a.ipv4().unwrap());
            Ev {
                kind: m.message_type().0,
                flags: m.flags().0,
                seq: m.seq(),
                table,
                dst,
                rtype,
                rflags,
            }
        })
        .collect()
}

fn ev(kind: u16, flags: u16, seq: u32, table: u8, dst: Ipv4Addr, rtype: u8) -> Ev {
    Ev {
        kind,
        flags,
        seq,
        table,
        dst: Some(dst),
        rtype,
        rflags: 0,
    }
}

/// A kernel with v0 (3) ⇄ v1 (2), both up, lo up; a socket with ext-ack.
fn setup() -> (Kernel, SimSocket) {
    let k = Kernel::new();
    let mut s = k.process(4242).socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &set_up(1, 1, true));
    ok(&mut s, &veth(2, "v0", None, "v1", None));
    ok(&mut s, &set_up(3, 3, true));
    ok(&mut s, &set_up(4, 2, true));
    (k, s)
}

#[test]
fn address_kernel_routes_and_notifications() {
    let (k, mut s) = setup();
    let mut m = k.process(9).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::IPV4_IFADDR).unwrap();
    m.join_group(group::IPV4_ROUTE).unwrap();
    ok(&mut s, &add_addr(10, 3, ip(10, 1, 0, 1), 24));
    let e = events(&mut m);
    assert_eq!(
        e,
        [
            ev(20, 0, 10, 0, ip(10, 1, 0, 1), 0),
            ev(24, 0x600, 0, 255, ip(10, 1, 0, 1), 2),
            ev(24, 0x600, 0, 254, ip(10, 1, 0, 0), 1),
            ev(24, 0x600, 0, 255, ip(10, 1, 0, 255), 3),
        ]
    );
    // The address notification carries the requester's pid.
    ok(&mut s, &add_addr(11, 3, ip(10, 1, 0, 100), 24));
    let e = events(&mut m);
    assert_eq!(e.len(), 2, "secondary: the local route only: {e:?}");
    assert_eq!(e[1], ev(24, 0x600, 0, 255, ip(10, 1, 0, 100), 2));
    // Deleting the primary deletes the secondary first.
    let del = addr(
        12,
        rtm::DELADDR,
        Flags::REQUEST | Flags::ACK,
        3,
        ip(10, 1, 0, 1),
        24,
        None,
    );
    ok(&mut s, &del);
    let e = events(&mut m);
    let kinds: Vec<(u16, Option<Ipv4Addr>)> = e.iter().map(|e| (e.kind, e.dst)).collect();
    assert_eq!(
        kinds,
        [
            (21, Some(ip(10, 1, 0, 100))),
            (25, Some(ip(10, 1, 0, 100))),
            (21, Some(ip(10, 1, 0, 1))),
            (25, Some(ip(10, 1, 0, 0))),
            (25, Some(ip(10, 1, 0, 255))),
            (25, Some(ip(10, 1, 0, 1))),
        ]
    );
}

#[test]
fn address_on_down_link_then_up_with_linkdown() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let mut m = k.process(9).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::IPV4_ROUTE).unwrap();
    ok(&mut s, &add_addr(2, 3, ip(10, 1, 0, 1), 24));
    assert_eq!(events(&mut m), [ev(24, 0x600, 0, 255, ip(10, 1, 0, 1), 2)]);
    // Up without carrier (peer down): prefix and broadcast, marked LINKDOWN.
    ok(&mut s, &set_up(3, 3, true));
    let e = events(&mut m);
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].dst, e[0].rflags), (Some(ip(10, 1, 0, 0)), 0x10));
    assert_eq!((e[1].dst, e[1].rflags), (Some(ip(10, 1, 0, 255)), 0x10));
    // Down again: the routes go silently, the local route stays.
    ok(&mut s, &set_up(4, 3, false));
    assert!(events(&mut m).is_empty());
    assert_eq!(k.route_count(k.initial_namespace()), 1);
}

#[test]
fn address_errors() {
    let (_k, mut s) = setup();
    let fl = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    assert_eq!(
        err(&mut s, &add_addr(2, 3, ip(10, 1, 0, 1), 24)),
        (17, Some(texts::ADDR_EXISTS.into()))
    );
    let create_only = addr(
        3,
        rtm::NEWADDR,
        Flags::REQUEST | Flags::ACK | Flags::CREATE,
        3,
        ip(10, 1, 0, 1),
        24,
        None,
    );
    assert_eq!(err(&mut s, &create_only).0, 17);
    let replace = addr(
        4,
        rtm::NEWADDR,
        Flags::REQUEST | Flags::ACK | Flags::REPLACE,
        3,
        ip(10, 1, 0, 1),
        24,
        None,
    );
    ok(&mut s, &replace);
    // The same IP with another prefix is another address.
    ok(&mut s, &add_addr(5, 3, ip(10, 1, 0, 1), 16));
    assert_eq!(
        err(&mut s, &add_addr(6, 3, ip(10, 9, 0, 1), 33)),
        (22, Some(texts::ADDR_PREFIX_LEN.into()))
    );
    assert_eq!(
        err(&mut s, &add_addr(7, 999, ip(10, 9, 0, 1), 24)),
        (19, Some(texts::ADDR_NO_DEVICE.into()))
    );
    assert_eq!(
        err(&mut s, &add_addr(8, 0, ip(10, 9, 0, 1), 24)),
        (19, Some(texts::ADDR_NO_DEVICE.into()))
    );
    let no_local = build(|b| {
        let mut m = Builder::message(b, rtm::NEWADDR, fl, 9, 0).unwrap();
        m.put_bytes(&[2, 24, 0, 0, 3, 0, 0, 0]).unwrap();
        m.put_ipv4(1, ip(10, 9, 0, 1)).unwrap();
    });
    assert_eq!(
        err(&mut s, &no_local),
        (22, Some(texts::ADDR_NO_LOCAL.into()))
    );
    // Without NLM_F_CREATE the address is still created.
    ok(
        &mut s,
        &addr(
            10,
            rtm::NEWADDR,
            Flags::REQUEST | Flags::ACK,
            3,
            ip(10, 7, 0, 1),
            24,
            None,
        ),
    );
    let del = addr(
        11,
        rtm::DELADDR,
        Flags::REQUEST | Flags::ACK,
        3,
        ip(10, 8, 0, 1),
        24,
        None,
    );
    assert_eq!(err(&mut s, &del), (99, Some(texts::ADDR_NOT_FOUND.into())));
}

#[test]
fn route_nlm_f_semantics() {
    let (k, mut s) = setup();
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    let mut m = k.process(9).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::IPV4_ROUTE).unwrap();
    let r = |gw: u8| {
        RouteReq::add(ip(10, 20, 0, 0), 16)
            .via(ip(10, 1, 0, gw))
            .dev(3)
    };
    ok(&mut s, &r(2).build(10));
    assert_eq!(events(&mut m)[0].flags, 0x600);
    assert_eq!(err(&mut s, &r(2).build(11)), (17, None));
    let create = Flags::REQUEST | Flags::ACK | Flags::CREATE;
    assert_eq!(err(&mut s, &r(2).flags(create).build(12)), (17, None));
    // CREATE alone with another gateway: a second route, before the first.
    ok(&mut s, &r(3).flags(create).build(13));
    assert_eq!(events(&mut m)[0].flags, 0x400);
    ok(&mut s, &r(4).flags(create | Flags::APPEND).build(14));
    assert_eq!(events(&mut m)[0].flags, 0xc00);
    ok(
        &mut s,
        &r(9)
            .flags(Flags::REQUEST | Flags::ACK | Flags::REPLACE)
            .build(15),
    );
    let e = events(&mut m);
    assert_eq!((e[0].flags, e[0].seq), (0x100, 15));
    // Order now: 9 (replaced 3), 2, 4.
    s.send(&build(|b| {
        let mut q =
            Builder::message(b, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP, 16, 0).unwrap();
        q.put_bytes(&rtmsg(0, 0, 0, 0, 0, 0)).unwrap();
    }))
    .unwrap();
    let gws: Vec<Ipv4Addr> = messages(&drain(&mut s))
        .iter()
        .filter_map(|b| {
            let m = msg(b);
            let p = m.payload();
            (m.message_type() == rtm::NEWROUTE && p[1] == 16).then(|| {
                Attrs::new(&p[12..])
                    .find(5)
                    .unwrap()
                    .unwrap()
                    .ipv4()
                    .unwrap()
            })
        })
        .collect();
    assert_eq!(gws, [ip(10, 1, 0, 9), ip(10, 1, 0, 2), ip(10, 1, 0, 4)]);
    // A metric makes another key.
    let mut other = r(2);
    other.metric = Some(7);
    ok(&mut s, &other.build(17));
    // No CREATE, and REPLACE of a missing route: ENOENT.
    let missing = RouteReq::add(ip(10, 21, 0, 0), 16).via(ip(10, 1, 0, 2));
    assert_eq!(
        err(
            &mut s,
            &missing.clone().flags(Flags::REQUEST | Flags::ACK).build(18)
        ),
        (2, None)
    );
    assert_eq!(
        err(
            &mut s,
            &missing
                .flags(Flags::REQUEST | Flags::ACK | Flags::REPLACE)
                .build(19)
        ),
        (2, None)
    );
    // Nexthop and prefix checks.
    assert_eq!(
        err(
            &mut s,
            &RouteReq::add(ip(10, 22, 0, 0), 16)
                .via(ip(10, 99, 0, 9))
                .build(20)
        ),
        (101, Some(texts::NH_BAD_GATEWAY.into()))
    );
    assert_eq!(
        err(
            &mut s,
            &RouteReq::add(ip(10, 22, 0, 0), 16).dev(999).build(21)
        ),
        (19, None)
    );
    assert_eq!(
        err(
            &mut s,
            &RouteReq::add(ip(10, 22, 0, 0), 33).dev(3).build(22)
        ),
        (22, Some(texts::ROUTE_PREFIX_LEN.into()))
    );
    assert_eq!(
        err(
            &mut s,
            &RouteReq::add(ip(10, 22, 0, 1), 16).dev(3).build(23)
        ),
        (22, Some(texts::ROUTE_PREFIX_BITS.into()))
    );
    // A gateway without a device resolves the device.
    ok(
        &mut s,
        &RouteReq::add(ip(10, 23, 0, 0), 16)
            .via(ip(10, 1, 0, 2))
            .build(24),
    );
    // DELROUTE.
    let mut del = RouteReq::add(ip(10, 29, 0, 0), 16);
    del.kind = rtm::DELROUTE;
    del.flags = Flags::REQUEST | Flags::ACK;
    assert_eq!(err(&mut s, &del.build(25)), (3, None));
    let mut del77 = del.clone();
    del77.table = 77;
    assert_eq!(
        err(&mut s, &del77.build(26)),
        (3, Some(texts::FIB_TABLE_MISSING.into()))
    );
    // Without a gateway: the first match goes (10.1.0.9).
    let mut del = RouteReq::add(ip(10, 20, 0, 0), 16);
    del.kind = rtm::DELROUTE;
    del.flags = Flags::REQUEST | Flags::ACK;
    let _ = events(&mut m);
    ok(&mut s, &del.build(27));
    let e = messages(&drain(&mut m));
    let gw = Attrs::new(&msg(&e[0]).payload()[12..])
        .find(5)
        .unwrap()
        .unwrap()
        .ipv4()
        .unwrap();
    assert_eq!(
        (msg(&e[0]).message_type(), gw, msg(&e[0]).flags().0),
        (rtm::DELROUTE, ip(10, 1, 0, 9), 0)
    );
}

#[test]
fn multipath_and_device_down_route() {
    let (_k, mut s) = setup();
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    ok(&mut s, &add_addr(2, 2, ip(10, 2, 0, 1), 24));
    let mut r = RouteReq::add(ip(10, 9, 0, 0), 16);
    r.multipath = vec![(ip(10, 1, 0, 2), 3), (ip(10, 2, 0, 2), 2)];
    ok(&mut s, &r.build(3));
    ok(&mut s, &set_up(4, 2, false));
    // v1 down: a device-only route through it is refused.
    let mut r = RouteReq::add(ip(10, 50, 0, 0), 16).dev(2);
    r.scope = 253;
    assert_eq!(
        err(&mut s, &r.build(5)),
        (100, Some(texts::NH_DEV_DOWN.into()))
    );
}

fn get(
    s: &mut SimSocket,
    seq: u32,
    dst: Ipv4Addr,
    flags: u32,
    oif: Option<u32>,
) -> Result<Vec<u8>, (i32, Option<String>)> {
    let req = build(|b| {
        let mut m = Builder::message(b, rtm::GETROUTE, Flags::REQUEST, seq, 0).unwrap();
        m.put_bytes(&rtmsg(32, 0, 0, 0, 0, flags)).unwrap();
        m.put_ipv4(1, dst).unwrap();
        if let Some(o) = oif {
            m.put_u32(4, o).unwrap();
        }
    });
    s.send(&req).unwrap();
    let ms = messages(&drain(s));
    let m = msg(&ms[0]);
    if m.message_type() == rtm::NEWROUTE {
        Ok(ms[0].clone())
    } else {
        let e = nlwire_codec::ErrorMsg::parse(&m).unwrap();
        Err((e.errno().unwrap(), e.ext_ack().msg.map(str::to_string)))
    }
}

#[test]
fn getroute_lookups() {
    let (_k, mut s) = setup();
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    ok(
        &mut s,
        &RouteReq::add(ip(10, 20, 0, 0), 16)
            .via(ip(10, 1, 0, 2))
            .build(2),
    );
    let mut bh = RouteReq::add(ip(10, 40, 0, 0), 16);
    bh.rtype = 6;
    ok(&mut s, &bh.build(3));
    let r = get(&mut s, 10, ip(10, 20, 1, 1), 0, None).unwrap();
    let m = msg(&r);
    let p = m.payload();
    assert_eq!(&p[..12], &rtmsg(32, 254, 0, 0, 1, 0x200)[..]);
    let attrs: Vec<u16> = Attrs::new(&p[12..]).map(|a| a.unwrap().kind()).collect();
    assert_eq!(attrs, [15, 1, 4, 7, 5, 25, 12]);
    assert_eq!(r.len(), 112);
    // A local address: RTCF_LOCAL, through lo.
    let r = get(&mut s, 11, ip(10, 1, 0, 1), 0, None).unwrap();
    let p = msg(&r).payload().to_vec();
    assert_eq!(u32::from_ne_bytes([p[8], p[9], p[10], p[11]]), 0x8000_0200);
    assert_eq!(
        Attrs::new(&p[12..])
            .find(4)
            .unwrap()
            .unwrap()
            .u32()
            .unwrap(),
        1
    );
    assert_eq!(r.len(), 104);
    // RTM_F_LOOKUP_TABLE still says main; RTM_F_FIB_MATCH gives the FIB entry.
    let r = get(&mut s, 12, ip(10, 20, 1, 1), 0x1000, None).unwrap();
    assert_eq!(msg(&r).payload()[4], 254);
    let r = get(&mut s, 13, ip(10, 1, 0, 7), 0x2000, None).unwrap();
    assert_eq!(&msg(&r).payload()[..12], &rtmsg(24, 254, 2, 253, 1, 0)[..]);
    assert_eq!(get(&mut s, 14, ip(8, 8, 8, 8), 0, None).unwrap_err().0, 101);
    assert_eq!(
        get(&mut s, 15, ip(10, 40, 0, 1), 0, None).unwrap_err().0,
        22
    );
    assert_eq!(
        get(&mut s, 16, ip(10, 20, 1, 1), 0, Some(999))
            .unwrap_err()
            .0,
        19
    );
    s.set_strict_check(true).unwrap();
    let req = build(|b| {
        let mut m = Builder::message(b, rtm::GETROUTE, Flags::REQUEST, 17, 0).unwrap();
        m.put_bytes(&rtmsg(24, 0, 0, 0, 0, 0)).unwrap();
        m.put_ipv4(1, ip(10, 20, 1, 1)).unwrap();
    });
    assert_eq!(
        err(&mut s, &req),
        (22, Some(texts::ROUTE_GET_VALUES.into()))
    );
}

fn dump_done(s: &mut SimSocket, req: &[u8]) -> (i32, Option<String>, Flags, usize) {
    s.send(req).unwrap();
    let ms = messages(&drain(s));
    let last = ms.last().unwrap();
    let d = Done::parse(&msg(last)).unwrap();
    (
        d.code(),
        d.ext_ack().msg.map(str::to_string),
        d.message().flags(),
        ms.len() - 1,
    )
}

#[test]
fn strict_route_and_addr_dumps() {
    let (_k, mut s) = setup();
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    ok(&mut s, &add_addr(2, 2, ip(10, 2, 0, 1), 24));
    s.set_strict_check(true).unwrap();
    let route_dump = |seq: u32, hdr: [u8; 12], extra: Option<(u16, u32)>| {
        build(|b| {
            let mut m =
                Builder::message(b, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP, seq, 0).unwrap();
            m.put_bytes(&hdr).unwrap();
            if let Some((t, v)) = extra {
                m.put_u32(t, v).unwrap();
            }
        })
    };
    let (code, text, flags, n) = dump_done(&mut s, &route_dump(1, rtmsg(0, 77, 0, 0, 0, 0), None));
    assert_eq!(
        (code, text.as_deref()),
        (-2, Some(texts::FIB_TABLE_MISSING_V4))
    );
    assert!(flags.contains(Flags::ACK_TLVS));
    assert_eq!(n, 0);
    let (code, text, ..) = dump_done(&mut s, &route_dump(2, rtmsg(8, 0, 0, 0, 0, 0), None));
    assert_eq!((code, text.as_deref()), (-22, Some(texts::FIB_DUMP_VALUES)));
    let (code, text, ..) = dump_done(
        &mut s,
        &route_dump(3, rtmsg(0, 0, 0, 0, 0, 0), Some((6, 1))),
    );
    assert_eq!((code, text.as_deref()), (-22, Some(texts::DUMP_ATTR)));
    let (code, text, ..) = dump_done(
        &mut s,
        &route_dump(4, rtmsg(0, 0, 0, 0, 0, 0), Some((4, 999))),
    );
    assert_eq!((code, text), (-19, None));
    // Filters: RTA_OIF, table, protocol, type; messages and DONE carry DUMP_FILTERED.
    let (code, _, flags, n) = dump_done(
        &mut s,
        &route_dump(5, rtmsg(0, 0, 0, 0, 0, 0), Some((4, 3))),
    );
    assert_eq!((code, n), (0, 3));
    assert_eq!(flags, Flags::MULTI | Flags::DUMP_FILTERED);
    let (_, _, _, n) = dump_done(&mut s, &route_dump(6, rtmsg(0, 254, 0, 0, 0, 0), None));
    assert_eq!(n, 2);
    let (_, _, _, n) = dump_done(
        &mut s,
        &route_dump(7, rtmsg(0, 0, 0, 0, 0, 0), Some((15, 255))),
    );
    assert_eq!(n, 7);
    let (_, _, _, n) = dump_done(&mut s, &route_dump(8, rtmsg(0, 0, 2, 0, 3, 0), None));
    assert_eq!(n, 3, "kernel broadcast routes");
    // Address dumps: header values, ifindex filter.
    let addr_dump = |seq: u32, hdr: [u8; 8]| {
        build(|b| {
            let mut m =
                Builder::message(b, rtm::GETADDR, Flags::REQUEST | Flags::DUMP, seq, 0).unwrap();
            m.put_bytes(&hdr).unwrap();
        })
    };
    let (code, text, ..) = dump_done(&mut s, &addr_dump(9, [2, 24, 0, 0, 0, 0, 0, 0]));
    assert_eq!(
        (code, text.as_deref()),
        (-22, Some(texts::ADDR_DUMP_VALUES))
    );
    let (code, _, flags, n) = dump_done(&mut s, &addr_dump(10, [2, 0, 0, 0, 3, 0, 0, 0]));
    assert_eq!(
        (code, n, flags),
        (0, 1, Flags::MULTI | Flags::DUMP_FILTERED)
    );
    // Without strict mode the header's table is ignored.
    s.set_strict_check(false).unwrap();
    let (code, _, flags, n) = dump_done(&mut s, &route_dump(11, rtmsg(0, 77, 0, 0, 0, 0), None));
    assert_eq!((code, flags), (0, Flags::MULTI));
    assert!(n > 5);
}

#[test]
fn newroute_echo_and_family_dispatch() {
    let (_k, mut s) = setup();
    ok(&mut s, &add_addr(1, 3, ip(10, 1, 0, 1), 24));
    let f = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL | Flags::ECHO;
    let req = RouteReq::add(ip(10, 20, 0, 0), 16)
        .via(ip(10, 1, 0, 2))
        .flags(f)
        .build(2);
    s.send(&req).unwrap();
    let d = drain(&mut s);
    let kinds: Vec<(u16, u16, u32, u32)> = d
        .iter()
        .map(|b| {
            (
                msg(b).message_type().0,
                msg(b).flags().0,
                msg(b).seq(),
                msg(b).pid(),
            )
        })
        .collect();
    assert_eq!(kinds, [(24, 0x600, 2, 4242), (2, 0x100, 2, 4242)]);
    // An address request of family AF_UNSPEC has no handler.
    let mut req = add_addr(3, 3, ip(10, 9, 0, 1), 24);
    req[16] = 0;
    assert_eq!(err(&mut s, &req), (95, None));
    // A short GETROUTE.
    let req = build(|b| {
        let mut m = Builder::message(b, rtm::GETROUTE, Flags::REQUEST | Flags::ACK, 4, 0).unwrap();
        m.put_bytes(&[2]).unwrap();
    });
    assert_eq!(
        err(&mut s, &req),
        (22, Some(texts::ROUTE_GET_HEADER.into()))
    );
}
