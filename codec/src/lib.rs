//! # nlwire-codec
//!
//! A Linux netlink codec that is `#![no_std]`, never allocates and never panics, on any
//! input: message framing (`nlmsghdr`, 4-byte alignment), attributes (nested,
//! `NLA_F_NESTED`, `NLA_F_NET_BYTEORDER`) with typed getters, a writer into caller
//! buffers, acks and extended acks (with the failing attribute's path), `NLMSG_DONE`
//! errors, and sans-IO request tracking behind a [`Transport`] trait.
//!
//! Untrusted bytes are checked once when a view is made; after that no accessor can fail
//! unexpectedly or panic. Errors are small `Copy` values that say what was needed, what
//! was there and at which byte offset.
//!
//! ## Example: build a link dump request, read a reply
//!
//! ```
//! use nlwire_codec::{Builder, Exchange, Flags, MessageType, Messages, Protocol, Reply, SliceBuf};
//!
//! const RTM_GETLINK: MessageType = MessageType(18);
//! const IFLA_IFNAME: u16 = 3;
//! const IFLA_MTU: u16 = 4;
//!
//! // The request: nlmsghdr + ifinfomsg (16 zero bytes: AF_UNSPEC, all links).
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! let flags = Flags::REQUEST | Flags::DUMP;
//! let mut b = Builder::message(&mut buf, RTM_GETLINK, flags, 1, 0)?;
//! b.put_bytes(&[0u8; 16])?;
//! assert_eq!(b.finish(), 32);
//! let request = Messages::new(buf.as_slice()).next().unwrap()?;
//! let b_header = request.header();
//!
//! // A reply datagram: one RTM_NEWLINK for "lo" with mtu 65536, then NLMSG_DONE.
//! let mut reply = [0u8; 128];
//! let mut rb = SliceBuf::new(&mut reply);
//! let mut m = Builder::message(&mut rb, MessageType(16), Flags::MULTI, 1, 0)?;
//! m.put_bytes(&[0u8; 16])?;
//! m.put_str(IFLA_IFNAME, "lo")?;
//! m.put_u32(IFLA_MTU, 65536)?;
//! Builder::message(&mut rb, MessageType::DONE, Flags::MULTI, 1, 0)?.put_bytes(&0i32.to_ne_bytes())?;
//!
//! let mut exchange = Exchange::for_request(Protocol::ROUTE, b_header, 0);
//! for msg in Messages::new(rb.into_written()) {
//!     match exchange.classify(0, &msg?) {
//!         Ok(Reply::Data(link)) => {
//!             let mut attrs = link.attrs(16)?;
//!             let name = attrs.clone().find(IFLA_IFNAME)?.unwrap().str()?;
//!             let mtu = attrs.find(IFLA_MTU)?.unwrap().u32()?;
//!             assert_eq!((name, mtu), ("lo", 65536));
//!         }
//!         Ok(Reply::Done(done)) => assert_eq!(done.code(), 0),
//!         other => panic!("unexpected {other:?}"),
//!     }
//! }
//! assert!(exchange.is_complete());
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! ## Modules
//!
//! - [`header`]: `nlmsghdr`, [`MessageType`], [`Flags`], alignment.
//! - [`msg`]: [`Message`] views and the [`Messages`] iterator.
//! - [`attr`]: [`Attr`], [`Attrs`], typed getters, [`AttrTable`].
//! - [`writer`]: [`Builder`] over [`SliceBuf`] or `heapless::Vec`.
//! - [`ack`]: [`ErrorMsg`], [`ExtAck`], [`Done`], [`Policy`], [`attr_path`].
//! - [`request`]: [`Transport`], [`SeqCounter`], [`Exchange`], [`Reply`].
//! - [`consts`]: protocol numbers and socket options.
//! - [`desc`]: attribute-set descriptions and the dissector.
//! - [`dissect`]: print any message with names ([`dissect::Dissect`]).
//! - [`rtnl`]: typed rtnetlink.
//! - [`genl`]: generic netlink and its controller.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo
    )
)]

pub mod ack;
pub mod attr;
pub mod connector;
pub mod consts;
pub mod desc;
pub mod diag;
pub mod dissect;
pub mod errno;
pub mod error;
mod fmt;
pub mod genl;
pub mod header;
pub mod msg;
pub mod request;
pub mod rtnl;
pub mod uevent;
pub mod writer;

pub use ack::{
    AttrPath, Done, ErrorMsg, ExtAck, PathTarget, Policy, PolicyType, attr_path, attr_path_with,
};
pub use attr::{
    Attr, AttrTable, Attrs, IndexStats, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN,
    NLA_TYPE_MASK, NlAttrHdr, index_attrs,
};
pub use consts::Protocol;
pub use error::{DecodeError, DecodeErrorKind, EncodeError};
pub use fmt::Hex;
pub use header::{ALIGNTO, FlagContext, Flags, MessageType, NlMsgHdr, align};
pub use msg::{Message, Messages};
pub use request::{Completion, Exchange, Received, Rejected, Reply, SeqCounter, Transport};
pub use writer::{Buffer, Builder, SliceBuf};

/// Re-export of `zerocopy`, whose traits the fixed-header views use.
pub use zerocopy;
