//! `Messages` over arbitrary bytes; for each message every accessor, the attributes after
//! several family-header lengths (recursively, every typed getter), `ErrorMsg` and `Done`.
//! Also the bytes as a bare attribute sequence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlwire_codec::Attrs;
use nlwire_fuzz::{poke_attrs, poke_buffer};

fuzz_target!(|data: &[u8]| {
    poke_buffer(data);
    poke_attrs(Attrs::new(data), 0);
});
