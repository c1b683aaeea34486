//! The netlink core: the request loop of `netlink_rcv_skb`, acks with extended acks,
//! and the dump machinery of `netlink_dump` (chunking, `NLMSG_DONE`, `NLM_F_DUMP_INTR`).

use nlwire_codec::{Buffer, Builder, EncodeError, Flags, Message, MessageType, NlMsgHdr};

use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::faults;
use crate::policy::Ext;
use crate::state::{Dgram, GOODSIZE, SockId, State, truesize};

/// One request being handled.
#[derive(Clone, Copy)]
pub(crate) struct Req<'a> {
    pub msg: Message<'a>,
    pub sock: SockId,
    pub port: u32,
    pub ns: u32,
    pub strict: bool,
}

impl Req<'_> {
    pub(crate) fn flags(&self) -> Flags {
        self.msg.flags()
    }
    pub(crate) fn seq(&self) -> u32 {
        self.msg.seq()
    }
    /// `(socket, port)` if the request asked for `NLM_F_ECHO`.
    pub(crate) fn echo(&self) -> Option<(SockId, u32)> {
        self.flags()
            .contains(Flags::ECHO)
            .then_some((self.sock, self.port))
    }
}

/// How a handled request ended when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Done: ack if asked.
    Done,
    /// A dump started: no ack.
    Dump,
    /// A hook consumed the request: no ack.
    Silent,
}

/// A handler result.
pub(crate) type HResult = Result<Outcome, Errno>;

/// Handles one datagram sent by socket `sid` to the kernel (port 0).
pub(crate) fn process(st: &mut State, sid: SockId, data: &[u8]) {
    let Some(sock) = st.socks.get(&sid) else {
        return;
    };
    let (port, ns, proto, strict) = (sock.port.unwrap_or(0), sock.ns, sock.proto, sock.strict);
    let mut off = 0usize;
    while data.len().saturating_sub(off) >= NlMsgHdr::LEN {
        let rest = &data[off..];
        let len = u32::from_ne_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        if len < NlMsgHdr::LEN || len > rest.len() {
            // A bad nlmsg_len: the rest of the datagram is silently dropped.
            return;
        }
        let Ok(msg) = Message::parse(&rest[..len]) else {
            return;
        };
        st.clock = st.clock.wrapping_add(1);
        let mut ext = Ext::default();
        let flags = msg.flags();
        let result: HResult = if !flags.contains(Flags::REQUEST) || msg.message_type().is_control()
        {
            Ok(Outcome::Done)
        } else {
            let req = Req {
                msg,
                sock: sid,
                port,
                ns,
                strict,
            };
            match faults::intercept(st, &req, &mut ext) {
                Some(r) => r,
                None => dispatch(st, proto, &req, &mut ext),
            }
        };
        match result {
            Ok(Outcome::Dump) | Ok(Outcome::Silent) => {}
            Ok(Outcome::Done) => {
                if flags.contains(Flags::ACK) {
                    send_ack(st, sid, &msg, 0, &ext);
                }
            }
            Err(e) => send_ack(st, sid, &msg, e.wire(), &ext),
        }
        crate::rtnl::link::run_linkwatch(st, ns);
        let step = nlwire_codec::align(len).unwrap_or(len).min(rest.len());
        off += step;
    }
}

fn dispatch(st: &mut State, proto: i32, req: &Req<'_>, ext: &mut Ext) -> HResult {
    match proto {
        crate::PROTO_ROUTE => crate::rtnl::dispatch(st, req, ext),
        crate::PROTO_GENERIC => crate::genl::dispatch(st, req, ext),
        _ => Err(Errno::EOPNOTSUPP),
    }
}

/// Builds an `NLMSG_ERROR` for `req` with code `code` (0 or a negative errno).
pub(crate) fn build_ack(
    req: &Message<'_>,
    port: u32,
    code: i32,
    ext: &Ext,
    cap_ack: bool,
    ext_ack: bool,
) -> Vec<u8> {
    let err = code != 0;
    let mut flags = Flags::EMPTY;
    let echo_whole = err && !cap_ack;
    if !echo_whole {
        flags |= Flags::CAPPED;
    }
    let tlvs = ext_ack && ext.has_tlvs(err);
    if tlvs {
        flags |= Flags::ACK_TLVS;
    }
    // nlmsghdr + error code + the echoed request (or its header), then the TLVs.
    let echoed = if echo_whole {
        req.bytes().len()
    } else {
        NlMsgHdr::LEN
    };
    let tlv_room = if tlvs { 512 } else { 0 };
    let mut buf = VecBuf::with_capacity(NlMsgHdr::LEN + 4 + echoed + 4 + tlv_room);
    let r: Result<(), EncodeError> = (|| {
        let mut b = Builder::message(&mut buf, MessageType::ERROR, flags, req.seq(), port)?;
        b.put_bytes(&code.to_ne_bytes())?;
        if echo_whole {
            b.put_bytes(req.bytes())?;
        } else {
            b.put_bytes(&req.bytes()[..NlMsgHdr::LEN])?;
        }
        if tlvs {
            ext.write(&mut b, err)?;
        }
        Ok(())
    })();
    debug_assert!(r.is_ok());
    buf.into_vec()
}

/// Queues the ack or error for `msg` on socket `sid`.
pub(crate) fn send_ack(st: &mut State, sid: SockId, msg: &Message<'_>, code: i32, ext: &Ext) {
    let Some(s) = st.socks.get(&sid) else {
        return;
    };
    let bytes = build_ack(msg, s.port.unwrap_or(0), code, ext, s.cap_ack, s.ext_ack);
    let alloc = bytes.len();
    st.unicast(sid, bytes, alloc);
}

/// A dump of one kind, with its filter.
#[derive(Debug)]
pub(crate) enum DumpKind {
    Link(crate::rtnl::link::LinkFilter),
    Addr(crate::rtnl::addr::AddrFilter),
    Route(crate::rtnl::route::RouteFilter),
    Empty,
    Ctrl,
    /// Messages produced up front (user generic netlink families).
    Prepared(std::collections::VecDeque<Vec<u8>>),
}

/// A dump in progress on a socket (the kernel's `netlink_callback`).
#[derive(Debug)]
pub(crate) struct Dump {
    pub kind: DumpKind,
    pub ns: u32,
    pub seq: u32,
    pub port: u32,
    /// Position in the object list; meaning depends on the kind.
    pub cursor: [u64; 3],
    pub prev_gen: Option<u64>,
    /// rtnl link/addr/route dumps send `NLMSG_DONE` in a datagram of its own.
    pub split_done: bool,
    pub answer_flags: Flags,
    pub data_done: bool,
    pub error: Option<(Errno, Ext)>,
    pub force_intr: bool,
    pub chunks: u32,
}

impl Dump {
    pub(crate) fn new(req: &Req<'_>, kind: DumpKind, split_done: bool) -> Self {
        Self {
            kind,
            ns: req.ns,
            seq: req.seq(),
            port: req.port,
            cursor: [0; 3],
            prev_gen: None,
            split_done,
            answer_flags: Flags::EMPTY,
            data_done: false,
            error: None,
            force_intr: false,
            chunks: 0,
        }
    }

    /// A dump that fails at once: `NLMSG_DONE` carries `e` and the ext-ack.
    pub(crate) fn failed(mut self, e: Errno, ext: Ext) -> Self {
        self.error = Some((e, ext));
        self.data_done = true;
        self
    }
}

/// Where a dump writes one chunk.
pub(crate) struct DumpOut<'a> {
    pub buf: VecBuf,
    pub seq: u32,
    pub pid: u32,
    pub flags: Flags,
    generation: Option<u64>,
    prev_gen: &'a mut Option<u64>,
    force_intr: &'a mut bool,
    later_chunk: bool,
}

impl DumpOut<'_> {
    /// Writes one message with `f` (given the flags to use). `Ok(false)`: it did not fit
    /// and the chunk is full. `Err(EMSGSIZE)`: it does not fit even an empty chunk.
    pub(crate) fn put<F>(&mut self, f: F) -> Result<bool, Errno>
    where
        F: FnOnce(&mut VecBuf, Flags, u32, u32) -> Result<(), EncodeError>,
    {
        let mark = self.buf.len();
        match f(&mut self.buf, self.flags, self.seq, self.pid) {
            Ok(()) => {
                self.check_consistent(mark);
                Ok(true)
            }
            Err(_) => {
                self.buf.truncate(mark);
                if mark == 0 {
                    Err(Errno::EMSGSIZE)
                } else {
                    Ok(false)
                }
            }
        }
    }

    /// `nl_dump_check_consistent` on the message that starts at `at`.
    fn check_consistent(&mut self, at: usize) {
        let mut intr = false;
        if let (Some(prev), Some(cur)) = (*self.prev_gen, self.generation) {
            intr = prev != cur;
        }
        if self.generation.is_some() {
            *self.prev_gen = self.generation;
        }
        if *self.force_intr && self.later_chunk {
            *self.force_intr = false;
            intr = true;
        }
        if intr {
            let b = self.buf.as_mut_slice();
            if let Some(f) = b.get_mut(at + 6..at + 8) {
                let v = u16::from_ne_bytes([f[0], f[1]]) | Flags::DUMP_INTR.0;
                f.copy_from_slice(&v.to_ne_bytes());
            }
        }
    }
}

/// The size of the next dump chunk (`netlink_dump`'s allocation).
fn chunk_size(max_recvmsg_len: usize) -> usize {
    let min = GOODSIZE;
    if min < max_recvmsg_len {
        max_recvmsg_len
    } else {
        min
    }
}

/// `netlink_dump`: produces the next chunk of the dump running on `sid`, if any.
pub(crate) fn run_dump(st: &mut State, sid: SockId) {
    let Some(sock) = st.socks.get_mut(&sid) else {
        return;
    };
    if sock.dump.is_none() || sock.rmem >= sock.rcvbuf {
        return;
    }
    let Some(mut d) = sock.dump.take() else {
        return;
    };
    let cap = chunk_size(sock.max_recvmsg_len);
    let ext_ack = sock.ext_ack;
    // A DONE-only call of a split dump runs no dumpit: `cb->seq` stays as it was.
    let generation = if d.data_done {
        d.prev_gen
    } else {
        dump_gen(st, &d)
    };
    let later_chunk = d.chunks > 0;
    let mut prev_gen = d.prev_gen;
    let mut force = d.force_intr;
    let mut out = DumpOut {
        buf: VecBuf::with_limit(cap),
        seq: d.seq,
        pid: d.port,
        flags: Flags::MULTI | d.answer_flags,
        generation,
        prev_gen: &mut prev_gen,
        force_intr: &mut force,
        later_chunk,
    };
    if !d.data_done {
        match fill(st, &mut d, &mut out) {
            Ok(true) => d.data_done = true,
            Ok(false) => {}
            Err((e, ext)) => {
                d.data_done = true;
                d.error = Some((e, ext));
            }
        }
    }
    let mut data = out.buf.into_vec();
    d.prev_gen = prev_gen;
    d.force_intr = force;
    let room = cap.saturating_sub(data.len());
    let wrote_data = !data.is_empty();
    // rtnl's split dumps send DONE on its own; others add it when it fits.
    let done_now = d.data_done && !(d.split_done && wrote_data) && room >= 20;
    if done_now {
        let (code, ext) = match &d.error {
            Some((e, x)) => (e.wire(), x.clone()),
            None => (0, Ext::default()),
        };
        let tlvs = ext_ack && ext.has_tlvs(code != 0);
        let mut flags = Flags::MULTI | d.answer_flags;
        if tlvs {
            flags |= Flags::ACK_TLVS;
        }
        // nl_dump_check_consistent on DONE too.
        let changed = matches!((d.prev_gen, generation), (Some(p), Some(c)) if p != c);
        if changed || d.force_intr {
            flags |= Flags::DUMP_INTR;
        }
        let mut dbuf = VecBuf::with_capacity(if tlvs { 512 } else { 24 });
        let r: Result<(), EncodeError> = (|| {
            let mut b = Builder::message(&mut dbuf, MessageType::DONE, flags, d.seq, d.port)?;
            b.put_bytes(&code.to_ne_bytes())?;
            if tlvs {
                ext.write(&mut b, code != 0)?;
            }
            Ok(())
        })();
        debug_assert!(r.is_ok());
        data.extend_from_slice(dbuf.bytes());
    }
    d.chunks += 1;
    let Some(sock) = st.socks.get_mut(&sid) else {
        return;
    };
    if !data.is_empty() {
        sock.deliver_dump(Dgram {
            data,
            truesize: truesize(cap),
            port: 0,
            group: 0,
        });
    }
    if !done_now {
        sock.dump = Some(d);
    }
}

/// The generation counter a dump kind checks for consistency (`cb->seq`), if any.
fn dump_gen(st: &State, d: &Dump) -> Option<u64> {
    let ns = st.nss.get(&d.ns)?;
    match d.kind {
        DumpKind::Link(_) => Some(u64::from(ns.dev_gen)),
        DumpKind::Addr(_) => Some(u64::from(ns.dev_gen) + u64::from(ns.addr_gen)),
        _ => None,
    }
}

/// Fills one chunk. `Ok(true)` when everything was written.
fn fill(st: &State, d: &mut Dump, out: &mut DumpOut<'_>) -> Result<bool, (Errno, Ext)> {
    let Some(ns) = st.nss.get(&d.ns) else {
        return Ok(true);
    };
    let r = match &mut d.kind {
        DumpKind::Link(f) => crate::rtnl::link::dump_fill(ns, f, &mut d.cursor, out),
        DumpKind::Addr(f) => crate::rtnl::addr::dump_fill(ns, f, &mut d.cursor, out),
        DumpKind::Route(f) => crate::rtnl::route::dump_fill(ns, f, &mut d.cursor, out),
        DumpKind::Empty => Ok(true),
        DumpKind::Ctrl => crate::genl::ctrl_dump_fill(st, d.ns, &mut d.cursor, out),
        DumpKind::Prepared(q) => {
            let mut r = Ok(true);
            while let Some(m) = q.front() {
                match out.put(|b, flags, _, _| {
                    let at = b.len();
                    b.extend_zeroed(m.len())?;
                    let dst = &mut b.as_mut_slice()[at..];
                    dst.copy_from_slice(m);
                    // The prepared message's flags get MULTI and the answer flags.
                    let f = u16::from_ne_bytes([dst[6], dst[7]]) | flags.0;
                    dst[6..8].copy_from_slice(&f.to_ne_bytes());
                    Ok(())
                }) {
                    Ok(true) => {
                        q.pop_front();
                    }
                    Ok(false) => {
                        r = Ok(false);
                        break;
                    }
                    Err(e) => {
                        r = Err(e);
                        break;
                    }
                }
            }
            r
        }
    };
    r.map_err(|e| (e, Ext::default()))
}

/// `__netlink_dump_start`: installs `d` on the requester's socket and produces the first
/// chunk. EBUSY if a dump is already running there.
pub(crate) fn start_dump(st: &mut State, req: &Req<'_>, mut d: Dump) -> HResult {
    let Some(sock) = st.socks.get_mut(&req.sock) else {
        return Err(Errno::ENOTCONN);
    };
    if sock.dump.is_some() {
        return Err(Errno::EBUSY);
    }
    if st.faults.take_force_intr(req.sock) {
        d.force_intr = true;
    }
    if let Some(sock) = st.socks.get_mut(&req.sock) {
        sock.dump = Some(d);
    }
    run_dump(st, req.sock);
    Ok(Outcome::Dump)
}
