//! `nlwire neigh`: show (without `NOARP` entries unless asked, as `ip neigh`), add,
//! del, replace, and the neighbour printer that `monitor` shares.

use std::net::IpAddr;

use nlwire_codec::Message;
use nlwire_codec::rtnl::neigh::{self, NeighMsg, NeighSpec, ntf, ntf_ext, nud};
use nlwire_codec::rtnl::rtm;
use serde_json::Value;

use crate::args::Args;
use crate::command::{Verb, matches, verb};
use crate::error::{CliError, Object};
use crate::names;
use crate::opts::Global;
use crate::render::{Rec, str_array};
use crate::session::{LinkMap, Session};

/// Usage of `nlwire neigh`.
pub(crate) const USAGE: &str = "\
Usage: nlwire neigh { add | del | replace } ADDR [ lladdr LLADDR ] [ nud STATE ]
                    dev DEV [ router ] [ proxy ]
       nlwire neigh [ show ] [ to PREFIX ] [ dev DEV ] [ nud STATE ] [ proxy ]
STATE := { permanent | noarp | stale | reachable | none | incomplete |
           delay | probe | failed | all }";

/// `neigh show` selectors.
#[derive(Debug)]
pub(crate) struct Show {
    dev: Option<String>,
    state: u32,
    family: u8,
    to: Option<IpAddr>,
    /// `proxy`: the proxy entries (a dump with `NTF_PROXY`).
    proxy: bool,
}

/// A neighbour entry to change.
#[derive(Debug)]
pub(crate) struct Modify {
    verb: Verb,
    dst: IpAddr,
    lladdr: Option<Vec<u8>>,
    dev: String,
    state: u16,
    flags: u8,
}

/// A parsed `neigh` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `neigh show`.
    Show(Show),
    /// A change.
    Modify(Modify),
}

/// Parses `neigh …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Neigh, words)?;
    let mut a = Args::new(Object::Neigh, rest);
    match v {
        Verb::Show => {
            let mut s = Show {
                dev: None,
                state: 0xff & !u32::from(nud::NOARP),
                family: g.family,
                to: None,
                proxy: false,
            };
            let mut given = false;
            while let Some(w) = a.next() {
                match w {
                    "proxy" => s.proxy = true,
                    "dev" => s.dev = Some(a.value("dev")?.to_owned()),
                    "nud" => {
                        if !given {
                            s.state = 0;
                            given = true;
                        }
                        let st = a.value("nud")?;
                        let bits = if st == "all" {
                            u32::MAX
                        } else {
                            u32::from(
                                names::parse_nud(st)
                                    .ok_or_else(|| a.invalid("nud state is bad", st))?,
                            )
                        };
                        s.state |= if bits == 0 { 0x100 } else { bits };
                    }
                    _ => {
                        let w = if w == "to" { a.value("to")? } else { w };
                        if matches(w, "help") {
                            return Err(a.err(""));
                        }
                        s.to = Some(
                            crate::args::parse_addr(w)
                                .ok_or_else(|| a.invalid("to value is invalid", w))?,
                        );
                    }
                }
            }
            Ok(Cmd::Show(s))
        }
        Verb::Add | Verb::Del | Verb::Replace | Verb::Set => {
            let mut dst = None;
            let mut m = Modify {
                verb: v,
                dst: IpAddr::from([0, 0, 0, 0]),
                lladdr: None,
                dev: String::new(),
                state: nud::PERMANENT,
                flags: 0,
            };
            let mut dev = None;
            while let Some(w) = a.next() {
                match w {
                    "lladdr" => {
                        m.lladdr =
                            Some(a.parsed("lladdr", "invalid lladdr", names::parse_lladdr)?)
                    }
                    "nud" => {
                        m.state = a.parsed("nud", "nud state is bad", |s| {
                            names::parse_nud(s).filter(|_| s != "all")
                        })?
                    }
                    "dev" => dev = Some(a.value("dev")?.to_owned()),
                    "router" => m.flags |= ntf::ROUTER,
                    "proxy" => m.flags |= ntf::PROXY,
                    _ => {
                        let w = if w == "to" { a.value("to")? } else { w };
                        if dst.is_some() {
                            return Err(a.err(format!(
                                "Error: either \"to\" is duplicate, or \"{w}\" is a garbage."
                            )));
                        }
                        dst = Some(
                            crate::args::parse_addr(w)
                                .filter(|x| g.family == 0 || crate::args::family_of(x) == g.family)
                                .ok_or_else(|| {
                                    a.err(format!(
                                        "Error: any valid address is expected rather than \"{w}\"."
                                    ))
                                })?,
                        );
                    }
                }
            }
            match (dst, dev) {
                (Some(d), Some(dv)) => {
                    m.dst = d;
                    m.dev = dv;
                }
                _ => return Err(a.err("Device and destination are required arguments.")),
            }
            Ok(Cmd::Modify(m))
        }
        _ => Err(a.err("")),
    }
}

/// Runs a `neigh` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(f) => show(f, s),
        Cmd::Modify(m) => {
            let index = s.ifindex(&m.dev)?;
            let spec = NeighSpec {
                lladdr: m.lladdr.as_deref(),
                state: m.state,
                flags: m.flags,
                ..NeighSpec::new(m.dst, index)
            };
            match m.verb {
                Verb::Add => s.ack(|b, seq| neigh::add_request(b, seq, &spec)),
                Verb::Replace | Verb::Set => s.ack(|b, seq| neigh::replace_request(b, seq, &spec)),
                _ => s.ack(|b, seq| neigh::delete_request(b, seq, &spec)),
            }
        }
    }
}

fn show(f: &Show, s: &mut Session) -> Result<(), CliError> {
    let dev = match &f.dev {
        Some(d) => Some(s.ifindex(d)?),
        None => None,
    };
    let links = s.links()?.clone();
    let msgs = if f.proxy {
        s.dump(|b, seq| {
            // struct ndmsg with ndm_flags NTF_PROXY.
            let mut h = [0u8; 12];
            h[0] = f.family;
            h[10] = ntf::PROXY;
            let mut m = nlwire_codec::Builder::message(
                b,
                rtm::GETNEIGH,
                nlwire_codec::Flags::REQUEST | nlwire_codec::Flags::DUMP,
                seq,
                0,
            )?;
            m.put_bytes(&h)?;
            Ok(m.finish())
        })?
    } else {
        s.dump(|b, seq| neigh::dump_request(b, seq, f.family, 0))?
    };
    let mut out = s.out();
    for bytes in &msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(n) = NeighMsg::parse(&m) else { continue };
        if f.family != 0 && n.family() != f.family {
            continue;
        }
        if dev.is_some_and(|d| d != n.ifindex()) {
            continue;
        }
        let st = u32::from(n.state());
        if f.state & st == 0
            && n.flags() & (ntf::PROXY | ntf::EXT_LEARNED) == 0
            && (st != 0 || f.state & 0x100 == 0)
        {
            continue;
        }
        if let Some(to) = f.to {
            if n.dst().ok().flatten() != Some(to) {
                continue;
            }
        }
        out.emit(render(&n, &links, dev.is_some()));
    }
    out.finish();
    Ok(())
}

/// Prints one neighbour as `ip neigh` does; `dev_filtered` hides the device.
pub(crate) fn render(n: &NeighMsg<'_>, links: &LinkMap, dev_filtered: bool) -> Rec {
    let mut r = Rec::new();
    let t = n.message().message_type();
    if t == rtm::DELNEIGH {
        r.any("deleted", true, "Deleted ");
    } else if t == rtm::GETNEIGH {
        r.any("miss", Value::Null, "miss ");
    }
    if let Some(d) = n.dst().ok().flatten() {
        r.any("dst", d.to_string(), format!("{d} "));
    }
    if !dev_filtered && n.ifindex() != 0 {
        let name = links.name(n.ifindex());
        r.any("dev", name.clone(), format!("dev {name} "));
    }
    if let Some(ll) = n.lladdr() {
        let t = links.get(n.ifindex()).map_or(1, |l| l.link_type);
        let s = names::lladdr(ll, t);
        r.any("lladdr", s.clone(), format!("lladdr {s} "));
    }
    let ext = n.flags_ext().ok().flatten().unwrap_or(0);
    if n.flags() & ntf::ROUTER != 0 {
        r.any("router", Value::Null, "router ");
    }
    if n.flags() & ntf::PROXY != 0 {
        r.any("proxy", Value::Null, "proxy ");
    }
    if ext & ntf_ext::MANAGED != 0 {
        r.any("managed", Value::Null, "managed ");
    }
    if n.flags() & ntf::EXT_LEARNED != 0 {
        r.any("extern_learn", Value::Null, "extern_learn ");
    }
    if n.flags() & ntf::OFFLOADED != 0 {
        r.any("offload", Value::Null, "offload ");
    }
    if n.state() != 0 {
        let states = names::nud_names(n.state());
        for st in &states {
            r.text(format!("{st} "));
        }
        r.json("state", str_array(states.iter().copied()));
    }
    if let Some(p) = n.protocol().ok().flatten().filter(|p| *p != 0) {
        let name = names::proto(p);
        r.any("protocol", name.clone(), format!("proto {name} "));
    }
    r
}
