//! Policy routing rules (`RTM_NEWRULE`/`RTM_DELRULE`/`RTM_GETRULE`) for IPv4 and IPv6:
//! `fib_nl_newrule`, `fib_nl_delrule` and the dump, with the default rules of a new
//! namespace, priority auto-assignment and the `FIB_RULE_*` state flags; and
//! [`lookup`], the rule walk (`fib_rules_lookup`) IPv4 and IPv6 lookups go through.

use std::collections::VecDeque;
use std::sync::OnceLock;

use nlwire_codec::rtnl::rule::{action, fra};
use nlwire_codec::rtnl::{family, group, rtm};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, MessageType};

use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::hdr::rtprot;
use crate::netlink::{Dump, DumpKind, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, Range, Strictness};
use crate::state::{Ctx, State};
use crate::texts;

/// `EAFNOSUPPORT`.
const EAFNOSUPPORT: Errno = Errno(97);
/// `RTNL_FAMILY_IPMR`.
const FAMILY_IPMR: u8 = 128;
/// `RTNL_FAMILY_IP6MR`.
const FAMILY_IP6MR: u8 = 129;
/// `FIB_RULE_UNRESOLVED`.
const UNRESOLVED: u32 = 4;
/// `FIB_RULE_IIF_DETACHED`.
const IIF_DETACHED: u32 = 8;
/// `FIB_RULE_OIF_DETACHED`.
const OIF_DETACHED: u32 = 0x10;
/// An estimate of `fib_rule_nlmsg_size()`.
const ALLOC: usize = 256;

/// One rule (`struct fib_rule` with its family part).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub family: u8,
    pub pref: u32,
    pub table: u32,
    pub action: u8,
    pub flags: u32,
    pub src: Option<(Vec<u8>, u8)>,
    pub dst: Option<(Vec<u8>, u8)>,
    pub tos: u8,
    pub iifname: Option<String>,
    pub oifname: Option<String>,
    pub mark: u32,
    pub mark_mask: u32,
    pub target: u32,
    pub tun_id: u64,
    pub suppress_prefixlen: u32,
    pub suppress_ifgroup: u32,
    pub l3mdev: u8,
    pub uid_range: Option<(u32, u32)>,
    pub proto: u8,
    pub ip_proto: u8,
    pub sport: Option<(u16, u16)>,
    pub dport: Option<(u16, u16)>,
    pub sport_mask: u16,
    pub dport_mask: u16,
    pub dscp: Option<(u8, u8)>,
    pub flow: u32,
    pub flowlabel: Option<(u32, u32)>,
}

impl Rule {
    fn new(family: u8) -> Self {
        Self {
            family,
            pref: 0,
            table: 0,
            action: 0,
            flags: 0,
            src: None,
            dst: None,
            tos: 0,
            iifname: None,
            oifname: None,
            mark: 0,
            mark_mask: 0,
            target: 0,
            tun_id: 0,
            suppress_prefixlen: u32::MAX,
            suppress_ifgroup: u32::MAX,
            l3mdev: 0,
            uid_range: None,
            proto: 0,
            ip_proto: 0,
            sport: None,
            dport: None,
            sport_mask: 0,
            dport_mask: 0,
            dscp: None,
            flow: 0,
            flowlabel: None,
        }
    }

    fn default_rule(family: u8, pref: u32, table: u32) -> Self {
        Self {
            pref,
            table,
            action: action::TO_TBL,
            proto: rtprot::KERNEL,
            ..Self::new(family)
        }
    }
}

/// The rules of a namespace, per family in list (priority) order.
#[derive(Clone, Debug)]
pub(crate) struct Rules {
    pub v4: Vec<Rule>,
    pub v6: Vec<Rule>,
    /// `net->ipv4.fib_has_custom_rules`: set by the first IPv4 rule added (and never
    /// cleared, as in the kernel). Until then lookups use the merged local+main table
    /// and report table main.
    pub custom4: bool,
    /// `net->ipv6.fib6_has_custom_rules`, the same for IPv6.
    pub custom6: bool,
}

impl Default for Rules {
    /// A new namespace's rules: `0 local`, `32766 main`, `32767 default` for IPv4; IPv6
    /// has no `default` rule.
    fn default() -> Self {
        Self {
            v4: vec![
                Rule::default_rule(family::INET, 0, 255),
                Rule::default_rule(family::INET, 32766, 254),
                Rule::default_rule(family::INET, 32767, 253),
            ],
            v6: vec![
                Rule::default_rule(family::INET6, 0, 255),
                Rule::default_rule(family::INET6, 32766, 254),
            ],
            custom4: false,
            custom6: false,
        }
    }
}

impl Rules {
    fn list(&mut self, fam: u8) -> &mut Vec<Rule> {
        if fam == family::INET6 {
            &mut self.v6
        } else {
            &mut self.v4
        }
    }
}

fn fra_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        let mut dscp = AttrPolicy::u8();
        dscp.range = Some(Range::Unsigned(0, 63));
        let mut dscp_mask = AttrPolicy::u8();
        dscp_mask.range = Some(Range::Unsigned(0, 63));
        let mut l3mdev = AttrPolicy::u8();
        l3mdev.range = Some(Range::Unsigned(0, 1));
        policy::table(
            fra::DSCP_MASK,
            &[
                (fra::DST, AttrPolicy::binary(16)),
                (fra::SRC, AttrPolicy::binary(16)),
                (fra::IIFNAME, AttrPolicy::string(15)),
                (fra::GOTO, AttrPolicy::u32()),
                (fra::PRIORITY, AttrPolicy::u32()),
                (fra::FWMARK, AttrPolicy::u32()),
                (fra::FLOW, AttrPolicy::u32()),
                (fra::TUN_ID, AttrPolicy::u64()),
                (fra::SUPPRESS_IFGROUP, AttrPolicy::u32()),
                (fra::SUPPRESS_PREFIXLEN, AttrPolicy::u32()),
                (fra::TABLE, AttrPolicy::u32()),
                (fra::FWMASK, AttrPolicy::u32()),
                (fra::OIFNAME, AttrPolicy::string(15)),
                (fra::L3MDEV, l3mdev),
                (fra::UID_RANGE, AttrPolicy::binary(8)),
                (fra::PROTOCOL, AttrPolicy::u8()),
                (fra::IP_PROTO, AttrPolicy::u8()),
                (fra::SPORT_RANGE, AttrPolicy::binary(4)),
                (fra::DPORT_RANGE, AttrPolicy::binary(4)),
                (fra::DSCP, dscp),
                (fra::FLOWLABEL, AttrPolicy::u32()),
                (fra::FLOWLABEL_MASK, AttrPolicy::u32()),
                (fra::SPORT_MASK, AttrPolicy::u16()),
                (fra::DPORT_MASK, AttrPolicy::u16()),
                (fra::DSCP_MASK, dscp_mask),
            ],
        )
    })
}

type Tb<'a> = Vec<Option<Attr<'a>>>;

fn get<'a>(tb: &Tb<'a>, t: u16) -> Option<Attr<'a>> {
    tb.get(usize::from(t)).copied().flatten()
}

fn u32_of(a: &Attr<'_>) -> u32 {
    a.payload()
        .get(..4)
        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

fn u16_of(a: &Attr<'_>) -> u16 {
    a.payload()
        .get(..2)
        .map_or(0, |b| u16::from_ne_bytes([b[0], b[1]]))
}

fn be32_of(a: &Attr<'_>) -> u32 {
    a.payload()
        .get(..4)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn str_of(a: &Attr<'_>) -> String {
    let p = a.payload();
    let end = p.iter().position(|&c| c == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end.min(15)]).into_owned()
}

/// `struct fib_rule_hdr`, parsed.
#[derive(Clone, Copy, Debug, Default)]
struct Hdr {
    family: u8,
    dst_len: u8,
    src_len: u8,
    tos: u8,
    table: u8,
    res1: u8,
    res2: u8,
    action: u8,
    flags: u32,
}

impl Hdr {
    const LEN: usize = 12;
    fn parse(b: &[u8]) -> Option<Self> {
        let b = b.get(..Self::LEN)?;
        Some(Self {
            family: b[0],
            dst_len: b[1],
            src_len: b[2],
            tos: b[3],
            table: b[4],
            res1: b[5],
            res2: b[6],
            action: b[7],
            flags: u32::from_ne_bytes([b[8], b[9], b[10], b[11]]),
        })
    }
}

/// The request's rule, what it set explicitly, and the header.
struct Parsed {
    rule: Rule,
    user_priority: bool,
    hdr: Hdr,
}

/// `fib_nl2rule` plus the family's `configure` checks.
fn nl2rule(
    c: &mut Ctx<'_>,
    h: Hdr,
    tb: &Tb<'_>,
    add: bool,
    ext: &mut Ext,
) -> Result<Parsed, Errno> {
    let alen: usize = if h.family == family::INET6 { 16 } else { 4 };
    let mut r = Rule::new(h.family);
    if h.src_len != 0 {
        match get(tb, fra::SRC) {
            Some(a) if usize::from(h.src_len) <= alen * 8 && a.payload().len() == alen => {
                r.src = Some((a.payload().to_vec(), h.src_len));
            }
            _ => {
                ext.msg(texts::RULE_SRC);
                return Err(Errno::EINVAL);
            }
        }
    }
    if h.dst_len != 0 {
        match get(tb, fra::DST) {
            Some(a) if usize::from(h.dst_len) <= alen * 8 && a.payload().len() == alen => {
                r.dst = Some((a.payload().to_vec(), h.dst_len));
            }
            _ => {
                ext.msg(texts::RULE_DST);
                return Err(Errno::EINVAL);
            }
        }
    }
    let user_priority = get(tb, fra::PRIORITY).is_some();
    r.pref = match get(tb, fra::PRIORITY) {
        Some(a) => u32_of(&a),
        None => {
            // fib_default_rule_pref: one below the second rule's priority.
            let list = c.ns.rules.list(h.family);
            match list.get(1) {
                Some(x) if x.pref != 0 => x.pref - 1,
                _ => 0,
            }
        }
    };
    r.proto = get(tb, fra::PROTOCOL)
        .and_then(|a| a.payload().first().copied())
        .unwrap_or(0);
    r.iifname = get(tb, fra::IIFNAME).map(|a| str_of(&a));
    r.oifname = get(tb, fra::OIFNAME).map(|a| str_of(&a));
    if let Some(a) = get(tb, fra::FWMARK) {
        r.mark = u32_of(&a);
        if r.mark != 0 {
            r.mark_mask = u32::MAX;
        }
    }
    if let Some(a) = get(tb, fra::FWMASK) {
        r.mark_mask = u32_of(&a);
    }
    if let Some(a) = get(tb, fra::TUN_ID) {
        r.tun_id = a
            .payload()
            .get(..8)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(0, u64::from_be_bytes);
    }
    if let Some(a) = get(tb, fra::L3MDEV) {
        r.l3mdev = a.payload().first().copied().unwrap_or(0);
    }
    r.action = h.action;
    r.flags = h.flags;
    r.table = get(tb, fra::TABLE).map_or(u32::from(h.table), |a| u32_of(&a));
    if let Some(a) = get(tb, fra::SUPPRESS_PREFIXLEN) {
        r.suppress_prefixlen = u32_of(&a);
    }
    if let Some(a) = get(tb, fra::SUPPRESS_IFGROUP) {
        r.suppress_ifgroup = u32_of(&a);
    }
    if let Some(a) = get(tb, fra::GOTO) {
        if r.action != action::GOTO {
            ext.msg(texts::RULE_UNEXPECTED_GOTO);
            return Err(Errno::EINVAL);
        }
        r.target = u32_of(&a);
        if r.target <= r.pref {
            ext.msg(texts::RULE_BACKWARD_GOTO);
            return Err(Errno::EINVAL);
        }
    } else if r.action == action::GOTO {
        ext.msg(texts::RULE_GOTO_MISSING);
        return Err(Errno::EINVAL);
    }
    if r.l3mdev != 0 && r.table != 0 {
        ext.msg(texts::RULE_L3MDEV_TABLE);
        return Err(Errno::EINVAL);
    }
    if let Some(a) = get(tb, fra::UID_RANGE) {
        let start = u32_of(&a);
        let end = a
            .payload()
            .get(4..8)
            .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
        // uid_range_set() is false for the full range, which is refused too.
        if start > end || (start == 0 && end == u32::MAX) {
            ext.msg(texts::RULE_UID_RANGE);
            return Err(Errno::EINVAL);
        }
        r.uid_range = Some((start, end));
    }
    if let Some(a) = get(tb, fra::IP_PROTO) {
        r.ip_proto = a.payload().first().copied().unwrap_or(0);
    }
    for (t, msg) in [
        (fra::SPORT_RANGE, texts::RULE_SPORT_RANGE),
        (fra::DPORT_RANGE, texts::RULE_DPORT_RANGE),
    ] {
        let Some(a) = get(tb, t) else { continue };
        let start = u16_of(&a);
        let end = a
            .payload()
            .get(2..4)
            .map_or(0, |b| u16::from_ne_bytes([b[0], b[1]]));
        if start == 0 || end == 0 || start > end {
            ext.msg(msg);
            return Err(Errno::EINVAL);
        }
        let mask = if start == end { u16::MAX } else { 0 };
        if t == fra::SPORT_RANGE {
            r.sport = Some((start, end));
            r.sport_mask = mask;
        } else {
            r.dport = Some((start, end));
            r.dport_mask = mask;
        }
    }
    if let Some(a) = get(tb, fra::SPORT_MASK) {
        r.sport_mask = u16_of(&a);
    }
    if let Some(a) = get(tb, fra::DPORT_MASK) {
        r.dport_mask = u16_of(&a);
    }
    // The family's configure.
    if h.family == family::INET && h.tos & 0x3 != 0 {
        ext.msg(texts::RULE_TOS_ECN);
        return Err(Errno::EINVAL);
    }
    r.tos = h.tos;
    if let Some(a) = get(tb, fra::DSCP) {
        if h.tos != 0 {
            ext.msg(texts::RULE_TOS_DSCP);
            return Err(Errno::EINVAL);
        }
        let mask = get(tb, fra::DSCP_MASK)
            .and_then(|m| m.payload().first().copied())
            .unwrap_or(0x3f);
        r.dscp = Some((a.payload().first().copied().unwrap_or(0), mask));
    }
    if h.family == family::INET {
        if let Some(a) = get(tb, fra::FLOW) {
            r.flow = u32_of(&a);
        }
    } else if let Some(a) = get(tb, fra::FLOWLABEL) {
        let mask = get(tb, fra::FLOWLABEL_MASK).map_or(0, |m| be32_of(&m));
        r.flowlabel = Some((be32_of(&a), mask));
    }
    if add && r.action == action::TO_TBL && r.l3mdev == 0 && r.table == 0 {
        if h.family == family::INET6 {
            ext.msg(texts::RULE_INVALID_TABLE);
            return Err(Errno::EINVAL);
        }
        // fib_empty_table: the first table id without a table, which it creates.
        let id = (1..=u32::MAX)
            .find(|&i| c.ns.table(i).is_none())
            .unwrap_or(0);
        c.ns.table_create(id);
        r.table = id;
    }
    Ok(Parsed {
        rule: r,
        user_priority,
        hdr: h,
    })
}

/// `rule_exists`: an identical rule (protocol aside).
fn same(a: &Rule, b: &Rule) -> bool {
    let mut x = a.clone();
    x.proto = b.proto;
    x == *b
}

/// `rule_find`: `want`'s fields that were given must match.
fn matches(r: &Rule, p: &Parsed, tb: &Tb<'_>) -> bool {
    let w = &p.rule;
    let h = &p.hdr;
    (w.action == 0 || r.action == w.action)
        && (w.table == 0 || r.table == w.table)
        && (!p.user_priority || r.pref == w.pref)
        && (w.iifname.is_none() || r.iifname == w.iifname)
        && (w.oifname.is_none() || r.oifname == w.oifname)
        && (w.mark == 0 || r.mark == w.mark)
        && (w.suppress_ifgroup == u32::MAX || r.suppress_ifgroup == w.suppress_ifgroup)
        && (w.suppress_prefixlen == u32::MAX || r.suppress_prefixlen == w.suppress_prefixlen)
        && (w.mark_mask == 0 || r.mark_mask == w.mark_mask)
        && (w.tun_id == 0 || r.tun_id == w.tun_id)
        && (w.l3mdev == 0 || r.l3mdev == w.l3mdev)
        && (w.uid_range.is_none() || r.uid_range == w.uid_range)
        && (w.ip_proto == 0 || r.ip_proto == w.ip_proto)
        && (w.proto == 0 || r.proto == w.proto)
        && (w.sport.is_none() || r.sport == w.sport)
        && (w.dport.is_none() || r.dport == w.dport)
        && (h.src_len == 0 || r.src == w.src)
        && (h.dst_len == 0 || r.dst == w.dst)
        && (h.tos == 0 || r.tos == h.tos)
        && (get(tb, fra::DSCP).is_none() || r.dscp == w.dscp)
        && (get(tb, fra::FLOW).is_none() || r.flow == w.flow)
        && (get(tb, fra::FLOWLABEL).is_none() || r.flowlabel == w.flowlabel)
}

/// `fib_nl_fill_rule` with the family's `fill`. `list` resolves goto targets and
/// `links` the interface names.
#[allow(clippy::too_many_arguments)]
fn write_rule<B: Buffer + ?Sized>(
    buf: &mut B,
    r: &Rule,
    list: &[Rule],
    has_link: &dyn Fn(&str) -> bool,
    kind: MessageType,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, kind, flags, seq, pid)?;
    let mut fl = r.flags;
    if r.action == action::GOTO && !list.iter().any(|x| x.pref == r.target) {
        fl |= UNRESOLVED;
    }
    if r.iifname.as_deref().is_some_and(|n| !has_link(n)) {
        fl |= IIF_DETACHED;
    }
    if r.oifname.as_deref().is_some_and(|n| !has_link(n)) {
        fl |= OIF_DETACHED;
    }
    let mut h = [0u8; Hdr::LEN];
    h[0] = r.family;
    h[1] = r.dst.as_ref().map_or(0, |d| d.1);
    h[2] = r.src.as_ref().map_or(0, |s| s.1);
    h[3] = r.tos;
    h[4] = u8::try_from(r.table).unwrap_or(crate::hdr::table::COMPAT);
    h[7] = r.action;
    h[8..12].copy_from_slice(&fl.to_ne_bytes());
    b.put_bytes(&h)?;
    b.put_u32(fra::TABLE, r.table)?;
    b.put_u32(fra::SUPPRESS_PREFIXLEN, r.suppress_prefixlen)?;
    b.put_u8(fra::PROTOCOL, r.proto)?;
    if let Some(n) = &r.iifname {
        b.put_str(fra::IIFNAME, n)?;
    }
    if let Some(n) = &r.oifname {
        b.put_str(fra::OIFNAME, n)?;
    }
    if r.pref != 0 {
        b.put_u32(fra::PRIORITY, r.pref)?;
    }
    if r.mark != 0 {
        b.put_u32(fra::FWMARK, r.mark)?;
    }
    if r.mark_mask != 0 || r.mark != 0 {
        b.put_u32(fra::FWMASK, r.mark_mask)?;
    }
    if r.target != 0 {
        b.put_u32(fra::GOTO, r.target)?;
    }
    if r.tun_id != 0 {
        b.put_be64(fra::TUN_ID, r.tun_id)?;
    }
    if r.suppress_ifgroup != u32::MAX {
        b.put_u32(fra::SUPPRESS_IFGROUP, r.suppress_ifgroup)?;
    }
    if r.l3mdev != 0 {
        b.put_u8(fra::L3MDEV, r.l3mdev)?;
    }
    if let Some((s, e)) = r.uid_range {
        let mut v = [0u8; 8];
        v[..4].copy_from_slice(&s.to_ne_bytes());
        v[4..].copy_from_slice(&e.to_ne_bytes());
        b.put(fra::UID_RANGE, &v)?;
    }
    for (range, rt, mask, mt) in [
        (r.sport, fra::SPORT_RANGE, r.sport_mask, fra::SPORT_MASK),
        (r.dport, fra::DPORT_RANGE, r.dport_mask, fra::DPORT_MASK),
    ] {
        if let Some((s, e)) = range {
            let mut v = [0u8; 4];
            v[..2].copy_from_slice(&s.to_ne_bytes());
            v[2..].copy_from_slice(&e.to_ne_bytes());
            b.put(rt, &v)?;
        }
        if mask != 0 {
            b.put_u16(mt, mask)?;
        }
    }
    if r.ip_proto != 0 {
        b.put_u8(fra::IP_PROTO, r.ip_proto)?;
    }
    if let Some((a, _)) = &r.dst {
        b.put(fra::DST, a)?;
    }
    if let Some((a, _)) = &r.src {
        b.put(fra::SRC, a)?;
    }
    if r.flow != 0 {
        b.put_u32(fra::FLOW, r.flow)?;
    }
    if let Some((d, m)) = r.dscp {
        b.put_u8(fra::DSCP, d)?;
        b.put_u8(fra::DSCP_MASK, m)?;
    }
    if let Some((l, m)) = r.flowlabel {
        b.put_be32(fra::FLOWLABEL, l)?;
        b.put_be32(fra::FLOWLABEL_MASK, m)?;
    }
    b.finish();
    Ok(())
}

fn rule_group(fam: u8) -> u32 {
    if fam == family::INET6 {
        group::IPV6_RULE
    } else {
        group::IPV4_RULE
    }
}

/// Common start of new/del: header, family, attributes.
fn parse_req<'a>(req: &Req<'a>, ext: &mut Ext) -> Result<(Hdr, Tb<'a>), Errno> {
    let Some(h) = Hdr::parse(req.msg.payload()) else {
        ext.msg(texts::RULE_MSG_LEN);
        return Err(Errno::EINVAL);
    };
    if h.family != family::INET && h.family != family::INET6 {
        ext.msg(texts::RULE_FAMILY);
        return Err(EAFNOSUPPORT);
    }
    let attrs = req.msg.attrs(Hdr::LEN).map_err(|_| Errno::EINVAL)?;
    let tb = match policy::parse(attrs, fra_policy(), Strictness::Liberal, ext) {
        Ok(tb) => tb,
        Err(e) => {
            ext.msg(texts::RULE_PARSE);
            return Err(e);
        }
    };
    Ok((h, tb))
}

/// Writes a rule notification for the requester of `req`.
fn notify(c: &mut Ctx<'_>, r: &Rule, kind: MessageType, req: &Req<'_>) {
    let list = if r.family == family::INET6 {
        c.ns.rules.v6.clone()
    } else {
        c.ns.rules.v4.clone()
    };
    let ns = &*c.ns;
    let has_link = |n: &str| ns.link_by_name(n).is_some();
    let mut b = VecBuf::new();
    if write_rule(
        &mut b,
        r,
        &list,
        &has_link,
        kind,
        Flags::EMPTY,
        req.seq(),
        req.port,
    )
    .is_ok()
    {
        c.note(rule_group(r.family), b.into_vec(), ALLOC, req.echo());
    }
}

/// `RTM_NEWRULE` (`fib_nl_newrule`).
pub(crate) fn newrule(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse_req(req, ext)?;
    st.with_ns(req.ns, |c| {
        let p = nl2rule(c, h, &tb, true, ext)?;
        let rule = p.rule;
        let list = c.ns.rules.list(h.family);
        if req.flags().contains(Flags::EXCL) && list.iter().any(|x| same(x, &rule)) {
            return Err(Errno::EEXIST);
        }
        // After every rule of the same or a lower priority.
        let at = list
            .iter()
            .position(|x| x.pref > rule.pref)
            .unwrap_or(list.len());
        list.insert(at, rule.clone());
        if h.family == family::INET {
            c.ns.rules.custom4 = true;
        } else {
            c.ns.rules.custom6 = true;
        }
        notify(c, &rule, rtm::NEWRULE, req);
        Ok(Outcome::Done)
    })
}

/// `RTM_DELRULE` (`fib_nl_delrule`): deletes the first rule that matches.
pub(crate) fn delrule(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let (h, tb) = parse_req(req, ext)?;
    st.with_ns(req.ns, |c| {
        let p = nl2rule(c, h, &tb, false, ext)?;
        let list = c.ns.rules.list(h.family);
        let Some(pos) = list.iter().position(|r| matches(r, &p, &tb)) else {
            return Err(Errno::ENOENT);
        };
        let r = list.remove(pos);
        notify(c, &r, rtm::DELRULE, req);
        Ok(Outcome::Done)
    })
}

/// Starts an `RTM_GETRULE` dump (`fib_nl_dumprule`); `NLMSG_DONE` shares the last
/// datagram. `AF_UNSPEC` lists IPv4, the multicast routing families, then IPv6.
pub(crate) fn dump_start(st: &mut State, req: &Req<'_>) -> HResult {
    let payload = req.msg.payload();
    let fam = payload.first().copied().unwrap_or(0);
    let mut ext = Ext::default();
    let r: Result<(), Errno> = (|| {
        if req.strict {
            let Some(h) = Hdr::parse(payload) else {
                ext.msg(texts::RULE_DUMP_HEADER);
                return Err(Errno::EINVAL);
            };
            if h.dst_len != 0
                || h.src_len != 0
                || h.tos != 0
                || h.table != 0
                || h.res1 != 0
                || h.res2 != 0
                || h.action != 0
                || h.flags != 0
            {
                ext.msg(texts::RULE_DUMP_VALUES);
                return Err(Errno::EINVAL);
            }
            if payload.len() > Hdr::LEN {
                ext.msg(texts::RULE_DUMP_ATTR);
                return Err(Errno::EINVAL);
            }
        }
        if ![
            family::UNSPEC,
            family::INET,
            family::INET6,
            FAMILY_IPMR,
            FAMILY_IP6MR,
        ]
        .contains(&fam)
        {
            return Err(EAFNOSUPPORT);
        }
        Ok(())
    })();
    if let Err(e) = r {
        let d = Dump::new(req, DumpKind::Empty, false);
        return start_dump(st, req, d.failed(e, ext));
    }
    let mut q = VecDeque::new();
    if let Some(ns) = st.nss.get(&req.ns) {
        let has_link = |n: &str| ns.link_by_name(n).is_some();
        let mr = [
            Rule::default_rule(FAMILY_IPMR, 32767, 253),
            Rule::default_rule(FAMILY_IP6MR, 32767, 254),
        ];
        let lists: [(u8, &[Rule]); 4] = [
            (family::INET, &ns.rules.v4),
            (FAMILY_IPMR, &mr[..1]),
            (FAMILY_IP6MR, &mr[1..]),
            (family::INET6, &ns.rules.v6),
        ];
        for (f, list) in lists {
            if fam != family::UNSPEC && fam != f {
                continue;
            }
            for r in list {
                let mut b = VecBuf::new();
                if write_rule(
                    &mut b,
                    r,
                    list,
                    &has_link,
                    rtm::NEWRULE,
                    Flags::EMPTY,
                    req.seq(),
                    req.port,
                )
                .is_ok()
                {
                    q.push_back(b.into_vec());
                }
            }
        }
    }
    let d = Dump::new(req, DumpKind::Prepared(q), false);
    start_dump(st, req, d)
}

/// `FIB_RULE_INVERT`.
const INVERT: u32 = 2;

/// The flow a rule lookup matches (`struct flowi` as `fib_rule_match` and the
/// families' `match` see it). Addresses are 4 or 16 bytes, in network order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Flow {
    /// Source address (all zeros when none).
    pub src: Vec<u8>,
    /// Destination address.
    pub dst: Vec<u8>,
    /// Input interface (`LOOPBACK_IFINDEX` for locally generated traffic).
    pub iif: i32,
    /// Output interface, 0 for any.
    pub oif: i32,
    /// Firewall mark.
    pub mark: u32,
    /// IPv4 TOS byte or IPv6 traffic class (DSCP in the top six bits).
    pub tos: u8,
    /// User id.
    pub uid: u32,
    /// IP protocol, 0 for any.
    pub ip_proto: u8,
    /// Source port (host order).
    pub sport: u16,
    /// Destination port (host order).
    pub dport: u16,
    /// IPv6 flow label (host order).
    pub flowlabel: u32,
}

/// Whether the first `len` bits of `a` and `b` agree.
fn prefix_eq(a: &[u8], b: &[u8], len: u8) -> bool {
    let mut left = usize::from(len);
    for (x, y) in a.iter().zip(b) {
        if left == 0 {
            return true;
        }
        let bits = left.min(8);
        let mask = 0xffu8 << (8 - bits);
        if (x ^ y) & mask != 0 {
            return false;
        }
        left -= bits;
    }
    left == 0
}

/// `fib_rule_match` with `fib4_rule_match` / `fib6_rule_match`. `ifindex` resolves an
/// interface name (a rule whose device is absent matches nothing).
fn rule_match(r: &Rule, fl: &Flow, ifindex: &dyn Fn(&str) -> Option<i32>) -> bool {
    let generic = || {
        if let Some(n) = &r.iifname {
            if ifindex(n) != Some(fl.iif) {
                return false;
            }
        }
        if let Some(n) = &r.oifname {
            if ifindex(n) != Some(fl.oif) {
                return false;
            }
        }
        if (r.mark ^ fl.mark) & r.mark_mask != 0 {
            return false;
        }
        if r.tun_id != 0 || r.l3mdev != 0 {
            return false;
        }
        if let Some((s, e)) = r.uid_range {
            if fl.uid < s || fl.uid > e {
                return false;
            }
        }
        if let Some((a, l)) = &r.src {
            if !prefix_eq(a, &fl.src, *l) {
                return false;
            }
        }
        if let Some((a, l)) = &r.dst {
            if !prefix_eq(a, &fl.dst, *l) {
                return false;
            }
        }
        if let Some((d, m)) = r.dscp {
            if (d ^ (fl.tos >> 2)) & m != 0 {
                return false;
            }
        } else if r.tos != 0 && r.tos != fl.tos & 0xfc {
            return false;
        }
        if let Some((l, m)) = r.flowlabel {
            if (l ^ fl.flowlabel) & m != 0 {
                return false;
            }
        }
        if r.ip_proto != 0 && r.ip_proto != fl.ip_proto {
            return false;
        }
        for (range, port) in [(r.sport, fl.sport), (r.dport, fl.dport)] {
            if let Some((s, e)) = range {
                if port < s || port > e {
                    return false;
                }
            }
        }
        true
    };
    let m = generic();
    if r.flags & INVERT != 0 { !m } else { m }
}

/// `fib_rules_lookup`: walks the family's rules in priority order. For a matching
/// `to table` rule, `table` looks the flow up in that table (`Err(EAGAIN)`: nothing
/// there, go on); a result `suppress` rejects (`suppress_prefixlength`) goes on too.
/// `goto` jumps to the first rule of the target priority, `nop` goes on, `blackhole`,
/// `unreachable` and `prohibit` end the walk with `EINVAL`, `ENETUNREACH` and
/// `EACCES`. Returns the result and the table it came from; `ESRCH` when no rule
/// gave one.
pub(crate) fn lookup<T>(
    rules: &[Rule],
    fl: &Flow,
    ifindex: &dyn Fn(&str) -> Option<i32>,
    mut table: impl FnMut(u32) -> Result<T, Errno>,
    suppress: impl Fn(&T, &Rule) -> bool,
) -> Result<(T, u32), Errno> {
    let mut i = 0;
    while let Some(r) = rules.get(i) {
        i += 1;
        if !rule_match(r, fl, ifindex) {
            continue;
        }
        let res = match r.action {
            action::GOTO => {
                if let Some(t) = rules.iter().position(|x| x.pref == r.target) {
                    // The walk goes on at the target, which must match in turn.
                    i = t;
                }
                continue;
            }
            action::TO_TBL => table(r.table),
            action::BLACKHOLE => Err(Errno::EINVAL),
            action::UNREACHABLE => Err(Errno::ENETUNREACH),
            action::PROHIBIT => Err(Errno::EACCES),
            _ => continue,
        };
        match res {
            Ok(t) if suppress(&t, r) => continue,
            Ok(t) => return Ok((t, r.table)),
            Err(e) if e == Errno::EAGAIN => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Errno::ESRCH)
}
