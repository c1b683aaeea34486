//! `nlwire rule`: show (IPv4 unless `-6`, as `ip rule`), add, del, and the rule printer
//! that `monitor` shares.

use std::net::IpAddr;

use nlwire_codec::Message;
use nlwire_codec::rtnl::route::{rt_table, rtprot};
use nlwire_codec::rtnl::rule::{self, PortRange, RuleMsg, RuleSpec, UidRange, action, flags};
use nlwire_codec::rtnl::{family, rtm};
use serde_json::Value;

use crate::args::{Args, Prefix, family_of};
use crate::command::{Verb, matches, verb};
use crate::error::{CliError, Object};
use crate::names;
use crate::opts::Global;
use crate::render::Rec;
use crate::session::Session;

/// Usage of `nlwire rule`.
pub(crate) const USAGE: &str = "\
Usage: nlwire rule [ show ]
       nlwire rule { add | del } SELECTOR ACTION
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
            [ fwmark FWMARK[/MASK] ] [ iif STRING ] [ oif STRING ]
            [ pref NUMBER ] [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ] [ sport [ NUMBER | NUMBER-NUMBER ] ]
            [ dport [ NUMBER | NUMBER-NUMBER ] ]
ACTION := [ table TABLE_ID ] [ protocol PROTO ] [ suppress_prefixlength NUMBER ]
          [ goto NUMBER ] [ nop ] [ blackhole | unreachable | prohibit ]
TABLE_ID := [ local | main | default | NUMBER ]";

/// A rule to add or delete, before defaults.
#[derive(Debug, Default)]
pub(crate) struct Modify {
    verb: Option<Verb>,
    family: u8,
    not: bool,
    from: Option<Prefix>,
    to: Option<Prefix>,
    tos: u8,
    fwmark: Option<u32>,
    fwmask: Option<u32>,
    iif: Option<String>,
    oif: Option<String>,
    priority: Option<u32>,
    table: Option<u32>,
    proto: Option<u8>,
    ipproto: Option<u8>,
    sport: Option<(u16, u16)>,
    dport: Option<(u16, u16)>,
    uidrange: Option<(u32, u32)>,
    goto: Option<u32>,
    action: u8,
    suppress_prefixlen: Option<u32>,
    l3mdev: bool,
}

/// A parsed `rule` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `rule show` for a family.
    Show(u8),
    /// A change.
    Modify(Box<Modify>),
}

/// Parses `rule …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Rule, words)?;
    let mut a = Args::new(Object::Rule, rest);
    match v {
        Verb::Show => {
            if let Some(w) = a.next() {
                return Err(a.err(format!(
                    "Error: \"rule show\" selectors are not supported: \"{w}\""
                )));
            }
            Ok(Cmd::Show(if g.family == 0 {
                family::INET
            } else {
                g.family
            }))
        }
        Verb::Add | Verb::Del => parse_modify(v, &mut a, g).map(|m| Cmd::Modify(Box::new(m))),
        _ => Err(a.err("")),
    }
}

fn parse_modify(v: Verb, a: &mut Args<'_>, g: &Global) -> Result<Modify, CliError> {
    let mut m = Modify {
        verb: Some(v),
        family: g.family,
        ..Modify::default()
    };
    while let Some(w) = a.next() {
        if w == "not" {
            m.not = true;
        } else if w == "from" {
            m.from = Some(a.prefix("from", m.family)?);
        } else if w == "to" {
            m.to = Some(a.prefix("to", m.family)?);
        } else if matches(w, "preference") || matches(w, "order") || matches(w, "priority") {
            m.priority = Some(a.parsed(w, "preference value is invalid", names::parse_u32)?);
        } else if w == "tos" || matches(w, "dsfield") {
            m.tos = a.parsed(w, "TOS value is invalid", |s| {
                names::parse_u32(s).and_then(|v| u8::try_from(v).ok())
            })?;
        } else if w == "fwmark" {
            let v = a.value("fwmark")?;
            let (mark, mask) = match v.split_once('/') {
                Some((x, y)) => (x, Some(y)),
                None => (v, None),
            };
            m.fwmark = Some(
                names::parse_u32(mark).ok_or_else(|| a.invalid("fwmark value is invalid", v))?,
            );
            if let Some(mask) = mask {
                m.fwmask = Some(
                    names::parse_u32(mask)
                        .ok_or_else(|| a.invalid("fwmask value is invalid", v))?,
                );
            }
        } else if matches(w, "table") || w == "lookup" {
            m.table = Some(a.parsed(w, "invalid table ID", names::parse_table)?);
        } else if matches(w, "suppress_prefixlength") || w == "sup_pl" {
            m.suppress_prefixlen = Some(a.parsed(
                w,
                "suppress_prefixlength value is invalid",
                names::parse_u32,
            )?);
        } else if w == "dev" || w == "iif" {
            m.iif = Some(a.value(w)?.to_owned());
        } else if w == "oif" {
            m.oif = Some(a.value(w)?.to_owned());
        } else if w == "l3mdev" {
            m.l3mdev = true;
        } else if w == "uidrange" {
            let v = a.value(w)?;
            let r = v
                .split_once('-')
                .and_then(|(x, y)| Some((x.parse().ok()?, y.parse().ok()?)))
                .ok_or_else(|| a.invalid("invalid UID range", v))?;
            m.uidrange = Some(r);
        } else if w == "ipproto" {
            m.ipproto = Some(a.parsed(w, "Invalid \"ipproto\" value", names::parse_ipproto)?);
        } else if w == "sport" {
            m.sport = Some(a.parsed(w, "invalid port range", crate::args::parse_range)?);
        } else if w == "dport" {
            m.dport = Some(a.parsed(w, "invalid dport range", crate::args::parse_range)?);
        } else if matches(w, "protocol") {
            m.proto = Some(a.parsed(w, "\"protocol\" value is invalid", names::parse_proto)?);
        } else {
            let w = if matches(w, "type") {
                a.value("type")?
            } else {
                w
            };
            if matches(w, "help") {
                return Err(a.err(""));
            } else if matches(w, "goto") {
                m.goto = Some(a.parsed("goto", "invalid target", names::parse_u32)?);
                m.action = action::GOTO;
            } else if matches(w, "nop") {
                m.action = action::NOP;
            } else {
                let t =
                    names::parse_rtn(w).ok_or_else(|| a.invalid("Failed to parse rule type", w))?;
                m.action = t;
            }
        }
    }
    if m.family == 0 {
        m.family = m
            .from
            .or(m.to)
            .and_then(|p| p.addr.as_ref().map(family_of))
            .unwrap_or(family::INET);
    }
    Ok(m)
}

fn prefix(p: Option<Prefix>) -> Option<(IpAddr, u8)> {
    let p = p?;
    Some((p.addr?, p.len)).filter(|(a, l)| *l > 0 || !a.is_unspecified())
}

/// Runs a `rule` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(fam) => show(*fam, s),
        Cmd::Modify(m) => {
            let add = m.verb == Some(Verb::Add);
            let table = match m.table {
                Some(t) => Some(t),
                None if add && m.action == action::UNSPEC => Some(rt_table::MAIN),
                None => None,
            };
            let spec = RuleSpec {
                family: m.family,
                action: m.action,
                priority: m.priority,
                table,
                src: prefix(m.from),
                dst: prefix(m.to),
                tos: m.tos,
                flags: if m.not { flags::INVERT } else { 0 },
                fwmark: m.fwmark,
                fwmask: m.fwmask,
                iifname: m.iif.as_deref(),
                oifname: m.oif.as_deref(),
                goto: m.goto,
                ip_proto: m.ipproto,
                sport: m.sport.map(|(x, y)| PortRange::new(x, y)),
                dport: m.dport.map(|(x, y)| PortRange::new(x, y)),
                uid_range: m.uidrange.map(|(x, y)| UidRange::new(x, y)),
                protocol: m.proto,
                l3mdev: m.l3mdev,
                suppress_prefixlen: m.suppress_prefixlen,
                ..RuleSpec::new(m.family)
            };
            if add {
                s.ack(|b, seq| rule::add_request(b, seq, &spec))
            } else {
                s.ack(|b, seq| rule::delete_request(b, seq, &spec))
            }
        }
    }
}

fn show(fam: u8, s: &mut Session) -> Result<(), CliError> {
    let msgs = s.dump(|b, seq| rule::dump_request(b, seq, fam))?;
    let details = s.global.details;
    let mut out = s.out();
    for bytes in &msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(r) = RuleMsg::parse(&m) else { continue };
        if r.family() != fam {
            continue;
        }
        out.emit(render(&r, details));
    }
    out.finish();
    Ok(())
}

/// Prints one rule as `ip rule` does.
pub(crate) fn render(r: &RuleMsg<'_>, details: bool) -> Rec {
    let mut o = Rec::new();
    if r.message().message_type() == rtm::DELRULE {
        o.any("deleted", true, "Deleted ");
    }
    let hl = if r.family() == family::INET6 { 128 } else { 32 };
    let prio = r.priority().ok().flatten().unwrap_or(0);
    o.any("priority", prio, format!("{prio}:\t"));
    if r.flags() & flags::INVERT != 0 {
        o.any("not", Value::Null, "not ");
    }
    match r.src().ok().flatten() {
        Some(a) => {
            o.text("from ");
            o.any("src", a.to_string(), a.to_string());
            if r.src_len() != hl {
                o.any("srclen", r.src_len(), format!("/{}", r.src_len()));
            }
        }
        None if r.src_len() != 0 => {
            o.any("src", "0", "from 0");
            o.any("srclen", r.src_len(), format!("/{}", r.src_len()));
        }
        None => o.any("src", "all", "from all"),
    }
    match r.dst().ok().flatten() {
        Some(a) => {
            o.text(" to ");
            o.any("dst", a.to_string(), a.to_string());
            if r.dst_len() != hl {
                o.any("dstlen", r.dst_len(), format!("/{}", r.dst_len()));
            }
        }
        None if r.dst_len() != 0 => {
            o.any("dst", "0", " to 0");
            o.any("dstlen", r.dst_len(), format!("/{}", r.dst_len()));
        }
        None => {}
    }
    if r.tos() != 0 {
        let v = format!("0x{:02x}", r.tos());
        o.any("tos", v.clone(), format!(" tos {v}"));
    }
    let mark = r.fwmark().ok().flatten();
    let mask = r.fwmask().ok().flatten();
    if mark.is_some() || mask.is_some() {
        let mark = mark.unwrap_or(0);
        let mk = format!("{mark:#x}");
        o.any("fwmark", mk.clone(), format!(" fwmark {mk}"));
        if let Some(mask) = mask.filter(|m| *m != u32::MAX) {
            let ms = format!("{mask:#x}");
            o.any("fwmask", ms.clone(), format!("/{ms}"));
        }
    }
    if let Some(i) = r.iifname().ok().flatten() {
        o.any("iif", i, format!(" iif {i}"));
        if r.flags() & flags::IIF_DETACHED != 0 {
            o.any("iif_detached", Value::Null, " [detached]");
        }
    }
    if let Some(i) = r.oifname().ok().flatten() {
        o.any("oif", i, format!(" oif {i}"));
        if r.flags() & flags::OIF_DETACHED != 0 {
            o.any("oif_detached", Value::Null, " [detached]");
        }
    }
    if r.l3mdev().ok().flatten().is_some_and(|v| v != 0) {
        o.any("l3mdev", Value::Null, " lookup [l3mdev-table]");
    }
    if let Some(u) = r.uid_range().ok().flatten() {
        o.any(
            "uid_start",
            u.start.get(),
            format!(" uidrange {}", u.start.get()),
        );
        o.any("uid_end", u.end.get(), format!("-{}", u.end.get()));
    }
    if let Some(p) = r.ip_proto().ok().flatten() {
        let n = names::ipproto(p);
        o.any("ipproto", n.clone(), format!(" ipproto {n}"));
    }
    for (word, range) in [
        ("sport", r.sport_range().ok().flatten()),
        ("dport", r.dport_range().ok().flatten()),
    ] {
        if let Some(p) = range {
            let (a, b) = (p.start.get(), p.end.get());
            if a == b {
                o.any(word, a, format!(" {word} {a}"));
            } else {
                o.any(&format!("{word}_start"), a, format!(" {word} {a}"));
                o.any(&format!("{word}_end"), b, format!("-{b}"));
            }
        }
    }
    if let Some(t) = r.tun_id().ok().flatten() {
        o.any("tun_id", t, format!(" tun_id {t}"));
    }
    let table = r.table().unwrap_or(0);
    if table != 0 {
        let n = names::table(table);
        o.any("table", n.clone(), format!(" lookup {n}"));
        if let Some(pl) = r
            .suppress_prefixlen()
            .ok()
            .flatten()
            .filter(|p| *p != u32::MAX)
        {
            o.any(
                "suppress_prefixlen",
                pl,
                format!(" suppress_prefixlength {pl}"),
            );
        }
        if let Some(g) = r
            .suppress_ifgroup()
            .ok()
            .flatten()
            .filter(|p| *p != u32::MAX)
        {
            let n = names::group(g);
            o.any(
                "suppress_ifgroup",
                n.clone(),
                format!(" suppress_ifgroup {n}"),
            );
        }
    }
    match r.action() {
        action::GOTO => {
            match r.goto().ok().flatten() {
                Some(g) => o.any("goto", g, format!(" goto {g}")),
                None => o.any("goto", "none", " goto none"),
            }
            if r.flags() & flags::UNRESOLVED != 0 {
                o.any("unresolved", Value::Null, " [unresolved]");
            }
        }
        action::NOP => o.any("nop", Value::Null, " nop"),
        action::TO_TBL => {}
        a => {
            let n = names::rtn(a);
            o.any("action", n.clone(), format!(" {n}"));
        }
    }
    if let Some(p) = r.protocol().ok().flatten() {
        if (p != 0 && p != rtprot::KERNEL) || details {
            let n = names::proto(p);
            o.any("protocol", n.clone(), format!(" proto {n}"));
        }
    }
    o
}
