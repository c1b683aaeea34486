//! Round-trip property tests of the typed rtnetlink writers and views of `nlwire-codec`:
//! every request the writers of `rtnl::{route, addr, neigh, rule, nexthop, link}` produce
//! from arbitrary valid input is written into a 4 KiB `SliceBuf`, read back with
//! `Messages` and the matching view, and every field written must read back equal through
//! the view's accessors. Each message must also have `nlmsg_len` equal to the bytes
//! written, dissect (`Dissector::count`) with no unknown and no malformed attribute, and
//! come out byte for byte the same when written twice.
//!
//! Every property runs [`CASES`] cases; the whole file takes a few seconds in debug.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use nlwire_codec::desc::{AttrSet, Dissector};
use nlwire_codec::rtnl::addr::{self, AddrMsg};
use nlwire_codec::rtnl::link::{self, LinkMsg, ifla};
use nlwire_codec::rtnl::link_kinds::{self, VlanInfo};
use nlwire_codec::rtnl::neigh::{self, NeighMsg, nud};
use nlwire_codec::rtnl::nexthop::{self, GroupMember, NexthopMsg, ResGroup};
use nlwire_codec::rtnl::route::{
    self, RouteDumpFilter, RouteMsg, RouteSpec, rt_scope, rt_table, rtm_f, rtn, rtprot,
};
use nlwire_codec::rtnl::rule::{self, PortRange, RuleMsg, RuleSpec, UidRange};
use nlwire_codec::rtnl::{View, family, rtm};
use nlwire_codec::{Attrs, EncodeError, Flags, Message, MessageType, Messages, SliceBuf};
use proptest::prelude::*;
use proptest::string::string_regex;
use proptest::test_runner::{Config, TestCaseError};

/// Cases per property.
const CASES: u32 = 128;

/// A proptest configuration with [`CASES`] cases and no regression files (a failure
/// prints its minimal input).
fn cfg() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------
// Generators.

/// An address of the given family.
fn arb_ip_of(v6: bool) -> BoxedStrategy<IpAddr> {
    if v6 {
        any::<[u8; 16]>()
            .prop_map(|o| IpAddr::V6(Ipv6Addr::from(o)))
            .boxed()
    } else {
        any::<[u8; 4]>()
            .prop_map(|o| IpAddr::V4(Ipv4Addr::from(o)))
            .boxed()
    }
}

/// An address of either family.
fn arb_ip() -> BoxedStrategy<IpAddr> {
    any::<bool>().prop_flat_map(arb_ip_of).boxed()
}

/// A prefix length valid for the family.
fn arb_prefix_len(v6: bool) -> BoxedStrategy<u8> {
    (0..=if v6 { 128u8 } else { 32 }).boxed()
}

/// An address with a valid prefix length, of the given family.
fn arb_prefix_of(v6: bool) -> BoxedStrategy<(IpAddr, u8)> {
    (arb_ip_of(v6), arb_prefix_len(v6)).boxed()
}

/// An interface name: 1 to 15 printable ASCII characters.
fn arb_name() -> BoxedStrategy<String> {
    string_regex("[!-~]{1,15}").unwrap().boxed()
}

/// A table id: unset (0), one that fits `rtm_table`, just above, or anything.
fn arb_table() -> BoxedStrategy<u32> {
    prop_oneof![Just(0u32), 1u32..=255, Just(256u32), 256u32..=u32::MAX,].boxed()
}

/// The family constant of an address.
fn fam(ip: &IpAddr) -> u8 {
    if ip.is_ipv4() {
        family::INET
    } else {
        family::INET6
    }
}

// ---------------------------------------------------------------------------------------
// Checks shared by every property.

/// Runs `write` twice into fresh 4 KiB buffers (filled with different junk), checks that
/// it returns the length written, that both runs give the same bytes, and returns them.
fn write_twice<F>(write: F) -> Result<Vec<u8>, TestCaseError>
where
    F: Fn(&mut SliceBuf<'_>) -> Result<usize, EncodeError>,
{
    let mut out = Vec::new();
    for junk in [0x00u8, 0xa5] {
        let mut storage = vec![junk; 4096];
        let mut buf = SliceBuf::new(&mut storage);
        let len = write(&mut buf).map_err(|e| TestCaseError::fail(format!("write: {e:?}")))?;
        prop_assert_eq!(len, buf.as_slice().len());
        out.push(buf.as_slice().to_vec());
    }
    prop_assert_eq!(&out[0], &out[1], "writing twice gave different bytes");
    Ok(out.swap_remove(0))
}

/// The single message in `bytes`: its `nlmsg_len` is all of `bytes`, its type is `kind`
/// and its flags are `flags`.
fn one_message(
    bytes: &[u8],
    kind: MessageType,
    flags: Flags,
) -> Result<Message<'_>, TestCaseError> {
    let mut it = Messages::new(bytes);
    let msg = match it.next() {
        Some(Ok(m)) => m,
        other => return Err(TestCaseError::fail(format!("no message: {other:?}"))),
    };
    prop_assert!(it.next().is_none(), "more than one message");
    prop_assert_eq!(msg.header().len() as usize, bytes.len());
    prop_assert_eq!(msg.message_type(), kind);
    prop_assert_eq!(msg.flags(), flags);
    Ok(msg)
}

/// `attrs` dissect as `set` with no unknown and no malformed attribute.
fn dissects_clean(attrs: Attrs<'_>, set: &AttrSet) -> Result<(), TestCaseError> {
    let stats = Dissector::count(attrs, set);
    prop_assert_eq!(stats.unknown, 0, "unknown attributes: {:?}", stats);
    prop_assert_eq!(stats.malformed, 0, "malformed attributes: {:?}", stats);
    Ok(())
}

/// Parses the single message of `bytes` as a view of header `H`.
fn view<'a, H, const N: usize>(
    bytes: &'a [u8],
    kind: MessageType,
    flags: Flags,
) -> Result<View<'a, H, N>, TestCaseError>
where
    H: nlwire_codec::rtnl::FamilyHeader,
{
    let msg = one_message(bytes, kind, flags)?;
    View::parse(&msg).map_err(|e| TestCaseError::fail(format!("view: {e:?}")))
}

/// Unwraps a decode result inside a property.
fn ok<T, E: core::fmt::Debug>(r: Result<T, E>) -> Result<T, TestCaseError> {
    r.map_err(|e| TestCaseError::fail(format!("decode: {e:?}")))
}

/// `REQUEST | ACK | CREATE | EXCL`.
const ADD: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::EXCL.0);
/// `REQUEST | ACK | CREATE | REPLACE`.
const REPLACE: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::REPLACE.0);
/// `REQUEST | ACK | CREATE | APPEND`.
const APPEND: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0 | Flags::CREATE.0 | Flags::APPEND.0);
/// `REQUEST | ACK` (deletes and changes).
const DELETE: Flags = Flags(Flags::REQUEST.0 | Flags::ACK.0);

// ---------------------------------------------------------------------------------------
// Routes.

/// Inputs of one route request.
#[derive(Clone, Debug)]
struct RouteIn {
    /// 0 add, 1 replace, 2 append, 3 delete.
    op: u8,
    family: u8,
    dst: Option<(IpAddr, u8)>,
    gateway: Option<IpAddr>,
    oif: u32,
    table: u32,
    priority: Option<u32>,
    prefsrc: Option<IpAddr>,
    scope: Option<u8>,
    protocol: Option<u8>,
    route_type: Option<u8>,
    flags: u32,
    nexthops: Vec<route::NexthopSpec>,
    nh_id: Option<u32>,
    mtu: Option<u32>,
}

fn arb_route_nexthop(v6: bool) -> BoxedStrategy<route::NexthopSpec> {
    // Gateways mostly of the route's family, sometimes of the other (then `RTA_VIA`).
    let gw = prop_oneof![
        1 => Just(None),
        3 => arb_ip_of(v6).prop_map(Some),
        1 => arb_ip_of(!v6).prop_map(Some),
    ];
    (gw, 1i32..=i32::MAX, 1u16..=256, any::<u8>())
        .prop_map(|(gateway, ifindex, weight, flags)| route::NexthopSpec {
            gateway,
            ifindex,
            weight,
            flags,
        })
        .boxed()
}

fn arb_route() -> impl Strategy<Value = RouteIn> {
    any::<bool>().prop_flat_map(|v6| {
        let gw = prop_oneof![
            2 => Just(None),
            3 => arb_ip_of(v6).prop_map(Some),
            1 => arb_ip_of(!v6).prop_map(Some),
        ];
        (
            (
                0u8..4,
                any::<bool>(),
                proptest::option::of(arb_prefix_of(v6)),
                gw,
                prop_oneof![Just(0u32), 1u32..=u32::MAX],
                arb_table(),
                proptest::option::of(any::<u32>()),
                proptest::option::of(arb_ip_of(v6)),
            ),
            (
                proptest::option::of(any::<u8>()),
                proptest::option::of(any::<u8>()),
                proptest::option::of(0u8..=12),
                any::<u32>(),
                prop_oneof![
                    Just(Vec::new()),
                    proptest::collection::vec(arb_route_nexthop(v6), 1..=4),
                ],
                proptest::option::of(any::<u32>()),
                proptest::option::of(any::<u32>()),
            ),
        )
            .prop_map(
                move |(
                    (op, explicit, dst, gateway, oif, table, priority, prefsrc),
                    (scope, protocol, route_type, flags, nexthops, nh_id, mtu),
                )| RouteIn {
                    op,
                    family: match (explicit, v6) {
                        (false, _) => 0,
                        (true, false) => family::INET,
                        (true, true) => family::INET6,
                    },
                    dst,
                    gateway,
                    oif,
                    table,
                    priority,
                    prefsrc,
                    scope,
                    protocol,
                    route_type,
                    flags,
                    nexthops,
                    nh_id,
                    mtu,
                },
            )
    })
}

impl RouteIn {
    fn spec(&self) -> RouteSpec<'_> {
        RouteSpec {
            family: self.family,
            dst: self.dst.map(|(a, _)| a),
            dst_len: self.dst.map_or(0, |(_, l)| l),
            gateway: self.gateway,
            oif: self.oif,
            table: self.table,
            priority: self.priority,
            prefsrc: self.prefsrc,
            scope: self.scope,
            protocol: self.protocol,
            route_type: self.route_type,
            flags: self.flags,
            nexthops: &self.nexthops,
            nh_id: self.nh_id,
            mtu: self.mtu,
            mpls_encap: &[],
        }
    }

    /// The family the writer must choose.
    fn family(&self) -> u8 {
        if self.family != 0 {
            return self.family;
        }
        self.dst
            .map(|(a, _)| a)
            .or(self.gateway)
            .or(self.prefsrc)
            .or(self.nexthops.iter().find_map(|n| n.gateway))
            .map_or(family::INET, |ip| fam(&ip))
    }
}

/// Checks a gateway written for a route of `family`: `RTA_GATEWAY` when of the same
/// family, else `RTA_VIA`.
fn check_gateway(
    family: u8,
    want: Option<IpAddr>,
    gateway: Option<IpAddr>,
    via: Option<IpAddr>,
) -> Result<(), TestCaseError> {
    match want {
        None => {
            prop_assert_eq!(gateway, None);
            prop_assert_eq!(via, None);
        }
        Some(g) if fam(&g) == family => {
            prop_assert_eq!(gateway, Some(g));
            prop_assert_eq!(via, None);
        }
        Some(g) => {
            prop_assert_eq!(gateway, None);
            prop_assert_eq!(via, Some(g));
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rules.

#[derive(Clone, Debug)]
struct RuleIn {
    add: bool,
    family: u8,
    action: u8,
    priority: Option<u32>,
    table: Option<u32>,
    src: Option<(IpAddr, u8)>,
    dst: Option<(IpAddr, u8)>,
    tos: u8,
    flags: u32,
    fwmark: Option<u32>,
    fwmask: Option<u32>,
    iifname: Option<String>,
    oifname: Option<String>,
    goto: Option<u32>,
    ip_proto: Option<u8>,
    sport: Option<(u16, u16)>,
    dport: Option<(u16, u16)>,
    sport_mask: Option<u16>,
    dport_mask: Option<u16>,
    uid_range: Option<(u32, u32)>,
    protocol: Option<u8>,
    l3mdev: bool,
    suppress_prefixlen: Option<u32>,
    suppress_ifgroup: Option<u32>,
    flow: Option<u32>,
    tun_id: Option<u64>,
    dscp: Option<u8>,
    dscp_mask: Option<u8>,
    flowlabel: Option<(u32, u32)>,
}

fn arb_port_range() -> BoxedStrategy<(u16, u16)> {
    (any::<u16>(), any::<u16>())
        .prop_map(|(a, b)| (a.min(b), a.max(b)))
        .boxed()
}

fn arb_rule() -> impl Strategy<Value = RuleIn> {
    use proptest::option::of;
    any::<bool>().prop_flat_map(|v6| {
        (
            (
                any::<bool>(),
                any::<bool>(),
                0u8..=8,
                of(any::<u32>()),
                of(arb_table()),
                of(arb_prefix_of(v6)),
                of(arb_prefix_of(v6)),
                any::<u8>(),
                any::<u32>(),
                of(any::<u32>()),
                of(any::<u32>()),
            ),
            (
                of(arb_name()),
                of(arb_name()),
                of(any::<u32>()),
                of(any::<u8>()),
                of(arb_port_range()),
                of(arb_port_range()),
                of(any::<u16>()),
                of(any::<u16>()),
                of(arb_port_range().prop_map(|(a, b)| (u32::from(a) * 3, u32::from(b) * 3))),
            ),
            (
                of(any::<u8>()),
                any::<bool>(),
                of(any::<u32>()),
                of(any::<u32>()),
                of(any::<u32>()),
                of(any::<u64>()),
                of(0u8..64),
                of(0u8..64),
                of((0u32..1 << 20, 0u32..1 << 20)),
            ),
        )
            .prop_map(
                move |(
                    (add, explicit, action, priority, table, src, dst, tos, flags, fwmark, fwmask),
                    (
                        iifname,
                        oifname,
                        goto,
                        ip_proto,
                        sport,
                        dport,
                        sport_mask,
                        dport_mask,
                        uid_range,
                    ),
                    (
                        protocol,
                        l3mdev,
                        suppress_prefixlen,
                        suppress_ifgroup,
                        flow,
                        tun_id,
                        dscp,
                        dscp_mask,
                        flowlabel,
                    ),
                )| RuleIn {
                    add,
                    family: match (explicit, v6) {
                        (false, _) => family::UNSPEC,
                        (true, false) => family::INET,
                        (true, true) => family::INET6,
                    },
                    action,
                    priority,
                    table,
                    src,
                    dst,
                    tos,
                    flags,
                    fwmark,
                    fwmask,
                    iifname,
                    oifname,
                    goto,
                    ip_proto,
                    sport,
                    dport,
                    sport_mask,
                    dport_mask,
                    uid_range,
                    protocol,
                    l3mdev,
                    suppress_prefixlen,
                    suppress_ifgroup,
                    flow,
                    tun_id,
                    dscp,
                    dscp_mask,
                    flowlabel,
                },
            )
    })
}

impl RuleIn {
    fn spec(&self) -> RuleSpec<'_> {
        RuleSpec {
            family: self.family,
            action: self.action,
            priority: self.priority,
            table: self.table,
            src: self.src,
            dst: self.dst,
            tos: self.tos,
            flags: self.flags,
            fwmark: self.fwmark,
            fwmask: self.fwmask,
            iifname: self.iifname.as_deref(),
            oifname: self.oifname.as_deref(),
            goto: self.goto,
            ip_proto: self.ip_proto,
            sport: self.sport.map(|(a, b)| PortRange::new(a, b)),
            dport: self.dport.map(|(a, b)| PortRange::new(a, b)),
            sport_mask: self.sport_mask,
            dport_mask: self.dport_mask,
            uid_range: self.uid_range.map(|(a, b)| UidRange::new(a, b)),
            protocol: self.protocol,
            l3mdev: self.l3mdev,
            suppress_prefixlen: self.suppress_prefixlen,
            suppress_ifgroup: self.suppress_ifgroup,
            flow: self.flow,
            tun_id: self.tun_id,
            dscp: self.dscp,
            dscp_mask: self.dscp_mask,
            flowlabel: self.flowlabel,
        }
    }
}

// ---------------------------------------------------------------------------------------
// Nexthop objects.

#[derive(Clone, Debug)]
struct NexthopIn {
    replace: bool,
    id: u32,
    family: u8,
    protocol: u8,
    flags: u32,
    oif: Option<u32>,
    gateway: Option<IpAddr>,
    blackhole: bool,
    fdb: bool,
    group: Vec<GroupMember>,
    group_type: Option<u16>,
    res_group: Option<ResGroup>,
    hw_stats: Option<bool>,
}

fn arb_nexthop() -> impl Strategy<Value = NexthopIn> {
    use proptest::option::of;
    let member = (1u32..=u32::MAX, 1u32..=256).prop_map(|(id, weight)| GroupMember { id, weight });
    let res = (of(any::<u16>()), of(any::<u32>()), of(any::<u32>())).prop_map(
        |(buckets, idle_timer, unbalanced_timer)| ResGroup {
            buckets,
            idle_timer,
            unbalanced_timer,
            unbalanced_time: None,
        },
    );
    (
        (
            any::<bool>(),
            prop_oneof![Just(0u32), any::<u32>()],
            prop_oneof![
                Just(family::UNSPEC),
                Just(family::INET),
                Just(family::INET6)
            ],
            any::<u8>(),
            any::<u32>(),
            of(1u32..=u32::MAX),
            of(arb_ip()),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![Just(Vec::new()), proptest::collection::vec(member, 1..=4),],
            of(0u16..=1),
            of(res),
            of(any::<bool>()),
        ),
    )
        .prop_map(
            |(
                (replace, id, family, protocol, flags, oif, gateway),
                (blackhole, fdb, group, group_type, res_group, hw_stats),
            )| NexthopIn {
                replace,
                id,
                family,
                protocol,
                flags,
                oif,
                gateway,
                blackhole,
                fdb,
                group,
                group_type,
                res_group,
                hw_stats,
            },
        )
}

impl NexthopIn {
    fn spec(&self) -> nexthop::NexthopSpec<'_> {
        nexthop::NexthopSpec {
            id: self.id,
            family: self.family,
            protocol: self.protocol,
            flags: self.flags,
            oif: self.oif,
            gateway: self.gateway,
            blackhole: self.blackhole,
            fdb: self.fdb,
            group: &self.group,
            group_type: self.group_type,
            res_group: self.res_group,
            hw_stats: self.hw_stats,
        }
    }
}

// ---------------------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(cfg())]

    /// Route add/replace/append/delete requests read back through `RouteMsg`.
    #[test]
    fn route_request_round_trip(r in arb_route()) {
        let spec = r.spec();
        let (kind, flags) = match r.op {
            0 => (rtm::NEWROUTE, ADD),
            1 => (rtm::NEWROUTE, REPLACE),
            2 => (rtm::NEWROUTE, APPEND),
            _ => (rtm::DELROUTE, DELETE),
        };
        let bytes = write_twice(|b| match r.op {
            0 => route::add_request(b, 7, &spec),
            1 => route::replace_request(b, 7, &spec),
            2 => route::append_request(b, 7, &spec),
            _ => route::delete_request(b, 7, &spec),
        })?;
        let v: RouteMsg<'_> = view(&bytes, kind, flags)?;
        let delete = r.op == 3;
        let family = r.family();

        prop_assert_eq!(v.family(), family);
        prop_assert_eq!(v.dst_len(), r.dst.map_or(0, |(_, l)| l));
        prop_assert_eq!(v.src_len(), 0);
        prop_assert_eq!(v.flags(), r.flags);
        let table = if r.table == 0 { rt_table::MAIN } else { r.table };
        prop_assert_eq!(ok(v.table())?, table);
        prop_assert_eq!(u32::from(v.header_table()), if table > 255 { 0 } else { table });
        prop_assert_eq!(v.attr(route::rta::TABLE).is_some(), table > 255);
        let route_type = r.route_type.unwrap_or(if delete { rtn::UNSPEC } else { rtn::UNICAST });
        prop_assert_eq!(v.route_type(), route_type);
        prop_assert_eq!(
            v.protocol(),
            r.protocol.unwrap_or(if delete { rtprot::UNSPEC } else { rtprot::BOOT })
        );
        let scope = r.scope.unwrap_or(if delete {
            rt_scope::NOWHERE
        } else {
            match route_type {
                rtn::LOCAL | rtn::NAT => rt_scope::HOST,
                rtn::BROADCAST | rtn::MULTICAST | rtn::ANYCAST => rt_scope::LINK,
                rtn::UNICAST | rtn::UNSPEC
                    if r.gateway.is_none() && r.nexthops.is_empty() && r.nh_id.is_none() =>
                {
                    rt_scope::LINK
                }
                _ => rt_scope::UNIVERSE,
            }
        });
        prop_assert_eq!(v.scope(), scope);

        prop_assert_eq!(ok(v.dst())?, r.dst.map(|(a, _)| a));
        prop_assert_eq!(ok(v.src())?, None);
        let via = ok(v.via())?.and_then(|w| w.ip());
        check_gateway(family, r.gateway, ok(v.gateway())?, via)?;
        prop_assert_eq!(ok(v.oif())?, (r.oif != 0).then_some(r.oif));
        prop_assert_eq!(ok(v.priority())?, r.priority);
        prop_assert_eq!(ok(v.prefsrc())?, r.prefsrc);
        prop_assert_eq!(ok(v.nh_id())?, r.nh_id);
        prop_assert_eq!(ok(v.mtu())?, r.mtu);
        prop_assert_eq!(v.is_multipath(), !r.nexthops.is_empty());
        let hops = ok(v.multipath().collect::<Result<Vec<_>, _>>())?;
        prop_assert_eq!(hops.len(), r.nexthops.len());
        for (got, want) in hops.iter().zip(&r.nexthops) {
            prop_assert_eq!(got.ifindex(), want.ifindex);
            prop_assert_eq!(got.weight(), want.weight);
            prop_assert_eq!(u16::from(got.hops()) + 1, want.weight);
            prop_assert_eq!(got.flags(), want.flags);
            // `Nexthop::gateway` falls back to `RTA_VIA` (documented); the raw
            // `RTA_GATEWAY` is checked as for the route itself.
            prop_assert_eq!(ok(got.gateway())?, want.gateway);
            let raw_gw = ok(got.attr(route::rta::GATEWAY))?;
            let raw_gw = ok(raw_gw.map(|a| a.ip()).transpose())?;
            let via = ok(got.via())?.and_then(|w| w.ip());
            check_gateway(family, want.gateway, raw_gw, via)?;
        }
        dissects_clean(v.attrs(), &route::RTA)?;
    }

    /// Route dump requests read back through `RouteMsg`.
    #[test]
    fn route_dump_round_trip(
        family in prop_oneof![Just(family::UNSPEC), Just(family::INET), Just(family::INET6)],
        table in arb_table(),
        protocol in any::<u8>(),
        route_type in any::<u8>(),
        oif in prop_oneof![Just(0u32), any::<u32>()],
        cloned in any::<bool>(),
    ) {
        let filter = RouteDumpFilter { family, table, protocol, route_type, oif, cloned };
        let bytes = write_twice(|b| route::dump_request(b, 3, &filter))?;
        let v: RouteMsg<'_> = view(&bytes, rtm::GETROUTE, Flags::REQUEST | Flags::DUMP)?;
        prop_assert_eq!(v.family(), family);
        prop_assert_eq!(ok(v.table())?, table);
        prop_assert_eq!(v.attr(route::rta::TABLE).is_some(), table > 255);
        prop_assert_eq!(v.protocol(), protocol);
        prop_assert_eq!(v.route_type(), route_type);
        prop_assert_eq!(v.flags(), if cloned { rtm_f::CLONED } else { 0 });
        prop_assert_eq!(ok(v.oif())?, (oif != 0).then_some(oif));
        dissects_clean(v.attrs(), &route::RTA)?;
    }

    /// Address add/replace/delete requests read back through `AddrMsg`.
    #[test]
    fn addr_request_round_trip(
        (v6, (address, prefix_len), peer, broadcast) in any::<bool>().prop_flat_map(|v6| (
            Just(v6),
            arb_prefix_of(v6),
            proptest::option::of(arb_ip_of(v6)),
            proptest::option::of(arb_ip_of(v6)),
        )),
        op in 0u8..3,
        index in any::<u32>(),
        label in proptest::option::of(arb_name()),
        flags in prop_oneof![0u32..=0xff, any::<u32>()],
        scope in proptest::option::of(any::<u8>()),
        lifetimes in proptest::option::of(any::<(u32, u32)>()),
        rt_priority in proptest::option::of(any::<u32>()),
        proto in proptest::option::of(any::<u8>()),
    ) {
        let spec = addr::AddrSpec {
            peer,
            label: label.as_deref(),
            broadcast,
            flags,
            scope,
            lifetimes,
            rt_priority,
            proto,
            ..addr::AddrSpec::new(address, prefix_len, index)
        };
        let (kind, mflags) = match op {
            0 => (rtm::NEWADDR, ADD),
            1 => (rtm::NEWADDR, REPLACE),
            _ => (rtm::DELADDR, DELETE),
        };
        let bytes = write_twice(|b| match op {
            0 => addr::add_request(b, 9, &spec),
            1 => addr::replace_request(b, 9, &spec),
            _ => addr::delete_request(b, 9, &spec),
        })?;
        let v: AddrMsg<'_> = view(&bytes, kind, mflags)?;
        prop_assert_eq!(v.family(), if v6 { family::INET6 } else { family::INET });
        prop_assert_eq!(v.prefix_len(), prefix_len);
        prop_assert_eq!(v.index(), index);
        let loopback = matches!(address, IpAddr::V4(a) if a.is_loopback());
        let default_scope = if loopback && op != 2 { rt_scope::HOST } else { rt_scope::UNIVERSE };
        prop_assert_eq!(v.scope(), scope.unwrap_or(default_scope));
        prop_assert_eq!(ok(v.flags())?, flags);
        prop_assert_eq!(
            u32::from(v.header_flags()),
            if flags > 0xff { 0 } else { flags }
        );
        prop_assert_eq!(ok(v.local())?, Some(address));
        prop_assert_eq!(ok(v.address())?, Some(peer.unwrap_or(address)));
        prop_assert_eq!(ok(v.label())?, label.as_deref());
        prop_assert_eq!(ok(v.broadcast())?, broadcast);
        prop_assert_eq!(ok(v.rt_priority())?, rt_priority);
        prop_assert_eq!(ok(v.proto())?, proto);
        let ci = ok(v.cacheinfo())?.map(|c| (c.valid.get(), c.preferred.get()));
        prop_assert_eq!(ci, lifetimes);
        dissects_clean(v.attrs(), &addr::IFA)?;
    }

    /// Neighbour add/replace/delete requests read back through `NeighMsg`.
    #[test]
    fn neigh_request_round_trip(
        op in 0u8..3,
        fam_in in prop_oneof![Just(family::UNSPEC), Just(family::BRIDGE)],
        dst in arb_ip(),
        ifindex in 1i32..=i32::MAX,
        lladdr in proptest::option::of(any::<[u8; 6]>()),
        state in proptest::sample::select(vec![
            nud::NONE, nud::INCOMPLETE, nud::REACHABLE, nud::STALE, nud::DELAY,
            nud::PROBE, nud::FAILED, nud::NOARP, nud::PERMANENT,
        ]),
        flags in any::<u8>(),
        protocol in proptest::option::of(any::<u8>()),
        flags_ext in proptest::option::of(any::<u32>()),
    ) {
        let spec = neigh::NeighSpec {
            family: fam_in,
            lladdr: lladdr.as_ref().map(|m| &m[..]),
            state,
            flags,
            protocol,
            flags_ext,
            ..neigh::NeighSpec::new(dst, ifindex)
        };
        let (kind, mflags) = match op {
            0 => (rtm::NEWNEIGH, ADD),
            1 => (rtm::NEWNEIGH, REPLACE),
            _ => (rtm::DELNEIGH, DELETE),
        };
        let bytes = write_twice(|b| match op {
            0 => neigh::add_request(b, 11, &spec),
            1 => neigh::replace_request(b, 11, &spec),
            _ => neigh::delete_request(b, 11, &spec),
        })?;
        let v: NeighMsg<'_> = view(&bytes, kind, mflags)?;
        prop_assert_eq!(v.family(), if fam_in == 0 { fam(&dst) } else { fam_in });
        prop_assert_eq!(v.ifindex(), ifindex);
        prop_assert_eq!(v.state(), state);
        prop_assert_eq!(v.flags(), flags);
        prop_assert_eq!(ok(v.dst())?, Some(dst));
        prop_assert_eq!(v.lladdr(), lladdr.as_ref().map(|m| &m[..]));
        prop_assert_eq!(ok(v.protocol())?, protocol);
        prop_assert_eq!(ok(v.flags_ext())?, flags_ext);
        dissects_clean(v.attrs(), &neigh::NDA)?;
    }

    /// Rule add/delete requests read back through `RuleMsg`.
    #[test]
    fn rule_request_round_trip(r in arb_rule()) {
        let spec = r.spec();
        let bytes = write_twice(|b| if r.add {
            rule::add_request(b, 13, &spec)
        } else {
            rule::delete_request(b, 13, &spec)
        })?;
        let (kind, flags) = if r.add { (rtm::NEWRULE, ADD) } else { (rtm::DELRULE, DELETE) };
        let v: RuleMsg<'_> = view(&bytes, kind, flags)?;

        let want_family = if r.family != 0 {
            r.family
        } else {
            r.src.or(r.dst).map_or(family::UNSPEC, |(a, _)| fam(&a))
        };
        prop_assert_eq!(v.family(), want_family);
        let want_action = match (r.action, r.add, r.goto) {
            (rule::action::UNSPEC, true, Some(_)) => rule::action::GOTO,
            (rule::action::UNSPEC, true, None) => rule::action::TO_TBL,
            (a, _, _) => a,
        };
        prop_assert_eq!(v.action(), want_action);
        prop_assert_eq!(v.src_len(), r.src.map_or(0, |(_, l)| l));
        prop_assert_eq!(v.dst_len(), r.dst.map_or(0, |(_, l)| l));
        prop_assert_eq!(v.tos(), r.tos);
        prop_assert_eq!(v.flags(), r.flags);
        prop_assert_eq!(ok(v.table())?, r.table.unwrap_or(0));
        prop_assert_eq!(
            u32::from(v.header().table),
            r.table.filter(|t| *t <= 255).unwrap_or(0)
        );
        prop_assert_eq!(ok(v.priority())?, r.priority);
        prop_assert_eq!(ok(v.src())?, r.src.map(|(a, _)| a));
        prop_assert_eq!(ok(v.dst())?, r.dst.map(|(a, _)| a));
        prop_assert_eq!(ok(v.iifname())?, r.iifname.as_deref());
        prop_assert_eq!(ok(v.oifname())?, r.oifname.as_deref());
        prop_assert_eq!(ok(v.goto())?, r.goto);
        prop_assert_eq!(ok(v.fwmark())?, r.fwmark);
        prop_assert_eq!(ok(v.fwmask())?, r.fwmask);
        prop_assert_eq!(ok(v.flow())?, r.flow);
        prop_assert_eq!(ok(v.tun_id())?, r.tun_id);
        prop_assert_eq!(ok(v.suppress_ifgroup())?, r.suppress_ifgroup);
        prop_assert_eq!(ok(v.suppress_prefixlen())?, r.suppress_prefixlen);
        prop_assert_eq!(ok(v.l3mdev())?, r.l3mdev.then_some(1));
        prop_assert_eq!(ok(v.protocol())?, r.protocol);
        prop_assert_eq!(ok(v.ip_proto())?, r.ip_proto);
        prop_assert_eq!(ok(v.dscp())?, r.dscp);
        prop_assert_eq!(ok(v.dscp_mask())?, r.dscp_mask);
        prop_assert_eq!(ok(v.flowlabel())?, r.flowlabel.map(|(l, _)| l));
        prop_assert_eq!(ok(v.flowlabel_mask())?, r.flowlabel.map(|(_, m)| m));
        prop_assert_eq!(ok(v.sport_mask())?, r.sport_mask);
        prop_assert_eq!(ok(v.dport_mask())?, r.dport_mask);
        let range = |p: Option<PortRange>| p.map(|p| (p.start.get(), p.end.get()));
        prop_assert_eq!(range(ok(v.sport_range())?), r.sport);
        prop_assert_eq!(range(ok(v.dport_range())?), r.dport);
        let uids = ok(v.uid_range())?.map(|u| (u.start.get(), u.end.get()));
        prop_assert_eq!(uids, r.uid_range);
        dissects_clean(v.attrs(), &rule::FRA)?;
    }

    /// Nexthop object add/replace requests read back through `NexthopMsg`.
    #[test]
    fn nexthop_request_round_trip(n in arb_nexthop()) {
        let spec = n.spec();
        let bytes = write_twice(|b| if n.replace {
            nexthop::replace_request(b, 17, &spec)
        } else {
            nexthop::add_request(b, 17, &spec)
        })?;
        let flags = if n.replace { REPLACE } else { ADD };
        let v: NexthopMsg<'_> = view(&bytes, rtm::NEWNEXTHOP, flags)?;
        let want_family = match (n.family, n.gateway) {
            (family::UNSPEC, Some(g)) => fam(&g),
            (family::UNSPEC, None) if n.group.is_empty() => family::INET,
            (f, _) => f,
        };
        prop_assert_eq!(v.family(), want_family);
        prop_assert_eq!(v.protocol(), n.protocol);
        prop_assert_eq!(v.flags(), n.flags);
        prop_assert_eq!(v.scope(), 0);
        prop_assert_eq!(ok(v.id())?, (n.id != 0).then_some(n.id));
        prop_assert_eq!(ok(v.oif())?, n.oif);
        prop_assert_eq!(ok(v.gateway())?, n.gateway);
        prop_assert_eq!(ok(v.is_blackhole())?, n.blackhole);
        prop_assert_eq!(ok(v.is_fdb())?, n.fdb);
        prop_assert_eq!(ok(v.group_type())?, n.group_type);
        prop_assert_eq!(ok(v.hw_stats_enable())?, n.hw_stats.map(u32::from));
        prop_assert_eq!(ok(v.res_group())?, n.res_group);
        let group: Vec<GroupMember> = ok(v.group())?
            .map(|g| g.iter().collect())
            .unwrap_or_default();
        prop_assert_eq!(group, n.group.clone());
        dissects_clean(v.attrs(), &nexthop::NHA)?;
    }

    /// veth creation requests read back through `LinkMsg`, the peer's name through the
    /// nested `VETH_INFO_PEER`.
    #[test]
    fn link_veth_round_trip(name in arb_name(), peer in arb_name()) {
        let bytes = write_twice(|b| link::create_veth_request(b, 19, &name, &peer))?;
        let v: LinkMsg<'_> = view(&bytes, rtm::NEWLINK, ADD)?;
        prop_assert_eq!(v.index(), 0);
        prop_assert_eq!(ok(v.name())?, Some(name.as_str()));
        let info = ok(v.link_info())?;
        prop_assert!(info.is_some());
        let info = info.unwrap_or_default();
        prop_assert_eq!(info.kind, Some("veth"));
        let data = info.data.map(|d| d.nested());
        prop_assert!(data.is_some(), "no IFLA_INFO_DATA");
        let peer_attr = ok(data.unwrap_or(Attrs::new(&[])).find(link::veth::PEER))?;
        prop_assert!(peer_attr.is_some(), "no VETH_INFO_PEER");
        let payload = peer_attr.map_or(&[][..], |a| a.payload());
        prop_assert!(payload.len() >= 16, "VETH_INFO_PEER shorter than ifinfomsg");
        prop_assert!(payload[..16].iter().all(|b| *b == 0), "peer ifinfomsg not zero");
        let peer_name = ok(Attrs::new(&payload[16..]).find(ifla::IFNAME))?;
        prop_assert_eq!(ok(peer_name.map(|a| a.str()).transpose())?, Some(peer.as_str()));
        dissects_clean(v.attrs(), &link::IFLA)?;
    }

    /// VLAN creation requests (`create_builder` + `create_vlan_data` + `IFLA_LINK`) read
    /// back through `LinkMsg` and `VlanInfo`.
    #[test]
    fn link_vlan_round_trip(name in arb_name(), id in 0u16..4095, parent in 1i32..=i32::MAX) {
        let bytes = write_twice(|b| {
            let mut m = link::create_builder(
                b,
                23,
                &name,
                "vlan",
                Some(|b: &mut nlwire_codec::Builder<'_, _>| link_kinds::create_vlan_data(b, id)),
            )?;
            m.put_i32(ifla::LINK, parent)?;
            Ok(m.finish())
        })?;
        let v: LinkMsg<'_> = view(&bytes, rtm::NEWLINK, ADD)?;
        prop_assert_eq!(ok(v.name())?, Some(name.as_str()));
        prop_assert_eq!(ok(v.link())?, Some(parent));
        let info = ok(v.link_info())?.unwrap_or_default();
        prop_assert_eq!(info.kind, Some("vlan"));
        let vlan = ok(VlanInfo::from_link_info(&info))?;
        prop_assert!(vlan.is_some(), "no vlan IFLA_INFO_DATA");
        let got = vlan.map(|x| x.id());
        prop_assert_eq!(ok(got.transpose())?.flatten(), Some(id));
        dissects_clean(v.attrs(), &link::IFLA)?;
    }

    /// Link change requests (`set_request` plus `IFLA_MTU`/`IFLA_IFNAME`) read back
    /// through `LinkMsg`.
    #[test]
    fn link_set_round_trip(
        index in 1i32..=i32::MAX,
        up in proptest::option::of(any::<bool>()),
        mtu in proptest::option::of(any::<u32>()),
        name in proptest::option::of(arb_name()),
    ) {
        let bytes = write_twice(|b| {
            let mut m = link::set_request(b, 29, index, up)?;
            if let Some(mtu) = mtu {
                m.put_u32(ifla::MTU, mtu)?;
            }
            if let Some(n) = &name {
                m.put_str(ifla::IFNAME, n)?;
            }
            Ok(m.finish())
        })?;
        let v: LinkMsg<'_> = view(&bytes, rtm::NEWLINK, DELETE)?;
        prop_assert_eq!(v.index(), index);
        prop_assert_eq!(v.family(), 0);
        prop_assert_eq!(v.change(), if up.is_some() { link::iff::UP } else { 0 });
        prop_assert_eq!(v.flags(), if up == Some(true) { link::iff::UP } else { 0 });
        prop_assert_eq!(v.is_up(), up == Some(true));
        prop_assert_eq!(ok(v.mtu())?, mtu);
        prop_assert_eq!(ok(v.name())?, name.as_deref());
        dissects_clean(v.attrs(), &link::IFLA)?;
    }
}
