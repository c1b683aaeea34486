//! The operation language of the differential suite: each [`Op`] is one request (or a
//! socket option change), written with the codec's rtnetlink writers. Links are named;
//! the runner resolves a name to its index in each world just before building the
//! request (an absent name becomes index 999, which never exists).

use std::fmt;
use std::net::IpAddr;

use nlwire_codec::rtnl::link::{self, IfInfoMsg, ifla};
use nlwire_codec::rtnl::{addr, family, neigh, nexthop, route, rule};
use nlwire_codec::{Builder, EncodeError, Flags, MessageType};
use nlwire_simkernel::VecBuf;

/// The index used for a name that does not exist.
pub(crate) const NO_INDEX: i32 = 999;

/// Resolves a link name to its index in one world ([`NO_INDEX`] when absent).
pub(crate) type Resolve<'r> = &'r mut dyn FnMut(&str) -> i32;

/// Builds a raw request: `(seq, resolver) -> datagram`.
pub(crate) type RawFn = fn(u32, Resolve<'_>) -> Vec<u8>;

/// Add, delete, replace or append.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verb {
    /// `CREATE | EXCL`.
    Add,
    /// A delete request.
    Del,
    /// `CREATE | REPLACE`.
    Replace,
    /// `CREATE | APPEND`.
    Append,
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verb::Add => "add",
            Verb::Del => "del",
            Verb::Replace => "replace",
            Verb::Append => "append",
        })
    }
}

/// A route in a route request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rt {
    /// Destination.
    pub dst: IpAddr,
    /// Prefix length.
    pub len: u8,
    /// Gateway.
    pub gw: Option<IpAddr>,
    /// Output device.
    pub dev: Option<&'static str>,
    /// Table (0 = main).
    pub table: u32,
    /// `RTA_PRIORITY`.
    pub metric: Option<u32>,
    /// `rtm_type` (None = unicast, or unspec for deletes).
    pub kind: Option<u8>,
}

impl Rt {
    /// `dst/len` with nothing else.
    pub(crate) const fn to(dst: IpAddr, len: u8) -> Self {
        Self {
            dst,
            len,
            gw: None,
            dev: None,
            table: 0,
            metric: None,
            kind: None,
        }
    }
}

/// Which object a dump asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Obj {
    /// `RTM_GETLINK`.
    Link,
    /// `RTM_GETADDR`.
    Addr,
    /// `RTM_GETROUTE`.
    Route,
    /// `RTM_GETNEIGH`.
    Neigh,
    /// `RTM_GETRULE`.
    Rule,
    /// `RTM_GETNEXTHOP`.
    Nexthop,
}

/// Every object kind, in the order of the final dumps.
pub(crate) const ALL_OBJS: [Obj; 6] = [
    Obj::Link,
    Obj::Addr,
    Obj::Route,
    Obj::Neigh,
    Obj::Rule,
    Obj::Nexthop,
];

/// A socket option of the request socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SockOpt {
    /// `NETLINK_EXT_ACK`.
    ExtAck(bool),
    /// `NETLINK_CAP_ACK`.
    CapAck(bool),
    /// `NETLINK_GET_STRICT_CHK`.
    Strict(bool),
}

/// One step of a script.
#[derive(Clone, Debug)]
pub(crate) enum Op {
    /// `ip link add NAME type veth peer name PEER`.
    Veth(&'static str, &'static str),
    /// `ip link add NAME type bridge`.
    Bridge(&'static str),
    /// `ip link del NAME`.
    Del(&'static str),
    /// `ip link set NAME up|down`.
    Up(&'static str, bool),
    /// `ip link set NAME mtu N`.
    Mtu(&'static str, u32),
    /// `ip link set NAME name NEW`.
    Rename(&'static str, &'static str),
    /// `ip link set NAME master M` / `nomaster`.
    Master(&'static str, Option<&'static str>),
    /// `ip addr add|del|replace IP/LEN dev NAME` (IPv6 with `nodad`).
    Addr(Verb, &'static str, IpAddr, u8),
    /// `ip route add|del|replace|append …`.
    Route(Verb, Rt),
    /// `ip route get IP` with `rtm_flags`.
    RouteGet(IpAddr, u32),
    /// `ip neigh add|del IP lladdr 02:00:00:00:00:01 dev NAME` (permanent).
    Neigh(bool, &'static str, IpAddr),
    /// `ip rule add|del priority P table T`.
    Rule(bool, u32, u32),
    /// `ip nexthop add id ID dev NAME [via GW]` / `del id ID`.
    Nexthop(bool, u32, &'static str, Option<IpAddr>),
    /// A dump of one object kind.
    Dump(Obj),
    /// A hand-made request: a label and a builder.
    Raw(&'static str, RawFn),
    /// Changes an option of the request socket (no request sent).
    Opt(SockOpt),
    /// Waits for the real kernel's asynchronous link work (nothing sent).
    Settle,
}

impl Op {
    /// Whether the op may start asynchronous link-state work in the real kernel
    /// (linkwatch, IPv6 autoconfiguration).
    pub(crate) fn touches_links(&self) -> bool {
        matches!(
            self,
            Op::Veth(..)
                | Op::Bridge(_)
                | Op::Del(_)
                | Op::Up(..)
                | Op::Master(..)
                | Op::Mtu(..)
                | Op::Raw(..)
                | Op::Addr(_, _, IpAddr::V6(_), _)
        )
    }

    /// The datagram for this op, or `None` for [`Op::Opt`].
    pub(crate) fn build(&self, seq: u32, idx: Resolve<'_>) -> Option<Vec<u8>> {
        let mut b = VecBuf::new();
        let r: Result<usize, EncodeError> = match *self {
            Op::Veth(n, p) => link::create_veth_request(&mut b, seq, n, p),
            Op::Bridge(n) => link::create_request(&mut b, seq, n, "bridge", NO_DATA),
            Op::Del(n) => link::delete_request(&mut b, seq, 0, Some(n)),
            Op::Up(n, up) => link::set_request(&mut b, seq, idx(n), Some(up)).map(Builder::finish),
            Op::Mtu(n, mtu) => link::set_request(&mut b, seq, idx(n), None).and_then(|mut m| {
                m.put_u32(ifla::MTU, mtu)?;
                Ok(m.finish())
            }),
            Op::Rename(n, to) => {
                let i = idx(n);
                link::set_request(&mut b, seq, i, None).and_then(|mut m| {
                    m.put_str(ifla::IFNAME, to)?;
                    Ok(m.finish())
                })
            }
            Op::Master(n, m) => {
                let i = idx(n);
                let mi = m.map_or(0, &mut *idx);
                link::set_request(&mut b, seq, i, None).and_then(|mut w| {
                    w.put_u32(ifla::MASTER, mi as u32)?;
                    Ok(w.finish())
                })
            }
            Op::Addr(v, n, ip, len) => {
                let mut a = addr::AddrSpec::new(ip, len, idx(n) as u32);
                if ip.is_ipv6() {
                    a.flags = addr::ifa_f::NODAD;
                }
                match v {
                    Verb::Add | Verb::Append => addr::add_request(&mut b, seq, &a),
                    Verb::Replace => addr::replace_request(&mut b, seq, &a),
                    Verb::Del => addr::delete_request(&mut b, seq, &a),
                }
            }
            Op::Route(v, rt) => {
                let spec = route::RouteSpec {
                    dst: Some(rt.dst),
                    dst_len: rt.len,
                    gateway: rt.gw,
                    oif: rt.dev.map_or(0, |d| idx(d) as u32),
                    table: rt.table,
                    priority: rt.metric,
                    route_type: rt.kind,
                    ..route::RouteSpec::default()
                };
                match v {
                    Verb::Add => route::add_request(&mut b, seq, &spec),
                    Verb::Replace => route::replace_request(&mut b, seq, &spec),
                    Verb::Append => route::append_request(&mut b, seq, &spec),
                    Verb::Del => route::delete_request(&mut b, seq, &spec),
                }
            }
            Op::RouteGet(ip, flags) => {
                let q = route::RouteQuery {
                    flags,
                    ..route::RouteQuery::to(ip)
                };
                route::get_request(&mut b, seq, &q)
            }
            Op::Neigh(add, n, ip) => {
                let mut s = neigh::NeighSpec::new(ip, idx(n));
                s.lladdr = Some(&LLADDR);
                if add {
                    neigh::add_request(&mut b, seq, &s)
                } else {
                    neigh::delete_request(&mut b, seq, &s)
                }
            }
            Op::Rule(add, table, prio) => {
                let s = rule::RuleSpec {
                    table: Some(table),
                    priority: Some(prio),
                    ..rule::RuleSpec::new(family::INET)
                };
                if add {
                    rule::add_request(&mut b, seq, &s)
                } else {
                    rule::delete_request(&mut b, seq, &s)
                }
            }
            Op::Nexthop(add, id, n, gw) => {
                if add {
                    let s = nexthop::NexthopSpec {
                        id,
                        oif: Some(idx(n) as u32),
                        gateway: gw,
                        ..nexthop::NexthopSpec::default()
                    };
                    nexthop::add_request(&mut b, seq, &s)
                } else {
                    nexthop::delete_request(&mut b, seq, id)
                }
            }
            Op::Dump(o) => match o {
                Obj::Link => link::dump_request(&mut b, seq, 0),
                Obj::Addr => addr::dump_request(&mut b, seq, 0, 0),
                Obj::Route => route::dump_request(&mut b, seq, &route::RouteDumpFilter::default()),
                Obj::Neigh => neigh::dump_request(&mut b, seq, 0, 0),
                Obj::Rule => rule::dump_request(&mut b, seq, 0),
                Obj::Nexthop => nexthop::dump_request(&mut b, seq, &nexthop::DumpFilter::default()),
            },
            Op::Raw(_, f) => return Some(f(seq, idx)),
            Op::Opt(_) | Op::Settle => return None,
        };
        r.expect("request fits");
        Some(b.into_vec())
    }
}

/// The link-layer address of every neighbour the scripts add.
pub(crate) const LLADDR: [u8; 6] = [2, 0, 0, 0, 0, 1];

type DataFn = fn(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>;
const NO_DATA: Option<DataFn> = None;

/// A raw request with a link header: `type`, `flags`, `ifinfomsg`, and attributes
/// written by `attrs`.
pub(crate) fn raw_link(
    seq: u32,
    kind: MessageType,
    flags: Flags,
    hdr: &IfInfoMsg,
    attrs: impl FnOnce(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    let mut b = VecBuf::new();
    let mut m = link::message(&mut b, kind, flags, seq, hdr).expect("fits");
    attrs(&mut m).expect("fits");
    m.finish();
    b.into_vec()
}

fn ip_len(ip: &IpAddr, len: u8) -> String {
    format!("{ip}/{len}")
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Veth(n, p) => write!(f, "link add {n} type veth peer name {p}"),
            Op::Bridge(n) => write!(f, "link add {n} type bridge"),
            Op::Del(n) => write!(f, "link del {n}"),
            Op::Up(n, up) => write!(f, "link set {n} {}", if *up { "up" } else { "down" }),
            Op::Mtu(n, m) => write!(f, "link set {n} mtu {m}"),
            Op::Rename(n, to) => write!(f, "link set {n} name {to}"),
            Op::Master(n, Some(m)) => write!(f, "link set {n} master {m}"),
            Op::Master(n, None) => write!(f, "link set {n} nomaster"),
            Op::Addr(v, n, ip, len) => write!(f, "addr {v} {} dev {n}", ip_len(ip, *len)),
            Op::Route(v, rt) => {
                write!(f, "route {v} ")?;
                match rt.kind {
                    Some(route::rtn::BLACKHOLE) => write!(f, "blackhole ")?,
                    Some(route::rtn::UNREACHABLE) => write!(f, "unreachable ")?,
                    Some(k) => write!(f, "type{k} ")?,
                    None => {}
                }
                write!(f, "{}", ip_len(&rt.dst, rt.len))?;
                if let Some(g) = rt.gw {
                    write!(f, " via {g}")?;
                }
                if let Some(d) = rt.dev {
                    write!(f, " dev {d}")?;
                }
                if rt.table != 0 {
                    write!(f, " table {}", rt.table)?;
                }
                if let Some(m) = rt.metric {
                    write!(f, " metric {m}")?;
                }
                Ok(())
            }
            Op::RouteGet(ip, 0) => write!(f, "route get {ip}"),
            Op::RouteGet(ip, fl) => write!(f, "route get {ip} rtm_flags {fl:#x}"),
            Op::Neigh(add, n, ip) => write!(
                f,
                "neigh {} {ip} lladdr 02:00:00:00:00:01 dev {n}",
                if *add { "add" } else { "del" }
            ),
            Op::Rule(add, t, p) => write!(
                f,
                "rule {} priority {p} table {t}",
                if *add { "add" } else { "del" }
            ),
            Op::Nexthop(true, id, n, gw) => {
                write!(f, "nexthop add id {id} dev {n}")?;
                if let Some(g) = gw {
                    write!(f, " via {g}")?;
                }
                Ok(())
            }
            Op::Nexthop(false, id, _, _) => write!(f, "nexthop del id {id}"),
            Op::Dump(o) => write!(f, "dump {o:?}"),
            Op::Raw(l, _) => write!(f, "raw {l}"),
            Op::Opt(o) => write!(f, "sockopt {o:?}"),
            Op::Settle => write!(f, "settle"),
        }
    }
}
