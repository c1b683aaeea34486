//! nlwire-sys against the real kernel. Every test runs in its own private network
//! namespace (see `nlwire_sys::testing`) and never touches the host's interfaces,
//! addresses or routes. Without the privilege to create a namespace the tests print
//! `SKIP …` and pass, unless `NLWIRE_REQUIRE_KERNEL=1`.

use std::io;
use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use nlwire_codec::rtnl::link::{self, IfInfoMsg, LinkMsg, ifla};
use nlwire_codec::rtnl::{group, rtm};
use nlwire_codec::{Builder, EncodeError, Flags, MessageType, Messages};
use nlwire_sys::{Client, Error, MsgBuf, NetNs, Protocol, Socket, testing};

// ---------------------------------------------------------------------------------------
// Helpers: requests the codec has no typed writers for yet are written here.

fn client() -> Client<Socket> {
    Client::open(Protocol::ROUTE).expect("open a route socket")
}

fn create_veth(c: &mut Client<Socket>, name: &str, peer: &str) -> Result<(), Error> {
    c.request_ack(|buf, seq| link::create_veth_request(buf, seq, name, peer))
}

fn bridge_request(buf: &mut MsgBuf, seq: u32, name: &str) -> Result<(), EncodeError> {
    let flags = Flags::CREATE | Flags::EXCL;
    let mut b = link::message(buf, rtm::NEWLINK, flags, seq, &IfInfoMsg::default())?;
    b.put_str(ifla::IFNAME, name)?;
    b.nest_noflag(ifla::LINKINFO, |b| b.put_str(link::info::KIND, "bridge"))
}

fn set_up(c: &mut Client<Socket>, index: i32) -> Result<(), Error> {
    c.request_ack(|buf, seq| link::set_request(buf, seq, index, Some(true)).map(drop))
}

fn set_mtu(buf: &mut MsgBuf, seq: u32, index: i32, mtu: u32) -> Result<(), EncodeError> {
    link::set_request(buf, seq, index, None)?.put_u32(ifla::MTU, mtu)
}

fn delete_link(buf: &mut MsgBuf, seq: u32, index: i32) -> Result<usize, EncodeError> {
    link::delete_request(buf, seq, index, None)
}

/// `(index, name, mtu, flags)` of one link, by name, through a single-reply request.
fn get_link(c: &mut Client<Socket>, name: &str) -> Result<(i32, u32, u32), Error> {
    let msg = c.request(|buf, seq| link::get_request(buf, seq, 0, Some(name)))?;
    let l = LinkMsg::parse(&msg)?;
    Ok((l.index(), l.mtu()?.unwrap_or(0), l.flags()))
}

/// Every link's `(index, name)`, by dump.
fn link_names(c: &mut Client<Socket>) -> Vec<(i32, String)> {
    let mut out = Vec::new();
    let summary = c
        .dump(
            |buf, seq| link::dump_request(buf, seq, link::rtext_filter::SKIP_STATS),
            |msg| {
                let l = LinkMsg::parse(&msg)?;
                out.push((l.index(), l.name()?.unwrap_or("").to_owned()));
                Ok(())
            },
        )
        .expect("link dump");
    assert_eq!(summary.messages, out.len());
    out
}

/// `struct rtmsg` for an IPv4 route in the main table.
fn rtmsg(dst_len: u8, protocol: u8, scope: u8, kind: u8) -> [u8; 12] {
    [
        nlwire_codec::rtnl::family::INET,
        dst_len,
        0,
        0,
        libc::RT_TABLE_MAIN,
        protocol,
        scope,
        kind,
        0,
        0,
        0,
        0,
    ]
}

/// `struct ifaddrmsg` for IPv4.
fn ifaddrmsg(prefix_len: u8, index: u32) -> [u8; 8] {
    let i = index.to_ne_bytes();
    [
        nlwire_codec::rtnl::family::INET,
        prefix_len,
        0,
        0,
        i[0],
        i[1],
        i[2],
        i[3],
    ]
}

fn kernel_errno(r: &Result<(), Error>) -> i32 {
    match r {
        Err(e @ Error::Kernel(k)) => {
            eprintln!("kernel error: {e}");
            k.errno
        }
        other => panic!("expected a kernel error, got {other:?}"),
    }
}

/// Reads every datagram queued on a non-blocking socket.
fn drain(sock: &mut Socket) -> Vec<Vec<u8>> {
    sock.set_nonblocking(true).unwrap();
    let mut out = Vec::new();
    loop {
        let mut buf = Vec::new();
        match sock.recv_sized(&mut buf) {
            Ok(_) => out.push(buf),
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("receive: {e}"),
        }
    }
    sock.set_nonblocking(false).unwrap();
    out
}

/// The `(type, name)` of every link message in `datagrams`.
fn link_events(datagrams: &[Vec<u8>]) -> Vec<(MessageType, String)> {
    let mut out = Vec::new();
    for d in datagrams {
        for m in Messages::new(d) {
            let m = m.unwrap();
            if m.message_type() == rtm::NEWLINK || m.message_type() == rtm::DELLINK {
                let l = LinkMsg::parse(&m).unwrap();
                out.push((m.message_type(), l.name().unwrap().unwrap_or("").to_owned()));
            }
        }
    }
    out
}

/// Creates `n` veth pairs `{prefix}a{i}` ⇄ `{prefix}b{i}` in batches of 25.
fn create_veths(c: &mut Client<Socket>, prefix: &str, n: usize) {
    for chunk in (0..n).collect::<Vec<_>>().chunks(25) {
        let results = c
            .batch(|b| {
                for i in chunk {
                    let (a, p) = (format!("{prefix}a{i}"), format!("{prefix}b{i}"));
                    b.add(|buf, seq| link::create_veth_request(buf, seq, &a, &p))?;
                }
                Ok(())
            })
            .expect("batch");
        for r in results {
            r.expect("create veth");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Requests, dumps and acks.

#[test]
fn link_dump_sees_lo() {
    testing::in_private_netns("link_dump_sees_lo", || {
        let mut c = client();
        assert_eq!(link_names(&mut c), [(1, "lo".to_owned())]);
        let (index, mtu, flags) = get_link(&mut c, "lo").unwrap();
        assert_eq!((index, mtu), (1, 65536));
        assert_eq!(
            flags & link::iff::UP,
            0,
            "lo starts down in a new namespace"
        );
        assert_eq!(c.stats().rejected(), 0);
    });
}

#[test]
fn request_ack_sets_lo_mtu() {
    testing::in_private_netns("request_ack_sets_lo_mtu", || {
        let mut c = client();
        c.request_ack(|buf, seq| set_mtu(buf, seq, 1, 1280))
            .unwrap();
        assert_eq!(get_link(&mut c, "lo").unwrap().1, 1280);
        set_up(&mut c, 1).unwrap();
        assert_ne!(get_link(&mut c, "lo").unwrap().2 & link::iff::UP, 0);
    });
}

#[test]
fn eexist_for_a_second_bridge_of_the_same_name() {
    testing::in_private_netns("eexist_for_a_second_bridge_of_the_same_name", || {
        let mut c = client();
        c.request_ack(|buf, seq| bridge_request(buf, seq, "br0"))
            .unwrap();
        let r = c.request_ack(|buf, seq| bridge_request(buf, seq, "br0"));
        assert_eq!(kernel_errno(&r), libc::EEXIST);
        let e = r.unwrap_err();
        assert_eq!(e.kernel().unwrap().msg, None, "no ext-ack text");
        assert_eq!(e.to_string(), "File exists (EEXIST, errno 17)");
    });
}

#[test]
fn enodev_deleting_ifindex_999() {
    testing::in_private_netns("enodev_deleting_ifindex_999", || {
        let mut c = client();
        let r = c.request_ack(|buf, seq| delete_link(buf, seq, 999));
        assert_eq!(kernel_errno(&r), libc::ENODEV);
        assert_eq!(
            r.unwrap_err().to_string(),
            "No such device (ENODEV, errno 19)"
        );
    });
}

#[test]
fn enetunreach_route_via_unreachable_gateway() {
    testing::in_private_netns("enetunreach_route_via_unreachable_gateway", || {
        let mut c = client();
        set_up(&mut c, 1).unwrap();
        create_veth(&mut c, "gw0", "gw1").unwrap();
        let (gw0, _, _) = get_link(&mut c, "gw0").unwrap();
        let (gw1, _, _) = get_link(&mut c, "gw1").unwrap();
        set_up(&mut c, gw0).unwrap();
        set_up(&mut c, gw1).unwrap();
        let r = c.request_ack(|buf, seq| {
            let flags = Flags::CREATE | Flags::EXCL;
            let mut b = Builder::message(buf, rtm::NEWROUTE, flags, seq, 0)?;
            b.put_bytes(&rtmsg(24, libc::RTPROT_BOOT, 0, libc::RTN_UNICAST))?;
            b.put_ipv4(libc::RTA_DST, Ipv4Addr::new(198, 51, 100, 0))?;
            b.put_ipv4(libc::RTA_GATEWAY, Ipv4Addr::new(192, 0, 2, 1))?;
            b.put_u32(libc::RTA_OIF, u32::try_from(gw0).unwrap())
        });
        assert_eq!(kernel_errno(&r), libc::ENETUNREACH);
        let e = r.unwrap_err();
        assert_eq!(
            e.kernel().unwrap().msg.as_deref(),
            Some("Nexthop has invalid gateway")
        );
        let text = e.to_string();
        assert!(
            text.starts_with("Nexthop has invalid gateway (ENETUNREACH, errno 101)"),
            "{text}"
        );
    });
}

#[test]
fn esrch_deleting_a_missing_route() {
    testing::in_private_netns("esrch_deleting_a_missing_route", || {
        let mut c = client();
        let delete = |buf: &mut MsgBuf, seq| {
            let mut b = Builder::message(buf, rtm::DELROUTE, Flags(0), seq, 0)?;
            b.put_bytes(&rtmsg(24, 0, libc::RT_SCOPE_NOWHERE, 0))?;
            b.put_ipv4(libc::RTA_DST, Ipv4Addr::new(198, 51, 100, 0))
        };
        // A new namespace has no main table until a route goes in it.
        let r = c.request_ack(delete);
        assert_eq!(kernel_errno(&r), libc::ESRCH);
        assert_eq!(
            r.unwrap_err().kernel().unwrap().msg.as_deref(),
            Some("FIB table does not exist")
        );
        // With the table there (a blackhole route needs no device): ESRCH, no text.
        c.request_ack(|buf, seq| {
            let flags = Flags::CREATE | Flags::EXCL;
            let mut b = Builder::message(buf, rtm::NEWROUTE, flags, seq, 0)?;
            b.put_bytes(&rtmsg(24, libc::RTPROT_BOOT, 0, libc::RTN_BLACKHOLE))?;
            b.put_ipv4(libc::RTA_DST, Ipv4Addr::new(203, 0, 113, 0))
        })
        .unwrap();
        let r = c.request_ack(delete);
        assert_eq!(kernel_errno(&r), libc::ESRCH);
        let e = r.unwrap_err();
        assert_eq!(e.kernel().unwrap().msg, None);
        assert_eq!(e.to_string(), "No such process (ESRCH, errno 3)");
    });
}

#[test]
fn eaddrnotavail_deleting_a_missing_address() {
    testing::in_private_netns("eaddrnotavail_deleting_a_missing_address", || {
        let mut c = client();
        let r = c.request_ack(|buf, seq| {
            let mut b = Builder::message(buf, rtm::DELADDR, Flags(0), seq, 0)?;
            b.put_bytes(&ifaddrmsg(24, 1))?;
            b.put_ipv4(libc::IFA_LOCAL, Ipv4Addr::new(192, 0, 2, 1))?;
            b.put_ipv4(libc::IFA_ADDRESS, Ipv4Addr::new(192, 0, 2, 1))
        });
        assert_eq!(kernel_errno(&r), libc::EADDRNOTAVAIL);
        let e = r.unwrap_err();
        assert_eq!(
            e.kernel().unwrap().msg.as_deref(),
            Some("ipv4: Address not found")
        );
        assert_eq!(
            e.to_string(),
            "ipv4: Address not found (EADDRNOTAVAIL, errno 99)"
        );
    });
}

#[test]
fn erange_for_a_16_character_name_points_at_ifla_ifname() {
    testing::in_private_netns(
        "erange_for_a_16_character_name_points_at_ifla_ifname",
        || {
            let mut c = client();
            let r = c.request_ack(|buf, seq| bridge_request(buf, seq, "sixteen-chars-xx"));
            assert_eq!(kernel_errno(&r), libc::ERANGE);
            let e = r.unwrap_err();
            let k = e.kernel().unwrap();
            assert_eq!(k.msg.as_deref(), Some("Attribute failed policy validation"));
            assert_eq!(k.offset, Some(32), "IFLA_IFNAME right after the ifinfomsg");
            assert_eq!(k.path.as_deref(), Some("3"));
            if let Some(p) = k.policy {
                assert_eq!(p.max_length, Some(15));
            }
            let text = e.to_string();
            assert!(
                text.starts_with(
                    "Attribute failed policy validation (ERANGE, errno 34) at attribute 3"
                ),
                "{text}"
            );
        },
    );
}

#[test]
fn batch_of_three_with_a_failure_in_the_middle() {
    testing::in_private_netns("batch_of_three_with_a_failure_in_the_middle", || {
        let mut c = client();
        let results = c
            .batch(|b| {
                b.add(|buf, seq| set_mtu(buf, seq, 1, 1400))?;
                b.add(|buf, seq| delete_link(buf, seq, 999))?;
                b.add(|buf, seq| link::set_request(buf, seq, 1, Some(true)).map(drop))
            })
            .unwrap();
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok(), "{:?}", results[0]);
        assert_eq!(results[1].as_ref().unwrap_err().errno(), Some(libc::ENODEV));
        assert!(results[2].is_ok(), "{:?}", results[2]);
        let (_, mtu, flags) = get_link(&mut c, "lo").unwrap();
        assert_eq!(mtu, 1400);
        assert_ne!(
            flags & link::iff::UP,
            0,
            "the request after the failure ran"
        );
    });
}

// ---------------------------------------------------------------------------------------
// Multicast, overrun, ports, foreign messages, truncation.

#[test]
fn multicast_link_events_arrive_in_order() {
    testing::in_private_netns("multicast_link_events_arrive_in_order", || {
        let mut monitor = Socket::new(Protocol::ROUTE).unwrap();
        monitor.bind_auto().unwrap();
        monitor.join_group(group::LINK).unwrap();
        assert_eq!(monitor.memberships().unwrap(), [group::LINK]);
        // The legacy bitmask joins the same group.
        let mut legacy = Socket::new(Protocol::ROUTE).unwrap();
        legacy.bind_with_groups(0, 1 << (group::LINK - 1)).unwrap();
        assert_eq!(legacy.memberships().unwrap(), [group::LINK]);

        let mut c = client();
        create_veth(&mut c, "m0", "m1").unwrap();

        for sock in [&mut monitor, &mut legacy] {
            let datagrams = drain(sock);
            let events = link_events(&datagrams);
            // The peer is registered first (lower ifindex), then the named device.
            assert_eq!(
                events,
                [
                    (rtm::NEWLINK, "m1".to_owned()),
                    (rtm::NEWLINK, "m0".to_owned())
                ]
            );
        }

        // A client on the monitor socket drops queued notifications, counting them.
        create_veth(&mut c, "n0", "n1").unwrap();
        let mut on_monitor = Client::new(&mut monitor).with_protocol(Protocol::ROUTE);
        let (index, _, _) = {
            let msg = on_monitor
                .request(|buf, seq| link::get_request(buf, seq, 0, Some("n0")))
                .unwrap();
            let l = LinkMsg::parse(&msg).unwrap();
            (l.index(), 0, 0)
        };
        assert!(index > 1);
        assert_eq!(on_monitor.stats().multicast, 2, "{:?}", on_monitor.stats());

        monitor.leave_group(group::LINK).unwrap();
        assert!(monitor.memberships().unwrap().is_empty());
        create_veth(&mut c, "o0", "o1").unwrap();
        assert!(drain(&mut monitor).is_empty(), "no events after leaving");
    });
}

#[test]
fn multicast_with_pktinfo_reports_the_group() {
    testing::in_private_netns("multicast_with_pktinfo_reports_the_group", || {
        let mut monitor = Socket::new(Protocol::ROUTE).unwrap();
        monitor.bind_auto().unwrap();
        monitor.set_pktinfo(true).unwrap();
        monitor.join_group(group::LINK).unwrap();
        let mut c = client();
        c.request_ack(|buf, seq| bridge_request(buf, seq, "pk0"))
            .unwrap();
        monitor.set_nonblocking(true).unwrap();
        let mut buf = Vec::new();
        let info = monitor.recv_sized(&mut buf).unwrap();
        assert_eq!(info.port, 0);
        assert_eq!(info.groups, 1 << (group::LINK - 1));
        assert_eq!(info.group, Some(group::LINK));
        assert!(info.is_multicast());
        assert_eq!(buf.len(), info.len);
    });
}

#[test]
fn overrun_is_reported_and_a_dump_resynchronises() {
    testing::in_private_netns("overrun_is_reported_and_a_dump_resynchronises", || {
        let mut monitor = Socket::new(Protocol::ROUTE).unwrap();
        monitor.bind_auto().unwrap();
        monitor.set_recv_buffer_size(4096).unwrap();
        let rcvbuf = monitor.recv_buffer_size().unwrap();
        assert!(rcvbuf < 16384, "SO_RCVBUF 4096 reads back as {rcvbuf}");
        monitor.join_group(group::LINK).unwrap();

        // 20 links created without reading: far more than 8 KiB of notifications.
        let mut c = client();
        create_veths(&mut c, "ov", 10);

        let mut buf = Vec::new();
        match monitor.recv_sized(&mut buf) {
            Err(Error::Overrun) => {}
            other => panic!("expected an overrun, got {other:?}"),
        }
        // What was queued before the overflow still arrives, then the flow is normal.
        assert!(!drain(&mut monitor).is_empty());

        // Resynchronise: the dump shows every link.
        let links = link_names(&mut c);
        assert_eq!(links.len(), 21, "{links:?}");

        c.request_ack(|buf, seq| bridge_request(buf, seq, "after0"))
            .unwrap();
        let events = link_events(&drain(&mut monitor));
        assert!(
            events.iter().any(|(_, n)| n == "after0"),
            "monitor works after the overrun: {events:?}"
        );
    });
}

#[test]
fn eaddrinuse_for_a_duplicate_port_id() {
    testing::in_private_netns("eaddrinuse_for_a_duplicate_port_id", || {
        let port = 0x4e4c_5749; // any id nobody else in this namespace holds
        let mut a = Socket::new(Protocol::ROUTE).unwrap();
        a.bind(port).unwrap();
        assert_eq!(a.local_port(), Some(port));
        let mut b = Socket::new(Protocol::ROUTE).unwrap();
        let e = b.bind(port).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AddrInUse, "{e}");
        assert_eq!(e.raw_os_error(), Some(libc::EADDRINUSE));
        // Rebinding a bound socket to another id is refused.
        assert!(a.bind(port + 1).is_err());
        // A socket bound to the id works with a client.
        let mut c = Client::new(a).with_protocol(Protocol::ROUTE);
        assert_eq!(link_names_of(&mut c).len(), 1);
    });
}

fn link_names_of(c: &mut Client<Socket>) -> Vec<(i32, String)> {
    link_names(c)
}

#[test]
fn message_from_another_user_socket_is_rejected() {
    testing::in_private_netns("message_from_another_user_socket_is_rejected", || {
        let mut c = client();
        let port = c.transport().local_port().unwrap();
        // A forged success ack for the client's next request, sent from user space.
        let seq = c.peek_seq();
        let mut forged = MsgBuf::new();
        let mut b =
            Builder::message(&mut forged, MessageType::ERROR, Flags::CAPPED, seq, port).unwrap();
        b.put_bytes(&0i32.to_ne_bytes()).unwrap();
        b.put_bytes(&[16, 0, 0, 0, 17, 0, 5, 0]).unwrap();
        b.put_bytes(&seq.to_ne_bytes()).unwrap();
        b.put_bytes(&0u32.to_ne_bytes()).unwrap();
        let mut other = Socket::new(Protocol::ROUTE).unwrap();
        other.bind_auto().unwrap();
        use nlwire_codec::Buffer;
        other.send_to(port, 0, forged.as_slice()).unwrap();

        // The real answer (ENODEV) wins; the forged ack is dropped and counted.
        let r = c.request_ack(|buf, seq| delete_link(buf, seq, 999));
        assert_eq!(kernel_errno(&r), libc::ENODEV);
        assert_eq!(c.stats().foreign_port, 1);
        assert_eq!(c.stats().rejected(), 1);

        // Sending to a port nobody holds is refused.
        let e = other
            .send_to(0x7fff_fff0, 0, forged.as_slice())
            .unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ECONNREFUSED));
    });
}

#[test]
fn short_receive_buffers_are_detected() {
    testing::in_private_netns("short_receive_buffers_are_detected", || {
        // Raw socket: the full length is reported beyond a 64-byte buffer.
        let mut sock = Socket::new(Protocol::ROUTE).unwrap();
        sock.bind_auto().unwrap();
        let mut req = MsgBuf::new();
        link::dump_request(&mut req, 1, 0).unwrap();
        use nlwire_codec::Buffer;
        sock.send(req.as_slice()).unwrap();
        let mut small = [0u8; 64];
        let got = nlwire_codec::Transport::recv(&mut sock, &mut small).unwrap();
        assert!(got.len > 64, "{got:?}");
        assert!(got.is_truncated(small.len()));
        // The rest of the dump (DONE) arrives whole with recv_sized.
        let mut buf = Vec::new();
        let info = sock.recv_sized(&mut buf).unwrap();
        assert_eq!(info.len, buf.len());
        let last = Messages::new(&buf).last().unwrap().unwrap();
        assert_eq!(last.message_type(), MessageType::DONE);

        // Client: after a 32 KiB receive the kernel packs dumps to 32 KiB; an 8 KiB
        // buffer then loses data, which is an error, and the buffer grows.
        let mut c = client();
        create_veths(&mut c, "tr", 20);
        assert_eq!(link_names(&mut c).len(), 41);
        c.set_recv_buffer_len(8192);
        let e = c.dump(|buf, seq| link::dump_request(buf, seq, 0), |_| Ok(()));
        match e {
            Err(Error::Truncated { len, buf: 8192 }) => {
                assert!(len > 8192);
                assert!(c.recv_buffer_len() >= len);
            }
            other => panic!("expected truncation, got {other:?}"),
        }
        assert!(c.stats().truncated >= 1);
        assert_eq!(link_names(&mut c).len(), 41, "works again after growing");
    });
}

#[test]
fn socket_options_and_nonblocking() {
    testing::in_private_netns("socket_options_and_nonblocking", || {
        let mut s = Socket::new(Protocol::ROUTE).unwrap();
        assert_eq!(s.local_port(), None);
        let port = s.bind_auto().unwrap();
        assert_ne!(port, 0);
        assert_eq!(s.query_local_port().unwrap(), port);
        for on in [true, false] {
            s.set_ext_ack(on).unwrap();
            s.set_cap_ack(on).unwrap();
            s.set_strict_check(on).unwrap();
            s.set_no_enobufs(on).unwrap();
            s.set_broadcast_error(on).unwrap();
            s.set_listen_all_nsid(on).unwrap();
            s.set_pktinfo(on).unwrap();
        }
        s.set_send_buffer_size(65536).unwrap();
        assert!(s.send_buffer_size().unwrap() >= 65536);
        // SO_RCVBUFFORCE needs CAP_NET_ADMIN over the initial namespace: not under
        // `unshare -Urn`.
        match s.set_recv_buffer_size_force(1 << 20) {
            Ok(()) => assert!(s.recv_buffer_size().unwrap() >= 1 << 20),
            Err(e) => assert_eq!(e.kind(), io::ErrorKind::PermissionDenied, "{e}"),
        }
        // Groups above 32 use NETLINK_ADD_MEMBERSHIP.
        s.join_group(group::NEXTHOP).unwrap();
        s.join_group(group::STATS).unwrap();
        assert_eq!(s.memberships().unwrap(), [group::NEXTHOP, group::STATS]);
        assert!(s.join_group(0).is_err(), "group 0 is EINVAL");
        s.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 64];
        match s.recv(&mut buf) {
            Err(Error::Io(e)) => assert_eq!(e.kind(), io::ErrorKind::WouldBlock),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.protocol(), Some(Protocol::ROUTE));
        let fd: std::os::fd::OwnedFd = s.into();
        let adopted = Socket::from(fd);
        assert_eq!(adopted.local_port(), Some(port));
        assert_eq!(adopted.protocol(), None);
    });
}

// ---------------------------------------------------------------------------------------
// Namespaces and dump consistency.

#[test]
fn namespaces_are_separate() {
    let Some(a) = testing::private_netns("namespaces_are_separate") else {
        return;
    };
    let b = NetNs::new_private().unwrap();
    a.run_in(|| {
        let mut c = client();
        c.request_ack(|buf, seq| bridge_request(buf, seq, "only-in-a"))
            .unwrap();
    })
    .unwrap();
    let in_a = a.run_in(|| link_names(&mut client())).unwrap();
    let in_b = b.run_in(|| link_names(&mut client())).unwrap();
    assert_eq!(in_a.len(), 2);
    assert_eq!(in_b, [(1, "lo".to_owned())]);
    // A socket keeps its namespace wherever it is used.
    let mut c = a.run_in(client).unwrap();
    assert_eq!(link_names(&mut c).len(), 2);
    // The handle of a namespace, re-opened through /proc, is the same namespace.
    let again = a
        .run_in(|| NetNs::current().unwrap())
        .unwrap()
        .run_in(|| link_names(&mut client()))
        .unwrap();
    assert_eq!(again, in_a);
}

#[test]
fn dump_interrupted_by_a_concurrent_change() {
    const TEST: &str = "dump_interrupted_by_a_concurrent_change";
    let Some(ns) = testing::private_netns(TEST) else {
        return;
    };
    ns.run_in(|| create_veths(&mut client(), "base", 200))
        .unwrap();

    let stop = AtomicBool::new(false);
    let created = AtomicUsize::new(0);
    let (interrupted, attempts) = std::thread::scope(|s| {
        // Another thread, entering the same namespace, keeps creating links.
        s.spawn(|| {
            ns.run_in(|| {
                let mut c = client();
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) && i < 5000 {
                    create_veth(&mut c, &format!("ca{i}"), &format!("cb{i}")).unwrap();
                    created.fetch_add(1, Ordering::Relaxed);
                    i += 1;
                }
            })
            .unwrap();
        });
        let result = ns
            .run_in(|| {
                while created.load(Ordering::Relaxed) == 0 {
                    std::thread::yield_now();
                }
                let mut c = client();
                c.set_recv_buffer_len(8192); // many small datagrams
                let mut attempts = 0;
                loop {
                    attempts += 1;
                    let s = c
                        .dump(|buf, seq| link::dump_request(buf, seq, 0), |_| Ok(()))
                        .unwrap();
                    if s.interrupted || attempts == 20 {
                        return (s.interrupted, attempts);
                    }
                }
            })
            .unwrap();
        stop.store(true, Ordering::Relaxed);
        result
    });
    assert!(
        interrupted,
        "no NLM_F_DUMP_INTR in {attempts} dumps while {} pairs were created",
        created.load(Ordering::Relaxed)
    );

    // Quiet again: a consistent dump succeeds on its first attempt.
    let (count, summary) = ns
        .run_in(|| {
            client()
                .dump_consistent(
                    3,
                    |buf, seq| link::dump_request(buf, seq, link::rtext_filter::SKIP_STATS),
                    || 0usize,
                    |n, _| {
                        *n += 1;
                        Ok(())
                    },
                )
                .unwrap()
        })
        .unwrap();
    assert_eq!(summary.attempts, 1);
    assert!(!summary.interrupted);
    assert_eq!(count, 1 + 400 + 2 * created.load(Ordering::Relaxed));
}
