//! Adds an IPv4 address to a link and lists the link's addresses:
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example addr_add
//! working in a new private network namespace
//! added 192.0.2.1/24 to lo
//! 1: inet 192.0.2.1/24 scope global label lo
//! ```
//!
//! Usage: `addr_add [--netns NAME] [ADDRESS/PREFIX] [LINK]`; the defaults are
//! `192.0.2.1/24` (a documentation prefix) and `lo`.
//!
//! It changes state, so it never touches the host's interfaces unless told to: without
//! `--netns` it works in a new private network namespace made for the run (it disappears
//! when the program exits); with `--netns NAME` it works in the named namespace
//! (`ip netns add NAME` makes one). Making namespaces needs root, or run it under
//! `unshare -Urn`.
//!
//! The work is [`RtnlHandle::link_index`], [`RtnlHandle::addr_add`] and
//! [`RtnlHandle::addresses`].

use std::net::Ipv4Addr;
use std::process::ExitCode;

use nlwire_sys::route::IpFamily;
use nlwire_sys::{Error, NetNs, RtnlHandle};

fn main() -> ExitCode {
    let mut netns = None;
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--netns" => netns = args.next(),
            "-h" | "--help" => return usage(),
            _ => words.push(a),
        }
    }
    let cidr = words.first().map_or("192.0.2.1/24", String::as_str);
    let link = words.get(1).map_or("lo", String::as_str);
    let Some((ip, prefix)) = parse_cidr(cidr) else {
        eprintln!("addr_add: {cidr:?} is not an IPv4 ADDRESS/PREFIX");
        return usage();
    };
    match run(netns.as_deref(), ip, prefix, link) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("addr_add: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: addr_add [--netns NAME] [ADDRESS/PREFIX] [LINK]");
    ExitCode::from(2)
}

fn parse_cidr(s: &str) -> Option<(Ipv4Addr, u8)> {
    let (ip, prefix) = s.split_once('/').unwrap_or((s, "32"));
    let prefix: u8 = prefix.parse().ok().filter(|&p| p <= 32)?;
    Some((ip.parse().ok()?, prefix))
}

fn run(netns: Option<&str>, ip: Ipv4Addr, prefix: u8, link: &str) -> Result<(), Error> {
    let ns = match netns {
        Some(name) => {
            println!("working in network namespace {name}");
            NetNs::open(name)?
        }
        None => {
            println!("working in a new private network namespace");
            NetNs::new_private()?
        }
    };
    let mut rt = RtnlHandle::open_in(&ns)?;
    let index = rt.link_index(link)?;
    rt.addr_add(ip.into(), prefix, index)?;
    println!("added {ip}/{prefix} to {link}");
    for a in rt.addresses(Some(IpFamily::V4), Some(index))? {
        println!("{a}");
    }
    Ok(())
}
