//! `IFLA_AF_SPEC` of links as the kernel reports it.

mod common;

use common::*;
use nlwire_codec::rtnl::link::{self, LinkMsg};
use nlwire_codec::{Protocol, Transport};
use nlwire_simkernel::Kernel;

/// `IFLA_INET6_FLAGS` of link `index` (from `RTM_GETLINK`).
fn inet6_flags(s: &mut nlwire_simkernel::SimSocket, index: i32) -> Option<u32> {
    let req = build(|b| {
        link::get_request(b, 9, index, None).unwrap();
    });
    s.send(&req).unwrap();
    let replies = drain(s);
    let all = messages(&replies);
    let l = LinkMsg::parse(&msg(&all[0])).unwrap();
    l.inet6_flags().unwrap()
}

/// IF_READY (0x80000000) in `IFLA_INET6_FLAGS` means IPv6 is configured on the device:
/// up *with carrier*. Observed on Linux 6.18 (raw RTM_GETLINK dump in a fresh netns):
/// `ip link set v0 up` with the peer down -> v0 flags 0x0; after `ip link set v1 up`
/// -> 0x80000010 on both (0x10 = IF_RS_SENT, sent about a second later after DAD,
/// which the simulator does not model).
#[test]
fn inet6_ready_needs_carrier_not_just_up() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::ROUTE).unwrap();
    ok(&mut s, &veth(1, "v0", None, "v1", None));
    let v0 = k.link_index(k.initial_namespace(), "v0").unwrap();
    let v1 = k.link_index(k.initial_namespace(), "v1").unwrap();
    assert_eq!(inet6_flags(&mut s, v0), Some(0));
    ok(&mut s, &set_up(2, v0, true));
    // Up, but the peer is down: no carrier, IPv6 not configured.
    assert_eq!(inet6_flags(&mut s, v0), Some(0));
    ok(&mut s, &set_up(3, v1, true));
    assert_eq!(
        inet6_flags(&mut s, v0).map(|f| f & 0x8000_0000),
        Some(0x8000_0000)
    );
    assert_eq!(
        inet6_flags(&mut s, v1).map(|f| f & 0x8000_0000),
        Some(0x8000_0000)
    );
    // Peer down again: carrier lost on v0.
    ok(&mut s, &set_up(4, v1, false));
    assert_eq!(inet6_flags(&mut s, v1), Some(0));
}
