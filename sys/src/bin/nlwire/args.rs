//! A cursor over a command's words, and the argument parsers every object shares
//! (prefixes, addresses, numbers), with `ip`'s wording for bad values.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlwire_codec::rtnl::family;

use crate::error::{CliError, Object};
use crate::names;

/// The words after `OBJECT COMMAND`, consumed left to right.
pub(crate) struct Args<'a> {
    words: &'a [String],
    pos: usize,
    /// The object, for usage errors.
    pub(crate) object: Object,
}

impl<'a> Args<'a> {
    /// A cursor over `words` of `object`.
    pub(crate) fn new(object: Object, words: &'a [String]) -> Self {
        Self {
            words,
            pos: 0,
            object,
        }
    }

    /// The next word, consumed.
    pub(crate) fn next(&mut self) -> Option<&'a str> {
        let w = self.words.get(self.pos)?;
        self.pos += 1;
        Some(w.as_str())
    }

    /// The next word, not consumed.
    pub(crate) fn peek(&self) -> Option<&'a str> {
        self.words.get(self.pos).map(String::as_str)
    }

    /// The value after keyword `kw` (`Command line is not complete` if missing).
    pub(crate) fn value(&mut self, kw: &str) -> Result<&'a str, CliError> {
        self.next().ok_or_else(|| {
            CliError::usage(
                self.object,
                format!("Command line is not complete. Try option \"help\" (after \"{kw}\")"),
            )
        })
    }

    /// An argument error of this object.
    pub(crate) fn err(&self, msg: impl Into<String>) -> CliError {
        CliError::usage(self.object, msg)
    }

    /// `Error: argument "v" is wrong: what`, as `ip`'s `invarg`.
    pub(crate) fn invalid(&self, what: &str, v: &str) -> CliError {
        self.err(format!("Error: argument \"{v}\" is wrong: {what}"))
    }

    /// The value after `kw`, parsed with `f`; `what` words the error.
    pub(crate) fn parsed<T>(
        &mut self,
        kw: &str,
        what: &str,
        f: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, CliError> {
        let v = self.value(kw)?;
        f(v).ok_or_else(|| self.invalid(what, v))
    }

    /// An unsigned number after `kw`.
    pub(crate) fn u32(&mut self, kw: &str) -> Result<u32, CliError> {
        self.parsed(kw, &format!("\"{kw}\" value is invalid"), names::parse_u32)
    }

    /// A prefix after `kw` for `family` (0: any).
    pub(crate) fn prefix(&mut self, kw: &str, family: u8) -> Result<Prefix, CliError> {
        let v = self.value(kw)?;
        parse_prefix(v, family).ok_or_else(|| {
            self.err(format!(
                "Error: {} prefix is expected rather than \"{v}\".",
                family_word(family)
            ))
        })
    }

    /// An address after `kw` for `family` (0: any).
    pub(crate) fn addr(&mut self, kw: &str, family: u8) -> Result<IpAddr, CliError> {
        let v = self.value(kw)?;
        parse_addr(v)
            .filter(|a| family == 0 || family_of(a) == family)
            .ok_or_else(|| {
                self.err(format!(
                    "Error: {} address is expected rather than \"{v}\".",
                    family_word(family)
                ))
            })
    }
}

fn family_word(family: u8) -> &'static str {
    match family {
        family::INET => "inet",
        family::INET6 => "inet6",
        _ => "any valid",
    }
}

/// An address with a prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Prefix {
    /// The address (`None` for `default`/`all`/`any` without a family).
    pub(crate) addr: Option<IpAddr>,
    /// The prefix length.
    pub(crate) len: u8,
    /// Whether the length was written (`10.0.0.0/24`) rather than implied.
    pub(crate) explicit_len: bool,
}

impl Prefix {
    /// The family of the address, or `fallback`.
    pub(crate) fn family(&self, fallback: u8) -> u8 {
        self.addr.as_ref().map_or(fallback, family_of)
    }
}

/// `AF_INET` or `AF_INET6`.
pub(crate) fn family_of(a: &IpAddr) -> u8 {
    match a {
        IpAddr::V4(_) => family::INET,
        IpAddr::V6(_) => family::INET6,
    }
}

/// Parses an IPv4 address as `ip` does (`10.1` is `10.1.0.0`) or an IPv6 address.
pub(crate) fn parse_addr(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        return s.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut o = [0u8; 4];
    for (i, p) in parts.iter().enumerate() {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        o[i] = p.parse().ok()?;
    }
    Some(IpAddr::V4(Ipv4Addr::from(o)))
}

/// Parses `ADDR[/LEN]`, or `default`/`all`/`any` (length 0), for `family` (0: any).
pub(crate) fn parse_prefix(s: &str, family: u8) -> Option<Prefix> {
    if matches!(s, "default" | "all" | "any") {
        let addr = match family {
            family::INET => Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
            family::INET6 => Some(IpAddr::V6(Ipv6Addr::UNSPECIFIED)),
            _ => None,
        };
        return Some(Prefix {
            addr,
            len: 0,
            explicit_len: true,
        });
    }
    let (a, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l)),
        None => (s, None),
    };
    let addr = parse_addr(a)?;
    if family != 0 && family_of(&addr) != family {
        return None;
    }
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let (len, explicit_len) = match len {
        Some(l) => (l.parse::<u8>().ok().filter(|&l| l <= max)?, true),
        None => (max, false),
    };
    Some(Prefix {
        addr: Some(addr),
        len,
        explicit_len,
    })
}

/// Parses `A` or `A-B` (a port range).
pub(crate) fn parse_range(s: &str) -> Option<(u16, u16)> {
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => s.parse().ok().map(|p| (p, p)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let p = parse_prefix("10.0.0.0/24", 0).unwrap();
        assert_eq!(p.len, 24);
        assert!(p.explicit_len);
        let p = parse_prefix("10.1", 0).unwrap();
        assert_eq!(p.addr, Some("10.1.0.0".parse().unwrap()));
        assert_eq!(p.len, 32);
        assert_eq!(parse_prefix("default", 0).unwrap().addr, None);
        assert!(parse_prefix("10.0.0.0/33", 0).is_none());
        assert!(parse_prefix("2001:db8::/64", family::INET).is_none());
        assert!(parse_prefix("garbage", 0).is_none());
        assert_eq!(parse_range("80-90"), Some((80, 90)));
        assert_eq!(parse_range("1000"), Some((1000, 1000)));
    }
}
