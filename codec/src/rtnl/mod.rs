//! rtnetlink (`NETLINK_ROUTE`): message types, multicast groups, address families and the
//! typed objects: links (with per-kind data), addresses, routes, neighbours, rules,
//! nexthop objects, netconf, namespace ids and traffic control.
//!
//! Each object has a fixed family header (a `zerocopy` struct viewed in place), an
//! attribute set declared with [`attr_set!`](crate::attr_set) (constants, names and value
//! kinds for the dissector), a typed view that indexes the attributes once and decodes
//! fields on access, and request writers.

use core::fmt;

use zerocopy::{FromBytes, Immutable, KnownLayout, Unaligned};

use crate::attr::{Attr, AttrTable, Attrs};
use crate::error::DecodeError;
use crate::header::{FlagContext, MessageType};
use crate::msg::Message;

/// Typed accessors over a view's attribute index: each returns `Ok(None)` when the
/// attribute is absent and the getter's error (naming the attribute and offset) when it
/// is malformed.
macro_rules! getters {
    ($($(#[$m:meta])* $fn:ident: $attr:expr => $get:ident -> $t:ty;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $fn(&self) -> Result<Option<$t>, DecodeError> {
            getters!(@get self, $get, $attr)
        }
    )*};
    // Addresses: the family header says which length to expect.
    (@get $s:ident, ip, $attr:expr) => {
        $s.tb.ip_hint($attr, $crate::rtnl::FamilyHeader::ip_v6($s.header))
    };
    (@get $s:ident, $get:ident, $attr:expr) => {
        $s.tb.$get($attr)
    };
}

pub mod addr;
pub mod link;
pub mod link_kinds;
pub mod neigh;
pub mod netconf;
pub mod nexthop;
pub mod nsid;
pub mod route;
pub mod rule;
pub mod tc;

/// A fixed family header that opens an rtnetlink message (`ifinfomsg`, `rtmsg`, …).
pub trait FamilyHeader: FromBytes + KnownLayout + Immutable + Unaligned {
    /// Its size on the wire, before padding to 4.
    const LEN: usize;

    /// Whether the message's addresses are expected to be IPv6 (its family is
    /// `AF_INET6`): only a hint that lets address getters read the common length first.
    #[inline]
    fn ip_v6(&self) -> bool {
        false
    }
}

/// One rtnetlink message with its family header viewed in place and one level of
/// attributes indexed once (`N` slots, one per attribute type): the common part of every
/// typed object ([`link::LinkMsg`], [`route::RouteMsg`], …), whose own accessors decode
/// fields on access.
///
/// Accessors return `Ok(None)` when an attribute is absent and `Err` (naming the
/// attribute and its offset) when it is present but malformed; a malformed attribute
/// does not affect the others.
#[derive(Clone, Copy)]
pub struct View<'a, H, const N: usize> {
    pub(crate) msg: Message<'a>,
    pub(crate) header: &'a H,
    pub(crate) tb: AttrTable<'a, N>,
}

impl<'a, H: FamilyHeader, const N: usize> View<'a, H, N> {
    /// Views `msg`: checks the family header and the attributes' framing. A message that
    /// ends inside the header's padding (the kernel accepts `nlmsg_len` of 17 for the
    /// 1-byte `netconfmsg`) has no attributes.
    #[inline(always)]
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        let header = msg.family_header::<H>()?;
        let attrs = match msg.attrs(H::LEN) {
            Ok(a) => a,
            Err(_) => Attrs::with_offset(&[], msg.bytes().len()),
        };
        Ok(Self {
            msg: *msg,
            header,
            tb: AttrTable::parse(attrs)?,
        })
    }

    /// The message.
    #[inline]
    pub fn message(&self) -> &Message<'a> {
        &self.msg
    }

    /// The family header.
    #[inline]
    pub fn header(&self) -> &'a H {
        self.header
    }

    /// The raw attribute of type `kind` (any type, including ones newer than this crate);
    /// the last one if repeated.
    #[inline]
    pub fn attr(&self, kind: u16) -> Option<Attr<'a>> {
        self.tb.get(kind)
    }

    /// All attributes in wire order.
    #[inline]
    pub fn attrs(&self) -> Attrs<'a> {
        self.msg
            .attrs(H::LEN)
            .unwrap_or(Attrs::with_offset(&[], self.msg.bytes().len()))
    }

    /// Writes the first line of a dissection: type name, flags, seq and pid.
    pub(crate) fn fmt_header_line(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.msg.message_type();
        write!(
            f,
            "{} flags {} seq {} pid {}",
            TypeName(t),
            self.msg.flags().display(flag_context(t)),
            self.msg.seq(),
            self.msg.pid()
        )
    }
}

/// rtnetlink message types (`RTM_*`).
pub mod rtm {
    use crate::header::MessageType;

    macro_rules! types {
        ($($(#[$m:meta])* $name:ident = $v:literal,)*) => {
            $( $(#[$m])* pub const $name: MessageType = MessageType($v); )*
            /// Every known type with its name, in numeric order.
            pub const ALL: &[(MessageType, &str)] = &[ $( ($name, concat!("RTM_", stringify!($name))) ),* ];
        };
    }

    types! {
        /// `RTM_NEWLINK`: a link, or create/change one.
        NEWLINK = 16,
        /// `RTM_DELLINK`: delete a link, or a link was deleted.
        DELLINK = 17,
        /// `RTM_GETLINK`: get one link or dump all.
        GETLINK = 18,
        /// `RTM_SETLINK`: change a link.
        SETLINK = 19,
        /// `RTM_NEWADDR`.
        NEWADDR = 20,
        /// `RTM_DELADDR`.
        DELADDR = 21,
        /// `RTM_GETADDR`.
        GETADDR = 22,
        /// `RTM_NEWROUTE`.
        NEWROUTE = 24,
        /// `RTM_DELROUTE`.
        DELROUTE = 25,
        /// `RTM_GETROUTE`.
        GETROUTE = 26,
        /// `RTM_NEWNEIGH`.
        NEWNEIGH = 28,
        /// `RTM_DELNEIGH`.
        DELNEIGH = 29,
        /// `RTM_GETNEIGH`.
        GETNEIGH = 30,
        /// `RTM_NEWRULE`.
        NEWRULE = 32,
        /// `RTM_DELRULE`.
        DELRULE = 33,
        /// `RTM_GETRULE`.
        GETRULE = 34,
        /// `RTM_NEWQDISC`.
        NEWQDISC = 36,
        /// `RTM_DELQDISC`.
        DELQDISC = 37,
        /// `RTM_GETQDISC`.
        GETQDISC = 38,
        /// `RTM_NEWTCLASS`.
        NEWTCLASS = 40,
        /// `RTM_DELTCLASS`.
        DELTCLASS = 41,
        /// `RTM_GETTCLASS`.
        GETTCLASS = 42,
        /// `RTM_NEWTFILTER`.
        NEWTFILTER = 44,
        /// `RTM_DELTFILTER`.
        DELTFILTER = 45,
        /// `RTM_GETTFILTER`.
        GETTFILTER = 46,
        /// `RTM_NEWACTION`.
        NEWACTION = 48,
        /// `RTM_DELACTION`.
        DELACTION = 49,
        /// `RTM_GETACTION`.
        GETACTION = 50,
        /// `RTM_NEWPREFIX`.
        NEWPREFIX = 52,
        /// `RTM_NEWMULTICAST`.
        NEWMULTICAST = 56,
        /// `RTM_DELMULTICAST`.
        DELMULTICAST = 57,
        /// `RTM_GETMULTICAST`.
        GETMULTICAST = 58,
        /// `RTM_NEWANYCAST`.
        NEWANYCAST = 60,
        /// `RTM_DELANYCAST`.
        DELANYCAST = 61,
        /// `RTM_GETANYCAST`.
        GETANYCAST = 62,
        /// `RTM_NEWNEIGHTBL`.
        NEWNEIGHTBL = 64,
        /// `RTM_GETNEIGHTBL`.
        GETNEIGHTBL = 66,
        /// `RTM_SETNEIGHTBL`.
        SETNEIGHTBL = 67,
        /// `RTM_NEWNDUSEROPT`.
        NEWNDUSEROPT = 68,
        /// `RTM_NEWADDRLABEL`.
        NEWADDRLABEL = 72,
        /// `RTM_DELADDRLABEL`.
        DELADDRLABEL = 73,
        /// `RTM_GETADDRLABEL`.
        GETADDRLABEL = 74,
        /// `RTM_GETDCB`.
        GETDCB = 78,
        /// `RTM_SETDCB`.
        SETDCB = 79,
        /// `RTM_NEWNETCONF`.
        NEWNETCONF = 80,
        /// `RTM_DELNETCONF`.
        DELNETCONF = 81,
        /// `RTM_GETNETCONF`.
        GETNETCONF = 82,
        /// `RTM_NEWMDB`.
        NEWMDB = 84,
        /// `RTM_DELMDB`.
        DELMDB = 85,
        /// `RTM_GETMDB`.
        GETMDB = 86,
        /// `RTM_NEWNSID`.
        NEWNSID = 88,
        /// `RTM_DELNSID`.
        DELNSID = 89,
        /// `RTM_GETNSID`.
        GETNSID = 90,
        /// `RTM_NEWSTATS`.
        NEWSTATS = 92,
        /// `RTM_GETSTATS`.
        GETSTATS = 94,
        /// `RTM_SETSTATS`.
        SETSTATS = 95,
        /// `RTM_NEWCACHEREPORT`.
        NEWCACHEREPORT = 96,
        /// `RTM_NEWCHAIN`.
        NEWCHAIN = 100,
        /// `RTM_DELCHAIN`.
        DELCHAIN = 101,
        /// `RTM_GETCHAIN`.
        GETCHAIN = 102,
        /// `RTM_NEWNEXTHOP`.
        NEWNEXTHOP = 104,
        /// `RTM_DELNEXTHOP`.
        DELNEXTHOP = 105,
        /// `RTM_GETNEXTHOP`.
        GETNEXTHOP = 106,
        /// `RTM_NEWLINKPROP`.
        NEWLINKPROP = 108,
        /// `RTM_DELLINKPROP`.
        DELLINKPROP = 109,
        /// `RTM_GETLINKPROP`.
        GETLINKPROP = 110,
        /// `RTM_NEWVLAN`.
        NEWVLAN = 112,
        /// `RTM_DELVLAN`.
        DELVLAN = 113,
        /// `RTM_GETVLAN`.
        GETVLAN = 114,
        /// `RTM_NEWNEXTHOPBUCKET`.
        NEWNEXTHOPBUCKET = 116,
        /// `RTM_DELNEXTHOPBUCKET`.
        DELNEXTHOPBUCKET = 117,
        /// `RTM_GETNEXTHOPBUCKET`.
        GETNEXTHOPBUCKET = 118,
        /// `RTM_NEWTUNNEL`.
        NEWTUNNEL = 120,
        /// `RTM_DELTUNNEL`.
        DELTUNNEL = 121,
        /// `RTM_GETTUNNEL`.
        GETTUNNEL = 122,
    }
}

/// The name of an rtnetlink or control message type (`"RTM_NEWLINK"`, `"NLMSG_DONE"`).
pub fn message_name(t: MessageType) -> Option<&'static str> {
    t.control_name().or_else(|| {
        rtm::ALL
            .binary_search_by_key(&t.0, |(m, _)| m.0)
            .ok()
            .and_then(|i| rtm::ALL.get(i))
            .map(|(_, n)| *n)
    })
}

/// Which meaning the context-dependent flag bits have for an rtnetlink message type:
/// rtnetlink types come in groups of four (new, del, get, set).
pub fn flag_context(t: MessageType) -> FlagContext {
    if t.is_control() {
        return FlagContext::Ack;
    }
    match t.0 % 4 {
        0 => FlagContext::New,
        1 => FlagContext::Delete,
        2 => FlagContext::Get,
        _ => FlagContext::New,
    }
}

/// `Display` for a message type with its rtnetlink name; numbers for unknown types.
#[derive(Clone, Copy, Debug)]
pub struct TypeName(pub MessageType);

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match message_name(self.0) {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0.0),
        }
    }
}

/// rtnetlink multicast groups (`RTNLGRP_*`), as numbers for `NETLINK_ADD_MEMBERSHIP`.
pub mod group {
    /// `RTNLGRP_LINK`.
    pub const LINK: u32 = 1;
    /// `RTNLGRP_NOTIFY`.
    pub const NOTIFY: u32 = 2;
    /// `RTNLGRP_NEIGH`.
    pub const NEIGH: u32 = 3;
    /// `RTNLGRP_TC`.
    pub const TC: u32 = 4;
    /// `RTNLGRP_IPV4_IFADDR`.
    pub const IPV4_IFADDR: u32 = 5;
    /// `RTNLGRP_IPV4_MROUTE`.
    pub const IPV4_MROUTE: u32 = 6;
    /// `RTNLGRP_IPV4_ROUTE`.
    pub const IPV4_ROUTE: u32 = 7;
    /// `RTNLGRP_IPV4_RULE`.
    pub const IPV4_RULE: u32 = 8;
    /// `RTNLGRP_IPV6_IFADDR`.
    pub const IPV6_IFADDR: u32 = 9;
    /// `RTNLGRP_IPV6_MROUTE`.
    pub const IPV6_MROUTE: u32 = 10;
    /// `RTNLGRP_IPV6_ROUTE`.
    pub const IPV6_ROUTE: u32 = 11;
    /// `RTNLGRP_IPV6_IFINFO`.
    pub const IPV6_IFINFO: u32 = 12;
    /// `RTNLGRP_IPV6_PREFIX`.
    pub const IPV6_PREFIX: u32 = 18;
    /// `RTNLGRP_IPV6_RULE`.
    pub const IPV6_RULE: u32 = 19;
    /// `RTNLGRP_ND_USEROPT`.
    pub const ND_USEROPT: u32 = 20;
    /// `RTNLGRP_DCB`.
    pub const DCB: u32 = 23;
    /// `RTNLGRP_IPV4_NETCONF`.
    pub const IPV4_NETCONF: u32 = 24;
    /// `RTNLGRP_IPV6_NETCONF`.
    pub const IPV6_NETCONF: u32 = 25;
    /// `RTNLGRP_MDB`.
    pub const MDB: u32 = 26;
    /// `RTNLGRP_MPLS_ROUTE`.
    pub const MPLS_ROUTE: u32 = 27;
    /// `RTNLGRP_NSID`.
    pub const NSID: u32 = 28;
    /// `RTNLGRP_MPLS_NETCONF`.
    pub const MPLS_NETCONF: u32 = 29;
    /// `RTNLGRP_IPV4_MROUTE_R`.
    pub const IPV4_MROUTE_R: u32 = 30;
    /// `RTNLGRP_IPV6_MROUTE_R`.
    pub const IPV6_MROUTE_R: u32 = 31;
    /// `RTNLGRP_NEXTHOP`.
    pub const NEXTHOP: u32 = 32;
    /// `RTNLGRP_BRVLAN`.
    pub const BRVLAN: u32 = 33;
    /// `RTNLGRP_MCTP_IFADDR`.
    pub const MCTP_IFADDR: u32 = 34;
    /// `RTNLGRP_TUNNEL`.
    pub const TUNNEL: u32 = 35;
    /// `RTNLGRP_STATS`.
    pub const STATS: u32 = 36;
    /// `RTNLGRP_IPV4_MCADDR`.
    pub const IPV4_MCADDR: u32 = 37;
    /// `RTNLGRP_IPV6_MCADDR`.
    pub const IPV6_MCADDR: u32 = 38;
    /// `RTNLGRP_IPV6_ACADDR`.
    pub const IPV6_ACADDR: u32 = 39;
}

/// Address families used in rtnetlink family headers (`AF_*`).
pub mod family {
    /// `AF_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `AF_UNIX`.
    pub const UNIX: u8 = 1;
    /// `AF_INET`.
    pub const INET: u8 = 2;
    /// `AF_BRIDGE`.
    pub const BRIDGE: u8 = 7;
    /// `AF_INET6`.
    pub const INET6: u8 = 10;
    /// `AF_NETLINK`.
    pub const NETLINK: u8 = 16;
    /// `AF_PACKET`.
    pub const PACKET: u8 = 17;
    /// `AF_MPLS`.
    pub const MPLS: u8 = 28;
    /// `RTNL_FAMILY_IPMR`: IPv4 multicast routing.
    pub const IPMR: u8 = 128;
    /// `RTNL_FAMILY_IP6MR`: IPv6 multicast routing.
    pub const IP6MR: u8 = 129;

    /// The family's name (`"inet"`, `"inet6"`, …), as `ip` prints it.
    pub const fn name(f: u8) -> Option<&'static str> {
        Some(match f {
            UNSPEC => "unspec",
            UNIX => "unix",
            INET => "inet",
            BRIDGE => "bridge",
            INET6 => "inet6",
            NETLINK => "netlink",
            PACKET => "packet",
            MPLS => "mpls",
            IPMR => "ipmr",
            IP6MR => "ip6mr",
            _ => return None,
        })
    }
}

/// The size of the family header of an rtnetlink message type (`ifinfomsg` for links,
/// `rtmsg` for routes, …), or `None` for types this crate does not know.
pub fn family_header_len(t: MessageType) -> Option<usize> {
    Some(match t.0 {
        16..=19 => link::IfInfoMsg::LEN,
        20..=23 => 8,               // ifaddrmsg
        24..=27 => 12,              // rtmsg
        28..=31 => 12,              // ndmsg
        32..=35 => 12,              // fib_rule_hdr
        36..=47 => 20,              // tcmsg
        80..=82 => 4,               // netconfmsg, padded
        88..=90 => 4,               // rtgenmsg, padded
        104..=106 | 116..=118 => 8, // nhmsg (nexthops, nexthop buckets)
        _ => return None,
    })
}

/// Any rtnetlink message, viewed through its typed object.
///
/// The views index their attributes in place, so the link variant is large (one slot per
/// `IFLA_*` type); it is meant to live briefly on the stack, and without an allocator
/// there is nothing to box it in.
#[derive(Clone, Copy, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum RtnlMsg<'a> {
    /// `RTM_*LINK`.
    Link(link::LinkMsg<'a>),
    /// `RTM_*ADDR`.
    Addr(addr::AddrMsg<'a>),
    /// `RTM_*ROUTE`.
    Route(route::RouteMsg<'a>),
    /// `RTM_*NEIGH`.
    Neigh(neigh::NeighMsg<'a>),
    /// `RTM_*RULE`.
    Rule(rule::RuleMsg<'a>),
    /// `RTM_*QDISC`, `RTM_*TCLASS`, `RTM_*TFILTER`, `RTM_*CHAIN`.
    Tc(tc::TcObjectMsg<'a>),
    /// `RTM_*NETCONF`.
    Netconf(netconf::NetconfEntryMsg<'a>),
    /// `RTM_*NSID`.
    Nsid(nsid::NsidMsg<'a>),
    /// `RTM_*NEXTHOP`, `RTM_*NEXTHOPBUCKET`.
    Nexthop(nexthop::NexthopMsg<'a>),
    /// A type without a typed view here (control messages, newer objects).
    Other(crate::Message<'a>),
}

impl<'a> RtnlMsg<'a> {
    /// Views `msg` through the typed object its type names.
    pub fn parse(msg: &crate::Message<'a>) -> Result<Self, crate::DecodeError> {
        Ok(match msg.message_type().0 {
            16..=19 => Self::Link(link::LinkMsg::parse(msg)?),
            20..=23 => Self::Addr(addr::AddrMsg::parse(msg)?),
            24..=27 => Self::Route(route::RouteMsg::parse(msg)?),
            28..=31 => Self::Neigh(neigh::NeighMsg::parse(msg)?),
            32..=35 => Self::Rule(rule::RuleMsg::parse(msg)?),
            36..=47 | 100..=102 => Self::Tc(tc::TcObjectMsg::parse(msg)?),
            80..=82 => Self::Netconf(netconf::NetconfEntryMsg::parse(msg)?),
            88..=90 => Self::Nsid(nsid::NsidMsg::parse(msg)?),
            104..=106 | 116..=118 => Self::Nexthop(nexthop::NexthopMsg::parse(msg)?),
            _ => Self::Other(*msg),
        })
    }
}

impl fmt::Display for RtnlMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Link(m) => m.fmt(f),
            Self::Addr(m) => m.fmt(f),
            Self::Route(m) => m.fmt(f),
            Self::Neigh(m) => m.fmt(f),
            Self::Rule(m) => m.fmt(f),
            Self::Tc(m) => m.fmt(f),
            Self::Netconf(m) => m.fmt(f),
            Self::Nsid(m) => m.fmt(f),
            Self::Nexthop(m) => m.fmt(f),
            Self::Other(m) => m.fmt(f),
        }
    }
}
