//! Kernel object events (`NETLINK_KOBJECT_UEVENT`): device add/remove/change
//! notifications, in the kernel's format and in udev's.
//!
//! These datagrams have no netlink header. The kernel (multicast group 1) sends
//! `ACTION@DEVPATH\0` followed by `KEY=VALUE\0` properties (`ACTION`, `DEVPATH`,
//! `SUBSYSTEM`, `SEQNUM`, …). udev re-broadcasts processed events (group 2) as
//! `libudev\0` and a `struct udev_monitor_netlink_header` (magic `0xfeedcafe` in network
//! byte order, header size, offset and length of the properties, filter hashes) followed
//! by the same `KEY=VALUE\0` properties.
//!
//! [`Uevent::parse`] checks the whole datagram once; every accessor afterwards is
//! infallible. Errors are [`DecodeError`]s naming the byte offset.
//!
//! ```
//! use nlwire_codec::uevent::{self, Uevent};
//!
//! let mut storage = [0u8; 256];
//! let n = uevent::write_kernel(
//!     &mut storage,
//!     "add",
//!     "/devices/virtual/net/veth0",
//!     &[("SUBSYSTEM", "net"), ("INTERFACE", "veth0"), ("SEQNUM", "4711")],
//! )?;
//! let ev = Uevent::parse(&storage[..n])?;
//! assert_eq!(ev.action(), Some("add"));
//! assert_eq!(ev.devpath(), Some("/devices/virtual/net/veth0"));
//! assert_eq!(ev.subsystem(), Some("net"));
//! assert_eq!(ev.seqnum(), Some(4711));
//! assert_eq!(ev.get("INTERFACE"), Some("veth0"));
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

use zerocopy::byteorder::big_endian::U32 as Be32;
use zerocopy::byteorder::native_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::{DecodeError, DecodeErrorKind, EncodeError};

/// The multicast group of the kernel's events.
pub const GROUP_KERNEL: u32 = 1;
/// The multicast group of udev's processed events.
pub const GROUP_UDEV: u32 = 2;
/// The prefix of udev's messages.
pub const UDEV_PREFIX: &[u8; 8] = b"libudev\0";
/// `UDEV_MONITOR_MAGIC`.
pub const UDEV_MAGIC: u32 = 0xfeed_cafe;

/// `struct udev_monitor_netlink_header` (40 bytes).
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
pub struct UdevHeader {
    /// `"libudev\0"`.
    pub prefix: [u8; 8],
    /// [`UDEV_MAGIC`], network byte order.
    pub magic: Be32,
    /// Size of this header as the sender knows it.
    pub header_size: U32,
    /// Offset of the properties from the start of the message.
    pub properties_off: U32,
    /// Length of the properties.
    pub properties_len: U32,
    /// Hash of the subsystem (for socket filters), network byte order.
    pub filter_subsystem_hash: Be32,
    /// Hash of the device type, network byte order.
    pub filter_devtype_hash: Be32,
    /// Tag bloom filter, high word, network byte order.
    pub filter_tag_bloom_hi: Be32,
    /// Tag bloom filter, low word, network byte order.
    pub filter_tag_bloom_lo: Be32,
}

impl UdevHeader {
    /// Size of the header.
    pub const LEN: usize = 40;
}

/// Where an event came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// The kernel: `ACTION@DEVPATH` header.
    Kernel {
        /// The action of the header line.
        action: &'a str,
        /// The device path of the header line.
        devpath: &'a str,
    },
    /// udev (libudev's monitor format).
    Udev(&'a UdevHeader),
}

/// One `KEY=VALUE` property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Property<'a> {
    /// The key.
    pub key: &'a str,
    /// The value.
    pub value: &'a str,
    /// Byte offset of the property in the datagram.
    pub offset: usize,
}

/// A parsed uevent: where it came from and its properties.
#[derive(Clone, Copy, Debug)]
pub struct Uevent<'a> {
    source: Source<'a>,
    props: &'a [u8],
    props_offset: usize,
}

fn invalid(what: &'static str, offset: usize) -> DecodeError {
    DecodeError::new(DecodeErrorKind::Invalid { what }, offset)
}

fn utf8(bytes: &[u8], offset: usize) -> Result<&str, DecodeError> {
    core::str::from_utf8(bytes).map_err(|e| {
        invalid(
            "uevent text (not UTF-8)",
            offset.saturating_add(e.valid_up_to()),
        )
    })
}

/// Checks `KEY=VALUE\0…` properties starting at byte `base`.
fn check_props(props: &[u8], base: usize) -> Result<(), DecodeError> {
    let mut pos = 0usize;
    while pos < props.len() {
        let rest = &props[pos..];
        let at = base.saturating_add(pos);
        let Some(end) = rest.iter().position(|&b| b == 0) else {
            return Err(invalid("uevent property without a terminating NUL", at));
        };
        let p = &rest[..end];
        let Some(eq) = p.iter().position(|&b| b == b'=') else {
            return Err(invalid("uevent property without '='", at));
        };
        if eq == 0 {
            return Err(invalid("uevent property with an empty key", at));
        }
        utf8(p, at)?;
        pos = pos.saturating_add(end + 1);
    }
    Ok(())
}

impl<'a> Uevent<'a> {
    /// Parses and checks one datagram.
    pub fn parse(buf: &'a [u8]) -> Result<Self, DecodeError> {
        if buf.starts_with(UDEV_PREFIX) {
            return Self::parse_udev(buf);
        }
        let Some(nul) = buf.iter().position(|&b| b == 0) else {
            return Err(invalid("uevent header without a terminating NUL", 0));
        };
        let line = &buf[..nul];
        let Some(at) = line.iter().position(|&b| b == b'@') else {
            return Err(invalid("uevent header without '@'", 0));
        };
        let action = utf8(&line[..at], 0)?;
        let devpath = utf8(&line[at + 1..], at + 1)?;
        if action.is_empty() {
            return Err(invalid("uevent header with an empty action", 0));
        }
        let props = &buf[nul + 1..];
        check_props(props, nul + 1)?;
        Ok(Self {
            source: Source::Kernel { action, devpath },
            props,
            props_offset: nul + 1,
        })
    }

    fn parse_udev(buf: &'a [u8]) -> Result<Self, DecodeError> {
        let Ok((hdr, _)) = UdevHeader::ref_from_prefix(buf) else {
            return Err(DecodeError::truncated(
                "udev_monitor_netlink_header",
                UdevHeader::LEN,
                buf.len(),
                0,
            ));
        };
        if hdr.magic.get() != UDEV_MAGIC {
            return Err(invalid("udev header magic (not 0xfeedcafe)", 8));
        }
        let hsize = usize::try_from(hdr.header_size.get()).unwrap_or(usize::MAX);
        if hsize < UdevHeader::LEN {
            return Err(invalid("udev header size (under 40)", 12));
        }
        let off = usize::try_from(hdr.properties_off.get()).unwrap_or(usize::MAX);
        let len = usize::try_from(hdr.properties_len.get()).unwrap_or(usize::MAX);
        if off < UdevHeader::LEN {
            return Err(invalid("udev properties offset (inside the header)", 16));
        }
        let Some(props) = off.checked_add(len).and_then(|end| buf.get(off..end)) else {
            return Err(DecodeError::truncated(
                "udev properties",
                off.saturating_add(len),
                buf.len(),
                off.min(buf.len()),
            ));
        };
        check_props(props, off)?;
        Ok(Self {
            source: Source::Udev(hdr),
            props,
            props_offset: off,
        })
    }

    /// Where the event came from.
    pub fn source(&self) -> Source<'a> {
        self.source
    }

    /// Whether udev sent it.
    pub fn is_udev(&self) -> bool {
        matches!(self.source, Source::Udev(_))
    }

    /// Every property in order.
    pub fn properties(&self) -> Properties<'a> {
        Properties {
            rest: self.props,
            offset: self.props_offset,
        }
    }

    /// The value of property `key` (the first one).
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.properties().find(|p| p.key == key).map(|p| p.value)
    }

    /// The action: `ACTION`, or the kernel header's (`add`, `remove`, `change`, `move`,
    /// `online`, `offline`, `bind`, `unbind`).
    pub fn action(&self) -> Option<&'a str> {
        match self.source {
            Source::Kernel { action, .. } => Some(action),
            Source::Udev(_) => self.get("ACTION"),
        }
    }

    /// The device path: `DEVPATH`, or the kernel header's.
    pub fn devpath(&self) -> Option<&'a str> {
        match self.source {
            Source::Kernel { devpath, .. } => Some(devpath),
            Source::Udev(_) => self.get("DEVPATH"),
        }
    }

    /// `SUBSYSTEM`.
    pub fn subsystem(&self) -> Option<&'a str> {
        self.get("SUBSYSTEM")
    }

    /// `DEVTYPE`.
    pub fn devtype(&self) -> Option<&'a str> {
        self.get("DEVTYPE")
    }

    /// `SEQNUM`, if present and a number.
    pub fn seqnum(&self) -> Option<u64> {
        self.get("SEQNUM").and_then(|s| s.parse().ok())
    }
}

impl fmt::Display for Uevent<'_> {
    /// `kernel add /devices/… ` then one `KEY=VALUE` per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}",
            if self.is_udev() { "udev" } else { "kernel" },
            self.action().unwrap_or("?"),
            self.devpath().unwrap_or("?")
        )?;
        for p in self.properties() {
            write!(f, "\n  {}={}", p.key, p.value)?;
        }
        Ok(())
    }
}

/// Iterator over the properties of a checked [`Uevent`].
#[derive(Clone, Debug)]
pub struct Properties<'a> {
    rest: &'a [u8],
    offset: usize,
}

impl<'a> Iterator for Properties<'a> {
    type Item = Property<'a>;

    fn next(&mut self) -> Option<Property<'a>> {
        // The bytes were checked by `Uevent::parse`: each property is UTF-8 with '=' and
        // ends with a NUL. Anything else ends the iteration.
        let end = self.rest.iter().position(|&b| b == 0)?;
        let p = &self.rest[..end];
        let offset = self.offset;
        self.rest = &self.rest[end + 1..];
        self.offset = self.offset.saturating_add(end + 1);
        let text = core::str::from_utf8(p).ok()?;
        let (key, value) = text.split_once('=')?;
        Some(Property { key, value, offset })
    }
}

impl core::iter::FusedIterator for Properties<'_> {}

fn put(out: &mut [u8], pos: &mut usize, bytes: &[u8]) -> Result<(), EncodeError> {
    let end = pos.saturating_add(bytes.len());
    match out.get_mut(*pos..end) {
        Some(dst) => {
            dst.copy_from_slice(bytes);
            *pos = end;
            Ok(())
        }
        None => Err(EncodeError::BufferFull {
            needed: end,
            capacity: out.len(),
        }),
    }
}

fn put_props(out: &mut [u8], pos: &mut usize, props: &[(&str, &str)]) -> Result<(), EncodeError> {
    for (k, v) in props {
        put(out, pos, k.as_bytes())?;
        put(out, pos, b"=")?;
        put(out, pos, v.as_bytes())?;
        put(out, pos, &[0])?;
    }
    Ok(())
}

/// Writes an event in the kernel's format into `out` (`ACTION@DEVPATH\0`, then
/// `ACTION`, `DEVPATH` and `props` as properties); returns its length. For tests and
/// simulators.
pub fn write_kernel(
    out: &mut [u8],
    action: &str,
    devpath: &str,
    props: &[(&str, &str)],
) -> Result<usize, EncodeError> {
    let mut pos = 0;
    put(out, &mut pos, action.as_bytes())?;
    put(out, &mut pos, b"@")?;
    put(out, &mut pos, devpath.as_bytes())?;
    put(out, &mut pos, &[0])?;
    put_props(out, &mut pos, &[("ACTION", action), ("DEVPATH", devpath)])?;
    put_props(out, &mut pos, props)?;
    Ok(pos)
}

/// Writes an event in udev's format into `out` (header, then `props`); returns its
/// length. The filter hashes are left 0.
pub fn write_udev(out: &mut [u8], props: &[(&str, &str)]) -> Result<usize, EncodeError> {
    let mut pos = UdevHeader::LEN;
    if out.len() < pos {
        return Err(EncodeError::BufferFull {
            needed: pos,
            capacity: out.len(),
        });
    }
    put_props(out, &mut pos, props)?;
    let len = u32::try_from(pos - UdevHeader::LEN)
        .map_err(|_| EncodeError::MessageTooLong { len: pos })?;
    let hdr = UdevHeader {
        prefix: *UDEV_PREFIX,
        magic: Be32::new(UDEV_MAGIC),
        header_size: U32::new(40),
        properties_off: U32::new(40),
        properties_len: U32::new(len),
        ..UdevHeader::default()
    };
    out[..UdevHeader::LEN].copy_from_slice(hdr.as_bytes());
    Ok(pos)
}
