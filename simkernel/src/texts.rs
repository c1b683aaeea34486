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
/// Strict IPv6 `RTM_GETROUTE` with a short header.
pub const ROUTE6_GET_HEADER: &str = "ipv6: Invalid header for get route request";
/// Strict IPv6 `RTM_GETROUTE` with non-zero header fields.
pub const ROUTE6_GET_VALUES: &str = "ipv6: Invalid values in header for get route request";
/// Strict IPv6 `RTM_GETROUTE` with an unsupported attribute.
pub const ROUTE6_GET_ATTR: &str = "ipv6: Unsupported attribute in get route request";

/// Every text above with the name of its constant, for listing and checks.
pub const ALL: &[(&str, &str)] = &[
    ("POLICY", POLICY),
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
    ("ADDR6_DUMP_VALUES", ADDR6_DUMP_VALUES),
    ("ADDR6_DUMP_ATTR", ADDR6_DUMP_ATTR),
    ("ADDR6_DUMP_HEADER", ADDR6_DUMP_HEADER),
    ("FIB6_TABLE_MISSING", FIB6_TABLE_MISSING),
    ("ROUTE6_REPLACE_MISSING", ROUTE6_REPLACE_MISSING),
    ("ROUTE6_NO_DEV", ROUTE6_NO_DEV),
    ("ROUTE6_GW_LOCAL", ROUTE6_GW_LOCAL),
    ("ROUTE6_BAD_PREFSRC", ROUTE6_BAD_PREFSRC),
    ("ROUTE6_MP_DEV_ONLY", ROUTE6_MP_DEV_ONLY),
    ("ROUTE6_GET_HEADER", ROUTE6_GET_HEADER),
    ("ROUTE6_GET_VALUES", ROUTE6_GET_VALUES),
    ("ROUTE6_GET_ATTR", ROUTE6_GET_ATTR),
];
