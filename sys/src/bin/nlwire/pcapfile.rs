//! pcap reading and writing for `--capture` and `decode`: the library's `pcap` module.

pub(crate) use nlwire_sys::pcap::{Capture, Direction, Writer, is_capture, parse};
