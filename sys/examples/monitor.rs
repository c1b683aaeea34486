//! Prints link, address and route changes as they happen, like `ip monitor link address
//! route`, until Ctrl-C or until `--count N` events were printed:
//!
//! ```text
//! $ cargo run -p nlwire-sys --example monitor -- --count 2   # then: ip link add veth0 type veth …
//! listening for link, address and route changes (Ctrl-C to stop)
//! link new: 2: veth1 <BROADCAST,MULTICAST> mtu 1500 state DOWN kind veth address 2a:4f:…
//! link new: 3: veth0 <BROADCAST,MULTICAST> mtu 1500 state DOWN link 2 kind veth address ca:3d:…
//! ```
//!
//! Usage: `monitor [--count N] [--netns NAME]`. It only listens and changes nothing, so
//! by default it watches the namespace it runs in; `--netns NAME` watches the named one
//! (`ip netns add NAME` makes one). Joining the groups needs no privilege.
//!
//! The work is [`nlwire_sys::route::Monitor`], which yields owned
//! [`nlwire_sys::route::Event`]s.

use std::io::Write as _;
use std::process::ExitCode;

use nlwire_sys::route::Monitor;
use nlwire_sys::{Error, NetNs};

fn main() -> ExitCode {
    let mut netns = None;
    let mut count: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--netns" => netns = args.next(),
            "--count" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => count = Some(n),
                None => return usage(),
            },
            _ => return usage(),
        }
    }
    match run(netns.as_deref(), count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("monitor: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: monitor [--count N] [--netns NAME]");
    ExitCode::from(2)
}

fn run(netns: Option<&str>, count: Option<u64>) -> Result<(), Error> {
    let mut monitor = match netns {
        Some(name) => NetNs::open(name)?.run_in(Monitor::links_addresses_routes)??,
        None => Monitor::links_addresses_routes()?,
    };
    eprintln!("listening for link, address and route changes (Ctrl-C to stop)");
    let mut seen = 0u64;
    let stdout = std::io::stdout();
    while count.is_none_or(|c| seen < c) {
        match monitor.next_event() {
            Ok(event) => {
                seen += 1;
                let mut out = stdout.lock();
                let _ = writeln!(out, "{event}");
                let _ = out.flush();
            }
            // Notifications were lost: say so and go on (a real program would dump the
            // state again here).
            Err(Error::Overrun) => eprintln!("monitor: {}", Error::Overrun),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
