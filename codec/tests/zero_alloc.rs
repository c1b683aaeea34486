//! Decoding every message of the large kernel dumps — typed views, the fields people
//! use, and the full dissection — performs zero heap allocations. A counting global
//! allocator proves it.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY-free: delegates to the system allocator and only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
#[cfg_attr(miri, ignore = "3 MB of input is too slow under miri")]
fn decoding_every_fixture_allocates_nothing() {
    // Warm up anything lazily initialised by the test harness itself.
    let _ = common::decode(&common::DUMPS[0]);
    let mut messages = 0;
    let before = ALLOCS.load(Ordering::Relaxed);
    for d in common::DUMPS {
        messages += common::decode(d).messages;
    }
    let allocs = ALLOCS.load(Ordering::Relaxed) - before;
    assert!(messages > 29_000);
    assert_eq!(allocs, 0, "{allocs} allocations while decoding {messages} messages");
}
