//! `nlwire address`: show (links with their addresses, as `ip addr`), add, del,
//! replace, and the address printer that `monitor` shares.

use std::net::IpAddr;

use nlwire_codec::Message;
use nlwire_codec::rtnl::addr::{self, AddrMsg, AddrSpec, INFINITY_LIFE_TIME, ifa_f};
use nlwire_codec::rtnl::link::LinkMsg;
use nlwire_codec::rtnl::{family, rtm};
use serde_json::Value;

use crate::args::Args;
use crate::command::{Verb, verb};
use crate::error::{CliError, Object};
use crate::link::{self, LinkOpts, ShowFilter};
use crate::names;
use crate::opts::Global;
use crate::render::Rec;
use crate::session::{LinkMap, Session};

/// Usage of `nlwire address`.
pub(crate) const USAGE: &str = "\
Usage: nlwire address { add | change | replace } IFADDR dev IFNAME [ LIFETIME ] [ CONFFLAG-LIST ]
       nlwire address del IFADDR dev IFNAME
       nlwire address [ show ] [ dev IFNAME ] [ scope SCOPE-ID ] [ label LABEL ] [ up ]
                      [ type TYPE ] [ master DEVICE ]
IFADDR := PREFIX [ peer PREFIX ] [ broadcast ADDR | brd { ADDR | + | - } ]
          [ label IFNAME:LABEL ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS";

/// `address show` filters.
#[derive(Debug, Default)]
pub(crate) struct Show {
    links: ShowFilter,
    scope: Option<u8>,
    label: Option<String>,
    family: u8,
}

/// How the broadcast address is given.
#[derive(Debug, Clone, Copy)]
enum Brd {
    Addr(IpAddr),
    Plus,
    Minus,
}

/// `address add|del|replace|change`.
#[derive(Debug)]
pub(crate) struct Modify {
    verb: Verb,
    local: IpAddr,
    len: u8,
    peer: Option<IpAddr>,
    dev: String,
    label: Option<String>,
    brd: Option<Brd>,
    scope: Option<u8>,
    metric: Option<u32>,
    flags: u32,
    lifetimes: Option<(u32, u32)>,
}

/// A parsed `address` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `address show`.
    Show(Show),
    /// A change.
    Modify(Modify),
}

/// Parses `address …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Addr, words)?;
    let mut a = Args::new(Object::Addr, rest);
    match v {
        Verb::Show => {
            let mut s = Show {
                family: g.family,
                ..Show::default()
            };
            let mut rest_words = Vec::new();
            while let Some(w) = a.next() {
                match w {
                    "scope" => {
                        s.scope =
                            Some(a.parsed("scope", "invalid \"scope\"", names::parse_scope)?)
                    }
                    "label" => s.label = Some(a.value("label")?.to_owned()),
                    "dev" | "type" | "master" => {
                        rest_words.push(w.to_owned());
                        rest_words.push(a.value(w)?.to_owned());
                    }
                    _ => rest_words.push(w.to_owned()),
                }
            }
            s.links = link::parse_show(&mut Args::new(Object::Addr, &rest_words))?;
            Ok(Cmd::Show(s))
        }
        Verb::Add | Verb::Del | Verb::Replace | Verb::Set => {
            parse_modify(v, &mut a, g).map(Cmd::Modify)
        }
        _ => Err(a.err("")),
    }
}

fn lifetime(a: &mut Args<'_>, kw: &str) -> Result<u32, CliError> {
    a.parsed(kw, &format!("{kw} value is invalid"), |s| {
        if s == "forever" {
            Some(INFINITY_LIFE_TIME)
        } else {
            names::parse_u32(s)
        }
    })
}

fn parse_modify(v: Verb, a: &mut Args<'_>, g: &Global) -> Result<Modify, CliError> {
    let mut local = None;
    let mut m = Modify {
        verb: v,
        local: IpAddr::from([0, 0, 0, 0]),
        len: 0,
        peer: None,
        dev: String::new(),
        label: None,
        brd: None,
        scope: None,
        metric: None,
        flags: 0,
        lifetimes: None,
    };
    let mut dev = None;
    let mut valid = None;
    let mut preferred = None;
    while let Some(w) = a.next() {
        match w {
            "dev" => dev = Some(a.value("dev")?.to_owned()),
            "peer" | "remote" => m.peer = a.prefix(w, g.family)?.addr,
            "broadcast" | "brd" => {
                let b = a.value(w)?;
                m.brd = Some(match b {
                    "+" => Brd::Plus,
                    "-" => Brd::Minus,
                    _ => Brd::Addr(
                        crate::args::parse_addr(b)
                            .ok_or_else(|| a.invalid("invalid broadcast address", b))?,
                    ),
                });
            }
            "label" => m.label = Some(a.value("label")?.to_owned()),
            "scope" => {
                m.scope = Some(a.parsed("scope", "invalid scope value.", names::parse_scope)?)
            }
            "metric" | "priority" | "preference" => m.metric = Some(a.u32(w)?),
            "valid_lft" => valid = Some(lifetime(a, w)?),
            "preferred_lft" => preferred = Some(lifetime(a, w)?),
            "home" => m.flags |= ifa_f::HOMEADDRESS,
            "nodad" => m.flags |= ifa_f::NODAD,
            "optimistic" => m.flags |= ifa_f::OPTIMISTIC,
            "mngtmpaddr" => m.flags |= ifa_f::MANAGETEMPADDR,
            "noprefixroute" => m.flags |= ifa_f::NOPREFIXROUTE,
            "autojoin" => m.flags |= ifa_f::MCAUTOJOIN,
            _ => {
                let w = if w == "local" { a.value("local")? } else { w };
                if local.is_some() {
                    return Err(a.err(format!(
                        "Error: either \"local\" is duplicate, or \"{w}\" is a garbage."
                    )));
                }
                let p = crate::args::parse_prefix(w, g.family)
                    .filter(|p| p.addr.is_some())
                    .ok_or_else(|| {
                        a.err(format!(
                            "Error: any valid prefix is expected rather than \"{w}\"."
                        ))
                    })?;
                local = Some(p);
            }
        }
    }
    let p = local.ok_or_else(|| a.err("Not enough information: local address is required."))?;
    m.local = p.addr.unwrap_or(m.local);
    m.len = p.len;
    m.dev = dev.ok_or_else(|| a.err("Not enough information: \"dev\" argument is required."))?;
    if let Some(l) = &m.label {
        if !l.starts_with(m.dev.as_str()) {
            return Err(
                a.err("\"label\" must match \"dev\" or be prefixed by \"dev\" with a colon.")
            );
        }
    }
    if valid.is_some() || preferred.is_some() {
        let v = valid.unwrap_or(INFINITY_LIFE_TIME);
        m.lifetimes = Some((v, preferred.unwrap_or(v)));
    }
    Ok(m)
}

/// The broadcast address of `addr/len` with all host bits set (`+`) or clear (`-`).
fn broadcast(addr: IpAddr, len: u8, plus: bool) -> Option<IpAddr> {
    let IpAddr::V4(v4) = addr else { return None };
    let mask = if len == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(len.min(32)))
    };
    let a = u32::from(v4);
    let b = if plus { a | !mask } else { a & mask };
    Some(IpAddr::V4(b.into()))
}

/// Runs an `address` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(f) => show(f, s),
        Cmd::Modify(m) => {
            let index = s.ifindex_u(&m.dev)?;
            let brd = match m.brd {
                Some(Brd::Addr(b)) => Some(b),
                Some(Brd::Plus) => broadcast(m.local, m.len, true),
                Some(Brd::Minus) => broadcast(m.local, m.len, false),
                None => None,
            };
            let spec = AddrSpec {
                peer: m.peer,
                label: m.label.as_deref(),
                broadcast: brd,
                flags: m.flags,
                scope: m.scope,
                lifetimes: m.lifetimes,
                rt_priority: m.metric,
                ..AddrSpec::new(m.local, m.len, index)
            };
            match m.verb {
                Verb::Add => s.ack(|b, seq| addr::add_request(b, seq, &spec)),
                Verb::Replace => s.ack(|b, seq| addr::replace_request(b, seq, &spec)),
                Verb::Set => s.ack(|b, seq| {
                    let flags = nlwire_codec::Flags::REQUEST
                        | nlwire_codec::Flags::ACK
                        | nlwire_codec::Flags::REPLACE;
                    addr::addr_request(b, seq, rtm::NEWADDR, flags, &spec)
                }),
                _ => s.ack(|b, seq| addr::delete_request(b, seq, &spec)),
            }
        }
    }
}

fn show(f: &Show, s: &mut Session) -> Result<(), CliError> {
    let links_msgs = s.dump_links()?;
    let links = s.links()?.clone();
    let dev = match &f.links.dev {
        Some(d) => Some(
            links
                .index(d)
                .ok_or_else(|| CliError::failed(format!("Device \"{d}\" does not exist.")))?,
        ),
        None => None,
    };
    let master = match &f.links.master {
        Some(m) => Some(s.ifindex_u(m)?),
        None => None,
    };
    let addr_msgs = s.dump(|b, seq| addr::dump_request(b, seq, f.family, 0))?;
    let addrs: Vec<Message<'_>> = addr_msgs
        .iter()
        .filter_map(|b| Message::parse(b).ok())
        .collect();
    let addrs: Vec<AddrMsg<'_>> = addrs
        .iter()
        .filter_map(|m| AddrMsg::parse(m).ok())
        .collect();
    let opts = LinkOpts {
        do_link: false,
        details: s.global.details,
        family: f.family,
    };
    let mut out = s.out();
    for bytes in &links_msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(l) = LinkMsg::parse(&m) else { continue };
        if !link::keep(&l, &f.links, dev, master) {
            continue;
        }
        let index = u32::try_from(l.index()).unwrap_or(0);
        let all: Vec<&AddrMsg<'_>> = addrs.iter().filter(|a| a.index() == index).collect();
        let mine: Vec<&AddrMsg<'_>> = all.iter().copied().filter(|a| keep_addr(a, f)).collect();
        let filtered = f.family != 0 || f.scope.is_some() || f.label.is_some();
        if mine.is_empty() && (filtered && !(all.is_empty() && f.family == 0)) {
            continue;
        }
        let mut r = Rec::new();
        link::render_into(&mut r, &l, &links, &opts);
        r.text("\n");
        let mut infos = Vec::new();
        for a in mine {
            let mut ar = Rec::new();
            render_addr(&mut ar, a);
            r.text(&ar.text);
            r.text("\n");
            infos.push(ar.into_value());
        }
        r.json("addr_info", Value::Array(infos));
        out.emit(r);
    }
    out.finish();
    Ok(())
}

fn keep_addr(a: &AddrMsg<'_>, f: &Show) -> bool {
    if f.family != 0 && a.family() != f.family {
        return false;
    }
    if f.scope.is_some_and(|sc| sc != a.scope()) {
        return false;
    }
    if let Some(l) = &f.label {
        if a.label().ok().flatten() != Some(l.as_str()) {
            return false;
        }
    }
    true
}

/// `ip`'s address flag table: name, mask.
const FLAG_DATA: [(&str, u32); 13] = [
    ("secondary", ifa_f::SECONDARY),
    ("temporary", ifa_f::SECONDARY),
    ("nodad", ifa_f::NODAD),
    ("optimistic", ifa_f::OPTIMISTIC),
    ("dadfailed", ifa_f::DADFAILED),
    ("home", ifa_f::HOMEADDRESS),
    ("deprecated", ifa_f::DEPRECATED),
    ("tentative", ifa_f::TENTATIVE),
    ("permanent", ifa_f::PERMANENT),
    ("mngtmpaddr", ifa_f::MANAGETEMPADDR),
    ("noprefixroute", ifa_f::NOPREFIXROUTE),
    ("autojoin", ifa_f::MCAUTOJOIN),
    ("stable-privacy", ifa_f::STABLE_PRIVACY),
];

/// Prints one address as `ip addr` does inside a link (`inet 10.0.0.1/24 brd … scope
/// global v0` and its lifetimes).
pub(crate) fn render_addr(r: &mut Rec, a: &AddrMsg<'_>) {
    let fam = a.family();
    match family::name(fam) {
        Some(n) if fam == family::INET || fam == family::INET6 => {
            r.any("family", n, format!("    {n} "))
        }
        _ => r.any("family_index", fam, format!("    family {fam} ")),
    }
    let local = a
        .local()
        .ok()
        .flatten()
        .or_else(|| a.address().ok().flatten());
    let address = a.address().ok().flatten().or(local);
    if let Some(l) = local {
        r.any("local", l.to_string(), l.to_string());
        if let Some(p) = address.filter(|p| *p != l) {
            r.text(" peer ");
            r.any("address", p.to_string(), p.to_string());
        }
        r.any("prefixlen", a.prefix_len(), format!("/{} ", a.prefix_len()));
        if let Some(m) = a.rt_priority().ok().flatten() {
            r.any("metric", m, format!("metric {m} "));
        }
    }
    if let Some(b) = a.broadcast().ok().flatten() {
        r.text("brd ");
        r.any("broadcast", b.to_string(), format!("{b} "));
    }
    if let Some(b) = a.anycast().ok().flatten() {
        r.text("any ");
        r.any("anycast", b.to_string(), format!("{b} "));
    }
    let sc = names::scope(a.scope());
    r.any("scope", sc.clone(), format!("scope {sc} "));
    let mut flags = a.flags().unwrap_or(u32::from(a.header_flags()));
    for (name, mask) in FLAG_DATA {
        if mask == ifa_f::PERMANENT {
            if flags & mask == 0 {
                r.any("dynamic", true, "dynamic ");
            }
        } else if flags & mask != 0 {
            if mask == ifa_f::SECONDARY && fam == family::INET6 {
                r.any("temporary", true, "temporary ");
            } else {
                r.any(name, true, format!("{name} "));
            }
        }
        flags &= !mask;
    }
    if flags != 0 {
        r.any(
            "ifa_flags",
            format!("{flags:02x}"),
            format!("flags {flags:02x} "),
        );
    }
    if let Some(l) = a.label().ok().flatten() {
        r.any("label", l, l);
    }
    if let Some(ci) = a.cacheinfo().ok().flatten() {
        let (v, p) = (ci.valid.get(), ci.preferred.get());
        r.text("\n       valid_lft ");
        if v == INFINITY_LIFE_TIME {
            r.any("valid_life_time", v, "forever");
        } else {
            r.any("valid_life_time", v, format!("{v}sec"));
        }
        r.text(" preferred_lft ");
        if p == INFINITY_LIFE_TIME {
            r.any("preferred_life_time", p, "forever");
        } else {
            r.any("preferred_life_time", p, format!("{p}sec"));
        }
    }
}

/// Prints an address event as `ip monitor` does (`3: v0    inet …`).
pub(crate) fn render_event(a: &AddrMsg<'_>, links: &LinkMap) -> Rec {
    let mut r = Rec::new();
    if a.message().message_type() == rtm::DELADDR {
        r.any("deleted", true, "Deleted ");
    }
    let dev = links.name_u(a.index());
    r.json("index", a.index());
    r.json("dev", dev.clone());
    r.text(format!("{}: {dev}", a.index()));
    render_addr(&mut r, a);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::family_of;

    #[test]
    fn broadcast_plus_minus() {
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(broadcast(a, 24, true), Some("10.0.0.255".parse().unwrap()));
        assert_eq!(broadcast(a, 24, false), Some("10.0.0.0".parse().unwrap()));
        assert_eq!(family_of(&a), family::INET);
    }
}
