//! The ceiling: every message's header and every top-level attribute's header, walked
//! with `nlwire_codec::{Messages, Attrs}` and nothing typed or copied.

use core::hint::black_box;

use nlwire_codec::{MessageType, Messages};

use crate::Result;

/// Walks every message of `buf` (family header of `header_len` bytes, then attributes)
/// up to `NLMSG_DONE`; returns the number of data messages. The type and length of each
/// attribute are folded into a value that goes through [`black_box`] once per message.
pub fn walk(buf: &[u8], header_len: usize) -> Result<usize> {
    let mut n = 0;
    for m in Messages::new(buf) {
        let m = m?;
        if m.message_type() == MessageType::DONE {
            break;
        }
        let mut acc = 0usize;
        for a in m.attrs(header_len)? {
            let a = a?;
            acc = acc.wrapping_add(usize::from(a.kind()) ^ a.payload().len());
        }
        black_box(acc);
        n += 1;
    }
    Ok(n)
}
