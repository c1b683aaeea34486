//! Sans-IO request bookkeeping: the [`Transport`] trait that moves datagrams, sequence
//! numbers, and [`Exchange`], which classifies each received message for one request
//! and knows when that request is complete.
//!
//! No I/O happens here: `nlwire-sys` moves bytes over real sockets and `nlwire-simkernel`
//! over an in-memory kernel; both drive the same logic.
//!
//! ```
//! use nlwire_codec::{Completion, Exchange, Messages, Reply};
//! // A dump request sent with seq 7 from port 1234 ...
//! let mut ex = Exchange::with_completion(7, 1234, Completion::Done);
//! // ... answered by the kernel (port 0) with NLMSG_DONE.
//! let done = [20, 0, 0, 0, 3, 0, 2, 0, 7, 0, 0, 0, 0xd2, 0x04, 0, 0, 0, 0, 0, 0];
//! for m in Messages::new(&done) {
//!     match ex.classify(0, &m.unwrap()) {
//!         Ok(Reply::Done(d)) => assert_eq!(d.code(), 0),
//!         other => panic!("{other:?}"),
//!     }
//! }
//! assert!(ex.is_complete());
//! ```

use core::fmt;

use crate::ack::{Done, ErrorMsg};
use crate::error::DecodeError;
use crate::header::{Flags, MessageType};
use crate::msg::Message;

/// What one receive produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Received {
    /// The datagram's full length. When it exceeds the buffer the datagram was truncated
    /// and only `buf.len()` bytes are valid: callers must treat that as an error.
    pub len: usize,
    /// The sender's port id (0 for the kernel).
    pub port: u32,
    /// The multicast group bitmask the datagram was sent to (0 for unicast).
    pub groups: u32,
}

impl Received {
    /// Whether the datagram was longer than the buffer of `buf_len` bytes.
    pub fn is_truncated(&self, buf_len: usize) -> bool {
        self.len > buf_len
    }
}

/// A datagram transport: a real netlink socket, a simulated kernel, a recording.
///
/// `recv` must report the datagram's *full* length (as `recvmsg` with `MSG_TRUNC` does),
/// so that a short buffer is visible instead of silently losing messages.
pub trait Transport {
    /// The transport's error.
    type Error;

    /// Sends one datagram to the kernel.
    fn send(&mut self, datagram: &[u8]) -> Result<(), Self::Error>;

    /// Receives one datagram into `buf`.
    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Self::Error>;

    /// The local port id, if bound (replies are addressed to it).
    fn local_port(&self) -> Option<u32> {
        None
    }
}

impl<T: Transport + ?Sized> Transport for &mut T {
    type Error = T::Error;
    fn send(&mut self, datagram: &[u8]) -> Result<(), Self::Error> {
        (**self).send(datagram)
    }
    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Self::Error> {
        (**self).recv(buf)
    }
    fn local_port(&self) -> Option<u32> {
        (**self).local_port()
    }
}

/// Hands out sequence numbers: increasing, wrapping, skipping 0 (which multicast
/// notifications use).
#[derive(Clone, Debug)]
pub struct SeqCounter {
    next: u32,
}

impl SeqCounter {
    /// Starts at `first` (0 is bumped to 1).
    pub const fn new(first: u32) -> Self {
        Self {
            next: if first == 0 { 1 } else { first },
        }
    }

    /// The next sequence number.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u32 {
        let s = self.next;
        self.next = match self.next.wrapping_add(1) {
            0 => 1,
            n => n,
        };
        s
    }
}

impl Default for SeqCounter {
    fn default() -> Self {
        Self::new(1)
    }
}

/// A received message, classified for the request it answers.
#[derive(Clone, Copy, Debug)]
pub enum Reply<'a> {
    /// A data message (a `do` reply or one message of a dump). When it carries
    /// `NLM_F_DUMP_INTR` the dump is inconsistent; [`Exchange::is_interrupted`] stays set.
    Data(Message<'a>),
    /// A success acknowledgement (`NLMSG_ERROR` with code 0); it may carry a warning in its
    /// extended ack. Completes the request.
    Ack(ErrorMsg<'a>),
    /// An error (`NLMSG_ERROR` with a negative code). Completes the request.
    Error(ErrorMsg<'a>),
    /// The end of a dump; its code is non-zero when the dump failed (strict-check
    /// errors arrive here). Completes the request.
    Done(Done<'a>),
    /// `NLMSG_NOOP`: nothing to do.
    Noop,
    /// `NLMSG_OVERRUN`: the kernel lost data for this request.
    Overrun(Message<'a>),
}

impl Reply<'_> {
    /// Whether the message carried `NLM_F_DUMP_INTR`.
    pub fn is_interrupted(&self) -> bool {
        match self {
            Reply::Data(m) | Reply::Overrun(m) => m.flags().contains(Flags::DUMP_INTR),
            Reply::Done(d) => d.is_interrupted(),
            Reply::Ack(e) | Reply::Error(e) => e.message().flags().contains(Flags::DUMP_INTR),
            Reply::Noop => false,
        }
    }
}

/// Why a received message does not belong to the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Sent by a port other than the kernel's (0): another user-space socket.
    ForeignPort {
        /// The sender's port id.
        port: u32,
    },
    /// A multicast notification (sent to a group), not a reply.
    Multicast {
        /// The group bitmask.
        groups: u32,
    },
    /// Another request's sequence number.
    ForeignSeq {
        /// The request's sequence number.
        expected: u32,
        /// The message's.
        got: u32,
    },
    /// Addressed to another port id than ours.
    ForeignPid {
        /// Our port id.
        expected: u32,
        /// The message's `nlmsg_pid`.
        got: u32,
    },
    /// The request had already completed.
    AfterComplete,
    /// A control message that could not be decoded.
    Malformed(DecodeError),
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejected::ForeignPort { port } => {
                write!(f, "message from port {port}, not from the kernel")
            }
            Rejected::Multicast { groups } => {
                write!(
                    f,
                    "multicast notification (groups {groups:#x}), not a reply"
                )
            }
            Rejected::ForeignSeq { expected, got } => {
                write!(f, "sequence number {got}, expected {expected}")
            }
            Rejected::ForeignPid { expected, got } => {
                write!(f, "addressed to port {got}, we are {expected}")
            }
            Rejected::AfterComplete => f.write_str("message after the request completed"),
            Rejected::Malformed(e) => write!(f, "malformed control message: {e}"),
        }
    }
}

/// How a request ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Completion {
    /// With `NLMSG_DONE` (a dump, `NLM_F_DUMP` set).
    Done,
    /// With an ack or error (`NLM_F_ACK` set on a non-dump).
    Ack,
    /// With the first reply that is not part of a multipart message, or an error
    /// (a `do` request without `NLM_F_ACK`). Multipart replies run to `NLMSG_DONE`.
    FirstReply,
}

impl Completion {
    /// How the kernel will end a request of type `kind` with `flags` on a socket of
    /// `protocol`, following the kernel's own dispatch: rtnetlink treats a request as a
    /// dump only for its *get* types (`kind % 4 == 2`) with `NLM_F_ROOT` or `NLM_F_MATCH`
    /// set, because on new requests the same bits mean `NLM_F_REPLACE`/`NLM_F_EXCL`;
    /// generic netlink and the other protocols when both bits (`NLM_F_DUMP`) are set.
    pub fn infer(protocol: crate::Protocol, kind: MessageType, flags: Flags) -> Self {
        let dump = if protocol == crate::Protocol::ROUTE {
            kind.0 % 4 == 2 && flags.intersects(Flags::DUMP)
        } else {
            flags.contains(Flags::DUMP)
        };
        if dump {
            Completion::Done
        } else if flags.contains(Flags::ACK) {
            Completion::Ack
        } else {
            Completion::FirstReply
        }
    }
}

/// The state of one request in flight: classifies received messages and knows when the
/// request is complete.
///
/// Rules: the sender port must be 0 (the kernel) and the datagram not multicast; `seq`
/// must match; `nlmsg_pid` must be our port when we know it. An `NLMSG_ERROR` always
/// completes the request; a dump completes at `NLMSG_DONE`; an acked `do` at its ack; an
/// un-acked `do` at its first non-multipart reply.
#[derive(Clone, Debug)]
pub struct Exchange {
    seq: u32,
    port: u32,
    completion: Completion,
    complete: bool,
    interrupted: bool,
    multipart: bool,
    data_messages: usize,
}

impl Exchange {
    /// The exchange for `request` (its header as sent) on a socket of `protocol`, from
    /// local port `port` (0 if unknown: then `nlmsg_pid` is not checked). How it ends is
    /// inferred with [`Completion::infer`].
    pub fn for_request(protocol: crate::Protocol, request: &crate::NlMsgHdr, port: u32) -> Self {
        let completion = Completion::infer(protocol, request.message_type(), request.flags());
        Self::with_completion(request.seq(), port, completion)
    }

    /// A request sent with sequence number `seq` from local port `port` (0 if unknown)
    /// that ends as `completion` says.
    pub fn with_completion(seq: u32, port: u32, completion: Completion) -> Self {
        Self {
            seq,
            port,
            completion,
            complete: false,
            interrupted: false,
            multipart: false,
            data_messages: 0,
        }
    }

    /// The request's sequence number.
    pub fn seq(&self) -> u32 {
        self.seq
    }

    /// How the request ends.
    pub fn completion(&self) -> Completion {
        self.completion
    }

    /// Whether the request has received its last reply.
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Whether any reply carried `NLM_F_DUMP_INTR` (the dump may be inconsistent; retry it).
    pub fn is_interrupted(&self) -> bool {
        self.interrupted
    }

    /// Data messages accepted so far.
    pub fn data_messages(&self) -> usize {
        self.data_messages
    }

    /// Checks where a datagram came from before its messages are classified.
    pub fn check_sender(&self, sender_port: u32, groups: u32) -> Result<(), Rejected> {
        if sender_port != 0 {
            return Err(Rejected::ForeignPort { port: sender_port });
        }
        if groups != 0 {
            return Err(Rejected::Multicast { groups });
        }
        Ok(())
    }

    /// Classifies `msg`, received from `sender_port`. On `Err` the message is not this
    /// request's and the request's state is unchanged.
    pub fn classify<'a>(
        &mut self,
        sender_port: u32,
        msg: &Message<'a>,
    ) -> Result<Reply<'a>, Rejected> {
        self.check_sender(sender_port, 0)?;
        if msg.seq() != self.seq {
            return Err(Rejected::ForeignSeq {
                expected: self.seq,
                got: msg.seq(),
            });
        }
        if self.port != 0 && msg.pid() != self.port {
            return Err(Rejected::ForeignPid {
                expected: self.port,
                got: msg.pid(),
            });
        }
        if self.complete {
            return Err(Rejected::AfterComplete);
        }
        let flags = msg.flags();
        let reply = match msg.message_type() {
            MessageType::ERROR => {
                let e = ErrorMsg::parse(msg).map_err(Rejected::Malformed)?;
                self.complete = true;
                if e.is_ack() {
                    // An ack before the data of an acked dump would be odd; for a `do`
                    // request with ACK the data came first.
                    Reply::Ack(e)
                } else {
                    Reply::Error(e)
                }
            }
            MessageType::DONE => {
                let d = Done::parse(msg).map_err(Rejected::Malformed)?;
                // DONE ends a dump or a multipart reply. An acked `do` whose multipart
                // reply ends with DONE still waits for its ack.
                if self.completion != Completion::Ack || !self.multipart {
                    self.complete = true;
                }
                Reply::Done(d)
            }
            MessageType::NOOP => Reply::Noop,
            MessageType::OVERRUN => Reply::Overrun(*msg),
            _ => {
                self.data_messages += 1;
                if flags.contains(Flags::MULTI) {
                    self.multipart = true;
                } else if self.completion == Completion::FirstReply {
                    self.complete = true;
                }
                Reply::Data(*msg)
            }
        };
        if flags.contains(Flags::DUMP_INTR) {
            self.interrupted = true;
        }
        Ok(reply)
    }
}
