//! Differential tests of the simulated kernel (`nlwire --sim`) against the real
//! kernel: each seed scenario is a batch file run once through `nlwire -j --sim -batch
//! FILE` (with the scenario's show commands appended, so the shows see the batch's
//! state: `link show`, `addr show`, `route show table all` for addresses and routes;
//! `link show`, `neigh show nud all`, `rule show`, `nexthop show`, `route show table
//! all` for rules and nexthop objects; `neigh show proxy` instead of the rules and
//! nexthops for neighbours) and once through `nlwire -n NS -batch FILE` in a private
//! namespace made with `ip netns add` (deleted by a guard whatever happens), followed
//! by the same shows with `nlwire -j -n NS`. The final states, normalised (see
//! [`normalise`]), must be equal. Policy-routing lookups compare every `route get`
//! answer and error. The neighbour, rule, nexthop and lookup scenarios also check that
//! one extra command on the kernel side only is caught.
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

/// The show commands appended to the address and route scenarios, in this order.
const SHOWS: [&str; 3] = ["link show", "addr show", "route show table all"];

/// The shows of the neighbour, rule and nexthop scenarios.
const OBJECT_SHOWS: [&str; 5] = [
    "link show",
    "neigh show nud all",
    "rule show",
    "nexthop show",
    "route show table all",
];

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

/// The show outputs after the scenario in the simulated kernel (`opts`: global
/// options such as `-6`, given to every command).
fn sim_state(tag: &str, opts: &[&str], shows: &[&str], scenario: &[&str]) -> Vec<Vec<Value>> {
    let mut lines = scenario.to_vec();
    lines.extend(shows);
    let path = batch_file(tag, &lines);
    let mut args = vec!["-j", "--sim"];
    args.extend(opts);
    args.extend(["-batch", path.to_str().expect("UTF-8 path")]);
    let out = run(&args);
    let _ = std::fs::remove_file(&path);
    let arrays = arrays(&out);
    assert_eq!(arrays.len(), shows.len(), "one array per show:\n{out}");
    arrays
}

/// Runs the scenario in the real kernel, in namespace `ns`.
fn kernel_run(ns: &Ns, tag: &str, opts: &[&str], scenario: &[&str]) {
    let path = batch_file(tag, scenario);
    let mut args = vec!["-n", &ns.0];
    args.extend(opts);
    args.extend(["-batch", path.to_str().expect("UTF-8 path")]);
    run(&args);
    let _ = std::fs::remove_file(&path);
}

/// The show outputs of the real kernel, in namespace `ns`.
fn kernel_state(ns: &Ns, opts: &[&str], shows: &[&str]) -> Vec<Vec<Value>> {
    shows
        .iter()
        .map(|show| {
            let mut args = vec!["-j", "-n", &ns.0];
            args.extend(opts);
            args.extend(show.split_whitespace());
            let out = run(&args);
            let mut arrays = arrays(&out);
            assert_eq!(arrays.len(), 1, "nlwire -j {show}: one array:\n{out}");
            arrays.remove(0)
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
/// - Neighbours of IPv6 multicast addresses: the kernel makes `NOARP` entries for the
///   groups its MLD reports go to, asynchronously; the others are compared as a set
///   (the dump order within a family is hash order on the kernel).
///
/// Rules are compared in dump (priority) order, nexthops in id order.
///
/// `operstate` and the link flags are NOT masked: once the kernel has settled (see
/// [`differ`]), they matched in every scenario. The order of links and of a link's addresses is kept (it
/// is meaningful: ifindex order, primary before secondary); routes are compared as a
/// set (the dump order across tables is not meaningful).
fn normalise(names: &[&str], shows: &[Vec<Value>]) -> Vec<Vec<Value>> {
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
    names
        .iter()
        .zip(shows)
        .map(|(name, show)| match name.split_whitespace().next() {
            Some("link" | "addr") => show.iter().map(link).collect(),
            Some("route") => {
                let mut routes: Vec<Value> = show
                    .iter()
                    .filter(|r| {
                        !(r["type"] == "local" && r["dst"].as_str().is_some_and(is_link_local))
                    })
                    .cloned()
                    .collect();
                routes.sort_by_key(Value::to_string);
                routes
            }
            Some("neigh") => {
                let mut n: Vec<Value> = show
                    .iter()
                    .filter(|n| !n["dst"].as_str().is_some_and(is_multicast6))
                    .cloned()
                    .collect();
                n.sort_by_key(Value::to_string);
                n
            }
            _ => show.clone(),
        })
        .collect()
}

/// Whether `dst` is an IPv6 multicast address (`ff00::/8`): the kernel makes `NOARP`
/// neighbours for the groups its MLD reports go to, asynchronously.
fn is_multicast6(dst: &str) -> bool {
    dst.parse::<std::net::Ipv6Addr>()
        .is_ok_and(|a| a.is_multicast())
}

/// Whether `dst` is an IPv6 link-local address (`fe80::/10`).
fn is_link_local(dst: &str) -> bool {
    dst.parse::<std::net::Ipv6Addr>()
        .is_ok_and(|a| a.segments()[0] & 0xffc0 == 0xfe80)
}

/// Runs `scenario` in both kernels and asserts the normalised states are equal.
fn compare(test: &str, scenario: &[&str]) {
    if let Err(e) = differ(test, &[], &SHOWS, scenario, scenario) {
        panic!("{e}");
    }
}

/// Runs `sim` in the simulated kernel and `kernel` in a fresh namespace (the same
/// script, except in the tests that check a divergence is caught), each with the
/// global options `opts`, then `shows` (the first must be `link show`); `Err` with the
/// first normalised show that differs. `Ok` also when the kernel is unavailable (the
/// test prints `SKIP`).
fn differ(
    test: &str,
    opts: &[&str],
    shows: &[&str],
    sim: &[&str],
    kernel: &[&str],
) -> Result<(), String> {
    let Some(ns) = namespace(test) else {
        return Ok(());
    };
    let sim = normalise(shows, &sim_state(test, opts, shows, sim));
    kernel_run(&ns, test, opts, kernel);
    // The kernel applies carrier changes asynchronously (linkwatch, rate-limited to
    // about one run a second): right after the batch, `operstate` may still be
    // `UNKNOWN` and the flags may show `NO-CARRIER` next to `LOWER_UP`. Rather than
    // mask those fields, wait (bounded) for the kernel to settle on the sim's state; a
    // real divergence still fails, with the kernel's last state.
    let deadline = Instant::now() + SETTLE;
    let real = loop {
        let real = normalise(shows, &kernel_state(&ns, opts, shows));
        if real == sim || Instant::now() >= deadline {
            break real;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // The scenario must have produced something beyond `lo` to compare.
    assert!(sim[0].len() > 1, "{test}: no links created");
    for ((show, s), k) in shows.iter().zip(&sim).zip(&real) {
        if s != k {
            return Err(format!(
                "{test}: `{show}` differs (sim left, kernel right; known divergences: \
                 {KNOWN_DIVERGENCES:?})\nsim:    {}\nkernel: {}",
                Value::from(s.clone()),
                Value::from(k.clone()),
            ));
        }
    }
    Ok(())
}

/// Like [`differ`] with the same script on both sides, which must agree; then, when the
/// kernel is available, with `diverging` appended on the kernel side only, which must
/// be caught.
fn compare_and_catch(
    test: &str,
    opts: &[&str],
    shows: &[&str],
    scenario: &[&str],
    diverging: &str,
) {
    if let Err(e) = differ(test, opts, shows, scenario, scenario) {
        panic!("{e}");
    }
    let mut kernel = scenario.to_vec();
    kernel.push(diverging);
    if namespace_possible() {
        assert!(
            differ(test, opts, shows, scenario, &kernel).is_err(),
            "{test}: `{diverging}` on the kernel side only went unnoticed"
        );
    }
}

/// Whether this machine can make namespaces (root).
fn namespace_possible() -> bool {
    euid() == 0
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

/// Neighbours, IPv4 and IPv6: permanent (the default), reachable, noarp and stale
/// entries, a replace of the link-layer address, a replace that changes the state, a
/// delete, proxy entries added and one deleted (listed by `neigh show proxy`). Multicast neighbours the kernel makes for MLD are
/// masked (see [`normalise`]).
#[test]
fn neighbours() {
    compare_and_catch(
        "neighbours",
        &[],
        &[
            "link show",
            "neigh show nud all",
            "neigh show proxy",
            "route show table all",
        ],
        &[
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "link set veth1 up",
            "addr add 10.1.0.1/24 dev veth0",
            "addr add 2001:db8:1::1/64 dev veth0 nodad",
            "neigh add 10.1.0.7 lladdr 02:00:00:00:00:07 dev veth0",
            "neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev veth0 nud reachable",
            "neigh replace 10.1.0.7 lladdr 02:00:00:00:00:17 dev veth0",
            "neigh add 10.1.0.10 lladdr 02:00:00:00:00:0a dev veth0 nud noarp",
            "neigh add 10.1.0.11 lladdr 02:00:00:00:00:0b dev veth1 nud stale",
            "neigh replace 10.1.0.11 lladdr 02:00:00:00:00:0b dev veth1 nud permanent",
            "neigh add 2001:db8:1::7 lladdr 02:00:00:00:00:27 dev veth0",
            "neigh add 2001:db8:1::8 lladdr 02:00:00:00:00:28 dev veth0 nud reachable router",
            "neigh add proxy 10.1.0.9 dev veth0",
            "neigh add proxy 2001:db8:1::9 dev veth0",
            "neigh del proxy 10.1.0.9 dev veth0",
            "neigh del 10.1.0.8 dev veth0",
        ],
        "neigh del proxy 2001:db8:1::9 dev veth0",
    );
}

/// IPv4 rules: auto-assigned priorities (one below the previous lowest), explicit ones,
/// several selectors (from/to, fwmark/mask, iif/oif, tos, ipproto and ports, uidrange,
/// not), actions (goto, blackhole, unreachable, prohibit), suppress_prefixlength, and
/// deletes by priority and by selectors.
#[test]
fn rules_ipv4() {
    compare_and_catch(
        "rules_ipv4",
        &[],
        &OBJECT_SHOWS,
        &[
            "link add veth0 type veth peer name veth1",
            "rule add from 10.1.0.0/24 lookup 100",
            "rule add to 10.9.0.0/16 lookup 101",
            "rule add fwmark 0x7/0xff iif veth0 lookup 200 pref 400",
            "rule add oif veth1 tos 0x10 lookup 201 pref 401",
            "rule add ipproto tcp dport 80-90 sport 1000 lookup 202 pref 402",
            "rule add uidrange 1000-2000 lookup 203 pref 403",
            "rule add not from 10.2.0.0/16 lookup 204 pref 404",
            "rule add to 10.50.0.0/16 blackhole pref 600",
            "rule add to 10.51.0.0/16 unreachable pref 601",
            "rule add to 10.52.0.0/16 prohibit pref 602",
            "rule add goto 700 pref 603",
            "rule add lookup main suppress_prefixlength 0 pref 700",
            "rule add iif nosuch lookup 205 pref 701",
            "rule del pref 401",
            "rule del to 10.9.0.0/16 lookup 101",
        ],
        "rule del pref 402",
    );
}

/// IPv6 rules (run with `-6`, so the shows list IPv6): auto-assigned priorities
/// (IPv6 has no `default` rule, so they start at 32765 too), selectors, actions and a
/// delete.
#[test]
fn rules_ipv6() {
    compare_and_catch(
        "rules_ipv6",
        &["-6"],
        &OBJECT_SHOWS,
        &[
            "link add veth0 type veth peer name veth1",
            "rule add from 2001:db8:1::/64 lookup 100",
            "rule add to 2001:db8:9::/48 lookup 101",
            "rule add fwmark 7 iif veth0 lookup 200 pref 400",
            "rule add ipproto udp dport 53 lookup 201 pref 401",
            "rule add to 2001:db8:50::/48 blackhole pref 600",
            "rule add to 2001:db8:51::/48 prohibit pref 601",
            "rule del pref 400",
        ],
        "rule add to 2001:db8:52::/48 unreachable pref 602",
    );
}

/// Nexthop objects: gateway and device nexthops, a blackhole, a weighted group and a
/// second group (a blackhole nexthop needs `lo` up; a gateway that is a local address
/// has scope host), routes through `nhid` (main and
/// table 100), then a member deleted
/// (the groups shrink, the routes follow) and a group's last member deleted (the
/// group and its route go).
#[test]
fn nexthops() {
    compare_and_catch(
        "nexthops",
        &[],
        &OBJECT_SHOWS,
        &[
            "link set lo up",
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "link set veth1 up",
            "addr add 10.1.0.1/24 dev veth0",
            "nexthop add id 1 via 10.1.0.2 dev veth0",
            "nexthop add id 2 via 10.1.0.3 dev veth0",
            "nexthop add id 3 dev veth1",
            "nexthop add id 4 blackhole",
            "nexthop add id 5 via 10.1.0.1 dev veth0",
            "nexthop add id 10 group 1,3/2,2",
            "nexthop add id 11 group 2",
            "route add 10.20.0.0/16 nhid 10",
            "route add 10.21.0.0/16 nhid 11 table 100",
            "route add 10.22.0.0/16 nhid 1",
            "route add 10.23.0.0/16 nhid 4",
            "nexthop del id 1",
            "nexthop del id 2",
        ],
        "nexthop del id 3",
    );
}

/// IPv6 routes through nexthop objects (a group, a single gateway, one in table 100
/// deleted by its `nhid`), IPv4 routes through objects with IPv6 gateways (`via inet6`)
/// and an IPv4 one, then a group member deleted: the IPv4 route through it goes, the
/// group's routes shrink (IPv6 keeps the multipath form); lookups through them.
#[test]
fn nexthops_ipv6_and_via() {
    compare_and_catch(
        "nexthops_ipv6_and_via",
        &[],
        &[
            "link show",
            "nexthop show",
            "route show table all",
            "route get 10.21.0.1",
            "route get 10.22.0.1",
            "route get 2001:db8:20::1",
        ],
        &[
            "link set lo up",
            "link add veth0 type veth peer name veth1",
            "link set veth0 up",
            "link set veth1 up",
            "addr add 10.1.0.1/24 dev veth0",
            "addr add 2001:db8:1::1/64 dev veth0 nodad",
            "nexthop add id 1 via 2001:db8:1::2 dev veth0",
            "nexthop add id 2 via 2001:db8:1::3 dev veth0",
            "nexthop add id 3 via 10.1.0.2 dev veth0",
            "nexthop add id 10 group 1/2",
            "route add 2001:db8:20::/48 nhid 10",
            "route add 2001:db8:21::/48 nhid 1",
            "route add 2001:db8:22::/48 nhid 2 table 100",
            "route add 10.20.0.0/16 nhid 1",
            "route add 10.21.0.0/16 nhid 10",
            "route add 10.22.0.0/16 nhid 3",
            "route del 2001:db8:22::/48 nhid 2 table 100",
            "nexthop del id 1",
        ],
        "nexthop add id 20 via 10.1.0.3 dev veth0",
    );
}

/// Runs `nlwire ARGS -force -batch FILE` with `lines`; returns the standard output's
/// JSON arrays and the standard error with the file's path replaced by `BATCH`.
fn run_forced(tag: &str, args: &[&str], lines: &[&str]) -> (Vec<Vec<Value>>, String) {
    let path = batch_file(tag, lines);
    let p = path.to_str().expect("UTF-8 path").to_owned();
    let mut all = args.to_vec();
    all.extend(["-force", "-batch", &p]);
    let o = Command::new(bin())
        .args(&all)
        .stdin(Stdio::null())
        .output()
        .expect("nlwire runs");
    let _ = std::fs::remove_file(&path);
    let out = String::from_utf8(o.stdout).expect("UTF-8 output");
    let err = String::from_utf8_lossy(&o.stderr).replace(&p, "BATCH");
    (arrays(&out), err)
}

/// Runs `setup` then the `route get` lookups `gets` in both kernels, errors and all
/// (`-force`: a failed lookup prints its error and the batch goes on), and compares
/// every answer and every error; `kernel_extra` is added to the kernel's setup only
/// (empty: none). `Err` with both transcripts when they differ.
fn lookups_differ(
    test: &str,
    setup: &[&str],
    gets: &[&str],
    kernel_extra: &[&str],
) -> Result<(), String> {
    let Some(ns) = namespace(test) else {
        return Ok(());
    };
    let mut sim_lines = setup.to_vec();
    sim_lines.extend(gets);
    let sim = run_forced(test, &["-j", "--sim"], &sim_lines);
    let mut kernel_lines = setup.to_vec();
    kernel_lines.extend(kernel_extra);
    kernel_run(&ns, test, &[], &kernel_lines);
    // Let the carrier settle (see `differ`) before looking up.
    std::thread::sleep(Duration::from_millis(1500));
    let real = run_forced(test, &["-j", "-n", &ns.0], gets);
    // The error lines name the batch line: shift the kernel's by the setup's length.
    let shift = |e: &str| {
        e.lines()
            .map(|l| match l.strip_prefix("Command failed BATCH:") {
                Some(n) => format!("failed get {}", n.parse::<usize>().unwrap_or(0)),
                None => l.to_owned(),
            })
            .collect::<Vec<_>>()
    };
    let sim_err: Vec<String> = shift(&sim.1)
        .into_iter()
        .map(|l| match l.strip_prefix("failed get ") {
            Some(n) => format!(
                "failed get {}",
                n.parse::<usize>().unwrap_or(0).saturating_sub(setup.len())
            ),
            None => l,
        })
        .collect();
    let real_err = shift(&real.1);
    if sim.0 != real.0 || sim_err != real_err {
        return Err(format!(
            "{test}: lookups differ\nsim:    {:?}\n        {sim_err:?}\nkernel: {:?}\n        {real_err:?}",
            sim.0, real.0
        ));
    }
    assert!(!sim.0.is_empty(), "{test}: no lookup answered");
    Ok(())
}

/// Policy routing lookups (`route get`, IPv4 and IPv6): rules by destination, fwmark,
/// ipproto and port, uid range; goto over a blackhole; blackhole, unreachable and
/// prohibit rules (their errors); suppress_prefixlength; the local table after custom
/// rules; `fibmatch`; input lookups (`iif`: local and broadcast answered, forwarding
/// off, martian sources); an output device overriding a rule's error (on-link); a gateway refused because a rule blackholes it. A rule added on
/// the kernel side only must be caught.
#[test]
fn policy_routing_lookups() {
    let setup = [
        "link set lo up",
        "link add veth0 type veth peer name veth1",
        "link set veth0 up",
        "link set veth1 up",
        "addr add 10.1.0.1/24 dev veth0",
        "addr add 2001:db8:1::1/64 dev veth0 nodad",
        "addr add 2001:db8:2::1/64 dev veth1 nodad",
        "route add 10.9.0.0/16 via 10.1.0.2 table 100",
        "route add 10.9.1.0/24 via 10.1.0.3 table 200",
        "route add 10.60.0.0/16 via 10.1.0.4 table 201",
        "route add default via 10.1.0.5 table 202",
        "route add 2001:db8:9::/48 via 2001:db8:1::2 table 100",
        "rule add to 10.9.0.0/16 lookup 100 pref 500",
        "rule add to 10.9.0.0/16 fwmark 7 lookup 200 pref 400",
        "rule add ipproto tcp dport 80-90 lookup 201 pref 401",
        "rule add uidrange 1000-2000 lookup 201 pref 402",
        "rule add to 10.50.0.0/16 blackhole pref 600",
        "rule add to 10.51.0.0/16 unreachable pref 601",
        "rule add to 10.52.0.0/16 prohibit pref 602",
        "rule add to 10.53.0.0/16 goto 700 pref 603",
        "rule add to 10.53.0.0/16 blackhole pref 650",
        "rule add to 10.53.0.0/16 lookup 100 pref 700",
        "rule add lookup 202 suppress_prefixlength 0 pref 800",
        "rule add to 2001:db8:9::/48 lookup 100 pref 500",
        "rule add to 2001:db8:50::/48 blackhole pref 600",
        "rule add to 2001:db8:52::/48 prohibit pref 602",
    ];
    let gets = [
        "route get 10.9.1.5",
        "route get 10.9.1.5 mark 7",
        "route get 10.60.0.1",
        "route get 10.60.0.1 ipproto tcp dport 85",
        "route get 10.60.0.1 ipproto udp dport 85",
        "route get 10.60.0.1 uid 1500",
        "route get 10.50.0.1",
        "route get 10.51.0.1",
        "route get 10.52.0.1",
        "route get 10.53.0.1",
        "route get 10.80.0.1",
        "route get 10.1.0.1",
        "route get 10.1.0.7",
        "route get 10.9.1.5 fibmatch",
        "route get 10.1.0.1 from 10.1.0.2 iif veth0",
        "route get 10.1.0.255 from 10.1.0.2 iif veth0 mark 3",
        "route get 10.9.1.5 from 10.1.0.2 iif veth0",
        "route get 10.1.0.1 iif veth0",
        "route get 10.1.0.1 from 127.0.0.2 iif veth0",
        "route get 10.50.0.1 oif veth0",
        "route get 10.50.0.1 oif veth0 fibmatch",
        "route get 2001:db8:9::1",
        "route get 2001:db8:50::1",
        "route get 2001:db8:52::1",
        "route get 2001:db8:99::1",
        "route get 2001:db8:1::1",
        "route get 2001:db8:50::1 oif veth0",
        "route get 2001:db8:99::1 oif veth0",
        "route get 2001:db8:1::1 from 2001:db8:1::2 iif veth0",
        "route get 2001:db8:9::1 from 2001:db8:2::2 iif veth1",
        "route get 2001:db8:1::7 fibmatch",
        "route add 10.70.0.0/16 via 10.50.0.1",
        "route add 10.70.0.0/16 via 10.9.1.1",
        "nexthop add id 5 via 10.51.0.1 dev veth0",
        "route show 10.70.0.0/16",
    ];
    if let Err(e) = lookups_differ("policy_routing_lookups", &setup, &gets, &[]) {
        panic!("{e}");
    }
    if namespace_possible() {
        let extra = ["rule add to 10.9.1.0/24 lookup 202 pref 300"];
        assert!(
            lookups_differ("policy_routing_lookups", &setup, &gets, &extra).is_err(),
            "a rule on the kernel side only went unnoticed"
        );
    }
}
