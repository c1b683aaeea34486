//! Adds a route through a gateway, shows it, and deletes it again:
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example route_via_gateway
//! working in a new private network namespace: veth0 <-> veth1 up, 192.0.2.1/24 on veth0
//! added:   198.51.100.0/24 via 192.0.2.254 oif 3 table main proto boot scope global
//! deleted: 198.51.100.0/24 via 192.0.2.254 (main table, IPv4: 1 route left)
//! ```
//!
//! Usage: `route_via_gateway [--netns NAME --dev LINK] [DESTINATION/PREFIX] [GATEWAY]`;
//! the defaults are `198.51.100.0/24` via `192.0.2.254` (documentation prefixes).
//!
//! It changes state, so it never touches the host's routes unless told to: without
//! `--netns` it works in a new private network namespace made for the run, where it first
//! makes a veth pair with `192.0.2.1/24` so that the gateway is reachable (all of it
//! disappears when the program exits). With `--netns NAME` it works in the named
//! namespace (`ip netns add NAME` makes one) on `--dev LINK`, which must reach the
//! gateway; it adds and deletes nothing else there. Making namespaces needs root, or run
//! it under `unshare -Urn`.
//!
//! The work is [`RtnlHandle::route_add`], [`RtnlHandle::routes`] and
//! [`RtnlHandle::route_del`] with a [`RouteBuilder`].

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use nlwire_sys::route::{IpFamily, RouteBuilder, Table};
use nlwire_sys::{Error, NetNs, RtnlHandle};

fn main() -> ExitCode {
    let mut netns = None;
    let mut dev = None;
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--netns" => netns = args.next(),
            "--dev" => dev = args.next(),
            "-h" | "--help" => return usage(),
            _ => words.push(a),
        }
    }
    if netns.is_some() != dev.is_some() {
        eprintln!("route_via_gateway: --netns and --dev go together");
        return usage();
    }
    let dst = words.first().map_or("198.51.100.0/24", String::as_str);
    let gw = words.get(1).map_or("192.0.2.254", String::as_str);
    let parsed = dst.split_once('/').and_then(|(a, p)| {
        Some((
            a.parse::<IpAddr>().ok()?,
            p.parse::<u8>().ok()?,
            gw.parse::<IpAddr>().ok()?,
        ))
    });
    let Some((dst, prefix, gw)) = parsed else {
        eprintln!("route_via_gateway: expected DESTINATION/PREFIX GATEWAY");
        return usage();
    };
    let target = netns.zip(dev);
    match run(target.as_ref(), dst, prefix, gw) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("route_via_gateway: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: route_via_gateway [--netns NAME --dev LINK] [DESTINATION/PREFIX] [GATEWAY]");
    ExitCode::from(2)
}

fn run(
    target: Option<&(String, String)>,
    dst: IpAddr,
    prefix: u8,
    gw: IpAddr,
) -> Result<(), Error> {
    // `_ns` keeps the namespace open until the end.
    let (_ns, mut rt, dev) = match target {
        Some((name, dev)) => {
            println!("working in network namespace {name} on {dev}");
            let ns = NetNs::open(name)?;
            let mut rt = RtnlHandle::open_in(&ns)?;
            let dev = rt.link_index(dev)?;
            (ns, rt, dev)
        }
        None => {
            let ns = NetNs::new_private()?;
            let mut rt = RtnlHandle::open_in(&ns)?;
            rt.veth_add("veth0", "veth1")?;
            let v0 = rt.link_index("veth0")?;
            let v1 = rt.link_index("veth1")?;
            rt.link_set_up(v0)?;
            rt.link_set_up(v1)?;
            rt.addr_add(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 24, v0)?;
            println!(
                "working in a new private network namespace: veth0 <-> veth1 up, \
                 192.0.2.1/24 on veth0"
            );
            (ns, rt, v0)
        }
    };
    let route = RouteBuilder::to(dst, prefix).gateway(gw).dev(dev);
    rt.route_add(&route)?;
    for r in rt.routes(Some(IpFamily::of(&dst)), Table::Main)? {
        if r.dst == Some(dst) && r.dst_len == prefix {
            println!("added:   {r}");
        }
    }
    rt.route_del(&route)?;
    let left = rt.routes(Some(IpFamily::of(&dst)), Table::Main)?;
    let still = left
        .iter()
        .any(|r| r.dst == Some(dst) && r.dst_len == prefix);
    println!(
        "deleted: {dst}/{prefix} via {gw} (main table, {}: {} route{} left{})",
        if dst.is_ipv4() { "IPv4" } else { "IPv6" },
        left.len(),
        if left.len() == 1 { "" } else { "s" },
        if still {
            ", but the route is still there!"
        } else {
            ""
        }
    );
    Ok(())
}
