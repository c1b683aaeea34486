//! `nlwire route get`: one route lookup (`RTM_GETROUTE` without `NLM_F_DUMP`), asked
//! with `RTM_F_LOOKUP_TABLE` as `ip route get` does (so the table that answered is
//! printed) and printed with the route printer.

use std::net::IpAddr;

use nlwire_codec::rtnl::route::{self, RouteMsg, RouteQuery, rtm_f};

use crate::args::{Args, family_of};
use crate::error::CliError;
use crate::names;
use crate::opts::Global;
use crate::route::{RouteCtx, render};
use crate::session::Session;

/// A parsed `route get`.
#[derive(Debug, Default)]
pub(crate) struct Get {
    family: u8,
    dst: Option<IpAddr>,
    src: Option<IpAddr>,
    iif: Option<String>,
    oif: Option<String>,
    mark: Option<u32>,
    uid: Option<u32>,
    ip_proto: Option<u8>,
    sport: Option<u16>,
    dport: Option<u16>,
    fibmatch: bool,
}

/// Parses the words after `route get`:
/// `ADDRESS [ from ADDRESS ] [ iif DEV ] [ oif DEV ] [ mark NUMBER ] [ uid NUMBER ]
/// [ ipproto PROTOCOL ] [ sport NUMBER ] [ dport NUMBER ] [ fibmatch ]`.
pub(crate) fn parse(a: &mut Args<'_>, g: &Global) -> Result<Get, CliError> {
    let mut q = Get {
        family: g.family,
        ..Get::default()
    };
    while let Some(w) = a.next() {
        match w {
            "from" => q.src = Some(a.addr(w, q.family)?),
            "iif" => q.iif = Some(a.value(w)?.to_owned()),
            "oif" | "dev" => q.oif = Some(a.value(w)?.to_owned()),
            "mark" => q.mark = Some(a.u32(w)?),
            "uid" => q.uid = Some(a.u32(w)?),
            "ipproto" => {
                q.ip_proto =
                    Some(a.parsed(w, "Invalid \"ipproto\" value", names::parse_ipproto)?);
            }
            "sport" | "dport" => {
                let v = a.parsed(w, &format!("invalid {w}"), |s| s.parse::<u16>().ok())?;
                if w == "sport" {
                    q.sport = Some(v);
                } else {
                    q.dport = Some(v);
                }
            }
            "fibmatch" => q.fibmatch = true,
            _ => {
                let w = if w == "to" { a.value(w)? } else { w };
                if q.dst.is_some() {
                    return Err(a.err(format!(
                        "Error: either \"to\" is duplicate, or \"{w}\" is a garbage."
                    )));
                }
                let d = crate::args::parse_addr(w)
                    .filter(|x| q.family == 0 || family_of(x) == q.family)
                    .ok_or_else(|| {
                        a.err(format!(
                            "Error: inet prefix is expected rather than \"{w}\"."
                        ))
                    })?;
                q.dst = Some(d);
            }
        }
    }
    if q.dst.is_none() {
        return Err(a.err("Error: need at least a destination address"));
    }
    Ok(q)
}

/// Runs the lookup and prints the answer.
pub(crate) fn run(q: &Get, s: &mut Session) -> Result<(), CliError> {
    let iif = match &q.iif {
        Some(d) => s.ifindex_u(d)?,
        None => 0,
    };
    let oif = match &q.oif {
        Some(d) => s.ifindex_u(d)?,
        None => 0,
    };
    let links = s.links()?.clone();
    let query = RouteQuery {
        family: q.family,
        dst: q.dst,
        src: q.src,
        iif,
        oif,
        mark: q.mark,
        uid: q.uid,
        ip_proto: q.ip_proto,
        sport: q.sport,
        dport: q.dport,
        flowlabel: None,
        flags: rtm_f::LOOKUP_TABLE | if q.fibmatch { rtm_f::FIB_MATCH } else { 0 },
    };
    let ctx = RouteCtx {
        details: s.global.details,
        ..RouteCtx::default()
    };
    let mut out = s.out();
    {
        let reply = s
            .route()?
            .request(|b, seq| route::get_request(b, seq, &query))?;
        let r = RouteMsg::parse(&reply)?;
        out.emit(render(&r, &links, &ctx));
    }
    out.finish();
    Ok(())
}
