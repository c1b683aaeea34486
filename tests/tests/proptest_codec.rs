//! Property tests of `nlwire-codec` (DESIGN.md, "Testing"):
//!
//! - (a) attribute trees written with `Builder` (over `SliceBuf` and `heapless::Vec`) read
//!   back equal through `Attrs`/`nested()`, and re-emit byte for byte;
//! - (b) arbitrary bytes never panic any parser: `Messages`, `Attrs` and every typed getter
//!   (recursively, with a depth limit), `AttrTable`, `index_attrs`, `ErrorMsg`, `Done`,
//!   `ExtAck`, `Policy`, `attr_path` at any offset, `Exchange::classify`;
//! - (c) every prefix of a valid multi-message buffer yields exactly the complete messages,
//!   then at most one error, and ends; every single-byte corruption ends without panic;
//! - (d) the builder: `BufferFull` leaves the buffer unchanged, attributes over 65,535 bytes
//!   give `AttrTooLong`, failing nests roll back exactly, padding is zero;
//! - (e) a batch of messages in one buffer iterates back in order;
//! - (f) `attr_path` maps the offset of any node of a generated tree back to its path.
//!
//! The generators live in [`gens`], the independent reference encoder in [`reference`].
//! Everything here runs in a few seconds in a debug build; the case counts are set per
//! property with [`cfg`].

use nlwire_codec::ack::{MAX_ATTR_DEPTH, nlmsgerr_attr};
use nlwire_codec::{
    Attr, AttrTable, Attrs, Buffer, Builder, Completion, DecodeError, Done, EncodeError, ErrorMsg,
    Exchange, ExtAck, Flags, Message, MessageType, Messages, NLA_F_NESTED, NLA_TYPE_MASK,
    PathTarget, Policy, Protocol, Rejected, Reply, SliceBuf, align, attr_path, index_attrs,
};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// A proptest configuration with `cases` cases and no regression files (this crate's
/// sources are not the place for them; a failure prints its minimal input).
fn cfg(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Shared proptest generators: attribute trees and messages.
pub mod gens {
    use nlwire_codec::{Flags, MessageType, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK};
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::string::string_regex;

    /// The value of a leaf attribute.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Value {
        /// `put_u8` / `u8()`.
        U8(u8),
        /// `put_u16` / `u16()`.
        U16(u16),
        /// `put_u32` / `u32()`.
        U32(u32),
        /// `put_u64` / `u64()`.
        U64(u64),
        /// `put_str` / `str()` (no interior NUL).
        Str(String),
        /// `put` / `payload()`.
        Bytes(Vec<u8>),
        /// `put_flag` / `flag()`.
        Flag,
    }

    impl Value {
        /// The payload bytes as the kernel would lay them out.
        pub fn payload(&self) -> Vec<u8> {
            match self {
                Value::U8(v) => vec![*v],
                Value::U16(v) => v.to_ne_bytes().to_vec(),
                Value::U32(v) => v.to_ne_bytes().to_vec(),
                Value::U64(v) => v.to_ne_bytes().to_vec(),
                Value::Str(s) => {
                    let mut p = s.as_bytes().to_vec();
                    p.push(0);
                    p
                }
                Value::Bytes(b) => b.clone(),
                Value::Flag => Vec::new(),
            }
        }
    }

    /// One attribute of a tree.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Node {
        /// A leaf; `kind` is written verbatim (it may carry `NLA_F_NET_BYTEORDER`).
        Leaf {
            /// `nla_type` as written.
            kind: u16,
            /// The payload.
            value: Value,
        },
        /// A nest; `kind` has no flag bits. `flagged` nests are written with
        /// `Builder::nest` (which sets `NLA_F_NESTED`), the others with `nest_noflag`.
        Nest {
            /// The type, flags masked off.
            kind: u16,
            /// Whether `NLA_F_NESTED` is set.
            flagged: bool,
            /// The children.
            children: Vec<Node>,
        },
    }

    impl Node {
        /// `nla_type` as it appears on the wire.
        pub fn raw_kind(&self) -> u16 {
            match self {
                Node::Leaf { kind, .. } => *kind,
                Node::Nest { kind, flagged, .. } => {
                    if *flagged {
                        kind | NLA_F_NESTED
                    } else {
                        *kind
                    }
                }
            }
        }

        /// The type without flag bits.
        pub fn kind(&self) -> u16 {
            self.raw_kind() & NLA_TYPE_MASK
        }

        /// Nesting depth: 1 for a leaf or an empty nest.
        pub fn depth(&self) -> usize {
            match self {
                Node::Leaf { .. } => 1,
                Node::Nest { children, .. } => {
                    1 + children.iter().map(Node::depth).max().unwrap_or(0)
                }
            }
        }
    }

    /// A message: header fields, a family header and an attribute tree.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Msg {
        /// `nlmsg_type`.
        pub kind: MessageType,
        /// `nlmsg_flags`.
        pub flags: Flags,
        /// `nlmsg_seq`.
        pub seq: u32,
        /// `nlmsg_pid`.
        pub pid: u32,
        /// The family header (padded to 4 on the wire).
        pub family: Vec<u8>,
        /// The attributes after it.
        pub attrs: Vec<Node>,
    }

    /// An attribute type without flag bits, biased to small values.
    pub fn arb_kind() -> impl Strategy<Value = u16> {
        prop_oneof![3 => 0u16..32, 1 => 0u16..=NLA_TYPE_MASK]
    }

    /// A leaf value.
    pub fn arb_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<u8>().prop_map(Value::U8),
            any::<u16>().prop_map(Value::U16),
            any::<u32>().prop_map(Value::U32),
            any::<u64>().prop_map(Value::U64),
            string_regex("[^\\x00]{0,12}")
                .expect("regex")
                .prop_map(Value::Str),
            vec(any::<u8>(), 0..24).prop_map(Value::Bytes),
            Just(Value::Flag),
        ]
    }

    /// A leaf attribute, sometimes with `NLA_F_NET_BYTEORDER`.
    pub fn arb_leaf() -> impl Strategy<Value = Node> {
        (arb_kind(), prop::bool::weighted(0.15), arb_value()).prop_map(|(kind, be, value)| {
            Node::Leaf {
                kind: if be { kind | NLA_F_NET_BYTEORDER } else { kind },
                value,
            }
        })
    }

    /// One attribute, a leaf or a nest of up to `depth` levels.
    pub fn arb_node(depth: u32) -> BoxedStrategy<Node> {
        arb_leaf()
            .prop_recursive(depth, 48, 4, |inner| {
                (arb_kind(), prop::bool::weighted(0.8), vec(inner, 0..4)).prop_map(
                    |(kind, flagged, children)| Node::Nest {
                        kind,
                        flagged,
                        children,
                    },
                )
            })
            .boxed()
    }

    /// An attribute sequence whose trees nest up to `depth` levels; one case in three has
    /// a spine exactly `depth` levels deep (with random siblings at every level), so that
    /// deep trees are always exercised (use `depth >= 8`).
    pub fn arb_attr_tree(depth: u32) -> BoxedStrategy<Vec<Node>> {
        let levels = usize::try_from(depth).unwrap_or(usize::MAX);
        let spine = (
            vec(arb_node(2), 0..3),
            vec(
                (
                    arb_kind(),
                    prop::bool::weighted(0.8),
                    vec(arb_node(1), 0..2),
                    any::<prop::sample::Index>(),
                ),
                levels.saturating_sub(1)..levels.max(1),
            ),
            arb_leaf(),
        )
            .prop_map(|(mut top, levels, leaf)| {
                let mut node = leaf;
                for (kind, flagged, mut siblings, at) in levels {
                    let at = at.index(siblings.len() + 1);
                    siblings.insert(at, node);
                    node = Node::Nest {
                        kind,
                        flagged,
                        children: siblings,
                    };
                }
                top.push(node);
                top
            });
        prop_oneof![2 => vec(arb_node(depth), 0..6), 1 => spine].boxed()
    }

    /// Header flags, biased to the ones that matter.
    pub fn arb_flags() -> impl Strategy<Value = Flags> {
        prop_oneof![
            3 => prop::sample::select(vec![
                Flags::EMPTY,
                Flags::MULTI,
                Flags::REQUEST | Flags::ACK,
                Flags::REQUEST | Flags::DUMP,
                Flags::MULTI | Flags::DUMP_INTR,
                Flags::CAPPED,
                Flags::CAPPED | Flags::ACK_TLVS,
                Flags::ACK_TLVS,
            ]),
            1 => any::<u16>().prop_map(Flags),
        ]
    }

    /// A message type, biased to the control types and the first protocol types.
    pub fn arb_message_type() -> impl Strategy<Value = MessageType> {
        prop_oneof![
            1 => (1u16..=4).prop_map(MessageType),
            3 => (16u16..40).prop_map(MessageType),
            1 => any::<u16>().prop_map(MessageType),
        ]
    }

    /// A message: header fields, 0 to 20 bytes of family header, and a tree up to 8 deep.
    pub fn arb_message() -> BoxedStrategy<Msg> {
        (
            arb_message_type(),
            arb_flags(),
            any::<u32>(),
            any::<u32>(),
            vec(any::<u8>(), 0..21),
            arb_attr_tree(8),
        )
            .prop_map(|(kind, flags, seq, pid, family, attrs)| Msg {
                kind,
                flags,
                seq,
                pid,
                family,
                attrs,
            })
            .boxed()
    }
}

/// An encoder written from the kernel's rules, independent of the codec's `Builder`:
/// `nla_len` = 4 + payload, zero padding to 4, a nest's length covers its children with
/// their padding (`nla_nest_end`), `nlmsg_len` covers everything.
pub mod reference {
    use super::gens::{Msg, Node};

    fn pad(out: &mut Vec<u8>) {
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }

    /// Appends `nodes` to `out` (which must be 4-aligned).
    pub fn encode_nodes(nodes: &[Node], out: &mut Vec<u8>) {
        for n in nodes {
            let start = out.len();
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(&n.raw_kind().to_ne_bytes());
            match n {
                Node::Leaf { value, .. } => out.extend_from_slice(&value.payload()),
                Node::Nest { children, .. } => encode_nodes(children, out),
            }
            let len = u16::try_from(out.len() - start).expect("attribute under 64 KiB");
            out[start..start + 2].copy_from_slice(&len.to_ne_bytes());
            pad(out);
        }
    }

    /// Encodes `nodes` as a bare attribute sequence.
    pub fn encode_attrs(nodes: &[Node]) -> Vec<u8> {
        let mut out = Vec::new();
        encode_nodes(nodes, &mut out);
        out
    }

    /// Appends `m` to `out`, padding `out` to 4 first.
    pub fn encode_message_into(m: &Msg, out: &mut Vec<u8>) {
        pad(out);
        let start = out.len();
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&m.kind.0.to_ne_bytes());
        out.extend_from_slice(&m.flags.0.to_ne_bytes());
        out.extend_from_slice(&m.seq.to_ne_bytes());
        out.extend_from_slice(&m.pid.to_ne_bytes());
        out.extend_from_slice(&m.family);
        pad(out);
        encode_nodes(&m.attrs, out);
        let len = u32::try_from(out.len() - start).expect("message under 4 GiB");
        out[start..start + 4].copy_from_slice(&len.to_ne_bytes());
    }

    /// Encodes one message.
    pub fn encode_message(m: &Msg) -> Vec<u8> {
        let mut out = Vec::new();
        encode_message_into(m, &mut out);
        out
    }

    /// Every node of `nodes` (pre-order) with its offset and the path of types (flags
    /// masked) from the top level down to it; `base` is the offset of the sequence.
    pub fn layout<'n>(
        nodes: &'n [Node],
        base: usize,
        parents: &[u16],
        out: &mut Vec<(Vec<u16>, usize, &'n Node)>,
    ) {
        let mut off = base;
        for n in nodes {
            let mut path = parents.to_vec();
            path.push(n.kind());
            out.push((path.clone(), off, n));
            let start = off;
            let mut len = 4;
            match n {
                Node::Leaf { value, .. } => len += value.payload().len(),
                Node::Nest { children, .. } => {
                    layout(children, off + 4, &path, out);
                    let mut tmp = Vec::new();
                    encode_nodes(children, &mut tmp);
                    len += tmp.len();
                }
            }
            off = start + len.div_ceil(4) * 4;
        }
    }
}

use gens::{Msg, Node, Value};

// ---------------------------------------------------------------------------------------
// Writing and reading trees with the codec

/// Writes `nodes` with the codec's builder.
fn write_nodes<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    nodes: &[Node],
) -> Result<(), EncodeError> {
    for n in nodes {
        match n {
            Node::Leaf { kind, value } => match value {
                Value::U8(v) => b.put_u8(*kind, *v)?,
                Value::U16(v) => b.put_u16(*kind, *v)?,
                Value::U32(v) => b.put_u32(*kind, *v)?,
                Value::U64(v) => b.put_u64(*kind, *v)?,
                Value::Str(s) => b.put_str(*kind, s)?,
                Value::Bytes(p) => b.put(*kind, p)?,
                Value::Flag => b.put_flag(*kind)?,
            },
            Node::Nest {
                kind,
                flagged: true,
                children,
            } => b.nest(*kind, |b| write_nodes(b, children))?,
            Node::Nest {
                kind,
                flagged: false,
                children,
            } => b.nest_noflag(*kind, |b| write_nodes(b, children))?,
        }
    }
    Ok(())
}

/// Writes a whole message with the codec's builder; returns its length.
fn write_message<B: Buffer + ?Sized>(buf: &mut B, m: &Msg) -> Result<usize, EncodeError> {
    let mut b = Builder::message(buf, m.kind, m.flags, m.seq, m.pid)?;
    b.put_bytes(&m.family)?;
    write_nodes(&mut b, &m.attrs)?;
    Ok(b.finish())
}

/// Reads `attrs` back into a tree, using `shape` (the tree that was written) only to know
/// which getter to call for each attribute. Fails on any extra or missing attribute.
fn read_nodes(attrs: Attrs<'_>, shape: &[Node]) -> Result<Vec<Node>, TestCaseError> {
    let got: Vec<Attr<'_>> = attrs
        .collect::<Result<_, _>>()
        .map_err(|e| TestCaseError::fail(format!("framing: {e}")))?;
    prop_assert_eq!(got.len(), shape.len(), "attribute count");
    let mut out = Vec::new();
    for (a, s) in got.iter().zip(shape) {
        let e = |e: DecodeError| TestCaseError::fail(format!("getter: {e}"));
        let node = match s {
            Node::Leaf { value, .. } => {
                let v = match value {
                    Value::U8(_) => Value::U8(a.u8().map_err(e)?),
                    Value::U16(_) => Value::U16(a.u16().map_err(e)?),
                    Value::U32(_) => Value::U32(a.u32().map_err(e)?),
                    Value::U64(_) => Value::U64(a.u64().map_err(e)?),
                    Value::Str(_) => Value::Str(a.str().map_err(e)?.to_owned()),
                    Value::Bytes(_) => Value::Bytes(a.payload().to_vec()),
                    Value::Flag => {
                        a.flag().map_err(e)?;
                        Value::Flag
                    }
                };
                Node::Leaf {
                    kind: a.raw_kind(),
                    value: v,
                }
            }
            Node::Nest { children, .. } => Node::Nest {
                kind: a.kind(),
                flagged: a.is_nested(),
                children: read_nodes(a.nested(), children)?,
            },
        };
        out.push(node);
    }
    Ok(out)
}

/// Re-emits parsed attributes without knowing their types: an attribute with
/// `NLA_F_NESTED` whose payload frames is rebuilt as a nest of its children, anything else
/// is copied as a leaf. Canonical input comes out byte for byte.
fn reemit<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    attrs: Attrs<'_>,
    depth: usize,
) -> Result<(), EncodeError> {
    for a in attrs.flatten() {
        if depth < 64 && a.is_nested() && a.nested().validate().is_ok() {
            b.nest_noflag(a.raw_kind(), |b| reemit(b, a.nested(), depth + 1))?;
        } else {
            b.put(a.raw_kind(), a.payload())?;
        }
    }
    Ok(())
}

fn total_nodes(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::Leaf { .. } => 1,
            Node::Nest { children, .. } => 1 + total_nodes(children),
        })
        .sum()
}

// ---------------------------------------------------------------------------------------
// Poking at arbitrary bytes

/// Nesting levels [`poke_attrs`] descends into.
const POKE_DEPTH: usize = 10;

/// Calls every accessor and typed getter of `a` and checks the answers agree with the
/// payload length; recurses into the payload as attributes (all consumers at the first
/// levels, then only the walk, to keep the cost linear-ish in debug builds).
fn poke_attr(a: &Attr<'_>, depth: usize) {
    let p = a.payload();
    assert_eq!(a.len(), p.len() + 4);
    assert_eq!(a.is_empty(), p.is_empty());
    assert_eq!(a.payload_offset(), a.offset().saturating_add(4));
    assert_eq!(a.kind(), a.raw_kind() & NLA_TYPE_MASK);
    assert_eq!(a.is_nested(), a.raw_kind() & NLA_F_NESTED != 0);
    let _ = a.is_net_byteorder();
    assert_eq!(a.u8().is_ok(), p.len() == 1);
    assert_eq!(a.u16().is_ok(), p.len() == 2);
    assert_eq!(a.u32().is_ok(), p.len() == 4);
    assert_eq!(a.u64().is_ok(), p.len() == 8);
    assert_eq!(a.i8().is_ok(), p.len() == 1);
    assert_eq!(a.i16().is_ok(), p.len() == 2);
    assert_eq!(a.i32().is_ok(), p.len() == 4);
    assert_eq!(a.i64().is_ok(), p.len() == 8);
    let _ = (a.be_u8(), a.be_u16(), a.be_u32(), a.be_u64());
    let _ = (a.be_i8(), a.be_i16(), a.be_i32(), a.be_i64());
    assert_eq!(a.uint().is_ok(), matches!(p.len(), 1 | 2 | 4 | 8));
    assert_eq!(a.sint().is_ok(), matches!(p.len(), 1 | 2 | 4 | 8));
    assert_eq!(a.flag().is_ok(), p.is_empty());
    assert_eq!(a.c_bytes().is_ok(), p.contains(&0));
    if let Ok(s) = a.str() {
        assert!(s.len() < p.len());
    }
    let _ = a.str_lenient();
    assert_eq!(a.ipv4().is_ok(), p.len() == 4);
    assert_eq!(a.ipv6().is_ok(), p.len() == 16);
    assert_eq!(a.ip().is_ok(), matches!(p.len(), 4 | 16));
    assert_eq!(a.mac().is_ok(), p.len() == 6);
    assert_eq!(a.view::<[u8; 4]>().is_ok(), p.len() == 4);
    assert_eq!(a.view_prefix::<[u8; 12]>().is_ok(), p.len() >= 12);
    assert_eq!(a.read::<u64>().is_ok(), p.len() == 8);
    assert_eq!(a.read::<[u8; 3]>().is_ok(), p.len() == 3);
    for r in [a.u32().err(), a.str().err(), a.mac().err()]
        .into_iter()
        .flatten()
    {
        assert_eq!(
            r.offset,
            a.offset(),
            "getter errors name the attribute's offset"
        );
        let _ = r.to_string();
    }
    let _ = format!("{a:?}");
    if depth < 2 {
        poke_attrs(a.nested(), depth + 1);
    } else if depth < POKE_DEPTH {
        walk_attrs(a.nested(), depth + 1);
    }
}

/// Iterates `attrs` (checking framing invariants) and runs every one-level consumer on it.
fn poke_attrs(attrs: Attrs<'_>, depth: usize) {
    walk_attrs(attrs.clone(), depth);
    let _ = attrs.clone().find(1);
    let _ = attrs.clone().of_kind(1).count();
    let _ = AttrTable::<0>::parse(attrs.clone());
    let _ = AttrTable::<1>::parse(attrs.clone());
    if let Ok(tb) = AttrTable::<32>::parse(attrs.clone()) {
        let _ = (tb.stats(), tb.iter().count(), tb.get(u16::MAX));
    }
    let mut slots = [None; 5];
    let _ = index_attrs(attrs.clone(), &mut slots);
    let _ = Policy::parse(attrs.clone()).map(|p| p.to_string());
    let _ = ExtAck::parse(attrs.clone());
}

/// Iterates `attrs`, checking framing invariants, and pokes every attribute.
fn walk_attrs(attrs: Attrs<'_>, depth: usize) {
    let bytes = attrs.bytes();
    let base = attrs.base_offset();
    let mut n = 0usize;
    let mut failed = false;
    for r in attrs.clone() {
        assert!(!failed, "an item after a framing error");
        n += 1;
        assert!(n <= bytes.len() / 4 + 1, "more attributes than bytes allow");
        match r {
            Ok(a) => {
                if let Some(end) = base.checked_add(bytes.len() + 8) {
                    assert!(a.offset() >= base && a.offset() + a.len() <= end - 8);
                }
                poke_attr(&a, depth);
            }
            Err(e) => {
                failed = true;
                if let Some(end) = base.checked_add(bytes.len() + 8) {
                    assert!(e.offset >= base && e.offset < end - 8);
                }
                let _ = e.to_string();
            }
        }
    }
    assert_eq!(attrs.validate().is_err(), failed);
}

/// Everything that can be done with one message from arbitrary bytes, reading its
/// attributes after each of `family_header_lens`.
fn poke_message_with(m: &Message<'_>, family_header_lens: &[usize]) {
    assert!(m.bytes().len() >= 16);
    assert_eq!(usize::try_from(m.header().len()).unwrap(), m.bytes().len());
    let _ = (m.message_type(), m.flags(), m.seq(), m.pid(), m.payload());
    let _ = (m.to_string(), format!("{m:?}"));
    let _ = m.family_header::<[u8; 4]>();
    let _ = m.family_header::<[u8; 16]>();
    for &h in family_header_lens {
        if let Ok(attrs) = m.attrs(h) {
            poke_attrs(attrs, 0);
        }
    }
    let _ = m.attrs(usize::MAX);
    if let Ok(e) = ErrorMsg::parse(m) {
        let _ = (
            e.code(),
            e.errno(),
            e.is_ack(),
            e.is_capped(),
            e.request_header(),
        );
        assert!(e.echoed_request().len() >= 16);
        if let Some(p) = e.ext_ack().policy {
            let _ = p.to_string();
        }
        // Map every offset the ext-ack names, and a few others, back into the echo.
        let req = e.echoed_request();
        for off in [
            e.ext_ack().offset,
            e.ext_ack().missing_nest,
            Some(0),
            Some(u32::MAX),
        ]
        .into_iter()
        .flatten()
        {
            for h in [0, 4, 16] {
                let _ = attr_path(req, h, off).to_string();
            }
        }
    }
    if let Ok(d) = Done::parse(m) {
        let _ = (d.code(), d.errno(), d.ext_ack(), d.is_interrupted());
    }
}

/// Runs `Messages` over `buf` and [`poke_message_with`] on each message; returns how many
/// items the iterator gave, after checking it ended and stayed ended.
fn poke_buffer(buf: &[u8]) -> usize {
    poke_buffer_with(buf, &[0, 4, 12, 16, 20])
}

/// [`poke_buffer`] reading attributes after each of `family_header_lens`.
fn poke_buffer_with(buf: &[u8], family_header_lens: &[usize]) -> usize {
    let mut it = Messages::new(buf);
    let mut n = 0;
    let mut failed = false;
    while let Some(r) = it.next() {
        assert!(!failed, "an item after a framing error");
        n += 1;
        assert!(n <= buf.len() / 16 + 1, "more messages than bytes allow");
        match r {
            Ok(m) => {
                assert!(m.offset() + m.bytes().len() <= buf.len());
                assert_eq!(&buf[m.offset()..m.offset() + m.bytes().len()], m.bytes());
                poke_message_with(&m, family_header_lens);
            }
            Err(e) => {
                failed = true;
                assert!(e.offset < buf.len());
                let _ = e.to_string();
            }
        }
        assert!(it.position() <= buf.len());
    }
    assert!(it.next().is_none(), "the iterator is fused");
    n
}

/// Bytes that are sometimes random and sometimes a valid message with a few bytes
/// changed, so that the parsers get past their first checks.
fn arb_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..256),
        2 => (
            gens::arb_message(),
            proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
            prop::sample::select(vec![MessageType::ERROR, MessageType::DONE, MessageType(16)]),
            any::<bool>(),
        )
            .prop_map(|(m, edits, kind, retype)| {
                let mut b = reference::encode_message(&m);
                if retype {
                    b[4..6].copy_from_slice(&kind.0.to_ne_bytes());
                }
                for (at, v) in edits {
                    let i = at.index(b.len());
                    b[i] = v;
                }
                b
            }),
    ]
}

/// An `NLMSG_ERROR` built from parts that are valid or nearly so: a code, an echoed
/// request (a generated message, possibly cut), ext-ack TLVs, arbitrary flags.
fn arb_error_message() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<i32>(),
        gens::arb_message(),
        any::<prop::sample::Index>(),
        any::<bool>(),
        gens::arb_attr_tree(3),
        any::<u32>(),
        gens::arb_flags(),
    )
        .prop_map(|(code, req, cut, whole, tlvs, offs, flags)| {
            let req = reference::encode_message(&req);
            let echo = if whole {
                &req[..]
            } else {
                &req[..cut.index(req.len() + 1)]
            };
            let mut out = vec![0u8; 16];
            out[4..6].copy_from_slice(&MessageType::ERROR.0.to_ne_bytes());
            out[6..8].copy_from_slice(&flags.0.to_ne_bytes());
            out.extend_from_slice(&code.to_ne_bytes());
            out.extend_from_slice(echo);
            while out.len() % 4 != 0 {
                out.push(0);
            }
            // An OFFS TLV pointing somewhere in the request, then arbitrary TLVs.
            out.extend_from_slice(&[8, 0]);
            out.extend_from_slice(&nlmsgerr_attr::OFFS.to_ne_bytes());
            let bound = u32::try_from(req.len() + 8).unwrap();
            out.extend_from_slice(&(offs % bound).to_ne_bytes());
            reference::encode_nodes(&tlvs, &mut out);
            let len = u32::try_from(out.len()).unwrap();
            out[..4].copy_from_slice(&len.to_ne_bytes());
            out
        })
}

proptest! {
    #![proptest_config(cfg(1000))]

    // ---------------------------------------------------------------- (a) round trips

    /// A tree written with `Builder` over a `SliceBuf` equals the reference encoding, reads
    /// back equal, and re-emits byte for byte.
    #[test]
    fn a_tree_round_trip_slicebuf(tree in gens::arb_attr_tree(10)) {
        let want = reference::encode_attrs(&tree);
        let mut storage = vec![0xa5u8; want.len() + 64];
        let mut buf = SliceBuf::new(&mut storage);
        let mut b = Builder::attributes(&mut buf).unwrap();
        write_nodes(&mut b, &tree).unwrap();
        prop_assert_eq!(b.finish(), want.len());
        prop_assert_eq!(buf.as_slice(), &want[..]);

        let back = read_nodes(Attrs::new(buf.as_slice()), &tree)?;
        prop_assert_eq!(&back, &tree);

        let mut storage2 = vec![0xffu8; want.len()];
        let mut buf2 = SliceBuf::new(&mut storage2);
        let mut b2 = Builder::attributes(&mut buf2).unwrap();
        reemit(&mut b2, Attrs::new(buf.as_slice()), 0).unwrap();
        prop_assert_eq!(buf2.as_slice(), &want[..]);
    }

    /// A message whose top-level attributes are written in `grouped` runs (nlmsg_len
    /// written once per run) over a buffer full of stale bytes equals the reference; after
    /// every top-level call and every run, nlmsg_len is the length written so far.
    #[test]
    fn a_grouped_message_equals_reference(
        m in gens::arb_message(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let want = reference::encode_message(&m);
        let mut storage = vec![0x5au8; want.len() + 16];
        let mut buf = SliceBuf::new(&mut storage);
        let mut b = Builder::message(&mut buf, m.kind, m.flags, m.seq, m.pid).unwrap();
        b.put_bytes(&m.family).unwrap();
        let nlmsg_len = |b: &Builder<'_, SliceBuf<'_>>| {
            u32::from_ne_bytes(b.bytes()[..4].try_into().unwrap()) as usize
        };
        prop_assert_eq!(nlmsg_len(&b), b.len());
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c.index(m.attrs.len() + 1)).collect();
        bounds.push(0);
        bounds.push(m.attrs.len());
        bounds.sort_unstable();
        for (i, w) in bounds.windows(2).enumerate() {
            let run = &m.attrs[w[0]..w[1]];
            if i % 2 == 0 {
                b.grouped(|b| write_nodes(b, run)).unwrap();
            } else {
                for n in run {
                    write_nodes(&mut b, std::slice::from_ref(n)).unwrap();
                    prop_assert_eq!(nlmsg_len(&b), b.len());
                }
            }
            prop_assert_eq!(nlmsg_len(&b), b.len());
        }
        prop_assert_eq!(b.finish(), want.len());
        prop_assert_eq!(buf.as_slice(), &want[..]);
    }

    /// The same over a `heapless::Vec`, as whole messages; trees that do not fit give
    /// `BufferFull` and leave the vector as it was.
    #[test]
    fn a_message_round_trip_heapless(m in gens::arb_message()) {
        let want = reference::encode_message(&m);
        let mut v: heapless::Vec<u8, 2048> = heapless::Vec::new();
        match write_message(&mut v, &m) {
            Ok(n) => {
                prop_assert_eq!(n, want.len());
                prop_assert_eq!(&v[..], &want[..]);
                let msg = Message::parse(&v).unwrap();
                prop_assert_eq!(msg.message_type(), m.kind);
                prop_assert_eq!(msg.flags(), m.flags);
                prop_assert_eq!(msg.seq(), m.seq);
                prop_assert_eq!(msg.pid(), m.pid);
                prop_assert_eq!(&msg.payload()[..m.family.len()], &m.family[..]);
                let back = read_nodes(msg.attrs(m.family.len()).unwrap(), &m.attrs)?;
                prop_assert_eq!(&back, &m.attrs);
                // Re-emit the message from its parsed form.
                let mut v2: heapless::Vec<u8, 2048> = heapless::Vec::new();
                let mut b = Builder::message(&mut v2, msg.message_type(), msg.flags(), msg.seq(), msg.pid()).unwrap();
                b.put_bytes(&msg.payload()[..m.family.len()]).unwrap();
                reemit(&mut b, msg.attrs(m.family.len()).unwrap(), 0).unwrap();
                prop_assert_eq!(&v2[..], &want[..]);
            }
            Err(EncodeError::BufferFull { needed, capacity }) => {
                prop_assert!(want.len() > 2048);
                prop_assert_eq!(capacity, 2048);
                prop_assert!(needed > 2048);
                // Everything before the failing call is a valid message prefix.
                prop_assert!(Message::parse(&v).is_ok());
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    // ---------------------------------------------------------------- (b) no panics

    /// Arbitrary bytes through `Messages` and everything that reads a message.
    #[test]
    fn b_messages_never_panic(bytes in arb_bytes()) {
        poke_buffer(&bytes);
    }

    /// Arbitrary bytes as an attribute sequence.
    #[test]
    fn b_attrs_never_panic(bytes in arb_bytes(), base in 0usize..64) {
        poke_attrs(Attrs::new(&bytes), 0);
        poke_attrs(Attrs::with_offset(&bytes, base), 0);
        poke_attrs(Attrs::with_offset(&bytes, usize::MAX - 3), 0);
        if bytes.len() >= 16 {
            poke_attrs(Attrs::new(&bytes[16..]), 0);
        }
    }

    /// `NLMSG_ERROR` and `NLMSG_DONE` parsing and `attr_path` over near-valid errors.
    #[test]
    fn b_error_and_done_never_panic(bytes in arb_error_message(), flags in any::<u16>()) {
        poke_buffer(&bytes);
        let mut b = bytes.clone();
        b[6..8].copy_from_slice(&flags.to_ne_bytes());
        poke_buffer(&b);
        b[4..6].copy_from_slice(&MessageType::DONE.0.to_ne_bytes());
        poke_buffer(&b);
    }

    /// `attr_path` at any offset, with any family-header length, on any bytes.
    #[test]
    fn b_attr_path_never_panics(
        bytes in arb_bytes(),
        fam in prop_oneof![0usize..24, Just(usize::MAX)],
        offs in proptest::collection::vec(any::<u32>(), 4),
    ) {
        let len = u32::try_from(bytes.len()).unwrap();
        let mut all = offs.clone();
        all.extend(offs.iter().map(|o| o % (len + 4)));
        all.extend([0, 15, 16, len.saturating_sub(1), len, u32::MAX]);
        for off in all {
            let p = attr_path(&bytes, fam, off);
            let _ = (p.to_string(), p.kinds(), p.offsets(), p.is_empty());
            prop_assert_eq!(p.kinds().len(), p.offsets().len());
            prop_assert!(p.kinds().len() <= MAX_ATTR_DEPTH);
            if usize::try_from(off).unwrap() >= bytes.len() {
                prop_assert_eq!(p.target, PathTarget::OutOfRange);
            }
        }
    }

    /// `Exchange::classify` on arbitrary messages with arbitrary request flags: no panic,
    /// and completion is final.
    #[test]
    fn b_exchange_never_panics(
        bytes in proptest::collection::vec(arb_bytes(), 1..4),
        req_flags in any::<u16>(),
        seq in prop_oneof![Just(0u32), any::<u32>()],
        port in prop_oneof![Just(0u32), any::<u32>()],
        sender in prop_oneof![3 => Just(0u32), 1 => any::<u32>()],
        force_seq in any::<bool>(),
    ) {
        let mut ex = Exchange::with_completion(seq, port, Completion::infer(Protocol::GENERIC, MessageType(0x10), Flags(req_flags)));
        let mut data = 0;
        for mut b in bytes {
            if force_seq && b.len() >= 16 {
                b[8..12].copy_from_slice(&seq.to_ne_bytes());
                b[12..16].copy_from_slice(&port.to_ne_bytes());
            }
            for m in Messages::new(&b).flatten() {
                let was_complete = ex.is_complete();
                match ex.classify(sender, &m) {
                    Ok(r) => {
                        prop_assert!(!was_complete);
                        let _ = r.is_interrupted();
                        if let Reply::Data(_) = r { data += 1; }
                        if r.is_interrupted() { prop_assert!(ex.is_interrupted()); }
                    }
                    Err(Rejected::AfterComplete) => prop_assert!(was_complete),
                    Err(e) => {
                        prop_assert_eq!(ex.is_complete(), was_complete);
                        let _ = e.to_string();
                    }
                }
                prop_assert_eq!(ex.data_messages(), data);
            }
        }
    }
}

proptest! {
    #![proptest_config(cfg(512))]

    // ---------------------------------------------------------------- (c) truncation

    /// Every prefix of a valid buffer of several messages yields exactly the messages that
    /// fit entirely, then one error if bytes are left over, and ends.
    #[test]
    fn c_every_prefix(msgs in proptest::collection::vec(gens::arb_message(), 1..4)) {
        let mut buf = Vec::new();
        let mut bounds = Vec::new();
        for m in &msgs {
            let start = buf.len();
            reference::encode_message_into(m, &mut buf);
            bounds.push((start, buf.len()));
        }
        for cut in 0..=buf.len() {
            let prefix = &buf[..cut];
            let complete: Vec<_> = bounds.iter().filter(|(_, end)| *end <= cut).collect();
            let consumed = complete.last().map_or(0, |(_, end)| *end);
            let mut it = Messages::new(prefix);
            for (start, end) in &complete {
                let m = it.next().unwrap().unwrap();
                prop_assert_eq!(m.offset(), *start);
                prop_assert_eq!(m.bytes(), &buf[*start..*end]);
            }
            if consumed < cut {
                let e = it.next().unwrap().unwrap_err();
                prop_assert_eq!(e.offset, consumed);
            }
            prop_assert!(it.next().is_none());
            prop_assert!(it.next().is_none());
        }
    }

    // ---------------------------------------------------------------- (d) the builder

    /// A buffer too small for a message: the failing call returns `BufferFull` and the
    /// written bytes are exactly those before it; with no nest involved, the bytes past
    /// the written length were not touched either.
    #[test]
    fn d_buffer_full_leaves_buffer_unchanged(
        m in gens::arb_message(),
        frac in any::<prop::sample::Index>(),
    ) {
        let want = reference::encode_message(&m);
        let cap = frac.index(want.len());
        let mut storage = vec![0xa5u8; cap];
        let mut buf = SliceBuf::new(&mut storage);
        let mut touched_by_rollback = false;
        let res = (|| -> Result<(), EncodeError> {
            let mut b = Builder::message(&mut buf, m.kind, m.flags, m.seq, m.pid)?;
            b.put_bytes(&m.family)?;
            for n in &m.attrs {
                let before = b.bytes().to_vec();
                let r = write_nodes(&mut b, std::slice::from_ref(n));
                if r.is_err() {
                    assert_eq!(b.bytes(), &before[..], "a failed call changed the bytes");
                    touched_by_rollback = matches!(n, Node::Nest { .. });
                }
                r?;
            }
            Ok(())
        })();
        match res {
            Err(EncodeError::BufferFull { needed, capacity }) => {
                prop_assert_eq!(capacity, cap);
                prop_assert!(needed > cap && needed <= want.len());
            }
            other => prop_assert!(false, "{other:?} with capacity {cap} < {}", want.len()),
        }
        let written = buf.len();
        // The bytes written are the reference's, except nlmsg_len, which says how much
        // was written.
        prop_assert_eq!(buf.as_slice().get(4..), want[..written].get(4..));
        if written > 0 {
            // What was written is a valid message of its own.
            let msg = Message::parse(buf.as_slice()).unwrap();
            prop_assert_eq!(msg.bytes().len(), written);
        }
        if !touched_by_rollback {
            prop_assert!(storage[written..].iter().all(|&b| b == 0xa5));
        }

        // The same with a heapless::Vec of a fixed small capacity.
        let mut v: heapless::Vec<u8, 64> = heapless::Vec::new();
        match write_message(&mut v, &m) {
            Ok(n) => prop_assert_eq!(&v[..n], &want[..]),
            Err(EncodeError::BufferFull { capacity: 64, .. }) => {
                prop_assert!(want.len() > 64);
                prop_assert_eq!(v.get(4..), want[..v.len()].get(4..));
            }
            Err(e) => prop_assert!(false, "{e:?}"),
        }
    }

    /// A closure that fails inside a nest (at any depth, after writing any subtree) rolls
    /// everything since the nest began back; the builder goes on as if it never ran.
    #[test]
    fn d_failing_nest_rolls_back(
        before in gens::arb_attr_tree(4),
        doomed in gens::arb_attr_tree(6),
        after in gens::arb_attr_tree(4),
        kind in gens::arb_kind(),
        swallow in any::<bool>(),
    ) {
        let mut storage = vec![0xeeu8; 65536];
        let mut buf = SliceBuf::new(&mut storage);
        let mut b = Builder::message(&mut buf, MessageType(16), Flags::REQUEST, 1, 2).unwrap();
        write_nodes(&mut b, &before).unwrap();
        let snapshot = b.bytes().to_vec();
        let boom = EncodeError::MessageTooLong { len: 12345 };
        if swallow {
            // An outer nest that survives the failure of an inner one.
            b.nest(kind, |b| {
                write_nodes(b, &after)?;
                let inner = snapshot_len(b);
                let r = b.nest(kind, |b| {
                    write_nodes(b, &doomed)?;
                    Err(boom)
                });
                assert_eq!(r, Err(boom));
                assert_eq!(snapshot_len(b), inner);
                Ok(())
            }).unwrap();
            let mut want = Msg {
                kind: MessageType(16), flags: Flags::REQUEST, seq: 1, pid: 2,
                family: vec![], attrs: before.clone(),
            };
            want.attrs.push(Node::Nest { kind, flagged: true, children: after.clone() });
            prop_assert_eq!(b.bytes(), &reference::encode_message(&want)[..]);
        } else {
            let r = b.nest(kind, |b| {
                write_nodes(b, &doomed)?;
                Err(boom)
            });
            prop_assert_eq!(r, Err(boom));
            prop_assert_eq!(b.bytes(), &snapshot[..]);
            // nlmsg_len was re-synced.
            prop_assert_eq!(Message::parse(b.bytes()).unwrap().bytes().len(), snapshot.len());
            write_nodes(&mut b, &after).unwrap();
            let mut all = before.clone();
            all.extend(after.iter().cloned());
            let want = Msg {
                kind: MessageType(16), flags: Flags::REQUEST, seq: 1, pid: 2,
                family: vec![], attrs: all,
            };
            prop_assert_eq!(b.bytes(), &reference::encode_message(&want)[..]);
        }
    }

    /// Padding is zero whatever the buffer held before: every gap between an attribute's
    /// end and the next 4-byte boundary reads 0.
    #[test]
    fn d_padding_is_zero(m in gens::arb_message(), fill in any::<u8>()) {
        let want = reference::encode_message(&m);
        let mut storage = vec![fill; want.len() + 8];
        let mut buf = SliceBuf::new(&mut storage);
        write_message(&mut buf, &m).unwrap();
        prop_assert_eq!(buf.as_slice(), &want[..]);
        fn check(bytes: &[u8], attrs: Attrs<'_>, base: usize) -> Result<(), TestCaseError> {
            for a in attrs {
                let a = a.unwrap();
                let end = a.offset() + a.len();
                let padded = align(end).unwrap().min(base + bytes.len());
                prop_assert!(bytes[end - base..padded - base].iter().all(|&b| b == 0));
                if a.is_nested() {
                    check(&bytes[a.payload_offset() - base..end - base], a.nested(), a.payload_offset())?;
                }
            }
            Ok(())
        }
        let msg = Message::parse(buf.as_slice()).unwrap();
        let fam_end = 16 + m.family.len();
        prop_assert!(msg.bytes()[fam_end..align(fam_end).unwrap()].iter().all(|&b| b == 0));
        let attrs = msg.attrs(m.family.len()).unwrap();
        check(attrs.bytes(), attrs.clone(), attrs.base_offset())?;
    }

    // ---------------------------------------------------------------- (e) batches

    /// Several messages in one buffer (`SliceBuf` and `heapless::Vec`) come back in order.
    #[test]
    fn e_batch_iterates_in_order(msgs in proptest::collection::vec(gens::arb_message(), 1..6)) {
        let mut want = Vec::new();
        for m in &msgs {
            reference::encode_message_into(m, &mut want);
        }
        let mut storage = vec![0u8; want.len()];
        let mut buf = SliceBuf::new(&mut storage);
        for m in &msgs {
            write_message(&mut buf, m).unwrap();
        }
        prop_assert_eq!(buf.as_slice(), &want[..]);
        let mut hv: Box<heapless::Vec<u8, 16384>> = Box::default();
        let fits = msgs.iter().try_for_each(|m| write_message(&mut *hv, m).map(|_| ()));
        if fits.is_ok() {
            prop_assert_eq!(&hv[..], &want[..]);
        }
        let got: Vec<Message<'_>> = Messages::new(buf.as_slice()).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(got.len(), msgs.len());
        let mut last_offset = None;
        for (g, m) in got.iter().zip(&msgs) {
            prop_assert!(last_offset.is_none_or(|o| g.offset() > o));
            last_offset = Some(g.offset());
            prop_assert_eq!((g.message_type(), g.flags(), g.seq(), g.pid()), (m.kind, m.flags, m.seq, m.pid));
            let back = read_nodes(g.attrs(m.family.len()).unwrap(), &m.attrs)?;
            prop_assert_eq!(&back, &m.attrs);
        }
    }

    // ---------------------------------------------------------------- (f) attr_path

    /// The offset of any node of a generated tree maps back to exactly the path of types
    /// down to it (cut at `MAX_ATTR_DEPTH` levels, and marked so); an offset inside a leaf's
    /// payload maps to that leaf (or below, when the payload happens to frame).
    #[test]
    fn f_attr_path_finds_every_node(
        family in proptest::collection::vec(any::<u8>(), 0..21),
        tree in gens::arb_attr_tree(20),
        pick in any::<prop::sample::Index>(),
        inner in any::<prop::sample::Index>(),
    ) {
        prop_assume!(!tree.is_empty());
        let m = Msg {
            kind: MessageType(16), flags: Flags::REQUEST, seq: 9, pid: 0, family, attrs: tree,
        };
        let bytes = reference::encode_message(&m);
        let base = 16 + align(m.family.len()).unwrap();
        let mut nodes = Vec::new();
        reference::layout(&m.attrs, base, &[], &mut nodes);
        prop_assert_eq!(nodes.len(), total_nodes(&m.attrs));
        // Check every node once in a while, else one picked at random.
        let picked: Vec<_> = if pick.index(8) == 0 {
            nodes.iter().collect()
        } else {
            vec![pick.get(&nodes)]
        };
        for (path, off, node) in picked {
            let p = attr_path(&bytes, m.family.len(), u32::try_from(*off).unwrap());
            if path.len() <= MAX_ATTR_DEPTH {
                prop_assert_eq!(p.kinds(), &path[..]);
                prop_assert_eq!(p.target, PathTarget::Attribute);
                prop_assert!(!p.truncated);
                prop_assert_eq!(p.offsets().last().copied(), Some(u32::try_from(*off).unwrap()));
            } else {
                prop_assert_eq!(p.kinds(), &path[..MAX_ATTR_DEPTH]);
                prop_assert!(p.truncated);
            }
            // Offsets of the ancestors are the ones in the path.
            for (k, o) in p.kinds().iter().zip(p.offsets()) {
                let found = nodes.iter().find(|(_, no, _)| *no == usize::try_from(*o).unwrap()).unwrap();
                prop_assert_eq!(found.2.kind(), *k);
            }
            if let Node::Leaf { value, .. } = node {
                let len = value.payload().len();
                if len > 0 && path.len() <= MAX_ATTR_DEPTH {
                    let at = inner.index(len);
                    let p = attr_path(&bytes, m.family.len(), u32::try_from(off + 4 + at).unwrap());
                    prop_assert!(p.kinds().starts_with(path), "{:?} vs {:?}", p.kinds(), path);
                    if p.kinds().len() == path.len() {
                        prop_assert_eq!(p.target, PathTarget::Payload { at: u32::try_from(at).unwrap() });
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(cfg(256))]

    /// Every single-byte corruption of a valid buffer: the iterator and every parser end
    /// without panicking.
    #[test]
    fn c_every_single_byte_corruption(
        msgs in proptest::collection::vec(gens::arb_message(), 1..3),
        xor in 1u8..=255,
    ) {
        let mut buf = Vec::new();
        for m in &msgs {
            reference::encode_message_into(m, &mut buf);
        }
        // Keep the quadratic part bounded in debug builds.
        buf.truncate(768);
        for i in 0..buf.len() {
            let mut b = buf.clone();
            b[i] ^= xor;
            poke_buffer_with(&b, &[0]);
        }
    }
}

/// The generators do reach the depths they promise: trees 8 and more levels deep are
/// common, not a rare corner.
#[test]
fn gens_reach_depth() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = gens::arb_attr_tree(10);
    let mut deep = 0;
    let mut max = 0;
    for _ in 0..300 {
        let tree = strategy.new_tree(&mut runner).unwrap().current();
        let d = tree.iter().map(Node::depth).max().unwrap_or(0);
        max = max.max(d);
        if d >= 8 {
            deep += 1;
        }
    }
    assert!(max >= 10, "max depth {max}");
    assert!(deep >= 60, "only {deep} of 300 trees are 8+ deep");
    let m = gens::arb_message().new_tree(&mut runner).unwrap().current();
    assert_eq!(reference::encode_message(&m).len() % 4, 0);
}

/// Bytes written so far by `b`.
fn snapshot_len<B: Buffer + ?Sized>(b: &Builder<'_, B>) -> usize {
    b.len()
}

/// Attributes of 65,532 bytes and more cannot be written (`nla_len` is a `u16`), and a
/// nest that outgrows 65,535 bytes is rolled back; nothing changes in either case.
#[test]
fn d_attr_too_long() {
    let mut runner = proptest::test_runner::TestRunner::new(cfg(24));
    runner
        .run(
            &(
                65_532usize..70_000,
                gens::arb_kind(),
                20_000usize..40_000,
                2usize..5,
            ),
            |(len, kind, child, count)| {
                let payload = vec![0x5au8; len];
                let mut storage = vec![0u8; 200_000];
                let mut buf = SliceBuf::new(&mut storage);
                let mut b =
                    Builder::message(&mut buf, MessageType(16), Flags::REQUEST, 1, 0).unwrap();
                b.put_u32(1, 1).unwrap();
                let before = b.bytes().to_vec();
                prop_assert_eq!(
                    b.put(kind, &payload),
                    Err(EncodeError::AttrTooLong { kind, len: len + 4 })
                );
                prop_assert_eq!(b.bytes(), &before[..]);
                prop_assert_eq!(
                    b.put_str(kind, std::str::from_utf8(&payload).unwrap()),
                    Err(EncodeError::AttrTooLong { kind, len: len + 5 })
                );
                prop_assert_eq!(b.bytes(), &before[..]);
                let r = b.nest(kind, |b| {
                    for i in 0..count {
                        b.put(u16::try_from(i).unwrap(), &payload[..child])?;
                    }
                    Ok(())
                });
                let nest_len = 4 + count * align(child + 4).unwrap();
                if nest_len > 65_535 {
                    prop_assert_eq!(
                        r,
                        Err(EncodeError::AttrTooLong {
                            kind: kind | NLA_F_NESTED,
                            len: nest_len
                        })
                    );
                    prop_assert_eq!(b.bytes(), &before[..]);
                } else {
                    prop_assert_eq!(r, Ok(()));
                    prop_assert_eq!(b.bytes().len(), before.len() + nest_len);
                }
                Ok(())
            },
        )
        .unwrap();
}

/// Real kernel replies (tests/fixtures) go through every parser without panicking, every
/// prefix included, and their attribute trees re-emit to the same bytes where they are
/// canonical.
#[test]
fn kernel_fixtures_survive_the_pokes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("bin") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let n = poke_buffer(&bytes);
        assert!(n > 0, "{}", path.display());
        // Prefixes: all of the first 64, then a sample (every one is in c_every_prefix).
        for cut in (0..64.min(bytes.len())).chain((64..bytes.len()).step_by(61)) {
            poke_buffer_with(&bytes[..cut], &[16]);
        }
    }
}
