//! Generic netlink: the controller (`nlctrl`, id 16) and user-defined families whose
//! handlers run inside the simulated kernel.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, OnceLock};

use nlwire_codec::genl::GenlMsgHdr;
use nlwire_codec::genl::ctrl::{self, attr as ca, cmd, mcast_attr, op_attr, op_flags};
use nlwire_codec::{Attr, Buffer, Builder, EncodeError, Flags, Message, MessageType};

use crate::NsId;
use crate::buf::VecBuf;
use crate::errno::Errno;
use crate::netlink::{Dump, DumpKind, DumpOut, HResult, Outcome, Req, start_dump};
use crate::policy::{self, AttrPolicy, Ext, Strictness};
use crate::state::{Netns, State};

/// A request handler of a user family: given the context and the request, it replies
/// through [`GenlCtx::reply`] and returns `Ok` (an ack follows if asked) or an error.
///
/// Handlers run while the simulated kernel is locked: they must not call into the same
/// [`Kernel`](crate::Kernel).
pub type Handler = Arc<dyn Fn(&mut GenlCtx<'_>, Message<'_>) -> Result<(), Errno> + Send + Sync>;

/// One command of a user family.
#[derive(Clone)]
pub struct GenlOp {
    /// The command number (`genlmsghdr.cmd`).
    pub cmd: u8,
    /// `GENL_ADMIN_PERM` and friends (the `CAP_*` bits are added from the handlers).
    pub flags: u32,
    /// The handler of requests without `NLM_F_DUMP`.
    pub doit: Option<Handler>,
    /// The handler of dump requests: everything it replies becomes the dump.
    pub dumpit: Option<Handler>,
    /// A policy for this command only (else the family's).
    pub policy: Option<Arc<[AttrPolicy]>>,
}

impl GenlOp {
    /// A command without handlers.
    pub fn new(cmd: u8) -> Self {
        Self {
            cmd,
            flags: 0,
            doit: None,
            dumpit: None,
            policy: None,
        }
    }

    /// Sets the `do` handler.
    #[must_use]
    pub fn doit<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut GenlCtx<'_>, Message<'_>) -> Result<(), Errno> + Send + Sync + 'static,
    {
        self.doit = Some(Arc::new(f));
        self
    }

    /// Sets the `dump` handler.
    #[must_use]
    pub fn dumpit<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut GenlCtx<'_>, Message<'_>) -> Result<(), Errno> + Send + Sync + 'static,
    {
        self.dumpit = Some(Arc::new(f));
        self
    }

    /// Sets `GENL_*` flags (for example [`op_flags::ADMIN_PERM`]).
    #[must_use]
    pub fn flags(mut self, flags: u32) -> Self {
        self.flags = flags;
        self
    }

    /// A policy for this command only.
    #[must_use]
    pub fn policy(mut self, p: Vec<AttrPolicy>) -> Self {
        self.policy = Some(p.into());
        self
    }
}

impl fmt::Debug for GenlOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenlOp")
            .field("cmd", &self.cmd)
            .field("flags", &self.flags)
            .field("doit", &self.doit.is_some())
            .field("dumpit", &self.dumpit.is_some())
            .finish_non_exhaustive()
    }
}

/// The definition of a user generic netlink family.
#[derive(Clone, Debug)]
pub struct FamilyDef {
    /// The name (at most 15 bytes).
    pub name: String,
    /// The interface version.
    pub version: u8,
    /// The size of the family's fixed header after `genlmsghdr`.
    pub hdrsize: u32,
    /// The family's attribute policy, indexed by type (index 0 unused); its length minus
    /// one is `CTRL_ATTR_MAXATTR`.
    pub policy: Vec<AttrPolicy>,
    /// The commands.
    pub ops: Vec<GenlOp>,
    /// The names of the multicast groups, in order.
    pub mcast_groups: Vec<String>,
}

impl FamilyDef {
    /// A family without commands, groups or policy.
    pub fn new(name: impl Into<String>, version: u8) -> Self {
        Self {
            name: name.into(),
            version,
            hdrsize: 0,
            policy: Vec::new(),
            ops: Vec::new(),
            mcast_groups: Vec::new(),
        }
    }

    /// Sets the fixed header size.
    #[must_use]
    pub fn hdrsize(mut self, n: u32) -> Self {
        self.hdrsize = n;
        self
    }

    /// Sets the attribute policy (indexed by type).
    #[must_use]
    pub fn policy(mut self, p: Vec<AttrPolicy>) -> Self {
        self.policy = p;
        self
    }

    /// Adds a command.
    #[must_use]
    pub fn op(mut self, op: GenlOp) -> Self {
        self.ops.push(op);
        self
    }

    /// Adds a multicast group.
    #[must_use]
    pub fn mcast_group(mut self, name: impl Into<String>) -> Self {
        self.mcast_groups.push(name.into());
        self
    }

    fn maxattr(&self) -> u32 {
        u32::try_from(self.policy.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }
}

/// A registered family.
#[derive(Clone, Debug)]
pub(crate) struct Family {
    pub id: u16,
    pub def: FamilyDef,
    pub groups: Vec<(String, u32)>,
}

/// The families (global, like the kernel's).
#[derive(Debug)]
pub(crate) struct Registry {
    pub families: Vec<Family>,
    next_id: u16,
    next_group: u32,
}

impl Registry {
    pub(crate) fn new() -> Self {
        Self {
            families: Vec::new(),
            next_id: 19,
            next_group: 2,
        }
    }

    pub(crate) fn by_name(&self, name: &str) -> Option<&Family> {
        self.families.iter().find(|f| f.def.name == name)
    }

    pub(crate) fn by_id(&self, id: u16) -> Option<&Family> {
        self.families.iter().find(|f| f.id == id)
    }

    /// The highest multicast group id handed out.
    pub(crate) fn max_group(&self) -> u32 {
        self.next_group
            .saturating_sub(1)
            .max(ctrl::GENL_ID_CTRL.0.into())
    }

    pub(crate) fn register(&mut self, def: FamilyDef) -> Result<u16, Errno> {
        if def.name.is_empty() || def.name.len() > 15 {
            return Err(Errno::EINVAL);
        }
        if def.name == "nlctrl" || self.by_name(&def.name).is_some() {
            return Err(Errno::EEXIST);
        }
        let mut id = self.next_id;
        while self.by_id(id).is_some() || id == ctrl::GENL_ID_CTRL.0 {
            id = id.checked_add(1).ok_or(Errno::ENOMEM)?;
        }
        self.next_id = id.wrapping_add(1);
        let mut groups = Vec::new();
        for g in &def.mcast_groups {
            if self.next_group == u32::from(ctrl::GENL_ID_CTRL.0) {
                self.next_group += 1;
            }
            groups.push((g.clone(), self.next_group));
            self.next_group += 1;
        }
        self.families.push(Family { id, def, groups });
        self.families.sort_by_key(|f| f.id);
        Ok(id)
    }
}

/// A network device of the requester's namespace, as a family handler sees it (the
/// handlers of device-bound families such as `wireguard` and `nl80211` look their
/// devices up by index or name, as the kernel's `dev_get_by_index` does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    /// The ifindex.
    pub index: i32,
    /// The name.
    pub name: String,
    /// The `IFLA_INFO_KIND` (`rtnl_link_ops->kind`), `None` for `lo` and kindless devices.
    pub kind: Option<&'static str>,
    /// Whether it is administratively up (`IFF_UP`).
    pub up: bool,
    /// The hardware address (empty when the device has none).
    pub address: Vec<u8>,
}

impl LinkRef {
    fn of(l: &crate::state::Link) -> Self {
        Self {
            index: l.index,
            name: l.name.clone(),
            kind: l.kind.name(),
            up: l.is_up(),
            address: l.addr.clone(),
        }
    }
}

/// What a user family's handler works with.
pub struct GenlCtx<'a> {
    family_id: u16,
    netns: Option<&'a Netns>,
    version: u8,
    seq: u32,
    port: u32,
    ns: NsId,
    dump: bool,
    groups: &'a [(String, u32)],
    replies: Vec<Vec<u8>>,
    notes: Vec<(u32, Vec<u8>)>,
    ext: &'a mut Ext,
}

impl GenlCtx<'_> {
    /// The family's id (`nlmsg_type`).
    pub fn family_id(&self) -> u16 {
        self.family_id
    }
    /// The request's sequence number.
    pub fn seq(&self) -> u32 {
        self.seq
    }
    /// The requester's port id.
    pub fn port(&self) -> u32 {
        self.port
    }
    /// The requester's network namespace.
    pub fn namespace(&self) -> NsId {
        self.ns
    }
    /// Whether this is a dump (`dumpit`).
    pub fn is_dump(&self) -> bool {
        self.dump
    }

    /// The device with ifindex `index` in the requester's namespace.
    pub fn link(&self, index: i32) -> Option<LinkRef> {
        self.netns?.links.get(&index).map(LinkRef::of)
    }

    /// The device named `name` in the requester's namespace.
    pub fn link_by_name(&self, name: &str) -> Option<LinkRef> {
        self.netns?.link_by_name(name).map(LinkRef::of)
    }

    /// Every device of the requester's namespace, by ifindex.
    pub fn links(&self) -> Vec<LinkRef> {
        self.netns
            .map(|n| n.links.values().map(LinkRef::of).collect())
            .unwrap_or_default()
    }

    /// Sends a reply message with `cmd` (the family's version, the request's seq and the
    /// requester's port); `f` writes the attributes. In a dump, each reply is one message
    /// of the dump.
    pub fn reply<F>(&mut self, cmd: u8, f: F) -> Result<(), Errno>
    where
        F: FnOnce(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>,
    {
        let m = self.build(cmd, self.seq, self.port, f)?;
        self.replies.push(m);
        Ok(())
    }

    /// Multicasts a message with `cmd` to the family's group `group` (by name) in the
    /// requester's namespace; seq and port are 0.
    pub fn notify<F>(&mut self, group: &str, cmd: u8, f: F) -> Result<(), Errno>
    where
        F: FnOnce(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>,
    {
        let Some(&(_, id)) = self.groups.iter().find(|(n, _)| n == group) else {
            return Err(Errno::ENOENT);
        };
        let m = self.build(cmd, 0, 0, f)?;
        self.notes.push((id, m));
        Ok(())
    }

    fn build<F>(&self, cmd: u8, seq: u32, port: u32, f: F) -> Result<Vec<u8>, Errno>
    where
        F: FnOnce(&mut Builder<'_, VecBuf>) -> Result<(), EncodeError>,
    {
        let mut buf = VecBuf::new();
        let mut b = Builder::message(
            &mut buf,
            MessageType(self.family_id),
            Flags::EMPTY,
            seq,
            port,
        )
        .map_err(|_| Errno::EMSGSIZE)?;
        b.put_header(&GenlMsgHdr::new(cmd, self.version))
            .map_err(|_| Errno::EMSGSIZE)?;
        f(&mut b).map_err(|_| Errno::EMSGSIZE)?;
        Ok(buf.into_vec())
    }

    /// Sets the extended-ack message (`NL_SET_ERR_MSG`).
    pub fn set_error_message(&mut self, msg: impl Into<Cow<'static, str>>) {
        self.ext.msg = Some(msg.into());
    }

    /// Points the extended ack at `attr` (`NL_SET_BAD_ATTR`); `attr` must come from the
    /// request, so its offset counts from the request's header.
    pub fn set_bad_attr(&mut self, attr: &Attr<'_>) {
        self.ext.offs = u32::try_from(attr.offset()).ok();
    }

    /// Reports a missing required attribute (`GENL_REQ_ATTR_CHECK`): sets
    /// `NLMSGERR_ATTR_MISS_TYPE` and returns `EINVAL` to return from the handler.
    pub fn missing_attr(&mut self, attr_type: u16) -> Errno {
        self.ext.miss_type = Some(u32::from(attr_type));
        Errno::EINVAL
    }
}

impl fmt::Debug for GenlCtx<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GenlCtx")
            .field("family_id", &self.family_id)
            .field("seq", &self.seq)
            .field("port", &self.port)
            .field("dump", &self.dump)
            .finish_non_exhaustive()
    }
}

/// `ctrl_policy_family`.
fn ctrl_family_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            ca::FAMILY_NAME,
            &[
                (ca::FAMILY_ID, AttrPolicy::u16()),
                (ca::FAMILY_NAME, AttrPolicy::nul_string(15)),
            ],
        )
    })
}

/// `ctrl_policy_policy`.
fn ctrl_policy_policy() -> &'static [AttrPolicy] {
    static P: OnceLock<Vec<AttrPolicy>> = OnceLock::new();
    P.get_or_init(|| {
        policy::table(
            ca::OP,
            &[
                (ca::FAMILY_ID, AttrPolicy::u16()),
                (ca::FAMILY_NAME, AttrPolicy::nul_string(15)),
                (ca::OP, AttrPolicy::u32()),
            ],
        )
    })
}

/// A family as the controller describes it.
struct FamilyInfo<'a> {
    id: u16,
    name: &'a str,
    version: u8,
    hdrsize: u32,
    maxattr: u32,
    ops: Vec<(u32, u32)>,
    groups: &'a [(String, u32)],
}

static NLCTRL_GROUPS: OnceLock<Vec<(String, u32)>> = OnceLock::new();

fn nlctrl_info() -> FamilyInfo<'static> {
    FamilyInfo {
        id: ctrl::GENL_ID_CTRL.0,
        name: "nlctrl",
        version: ctrl::VERSION,
        hdrsize: 0,
        maxattr: 0,
        ops: vec![
            (
                u32::from(cmd::GETFAMILY),
                op_flags::CMD_CAP_DO | op_flags::CMD_CAP_DUMP | op_flags::CMD_CAP_HASPOL,
            ),
            (
                u32::from(cmd::GETPOLICY),
                op_flags::CMD_CAP_DUMP | op_flags::CMD_CAP_HASPOL,
            ),
        ],
        groups: NLCTRL_GROUPS.get_or_init(|| vec![("notify".to_string(), 16)]),
    }
}

fn family_info(f: &Family) -> FamilyInfo<'_> {
    let ops = f
        .def
        .ops
        .iter()
        .map(|o| {
            let mut fl = o.flags;
            if o.doit.is_some() {
                fl |= op_flags::CMD_CAP_DO;
            }
            if o.dumpit.is_some() {
                fl |= op_flags::CMD_CAP_DUMP;
            }
            if o.policy.is_some() || !f.def.policy.is_empty() {
                fl |= op_flags::CMD_CAP_HASPOL;
            }
            (u32::from(o.cmd), fl)
        })
        .collect();
    FamilyInfo {
        id: f.id,
        name: &f.def.name,
        version: f.def.version,
        hdrsize: f.def.hdrsize,
        maxattr: f.def.maxattr(),
        ops,
        groups: &f.groups,
    }
}

/// `ctrl_fill_info`.
fn write_family<B: Buffer + ?Sized>(
    buf: &mut B,
    fi: &FamilyInfo<'_>,
    command: u8,
    flags: Flags,
    seq: u32,
    pid: u32,
) -> Result<(), EncodeError> {
    let mut b = Builder::message(buf, ctrl::GENL_ID_CTRL, flags, seq, pid)?;
    b.put_header(&GenlMsgHdr::new(command, ctrl::VERSION))?;
    b.put_str(ca::FAMILY_NAME, fi.name)?;
    b.put_u16(ca::FAMILY_ID, fi.id)?;
    b.put_u32(ca::VERSION, u32::from(fi.version))?;
    b.put_u32(ca::HDRSIZE, fi.hdrsize)?;
    b.put_u32(ca::MAXATTR, fi.maxattr)?;
    if !fi.ops.is_empty() {
        b.nest_noflag(ca::OPS, |b| {
            for (i, &(id, fl)) in fi.ops.iter().enumerate() {
                b.nest_noflag(u16::try_from(i + 1).unwrap_or(u16::MAX), |b| {
                    b.put_u32(op_attr::ID, id)?;
                    b.put_u32(op_attr::FLAGS, fl)
                })?;
            }
            Ok(())
        })?;
    }
    if !fi.groups.is_empty() {
        b.nest_noflag(ca::MCAST_GROUPS, |b| {
            for (i, (name, id)) in fi.groups.iter().enumerate() {
                b.nest_noflag(u16::try_from(i + 1).unwrap_or(u16::MAX), |b| {
                    b.put_u32(mcast_attr::ID, *id)?;
                    b.put_str(mcast_attr::NAME, name)
                })?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Builds the controller's `NEWFAMILY`/`DELFAMILY` notification for `f`.
pub(crate) fn family_event(f: &Family, command: u8) -> Vec<u8> {
    let mut b = VecBuf::new();
    let _ = write_family(&mut b, &family_info(f), command, Flags::EMPTY, 0, 0);
    b.into_vec()
}

/// Routes one generic netlink request.
pub(crate) fn dispatch(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let t = req.msg.message_type();
    if t == ctrl::GENL_ID_CTRL {
        return ctrl_request(st, req, ext);
    }
    let Some(fam) = st.genl.by_id(t.0).cloned() else {
        return Err(Errno::ENOENT);
    };
    let hdrlen = GenlMsgHdr::LEN + nlwire_codec::align(fam.def.hdrsize as usize).unwrap_or(0);
    if req.msg.payload().len() < hdrlen {
        return Err(Errno::EINVAL);
    }
    let command = req.msg.payload()[0];
    let dump = req.flags().contains(Flags::DUMP);
    let Some(op) = fam.def.ops.iter().find(|o| o.cmd == command) else {
        return Err(Errno::EOPNOTSUPP);
    };
    let handler = if dump {
        op.dumpit.clone()
    } else {
        op.doit.clone()
    };
    let Some(handler) = handler else {
        return Err(Errno::EOPNOTSUPP);
    };
    let pol: &[AttrPolicy] = match &op.policy {
        Some(p) => p,
        None => &fam.def.policy,
    };
    if !pol.is_empty() {
        let attrs = req.msg.attrs(hdrlen).map_err(|_| Errno::EINVAL)?;
        policy::validate(attrs, pol, Strictness::Strict, ext)?;
    }
    if dump && st.socks.get(&req.sock).is_some_and(|s| s.dump.is_some()) {
        return Err(Errno::EBUSY);
    }
    let mut ctx = GenlCtx {
        family_id: fam.id,
        netns: st.nss.get(&req.ns),
        version: fam.def.version,
        seq: req.seq(),
        port: req.port,
        ns: NsId(req.ns),
        dump,
        groups: &fam.groups,
        replies: Vec::new(),
        notes: Vec::new(),
        ext,
    };
    let r = handler(&mut ctx, req.msg);
    let GenlCtx { replies, notes, .. } = ctx;
    for (g, m) in notes {
        let alloc = m.len();
        st.multicast(req.ns, crate::PROTO_GENERIC, g, &m, alloc, 0);
    }
    if dump {
        let d = match r {
            Ok(()) => Dump::new(req, DumpKind::Prepared(replies.into()), false),
            Err(e) => {
                return Err(e);
            }
        };
        return start_dump(st, req, d);
    }
    for m in replies {
        let alloc = m.len();
        st.unicast(req.sock, m, alloc);
    }
    r.map(|()| Outcome::Done)
}

fn ctrl_request(st: &mut State, req: &Req<'_>, ext: &mut Ext) -> HResult {
    let p = req.msg.payload();
    if p.len() < GenlMsgHdr::LEN {
        return Err(Errno::EINVAL);
    }
    let command = p[0];
    let dump = req.flags().contains(Flags::DUMP);
    match (command, dump) {
        (cmd::GETFAMILY, false) => {
            let attrs = req.msg.attrs(GenlMsgHdr::LEN).map_err(|_| Errno::EINVAL)?;
            let tb = policy::parse(attrs, ctrl_family_policy(), Strictness::Liberal, ext)?;
            let mut err = Errno::EINVAL;
            let mut found: Option<Option<u16>> = None;
            if let Some(a) = tb.get(usize::from(ca::FAMILY_ID)).copied().flatten() {
                err = Errno::ENOENT;
                let id = a.u16().unwrap_or(0);
                found = Some(lookup_id(st, id));
            }
            if let Some(a) = tb.get(usize::from(ca::FAMILY_NAME)).copied().flatten() {
                err = Errno::ENOENT;
                let name = a.c_bytes().unwrap_or(&[]);
                found = Some(lookup_name(st, name));
            }
            let Some(Some(id)) = found else {
                return Err(err);
            };
            let mut b = VecBuf::new();
            let w = if id == ctrl::GENL_ID_CTRL.0 {
                write_family(
                    &mut b,
                    &nlctrl_info(),
                    cmd::NEWFAMILY,
                    Flags::EMPTY,
                    req.seq(),
                    req.port,
                )
            } else {
                let f = st.genl.by_id(id).ok_or(Errno::ENOENT)?;
                write_family(
                    &mut b,
                    &family_info(f),
                    cmd::NEWFAMILY,
                    Flags::EMPTY,
                    req.seq(),
                    req.port,
                )
            };
            w.map_err(|_| Errno::EMSGSIZE)?;
            let m = b.into_vec();
            let alloc = m.len();
            st.unicast(req.sock, m, alloc);
            Ok(Outcome::Done)
        }
        (cmd::GETFAMILY, true) => {
            let d = Dump::new(req, DumpKind::Ctrl, false);
            start_dump(st, req, d)
        }
        (cmd::GETPOLICY, true) => {
            let attrs = req.msg.attrs(GenlMsgHdr::LEN).map_err(|_| Errno::EINVAL)?;
            let tb = policy::parse(attrs, ctrl_policy_policy(), Strictness::Strict, ext)?;
            let id_attr = tb.get(usize::from(ca::FAMILY_ID)).copied().flatten();
            let name_attr = tb.get(usize::from(ca::FAMILY_NAME)).copied().flatten();
            let id = match (id_attr, name_attr) {
                (None, None) => return Err(Errno::EINVAL),
                (_, Some(n)) => lookup_name(st, n.c_bytes().unwrap_or(&[])),
                (Some(i), None) => lookup_id(st, i.u16().unwrap_or(0)),
            };
            let Some(id) = id else {
                return Err(Errno::ENOENT);
            };
            let op_filter = tb
                .get(usize::from(ca::OP))
                .copied()
                .flatten()
                .and_then(|a| a.u32().ok());
            let msgs = policy_dump(st, id, op_filter, req.seq(), req.port)?;
            let d = Dump::new(req, DumpKind::Prepared(msgs), false);
            start_dump(st, req, d)
        }
        _ => Err(Errno::EOPNOTSUPP),
    }
}

fn lookup_id(st: &State, id: u16) -> Option<u16> {
    if id == ctrl::GENL_ID_CTRL.0 || st.genl.by_id(id).is_some() {
        Some(id)
    } else {
        None
    }
}

fn lookup_name(st: &State, name: &[u8]) -> Option<u16> {
    if name == b"nlctrl" {
        return Some(ctrl::GENL_ID_CTRL.0);
    }
    let name = std::str::from_utf8(name).ok()?;
    st.genl.by_name(name).map(|f| f.id)
}

/// The messages of a `CTRL_CMD_GETPOLICY` dump: per command its policy index (0), then
/// one message per attribute of the policy.
fn policy_dump(
    st: &State,
    id: u16,
    op_filter: Option<u32>,
    seq: u32,
    port: u32,
) -> Result<VecDeque<Vec<u8>>, Errno> {
    let mut out = VecDeque::new();
    let (ops, pol): (Vec<(u8, bool, bool)>, Vec<AttrPolicy>) = if id == ctrl::GENL_ID_CTRL.0 {
        (
            vec![(cmd::GETFAMILY, true, true), (cmd::GETPOLICY, false, true)],
            ctrl_family_policy().to_vec(),
        )
    } else {
        let f = st.genl.by_id(id).ok_or(Errno::ENOENT)?;
        (
            f.def
                .ops
                .iter()
                .map(|o| (o.cmd, o.doit.is_some(), o.dumpit.is_some()))
                .collect(),
            f.def.policy.clone(),
        )
    };
    fn head(
        b: &mut VecBuf,
        seq: u32,
        port: u32,
        id: u16,
    ) -> Result<Builder<'_, VecBuf>, EncodeError> {
        let mut m = Builder::message(b, ctrl::GENL_ID_CTRL, Flags::EMPTY, seq, port)?;
        m.put_header(&GenlMsgHdr::new(cmd::GETPOLICY, ctrl::VERSION))?;
        m.put_u16(ca::FAMILY_ID, id)?;
        Ok(m)
    }
    if op_filter.is_none() {
        for &(c, d, u) in &ops {
            let mut b = VecBuf::new();
            let r: Result<(), EncodeError> = (|| {
                let mut m = head(&mut b, seq, port, id)?;
                m.nest(ca::OP_POLICY, |m| {
                    m.nest(u16::from(c), |m| {
                        if d {
                            m.put_u32(1, 0)?;
                        }
                        if u {
                            m.put_u32(2, 0)?;
                        }
                        Ok(())
                    })
                })
            })();
            r.map_err(|_| Errno::EMSGSIZE)?;
            out.push_back(b.into_vec());
        }
    }
    for (t, p) in pol.iter().enumerate().skip(1) {
        let desc = p.describe();
        if desc.is_empty() {
            continue;
        }
        let mut b = VecBuf::new();
        let r: Result<(), EncodeError> = (|| {
            let mut m = head(&mut b, seq, port, id)?;
            m.nest(ca::POLICY, |m| {
                m.nest(0, |m| {
                    m.nest(u16::try_from(t).unwrap_or(u16::MAX), |m| {
                        policy::write_policy(m, &desc)
                    })
                })
            })
        })();
        r.map_err(|_| Errno::EMSGSIZE)?;
        out.push_back(b.into_vec());
    }
    Ok(out)
}

/// Fills the controller's family dump; the cursor counts families written.
pub(crate) fn ctrl_dump_fill(
    st: &State,
    _ns: u32,
    cursor: &mut [u64; 3],
    out: &mut DumpOut<'_>,
) -> Result<bool, Errno> {
    let start = usize::try_from(cursor[0]).unwrap_or(usize::MAX);
    let total = st.genl.families.len() + 1;
    for i in start..total {
        let ok = if i == 0 {
            let fi = nlctrl_info();
            out.put(|b, flags, seq, pid| write_family(b, &fi, cmd::NEWFAMILY, flags, seq, pid))?
        } else {
            let f = &st.genl.families[i - 1];
            let fi = family_info(f);
            out.put(|b, flags, seq, pid| write_family(b, &fi, cmd::NEWFAMILY, flags, seq, pid))?
        };
        if !ok {
            return Ok(false);
        }
        cursor[0] += 1;
    }
    Ok(true)
}
