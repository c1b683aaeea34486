//! Rules, nexthops, netconf, nsid and traffic control: every writer's output parses back
//! through the typed views with every accessor; `Display` names what it prints;
//! malformed payloads give typed errors that name the attribute; no accessor panics on
//! any prefix or byte mutation of any built message; the attribute numbers agree with
//! the uapi headers installed on this machine; and the real-kernel rule dump (if the
//! fixture is there) decodes with nothing unknown and re-emits byte for byte.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

use nlwire_codec::desc::{AttrSet, DissectStats, Dissector, Value};
use nlwire_codec::error::DecodeErrorKind;
use nlwire_codec::rtnl::netconf::{self, NETCONFA, NetconfEntryMsg, NetconfMsg, netconfa};
use nlwire_codec::rtnl::nexthop::{
    self, DumpFilter, GroupMember, NHA, NexthopGrp, NexthopMsg, NexthopSpec, NhGroup, NhMsg,
    ResGroup, group_stats, group_stats_entry, group_type, nh_flags, nha, op_flags, res_bucket,
};
use nlwire_codec::rtnl::nsid::{self, NETNSA, NsRef, NsidMsg, RtGenMsg, netnsa};
use nlwire_codec::rtnl::rule::{
    self, FRA, FibRuleHdr, PortRange, RuleMsg, RuleSpec, UidRange, action, flags as rule_flags, fra,
};
use nlwire_codec::rtnl::tc::{
    self, BasicStats, FlowerOptions, FqCodelOptions, GnetStatsBasic, GnetStatsQueue,
    GnetStatsRateEst, HtbOptions, TCA, TbfOptions, TcFifoQopt, TcHandle, TcHtbGlob, TcHtbOpt,
    TcMsg, TcObjectMsg, TcOptions, TcRatespec, TcStats, TcTbfQopt, TcU32Key, TcU32SelHdr, cls_bpf,
    cls_flower, cls_matchall, cls_u32, eth_p, tc_h, tca, tca_act, tca_stats,
};
use nlwire_codec::rtnl::{family, rtm};
use nlwire_codec::zerocopy::IntoBytes;
use nlwire_codec::{
    Buffer, Builder, DecodeError, EncodeError, Flags, Message, MessageType, Messages, SliceBuf,
};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Runs a writer into a fresh buffer and returns exactly the bytes it wrote.
fn build(f: impl FnOnce(&mut SliceBuf<'_>) -> Result<usize, EncodeError>) -> Vec<u8> {
    let mut storage = vec![0u8; 8192];
    let mut buf = SliceBuf::new(&mut storage);
    let n = f(&mut buf).expect("writer fits");
    assert_eq!(n, buf.len(), "writer reports the bytes it wrote");
    storage.truncate(n);
    storage
}

/// Builds a message with the generic builder (what a kernel reply would look like).
fn build_msg(
    kind: MessageType,
    header: &[u8],
    f: impl FnOnce(&mut Builder<'_, SliceBuf<'_>>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    build(|buf| {
        let mut b = Builder::message(buf, kind, Flags::MULTI, 9, 4242)?;
        b.put_bytes(header)?;
        f(&mut b)?;
        Ok(b.finish())
    })
}

fn one(bytes: &[u8]) -> Message<'_> {
    let mut it = Messages::new(bytes);
    let m = it.next().expect("one message").expect("frames");
    assert!(it.next().is_none());
    m
}

fn assert_clean(stats: DissectStats, what: &str) {
    assert_eq!(stats.unknown, 0, "{what}: unknown attributes");
    assert_eq!(stats.malformed, 0, "{what}: malformed attributes");
    assert!(stats.typed > 0, "{what}: nothing typed");
}

fn payload_err_kind(e: DecodeError) -> u16 {
    match e.kind {
        DecodeErrorKind::AttrPayload { kind, .. } => kind,
        other => panic!("expected AttrPayload, got {other:?}"),
    }
}

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

// ---------------------------------------------------------------------------------------
// Calling every accessor (used on good, truncated and mutated messages alike)
// ---------------------------------------------------------------------------------------

fn exercise_rule(m: &Message<'_>) {
    let Ok(r) = RuleMsg::parse(m) else { return };
    let _ = (
        r.family(),
        r.dst_len(),
        r.src_len(),
        r.tos(),
        r.action(),
        r.flags(),
    );
    let _ = (r.is_invert(), r.header(), r.message());
    let _ = r.table();
    let _ = (
        r.priority(),
        r.src(),
        r.dst(),
        r.iifname(),
        r.oifname(),
        r.goto(),
    );
    let _ = (
        r.fwmark(),
        r.fwmask(),
        r.flow(),
        r.tun_id(),
        r.suppress_ifgroup(),
    );
    let _ = (
        r.suppress_prefixlen(),
        r.l3mdev(),
        r.protocol(),
        r.ip_proto(),
        r.dscp(),
    );
    let _ = (
        r.dscp_mask(),
        r.flowlabel(),
        r.flowlabel_mask(),
        r.sport_mask(),
    );
    let _ = (
        r.dport_mask(),
        r.uid_range(),
        r.sport_range(),
        r.dport_range(),
    );
    for k in 0..=fra::DSCP_MASK + 2 {
        let _ = r.attr(k);
    }
    let _ = r.to_string();
    let _ = format!("{r:?}");
    let _ = Dissector::count(r.attrs(), &FRA);
}

fn exercise_nexthop(m: &Message<'_>) {
    let Ok(n) = NexthopMsg::parse(m) else { return };
    let _ = (n.family(), n.scope(), n.protocol(), n.flags(), n.header());
    let _ = (n.id(), n.group_type(), n.oif(), n.gateway(), n.encap_type());
    let _ = (
        n.master(),
        n.op_flags(),
        n.hw_stats_enable(),
        n.hw_stats_used(),
    );
    let _ = (
        n.is_blackhole(),
        n.is_fdb(),
        n.groups_only(),
        n.encap_attr(),
    );
    let _ = n.encap();
    if let Ok(Some(g)) = n.group() {
        let _ = (g.len(), g.is_empty(), g.entries(), g.to_string());
        for m in g.iter() {
            let _ = m;
        }
    }
    let _ = (n.res_group(), n.res_bucket());
    for s in n.group_stats() {
        let _ = s;
    }
    for k in 0..=nha::HW_STATS_USED + 2 {
        let _ = n.attr(k);
    }
    let _ = n.to_string();
    let _ = format!("{n:?}");
    let _ = Dissector::count(n.attrs(), &NHA);
}

fn exercise_netconf(m: &Message<'_>) {
    let Ok(n) = NetconfEntryMsg::parse(m) else {
        return;
    };
    let _ = (
        n.family(),
        n.header(),
        n.ifindex(),
        n.forwarding(),
        n.rp_filter(),
    );
    let _ = (
        n.mc_forwarding(),
        n.proxy_neigh(),
        n.ignore_routes_with_linkdown(),
    );
    let _ = (n.input(), n.bc_forwarding(), n.attr(1), n.attr(200));
    let _ = n.to_string();
    let _ = format!("{n:?}");
    let _ = Dissector::count(n.attrs(), &NETCONFA);
}

fn exercise_nsid(m: &Message<'_>) {
    let Ok(n) = NsidMsg::parse(m) else { return };
    let _ = (n.family(), n.header(), n.nsid(), n.pid(), n.fd());
    let _ = (n.target_nsid(), n.current_nsid(), n.attr(1), n.attr(99));
    let _ = n.to_string();
    let _ = format!("{n:?}");
    let _ = Dissector::count(n.attrs(), &NETNSA);
}

fn exercise_tc_options(o: &TcOptions<'_>) {
    match o {
        TcOptions::U32(u) => {
            let _ = (
                u.classid(),
                u.hash(),
                u.link(),
                u.divisor(),
                u.flags(),
                u.indev(),
            );
            let _ = (u.mark(), u.act(), u.attr(cls_u32::PCNT));
            if let Ok(Some(sel)) = u.sel() {
                let _ = (sel.header(), sel.keys().len());
            }
            let _ = u.attrs().count();
        }
        TcOptions::Flower(f) => {
            let _ = (f.classid(), f.indev(), f.flags(), f.in_hw_count(), f.act());
            let _ = (f.eth_dst(), f.eth_dst_mask(), f.eth_src(), f.eth_src_mask());
            let _ = (f.eth_type(), f.ip_proto(), f.ipv4_src(), f.ipv4_src_mask());
            let _ = (
                f.ipv4_dst(),
                f.ipv4_dst_mask(),
                f.ipv6_src(),
                f.ipv6_src_mask(),
            );
            let _ = (f.ipv6_dst(), f.ipv6_dst_mask(), f.tcp_src(), f.tcp_dst());
            let _ = (f.udp_src(), f.udp_dst(), f.tcp_src_mask(), f.tcp_dst_mask());
            let _ = (
                f.udp_src_mask(),
                f.udp_dst_mask(),
                f.vlan_id(),
                f.vlan_prio(),
            );
            let _ = (f.vlan_eth_type(), f.ip_tos(), f.ip_ttl(), f.enc_key_id());
        }
        TcOptions::Matchall(x) => {
            let _ = (x.classid(), x.flags(), x.hits(), x.act());
        }
        TcOptions::Bpf(x) => {
            let _ = (x.classid(), x.ops_len(), x.fd(), x.name(), x.flags());
            let _ = (x.flags_gen(), x.id(), x.tag(), x.ops(), x.act());
        }
        TcOptions::Tbf(t) => {
            let _ = t.rate();
        }
        TcOptions::Htb(h) => {
            let _ = (h.rate(), h.ceil());
        }
        _ => {}
    }
    let _ = format!("{o:?}");
}

fn exercise_tc(m: &Message<'_>) {
    let Ok(t) = TcObjectMsg::parse(m) else { return };
    let _ = (
        t.family(),
        t.ifindex(),
        t.handle(),
        t.parent(),
        t.info(),
        t.header(),
    );
    let _ = (
        t.priority(),
        t.protocol(),
        t.is_filter(),
        t.handle().to_string(),
    );
    let _ = (t.kind(), t.chain(), t.hw_offload(), t.ingress_block());
    let _ = (
        t.egress_block(),
        t.ext_warn_msg(),
        t.options_attr(),
        t.options(),
    );
    let _ = (t.stats2(), t.stats(), t.basic_stats(), t.queue_stats());
    let _ = (t.drops(), t.rate_est());
    if let Ok(Some(o)) = t.typed_options() {
        exercise_tc_options(&o);
    }
    for k in 0..=tca::EXT_WARN_MSG + 2 {
        let _ = t.attr(k);
    }
    let _ = t.to_string();
    let _ = format!("{t:?}");
    let _ = Dissector::count(t.attrs(), &TCA);
}

/// Every view on every message: a view must cope with any bytes, not only its own type.
fn exercise_all(m: &Message<'_>) {
    exercise_rule(m);
    exercise_nexthop(m);
    exercise_netconf(m);
    exercise_nsid(m);
    exercise_tc(m);
}

/// Calls every accessor of every view on each prefix of `bytes` (with `nlmsg_len`
/// patched to the prefix so the message frames) and on single-byte mutations.
/// Under miri every sweep samples one position in `MIRI_STRIDE`: the sweeps exist to find
/// panics (the native test runs do all positions); miri checks the memory model on a
/// sample.
const MIRI_STRIDE: usize = if cfg!(miri) { 499 } else { 1 };

fn no_panics(bytes: &[u8]) {
    for n in (0..=bytes.len()).step_by(MIRI_STRIDE) {
        let mut b = bytes[..n].to_vec();
        if n >= 4 {
            let len = u32::try_from(n).unwrap();
            b[..4].copy_from_slice(&len.to_ne_bytes());
        }
        match Message::parse(&b) {
            Ok(m) => exercise_all(&m),
            Err(_) => assert!(
                n < 16,
                "a {n}-byte message with a matching nlmsg_len frames"
            ),
        }
        // Unpatched: the header claims more than is there.
        if n < bytes.len() {
            assert!(Message::parse(&bytes[..n]).is_err());
        }
    }
    for i in (4..bytes.len()).step_by(MIRI_STRIDE) {
        for v in [0u8, 1, 3, 4, 5, 0x7f, 0x80, 0xfe, 0xff] {
            let mut b = bytes.to_vec();
            b[i] = v;
            if let Ok(m) = Message::parse(&b) {
                exercise_all(&m);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------

fn full_rule_spec() -> RuleSpec<'static> {
    RuleSpec {
        priority: Some(1000),
        table: Some(4_000_000),
        src: Some((IpAddr::V6("2001:db8::".parse().unwrap()), 32)),
        dst: Some((IpAddr::V6("2001:db8:1::".parse().unwrap()), 48)),
        flags: rule_flags::INVERT,
        fwmark: Some(0x10),
        fwmask: Some(0xff),
        iifname: Some("eth0"),
        oifname: Some("vrf-blue"),
        ip_proto: Some(17),
        sport: Some(PortRange::new(1000, 2000)),
        dport: Some(PortRange::single(53)),
        sport_mask: Some(0xff00),
        dport_mask: Some(0xffff),
        uid_range: Some(UidRange::new(1000, 1999)),
        protocol: Some(4),
        l3mdev: false,
        suppress_prefixlen: Some(0),
        suppress_ifgroup: Some(7),
        flow: Some(0x0001_0002),
        tun_id: Some(0x0102_0304_0506_0708),
        dscp: Some(46),
        dscp_mask: Some(0x3f),
        flowlabel: Some((0xabcde, 0xfffff)),
        ..RuleSpec::new(family::UNSPEC)
    }
}

#[test]
fn rule_add_parses_back_with_every_field() {
    let bytes = build(|b| rule::add_request(b, 3, &full_rule_spec()));
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::NEWRULE);
    assert_eq!(
        m.flags(),
        Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL
    );
    let r = RuleMsg::parse(&m).unwrap();
    assert_eq!(r.family(), family::INET6, "family from the addresses");
    assert_eq!((r.src_len(), r.dst_len(), r.tos()), (32, 48, 0));
    assert_eq!(
        r.action(),
        action::TO_TBL,
        "an add with a table defaults to TO_TBL"
    );
    assert!(r.is_invert());
    assert_eq!(r.header().table, 0, "table above 255 only in FRA_TABLE");
    assert_eq!(r.table().unwrap(), 4_000_000);
    assert_eq!(r.priority().unwrap(), Some(1000));
    assert_eq!(r.src().unwrap(), Some("2001:db8::".parse().unwrap()));
    assert_eq!(r.dst().unwrap(), Some("2001:db8:1::".parse().unwrap()));
    assert_eq!(r.iifname().unwrap(), Some("eth0"));
    assert_eq!(r.oifname().unwrap(), Some("vrf-blue"));
    assert_eq!(r.goto().unwrap(), None);
    assert_eq!(
        (r.fwmark().unwrap(), r.fwmask().unwrap()),
        (Some(0x10), Some(0xff))
    );
    assert_eq!(r.flow().unwrap(), Some(0x0001_0002));
    assert_eq!(r.tun_id().unwrap(), Some(0x0102_0304_0506_0708));
    assert_eq!(
        r.attr(fra::TUN_ID).unwrap().payload(),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    assert_eq!(r.suppress_ifgroup().unwrap(), Some(7));
    assert_eq!(r.suppress_prefixlen().unwrap(), Some(0));
    assert_eq!(r.l3mdev().unwrap(), None);
    assert_eq!(r.protocol().unwrap(), Some(4));
    assert_eq!(r.ip_proto().unwrap(), Some(17));
    assert_eq!(r.sport_range().unwrap(), Some(PortRange::new(1000, 2000)));
    assert_eq!(r.dport_range().unwrap(), Some(PortRange::new(53, 53)));
    assert_eq!(r.sport_mask().unwrap(), Some(0xff00));
    assert_eq!(r.dport_mask().unwrap(), Some(0xffff));
    let uid = r.uid_range().unwrap().unwrap();
    assert_eq!((uid.start.get(), uid.end.get()), (1000, 1999));
    assert_eq!(r.dscp().unwrap(), Some(46));
    assert_eq!(r.dscp_mask().unwrap(), Some(0x3f));
    assert_eq!(r.flowlabel().unwrap(), Some(0xabcde));
    assert_eq!(
        r.attr(fra::FLOWLABEL).unwrap().payload(),
        0xabcde_u32.to_be_bytes()
    );
    assert_eq!(r.flowlabel_mask().unwrap(), Some(0xfffff));
    assert_clean(Dissector::count(r.attrs(), &FRA), "rule add");
    assert_eq!(r.attrs().count(), 23);

    let text = r.to_string();
    for needle in [
        "RTM_NEWRULE flags REQUEST|ACK|EXCL|CREATE seq 3",
        "fib_rule_hdr family inet6 dst_len 48 src_len 32 tos 0 table unspec action to_tbl flags <INVERT>",
        "FRA_TABLE 4000000",
        "FRA_PRIORITY 1000",
        "FRA_SRC 2001:db8::",
        "FRA_IIFNAME \"eth0\"",
        "FRA_UID_RANGE 1000-1999",
        "FRA_SPORT_RANGE 1000-2000",
        "FRA_DPORT_RANGE 53-53",
        "FRA_PROTOCOL static",
        "FRA_TUN_ID 0x102030405060708",
        "FRA_FLOWLABEL 0xabcde",
        "FRA_SPORT_MASK 0xff00",
        "FRA_DSCP_MASK 0x3f",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&bytes);
}

#[test]
fn rule_goto_blackhole_and_delete() {
    let spec = RuleSpec {
        priority: Some(10),
        goto: Some(20),
        l3mdev: true,
        ..RuleSpec::new(family::INET)
    };
    let bytes = build(|b| rule::add_request(b, 1, &spec));
    let r = RuleMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(r.action(), action::GOTO);
    assert_eq!(r.goto().unwrap(), Some(20));
    assert_eq!(r.l3mdev().unwrap(), Some(1));
    assert_eq!(r.table().unwrap(), 0, "no FRA_TABLE: the header's table");
    assert!(r.to_string().contains("action goto"));

    let spec = RuleSpec {
        priority: Some(5),
        table: Some(100),
        action: action::BLACKHOLE,
        src: Some((IpAddr::V4(Ipv4Addr::new(192, 0, 2, 0)), 24)),
        ..RuleSpec::default()
    };
    let bytes = build(|b| rule::add_request(b, 2, &spec));
    let r = RuleMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(r.family(), family::INET);
    assert_eq!(r.action(), action::BLACKHOLE);
    assert_eq!(r.header().table, 100, "small tables also go in the header");
    assert!(r.to_string().contains("action blackhole"));

    let bytes = build(|b| {
        rule::delete_request(
            b,
            4,
            &RuleSpec {
                priority: Some(32765),
                ..RuleSpec::new(family::INET)
            },
        )
    });
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::DELRULE);
    assert_eq!(m.flags(), Flags::REQUEST | Flags::ACK);
    let r = RuleMsg::parse(&m).unwrap();
    assert_eq!(r.action(), action::UNSPEC, "a delete matches any action");
    assert_eq!(r.priority().unwrap(), Some(32765));
    assert_eq!(r.attrs().count(), 1);
    assert!(
        r.to_string()
            .starts_with("RTM_DELRULE flags REQUEST|ACK seq 4 pid 0")
    );

    for (a, n) in [
        (action::TO_TBL, "to_tbl"),
        (action::GOTO, "goto"),
        (action::NOP, "nop"),
        (action::BLACKHOLE, "blackhole"),
        (action::UNREACHABLE, "unreachable"),
        (action::PROHIBIT, "prohibit"),
    ] {
        assert_eq!(action::name(a), Some(n));
    }
    assert_eq!(action::name(9), None);
    assert_eq!(rule::TableName(254).to_string(), "main");
    assert_eq!(rule::TableName(1234).to_string(), "1234");
    assert_eq!(
        rule::RuleFlagsDisplay(rule_flags::PERMANENT | rule_flags::FIND_SADDR | 0x100).to_string(),
        "PERMANENT,FIND_SADDR,0x100"
    );
}

#[test]
#[cfg_attr(miri, ignore = "reads files, which miri's isolation forbids")]
fn rule_dump_request_is_what_ip_sends() {
    let bytes = build(|b| rule::dump_request(b, 14, family::INET));
    assert_eq!(bytes.len(), 28);
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::GETRULE);
    assert_eq!(m.flags(), Flags::REQUEST | Flags::DUMP);
    assert_eq!(&m.payload()[..12], FibRuleHdr::new(family::INET).as_bytes());
    if let Ok(req) = std::fs::read(fixtures_dir().join("rule_dump.req.bin")) {
        assert_eq!(bytes, req, "byte-identical to the captured request");
    }
}

#[test]
fn rule_malformed_attributes_name_themselves() {
    // FRA_PRIORITY with 2 bytes, FRA_TABLE with 3, FRA_UID_RANGE with 4, a good FWMARK.
    let bytes = build_msg(
        rtm::NEWRULE,
        FibRuleHdr::new(family::INET).as_bytes(),
        |b| {
            b.put(fra::PRIORITY, &[1, 2])?;
            b.put(fra::TABLE, &[1, 2, 3])?;
            b.put(fra::UID_RANGE, &[0; 4])?;
            b.put(fra::SPORT_RANGE, &[0; 3])?;
            b.put(fra::SRC, &[10, 0, 0])?;
            b.put_u32(fra::FWMARK, 7)
        },
    );
    let r = RuleMsg::parse(&one(&bytes)).unwrap();
    let e = r.priority().unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::AttrPayload {
            kind: fra::PRIORITY,
            expected: "u32",
            needed: 4,
            got: 2
        }
    );
    assert_eq!(e.offset, 16 + 12, "offset of the attribute in the message");
    assert!(e.to_string().contains("attribute 6"), "{e}");
    assert_eq!(payload_err_kind(r.table().unwrap_err()), fra::TABLE);
    assert_eq!(payload_err_kind(r.uid_range().unwrap_err()), fra::UID_RANGE);
    assert_eq!(
        payload_err_kind(r.sport_range().unwrap_err()),
        fra::SPORT_RANGE
    );
    assert_eq!(payload_err_kind(r.src().unwrap_err()), fra::SRC);
    assert_eq!(r.fwmark().unwrap(), Some(7), "siblings stay readable");
    let stats = Dissector::count(r.attrs(), &FRA);
    assert_eq!((stats.malformed, stats.typed), (5, 1));
    assert!(r.to_string().contains("FRA_PRIORITY !! 2 bytes: 0102"));

    // A framing error (nla_len past the end) fails the view.
    let mut bad = bytes.clone();
    bad[28..30].copy_from_slice(&200u16.to_ne_bytes());
    assert!(matches!(
        RuleMsg::parse(&one(&bad)).unwrap_err().kind,
        DecodeErrorKind::AttrLength {
            kind: fra::PRIORITY,
            ..
        }
    ));
    // A message too short for fib_rule_hdr.
    let short = build_msg(rtm::NEWRULE, &[2, 0, 0, 0, 0, 0, 0, 0], |_| Ok(()));
    assert!(matches!(
        RuleMsg::parse(&one(&short)).unwrap_err().kind,
        DecodeErrorKind::Truncated { needed: 12, .. }
    ));
}

fn reemit_rule(r: &RuleMsg<'_>) -> Result<Vec<u8>, DecodeError> {
    let m = r.message();
    let mut storage = vec![0u8; 4096];
    let mut buf = SliceBuf::new(&mut storage);
    let mut b = Builder::message(&mut buf, m.message_type(), m.flags(), m.seq(), m.pid()).unwrap();
    b.put_header(r.header()).unwrap();
    for a in r.attrs() {
        let a = a?;
        let k = a.raw_kind();
        let res = match a.kind() {
            fra::TABLE => b.put_u32(k, r.table()?),
            fra::PRIORITY => b.put_u32(k, r.priority()?.unwrap()),
            fra::SUPPRESS_PREFIXLEN => b.put_u32(k, r.suppress_prefixlen()?.unwrap()),
            fra::SUPPRESS_IFGROUP => b.put_u32(k, r.suppress_ifgroup()?.unwrap()),
            fra::FWMARK => b.put_u32(k, r.fwmark()?.unwrap()),
            fra::FWMASK => b.put_u32(k, r.fwmask()?.unwrap()),
            fra::GOTO => b.put_u32(k, r.goto()?.unwrap()),
            fra::PROTOCOL => b.put_u8(k, r.protocol()?.unwrap()),
            fra::L3MDEV => b.put_u8(k, r.l3mdev()?.unwrap()),
            fra::IP_PROTO => b.put_u8(k, r.ip_proto()?.unwrap()),
            fra::SRC => b.put_ip(k, r.src()?.unwrap()),
            fra::DST => b.put_ip(k, r.dst()?.unwrap()),
            fra::IIFNAME => b.put_str(k, r.iifname()?.unwrap()),
            fra::OIFNAME => b.put_str(k, r.oifname()?.unwrap()),
            fra::UID_RANGE => b.put_struct(k, &r.uid_range()?.unwrap()),
            fra::SPORT_RANGE => b.put_struct(k, &r.sport_range()?.unwrap()),
            fra::DPORT_RANGE => b.put_struct(k, &r.dport_range()?.unwrap()),
            fra::TUN_ID => b.put_be64(k, r.tun_id()?.unwrap()),
            _ => b.put(k, a.payload()),
        };
        res.unwrap();
    }
    let n = b.finish();
    storage.truncate(n);
    Ok(storage)
}

#[test]
#[cfg_attr(miri, ignore = "reads files, which miri's isolation forbids")]
fn rule_dump_fixture_decodes_typed_and_reemits() {
    let path = fixtures_dir().join("rule_dump.resp.bin");
    let Ok(resp) = std::fs::read(&path) else {
        eprintln!("{} not there: skipped", path.display());
        return;
    };
    let mut seen = Vec::new();
    let mut done = false;
    let mut rebuilt = Vec::new();
    for m in Messages::new(&resp) {
        let m = m.unwrap();
        if m.message_type() == MessageType::DONE {
            done = true;
            rebuilt.extend_from_slice(m.bytes());
            continue;
        }
        assert_eq!(m.message_type(), rtm::NEWRULE);
        let r = RuleMsg::parse(&m).unwrap();
        let stats = Dissector::count(r.attrs(), &FRA);
        assert_clean(stats, "rule fixture");
        let again = reemit_rule(&r).unwrap();
        assert_eq!(again, m.bytes(), "rule at offset {} re-emits", m.offset());
        rebuilt.extend_from_slice(&again);
        let text = r.to_string();
        assert!(text.starts_with("RTM_NEWRULE flags MULTI"), "{text}");
        assert!(
            text.contains("FRA_TABLE") && text.contains("FRA_PROTOCOL "),
            "{text}"
        );
        seen.push((
            r.priority().unwrap().unwrap_or(0),
            r.table().unwrap(),
            r.src().unwrap().map(|a| (a, r.src_len())),
            r.action(),
            r.protocol().unwrap(),
        ));
        no_panics(m.bytes());
    }
    assert!(done);
    assert_eq!(rebuilt, resp, "the whole reply re-emits byte for byte");
    let net = IpAddr::V4(Ipv4Addr::new(10, 1, 0, 0));
    let k = Some(2); // RTPROT_KERNEL
    assert_eq!(
        seen,
        [
            (0, 255, None, action::TO_TBL, k),
            (32765, 100, Some((net, 24)), action::TO_TBL, Some(0)),
            (32766, 254, None, action::TO_TBL, k),
            (32767, 253, None, action::TO_TBL, k),
        ]
    );
}

/// Any fixture a colleague captured for these message families decodes with nothing
/// unknown or malformed and survives the no-panic sweep.
#[test]
#[cfg_attr(miri, ignore = "reads files, which miri's isolation forbids")]
fn every_fixture_of_these_families_decodes_cleanly() {
    let Ok(dir) = std::fs::read_dir(fixtures_dir()) else {
        return;
    };
    for entry in dir.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".bin") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        for m in Messages::new(&bytes) {
            let Ok(m) = m else { break };
            let t = m.message_type().0;
            let stats = match t {
                32..=35 => Dissector::count(RuleMsg::parse(&m).unwrap().attrs(), &FRA),
                36..=47 | 100..=103 => {
                    Dissector::count(TcObjectMsg::parse(&m).unwrap().attrs(), &TCA)
                }
                80..=83 => Dissector::count(NetconfEntryMsg::parse(&m).unwrap().attrs(), &NETCONFA),
                88..=91 => Dissector::count(NsidMsg::parse(&m).unwrap().attrs(), &NETNSA),
                104..=107 | 116..=119 => {
                    Dissector::count(NexthopMsg::parse(&m).unwrap().attrs(), &NHA)
                }
                _ => continue,
            };
            assert_eq!(stats.unknown, 0, "{name} at {}", m.offset());
            assert_eq!(stats.malformed, 0, "{name} at {}", m.offset());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Nexthops
// ---------------------------------------------------------------------------------------

#[test]
fn nexthop_gateway_blackhole_fdb_parse_back() {
    let spec = NexthopSpec {
        id: 7,
        gateway: Some(IpAddr::V4(Ipv4Addr::new(10, 1, 0, 2))),
        oif: Some(3),
        protocol: 4,
        flags: nh_flags::ONLINK,
        hw_stats: Some(true),
        ..NexthopSpec::default()
    };
    let bytes = build(|b| nexthop::add_request(b, 5, &spec));
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::NEWNEXTHOP);
    assert_eq!(
        m.flags(),
        Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL
    );
    let n = NexthopMsg::parse(&m).unwrap();
    assert_eq!(n.family(), family::INET, "family from the gateway");
    assert_eq!(
        (n.protocol(), n.flags(), n.scope()),
        (4, nh_flags::ONLINK, 0)
    );
    assert_eq!(n.id().unwrap(), Some(7));
    assert_eq!(
        n.gateway().unwrap(),
        Some(IpAddr::V4(Ipv4Addr::new(10, 1, 0, 2)))
    );
    assert_eq!(n.oif().unwrap(), Some(3));
    assert_eq!(n.hw_stats_enable().unwrap(), Some(1));
    assert!(!n.is_blackhole().unwrap() && !n.is_fdb().unwrap() && !n.groups_only().unwrap());
    assert_eq!(n.group().unwrap(), None);
    assert_eq!((n.group_type().unwrap(), n.master().unwrap()), (None, None));
    assert_eq!(
        (n.encap_type().unwrap(), n.encap_attr().is_none()),
        (None, true)
    );
    assert!(n.encap().unwrap().is_none());
    assert_eq!(
        (n.res_group().unwrap(), n.res_bucket().unwrap()),
        (None, None)
    );
    assert_eq!(n.group_stats().count(), 0);
    assert_clean(Dissector::count(n.attrs(), &NHA), "nexthop gateway");
    let text = n.to_string();
    for needle in [
        "RTM_NEWNEXTHOP flags REQUEST|ACK|EXCL|CREATE seq 5",
        "nhmsg family inet scope global protocol static flags <onlink>",
        "NHA_ID 7",
        "NHA_GATEWAY 10.1.0.2",
        "NHA_OIF 3",
        "NHA_HW_STATS_ENABLE 1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&bytes);

    let v6 = NexthopSpec {
        id: 8,
        gateway: Some(IpAddr::V6(Ipv6Addr::new(0xfd00, 1, 0, 0, 0, 0, 0, 2))),
        fdb: true,
        ..NexthopSpec::default()
    };
    let n_bytes = build(|b| nexthop::replace_request(b, 6, &v6));
    let m = one(&n_bytes);
    assert!(m.flags().contains(Flags::REPLACE | Flags::CREATE));
    let n = NexthopMsg::parse(&m).unwrap();
    assert_eq!(n.family(), family::INET6);
    assert!(n.is_fdb().unwrap());
    assert!(n.to_string().contains("NHA_FDB"));

    let bh = NexthopSpec {
        id: 9,
        blackhole: true,
        ..NexthopSpec::default()
    };
    let bytes = build(|b| nexthop::add_request(b, 7, &bh));
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(n.family(), family::INET, "a blackhole needs a family");
    assert!(n.is_blackhole().unwrap());
    assert!(n.to_string().contains("NHA_BLACKHOLE"));
}

#[test]
fn nexthop_groups_with_wide_weights_and_resilience() {
    let members = [
        GroupMember::new(1, 1),
        GroupMember::new(2, 256),
        GroupMember::new(3, 300),
        GroupMember::new(4, nexthop::MAX_WEIGHT),
    ];
    let spec = NexthopSpec {
        id: 100,
        group: &members,
        group_type: Some(group_type::RES),
        res_group: Some(ResGroup {
            buckets: Some(128),
            idle_timer: Some(120),
            unbalanced_timer: Some(0),
            unbalanced_time: Some(99), // never sent
        }),
        ..NexthopSpec::default()
    };
    let bytes = build(|b| nexthop::add_request(b, 8, &spec));
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(n.family(), family::UNSPEC, "groups are AF_UNSPEC");
    let g = n.group().unwrap().unwrap();
    assert_eq!((g.len(), g.is_empty()), (4, false));
    assert_eq!(g.iter().collect::<Vec<_>>(), members);
    let raw = g.entries();
    assert_eq!((raw[1].weight, raw[1].weight_high), (255, 0));
    assert_eq!((raw[2].weight, raw[2].weight_high), (43, 1), "299 = 0x12b");
    assert_eq!((raw[3].weight, raw[3].weight_high), (254, 255));
    assert_eq!(raw[0].id.get(), 1);
    assert_eq!(g.to_string(), "1/2,256/3,300/4,65535");
    assert_eq!(
        n.attr(nha::GROUP).unwrap().raw_kind(),
        nha::GROUP,
        "an array, not a nest: no NLA_F_NESTED"
    );
    assert_eq!(n.group_type().unwrap(), Some(group_type::RES));
    let rg = n.res_group().unwrap().unwrap();
    assert_eq!(
        rg,
        ResGroup {
            buckets: Some(128),
            idle_timer: Some(120),
            unbalanced_timer: Some(0),
            unbalanced_time: None,
        }
    );
    assert_clean(Dissector::count(n.attrs(), &NHA), "nexthop group");
    let text = n.to_string();
    for needle in [
        "nhmsg family unspec",
        "NHA_GROUP 1/2,256/3,300/4,65535",
        "NHA_GROUP_TYPE resilient",
        "NHA_RES_GROUP",
        "NHA_RES_GROUP_BUCKETS 128",
        "NHA_RES_GROUP_IDLE_TIMER 120",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    // Weights outside 1..=65535 are clamped by the writer (the kernel refuses 65536).
    assert_eq!(NexthopGrp::from_member(GroupMember::new(5, 0)).weight(), 1);
    assert_eq!(
        NexthopGrp::from_member(GroupMember::new(5, 65536)).weight(),
        65535
    );
    assert_eq!(
        NexthopGrp::from_member(GroupMember::new(5, 70000)).weight(),
        65535
    );
    // Decoding is exact, even for the entry the kernel would refuse.
    let top = NexthopGrp {
        weight: 255,
        weight_high: 255,
        ..NexthopGrp::default()
    };
    assert_eq!(top.weight(), 65536);
    assert_eq!(group_type::name(group_type::MPATH), Some("mpath"));
    no_panics(&bytes);
}

#[test]
fn nexthop_truncated_group_is_a_typed_error() {
    let mut grp = NexthopGrp::from_member(GroupMember::new(1, 2))
        .as_bytes()
        .to_vec();
    grp.extend_from_slice(&[9, 0, 0, 0, 0]); // 13 bytes: one entry and a half
    let bytes = build_msg(rtm::NEWNEXTHOP, NhMsg::new(0).as_bytes(), |b| {
        b.put_u32(nha::ID, 1)?;
        b.put(nha::GROUP, &grp)?;
        b.put(nha::OIF, &[1])
    });
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    let e = n.group().unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::AttrPayload {
            kind: nha::GROUP,
            expected: "nexthop_grp array",
            needed: 16,
            got: 13
        }
    );
    assert_eq!(e.offset, 16 + 8 + 8);
    assert_eq!(payload_err_kind(n.oif().unwrap_err()), nha::OIF);
    assert_eq!(n.id().unwrap(), Some(1));
    let stats = Dissector::count(n.attrs(), &NHA);
    assert_eq!((stats.typed, stats.malformed), (1, 2));
    assert!(n.to_string().contains("NHA_GROUP !! 13 bytes"));

    // A non-empty NHA_BLACKHOLE flag is malformed too.
    let bytes = build_msg(rtm::NEWNEXTHOP, NhMsg::new(2).as_bytes(), |b| {
        b.put(nha::BLACKHOLE, &[1])
    });
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(
        payload_err_kind(n.is_blackhole().unwrap_err()),
        nha::BLACKHOLE
    );
}

#[test]
fn nexthop_reply_with_stats_buckets_and_encap() {
    // A group reply with NHA_OP_FLAGS, group statistics and hardware statistics.
    let members = [
        NexthopGrp::from_member(GroupMember::new(1, 1)),
        NexthopGrp::from_member(GroupMember::new(2, 2)),
    ];
    let bytes = build_msg(rtm::NEWNEXTHOP, NhMsg::new(0).as_bytes(), |b| {
        b.put_u32(nha::ID, 10)?;
        b.put_parts(nha::GROUP, &[members[0].as_bytes(), members[1].as_bytes()])?;
        b.put_u16(nha::GROUP_TYPE, group_type::MPATH)?;
        b.put_u32(nha::OP_FLAGS, op_flags::RESP_GRP_RESVD_0)?;
        b.nest(nha::GROUP_STATS, |b| {
            for (id, pkts) in [(1u32, 5u64), (2, 1 << 40)] {
                b.nest(group_stats::ENTRY, |b| {
                    b.put_u32(group_stats_entry::ID, id)?;
                    b.put_uint(group_stats_entry::PACKETS, pkts)?;
                    b.put_uint(group_stats_entry::PACKETS_HW, 0)
                })?;
            }
            Ok(())
        })?;
        b.put_u32(nha::HW_STATS_ENABLE, 0)?;
        b.put_u32(nha::HW_STATS_USED, 0)
    });
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(n.op_flags().unwrap(), Some(op_flags::RESP_GRP_RESVD_0));
    let stats: Vec<_> = n.group_stats().map(Result::unwrap).collect();
    assert_eq!(stats.len(), 2);
    assert_eq!(
        (stats[0].id, stats[0].packets, stats[0].packets_hw),
        (Some(1), Some(5), Some(0))
    );
    assert_eq!(stats[1].packets, Some(1 << 40));
    assert_eq!(n.hw_stats_used().unwrap(), Some(0));
    assert_clean(Dissector::count(n.attrs(), &NHA), "nexthop stats");
    let text = n.to_string();
    for needle in [
        "NHA_OP_FLAGS 0x80000000",
        "NHA_GROUP_STATS",
        "NHA_GROUP_STATS_ENTRY",
        "NHA_GROUP_STATS_ENTRY_PACKETS 1099511627776",
        "NHA_GROUP_TYPE mpath",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&bytes);

    // A bucket notification.
    let bytes = build_msg(rtm::NEWNEXTHOPBUCKET, NhMsg::new(0).as_bytes(), |b| {
        b.put_u32(nha::ID, 10)?;
        b.nest(nha::RES_BUCKET, |b| {
            b.put_u16(res_bucket::INDEX, 3)?;
            b.put_u64(res_bucket::IDLE_TIME, 77)?;
            b.put_u32(res_bucket::NH_ID, 2)
        })
    });
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    let rb = n.res_bucket().unwrap().unwrap();
    assert_eq!(
        (rb.index, rb.idle_time, rb.nh_id),
        (Some(3), Some(77), Some(2))
    );
    assert!(n.to_string().contains("NHA_RES_BUCKET_NH_ID 2"));
    assert!(n.to_string().starts_with("RTM_NEWNEXTHOPBUCKET"));

    // An MPLS encapsulation, decoded with the route module's encap types.
    let bytes = build_msg(rtm::NEWNEXTHOP, NhMsg::new(2).as_bytes(), |b| {
        b.put_u32(nha::ID, 11)?;
        b.put_u16(nha::ENCAP_TYPE, 1)?; // LWTUNNEL_ENCAP_MPLS
        b.nest(nha::ENCAP, |b| b.put_be32(1, (100 << 12) | 0x100))?; // MPLS_IPTUNNEL_DST
        b.put_u32(nha::OIF, 2)
    });
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert!(n.encap().unwrap().is_some());
    assert_clean(Dissector::count(n.attrs(), &NHA), "nexthop encap");
    let text = n.to_string();
    assert!(text.contains("NHA_ENCAP_TYPE mpls"), "{text}");
    assert!(text.contains("MPLS_IPTUNNEL_DST"), "{text}");
    no_panics(&bytes);
}

#[test]
fn nexthop_dump_get_delete_requests() {
    let bytes = build(|b| nexthop::dump_request(b, 1, &DumpFilter::default()));
    assert_eq!(bytes.len(), 24);
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETNEXTHOP, Flags::REQUEST | Flags::DUMP)
    );

    let filter = DumpFilter {
        family: family::INET,
        groups: true,
        fdb: true,
        master: Some(4),
        oif: Some(3),
        op_flags: Some(op_flags::DUMP_STATS | op_flags::DUMP_HW_STATS),
    };
    let bytes = build(|b| nexthop::dump_request(b, 2, &filter));
    let n = NexthopMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(n.family(), family::INET);
    assert!(n.groups_only().unwrap() && n.is_fdb().unwrap());
    assert_eq!((n.master().unwrap(), n.oif().unwrap()), (Some(4), Some(3)));
    assert_eq!(n.op_flags().unwrap(), Some(3));
    assert!(n.to_string().contains("NHA_GROUPS"));

    let bytes = build(|b| nexthop::get_request(b, 3, 42, op_flags::DUMP_STATS));
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETNEXTHOP, Flags::REQUEST)
    );
    let n = NexthopMsg::parse(&m).unwrap();
    assert_eq!(
        (n.id().unwrap(), n.op_flags().unwrap()),
        (Some(42), Some(1))
    );
    let bytes = build(|b| nexthop::get_request(b, 3, 42, 0));
    assert_eq!(NexthopMsg::parse(&one(&bytes)).unwrap().attrs().count(), 1);

    let bytes = build(|b| nexthop::delete_request(b, 4, 42));
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::DELNEXTHOP, Flags::REQUEST | Flags::ACK)
    );
    assert_eq!(NexthopMsg::parse(&m).unwrap().id().unwrap(), Some(42));
    assert!(
        NexthopMsg::parse(&m)
            .unwrap()
            .to_string()
            .starts_with("RTM_DELNEXTHOP flags REQUEST|ACK")
    );

    // NhGroup::parse on an empty payload is an empty group.
    let empty = build_msg(rtm::NEWNEXTHOP, NhMsg::new(0).as_bytes(), |b| {
        b.put(nha::GROUP, &[])
    });
    let n = NexthopMsg::parse(&one(&empty)).unwrap();
    let g: NhGroup<'_> = n.group().unwrap().unwrap();
    assert!(g.is_empty());
}

// ---------------------------------------------------------------------------------------
// Netconf and nsid
// ---------------------------------------------------------------------------------------

#[test]
fn netconf_requests_and_replies() {
    let bytes = build(|b| netconf::dump_request(b, 1, family::INET6));
    assert_eq!(bytes.len(), 20, "netconfmsg padded to 4, no attributes");
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETNETCONF, Flags::REQUEST | Flags::DUMP)
    );
    assert_eq!(m.payload(), [family::INET6, 0, 0, 0]);
    let n = NetconfEntryMsg::parse(&m).unwrap();
    assert_eq!(n.family(), family::INET6);
    assert_eq!(n.attrs().count(), 0);

    let bytes = build(|b| netconf::get_request(b, 2, family::INET, netconf::IFINDEX_DEFAULT));
    let n = NetconfEntryMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(n.ifindex().unwrap(), Some(netconf::IFINDEX_DEFAULT));
    assert!(n.to_string().contains("NETCONFA_IFINDEX default"));

    let reply = build_msg(
        rtm::NEWNETCONF,
        NetconfMsg::new(family::INET).as_bytes(),
        |b| {
            b.put_i32(netconfa::IFINDEX, 3)?;
            for (k, v) in [
                (netconfa::FORWARDING, 1),
                (netconfa::RP_FILTER, 2),
                (netconfa::MC_FORWARDING, 0),
                (netconfa::PROXY_NEIGH, 1),
                (netconfa::IGNORE_ROUTES_WITH_LINKDOWN, 0),
                (netconfa::INPUT, 1),
                (netconfa::BC_FORWARDING, 0),
            ] {
                b.put_i32(k, v)?;
            }
            Ok(())
        },
    );
    let n = NetconfEntryMsg::parse(&one(&reply)).unwrap();
    assert_eq!(n.ifindex().unwrap(), Some(3));
    assert_eq!(n.forwarding().unwrap(), Some(1));
    assert_eq!(n.rp_filter().unwrap(), Some(2));
    assert_eq!(n.mc_forwarding().unwrap(), Some(0));
    assert_eq!(n.proxy_neigh().unwrap(), Some(1));
    assert_eq!(n.ignore_routes_with_linkdown().unwrap(), Some(0));
    assert_eq!(n.input().unwrap(), Some(1));
    assert_eq!(n.bc_forwarding().unwrap(), Some(0));
    assert_clean(Dissector::count(n.attrs(), &NETCONFA), "netconf");
    let text = n.to_string();
    assert!(
        text.starts_with("RTM_NEWNETCONF flags MULTI seq 9 pid 4242"),
        "{text}"
    );
    assert!(text.contains("netconfmsg family inet"), "{text}");
    assert!(text.contains("NETCONFA_RP_FILTER 2"), "{text}");
    no_panics(&reply);

    // nlmsg_len = 17: the header without its padding still parses, with no attributes.
    let mut short = bytes[..17].to_vec();
    short[..4].copy_from_slice(&17u32.to_ne_bytes());
    let n = NetconfEntryMsg::parse(&Message::parse(&short).unwrap()).unwrap();
    assert_eq!((n.family(), n.attrs().count()), (family::INET, 0));

    let bad = build_msg(
        rtm::NEWNETCONF,
        NetconfMsg::new(family::INET).as_bytes(),
        |b| b.put(netconfa::FORWARDING, &[1]),
    );
    let n = NetconfEntryMsg::parse(&one(&bad)).unwrap();
    assert_eq!(
        payload_err_kind(n.forwarding().unwrap_err()),
        netconfa::FORWARDING
    );
}

#[test]
fn nsid_requests_and_replies() {
    let bytes = build(|b| nsid::get_request(b, 1, NsRef::Pid(1234), None));
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETNSID, Flags::REQUEST)
    );
    let n = NsidMsg::parse(&m).unwrap();
    assert_eq!(
        (n.family(), n.pid().unwrap(), n.fd().unwrap()),
        (0, Some(1234), None)
    );

    let bytes = build(|b| nsid::get_request(b, 2, NsRef::Fd(5), Some(3)));
    let n = NsidMsg::parse(&one(&bytes)).unwrap();
    assert_eq!(
        (n.fd().unwrap(), n.target_nsid().unwrap()),
        (Some(5), Some(3))
    );
    let bytes = build(|b| nsid::get_request(b, 2, NsRef::Nsid(4), None));
    assert_eq!(
        NsidMsg::parse(&one(&bytes)).unwrap().nsid().unwrap(),
        Some(4)
    );

    let bytes = build(|b| nsid::new_request(b, 3, nsid::NSID_NOT_ASSIGNED, NsRef::Fd(7)));
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::NEWNSID, Flags::REQUEST | Flags::ACK)
    );
    let n = NsidMsg::parse(&m).unwrap();
    assert_eq!((n.nsid().unwrap(), n.fd().unwrap()), (Some(-1), Some(7)));
    assert!(n.to_string().contains("NETNSA_NSID not-assigned"));

    let bytes = build(|b| nsid::dump_request(b, 4, None));
    assert_eq!(bytes.len(), 20);
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETNSID, Flags::REQUEST | Flags::DUMP)
    );
    let bytes = build(|b| nsid::dump_request(b, 4, Some(2)));
    assert_eq!(
        NsidMsg::parse(&one(&bytes)).unwrap().target_nsid().unwrap(),
        Some(2)
    );

    let reply = build_msg(rtm::NEWNSID, RtGenMsg::new(0).as_bytes(), |b| {
        b.put_i32(netnsa::NSID, 0)?;
        b.put_i32(netnsa::TARGET_NSID, 1)?;
        b.put_i32(netnsa::CURRENT_NSID, 2)
    });
    let n = NsidMsg::parse(&one(&reply)).unwrap();
    assert_eq!(
        (
            n.nsid().unwrap(),
            n.target_nsid().unwrap(),
            n.current_nsid().unwrap()
        ),
        (Some(0), Some(1), Some(2))
    );
    assert_clean(Dissector::count(n.attrs(), &NETNSA), "nsid");
    let text = n.to_string();
    assert!(text.contains("rtgenmsg family unspec"), "{text}");
    assert!(text.contains("NETNSA_CURRENT_NSID 2"), "{text}");
    no_panics(&reply);

    let bad = build_msg(rtm::NEWNSID, RtGenMsg::new(0).as_bytes(), |b| {
        b.put(netnsa::NSID, &[0; 8])
    });
    let n = NsidMsg::parse(&one(&bad)).unwrap();
    assert_eq!(payload_err_kind(n.nsid().unwrap_err()), netnsa::NSID);
}

// ---------------------------------------------------------------------------------------
// Traffic control
// ---------------------------------------------------------------------------------------

#[test]
fn tc_handles_print_and_parse_like_tc() {
    for (h, s) in [
        (TcHandle::new(1, 0), "1:"),
        (TcHandle::new(1, 0x10), "1:10"),
        (TcHandle::new(0, 0x10), ":10"),
        (TcHandle::new(0xffff, 0), "ffff:"),
        (TcHandle::ROOT, "root"),
        (TcHandle::INGRESS, "ingress"),
        (TcHandle::UNSPEC, "none"),
        (TcHandle::CLSACT_INGRESS, "ffff:fff2"),
        (TcHandle::CLSACT_EGRESS, "ffff:fff3"),
    ] {
        assert_eq!(h.to_string(), s);
        assert_eq!(TcHandle::parse(s), Some(h), "{s}");
    }
    assert_eq!(TcHandle::CLSACT, TcHandle::INGRESS);
    assert_eq!(TcHandle::parse("clsact"), Some(TcHandle(0xFFFF_FFF1)));
    assert_eq!(TcHandle::parse("10000"), Some(TcHandle(0x10000)));
    assert_eq!(TcHandle::parse("1:fffff"), None);
    assert_eq!(TcHandle::parse("x:1"), None);
    assert_eq!(TcHandle::parse(""), None);
    let h = TcHandle::new(0xabcd, 0x1234);
    assert_eq!((h.major(), h.minor(), h.0), (0xabcd, 0x1234, 0xabcd_1234));
    assert_eq!(tc_h::maj(h.0), 0xabcd_0000);
    assert_eq!(tc_h::min(h.0), 0x1234);
    assert_eq!(tc_h::make(0x1_0000, 0x5), 0x1_0005);
    assert_eq!(u32::from(TcHandle::from(7)), 7);
    assert_eq!(
        tc::filter_info(49152, eth_p::ALL),
        (49152 << 16) | u32::from(3u16.to_be())
    );
}

fn parse_tc(bytes: &[u8]) -> TcObjectMsg<'_> {
    TcObjectMsg::parse(&one(bytes)).unwrap()
}

#[test]
fn tc_qdiscs_with_typed_options() {
    // pfifo: a bare structure in TCA_OPTIONS.
    let hdr = TcMsg::new(2, TcHandle::new(1, 0), TcHandle::ROOT);
    let fifo = TcFifoQopt::new(100);
    let bytes = build(|b| tc::qdisc_add_request(b, 1, &hdr, "pfifo", Some(&|b| fifo.put(b))));
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::NEWQDISC);
    assert_eq!(
        m.flags(),
        Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL
    );
    let q = TcObjectMsg::parse(&m).unwrap();
    assert_eq!(
        (q.ifindex(), q.handle(), q.parent()),
        (2, TcHandle::new(1, 0), TcHandle::ROOT)
    );
    assert_eq!(q.kind().unwrap(), Some("pfifo"));
    assert_eq!(q.options_attr().unwrap().payload(), 100u32.to_ne_bytes());
    assert_eq!(
        q.options_attr().unwrap().raw_kind(),
        tca::OPTIONS,
        "no NLA_F_NESTED, as tc"
    );
    match q.typed_options().unwrap() {
        Some(TcOptions::Fifo(f)) => assert_eq!(f.limit.get(), 100),
        other => panic!("{other:?}"),
    }
    assert_clean(Dissector::count(q.attrs(), &TCA), "pfifo");
    let text = q.to_string();
    assert!(
        text.contains("tcmsg family unspec ifindex 2 handle 1: parent root info 0x0"),
        "{text}"
    );
    assert!(text.contains("TCA_KIND \"pfifo\""), "{text}");
    assert!(text.contains("TCA_OPTIONS limit 100"), "{text}");
    no_panics(&bytes);

    // tbf
    let tbf = TbfOptions::new(1_250_000, 32_000, 64_000);
    let bytes = build(|b| tc::qdisc_replace_request(b, 2, &hdr, "tbf", Some(&|b| tbf.put(b))));
    let m = one(&bytes);
    assert!(m.flags().contains(Flags::REPLACE | Flags::CREATE));
    let q = TcObjectMsg::parse(&m).unwrap();
    match q.typed_options().unwrap() {
        Some(TcOptions::Tbf(t)) => {
            assert_eq!(t, tbf);
            assert_eq!(t.rate(), Some(1_250_000));
            let p = t.parms.unwrap();
            assert_eq!(
                (p.limit.get(), p.rate.linklayer),
                (64_000, tc::linklayer::ETHERNET)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_clean(Dissector::count(q.attrs(), &TCA), "tbf");
    let text = q.to_string();
    assert!(
        text.contains("TCA_TBF_PARMS rate 1250000B/s limit 64000"),
        "{text}"
    );
    assert!(text.contains("TCA_TBF_BURST 32000"), "{text}");
    no_panics(&bytes);
    // A rate beyond 32 bits goes in RATE64.
    let fast = TbfOptions::new(10_000_000_000, 1 << 20, 1 << 20);
    assert_eq!(
        (fast.rate64, fast.parms.unwrap().rate.rate.get()),
        (Some(10_000_000_000), u32::MAX)
    );
    assert_eq!(fast.rate(), Some(10_000_000_000));

    // htb qdisc and class
    let htb_q = HtbOptions::qdisc(0x10);
    let bytes = build(|b| tc::qdisc_add_request(b, 3, &hdr, "htb", Some(&|b| htb_q.put(b))));
    let q = parse_tc(&bytes);
    match q.typed_options().unwrap() {
        Some(TcOptions::Htb(h)) => {
            let g = h.init.unwrap();
            assert_eq!(
                (g.version.get(), g.rate2quantum.get(), g.defcls.get()),
                (3, 10, 0x10)
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        q.to_string()
            .contains("TCA_HTB_INIT version 0x3 r2q 10 default 0x10")
    );
    no_panics(&bytes);

    let class = HtbOptions::class(125_000, 250_000, 1600, 1600);
    let chdr = TcMsg::new(2, TcHandle::new(1, 0x10), TcHandle::new(1, 0));
    let bytes = build(|b| tc::class_add_request(b, 4, &chdr, "htb", Some(&|b| class.put(b))));
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::NEWTCLASS);
    let c = TcObjectMsg::parse(&m).unwrap();
    assert_eq!(
        (c.handle().to_string(), c.parent().to_string()),
        ("1:10".into(), "1:".into())
    );
    match c.typed_options().unwrap() {
        Some(TcOptions::Htb(h)) => {
            assert_eq!((h.rate(), h.ceil()), (Some(125_000), Some(250_000)));
            let p = h.parms.unwrap();
            // 1600 bytes at 125 kB/s = 12.8 ms = 200,000 ticks of 64 ns.
            assert_eq!(p.buffer.get(), 200_000);
            assert_eq!(p.cbuffer.get(), 100_000);
        }
        other => panic!("{other:?}"),
    }
    assert_clean(Dissector::count(c.attrs(), &TCA), "htb class");
    assert!(
        c.to_string()
            .contains("TCA_HTB_PARMS rate 125000B/s ceil 250000B/s buffer 200000")
    );
    no_panics(&bytes);
    assert_eq!(tc::xmit_ticks(0, 1500), 0, "no division by zero");
    assert_eq!(tc::xmit_ticks(1, u32::MAX), u32::MAX, "saturates");

    // fq_codel with every option
    let fq = FqCodelOptions {
        target: Some(5000),
        limit: Some(10240),
        interval: Some(100_000),
        ecn: Some(1),
        flows: Some(1024),
        quantum: Some(1514),
        ce_threshold: Some(2000),
        drop_batch_size: Some(64),
        memory_limit: Some(32 << 20),
        ce_threshold_selector: Some(1),
        ce_threshold_mask: Some(0xff),
    };
    let bytes = build(|b| tc::qdisc_add_request(b, 5, &hdr, "fq_codel", Some(&|b| fq.put(b))));
    let q = parse_tc(&bytes);
    match q.typed_options().unwrap() {
        Some(TcOptions::FqCodel(o)) => assert_eq!(o, fq),
        other => panic!("{other:?}"),
    }
    assert_clean(Dissector::count(q.attrs(), &TCA), "fq_codel");
    assert!(q.to_string().contains("TCA_FQ_CODEL_MEMORY_LIMIT 33554432"));
    no_panics(&bytes);

    // ingress and clsact: no options at all, or an empty nest as the kernel dumps them.
    for kind in ["ingress", "clsact"] {
        let h = TcMsg::new(2, TcHandle::new(0xffff, 0), TcHandle::INGRESS);
        let bytes = build(|b| tc::qdisc_add_request(b, 6, &h, kind, None));
        let q = parse_tc(&bytes);
        assert_eq!(q.kind().unwrap(), Some(kind));
        assert!(q.typed_options().unwrap().is_none());
        assert!(q.to_string().contains("handle ffff: parent ingress"));
        let bytes = build(|b| tc::qdisc_add_request(b, 6, &h, kind, Some(&|_| Ok(()))));
        let q = parse_tc(&bytes);
        assert!(matches!(
            q.typed_options().unwrap(),
            Some(TcOptions::Ingress | TcOptions::Clsact)
        ));
        assert_clean(Dissector::count(q.attrs(), &TCA), kind);
    }

    // delete
    let bytes = build(|b| tc::qdisc_delete_request(b, 7, &hdr));
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::DELQDISC, Flags::REQUEST | Flags::ACK)
    );
    assert_eq!(TcObjectMsg::parse(&m).unwrap().attrs().count(), 0);
    let bytes = build(|b| tc::class_delete_request(b, 8, &chdr));
    assert_eq!(one(&bytes).message_type(), rtm::DELTCLASS);
}

#[test]
fn tc_filters_with_typed_options() {
    // u32: match ip dst 10.0.0.0/8, classid 1:10
    let hdr = TcMsg::filter(2, 0x800, TcHandle::new(1, 0), 10, eth_p::IP);
    assert_eq!(hdr.info.get(), (10 << 16) | u32::from(0x0800u16.to_be()));
    let sel = TcU32SelHdr {
        flags: 1, // TC_U32_TERMINAL
        ..TcU32SelHdr::default()
    };
    let keys = [TcU32Key {
        mask: 0xff00_0000.into(),
        val: 0x0a00_0000.into(),
        off: 16.into(),
        offmask: 0.into(),
    }];
    let u32_opts = |b: &mut Builder<'_, SliceBuf<'_>>| {
        b.put_u32(cls_u32::CLASSID, TcHandle::new(1, 0x10).0)?;
        tc::put_u32_sel(b, &sel, &keys)?;
        b.put_str(cls_u32::INDEV, "eth0")?;
        b.put_u32(cls_u32::FLAGS, tc::cls_flags::SKIP_HW)
    };
    let bytes = build(|b| tc::filter_add_request(b, 1, &hdr, "u32", Some(&u32_opts)));
    let m = one(&bytes);
    assert_eq!(m.message_type(), rtm::NEWTFILTER);
    let f = TcObjectMsg::parse(&m).unwrap();
    assert!(f.is_filter());
    assert_eq!(
        (f.priority(), f.protocol(), f.handle().0),
        (10, eth_p::IP, 0x800)
    );
    let Some(TcOptions::U32(u)) = f.typed_options().unwrap() else {
        panic!("u32")
    };
    assert_eq!(u.classid().unwrap(), Some(0x10010));
    assert_eq!(u.indev().unwrap(), Some("eth0"));
    assert_eq!(u.flags().unwrap(), Some(tc::cls_flags::SKIP_HW));
    let s = u.sel().unwrap().unwrap();
    assert_eq!((s.header().nkeys, s.header().flags), (1, 1));
    assert_eq!(s.keys(), keys);
    assert_eq!(
        (u.hash().unwrap(), u.mark().unwrap(), u.act().unwrap()),
        (None, None, None)
    );
    assert_clean(Dissector::count(f.attrs(), &TCA), "u32");
    let text = f.to_string();
    for needle in [
        "RTM_NEWTFILTER flags REQUEST|ACK|EXCL|CREATE",
        "handle :800 parent 1: prio 10 protocol 0x0800",
        "TCA_U32_CLASSID 1:10",
        "TCA_U32_SEL flags 0x1 nkeys 1",
        "match 0a000000/ff000000 at 16",
        "TCA_U32_FLAGS 0x1",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&bytes);

    // u32 selector claiming more keys than it carries.
    let mut short_sel = sel;
    short_sel.nkeys = 2;
    let bad = build_msg(rtm::NEWTFILTER, hdr.as_bytes(), |b| {
        b.put_str(tca::KIND, "u32")?;
        b.nest_noflag(tca::OPTIONS, |b| {
            b.put_parts(cls_u32::SEL, &[short_sel.as_bytes(), keys.as_bytes()])
        })
    });
    let f = parse_tc(&bad);
    let Some(TcOptions::U32(u)) = f.typed_options().unwrap() else {
        panic!("u32")
    };
    let e = u.sel().unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::AttrPayload {
            kind: cls_u32::SEL,
            expected: "tc_u32_sel with nkeys keys",
            needed: 48,
            got: 32
        }
    );
    assert_eq!(Dissector::count(f.attrs(), &TCA).malformed, 1);

    // flower: the common keys.
    let fhdr = TcMsg::filter(2, 1, TcHandle::CLSACT_INGRESS, 1, eth_p::IP);
    let flower = |b: &mut Builder<'_, SliceBuf<'_>>| {
        b.put_u32(cls_flower::CLASSID, TcHandle::new(1, 1).0)?;
        b.put_str(cls_flower::INDEV, "eth0")?;
        b.put_mac(cls_flower::KEY_ETH_DST, [2, 0, 0, 0, 0, 1])?;
        b.put_mac(cls_flower::KEY_ETH_DST_MASK, [0xff; 6])?;
        b.put_mac(cls_flower::KEY_ETH_SRC, [2, 0, 0, 0, 0, 2])?;
        b.put_mac(cls_flower::KEY_ETH_SRC_MASK, [0xff; 6])?;
        b.put_be16(cls_flower::KEY_ETH_TYPE, eth_p::IP)?;
        b.put_u8(cls_flower::KEY_IP_PROTO, 6)?;
        b.put_ipv4(cls_flower::KEY_IPV4_SRC, Ipv4Addr::new(10, 0, 0, 1))?;
        b.put_ipv4(
            cls_flower::KEY_IPV4_SRC_MASK,
            Ipv4Addr::new(255, 255, 255, 255),
        )?;
        b.put_ipv4(cls_flower::KEY_IPV4_DST, Ipv4Addr::new(10, 0, 0, 0))?;
        b.put_ipv4(cls_flower::KEY_IPV4_DST_MASK, Ipv4Addr::new(255, 0, 0, 0))?;
        b.put_be16(cls_flower::KEY_TCP_DST, 443)?;
        b.put_be16(cls_flower::KEY_TCP_DST_MASK, 0xffff)?;
        b.put_u16(cls_flower::KEY_VLAN_ID, 100)?;
        b.put_u8(cls_flower::KEY_VLAN_PRIO, 3)?;
        b.put_u32(cls_flower::FLAGS, tc::cls_flags::SKIP_HW)?;
        b.put_u32(cls_flower::KEY_MPLS_LABEL, 1000)?;
        b.nest(cls_flower::KEY_ENC_OPTS, |b| {
            b.nest(tc::flower_enc_opts::GENEVE, |b| {
                b.put_be16(tc::geneve_opt::CLASS, 0x0102)?;
                b.put_u8(tc::geneve_opt::TYPE, 0x80)?;
                b.put(tc::geneve_opt::DATA, &[1, 2, 3, 4])
            })
        })?;
        b.nest(cls_flower::KEY_MPLS_OPTS, |b| {
            b.nest(tc::flower_mpls_opts::LSE, |b| {
                b.put_u8(tc::mpls_lse::DEPTH, 1)?;
                b.put_u32(tc::mpls_lse::LABEL, 16)
            })
        })?;
        b.nest(cls_flower::KEY_CFM, |b| b.put_u8(tc::flower_cfm::OPCODE, 1))?;
        b.put_be32(cls_flower::KEY_ENC_FLAGS, 1 << 2)?;
        b.nest_array(cls_flower::ACT, 1, |b, _| {
            b.put_str(tca_act::KIND, "gact")?;
            b.nest(tca_act::OPTIONS, |b| b.put(2, &[0; 20]))?;
            b.nest(tca_act::STATS, |b| {
                b.put(tca_stats::BASIC, &[0; 16])?;
                b.put_u64(tca_stats::PKT64, 0)
            })
        })
    };
    let bytes = build(|b| tc::filter_add_request(b, 2, &fhdr, "flower", Some(&flower)));
    let f = parse_tc(&bytes);
    assert_eq!(f.parent(), TcHandle::CLSACT_INGRESS);
    let Some(TcOptions::Flower(o)) = f.typed_options().unwrap() else {
        panic!("flower")
    };
    let o: FlowerOptions<'_> = o;
    assert_eq!(o.classid().unwrap(), Some(0x10001));
    assert_eq!(o.indev().unwrap(), Some("eth0"));
    assert_eq!(o.eth_dst().unwrap(), Some([2, 0, 0, 0, 0, 1]));
    assert_eq!(o.eth_dst_mask().unwrap(), Some([0xff; 6]));
    assert_eq!(o.eth_src().unwrap(), Some([2, 0, 0, 0, 0, 2]));
    assert_eq!(o.eth_src_mask().unwrap(), Some([0xff; 6]));
    assert_eq!(o.eth_type().unwrap(), Some(eth_p::IP));
    assert_eq!(o.ip_proto().unwrap(), Some(6));
    assert_eq!(o.ipv4_src().unwrap(), Some(Ipv4Addr::new(10, 0, 0, 1)));
    assert_eq!(o.ipv4_src_mask().unwrap(), Some(Ipv4Addr::BROADCAST));
    assert_eq!(o.ipv4_dst().unwrap(), Some(Ipv4Addr::new(10, 0, 0, 0)));
    assert_eq!(
        o.ipv4_dst_mask().unwrap(),
        Some(Ipv4Addr::new(255, 0, 0, 0))
    );
    assert_eq!((o.ipv6_src().unwrap(), o.ipv6_dst().unwrap()), (None, None));
    assert_eq!(
        (o.tcp_dst().unwrap(), o.tcp_dst_mask().unwrap()),
        (Some(443), Some(0xffff))
    );
    assert_eq!(
        (
            o.tcp_src().unwrap(),
            o.udp_src().unwrap(),
            o.udp_dst().unwrap()
        ),
        (None, None, None)
    );
    assert_eq!(
        (o.vlan_id().unwrap(), o.vlan_prio().unwrap()),
        (Some(100), Some(3))
    );
    assert_eq!(o.flags().unwrap(), Some(1));
    assert!(o.act().unwrap().is_some());
    assert_eq!(
        o.attr(cls_flower::KEY_MPLS_LABEL)
            .unwrap()
            .unwrap()
            .u32()
            .unwrap(),
        1000
    );
    assert_clean(Dissector::count(f.attrs(), &TCA), "flower");
    let text = f.to_string();
    for needle in [
        "parent ffff:fff2 prio 1 protocol 0x0800",
        "TCA_FLOWER_CLASSID 1:1",
        "TCA_FLOWER_KEY_ETH_DST 02:00:00:00:00:01",
        "TCA_FLOWER_KEY_ETH_TYPE 0x0800",
        "TCA_FLOWER_KEY_IPV4_DST 10.0.0.0",
        "TCA_FLOWER_KEY_TCP_DST 443",
        "TCA_FLOWER_KEY_VLAN_ID 100",
        "TCA_FLOWER_KEY_ENC_OPT_GENEVE_CLASS 0x0102",
        "TCA_FLOWER_KEY_MPLS_OPT_LSE_LABEL 16",
        "TCA_FLOWER_KEY_CFM_OPCODE 1",
        "TCA_FLOWER_KEY_ENC_FLAGS 0x4",
        "TCA_ACT_KIND \"gact\"",
        "TCA_STATS_BASIC bytes 0 packets 0",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&bytes);

    // matchall and bpf
    let mhdr = TcMsg::filter(2, 0, TcHandle::CLSACT_EGRESS, 49152, eth_p::ALL);
    let matchall = |b: &mut Builder<'_, SliceBuf<'_>>| {
        b.put_u32(cls_matchall::CLASSID, 0x10002)?;
        b.put_u32(cls_matchall::FLAGS, tc::cls_flags::SKIP_HW)?;
        b.put_u64(cls_matchall::PCNT, 42)
    };
    let bytes = build(|b| tc::filter_add_request(b, 3, &mhdr, "matchall", Some(&matchall)));
    let f = parse_tc(&bytes);
    assert_eq!((f.priority(), f.protocol()), (49152, eth_p::ALL));
    let Some(TcOptions::Matchall(o)) = f.typed_options().unwrap() else {
        panic!("matchall")
    };
    assert_eq!(
        (o.classid().unwrap(), o.flags().unwrap(), o.hits().unwrap()),
        (Some(0x10002), Some(1), Some(42))
    );
    assert_eq!(o.act().unwrap(), None);
    assert_clean(Dissector::count(f.attrs(), &TCA), "matchall");
    no_panics(&bytes);

    let bpf = |b: &mut Builder<'_, SliceBuf<'_>>| {
        b.put_u32(cls_bpf::FD, 5)?;
        b.put_str(cls_bpf::NAME, "prog")?;
        b.put_u32(cls_bpf::FLAGS, tc::TCA_BPF_FLAG_ACT_DIRECT)?;
        b.put_u32(cls_bpf::FLAGS_GEN, 0)?;
        b.put(cls_bpf::TAG, &[1, 2, 3, 4, 5, 6, 7, 8])?;
        b.put_u32(cls_bpf::ID, 77)?;
        b.put_u16(cls_bpf::OPS_LEN, 1)?;
        b.put(cls_bpf::OPS, &[6, 0, 0, 0, 0xff, 0xff, 0xff, 0xff])?;
        b.put_u32(cls_bpf::CLASSID, 1)
    };
    let bytes = build(|b| tc::filter_add_request(b, 4, &mhdr, "bpf", Some(&bpf)));
    let f = parse_tc(&bytes);
    let Some(TcOptions::Bpf(o)) = f.typed_options().unwrap() else {
        panic!("bpf")
    };
    assert_eq!(
        (o.fd().unwrap(), o.name().unwrap(), o.flags().unwrap()),
        (Some(5), Some("prog"), Some(1))
    );
    assert_eq!(
        (
            o.flags_gen().unwrap(),
            o.id().unwrap(),
            o.ops_len().unwrap()
        ),
        (Some(0), Some(77), Some(1))
    );
    assert_eq!(o.tag().unwrap(), Some(&[1, 2, 3, 4, 5, 6, 7, 8][..]));
    assert_eq!(o.ops().unwrap().map(<[u8]>::len), Some(8));
    assert_eq!(o.classid().unwrap(), Some(1));
    assert_clean(Dissector::count(f.attrs(), &TCA), "bpf");
    assert!(f.to_string().contains("TCA_BPF_NAME \"prog\""));
    no_panics(&bytes);

    let bytes = build(|b| tc::filter_delete_request(b, 5, &mhdr));
    assert_eq!(one(&bytes).message_type(), rtm::DELTFILTER);
}

#[test]
fn tc_stats_decode_from_a_kernel_style_reply() {
    let hdr = TcMsg {
        info: 2.into(), // refcount
        ..TcMsg::new(3, TcHandle::new(0x8001, 0), TcHandle::ROOT)
    };
    let basic = GnetStatsBasic {
        bytes: 123_456.into(),
        packets: 789.into(),
    };
    let queue = GnetStatsQueue {
        qlen: 1.into(),
        backlog: 1500.into(),
        drops: 17.into(),
        requeues: 2.into(),
        overlimits: 3.into(),
    };
    let legacy = TcStats {
        bytes: 123_456.into(),
        packets: 789.into(),
        drops: 17.into(),
        ..TcStats::default()
    };
    let rate = GnetStatsRateEst {
        bps: 1000.into(),
        pps: 10.into(),
    };
    let reply = build_msg(rtm::NEWQDISC, hdr.as_bytes(), |b| {
        b.put_str(tca::KIND, "fq_codel")?;
        b.nest_noflag(tca::OPTIONS, |b| b.put_u32(tc::fq_codel::LIMIT, 10240))?;
        b.put_u8(tca::HW_OFFLOAD, 0)?;
        b.nest_noflag(tca::STATS2, |b| {
            // 64-bit kernels pad gnet_stats_basic to 16 bytes.
            b.put_parts(tca_stats::BASIC, &[basic.as_bytes(), &[0; 4]])?;
            b.put_struct(tca_stats::RATE_EST, &rate)?;
            b.put_struct(tca_stats::QUEUE, &queue)?;
            b.put(tca_stats::APP, &[0; 40])?;
            b.put_u64(tca_stats::PKT64, 5_000_000_000)
        })?;
        b.put_parts(tca::STATS, &[legacy.as_bytes(), &[0; 4]])?;
        b.put(tca::XSTATS, &[0; 40])
    });
    let q = parse_tc(&reply);
    assert_eq!(q.info(), 2);
    assert!(!q.is_filter());
    assert_eq!(q.hw_offload().unwrap(), Some(0));
    assert_eq!(
        q.basic_stats().unwrap(),
        Some(BasicStats {
            bytes: 123_456,
            packets: 5_000_000_000
        }),
        "PKT64 wins over the 32-bit count"
    );
    let qs = q.queue_stats().unwrap().unwrap();
    assert_eq!(
        (qs.drops.get(), qs.requeues.get(), qs.backlog.get()),
        (17, 2, 1500)
    );
    assert_eq!(q.drops().unwrap(), Some(17));
    assert_eq!(q.rate_est().unwrap(), Some((1000, 10)));
    assert_eq!(q.stats().unwrap().unwrap().drops.get(), 17);
    assert_clean(Dissector::count(q.attrs(), &TCA), "qdisc reply");
    let text = q.to_string();
    for needle in [
        "RTM_NEWQDISC flags MULTI seq 9 pid 4242",
        "tcmsg family unspec ifindex 3 handle 8001: parent root info 0x2",
        "TCA_STATS2",
        "TCA_STATS_BASIC bytes 123456 packets 789",
        "TCA_STATS_QUEUE qlen 1 backlog 1500 drops 17 requeues 2 overlimits 3",
        "TCA_STATS_RATE_EST bps 1000 pps 10",
        "TCA_STATS_PKT64 5000000000",
        "TCA_STATS bytes 123456 packets 789 drops 17",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    no_panics(&reply);

    // Only the legacy block: the accessors fall back to it.
    let reply = build_msg(rtm::NEWQDISC, hdr.as_bytes(), |b| {
        b.put_str(tca::KIND, "noqueue")?;
        b.put_struct(tca::STATS, &legacy)
    });
    let q = parse_tc(&reply);
    assert_eq!(
        q.basic_stats().unwrap(),
        Some(BasicStats {
            bytes: 123_456,
            packets: 789
        })
    );
    assert_eq!(q.drops().unwrap(), Some(17));
    assert_eq!(q.rate_est().unwrap(), None);
    assert!(q.typed_options().unwrap().is_none());

    // Truncated statistics are typed errors naming the attribute.
    let reply = build_msg(rtm::NEWQDISC, hdr.as_bytes(), |b| {
        b.put_str(tca::KIND, "pfifo")?;
        b.put(tca::OPTIONS, &[1, 0])?;
        b.nest_noflag(tca::STATS2, |b| {
            b.put(tca_stats::BASIC, &[0; 8])?;
            b.put(tca_stats::QUEUE, &[0; 19])
        })
    });
    let q = parse_tc(&reply);
    assert_eq!(
        payload_err_kind(q.basic_stats().unwrap_err()),
        tca_stats::BASIC
    );
    assert_eq!(
        payload_err_kind(q.queue_stats().unwrap_err()),
        tca_stats::QUEUE
    );
    assert_eq!(
        payload_err_kind(q.typed_options().unwrap_err()),
        tca::OPTIONS
    );
    assert_eq!(Dissector::count(q.attrs(), &TCA).malformed, 3);
    // An unknown qdisc kind keeps its options raw and understood.
    let reply = build_msg(rtm::NEWQDISC, hdr.as_bytes(), |b| {
        b.put_str(tca::KIND, "cake")?;
        b.nest_noflag(tca::OPTIONS, |b| b.put_u32(1, 5))
    });
    let q = parse_tc(&reply);
    assert!(matches!(
        q.typed_options().unwrap(),
        Some(TcOptions::Other("cake", _))
    ));
    assert_clean(Dissector::count(q.attrs(), &TCA), "unknown kind");
    assert!(tc::options_value("cake").is_none());
    assert!(matches!(tc::options_value("htb"), Some(Value::Nested(_))));
}

#[test]
fn tc_dump_requests() {
    let bytes = build(|b| tc::dump_qdiscs_request(b, 1, 0));
    assert_eq!(bytes.len(), 36);
    let m = one(&bytes);
    assert_eq!(
        (m.message_type(), m.flags()),
        (rtm::GETQDISC, Flags::REQUEST | Flags::DUMP)
    );
    let bytes = build(|b| tc::dump_classes_request(b, 2, 4, TcHandle::UNSPEC));
    let c = parse_tc(&bytes);
    assert_eq!(
        (c.message().message_type(), c.ifindex()),
        (rtm::GETTCLASS, 4)
    );
    let bytes = build(|b| tc::dump_filters_request(b, 3, 4, TcHandle::CLSACT_INGRESS));
    let f = parse_tc(&bytes);
    assert_eq!(
        (f.message().message_type(), f.parent()),
        (rtm::GETTFILTER, TcHandle::CLSACT_INGRESS)
    );
    assert!(f.is_filter());
    // A raw request with TCA_DUMP_FLAGS and TCA_CHAIN through the generic writer.
    let mut storage = [0u8; 128];
    let mut buf = SliceBuf::new(&mut storage);
    let mut b = tc::message(
        &mut buf,
        rtm::GETTFILTER,
        Flags::REQUEST | Flags::DUMP,
        9,
        &TcMsg::new(4, TcHandle::UNSPEC, TcHandle::ROOT),
    )
    .unwrap();
    b.put_u32(tca::CHAIN, 0).unwrap();
    b.put_struct(
        tca::DUMP_FLAGS,
        &tc::NlaBitfield32 {
            value: tc::TCA_DUMP_FLAGS_TERSE.into(),
            selector: tc::TCA_DUMP_FLAGS_TERSE.into(),
        },
    )
    .unwrap();
    b.finish();
    let written = buf.into_written();
    let f = parse_tc(written);
    assert_eq!(f.chain().unwrap(), Some(0));
    assert_clean(Dissector::count(f.attrs(), &TCA), "dump flags");
    assert!(
        f.to_string()
            .contains("TCA_DUMP_FLAGS value 0x1 selector 0x1")
    );
}

#[test]
fn writers_fail_cleanly_when_the_buffer_is_small() {
    let spec = full_rule_spec();
    let full = build(|b| rule::add_request(b, 1, &spec));
    for cap in 0..full.len() {
        let mut storage = vec![0u8; cap];
        let mut buf = SliceBuf::new(&mut storage);
        assert!(rule::add_request(&mut buf, 1, &spec).is_err(), "cap {cap}");
    }
    let members: Vec<_> = (0..9000).map(|i| GroupMember::new(i, 1)).collect();
    let spec = NexthopSpec {
        group: &members,
        ..NexthopSpec::default()
    };
    let mut storage = vec![0u8; 1 << 17];
    let mut buf = SliceBuf::new(&mut storage);
    assert!(matches!(
        nexthop::add_request(&mut buf, 1, &spec),
        Err(EncodeError::AttrTooLong { .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Replies of the running Linux 6.18.44 kernel to this crate's own writers
// ---------------------------------------------------------------------------------------
//
// Captured once in a throw-away network namespace (`unshare -n`, one veth pair `d0`/`d1`,
// d0 = ifindex 3, 10.1.0.1/24) by sending the requests the writers above build; the
// kernel accepted every one of them. The kernel has no fq_codel, flower or matchall built
// in, so those kinds are covered by constructed bytes only.

/// RTM_GETNEXTHOP dump with NHA_OP_FLAG_DUMP_STATS: gateways 1-3 (3 replaced), blackhole 4, group 10 (weights 1/300/65535), resilient group 11.
const NH_DUMP_STATS: &str = "\
    3000000068000200740000008810000002fd04000000000008000100010000000800050003000000080006000a010002\
    3000000068000200740000008810000002fd04000000000008000100020000000800050003000000080006000a010003\
    3000000068000200740000008810000002fd04000000000008000100030000000800050003000000080006000a010005\
    240000006800020074000000881000000200000000000000080001000400000004000400940000006800020074000000\
    881000000000000000000000080001000a00000006000300000000001c0002000100000000000000020000002b010000\
    03000000feff0000080010000000000040000f8014000180080001000100000008000200000000001400018008000100\
    020000000800020000000000140001800800010003000000080002000000000008000e0000000080a000000068000200\
    74000000881000000000000000000000080001000b000000060003000100000014000200010000000000000002000000\
    2b01000028000c800600010020000000080002006400000008000300000000000c000400000000000000000008001000\
    000000002c000f8014000180080001000100000008000200000000001400018008000100020000000800020000000000\
    08000e0000000080";

/// RTM_GETQDISC dump: htb 1: (default 0x10) and clsact ffff: on the veth, noqueue on lo and the peer.
const QDISC_DUMP: &str = "\
    94000000240002009e00000088100000000000000100000000000000ffffffff020000000c0001006e6f717565756500\
    05000c000000000030000700140001000000000000000000000000000000000018000300000000000000000000000000\
    00000000000000002c000300000000000000000000000000000000000000000000000000000000000000000000000000\
    0000000094000000240002009e00000088100000000000000200000000000000ffffffff020000000c0001006e6f7175\
    6575650005000c0000000000300007001400010000000000000000000000000000000000180003000000000000000000\
    0000000000000000000000002c0003000000000000000000000000000000000000000000000000000000000000000000\
    0000000000000000b4000000240002009e00000088100000000000000300000000000100ffffffff0300000008000100\
    687462002400020018000200110003000a00000010000000000000000000000008000500e803000005000c0000000000\
    300007001400010000000000000000000000000000000000180003000000000000000000000000000000000000000000\
    2c0003000000000000000000000000000000000000000000000000000000000000000000000000000000000098000000\
    240002009e0000008810000000000000030000000000fffff1ffffff010000000b000100636c73616374000004000200\
    05000c000000000030000700140001000000000000000000000000000000000018000300000000000000000000000000\
    00000000000000002c000300000000000000000000000000000000000000000000000000000000000000000000000000\
    00000000";

/// RTM_GETTCLASS dump: htb classes 1:10 (1 Mbit/2 Mbit) and 1:20 (80 Gbit, 64-bit rates).
const CLASS_DUMP: &str = "\
    ec000000280002009400000088100000000000000300000010000100ffffffff00000000080001006874620034000200\
    30000100000100000000000048e80100000100000000000090d00300400d0300a0860100d43000000000000000000000\
    480007001400010000000000000000000000000000000000180003000000000000000000000000000000000000000000\
    18000400000000000000000000000000400d0300a08601002c0003000000000000000000000000000000000000000000\
    000000000000000000000000000000000000000018000400000000000000000000000000400d0300a086010004010000\
    280002009400000088100000000000000300000020000100ffffffff0000000008000100687462004c00020030000100\
    0001000000000000ffffffff0001000000000000ffffffff6606000066060000400d030000000000000000000c000600\
    00e40b54020000000c00070000e40b540200000048000700140001000000000000000000000000000000000018000300\
    00000000000000000000000000000000000000001800040000000000000000000000000066060000660600002c000300\
    000000000000000000000000000000000000000000000000000000000000000000000000000000001800040000000000\
    00000000000000006606000066060000";

/// RTM_GETTFILTER dump under 1:: a u32 filter matching 10.0.0.0/8, classid 1:10.
const FILTER_DUMP_HTB: &str = "\
    340000002c00020096000000881000000000000003000000000000000000010008000a00080001007533320008000b00\
    00000000400000002c00020096000000881000000000000003000000000000800000010008000a000800010075333200\
    08000b00000000000c0002000800040001000000740000002c0002009600000088100000000000000300000000080080\
    0000010008000a00080001007533320008000b0000000000400002002400050001000100000000000000000000000000\
    ff0000000a00000010000000000000000800020000000080080001001000010008000b0008000000";

/// RTM_GETTFILTER dump under ffff:fff3: a classic-BPF cls_bpf filter, classid 1:3.
const FILTER_DUMP_CLSACT: &str = "\
    340000002c0002009d00000088100000000000000300000000000000f3ffffff00036400080001006270660008000b00\
    000000005c0000002c0002009d00000088100000000000000300000001000000f3ffffff000364000800010062706600\
    08000b000000000028000200080003000300010006000400010000000c00050006000000ffffffff0800090009000000";

/// RTM_GETNETCONF dump, AF_UNSPEC: inet and inet6 for lo, the veth pair, all and default.
const NETCONF_DUMP: &str = "\
    4c0000005000020080000000881000000200000008000100010000000800020000000000080003000000000008000400\
    000000000800080000000000080005000000000008000600000000004c00000050000200800000008810000002000000\
    080001000200000008000200000000000800030000000000080004000000000008000800000000000800050000000000\
    08000600000000004c000000500002008000000088100000020000000800010003000000080002000000000008000300\
    0000000008000400000000000800080000000000080005000000000008000600000000004c0000005000020080000000\
    881000000200000008000100ffffffff0800020000000000080003000000000008000400000000000800080000000000\
    080005000000000008000600000000004c0000005000020080000000881000000200000008000100feffffff08000200\
    00000000080003000000000008000400000000000800080000000000080005000000000008000600000000003c000000\
    5000020080000000881000000a0000000800010001000000080002000000000008000400000000000800050000000000\
    08000600000000003c0000005000020080000000881000000a0000000800010002000000080002000000000008000400\
    00000000080005000000000008000600000000003c0000005000020080000000881000000a0000000800010003000000\
    08000200000000000800040000000000080005000000000008000600000000003c000000500002008000000088100000\
    0a00000008000100ffffffff08000200000000000800040000000000080005000000000008000600000000003c000000\
    5000020080000000881000000a00000008000100feffffff080002000000000008000400000000000800050000000000\
    0800060000000000";

/// RTM_GETNSID dump: one peer namespace with id 7.
const NSID_DUMP: &str = "\
    1c000000580002008800000088100000000000000800010007000000";

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Re-emits `attrs` through the builder: into the nests `set` describes (keeping the
/// wire's type bits), raw payloads otherwise.
fn reemit_attrs(b: &mut Builder<'_, SliceBuf<'_>>, attrs: nlwire_codec::Attrs<'_>, set: &AttrSet) {
    for a in attrs {
        let a = a.unwrap();
        let inner = set.get(a.kind()).and_then(|d| match d.value {
            Value::Nested(inner) => Some(inner),
            _ => None,
        });
        match inner {
            Some(inner) if !a.is_empty() => b
                .nest_noflag(a.raw_kind(), |b| {
                    reemit_attrs(b, a.nested(), inner);
                    Ok(())
                })
                .unwrap(),
            _ => b.put(a.raw_kind(), a.payload()).unwrap(),
        }
    }
}

/// Parses every message of a sample with `view`, checks it is fully understood and
/// re-emits byte for byte, and returns the messages' texts.
fn sample(
    hex: &str,
    header_len: usize,
    set: &AttrSet,
    mut attrs: impl FnMut(&Message<'_>) -> String,
) -> Vec<String> {
    let bytes = unhex(hex);
    let mut texts = Vec::new();
    let mut rebuilt = Vec::new();
    for m in Messages::new(&bytes) {
        let m = m.unwrap();
        texts.push(attrs(&m));
        let mut storage = vec![0u8; 4096];
        let mut buf = SliceBuf::new(&mut storage);
        let h = m.header();
        let mut b =
            Builder::message(&mut buf, h.message_type(), h.flags(), h.seq(), h.pid()).unwrap();
        b.put_bytes(&m.payload()[..header_len]).unwrap();
        reemit_attrs(&mut b, m.attrs(header_len).unwrap(), set);
        let n = b.finish();
        assert_eq!(&storage[..n], m.bytes(), "re-emission at {}", m.offset());
        rebuilt.extend_from_slice(&storage[..n]);
        while rebuilt.len() % 4 != 0 {
            rebuilt.push(0);
        }
        no_panics(m.bytes());
    }
    assert_eq!(rebuilt, bytes);
    texts
}

#[test]
fn kernel_nexthop_dump_with_stats() {
    let mut ids = Vec::new();
    let texts = sample(NH_DUMP_STATS, NhMsg::LEN, &NHA, |m| {
        let n = NexthopMsg::parse(m).unwrap();
        assert_clean(Dissector::count(n.attrs(), &NHA), "kernel nexthop");
        let id = n.id().unwrap().unwrap();
        ids.push(id);
        match id {
            1..=3 => {
                assert_eq!(n.family(), family::INET);
                assert_eq!((n.oif().unwrap(), n.protocol()), (Some(3), 4));
                assert!(matches!(n.gateway().unwrap(), Some(IpAddr::V4(_))));
                assert_eq!(n.scope(), 253, "RT_SCOPE_LINK");
            }
            4 => assert!(n.is_blackhole().unwrap()),
            10 => {
                let g: Vec<_> = n.group().unwrap().unwrap().iter().collect();
                assert_eq!(
                    g,
                    [
                        GroupMember::new(1, 1),
                        GroupMember::new(2, 300),
                        GroupMember::new(3, 65535)
                    ]
                );
                assert_eq!(n.group_type().unwrap(), Some(group_type::MPATH));
                assert_eq!(n.op_flags().unwrap(), Some(op_flags::RESP_GRP_RESVD_0));
                let stats: Vec<_> = n.group_stats().map(Result::unwrap).collect();
                assert_eq!(
                    stats.iter().map(|s| s.id).collect::<Vec<_>>(),
                    [Some(1), Some(2), Some(3)]
                );
                assert!(stats.iter().all(|s| s.packets == Some(0)));
                assert_eq!(n.hw_stats_enable().unwrap(), Some(0));
            }
            11 => {
                assert_eq!(n.group_type().unwrap(), Some(group_type::RES));
                let rg = n.res_group().unwrap().unwrap();
                assert_eq!(
                    (rg.buckets, rg.idle_timer, rg.unbalanced_timer),
                    (Some(32), Some(100), Some(0))
                );
                assert!(rg.unbalanced_time.is_some());
            }
            other => panic!("nexthop {other}"),
        }
        n.to_string()
    });
    assert_eq!(ids, [1, 2, 3, 4, 10, 11]);
    assert!(
        texts[0].contains("nhmsg family inet scope link protocol static"),
        "{}",
        texts[0]
    );
    assert!(
        texts[4].contains("NHA_GROUP 1/2,300/3,65535"),
        "{}",
        texts[4]
    );
    assert!(
        texts[5].contains("NHA_RES_GROUP_UNBALANCED_TIME"),
        "{}",
        texts[5]
    );
}

#[test]
fn kernel_tc_dumps() {
    let mut kinds = Vec::new();
    sample(QDISC_DUMP, TcMsg::LEN, &TCA, |m| {
        let q = TcObjectMsg::parse(m).unwrap();
        assert_clean(Dissector::count(q.attrs(), &TCA), "kernel qdisc");
        let kind = q.kind().unwrap().unwrap().to_string();
        assert!(q.basic_stats().unwrap().is_some() && q.queue_stats().unwrap().is_some());
        match (kind.as_str(), q.typed_options().unwrap()) {
            ("htb", Some(TcOptions::Htb(h))) => {
                assert_eq!(q.handle(), TcHandle::new(1, 0));
                assert_eq!(q.parent(), TcHandle::ROOT);
                let g = h.init.unwrap();
                assert_eq!((g.version.get() >> 16, g.defcls.get()), (3, 0x10));
                assert!(h.direct_qlen.is_some());
            }
            ("clsact", Some(TcOptions::Clsact)) => {
                assert_eq!(
                    (q.handle(), q.parent()),
                    (TcHandle::new(0xffff, 0), TcHandle::INGRESS)
                );
            }
            ("noqueue", None) => {}
            other => panic!("{other:?}"),
        }
        kinds.push(kind);
        q.to_string()
    });
    assert!(
        kinds.contains(&"htb".to_string()) && kinds.contains(&"clsact".to_string()),
        "{kinds:?}"
    );

    let mut rates = Vec::new();
    sample(CLASS_DUMP, TcMsg::LEN, &TCA, |m| {
        let c = TcObjectMsg::parse(m).unwrap();
        assert_clean(Dissector::count(c.attrs(), &TCA), "kernel class");
        let Some(TcOptions::Htb(h)) = c.typed_options().unwrap() else {
            panic!("htb class")
        };
        rates.push((c.handle().to_string(), h.rate().unwrap(), h.ceil().unwrap()));
        c.to_string()
    });
    assert_eq!(
        rates,
        [
            ("1:10".to_string(), 125_000, 250_000),
            ("1:20".to_string(), 10_000_000_000, 10_000_000_000)
        ]
    );

    let mut u32_keys = 0;
    let texts = sample(FILTER_DUMP_HTB, TcMsg::LEN, &TCA, |m| {
        let f = TcObjectMsg::parse(m).unwrap();
        assert_clean(Dissector::count(f.attrs(), &TCA), "kernel u32");
        assert!(f.is_filter());
        assert_eq!(
            (f.priority(), f.protocol(), f.kind().unwrap()),
            (10, eth_p::IP, Some("u32"))
        );
        if let Some(TcOptions::U32(u)) = f.typed_options().unwrap() {
            if let Some(sel) = u.sel().unwrap() {
                assert_eq!(u.classid().unwrap(), Some(TcHandle::new(1, 0x10).0));
                let k = sel.keys()[0];
                assert_eq!(
                    (k.val.get(), k.mask.get(), k.off.get()),
                    (0x0a00_0000, 0xff00_0000, 16)
                );
                u32_keys += sel.keys().len();
            }
        }
        f.to_string()
    });
    assert_eq!(u32_keys, 1);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("match 0a000000/ff000000 at 16")),
        "{texts:?}"
    );

    let texts = sample(FILTER_DUMP_CLSACT, TcMsg::LEN, &TCA, |m| {
        let f = TcObjectMsg::parse(m).unwrap();
        assert_clean(Dissector::count(f.attrs(), &TCA), "kernel bpf");
        assert_eq!(f.parent(), TcHandle::CLSACT_EGRESS);
        assert_eq!((f.priority(), f.protocol()), (100, eth_p::ALL));
        if let Some(TcOptions::Bpf(o)) = f.typed_options().unwrap() {
            assert_eq!(o.ops_len().unwrap(), Some(1));
            assert_eq!(
                o.ops().unwrap(),
                Some(&[6, 0, 0, 0, 0xff, 0xff, 0xff, 0xff][..])
            );
            assert_eq!(o.classid().unwrap(), Some(0x10003));
        }
        f.to_string()
    });
    assert!(
        texts.iter().any(|t| t.contains("TCA_BPF_CLASSID 1:3")),
        "{texts:?}"
    );
}

#[test]
fn kernel_netconf_and_nsid_dumps() {
    let mut seen = Vec::new();
    sample(NETCONF_DUMP, 4, &NETCONFA, |m| {
        let n = NetconfEntryMsg::parse(m).unwrap();
        assert_clean(Dissector::count(n.attrs(), &NETCONFA), "kernel netconf");
        seen.push((n.family(), n.ifindex().unwrap().unwrap()));
        assert!(n.forwarding().unwrap().is_some());
        n.to_string()
    });
    for fam in [family::INET, family::INET6] {
        for i in [netconf::IFINDEX_ALL, netconf::IFINDEX_DEFAULT, 1, 3] {
            assert!(seen.contains(&(fam, i)), "{fam} {i} in {seen:?}");
        }
    }
    let texts = sample(NSID_DUMP, 4, &NETNSA, |m| {
        let n = NsidMsg::parse(m).unwrap();
        assert_clean(Dissector::count(n.attrs(), &NETNSA), "kernel nsid");
        assert_eq!(n.nsid().unwrap(), Some(7));
        n.to_string()
    });
    assert!(texts[0].contains("NETNSA_NSID 7"));
}

// ---------------------------------------------------------------------------------------
// Structure sizes and the uapi headers
// ---------------------------------------------------------------------------------------

#[test]
fn structure_sizes_match_the_uapi() {
    use core::mem::size_of;
    assert_eq!(size_of::<FibRuleHdr>(), 12);
    assert_eq!(size_of::<UidRange>(), 8);
    assert_eq!(size_of::<PortRange>(), 4);
    assert_eq!(size_of::<NhMsg>(), 8);
    assert_eq!(size_of::<NexthopGrp>(), 8);
    assert_eq!(size_of::<NetconfMsg>(), 1);
    assert_eq!(size_of::<RtGenMsg>(), 1);
    assert_eq!(size_of::<TcMsg>(), 20);
    assert_eq!(size_of::<TcStats>(), 36);
    assert_eq!(size_of::<GnetStatsBasic>(), 12);
    assert_eq!(size_of::<GnetStatsQueue>(), 20);
    assert_eq!(size_of::<TcRatespec>(), 12);
    assert_eq!(size_of::<TcTbfQopt>(), 36);
    assert_eq!(size_of::<TcHtbOpt>(), 44);
    assert_eq!(size_of::<TcHtbGlob>(), 20);
    assert_eq!(size_of::<TcU32SelHdr>(), 16);
    assert_eq!(size_of::<TcU32Key>(), 16);
    assert_eq!(size_of::<tc::TcSizespec>(), 24);
    assert_eq!(size_of::<tc::TcPrioQopt>(), 20);
    assert_eq!(size_of::<tc::TcU32Mark>(), 12);
    assert_eq!(size_of::<TcFifoQopt>(), 4);
    assert_eq!(size_of::<TcTbfQopt>() - size_of::<TcHtbGlob>(), 16);
    let _ = TcHtbOpt::default();
    assert_eq!(rule::FRA_MAX, 30);
    assert_eq!(nexthop::NHA_MAX, 17);
    assert_eq!(netconf::NETCONFA_MAX, 8);
    assert_eq!(nsid::NETNSA_MAX, 5);
    assert_eq!(tc::TCA_MAX, 16);
    assert_eq!(tc::TCA_FLOWER_MAX, 111);
}

/// `enum { … }` blocks of a C header: member names with their values (only blocks
/// whose values are all literals or earlier members).
fn c_enums(text: &str) -> Vec<Vec<(String, i64)>> {
    // Strip comments.
    let mut s = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        s.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once("*/").map_or("", |(_, r)| r);
    }
    s.push_str(rest);
    let s: String = s
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = s.as_str();
    while let Some(i) = rest.find("enum") {
        rest = &rest[i + 4..];
        let Some(open) = rest.find('{') else { break };
        if rest[..open].contains(';') || rest[..open].contains('(') {
            continue;
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let body = &rest[open + 1..open + close];
        rest = &rest[open + close..];
        let mut members: Vec<(String, i64)> = Vec::new();
        let mut next = 0i64;
        let mut ok = true;
        for item in body.split(',') {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (name, value) = match item.split_once('=') {
                Some((n, v)) => {
                    let v = v.trim();
                    let parsed = if let Some(h) = v.strip_prefix("0x") {
                        i64::from_str_radix(h, 16).ok()
                    } else {
                        v.parse::<i64>()
                            .ok()
                            .or_else(|| members.iter().find(|(m, _)| m == v).map(|(_, x)| *x))
                    };
                    match parsed {
                        Some(x) => (n.trim(), x),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                None => (item, next),
            };
            members.push((name.to_string(), value));
            next = value + 1;
        }
        if ok {
            out.push(members);
        }
    }
    out
}

/// Checks `set` against the enum of `header` whose first member is `first`: every
/// header member exists in the set with the same number (aliases of one number need
/// only one name), and every set member the header names has the header's number.
fn check_set(header: &str, first: &str, set: &AttrSet) -> usize {
    let path = format!("/usr/include/linux/{header}");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("{path} not there: skipped");
        return 0;
    };
    let enums = c_enums(&text);
    let members = enums
        .iter()
        .find(|e| e.first().is_some_and(|(n, _)| n == first))
        .unwrap_or_else(|| panic!("{path}: no enum starting with {first}"));
    let mut checked = 0;
    for (name, value) in members {
        if name.starts_with("__") {
            continue;
        }
        let value = u16::try_from(*value).unwrap();
        let desc = set
            .get(value)
            .unwrap_or_else(|| panic!("{name} = {value} missing from {set:?}"));
        let ours = format!("{}{}", set.prefix, desc.name);
        let aliases: Vec<_> = members
            .iter()
            .filter(|(_, v)| *v == i64::from(value))
            .collect();
        assert!(
            aliases.iter().any(|(n, _)| *n == ours),
            "{ours} = {value}, but the header calls {value} {name}"
        );
        checked += 1;
    }
    for d in set.attrs {
        let ours = format!("{}{}", set.prefix, d.name);
        if let Some((_, v)) = members.iter().find(|(n, _)| *n == ours) {
            assert_eq!(i64::from(d.kind), *v, "{ours}");
        }
    }
    checked
}

#[test]
#[cfg_attr(miri, ignore = "reads files, which miri's isolation forbids")]
fn attribute_numbers_match_the_installed_uapi_headers() {
    let mut total = 0;
    total += check_set("fib_rules.h", "FRA_UNSPEC", &FRA);
    total += check_set("nexthop.h", "NHA_UNSPEC", &NHA);
    total += check_set("nexthop.h", "NHA_RES_GROUP_UNSPEC", &nexthop::NHA_RES_GROUP);
    total += check_set(
        "nexthop.h",
        "NHA_RES_BUCKET_UNSPEC",
        &nexthop::NHA_RES_BUCKET,
    );
    total += check_set("netconf.h", "NETCONFA_UNSPEC", &NETCONFA);
    total += check_set("net_namespace.h", "NETNSA_NONE", &NETNSA);
    total += check_set("rtnetlink.h", "TCA_UNSPEC", &TCA);
    total += check_set("gen_stats.h", "TCA_STATS_UNSPEC", &tc::TCA_STATS);
    total += check_set("pkt_sched.h", "TCA_STAB_UNSPEC", &tc::TCA_STAB);
    total += check_set("pkt_sched.h", "TCA_FQ_CODEL_UNSPEC", &tc::TCA_FQ_CODEL);
    total += check_set("pkt_sched.h", "TCA_TBF_UNSPEC", &tc::TCA_TBF);
    total += check_set("pkt_sched.h", "TCA_HTB_UNSPEC", &tc::TCA_HTB);
    total += check_set("pkt_cls.h", "TCA_ACT_UNSPEC", &tc::TCA_ACT);
    total += check_set("pkt_cls.h", "TCA_U32_UNSPEC", &tc::TCA_U32);
    total += check_set("pkt_cls.h", "TCA_FLOWER_UNSPEC", &tc::TCA_FLOWER);
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_ENC_OPTS_UNSPEC",
        &tc::TCA_FLOWER_ENC_OPTS,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_ENC_OPT_GENEVE_UNSPEC",
        &tc::TCA_FLOWER_ENC_OPT_GENEVE,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_ENC_OPT_VXLAN_UNSPEC",
        &tc::TCA_FLOWER_ENC_OPT_VXLAN,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_ENC_OPT_ERSPAN_UNSPEC",
        &tc::TCA_FLOWER_ENC_OPT_ERSPAN,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_ENC_OPT_GTP_UNSPEC",
        &tc::TCA_FLOWER_ENC_OPT_GTP,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_MPLS_OPTS_UNSPEC",
        &tc::TCA_FLOWER_MPLS_OPTS,
    );
    total += check_set(
        "pkt_cls.h",
        "TCA_FLOWER_KEY_MPLS_OPT_LSE_UNSPEC",
        &tc::TCA_FLOWER_MPLS_OPT_LSE,
    );
    total += check_set("pkt_cls.h", "TCA_MATCHALL_UNSPEC", &tc::TCA_MATCHALL);
    total += check_set("pkt_cls.h", "TCA_BPF_UNSPEC", &tc::TCA_BPF);
    eprintln!("{total} attribute numbers checked against /usr/include/linux");

    // The rule actions, by name.
    if let Ok(text) = std::fs::read_to_string("/usr/include/linux/fib_rules.h") {
        let acts = c_enums(&text)
            .into_iter()
            .find(|e| e.first().is_some_and(|(n, _)| n == "FR_ACT_UNSPEC"))
            .unwrap();
        for (name, v) in acts {
            if let Some(n) = name
                .strip_prefix("FR_ACT_")
                .filter(|_| !name.starts_with("__"))
            {
                let ours = action::name(u8::try_from(v).unwrap()).unwrap();
                assert_eq!(
                    ours.replace('_', ""),
                    n.to_lowercase().replace('_', ""),
                    "{name}"
                );
            }
        }
    }
}
