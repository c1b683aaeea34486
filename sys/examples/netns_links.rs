//! Lists the links of another network namespace (`ip -n NAME link`):
//!
//! ```text
//! $ sudo ip netns add blue
//! $ sudo cargo run -p nlwire-sys --example netns_links -- blue
//! 1: lo <LOOPBACK> mtu 65536 state DOWN address 00:00:00:00:00:00
//! ```
//!
//! Usage: `netns_links NAME` (a namespace of `ip netns`, `/var/run/netns/NAME`),
//! `netns_links --path FILE` (any namespace file, such as `/proc/PID/ns/net`) or
//! `netns_links --pid PID` (the namespace of process `PID`). It only reads; entering
//! another namespace needs `CAP_SYS_ADMIN` (root).
//!
//! The work is [`NetNs::open`] (or [`NetNs::open_path`], [`NetNs::from_pid`]) and
//! [`NetNs::run_in`]: the socket is opened on a helper thread that entered the
//! namespace, so the program's own threads stay where they are.

use std::process::ExitCode;

use nlwire_sys::{Error, NetNs, RtnlHandle};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let ns = match args.as_slice() {
        [flag, path] if flag == "--path" => NetNs::open_path(path),
        [flag, pid] if flag == "--pid" => match pid.parse() {
            Ok(pid) => NetNs::from_pid(pid),
            Err(_) => return usage(),
        },
        [name] if !name.starts_with('-') => NetNs::open(name),
        _ => return usage(),
    };
    match ns.map_err(Error::from).and_then(|ns| run(&ns)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("netns_links: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: netns_links NAME | --path FILE | --pid PID");
    ExitCode::from(2)
}

fn run(ns: &NetNs) -> Result<(), Error> {
    let mut rt = ns.run_in(RtnlHandle::open)??;
    for l in rt.links()? {
        println!("{l}");
    }
    Ok(())
}
