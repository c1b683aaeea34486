//! Attribute policies (the kernel's `struct nla_policy`), their validation with the
//! kernel's error numbers and extended-ack texts, and the extended-ack state of a request.

use std::borrow::Cow;
use std::sync::Arc;

use nlwire_codec::ack::{nlmsgerr_attr, policy_attr};
use nlwire_codec::{Attr, Attrs, Buffer, Builder, EncodeError, NLA_F_NESTED};

use crate::errno::Errno;
use crate::texts;

/// What kind of value an attribute holds (the kernel's `NLA_*` policy types).
#[derive(Clone, Debug)]
pub enum PolicyKind {
    /// `NLA_UNSPEC`: anything (rejected by strict validation); `len` is a minimum length.
    Unspec,
    /// `NLA_FLAG`: empty payload.
    Flag,
    /// `NLA_U8`.
    U8,
    /// `NLA_U16`.
    U16,
    /// `NLA_U32`.
    U32,
    /// `NLA_U64`.
    U64,
    /// `NLA_S8`.
    S8,
    /// `NLA_S16`.
    S16,
    /// `NLA_S32`.
    S32,
    /// `NLA_S64`.
    S64,
    /// `NLA_UINT`: 4 or 8 bytes.
    Uint,
    /// `NLA_SINT`: 4 or 8 bytes.
    Sint,
    /// `NLA_STRING`: at most `len` bytes (a trailing NUL does not count).
    String,
    /// `NLA_NUL_STRING`: NUL-terminated within `len + 1` bytes.
    NulString,
    /// `NLA_BINARY`: at most `len` bytes.
    Binary,
    /// `NLA_NESTED`, validated against the inner policy if there is one.
    Nested(Option<Arc<[AttrPolicy]>>),
    /// `NLA_NESTED_ARRAY`.
    NestedArray,
    /// `NLA_BITFIELD32` with the mask of valid bits.
    Bitfield32(u32),
    /// `NLA_REJECT`: never allowed, with an optional message.
    Reject(Option<&'static str>),
}

/// A value range for integer attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Range {
    /// Unsigned bounds, inclusive.
    Unsigned(u64, u64),
    /// Signed bounds, inclusive.
    Signed(i64, i64),
}

/// The policy of one attribute type.
#[derive(Clone, Debug)]
pub struct AttrPolicy {
    /// The value kind.
    pub kind: PolicyKind,
    /// Maximum length for strings and binaries, minimum length for `Unspec`; 0 = none.
    pub len: u16,
    /// Allowed integer range, if restricted.
    pub range: Option<Range>,
}

impl AttrPolicy {
    /// A policy of `kind` without length or range.
    pub const fn new(kind: PolicyKind) -> Self {
        Self {
            kind,
            len: 0,
            range: None,
        }
    }
    /// `NLA_UNSPEC`: the slot is unused (type 0, or gaps).
    pub const fn unspec() -> Self {
        Self::new(PolicyKind::Unspec)
    }
    /// `NLA_FLAG`.
    pub const fn flag() -> Self {
        Self::new(PolicyKind::Flag)
    }
    /// `NLA_U8`.
    pub const fn u8() -> Self {
        Self::new(PolicyKind::U8)
    }
    /// `NLA_U16`.
    pub const fn u16() -> Self {
        Self::new(PolicyKind::U16)
    }
    /// `NLA_U32`.
    pub const fn u32() -> Self {
        Self::new(PolicyKind::U32)
    }
    /// `NLA_U64`.
    pub const fn u64() -> Self {
        Self::new(PolicyKind::U64)
    }
    /// `NLA_S32`.
    pub const fn s32() -> Self {
        Self::new(PolicyKind::S32)
    }
    /// `NLA_STRING` of at most `max` bytes.
    pub const fn string(max: u16) -> Self {
        Self {
            kind: PolicyKind::String,
            len: max,
            range: None,
        }
    }
    /// `NLA_NUL_STRING` of at most `max` bytes before the NUL.
    pub const fn nul_string(max: u16) -> Self {
        Self {
            kind: PolicyKind::NulString,
            len: max,
            range: None,
        }
    }
    /// `NLA_BINARY` of at most `max` bytes (0: any).
    pub const fn binary(max: u16) -> Self {
        Self {
            kind: PolicyKind::Binary,
            len: max,
            range: None,
        }
    }
    /// `NLA_NESTED` validated against `inner` (indexed by attribute type).
    pub fn nested(inner: Vec<AttrPolicy>) -> Self {
        Self::new(PolicyKind::Nested(Some(inner.into())))
    }
    /// `NLA_NESTED` without an inner policy.
    pub const fn nested_any() -> Self {
        Self::new(PolicyKind::Nested(None))
    }
    /// The same policy restricted to `min..=max` (unsigned).
    #[must_use]
    pub const fn range(mut self, min: u64, max: u64) -> Self {
        self.range = Some(Range::Unsigned(min, max));
        self
    }
    /// The same policy restricted to `min..=max` (signed).
    #[must_use]
    pub const fn range_signed(mut self, min: i64, max: i64) -> Self {
        self.range = Some(Range::Signed(min, max));
        self
    }

    fn fixed_len(&self) -> Option<usize> {
        match self.kind {
            PolicyKind::U8 | PolicyKind::S8 => Some(1),
            PolicyKind::U16 | PolicyKind::S16 => Some(2),
            PolicyKind::U32 | PolicyKind::S32 => Some(4),
            PolicyKind::U64 | PolicyKind::S64 => Some(8),
            _ => None,
        }
    }

    /// The `NL_POLICY_TYPE_ATTR_*` description the kernel puts in
    /// `NLMSGERR_ATTR_POLICY` (and in policy dumps), in its order.
    pub(crate) fn describe(&self) -> Vec<(u16, PolVal)> {
        use policy_attr as p;
        let mut out = Vec::new();
        let ty = |t: u32| (p::TYPE, PolVal::U32(t));
        let unsigned = |out: &mut Vec<(u16, PolVal)>, max: u64, t: u32| {
            let (lo, hi) = match self.range {
                Some(Range::Unsigned(a, b)) => (a, b),
                Some(Range::Signed(a, b)) => (a.max(0) as u64, b.max(0) as u64),
                None => (0, max),
            };
            out.push((p::MIN_VALUE_U, PolVal::U64(lo)));
            out.push((p::MAX_VALUE_U, PolVal::U64(hi)));
            out.push(ty(t));
        };
        let signed = |out: &mut Vec<(u16, PolVal)>, min: i64, max: i64, t: u32| {
            let (lo, hi) = match self.range {
                Some(Range::Signed(a, b)) => (a, b),
                Some(Range::Unsigned(a, b)) => (
                    i64::try_from(a).unwrap_or(i64::MAX),
                    i64::try_from(b).unwrap_or(i64::MAX),
                ),
                None => (min, max),
            };
            out.push((p::MIN_VALUE_S, PolVal::S64(lo)));
            out.push((p::MAX_VALUE_S, PolVal::S64(hi)));
            out.push(ty(t));
        };
        match &self.kind {
            PolicyKind::Unspec | PolicyKind::Reject(_) => {}
            PolicyKind::Flag => out.push(ty(1)),
            PolicyKind::U8 => unsigned(&mut out, u64::from(u8::MAX), 2),
            PolicyKind::U16 => unsigned(&mut out, u64::from(u16::MAX), 3),
            PolicyKind::U32 => unsigned(&mut out, u64::from(u32::MAX), 4),
            PolicyKind::U64 => unsigned(&mut out, u64::MAX, 5),
            PolicyKind::Uint => unsigned(&mut out, u64::MAX, 17),
            PolicyKind::S8 => signed(&mut out, i64::from(i8::MIN), i64::from(i8::MAX), 6),
            PolicyKind::S16 => signed(&mut out, i64::from(i16::MIN), i64::from(i16::MAX), 7),
            PolicyKind::S32 => signed(&mut out, i64::from(i32::MIN), i64::from(i32::MAX), 8),
            PolicyKind::S64 => signed(&mut out, i64::MIN, i64::MAX, 9),
            PolicyKind::Sint => signed(&mut out, i64::MIN, i64::MAX, 16),
            PolicyKind::String | PolicyKind::NulString | PolicyKind::Binary => {
                if self.len != 0 {
                    out.push((p::MAX_LENGTH, PolVal::U32(u32::from(self.len))));
                }
                out.push(ty(match self.kind {
                    PolicyKind::String => 11,
                    PolicyKind::NulString => 12,
                    _ => 10,
                }));
            }
            PolicyKind::Nested(_) => out.push(ty(13)),
            PolicyKind::NestedArray => out.push(ty(14)),
            PolicyKind::Bitfield32(mask) => {
                out.push((p::BITFIELD32_MASK, PolVal::U32(*mask)));
                out.push(ty(15));
            }
        }
        out
    }
}

/// One value in a policy description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PolVal {
    U32(u32),
    U64(u64),
    S64(i64),
}

/// The extended ack being collected for one request (the kernel's `netlink_ext_ack`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ext {
    pub msg: Option<Cow<'static, str>>,
    pub offs: Option<u32>,
    pub policy: Option<Vec<(u16, PolVal)>>,
    pub miss_type: Option<u32>,
    pub miss_nest: Option<u32>,
    pub cookie: Option<Vec<u8>>,
}

impl Ext {
    /// `NL_SET_ERR_MSG`.
    pub(crate) fn msg(&mut self, m: &'static str) {
        self.msg = Some(Cow::Borrowed(m));
    }

    /// `NL_SET_ERR_MSG_ATTR`.
    pub(crate) fn msg_attr(&mut self, m: &'static str, a: &Attr<'_>) {
        self.msg(m);
        self.offs = u32::try_from(a.offset()).ok();
    }

    /// `NL_SET_ERR_MSG_ATTR_POL`.
    fn msg_attr_pol(&mut self, m: &'static str, a: &Attr<'_>, p: &AttrPolicy) {
        self.msg_attr(m, a);
        let d = p.describe();
        self.policy = if d.is_empty() { None } else { Some(d) };
    }

    /// Whether any TLV would be sent for an error (`err`) or a success.
    pub(crate) fn has_tlvs(&self, err: bool) -> bool {
        self.msg.is_some()
            || self.cookie.is_some()
            || (err
                && (self.offs.is_some()
                    || self.policy.is_some()
                    || self.miss_type.is_some()
                    || self.miss_nest.is_some()))
    }

    /// Writes the TLVs in the kernel's order: MSG, COOKIE, then for errors OFFS, POLICY,
    /// MISS_TYPE, MISS_NEST.
    pub(crate) fn write<B: Buffer + ?Sized>(
        &self,
        b: &mut Builder<'_, B>,
        err: bool,
    ) -> Result<(), EncodeError> {
        if let Some(m) = &self.msg {
            b.put_str(nlmsgerr_attr::MSG, m)?;
        }
        if let Some(c) = &self.cookie {
            b.put(nlmsgerr_attr::COOKIE, c)?;
        }
        if !err {
            return Ok(());
        }
        if let Some(o) = self.offs {
            b.put_u32(nlmsgerr_attr::OFFS, o)?;
        }
        if let Some(p) = &self.policy {
            b.nest(nlmsgerr_attr::POLICY, |b| write_policy(b, p))?;
        }
        if let Some(t) = self.miss_type {
            b.put_u32(nlmsgerr_attr::MISS_TYPE, t)?;
        }
        if let Some(n) = self.miss_nest {
            b.put_u32(nlmsgerr_attr::MISS_NEST, n)?;
        }
        Ok(())
    }
}

/// Writes a policy description's attributes.
pub(crate) fn write_policy<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    p: &[(u16, PolVal)],
) -> Result<(), EncodeError> {
    for &(t, v) in p {
        match v {
            PolVal::U32(x) => b.put_u32(t, x)?,
            PolVal::U64(x) => b.put_u64(t, x)?,
            PolVal::S64(x) => b.put_i64(t, x)?,
        }
    }
    Ok(())
}

/// How strictly attributes are validated (the kernel's `NL_VALIDATE_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// `nlmsg_parse_deprecated`: unknown types ignored, wrong fixed lengths only too short
    /// fails, trailing bytes a warning. rtnetlink's requests.
    Liberal,
    /// `nlmsg_parse_deprecated_strict` (`NL_VALIDATE_TRAILING | NL_VALIDATE_MAXTYPE`):
    /// strict dump requests of rtnetlink.
    DeprecatedStrict,
    /// `NL_VALIDATE_STRICT`: everything checked. Generic netlink families.
    Strict,
}

impl Strictness {
    fn maxtype(self) -> bool {
        self != Strictness::Liberal
    }
    fn trailing(self) -> bool {
        self != Strictness::Liberal
    }
}

/// Validates `attrs` against `policy` (indexed by type; `policy.len() - 1` is the
/// maximum type) and returns the attributes indexed by type (the last of a repeated
/// type wins). On failure sets the ext-ack like the kernel's `validate_nla`.
pub(crate) fn parse<'a>(
    attrs: Attrs<'a>,
    policy: &[AttrPolicy],
    how: Strictness,
    ext: &mut Ext,
) -> Result<Vec<Option<Attr<'a>>>, Errno> {
    let mut tb = vec![None; policy.len().max(1)];
    validate_into(attrs, policy, how, ext, Some(&mut tb), 0)?;
    Ok(tb)
}

/// Validates without indexing.
pub(crate) fn validate(
    attrs: Attrs<'_>,
    policy: &[AttrPolicy],
    how: Strictness,
    ext: &mut Ext,
) -> Result<(), Errno> {
    validate_into(attrs, policy, how, ext, None, 0)
}

fn validate_into<'a>(
    attrs: Attrs<'a>,
    policy: &[AttrPolicy],
    how: Strictness,
    ext: &mut Ext,
    mut tb: Option<&mut Vec<Option<Attr<'a>>>>,
    depth: usize,
) -> Result<(), Errno> {
    let maxtype = policy.len().saturating_sub(1);
    for a in attrs {
        let Ok(a) = a else {
            // Framing broke: the kernel's loop ends with bytes left over.
            if ext.msg.is_none() {
                ext.msg(texts::LEFTOVER);
            }
            if how.trailing() {
                return Err(Errno::EINVAL);
            }
            return Ok(());
        };
        let t = usize::from(a.kind());
        if t == 0 || t > maxtype {
            if how.maxtype() {
                ext.msg_attr(texts::UNKNOWN_ATTR, &a);
                return Err(Errno::EINVAL);
            }
            continue;
        }
        validate_one(&a, &policy[t], how, ext, depth)?;
        if let Some(tb) = tb.as_deref_mut() {
            if let Some(slot) = tb.get_mut(t) {
                *slot = Some(a);
            }
        }
    }
    Ok(())
}

fn validate_one(
    a: &Attr<'_>,
    p: &AttrPolicy,
    how: Strictness,
    ext: &mut Ext,
    depth: usize,
) -> Result<(), Errno> {
    let strict = how == Strictness::Strict;
    let len = a.payload().len();
    if let Some(fixed) = p.fixed_len() {
        if len != fixed && strict {
            ext.msg_attr_pol(texts::ATTR_LEN, a, p);
            return Err(Errno::EINVAL);
        }
    }
    if strict {
        let nest_kind = matches!(p.kind, PolicyKind::Nested(_) | PolicyKind::NestedArray);
        if nest_kind && a.raw_kind() & NLA_F_NESTED == 0 {
            ext.msg_attr_pol(texts::NESTED_MISSING, a, p);
            return Err(Errno::EINVAL);
        }
        if !nest_kind && !matches!(p.kind, PolicyKind::Unspec) && a.is_nested() {
            ext.msg_attr_pol(texts::NESTED_NOT_EXPECTED, a, p);
            return Err(Errno::EINVAL);
        }
    }
    let fail = |ext: &mut Ext, e: Errno| {
        ext.msg_attr_pol(texts::POLICY, a, p);
        Err(e)
    };
    let payload = a.payload();
    match &p.kind {
        PolicyKind::Reject(m) => {
            if let Some(m) = m {
                ext.msg_attr(m, a);
                return Err(Errno::EINVAL);
            }
            return fail(ext, Errno::EINVAL);
        }
        PolicyKind::Unspec => {
            if strict {
                ext.msg_attr(texts::UNSUPPORTED_ATTR, a);
                return Err(Errno::EINVAL);
            }
            if len < usize::from(p.len) {
                return fail(ext, Errno::ERANGE);
            }
        }
        PolicyKind::Flag => {
            if len > 0 {
                return fail(ext, Errno::ERANGE);
            }
        }
        PolicyKind::Uint | PolicyKind::Sint => {
            if len != 4 && len != 8 {
                ext.msg_attr_pol(texts::ATTR_LEN, a, p);
                return Err(Errno::EINVAL);
            }
        }
        PolicyKind::Bitfield32(mask) => {
            if len != 8 {
                return fail(ext, Errno::ERANGE);
            }
            let v = u32::from_ne_bytes([payload[0], payload[1], payload[2], payload[3]]);
            let sel = u32::from_ne_bytes([payload[4], payload[5], payload[6], payload[7]]);
            if v & !mask != 0 || sel & !mask != 0 || v & !sel != 0 {
                return fail(ext, Errno::EINVAL);
            }
        }
        PolicyKind::NulString | PolicyKind::String => {
            if matches!(p.kind, PolicyKind::NulString) {
                let minlen = if p.len != 0 {
                    len.min(usize::from(p.len) + 1)
                } else {
                    len
                };
                if minlen == 0 || !payload[..minlen].contains(&0) {
                    return fail(ext, Errno::EINVAL);
                }
            }
            if len < 1 {
                return fail(ext, Errno::ERANGE);
            }
            if p.len != 0 {
                let mut l = len;
                if payload[l - 1] == 0 {
                    l -= 1;
                }
                if l > usize::from(p.len) {
                    return fail(ext, Errno::ERANGE);
                }
            }
        }
        PolicyKind::Binary => {
            if p.len != 0 && len > usize::from(p.len) {
                return fail(ext, Errno::ERANGE);
            }
        }
        PolicyKind::Nested(inner) => {
            if len == 0 {
                return Ok(());
            }
            if len < 4 {
                return fail(ext, Errno::ERANGE);
            }
            if let Some(inner) = inner {
                if depth < 16 {
                    validate_into(a.nested(), inner, how, ext, None, depth + 1)?;
                }
            }
        }
        PolicyKind::NestedArray => {
            if len != 0 && len < 4 {
                return fail(ext, Errno::ERANGE);
            }
        }
        _ => {
            // Fixed-size integers: too short fails (liberal mode lets longer ones through).
            let need = p.fixed_len().unwrap_or(0);
            if len < need {
                return fail(ext, Errno::ERANGE);
            }
        }
    }
    // Range checks.
    if let Some(r) = p.range {
        let v: Option<i128> = match p.kind {
            PolicyKind::U8 => a.u8().ok().map(i128::from),
            PolicyKind::U16 => a.u16().ok().map(i128::from),
            PolicyKind::U32 => a.u32().ok().map(i128::from),
            PolicyKind::U64 => a.u64().ok().map(i128::from),
            PolicyKind::S8 => a.i8().ok().map(i128::from),
            PolicyKind::S16 => a.i16().ok().map(i128::from),
            PolicyKind::S32 => a.i32().ok().map(i128::from),
            PolicyKind::S64 => a.i64().ok().map(i128::from),
            PolicyKind::Uint => a.uint().ok().map(i128::from),
            PolicyKind::Sint => a.sint().ok().map(i128::from),
            PolicyKind::String | PolicyKind::NulString | PolicyKind::Binary => None,
            _ => None,
        };
        if let Some(v) = v {
            let ok = match r {
                Range::Unsigned(lo, hi) => v >= i128::from(lo) && v <= i128::from(hi),
                Range::Signed(lo, hi) => v >= i128::from(lo) && v <= i128::from(hi),
            };
            if !ok {
                ext.msg_attr_pol(texts::INT_RANGE, a, p);
                return Err(Errno::ERANGE);
            }
        }
    }
    Ok(())
}

/// A policy table from `(type, policy)` pairs; gaps are `Unspec`.
pub(crate) fn table(max: u16, entries: &[(u16, AttrPolicy)]) -> Vec<AttrPolicy> {
    let mut v = vec![AttrPolicy::unspec(); usize::from(max) + 1];
    for (t, p) in entries {
        if let Some(slot) = v.get_mut(usize::from(*t)) {
            *slot = p.clone();
        }
    }
    v
}
