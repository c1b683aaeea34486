//! Network-namespace ids (`ip netns set/list-id`): `rtgenmsg`, the `NETNSA_*`
//! attributes (every one Linux 6.18 defines), a typed view and request writers.
//!
//! ```
//! use nlwire_codec::rtnl::nsid::{self, NsRef, NsidMsg};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! // `ip netns set <pid 1234's namespace> 5`
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! nsid::new_request(&mut buf, 1, 5, NsRef::Pid(1234))?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let n = NsidMsg::parse(&msg)?;
//! assert_eq!(n.nsid()?, Some(5));
//! assert_eq!(n.pid()?, Some(1234));
//! assert!(n.to_string().contains("NETNSA_PID 1234"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct rtgenmsg`: the family header of nsid messages. One byte, followed by 3
/// bytes of padding before the attributes (the writers add them).
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
pub struct RtGenMsg {
    /// `rtgen_family` (`AF_UNSPEC` for nsid messages).
    pub family: u8,
}

impl RtGenMsg {
    /// Size of the structure (the attributes start at the next 4-byte boundary).
    pub const LEN: usize = 1;

    /// A header for `family`.
    pub fn new(family: u8) -> Self {
        Self { family }
    }
}

/// `NETNSA_NSID_NOT_ASSIGNED`: the namespace has no id in the asking namespace.
pub const NSID_NOT_ASSIGNED: i32 = -1;

attr_set! {
    /// Namespace-id attributes (`NETNSA_*`), Linux 6.18.
    pub mod netnsa, pub static NETNSA = "NETNSA_" {
        /// Unused (`NETNSA_NONE`).
        NONE = 0 => Value::Unspec,
        /// The id (`NETNSA_NSID_NOT_ASSIGNED` = -1: none).
        NSID = 1 => Value::Custom(fmt_nsid),
        /// A process whose namespace is meant.
        PID = 2 => Value::U32,
        /// A file descriptor of the namespace meant (`/run/netns/…`).
        FD = 3 => Value::U32,
        /// The namespace in which to look ids up (requests) or that was used.
        TARGET_NSID = 4 => Value::Custom(fmt_nsid),
        /// The id of the namespace in the current namespace (replies with a target).
        CURRENT_NSID = 5 => Value::Custom(fmt_nsid),
    }
}

/// The highest `NETNSA_*` type this crate knows.
pub const NETNSA_MAX: u16 = netnsa::CURRENT_NSID;

fn fmt_nsid(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(i) = a.i32() else { return Ok(false) };
    if i == NSID_NOT_ASSIGNED {
        d.write_fmt(format_args!(" not-assigned"))?;
    } else {
        d.write_fmt(format_args!(" {i}"))?;
    }
    Ok(true)
}

const SLOTS: usize = NETNSA_MAX as usize + 1;

/// An nsid message (`RTM_NEWNSID`, `RTM_DELNSID`, or a `RTM_GETNSID` request) with its
/// attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute type and its offset) when it is present but malformed.
pub type NsidMsg<'a> = super::View<'a, RtGenMsg, SLOTS>;

impl<'a> NsidMsg<'a> {
    /// `rtgen_family`.
    pub fn family(&self) -> u8 {
        self.header.family
    }

    getters! {
        /// `NETNSA_NSID` ([`NSID_NOT_ASSIGNED`] when the namespace has none).
        nsid: netnsa::NSID => i32 -> i32;
        /// `NETNSA_PID`.
        pid: netnsa::PID => u32 -> u32;
        /// `NETNSA_FD`.
        fd: netnsa::FD => u32 -> u32;
        /// `NETNSA_TARGET_NSID`.
        target_nsid: netnsa::TARGET_NSID => i32 -> i32;
        /// `NETNSA_CURRENT_NSID`.
        current_nsid: netnsa::CURRENT_NSID => i32 -> i32;
    }
}

impl fmt::Debug for NsidMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NsidMsg")
            .field("nsid", &self.nsid().ok().flatten())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for NsidMsg<'_> {
    /// A dissection: header line, the `rtgenmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        f.write_str("\n  rtgenmsg family ")?;
        match family::name(self.family()) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", self.family())?,
        }
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &NETNSA)
    }
}

/// Which namespace a request means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NsRef {
    /// The namespace of a process (`NETNSA_PID`).
    Pid(u32),
    /// The namespace an open file descriptor refers to (`NETNSA_FD`).
    Fd(u32),
    /// The namespace with this id (`NETNSA_NSID`; lookups only).
    Nsid(i32),
}

impl NsRef {
    fn put<B: Buffer + ?Sized>(self, b: &mut Builder<'_, B>) -> Result<(), EncodeError> {
        match self {
            NsRef::Pid(p) => b.put_u32(netnsa::PID, p),
            NsRef::Fd(fd) => b.put_u32(netnsa::FD, fd),
            NsRef::Nsid(id) => b.put_i32(netnsa::NSID, id),
        }
    }
}

/// Starts an nsid message with the given `rtgenmsg` (padded to 4 bytes); add attributes
/// to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &RtGenMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETNSID` request: the id of namespace `ns` (by pid, fd or id), looked
/// up in `target_nsid`'s namespace if given (else the caller's).
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    ns: NsRef,
    target_nsid: Option<i32>,
) -> Result<usize, EncodeError> {
    let mut b = message(buf, rtm::GETNSID, Flags::REQUEST, seq, &RtGenMsg::default())?;
    ns.put(&mut b)?;
    if let Some(t) = target_nsid {
        b.put_i32(netnsa::TARGET_NSID, t)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_NEWNSID` request (`ACK`) assigning `nsid` (-1: let the kernel choose)
/// to the namespace of a process or file descriptor (`NsRef::Pid` or `NsRef::Fd`; an
/// `NsRef::Nsid` is sent as is and the kernel rejects it).
pub fn new_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    nsid: i32,
    ns: NsRef,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::NEWNSID,
        Flags::REQUEST | Flags::ACK,
        seq,
        &RtGenMsg::default(),
    )?;
    b.put_i32(netnsa::NSID, nsid)?;
    ns.put(&mut b)?;
    Ok(b.finish())
}

/// Writes an `RTM_GETNSID` dump request (`ip netns list-id`): every id assigned in the
/// caller's namespace, or in `target_nsid`'s namespace if given.
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    target_nsid: Option<i32>,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETNSID,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &RtGenMsg::default(),
    )?;
    if let Some(t) = target_nsid {
        b.put_i32(netnsa::TARGET_NSID, t)?;
    }
    Ok(b.finish())
}

impl super::FamilyHeader for RtGenMsg {
    const LEN: usize = RtGenMsg::LEN;
}
