//! Small `Copy` error types for decoding and encoding.
//!
//! A decode error always says *where* (the byte offset from the start of the buffer that was
//! handed to the parser, or from the start of the message for attributes) and *what*
//! (which header or attribute, how many bytes were needed and how many were there).

use core::fmt;

/// Why decoding failed. Carried by [`DecodeError`] together with the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes end before a fixed-size structure does.
    Truncated {
        /// What was being read (for example `"nlmsghdr"`, `"ifinfomsg"`).
        what: &'static str,
        /// Bytes the structure needs.
        needed: usize,
        /// Bytes that were there.
        available: usize,
    },
    /// `nlmsg_len` is smaller than the 16-byte header or runs past the end of the buffer.
    MessageLength {
        /// The declared `nlmsg_len`.
        len: u32,
        /// Bytes left in the buffer from the start of this message.
        available: usize,
    },
    /// `nla_len` is smaller than the 4-byte attribute header or runs past its container.
    AttrLength {
        /// Attribute type (flags masked off).
        kind: u16,
        /// The declared `nla_len`.
        len: u16,
        /// Bytes left in the container from the start of this attribute.
        available: usize,
    },
    /// A typed getter found a payload of the wrong size.
    AttrPayload {
        /// Attribute type (flags masked off).
        kind: u16,
        /// What the getter expected (`"u32"`, `"ipv4"`, …).
        expected: &'static str,
        /// Payload bytes the getter needs (for variable-size types, the minimum).
        needed: usize,
        /// Payload bytes that were there.
        got: usize,
    },
    /// A string attribute has no terminating NUL byte.
    MissingNul {
        /// Attribute type (flags masked off).
        kind: u16,
    },
    /// A string attribute is not valid UTF-8 (use the raw getter to read it anyway).
    InvalidUtf8 {
        /// Attribute type (flags masked off).
        kind: u16,
    },
    /// A message of one type was handed to the parser of another.
    UnexpectedType {
        /// The type the parser handles.
        expected: u16,
        /// The type of the message.
        got: u16,
    },
    /// A value inside a structure is impossible (for example an echoed header shorter than 16).
    Invalid {
        /// What was wrong.
        what: &'static str,
    },
    /// A caller-provided table had fewer slots than the data needed.
    TooMany {
        /// What ran out.
        what: &'static str,
        /// The capacity that was exceeded.
        capacity: usize,
    },
}

/// A decode failure: what went wrong and at which byte offset.
///
/// The offset counts from the start of the buffer given to the message iterator, or — for
/// attributes reached from a message — from the start of that message's `nlmsghdr`, which is
/// the convention the kernel uses for extended-ack offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DecodeError {
    /// What went wrong.
    pub kind: DecodeErrorKind,
    /// Byte offset of the structure that failed.
    pub offset: usize,
}

impl DecodeError {
    /// A new error of `kind` at `offset`.
    #[inline]
    pub const fn new(kind: DecodeErrorKind, offset: usize) -> Self {
        Self { kind, offset }
    }

    /// The `Truncated` error for `what` needing `needed` bytes where `available` were found.
    #[inline]
    pub const fn truncated(
        what: &'static str,
        needed: usize,
        available: usize,
        offset: usize,
    ) -> Self {
        Self::new(
            DecodeErrorKind::Truncated {
                what,
                needed,
                available,
            },
            offset,
        )
    }

    /// Returns the same error with `delta` added to the offset (saturating).
    #[must_use]
    pub const fn shifted(self, delta: usize) -> Self {
        Self {
            kind: self.kind,
            offset: self.offset.saturating_add(delta),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DecodeErrorKind::Truncated {
                what,
                needed,
                available,
            } => write!(
                f,
                "{what} truncated: needs {needed} bytes, {available} available"
            )?,
            DecodeErrorKind::MessageLength { len, available } => write!(
                f,
                "bad nlmsg_len {len} ({available} bytes available, header is 16)"
            )?,
            DecodeErrorKind::AttrLength {
                kind,
                len,
                available,
            } => write!(
                f,
                "attribute {kind}: bad nla_len {len} ({available} bytes available, header is 4)"
            )?,
            DecodeErrorKind::AttrPayload {
                kind,
                expected,
                needed,
                got,
            } => write!(
                f,
                "attribute {kind}: payload of {got} bytes is not a {expected} ({needed} bytes)"
            )?,
            DecodeErrorKind::MissingNul { kind } => {
                write!(f, "attribute {kind}: string has no terminating NUL")?
            }
            DecodeErrorKind::InvalidUtf8 { kind } => {
                write!(f, "attribute {kind}: string is not valid UTF-8")?
            }
            DecodeErrorKind::UnexpectedType { expected, got } => {
                write!(f, "message type {got} where {expected} was expected")?
            }
            DecodeErrorKind::Invalid { what } => write!(f, "invalid {what}")?,
            DecodeErrorKind::TooMany { what, capacity } => {
                write!(f, "too many {what} (capacity {capacity})")?
            }
        }
        write!(f, " at offset {}", self.offset)
    }
}

impl core::error::Error for DecodeError {}

/// An encode failure. The buffer is left as it was before the failing call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodeError {
    /// The caller's buffer has no room for what was being written.
    BufferFull {
        /// Total bytes the buffer would have needed.
        needed: usize,
        /// The buffer's capacity.
        capacity: usize,
    },
    /// An attribute's length does not fit `nla_len` (65,535 bytes including its header).
    AttrTooLong {
        /// Attribute type.
        kind: u16,
        /// The length it would have had.
        len: usize,
    },
    /// A message's length does not fit `nlmsg_len` (`u32`).
    MessageTooLong {
        /// The length it would have had.
        len: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            EncodeError::BufferFull { needed, capacity } => write!(
                f,
                "buffer full: needs {needed} bytes, capacity is {capacity}"
            ),
            EncodeError::AttrTooLong { kind, len } => write!(
                f,
                "attribute {kind} would be {len} bytes, over the 65535-byte nla_len limit"
            ),
            EncodeError::MessageTooLong { len } => {
                write!(
                    f,
                    "message would be {len} bytes, over the u32 nlmsg_len limit"
                )
            }
        }
    }
}

impl core::error::Error for EncodeError {}
