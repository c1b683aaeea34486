//! Links, sockets, framing and dumps: rows of `kernel-behaviour.md`.

mod common;

use common::*;
use nlwire_codec::rtnl::link::{self, IfInfoMsg, LinkMsg, iff, ifla, info, operstate};
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::{Builder, Done, ErrorMsg, Flags, MessageType, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, texts};

fn monitor(k: &Kernel, groups: &[u32]) -> SimSocket {
    let mut m = k.process(77).socket(Protocol::ROUTE).unwrap();
    for &g in groups {
        m.join_group(g).unwrap();
    }
    m
}

/// `(type, index, ifi_change, flags, operstate)` of each link notification queued.
fn link_events(m: &mut SimSocket) -> Vec<(u16, i32, u32, u32, u8)> {
    messages(&drain(m))
        .iter()
        .filter(|b| matches!(msg(b).message_type().0, 16 | 17))
        .map(|b| {
            let l = LinkMsg::parse(&msg(b)).unwrap();
            (
                msg(b).message_type().0,
                l.index(),
                l.change(),
                l.flags(),
                l.operstate().unwrap().unwrap(),
            )
        })
        .collect()
}

#[test]
fn fresh_namespace_has_lo_down() {
    let k = Kernel::new();
    let ns = k.add_namespace();
    let mut s = k
        .process(5)
        .in_namespace(ns)
        .socket(Protocol::ROUTE)
        .unwrap();
    s.send(&build(|b| {
        link::get_request(b, 1, 1, None).unwrap();
    }))
    .unwrap();
    let ms = messages(&drain(&mut s));
    let lo = LinkMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(lo.name().unwrap(), Some("lo"));
    assert_eq!(lo.mtu().unwrap(), Some(65536));
    assert_eq!(lo.flags(), iff::LOOPBACK);
    assert_eq!(lo.operstate().unwrap(), Some(operstate::DOWN));
    assert_eq!(lo.qdisc().unwrap(), Some("noop"));
}

#[test]
fn veth_create_notifies_peer_first() {
    let k = Kernel::new();
    let mut m = monitor(&k, &[group::LINK]);
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let ev = link_events(&mut m);
    assert_eq!(
        ev,
        [
            (
                16,
                2,
                u32::MAX,
                iff::BROADCAST | iff::MULTICAST,
                operstate::DOWN
            ),
            (
                16,
                3,
                u32::MAX,
                iff::BROADCAST | iff::MULTICAST,
                operstate::DOWN
            ),
        ]
    );
    assert_eq!(k.link_index(k.initial_namespace(), "v1"), Some(2));
    assert_eq!(k.link_index(k.initial_namespace(), "v0"), Some(3));
}

#[test]
fn veth_bring_up_carrier_and_operstate() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let mut m = monitor(&k, &[group::LINK]);
    ok(&mut s, &set_up(2, 3, true));
    // v0 up, peer down: one NEWLINK, flags 0x1003, LOWERLAYERDOWN.
    assert_eq!(
        link_events(&mut m),
        [(16, 3, 1, 0x1003, operstate::LOWERLAYERDOWN)]
    );
    ok(&mut s, &set_up(3, 2, true));
    // Peer up: v1 change=1 (carrier already on, state not yet), then linkwatch v1, v0.
    assert_eq!(
        link_events(&mut m),
        [
            (16, 2, 1, 0x11003, operstate::LOWERLAYERDOWN),
            (16, 2, 0, 0x11043, operstate::UP),
            (16, 3, 0, 0x11043, operstate::UP),
        ]
    );
    ok(&mut s, &set_up(4, 3, false));
    assert_eq!(
        link_events(&mut m),
        [
            (16, 3, 1, 0x1002, operstate::DOWN),
            (16, 2, 0, 0x1003, operstate::LOWERLAYERDOWN),
        ]
    );
}

#[test]
fn ifindex_is_cyclic_and_never_reused_explicit_honoured() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &del_link(2, 3));
    assert_eq!(
        k.links(k.initial_namespace()).len(),
        1,
        "deleting a veth deletes both"
    );
    ok(&mut s, &veth(3, "v0", None, "v1", None));
    assert_eq!(k.link_index(k.initial_namespace(), "v1"), Some(4));
    assert_eq!(k.link_index(k.initial_namespace(), "v0"), Some(5));
    let mut req = create(4, "br9", "bridge", None);
    req[20..24].copy_from_slice(&50i32.to_ne_bytes());
    ok(&mut s, &req);
    assert_eq!(k.link_index(k.initial_namespace(), "br9"), Some(50));
    ok(&mut s, &create(5, "br10", "bridge", None));
    assert_eq!(k.link_index(k.initial_namespace(), "br10"), Some(6));
}

#[test]
fn veth_with_bad_name_creates_then_deletes_peer() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    let mut m = monitor(&k, &[group::LINK]);
    assert_eq!(err(&mut s, &veth(1, "a/b", None, "x1", None)), (22, None));
    let ev = link_events(&mut m);
    assert_eq!(
        ev.iter().map(|e| (e.0, e.1)).collect::<Vec<_>>(),
        [(16, 2), (17, 2)]
    );
    ok(&mut s, &veth(2, "v0", None, "v1", None));
    assert_eq!(k.link_index(k.initial_namespace(), "v1"), Some(3));
}

#[test]
fn link_errors() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    // Duplicate name with EXCL, also when only the peer clashes: EEXIST, no ext-ack.
    assert_eq!(err(&mut s, &veth(3, "v0", None, "zz", None)), (17, None));
    assert_eq!(err(&mut s, &veth(4, "zz", None, "v1", None)), (17, None));
    assert!(k.link_index(k.initial_namespace(), "zz").is_none());
    // CREATE without EXCL on an existing veth (with data): EOPNOTSUPP.
    let mut req = veth(5, "v0", None, "v9", None);
    req[6..8].copy_from_slice(
        &(Flags::REQUEST | Flags::ACK | Flags::CREATE)
            .0
            .to_ne_bytes(),
    );
    assert_eq!(err(&mut s, &req), (95, None));
    // On a bridge: applied.
    let req = build(|b| {
        let f = Flags::REQUEST | Flags::ACK | Flags::CREATE;
        let mut m = link::message(b, rtm::NEWLINK, f, 6, &IfInfoMsg::default()).unwrap();
        m.put_str(ifla::IFNAME, "br0").unwrap();
        m.put_u32(ifla::MTU, 1400).unwrap();
        m.nest(ifla::LINKINFO, |m| m.put_str(info::KIND, "bridge"))
            .unwrap();
    });
    ok(&mut s, &req);
    // Missing device: name without CREATE, ifindex 999.
    let req = build(|b| {
        let mut m = link::set_request(b, 7, 0, None).unwrap();
        m.put_str(ifla::IFNAME, "nope").unwrap();
    });
    assert_eq!(err(&mut s, &req), (19, None));
    assert_eq!(err(&mut s, &set_u32(8, 999, ifla::MTU, 1400)), (19, None));
    // CREATE with an unknown kind or none.
    assert_eq!(
        err(&mut s, &create(9, "x", "wireguard-ng", None)),
        (95, Some(texts::UNKNOWN_DEVICE_TYPE.into()))
    );
    // MTU bounds.
    assert_eq!(
        err(&mut s, &set_u32(10, 3, ifla::MTU, 70000)),
        (22, Some(texts::MTU_TOO_BIG.into()))
    );
    assert_eq!(
        err(&mut s, &set_u32(11, 3, ifla::MTU, 10)),
        (22, Some(texts::MTU_TOO_SMALL.into()))
    );
    // Rename to a taken name.
    let req = build(|b| {
        let mut m = link::set_request(b, 12, 3, None).unwrap();
        m.put_str(ifla::IFNAME, "v1").unwrap();
    });
    assert_eq!(err(&mut s, &req), (17, None));
    // DELLINK: missing, none given, lo.
    assert_eq!(err(&mut s, &del_link(13, 999)), (19, None));
    assert_eq!(err(&mut s, &del_link(14, 0)), (22, None));
    assert_eq!(err(&mut s, &del_link(15, 1)), (95, None));
    // A bridge cannot be its own port.
    assert_eq!(
        err(&mut s, &set_u32(16, 4, ifla::MASTER, 4)),
        (40, Some(texts::BRIDGE_IN_BRIDGE.into()))
    );
    // A veth cannot be a master.
    assert_eq!(err(&mut s, &set_u32(17, 3, ifla::MASTER, 2)), (95, None));
}

#[test]
fn mtu_same_value_acks_without_notification() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let mut m = monitor(&k, &[group::LINK]);
    ok(&mut s, &set_u32(2, 3, ifla::MTU, 1500));
    assert!(link_events(&mut m).is_empty());
    ok(&mut s, &set_u32(3, 3, ifla::MTU, 1400));
    assert_eq!(link_events(&mut m), [(16, 3, 0, 0x1002, operstate::DOWN)]);
}

#[test]
fn master_999_detaches_first() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    ok(&mut s, &set_u32(3, 3, ifla::MASTER, 4));
    let mut m = monitor(&k, &[group::LINK]);
    assert_eq!(err(&mut s, &set_u32(4, 3, ifla::MASTER, 999)), (22, None));
    let ev = link_events(&mut m);
    assert!(!ev.is_empty(), "the detach is announced");
    s.send(&build(|b| {
        link::get_request(b, 5, 3, None).unwrap();
    }))
    .unwrap();
    let ms = messages(&drain(&mut s));
    assert_eq!(
        LinkMsg::parse(&msg(&ms[0])).unwrap().master().unwrap(),
        None
    );
}

#[test]
fn bridge_carrier_follows_ports() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    ok(&mut s, &set_up(3, 4, true));
    let get = |s: &mut SimSocket, i: i32| {
        s.send(&build(|b| {
            link::get_request(b, 9, i, None).unwrap();
        }))
        .unwrap();
        let ms = messages(&drain(s));
        let l = LinkMsg::parse(&msg(&ms[0])).unwrap();
        (l.flags(), l.operstate().unwrap().unwrap())
    };
    // Without ports the bridge keeps the carrier it was created with (the kernel:
    // RUNNING|LOWER_UP, operstate unknown, as `probes/probe_divergences.py` shows).
    assert_eq!(get(&mut s, 4), (0x11043, operstate::UNKNOWN));
    // The first port changes the bridge id: the port state selection finds no live
    // port and turns the carrier off, until the port forwards.
    ok(&mut s, &set_u32(4, 3, ifla::MASTER, 4));
    assert_eq!(get(&mut s, 4), (0x1003, operstate::DOWN));
    ok(&mut s, &set_up(5, 3, true));
    ok(&mut s, &set_up(6, 2, true));
    assert_eq!(get(&mut s, 4), (0x11043, operstate::UP));
}

#[test]
fn dellink_veth_sequence() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &set_up(2, 3, true));
    ok(&mut s, &set_up(3, 2, true));
    let mut m = monitor(&k, &[group::LINK]);
    ok(&mut s, &del_link(4, 3));
    let ms = messages(&drain(&mut m));
    let summary: Vec<(u16, i32, u32, usize)> = ms
        .iter()
        .map(|b| {
            let l = LinkMsg::parse(&msg(b)).unwrap();
            (msg(b).message_type().0, l.index(), l.change(), b.len())
        })
        .collect();
    assert_eq!(
        summary,
        [
            (16, 3, 0x41, 1492),
            (16, 2, 0x41, 1492),
            (17, 3, u32::MAX, 680),
            (17, 2, u32::MAX, 680)
        ]
    );
}

#[test]
fn unknown_type_short_header_and_batching() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    let req = build(|b| {
        Builder::message(b, MessageType(200), Flags::REQUEST | Flags::ACK, 1, 0).unwrap();
    });
    assert_eq!(err(&mut s, &req), (95, None));
    let req = build(|b| {
        let mut m = Builder::message(b, rtm::NEWLINK, Flags::REQUEST | Flags::ACK, 2, 0).unwrap();
        m.put_bytes(&[0u8; 8]).unwrap();
    });
    assert_eq!(
        err(&mut s, &req),
        (22, Some(texts::INVALID_HEADER_LEN.into()))
    );
    // Two requests in one datagram, handled in order; a third with a bad length and
    // everything after it dropped.
    let mut batch = veth(3, "v0", None, "v1", None);
    batch.extend(create(4, "br0", "bridge", None));
    let mut bad = create(5, "br1", "bridge", None);
    bad[0..4].copy_from_slice(&9999u32.to_ne_bytes());
    batch.extend(bad);
    s.send(&batch).unwrap();
    let ms = messages(&drain(&mut s));
    assert_eq!(ms.iter().map(|m| msg(m).seq()).collect::<Vec<_>>(), [3, 4]);
    assert!(k.link_index(k.initial_namespace(), "br1").is_none());
    // No NLM_F_REQUEST, or a control type: ack 0 if asked, nothing done.
    let mut req = create(6, "br2", "bridge", None);
    req[6..8].copy_from_slice(&(Flags::ACK | Flags::CREATE | Flags::EXCL).0.to_ne_bytes());
    ok(&mut s, &req);
    assert!(k.link_index(k.initial_namespace(), "br2").is_none());
    let req = build(|b| {
        Builder::message(b, MessageType::NOOP, Flags::REQUEST | Flags::ACK, 7, 0).unwrap();
    });
    ok(&mut s, &req);
}

#[test]
fn success_ack_layout_and_reply_pid() {
    let k = Kernel::new();
    let mut s = k.process(321).socket(Protocol::ROUTE).unwrap();
    s.send(&veth(0, "v0", None, "v1", None)).unwrap();
    let d = drain(&mut s);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].len(), 36);
    let m = msg(&d[0]);
    assert_eq!((m.seq(), m.pid(), m.flags()), (0, 321, Flags::CAPPED));
    // Without NLM_F_ACK: silence on success.
    let mut req = create(1, "br0", "bridge", None);
    req[6..8].copy_from_slice(
        &(Flags::REQUEST | Flags::CREATE | Flags::EXCL)
            .0
            .to_ne_bytes(),
    );
    s.send(&req).unwrap();
    assert!(drain(&mut s).is_empty());
}

#[test]
fn port_ids_bind_and_groups() {
    let k = Kernel::new();
    let p = k.process(4000);
    let mut a = p.socket(Protocol::ROUTE).unwrap();
    let mut b = p.socket(Protocol::ROUTE).unwrap();
    assert_eq!(a.local_port(), None);
    a.bind(0).unwrap();
    b.bind(0).unwrap();
    assert_eq!(a.local_port(), Some(4000));
    assert_eq!(b.local_port(), Some((-4096i32) as u32));
    let mut c = k.process(5000).socket(Protocol::ROUTE).unwrap();
    assert_eq!(c.bind(4000).unwrap_err().raw_os_error(), Some(98));
    c.bind(4242).unwrap();
    assert_eq!(c.bind(4243).unwrap_err().raw_os_error(), Some(22));
    c.bind(4242).unwrap();
    assert_eq!(c.join_group(0).unwrap_err().raw_os_error(), Some(22));
    assert_eq!(c.join_group(100_000).unwrap_err().raw_os_error(), Some(22));
    // The same port in another protocol or namespace is free.
    let mut g = k.process(5000).socket(Protocol::GENERIC).unwrap();
    g.bind(4242).unwrap();
    // An unbound socket binds on send.
    let mut d = k.process(6000).socket(Protocol::ROUTE).unwrap();
    d.send(&del_link(1, 999)).unwrap();
    assert_eq!(d.local_port(), Some(6000));
    // User-to-user datagrams.
    assert_eq!(d.send_to(777, b"hi").unwrap_err().raw_os_error(), Some(111));
    d.send_to(4242, &del_link(2, 1)).unwrap();
    let mut buf = [0u8; 64];
    let r = c.recv(&mut buf).unwrap();
    assert_eq!(r.port, 6000);
    let _ = drain(&mut d);
}

#[test]
fn truncated_recv_loses_the_rest() {
    let k = Kernel::new();
    fixture_state(&k);
    let mut s = fixture_sock(&k);
    s.send(&build(|b| {
        link::dump_request(b, 1, 0).unwrap();
    }))
    .unwrap();
    let mut small = vec![0u8; 1024];
    let r = s.recv(&mut small).unwrap();
    assert_eq!(r.len, 2960);
    assert!(r.is_truncated(small.len()));
    // The next datagram is the next chunk: the rest of the first is gone.
    let rest = drain(&mut s);
    let names: Vec<String> = messages(&rest)
        .iter()
        .filter(|m| msg(m).message_type() == rtm::NEWLINK)
        .map(|m| {
            LinkMsg::parse(&msg(m))
                .unwrap()
                .name()
                .unwrap()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["v0", "br0"]);
}

fn many_links(k: &Kernel, pairs: u32) {
    let mut s = k.process(2).socket(Protocol::ROUTE).unwrap();
    for i in 0..pairs {
        ok(
            &mut s,
            &veth(i, &format!("a{i}"), None, &format!("b{i}"), None),
        );
    }
}

#[test]
fn dump_chunking_done_alone_and_recv_sized_chunks() {
    let k = Kernel::new();
    many_links(&k, 20);
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.send(&build(|b| {
        link::dump_request(b, 1, 0).unwrap();
    }))
    .unwrap();
    // Read with an 8 KiB buffer: the first chunk is about a page, later ones fill 8 KiB.
    let d = drain_with(&mut s, 8192);
    let lens: Vec<usize> = d.iter().map(Vec::len).collect();
    assert!(lens[0] <= 3776 && lens[0] > 2000, "{lens:?}");
    for l in &lens[1..lens.len() - 2] {
        assert!(*l <= 8192 && *l > 6000, "{lens:?}");
    }
    assert!(lens[lens.len() - 2] <= 8192);
    assert_eq!(*lens.last().unwrap(), 20, "DONE alone: {lens:?}");
    let ms = messages(&d);
    assert_eq!(ms.len(), 41 + 1);
    assert!(ms[..41].iter().all(|m| msg(m).flags() == Flags::MULTI));
    let done = Done::parse(&msg(&ms[41])).unwrap();
    assert_eq!((done.code(), done.message().flags()), (0, Flags::MULTI));
}

#[test]
fn second_dump_is_ebusy_and_do_requests_interleave() {
    let k = Kernel::new();
    many_links(&k, 6);
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    let dump = build(|b| {
        link::dump_request(b, 1, 0).unwrap();
    });
    s.send(&dump).unwrap();
    let mut second = dump.clone();
    second[8..12].copy_from_slice(&2u32.to_ne_bytes());
    s.send(&second).unwrap();
    // A do-request mid-dump.
    s.send(&build(|b| {
        link::get_request(b, 3, 1, None).unwrap();
    }))
    .unwrap();
    let ms = messages(&drain(&mut s));
    let seqs: Vec<(u32, u16)> = ms
        .iter()
        .map(|m| (msg(m).seq(), msg(m).message_type().0))
        .collect();
    let ebusy = ms
        .iter()
        .find(|m| msg(m).seq() == 2)
        .map(|m| ErrorMsg::parse(&msg(m)).unwrap().errno());
    assert_eq!(ebusy, Some(Some(16)));
    // The get reply arrives between the first chunk and the rest of the dump.
    let pos_get = seqs.iter().position(|&(q, _)| q == 3).unwrap();
    let pos_done = seqs.iter().position(|&(_, t)| t == 3).unwrap();
    assert!(pos_get < pos_done && pos_get > 0, "{seqs:?}");
}

#[test]
fn dump_intr_flags_first_message_of_next_chunk() {
    let k = Kernel::new();
    many_links(&k, 6);
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.send(&build(|b| {
        link::dump_request(b, 1, 0).unwrap();
    }))
    .unwrap();
    // Read with 4 KiB: every chunk holds two links, so the dump takes several recvs.
    let mut buf = vec![0u8; 4096];
    let r = s.recv(&mut buf).unwrap();
    assert!(
        messages(&[buf[..r.len].to_vec()])
            .iter()
            .all(|m| msg(m).flags() == Flags::MULTI)
    );
    // That recv produced chunk 2 already; a link created now is noticed by chunk 3.
    let mut other = k.process(3).socket(Protocol::ROUTE).unwrap();
    ok(&mut other, &create(1, "brx", "bridge", None));
    let rest = messages(&drain_with(&mut s, 4096));
    let intr: Vec<bool> = rest
        .iter()
        .map(|m| msg(m).flags().contains(Flags::DUMP_INTR))
        .collect();
    assert_eq!(intr.iter().filter(|&&b| b).count(), 1, "{intr:?}");
    assert_eq!(
        intr.iter().position(|&b| b),
        Some(2),
        "first of the third chunk: {intr:?}"
    );
    assert!(!intr[intr.len() - 1], "DONE is not flagged");
}

#[test]
fn enobufs_then_queued_events_then_normal() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let mut m = monitor(&k, &[group::LINK]);
    assert_eq!(m.set_rcvbuf(4096).unwrap(), 8192);
    for i in 0..20 {
        ok(&mut s, &set_u32(10 + i, 3, ifla::MTU, 1000 + i));
    }
    // As on Linux 6.18: ENOBUFS first, then what fit: the first NEWLINK (1492 bytes,
    // built before IPv6 left the device at mtu < 1280) and two without IPv6 (820).
    let mut buf = vec![0u8; 32768];
    assert_eq!(m.recv(&mut buf).unwrap_err().raw_os_error(), Some(105));
    let lens: Vec<usize> = drain(&mut m).iter().map(Vec::len).collect();
    assert_eq!(lens, [1492, 820, 820]);
    ok(&mut s, &set_u32(40, 3, ifla::MTU, 1500));
    let lens: Vec<usize> = drain(&mut m).iter().map(Vec::len).collect();
    assert_eq!(lens, [820], "IPv6 comes back after the notification");
    ok(&mut s, &set_u32(41, 3, ifla::MTU, 1400));
    assert_eq!(link_events(&mut m).len(), 1);

    let mut quiet = monitor(&k, &[group::LINK]);
    quiet.set_rcvbuf(4096).unwrap();
    quiet.set_no_enobufs(true).unwrap();
    for i in 0..20 {
        ok(&mut s, &set_u32(50 + i, 3, ifla::MTU, 1300 + i));
    }
    // Full-size messages are charged 4352 bytes: two fit in 8192. Dropped silently.
    assert_eq!(link_events(&mut quiet).len(), 2);
    assert_eq!(quiet.drops(), 18);
}

#[test]
fn strict_link_dump_errors_in_done() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    s.set_strict_check(true).unwrap();
    let check = |s: &mut SimSocket, req: &[u8], want: &str| {
        s.send(req).unwrap();
        let d = drain(s);
        assert_eq!(d.len(), 1);
        let done = Done::parse(&msg(&d[0])).unwrap();
        assert_eq!(done.errno(), Some(22));
        assert_eq!(done.ext_ack().msg, Some(want));
        assert!(
            done.message()
                .flags()
                .contains(Flags::ACK_TLVS | Flags::MULTI)
        );
    };
    let mut req = build(|b| {
        link::dump_request(b, 1, 0).unwrap();
    });
    req[24..28].copy_from_slice(&1u32.to_ne_bytes()); // ifi_flags
    check(&mut s, &req, texts::LINK_DUMP_VALUES);
    let req = build(|b| {
        let mut m = link::message(
            b,
            rtm::GETLINK,
            Flags::REQUEST | Flags::DUMP,
            2,
            &IfInfoMsg::default(),
        )
        .unwrap();
        m.put_u32(ifla::MTU, 1).unwrap();
    });
    check(&mut s, &req, texts::LINK_DUMP_ATTR);
    let req = build(|b| {
        let mut m = Builder::message(b, rtm::GETLINK, Flags::REQUEST | Flags::DUMP, 3, 0).unwrap();
        m.put_bytes(&[0]).unwrap();
    });
    check(&mut s, &req, texts::LINK_DUMP_HEADER);
    // Without strict mode a 1-byte rtgenmsg is fine.
    s.set_strict_check(false).unwrap();
    s.send(&req).unwrap();
    let ms = messages(&drain(&mut s));
    assert_eq!(ms.len(), 2);
}

#[test]
fn link_dump_filters() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    ok(&mut s, &set_u32(3, 3, ifla::MASTER, 4));
    s.set_strict_check(true).unwrap();
    let dump = |s: &mut SimSocket, f: &dyn Fn(&mut Builder<'_, nlwire_simkernel::VecBuf>)| {
        let req = build(|b| {
            let mut m = link::message(
                b,
                rtm::GETLINK,
                Flags::REQUEST | Flags::DUMP,
                9,
                &IfInfoMsg::default(),
            )
            .unwrap();
            f(&mut m);
        });
        s.send(&req).unwrap();
        messages(&drain(s))
    };
    let ms = dump(&mut s, &|m| m.put_u32(ifla::MASTER, 4).unwrap());
    assert_eq!(ms.len(), 2);
    assert_eq!(
        LinkMsg::parse(&msg(&ms[0])).unwrap().name().unwrap(),
        Some("v0")
    );
    assert_eq!(msg(&ms[0]).flags(), Flags::MULTI | Flags::DUMP_FILTERED);
    assert_eq!(
        msg(&ms[1]).flags(),
        Flags::MULTI,
        "link DONE is not flagged"
    );
    let ms = dump(&mut s, &|m| {
        m.nest(ifla::LINKINFO, |m| m.put_str(info::KIND, "veth"))
            .unwrap()
    });
    assert_eq!(ms.len(), 3);
}

#[test]
fn echo_newlink_unicast_before_ack() {
    let k = Kernel::new();
    let mut s = k.process(900).socket(Protocol::ROUTE).unwrap();
    s.join_group(group::LINK).unwrap();
    let mut m = monitor(&k, &[group::LINK]);
    let mut req = create(7, "br0", "bridge", None);
    let f = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL | Flags::ECHO;
    req[6..8].copy_from_slice(&f.0.to_ne_bytes());
    s.send(&req).unwrap();
    let d = drain(&mut s);
    assert_eq!(d.len(), 2, "echo (not a multicast copy), then the ack");
    assert_eq!((msg(&d[0]).seq(), msg(&d[0]).pid()), (7, 900));
    assert_eq!(msg(&d[1]).message_type(), MessageType::ERROR);
    let ev = messages(&drain(&mut m));
    assert_eq!((msg(&ev[0]).seq(), msg(&ev[0]).pid()), (7, 900));
}

#[test]
fn sockets_cross_threads_with_recv_timeout() {
    let k = Kernel::new();
    let mut m = monitor(&k, &[group::LINK]);
    m.set_recv_timeout(Some(std::time::Duration::from_secs(5)));
    let h = std::thread::spawn(move || {
        let mut buf = vec![0u8; 8192];
        m.recv(&mut buf).map(|r| r.len)
    });
    let k2 = k.clone();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut s = k2.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &create(1, "br0", "bridge", None));
    assert_eq!(h.join().unwrap().unwrap(), 1880);
}

#[test]
fn vlan_macvlan_vxlan_dummy_bond() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let vlan = |seq: u32, link: Option<u32>, id: Option<u16>| {
        build(|b| {
            let f = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
            let mut m = link::message(b, rtm::NEWLINK, f, seq, &IfInfoMsg::default()).unwrap();
            m.put_str(ifla::IFNAME, "v0.5").unwrap();
            if let Some(l) = link {
                m.put_u32(ifla::LINK, l).unwrap();
            }
            m.nest(ifla::LINKINFO, |m| {
                m.put_str(info::KIND, "vlan")?;
                if let Some(id) = id {
                    m.nest(info::DATA, |m| m.put_u16(1, id))?;
                }
                Ok(())
            })
            .unwrap();
        })
    };
    assert_eq!(
        err(&mut s, &vlan(2, Some(3), None)),
        (22, Some(texts::VLAN_NO_DATA.into()))
    );
    assert_eq!(
        err(&mut s, &vlan(3, None, Some(5))),
        (22, Some(texts::VLAN_NO_LINK.into()))
    );
    ok(&mut s, &vlan(4, Some(3), Some(5)));
    let vidx = k.link_index(k.initial_namespace(), "v0.5").unwrap();
    // Up needs the lower device up.
    assert_eq!(err(&mut s, &set_up(5, vidx, true)).0, 100);
    ok(&mut s, &create(6, "d0", "dummy", None));
    ok(&mut s, &create(7, "vx0", "vxlan", None));
    ok(&mut s, &create(8, "bond0", "bond", None));
    let mut req = create(9, "mv0", "macvlan", None);
    assert_eq!(err(&mut s, &req).0, 22);
    req = build(|b| {
        let f = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
        let mut m = link::message(b, rtm::NEWLINK, f, 10, &IfInfoMsg::default()).unwrap();
        m.put_str(ifla::IFNAME, "mv0").unwrap();
        m.put_u32(ifla::LINK, 3).unwrap();
        m.nest(ifla::LINKINFO, |m| m.put_str(info::KIND, "macvlan"))
            .unwrap();
    });
    ok(&mut s, &req);
    // Deleting the lower device takes the VLAN and macvlan with it.
    ok(&mut s, &del_link(11, 3));
    assert!(k.link_index(k.initial_namespace(), "v0.5").is_none());
    assert!(k.link_index(k.initial_namespace(), "mv0").is_none());
    // Bond slaves must be down; the bond brings them up.
    ok(&mut s, &veth(12, "e0", None, "e1", None));
    let e0 = k.link_index(k.initial_namespace(), "e0").unwrap();
    let bond = k.link_index(k.initial_namespace(), "bond0").unwrap() as u32;
    ok(&mut s, &set_u32(13, e0, ifla::MASTER, bond));
    s.send(&build(|b| {
        link::get_request(b, 14, e0, None).unwrap();
    }))
    .unwrap();
    let ms = messages(&drain(&mut s));
    let l = LinkMsg::parse(&msg(&ms[0])).unwrap();
    assert!(l.flags() & iff::SLAVE != 0 && l.is_up());
    assert_eq!(l.link_info().unwrap().unwrap().slave_kind, Some("bond"));
}

#[test]
fn strict_getlink_leftover_warning_and_dellink_echo() {
    let k = Kernel::new();
    let mut s = k.process(4242).socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    // Trailing garbage after the attributes: success with a warning (CAPPED|ACK_TLVS).
    let mut req = set_u32(2, 3, ifla::MTU, 1300);
    req.extend_from_slice(&[1, 2]);
    let len = u32::try_from(req.len()).unwrap();
    req[0..4].copy_from_slice(&len.to_ne_bytes());
    s.send(&req).unwrap();
    let d = drain(&mut s);
    let e = ErrorMsg::parse(&msg(&d[0])).unwrap();
    assert_eq!(e.code(), 0);
    assert_eq!(e.message().flags(), Flags::CAPPED | Flags::ACK_TLVS);
    assert_eq!(e.ext_ack().msg, Some(texts::LEFTOVER));
    assert_eq!(d[0].len(), 80);
    // Strict GETLINK checks.
    s.set_strict_check(true).unwrap();
    let getl = |seq: u32, hdr: IfInfoMsg, mtu: bool| {
        build(|b| {
            let mut m =
                link::message(b, rtm::GETLINK, Flags::REQUEST | Flags::ACK, seq, &hdr).unwrap();
            if mtu {
                m.put_u32(ifla::MTU, 1).unwrap();
            }
        })
    };
    s.send(&getl(3, IfInfoMsg::new(0, 3), true)).unwrap();
    let d = drain(&mut s);
    assert_eq!(d[0].len(), 108, "MSG only, no OFFS");
    let e = ErrorMsg::parse(&msg(&d[0])).unwrap();
    assert_eq!(e.ext_ack().msg, Some(texts::LINK_GET_ATTR));
    assert_eq!(
        err(&mut s, &getl(4, IfInfoMsg::new(0, 3).with_flags(1), false)),
        (22, Some(texts::LINK_GET_VALUES.into()))
    );
    let short = build(|b| {
        let mut m = Builder::message(b, rtm::GETLINK, Flags::REQUEST | Flags::ACK, 5, 0).unwrap();
        m.put_bytes(&[0u8; 4]).unwrap();
    });
    assert_eq!(
        err(&mut s, &short),
        (22, Some(texts::LINK_GET_HEADER.into()))
    );
    // By name.
    let byname = build(|b| {
        link::get_request(b, 6, 0, Some("v1")).unwrap();
    });
    s.send(&byname).unwrap();
    let ms = messages(&drain(&mut s));
    assert_eq!(LinkMsg::parse(&msg(&ms[0])).unwrap().index(), 2);
    // DELLINK with ECHO: both DELLINKs come back unicast, then the ack.
    let mut del = del_link(7, 3);
    let f = Flags::REQUEST | Flags::ACK | Flags::ECHO;
    del[6..8].copy_from_slice(&f.0.to_ne_bytes());
    s.send(&del).unwrap();
    let d = drain(&mut s);
    let kinds: Vec<(u16, u32, u32, usize)> = d
        .iter()
        .map(|b| (msg(b).message_type().0, msg(b).seq(), msg(b).pid(), b.len()))
        .collect();
    assert_eq!(
        kinds,
        [(17, 7, 4242, 680), (17, 7, 4242, 680), (2, 7, 4242, 36)]
    );
}
