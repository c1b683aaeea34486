//! Building messages and attributes into a caller's buffer.
//!
//! [`Builder`] appends to a [`Buffer`]: a [`SliceBuf`] over `&mut [u8]`, or a
//! `heapless::Vec<u8, N>`. Every call either writes completely (padding zeroed, `nlmsg_len`
//! updated) or leaves the buffer exactly as it was and returns an [`EncodeError`]. Nested
//! attributes are written inside a closure; their length is back-patched when it returns,
//! and everything the closure wrote is rolled back if it fails, so an unterminated nest
//! cannot happen. Inside a nest (or a [`Builder::grouped`] run) `nlmsg_len` is written
//! once, when the closure returns.
//!
//! ```
//! use nlwire_codec::{Buffer, Builder, Flags, MessageType, Messages, SliceBuf, NLA_F_NESTED};
//! let mut storage = [0u8; 256];
//! let mut buf = SliceBuf::new(&mut storage);
//! let mut b = Builder::message(&mut buf, MessageType(16), Flags::REQUEST | Flags::ACK, 1, 0)?;
//! b.put_bytes(&[0u8; 16])?; // a family header (ifinfomsg)
//! b.put_str(3, "veth0")?; // IFLA_IFNAME
//! b.nest(18, |b| b.put_str(1, "veth"))?; // IFLA_LINKINFO { IFLA_INFO_KIND }
//! let len = b.finish();
//! let msg = Messages::new(buf.as_slice()).next().unwrap()?;
//! assert_eq!(msg.header().len() as usize, len);
//! let linkinfo = msg.attrs(16)?.find(18)?.unwrap();
//! assert!(linkinfo.raw_kind() & NLA_F_NESTED != 0);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::{Immutable, IntoBytes};

use crate::attr::{NLA_F_NESTED, NLA_HDRLEN};
use crate::error::EncodeError;
use crate::header::{Flags, MessageType, NlMsgHdr, align};

/// Attributes up to this many bytes (header and padding included) are assembled on the
/// stack by [`Builder::put_array`].
const SMALL_ATTR: usize = 24;

/// A byte buffer that a [`Builder`] appends to.
pub trait Buffer {
    /// The bytes written so far.
    fn as_slice(&self) -> &[u8];
    /// The bytes written so far, mutable (for back-patching lengths).
    fn as_mut_slice(&mut self) -> &mut [u8];
    /// The most bytes the buffer can hold.
    fn capacity(&self) -> usize;
    /// Appends `n` zero bytes, or fails with `BufferFull` and changes nothing.
    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError>;
    /// Shortens the written bytes to `len` (no effect if already shorter).
    fn truncate(&mut self, len: usize);

    /// Appends `data`, or fails with `BufferFull` and changes nothing. The provided
    /// version zeroes then copies; buffers override it to copy once.
    fn extend_from_slice(&mut self, data: &[u8]) -> Result<(), EncodeError> {
        let at = self.len();
        self.extend_zeroed(data.len())?;
        let end = at.saturating_add(data.len());
        if let Some(dst) = self.as_mut_slice().get_mut(at..end) {
            dst.copy_from_slice(data);
        }
        Ok(())
    }

    /// Appends `n` bytes the caller overwrites, every one of them, and returns exactly
    /// those `n` bytes, or fails with `BufferFull` and changes nothing. Their contents before that are
    /// unspecified (zeros in the provided version; whatever the memory held before in
    /// [`SliceBuf`]), which spares a zero-fill pass over bytes about to be written.
    fn extend_for_overwrite(&mut self, n: usize) -> Result<&mut [u8], EncodeError> {
        let at = self.len();
        self.extend_zeroed(n)?;
        Ok(self.as_mut_slice().get_mut(at..).unwrap_or_default())
    }

    /// Number of bytes written.
    fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether nothing was written.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A [`Buffer`] over a caller's `&mut [u8]`.
#[derive(Debug)]
pub struct SliceBuf<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceBuf<'a> {
    /// Extends the written bytes by `n` and returns them (their old contents), or fails
    /// with `BufferFull` and changes nothing.
    #[inline]
    fn grow(&mut self, n: usize) -> Result<&mut [u8], EncodeError> {
        let capacity = self.buf.len();
        let needed = self.len.checked_add(n).ok_or(EncodeError::BufferFull {
            needed: usize::MAX,
            capacity,
        })?;
        let at = self.len;
        match self.buf.get_mut(at..needed) {
            Some(dst) => {
                self.len = needed;
                Ok(dst)
            }
            None => Err(EncodeError::BufferFull { needed, capacity }),
        }
    }

    /// An empty buffer writing into `buf`.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// The bytes written so far (also available through [`Buffer::as_slice`]).
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Forgets everything written (the bytes stay until overwritten).
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// The written bytes, with the buffer's lifetime.
    pub fn into_written(self) -> &'a mut [u8] {
        let len = self.len;
        &mut self.buf[..len]
    }
}

impl Buffer for SliceBuf<'_> {
    #[inline]
    fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }
    #[inline]
    fn as_mut_slice(&mut self) -> &mut [u8] {
        &mut self.buf[..self.len]
    }
    #[inline]
    fn capacity(&self) -> usize {
        self.buf.len()
    }
    #[inline]
    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError> {
        self.grow(n)?.fill(0);
        Ok(())
    }
    #[inline]
    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
    #[inline]
    fn extend_from_slice(&mut self, data: &[u8]) -> Result<(), EncodeError> {
        self.grow(data.len())?.copy_from_slice(data);
        Ok(())
    }
    #[inline]
    fn extend_for_overwrite(&mut self, n: usize) -> Result<&mut [u8], EncodeError> {
        self.grow(n)
    }
}

impl<const N: usize> Buffer for heapless::Vec<u8, N> {
    #[inline]
    fn as_slice(&self) -> &[u8] {
        self
    }
    #[inline]
    fn as_mut_slice(&mut self) -> &mut [u8] {
        self
    }
    #[inline]
    fn capacity(&self) -> usize {
        N
    }
    #[inline]
    fn extend_zeroed(&mut self, n: usize) -> Result<(), EncodeError> {
        let needed = self.len().saturating_add(n);
        self.resize(needed, 0).map_err(|_| EncodeError::BufferFull {
            needed,
            capacity: N,
        })
    }
    #[inline]
    fn truncate(&mut self, len: usize) {
        heapless::Vec::truncate(self, len);
    }
    #[inline]
    fn extend_from_slice(&mut self, data: &[u8]) -> Result<(), EncodeError> {
        let needed = self.len().saturating_add(data.len());
        heapless::Vec::extend_from_slice(self, data).map_err(|_| EncodeError::BufferFull {
            needed,
            capacity: N,
        })
    }
}

/// Appends one message (or a bare attribute sequence) to a [`Buffer`].
///
/// For a message the header is written first and `nlmsg_len` is kept current after every
/// call, so the bytes in the buffer are a complete message at every step; [`Self::finish`]
/// only reports the length. (Inside a nest's closure the nest itself is incomplete until
/// the closure returns, so `nlmsg_len` is brought up to date once, when the outermost nest
/// closes.) Call [`Builder::message`] again on the same buffer to batch
/// several messages.
#[derive(Debug)]
pub struct Builder<'b, B: Buffer + ?Sized> {
    buf: &'b mut B,
    /// Offset of the `nlmsghdr`, or `None` for a bare attribute sequence (and while a
    /// nest is open: the nest writes `nlmsg_len` when it closes).
    msg_start: Option<usize>,
    /// Offset where this builder started writing (after alignment).
    start: usize,
}

impl<'b, B: Buffer + ?Sized> Builder<'b, B> {
    /// Starts a message at the end of `buf` (padded to 4 first) with the given header
    /// fields; `nlmsg_len` is maintained by the builder.
    pub fn message(
        buf: &'b mut B,
        kind: MessageType,
        flags: Flags,
        seq: u32,
        pid: u32,
    ) -> Result<Self, EncodeError> {
        let before = buf.len();
        let pad = pad_len(before)?;
        let start = before.saturating_add(pad);
        let hdr = NlMsgHdr::new(16, kind, flags, seq, pid);
        let dst = buf.extend_for_overwrite(pad.saturating_add(NlMsgHdr::LEN))?;
        // `dst` holds exactly `pad + 16` bytes (the Buffer contract).
        if let Some((gap, at)) = dst.split_at_mut_checked(pad) {
            if pad != 0 {
                gap.fill(0);
            }
            if let Some(at) = at.get_mut(..NlMsgHdr::LEN) {
                at.copy_from_slice(hdr.as_bytes());
            }
        }
        Ok(Self {
            buf,
            msg_start: Some(start),
            start,
        })
    }

    /// Appends bare attributes (no message header) to `buf`, for attribute payloads built
    /// on their own.
    pub fn attributes(buf: &'b mut B) -> Result<Self, EncodeError> {
        let before = buf.len();
        let pad = pad_len(before)?;
        buf.extend_zeroed(pad)?;
        Ok(Self {
            buf,
            msg_start: None,
            start: before.saturating_add(pad),
        })
    }

    /// Bytes written by this builder so far (the message, header included).
    pub fn len(&self) -> usize {
        self.buf.len().saturating_sub(self.start)
    }

    /// Whether this builder wrote nothing yet (never true for a message).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes written by this builder so far.
    pub fn bytes(&self) -> &[u8] {
        self.buf.as_slice().get(self.start..).unwrap_or(&[])
    }

    /// Ends the builder and returns the number of bytes it wrote.
    pub fn finish(self) -> usize {
        self.len()
    }

    /// Writes the current length into `nlmsg_len`, or fails (rolling back to `rollback`)
    /// if it no longer fits a `u32`.
    #[inline]
    fn sync(&mut self, rollback: usize) -> Result<(), EncodeError> {
        // Inside a nest `msg_start` is held by the outermost nest, which syncs (and rolls
        // back) when it closes.
        let Some(ms) = self.msg_start else {
            return Ok(());
        };
        let len = self.buf.len().saturating_sub(ms);
        match u32::try_from(len) {
            Ok(l) => {
                self.buf.as_mut_slice()[ms..ms + 4].copy_from_slice(&l.to_ne_bytes());
                Ok(())
            }
            Err(_) => {
                self.buf.truncate(rollback);
                Err(EncodeError::MessageTooLong { len })
            }
        }
    }

    /// Appends `data` padded with zeros to 4 bytes: a family header such as `ifinfomsg`
    /// or `genlmsghdr`.
    #[inline]
    pub fn put_bytes(&mut self, data: &[u8]) -> Result<(), EncodeError> {
        let at = self.buf.len();
        let total = align(data.len()).ok_or(EncodeError::MessageTooLong { len: usize::MAX })?;
        // The new bytes are exactly `total` long (the Buffer contract).
        let dst = self.buf.extend_for_overwrite(total)?;
        if let Some((body, pad)) = dst.split_at_mut_checked(data.len()) {
            body.copy_from_slice(data);
            if !pad.is_empty() {
                pad.fill(0);
            }
        }
        self.sync(at)
    }

    /// Appends a fixed structure (a family header) padded to 4 bytes.
    pub fn put_header<T: IntoBytes + Immutable + ?Sized>(
        &mut self,
        hdr: &T,
    ) -> Result<(), EncodeError> {
        self.put_bytes(hdr.as_bytes())
    }

    /// Appends an attribute of `kind` (written verbatim, flag bits included) whose payload
    /// is the concatenation of `parts`.
    #[inline]
    pub fn put_parts(&mut self, kind: u16, parts: &[&[u8]]) -> Result<(), EncodeError> {
        let payload_len = parts.iter().fold(0usize, |n, p| n.saturating_add(p.len()));
        let nla_len = payload_len.saturating_add(NLA_HDRLEN);
        let Ok(len16) = u16::try_from(nla_len) else {
            return Err(EncodeError::AttrTooLong { kind, len: nla_len });
        };
        let at = self.buf.len();
        // nla_len <= 65535, so aligning cannot overflow.
        self.buf.extend_zeroed(align(nla_len).unwrap_or(nla_len))?;
        let dst = self.buf.as_mut_slice();
        dst[at..at + 2].copy_from_slice(&len16.to_ne_bytes());
        dst[at + 2..at + 4].copy_from_slice(&kind.to_ne_bytes());
        let mut p = at + NLA_HDRLEN;
        for part in parts {
            dst[p..p + part.len()].copy_from_slice(part);
            p += part.len();
        }
        self.sync(at)
    }

    /// Appends an attribute with a fixed-size payload: the sizes are known at compile
    /// time, so the header, payload and padding are written without length arithmetic at
    /// run time (the path every integer and address `put_*` takes).
    #[inline]
    pub fn put_array<const N: usize>(
        &mut self,
        kind: u16,
        payload: [u8; N],
    ) -> Result<(), EncodeError> {
        const { assert!(N + NLA_HDRLEN <= 0xffff) };
        let nla_len = NLA_HDRLEN + N;
        let total = (nla_len + 3) & !3;
        let at = self.buf.len();
        // Small payloads (every integer and address): header, payload and zero padding
        // are assembled on the stack and appended with one copy of a size known at
        // compile time; no zero-fill pass, no per-field bounds checks in the buffer.
        if total <= SMALL_ATTR {
            let mut chunk = [0u8; SMALL_ATTR];
            // nla_len <= 65535 by the assertion above.
            let len16 = u16::try_from(nla_len).unwrap_or(u16::MAX).to_ne_bytes();
            let k = kind.to_ne_bytes();
            chunk[0] = len16[0];
            chunk[1] = len16[1];
            chunk[2] = k[0];
            chunk[3] = k[1];
            if let Some(dst) = chunk.get_mut(NLA_HDRLEN..nla_len) {
                dst.copy_from_slice(&payload);
            }
            self.buf
                .extend_from_slice(chunk.get(..total).unwrap_or(&chunk))?;
            return self.sync(at);
        }
        self.buf.extend_zeroed(total)?;
        let dst = &mut self.buf.as_mut_slice()[at..at + nla_len];
        // nla_len <= 65535 by the assertion above.
        dst[..2].copy_from_slice(&u16::try_from(nla_len).unwrap_or(u16::MAX).to_ne_bytes());
        dst[2..4].copy_from_slice(&kind.to_ne_bytes());
        dst[4..].copy_from_slice(&payload);
        self.sync(at)
    }

    /// Appends an attribute with `payload`.
    #[inline]
    pub fn put(&mut self, kind: u16, payload: &[u8]) -> Result<(), EncodeError> {
        self.put_parts(kind, &[payload])
    }

    /// Appends a flag attribute (empty payload).
    pub fn put_flag(&mut self, kind: u16) -> Result<(), EncodeError> {
        self.put(kind, &[])
    }

    /// Appends a `u8` attribute.
    #[inline]
    pub fn put_u8(&mut self, kind: u16, v: u8) -> Result<(), EncodeError> {
        self.put_array(kind, [v])
    }
    /// Appends a native-endian `u16` attribute.
    #[inline]
    pub fn put_u16(&mut self, kind: u16, v: u16) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a native-endian `u32` attribute.
    #[inline]
    pub fn put_u32(&mut self, kind: u16, v: u32) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a native-endian `u64` attribute.
    #[inline]
    pub fn put_u64(&mut self, kind: u16, v: u64) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends an `i8` attribute.
    #[inline]
    pub fn put_i8(&mut self, kind: u16, v: i8) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a native-endian `i16` attribute.
    #[inline]
    pub fn put_i16(&mut self, kind: u16, v: i16) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a native-endian `i32` attribute.
    #[inline]
    pub fn put_i32(&mut self, kind: u16, v: i32) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a native-endian `i64` attribute.
    #[inline]
    pub fn put_i64(&mut self, kind: u16, v: i64) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_ne_bytes())
    }
    /// Appends a big-endian `u16` attribute (ports, some tunnel keys). The
    /// `NLA_F_NET_BYTEORDER` bit is not added: pass it in `kind` where the family wants it.
    #[inline]
    pub fn put_be16(&mut self, kind: u16, v: u16) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_be_bytes())
    }
    /// Appends a big-endian `u32` attribute (see [`Self::put_be16`]).
    #[inline]
    pub fn put_be32(&mut self, kind: u16, v: u32) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_be_bytes())
    }
    /// Appends a big-endian `u64` attribute (see [`Self::put_be16`]).
    #[inline]
    pub fn put_be64(&mut self, kind: u16, v: u64) -> Result<(), EncodeError> {
        self.put_array(kind, v.to_be_bytes())
    }
    /// Appends the smallest of a 4- or 8-byte payload that holds `v` (the kernel's
    /// `NLA_UINT`).
    pub fn put_uint(&mut self, kind: u16, v: u64) -> Result<(), EncodeError> {
        match u32::try_from(v) {
            Ok(small) => self.put_u32(kind, small),
            Err(_) => self.put_u64(kind, v),
        }
    }
    /// Appends a NUL-terminated string attribute.
    #[inline]
    pub fn put_str(&mut self, kind: u16, s: &str) -> Result<(), EncodeError> {
        let bytes = s.as_bytes();
        let nla_len = bytes.len().saturating_add(NLA_HDRLEN + 1);
        let Ok(len16) = u16::try_from(nla_len) else {
            return Err(EncodeError::AttrTooLong { kind, len: nla_len });
        };
        let at = self.buf.len();
        // nla_len <= 65535, so aligning cannot overflow.
        let total = (nla_len + 3) & !3;
        let dst = self.buf.extend_for_overwrite(total)?;
        if let [l0, l1, k0, k1, rest @ ..] = dst {
            let [a, b] = len16.to_ne_bytes();
            let [c, d] = kind.to_ne_bytes();
            (*l0, *l1, *k0, *k1) = (a, b, c, d);
            // The NUL and the padding are the last 1 to 4 bytes: zero the last four
            // (total >= 8), then the string overwrites any of them it covers.
            let n = rest.len();
            if let Some(tail) = rest.get_mut(n.saturating_sub(4)..) {
                tail.fill(0);
            }
            if let Some(body) = rest.get_mut(..bytes.len()) {
                body.copy_from_slice(bytes);
            }
        }
        self.sync(at)
    }
    /// Appends a string attribute without a terminating NUL.
    pub fn put_str_no_nul(&mut self, kind: u16, s: &str) -> Result<(), EncodeError> {
        self.put(kind, s.as_bytes())
    }
    /// Appends an IPv4 address (4 bytes, network order).
    #[inline]
    pub fn put_ipv4(&mut self, kind: u16, a: Ipv4Addr) -> Result<(), EncodeError> {
        self.put_array(kind, a.octets())
    }
    /// Appends an IPv6 address (16 bytes).
    #[inline]
    pub fn put_ipv6(&mut self, kind: u16, a: Ipv6Addr) -> Result<(), EncodeError> {
        self.put_array(kind, a.octets())
    }
    /// Appends an IPv4 or IPv6 address.
    #[inline]
    pub fn put_ip(&mut self, kind: u16, a: IpAddr) -> Result<(), EncodeError> {
        match a {
            IpAddr::V4(a) => self.put_ipv4(kind, a),
            IpAddr::V6(a) => self.put_ipv6(kind, a),
        }
    }
    /// Appends a 6-byte MAC address.
    #[inline]
    pub fn put_mac(&mut self, kind: u16, mac: [u8; 6]) -> Result<(), EncodeError> {
        self.put_array(kind, mac)
    }
    /// Appends a fixed structure as an attribute payload.
    pub fn put_struct<T: IntoBytes + Immutable + ?Sized>(
        &mut self,
        kind: u16,
        v: &T,
    ) -> Result<(), EncodeError> {
        self.put(kind, v.as_bytes())
    }

    /// Runs `f`, which writes several attributes, with `nlmsg_len` brought up to date
    /// once when it returns instead of after every call: for writers of many attributes.
    /// Each call inside stays all-or-nothing; if one fails, the attributes written before
    /// it stay, as with separate calls. (Only a message outgrowing 4 GiB would roll back
    /// the whole group.)
    #[inline]
    pub fn grouped<F>(&mut self, f: F) -> Result<(), EncodeError>
    where
        F: FnOnce(&mut Self) -> Result<(), EncodeError>,
    {
        let at = self.buf.len();
        let msg_start = self.msg_start.take();
        let result = f(self);
        self.msg_start = msg_start;
        let synced = self.sync(at);
        result.and(synced)
    }

    /// Appends a nested attribute with `NLA_F_NESTED` set (as the kernel's
    /// `nla_nest_start` does; strictly validated families require it). `f` writes the
    /// children; the nest's length is patched when it returns. If `f` fails, or the nest
    /// outgrows 65,535 bytes, everything since the nest began is removed.
    pub fn nest<F>(&mut self, kind: u16, f: F) -> Result<(), EncodeError>
    where
        F: FnOnce(&mut Self) -> Result<(), EncodeError>,
    {
        self.nest_noflag(kind | NLA_F_NESTED, f)
    }

    /// [`Self::nest`] with `kind` written verbatim: for the older rtnetlink nests that
    /// user space traditionally sends without `NLA_F_NESTED`.
    pub fn nest_noflag<F>(&mut self, kind: u16, f: F) -> Result<(), EncodeError>
    where
        F: FnOnce(&mut Self) -> Result<(), EncodeError>,
    {
        let at = self.buf.len();
        self.put_array(kind, [])?;
        // The children do not sync nlmsg_len one by one: this nest does when it closes.
        let msg_start = self.msg_start.take();
        let result = f(self);
        self.msg_start = msg_start;
        let nla_len = self.buf.len().saturating_sub(at);
        let outcome = match (result, u16::try_from(nla_len)) {
            (Err(e), _) => Err(e),
            (Ok(()), Err(_)) => Err(EncodeError::AttrTooLong { kind, len: nla_len }),
            (Ok(()), Ok(len16)) => {
                if let Some(l) = self.buf.as_mut_slice().get_mut(at..at + 2) {
                    l.copy_from_slice(&len16.to_ne_bytes());
                }
                // nlmsg_len, or the rollback if the message outgrew a u32.
                self.sync(at)
            }
        };
        if outcome.is_err() {
            self.buf.truncate(at);
            // Shrinking always fits; this only re-syncs nlmsg_len.
            let _ = self.sync(at);
        }
        outcome
    }

    /// Appends a nested array: `count` nests numbered 1.. (the kernel's
    /// `NLA_NESTED_ARRAY`), each filled by `f(builder, index)`.
    pub fn nest_array<F>(&mut self, kind: u16, count: u16, mut f: F) -> Result<(), EncodeError>
    where
        F: FnMut(&mut Self, u16) -> Result<(), EncodeError>,
    {
        self.nest(kind, |b| {
            for i in 0..count {
                let idx = i.saturating_add(1);
                b.nest(idx, |b| f(b, i))?;
            }
            Ok(())
        })
    }
}

fn pad_len(len: usize) -> Result<usize, EncodeError> {
    align(len)
        .map(|a| a - len)
        .ok_or(EncodeError::MessageTooLong { len })
}
