//! Per-kind link data (`nlwire_codec::rtnl::link_kinds`): every kind's request built with
//! `link::create_request` and the kind's writer, parsed back with `LinkMsg`, `link_info()`
//! and the typed views, dissected with names and no unknown or malformed attribute;
//! wrong-size payloads give typed errors; truncated and random input never panics; and
//! the bridge data a real Linux 6.18 kernel sent (the link dump fixtures) dissects clean.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlwire_codec::desc::{AttrDesc, AttrSet, DissectStats, Dissector, Value};
use nlwire_codec::rtnl::link::{self, IFLA, IfInfoMsg, LinkInfo, LinkMsg, ifla, info};
use nlwire_codec::rtnl::link_kinds::{
    self, BondInfo, BridgeConfig, BridgeId, BridgeInfo, INFO_DATA_KINDS, INFO_SLAVE_DATA_KINDS,
    PortRange, VlanFlags, VlanInfo, VlanQosMapping, VxlanConfig, VxlanInfo, bond, bond_ad_info,
    bond_mode, bond_slave, br, br_querier, brport, gre, iptun, ipvlan_mode, macvlan, macvlan_mode,
    vlan, vlan_flag, vlan_proto, vlan_qos, vrf_port, vxlan,
};
use nlwire_codec::rtnl::rtm;
use nlwire_codec::{
    Attrs, Builder, DecodeError, DecodeErrorKind, EncodeError, Flags, Message, Messages, SliceBuf,
};
use proptest::prelude::*;

type B<'s> = SliceBuf<'s>;

/// A data writer that is a plain function.
type DataFn = fn(&mut Builder<'_, B<'_>>) -> Result<(), EncodeError>;

/// An `RTM_NEWLINK` made by `link::create_request` for `kind`, with `data` as the
/// `IFLA_INFO_DATA` writer.
fn request(
    kind: &str,
    data: impl FnOnce(&mut Builder<'_, B<'_>>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    let mut storage = vec![0u8; 4096];
    let mut buf = SliceBuf::new(&mut storage);
    let n = link::create_request(&mut buf, 7, "test0", kind, Some(data)).unwrap();
    storage.truncate(n);
    storage
}

/// The same without `IFLA_INFO_DATA`.
fn request_no_data(kind: &str) -> Vec<u8> {
    let mut storage = vec![0u8; 256];
    let mut buf = SliceBuf::new(&mut storage);
    let none: Option<DataFn> = None;
    let n = link::create_request(&mut buf, 7, "test0", kind, none).unwrap();
    storage.truncate(n);
    storage
}

/// An `RTM_NEWLINK` for an enslaved port: `IFLA_INFO_SLAVE_KIND` and `IFLA_INFO_SLAVE_DATA`
/// written by `data`.
fn slave_message(
    slave_kind: &str,
    data: impl FnOnce(&mut Builder<'_, B<'_>>) -> Result<(), EncodeError>,
) -> Vec<u8> {
    let mut storage = vec![0u8; 4096];
    let mut buf = SliceBuf::new(&mut storage);
    let mut b = link::message(
        &mut buf,
        rtm::NEWLINK,
        Flags::MULTI,
        1,
        &IfInfoMsg::new(0, 5),
    )
    .unwrap();
    b.put_str(ifla::IFNAME, "port0").unwrap();
    b.put_u32(ifla::MASTER, 4).unwrap();
    b.nest_noflag(ifla::LINKINFO, |b| {
        b.put_str(info::KIND, "veth")?;
        b.put_str(info::SLAVE_KIND, slave_kind)?;
        b.nest_noflag(info::SLAVE_DATA, data)
    })
    .unwrap();
    let n = b.finish();
    storage.truncate(n);
    storage
}

fn first(bytes: &[u8]) -> Message<'_> {
    Messages::new(bytes).next().unwrap().unwrap()
}

fn link_of(bytes: &[u8]) -> LinkMsg<'_> {
    LinkMsg::parse(&first(bytes)).unwrap()
}

fn info_of(bytes: &[u8]) -> LinkInfo<'_> {
    link_of(bytes).link_info().unwrap().unwrap()
}

/// Dissects the message as `IFLA` and checks that nothing is unknown or malformed.
fn assert_clean(bytes: &[u8]) -> DissectStats {
    let msg = first(bytes);
    let stats = Dissector::count(msg.attrs(16).unwrap(), &IFLA);
    assert_eq!(
        (stats.unknown, stats.malformed),
        (0, 0),
        "{}",
        LinkMsg::parse(&msg).unwrap()
    );
    stats
}

fn text(bytes: &[u8]) -> String {
    link_of(bytes).to_string()
}

fn assert_lines(bytes: &[u8], wanted: &[&str]) {
    let t = text(bytes);
    let lines: Vec<&str> = t.lines().map(str::trim).collect();
    for w in wanted {
        assert!(lines.contains(w), "no line {w:?} in\n{t}");
    }
}

fn payload_err(e: DecodeError) -> (u16, &'static str, usize, usize) {
    match e.kind {
        DecodeErrorKind::AttrPayload {
            kind,
            expected,
            needed,
            got,
        } => (kind, expected, needed, got),
        other => panic!("not a payload error: {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Tables.
// ---------------------------------------------------------------------------------------

#[test]
fn kind_tables_cover_the_kernel_kinds() {
    let kinds: Vec<&str> = INFO_DATA_KINDS.iter().map(|(k, _)| *k).collect();
    for k in [
        "bridge",
        "vlan",
        "vxlan",
        "macvlan",
        "macvtap",
        "bond",
        "ipvlan",
        "ipvtap",
        "vrf",
        "dummy",
        "ifb",
        "tun",
        "gre",
        "gretap",
        "ip6gre",
        "ip6gretap",
        "erspan",
        "ip6erspan",
        "ipip",
        "sit",
        "ip6tnl",
        "geneve",
        "wireguard",
        "xfrm",
        "veth",
        "macsec",
        "hsr",
        "netkit",
        "ipoib",
        "vti",
        "vti6",
        "vxcan",
    ] {
        assert!(kinds.contains(&k), "{k} missing");
    }
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), kinds.len(), "duplicate kind");

    let slave: Vec<&str> = INFO_SLAVE_DATA_KINDS.iter().map(|(k, _)| *k).collect();
    assert_eq!(slave, ["bridge", "bond", "vrf"]);

    // The link module re-exports the same tables, which its dissector uses.
    assert_eq!(link::INFO_DATA_KINDS.len(), INFO_DATA_KINDS.len());
    assert!(std::ptr::eq(
        link_kinds::info_data_set("macvtap").unwrap(),
        &link_kinds::MACVLAN
    ));
    assert!(std::ptr::eq(
        link_kinds::info_slave_data_set("bridge").unwrap(),
        &link_kinds::BRPORT
    ));
    assert!(link_kinds::info_data_set("no-such-kind").is_none());
}

fn all_sets() -> Vec<(&'static str, &'static AttrSet)> {
    let mut sets: Vec<(&'static str, &'static AttrSet)> = INFO_DATA_KINDS
        .iter()
        .chain(INFO_SLAVE_DATA_KINDS)
        .map(|(k, s)| (*k, *s))
        .collect();
    sets.extend([
        ("bridge querier", &link_kinds::BR_QUERIER),
        ("vlan qos", &link_kinds::VLAN_QOS),
        ("bond ad info", &link_kinds::BOND_AD_INFO),
    ]);
    sets
}

#[test]
fn sets_are_indexed_by_type_and_sized_as_linux_6_18() {
    for (kind, set) in all_sets() {
        for (i, d) in set.attrs.iter().enumerate() {
            assert_eq!(usize::from(d.kind), i, "{kind}: {} out of order", d.name);
        }
    }
    let len = |s: &AttrSet| s.attrs.len();
    assert_eq!(len(&link_kinds::BRIDGE), 50); // IFLA_BR_FDB_MAX_LEARNED = 49
    assert_eq!(len(&link_kinds::BRPORT), 45); // IFLA_BRPORT_BACKUP_NHID = 44
    assert_eq!(len(&link_kinds::VLAN), 6);
    assert_eq!(len(&link_kinds::VXLAN), 35); // IFLA_VXLAN_MC_ROUTE = 34
    assert_eq!(len(&link_kinds::MACVLAN), 10);
    assert_eq!(len(&link_kinds::BOND), 34); // IFLA_BOND_BROADCAST_NEIGH = 33
    assert_eq!(len(&link_kinds::BOND_SLAVE), 11); // IFLA_BOND_SLAVE_ACTOR_PORT_PRIO = 10
    assert_eq!(len(&link_kinds::GRE), 25);
    assert_eq!(len(&link_kinds::IPTUN), 21);
    assert_eq!(len(&link_kinds::GENEVE), 16);
    assert_eq!(len(&link_kinds::TUN), 10);
    assert_eq!(len(&link_kinds::MACSEC), 16);
    assert_eq!(len(&link_kinds::HSR), 9);
    assert_eq!(len(&link_kinds::NETKIT), 10);
    assert_eq!(len(&link_kinds::XFRM), 4);
    assert_eq!(br::FDB_MAX_LEARNED, 49);
    assert_eq!(brport::BACKUP_NHID, 44);
    assert_eq!(vxlan::RESERVED_BITS, 33);
    assert_eq!(bond::NS_IP6_TARGET, 31);
    assert_eq!(iptun::SIXRD_PREFIX, 11);
    assert_eq!(
        link_kinds::IPTUN
            .display(iptun::SIXRD_RELAY_PREFIXLEN)
            .to_string(),
        "IFLA_IPTUN_6RD_RELAY_PREFIXLEN"
    );
}

// ---------------------------------------------------------------------------------------
// Every attribute of every set, with a payload of the right size.
// ---------------------------------------------------------------------------------------

fn one_attr(kind: u16, payload: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    let len = u16::try_from(4 + payload.len()).unwrap();
    v.extend_from_slice(&len.to_ne_bytes());
    v.extend_from_slice(&kind.to_ne_bytes());
    v.extend_from_slice(payload);
    while v.len() % 4 != 0 {
        v.push(0);
    }
    v
}

/// A payload that `desc`'s kind reads as well formed.
fn good_payload(set: &AttrSet, desc: &AttrDesc) -> Vec<u8> {
    match desc.value {
        Value::Unspec | Value::Binary | Value::Flag => vec![],
        Value::U8 | Value::S8 => vec![1],
        Value::U16 | Value::S16 | Value::Be16 => vec![0, 1],
        Value::U32 | Value::S32 | Value::Be32 | Value::Uint | Value::Sint => vec![0, 0, 0, 1],
        Value::U64 | Value::S64 => vec![1, 0, 0, 0, 0, 0, 0, 0],
        Value::Str => b"x\0".to_vec(),
        Value::HwAddr => vec![2, 0, 0, 0, 0, 1],
        Value::Ip => vec![192, 0, 2, 1],
        Value::Nested(_) | Value::NestedArray(_) => vec![],
        Value::Struct(_, n) => vec![0; n.max(4)],
        Value::Custom(_) => {
            // The first candidate size the printer accepts.
            let candidates: [&[u8]; 6] = [
                &[1],
                &[0, 1],
                &[0, 0, 0, 1],
                &[0x80, 0, 2, 0, 0, 0, 0, 1],
                &[0; 16],
                &[],
            ];
            for c in candidates {
                let bytes = one_attr(desc.kind, c);
                let s = Dissector::count(Attrs::new(&bytes), set);
                if s.typed == 1 && s.malformed == 0 {
                    return c.to_vec();
                }
            }
            panic!("{}{}: no payload accepted", set.prefix, desc.name)
        }
    }
}

/// Whether a 3-byte payload must be rejected as malformed.
fn rejects_three_bytes(v: Value) -> bool {
    match v {
        Value::Unspec | Value::Binary | Value::HwAddr => false,
        Value::Struct(_, n) => n > 3,
        _ => true,
    }
}

#[test]
fn every_attribute_of_every_kind_is_typed_and_named() {
    for (kind, set) in INFO_DATA_KINDS {
        let bytes = request(kind, |b| {
            for d in set.attrs {
                b.put(d.kind, &good_payload(set, d))?;
            }
            Ok(())
        });
        let stats = assert_clean(&bytes);
        // IFNAME, LINKINFO, INFO_KIND, INFO_DATA, then one per attribute of the set.
        assert!(stats.typed >= 4 + set.attrs.len(), "{kind}: {stats:?}");
        let t = text(&bytes);
        for d in set.attrs {
            let name = format!("{}{}", set.prefix, d.name);
            assert!(t.contains(&name), "{kind}: no {name} in\n{t}");
        }
        // The message is what `link_info()` sees.
        let li = info_of(&bytes);
        assert_eq!(li.kind, Some(*kind));
        assert_eq!(li.data.unwrap().nested().count(), set.attrs.len());
    }
    for (kind, set) in INFO_SLAVE_DATA_KINDS {
        let bytes = slave_message(kind, |b| {
            for d in set.attrs {
                b.put(d.kind, &good_payload(set, d))?;
            }
            Ok(())
        });
        assert_clean(&bytes);
        let t = text(&bytes);
        for d in set.attrs {
            let name = format!("{}{}", set.prefix, d.name);
            assert!(t.contains(&name), "{kind} slave: no {name} in\n{t}");
        }
    }
}

#[test]
fn wrong_size_payloads_are_counted_malformed() {
    for (kind, set) in all_sets() {
        for d in set.attrs {
            if !rejects_three_bytes(d.value) {
                continue;
            }
            let bytes = one_attr(d.kind, &[1, 2, 3]);
            let s = Dissector::count(Attrs::new(&bytes), set);
            assert_eq!(
                (s.typed, s.malformed),
                (0, 1),
                "{kind}: {}{} accepted 3 bytes",
                set.prefix,
                d.name
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// VLAN.
// ---------------------------------------------------------------------------------------

fn vlan_request() -> Vec<u8> {
    request("vlan", |b| {
        link_kinds::create_vlan_data(b, 100)?;
        b.put_be16(vlan::PROTOCOL, vlan_proto::DOT1AD)?;
        b.put_struct(
            vlan::FLAGS,
            &VlanFlags::new(vlan_flag::REORDER_HDR | vlan_flag::MVRP, 0xffff_ffff),
        )?;
        b.nest_noflag(vlan::EGRESS_QOS, |b| {
            b.put_struct(vlan_qos::MAPPING, &VlanQosMapping::new(1, 2))?;
            b.put_struct(vlan_qos::MAPPING, &VlanQosMapping::new(3, 5))
        })?;
        b.nest_noflag(vlan::INGRESS_QOS, |b| {
            b.put_struct(vlan_qos::MAPPING, &VlanQosMapping::new(7, 6))
        })
    })
}

#[test]
fn vlan_round_trip() {
    let bytes = vlan_request();
    let stats = assert_clean(&bytes);
    assert!(stats.typed >= 12, "{stats:?}");
    assert_lines(
        &bytes,
        &[
            "IFLA_INFO_KIND \"vlan\"",
            "IFLA_VLAN_ID 100",
            "IFLA_VLAN_PROTOCOL 34984",
            "IFLA_VLAN_QOS_MAPPING 1:2",
            "IFLA_VLAN_QOS_MAPPING 3:5",
            "IFLA_VLAN_QOS_MAPPING 7:6",
        ],
    );
    let li = info_of(&bytes);
    let v = VlanInfo::from_link_info(&li).unwrap().unwrap();
    assert_eq!(v.id().unwrap(), Some(100));
    assert_eq!(v.protocol().unwrap(), Some(vlan_proto::DOT1AD));
    let f = v.flags().unwrap().unwrap();
    assert_eq!(f.flags.get(), vlan_flag::REORDER_HDR | vlan_flag::MVRP);
    assert_eq!(f.mask.get(), u32::MAX);
    let eg: Vec<(u32, u32)> = v
        .egress_qos()
        .map(|m| m.map(|m| (m.from.get(), m.to.get())))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(eg, [(1, 2), (3, 5)]);
    assert_eq!(v.ingress_qos().count(), 1);
    assert_eq!(v.attrs().count(), 5);
    assert!(v.attr(vlan::ID).is_some());
    // Other views refuse the kind.
    assert!(BridgeInfo::from_link_info(&li).unwrap().is_none());
    assert!(VxlanInfo::from_link_info(&li).unwrap().is_none());
    assert!(BondInfo::from_link_info(&li).unwrap().is_none());
}

#[test]
fn vlan_wrong_sizes_are_typed_errors() {
    let bytes = request("vlan", |b| {
        b.put_u32(vlan::ID, 100)?; // u16 expected
        b.put_u8(vlan::PROTOCOL, 1)?; // be16 expected
        b.put_u32(vlan::FLAGS, 1)?; // 8-byte struct expected
        b.nest_noflag(vlan::EGRESS_QOS, |b| b.put_u32(vlan_qos::MAPPING, 1))
    });
    let v = VlanInfo::from_link_info(&info_of(&bytes)).unwrap().unwrap();
    let e = v.id().unwrap_err();
    assert_eq!(payload_err(e), (vlan::ID, "u16", 2, 4));
    assert!(e.offset > 32, "offset counts from the message: {e:?}");
    assert_eq!(payload_err(v.protocol().unwrap_err()).0, vlan::PROTOCOL);
    assert_eq!(payload_err(v.flags().unwrap_err()).0, vlan::FLAGS);
    assert!(v.egress_qos().next().unwrap().is_err());
    let s = Dissector::count(first(&bytes).attrs(16).unwrap(), &IFLA);
    assert_eq!((s.unknown, s.malformed), (0, 4), "{}", text(&bytes));
    assert!(text(&bytes).contains("IFLA_VLAN_ID !! 4 bytes"));
}

// ---------------------------------------------------------------------------------------
// Bridge and bridge ports.
// ---------------------------------------------------------------------------------------

fn bridge_request() -> Vec<u8> {
    let cfg = BridgeConfig {
        stp_state: Some(1),
        forward_delay: Some(1500),
        hello_time: Some(200),
        max_age: Some(2000),
        ageing_time: Some(30000),
        priority: Some(0x8000),
        vlan_filtering: Some(true),
        vlan_protocol: Some(vlan_proto::DOT1Q),
        vlan_default_pvid: Some(1),
        mcast_snooping: Some(false),
    };
    request("bridge", move |b| {
        link_kinds::create_bridge_data(b, &cfg)?;
        // What the kernel adds in dumps.
        let id = BridgeId {
            prio: [0x80, 0x00],
            addr: [2, 0, 0, 0, 0, 0xb0],
        };
        b.put_struct(br::ROOT_ID, &id)?;
        b.put_struct(br::BRIDGE_ID, &id)?;
        b.put(br::GROUP_ADDR, &[0x01, 0x80, 0xc2, 0, 0, 0])?;
        b.put_u64(br::HELLO_TIMER, 123)?;
        b.put_u64(br::GC_TIMER, 4567)?;
        b.put_u8(br::MCAST_ROUTER, 1)?;
        b.put(br::MULTI_BOOLOPT, &[1, 0, 0, 0, 3, 0, 0, 0])?;
        b.nest_noflag(br::MCAST_QUERIER_STATE, |b| {
            b.put_ipv4(br_querier::IP_ADDRESS, Ipv4Addr::new(192, 0, 2, 1))?;
            b.put_u32(br_querier::IP_PORT, 3)?;
            b.put_u64(br_querier::IP_OTHER_TIMER, 255)?;
            b.put_ipv6(br_querier::IPV6_ADDRESS, "fe80::1".parse().unwrap())
        })?;
        b.put_u32(br::FDB_N_LEARNED, 4)?;
        b.put_u32(br::FDB_MAX_LEARNED, 1000)?;
        b.put_flag(br::FDB_FLUSH)
    })
}

#[test]
fn bridge_round_trip() {
    let bytes = bridge_request();
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_BR_STP_STATE 1",
            "IFLA_BR_FORWARD_DELAY 1500",
            "IFLA_BR_PRIORITY 32768",
            "IFLA_BR_VLAN_FILTERING 1",
            "IFLA_BR_VLAN_PROTOCOL 33024",
            "IFLA_BR_ROOT_ID 8000.02:00:00:00:00:b0",
            "IFLA_BR_GROUP_ADDR 01:80:c2:00:00:00",
            "IFLA_BR_HELLO_TIMER 123",
            "BRIDGE_QUERIER_IP_ADDRESS 192.0.2.1",
            "BRIDGE_QUERIER_IPV6_ADDRESS fe80::1",
            "IFLA_BR_FDB_MAX_LEARNED 1000",
            "IFLA_BR_FDB_FLUSH",
        ],
    );
    let b = BridgeInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(b.stp_state().unwrap(), Some(1));
    assert_eq!(b.forward_delay().unwrap(), Some(1500));
    assert_eq!(b.hello_time().unwrap(), Some(200));
    assert_eq!(b.max_age().unwrap(), Some(2000));
    assert_eq!(b.ageing_time().unwrap(), Some(30000));
    assert_eq!(b.priority().unwrap(), Some(0x8000));
    assert_eq!(b.vlan_filtering().unwrap(), Some(true));
    assert_eq!(b.vlan_protocol().unwrap(), Some(0x8100));
    assert_eq!(b.vlan_default_pvid().unwrap(), Some(1));
    assert_eq!(b.mcast_snooping().unwrap(), Some(false));
    assert_eq!(b.group_addr().unwrap(), Some([0x01, 0x80, 0xc2, 0, 0, 0]));
    let id = b.bridge_id().unwrap().unwrap();
    assert_eq!((id.priority(), id.addr), (0x8000, [2, 0, 0, 0, 0, 0xb0]));
    assert_eq!(b.root_id().unwrap(), Some(id));
    assert_eq!(b.hello_timer().unwrap(), Some(123));
    assert_eq!(b.gc_timer().unwrap(), Some(4567));
    let opt = b.multi_boolopt().unwrap().unwrap();
    assert_eq!((opt.optval.get(), opt.optmask.get()), (1, 3));
    assert_eq!(b.fdb_n_learned().unwrap(), Some(4));
    assert_eq!(b.fdb_max_learned().unwrap(), Some(1000));
    assert_eq!(b.mcast_router().unwrap(), Some(1));
    assert_eq!(b.root_port().unwrap(), None);
}

#[test]
fn bridge_empty_config_writes_an_empty_nest() {
    let bytes = request("bridge", |b| {
        link_kinds::create_bridge_data(b, &BridgeConfig::default())
    });
    assert_clean(&bytes);
    let b = BridgeInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(b.attrs().count(), 0);
    assert_eq!(b.stp_state().unwrap(), None);
}

#[test]
fn bridge_wrong_sizes_are_typed_errors() {
    let bytes = request("bridge", |b| {
        b.put_u8(br::STP_STATE, 1)?;
        b.put_u32(br::PRIORITY, 1)?;
        b.put_u16(br::VLAN_FILTERING, 1)?;
        b.put(br::BRIDGE_ID, &[0x80, 0, 1, 2, 3, 4])?;
        b.put(br::GROUP_ADDR, &[1, 2, 3])
    });
    let b = BridgeInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(
        payload_err(b.stp_state().unwrap_err()),
        (br::STP_STATE, "u32", 4, 1)
    );
    assert_eq!(
        payload_err(b.priority().unwrap_err()),
        (br::PRIORITY, "u16", 2, 4)
    );
    assert_eq!(
        payload_err(b.vlan_filtering().unwrap_err()).0,
        br::VLAN_FILTERING
    );
    assert_eq!(payload_err(b.bridge_id().unwrap_err()).0, br::BRIDGE_ID);
    assert_eq!(
        payload_err(b.group_addr().unwrap_err()),
        (br::GROUP_ADDR, "mac", 6, 3)
    );
    let s = Dissector::count(first(&bytes).attrs(16).unwrap(), &IFLA);
    // GROUP_ADDR prints any length (hardware addresses vary); the other four do not fit.
    assert_eq!((s.unknown, s.malformed), (0, 4), "{}", text(&bytes));
}

#[test]
fn bridge_port_slave_data() {
    let bytes = slave_message("bridge", |b| {
        b.put_u8(brport::STATE, 3)?;
        b.put_u16(brport::PRIORITY, 32)?;
        b.put_u32(brport::COST, 100)?;
        b.put_u8(brport::LEARNING, 1)?;
        b.put_u8(brport::UNICAST_FLOOD, 1)?;
        b.put(brport::ROOT_ID, &[0x80, 0, 2, 0, 0, 0, 0, 0xb0])?;
        b.put_u16(brport::DESIGNATED_COST, 0)?;
        b.put_u64(brport::HOLD_TIMER, 0)?;
        b.put_u32(brport::BACKUP_PORT, 9)?;
        b.put_u8(brport::MRP_RING_OPEN, 0)?;
        b.put_u32(brport::MCAST_EHT_HOSTS_LIMIT, 512)?;
        b.put_u8(brport::LOCKED, 0)?;
        b.put_u8(brport::MAB, 0)?;
        b.put_u32(brport::MCAST_N_GROUPS, 0)?;
        b.put_u32(brport::MCAST_MAX_GROUPS, 0)?;
        b.put_u8(brport::NEIGH_VLAN_SUPPRESS, 0)?;
        b.put_u32(brport::BACKUP_NHID, 77)
    });
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_INFO_SLAVE_KIND \"bridge\"",
            "IFLA_BRPORT_STATE 3",
            "IFLA_BRPORT_COST 100",
            "IFLA_BRPORT_ROOT_ID 8000.02:00:00:00:00:b0",
            "IFLA_BRPORT_BACKUP_PORT 9",
            "IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT 512",
            "IFLA_BRPORT_BACKUP_NHID 77",
        ],
    );
    let li = info_of(&bytes);
    assert_eq!(li.slave_kind, Some("bridge"));
    let set = link_kinds::info_slave_data_set("bridge").unwrap();
    let s = Dissector::count(li.slave_data.unwrap().nested(), set);
    assert_eq!((s.typed, s.unknown, s.malformed), (17, 0, 0));
}

#[test]
fn bond_and_vrf_slave_data() {
    let bytes = slave_message("bond", |b| {
        b.put_u8(bond_slave::STATE, 0)?;
        b.put_u8(bond_slave::MII_STATUS, 0)?;
        b.put_u32(bond_slave::LINK_FAILURE_COUNT, 2)?;
        b.put(bond_slave::PERM_HWADDR, &[2, 0, 0, 0, 0, 0xa0])?;
        b.put_u16(bond_slave::QUEUE_ID, 0)?;
        b.put_u16(bond_slave::AD_AGGREGATOR_ID, 1)?;
        b.put_u8(bond_slave::AD_ACTOR_OPER_PORT_STATE, 0x3d)?;
        b.put_u16(bond_slave::AD_PARTNER_OPER_PORT_STATE, 0x3d)?;
        b.put_i32(bond_slave::PRIO, -5)?;
        b.put_u16(bond_slave::ACTOR_PORT_PRIO, 255)
    });
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_BOND_SLAVE_PERM_HWADDR 02:00:00:00:00:a0",
            "IFLA_BOND_SLAVE_PRIO -5",
            "IFLA_BOND_SLAVE_ACTOR_PORT_PRIO 255",
        ],
    );
    let bytes = slave_message("vrf", |b| b.put_u32(vrf_port::TABLE, 10));
    assert_clean(&bytes);
    assert_lines(&bytes, &["IFLA_VRF_PORT_TABLE 10"]);
}

// ---------------------------------------------------------------------------------------
// VXLAN.
// ---------------------------------------------------------------------------------------

#[test]
fn vxlan_round_trip_ipv4() {
    let cfg = VxlanConfig {
        id: 42,
        group: Some(IpAddr::V4(Ipv4Addr::new(239, 1, 1, 1))),
        local: Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10))),
        port: Some(4789),
        link: Some(2),
        ttl: Some(64),
        learning: Some(false),
    };
    let bytes = request("vxlan", move |b| {
        link_kinds::create_vxlan_data(b, &cfg)?;
        b.put(
            vxlan::PORT_RANGE,
            &PortRange {
                low: 1000,
                high: 2000,
            }
            .to_bytes(),
        )?;
        b.put_flag(vxlan::GBP)?;
        b.put_be32(vxlan::LABEL, 0x12345)?;
        b.put_u8(vxlan::DF, 2)?;
        b.put(vxlan::RESERVED_BITS, &[0; 8])?;
        b.put_u8(vxlan::MC_ROUTE, 1)
    });
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_VXLAN_ID 42",
            "IFLA_VXLAN_GROUP 239.1.1.1",
            "IFLA_VXLAN_LOCAL 192.0.2.10",
            "IFLA_VXLAN_PORT 4789",
            "IFLA_VXLAN_PORT_RANGE 1000-2000",
            "IFLA_VXLAN_GBP",
            "IFLA_VXLAN_LABEL 74565",
            "IFLA_VXLAN_MC_ROUTE 1",
        ],
    );
    let v = VxlanInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(v.id().unwrap(), Some(42));
    assert_eq!(v.group().unwrap(), cfg.group);
    assert_eq!(v.local().unwrap(), cfg.local);
    assert_eq!(v.port().unwrap(), Some(4789));
    assert_eq!(v.link().unwrap(), Some(2));
    assert_eq!(v.ttl().unwrap(), Some(64));
    assert_eq!(v.learning().unwrap(), Some(false));
    assert_eq!(
        v.port_range().unwrap(),
        Some(PortRange {
            low: 1000,
            high: 2000
        })
    );
    assert!(v.gbp().unwrap());
    assert!(!v.gpe().unwrap());
    assert_eq!(v.label().unwrap(), Some(0x12345));
    assert_eq!(v.df().unwrap(), Some(2));
    // The port is big-endian on the wire.
    let raw = v.attr(vxlan::PORT).unwrap();
    assert_eq!(raw.payload(), &4789u16.to_be_bytes());
}

#[test]
fn vxlan_round_trip_ipv6() {
    let g: Ipv6Addr = "ff05::100".parse().unwrap();
    let l: Ipv6Addr = "2001:db8::1".parse().unwrap();
    let cfg = VxlanConfig {
        id: 7,
        group: Some(IpAddr::V6(g)),
        local: Some(IpAddr::V6(l)),
        ..VxlanConfig::default()
    };
    let bytes = request("vxlan", move |b| link_kinds::create_vxlan_data(b, &cfg));
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_VXLAN_GROUP6 ff05::100",
            "IFLA_VXLAN_LOCAL6 2001:db8::1",
        ],
    );
    let v = VxlanInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(v.group().unwrap(), Some(IpAddr::V6(g)));
    assert_eq!(v.local().unwrap(), Some(IpAddr::V6(l)));
    assert_eq!(v.port().unwrap(), None);
    assert_eq!(v.attrs().count(), 3);
}

#[test]
fn vxlan_wrong_sizes_are_typed_errors() {
    let bytes = request("vxlan", |b| {
        b.put_ipv6(vxlan::GROUP, Ipv6Addr::LOCALHOST)?; // GROUP is IPv4 only
        b.put_u32(vxlan::PORT, 4789)?;
        b.put_u16(vxlan::PORT_RANGE, 1)?;
        b.put_u8(vxlan::GBP, 1)?;
        b.put_u16(vxlan::ID, 1)
    });
    let v = VxlanInfo::from_link_info(&info_of(&bytes))
        .unwrap()
        .unwrap();
    assert_eq!(
        payload_err(v.group().unwrap_err()),
        (vxlan::GROUP, "ipv4", 4, 16)
    );
    assert_eq!(payload_err(v.port().unwrap_err()).0, vxlan::PORT);
    assert_eq!(
        payload_err(v.port_range().unwrap_err()).0,
        vxlan::PORT_RANGE
    );
    assert_eq!(payload_err(v.gbp().unwrap_err()).0, vxlan::GBP);
    assert_eq!(payload_err(v.id().unwrap_err()), (vxlan::ID, "u32", 4, 2));
    let s = Dissector::count(first(&bytes).attrs(16).unwrap(), &IFLA);
    // GROUP reads as an IPv6 address in the dissector (Ip is "4 or 16 bytes").
    assert_eq!((s.unknown, s.malformed), (0, 4), "{}", text(&bytes));
}

// ---------------------------------------------------------------------------------------
// macvlan, ipvlan, vrf, bond.
// ---------------------------------------------------------------------------------------

#[test]
fn macvlan_and_macvtap_print_mode_names() {
    for (kind, mode, name) in [
        ("macvlan", macvlan_mode::BRIDGE, "bridge"),
        ("macvlan", macvlan_mode::PRIVATE, "private"),
        ("macvtap", macvlan_mode::VEPA, "vepa"),
        ("macvtap", macvlan_mode::PASSTHRU, "passthru"),
        ("macvlan", macvlan_mode::SOURCE, "source"),
        ("macvlan", 3, "3"),
    ] {
        let bytes = request(kind, |b| {
            link_kinds::create_macvlan_data(b, mode)?;
            b.put_u16(macvlan::FLAGS, link_kinds::macvlan_flag::NOPROMISC)?;
            b.put_u32(macvlan::MACADDR_COUNT, 2)?;
            b.nest_noflag(macvlan::MACADDR_DATA, |b| {
                b.put_mac(macvlan::MACADDR, [2, 0, 0, 0, 0, 1])?;
                b.put_mac(macvlan::MACADDR, [2, 0, 0, 0, 0, 2])
            })?;
            b.put_u32(macvlan::BC_QUEUE_LEN, 1000)?;
            b.put_i32(macvlan::BC_CUTOFF, -1)
        });
        assert_clean(&bytes);
        assert_lines(
            &bytes,
            &[
                &format!("IFLA_MACVLAN_MODE {name}"),
                "IFLA_MACVLAN_MACADDR 02:00:00:00:00:02",
                "IFLA_MACVLAN_BC_CUTOFF -1",
            ],
        );
    }
    assert_eq!(macvlan_mode::name(macvlan_mode::PASSTHRU), Some("passthru"));
}

#[test]
fn ipvlan_vrf_and_no_data_kinds() {
    for (kind, mode, name) in [
        ("ipvlan", ipvlan_mode::L2, "l2"),
        ("ipvtap", ipvlan_mode::L3, "l3"),
        ("ipvlan", ipvlan_mode::L3S, "l3s"),
    ] {
        let bytes = request(kind, |b| {
            link_kinds::create_ipvlan_data(b, mode)?;
            b.put_u16(link_kinds::ipvlan::FLAGS, link_kinds::ipvlan_flag::PRIVATE)
        });
        assert_clean(&bytes);
        assert_lines(
            &bytes,
            &[&format!("IFLA_IPVLAN_MODE {name}"), "IFLA_IPVLAN_FLAGS 1"],
        );
    }
    let bytes = request("vrf", |b| link_kinds::create_vrf_data(b, 1001));
    assert_clean(&bytes);
    assert_lines(&bytes, &["IFLA_VRF_TABLE 1001"]);

    for kind in ["dummy", "ifb", "wireguard", "nlmon", "team"] {
        let bytes = request_no_data(kind);
        assert_clean(&bytes);
        let li = info_of(&bytes);
        assert_eq!((li.kind, li.data.is_none()), (Some(kind), true));
        // An empty IFLA_INFO_DATA is fine too; an attribute in it is unknown.
        let bytes = request(kind, |_| Ok(()));
        assert_clean(&bytes);
        let bytes = request(kind, |b| b.put_u32(1, 1));
        let s = Dissector::count(first(&bytes).attrs(16).unwrap(), &IFLA);
        assert_eq!((s.unknown, s.malformed), (1, 0), "{kind}");
    }
}

fn bond_request() -> Vec<u8> {
    request("bond", |b| {
        link_kinds::create_bond_data(b, bond_mode::ACTIVE_BACKUP)?;
        b.put_u32(bond::MIIMON, 100)?;
        b.put_u32(bond::PRIMARY, 3)?;
        b.put_u32(bond::UPDELAY, 200)?;
        b.put_u8(bond::XMIT_HASH_POLICY, 1)?;
        b.nest_noflag(bond::ARP_IP_TARGET, |b| {
            b.put_ipv4(0, Ipv4Addr::new(192, 0, 2, 1))?;
            b.put_ipv4(1, Ipv4Addr::new(192, 0, 2, 2))
        })?;
        b.nest_noflag(bond::NS_IP6_TARGET, |b| {
            b.put_ipv6(0, "2001:db8::5".parse().unwrap())
        })?;
        b.nest_noflag(bond::AD_INFO, |b| {
            b.put_u16(bond_ad_info::AGGREGATOR, 1)?;
            b.put_u16(bond_ad_info::NUM_PORTS, 2)?;
            b.put_mac(bond_ad_info::PARTNER_MAC, [2, 0, 0, 0, 0, 9])
        })?;
        b.put_mac(bond::AD_ACTOR_SYSTEM, [2, 0, 0, 0, 0, 8])?;
        b.put_u8(bond::MISSED_MAX, 2)?;
        b.put_u8(bond::COUPLED_CONTROL, 1)?;
        b.put_u8(bond::BROADCAST_NEIGH, 0)
    })
}

#[test]
fn bond_round_trip() {
    let bytes = bond_request();
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_BOND_MODE active-backup",
            "IFLA_BOND_MIIMON 100",
            "IFLA_BOND_ARP_IP_TARGET",
            "[0] 192.0.2.1",
            "[1] 192.0.2.2",
            "[0] 2001:db8::5",
            "IFLA_BOND_AD_INFO_PARTNER_MAC 02:00:00:00:00:09",
            "IFLA_BOND_COUPLED_CONTROL 1",
        ],
    );
    let b = BondInfo::from_link_info(&info_of(&bytes)).unwrap().unwrap();
    assert_eq!(b.mode().unwrap(), Some(bond_mode::ACTIVE_BACKUP));
    assert_eq!(b.miimon().unwrap(), Some(100));
    assert_eq!(b.primary().unwrap(), Some(3));
    assert_eq!(b.updelay().unwrap(), Some(200));
    assert_eq!(b.xmit_hash_policy().unwrap(), Some(1));
    let arp: Vec<Ipv4Addr> = b.arp_ip_targets().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        arp,
        [Ipv4Addr::new(192, 0, 2, 1), Ipv4Addr::new(192, 0, 2, 2)]
    );
    let ns: Vec<Ipv6Addr> = b.ns_ip6_targets().collect::<Result<_, _>>().unwrap();
    assert_eq!(ns, ["2001:db8::5".parse::<Ipv6Addr>().unwrap()]);
    assert_eq!(b.ad_info().unwrap().count(), 3);
    assert_eq!(b.ad_actor_system().unwrap(), Some([2, 0, 0, 0, 0, 8]));
    assert_eq!(b.coupled_control().unwrap(), Some(true));
    assert_eq!(b.broadcast_neigh().unwrap(), Some(false));
    assert_eq!(b.missed_max().unwrap(), Some(2));
    assert_eq!(b.downdelay().unwrap(), None);
    assert_eq!(bond_mode::name(bond_mode::IEEE_802_3AD), Some("802.3ad"));

    // Every mode prints its name.
    for m in 0..=6u8 {
        let bytes = request("bond", |b| link_kinds::create_bond_data(b, m));
        assert_lines(
            &bytes,
            &[&format!("IFLA_BOND_MODE {}", bond_mode::name(m).unwrap())],
        );
    }
}

#[test]
fn bond_wrong_sizes_are_typed_errors() {
    let bytes = request("bond", |b| {
        b.put_u32(bond::MODE, 1)?;
        b.put_u8(bond::MIIMON, 1)?;
        b.nest_noflag(bond::ARP_IP_TARGET, |b| {
            b.put_ipv4(0, Ipv4Addr::new(192, 0, 2, 1))?;
            b.put_u16(1, 7)
        })
    });
    let b = BondInfo::from_link_info(&info_of(&bytes)).unwrap().unwrap();
    assert_eq!(payload_err(b.mode().unwrap_err()), (bond::MODE, "u8", 1, 4));
    assert_eq!(
        payload_err(b.miimon().unwrap_err()),
        (bond::MIIMON, "u32", 4, 1)
    );
    let arp: Vec<_> = b.arp_ip_targets().collect();
    assert!(arp[0].is_ok());
    assert_eq!(payload_err(arp[1].unwrap_err()), (1, "ipv4", 4, 2));
    // MODE and MIIMON, plus the bad target inside ARP_IP_TARGET.
    let s = Dissector::count(first(&bytes).attrs(16).unwrap(), &IFLA);
    assert_eq!((s.unknown, s.malformed), (0, 3), "{}", text(&bytes));
}

// ---------------------------------------------------------------------------------------
// Tunnels and the rest.
// ---------------------------------------------------------------------------------------

#[test]
fn gre_family() {
    let v4 = (
        IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)),
        IpAddr::V4(Ipv4Addr::new(198, 51, 100, 1)),
    );
    let v6 = (
        IpAddr::V6("2001:db8::1".parse().unwrap()),
        IpAddr::V6("2001:db8::2".parse().unwrap()),
    );
    for (kind, (local, remote)) in [
        ("gre", v4),
        ("gretap", v4),
        ("erspan", v4),
        ("ip6gre", v6),
        ("ip6gretap", v6),
        ("ip6erspan", v6),
    ] {
        let bytes = request(kind, |b| {
            b.put_u32(gre::LINK, 2)?;
            b.put_be16(gre::IFLAGS, 0x2000)?;
            b.put_be16(gre::OFLAGS, 0x2000)?;
            b.put_be32(gre::IKEY, 10)?;
            b.put_be32(gre::OKEY, 20)?;
            b.put_ip(gre::LOCAL, local)?;
            b.put_ip(gre::REMOTE, remote)?;
            b.put_u8(gre::TTL, 64)?;
            b.put_u8(gre::ENCAP_LIMIT, 4)?;
            b.put_be32(gre::FLOWINFO, 0)?;
            b.put_u32(gre::FLAGS, 0)?;
            b.put_be16(gre::ENCAP_DPORT, 5555)?;
            b.put_u32(gre::ERSPAN_INDEX, 3)?;
            b.put_u8(gre::ERSPAN_VER, 2)?;
            b.put_u16(gre::ERSPAN_HWID, 7)?;
            b.put_flag(gre::COLLECT_METADATA)
        });
        assert_clean(&bytes);
        assert_lines(
            &bytes,
            &[
                "IFLA_GRE_IKEY 10",
                "IFLA_GRE_IFLAGS 8192",
                &format!("IFLA_GRE_LOCAL {local}"),
                &format!("IFLA_GRE_REMOTE {remote}"),
                "IFLA_GRE_ENCAP_DPORT 5555",
                "IFLA_GRE_ERSPAN_VER 2",
                "IFLA_GRE_COLLECT_METADATA",
            ],
        );
    }
}

#[test]
fn ipip_sit_ip6tnl() {
    let bytes = request("sit", |b| {
        b.put_ipv4(iptun::LOCAL, Ipv4Addr::new(192, 0, 2, 1))?;
        b.put_ipv4(iptun::REMOTE, Ipv4Addr::new(192, 0, 2, 2))?;
        b.put_be16(iptun::FLAGS, 1)?; // SIT_ISATAP
        b.put_u8(iptun::PROTO, 41)?;
        b.put_ipv6(iptun::SIXRD_PREFIX, "2001:db8::".parse().unwrap())?;
        b.put_ipv4(iptun::SIXRD_RELAY_PREFIX, Ipv4Addr::new(192, 0, 2, 0))?;
        b.put_u16(iptun::SIXRD_PREFIXLEN, 32)?;
        b.put_u16(iptun::SIXRD_RELAY_PREFIXLEN, 24)
    });
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &[
            "IFLA_IPTUN_FLAGS 0x0001",
            "IFLA_IPTUN_6RD_PREFIX 2001:db8::",
            "IFLA_IPTUN_6RD_RELAY_PREFIX 192.0.2.0",
            "IFLA_IPTUN_6RD_PREFIXLEN 32",
        ],
    );
    let bytes = request("ip6tnl", |b| {
        b.put_ipv6(iptun::LOCAL, "2001:db8::1".parse().unwrap())?;
        b.put_ipv6(iptun::REMOTE, "2001:db8::2".parse().unwrap())?;
        b.put_u32(iptun::FLAGS, 0x30000)?; // ip6tnl: 32-bit flags
        b.put_be32(iptun::FLOWINFO, 0)?;
        b.put_u8(iptun::ENCAP_LIMIT, 4)?;
        b.put_flag(iptun::COLLECT_METADATA)
    });
    assert_clean(&bytes);
    assert_lines(
        &bytes,
        &["IFLA_IPTUN_FLAGS 0x30000", "IFLA_IPTUN_REMOTE 2001:db8::2"],
    );
    let bytes = request("ipip", |b| {
        b.put_u32(iptun::LINK, 0)?;
        b.put_ipv4(iptun::REMOTE, Ipv4Addr::new(203, 0, 113, 1))?;
        b.put_u8(iptun::TTL, 0)?;
        b.put_u8(iptun::PMTUDISC, 1)?;
        b.put_u32(iptun::FWMARK, 7)
    });
    assert_clean(&bytes);
    assert_lines(&bytes, &["IFLA_IPTUN_REMOTE 203.0.113.1"]);
}

#[test]
fn other_kinds_dissect_with_names() {
    use link_kinds::{geneve, hsr, ipoib, macsec, netkit, tun, vti, xfrm};
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        (
            "tun",
            request("tun", |b| {
                b.put_u32(tun::OWNER, 1000)?;
                b.put_u8(tun::TYPE, 2)?;
                b.put_u8(tun::PI, 0)?;
                b.put_u8(tun::VNET_HDR, 1)?;
                b.put_u8(tun::PERSIST, 1)?;
                b.put_u8(tun::MULTI_QUEUE, 0)?;
                b.put_u32(tun::NUM_QUEUES, 1)?;
                b.put_u32(tun::NUM_DISABLED_QUEUES, 0)
            }),
            &["IFLA_TUN_OWNER 1000", "IFLA_TUN_TYPE 2"],
        ),
        (
            "geneve",
            request("geneve", |b| {
                b.put_u32(geneve::ID, 5)?;
                b.put_ipv4(geneve::REMOTE, Ipv4Addr::new(192, 0, 2, 7))?;
                b.put_be16(geneve::PORT, 6081)?;
                b.put_flag(geneve::COLLECT_METADATA)?;
                b.put_u8(geneve::DF, 1)?;
                b.put(geneve::PORT_RANGE, &[0x13, 0x88, 0x17, 0x70])
            }),
            &[
                "IFLA_GENEVE_PORT 6081",
                "IFLA_GENEVE_REMOTE 192.0.2.7",
                "IFLA_GENEVE_PORT_RANGE 5000-6000",
            ],
        ),
        (
            "xfrm",
            request("xfrm", |b| {
                b.put_u32(xfrm::LINK, 1)?;
                b.put_u32(xfrm::IF_ID, 99)?;
                b.put_flag(xfrm::COLLECT_METADATA)
            }),
            &["IFLA_XFRM_IF_ID 99", "IFLA_XFRM_COLLECT_METADATA"],
        ),
        (
            "vti6",
            request("vti6", |b| {
                b.put_be32(vti::IKEY, 1)?;
                b.put_ipv6(vti::REMOTE, "2001:db8::9".parse().unwrap())
            }),
            &["IFLA_VTI_REMOTE 2001:db8::9"],
        ),
        (
            "macsec",
            request("macsec", |b| {
                b.put(macsec::SCI, &[2, 0, 0, 0, 0, 1, 0, 1])?;
                b.put_u8(macsec::ICV_LEN, 16)?;
                b.put_u64(macsec::CIPHER_SUITE, 0x0080_C200_0100_0001)?;
                b.put_u8(macsec::ENCRYPT, 1)?;
                b.put_u8(macsec::VALIDATION, 2)?;
                b.put_u8(macsec::OFFLOAD, 0)
            }),
            &["IFLA_MACSEC_ICV_LEN 16", "IFLA_MACSEC_ENCRYPT 1"],
        ),
        (
            "hsr",
            request("hsr", |b| {
                b.put_u32(hsr::SLAVE1, 2)?;
                b.put_u32(hsr::SLAVE2, 3)?;
                b.put_mac(hsr::SUPERVISION_ADDR, [1, 0x15, 0x4e, 0, 1, 0])?;
                b.put_u16(hsr::SEQ_NR, 65535)?;
                b.put_u8(hsr::PROTOCOL, 1)
            }),
            &[
                "IFLA_HSR_SUPERVISION_ADDR 01:15:4e:00:01:00",
                "IFLA_HSR_SEQ_NR 65535",
            ],
        ),
        (
            "netkit",
            request("netkit", |b| {
                b.nest_noflag(netkit::PEER_INFO, |b| {
                    b.put_header(&IfInfoMsg::default())?;
                    b.put_str(ifla::IFNAME, "nk1")
                })?;
                b.put_u32(netkit::MODE, 1)?;
                b.put_u32(netkit::POLICY, 0)?;
                b.put_u32(netkit::SCRUB, 1)?;
                b.put_u16(netkit::HEADROOM, 64)
            }),
            &["IFLA_NETKIT_MODE 1", "IFLA_IFNAME \"nk1\""],
        ),
        (
            "vxcan",
            request("vxcan", |b| {
                b.nest_noflag(link_kinds::vxcan::PEER, |b| {
                    b.put_header(&IfInfoMsg::default())?;
                    b.put_str(ifla::IFNAME, "vxcan1")
                })
            }),
            &["IFLA_IFNAME \"vxcan1\""],
        ),
        (
            "ipoib",
            request("ipoib", |b| {
                b.put_u16(ipoib::PKEY, 0x8001)?;
                b.put_u16(ipoib::MODE, 1)
            }),
            &["IFLA_IPOIB_PKEY 32769"],
        ),
        (
            "veth",
            {
                let mut storage = vec![0u8; 256];
                let mut buf = SliceBuf::new(&mut storage);
                let n = link::create_veth_request(&mut buf, 1, "v0", "v1").unwrap();
                storage.truncate(n);
                storage
            },
            &["IFLA_IFNAME \"v1\""],
        ),
    ];
    for (kind, bytes, lines) in cases {
        assert_clean(&bytes);
        assert_lines(&bytes, lines);
        assert_eq!(info_of(&bytes).kind, Some(kind));
    }
}

// ---------------------------------------------------------------------------------------
// Robustness: truncation, random content.
// ---------------------------------------------------------------------------------------

/// Every decoder this module offers, on whatever `bytes` is; results are ignored, only
/// panics matter.
fn exercise(bytes: &[u8]) {
    for msg in Messages::new(bytes) {
        let Ok(msg) = msg else { break };
        if let Ok(attrs) = msg.attrs(16) {
            let _ = Dissector::count(attrs, &IFLA);
        }
        let Ok(l) = LinkMsg::parse(&msg) else {
            continue;
        };
        let _ = l.to_string();
        let Ok(Some(li)) = l.link_info() else {
            continue;
        };
        exercise_info(&li);
    }
}

fn exercise_info(li: &LinkInfo<'_>) {
    if let Some(d) = li.data {
        for (_, set) in INFO_DATA_KINDS {
            let _ = Dissector::count(d.nested(), set);
        }
        exercise_views(d.nested());
    }
    if let Some(d) = li.slave_data {
        for (_, set) in INFO_SLAVE_DATA_KINDS {
            let _ = Dissector::count(d.nested(), set);
        }
    }
    // Through the kind check too.
    let _ = BridgeInfo::from_link_info(li);
    let _ = VlanInfo::from_link_info(li);
    let _ = VxlanInfo::from_link_info(li);
    let _ = BondInfo::from_link_info(li);
}

fn exercise_views(attrs: Attrs<'_>) {
    if let Ok(b) = BridgeInfo::parse(attrs.clone()) {
        let _ = (
            b.forward_delay(),
            b.hello_time(),
            b.max_age(),
            b.ageing_time(),
            b.stp_state(),
            b.priority(),
            b.vlan_filtering(),
            b.vlan_protocol(),
            b.vlan_default_pvid(),
            b.group_fwd_mask(),
            b.group_addr(),
            b.root_port(),
            b.root_path_cost(),
            b.hello_timer(),
            b.gc_timer(),
            b.mcast_router(),
            b.mcast_hash_max(),
            b.mcast_igmp_version(),
            b.mcast_mld_version(),
            b.fdb_n_learned(),
            b.fdb_max_learned(),
        );
        let _ = (
            b.vlan_stats_enabled(),
            b.topology_change(),
            b.mcast_snooping(),
            b.mcast_querier(),
            b.root_id(),
            b.bridge_id(),
            b.multi_boolopt(),
            b.attrs().count(),
        );
    }
    if let Ok(v) = VlanInfo::parse(attrs.clone()) {
        let _ = (v.id(), v.protocol(), v.flags());
        let _ = v.egress_qos().count() + v.ingress_qos().count();
    }
    if let Ok(v) = VxlanInfo::parse(attrs.clone()) {
        let _ = (
            v.id(),
            v.link(),
            v.port(),
            v.ttl(),
            v.tos(),
            v.ageing(),
            v.limit(),
            v.label(),
            v.df(),
            v.label_policy(),
            v.learning(),
            v.proxy(),
            v.l2miss(),
            v.l3miss(),
            v.udp_csum(),
            v.collect_metadata(),
            v.vnifilter(),
            v.localbypass(),
        );
        let _ = (
            v.group(),
            v.local(),
            v.port_range(),
            v.gbp(),
            v.gpe(),
            v.ttl_inherit(),
        );
    }
    if let Ok(b) = BondInfo::parse(attrs) {
        let _ = (
            b.mode(),
            b.active_slave(),
            b.miimon(),
            b.updelay(),
            b.downdelay(),
            b.arp_interval(),
            b.arp_validate(),
            b.primary(),
            b.primary_reselect(),
            b.fail_over_mac(),
            b.xmit_hash_policy(),
            b.min_links(),
            b.ad_lacp_rate(),
            b.ad_select(),
            b.ad_actor_sys_prio(),
            b.ad_user_port_key(),
            b.ad_actor_system(),
            b.peer_notif_delay(),
            b.missed_max(),
        );
        let _ = (
            b.use_carrier(),
            b.all_slaves_active(),
            b.tlb_dynamic_lb(),
            b.ad_lacp_active(),
            b.coupled_control(),
            b.broadcast_neigh(),
        );
        let _ = b.arp_ip_targets().count() + b.ns_ip6_targets().count();
        if let Some(ad) = b.ad_info() {
            let _ = ad.count();
        }
    }
}

/// Sample messages: one per kind with every attribute, and the hand-made ones.
fn samples() -> Vec<Vec<u8>> {
    let mut v = vec![vlan_request(), bridge_request(), bond_request()];
    for (kind, set) in INFO_DATA_KINDS {
        v.push(request(kind, |b| {
            for d in set.attrs {
                b.put(d.kind, &good_payload(set, d))?;
            }
            Ok(())
        }));
    }
    for (kind, set) in INFO_SLAVE_DATA_KINDS {
        v.push(slave_message(kind, |b| {
            for d in set.attrs {
                b.put(d.kind, &good_payload(set, d))?;
            }
            Ok(())
        }));
    }
    v
}

/// Cuts every attribute of `buf` (a prefix of `orig`) whose span crosses the end down to
/// the end, recursing into payloads that frame as attributes in `orig` — so a prefix of a
/// message becomes a well-framed outer message whose innermost attributes are short.
fn shrink(buf: &mut [u8], orig: &[u8], start: usize, stop: usize) {
    let end = buf.len();
    let mut pos = start;
    while pos + 4 <= stop.min(end) {
        let len = usize::from(u16::from_ne_bytes([orig[pos], orig[pos + 1]]));
        if len < 4 || pos + len > stop {
            return;
        }
        if pos + len > end {
            let cut = u16::try_from(end - pos).unwrap();
            buf[pos..pos + 2].copy_from_slice(&cut.to_ne_bytes());
            if Attrs::new(&orig[pos + 4..pos + len]).validate().is_ok() {
                shrink(buf, orig, pos + 4, pos + len);
            }
            return;
        }
        pos += (len + 3) & !3;
    }
}

/// Under miri every sweep samples one position in `MIRI_STRIDE`: the sweeps exist to find
/// panics (the native test runs do all positions); miri checks the memory model on a
/// sample.
const MIRI_STRIDE: usize = if cfg!(miri) { 499 } else { 1 };

#[test]
fn every_prefix_parses_to_an_error_or_a_valid_view() {
    for full in samples() {
        assert_clean(&full);
        for n in (0..=full.len()).step_by(MIRI_STRIDE) {
            // The raw prefix: nlmsg_len now runs past the end.
            exercise(&full[..n]);
            if n < 32 {
                continue;
            }
            // The prefix re-framed: lengths cut to fit, inner attributes short.
            let mut cut = full[..n].to_vec();
            cut[..4].copy_from_slice(&u32::try_from(n).unwrap().to_ne_bytes());
            shrink(&mut cut, &full, 32, full.len());
            exercise(&cut);
        }
    }
}

#[test]
fn view_prefixes_of_info_data() {
    for full in samples() {
        let li = info_of(&full);
        let Some(data) = li.data else { continue };
        let payload = data.payload();
        for n in (0..=payload.len()).step_by(MIRI_STRIDE) {
            let attrs = Attrs::new(&payload[..n]);
            exercise_views(attrs.clone());
            for (_, set) in INFO_DATA_KINDS {
                let _ = Dissector::count(attrs.clone(), set);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]

    #[cfg_attr(miri, ignore = "proptest needs the file system and is too slow under miri")]
    fn random_data_bytes_never_panic(kind in 0..INFO_DATA_KINDS.len(), data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let (kind, _) = INFO_DATA_KINDS[kind];
        let bytes = request(kind, |b| b.put_bytes(&data));
        exercise(&bytes);
        exercise_views(Attrs::new(&data));
    }

    #[test]

    #[cfg_attr(miri, ignore = "proptest needs the file system and is too slow under miri")]
    fn random_attributes_never_panic(
        kind in 0..INFO_DATA_KINDS.len(),
        attrs in proptest::collection::vec((0u16..52, proptest::collection::vec(any::<u8>(), 0..24)), 0..24),
        slave in any::<bool>(),
    ) {
        let (kind, _) = INFO_DATA_KINDS[kind];
        let write = |b: &mut Builder<'_, B<'_>>| {
            for (t, p) in &attrs {
                b.put(*t, p)?;
            }
            Ok(())
        };
        let bytes = if slave {
            slave_message(["bridge", "bond", "vrf"][attrs.len() % 3], write)
        } else {
            request(kind, write)
        };
        exercise(&bytes);
    }
}

// ---------------------------------------------------------------------------------------
// The real kernel: Linux 6.18 link dumps with bridges and bridge ports.
// ---------------------------------------------------------------------------------------

fn dump_links(bytes: &[u8], mut f: impl FnMut(&LinkMsg<'_>)) -> usize {
    let mut n = 0;
    for m in Messages::new(bytes) {
        let m = m.unwrap();
        if m.message_type() != rtm::NEWLINK {
            continue;
        }
        let l = LinkMsg::parse(&m).unwrap();
        let s = Dissector::count(m.attrs(16).unwrap(), &IFLA);
        assert_eq!((s.unknown, s.malformed), (0, 0), "{l}");
        f(&l);
        n += 1;
    }
    n
}

#[test]
#[cfg_attr(
    miri,
    ignore = "proptest needs the file system and is too slow under miri"
)]
fn kernel_bridge_data_dissects_clean() {
    let bytes = include_bytes!("../../tests/fixtures/link_dump.resp.bin");
    let mut bridges = 0;
    let mut ports = 0;
    let links = dump_links(bytes, |l| {
        let Some(li) = l.link_info().unwrap() else {
            return;
        };
        if let Some(b) = BridgeInfo::from_link_info(&li).unwrap() {
            bridges += 1;
            // `ip link add br0 type bridge` defaults.
            assert_eq!(b.forward_delay().unwrap(), Some(1500));
            assert_eq!(b.hello_time().unwrap(), Some(200));
            assert_eq!(b.max_age().unwrap(), Some(2000));
            assert_eq!(b.ageing_time().unwrap(), Some(30000));
            assert_eq!(b.stp_state().unwrap(), Some(0));
            assert_eq!(b.priority().unwrap(), Some(0x8000));
            assert_eq!(b.vlan_filtering().unwrap(), Some(false));
            // This kernel build has no CONFIG_BRIDGE_VLAN_FILTERING: no VLAN attributes.
            assert!(matches!(
                b.vlan_protocol().unwrap(),
                None | Some(vlan_proto::DOT1Q)
            ));
            assert_eq!(b.group_addr().unwrap(), Some([0x01, 0x80, 0xc2, 0, 0, 0]));
            let id = b.bridge_id().unwrap().unwrap();
            assert_eq!(id.addr, [2, 0, 0, 0, 0, 0xb0]);
            assert!(b.multi_boolopt().unwrap().is_some());
            let t = l.to_string();
            assert!(
                t.contains("IFLA_BR_BRIDGE_ID 8000.02:00:00:00:00:b0"),
                "{t}"
            );
            assert!(t.contains("IFLA_BR_MCAST_HASH_MAX 4096"), "{t}");
        }
        if li.slave_kind == Some("bridge") {
            ports += 1;
            let set = link_kinds::info_slave_data_set("bridge").unwrap();
            let s = Dissector::count(li.slave_data.unwrap().nested(), set);
            assert!(s.typed > 30, "{s:?}");
            assert_eq!((s.unknown, s.malformed), (0, 0));
        }
    });
    assert!(links >= 4);
    assert_eq!((bridges, ports), (1, 1));
}

#[test]
#[cfg_attr(
    miri,
    ignore = "proptest needs the file system and is too slow under miri"
)]
fn kernel_large_dump_bridges() {
    let bytes = include_bytes!("../../tests/fixtures/large/link_dump.resp.bin");
    let mut seen = Vec::new();
    let mut ports = 0;
    dump_links(bytes, |l| {
        let Some(li) = l.link_info().unwrap() else {
            return;
        };
        if li.slave_kind == Some("bridge") {
            ports += 1;
        }
        let Some(b) = BridgeInfo::from_link_info(&li).unwrap() else {
            return;
        };
        let name = l.name().unwrap().unwrap().to_owned();
        let expect = match name.as_str() {
            "br1" => (Some(60000), Some(4096), Some(1500), Some(true)),
            "br2" => (Some(120000), Some(8192), Some(1500), Some(true)),
            "br3" => (Some(30000), Some(0x8000), Some(0), Some(false)),
            _ => (Some(30000), Some(0x8000), Some(1500), Some(true)),
        };
        let got = (
            b.ageing_time().unwrap(),
            b.priority().unwrap(),
            b.forward_delay().unwrap(),
            b.mcast_snooping().unwrap(),
        );
        assert_eq!(got, expect, "{name}");
        seen.push(name);
    });
    assert_eq!(seen.len(), 10);
    assert!(ports > 0);
}
