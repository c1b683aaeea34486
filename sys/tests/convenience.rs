//! The convenience layers against the real kernel: every method of
//! [`nlwire_sys::route::RtnlHandle`] (with its error paths: `EEXIST`, `ENODEV`, the
//! kernel's answer to a VLAN where 802.1Q is missing, …), the blocking
//! [`nlwire_sys::route::Monitor`], and generic netlink family resolution
//! ([`nlwire_sys::genl`]).
//!
//! Each test runs in a private network namespace made for it
//! ([`nlwire_sys::testing::in_private_netns`]): nothing here touches the host's
//! interfaces. Without the privilege to make one, the tests print `SKIP` and pass, unless
//! `NLWIRE_REQUIRE_KERNEL=1`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::mpsc;
use std::time::Duration;

use nlwire_codec::genl::ctrl;
use nlwire_codec::rtnl::family;
use nlwire_codec::rtnl::link::{iff, operstate};
use nlwire_codec::rtnl::neigh::nud;
use nlwire_codec::rtnl::route::{rt_table, rtn};
use nlwire_codec::rtnl::rule::action;
use nlwire_sys::genl::{self, FamilyCache, GenlClient};
use nlwire_sys::route::{Event, IpFamily, Monitor, RouteBuilder, RtnlHandle, RuleSpec, Table};
use nlwire_sys::testing::in_private_netns;
use nlwire_sys::{Client, Error, Protocol};

fn v4(a: u8, b: u8, c: u8, d: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(a, b, c, d))
}

fn errno(r: Result<(), Error>) -> i32 {
    match r {
        Ok(()) => panic!("expected an error"),
        Err(e) => e
            .errno()
            .unwrap_or_else(|| panic!("an error without errno: {e}")),
    }
}

/// A handle with a veth pair `v0` ⇄ `v1`, both up; their indexes.
fn with_veth() -> (RtnlHandle, u32, u32) {
    let mut rt = RtnlHandle::open().unwrap();
    rt.veth_add("v0", "v1").unwrap();
    let v0 = rt.link_index("v0").unwrap();
    let v1 = rt.link_index("v1").unwrap();
    rt.link_set_up(v0).unwrap();
    rt.link_set_up(v1).unwrap();
    (rt, v0, v1)
}

#[test]
fn links_and_lookups() {
    in_private_netns("links_and_lookups", || {
        let mut rt = RtnlHandle::open().unwrap();
        let links = rt.links().unwrap();
        assert_eq!(links.len(), 1, "{links:?}");
        let lo = &links[0];
        assert_eq!((lo.index, lo.name.as_str()), (1, "lo"));
        assert!(lo.flags & iff::LOOPBACK != 0);
        assert!(!lo.is_up());
        assert_eq!(lo.mtu, 65536);
        assert_eq!(lo.address, vec![0; 6]);
        assert_eq!(lo.kind, None);
        assert_eq!(lo.operstate, operstate::DOWN);
        assert_eq!(rt.link_by_name("lo").unwrap().as_ref(), Some(lo));
        assert_eq!(rt.link_by_index(1).unwrap().as_ref(), Some(lo));
        assert_eq!(rt.link_index("lo").unwrap(), 1);
        assert_eq!(
            lo.to_string(),
            "1: lo <LOOPBACK> mtu 65536 state DOWN address 00:00:00:00:00:00"
        );

        // Missing links: None from the lookups, ENODEV from the rest.
        assert_eq!(rt.link_by_name("nosuch0").unwrap(), None);
        assert_eq!(rt.link_by_index(4242).unwrap(), None);
        let e = rt.link_index("nosuch0").unwrap_err();
        assert_eq!(e.errno(), Some(libc::ENODEV), "{e}");
        assert_eq!(errno(rt.link_set_up(4242)), libc::ENODEV);
        assert_eq!(errno(rt.link_set_mtu(4242, 1400)), libc::ENODEV);
        assert_eq!(errno(rt.link_del(4242)), libc::ENODEV);
        // A name too long for the kernel: its policy error, not a lookup miss.
        let e = rt.link_by_name("sixteen-chars-xx").unwrap_err();
        assert_eq!(e.errno(), Some(libc::ERANGE), "{e}");
        // An index that does not fit ifinfomsg.
        let e = rt.link_set_up(u32::MAX).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    });
}

#[test]
fn veth_add_and_duplicates() {
    in_private_netns("veth_add_and_duplicates", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("v0", "v1").unwrap();
        let v0 = rt.link_by_name("v0").unwrap().unwrap();
        let v1 = rt.link_by_name("v1").unwrap().unwrap();
        assert_eq!(v0.kind.as_deref(), Some("veth"));
        assert_eq!(v1.kind.as_deref(), Some("veth"));
        assert_eq!(v0.link, Some(v1.index), "a veth's IFLA_LINK is its peer");
        assert_eq!(v1.link, Some(v0.index));
        assert_eq!(v0.address.len(), 6);
        assert_eq!(rt.links().unwrap().len(), 3);

        // EEXIST on either name.
        let e = rt.veth_add("v0", "v9").unwrap_err();
        assert_eq!(e.errno(), Some(libc::EEXIST), "{e}");
        assert!(e.to_string().contains("EEXIST"), "{e}");
        assert_eq!(errno(rt.veth_add("v8", "v1")), libc::EEXIST);
        assert_eq!(rt.links().unwrap().len(), 3, "nothing half-made");

        // Deleting one end deletes the pair.
        rt.link_del(v0.index).unwrap();
        assert_eq!(rt.link_by_name("v0").unwrap(), None);
        assert_eq!(rt.link_by_name("v1").unwrap(), None);
        assert_eq!(errno(rt.link_del(v0.index)), libc::ENODEV);
    });
}

#[test]
fn link_up_down_mtu_rename() {
    in_private_netns("link_up_down_mtu_rename", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("v0", "v1").unwrap();
        let v0 = rt.link_index("v0").unwrap();
        let v1 = rt.link_index("v1").unwrap();

        rt.link_set_up(v0).unwrap();
        let l = rt.link_by_index(v0).unwrap().unwrap();
        assert!(l.is_up());
        // Up but its peer is down: no carrier.
        assert_eq!(l.operstate_name(), "LOWERLAYERDOWN");
        rt.link_set_up(v1).unwrap();
        assert!(rt.link_by_index(v1).unwrap().unwrap().is_up());
        rt.link_set_down(v0).unwrap();
        assert!(!rt.link_by_index(v0).unwrap().unwrap().is_up());
        assert!(
            rt.link_by_index(v1).unwrap().unwrap().is_up(),
            "only v0 changed"
        );

        rt.link_set_mtu(v0, 1400).unwrap();
        assert_eq!(rt.link_by_index(v0).unwrap().unwrap().mtu, 1400);
        // Out of the device's range: the kernel's extended ack says why.
        let e = rt.link_set_mtu(v0, 10).unwrap_err();
        assert_eq!(e.errno(), Some(libc::EINVAL), "{e}");
        assert!(e.to_string().to_lowercase().contains("mtu"), "{e}");

        rt.link_rename(v0, "renamed0").unwrap();
        assert_eq!(rt.link_by_index(v0).unwrap().unwrap().name, "renamed0");
        assert_eq!(rt.link_by_name("v0").unwrap(), None);
        assert_eq!(errno(rt.link_rename(v0, "v1")), libc::EEXIST);
    });
}

#[test]
fn bridge_and_master() {
    in_private_netns("bridge_and_master", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.bridge_add("br0").unwrap();
        let br = rt.link_by_name("br0").unwrap().unwrap();
        assert_eq!(br.kind.as_deref(), Some("bridge"));
        assert_eq!(errno(rt.bridge_add("br0")), libc::EEXIST);

        rt.veth_add("v0", "v1").unwrap();
        let v0 = rt.link_index("v0").unwrap();
        rt.link_set_master(v0, br.index).unwrap();
        assert_eq!(
            rt.link_by_index(v0).unwrap().unwrap().master,
            Some(br.index)
        );
        rt.link_set_nomaster(v0).unwrap();
        assert_eq!(rt.link_by_index(v0).unwrap().unwrap().master, None);
        // A master that does not exist.
        assert_eq!(errno(rt.link_set_master(v0, 4242)), libc::EINVAL);
    });
}

#[test]
fn link_add_kinds() {
    in_private_netns("link_add_kinds", || {
        let mut rt = RtnlHandle::open().unwrap();
        let e = rt.link_add("x0", "nlwire-no-such-kind").unwrap_err();
        assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
        assert!(e.to_string().contains("Unknown device type"), "{e}");
        // ifb is built in on some kernels and missing on others: either way it is the
        // kernel's answer.
        match rt.link_add("ifb9", "ifb") {
            Ok(()) => {
                let l = rt.link_by_name("ifb9").unwrap().unwrap();
                assert_eq!(l.kind.as_deref(), Some("ifb"));
            }
            Err(e) => assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}"),
        }
    });
}

#[test]
fn vlan_add_or_the_kernels_error() {
    in_private_netns("vlan_add_or_the_kernels_error", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("v0", "v1").unwrap();
        let v0 = rt.link_index("v0").unwrap();
        match rt.vlan_add("v0.10", v0, 10) {
            Ok(()) => {
                let l = rt.link_by_name("v0.10").unwrap().unwrap();
                assert_eq!(l.kind.as_deref(), Some("vlan"));
                assert_eq!(l.link, Some(v0));
                assert_eq!(errno(rt.vlan_add("v0.10", v0, 10)), libc::EEXIST);
            }
            Err(e) => {
                // This kernel has no 802.1Q support: it says so, and nothing was made.
                assert_eq!(e.errno(), Some(libc::EOPNOTSUPP), "{e}");
                assert_eq!(
                    e.to_string(),
                    "Unknown device type (EOPNOTSUPP, errno 95)",
                    "{e}"
                );
                assert_eq!(rt.link_by_name("v0.10").unwrap(), None);
            }
        }
        // A parent that does not exist: ENODEV whether or not VLANs are supported.
        let e = rt.vlan_add("x.5", 4242, 5).unwrap_err();
        assert!(
            matches!(e.errno(), Some(libc::ENODEV | libc::EOPNOTSUPP)),
            "{e}"
        );
    });
}

#[test]
fn addresses_add_replace_del() {
    in_private_netns("addresses_add_replace_del", || {
        let (mut rt, v0, v1) = with_veth();
        let ip = v4(192, 0, 2, 1);
        rt.addr_add(ip, 24, v0).unwrap();
        rt.addr_add(v4(192, 0, 2, 2), 24, v1).unwrap();
        let ip6 = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1));
        rt.addr_add(ip6, 64, v0).unwrap();

        let mine = rt.addresses(Some(IpFamily::V4), Some(v0)).unwrap();
        assert_eq!(mine.len(), 1, "{mine:?}");
        let a = &mine[0];
        assert_eq!((a.address, a.prefix_len, a.index), (ip, 24, v0));
        assert_eq!(a.family, IpFamily::V4);
        assert_eq!(a.label.as_deref(), Some("v0"));
        assert_eq!(a.peer, None);
        let text = a.to_string();
        assert!(
            text.starts_with(&format!("{v0}: inet 192.0.2.1/24 ")),
            "{text}"
        );
        assert!(text.ends_with("scope global label v0"), "{text}");

        let all_v4 = rt.addresses(Some(IpFamily::V4), None).unwrap();
        assert_eq!(all_v4.len(), 2, "{all_v4:?}");
        let v6 = rt.addresses(Some(IpFamily::V6), Some(v0)).unwrap();
        assert!(
            v6.iter().any(|a| a.address == ip6 && a.prefix_len == 64),
            "{v6:?}"
        );
        assert!(v6.iter().all(|a| a.family == IpFamily::V6 && a.index == v0));
        let everything = rt.addresses(None, None).unwrap();
        assert!(everything.len() >= 3, "{everything:?}");

        assert_eq!(errno(rt.addr_add(ip, 24, v0)), libc::EEXIST);
        rt.addr_replace(ip, 24, v0).unwrap();
        assert_eq!(rt.addresses(Some(IpFamily::V4), Some(v0)).unwrap().len(), 1);
        assert_eq!(errno(rt.addr_add(ip, 24, 4242)), libc::ENODEV);

        rt.addr_del(ip, 24, v0).unwrap();
        assert!(
            rt.addresses(Some(IpFamily::V4), Some(v0))
                .unwrap()
                .is_empty()
        );
        assert_eq!(errno(rt.addr_del(ip, 24, v0)), libc::EADDRNOTAVAIL);
        rt.addr_del(ip6, 64, v0).unwrap();
    });
}

#[test]
fn routes_add_replace_del_tables_multipath() {
    in_private_netns("routes_add_replace_del_tables_multipath", || {
        let (mut rt, v0, _) = with_veth();
        rt.addr_add(v4(192, 0, 2, 1), 24, v0).unwrap();
        let dst = v4(198, 51, 100, 0);
        let via = RouteBuilder::to(dst, 24)
            .gateway(v4(192, 0, 2, 254))
            .metric(10);
        rt.route_add(&via).unwrap();

        let find = |rt: &mut RtnlHandle, table: Table| {
            rt.routes(Some(IpFamily::V4), table)
                .unwrap()
                .into_iter()
                .filter(|r| r.dst == Some(dst))
                .collect::<Vec<_>>()
        };
        let got = find(&mut rt, Table::Main);
        assert_eq!(got.len(), 1, "{got:?}");
        let r = &got[0];
        assert_eq!(r.gateway, Some(v4(192, 0, 2, 254)));
        assert_eq!(r.oif, Some(v0), "the kernel resolves the gateway's link");
        assert_eq!(
            (r.dst_len, r.metric, r.table),
            (24, Some(10), rt_table::MAIN)
        );
        assert_eq!(r.route_type, rtn::UNICAST);
        assert!(
            r.to_string()
                .starts_with("198.51.100.0/24 via 192.0.2.254 oif "),
            "{r}"
        );

        // Duplicates, replacement, deletion.
        assert_eq!(errno(rt.route_add(&via)), libc::EEXIST);
        let moved = RouteBuilder::to(dst, 24)
            .gateway(v4(192, 0, 2, 253))
            .metric(10);
        rt.route_replace(&moved).unwrap();
        let got = find(&mut rt, Table::Main);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].gateway, Some(v4(192, 0, 2, 253)));
        rt.route_del(&moved).unwrap();
        assert!(find(&mut rt, Table::Main).is_empty());
        assert_eq!(errno(rt.route_del(&moved)), libc::ESRCH);

        // A gateway no link reaches.
        let e = rt
            .route_add(&RouteBuilder::to(dst, 24).gateway(v4(203, 0, 113, 1)))
            .unwrap_err();
        assert_eq!(e.errno(), Some(libc::ENETUNREACH), "{e}");

        // Another table, a device route, a preferred source.
        let in_100 = RouteBuilder::to(dst, 24)
            .dev(v0)
            .table(100)
            .src(v4(192, 0, 2, 1));
        rt.route_add(&in_100).unwrap();
        assert!(find(&mut rt, Table::Main).is_empty());
        let got = find(&mut rt, Table::Id(100));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].table, got[0].oif), (100, Some(v0)));
        assert_eq!(got[0].prefsrc, Some(v4(192, 0, 2, 1)));
        assert_eq!(got[0].gateway, None);
        assert_eq!(find(&mut rt, Table::All).len(), 1);
        let local = rt.routes(Some(IpFamily::V4), Table::Local).unwrap();
        assert!(local.iter().all(|r| r.table == rt_table::LOCAL));
        assert!(
            local.iter().any(|r| r.dst == Some(v4(192, 0, 2, 1))),
            "{local:?}"
        );
        rt.route_del(&in_100).unwrap();

        // Multipath.
        let multi = RouteBuilder::to(dst, 24)
            .nexthop(Some(v4(192, 0, 2, 253)), v0, 1)
            .nexthop(Some(v4(192, 0, 2, 254)), v0, 3);
        rt.route_add(&multi).unwrap();
        let got = find(&mut rt, Table::Main);
        assert_eq!(got.len(), 1, "{got:?}");
        let hops = &got[0].nexthops;
        assert_eq!(hops.len(), 2, "{got:?}");
        assert_eq!(hops[0].gateway, Some(v4(192, 0, 2, 253)));
        assert_eq!(
            (hops[1].gateway, hops[1].weight),
            (Some(v4(192, 0, 2, 254)), 3)
        );
        assert!(hops.iter().all(|h| h.ifindex == v0));
        rt.route_del(&RouteBuilder::to(dst, 24)).unwrap();

        // A default route, and an IPv6 one.
        rt.route_add(&RouteBuilder::default_route(IpFamily::V4).gateway(v4(192, 0, 2, 254)))
            .unwrap();
        let defaults: Vec<_> = rt
            .routes(Some(IpFamily::V4), Table::Main)
            .unwrap()
            .into_iter()
            .filter(|r| r.dst.is_none())
            .collect();
        assert_eq!(defaults.len(), 1, "{defaults:?}");
        assert!(
            defaults[0]
                .to_string()
                .starts_with("default via 192.0.2.254")
        );
        let d6 = IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0xff, 0, 0, 0, 0, 0));
        rt.route_add(&RouteBuilder::to(d6, 48).dev(v0)).unwrap();
        let six = rt.routes(Some(IpFamily::V6), Table::Main).unwrap();
        assert!(
            six.iter().any(|r| r.dst == Some(d6) && r.dst_len == 48),
            "{six:?}"
        );
        assert!(six.iter().all(|r| r.family == family::INET6));
    });
}

#[test]
fn neighbours_add_del() {
    in_private_netns("neighbours_add_del", || {
        let (mut rt, v0, _) = with_veth();
        rt.addr_add(v4(192, 0, 2, 1), 24, v0).unwrap();
        let ip = v4(192, 0, 2, 2);
        let mac = [0x02, 0, 0, 0, 0, 0x02];
        rt.neigh_add(ip, &mac, v0).unwrap();
        let n: Vec<_> = rt
            .neighbours()
            .unwrap()
            .into_iter()
            .filter(|n| n.dst == Some(ip))
            .collect();
        assert_eq!(n.len(), 1, "{n:?}");
        assert_eq!(n[0].ifindex, v0);
        assert_eq!(n[0].lladdr.as_deref(), Some(&mac[..]));
        assert_eq!(n[0].state, nud::PERMANENT);
        assert_eq!(n[0].family, family::INET);
        assert_eq!(
            n[0].to_string(),
            format!("192.0.2.2 dev {v0} lladdr 02:00:00:00:00:02 PERMANENT")
        );

        assert_eq!(errno(rt.neigh_add(ip, &mac, v0)), libc::EEXIST);
        assert_eq!(errno(rt.neigh_add(ip, &mac, 4242)), libc::ENODEV);
        rt.neigh_del(ip, v0).unwrap();
        assert!(!rt.neighbours().unwrap().iter().any(|n| n.dst == Some(ip)));
        assert_eq!(errno(rt.neigh_del(ip, v0)), libc::ENOENT);
    });
}

#[test]
fn rules_add_del() {
    in_private_netns("rules_add_del", || {
        let mut rt = RtnlHandle::open().unwrap();
        let rules = rt.rules().unwrap();
        // A new namespace has IPv4's three and IPv6's two default rules.
        let main: Vec<_> = rules
            .iter()
            .filter(|r| r.family == family::INET && r.table == rt_table::MAIN)
            .collect();
        assert_eq!(main.len(), 1, "{rules:?}");
        assert_eq!(main[0].priority, 32766);
        assert_eq!(main[0].to_string(), "32766: from all lookup main");

        let spec = RuleSpec {
            priority: Some(100),
            table: Some(100),
            fwmark: Some(7),
            ..RuleSpec::new(family::INET)
        };
        rt.rule_add(&spec).unwrap();
        let got: Vec<_> = rt
            .rules()
            .unwrap()
            .into_iter()
            .filter(|r| r.priority == 100)
            .collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].table, got[0].action), (100, action::TO_TBL));
        assert_eq!(got[0].fwmark, Some(7));
        assert_eq!(
            got[0].to_string(),
            "100: from all fwmark 0x7/0xffffffff lookup 100"
        );
        assert_eq!(errno(rt.rule_add(&spec)), libc::EEXIST);

        let src = RuleSpec {
            priority: Some(200),
            src: Some((v4(192, 0, 2, 0), 24)),
            table: Some(rt_table::MAIN),
            ..RuleSpec::new(family::INET)
        };
        rt.rule_add(&src).unwrap();
        assert!(
            rt.rules()
                .unwrap()
                .iter()
                .any(|r| r.priority == 200 && r.src == Some((v4(192, 0, 2, 0), 24)))
        );

        let by_priority = RuleSpec {
            priority: Some(100),
            ..RuleSpec::new(family::INET)
        };
        rt.rule_del(&by_priority).unwrap();
        assert!(!rt.rules().unwrap().iter().any(|r| r.priority == 100));
        assert_eq!(errno(rt.rule_del(&by_priority)), libc::ENOENT);
        rt.rule_del(&src).unwrap();
    });
}

#[test]
fn monitor_sees_links_addresses_routes() {
    in_private_netns("monitor_sees_links_addresses_routes", || {
        let mut monitor = Monitor::links_addresses_routes().unwrap();
        let (tx, rx) = mpsc::channel();
        // The monitor blocks: read it on a thread, give up after a while.
        std::thread::spawn(move || {
            loop {
                let e = monitor.next_event();
                let stop = e.is_err();
                if tx.send(e).is_err() || stop {
                    break;
                }
            }
        });
        let (mut rt, v0, _) = with_veth();
        rt.addr_add(v4(192, 0, 2, 1), 24, v0).unwrap();
        let dst = v4(198, 51, 100, 0);
        let route = RouteBuilder::to(dst, 24).gateway(v4(192, 0, 2, 254));
        rt.route_add(&route).unwrap();
        rt.route_del(&route).unwrap();
        rt.link_del(v0).unwrap();

        let mut seen = Vec::new();
        let want = |seen: &[Event]| {
            let link_new = seen
                .iter()
                .any(|e| matches!(e, Event::NewLink(l) if l.name == "v0"));
            let addr_new = seen
                .iter()
                .any(|e| matches!(e, Event::NewAddr(a) if a.address == v4(192, 0, 2, 1)));
            let route_new = seen
                .iter()
                .any(|e| matches!(e, Event::NewRoute(r) if r.dst == Some(dst)));
            let route_del = seen
                .iter()
                .any(|e| matches!(e, Event::DelRoute(r) if r.dst == Some(dst)));
            let link_del = seen
                .iter()
                .any(|e| matches!(e, Event::DelLink(l) if l.name == "v0"));
            link_new && addr_new && route_new && route_del && link_del
        };
        while !want(&seen) {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(Ok(e)) => seen.push(e),
                Ok(Err(e)) => panic!("monitor failed: {e}"),
                Err(_) => panic!("events missing after 10 s; saw {seen:#?}"),
            }
        }
        let text: Vec<String> = seen.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|t| t.starts_with("link new: ")), "{text:?}");
        assert!(
            text.iter()
                .any(|t| t.starts_with("route del: 198.51.100.0/24")),
            "{text:?}"
        );
    });
}

#[test]
fn genl_resolves_nlctrl_and_caches() {
    in_private_netns("genl_resolves_nlctrl_and_caches", || {
        let mut client = Client::open(Protocol::GENERIC).unwrap();
        let f = genl::resolve(&mut client, "nlctrl").unwrap();
        assert_eq!(f.id, ctrl::GENL_ID_CTRL.0);
        assert_eq!(f.name, "nlctrl");
        assert!(f.version >= 1);
        assert!(f.op(u32::from(ctrl::cmd::GETFAMILY)).is_some(), "{f:?}");
        assert_eq!(f.group("notify"), Some(16));
        assert_eq!(genl::resolve_id(&mut client, f.id).unwrap(), f);

        // The cache asks once.
        let mut cache = FamilyCache::new();
        let before = client.stats().requests;
        assert_eq!(cache.get(&mut client, "nlctrl").unwrap(), &f);
        assert_eq!(client.stats().requests, before + 1);
        for _ in 0..3 {
            assert_eq!(cache.get(&mut client, "nlctrl").unwrap().id, 16);
        }
        assert_eq!(client.stats().requests, before + 1, "cached: nothing sent");
        assert_eq!((cache.len(), cache.lookups()), (1, 1));
        assert_eq!(cache.cached("nlctrl"), Some(&f));
        assert_eq!(cache.invalidate("nlctrl"), Some(f.clone()));
        assert!(cache.is_empty());
        cache.get(&mut client, "nlctrl").unwrap();
        assert_eq!(
            client.stats().requests,
            before + 2,
            "asked again after invalidation"
        );
        cache.clear();
        assert_eq!(cache.cached("nlctrl"), None);

        let all = genl::list_families(&mut client).unwrap();
        assert!(all.iter().any(|g| g == &f), "{all:?}");
        assert!(all.len() > 1);
    });
}

#[test]
fn genl_absent_family_is_explained() {
    in_private_netns("genl_absent_family_is_explained", || {
        let mut client = Client::open(Protocol::GENERIC).unwrap();
        let e = genl::resolve(&mut client, "nlwire-absent").unwrap_err();
        assert!(genl::is_absent(&e), "{e}");
        assert_eq!(e.errno(), Some(libc::ENOENT));
        assert!(
            e.to_string().starts_with(
                "generic netlink family \"nlwire-absent\" is not available: the kernel does not have it"
            ),
            "{e}"
        );
        assert!(e.to_string().ends_with("(ENOENT, errno 2)"), "{e}");
        // Absent families are not cached.
        let mut cache = FamilyCache::new();
        assert!(genl::is_absent(
            &cache.get(&mut client, "nlwire-absent").unwrap_err()
        ));
        assert!(cache.is_empty());
        // nl80211: there or not, depending on the machine's wireless driver.
        match genl::resolve(&mut client, "nl80211") {
            Ok(f) => assert!(f.op(5).is_some(), "NL80211_CMD_GET_INTERFACE"),
            Err(e) => assert!(genl::is_absent(&e), "{e}"),
        }
    });
}

#[test]
fn genl_client_requests_by_name() {
    in_private_netns("genl_client_requests_by_name", || {
        let mut g = GenlClient::open().unwrap();
        assert_eq!(g.family_id("nlctrl").unwrap(), 16);
        let listed = g.list_families().unwrap();
        assert_eq!(g.cache().len(), listed.len(), "listing fills the cache");

        // A dump of CTRL_CMD_GETFAMILY by name: one message per family.
        let summary = g
            .dump(
                "nlctrl",
                ctrl::cmd::GETFAMILY,
                |_| Ok(()),
                |msg| {
                    let f = genl::Family::parse(&msg)?;
                    assert!(!f.name.is_empty());
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(summary.messages, listed.len());

        // A `do` with an attribute, by name, with its reply.
        let mut names = Vec::new();
        let n = g
            .request_each(
                "nlctrl",
                ctrl::cmd::GETFAMILY,
                |b| b.put_str(ctrl::attr::FAMILY_NAME, "nlctrl"),
                |msg| {
                    names.push(genl::Family::parse(&msg)?.name);
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!((n, names), (1, vec!["nlctrl".to_owned()]));
        // The kernel's error for a family it does not have, through request_ack.
        let e = g
            .request_ack("nlctrl", ctrl::cmd::GETFAMILY, |b| {
                b.put_str(ctrl::attr::FAMILY_NAME, "nlwire-absent")
            })
            .unwrap_err();
        assert_eq!(e.errno(), Some(libc::ENOENT), "{e}");
        // Requests to an absent family fail at resolution.
        let e = g.request_ack("nlwire-absent", 1, |_| Ok(())).unwrap_err();
        assert!(genl::is_absent(&e), "{e}");

        // Multicast groups by name.
        assert_eq!(g.join_group("nlctrl", "notify").unwrap(), 16);
        let e = g.join_group("nlctrl", "nosuch").unwrap_err();
        assert!(
            e.to_string().contains("no multicast group \"nosuch\""),
            "{e}"
        );
        assert!(!genl::is_absent(&e));
        let sock = g.into_client().into_transport();
        assert_eq!(sock.memberships().unwrap(), vec![16]);
    });
}
