//! sock_diag, uevents and the process connector: writer → parse round trips, dissection
//! with names, the bytecode filter checked against the kernel's audit and interpreter,
//! the real-kernel fixtures of `tests/fixtures/genl`, and malformed input giving typed
//! errors (every prefix of every message, never a panic).

// These sweeps run natively in every test run; under miri they take many minutes, and the
// same parsers are covered there by the fixture, edge-case and rtnl tests.
#![cfg(not(miri))]

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use nlwire_codec::connector::{self, CnMsg, Event, ProcEvent, op, what};
use nlwire_codec::diag::{
    self, DiagMsg, InetDiagMsg, InetDiagReqV2, InetDiagSockId, PortCond, PortFilter, TcpInfo,
    UnixDiagMsg, UnixDiagReq, UnixDiagView, inet_attr, tcp_state, udiag_show, unix_attr,
};
use nlwire_codec::uevent::{self, Source, Uevent};
use nlwire_codec::zerocopy::IntoBytes;
use nlwire_codec::zerocopy::byteorder::native_endian::{U32, U64};
use nlwire_codec::{Builder, DecodeErrorKind, Flags, Message, Messages, SliceBuf};

fn one(bytes: &[u8]) -> Message<'_> {
    Messages::new(bytes).next().unwrap().unwrap()
}

/// Every message of `bytes` with `nlmsg_len` cut to each length, and every raw prefix.
fn every_prefix<F: Fn(&Message<'_>)>(bytes: &[u8], check: F) {
    for m in Messages::new(bytes) {
        let Ok(m) = m else { continue };
        let full = m.bytes().to_vec();
        for n in (16..=full.len()).step_by(if cfg!(miri) { 29 } else { 1 }) {
            let mut cut = full[..n].to_vec();
            cut[..4].copy_from_slice(&u32::try_from(n).unwrap().to_ne_bytes());
            check(&Message::parse(&cut).unwrap());
        }
        for n in (0..full.len()).step_by(if cfg!(miri) { 29 } else { 1 }) {
            for mm in Messages::new(&full[..n]).flatten() {
                check(&mm);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// sock_diag.

#[test]
fn inet_diag_request_layout() {
    let id = InetDiagSockId::new(
        "10.0.0.1:80".parse().unwrap(),
        "10.0.0.2:40000".parse().unwrap(),
    );
    let req = InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP)
        .with_states((1 << tcp_state::ESTABLISHED) | (1 << tcp_state::LISTEN))
        .with_ext(diag::ext(inet_attr::INFO) | diag::ext(inet_attr::SKMEMINFO))
        .with_id(id);
    let b = req.as_bytes();
    assert_eq!(b.len(), 56);
    assert_eq!(&b[..4], &[2, 6, 0x02 | 0x40, 0]);
    assert_eq!(&b[4..8], &((1u32 << 1) | (1 << 10)).to_ne_bytes());
    assert_eq!(&b[8..10], &[0, 80], "sport big-endian");
    assert_eq!(&b[10..12], &40000u16.to_be_bytes());
    assert_eq!(&b[12..16], &[10, 0, 0, 1]);
    assert_eq!(&b[28..32], &[10, 0, 0, 2]);
    assert_eq!(&b[48..56], &[0xff; 8], "no cookie");
    assert_eq!(diag::ext(0), 0);
    assert_eq!(diag::ext(9), 0);

    let v6 = InetDiagSockId::new(
        SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), 443),
        SocketAddr::new(IpAddr::V6("2001:db8::7".parse().unwrap()), 1),
    );
    assert_eq!(v6.src(diag::AF_INET6), "[::1]:443".parse().unwrap());
    assert_eq!(v6.dst(diag::AF_INET6), "[2001:db8::7]:1".parse().unwrap());

    let mut s = [0u8; 256];
    let mut buf = SliceBuf::new(&mut s);
    diag::inet_dump_request(&mut buf, 7, &req, None).unwrap();
    let m = one(buf.as_slice());
    assert_eq!(m.message_type(), diag::SOCK_DIAG_BY_FAMILY);
    assert!(m.flags().contains(Flags::REQUEST | Flags::DUMP));
    assert_eq!(m.bytes().len(), 16 + 56);
    let text = diag::Dissect(&m).to_string();
    assert!(
        text.starts_with("SOCK_DIAG_BY_FAMILY request inet proto 6"),
        "{text}"
    );
    assert!(
        text.contains("src 10.0.0.1:80 dst 10.0.0.2:40000"),
        "{text}"
    );
}

/// The kernel's `inet_diag_bc_audit()`, for port conditions, `JMP` and `NOP`.
fn kernel_audit(bc: &[u8]) -> bool {
    let op = |pos: usize| {
        (
            bc[pos],
            bc[pos + 1],
            u16::from_ne_bytes([bc[pos + 2], bc[pos + 3]]),
        )
    };
    let valid_cc = |cc: usize| {
        let mut len = bc.len();
        let mut pos = 0;
        while len > 0 {
            if cc == len {
                return true;
            }
            if cc > len {
                return false;
            }
            let (_, yes, _) = op(pos);
            if yes < 4 || yes & 3 != 0 {
                return false;
            }
            len = len.saturating_sub(usize::from(yes));
            pos += usize::from(yes);
        }
        false
    };
    let mut len = bc.len();
    let mut pos = 0;
    while len > 0 {
        if len < 4 {
            return false;
        }
        let (code, yes, no) = op(pos);
        let mut min_len = 4;
        match code {
            diag::bc::S_GE
            | diag::bc::S_LE
            | diag::bc::D_GE
            | diag::bc::D_LE
            | diag::bc::S_EQ
            | diag::bc::D_EQ => {
                min_len += 4;
                if len < min_len {
                    return false;
                }
            }
            diag::bc::JMP | diag::bc::NOP | diag::bc::AUTO => {}
            _ => return false,
        }
        if code != diag::bc::NOP {
            let no = usize::from(no);
            if no < min_len || no > len + 4 || no & 3 != 0 {
                return false;
            }
            if no < len && !valid_cc(len - no) {
                return false;
            }
        }
        let yes = usize::from(yes);
        if yes < min_len || yes > len + 4 || yes & 3 != 0 {
            return false;
        }
        pos += yes;
        len = len.saturating_sub(yes);
    }
    len == 0
}

/// The kernel's `inet_diag_bc_run()` for a socket with ports `sport`, `dport`.
fn kernel_run(bc: &[u8], sport: u16, dport: u16) -> bool {
    let mut len = isize::try_from(bc.len()).unwrap();
    let mut pos = 0usize;
    while len > 0 {
        let code = bc[pos];
        let yes = bc[pos + 1];
        let no = u16::from_ne_bytes([bc[pos + 2], bc[pos + 3]]);
        let arg = || u16::from_ne_bytes([bc[pos + 6], bc[pos + 7]]);
        let ok = match code {
            diag::bc::NOP => true,
            diag::bc::JMP => false,
            diag::bc::S_GE => sport >= arg(),
            diag::bc::S_LE => sport <= arg(),
            diag::bc::D_GE => dport >= arg(),
            diag::bc::D_LE => dport <= arg(),
            diag::bc::S_EQ => sport == arg(),
            diag::bc::D_EQ => dport == arg(),
            _ => panic!("op {code}"),
        };
        let step = if ok {
            usize::from(yes)
        } else {
            usize::from(no)
        };
        len -= isize::try_from(step).unwrap();
        pos += step;
    }
    len == 0
}

#[test]
fn port_filter_bytecode_passes_the_kernels_audit_and_selects_ports() {
    let range = [PortCond::SrcGe(8000), PortCond::SrcLe(8080)];
    let single = [PortCond::DstEq(443)];
    let dst_range = [PortCond::DstGe(1000), PortCond::DstLe(2000)];
    let or2: [&[PortCond]; 2] = [&range, &single];
    let or3: [&[PortCond]; 3] = [&single, &dst_range, &range];
    type Case<'c> = (&'static str, PortFilter<'c>, fn(u16, u16) -> bool);
    let cases: [Case<'_>; 5] = [
        ("range", PortFilter::all_of(&range), |s, _| {
            (8000..=8080).contains(&s)
        }),
        ("empty", PortFilter::all_of(&[]), |_, _| true),
        ("one", PortFilter::all_of(&single), |_, d| d == 443),
        ("or", PortFilter::any_of(&or2), |s, d| {
            (8000..=8080).contains(&s) || d == 443
        }),
        ("or3", PortFilter::any_of(&or3), |s, d| {
            d == 443 || (1000..=2000).contains(&d) || (8000..=8080).contains(&s)
        }),
    ];
    for (name, f, want) in cases {
        let mut code = [0u8; diag::MAX_BYTECODE];
        let n = f.encode(&mut code).unwrap();
        let bc = &code[..n];
        assert!(
            kernel_audit(bc),
            "{name}: the kernel's audit rejects {bc:?}"
        );
        for s in [
            0u16, 443, 999, 1000, 1500, 2000, 2001, 7999, 8000, 8040, 8080, 8081, 65535,
        ] {
            for d in [0u16, 443, 999, 1000, 2000, 2001, 8000] {
                assert_eq!(
                    kernel_run(bc, s, d),
                    want(s, d),
                    "{name}: sport {s} dport {d}"
                );
            }
        }
    }
    // Exact bytes of one condition pair: S_GE yes 8 no (8+4+4), then the port.
    let mut code = [0u8; diag::MAX_BYTECODE];
    let n = PortFilter::all_of(&[PortCond::SrcGe(80), PortCond::SrcLe(90)])
        .encode(&mut code)
        .unwrap();
    assert_eq!(n, 16);
    assert_eq!(&code[..4], &[diag::bc::S_GE, 8, 20, 0]);
    assert_eq!(&code[6..8], &80u16.to_ne_bytes());
    assert_eq!(&code[8..12], &[diag::bc::S_LE, 8, 12, 0]);
    // Too many conditions: an encode error, nothing written to the message.
    let many = [PortCond::SrcEq(1); 65];
    let mut s = [0u8; 2048];
    let mut buf = SliceBuf::new(&mut s);
    let req = InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP);
    assert!(diag::inet_dump_request(&mut buf, 1, &req, Some(&PortFilter::all_of(&many))).is_err());
    // Dissected.
    let mut buf = SliceBuf::new(&mut s);
    diag::inet_dump_request(&mut buf, 1, &req, Some(&PortFilter::all_of(&range))).unwrap();
    let text = diag::Dissect(&one(buf.as_slice())).to_string();
    assert!(text.contains("INET_DIAG_REQ_BYTECODE"), "{text}");
    assert!(text.contains("[0] S_GE yes 8 no 20"), "{text}");
}

fn diag_reply(storage: &mut [u8], tcp_info_len: usize) -> usize {
    let mut hdr = InetDiagMsg {
        family: diag::AF_INET,
        state: tcp_state::ESTABLISHED,
        timer: 1,
        retrans: 0,
        id: InetDiagSockId::new(
            "127.0.0.1:5000".parse().unwrap(),
            "127.0.0.1:40000".parse().unwrap(),
        ),
        ..InetDiagMsg::default()
    };
    hdr.id.cookie = [U32::new(0x1234), U32::new(0)];
    hdr.rqueue.set(3);
    hdr.uid.set(1000);
    hdr.inode.set(424_242);
    let mut info = TcpInfo {
        state: tcp_state::ESTABLISHED,
        ..TcpInfo::default()
    };
    info.rto.set(204_000);
    info.snd_mss.set(32_768);
    info.rtt.set(50);
    info.snd_cwnd.set(10);
    info.bytes_acked = U64::new(99);
    info.total_rto_time.set(7);
    let mut info_bytes = info.as_bytes().to_vec();
    info_bytes.resize(tcp_info_len, 0xaa);
    let mut buf = SliceBuf::new(storage);
    let mut b =
        Builder::message(&mut buf, diag::SOCK_DIAG_BY_FAMILY, Flags::MULTI, 1, 4242).unwrap();
    b.put_header(&hdr).unwrap();
    b.put(inet_attr::MEMINFO, [1u32, 2, 3, 4].as_bytes())
        .unwrap();
    b.put(inet_attr::INFO, &info_bytes).unwrap();
    b.put_str(inet_attr::CONG, "cubic").unwrap();
    b.put_u8(inet_attr::TOS, 0x10).unwrap();
    b.put(
        inet_attr::SKMEMINFO,
        [0u32, 131_072, 0, 16_384, 0, 0, 0, 0, 0].as_bytes(),
    )
    .unwrap();
    b.put_u8(inet_attr::SHUTDOWN, 0).unwrap();
    b.put_u64(inet_attr::CGROUP_ID, 77).unwrap();
    b.put(inet_attr::SOCKOPT, &[0b10, 0]).unwrap();
    b.finish()
}

#[test]
fn inet_diag_reply_view() {
    let mut s = [0u8; 1024];
    for (len, ok) in [
        (TcpInfo::LEN, true),
        (TcpInfo::MIN_LEN, true),
        (TcpInfo::LEN + 64, true),
        (100, false),
    ] {
        let n = diag_reply(&mut s, len);
        let m = one(&s[..n]);
        let d = DiagMsg::parse(&m).unwrap();
        assert_eq!(d.family(), diag::AF_INET);
        assert_eq!(d.state(), tcp_state::ESTABLISHED);
        assert_eq!(tcp_state::ss_name(d.state()), Some("ESTAB"));
        assert_eq!(d.src(), "127.0.0.1:5000".parse().unwrap());
        assert_eq!(d.dst(), "127.0.0.1:40000".parse().unwrap());
        assert_eq!((d.inode(), d.uid(), d.cookie()), (424_242, 1000, 0x1234));
        assert_eq!(d.header().rqueue.get(), 3);
        let mem = d.meminfo().unwrap().unwrap();
        assert_eq!((mem.rmem.get(), mem.tmem.get()), (1, 4));
        assert_eq!(d.cong().unwrap(), Some("cubic"));
        assert_eq!(
            (
                d.tos().unwrap(),
                d.shutdown().unwrap(),
                d.cgroup_id().unwrap()
            ),
            (Some(0x10), Some(0), Some(77))
        );
        assert_eq!(d.skmeminfo().collect::<Vec<_>>()[1], 131_072);
        assert_eq!(d.sockopt().unwrap(), Some(diag::sockopt::IS_ICSK));
        match d.tcp_info() {
            Ok(Some(t)) => {
                assert!(ok);
                assert_eq!(t.len, len);
                assert_eq!(
                    (t.info.state, t.info.rto.get(), t.info.snd_mss.get()),
                    (1, 204_000, 32_768)
                );
                assert_eq!(t.info.rtt.get(), 50);
                assert_eq!(t.info.snd_cwnd.get(), 10);
                if len >= TcpInfo::LEN {
                    assert_eq!(t.info.bytes_acked.get(), 99);
                    assert_eq!(t.info.total_rto_time.get(), 7);
                } else {
                    // Fields the older kernel did not send read as 0.
                    assert_eq!(t.info.bytes_acked.get(), 0);
                    assert!(!t.has(core::mem::offset_of!(TcpInfo, bytes_acked) + 8));
                }
            }
            Ok(None) => panic!("no tcp_info"),
            Err(e) => {
                assert!(!ok);
                assert!(
                    matches!(
                        e.kind,
                        DecodeErrorKind::AttrPayload {
                            needed: 104,
                            got: 100,
                            ..
                        }
                    ),
                    "{e:?}"
                );
            }
        }
        let text = d.to_string();
        assert!(
            text.contains("inet ESTABLISHED 127.0.0.1:5000 -> 127.0.0.1:40000"),
            "{text}"
        );
        assert!(text.contains("INET_DIAG_CONG \"cubic\""), "{text}");
        assert!(text.contains("INET_DIAG_SKMEMINFO r 0 rb 131072"), "{text}");
        assert_eq!(diag::Dissect(&m).to_string(), text);
    }
    let n = diag_reply(&mut s, TcpInfo::LEN);
    every_prefix(&s[..n], |m| {
        let _ = diag::Dissect(m).to_string();
        if let Ok(d) = DiagMsg::parse(m) {
            let _ = (
                d.tcp_info(),
                d.meminfo(),
                d.cong(),
                d.sockopt(),
                d.skmeminfo().count(),
            );
        }
    });
    // A unix reply is not an inet one.
    let mut s2 = [0u8; 128];
    let n2 = unix_reply(&mut s2);
    let err = DiagMsg::parse(&one(&s2[..n2])).unwrap_err();
    assert!(
        matches!(err.kind, DecodeErrorKind::Invalid { .. }),
        "{err:?}"
    );
}

fn unix_reply(storage: &mut [u8]) -> usize {
    let hdr = UnixDiagMsg {
        family: diag::AF_UNIX,
        kind: 1,
        state: tcp_state::LISTEN,
        pad: 0,
        ino: U32::new(555),
        cookie: [U32::new(1), U32::new(0)],
    };
    let mut buf = SliceBuf::new(storage);
    let mut b =
        Builder::message(&mut buf, diag::SOCK_DIAG_BY_FAMILY, Flags::MULTI, 2, 4242).unwrap();
    b.put_header(&hdr).unwrap();
    b.put(unix_attr::NAME, b"\0nlwire-test").unwrap();
    b.put(unix_attr::RQLEN, [1u32, 128].as_bytes()).unwrap();
    b.put(unix_attr::ICONS, [556u32, 557].as_bytes()).unwrap();
    b.put_u32(unix_attr::UID, 0).unwrap();
    b.put_u8(unix_attr::SHUTDOWN, 0).unwrap();
    b.finish()
}

#[test]
fn unix_diag_request_and_reply() {
    let req = UnixDiagReq::new(udiag_show::NAME | udiag_show::ICONS | udiag_show::RQLEN);
    assert_eq!(req.as_bytes().len(), UnixDiagReq::LEN);
    let mut s = [0u8; 256];
    let mut buf = SliceBuf::new(&mut s);
    diag::unix_dump_request(&mut buf, 3, &req).unwrap();
    let text = diag::Dissect(&one(buf.as_slice())).to_string();
    assert!(
        text.starts_with("SOCK_DIAG_BY_FAMILY request unix"),
        "{text}"
    );
    assert!(text.contains("show 0x19"), "{text}");

    let n = unix_reply(&mut s);
    let m = one(&s[..n]);
    let v = UnixDiagView::parse(&m).unwrap();
    assert_eq!((v.inode(), v.state()), (555, tcp_state::LISTEN));
    assert_eq!(v.name(), Some(&b"\0nlwire-test"[..]));
    assert_eq!(
        diag::UnixName(v.name().unwrap()).to_string(),
        "@nlwire-test"
    );
    assert_eq!(diag::UnixName(b"/run/x.sock").to_string(), "/run/x.sock");
    assert_eq!(v.rqlen().unwrap(), Some((1, 128)));
    assert_eq!(v.icons().collect::<Vec<_>>(), [556, 557]);
    assert_eq!(
        (
            v.uid().unwrap(),
            v.shutdown().unwrap(),
            v.peer().unwrap(),
            v.vfs().unwrap()
        ),
        (Some(0), Some(0), None, None)
    );
    let text = v.to_string();
    assert!(text.contains("type stream LISTEN inode 555"), "{text}");
    assert!(text.contains("UNIX_DIAG_NAME @nlwire-test"), "{text}");
    assert_eq!(diag::Dissect(&m).to_string(), text);
    every_prefix(&s[..n], |m| {
        let _ = diag::Dissect(m).to_string();
        if let Ok(v) = UnixDiagView::parse(m) {
            let _ = (v.rqlen(), v.vfs(), v.icons().count(), v.uid());
        }
    });
}

const TCP_REQ: &[u8] = include_bytes!("../../tests/fixtures/genl/sock_diag_tcp.req.bin");
const TCP_RESP: &[u8] = include_bytes!("../../tests/fixtures/genl/sock_diag_tcp.resp.bin");
const UNIX_REQ: &[u8] = include_bytes!("../../tests/fixtures/genl/sock_diag_unix.req.bin");
const UNIX_RESP: &[u8] = include_bytes!("../../tests/fixtures/genl/sock_diag_unix.resp.bin");

/// Rebuilds a sock_diag reply from its parts: header fields, the fixed header, then the
/// attributes copied as (raw type, payload).
fn reemit(m: &Message<'_>, header_len: usize, out: &mut Vec<u8>) {
    let mut storage = vec![0u8; m.bytes().len() + 64];
    let mut buf = SliceBuf::new(&mut storage);
    let mut b = Builder::message(&mut buf, m.message_type(), m.flags(), m.seq(), m.pid()).unwrap();
    b.put_bytes(&m.payload()[..header_len]).unwrap();
    for a in m.attrs(header_len).unwrap() {
        let a = a.unwrap();
        b.put(a.raw_kind(), a.payload()).unwrap();
    }
    let n = b.finish();
    out.extend_from_slice(&storage[..n]);
    out.resize(out.len().next_multiple_of(4), 0);
}

#[test]
fn sock_diag_kernel_fixtures() {
    // Requests: written by the codec, re-read.
    let req = one(TCP_REQ);
    let r = req.family_header::<InetDiagReqV2>().unwrap();
    assert_eq!((r.family, r.protocol), (diag::AF_INET, diag::IPPROTO_TCP));
    let ureq = one(UNIX_REQ);
    assert_eq!(
        ureq.family_header::<UnixDiagReq>().unwrap().family,
        diag::AF_UNIX
    );

    let mut out = Vec::new();
    let mut states = Vec::new();
    for m in Messages::new(TCP_RESP) {
        let m = m.unwrap();
        reemit(&m, InetDiagMsg::LEN, &mut out);
        let d = DiagMsg::parse(&m).unwrap();
        states.push(d.state());
        let t = d.tcp_info().unwrap().unwrap();
        assert_eq!(t.info.state, d.state());
        println!(
            "{} -> {} {:?} len {}",
            d.src(),
            d.dst(),
            tcp_state::name(d.state()),
            t.len
        );
        assert!(d.cong().unwrap().is_some());
        let text = d.to_string();
        assert!(!text.contains("!!"), "{text}");
        let counts = nlwire_codec::desc::Dissector::count(
            m.attrs(InetDiagMsg::LEN).unwrap(),
            &diag::INET_DIAG,
        );
        assert_eq!((counts.unknown, counts.malformed), (0, 0), "{text}");
    }
    assert_eq!(out, TCP_RESP);
    states.sort_unstable();
    assert_eq!(
        states,
        [
            tcp_state::ESTABLISHED,
            tcp_state::ESTABLISHED,
            tcp_state::LISTEN
        ]
    );

    let mut out = Vec::new();
    let mut found = false;
    for m in Messages::new(UNIX_RESP) {
        let m = m.unwrap();
        reemit(&m, UnixDiagMsg::LEN, &mut out);
        let v = UnixDiagView::parse(&m).unwrap();
        if v.state() == tcp_state::LISTEN
            && v.name().is_some_and(|n| n.starts_with(b"\0nlwire-test-"))
        {
            found = true;
            assert_eq!(v.icons().count(), 1);
        }
        assert!(!v.to_string().contains("!!"));
    }
    assert!(found);
    assert_eq!(out, UNIX_RESP);
    every_prefix(TCP_RESP, |m| {
        let _ = diag::Dissect(m).to_string();
        if let Ok(d) = DiagMsg::parse(m) {
            let _ = d.tcp_info();
        }
    });
}

// ---------------------------------------------------------------------------------------
// uevents.

#[test]
fn uevent_kernel_and_udev_formats() {
    let mut s = [0u8; 512];
    let props = [
        ("SUBSYSTEM", "net"),
        ("INTERFACE", "veth0"),
        ("IFINDEX", "4"),
        ("SEQNUM", "99"),
    ];
    let n = uevent::write_kernel(&mut s, "remove", "/devices/virtual/net/veth0", &props).unwrap();
    let e = Uevent::parse(&s[..n]).unwrap();
    assert_eq!(
        e.source(),
        Source::Kernel {
            action: "remove",
            devpath: "/devices/virtual/net/veth0"
        }
    );
    assert_eq!(
        (e.action(), e.subsystem(), e.seqnum(), e.devtype()),
        (Some("remove"), Some("net"), Some(99), None)
    );
    let all: Vec<_> = e.properties().map(|p| (p.key, p.value)).collect();
    assert_eq!(all[0], ("ACTION", "remove"));
    assert_eq!(all.len(), 6);
    let first = e.properties().next().unwrap();
    assert_eq!(first.offset, "remove@/devices/virtual/net/veth0\0".len());
    let text = e.to_string();
    assert!(
        text.starts_with("kernel remove /devices/virtual/net/veth0"),
        "{text}"
    );
    assert!(text.contains("\n  INTERFACE=veth0"), "{text}");

    let n = uevent::write_udev(
        &mut s,
        &[
            ("ACTION", "add"),
            ("DEVPATH", "/devices/x"),
            ("SUBSYSTEM", "block"),
            ("DEVTYPE", "disk"),
        ],
    )
    .unwrap();
    let e = Uevent::parse(&s[..n]).unwrap();
    assert!(e.is_udev());
    assert!(matches!(e.source(), Source::Udev(h) if h.properties_off.get() == 40));
    assert_eq!(
        (e.action(), e.devpath(), e.devtype()),
        (Some("add"), Some("/devices/x"), Some("disk"))
    );
    assert_eq!(e.seqnum(), None);
    assert!(e.to_string().starts_with("udev add /devices/x"));

    // Malformed input: typed errors with offsets.
    let bad: [(&[u8], usize, &str); 6] = [
        (b"add/devices\0", 0, "'@'"),
        (b"add@/x", 0, "terminating NUL"),
        (b"@/x\0", 0, "empty action"),
        (b"add@/x\0A=1\0noequals\0", 11, "'='"),
        (b"add@/x\0A=1\0=v\0", 11, "empty key"),
        (b"add@/x\0A=1\0B=2", 11, "terminating NUL"),
    ];
    for (bytes, offset, what) in bad {
        let err = Uevent::parse(bytes).unwrap_err();
        assert_eq!(err.offset, offset, "{bytes:?}: {err}");
        assert!(err.to_string().contains(what), "{bytes:?}: {err}");
    }
    let err = Uevent::parse(b"add@/x\0K=\xff\0").unwrap_err();
    assert_eq!(err.offset, 9, "{err}");
    let n = uevent::write_udev(&mut s, &[("ACTION", "add")]).unwrap();
    let mut broken = s[..n].to_vec();
    broken[8] = 0;
    assert!(
        Uevent::parse(&broken)
            .unwrap_err()
            .to_string()
            .contains("magic")
    );
    let mut broken = s[..n].to_vec();
    broken[20..24].copy_from_slice(&1000u32.to_ne_bytes());
    assert!(matches!(
        Uevent::parse(&broken).unwrap_err().kind,
        DecodeErrorKind::Truncated { .. }
    ));
    assert!(matches!(
        Uevent::parse(&s[..20]).unwrap_err().kind,
        DecodeErrorKind::Truncated { needed: 40, .. }
    ));
    // Every prefix: an error or a shorter event, never a panic.
    for n2 in 0..n {
        let _ = Uevent::parse(&s[..n2]).map(|e| e.properties().count());
    }
    assert!(uevent::write_kernel(&mut [0u8; 8], "add", "/devices/x", &[]).is_err());
}

#[test]
fn uevent_kernel_fixture() {
    let raw: &[u8] = include_bytes!("../../tests/fixtures/genl/uevent_veth_add.bin");
    let e = Uevent::parse(raw).unwrap();
    assert_eq!(e.action(), Some("add"));
    assert_eq!(e.devpath(), Some("/devices/virtual/net/nlwuev0"));
    assert_eq!(e.subsystem(), Some("net"));
    assert_eq!(e.get("INTERFACE"), Some("nlwuev0"));
    assert!(e.seqnum().is_some());
    assert!(e.get("IFINDEX").is_some_and(|i| i.parse::<u32>().is_ok()));
    // Re-written from its parts, byte for byte.
    let props: Vec<(&str, &str)> = e
        .properties()
        .filter(|p| p.key != "ACTION" && p.key != "DEVPATH")
        .map(|p| (p.key, p.value))
        .collect();
    let mut s = [0u8; 512];
    let n = uevent::write_kernel(&mut s, "add", "/devices/virtual/net/nlwuev0", &props).unwrap();
    assert_eq!(&s[..n], raw);
    for n in (0..raw.len()).step_by(if cfg!(miri) { 29 } else { 1 }) {
        let _ = Uevent::parse(&raw[..n]).map(|e| e.to_string());
    }
}

// ---------------------------------------------------------------------------------------
// Process connector.

#[test]
fn connector_listen_and_events() {
    let mut s = [0u8; 128];
    let mut buf = SliceBuf::new(&mut s);
    connector::listen_request(&mut buf, 1, 777, op::LISTEN).unwrap();
    let m = one(buf.as_slice());
    assert_eq!(m.bytes().len(), 16 + CnMsg::LEN + 4);
    assert_eq!(m.pid(), 777);
    let (cn, data) = connector::parse(&m).unwrap();
    assert_eq!((cn.id.idx.get(), cn.id.val.get(), cn.len.get()), (1, 1, 4));
    assert_eq!(data, op::LISTEN.to_ne_bytes());
    let mut buf = SliceBuf::new(&mut s);
    connector::listen_filtered_request(&mut buf, 2, 777, op::LISTEN, what::EXEC | what::EXIT)
        .unwrap();
    let m = one(buf.as_slice());
    let (_, data) = connector::parse(&m).unwrap();
    assert_eq!(data.len(), 8);
    assert_eq!(&data[4..], &(what::EXEC | what::EXIT).to_ne_bytes());

    let mut s = [0u8; 1024];
    let mut buf = SliceBuf::new(&mut s);
    let u = |v: u32| U32::new(v);
    connector::write_event(&mut buf, 1, 0, 10, &connector::AckEvent { err: u(0) }).unwrap();
    connector::write_event(
        &mut buf,
        2,
        1,
        11,
        &connector::ForkEvent {
            parent_pid: u(1),
            parent_tgid: u(1),
            child_pid: u(2),
            child_tgid: u(2),
        },
    )
    .unwrap();
    connector::write_event(
        &mut buf,
        3,
        0,
        12,
        &connector::ExecEvent {
            process_pid: u(2),
            process_tgid: u(2),
        },
    )
    .unwrap();
    let id = connector::IdEvent {
        process_pid: u(2),
        process_tgid: u(2),
        real: u(1000),
        effective: u(0),
    };
    connector::write_event_what(&mut buf, 4, what::UID, 0, 13, id.as_bytes()).unwrap();
    connector::write_event_what(&mut buf, 5, what::GID, 0, 14, id.as_bytes()).unwrap();
    connector::write_event(
        &mut buf,
        6,
        0,
        15,
        &connector::SidEvent {
            process_pid: u(2),
            process_tgid: u(2),
        },
    )
    .unwrap();
    connector::write_event(
        &mut buf,
        7,
        0,
        16,
        &connector::PtraceEvent {
            process_pid: u(2),
            process_tgid: u(2),
            tracer_pid: u(9),
            tracer_tgid: u(9),
        },
    )
    .unwrap();
    let mut comm = [0u8; 16];
    comm[..4].copy_from_slice(b"bash");
    connector::write_event(
        &mut buf,
        8,
        0,
        17,
        &connector::CommEvent {
            process_pid: u(2),
            process_tgid: u(2),
            comm,
        },
    )
    .unwrap();
    connector::write_event(
        &mut buf,
        9,
        0,
        18,
        &connector::CoredumpEvent {
            process_pid: u(2),
            process_tgid: u(2),
            parent_pid: u(1),
            parent_tgid: u(1),
        },
    )
    .unwrap();
    connector::write_event(
        &mut buf,
        10,
        0,
        19,
        &connector::ExitEvent {
            process_pid: u(2),
            process_tgid: u(2),
            exit_code: u(256),
            exit_signal: u(17),
            parent_pid: u(1),
            parent_tgid: u(1),
        },
    )
    .unwrap();
    connector::write_event_what(&mut buf, 11, 0x1000, 0, 20, &[1, 2, 3, 4]).unwrap();
    let all = buf.as_slice().to_vec();
    let evs: Vec<_> = Messages::new(&all).map(|m| m.unwrap()).collect();
    assert_eq!(evs.len(), 11);
    let whats: Vec<u32> = evs
        .iter()
        .map(|m| ProcEvent::parse(m).unwrap().what())
        .collect();
    assert_eq!(
        whats,
        [
            what::NONE,
            what::FORK,
            what::EXEC,
            what::UID,
            what::GID,
            what::SID,
            what::PTRACE,
            what::COMM,
            what::COREDUMP,
            what::EXIT,
            0x1000
        ]
    );
    let p = |i: usize| ProcEvent::parse(&evs[i]).unwrap();
    assert!(matches!(p(0).event().unwrap(), Event::Ack(a) if a.err.get() == 0));
    assert!(
        matches!(p(1).event().unwrap(), Event::Fork(f) if f.child_pid.get() == 2 && f.parent_pid.get() == 1)
    );
    assert_eq!((p(1).cpu(), p(1).timestamp_ns()), (1, 11));
    assert!(matches!(p(3).event().unwrap(), Event::Uid(i) if i.real.get() == 1000));
    assert!(matches!(p(4).event().unwrap(), Event::Gid(_)));
    assert!(matches!(p(6).event().unwrap(), Event::Ptrace(t) if t.tracer_pid.get() == 9));
    assert!(matches!(p(7).event().unwrap(), Event::Comm(c) if c.comm() == b"bash"));
    assert!(matches!(p(8).event().unwrap(), Event::Coredump(_)));
    assert!(
        matches!(p(9).event().unwrap(), Event::Exit(e) if e.exit_code.get() == 256 && e.exit_signal.get() == 17)
    );
    assert!(
        matches!(p(10).event().unwrap(), Event::Other(0x1000, d) if d.starts_with(&[1, 2, 3, 4]))
    );
    assert_eq!(
        p(7).to_string(),
        "proc_event COMM cpu 0 ts 17 pid 2/2 comm bash"
    );
    assert_eq!(
        p(9).to_string(),
        "proc_event EXIT cpu 0 ts 19 pid 2/2 code 256 signal 17 parent 1/1"
    );
    assert_eq!(p(1).cn_msg().seq.get(), 2);

    // Malformed: a connector message for another connector, a short proc_event, a
    // `len` past the message.
    let mut buf = SliceBuf::new(&mut s);
    let other = connector::CbId {
        idx: u(5),
        val: u(1),
    };
    connector::write_message(&mut buf, 1, 0, other, 0, &[0; 40]).unwrap();
    let err = ProcEvent::parse(&one(buf.as_slice())).unwrap_err();
    assert!(matches!(err.kind, DecodeErrorKind::Invalid { .. }));
    let mut buf = SliceBuf::new(&mut s);
    let proc_id = connector::CbId {
        idx: u(1),
        val: u(1),
    };
    connector::write_message(&mut buf, 1, 0, proc_id, 0, &[0; 8]).unwrap();
    let err = ProcEvent::parse(&one(buf.as_slice())).unwrap_err();
    assert!(
        matches!(
            err.kind,
            DecodeErrorKind::Truncated {
                what: "proc_event",
                needed: 16,
                available: 8
            }
        ),
        "{err:?}"
    );
    let mut bytes = buf.as_slice().to_vec();
    bytes[32..34].copy_from_slice(&200u16.to_ne_bytes());
    let err = connector::parse(&one(&bytes)).unwrap_err();
    assert!(
        matches!(
            err.kind,
            DecodeErrorKind::Truncated {
                what: "connector data",
                needed: 200,
                ..
            }
        ),
        "{err:?}"
    );
    every_prefix(&all, |m| {
        if let Ok(p) = ProcEvent::parse(m) {
            let _ = (p.event(), p.to_string());
        }
        let _ = connector::parse(m);
    });
}

#[test]
fn tcp_state_names() {
    assert_eq!(tcp_state::name(tcp_state::LISTEN), Some("LISTEN"));
    assert_eq!(tcp_state::ss_name(tcp_state::CLOSE), Some("UNCONN"));
    assert_eq!(tcp_state::name(0), None);
    assert_eq!(diag::bc::name(diag::bc::D_EQ), Some("D_EQ"));
    assert_eq!(what::name(what::EXIT), Some("EXIT"));
    assert_eq!(
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        "127.0.0.1".parse::<IpAddr>().unwrap()
    );
}
