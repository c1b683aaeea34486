//! `NLMSG_ERROR` / `NLMSG_DONE` / extended acks / policies: every message of the input is
//! parsed as an `ErrorMsg` and a `Done` (whatever its type says, by retyping a copy), the
//! ext-ack TLVs and policies are decoded, and `attr_path` runs on the echoed request at
//! every `NLMSGERR_ATTR_OFFS`/`MISS_NEST` and at arbitrary offsets. The raw input is also
//! fed to `ExtAck::parse`, `Policy::parse` and `attr_path` directly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlwire_codec::{Attrs, ExtAck, Message, MessageType, Messages, Policy};
use nlwire_fuzz::{FAMILY_HEADER_LENS, check_path, poke_done, poke_error};

fuzz_target!(|data: &[u8]| {
    for m in Messages::new(data).flatten() {
        poke_error(&m);
        poke_done(&m);
        // The same bytes as an NLMSG_ERROR and as an NLMSG_DONE.
        for kind in [MessageType::ERROR, MessageType::DONE] {
            let mut copy = m.bytes().to_vec();
            copy[4..6].copy_from_slice(&kind.0.to_ne_bytes());
            let retyped = Message::parse(&copy).expect("same length");
            poke_error(&retyped);
            poke_done(&retyped);
        }
        if let Ok(e) = nlwire_codec::ErrorMsg::parse(&m) {
            let req = e.echoed_request();
            // Every offset of a short echo, a sample of a long one.
            let step = (req.len() / 256).max(1);
            let end = u32::try_from(req.len() + 8).unwrap_or(u32::MAX);
            for off in (0..end).step_by(step) {
                check_path(req, 16, off);
            }
        }
    }
    poke_error_raw(data);
    let _ = ExtAck::parse(Attrs::new(data));
    let _ = Policy::parse(Attrs::new(data)).map(|p| p.to_string());
    // attr_path on the raw bytes, at offsets taken from the input itself.
    for w in data.chunks_exact(4).take(16) {
        let off = u32::from_ne_bytes([w[0], w[1], w[2], w[3]]);
        for h in FAMILY_HEADER_LENS {
            check_path(data, h, off);
            check_path(
                data,
                h,
                off % (u32::try_from(data.len()).unwrap_or(u32::MAX) + 4),
            );
        }
    }
});

/// The whole input as one `NLMSG_ERROR` (header patched: length and type).
fn poke_error_raw(data: &[u8]) {
    if data.len() < 16 {
        return;
    }
    let mut copy = data.to_vec();
    let len = u32::try_from(copy.len()).unwrap_or(u32::MAX);
    copy[..4].copy_from_slice(&len.to_ne_bytes());
    copy[4..6].copy_from_slice(&MessageType::ERROR.0.to_ne_bytes());
    if let Ok(m) = Message::parse(&copy) {
        poke_error(&m);
    }
}
