//! Every core netlink constant of the codec checked against the `libc` crate, wherever
//! `libc` defines it.
//!
//! Checked here: `NLMSG_{NOOP,ERROR,DONE,OVERRUN,MIN_TYPE}`; every `NLM_F_*` flag (incl.
//! `CAPPED`, `ACK_TLVS`, `NONREC`, `BULK`, `DUMP_FILTERED`); `NLA_F_NESTED`,
//! `NLA_F_NET_BYTEORDER`, `NLA_TYPE_MASK`, `NLA_ALIGNTO`; `NLA_HDRLEN` (as
//! `NLA_ALIGN(sizeof(struct nlattr))`, since `libc` has no `NLA_HDRLEN`); every
//! `NETLINK_*` protocol number of [`Protocol`] that `libc` has; `SOL_NETLINK`; every
//! `NETLINK_*` socket option of `consts::sockopt`; `AF_NETLINK`; the size and field offsets
//! of `struct nlmsghdr` and `struct nlattr`; `NLMSG_ALIGN`/`NLMSG_LENGTH` against [`align`].
//!
//! Not checkable, because `libc` 0.2 does not define them (checked by hand against
//! `include/uapi/linux/netlink.h` of Linux 6.x instead, in `uapi_values_without_libc`):
//! - `NETLINK_SMC` (22),
//! - `NLA_HDRLEN` as a named constant,
//! - `NLMSGERR_ATTR_{MSG,OFFS,COOKIE,POLICY,MISS_TYPE,MISS_NEST}` (`enum nlmsgerr_attrs`),
//! - `NL_POLICY_TYPE_ATTR_*` (`enum netlink_policy_type_attr`),
//! - `NL_ATTR_TYPE_*` (`enum netlink_attribute_type`).

use core::mem::{offset_of, size_of};

use nlwire_codec::ack::{nlmsgerr_attr, policy_attr};
use nlwire_codec::consts::{self, sockopt};
use nlwire_codec::{
    ALIGNTO, Flags, MessageType, NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_HDRLEN, NLA_TYPE_MASK,
    NlAttrHdr, NlMsgHdr, PolicyType, Protocol, align,
};

/// Converts a libc `c_int` flag/type to the `u16` the codec uses, failing loudly if it
/// does not fit (which would itself be a mismatch).
fn u16_of(v: libc::c_int) -> u16 {
    u16::try_from(v).expect("libc constant does not fit u16")
}

#[test]
fn message_types() {
    assert_eq!(MessageType::NOOP.0, u16_of(libc::NLMSG_NOOP));
    assert_eq!(MessageType::ERROR.0, u16_of(libc::NLMSG_ERROR));
    assert_eq!(MessageType::DONE.0, u16_of(libc::NLMSG_DONE));
    assert_eq!(MessageType::OVERRUN.0, u16_of(libc::NLMSG_OVERRUN));
    assert_eq!(MessageType::MIN_TYPE.0, u16_of(libc::NLMSG_MIN_TYPE));
}

#[test]
fn message_flags() {
    let table: &[(Flags, libc::c_int, &str)] = &[
        (Flags::REQUEST, libc::NLM_F_REQUEST, "NLM_F_REQUEST"),
        (Flags::MULTI, libc::NLM_F_MULTI, "NLM_F_MULTI"),
        (Flags::ACK, libc::NLM_F_ACK, "NLM_F_ACK"),
        (Flags::ECHO, libc::NLM_F_ECHO, "NLM_F_ECHO"),
        (Flags::DUMP_INTR, libc::NLM_F_DUMP_INTR, "NLM_F_DUMP_INTR"),
        (
            Flags::DUMP_FILTERED,
            libc::NLM_F_DUMP_FILTERED,
            "NLM_F_DUMP_FILTERED",
        ),
        (Flags::ROOT, libc::NLM_F_ROOT, "NLM_F_ROOT"),
        (Flags::MATCH, libc::NLM_F_MATCH, "NLM_F_MATCH"),
        (Flags::ATOMIC, libc::NLM_F_ATOMIC, "NLM_F_ATOMIC"),
        (Flags::DUMP, libc::NLM_F_DUMP, "NLM_F_DUMP"),
        (Flags::REPLACE, libc::NLM_F_REPLACE, "NLM_F_REPLACE"),
        (Flags::EXCL, libc::NLM_F_EXCL, "NLM_F_EXCL"),
        (Flags::CREATE, libc::NLM_F_CREATE, "NLM_F_CREATE"),
        (Flags::APPEND, libc::NLM_F_APPEND, "NLM_F_APPEND"),
        (Flags::NONREC, libc::NLM_F_NONREC, "NLM_F_NONREC"),
        (Flags::BULK, libc::NLM_F_BULK, "NLM_F_BULK"),
        (Flags::CAPPED, libc::NLM_F_CAPPED, "NLM_F_CAPPED"),
        (Flags::ACK_TLVS, libc::NLM_F_ACK_TLVS, "NLM_F_ACK_TLVS"),
    ];
    for &(ours, theirs, name) in table {
        assert_eq!(ours.bits(), u16_of(theirs), "{name}");
    }
    // NLM_F_DUMP is ROOT|MATCH in both.
    assert_eq!(Flags::DUMP, Flags::ROOT | Flags::MATCH);
    assert_eq!(Flags::EMPTY.bits(), 0);
}

#[test]
fn attribute_constants() {
    assert_eq!(NLA_F_NESTED, u16_of(libc::NLA_F_NESTED));
    assert_eq!(NLA_F_NET_BYTEORDER, u16_of(libc::NLA_F_NET_BYTEORDER));
    // libc's NLA_TYPE_MASK is a negative c_int (~0xc000); compare the low 16 bits.
    assert_eq!(i32::from(NLA_TYPE_MASK), libc::NLA_TYPE_MASK & 0xffff);
    assert_eq!(NLA_TYPE_MASK, 0x3fff);
    // NLA_HDRLEN = NLA_ALIGN(sizeof(struct nlattr)).
    assert_eq!(NLA_HDRLEN, size_of::<libc::nlattr>());
    assert_eq!(ALIGNTO, usize::try_from(libc::NLA_ALIGNTO).unwrap());
    assert_eq!(NLA_HDRLEN % ALIGNTO, 0);
    assert_eq!(size_of::<NlAttrHdr>(), size_of::<libc::nlattr>());
    assert_eq!(
        offset_of!(NlAttrHdr, len),
        offset_of!(libc::nlattr, nla_len)
    );
    assert_eq!(
        offset_of!(NlAttrHdr, kind),
        offset_of!(libc::nlattr, nla_type)
    );
}

#[test]
fn nlmsghdr_layout() {
    assert_eq!(size_of::<NlMsgHdr>(), size_of::<libc::nlmsghdr>());
    assert_eq!(NlMsgHdr::LEN, size_of::<libc::nlmsghdr>());
    assert_eq!(
        offset_of!(NlMsgHdr, len),
        offset_of!(libc::nlmsghdr, nlmsg_len)
    );
    assert_eq!(
        offset_of!(NlMsgHdr, kind),
        offset_of!(libc::nlmsghdr, nlmsg_type)
    );
    assert_eq!(
        offset_of!(NlMsgHdr, flags),
        offset_of!(libc::nlmsghdr, nlmsg_flags)
    );
    assert_eq!(
        offset_of!(NlMsgHdr, seq),
        offset_of!(libc::nlmsghdr, nlmsg_seq)
    );
    assert_eq!(
        offset_of!(NlMsgHdr, pid),
        offset_of!(libc::nlmsghdr, nlmsg_pid)
    );
    // The on-wire bytes agree with libc's struct in host order.
    let ours = NlMsgHdr::new(
        0x1122_3344,
        MessageType(0x5566),
        Flags(0x7788),
        0x99aa_bbcc,
        0xddee_ff00,
    );
    let theirs = libc::nlmsghdr {
        nlmsg_len: 0x1122_3344,
        nlmsg_type: 0x5566,
        nlmsg_flags: 0x7788,
        nlmsg_seq: 0x99aa_bbcc,
        nlmsg_pid: 0xddee_ff00,
    };
    let mut theirs_bytes = Vec::new();
    theirs_bytes.extend_from_slice(&theirs.nlmsg_len.to_ne_bytes());
    theirs_bytes.extend_from_slice(&theirs.nlmsg_type.to_ne_bytes());
    theirs_bytes.extend_from_slice(&theirs.nlmsg_flags.to_ne_bytes());
    theirs_bytes.extend_from_slice(&theirs.nlmsg_seq.to_ne_bytes());
    theirs_bytes.extend_from_slice(&theirs.nlmsg_pid.to_ne_bytes());
    assert_eq!(
        nlwire_codec::zerocopy::IntoBytes::as_bytes(&ours),
        &theirs_bytes[..]
    );
}

#[test]
fn alignment_matches_nlmsg_macros() {
    for len in 0..=64usize {
        let theirs = usize::try_from(libc::NLMSG_ALIGN(len)).unwrap();
        assert_eq!(align(len), Some(theirs), "NLMSG_ALIGN({len})");
        let hdr = usize::try_from(libc::NLMSG_LENGTH(len)).unwrap();
        assert_eq!(NlMsgHdr::LEN + len, hdr, "NLMSG_LENGTH({len})");
    }
    assert_eq!(align(usize::MAX), None);
}

#[test]
fn protocols() {
    let table: &[(Protocol, libc::c_int, &str)] = &[
        (Protocol::ROUTE, libc::NETLINK_ROUTE, "NETLINK_ROUTE"),
        (Protocol::UNUSED, libc::NETLINK_UNUSED, "NETLINK_UNUSED"),
        (
            Protocol::USERSOCK,
            libc::NETLINK_USERSOCK,
            "NETLINK_USERSOCK",
        ),
        (
            Protocol::FIREWALL,
            libc::NETLINK_FIREWALL,
            "NETLINK_FIREWALL",
        ),
        (
            Protocol::SOCK_DIAG,
            libc::NETLINK_SOCK_DIAG,
            "NETLINK_SOCK_DIAG",
        ),
        (
            Protocol::SOCK_DIAG,
            libc::NETLINK_INET_DIAG,
            "NETLINK_INET_DIAG",
        ),
        (Protocol::NFLOG, libc::NETLINK_NFLOG, "NETLINK_NFLOG"),
        (Protocol::XFRM, libc::NETLINK_XFRM, "NETLINK_XFRM"),
        (Protocol::SELINUX, libc::NETLINK_SELINUX, "NETLINK_SELINUX"),
        (Protocol::ISCSI, libc::NETLINK_ISCSI, "NETLINK_ISCSI"),
        (Protocol::AUDIT, libc::NETLINK_AUDIT, "NETLINK_AUDIT"),
        (
            Protocol::FIB_LOOKUP,
            libc::NETLINK_FIB_LOOKUP,
            "NETLINK_FIB_LOOKUP",
        ),
        (
            Protocol::CONNECTOR,
            libc::NETLINK_CONNECTOR,
            "NETLINK_CONNECTOR",
        ),
        (
            Protocol::NETFILTER,
            libc::NETLINK_NETFILTER,
            "NETLINK_NETFILTER",
        ),
        (Protocol::IP6_FW, libc::NETLINK_IP6_FW, "NETLINK_IP6_FW"),
        (Protocol::DNRTMSG, libc::NETLINK_DNRTMSG, "NETLINK_DNRTMSG"),
        (
            Protocol::KOBJECT_UEVENT,
            libc::NETLINK_KOBJECT_UEVENT,
            "NETLINK_KOBJECT_UEVENT",
        ),
        (Protocol::GENERIC, libc::NETLINK_GENERIC, "NETLINK_GENERIC"),
        (
            Protocol::SCSITRANSPORT,
            libc::NETLINK_SCSITRANSPORT,
            "NETLINK_SCSITRANSPORT",
        ),
        (
            Protocol::ECRYPTFS,
            libc::NETLINK_ECRYPTFS,
            "NETLINK_ECRYPTFS",
        ),
        (Protocol::RDMA, libc::NETLINK_RDMA, "NETLINK_RDMA"),
        (Protocol::CRYPTO, libc::NETLINK_CRYPTO, "NETLINK_CRYPTO"),
        // NETLINK_SMC: not in libc (see below).
    ];
    for &(ours, theirs, name) in table {
        assert_eq!(ours.0, theirs, "{name}");
        if let Some(n) = ours.name() {
            assert_eq!(
                format!("netlink_{n}").to_ascii_uppercase(),
                name.replace("INET_DIAG", "SOCK_DIAG"),
                "Protocol::name of {name}"
            );
        }
    }
}

#[test]
fn socket_level_and_family() {
    assert_eq!(consts::SOL_NETLINK, libc::SOL_NETLINK);
    assert_eq!(libc::c_int::from(consts::AF_NETLINK), libc::AF_NETLINK);
    assert_eq!(
        libc::c_int::from(consts::AF_NETLINK),
        libc::c_int::from(libc::sa_family_t::try_from(libc::AF_NETLINK).unwrap())
    );
}

#[test]
fn socket_options() {
    let table: &[(i32, libc::c_int, &str)] = &[
        (
            sockopt::ADD_MEMBERSHIP,
            libc::NETLINK_ADD_MEMBERSHIP,
            "NETLINK_ADD_MEMBERSHIP",
        ),
        (
            sockopt::DROP_MEMBERSHIP,
            libc::NETLINK_DROP_MEMBERSHIP,
            "NETLINK_DROP_MEMBERSHIP",
        ),
        (sockopt::PKTINFO, libc::NETLINK_PKTINFO, "NETLINK_PKTINFO"),
        (
            sockopt::BROADCAST_ERROR,
            libc::NETLINK_BROADCAST_ERROR,
            "NETLINK_BROADCAST_ERROR",
        ),
        (
            sockopt::NO_ENOBUFS,
            libc::NETLINK_NO_ENOBUFS,
            "NETLINK_NO_ENOBUFS",
        ),
        (sockopt::RX_RING, libc::NETLINK_RX_RING, "NETLINK_RX_RING"),
        (sockopt::TX_RING, libc::NETLINK_TX_RING, "NETLINK_TX_RING"),
        (
            sockopt::LISTEN_ALL_NSID,
            libc::NETLINK_LISTEN_ALL_NSID,
            "NETLINK_LISTEN_ALL_NSID",
        ),
        (
            sockopt::LIST_MEMBERSHIPS,
            libc::NETLINK_LIST_MEMBERSHIPS,
            "NETLINK_LIST_MEMBERSHIPS",
        ),
        (sockopt::CAP_ACK, libc::NETLINK_CAP_ACK, "NETLINK_CAP_ACK"),
        (sockopt::EXT_ACK, libc::NETLINK_EXT_ACK, "NETLINK_EXT_ACK"),
        (
            sockopt::GET_STRICT_CHK,
            libc::NETLINK_GET_STRICT_CHK,
            "NETLINK_GET_STRICT_CHK",
        ),
    ];
    for &(ours, theirs, name) in table {
        assert_eq!(ours, theirs, "{name}");
    }
}

/// Values `libc` lacks, pinned to the uapi headers so a typo cannot slip in unnoticed.
#[test]
fn uapi_values_without_libc() {
    // include/uapi/linux/netlink.h
    assert_eq!(Protocol::SMC.0, 22); // NETLINK_SMC
    // enum nlmsgerr_attrs
    assert_eq!(nlmsgerr_attr::MSG, 1);
    assert_eq!(nlmsgerr_attr::OFFS, 2);
    assert_eq!(nlmsgerr_attr::COOKIE, 3);
    assert_eq!(nlmsgerr_attr::POLICY, 4);
    assert_eq!(nlmsgerr_attr::MISS_TYPE, 5);
    assert_eq!(nlmsgerr_attr::MISS_NEST, 6);
    // enum netlink_policy_type_attr
    let policy = [
        policy_attr::TYPE,
        policy_attr::MIN_VALUE_S,
        policy_attr::MAX_VALUE_S,
        policy_attr::MIN_VALUE_U,
        policy_attr::MAX_VALUE_U,
        policy_attr::MIN_LENGTH,
        policy_attr::MAX_LENGTH,
        policy_attr::POLICY_IDX,
        policy_attr::POLICY_MAXTYPE,
        policy_attr::BITFIELD32_MASK,
        policy_attr::PAD,
        policy_attr::MASK,
    ];
    for (i, v) in policy.iter().enumerate() {
        assert_eq!(usize::from(*v), i + 1);
    }
    // enum netlink_attribute_type
    let types = [
        (PolicyType::INVALID, "INVALID"),
        (PolicyType::FLAG, "FLAG"),
        (PolicyType::U8, "U8"),
        (PolicyType::U16, "U16"),
        (PolicyType::U32, "U32"),
        (PolicyType::U64, "U64"),
        (PolicyType::S8, "S8"),
        (PolicyType::S16, "S16"),
        (PolicyType::S32, "S32"),
        (PolicyType::S64, "S64"),
        (PolicyType::BINARY, "BINARY"),
        (PolicyType::STRING, "STRING"),
        (PolicyType::NUL_STRING, "NUL_STRING"),
        (PolicyType::NESTED, "NESTED"),
        (PolicyType::NESTED_ARRAY, "NESTED_ARRAY"),
        (PolicyType::BITFIELD32, "BITFIELD32"),
        (PolicyType::SINT, "SINT"),
        (PolicyType::UINT, "UINT"),
    ];
    for (i, (t, name)) in types.iter().enumerate() {
        assert_eq!(t.0 as usize, i, "NL_ATTR_TYPE_{name}");
        assert_eq!(t.name(), Some(*name));
    }
    assert_eq!(PolicyType(18).name(), None);
}
