//! Byte-for-byte comparisons with the real kernel's replies in `tests/fixtures`.

mod common;

use common::*;
use nlwire_codec::{Protocol, Transport};
use nlwire_simkernel::Kernel;

/// Sends the fixture request on a fresh kernel and returns the joined reply datagrams
/// and their lengths.
fn replay(
    k: &Kernel,
    s: &mut nlwire_simkernel::SimSocket,
    name: &str,
) -> (Vec<u8>, Vec<usize>, Vec<u8>) {
    let (req, resp) = fixture(name);
    s.send(&req).unwrap();
    let d = drain(s);
    let lens = d.iter().map(Vec::len).collect();
    let _ = k;
    (d.concat(), lens, resp)
}

#[test]
fn error_extack_policy() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "error_extack_policy");
    assert_eq!(lens, [160]);
    assert_eq!(got, want);
    // Nothing was created.
    assert_eq!(k.links(k.initial_namespace()).len(), 1);
}

#[test]
fn error_extack_nested() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "error_extack_nested");
    assert_eq!(lens, [192]);
    assert_eq!(got, want);
    assert_eq!(k.links(k.initial_namespace()).len(), 1);
}

#[test]
fn error_noext() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "error_noext");
    assert_eq!(lens, [52]);
    assert_eq!(got, want);
}

#[test]
fn error_capped() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    s.set_cap_ack(true).unwrap();
    let (got, lens, want) = replay(&k, &mut s, "error_capped");
    assert_eq!(lens, [36]);
    assert_eq!(got, want);
}

#[test]
fn ack() {
    let k = Kernel::new();
    fixture_state(&k);
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "ack");
    assert_eq!(lens, [36]);
    assert_eq!(got, want);
}

#[test]
fn done_error() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    s.set_strict_check(true).unwrap();
    let (got, lens, want) = replay(&k, &mut s, "done_error");
    assert_eq!(lens, [76]);
    assert_eq!(got, want);
}

#[test]
fn genl_ctrl_getfamily() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::GENERIC).unwrap();
    s.bind(PORT).unwrap();
    s.set_ext_ack(true).unwrap();
    let (got, lens, want) = replay(&k, &mut s, "genl_ctrl_getfamily");
    assert_eq!(lens, [136, 36]);
    assert_eq!(got, want);
}

#[test]
fn genl_ctrl_dump_first_family_and_done_placement() {
    let k = Kernel::new();
    let mut s = k.socket(Protocol::GENERIC).unwrap();
    s.bind(PORT).unwrap();
    s.set_ext_ack(true).unwrap();
    let (got, lens, want) = replay(&k, &mut s, "genl_ctrl_dump");
    // Only nlctrl exists here: its message, then DONE in the same datagram.
    assert_eq!(lens, [136 + 20]);
    assert_eq!(&got[..136], &want[..136]);
    assert_eq!(&got[136..], &want[want.len() - 20..]);
}

#[test]
fn route4_dump() {
    let k = Kernel::new();
    fixture_state(&k);
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "route4_dump");
    assert_eq!(lens, [1136, 20]);
    let gm = messages(std::slice::from_ref(&got));
    let wm = messages(std::slice::from_ref(&want));
    for (i, (g, w)) in gm.iter().zip(&wm).enumerate() {
        assert_eq!(g, w, "route message {i}");
    }
    assert_eq!(got, want);
}

#[test]
fn rule_dump_default_rules() {
    let k = Kernel::new();
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "rule_dump");
    let wm = messages(&[want]);
    let gm = messages(&[got]);
    // The fixture has an extra rule (32765 from 10.1.0.0/24 lookup 100) that the
    // simulator cannot add; the default ones match, and DONE shares the datagram.
    assert_eq!(lens, [52 + 60 + 60 + 20]);
    assert_eq!(gm.len(), 4);
    assert_eq!(gm[0], wm[0]);
    assert_eq!(gm[1], wm[2]);
    assert_eq!(gm[2], wm[3]);
    assert_eq!(gm[3], wm[4]);
}

/// Zeroes the payloads the fixture README lists as changing between runs.
fn mask_link(m: &mut [u8]) {
    fn walk(buf: &mut [u8], start: usize, end: usize, path: &mut Vec<u16>) {
        let mut p = start;
        while p + 4 <= end {
            let len = u16::from_ne_bytes([buf[p], buf[p + 1]]) as usize;
            let t = u16::from_ne_bytes([buf[p + 2], buf[p + 3]]) & 0x3fff;
            if len < 4 || p + len > end {
                return;
            }
            path.push(t);
            let volatile = matches!(
                path.as_slice(),
                [7] | [23] // IFLA_STATS, IFLA_STATS64
                    | [26, 10, 5] | [26, 10, 3] | [26, 10, 6] // inet6 cacheinfo, stats, icmp6
                    | [18, 5, 22] | [18, 5, 41] // port forward-delay timer, mcast groups
                    | [18, 2, 19] | [18, 2, 48] // bridge gc timer, learned fdb entries
            );
            if volatile {
                buf[p + 4..p + len].fill(0);
            } else if matches!(
                path.as_slice(),
                [18] | [26] | [26, 10] | [26, 2] | [18, 2] | [18, 5]
            ) {
                walk(buf, p + 4, p + len, path);
            }
            path.pop();
            p += (len + 3) & !3;
        }
    }
    let end = m.len();
    walk(m, 32, end, &mut Vec::new());
}

#[test]
fn link_dump_chunks_and_masked_bytes() {
    let k = Kernel::new();
    fixture_state(&k);
    let mut s = fixture_sock(&k);
    let (got, lens, want) = replay(&k, &mut s, "link_dump");
    assert_eq!(lens, [2960, 3728, 20]);
    let mut gm = messages(&[got]);
    let mut wm = messages(&[want]);
    assert_eq!(
        gm.iter().map(Vec::len).collect::<Vec<_>>(),
        wm.iter().map(Vec::len).collect::<Vec<_>>()
    );
    for (i, (g, w)) in gm.iter_mut().zip(wm.iter_mut()).enumerate() {
        if g.len() > 20 {
            mask_link(g);
            mask_link(w);
        }
        let first = g.iter().zip(w.iter()).position(|(a, b)| a != b);
        assert!(
            first.is_none(),
            "link message {i} differs at byte {first:?}"
        );
    }
}

#[test]
fn addr_dump_ipv4_part() {
    let k = Kernel::new();
    fixture_state(&k);
    let mut s = fixture_sock(&k);
    let (got, _lens, want) = replay(&k, &mut s, "addr_dump");
    let gm = messages(&[got]);
    let wm = messages(&[want]);
    // 5 IPv4 addresses, then the IPv6 ones (this state has no global IPv6 addresses:
    // ::1 and 3 link-local; tests/ipv6.rs compares the whole dump), then DONE.
    assert_eq!(gm.len(), 10);
    for i in 0..5 {
        let (mut g, mut w) = (gm[i].clone(), wm[i].clone());
        // IFA_CACHEINFO cstamp/tstamp are timestamps: the last 8 bytes of each message.
        let n = g.len();
        g[n - 8..].fill(0);
        let n = w.len();
        w[n - 8..].fill(0);
        assert_eq!(g, w, "address message {i}");
    }
    assert_eq!(gm[9], wm[12]);
}
