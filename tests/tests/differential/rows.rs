//! Scenarios for the rows of `kernel-behaviour.md` about requests, errors and framing,
//! many built from raw requests.

use std::net::IpAddr;

use nlwire_codec::rtnl::link::ifla;
use nlwire_codec::rtnl::route::{self, rta, rtm_f, rtn};
use nlwire_codec::rtnl::{addr::ifa, link::info};
use nlwire_codec::{Builder, EncodeError, Flags};
use nlwire_simkernel::VecBuf;

use super::ops::{Obj, Op, Rt, SockOpt, Verb};
use super::scenarios::Scenario;

const NEWLINK: u16 = 16;
const DELLINK: u16 = 17;
const GETLINK: u16 = 18;
const NEWADDR: u16 = 20;
const GETADDR: u16 = 22;
const NEWROUTE: u16 = 24;
const GETROUTE: u16 = 26;

fn ip(s: &str) -> IpAddr {
    s.parse().expect("address")
}

fn req() -> Flags {
    Flags::REQUEST | Flags::ACK
}

fn create() -> Flags {
    Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL
}

/// A request of type `kind` with `hdr` as its family header and attributes from `f`.
fn raw(
    seq: u32,
    kind: u16,
    flags: Flags,
    hdr: &[u8],
    f: impl FnOnce(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    let mut b = VecBuf::new();
    let mut m =
        Builder::message(&mut b, nlwire_codec::MessageType(kind), flags, seq, 0).expect("fits");
    m.put_header(hdr).expect("fits");
    f(&mut m).expect("fits");
    m.finish();
    b.into_vec()
}

fn none(_: &mut Builder<'_, VecBuf>) -> Result<(), EncodeError> {
    Ok(())
}

/// `struct ifinfomsg`.
fn ifi(index: i32, flags: u32, change: u32) -> Vec<u8> {
    let mut v = vec![0u8, 0, 0, 0];
    v.extend(index.to_ne_bytes());
    v.extend(flags.to_ne_bytes());
    v.extend(change.to_ne_bytes());
    v
}

/// `struct rtmsg`: family, dst_len, src_len, tos, table, protocol, scope, type, flags.
#[allow(clippy::too_many_arguments)]
fn rtm(fam: u8, dst_len: u8, table: u8, proto: u8, scope: u8, kind: u8, flags: u32) -> Vec<u8> {
    let mut v = vec![fam, dst_len, 0, 0, table, proto, scope, kind];
    v.extend(flags.to_ne_bytes());
    v
}

/// `struct ifaddrmsg`.
fn ifa_hdr(fam: u8, plen: u8, index: u32) -> Vec<u8> {
    let mut v = vec![fam, plen, 0, 0];
    v.extend(index.to_ne_bytes());
    v
}

fn kind(b: &mut Builder<'_, VecBuf>, k: &str) -> Result<(), EncodeError> {
    b.nest_noflag(ifla::LINKINFO, |b| b.put_str(info::KIND, k))
}

fn sc(name: &'static str, rows: &'static [&'static str], ops: Vec<Op>) -> Scenario {
    Scenario {
        name,
        rows,
        ops,
        settle: false,
    }
}

/// The scenarios of this module.
pub(crate) fn all() -> Vec<Scenario> {
    use Op::*;
    vec![
        sc(
            "reply_header_seq0",
            &["reply header"],
            vec![
                Raw("GETLINK lo, seq 0, ACK", |_, _| {
                    raw(0, GETLINK, req(), &ifi(1, 0, 0), none)
                }),
                Raw("SETLINK lo mtu 65536, seq 0", |_, _| {
                    raw(0, NEWLINK, req(), &ifi(1, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 65536)
                    })
                }),
            ],
        ),
        sc(
            "batching",
            &["batching", "success ack"],
            vec![
                Raw("three requests, the middle one fails", |s, _| {
                    let mut d = raw(s, NEWLINK, req(), &ifi(1, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 65536)
                    });
                    d.extend(raw(s + 1, DELLINK, req(), &ifi(999, 0, 0), none));
                    d.extend(raw(s + 2, GETLINK, Flags::REQUEST, &ifi(1, 0, 0), none));
                    d
                }),
                Raw("bad nlmsg_len drops the rest", |s, _| {
                    let mut d = raw(s, NEWLINK, req(), &ifi(1, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 65536)
                    });
                    let mut bad = raw(s + 1, GETLINK, req(), &ifi(1, 0, 0), none);
                    bad[0..4].copy_from_slice(&200u32.to_ne_bytes());
                    d.extend(bad);
                    d.extend(raw(s + 2, GETLINK, req(), &ifi(1, 0, 0), none));
                    d
                }),
                Raw("no NLM_F_REQUEST, ACK: ack 0, nothing done", |s, _| {
                    raw(s, DELLINK, Flags::ACK, &ifi(1, 0, 0), none)
                }),
                Raw("type 15 with ACK", |s, _| {
                    raw(s, 15, req(), &ifi(1, 0, 0), none)
                }),
                Raw("no NLM_F_REQUEST, no ACK: nothing", |s, _| {
                    raw(s, DELLINK, Flags::EMPTY, &ifi(1, 0, 0), none)
                }),
            ],
        ),
        sc(
            "dump_framing",
            &["dump framing"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Dump(Obj::Link),
                Dump(Obj::Addr),
                Dump(Obj::Route),
                Dump(Obj::Rule),
                Dump(Obj::Neigh),
                Dump(Obj::Nexthop),
            ],
        ),
        sc(
            "strict_dump_filters",
            &["strict dump filters (NETLINK_GET_STRICT_CHK)"],
            vec![
                Veth("v0", "v1"),
                Veth("w0", "w1"),
                Up("v0", true),
                Up("v1", true),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "w0", ip("10.1.0.1"), 24),
                Route(
                    Verb::Add,
                    Rt {
                        dev: Some("v0"),
                        table: 100,
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Opt(SockOpt::Strict(true)),
                Raw("route dump table 100 (header)", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 100, 0, 0, 0, 0),
                        none,
                    )
                }),
                Raw("route dump RTA_TABLE 255", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 0, 0, 0, 0),
                        |b| b.put_u32(rta::TABLE, 255),
                    )
                }),
                Raw("route dump RTA_OIF v0", |s, idx| {
                    let i = idx("v0") as u32;
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 0, 0, 0, 0),
                        |b| b.put_u32(rta::OIF, i),
                    )
                }),
                Raw("route dump proto kernel", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 2, 0, 0, 0),
                        none,
                    )
                }),
                Raw("route dump type local", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 0, 0, 2, 0),
                        none,
                    )
                }),
                Raw("link dump kind veth", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &ifi(0, 0, 0),
                        |b| kind(b, "veth"),
                    )
                }),
                Raw("link dump IFLA_MASTER lo", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &ifi(0, 0, 0),
                        |b| b.put_u32(ifla::MASTER, 1),
                    )
                }),
                Raw("addr dump ifa_index w0", |s, idx| {
                    let i = idx("w0") as u32;
                    raw(
                        s,
                        GETADDR,
                        Flags::REQUEST | Flags::DUMP,
                        &ifa_hdr(2, 0, i),
                        none,
                    )
                }),
                Opt(SockOpt::Strict(false)),
                Raw("route dump table 100 (header), not strict", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 100, 0, 0, 0, 0),
                        none,
                    )
                }),
                Raw("link dump with a 1-byte rtgenmsg", |s, _| {
                    raw(s, GETLINK, Flags::REQUEST | Flags::DUMP, &[0], none)
                }),
            ],
        ),
        sc(
            "strict_dump_errors",
            &["strict dump errors"],
            vec![
                Opt(SockOpt::Strict(true)),
                Raw("route dump dst_len 8", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 8, 0, 0, 0, 0, 0),
                        none,
                    )
                }),
                Raw("route dump RTA_DST", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 0, 0, 0, 0),
                        |b| b.put_ip(rta::DST, ip("10.0.0.0")),
                    )
                }),
                Raw("route dump short header", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &[2, 0, 0, 0],
                        none,
                    )
                }),
                Raw("route dump table 77", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 77, 0, 0, 0, 0),
                        none,
                    )
                }),
                Raw("route dump RTA_OIF 999", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST | Flags::DUMP,
                        &rtm(2, 0, 0, 0, 0, 0, 0),
                        |b| b.put_u32(rta::OIF, 999),
                    )
                }),
                Raw("link dump ifi_index 1", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &ifi(1, 0, 0),
                        none,
                    )
                }),
                Raw("link dump IFLA_MTU", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &ifi(0, 0, 0),
                        |b| b.put_u32(ifla::MTU, 1500),
                    )
                }),
                Raw("link dump short header", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &[0, 0, 0, 0, 0, 0, 0, 0],
                        none,
                    )
                }),
                Raw("link dump ifi_flags set", |s, _| {
                    raw(
                        s,
                        GETLINK,
                        Flags::REQUEST | Flags::DUMP,
                        &ifi(0, 1, 0),
                        none,
                    )
                }),
                Raw("addr dump prefixlen 8", |s, _| {
                    raw(
                        s,
                        GETADDR,
                        Flags::REQUEST | Flags::DUMP,
                        &ifa_hdr(2, 8, 0),
                        none,
                    )
                }),
                Raw("addr dump IFA_LOCAL", |s, _| {
                    raw(
                        s,
                        GETADDR,
                        Flags::REQUEST | Flags::DUMP,
                        &ifa_hdr(2, 0, 0),
                        |b| b.put_ip(ifa::LOCAL, ip("10.0.0.1")),
                    )
                }),
                Raw("GETLINK lo with IFLA_MTU", |s, _| {
                    raw(s, GETLINK, Flags::REQUEST, &ifi(1, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 1)
                    })
                }),
                Raw("GETLINK lo with ifi_flags", |s, _| {
                    raw(s, GETLINK, Flags::REQUEST, &ifi(1, 1, 0), none)
                }),
            ],
        ),
        sc(
            "echo",
            &["NLM_F_ECHO"],
            vec![
                Raw("NEWLINK veth create with ECHO", |s, _| {
                    let mut b = VecBuf::new();
                    nlwire_codec::rtnl::link::create_veth_request(&mut b, s, "v0", "v1")
                        .expect("fits");
                    let mut d = b.into_vec();
                    let f = u16::from_ne_bytes([d[6], d[7]]) | Flags::ECHO.0;
                    d[6..8].copy_from_slice(&f.to_ne_bytes());
                    d
                }),
                Raw("SETLINK mtu with ECHO", |s, idx| {
                    let i = idx("v0");
                    raw(s, NEWLINK, req() | Flags::ECHO, &ifi(i, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 1400)
                    })
                }),
                Raw("NEWROUTE blackhole with ECHO", |s, _| {
                    let spec = route::RouteSpec {
                        route_type: Some(rtn::BLACKHOLE),
                        ..route::RouteSpec::to(ip("10.9.0.0"), 24)
                    };
                    let mut b = VecBuf::new();
                    route::route_request(
                        &mut b,
                        s,
                        nlwire_codec::rtnl::rtm::NEWROUTE,
                        create() | Flags::ECHO,
                        &spec,
                    )
                    .expect("fits");
                    b.into_vec()
                }),
                Raw("DELLINK with ECHO", |s, idx| {
                    let i = idx("v0");
                    raw(s, DELLINK, req() | Flags::ECHO, &ifi(i, 0, 0), none)
                }),
            ],
        ),
        sc(
            "duplicate_names",
            &["duplicate name + EXCL"],
            vec![
                Veth("v0", "v1"),
                Veth("v0", "v2"),
                Veth("v2", "v1"),
                Bridge("v0"),
            ],
        ),
        sc(
            "create_without_excl",
            &["existing name, CREATE without EXCL"],
            vec![
                Veth("v0", "v1"),
                Bridge("br0"),
                Raw("CREATE v0 kind veth", |s, _| {
                    raw(s, NEWLINK, req() | Flags::CREATE, &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "v0")?;
                        kind(b, "veth")
                    })
                }),
                Raw("CREATE br0 kind bridge mtu 1400", |s, _| {
                    raw(s, NEWLINK, req() | Flags::CREATE, &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "br0")?;
                        b.put_u32(ifla::MTU, 1400)?;
                        kind(b, "bridge")
                    })
                }),
                Raw("CREATE v0 kind bridge", |s, _| {
                    raw(s, NEWLINK, req() | Flags::CREATE, &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "v0")?;
                        kind(b, "bridge")
                    })
                }),
                Dump(Obj::Link),
            ],
        ),
        sc(
            "missing_device",
            &["missing device"],
            vec![
                Raw("NEWLINK name nope without CREATE", |s, _| {
                    raw(s, NEWLINK, req(), &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "nope")
                    })
                }),
                Up("nope", true),
                Raw("CREATE without kind", |s, _| {
                    raw(s, NEWLINK, create(), &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "x0")
                    })
                }),
                Raw("CREATE kind nosuchkind", |s, _| {
                    raw(s, NEWLINK, create(), &ifi(0, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "x0")?;
                        kind(b, "nosuchkind")
                    })
                }),
            ],
        ),
        sc(
            "bad_ifname",
            &["bad ifname"],
            vec![
                Veth("abcdefghijklmnop", "v1"),
                Veth("a/b", "v1"),
                Dump(Obj::Link),
            ],
        ),
        sc(
            "ifindex",
            &["ifindex"],
            vec![
                Veth("v0", "v1"),
                Del("v0"),
                Veth("v0", "v1"),
                Raw("bridge with ifi_index 50", |s, _| {
                    raw(s, NEWLINK, create(), &ifi(50, 0, 0), |b| {
                        b.put_str(ifla::IFNAME, "br50")?;
                        kind(b, "bridge")
                    })
                }),
                Raw("GETLINK ifindex 50", |s, _| {
                    raw(s, GETLINK, Flags::REQUEST, &ifi(50, 0, 0), none)
                }),
                Dump(Obj::Link),
            ],
        ),
        sc(
            "mtu_and_flags",
            &["mtu/flags"],
            vec![
                Veth("v0", "v1"),
                Mtu("v0", 70000),
                Mtu("v0", 67),
                Mtu("v0", 1500),
                Mtu("v0", 9000),
                Rename("v0", "v1"),
                Raw("NEWLINK without flags on v0: mtu 1280", |s, idx| {
                    let i = idx("v0");
                    raw(s, NEWLINK, req(), &ifi(i, 0, 0), |b| {
                        b.put_u32(ifla::MTU, 1280)
                    })
                }),
                Dump(Obj::Link),
            ],
        ),
        sc(
            "master_999",
            &["master 999"],
            vec![
                Bridge("br0"),
                Veth("v0", "v1"),
                Master("v0", Some("nope")),
                Dump(Obj::Link),
            ],
        ),
        sc(
            "dellink_errors",
            &["DELLINK"],
            vec![
                Del("nope"),
                Raw("DELLINK without index or name", |s, _| {
                    raw(s, DELLINK, req(), &ifi(0, 0, 0), none)
                }),
                Del("lo"),
            ],
        ),
        sc(
            "newaddr_cases",
            &["NEWADDR"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Replace, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 16),
                Addr(Verb::Add, "v0", ip("10.0.0.5"), 33),
                Addr(Verb::Add, "nope", ip("10.0.0.5"), 24),
                Raw("NEWADDR ifindex 0", |s, _| {
                    raw(s, NEWADDR, create(), &ifa_hdr(2, 24, 0), |b| {
                        b.put_ip(ifa::LOCAL, ip("10.0.0.6"))
                    })
                }),
                Raw("NEWADDR without IFA_LOCAL", |s, idx| {
                    let i = idx("v0") as u32;
                    raw(s, NEWADDR, create(), &ifa_hdr(2, 24, i), none)
                }),
                Raw("NEWADDR without CREATE", |s, idx| {
                    let i = idx("v0") as u32;
                    raw(s, NEWADDR, req(), &ifa_hdr(2, 24, i), |b| {
                        b.put_ip(ifa::LOCAL, ip("10.0.0.7"))
                    })
                }),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Addr(Verb::Add, "v0", ip("2001:db8::5"), 129),
                Addr(Verb::Add, "nope", ip("2001:db8::5"), 64),
            ],
        ),
        sc(
            "deladdr_cases",
            &["DELADDR"],
            vec![
                Veth("v0", "v1"),
                Addr(Verb::Del, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Del, "v0", ip("2001:db8::1"), 64),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.2"), 24),
                Addr(Verb::Add, "v0", ip("10.0.0.3"), 24),
                Addr(Verb::Del, "v0", ip("10.0.0.1"), 24),
                Dump(Obj::Addr),
            ],
        ),
        sc(
            "newroute_cases",
            &["NEWROUTE"],
            vec![
                Veth("v0", "v1"),
                Up("v0", true),
                Up("v1", true),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Addr(Verb::Add, "v0", ip("2001:db8::1"), 64),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("10.0.0.254")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("10.0.0.254")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Replace,
                    Rt {
                        gw: Some(ip("10.0.0.253")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Append,
                    Rt {
                        gw: Some(ip("10.0.0.252")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("10.0.0.254")),
                        metric: Some(7),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Raw("NEWROUTE without CREATE", |s, idx| {
                    let i = idx("v0") as u32;
                    raw(s, NEWROUTE, req(), &rtm(2, 24, 254, 3, 253, 1, 0), |b| {
                        b.put_ip(rta::DST, ip("10.8.0.0"))?;
                        b.put_u32(rta::OIF, i)
                    })
                }),
                Raw("REPLACE without CREATE of a missing route", |s, idx| {
                    let i = idx("v0") as u32;
                    raw(
                        s,
                        NEWROUTE,
                        req() | Flags::REPLACE,
                        &rtm(2, 24, 254, 3, 253, 1, 0),
                        |b| {
                            b.put_ip(rta::DST, ip("10.8.0.0"))?;
                            b.put_u32(rta::OIF, i)
                        },
                    )
                }),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("192.0.2.1")),
                        ..Rt::to(ip("10.7.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        dev: Some("nope"),
                        ..Rt::to(ip("10.7.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        dev: Some("v0"),
                        ..Rt::to(ip("10.7.0.0"), 33)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        dev: Some("v0"),
                        ..Rt::to(ip("10.7.0.1"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("2001:db8:5::1")),
                        ..Rt::to(ip("2001:db8:9::"), 64)
                    },
                ),
                Dump(Obj::Route),
            ],
        ),
        sc(
            "delroute_cases",
            &["DELROUTE"],
            vec![
                Veth("v0", "v1"),
                Up("v0", true),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Route(Verb::Del, Rt::to(ip("10.9.0.0"), 24)),
                Route(
                    Verb::Del,
                    Rt {
                        table: 77,
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("10.0.0.254")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Append,
                    Rt {
                        gw: Some(ip("10.0.0.253")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(Verb::Del, Rt::to(ip("10.9.0.0"), 24)),
                Dump(Obj::Route),
            ],
        ),
        sc(
            "getroute_cases",
            &["GETROUTE lookup"],
            vec![
                Veth("v0", "v1"),
                Up("v0", true),
                Up("v1", true),
                Addr(Verb::Add, "v0", ip("10.0.0.1"), 24),
                Route(
                    Verb::Add,
                    Rt {
                        gw: Some(ip("10.0.0.254")),
                        ..Rt::to(ip("10.9.0.0"), 24)
                    },
                ),
                Route(
                    Verb::Add,
                    Rt {
                        kind: Some(rtn::BLACKHOLE),
                        ..Rt::to(ip("10.6.0.0"), 24)
                    },
                ),
                RouteGet(ip("10.9.0.5"), 0),
                RouteGet(ip("10.0.0.1"), 0),
                RouteGet(ip("10.9.0.5"), rtm_f::LOOKUP_TABLE),
                RouteGet(ip("10.9.0.5"), rtm_f::FIB_MATCH),
                RouteGet(ip("192.0.2.1"), 0),
                RouteGet(ip("10.6.0.1"), 0),
                Raw("GETROUTE oif 999", |s, _| {
                    let q = route::RouteQuery {
                        oif: 999,
                        ..route::RouteQuery::to(ip("10.9.0.5"))
                    };
                    let mut b = VecBuf::new();
                    route::get_request(&mut b, s, &q).expect("fits");
                    b.into_vec()
                }),
                Opt(SockOpt::Strict(true)),
                Raw("strict GETROUTE dst_len 24", |s, _| {
                    raw(
                        s,
                        GETROUTE,
                        Flags::REQUEST,
                        &rtm(2, 24, 0, 0, 0, 0, 0),
                        |b| b.put_ip(rta::DST, ip("10.9.0.5")),
                    )
                }),
            ],
        ),
    ]
}
