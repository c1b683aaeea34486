//! Socket monitoring (`NETLINK_SOCK_DIAG`), what `ss` uses: `inet_diag` for TCP, UDP
//! and other IP sockets, and `unix_diag` for Unix sockets.
//!
//! A dump of `SOCK_DIAG_BY_FAMILY` with an [`InetDiagReqV2`] (family, protocol, states,
//! the extensions to include) answers one [`DiagMsg`] per socket; an optional bytecode
//! filter ([`PortFilter`]) lets the kernel select sockets by port. Unix sockets are
//! asked with a [`UnixDiagReq`] and answered with [`UnixDiagMsg`]s.
//!
//! ```
//! use nlwire_codec::diag::{self, DiagMsg, InetDiagReqV2, PortCond, PortFilter, tcp_state};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! // Listening TCP sockets on ports 8000..=8080, with tcp_info.
//! let req = InetDiagReqV2::new(diag::AF_INET, diag::IPPROTO_TCP)
//!     .with_states(1 << tcp_state::LISTEN)
//!     .with_ext(diag::ext(diag::inet_attr::INFO));
//! let filter = PortFilter::all_of(&[PortCond::SrcGe(8000), PortCond::SrcLe(8080)]);
//! let mut storage = [0u8; 128];
//! let mut buf = SliceBuf::new(&mut storage);
//! diag::inet_dump_request(&mut buf, 1, &req, Some(&filter))?;
//! let m = Messages::new(buf.as_slice()).next().unwrap()?;
//! assert_eq!(m.message_type(), diag::SOCK_DIAG_BY_FAMILY);
//! let text = diag::Dissect(&m).to_string();
//! assert!(text.contains("INET_DIAG_REQ_BYTECODE"), "{text}");
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use zerocopy::byteorder::big_endian::{U16 as Be16, U32 as Be32};
use zerocopy::byteorder::native_endian::{U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr::{Attr, AttrTable, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::header::{Flags, MessageType};
use crate::msg::Message;
use crate::writer::{Buffer, Builder};

/// `SOCK_DIAG_BY_FAMILY`: the request and reply type of socket dumps.
pub const SOCK_DIAG_BY_FAMILY: MessageType = MessageType(20);
/// `SOCK_DESTROY`: close a socket (needs `CAP_NET_ADMIN`).
pub const SOCK_DESTROY: MessageType = MessageType(21);

/// `AF_UNIX`.
pub const AF_UNIX: u8 = 1;
/// `AF_INET`.
pub const AF_INET: u8 = 2;
/// `AF_INET6`.
pub const AF_INET6: u8 = 10;
/// `IPPROTO_TCP`.
pub const IPPROTO_TCP: u8 = 6;
/// `IPPROTO_UDP`.
pub const IPPROTO_UDP: u8 = 17;
/// `IPPROTO_RAW`.
pub const IPPROTO_RAW: u8 = 255;
/// `IPPROTO_SCTP`.
pub const IPPROTO_SCTP: u8 = 132;
/// `IPPROTO_MPTCP` (262): too large for `sdiag_protocol`, so sent as
/// [`req_attr::PROTOCOL`].
pub const IPPROTO_MPTCP: u32 = 262;

/// `INET_DIAG_NOCOOKIE`: no socket cookie to match.
pub const NOCOOKIE: u32 = !0;

/// TCP states (`TCP_*` in `idiag_state`; UDP and Unix sockets use some of them too).
pub mod tcp_state {
    /// `TCP_ESTABLISHED`.
    pub const ESTABLISHED: u8 = 1;
    /// `TCP_SYN_SENT`.
    pub const SYN_SENT: u8 = 2;
    /// `TCP_SYN_RECV`.
    pub const SYN_RECV: u8 = 3;
    /// `TCP_FIN_WAIT1`.
    pub const FIN_WAIT1: u8 = 4;
    /// `TCP_FIN_WAIT2`.
    pub const FIN_WAIT2: u8 = 5;
    /// `TCP_TIME_WAIT`.
    pub const TIME_WAIT: u8 = 6;
    /// `TCP_CLOSE` (an unconnected UDP socket).
    pub const CLOSE: u8 = 7;
    /// `TCP_CLOSE_WAIT`.
    pub const CLOSE_WAIT: u8 = 8;
    /// `TCP_LAST_ACK`.
    pub const LAST_ACK: u8 = 9;
    /// `TCP_LISTEN`.
    pub const LISTEN: u8 = 10;
    /// `TCP_CLOSING`.
    pub const CLOSING: u8 = 11;
    /// `TCP_NEW_SYN_RECV`.
    pub const NEW_SYN_RECV: u8 = 12;
    /// `TCP_BOUND_INACTIVE`.
    pub const BOUND_INACTIVE: u8 = 13;
    /// Every state's bit, for `idiag_states`.
    pub const ALL: u32 = 0xffff_ffff;

    /// The kernel's name (`"ESTABLISHED"`, `"LISTEN"`).
    pub const fn name(s: u8) -> Option<&'static str> {
        Some(match s {
            ESTABLISHED => "ESTABLISHED",
            SYN_SENT => "SYN_SENT",
            SYN_RECV => "SYN_RECV",
            FIN_WAIT1 => "FIN_WAIT1",
            FIN_WAIT2 => "FIN_WAIT2",
            TIME_WAIT => "TIME_WAIT",
            CLOSE => "CLOSE",
            CLOSE_WAIT => "CLOSE_WAIT",
            LAST_ACK => "LAST_ACK",
            LISTEN => "LISTEN",
            CLOSING => "CLOSING",
            NEW_SYN_RECV => "NEW_SYN_RECV",
            BOUND_INACTIVE => "BOUND_INACTIVE",
            _ => return None,
        })
    }

    /// The name `ss` prints (`"ESTAB"`, `"UNCONN"`, `"LISTEN"`).
    pub const fn ss_name(s: u8) -> Option<&'static str> {
        Some(match s {
            ESTABLISHED => "ESTAB",
            SYN_SENT => "SYN-SENT",
            SYN_RECV => "SYN-RECV",
            FIN_WAIT1 => "FIN-WAIT-1",
            FIN_WAIT2 => "FIN-WAIT-2",
            TIME_WAIT => "TIME-WAIT",
            CLOSE => "UNCONN",
            CLOSE_WAIT => "CLOSE-WAIT",
            LAST_ACK => "LAST-ACK",
            LISTEN => "LISTEN",
            CLOSING => "CLOSING",
            NEW_SYN_RECV => "NEW-SYN-RECV",
            BOUND_INACTIVE => "BOUND-INACTIVE",
            _ => return None,
        })
    }
}

/// `struct inet_diag_sockid`: a socket's addresses, ports, interface and cookie. Ports
/// and addresses are in network byte order.
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
pub struct InetDiagSockId {
    /// `idiag_sport`.
    pub sport: Be16,
    /// `idiag_dport`.
    pub dport: Be16,
    /// `idiag_src`: an IPv4 address in the first word, or an IPv6 address.
    pub src: [Be32; 4],
    /// `idiag_dst`.
    pub dst: [Be32; 4],
    /// `idiag_if`: the bound interface.
    pub ifindex: U32,
    /// `idiag_cookie`: the socket's cookie (`INET_DIAG_NOCOOKIE` twice: none).
    pub cookie: [U32; 2],
}

fn words_to_ip(family: u8, w: &[Be32; 4]) -> IpAddr {
    if family == AF_INET6 {
        let mut b = [0u8; 16];
        for (i, word) in w.iter().enumerate() {
            b[i * 4..i * 4 + 4].copy_from_slice(&word.get().to_be_bytes());
        }
        IpAddr::V6(Ipv6Addr::from(b))
    } else {
        IpAddr::V4(Ipv4Addr::from(w[0].get()))
    }
}

fn ip_to_words(ip: IpAddr) -> [Be32; 4] {
    let mut out = [Be32::ZERO; 4];
    match ip {
        IpAddr::V4(a) => out[0] = Be32::new(u32::from(a)),
        IpAddr::V6(a) => {
            for (i, c) in a.octets().chunks_exact(4).enumerate() {
                out[i] = Be32::new(u32::from_be_bytes([c[0], c[1], c[2], c[3]]));
            }
        }
    }
    out
}

impl InetDiagSockId {
    /// The source address and port, read as `family`.
    pub fn src(&self, family: u8) -> SocketAddr {
        SocketAddr::new(words_to_ip(family, &self.src), self.sport.get())
    }

    /// The destination address and port, read as `family`.
    pub fn dst(&self, family: u8) -> SocketAddr {
        SocketAddr::new(words_to_ip(family, &self.dst), self.dport.get())
    }

    /// The cookie as one number.
    pub fn cookie(&self) -> u64 {
        u64::from(self.cookie[0].get()) | (u64::from(self.cookie[1].get()) << 32)
    }

    /// A socket id with these endpoints (for looking up one socket).
    pub fn new(src: SocketAddr, dst: SocketAddr) -> Self {
        Self {
            sport: Be16::new(src.port()),
            dport: Be16::new(dst.port()),
            src: ip_to_words(src.ip()),
            dst: ip_to_words(dst.ip()),
            ifindex: U32::ZERO,
            cookie: [U32::new(NOCOOKIE), U32::new(NOCOOKIE)],
        }
    }
}

/// `struct inet_diag_req_v2`: the request of an `inet_diag` dump.
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
pub struct InetDiagReqV2 {
    /// `sdiag_family`: `AF_INET` or `AF_INET6`.
    pub family: u8,
    /// `sdiag_protocol`: `IPPROTO_TCP`, `IPPROTO_UDP`, …
    pub protocol: u8,
    /// `idiag_ext`: the extensions to include, as bits `1 << (INET_DIAG_X - 1)` ([`ext`]).
    pub ext: u8,
    /// Padding.
    pub pad: u8,
    /// `idiag_states`: the states to include, as bits `1 << state` ([`tcp_state`]).
    pub states: U32,
    /// `id`: the socket to match (zeros and no cookie for a dump).
    pub id: InetDiagSockId,
}

impl InetDiagReqV2 {
    /// Size on the wire.
    pub const LEN: usize = 56;

    /// A request for every socket of `family` and `protocol`, in every state, with no
    /// extension.
    pub fn new(family: u8, protocol: u8) -> Self {
        Self {
            family,
            protocol,
            states: U32::new(tcp_state::ALL),
            id: InetDiagSockId {
                cookie: [U32::new(NOCOOKIE), U32::new(NOCOOKIE)],
                ..InetDiagSockId::default()
            },
            ..Self::default()
        }
    }

    /// The same request for the states whose bits are in `states`.
    #[must_use]
    pub fn with_states(mut self, states: u32) -> Self {
        self.states = U32::new(states);
        self
    }

    /// The same request asking for the extensions `ext` (bits of [`ext`]).
    #[must_use]
    pub fn with_ext(mut self, ext: u8) -> Self {
        self.ext = ext;
        self
    }

    /// The same request for one socket `id`.
    #[must_use]
    pub fn with_id(mut self, id: InetDiagSockId) -> Self {
        self.id = id;
        self
    }
}

/// The `idiag_ext` bit that asks for reply attribute `attr` (`INET_DIAG_MEMINFO` …
/// `INET_DIAG_SKV6ONLY`; attributes above 8 are requested through a lower one).
pub const fn ext(attr: u16) -> u8 {
    if attr == 0 || attr > 8 {
        0
    } else {
        1 << (attr - 1)
    }
}

attr_set! {
    /// Request attributes (`INET_DIAG_REQ_*`).
    pub mod req_attr, pub static INET_DIAG_REQ = "INET_DIAG_REQ_" {
        /// Unused.
        NONE = 0 => Value::Unspec,
        /// A bytecode filter ([`PortFilter`](crate::diag::PortFilter)).
        BYTECODE = 1 => Value::Custom(fmt_bytecode),
        /// BPF socket storages to dump.
        SK_BPF_STORAGES = 2 => Value::Binary,
        /// The protocol, for protocols above 255 (`IPPROTO_MPTCP`).
        PROTOCOL = 3 => Value::U32,
    }
}

attr_set! {
    /// Reply attributes (`INET_DIAG_*`).
    pub mod inet_attr, pub static INET_DIAG = "INET_DIAG_" {
        /// Unused.
        NONE = 0 => Value::Unspec,
        /// `struct inet_diag_meminfo` ([`InetDiagMeminfo`](crate::diag::InetDiagMeminfo)).
        MEMINFO = 1 => Value::Struct("inet_diag_meminfo", 16),
        /// `struct tcp_info` ([`TcpInfo`](crate::diag::TcpInfo)) for TCP.
        INFO = 2 => Value::Struct("tcp_info", TcpInfo::MIN_LEN),
        /// `struct tcpvegas_info`.
        VEGASINFO = 3 => Value::Struct("tcpvegas_info", 16),
        /// Congestion control algorithm.
        CONG = 4 => Value::Str,
        /// IPv4 TOS.
        TOS = 5 => Value::U8,
        /// IPv6 traffic class.
        TCLASS = 6 => Value::U8,
        /// `SK_MEMINFO_*` counters (u32 array).
        SKMEMINFO = 7 => Value::Custom(fmt_skmeminfo),
        /// Shutdown state (bits: 1 receive, 2 send).
        SHUTDOWN = 8 => Value::U8,
        /// `struct tcp_dctcp_info`.
        DCTCPINFO = 9 => Value::Struct("tcp_dctcp_info", 16),
        /// The protocol (`IPPROTO_*`).
        PROTOCOL = 10 => Value::U8,
        /// `IPV6_V6ONLY`.
        SKV6ONLY = 11 => Value::U8,
        /// Local addresses (SCTP).
        LOCALS = 12 => Value::Binary,
        /// Peer addresses (SCTP).
        PEERS = 13 => Value::Binary,
        /// Padding.
        PAD = 14 => Value::Unspec,
        /// Socket mark (with `CAP_NET_ADMIN`).
        MARK = 15 => Value::U32,
        /// `struct tcp_bbr_info`.
        BBRINFO = 16 => Value::Struct("tcp_bbr_info", 20),
        /// cgroup v1 net class id.
        CLASS_ID = 17 => Value::U32,
        /// TCP-MD5 keys.
        MD5SIG = 18 => Value::Binary,
        /// Upper layer protocol info (nested, per ULP).
        ULP_INFO = 19 => Value::Binary,
        /// BPF socket storages.
        SK_BPF_STORAGES = 20 => Value::Binary,
        /// cgroup v2 id.
        CGROUP_ID = 21 => Value::U64,
        /// `struct inet_diag_sockopt`: socket option bits.
        SOCKOPT = 22 => Value::Struct("inet_diag_sockopt", 2),
    }
}

/// `INET_DIAG_BC_*`: bytecode operations.
pub mod bc {
    /// `INET_DIAG_BC_NOP`.
    pub const NOP: u8 = 0;
    /// `INET_DIAG_BC_JMP`: always take the `no` branch.
    pub const JMP: u8 = 1;
    /// `INET_DIAG_BC_S_GE`: source port ≥ the next op's `no`.
    pub const S_GE: u8 = 2;
    /// `INET_DIAG_BC_S_LE`: source port ≤.
    pub const S_LE: u8 = 3;
    /// `INET_DIAG_BC_D_GE`: destination port ≥.
    pub const D_GE: u8 = 4;
    /// `INET_DIAG_BC_D_LE`: destination port ≤.
    pub const D_LE: u8 = 5;
    /// `INET_DIAG_BC_AUTO`: the port was chosen by the kernel.
    pub const AUTO: u8 = 6;
    /// `INET_DIAG_BC_S_COND`: source address/port condition.
    pub const S_COND: u8 = 7;
    /// `INET_DIAG_BC_D_COND`: destination address/port condition.
    pub const D_COND: u8 = 8;
    /// `INET_DIAG_BC_DEV_COND`: bound interface.
    pub const DEV_COND: u8 = 9;
    /// `INET_DIAG_BC_MARK_COND`: socket mark.
    pub const MARK_COND: u8 = 10;
    /// `INET_DIAG_BC_S_EQ`: source port equals.
    pub const S_EQ: u8 = 11;
    /// `INET_DIAG_BC_D_EQ`: destination port equals.
    pub const D_EQ: u8 = 12;
    /// `INET_DIAG_BC_CGROUP_COND`: cgroup v2 id.
    pub const CGROUP_COND: u8 = 13;

    /// The operation's name.
    pub const fn name(c: u8) -> Option<&'static str> {
        const N: [&str; 14] = [
            "NOP",
            "JMP",
            "S_GE",
            "S_LE",
            "D_GE",
            "D_LE",
            "AUTO",
            "S_COND",
            "D_COND",
            "DEV_COND",
            "MARK_COND",
            "S_EQ",
            "D_EQ",
            "CGROUP_COND",
        ];
        if (c as usize) < N.len() {
            Some(N[c as usize])
        } else {
            None
        }
    }
}

/// One port condition of a [`PortFilter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortCond {
    /// Source (local) port ≥.
    SrcGe(u16),
    /// Source port ≤.
    SrcLe(u16),
    /// Destination (remote) port ≥.
    DstGe(u16),
    /// Destination port ≤.
    DstLe(u16),
    /// Source port equal.
    SrcEq(u16),
    /// Destination port equal.
    DstEq(u16),
}

impl PortCond {
    fn op(self) -> (u8, u16) {
        match self {
            PortCond::SrcGe(p) => (bc::S_GE, p),
            PortCond::SrcLe(p) => (bc::S_LE, p),
            PortCond::DstGe(p) => (bc::D_GE, p),
            PortCond::DstLe(p) => (bc::D_LE, p),
            PortCond::SrcEq(p) => (bc::S_EQ, p),
            PortCond::DstEq(p) => (bc::D_EQ, p),
        }
    }
}

/// The largest bytecode [`PortFilter`] writes (64 conditions).
pub const MAX_BYTECODE: usize = 512;

/// A bytecode filter on ports: a socket is kept when every condition of one of the
/// groups holds (`any_of` groups, each `all of` its conditions). Written as
/// `INET_DIAG_REQ_BYTECODE`, which the kernel audits before running.
#[derive(Clone, Copy, Debug)]
pub struct PortFilter<'c> {
    groups: &'c [&'c [PortCond]],
    single: &'c [PortCond],
}

impl<'c> PortFilter<'c> {
    /// Keeps sockets for which every condition holds.
    pub fn all_of(conds: &'c [PortCond]) -> Self {
        Self {
            groups: &[],
            single: conds,
        }
    }

    /// Keeps sockets for which every condition of at least one group holds (port
    /// ranges: `[[SrcGe(a), SrcLe(b)], [SrcEq(c)]]`).
    pub fn any_of(groups: &'c [&'c [PortCond]]) -> Self {
        Self {
            groups,
            single: &[],
        }
    }

    fn group_count(&self) -> usize {
        if self.groups.is_empty() {
            1
        } else {
            self.groups.len()
        }
    }

    fn group(&self, i: usize) -> &'c [PortCond] {
        if self.groups.is_empty() {
            self.single
        } else {
            self.groups.get(i).copied().unwrap_or(&[])
        }
    }

    /// Writes the bytecode into `out`; returns its length.
    ///
    /// Each condition is two 4-byte ops (`code, yes = 8, no`, then the port in the
    /// second op's `no`); a failing condition jumps to the next group (or past the
    /// end: reject), and a group that passed jumps to the end (accept) with a `JMP`.
    pub fn encode(&self, out: &mut [u8; MAX_BYTECODE]) -> Result<usize, EncodeError> {
        let n = self.group_count();
        // Sizes of the groups, with the JMP that ends every group but the last.
        let mut total = 0usize;
        for i in 0..n {
            total += self.group(i).len() * 8 + if i + 1 < n { 4 } else { 0 };
        }
        if total > MAX_BYTECODE {
            return Err(EncodeError::AttrTooLong {
                kind: req_attr::BYTECODE,
                len: total,
            });
        }
        let mut pos = 0usize;
        let mut put = |pos: &mut usize, code: u8, yes: u8, no: u16| {
            out[*pos] = code;
            out[*pos + 1] = yes;
            out[*pos + 2..*pos + 4].copy_from_slice(&no.to_ne_bytes());
            *pos += 4;
        };
        let as_u16 = |v: usize| u16::try_from(v).unwrap_or(u16::MAX);
        for i in 0..n {
            let conds = self.group(i);
            let group_end = pos + conds.len() * 8 + if i + 1 < n { 4 } else { 0 };
            for c in conds {
                let (code, port) = c.op();
                let remaining = total - pos;
                // On failure: the next group's start, or past the end.
                let no = if i + 1 < n {
                    group_end - pos
                } else {
                    remaining + 4
                };
                put(&mut pos, code, 8, as_u16(no));
                put(&mut pos, bc::NOP, 4, port);
            }
            if i + 1 < n {
                let remaining = total - pos;
                put(&mut pos, bc::JMP, 4, as_u16(remaining));
            }
        }
        Ok(pos)
    }
}

/// Writes a `SOCK_DIAG_BY_FAMILY` dump request for `req`, with the bytecode of `filter`.
pub fn inet_dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    req: &InetDiagReqV2,
    filter: Option<&PortFilter<'_>>,
) -> Result<usize, EncodeError> {
    let mut b = Builder::message(
        buf,
        SOCK_DIAG_BY_FAMILY,
        Flags::REQUEST | Flags::DUMP,
        seq,
        0,
    )?;
    b.put_header(req)?;
    if let Some(f) = filter {
        let mut code = [0u8; MAX_BYTECODE];
        let n = f.encode(&mut code)?;
        b.put(req_attr::BYTECODE, &code[..n])?;
    }
    Ok(b.finish())
}

fn fmt_bytecode(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let p = a.payload();
    if p.len() % 4 != 0 {
        return Ok(false);
    }
    d.deeper(|d| {
        for (i, op) in p.chunks_exact(4).enumerate() {
            d.line()?;
            let no = u16::from_ne_bytes([op[2], op[3]]);
            d.write_fmt(format_args!(
                "[{}] {} yes {} no {}",
                i * 4,
                bc::name(op[0]).unwrap_or("?"),
                op[1],
                no
            ))?;
        }
        Ok(())
    })?;
    Ok(true)
}

fn fmt_skmeminfo(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    let p = a.payload();
    if p.len() % 4 != 0 {
        return Ok(false);
    }
    for (i, w) in p.chunks_exact(4).enumerate() {
        let v = u32::from_ne_bytes([w[0], w[1], w[2], w[3]]);
        let name = SK_MEMINFO_NAMES.get(i).copied().unwrap_or("?");
        d.write_fmt(format_args!(" {name} {v}"))?;
    }
    Ok(true)
}

/// `SK_MEMINFO_*`: the order of the [`inet_attr::SKMEMINFO`] counters, as `ss -m` names
/// them.
pub const SK_MEMINFO_NAMES: [&str; 9] = ["r", "rb", "t", "tb", "f", "w", "o", "bl", "d"];

/// `struct inet_diag_msg`: the fixed part of every `inet_diag` reply.
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
pub struct InetDiagMsg {
    /// `idiag_family`.
    pub family: u8,
    /// `idiag_state` ([`tcp_state`]).
    pub state: u8,
    /// `idiag_timer`: 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero window probe.
    pub timer: u8,
    /// `idiag_retrans`.
    pub retrans: u8,
    /// `id`.
    pub id: InetDiagSockId,
    /// `idiag_expires` in ms.
    pub expires: U32,
    /// `idiag_rqueue`: bytes queued to receive (listeners: the accept queue).
    pub rqueue: U32,
    /// `idiag_wqueue`: bytes queued to send (listeners: the backlog).
    pub wqueue: U32,
    /// `idiag_uid`.
    pub uid: U32,
    /// `idiag_inode`.
    pub inode: U32,
}

impl InetDiagMsg {
    /// Size on the wire.
    pub const LEN: usize = 72;
}

/// `struct inet_diag_meminfo` (`INET_DIAG_MEMINFO`).
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
pub struct InetDiagMeminfo {
    /// `idiag_rmem`.
    pub rmem: U32,
    /// `idiag_wmem`.
    pub wmem: U32,
    /// `idiag_fmem`.
    pub fmem: U32,
    /// `idiag_tmem`.
    pub tmem: U32,
}

/// `struct tcp_info` (`INET_DIAG_INFO` of TCP sockets), as of Linux 6.12 (248 bytes).
///
/// The kernel appends fields over time: read it with [`DiagMsg::tcp_info`], which
/// accepts a shorter struct from an older kernel (missing fields read as 0, and
/// [`TcpInfoRead::len`] says how much was sent) or a longer one from a newer kernel.
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
#[allow(missing_docs)]
pub struct TcpInfo {
    pub state: u8,
    pub ca_state: u8,
    pub retransmits: u8,
    pub probes: u8,
    pub backoff: u8,
    pub options: u8,
    /// `tcpi_snd_wscale:4, tcpi_rcv_wscale:4`.
    pub wscale: u8,
    /// `tcpi_delivery_rate_app_limited:1, tcpi_fastopen_client_fail:2`.
    pub flags: u8,
    pub rto: U32,
    pub ato: U32,
    pub snd_mss: U32,
    pub rcv_mss: U32,
    pub unacked: U32,
    pub sacked: U32,
    pub lost: U32,
    pub retrans: U32,
    pub fackets: U32,
    pub last_data_sent: U32,
    pub last_ack_sent: U32,
    pub last_data_recv: U32,
    pub last_ack_recv: U32,
    pub pmtu: U32,
    pub rcv_ssthresh: U32,
    pub rtt: U32,
    pub rttvar: U32,
    pub snd_ssthresh: U32,
    pub snd_cwnd: U32,
    pub advmss: U32,
    pub reordering: U32,
    pub rcv_rtt: U32,
    pub rcv_space: U32,
    pub total_retrans: U32,
    pub pacing_rate: U64,
    pub max_pacing_rate: U64,
    pub bytes_acked: U64,
    pub bytes_received: U64,
    pub segs_out: U32,
    pub segs_in: U32,
    pub notsent_bytes: U32,
    pub min_rtt: U32,
    pub data_segs_in: U32,
    pub data_segs_out: U32,
    pub delivery_rate: U64,
    pub busy_time: U64,
    pub rwnd_limited: U64,
    pub sndbuf_limited: U64,
    pub delivered: U32,
    pub delivered_ce: U32,
    pub bytes_sent: U64,
    pub bytes_retrans: U64,
    pub dsack_dups: U32,
    pub reord_seen: U32,
    pub rcv_ooopack: U32,
    pub snd_wnd: U32,
    pub rcv_wnd: U32,
    pub rehash: U32,
    pub total_rto: U16,
    pub total_rto_recoveries: U16,
    pub total_rto_time: U32,
}

impl TcpInfo {
    /// Size as of Linux 6.12.
    pub const LEN: usize = 248;
    /// The shortest `tcp_info` accepted: up to `tcpi_total_retrans` (Linux 2.6).
    pub const MIN_LEN: usize = 104;

    /// `tcpi_snd_wscale`.
    pub fn snd_wscale(&self) -> u8 {
        self.wscale & 0x0f
    }

    /// `tcpi_rcv_wscale`.
    pub fn rcv_wscale(&self) -> u8 {
        self.wscale >> 4
    }
}

const _: () = assert!(core::mem::size_of::<TcpInfo>() == TcpInfo::LEN);
const _: () = assert!(core::mem::size_of::<InetDiagMsg>() == InetDiagMsg::LEN);
const _: () = assert!(core::mem::size_of::<InetDiagReqV2>() == InetDiagReqV2::LEN);

/// A `tcp_info` read from a kernel of any age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcpInfoRead {
    /// The fields (those past [`Self::len`] are 0).
    pub info: TcpInfo,
    /// How many bytes the kernel sent.
    pub len: usize,
}

impl TcpInfoRead {
    /// Whether the kernel sent the field that ends at byte `end` (use
    /// `core::mem::offset_of!(TcpInfo, field) + size`).
    pub fn has(&self, end: usize) -> bool {
        self.len >= end
    }
}

/// `struct inet_diag_sockopt` bits (`INET_DIAG_SOCKOPT`), first byte then second.
pub mod sockopt {
    /// `IP_RECVERR`.
    pub const RECVERR: u16 = 1 << 0;
    /// Connection-oriented (`is_icsk`).
    pub const IS_ICSK: u16 = 1 << 1;
    /// `IP_FREEBIND`.
    pub const FREEBIND: u16 = 1 << 2;
    /// `IP_HDRINCL`.
    pub const HDRINCL: u16 = 1 << 3;
    /// `IP_MULTICAST_LOOP`.
    pub const MC_LOOP: u16 = 1 << 4;
    /// `IP_TRANSPARENT`.
    pub const TRANSPARENT: u16 = 1 << 5;
    /// `IP_MULTICAST_ALL`.
    pub const MC_ALL: u16 = 1 << 6;
    /// `IP_NODEFRAG`.
    pub const NODEFRAG: u16 = 1 << 7;
    /// `IP_BIND_ADDRESS_NO_PORT`.
    pub const BIND_ADDRESS_NO_PORT: u16 = 1 << 8;
    /// `IP_RECVERR_RFC4884`.
    pub const RECVERR_RFC4884: u16 = 1 << 9;
    /// `TCP_DEFER_ACCEPT`-style deferred connect.
    pub const DEFER_CONNECT: u16 = 1 << 10;
}

/// One socket of an `inet_diag` dump.
#[derive(Clone, Copy)]
pub struct DiagMsg<'a> {
    msg: Message<'a>,
    hdr: &'a InetDiagMsg,
    tb: AttrTable<'a, 23>,
}

macro_rules! diag_getters {
    ($($(#[$m:meta])* $fn:ident: $attr:expr => $get:ident -> $t:ty;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $fn(&self) -> Result<Option<$t>, DecodeError> {
            self.tb.$get($attr)
        }
    )*};
}

impl<'a> DiagMsg<'a> {
    /// Views a `SOCK_DIAG_BY_FAMILY` reply of an `inet_diag` dump.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        check_type(msg)?;
        let hdr = msg.family_header::<InetDiagMsg>()?;
        if hdr.family != AF_INET && hdr.family != AF_INET6 {
            return Err(DecodeError::new(
                DecodeErrorKind::Invalid {
                    what: "inet_diag family (not AF_INET or AF_INET6)",
                },
                crate::header::NlMsgHdr::LEN,
            ));
        }
        Ok(Self {
            msg: *msg,
            hdr,
            tb: AttrTable::parse(msg.attrs(InetDiagMsg::LEN)?)?,
        })
    }

    /// The message.
    pub fn message(&self) -> &Message<'a> {
        &self.msg
    }

    /// The fixed header.
    pub fn header(&self) -> &'a InetDiagMsg {
        self.hdr
    }

    /// The attribute of type `kind`.
    pub fn attr(&self, kind: u16) -> Option<Attr<'a>> {
        self.tb.get(kind)
    }

    /// `AF_INET` or `AF_INET6`.
    pub fn family(&self) -> u8 {
        self.hdr.family
    }

    /// The state ([`tcp_state`]).
    pub fn state(&self) -> u8 {
        self.hdr.state
    }

    /// The local address and port.
    pub fn src(&self) -> SocketAddr {
        self.hdr.id.src(self.hdr.family)
    }

    /// The remote address and port.
    pub fn dst(&self) -> SocketAddr {
        self.hdr.id.dst(self.hdr.family)
    }

    /// The socket's cookie.
    pub fn cookie(&self) -> u64 {
        self.hdr.id.cookie()
    }

    /// The inode (as in `/proc/PID/fd` links: `socket:[INODE]`).
    pub fn inode(&self) -> u32 {
        self.hdr.inode.get()
    }

    /// The owner's uid.
    pub fn uid(&self) -> u32 {
        self.hdr.uid.get()
    }

    /// `INET_DIAG_MEMINFO`.
    pub fn meminfo(&self) -> Result<Option<&'a InetDiagMeminfo>, DecodeError> {
        self.tb
            .get(inet_attr::MEMINFO)
            .map(|a| a.view_prefix())
            .transpose()
    }

    /// `INET_DIAG_INFO` as `tcp_info` (TCP sockets only).
    pub fn tcp_info(&self) -> Result<Option<TcpInfoRead>, DecodeError> {
        let Some(a) = self.tb.get(inet_attr::INFO) else {
            return Ok(None);
        };
        let p = a.payload();
        if p.len() < TcpInfo::MIN_LEN {
            return Err(DecodeError::new(
                DecodeErrorKind::AttrPayload {
                    kind: a.kind(),
                    expected: "tcp_info",
                    needed: TcpInfo::MIN_LEN,
                    got: p.len(),
                },
                a.offset(),
            ));
        }
        let mut info = TcpInfo::default();
        let n = p.len().min(TcpInfo::LEN);
        info.as_mut_bytes()[..n].copy_from_slice(&p[..n]);
        Ok(Some(TcpInfoRead { info, len: p.len() }))
    }

    /// `INET_DIAG_SKMEMINFO`: the `SK_MEMINFO_*` counters ([`SK_MEMINFO_NAMES`]).
    pub fn skmeminfo(&self) -> impl Iterator<Item = u32> + 'a {
        let p = self
            .tb
            .get(inet_attr::SKMEMINFO)
            .map_or(&[][..], |a| a.payload());
        p.chunks_exact(4)
            .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
    }

    /// `INET_DIAG_SOCKOPT` as bits of [`sockopt`].
    pub fn sockopt(&self) -> Result<Option<u16>, DecodeError> {
        self.tb
            .get(inet_attr::SOCKOPT)
            .map(|a| {
                a.read::<[u8; 2]>()
                    .map(|b| u16::from(b[0]) | (u16::from(b[1]) << 8))
            })
            .transpose()
    }

    diag_getters! {
        /// `INET_DIAG_CONG`: the congestion control algorithm.
        cong: inet_attr::CONG => str -> &'a str;
        /// `INET_DIAG_TOS`.
        tos: inet_attr::TOS => u8 -> u8;
        /// `INET_DIAG_TCLASS`.
        tclass: inet_attr::TCLASS => u8 -> u8;
        /// `INET_DIAG_SHUTDOWN`.
        shutdown: inet_attr::SHUTDOWN => u8 -> u8;
        /// `INET_DIAG_PROTOCOL`.
        protocol: inet_attr::PROTOCOL => u8 -> u8;
        /// `INET_DIAG_SKV6ONLY`.
        v6only: inet_attr::SKV6ONLY => u8 -> u8;
        /// `INET_DIAG_MARK`.
        mark: inet_attr::MARK => u32 -> u32;
        /// `INET_DIAG_CLASS_ID`.
        class_id: inet_attr::CLASS_ID => u32 -> u32;
        /// `INET_DIAG_CGROUP_ID`.
        cgroup_id: inet_attr::CGROUP_ID => u64 -> u64;
    }
}

impl fmt::Debug for DiagMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DiagMsg")
            .field("state", &tcp_state::name(self.state()))
            .field("src", &self.src())
            .field("dst", &self.dst())
            .field("inode", &self.inode())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for DiagMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.hdr;
        write!(
            f,
            "SOCK_DIAG_BY_FAMILY inet flags {:#x} seq {} pid {}\n  {} {} {} -> {} timer {} retrans {} expires {} rqueue {} wqueue {} uid {} inode {} cookie {:#x}",
            self.msg.flags().bits(),
            self.msg.seq(),
            self.msg.pid(),
            if h.family == AF_INET6 {
                "inet6"
            } else {
                "inet"
            },
            tcp_state::name(h.state).unwrap_or("?"),
            self.src(),
            self.dst(),
            h.timer,
            h.retrans,
            h.expires.get(),
            h.rqueue.get(),
            h.wqueue.get(),
            h.uid.get(),
            h.inode.get(),
            self.cookie()
        )?;
        let attrs = self.msg.attrs(InetDiagMsg::LEN).unwrap_or(Attrs::new(&[]));
        Dissector::new(f, 1).attrs(attrs, &INET_DIAG)
    }
}

fn check_type(msg: &Message<'_>) -> Result<(), DecodeError> {
    if msg.message_type() == SOCK_DIAG_BY_FAMILY {
        Ok(())
    } else {
        Err(DecodeError::new(
            DecodeErrorKind::UnexpectedType {
                expected: SOCK_DIAG_BY_FAMILY.0,
                got: msg.message_type().0,
            },
            msg.offset(),
        ))
    }
}

// ---------------------------------------------------------------------------------------
// Unix sockets.

/// `UDIAG_SHOW_*`: what a [`UnixDiagReq`] asks to include.
pub mod udiag_show {
    /// `UNIX_DIAG_NAME`: the bound path or abstract name.
    pub const NAME: u32 = 0x01;
    /// `UNIX_DIAG_VFS`: the path's inode and device.
    pub const VFS: u32 = 0x02;
    /// `UNIX_DIAG_PEER`: the peer's inode.
    pub const PEER: u32 = 0x04;
    /// `UNIX_DIAG_ICONS`: pending connections of a listener.
    pub const ICONS: u32 = 0x08;
    /// `UNIX_DIAG_RQLEN`: queue lengths.
    pub const RQLEN: u32 = 0x10;
    /// `UNIX_DIAG_MEMINFO`.
    pub const MEMINFO: u32 = 0x20;
    /// `UNIX_DIAG_UID`.
    pub const UID: u32 = 0x40;
}

/// `struct unix_diag_req`.
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
pub struct UnixDiagReq {
    /// `sdiag_family`: `AF_UNIX`.
    pub family: u8,
    /// `sdiag_protocol`: 0.
    pub protocol: u8,
    /// Padding.
    pub pad: U16,
    /// `udiag_states`: bits `1 << state` ([`tcp_state`]: `ESTABLISHED`, `LISTEN`,
    /// `CLOSE`).
    pub states: U32,
    /// `udiag_ino`: one socket's inode (for a single get).
    pub ino: U32,
    /// `udiag_show`: [`udiag_show`] bits.
    pub show: U32,
    /// `udiag_cookie`.
    pub cookie: [U32; 2],
}

impl UnixDiagReq {
    /// Size on the wire.
    pub const LEN: usize = 24;

    /// A dump request for every Unix socket, showing `show`.
    pub fn new(show: u32) -> Self {
        Self {
            family: AF_UNIX,
            states: U32::new(tcp_state::ALL),
            show: U32::new(show),
            cookie: [U32::new(NOCOOKIE), U32::new(NOCOOKIE)],
            ..Self::default()
        }
    }
}

/// Writes a `SOCK_DIAG_BY_FAMILY` dump of Unix sockets.
pub fn unix_dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    req: &UnixDiagReq,
) -> Result<usize, EncodeError> {
    let mut b = Builder::message(
        buf,
        SOCK_DIAG_BY_FAMILY,
        Flags::REQUEST | Flags::DUMP,
        seq,
        0,
    )?;
    b.put_header(req)?;
    Ok(b.finish())
}

/// `struct unix_diag_msg`.
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
pub struct UnixDiagMsg {
    /// `udiag_family`: `AF_UNIX`.
    pub family: u8,
    /// `udiag_type`: `SOCK_STREAM` 1, `SOCK_DGRAM` 2, `SOCK_SEQPACKET` 5.
    pub kind: u8,
    /// `udiag_state` ([`tcp_state`]).
    pub state: u8,
    /// Padding.
    pub pad: u8,
    /// `udiag_ino`.
    pub ino: U32,
    /// `udiag_cookie`.
    pub cookie: [U32; 2],
}

impl UnixDiagMsg {
    /// Size on the wire.
    pub const LEN: usize = 16;
}

attr_set! {
    /// Unix socket reply attributes (`UNIX_DIAG_*`; note `NAME` is 0).
    pub mod unix_attr, pub static UNIX_DIAG = "UNIX_DIAG_" {
        /// The bound name: a path, or an abstract name starting with a NUL.
        NAME = 0 => Value::Custom(fmt_unix_name),
        /// `struct unix_diag_vfs`: the path's inode and device.
        VFS = 1 => Value::Struct("unix_diag_vfs", 8),
        /// The peer's inode.
        PEER = 2 => Value::U32,
        /// Inodes of pending connections (u32 array).
        ICONS = 3 => Value::Binary,
        /// `struct unix_diag_rqlen`: receive and send queue lengths.
        RQLEN = 4 => Value::Struct("unix_diag_rqlen", 8),
        /// `SK_MEMINFO_*` counters.
        MEMINFO = 5 => Value::Custom(fmt_skmeminfo),
        /// Shutdown state.
        SHUTDOWN = 6 => Value::U8,
        /// The owner's uid.
        UID = 7 => Value::U32,
    }
}

fn fmt_unix_name(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    d.write_fmt(format_args!(" {}", UnixName(a.payload())))?;
    Ok(true)
}

/// A Unix socket name as `ss` prints it: a path, or `@name` for an abstract one.
#[derive(Clone, Copy, Debug)]
pub struct UnixName<'a>(pub &'a [u8]);

impl fmt::Display for UnixName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, rest) = match self.0.split_first() {
            Some((0, rest)) => ("@", rest),
            _ => ("", self.0),
        };
        f.write_str(prefix)?;
        for chunk in rest.utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

/// One socket of a `unix_diag` dump.
#[derive(Clone, Copy)]
pub struct UnixDiagView<'a> {
    msg: Message<'a>,
    hdr: &'a UnixDiagMsg,
    tb: AttrTable<'a, 8>,
}

impl<'a> UnixDiagView<'a> {
    /// Views a `SOCK_DIAG_BY_FAMILY` reply of a `unix_diag` dump.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        check_type(msg)?;
        let hdr = msg.family_header::<UnixDiagMsg>()?;
        if hdr.family != AF_UNIX {
            return Err(DecodeError::new(
                DecodeErrorKind::Invalid {
                    what: "unix_diag family (not AF_UNIX)",
                },
                crate::header::NlMsgHdr::LEN,
            ));
        }
        Ok(Self {
            msg: *msg,
            hdr,
            tb: AttrTable::parse(msg.attrs(UnixDiagMsg::LEN)?)?,
        })
    }

    /// The fixed header.
    pub fn header(&self) -> &'a UnixDiagMsg {
        self.hdr
    }

    /// The attribute of type `kind`.
    pub fn attr(&self, kind: u16) -> Option<Attr<'a>> {
        self.tb.get(kind)
    }

    /// The inode.
    pub fn inode(&self) -> u32 {
        self.hdr.ino.get()
    }

    /// The state ([`tcp_state`]).
    pub fn state(&self) -> u8 {
        self.hdr.state
    }

    /// `UNIX_DIAG_NAME`: the raw name (abstract names start with a NUL; see
    /// [`UnixName`]).
    pub fn name(&self) -> Option<&'a [u8]> {
        self.tb.get(unix_attr::NAME).map(|a| a.payload())
    }

    /// `UNIX_DIAG_VFS`: `(inode, device)` of the bound path.
    pub fn vfs(&self) -> Result<Option<(u32, u32)>, DecodeError> {
        self.pair(unix_attr::VFS)
    }

    /// `UNIX_DIAG_RQLEN`: `(receive queue, send queue)`.
    pub fn rqlen(&self) -> Result<Option<(u32, u32)>, DecodeError> {
        self.pair(unix_attr::RQLEN)
    }

    fn pair(&self, kind: u16) -> Result<Option<(u32, u32)>, DecodeError> {
        self.tb
            .get(kind)
            .map(|a| {
                a.read::<[[u8; 4]; 2]>()
                    .map(|w| (u32::from_ne_bytes(w[0]), u32::from_ne_bytes(w[1])))
            })
            .transpose()
    }

    /// `UNIX_DIAG_PEER`: the peer's inode.
    pub fn peer(&self) -> Result<Option<u32>, DecodeError> {
        self.tb.u32(unix_attr::PEER)
    }

    /// `UNIX_DIAG_UID`.
    pub fn uid(&self) -> Result<Option<u32>, DecodeError> {
        self.tb.u32(unix_attr::UID)
    }

    /// `UNIX_DIAG_SHUTDOWN`.
    pub fn shutdown(&self) -> Result<Option<u8>, DecodeError> {
        self.tb.u8(unix_attr::SHUTDOWN)
    }

    /// `UNIX_DIAG_ICONS`: inodes of pending connections.
    pub fn icons(&self) -> impl Iterator<Item = u32> + 'a {
        let p = self
            .tb
            .get(unix_attr::ICONS)
            .map_or(&[][..], |a| a.payload());
        p.chunks_exact(4)
            .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
    }
}

impl fmt::Debug for UnixDiagView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixDiagView")
            .field("inode", &self.inode())
            .field("state", &tcp_state::name(self.state()))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for UnixDiagView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.hdr;
        write!(
            f,
            "SOCK_DIAG_BY_FAMILY unix flags {:#x} seq {} pid {}\n  type {} {} inode {} cookie {:#x}",
            self.msg.flags().bits(),
            self.msg.seq(),
            self.msg.pid(),
            match h.kind {
                1 => "stream",
                2 => "dgram",
                5 => "seqpacket",
                _ => "?",
            },
            tcp_state::name(h.state).unwrap_or("?"),
            h.ino.get(),
            u64::from(h.cookie[0].get()) | (u64::from(h.cookie[1].get()) << 32)
        )?;
        let attrs = self.msg.attrs(UnixDiagMsg::LEN).unwrap_or(Attrs::new(&[]));
        Dissector::new(f, 1).attrs(attrs, &UNIX_DIAG)
    }
}

/// `Display` for any `NETLINK_SOCK_DIAG` message: requests (`inet_diag_req_v2`,
/// `unix_diag_req`) and replies by their family byte, control messages as
/// [`crate::dissect::Dissect`] prints them, anything else as a header and hex.
#[derive(Clone, Copy, Debug)]
pub struct Dissect<'m, 'a>(pub &'m Message<'a>);

impl fmt::Display for Dissect<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        if m.message_type().is_control() {
            return write!(
                f,
                "{}",
                crate::dissect::Dissect::new(crate::Protocol::SOCK_DIAG, m)
            );
        }
        let is_req = m.flags().contains(Flags::REQUEST);
        let family = m.payload().first().copied();
        if m.message_type() == SOCK_DIAG_BY_FAMILY && is_req {
            if family == Some(AF_UNIX) {
                if let Ok(r) = m.family_header::<UnixDiagReq>() {
                    return write!(
                        f,
                        "SOCK_DIAG_BY_FAMILY request unix flags {:#x} seq {}\n  states {:#x} ino {} show {:#x}",
                        m.flags().bits(),
                        m.seq(),
                        r.states.get(),
                        r.ino.get(),
                        r.show.get()
                    );
                }
            } else if let Ok(r) = m.family_header::<InetDiagReqV2>() {
                write!(
                    f,
                    "SOCK_DIAG_BY_FAMILY request {} proto {} flags {:#x} seq {}\n  states {:#x} ext {:#x} src {} dst {}",
                    if r.family == AF_INET6 {
                        "inet6"
                    } else {
                        "inet"
                    },
                    r.protocol,
                    m.flags().bits(),
                    m.seq(),
                    r.states.get(),
                    r.ext,
                    r.id.src(r.family),
                    r.id.dst(r.family)
                )?;
                let attrs = m.attrs(InetDiagReqV2::LEN).unwrap_or(Attrs::new(&[]));
                return Dissector::new(f, 1).attrs(attrs, &INET_DIAG_REQ);
            }
        } else if m.message_type() == SOCK_DIAG_BY_FAMILY {
            if family == Some(AF_UNIX) {
                match UnixDiagView::parse(m) {
                    Ok(v) => return write!(f, "{v}"),
                    Err(e) => return write!(f, "{m}\n  !! {e}"),
                }
            }
            match DiagMsg::parse(m) {
                Ok(v) => return write!(f, "{v}"),
                Err(e) => return write!(f, "{m}\n  !! {e}"),
            }
        }
        write!(f, "{m}\n  ")?;
        crate::fmt::hex(f, m.payload(), 256)
    }
}
