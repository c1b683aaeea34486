//! # nlwire-sys
//!
//! Real `AF_NETLINK` sockets for [`nlwire_codec`]: the codec decides what bytes mean, this
//! crate only moves them.
//!
//! - [`Socket`]: any netlink protocol; bind (automatic or explicit port id), multicast
//!   groups (legacy bitmask and `NETLINK_ADD_MEMBERSHIP`), socket options, and receives
//!   that always report the full datagram length, so truncation is never silent.
//!   `ENOBUFS` comes out as [`Error::Overrun`], so a monitor knows to resynchronise.
//! - [`Client`]: blocking requests, acks, dumps (with `NLM_F_DUMP_INTR` reported, or
//!   retried by [`Client::dump_consistent`]) and batches, over any
//!   [`nlwire_codec::Transport`] — the same logic runs on a simulated kernel.
//!   Replies are matched by port, sequence number and port id; anything else is dropped
//!   and counted. Kernel errors carry the extended ack, its offset mapped to the
//!   attribute path of the request: `Attribute failed policy validation (ERANGE, errno
//!   34) at attribute 3 {type STRING(11), max-len 15}`.
//! - [`NetNs`]: run code in a network namespace on a helper thread, or in a new private
//!   one; [`testing`] builds real-kernel tests on that.
//! - [`route`]: a convenience layer in the spirit of pyroute2's `IPRoute`: [`RtnlHandle`]
//!   lists links, addresses, routes, neighbours and rules as owned structs and changes them
//!   with one call each; [`route::Monitor`] yields rtnetlink notifications as owned events.
//! - [`genl`]: generic netlink families by name: [`GenlClient`] resolves each once
//!   ([`FamilyCache`]) and sends requests to a family by name; an absent family (`nl80211`
//!   without wireless) is a clear error.
//! - [`pcap`]: read and write netlink captures (`LINKTYPE_NETLINK`), and record a session.
//! - `tokio` (feature `tokio`): an async client with the blocking client's semantics, dumps
//!   read with `next().await`, and multicast subscriptions.
//!
//! The system calls are made in one private module of thin libc wrappers, the only code
//! of nlwire that the compiler cannot check for memory safety.
//!
//! ## Example: list the links
//!
//! ```no_run
//! use nlwire_codec::rtnl::link::{self, IffDisplay, LinkMsg};
//! use nlwire_sys::{Client, Error, Protocol};
//!
//! let mut client = Client::open(Protocol::ROUTE)?;
//! let summary = client.dump(
//!     |buf, seq| link::dump_request(buf, seq, 0),
//!     |msg| {
//!         let l = LinkMsg::parse(&msg)?;
//!         let name = l.name()?.unwrap_or("?");
//!         println!("{}: {name} <{}> mtu {}", l.index(), IffDisplay(l.flags()), l.mtu()?.unwrap_or(0));
//!         Ok(())
//!     },
//! )?;
//! println!("{} links{}", summary.messages, if summary.interrupted { " (changed meanwhile)" } else { "" });
//! # Ok::<(), Error>(())
//! ```
//!
//! ## Example: an error with its extended ack
//!
//! ```no_run
//! use nlwire_codec::Flags;
//! use nlwire_codec::rtnl::{link, rtm};
//! use nlwire_sys::{Client, Error, Protocol};
//!
//! let mut client = Client::open(Protocol::ROUTE)?;
//! // Create a link whose 16-character name is one too long.
//! let flags = Flags::CREATE | Flags::EXCL;
//! let err = client
//!     .request_ack(|buf, seq| {
//!         let mut b = link::message(buf, rtm::NEWLINK, flags, seq, &link::IfInfoMsg::default())?;
//!         b.put_str(link::ifla::IFNAME, "sixteen-chars-xx")
//!     })
//!     .unwrap_err();
//! if let Error::Kernel(k) = &err {
//!     assert_eq!(k.errno, 34);
//!     assert_eq!(k.path.as_deref(), Some("3")); // IFLA_IFNAME
//! }
//! println!("{err}");
//! # Ok::<(), Error>(())
//! ```
#![deny(unsafe_code)]

mod buf;
mod client;
pub mod errno;
mod error;
pub mod genl;
pub mod header_len;
mod netns;
pub mod pcap;
#[allow(unsafe_code)]
mod raw;
pub mod route;
mod socket;
pub mod testing;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use buf::MsgBuf;
pub use client::{Batch, Client, DEFAULT_RECV_BUFFER, DumpSummary, MIN_RECV_BUFFER, Stats};
pub use error::{Error, KernelError};
pub use genl::{Family, FamilyCache, GenlClient};
pub use header_len::HeaderLen;
pub use netns::{NetNs, with_private_netns};
pub use route::RtnlHandle;
pub use socket::{RecvInfo, Socket};

pub use nlwire_codec;
pub use nlwire_codec::{Message, Protocol, Received, Transport};
