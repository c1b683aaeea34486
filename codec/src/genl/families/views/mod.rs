//! Typed views and request writers on top of the generated attribute sets.
//!
//! Every view is a [`GenlView`]: the message, its `genlmsghdr` and one level of
//! attributes indexed once; accessors decode on access and return `Ok(None)` when an
//! attribute is absent, an error naming the attribute and its offset when it is
//! malformed. `Display` prints the whole message with names through
//! [`super::dissect`]. Request writers take the family id the controller reported.

use core::fmt;

use crate::attr::{Attr, AttrTable, Attrs};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::genl::{self, GenlMsgHdr};
use crate::header::Flags;
use crate::msg::Message;
use crate::writer::{Buffer, Builder};

pub mod devlink;
pub mod ethtool;
pub mod mptcp_pm;
pub mod netdev;
pub mod nl80211;
pub mod taskstats;
pub mod tcp_metrics;
pub mod wireguard;

/// Typed accessors over a view's attribute index (`Ok(None)` when absent).
macro_rules! genl_getters {
    ($($(#[$m:meta])* $fn:ident: $attr:expr => $get:ident -> $t:ty;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $fn(&self) -> Result<Option<$t>, DecodeError> {
            self.view().get($attr).map(|a| a.$get()).transpose()
        }
    )*};
}
pub(crate) use genl_getters;

/// Declares a newtype view over [`GenlView`] for the given family and commands, with
/// `parse`, `view`, `Display` (the family's dissection) and `Debug`.
macro_rules! genl_view {
    (
        $(#[$m:meta])* $name:ident, $slots:literal, $family:expr, [$($cmd:expr),+ $(,)?]
    ) => {
        $(#[$m])*
        #[derive(Clone, Copy)]
        pub struct $name<'a>($crate::genl::families::views::GenlView<'a, $slots>);

        impl<'a> $name<'a> {
            /// Views `msg`, which must carry one of this view's commands.
            pub fn parse(msg: &$crate::msg::Message<'a>) -> Result<Self, DecodeError> {
                $crate::genl::families::views::GenlView::parse_cmd(msg, &[$($cmd),+]).map(Self)
            }

            /// The underlying view: message, `genlmsghdr`, attribute index.
            pub fn view(&self) -> &$crate::genl::families::views::GenlView<'a, $slots> {
                &self.0
            }
        }

        impl core::fmt::Display for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "{}", $crate::genl::families::dissect($family, self.0.message()))
            }
        }

        impl core::fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("cmd", &self.0.cmd())
                    .field("attrs", &self.0.table().stats().indexed)
                    .finish_non_exhaustive()
            }
        }
    };
}
pub(crate) use genl_view;

/// One generic netlink message with its header viewed in place and one level of
/// attributes indexed once (`N` slots: one per attribute type of the family's set).
#[derive(Clone, Copy, Debug)]
pub struct GenlView<'a, const N: usize> {
    msg: Message<'a>,
    hdr: &'a GenlMsgHdr,
    attrs: &'a [u8],
    base: usize,
    tb: AttrTable<'a, N>,
}

impl<'a, const N: usize> GenlView<'a, N> {
    /// Views any generic netlink message: checks the `genlmsghdr` and the attributes'
    /// framing.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        let (hdr, attrs) = genl::header(msg)?;
        Ok(Self {
            msg: *msg,
            hdr,
            attrs: attrs.bytes(),
            base: attrs.base_offset(),
            tb: AttrTable::parse(attrs)?,
        })
    }

    /// Views `msg` if its command is one of `cmds`; else an `UnexpectedType` error (with
    /// the command numbers).
    pub fn parse_cmd(msg: &Message<'a>, cmds: &[u8]) -> Result<Self, DecodeError> {
        let v = Self::parse(msg)?;
        if cmds.contains(&v.hdr.cmd) {
            Ok(v)
        } else {
            Err(DecodeError::new(
                DecodeErrorKind::UnexpectedType {
                    expected: cmds.first().copied().map_or(0, u16::from),
                    got: u16::from(v.hdr.cmd),
                },
                crate::header::NlMsgHdr::LEN,
            ))
        }
    }

    /// The message.
    pub fn message(&self) -> &Message<'a> {
        &self.msg
    }

    /// The `genlmsghdr`.
    pub fn genl_header(&self) -> &'a GenlMsgHdr {
        self.hdr
    }

    /// The command.
    pub fn cmd(&self) -> u8 {
        self.hdr.cmd
    }

    /// The attribute of type `kind` (the last one if repeated): from the index when
    /// `kind < N`, else by a scan of the (already validated) attributes.
    pub fn get(&self, kind: u16) -> Option<Attr<'a>> {
        if usize::from(kind) < N {
            self.tb.get(kind)
        } else {
            self.attrs().flatten().filter(|a| a.kind() == kind).last()
        }
    }

    /// Every top-level attribute in wire order (repeated ones included).
    pub fn attrs(&self) -> Attrs<'a> {
        Attrs::with_offset(self.attrs, self.base)
    }

    /// The attribute index.
    pub fn table(&self) -> &AttrTable<'a, N> {
        &self.tb
    }
}

/// Starts a request of family `family` (its id) with `cmd`: `NLM_F_DUMP` when `dump`,
/// else `NLM_F_ACK`.
pub fn start<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    cmd: u8,
    version: u8,
    dump: bool,
) -> Result<Builder<'_, B>, EncodeError> {
    let flags = if dump {
        Flags::REQUEST | Flags::DUMP
    } else {
        Flags::REQUEST | Flags::ACK
    };
    genl::message(buf, family, flags, seq, cmd, version)
}

/// An error for a nested item that lacks a required attribute.
pub(crate) fn missing(what: &'static str, offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Invalid { what }, offset)
}

/// Writes a 6-byte MAC address as `aa:bb:cc:dd:ee:ff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacDisplay(pub [u8; 6]);

impl fmt::Display for MacDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}
