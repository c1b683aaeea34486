//! `nlwire monitor`: joins the rtnetlink groups of the chosen objects and prints each
//! event as `ip monitor` does (text, or one JSON object per line). When the kernel
//! drops events (`ENOBUFS`, [`nlwire_sys::Error::Overrun`]), it says so on standard
//! error, dumps the monitored objects again to resynchronise, and goes on.

use std::time::{Duration, Instant};

use nlwire_codec::rtnl::addr::AddrMsg;
use nlwire_codec::rtnl::link::LinkMsg;
use nlwire_codec::rtnl::neigh::NeighMsg;
use nlwire_codec::rtnl::nexthop::NexthopMsg;
use nlwire_codec::rtnl::route::{RouteMsg, rtm_f};
use nlwire_codec::rtnl::rule::RuleMsg;
use nlwire_codec::rtnl::{addr, group, neigh, nexthop, route, rule};
use nlwire_codec::{Message, Transport};
use nlwire_sys::Error;

use crate::args::Args;
use crate::error::{CliError, Object};
use crate::link::LinkOpts;
use crate::opts::Global;
use crate::render::Out;
use crate::route::RouteCtx;
use crate::session::{LinkMap, Session};

/// Usage of `nlwire monitor`.
pub(crate) const USAGE: &str = "\
Usage: nlwire monitor [ all | OBJECTS ] [ count N ] [ timeout SECONDS ] [ rcvbuf BYTES ]
OBJECTS := link | address | route | neigh | rule | nexthop
count N: exit after N events; timeout: exit after that long; rcvbuf: the socket's
receive buffer (small values provoke overruns, which are resynchronised)";

/// Monitored objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Obj {
    Link,
    Addr,
    Route,
    Neigh,
    Rule,
    Nexthop,
}

/// A parsed `monitor` command.
#[derive(Debug)]
pub(crate) struct Cmd {
    objects: Vec<Obj>,
    banner: bool,
    count: Option<u64>,
    timeout: Option<Duration>,
    rcvbuf: Option<usize>,
    family: u8,
}

/// Parses `monitor …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let mut a = Args::new(Object::Monitor, words);
    let mut c = Cmd {
        objects: Vec::new(),
        banner: false,
        count: None,
        timeout: None,
        rcvbuf: None,
        family: g.family,
    };
    while let Some(w) = a.next() {
        match w {
            "all" => c.banner = true,
            "link" => c.objects.push(Obj::Link),
            "address" | "addr" => c.objects.push(Obj::Addr),
            "route" => c.objects.push(Obj::Route),
            "neigh" | "neighbor" | "neighbour" => c.objects.push(Obj::Neigh),
            "rule" => c.objects.push(Obj::Rule),
            "nexthop" => c.objects.push(Obj::Nexthop),
            "count" => c.count = Some(u64::from(a.u32("count")?)),
            "timeout" => {
                let secs = a.parsed("timeout", "invalid timeout", |s| {
                    s.parse::<f64>().ok().filter(|v| *v >= 0.0)
                })?;
                c.timeout = Some(Duration::from_secs_f64(secs));
            }
            "rcvbuf" => c.rcvbuf = Some(usize::try_from(a.u32("rcvbuf")?).unwrap_or(usize::MAX)),
            "help" => return Err(a.err("")),
            _ => {
                return Err(a.err(format!(
                    "Argument \"{w}\" is unknown, try \"nlwire monitor help\"."
                )));
            }
        }
    }
    if c.objects.is_empty() {
        c.banner = true;
        c.objects = vec![
            Obj::Link,
            Obj::Addr,
            Obj::Route,
            Obj::Neigh,
            Obj::Rule,
            Obj::Nexthop,
        ];
    }
    Ok(c)
}

fn groups(o: Obj) -> &'static [u32] {
    match o {
        Obj::Link => &[group::LINK],
        Obj::Addr => &[group::IPV4_IFADDR, group::IPV6_IFADDR],
        Obj::Route => &[group::IPV4_ROUTE, group::IPV6_ROUTE],
        Obj::Neigh => &[group::NEIGH],
        Obj::Rule => &[group::IPV4_RULE, group::IPV6_RULE],
        Obj::Nexthop => &[group::NEXTHOP],
    }
}

/// Runs the monitor until `count` events, the timeout, or forever.
pub(crate) fn run(c: &Cmd, s: &mut Session) -> Result<(), CliError> {
    let mut conn = s.open_monitor()?;
    {
        let b = conn.backend_mut();
        for o in &c.objects {
            for g in groups(*o) {
                b.join_group(*g).map_err(Error::from)?;
            }
        }
        if let Some(n) = c.rcvbuf {
            b.set_recv_buffer_size(n).map_err(Error::from)?;
        }
        if c.timeout.is_some() {
            b.set_nonblocking().map_err(Error::from)?;
        }
    }
    let mut links = s.links()?.clone();
    let mut out = Out::streaming(s.global.json, s.global.pretty);
    let deadline = c.timeout.map(|t| Instant::now() + t);
    let mut buf = vec![0u8; 64 * 1024];
    let mut seen = 0u64;
    loop {
        if c.count.is_some_and(|n| seen >= n) {
            return Ok(());
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(());
        }
        let got = match conn.recv(&mut buf) {
            Ok(g) => g,
            Err(Error::Overrun) => {
                eprintln!(
                    "nlwire monitor: receive queue overrun (ENOBUFS): events were lost; dumping the monitored objects again"
                );
                seen += resync(c, s, &mut links, &mut out)?;
                continue;
            }
            Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        if got.len > buf.len() {
            buf.resize(got.len.next_power_of_two(), 0);
            eprintln!(
                "nlwire monitor: a {}-byte notification was truncated",
                got.len
            );
            continue;
        }
        let data = &buf[..got.len];
        let mut pos = 0;
        while pos < data.len() {
            let Ok(m) = Message::parse(&data[pos..]) else {
                break;
            };
            pos += nlwire_codec::align(m.bytes().len()).unwrap_or(data.len());
            if print_event(c, &m, &mut links, &mut out, s.global.details) {
                seen += 1;
                if c.count.is_some_and(|n| seen >= n) {
                    return Ok(());
                }
            }
        }
    }
}

fn wanted(c: &Cmd, o: Obj) -> bool {
    c.objects.contains(&o)
}

/// Prints one notification; whether it was one of the monitored objects.
fn print_event(
    c: &Cmd,
    m: &Message<'_>,
    links: &mut LinkMap,
    out: &mut Out,
    details: bool,
) -> bool {
    let t = m.message_type().0;
    let (banner, rec) = match t {
        16..=19 if wanted(c, Obj::Link) => {
            links.learn(m.bytes());
            let Ok(l) = LinkMsg::parse(m) else {
                return false;
            };
            let o = LinkOpts {
                do_link: true,
                details,
                family: 0,
            };
            ("[LINK]", crate::link::render(&l, links, &o))
        }
        20..=23 if wanted(c, Obj::Addr) => {
            let Ok(a) = AddrMsg::parse(m) else {
                return false;
            };
            if c.family != 0 && a.family() != c.family {
                return false;
            }
            ("[ADDR]", crate::addr::render_event(&a, links))
        }
        24..=27 if wanted(c, Obj::Route) => {
            let Ok(r) = RouteMsg::parse(m) else {
                return false;
            };
            if r.flags() & rtm_f::CLONED != 0 || (c.family != 0 && r.family() != c.family) {
                return false;
            }
            let ctx = RouteCtx {
                details,
                ..RouteCtx::default()
            };
            ("[ROUTE]", crate::route::render(&r, links, &ctx))
        }
        28..=31 if wanted(c, Obj::Neigh) => {
            let Ok(n) = NeighMsg::parse(m) else {
                return false;
            };
            if c.family != 0 && n.family() != c.family {
                return false;
            }
            ("[NEIGH]", crate::neigh::render(&n, links, false))
        }
        32..=35 if wanted(c, Obj::Rule) => {
            let Ok(r) = RuleMsg::parse(m) else {
                return false;
            };
            ("[RULE]", crate::rule::render(&r, details))
        }
        104..=107 if wanted(c, Obj::Nexthop) => {
            let Ok(n) = NexthopMsg::parse(m) else {
                return false;
            };
            ("[NEXTHOP]", crate::nexthop::render(&n, links, details))
        }
        _ => return false,
    };
    let mut rec = rec;
    if c.banner && !out.is_json() {
        rec.text = format!("{banner}{}", rec.text);
    }
    out.emit(rec);
    true
}

/// Dumps every monitored object again and prints it; returns how many were printed.
fn resync(c: &Cmd, s: &mut Session, links: &mut LinkMap, out: &mut Out) -> Result<u64, CliError> {
    let mut msgs = Vec::new();
    for o in &c.objects {
        let mut got = match o {
            Obj::Link => s.dump_links()?,
            Obj::Addr => s.dump(|b, seq| addr::dump_request(b, seq, c.family, 0))?,
            Obj::Route => {
                let f = route::RouteDumpFilter {
                    family: c.family,
                    ..route::RouteDumpFilter::default()
                };
                s.dump(|b, seq| route::dump_request(b, seq, &f))?
            }
            Obj::Neigh => s.dump(|b, seq| neigh::dump_request(b, seq, c.family, 0))?,
            Obj::Rule => s.dump(|b, seq| rule::dump_request(b, seq, c.family))?,
            Obj::Nexthop => {
                s.dump(|b, seq| nexthop::dump_request(b, seq, &nexthop::DumpFilter::default()))?
            }
        };
        msgs.append(&mut got);
    }
    *links = s.links()?.clone();
    let mut n = 0;
    for bytes in &msgs {
        if let Ok(m) = Message::parse(bytes) {
            if print_event(c, &m, links, out, s.global.details) {
                n += 1;
            }
        }
    }
    Ok(n)
}
