//! Network namespaces: [`NetNs`] handles, running code inside one on a helper thread, and
//! private throwaway namespaces for tests.
//!
//! A namespace is entered by a *thread* (`setns`), never by the caller's own thread: the
//! work runs on a scoped helper thread, so the rest of the process is unaffected. Sockets
//! opened on that thread belong to the namespace for their whole life and can be returned
//! to, and used from, any thread.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd, RawFd};
use std::path::{Path, PathBuf};

use crate::raw;

/// A network namespace, held open by a file descriptor (the namespace lives at least as
/// long as the handle).
#[derive(Debug)]
pub struct NetNs {
    fd: OwnedFd,
}

impl NetNs {
    /// Opens the named namespace `/var/run/netns/NAME` (as `ip netns add NAME` creates).
    pub fn open(name: &str) -> io::Result<Self> {
        if name.is_empty() || name == "." || name == ".." || name.contains('/') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("invalid network namespace name {name:?}"),
            ));
        }
        Self::open_path(Path::new("/var/run/netns").join(name))
    }

    /// Opens a namespace file: a bind mount, or `/proc/PID/ns/net`.
    pub fn open_path(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        raw::open_ns(path)
            .map(Self::from_fd)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }

    /// The namespace of process `pid` (`/proc/PID/ns/net`).
    pub fn from_pid(pid: u32) -> io::Result<Self> {
        Self::open_path(PathBuf::from(format!("/proc/{pid}/ns/net")))
    }

    /// Adopts a descriptor of a namespace file.
    pub fn from_fd(fd: OwnedFd) -> Self {
        Self { fd }
    }

    /// The calling thread's namespace (`/proc/thread-self/ns/net`).
    pub fn current() -> io::Result<Self> {
        Self::open_path("/proc/thread-self/ns/net")
    }

    /// Creates a new, empty network namespace (only a `lo`, down) and returns it. Needs
    /// `CAP_SYS_ADMIN`; see [`with_private_netns`] for what happens without it.
    pub fn new_private() -> io::Result<Self> {
        with_private_netns(Self::current)?
    }

    /// Runs `f` on a helper thread that has entered this namespace and returns its
    /// result. The calling thread's namespace does not change. A panic in `f` is resumed
    /// on the calling thread.
    pub fn run_in<F, R>(&self, f: F) -> io::Result<R>
    where
        F: FnOnce() -> R + Send,
        R: Send,
    {
        let fd = self.fd.as_fd();
        on_helper_thread(move || {
            raw::setns_net(fd).map_err(|e| io::Error::new(e.kind(), format!("setns: {e}")))?;
            Ok(f())
        })
    }
}

/// Runs `f` on a helper thread whose network namespace is new and private: it starts
/// with only `lo` (down), and disappears when nothing uses it any more (its sockets and
/// [`NetNs`] handles keep it). The calling thread's namespace does not change; a panic in
/// `f` is resumed on the calling thread.
///
/// Creating a network namespace needs `CAP_SYS_ADMIN`. Without it, the unprivileged
/// route is a user namespace as well (`CLONE_NEWUSER | CLONE_NEWNET`), but the kernel
/// allows that only to single-threaded processes, which a Rust test harness is not; the
/// attempt is made and its failure explained in the error. Run as root, or under
/// `unshare -Urn`, which makes the whole process root in its own user namespace.
pub fn with_private_netns<F, R>(f: F) -> io::Result<R>
where
    F: FnOnce() -> R + Send,
    R: Send,
{
    on_helper_thread(move || {
        unshare_net()?;
        Ok(f())
    })
}

/// Moves the calling thread to a new network namespace, falling back to a new user
/// namespace too when not privileged.
fn unshare_net() -> io::Result<()> {
    let first = match raw::unshare(libc::CLONE_NEWNET) {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    if first.raw_os_error() != Some(libc::EPERM) || raw::is_root() {
        return Err(io::Error::new(
            first.kind(),
            format!("unshare(CLONE_NEWNET): {first}"),
        ));
    }
    match raw::unshare(libc::CLONE_NEWUSER | libc::CLONE_NEWNET) {
        Ok(()) => Ok(()),
        Err(second) => Err(io::Error::new(
            first.kind(),
            format!(
                "unshare(CLONE_NEWNET): {first}; and without root, \
                 unshare(CLONE_NEWUSER | CLONE_NEWNET) failed too ({second}), as it does in \
                 any multithreaded process: run as root, or under `unshare -Urn`"
            ),
        )),
    }
}

/// Runs `f` on a scoped thread and returns its result, resuming its panic if it panicked.
fn on_helper_thread<F, R>(f: F) -> io::Result<R>
where
    F: FnOnce() -> io::Result<R> + Send,
    R: Send,
{
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("nlwire-netns".into())
            .spawn_scoped(s, f)?;
        match handle.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

impl AsFd for NetNs {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for NetNs {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl IntoRawFd for NetNs {
    fn into_raw_fd(self) -> RawFd {
        self.fd.into_raw_fd()
    }
}

impl From<OwnedFd> for NetNs {
    fn from(fd: OwnedFd) -> Self {
        Self::from_fd(fd)
    }
}

impl From<NetNs> for OwnedFd {
    fn from(ns: NetNs) -> Self {
        ns.fd
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_names_are_refused() {
        for n in ["", ".", "..", "a/b", "../x"] {
            let e = NetNs::open(n).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::InvalidInput, "{n:?}");
        }
    }

    #[test]
    fn missing_names_and_pids_fail() {
        assert!(NetNs::open("nlwire-does-not-exist").is_err());
        assert!(NetNs::from_pid(u32::MAX).is_err());
    }

    #[test]
    fn current_namespace_runs_code() {
        let ns = NetNs::current().unwrap();
        assert_eq!(ns.run_in(|| 41 + 1).unwrap(), 42);
    }
}
