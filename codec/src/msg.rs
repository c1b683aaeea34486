//! Views of netlink messages in a received buffer, and the iterator over them.

use core::fmt;

use zerocopy::{FromBytes, Immutable, KnownLayout, Unaligned};

use crate::attr::Attrs;
use crate::error::{DecodeError, DecodeErrorKind};
use crate::header::{FlagContext, Flags, MessageType, NlMsgHdr, align_sat};

/// One netlink message in a buffer: its header and its payload, borrowed.
///
/// Made by [`Messages`] (or [`Message::parse`]), which has checked that `nlmsg_len` is at
/// least 16 and fits the buffer; no accessor can fail or panic after that.
#[derive(Clone, Copy)]
pub struct Message<'a> {
    header: &'a NlMsgHdr,
    bytes: &'a [u8],
    offset: usize,
}

impl<'a> Message<'a> {
    /// Parses the single message at the start of `buf`, honouring its `nlmsg_len`.
    /// Bytes after it are ignored.
    #[inline]
    pub fn parse(buf: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_at(buf, 0)
    }

    #[inline]
    fn parse_at(buf: &'a [u8], offset: usize) -> Result<Self, DecodeError> {
        let Ok((header, _)) = NlMsgHdr::ref_from_prefix(buf) else {
            return Err(DecodeError::truncated(
                "nlmsghdr",
                NlMsgHdr::LEN,
                buf.len(),
                offset,
            ));
        };
        let len = header.len();
        let ulen = usize::try_from(len).unwrap_or(usize::MAX);
        if ulen < NlMsgHdr::LEN || ulen > buf.len() {
            return Err(DecodeError::new(
                DecodeErrorKind::MessageLength {
                    len,
                    available: buf.len(),
                },
                offset,
            ));
        }
        Ok(Self {
            header,
            bytes: &buf[..ulen],
            offset,
        })
    }

    /// The header.
    #[inline]
    pub fn header(&self) -> &'a NlMsgHdr {
        self.header
    }

    /// `nlmsg_type`.
    #[inline]
    pub fn message_type(&self) -> MessageType {
        self.header.message_type()
    }

    /// `nlmsg_flags`.
    #[inline]
    pub fn flags(&self) -> Flags {
        self.header.flags()
    }

    /// `nlmsg_seq`.
    #[inline]
    pub fn seq(&self) -> u32 {
        self.header.seq()
    }

    /// `nlmsg_pid`.
    #[inline]
    pub fn pid(&self) -> u32 {
        self.header.pid()
    }

    /// The whole message, header included (`nlmsg_len` bytes).
    #[inline]
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The payload after the 16-byte header.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        self.bytes.get(NlMsgHdr::LEN..).unwrap_or(&[])
    }

    /// Byte offset of this message in the buffer it was read from.
    #[inline]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Views the start of the payload as the fixed family header `T` (for example
    /// `ifinfomsg`). `T` must be `Unaligned`, so the view never depends on where the
    /// buffer happens to sit in memory.
    #[inline]
    pub fn family_header<T>(&self) -> Result<&'a T, DecodeError>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        let payload = self.payload();
        T::ref_from_prefix(payload).map(|(h, _)| h).map_err(|_| {
            DecodeError::truncated(
                "family header",
                core::mem::size_of::<T>(),
                payload.len(),
                NlMsgHdr::LEN,
            )
        })
    }

    /// The attributes that follow a family header of `header_len` bytes (padded to 4).
    /// Attribute offsets count from the start of this message, like extended-ack offsets.
    #[inline]
    pub fn attrs(&self, header_len: usize) -> Result<Attrs<'a>, DecodeError> {
        let start = NlMsgHdr::LEN.saturating_add(align_sat(header_len));
        match self.bytes.get(start..) {
            Some(rest) => Ok(Attrs::with_offset(rest, start)),
            None => Err(DecodeError::truncated(
                "family header",
                align_sat(header_len),
                self.payload().len(),
                NlMsgHdr::LEN,
            )),
        }
    }
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("offset", &self.offset)
            .field("header", self.header)
            .field("payload_len", &self.payload().len())
            .finish()
    }
}

impl fmt::Display for Message<'_> {
    /// A one-line summary of the header: type, flags, seq, pid and payload length. The
    /// protocol dissectors print the payload.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ctx = if self.message_type().is_control() {
            FlagContext::Ack
        } else {
            FlagContext::Unknown
        };
        write!(
            f,
            "{} len {} flags {} seq {} pid {}",
            self.message_type(),
            self.header.len(),
            self.flags().display(ctx),
            self.seq(),
            self.pid()
        )
    }
}

/// Iterator over the messages in one buffer (typically one received datagram).
///
/// Each message starts at the previous one's `NLMSG_ALIGN(nlmsg_len)`. A header whose
/// length is under 16 or runs past the buffer ends the iteration with one `Err` naming the
/// offset: the framing is lost, so nothing after it can be trusted. The iterator is fused.
#[derive(Clone, Debug)]
pub struct Messages<'a> {
    buf: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> Messages<'a> {
    /// Iterates over the messages in `buf`.
    #[inline]
    pub const fn new(buf: &'a [u8]) -> Self {
        Self {
            buf,
            pos: 0,
            failed: false,
        }
    }

    /// Byte offset of the next message (the buffer length once everything was read).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The bytes not yet read.
    pub fn remaining(&self) -> &'a [u8] {
        self.buf.get(self.pos..).unwrap_or(&[])
    }
}

impl<'a> Iterator for Messages<'a> {
    type Item = Result<Message<'a>, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.remaining();
        if rest.is_empty() {
            return None;
        }
        match Message::parse_at(rest, self.pos) {
            Ok(m) => {
                // The last message of a buffer may end unpadded: clamp to the end.
                let step = align_sat(m.bytes.len());
                self.pos = self.pos.saturating_add(step).min(self.buf.len());
                Some(Ok(m))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Messages<'_> {}
