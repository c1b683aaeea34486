#!/usr/bin/env python3
"""Prints the README's results tables from criterion's saved estimates.

Run after `cargo bench -p nlwire-benches` from the repository root:

    python3 benches/report.py [TARGET_DIR]

Every time is criterion's median (`median.point_estimate` of
`target/criterion/<group>/<function>/new/estimates.json`), and every ratio is the median
of one library divided by the median of the other, both from that same run.
"""

import json
import sys
from pathlib import Path

TARGET = Path(sys.argv[1] if len(sys.argv) > 1 else "target") / "criterion"
FIXTURES = Path(__file__).resolve().parent.parent / "tests/fixtures/large"
DECODE = [("route4", "route4_dump"), ("route6", "route6_dump"), ("link", "link_dump"),
          ("addr", "addr_dump"), ("neigh", "neigh_dump")]
LIBS = ["nlwire", "netlink-packet-route", "neli", "walk"]


def median_ns(group, function):
    p = TARGET / group.replace("/", "_") / function / "new" / "estimates.json"
    if not p.exists():
        return None
    return json.loads(p.read_text())["median"]["point_estimate"]


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} µs"


def ratio(a, b):
    return "–" if a is None or b is None else f"{a / b:.1f}×"


def main():
    manifest = json.loads((FIXTURES / "manifest.json").read_text())["fixtures"]
    print("| input | bytes | messages | library | median | MiB/s | messages/s |")
    print("|---|---:|---:|---|---:|---:|---:|")
    summary = []
    for inp, stem in DECODE:
        size = manifest[stem]["response_len"]
        msgs = manifest[stem]["data_messages"]
        med = {lib: median_ns(f"decode/{inp}", lib) for lib in LIBS}
        for lib in LIBS:
            t = med[lib]
            mib = "–" if t is None else f"{size / (t / 1e9) / 2**20:,.0f}"
            mps = "–" if t is None else f"{msgs / (t / 1e9) / 1e6:.2f} M"
            print(f"| {inp} | {size:,} | {msgs:,} | `{lib}` | {fmt_time(t)} | {mib} | {mps} |")
        summary.append((inp, med))
    print()
    print("| input | netlink-packet-route ÷ nlwire | neli ÷ nlwire | nlwire ÷ walk |")
    print("|---|---:|---:|---:|")
    for inp, med in summary:
        n = med["nlwire"]
        print(f"| {inp} | {ratio(med['netlink-packet-route'], n)} | {ratio(med['neli'], n)} "
              f"| {ratio(n, med['walk'])} |")
    print()
    print("| group | requests | nlwire | netlink-packet-route | per request (nlwire / npr) "
          "| netlink-packet-route ÷ nlwire |")
    print("|---|---:|---:|---:|---:|---:|")
    for group, count in [("encode/routes", 10_000), ("encode/veth", 1_000)]:
        a = median_ns(group, "nlwire")
        b = median_ns(group, "netlink-packet-route")
        per = "–" if a is None or b is None else f"{a / count:.0f} ns / {b / count:.0f} ns"
        print(f"| {group} | {count:,} | {fmt_time(a)} | {fmt_time(b)} | {per} | {ratio(b, a)} |")
    print()
    for function in ["kernel", "simkernel"]:
        t = median_ns("client/routes", function)
        print(f"client/routes/{function}: {fmt_time(t) if t else 'not run'}")


main()
