//! The requests the encode benches build, the same for every library.

use core::net::Ipv4Addr;

/// One route of the `encode/routes` bench: `dst/24 via gateway dev oif table T metric P`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteReq {
    /// The /24 destination.
    pub dst: Ipv4Addr,
    /// The gateway.
    pub gateway: Ipv4Addr,
    /// The output interface index.
    pub oif: u32,
    /// The table id (above 255, so `RTA_TABLE` is written).
    pub table: u32,
    /// The metric (`RTA_PRIORITY`).
    pub priority: u32,
}

/// Message flags of every request: `REQUEST | ACK | EXCL | CREATE` (`ip route add`,
/// `ip link add`).
pub const CREATE_FLAGS: u16 = 0x1 | 0x4 | 0x200 | 0x400;

/// `n` distinct routes, like the fixture's: 100.64.0.0/24 + 256·i, table 1000.
pub fn routes(n: usize) -> Vec<RouteReq> {
    (0..n)
        .map(|i| {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            RouteReq {
                dst: Ipv4Addr::from(0x6440_0000u32.wrapping_add(i << 8)),
                gateway: Ipv4Addr::new(10, 1, i.to_le_bytes()[0], 2),
                oif: 3 + 2 * (i % 190),
                table: 1000,
                priority: 100 + i % 1000,
            }
        })
        .collect()
}

/// `n` veth pairs to create: `(name, peer)`, `vxa{i}` ⇄ `vxb{i}`.
pub fn veths(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| (format!("vxa{i}"), format!("vxb{i}")))
        .collect()
}
