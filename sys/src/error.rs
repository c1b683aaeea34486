//! The error type of sockets and the client, and [`KernelError`]: an error the kernel
//! replied with, its extended ack mapped back to the request's attributes.

use std::fmt;
use std::io;

use nlwire_codec::{DecodeError, EncodeError, ExtAck, PathTarget, Policy, attr_path};

use crate::errno;

/// An error from a socket or the client.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The kernel answered with an error (`NLMSG_ERROR`, or a failed `NLMSG_DONE`).
    Kernel(Box<KernelError>),
    /// A system call failed.
    Io(io::Error),
    /// A reply could not be decoded (its framing is lost).
    Decode(DecodeError),
    /// The request could not be built.
    Encode(EncodeError),
    /// A datagram was longer than the receive buffer: its tail was lost. The client has
    /// grown its buffer, so the next request works.
    Truncated {
        /// The datagram's full length.
        len: usize,
        /// The buffer's length.
        buf: usize,
    },
    /// The socket's receive queue overflowed (`ENOBUFS`): notifications were dropped.
    /// Re-read the state (a dump) to resynchronise.
    Overrun,
    /// A dump stayed inconsistent (`NLM_F_DUMP_INTR`) through every attempt of
    /// [`Client::dump_consistent`](crate::Client::dump_consistent).
    Inconsistent {
        /// How many times the dump ran.
        attempts: u32,
    },
    /// The replies did not follow the netlink protocol (for example a request writer that
    /// produced no message, or several where one was expected).
    Protocol(&'static str),
}

impl Error {
    /// The positive errno of a kernel or system-call error.
    pub fn errno(&self) -> Option<i32> {
        match self {
            Error::Kernel(k) => Some(k.errno),
            Error::Io(e) => e.raw_os_error(),
            Error::Overrun => Some(libc::ENOBUFS),
            _ => None,
        }
    }

    /// The kernel error, if this is one.
    pub fn kernel(&self) -> Option<&KernelError> {
        match self {
            Error::Kernel(k) => Some(k),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Kernel(k) => fmt::Display::fmt(k, f),
            Error::Io(e) => write!(f, "netlink socket: {e}"),
            Error::Decode(e) => write!(f, "malformed reply: {e}"),
            Error::Encode(e) => write!(f, "cannot build the request: {e}"),
            Error::Truncated { len, buf } => write!(
                f,
                "a {len}-byte datagram did not fit the {buf}-byte receive buffer; messages were lost"
            ),
            Error::Overrun => f.write_str(
                "receive queue overrun (ENOBUFS): notifications were lost; dump again to resynchronise",
            ),
            Error::Inconsistent { attempts } => write!(
                f,
                "dump still inconsistent (NLM_F_DUMP_INTR) after {attempts} attempts"
            ),
            Error::Protocol(what) => write!(f, "netlink protocol violation: {what}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Encode(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    /// `ENOBUFS` becomes [`Error::Overrun`]; everything else [`Error::Io`].
    fn from(e: io::Error) -> Self {
        if e.raw_os_error() == Some(libc::ENOBUFS) {
            Error::Overrun
        } else {
            Error::Io(e)
        }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl From<EncodeError> for Error {
    fn from(e: EncodeError) -> Self {
        Error::Encode(e)
    }
}

impl From<KernelError> for Error {
    fn from(e: KernelError) -> Self {
        Error::Kernel(Box::new(e))
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}

impl From<Error> for io::Error {
    /// [`Error::Io`] unwrapped; anything else as `ErrorKind::Other` carrying the error.
    fn from(e: Error) -> Self {
        match e {
            Error::Io(e) => e,
            other => io::Error::other(other),
        }
    }
}

/// An error the kernel answered a request with, and what its extended ack said.
///
/// Displayed like `Nexthop has invalid gateway (ENETUNREACH, errno 101)`, or
/// `Attribute failed policy validation (ERANGE, errno 34) at attribute 3 {type STRING(11),
/// max-len 15}` when the kernel pointed at an attribute of the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelError {
    /// The positive errno.
    pub errno: i32,
    /// `NLMSGERR_ATTR_MSG`: the kernel's explanation.
    pub msg: Option<String>,
    /// `NLMSGERR_ATTR_OFFS`: offset of the offending attribute in the request, from its
    /// `nlmsghdr`.
    pub offset: Option<u32>,
    /// [`Self::offset`] mapped to the attribute path in the request as sent, like
    /// `18 > 2 > 3` (see [`nlwire_codec::attr_path`]); `None` without an offset or when
    /// the family header's length was unknown.
    pub path: Option<String>,
    /// `NLMSGERR_ATTR_POLICY`: the policy the attribute failed.
    pub policy: Option<Policy>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: a required attribute that was missing.
    pub missing_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest it was missing from.
    pub missing_nest: Option<u32>,
    /// [`Self::missing_nest`] as an attribute path.
    pub missing_nest_path: Option<String>,
    /// Whether the error arrived in `NLMSG_DONE` (a failed dump) rather than
    /// `NLMSG_ERROR`.
    pub in_done: bool,
}

impl KernelError {
    /// An error with `errno` (positive) and no extended ack.
    pub fn new(errno: i32) -> Self {
        Self {
            errno,
            msg: None,
            offset: None,
            path: None,
            policy: None,
            missing_type: None,
            missing_nest: None,
            missing_nest_path: None,
            in_done: false,
        }
    }

    /// An error with `errno` and the extended ack `ext`. When `request` (the request as
    /// sent) and its family header length are given, offsets are mapped to attribute paths.
    pub fn from_ext_ack(errno: i32, ext: &ExtAck<'_>, request: Option<(&[u8], usize)>) -> Self {
        let render = |off: u32| -> Option<String> {
            let (req, hdr_len) = request?;
            let p = attr_path(req, hdr_len, off);
            match p.target {
                PathTarget::OutOfRange => None,
                _ => Some(p.to_string()),
            }
        };
        Self {
            errno,
            msg: ext.msg.map(str::to_owned),
            offset: ext.offset,
            path: ext.offset.and_then(render),
            policy: ext.policy,
            missing_type: ext.missing_type,
            missing_nest: ext.missing_nest,
            missing_nest_path: ext.missing_nest.and_then(render),
            in_done: false,
        }
    }

    /// The errno's symbolic name (`"ENODEV"`), if known.
    pub fn name(&self) -> Option<&'static str> {
        errno::name(self.errno)
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.msg, errno::description(self.errno)) {
            (Some(m), _) => f.write_str(m)?,
            (None, Some(d)) => f.write_str(d)?,
            (None, None) => f.write_str("kernel error")?,
        }
        match self.name() {
            Some(n) => write!(f, " ({n}, errno {})", self.errno)?,
            None => write!(f, " (errno {})", self.errno)?,
        }
        match (&self.path, self.offset) {
            (Some(p), _) => write!(f, " at attribute {p}")?,
            (None, Some(o)) => write!(f, " at offset {o}")?,
            (None, None) => {}
        }
        if let Some(p) = &self.policy {
            write!(f, " {p}")?;
        }
        if let Some(t) = self.missing_type {
            write!(f, ", missing attribute {t}")?;
            match (&self.missing_nest_path, self.missing_nest) {
                (Some(p), _) => write!(f, " in {p}")?,
                (None, Some(o)) => write!(f, " in the nest at offset {o}")?,
                (None, None) => {}
            }
        }
        Ok(())
    }
}

impl std::error::Error for KernelError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_with_message_and_name() {
        let mut e = KernelError::new(101);
        e.msg = Some("Nexthop has invalid gateway".into());
        assert_eq!(
            e.to_string(),
            "Nexthop has invalid gateway (ENETUNREACH, errno 101)"
        );
        e.path = Some("18 > 2 > 3".into());
        assert_eq!(
            Error::from(e).to_string(),
            "Nexthop has invalid gateway (ENETUNREACH, errno 101) at attribute 18 > 2 > 3"
        );
    }

    #[test]
    fn display_without_message() {
        assert_eq!(
            KernelError::new(19).to_string(),
            "No such device (ENODEV, errno 19)"
        );
        assert_eq!(
            KernelError::new(4000).to_string(),
            "kernel error (errno 4000)"
        );
        let mut e = KernelError::new(22);
        e.missing_type = Some(1);
        e.offset = Some(40);
        assert_eq!(
            e.to_string(),
            "Invalid argument (EINVAL, errno 22) at offset 40, missing attribute 1"
        );
    }

    #[test]
    fn enobufs_is_overrun() {
        let e = Error::from(io::Error::from_raw_os_error(libc::ENOBUFS));
        assert!(matches!(e, Error::Overrun));
        assert_eq!(e.errno(), Some(105));
        let e = Error::from(io::Error::from_raw_os_error(libc::EBADF));
        assert!(matches!(e, Error::Io(_)));
    }
}
