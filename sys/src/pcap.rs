//! Netlink captures in pcap and pcapng files: reading (`LINKTYPE_NETLINK`, and Linux
//! cooked captures `LINKTYPE_LINUX_SLL`/`SLL2` of nlmon devices), writing
//! `LINKTYPE_NETLINK`, and [`Capture`], a [`Transport`] wrapper that records every
//! datagram sent and received, so a session can be replayed with `nlwire decode` or read
//! by Wireshark and tshark.
//!
//! A `LINKTYPE_NETLINK` packet is a 16-byte Linux cooked header (packet type, `ARPHRD_NETLINK`,
//! address length and address, then the netlink protocol in the protocol field, all
//! big-endian) followed by the netlink messages exactly as they crossed the socket.

use std::io::{self, Read, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use nlwire_codec::{Protocol, Received, Transport};

/// `LINKTYPE_NETLINK`.
pub const LINKTYPE_NETLINK: u32 = 253;
/// `LINKTYPE_LINUX_SLL`: Linux cooked capture, version 1.
pub const LINKTYPE_LINUX_SLL: u32 = 113;
/// `LINKTYPE_LINUX_SLL2`: Linux cooked capture, version 2.
pub const LINKTYPE_LINUX_SLL2: u32 = 276;
/// `ARPHRD_NETLINK`, the hardware type of nlmon devices.
pub const ARPHRD_NETLINK: u16 = 824;

/// Which way a captured datagram went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From the kernel (or another port) to us: `PACKET_HOST`.
    Received,
    /// From us to the kernel: `PACKET_OUTGOING`.
    Sent,
    /// Unknown (another packet type in the file).
    Other(u16),
}

impl Direction {
    fn packet_type(self) -> u16 {
        match self {
            Direction::Received => 0,
            Direction::Sent => 4,
            Direction::Other(t) => t,
        }
    }

    fn from_packet_type(t: u16) -> Self {
        match t {
            0 => Direction::Received,
            4 => Direction::Sent,
            t => Direction::Other(t),
        }
    }
}

/// One captured datagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    /// Seconds and microseconds since the epoch.
    pub timestamp: (u32, u32),
    /// The netlink protocol, when the file says it.
    pub protocol: Option<Protocol>,
    /// Which way it went.
    pub direction: Direction,
    /// The netlink messages (the cooked header removed).
    pub data: Vec<u8>,
    /// The captured length was shorter than the original (snap length): messages may be
    /// cut.
    pub truncated: bool,
}

/// Writes a pcap file of `LINKTYPE_NETLINK` packets.
#[derive(Debug)]
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// Writes the pcap file header (microsecond timestamps, snap length 262144).
    pub fn new(mut out: W) -> io::Result<Self> {
        let mut h = Vec::with_capacity(24);
        h.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
        h.extend_from_slice(&2u16.to_le_bytes());
        h.extend_from_slice(&4u16.to_le_bytes());
        h.extend_from_slice(&0i32.to_le_bytes());
        h.extend_from_slice(&0u32.to_le_bytes());
        h.extend_from_slice(&262_144u32.to_le_bytes());
        h.extend_from_slice(&LINKTYPE_NETLINK.to_le_bytes());
        out.write_all(&h)?;
        Ok(Self { out })
    }

    /// Appends one datagram of `protocol`, stamped with the current time.
    pub fn write(
        &mut self,
        protocol: Protocol,
        direction: Direction,
        data: &[u8],
    ) -> io::Result<()> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let secs = u32::try_from(now.as_secs()).unwrap_or(u32::MAX);
        self.write_at((secs, now.subsec_micros()), protocol, direction, data)
    }

    /// Appends one datagram with the given timestamp.
    pub fn write_at(
        &mut self,
        timestamp: (u32, u32),
        protocol: Protocol,
        direction: Direction,
        data: &[u8],
    ) -> io::Result<()> {
        let len = u32::try_from(data.len() + 16).map_err(|_| {
            io::Error::new(io::ErrorKind::InvalidInput, "datagram too large for pcap")
        })?;
        let mut rec = Vec::with_capacity(32 + data.len());
        rec.extend_from_slice(&timestamp.0.to_le_bytes());
        rec.extend_from_slice(&timestamp.1.to_le_bytes());
        rec.extend_from_slice(&len.to_le_bytes());
        rec.extend_from_slice(&len.to_le_bytes());
        rec.extend_from_slice(&direction.packet_type().to_be_bytes());
        rec.extend_from_slice(&ARPHRD_NETLINK.to_be_bytes());
        rec.extend_from_slice(&0u16.to_be_bytes()); // address length
        rec.extend_from_slice(&[0u8; 8]); // address
        let proto = u16::try_from(protocol.0).unwrap_or(0);
        rec.extend_from_slice(&proto.to_be_bytes());
        rec.extend_from_slice(data);
        self.out.write_all(&rec)
    }

    /// Flushes the output.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The output.
    pub fn into_inner(self) -> W {
        self.out
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Whether `bytes` start like a pcap or pcapng file.
pub fn is_capture(bytes: &[u8]) -> bool {
    matches!(
        bytes.get(..4),
        Some(
            [0xd4, 0xc3, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0xc3, 0xd4]
                | [0x4d, 0x3c, 0xb2, 0xa1]
                | [0xa1, 0xb2, 0x3c, 0x4d]
                | [0x0a, 0x0d, 0x0d, 0x0a]
        )
    )
}

/// Reads every netlink packet of a pcap or pcapng file. Packets of link types other than
/// `LINKTYPE_NETLINK` and Linux cooked captures of `ARPHRD_NETLINK` are an error.
pub fn read_all(mut input: impl Read) -> io::Result<Vec<Packet>> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    parse(&bytes)
}

/// Parses a pcap or pcapng file held in memory.
pub fn parse(bytes: &[u8]) -> io::Result<Vec<Packet>> {
    match bytes.get(..4) {
        Some([0x0a, 0x0d, 0x0d, 0x0a]) => parse_pcapng(bytes),
        Some(_) if is_capture(bytes) => parse_pcap(bytes),
        _ => Err(bad("not a pcap or pcapng file")),
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    big: bool,
}

impl Cursor<'_> {
    fn u16(&self, at: usize) -> io::Result<u16> {
        let s: [u8; 2] = self
            .b
            .get(at..at + 2)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| bad(format!("truncated capture at byte {at}")))?;
        Ok(if self.big {
            u16::from_be_bytes(s)
        } else {
            u16::from_le_bytes(s)
        })
    }
    fn u32(&self, at: usize) -> io::Result<u32> {
        let s: [u8; 4] = self
            .b
            .get(at..at + 4)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| bad(format!("truncated capture at byte {at}")))?;
        Ok(if self.big {
            u32::from_be_bytes(s)
        } else {
            u32::from_le_bytes(s)
        })
    }
}

fn to_usize(v: u32) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

fn parse_pcap(bytes: &[u8]) -> io::Result<Vec<Packet>> {
    let big = matches!(bytes.get(..4), Some([0xa1, 0xb2, ..]));
    let nanos = matches!(
        bytes.get(..4),
        Some([0x4d, 0x3c, ..] | [0xa1, 0xb2, 0x3c, 0x4d])
    );
    let c = Cursor { b: bytes, big };
    let linktype = c.u32(20)? & 0x0fff_ffff;
    let mut out = Vec::new();
    let mut pos = 24;
    while pos < bytes.len() {
        let sec = c.u32(pos)?;
        let frac = c.u32(pos + 4)?;
        let incl = to_usize(c.u32(pos + 8)?);
        let orig = to_usize(c.u32(pos + 12)?);
        let data = bytes
            .get(pos + 16..pos.saturating_add(16).saturating_add(incl))
            .ok_or_else(|| {
                bad(format!(
                    "packet at byte {pos} runs past the end of the file"
                ))
            })?;
        let usec = if nanos { frac / 1000 } else { frac };
        out.push(decap(linktype, data, (sec, usec), incl < orig, pos)?);
        pos = pos + 16 + incl;
    }
    Ok(out)
}

fn parse_pcapng(bytes: &[u8]) -> io::Result<Vec<Packet>> {
    let mut out = Vec::new();
    let mut linktypes: Vec<u32> = Vec::new();
    let mut big = false;
    let mut pos = 0;
    while pos + 12 <= bytes.len() {
        if bytes.get(pos..pos + 4) == Some(&[0x0a, 0x0d, 0x0d, 0x0a]) {
            big = bytes.get(pos + 8..pos + 12) == Some(&[0x1a, 0x2b, 0x3c, 0x4d]);
            linktypes.clear();
        }
        let c = Cursor { b: bytes, big };
        let kind = c.u32(pos)?;
        let len = to_usize(c.u32(pos + 4)?);
        if len < 12 || pos.saturating_add(len) > bytes.len() {
            return Err(bad(format!(
                "pcapng block at byte {pos} has bad length {len}"
            )));
        }
        match kind {
            1 => linktypes.push(u32::from(c.u16(pos + 8)?)),
            6 => {
                let iface = to_usize(c.u32(pos + 8)?);
                let ts = (u64::from(c.u32(pos + 12)?) << 32) | u64::from(c.u32(pos + 16)?);
                let incl = to_usize(c.u32(pos + 20)?);
                let orig = to_usize(c.u32(pos + 24)?);
                let data = bytes
                    .get(pos + 28..pos.saturating_add(28).saturating_add(incl))
                    .filter(|_| 28 + incl <= len)
                    .ok_or_else(|| bad(format!("packet block at byte {pos} is truncated")))?;
                let lt = *linktypes.get(iface).ok_or_else(|| {
                    bad(format!(
                        "packet at byte {pos} names unknown interface {iface}"
                    ))
                })?;
                // Default resolution: microseconds.
                let secs = u32::try_from(ts / 1_000_000).unwrap_or(u32::MAX);
                let usec = u32::try_from(ts % 1_000_000).unwrap_or(0);
                out.push(decap(lt, data, (secs, usec), incl < orig, pos)?);
            }
            3 => {
                let orig = to_usize(c.u32(pos + 8)?);
                let lt = *linktypes
                    .first()
                    .ok_or_else(|| bad("simple packet before any interface"))?;
                let data = bytes.get(pos + 12..pos + len - 4).unwrap_or(&[]);
                let data = data.get(..orig.min(data.len())).unwrap_or(data);
                out.push(decap(lt, data, (0, 0), data.len() < orig, pos)?);
            }
            _ => {}
        }
        pos += len;
    }
    Ok(out)
}

fn decap(
    linktype: u32,
    data: &[u8],
    timestamp: (u32, u32),
    truncated: bool,
    at: usize,
) -> io::Result<Packet> {
    let be16 = |o: usize| data.get(o..o + 2).map(|s| u16::from_be_bytes([s[0], s[1]]));
    let (direction, protocol, payload) = match linktype {
        LINKTYPE_NETLINK | LINKTYPE_LINUX_SLL => {
            let (Some(ptype), Some(hatype), Some(proto)) = (be16(0), be16(2), be16(14)) else {
                return Err(bad(format!(
                    "packet at byte {at} is shorter than the cooked header"
                )));
            };
            if hatype != ARPHRD_NETLINK {
                return Err(bad(format!(
                    "packet at byte {at} is not netlink (ARPHRD {hatype})"
                )));
            }
            (
                Direction::from_packet_type(ptype),
                Some(Protocol(i32::from(proto))),
                &data[16..],
            )
        }
        LINKTYPE_LINUX_SLL2 => {
            let (Some(proto), Some(hatype)) = (be16(0), be16(8)) else {
                return Err(bad(format!(
                    "packet at byte {at} is shorter than the SLL2 header"
                )));
            };
            if hatype != ARPHRD_NETLINK || data.len() < 20 {
                return Err(bad(format!(
                    "packet at byte {at} is not netlink (ARPHRD {hatype})"
                )));
            }
            let ptype = u16::from(data[10]);
            (
                Direction::from_packet_type(ptype),
                Some(Protocol(i32::from(proto))),
                &data[20..],
            )
        }
        other => return Err(bad(format!("link type {other} is not a netlink capture"))),
    };
    Ok(Packet {
        timestamp,
        protocol,
        direction,
        data: payload.to_vec(),
        truncated,
    })
}

/// A [`Transport`] that records every datagram it sends and receives into a pcap
/// [`Writer`], then passes it on.
#[derive(Debug)]
pub struct Capture<T, W: Write> {
    inner: T,
    protocol: Protocol,
    writer: Writer<W>,
}

impl<T, W: Write> Capture<T, W> {
    /// Records `inner`'s traffic, of netlink `protocol`, into `writer`.
    pub fn new(inner: T, protocol: Protocol, writer: Writer<W>) -> Self {
        Self {
            inner,
            protocol,
            writer,
        }
    }

    /// The wrapped transport.
    pub fn get_ref(&self) -> &T {
        &self.inner
    }

    /// The wrapped transport, mutable.
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.inner
    }

    /// Flushes the capture and returns the transport and the writer.
    pub fn into_parts(mut self) -> io::Result<(T, Writer<W>)> {
        self.writer.flush()?;
        Ok((self.inner, self.writer))
    }
}

impl<T, W> Transport for Capture<T, W>
where
    T: Transport,
    T::Error: From<io::Error>,
    W: Write,
{
    type Error = T::Error;

    fn send(&mut self, datagram: &[u8]) -> Result<(), Self::Error> {
        self.writer
            .write(self.protocol, Direction::Sent, datagram)?;
        self.inner.send(datagram)
    }

    fn recv(&mut self, buf: &mut [u8]) -> Result<Received, Self::Error> {
        let r = self.inner.recv(buf)?;
        let n = r.len.min(buf.len());
        self.writer
            .write(self.protocol, Direction::Received, &buf[..n])?;
        Ok(r)
    }

    fn local_port(&self) -> Option<u32> {
        self.inner.local_port()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcap_round_trip() {
        let mut w = Writer::new(Vec::new()).unwrap();
        w.write_at((1, 2), Protocol::ROUTE, Direction::Sent, &[1, 2, 3, 4])
            .unwrap();
        w.write_at((3, 4), Protocol::GENERIC, Direction::Received, &[5; 20])
            .unwrap();
        let bytes = w.into_inner();
        assert!(is_capture(&bytes));
        let p = parse(&bytes).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].data, [1, 2, 3, 4]);
        assert_eq!(p[0].direction, Direction::Sent);
        assert_eq!(p[0].protocol, Some(Protocol::ROUTE));
        assert_eq!(p[1].protocol, Some(Protocol::GENERIC));
        assert_eq!(p[1].timestamp, (3, 4));
    }

    #[test]
    fn truncated_and_foreign_files_are_errors() {
        let mut w = Writer::new(Vec::new()).unwrap();
        w.write_at((1, 2), Protocol::ROUTE, Direction::Sent, &[1, 2, 3, 4])
            .unwrap();
        let bytes = w.into_inner();
        for cut in 25..bytes.len() {
            assert!(parse(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut eth = bytes.clone();
        eth[20] = 1; // LINKTYPE_ETHERNET
        assert!(parse(&eth).is_err());
        assert!(parse(b"hello").is_err());
    }

    #[test]
    fn pcapng_is_read() {
        // SHB, IDB (linktype 253), one EPB with a 4-byte payload behind the cooked header.
        let mut f = Vec::new();
        let le = |v: u32| v.to_le_bytes();
        f.extend(le(0x0a0d0d0a));
        f.extend(le(28));
        f.extend(le(0x1a2b3c4d));
        f.extend(1u16.to_le_bytes());
        f.extend(0u16.to_le_bytes());
        f.extend((-1i64).to_le_bytes());
        f.extend(le(28));
        f.extend(le(1));
        f.extend(le(20));
        f.extend(253u16.to_le_bytes());
        f.extend(0u16.to_le_bytes());
        f.extend(le(0));
        f.extend(le(20));
        let mut pkt = vec![0, 0, 0x03, 0x38, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16];
        pkt.extend([9, 9, 9, 9]);
        let plen = u32::try_from(pkt.len()).unwrap();
        let blen = 28 + plen + 4;
        f.extend(le(6));
        f.extend(le(blen));
        f.extend(le(0));
        f.extend(le(0));
        f.extend(le(5_000_000));
        f.extend(le(plen));
        f.extend(le(plen));
        f.extend(&pkt);
        f.extend(le(blen));
        let p = parse(&f).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].data, [9, 9, 9, 9]);
        assert_eq!(p[0].protocol, Some(Protocol::GENERIC));
        assert_eq!(p[0].timestamp, (5, 0));
    }
}
