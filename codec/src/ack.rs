//! Control messages: `NLMSG_ERROR` (errors and acks, with extended-ack TLVs),
//! `NLMSG_DONE` (which carries strict-dump errors) and `NLMSG_OVERRUN`; the kernel's
//! attribute-policy descriptions; and mapping an extended-ack offset back to the attribute
//! that failed.

use core::fmt;

use crate::attr::{Attr, Attrs};
use crate::error::{DecodeError, DecodeErrorKind};
use crate::header::{Flags, MessageType, NlMsgHdr, align_sat};
use crate::msg::Message;

/// Extended-ack TLV types (`enum nlmsgerr_attrs`).
pub mod nlmsgerr_attr {
    /// `NLMSGERR_ATTR_MSG`: a NUL-terminated error message.
    pub const MSG: u16 = 1;
    /// `NLMSGERR_ATTR_OFFS`: u32 offset of the bad attribute, from the request's `nlmsghdr`.
    pub const OFFS: u16 = 2;
    /// `NLMSGERR_ATTR_COOKIE`: an opaque cookie.
    pub const COOKIE: u16 = 3;
    /// `NLMSGERR_ATTR_POLICY`: the policy of the failing attribute (nested).
    pub const POLICY: u16 = 4;
    /// `NLMSGERR_ATTR_MISS_TYPE`: u32 type of a missing required attribute.
    pub const MISS_TYPE: u16 = 5;
    /// `NLMSGERR_ATTR_MISS_NEST`: u32 offset of the nest that lacks it.
    pub const MISS_NEST: u16 = 6;
}

/// `NL_POLICY_TYPE_ATTR_*`: the fields of a policy description.
pub mod policy_attr {
    /// `NL_POLICY_TYPE_ATTR_TYPE`: u32 [`super::PolicyType`].
    pub const TYPE: u16 = 1;
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_S`: s64.
    pub const MIN_VALUE_S: u16 = 2;
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_S`: s64.
    pub const MAX_VALUE_S: u16 = 3;
    /// `NL_POLICY_TYPE_ATTR_MIN_VALUE_U`: u64.
    pub const MIN_VALUE_U: u16 = 4;
    /// `NL_POLICY_TYPE_ATTR_MAX_VALUE_U`: u64.
    pub const MAX_VALUE_U: u16 = 5;
    /// `NL_POLICY_TYPE_ATTR_MIN_LENGTH`: u32.
    pub const MIN_LENGTH: u16 = 6;
    /// `NL_POLICY_TYPE_ATTR_MAX_LENGTH`: u32.
    pub const MAX_LENGTH: u16 = 7;
    /// `NL_POLICY_TYPE_ATTR_POLICY_IDX`: u32 index of a nested policy.
    pub const POLICY_IDX: u16 = 8;
    /// `NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE`: u32 highest attribute of a nested policy.
    pub const POLICY_MAXTYPE: u16 = 9;
    /// `NL_POLICY_TYPE_ATTR_BITFIELD32_MASK`: u32.
    pub const BITFIELD32_MASK: u16 = 10;
    /// `NL_POLICY_TYPE_ATTR_PAD`.
    pub const PAD: u16 = 11;
    /// `NL_POLICY_TYPE_ATTR_MASK`: u64 mask of valid bits.
    pub const MASK: u16 = 12;
}

/// `enum netlink_attribute_type`: what kind of value a policy expects. An open set.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PolicyType(pub u32);

impl PolicyType {
    /// `NL_ATTR_TYPE_INVALID`.
    pub const INVALID: Self = Self(0);
    /// `NL_ATTR_TYPE_FLAG`.
    pub const FLAG: Self = Self(1);
    /// `NL_ATTR_TYPE_U8`.
    pub const U8: Self = Self(2);
    /// `NL_ATTR_TYPE_U16`.
    pub const U16: Self = Self(3);
    /// `NL_ATTR_TYPE_U32`.
    pub const U32: Self = Self(4);
    /// `NL_ATTR_TYPE_U64`.
    pub const U64: Self = Self(5);
    /// `NL_ATTR_TYPE_S8`.
    pub const S8: Self = Self(6);
    /// `NL_ATTR_TYPE_S16`.
    pub const S16: Self = Self(7);
    /// `NL_ATTR_TYPE_S32`.
    pub const S32: Self = Self(8);
    /// `NL_ATTR_TYPE_S64`.
    pub const S64: Self = Self(9);
    /// `NL_ATTR_TYPE_BINARY`.
    pub const BINARY: Self = Self(10);
    /// `NL_ATTR_TYPE_STRING`.
    pub const STRING: Self = Self(11);
    /// `NL_ATTR_TYPE_NUL_STRING`.
    pub const NUL_STRING: Self = Self(12);
    /// `NL_ATTR_TYPE_NESTED`.
    pub const NESTED: Self = Self(13);
    /// `NL_ATTR_TYPE_NESTED_ARRAY`.
    pub const NESTED_ARRAY: Self = Self(14);
    /// `NL_ATTR_TYPE_BITFIELD32`.
    pub const BITFIELD32: Self = Self(15);
    /// `NL_ATTR_TYPE_SINT`.
    pub const SINT: Self = Self(16);
    /// `NL_ATTR_TYPE_UINT`.
    pub const UINT: Self = Self(17);

    /// The name without the `NL_ATTR_TYPE_` prefix, if known.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "INVALID",
            1 => "FLAG",
            2 => "U8",
            3 => "U16",
            4 => "U32",
            5 => "U64",
            6 => "S8",
            7 => "S16",
            8 => "S32",
            9 => "S64",
            10 => "BINARY",
            11 => "STRING",
            12 => "NUL_STRING",
            13 => "NESTED",
            14 => "NESTED_ARRAY",
            15 => "BITFIELD32",
            16 => "SINT",
            17 => "UINT",
            _ => return None,
        })
    }
}

impl fmt::Debug for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for PolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}({})", self.0),
            None => write!(f, "type {}", self.0),
        }
    }
}

/// A decoded attribute policy (`NLMSGERR_ATTR_POLICY`, or one entry of a
/// `CTRL_CMD_GETPOLICY` dump). Fields the kernel did not send are `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// The expected value type.
    pub kind: Option<PolicyType>,
    /// Smallest allowed signed value.
    pub min_value_s: Option<i64>,
    /// Largest allowed signed value.
    pub max_value_s: Option<i64>,
    /// Smallest allowed unsigned value.
    pub min_value_u: Option<u64>,
    /// Largest allowed unsigned value.
    pub max_value_u: Option<u64>,
    /// Smallest allowed length.
    pub min_length: Option<u32>,
    /// Largest allowed length.
    pub max_length: Option<u32>,
    /// Index of a nested policy.
    pub policy_idx: Option<u32>,
    /// Highest attribute type of a nested policy.
    pub policy_maxtype: Option<u32>,
    /// Valid bits of a bitfield32.
    pub bitfield32_mask: Option<u32>,
    /// Valid bits of an integer.
    pub mask: Option<u64>,
}

impl Policy {
    /// Decodes a policy from its attributes. Unknown fields are skipped; a known field of
    /// the wrong size is an error.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        use policy_attr as p;
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                p::TYPE => out.kind = Some(PolicyType(a.u32()?)),
                p::MIN_VALUE_S => out.min_value_s = Some(a.i64()?),
                p::MAX_VALUE_S => out.max_value_s = Some(a.i64()?),
                p::MIN_VALUE_U => out.min_value_u = Some(a.u64()?),
                p::MAX_VALUE_U => out.max_value_u = Some(a.u64()?),
                p::MIN_LENGTH => out.min_length = Some(a.u32()?),
                p::MAX_LENGTH => out.max_length = Some(a.u32()?),
                p::POLICY_IDX => out.policy_idx = Some(a.u32()?),
                p::POLICY_MAXTYPE => out.policy_maxtype = Some(a.u32()?),
                p::BITFIELD32_MASK => out.bitfield32_mask = Some(a.u32()?),
                p::MASK => out.mask = Some(a.u64()?),
                _ => {}
            }
        }
        Ok(out)
    }
}

impl fmt::Display for Policy {
    /// Like `{type STRING(11), max-len 15}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        let mut sep = "";
        let mut field = |f: &mut fmt::Formatter<'_>, args: fmt::Arguments<'_>| -> fmt::Result {
            f.write_str(sep)?;
            sep = ", ";
            f.write_fmt(args)
        };
        if let Some(t) = self.kind {
            field(f, format_args!("type {t}"))?;
        }
        if let Some(v) = self.min_value_s {
            field(f, format_args!("min {v}"))?;
        }
        if let Some(v) = self.max_value_s {
            field(f, format_args!("max {v}"))?;
        }
        if let Some(v) = self.min_value_u {
            field(f, format_args!("min {v}"))?;
        }
        if let Some(v) = self.max_value_u {
            field(f, format_args!("max {v}"))?;
        }
        if let Some(v) = self.min_length {
            field(f, format_args!("min-len {v}"))?;
        }
        if let Some(v) = self.max_length {
            field(f, format_args!("max-len {v}"))?;
        }
        if let Some(v) = self.policy_idx {
            field(f, format_args!("policy {v}"))?;
        }
        if let Some(v) = self.policy_maxtype {
            field(f, format_args!("maxtype {v}"))?;
        }
        if let Some(v) = self.bitfield32_mask {
            field(f, format_args!("bitfield32-mask {v:#x}"))?;
        }
        if let Some(v) = self.mask {
            field(f, format_args!("mask {v:#x}"))?;
        }
        f.write_str("}")
    }
}

/// The extended-ack TLVs of an `NLMSG_ERROR` or `NLMSG_DONE`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtAck<'a> {
    /// `NLMSGERR_ATTR_MSG`: the kernel's human-readable message.
    pub msg: Option<&'a str>,
    /// `NLMSGERR_ATTR_OFFS`: offset of the offending attribute in the request, counted from
    /// the request's `nlmsghdr`.
    pub offset: Option<u32>,
    /// `NLMSGERR_ATTR_COOKIE`: opaque bytes.
    pub cookie: Option<&'a [u8]>,
    /// `NLMSGERR_ATTR_POLICY`: the policy the attribute failed.
    pub policy: Option<Policy>,
    /// `NLMSGERR_ATTR_MISS_TYPE`: a required attribute that was missing.
    pub missing_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest it was missing from.
    pub missing_nest: Option<u32>,
}

impl<'a> ExtAck<'a> {
    /// Decodes extended-ack TLVs. A message that is not valid UTF-8 is kept out (use the
    /// attribute directly to read its bytes); other malformed TLVs are errors.
    pub fn parse(attrs: Attrs<'a>) -> Result<Self, DecodeError> {
        use nlmsgerr_attr as t;
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                t::MSG => out.msg = a.str_lenient().ok(),
                t::OFFS => out.offset = Some(a.u32()?),
                t::COOKIE => out.cookie = Some(a.payload()),
                t::POLICY => out.policy = Some(Policy::parse(a.nested())?),
                t::MISS_TYPE => out.missing_type = Some(a.u32()?),
                t::MISS_NEST => out.missing_nest = Some(a.u32()?),
                _ => {}
            }
        }
        Ok(out)
    }

    /// Whether no TLV was present.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// An `NLMSG_ERROR` message: an error, or an acknowledgement when [`Self::code`] is 0.
#[derive(Clone, Copy, Debug)]
pub struct ErrorMsg<'a> {
    code: i32,
    request: &'a NlMsgHdr,
    echoed: &'a [u8],
    capped: bool,
    ext: ExtAck<'a>,
    message: Message<'a>,
}

impl<'a> ErrorMsg<'a> {
    /// Decodes an `NLMSG_ERROR` message.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        if msg.message_type() != MessageType::ERROR {
            return Err(DecodeError::new(
                DecodeErrorKind::UnexpectedType {
                    expected: MessageType::ERROR.0,
                    got: msg.message_type().0,
                },
                msg.offset(),
            ));
        }
        let payload = msg.payload();
        let base = NlMsgHdr::LEN;
        let code = read_i32(payload, base)?;
        let echo_start = 4usize;
        let Some(hdr_bytes) = payload.get(echo_start..echo_start + NlMsgHdr::LEN) else {
            return Err(DecodeError::truncated(
                "nlmsgerr echoed header",
                NlMsgHdr::LEN,
                payload.len().saturating_sub(echo_start),
                base + echo_start,
            ));
        };
        let (request, _) = <NlMsgHdr as zerocopy::FromBytes>::ref_from_prefix(hdr_bytes)
            .map_err(|_| DecodeError::truncated("nlmsghdr", NlMsgHdr::LEN, 0, base + 4))?;
        let flags = msg.flags();
        let capped = flags.contains(Flags::CAPPED);
        // The echo is the header only when capped, else the whole original request
        // (`nlmsg_len` bytes of it, padded). Never trust the echoed length beyond the buffer.
        let echo_len = if capped {
            NlMsgHdr::LEN
        } else {
            let declared = usize::try_from(request.len()).unwrap_or(usize::MAX);
            if declared < NlMsgHdr::LEN {
                return Err(DecodeError::new(
                    DecodeErrorKind::Invalid {
                        what: "echoed request length (under 16)",
                    },
                    base + echo_start,
                ));
            }
            declared
        };
        let avail = payload.len().saturating_sub(echo_start);
        let echoed = payload
            .get(echo_start..echo_start.saturating_add(echo_len))
            .ok_or(DecodeError::truncated(
                "echoed request",
                echo_len,
                avail,
                base + echo_start,
            ))?;
        let tlv_start = echo_start.saturating_add(align_sat(echo_len));
        let ext = if flags.contains(Flags::ACK_TLVS) {
            let tlvs = payload.get(tlv_start..).unwrap_or(&[]);
            ExtAck::parse(Attrs::with_offset(tlvs, base.saturating_add(tlv_start)))?
        } else {
            ExtAck::default()
        };
        Ok(Self {
            code,
            request,
            echoed,
            capped,
            ext,
            message: *msg,
        })
    }

    /// The error code as sent: 0 for an ack, else a negative errno.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The positive errno, or `None` for an ack.
    pub fn errno(&self) -> Option<i32> {
        if self.code == 0 {
            None
        } else {
            Some(self.code.saturating_neg())
        }
    }

    /// Whether this is a success acknowledgement (code 0; it may still carry a warning in
    /// [`Self::ext_ack`]).
    pub fn is_ack(&self) -> bool {
        self.code == 0
    }

    /// The header of the request this answers.
    pub fn request_header(&self) -> &'a NlMsgHdr {
        self.request
    }

    /// The echoed request: just its header when capped, else the whole message.
    pub fn echoed_request(&self) -> &'a [u8] {
        self.echoed
    }

    /// Whether the echo was capped to the header (`NLM_F_CAPPED`).
    pub fn is_capped(&self) -> bool {
        self.capped
    }

    /// The extended-ack TLVs (empty when the kernel sent none).
    pub fn ext_ack(&self) -> &ExtAck<'a> {
        &self.ext
    }

    /// The message this was decoded from.
    pub fn message(&self) -> &Message<'a> {
        &self.message
    }
}

/// An `NLMSG_DONE` message: the end of a dump, with an error code (strict-dump filter
/// errors arrive here) and extended-ack TLVs (warnings, or that error's text).
#[derive(Clone, Copy, Debug)]
pub struct Done<'a> {
    code: i32,
    ext: ExtAck<'a>,
    message: Message<'a>,
}

impl<'a> Done<'a> {
    /// Decodes an `NLMSG_DONE` message. An empty payload (sent by some old families) reads
    /// as code 0.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        if msg.message_type() != MessageType::DONE {
            return Err(DecodeError::new(
                DecodeErrorKind::UnexpectedType {
                    expected: MessageType::DONE.0,
                    got: msg.message_type().0,
                },
                msg.offset(),
            ));
        }
        let payload = msg.payload();
        let code = if payload.is_empty() {
            0
        } else {
            read_i32(payload, NlMsgHdr::LEN)?
        };
        let ext = if msg.flags().contains(Flags::ACK_TLVS) {
            let tlvs = payload.get(4..).unwrap_or(&[]);
            ExtAck::parse(Attrs::with_offset(tlvs, NlMsgHdr::LEN + 4))?
        } else {
            ExtAck::default()
        };
        Ok(Self {
            code,
            ext,
            message: *msg,
        })
    }

    /// The code: 0, or a negative errno when the dump failed.
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The positive errno if the dump failed.
    pub fn errno(&self) -> Option<i32> {
        if self.code == 0 {
            None
        } else {
            Some(self.code.saturating_neg())
        }
    }

    /// The extended-ack TLVs.
    pub fn ext_ack(&self) -> &ExtAck<'a> {
        &self.ext
    }

    /// Whether the dump this ends was flagged `NLM_F_DUMP_INTR` on the DONE itself.
    pub fn is_interrupted(&self) -> bool {
        self.message.flags().contains(Flags::DUMP_INTR)
    }

    /// The message this was decoded from.
    pub fn message(&self) -> &Message<'a> {
        &self.message
    }
}

fn read_i32(payload: &[u8], offset: usize) -> Result<i32, DecodeError> {
    payload
        .get(..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(i32::from_ne_bytes)
        .ok_or(DecodeError::truncated(
            "error code",
            4,
            payload.len(),
            offset,
        ))
}

/// Most nesting levels an [`AttrPath`] records.
pub const MAX_ATTR_DEPTH: usize = 16;

/// Where an offset falls in a request: the chain of attribute types leading to it.
///
/// Displayed like `IFLA_LINKINFO > IFLA_INFO_DATA > 3` when given a namer, or `18 > 2 > 3`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttrPath {
    kinds: heapless::Vec<u16, MAX_ATTR_DEPTH>,
    /// Offsets of each attribute in `kinds`, from the request's `nlmsghdr`.
    offsets: heapless::Vec<u32, MAX_ATTR_DEPTH>,
    /// Where the offset points.
    pub target: PathTarget,
    /// Whether the path is longer than [`MAX_ATTR_DEPTH`] and was cut.
    pub truncated: bool,
}

/// What the offset designates at the end of an [`AttrPath`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PathTarget {
    /// The start (header) of the last attribute of the path.
    #[default]
    Attribute,
    /// A byte inside the last attribute's payload (not at a child attribute).
    Payload {
        /// Bytes into the payload.
        at: u32,
    },
    /// The netlink header (the path is empty).
    NetlinkHeader {
        /// Bytes into the header.
        at: u32,
    },
    /// The family header after the netlink header (the path is empty).
    FamilyHeader {
        /// Bytes into the family header.
        at: u32,
    },
    /// Past the end of the request.
    OutOfRange,
}

impl AttrPath {
    /// The attribute types from outermost to innermost.
    pub fn kinds(&self) -> &[u16] {
        &self.kinds
    }

    /// The offsets of the attributes of [`Self::kinds`], from the request's `nlmsghdr`.
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// Whether no attribute was found (the offset is in a header, or out of range).
    pub fn is_empty(&self) -> bool {
        self.kinds.is_empty()
    }

    /// A `Display` adapter that names each level with `namer(depth, parents, kind)`,
    /// which returns `None` to fall back to the number.
    pub fn display_with<'p, F>(&'p self, namer: F) -> AttrPathDisplay<'p, F>
    where
        F: Fn(&[u16], u16) -> Option<&'static str>,
    {
        AttrPathDisplay { path: self, namer }
    }

    fn push(&mut self, kind: u16, offset: usize) {
        let off = u32::try_from(offset).unwrap_or(u32::MAX);
        if self.kinds.push(kind).is_err() || self.offsets.push(off).is_err() {
            self.truncated = true;
        }
    }
}

/// `Display` for an [`AttrPath`] with attribute names; see [`AttrPath::display_with`].
pub struct AttrPathDisplay<'p, F> {
    path: &'p AttrPath,
    namer: F,
}

impl<F> fmt::Display for AttrPathDisplay<'_, F>
where
    F: Fn(&[u16], u16) -> Option<&'static str>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = self.path.kinds();
        match self.path.target {
            PathTarget::NetlinkHeader { at } => return write!(f, "nlmsghdr+{at}"),
            PathTarget::FamilyHeader { at } => return write!(f, "family header+{at}"),
            PathTarget::OutOfRange => return f.write_str("(offset out of range)"),
            _ => {}
        }
        for (i, &k) in kinds.iter().enumerate() {
            if i > 0 {
                f.write_str(" > ")?;
            }
            match (self.namer)(&kinds[..i], k) {
                Some(n) => f.write_str(n)?,
                None => write!(f, "{k}")?,
            }
        }
        if self.path.truncated {
            f.write_str(" > …")?;
        }
        if let PathTarget::Payload { at } = self.path.target {
            write!(f, " (+{at})")?;
        }
        Ok(())
    }
}

impl fmt::Display for AttrPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.display_with(|_, _| None), f)
    }
}

/// Maps an extended-ack offset (counted from the request's `nlmsghdr`, as in
/// `NLMSGERR_ATTR_OFFS` and `NLMSGERR_ATTR_MISS_NEST`) back to the attribute it names.
///
/// `request` is the request as sent (or as echoed, uncapped); `family_header_len` is the
/// size of its fixed header (16 for `ifinfomsg`, 4 for `genlmsghdr`, …). The walk descends
/// into an attribute when the offset lies inside its payload and the payload frames as an
/// attribute sequence (whether or not `NLA_F_NESTED` is set, since older rtnetlink nests
/// do not set it), so `IFLA_LINKINFO > IFLA_INFO_DATA > 3` comes out as `[18, 2, 3]`.
/// Nests whose payload starts with a fixed header need [`attr_path_with`].
pub fn attr_path(request: &[u8], family_header_len: usize, offset: u32) -> AttrPath {
    attr_path_with(request, family_header_len, offset, |_| 0)
}

/// [`attr_path`] for protocols with nests that begin with a fixed header: `nest_header`
/// is given the path of types down to a nested attribute (outermost first) and returns
/// how many payload bytes precede that nest's attributes — for example 16 for the
/// `ifinfomsg` inside veth's `IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER`
/// (see [`crate::rtnl::link::nest_header`]).
pub fn attr_path_with<F>(
    request: &[u8],
    family_header_len: usize,
    offset: u32,
    nest_header: F,
) -> AttrPath
where
    F: Fn(&[u16]) -> usize,
{
    let mut path = AttrPath::default();
    let off = usize::try_from(offset).unwrap_or(usize::MAX);
    let msg_len = Message::parse(request)
        .map(|m| m.bytes().len())
        .unwrap_or(request.len());
    let request = request.get(..msg_len).unwrap_or(request);
    if off >= request.len() {
        path.target = PathTarget::OutOfRange;
        return path;
    }
    if off < NlMsgHdr::LEN {
        path.target = PathTarget::NetlinkHeader { at: offset };
        return path;
    }
    let attrs_start = NlMsgHdr::LEN.saturating_add(align_sat(family_header_len));
    if off < attrs_start {
        path.target = PathTarget::FamilyHeader {
            at: offset.saturating_sub(16),
        };
        return path;
    }
    let mut level = Attrs::with_offset(request.get(attrs_start..).unwrap_or(&[]), attrs_start);
    loop {
        let Some(a) = find_containing(level.clone(), off) else {
            path.target = if path.is_empty() {
                PathTarget::OutOfRange
            } else {
                payload_target(path.offsets.last().copied(), off)
            };
            return path;
        };
        path.push(a.kind(), a.offset());
        if a.offset() == off {
            path.target = PathTarget::Attribute;
            return path;
        }
        let skip = align_sat(nest_header(path.kinds()));
        let inner_start = a.payload_offset().saturating_add(skip);
        let nested = Attrs::with_offset(a.payload().get(skip..).unwrap_or(&[]), inner_start);
        let frames = !nested.bytes().is_empty() && nested.clone().validate().is_ok();
        if off >= inner_start && frames && !path.truncated {
            level = nested;
        } else {
            path.target = PathTarget::Payload {
                at: u32::try_from(off.saturating_sub(a.payload_offset())).unwrap_or(u32::MAX),
            };
            return path;
        }
    }
}

fn payload_target(last: Option<u32>, off: usize) -> PathTarget {
    let start = last
        .and_then(|o| usize::try_from(o).ok())
        .map_or(off, |o| o.saturating_add(4));
    PathTarget::Payload {
        at: u32::try_from(off.saturating_sub(start)).unwrap_or(u32::MAX),
    }
}

/// The attribute of `attrs` whose bytes (header, payload) contain `off`.
fn find_containing<'a>(attrs: Attrs<'a>, off: usize) -> Option<Attr<'a>> {
    for a in attrs {
        let a = a.ok()?;
        let end = a.offset().saturating_add(a.len());
        if a.offset() <= off && off < end {
            return Some(a);
        }
    }
    None
}
