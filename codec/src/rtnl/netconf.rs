//! Per-device IP configuration notifications (`RTM_NEWNETCONF`, `ip monitor netconf`):
//! `netconfmsg`, the `NETCONFA_*` attributes (every one Linux 6.18 defines), a typed
//! view and request writers.
//!
//! ```
//! use nlwire_codec::rtnl::netconf::{self, NetconfEntryMsg, netconfa};
//! use nlwire_codec::rtnl::{family, rtm};
//! use nlwire_codec::{Flags, Messages, SliceBuf};
//!
//! // What the kernel sends for `net.ipv4.conf.all`.
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! let hdr = netconf::NetconfMsg::new(family::INET);
//! let mut b = netconf::message(&mut buf, rtm::NEWNETCONF, Flags::MULTI, 1, &hdr)?;
//! b.put_i32(netconfa::IFINDEX, netconf::IFINDEX_ALL)?;
//! b.put_i32(netconfa::FORWARDING, 1)?;
//! b.finish();
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let nc = NetconfEntryMsg::parse(&msg)?;
//! assert_eq!(nc.ifindex()?, Some(netconf::IFINDEX_ALL));
//! assert_eq!(nc.forwarding()?, Some(1));
//! assert!(nc.to_string().contains("NETCONFA_IFINDEX all"));
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

/// `struct netconfmsg`: the family header of netconf messages. One byte, followed by 3
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
pub struct NetconfMsg {
    /// `ncm_family`: `AF_INET`, `AF_INET6`, `AF_MPLS`, or `AF_UNSPEC` for all.
    pub family: u8,
}

impl NetconfMsg {
    /// Size of the structure (the attributes start at the next 4-byte boundary).
    pub const LEN: usize = 1;

    /// A header for `family`.
    pub fn new(family: u8) -> Self {
        Self { family }
    }
}

/// `NETCONFA_IFINDEX_ALL`: the `all` configuration (`net.ipv4.conf.all`).
pub const IFINDEX_ALL: i32 = -1;
/// `NETCONFA_IFINDEX_DEFAULT`: the `default` configuration (`net.ipv4.conf.default`).
pub const IFINDEX_DEFAULT: i32 = -2;
/// `NETCONFA_ALL`: the kernel-internal "every attribute" type.
pub const NETCONFA_ALL: i32 = -1;

attr_set! {
    /// Netconf attributes (`NETCONFA_*`), Linux 6.18. The kernel sends them as `s32`.
    pub mod netconfa, pub static NETCONFA = "NETCONFA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Interface index, or `IFINDEX_ALL` / `IFINDEX_DEFAULT`.
        IFINDEX = 1 => Value::Custom(fmt_ifindex),
        /// `forwarding`.
        FORWARDING = 2 => Value::S32,
        /// `rp_filter` (IPv4).
        RP_FILTER = 3 => Value::S32,
        /// `mc_forwarding` (read-only).
        MC_FORWARDING = 4 => Value::S32,
        /// `proxy_arp` / `proxy_ndp`.
        PROXY_NEIGH = 5 => Value::S32,
        /// `ignore_routes_with_linkdown`.
        IGNORE_ROUTES_WITH_LINKDOWN = 6 => Value::S32,
        /// `input` (MPLS).
        INPUT = 7 => Value::S32,
        /// `bc_forwarding` (IPv4).
        BC_FORWARDING = 8 => Value::S32,
    }
}

/// The highest `NETCONFA_*` type this crate knows.
pub const NETCONFA_MAX: u16 = netconfa::BC_FORWARDING;

fn fmt_ifindex(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(i) = a.i32() else { return Ok(false) };
    match i {
        IFINDEX_ALL => d.write_fmt(format_args!(" all"))?,
        IFINDEX_DEFAULT => d.write_fmt(format_args!(" default"))?,
        _ => d.write_fmt(format_args!(" {i}"))?,
    }
    Ok(true)
}

const SLOTS: usize = NETCONFA_MAX as usize + 1;

/// A netconf message (`RTM_NEWNETCONF`, `RTM_DELNETCONF`, or a `RTM_GETNETCONF`
/// request) with its attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute type and its offset) when it is present but malformed.
pub type NetconfEntryMsg<'a> = super::View<'a, NetconfMsg, SLOTS>;

impl<'a> NetconfEntryMsg<'a> {
    /// `ncm_family`.
    pub fn family(&self) -> u8 {
        self.header.family
    }

    getters! {
        /// `NETCONFA_IFINDEX` (an index, [`IFINDEX_ALL`] or [`IFINDEX_DEFAULT`]).
        ifindex: netconfa::IFINDEX => i32 -> i32;
        /// `NETCONFA_FORWARDING`.
        forwarding: netconfa::FORWARDING => i32 -> i32;
        /// `NETCONFA_RP_FILTER`.
        rp_filter: netconfa::RP_FILTER => i32 -> i32;
        /// `NETCONFA_MC_FORWARDING`.
        mc_forwarding: netconfa::MC_FORWARDING => i32 -> i32;
        /// `NETCONFA_PROXY_NEIGH`.
        proxy_neigh: netconfa::PROXY_NEIGH => i32 -> i32;
        /// `NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN`.
        ignore_routes_with_linkdown: netconfa::IGNORE_ROUTES_WITH_LINKDOWN => i32 -> i32;
        /// `NETCONFA_INPUT`.
        input: netconfa::INPUT => i32 -> i32;
        /// `NETCONFA_BC_FORWARDING`.
        bc_forwarding: netconfa::BC_FORWARDING => i32 -> i32;
    }
}

impl fmt::Debug for NetconfEntryMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetconfEntryMsg")
            .field("family", &self.family())
            .field("ifindex", &self.ifindex().ok().flatten())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for NetconfEntryMsg<'_> {
    /// A dissection: header line, the `netconfmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        f.write_str("\n  netconfmsg family ")?;
        match family::name(self.family()) {
            Some(n) => f.write_str(n)?,
            None => write!(f, "{}", self.family())?,
        }
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &NETCONFA)
    }
}

/// Starts a netconf message with the given `netconfmsg` (padded to 4 bytes); add
/// attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &NetconfMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETNETCONF` dump request for `family` (`AF_INET`, `AF_INET6`,
/// `AF_MPLS`; `AF_UNSPEC` for all), as `ip netconf show` sends it.
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    family: u8,
) -> Result<usize, EncodeError> {
    let b = message(
        buf,
        rtm::GETNETCONF,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &NetconfMsg::new(family),
    )?;
    Ok(b.finish())
}

/// Writes an `RTM_GETNETCONF` request for one device of `family` (`ifindex` may be
/// [`IFINDEX_ALL`] or [`IFINDEX_DEFAULT`]), as `ip netconf show dev …` sends it.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    family: u8,
    ifindex: i32,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        rtm::GETNETCONF,
        Flags::REQUEST,
        seq,
        &NetconfMsg::new(family),
    )?;
    b.put_i32(netconfa::IFINDEX, ifindex)?;
    Ok(b.finish())
}

impl super::FamilyHeader for NetconfMsg {
    const LEN: usize = NetconfMsg::LEN;
}
