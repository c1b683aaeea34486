//! Tests of the `nlwire` tool against the real kernel, each in a private network
//! namespace made with `ip netns add` (deleted by a guard whatever happens): the same
//! state shown by `nlwire -j` and `ip -j` (iproute2) is equal on the common fields;
//! changes made with `nlwire` are what `ip -j` sees; errors and exit statuses; `genl
//! list`; `-batch` with `-force`; `--capture` decoded back; a bounded `monitor`.
//!
//! Without root (or without `ip`), the tests print `SKIP` and pass, unless
//! `NLWIRE_REQUIRE_KERNEL=1`, where they fail.
#![cfg(feature = "cli")]

use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

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
        Some("not root".to_owned())
    } else {
        let name = format!(
            "nlwtest{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        );
        match Command::new("ip").args(["netns", "add", &name]).output() {
            Ok(o) if o.status.success() => {
                let ns = Ns(name);
                // No DAD: addresses do not change flags while the test compares.
                let _ = Command::new("ip")
                    .args(["netns", "exec", &ns.0, "sysctl", "-qw"])
                    .args([
                        "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0",
                    ])
                    .output();
                return Some(ns);
            }
            Ok(o) => Some(format!(
                "ip netns add failed: {}",
                String::from_utf8_lossy(&o.stderr)
            )),
            Err(e) => Some(format!("cannot run ip: {e}")),
        }
    };
    let why = why.unwrap_or_default();
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

fn ip(ns: &Ns, args: &str) -> Output {
    Command::new("ip")
        .args(["-n", &ns.0])
        .args(args.split_whitespace())
        .output()
        .expect("ip runs")
}

fn ip_ok(ns: &Ns, args: &str) {
    let o = ip(ns, args);
    assert!(
        o.status.success(),
        "ip {args}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn nlw(ns: &Ns, args: &str) -> Output {
    Command::new(bin())
        .args(["-n", &ns.0])
        .args(args.split_whitespace())
        .stdin(Stdio::null())
        .output()
        .expect("nlwire runs")
}

fn nlw_ok(ns: &Ns, args: &str) -> String {
    let o = nlw(ns, args);
    assert!(
        o.status.success(),
        "nlwire {args}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(out: &[u8]) -> Vec<Value> {
    let v: Value = serde_json::from_slice(out)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)));
    v.as_array().cloned().unwrap_or_default()
}

fn ip_json(ns: &Ns, args: &str) -> Vec<Value> {
    let o = ip(ns, &format!("-j {args}"));
    assert!(o.status.success(), "ip -j {args}");
    json(&o.stdout)
}

fn nlw_json(ns: &Ns, args: &str) -> Vec<Value> {
    let o = nlw(ns, &format!("-j {args}"));
    assert!(
        o.status.success(),
        "nlwire -j {args}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    json(&o.stdout)
}

/// Compares `ip -j` and `nlwire -j` for `args` on `keys` (all keys when empty).
fn same(ns: &Ns, args: &str, keys: &[&str]) {
    let a = ip_json(ns, args);
    let b = nlw_json(ns, args);
    assert_eq!(a.len(), b.len(), "{args}: {a:?}\n{b:?}");
    for (x, y) in a.iter().zip(&b) {
        if keys.is_empty() {
            assert_eq!(x, y, "{args}");
            continue;
        }
        for k in keys {
            assert_eq!(
                x.get(k),
                y.get(k),
                "{args}: field {k} of\n ip:  {x}\n nlw: {y}"
            );
        }
    }
}

fn build_state(ns: &Ns) {
    for c in [
        "link set lo up",
        "link add v0 type veth peer name v1",
        "link add br0 type bridge",
        "link set v1 master br0",
        "link set v0 up",
        "link set br0 up",
        "link add d0 type veth peer name d1",
        "link set d0 up",
        "link set d1 up",
        "addr add 10.0.0.1/24 dev v0 label v0:a broadcast 10.0.0.255",
        "addr add 10.0.0.2/24 dev v0",
        "addr add 10.1.0.1/24 dev d0",
        "addr add 2001:db8::1/64 dev d0 nodad",
        "route add 192.168.5.0/24 via 10.1.0.2 metric 10",
        "route add 192.168.6.0/24 via 10.1.0.2 table 100 proto static",
        "route add 192.168.7.0/24 nexthop via 10.1.0.2 dev d0 weight 2 nexthop via 10.1.0.3 dev d0",
        "route add blackhole 192.168.8.0/24",
        "route add unreachable 192.168.10.0/24 table 100",
        "route add 192.168.9.5 dev d0 src 10.1.0.1",
        "route add 2001:db8:1::/64 via 2001:db8::2",
        "neigh add 10.1.0.9 lladdr 02:00:00:00:00:09 dev d0 nud permanent",
        "neigh add 10.1.0.8 lladdr 02:00:00:00:00:08 dev d0 nud stale",
        "rule add from 10.9.0.0/16 table 100 priority 100",
        "rule add fwmark 0x10/0xff iif d0 table 100 priority 101 ipproto tcp dport 80-90",
        "rule add to 10.8.0.0/16 oif v0 table main priority 102 sport 1000",
        "nexthop add id 1 via 10.1.0.2 dev d0",
        "nexthop add id 3 via 10.1.0.3 dev d0",
        "nexthop add id 10 group 1/3,5",
        "route add 192.168.12.0/24 nhid 10",
    ] {
        ip_ok(ns, c);
    }
}

const LINK_KEYS: &[&str] = &[
    "ifindex",
    "link",
    "ifname",
    "flags",
    "mtu",
    "qdisc",
    "master",
    "operstate",
    "linkmode",
    "group",
    "txqlen",
    "link_type",
    "address",
    "broadcast",
];

#[test]
fn show_matches_ip() {
    let Some(ns) = namespace("show_matches_ip") else {
        return;
    };
    build_state(&ns);
    same(&ns, "link show", LINK_KEYS);
    let mut dkeys = LINK_KEYS.to_vec();
    dkeys.extend([
        "promiscuity",
        "allmulti",
        "min_mtu",
        "max_mtu",
        "num_tx_queues",
        "num_rx_queues",
        "gso_max_size",
    ]);
    same(&ns, "-d link show", &dkeys);
    let dl = nlw_json(&ns, "-d link show");
    let br = dl.iter().find(|l| l["ifname"] == "br0").unwrap();
    assert_eq!(br["linkinfo"]["info_kind"], "bridge");
    let v1 = dl.iter().find(|l| l["ifname"] == "v1").unwrap();
    assert_eq!(v1["linkinfo"]["info_slave_kind"], "bridge");
    same(&ns, "link show dev d0", LINK_KEYS);
    same(&ns, "link show type veth", LINK_KEYS);
    same(&ns, "link show master br0", LINK_KEYS);
    same(&ns, "addr show", &[]);
    same(&ns, "-4 addr show", &[]);
    same(&ns, "addr show dev v0", &[]);
    same(&ns, "route show", &[]);
    same(&ns, "route show table all", &[]);
    same(&ns, "route show table 100", &[]);
    same(&ns, "-6 route show", &[]);
    same(&ns, "route show dev d0", &[]);
    same(&ns, "neigh show", &[]);
    same(&ns, "neigh show dev d0", &[]);
    same(&ns, "rule show", &[]);
    same(&ns, "nexthop show", &[]);
    // Text mirrors ip too.
    for args in [
        "link show",
        "addr show",
        "route show table all",
        "rule show",
        "nexthop show",
    ] {
        let a = String::from_utf8_lossy(&ip(&ns, args).stdout).into_owned();
        let b = nlw_ok(&ns, args);
        assert_eq!(a, b, "text of {args}");
    }
}

#[test]
fn changes_made_with_nlwire_show_in_ip() {
    let Some(ns) = namespace("changes_made_with_nlwire_show_in_ip") else {
        return;
    };
    nlw_ok(&ns, "link set lo up");
    nlw_ok(&ns, "link add v0 type veth peer name v1");
    nlw_ok(&ns, "link add br0 type bridge");
    nlw_ok(&ns, "link set v0 up mtu 1400");
    nlw_ok(&ns, "link set v1 master br0");
    nlw_ok(&ns, "link set v1 up");
    nlw_ok(&ns, "link set br0 up");
    let links = ip_json(&ns, "link show");
    let get = |n: &str| links.iter().find(|l| l["ifname"] == n).cloned().unwrap();
    assert_eq!(get("v0")["mtu"], 1400);
    assert_eq!(get("v0")["link"], "v1");
    assert_eq!(get("v1")["master"], "br0");
    assert!(
        get("v0")["flags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("UP"))
    );
    nlw_ok(&ns, "link set v1 nomaster");
    assert!(ip_json(&ns, "link show dev v1")[0].get("master").is_none());

    nlw_ok(&ns, "addr add 10.0.0.1/24 dev v0 brd +");
    nlw_ok(&ns, "addr add 10.0.0.7/24 dev v0 label v0:x");
    let a = ip_json(&ns, "-4 addr show dev v0");
    let infos = a[0]["addr_info"].as_array().unwrap();
    assert_eq!(infos[0]["local"], "10.0.0.1");
    assert_eq!(infos[0]["broadcast"], "10.0.0.255");
    assert_eq!(infos[1]["label"], "v0:x");
    nlw_ok(&ns, "addr del 10.0.0.7/24 dev v0");
    assert_eq!(
        ip_json(&ns, "-4 addr show dev v0")[0]["addr_info"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    nlw_ok(
        &ns,
        "route add 192.168.1.0/24 via 10.0.0.2 dev v0 table 100 metric 5 src 10.0.0.1",
    );
    nlw_ok(
        &ns,
        "route add 192.168.2.0/24 nexthop via 10.0.0.2 dev v0 weight 3 nexthop via 10.0.0.3 dev v0",
    );
    nlw_ok(&ns, "route add 192.168.3.0/24 via 10.0.0.2");
    nlw_ok(&ns, "route replace 192.168.3.0/24 via 10.0.0.4");
    nlw_ok(&ns, "route add blackhole 192.168.4.0/24");
    nlw_ok(&ns, "route add default via 10.0.0.254");
    let t100 = ip_json(&ns, "route show table 100");
    assert_eq!(t100[0]["dst"], "192.168.1.0/24");
    assert_eq!(t100[0]["gateway"], "10.0.0.2");
    assert_eq!(t100[0]["metric"], 5);
    assert_eq!(t100[0]["prefsrc"], "10.0.0.1");
    let main = ip_json(&ns, "route show");
    let r = |d: &str| main.iter().find(|r| r["dst"] == d).cloned().unwrap();
    assert_eq!(r("192.168.2.0/24")["nexthops"][0]["weight"], 3);
    assert_eq!(r("192.168.2.0/24")["nexthops"][1]["gateway"], "10.0.0.3");
    assert_eq!(r("192.168.3.0/24")["gateway"], "10.0.0.4");
    assert_eq!(r("192.168.4.0/24")["type"], "blackhole");
    assert_eq!(r("default")["gateway"], "10.0.0.254");
    nlw_ok(&ns, "route del 192.168.2.0/24");
    nlw_ok(&ns, "route del 192.168.1.0/24 table 100");
    assert!(
        !ip_json(&ns, "route show")
            .iter()
            .any(|r| r["dst"] == "192.168.2.0/24")
    );
    assert!(ip_json(&ns, "route show table 100").is_empty());

    nlw_ok(&ns, "neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0");
    nlw_ok(
        &ns,
        "neigh replace 10.0.0.8 lladdr 02:00:00:00:00:08 dev v0 nud stale",
    );
    let n = ip_json(&ns, "neigh show dev v0");
    let dst = |d: &str| n.iter().find(|e| e["dst"] == d).cloned().unwrap();
    assert_eq!(dst("10.0.0.9")["lladdr"], "02:00:00:00:00:09");
    assert_eq!(dst("10.0.0.9")["state"][0], "PERMANENT");
    assert_eq!(dst("10.0.0.8")["state"][0], "STALE");
    nlw_ok(&ns, "neigh del 10.0.0.9 dev v0");
    assert_eq!(ip_json(&ns, "neigh show dev v0").len(), 1);

    nlw_ok(&ns, "rule add from 10.9.0.0/16 table 100 priority 100");
    nlw_ok(
        &ns,
        "rule add fwmark 0x10/0xff iif v0 lookup 100 pref 101 ipproto tcp sport 1000-2000",
    );
    let rules = ip_json(&ns, "rule show");
    let p = |n: u64| rules.iter().find(|r| r["priority"] == n).cloned().unwrap();
    assert_eq!(p(100)["src"], "10.9.0.0");
    assert_eq!(p(100)["srclen"], 16);
    assert_eq!(p(101)["fwmark"], "0x10");
    assert_eq!(p(101)["ipproto"], "tcp");
    assert_eq!(p(101)["sport_end"], 2000);
    nlw_ok(&ns, "rule del priority 100");
    assert!(
        !ip_json(&ns, "rule show")
            .iter()
            .any(|r| r["priority"] == 100)
    );

    nlw_ok(&ns, "nexthop add id 1 via 10.0.0.2 dev v0");
    nlw_ok(&ns, "nexthop add id 2 via 10.0.0.3 dev v0");
    nlw_ok(&ns, "nexthop add id 5 blackhole");
    nlw_ok(&ns, "nexthop add id 9 group 1/2,4");
    let nh = ip_json(&ns, "nexthop show");
    let id = |n: u64| nh.iter().find(|r| r["id"] == n).cloned().unwrap();
    assert_eq!(id(1)["gateway"], "10.0.0.2");
    assert!(id(5).get("blackhole").is_some());
    assert_eq!(id(9)["group"][1]["weight"], 4);
    nlw_ok(&ns, "nexthop del id 9");
    assert!(!ip_json(&ns, "nexthop show").iter().any(|r| r["id"] == 9));

    nlw_ok(&ns, "link del br0");
    assert!(
        !ip_json(&ns, "link show")
            .iter()
            .any(|l| l["ifname"] == "br0")
    );
}

#[test]
fn errors_print_like_ip() {
    let Some(ns) = namespace("errors_print_like_ip") else {
        return;
    };
    nlw_ok(&ns, "link set lo up");
    let o = nlw(&ns, "route add 1.2.3.0/24 via 9.9.9.9");
    assert_eq!(o.status.code(), Some(2), "ip exits 2 on kernel errors");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Error: Nexthop has invalid gateway (ENETUNREACH)"),
        "{err}"
    );
    let o = nlw(&ns, "link add sixteen-chars-xx type veth");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("(ERANGE) at attribute IFLA_IFNAME"), "{err}");
    let o = nlw(&ns, "link set nosuch up");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Cannot find device \"nosuch\""));
    // A bad argument: usage, exit 2, and nothing reaches the kernel.
    let o = nlw(&ns, "link add x0 type veth peer name x1 bogus");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Usage: nlwire link"));
    assert!(
        !ip_json(&ns, "link show")
            .iter()
            .any(|l| l["ifname"] == "x0")
    );
}

#[test]
fn genl_list_shows_nlctrl() {
    let Some(ns) = namespace("genl_list_shows_nlctrl") else {
        return;
    };
    let fams = nlw_json(&ns, "genl list");
    let ctrl = fams.iter().find(|f| f["name"] == "nlctrl").expect("nlctrl");
    assert_eq!(ctrl["id"], 16);
    assert!(
        ctrl["mcast_groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["name"] == "notify")
    );
    assert!(
        ctrl["ops"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == 3 && o["dump"] == true)
    );
    let text = nlw_ok(&ns, "genl list");
    assert!(text.contains("Name: nlctrl\n\tID: 0x10"), "{text}");
    let pol = nlw_ok(&ns, "genl policy nlctrl");
    assert!(pol.contains("CTRL_ATTR_FAMILY_NAME"), "{pol}");
}

#[test]
fn batch_with_force_and_capture() {
    let Some(ns) = namespace("batch_with_force_and_capture") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("nlwire-cli-kernel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let batch = dir.join("b.txt");
    std::fs::write(
        &batch,
        "# comment\n\nlink add b0 type bridge\nlink add b0 type bridge\naddr add 10.9.9.9/24 dev b0\n",
    )
    .unwrap();
    let o = nlw(&ns, &format!("-batch {}", batch.display()));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Command failed"));
    assert!(
        ip_json(&ns, "addr show dev b0")[0]["addr_info"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let cap = dir.join("c.pcap");
    let o = nlw(
        &ns,
        &format!(
            "--capture {} -force -batch {}",
            cap.display(),
            batch.display()
        ),
    );
    assert_eq!(o.status.code(), Some(1), "a command failed, the others ran");
    let a = ip_json(&ns, "-4 addr show dev b0");
    assert_eq!(a[0]["addr_info"][0]["local"], "10.9.9.9");
    let d = Command::new(bin())
        .args(["decode", cap.to_str().unwrap()])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&d.stdout);
    assert!(out.contains("NLMSG_ERROR EEXIST (17)"), "{out}");
    assert!(out.contains("RTM_NEWADDR"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn monitor_prints_events() {
    let Some(ns) = namespace("monitor_prints_events") else {
        return;
    };
    let child = Command::new(bin())
        .args([
            "-n", &ns.0, "-j", "monitor", "link", "address", "count", "3", "timeout", "10",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    ip_ok(&ns, "link add m0 type veth peer name m1");
    ip_ok(&ns, "addr add 10.7.0.1/24 dev m0");
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let events: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{out}");
    assert!(events.iter().any(|e| e["ifname"] == "m0"), "{out}");
    assert!(events.iter().any(|e| e["local"] == "10.7.0.1"), "{out}");
}

#[test]
fn monitor_resynchronises_after_overrun() {
    use std::io::{BufRead, BufReader, Read};
    use std::sync::mpsc;
    use std::time::{Duration, Instant};

    let Some(ns) = namespace("monitor_resynchronises_after_overrun") else {
        return;
    };
    ip_ok(&ns, "link add o0 type veth peer name o1");
    ip_ok(&ns, "link set o0 up");
    // A generous ceiling only: the test ends as soon as the resync shows the last route.
    let mut child = Command::new(bin())
        .args([
            "-n", &ns.0, "monitor", "route", "rcvbuf", "1024", "timeout", "30",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut out = String::new();
    let mut wait_for = |needle: &str, deadline: Instant, poke: &mut dyn FnMut()| -> bool {
        while Instant::now() < deadline {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    out.push_str(&line);
                    out.push('\n');
                    if line.contains(needle) {
                        return true;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => poke(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return false,
            }
        }
        false
    };
    // Ready when the monitor prints a probe route (re-added until it does).
    let ready = wait_for(
        "172.16.9.9 dev o0",
        Instant::now() + Duration::from_secs(20),
        &mut || {
            let _ = ip(&ns, "route replace 172.16.9.9/32 dev o0");
        },
    );
    assert!(ready, "the monitor never printed the probe route: {out}");
    let dir = std::env::temp_dir().join(format!("nlwire-cli-ovr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let batch = dir.join("routes");
    let lines: String = (0..300)
        .map(|i| format!("route add 172.16.{}.{}/32 dev o0\n", i / 250, i % 250))
        .collect();
    std::fs::write(&batch, lines).unwrap();
    ip_ok(&ns, &format!("-batch {}", batch.display()));
    // Every route is printed as an event or by a resync dump after an overrun; the last
    // one added must come out either way.
    let done = wait_for(
        "172.16.1.49 dev o0",
        Instant::now() + Duration::from_secs(25),
        &mut || {},
    );
    let _ = child.kill();
    let _ = child.wait();
    let _ = reader.join();
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(done, "the last route never came out: {out}");
    assert!(err.contains("overrun"), "no overrun reported: {err}");
}
