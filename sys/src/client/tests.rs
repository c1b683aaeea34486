//! The client against a scripted in-memory transport: framing across datagrams,
//! rejection of foreign messages, extended-ack paths, truncation, interrupted dumps,
//! batches.

use std::collections::VecDeque;
use std::io;

use nlwire_codec::{Buffer, Builder, Flags, Message, MessageType, Received, Transport};

use super::*;

const PORT: u32 = 4242;
const NEWLINK: MessageType = MessageType(16);

/// One datagram to deliver: sender port, groups, bytes.
struct Dgram {
    port: u32,
    groups: u32,
    bytes: Vec<u8>,
}

fn kernel(bytes: Vec<u8>) -> Dgram {
    Dgram {
        port: 0,
        groups: 0,
        bytes,
    }
}

type Script = Box<dyn FnMut(&[u8]) -> Vec<Dgram>>;

/// A transport that answers each sent datagram with what `script` returns for it.
struct Fake {
    script: Script,
    queue: VecDeque<Dgram>,
    sent: Vec<Vec<u8>>,
    recv_error: Option<i32>,
}

impl Fake {
    fn new(script: impl FnMut(&[u8]) -> Vec<Dgram> + 'static) -> Self {
        Self {
            script: Box::new(script),
            queue: VecDeque::new(),
            sent: Vec::new(),
            recv_error: None,
        }
    }
}

impl Transport for Fake {
    type Error = io::Error;

    fn send(&mut self, datagram: &[u8]) -> Result<(), io::Error> {
        self.sent.push(datagram.to_vec());
        let replies = (self.script)(datagram);
        self.queue.extend(replies);
        Ok(())
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, io::Error> {
        if let Some(e) = self.recv_error.take() {
            return Err(io::Error::from_raw_os_error(e));
        }
        let d = self
            .queue
            .pop_front()
            .ok_or_else(|| io::Error::from(io::ErrorKind::WouldBlock))?;
        let n = d.bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&d.bytes[..n]);
        Ok(Received {
            len: d.bytes.len(),
            port: d.port,
            groups: d.groups,
        })
    }

    fn local_port(&self) -> Option<u32> {
        Some(PORT)
    }
}

/// Appends a message to `out`.
fn push_msg(out: &mut MsgBuf, kind: MessageType, flags: Flags, seq: u32, payload: &[u8]) {
    let mut b = Builder::message(out, kind, flags, seq, PORT).unwrap();
    b.put_bytes(payload).unwrap();
}

fn one_msg(kind: MessageType, flags: Flags, seq: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = MsgBuf::new();
    push_msg(&mut out, kind, flags, seq, payload);
    out.as_slice().to_vec()
}

fn seq_of(req: &[u8]) -> u32 {
    Message::parse(req).unwrap().seq()
}

/// An `NLMSG_ERROR` answering `req` with `code`, capped, with optional MSG and OFFS TLVs.
fn error_for(req: &[u8], code: i32, text: Option<&str>, offs: Option<u32>) -> Vec<u8> {
    let m = Message::parse(req).unwrap();
    let mut flags = Flags::CAPPED;
    if text.is_some() || offs.is_some() {
        flags |= Flags::ACK_TLVS;
    }
    let mut out = MsgBuf::new();
    let mut b = Builder::message(&mut out, MessageType::ERROR, flags, m.seq(), PORT).unwrap();
    b.put_bytes(&code.to_ne_bytes()).unwrap();
    b.put_bytes(&m.bytes()[..16]).unwrap();
    if let Some(t) = text {
        b.put_str(1, t).unwrap();
    }
    if let Some(o) = offs {
        b.put_u32(2, o).unwrap();
    }
    out.as_slice().to_vec()
}

fn ack_for(req: &[u8]) -> Vec<u8> {
    error_for(req, 0, None, None)
}

fn done(seq: u32, code: i32) -> Vec<u8> {
    one_msg(MessageType::DONE, Flags::MULTI, seq, &code.to_ne_bytes())
}

fn link_request(buf: &mut MsgBuf, seq: u32) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, NEWLINK, Flags::CREATE, seq, 0)?;
    b.put_bytes(&[0; 16])?;
    b.put_str(3, "veth0")?;
    b.nest(18, |b| {
        b.put_str(1, "veth")?;
        b.nest(2, |b| b.put_u32(3, 7))
    })
}

#[test]
fn request_ack_sets_flags_and_seq() {
    let mut c = Client::new(Fake::new(|req| vec![kernel(ack_for(req))]));
    c.request_ack(link_request).unwrap();
    c.request_ack(link_request).unwrap();
    let sent = &c.transport().sent;
    let m = Message::parse(&sent[1]).unwrap();
    assert_eq!(m.seq(), 2);
    assert_eq!(
        m.flags(),
        Flags::REQUEST | Flags::ACK | Flags::CREATE,
        "ACK and REQUEST set, CREATE kept"
    );
    assert_eq!(c.stats().requests, 2);
    assert_eq!(c.stats().rejected(), 0);
}

#[test]
fn context_dependent_flags_survive() {
    // REPLACE | EXCL has the bits of DUMP: kept on the wire, and the ack ends the request.
    let mut c = Client::new(Fake::new(|req| vec![kernel(ack_for(req))]));
    let wanted = Flags::REPLACE | Flags::EXCL | Flags::CREATE;
    c.request_ack(|buf, seq| Builder::message(buf, NEWLINK, wanted, seq, 0).map(drop))
        .unwrap();
    let m = Message::parse(&c.transport().sent[0]).unwrap();
    assert_eq!(m.flags(), wanted | Flags::REQUEST | Flags::ACK);
    let r = c.batch(|b| b.add(|buf, seq| Builder::message(buf, NEWLINK, wanted, seq, 0).map(drop)));
    assert!(r.unwrap()[0].is_ok());
    let m = Message::parse(&c.transport().sent[1]).unwrap();
    assert_eq!(m.flags(), wanted | Flags::REQUEST | Flags::ACK);
}

#[test]
fn kernel_error_offset_maps_to_attribute_path() {
    // nlmsghdr 16 + ifinfomsg 16; IFNAME "veth0" (12) at 32; LINKINFO at 44: KIND "veth"
    // (12) at 48, DATA at 60, its attribute 3 at 64.
    let mut c = Client::new(Fake::new(|req| {
        vec![kernel(error_for(
            req,
            -101,
            Some("Nexthop has invalid gateway"),
            Some(64),
        ))]
    }))
    .with_protocol(Protocol::ROUTE);
    let e = c.request_ack(link_request).unwrap_err();
    let k = e.kernel().unwrap();
    assert_eq!(k.errno, 101);
    assert_eq!(k.offset, Some(64));
    assert_eq!(k.path.as_deref(), Some("18 > 2 > 3"));
    assert_eq!(
        e.to_string(),
        "Nexthop has invalid gateway (ENETUNREACH, errno 101) at attribute 18 > 2 > 3"
    );

    // Without header lengths the offset is still reported.
    let mut c = Client::new(Fake::new(|req| {
        vec![kernel(error_for(req, -22, None, Some(64)))]
    }));
    let e = c.request_ack(link_request).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Invalid argument (EINVAL, errno 22) at offset 64"
    );
}

#[test]
fn dump_across_datagrams_drops_and_counts_foreign_messages() {
    let mut c = Client::new(Fake::new(|req| {
        let s = seq_of(req);
        let mut first = MsgBuf::new();
        push_msg(&mut first, NEWLINK, Flags::MULTI, s, &[1; 16]);
        push_msg(
            &mut first,
            NEWLINK,
            Flags::MULTI,
            s.wrapping_add(100),
            &[9; 16],
        );
        push_msg(&mut first, NEWLINK, Flags::MULTI, s, &[2; 16]);
        let mut second = MsgBuf::new();
        push_msg(&mut second, NEWLINK, Flags::MULTI, s, &[3; 16]);
        push_msg(
            &mut second,
            MessageType::DONE,
            Flags::MULTI,
            s,
            &0i32.to_ne_bytes(),
        );
        vec![
            kernel(first.as_slice().to_vec()),
            Dgram {
                port: 0,
                groups: 1,
                bytes: one_msg(NEWLINK, Flags(0), 0, &[7; 16]),
            },
            Dgram {
                port: 77,
                groups: 0,
                bytes: one_msg(NEWLINK, Flags::MULTI, s, &[8; 16]),
            },
            kernel(second.as_slice().to_vec()),
        ]
    }));
    let mut seen = Vec::new();
    let s = c
        .dump(
            |buf, seq| {
                let mut b = Builder::message(buf, MessageType(18), Flags::ACK, seq, 0)?;
                b.put_bytes(&[0; 16])
            },
            |m| {
                seen.push(m.payload()[0]);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(seen, [1, 2, 3]);
    assert_eq!(
        s,
        DumpSummary {
            messages: 3,
            interrupted: false,
            attempts: 1
        }
    );
    let flags = Message::parse(&c.transport().sent[0]).unwrap().flags();
    assert_eq!(flags, Flags::REQUEST | Flags::DUMP, "ACK cleared, DUMP set");
    let st = c.stats();
    assert_eq!(
        (st.multicast, st.foreign_port, st.foreign_seq),
        (1, 1, 1),
        "{st:?}"
    );
    assert_eq!(st.datagrams, 4);
}

#[test]
fn done_with_error_is_a_kernel_error() {
    let mut c = Client::new(Fake::new(|req| {
        let s = seq_of(req);
        let mut d = MsgBuf::new();
        let mut b = Builder::message(
            &mut d,
            MessageType::DONE,
            Flags::MULTI | Flags::ACK_TLVS,
            s,
            PORT,
        )
        .unwrap();
        b.put_bytes(&(-22i32).to_ne_bytes()).unwrap();
        b.put_str(1, "Invalid header for link dump").unwrap();
        vec![kernel(d.as_slice().to_vec())]
    }));
    let e = c
        .dump(
            |buf, seq| Builder::message(buf, MessageType(18), Flags(0), seq, 0).map(drop),
            |_| Ok(()),
        )
        .unwrap_err();
    let k = e.kernel().unwrap();
    assert!(k.in_done);
    assert_eq!(k.errno, 22);
    assert_eq!(
        e.to_string(),
        "Invalid header for link dump (EINVAL, errno 22)"
    );
}

fn intr_script(interrupted_runs: u32) -> impl FnMut(&[u8]) -> Vec<Dgram> {
    let mut runs = 0;
    move |req| {
        runs += 1;
        let s = seq_of(req);
        let mut d = MsgBuf::new();
        let intr = if runs <= interrupted_runs {
            Flags::DUMP_INTR
        } else {
            Flags(0)
        };
        push_msg(&mut d, NEWLINK, Flags::MULTI, s, &[1; 16]);
        push_msg(&mut d, NEWLINK, Flags::MULTI | intr, s, &[2; 16]);
        vec![kernel(d.as_slice().to_vec()), kernel(done(s, 0))]
    }
}

fn getlink(buf: &mut MsgBuf, seq: u32) -> Result<(), EncodeError> {
    Builder::message(buf, MessageType(18), Flags(0), seq, 0)?.put_bytes(&[0; 16])
}

#[test]
fn interrupted_dump_is_reported() {
    let mut c = Client::new(Fake::new(intr_script(1)));
    let s = c.dump(getlink, |_| Ok(())).unwrap();
    assert!(s.interrupted);
    assert_eq!(s.messages, 2);
    let s = c.dump(getlink, |_| Ok(())).unwrap();
    assert!(!s.interrupted);
}

#[test]
fn dump_consistent_retries_with_fresh_state() {
    let mut c = Client::new(Fake::new(intr_script(2)));
    let (items, s) = c
        .dump_consistent(5, getlink, Vec::new, |v: &mut Vec<u8>, m| {
            v.push(m.payload()[0]);
            Ok(())
        })
        .unwrap();
    assert_eq!(items, [1, 2]);
    assert_eq!(s.attempts, 3);
    assert!(!s.interrupted);

    let mut c = Client::new(Fake::new(intr_script(u32::MAX)));
    let e = c
        .dump_consistent(1, getlink, || (), |_, _| Ok(()))
        .unwrap_err();
    assert!(matches!(e, Error::Inconsistent { attempts: 2 }), "{e}");
}

#[test]
fn callback_error_drains_the_dump() {
    let mut c = Client::new(Fake::new(intr_script(0)));
    let e = c
        .dump(getlink, |_| Err(Error::Protocol("stop")))
        .unwrap_err();
    assert!(matches!(e, Error::Protocol("stop")));
    assert!(c.transport().queue.is_empty(), "rest of the dump was read");
    assert_eq!(c.dump(getlink, |_| Ok(())).unwrap().messages, 2);
}

#[test]
fn truncated_datagram_is_an_error_and_the_buffer_grows() {
    let big = 10_000usize;
    let mut c = Client::new(Fake::new(move |req| {
        let s = seq_of(req);
        vec![
            kernel(one_msg(NEWLINK, Flags::MULTI, s, &vec![5; big])),
            kernel(done(s, 0)),
        ]
    }));
    c.set_recv_buffer_len(MIN_RECV_BUFFER);
    let mut calls = 0;
    let e = c
        .dump(getlink, |_| {
            calls += 1;
            Ok(())
        })
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Truncated {
                len: 10_016,
                buf: MIN_RECV_BUFFER
            }
        ),
        "{e:?}"
    );
    assert_eq!(calls, 0);
    assert!(
        c.transport().queue.is_empty(),
        "the dump was read to its end"
    );
    assert!(c.recv_buffer_len() >= 10_016);
    assert_eq!(c.stats().truncated, 1);
    assert_eq!(c.dump(getlink, |_| Ok(())).unwrap().messages, 1);
}

#[test]
fn truncated_single_reply_completes_the_request() {
    let mut c = Client::new(Fake::new(|req| {
        vec![kernel(one_msg(
            NEWLINK,
            Flags(0),
            seq_of(req),
            &vec![5; 9000],
        ))]
    }));
    c.set_recv_buffer_len(MIN_RECV_BUFFER);
    let e = c.request(getlink).unwrap_err();
    assert!(matches!(e, Error::Truncated { .. }), "{e:?}");
    // Error ack cut off: the request completes too.
    let mut c = Client::new(Fake::new(|req| {
        let mut e = error_for(req, -22, Some(&"x".repeat(9000)), None);
        e.truncate(e.len());
        vec![kernel(e)]
    }));
    c.set_recv_buffer_len(MIN_RECV_BUFFER);
    assert!(matches!(
        c.request_ack(getlink).unwrap_err(),
        Error::Truncated { .. }
    ));
}

#[test]
fn truncated_notification_is_no_failure() {
    let mut c = Client::new(Fake::new(|req| {
        vec![
            Dgram {
                port: 0,
                groups: 1,
                bytes: one_msg(NEWLINK, Flags(0), 0, &vec![5; 9000]),
            },
            kernel(ack_for(req)),
        ]
    }));
    c.set_recv_buffer_len(MIN_RECV_BUFFER);
    c.request_ack(link_request).unwrap();
    assert_eq!((c.stats().truncated, c.stats().multicast), (1, 1));
    assert!(c.recv_buffer_len() >= 9016);
}

#[test]
fn request_returns_the_single_reply() {
    let mut c = Client::new(Fake::new(|req| {
        let s = seq_of(req);
        vec![
            kernel(one_msg(NEWLINK, Flags(0), s.wrapping_add(1), &[9; 16])),
            kernel(one_msg(NEWLINK, Flags(0), s, &[4; 16])),
        ]
    }));
    let m = c
        .request(|buf, seq| {
            let mut b = Builder::message(buf, MessageType(18), Flags::ACK, seq, 0)?;
            b.put_bytes(&[0; 16])
        })
        .unwrap();
    assert_eq!(m.payload(), &[4; 16]);
    assert_eq!(c.stats().foreign_seq, 1);
    let sent = Message::parse(&c.transport().sent[0]).unwrap().flags();
    assert_eq!(
        sent,
        Flags::REQUEST,
        "ACK cleared for a single-reply request"
    );
}

#[test]
fn request_each_sees_every_reply() {
    let mut c = Client::new(Fake::new(|req| {
        let s = seq_of(req);
        vec![
            kernel(one_msg(NEWLINK, Flags(0), s, &[4; 16])),
            kernel(ack_for(req)),
        ]
    }));
    let mut n = 0;
    let got = c
        .request_each(
            |buf, seq| Builder::message(buf, NEWLINK, Flags::ACK | Flags::ECHO, seq, 0).map(drop),
            |_| {
                n += 1;
                Ok(())
            },
        )
        .unwrap();
    assert_eq!((got, n), (1, 1));
}

#[test]
fn writer_must_produce_exactly_one_message() {
    let mut c = Client::new(Fake::new(|req| vec![kernel(ack_for(req))]));
    let e = c.request_ack(|_, _| Ok(())).unwrap_err();
    assert!(matches!(e, Error::Protocol(_)), "{e}");
    let e = c
        .request_ack(|buf, seq| {
            Builder::message(buf, NEWLINK, Flags(0), seq, 0)?;
            Builder::message(buf, NEWLINK, Flags(0), seq, 0).map(drop)
        })
        .unwrap_err();
    assert!(matches!(e, Error::Protocol(_)), "{e}");
    let e = c
        .request_ack(|buf, _| {
            let mut tiny = MsgBuf::with_limit(8);
            Builder::message(&mut tiny, NEWLINK, Flags(0), 1, 0)?;
            Ok::<_, EncodeError>(buf.len())
        })
        .unwrap_err();
    assert!(matches!(e, Error::Encode(_)), "{e}");
    assert!(c.transport().sent.is_empty(), "nothing was sent");
}

#[test]
fn batch_matches_acks_by_sequence_number() {
    let mut c = Client::new(Fake::new(|dgram| {
        // Answer the three requests out of order; the middle one fails.
        let msgs: Vec<Vec<u8>> = nlwire_codec::Messages::new(dgram)
            .map(|m| m.unwrap().bytes().to_vec())
            .collect();
        assert_eq!(msgs.len(), 3);
        vec![
            kernel(ack_for(&msgs[2])),
            kernel(error_for(&msgs[1], -19, None, None)),
            kernel(ack_for(&msgs[0])),
        ]
    }))
    .with_protocol(Protocol::ROUTE);
    let results = c
        .batch(|b| {
            b.add(link_request)?;
            b.add(|buf, seq| Builder::message(buf, MessageType(17), Flags(0), seq, 0).map(drop))?;
            b.add(link_request)?;
            assert_eq!(b.len(), 3);
            Ok(())
        })
        .unwrap();
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok());
    assert_eq!(results[1].as_ref().unwrap_err().errno(), Some(19));
    assert!(results[2].is_ok());
    assert_eq!(c.transport().sent.len(), 1, "one send");
    for m in nlwire_codec::Messages::new(&c.transport().sent[0]) {
        assert!(m.unwrap().flags().contains(Flags::REQUEST | Flags::ACK));
    }
    assert!(c.batch(|_| Ok(())).unwrap().is_empty());
}

#[test]
fn batch_sequence_numbers_skip_zero_on_wrap() {
    let mut c = Client::new(Fake::new(|dgram| {
        nlwire_codec::Messages::new(dgram)
            .map(|m| kernel(ack_for(m.unwrap().bytes())))
            .collect()
    }));
    c.seq = SeqCounter::new(u32::MAX);
    let r = c
        .batch(|b| {
            for _ in 0..3 {
                b.add(link_request)?;
            }
            Ok(())
        })
        .unwrap();
    assert!(r.iter().all(Result::is_ok));
    let seqs: Vec<u32> = nlwire_codec::Messages::new(&c.transport().sent[0])
        .map(|m| m.unwrap().seq())
        .collect();
    assert_eq!(seqs, [u32::MAX, 1, 2]);
}

#[test]
fn enobufs_from_the_transport_is_an_overrun() {
    let mut c = Client::new(Fake::new(|_| Vec::new()));
    c.transport_mut().recv_error = Some(libc::ENOBUFS);
    assert!(matches!(c.dump(getlink, |_| Ok(())), Err(Error::Overrun)));
}
