//! Fault injection and request hooks.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::Arc;

use nlwire_codec::{Message, MessageType};

use crate::errno::Errno;
use crate::netlink::{HResult, Outcome, Req};
use crate::policy::Ext;
use crate::state::{SockId, State};
use crate::{Kernel, NsId, SimSocket};

/// What a request hook does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HookAction {
    /// Fail the request with this error (an `NLMSG_ERROR` as usual).
    Error(Errno),
    /// Fail the request with this error and extended-ack message.
    ErrorMessage(Errno, String),
    /// Do not handle the request; queue these datagrams for the requester instead (no
    /// ack is added: include one if the code under test expects it).
    Reply(Vec<Vec<u8>>),
    /// Drop the request: no reply at all.
    Drop,
}

/// A request hook: called for each request with the requester's namespace and the
/// request; `None` lets the kernel handle it.
pub type Hook = Arc<dyn Fn(NsId, &Message<'_>) -> Option<HookAction> + Send + Sync>;

/// The id of an installed hook, for [`Kernel::remove_hook`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HookId(pub(crate) u64);

#[derive(Clone, Debug)]
struct ErrRule {
    msg_type: Option<u16>,
    errno: Errno,
    text: Option<String>,
    remaining: Option<u32>,
}

/// Installed faults.
#[derive(Default)]
pub(crate) struct FaultState {
    rules: Vec<ErrRule>,
    hooks: Vec<(u64, Hook)>,
    next_hook: u64,
    intr_next_dump: bool,
    intr_socks: BTreeSet<SockId>,
}

impl fmt::Debug for FaultState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaultState")
            .field("rules", &self.rules)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

impl FaultState {
    /// Whether the next dump on `sock` is to be flagged `NLM_F_DUMP_INTR`.
    pub(crate) fn take_force_intr(&mut self, sock: SockId) -> bool {
        let a = std::mem::take(&mut self.intr_next_dump);
        let b = self.intr_socks.remove(&sock);
        a || b
    }
}

/// Runs hooks and injected errors before a request is handled.
pub(crate) fn intercept(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> Option<HResult> {
    let t = req.msg.message_type().0;
    let hooks: Vec<Hook> = st.faults.hooks.iter().map(|(_, h)| h.clone()).collect();
    for h in hooks {
        match h(NsId(req.ns), &req.msg) {
            None => continue,
            Some(HookAction::Error(e)) => return Some(Err(e)),
            Some(HookAction::ErrorMessage(e, m)) => {
                ext.msg = Some(m.into());
                return Some(Err(e));
            }
            Some(HookAction::Drop) => return Some(Ok(Outcome::Silent)),
            Some(HookAction::Reply(dgrams)) => {
                for d in dgrams {
                    let a = d.len();
                    st.unicast(req.sock, d, a);
                }
                return Some(Ok(Outcome::Silent));
            }
        }
    }
    let pos = st
        .faults
        .rules
        .iter()
        .position(|r| r.msg_type.is_none_or(|m| m == t))?;
    let rule = &mut st.faults.rules[pos];
    let e = rule.errno;
    if let Some(m) = &rule.text {
        ext.msg = Some(m.clone().into());
    }
    if let Some(n) = &mut rule.remaining {
        *n = n.saturating_sub(1);
        if *n == 0 {
            st.faults.rules.remove(pos);
        }
    }
    Some(Err(e))
}

/// Fault injection on a [`Kernel`]; see [`Kernel::faults`].
#[derive(Debug)]
pub struct Faults<'a> {
    pub(crate) kernel: &'a Kernel,
}

impl Faults<'_> {
    fn add(
        &self,
        msg_type: Option<MessageType>,
        errno: Errno,
        text: Option<String>,
        n: Option<u32>,
    ) {
        self.kernel.with(|st| {
            st.faults.rules.push(ErrRule {
                msg_type: msg_type.map(|m| m.0),
                errno,
                text,
                remaining: n,
            });
        });
    }

    /// Every request of type `msg_type` fails with `errno` until [`Self::clear`].
    pub fn fail(&self, msg_type: MessageType, errno: Errno) {
        self.add(Some(msg_type), errno, None, None);
    }

    /// The next request of type `msg_type` fails with `errno`.
    pub fn fail_once(&self, msg_type: MessageType, errno: Errno) {
        self.add(Some(msg_type), errno, None, Some(1));
    }

    /// The next `count` requests of type `msg_type` fail with `errno` and the
    /// extended-ack message `text`.
    pub fn fail_with_message(&self, msg_type: MessageType, errno: Errno, text: &str, count: u32) {
        self.add(
            Some(msg_type),
            errno,
            Some(text.to_string()),
            Some(count.max(1)),
        );
    }

    /// The next request of any type fails with `errno`.
    pub fn fail_next(&self, errno: Errno) {
        self.add(None, errno, None, Some(1));
    }

    /// Removes the injected errors (hooks stay).
    pub fn clear(&self) {
        self.kernel.with(|st| st.faults.rules.clear());
    }

    /// Makes `sock` overrun now: its next `recv` fails with `ENOBUFS` (unless it set
    /// `NETLINK_NO_ENOBUFS`) and deliveries are dropped until its queue drains.
    pub fn overrun(&self, sock: &SimSocket) {
        self.kernel.with(|st| {
            if let Some(s) = st.socks.get_mut(&sock.id) {
                if !s.no_enobufs {
                    s.congested = true;
                    s.err = Some(Errno::ENOBUFS);
                }
                s.drops += 1;
            }
        });
    }

    /// The next dump started on any socket is flagged `NLM_F_DUMP_INTR` (its second
    /// chunk's first message, or its `NLMSG_DONE` if it has no second chunk).
    pub fn interrupt_next_dump(&self) {
        self.kernel.with(|st| st.faults.intr_next_dump = true);
    }

    /// Like [`Self::interrupt_next_dump`], for the next dump on `sock` only.
    pub fn interrupt_next_dump_on(&self, sock: &SimSocket) {
        self.kernel.with(|st| {
            st.faults.intr_socks.insert(sock.id);
        });
    }

    /// The next datagram queued for `sock` is cut to `len` bytes (its messages then
    /// claim more bytes than there are).
    pub fn truncate_next(&self, sock: &SimSocket, len: usize) {
        self.kernel.with(|st| {
            if let Some(s) = st.socks.get_mut(&sock.id) {
                s.truncate_next = Some(len);
            }
        });
    }

    /// The next `recvs` receives on `sock` find nothing (`EAGAIN`, or a timeout with a
    /// receive timeout), as if replies were slow.
    pub fn delay(&self, sock: &SimSocket, recvs: u32) {
        self.kernel.with(|st| {
            if let Some(s) = st.socks.get_mut(&sock.id) {
                s.delay_recvs = recvs;
            }
        });
    }
}

pub(crate) fn add_hook(st: &mut State, h: Hook) -> HookId {
    st.faults.next_hook += 1;
    let id = st.faults.next_hook;
    st.faults.hooks.push((id, h));
    HookId(id)
}

pub(crate) fn remove_hook(st: &mut State, id: HookId) {
    st.faults.hooks.retain(|(i, _)| *i != id.0);
}
