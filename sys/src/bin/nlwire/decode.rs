//! `nlwire decode`: dissects netlink messages from raw bytes (messages concatenated as
//! received), hex dumps (see [`crate::hexin`]) or pcap/pcapng captures, with names:
//! the codec's typed views for rtnetlink objects and the generic netlink controller,
//! errors with their extended ack and the failing attribute's path, `NLMSG_DONE` with
//! its error, and anything else as a header and hex. Malformed input is reported with
//! its byte offset; decoding goes on where the framing allows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::PathBuf;

use nlwire_codec::genl::ctrl::{FamilyMsg, GENL_ID_CTRL};
use nlwire_codec::rtnl::addr::AddrMsg;
use nlwire_codec::rtnl::link::LinkMsg;
use nlwire_codec::rtnl::neigh::NeighMsg;
use nlwire_codec::rtnl::nexthop::NexthopMsg;
use nlwire_codec::rtnl::route::RouteMsg;
use nlwire_codec::rtnl::rule::RuleMsg;
use nlwire_codec::rtnl::{flag_context, message_name};
use nlwire_codec::{
    Done, ErrorMsg, ExtAck, FlagContext, Flags, Hex, Message, MessageType, NlMsgHdr, PathTarget,
    Protocol, attr_path_with,
};
use serde_json::{Map, Value};

use crate::args::Args;
use crate::error::{CliError, Object};
use crate::hexin;
use crate::link::LinkOpts;
use crate::opts::Global;
use crate::pcapfile;
use crate::render::{Out, Rec};
use crate::route::RouteCtx;
use crate::session::{LinkMap, Session, named_path};

/// Usage of `nlwire decode`.
pub(crate) const USAGE: &str = "\
Usage: nlwire decode [ --json ] [ --proto { route | generic | NUMBER } ] [ FILE | - ]
FILE holds netlink messages as raw bytes, as a hex dump (xxd, od -x, od -t x1, plain
hex), as strace -x strings, or as a pcap/pcapng capture (LINKTYPE_NETLINK).";

/// A parsed `decode` command.
#[derive(Debug)]
pub(crate) struct Cmd {
    json: bool,
    proto: Option<Protocol>,
    file: Option<PathBuf>,
}

/// Parses `decode …`.
pub(crate) fn parse(words: &[String], g: &Global) -> Result<Cmd, CliError> {
    let mut a = Args::new(Object::Decode, words);
    let mut c = Cmd {
        json: g.json,
        proto: None,
        file: None,
    };
    while let Some(w) = a.next() {
        match w {
            "--json" | "-j" | "json" => c.json = true,
            "--proto" | "proto" => {
                let p = a.value(w)?;
                c.proto = Some(match p {
                    "route" | "rtnl" | "rtnetlink" => Protocol::ROUTE,
                    "generic" | "genl" => Protocol::GENERIC,
                    _ => Protocol(
                        p.parse::<i32>()
                            .map_err(|_| a.invalid("protocol is route, generic or a number", p))?,
                    ),
                });
            }
            "help" | "--help" => return Err(a.err("")),
            _ if w.starts_with("--") => return Err(a.err(format!("Unknown option \"{w}\""))),
            _ => {
                if c.file.replace(PathBuf::from(w)).is_some() {
                    return Err(a.err("Only one input file can be decoded at a time."));
                }
            }
        }
    }
    Ok(c)
}

/// A run of bytes to decode.
struct Chunk {
    label: Option<String>,
    proto: Option<Protocol>,
    data: Vec<u8>,
    packet: Option<usize>,
    direction: Option<&'static str>,
}

/// State across one input: requests seen (for error paths), links seen (for names),
/// errors found.
struct Decoder {
    json: bool,
    forced: Option<Protocol>,
    requests: HashMap<u32, Vec<u8>>,
    links: LinkMap,
    errors: usize,
    out: Out,
    /// The protocol of the last data message, for the control messages after it.
    last: Option<Protocol>,
}

/// Runs `decode`.
pub(crate) fn run(c: &Cmd, s: &mut Session) -> Result<(), CliError> {
    let mut input = Vec::new();
    match c.file.as_deref() {
        None => std::io::stdin().read_to_end(&mut input)?,
        Some(p) if p.as_os_str() == "-" => std::io::stdin().read_to_end(&mut input)?,
        Some(p) => {
            input = std::fs::read(p)
                .map_err(|e| CliError::failed(format!("Cannot read \"{}\": {e}", p.display())))?;
            input.len()
        }
    };
    let chunks = chunks(&input, c.proto)?;
    let mut d = Decoder {
        json: c.json,
        forced: c.proto,
        requests: HashMap::new(),
        links: LinkMap::default(),
        errors: 0,
        out: Out::streaming(c.json, s.global.pretty),
        last: None,
    };
    for ch in &chunks {
        d.chunk(ch);
    }
    if d.errors > 0 {
        return Err(CliError::failed(format!(
            "decode: {} malformed part{} found",
            d.errors,
            if d.errors == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

fn chunks(input: &[u8], proto: Option<Protocol>) -> Result<Vec<Chunk>, CliError> {
    if pcapfile::is_capture(input) {
        let packets = pcapfile::parse(input)
            .map_err(|e| CliError::failed(format!("decode: bad capture: {e}")))?;
        return Ok(packets
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let dir = match p.direction {
                    pcapfile::Direction::Sent => "sent",
                    pcapfile::Direction::Received => "received",
                    pcapfile::Direction::Other(_) => "other",
                };
                let pname = p.protocol.map_or_else(|| "?".to_owned(), proto_name);
                Chunk {
                    label: Some(format!(
                        "packet {} ({dir}, {pname}, {} bytes{})",
                        i + 1,
                        p.data.len(),
                        if p.truncated { ", truncated" } else { "" }
                    )),
                    proto: proto.or(p.protocol),
                    data: p.data,
                    packet: Some(i + 1),
                    direction: Some(dir),
                }
            })
            .collect());
    }
    let data = if hexin::is_text(input) {
        let text = String::from_utf8_lossy(input);
        hexin::parse(&text).map_err(|e| CliError::failed(format!("decode: {e}")))?
    } else {
        input.to_vec()
    };
    Ok(vec![Chunk {
        label: None,
        proto,
        data,
        packet: None,
        direction: None,
    }])
}

fn proto_name(p: Protocol) -> String {
    match p {
        Protocol::ROUTE => "NETLINK_ROUTE".into(),
        Protocol::GENERIC => "NETLINK_GENERIC".into(),
        Protocol(n) => format!("netlink protocol {n}"),
    }
}

/// Guesses the protocol of one message: generic netlink when the type is the
/// controller's and a plausible `genlmsghdr` follows, else rtnetlink.
fn guess(m: &Message<'_>) -> Protocol {
    let p = m.payload();
    let t = m.message_type();
    if t == GENL_ID_CTRL
        && p.len() >= 4
        && (1..=10).contains(&p[0])
        && (1..=2).contains(&p[1])
        && p[2] == 0
        && p[3] == 0
        && nlwire_codec::Attrs::new(&p[4..]).validate().is_ok()
    {
        return Protocol::GENERIC;
    }
    if t.0 > 0x7f && !t.is_control() {
        // Beyond every rtnetlink type: a dynamically numbered generic family.
        return Protocol::GENERIC;
    }
    Protocol::ROUTE
}

/// Whether `b` starts like a netlink header that fits.
fn plausible(b: &[u8]) -> bool {
    let Ok((h, _)) = <NlMsgHdr as nlwire_codec::zerocopy::FromBytes>::read_from_prefix(b) else {
        return false;
    };
    let len = usize::try_from(h.len()).unwrap_or(usize::MAX);
    len >= NlMsgHdr::LEN && len <= b.len() && h.message_type().0 < 0x400 && h.message_type().0 != 0
}

fn flag_names(flags: Flags, ctx: FlagContext) -> Vec<String> {
    let s = flags.display(ctx).to_string();
    if s == "0" {
        return Vec::new();
    }
    s.split('|').map(str::to_owned).collect()
}

fn errno_text(errno: i32) -> String {
    match nlwire_sys::errno::name(errno) {
        Some(n) => format!("{n} ({errno})"),
        None => format!("errno {errno}"),
    }
}

impl Decoder {
    fn report(&mut self, chunk: &Chunk, offset: usize, what: &str) {
        self.errors += 1;
        if self.json {
            let mut o = Map::new();
            if let Some(p) = chunk.packet {
                o.insert("packet".into(), p.into());
            }
            o.insert("offset".into(), offset.into());
            o.insert("error".into(), what.into());
            self.out.emit_value(Value::Object(o));
        } else {
            println!("!! malformed at offset {offset}: {what}");
        }
    }

    fn chunk(&mut self, ch: &Chunk) {
        if let (Some(l), false) = (&ch.label, self.json) {
            println!("# {l}");
        }
        let data = &ch.data;
        let mut pos = 0;
        while pos < data.len() {
            let rest = &data[pos..];
            match Message::parse(rest) {
                Ok(m) => {
                    let len = m.bytes().len();
                    self.message(ch, pos, &m);
                    pos = pos.saturating_add(nlwire_codec::align(len).unwrap_or(len));
                }
                Err(e) => {
                    self.report(ch, pos + e.offset, &format!("{}", e.shifted(pos)));
                    // Resynchronise on the next 4-byte boundary that starts a plausible
                    // header; give up on this chunk if there is none.
                    let mut next = pos + 4;
                    while next < data.len() && !plausible(&data[next..]) {
                        next += 4;
                    }
                    if next < data.len() && !self.json {
                        println!("!! skipped {} bytes, resuming at offset {next}", next - pos);
                    }
                    pos = next;
                }
            }
        }
    }

    fn message(&mut self, ch: &Chunk, offset: usize, m: &Message<'_>) {
        let t = m.message_type();
        let proto = match self.forced.or(ch.proto) {
            Some(p) => p,
            // A control message answers what came before it.
            None if t.is_control() => self.last.unwrap_or(Protocol::ROUTE),
            None => guess(m),
        };
        if !t.is_control() {
            self.last = Some(proto);
        }
        if m.flags().contains(Flags::REQUEST) {
            self.requests.insert(m.seq(), m.bytes().to_vec());
        }
        let mut rec = Rec::new();
        let ctx = if proto == Protocol::ROUTE {
            flag_context(t)
        } else if t.is_control() {
            FlagContext::Ack
        } else if m.flags().intersects(Flags::DUMP) && !m.flags().contains(Flags::REQUEST) {
            FlagContext::Get
        } else {
            FlagContext::Unknown
        };
        let mut hdr = Map::new();
        hdr.insert("len".into(), m.bytes().len().into());
        hdr.insert("type".into(), t.0.into());
        let tname = type_name(proto, t);
        if let Some(n) = &tname {
            hdr.insert("type_name".into(), n.clone().into());
        }
        hdr.insert("flags".into(), Value::from(flag_names(m.flags(), ctx)));
        hdr.insert("seq".into(), m.seq().into());
        hdr.insert("pid".into(), m.pid().into());
        if let Some(p) = ch.packet {
            rec.json("packet", p);
        }
        if let Some(d) = ch.direction {
            rec.json("direction", d);
        }
        rec.json("offset", offset);
        rec.json("protocol", proto_name(proto));
        rec.json("nlmsghdr", Value::Object(hdr));
        rec.text(format!("[@{offset}] "));
        let result = match t {
            MessageType::ERROR => self.error(&mut rec, m, proto),
            MessageType::DONE => done(&mut rec, m),
            _ if t.is_control() => {
                header_hex(&mut rec, m, ctx, tname.as_deref());
                Ok(())
            }
            _ if proto == Protocol::ROUTE => self.rtnl(&mut rec, m, ctx, tname.as_deref()),
            _ if proto == Protocol::GENERIC && t == GENL_ID_CTRL => match FamilyMsg::parse(m) {
                Ok(f) => {
                    rec.text(f.to_string());
                    let fj = crate::genl::render_family(&f).json;
                    for (k, v) in fj {
                        rec.json(&k, v);
                    }
                    Ok(())
                }
                Err(e) => Err(e),
            },
            _ => {
                header_hex(&mut rec, m, ctx, tname.as_deref());
                Ok(())
            }
        };
        if let Err(e) = result {
            let at = offset + e.offset;
            let mut plain = Rec::new();
            plain.text(format!("[@{offset}] "));
            header_hex(&mut plain, m, ctx, tname.as_deref());
            rec.text = plain.text;
            self.out.emit(rec);
            self.report(ch, at, &format!("{}", e.shifted(offset)));
            return;
        }
        self.out.emit(rec);
    }

    fn rtnl(
        &mut self,
        rec: &mut Rec,
        m: &Message<'_>,
        ctx: FlagContext,
        tname: Option<&str>,
    ) -> Result<(), nlwire_codec::DecodeError> {
        let t = m.message_type().0;
        let details = RouteCtx::default();
        match t {
            16..=19 => {
                let l = LinkMsg::parse(m)?;
                self.links.learn(m.bytes());
                rec.text(l.to_string());
                let o = LinkOpts {
                    do_link: true,
                    details: true,
                    family: 0,
                };
                merge(rec, crate::link::render(&l, &self.links, &o));
            }
            20..=23 => {
                let a = AddrMsg::parse(m)?;
                rec.text(a.to_string());
                let mut r = Rec::new();
                r.json("ifindex", a.index());
                r.json("ifname", self.links.name_u(a.index()));
                crate::addr::render_addr(&mut r, &a);
                merge(rec, r);
            }
            24..=27 => {
                let r = RouteMsg::parse(m)?;
                rec.text(r.to_string());
                merge(rec, crate::route::render(&r, &self.links, &details));
            }
            28..=31 => {
                let n = NeighMsg::parse(m)?;
                rec.text(n.to_string());
                merge(rec, crate::neigh::render(&n, &self.links, false));
            }
            32..=35 => {
                let r = RuleMsg::parse(m)?;
                rec.text(r.to_string());
                merge(rec, crate::rule::render(&r, false));
            }
            104..=107 => {
                let n = NexthopMsg::parse(m)?;
                rec.text(n.to_string());
                merge(rec, crate::nexthop::render(&n, &self.links, false));
            }
            _ => header_hex(rec, m, ctx, tname),
        }
        Ok(())
    }

    fn error(
        &mut self,
        rec: &mut Rec,
        m: &Message<'_>,
        proto: Protocol,
    ) -> Result<(), nlwire_codec::DecodeError> {
        let e = ErrorMsg::parse(m)?;
        let req = e.request_header();
        let req_name = type_name(proto, req.message_type())
            .unwrap_or_else(|| req.message_type().0.to_string());
        let flags = m.flags().display(FlagContext::Ack);
        match e.errno() {
            None => {
                rec.text(format!(
                    "NLMSG_ERROR ack flags {flags} seq {} pid {}\n  request {req_name} seq {}",
                    m.seq(),
                    m.pid(),
                    req.seq()
                ));
                rec.json("error", 0);
            }
            Some(errno) => {
                let desc = nlwire_sys::errno::description(errno).unwrap_or("unknown error");
                rec.text(format!(
                    "NLMSG_ERROR {} \"{desc}\" flags {flags} seq {} pid {}\n  request {req_name} seq {}",
                    errno_text(errno),
                    m.seq(),
                    m.pid(),
                    req.seq()
                ));
                rec.json("error", errno);
                if let Some(n) = nlwire_sys::errno::name(errno) {
                    rec.json("errno_name", n);
                }
            }
        }
        rec.json("request_type", req_name);
        // The request, for the attribute path: echoed in full, or seen earlier.
        let request = if e.is_capped() {
            self.requests.get(&req.seq()).map(Vec::as_slice)
        } else {
            Some(e.echoed_request())
        };
        ext_ack(rec, e.ext_ack(), request, proto);
        Ok(())
    }
}

fn type_name(proto: Protocol, t: MessageType) -> Option<String> {
    if let Some(n) = t.control_name() {
        return Some(n.to_owned());
    }
    match proto {
        Protocol::ROUTE => message_name(t).map(str::to_owned),
        Protocol::GENERIC if t == GENL_ID_CTRL => Some("nlctrl".to_owned()),
        _ => None,
    }
}

fn merge(rec: &mut Rec, obj: Rec) {
    for (k, v) in obj.json {
        rec.json(&k, v);
    }
}

fn header_hex(rec: &mut Rec, m: &Message<'_>, ctx: FlagContext, tname: Option<&str>) {
    let name = tname.map_or_else(|| format!("type {}", m.message_type().0), str::to_owned);
    let mut s = format!(
        "{name} len {} flags {} seq {} pid {}",
        m.bytes().len(),
        m.flags().display(ctx),
        m.seq(),
        m.pid()
    );
    if !m.payload().is_empty() {
        let _ = write!(s, "\n  payload {}", Hex(m.payload()));
    }
    rec.text(s);
    let hex: String = m.payload().iter().map(|b| format!("{b:02x}")).collect();
    rec.json("payload", hex);
}

fn done(rec: &mut Rec, m: &Message<'_>) -> Result<(), nlwire_codec::DecodeError> {
    let d = Done::parse(m)?;
    let flags = m.flags().display(FlagContext::Ack);
    rec.text(format!(
        "NLMSG_DONE flags {flags} seq {} pid {}",
        m.seq(),
        m.pid()
    ));
    if let Some(errno) = d.errno() {
        rec.text(format!(" error {}", errno_text(errno)));
        rec.json("error", errno);
        if let Some(n) = nlwire_sys::errno::name(errno) {
            rec.json("errno_name", n);
        }
    }
    if d.is_interrupted() {
        rec.text(" (dump interrupted)");
        rec.json("interrupted", true);
    }
    ext_ack(rec, d.ext_ack(), None, Protocol::ROUTE);
    Ok(())
}

fn ext_ack(rec: &mut Rec, x: &ExtAck<'_>, request: Option<&[u8]>, proto: Protocol) {
    if let Some(msg) = x.msg {
        rec.any("msg", msg, format!("\n  msg \"{msg}\""));
    }
    if let Some(off) = x.offset {
        rec.any("ext_ack_offset", off, format!("\n  offset {off}"));
        let path = request.and_then(|req| {
            if proto == Protocol::ROUTE {
                named_path(req, off)
            } else {
                let p = attr_path_with(req, 4, off, |_| 0);
                (!matches!(p.target, PathTarget::OutOfRange)).then(|| p.to_string())
            }
        });
        if let Some(p) = path {
            rec.any("attr_path", p.clone(), format!(" at attribute {p}"));
        }
    }
    if let Some(p) = x.policy {
        rec.any("policy", p.to_string(), format!("\n  policy {p}"));
    }
    if let Some(t) = x.missing_type {
        rec.any("missing_type", t, format!("\n  missing attribute {t}"));
    }
    if let Some(n) = x.missing_nest {
        rec.any("missing_nest", n, format!(" in the nest at offset {n}"));
    }
}
