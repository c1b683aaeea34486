//! Creates an 802.1Q VLAN on a parent link and shows it (`ip link add link PARENT name
//! PARENT.ID type vlan id ID`):
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example vlan_create
//! working in a new private network namespace, on a new veth pair veth0 <-> veth1
//! created 4: veth0.10 <BROADCAST,MULTICAST> mtu 1500 state DOWN link 3 kind vlan address …
//! ```
//!
//! On a kernel without VLAN support (the `8021q` module not built or not loaded) the
//! kernel refuses, and this says so and exits with 1:
//!
//! ```text
//! working in a new private network namespace, on a new veth pair veth0 <-> veth1
//! vlan_create: cannot create veth0.10: Unknown device type (EOPNOTSUPP, errno 95): this kernel has no 802.1Q VLAN support (module 8021q)
//! ```
//!
//! Usage: `vlan_create [--netns NAME] [PARENT] [ID]`; the defaults are a new `veth0` and
//! id 10.
//!
//! It changes state, so it never touches the host's interfaces unless told to: without
//! `--netns` it works in a new private network namespace made for the run, on a veth pair
//! it makes there (all of it disappears when the program exits); with `--netns NAME` it
//! works in the named namespace (`ip netns add NAME` makes one) on the given parent.
//! Making namespaces needs root, or run it under `unshare -Urn`.
//!
//! The work is [`RtnlHandle::vlan_add`].

use std::process::ExitCode;

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
    let parent = words.first().map_or("veth0", String::as_str);
    let Some(id) = words.get(1).map_or(Some(10), |i| i.parse::<u16>().ok()) else {
        return usage();
    };
    if netns.is_some() && words.is_empty() {
        eprintln!("vlan_create: with --netns, name the PARENT link");
        return usage();
    }
    match run(netns.as_deref(), parent, id) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vlan_create: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: vlan_create [--netns NAME] [PARENT] [ID]");
    ExitCode::from(2)
}

fn run(netns: Option<&str>, parent: &str, id: u16) -> Result<(), String> {
    let (_ns, mut rt) = open(netns).map_err(|e| e.to_string())?;
    if netns.is_none() {
        rt.veth_add(parent, "veth1").map_err(|e| e.to_string())?;
        println!(
            "working in a new private network namespace, on a new veth pair {parent} <-> veth1"
        );
    }
    let parent_index = rt.link_index(parent).map_err(|e| e.to_string())?;
    let name = format!("{parent}.{id}");
    match rt.vlan_add(&name, parent_index, id) {
        Ok(()) => {}
        Err(e) if e.errno() == Some(libc::EOPNOTSUPP) => {
            return Err(format!(
                "cannot create {name}: {e}: this kernel has no 802.1Q VLAN support (module 8021q)"
            ));
        }
        Err(e) => return Err(format!("cannot create {name}: {e}")),
    }
    match rt.link_by_name(&name).map_err(|e| e.to_string())? {
        Some(l) => println!("created {l}"),
        None => println!("created {name}"),
    }
    Ok(())
}

fn open(netns: Option<&str>) -> Result<(NetNs, RtnlHandle), Error> {
    let ns = match netns {
        Some(name) => NetNs::open(name)?,
        None => NetNs::new_private()?,
    };
    let rt = RtnlHandle::open_in(&ns)?;
    Ok((ns, rt))
}
