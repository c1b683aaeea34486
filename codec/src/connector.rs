//! The kernel connector (`NETLINK_CONNECTOR`) and its process events connector: fork,
//! exec, id changes, session, ptrace, comm, core dump and exit notifications.
//!
//! Every connector message is a netlink message (of type `NLMSG_DONE`, as the kernel
//! sends them) whose payload is a [`CnMsg`] header and `len` bytes of data. For process
//! events the connector id is [`CN_IDX_PROC`]/[`CN_VAL_PROC`]: a listener binds to group
//! `CN_IDX_PROC`, sends [`listen_request`] with [`op::LISTEN`], and receives
//! [`ProcEvent`]s. Needs `CAP_NET_ADMIN`.
//!
//! ```
//! use nlwire_codec::connector::{self, Event, ProcEvent, op, what};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! connector::listen_request(&mut buf, 1, 4242, op::LISTEN)?;
//! let m = Messages::new(buf.as_slice()).next().unwrap()?;
//! let (cn, data) = connector::parse(&m)?;
//! assert_eq!((cn.id.idx.get(), cn.id.val.get()), (connector::CN_IDX_PROC, connector::CN_VAL_PROC));
//! assert_eq!(data, &op::LISTEN.to_ne_bytes());
//!
//! // An exec event as the kernel would send it.
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! let exec = connector::ExecEvent { process_pid: 10.into(), process_tgid: 10.into() };
//! connector::write_event(&mut buf, 7, 0, 123_456, &exec)?;
//! let m = Messages::new(buf.as_slice()).next().unwrap()?;
//! let ev = ProcEvent::parse(&m)?;
//! assert_eq!(ev.what(), what::EXEC);
//! assert!(matches!(ev.event()?, Event::Exec(e) if e.process_pid.get() == 10));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

use zerocopy::byteorder::native_endian::{U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::header::{Flags, MessageType, NlMsgHdr};
use crate::msg::Message;
use crate::writer::{Buffer, Builder};

/// `CN_IDX_PROC`: the process events connector's index (and multicast group).
pub const CN_IDX_PROC: u32 = 1;
/// `CN_VAL_PROC`.
pub const CN_VAL_PROC: u32 = 1;

/// `struct cb_id`: which connector a message is for.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct CbId {
    /// `idx`.
    pub idx: U32,
    /// `val`.
    pub val: U32,
}

/// `struct cn_msg`: the connector header (20 bytes) after the `nlmsghdr`.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct CnMsg {
    /// The connector id.
    pub id: CbId,
    /// Sequence number.
    pub seq: U32,
    /// Acknowledgement number.
    pub ack: U32,
    /// Bytes of data after this header.
    pub len: U16,
    /// Flags.
    pub flags: U16,
}

impl CnMsg {
    /// Size on the wire.
    pub const LEN: usize = 20;
}

/// `enum proc_cn_mcast_op`: what a listener asks for.
pub mod op {
    /// `PROC_CN_MCAST_LISTEN`: start sending events.
    pub const LISTEN: u32 = 1;
    /// `PROC_CN_MCAST_IGNORE`: stop.
    pub const IGNORE: u32 = 2;
}

/// `enum what` of `struct proc_event`.
pub mod what {
    /// `PROC_EVENT_NONE`: the acknowledgement of a listen or ignore.
    pub const NONE: u32 = 0;
    /// `PROC_EVENT_FORK`.
    pub const FORK: u32 = 0x0000_0001;
    /// `PROC_EVENT_EXEC`.
    pub const EXEC: u32 = 0x0000_0002;
    /// `PROC_EVENT_UID`.
    pub const UID: u32 = 0x0000_0004;
    /// `PROC_EVENT_GID`.
    pub const GID: u32 = 0x0000_0040;
    /// `PROC_EVENT_SID`.
    pub const SID: u32 = 0x0000_0080;
    /// `PROC_EVENT_PTRACE`.
    pub const PTRACE: u32 = 0x0000_0100;
    /// `PROC_EVENT_COMM`.
    pub const COMM: u32 = 0x0000_0200;
    /// `PROC_EVENT_NONZERO_EXIT`: only in event filters (exits with a non-zero code).
    pub const NONZERO_EXIT: u32 = 0x2000_0000;
    /// `PROC_EVENT_COREDUMP`.
    pub const COREDUMP: u32 = 0x4000_0000;
    /// `PROC_EVENT_EXIT`.
    pub const EXIT: u32 = 0x8000_0000;
    /// `PROC_EVENT_ALL`: every event, for [`super::listen_filtered_request`].
    pub const ALL: u32 =
        FORK | EXEC | UID | GID | SID | PTRACE | COMM | NONZERO_EXIT | COREDUMP | EXIT;

    /// The event's name.
    pub const fn name(w: u32) -> Option<&'static str> {
        Some(match w {
            NONE => "NONE",
            FORK => "FORK",
            EXEC => "EXEC",
            UID => "UID",
            GID => "GID",
            SID => "SID",
            PTRACE => "PTRACE",
            COMM => "COMM",
            NONZERO_EXIT => "NONZERO_EXIT",
            COREDUMP => "COREDUMP",
            EXIT => "EXIT",
            _ => return None,
        })
    }
}

/// The views of the `event_data` union's members, each `FromBytes` and `Unaligned`.
macro_rules! event_struct {
    ($(#[$m:meta])* $name:ident, $what:expr, { $($(#[$fm:meta])* $f:ident: $t:ty,)* }) => {
        $(#[$m])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, KnownLayout,
            Immutable, Unaligned,
        )]
        #[repr(C)]
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
        }

        impl EventData for $name {
            const WHAT: u32 = $what;
        }
    };
}

/// An `event_data` member: its `what` value.
pub trait EventData: IntoBytes + Immutable {
    /// The `PROC_EVENT_*` it goes with.
    const WHAT: u32;
}

event_struct! {
    /// `ack`: the answer to a listen or ignore (`what` is `NONE`).
    AckEvent, what::NONE, {
        /// 0, or an errno.
        err: U32,
    }
}

event_struct! {
    /// `fork`.
    ForkEvent, what::FORK, {
        /// Parent thread.
        parent_pid: U32,
        /// Parent process.
        parent_tgid: U32,
        /// Child thread.
        child_pid: U32,
        /// Child process.
        child_tgid: U32,
    }
}

event_struct! {
    /// `exec`.
    ExecEvent, what::EXEC, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
    }
}

/// `id` (for `UID` and `GID` events).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct IdEvent {
    /// Thread.
    pub process_pid: U32,
    /// Process.
    pub process_tgid: U32,
    /// Real uid or gid.
    pub real: U32,
    /// Effective uid or gid.
    pub effective: U32,
}

event_struct! {
    /// `sid`: a new session.
    SidEvent, what::SID, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
    }
}

event_struct! {
    /// `ptrace`: attach (tracer set) or detach (tracer 0).
    PtraceEvent, what::PTRACE, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
        /// Tracer thread.
        tracer_pid: U32,
        /// Tracer process.
        tracer_tgid: U32,
    }
}

event_struct! {
    /// `comm`: the command name changed.
    CommEvent, what::COMM, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
        /// The new name, NUL-padded.
        comm: [u8; 16],
    }
}

event_struct! {
    /// `coredump`.
    CoredumpEvent, what::COREDUMP, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
        /// Parent thread.
        parent_pid: U32,
        /// Parent process.
        parent_tgid: U32,
    }
}

event_struct! {
    /// `exit`.
    ExitEvent, what::EXIT, {
        /// Thread.
        process_pid: U32,
        /// Process.
        process_tgid: U32,
        /// Exit code (`wait` status).
        exit_code: U32,
        /// Signal sent to the parent.
        exit_signal: U32,
        /// Parent thread.
        parent_pid: U32,
        /// Parent process.
        parent_tgid: U32,
    }
}

impl CommEvent {
    /// The name without the NUL padding.
    pub fn comm(&self) -> &[u8] {
        let n = self.comm.iter().position(|&b| b == 0).unwrap_or(16);
        &self.comm[..n]
    }
}

/// The fixed start of `struct proc_event`: what happened, on which CPU, when.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct ProcEventHeader {
    /// `what` ([`what`]).
    pub what: U32,
    /// The CPU.
    pub cpu: U32,
    /// Nanoseconds since boot.
    pub timestamp_ns: U64,
}

impl ProcEventHeader {
    /// Size on the wire.
    pub const LEN: usize = 16;
}

/// A decoded event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event<'a> {
    /// The answer to a listen or ignore.
    Ack(&'a AckEvent),
    /// A fork.
    Fork(&'a ForkEvent),
    /// An exec.
    Exec(&'a ExecEvent),
    /// A uid change.
    Uid(&'a IdEvent),
    /// A gid change.
    Gid(&'a IdEvent),
    /// A new session.
    Sid(&'a SidEvent),
    /// A ptrace attach or detach.
    Ptrace(&'a PtraceEvent),
    /// A command name change.
    Comm(&'a CommEvent),
    /// A core dump.
    Coredump(&'a CoredumpEvent),
    /// An exit.
    Exit(&'a ExitEvent),
    /// An event this crate does not know: `what` and its bytes.
    Other(u32, &'a [u8]),
}

/// The connector header and the data of a connector message (the data is `len` bytes,
/// checked against the message).
pub fn parse<'a>(msg: &Message<'a>) -> Result<(&'a CnMsg, &'a [u8]), DecodeError> {
    let cn = msg.family_header::<CnMsg>()?;
    let len = usize::from(cn.len.get());
    let data = msg
        .payload()
        .get(CnMsg::LEN..CnMsg::LEN.saturating_add(len))
        .ok_or(DecodeError::truncated(
            "connector data",
            len,
            msg.payload().len().saturating_sub(CnMsg::LEN),
            NlMsgHdr::LEN + CnMsg::LEN,
        ))?;
    Ok((cn, data))
}

/// Starts a connector message for `(idx, val)` with `data`; returns its length. The
/// `nlmsghdr` type is `NLMSG_DONE`, as the connector uses.
pub fn write_message<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    pid: u32,
    id: CbId,
    ack: u32,
    data: &[u8],
) -> Result<usize, EncodeError> {
    let len =
        u16::try_from(data.len()).map_err(|_| EncodeError::MessageTooLong { len: data.len() })?;
    let cn = CnMsg {
        id,
        seq: U32::new(seq),
        ack: U32::new(ack),
        len: U16::new(len),
        flags: U16::ZERO,
    };
    let mut b = Builder::message(buf, MessageType::DONE, Flags::EMPTY, seq, pid)?;
    // `cn_msg` is 20 bytes, so the data follows it directly.
    b.put_bytes(cn.as_bytes())?;
    b.put_bytes(data)?;
    Ok(b.finish())
}

/// Writes the process connector's `PROC_CN_MCAST_LISTEN` or `_IGNORE` ([`op`]) from port
/// `pid` (the socket's port id; the kernel checks it).
pub fn listen_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    pid: u32,
    mcast_op: u32,
) -> Result<usize, EncodeError> {
    let id = CbId {
        idx: U32::new(CN_IDX_PROC),
        val: U32::new(CN_VAL_PROC),
    };
    write_message(buf, seq, pid, id, 0, &mcast_op.to_ne_bytes())
}

/// [`listen_request`] with an event filter (`struct proc_input`, Linux 6.6+): only the
/// events whose bits ([`what`]) are in `events` are sent to this socket.
pub fn listen_filtered_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    pid: u32,
    mcast_op: u32,
    events: u32,
) -> Result<usize, EncodeError> {
    let id = CbId {
        idx: U32::new(CN_IDX_PROC),
        val: U32::new(CN_VAL_PROC),
    };
    let mut data = [0u8; 8];
    data[..4].copy_from_slice(&mcast_op.to_ne_bytes());
    data[4..].copy_from_slice(&events.to_ne_bytes());
    write_message(buf, seq, pid, id, 0, &data)
}

/// Writes a process event as the kernel would (for tests and simulators).
pub fn write_event<B: Buffer + ?Sized, E: EventData>(
    buf: &mut B,
    seq: u32,
    cpu: u32,
    timestamp_ns: u64,
    event: &E,
) -> Result<usize, EncodeError> {
    write_event_what(buf, seq, E::WHAT, cpu, timestamp_ns, event.as_bytes())
}

/// Writes a process event with an explicit `what` (for `UID`/`GID`, which share a
/// layout) and its data bytes.
pub fn write_event_what<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    what_: u32,
    cpu: u32,
    timestamp_ns: u64,
    data: &[u8],
) -> Result<usize, EncodeError> {
    let hdr = ProcEventHeader {
        what: U32::new(what_),
        cpu: U32::new(cpu),
        timestamp_ns: U64::new(timestamp_ns),
    };
    // The event_data union is 24 bytes (the exit event's size); pad to it.
    let mut body = [0u8; ProcEventHeader::LEN + 24];
    body[..ProcEventHeader::LEN].copy_from_slice(hdr.as_bytes());
    let n = data.len().min(24);
    body[ProcEventHeader::LEN..ProcEventHeader::LEN + n].copy_from_slice(&data[..n]);
    let id = CbId {
        idx: U32::new(CN_IDX_PROC),
        val: U32::new(CN_VAL_PROC),
    };
    write_message(buf, seq, 0, id, 0, &body)
}

/// A process connector message: a `struct proc_event`.
#[derive(Clone, Copy, Debug)]
pub struct ProcEvent<'a> {
    cn: &'a CnMsg,
    hdr: &'a ProcEventHeader,
    data: &'a [u8],
    data_offset: usize,
}

impl<'a> ProcEvent<'a> {
    /// Views a process connector message.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        let (cn, data) = parse(msg)?;
        if cn.id.idx.get() != CN_IDX_PROC || cn.id.val.get() != CN_VAL_PROC {
            return Err(DecodeError::new(
                DecodeErrorKind::Invalid {
                    what: "connector id (not the process connector)",
                },
                NlMsgHdr::LEN,
            ));
        }
        let base = NlMsgHdr::LEN + CnMsg::LEN;
        let Ok((hdr, rest)) = ProcEventHeader::ref_from_prefix(data) else {
            return Err(DecodeError::truncated(
                "proc_event",
                ProcEventHeader::LEN,
                data.len(),
                base,
            ));
        };
        Ok(Self {
            cn,
            hdr,
            data: rest,
            data_offset: base + ProcEventHeader::LEN,
        })
    }

    /// The connector header.
    pub fn cn_msg(&self) -> &'a CnMsg {
        self.cn
    }

    /// `what` ([`what`]).
    pub fn what(&self) -> u32 {
        self.hdr.what.get()
    }

    /// The CPU it happened on.
    pub fn cpu(&self) -> u32 {
        self.hdr.cpu.get()
    }

    /// Nanoseconds since boot.
    pub fn timestamp_ns(&self) -> u64 {
        self.hdr.timestamp_ns.get()
    }

    fn view<T: FromBytes + KnownLayout + Immutable + Unaligned>(
        &self,
    ) -> Result<&'a T, DecodeError> {
        T::ref_from_prefix(self.data).map(|(t, _)| t).map_err(|_| {
            DecodeError::truncated(
                "proc_event data",
                core::mem::size_of::<T>(),
                self.data.len(),
                self.data_offset,
            )
        })
    }

    /// The event's data.
    pub fn event(&self) -> Result<Event<'a>, DecodeError> {
        Ok(match self.what() {
            what::NONE => Event::Ack(self.view()?),
            what::FORK => Event::Fork(self.view()?),
            what::EXEC => Event::Exec(self.view()?),
            what::UID => Event::Uid(self.view()?),
            what::GID => Event::Gid(self.view()?),
            what::SID => Event::Sid(self.view()?),
            what::PTRACE => Event::Ptrace(self.view()?),
            what::COMM => Event::Comm(self.view()?),
            what::COREDUMP => Event::Coredump(self.view()?),
            what::EXIT => Event::Exit(self.view()?),
            w => Event::Other(w, self.data),
        })
    }
}

impl fmt::Display for ProcEvent<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "proc_event {} cpu {} ts {}",
            what::name(self.what()).unwrap_or("?"),
            self.cpu(),
            self.timestamp_ns()
        )?;
        match self.event() {
            Ok(Event::Ack(e)) => write!(f, " err {}", e.err.get()),
            Ok(Event::Fork(e)) => write!(
                f,
                " parent {}/{} child {}/{}",
                e.parent_pid.get(),
                e.parent_tgid.get(),
                e.child_pid.get(),
                e.child_tgid.get()
            ),
            Ok(Event::Exec(e)) => {
                write!(f, " pid {}/{}", e.process_pid.get(), e.process_tgid.get())
            }
            Ok(Event::Uid(e) | Event::Gid(e)) => write!(
                f,
                " pid {}/{} real {} effective {}",
                e.process_pid.get(),
                e.process_tgid.get(),
                e.real.get(),
                e.effective.get()
            ),
            Ok(Event::Sid(e)) => write!(f, " pid {}/{}", e.process_pid.get(), e.process_tgid.get()),
            Ok(Event::Ptrace(e)) => write!(
                f,
                " pid {}/{} tracer {}/{}",
                e.process_pid.get(),
                e.process_tgid.get(),
                e.tracer_pid.get(),
                e.tracer_tgid.get()
            ),
            Ok(Event::Comm(e)) => {
                write!(
                    f,
                    " pid {}/{} comm ",
                    e.process_pid.get(),
                    e.process_tgid.get()
                )?;
                for chunk in e.comm().utf8_chunks() {
                    f.write_str(chunk.valid())?;
                }
                Ok(())
            }
            Ok(Event::Coredump(e)) => write!(
                f,
                " pid {}/{} parent {}/{}",
                e.process_pid.get(),
                e.process_tgid.get(),
                e.parent_pid.get(),
                e.parent_tgid.get()
            ),
            Ok(Event::Exit(e)) => write!(
                f,
                " pid {}/{} code {} signal {} parent {}/{}",
                e.process_pid.get(),
                e.process_tgid.get(),
                e.exit_code.get(),
                e.exit_signal.get(),
                e.parent_pid.get(),
                e.parent_tgid.get()
            ),
            Ok(Event::Other(w, d)) => {
                write!(f, " what {w:#x} ")?;
                crate::fmt::hex(f, d, 64)
            }
            Err(e) => write!(f, " !! {e}"),
        }
    }
}
