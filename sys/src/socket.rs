//! [`Socket`]: an `AF_NETLINK` socket of any protocol, its address (port id and
//! multicast groups), its options, and datagram send/receive that never hides truncation.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};

use nlwire_codec::consts::{SOL_NETLINK, sockopt};
use nlwire_codec::{Protocol, Received, Transport};

use crate::Error;
use crate::raw;

/// Everything one receive reported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecvInfo {
    /// The datagram's full length. When it exceeds the buffer the tail was lost.
    pub len: usize,
    /// The sender's port id (0 for the kernel).
    pub port: u32,
    /// The legacy multicast group bitmask the datagram was sent to (0 for unicast, and
    /// also 0 for groups above 32: see [`Self::group`]).
    pub groups: u32,
    /// The multicast group number, from `NETLINK_PKTINFO` (when enabled with
    /// [`Socket::set_pktinfo`]); `Some(0)` for unicast.
    pub group: Option<u32>,
    /// The peer network namespace id the notification came from, from
    /// `NETLINK_LISTEN_ALL_NSID` (when enabled with [`Socket::set_listen_all_nsid`]).
    pub nsid: Option<i32>,
}

impl RecvInfo {
    /// Whether the datagram was longer than a buffer of `buf_len` bytes.
    pub fn is_truncated(&self, buf_len: usize) -> bool {
        self.len > buf_len
    }

    /// Whether the datagram was multicast (to a group of any number).
    pub fn is_multicast(&self) -> bool {
        self.groups != 0 || self.group.is_some_and(|g| g != 0)
    }

    /// The codec's view: length, sender, and a group bitmask that is non-zero for every
    /// multicast datagram (for a group above 32, which has no bit, bit `(group - 1) % 32`
    /// stands in).
    pub fn received(&self) -> Received {
        let groups = match (self.groups, self.group) {
            (0, Some(g)) if g != 0 => 1u32 << ((g - 1) % 32),
            (mask, _) => mask,
        };
        Received {
            len: self.len,
            port: self.port,
            groups,
        }
    }
}

/// A netlink socket.
///
/// Created unbound: call [`Socket::bind_auto`] (or [`Socket::bind`]) before relying on
/// [`Socket::local_port`]; an unbound socket is bound by the kernel on its first send.
/// Receives report the full datagram length, so a short buffer is always visible, and
/// `ENOBUFS` (the receive queue overflowed) comes out as [`Error::Overrun`].
///
/// ```no_run
/// use nlwire_sys::{Protocol, Socket};
/// let mut sock = Socket::new(Protocol::ROUTE)?;
/// let port = sock.bind_auto()?;
/// sock.join_group(1)?; // RTNLGRP_LINK
/// let mut buf = Vec::new();
/// let info = sock.recv_sized(&mut buf)?; // blocks until a link changes
/// println!("{} bytes from port {} (bound to {port})", info.len, info.port);
/// # Ok::<(), nlwire_sys::Error>(())
/// ```
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
    protocol: Option<Protocol>,
    port: Option<u32>,
}

impl Socket {
    /// Opens an unbound socket of `protocol` (`socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
    /// protocol)`).
    pub fn new(protocol: Protocol) -> io::Result<Self> {
        Ok(Self {
            fd: raw::socket(protocol.0)?,
            protocol: Some(protocol),
            port: None,
        })
    }

    /// The protocol the socket was opened with (`None` when made from a descriptor).
    pub fn protocol(&self) -> Option<Protocol> {
        self.protocol
    }

    /// Binds to a port id the kernel chooses and returns it.
    pub fn bind_auto(&mut self) -> io::Result<u32> {
        self.bind_with_groups(0, 0)
    }

    /// Binds to port id `port`. A port another socket holds fails with
    /// `io::ErrorKind::AddrInUse` (`EADDRINUSE`).
    pub fn bind(&mut self, port: u32) -> io::Result<()> {
        self.bind_with_groups(port, 0).map(drop)
    }

    /// Binds to `port` (0: the kernel chooses) and joins the groups of the legacy bitmask
    /// `groups` (bit `n - 1` for group `n`, groups 1 to 32 only). Returns the port id.
    pub fn bind_with_groups(&mut self, port: u32, groups: u32) -> io::Result<u32> {
        raw::bind(self.fd.as_fd(), port, groups)?;
        let (bound, _) = raw::getsockname(self.fd.as_fd())?;
        self.port = Some(bound);
        Ok(bound)
    }

    /// The bound port id; `None` before the socket is bound (explicitly or by a send).
    pub fn local_port(&self) -> Option<u32> {
        self.port
    }

    /// Asks the kernel for the bound port id (`getsockname`); 0 when unbound.
    pub fn query_local_port(&mut self) -> io::Result<u32> {
        let (port, _) = raw::getsockname(self.fd.as_fd())?;
        if port != 0 {
            self.port = Some(port);
        }
        Ok(port)
    }

    /// Joins multicast group `group` (`NETLINK_ADD_MEMBERSHIP`; any number, above 32
    /// too). For a group above 32, `NETLINK_PKTINFO` is switched on, since such datagrams
    /// carry no group bit and would otherwise look like unicast.
    pub fn join_group(&mut self, group: u32) -> io::Result<()> {
        self.set_int(sockopt::ADD_MEMBERSHIP, group_arg(group)?)?;
        if group > 32 {
            self.set_pktinfo(true)?;
        }
        Ok(())
    }

    /// Leaves multicast group `group` (`NETLINK_DROP_MEMBERSHIP`).
    pub fn leave_group(&self, group: u32) -> io::Result<()> {
        self.set_int(sockopt::DROP_MEMBERSHIP, group_arg(group)?)
    }

    /// The groups the socket belongs to, in increasing order
    /// (`NETLINK_LIST_MEMBERSHIPS`).
    pub fn memberships(&self) -> io::Result<Vec<u32>> {
        let mut words = vec![0u32; 4];
        loop {
            let bytes = raw::getsockopt_words(
                self.fd.as_fd(),
                SOL_NETLINK,
                sockopt::LIST_MEMBERSHIPS,
                &mut words,
            )?;
            let needed = bytes.div_ceil(4);
            if needed <= words.len() {
                words.truncate(needed);
                break;
            }
            words = vec![0u32; needed];
        }
        let mut groups = Vec::new();
        for (i, w) in words.iter().enumerate() {
            for bit in 0..32u32 {
                if w & (1 << bit) != 0 {
                    let g = u32::try_from(i)
                        .unwrap_or(u32::MAX)
                        .saturating_mul(32)
                        .saturating_add(bit + 1);
                    groups.push(g);
                }
            }
        }
        Ok(groups)
    }

    /// Sets `SO_RCVBUF` (the kernel doubles it, with a minimum: 4096 becomes 8192).
    pub fn set_recv_buffer_size(&self, bytes: usize) -> io::Result<()> {
        self.set_sol_socket(libc::SO_RCVBUF, bytes)
    }

    /// Sets `SO_RCVBUFFORCE`: like [`Self::set_recv_buffer_size`] beyond `rmem_max`
    /// (needs `CAP_NET_ADMIN`).
    pub fn set_recv_buffer_size_force(&self, bytes: usize) -> io::Result<()> {
        self.set_sol_socket(libc::SO_RCVBUFFORCE, bytes)
    }

    /// The effective receive buffer size (`SO_RCVBUF` as read back).
    pub fn recv_buffer_size(&self) -> io::Result<usize> {
        let v = raw::getsockopt_int(self.fd.as_fd(), libc::SOL_SOCKET, libc::SO_RCVBUF)?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Sets `SO_SNDBUF`.
    pub fn set_send_buffer_size(&self, bytes: usize) -> io::Result<()> {
        self.set_sol_socket(libc::SO_SNDBUF, bytes)
    }

    /// The effective send buffer size (`SO_SNDBUF` as read back).
    pub fn send_buffer_size(&self) -> io::Result<usize> {
        let v = raw::getsockopt_int(self.fd.as_fd(), libc::SOL_SOCKET, libc::SO_SNDBUF)?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// `NETLINK_EXT_ACK`: errors carry the kernel's message, the offending attribute's
    /// offset and policy.
    pub fn set_ext_ack(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::EXT_ACK, on)
    }

    /// `NETLINK_CAP_ACK`: error messages echo only the request's header, not all of it.
    pub fn set_cap_ack(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::CAP_ACK, on)
    }

    /// `NETLINK_GET_STRICT_CHK`: dump requests are checked strictly, and their filters
    /// honoured.
    pub fn set_strict_check(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::GET_STRICT_CHK, on)
    }

    /// `NETLINK_NO_ENOBUFS`: an overflowing receive queue drops notifications silently
    /// instead of reporting [`Error::Overrun`].
    pub fn set_no_enobufs(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::NO_ENOBUFS, on)
    }

    /// `NETLINK_BROADCAST_ERROR`: report multicast delivery failures to the sender.
    pub fn set_broadcast_error(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::BROADCAST_ERROR, on)
    }

    /// `NETLINK_LISTEN_ALL_NSID`: receive notifications of every namespace that has an id
    /// here; [`RecvInfo::nsid`] says which.
    pub fn set_listen_all_nsid(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::LISTEN_ALL_NSID, on)
    }

    /// `NETLINK_PKTINFO`: every datagram reports its group in [`RecvInfo::group`].
    pub fn set_pktinfo(&self, on: bool) -> io::Result<()> {
        self.set_bool(sockopt::PKTINFO, on)
    }

    /// Switches `O_NONBLOCK`: receives then fail with `io::ErrorKind::WouldBlock` instead
    /// of waiting.
    pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        raw::set_nonblocking(self.fd.as_fd(), on)
    }

    /// Sends one datagram to the kernel.
    pub fn send(&mut self, datagram: &[u8]) -> Result<(), Error> {
        let n = raw::sendto(self.fd.as_fd(), datagram, 0, 0)?;
        if n != datagram.len() {
            return Err(Error::Io(io::Error::new(
                io::ErrorKind::WriteZero,
                "netlink datagram sent in part",
            )));
        }
        if self.port.is_none() {
            // The kernel bound the socket on this send.
            self.query_local_port()?;
        }
        Ok(())
    }

    /// Sends one datagram to the user-space socket bound to `port` (or, with `groups`
    /// non-zero, to those multicast groups). A port nobody holds fails with
    /// `ECONNREFUSED`.
    pub fn send_to(&self, port: u32, groups: u32, datagram: &[u8]) -> io::Result<usize> {
        raw::sendto(self.fd.as_fd(), datagram, port, groups)
    }

    /// Receives one datagram into `buf`, reporting its full length, sender and group.
    pub fn recv_from(&mut self, buf: &mut [u8]) -> Result<RecvInfo, Error> {
        let m = raw::recvmsg(self.fd.as_fd(), buf, 0)?;
        Ok(RecvInfo {
            len: m.len,
            port: m.pid,
            groups: m.groups,
            group: m.pktinfo_group,
            nsid: m.nsid,
        })
    }

    /// Receives one datagram into `buf` (see [`Transport::recv`]).
    pub fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Error> {
        self.recv_from(buf).map(|i| i.received())
    }

    /// The length of the next datagram, without consuming it (waits for one unless
    /// non-blocking).
    pub fn peek_len(&self) -> Result<usize, Error> {
        Ok(raw::peek_len(self.fd.as_fd())?)
    }

    /// Receives one whole datagram into `buf`: peeks at its length first and grows `buf`
    /// to fit, so nothing is ever truncated. On return `buf` holds exactly the datagram.
    /// (Should another reader take the datagram in between, a longer one that no longer
    /// fits is reported as [`Error::Truncated`].)
    pub fn recv_sized(&mut self, buf: &mut Vec<u8>) -> Result<RecvInfo, Error> {
        let len = self.peek_len()?;
        if buf.len() < len {
            buf.resize(len, 0);
        }
        let info = self.recv_from(buf)?;
        let have = buf.len();
        buf.truncate(info.len.min(have));
        if info.len > have {
            return Err(Error::Truncated {
                len: info.len,
                buf: have,
            });
        }
        Ok(info)
    }

    fn set_int(&self, name: i32, value: i32) -> io::Result<()> {
        raw::setsockopt_int(self.fd.as_fd(), SOL_NETLINK, name, value)
    }

    fn set_bool(&self, name: i32, on: bool) -> io::Result<()> {
        self.set_int(name, i32::from(on))
    }

    fn set_sol_socket(&self, name: i32, bytes: usize) -> io::Result<()> {
        let v = i32::try_from(bytes).unwrap_or(i32::MAX);
        raw::setsockopt_int(self.fd.as_fd(), libc::SOL_SOCKET, name, v)
    }
}

fn group_arg(group: u32) -> io::Result<i32> {
    i32::try_from(group).map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))
}

impl Transport for Socket {
    type Error = Error;

    fn send(&mut self, datagram: &[u8]) -> Result<(), Error> {
        Socket::send(self, datagram)
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Error> {
        Socket::recv(self, buf)
    }

    fn local_port(&self) -> Option<u32> {
        self.port
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl IntoRawFd for Socket {
    fn into_raw_fd(self) -> RawFd {
        self.fd.into_raw_fd()
    }
}

impl From<OwnedFd> for Socket {
    /// Adopts a netlink socket descriptor (for example one inherited or received). Its
    /// bound port id, if any, is looked up.
    fn from(fd: OwnedFd) -> Self {
        let port = raw::getsockname(fd.as_fd())
            .ok()
            .map(|(p, _)| p)
            .filter(|&p| p != 0);
        Self {
            fd,
            protocol: None,
            port,
        }
    }
}

impl From<Socket> for OwnedFd {
    fn from(s: Socket) -> Self {
        s.fd
    }
}
