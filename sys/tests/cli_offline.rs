//! Tests of the `nlwire` tool that need no real kernel: `decode` of the kernel fixtures
#![cfg(feature = "cli")]
//! in every input format (raw, xxd, od -x, od -t x1, strace -x strings, plain hex,
//! pcap), malformed input, argument errors, and `--sim` (the simulated kernel),
//! including `--capture` of a simulated session decoded back.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use nlwire_sys::nlwire_codec::Protocol;
use nlwire_sys::pcap::{Direction, Writer};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_nlwire")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nlwire-cli-offline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("nlwire runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The small fixtures (the `large/` ones are for benches).
fn resp_fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".resp.bin"))
        .collect();
    v.sort();
    assert!(v.len() >= 10, "fixtures missing: {v:?}");
    v
}

fn xxd(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (i, line) in bytes.chunks(16).enumerate() {
        let mut hex = String::new();
        for (j, pair) in line.chunks(2).enumerate() {
            if j > 0 {
                hex.push(' ');
            }
            for b in pair {
                hex.push_str(&format!("{b:02x}"));
            }
        }
        let ascii: String = line
            .iter()
            .map(|&b| {
                if (0x20..0x7f).contains(&b) {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        s.push_str(&format!("{:08x}: {hex:<39}  {ascii}\n", i * 16));
    }
    s
}

fn od_x(bytes: &[u8]) -> String {
    let mut s = String::new();
    let mut prev: Option<&[u8]> = None;
    let mut starred = false;
    for (i, line) in bytes.chunks(16).enumerate() {
        if prev == Some(line) && line.len() == 16 {
            if !starred {
                s.push_str("*\n");
                starred = true;
            }
            continue;
        }
        starred = false;
        prev = Some(line);
        s.push_str(&format!("{:07o}", i * 16));
        for w in line.chunks(2) {
            let v = u16::from(w[0]) | u16::from(*w.get(1).unwrap_or(&0)) << 8;
            s.push_str(&format!(" {v:04x}"));
        }
        s.push('\n');
    }
    s.push_str(&format!("{:07o}\n", bytes.len()));
    s
}

fn od_x1(bytes: &[u8]) -> String {
    let mut s = String::new();
    for (i, line) in bytes.chunks(16).enumerate() {
        s.push_str(&format!("{:07o}", i * 16));
        for b in line {
            s.push_str(&format!(" {b:02x}"));
        }
        s.push('\n');
    }
    s.push_str(&format!("{:07o}\n", bytes.len()));
    s
}

fn strace(bytes: &[u8]) -> String {
    let mut s = String::from("recvmsg(3, {msg_iov=[{iov_base=\"");
    for &b in bytes {
        if b.is_ascii_alphanumeric() {
            s.push(b as char);
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s.push_str(&format!("\", iov_len=32768}}]}}, 0) = {}\n", bytes.len()));
    s
}

fn pcap(protocol: Protocol, packets: &[(Direction, &[u8])]) -> Vec<u8> {
    let mut w = Writer::new(Vec::new()).unwrap();
    for (i, (d, data)) in packets.iter().enumerate() {
        w.write_at(
            (1_700_000_000, u32::try_from(i).unwrap()),
            protocol,
            *d,
            data,
        )
        .unwrap();
    }
    w.into_inner()
}

fn without_packet_lines(s: &str) -> String {
    s.lines()
        .filter(|l| !l.starts_with("# "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn decode_every_format_agrees_with_raw() {
    for f in resp_fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        let raw = run(&["decode", f.to_str().unwrap()]);
        assert!(raw.status.success(), "{f:?}: {}", stderr(&raw));
        let want = stdout(&raw);
        assert!(!want.is_empty(), "{f:?} decoded to nothing");
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let mut texts = vec![
            ("xxd", xxd(&bytes)),
            ("od-x", od_x(&bytes)),
            ("od-x1", od_x1(&bytes)),
            ("strace", strace(&bytes)),
            (
                "plain",
                bytes.iter().map(|b| format!("{b:02x}")).collect::<String>() + "\n",
            ),
        ];
        if let Ok(o) = Command::new("xxd").arg(&f).output() {
            texts.push(("real-xxd", String::from_utf8_lossy(&o.stdout).into_owned()));
        }
        if let Ok(o) = Command::new("od").arg("-x").arg(&f).output() {
            texts.push(("real-od", String::from_utf8_lossy(&o.stdout).into_owned()));
        }
        for (kind, text) in texts {
            let p = tmp(&format!("{name}.{kind}"));
            std::fs::write(&p, text).unwrap();
            let o = run(&["decode", p.to_str().unwrap()]);
            assert!(o.status.success(), "{name} as {kind}: {}", stderr(&o));
            assert_eq!(stdout(&o), want, "{name} as {kind}");
        }
        let p = tmp(&format!("{name}.pcap"));
        let (proto, pname) = if name.starts_with("genl") {
            (Protocol::GENERIC, "NETLINK_GENERIC")
        } else {
            (Protocol::ROUTE, "NETLINK_ROUTE")
        };
        std::fs::write(&p, pcap(proto, &[(Direction::Received, &bytes)])).unwrap();
        let o = run(&["decode", p.to_str().unwrap()]);
        assert!(o.status.success(), "{name} as pcap: {}", stderr(&o));
        assert!(stdout(&o).starts_with(&format!("# packet 1 (received, {pname}")));
        assert_eq!(
            without_packet_lines(&stdout(&o)),
            without_packet_lines(&want)
        );
    }
}

#[test]
fn decode_names_objects_errors_and_paths() {
    let link = stdout(&run(&[
        "decode",
        fixtures().join("link_dump.resp.bin").to_str().unwrap(),
    ]));
    assert!(link.contains("RTM_NEWLINK flags MULTI"), "{link}");
    assert!(link.contains("IFLA_IFNAME \"lo\""), "{link}");
    assert!(link.contains("NLMSG_DONE"), "{link}");
    let err = stdout(&run(&[
        "decode",
        fixtures()
            .join("error_extack_nested.resp.bin")
            .to_str()
            .unwrap(),
    ]));
    assert!(err.contains("NLMSG_ERROR ERANGE (34)"), "{err}");
    assert!(
        err.contains("msg \"Attribute failed policy validation\""),
        "{err}"
    );
    assert!(
        err.contains("at attribute IFLA_LINKINFO > IFLA_INFO_DATA"),
        "{err}"
    );
    assert!(
        err.contains("policy {type STRING(11), max-len 15}"),
        "{err}"
    );
    let done = stdout(&run(&[
        "decode",
        fixtures().join("done_error.resp.bin").to_str().unwrap(),
    ]));
    assert!(
        done.contains("NLMSG_DONE") && done.contains("error EINVAL (22)"),
        "{done}"
    );
    let genl = stdout(&run(&[
        "decode",
        fixtures().join("genl_ctrl_dump.resp.bin").to_str().unwrap(),
    ]));
    assert!(genl.contains("nlctrl NEWFAMILY"), "{genl}");
    let route = run(&[
        "decode",
        "--json",
        fixtures().join("route4_dump.resp.bin").to_str().unwrap(),
    ]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&route).lines().next().unwrap()).unwrap();
    assert_eq!(first["nlmsghdr"]["type_name"], "RTM_NEWROUTE");
    assert!(first.get("dst").is_some(), "{first}");
    assert!(first.get("flags").is_some_and(|f| f.is_array()), "{first}");
}

#[test]
fn decode_reports_malformed_input_and_goes_on() {
    let mut bytes = std::fs::read(fixtures().join("link_dump.resp.bin")).unwrap();
    // Break the first attribute of the first message (after nlmsghdr + ifinfomsg).
    bytes[32] = 0xff;
    bytes[33] = 0x0f;
    let p = tmp("corrupt.bin");
    std::fs::write(&p, &bytes).unwrap();
    let o = run(&["decode", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("!! malformed at offset 32"), "{out}");
    assert!(
        out.contains("NLMSG_DONE"),
        "later messages are decoded: {out}"
    );

    // A packet whose framing is broken, then a good one.
    let good = std::fs::read(fixtures().join("ack.resp.bin")).unwrap();
    let mut bad = good.clone();
    bad[0] = 0xff;
    let p = tmp("corrupt.pcap");
    std::fs::write(
        &p,
        pcap(
            Protocol::ROUTE,
            &[(Direction::Received, &bad), (Direction::Received, &good)],
        ),
    )
    .unwrap();
    let o = run(&["decode", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("!! malformed at offset 0"), "{out}");
    assert!(
        out.contains("# packet 2") && out.contains("NLMSG_ERROR ack"),
        "{out}"
    );
}

#[test]
fn bad_arguments_print_usage_and_exit_2() {
    for args in [
        &["route", "add", "10.0.0.0/33", "dev", "x"][..],
        &["link", "frobnicate"],
        &["nexthop", "add", "id", "x"],
        &["addr", "add", "10.0.0.1/24"],
        &["neigh", "add", "10.0.0.1"],
        &["rule", "add", "fwmark", "zz"],
        &["nosuchobject"],
        &["-Z", "link"],
        &["monitor", "bogus"],
        &["genl", "policy"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("Usage: nlwire"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn sim_batch_builds_and_shows_state() {
    let script = "\
# state in the simulated kernel, shared by the whole batch
link add v0 type veth peer name v1
link set v0 up
link set v1 up
addr add 10.0.0.1/24 dev v0
route add 192.168.1.0/24 via 10.0.0.2 metric 7
route add 1.2.3.0/24 via 9.9.9.9
link add v0 type veth peer name v9
";
    let p = tmp("sim.batch");
    std::fs::write(&p, script).unwrap();
    let o = run(&["--sim", "-batch", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("Error: Nexthop has invalid gateway (ENETUNREACH)"),
        "{err}"
    );
    assert!(err.contains(":7"), "stops at the failing line: {err}");
    assert!(!err.contains(":8"), "{err}");

    let script_show = format!("{script}link show\nroute show\n");
    std::fs::write(&p, script_show).unwrap();
    let o = run(&["--sim", "-j", "-force", "-batch", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let mut lines = out.lines();
    let links: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let names: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ifname"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["lo", "v1", "v0"]);
    assert_eq!(links[2]["link"], "v1");
    let routes: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    let r = routes
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dst"] == "192.168.1.0/24")
        .expect("the route");
    assert_eq!(r["gateway"], "10.0.0.2");
    assert_eq!(r["dev"], "v0");
    assert_eq!(r["metric"], 7);
}

#[test]
fn sim_capture_decodes_back() {
    let cap = tmp("sim.pcap");
    let o = run(&[
        "--sim",
        "--capture",
        cap.to_str().unwrap(),
        "link",
        "add",
        "a0",
        "type",
        "veth",
        "peer",
        "name",
        "a1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&["decode", cap.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("# packet 1 (sent, NETLINK_ROUTE"), "{out}");
    assert!(out.contains("IFLA_IFNAME \"a0\""), "{out}");
    assert!(out.contains("NLMSG_ERROR ack"), "{out}");
}

#[test]
fn sim_errors_exit_2_with_the_attribute() {
    let o = run(&["--sim", "link", "add", "sixteen-chars-xx", "type", "veth"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("at attribute IFLA_IFNAME"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--sim", "link", "set", "nosuch", "up"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Cannot find device \"nosuch\""));
}
