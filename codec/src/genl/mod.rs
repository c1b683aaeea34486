//! Generic netlink (`NETLINK_GENERIC`): the `genlmsghdr`, and the controller (`nlctrl`)
//! that maps family names to ids and describes their operations, multicast groups and
//! attribute policies.
//!
//! ```
//! use nlwire_codec::genl::{self, ctrl};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! ctrl::get_family_request(&mut buf, 1, "ethtool")?;
//! let m = Messages::new(buf.into_written()).next().unwrap()?;
//! assert_eq!(m.message_type(), ctrl::GENL_ID_CTRL);
//! let (hdr, _) = genl::header(&m)?;
//! assert_eq!(hdr.cmd, ctrl::cmd::GETFAMILY);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use zerocopy::byteorder::native_endian::U16;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::Attrs;
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::msg::Message;
use crate::writer::{Buffer, Builder};

pub mod ctrl;
pub mod families;

/// `struct genlmsghdr`: the family header of every generic netlink message.
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
pub struct GenlMsgHdr {
    /// The family's command.
    pub cmd: u8,
    /// The family's interface version.
    pub version: u8,
    /// Reserved.
    pub reserved: U16,
}

impl GenlMsgHdr {
    /// Size on the wire.
    pub const LEN: usize = 4;

    /// A header for `cmd` at `version`.
    pub const fn new(cmd: u8, version: u8) -> Self {
        Self {
            cmd,
            version,
            reserved: U16::ZERO,
        }
    }
}

/// The `genlmsghdr` of `msg` and the attributes after it (and after the family's own
/// fixed header of `user_hdr_len` bytes, for the few families that have one).
pub fn header<'a>(msg: &Message<'a>) -> Result<(&'a GenlMsgHdr, Attrs<'a>), DecodeError> {
    header_with(msg, 0)
}

/// [`header`] for families with a fixed user header of `user_hdr_len` bytes (the
/// controller's `CTRL_ATTR_HDRSIZE`).
pub fn header_with<'a>(
    msg: &Message<'a>,
    user_hdr_len: usize,
) -> Result<(&'a GenlMsgHdr, Attrs<'a>), DecodeError> {
    let hdr = msg.family_header::<GenlMsgHdr>()?;
    let attrs =
        msg.attrs(GenlMsgHdr::LEN.saturating_add(crate::header::align_sat(user_hdr_len)))?;
    Ok((hdr, attrs))
}

/// Starts a generic netlink message to family `family` (its id) with `cmd` and `version`.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    family: u16,
    flags: Flags,
    seq: u32,
    cmd: u8,
    version: u8,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, MessageType(family), flags, seq, 0)?;
    b.put_header(&GenlMsgHdr::new(cmd, version))?;
    Ok(b)
}
