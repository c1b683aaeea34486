//! Socket-level constants: netlink protocol numbers, `SOL_NETLINK` socket options and the
//! `sockaddr_nl` family. Kept here (not in `nlwire-sys`) so that every layer names them
//! the same way; each is checked against the `libc` crate in the tests.

/// A netlink protocol (the third argument of `socket(AF_NETLINK, …)`). An open set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Protocol(pub i32);

impl Protocol {
    /// `NETLINK_ROUTE`: rtnetlink (links, addresses, routes, …).
    pub const ROUTE: Self = Self(0);
    /// `NETLINK_UNUSED`.
    pub const UNUSED: Self = Self(1);
    /// `NETLINK_USERSOCK`: reserved for user-mode socket protocols.
    pub const USERSOCK: Self = Self(2);
    /// `NETLINK_FIREWALL`: unused (was ip_queue).
    pub const FIREWALL: Self = Self(3);
    /// `NETLINK_SOCK_DIAG`: socket monitoring (`ss`).
    pub const SOCK_DIAG: Self = Self(4);
    /// `NETLINK_NFLOG`: netfilter/iptables ULOG.
    pub const NFLOG: Self = Self(5);
    /// `NETLINK_XFRM`: IPsec.
    pub const XFRM: Self = Self(6);
    /// `NETLINK_SELINUX`: SELinux event notifications.
    pub const SELINUX: Self = Self(7);
    /// `NETLINK_ISCSI`: Open-iSCSI.
    pub const ISCSI: Self = Self(8);
    /// `NETLINK_AUDIT`: auditing.
    pub const AUDIT: Self = Self(9);
    /// `NETLINK_FIB_LOOKUP`.
    pub const FIB_LOOKUP: Self = Self(10);
    /// `NETLINK_CONNECTOR`: the kernel connector (process events).
    pub const CONNECTOR: Self = Self(11);
    /// `NETLINK_NETFILTER`: netfilter subsystems.
    pub const NETFILTER: Self = Self(12);
    /// `NETLINK_IP6_FW`.
    pub const IP6_FW: Self = Self(13);
    /// `NETLINK_DNRTMSG`: DECnet routing messages (obsolete).
    pub const DNRTMSG: Self = Self(14);
    /// `NETLINK_KOBJECT_UEVENT`: kernel messages to user space (uevents).
    pub const KOBJECT_UEVENT: Self = Self(15);
    /// `NETLINK_GENERIC`: generic netlink.
    pub const GENERIC: Self = Self(16);
    /// `NETLINK_SCSITRANSPORT`: SCSI transports.
    pub const SCSITRANSPORT: Self = Self(18);
    /// `NETLINK_ECRYPTFS`.
    pub const ECRYPTFS: Self = Self(19);
    /// `NETLINK_RDMA`.
    pub const RDMA: Self = Self(20);
    /// `NETLINK_CRYPTO`: the crypto layer.
    pub const CRYPTO: Self = Self(21);
    /// `NETLINK_SMC`: SMC monitoring.
    pub const SMC: Self = Self(22);

    /// The protocol's name (`"route"`, `"generic"`, …), as `nlwire decode --proto` spells it.
    pub const fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "route",
            2 => "usersock",
            4 => "sock_diag",
            5 => "nflog",
            6 => "xfrm",
            7 => "selinux",
            8 => "iscsi",
            9 => "audit",
            10 => "fib_lookup",
            11 => "connector",
            12 => "netfilter",
            15 => "kobject_uevent",
            16 => "generic",
            18 => "scsitransport",
            19 => "ecryptfs",
            20 => "rdma",
            21 => "crypto",
            22 => "smc",
            _ => return None,
        })
    }
}

/// `AF_NETLINK`, the address family of netlink sockets.
pub const AF_NETLINK: u16 = 16;
/// `SOL_NETLINK`, the socket-option level of netlink options.
pub const SOL_NETLINK: i32 = 270;

/// Netlink socket options at level [`SOL_NETLINK`].
pub mod sockopt {
    /// `NETLINK_ADD_MEMBERSHIP`: join a multicast group (any number, beyond 32 too).
    pub const ADD_MEMBERSHIP: i32 = 1;
    /// `NETLINK_DROP_MEMBERSHIP`: leave a multicast group.
    pub const DROP_MEMBERSHIP: i32 = 2;
    /// `NETLINK_PKTINFO`: receive `struct nl_pktinfo` (the group) as a control message.
    pub const PKTINFO: i32 = 3;
    /// `NETLINK_BROADCAST_ERROR`: report broadcast delivery errors to the sender.
    pub const BROADCAST_ERROR: i32 = 4;
    /// `NETLINK_NO_ENOBUFS`: do not report `ENOBUFS` on overrun.
    pub const NO_ENOBUFS: i32 = 5;
    /// `NETLINK_RX_RING` (removed from the kernel).
    pub const RX_RING: i32 = 6;
    /// `NETLINK_TX_RING` (removed from the kernel).
    pub const TX_RING: i32 = 7;
    /// `NETLINK_LISTEN_ALL_NSID`: receive notifications from every peer namespace.
    pub const LISTEN_ALL_NSID: i32 = 8;
    /// `NETLINK_LIST_MEMBERSHIPS`: read the joined groups as a bitmap.
    pub const LIST_MEMBERSHIPS: i32 = 9;
    /// `NETLINK_CAP_ACK`: cap echoed requests in error messages to their header.
    pub const CAP_ACK: i32 = 10;
    /// `NETLINK_EXT_ACK`: extended acks (error text, offset, policy).
    pub const EXT_ACK: i32 = 11;
    /// `NETLINK_GET_STRICT_CHK`: strict checking of dump requests.
    pub const GET_STRICT_CHK: i32 = 12;
}
