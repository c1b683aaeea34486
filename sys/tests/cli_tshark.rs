//! A `--capture` pcap, read back by Wireshark's dissector (tshark): every packet is
//! netlink, with the protocol family from our cooked header, and Wireshark reports no
//! malformed packet. Skips with a printed reason where tshark is not installed (CI
//! installs it).

use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_nlwire")
}

fn tshark(path: &std::path::Path, extra: &[&str]) -> Option<String> {
    let out = Command::new("tshark")
        .arg("-r")
        .arg(path)
        .args(extra)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn capture_is_read_by_tshark_without_malformed_packets() {
    if Command::new("tshark").arg("--version").output().is_err() {
        eprintln!(
            "SKIP capture_is_read_by_tshark_without_malformed_packets: tshark is not installed"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("nlwire-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let batch = dir.join("batch");
    std::fs::write(
        &batch,
        "link add v0 type veth peer name v1\nlink set v0 up\naddr add 10.0.0.1/24 dev v0\n\
         route add 10.9.0.0/16 via 10.0.0.9\nroute add 10.1.1.1 via 192.0.2.1\nlink show\n",
    )
    .unwrap();
    let cap = dir.join("cap.pcap");
    let st = Command::new(bin())
        .arg("--capture")
        .arg(&cap)
        .args(["--sim", "-force", "-batch"])
        .arg(&batch)
        .output()
        .unwrap();
    // One command fails on purpose (unreachable gateway): its error is captured too.
    assert!(!st.status.success());

    let summary = tshark(&cap, &[]).unwrap();
    let packets: Vec<&str> = summary.lines().collect();
    assert!(packets.len() >= 12, "{summary}");
    assert!(packets.iter().all(|l| l.contains("Netlink")), "{summary}");

    let detail = tshark(&cap, &["-V"]).unwrap();
    assert!(!detail.contains("Malformed"), "{detail}");
    assert!(!detail.contains("Expert Info"), "{detail}");
    assert!(detail.contains("Family: Route (0x0000)"), "{detail}");
    assert!(
        detail.contains("Message type: Create network interface (16)"),
        "{detail}"
    );
    // The kernel's error, with its errno, as Wireshark reads it.
    assert!(detail.contains("Error code"), "{detail}");
    let _ = std::fs::remove_dir_all(&dir);
}
