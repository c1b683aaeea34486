//! Names of numbers as `ip` prints and parses them: routing tables, protocols, scopes,
//! route types, device groups (with the user's `/etc/iproute2` files, as `ip` reads
//! them), IP protocols, neighbour states, link-layer addresses, and C-style numbers.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use nlwire_codec::rtnl::link::arphrd;
use nlwire_codec::rtnl::neigh::nud;
use nlwire_codec::rtnl::route::{rt_scope, rtn};

/// Where `ip` reads its name tables.
const CONFDIR: &str = "/etc/iproute2";

/// One name table: built-in entries, then the configuration file and its `.d` directory.
fn load(file: &str, builtin: &[(u32, &str)]) -> BTreeMap<u32, String> {
    let mut map: BTreeMap<u32, String> =
        builtin.iter().map(|(i, n)| (*i, (*n).to_owned())).collect();
    let mut files = vec![format!("{CONFDIR}/{file}")];
    if let Ok(dir) = std::fs::read_dir(format!("{CONFDIR}/{file}.d")) {
        let mut extra: Vec<String> = dir
            .flatten()
            .map(|e| e.path().to_string_lossy().into_owned())
            .filter(|p| p.ends_with(".conf"))
            .collect();
        extra.sort();
        files.extend(extra);
    }
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let mut it = line.split_whitespace();
            if let (Some(id), Some(name)) = (it.next(), it.next()) {
                if let Some(id) = parse_u32(id) {
                    map.insert(id, name.to_owned());
                }
            }
        }
    }
    map
}

fn tables() -> &'static BTreeMap<u32, String> {
    static T: OnceLock<BTreeMap<u32, String>> = OnceLock::new();
    T.get_or_init(|| {
        load(
            "rt_tables",
            &[(253, "default"), (254, "main"), (255, "local")],
        )
    })
}

fn protos() -> &'static BTreeMap<u32, String> {
    static T: OnceLock<BTreeMap<u32, String>> = OnceLock::new();
    T.get_or_init(|| {
        load(
            "rt_protos",
            &[
                (0, "unspec"),
                (1, "redirect"),
                (2, "kernel"),
                (3, "boot"),
                (4, "static"),
                (8, "gated"),
                (9, "ra"),
                (10, "mrt"),
                (11, "zebra"),
                (12, "bird"),
                (13, "dnrouted"),
                (14, "xorp"),
                (15, "ntk"),
                (16, "dhcp"),
                (18, "keepalived"),
                (42, "babel"),
                (99, "openr"),
                (186, "bgp"),
                (187, "isis"),
                (188, "ospf"),
                (189, "rip"),
                (192, "eigrp"),
            ],
        )
    })
}

fn groups() -> &'static BTreeMap<u32, String> {
    static T: OnceLock<BTreeMap<u32, String>> = OnceLock::new();
    T.get_or_init(|| load("group", &[(0, "default")]))
}

fn lookup(map: &BTreeMap<u32, String>, name: &str) -> Option<u32> {
    map.iter()
        .find(|(_, n)| n.as_str() == name)
        .map(|(i, _)| *i)
}

/// A routing table's name (`main`) or number.
pub(crate) fn table(id: u32) -> String {
    tables().get(&id).cloned().unwrap_or_else(|| id.to_string())
}

/// A routing table by name or number.
pub(crate) fn parse_table(s: &str) -> Option<u32> {
    lookup(tables(), s).or_else(|| parse_u32(s))
}

/// A route protocol's name (`kernel`) or number.
pub(crate) fn proto(p: u8) -> String {
    protos()
        .get(&u32::from(p))
        .cloned()
        .unwrap_or_else(|| p.to_string())
}

/// A route protocol by name or number.
pub(crate) fn parse_proto(s: &str) -> Option<u8> {
    lookup(protos(), s)
        .or_else(|| parse_u32(s))
        .and_then(|v| u8::try_from(v).ok())
}

/// A scope's name (`link`) or number.
pub(crate) fn scope(s: u8) -> String {
    rt_scope::name(s).map_or_else(|| s.to_string(), str::to_owned)
}

/// A scope by name or number.
pub(crate) fn parse_scope(s: &str) -> Option<u8> {
    let named = match s {
        "global" | "universe" => Some(rt_scope::UNIVERSE),
        "site" => Some(rt_scope::SITE),
        "link" => Some(rt_scope::LINK),
        "host" => Some(rt_scope::HOST),
        "nowhere" => Some(rt_scope::NOWHERE),
        _ => None,
    };
    named.or_else(|| parse_u32(s).and_then(|v| u8::try_from(v).ok()))
}

/// A route type's name (`blackhole`) or number.
pub(crate) fn rtn(t: u8) -> String {
    rtn::name(t).map_or_else(|| t.to_string(), str::to_owned)
}

/// A route type by name or number.
pub(crate) fn parse_rtn(s: &str) -> Option<u8> {
    (0..=11u8)
        .find(|&t| rtn::name(t) == Some(s))
        .or_else(|| parse_u32(s).and_then(|v| u8::try_from(v).ok()))
}

/// A device group's name (`default`) or number.
pub(crate) fn group(g: u32) -> String {
    groups().get(&g).cloned().unwrap_or_else(|| g.to_string())
}

/// IP protocol names as in `/etc/protocols` (the ones `ip rule` commonly shows).
const IPPROTOS: &[(u8, &str)] = &[
    (0, "ip"),
    (1, "icmp"),
    (2, "igmp"),
    (4, "ipencap"),
    (6, "tcp"),
    (17, "udp"),
    (33, "dccp"),
    (41, "ipv6"),
    (47, "gre"),
    (50, "esp"),
    (51, "ah"),
    (58, "ipv6-icmp"),
    (89, "ospf"),
    (103, "pim"),
    (112, "vrrp"),
    (132, "sctp"),
    (136, "udplite"),
    (137, "mpls-in-ip"),
];

fn protocols_file() -> &'static BTreeMap<u32, String> {
    static T: OnceLock<BTreeMap<u32, String>> = OnceLock::new();
    T.get_or_init(|| {
        let mut map: BTreeMap<u32, String> = IPPROTOS
            .iter()
            .map(|(i, n)| (u32::from(*i), (*n).to_owned()))
            .collect();
        if let Ok(text) = std::fs::read_to_string("/etc/protocols") {
            for line in text.lines() {
                let line = line.split('#').next().unwrap_or("");
                let mut it = line.split_whitespace();
                if let (Some(name), Some(num)) = (it.next(), it.next()) {
                    if let Ok(n) = num.parse::<u32>() {
                        map.insert(n, name.to_owned());
                    }
                }
            }
        }
        map
    })
}

/// An IP protocol's name (`tcp`), or `ipproto-N` as `ip` prints unknown ones.
pub(crate) fn ipproto(p: u8) -> String {
    protocols_file()
        .get(&u32::from(p))
        .cloned()
        .unwrap_or_else(|| format!("ipproto-{p}"))
}

/// An IP protocol by name or number.
pub(crate) fn parse_ipproto(s: &str) -> Option<u8> {
    let s = s.strip_prefix("ipproto-").unwrap_or(s);
    lookup(protocols_file(), s)
        .or_else(|| parse_u32(s))
        .and_then(|v| u8::try_from(v).ok())
}

/// A neighbour state by `ip`'s name (`permanent`, `reachable`, …).
pub(crate) fn parse_nud(s: &str) -> Option<u16> {
    let up = s.to_ascii_uppercase();
    if up == "NONE" {
        return Some(nud::NONE);
    }
    nud::NAMES
        .iter()
        .find(|(_, n)| *n == up)
        .map(|(v, _)| *v)
        .or_else(|| parse_u32(s).and_then(|v| u16::try_from(v).ok()))
}

/// The names of the bits of a neighbour state, in `ip`'s order.
pub(crate) fn nud_names(state: u16) -> Vec<&'static str> {
    nud::NAMES
        .iter()
        .filter(|(bit, _)| state & bit != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// A link type's name as `ip` prints it after `link/` (`ether`), or `[N]`.
pub(crate) fn link_type(t: u16) -> String {
    arphrd::name(t).map_or_else(|| format!("[{t}]"), str::to_owned)
}

/// A link-layer address as `ip` prints it: colon-separated hex, or an IP address for
/// IPv4/IPv6 tunnels.
pub(crate) fn lladdr(bytes: &[u8], link_type: u16) -> String {
    use std::net::{Ipv4Addr, Ipv6Addr};
    let v4 = [arphrd::TUNNEL, arphrd::SIT, arphrd::IPGRE];
    let v6 = [arphrd::TUNNEL6, arphrd::IP6GRE];
    if let (true, Ok(a)) = (v4.contains(&link_type), <[u8; 4]>::try_from(bytes)) {
        return Ipv4Addr::from(a).to_string();
    }
    if let (true, Ok(a)) = (v6.contains(&link_type), <[u8; 16]>::try_from(bytes)) {
        return Ipv6Addr::from(a).to_string();
    }
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    parts.join(":")
}

/// Parses a link-layer address `aa:bb:cc:dd:ee:ff` (any length, `:`, `-` or `.`
/// separated hex bytes).
pub(crate) fn parse_lladdr(s: &str) -> Option<Vec<u8>> {
    let parts: Vec<&str> = s.split([':', '-', '.']).collect();
    if parts.is_empty() || parts.iter().any(|p| p.is_empty() || p.len() > 2) {
        return None;
    }
    parts
        .iter()
        .map(|p| u8::from_str_radix(p, 16).ok())
        .collect()
}

/// Parses an unsigned number like C's `strtoul(s, NULL, 0)`: `0x` hex, leading-`0`
/// octal, else decimal; the whole string must be a number.
pub(crate) fn parse_u32(s: &str) -> Option<u32> {
    parse_u64(s).and_then(|v| u32::try_from(v).ok())
}

/// [`parse_u32`] for 64-bit values.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return u64::from_str_radix(h, 16).ok();
    }
    if s.len() > 1 && s.starts_with('0') {
        return u64::from_str_radix(&s[1..], 8).ok();
    }
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names() {
        assert_eq!(parse_u32("0x10"), Some(16));
        assert_eq!(parse_u32("010"), Some(8));
        assert_eq!(parse_u32("10"), Some(10));
        assert_eq!(parse_u32("1x"), None);
        assert_eq!(parse_table("main"), Some(254));
        assert_eq!(table(100), "100");
        assert_eq!(parse_proto("static"), Some(4));
        assert_eq!(parse_rtn("blackhole"), Some(6));
        assert_eq!(parse_ipproto("tcp"), Some(6));
        assert_eq!(ipproto(6), "tcp");
        assert_eq!(parse_nud("permanent"), Some(nud::PERMANENT));
        assert_eq!(
            parse_lladdr("02:00:00:00:00:09"),
            Some(vec![2, 0, 0, 0, 0, 9])
        );
        assert_eq!(
            lladdr(&[2, 0, 0, 0, 0, 9], arphrd::ETHER),
            "02:00:00:00:00:09"
        );
    }
}
