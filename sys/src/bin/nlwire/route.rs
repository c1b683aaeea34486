//! `nlwire route`: show (the main table unless told otherwise, as `ip route`), add, del,
//! replace, append (gateways, multipath, nexthop objects, blackhole/unreachable/prohibit),
//! and the route printer that `monitor` shares.

use std::net::IpAddr;

use nlwire_codec::Message;
use nlwire_codec::rtnl::route::{
    self, NexthopSpec, RouteMsg, RouteSpec, router_pref, rt_scope, rt_table, rta, rtm_f, rtn,
    rtnh_f, rtprot,
};
use nlwire_codec::rtnl::{family, rtm};
use serde_json::{Map, Value};

use crate::args::{Args, Prefix, family_of};
use crate::command::{Verb, matches, verb};
use crate::error::{CliError, Object};
use crate::names;
use crate::opts::Global;
use crate::render::{Rec, str_array};
use crate::session::{LinkMap, Session};

/// Usage of `nlwire route`.
pub(crate) const USAGE: &str = "\
Usage: nlwire route [ show ] [ SELECTOR ]
       nlwire route { add | del | replace | append } ROUTE
       nlwire route get ADDRESS [ from ADDRESS ] [ iif STRING ] [ oif STRING ]
                        [ mark NUMBER ] [ uid NUMBER ] [ ipproto PROTOCOL ]
                        [ sport NUMBER ] [ dport NUMBER ] [ fibmatch ]
SELECTOR := [ PREFIX ] [ table TABLE_ID ] [ dev STRING ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
ROUTE := [ TYPE ] PREFIX [ via ADDRESS ] [ dev STRING ] [ table TABLE_ID ]
         [ metric METRIC ] [ src ADDRESS ] [ proto RTPROTO ] [ scope SCOPE ]
         [ type TYPE ] [ mtu NUMBER ] [ onlink ] [ nhid ID ] [ nexthop NH ]...
NH := [ via ADDRESS ] [ dev STRING ] [ weight NUMBER ] [ onlink ]
TYPE := { unicast | local | broadcast | multicast | throw |
          unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]
SCOPE := [ host | link | global | NUMBER ]
RTPROTO := [ kernel | boot | static | NUMBER ]";

/// `route show` selectors.
#[derive(Debug, Default)]
pub(crate) struct Show {
    /// Table id; 0 for all.
    table: u32,
    family: u8,
    dev: Option<String>,
    route_type: Option<u8>,
    proto: Option<u8>,
    scope: Option<u8>,
    prefix: Option<Prefix>,
}

/// One path of a multipath route, before device resolution.
#[derive(Debug, Default, Clone)]
struct Hop {
    via: Option<IpAddr>,
    dev: Option<String>,
    weight: u16,
    onlink: bool,
}

/// A route to change.
#[derive(Debug)]
pub(crate) struct Modify {
    verb: Verb,
    family: u8,
    dst: Option<Prefix>,
    via: Option<IpAddr>,
    dev: Option<String>,
    table: u32,
    metric: Option<u32>,
    src: Option<IpAddr>,
    proto: Option<u8>,
    scope: Option<u8>,
    route_type: Option<u8>,
    onlink: bool,
    mtu: Option<u32>,
    nhid: Option<u32>,
    hops: Vec<Hop>,
}

/// A parsed `route` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `route show`.
    Show(Show),
    /// A change.
    Modify(Box<Modify>),
    /// `route get` (see `routeget`).
    Get(crate::routeget::Get),
}

/// Parses `route …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Route, words)?;
    let mut a = Args::new(Object::Route, rest);
    match v {
        Verb::Show => parse_show(&mut a, g).map(Cmd::Show),
        Verb::Add | Verb::Del | Verb::Replace | Verb::Append | Verb::Set => {
            parse_modify(v, &mut a, g).map(|m| Cmd::Modify(Box::new(m)))
        }
        Verb::Get => crate::routeget::parse(&mut a, g).map(Cmd::Get),
    }
}

fn parse_show(a: &mut Args<'_>, g: &Global) -> Result<Show, CliError> {
    let mut s = Show {
        table: rt_table::MAIN,
        family: g.family,
        ..Show::default()
    };
    while let Some(w) = a.next() {
        if matches(w, "table") {
            let t = a.value("table")?;
            s.table = match t {
                "all" => 0,
                _ => names::parse_table(t)
                    .ok_or_else(|| a.invalid("table id value is invalid", t))?,
            };
        } else if w == "dev" || w == "oif" {
            s.dev = Some(a.value(w)?.to_owned());
        } else if matches(w, "type") {
            s.route_type = Some(a.parsed(w, "node type value is invalid", names::parse_rtn)?);
        } else if matches(w, "protocol") {
            let p = a.value(w)?;
            if p != "all" {
                s.proto = Some(
                    names::parse_proto(p).ok_or_else(|| a.invalid("invalid \"protocol\"", p))?,
                );
            }
        } else if matches(w, "scope") {
            let p = a.value(w)?;
            if p != "all" {
                s.scope =
                    Some(names::parse_scope(p).ok_or_else(|| a.invalid("invalid \"scope\"", p))?);
            }
        } else {
            let mut w = w;
            if matches(w, "to") {
                w = a.value("to")?;
            }
            if matches(w, "exact") || matches(w, "root") || matches(w, "match") {
                w = a.value(w)?;
            }
            if matches(w, "help") {
                return Err(a.err(""));
            }
            let p = crate::args::parse_prefix(w, s.family).ok_or_else(|| {
                a.err(format!(
                    "Error: any valid prefix is expected rather than \"{w}\"."
                ))
            })?;
            s.prefix = Some(p);
        }
    }
    Ok(s)
}

fn parse_hop(a: &mut Args<'_>, fam: u8) -> Result<Hop, CliError> {
    let mut h = Hop {
        weight: 1,
        ..Hop::default()
    };
    while let Some(w) = a.peek() {
        match w {
            "via" => {
                a.next();
                let mut v = a.value("via")?;
                let mut f = fam;
                if v == "inet" || v == "inet6" {
                    f = if v == "inet" {
                        family::INET
                    } else {
                        family::INET6
                    };
                    v = a.value("via")?;
                }
                h.via = Some(
                    crate::args::parse_addr(v)
                        .filter(|x| f == 0 || family_of(x) == f)
                        .ok_or_else(|| {
                            a.err(format!(
                                "Error: inet address is expected rather than \"{v}\"."
                            ))
                        })?,
                );
            }
            "dev" => {
                a.next();
                h.dev = Some(a.value("dev")?.to_owned());
            }
            "weight" => {
                a.next();
                h.weight = a.parsed("weight", "\"weight\" is invalid", |s| {
                    names::parse_u32(s)
                        .and_then(|v| u16::try_from(v).ok())
                        .filter(|v| (1..=256).contains(v))
                })?;
            }
            "onlink" => {
                a.next();
                h.onlink = true;
            }
            _ => break,
        }
    }
    Ok(h)
}

fn parse_modify(v: Verb, a: &mut Args<'_>, g: &Global) -> Result<Modify, CliError> {
    let mut m = Modify {
        verb: v,
        family: g.family,
        dst: None,
        via: None,
        dev: None,
        table: 0,
        metric: None,
        src: None,
        proto: None,
        scope: None,
        route_type: None,
        onlink: false,
        mtu: None,
        nhid: None,
        hops: Vec::new(),
    };
    while let Some(w) = a.next() {
        match w {
            "via" => {
                let mut val = a.value("via")?;
                let mut f = m.family;
                if val == "inet" || val == "inet6" {
                    f = if val == "inet" {
                        family::INET
                    } else {
                        family::INET6
                    };
                    val = a.value("via")?;
                }
                let gw = crate::args::parse_addr(val)
                    .filter(|x| f == 0 || family_of(x) == f)
                    .ok_or_else(|| {
                        a.err(format!(
                            "Error: inet address is expected rather than \"{val}\"."
                        ))
                    })?;
                m.via = Some(gw);
            }
            "src" => m.src = Some(a.addr("src", m.family)?),
            "dev" | "oif" => m.dev = Some(a.value(w)?.to_owned()),
            "onlink" => m.onlink = true,
            "nhid" => m.nhid = Some(a.u32("nhid")?),
            "nexthop" => {
                let fam = m.dst.map_or(m.family, |d| d.family(m.family));
                m.hops.push(parse_hop(a, fam)?);
            }
            "mtu" => {
                if a.peek() == Some("lock") {
                    a.next();
                }
                m.mtu = Some(a.u32("mtu")?);
            }
            _ if matches(w, "table") => {
                m.table = a.parsed("table", "\"table\" value is invalid", names::parse_table)?
            }
            _ if matches(w, "metric") || matches(w, "priority") || w == "preference" => {
                m.metric = Some(a.u32(w)?)
            }
            _ if matches(w, "protocol") => {
                m.proto = Some(a.parsed(w, "\"protocol\" value is invalid", names::parse_proto)?)
            }
            _ if matches(w, "scope") => {
                m.scope = Some(a.parsed(w, "invalid \"scope\" value", names::parse_scope)?)
            }
            "type" => {
                m.route_type = Some(a.parsed(w, "node type value is invalid", names::parse_rtn)?)
            }
            _ => {
                let mut w = w;
                if matches(w, "to") {
                    w = a.value("to")?;
                }
                if !w.starts_with(|c: char| c.is_ascii_digit()) {
                    if let Some(t) = names::parse_rtn(w) {
                        m.route_type = Some(t);
                        w = a.value("type")?;
                    }
                }
                if m.dst.is_some() {
                    return Err(a.err(format!(
                        "Error: either \"to\" is duplicate, or \"{w}\" is a garbage."
                    )));
                }
                let p = crate::args::parse_prefix(w, m.family).ok_or_else(|| {
                    a.err(format!(
                        "Error: any valid prefix is expected rather than \"{w}\"."
                    ))
                })?;
                m.dst = Some(p);
            }
        }
    }
    if m.dst.is_none() {
        return Err(a.err("Error: a destination prefix is required."));
    }
    if m.family == 0 {
        let from_gw = m.via.or(m.src).or(m.hops.iter().find_map(|h| h.via));
        m.family = m
            .dst
            .and_then(|d| d.addr.as_ref().map(family_of))
            .or(from_gw.as_ref().map(family_of))
            .unwrap_or(family::INET);
    }
    Ok(m)
}

/// Runs a `route` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(f) => show(f, s),
        Cmd::Modify(m) => modify(m, s),
        Cmd::Get(q) => crate::routeget::run(q, s),
    }
}

fn modify(m: &Modify, s: &mut Session) -> Result<(), CliError> {
    let oif = match &m.dev {
        Some(d) => s.ifindex_u(d)?,
        None => 0,
    };
    let mut hops = Vec::new();
    for h in &m.hops {
        let ifindex = match &h.dev {
            Some(d) => s.ifindex(d)?,
            None => 0,
        };
        hops.push(NexthopSpec {
            gateway: h.via,
            ifindex,
            weight: h.weight,
            flags: if h.onlink { rtnh_f::ONLINK } else { 0 },
        });
    }
    let dst = m.dst.unwrap_or(Prefix {
        addr: None,
        len: 0,
        explicit_len: true,
    });
    let spec = RouteSpec {
        family: m.family,
        dst: dst
            .addr
            .filter(|_| dst.len > 0 || !dst.addr.is_some_and(|a| a.is_unspecified())),
        dst_len: dst.len,
        gateway: m.via,
        oif,
        table: m.table,
        priority: m.metric,
        prefsrc: m.src,
        scope: m.scope,
        protocol: m.proto,
        route_type: m.route_type,
        flags: if m.onlink {
            u32::from(rtnh_f::ONLINK)
        } else {
            0
        },
        nexthops: &hops,
        nh_id: m.nhid,
        mtu: m.mtu,
        mpls_encap: &[],
    };
    match m.verb {
        Verb::Add => s.ack(|b, seq| route::add_request(b, seq, &spec)),
        Verb::Replace | Verb::Set => s.ack(|b, seq| route::replace_request(b, seq, &spec)),
        Verb::Append => s.ack(|b, seq| route::append_request(b, seq, &spec)),
        _ => s.ack(|b, seq| route::delete_request(b, seq, &spec)),
    }
}

fn show(f: &Show, s: &mut Session) -> Result<(), CliError> {
    let oif = match &f.dev {
        Some(d) => Some(s.ifindex_u(d)?),
        None => None,
    };
    let links = s.links()?.clone();
    let dump_family = if f.family == 0 && f.table != 0 {
        family::INET
    } else {
        f.family
    };
    let filter = route::RouteDumpFilter {
        family: dump_family,
        ..route::RouteDumpFilter::default()
    };
    let msgs = s.dump(|b, seq| route::dump_request(b, seq, &filter))?;
    let ctx = RouteCtx {
        details: s.global.details,
        table_filtered: f.table != 0,
        dev_filtered: oif.is_some(),
        proto_filtered: f.proto.is_some(),
        scope_filtered: f.scope.is_some(),
        type_filter: f.route_type,
    };
    let mut out = s.out();
    for bytes in &msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(r) = RouteMsg::parse(&m) else { continue };
        if !keep(&r, f, dump_family, oif) {
            continue;
        }
        out.emit(render(&r, &links, &ctx));
    }
    out.finish();
    Ok(())
}

fn keep(r: &RouteMsg<'_>, f: &Show, family: u8, oif: Option<u32>) -> bool {
    if family != 0 && r.family() != family {
        return false;
    }
    if r.flags() & rtm_f::CLONED != 0 {
        return false;
    }
    let table = r.table().unwrap_or(0);
    if f.table != 0 && table != f.table {
        return false;
    }
    if f.proto.is_some_and(|p| p != r.protocol()) {
        return false;
    }
    if f.scope.is_some_and(|p| p != r.scope()) {
        return false;
    }
    if f.route_type.is_some_and(|t| t != r.route_type()) {
        return false;
    }
    if let Some(o) = oif {
        if r.oif().ok().flatten().unwrap_or(0) != o {
            return false;
        }
    }
    if let Some(p) = &f.prefix {
        if let Some(want) = p.addr {
            let dst = r.dst().ok().flatten();
            let same = match dst {
                Some(d) => d == want && r.dst_len() == p.len,
                None => p.len == 0 && r.dst_len() == 0,
            };
            if !same {
                return false;
            }
        } else if r.dst_len() != 0 {
            return false;
        }
    }
    true
}

/// What the selectors hide from the printed routes (as `ip` omits the filtered fields).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RouteCtx {
    /// `-d`.
    pub(crate) details: bool,
    /// A single table was selected: `table` is not printed.
    pub(crate) table_filtered: bool,
    /// `dev` was selected: not printed.
    pub(crate) dev_filtered: bool,
    /// `proto` was selected: not printed.
    pub(crate) proto_filtered: bool,
    /// `scope` was selected: not printed.
    pub(crate) scope_filtered: bool,
    /// `type` was selected.
    pub(crate) type_filter: Option<u8>,
}

fn host_len(family: u8) -> u8 {
    match family {
        family::INET6 => 128,
        family::MPLS => 20,
        _ => 32,
    }
}

/// Route flags as `ip` lists them (`linkdown`, `onlink`, …).
fn rt_flags(flags: u32) -> Vec<&'static str> {
    let mut out = Vec::new();
    let table: [(u32, &str); 11] = [
        (u32::from(rtnh_f::DEAD), "dead"),
        (u32::from(rtnh_f::ONLINK), "onlink"),
        (u32::from(rtnh_f::PERVASIVE), "pervasive"),
        (u32::from(rtnh_f::OFFLOAD), "offload"),
        (u32::from(rtnh_f::TRAP), "trap"),
        (rtm_f::NOTIFY, "notify"),
        (u32::from(rtnh_f::LINKDOWN), "linkdown"),
        (u32::from(rtnh_f::UNRESOLVED), "unresolved"),
        (rtm_f::OFFLOAD, "rt_offload"),
        (rtm_f::TRAP, "rt_trap"),
        (rtm_f::OFFLOAD_FAILED, "rt_offload_failed"),
    ];
    for (bit, name) in table {
        if flags & bit != 0 {
            out.push(name);
        }
    }
    out
}

/// Prints the flags in both forms (`"flags": [...]`, and `linkdown ` in text).
pub(crate) fn put_flags(r: &mut Rec, flags: u32) {
    let names = rt_flags(flags);
    for n in &names {
        r.text(format!("{n} "));
    }
    r.json("flags", str_array(names.iter().copied()));
}

/// Route metric names (`RTAX_*`) as `ip` prints them.
fn metric_name(i: u16) -> Option<&'static str> {
    Some(match i {
        2 => "mtu",
        3 => "window",
        4 => "rtt",
        5 => "rttvar",
        6 => "ssthresh",
        7 => "cwnd",
        8 => "advmss",
        9 => "reordering",
        10 => "hoplimit",
        11 => "initcwnd",
        12 => "features",
        13 => "rto_min",
        14 => "initrwnd",
        15 => "quickack",
        16 => "congctl",
        17 => "fastopen_no_cookie",
        _ => return None,
    })
}

/// Prints one route as `ip route` does.
pub(crate) fn render(r: &RouteMsg<'_>, links: &LinkMap, c: &RouteCtx) -> Rec {
    let mut o = Rec::new();
    if r.message().message_type() == rtm::DELROUTE {
        o.any("deleted", true, "Deleted ");
    }
    let t = r.route_type();
    if (t != rtn::UNICAST || c.details) && c.type_filter.is_none_or(|f| f == t) {
        let n = names::rtn(t);
        o.any("type", n.clone(), format!("{n} "));
    }
    let hl = host_len(r.family());
    let dst = match r.dst().ok().flatten() {
        Some(d) if r.dst_len() != hl => format!("{d}/{}", r.dst_len()),
        Some(d) => d.to_string(),
        None if r.dst_len() != 0 => format!("0/{}", r.dst_len()),
        None => "default".to_owned(),
    };
    o.any("dst", dst.clone(), format!("{dst} "));
    match r.src().ok().flatten() {
        Some(sa) => {
            let v = if r.src_len() != hl {
                format!("{sa}/{}", r.src_len())
            } else {
                sa.to_string()
            };
            o.any("from", v.clone(), format!("from {v} "));
        }
        None if r.src_len() != 0 => {
            let v = format!("0/{}", r.src_len());
            o.any("src", v.clone(), format!("from {v} "));
        }
        None => {}
    }
    if let Some(id) = r.nh_id().ok().flatten() {
        o.any("nhid", id, format!("nhid {id} "));
    }
    if r.tos() != 0 {
        let v = format!("0x{:02x}", r.tos());
        o.any("tos", v.clone(), format!("tos {v} "));
    }
    if let Some(gw) = r.gateway().ok().flatten() {
        o.any("gateway", gw.to_string(), format!("via {gw} "));
    }
    if let Some(via) = r.via().ok().flatten() {
        let fam = u8::try_from(via.family)
            .ok()
            .and_then(family::name)
            .unwrap_or("???");
        let host = via
            .ip()
            .map_or_else(|| names::lladdr(via.addr, 0), |ip| ip.to_string());
        let mut obj = Map::new();
        obj.insert("family".into(), fam.into());
        obj.insert("host".into(), host.clone().into());
        o.json("via", Value::Object(obj));
        o.text(format!("via {fam} {host} "));
    }
    if let Some(oif) = r.oif().ok().flatten().filter(|_| !c.dev_filtered) {
        let n = links.name_u(oif);
        o.any("dev", n.clone(), format!("dev {n} "));
    }
    let table = r.table().unwrap_or(0);
    if table != 0 && (table != rt_table::MAIN || c.details) && !c.table_filtered {
        let n = names::table(table);
        o.any("table", n.clone(), format!("table {n} "));
    }
    if r.flags() & rtm_f::CLONED == 0 {
        if (r.protocol() != rtprot::BOOT || c.details) && !c.proto_filtered {
            let n = names::proto(r.protocol());
            o.any("protocol", n.clone(), format!("proto {n} "));
        }
        if (r.scope() != rt_scope::UNIVERSE || c.details) && !c.scope_filtered {
            let n = names::scope(r.scope());
            o.any("scope", n.clone(), format!("scope {n} "));
        }
    }
    if let Some(p) = r.prefsrc().ok().flatten() {
        o.any("prefsrc", p.to_string(), format!("src {p} "));
    }
    if let Some(m) = r.priority().ok().flatten() {
        o.any("metric", m, format!("metric {m} "));
    }
    put_flags(&mut o, r.flags());
    if let Some(mark) = r.mark().ok().flatten().filter(|m| *m != 0) {
        o.json("mark", mark);
        if mark >= 16 {
            o.text(format!("mark {mark:#x} "));
        } else {
            o.text(format!("mark {mark} "));
        }
    }
    if let Some(uid) = r.uid().ok().flatten() {
        o.any("uid", uid, format!("uid {uid} "));
    }
    metrics(&mut o, r);
    if let Some(iif) = r.iif().ok().flatten() {
        let n = links.name_u(iif);
        o.any("iif", n.clone(), format!("iif {n} "));
    }
    if let Some(p) = r.pref().ok().flatten() {
        match router_pref::name(p).filter(|_| p != router_pref::INVALID) {
            Some(n) => o.any("pref", n, format!("pref {n}")),
            None => o.any("pref", p, format!("{p}")),
        }
    }
    if r.is_multipath() {
        let mut hops = Vec::new();
        for nh in r.multipath().flatten() {
            let mut h = Rec::new();
            h.text("\n\tnexthop ");
            if let Some(gw) = nh.gateway().ok().flatten() {
                h.any("gateway", gw.to_string(), format!("via {gw} "));
            }
            let n = links.name(nh.ifindex());
            h.any("dev", n.clone(), format!("dev {n} "));
            if r.family() != family::MPLS {
                h.any("weight", nh.weight(), format!("weight {} ", nh.weight()));
            }
            put_flags(&mut h, u32::from(nh.flags()));
            o.text(&h.text);
            hops.push(h.into_value());
        }
        o.json("nexthops", Value::Array(hops));
    }
    o
}

fn metrics(o: &mut Rec, r: &RouteMsg<'_>) {
    let Some(m) = r.attr(rta::METRICS) else {
        return;
    };
    let mut lock = 0u32;
    let mut vals: Vec<(u16, Value, String)> = Vec::new();
    for a in m.nested().flatten() {
        if a.kind() == 1 {
            lock = a.u32().unwrap_or(0);
            continue;
        }
        let Some(name) = metric_name(a.kind()) else {
            continue;
        };
        if a.kind() == 16 {
            let s = a.str().unwrap_or("").to_owned();
            vals.push((a.kind(), Value::from(s.clone()), format!("{name} {s} ")));
            continue;
        }
        let mut v = a.u32().unwrap_or(0);
        if a.kind() == 10 && v == u32::MAX {
            continue;
        }
        if a.kind() == 4 {
            v /= 8;
        } else if a.kind() == 5 {
            v /= 4;
        }
        let locked = if lock & (1 << a.kind()) != 0 {
            "lock "
        } else {
            ""
        };
        vals.push((a.kind(), Value::from(v), format!("{name} {locked}{v} ")));
    }
    if vals.is_empty() {
        return;
    }
    let mut obj = Map::new();
    for (k, v, text) in vals {
        let key = if k == 16 {
            "congestion"
        } else {
            metric_name(k).unwrap_or("?")
        };
        obj.insert(key.to_owned(), v);
        o.text(text);
    }
    o.json("metrics", Value::Array(vec![Value::Object(obj)]));
}
