//! [`Client`]: blocking requests, dumps and batches over any [`Transport`].
//!
//! The client builds each request into a reused [`MsgBuf`] through a writer closure that
//! gets the sequence number, sends it, and classifies every received message with the
//! codec's [`Exchange`]: replies go to the caller; messages from other ports, multicast
//! notifications and other requests' replies are dropped and counted in [`Stats`].

use nlwire_codec::zerocopy::FromBytes;
use nlwire_codec::{
    Buffer, Completion, EncodeError, Exchange, ExtAck, Flags, Message, MessageType, Messages,
    NlMsgHdr, Protocol, Rejected, Reply, SeqCounter, Transport, align,
};

use crate::buf::MsgBuf;
use crate::error::{Error, KernelError};
use crate::header_len::{self, HeaderLen};
use crate::socket::Socket;

/// The receive buffer a client starts with: the kernel packs up to about 32 KiB into one
/// dump datagram when the reader offers that much.
pub const DEFAULT_RECV_BUFFER: usize = 32 * 1024;

/// The smallest receive buffer a client accepts: the first datagram of a dump is about
/// one page whatever the reader offers.
pub const MIN_RECV_BUFFER: usize = 8 * 1024;

/// The receive buffer never grows beyond this, whatever length a transport reports.
const MAX_RECV_BUFFER: usize = 16 << 20;

/// Counters of what the client received but did not return.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests sent (a batch counts each of its requests).
    pub requests: u64,
    /// Datagrams received.
    pub datagrams: u64,
    /// Messages from another user-space socket (sender port not 0).
    pub foreign_port: u64,
    /// Multicast notifications received while waiting for a reply.
    pub multicast: u64,
    /// Replies to another request (sequence number not ours).
    pub foreign_seq: u64,
    /// Replies addressed to another port id.
    pub foreign_pid: u64,
    /// Messages after the request had completed.
    pub after_complete: u64,
    /// Control messages that could not be decoded.
    pub malformed: u64,
    /// Datagrams longer than the receive buffer.
    pub truncated: u64,
}

impl Stats {
    /// All messages dropped as not belonging to the request (every counter but
    /// `requests`, `datagrams` and `truncated`).
    pub fn rejected(&self) -> u64 {
        self.foreign_port
            + self.multicast
            + self.foreign_seq
            + self.foreign_pid
            + self.after_complete
            + self.malformed
    }

    pub(crate) fn count(&mut self, r: &Rejected) {
        let c = match r {
            Rejected::ForeignPort { .. } => &mut self.foreign_port,
            Rejected::Multicast { .. } => &mut self.multicast,
            Rejected::ForeignSeq { .. } => &mut self.foreign_seq,
            Rejected::ForeignPid { .. } => &mut self.foreign_pid,
            Rejected::AfterComplete => &mut self.after_complete,
            Rejected::Malformed(_) => &mut self.malformed,
        };
        *c = c.saturating_add(1);
    }
}

/// How a dump went.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DumpSummary {
    /// Data messages delivered (of the last attempt).
    pub messages: usize,
    /// Whether the kernel flagged the dump `NLM_F_DUMP_INTR`: the data changed while it
    /// was read, so the result may be inconsistent.
    pub interrupted: bool,
    /// How many times the dump ran (1 unless retried by [`Client::dump_consistent`]).
    pub attempts: u32,
}

/// What one receive loop saw.
#[derive(Clone, Copy, Debug, Default)]
struct RunInfo {
    datagrams: u64,
    data: usize,
    /// Offset and length in the receive buffer of the last data message, and the number
    /// of the datagram it came in.
    last_data: Option<(usize, usize, u64)>,
}

/// A blocking netlink client over a [`Transport`]: a real [`Socket`], or a simulated
/// kernel.
///
/// Each request is written by a closure `|buf: &mut MsgBuf, seq: u32| …` — typically one of
/// the codec's request writers — that appends exactly one message and returns
/// `Result<R, EncodeError>` for any `R` that does not borrow the buffer (a length, `()`;
/// end a writer that returns its `Builder` with `.map(drop)`). The client sets the
/// sequence number and the flags the call needs (`NLM_F_REQUEST`, and `NLM_F_ACK` or
/// `NLM_F_DUMP`), so callers never manage sequence numbers. Buffers are reused: in steady
/// state a request allocates nothing (errors do: they carry the kernel's message).
///
/// After a transport failure ([`Error::Io`], [`Error::Overrun`]) in the middle of a
/// request, replies may still be queued for it; later requests drop them (counted as
/// [`Stats::foreign_seq`]), but a dump that was cut short keeps the socket busy until it
/// is read to its end, so prefer a fresh client then.
///
/// Transport errors convert into [`Error`]; `io::Error`'s `ENOBUFS` becomes
/// [`Error::Overrun`].
///
/// ```no_run
/// use nlwire_codec::rtnl::link::{self, LinkMsg};
/// use nlwire_sys::{Client, Protocol};
///
/// let mut client = Client::open(Protocol::ROUTE)?;
/// client.dump(
///     |buf, seq| link::dump_request(buf, seq, 0),
///     |msg| {
///         let link = LinkMsg::parse(&msg)?;
///         println!("{}: {}", link.index(), link.name()?.unwrap_or("?"));
///         Ok(())
///     },
/// )?;
/// // Set lo's MTU; an error carries the kernel's extended ack.
/// client.request_ack(|buf, seq| link::set_request(buf, seq, 1, None)?.put_u32(link::ifla::MTU, 65000))?;
/// # Ok::<(), nlwire_sys::Error>(())
/// ```
#[derive(Debug)]
pub struct Client<T> {
    transport: T,
    seq: SeqCounter,
    send: MsgBuf,
    recv: Vec<u8>,
    header_len: HeaderLen,
    protocol: Option<Protocol>,
    stats: Stats,
}

impl Client<Socket> {
    /// Opens a socket of `protocol`, binds it, switches on extended acks
    /// (`NETLINK_EXT_ACK`) and capped acks (`NETLINK_CAP_ACK`: the client keeps the
    /// request, the kernel need not echo it), and knows the protocol's family header
    /// lengths.
    pub fn open(protocol: Protocol) -> Result<Self, Error> {
        let mut sock = Socket::new(protocol)?;
        sock.bind_auto()?;
        sock.set_ext_ack(true)?;
        sock.set_cap_ack(true)?;
        Ok(Self::new(sock).with_protocol(protocol))
    }
}

impl<T> Client<T>
where
    T: Transport,
    T::Error: Into<Error>,
{
    /// A client over `transport`, with a [`DEFAULT_RECV_BUFFER`] receive buffer and no
    /// family header lengths (see [`Self::with_protocol`]).
    pub fn new(transport: T) -> Self {
        Self {
            transport,
            seq: SeqCounter::new(1),
            send: MsgBuf::new(),
            recv: vec![0; DEFAULT_RECV_BUFFER],
            header_len: header_len::unknown,
            protocol: None,
            stats: Stats::default(),
        }
    }

    /// Uses `protocol`'s family header lengths to map extended-ack offsets to attribute
    /// paths.
    #[must_use]
    pub fn with_protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol);
        self.with_header_len(header_len::for_protocol(protocol))
    }

    /// Uses `f` to find a request's family header length (for extended-ack paths).
    #[must_use]
    pub fn with_header_len(mut self, f: HeaderLen) -> Self {
        self.header_len = f;
        self
    }

    /// Sets the receive buffer's length (at least [`MIN_RECV_BUFFER`]). The kernel sizes
    /// dump datagrams to what the reader offers, up to about 32 KiB.
    pub fn set_recv_buffer_len(&mut self, len: usize) {
        self.recv
            .resize(len.clamp(MIN_RECV_BUFFER, MAX_RECV_BUFFER), 0);
        self.recv.shrink_to_fit();
    }

    /// The receive buffer's length.
    pub fn recv_buffer_len(&self) -> usize {
        self.recv.len()
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The transport, mutable (to set socket options, join groups, …).
    pub fn transport_mut(&mut self) -> &mut T {
        &mut self.transport
    }

    /// Gives the transport back.
    pub fn into_transport(self) -> T {
        self.transport
    }

    /// What was received but not returned, and other counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The sequence number the next request will get.
    pub fn peek_seq(&self) -> u32 {
        self.seq.clone().next()
    }

    /// Sends a request with `NLM_F_ACK` and waits for the kernel's acknowledgement.
    /// Replies other than the ack (an `NLM_F_ECHO` copy) are skipped.
    pub fn request_ack<F, R>(&mut self, build: F) -> Result<(), Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        let mut ex = self.prepare(
            build,
            Flags::REQUEST | Flags::ACK,
            Flags(0),
            Some(Completion::Ack),
        )?;
        self.run(&mut ex, &mut |_| Ok(()))?;
        Ok(())
    }

    /// Sends a request that has exactly one reply (a `get` of one object) and returns that
    /// reply, borrowed from the client's receive buffer. `NLM_F_ACK` is cleared.
    pub fn request<F, R>(&mut self, build: F) -> Result<Message<'_>, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        let mut ex = self.prepare(
            build,
            Flags::REQUEST,
            Flags::ACK,
            Some(Completion::FirstReply),
        )?;
        let info = self.run(&mut ex, &mut |_| Ok(()))?;
        match info.last_data {
            Some((offset, len, datagram)) if info.data == 1 && datagram == info.datagrams => {
                let bytes = self.recv.get(offset..offset.saturating_add(len));
                Ok(Message::parse(bytes.unwrap_or(&[]))?)
            }
            Some(_) => Err(Error::Protocol(
                "several reply messages to a single-reply request",
            )),
            None => Err(Error::Protocol("no reply message")),
        }
    }

    /// Sends a request with the flags the writer set (plus `NLM_F_REQUEST`) and calls
    /// `on_reply` with each reply message until the request completes, as the flags say:
    /// by `NLMSG_DONE` when the `NLM_F_DUMP` bits are set, else by its ack when
    /// `NLM_F_ACK` is set, else by its single reply (an error always completes it).
    /// Returns the number of replies.
    ///
    /// How the flags are read follows the kernel ([`Completion::infer`]): on rtnetlink the
    /// `NLM_F_DUMP` bits make a dump only on get requests (on new requests the same bits
    /// are `REPLACE | EXCL`), so the client must know its protocol ([`Self::with_protocol`];
    /// [`Self::open`] sets it).
    pub fn request_each<F, R, C>(&mut self, build: F, mut on_reply: C) -> Result<usize, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
        C: FnMut(Message<'_>) -> Result<(), Error>,
    {
        let mut ex = self.prepare(build, Flags::REQUEST, Flags(0), None)?;
        Ok(self.run(&mut ex, &mut on_reply)?.data)
    }

    /// Sends a dump request (`NLM_F_DUMP` is set) and calls `on_msg` with every data
    /// message, across datagrams, until `NLMSG_DONE`. An error in `NLMSG_DONE` (strict
    /// dump filters) is returned as [`Error::Kernel`]. If `on_msg` fails, the rest of the
    /// dump is read and dropped, then its error is returned.
    ///
    /// [`DumpSummary::interrupted`] tells whether the kernel flagged the dump as
    /// inconsistent; [`Self::dump_consistent`] retries until it is not.
    pub fn dump<F, R, C>(&mut self, build: F, mut on_msg: C) -> Result<DumpSummary, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
        C: FnMut(Message<'_>) -> Result<(), Error>,
    {
        let mut ex = self.prepare(
            build,
            Flags::REQUEST | Flags::DUMP,
            Flags::ACK,
            Some(Completion::Done),
        )?;
        let info = self.run(&mut ex, &mut on_msg)?;
        Ok(DumpSummary {
            messages: info.data,
            interrupted: ex.is_interrupted(),
            attempts: 1,
        })
    }

    /// Dumps until a run is not interrupted (`NLM_F_DUMP_INTR`), at most `1 + max_retries`
    /// times. Each run starts from a fresh `init()` state that `on_msg` fills; the state of
    /// the consistent run is returned. When every run was interrupted the result is
    /// [`Error::Inconsistent`].
    pub fn dump_consistent<F, R, S, I, C>(
        &mut self,
        max_retries: u32,
        mut build: F,
        mut init: I,
        mut on_msg: C,
    ) -> Result<(S, DumpSummary), Error>
    where
        F: FnMut(&mut MsgBuf, u32) -> Result<R, EncodeError>,
        I: FnMut() -> S,
        C: FnMut(&mut S, Message<'_>) -> Result<(), Error>,
    {
        let attempts = max_retries.saturating_add(1);
        for attempt in 1..=attempts {
            let mut state = init();
            let summary = self.dump(&mut build, |m| on_msg(&mut state, m))?;
            if !summary.interrupted {
                return Ok((
                    state,
                    DumpSummary {
                        attempts: attempt,
                        ..summary
                    },
                ));
            }
        }
        Err(Error::Inconsistent { attempts })
    }

    /// Sends several requests in one datagram (one `send`), each with `NLM_F_ACK`, and
    /// returns one result per request, in order (the kernel handles them in order; acks
    /// are matched by sequence number). This allocates the result vector. `build` adds the requests with
    /// [`Batch::add`]. The outer `Err` is for failures that concern the whole batch (it
    /// could not be built or sent, or the socket failed).
    pub fn batch<F>(&mut self, build: F) -> Result<Vec<Result<(), Error>>, Error>
    where
        F: FnOnce(&mut Batch<'_>) -> Result<(), Error>,
    {
        self.send.clear();
        let mut batch = Batch {
            buf: &mut self.send,
            seq: &mut self.seq,
            entries: Vec::new(),
        };
        build(&mut batch)?;
        let entries = batch.entries;
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        self.transport
            .send(self.send.as_slice())
            .map_err(Into::into)?;
        self.stats.requests = self
            .stats
            .requests
            .saturating_add(u64::try_from(entries.len()).unwrap_or(u64::MAX));
        let port = self.transport.local_port().unwrap_or(0);
        let mut slots: Vec<Slot> = entries
            .into_iter()
            .map(|(seq, start, end)| Slot {
                exchange: Exchange::with_completion(seq, port, Completion::Ack),
                start,
                end,
                result: None,
            })
            .collect();
        self.run_batch(&mut slots)?;
        Ok(slots
            .into_iter()
            .map(|s| s.result.unwrap_or(Ok(())))
            .collect())
    }

    /// Builds the request, patches its header (setting the bits of `set`, clearing those
    /// of `clear`), sends it, and returns its exchange. `ends` says how the request ends;
    /// when `None` it is inferred from the wire header as the kernel would
    /// ([`Completion::infer`]).
    fn prepare<F, R>(
        &mut self,
        build: F,
        set: Flags,
        clear: Flags,
        ends: Option<Completion>,
    ) -> Result<Exchange, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        self.send.clear();
        let seq = self.seq.next();
        build(&mut self.send, seq)?;
        let (kind, flags) = patch_header(self.send.bytes_mut(), seq, set, clear)?;
        self.transport
            .send(self.send.as_slice())
            .map_err(Into::into)?;
        self.stats.requests = self.stats.requests.saturating_add(1);
        let port = self.transport.local_port().unwrap_or(0);
        let protocol = self.protocol.unwrap_or(Protocol::GENERIC);
        let completion = ends.unwrap_or_else(|| Completion::infer(protocol, kind, flags));
        Ok(Exchange::with_completion(seq, port, completion))
    }

    /// Receives one datagram. Returns the full length and whether it was truncated (the
    /// buffer has then grown for the next one).
    fn recv_datagram(&mut self) -> Result<(nlwire_codec::Received, bool), Error> {
        let got = self.transport.recv(&mut self.recv).map_err(Into::into)?;
        self.stats.datagrams = self.stats.datagrams.saturating_add(1);
        let cap = self.recv.len();
        let truncated = got.len > cap;
        if truncated {
            self.stats.truncated = self.stats.truncated.saturating_add(1);
        }
        Ok((got, truncated))
    }

    /// Grows the receive buffer after a truncated datagram of `len` bytes.
    ///
    /// The kernel fills dump datagrams up to the largest buffer the reader ever offered
    /// (capped at 32 KiB), so growing to just the datagram's length is not enough: grow to
    /// at least [`DEFAULT_RECV_BUFFER`], and to a power of two beyond that.
    fn grow(&mut self, len: usize) {
        let want = len
            .max(DEFAULT_RECV_BUFFER)
            .checked_next_power_of_two()
            .unwrap_or(MAX_RECV_BUFFER)
            .min(MAX_RECV_BUFFER);
        if want > self.recv.len() {
            self.recv.resize(want, 0);
        }
    }

    /// Receives until `ex` completes, handing data messages to `on_data` (until anything
    /// failed). The first failure is returned once the request completed.
    fn run(
        &mut self,
        ex: &mut Exchange,
        on_data: &mut dyn FnMut(Message<'_>) -> Result<(), Error>,
    ) -> Result<RunInfo, Error> {
        let mut info = RunInfo::default();
        let mut failure: Option<Error> = None;
        let mut forced_complete = false;
        while !ex.is_complete() && !forced_complete {
            let (got, truncated) = self.recv_datagram()?;
            info.datagrams += 1;
            let cap = self.recv.len();
            if let Err(r) = ex.check_sender(got.port, got.groups) {
                // Not a reply (a truncated notification is no failure of the request).
                self.stats.count(&r);
            } else {
                if truncated {
                    failure.get_or_insert(Error::Truncated {
                        len: got.len,
                        buf: cap,
                    });
                }
                let valid = &self.recv[..got.len.min(cap)];
                let mut msgs = Messages::new(valid);
                for m in msgs.by_ref() {
                    let m = match m {
                        Ok(m) => m,
                        Err(e) if !truncated => return Err(Error::Decode(e)),
                        Err(_) => break,
                    };
                    match ex.classify(0, &m) {
                        Err(r) => self.stats.count(&r),
                        Ok(Reply::Data(d)) => {
                            info.data += 1;
                            info.last_data = Some((d.offset(), d.bytes().len(), info.datagrams));
                            if failure.is_none() {
                                if let Err(e) = on_data(d) {
                                    failure = Some(e);
                                }
                            }
                        }
                        Ok(Reply::Error(e)) => {
                            let errno = e.errno().unwrap_or(0);
                            let k = self.kernel_error(errno, e.ext_ack(), 0, self.send.len());
                            failure.get_or_insert(k);
                        }
                        Ok(Reply::Done(d)) => {
                            if let Some(errno) = d.errno() {
                                let mut k =
                                    self.kernel_error(errno, d.ext_ack(), 0, self.send.len());
                                if let Error::Kernel(k) = &mut k {
                                    k.in_done = true;
                                }
                                failure.get_or_insert(k);
                            }
                        }
                        Ok(Reply::Ack(_) | Reply::Noop) => {}
                        Ok(Reply::Overrun(_)) => {
                            failure.get_or_insert(Error::Overrun);
                        }
                    }
                }
                if truncated {
                    forced_complete = cut_completes(ex, msgs.remaining());
                }
            }
            if truncated {
                self.grow(got.len);
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(info),
        }
    }

    /// Receives until every slot of a batch completed.
    fn run_batch(&mut self, slots: &mut [Slot]) -> Result<(), Error> {
        let mut pending = slots.len();
        while pending > 0 {
            let (got, truncated) = self.recv_datagram()?;
            let cap = self.recv.len();
            let Some(first) = slots.first() else {
                return Ok(());
            };
            if let Err(r) = first.exchange.check_sender(got.port, got.groups) {
                self.stats.count(&r);
                if truncated {
                    self.grow(got.len);
                }
                continue;
            }
            let valid = &self.recv[..got.len.min(cap)];
            let mut msgs = Messages::new(valid);
            for m in msgs.by_ref() {
                let m = match m {
                    Ok(m) => m,
                    Err(e) if !truncated => return Err(Error::Decode(e)),
                    Err(_) => break,
                };
                let Some(slot) = find_slot(slots, m.seq()) else {
                    self.stats.count(&Rejected::ForeignSeq {
                        expected: slots.first().map_or(0, |s| s.exchange.seq()),
                        got: m.seq(),
                    });
                    continue;
                };
                let was_complete = slot.exchange.is_complete();
                let outcome = match slot.exchange.classify(0, &m) {
                    Err(r) => {
                        self.stats.count(&r);
                        None
                    }
                    Ok(Reply::Error(e)) => Some(Err(self.kernel_error(
                        e.errno().unwrap_or(0),
                        e.ext_ack(),
                        slot.start,
                        slot.end,
                    ))),
                    Ok(Reply::Ack(_)) => Some(Ok(())),
                    Ok(Reply::Overrun(_)) => Some(Err(Error::Overrun)),
                    Ok(Reply::Data(_) | Reply::Done(_) | Reply::Noop) => None,
                };
                if let Some(o) = outcome {
                    slot.result.get_or_insert(o);
                }
                if !was_complete && slot.exchange.is_complete() {
                    pending -= 1;
                }
            }
            if truncated {
                // The cut message's header may still say whose ack it was.
                if let Some(h) = cut_header(msgs.remaining()) {
                    if let Some(slot) = find_slot(slots, h.seq()) {
                        if h.message_type() == MessageType::ERROR && slot.result.is_none() {
                            slot.result = Some(Err(Error::Truncated {
                                len: got.len,
                                buf: cap,
                            }));
                            pending -= 1;
                        }
                    }
                }
                self.grow(got.len);
            }
        }
        Ok(())
    }

    /// A kernel error for the request at `start..end` of the send buffer.
    fn kernel_error(&self, errno: i32, ext: &ExtAck<'_>, start: usize, end: usize) -> Error {
        let request = self.send.as_slice().get(start..end).unwrap_or(&[]);
        Error::from(kernel_error_for(request, self.header_len, errno, ext))
    }
}

/// The kernel error `errno` with extended ack `ext` for `request`, its offsets mapped to
/// attribute paths with the request's family header length.
pub(crate) fn kernel_error_for(
    request: &[u8],
    header_len: HeaderLen,
    errno: i32,
    ext: &ExtAck<'_>,
) -> KernelError {
    let hdr_len = Message::parse(request)
        .ok()
        .and_then(|m| header_len(m.message_type()));
    KernelError::from_ext_ack(errno, ext, hdr_len.map(|h| (request, h)))
}

/// One request of a batch being answered.
struct Slot {
    exchange: Exchange,
    start: usize,
    end: usize,
    result: Option<Result<(), Error>>,
}

/// The slot whose request had sequence number `seq`. Sequence numbers of a batch are
/// consecutive except that 0 is skipped when they wrap.
fn find_slot(slots: &mut [Slot], seq: u32) -> Option<&mut Slot> {
    let first = slots.first()?.exchange.seq();
    let i = usize::try_from(seq.wrapping_sub(first)).ok()?;
    let candidates = [Some(i), i.checked_sub(1)];
    let idx = candidates
        .into_iter()
        .flatten()
        .find(|&i| slots.get(i).is_some_and(|s| s.exchange.seq() == seq))?;
    slots.get_mut(idx)
}

/// Requests written into a batch; see [`Client::batch`].
#[derive(Debug)]
pub struct Batch<'c> {
    buf: &'c mut MsgBuf,
    seq: &'c mut SeqCounter,
    /// Sequence number, start and end in the buffer of each request.
    entries: Vec<(u32, usize, usize)>,
}

impl Batch<'_> {
    /// Appends a request: `build` writes exactly one message given its sequence number;
    /// `NLM_F_REQUEST | NLM_F_ACK` are set on it. On error nothing is appended.
    pub fn add<F, R>(&mut self, build: F) -> Result<(), Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        let before = self.buf.len();
        let start = align(before).unwrap_or(before);
        let seq = self.seq.next();
        let result = build(self.buf, seq).map_err(Error::from).and_then(|_| {
            let bytes = self.buf.bytes_mut().get_mut(start..).unwrap_or_default();
            patch_header(bytes, seq, Flags::REQUEST | Flags::ACK, Flags(0))
        });
        match result {
            Ok(_) => {
                self.entries.push((seq, start, self.buf.len()));
                Ok(())
            }
            Err(e) => {
                self.buf.truncate(before);
                Err(e)
            }
        }
    }

    /// Number of requests added.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no request was added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Checks that `bytes` hold exactly one message, sets its sequence number, sets the bits
/// of `set` and clears those of `clear` in its flags, and returns the flags.
pub(crate) fn patch_header(
    bytes: &mut [u8],
    seq: u32,
    set: Flags,
    clear: Flags,
) -> Result<(MessageType, Flags), Error> {
    let (len, kind, flags) = match Message::parse(bytes) {
        Ok(m) => (m.bytes().len(), m.message_type(), m.flags()),
        Err(_) => return Err(Error::Protocol("the request writer produced no message")),
    };
    if bytes.len() > len {
        return Err(Error::Protocol(
            "the request writer produced more than one message",
        ));
    }
    let flags = flags.without(clear).with(set);
    let hdr = NlMsgHdr::mut_from_prefix(bytes)
        .map(|(h, _)| h)
        .map_err(|_| Error::Protocol("the request writer produced no message"))?;
    hdr.flags.set(flags.bits());
    hdr.seq.set(seq);
    Ok((kind, flags))
}

/// The header of a message cut off by truncation, if its 16 bytes arrived.
fn cut_header(rest: &[u8]) -> Option<NlMsgHdr> {
    NlMsgHdr::read_from_prefix(rest).ok().map(|(h, _)| h)
}

/// Whether the message cut off at `rest` would have completed `ex`: an error, a `DONE`, or
/// the single reply of an un-acked request. (Its content is lost; the truncation is
/// reported.)
fn cut_completes(ex: &Exchange, rest: &[u8]) -> bool {
    let Some(h) = cut_header(rest) else {
        return false;
    };
    if h.seq() != ex.seq() {
        return false;
    }
    match h.message_type() {
        MessageType::ERROR | MessageType::DONE => true,
        _ => ex.completion() == Completion::FirstReply && !h.flags().contains(Flags::MULTI),
    }
}

impl From<Client<Socket>> for Socket {
    fn from(c: Client<Socket>) -> Self {
        c.transport
    }
}

#[cfg(test)]
mod tests;
