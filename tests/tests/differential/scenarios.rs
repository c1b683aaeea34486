//! Named scenarios, each claiming rows of `kernel-behaviour.md` (by the row's first
//! cell).

use std::net::IpAddr;

use nlwire_codec::rtnl::link::IfInfoMsg;
use nlwire_codec::rtnl::route::rtn;
use nlwire_codec::{Flags, MessageType};

use super::ops::{Obj, Op, Resolve, Rt, SockOpt, Verb, raw_link};

/// A named script and the table rows it covers.
pub(crate) struct Scenario {
    /// Name (used in [`super::KNOWN_DIVERGENCES`]).
    pub name: &'static str,
    /// First cells of the rows of `kernel-behaviour.md` it covers.
    pub rows: &'static [&'static str],
    /// The ops.
    pub ops: Vec<Op>,
    /// Wait for link state to settle before the final dumps and compare operstate.
    pub settle: bool,
}

/// Rows covered by other test files (things outside rtnetlink on one socket), with the
/// file, relative to the workspace root.
pub(crate) const ELSEWHERE: &[(&str, &str)] = &[
    // Receive-buffer sizing and chunking: needs several recv sizes on one socket.
    ("datagram size", "simkernel/tests/links_sockets.rs"),
    ("datagram size", "tests/tests/kernel_sys.rs"),
    // A second dump while one is in progress: needs a dump left half-read.
    ("dump concurrency", "simkernel/tests/links_sockets.rs"),
    // A change during a multi-chunk dump: needs interleaving inside one dump.
    ("NLM_F_DUMP_INTR", "simkernel/tests/links_sockets.rs"),
    ("NLM_F_DUMP_INTR", "tests/tests/kernel_sys.rs"),
    // Overrunning a tiny receive buffer.
    ("ENOBUFS", "simkernel/tests/links_sockets.rs"),
    ("ENOBUFS", "tests/tests/kernel_sys.rs"),
    // Binding, port ids, memberships.
    ("port ids", "simkernel/tests/links_sockets.rs"),
    ("port ids", "tests/tests/kernel_sys.rs"),
    // Generic netlink (this suite speaks rtnetlink).
    ("CTRL_CMD_GETFAMILY", "simkernel/tests/genl_faults.rs"),
    ("CTRL_CMD_GETFAMILY", "tests/tests/kernel_genl.rs"),
    ("CTRL_CMD_GETPOLICY", "simkernel/tests/genl_faults.rs"),
    ("missing attrs", "simkernel/tests/genl_faults.rs"),
];

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

fn sc(name: &'static str, rows: &'static [&'static str], ops: Vec<Op>) -> Scenario {
    Scenario {
        name,
        rows,
        ops,
        settle: false,
    }
}

/// Every scenario.
pub(crate) fn all() -> Vec<Scenario> {
    let mut v = divergences();
    v.extend(super::rows::all());
    v
}

/// The first scenarios, and those demonstrating known divergences.
fn divergences() -> Vec<Scenario> {
    use Op::*;
    vec![
        sc(
            "veth_create",
            &["veth create"],
            vec![Veth("v0", "v1"), Dump(Obj::Link)],
        ),
        sc(
            "veth_create_peer_link0",
            &["veth create"],
            vec![Veth("v0", "v1")],
        ),
        Scenario {
            settle: true,
            ..sc(
                "bring_up",
                &["bring-up"],
                vec![Veth("v0", "v1"), Up("v0", true), Up("v1", true)],
            )
        },
        sc(
            "addr_v4",
            &["NEWADDR", "kernel IPv4 routes"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Up("v0", true),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Route(Verb::Add, Rt::to(ip("10.9.0.0"), 24)),
                RouteGet(ip("10.0.0.1"), 0),
            ],
        ),
        sc(
            "veth_dellink_link",
            &["DELLINK"],
            vec![Veth("v0", "v1"), Del("v0")],
        ),
        sc(
            "bridge_fdb",
            &["existing name, CREATE without EXCL"],
            vec![
                Bridge("br0"),
                Dump(Obj::Neigh),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Master("v0", None),
                Master("v0", Some("br0")),
                Del("v0"),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Del("br0"),
            ],
        ),
        sc(
            "neigh_type_without_local_table",
            &["kernel IPv4 routes"],
            vec![
                Veth("v0", "v1"),
                Neigh(true, "v0", ip("10.0.0.7")),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Neigh(true, "v0", ip("10.0.0.8")),
                Neigh(true, "v0", ip("10.0.0.1")),
                Up("v0", true),
                Neigh(true, "v0", ip("10.0.0.255")),
                Neigh(true, "v0", ip("10.9.0.1")),
                Dump(Obj::Neigh),
            ],
        ),
        sc(
            "v6_neigh_flushed_by_small_mtu",
            &["mtu/flags"],
            vec![
                Veth("v0", "v1"),
                Neigh(true, "v0", ip("2001:db8::7")),
                Neigh(true, "v0", ip("10.0.0.7")),
                Mtu("v0", 68),
                Dump(Obj::Neigh),
                Mtu("v0", 1280),
                Neigh(true, "v0", ip("2001:db8::8")),
                Up("v0", true),
                Up("v1", true),
                Settle,
                Mtu("v0", 1279),
                Dump(Obj::Neigh),
            ],
        ),
        sc(
            "v6_addr_on_down_link",
            &["NEWADDR"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Up("v0", true),
                Up("v1", true),
                Addr(Verb::Add, "v0", ip("2001:db8::2"), 64),
                Up("v1", false),
                Addr(Verb::Add, "v0", ip("2001:db8:1::1"), 64),
            ],
        ),
        sc(
            "veth_del_with_addresses_down",
            &["DELLINK"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Addr(Verb::Add, "v0", ip("10.0.1.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 16),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Del("v0"),
            ],
        ),
        sc(
            "veth_del_with_addresses_up",
            &["DELLINK"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 16),
                Addr(Verb::Add, "v0", ip("10.0.1.1"), 24),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Up("v0", true),
                Up("v1", true),
                Del("v0"),
            ],
        ),
        sc(
            "arp_flushed_by_last_addr_del",
            &["DELADDR"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Addr(Verb::Add, "v0", ip("10.0.1.1"), 24),
                Neigh(true, "v0", ip("10.0.0.7")),
                Neigh(true, "v0", ip("2001:db8::7")),
                Neigh(true, "v1", ip("10.0.0.8")),
                Addr(Verb::Del, "v0", ip("10.0.0.1"), 24),
                Dump(Obj::Neigh),
                Addr(Verb::Del, "v0", ip("10.0.1.1"), 24),
                Dump(Obj::Neigh),
            ],
        ),
        Scenario {
            settle: true,
            ..sc(
                "bridge_without_ports_carrier",
                &["existing name, CREATE without EXCL"],
                vec![
                    Bridge("br0"),
                    Up("br0", true),
                    Nexthop(true, 1, "br0", None),
                    Settle,
                    Nexthop(true, 2, "br0", None),
                    Dump(Obj::Link),
                    Veth("v0", "v1"),
                    Master("v0", Some("br0")),
                    Nexthop(true, 3, "br0", None),
                    Master("v0", None),
                    Settle,
                    Nexthop(true, 4, "br0", None),
                    Dump(Obj::Link),
                ],
            )
        },
        sc(
            "rename_relabels_v4_addrs",
            &["mtu/flags"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Addr(Verb::Add, "v0", ip("10.0.1.1"), 24),
                Rename("v0", "v9"),
                Dump(Obj::Addr),
            ],
        ),
        sc(
            "v6_append_notification_flags",
            &["NEWROUTE"],
            vec![Route(
                Verb::Append,
                Rt {
                    kind: Some(rtn::BLACKHOLE),
                    ..Rt::to(ip("2001:db8:9::"), 64)
                },
            )],
        ),
        sc(
            "getroute_follows_rules",
            &["GETROUTE lookup"],
            vec![
                Route(
                    Verb::Add,
                    Rt {
                        kind: Some(rtn::BLACKHOLE),
                        table: 100,
                        ..Rt::to(ip("0.0.0.0"), 0)
                    },
                ),
                Rule(true, 100, 1000),
                RouteGet(ip("10.9.0.5"), 0),
            ],
        ),
        sc(
            "v6_table_created_by_failed_add",
            &["DELROUTE"],
            vec![
                Route(
                    Verb::Replace,
                    Rt {
                        table: 100,
                        ..Rt::to(ip("2001:db8:9::"), 64)
                    },
                ),
                Route(
                    Verb::Del,
                    Rt {
                        table: 100,
                        ..Rt::to(ip("2001:db8:9::"), 64)
                    },
                ),
            ],
        ),
        sc(
            "bridge_port_af_bridge_newlink",
            &["master 999"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Up("v0", true),
                Up("v0", false),
                Master("v0", None),
            ],
        ),
        sc(
            "bridge_port_dellink",
            &["DELLINK"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Del("v0"),
            ],
        ),
        sc(
            "bridge_release_notifications",
            &["master 999"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Master("v0", None),
            ],
        ),
        sc(
            "bridge_delete_order",
            &["DELLINK"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Up("br0", true),
                Del("br0"),
            ],
        ),
        sc(
            "bridge_master_self",
            &["master 999"],
            vec![
                Bridge("br0"),
                Master("br0", Some("br0")),
                Veth("v0", "v1"),
                Master("v0", Some("br0")),
                Del("v0"),
                Master("br0", Some("br0")),
            ],
        ),
        sc(
            "bridge_addr_change_flushes_neigh",
            &["master 999"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Neigh(true, "br0", ip("2001:db8::7")),
                Master("v0", Some("br0")),
            ],
        ),
        sc(
            "main_table_absent_with_rules",
            &["DELROUTE"],
            vec![
                Rule(true, 200, 1000),
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Route(Verb::Del, Rt::to(ip("10.9.0.0"), 24)),
            ],
        ),
        sc(
            "bridge_mtu_follows_ports",
            &["master 999"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Mtu("v0", 1280),
                Master("v0", Some("br0")),
            ],
        ),
        sc(
            "bridge_port_unregister_order",
            &["DELLINK"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Mtu("v0", 1400),
                Master("v0", Some("br0")),
                Del("v1"),
            ],
        ),
        sc(
            "strict_unspec_route_dump",
            &["strict dump filters (NETLINK_GET_STRICT_CHK)"],
            vec![Opt(SockOpt::Strict(true)), Dump(Obj::Route)],
        ),
        sc(
            "unknown_type_and_short_header",
            &["unknown rtnl type"],
            vec![
                Raw("type 200", type200),
                Raw("short ifinfomsg NEWLINK", |s, _| short_ifinfomsg(s, 16)),
                Raw("short ifinfomsg DELLINK", |s, _| short_ifinfomsg(s, 17)),
            ],
        ),
        sc(
            "short_getlink_header",
            &["unknown rtnl type"],
            vec![Raw("short ifinfomsg GETLINK", |s, _| {
                short_ifinfomsg(s, 18)
            })],
        ),
        sc(
            "acks_capped_and_echoed",
            &["success ack", "error ack"],
            vec![
                Veth("v0", "v1"),
                Veth("v0", "v1"),
                Opt(SockOpt::CapAck(true)),
                Veth("v0", "v1"),
                Opt(SockOpt::ExtAck(false)),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 33),
                Opt(SockOpt::Strict(false)),
            ],
        ),
    ]
}

fn type200(seq: u32, _: Resolve<'_>) -> Vec<u8> {
    raw_link(
        seq,
        MessageType(200),
        Flags::REQUEST | Flags::ACK,
        &IfInfoMsg::default(),
        |_| Ok(()),
    )
}

fn short_ifinfomsg(seq: u32, kind: u16) -> Vec<u8> {
    use nlwire_codec::Builder;
    let mut b = nlwire_simkernel::VecBuf::new();
    let mut m = Builder::message(
        &mut b,
        MessageType(kind),
        Flags::REQUEST | Flags::ACK,
        seq,
        0,
    )
    .expect("fits");
    m.put_header(&[0u8; 4]).expect("fits");
    m.finish();
    b.into_vec()
}
