//! Runs every example of `sys/examples/` against the real kernel and checks what it
//! prints.
//!
//! The examples are the binaries `cargo test` (or `cargo build --examples`) leaves in
//! `target/<profile>/examples/`; a test whose example is missing, or older than its
//! source, prints `SKIP` with the command to build it (or fails under
//! `NLWIRE_REQUIRE_KERNEL=1`). `cargo test -p nlwire-sys` builds them first;
//! `cargo test --test examples` alone does not, so after changing the library run
//! `cargo build -p nlwire-sys --examples` before it. Their logic is the convenience
//! layer's, tested on its own in `convenience.rs`.
//!
//! Every test runs in a private network namespace ([`in_private_netns`]) and starts the
//! example from there, so it inherits that namespace; the examples that change state make
//! another private namespace of their own on top. Nothing touches the host's interfaces.

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use nlwire_sys::route::RtnlHandle;
use nlwire_sys::testing::{in_private_netns, skip};

/// The built example `name`, or `None` (after a `SKIP`) when it is missing or stale.
fn example(test: &str, name: &str) -> Option<PathBuf> {
    // The test binary is target/<profile>/deps/examples-<hash>.
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?.join("examples");
    let bin = dir.join(name);
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(format!("{name}.rs"));
    let build = "run `cargo test -p nlwire-sys` or `cargo build -p nlwire-sys --examples` first";
    let Ok(built) = std::fs::metadata(&bin).and_then(|m| m.modified()) else {
        return skip(
            test,
            format_args!("{} is not built: {build}", bin.display()),
        );
    };
    // Stale when its source changed after it was built (what cargo itself checks for
    // an example; a changed library is relinked in by the build of `cargo test`, but not
    // by `cargo test --test examples` alone: build the examples first then).
    let written = std::fs::metadata(&source).and_then(|m| m.modified()).ok();
    if written.is_some_and(|w| w > built) {
        return skip(
            test,
            format_args!("{} is older than its source: {build}", bin.display()),
        );
    }
    Some(bin)
}

/// Runs `bin` with `args` and returns its output.
fn run(bin: &PathBuf, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()))
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs the example and expects success; returns its standard output.
fn ok(bin: &PathBuf, args: &[&str]) -> String {
    let o = run(bin, args);
    let (out, err) = text(&o);
    assert!(
        o.status.success(),
        "{} {args:?}: {}\nstdout:\n{out}\nstderr:\n{err}",
        bin.display(),
        o.status
    );
    out
}

/// Waits for `child` at most `limit`; kills it (our own child) and fails when it runs
/// longer.
fn wait_for(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().unwrap(),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let o = child.wait_with_output().unwrap();
                let (out, err) = text(&o);
                panic!("still running after {limit:?}\nstdout:\n{out}\nstderr:\n{err}");
            }
            Err(e) => panic!("waiting: {e}"),
        }
    }
}

#[test]
fn link_up_down() {
    let Some(bin) = example("link_up_down", "link_up_down") else {
        return;
    };
    in_private_netns("link_up_down", || {
        let out = ok(&bin, &[]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "working in a new private network namespace");
        assert!(
            lines[1].starts_with("lo up:   1: lo <LOOPBACK,UP,LOWER_UP> mtu 65536"),
            "{out}"
        );
        assert!(
            lines[2].starts_with("lo down: 1: lo <LOOPBACK> mtu 65536 state DOWN"),
            "{out}"
        );
        let out = ok(&bin, &["lo", "up"]);
        assert_eq!(out.lines().count(), 2, "{out}");
        // The example's own namespace went with it: ours is untouched.
        let mut rt = RtnlHandle::open().unwrap();
        assert!(!rt.link_by_name("lo").unwrap().unwrap().is_up());

        let o = run(&bin, &["nosuch0"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).1.contains("no link named \"nosuch0\""), "{o:?}");
        assert_eq!(run(&bin, &["lo", "sideways"]).status.code(), Some(2));
    });
}

#[test]
fn addr_add() {
    let Some(bin) = example("addr_add", "addr_add") else {
        return;
    };
    in_private_netns("addr_add", || {
        let out = ok(&bin, &[]);
        assert!(out.contains("added 192.0.2.1/24 to lo\n"), "{out}");
        assert!(
            out.contains("1: inet 192.0.2.1/24 scope global label lo"),
            "{out}"
        );
        let out = ok(&bin, &["198.51.100.7/25"]);
        assert!(out.contains("1: inet 198.51.100.7/25 "), "{out}");
        let o = run(&bin, &["192.0.2.1/24", "nosuch0"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).1.contains("ENODEV"), "{o:?}");
        assert_eq!(run(&bin, &["not-an-address"]).status.code(), Some(2));
    });
}

#[test]
fn route_via_gateway() {
    let Some(bin) = example("route_via_gateway", "route_via_gateway") else {
        return;
    };
    in_private_netns("route_via_gateway", || {
        let out = ok(&bin, &[]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(
            lines[1].starts_with("added:   198.51.100.0/24 via 192.0.2.254 oif "),
            "{out}"
        );
        assert!(
            lines[1].contains(" table main proto boot scope global"),
            "{out}"
        );
        assert!(
            lines[2].starts_with(
                "deleted: 198.51.100.0/24 via 192.0.2.254 (main table, IPv4: 1 route left)"
            ),
            "{out}"
        );
        // An unreachable gateway: the kernel's error, explained.
        let o = run(&bin, &["198.51.100.0/24", "203.0.113.1"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).1.contains("ENETUNREACH"), "{o:?}");
        assert_eq!(run(&bin, &["--netns", "x"]).status.code(), Some(2));
    });
}

#[test]
fn monitor() {
    let Some(bin) = example("monitor", "monitor") else {
        return;
    };
    in_private_netns("monitor", || {
        // The monitor watches the namespace it runs in: this private one.
        let mut child = Command::new(&bin)
            .args(["--count", "3"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        err.read_line(&mut line).unwrap();
        assert_eq!(
            line,
            "listening for link, address and route changes (Ctrl-C to stop)\n"
        );
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("m0", "m1").unwrap();
        let m0 = rt.link_index("m0").unwrap();
        rt.addr_add("192.0.2.1".parse().unwrap(), 24, m0).unwrap();
        let o = wait_for(child, Duration::from_secs(20));
        assert!(o.status.success(), "{o:?}");
        let out = text(&o).0;
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("link new: ") && l.contains(": m0 <")),
            "{out}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("link new: ") && l.contains(": m1 <")),
            "{out}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("addr new: {m0}: inet 192.0.2.1/24"))),
            "{out}"
        );
        assert_eq!(run(&bin, &["--count", "many"]).status.code(), Some(2));
    });
}

#[test]
fn genl_family() {
    let Some(bin) = example("genl_family", "genl_family") else {
        return;
    };
    in_private_netns("genl_family", || {
        let out = ok(&bin, &[]);
        assert!(out.starts_with("nlctrl id 16 version "), "{out}");
        assert!(out.contains("\n  op 3 flags "), "{out}");
        assert!(out.contains("\n  group notify id 16\n"), "{out}");
        let o = run(&bin, &["nlwire-absent"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            text(&o).1.contains(
                "generic netlink family \"nlwire-absent\" is not available: the kernel does not have it"
            ),
            "{o:?}"
        );
    });
}

#[test]
fn wifi_interfaces() {
    let Some(bin) = example("wifi_interfaces", "wifi_interfaces") else {
        return;
    };
    in_private_netns("wifi_interfaces", || {
        let out = ok(&bin, &[]);
        // Without a wireless driver the family is absent; with one, a private namespace
        // has no wireless interface.
        assert!(
            out == "nl80211 is not available on this machine (no wireless driver loaded)\n"
                || out == "no wireless interfaces\n",
            "{out}"
        );
    });
}

#[test]
fn vlan_create() {
    let Some(bin) = example("vlan_create", "vlan_create") else {
        return;
    };
    in_private_netns("vlan_create", || {
        let o = run(&bin, &[]);
        let (out, err) = text(&o);
        assert!(
            out.starts_with(
                "working in a new private network namespace, on a new veth pair veth0 <-> veth1\n"
            ),
            "{out}"
        );
        if o.status.success() {
            assert!(
                out.contains("created ") && out.contains(": veth0.10 <"),
                "{out}"
            );
            assert!(out.contains(" kind vlan"), "{out}");
        } else {
            // This kernel has no 802.1Q support: the kernel's error, explained.
            assert_eq!(o.status.code(), Some(1));
            assert_eq!(
                err,
                "vlan_create: cannot create veth0.10: Unknown device type (EOPNOTSUPP, errno 95): \
                 this kernel has no 802.1Q VLAN support (module 8021q)\n"
            );
        }
        assert_eq!(run(&bin, &["veth0", "many"]).status.code(), Some(2));
    });
}

#[test]
fn veth_create() {
    let Some(bin) = example("veth_create", "veth_create") else {
        return;
    };
    in_private_netns("veth_create", || {
        let out = ok(&bin, &["left", "right"]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].starts_with("created left (index "), "{out}");
        assert!(lines[1].contains(") <-> right (index "), "{out}");
        assert!(
            lines[2].contains(": left <") && lines[2].contains(" kind veth"),
            "{out}"
        );
        assert!(
            lines[3].contains(": right <") && lines[3].contains(" kind veth"),
            "{out}"
        );
        // Its namespace went with it.
        let mut rt = RtnlHandle::open().unwrap();
        assert_eq!(rt.link_by_name("left").unwrap(), None);
        // The same name twice: the kernel's EEXIST.
        let o = run(&bin, &["same", "same"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(text(&o).1.contains("EEXIST"), "{o:?}");
    });
}

#[test]
fn netns_links() {
    let Some(bin) = example("netns_links", "netns_links") else {
        return;
    };
    // A process that lives in a private namespace with a veth pair in it.
    let sleeper = in_private_netns("netns_links", || {
        let mut rt = RtnlHandle::open().unwrap();
        rt.veth_add("inside0", "inside1").unwrap();
        Command::new("sleep")
            .arg("60")
            .stdin(Stdio::null())
            .spawn()
            .expect("cannot run sleep")
    });
    let Some(mut sleeper) = sleeper else {
        return;
    };
    // The example runs outside that namespace and enters it.
    let pid = sleeper.id().to_string();
    let result = std::panic::catch_unwind(|| {
        let out = ok(&bin, &["--pid", &pid]);
        let path = format!("/proc/{pid}/ns/net");
        let by_path = ok(&bin, &["--path", &path]);
        (out, by_path)
    });
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    let (out, by_path) = result.unwrap_or_else(|p| std::panic::resume_unwind(p));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("1: lo <LOOPBACK>"), "{out}");
    assert!(
        out.contains(": inside0 <") && out.contains(": inside1 <"),
        "{out}"
    );
    assert_eq!(out, by_path);
    let o = run(&bin, &["nlwire-no-such-namespace"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o)
            .1
            .contains("/var/run/netns/nlwire-no-such-namespace"),
        "{o:?}"
    );
    assert_eq!(run(&bin, &[]).status.code(), Some(2));
}

#[test]
fn batch() {
    let Some(bin) = example("batch", "batch") else {
        return;
    };
    in_private_netns("batch", || {
        let out = ok(&bin, &[]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[1..],
            [
                "1. set lo up: ok",
                "2. add 192.0.2.1/24 to lo: ok",
                "3. add 192.0.2.1/24 to lo again: ipv4: Address already assigned (EEXIST, errno 17)",
                "4. set the MTU of link 4242: No such device (ENODEV, errno 19)",
                "5. add 198.51.100.0/24 dev lo: ok",
            ],
            "{out}"
        );
    });
}
