//! The length of the fixed family header that follows `nlmsghdr` in a request, by
//! protocol and message type. The client needs it to map an extended-ack offset back to
//! the attribute it names (attributes start after this header).

use nlwire_codec::{MessageType, Protocol};

/// Maps a request's message type to the length of its family header (`ifinfomsg`: 16,
/// `genlmsghdr`: 4, …), or `None` when unknown.
pub type HeaderLen = fn(MessageType) -> Option<usize>;

/// Knows no header lengths: offsets are reported but not mapped to attributes.
pub fn unknown(_: MessageType) -> Option<usize> {
    None
}

/// rtnetlink (`NETLINK_ROUTE`) family headers. Types come in groups of four
/// (new, del, get, set) sharing one header.
pub fn rtnetlink(kind: MessageType) -> Option<usize> {
    Some(match kind.0 & !3 {
        16 | 108 => 16,                  // ifinfomsg: LINK, LINKPROP
        20 | 56 | 60 => 8,               // ifaddrmsg: ADDR, MULTICAST, ANYCAST
        24 | 28 | 32 => 12,              // rtmsg, ndmsg, fib_rule_hdr
        36 | 40 | 44 | 100 => 20,        // tcmsg: QDISC, TCLASS, TFILTER, CHAIN
        48 => 4,                         // tcamsg: ACTION
        52 => 12,                        // prefixmsg
        64 => 4,                         // ndtmsg: NEIGHTBL
        68 => 16,                        // nduseroptmsg
        72 => 12,                        // ifaddrlblmsg
        76 => 4,                         // dcbmsg
        80 | 88 => 1,                    // netconfmsg, rtgenmsg (NSID)
        84 | 104 | 112 | 116 | 120 => 8, // br_port_msg, nhmsg, br_vlan_msg, tunnel_msg
        92 => 12,                        // if_stats_msg
        _ => return None,
    })
}

/// Generic netlink: every family's messages start with the 4-byte `genlmsghdr`.
pub fn generic(kind: MessageType) -> Option<usize> {
    (kind.0 >= MessageType::MIN_TYPE.0).then_some(4)
}

/// nfnetlink (`NETLINK_NETFILTER`): every subsystem's messages start with the 4-byte
/// `nfgenmsg`.
pub fn netfilter(kind: MessageType) -> Option<usize> {
    (kind.0 >= MessageType::MIN_TYPE.0).then_some(4)
}

/// The table for `protocol` ([`unknown`] for protocols without one).
pub fn for_protocol(protocol: Protocol) -> HeaderLen {
    match protocol {
        Protocol::ROUTE => rtnetlink,
        Protocol::GENERIC => generic,
        Protocol::NETFILTER => netfilter,
        _ => unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rtnetlink_headers() {
        for (t, len) in [
            (16, 16),
            (18, 16),
            (19, 16),
            (20, 8),
            (24, 12),
            (26, 12),
            (28, 12),
        ] {
            assert_eq!(rtnetlink(MessageType(t)), Some(len), "type {t}");
        }
        assert_eq!(rtnetlink(MessageType(104)), Some(8));
        assert_eq!(rtnetlink(MessageType(88)), Some(1));
        assert_eq!(rtnetlink(MessageType(96)), None);
        assert_eq!(rtnetlink(MessageType(2)), None);
        assert_eq!(generic(MessageType(16)), Some(4));
        assert_eq!(generic(MessageType(3)), None);
        assert_eq!(for_protocol(Protocol::ROUTE)(MessageType(16)), Some(16));
        assert_eq!(for_protocol(Protocol(4))(MessageType(20)), None);
    }
}
