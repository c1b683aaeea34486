//! Thin wrappers over the libc calls nlwire needs: the only module of the project with
//! `unsafe`.
//!
//! Each wrapper takes safe Rust types (`BorrowedFd`, slices), makes one system call, retries
//! it on `EINTR`, and turns a failure into [`std::io::Error`]. Nothing here knows about
//! netlink messages; the callers in [`crate::socket`] and [`crate::netns`] do.

use std::fs::File;
use std::io;
use std::mem::{size_of, zeroed};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::path::Path;

/// Runs `call` until it does not fail with `EINTR`; a negative result becomes the
/// thread's `errno` as an [`io::Error`].
fn retry<T: Copy + PartialOrd + Default>(mut call: impl FnMut() -> T) -> io::Result<T> {
    loop {
        let r = call();
        if r >= T::default() {
            return Ok(r);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// A zeroed `sockaddr_nl` for `pid` and the legacy `groups` bitmask.
fn sockaddr_nl(pid: u32, groups: u32) -> libc::sockaddr_nl {
    // SAFETY: `sockaddr_nl` is a plain C struct of integers (and padding), for which all
    // bytes zero is a valid value.
    let mut sa: libc::sockaddr_nl = unsafe { zeroed() };
    sa.nl_family = nlwire_codec::consts::AF_NETLINK;
    sa.nl_pid = pid;
    sa.nl_groups = groups;
    sa
}

/// `size_of::<T>()` as a `socklen_t` (only used for small kernel structures).
fn socklen_of<T>() -> libc::socklen_t {
    libc::socklen_t::try_from(size_of::<T>()).unwrap_or(libc::socklen_t::MAX)
}

/// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`.
pub(crate) fn socket(protocol: i32) -> io::Result<OwnedFd> {
    let fd = retry(|| {
        // SAFETY: `socket` takes no pointers; any argument values are allowed.
        unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                protocol,
            )
        }
    })?;
    // SAFETY: `fd` was just returned by a successful `socket` call, so it is an open file
    // descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `bind` to port id `pid` (0: let the kernel choose) and the legacy group bitmask.
pub(crate) fn bind(fd: BorrowedFd<'_>, pid: u32, groups: u32) -> io::Result<()> {
    let sa = sockaddr_nl(pid, groups);
    retry(|| {
        // SAFETY: `sa` is a valid `sockaddr_nl` that lives across the call, and the length
        // passed is its size.
        unsafe {
            libc::bind(
                fd.as_raw_fd(),
                (&raw const sa).cast::<libc::sockaddr>(),
                socklen_of::<libc::sockaddr_nl>(),
            )
        }
    })?;
    Ok(())
}

/// `getsockname`: the bound port id and legacy group bitmask.
pub(crate) fn getsockname(fd: BorrowedFd<'_>) -> io::Result<(u32, u32)> {
    let mut sa = sockaddr_nl(0, 0);
    let mut len = socklen_of::<libc::sockaddr_nl>();
    retry(|| {
        // SAFETY: `sa` and `len` are valid for writes for the duration of the call and `len`
        // holds the size of `sa`, so the kernel writes at most that many bytes.
        unsafe {
            libc::getsockname(
                fd.as_raw_fd(),
                (&raw mut sa).cast::<libc::sockaddr>(),
                &raw mut len,
            )
        }
    })?;
    Ok((sa.nl_pid, sa.nl_groups))
}

/// `setsockopt` with an `int` value.
pub(crate) fn setsockopt_int(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    value: i32,
) -> io::Result<()> {
    let v: libc::c_int = value;
    retry(|| {
        // SAFETY: `v` is a valid `c_int` that lives across the call and the length passed is
        // its size.
        unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                level,
                name,
                (&raw const v).cast::<libc::c_void>(),
                socklen_of::<libc::c_int>(),
            )
        }
    })?;
    Ok(())
}

/// `getsockopt` of an `int` value.
pub(crate) fn getsockopt_int(fd: BorrowedFd<'_>, level: i32, name: i32) -> io::Result<i32> {
    let mut v: libc::c_int = 0;
    let mut len = socklen_of::<libc::c_int>();
    retry(|| {
        // SAFETY: `v` and `len` are valid for writes across the call; `len` is the size of
        // `v`, so the kernel writes at most that many bytes.
        unsafe {
            libc::getsockopt(
                fd.as_raw_fd(),
                level,
                name,
                (&raw mut v).cast::<libc::c_void>(),
                &raw mut len,
            )
        }
    })?;
    Ok(v)
}

/// `getsockopt` into an array of `u32` words (`NETLINK_LIST_MEMBERSHIPS`). Returns the
/// length in bytes the kernel reported, which may exceed the slice: then only the slice
/// was filled and the caller should retry with a larger one.
pub(crate) fn getsockopt_words(
    fd: BorrowedFd<'_>,
    level: i32,
    name: i32,
    words: &mut [u32],
) -> io::Result<usize> {
    let bytes = words.len().saturating_mul(size_of::<u32>());
    let mut len = libc::socklen_t::try_from(bytes).unwrap_or(libc::socklen_t::MAX);
    retry(|| {
        // SAFETY: `words` is valid for writes of `len` bytes (it is at least that long, as
        // `len` is its size in bytes, possibly clamped smaller) and `len` is valid for writes.
        unsafe {
            libc::getsockopt(
                fd.as_raw_fd(),
                level,
                name,
                words.as_mut_ptr().cast::<libc::c_void>(),
                &raw mut len,
            )
        }
    })?;
    Ok(usize::try_from(len).unwrap_or(usize::MAX))
}

/// `sendto` port id `pid` (0 = the kernel) with the legacy `groups` bitmask (0 = unicast).
/// Returns the bytes sent.
pub(crate) fn sendto(fd: BorrowedFd<'_>, buf: &[u8], pid: u32, groups: u32) -> io::Result<usize> {
    let sa = sockaddr_nl(pid, groups);
    let n = retry(|| {
        // SAFETY: `buf` is valid for reads of `buf.len()` bytes and `sa` is a valid
        // `sockaddr_nl` whose size is passed; both live across the call.
        unsafe {
            libc::sendto(
                fd.as_raw_fd(),
                buf.as_ptr().cast::<libc::c_void>(),
                buf.len(),
                0,
                (&raw const sa).cast::<libc::sockaddr>(),
                socklen_of::<libc::sockaddr_nl>(),
            )
        }
    })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// What one `recvmsg` reported besides the payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RecvMeta {
    /// The datagram's full length (`MSG_TRUNC` semantics): may exceed the buffer.
    pub(crate) len: usize,
    /// The sender's port id.
    pub(crate) pid: u32,
    /// The legacy group bitmask the datagram was sent to.
    pub(crate) groups: u32,
    /// The group from an `NETLINK_PKTINFO` control message.
    pub(crate) pktinfo_group: Option<u32>,
    /// The peer namespace id from an `NETLINK_LISTEN_ALL_NSID` control message.
    pub(crate) nsid: Option<i32>,
}

/// Control-message buffer with the alignment `cmsghdr` needs.
#[repr(C, align(8))]
struct CmsgBuf([u8; 128]);

/// `recvmsg(fd, buf, MSG_TRUNC | flags)`: the full datagram length even when it is longer
/// than `buf`, the sender's address, and the netlink control messages if enabled.
pub(crate) fn recvmsg(fd: BorrowedFd<'_>, buf: &mut [u8], flags: i32) -> io::Result<RecvMeta> {
    let mut sa = sockaddr_nl(0, 0);
    let mut cbuf = CmsgBuf([0; 128]);
    let mut iov = libc::iovec {
        iov_base: buf.as_mut_ptr().cast::<libc::c_void>(),
        iov_len: buf.len(),
    };
    // SAFETY: `msghdr` is a plain C struct of integers and pointers, for which all bytes
    // zero (null pointers, zero lengths) is a valid value.
    let mut mh: libc::msghdr = unsafe { zeroed() };
    let n = retry(|| {
        mh.msg_name = (&raw mut sa).cast::<libc::c_void>();
        mh.msg_namelen = socklen_of::<libc::sockaddr_nl>();
        mh.msg_iov = &raw mut iov;
        mh.msg_iovlen = 1;
        mh.msg_control = cbuf.0.as_mut_ptr().cast::<libc::c_void>();
        mh.msg_controllen = cbuf.0.len() as _;
        mh.msg_flags = 0;
        // SAFETY: every pointer in `mh` points to a live local (`sa`, `iov`, `cbuf`) with
        // the length given beside it; `iov` points into `buf`, valid for writes of
        // `buf.len()` bytes. All of them outlive the call.
        unsafe { libc::recvmsg(fd.as_raw_fd(), &raw mut mh, libc::MSG_TRUNC | flags) }
    })?;
    let mut meta = RecvMeta {
        len: usize::try_from(n).unwrap_or(0),
        pid: sa.nl_pid,
        groups: sa.nl_groups,
        pktinfo_group: None,
        nsid: None,
    };
    // SAFETY: `mh` was filled in by a successful `recvmsg`: `msg_control` points to `cbuf`
    // and `msg_controllen` is the number of control bytes the kernel wrote there, so
    // `CMSG_FIRSTHDR` returns null or a pointer to a complete header inside `cbuf`.
    let mut cmsg = unsafe { libc::CMSG_FIRSTHDR(&raw const mh) };
    while !cmsg.is_null() {
        // SAFETY: `cmsg` is non-null and was returned by CMSG_FIRSTHDR/CMSG_NXTHDR for `mh`,
        // so it points to a complete, aligned `cmsghdr` inside `cbuf`.
        let hdr = unsafe { &*cmsg };
        let data_len = (hdr.cmsg_len as usize).saturating_sub(
            // SAFETY: CMSG_LEN only computes a size.
            unsafe { libc::CMSG_LEN(0) } as usize,
        );
        if hdr.cmsg_level == libc::SOL_NETLINK && data_len >= size_of::<u32>() {
            // SAFETY: the header's length says at least 4 data bytes follow it inside
            // `cbuf`; `read_unaligned` copes with any alignment.
            let v = unsafe { libc::CMSG_DATA(cmsg).cast::<u32>().read_unaligned() };
            match hdr.cmsg_type {
                libc::NETLINK_PKTINFO => meta.pktinfo_group = Some(v),
                libc::NETLINK_LISTEN_ALL_NSID => meta.nsid = Some(v as i32),
                _ => {}
            }
        }
        // SAFETY: `cmsg` is a valid header of `mh`'s control buffer; CMSG_NXTHDR returns the
        // next complete header within `msg_controllen`, or null.
        cmsg = unsafe { libc::CMSG_NXTHDR(&raw const mh, cmsg) };
    }
    Ok(meta)
}

/// The length of the next datagram without consuming it (`MSG_PEEK | MSG_TRUNC` with an
/// empty buffer). Blocks like a receive does.
pub(crate) fn peek_len(fd: BorrowedFd<'_>) -> io::Result<usize> {
    let mut byte = [0u8; 1];
    let n = retry(|| {
        // SAFETY: `byte` is valid for writes of the 0 bytes requested (the pointer is
        // non-null and live across the call).
        unsafe {
            libc::recv(
                fd.as_raw_fd(),
                byte.as_mut_ptr().cast::<libc::c_void>(),
                0,
                libc::MSG_PEEK | libc::MSG_TRUNC,
            )
        }
    })?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Sets or clears `O_NONBLOCK`.
pub(crate) fn set_nonblocking(fd: BorrowedFd<'_>, on: bool) -> io::Result<()> {
    let flags = retry(|| {
        // SAFETY: F_GETFL takes no pointer argument.
        unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFL) }
    })?;
    let new = if on {
        flags | libc::O_NONBLOCK
    } else {
        flags & !libc::O_NONBLOCK
    };
    if new != flags {
        retry(|| {
            // SAFETY: F_SETFL takes an integer argument, no pointer.
            unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFL, new) }
        })?;
    }
    Ok(())
}

/// `setns(fd, CLONE_NEWNET)`: moves the calling thread into the network namespace `fd`.
pub(crate) fn setns_net(fd: BorrowedFd<'_>) -> io::Result<()> {
    retry(|| {
        // SAFETY: `setns` takes no pointers; a bad descriptor is reported as an error.
        unsafe { libc::setns(fd.as_raw_fd(), libc::CLONE_NEWNET) }
    })?;
    Ok(())
}

/// `unshare(flags)`: gives the calling thread new namespaces.
pub(crate) fn unshare(flags: i32) -> io::Result<()> {
    retry(|| {
        // SAFETY: `unshare` takes no pointers.
        unsafe { libc::unshare(flags) }
    })?;
    Ok(())
}

/// Opens a namespace file (`/var/run/netns/NAME`, `/proc/PID/ns/net`) read-only and
/// close-on-exec.
pub(crate) fn open_ns(path: &Path) -> io::Result<OwnedFd> {
    File::open(path).map(OwnedFd::from)
}

/// Whether the process runs with effective user id 0.
pub(crate) fn is_root() -> bool {
    // SAFETY: `geteuid` takes no arguments and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
