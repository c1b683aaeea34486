//! Neighbours, rules and nexthop objects. Every assertion is a fact observed on Linux
//! 6.18 with raw-socket probes (`/work/shared/kernel-probes/nl.py` helpers) in a
//! throwaway netns after `ip link add v0 type veth peer name v1; ip link add br0 type
//! bridge; ip link set v0 master br0; ip link set v0/v1/br0 up; ip addr add
//! 10.0.0.1/24 dev v1` — so lo=1, v1=2, v0=3, br0=4 there as here.

#![allow(clippy::cast_possible_truncation)]

mod common;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use common::*;
use nlwire_codec::rtnl::neigh::{self, NeighMsg, NeighSpec, ntf, nud};
use nlwire_codec::rtnl::nexthop::{
    self, DumpFilter, GroupMember, NexthopMsg, NexthopSpec, ResGroup, group_type,
};
use nlwire_codec::rtnl::rule::{self, PortRange, RuleMsg, RuleSpec, UidRange, action};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Flags, MessageType, Messages, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, texts};

const V1: i32 = 2;
const V0: i32 = 3;
const BR: i32 = 4;
const MAC: [u8; 6] = [2, 0, 0, 0, 0, 2];

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

/// The probe's topology.
fn setup() -> (Kernel, SimSocket) {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.set_ext_ack(true).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    ok(&mut s, &create(2, "br0", "bridge", None));
    ok(&mut s, &set_u32(3, V0, 10, BR as u32)); // IFLA_MASTER
    for (i, idx) in [V0, V1, BR].into_iter().enumerate() {
        ok(&mut s, &set_up(4 + i as u32, idx, true));
    }
    ok(
        &mut s,
        &add_addr(8, V1 as u32, Ipv4Addr::new(10, 0, 0, 1), 24),
    );
    drain(&mut s);
    (k, s)
}

fn monitor(k: &Kernel, groups: &[u32]) -> SimSocket {
    let mut m = k.socket(Protocol::ROUTE).unwrap();
    for &g in groups {
        m.join_group(g).unwrap();
    }
    m
}

fn req(f: impl FnOnce(&mut nlwire_simkernel::VecBuf)) -> Vec<u8> {
    build(f)
}

/// Datagrams of a dump, each as its messages.
fn dump(s: &mut SimSocket, r: &[u8]) -> Vec<Vec<Vec<u8>>> {
    s.send(r).unwrap();
    drain(s)
        .iter()
        .map(|d| messages(std::slice::from_ref(d)))
        .collect()
}

fn neigh_add(seq: u32, n: &NeighSpec<'_>) -> Vec<u8> {
    req(|b| {
        neigh::add_request(b, seq, n).unwrap();
    })
}

#[test]
fn neigh_add_notify_dump_and_delete() {
    // Observed: add -> NEWNEIGH flags 0 seq 0 pid = requester, NDA_DST, NDA_LLADDR,
    // NDA_PROBES, NDA_CACHEINFO; dump = every entry + DONE in ONE datagram; delete ->
    // NEWNEIGH (FAILED, no lladdr, requester pid) then DELNEIGH (pid 0).
    let (k, _) = setup();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    s.bind(77).unwrap();
    let mut m = monitor(&k, &[group::NEIGH]);
    let n = NeighSpec {
        lladdr: Some(&MAC),
        ..NeighSpec::new(v4(10, 0, 0, 2), V1)
    };
    ok(&mut s, &neigh_add(10, &n));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 1);
    let e = msg(&ev[0]);
    assert_eq!(e.message_type(), rtm::NEWNEIGH);
    assert_eq!((e.flags().0, e.seq(), e.pid()), (0, 0, 77));
    let nm = NeighMsg::parse(&e).unwrap();
    assert_eq!(nm.state(), nud::PERMANENT);
    assert_eq!(nm.lladdr(), Some(&MAC[..]));
    assert_eq!(nm.probes().unwrap(), Some(0));
    assert!(nm.cacheinfo().unwrap().is_some());
    // A v6 entry on the bridge, reachable.
    let n6 = NeighSpec {
        lladdr: Some(&MAC),
        state: nud::REACHABLE,
        ..NeighSpec::new(IpAddr::V6("2001:db8::2".parse().unwrap()), BR)
    };
    ok(&mut s, &neigh_add(11, &n6));
    let d = dump(
        &mut s,
        &req(|b| {
            neigh::dump_request(b, 12, family::UNSPEC, 0).unwrap();
        }),
    );
    assert_eq!(
        d.len(),
        1,
        "neighbour dumps put DONE in the data's datagram"
    );
    assert_eq!(d[0].len(), 3);
    assert_eq!(msg(&d[0][2]).message_type(), MessageType::DONE);
    // IPv4 (ARP table) before IPv6 (ND table).
    assert_eq!(
        NeighMsg::parse(&msg(&d[0][0])).unwrap().family(),
        family::INET
    );
    assert_eq!(
        NeighMsg::parse(&msg(&d[0][1])).unwrap().family(),
        family::INET6
    );
    drain(&mut m);
    ok(
        &mut s,
        &req(|b| {
            neigh::delete_request(b, 13, &NeighSpec::new(v4(10, 0, 0, 2), V1)).unwrap();
        }),
    );
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 2);
    let (a, b) = (msg(&ev[0]), msg(&ev[1]));
    assert_eq!((a.message_type(), a.pid()), (rtm::NEWNEIGH, 77));
    let am = NeighMsg::parse(&a).unwrap();
    assert_eq!((am.state(), am.lladdr()), (nud::FAILED, None));
    assert_eq!((b.message_type(), b.pid()), (rtm::DELNEIGH, 0));
}

#[test]
fn neigh_errors() {
    let (_k, mut s) = setup();
    let n = NeighSpec {
        lladdr: Some(&MAC),
        ..NeighSpec::new(v4(10, 0, 0, 2), V1)
    };
    ok(&mut s, &neigh_add(1, &n));
    // Duplicate with EXCL: EEXIST, no text.
    assert_eq!(err(&mut s, &neigh_add(2, &n)), (17, None));
    // ndm_ifindex 999: ENODEV without text; 0: EINVAL "Device not specified".
    let bad = NeighSpec { ifindex: 999, ..n };
    assert_eq!(err(&mut s, &neigh_add(3, &bad)), (19, None));
    let bad = NeighSpec { ifindex: 0, ..n };
    assert_eq!(
        err(&mut s, &neigh_add(4, &bad)),
        (22, Some(texts::NEIGH_NO_DEVICE.into()))
    );
    // A 2-byte lladdr on Ethernet: "Invalid link address".
    let bad = NeighSpec {
        lladdr: Some(&[2, 0]),
        ..NeighSpec::new(v4(10, 0, 0, 4), V1)
    };
    assert_eq!(
        err(&mut s, &neigh_add(5, &bad)),
        (22, Some(texts::NEIGH_BAD_LLADDR.into()))
    );
    // PERMANENT without lladdr: "No link layer address given" — the entry stays, in
    // state NONE, and is dumped.
    let bare = NeighSpec::new(v4(10, 0, 0, 5), V1);
    assert_eq!(
        err(&mut s, &neigh_add(6, &bare)),
        (22, Some(texts::NEIGH_NO_LLADDR.into()))
    );
    let d = dump(
        &mut s,
        &req(|b| {
            neigh::dump_request(b, 7, family::INET, 0).unwrap();
        }),
    );
    let states: Vec<u16> = d[0][..d[0].len() - 1]
        .iter()
        .map(|m| NeighMsg::parse(&msg(m)).unwrap().state())
        .collect();
    assert_eq!(states, [nud::PERMANENT, nud::NONE]);
    // Deleting a missing entry: ENOENT, no text; without NDA_DST: the text.
    let gone = NeighSpec::new(v4(10, 0, 0, 99), V1);
    assert_eq!(
        err(
            &mut s,
            &req(|b| {
                neigh::delete_request(b, 8, &gone).unwrap();
            })
        ),
        (2, None)
    );
    let no_dst = req(|b| {
        let m = neigh::message(
            b,
            rtm::DELNEIGH,
            Flags::REQUEST | Flags::ACK,
            9,
            &neigh::NdMsg::new(family::INET, V1),
        )
        .unwrap();
        m.finish();
    });
    assert_eq!(err(&mut s, &no_dst), (22, Some(texts::NEIGH_NO_DST.into())));
    // NEWNEIGH without CREATE for a missing entry: ENOENT.
    let r = req(|b| {
        let n = NeighSpec {
            lladdr: Some(&MAC),
            ..NeighSpec::new(v4(10, 0, 0, 3), V1)
        };
        neigh::neigh_request(b, 10, rtm::NEWNEIGH, Flags::REQUEST | Flags::ACK, &n).unwrap();
    });
    assert_eq!(err(&mut s, &r), (2, None));
}

#[test]
fn neigh_create_without_replace_keeps_lladdr_replace_changes_it() {
    // Observed: CREATE-only on an existing entry with another MAC -> ack, no change, no
    // notification; REPLACE -> NEWNEIGH with the new state and MAC.
    let (k, mut s) = setup();
    let n = NeighSpec {
        lladdr: Some(&MAC),
        ..NeighSpec::new(v4(10, 0, 0, 2), V1)
    };
    ok(&mut s, &neigh_add(1, &n));
    let mut m = monitor(&k, &[group::NEIGH]);
    let other = [2, 0, 0, 0, 0, 0x99];
    let n2 = NeighSpec {
        lladdr: Some(&other),
        state: nud::REACHABLE,
        ..n
    };
    let create_only = req(|b| {
        neigh::neigh_request(
            b,
            2,
            rtm::NEWNEIGH,
            Flags::REQUEST | Flags::ACK | Flags::CREATE,
            &n2,
        )
        .unwrap();
    });
    ok(&mut s, &create_only);
    assert!(drain(&mut m).is_empty());
    ok(
        &mut s,
        &req(|b| {
            neigh::replace_request(b, 3, &n2).unwrap();
        }),
    );
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 1);
    let nm = NeighMsg::parse(&msg(&ev[0])).unwrap();
    assert_eq!(
        (nm.state(), nm.lladdr()),
        (nud::REACHABLE, Some(&other[..]))
    );
}

#[test]
fn neigh_get_and_strict_dump_filters() {
    let (_k, mut s) = setup();
    for (i, (ip, dev)) in [(v4(10, 0, 0, 2), V1), (v4(10, 0, 1, 2), V0)]
        .into_iter()
        .enumerate()
    {
        let n = NeighSpec {
            lladdr: Some(&MAC),
            flags: ntf::ROUTER,
            ..NeighSpec::new(ip, dev)
        };
        ok(&mut s, &neigh_add(i as u32 + 1, &n));
    }
    // Get: a NEWNEIGH with the request's seq; missing -> ENOENT "Neighbour entry not
    // found"; no ifindex -> EINVAL "No device specified"; ifindex 999 -> ENODEV
    // "Unknown device ifindex".
    let get = |seq: u32, ip: [u8; 4], dev: i32| {
        req(move |b| {
            let mut m = neigh::message(
                b,
                rtm::GETNEIGH,
                Flags::REQUEST,
                seq,
                &neigh::NdMsg::new(family::INET, dev),
            )
            .unwrap();
            m.put(neigh::nda::DST, &ip).unwrap();
            m.finish();
        })
    };
    s.send(&get(5, [10, 0, 0, 2], V1)).unwrap();
    let r = messages(&drain(&mut s));
    let g = msg(&r[0]);
    assert_eq!((g.message_type(), g.seq()), (rtm::NEWNEIGH, 5));
    assert_eq!(NeighMsg::parse(&g).unwrap().flags(), ntf::ROUTER);
    assert_eq!(
        err(&mut s, &get(6, [10, 0, 0, 9], V1)),
        (2, Some(texts::NEIGH_NOT_FOUND.into()))
    );
    assert_eq!(
        err(&mut s, &get(7, [10, 0, 0, 2], 0)),
        (22, Some(texts::NEIGH_GET_NO_DEVICE.into()))
    );
    assert_eq!(
        err(&mut s, &get(8, [10, 0, 0, 2], 999)),
        (19, Some(texts::NEIGH_GET_UNKNOWN_DEV.into()))
    );
    // Strict dumps: NDA_IFINDEX and NDA_MASTER filter and flag DUMP_FILTERED (DONE not).
    s.set_strict_check(true).unwrap();
    let d = dump(
        &mut s,
        &req(|b| {
            neigh::dump_request(b, 9, family::INET, V1 as u32).unwrap();
        }),
    );
    assert_eq!(d[0].len(), 2);
    let m0 = msg(&d[0][0]);
    assert!(m0.flags().contains(Flags::DUMP_FILTERED));
    assert_eq!(NeighMsg::parse(&m0).unwrap().ifindex(), V1);
    assert!(!msg(&d[0][1]).flags().contains(Flags::DUMP_FILTERED));
    let by_master = req(|b| {
        let mut m = neigh::message(
            b,
            rtm::GETNEIGH,
            Flags::REQUEST | Flags::DUMP,
            10,
            &neigh::NdMsg::new(family::INET, 0),
        )
        .unwrap();
        m.put_u32(neigh::nda::MASTER, BR as u32).unwrap();
        m.finish();
    });
    let d = dump(&mut s, &by_master);
    assert_eq!(d[0].len(), 2);
    assert_eq!(NeighMsg::parse(&msg(&d[0][0])).unwrap().ifindex(), V0);
    // ndm_ifindex in a strict dump header: the error in DONE.
    let bad = req(|b| {
        neigh::message(
            b,
            rtm::GETNEIGH,
            Flags::REQUEST | Flags::DUMP,
            11,
            &neigh::NdMsg::new(family::INET, V1),
        )
        .unwrap()
        .finish();
    });
    let d = dump(&mut s, &bad);
    let done = nlwire_codec::Done::parse(&msg(&d[0][0])).unwrap();
    assert_eq!(done.errno(), Some(22));
    assert_eq!(
        done.ext_ack().msg.map(|m| m.to_string()),
        Some(texts::NEIGH_DUMP_VALUES.to_string())
    );
}

#[test]
fn link_deletion_flushes_neighbours_and_nexthops() {
    // Observed: deleting v0 sent DELNEIGH (pid 0) for its entries; the nexthops on the
    // pair were gone from the dump, without RTM_DELNEXTHOP notifications. v0 was the
    // bridge's only port: its FDB entry (AF_BRIDGE, by then the bridge's) goes after
    // v1's ARP entry, flushed when the pair went down.
    let (k, mut s) = setup();
    let n = NeighSpec {
        lladdr: Some(&MAC),
        ..NeighSpec::new(v4(10, 0, 0, 2), V1)
    };
    ok(&mut s, &neigh_add(1, &n));
    let nh = NexthopSpec {
        id: 1,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, 2)),
        ..NexthopSpec::default()
    };
    ok(
        &mut s,
        &req(|b| {
            nexthop::add_request(b, 2, &nh).unwrap();
        }),
    );
    let mut m = monitor(&k, &[group::NEIGH, group::NEXTHOP]);
    ok(&mut s, &del_link(3, V0));
    let ev = messages(&drain(&mut m));
    assert_eq!(
        ev.iter()
            .map(|b| (msg(b).message_type(), msg(b).payload()[0]))
            .collect::<Vec<_>>(),
        [(rtm::DELNEIGH, 2), (rtm::DELNEIGH, 7)]
    );
    let d = dump(
        &mut s,
        &req(|b| {
            nexthop::dump_request(b, 4, &DumpFilter::default()).unwrap();
        }),
    );
    assert_eq!(d[0].len(), 1, "only DONE is left");
}

fn rule_add(seq: u32, r: &RuleSpec<'_>) -> Vec<u8> {
    req(|b| {
        rule::add_request(b, seq, r).unwrap();
    })
}

fn rules(s: &mut SimSocket, fam: u8) -> Vec<(u32, u32, u8)> {
    let d = dump(
        s,
        &req(|b| {
            rule::dump_request(b, 99, fam).unwrap();
        }),
    );
    assert_eq!(d.len(), 1, "rule dumps put DONE in the data's datagram");
    d[0][..d[0].len() - 1]
        .iter()
        .map(|b| {
            let r = RuleMsg::parse(&msg(b)).unwrap();
            (
                r.priority().unwrap().unwrap_or(0),
                r.table().unwrap(),
                r.family(),
            )
        })
        .collect()
}

#[test]
fn rule_defaults_and_priority_auto_assignment() {
    let (k, mut s) = setup();
    // Observed defaults: v4 0/255, 32766/254, 32767/253 (protocol kernel); v6 has no
    // 'default' rule; AF_UNSPEC adds ipmr (128) and ip6mr (129) between v4 and v6.
    assert_eq!(
        rules(&mut s, family::INET),
        [(0, 255, 2), (32766, 254, 2), (32767, 253, 2)]
    );
    assert_eq!(
        rules(&mut s, family::INET6),
        [(0, 255, 10), (32766, 254, 10)]
    );
    let fams: Vec<u8> = rules(&mut s, family::UNSPEC).iter().map(|r| r.2).collect();
    assert_eq!(fams, [2, 2, 2, 128, 129, 10, 10]);
    // Without FRA_PRIORITY: one below the second rule's priority (32765, then 32764),
    // notified with the requester's seq.
    let mut m = monitor(&k, &[group::IPV4_RULE]);
    let t100 = RuleSpec {
        table: Some(100),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(5, &t100));
    ok(&mut s, &rule_add(6, &t100));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 2);
    assert_eq!(msg(&ev[0]).seq(), 5);
    let prios: Vec<u32> = ev
        .iter()
        .map(|b| {
            RuleMsg::parse(&msg(b))
                .unwrap()
                .priority()
                .unwrap()
                .unwrap()
        })
        .collect();
    assert_eq!(prios, [32765, 32764]);
    // An explicit duplicate with EXCL: EEXIST (auto-assigned ones never clash).
    let p500 = RuleSpec {
        priority: Some(500),
        ..t100
    };
    ok(&mut s, &rule_add(7, &p500));
    assert_eq!(err(&mut s, &rule_add(8, &p500)), (17, None));
    // A table > 255: header table RT_TABLE_COMPAT (252), FRA_TABLE the id.
    let big = RuleSpec {
        priority: Some(504),
        table: Some(5000),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(9, &big));
    let all = rules(&mut s, family::INET);
    assert!(all.contains(&(504, 5000, 2)));
    // No table at all (v4, action to-table): the first unused table id, 1.
    let none = RuleSpec {
        priority: Some(505),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(10, &none));
    assert!(rules(&mut s, family::INET).contains(&(505, 1, 2)));
    // IPv6 without a table: "Invalid table".
    let none6 = RuleSpec {
        priority: Some(505),
        ..RuleSpec::new(family::INET6)
    };
    assert_eq!(
        err(&mut s, &rule_add(11, &none6)),
        (22, Some(texts::RULE_INVALID_TABLE.into()))
    );
}

#[test]
fn rule_selectors_round_trip() {
    let (_k, mut s) = setup();
    let spec = RuleSpec {
        priority: Some(113),
        table: Some(7),
        src: Some((v4(10, 1, 0, 0), 24)),
        iifname: Some("v0"),
        oifname: Some("nosuch"),
        fwmark: Some(5),
        fwmask: Some(0xff),
        uid_range: Some(UidRange::new(1000, 2000)),
        ip_proto: Some(6),
        sport: Some(PortRange::new(1000, 2000)),
        dport: Some(PortRange::single(80)),
        dscp: Some(10),
        suppress_prefixlen: Some(0),
        protocol: Some(4),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(1, &spec));
    let d = dump(
        &mut s,
        &req(|b| {
            rule::dump_request(b, 2, family::INET).unwrap();
        }),
    );
    let b = d[0]
        .iter()
        .find(|b| {
            RuleMsg::parse(&msg(b))
                .ok()
                .and_then(|r| r.priority().ok().flatten())
                == Some(113)
        })
        .unwrap();
    let r = RuleMsg::parse(&msg(b)).unwrap();
    assert_eq!(r.src().unwrap(), Some(v4(10, 1, 0, 0)));
    assert_eq!(r.iifname().unwrap(), Some("v0"));
    assert_eq!(
        (r.fwmark().unwrap(), r.fwmask().unwrap()),
        (Some(5), Some(0xff))
    );
    assert_eq!(r.uid_range().unwrap(), Some(UidRange::new(1000, 2000)));
    assert_eq!(r.dport_range().unwrap(), Some(PortRange::single(80)));
    // Observed: a single-port range is reported with DPORT_MASK 0xffff; a real range
    // without a mask; FRA_DSCP comes with DSCP_MASK 0x3f.
    assert_eq!(r.dport_mask().unwrap(), Some(0xffff));
    assert_eq!(r.sport_mask().unwrap(), None);
    assert_eq!(
        (r.dscp().unwrap(), r.dscp_mask().unwrap()),
        (Some(10), Some(0x3f))
    );
    assert_eq!(r.suppress_prefixlen().unwrap(), Some(0));
    assert_eq!(r.protocol().unwrap(), Some(4));
    // The oif name does not exist: FIB_RULE_OIF_DETACHED (0x10) in the header flags.
    assert_eq!(r.flags() & 0x10, 0x10);
    // A goto to a priority nobody has: FIB_RULE_UNRESOLVED (4).
    let g = RuleSpec {
        priority: Some(110),
        goto: Some(20000),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(3, &g));
    let d = dump(
        &mut s,
        &req(|b| {
            rule::dump_request(b, 4, family::INET).unwrap();
        }),
    );
    let r = d[0]
        .iter()
        .filter_map(|b| RuleMsg::parse(&msg(b)).ok())
        .find(|r| r.priority().ok().flatten() == Some(110))
        .unwrap();
    assert_eq!((r.action(), r.flags()), (action::GOTO, 4));
}

#[test]
fn rule_validation_texts() {
    let (_k, mut s) = setup();
    let base = RuleSpec {
        priority: Some(100),
        table: Some(7),
        ..RuleSpec::new(family::INET)
    };
    let cases: Vec<(RuleSpec<'_>, i32, &str)> = vec![
        (
            RuleSpec {
                goto: Some(100),
                table: None,
                ..base
            },
            22,
            texts::RULE_BACKWARD_GOTO,
        ),
        (
            RuleSpec {
                action: action::GOTO,
                table: None,
                ..base
            },
            22,
            texts::RULE_GOTO_MISSING,
        ),
        (
            RuleSpec {
                uid_range: Some(UidRange::new(2000, 1000)),
                ..base
            },
            22,
            texts::RULE_UID_RANGE,
        ),
        (
            RuleSpec {
                sport: Some(PortRange::new(2000, 1000)),
                ..base
            },
            22,
            texts::RULE_SPORT_RANGE,
        ),
        (
            RuleSpec {
                dscp: Some(4),
                tos: 8,
                ..base
            },
            22,
            texts::RULE_TOS_DSCP,
        ),
        (RuleSpec { tos: 3, ..base }, 22, texts::RULE_TOS_ECN),
        (
            RuleSpec {
                l3mdev: true,
                ..base
            },
            22,
            texts::RULE_L3MDEV_TABLE,
        ),
        (
            RuleSpec {
                dscp: Some(64),
                ..base
            },
            34,
            texts::RULE_PARSE,
        ),
    ];
    for (i, (spec, errno, text)) in cases.into_iter().enumerate() {
        assert_eq!(
            err(&mut s, &rule_add(i as u32 + 1, &spec)),
            (errno, Some(text.to_string())),
            "case {i}"
        );
    }
    // src_len without FRA_SRC: "Invalid source address".
    let r = req(|b| {
        let mut h = rule::FibRuleHdr::new(family::INET);
        h.src_len = 24;
        h.table = 5;
        h.action = action::TO_TBL;
        let m = rule::message(
            b,
            rtm::NEWRULE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            20,
            &h,
        )
        .unwrap();
        m.finish();
    });
    assert_eq!(err(&mut s, &r), (22, Some(texts::RULE_SRC.into())));
    // Family 7: EAFNOSUPPORT "Rule family not supported".
    let r = rule_add(21, &RuleSpec::new(7));
    assert_eq!(err(&mut s, &r), (97, Some(texts::RULE_FAMILY.into())));
}

#[test]
fn rule_delete_matching() {
    // Observed: DELRULE with only a priority deletes that rule; with nothing the first
    // rule (the local rule, priority 0); a mismatching action -> ENOENT; IPv6 32766 can
    // be deleted. DELRULE is notified with the requester's seq.
    let (k, mut s) = setup();
    let spec = RuleSpec {
        priority: Some(100),
        table: Some(1000),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(1, &spec));
    let mut m = monitor(&k, &[group::IPV4_RULE, group::IPV6_RULE]);
    let del = |seq: u32, r: &RuleSpec<'_>| {
        req(|b| {
            rule::delete_request(b, seq, r).unwrap();
        })
    };
    let wrong_action = RuleSpec {
        priority: Some(100),
        action: action::BLACKHOLE,
        ..RuleSpec::new(family::INET)
    };
    assert_eq!(err(&mut s, &del(2, &wrong_action)), (2, None));
    let by_prio = RuleSpec {
        priority: Some(100),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &del(3, &by_prio));
    assert_eq!(err(&mut s, &del(4, &by_prio)), (2, None));
    ok(&mut s, &del(5, &RuleSpec::new(family::INET)));
    assert_eq!(
        rules(&mut s, family::INET),
        [(32766, 254, 2), (32767, 253, 2)]
    );
    let v6 = RuleSpec {
        priority: Some(32766),
        ..RuleSpec::new(family::INET6)
    };
    ok(&mut s, &del(6, &v6));
    let ev = messages(&drain(&mut m));
    let kinds: Vec<(MessageType, u32)> = ev
        .iter()
        .map(|b| (msg(b).message_type(), msg(b).seq()))
        .collect();
    assert_eq!(
        kinds,
        [(rtm::DELRULE, 3), (rtm::DELRULE, 5), (rtm::DELRULE, 6)]
    );
}

fn nh_add(seq: u32, n: &NexthopSpec<'_>) -> Vec<u8> {
    req(|b| {
        nexthop::add_request(b, seq, n).unwrap();
    })
}

fn nh_ids(s: &mut SimSocket, f: &DumpFilter) -> Vec<u32> {
    s.set_strict_check(true).unwrap();
    let d = dump(
        s,
        &req(|b| {
            nexthop::dump_request(b, 50, f).unwrap();
        }),
    );
    assert_eq!(d.len(), 1, "nexthop dumps put DONE in the data's datagram");
    d[0][..d[0].len() - 1]
        .iter()
        .map(|b| NexthopMsg::parse(&msg(b)).unwrap().id().unwrap().unwrap())
        .collect()
}

#[test]
fn nexthop_create_ids_and_notifications() {
    let (k, mut s) = setup();
    let mut m = monitor(&k, &[group::NEXTHOP]);
    let gw = NexthopSpec {
        id: 1,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, 2)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(1, &gw));
    // Observed: the notification carries the request's flags (REQUEST|ACK|CREATE|EXCL),
    // seq and pid; scope link for a gateway, host for a device-only nexthop.
    let ev = messages(&drain(&mut m));
    let e = msg(&ev[0]);
    assert_eq!(
        (e.message_type(), e.flags().0, e.seq()),
        (rtm::NEWNEXTHOP, 0x605, 1)
    );
    let n = NexthopMsg::parse(&e).unwrap();
    assert_eq!(
        (n.scope(), n.oif().unwrap(), n.gateway().unwrap()),
        (253, Some(2), Some(v4(10, 0, 0, 2)))
    );
    assert_eq!(err(&mut s, &nh_add(2, &gw)), (17, None));
    // Ids 0: the next after the last one handed out (2, 3), skipping used ones.
    let auto = NexthopSpec {
        oif: Some(V1 as u32),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(3, &auto));
    ok(&mut s, &nh_add(4, &auto));
    ok(&mut s, &nh_add(5, &NexthopSpec { id: 21, ..auto }));
    ok(&mut s, &nh_add(6, &auto));
    assert_eq!(nh_ids(&mut s, &DumpFilter::default()), [1, 2, 3, 4, 21]);
    let ev = messages(&drain(&mut m));
    assert_eq!(NexthopMsg::parse(&msg(&ev[0])).unwrap().scope(), 254);
    // Get: reply NEWNEXTHOP with the seq; missing -> ENOENT without text.
    s.send(&req(|b| {
        nexthop::get_request(b, 7, 21, 0).unwrap();
    }))
    .unwrap();
    let r = messages(&drain(&mut s));
    assert_eq!(msg(&r[0]).seq(), 7);
    assert_eq!(
        err(
            &mut s,
            &req(|b| {
                nexthop::get_request(b, 8, 999, 0).unwrap();
            })
        ),
        (2, None)
    );
}

#[test]
fn nexthop_validation_texts() {
    let (_k, mut s) = setup();
    ok(
        &mut s,
        &nh_add(
            1,
            &NexthopSpec {
                id: 1,
                oif: Some(V1 as u32),
                ..NexthopSpec::default()
            },
        ),
    );
    ok(
        &mut s,
        &nh_add(
            2,
            &NexthopSpec {
                id: 19,
                fdb: true,
                gateway: Some(v4(10, 0, 0, 9)),
                ..NexthopSpec::default()
            },
        ),
    );
    let g1 = [GroupMember::new(1, 1)];
    let g_missing = [GroupMember::new(1, 1), GroupMember::new(77, 1)];
    let g_dup = [GroupMember::new(1, 1), GroupMember::new(1, 1)];
    let g_fdb = [GroupMember::new(19, 1)];
    let cases: Vec<(NexthopSpec<'_>, i32, &str)> = vec![
        (
            NexthopSpec {
                id: 10,
                ..NexthopSpec::default()
            },
            22,
            texts::NH_NO_DEVICE,
        ),
        (
            NexthopSpec {
                id: 11,
                gateway: Some(v4(10, 0, 0, 2)),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_NO_DEVICE,
        ),
        (
            NexthopSpec {
                id: 12,
                oif: Some(999),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_BAD_DEVICE,
        ),
        (
            NexthopSpec {
                id: 13,
                oif: Some(V1 as u32),
                gateway: Some(v4(10, 9, 0, 2)),
                ..NexthopSpec::default()
            },
            101,
            texts::NH_BAD_GATEWAY,
        ),
        (
            NexthopSpec {
                id: 14,
                blackhole: true,
                oif: Some(V1 as u32),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_BLACKHOLE_WITH,
        ),
        // Loopback is down in a fresh namespace.
        (
            NexthopSpec {
                id: 15,
                blackhole: true,
                ..NexthopSpec::default()
            },
            100,
            texts::NH_BLACKHOLE_DOWN,
        ),
        (
            NexthopSpec {
                id: 16,
                fdb: true,
                oif: Some(V1 as u32),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_FDB_WITH,
        ),
        (
            NexthopSpec {
                id: 17,
                family: family::INET,
                group: &g1,
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_FAMILY,
        ),
        (
            NexthopSpec {
                id: 18,
                group: &g_missing,
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_MEMBER,
        ),
        (
            NexthopSpec {
                id: 20,
                group: &g_dup,
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_DUP,
        ),
        (
            NexthopSpec {
                id: 22,
                group: &g_fdb,
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_FDB_MEMBER,
        ),
        (
            NexthopSpec {
                id: 23,
                group: &g1,
                group_type: Some(5),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_TYPE,
        ),
        (
            NexthopSpec {
                id: 24,
                group: &g1,
                group_type: Some(group_type::RES),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_RES_BUCKETS,
        ),
        (
            NexthopSpec {
                id: 25,
                group: &g1,
                oif: Some(V1 as u32),
                ..NexthopSpec::default()
            },
            22,
            texts::NH_GROUP_OTHER,
        ),
    ];
    for (i, (spec, errno, text)) in cases.into_iter().enumerate() {
        assert_eq!(
            err(&mut s, &nh_add(i as u32 + 10, &spec)),
            (errno, Some(text.to_string())),
            "case {i}"
        );
    }
    // Replace: without an id, of a missing id without CREATE, a nexthop by a group.
    let rep = |seq: u32, n: &NexthopSpec<'_>| {
        req(|b| {
            nexthop::replace_request(b, seq, n).unwrap();
        })
    };
    let dev = NexthopSpec {
        oif: Some(V1 as u32),
        ..NexthopSpec::default()
    };
    assert_eq!(
        err(&mut s, &rep(42, &dev)),
        (22, Some(texts::NH_REPLACE_NO_ID.into()))
    );
    let to_group = NexthopSpec {
        id: 1,
        group: &[GroupMember::new(1, 1)],
        ..NexthopSpec::default()
    };
    assert_eq!(
        err(&mut s, &rep(43, &to_group)),
        (22, Some(texts::NH_REPLACE_WITH_GROUP.into()))
    );
    // A device that is down: ENETDOWN.
    ok(&mut s, &set_up(40, V0, false));
    let down = NexthopSpec {
        id: 30,
        oif: Some(V0 as u32),
        ..NexthopSpec::default()
    };
    assert_eq!(
        err(&mut s, &nh_add(41, &down)),
        (100, Some(texts::NH_DEVICE_DOWN.into()))
    );
}

#[test]
fn nexthop_groups_shrink_and_vanish_with_members() {
    let (k, mut s) = setup();
    for id in [1, 2] {
        let n = NexthopSpec {
            id,
            oif: Some(V1 as u32),
            gateway: Some(v4(10, 0, 0, id as u8 + 1)),
            ..NexthopSpec::default()
        };
        ok(&mut s, &nh_add(id, &n));
    }
    let members = [GroupMember::new(1, 1), GroupMember::new(2, 3)];
    ok(
        &mut s,
        &nh_add(
            3,
            &NexthopSpec {
                id: 100,
                group: &members,
                ..NexthopSpec::default()
            },
        ),
    );
    ok(
        &mut s,
        &nh_add(
            4,
            &NexthopSpec {
                id: 113,
                group: &members,
                group_type: Some(group_type::RES),
                res_group: Some(ResGroup {
                    buckets: Some(8),
                    ..ResGroup::default()
                }),
                ..NexthopSpec::default()
            },
        ),
    );
    // Observed group message: weights survive, type, RES_GROUP {buckets 8, idle 12000
    // ticks, unbalanced 0}, NHA_OP_FLAGS 0x80000000.
    s.send(&req(|b| {
        nexthop::get_request(b, 5, 113, 0).unwrap();
    }))
    .unwrap();
    let r = messages(&drain(&mut s));
    let g = NexthopMsg::parse(&msg(&r[0])).unwrap();
    let got: Vec<GroupMember> = g.group().unwrap().unwrap().iter().collect();
    assert_eq!(got, members);
    assert_eq!(g.group_type().unwrap(), Some(group_type::RES));
    let res = g.res_group().unwrap().unwrap();
    assert_eq!(
        (res.buckets, res.idle_timer, res.unbalanced_timer),
        (Some(8), Some(12000), Some(0))
    );
    assert_eq!(g.op_flags().unwrap(), Some(0x8000_0000));
    // A route through the group: RTA_NH_ID plus the expanded multipath.
    let route = req(|b| {
        let mut m = nlwire_codec::Builder::message(
            b,
            rtm::NEWROUTE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            6,
            0,
        )
        .unwrap();
        m.put_bytes(&rtmsg(24, 254, 3, 0, 1, 0)).unwrap();
        m.put(1, &[10, 5, 0, 0]).unwrap();
        m.put_u32(30, 100).unwrap();
        m.finish();
    });
    ok(&mut s, &route);
    let n_routes = k.route_count(k.initial_namespace());
    // Deleting member 2: DELNEXTHOP 2, then NEWNEXTHOP for each group it was in, newest
    // group first; all with the request's flags (REQUEST|ACK).
    let mut m = monitor(&k, &[group::NEXTHOP]);
    ok(
        &mut s,
        &req(|b| {
            nexthop::delete_request(b, 7, 2).unwrap();
        }),
    );
    let ev: Vec<(MessageType, u32, u16)> = messages(&drain(&mut m))
        .iter()
        .map(|b| {
            let x = msg(b);
            let id = NexthopMsg::parse(&x).unwrap().id().unwrap().unwrap();
            (x.message_type(), id, x.flags().0)
        })
        .collect();
    assert_eq!(
        ev,
        [
            (rtm::DELNEXTHOP, 2, 5),
            (rtm::NEWNEXTHOP, 113, 5),
            (rtm::NEWNEXTHOP, 100, 5)
        ]
    );
    // Deleting the last member: the groups go too, and the route through them
    // (no DELROUTE notification).
    let mut rm = monitor(&k, &[group::IPV4_ROUTE]);
    ok(
        &mut s,
        &req(|b| {
            nexthop::delete_request(b, 8, 1).unwrap();
        }),
    );
    let kinds: Vec<MessageType> = messages(&drain(&mut m))
        .iter()
        .map(|b| msg(b).message_type())
        .collect();
    assert_eq!(kinds, [rtm::DELNEXTHOP; 3]);
    assert!(drain(&mut rm).is_empty());
    assert_eq!(k.route_count(k.initial_namespace()), n_routes - 1);
    assert_eq!(nh_ids(&mut s, &DumpFilter::default()), Vec::<u32>::new());
}

#[test]
fn route_with_nh_id() {
    let (_k, mut s) = setup();
    let nh = NexthopSpec {
        id: 1,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, 2)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(1, &nh));
    let route = |seq: u32, id: u32, oif: Option<u32>| {
        req(move |b| {
            let mut m = nlwire_codec::Builder::message(
                b,
                rtm::NEWROUTE,
                Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
                seq,
                0,
            )
            .unwrap();
            m.put_bytes(&rtmsg(24, 254, 3, 0, 1, 0)).unwrap();
            m.put(1, &[10, 5, seq as u8, 0]).unwrap();
            m.put_u32(30, id).unwrap();
            if let Some(o) = oif {
                m.put_u32(4, o).unwrap();
            }
            m.finish();
        })
    };
    // Observed: unknown id -> EINVAL "Nexthop id does not exist"; with RTA_OIF ->
    // "Nexthop specification and nexthop id are mutually exclusive".
    assert_eq!(
        err(&mut s, &route(2, 555, None)),
        (22, Some(texts::NH_ID_UNKNOWN.into()))
    );
    assert_eq!(
        err(&mut s, &route(3, 1, Some(V1 as u32))),
        (22, Some(texts::NH_ID_EXCLUSIVE.into()))
    );
    ok(&mut s, &route(4, 1, None));
    // The dump shows RTA_NH_ID then the gateway and device of the object.
    s.set_strict_check(false).unwrap();
    s.send(&req(|b| {
        let mut m =
            nlwire_codec::Builder::message(b, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP, 5, 0)
                .unwrap();
        m.put_bytes(&rtmsg(0, 0, 0, 0, 0, 0)).unwrap();
        m.finish();
    }))
    .unwrap();
    let all = messages(&drain(&mut s));
    let found = all.iter().find_map(|b| {
        let x = msg(b);
        if x.message_type() != rtm::NEWROUTE {
            return None;
        }
        let p = x.payload();
        let attrs: Vec<(u16, Vec<u8>)> = nlwire_codec::Attrs::with_offset(&p[12..], 0)
            .map(|a| {
                let a = a.unwrap();
                (a.kind(), a.payload().to_vec())
            })
            .collect();
        attrs
            .iter()
            .any(|(t, v)| *t == 1 && v[..] == [10, 5, 4, 0])
            .then_some(attrs)
    });
    let attrs = found.expect("the route");
    let kinds: Vec<u16> = attrs.iter().map(|a| a.0).collect();
    assert_eq!(kinds, [15, 1, 30, 5, 4]);
    let _ = Messages::new(&[]);
    let _ = Ipv6Addr::LOCALHOST;
}

#[test]
fn carrier_loss_and_admin_down() {
    // Observed: the peer going down (v1 loses carrier) removed v1's STALE entry with
    // DELNEIGH but kept the PERMANENT one, and removed the nexthop on v1 without any
    // nexthop notification (its group shrank silently); v1 going down itself removed
    // the permanent entry too.
    let (k, mut s) = setup();
    let perm = NeighSpec {
        lladdr: Some(&MAC),
        ..NeighSpec::new(v4(10, 0, 0, 2), V1)
    };
    let stale = NeighSpec {
        state: nud::STALE,
        ..NeighSpec::new(v4(10, 0, 0, 3), V1)
    };
    let stale = NeighSpec {
        lladdr: Some(&MAC),
        ..stale
    };
    ok(&mut s, &neigh_add(1, &perm));
    ok(&mut s, &neigh_add(2, &stale));
    // A second pair (a1=5, a0=6), untouched.
    ok(&mut s, &veth(30, "a0", None, "a1", None));
    ok(&mut s, &set_up(31, 5, true));
    ok(&mut s, &set_up(32, 6, true));
    for (id, dev) in [(1, V1), (2, 6)] {
        let n = NexthopSpec {
            id,
            oif: Some(dev as u32),
            ..NexthopSpec::default()
        };
        ok(&mut s, &nh_add(id + 2, &n));
    }
    let both = [GroupMember::new(1, 1), GroupMember::new(2, 1)];
    ok(
        &mut s,
        &nh_add(
            5,
            &NexthopSpec {
                id: 3,
                group: &both,
                ..NexthopSpec::default()
            },
        ),
    );
    let mut m = monitor(&k, &[group::NEIGH, group::NEXTHOP]);
    ok(&mut s, &set_up(6, V0, false));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 1);
    let e = msg(&ev[0]);
    assert_eq!(e.message_type(), rtm::DELNEIGH);
    assert_eq!(NeighMsg::parse(&e).unwrap().state(), nud::STALE);
    assert_eq!(nh_ids(&mut s, &DumpFilter::default()), [2, 3]);
    s.set_strict_check(false).unwrap();
    ok(&mut s, &set_up(7, V1, false));
    let kinds: Vec<MessageType> = messages(&drain(&mut m))
        .iter()
        .map(|b| msg(b).message_type())
        .collect();
    assert_eq!(kinds, [rtm::DELNEIGH]);
}

#[test]
fn nexthop_get_delete_validation_and_scopes() {
    let (_k, mut s) = setup();
    let dev = NexthopSpec {
        id: 1,
        oif: Some(V1 as u32),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(1, &dev));
    // Observed: an IPv6 device-only nexthop reports link scope (IPv4: host).
    let dev6 = NexthopSpec {
        id: 7,
        family: family::INET6,
        ..dev
    };
    ok(&mut s, &nh_add(2, &dev6));
    s.send(&req(|b| {
        nexthop::get_request(b, 3, 7, 0).unwrap();
    }))
    .unwrap();
    let r = messages(&drain(&mut s));
    assert_eq!(NexthopMsg::parse(&msg(&r[0])).unwrap().scope(), 253);
    // A resilient group cannot be a member.
    let one = [GroupMember::new(1, 1)];
    let res = NexthopSpec {
        id: 2,
        group: &one,
        group_type: Some(group_type::RES),
        res_group: Some(ResGroup {
            buckets: Some(4),
            ..ResGroup::default()
        }),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(4, &res));
    let of_res = [GroupMember::new(2, 1)];
    let g = NexthopSpec {
        id: 3,
        group: &of_res,
        ..NexthopSpec::default()
    };
    assert_eq!(
        err(&mut s, &nh_add(5, &g)),
        (22, Some(texts::NH_GROUP_NESTED_RES.into()))
    );
    // Get/delete: id 0 -> "Invalid nexthop id"; protocol set -> "Invalid values in
    // header"; another attribute -> "Unsupported attribute" at its offset (32).
    let get = |seq: u32, proto: u8, id: u32, oif: Option<u32>| {
        req(move |b| {
            let mut h = nexthop::NhMsg::new(family::UNSPEC);
            h.protocol = proto;
            let mut m = nexthop::message(b, rtm::GETNEXTHOP, Flags::REQUEST, seq, &h).unwrap();
            m.put_u32(nexthop::nha::ID, id).unwrap();
            if let Some(o) = oif {
                m.put_u32(nexthop::nha::OIF, o).unwrap();
            }
            m.finish();
        })
    };
    assert_eq!(
        err(&mut s, &get(6, 0, 0, None)),
        (22, Some(texts::NH_GROUP_MEMBER.into()))
    );
    assert_eq!(
        err(&mut s, &get(7, 3, 1, None)),
        (22, Some(texts::NH_GET_VALUES.into()))
    );
    s.send(&get(8, 0, 1, Some(V1 as u32))).unwrap();
    let r = messages(&drain(&mut s));
    let e = nlwire_codec::ErrorMsg::parse(&msg(&r[0])).unwrap();
    assert_eq!(e.errno(), Some(22));
    assert_eq!(e.ext_ack().msg, Some(texts::UNSUPPORTED_ATTR));
    assert_eq!(e.ext_ack().offset, Some(32));
    assert_eq!(
        err(
            &mut s,
            &req(|b| {
                nexthop::delete_request(b, 9, 0).unwrap();
            })
        ),
        (22, Some(texts::NH_GROUP_MEMBER.into()))
    );
}

#[test]
fn neigh_proxy_entries_and_short_dump_header() {
    let (_k, mut s) = setup();
    // Observed: an NTF_PROXY entry needs no lladdr and is listed only by a dump with
    // ndm_flags NTF_PROXY, as {flags NTF_PROXY, type unicast, NDA_DST}.
    let p = NeighSpec {
        flags: ntf::PROXY,
        ..NeighSpec::new(v4(10, 0, 0, 4), V1)
    };
    ok(&mut s, &neigh_add(1, &p));
    let all = dump(
        &mut s,
        &req(|b| {
            neigh::dump_request(b, 2, family::INET, 0).unwrap();
        }),
    );
    assert_eq!(all[0].len(), 1, "only DONE");
    s.set_strict_check(true).unwrap();
    let proxies = req(|b| {
        let mut h = neigh::NdMsg::new(family::INET, 0);
        h.flags = ntf::PROXY;
        neigh::message(b, rtm::GETNEIGH, Flags::REQUEST | Flags::DUMP, 3, &h)
            .unwrap()
            .finish();
    });
    let d = dump(&mut s, &proxies);
    assert_eq!(d[0].len(), 2);
    let n = NeighMsg::parse(&msg(&d[0][0])).unwrap();
    assert_eq!(
        (n.flags(), n.neigh_type(), n.ifindex()),
        (ntf::PROXY, 1, V1)
    );
    assert_eq!(n.lladdr(), None);
    // Without strict checking a 1-byte rtgenmsg still dumps, and NLMSG_DONE (error 0)
    // carries the warning "Invalid header length".
    s.set_strict_check(false).unwrap();
    ok(
        &mut s,
        &neigh_add(
            4,
            &NeighSpec {
                lladdr: Some(&MAC),
                ..NeighSpec::new(v4(10, 0, 0, 2), V1)
            },
        ),
    );
    let short = req(|b| {
        let mut m =
            nlwire_codec::Builder::message(b, rtm::GETNEIGH, Flags::REQUEST | Flags::DUMP, 5, 0)
                .unwrap();
        m.put_bytes(&[family::INET]).unwrap();
        m.finish();
    });
    let d = dump(&mut s, &short);
    assert_eq!(d[0].len(), 2);
    let done = nlwire_codec::Done::parse(&msg(&d[0][1])).unwrap();
    assert_eq!(done.errno(), None);
    assert_eq!(done.ext_ack().msg, Some(texts::INVALID_HEADER_LEN));
}

#[test]
fn nexthop_dump_filters() {
    // Observed: NHA_GROUPS lists groups only, NHA_OIF / NHA_MASTER the nexthops on that
    // device / on ports of that master, nh_family the nexthops of that family; nexthop
    // dumps do not set NLM_F_DUMP_FILTERED; a header with a protocol -> EINVAL in DONE.
    let (_k, mut s) = setup();
    for (id, dev) in [(1, V1), (4, V0), (22, V0)] {
        let n = NexthopSpec {
            id,
            oif: Some(dev as u32),
            ..NexthopSpec::default()
        };
        ok(&mut s, &nh_add(id, &n));
    }
    let v6 = NexthopSpec {
        id: 10,
        family: family::INET6,
        oif: Some(V1 as u32),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(10, &v6));
    let m = [GroupMember::new(1, 1), GroupMember::new(4, 1)];
    let g = NexthopSpec {
        id: 100,
        group: &m,
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(11, &g));
    let f = DumpFilter::default();
    assert_eq!(nh_ids(&mut s, &f), [1, 4, 10, 22, 100]);
    let groups = DumpFilter { groups: true, ..f };
    assert_eq!(nh_ids(&mut s, &groups), [100]);
    let by_oif = DumpFilter {
        oif: Some(V0 as u32),
        ..f
    };
    assert_eq!(nh_ids(&mut s, &by_oif), [4, 22]);
    let by_master = DumpFilter {
        master: Some(BR as u32),
        ..f
    };
    assert_eq!(nh_ids(&mut s, &by_master), [4, 22]);
    let by_family = DumpFilter {
        family: family::INET6,
        ..f
    };
    assert_eq!(nh_ids(&mut s, &by_family), [10]);
    let d = dump(
        &mut s,
        &req(|b| {
            nexthop::dump_request(b, 60, &by_oif).unwrap();
        }),
    );
    assert!(!msg(&d[0][0]).flags().contains(Flags::DUMP_FILTERED));
    let bad = req(|b| {
        let mut h = nexthop::NhMsg::new(family::UNSPEC);
        h.protocol = 3;
        nexthop::message(b, rtm::GETNEXTHOP, Flags::REQUEST | Flags::DUMP, 61, &h)
            .unwrap()
            .finish();
    });
    let d = dump(&mut s, &bad);
    let done = nlwire_codec::Done::parse(&msg(&d[0][0])).unwrap();
    assert_eq!(done.errno(), Some(22));
    assert_eq!(done.ext_ack().msg, Some(texts::NH_DUMP_VALUES));
}

#[test]
fn nexthop_replace_notifies_routes() {
    // Observed: replacing a nexthop used by a route sends NEWNEXTHOP (flags 0x505) then
    // NEWROUTE with NLM_F_REPLACE (0x100) and the request's seq for that route, showing
    // the new gateway.
    let (k, mut s) = setup();
    let nh = NexthopSpec {
        id: 5,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, 3)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(1, &nh));
    let route = req(|b| {
        let mut m = nlwire_codec::Builder::message(
            b,
            rtm::NEWROUTE,
            Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL,
            2,
            0,
        )
        .unwrap();
        m.put_bytes(&rtmsg(24, 254, 3, 0, 1, 0)).unwrap();
        m.put(1, &[10, 7, 0, 0]).unwrap();
        m.put_u32(30, 5).unwrap();
        m.finish();
    });
    ok(&mut s, &route);
    let mut m = monitor(&k, &[group::NEXTHOP, group::IPV4_ROUTE]);
    let new = NexthopSpec {
        gateway: Some(v4(10, 0, 0, 4)),
        ..nh
    };
    ok(
        &mut s,
        &req(|b| {
            nexthop::replace_request(b, 3, &new).unwrap();
        }),
    );
    let ev = messages(&drain(&mut m));
    let heads: Vec<(MessageType, u16, u32)> = ev
        .iter()
        .map(|b| {
            let x = msg(b);
            (x.message_type(), x.flags().0, x.seq())
        })
        .collect();
    assert_eq!(
        heads,
        [(rtm::NEWNEXTHOP, 0x505, 3), (rtm::NEWROUTE, 0x100, 3)]
    );
    let p = msg(&ev[1]).payload().to_vec();
    let gw = nlwire_codec::Attrs::with_offset(&p[12..], 0)
        .find(5)
        .unwrap()
        .map(|a| a.payload().to_vec());
    assert_eq!(gw, Some(vec![10, 0, 0, 4]));
}

#[test]
fn rule_echo_and_v6_notification_group() {
    // Observed: NLM_F_ECHO on NEWRULE puts a copy (requester's seq) before the ack;
    // IPv6 rules are notified on RTNLGRP_IPV6_RULE, not on the IPv4 group.
    let (k, mut s) = setup();
    let mut m4 = monitor(&k, &[group::IPV4_RULE]);
    let mut m6 = monitor(&k, &[group::IPV6_RULE]);
    let spec = RuleSpec {
        priority: Some(127),
        table: Some(8),
        ..RuleSpec::new(family::INET)
    };
    let r = req(|b| {
        let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL | Flags::ECHO;
        let mut m = rule::message(b, rtm::NEWRULE, flags, 9, &spec.header(true)).unwrap();
        spec.put_attrs(&mut m).unwrap();
        m.finish();
    });
    s.send(&r).unwrap();
    let got = messages(&drain(&mut s));
    let kinds: Vec<(MessageType, u32)> = got
        .iter()
        .map(|b| (msg(b).message_type(), msg(b).seq()))
        .collect();
    assert_eq!(kinds, [(rtm::NEWRULE, 9), (MessageType::ERROR, 9)]);
    assert_eq!(messages(&drain(&mut m4)).len(), 1);
    let v6 = RuleSpec {
        family: family::INET6,
        ..spec
    };
    ok(&mut s, &rule_add(10, &v6));
    assert!(drain(&mut m4).is_empty());
    let ev = messages(&drain(&mut m6));
    assert_eq!(ev.len(), 1);
    assert_eq!(
        RuleMsg::parse(&msg(&ev[0])).unwrap().family(),
        family::INET6
    );
}

/// One `RTM_GETROUTE` lookup: `Ok((table, gateway, oif))` from the reply (table from
/// `RTA_TABLE`), or the errno.
fn route_get(
    s: &mut SimSocket,
    q: &nlwire_codec::rtnl::route::RouteQuery,
) -> Result<(u32, Option<IpAddr>, u32), i32> {
    use nlwire_codec::rtnl::route::{RouteMsg, get_request};
    s.send(&req(|b| {
        get_request(b, 40, q).unwrap();
    }))
    .unwrap();
    let all = messages(&drain(s));
    assert_eq!(all.len(), 1);
    let m = msg(&all[0]);
    if m.message_type() == MessageType::ERROR {
        let e = nlwire_codec::ErrorMsg::parse(&m).unwrap();
        return Err(e.errno().unwrap_or(0));
    }
    let r = RouteMsg::parse(&m).unwrap();
    Ok((
        r.table().unwrap(),
        r.gateway().unwrap(),
        r.oif().unwrap().unwrap_or(0),
    ))
}

#[test]
fn rules_take_part_in_route_lookups() {
    use nlwire_codec::rtnl::route::RouteQuery;
    // Observed on 6.18 (same rules and routes, v0 10.1.0.1/24 there, v1 10.0.0.1/24
    // here): each lookup's table with RTM_F_LOOKUP_TABLE, the errno of each action.
    let (_k, mut s) = setup();
    const LOOKUP_TABLE: u32 = 0x1000;
    let q = |d: [u8; 4]| RouteQuery {
        flags: LOOKUP_TABLE,
        ..RouteQuery::to(v4(d[0], d[1], d[2], d[3]))
    };
    // Without custom rules a local address is reported in table main (merged trie).
    assert_eq!(route_get(&mut s, &q([10, 0, 0, 1])), Ok((254, None, 1)));
    let mut t100 = RouteReq::add(Ipv4Addr::new(10, 9, 0, 0), 16).via(Ipv4Addr::new(10, 0, 0, 2));
    t100.table = 100;
    ok(&mut s, &t100.build(2));
    let mut t200 = RouteReq::add(Ipv4Addr::new(10, 9, 1, 0), 24).dev(V1 as u32);
    t200.table = 200;
    t200.scope = 253;
    ok(&mut s, &t200.build(3));
    let to = |p: u32, d: [u8; 4], len: u8| RuleSpec {
        priority: Some(p),
        dst: Some((v4(d[0], d[1], d[2], d[3]), len)),
        ..RuleSpec::new(family::INET)
    };
    let rules = [
        RuleSpec {
            table: Some(100),
            ..to(500, [10, 9, 0, 0], 16)
        },
        RuleSpec {
            table: Some(200),
            fwmark: Some(7),
            ..to(400, [10, 9, 0, 0], 16)
        },
        RuleSpec {
            action: action::BLACKHOLE,
            ..to(600, [10, 50, 0, 0], 16)
        },
        RuleSpec {
            action: action::UNREACHABLE,
            ..to(601, [10, 51, 0, 0], 16)
        },
        RuleSpec {
            action: action::PROHIBIT,
            ..to(602, [10, 52, 0, 0], 16)
        },
        RuleSpec {
            action: action::GOTO,
            goto: Some(700),
            ..to(604, [10, 53, 0, 0], 16)
        },
        RuleSpec {
            action: action::BLACKHOLE,
            ..to(650, [10, 53, 0, 0], 16)
        },
        RuleSpec {
            table: Some(100),
            ..to(700, [10, 53, 0, 0], 16)
        },
        RuleSpec {
            table: Some(100),
            ip_proto: Some(6),
            dport: Some(PortRange::new(80, 90)),
            ..to(10, [10, 60, 0, 0], 16)
        },
    ];
    for (i, r) in rules.iter().enumerate() {
        ok(&mut s, &rule_add(10 + i as u32, r));
    }
    let gw2 = Some(v4(10, 0, 0, 2));
    assert_eq!(
        route_get(&mut s, &q([10, 9, 1, 5])),
        Ok((100, gw2, V1 as u32))
    );
    let marked = RouteQuery {
        mark: Some(7),
        ..q([10, 9, 1, 5])
    };
    assert_eq!(route_get(&mut s, &marked), Ok((200, None, V1 as u32)));
    assert_eq!(route_get(&mut s, &q([10, 50, 0, 1])), Err(22));
    assert_eq!(route_get(&mut s, &q([10, 51, 0, 1])), Err(101));
    assert_eq!(route_get(&mut s, &q([10, 52, 0, 1])), Err(13));
    // goto skips the blackhole; table 100 has nothing for it; main neither.
    assert_eq!(route_get(&mut s, &q([10, 53, 0, 1])), Err(101));
    // With custom rules the local table is its own: 255.
    assert_eq!(route_get(&mut s, &q([10, 0, 0, 1])), Ok((255, None, 1)));
    // Without RTM_F_LOOKUP_TABLE the reply says main whatever table answered.
    let plain = RouteQuery {
        flags: 0,
        ..q([10, 9, 1, 5])
    };
    assert_eq!(route_get(&mut s, &plain), Ok((254, gw2, V1 as u32)));
    // ipproto and port selectors: tcp to 85 matches the rule, udp does not.
    let tcp = RouteQuery {
        ip_proto: Some(6),
        dport: Some(85),
        ..q([10, 60, 0, 1])
    };
    assert_eq!(route_get(&mut s, &q([10, 60, 0, 1])), Err(101));
    assert_eq!(
        route_get(
            &mut s,
            &RouteQuery {
                ip_proto: Some(17),
                ..tcp
            }
        ),
        Err(101)
    );
    // (table 100 has no 10.60/16: the rule matches, the table misses, main misses.)
    assert_eq!(route_get(&mut s, &tcp), Err(101));
    let mut t100b = RouteReq::add(Ipv4Addr::new(10, 60, 0, 0), 16).via(Ipv4Addr::new(10, 0, 0, 3));
    t100b.table = 100;
    ok(&mut s, &t100b.build(30));
    assert_eq!(
        route_get(&mut s, &tcp),
        Ok((100, Some(v4(10, 0, 0, 3)), V1 as u32))
    );
    assert_eq!(
        route_get(
            &mut s,
            &RouteQuery {
                ip_proto: Some(17),
                ..tcp
            }
        ),
        Err(101)
    );
    // A gateway is looked up at link scope: table 100's 10.9/16 (via a gateway,
    // universe scope) does not count, table 200's device route does.
    ok(
        &mut s,
        &rule_add(
            35,
            &RuleSpec {
                table: Some(200),
                ..to(550, [10, 9, 1, 0], 24)
            },
        ),
    );
    // Gateway checks go through the rules: a route or a nexthop object via a gateway
    // the rules send to blackhole / unreachable / prohibit fails with that errno and
    // "Nexthop has invalid gateway"; via a gateway a rule resolves on-link: fine.
    let bad = Some(texts::NH_BAD_GATEWAY.into());
    for (gw, e) in [
        ([10, 50, 0, 1], 22),
        ([10, 51, 0, 1], 101),
        ([10, 52, 0, 1], 13),
        ([10, 9, 2, 1], 101),
    ] {
        let gw = Ipv4Addr::from(gw);
        let r = RouteReq::add(Ipv4Addr::new(10, 70, 0, 0), 16).via(gw);
        assert_eq!(
            err(&mut s, &r.build(31)),
            (e, bad.clone()),
            "route via {gw}"
        );
        let nh = NexthopSpec {
            id: 5,
            oif: Some(V1 as u32),
            gateway: Some(IpAddr::V4(gw)),
            ..NexthopSpec::default()
        };
        assert_eq!(
            err(&mut s, &nh_add(32, &nh)),
            (e, bad.clone()),
            "nexthop via {gw}"
        );
    }
    ok(
        &mut s,
        &RouteReq::add(Ipv4Addr::new(10, 70, 0, 0), 16)
            .via(Ipv4Addr::new(10, 9, 1, 1))
            .build(33),
    );
    let nh = NexthopSpec {
        id: 5,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 9, 1, 1)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(34, &nh));
}

#[test]
fn suppress_prefixlength_skips_short_matches() {
    use nlwire_codec::rtnl::route::RouteQuery;
    // Observed: `rule add lookup main suppress_prefixlength 0 pref 100` with a default
    // route in main via .2 and 10.70/16 via .3: 10.70.0.1 from main at pref 100, the
    // default route suppressed there but found again by the main rule at 32766.
    // Here a table-100 default route shows the suppression: pref 100 looks up table
    // 100 (suppressing /0), then main at 32766 has no route -> ENETUNREACH, while
    // without suppression it would answer from table 100.
    let (_k, mut s) = setup();
    let mut def = RouteReq::add(Ipv4Addr::UNSPECIFIED, 0).via(Ipv4Addr::new(10, 0, 0, 2));
    def.table = 100;
    ok(&mut s, &def.build(2));
    let rule = RuleSpec {
        priority: Some(100),
        table: Some(100),
        suppress_prefixlen: Some(0),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(3, &rule));
    let q = RouteQuery {
        flags: 0x1000,
        ..RouteQuery::to(v4(10, 80, 0, 1))
    };
    assert_eq!(route_get(&mut s, &q), Err(101));
    let plain = RuleSpec {
        priority: Some(101),
        suppress_prefixlen: None,
        ..rule
    };
    ok(&mut s, &rule_add(4, &plain));
    assert_eq!(
        route_get(&mut s, &q),
        Ok((100, Some(v4(10, 0, 0, 2)), V1 as u32))
    );
}

/// The attribute types of a route message, in order.
fn route_attr_kinds(b: &[u8]) -> Vec<u16> {
    let m = msg(b);
    nlwire_codec::Attrs::with_offset(&m.payload()[12..], 0)
        .map(|a| a.unwrap().kind())
        .collect()
}

#[test]
fn ipv6_routes_through_nexthop_objects() {
    // Observed on 6.18 (v0 there = V1 here, with 2001:db8:1::1/64 and lo up).
    use nlwire_codec::rtnl::addr::{self as ra, AddrSpec};
    use nlwire_codec::rtnl::route::{self as rr, RouteSpec};
    let (k, mut s) = setup();
    ok(&mut s, &set_up(1, 1, true));
    ok(
        &mut s,
        &req(|b| {
            let a = AddrSpec {
                flags: 2, // nodad
                ..AddrSpec::new(IpAddr::V6("2001:db8:1::1".parse().unwrap()), 64, V1 as u32)
            };
            ra::add_request(b, 2, &a).unwrap();
        }),
    );
    let ip6 = |s: &str| IpAddr::V6(s.parse().unwrap());
    let via6 = |id, gw: &str| NexthopSpec {
        id,
        oif: Some(V1 as u32),
        gateway: Some(ip6(gw)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(3, &via6(1, "2001:db8:1::2")));
    ok(&mut s, &nh_add(4, &via6(2, "2001:db8:1::3")));
    let members = [GroupMember::new(1, 1), GroupMember::new(2, 1)];
    let grp = NexthopSpec {
        id: 10,
        group: &members,
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(5, &grp));
    let via4 = NexthopSpec {
        id: 4,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, 2)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(6, &via4));
    let bh6 = NexthopSpec {
        id: 5,
        family: family::INET6,
        blackhole: true,
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(7, &bh6));
    let bh = NexthopSpec {
        id: 6,
        blackhole: true,
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(8, &bh));
    drain(&mut s);
    let mut m = monitor(&k, &[group::IPV6_ROUTE, group::IPV4_ROUTE, group::NEXTHOP]);
    let route = |dst: IpAddr, len: u8, id: u32| RouteSpec {
        nh_id: Some(id),
        ..RouteSpec::to(dst, len)
    };
    let add = |seq: u32, r: &RouteSpec<'_>| {
        req(|b| {
            rr::add_request(b, seq, r).unwrap();
        })
    };
    let del = |seq: u32, r: &RouteSpec<'_>| {
        req(|b| {
            rr::delete_request(b, seq, r).unwrap();
        })
    };
    // A group: RTA_NH_ID after RTA_PRIORITY, then RTA_MULTIPATH (176 bytes).
    ok(&mut s, &add(10, &route(ip6("2001:db8:20::"), 48, 10)));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 1);
    assert_eq!((msg(&ev[0]).flags().0, ev[0].len()), (0x600, 176));
    assert_eq!(route_attr_kinds(&ev[0]), [15, 1, 6, 30, 9, 12, 20]);
    // A single gateway: RTA_GATEWAY and RTA_OIF (144 bytes).
    ok(&mut s, &add(11, &route(ip6("2001:db8:21::"), 48, 1)));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev[0].len(), 144);
    assert_eq!(route_attr_kinds(&ev[0]), [15, 1, 6, 30, 5, 4, 12, 20]);
    // An IPv6 blackhole object: type blackhole, oif lo.
    ok(&mut s, &add(12, &route(ip6("2001:db8:23::"), 48, 5)));
    let ev = messages(&drain(&mut m));
    assert_eq!((msg(&ev[0]).payload()[7], ev[0].len()), (6, 124));
    assert_eq!(route_attr_kinds(&ev[0]), [15, 1, 6, 30, 4, 12, 20]);
    // IPv4 objects (a blackhole made without a family is one) are refused.
    for (seq, id) in [(13, 6), (14, 4)] {
        assert_eq!(
            err(&mut s, &add(seq, &route(ip6("2001:db8:25::"), 48, id))),
            (22, Some(texts::ROUTE6_V4_NH.into()))
        );
    }
    assert_eq!(
        err(&mut s, &add(15, &route(ip6("2001:db8:21::"), 48, 2))),
        (17, None)
    );
    // IPv4 routes through objects with IPv6 gateways: RTA_VIA (84 bytes; a group of
    // two: RTA_MULTIPATH with two 32-byte entries, 120 bytes).
    ok(&mut s, &add(16, &route(v4(10, 20, 0, 0), 16, 1)));
    ok(&mut s, &add(17, &route(v4(10, 22, 0, 0), 16, 4)));
    ok(&mut s, &add(18, &route(v4(10, 21, 0, 0), 16, 10)));
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[0].len(), 84);
    assert_eq!(route_attr_kinds(&ev[0]), [15, 1, 30, 18, 4]);
    let via = nlwire_codec::Attrs::with_offset(&msg(&ev[0]).payload()[12..], 0)
        .find(18)
        .unwrap()
        .unwrap();
    let mut want = vec![10u8, 0];
    want.extend(
        "2001:db8:1::2"
            .parse::<std::net::Ipv6Addr>()
            .unwrap()
            .octets(),
    );
    assert_eq!(via.payload(), &want[..]);
    assert_eq!(route_attr_kinds(&ev[1]), [15, 1, 30, 5, 4]);
    assert_eq!(ev[2].len(), 120);
    // Deletes by nexthop id: unknown id EINVAL, another id or a device ESRCH (IPv4;
    // IPv6 takes a device as matching), the right id deletes.
    assert_eq!(
        err(&mut s, &del(20, &route(v4(10, 20, 0, 0), 16, 99))),
        (22, Some(texts::NH_ID_UNKNOWN.into()))
    );
    let by_dev = RouteSpec {
        oif: V1 as u32,
        ..RouteSpec::to(v4(10, 22, 0, 0), 16)
    };
    assert_eq!(err(&mut s, &del(21, &by_dev)), (3, None));
    assert_eq!(
        err(&mut s, &del(22, &route(ip6("2001:db8:21::"), 48, 2))),
        (3, None)
    );
    ok(&mut s, &del(23, &route(ip6("2001:db8:21::"), 48, 1)));
    ok(&mut s, &del(24, &RouteSpec::to(v4(10, 22, 0, 0), 16)));
    let by_dev6 = RouteSpec {
        oif: V1 as u32,
        ..RouteSpec::to(ip6("2001:db8:23::"), 48)
    };
    ok(&mut s, &del(25, &by_dev6));
    let ev = messages(&drain(&mut m));
    let kinds: Vec<_> = ev.iter().map(|b| msg(b).message_type()).collect();
    assert_eq!(kinds, [rtm::DELROUTE; 3]);
    // Deleting member 1: DELNEXTHOP, NEWNEXTHOP for the group, no route
    // notification; the IPv4 route through 1 is gone, the group's routes shrink
    // (IPv6 keeps RTA_MULTIPATH with one entry, IPv4 shows it as a single path).
    ok(
        &mut s,
        &req(|b| {
            nexthop::delete_request(b, 30, 1).unwrap();
        }),
    );
    let ev = messages(&drain(&mut m));
    let kinds: Vec<_> = ev.iter().map(|b| msg(b).message_type()).collect();
    assert_eq!(kinds, [rtm::DELNEXTHOP, rtm::NEWNEXTHOP]);
    s.set_strict_check(false).unwrap();
    s.send(&req(|b| {
        let mut m =
            nlwire_codec::Builder::message(b, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP, 31, 0)
                .unwrap();
        m.put_bytes(&[0u8; 12]).unwrap();
        m.finish();
    }))
    .unwrap();
    let all = messages(&drain(&mut s));
    let with_nh: Vec<(u8, usize, Vec<u16>)> = all
        .iter()
        .filter(|b| msg(b).message_type() == rtm::NEWROUTE && route_attr_kinds(b).contains(&30))
        .map(|b| (msg(b).payload()[0], b.len(), route_attr_kinds(b)))
        .collect();
    assert_eq!(
        with_nh,
        [
            (2, 84, vec![15, 1, 30, 18, 4]),
            (10, 148, vec![15, 1, 6, 30, 9, 12, 20]),
        ]
    );
    // A lookup through the IPv4 route whose group has one IPv6 gateway left: RTA_VIA
    // where RTA_GATEWAY would be (TABLE, DST, OIF, PREFSRC, VIA, UID, CACHEINFO).
    s.send(&req(|b| {
        rr::get_request(b, 32, &rr::RouteQuery::to(v4(10, 21, 0, 1))).unwrap();
    }))
    .unwrap();
    let r = messages(&drain(&mut s)).remove(0);
    assert_eq!(route_attr_kinds(&r), [15, 1, 4, 7, 18, 25, 12]);
}

#[test]
fn ipv6_nexthop_gateway_checks_and_replace_notifies_ipv6_routes() {
    // Observed on 6.18 (v0 there = V1 here, with 2001:db8:1::1/64, lo up).
    use nlwire_codec::rtnl::addr::{self as ra, AddrSpec};
    use nlwire_codec::rtnl::route::{self as rr, RouteSpec};
    let (k, mut s) = setup();
    ok(&mut s, &set_up(1, 1, true));
    ok(
        &mut s,
        &req(|b| {
            let a = AddrSpec {
                flags: 2, // nodad
                ..AddrSpec::new(IpAddr::V6("2001:db8:1::1".parse().unwrap()), 64, V1 as u32)
            };
            ra::add_request(b, 2, &a).unwrap();
        }),
    );
    let ip6 = |s: &str| IpAddr::V6(s.parse().unwrap());
    let via6 = |id, gw: &str, dev: i32| NexthopSpec {
        id,
        oif: Some(dev as u32),
        gateway: Some(ip6(gw)),
        ..NexthopSpec::default()
    };
    // Unreachable, on-link only on another device: EHOSTUNREACH without text; a local
    // address: EINVAL.
    assert_eq!(
        err(&mut s, &nh_add(3, &via6(7, "2001:db8:99::2", V1))),
        (113, None)
    );
    assert_eq!(
        err(&mut s, &nh_add(4, &via6(9, "2001:db8:1::9", V0))),
        (113, None)
    );
    assert_eq!(
        err(&mut s, &nh_add(5, &via6(8, "2001:db8:1::1", V1))),
        (22, Some(texts::ROUTE6_GW_LOCAL.into()))
    );
    // Behind a blackhole rule: EHOSTUNREACH too.
    let bh = RuleSpec {
        priority: Some(100),
        action: action::BLACKHOLE,
        dst: Some((ip6("2001:db8:1::"), 64)),
        ..RuleSpec::new(family::INET6)
    };
    ok(&mut s, &rule_add(6, &bh));
    assert_eq!(
        err(&mut s, &nh_add(7, &via6(11, "2001:db8:1::2", V1))),
        (113, None)
    );
    ok(
        &mut s,
        &req(|b| {
            rule::delete_request(b, 8, &bh).unwrap();
        }),
    );
    ok(&mut s, &nh_add(9, &via6(1, "2001:db8:1::2", V1)));
    let r = RouteSpec {
        nh_id: Some(1),
        ..RouteSpec::to(ip6("2001:db8:21::"), 48)
    };
    ok(
        &mut s,
        &req(|b| {
            rr::add_request(b, 10, &r).unwrap();
        }),
    );
    // Replacing the object: NEWNEXTHOP, then NEWROUTE (NLM_F_REPLACE, the requester's
    // seq) for the IPv6 route with the new gateway.
    let mut m = monitor(&k, &[group::IPV6_ROUTE, group::NEXTHOP]);
    s.send(&req(|b| {
        nexthop::replace_request(b, 11, &via6(1, "2001:db8:1::3", V1)).unwrap();
    }))
    .unwrap();
    drain(&mut s);
    let ev = messages(&drain(&mut m));
    assert_eq!(ev.len(), 2);
    assert_eq!(msg(&ev[0]).message_type(), rtm::NEWNEXTHOP);
    let e = msg(&ev[1]);
    assert_eq!(
        (e.message_type(), e.flags().0, e.seq(), ev[1].len()),
        (rtm::NEWROUTE, 0x100, 11, 144)
    );
    let gw = nlwire_codec::Attrs::with_offset(&e.payload()[12..], 0)
        .find(5)
        .unwrap()
        .unwrap();
    assert_eq!(
        gw.payload(),
        "2001:db8:1::3"
            .parse::<std::net::Ipv6Addr>()
            .unwrap()
            .octets()
    );
}

#[test]
fn input_lookups_and_output_device_overrides() {
    use nlwire_codec::rtnl::route::RouteQuery;
    // Observed on 6.18 (v0 there = V1 here, 10.1.0.1/24 there = 10.0.0.1/24 here):
    // with RTA_IIF a local destination is answered (type local, flags 0x80000200,
    // TABLE, DST, SRC, OIF lo, [MARK], IIF, CACHEINFO, no UID), a broadcast one too
    // (type broadcast, flags 0x90000200), anything else EHOSTUNREACH (forwarding off);
    // no source EINVAL, a loopback source EINVAL, iif 999 ENODEV. With RTA_OIF a
    // rule's error gives way to the on-link assumption; fibmatch then EHOSTUNREACH.
    let (_k, mut s) = setup();
    let q = |d: [u8; 4], from: Option<[u8; 4]>, iif: u32| RouteQuery {
        src: from.map(|f| v4(f[0], f[1], f[2], f[3])),
        iif,
        ..RouteQuery::to(v4(d[0], d[1], d[2], d[3]))
    };
    let raw = |s: &mut SimSocket, q: &RouteQuery| {
        s.send(&req(|b| {
            nlwire_codec::rtnl::route::get_request(b, 50, q).unwrap();
        }))
        .unwrap();
        messages(&drain(s)).remove(0)
    };
    let r = raw(&mut s, &q([10, 0, 0, 1], Some([10, 0, 0, 2]), V1 as u32));
    let p = msg(&r).payload().to_vec();
    assert_eq!(&p[..12], &[2, 32, 32, 0, 254, 0, 0, 2, 0, 2, 0, 0x80]);
    assert_eq!(route_attr_kinds(&r), [15, 1, 2, 4, 3, 12]);
    let marked = RouteQuery {
        mark: Some(5),
        ..q([10, 0, 0, 255], Some([10, 0, 0, 2]), V1 as u32)
    };
    let r = raw(&mut s, &marked);
    let p = msg(&r).payload().to_vec();
    assert_eq!(&p[..12], &[2, 32, 32, 0, 254, 0, 0, 3, 0, 2, 0, 0x90]);
    assert_eq!(route_attr_kinds(&r), [15, 1, 2, 4, 16, 3, 12]);
    let errno = |r: &[u8]| nlwire_codec::ErrorMsg::parse(&msg(r)).unwrap().errno();
    assert_eq!(
        errno(&raw(
            &mut s,
            &q([10, 9, 0, 1], Some([10, 0, 0, 2]), V1 as u32)
        )),
        Some(113)
    );
    assert_eq!(
        errno(&raw(&mut s, &q([10, 0, 0, 1], None, V1 as u32))),
        Some(22)
    );
    assert_eq!(
        errno(&raw(
            &mut s,
            &q([10, 0, 0, 1], Some([127, 0, 0, 5]), V1 as u32)
        )),
        Some(22)
    );
    assert_eq!(
        errno(&raw(&mut s, &q([10, 0, 0, 1], Some([10, 0, 0, 2]), 999))),
        Some(19)
    );
    let bh = RuleSpec {
        priority: Some(5),
        action: action::BLACKHOLE,
        dst: Some((v4(10, 50, 0, 0), 16)),
        ..RuleSpec::new(family::INET)
    };
    ok(&mut s, &rule_add(51, &bh));
    let out = RouteQuery {
        oif: V1 as u32,
        ..RouteQuery::to(v4(10, 50, 0, 1))
    };
    assert_eq!(route_get(&mut s, &out), Ok((254, None, V1 as u32)));
    assert_eq!(route_get(&mut s, &RouteQuery { oif: 0, ..out }), Err(22));
    assert_eq!(
        route_get(
            &mut s,
            &RouteQuery {
                flags: 0x2000,
                ..out
            }
        ),
        Err(113)
    );
}

#[test]
fn nexthop_via_a_local_address_has_host_scope() {
    // Observed on 6.18: `nexthop add id 9 via 10.1.0.1 dev v0` (v0's own address) is
    // accepted with scope host; a neighbour's address gives scope link.
    let (_k, mut s) = setup();
    let via = |id, d: u8| NexthopSpec {
        id,
        oif: Some(V1 as u32),
        gateway: Some(v4(10, 0, 0, d)),
        ..NexthopSpec::default()
    };
    ok(&mut s, &nh_add(1, &via(9, 1)));
    ok(&mut s, &nh_add(2, &via(8, 2)));
    let d = dump(
        &mut s,
        &req(|b| {
            nexthop::dump_request(b, 3, &DumpFilter::default()).unwrap();
        }),
    );
    let scopes: Vec<(u32, u8)> = d[0][..d[0].len() - 1]
        .iter()
        .map(|b| {
            let n = NexthopMsg::parse(&msg(b)).unwrap();
            (n.id().unwrap().unwrap_or(0), msg(b).payload()[1])
        })
        .collect();
    assert_eq!(scopes, [(8, 253), (9, 254)]);
}
