//! Lists this machine's network links, read-only, like `ip link`:
//!
//! ```text
//! 1: lo <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN 00:00:00:00:00:00
//! 2: eth0 <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP 52:54:00:12:34:56
//! ```
//!
//! Run with `cargo run -p nlwire-sys --example list_links`. It sends one `RTM_GETLINK`
//! dump request on a route socket and changes nothing.

use std::fmt::Write as _;
use std::process::ExitCode;

use nlwire_codec::rtnl::link::{self, IffDisplay, LinkMsg, operstate, rtext_filter};
use nlwire_sys::{Client, Error, Protocol};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("list_links: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let mut client = Client::open(Protocol::ROUTE)?;
    let mut out = String::new();
    let summary = client.dump(
        // Statistics are not printed: ask the kernel to leave them out.
        |buf, seq| link::dump_request(buf, seq, rtext_filter::SKIP_STATS),
        |msg| {
            let l = LinkMsg::parse(&msg)?;
            let state = match l.operstate()? {
                Some(s) => operstate::name(s).unwrap_or("?"),
                None => "UNKNOWN",
            };
            // Writing to a String cannot fail.
            let _ = write!(
                out,
                "{}: {} <{}> mtu {} state {state}",
                l.index(),
                l.name()?.unwrap_or("?"),
                IffDisplay(l.flags()),
                l.mtu()?.unwrap_or(0),
            );
            if let Some(mac) = l.address() {
                out.push(' ');
                for (i, b) in mac.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ":" };
                    let _ = write!(out, "{sep}{b:02x}");
                }
            }
            out.push('\n');
            Ok(())
        },
    )?;
    print!("{out}");
    if summary.interrupted {
        eprintln!("(links changed during the listing; it may be inconsistent)");
    }
    Ok(())
}
