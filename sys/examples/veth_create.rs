//! Creates a veth pair and shows both ends (`ip link add NAME type veth peer name PEER`):
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example veth_create
//! working in a new private network namespace
//! created veth0 (index 3) <-> veth1 (index 2)
//! 3: veth0 <BROADCAST,MULTICAST> mtu 1500 state DOWN link 2 kind veth address 96:f5:…
//! 2: veth1 <BROADCAST,MULTICAST> mtu 1500 state DOWN link 3 kind veth address fa:e9:…
//! ```
//!
//! Usage: `veth_create [--netns NAME] [NAME] [PEER]`; the defaults are `veth0` and
//! `veth1`. A name that exists already fails with the kernel's `EEXIST`.
//!
//! It changes state, so it never touches the host's interfaces unless told to: without
//! `--netns` it works in a new private network namespace made for the run (it disappears,
//! with the pair, when the program exits); with `--netns NAME` it works in the named
//! namespace (`ip netns add NAME` makes one), where the pair stays. Making namespaces
//! needs root, or run it under `unshare -Urn`.
//!
//! The work is [`RtnlHandle::veth_add`] and [`RtnlHandle::link_by_name`].

use std::process::ExitCode;

use nlwire_sys::{Error, NetNs, RtnlHandle};

fn main() -> ExitCode {
    let mut netns = None;
    let mut words = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--netns" => netns = args.next(),
            "-h" | "--help" => {
                eprintln!("usage: veth_create [--netns NAME] [NAME] [PEER]");
                return ExitCode::from(2);
            }
            _ => words.push(a),
        }
    }
    let name = words.first().map_or("veth0", String::as_str);
    let peer = words.get(1).map_or("veth1", String::as_str);
    match run(netns.as_deref(), name, peer) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("veth_create: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(netns: Option<&str>, name: &str, peer: &str) -> Result<(), Error> {
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
    rt.veth_add(name, peer)?;
    let a = rt
        .link_by_name(name)?
        .ok_or(Error::Protocol("the new link is missing"))?;
    let b = rt
        .link_by_name(peer)?
        .ok_or(Error::Protocol("the new peer is missing"))?;
    println!(
        "created {name} (index {}) <-> {peer} (index {})",
        a.index, b.index
    );
    println!("{a}");
    println!("{b}");
    Ok(())
}
