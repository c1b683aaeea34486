//! Waiting for the real kernel's asynchronous link work (linkwatch, IPv6 DAD).

use std::time::Duration;

/// After an op that changed links: give linkwatch's urgent work a moment.
pub(crate) fn quick() {
    std::thread::sleep(Duration::from_millis(3));
}

/// Before final dumps that compare operational state: linkwatch runs non-urgent events
/// at most once a second.
pub(crate) fn full() {
    std::thread::sleep(Duration::from_millis(1300));
}
