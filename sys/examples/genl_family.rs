//! Resolves a generic netlink family by name and prints what the kernel says of it: id,
//! version, operations and multicast groups (`genl ctrl get name NAME`):
//!
//! ```text
//! $ cargo run -p nlwire-sys --example genl_family
//! nlctrl id 16 version 2 hdrsize 0 maxattr 0 ops 2 groups notify=16
//!   op 3 flags 0xe
//!   op 10 flags 0xc
//!   group notify id 16
//! $ cargo run -p nlwire-sys --example genl_family -- nl80211
//! genl_family: generic netlink family "nl80211" is not available: the kernel does not
//! have it (its module is not loaded, or there is no device for it) (ENOENT, errno 2)
//! ```
//!
//! Usage: `genl_family [NAME]` (default `nlctrl`). Exits with 1 when the family is
//! absent. It only reads, and generic netlink families are the same in every namespace.
//!
//! The work is [`GenlClient::family`] (through a [`nlwire_sys::FamilyCache`]).

use std::process::ExitCode;

use nlwire_sys::{Error, GenlClient};

fn main() -> ExitCode {
    let name = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "nlctrl".to_owned());
    match run(&name) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("genl_family: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(name: &str) -> Result<(), Error> {
    let mut genl = GenlClient::open()?;
    let family = genl.family(name)?;
    println!("{family}");
    for (cmd, flags) in &family.ops {
        println!("  op {cmd} flags {flags:#x}");
    }
    for (group, id) in &family.groups {
        println!("  group {group} id {id}");
    }
    Ok(())
}
