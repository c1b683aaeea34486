//! `Exchange::classify`: the first 11 bytes choose the request (seq, port id, flags) and
//! the sender; the rest is a datagram of messages. Checks: a rejected message leaves the
//! state unchanged, nothing is accepted after completion, the request completes only on a
//! message allowed to complete it, and the counters agree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlwire_codec::{
    Completion, Exchange, Flags, Message, MessageType, Messages, NlMsgHdr, Protocol, Rejected,
    Reply,
};

fuzz_target!(|data: &[u8]| {
    if data.len() < 11 {
        return;
    }
    let seq = u32::from_ne_bytes([data[0], data[1], data[2], data[3]]);
    let port = u32::from_ne_bytes([data[4], data[5], data[6], data[7]]);
    let flags = Flags(u16::from_ne_bytes([data[8], data[9]]));
    let ctl = data[10];
    // Bit 0: rewrite every message's seq and pid to the request's, so that the fuzzer
    // reaches the classification logic; bit 1: a foreign sender; bit 2: replay twice;
    // bits 4..8: multicast groups for check_sender.
    let sender = if ctl & 2 != 0 { u32::from(ctl) } else { 0 };
    let mut body = data[11..].to_vec();
    if ctl & 1 != 0 {
        let offsets: Vec<usize> = Messages::new(&body).flatten().map(|m| m.offset()).collect();
        for o in offsets {
            body[o + 8..o + 12].copy_from_slice(&seq.to_ne_bytes());
            body[o + 12..o + 16].copy_from_slice(&port.to_ne_bytes());
        }
    }
    // Bit 3: an rtnetlink request of type 16 + (ctl >> 6) (NEWLINK, DELLINK, GETLINK,
    // SETLINK), else a generic netlink one; how it ends is inferred from that.
    let (protocol, kind) = if ctl & 8 != 0 {
        (Protocol::ROUTE, MessageType(16 + u16::from(ctl >> 6)))
    } else {
        (Protocol::GENERIC, MessageType(0x10))
    };
    let hdr = NlMsgHdr::new(16, kind, flags, seq, 0);
    let mut ex = Exchange::for_request(protocol, &hdr, port);
    assert_eq!(ex.completion(), Completion::infer(protocol, kind, flags));
    let _ = ex.check_sender(sender, u32::from(ctl >> 4));
    let rounds = if ctl & 4 != 0 { 2 } else { 1 };
    let mut data_msgs = 0usize;
    for _ in 0..rounds {
        for m in Messages::new(&body).flatten() {
            classify_one(&mut ex, sender, &m, &mut data_msgs);
        }
    }
});

fn classify_one(ex: &mut Exchange, sender: u32, m: &Message<'_>, data_msgs: &mut usize) {
    let before = format!("{ex:?}");
    let was_complete = ex.is_complete();
    let was_interrupted = ex.is_interrupted();
    match ex.classify(sender, m) {
        Ok(r) => {
            assert!(!was_complete, "accepted after completion");
            assert_eq!(sender, 0);
            assert_eq!(m.seq(), ex.seq());
            if let Reply::Data(_) = r {
                *data_msgs += 1;
            }
            if r.is_interrupted() {
                assert!(ex.is_interrupted());
            }
            if was_interrupted {
                assert!(ex.is_interrupted(), "interrupted is sticky");
            }
            if ex.is_complete() {
                let t = m.message_type();
                let ok = match ex.completion() {
                    Completion::Done => t == MessageType::ERROR || t == MessageType::DONE,
                    Completion::Ack => t == MessageType::ERROR || t == MessageType::DONE,
                    // Anything but the four named control types is data (the reserved
                    // types 0 and 5..=15 included).
                    Completion::FirstReply => {
                        t == MessageType::ERROR
                            || t == MessageType::DONE
                            || (t != MessageType::NOOP
                                && t != MessageType::OVERRUN
                                && !m.flags().contains(Flags::MULTI))
                    }
                };
                assert!(ok, "{:?} completed by {t} {:?}", ex.completion(), m.flags());
                if !was_complete && matches!(ex.completion(), Completion::Done) {
                    assert!(!matches!(r, Reply::Data(_)), "a dump completed by data");
                }
            }
            let _ = format!("{r:?}");
        }
        Err(e) => {
            if e == Rejected::AfterComplete {
                assert!(was_complete);
            }
            assert_eq!(
                format!("{ex:?}"),
                before,
                "a rejected message changed the state"
            );
            let _ = e.to_string();
        }
    }
    assert_eq!(ex.data_messages(), *data_msgs);
}
