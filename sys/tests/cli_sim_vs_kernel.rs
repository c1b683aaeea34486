//! Differential tests of the simulated kernel (`nlwire --sim`) against the real
//! kernel: each seed scenario is a batch file run once through `nlwire -j --sim -batch
//! FILE` (with `link show`, `addr show` and `route show table all` appended, so the
//! shows see the batch's state) and once through `nlwire -n NS -batch FILE` in a private
//! namespace made with `ip netns add` (deleted by a guard whatever happens), followed
//! by the same three shows with `nlwire -j -n NS`. The final states, normalised (see
//! [`normalise`]), must be equal.
//!
//! Without root (or without `ip`), the tests print `SKIP` and pass, unless
//! `NLWIRE_REQUIRE_KERNEL=1`, where they fail.
#![cfg(feature = "cli")]

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Differences between the simulated and the real kernel that the normalisation does
/// not (and should not) hide, one line each. The comparison still asserts everything
/// else. Empty: with the normalisation in [`normalise`], all scenarios agree.
const KNOWN_DIVERGENCES: &[&str] = &[];

/// The show commands appended to every scenario, in this order.
const SHOWS: [&str; 3] = ["link show", "addr show", "route show table all"];

/// How long the real kernel may take to settle its carrier and operational state.
const SETTLE: Duration = Duration::from_secs(5);

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_nlwire")
}

/// A namespace that is deleted when dropped.
struct Ns(String);

impl Drop for Ns {
    fn drop(&mut self) {
        let _ = Command::new("ip").args(["netns", "del", &self.0]).output();
    }
}

static N: AtomicUsize = AtomicUsize::new(0);

/// A fresh namespace, or `None` (after printing `SKIP`) when this machine cannot make
/// one and the kernel is not required.
fn namespace(test: &str) -> Option<Ns> {
    let required = std::env::var("NLWIRE_REQUIRE_KERNEL").is_ok_and(|v| v == "1");
    let why = if euid() != 0 {
        "not root".to_owned()
    } else {
        let name = format!(
            "nlwtest{}_sk{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        match Command::new("ip").args(["netns", "add", &name]).output() {
            Ok(o) if o.status.success() => return Some(Ns(name)),
            Ok(o) => format!(
                "ip netns add failed: {}",
                String::from_utf8_lossy(&o.stderr)
            ),
            Err(e) => format!("cannot run ip: {e}"),
        }
    };
    if required {
        panic!("{test}: NLWIRE_REQUIRE_KERNEL=1 but {why}");
    }
    println!("SKIP {test}: {why}");
    None
}

/// The effective uid, read from `/proc` (no `unsafe` needed).
fn euid() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(str::to_owned))
        })
        .and_then(|u| u.parse().ok())
        .unwrap_or(u32::MAX)
}

/// Writes `lines` to a fresh batch file and returns its path.
fn batch_file(tag: &str, lines: &[&str]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "nlwire_simk_{}_{}_{tag}.batch",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(&path, text).expect("batch file written");
    path
}

fn run(args: &[&str]) -> String {
    let o = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("nlwire runs");
    assert!(
        o.status.success(),
        "nlwire {args:?} failed ({}): {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// The JSON arrays printed one after another (one per show command).
fn arrays(out: &str) -> Vec<Vec<Value>> {
    serde_json::Deserializer::from_str(out)
        .into_iter::<Value>()
        .map(|v| match v.expect("valid JSON") {
            Value::Array(a) => a,
            other => panic!("expected a JSON array, got {other}"),
        })
        .collect()
}

/// The three show outputs after the scenario in the simulated kernel.
fn sim_state(tag: &str, scenario: &[&str]) -> Vec<Vec<Value>> {
    let mut lines = scenario.to_vec();
    lines.extend(SHOWS);
    let path = batch_file(tag, &lines);
    let out = run(&["-j", "--sim", "-batch", path.to_str().expect("UTF-8 path")]);
    let _ = std::fs::remove_file(&path);
    let shows = arrays(&out);
    assert_eq!(shows.len(), SHOWS.len(), "one array per show:\n{out}");
    shows
}

/// Runs the scenario in the real kernel, in namespace `ns`.
fn kernel_run(ns: &Ns, tag: &str, scenario: &[&str]) {
    let path = batch_file(tag, scenario);
    run(&["-n", &ns.0, "-batch", path.to_str().expect("UTF-8 path")]);
    let _ = std::fs::remove_file(&path);
}

/// The three show outputs of the real kernel, in namespace `ns`.
fn kernel_state(ns: &Ns) -> Vec<Vec<Value>> {
    SHOWS
        .iter()
        .map(|show| {
            let mut args = vec!["-j", "-n", &ns.0];
            args.extend(show.split_whitespace());
            let out = run(&args);
            let mut shows = arrays(&out);
            assert_eq!(shows.len(), 1, "nlwire -j {show}: one array:\n{out}");
            shows.remove(0)
        })
        .collect()
}

/// Makes the two kernels' states comparable. What is removed, and why:
///
/// - `ifindex`: replaced by the order of first appearance of the link in `link show`
///   (the absolute numbers are allocator details; the relative order is kept).
/// - `address`, `broadcast` of `link_type` `ether` links: the kernel picks random MACs
///   (and a bridge takes its port's MAC), the simulated kernel deterministic ones.
/// - IPv6 link-local addresses (`inet6` entries of scope `link`) and their local
///   routes (`type` `local`, `dst` in `fe80::/10`): the kernel derives them from its
///   random MACs (the scenarios add no link-local addresses of their own). The
///   `fe80::/64` and `ff00::/8` routes and every other IPv6 address and route are
///   compared.
/// - `valid_life_time`, `preferred_life_time`: lifetimes, not state (all forever here,
///   but dropped as they may tick on the kernel).
///
/// `operstate` and the link flags are NOT masked: once the kernel has settled (see
/// [`compare`]), they matched in every scenario. The order of links and of a link's addresses is kept (it
/// is meaningful: ifindex order, primary before secondary); routes are compared as a
/// set (the dump order across tables is not meaningful).
fn normalise(shows: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let canon: HashMap<u64, u64> = shows[0]
        .iter()
        .enumerate()
        .filter_map(|(i, l)| Some((l["ifindex"].as_u64()?, i as u64 + 1)))
        .collect();
    let link = |l: &Value| {
        let mut l = l.clone();
        let o = l.as_object_mut().expect("link object");
        if let Some(i) = o.get("ifindex").and_then(Value::as_u64) {
            o.insert("ifindex".into(), canon.get(&i).copied().unwrap_or(0).into());
        }
        if o.get("link_type").and_then(Value::as_str) == Some("ether") {
            o.remove("address");
            o.remove("broadcast");
        }
        if let Some(Value::Array(info)) = o.get_mut("addr_info") {
            info.retain(|a| !(a["family"] == "inet6" && a["scope"] == "link"));
            for a in info.iter_mut() {
                let a = a.as_object_mut().expect("addr_info object");
                a.remove("valid_life_time");
                a.remove("preferred_life_time");
            }
        }
        l
    };
    let links = shows[0].iter().map(link).collect();
    let addrs = shows[1].iter().map(link).collect();
    let mut routes: Vec<Value> = shows[2]
        .iter()
        .filter(|r| !(r["type"] == "local" && r["dst"].as_str().is_some_and(is_link_local)))
        .cloned()
        .collect();
    routes.sort_by_key(Value::to_string);
    vec![links, addrs, routes]
}

/// Whether `dst` is an IPv6 link-local address (`fe80::/10`).
fn is_link_local(dst: &str) -> bool {
    dst.parse::<std::net::Ipv6Addr>()
        .is_ok_and(|a| a.segments()[0] & 0xffc0 == 0xfe80)
}

/// Runs `scenario` in both kernels and asserts the normalised states are equal.
fn compare(test: &str, scenario: &[&str]) {
    let Some(ns) = namespace(test) else { return };
    let sim = normalise(&sim_state(test, scenario));
    kernel_run(&ns, test, scenario);
    // The kernel applies carrier changes asynchronously (linkwatch, rate-limited to
    // about one run a second): right after the batch, `operstate` may still be
    // `UNKNOWN` and the flags may show `NO-CARRIER` next to `LOWER_UP`. Rather than
    // mask those fields, wait (bounded) for the kernel to settle on the sim's state; a
    // real divergence still fails, with the kernel's last state.
    let deadline = Instant::now() + SETTLE;
    let real = loop {
        let real = normalise(&kernel_state(&ns));
        if real == sim || Instant::now() >= deadline {
            break real;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    for ((show, s), k) in SHOWS.iter().zip(&sim).zip(&real) {
        assert_eq!(
            s,
            k,
            "{test}: `{show}` differs (sim left, kernel right; known divergences: \
             {KNOWN_DIVERGENCES:?})\nsim:    {}\nkernel: {}",
            Value::from(s.clone()),
            Value::from(k.clone()),
        );
    }
    // The scenario must have produced something beyond `lo` to compare.
    assert!(sim[0].len() > 1, "{test}: no links created");
}

/// A veth pair, both ends up, IPv4 addresses, a route via a gateway, one with a metric
/// in table 100, and a multipath route.
#[test]
fn veth_addresses_and_routes() {
    compare(
        "veth_addresses_and_routes",
        &[
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "link set veth1 up",
            "addr add 10.1.0.1/24 dev veth0",
            "addr add 10.1.0.2/24 dev veth1",
            "addr add 10.1.0.3/24 dev veth0",
            "route add 10.2.0.0/24 via 10.1.0.254",
            "route add 10.3.0.0/24 via 10.1.0.254 metric 100 table 100",
            "route add 10.4.0.0/24 nexthop via 10.1.0.253 dev veth0 weight 1 \
             nexthop via 10.1.0.254 dev veth0 weight 2",
        ],
    );
}

/// A bridge with one veth end as its port, MTU changes, and a rename of the other end
/// (down, rename, up again), then an address on the bridge.
#[test]
fn bridge_port_mtu_rename() {
    compare(
        "bridge_port_mtu_rename",
        &[
            "link add br0 type bridge",
            "link add veth0 type veth peer name veth1",
            "link set veth0 master br0",
            "link set br0 up",
            "link set veth0 up",
            "link set veth1 up",
            "link set veth1 mtu 1400",
            "link set br0 mtu 1400",
            "link set veth1 down",
            "link set veth1 name vethx",
            "link set vethx up",
            "addr add 192.0.2.1/24 dev br0",
        ],
    );
}

/// Address deletes (a secondary; a primary, which takes its secondaries with it when
/// `promote_secondaries` is off) and route replaces (same key; a different metric adds
/// a route; a device route replaced by a gateway one), with the peer down so the
/// routes carry `linkdown`.
#[test]
fn addr_delete_route_replace() {
    compare(
        "addr_delete_route_replace",
        &[
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "addr add 10.7.0.1/24 dev veth0",
            "addr add 10.7.0.2/24 dev veth0",
            "addr add 10.7.0.3/24 dev veth0",
            "addr del 10.7.0.2/24 dev veth0",
            "addr add 10.9.0.1/24 dev veth0",
            "addr add 10.9.0.2/24 dev veth0",
            "addr add 10.8.0.1/16 dev veth0",
            "addr del 10.9.0.1/24 dev veth0",
            "route add 10.20.0.0/24 via 10.8.0.254",
            "route replace 10.20.0.0/24 via 10.8.0.253",
            "route replace 10.20.0.0/24 via 10.8.0.252 metric 5",
            "route replace 10.21.0.0/24 dev veth0",
            "route replace 10.21.0.0/24 via 10.8.0.252",
        ],
    );
}

/// IPv6: addresses (`nodad`, `noprefixroute`, one with DAD, which the kernel settles
/// about a second later), an address delete, routes via a gateway (table main and 100,
/// a metric), a device route replaced by a gateway route, an ECMP route from
/// `nexthop`s grown by `append`, a default route via a link-local gateway, a blackhole.
#[test]
fn ipv6_addresses_and_routes() {
    compare(
        "ipv6_addresses_and_routes",
        &[
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "link set veth1 up",
            "addr add 2001:db8:1::1/64 dev veth0 nodad",
            "addr add 2001:db8:2::1/64 dev veth1 nodad",
            "addr add 2001:db8:1::5/64 dev veth0 nodad noprefixroute",
            "addr add 2001:db8:3::1/64 dev veth0",
            "addr add 2001:db8:6::1/64 dev veth1 nodad",
            "addr del 2001:db8:6::1/64 dev veth1",
            "route add 2001:db8:10::/48 via 2001:db8:1::2",
            "route add 2001:db8:11::/48 via 2001:db8:1::2 metric 50 table 100",
            "route add 2001:db8:12::/48 nexthop via 2001:db8:1::2 dev veth0 weight 1 \
             nexthop via 2001:db8:2::2 dev veth1 weight 2",
            "route append 2001:db8:12::/48 via 2001:db8:1::3 dev veth0",
            "route add 2001:db8:13::/48 dev veth1 metric 7",
            "route replace 2001:db8:13::/48 via 2001:db8:2::2 metric 7",
            "route add default via fe80::1 dev veth0",
            "route add blackhole 2001:db8:14::/48",
        ],
    );
}

/// IPv6 across device events: an ECMP route over two veth pairs whose one device goes
/// down (the sibling stays, dead), a device whose MTU drops below 1280 (its IPv6 goes)
/// and comes back, and the peer of an address's device going down (linkdown).
#[test]
fn ipv6_device_events() {
    compare(
        "ipv6_device_events",
        &[
            "link add veth0 type veth peer name veth1",
            "link add wan0 type veth peer name wan1",
            "link set veth0 up",
            "link set veth1 up",
            "link set wan0 up",
            "link set wan1 up",
            "addr add 2001:db8:1::1/64 dev veth0 nodad",
            "addr add 2001:db8:2::1/64 dev wan0 nodad",
            "addr add 2001:db8:3::1/64 dev veth1 nodad",
            "route add 2001:db8:10::/48 nexthop via 2001:db8:1::2 dev veth0 \
             nexthop via 2001:db8:2::2 dev wan0",
            "route add 2001:db8:11::/48 via 2001:db8:2::2",
            "link set wan0 down",
            "link set veth1 mtu 1200",
            "link set veth1 mtu 1500",
            "link set wan1 down",
        ],
    );
}
