//! `IFLA_INFO_DATA` and `IFLA_INFO_SLAVE_DATA` attribute sets per link kind.

use crate::desc::AttrSet;
use crate::rtnl::link::VETH;

/// `IFLA_INFO_DATA` attribute sets by `IFLA_INFO_KIND`.
pub static INFO_DATA_KINDS: &[(&str, &AttrSet)] = &[("veth", &VETH)];

/// `IFLA_INFO_SLAVE_DATA` attribute sets by `IFLA_INFO_SLAVE_KIND`.
pub static INFO_SLAVE_DATA_KINDS: &[(&str, &AttrSet)] = &[];
