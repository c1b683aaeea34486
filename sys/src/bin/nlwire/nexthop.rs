//! `nlwire nexthop`: show, add/replace (gateway and device, blackhole, groups), del,
//! and the nexthop printer that `monitor` shares.

use std::net::IpAddr;

use nlwire_codec::Message;
use nlwire_codec::rtnl::nexthop::{self, GroupMember, NexthopMsg, NexthopSpec, group_type};
use nlwire_codec::rtnl::route::{rt_scope, rtnh_f, rtprot};
use nlwire_codec::rtnl::rtm;
use serde_json::{Map, Value};

use crate::args::{Args, family_of};
use crate::command::{Verb, matches, verb};
use crate::error::{CliError, Object};
use crate::names;
use crate::opts::Global;
use crate::render::Rec;
use crate::route::put_flags;
use crate::session::{LinkMap, Session};

/// Usage of `nlwire nexthop`.
pub(crate) const USAGE: &str = "\
Usage: nlwire nexthop { add | replace } id ID NH [ protocol ID ]
       nlwire nexthop del id ID
       nlwire nexthop [ show ] [ id ID ] [ dev DEV ] [ groups ] [ fdb ]
NH := { blackhole | [ via ADDRESS ] [ dev DEV ] [ onlink ] |
        group GROUP [ type { mpath | resilient } ] } [ fdb ]
GROUP := [ ID[,WEIGHT]/ ]* ID[,WEIGHT]";

/// `nexthop show` selectors.
#[derive(Debug, Default)]
pub(crate) struct Show {
    id: Option<u32>,
    dev: Option<String>,
    groups: bool,
    fdb: bool,
    family: u8,
}

/// A nexthop to add or replace.
#[derive(Debug, Default)]
pub(crate) struct Add {
    replace: bool,
    id: u32,
    family: u8,
    via: Option<IpAddr>,
    dev: Option<String>,
    onlink: bool,
    blackhole: bool,
    fdb: bool,
    group: Vec<GroupMember>,
    group_type: Option<u16>,
    proto: u8,
}

/// A parsed `nexthop` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `nexthop show`.
    Show(Show),
    /// `nexthop add|replace`.
    Add(Add),
    /// `nexthop del id N`.
    Del(u32),
}

fn parse_group(s: &str) -> Option<Vec<GroupMember>> {
    s.split('/')
        .map(|m| {
            let (id, w) = match m.split_once(',') {
                Some((i, w)) => (i, Some(w)),
                None => (m, None),
            };
            let id = names::parse_u32(id).filter(|i| *i != 0)?;
            let weight = match w {
                Some(w) => names::parse_u32(w).filter(|w| (1..=256).contains(w))?,
                None => 1,
            };
            Some(GroupMember::new(id, weight))
        })
        .collect()
}

/// Parses `nexthop …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Nexthop, words)?;
    let mut a = Args::new(Object::Nexthop, rest);
    match v {
        Verb::Show => {
            let mut s = Show {
                family: g.family,
                ..Show::default()
            };
            while let Some(w) = a.next() {
                match w {
                    "id" => s.id = Some(a.u32("id")?),
                    "dev" => s.dev = Some(a.value("dev")?.to_owned()),
                    "groups" => s.groups = true,
                    "fdb" => s.fdb = true,
                    _ if matches(w, "help") => return Err(a.err("")),
                    _ => {
                        return Err(a.err(format!(
                            "Error: argument \"{w}\" is wrong: unknown selector"
                        )));
                    }
                }
            }
            Ok(Cmd::Show(s))
        }
        Verb::Del => {
            let mut id = None;
            while let Some(w) = a.next() {
                match w {
                    "id" => id = Some(a.u32("id")?),
                    _ => return Err(a.err(format!("Error: argument \"{w}\" is wrong"))),
                }
            }
            id.map(Cmd::Del)
                .ok_or_else(|| a.err("Error: \"id\" is required."))
        }
        Verb::Add | Verb::Replace => {
            let mut n = Add {
                replace: v == Verb::Replace,
                family: g.family,
                ..Add::default()
            };
            while let Some(w) = a.next() {
                match w {
                    "id" => n.id = a.u32("id")?,
                    "via" => {
                        let gw = a.addr("via", n.family)?;
                        n.via = Some(gw);
                    }
                    "dev" => n.dev = Some(a.value("dev")?.to_owned()),
                    "onlink" => n.onlink = true,
                    "blackhole" => n.blackhole = true,
                    "fdb" => n.fdb = true,
                    "group" => {
                        n.group = a.parsed("group", "invalid group", parse_group)?;
                    }
                    "type" => {
                        let t = a.value("type")?;
                        n.group_type = Some(match t {
                            "mpath" => group_type::MPATH,
                            "resilient" => group_type::RES,
                            _ => return Err(a.invalid("\"type\" value is invalid", t)),
                        });
                    }
                    _ if matches(w, "protocol") => {
                        n.proto =
                            a.parsed(w, "\"protocol\" value is invalid", names::parse_proto)?
                    }
                    _ if matches(w, "help") => return Err(a.err("")),
                    _ => {
                        return Err(a.err(format!(
                            "Error: argument \"{w}\" is wrong: unknown nexthop option"
                        )));
                    }
                }
            }
            if n.family == 0 {
                n.family = n.via.as_ref().map_or(0, family_of);
            }
            Ok(Cmd::Add(n))
        }
        _ => Err(a.err("")),
    }
}

/// Runs a `nexthop` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(f) => show(f, s),
        Cmd::Del(id) => s.ack(|b, seq| nexthop::delete_request(b, seq, *id)),
        Cmd::Add(n) => {
            let oif = match &n.dev {
                Some(d) => Some(s.ifindex_u(d)?),
                None => None,
            };
            let spec = NexthopSpec {
                id: n.id,
                family: n.family,
                protocol: n.proto,
                flags: if n.onlink {
                    u32::from(rtnh_f::ONLINK)
                } else {
                    0
                },
                oif,
                gateway: n.via,
                blackhole: n.blackhole,
                fdb: n.fdb,
                group: &n.group,
                group_type: n.group_type,
                ..NexthopSpec::default()
            };
            if n.replace {
                s.ack(|b, seq| nexthop::replace_request(b, seq, &spec))
            } else {
                s.ack(|b, seq| nexthop::add_request(b, seq, &spec))
            }
        }
    }
}

fn show(f: &Show, s: &mut Session) -> Result<(), CliError> {
    let oif = match &f.dev {
        Some(d) => Some(s.ifindex_u(d)?),
        None => None,
    };
    let links = s.links()?.clone();
    let filter = nexthop::DumpFilter {
        family: f.family,
        groups: f.groups,
        fdb: f.fdb,
        oif,
        ..nexthop::DumpFilter::default()
    };
    let msgs = s.dump(|b, seq| nexthop::dump_request(b, seq, &filter))?;
    let details = s.global.details;
    let mut out = s.out();
    for bytes in &msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(n) = NexthopMsg::parse(&m) else {
            continue;
        };
        if f.id.is_some_and(|id| n.id().ok().flatten() != Some(id)) {
            continue;
        }
        out.emit(render(&n, &links, details));
    }
    out.finish();
    Ok(())
}

/// Prints one nexthop as `ip nexthop` does.
pub(crate) fn render(n: &NexthopMsg<'_>, links: &LinkMap, details: bool) -> Rec {
    let mut o = Rec::new();
    if n.message().message_type() == rtm::DELNEXTHOP {
        o.any("deleted", true, "Deleted ");
    }
    let id = n.id().ok().flatten().unwrap_or(0);
    o.any("id", id, format!("id {id} "));
    if let Some(g) = n.group().ok().flatten() {
        let mut arr = Vec::new();
        let mut text = Vec::new();
        for m in g.iter() {
            let mut obj = Map::new();
            obj.insert("id".into(), m.id.into());
            if m.weight > 1 {
                obj.insert("weight".into(), m.weight.into());
                text.push(format!("{},{}", m.id, m.weight));
            } else {
                text.push(m.id.to_string());
            }
            arr.push(Value::Object(obj));
        }
        o.any(
            "group",
            Value::Array(arr),
            format!("group {} ", text.join("/")),
        );
    }
    if let Some(t) = n
        .group_type()
        .ok()
        .flatten()
        .filter(|t| *t != group_type::MPATH)
    {
        let name = group_type::name(t).map_or_else(|| t.to_string(), str::to_owned);
        o.any("type", name.clone(), format!("type {name} "));
    }
    if let Some(gw) = n.gateway().ok().flatten() {
        o.any("gateway", gw.to_string(), format!("via {gw} "));
    }
    if let Some(oif) = n.oif().ok().flatten() {
        let name = links.name_u(oif);
        o.any("dev", name.clone(), format!("dev {name} "));
    }
    if n.scope() != rt_scope::UNIVERSE || details {
        let sc = names::scope(n.scope());
        o.any("scope", sc.clone(), format!("scope {sc} "));
    }
    if n.is_blackhole().unwrap_or(false) {
        o.any("blackhole", Value::Null, "blackhole ");
    }
    if n.protocol() != rtprot::UNSPEC || details {
        let p = names::proto(n.protocol());
        o.any("protocol", p.clone(), format!("proto {p} "));
    }
    put_flags(&mut o, n.flags());
    if n.is_fdb().unwrap_or(false) {
        o.any("fdb", Value::Null, "fdb");
    }
    o
}
