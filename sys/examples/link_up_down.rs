//! Sets a link up and then down (or only one of the two), by name, and prints the link
//! after each change:
//!
//! ```text
//! $ sudo cargo run -p nlwire-sys --example link_up_down
//! working in a new private network namespace
//! lo up:   1: lo <LOOPBACK,UP,LOWER_UP> mtu 65536 state UNKNOWN address 00:00:00:00:00:00
//! lo down: 1: lo <LOOPBACK> mtu 65536 state DOWN address 00:00:00:00:00:00
//! ```
//!
//! Usage: `link_up_down [--netns NAME] [LINK] [up|down]`; `LINK` defaults to `lo`, and
//! without `up` or `down` both are done in turn.
//!
//! It changes state, so it never touches the host's interfaces unless told to: without
//! `--netns` it works in a new private network namespace made for the run (it holds only
//! `lo` and disappears when the program exits); with `--netns NAME` it works in the named
//! namespace (`ip netns add NAME` makes one). Making namespaces needs root, or run it
//! under `unshare -Urn`.
//!
//! The work is [`RtnlHandle::link_by_name`], [`RtnlHandle::link_set_up`] and
//! [`RtnlHandle::link_set_down`].

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
    let (link, action) = match words.as_slice() {
        [] => ("lo".to_owned(), None),
        [l] => (l.clone(), None),
        [l, a] if a == "up" || a == "down" => (l.clone(), Some(a.clone())),
        _ => return usage(),
    };
    match run(netns.as_deref(), &link, action.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("link_up_down: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: link_up_down [--netns NAME] [LINK] [up|down]");
    ExitCode::from(2)
}

fn run(netns: Option<&str>, link: &str, action: Option<&str>) -> Result<(), Error> {
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
    let Some(l) = rt.link_by_name(link)? else {
        return Err(Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("no link named {link:?}"),
        )));
    };
    let steps: &[&str] = match action {
        Some("up") => &["up"],
        Some(_) => &["down"],
        None => &["up", "down"],
    };
    for &step in steps {
        if step == "up" {
            rt.link_set_up(l.index)?;
        } else {
            rt.link_set_down(l.index)?;
        }
        let now = rt
            .link_by_index(l.index)?
            .ok_or(Error::Protocol("the link vanished"))?;
        println!("{link} {step}:{:pad$} {now}", "", pad = 4 - step.len());
    }
    Ok(())
}
