//! An async client on Tokio (feature `tokio`): [`AsyncClient`] sends requests, acks,
//! single replies and dumps with the same semantics as the blocking [`Client`], and
//! [`Subscription`] yields multicast notifications; both on a non-blocking [`Socket`]
//! registered with Tokio's reactor ([`AsyncFd`]).
//!
//! Replies are classified by the codec's [`Exchange`], as in the blocking client:
//! messages from other ports, multicast notifications and other requests' replies are
//! dropped and counted in [`Stats`]. Datagrams are received whole (their length is peeked
//! first), so nothing is ever truncated. Results are owned ([`OwnedMessage`]): a reply
//! outlives the next request.
//!
//! Every method takes `&mut self`: one request at a time per client (open several clients
//! for concurrency). Futures may be dropped at any point: a request whose replies were
//! not all read (a cancelled future, a [`Dump`] dropped half-way) is read to its end at
//! the start of the next request, so replies never mix.
//!
//! Sockets and subscriptions must be made inside a Tokio runtime with IO enabled
//! (`Builder::enable_io`, or `enable_all`); a namespace's socket is best opened on a
//! thread in it ([`NetNs::run_in`](crate::NetNs::run_in)) and then handed to
//! [`AsyncClient::from_socket`].
//!
//! ```no_run
//! # async fn f() -> Result<(), nlwire_sys::Error> {
//! use nlwire_codec::rtnl::link::{self, LinkMsg};
//! use nlwire_sys::Protocol;
//! use nlwire_sys::tokio::AsyncClient;
//!
//! let mut client = AsyncClient::open(Protocol::ROUTE)?;
//! let mut dump = client.dump(|buf, seq| link::dump_request(buf, seq, 0)).await?;
//! while let Some(msg) = dump.next().await {
//!     let msg = msg?;
//!     let l = LinkMsg::parse(&msg.message()?)?;
//!     println!("{}: {}", l.index(), l.name()?.unwrap_or("?"));
//! }
//! # Ok(()) }
//! ```

use std::io;

use ::tokio::io::unix::AsyncFd;
use nlwire_codec::zerocopy::FromBytes;
use nlwire_codec::{
    Buffer, Completion, DecodeError, EncodeError, Exchange, ExtAck, Flags, Message, MessageType,
    Messages, NlMsgHdr, Protocol, Reply, SeqCounter,
};

use crate::buf::MsgBuf;
use crate::client::{Client, DEFAULT_RECV_BUFFER, Stats, patch_header};
use crate::error::Error;
use crate::header_len::{self, HeaderLen};
use crate::route::Event;
use crate::socket::{RecvInfo, Socket};

/// One netlink message, owned: a reply or a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedMessage {
    bytes: Vec<u8>,
}

impl OwnedMessage {
    /// The message viewed by the codec (it was checked when received, so this fails only
    /// for a value built by hand).
    pub fn message(&self) -> Result<Message<'_>, DecodeError> {
        Message::parse(&self.bytes)
    }

    /// The message's bytes, `nlmsghdr` first.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The message type, from the header.
    pub fn message_type(&self) -> MessageType {
        NlMsgHdr::read_from_prefix(&self.bytes)
            .map(|(h, _)| h.message_type())
            .unwrap_or(MessageType(0))
    }

    /// Gives the bytes back.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl AsRef<[u8]> for OwnedMessage {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

/// What one step of a request produced.
enum Step {
    /// A data message of the request.
    Data(OwnedMessage),
    /// The kernel's error (the request completes with it), or an overrun.
    Failed(Error),
    /// The request is complete (or there was none).
    Complete,
}

/// An async netlink client: [`Client`]'s requests on a Tokio reactor.
///
/// Each request is written by a closure `|buf: &mut MsgBuf, seq: u32| …` that appends
/// exactly one message, as for [`Client`]; the client sets the sequence number and the
/// flags the call needs.
#[derive(Debug)]
pub struct AsyncClient {
    fd: AsyncFd<Socket>,
    protocol: Protocol,
    header_len: HeaderLen,
    seq: SeqCounter,
    send: MsgBuf,
    recv: Vec<u8>,
    /// The unread part of `recv` is `rpos..rlen`.
    rpos: usize,
    rlen: usize,
    /// The request whose replies are still being read.
    inflight: Option<Exchange>,
    /// Whether the last completed request was flagged `NLM_F_DUMP_INTR`.
    last_interrupted: bool,
    stats: Stats,
}

impl AsyncClient {
    /// Opens a socket of `protocol` in the calling thread's namespace, as
    /// [`Client::open`] does (bound, extended and capped acks), non-blocking.
    pub fn open(protocol: Protocol) -> Result<Self, Error> {
        let client = Client::open(protocol)?;
        Self::from_socket(client.into_transport(), protocol)
    }

    /// Adopts a bound socket of `protocol` (opened in another namespace, with options
    /// set): makes it non-blocking and registers it with the current Tokio runtime.
    pub fn from_socket(socket: Socket, protocol: Protocol) -> Result<Self, Error> {
        let fd = register(socket)?;
        Ok(Self {
            fd,
            protocol,
            header_len: header_len::for_protocol(protocol),
            seq: SeqCounter::new(1),
            send: MsgBuf::new(),
            recv: Vec::new(),
            rpos: 0,
            rlen: 0,
            inflight: None,
            last_interrupted: false,
            stats: Stats::default(),
        })
    }

    /// The socket.
    pub fn socket(&self) -> &Socket {
        self.fd.get_ref()
    }

    /// The socket, mutable (to set options).
    pub fn socket_mut(&mut self) -> &mut Socket {
        self.fd.get_mut()
    }

    /// What was received but not returned, and other counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Sends a request with `NLM_F_ACK` and waits for the kernel's acknowledgement
    /// ([`Client::request_ack`]).
    pub async fn request_ack<F, R>(&mut self, build: F) -> Result<(), Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        self.start(
            build,
            Flags::REQUEST | Flags::ACK,
            Flags(0),
            Some(Completion::Ack),
        )
        .await?;
        let mut failure = None;
        loop {
            match self.step().await? {
                Step::Complete => break,
                Step::Data(_) => {}
                Step::Failed(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        failure.map_or(Ok(()), Err)
    }

    /// Sends a request that has exactly one reply and returns it ([`Client::request`]);
    /// `NLM_F_ACK` is cleared.
    pub async fn request<F, R>(&mut self, build: F) -> Result<OwnedMessage, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        self.start(
            build,
            Flags::REQUEST,
            Flags::ACK,
            Some(Completion::FirstReply),
        )
        .await?;
        let replies = self.finish().await?;
        let mut it = replies.into_iter();
        match (it.next(), it.next()) {
            (Some(m), None) => Ok(m),
            (None, _) => Err(Error::Protocol("no reply message")),
            (Some(_), Some(_)) => Err(Error::Protocol(
                "several reply messages to a single-reply request",
            )),
        }
    }

    /// Sends a request with the flags the writer set (plus `NLM_F_REQUEST`) and returns
    /// every reply once it completes, as the flags say ([`Client::request_each`]).
    pub async fn request_all<F, R>(&mut self, build: F) -> Result<Vec<OwnedMessage>, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        self.start(build, Flags::REQUEST, Flags(0), None).await?;
        self.finish().await
    }

    /// Sends a dump request (`NLM_F_DUMP` is set) and returns the [`Dump`] that yields
    /// its messages with [`Dump::next`].
    pub async fn dump<F, R>(&mut self, build: F) -> Result<Dump<'_>, Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        self.start(
            build,
            Flags::REQUEST | Flags::DUMP,
            Flags::ACK,
            Some(Completion::Done),
        )
        .await?;
        Ok(Dump {
            client: self,
            messages: 0,
            finished: false,
        })
    }

    /// Reads the in-flight request to its end; returns its data messages, or its first
    /// failure.
    async fn finish(&mut self) -> Result<Vec<OwnedMessage>, Error> {
        let mut out = Vec::new();
        let mut failure = None;
        loop {
            match self.step().await? {
                Step::Complete => break,
                Step::Data(m) => {
                    if failure.is_none() {
                        out.push(m);
                    }
                }
                Step::Failed(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Reads what is left of an earlier request, builds the request (setting the bits of
    /// `set` and clearing those of `clear` in its flags), sends it and makes it the
    /// in-flight request.
    async fn start<F, R>(
        &mut self,
        build: F,
        set: Flags,
        clear: Flags,
        ends: Option<Completion>,
    ) -> Result<(), Error>
    where
        F: FnOnce(&mut MsgBuf, u32) -> Result<R, EncodeError>,
    {
        while self.inflight.is_some() {
            self.step().await?;
        }
        self.send.clear();
        let seq = self.seq.next();
        build(&mut self.send, seq)?;
        let (kind, flags) = patch_header(self.send.bytes_mut(), seq, set, clear)?;
        self.send_request().await?;
        self.stats.requests = self.stats.requests.saturating_add(1);
        let port = self.fd.get_ref().local_port().unwrap_or(0);
        let completion = ends.unwrap_or_else(|| Completion::infer(self.protocol, kind, flags));
        self.inflight = Some(Exchange::with_completion(seq, port, completion));
        Ok(())
    }

    /// Sends the request in the send buffer.
    async fn send_request(&mut self) -> Result<(), Error> {
        loop {
            let mut guard = self.fd.writable_mut().await?;
            let bytes = self.send.as_slice();
            match guard.try_io(|fd| would_block(fd.get_mut().send(bytes))) {
                Ok(Ok(r)) => return r,
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => continue,
            }
        }
    }

    /// Receives one whole datagram into `recv`.
    async fn recv_datagram(&mut self) -> Result<RecvInfo, Error> {
        self.rpos = 0;
        self.rlen = 0;
        // Offer a large buffer: the kernel sizes dump datagrams to what readers offered.
        if self.recv.len() < DEFAULT_RECV_BUFFER {
            self.recv.resize(DEFAULT_RECV_BUFFER, 0);
        }
        loop {
            let mut guard = self.fd.readable_mut().await?;
            let buf = &mut self.recv;
            match guard.try_io(|fd| would_block(fd.get_mut().recv_sized(buf))) {
                Ok(Ok(r)) => {
                    let info = r?;
                    self.stats.datagrams = self.stats.datagrams.saturating_add(1);
                    self.rlen = self.recv.len();
                    return Ok(info);
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => continue,
            }
        }
    }

    /// Reads until the in-flight request yields a data message or a failure, or
    /// completes. A transport error abandons the request.
    async fn step(&mut self) -> Result<Step, Error> {
        loop {
            let Some(ex) = self.inflight.as_mut() else {
                return Ok(Step::Complete);
            };
            if ex.is_complete() {
                self.last_interrupted = ex.is_interrupted();
                self.inflight = None;
                return Ok(Step::Complete);
            }
            if self.rpos >= self.rlen {
                let info = match self.recv_datagram().await {
                    Ok(i) => i.received(),
                    Err(e) => {
                        self.inflight = None;
                        return Err(e);
                    }
                };
                let Some(ex) = self.inflight.as_ref() else {
                    continue;
                };
                if let Err(r) = ex.check_sender(info.port, info.groups) {
                    self.stats.count(&r);
                    self.rpos = self.rlen;
                }
                continue;
            }
            let rest = self.recv.get(self.rpos..self.rlen).unwrap_or(&[]);
            let mut msgs = Messages::new(rest);
            let m = match msgs.next() {
                Some(Ok(m)) => m,
                Some(Err(e)) => {
                    // The framing is lost: nothing after this can be trusted.
                    self.rpos = self.rlen;
                    self.inflight = None;
                    return Err(Error::Decode(e));
                }
                None => {
                    self.rpos = self.rlen;
                    continue;
                }
            };
            self.rpos = self.rpos.saturating_add(msgs.position());
            let step = match ex.classify(0, &m) {
                Err(r) => {
                    self.stats.count(&r);
                    continue;
                }
                Ok(Reply::Data(d)) => Step::Data(OwnedMessage {
                    bytes: d.bytes().to_vec(),
                }),
                Ok(Reply::Error(e)) => Step::Failed(kernel_error(
                    &self.send,
                    self.header_len,
                    e.errno().unwrap_or(0),
                    e.ext_ack(),
                    false,
                )),
                Ok(Reply::Done(d)) => match d.errno() {
                    Some(errno) => Step::Failed(kernel_error(
                        &self.send,
                        self.header_len,
                        errno,
                        d.ext_ack(),
                        true,
                    )),
                    None => continue,
                },
                Ok(Reply::Ack(_) | Reply::Noop) => continue,
                Ok(Reply::Overrun(_)) => Step::Failed(Error::Overrun),
            };
            return Ok(step);
        }
    }
}

/// The messages of a dump in progress; see [`AsyncClient::dump`].
///
/// Dropping it before the end is allowed: the client reads the rest of the dump at the
/// start of its next request.
#[derive(Debug)]
pub struct Dump<'c> {
    client: &'c mut AsyncClient,
    messages: usize,
    finished: bool,
}

impl Dump<'_> {
    /// The next message of the dump; `None` after the last. A kernel error (a failed
    /// dump, strict-check errors in `NLMSG_DONE`) is yielded as `Some(Err(…))`, then
    /// the dump ends; so does a transport error.
    pub async fn next(&mut self) -> Option<Result<OwnedMessage, Error>> {
        if self.finished {
            return None;
        }
        match self.client.step().await {
            Ok(Step::Data(m)) => {
                self.messages += 1;
                Some(Ok(m))
            }
            Ok(Step::Failed(e)) => Some(Err(e)),
            Ok(Step::Complete) => {
                self.finished = true;
                None
            }
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }

    /// Reads the whole dump: every message, or the first error (once the dump ended, as
    /// [`Client::dump`] does).
    pub async fn collect(mut self) -> Result<Vec<OwnedMessage>, Error> {
        let mut out = Vec::new();
        let mut failure = None;
        while let Some(m) = self.next().await {
            match m {
                Ok(m) if failure.is_none() => out.push(m),
                Ok(_) => {}
                Err(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Data messages yielded so far.
    pub fn messages(&self) -> usize {
        self.messages
    }

    /// Whether the kernel flagged the dump `NLM_F_DUMP_INTR` (its data changed while it
    /// was read): so far, or, once ended, at all.
    pub fn is_interrupted(&self) -> bool {
        match &self.client.inflight {
            Some(ex) => ex.is_interrupted(),
            None => self.client.last_interrupted,
        }
    }
}

/// A multicast notification, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    /// The group it was sent to, when the socket reports it (groups above 32, or
    /// [`Socket::set_pktinfo`]).
    pub group: Option<u32>,
    /// The legacy group bitmask it was sent to (0 for groups above 32).
    pub groups: u32,
    /// The peer namespace id, with [`Socket::set_listen_all_nsid`].
    pub nsid: Option<i32>,
    /// The message.
    pub message: OwnedMessage,
}

impl Notification {
    /// The rtnetlink event this notification is (on a `NETLINK_ROUTE` subscription).
    pub fn rtnl_event(&self) -> Result<Event, Error> {
        Event::parse(&self.message.message()?)
    }
}

/// A subscription to multicast groups: [`Self::recv`] waits for the next notification.
///
/// If notifications arrive faster than they are read, the socket's queue overflows and
/// [`Self::recv`] fails once with [`Error::Overrun`] (notifications were lost: re-read the
/// state with a dump), then goes on.
#[derive(Debug)]
pub struct Subscription {
    fd: AsyncFd<Socket>,
    buf: Vec<u8>,
    pos: usize,
    last: RecvInfo,
}

impl Subscription {
    /// Opens a socket of `protocol` in the calling thread's namespace and joins `groups`
    /// (for rtnetlink see [`nlwire_codec::rtnl::group`]; for a generic netlink family, its
    /// [`Family::groups`](crate::Family::groups)).
    pub fn open(protocol: Protocol, groups: &[u32]) -> Result<Self, Error> {
        let mut socket = Socket::new(protocol)?;
        socket.bind_auto()?;
        for &g in groups {
            socket.join_group(g)?;
        }
        Self::from_socket(socket)
    }

    /// Adopts a bound socket (opened in another namespace, groups joined): makes it
    /// non-blocking and registers it with the current Tokio runtime.
    pub fn from_socket(socket: Socket) -> Result<Self, Error> {
        Ok(Self {
            fd: register(socket)?,
            buf: Vec::new(),
            pos: 0,
            last: RecvInfo::default(),
        })
    }

    /// Joins group `group`.
    pub fn join(&mut self, group: u32) -> Result<(), Error> {
        Ok(self.fd.get_mut().join_group(group)?)
    }

    /// Leaves group `group`.
    pub fn leave(&mut self, group: u32) -> Result<(), Error> {
        Ok(self.fd.get_ref().leave_group(group)?)
    }

    /// The socket.
    pub fn socket(&self) -> &Socket {
        self.fd.get_ref()
    }

    /// Waits for the next notification from the kernel (messages from other user-space
    /// sockets are skipped). Cancel-safe: dropping the future loses nothing.
    pub async fn recv(&mut self) -> Result<Notification, Error> {
        loop {
            if self.pos < self.buf.len() {
                let rest = self.buf.get(self.pos..).unwrap_or(&[]);
                let mut msgs = Messages::new(rest);
                match msgs.next() {
                    Some(Ok(m)) => {
                        self.pos = self.pos.saturating_add(msgs.position());
                        if m.message_type().is_control() {
                            continue;
                        }
                        return Ok(Notification {
                            group: self.last.group,
                            groups: self.last.groups,
                            nsid: self.last.nsid,
                            message: OwnedMessage {
                                bytes: m.bytes().to_vec(),
                            },
                        });
                    }
                    Some(Err(e)) => {
                        self.pos = self.buf.len();
                        return Err(Error::Decode(e));
                    }
                    None => {
                        self.pos = self.buf.len();
                        continue;
                    }
                }
            }
            let mut guard = self.fd.readable_mut().await?;
            let buf = &mut self.buf;
            match guard.try_io(|fd| would_block(fd.get_mut().recv_sized(buf))) {
                Ok(Ok(r)) => {
                    let info = match r {
                        Ok(i) => i,
                        Err(e) => {
                            self.buf.clear();
                            self.pos = 0;
                            return Err(e);
                        }
                    };
                    self.pos = 0;
                    if info.port != 0 {
                        self.buf.clear();
                    }
                    self.last = info;
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_would_block) => {}
            }
        }
    }
}

/// Makes `socket` non-blocking and registers it with the current Tokio runtime.
fn register(socket: Socket) -> Result<AsyncFd<Socket>, Error> {
    if ::tokio::runtime::Handle::try_current().is_err() {
        return Err(Error::Io(io::Error::other(
            "nlwire_sys::tokio needs a Tokio runtime: make the client inside one",
        )));
    }
    socket.set_nonblocking(true)?;
    // Tokio 1.54 deprecated `AsyncFd::new` for `unsafe fn AsyncFd::register`, whose
    // contract is that `as_raw_fd` returns the same open descriptor for the `AsyncFd`'s
    // whole life. `Socket` owns its `OwnedFd`, never replaces it, and closes it only when
    // dropped, after `AsyncFd` has deregistered it: the contract holds. (This crate keeps
    // `unsafe` in `raw.rs`; calling `register` would belong there.)
    #[allow(deprecated)]
    let fd = AsyncFd::new(socket)?;
    Ok(fd)
}

/// Splits a socket result for `try_io`: `WouldBlock` as the `io::Error` that clears the
/// readiness, anything else passed through.
fn would_block<T>(r: Result<T, Error>) -> io::Result<Result<T, Error>> {
    match r {
        Err(Error::Io(e)) if e.kind() == io::ErrorKind::WouldBlock => Err(e),
        other => Ok(other),
    }
}

/// A kernel error for the request in `send`, its extended-ack offsets mapped to
/// attribute paths.
fn kernel_error(
    send: &MsgBuf,
    header_len: HeaderLen,
    errno: i32,
    ext: &ExtAck<'_>,
    in_done: bool,
) -> Error {
    let mut k = crate::client::kernel_error_for(send.as_slice(), header_len, errno, ext);
    k.in_done = in_done;
    Error::from(k)
}
