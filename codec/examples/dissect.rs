//! Prints every netlink message in a file of concatenated messages (as received) with
//! names, through `nlwire_codec::dissect::Dissect`.
//!
//! `cargo run -p nlwire-codec --example dissect -- tests/fixtures/link_dump.resp.bin [generic]`
use nlwire_codec::{Messages, Protocol, dissect::Dissect};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: dissect FILE [route|generic]");
    let proto = match args.next().as_deref() {
        Some("generic") => Protocol::GENERIC,
        _ => Protocol::ROUTE,
    };
    let bytes = std::fs::read(path).expect("read");
    for m in Messages::new(&bytes) {
        match m {
            Ok(m) => println!("{}", Dissect::new(proto, &m)),
            Err(e) => println!("!! {e}"),
        }
    }
}
