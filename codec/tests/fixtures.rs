//! The codec against bytes captured from a real Linux 6.18 kernel (see
//! `tests/fixtures/README.md` for how each was captured): every message parses, every
//! message re-emits byte for byte, and the control messages decode to exactly what the
//! kernel said.

use nlwire_codec::desc::{AttrSet, Dissector, Value};
use nlwire_codec::rtnl::link::{self, IFLA, LinkMsg};
use nlwire_codec::{
    Attrs, Builder, Completion, Done, ErrorMsg, Exchange, Flags, Message, MessageType, Messages,
    PathTarget, Protocol, Reply, SliceBuf, attr_path, attr_path_with,
};

macro_rules! fixture {
    ($name:literal) => {
        (
            include_bytes!(concat!("../../tests/fixtures/", $name, ".req.bin")).as_slice(),
            include_bytes!(concat!("../../tests/fixtures/", $name, ".resp.bin")).as_slice(),
        )
    };
}

/// A fixture: its request and the kernel's reply.
type Fixture = (&'static [u8], &'static [u8]);

const ALL: &[(&str, Fixture)] = &[
    ("link_dump", fixture!("link_dump")),
    ("addr_dump", fixture!("addr_dump")),
    ("route4_dump", fixture!("route4_dump")),
    ("route6_dump", fixture!("route6_dump")),
    ("neigh_dump", fixture!("neigh_dump")),
    ("rule_dump", fixture!("rule_dump")),
    ("ack", fixture!("ack")),
    ("error_extack_policy", fixture!("error_extack_policy")),
    ("error_extack_nested", fixture!("error_extack_nested")),
    ("error_noext", fixture!("error_noext")),
    ("error_capped", fixture!("error_capped")),
    ("done_error", fixture!("done_error")),
    ("genl_ctrl_getfamily", fixture!("genl_ctrl_getfamily")),
    ("genl_ctrl_dump", fixture!("genl_ctrl_dump")),
];

/// Family-header length by message type, for the fixtures' protocols.
fn family_header_len(proto_generic: bool, t: MessageType) -> Option<usize> {
    if t.is_control() {
        return None;
    }
    if proto_generic {
        return Some(4); // genlmsghdr
    }
    Some(match t.0 {
        16..=19 => 16, // ifinfomsg
        20..=23 => 8,  // ifaddrmsg
        24..=27 => 12, // rtmsg
        28..=31 => 12, // ndmsg
        32..=35 => 12, // fib_rule_hdr
        _ => return None,
    })
}

/// Re-emits `attrs` through the builder: recursing into nests the set describes (keeping
/// the wire's type bits), raw payloads otherwise.
fn reemit<B: nlwire_codec::Buffer>(
    b: &mut Builder<'_, B>,
    attrs: Attrs<'_>,
    set: Option<&AttrSet>,
) {
    for a in attrs {
        let a = a.expect("fixture attributes frame");
        let nested_set = set
            .and_then(|s| s.get(a.kind()))
            .and_then(|d| match d.value {
                Value::Nested(inner) => Some(inner),
                _ => None,
            });
        match nested_set {
            Some(inner) => b
                .nest_noflag(a.raw_kind(), |b| {
                    reemit(b, a.nested(), Some(inner));
                    Ok(())
                })
                .expect("room"),
            None => b.put(a.raw_kind(), a.payload()).expect("room"),
        }
    }
}

fn reemit_message(m: &Message<'_>, generic: bool) -> Vec<u8> {
    let mut storage = vec![0u8; 65536];
    let mut buf = SliceBuf::new(&mut storage);
    let h = m.header();
    let mut b = Builder::message(&mut buf, h.message_type(), h.flags(), h.seq(), h.pid()).unwrap();
    match family_header_len(generic, m.message_type()) {
        Some(fam) => {
            b.put_bytes(&m.payload()[..fam]).unwrap();
            let set = (!generic && (16..=19).contains(&m.message_type().0)).then_some(&IFLA);
            reemit(&mut b, m.attrs(fam).unwrap(), set);
        }
        None => b.put_bytes(m.payload()).unwrap(),
    }
    let n = b.finish();
    storage.truncate(n);
    storage
}

#[test]
fn every_fixture_parses_and_reemits_byte_for_byte() {
    for (name, (req, resp)) in ALL {
        let generic = name.starts_with("genl");
        for bytes in [req, resp] {
            let mut total = 0;
            let mut rebuilt = Vec::new();
            for m in Messages::new(bytes) {
                let m = m.unwrap_or_else(|e| panic!("{name}: {e}"));
                total += 1;
                let again = reemit_message(&m, generic);
                assert_eq!(
                    again,
                    m.bytes(),
                    "{name}: message at {} differs",
                    m.offset()
                );
                rebuilt.extend_from_slice(&again);
                while rebuilt.len() % 4 != 0 {
                    rebuilt.push(0);
                }
            }
            assert!(total > 0, "{name}: no messages");
            rebuilt.truncate(bytes.len());
            assert_eq!(&rebuilt[..], *bytes, "{name}: buffer differs");
        }
    }
}

#[test]
fn link_dump_decodes_typed_with_no_unknown_attributes() {
    let (req, resp) = fixture!("link_dump");
    let req_msg = Message::parse(req).unwrap();
    let mut ex = Exchange::for_request(Protocol::ROUTE, req_msg.header(), 4242);
    let mut names = Vec::new();
    let mut done = false;
    for m in Messages::new(resp) {
        match ex.classify(0, &m.unwrap()).unwrap() {
            Reply::Data(m) => {
                let l = LinkMsg::parse(&m).unwrap();
                let stats = Dissector::count(l.attrs(), &IFLA);
                assert_eq!(stats.unknown, 0, "{:?}", l.name());
                assert_eq!(stats.malformed, 0, "{:?}", l.name());
                assert!(stats.typed > 30);
                // Types 66, 68 and 69 arrive on every link of this kernel.
                for t in [66, 68, 69] {
                    assert!(l.attr(t).is_some(), "IFLA {t} missing on {:?}", l.name());
                }
                assert!(l.max_pacing_offload_horizon().unwrap().is_some());
                assert!(l.headroom().unwrap().is_some());
                let s64 = l.stats64().unwrap().unwrap();
                let _ = s64.rx_bytes.get();
                names.push((l.index(), l.name().unwrap().unwrap().to_string()));
                let text = l.to_string();
                assert!(
                    text.starts_with("RTM_NEWLINK flags MULTI seq 1 pid 4242"),
                    "{text}"
                );
                assert!(text.contains("IFLA_IFNAME"), "{text}");
                match l.name().unwrap().unwrap() {
                    "lo" => {
                        assert_eq!(l.link_type(), link::arphrd::LOOPBACK);
                        assert_eq!(l.mtu().unwrap(), Some(65536));
                        assert!(text.contains("LOOPBACK,UP,LOWER_UP"), "{text}");
                    }
                    "v0" => {
                        assert_eq!(l.master().unwrap(), Some(4));
                        let li = l.link_info().unwrap().unwrap();
                        assert_eq!(li.kind, Some("veth"));
                        assert_eq!(li.slave_kind, Some("bridge"));
                        assert_eq!(l.address(), Some(&[2, 0, 0, 0, 0, 0xa0][..]));
                        assert_eq!(l.operstate().unwrap(), Some(link::operstate::UP));
                    }
                    "br0" => {
                        let li = l.link_info().unwrap().unwrap();
                        assert_eq!(li.kind, Some("bridge"));
                    }
                    _ => {}
                }
            }
            Reply::Done(d) => {
                assert_eq!(d.code(), 0);
                done = true;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(done && ex.is_complete() && !ex.is_interrupted());
    assert_eq!(
        names,
        [(1, "lo"), (2, "v1"), (3, "v0"), (4, "br0")].map(|(i, n)| (i, n.to_string()))
    );
}

fn single_error(resp: &[u8]) -> ErrorMsg<'_> {
    let m = Messages::new(resp).next().unwrap().unwrap();
    ErrorMsg::parse(&m).unwrap()
}

#[test]
fn ack_is_capped_success() {
    let (req, resp) = fixture!("ack");
    assert_eq!(resp.len(), 36);
    let e = single_error(resp);
    assert!(e.is_ack() && e.is_capped() && e.ext_ack().is_empty());
    assert_eq!(e.errno(), None);
    assert_eq!(e.request_header().seq(), 5);
    assert_eq!(e.echoed_request(), &req[..16]);
    let mut ex =
        Exchange::for_request(Protocol::ROUTE, Message::parse(req).unwrap().header(), 4242);
    assert!(matches!(ex.classify(0, e.message()), Ok(Reply::Ack(_))));
    assert!(ex.is_complete());
}

#[test]
fn policy_error_names_the_attribute() {
    let (req, resp) = fixture!("error_extack_policy");
    let e = single_error(resp);
    assert_eq!(e.errno(), Some(libc::ERANGE));
    assert!(!e.is_capped());
    assert_eq!(e.echoed_request(), req);
    let x = e.ext_ack();
    assert_eq!(x.msg, Some("Attribute failed policy validation"));
    assert_eq!(x.offset, Some(32));
    assert_eq!(
        x.policy.unwrap().to_string(),
        "{type STRING(11), max-len 15}"
    );
    let path = attr_path(e.echoed_request(), 16, 32);
    assert_eq!(path.kinds(), [link::ifla::IFNAME]);
    assert_eq!(path.target, PathTarget::Attribute);
    assert_eq!(
        path.display_with(|_, k| IFLA.name(k)).to_string(),
        "IFNAME",
        "names come from the set"
    );
}

#[test]
fn nested_error_offset_maps_through_the_veth_peer_header() {
    let (req, resp) = fixture!("error_extack_nested");
    let e = single_error(resp);
    assert_eq!(e.errno(), Some(libc::ERANGE));
    let off = e.ext_ack().offset.unwrap();
    assert_eq!(off, 80);
    // Without knowing that VETH_INFO_PEER starts with an ifinfomsg, the walk stops there.
    let naive = attr_path(req, 16, off);
    assert_eq!(naive.kinds(), [18, 2, 1]);
    assert!(matches!(naive.target, PathTarget::Payload { at: 16 }));
    // With the rtnl link hint it reaches the peer's IFLA_IFNAME.
    let path = attr_path_with(req, 16, off, link::nest_header);
    assert_eq!(path.kinds(), [18, 2, 1, 3]);
    assert_eq!(path.offsets(), [40, 56, 60, 80]);
    assert_eq!(path.target, PathTarget::Attribute);
    assert_eq!(path.to_string(), "18 > 2 > 1 > 3");
}

#[test]
fn errors_without_ext_ack_echo_or_cap() {
    let (req, resp) = fixture!("error_noext");
    let e = single_error(resp);
    assert_eq!(e.errno(), Some(libc::ENODEV));
    assert!(!e.is_capped() && e.ext_ack().is_empty());
    assert_eq!(e.echoed_request(), req);

    let (req, resp) = fixture!("error_capped");
    let e = single_error(resp);
    assert_eq!(e.errno(), Some(libc::ENODEV));
    assert!(e.is_capped());
    assert_eq!(e.echoed_request(), &req[..16]);
}

#[test]
fn strict_dump_error_arrives_in_done() {
    let (req, resp) = fixture!("done_error");
    let m = Messages::new(resp).next().unwrap().unwrap();
    assert_eq!(m.message_type(), MessageType::DONE);
    assert!(m.flags().contains(Flags::MULTI | Flags::ACK_TLVS));
    let d = Done::parse(&m).unwrap();
    assert_eq!(d.errno(), Some(libc::EINVAL));
    assert_eq!(
        d.ext_ack().msg,
        Some("Filter by device index not supported for link dumps")
    );
    let r = Message::parse(req).unwrap();
    let mut ex = Exchange::for_request(Protocol::ROUTE, r.header(), 4242);
    match ex.classify(0, &m).unwrap() {
        Reply::Done(d) => assert_eq!(d.code(), -libc::EINVAL),
        other => panic!("{other:?}"),
    }
    assert!(ex.is_complete());
}

#[test]
fn genl_do_with_ack_and_dump_with_done_in_same_datagram() {
    let (req, resp) = fixture!("genl_ctrl_getfamily");
    let r = Message::parse(req).unwrap();
    let mut ex = Exchange::for_request(Protocol::GENERIC, r.header(), 4242);
    let kinds: Vec<_> = Messages::new(resp)
        .map(|m| match ex.classify(0, &m.unwrap()).unwrap() {
            Reply::Data(_) => "data",
            Reply::Ack(_) => "ack",
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["data", "ack"]);
    assert!(ex.is_complete());

    let (req, resp) = fixture!("genl_ctrl_dump");
    let r = Message::parse(req).unwrap();
    let mut ex = Exchange::for_request(Protocol::GENERIC, r.header(), 4242);
    let mut data = 0;
    for m in Messages::new(resp) {
        match ex.classify(0, &m.unwrap()).unwrap() {
            Reply::Data(_) => data += 1,
            Reply::Done(_) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(data, 8);
    assert!(ex.is_complete());
}

#[test]
fn replies_to_another_port_or_seq_are_rejected() {
    let (_, resp) = fixture!("link_dump");
    let m = Messages::new(resp).next().unwrap().unwrap();
    // Another user-space sender.
    let mut ex = Exchange::with_completion(1, 4242, Completion::Done);
    assert!(ex.classify(7, &m).is_err());
    // Our port, someone else's sequence number.
    let mut ex = Exchange::with_completion(2, 4242, Completion::Done);
    assert!(ex.classify(0, &m).is_err());
    // Addressed to another port id.
    let mut ex = Exchange::with_completion(1, 4243, Completion::Done);
    assert!(ex.classify(0, &m).is_err());
    assert_eq!(ex.data_messages(), 0);
}

#[test]
fn genl_controller_replies_decode() {
    use nlwire_codec::genl::ctrl::{self, FamilyMsg, op_flags};
    let (_, resp) = fixture!("genl_ctrl_getfamily");
    let m = Messages::new(resp).next().unwrap().unwrap();
    let fam = FamilyMsg::parse(&m).unwrap();
    assert_eq!(fam.genl_header().cmd, ctrl::cmd::NEWFAMILY);
    assert_eq!(fam.name().unwrap(), Some("nlctrl"));
    assert_eq!(fam.id().unwrap(), Some(16));
    assert_eq!(fam.version().unwrap(), Some(2));
    let ops: Vec<_> = fam.ops().map(|o| o.unwrap()).collect();
    assert_eq!(
        ops.iter().map(|o| (o.id, o.flags)).collect::<Vec<_>>(),
        [(3, 0xe), (10, 0xc)]
    );
    assert_eq!(
        ops[0].flags & op_flags::CMD_CAP_DUMP,
        op_flags::CMD_CAP_DUMP
    );
    assert_eq!(fam.mcast_group("notify"), Some(16));
    let text = fam.to_string();
    assert!(text.contains("CTRL_ATTR_FAMILY_NAME \"nlctrl\""), "{text}");
    assert!(
        text.contains("CTRL_ATTR_MCAST_GRP_NAME \"notify\""),
        "{text}"
    );

    let (_, resp) = fixture!("genl_ctrl_dump");
    let mut names = Vec::new();
    for m in Messages::new(resp) {
        let m = m.unwrap();
        if m.message_type() == MessageType::DONE {
            continue;
        }
        let fam = FamilyMsg::parse(&m).unwrap();
        let stats = Dissector::count(nlwire_codec::genl::header(&m).unwrap().1, &ctrl::CTRL);
        assert_eq!((stats.unknown, stats.malformed), (0, 0));
        names.push(fam.name().unwrap().unwrap().to_string());
    }
    assert_eq!(names[..3], ["nlctrl", "netdev", "ethtool"]);
}
