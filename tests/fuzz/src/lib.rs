//! Helpers shared by the nlwire-codec fuzz targets: exercising every accessor of a view,
//! and an attribute-tree model with an independent canonical encoder.
//!
//! Everything here panics on a broken invariant; libFuzzer reports the panic as a crash.

use nlwire_codec::{
    Attr, AttrTable, Attrs, Buffer, Builder, Done, EncodeError, ErrorMsg, ExtAck, Message,
    Messages, NLA_F_NESTED, NLA_TYPE_MASK, Policy, attr_path, index_attrs,
};

/// Nesting levels the helpers descend into.
pub const MAX_DEPTH: usize = 12;

/// Family-header lengths the message target reads attributes after: none, `rtgenmsg`,
/// `genlmsghdr`, `ifaddrmsg`/`rtmsg`/`ndmsg`, `fib_rule_hdr`/`tcmsg`, `ifinfomsg`, a few
/// odd ones.
pub const FAMILY_HEADER_LENS: [usize; 9] = [0, 1, 4, 8, 12, 16, 20, 3, 17];

/// Calls every accessor and typed getter of `a`, checks that success matches the payload
/// length, and recurses into the payload as attributes.
pub fn poke_attr(a: &Attr<'_>, depth: usize) {
    let p = a.payload();
    assert_eq!(a.len(), p.len() + 4);
    assert_eq!(a.is_empty(), p.is_empty());
    assert_eq!(a.kind(), a.raw_kind() & NLA_TYPE_MASK);
    assert_eq!(a.is_nested(), a.raw_kind() & NLA_F_NESTED != 0);
    assert_eq!(a.payload_offset(), a.offset().saturating_add(4));
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
    for e in [a.u32().err(), a.str().err(), a.ipv6().err()]
        .into_iter()
        .flatten()
    {
        assert_eq!(e.offset, a.offset());
        let _ = e.to_string();
    }
    if depth == 0 {
        let _ = format!("{a:?}");
    }
    // Every consumer on the first levels, then only the walk: keeps the cost of an input
    // linear in its size times the depth.
    if depth < 2 {
        poke_attrs(a.nested(), depth + 1);
    } else if depth < MAX_DEPTH {
        walk_attrs(a.nested(), depth + 1);
    }
}

/// Iterates `attrs` (see [`walk_attrs`]) and runs every one-level consumer over the
/// sequence.
pub fn poke_attrs(attrs: Attrs<'_>, depth: usize) {
    walk_attrs(attrs.clone(), depth);
    let _ = attrs.clone().find(1);
    let _ = attrs.clone().of_kind(3).count();
    let _ = AttrTable::<0>::parse(attrs.clone());
    if let Ok(tb) = AttrTable::<16>::parse(attrs.clone()) {
        let _ = (tb.stats(), tb.iter().count(), tb.get(15), tb.get(u16::MAX));
    }
    let mut slots = [None; 7];
    let _ = index_attrs(attrs.clone(), &mut slots);
    let _ = Policy::parse(attrs.clone()).map(|p| p.to_string());
    let _ = ExtAck::parse(attrs);
}

/// Iterates `attrs`, checking that a framing error comes at most once and last and that
/// every attribute lies inside the sequence, and pokes every attribute.
pub fn walk_attrs(attrs: Attrs<'_>, depth: usize) {
    let len = attrs.bytes().len();
    let base = attrs.base_offset();
    let mut n = 0usize;
    let mut failed = false;
    for r in attrs.clone() {
        assert!(!failed, "an attribute after a framing error");
        n += 1;
        assert!(n <= len / 4 + 1, "more attributes than bytes");
        match r {
            Ok(a) => {
                assert!(a.offset() >= base);
                assert!(a.offset() - base + a.len() <= len);
                poke_attr(&a, depth);
            }
            Err(e) => {
                failed = true;
                assert!(e.offset >= base && e.offset - base < len);
                let _ = e.to_string();
            }
        }
    }
    assert_eq!(attrs.validate().is_err(), failed);
}

/// Everything one message supports: header accessors, formatting, family headers,
/// attributes after each family-header length, and the control-message parsers.
pub fn poke_message(m: &Message<'_>) {
    assert!(m.bytes().len() >= 16);
    assert_eq!(
        usize::try_from(m.header().len()).ok(),
        Some(m.bytes().len())
    );
    let _ = (m.message_type(), m.flags(), m.seq(), m.pid(), m.payload());
    let _ = (m.to_string(), format!("{m:?}"));
    let _ = m.family_header::<[u8; 4]>();
    let _ = m.family_header::<[u8; 16]>();
    for h in FAMILY_HEADER_LENS {
        if let Ok(attrs) = m.attrs(h) {
            poke_attrs(attrs, 0);
        }
    }
    let _ = m.attrs(usize::MAX);
    poke_error(m);
    poke_done(m);
}

/// `Done::parse` and everything reachable from it.
pub fn poke_done(m: &Message<'_>) {
    if let Ok(d) = Done::parse(m) {
        let _ = (
            d.code(),
            d.errno(),
            d.ext_ack(),
            d.is_interrupted(),
            d.message(),
        );
        if let Some(p) = d.ext_ack().policy {
            let _ = p.to_string();
        }
    }
}

/// `ErrorMsg::parse` and everything reachable from it, including `attr_path` on the
/// echoed request at the ext-ack offsets.
pub fn poke_error(m: &Message<'_>) {
    let Ok(e) = ErrorMsg::parse(m) else {
        return;
    };
    let _ = (e.code(), e.errno(), e.is_ack(), e.is_capped(), e.message());
    let hdr = e.request_header();
    let _ = (
        hdr.len(),
        hdr.message_type(),
        hdr.flags(),
        hdr.seq(),
        hdr.pid(),
    );
    let req = e.echoed_request();
    assert!(req.len() >= 16);
    if e.is_capped() {
        assert_eq!(req.len(), 16);
    }
    let x = e.ext_ack();
    let _ = (x.msg, x.cookie, x.missing_type, x.is_empty());
    if let Some(p) = x.policy {
        let _ = p.to_string();
    }
    for off in [x.offset, x.missing_nest].into_iter().flatten() {
        for h in FAMILY_HEADER_LENS {
            check_path(req, h, off);
        }
    }
}

/// `attr_path` at `offset` with a few sanity checks on the answer.
pub fn check_path(request: &[u8], family_header_len: usize, offset: u32) {
    let p = attr_path(request, family_header_len, offset);
    assert_eq!(p.kinds().len(), p.offsets().len());
    assert!(p.kinds().len() <= nlwire_codec::ack::MAX_ATTR_DEPTH);
    for (k, o) in p.kinds().iter().zip(p.offsets()) {
        assert!(*k <= NLA_TYPE_MASK);
        assert!(*o <= offset);
    }
    if usize::try_from(offset).map_or(true, |o| o >= request.len()) {
        assert_eq!(p.target, nlwire_codec::PathTarget::OutOfRange);
    }
    let _ = p.to_string();
    let _ = p
        .display_with(|_, k| if k == 3 { Some("THREE") } else { None })
        .to_string();
    let q = nlwire_codec::ack::attr_path_with(request, family_header_len, offset, |path| {
        if path.len() == 3 { 16 } else { 0 }
    });
    let _ = q.to_string();
}

/// Runs `Messages` over `buf` and [`poke_message`] on each; returns the item count.
pub fn poke_buffer(buf: &[u8]) -> usize {
    let mut it = Messages::new(buf);
    let mut n = 0;
    let mut failed = false;
    while let Some(r) = it.next() {
        assert!(!failed, "a message after a framing error");
        n += 1;
        assert!(n <= buf.len() / 16 + 1, "more messages than bytes");
        match r {
            Ok(m) => {
                assert_eq!(&buf[m.offset()..m.offset() + m.bytes().len()], m.bytes());
                poke_message(&m);
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

/// An attribute tree as parsed: a nest is an attribute with `NLA_F_NESTED` whose payload
/// frames as attributes (down to [`MAX_DEPTH`]); everything else is a leaf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tree {
    /// A leaf: `nla_type` as on the wire, and the payload.
    Leaf(u16, Vec<u8>),
    /// A nest: `nla_type` as on the wire, and the children.
    Nest(u16, Vec<Tree>),
}

/// Parses the attributes of `attrs` into trees, stopping at the first framing error
/// (returned as `false`).
pub fn parse_trees(attrs: Attrs<'_>, depth: usize) -> (Vec<Tree>, bool) {
    let mut out = Vec::new();
    for r in attrs {
        let Ok(a) = r else {
            return (out, false);
        };
        if depth < MAX_DEPTH && a.is_nested() && a.nested().validate().is_ok() {
            let (children, ok) = parse_trees(a.nested(), depth + 1);
            assert!(ok, "validate() said the nest frames");
            out.push(Tree::Nest(a.raw_kind(), children));
        } else {
            out.push(Tree::Leaf(a.raw_kind(), a.payload().to_vec()));
        }
    }
    (out, true)
}

/// The canonical encoding of `trees`, written from the kernel's rules without the codec:
/// `nla_len` = header + payload, zero padding to 4, a nest covers its padded children.
/// `None` when an attribute would exceed 65,535 bytes.
pub fn canonical(trees: &[Tree], out: &mut Vec<u8>) -> Option<()> {
    for t in trees {
        let start = out.len();
        out.extend_from_slice(&[0, 0]);
        match t {
            Tree::Leaf(kind, payload) => {
                out.extend_from_slice(&kind.to_ne_bytes());
                out.extend_from_slice(payload);
            }
            Tree::Nest(kind, children) => {
                out.extend_from_slice(&kind.to_ne_bytes());
                canonical(children, out)?;
            }
        }
        let len = u16::try_from(out.len() - start).ok()?;
        out[start..start + 2].copy_from_slice(&len.to_ne_bytes());
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }
    Some(())
}

/// Writes `trees` with the codec's builder (nests with `nest_noflag`, since the raw kind
/// already carries `NLA_F_NESTED`).
pub fn emit<B: Buffer + ?Sized>(b: &mut Builder<'_, B>, trees: &[Tree]) -> Result<(), EncodeError> {
    for t in trees {
        match t {
            Tree::Leaf(kind, payload) => b.put(*kind, payload)?,
            Tree::Nest(kind, children) => b.nest_noflag(*kind, |b| emit(b, children))?,
        }
    }
    Ok(())
}
