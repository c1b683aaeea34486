//! `nlwire`: an `ip`-like command-line tool on nlwire.
//!
//! ```text
//! nlwire [-j] [-p] [-d] [-4|-6] [-n NAME|--netns NAME] [--sim] [--capture FILE]
//!        [-batch FILE [-force]] OBJECT COMMAND [ARGS]
//! ```
//!
//! Objects `link`, `addr`, `route`, `neigh`, `rule` and `nexthop` take the commands and
//! arguments of iproute2's `ip` where the two overlap, and print the same text and
//! (with `-j`) the same JSON field names; `monitor` prints rtnetlink events, `genl`
//! lists generic netlink families and policies, and `decode` dissects netlink bytes
//! from raw files, hex dumps, `strace -x` strings or pcap captures.
//!
//! Every command is parsed into a complete description before any message is sent, so a
//! bad argument (usage printed, exit status 2) never reaches the kernel. Kernel errors
//! print like `ip` does, with the extended ack: `Error: Nexthop has invalid gateway
//! (ENETUNREACH)`, and exit with status 2 as `ip` does; other failures exit with 1.

mod addr;
mod args;
mod backend;
mod batch;
mod command;
mod decode;
mod error;
mod genl;
mod hexin;
mod link;
mod monitor;
mod names;
mod neigh;
mod nexthop;
mod opts;
mod pcapfile;
mod render;
mod route;
mod routeget;
mod rule;
mod session;

use std::process::ExitCode;

use crate::error::CliError;
use crate::opts::Global;
use crate::session::Session;

fn main() -> ExitCode {
    let global = match opts::parse(std::env::args_os().skip(1)) {
        Ok(opts::Parsed::Run(g)) => g,
        Ok(opts::Parsed::Exit(code)) => return ExitCode::from(code),
        Err(e) => return report(&e),
    };
    match global.netns.clone() {
        Some(name) => {
            let ns = match nlwire_sys::NetNs::open(&name) {
                Ok(ns) => ns,
                Err(e) => {
                    eprintln!("Cannot open network namespace \"{name}\": {e}");
                    return ExitCode::from(1);
                }
            };
            match ns.run_in(move || run(&global)) {
                Ok(code) => ExitCode::from(code),
                Err(e) => {
                    eprintln!("setting the network namespace \"{name}\" failed: {e}");
                    ExitCode::from(1)
                }
            }
        }
        None => ExitCode::from(run(&global)),
    }
}

/// Runs the command line (or the batch file) and returns the exit status.
fn run(global: &Global) -> u8 {
    if let Some(path) = &global.batch {
        return batch::run(global, path);
    }
    let cmd = match command::parse(&global.words, global) {
        Ok(c) => c,
        Err(e) => {
            error::print(&e);
            return e.exit_code();
        }
    };
    let mut session = match Session::new(global) {
        Ok(s) => s,
        Err(e) => {
            error::print(&e);
            return e.exit_code();
        }
    };
    let result = cmd.run(&mut session);
    let closed = session.close();
    match result.and(closed) {
        Ok(()) => 0,
        Err(e) => {
            error::print(&e);
            e.exit_code()
        }
    }
}

/// Prints `e` and turns its exit status into an [`ExitCode`].
fn report(e: &CliError) -> ExitCode {
    error::print(e);
    ExitCode::from(e.exit_code())
}
