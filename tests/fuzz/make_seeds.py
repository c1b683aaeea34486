#!/usr/bin/env python3
"""Writes the seed corpora of the nlwire-codec fuzz targets into tests/fuzz/seeds/<target>/.

Two kinds of seeds:

* hand-built messages (``hand_*``), made here with ``struct`` from the netlink rules, so
  that every target starts from valid input even without kernel fixtures;
* kernel replies from tests/fixtures/*.resp.bin (``fx_*``), when they exist: whole
  responses for `messages` and `extack`, the attribute part of a few messages for
  `attributes`, and responses prefixed with their request's seq/port/flags for `exchange`.

Run from anywhere: ``python3 tests/fuzz/make_seeds.py``. It is deterministic; rerun it
when the fixtures change. Host byte order is little-endian (x86_64), like the fixtures.
"""

import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "fixtures"))
SEEDS = os.path.join(HERE, "seeds")

REQUEST, MULTI, ACK, ECHO, DUMP_INTR = 0x1, 0x2, 0x4, 0x8, 0x10
DUMP, EXCL, CREATE = 0x300, 0x200, 0x400
CAPPED, ACK_TLVS = 0x100, 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NESTED, NET_BYTEORDER = 0x8000, 0x4000


def pad(b):
    return b + b"\0" * (-len(b) % 4)


def attr(kind, payload):
    return pad(struct.pack("<HH", 4 + len(payload), kind) + payload)


def nest(kind, *children, flag=True):
    body = b"".join(children)
    return struct.pack("<HH", 4 + len(body), kind | (NESTED if flag else 0)) + body


def u8(k, v):
    return attr(k, struct.pack("<B", v))


def u16(k, v):
    return attr(k, struct.pack("<H", v))


def u32(k, v):
    return attr(k, struct.pack("<I", v))


def u64(k, v):
    return attr(k, struct.pack("<Q", v))


def string(k, s):
    return attr(k, s.encode() + b"\0")


def msg(kind, flags, seq, pid, body):
    body = pad(body)
    return struct.pack("<IHHII", 16 + len(body), kind, flags, seq, pid) + body


def ifinfomsg(index=0):
    return struct.pack("<BBHiII", 0, 0, 1, index, 0x1043, 0)


# A link as RTM_NEWLINK (16) would carry it, with an IFLA_LINKINFO nest 3 levels deep.
LINK_ATTRS = (
    string(3, "veth0")
    + u32(4, 1500)
    + attr(1, b"\x02\x00\x00\x00\x00\xa0")
    + u8(33, 1)
    + nest(
        18,
        string(1, "vlan"),
        nest(2, u16(1, 100), u16(2, 0x8100), nest(3, u32(1, 7), u32(2, 9))),
    )
    + nest(53, string(53, "alt-name-one"), flag=False)
    + attr(60, b"")
    + attr(NET_BYTEORDER | 7, struct.pack(">H", 4789))
    + u64(23, 2**40)
)

REQ = msg(16, REQUEST | ACK | CREATE | EXCL, 6, 0, ifinfomsg() + LINK_ATTRS)


def error(code, request, flags, tlvs=b""):
    echo = request[:16] if flags & CAPPED else request
    return msg(NLMSG_ERROR, flags, 6, 4242, struct.pack("<i", code) + pad(echo) + tlvs)


POLICY = nest(4, u32(1, 11), u32(7, 15))  # {type STRING(11), max-len 15}
EXTACK = string(1, "Attribute failed policy validation") + u32(2, 36) + POLICY
MISSING = string(1, "Missing attribute") + u32(5, 3) + u32(6, 96)

HAND = {
    "messages": {
        "hand_link_dump": msg(16, MULTI, 1, 4242, ifinfomsg(1) + LINK_ATTRS)
        + msg(16, MULTI | DUMP_INTR, 1, 4242, ifinfomsg(2) + string(3, "lo"))
        + msg(NLMSG_DONE, MULTI, 1, 4242, struct.pack("<i", 0)),
        "hand_request": REQ,
        "hand_ack": error(0, REQ, CAPPED),
        "hand_genl": msg(16, 0, 3, 4242, b"\x01\x02\x00\x00" + u16(1, 16) + string(2, "nlctrl")),
    },
    "attributes": {
        "hand_link_attrs": LINK_ATTRS,
        "hand_deep": nest(1, nest(2, nest(3, nest(4, nest(5, nest(6, nest(7, nest(8, nest(9, u32(10, 1)))))))))),
        "hand_policy": POLICY + EXTACK,
        "hand_unpadded_last": nest(1, u32(1, 5), struct.pack("<HHB", 5, 2, 9)),
    },
    "extack": {
        "hand_error_uncapped_tlvs": error(-22, REQ, ACK_TLVS, EXTACK),
        "hand_error_capped_tlvs": error(-22, REQ, CAPPED | ACK_TLVS, EXTACK),
        "hand_error_missing": error(-22, REQ, ACK_TLVS, MISSING),
        "hand_error_noext": error(-17, REQ, 0),
        "hand_done_tlvs": msg(NLMSG_DONE, MULTI | ACK_TLVS, 9, 4242,
                              struct.pack("<i", -22) + string(1, "Invalid header for link dump") + u32(2, 20)),
    },
}


def exchange_prefix(seq, port, flags, ctl):
    return struct.pack("<IIHB", seq, port, flags, ctl)


HAND["exchange"] = {
    "hand_dump": exchange_prefix(1, 4242, REQUEST | DUMP, 0) + HAND["messages"]["hand_link_dump"],
    "hand_dump_forced": exchange_prefix(77, 1, REQUEST | DUMP, 1) + HAND["messages"]["hand_link_dump"],
    "hand_acked_do": exchange_prefix(6, 4242, REQUEST | ACK, 0)
    + msg(16, 0, 6, 4242, ifinfomsg(1)) + error(0, REQ, CAPPED),
    "hand_error": exchange_prefix(6, 4242, REQUEST | ACK, 4) + HAND["extack"]["hand_error_uncapped_tlvs"],
}

FLAG_NAMES = {"REQUEST": REQUEST, "ACK": ACK, "DUMP": DUMP, "EXCL": EXCL, "CREATE": CREATE, "ECHO": ECHO}

# Family-header sizes of the fixtures' message types, for the attribute seeds.
FAMILY_HDR = {"NETLINK_ROUTE": {16: 16, 20: 8, 24: 12, 28: 12, 32: 12}, "NETLINK_GENERIC": {16: 4}}


def messages_of(buf):
    off = 0
    while off + 16 <= len(buf):
        ln, kind = struct.unpack_from("<IH", buf, off)
        if ln < 16 or off + ln > len(buf):
            return
        yield kind, buf[off:off + ln]
        off += (ln + 3) & ~3


def write(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    for target, seeds in HAND.items():
        for name, data in seeds.items():
            write(target, name, data)
    manifest_path = os.path.join(FIXTURES, "manifest.json")
    if not os.path.exists(manifest_path):
        return
    with open(manifest_path) as f:
        manifest = json.load(f)
    port = manifest.get("port_id", 0)
    for name, fx in sorted(manifest["fixtures"].items()):
        path = os.path.join(FIXTURES, name + ".resp.bin")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            resp = f.read()
        write("messages", "fx_" + name, resp)
        if "error" in name or "ack" in name or "done" in name:
            write("extack", "fx_" + name, resp)
        hdr = fx["request_headers"][0]
        flags = 0
        for n in hdr["flags"].split("|"):
            flags |= FLAG_NAMES.get(n, 0)
        ctl = 0
        if fx["protocol"] == "NETLINK_ROUTE":
            # An rtnetlink request of type 16 + (ctl >> 6): the same kind modulo 4.
            ctl = 8 | ((hdr["type"] % 4) << 6)
        write("exchange", "fx_" + name, exchange_prefix(hdr["seq"], port, flags, ctl) + resp)
        fam = FAMILY_HDR.get(fx["protocol"], {})
        picked = 0
        for kind, m in messages_of(resp):
            base = kind & ~3 if fx["protocol"] == "NETLINK_ROUTE" else kind
            if base not in fam or picked >= 2:
                continue
            start = 16 + ((fam[base] + 3) & ~3)
            if len(m) > start:
                write("attributes", "fx_%s_%d" % (name, picked), m[start:])
                picked += 1


if __name__ == "__main__":
    main()
