//! # nlwire-simkernel
//!
//! An in-memory Linux kernel that answers rtnetlink and generic netlink requests the way
//! Linux 6.18 does — the same replies, acks, extended acks, dump chunking and
//! notifications, byte for byte where the state allows — so that netlink code can be
//! tested without root and without touching a real network stack.
//!
//! The kernel has network namespaces with links (`lo`, veth, bridge, dummy, vlan,
//! vxlan, macvlan, bond), IPv4 and IPv6 addresses with the routes the kernel makes for
//! them, IPv4 and IPv6 routing tables, the generic netlink controller and user-defined generic netlink
//! families. Sockets ([`SimSocket`]) implement the codec's [`Transport`], so the same
//! client code runs against the simulator and against real sockets.
//!
//! ## Example: create a veth pair and list the links
//!
//! ```
//! use nlwire_codec::rtnl::link::{self, LinkMsg};
//! use nlwire_codec::{ErrorMsg, Messages, MessageType, Protocol, SliceBuf, Transport};
//! use nlwire_simkernel::Kernel;
//!
//! let kernel = Kernel::new();
//! let mut sock = kernel.socket(Protocol::ROUTE)?;
//!
//! // ip link add v0 type veth peer name v1
//! let mut storage = [0u8; 256];
//! let mut buf = SliceBuf::new(&mut storage);
//! let n = link::create_veth_request(&mut buf, 1, "v0", "v1")?;
//! sock.send(&storage[..n])?;
//! let mut rx = vec![0u8; 32768];
//! let got = sock.recv(&mut rx)?;
//! let ack = Messages::new(&rx[..got.len]).next().unwrap()?;
//! assert!(ErrorMsg::parse(&ack)?.is_ack());
//!
//! // ip link show: a dump, every link an RTM_NEWLINK, then NLMSG_DONE.
//! let mut buf = SliceBuf::new(&mut storage);
//! let n = link::dump_request(&mut buf, 2, 0)?;
//! sock.send(&storage[..n])?;
//! let mut names = Vec::new();
//! 'dump: loop {
//!     let got = sock.recv(&mut rx)?;
//!     for m in Messages::new(&rx[..got.len]) {
//!         let m = m?;
//!         if m.message_type() == MessageType::DONE {
//!             break 'dump;
//!         }
//!         let l = LinkMsg::parse(&m)?;
//!         names.push((l.index(), l.name()?.unwrap().to_string()));
//!     }
//! }
//! // The peer is registered first, so it gets the lower ifindex.
//! assert_eq!(names, [(1, "lo".into()), (2, "v1".into()), (3, "v0".into())]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## What is simulated
//!
//! - Sockets: port ids (a process's first socket gets its pid, later ones negative
//!   values), `bind`, multicast groups, `NETLINK_EXT_ACK`, `CAP_ACK`, `GET_STRICT_CHK`,
//!   `NO_ENOBUFS`, `SO_RCVBUF` with the kernel's accounting (`ENOBUFS` on overrun),
//!   `MSG_TRUNC` semantics, dumps continued inside `recv` and sized by the receive
//!   buffers used so far.
//! - rtnetlink: links, IPv4 addresses, IPv4 routes (with the kernel-made local,
//!   broadcast and prefix routes), route lookups; strict dump checks.
//! - Neighbours (IPv4 and IPv6, proxies; `NLM_F_*` and `NUD_*` semantics of
//!   `neigh_add`), policy routing rules (IPv4 and IPv6, every `FRA_*` selector, the
//!   default rules, priority auto-assignment) and nexthop objects (device, gateway,
//!   blackhole, FDB; hash-threshold and resilient groups; IPv4 and IPv6 routes through
//!   `RTA_NH_ID`, `RTA_VIA` for IPv6 gateways in IPv4 routes, deletes by `RTA_NH_ID`),
//!   each with its notifications and dump filters.
//! - Policy routing: IPv4 and IPv6 lookups (`RTM_GETROUTE`, gateway checks) walk the
//!   rules once one was added, with their selectors, `goto`, the errnos of the
//!   blackhole/unreachable/prohibit actions and `suppress_prefixlength`;
//!   `RTM_F_LOOKUP_TABLE` reports the table used. IPv4 input-route lookups (`RTA_IIF`)
//!   as with forwarding off; IPv6 ones match rules on the input device and report it;
//!   `suppress_ifgroup`, `l3mdev` and `tun_id` rules never match.
//! - IPv6: addresses (`nodad`, `noprefixroute`, lifetimes, `IFA_RT_PRIORITY`), their
//!   prefix and local routes, the `ff00::/8` and `fe80::/64` routes and the EUI-64
//!   link-local address of a device whose carrier comes up, routes with IPv6's
//!   `NLM_F_*` rules (ECMP siblings through `NLM_F_CREATE`/`NLM_F_APPEND`, metric 1024
//!   by default), lookups; link down removes a device's IPv6 routes and addresses.
//!   Duplicate address detection is not timed: it completes as soon as the device is
//!   ready (at the end of the request, or when linkwatch reports the carrier), so the
//!   `tentative` announcement and the final one arrive together. The link-local address
//!   comes from the simulator's deterministic MAC, where the kernel's MAC is random.
//! - Generic netlink: `nlctrl` and families registered with
//!   [`Kernel::register_family`].
//! - Faults: [`Kernel::faults`] and [`Kernel::on_request`].
//!
//! Every extended-ack text is in [`texts`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod buf;
mod errno;
pub mod families;
mod faults;
mod genl;
mod hdr;
mod kernel;
mod netlink;
mod policy;
mod rtnl;
mod state;
pub mod texts;

pub use buf::VecBuf;
pub use errno::Errno;
pub use faults::{Faults, Hook, HookAction, HookId};
pub use genl::{FamilyDef, GenlCtx, GenlOp, Handler, LinkRef};
pub use kernel::{DEFAULT_PID, Kernel, NsId, Process, SimSocket};
pub use policy::{AttrPolicy, PolicyKind, Range};

/// Re-exported for convenience: the trait [`SimSocket`] implements.
pub use nlwire_codec::Transport;

/// `NETLINK_ROUTE`.
pub(crate) const PROTO_ROUTE: i32 = 0;
/// `NETLINK_GENERIC`.
pub(crate) const PROTO_GENERIC: i32 = 16;
/// `RTNLGRP_MAX` on Linux 6.18.
pub(crate) const RTNLGRP_MAX: u32 = 39;
