//! Addresses: `ifaddrmsg`, `IFA_*` attributes (every one Linux 6.18 defines), address
//! flags and protocols with the names `ip addr` uses, a typed view and request writers.
//! Scopes (`RT_SCOPE_*`) are shared with routes: [`rt_scope`].
//!
//! ```
//! use core::net::{IpAddr, Ipv4Addr};
//! use nlwire_codec::rtnl::addr::{self, AddrMsg, AddrSpec};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let ip = IpAddr::V4(Ipv4Addr::new(10, 1, 0, 1));
//! let spec = AddrSpec { label: Some("v0:1"), ..AddrSpec::new(ip, 24, 3) };
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! addr::add_request(&mut buf, 1, &spec)?;
//!
//! let msg = Messages::new(buf.into_written()).next().unwrap()?;
//! let a = AddrMsg::parse(&msg)?;
//! assert_eq!((a.index(), a.prefix_len()), (3, 24));
//! assert_eq!(a.local()?, Some(ip));
//! assert_eq!(a.address()?, Some(ip));
//! assert_eq!(a.label()?, Some("v0:1"));
//! assert!(a.to_string().contains("IFA_LABEL \"v0:1\""));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::IpAddr;

use zerocopy::byteorder::native_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, EncodeError};
use crate::header::{Flags, MessageType};
use crate::rtnl::route::{NameOr, family_name, family_of, rt_scope, write_bits};
use crate::rtnl::{family, rtm};
use crate::writer::{Buffer, Builder};

/// `struct ifaddrmsg`: the family header of address messages.
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
pub struct IfAddrMsg {
    /// `ifa_family` (`AF_INET`, `AF_INET6`).
    pub family: u8,
    /// `ifa_prefixlen`.
    pub prefix_len: u8,
    /// `ifa_flags`: the low 8 `IFA_F_*` bits (`IFA_FLAGS` has all of them).
    pub flags: u8,
    /// `ifa_scope` (`RT_SCOPE_*`).
    pub scope: u8,
    /// `ifa_index`: the interface index.
    pub index: U32,
}

impl IfAddrMsg {
    /// Size on the wire.
    pub const LEN: usize = 8;

    /// A header for `family` on interface `index`, everything else zero.
    pub fn new(family: u8, index: u32) -> Self {
        Self {
            family,
            index: U32::new(index),
            ..Self::default()
        }
    }
}

/// `struct ifa_cacheinfo` (`IFA_CACHEINFO`): lifetimes and timestamps.
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
pub struct IfaCacheInfo {
    /// `ifa_prefered`: preferred lifetime in seconds ([`INFINITY_LIFE_TIME`]: forever).
    pub preferred: U32,
    /// `ifa_valid`: valid lifetime in seconds ([`INFINITY_LIFE_TIME`]: forever).
    pub valid: U32,
    /// `cstamp`: creation time, hundredths of seconds since boot.
    pub cstamp: U32,
    /// `tstamp`: last update time, hundredths of seconds since boot.
    pub tstamp: U32,
}

impl IfaCacheInfo {
    /// Lifetimes for a request (`valid`, `preferred` in seconds), timestamps zero.
    pub fn lifetimes(valid: u32, preferred: u32) -> Self {
        Self {
            preferred: U32::new(preferred),
            valid: U32::new(valid),
            ..Self::default()
        }
    }
}

/// The lifetime that means "forever" (`INFINITY_LIFE_TIME`).
pub const INFINITY_LIFE_TIME: u32 = u32::MAX;

/// Address flags (`IFA_F_*`) in `ifa_flags` and `IFA_FLAGS`.
pub mod ifa_f {
    /// `IFA_F_SECONDARY`: a secondary IPv4 address.
    pub const SECONDARY: u32 = 0x01;
    /// `IFA_F_TEMPORARY`: a temporary (privacy) IPv6 address; the same bit as `SECONDARY`.
    pub const TEMPORARY: u32 = SECONDARY;
    /// `IFA_F_NODAD`: no duplicate address detection.
    pub const NODAD: u32 = 0x02;
    /// `IFA_F_OPTIMISTIC`: optimistic DAD.
    pub const OPTIMISTIC: u32 = 0x04;
    /// `IFA_F_DADFAILED`: DAD failed.
    pub const DADFAILED: u32 = 0x08;
    /// `IFA_F_HOMEADDRESS`: a Mobile IPv6 home address.
    pub const HOMEADDRESS: u32 = 0x10;
    /// `IFA_F_DEPRECATED`: the preferred lifetime has expired.
    pub const DEPRECATED: u32 = 0x20;
    /// `IFA_F_TENTATIVE`: DAD has not finished.
    pub const TENTATIVE: u32 = 0x40;
    /// `IFA_F_PERMANENT`: configured, not learned (`ip` prints `dynamic` when unset).
    pub const PERMANENT: u32 = 0x80;
    /// `IFA_F_MANAGETEMPADDR`: create temporary addresses from this one.
    pub const MANAGETEMPADDR: u32 = 0x100;
    /// `IFA_F_NOPREFIXROUTE`: do not add a prefix route.
    pub const NOPREFIXROUTE: u32 = 0x200;
    /// `IFA_F_MCAUTOJOIN`: join the multicast group on the link.
    pub const MCAUTOJOIN: u32 = 0x400;
    /// `IFA_F_STABLE_PRIVACY`: stable-privacy (RFC 7217) address.
    pub const STABLE_PRIVACY: u32 = 0x800;

    /// Flag names as `ip addr` prints them, for IPv4 (bit 0 is `secondary`; for IPv6
    /// `ip` says `temporary`, see [`super::AddrFlagsDisplay`]).
    pub const NAMES: [(u32, &str); 12] = [
        (SECONDARY, "secondary"),
        (NODAD, "nodad"),
        (OPTIMISTIC, "optimistic"),
        (DADFAILED, "dadfailed"),
        (HOMEADDRESS, "home"),
        (DEPRECATED, "deprecated"),
        (TENTATIVE, "tentative"),
        (PERMANENT, "permanent"),
        (MANAGETEMPADDR, "mngtmpaddr"),
        (NOPREFIXROUTE, "noprefixroute"),
        (MCAUTOJOIN, "autojoin"),
        (STABLE_PRIVACY, "stable-privacy"),
    ];
}

/// Address protocols (`IFAPROT_*`, `IFA_PROTO`): who added the address.
pub mod ifaprot {
    /// `IFAPROT_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `IFAPROT_KERNEL_LO`: the kernel, on loopback.
    pub const KERNEL_LO: u8 = 1;
    /// `IFAPROT_KERNEL_RA`: the kernel, from a router advertisement.
    pub const KERNEL_RA: u8 = 2;
    /// `IFAPROT_KERNEL_LL`: the kernel, a link-local address.
    pub const KERNEL_LL: u8 = 3;

    /// The protocol's name as `ip addr` prints it after `proto`.
    pub const fn name(p: u8) -> Option<&'static str> {
        Some(match p {
            UNSPEC => "unspec",
            KERNEL_LO => "kernel_lo",
            KERNEL_RA => "kernel_ra",
            KERNEL_LL => "kernel_ll",
            _ => return None,
        })
    }
}

attr_set! {
    /// Address attributes (`IFA_*`), Linux 6.18.
    pub mod ifa, pub static IFA = "IFA_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// The prefix address (the peer's address on a point-to-point link).
        ADDRESS = 1 => Value::Ip,
        /// The local address.
        LOCAL = 2 => Value::Ip,
        /// Label (IPv4; the interface name, or `name:alias`).
        LABEL = 3 => Value::Str,
        /// Broadcast address (IPv4).
        BROADCAST = 4 => Value::Ip,
        /// Anycast address (IPv6).
        ANYCAST = 5 => Value::Ip,
        /// `struct ifa_cacheinfo`: lifetimes and timestamps.
        CACHEINFO = 6 => Value::Custom(fmt_cacheinfo),
        /// Multicast address (IPv6 multicast dumps).
        MULTICAST = 7 => Value::Ip,
        /// All the flags (`u32`, `IFA_F_*`); `ifa_flags` holds only the low byte.
        FLAGS = 8 => Value::Custom(fmt_flags),
        /// Priority (metric) of the prefix route.
        RT_PRIORITY = 9 => Value::U32,
        /// Namespace id to dump addresses of.
        TARGET_NETNSID = 10 => Value::S32,
        /// Address protocol (`IFAPROT_*`).
        PROTO = 11 => Value::Custom(fmt_proto),
    }
}

/// The highest `IFA_*` type this crate knows.
pub const IFA_MAX: u16 = ifa::PROTO;

/// `Display` for address flags as `ip addr` names them (`permanent,noprefixroute`); bit 0
/// is `temporary` for `AF_INET6` and `secondary` otherwise.
#[derive(Clone, Copy, Debug)]
pub struct AddrFlagsDisplay {
    /// The `IFA_F_*` bits.
    pub flags: u32,
    /// The address family.
    pub family: u8,
}

impl fmt::Display for AddrFlagsDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names = ifa_f::NAMES;
        if self.family == family::INET6 {
            names[0] = (ifa_f::TEMPORARY, "temporary");
        }
        write_bits(f, self.flags, &names)
    }
}

/// Writes a lifetime as `ip` does: `forever` or `<n>sec`.
struct Lifetime(u32);

impl fmt::Display for Lifetime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == INFINITY_LIFE_TIME {
            f.write_str("forever")
        } else {
            write!(f, "{}sec", self.0)
        }
    }
}

fn fmt_cacheinfo(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(ci) = a.view_prefix::<IfaCacheInfo>() else {
        return Ok(false);
    };
    d.write_fmt(format_args!(
        " valid_lft {} preferred_lft {} cstamp {} tstamp {}",
        Lifetime(ci.valid.get()),
        Lifetime(ci.preferred.get()),
        ci.cstamp.get(),
        ci.tstamp.get()
    ))?;
    Ok(true)
}

fn fmt_flags(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    siblings: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let Ok(flags) = a.u32() else { return Ok(false) };
    // The family is in the ifaddrmsg, which the printer does not see: an address
    // sibling of 16 bytes means IPv6.
    let v6 = [ifa::LOCAL, ifa::ADDRESS].iter().any(|&k| {
        siblings
            .clone()
            .find(k)
            .ok()
            .flatten()
            .is_some_and(|a| a.payload().len() == 16)
    });
    let family = if v6 { family::INET6 } else { family::INET };
    d.write_fmt(format_args!(" <{}>", AddrFlagsDisplay { flags, family }))?;
    Ok(true)
}

fn fmt_proto(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let Ok(p) = a.u8() else { return Ok(false) };
    d.write_fmt(format_args!(" {}", NameOr(ifaprot::name(p), p)))?;
    Ok(true)
}

const SLOTS: usize = IFA_MAX as usize + 1;

/// An address message (`RTM_NEWADDR`, `RTM_DELADDR`, or a `RTM_GETADDR` request) with its
/// attributes indexed once; fields decode on access.
///
/// Accessors return `Ok(None)` when the attribute is absent and `Err` (naming the
/// attribute and its offset) when it is present but malformed; a malformed attribute
/// does not affect the others.
pub type AddrMsg<'a> = super::View<'a, IfAddrMsg, SLOTS>;

impl<'a> AddrMsg<'a> {
    /// `ifa_family`.
    #[inline]
    pub fn family(&self) -> u8 {
        self.header.family
    }

    /// `ifa_prefixlen`.
    #[inline]
    pub fn prefix_len(&self) -> u8 {
        self.header.prefix_len
    }

    /// `ifa_scope` (`RT_SCOPE_*`).
    #[inline]
    pub fn scope(&self) -> u8 {
        self.header.scope
    }

    /// `ifa_index`.
    #[inline]
    pub fn index(&self) -> u32 {
        self.header.index.get()
    }

    /// `ifa_flags`: the low byte of the flags only; see [`Self::flags`].
    #[inline]
    pub fn header_flags(&self) -> u8 {
        self.header.flags
    }

    /// The flags (`IFA_F_*`): `IFA_FLAGS` when present (the kernel then ignores
    /// `ifa_flags`), else `ifa_flags`.
    #[inline]
    pub fn flags(&self) -> Result<u32, DecodeError> {
        match self.tb.get(ifa::FLAGS) {
            Some(a) => a.u32(),
            None => Ok(u32::from(self.header.flags)),
        }
    }

    getters! {
        /// `IFA_LOCAL`: the local address.
        local: ifa::LOCAL => ip -> IpAddr;
        /// `IFA_ADDRESS`: the prefix address (the peer on point-to-point links).
        address: ifa::ADDRESS => ip -> IpAddr;
        /// `IFA_BROADCAST`.
        broadcast: ifa::BROADCAST => ip -> IpAddr;
        /// `IFA_ANYCAST`.
        anycast: ifa::ANYCAST => ip -> IpAddr;
        /// `IFA_MULTICAST`.
        multicast: ifa::MULTICAST => ip -> IpAddr;
        /// `IFA_LABEL`.
        label: ifa::LABEL => str -> &'a str;
        /// `IFA_RT_PRIORITY`.
        rt_priority: ifa::RT_PRIORITY => u32 -> u32;
        /// `IFA_TARGET_NETNSID`.
        target_netnsid: ifa::TARGET_NETNSID => i32 -> i32;
        /// `IFA_PROTO` (`IFAPROT_*`).
        proto: ifa::PROTO => u8 -> u8;
    }

    /// The interface's own address as `ip addr` shows it: `IFA_LOCAL` when present (IPv4),
    /// else `IFA_ADDRESS` (IPv6 sends only that).
    #[inline]
    pub fn ip(&self) -> Result<Option<IpAddr>, DecodeError> {
        match self.local()? {
            Some(ip) => Ok(Some(ip)),
            None => self.address(),
        }
    }

    /// `IFA_CACHEINFO`.
    #[inline]
    pub fn cacheinfo(&self) -> Result<Option<&'a IfaCacheInfo>, DecodeError> {
        self.tb
            .get(ifa::CACHEINFO)
            .map(|a| a.view_prefix())
            .transpose()
    }
}

impl fmt::Debug for AddrMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddrMsg")
            .field("index", &self.index())
            .field("ip", &self.ip().ok().flatten())
            .field("prefix_len", &self.prefix_len())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for AddrMsg<'_> {
    /// A dissection: header line, the `ifaddrmsg`, then every attribute with its name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_header_line(f)?;
        let h = self.header;
        write!(
            f,
            "\n  ifaddrmsg family {} prefixlen {} flags <{}> scope {} index {}",
            family_name(h.family),
            h.prefix_len,
            AddrFlagsDisplay {
                flags: u32::from(h.flags),
                family: h.family
            },
            NameOr(rt_scope::name(h.scope), h.scope),
            h.index.get()
        )?;
        let mut d = Dissector::new(f, 1);
        d.attrs(self.attrs(), &IFA)
    }
}

/// Starts an address message (`RTM_NEWADDR`, `RTM_DELADDR`, `RTM_GETADDR`) with the given
/// `ifaddrmsg`; add attributes to the returned builder.
pub fn message<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    hdr: &IfAddrMsg,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, 0)?;
    b.put_header(hdr)?;
    Ok(b)
}

/// Writes an `RTM_GETADDR` dump request for `family` (`AF_UNSPEC`: all). A non-zero
/// `index` asks for that interface's addresses only (applied by the kernel on sockets
/// with `NETLINK_GET_STRICT_CHK`).
pub fn dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    family: u8,
    index: u32,
) -> Result<usize, EncodeError> {
    let b = message(
        buf,
        rtm::GETADDR,
        Flags::REQUEST | Flags::DUMP,
        seq,
        &IfAddrMsg::new(family, index),
    )?;
    Ok(b.finish())
}

/// An address to add, replace or delete. Start from [`AddrSpec::new`] and set fields with
/// struct-update syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddrSpec<'a> {
    /// The address (`IFA_LOCAL`; also `IFA_ADDRESS` unless `peer` is set).
    pub address: IpAddr,
    /// `ifa_prefixlen`.
    pub prefix_len: u8,
    /// `ifa_index`.
    pub index: u32,
    /// The peer of a point-to-point link (`IFA_ADDRESS`).
    pub peer: Option<IpAddr>,
    /// `IFA_LABEL` (IPv4).
    pub label: Option<&'a str>,
    /// `IFA_BROADCAST` (IPv4).
    pub broadcast: Option<IpAddr>,
    /// `IFA_F_*` flags: in `ifa_flags` if they fit a byte, else in `IFA_FLAGS`.
    pub flags: u32,
    /// `ifa_scope`; `None` is `host` for 127.0.0.0/8 and `global` otherwise (as `ip`).
    pub scope: Option<u8>,
    /// Valid and preferred lifetimes in seconds (`IFA_CACHEINFO`).
    pub lifetimes: Option<(u32, u32)>,
    /// `IFA_RT_PRIORITY`: the metric of the prefix route.
    pub rt_priority: Option<u32>,
    /// `IFA_PROTO`.
    pub proto: Option<u8>,
}

impl AddrSpec<'_> {
    /// `address`/`prefix_len` on interface `index`, nothing else.
    pub fn new(address: IpAddr, prefix_len: u8, index: u32) -> Self {
        Self {
            address,
            prefix_len,
            index,
            peer: None,
            label: None,
            broadcast: None,
            flags: 0,
            scope: None,
            lifetimes: None,
            rt_priority: None,
            proto: None,
        }
    }
}

/// Writes an `RTM_NEWADDR` or `RTM_DELADDR` for `a` with the given message flags (the
/// add/replace/delete requests below call this).
pub fn addr_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    kind: MessageType,
    flags: Flags,
    a: &AddrSpec<'_>,
) -> Result<usize, EncodeError> {
    let delete = kind == rtm::DELADDR;
    let default_scope = match a.address {
        IpAddr::V4(v4) if v4.is_loopback() && !delete => rt_scope::HOST,
        _ => rt_scope::UNIVERSE,
    };
    let hdr = IfAddrMsg {
        family: family_of(&a.address),
        prefix_len: a.prefix_len,
        flags: u8::try_from(a.flags).unwrap_or(0),
        scope: a.scope.unwrap_or(default_scope),
        index: U32::new(a.index),
    };
    let mut b = message(buf, kind, flags, seq, &hdr)?;
    b.put_ip(ifa::LOCAL, a.address)?;
    b.put_ip(ifa::ADDRESS, a.peer.unwrap_or(a.address))?;
    if a.flags > 0xff {
        b.put_u32(ifa::FLAGS, a.flags)?;
    }
    if let Some(l) = a.label {
        b.put_str(ifa::LABEL, l)?;
    }
    if let Some(bc) = a.broadcast {
        b.put_ip(ifa::BROADCAST, bc)?;
    }
    if let Some((valid, preferred)) = a.lifetimes {
        b.put_struct(ifa::CACHEINFO, &IfaCacheInfo::lifetimes(valid, preferred))?;
    }
    if let Some(p) = a.rt_priority {
        b.put_u32(ifa::RT_PRIORITY, p)?;
    }
    if let Some(p) = a.proto {
        b.put_u8(ifa::PROTO, p)?;
    }
    Ok(b.finish())
}

/// Writes an `RTM_NEWADDR` that adds `a` (`ip addr add`: `CREATE | EXCL | ACK`).
pub fn add_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    a: &AddrSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    addr_request(buf, seq, rtm::NEWADDR, flags, a)
}

/// Writes an `RTM_NEWADDR` that adds or updates `a` (`ip addr replace`:
/// `CREATE | REPLACE | ACK`).
pub fn replace_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    a: &AddrSpec<'_>,
) -> Result<usize, EncodeError> {
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::REPLACE;
    addr_request(buf, seq, rtm::NEWADDR, flags, a)
}

/// Writes an `RTM_DELADDR` for `a` (`ip addr del`: `ACK`).
pub fn delete_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    a: &AddrSpec<'_>,
) -> Result<usize, EncodeError> {
    addr_request(buf, seq, rtm::DELADDR, Flags::REQUEST | Flags::ACK, a)
}

impl super::FamilyHeader for IfAddrMsg {
    const LEN: usize = IfAddrMsg::LEN;

    #[inline]
    fn ip_v6(&self) -> bool {
        self.family == super::family::INET6
    }
}
