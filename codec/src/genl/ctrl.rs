//! The generic netlink controller (`nlctrl`, family id 16): family lookup and dumps,
//! operations, multicast groups and policy dumps.

use core::fmt;

use crate::ack::Policy;
use crate::attr::{Attr, AttrTable, Attrs};
use crate::attr_set;
use crate::desc::{Dissector, Value};
use crate::error::{DecodeError, DecodeErrorKind, EncodeError};
use crate::genl::{GenlMsgHdr, header, message};
use crate::header::{Flags, MessageType};
use crate::msg::Message;
use crate::writer::Buffer;

/// `GENL_ID_CTRL`: the controller's fixed family id (its `nlmsg_type`).
pub const GENL_ID_CTRL: MessageType = MessageType(16);
/// The controller's interface version as the kernel reports it.
pub const VERSION: u8 = 2;
/// `GENL_NAMSIZ`: family names are at most 15 bytes plus NUL.
pub const GENL_NAMSIZ: usize = 16;

/// Controller commands (`CTRL_CMD_*`).
pub mod cmd {
    /// `CTRL_CMD_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `CTRL_CMD_NEWFAMILY`: a family (reply, or notification).
    pub const NEWFAMILY: u8 = 1;
    /// `CTRL_CMD_DELFAMILY`: a family went away.
    pub const DELFAMILY: u8 = 2;
    /// `CTRL_CMD_GETFAMILY`: look up one family, or dump all.
    pub const GETFAMILY: u8 = 3;
    /// `CTRL_CMD_NEWOPS`.
    pub const NEWOPS: u8 = 4;
    /// `CTRL_CMD_DELOPS`.
    pub const DELOPS: u8 = 5;
    /// `CTRL_CMD_GETOPS`.
    pub const GETOPS: u8 = 6;
    /// `CTRL_CMD_NEWMCAST_GRP`: a multicast group was added.
    pub const NEWMCAST_GRP: u8 = 7;
    /// `CTRL_CMD_DELMCAST_GRP`: a multicast group was removed.
    pub const DELMCAST_GRP: u8 = 8;
    /// `CTRL_CMD_GETMCAST_GRP`.
    pub const GETMCAST_GRP: u8 = 9;
    /// `CTRL_CMD_GETPOLICY`: dump a family's attribute policies.
    pub const GETPOLICY: u8 = 10;

    /// The command's name without the `CTRL_CMD_` prefix.
    pub const fn name(c: u8) -> Option<&'static str> {
        Some(match c {
            0 => "UNSPEC",
            1 => "NEWFAMILY",
            2 => "DELFAMILY",
            3 => "GETFAMILY",
            4 => "NEWOPS",
            5 => "DELOPS",
            6 => "GETOPS",
            7 => "NEWMCAST_GRP",
            8 => "DELMCAST_GRP",
            9 => "GETMCAST_GRP",
            10 => "GETPOLICY",
            _ => return None,
        })
    }
}

/// Operation flags (`GENL_*` in `CTRL_ATTR_OP_FLAGS`).
pub mod op_flags {
    /// `GENL_ADMIN_PERM`: needs `CAP_NET_ADMIN` in the initial namespace.
    pub const ADMIN_PERM: u32 = 0x01;
    /// `GENL_CMD_CAP_DO`: supports `do`.
    pub const CMD_CAP_DO: u32 = 0x02;
    /// `GENL_CMD_CAP_DUMP`: supports `dump`.
    pub const CMD_CAP_DUMP: u32 = 0x04;
    /// `GENL_CMD_CAP_HASPOL`: has an attribute policy.
    pub const CMD_CAP_HASPOL: u32 = 0x08;
    /// `GENL_UNS_ADMIN_PERM`: needs `CAP_NET_ADMIN` in the user namespace.
    pub const UNS_ADMIN_PERM: u32 = 0x10;

    /// Names in bit order.
    pub const NAMES: [(u32, &str); 5] = [
        (ADMIN_PERM, "admin-perm"),
        (CMD_CAP_DO, "do"),
        (CMD_CAP_DUMP, "dump"),
        (CMD_CAP_HASPOL, "has-policy"),
        (UNS_ADMIN_PERM, "uns-admin-perm"),
    ];
}

attr_set! {
    /// `CTRL_ATTR_OP_*`: one operation.
    pub mod op_attr, pub static OP = "CTRL_ATTR_OP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Command number.
        ID = 1 => Value::U32,
        /// `GENL_*` flags.
        FLAGS = 2 => Value::U32,
    }
}

attr_set! {
    /// `CTRL_ATTR_MCAST_GRP_*`: one multicast group.
    pub mod mcast_attr, pub static MCAST_GRP = "CTRL_ATTR_MCAST_GRP_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Group name.
        NAME = 1 => Value::Str,
        /// Group id (for `NETLINK_ADD_MEMBERSHIP`).
        ID = 2 => Value::U32,
    }
}

attr_set! {
    /// `CTRL_ATTR_POLICY_*`: which policy an operation uses for do and dump.
    pub mod op_policy_attr, pub static OP_POLICY = "CTRL_ATTR_POLICY_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Policy index for `do`.
        DO = 1 => Value::U32,
        /// Policy index for `dump`.
        DUMP = 2 => Value::U32,
    }
}

attr_set! {
    /// Controller attributes (`CTRL_ATTR_*`).
    pub mod attr, pub static CTRL = "CTRL_ATTR_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// Family id (u16).
        FAMILY_ID = 1 => Value::U16,
        /// Family name.
        FAMILY_NAME = 2 => Value::Str,
        /// Interface version.
        VERSION = 3 => Value::U32,
        /// Size of the family's fixed header after `genlmsghdr`.
        HDRSIZE = 4 => Value::U32,
        /// Highest attribute type.
        MAXATTR = 5 => Value::U32,
        /// Operations (nested array of `CTRL_ATTR_OP_*`).
        OPS = 6 => Value::NestedArray(&OP),
        /// Multicast groups (nested array of `CTRL_ATTR_MCAST_GRP_*`).
        MCAST_GROUPS = 7 => Value::NestedArray(&MCAST_GRP),
        /// Policies: `{policy index: {attribute type: {NL_POLICY_TYPE_ATTR_*}}}`.
        POLICY = 8 => Value::Custom(fmt_policy),
        /// Per-operation policy indexes: `{cmd: {DO, DUMP}}`.
        OP_POLICY = 9 => Value::Custom(fmt_op_policy),
        /// Restrict a policy dump to one operation.
        OP = 10 => Value::U32,
    }
}

fn fmt_policy(d: &mut Dissector<'_, '_>, a: &Attr<'_>, _: &Attrs<'_>) -> Result<bool, fmt::Error> {
    let mut ok = true;
    d.deeper(|d| {
        for idx in a.nested().flatten() {
            for at in idx.nested().flatten() {
                d.line()?;
                match Policy::parse(at.nested()) {
                    Ok(p) => d.write_fmt(format_args!(
                        "policy {} attr {}: {p}",
                        idx.kind(),
                        at.kind()
                    ))?,
                    Err(_) => ok = false,
                }
            }
        }
        Ok(())
    })?;
    Ok(ok)
}

fn fmt_op_policy(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    _: &Attrs<'_>,
) -> Result<bool, fmt::Error> {
    d.deeper(|d| {
        for op in a.nested().flatten() {
            d.line()?;
            d.write_fmt(format_args!("op {}", op.kind()))?;
            d.nested(&op, &OP_POLICY)?;
        }
        Ok(())
    })?;
    Ok(true)
}

/// One operation of a family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Op {
    /// Command number.
    pub id: u32,
    /// `GENL_*` flags (see [`op_flags`]).
    pub flags: u32,
}

/// One multicast group of a family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct McastGroup<'a> {
    /// Group name.
    pub name: &'a str,
    /// Group id.
    pub id: u32,
}

/// A `CTRL_CMD_NEWFAMILY` message: one family's description.
#[derive(Clone, Copy)]
pub struct FamilyMsg<'a> {
    msg: Message<'a>,
    hdr: &'a GenlMsgHdr,
    tb: AttrTable<'a, 11>,
}

impl<'a> FamilyMsg<'a> {
    /// Views a controller reply.
    pub fn parse(msg: &Message<'a>) -> Result<Self, DecodeError> {
        let (hdr, attrs) = header(msg)?;
        Ok(Self {
            msg: *msg,
            hdr,
            tb: AttrTable::parse(attrs)?,
        })
    }

    /// The message.
    pub fn message(&self) -> &Message<'a> {
        &self.msg
    }

    /// The `genlmsghdr` (command `NEWFAMILY` or `DELFAMILY`).
    pub fn genl_header(&self) -> &'a GenlMsgHdr {
        self.hdr
    }

    /// The raw attribute of type `kind`.
    pub fn attr(&self, kind: u16) -> Option<Attr<'a>> {
        self.tb.get(kind)
    }

    /// `CTRL_ATTR_FAMILY_NAME`.
    pub fn name(&self) -> Result<Option<&'a str>, DecodeError> {
        self.tb.str(attr::FAMILY_NAME)
    }

    /// `CTRL_ATTR_FAMILY_ID`.
    pub fn id(&self) -> Result<Option<u16>, DecodeError> {
        self.tb.u16(attr::FAMILY_ID)
    }

    /// `CTRL_ATTR_VERSION`.
    pub fn version(&self) -> Result<Option<u32>, DecodeError> {
        self.tb.u32(attr::VERSION)
    }

    /// `CTRL_ATTR_HDRSIZE`.
    pub fn hdrsize(&self) -> Result<Option<u32>, DecodeError> {
        self.tb.u32(attr::HDRSIZE)
    }

    /// `CTRL_ATTR_MAXATTR`.
    pub fn maxattr(&self) -> Result<Option<u32>, DecodeError> {
        self.tb.u32(attr::MAXATTR)
    }

    /// The operations, in the kernel's order.
    pub fn ops(&self) -> impl Iterator<Item = Result<Op, DecodeError>> + 'a {
        let list = self.tb.get(attr::OPS).map(|a| a.nested());
        list.into_iter().flatten().map(|item| {
            let item = item?;
            let mut op = Op::default();
            for a in item.nested() {
                let a = a?;
                match a.kind() {
                    op_attr::ID => op.id = a.u32()?,
                    op_attr::FLAGS => op.flags = a.u32()?,
                    _ => {}
                }
            }
            Ok(op)
        })
    }

    /// The multicast groups.
    pub fn mcast_groups(&self) -> impl Iterator<Item = Result<McastGroup<'a>, DecodeError>> + 'a {
        let list = self.tb.get(attr::MCAST_GROUPS).map(|a| a.nested());
        list.into_iter().flatten().map(|item| {
            let item = item?;
            let mut g = McastGroup::default();
            let mut named = false;
            for a in item.nested() {
                let a = a?;
                match a.kind() {
                    mcast_attr::NAME => {
                        g.name = a.str()?;
                        named = true;
                    }
                    mcast_attr::ID => g.id = a.u32()?,
                    _ => {}
                }
            }
            if named {
                Ok(g)
            } else {
                Err(DecodeError::new(
                    DecodeErrorKind::Invalid {
                        what: "multicast group without a name",
                    },
                    item.offset(),
                ))
            }
        })
    }

    /// The id of the multicast group called `name`.
    pub fn mcast_group(&self, name: &str) -> Option<u32> {
        self.mcast_groups()
            .flatten()
            .find(|g| g.name == name)
            .map(|g| g.id)
    }
}

impl fmt::Debug for FamilyMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FamilyMsg")
            .field("name", &self.name().ok().flatten())
            .field("id", &self.id().ok().flatten())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for FamilyMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "nlctrl {} version {} flags {} seq {} pid {}",
            cmd::name(self.hdr.cmd).unwrap_or("?"),
            self.hdr.version,
            self.msg.flags().display(crate::header::FlagContext::Get),
            self.msg.seq(),
            self.msg.pid()
        )?;
        let attrs = header(&self.msg).map(|(_, a)| a).unwrap_or(Attrs::new(&[]));
        Dissector::new(f, 1).attrs(attrs, &CTRL)
    }
}

/// One entry of a `CTRL_CMD_GETPOLICY` dump: either an operation's policy indexes or one
/// attribute's policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyEntry {
    /// `CTRL_ATTR_OP_POLICY`: operation `cmd` validates `do` with policy `do_policy` and
    /// `dump` with `dump_policy`.
    Op {
        /// Command.
        cmd: u16,
        /// Policy index for `do`.
        do_policy: Option<u32>,
        /// Policy index for `dump`.
        dump_policy: Option<u32>,
    },
    /// `CTRL_ATTR_POLICY`: in policy `index`, attribute `attr` has policy `policy`.
    Attr {
        /// Policy index.
        index: u16,
        /// Attribute type.
        attr: u16,
        /// Its policy.
        policy: Policy,
    },
}

/// Calls `f` for every entry of one `CTRL_CMD_GETPOLICY` dump message.
pub fn policy_entries<F>(msg: &Message<'_>, mut f: F) -> Result<(), DecodeError>
where
    F: FnMut(PolicyEntry),
{
    let (_, attrs) = header(msg)?;
    for a in attrs {
        let a = a?;
        match a.kind() {
            attr::OP_POLICY => {
                for op in a.nested() {
                    let op = op?;
                    let mut do_policy = None;
                    let mut dump_policy = None;
                    for p in op.nested() {
                        let p = p?;
                        match p.kind() {
                            op_policy_attr::DO => do_policy = Some(p.u32()?),
                            op_policy_attr::DUMP => dump_policy = Some(p.u32()?),
                            _ => {}
                        }
                    }
                    f(PolicyEntry::Op {
                        cmd: op.kind(),
                        do_policy,
                        dump_policy,
                    });
                }
            }
            attr::POLICY => {
                for idx in a.nested() {
                    let idx = idx?;
                    for at in idx.nested() {
                        let at = at?;
                        f(PolicyEntry::Attr {
                            index: idx.kind(),
                            attr: at.kind(),
                            policy: Policy::parse(at.nested())?,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Writes `CTRL_CMD_GETFAMILY` for the family called `name`, with `NLM_F_ACK`.
pub fn get_family_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    name: &str,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        GENL_ID_CTRL.0,
        Flags::REQUEST | Flags::ACK,
        seq,
        cmd::GETFAMILY,
        VERSION,
    )?;
    b.put_str(attr::FAMILY_NAME, name)?;
    Ok(b.finish())
}

/// Writes `CTRL_CMD_GETFAMILY` for the family with id `id`, with `NLM_F_ACK`.
pub fn get_family_by_id_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    id: u16,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        GENL_ID_CTRL.0,
        Flags::REQUEST | Flags::ACK,
        seq,
        cmd::GETFAMILY,
        VERSION,
    )?;
    b.put_u16(attr::FAMILY_ID, id)?;
    Ok(b.finish())
}

/// Writes a `CTRL_CMD_GETFAMILY` dump of every family.
pub fn dump_families_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
) -> Result<usize, EncodeError> {
    let b = message(
        buf,
        GENL_ID_CTRL.0,
        Flags::REQUEST | Flags::DUMP,
        seq,
        cmd::GETFAMILY,
        VERSION,
    )?;
    Ok(b.finish())
}

/// Writes a `CTRL_CMD_GETPOLICY` dump for the family called `name`, optionally for one
/// operation only.
pub fn get_policy_request<B: Buffer + ?Sized>(
    buf: &mut B,
    seq: u32,
    name: &str,
    op: Option<u32>,
) -> Result<usize, EncodeError> {
    let mut b = message(
        buf,
        GENL_ID_CTRL.0,
        Flags::REQUEST | Flags::DUMP,
        seq,
        cmd::GETPOLICY,
        VERSION,
    )?;
    b.put_str(attr::FAMILY_NAME, name)?;
    if let Some(op) = op {
        b.put_u32(attr::OP, op)?;
    }
    Ok(b.finish())
}
