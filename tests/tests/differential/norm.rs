//! Normalisation: every message becomes one line of text with its volatile parts masked
//! (the list is in the crate docs of `differential.rs`). `None` means "drop this message
//! from the transcript" (link-local IPv6, multicast neighbours, …).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::net::IpAddr;

use nlwire_codec::rtnl::link::{LinkMsg, iff};
use nlwire_codec::rtnl::neigh::nud;
use nlwire_codec::rtnl::route::MetricValue;
use nlwire_codec::rtnl::{RtnlMsg, group, message_name};
use nlwire_codec::{Done, ErrorMsg, ExtAck, Message, MessageType};

/// Link flags that follow carrier and linkwatch, not requests.
const VOLATILE_IFF: u32 = iff::RUNNING | iff::LOWER_UP | iff::DORMANT;
/// `RTNH_F_LINKDOWN` / `RTNH_F_DEAD`: set by linkwatch from the carrier.
const VOLATILE_RTNH: u32 = 0x10 | 0x01;

/// Per-world state of the normalisation: interface indexes are renamed `if1`, `if2`, …
/// by first appearance (lo stays `if1`), and the (random) MAC addresses of bridge FDB
/// entries `mac1`, `mac2`, … likewise.
#[derive(Default)]
pub(crate) struct Canon {
    ifindex: HashMap<i64, usize>,
    macs: HashMap<Vec<u8>, usize>,
    /// The port id of the request socket.
    pub own_port: u32,
    /// Whether link operational state is compared (after settling).
    pub with_operstate: bool,
    /// Whether notifications are being normalised.
    pub in_events: bool,
}

impl Canon {
    /// A fresh canonicaliser; `own_port` is the request socket's port id.
    pub(crate) fn new(own_port: u32) -> Self {
        let mut ifindex = HashMap::new();
        ifindex.insert(1, 1);
        Self {
            ifindex,
            macs: HashMap::new(),
            own_port,
            with_operstate: false,
            in_events: false,
        }
    }

    /// The canonical name of interface index `i` (0 stays `0`).
    pub(crate) fn ifx(&mut self, i: i64) -> String {
        if i == 0 {
            return "0".into();
        }
        let n = self.ifindex.len() + 1;
        format!("if{}", *self.ifindex.entry(i).or_insert(n))
    }

    /// The canonical name of MAC address `a`.
    fn mac(&mut self, a: &[u8]) -> String {
        let n = self.macs.len() + 1;
        format!("mac{}", *self.macs.entry(a.to_vec()).or_insert(n))
    }

    fn port(&self, p: u32) -> &'static str {
        if p == 0 {
            "0"
        } else if p == self.own_port {
            "own"
        } else {
            "other"
        }
    }
}

/// The multicast group a notification belongs to (for per-group streams).
pub(crate) fn group_of(m: &Message<'_>) -> u32 {
    let t = m.message_type().0;
    let fam = m.payload().first().copied().unwrap_or(0);
    let v6 = fam == 10;
    match t {
        16..=19 => group::LINK,
        20..=23 => {
            if v6 {
                group::IPV6_IFADDR
            } else {
                group::IPV4_IFADDR
            }
        }
        24..=27 => {
            if v6 {
                group::IPV6_ROUTE
            } else {
                group::IPV4_ROUTE
            }
        }
        28..=31 => group::NEIGH,
        32..=35 => {
            if v6 {
                group::IPV6_RULE
            } else {
                group::IPV4_RULE
            }
        }
        104..=106 => group::NEXTHOP,
        _ => 0,
    }
}

fn ext_ack(out: &mut String, x: &ExtAck<'_>) {
    if let Some(m) = x.msg {
        let _ = write!(out, " msg={m:?}");
    }
    if let Some(o) = x.offset {
        let _ = write!(out, " offs={o}");
    }
    if let Some(p) = &x.policy {
        let _ = write!(out, " policy={p:?}");
    }
    if let Some(t) = x.missing_type {
        let _ = write!(out, " miss_type={t}");
    }
    if let Some(n) = x.missing_nest {
        let _ = write!(out, " miss_nest={n}");
    }
}

fn is_volatile_ip(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V6(a) => {
            let s = a.segments()[0];
            (s & 0xffc0) == 0xfe80 || (s & 0xff00) == 0xff00
        }
        IpAddr::V4(a) => a.is_multicast() || a.is_broadcast(),
    }
}

/// One message as a line of text, or `None` when it is masked out entirely. `header`
/// includes type, flags and seq (replies and notifications); dumps compared as sets pass
/// `false` for seq.
pub(crate) fn message(c: &mut Canon, m: &Message<'_>, with_seq: bool) -> Option<String> {
    let t = m.message_type();
    let mut s = String::new();
    let name = message_name(t).map_or_else(|| format!("type{}", t.0), str::to_owned);
    let flags = m.flags().0;
    let error = ErrorMsg::parse(m).ok().filter(|_| t == MessageType::ERROR);
    let xack = error.as_ref().map(|e| *e.ext_ack());
    let _ = write!(s, "{name} flags={flags:#x}");
    if with_seq {
        let _ = write!(s, " seq={} pid={}", m.seq(), c.port(m.pid()));
    }
    if t == MessageType::ERROR {
        let (Some(e), Some(x)) = (error, xack) else {
            return Some(format!("{s} <bad error {}b>", m.bytes().len()));
        };
        let _ = write!(s, " errno={}", e.errno().unwrap_or(0));
        ext_ack(&mut s, &x);
        return Some(s);
    }
    if t == MessageType::DONE {
        if let Ok(d) = Done::parse(m) {
            let _ = write!(s, " err={}", d.code());
            ext_ack(&mut s, d.ext_ack());
        }
        return Some(s);
    }
    let body = object(c, m)?;
    Some(format!("{s} {body}"))
}

/// The object's main fields, masked; `None` to drop it.
pub(crate) fn object(c: &mut Canon, m: &Message<'_>) -> Option<String> {
    let mut s = String::new();
    let Ok(o) = RtnlMsg::parse(m) else {
        return Some(format!("<undecodable {}b>", m.bytes().len()));
    };
    match o {
        RtnlMsg::Link(l) => link(c, &l, true),
        RtnlMsg::Addr(a) => {
            let ip = a.local().ok().flatten().or(a.address().ok().flatten());
            if ip.as_ref().is_some_and(is_volatile_ip) {
                return None;
            }
            let idx = c.ifx(i64::from(a.index()));
            let _ = write!(
                s,
                "fam={} {}/{} dev={idx} scope={} flags={:#x}",
                a.family(),
                ip.map_or("-".into(), |i| i.to_string()),
                a.prefix_len(),
                a.scope(),
                a.flags().unwrap_or(0),
            );
            if let Ok(Some(p)) = a.address() {
                if Some(p) != ip {
                    let _ = write!(s, " peer={p}");
                }
            }
            if let Ok(Some(b)) = a.broadcast() {
                let _ = write!(s, " brd={b}");
            }
            if let Ok(Some(l)) = a.label() {
                let _ = write!(s, " label={l}");
            }
            if let Ok(Some(p)) = a.rt_priority() {
                let _ = write!(s, " rt_prio={p}");
            }
            Some(s)
        }
        RtnlMsg::Route(r) => {
            let dst = r.dst().ok().flatten();
            if r.family() == 10 && dst.as_ref().is_some_and(is_volatile_ip) {
                return None;
            }
            let _ = write!(
                s,
                "fam={} {}/{} table={} proto={} scope={} type={} flags={:#x}",
                r.family(),
                dst.map_or("default".into(), |d| d.to_string()),
                r.dst_len(),
                r.table().unwrap_or(0),
                r.protocol(),
                r.scope(),
                r.route_type(),
                r.flags() & !VOLATILE_RTNH,
            );
            if r.tos() != 0 {
                let _ = write!(s, " tos={}", r.tos());
            }
            if let Ok(Some(v)) = r.src() {
                let _ = write!(s, " src={v}/{}", r.src_len());
            }
            if let Ok(Some(g)) = r.gateway() {
                let _ = write!(s, " via={g}");
            }
            if let Ok(Some(o)) = r.oif() {
                let _ = write!(s, " dev={}", c.ifx(i64::from(o)));
            }
            if let Ok(Some(v)) = r.prefsrc() {
                let _ = write!(s, " prefsrc={v}");
            }
            if let Ok(Some(v)) = r.priority() {
                let _ = write!(s, " metric={v}");
            }
            if let Ok(Some(v)) = r.nh_id() {
                let _ = write!(s, " nhid={v}");
            }
            if let Ok(Some(v)) = r.pref() {
                let _ = write!(s, " pref={v}");
            }
            for mt in r.metrics().flatten() {
                match mt.value {
                    MetricValue::U32(v) => {
                        let _ = write!(s, " rtax{}={v}", mt.kind);
                    }
                    MetricValue::Str(v) => {
                        let _ = write!(s, " rtax{}={v}", mt.kind);
                    }
                }
            }
            for nh in r.multipath().flatten() {
                let _ = write!(
                    s,
                    " nexthop(dev={} w={} flags={:#x}",
                    c.ifx(i64::from(nh.ifindex())),
                    nh.weight(),
                    u32::from(nh.flags()) & !VOLATILE_RTNH
                );
                if let Ok(Some(g)) = nh.gateway() {
                    let _ = write!(s, " via={g}");
                }
                s.push(')');
            }
            Some(s)
        }
        RtnlMsg::Neigh(n) => {
            let dst = n.dst().ok().flatten();
            if n.state() & nud::NOARP != 0 || dst.as_ref().is_some_and(is_volatile_ip) {
                return None;
            }
            // Bridge FDB entries learned from traffic (simkernel has no traffic).
            if n.family() == 7 && n.state() & nud::PERMANENT == 0 {
                return None;
            }
            let _ = write!(
                s,
                "fam={} {} dev={} state={:#x} flags={:#x}",
                n.family(),
                dst.map_or("-".into(), |d| d.to_string()),
                c.ifx(i64::from(n.ifindex())),
                n.state(),
                n.flags(),
            );
            let _ = write!(s, " type={}", n.neigh_type());
            if let Some(ll) = n.lladdr() {
                if n.family() == 7 {
                    let _ = write!(s, " lladdr={}", c.mac(ll));
                } else {
                    let _ = write!(s, " lladdr={ll:02x?}");
                }
            }
            if let Ok(Some(p)) = n.protocol() {
                let _ = write!(s, " proto={p}");
            }
            Some(s)
        }
        RtnlMsg::Rule(r) => {
            let _ = write!(
                s,
                "fam={} table={} action={} flags={:#x} prio={:?}",
                r.family(),
                r.table().unwrap_or(0),
                r.action(),
                r.flags(),
                r.priority().ok().flatten(),
            );
            if let Ok(Some(v)) = r.src() {
                let _ = write!(s, " from={v}/{}", r.src_len());
            }
            if let Ok(Some(v)) = r.dst() {
                let _ = write!(s, " to={v}/{}", r.dst_len());
            }
            if let Ok(Some(v)) = r.iifname() {
                let _ = write!(s, " iif={v}");
            }
            if let Ok(Some(v)) = r.oifname() {
                let _ = write!(s, " oif={v}");
            }
            if let Ok(Some(v)) = r.fwmark() {
                let _ = write!(s, " fwmark={v:#x}");
            }
            if let Ok(Some(v)) = r.goto() {
                let _ = write!(s, " goto={v}");
            }
            if let Ok(Some(v)) = r.suppress_prefixlen() {
                let _ = write!(s, " suppress_prefixlen={v}");
            }
            if let Ok(Some(v)) = r.protocol() {
                let _ = write!(s, " proto={v}");
            }
            Some(s)
        }
        RtnlMsg::Nexthop(n) => {
            let _ = write!(
                s,
                "id={:?} fam={} scope={} proto={} flags={:#x}",
                n.id().ok().flatten(),
                n.family(),
                n.scope(),
                n.protocol(),
                n.flags() & !VOLATILE_RTNH,
            );
            if let Ok(Some(o)) = n.oif() {
                let _ = write!(s, " dev={}", c.ifx(i64::from(o)));
            }
            if let Ok(Some(g)) = n.gateway() {
                let _ = write!(s, " via={g}");
            }
            if n.is_blackhole().unwrap_or(false) {
                s.push_str(" blackhole");
            }
            if let Ok(Some(g)) = n.group() {
                let _ = write!(s, " group={:?}", g.iter().collect::<Vec<_>>());
            }
            Some(s)
        }
        _ => Some(format!("<other {}b>", m.bytes().len())),
    }
}

/// A link's main fields: name, masked flags, mtu, master, kind, peer; with `change`,
/// `ifi_change` too; operstate only when [`Canon::with_operstate`].
pub(crate) fn link(c: &mut Canon, l: &LinkMsg<'_>, change: bool) -> Option<String> {
    let mut s = String::new();
    let idx = c.ifx(i64::from(l.index()));
    let _ = write!(
        s,
        "fam={} {idx} name={} flags={:#x} mtu={:?}",
        l.family(),
        l.name().ok().flatten().unwrap_or("-"),
        l.flags() & !VOLATILE_IFF,
        l.mtu().ok().flatten(),
    );
    if change {
        let _ = write!(s, " change={:#x}", l.change());
    }
    if let Ok(Some(m)) = l.master() {
        let _ = write!(s, " master={}", c.ifx(i64::from(m)));
    }
    if let Ok(Some(p)) = l.link() {
        let _ = write!(s, " link={}", c.ifx(i64::from(p)));
    }
    finish_link(c, l, s)
}

fn finish_link(c: &mut Canon, l: &LinkMsg<'_>, mut s: String) -> Option<String> {
    if let Ok(Some(i)) = l.link_info() {
        if let Some(k) = i.kind {
            let _ = write!(s, " kind={k}");
        }
        if let Some(k) = i.slave_kind {
            let _ = write!(s, " slave_kind={k}");
        }
    }
    if c.with_operstate {
        let _ = write!(
            s,
            " oper={:?} lower_up={}",
            l.operstate().ok().flatten(),
            l.flags() & iff::LOWER_UP != 0
        );
    }
    Some(s)
}

/// The key of a link notification for deduplication: everything but `ifi_change`,
/// operstate and the carrier flags.
pub(crate) fn link_key(c: &mut Canon, m: &Message<'_>) -> Option<String> {
    let l = LinkMsg::parse(m).ok()?;
    let saved = c.with_operstate;
    c.with_operstate = false;
    let k = link(c, &l, false);
    c.with_operstate = saved;
    Some(format!("{} {}", m.message_type().0, k?))
}
