//! Generic netlink (controller and user families) and fault injection.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use nlwire_codec::genl::ctrl::{self, FamilyMsg, attr as ca, cmd};
use nlwire_codec::genl::{self, GenlMsgHdr};
use nlwire_codec::rtnl::{group, link, rtm};
use nlwire_codec::{Attrs, Builder, Done, ErrorMsg, Flags, MessageType, Protocol, Transport};
use nlwire_simkernel::{
    AttrPolicy, Errno, FamilyDef, GenlOp, HookAction, Kernel, SimSocket, texts,
};

fn genl_sock(k: &Kernel) -> SimSocket {
    let mut s = k.socket(Protocol::GENERIC).unwrap();
    s.set_ext_ack(true).unwrap();
    s
}

fn getfamily(
    s: &mut SimSocket,
    seq: u32,
    f: impl FnOnce(&mut Builder<'_, nlwire_simkernel::VecBuf>),
) -> Vec<Vec<u8>> {
    let req = build(|b| {
        let mut m = genl::message(
            b,
            ctrl::GENL_ID_CTRL.0,
            Flags::REQUEST | Flags::ACK,
            seq,
            cmd::GETFAMILY,
            2,
        )
        .unwrap();
        f(&mut m);
    });
    s.send(&req).unwrap();
    messages(&drain(s))
}

#[test]
fn ctrl_getfamily_errors() {
    let k = Kernel::new();
    let mut s = genl_sock(&k);
    let ms = getfamily(&mut s, 1, |m| m.put_u16(ca::FAMILY_ID, 16).unwrap());
    assert_eq!(
        FamilyMsg::parse(&msg(&ms[0])).unwrap().name().unwrap(),
        Some("nlctrl")
    );
    let e = |ms: &[Vec<u8>]| {
        let e = ErrorMsg::parse(&msg(ms.last().unwrap())).unwrap();
        (
            e.errno(),
            e.ext_ack().msg.map(str::to_string),
            e.ext_ack().policy,
        )
    };
    let ms = getfamily(&mut s, 2, |m| m.put_str(ca::FAMILY_NAME, "nope").unwrap());
    assert_eq!(e(&ms).0, Some(2));
    let ms = getfamily(&mut s, 3, |m| m.put_u16(ca::FAMILY_ID, 99).unwrap());
    assert_eq!(e(&ms).0, Some(2));
    let ms = getfamily(&mut s, 4, |_| {});
    assert_eq!(e(&ms).0, Some(22));
    let ms = getfamily(&mut s, 5, |m| {
        m.put_str(ca::FAMILY_NAME, "abcdefghijklmnopq").unwrap()
    });
    let (errno, text, pol) = e(&ms);
    assert_eq!((errno, text.as_deref()), (Some(22), Some(texts::POLICY)));
    let pol = pol.unwrap();
    assert_eq!(
        (pol.kind.map(|k| k.0), pol.max_length),
        (Some(12), Some(15))
    );
    // Unknown command; unknown family id as nlmsg_type.
    let req = build(|b| {
        genl::message(b, 16, Flags::REQUEST | Flags::ACK, 6, 99, 2).unwrap();
    });
    assert_eq!(err(&mut s, &req).0, 95);
    let req = build(|b| {
        genl::message(b, 77, Flags::REQUEST | Flags::ACK, 7, 1, 1).unwrap();
    });
    assert_eq!(err(&mut s, &req).0, 2);
    // GETPOLICY needs a dump.
    let req = build(|b| {
        let mut m =
            genl::message(b, 16, Flags::REQUEST | Flags::ACK, 8, cmd::GETPOLICY, 2).unwrap();
        m.put_u16(ca::FAMILY_ID, 16).unwrap();
    });
    assert_eq!(err(&mut s, &req).0, 95);
}

/// A small "counter" family: SET (1) stores a u32 and notifies, GET (2) replies with it,
/// LIST (3) dumps 0..n.
fn counter_family(store: Arc<Mutex<u32>>) -> FamilyDef {
    let s1 = store.clone();
    let s2 = store;
    FamilyDef::new("counter", 1)
        .policy(vec![
            AttrPolicy::unspec(),
            AttrPolicy::u32().range(1, 1000), // 1: VALUE
            AttrPolicy::string(7),            // 2: NAME
        ])
        .op(GenlOp::new(1).doit(move |ctx, m| {
            let (_, attrs) = genl::header(&m).unwrap();
            let Some(v) = attrs.find(1).unwrap() else {
                return Err(ctx.missing_attr(1));
            };
            *s1.lock().unwrap() = v.u32().unwrap();
            ctx.notify("events", 1, |b| b.put_u32(1, v.u32().unwrap()))
        }))
        .op(GenlOp::new(2).doit(move |ctx, _| {
            let v = *s2.lock().unwrap();
            ctx.reply(2, |b| b.put_u32(1, v))
        }))
        .op(GenlOp::new(3).dumpit(|ctx, _| {
            for i in 0..300u32 {
                ctx.reply(3, |b| {
                    b.put_u32(1, i)?;
                    b.put_str(2, "item")
                })?;
            }
            Ok(())
        }))
        .mcast_group("events")
}

#[test]
fn user_family_end_to_end() {
    let k = Kernel::new();
    let mut watcher = genl_sock(&k);
    watcher.join_group(16).unwrap(); // nlctrl "notify"
    let store = Arc::new(Mutex::new(0));
    let id = k.register_family(counter_family(store.clone())).unwrap();
    let ev = messages(&drain(&mut watcher));
    assert_eq!(
        FamilyMsg::parse(&msg(&ev[0])).unwrap().name().unwrap(),
        Some("counter")
    );
    assert_eq!(
        k.register_family(counter_family(store.clone()))
            .unwrap_err()
            .raw_os_error(),
        Some(17)
    );

    let mut s = genl_sock(&k);
    let ms = getfamily(&mut s, 1, |m| {
        m.put_str(ca::FAMILY_NAME, "counter").unwrap()
    });
    let f = FamilyMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(f.id().unwrap(), Some(id));
    assert_eq!(f.maxattr().unwrap(), Some(2));
    let ops: Vec<(u32, u32)> = f
        .ops()
        .map(|o| o.map(|o| (o.id, o.flags)).unwrap())
        .collect();
    assert_eq!(ops, [(1, 0xa), (2, 0xa), (3, 0xc)]);
    let group_id = f.mcast_group("events").unwrap();

    let mut listener = genl_sock(&k);
    listener.join_group(group_id).unwrap();
    let set = |seq: u32, v: Option<u32>| {
        build(|b| {
            let mut m = genl::message(b, id, Flags::REQUEST | Flags::ACK, seq, 1, 1).unwrap();
            if let Some(v) = v {
                m.put_u32(1, v).unwrap();
            }
        })
    };
    ok(&mut s, &set(2, Some(42)));
    assert_eq!(*store.lock().unwrap(), 42);
    let ev = messages(&drain(&mut listener));
    assert_eq!(ev.len(), 1);
    let (h, attrs) = genl::header(&msg(&ev[0])).unwrap();
    assert_eq!(
        (h.cmd, attrs.find(1).unwrap().unwrap().u32().unwrap()),
        (1, 42)
    );
    // Policy: range and missing attribute.
    s.send(&set(3, Some(5000))).unwrap();
    let ms = messages(&drain(&mut s));
    let e = ErrorMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!(
        (e.errno(), e.ext_ack().msg),
        (Some(34), Some(texts::INT_RANGE))
    );
    assert_eq!(e.ext_ack().offset, Some(20));
    assert_eq!(e.ext_ack().policy.unwrap().max_value_u, Some(1000));
    s.send(&set(4, None)).unwrap();
    let ms = messages(&drain(&mut s));
    let e = ErrorMsg::parse(&msg(&ms[0])).unwrap();
    assert_eq!((e.errno(), e.ext_ack().missing_type), (Some(22), Some(1)));
    // Strict validation: an unknown attribute type.
    let req = build(|b| {
        let mut m = genl::message(b, id, Flags::REQUEST | Flags::ACK, 5, 1, 1).unwrap();
        m.put_u32(9, 1).unwrap();
    });
    assert_eq!(err(&mut s, &req), (22, Some(texts::UNKNOWN_ATTR.into())));
    // GET: the reply, then the ack, as two datagrams.
    let req = build(|b| {
        genl::message(b, id, Flags::REQUEST | Flags::ACK, 6, 2, 1).unwrap();
    });
    s.send(&req).unwrap();
    let d = drain(&mut s);
    assert_eq!(d.len(), 2);
    let (h, attrs) = genl::header(&msg(&d[0])).unwrap();
    assert_eq!((h.cmd, h.version), (2, 1));
    assert_eq!(attrs.find(1).unwrap().unwrap().u32().unwrap(), 42);
    // A dump on a fresh socket: a page first, then 32 KiB chunks; DONE in the last.
    let req = build(|b| {
        genl::message(b, id, Flags::REQUEST | Flags::DUMP, 7, 3, 1).unwrap();
    });
    let mut fresh = genl_sock(&k);
    fresh.send(&req).unwrap();
    let d = drain(&mut fresh);
    assert_eq!(
        d.iter().map(Vec::len).collect::<Vec<_>>(),
        [94 * 40, 206 * 40 + 20]
    );
    let ms = messages(&d);
    assert_eq!(ms.len(), 301);
    assert!(ms[..300].iter().all(|m| msg(m).flags() == Flags::MULTI));
    let last = d.last().unwrap();
    assert!(last.len() > 20, "DONE shares the last datagram");
    // The controller dump lists nlctrl and counter; the policy dump describes VALUE.
    let req = build(|b| {
        genl::message(b, 16, Flags::REQUEST | Flags::DUMP, 8, cmd::GETFAMILY, 2).unwrap();
    });
    s.send(&req).unwrap();
    let ms = messages(&drain(&mut s));
    let names: Vec<&str> = ms[..2]
        .iter()
        .map(|m| FamilyMsg::parse(&msg(m)).unwrap().name().unwrap().unwrap())
        .collect();
    assert_eq!(names, ["nlctrl", "counter"]);
    let req = build(|b| {
        let mut m =
            genl::message(b, 16, Flags::REQUEST | Flags::DUMP, 9, cmd::GETPOLICY, 2).unwrap();
        m.put_str(ca::FAMILY_NAME, "counter").unwrap();
    });
    s.send(&req).unwrap();
    let ms = messages(&drain(&mut s));
    let mut found = Vec::new();
    let mut ops = Vec::new();
    for m in &ms[..ms.len() - 1] {
        ctrl::policy_entries(&msg(m), |e| match e {
            ctrl::PolicyEntry::Attr {
                index,
                attr,
                policy,
            } => found.push((index, attr, policy.kind.map(|k| k.0))),
            ctrl::PolicyEntry::Op {
                cmd,
                do_policy,
                dump_policy,
            } => ops.push((cmd, do_policy, dump_policy)),
        })
        .unwrap();
    }
    assert_eq!(found, [(0, 1, Some(4)), (0, 2, Some(11))]);
    assert_eq!(
        ops,
        [(1, Some(0), None), (2, Some(0), None), (3, None, Some(0))]
    );
    k.unregister_family("counter").unwrap();
    assert_eq!(err(&mut s, &set(10, Some(1))).0, 2);
    let _ = GenlMsgHdr::LEN;
}

#[test]
fn injected_errors_and_hooks() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    k.faults().fail_once(rtm::NEWLINK, Errno::ENOMEM);
    assert_eq!(err(&mut s, &create(1, "br0", "bridge", None)), (12, None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    k.faults()
        .fail_with_message(rtm::DELLINK, Errno::EBUSY, "busy, try later", 1);
    assert_eq!(
        err(&mut s, &del_link(3, 2)),
        (16, Some("busy, try later".into()))
    );
    k.faults().fail(rtm::SETLINK, Errno::EPERM);
    let req = build(|b| {
        let mut m = link::message(
            b,
            rtm::SETLINK,
            Flags::REQUEST | Flags::ACK,
            4,
            &link::IfInfoMsg::new(0, 2),
        )
        .unwrap();
        m.put_u32(4, 1400).unwrap();
    });
    assert_eq!(err(&mut s, &req).0, 1);
    assert_eq!(err(&mut s, &req).0, 1);
    k.faults().clear();
    ok(&mut s, &req);
    // A hook answering GETLINK itself, one dropping DELLINK.
    let hook = k.on_request(|_ns, m| match m.message_type() {
        rtm::GETLINK => {
            let mut b = nlwire_simkernel::VecBuf::new();
            let mut d =
                Builder::message(&mut b, MessageType::DONE, Flags::MULTI, m.seq(), 0).unwrap();
            d.put_bytes(&0i32.to_ne_bytes()).unwrap();
            Some(HookAction::Reply(vec![b.into_vec()]))
        }
        rtm::DELLINK => Some(HookAction::Drop),
        _ => None,
    });
    s.send(&build(|b| {
        link::dump_request(b, 5, 0).unwrap();
    }))
    .unwrap();
    let ms = messages(&drain(&mut s));
    assert_eq!(ms.len(), 1);
    assert_eq!(Done::parse(&msg(&ms[0])).unwrap().code(), 0);
    s.send(&del_link(6, 2)).unwrap();
    assert!(drain(&mut s).is_empty());
    k.remove_hook(hook);
    ok(&mut s, &del_link(7, 2));
}

#[test]
fn forced_overrun_interrupt_truncate_delay() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    for i in 0..3 {
        ok(
            &mut s,
            &veth(i, &format!("a{i}"), None, &format!("b{i}"), None),
        );
    }
    let mut m = k.process(8).socket(Protocol::ROUTE).unwrap();
    m.join_group(group::LINK).unwrap();
    k.faults().overrun(&m);
    let mut buf = vec![0u8; 32768];
    assert_eq!(m.recv(&mut buf).unwrap_err().raw_os_error(), Some(105));
    assert_eq!(
        m.recv(&mut buf).unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock
    );
    // Forced DUMP_INTR: the next dump's second chunk starts flagged.
    k.faults().interrupt_next_dump();
    s.send(&build(|b| {
        link::dump_request(b, 10, 0).unwrap();
    }))
    .unwrap();
    let d = drain(&mut s);
    let first_chunk = messages(&d[..1]);
    assert!(
        first_chunk
            .iter()
            .all(|b| !msg(b).flags().contains(Flags::DUMP_INTR))
    );
    let second = messages(&d[1..2]);
    assert!(msg(&second[0]).flags().contains(Flags::DUMP_INTR));
    // Truncation of the next datagram.
    k.faults().truncate_next(&s, 10);
    s.send(&del_link(11, 999)).unwrap();
    let r = s.recv(&mut buf).unwrap();
    assert_eq!(r.len, 10);
    // Delay: two empty receives, then the reply.
    k.faults().delay(&s, 2);
    s.send(&del_link(12, 999)).unwrap();
    assert!(s.recv(&mut buf).is_err());
    assert!(s.recv(&mut buf).is_err());
    assert!(s.recv(&mut buf).is_ok());
    let _ = Attrs::new(&[]);
}

#[test]
fn namespaces_are_separate() {
    let k = Kernel::new();
    let ns = k.add_namespace();
    let mut a = k.socket(Protocol::ROUTE).unwrap();
    let mut b = k
        .process(55)
        .in_namespace(ns)
        .socket(Protocol::ROUTE)
        .unwrap();
    b.join_group(group::LINK).unwrap();
    ok(&mut a, &create(1, "br0", "bridge", None));
    assert!(
        drain(&mut b).is_empty(),
        "no notification across namespaces"
    );
    ok(&mut b, &create(2, "br0", "bridge", None));
    assert_eq!(k.link_index(ns, "br0"), Some(2));
    assert_eq!(k.links(ns).len(), 2);
    // Ports are per namespace.
    let mut c = k.process(4242).socket(Protocol::ROUTE).unwrap();
    let mut d = k
        .process(4242)
        .in_namespace(ns)
        .socket(Protocol::ROUTE)
        .unwrap();
    c.bind(4242).unwrap();
    d.bind(4242).unwrap();
}

#[test]
fn determinism_same_script_same_bytes() {
    let run = || {
        let k = Kernel::new();
        fixture_state(&k);
        let mut s = fixture_sock(&k);
        s.send(&build(|b| {
            link::dump_request(b, 1, 0).unwrap();
        }))
        .unwrap();
        drain(&mut s).concat()
    };
    assert_eq!(run(), run());
}
