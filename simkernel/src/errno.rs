//! Error numbers as the simulated kernel reports them.

use std::fmt;
use std::io;

/// A Linux error number (positive, as in `errno`), as the simulated kernel returns it in
/// `NLMSG_ERROR`/`NLMSG_DONE` (negated there) and in socket errors.
///
/// Converts into [`std::io::Error`] with [`io::Error::from_raw_os_error`], so
/// `raw_os_error()` gives the number back.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Errno(pub i32);

macro_rules! errnos {
    ($($(#[$m:meta])* $name:ident = $v:literal,)*) => {
        impl Errno {
            $( $(#[$m])* pub const $name: Errno = Errno($v); )*
        }
    };
}

errnos! {
    /// Operation not permitted.
    EPERM = 1,
    /// No such file or directory (no such object).
    ENOENT = 2,
    /// No such process (no such route).
    ESRCH = 3,
    /// Interrupted.
    EINTR = 4,
    /// Bad file descriptor (a socket that is gone).
    EBADF = 9,
    /// Out of memory.
    ENOMEM = 12,
    /// Permission denied.
    EACCES = 13,
    /// Device or resource busy.
    EBUSY = 16,
    /// Object exists.
    EEXIST = 17,
    /// No such device.
    ENODEV = 19,
    /// Invalid argument.
    EINVAL = 22,
    /// Too many open files (no free name for a `%d` pattern).
    ENFILE = 23,
    /// Result out of range.
    ERANGE = 34,
    /// Try again (would block).
    EAGAIN = 11,
    /// Message too long.
    EMSGSIZE = 90,
    /// Protocol not available (unknown socket option).
    ENOPROTOOPT = 92,
    /// Protocol not supported.
    EPROTONOSUPPORT = 93,
    /// Operation not supported.
    EOPNOTSUPP = 95,
    /// Address in use.
    EADDRINUSE = 98,
    /// Address not available.
    EADDRNOTAVAIL = 99,
    /// Too many levels of nesting (a loop).
    ELOOP = 40,
    /// Network is down.
    ENETDOWN = 100,
    /// Network unreachable.
    ENETUNREACH = 101,
    /// No buffer space (a receive queue overran).
    ENOBUFS = 105,
    /// Connection refused.
    ECONNREFUSED = 111,
    /// Host unreachable.
    EHOSTUNREACH = 113,
    /// Transport endpoint not connected.
    ENOTCONN = 107,
}

impl Errno {
    /// The symbolic name (`"ENOENT"`), from the codec's table.
    pub fn name(self) -> Option<&'static str> {
        nlwire_codec::errno::name(self.0)
    }

    /// The number, positive.
    pub const fn raw(self) -> i32 {
        self.0
    }

    /// The value the kernel puts in `NLMSG_ERROR`/`NLMSG_DONE`: the number, negated.
    pub const fn wire(self) -> i32 {
        -self.0
    }

    /// An [`io::Error`] with this raw OS error.
    pub fn to_io(self) -> io::Error {
        io::Error::from_raw_os_error(self.0)
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for Errno {}

impl From<Errno> for io::Error {
    fn from(e: Errno) -> Self {
        e.to_io()
    }
}
