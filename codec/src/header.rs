//! The 16-byte `nlmsghdr`, message types, message flags and netlink alignment.

use core::fmt;
use zerocopy::byteorder::native_endian::{U16, U32};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// Netlink's alignment: messages and attributes start on 4-byte boundaries.
pub const ALIGNTO: usize = 4;

/// Rounds `len` up to the next multiple of [`ALIGNTO`], or `None` on overflow.
#[inline]
pub const fn align(len: usize) -> Option<usize> {
    match len.checked_add(ALIGNTO - 1) {
        Some(v) => Some(v & !(ALIGNTO - 1)),
        None => None,
    }
}

/// Rounds `len` up to the next multiple of [`ALIGNTO`], saturating at the largest aligned
/// `usize` (only reachable for lengths no buffer can have).
#[inline]
pub(crate) const fn align_sat(len: usize) -> usize {
    match align(len) {
        Some(v) => v,
        None => usize::MAX & !(ALIGNTO - 1),
    }
}

/// `struct nlmsghdr`: the header in front of every netlink message, in host byte order.
///
/// The fields are unaligned native-endian integers, so a header can be viewed in place
/// in any received buffer without copying.
#[derive(
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct NlMsgHdr {
    /// `nlmsg_len`: length of the message including this header.
    pub len: U32,
    /// `nlmsg_type`: the message type.
    pub kind: U16,
    /// `nlmsg_flags`: request and reply flags.
    pub flags: U16,
    /// `nlmsg_seq`: sequence number, echoed by the kernel in replies.
    pub seq: U32,
    /// `nlmsg_pid`: sending (requests) or receiving (replies) port id.
    pub pid: U32,
}

impl NlMsgHdr {
    /// Size of the header on the wire.
    pub const LEN: usize = 16;

    /// A header with the given fields.
    pub fn new(len: u32, kind: MessageType, flags: Flags, seq: u32, pid: u32) -> Self {
        Self {
            len: U32::new(len),
            kind: U16::new(kind.0),
            flags: U16::new(flags.0),
            seq: U32::new(seq),
            pid: U32::new(pid),
        }
    }

    /// `nlmsg_len`.
    #[inline]
    pub fn len(&self) -> u32 {
        self.len.get()
    }

    /// Whether `nlmsg_len` is zero (a malformed header).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len.get() == 0
    }

    /// `nlmsg_type`.
    #[inline]
    pub fn message_type(&self) -> MessageType {
        MessageType(self.kind.get())
    }

    /// `nlmsg_flags`.
    #[inline]
    pub fn flags(&self) -> Flags {
        Flags(self.flags.get())
    }

    /// `nlmsg_seq`.
    #[inline]
    pub fn seq(&self) -> u32 {
        self.seq.get()
    }

    /// `nlmsg_pid`.
    #[inline]
    pub fn pid(&self) -> u32 {
        self.pid.get()
    }
}

impl fmt::Debug for NlMsgHdr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NlMsgHdr")
            .field("len", &self.len())
            .field("type", &self.message_type())
            .field("flags", &self.flags())
            .field("seq", &self.seq())
            .field("pid", &self.pid())
            .finish()
    }
}

/// `nlmsg_type`: an open set. The control types are constants here; each protocol module
/// (rtnetlink, generic netlink, …) adds its own.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct MessageType(pub u16);

impl MessageType {
    /// `NLMSG_NOOP`: nothing, ignore.
    pub const NOOP: Self = Self(1);
    /// `NLMSG_ERROR`: an error, or an acknowledgement when the error code is 0.
    pub const ERROR: Self = Self(2);
    /// `NLMSG_DONE`: the end of a multipart message (a dump).
    pub const DONE: Self = Self(3);
    /// `NLMSG_OVERRUN`: data lost.
    pub const OVERRUN: Self = Self(4);
    /// `NLMSG_MIN_TYPE`: types below this are reserved for control messages.
    pub const MIN_TYPE: Self = Self(0x10);

    /// Whether this is one of the reserved control types (below [`Self::MIN_TYPE`]).
    #[inline]
    pub const fn is_control(self) -> bool {
        self.0 < Self::MIN_TYPE.0
    }

    /// The name of a control type (`"NLMSG_ERROR"`), or `None` for protocol types.
    pub const fn control_name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("NLMSG_NOOP"),
            2 => Some("NLMSG_ERROR"),
            3 => Some("NLMSG_DONE"),
            4 => Some("NLMSG_OVERRUN"),
            _ => None,
        }
    }
}

impl fmt::Debug for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.control_name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

impl From<u16> for MessageType {
    fn from(v: u16) -> Self {
        Self(v)
    }
}

impl From<MessageType> for u16 {
    fn from(v: MessageType) -> Self {
        v.0
    }
}

/// `nlmsg_flags`: an open bit set. Bits `0x100..=0x800` mean different things for
/// get, new and delete requests and for acks: see [`FlagContext`] and [`Flags::display`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Flags(pub u16);

impl Flags {
    /// No flags.
    pub const EMPTY: Self = Self(0);
    /// `NLM_F_REQUEST`: a request message.
    pub const REQUEST: Self = Self(0x01);
    /// `NLM_F_MULTI`: part of a multipart message terminated by `NLMSG_DONE`.
    pub const MULTI: Self = Self(0x02);
    /// `NLM_F_ACK`: reply with an acknowledgement on success.
    pub const ACK: Self = Self(0x04);
    /// `NLM_F_ECHO`: echo this request.
    pub const ECHO: Self = Self(0x08);
    /// `NLM_F_DUMP_INTR`: the dump was inconsistent because the data changed under it.
    pub const DUMP_INTR: Self = Self(0x10);
    /// `NLM_F_DUMP_FILTERED`: the dump was filtered as requested.
    pub const DUMP_FILTERED: Self = Self(0x20);

    /// `NLM_F_ROOT` (get): the whole table rather than one entry.
    pub const ROOT: Self = Self(0x100);
    /// `NLM_F_MATCH` (get): all matching entries.
    pub const MATCH: Self = Self(0x200);
    /// `NLM_F_ATOMIC` (get): an atomic snapshot (obsolete).
    pub const ATOMIC: Self = Self(0x400);
    /// `NLM_F_DUMP` (get): `ROOT | MATCH`.
    pub const DUMP: Self = Self(0x300);

    /// `NLM_F_REPLACE` (new): replace an existing object.
    pub const REPLACE: Self = Self(0x100);
    /// `NLM_F_EXCL` (new): fail if the object exists.
    pub const EXCL: Self = Self(0x200);
    /// `NLM_F_CREATE` (new): create the object if it does not exist.
    pub const CREATE: Self = Self(0x400);
    /// `NLM_F_APPEND` (new): add to the end of the object list.
    pub const APPEND: Self = Self(0x800);

    /// `NLM_F_NONREC` (delete): do not delete recursively.
    pub const NONREC: Self = Self(0x100);
    /// `NLM_F_BULK` (delete): delete multiple objects.
    pub const BULK: Self = Self(0x200);

    /// `NLM_F_CAPPED` (ack): the echoed request was capped to its header.
    pub const CAPPED: Self = Self(0x100);
    /// `NLM_F_ACK_TLVS` (ack): extended-ack TLVs follow.
    pub const ACK_TLVS: Self = Self(0x200);

    /// The raw bits.
    #[inline]
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Whether every bit of `other` is set.
    #[inline]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether any bit of `other` is set.
    #[inline]
    pub const fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }

    /// These flags with the bits of `other` set.
    #[inline]
    #[must_use]
    pub const fn with(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// These flags with the bits of `other` cleared.
    #[inline]
    #[must_use]
    pub const fn without(self, other: Self) -> Self {
        Self(self.0 & !other.0)
    }

    /// A `Display` adapter that names the bits as they are meant in `ctx`
    /// (for example `REQUEST|ACK|EXCL|CREATE`, in bit order), unknown bits in hex.
    pub const fn display(self, ctx: FlagContext) -> FlagsDisplay {
        FlagsDisplay { flags: self, ctx }
    }
}

impl core::ops::BitOr for Flags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

impl core::ops::BitOrAssign for Flags {
    fn bitor_assign(&mut self, rhs: Self) {
        self.0 |= rhs.0;
    }
}

impl core::ops::BitAnd for Flags {
    type Output = Self;
    fn bitand(self, rhs: Self) -> Self {
        Self(self.0 & rhs.0)
    }
}

impl From<u16> for Flags {
    fn from(v: u16) -> Self {
        Self(v)
    }
}

impl From<Flags> for u16 {
    fn from(v: Flags) -> Self {
        v.0
    }
}

/// Which meaning the context-dependent flag bits `0x100..=0x800` have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlagContext {
    /// A get request or its replies: `ROOT`, `MATCH`, `ATOMIC` (`DUMP` = `ROOT|MATCH`).
    Get,
    /// A new/set request: `REPLACE`, `EXCL`, `CREATE`, `APPEND`.
    New,
    /// A delete request: `NONREC`, `BULK`.
    Delete,
    /// An `NLMSG_ERROR` or `NLMSG_DONE`: `CAPPED`, `ACK_TLVS`.
    Ack,
    /// Unknown: the high bits are shown in hex.
    Unknown,
}

/// `Display` for [`Flags`] in a [`FlagContext`]; made by [`Flags::display`].
#[derive(Clone, Copy, Debug)]
pub struct FlagsDisplay {
    flags: Flags,
    ctx: FlagContext,
}

const COMMON_FLAG_NAMES: [(u16, &str); 6] = [
    (0x01, "REQUEST"),
    (0x02, "MULTI"),
    (0x04, "ACK"),
    (0x08, "ECHO"),
    (0x10, "DUMP_INTR"),
    (0x20, "DUMP_FILTERED"),
];

impl fmt::Display for FlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.flags.0;
        let mut first = true;
        let mut put = |f: &mut fmt::Formatter<'_>, name: &str| -> fmt::Result {
            if !first {
                f.write_str("|")?;
            }
            first = false;
            f.write_str(name)
        };
        for (bit, name) in COMMON_FLAG_NAMES {
            if rest & bit != 0 {
                put(f, name)?;
                rest &= !bit;
            }
        }
        let specific: &[(u16, &str)] = match self.ctx {
            FlagContext::Get => &[
                (0x300, "DUMP"),
                (0x100, "ROOT"),
                (0x200, "MATCH"),
                (0x400, "ATOMIC"),
            ],
            FlagContext::New => &[
                (0x100, "REPLACE"),
                (0x200, "EXCL"),
                (0x400, "CREATE"),
                (0x800, "APPEND"),
            ],
            FlagContext::Delete => &[(0x100, "NONREC"), (0x200, "BULK")],
            FlagContext::Ack => &[(0x100, "CAPPED"), (0x200, "ACK_TLVS")],
            FlagContext::Unknown => &[],
        };
        for &(bits, name) in specific {
            if rest & bits == bits {
                put(f, name)?;
                rest &= !bits;
            }
        }
        if rest != 0 {
            if !first {
                f.write_str("|")?;
            }
            write!(f, "{rest:#x}")?;
        } else if first {
            f.write_str("0")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Flags({:#x}: {})",
            self.0,
            self.display(FlagContext::Unknown)
        )
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.display(FlagContext::Unknown), f)
    }
}
