//! Sends several rtnetlink requests in one datagram (one `send`, like `ip -batch`) and
//! prints the kernel's answer to each, in order:
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example batch
//! working in a new private network namespace
//! 1. set lo up: ok
//! 2. add 192.0.2.1/24 to lo: ok
//! 3. add 192.0.2.1/24 to lo again: ipv4: Address already assigned (EEXIST, errno 17)
//! 4. set the MTU of link 4242: No such device (ENODEV, errno 19)
//! 5. add 198.51.100.0/24 dev lo: ok
//! ```
//!
//! The kernel handles the requests one after the other: a failure does not stop the
//! ones after it. Usage: `batch [--netns NAME]`.
//!
//! It changes state, so it never touches the host's interfaces unless told to: without
//! `--netns` it works in a new private network namespace made for the run (it disappears
//! when the program exits); with `--netns NAME` it works in the named namespace (`ip
//! netns add NAME` makes one). Making namespaces needs root, or run it under
//! `unshare -Urn`.
//!
//! The work is [`nlwire_sys::Client::batch`] with the codec's request writers.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

use nlwire_codec::rtnl::addr::{self, AddrSpec};
use nlwire_codec::rtnl::link::{self, ifla};
use nlwire_codec::rtnl::route::{self, RouteSpec};
use nlwire_sys::{Error, NetNs, RtnlHandle};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let netns = match args.as_slice() {
        [] => None,
        [flag, name] if flag == "--netns" => Some(name.as_str()),
        _ => {
            eprintln!("usage: batch [--netns NAME]");
            return ExitCode::from(2);
        }
    };
    match run(netns) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("batch: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(netns: Option<&str>) -> Result<(), Error> {
    let ns = match netns {
        Some(n) => {
            println!("working in network namespace {n}");
            NetNs::open(n)?
        }
        None => {
            println!("working in a new private network namespace");
            NetNs::new_private()?
        }
    };
    let mut rt = RtnlHandle::open_in(&ns)?;
    let lo = rt.link_index("lo")?;
    let lo_i32 = i32::try_from(lo).unwrap_or(1);
    let ip = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
    let address = AddrSpec::new(ip, 24, lo);
    let dst = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 0));
    let r = RouteSpec {
        oif: lo,
        ..RouteSpec::to(dst, 24)
    };
    let what = [
        "set lo up",
        "add 192.0.2.1/24 to lo",
        "add 192.0.2.1/24 to lo again",
        "set the MTU of link 4242",
        "add 198.51.100.0/24 dev lo",
    ];
    let results = rt.client().batch(|b| {
        b.add(|buf, seq| link::set_request(buf, seq, lo_i32, Some(true)).map(|m| m.finish()))?;
        b.add(|buf, seq| addr::add_request(buf, seq, &address))?;
        b.add(|buf, seq| addr::add_request(buf, seq, &address))?;
        b.add(|buf, seq| link::set_request(buf, seq, 4242, None)?.put_u32(ifla::MTU, 1400))?;
        b.add(|buf, seq| route::add_request(buf, seq, &r))?;
        Ok(())
    })?;
    for (i, (what, result)) in what.iter().zip(&results).enumerate() {
        match result {
            Ok(()) => println!("{}. {what}: ok", i + 1),
            Err(e) => println!("{}. {what}: {e}", i + 1),
        }
    }
    Ok(())
}
