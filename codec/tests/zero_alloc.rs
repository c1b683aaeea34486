//! Decoding every message of the large kernel dumps — typed views, the fields people
//! use, and the full dissection — performs zero heap allocations, as counted by
//! `allocation-counter`'s global allocator.

mod common;

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn decoding_every_fixture_allocates_nothing() {
    let mut messages = 0;
    let info = allocation_counter::measure(|| {
        for d in common::DUMPS {
            messages += common::decode(d).messages;
        }
    });
    assert!(messages > 29_000, "{messages}");
    assert_eq!(
        info.count_total, 0,
        "{} allocations ({} bytes) while decoding {messages} messages",
        info.count_total, info.bytes_total
    );
}

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn the_counter_sees_allocations() {
    // The same measurement around code that does allocate, so the zero above means zero.
    let info = allocation_counter::measure(|| {
        let v: Vec<u8> = std::hint::black_box(Vec::with_capacity(16));
        drop(v);
    });
    assert_eq!(info.count_total, 1);
}
