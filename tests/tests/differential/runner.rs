//! The runner: sends each op on a request socket (ext-ack on), collects every reply up to
//! a barrier (an `NLMSG_NOOP` with `NLM_F_ACK`, acked in order after the op), drains a
//! listener joined to the link/addr/route/neigh/rule/nexthop groups, and finally dumps
//! every object kind. Generic over [`Transport`]: the same code drives a real socket in a
//! private namespace and a [`SimSocket`].

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug};
use std::net::IpAddr;

use nlwire_codec::rtnl::group;
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::{Builder, Flags, Message, MessageType, Messages, Protocol, Transport};
use nlwire_simkernel::{Kernel, SimSocket, VecBuf};
use nlwire_sys::Socket;

use super::norm::{self, Canon};
use super::ops::{ALL_OBJS, NO_INDEX, Obj, Op, SockOpt, Verb};

/// The groups the listener joins.
pub(crate) const GROUPS: [u32; 10] = [
    group::LINK,
    group::IPV4_IFADDR,
    group::IPV6_IFADDR,
    group::IPV4_ROUTE,
    group::IPV6_ROUTE,
    group::NEIGH,
    group::IPV4_RULE,
    group::IPV6_RULE,
    group::NEXTHOP,
    group::NOTIFY,
];

/// Sequence number of the barrier after each op.
const BARRIER_SEQ: u32 = 0x00ba_0000;

/// What a socket needs beyond [`Transport`]: telling "nothing queued" from errors, and
/// setting options.
pub(crate) trait Side: Transport<Error: Debug> {
    /// Whether `e` means "nothing to receive now".
    fn would_block(e: &Self::Error) -> bool;
    /// Sets a socket option.
    fn set_opt(&mut self, o: SockOpt);
    /// Joins a multicast group and makes receiving non-blocking.
    fn listen(&mut self, group: u32);
}

impl Side for Socket {
    fn would_block(e: &nlwire_sys::Error) -> bool {
        matches!(e, nlwire_sys::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock)
    }
    fn set_opt(&mut self, o: SockOpt) {
        match o {
            SockOpt::ExtAck(on) => self.set_ext_ack(on),
            SockOpt::CapAck(on) => self.set_cap_ack(on),
            SockOpt::Strict(on) => self.set_strict_check(on),
        }
        .expect("socket option");
    }
    fn listen(&mut self, group: u32) {
        self.join_group(group).expect("join group");
        self.set_nonblocking(true).expect("non-blocking");
    }
}

impl Side for SimSocket {
    fn would_block(e: &std::io::Error) -> bool {
        e.kind() == std::io::ErrorKind::WouldBlock
    }
    fn set_opt(&mut self, o: SockOpt) {
        match o {
            SockOpt::ExtAck(on) => self.set_ext_ack(on),
            SockOpt::CapAck(on) => self.set_cap_ack(on),
            SockOpt::Strict(on) => self.set_strict_check(on),
        }
        .expect("socket option");
    }
    fn listen(&mut self, group: u32) {
        self.join_group(group).expect("join group");
    }
}

/// The normalised outcome of one op.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Step {
    /// The op, as a script line.
    pub op: String,
    /// Every reply, in order.
    pub replies: Vec<String>,
    /// Notifications per multicast group, in order.
    pub events: BTreeMap<u32, Vec<String>>,
}

/// A whole run: the steps and the final dumps (sorted).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Transcript {
    /// One per op.
    pub steps: Vec<Step>,
    /// Per object kind, the sorted normalised dump.
    pub dumps: Vec<(Obj, Vec<String>)>,
}

impl Transcript {
    /// The first difference between `self` (kernel) and `other` (simkernel), described.
    pub(crate) fn first_difference(&self, other: &Transcript) -> Option<String> {
        for (i, (a, b)) in self.steps.iter().zip(&other.steps).enumerate() {
            if a.replies != b.replies {
                return Some(format!(
                    "op #{i} `{}`: replies differ\n  kernel:    {:#?}\n  simkernel: {:#?}",
                    a.op, a.replies, b.replies
                ));
            }
            if a.events != b.events {
                let groups: Vec<_> = a.events.keys().chain(b.events.keys()).collect();
                for g in groups {
                    let (x, y) = (a.events.get(g), b.events.get(g));
                    if x != y {
                        return Some(format!(
                            "op #{i} `{}`: multicast group {g} differs\n  kernel:    {:#?}\n  simkernel: {:#?}",
                            a.op, x, y
                        ));
                    }
                }
            }
        }
        if self.steps.len() != other.steps.len() {
            return Some(format!(
                "step counts differ: {} vs {}",
                self.steps.len(),
                other.steps.len()
            ));
        }
        for ((o, a), (_, b)) in self.dumps.iter().zip(&other.dumps) {
            if a != b {
                let only_k: Vec<_> = a.iter().filter(|x| !b.contains(x)).collect();
                let only_s: Vec<_> = b.iter().filter(|x| !a.contains(x)).collect();
                return Some(format!(
                    "final {o:?} dump differs\n  only in kernel:    {only_k:#?}\n  only in simkernel: {only_s:#?}"
                ));
            }
        }
        None
    }
}

impl fmt::Display for Transcript {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.steps {
            writeln!(f, "> {}", s.op)?;
            for r in &s.replies {
                writeln!(f, "  < {r}")?;
            }
            for (g, es) in &s.events {
                for e in es {
                    writeln!(f, "  ~{g} {e}")?;
                }
            }
        }
        for (o, d) in &self.dumps {
            writeln!(f, "= {o:?}")?;
            for l in d {
                writeln!(f, "  {l}")?;
            }
        }
        Ok(())
    }
}

/// How a run ends.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RunOpts {
    /// Wait for the real kernel's link state to settle and compare operstate in the final
    /// link dump.
    pub settle: bool,
}

/// One world: request, listener and helper sockets.
pub(crate) struct World<T: Side> {
    req: T,
    mon: T,
    aux: T,
    aux_seq: u32,
    canon: Canon,
    last_link: HashMap<(u8, i32), String>,
    /// Called after ops that may start asynchronous link work (the real kernel settles).
    pub after_link_op: Option<Box<dyn FnMut()>>,
    /// Called before the final dumps when settling.
    pub settle: Option<Box<dyn FnMut()>>,
}

fn recv_msgs<T: Side>(s: &mut T, buf: &mut [u8]) -> Option<Vec<Vec<u8>>> {
    match s.recv(buf) {
        Ok(r) => {
            let n = r.len.min(buf.len());
            Some(
                Messages::new(&buf[..n])
                    .filter_map(Result::ok)
                    .map(|m| m.bytes().to_vec())
                    .collect(),
            )
        }
        Err(e) if T::would_block(&e) => None,
        Err(e) => panic!("recv: {e:?}"),
    }
}

fn barrier(seq: u32) -> Vec<u8> {
    let mut b = VecBuf::new();
    let m = Builder::message(
        &mut b,
        MessageType::NOOP,
        Flags::REQUEST | Flags::ACK,
        seq,
        0,
    )
    .expect("fits");
    m.finish();
    b.into_vec()
}

impl<T: Side> World<T> {
    /// A world from three sockets of the same kernel.
    pub(crate) fn new(mut req: T, mut mon: T, aux: T) -> Self {
        req.set_opt(SockOpt::ExtAck(true));
        for g in GROUPS {
            mon.listen(g);
        }
        // Bind the request socket now, so that its port id is known.
        req.send(&barrier(1)).expect("send");
        let mut buf = vec![0u8; 65536];
        while recv_msgs(&mut req, &mut buf).is_none() {}
        let own = req.local_port().unwrap_or(0);
        Self {
            req,
            mon,
            aux,
            aux_seq: 1,
            canon: Canon::new(own),
            last_link: HashMap::new(),
            after_link_op: None,
            settle: None,
        }
    }

    fn resolve(&mut self, name: &str) -> i32 {
        self.aux_seq += 1;
        let mut b = VecBuf::new();
        link::get_request(&mut b, self.aux_seq, 0, Some(name)).expect("fits");
        self.aux.send(&b.into_vec()).expect("send");
        let mut buf = vec![0u8; 65536];
        loop {
            let Some(ms) = recv_msgs(&mut self.aux, &mut buf) else {
                continue;
            };
            for m in ms {
                let m = Message::parse(&m).expect("message");
                if m.seq() != self.aux_seq {
                    continue;
                }
                if m.message_type() == MessageType::ERROR {
                    return NO_INDEX;
                }
                if let Ok(l) = LinkMsg::parse(&m) {
                    return l.index();
                }
            }
        }
    }

    /// Sends `dgram` on `sock`, returning every message up to the barrier.
    fn exchange(sock: &mut T, dgram: &[u8], seq_hint: u32) -> Vec<Vec<u8>> {
        let mut dumps: Vec<u32> = Messages::new(dgram)
            .filter_map(Result::ok)
            .filter(|m| m.flags().contains(Flags::DUMP) && m.flags().contains(Flags::REQUEST))
            .map(|m| m.seq())
            .collect();
        sock.send(dgram).expect("send");
        let mut out = Vec::new();
        let mut buf = vec![0u8; 65536];
        let mut idle = 0;
        while !dumps.is_empty() {
            let Some(ms) = recv_msgs(sock, &mut buf) else {
                idle += 1;
                assert!(idle < 1000, "dump never finished");
                continue;
            };
            for m in ms {
                let p = Message::parse(&m).expect("message");
                let t = p.message_type();
                if t == MessageType::DONE || t == MessageType::ERROR {
                    dumps.retain(|&s| s != p.seq());
                }
                out.push(m);
            }
        }
        let bseq = BARRIER_SEQ + seq_hint;
        sock.send(&barrier(bseq)).expect("send");
        loop {
            let Some(ms) = recv_msgs(sock, &mut buf) else {
                idle += 1;
                assert!(idle < 1000, "barrier never acked");
                continue;
            };
            for m in ms {
                let p = Message::parse(&m).expect("message");
                if p.message_type() == MessageType::ERROR && p.seq() == bseq {
                    return out;
                }
                out.push(m);
            }
        }
    }

    /// Runs one op with sequence number `seq`.
    pub(crate) fn step(&mut self, op: &Op, seq: u32) -> Step {
        let mut replies = Vec::new();
        if let Op::Opt(o) = op {
            self.req.set_opt(*o);
        } else if let Op::Settle = op {
            if let Some(f) = &mut self.settle {
                f();
            }
        } else {
            let mut resolve = |n: &str| self.resolve(n);
            let dgram = op.build(seq, &mut resolve).expect("a request");
            for m in Self::exchange(&mut self.req, &dgram, seq) {
                let p = Message::parse(&m).expect("message");
                if let Some(line) = norm::message(&mut self.canon, &p, true) {
                    replies.push(line);
                }
            }
        }
        if matches!(op, Op::Dump(Obj::Neigh)) {
            // Neighbour dumps walk hash tables: their order is volatile.
            let done = replies
                .last()
                .is_some_and(|l| l.starts_with("NLMSG_DONE"))
                .then(|| replies.pop())
                .flatten();
            replies.sort();
            replies.extend(done);
        }
        let mut events = self.drain_events();
        if op.touches_links() {
            if let Some(mut f) = self.after_link_op.take() {
                // Asynchronous work (linkwatch, DAD) may still be notifying: drain until
                // two pauses in a row bring nothing more; after a successful IPv6
                // address request, until its RTM_NEWADDR has come (DAD work).
                let wanted = match op {
                    Op::Addr(Verb::Add | Verb::Replace, _, ip @ IpAddr::V6(_), len)
                        if replies.first().is_some_and(|r| r.ends_with("errno=0")) =>
                    {
                        Some(format!(
                            "RTM_NEWADDR flags=0x0 seq=0 pid=0 fam=10 {ip}/{len} "
                        ))
                    }
                    _ => None,
                };
                let seen = |events: &BTreeMap<u32, Vec<String>>, w: &str| {
                    events
                        .get(&group::IPV6_IFADDR)
                        .is_some_and(|es| es.iter().any(|e| e.starts_with(w)))
                };
                let mut quiet = 0;
                let mut rounds = 0;
                while quiet < 2
                    || wanted
                        .as_deref()
                        .is_some_and(|w| !seen(&events, w) && rounds < 100)
                {
                    f();
                    rounds += 1;
                    let more = self.drain_events();
                    if more.is_empty() {
                        quiet += 1;
                        continue;
                    }
                    quiet = 0;
                    for (g, mut es) in more {
                        events.entry(g).or_default().append(&mut es);
                    }
                }
                self.after_link_op = Some(f);
            }
        }
        if let Some(n) = events.get_mut(&group::NEIGH) {
            // Flushes walk the neighbour hash table: order volatile.
            n.sort();
        }
        Step {
            op: op.to_string(),
            replies,
            events,
        }
    }

    fn drain_events(&mut self) -> BTreeMap<u32, Vec<String>> {
        let mut out: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        let mut buf = vec![0u8; 65536];
        while let Some(ms) = recv_msgs(&mut self.mon, &mut buf) {
            for m in ms {
                let p = Message::parse(&m).expect("message");
                let t = p.message_type().0;
                if t == 16 || t == 17 {
                    if let Ok(l) = LinkMsg::parse(&p) {
                        let key = norm::link_key(&mut self.canon, &p).unwrap_or_default();
                        let idx = (l.family(), l.index());
                        if t == 17 {
                            self.last_link.remove(&idx);
                        } else if self.last_link.get(&idx) == Some(&key) {
                            // Only operstate/carrier/change differ: linkwatch churn.
                            continue;
                        } else {
                            self.last_link.insert(idx, key);
                        }
                    }
                }
                self.canon.in_events = true;
                let line = norm::message(&mut self.canon, &p, true);
                self.canon.in_events = false;
                if let Some(line) = line {
                    out.entry(norm::group_of(&p)).or_default().push(line);
                }
            }
        }
        out
    }

    /// Dumps every object kind on the helper socket.
    pub(crate) fn final_dumps(&mut self, opts: RunOpts) -> Vec<(Obj, Vec<String>)> {
        if opts.settle {
            if let Some(f) = &mut self.settle {
                f();
            }
            self.canon.with_operstate = true;
        }
        let mut out = Vec::new();
        for o in ALL_OBJS {
            self.aux_seq += 1;
            let seq = self.aux_seq;
            let mut none = |_: &str| NO_INDEX;
            let dgram = Op::Dump(o).build(seq, &mut none).expect("a request");
            let mut lines = Vec::new();
            for m in Self::exchange(&mut self.aux, &dgram, seq) {
                let p = Message::parse(&m).expect("message");
                if p.message_type() == MessageType::DONE {
                    continue;
                }
                if let Some(l) = norm::message(&mut self.canon, &p, false) {
                    lines.push(l);
                }
            }
            lines.sort();
            out.push((o, lines));
        }
        self.canon.with_operstate = false;
        out
    }

    /// Runs a whole script: ops numbered from seq 100.
    pub(crate) fn run(&mut self, ops: &[Op], opts: RunOpts) -> Transcript {
        let steps = ops
            .iter()
            .zip(100u32..)
            .map(|(op, seq)| self.step(op, seq))
            .collect();
        let dumps = self.final_dumps(opts);
        Transcript { steps, dumps }
    }
}

/// Runs `ops` against a fresh simulated kernel.
pub(crate) fn run_sim(ops: &[Op], opts: RunOpts) -> Transcript {
    let k = Kernel::new();
    let s = || k.socket(Protocol::ROUTE).expect("socket");
    let mut w = World::new(s(), s(), s());
    w.run(ops, opts)
}

/// Runs `ops` against the real kernel; call inside a fresh private namespace.
pub(crate) fn run_real(ops: &[Op], opts: RunOpts) -> Transcript {
    let s = || {
        let mut s = Socket::new(Protocol::ROUTE).expect("socket");
        s.bind_auto().expect("bind");
        s
    };
    let mut w = World::new(s(), s(), s());
    w.after_link_op = Some(Box::new(super::settle::quick));
    w.settle = Some(Box::new(super::settle::full));
    w.run(ops, opts)
}
