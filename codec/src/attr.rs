//! Netlink attributes (`struct nlattr` TLVs): views, iteration, typed getters and an index
//! by type.

use core::fmt;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use zerocopy::byteorder::native_endian::U16;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::error::{DecodeError, DecodeErrorKind};
use crate::header::align_sat;

/// `NLA_F_NESTED`: the payload is itself a sequence of attributes.
pub const NLA_F_NESTED: u16 = 1 << 15;
/// `NLA_F_NET_BYTEORDER`: the payload is in network (big-endian) byte order.
pub const NLA_F_NET_BYTEORDER: u16 = 1 << 14;
/// `NLA_TYPE_MASK`: the bits of `nla_type` that carry the type.
pub const NLA_TYPE_MASK: u16 = !(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
/// Size of `struct nlattr`.
pub const NLA_HDRLEN: usize = 4;

/// `struct nlattr`: the 4-byte attribute header, native byte order, unaligned.
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
pub struct NlAttrHdr {
    /// `nla_len`: header plus payload, without trailing padding.
    pub len: U16,
    /// `nla_type`: the type with the `NLA_F_NESTED` / `NLA_F_NET_BYTEORDER` bits.
    pub kind: U16,
}

/// The error of a typed getter whose payload has the wrong size: out of line, with
/// scalar arguments, so that the getters' fast paths stay small.
#[cold]
#[inline(never)]
fn payload_error(
    kind: u16,
    expected: &'static str,
    needed: usize,
    got: usize,
    offset: usize,
) -> DecodeError {
    DecodeError::new(
        DecodeErrorKind::AttrPayload {
            kind,
            expected,
            needed,
            got,
        },
        offset,
    )
}

/// The framing error at `pos` of an attribute sequence, exactly as [`Attrs`] reports it.
#[cold]
#[inline(never)]
fn framing_error(buf: &[u8], pos: usize, base: usize) -> DecodeError {
    let mut it = Attrs {
        buf,
        pos,
        base,
        failed: false,
    };
    match it.next() {
        Some(Err(e)) => e,
        _ => DecodeError::truncated(
            "nlattr",
            NLA_HDRLEN,
            buf.len().saturating_sub(pos),
            base.saturating_add(pos),
        ),
    }
}

/// One attribute: its type and payload, borrowed from the buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Attr<'a> {
    raw_kind: u16,
    payload: &'a [u8],
    offset: usize,
}

macro_rules! int_getters {
    ($($(#[$m:meta])* $name:ident, $be:ident => $t:ty, $what:literal;)*) => {$(
        $(#[$m])*
        ///
        /// The payload must be exactly the size of the type.
        #[inline]
        pub fn $name(&self) -> Result<$t, DecodeError> {
            self.array().map(<$t>::from_ne_bytes).map_err(|_| self.payload_err($what, core::mem::size_of::<$t>()))
        }

        /// The payload as a big-endian (network byte order)
        #[doc = concat!("`", stringify!($t), "`.")]
        #[inline]
        pub fn $be(&self) -> Result<$t, DecodeError> {
            self.array().map(<$t>::from_be_bytes).map_err(|_| self.payload_err($what, core::mem::size_of::<$t>()))
        }
    )*};
}

impl<'a> Attr<'a> {
    /// An attribute view from its parts; `offset` is where its header sits.
    #[inline]
    pub const fn from_parts(raw_kind: u16, payload: &'a [u8], offset: usize) -> Self {
        Self {
            raw_kind,
            payload,
            offset,
        }
    }

    /// The type, with the `NLA_F_NESTED` and `NLA_F_NET_BYTEORDER` bits masked off.
    #[inline]
    pub const fn kind(&self) -> u16 {
        self.raw_kind & NLA_TYPE_MASK
    }

    /// `nla_type` as it was on the wire, flag bits included.
    #[inline]
    pub const fn raw_kind(&self) -> u16 {
        self.raw_kind
    }

    /// Whether `NLA_F_NESTED` is set.
    #[inline]
    pub const fn is_nested(&self) -> bool {
        self.raw_kind & NLA_F_NESTED != 0
    }

    /// Whether `NLA_F_NET_BYTEORDER` is set.
    #[inline]
    pub const fn is_net_byteorder(&self) -> bool {
        self.raw_kind & NLA_F_NET_BYTEORDER != 0
    }

    /// The payload (without header or padding).
    #[inline]
    pub const fn payload(&self) -> &'a [u8] {
        self.payload
    }

    /// Byte offset of the attribute's header (from the start of the message when reached
    /// through [`crate::Message::attrs`]).
    #[inline]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Byte offset of the payload.
    #[inline]
    pub const fn payload_offset(&self) -> usize {
        self.offset.saturating_add(NLA_HDRLEN)
    }

    /// `nla_len`: header plus payload.
    #[inline]
    pub const fn len(&self) -> usize {
        self.payload.len() + NLA_HDRLEN
    }

    /// Whether the payload is empty.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.payload.is_empty()
    }

    #[inline]
    fn payload_err(&self, expected: &'static str, needed: usize) -> DecodeError {
        payload_error(
            self.kind(),
            expected,
            needed,
            self.payload.len(),
            self.offset,
        )
    }

    #[inline]
    fn array<const N: usize>(&self) -> Result<[u8; N], ()> {
        <[u8; N]>::try_from(self.payload).map_err(|_| ())
    }

    int_getters! {
        /// The payload as a `u8`.
        u8, be_u8 => u8, "u8";
        /// The payload as a native-endian `u16`.
        u16, be_u16 => u16, "u16";
        /// The payload as a native-endian `u32`.
        u32, be_u32 => u32, "u32";
        /// The payload as a native-endian `u64`.
        u64, be_u64 => u64, "u64";
        /// The payload as an `i8`.
        i8, be_i8 => i8, "i8";
        /// The payload as a native-endian `i16`.
        i16, be_i16 => i16, "i16";
        /// The payload as a native-endian `i32`.
        i32, be_i32 => i32, "i32";
        /// The payload as a native-endian `i64`.
        i64, be_i64 => i64, "i64";
    }

    /// The payload as an unsigned integer in the byte order its `NLA_F_NET_BYTEORDER` bit
    /// says, of 1, 2, 4 or 8 bytes (the kernel's `NLA_UINT` is 4 or 8).
    #[inline]
    pub fn uint(&self) -> Result<u64, DecodeError> {
        let be = self.is_net_byteorder();
        let v = match self.payload.len() {
            1 => u64::from(self.u8()?),
            2 => u64::from(if be { self.be_u16()? } else { self.u16()? }),
            4 => u64::from(if be { self.be_u32()? } else { self.u32()? }),
            8 => {
                if be {
                    self.be_u64()?
                } else {
                    self.u64()?
                }
            }
            _ => return Err(self.payload_err("uint (1, 2, 4 or 8 bytes)", 4)),
        };
        Ok(v)
    }

    /// The payload as a signed integer of 1, 2, 4 or 8 bytes (the kernel's `NLA_SINT`).
    pub fn sint(&self) -> Result<i64, DecodeError> {
        let be = self.is_net_byteorder();
        let v = match self.payload.len() {
            1 => i64::from(self.i8()?),
            2 => i64::from(if be { self.be_i16()? } else { self.i16()? }),
            4 => i64::from(if be { self.be_i32()? } else { self.i32()? }),
            8 => {
                if be {
                    self.be_i64()?
                } else {
                    self.i64()?
                }
            }
            _ => return Err(self.payload_err("sint (1, 2, 4 or 8 bytes)", 4)),
        };
        Ok(v)
    }

    /// A flag attribute: present with an empty payload.
    #[inline]
    pub fn flag(&self) -> Result<(), DecodeError> {
        if self.payload.is_empty() {
            Ok(())
        } else {
            Err(self.payload_err("flag", 0))
        }
    }

    /// The bytes of a NUL-terminated string, without the NUL and anything after it.
    /// Errors with `MissingNul` when there is no NUL.
    #[inline]
    pub fn c_bytes(&self) -> Result<&'a [u8], DecodeError> {
        match self.payload.iter().position(|&b| b == 0) {
            Some(n) => Ok(&self.payload[..n]),
            None => Err(DecodeError::new(
                DecodeErrorKind::MissingNul { kind: self.kind() },
                self.offset,
            )),
        }
    }

    /// A NUL-terminated UTF-8 string (`NLA_NUL_STRING`, and what the kernel sends for
    /// `NLA_STRING`). Errors when the NUL is missing or the bytes are not UTF-8; use
    /// [`Self::c_bytes`] or [`Self::payload`] to read such bytes anyway.
    #[inline]
    pub fn str(&self) -> Result<&'a str, DecodeError> {
        let bytes = self.c_bytes()?;
        core::str::from_utf8(bytes).map_err(|_| {
            DecodeError::new(
                DecodeErrorKind::InvalidUtf8 { kind: self.kind() },
                self.offset,
            )
        })
    }

    /// A string that may or may not be NUL-terminated (user-space `NLA_STRING` payloads
    /// need not be): up to the first NUL, or the whole payload.
    pub fn str_lenient(&self) -> Result<&'a str, DecodeError> {
        let bytes = match self.payload.iter().position(|&b| b == 0) {
            Some(n) => &self.payload[..n],
            None => self.payload,
        };
        core::str::from_utf8(bytes).map_err(|_| {
            DecodeError::new(
                DecodeErrorKind::InvalidUtf8 { kind: self.kind() },
                self.offset,
            )
        })
    }

    /// An IPv4 address (4 bytes, network order as the kernel sends addresses).
    #[inline]
    pub fn ipv4(&self) -> Result<Ipv4Addr, DecodeError> {
        self.array::<4>()
            .map(Ipv4Addr::from)
            .map_err(|_| self.payload_err("ipv4", 4))
    }

    /// An IPv6 address (16 bytes).
    #[inline]
    pub fn ipv6(&self) -> Result<Ipv6Addr, DecodeError> {
        self.array::<16>()
            .map(Ipv6Addr::from)
            .map_err(|_| self.payload_err("ipv6", 16))
    }

    /// An IPv4 or IPv6 address, told apart by the payload length (4 or 16).
    #[inline]
    pub fn ip(&self) -> Result<IpAddr, DecodeError> {
        if let Ok(a) = <[u8; 4]>::try_from(self.payload) {
            Ok(IpAddr::V4(Ipv4Addr::from_bits(u32::from_be_bytes(a))))
        } else if let Ok(a) = <[u8; 16]>::try_from(self.payload) {
            Ok(IpAddr::V6(Ipv6Addr::from_bits(u128::from_be_bytes(a))))
        } else {
            Err(self.payload_err("ip address (4 or 16 bytes)", 4))
        }
    }

    /// A 6-byte Ethernet MAC address. Other link types have other address lengths: read
    /// those with [`Self::payload`].
    #[inline]
    pub fn mac(&self) -> Result<[u8; 6], DecodeError> {
        self.array::<6>().map_err(|_| self.payload_err("mac", 6))
    }

    /// The payload viewed in place as the fixed structure `T` (which must be `Unaligned`
    /// and exactly the payload's size).
    #[inline]
    pub fn view<T>(&self) -> Result<&'a T, DecodeError>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        T::ref_from_bytes(self.payload)
            .map_err(|_| self.payload_err("struct", core::mem::size_of::<T>()))
    }

    /// The start of the payload viewed as `T`, for kernel structures that grew over time
    /// (a newer kernel may send more bytes than `T` knows). Errors if the payload is shorter.
    #[inline]
    pub fn view_prefix<T>(&self) -> Result<&'a T, DecodeError>
    where
        T: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        T::ref_from_prefix(self.payload)
            .map(|(t, _)| t)
            .map_err(|_| self.payload_err("struct", core::mem::size_of::<T>()))
    }

    /// The payload read (copied) as `T`, for types with alignment (`[u64; N]` stats, say).
    pub fn read<T: FromBytes>(&self) -> Result<T, DecodeError> {
        T::read_from_bytes(self.payload)
            .map_err(|_| self.payload_err("struct", core::mem::size_of::<T>()))
    }

    /// The payload as a nested attribute sequence. Offsets continue to count from the same
    /// origin as this attribute's.
    #[inline]
    pub fn nested(&self) -> Attrs<'a> {
        Attrs::with_offset(self.payload, self.payload_offset())
    }
}

impl fmt::Debug for Attr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Attr {{ kind: {}", self.kind())?;
        if self.is_nested() {
            f.write_str(", NESTED")?;
        }
        if self.is_net_byteorder() {
            f.write_str(", NET_BYTEORDER")?;
        }
        write!(f, ", offset: {}, payload: ", self.offset)?;
        crate::fmt::hex(f, self.payload, 32)?;
        f.write_str(" }")
    }
}

/// Iterator over a sequence of attributes.
///
/// Each item is an attribute, or — once — a framing error (an `nla_len` under 4 or past the
/// end), after which the iterator is done: the rest of the sequence cannot be found. Trailing
/// bytes too short for a header (1 to 3) are a framing error too. Wrong payload sizes are
/// not framing errors: they surface from the typed getters and siblings remain readable.
#[derive(Clone, Debug)]
pub struct Attrs<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
    failed: bool,
}

impl<'a> Attrs<'a> {
    /// Iterates over the attributes in `buf`, offsets counted from the start of `buf`.
    #[inline]
    pub const fn new(buf: &'a [u8]) -> Self {
        Self::with_offset(buf, 0)
    }

    /// Iterates over the attributes in `buf`, which sits at byte `base` of some larger
    /// structure (a message) from whose start offsets are counted.
    #[inline]
    pub const fn with_offset(buf: &'a [u8], base: usize) -> Self {
        Self {
            buf,
            pos: 0,
            base,
            failed: false,
        }
    }

    /// The bytes of the whole sequence.
    pub const fn bytes(&self) -> &'a [u8] {
        self.buf
    }

    /// Offset of the sequence's first byte.
    pub const fn base_offset(&self) -> usize {
        self.base
    }

    /// Attributes of type `kind` only (flag bits ignored): for multi-attributes such as
    /// `IFLA_ALT_IFNAME` inside `IFLA_PROP_LIST`. Framing errors are still yielded.
    pub fn of_kind(self, kind: u16) -> impl Iterator<Item = Result<Attr<'a>, DecodeError>> + 'a {
        self.filter(move |r| match r {
            Ok(a) => a.kind() == kind,
            Err(_) => true,
        })
    }

    /// The last attribute of type `kind` (the kernel's `nla_find`/`nla_parse` rule), or
    /// `None`. Stops with the framing error if one comes first.
    pub fn find(self, kind: u16) -> Result<Option<Attr<'a>>, DecodeError> {
        let mut found = None;
        for a in self {
            let a = a?;
            if a.kind() == kind {
                found = Some(a);
            }
        }
        Ok(found)
    }

    /// Checks the whole sequence's framing; returns the number of attributes.
    pub fn validate(self) -> Result<usize, DecodeError> {
        let mut n = 0usize;
        for a in self {
            a?;
            n += 1;
        }
        Ok(n)
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let rest = self.buf.get(self.pos..).unwrap_or(&[]);
        if rest.is_empty() {
            return None;
        }
        let offset = self.base.saturating_add(self.pos);
        let Ok((hdr, _)) = NlAttrHdr::ref_from_prefix(rest) else {
            self.failed = true;
            return Some(Err(DecodeError::truncated(
                "nlattr",
                NLA_HDRLEN,
                rest.len(),
                offset,
            )));
        };
        let len = hdr.len.get();
        let raw_kind = hdr.kind.get();
        let ulen = usize::from(len);
        if ulen < NLA_HDRLEN || ulen > rest.len() {
            self.failed = true;
            return Some(Err(DecodeError::new(
                DecodeErrorKind::AttrLength {
                    kind: raw_kind & NLA_TYPE_MASK,
                    len,
                    available: rest.len(),
                },
                offset,
            )));
        }
        let payload = &rest[NLA_HDRLEN..ulen];
        self.pos = self.pos.saturating_add(align_sat(ulen)).min(self.buf.len());
        Some(Ok(Attr::from_parts(raw_kind, payload, offset)))
    }
}

impl core::iter::FusedIterator for Attrs<'_> {}

/// What [`index_attrs`] did with attributes that did not get a slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Attributes indexed.
    pub indexed: usize,
    /// Attributes whose type was at or above the number of slots (reachable by iterating).
    pub beyond: usize,
    /// Attributes that replaced an earlier one of the same type.
    pub repeated: usize,
}

/// Indexes one level of attributes by type into caller-provided `slots` (libmnl's `tb[]`):
/// `slots[t]` holds the attribute of type `t`.
///
/// **Repeated types:** the last one wins, as in the kernel's `nla_parse`; iterate with
/// [`Attrs::of_kind`] to see them all. Types `>= slots.len()` are counted in
/// [`IndexStats::beyond`] and otherwise skipped. A framing error stops indexing and is
/// returned; the slots filled before it stay filled.
#[inline]
pub fn index_attrs<'a>(
    attrs: Attrs<'a>,
    slots: &mut [Option<Attr<'a>>],
) -> Result<IndexStats, DecodeError> {
    let mut stats = IndexStats::default();
    for a in attrs {
        let a = a?;
        match slots.get_mut(usize::from(a.kind())) {
            Some(slot) => {
                if slot.replace(a).is_some() {
                    stats.repeated += 1;
                }
                stats.indexed += 1;
            }
            None => stats.beyond += 1,
        }
    }
    Ok(stats)
}

/// A table of `N` slots indexing one level of attributes by type; see [`index_attrs`] for
/// the rules.
///
/// ```
/// use nlwire_codec::{AttrTable, Attrs};
/// // IFLA_MTU (4) = 1500, IFLA_IFNAME (3) = "lo"
/// let bytes = [8, 0, 4, 0, 0xdc, 0x05, 0, 0, 7, 0, 3, 0, b'l', b'o', 0, 0];
/// let tb = AttrTable::<8>::parse(Attrs::new(&bytes)).unwrap();
/// assert_eq!(tb.get(4).unwrap().u32().unwrap(), 1500);
/// assert_eq!(tb.get(3).unwrap().str().unwrap(), "lo");
/// assert!(tb.get(5).is_none());
/// ```
///
/// The table is compact: one `u32` per slot (the attribute's position in the sequence plus
/// one, 0 = absent), so a table of 32 slots is 128 bytes plus the borrowed sequence; `get`
/// rebuilds the [`Attr`] from its already-validated header.
#[derive(Clone, Copy)]
pub struct AttrTable<'a, const N: usize> {
    /// The sequence (from where indexing started).
    buf: &'a [u8],
    /// Offset of `buf`'s first byte in the message.
    base: usize,
    slots: [u32; N],
}

macro_rules! table_getters {
    ($($name:ident => $t:ty, $from:ident, $n:literal, $what:literal;)*) => {$(
        #[doc = concat!("The attribute of type `kind` read as [`Attr::", stringify!($name), "`] does, if present.")]
        #[inline(always)]
        pub fn $name(&self, kind: u16) -> Result<Option<$t>, DecodeError> {
            Ok(self.fixed::<$n>(kind, $what)?.map(<$t>::$from))
        }
    )*};
}

impl<'a, const N: usize> AttrTable<'a, N> {
    /// Indexes `attrs`.
    ///
    /// Attributes starting beyond 4 GiB into the sequence (only possible for a slice that
    /// is not one netlink message) cannot be indexed and are counted as beyond.
    #[inline(always)]
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        let buf = attrs.buf.get(attrs.pos..).unwrap_or_default();
        let base = attrs.base.saturating_add(attrs.pos);
        let mut slots = [0u32; N];
        let mut pos = 0usize;
        // The same framing rules as `Attrs::next` (which reports the errors): the loop
        // only indexes attributes whose header and length have been checked. Nothing
        // else is counted here: `stats` walks the sequence again when asked.
        while let Some(rest) = buf.get(pos..) {
            let [l0, l1, k0, k1, ..] = *rest else {
                if rest.is_empty() {
                    break;
                }
                return Err(framing_error(buf, pos, base));
            };
            let len = usize::from(u16::from_ne_bytes([l0, l1]));
            if len < NLA_HDRLEN || len > rest.len() {
                return Err(framing_error(buf, pos, base));
            }
            let kind = u16::from_ne_bytes([k0, k1]) & NLA_TYPE_MASK;
            if let (Some(slot), Ok(p)) = (slots.get_mut(usize::from(kind)), u32::try_from(pos)) {
                // Positions of u32::MAX and beyond (a sequence of 4 GiB) are not indexed.
                if let Some(p1) = p.checked_add(1) {
                    *slot = p1;
                }
            }
            // `len <= rest.len()`: no overflow.
            pos += (len + 3) & !3;
        }
        Ok(Self { buf, base, slots })
    }

    /// The attribute of type `kind`, if present (the last one if repeated).
    #[inline]
    pub fn get(&self, kind: u16) -> Option<Attr<'a>> {
        let slot = *self.slots.get(usize::from(kind))?;
        self.at(slot)
    }

    /// Rebuilds the attribute indexed at `slot` (position + 1; 0 = absent).
    #[inline]
    fn at(&self, slot: u32) -> Option<Attr<'a>> {
        let pos = usize::try_from(slot.checked_sub(1)?).ok()?;
        let rest = self.buf.get(pos..)?;
        let [l0, l1, k0, k1, ..] = rest else {
            return None;
        };
        let len = usize::from(u16::from_ne_bytes([*l0, *l1]));
        let payload = rest.get(NLA_HDRLEN..len)?;
        Some(Attr::from_parts(
            u16::from_ne_bytes([*k0, *k1]),
            payload,
            self.base.saturating_add(pos),
        ))
    }

    /// The header position and `nla_len` of the attribute of type `kind`, if present.
    #[inline(always)]
    fn locate(&self, kind: u16) -> Option<(usize, usize)> {
        let slot = *self.slots.get(usize::from(kind))?;
        let pos = usize::try_from(slot.checked_sub(1)?).ok()?;
        let [l0, l1, ..] = *self.buf.get(pos..)? else {
            return None;
        };
        Some((pos, usize::from(u16::from_ne_bytes([l0, l1]))))
    }

    /// The payload of the attribute of type `kind` as exactly `L` bytes, if present;
    /// another size is the error [`Attr`]'s getter of the same name (`what`) reports.
    ///
    /// The error is built out of line from scalars: passing `self` to a call would force
    /// the table into memory and cost a copy of the view.
    #[inline(always)]
    fn fixed<const L: usize>(
        &self,
        kind: u16,
        what: &'static str,
    ) -> Result<Option<[u8; L]>, DecodeError> {
        let pos = match self.slots.get(usize::from(kind)) {
            Some(&slot) if slot != 0 => usize::try_from(slot - 1).unwrap_or(usize::MAX),
            _ => return Ok(None),
        };
        // One bounds check covers header and payload; then the length must be ours.
        let window = self
            .buf
            .get(pos..pos.saturating_add(NLA_HDRLEN + L))
            .and_then(|w| w.split_first_chunk::<NLA_HDRLEN>());
        if let Some(([l0, l1, _, _], payload)) = window {
            if usize::from(u16::from_ne_bytes([*l0, *l1])) == NLA_HDRLEN + L {
                if let Ok(v) = <[u8; L]>::try_from(payload) {
                    return Ok(Some(v));
                }
            }
        }
        let len = match self.buf.get(pos..) {
            Some([l0, l1, ..]) => usize::from(u16::from_ne_bytes([*l0, *l1])),
            _ => 0,
        };
        Err(self.size_error(pos, len, kind, what, L))
    }

    /// The error of a getter whose attribute at `pos` (with `nla_len` `len`) has the wrong
    /// size. Built out of line from scalars: passing `self` to a call would force the
    /// table into memory and cost a copy of the view.
    #[inline(always)]
    fn size_error(
        &self,
        pos: usize,
        len: usize,
        kind: u16,
        what: &'static str,
        needed: usize,
    ) -> DecodeError {
        payload_error(
            kind & NLA_TYPE_MASK,
            what,
            needed,
            len.saturating_sub(NLA_HDRLEN),
            self.base.saturating_add(pos),
        )
    }

    /// The IPv4 or IPv6 address of type `kind` (as [`Attr::ip`]), if present; `v6` says
    /// which length to expect first (a family header's family): only a hint, both are read.
    #[inline(always)]
    pub fn ip_hint(&self, kind: u16, v6: bool) -> Result<Option<IpAddr>, DecodeError> {
        let Some((pos, len)) = self.locate(kind) else {
            return Ok(None);
        };
        let payload = self.buf.get(pos..).and_then(|r| r.get(NLA_HDRLEN..len));
        let v4 = |p: &[u8]| {
            <[u8; 4]>::try_from(p)
                .ok()
                .map(|a| IpAddr::V4(Ipv4Addr::from_bits(u32::from_be_bytes(a))))
        };
        let v6f = |p: &[u8]| {
            <[u8; 16]>::try_from(p)
                .ok()
                .map(|a| IpAddr::V6(Ipv6Addr::from_bits(u128::from_be_bytes(a))))
        };
        let ip = payload.and_then(|p| {
            if v6 {
                v6f(p).or_else(|| v4(p))
            } else {
                v4(p).or_else(|| v6f(p))
            }
        });
        match ip {
            Some(ip) => Ok(Some(ip)),
            None => Err(self.size_error(pos, len, kind, "ip address (4 or 16 bytes)", 4)),
        }
    }

    /// The IPv4 or IPv6 address of type `kind` (as [`Attr::ip`]), if present.
    #[inline]
    pub fn ip(&self, kind: u16) -> Result<Option<IpAddr>, DecodeError> {
        self.ip_hint(kind, false)
    }

    /// The string of type `kind` (as [`Attr::str`]), if present.
    #[inline]
    pub fn str(&self, kind: u16) -> Result<Option<&'a str>, DecodeError> {
        self.get(kind).map(|a| a.str()).transpose()
    }

    /// The integer of type `kind` in either byte order (as [`Attr::uint`]), if present.
    #[inline]
    pub fn uint(&self, kind: u16) -> Result<Option<u64>, DecodeError> {
        self.get(kind).map(|a| a.uint()).transpose()
    }

    table_getters! {
        u8 => u8, from_ne_bytes, 1, "u8";
        u16 => u16, from_ne_bytes, 2, "u16";
        u32 => u32, from_ne_bytes, 4, "u32";
        u64 => u64, from_ne_bytes, 8, "u64";
        i8 => i8, from_ne_bytes, 1, "i8";
        i16 => i16, from_ne_bytes, 2, "i16";
        i32 => i32, from_ne_bytes, 4, "i32";
        i64 => i64, from_ne_bytes, 8, "i64";
        be_u16 => u16, from_be_bytes, 2, "u16";
        be_u32 => u32, from_be_bytes, 4, "u32";
        be_u64 => u64, from_be_bytes, 8, "u64";
    }

    /// The IPv4 address of type `kind` (as [`Attr::ipv4`]), if present.
    #[inline]
    pub fn ipv4(&self, kind: u16) -> Result<Option<Ipv4Addr>, DecodeError> {
        Ok(self.fixed::<4>(kind, "ipv4")?.map(Ipv4Addr::from))
    }

    /// The IPv6 address of type `kind` (as [`Attr::ipv6`]), if present.
    #[inline]
    pub fn ipv6(&self, kind: u16) -> Result<Option<Ipv6Addr>, DecodeError> {
        Ok(self.fixed::<16>(kind, "ipv6")?.map(Ipv6Addr::from))
    }

    /// The 6-byte MAC address of type `kind` (as [`Attr::mac`]), if present.
    #[inline]
    pub fn mac(&self, kind: u16) -> Result<Option<[u8; 6]>, DecodeError> {
        self.fixed::<6>(kind, "mac")
    }

    /// Counts of indexed, repeated and out-of-range attributes (walks the sequence again:
    /// a diagnostic, not kept during indexing).
    pub fn stats(&self) -> IndexStats {
        let mut stats = IndexStats::default();
        let mut seen = [false; N];
        // The framing was checked when the table was built.
        for a in Attrs::with_offset(self.buf, self.base).flatten() {
            let pos = a.offset().saturating_sub(self.base);
            match seen.get_mut(usize::from(a.kind())) {
                Some(s) if pos < u32::MAX as usize => {
                    if *s {
                        stats.repeated += 1;
                    }
                    *s = true;
                    stats.indexed += 1;
                }
                _ => stats.beyond += 1,
            }
        }
        stats
    }

    /// The present attributes in type order.
    pub fn iter(&self) -> impl Iterator<Item = Attr<'a>> + '_ {
        self.slots.iter().filter_map(|s| self.at(*s))
    }
}

impl<const N: usize> fmt::Debug for AttrTable<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttrTable")
            .field("attrs", &DebugList(self))
            .field("stats", &self.stats())
            .finish()
    }
}

struct DebugList<'t, 'a, const N: usize>(&'t AttrTable<'a, N>);

impl<const N: usize> fmt::Debug for DebugList<'_, '_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
mod tests {
    use super::*;

    /// The compact table agrees with the reference `index_attrs` (slot contents, stats and
    /// framing errors) on valid, repeated, out-of-range and malformed sequences.
    fn same_as_reference<const N: usize>(bytes: &[u8], base: usize) {
        let attrs = Attrs::with_offset(bytes, base);
        let mut slots = [None; N];
        let reference = index_attrs(attrs.clone(), &mut slots);
        let table = AttrTable::<N>::parse(attrs);
        match (reference, table) {
            (Ok(stats), Ok(tb)) => {
                assert_eq!(stats, tb.stats(), "{bytes:?}");
                for kind in 0..=u16::try_from(N).unwrap() {
                    let want = slots.get(usize::from(kind)).copied().flatten();
                    assert_eq!(want, tb.get(kind), "kind {kind} of {bytes:?}");
                }
                let want: usize = slots.iter().flatten().count();
                assert_eq!(want, tb.iter().count());
                typed_getters_agree(&tb, bytes);
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{bytes:?}"),
            (a, b) => panic!(
                "{bytes:?}: reference {a:?}, table {:?}",
                b.map(|t| t.stats())
            ),
        }
    }

    /// Every typed getter of the table (fast path, out-of-line errors) returns what the
    /// same getter of the rebuilt [`Attr`] returns: values, absence and errors.
    fn typed_getters_agree<const N: usize>(tb: &AttrTable<'_, N>, bytes: &[u8]) {
        macro_rules! agree {
            ($kind:expr, $($get:ident),*) => {$(
                assert_eq!(
                    tb.get($kind).map(|a| a.$get()).transpose(),
                    tb.$get($kind),
                    "{} of kind {} in {bytes:?}", stringify!($get), $kind
                );
            )*};
        }
        for kind in 0..=u16::try_from(N).unwrap() {
            agree!(
                kind, u8, u16, u32, u64, i8, i16, i32, i64, be_u16, be_u32, be_u64
            );
            agree!(kind, ipv4, ipv6, mac, ip, str, uint);
            for v6 in [false, true] {
                assert_eq!(tb.ip(kind), tb.ip_hint(kind, v6), "ip_hint {v6} {bytes:?}");
            }
        }
    }

    #[test]
    fn compact_table_matches_index_attrs() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Miri checks the memory model on a sample; native runs do them all.
        let cases = if cfg!(miri) { 300 } else { 20_000 };
        for _ in 0..cases {
            let mut bytes = [0u8; 64];
            let mut len = 0usize;
            // Mostly well-formed attributes with small types (repeats and types >= N),
            // sometimes a bad length or a truncated tail.
            while len + 4 <= bytes.len() {
                let r = next();
                // Every fixed size a getter reads (1, 2, 4, 6, 8, 16) and its neighbours.
                let payload = [0, 1, 2, 3, 4, 5, 6, 8, 9, 15, 16, 17][(r % 12) as usize];
                let kind =
                    ((r >> 8) % 12) as u16 | if r & (1 << 20) != 0 { NLA_F_NESTED } else { 0 };
                let mut nla_len = (4 + payload) as u16;
                if r % 23 == 0 {
                    nla_len = (r >> 24) as u16 % 80;
                }
                bytes[len..len + 2].copy_from_slice(&nla_len.to_ne_bytes());
                bytes[len + 2..len + 4].copy_from_slice(&kind.to_ne_bytes());
                for (i, b) in bytes.iter_mut().skip(len + 4).take(payload).enumerate() {
                    *b = (r >> (i % 8 * 8)) as u8;
                }
                let step = align_sat(usize::from(nla_len).max(4));
                if len + step > bytes.len() || r % 31 == 0 {
                    len = (len + 1 + (r >> 40) as usize % 3).min(bytes.len());
                    break;
                }
                len += step;
                if r % 5 == 0 {
                    break;
                }
            }
            let base = (next() % 100) as usize;
            same_as_reference::<0>(&bytes[..len], base);
            same_as_reference::<4>(&bytes[..len], base);
            same_as_reference::<8>(&bytes[..len], base);
            same_as_reference::<32>(&bytes[..len], base);
        }
    }
}
