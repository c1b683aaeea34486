//! Prints a dissection of every link message in a file of concatenated netlink messages.
//!
//! `cargo run -p nlwire-codec --example dissect -- tests/fixtures/link_dump.resp.bin`
fn main() {
    let path = std::env::args().nth(1).expect("usage: dissect FILE");
    let bytes = std::fs::read(path).expect("read");
    for m in nlwire_codec::Messages::new(&bytes) {
        match m {
            Ok(m) => match nlwire_codec::rtnl::link::LinkMsg::parse(&m) {
                Ok(l) if (16..=19).contains(&m.message_type().0) => println!("{l}"),
                _ => println!("{m}"),
            },
            Err(e) => println!("!! {e}"),
        }
    }
}
