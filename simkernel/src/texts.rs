//! Every extended-ack message text the simulated kernel sends, in one table.
//!
//! The kernel's texts are not ABI: they change between versions (these are Linux 6.18's).
//! Code under test should match on error numbers and offsets, and use the texts only for
//! display. Tests that compare texts should name them through these constants.

/// A policy check failed (string too long, integer too small, …).
pub const POLICY: &str = "Attribute failed policy validation";
/// An attribute of a fixed-size type had the wrong length (strict families).
pub const ATTR_LEN: &str = "invalid attribute length";
/// An integer was outside the policy's range.
pub const INT_RANGE: &str = "integer out of range";
/// An attribute type beyond the policy's maximum (strict families).
pub const UNKNOWN_ATTR: &str = "Unknown attribute type";
/// An attribute type the policy does not allow (strict families).
pub const UNSUPPORTED_ATTR: &str = "Unsupported attribute";
/// A nest without `NLA_F_NESTED` (strict families).
pub const NESTED_MISSING: &str = "NLA_F_NESTED is missing";
/// `NLA_F_NESTED` on an attribute that is not a nest (strict families).
pub const NESTED_NOT_EXPECTED: &str = "NLA_F_NESTED not expected";
/// Trailing bytes after the attributes (a warning on success).
pub const LEFTOVER: &str = "bytes leftover after parsing attributes";
/// The family header is shorter than the family needs.
pub const INVALID_HEADER_LEN: &str = "Invalid header length";

// Neighbours, rules and nexthop objects (probed on Linux 6.18 with raw sockets).
/// `RTM_NEWNEIGH`/`RTM_DELNEIGH` without `NDA_DST`.
pub const NEIGH_NO_DST: &str = "Network address not specified";
/// `NDA_DST` shorter than the family's address.
pub const NEIGH_BAD_DST: &str = "Invalid network address";
/// `NDA_LLADDR` shorter than the device's address.
pub const NEIGH_BAD_LLADDR: &str = "Invalid link address";
/// `RTM_NEWNEIGH` with `ndm_ifindex` 0 (not a proxy entry).
pub const NEIGH_NO_DEVICE: &str = "Device not specified";
/// A valid state requested without a link-layer address known or given.
pub const NEIGH_NO_LLADDR: &str = "No link layer address given";
/// An IPv6 neighbour on a device without IPv6.
pub const NEIGH_V6_DISABLED: &str = "IPv6 is disabled on this device";
/// `RTM_GETNEIGH` for an entry that does not exist.
pub const NEIGH_NOT_FOUND: &str = "Neighbour entry not found";
/// `RTM_GETNEIGH` for a proxy entry that does not exist.
pub const NEIGH_PROXY_NOT_FOUND: &str = "Proxy neighbour entry not found";
/// `RTM_GETNEIGH` with a short header.
pub const NEIGH_GET_HEADER: &str = "Invalid header for neighbor get request";
/// `RTM_GETNEIGH` with non-zero padding, state or type.
pub const NEIGH_GET_VALUES: &str = "Invalid values in header for neighbor get request";
/// `RTM_GETNEIGH` with flags other than `NTF_PROXY`.
pub const NEIGH_GET_FLAGS: &str = "Invalid flags in header for neighbor get request";
/// `RTM_GETNEIGH` without `ndm_ifindex`.
pub const NEIGH_GET_NO_DEVICE: &str = "No device specified";
/// `RTM_GETNEIGH` for a family without a neighbour table.
pub const NEIGH_GET_FAMILY: &str = "Unsupported family in header for neighbor get request";
/// `RTM_GETNEIGH` with an `NDA_DST` of the wrong length.
pub const NEIGH_GET_BAD_DST: &str = "Invalid network address in neighbor get request";
/// `RTM_GETNEIGH` with an attribute other than `NDA_DST`.
pub const NEIGH_GET_ATTR: &str = "Unsupported attribute in neighbor get request";
/// `RTM_GETNEIGH` on an unknown `ndm_ifindex`.
pub const NEIGH_GET_UNKNOWN_DEV: &str = "Unknown device ifindex";
/// Strict neighbour dump with a short header.
pub const NEIGH_DUMP_HEADER: &str = "Invalid header for neighbor dump request";
/// Strict neighbour dump with non-zero header fields.
pub const NEIGH_DUMP_VALUES: &str = "Invalid values in header for neighbor dump request";
/// Strict neighbour dump with flags other than `NTF_PROXY`.
pub const NEIGH_DUMP_FLAGS: &str = "Invalid flags in header for neighbor dump request";
/// Strict neighbour dump with an attribute other than `NDA_IFINDEX`/`NDA_MASTER`.
pub const NEIGH_DUMP_ATTR: &str = "Unsupported attribute in neighbor dump request";
/// A rule request for a family without rules.
pub const RULE_FAMILY: &str = "Rule family not supported";
/// A rule request shorter than `struct fib_rule_hdr`.
pub const RULE_MSG_LEN: &str = "Invalid msg length";
/// A rule request whose attributes fail the policy.
pub const RULE_PARSE: &str = "Error parsing msg";
/// `src_len` without a matching `FRA_SRC`.
pub const RULE_SRC: &str = "Invalid source address";
/// `dst_len` without a matching `FRA_DST`.
pub const RULE_DST: &str = "Invalid dst address";
/// `FRA_GOTO` with an action other than goto.
pub const RULE_UNEXPECTED_GOTO: &str = "Unexpected goto";
/// `FRA_GOTO` to the rule's own or a lower priority.
pub const RULE_BACKWARD_GOTO: &str = "Backward goto not supported";
/// Action goto without `FRA_GOTO`.
pub const RULE_GOTO_MISSING: &str = "Missing goto target for action goto";
/// `FRA_L3MDEV` with a table.
pub const RULE_L3MDEV_TABLE: &str = "l3mdev and table are mutually exclusive";
/// `FRA_L3MDEV` other than 1.
pub const RULE_L3MDEV_VALUE: &str = "Invalid l3mdev attribute";
/// A uid range with start above end.
pub const RULE_UID_RANGE: &str = "Invalid uid range";
/// A bad source port range.
pub const RULE_SPORT_RANGE: &str = "Invalid sport range";
/// A bad destination port range.
pub const RULE_DPORT_RANGE: &str = "Invalid dport range";
/// IPv4 rule with ECN bits in the TOS.
pub const RULE_TOS_ECN: &str = "Invalid dsfield (tos): ECN bits must be 0";
/// Both a header TOS and `FRA_DSCP`.
pub const RULE_TOS_DSCP: &str = "Cannot specify both TOS and DSCP";
/// IPv6 rule to a table without a table.
pub const RULE_INVALID_TABLE: &str = "Invalid table";
/// Strict rule dump with a short header.
pub const RULE_DUMP_HEADER: &str = "Invalid header for fib rule dump request";
/// Strict rule dump with non-zero header fields.
pub const RULE_DUMP_VALUES: &str = "Invalid values in header for fib rule dump request";
/// Strict rule dump with attributes.
pub const RULE_DUMP_ATTR: &str = "Invalid data after header in fib rule dump request";
/// Nexthop header with scope or reserved bits set.
pub const NH_HDR_VALUES: &str = "Invalid values in ancillary header";
/// Nexthop header flags other than `RTNH_F_ONLINK`.
pub const NH_HDR_FLAGS: &str = "Invalid nexthop flags in ancillary header";
/// `nh_family` not `AF_INET`/`AF_INET6` (or `AF_UNSPEC` for a group).
pub const NH_FAMILY: &str = "Invalid address family";
/// `NHA_FDB` with an oif, encap or blackhole.
pub const NH_FDB_WITH: &str = "Fdb attribute can not be used with encap, oif or blackhole";
/// `NHA_FDB` with header flags.
pub const NH_FDB_FLAGS: &str = "Unsupported nexthop flags in ancillary header";
/// A group with a family.
pub const NH_GROUP_FAMILY: &str = "Invalid family for group";
/// `NHA_GROUP_TYPE` out of range.
pub const NH_GROUP_TYPE: &str = "Invalid group type";
/// `NHA_GROUP` empty or not a multiple of 8 bytes.
pub const NH_GROUP_LEN: &str = "Invalid length for nexthop group attribute";
/// `nexthop_grp.resvd2` set.
pub const NH_GROUP_RESVD: &str = "Reserved field in nexthop_grp must be 0";
/// Weight 65,536.
pub const NH_GROUP_WEIGHT: &str = "Invalid value for weight";
/// A member twice in a group.
pub const NH_GROUP_DUP: &str = "Nexthop id can not be used twice in a group";
/// Attributes beside a group's.
pub const NH_GROUP_OTHER: &str = "No other attributes can be set in nexthop groups";
/// A group member that does not exist.
pub const NH_GROUP_MEMBER: &str = "Invalid nexthop id";
/// A hash-threshold group as a member.
pub const NH_GROUP_NESTED_MPATH: &str = "Hash-threshold group can not be a nexthop within a group";
/// A resilient group as a member.
pub const NH_GROUP_NESTED_RES: &str = "Resilient group can not be a nexthop within a group";
/// A blackhole member of a group with more members.
pub const NH_GROUP_BLACKHOLE: &str =
    "Blackhole nexthop can not be used in a group with more than 1 path";
/// An FDB member in a non-FDB group.
pub const NH_GROUP_FDB_MEMBER: &str = "Non FDB nexthop group cannot have fdb nexthops";
/// A non-FDB member in an FDB group.
pub const NH_GROUP_NON_FDB: &str = "FDB nexthop group can only have fdb nexthops";
/// A resilient group without `NHA_RES_GROUP_BUCKETS`.
pub const NH_RES_BUCKETS: &str = "Number of buckets not specified for nexthop group insertion";
/// `NHA_BLACKHOLE` with other attributes.
pub const NH_BLACKHOLE_WITH: &str =
    "Blackhole attribute can not be used with gateway, oif, encap or fdb";
/// No `NHA_OIF` on a nexthop that needs one.
pub const NH_NO_DEVICE: &str = "Device attribute required for non-blackhole and non-fdb nexthops";
/// `NHA_OIF` that does not exist.
pub const NH_BAD_DEVICE: &str = "Invalid device index";
/// `NHA_OIF` down.
pub const NH_DEVICE_DOWN: &str = "Nexthop device is not up";
/// `NHA_OIF` without carrier.
pub const NH_NO_CARRIER: &str = "Carrier for nexthop device is down";
/// A blackhole nexthop while loopback is down.
pub const NH_BLACKHOLE_DOWN: &str = "Device for nexthop is not up";
/// `NHA_GATEWAY` of the wrong length.
pub const NH_GATEWAY_LEN: &str = "Invalid gateway";
/// `RTNH_F_ONLINK` without a gateway.
pub const NH_ONLINK_NO_GW: &str = "ONLINK flag can not be set for nexthop without a gateway";
/// `NLM_F_REPLACE` without `NHA_ID`.
pub const NH_REPLACE_NO_ID: &str = "Replace requires nexthop id";
/// `NLM_F_REPLACE` without `NLM_F_CREATE` of a missing id.
pub const NH_REPLACE_MISSING: &str = "Replace specified without create and no entry exists";
/// Replacing a nexthop with a group.
pub const NH_REPLACE_WITH_GROUP: &str = "Can not replace a nexthop with a nexthop group.";
/// Replacing a group with a nexthop.
pub const NH_REPLACE_GROUP: &str = "Can not replace a nexthop group with a nexthop.";
/// `RTM_GETNEXTHOP`/`RTM_DELNEXTHOP` without `NHA_ID`.
pub const NH_ID_MISSING: &str = "Nexthop id is missing";
/// Nexthop get/delete with non-zero header fields.
pub const NH_GET_VALUES: &str = "Invalid values in header";
/// Strict nexthop dump with non-zero header fields.
pub const NH_DUMP_VALUES: &str = "Invalid values in header for nexthop dump request";
/// A route's `RTA_NH_ID` that does not exist.
pub const NH_ID_UNKNOWN: &str = "Nexthop id does not exist";
/// A route with both `RTA_NH_ID` and a nexthop specification.
pub const NH_ID_EXCLUSIVE: &str = "Nexthop specification and nexthop id are mutually exclusive";

/// `RTM_NEWLINK` with `NLM_F_CREATE` and no or an unknown `IFLA_INFO_KIND`.
pub const UNKNOWN_DEVICE_TYPE: &str = "Unknown device type";
/// MTU above the device's maximum.
pub const MTU_TOO_BIG: &str = "mtu greater than device maximum";
/// MTU below the device's minimum.
pub const MTU_TOO_SMALL: &str = "mtu less than device minimum";
/// Strict link dump with `ifi_index` set.
pub const LINK_DUMP_IFINDEX: &str = "Filter by device index not supported for link dumps";
/// Strict link dump with an attribute other than the supported filters.
pub const LINK_DUMP_ATTR: &str = "Unsupported attribute in link dump request";
/// Strict link dump with a short header.
pub const LINK_DUMP_HEADER: &str = "Invalid header for link dump";
/// Strict link dump with non-zero header fields.
pub const LINK_DUMP_VALUES: &str = "Invalid values in header for link dump request";
/// Strict `RTM_GETLINK` do-request with an unsupported attribute.
pub const LINK_GET_ATTR: &str = "Unsupported attribute in get link request";
/// Strict `RTM_GETLINK` do-request with non-zero header fields.
pub const LINK_GET_VALUES: &str = "Invalid values in header for get link request";
/// Strict `RTM_GETLINK` do-request with a short header.
pub const LINK_GET_HEADER: &str = "Invalid header for get link";
/// A bridge as a port of a bridge (also a bridge as its own master).
pub const BRIDGE_IN_BRIDGE: &str = "Can not enslave a bridge to a bridge";
/// Enslaving an up device to a bond (`EPERM`).
pub const BOND_SLAVE_UP: &str = "Device can not be enslaved while up";
/// A VLAN without `IFLA_INFO_DATA` (from the 8021q source; this machine lacks the module).
pub const VLAN_NO_DATA: &str = "8021q: VLAN properties not specified";
/// A VLAN without `IFLA_VLAN_ID` (from the 8021q source).
pub const VLAN_NO_ID: &str = "8021q: VLAN id not specified";
/// A VLAN without its lower device `IFLA_LINK` (from the 8021q source).
pub const VLAN_NO_LINK: &str = "8021q: link not specified";
/// A VLAN whose `IFLA_LINK` does not exist (from the 8021q source).
pub const VLAN_BAD_LINK: &str = "8021q: link does not exist";

/// Strict FIB dump with a short header.
pub const FIB_DUMP_HEADER: &str = "Invalid header for FIB dump request";
/// Strict FIB dump with non-zero `dst_len`, `src_len`, `tos` or `scope`.
pub const FIB_DUMP_VALUES: &str = "Invalid values in header for FIB dump request";
/// Strict FIB dump with flags other than `RTM_F_CLONED`/`RTM_F_PREFIX`.
pub const FIB_DUMP_FLAGS: &str = "Invalid flags for FIB dump request";
/// Strict dump with an attribute that is not a supported filter.
pub const DUMP_ATTR: &str = "Unsupported attribute in dump request";
/// A FIB dump filtered by a table that does not exist.
pub const FIB_TABLE_MISSING_V4: &str = "ipv4: FIB table does not exist";
/// `RTM_DELROUTE` in a table that does not exist.
pub const FIB_TABLE_MISSING: &str = "FIB table does not exist";
/// Route `dst_len` over 32.
pub const ROUTE_PREFIX_LEN: &str = "Invalid prefix length";
/// Route destination with host bits set.
pub const ROUTE_PREFIX_BITS: &str = "Invalid prefix for given prefix length";
/// Gateway not reachable through a connected route.
pub const NH_BAD_GATEWAY: &str = "Nexthop has invalid gateway";
/// A device-only nexthop (no gateway) on a device that is down (`ENETDOWN`).
pub const NH_DEV_DOWN: &str = "Device for nexthop is not up";
/// `RTM_GETROUTE` strict header check.
pub const ROUTE_GET_VALUES: &str = "ipv4: Invalid values in header for route get request";
/// Invalid route type.
pub const ROUTE_TYPE: &str = "Invalid route type";
/// A scope narrower than the route type allows, or beyond host.
pub const ROUTE_SCOPE: &str = "Invalid scope";
/// `RTA_MULTIPATH` with bytes after the last nexthop.
pub const MULTIPATH_INVALID: &str = "Invalid nexthop configuration - extra data after nexthops";
/// `rtm_tos` with ECN bits.
pub const ROUTE_TOS: &str = "Invalid dsfield (tos): ECN bits must be 0";
/// Blackhole/unreachable/prohibit routes with a nexthop.
pub const ROUTE_ERR_TYPE_NH: &str =
    "Gateway, device and multipath can not be specified for this route type";
/// A host-scope route with several nexthops.
pub const HOST_MULTI_NH: &str = "Route with host scope can not have multiple nexthops";
/// A host-scope route with a gateway.
pub const HOST_GW: &str = "Route with host scope can not have a gateway";
/// `RTA_PREFSRC` that is not a local address.
pub const PREFSRC_INVALID: &str = "Invalid prefsrc address";
/// An onlink nexthop in a route of link scope or narrower.
pub const NH_INVALID_SCOPE: &str = "Nexthop has invalid scope";
/// An onlink nexthop without a device.
pub const NH_ONLINK_NO_DEV: &str = "Nexthop device required for onlink";
/// An onlink nexthop on a device that is down (`ENETDOWN`).
pub const NH_ONLINK_DOWN: &str = "Nexthop device is not up";
/// `RTNH_F_ONLINK` on a nexthop without gateway.
pub const NH_ONLINK_FLAGS: &str = "Invalid flags for nexthop - PERVASIVE and ONLINK can not be set";
/// Strict `RTM_GETROUTE` with a short header.
pub const ROUTE_GET_HEADER: &str = "ipv4: Invalid header for route get request";
/// Strict `RTM_GETROUTE` with an unsupported attribute.
pub const ROUTE_GET_ATTR: &str = "ipv4: Unsupported attribute in route get request";

/// `RTM_NEWADDR` matching an existing address (without `NLM_F_REPLACE`).
pub const ADDR_EXISTS: &str = "ipv4: Address already assigned";
/// IPv4 prefix length over 32.
pub const ADDR_PREFIX_LEN: &str = "ipv4: Invalid prefix length";
/// IPv4 address on a missing device.
pub const ADDR_NO_DEVICE: &str = "ipv4: Device not found";
/// IPv4 `RTM_NEWADDR` without `IFA_LOCAL`.
pub const ADDR_NO_LOCAL: &str = "ipv4: Local address is not supplied";
/// IPv4 `RTM_DELADDR` of an address that does not exist.
pub const ADDR_NOT_FOUND: &str = "ipv4: Address not found";
/// Secondary with another scope than the primary.
pub const ADDR_SCOPE: &str = "ipv4: Invalid scope value";
/// Lifetimes in `IFA_CACHEINFO` that make no sense.
pub const ADDR_LIFETIME: &str = "ipv4: address lifetime invalid";
/// Strict address dump with non-zero header fields.
pub const ADDR_DUMP_VALUES: &str = "ipv4: Invalid values in header for address dump request";
/// Strict address dump with an unsupported attribute.
pub const ADDR_DUMP_ATTR: &str = "ipv4: Unsupported attribute in dump request";
/// Strict address dump with a short header.
pub const ADDR_DUMP_HEADER: &str = "ipv4: Invalid header for address dump request";

/// IPv6 `RTM_NEWADDR` of an address the device already has (without `NLM_F_REPLACE`).
pub const ADDR6_EXISTS: &str = "ipv6: address already assigned";
/// IPv6 prefix length over 128.
pub const ADDR6_PREFIX_LEN: &str = "ipv6: Invalid prefix length";
/// IPv6 address request for a missing device (or ifindex 0).
pub const ADDR6_NO_DEVICE: &str = "ipv6: Unable to find the interface";
/// IPv6 `RTM_DELADDR` of an address the device does not have.
pub const ADDR6_NOT_FOUND: &str = "ipv6: address not found";
/// IPv6 `RTM_DELADDR` on a device without IPv6 state (MTU below 1280), `ENXIO`.
pub const ADDR6_DISABLED: &str = "ipv6: IPv6 is disabled on this device";
/// Strict IPv6 address dump with non-zero header fields.
pub const ADDR6_DUMP_VALUES: &str = "ipv6: Invalid values in header for address dump request";
/// Strict IPv6 address dump with an unsupported attribute.
pub const ADDR6_DUMP_ATTR: &str = "ipv6: Unsupported attribute in dump request";
/// Strict IPv6 address dump with a short header.
pub const ADDR6_DUMP_HEADER: &str = "ipv6: Invalid header for address dump request";
/// Strict IPv6 route dump of a table that does not exist.
pub const FIB6_TABLE_MISSING: &str = "ipv6: FIB table does not exist";
/// IPv6 `NLM_F_REPLACE` without `NLM_F_CREATE` of a route that does not exist.
pub const ROUTE6_REPLACE_MISSING: &str = "Can not replace route - no match found";
/// IPv6 route via a link-local gateway without an output device.
pub const ROUTE6_NO_DEV: &str = "Egress device not specified";

/// IPv6 route whose gateway is one of the host's own addresses.
pub const ROUTE6_GW_LOCAL: &str = "Gateway can not be a local address";
/// IPv6 route with an `RTA_PREFSRC` the host does not have.
pub const ROUTE6_BAD_PREFSRC: &str = "Invalid source address";
/// IPv6 `RTA_MULTIPATH` with a nexthop without a gateway.
pub const ROUTE6_MP_DEV_ONLY: &str =
    "Device only routes can not be added for IPv6 using the multipath API.";
/// IPv6 route through an IPv4 nexthop object (or a group with one).
pub const ROUTE6_V4_NH: &str = "IPv6 routes can not use an IPv4 nexthop";
/// Route through an FDB nexthop object.
pub const ROUTE_FDB_NH: &str = "Route cannot point to a fdb nexthop";
/// Strict IPv6 `RTM_GETROUTE` with a short header.
pub const ROUTE6_GET_HEADER: &str = "ipv6: Invalid header for get route request";
/// Strict IPv6 `RTM_GETROUTE` with non-zero header fields.
pub const ROUTE6_GET_VALUES: &str = "ipv6: Invalid values in header for get route request";
/// Strict IPv6 `RTM_GETROUTE` with an unsupported attribute.
pub const ROUTE6_GET_ATTR: &str = "ipv6: Unsupported attribute in get route request";

/// Every text above with the name of its constant, for listing and checks.
pub const ALL: &[(&str, &str)] = &[
    ("POLICY", POLICY),
    ("NH_GET_VALUES", NH_GET_VALUES),
    ("NH_GATEWAY_LEN", NH_GATEWAY_LEN),
    ("NEIGH_NO_DST", NEIGH_NO_DST),
    ("NEIGH_BAD_DST", NEIGH_BAD_DST),
    ("NEIGH_BAD_LLADDR", NEIGH_BAD_LLADDR),
    ("NEIGH_NO_DEVICE", NEIGH_NO_DEVICE),
    ("NEIGH_NO_LLADDR", NEIGH_NO_LLADDR),
    ("NEIGH_V6_DISABLED", NEIGH_V6_DISABLED),
    ("NEIGH_NOT_FOUND", NEIGH_NOT_FOUND),
    ("NEIGH_PROXY_NOT_FOUND", NEIGH_PROXY_NOT_FOUND),
    ("NEIGH_GET_HEADER", NEIGH_GET_HEADER),
    ("NEIGH_GET_VALUES", NEIGH_GET_VALUES),
    ("NEIGH_GET_FLAGS", NEIGH_GET_FLAGS),
    ("NEIGH_GET_NO_DEVICE", NEIGH_GET_NO_DEVICE),
    ("NEIGH_GET_FAMILY", NEIGH_GET_FAMILY),
    ("NEIGH_GET_BAD_DST", NEIGH_GET_BAD_DST),
    ("NEIGH_GET_ATTR", NEIGH_GET_ATTR),
    ("NEIGH_GET_UNKNOWN_DEV", NEIGH_GET_UNKNOWN_DEV),
    ("NEIGH_DUMP_HEADER", NEIGH_DUMP_HEADER),
    ("NEIGH_DUMP_VALUES", NEIGH_DUMP_VALUES),
    ("NEIGH_DUMP_FLAGS", NEIGH_DUMP_FLAGS),
    ("NEIGH_DUMP_ATTR", NEIGH_DUMP_ATTR),
    ("RULE_FAMILY", RULE_FAMILY),
    ("RULE_MSG_LEN", RULE_MSG_LEN),
    ("RULE_PARSE", RULE_PARSE),
    ("RULE_SRC", RULE_SRC),
    ("RULE_DST", RULE_DST),
    ("RULE_UNEXPECTED_GOTO", RULE_UNEXPECTED_GOTO),
    ("RULE_BACKWARD_GOTO", RULE_BACKWARD_GOTO),
    ("RULE_GOTO_MISSING", RULE_GOTO_MISSING),
    ("RULE_L3MDEV_TABLE", RULE_L3MDEV_TABLE),
    ("RULE_L3MDEV_VALUE", RULE_L3MDEV_VALUE),
    ("RULE_UID_RANGE", RULE_UID_RANGE),
    ("RULE_SPORT_RANGE", RULE_SPORT_RANGE),
    ("RULE_DPORT_RANGE", RULE_DPORT_RANGE),
    ("RULE_TOS_ECN", RULE_TOS_ECN),
    ("RULE_TOS_DSCP", RULE_TOS_DSCP),
    ("RULE_INVALID_TABLE", RULE_INVALID_TABLE),
    ("RULE_DUMP_HEADER", RULE_DUMP_HEADER),
    ("RULE_DUMP_VALUES", RULE_DUMP_VALUES),
    ("RULE_DUMP_ATTR", RULE_DUMP_ATTR),
    ("NH_HDR_VALUES", NH_HDR_VALUES),
    ("NH_HDR_FLAGS", NH_HDR_FLAGS),
    ("NH_FAMILY", NH_FAMILY),
    ("NH_FDB_WITH", NH_FDB_WITH),
    ("NH_FDB_FLAGS", NH_FDB_FLAGS),
    ("NH_GROUP_FAMILY", NH_GROUP_FAMILY),
    ("NH_GROUP_TYPE", NH_GROUP_TYPE),
    ("NH_GROUP_LEN", NH_GROUP_LEN),
    ("NH_GROUP_RESVD", NH_GROUP_RESVD),
    ("NH_GROUP_WEIGHT", NH_GROUP_WEIGHT),
    ("NH_GROUP_DUP", NH_GROUP_DUP),
    ("NH_GROUP_OTHER", NH_GROUP_OTHER),
    ("NH_GROUP_MEMBER", NH_GROUP_MEMBER),
    ("NH_GROUP_NESTED_MPATH", NH_GROUP_NESTED_MPATH),
    ("NH_GROUP_NESTED_RES", NH_GROUP_NESTED_RES),
    ("NH_GROUP_BLACKHOLE", NH_GROUP_BLACKHOLE),
    ("NH_GROUP_FDB_MEMBER", NH_GROUP_FDB_MEMBER),
    ("NH_GROUP_NON_FDB", NH_GROUP_NON_FDB),
    ("NH_RES_BUCKETS", NH_RES_BUCKETS),
    ("NH_BLACKHOLE_WITH", NH_BLACKHOLE_WITH),
    ("NH_NO_DEVICE", NH_NO_DEVICE),
    ("NH_BAD_DEVICE", NH_BAD_DEVICE),
    ("NH_DEVICE_DOWN", NH_DEVICE_DOWN),
    ("NH_NO_CARRIER", NH_NO_CARRIER),
    ("NH_BLACKHOLE_DOWN", NH_BLACKHOLE_DOWN),
    ("NH_ONLINK_NO_GW", NH_ONLINK_NO_GW),
    ("NH_REPLACE_NO_ID", NH_REPLACE_NO_ID),
    ("NH_REPLACE_MISSING", NH_REPLACE_MISSING),
    ("NH_REPLACE_WITH_GROUP", NH_REPLACE_WITH_GROUP),
    ("NH_REPLACE_GROUP", NH_REPLACE_GROUP),
    ("NH_ID_MISSING", NH_ID_MISSING),
    ("NH_DUMP_VALUES", NH_DUMP_VALUES),
    ("NH_ID_UNKNOWN", NH_ID_UNKNOWN),
    ("NH_ID_EXCLUSIVE", NH_ID_EXCLUSIVE),
    ("ATTR_LEN", ATTR_LEN),
    ("INT_RANGE", INT_RANGE),
    ("UNKNOWN_ATTR", UNKNOWN_ATTR),
    ("UNSUPPORTED_ATTR", UNSUPPORTED_ATTR),
    ("NESTED_MISSING", NESTED_MISSING),
    ("NESTED_NOT_EXPECTED", NESTED_NOT_EXPECTED),
    ("LEFTOVER", LEFTOVER),
    ("INVALID_HEADER_LEN", INVALID_HEADER_LEN),
    ("UNKNOWN_DEVICE_TYPE", UNKNOWN_DEVICE_TYPE),
    ("MTU_TOO_BIG", MTU_TOO_BIG),
    ("MTU_TOO_SMALL", MTU_TOO_SMALL),
    ("LINK_DUMP_IFINDEX", LINK_DUMP_IFINDEX),
    ("LINK_DUMP_ATTR", LINK_DUMP_ATTR),
    ("LINK_DUMP_HEADER", LINK_DUMP_HEADER),
    ("LINK_DUMP_VALUES", LINK_DUMP_VALUES),
    ("LINK_GET_ATTR", LINK_GET_ATTR),
    ("LINK_GET_VALUES", LINK_GET_VALUES),
    ("LINK_GET_HEADER", LINK_GET_HEADER),
    ("BRIDGE_IN_BRIDGE", BRIDGE_IN_BRIDGE),
    ("BOND_SLAVE_UP", BOND_SLAVE_UP),
    ("VLAN_NO_DATA", VLAN_NO_DATA),
    ("VLAN_NO_ID", VLAN_NO_ID),
    ("VLAN_NO_LINK", VLAN_NO_LINK),
    ("VLAN_BAD_LINK", VLAN_BAD_LINK),
    ("FIB_DUMP_HEADER", FIB_DUMP_HEADER),
    ("FIB_DUMP_VALUES", FIB_DUMP_VALUES),
    ("FIB_DUMP_FLAGS", FIB_DUMP_FLAGS),
    ("DUMP_ATTR", DUMP_ATTR),
    ("FIB_TABLE_MISSING_V4", FIB_TABLE_MISSING_V4),
    ("FIB_TABLE_MISSING", FIB_TABLE_MISSING),
    ("ROUTE_PREFIX_LEN", ROUTE_PREFIX_LEN),
    ("ROUTE_PREFIX_BITS", ROUTE_PREFIX_BITS),
    ("NH_BAD_GATEWAY", NH_BAD_GATEWAY),
    ("NH_DEV_DOWN", NH_DEV_DOWN),
    ("ROUTE_GET_VALUES", ROUTE_GET_VALUES),
    ("ROUTE_TYPE", ROUTE_TYPE),
    ("ROUTE_SCOPE", ROUTE_SCOPE),
    ("MULTIPATH_INVALID", MULTIPATH_INVALID),
    ("ROUTE_TOS", ROUTE_TOS),
    ("ROUTE_ERR_TYPE_NH", ROUTE_ERR_TYPE_NH),
    ("HOST_MULTI_NH", HOST_MULTI_NH),
    ("HOST_GW", HOST_GW),
    ("PREFSRC_INVALID", PREFSRC_INVALID),
    ("NH_INVALID_SCOPE", NH_INVALID_SCOPE),
    ("NH_ONLINK_NO_DEV", NH_ONLINK_NO_DEV),
    ("NH_ONLINK_DOWN", NH_ONLINK_DOWN),
    ("NH_ONLINK_FLAGS", NH_ONLINK_FLAGS),
    ("ROUTE_GET_HEADER", ROUTE_GET_HEADER),
    ("ROUTE_GET_ATTR", ROUTE_GET_ATTR),
    ("ADDR_EXISTS", ADDR_EXISTS),
    ("ADDR_PREFIX_LEN", ADDR_PREFIX_LEN),
    ("ADDR_NO_DEVICE", ADDR_NO_DEVICE),
    ("ADDR_NO_LOCAL", ADDR_NO_LOCAL),
    ("ADDR_NOT_FOUND", ADDR_NOT_FOUND),
    ("ADDR_SCOPE", ADDR_SCOPE),
    ("ADDR_LIFETIME", ADDR_LIFETIME),
    ("ADDR_DUMP_VALUES", ADDR_DUMP_VALUES),
    ("ADDR_DUMP_ATTR", ADDR_DUMP_ATTR),
    ("ADDR_DUMP_HEADER", ADDR_DUMP_HEADER),
    ("ADDR6_EXISTS", ADDR6_EXISTS),
    ("ADDR6_PREFIX_LEN", ADDR6_PREFIX_LEN),
    ("ADDR6_NO_DEVICE", ADDR6_NO_DEVICE),
    ("ADDR6_NOT_FOUND", ADDR6_NOT_FOUND),
    ("ADDR6_DISABLED", ADDR6_DISABLED),
    ("ADDR6_DUMP_VALUES", ADDR6_DUMP_VALUES),
    ("ADDR6_DUMP_ATTR", ADDR6_DUMP_ATTR),
    ("ADDR6_DUMP_HEADER", ADDR6_DUMP_HEADER),
    ("FIB6_TABLE_MISSING", FIB6_TABLE_MISSING),
    ("ROUTE6_REPLACE_MISSING", ROUTE6_REPLACE_MISSING),
    ("ROUTE6_NO_DEV", ROUTE6_NO_DEV),
    ("ROUTE6_GW_LOCAL", ROUTE6_GW_LOCAL),
    ("ROUTE6_BAD_PREFSRC", ROUTE6_BAD_PREFSRC),
    ("ROUTE6_V4_NH", ROUTE6_V4_NH),
    ("ROUTE_FDB_NH", ROUTE_FDB_NH),
    ("ROUTE6_MP_DEV_ONLY", ROUTE6_MP_DEV_ONLY),
    ("ROUTE6_GET_HEADER", ROUTE6_GET_HEADER),
    ("ROUTE6_GET_VALUES", ROUTE6_GET_VALUES),
    ("ROUTE6_GET_ATTR", ROUTE6_GET_ATTR),
];
