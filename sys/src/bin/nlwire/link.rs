//! `nlwire link`: show, add (veth, bridge, vlan, macvlan, any kind), set, del — and the
//! link printer that `address` and `monitor` share, field for field as `ip link`.

use nlwire_codec::rtnl::link::{self, IfInfoMsg, LinkMsg, iff, ifla, info, operstate};
use nlwire_codec::rtnl::link_kinds::{self, macvlan_mode};
use nlwire_codec::rtnl::{family, rtm};
use nlwire_codec::{Buffer, Builder, EncodeError, Flags, Message};
use serde_json::{Map, Value};

use crate::args::Args;
use crate::command::{Verb, matches, verb};
use crate::error::{CliError, Object};
use crate::names;
use crate::opts::Global;
use crate::render::{Rec, str_array};
use crate::session::{LinkMap, Session};

/// Usage of `nlwire link`.
pub(crate) const USAGE: &str = "\
Usage: nlwire link add [ link DEV ] [ name ] NAME [ mtu MTU ] [ address LLADDR ]
                       [ master DEVICE ] [ up ] type TYPE [ ARGS ]
       nlwire link delete { DEVICE | dev DEVICE }
       nlwire link set { DEVICE | dev DEVICE } [ { up | down } ] [ mtu MTU ]
                       [ name NEWNAME ] [ address LLADDR ] [ master DEVICE | nomaster ]
                       [ txqueuelen N ] [ alias NAME ] [ promisc { on | off } ]
       nlwire link show [ [ dev ] DEVICE ] [ type TYPE ] [ master DEVICE ] [ up ]
TYPE := { veth [ peer [ name ] NAME ] | bridge | vlan id VLANID |
          macvlan [ mode { private | vepa | bridge | passthru | source } ] | KIND }";

/// What to show.
#[derive(Debug, Default)]
pub(crate) struct ShowFilter {
    /// One device.
    pub(crate) dev: Option<String>,
    /// `type KIND` (or `KIND_slave`).
    pub(crate) kind: Option<String>,
    /// Whether `kind` is a slave kind.
    pub(crate) slave: bool,
    /// `master DEV`.
    pub(crate) master: Option<String>,
    /// `up`: only links that are up.
    pub(crate) up: bool,
}

/// Kind-specific creation data.
#[derive(Debug, Default)]
pub(crate) enum KindData {
    /// No data.
    #[default]
    None,
    /// veth with a peer name.
    Veth(Option<String>),
    /// vlan id.
    Vlan(u16),
    /// macvlan mode.
    Macvlan(u32),
}

/// `link add`.
#[derive(Debug, Default)]
pub(crate) struct Add {
    name: String,
    kind: String,
    data: KindData,
    lower: Option<String>,
    attrs: SetAttrs,
}

/// Changes that `link add` and `link set` share.
#[derive(Debug, Default)]
pub(crate) struct SetAttrs {
    up: Option<bool>,
    promisc: Option<bool>,
    arp: Option<bool>,
    mtu: Option<u32>,
    name: Option<String>,
    address: Option<Vec<u8>>,
    master: Option<Option<String>>,
    txqlen: Option<u32>,
    alias: Option<String>,
}

/// A parsed `link` command.
#[derive(Debug)]
pub(crate) enum Cmd {
    /// `link show`.
    Show(ShowFilter),
    /// `link add`.
    Add(Add),
    /// `link set`.
    Set(String, SetAttrs),
    /// `link del`.
    Del(String),
}

/// Parses `link …`.
pub(crate) fn parse(words: &[String], _g: &Global) -> Result<Cmd, CliError> {
    let (v, rest) = verb(Object::Link, words)?;
    let mut a = Args::new(Object::Link, rest);
    match v {
        Verb::Show => parse_show(&mut a).map(Cmd::Show),
        Verb::Add => parse_add(&mut a).map(Cmd::Add),
        Verb::Set => {
            let mut dev = None;
            let mut attrs = SetAttrs::default();
            while let Some(w) = a.next() {
                if !parse_set_attr(&mut a, w, &mut attrs)? {
                    let name = if w == "dev" { a.value("dev")? } else { w };
                    if dev.replace(name.to_owned()).is_some() {
                        return Err(a.err(format!(
                            "Error: either \"dev\" is duplicate, or \"{name}\" is a garbage."
                        )));
                    }
                }
            }
            let dev =
                dev.ok_or_else(|| a.err("Not enough information: \"dev\" argument is required."))?;
            Ok(Cmd::Set(dev, attrs))
        }
        Verb::Del => {
            let mut dev = None;
            while let Some(w) = a.next() {
                let name = if w == "dev" { a.value("dev")? } else { w };
                if dev.replace(name.to_owned()).is_some() {
                    return Err(a.err(format!(
                        "Error: either \"dev\" is duplicate, or \"{name}\" is a garbage."
                    )));
                }
            }
            let dev =
                dev.ok_or_else(|| a.err("Not enough information: \"dev\" argument is required."))?;
            Ok(Cmd::Del(dev))
        }
        _ => Err(a.err("")),
    }
}

/// Parses the filters of `link show` (also used by `address show`).
pub(crate) fn parse_show(a: &mut Args<'_>) -> Result<ShowFilter, CliError> {
    let mut f = ShowFilter::default();
    while let Some(w) = a.next() {
        match w {
            "type" => {
                let k = a.value("type")?;
                match k.strip_suffix("_slave") {
                    Some(s) => {
                        f.kind = Some(s.to_owned());
                        f.slave = true;
                    }
                    None => f.kind = Some(k.to_owned()),
                }
            }
            "master" => f.master = Some(a.value("master")?.to_owned()),
            "up" => f.up = true,
            _ => {
                let name = if w == "dev" { a.value("dev")? } else { w };
                if matches(name, "help") && w != "dev" {
                    return Err(a.err(""));
                }
                if f.dev.replace(name.to_owned()).is_some() {
                    return Err(a.err(format!(
                        "Error: either \"dev\" is duplicate, or \"{name}\" is a garbage."
                    )));
                }
            }
        }
    }
    Ok(f)
}

fn on_off(a: &mut Args<'_>, kw: &str) -> Result<bool, CliError> {
    match a.value(kw)? {
        "on" => Ok(true),
        "off" => Ok(false),
        v => Err(a.invalid(&format!("\"{kw}\" must be \"on\" or \"off\""), v)),
    }
}

/// Parses one attribute of `link set`/`link add`; `false` if `w` is not one.
fn parse_set_attr(a: &mut Args<'_>, w: &str, s: &mut SetAttrs) -> Result<bool, CliError> {
    match w {
        "up" => s.up = Some(true),
        "down" => s.up = Some(false),
        "mtu" => s.mtu = Some(a.u32("mtu")?),
        "name" => s.name = Some(a.value("name")?.to_owned()),
        "address" => {
            s.address =
                Some(a.parsed("address", "invalid link-layer address", names::parse_lladdr)?)
        }
        "master" => s.master = Some(Some(a.value("master")?.to_owned())),
        "nomaster" => s.master = Some(None),
        "txqueuelen" | "txqlen" | "qlen" => s.txqlen = Some(a.u32(w)?),
        "alias" => s.alias = Some(a.value("alias")?.to_owned()),
        "promisc" => s.promisc = Some(on_off(a, "promisc")?),
        "arp" => s.arp = Some(on_off(a, "arp")?),
        _ => return Ok(false),
    }
    Ok(true)
}

fn parse_add(a: &mut Args<'_>) -> Result<Add, CliError> {
    let mut add = Add::default();
    let mut name: Option<String> = None;
    let mut kind = None;
    while let Some(w) = a.next() {
        match w {
            "type" => {
                kind = Some(a.value("type")?.to_owned());
                break;
            }
            "link" => add.lower = Some(a.value("link")?.to_owned()),
            "name" | "dev" => {
                let n = a.value(w)?;
                name = Some(n.to_owned());
            }
            _ if w != "name" && parse_set_attr(a, w, &mut add.attrs)? => {
                // `name` was taken by the attribute parser: it names the new link.
                if let Some(n) = add.attrs.name.take() {
                    name = Some(n);
                }
            }
            _ => {
                if name.replace(w.to_owned()).is_some() {
                    return Err(a.err(format!(
                        "Error: either \"dev\" is duplicate, or \"{w}\" is a garbage."
                    )));
                }
            }
        }
    }
    add.name =
        name.ok_or_else(|| a.err("Not enough information: \"dev\" argument is required."))?;
    add.kind =
        kind.ok_or_else(|| a.err("Not enough information: \"type\" argument is required."))?;
    add.data = match add.kind.as_str() {
        "veth" | "vxcan" => {
            let mut peer = None;
            while let Some(w) = a.next() {
                match w {
                    "peer" => {}
                    "name" => peer = Some(a.value("name")?.to_owned()),
                    _ if peer.is_none() => peer = Some(w.to_owned()),
                    _ => return Err(a.err(format!("Error: argument \"{w}\" is wrong"))),
                }
            }
            KindData::Veth(peer)
        }
        "vlan" => {
            let mut id = None;
            while let Some(w) = a.next() {
                match w {
                    "id" => {
                        id = Some(a.parsed("id", "id is invalid", |s| {
                            names::parse_u32(s)
                                .and_then(|v| u16::try_from(v).ok())
                                .filter(|v| *v < 4095)
                        })?)
                    }
                    _ => return Err(a.err(format!("vlan: unknown command \"{w}\"?"))),
                }
            }
            let id = id.ok_or_else(|| a.err("8021q: VLAN properties not specified."))?;
            if add.lower.is_none() {
                return Err(a.err("Not enough information: \"link\" argument is required."));
            }
            KindData::Vlan(id)
        }
        "macvlan" | "macvtap" => {
            let mut mode = None;
            while let Some(w) = a.next() {
                match w {
                    "mode" => {
                        let m = a.value("mode")?;
                        let v = [
                            macvlan_mode::PRIVATE,
                            macvlan_mode::VEPA,
                            macvlan_mode::BRIDGE,
                            macvlan_mode::PASSTHRU,
                            macvlan_mode::SOURCE,
                        ]
                        .into_iter()
                        .find(|&v| macvlan_mode::name(v) == Some(m))
                        .ok_or_else(|| a.invalid("unknown macvlan mode", m))?;
                        mode = Some(v);
                    }
                    _ => return Err(a.err(format!("macvlan: unknown command \"{w}\"?"))),
                }
            }
            mode.map_or(KindData::None, KindData::Macvlan)
        }
        _ => {
            if let Some(w) = a.next() {
                return Err(a.err(format!(
                    "Error: options of link type \"{}\" are not supported: \"{w}\"",
                    add.kind
                )));
            }
            KindData::None
        }
    };
    Ok(add)
}

/// Runs a `link` command.
pub(crate) fn run(cmd: &Cmd, s: &mut Session) -> Result<(), CliError> {
    match cmd {
        Cmd::Show(f) => show(f, s),
        Cmd::Add(add) => {
            let lower = match &add.lower {
                Some(l) => Some(s.ifindex(l)?),
                None => None,
            };
            let res = resolve(&add.attrs, s)?;
            s.ack(|b, seq| {
                let hdr = header(0, &add.attrs);
                let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
                let mut m = link::message(b, rtm::NEWLINK, flags, seq, &hdr)?;
                m.put_str(ifla::IFNAME, &add.name)?;
                if let Some(l) = lower {
                    m.put_i32(ifla::LINK, l)?;
                }
                put_attrs(&mut m, &add.attrs, &res)?;
                m.nest_noflag(ifla::LINKINFO, |m| {
                    m.put_str(info::KIND, &add.kind)?;
                    put_kind_data(m, &add.data)
                })?;
                Ok(m.finish())
            })
        }
        Cmd::Set(dev, attrs) => {
            let index = s.ifindex(dev)?;
            let res = resolve(attrs, s)?;
            s.ack(|b, seq| {
                let hdr = header(index, attrs);
                let mut m = link::message(b, rtm::NEWLINK, Flags::REQUEST | Flags::ACK, seq, &hdr)?;
                put_attrs(&mut m, attrs, &res)?;
                Ok(m.finish())
            })
        }
        Cmd::Del(dev) => {
            let index = s.ifindex(dev)?;
            s.ack(|b, seq| link::delete_request(b, seq, index, None))
        }
    }
}

/// Device indexes an attribute set refers to.
struct Resolved {
    master: Option<u32>,
}

fn resolve(attrs: &SetAttrs, s: &mut Session) -> Result<Resolved, CliError> {
    let master = match &attrs.master {
        Some(Some(m)) => Some(s.ifindex_u(m)?),
        Some(None) => Some(0),
        None => None,
    };
    Ok(Resolved { master })
}

fn header(index: i32, a: &SetAttrs) -> IfInfoMsg {
    let mut h = IfInfoMsg::new(family::UNSPEC, index);
    if let Some(up) = a.up {
        h = h.with_change(iff::UP, up);
    }
    if let Some(p) = a.promisc {
        h = h.with_change(iff::PROMISC, p);
    }
    if let Some(arp) = a.arp {
        h = h.with_change(iff::NOARP, !arp);
    }
    h
}

fn put_attrs<B: Buffer + ?Sized>(
    m: &mut Builder<'_, B>,
    a: &SetAttrs,
    r: &Resolved,
) -> Result<(), EncodeError> {
    if let Some(mtu) = a.mtu {
        m.put_u32(ifla::MTU, mtu)?;
    }
    if let Some(n) = &a.name {
        m.put_str(ifla::IFNAME, n)?;
    }
    if let Some(addr) = &a.address {
        m.put(ifla::ADDRESS, addr)?;
    }
    if let Some(q) = a.txqlen {
        m.put_u32(ifla::TXQLEN, q)?;
    }
    if let Some(al) = &a.alias {
        m.put_str(ifla::IFALIAS, al)?;
    }
    if let Some(master) = r.master {
        m.put_u32(ifla::MASTER, master)?;
    }
    Ok(())
}

fn put_kind_data<B: Buffer + ?Sized>(
    m: &mut Builder<'_, B>,
    d: &KindData,
) -> Result<(), EncodeError> {
    match d {
        KindData::None => Ok(()),
        KindData::Veth(None) => Ok(()),
        KindData::Veth(Some(peer)) => m.nest_noflag(info::DATA, |m| {
            m.nest_noflag(link::veth::PEER, |m| {
                m.put_header(&IfInfoMsg::default())?;
                m.put_str(ifla::IFNAME, peer)
            })
        }),
        KindData::Vlan(id) => m.nest_noflag(info::DATA, |m| link_kinds::create_vlan_data(m, *id)),
        KindData::Macvlan(mode) => {
            m.nest_noflag(info::DATA, |m| link_kinds::create_macvlan_data(m, *mode))
        }
    }
}

fn show(f: &ShowFilter, s: &mut Session) -> Result<(), CliError> {
    let msgs = s.dump_links()?;
    let links = s.links()?.clone();
    let dev = match &f.dev {
        Some(d) => Some(
            links
                .index(d)
                .ok_or_else(|| CliError::failed(format!("Device \"{d}\" does not exist.")))?,
        ),
        None => None,
    };
    let master = match &f.master {
        Some(m) => Some(s.ifindex_u(m)?),
        None => None,
    };
    let opts = LinkOpts {
        do_link: true,
        details: s.global.details,
        family: 0,
    };
    let mut out = s.out();
    for bytes in &msgs {
        let Ok(m) = Message::parse(bytes) else {
            continue;
        };
        let Ok(l) = LinkMsg::parse(&m) else { continue };
        if !keep(&l, f, dev, master) {
            continue;
        }
        out.emit(render(&l, &links, &opts));
    }
    out.finish();
    Ok(())
}

/// Whether link `l` passes the `show` filters.
pub(crate) fn keep(l: &LinkMsg<'_>, f: &ShowFilter, dev: Option<i32>, master: Option<u32>) -> bool {
    if dev.is_some_and(|d| d != l.index()) {
        return false;
    }
    if f.up && !l.is_up() {
        return false;
    }
    if let Some(m) = master {
        if l.master().ok().flatten() != Some(m) {
            return false;
        }
    }
    if let Some(k) = &f.kind {
        let li = l.link_info().ok().flatten().unwrap_or_default();
        let got = if f.slave { li.slave_kind } else { li.kind };
        if got != Some(k.as_str()) {
            return false;
        }
    }
    true
}

/// How a link is printed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LinkOpts {
    /// `ip link` (prints the link mode and address generation mode) rather than `ip addr`.
    pub(crate) do_link: bool,
    /// `-d`.
    pub(crate) details: bool,
    /// The family filter of `ip addr` (`-4`/`-6` hide the link-layer line).
    pub(crate) family: u8,
}

/// The flags as `ip` lists them, with `NO-CARRIER` first and `M-DOWN` last.
pub(crate) fn flag_names(flags: u32, mdown: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = flags;
    if rest & iff::UP != 0 && rest & iff::RUNNING == 0 {
        out.push("NO-CARRIER".to_owned());
    }
    rest &= !iff::RUNNING;
    // `ip`'s order (MASTER and SLAVE come before DEBUG).
    let order = [
        iff::LOOPBACK,
        iff::BROADCAST,
        iff::POINTOPOINT,
        iff::MULTICAST,
        iff::NOARP,
        iff::ALLMULTI,
        iff::PROMISC,
        iff::MASTER,
        iff::SLAVE,
        iff::DEBUG,
        iff::DYNAMIC,
        iff::AUTOMEDIA,
        iff::PORTSEL,
        iff::NOTRAILERS,
        iff::UP,
        iff::LOWER_UP,
        iff::DORMANT,
        iff::ECHO,
    ];
    for bit in order {
        if rest & bit != 0 {
            rest &= !bit;
            if let Some((_, n)) = iff::NAMES.iter().find(|(b, _)| *b == bit) {
                out.push((*n).to_owned());
            }
        }
    }
    if rest != 0 {
        out.push(format!("{rest:x}"));
    }
    if mdown {
        out.push("M-DOWN".to_owned());
    }
    out
}

fn addr_gen_mode(m: u8) -> String {
    match m {
        0 => "eui64".into(),
        1 => "none".into(),
        2 => "stable_secret".into(),
        3 => "random".into(),
        m => format!("{m}"),
    }
}

/// Prints one link as `ip link show` (or, with `do_link` off, as the head of an
/// `ip addr show` entry).
pub(crate) fn render(l: &LinkMsg<'_>, links: &LinkMap, o: &LinkOpts) -> Rec {
    let mut r = Rec::new();
    render_into(&mut r, l, links, o);
    r
}

/// [`render`] into an existing record.
pub(crate) fn render_into(r: &mut Rec, l: &LinkMsg<'_>, links: &LinkMap, o: &LinkOpts) {
    if l.message().message_type() == rtm::DELLINK {
        r.any("deleted", true, "Deleted ");
    }
    let index = l.index();
    r.any("ifindex", index, format!("{index}: "));
    let mut name = l.name().ok().flatten().unwrap_or("").to_owned();
    let mut mdown = false;
    if let Some(iflink) = l.link().ok().flatten() {
        if iflink == 0 {
            r.json("link", Value::Null);
            name.push_str("@NONE");
        } else if l.link_netnsid().ok().flatten().is_some() {
            r.json("link_index", iflink);
            name.push_str(&format!("@if{iflink}"));
        } else {
            let peer = links.name(iflink);
            r.json("link", peer.clone());
            name.push('@');
            name.push_str(&peer);
            mdown = links.get(iflink).is_none_or(|e| e.flags & iff::UP == 0);
        }
    }
    r.json("ifname", l.name().ok().flatten().unwrap_or(""));
    r.text(format!("{name}: "));
    let flags = flag_names(l.flags(), mdown);
    r.text(format!("<{}> ", flags.join(",")));
    r.json("flags", str_array(flags));
    if let Some(mtu) = l.mtu().ok().flatten() {
        r.any("mtu", mtu, format!("mtu {mtu} "));
    }
    if let Some(q) = l.qdisc().ok().flatten() {
        r.any("qdisc", q, format!("qdisc {q} "));
    }
    if let Some(m) = l.master().ok().flatten() {
        let n = links.name_u(m);
        r.any("master", n.clone(), format!("master {n} "));
    }
    if let Some(st) = l.operstate().ok().flatten() {
        match operstate::name(st) {
            Some(n) => r.any("operstate", n, format!("state {n} ")),
            None => {
                r.json("operstate_index", st);
                r.text(format!("state {st:#x} "));
            }
        }
    }
    if o.do_link {
        if let Some(mode) = l.linkmode().ok().flatten() {
            match mode {
                0 => r.any("linkmode", "DEFAULT", "mode DEFAULT "),
                1 => r.any("linkmode", "DORMANT", "mode DORMANT "),
                m => r.any("linkmode_index", m, format!("mode {m} ")),
            }
        }
    }
    if let Some(g) = l.group().ok().flatten() {
        let n = names::group(g);
        r.any("group", n.clone(), format!("group {n} "));
    }
    if let Some(q) = l.txqlen().ok().flatten().filter(|q| *q != 0) {
        r.any("txqlen", q, format!("qlen {q}"));
    }
    let t = l.link_type();
    if o.family == 0 || o.family == family::PACKET || o.details {
        let tn = names::link_type(t);
        r.any("link_type", tn.clone(), format!("\n    link/{tn} "));
        if let Some(a) = l.address() {
            let s = names::lladdr(a, t);
            r.any("address", s.clone(), s);
        }
        if let Some(b) = l.broadcast() {
            let s = names::lladdr(b, t);
            if l.flags() & iff::POINTOPOINT != 0 {
                r.text(" peer ");
                r.json("link_pointtopoint", true);
            } else {
                r.text(" brd ");
            }
            r.any("broadcast", s.clone(), s);
        }
        if let Some(p) = l.perm_address() {
            if l.address() != Some(p) {
                let s = names::lladdr(p, t);
                r.any("permaddr", s.clone(), format!(" permaddr {s}"));
            }
        }
    }
    if let Some(id) = l.link_netnsid().ok().flatten() {
        r.json("link_netnsid", id);
        if id >= 0 {
            r.text(format!(" link-netnsid {id}"));
        } else {
            r.text(" link-netnsid unknown");
        }
    }
    if l.proto_down().ok().flatten().is_some_and(|p| p != 0) {
        r.any("proto_down", true, " protodown on ");
    }
    if o.details {
        details(r, l, o);
    }
    if o.do_link || o.details {
        if let Some(a) = l.alias().ok().flatten() {
            r.any("ifalias", a, format!("\n    alias {a}"));
        }
    }
    let alt: Vec<String> = l.alt_names().flatten().map(str::to_owned).collect();
    if l.attr(ifla::PROP_LIST).is_some() {
        for n in &alt {
            r.text(format!("\n    altname {n}"));
        }
        r.json("altnames", str_array(alt));
    }
}

fn details(r: &mut Rec, l: &LinkMsg<'_>, o: &LinkOpts) {
    if let Some(p) = l.promiscuity().ok().flatten() {
        r.any("promiscuity", p, format!(" promiscuity {p} "));
    }
    if let Some(p) = l.allmulti().ok().flatten() {
        r.any("allmulti", p, format!(" allmulti {p} "));
    }
    if let Some(v) = l.min_mtu().ok().flatten() {
        r.any("min_mtu", v, format!("minmtu {v} "));
    }
    if let Some(v) = l.max_mtu().ok().flatten() {
        r.any("max_mtu", v, format!("maxmtu {v} "));
    }
    if let Some(li) = l.link_info().ok().flatten() {
        let mut obj = Map::new();
        if let Some(k) = li.kind {
            obj.insert("info_kind".into(), Value::from(k));
            r.text(format!("\n    {k} "));
        }
        if let Some(k) = li.slave_kind {
            obj.insert("info_slave_kind".into(), Value::from(k));
            r.text(format!("\n    {k}_slave "));
        }
        r.json("linkinfo", Value::Object(obj));
    }
    if o.do_link {
        if let Some(m) = l.inet6_addr_gen_mode().ok().flatten() {
            let n = addr_gen_mode(m);
            r.any(
                "inet6_addr_gen_mode",
                n.clone(),
                format!("addrgenmode {n} "),
            );
        }
    }
    let u32s: [(&str, &str, Option<u32>); 7] = [
        (
            "num_tx_queues",
            "numtxqueues",
            l.num_tx_queues().ok().flatten(),
        ),
        (
            "num_rx_queues",
            "numrxqueues",
            l.num_rx_queues().ok().flatten(),
        ),
        (
            "gso_max_size",
            "gso_max_size",
            l.gso_max_size().ok().flatten(),
        ),
        (
            "gso_max_segs",
            "gso_max_segs",
            l.gso_max_segs().ok().flatten(),
        ),
        (
            "tso_max_size",
            "tso_max_size",
            l.tso_max_size().ok().flatten(),
        ),
        (
            "tso_max_segs",
            "tso_max_segs",
            l.tso_max_segs().ok().flatten(),
        ),
        (
            "gro_max_size",
            "gro_max_size",
            l.gro_max_size().ok().flatten(),
        ),
    ];
    for (key, word, v) in u32s {
        if let Some(v) = v {
            r.any(key, v, format!("{word} {v} "));
        }
    }
    if let Some(n) = l.phys_port_name().ok().flatten() {
        r.any("phys_port_name", n, format!("portname {n} "));
    }
    if let Some(n) = l.parent_dev_bus_name().ok().flatten() {
        r.any("parentbus", n, format!("parentbus {n} "));
    }
    if let Some(n) = l.parent_dev_name().ok().flatten() {
        r.any("parentdev", n, format!("parentdev {n} "));
    }
}
