//! Generic netlink families, sock_diag and uevents against the real kernel. Every test
//! runs in its own private network namespace (see `nlwire_sys::testing`) and skips
//! (printing `SKIP …`) without the privilege, unless `NLWIRE_REQUIRE_KERNEL=1`.
//!
//! With `NLWIRE_RECORD=1` the tests write what the kernel answered to
//! `tests/fixtures/genl/` (`NAME.req.bin`: the request as sent; `NAME.resp.bin`: the
//! reply messages, joined; `NAME.bin` for a raw uevent datagram); the codec's tests
//! decode those files byte for byte.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr as UnixAddr, UnixListener, UnixStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use nlwire_codec::diag::{
    self, DiagMsg, InetDiagReqV2, PortCond, PortFilter, UnixDiagReq, UnixDiagView, tcp_state,
    udiag_show,
};
use nlwire_codec::genl::ctrl::{self, FamilyMsg};
use nlwire_codec::genl::families::views::ethtool::{self as et, Dev};
use nlwire_codec::genl::families::views::{mptcp_pm, netdev, taskstats, tcp_metrics};
use nlwire_codec::genl::families::{self, ethtool};
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::uevent::{self, Uevent};
use nlwire_codec::{EncodeError, Message};
use nlwire_sys::{Client, Error, MsgBuf, Protocol, Socket, testing};

// ---------------------------------------------------------------------------------------
// Helpers.

/// Whether to write fixtures.
fn recording() -> bool {
    std::env::var_os("NLWIRE_RECORD").is_some_and(|v| v == "1")
}

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/genl")
}

/// Writes fixture `name` when recording: the request (built again with `seq` 1 by
/// `build`) and the reply messages.
fn record<F>(name: &str, build: F, replies: &[Vec<u8>])
where
    F: FnOnce(&mut MsgBuf, u32) -> Result<usize, EncodeError>,
{
    if !recording() {
        return;
    }
    let dir = fixture_dir();
    std::fs::create_dir_all(&dir).expect("create fixtures/genl");
    let mut req = MsgBuf::new();
    build(&mut req, 1).expect("rebuild the request");
    std::fs::write(
        dir.join(format!("{name}.req.bin")),
        nlwire_codec::Buffer::as_slice(&req),
    )
    .expect("write req");
    let mut resp = Vec::new();
    for m in replies {
        resp.extend_from_slice(m);
        resp.resize(resp.len().next_multiple_of(4), 0);
    }
    std::fs::write(dir.join(format!("{name}.resp.bin")), resp).expect("write resp");
    println!("recorded fixtures/genl/{name}");
}

fn route() -> Client<Socket> {
    Client::open(Protocol::ROUTE).expect("open a route socket")
}

fn genl() -> Client<Socket> {
    Client::open(Protocol::GENERIC).expect("open a generic netlink socket")
}

/// The id of generic netlink family `name`, or `None` (with a printed reason) when the
/// kernel has no such family in this namespace.
fn resolve(c: &mut Client<Socket>, name: &str) -> Option<u16> {
    match c.request(|buf, seq| ctrl::get_family_request(buf, seq, name)) {
        Ok(m) => {
            let f = FamilyMsg::parse(&m).expect("a family message");
            assert_eq!(f.name().unwrap(), Some(name));
            f.id().unwrap()
        }
        Err(Error::Kernel(k)) if k.errno == libc::ENOENT => {
            println!("family {name} is not available here (ENOENT)");
            None
        }
        Err(e) => panic!("resolving {name}: {e}"),
    }
}

/// Every reply message of a dump, as owned bytes.
fn dump_all<F>(c: &mut Client<Socket>, build: F) -> Vec<Vec<u8>>
where
    F: FnMut(&mut MsgBuf, u32) -> Result<usize, EncodeError>,
{
    let mut out = Vec::new();
    let mut build = build;
    c.dump(
        |b, s| build(b, s),
        |m| {
            out.push(m.bytes().to_vec());
            Ok(())
        },
    )
    .expect("dump");
    out
}

fn msg(bytes: &[u8]) -> Message<'_> {
    Message::parse(bytes).expect("a message")
}

fn link_index(c: &mut Client<Socket>, name: &str) -> i32 {
    let m = c
        .request(|buf, seq| link::get_request(buf, seq, 0, Some(name)))
        .expect("get link");
    LinkMsg::parse(&m).unwrap().index()
}

fn lo_up(c: &mut Client<Socket>) {
    c.request_ack(|buf, seq| link::set_request(buf, seq, 1, Some(true)).map(drop))
        .expect("set lo up");
}

// ---------------------------------------------------------------------------------------
// ethtool.

#[test]
fn ethtool_on_a_veth() {
    testing::in_private_netns("ethtool_on_a_veth", || {
        let mut rt = route();
        rt.request_ack(|buf, seq| link::create_veth_request(buf, seq, "nlwveth0", "nlwveth1"))
            .expect("create a veth pair");
        let index = u32::try_from(link_index(&mut rt, "nlwveth0")).unwrap();

        let mut c = genl();
        let Some(fam) = resolve(&mut c, ethtool::FAMILY_NAME) else {
            return;
        };

        // Link info by name.
        let build = |b: &mut MsgBuf, s| {
            et::get_request(
                b,
                fam,
                s,
                ethtool::cmd::LINKINFO_GET,
                Dev::Name("nlwveth0"),
                0,
            )
        };
        let m = c.request(build).expect("linkinfo").bytes().to_vec();
        let li = et::LinkInfo::parse(&msg(&m)).expect("a linkinfo reply");
        let h = li.header().unwrap();
        assert_eq!(h.index, Some(index));
        assert_eq!(h.name, Some("nlwveth0"));
        let port = li.port().unwrap().expect("port");
        println!("linkinfo port {port} ({:?})", et::port::name(port));
        let text = li.to_string();
        assert!(text.starts_with("genl ethtool linkinfo-get"), "{text}");
        assert!(text.contains("ETHTOOL_A_LINKINFO_PORT"), "{text}");
        record("ethtool_linkinfo", build, &[m]);

        // Link modes by index: veth reports 10 Gb/s full duplex.
        let build = |b: &mut MsgBuf, s| {
            et::get_request(b, fam, s, ethtool::cmd::LINKMODES_GET, Dev::Index(index), 0)
        };
        let m = c.request(build).expect("linkmodes").bytes().to_vec();
        let lm = et::LinkModes::parse(&msg(&m)).unwrap();
        assert_eq!(lm.speed().unwrap(), Some(10_000));
        assert_eq!(lm.duplex().unwrap(), Some(et::duplex::FULL));
        assert_eq!(lm.autoneg().unwrap(), Some(0));
        record("ethtool_linkmodes", build, &[m]);

        // The link-mode names: a global string set.
        let build = |b: &mut MsgBuf, s| {
            et::strset_get_request(
                b,
                fam,
                s,
                Dev::Index(index),
                &[et::string_set::LINK_MODES],
                false,
            )
        };
        let m = c.request(build).expect("strset").bytes().to_vec();
        let ss = et::StrSet::parse(&msg(&m)).unwrap();
        let modes = ss
            .set(et::string_set::LINK_MODES)
            .unwrap()
            .expect("link modes");
        let count = modes.count.unwrap();
        assert!(count > 50, "{count} link modes");
        assert_eq!(modes.strings().count(), count as usize);
        assert_eq!(modes.get(0).unwrap(), Some("10baseT/Half"));
        record("ethtool_strset_link_modes", build, &[m]);

        // Features: verbose bitsets with names.
        let build = |b: &mut MsgBuf, s| {
            et::get_request(
                b,
                fam,
                s,
                ethtool::cmd::FEATURES_GET,
                Dev::Name("nlwveth0"),
                0,
            )
        };
        let m = c.request(build).expect("features").bytes().to_vec();
        let f = et::Features::parse(&msg(&m)).unwrap();
        let active = f.active().unwrap().expect("active");
        let hw = f.hw().unwrap().expect("hw");
        assert!(active.count_set().unwrap() > 0);
        assert!(hw.size().unwrap() > 32);
        assert!(active.bits().all(|b| b.unwrap().name.is_some()));
        // veth does scatter-gather.
        assert!(active.is_set_by_name("tx-scatter-gather").unwrap());
        record("ethtool_features", build, std::slice::from_ref(&m));

        // The same in compact form.
        let m = c
            .request(|b, s| {
                et::get_request(
                    b,
                    fam,
                    s,
                    ethtool::cmd::FEATURES_GET,
                    Dev::Index(index),
                    ethtool::header_flags::COMPACT_BITSETS,
                )
            })
            .expect("compact features")
            .bytes()
            .to_vec();
        let compact = et::Features::parse(&msg(&m))
            .unwrap()
            .active()
            .unwrap()
            .unwrap();
        assert!(compact.is_compact());
        assert_eq!(compact.count_set().unwrap(), active.count_set().unwrap());

        // Channels, rings, coalesce, pause, eee, tsinfo, debug, wol, privflags,
        // linkstate: each answers or says EOPNOTSUPP for a veth; both are fine, a decode
        // error is not.
        for c_ in [
            ethtool::cmd::LINKSTATE_GET,
            ethtool::cmd::CHANNELS_GET,
            ethtool::cmd::RINGS_GET,
            ethtool::cmd::COALESCE_GET,
            ethtool::cmd::PAUSE_GET,
            ethtool::cmd::EEE_GET,
            ethtool::cmd::TSINFO_GET,
            ethtool::cmd::DEBUG_GET,
            ethtool::cmd::WOL_GET,
            ethtool::cmd::PRIVFLAGS_GET,
        ] {
            match c.request(|b, s| et::get_request(b, fam, s, c_, Dev::Index(index), 0)) {
                Ok(m) => {
                    let e = et::EthtoolMsg::parse(&m).unwrap();
                    assert_eq!(e.header().unwrap().index, Some(index));
                    let text = families::dissect("ethtool", &m).to_string();
                    println!("{text}");
                    assert!(!text.contains("!!"), "{text}");
                }
                Err(Error::Kernel(k)) => {
                    println!(
                        "{:?}: errno {} {:?}",
                        ethtool::cmd::name(c_),
                        k.errno,
                        k.msg
                    );
                    assert!(
                        [libc::EOPNOTSUPP, libc::ENODATA, libc::EINVAL].contains(&k.errno),
                        "{k:?}"
                    );
                }
                Err(e) => panic!("{e}"),
            }
        }
        // Linkstate of a veth whose peer is down: no link.
        let ls = c
            .request(|b, s| {
                et::get_request(b, fam, s, ethtool::cmd::LINKSTATE_GET, Dev::Index(index), 0)
            })
            .expect("linkstate");
        assert_eq!(et::LinkState::parse(&ls).unwrap().link().unwrap(), Some(0));

        // A dump of every device's link info.
        let all = dump_all(&mut c, |b, s| {
            et::get_request(b, fam, s, ethtool::cmd::LINKINFO_GET, Dev::All, 0)
        });
        let names: Vec<String> = all
            .iter()
            .map(|m| {
                let li = et::LinkInfo::parse(&msg(m)).unwrap();
                li.header().unwrap().name.unwrap_or("").to_owned()
            })
            .collect();
        assert!(names.contains(&"nlwveth0".to_owned()), "{names:?}");
        assert!(names.contains(&"nlwveth1".to_owned()), "{names:?}");

        // An unknown device: ENODEV with the kernel's message.
        match c.request(|b, s| {
            et::get_request(
                b,
                fam,
                s,
                ethtool::cmd::LINKINFO_GET,
                Dev::Name("nlwnosuch"),
                0,
            )
        }) {
            Err(Error::Kernel(k)) => {
                assert_eq!(k.errno, libc::ENODEV);
                println!("ENODEV: {:?} at {:?}", k.msg, k.path);
            }
            other => panic!("expected ENODEV, got {other:?}"),
        }
    });
}

/// Features of `dev` as the kernel reports them: (wanted, active) for `name`.
fn feature(c: &mut Client<Socket>, fam: u16, dev: &str, name: &str) -> (bool, bool) {
    let m = c
        .request(|b, s| et::get_request(b, fam, s, ethtool::cmd::FEATURES_GET, Dev::Name(dev), 0))
        .expect("features")
        .bytes()
        .to_vec();
    let f = et::Features::parse(&msg(&m)).unwrap();
    let wanted = f.wanted().unwrap().expect("wanted");
    let active = f.active().unwrap().expect("active");
    (
        wanted.is_set_by_name(name).unwrap(),
        active.is_set_by_name(name).unwrap(),
    )
}

#[test]
fn ethtool_set_on_a_veth() {
    testing::in_private_netns("ethtool_set_on_a_veth", || {
        let mut rt = route();
        rt.request_ack(|buf, seq| link::create_veth_request(buf, seq, "nlwset0", "nlwset1"))
            .expect("create a veth pair");
        let mut c = genl();
        let Some(fam) = resolve(&mut c, ethtool::FAMILY_NAME) else {
            return;
        };
        const CSUM: &str = "tx-checksum-ip-generic";
        assert_eq!(feature(&mut c, fam, "nlwset0", CSUM), (true, true));

        // ethtool -K nlwset0 tx-checksum-ip-generic off. The kernel answers with a
        // FEATURES_SET_REPLY (what it could not do: nothing here) and then the ack.
        let mut replies = Vec::new();
        c.request_each(
            |b, s| et::features_set_request(b, fam, s, Dev::Name("nlwset0"), &[(CSUM, false)]),
            |m| {
                replies.push(m.bytes().to_vec());
                Ok(())
            },
        )
        .expect("features set");
        for m in &replies {
            let e = et::EthtoolMsg::parse(&msg(m)).unwrap();
            assert_eq!(e.cmd(), ethtool::reply_cmd::FEATURES_SET_REPLY);
            println!("{e}");
        }
        assert_eq!(feature(&mut c, fam, "nlwset0", CSUM), (false, false));
        // The peer is untouched.
        assert_eq!(feature(&mut c, fam, "nlwset1", CSUM), (true, true));

        // And back on.
        c.request_each(
            |b, s| et::features_set_request(b, fam, s, Dev::Name("nlwset0"), &[(CSUM, true)]),
            |_| Ok(()),
        )
        .expect("features set on");
        assert_eq!(feature(&mut c, fam, "nlwset0", CSUM), (true, true));

        // An unknown feature name: the kernel rejects it with EOPNOTSUPP, its text and the
        // path of the offending attribute (WANTED > BITS > BIT > NAME), as observed on
        // Linux 6.18.
        match c.request_each(
            |b, s| {
                et::features_set_request(b, fam, s, Dev::Name("nlwset0"), &[("nlw-no-such", true)])
            },
            |_| Ok(()),
        ) {
            Err(Error::Kernel(k)) => {
                println!(
                    "unknown feature: errno {} {:?} at {:?}",
                    k.errno, k.msg, k.path
                );
                assert_eq!(k.errno, libc::EOPNOTSUPP);
                assert_eq!(k.msg.as_deref(), Some("bit name not found"));
                assert_eq!(k.path.as_deref(), Some("3 > 3 > 1 > 2"));
            }
            other => panic!("expected EINVAL, got {other:?}"),
        }

        // Channels: a veth has as many channels as queues; asking for more than the
        // maximum is refused with an ext-ack naming the attribute.
        let ch = c
            .request(|b, s| {
                et::get_request(
                    b,
                    fam,
                    s,
                    ethtool::cmd::CHANNELS_GET,
                    Dev::Name("nlwset0"),
                    0,
                )
            })
            .expect("channels")
            .bytes()
            .to_vec();
        let ch = et::Channels::parse(&msg(&ch)).unwrap();
        let rx_max = ch.rx_max().unwrap().expect("rx max");
        let rx = ch.rx_count().unwrap().expect("rx count");
        println!("veth channels: rx {rx} of {rx_max}");
        // Setting the current value is a no-op that is still acknowledged.
        c.request_ack(|b, s| {
            et::channels_set_request(
                b,
                fam,
                s,
                Dev::Name("nlwset0"),
                et::ChannelsConfig {
                    rx: Some(rx),
                    ..Default::default()
                },
            )
        })
        .expect("channels set to the current value");
        match c.request_ack(|b, s| {
            et::channels_set_request(
                b,
                fam,
                s,
                Dev::Name("nlwset0"),
                et::ChannelsConfig {
                    rx: Some(rx_max + 1),
                    ..Default::default()
                },
            )
        }) {
            Err(Error::Kernel(k)) => {
                println!(
                    "too many channels: errno {} {:?} at {:?}",
                    k.errno, k.msg, k.path
                );
                assert_eq!(k.errno, libc::EINVAL);
                assert_eq!(
                    k.msg.as_deref(),
                    Some("requested channel count exceeds maximum")
                );
                // OFFS points at ETHTOOL_A_CHANNELS_RX_COUNT.
                assert_eq!(k.path.as_deref(), Some("6"));
            }
            other => panic!("expected EINVAL, got {other:?}"),
        }

        // Pause, FEC and module power are not implemented by veth.
        for (what, r) in [
            (
                "pause",
                c.request_ack(|b, s| {
                    et::pause_set_request(
                        b,
                        fam,
                        s,
                        Dev::Name("nlwset0"),
                        et::PauseConfig {
                            rx: Some(true),
                            ..Default::default()
                        },
                    )
                }),
            ),
            (
                "fec get",
                c.request(|b, s| {
                    et::get_request(b, fam, s, ethtool::cmd::FEC_GET, Dev::Name("nlwset0"), 0)
                })
                .map(drop),
            ),
            (
                "rss get",
                c.request(|b, s| et::rss_get_request(b, fam, s, Dev::Name("nlwset0"), None))
                    .map(drop),
            ),
        ] {
            match r {
                Err(Error::Kernel(k)) => {
                    println!("{what}: errno {} {:?}", k.errno, k.msg);
                    assert_eq!(k.errno, libc::EOPNOTSUPP, "{what}: {k:?}");
                }
                other => panic!("{what}: expected EOPNOTSUPP, got {other:?}"),
            }
        }
    });
}

#[test]
fn devlink_without_devices() {
    use nlwire_codec::genl::families::devlink;
    use nlwire_codec::genl::families::views::devlink as dl;
    testing::in_private_netns("devlink_without_devices", || {
        let mut c = genl();
        let Some(fam) = resolve(&mut c, devlink::FAMILY_NAME) else {
            return;
        };
        // This machine has no devlink instance (no netdevsim, no NIC drivers with
        // devlink): dumps are empty, a named instance is ENODEV.
        for build in [
            (|b: &mut MsgBuf, f, s| dl::info_get_request(b, f, s, None))
                as fn(&mut MsgBuf, u16, u32) -> Result<usize, EncodeError>,
            |b, f, s| dl::param_get_request(b, f, s, None, None),
            |b, f, s| dl::health_reporter_get_request(b, f, s, None, None),
        ] {
            let all = dump_all(&mut c, |b, s| build(b, fam, s));
            assert!(all.is_empty(), "{} messages", all.len());
        }
        let dev = Some(("netdevsim", "netdevsim999"));
        match c.request(|b, s| dl::info_get_request(b, fam, s, dev)) {
            Err(Error::Kernel(k)) => {
                println!("info of a missing instance: errno {} {:?}", k.errno, k.msg);
                assert_eq!(k.errno, libc::ENODEV, "{k:?}");
            }
            other => panic!("expected ENODEV, got {other:?}"),
        }
        match c.request_ack(|b, s| {
            dl::param_set_request(
                b,
                fam,
                s,
                ("netdevsim", "netdevsim999"),
                "max_macs",
                dl::ParamValue::U32(8),
                u8::try_from(devlink::param_cmode::DRIVERINIT).unwrap(),
            )
        }) {
            Err(Error::Kernel(k)) => assert_eq!(k.errno, libc::ENODEV, "{k:?}"),
            other => panic!("expected ENODEV, got {other:?}"),
        }
    });
}

// ---------------------------------------------------------------------------------------
// sock_diag.

fn inet_dump(req: &InetDiagReqV2, filter: Option<&PortFilter<'_>>) -> (Vec<Vec<u8>>, usize) {
    let mut c = Client::open(Protocol::SOCK_DIAG).expect("open a sock_diag socket");
    let out = dump_all(&mut c, |b, s| diag::inet_dump_request(b, s, req, filter));
    let n = out.len();
    (out, n)
}

#[test]
fn sock_diag_sees_loopback_tcp() {
    testing::in_private_netns("sock_diag_sees_loopback_tcp", || {
        lo_up(&mut route());
        let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
        let port = listener.local_addr().unwrap().port();
        let client = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let (server, _) = listener.accept().expect("accept");
        let cport = client.local_addr().unwrap().port();

        let req = InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP).with_ext(
            diag::ext(diag::inet_attr::INFO)
                | diag::ext(diag::inet_attr::MEMINFO)
                | diag::ext(diag::inet_attr::CONG),
        );
        let (all, _) = inet_dump(&req, None);
        let socks: Vec<(u8, SocketAddr, SocketAddr)> = all
            .iter()
            .map(|m| {
                let d = DiagMsg::parse(&msg(m)).unwrap();
                (d.state(), d.src(), d.dst())
            })
            .collect();
        println!("{socks:?}");
        let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
        assert!(socks.contains(&(
            tcp_state::LISTEN,
            SocketAddr::new(lo, port),
            SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 0)
        )));
        assert!(socks.contains(&(
            tcp_state::ESTABLISHED,
            SocketAddr::new(lo, cport),
            SocketAddr::new(lo, port)
        )));
        assert!(socks.contains(&(
            tcp_state::ESTABLISHED,
            SocketAddr::new(lo, port),
            SocketAddr::new(lo, cport)
        )));
        for m in &all {
            let d = DiagMsg::parse(&msg(m)).unwrap();
            let info = d.tcp_info().unwrap().expect("tcp_info");
            assert_eq!(info.info.state, d.state());
            assert!(info.len >= diag::TcpInfo::MIN_LEN);
            assert!(d.meminfo().unwrap().is_some());
            assert!(d.cong().unwrap().is_some());
            if d.state() == tcp_state::ESTABLISHED {
                assert!(info.info.snd_mss.get() > 0);
                assert!(info.info.rto.get() > 0);
            }
            let text = d.to_string();
            assert!(text.contains("INET_DIAG_INFO"), "{text}");
        }
        record(
            "sock_diag_tcp",
            |b, s| diag::inet_dump_request(b, s, &req, None),
            &all,
        );

        // With a bytecode filter: local port == the listener's port (the listener and
        // the accepted socket), then a range that excludes it.
        let conds = [PortCond::SrcGe(port), PortCond::SrcLe(port)];
        let f = PortFilter::all_of(&conds);
        let (only, n) = inet_dump(
            &InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP),
            Some(&f),
        );
        assert_eq!(n, 2, "listener and accepted socket");
        for m in &only {
            assert_eq!(DiagMsg::parse(&msg(m)).unwrap().src().port(), port);
        }
        let groups: [&[PortCond]; 2] = [&[PortCond::DstEq(port)], &[PortCond::SrcEq(cport)]];
        let (_, n) = inet_dump(
            &InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP),
            Some(&PortFilter::any_of(&groups)),
        );
        assert_eq!(n, 1, "the client socket only");
        // State filter: listeners only.
        let (_, n) = inet_dump(
            &InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP)
                .with_states(1 << tcp_state::LISTEN),
            None,
        );
        assert_eq!(n, 1);
        drop((client, server));
    });
}

#[test]
fn sock_diag_sees_udp_and_unix_sockets() {
    testing::in_private_netns("sock_diag_sees_udp_and_unix_sockets", || {
        lo_up(&mut route());
        let udp = UdpSocket::bind("127.0.0.1:0").expect("bind udp");
        let port = udp.local_addr().unwrap().port();
        let (all, _) = inet_dump(&InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_UDP), None);
        let found: Vec<_> = all
            .iter()
            .map(|m| DiagMsg::parse(&msg(m)).unwrap())
            .filter(|d| d.src().port() == port)
            .map(|d| d.state())
            .collect();
        assert_eq!(found, [tcp_state::CLOSE], "an unconnected UDP socket");

        let name = format!("nlwire-test-{}", std::process::id());
        let addr = UnixAddr::from_abstract_name(name.as_bytes()).unwrap();
        let listener = UnixListener::bind_addr(&addr).expect("bind unix");
        let _client = UnixStream::connect_addr(&addr).expect("connect unix");
        let mut c = Client::open(Protocol::SOCK_DIAG).expect("open a sock_diag socket");
        let req = UnixDiagReq::new(
            udiag_show::NAME | udiag_show::PEER | udiag_show::RQLEN | udiag_show::ICONS,
        );
        let all = dump_all(&mut c, |b, s| diag::unix_dump_request(b, s, &req));
        let mut abstract_name = vec![0u8];
        abstract_name.extend_from_slice(name.as_bytes());
        let mine: Vec<_> = all
            .iter()
            .filter_map(|m| {
                let v = UnixDiagView::parse(&msg(m)).unwrap();
                (v.name() == Some(&abstract_name[..]))
                    .then(|| (v.state(), v.icons().count(), v.to_string()))
            })
            .collect();
        println!("{mine:?}");
        assert!(
            mine.iter()
                .any(|(s, icons, _)| *s == tcp_state::LISTEN && *icons == 1),
            "{mine:?}"
        );
        assert!(
            mine.iter().any(|(_, _, t)| t.contains(&format!("@{name}"))),
            "{mine:?}"
        );
        record(
            "sock_diag_unix",
            |b, s| diag::unix_dump_request(b, s, &req),
            &all,
        );
        drop(listener);
    });
}

// ---------------------------------------------------------------------------------------
// uevents.

#[test]
fn uevents_of_a_new_veth() {
    testing::in_private_netns("uevents_of_a_new_veth", || {
        let mut sock = Socket::new(Protocol::KOBJECT_UEVENT).expect("uevent socket");
        sock.bind_with_groups(0, uevent::GROUP_KERNEL)
            .expect("bind to group 1");
        let mut rt = route();
        rt.request_ack(|buf, seq| link::create_veth_request(buf, seq, "nlwuev0", "nlwuev1"))
            .expect("create a veth pair");
        sock.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut events: Vec<Vec<u8>> = Vec::new();
        let is_ours = |b: &[u8]| {
            Uevent::parse(b).is_ok_and(|e| e.devpath() == Some("/devices/virtual/net/nlwuev0"))
        };
        // The peer's events and its queues' come too: read until ours arrived.
        while Instant::now() < deadline && !events.iter().any(|b| is_ours(b)) {
            let mut buf = Vec::new();
            match sock.recv_sized(&mut buf) {
                Ok(_) => events.push(buf),
                Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) => panic!("recv: {e}"),
            }
        }
        // Net devices are tagged with their namespace, so the kernel delivers their
        // uevents to uevent sockets of the namespace the device lives in.
        let parsed: Vec<_> = events
            .iter()
            .map(|b| Uevent::parse(b).expect("a uevent"))
            .collect();
        for e in &parsed {
            println!("{e}");
        }
        let add = parsed
            .iter()
            .find(|e| e.devpath() == Some("/devices/virtual/net/nlwuev0"))
            .expect("add@/devices/virtual/net/nlwuev0 in this namespace");
        assert_eq!(add.action(), Some("add"));
        assert_eq!(add.subsystem(), Some("net"));
        assert_eq!(add.get("INTERFACE"), Some("nlwuev0"));
        assert!(add.seqnum().is_some());
        assert!(!add.is_udev());
        if recording() {
            let dir = fixture_dir();
            std::fs::create_dir_all(&dir).unwrap();
            let raw = events
                .iter()
                .find(|b| {
                    Uevent::parse(b).unwrap().devpath() == Some("/devices/virtual/net/nlwuev0")
                })
                .unwrap();
            std::fs::write(dir.join("uevent_veth_add.bin"), raw).unwrap();
        }
    });
}

// ---------------------------------------------------------------------------------------
// taskstats.

#[test]
fn taskstats_of_this_process() {
    // The taskstats family exists in the initial network namespace only: the socket is
    // opened there, then used from the test's private namespace.
    let mut c = genl();
    testing::in_private_netns("taskstats_of_this_process", move || {
        let Some(fam) = resolve(&mut c, "TASKSTATS") else {
            return;
        };
        let pid = std::process::id();
        let build =
            |b: &mut MsgBuf, s| taskstats::get_request(b, fam, s, taskstats::Task::Tgid(pid));
        let m = match c.request(build) {
            Ok(m) => m.bytes().to_vec(),
            Err(Error::Kernel(k)) if k.errno == libc::EPERM => {
                testing::skip::<()>(
                    "taskstats_of_this_process",
                    "taskstats needs CAP_NET_ADMIN in the initial user namespace (EPERM)",
                );
                return;
            }
            Err(e) => panic!("taskstats: {e}"),
        };
        let v = taskstats::StatsMsg::parse(&msg(&m)).unwrap();
        let (task, ts) = v.stats().unwrap().expect("an aggregate");
        assert_eq!(task, taskstats::Task::Tgid(pid));
        println!(
            "taskstats version {} comm {:?} utime {} cpu_delay {} nvcsw {}",
            ts.version(),
            String::from_utf8_lossy(ts.comm()),
            ts.ac_utime.get(),
            ts.cpu_delay_total.get(),
            ts.nvcsw.get()
        );
        assert!(ts.version() >= 14);
        // A thread group's stats add up its threads' times and delays; the basic
        // accounting fields (pid, comm) are filled for a single task only.
        assert!(ts.ac_utime.get() + ts.ac_stime.get() > 0);
        let one = c
            .request(|b, s| taskstats::get_request(b, fam, s, taskstats::Task::Pid(pid)))
            .expect("taskstats of the main thread")
            .bytes()
            .to_vec();
        let v1 = taskstats::StatsMsg::parse(&msg(&one)).unwrap();
        let (task1, ts1) = v1.stats().unwrap().expect("an aggregate");
        assert_eq!(task1, taskstats::Task::Pid(pid));
        assert_eq!(ts1.ac_pid.get(), pid);
        assert_eq!(ts1.ac_tgid.get(), pid);
        assert!(!ts1.comm().is_empty());
        println!("main thread comm {:?}", String::from_utf8_lossy(ts1.comm()));
        let text = families::dissect("TASKSTATS", &msg(&m)).to_string();
        assert!(text.contains("TASKSTATS_TYPE_AGGR_TGID"), "{text}");
        record("taskstats_tgid", build, &[m]);
    });
}

// ---------------------------------------------------------------------------------------
// netdev, tcp_metrics, mptcp_pm.

#[test]
fn netdev_and_tcp_metrics_dumps() {
    testing::in_private_netns("netdev_and_tcp_metrics_dumps", || {
        lo_up(&mut route());
        let mut c = genl();
        if let Some(fam) = resolve(&mut c, "netdev") {
            let all = dump_all(&mut c, |b, s| netdev::dev_get_request(b, fam, s, None));
            let lo = all
                .iter()
                .map(|m| netdev::DevMsg::parse(&msg(m)).unwrap())
                .find(|d| d.ifindex().unwrap() == Some(1))
                .expect("lo");
            println!("{lo}");
            assert!(lo.xdp_features().unwrap().is_some());
            record(
                "netdev_dev_dump",
                |b, s| netdev::dev_get_request(b, fam, s, None),
                &all,
            );
            // A single device.
            let one = c
                .request(|b, s| netdev::dev_get_request(b, fam, s, Some(1)))
                .unwrap();
            assert_eq!(
                netdev::DevMsg::parse(&one).unwrap().ifindex().unwrap(),
                Some(1)
            );
        }
        if let Some(fam) = resolve(&mut c, "tcp_metrics") {
            // A loopback connection that exchanged data leaves metrics behind when closed.
            let l = TcpListener::bind("127.0.0.1:0").unwrap();
            let port = l.local_addr().unwrap().port();
            {
                use std::io::{Read, Write};
                let mut a = TcpStream::connect(("127.0.0.1", port)).unwrap();
                let (mut b, _) = l.accept().unwrap();
                a.write_all(b"ping").unwrap();
                let mut buf = [0u8; 4];
                b.read_exact(&mut buf).unwrap();
            }
            std::thread::sleep(Duration::from_millis(100));
            let all = dump_all(&mut c, |b, s| tcp_metrics::get_request(b, fam, s, None));
            for m in &all {
                let v = tcp_metrics::MetricsMsg::parse(&msg(m)).unwrap();
                println!(
                    "{:?} age {:?} {:?}",
                    v.addr().unwrap(),
                    v.age().unwrap(),
                    v.metrics().unwrap()
                );
                assert!(v.addr().unwrap().is_some());
            }
            println!("{} tcp_metrics entries", all.len());
            record(
                "tcp_metrics_dump",
                |b, s| tcp_metrics::get_request(b, fam, s, None),
                &all,
            );
        }
        if let Some(fam) = resolve(&mut c, "mptcp_pm") {
            let ep = mptcp_pm::Address {
                id: Some(7),
                addr: Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))),
                flags: Some(mptcp_pm::addr_flag::SIGNAL),
                ..mptcp_pm::Address::default()
            };
            c.request_ack(|b, s| mptcp_pm::add_addr_request(b, fam, s, &ep))
                .expect("add an mptcp endpoint");
            let all = dump_all(&mut c, |b, s| mptcp_pm::dump_addrs_request(b, fam, s));
            let addrs: Vec<_> = all
                .iter()
                .map(|m| {
                    mptcp_pm::AddrMsg::parse(&msg(m))
                        .unwrap()
                        .addr()
                        .unwrap()
                        .unwrap()
                })
                .collect();
            assert!(
                addrs.iter().any(|a| a.id == Some(7) && a.addr == ep.addr),
                "{addrs:?}"
            );
            record(
                "mptcp_pm_addrs",
                |b, s| mptcp_pm::dump_addrs_request(b, fam, s),
                &all,
            );
            let lim = c
                .request(|b, s| mptcp_pm::get_limits_request(b, fam, s))
                .unwrap();
            let lim = mptcp_pm::LimitsMsg::parse(&lim).unwrap();
            assert!(lim.subflows().unwrap().is_some());
        }
    });
}

/// The controller resolves every family the codec describes that this kernel has, and
/// their multicast groups match the generated names.
#[test]
fn generated_families_match_the_controller() {
    testing::in_private_netns("generated_families_match_the_controller", || {
        let mut c = genl();
        let all = dump_all(&mut c, ctrl::dump_families_request);
        let mut seen = 0;
        for m in &all {
            let f = FamilyMsg::parse(&msg(m)).unwrap();
            let name = f.name().unwrap().unwrap();
            let Some(desc) = families::by_name(name) else {
                continue;
            };
            seen += 1;
            let groups: Vec<&str> = f.mcast_groups().map(|g| g.unwrap().name).collect();
            // Every group the codec names exists (a newer kernel may have more).
            for g in desc.mcast_groups {
                assert!(groups.contains(g), "{name}: no group {g} in {groups:?}");
            }
            println!(
                "{name}: version {:?} (codec {})",
                f.version().unwrap(),
                desc.version
            );
        }
        assert!(seen >= 2, "at least netdev and ethtool");
    });
}
