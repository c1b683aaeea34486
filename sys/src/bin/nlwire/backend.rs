//! The transport under every client: a real netlink socket or, with `--sim`, a socket
//! of the simulated kernel (`nlwire-simkernel`), optionally recorded into a pcap file.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::rc::Rc;

use nlwire_codec::{Protocol, Received, Transport};
use nlwire_simkernel::{Kernel, SimSocket};
use nlwire_sys::{Error, Socket};

use crate::pcapfile::{Capture, Writer};

/// Where requests go.
#[derive(Debug)]
pub(crate) enum Backend {
    /// A real `AF_NETLINK` socket.
    Real(Socket),
    /// A socket of the simulated kernel (`--sim`).
    Sim(SimSocket),
}

impl Backend {
    /// A socket of `protocol` on the simulated `kernel`, set up as a real one would be.
    pub(crate) fn sim(kernel: &Kernel, protocol: Protocol) -> io::Result<Self> {
        let mut s = kernel.socket(protocol)?;
        s.set_ext_ack(true)?;
        s.set_cap_ack(true)?;
        Ok(Backend::Sim(s))
    }

    /// Joins multicast `group`.
    pub(crate) fn join_group(&mut self, group: u32) -> io::Result<()> {
        match self {
            Backend::Real(s) => s.join_group(group),
            Backend::Sim(s) => s.join_group(group),
        }
    }

    /// Sets the receive buffer size (`SO_RCVBUF`).
    pub(crate) fn set_recv_buffer_size(&mut self, bytes: usize) -> io::Result<()> {
        match self {
            Backend::Real(s) => s.set_recv_buffer_size(bytes),
            Backend::Sim(s) => s.set_rcvbuf(bytes).map(drop),
        }
    }

    /// Makes receives return `WouldBlock` instead of waiting.
    pub(crate) fn set_nonblocking(&mut self) -> io::Result<()> {
        match self {
            Backend::Real(s) => s.set_nonblocking(true),
            // The simulated kernel's receives never wait without a timeout.
            Backend::Sim(_) => Ok(()),
        }
    }
}

impl Transport for Backend {
    type Error = Error;

    fn send(&mut self, datagram: &[u8]) -> Result<(), Error> {
        match self {
            Backend::Real(s) => Transport::send(s, datagram),
            Backend::Sim(s) => Transport::send(s, datagram).map_err(Error::from),
        }
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Error> {
        match self {
            Backend::Real(s) => Transport::recv(s, buf),
            Backend::Sim(s) => Transport::recv(s, buf).map_err(Error::from),
        }
    }

    fn local_port(&self) -> Option<u32> {
        match self {
            Backend::Real(s) => Transport::local_port(s),
            Backend::Sim(s) => Transport::local_port(s),
        }
    }
}

/// One pcap file shared by the clients of a session (route and generic netlink). Only
/// the first writer's file header is kept: later writers skip theirs.
#[derive(Debug, Clone)]
pub(crate) struct SharedFile {
    file: Rc<RefCell<BufWriter<File>>>,
    skip: usize,
}

impl SharedFile {
    /// Creates `path`.
    pub(crate) fn create(path: &std::path::Path) -> io::Result<Self> {
        Ok(Self {
            file: Rc::new(RefCell::new(BufWriter::new(File::create(path)?))),
            skip: 0,
        })
    }

    /// Another handle on the same file that drops the next `header` bytes written (the
    /// pcap file header of a second writer).
    pub(crate) fn another(&self, header: usize) -> Self {
        Self {
            file: Rc::clone(&self.file),
            skip: header,
        }
    }
}

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let drop = self.skip.min(buf.len());
        self.skip -= drop;
        let rest = &buf[drop..];
        if !rest.is_empty() {
            self.file.borrow_mut().write_all(rest)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.borrow_mut().flush()
    }
}

/// A backend, recorded or not.
#[derive(Debug)]
pub(crate) enum Conn {
    /// Not recorded.
    Plain(Backend),
    /// Every datagram recorded.
    Captured(Capture<Backend, SharedFile>),
}

impl Conn {
    /// Wraps `backend`, recording into `file` if given.
    pub(crate) fn new(
        backend: Backend,
        protocol: Protocol,
        file: Option<SharedFile>,
    ) -> io::Result<Self> {
        Ok(match file {
            Some(f) => Conn::Captured(Capture::new(backend, protocol, Writer::new(f)?)),
            None => Conn::Plain(backend),
        })
    }

    /// The backend.
    pub(crate) fn backend_mut(&mut self) -> &mut Backend {
        match self {
            Conn::Plain(b) => b,
            Conn::Captured(c) => c.get_mut(),
        }
    }
}

impl Transport for Conn {
    type Error = Error;

    fn send(&mut self, datagram: &[u8]) -> Result<(), Error> {
        match self {
            Conn::Plain(b) => b.send(datagram),
            Conn::Captured(c) => c.send(datagram),
        }
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Error> {
        match self {
            Conn::Plain(b) => b.recv(buf),
            Conn::Captured(c) => c.recv(buf),
        }
    }

    fn local_port(&self) -> Option<u32> {
        match self {
            Conn::Plain(b) => b.local_port(),
            Conn::Captured(c) => c.local_port(),
        }
    }
}
