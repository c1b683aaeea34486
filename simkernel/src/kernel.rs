//! The public handles: [`Kernel`], [`NsId`], [`Process`] and [`SimSocket`].

use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use nlwire_codec::consts::sockopt;
use nlwire_codec::{Message, Protocol, Received, Transport};

use crate::errno::Errno;
use crate::faults::{self, Faults, HookAction, HookId};
use crate::genl::FamilyDef;
use crate::netlink;
use crate::state::{Dgram, MAX_RECVMSG_LEN, RCVBUF_MIN, RMEM_MAX, Sock, SockId, State, truesize};

/// A network namespace of a simulated kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NsId(pub(crate) u32);

impl NsId {
    /// The namespace's number (0 is the initial namespace).
    pub fn get(self) -> u32 {
        self.0
    }
}

struct Shared {
    state: Mutex<State>,
    cv: Condvar,
    /// Receivers blocked in `cv` (changed with `state` locked), so that operations wake
    /// them only when there are some: `notify_all` is a system call.
    waiters: AtomicUsize,
}

/// A simulated Linux kernel: network namespaces with links, addresses and routes,
/// netlink sockets, generic netlink families, fault injection.
///
/// A cheap handle (`Arc` inside): clones share the kernel, and sockets can move to
/// other threads. Everything is deterministic: the same operations give the same bytes.
#[derive(Clone)]
pub struct Kernel {
    inner: Arc<Shared>,
}

impl std::fmt::Debug for Kernel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kernel").finish_non_exhaustive()
    }
}

impl Default for Kernel {
    fn default() -> Self {
        Self::new()
    }
}

/// The pid of the process behind [`Kernel::socket`].
pub const DEFAULT_PID: u32 = 1000;

impl Kernel {
    /// A kernel with one (initial) namespace holding `lo` (ifindex 1, down, mtu 65536).
    pub fn new() -> Self {
        Self {
            inner: Arc::new(Shared {
                state: Mutex::new(State::new()),
                cv: Condvar::new(),
                waiters: AtomicUsize::new(0),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        match self.inner.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Runs `f` on the state and wakes waiting receivers.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let r = {
            let mut st = self.lock();
            f(&mut st)
        };
        // A waiter registers while holding the lock, before `wait` releases it: once
        // `f` has run under the lock, every waiter that could miss its change is counted.
        if self.inner.waiters.load(Ordering::Acquire) > 0 {
            self.inner.cv.notify_all();
        }
        r
    }

    /// The initial namespace.
    pub fn initial_namespace(&self) -> NsId {
        NsId(0)
    }

    /// Creates a namespace (with its own `lo`, down).
    pub fn add_namespace(&self) -> NsId {
        NsId(self.with(|st| st.add_ns()))
    }

    /// The namespaces.
    pub fn namespaces(&self) -> Vec<NsId> {
        self.with(|st| st.nss.keys().map(|&k| NsId(k)).collect())
    }

    /// A process with pid `pid` in the initial namespace; its first socket gets `pid`
    /// as port id.
    pub fn process(&self, pid: u32) -> Process {
        Process {
            kernel: self.clone(),
            pid,
            ns: NsId(0),
        }
    }

    /// A socket of the default process ([`DEFAULT_PID`]) in the initial namespace.
    pub fn socket(&self, protocol: Protocol) -> io::Result<SimSocket> {
        self.process(DEFAULT_PID).socket(protocol)
    }

    /// Registers a user generic netlink family and returns its id. Announced to the
    /// controller's `notify` group (`CTRL_CMD_NEWFAMILY`, then `NEWMCAST_GRP` per
    /// group) in every namespace. `EEXIST` if the name is taken.
    pub fn register_family(&self, def: FamilyDef) -> io::Result<u16> {
        self.with(|st| {
            let id = st.genl.register(def)?;
            let f = st.genl.by_id(id).cloned();
            if let Some(f) = f {
                let ev = crate::genl::family_event(&f, nlwire_codec::genl::ctrl::cmd::NEWFAMILY);
                let nss: Vec<u32> = st.nss.keys().copied().collect();
                for ns in nss {
                    st.multicast(ns, crate::PROTO_GENERIC, 16, &ev, ev.len(), 0);
                }
            }
            Ok(id)
        })
        .map_err(|e: Errno| e.to_io())
    }

    /// Removes a user family (`CTRL_CMD_DELFAMILY` is announced). `ENOENT` if unknown.
    pub fn unregister_family(&self, name: &str) -> io::Result<()> {
        self.with(|st| {
            let Some(pos) = st.genl.families.iter().position(|f| f.def.name == name) else {
                return Err(Errno::ENOENT);
            };
            let f = st.genl.families.remove(pos);
            let ev = crate::genl::family_event(&f, nlwire_codec::genl::ctrl::cmd::DELFAMILY);
            let nss: Vec<u32> = st.nss.keys().copied().collect();
            for ns in nss {
                st.multicast(ns, crate::PROTO_GENERIC, 16, &ev, ev.len(), 0);
            }
            Ok(())
        })
        .map_err(|e| e.to_io())
    }

    /// Fault injection.
    pub fn faults(&self) -> Faults<'_> {
        Faults { kernel: self }
    }

    /// Installs a hook called for every request (in the style of Go's `nltest`):
    /// returning `Some` replaces the kernel's handling. Hooks run while the kernel is
    /// locked: they must not call into it.
    pub fn on_request<F>(&self, f: F) -> HookId
    where
        F: Fn(NsId, &Message<'_>) -> Option<HookAction> + Send + Sync + 'static,
    {
        self.with(|st| faults::add_hook(st, Arc::new(f)))
    }

    /// Removes a hook.
    pub fn remove_hook(&self, id: HookId) {
        self.with(|st| faults::remove_hook(st, id));
    }

    /// The ifindex of the link named `name` in `ns`, for tests.
    pub fn link_index(&self, ns: NsId, name: &str) -> Option<i32> {
        self.with(|st| st.nss.get(&ns.0).and_then(|n| n.index_by_name(name)))
    }

    /// `(ifindex, name)` of every link in `ns`, by ifindex.
    pub fn links(&self, ns: NsId) -> Vec<(i32, String)> {
        self.with(|st| {
            st.nss
                .get(&ns.0)
                .map(|n| {
                    n.links
                        .values()
                        .map(|l| (l.index, l.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// Number of IPv4 routes in `ns` (all tables), for tests.
    pub fn route_count(&self, ns: NsId) -> usize {
        self.with(|st| {
            st.nss
                .get(&ns.0)
                .map_or(0, |n| n.tables.iter().map(|t| t.routes.len()).sum())
        })
    }

    fn new_socket(&self, pid: u32, ns: NsId, protocol: Protocol) -> io::Result<SimSocket> {
        if protocol != Protocol::ROUTE && protocol != Protocol::GENERIC {
            return Err(Errno::EPROTONOSUPPORT.to_io());
        }
        let id = self.with(|st| {
            if !st.nss.contains_key(&ns.0) {
                return Err(Errno::EINVAL);
            }
            let id = st.next_sock;
            st.next_sock += 1;
            st.socks.insert(id, Sock::new(ns.0, protocol.0, pid));
            Ok(id)
        })?;
        Ok(SimSocket {
            kernel: self.clone(),
            id,
            timeout: None,
        })
    }
}

/// A simulated process: the owner of sockets, for port-id allocation.
#[derive(Clone, Debug)]
pub struct Process {
    kernel: Kernel,
    pid: u32,
    ns: NsId,
}

impl Process {
    /// The pid.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The namespace new sockets are created in.
    pub fn namespace(&self) -> NsId {
        self.ns
    }

    /// The same process, creating its sockets in `ns` (as after `setns`).
    #[must_use]
    pub fn in_namespace(mut self, ns: NsId) -> Self {
        self.ns = ns;
        self
    }

    /// A netlink socket (`NETLINK_ROUTE` or `NETLINK_GENERIC`; others give
    /// `EPROTONOSUPPORT`), unbound: it binds on its first send, or with
    /// [`SimSocket::bind`].
    pub fn socket(&self, protocol: Protocol) -> io::Result<SimSocket> {
        self.kernel.new_socket(self.pid, self.ns, protocol)
    }
}

/// A netlink socket on a simulated kernel. Implements [`Transport`].
///
/// `recv` never blocks by default: with nothing queued it fails with `EAGAIN`
/// (`ErrorKind::WouldBlock`); see [`Self::set_recv_timeout`].
pub struct SimSocket {
    kernel: Kernel,
    pub(crate) id: SockId,
    timeout: Option<Duration>,
}

impl std::fmt::Debug for SimSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimSocket")
            .field("id", &self.id)
            .field("port", &self.local_port())
            .finish_non_exhaustive()
    }
}

impl Drop for SimSocket {
    fn drop(&mut self) {
        self.kernel.with(|st| {
            st.socks.remove(&self.id);
        });
    }
}

impl SimSocket {
    fn with_sock<R>(&self, f: impl FnOnce(&mut Sock) -> R) -> io::Result<R> {
        self.kernel
            .with(|st| st.socks.get_mut(&self.id).map(f))
            .ok_or_else(|| Errno::EBADF.to_io())
    }

    /// The kernel this socket belongs to.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// The socket's namespace.
    pub fn namespace(&self) -> NsId {
        NsId(self.with_sock(|s| s.ns).unwrap_or(0))
    }

    /// Binds to port `port` (0: the automatic choice). `EADDRINUSE` if another socket
    /// of the namespace and protocol has it; `EINVAL` when already bound elsewhere.
    pub fn bind(&mut self, port: u32) -> io::Result<()> {
        self.kernel
            .with(|st| {
                let s = st.socks.get(&self.id).ok_or(Errno::EBADF)?;
                if let Some(p) = s.port {
                    return if port == 0 || p == port {
                        Ok(())
                    } else {
                        Err(Errno::EINVAL)
                    };
                }
                if port == 0 {
                    st.autobind(self.id);
                    return Ok(());
                }
                if st.port_taken(s.ns, s.proto, port) {
                    return Err(Errno::EADDRINUSE);
                }
                if let Some(s) = st.socks.get_mut(&self.id) {
                    s.port = Some(port);
                }
                Ok(())
            })
            .map_err(|e| e.to_io())
    }

    /// `NETLINK_ADD_MEMBERSHIP`. `EINVAL` for 0 or a group the protocol does not have.
    pub fn join_group(&mut self, group: u32) -> io::Result<()> {
        self.kernel
            .with(|st| {
                let max = match st.socks.get(&self.id).map(|s| s.proto) {
                    Some(crate::PROTO_ROUTE) => crate::RTNLGRP_MAX,
                    Some(_) => st.genl.max_group().max(63),
                    None => return Err(Errno::EBADF),
                };
                if group == 0 || group > max {
                    return Err(Errno::EINVAL);
                }
                if let Some(s) = st.socks.get_mut(&self.id) {
                    s.groups.insert(group);
                }
                Ok(())
            })
            .map_err(|e| e.to_io())
    }

    /// `NETLINK_DROP_MEMBERSHIP`.
    pub fn leave_group(&mut self, group: u32) -> io::Result<()> {
        if group == 0 {
            return Err(Errno::EINVAL.to_io());
        }
        self.with_sock(|s| {
            s.groups.remove(&group);
        })
    }

    /// The joined groups (`NETLINK_LIST_MEMBERSHIPS`).
    pub fn groups(&self) -> Vec<u32> {
        self.with_sock(|s| s.groups.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Sets a boolean `SOL_NETLINK` option by number (see
    /// [`nlwire_codec::consts::sockopt`]): `EXT_ACK`, `CAP_ACK`, `GET_STRICT_CHK`,
    /// `NO_ENOBUFS`, `BROADCAST_ERROR`, `PKTINFO`, `LISTEN_ALL_NSID`. Others give
    /// `ENOPROTOOPT`.
    pub fn set_option(&mut self, option: i32, on: bool) -> io::Result<()> {
        let r = self.with_sock(|s| {
            match option {
                sockopt::EXT_ACK => s.ext_ack = on,
                sockopt::CAP_ACK => s.cap_ack = on,
                sockopt::GET_STRICT_CHK => s.strict = on,
                sockopt::NO_ENOBUFS => {
                    s.no_enobufs = on;
                    if on {
                        s.congested = false;
                    }
                }
                sockopt::BROADCAST_ERROR => s.broadcast_error = on,
                sockopt::PKTINFO => s.pktinfo = on,
                sockopt::LISTEN_ALL_NSID => s.listen_all_nsid = on,
                _ => return false,
            }
            true
        })?;
        if r {
            Ok(())
        } else {
            Err(Errno::ENOPROTOOPT.to_io())
        }
    }

    /// `NETLINK_EXT_ACK`.
    pub fn set_ext_ack(&mut self, on: bool) -> io::Result<()> {
        self.set_option(sockopt::EXT_ACK, on)
    }

    /// `NETLINK_CAP_ACK`.
    pub fn set_cap_ack(&mut self, on: bool) -> io::Result<()> {
        self.set_option(sockopt::CAP_ACK, on)
    }

    /// `NETLINK_GET_STRICT_CHK`.
    pub fn set_strict_check(&mut self, on: bool) -> io::Result<()> {
        self.set_option(sockopt::GET_STRICT_CHK, on)
    }

    /// `NETLINK_NO_ENOBUFS`.
    pub fn set_no_enobufs(&mut self, on: bool) -> io::Result<()> {
        self.set_option(sockopt::NO_ENOBUFS, on)
    }

    /// `SO_RCVBUF`: like the kernel, doubles the value (capped by `rmem_max`) and
    /// enforces a minimum of 2304; returns the effective size.
    pub fn set_rcvbuf(&mut self, bytes: usize) -> io::Result<usize> {
        let v = (bytes.min(RMEM_MAX) * 2).max(RCVBUF_MIN);
        self.with_sock(|s| s.rcvbuf = v)?;
        Ok(v)
    }

    /// `SO_RCVBUFFORCE`: [`Self::set_rcvbuf`] without the `rmem_max` cap.
    pub fn set_rcvbuf_force(&mut self, bytes: usize) -> io::Result<usize> {
        let v = (bytes.saturating_mul(2)).max(RCVBUF_MIN);
        self.with_sock(|s| s.rcvbuf = v)?;
        Ok(v)
    }

    /// The effective receive buffer size (`SO_RCVBUF` as read back).
    pub fn rcvbuf(&self) -> usize {
        self.with_sock(|s| s.rcvbuf).unwrap_or(0)
    }

    /// How long `recv` waits for a datagram (`None`: not at all, `EAGAIN` at once).
    pub fn set_recv_timeout(&mut self, t: Option<Duration>) {
        self.timeout = t;
    }

    /// Datagrams queued for this socket.
    pub fn pending(&self) -> usize {
        self.with_sock(|s| s.queue.len()).unwrap_or(0)
    }

    /// Deliveries dropped because the receive buffer was full (`sk_drops`).
    pub fn drops(&self) -> u64 {
        self.with_sock(|s| s.drops).unwrap_or(0)
    }

    /// Whether a dump is in progress on this socket.
    pub fn dump_in_progress(&self) -> bool {
        self.with_sock(|s| s.dump.is_some()).unwrap_or(false)
    }

    /// Sends `datagram` to another user-space socket bound to `port` in the same
    /// namespace and protocol (`ECONNREFUSED` if there is none). Port 0 is the kernel.
    pub fn send_to(&mut self, port: u32, datagram: &[u8]) -> io::Result<()> {
        if port == 0 {
            return self.send(datagram);
        }
        self.kernel
            .with(|st| {
                let from = st.autobind(self.id);
                let s = st.socks.get(&self.id).ok_or(Errno::EBADF)?;
                let (ns, proto) = (s.ns, s.proto);
                let target = st
                    .socks
                    .iter()
                    .find(|(_, o)| o.ns == ns && o.proto == proto && o.port == Some(port))
                    .map(|(&k, _)| k)
                    .ok_or(Errno::ECONNREFUSED)?;
                let t = st.socks.get_mut(&target).ok_or(Errno::ECONNREFUSED)?;
                let ok = t.deliver(Dgram {
                    data: datagram.to_vec(),
                    truesize: truesize(datagram.len()),
                    port: from,
                    group: 0,
                });
                if ok { Ok(()) } else { Err(Errno::EAGAIN) }
            })
            .map_err(|e| e.to_io())
    }

    /// `recv`, with `netlink_recvmsg`'s side effects: the pending socket error first,
    /// then the next datagram (truncated to `buf`, the full length reported), then the
    /// next dump chunk is produced.
    fn recv_inner(&mut self, buf: &mut [u8]) -> io::Result<Received> {
        let deadline = self.timeout.map(|t| Instant::now() + t);
        let mut st = self.kernel.lock();
        loop {
            let Some(s) = st.socks.get_mut(&self.id) else {
                return Err(Errno::EBADF.to_io());
            };
            if let Some(e) = s.err.take() {
                if s.queue.is_empty() {
                    s.congested = false;
                }
                return Err(e.to_io());
            }
            let delayed = s.delay_recvs > 0;
            if delayed {
                s.delay_recvs -= 1;
            } else {
                if s.queue.is_empty() && s.dump.is_some() {
                    netlink::run_dump(&mut st, self.id);
                }
                let Some(s) = st.socks.get_mut(&self.id) else {
                    return Err(Errno::EBADF.to_io());
                };
                if let Some(d) = s.queue.pop_front() {
                    s.rmem = s.rmem.saturating_sub(d.truesize);
                    let n = d.data.len().min(buf.len());
                    buf[..n].copy_from_slice(&d.data[..n]);
                    s.max_recvmsg_len = s.max_recvmsg_len.max(buf.len()).min(MAX_RECVMSG_LEN);
                    if s.dump.is_some() && s.rmem <= s.rcvbuf / 2 {
                        netlink::run_dump(&mut st, self.id);
                    }
                    if let Some(s) = st.socks.get_mut(&self.id) {
                        if s.queue.is_empty() {
                            s.congested = false;
                        }
                    }
                    return Ok(Received {
                        len: d.data.len(),
                        port: d.port,
                        groups: d.group,
                    });
                }
                s.congested = false;
            }
            let Some(deadline) = deadline else {
                return Err(Errno::EAGAIN.to_io());
            };
            let now = Instant::now();
            if now >= deadline {
                return Err(Errno::EAGAIN.to_io());
            }
            let inner = &self.kernel.inner;
            inner.waiters.fetch_add(1, Ordering::AcqRel);
            st = match inner.cv.wait_timeout(st, deadline - now) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            };
            inner.waiters.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

impl Transport for SimSocket {
    type Error = io::Error;

    /// Sends one datagram to the kernel, which handles every message in it before
    /// this returns (replies, acks, notifications and a dump's first chunk are queued).
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        self.kernel.with(|st| {
            if !st.socks.contains_key(&self.id) {
                return Err(Errno::EBADF.to_io());
            }
            st.autobind(self.id);
            netlink::process(st, self.id, datagram);
            Ok(())
        })
    }

    fn recv(&mut self, buf: &mut [u8]) -> io::Result<Received> {
        self.recv_inner(buf)
    }

    fn local_port(&self) -> Option<u32> {
        self.with_sock(|s| s.port).ok().flatten()
    }
}
