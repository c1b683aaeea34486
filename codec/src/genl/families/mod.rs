//! Generic netlink families: attribute sets, commands, enums and multicast groups
//! generated from the kernel's YNL specs (`tools/ynlgen`), typed views and request
//! writers on top of them, the families the kernel has no spec for (`nl80211` subset,
//! `wireguard`, written as specs for the generator; `taskstats`, by hand), and a
//! dissector that prints any message of a known family with names.
//!
//! A family's id is dynamic: resolve it by name through the controller
//! ([`super::ctrl::get_family_request`]), then write requests with that id. Dissection
//! goes by name too, so a tool that knows the id→name mapping (from a controller dump)
//! can print everything:
//!
//! ```
//! use nlwire_codec::genl::families::{self, netdev};
//! use nlwire_codec::{Messages, SliceBuf};
//!
//! let mut storage = [0u8; 64];
//! let mut buf = SliceBuf::new(&mut storage);
//! // Family id 30 as the controller reported it.
//! families::views::netdev::dev_get_request(&mut buf, 30, 7, Some(1))?;
//! let m = Messages::new(buf.into_written()).next().unwrap()?;
//! let text = families::dissect("netdev", &m).to_string();
//! assert!(text.starts_with("genl netdev dev-get"), "{text}");
//! assert!(text.contains("NETDEV_A_DEV_IFINDEX 1"), "{text}");
//! # let _ = netdev::VERSION;
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use core::fmt;

use crate::attr::{Attr, Attrs};
use crate::consts::Protocol;
use crate::desc::{AttrSet, Dissector};
use crate::dissect::Dissect;
use crate::genl::{GenlMsgHdr, header_with};
use crate::header::{FlagContext, Flags};
use crate::msg::Message;

pub mod devlink;
pub mod dpll;
pub mod ethtool;
pub mod fou;
pub mod handshake;
pub mod mptcp_pm;
pub mod netdev;
pub mod nfsd;
pub mod nl80211;
pub mod ovs_datapath;
pub mod ovs_flow;
pub mod ovs_vport;
pub mod taskstats;
pub mod tcp_metrics;
pub mod team;
pub mod views;
pub mod wireguard;

/// What the dissector needs to know of a family; every family module has one as
/// `FAMILY`.
#[derive(Clone, Copy)]
pub struct Family {
    /// The name the controller knows it by.
    pub name: &'static str,
    /// Interface version for `genlmsghdr.version`.
    pub version: u8,
    /// Bytes of the family's fixed header after `genlmsghdr` (usually 0).
    pub fixed_header_len: usize,
    /// The name of command `c` as sent by the kernel (`true`) or by user space.
    pub cmd_name: fn(u8, bool) -> Option<&'static str>,
    /// The attribute set of command `c` as sent by the kernel (`true`) or by user space.
    pub attr_set: fn(u8, bool) -> Option<&'static AttrSet>,
    /// The multicast group names.
    pub mcast_groups: &'static [&'static str],
}

impl fmt::Debug for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Family")
            .field("name", &self.name)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Every family this crate describes, in name order.
pub static FAMILIES: [&Family; 16] = [
    &devlink::FAMILY,
    &dpll::FAMILY,
    &ethtool::FAMILY,
    &fou::FAMILY,
    &handshake::FAMILY,
    &mptcp_pm::FAMILY,
    &netdev::FAMILY,
    &nfsd::FAMILY,
    &nl80211::FAMILY,
    &ovs_datapath::FAMILY,
    &ovs_flow::FAMILY,
    &ovs_vport::FAMILY,
    &taskstats::FAMILY,
    &tcp_metrics::FAMILY,
    &team::FAMILY,
    &wireguard::FAMILY,
];

/// The family called `name` (as the controller spells it: `"ethtool"`, `"TASKSTATS"`).
pub fn by_name(name: &str) -> Option<&'static Family> {
    FAMILIES.iter().copied().find(|f| f.name == name)
}

/// `Display` for one message of the family called `family_name`: control messages as
/// [`Dissect`] prints them; family messages as `genl NAME CMD version V flags … seq … pid
/// …` and then every attribute with its name, nested sets included. A family this crate
/// does not know, or a command without an attribute set, prints attributes by number.
pub fn dissect<'m, 'a>(family_name: &'m str, msg: &'m Message<'a>) -> Dissection<'m, 'a> {
    Dissection {
        family: by_name(family_name),
        name: family_name,
        msg,
    }
}

/// Made by [`dissect`].
#[derive(Clone, Copy)]
pub struct Dissection<'m, 'a> {
    family: Option<&'static Family>,
    name: &'m str,
    msg: &'m Message<'a>,
}

impl fmt::Display for Dissection<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.msg;
        if m.message_type().is_control() {
            return write!(f, "{}", Dissect::new(Protocol::GENERIC, m));
        }
        let from_kernel = !m.flags().contains(Flags::REQUEST);
        let fixed = self.family.map_or(0, |fam| fam.fixed_header_len);
        let (hdr, attrs) = match header_with(m, fixed) {
            Ok(x) => x,
            Err(e) => {
                return write!(f, "genl {} {m}\n  !! {e}", self.name);
            }
        };
        write!(f, "genl {} ", self.name)?;
        match self
            .family
            .and_then(|fam| (fam.cmd_name)(hdr.cmd, from_kernel))
        {
            Some(n) => f.write_str(n)?,
            None => write!(f, "cmd {}", hdr.cmd)?,
        }
        let ctx = if m.flags().contains(Flags::REQUEST) {
            FlagContext::Get
        } else {
            FlagContext::Unknown
        };
        write!(
            f,
            " version {} flags {} seq {} pid {}",
            hdr.version,
            m.flags().display(ctx),
            m.seq(),
            m.pid()
        )?;
        if fixed > 0 {
            let start = GenlMsgHdr::LEN;
            let bytes = m.payload().get(start..start.saturating_add(fixed));
            f.write_str("\n  fixed header ")?;
            crate::fmt::hex(f, bytes.unwrap_or(&[]), 64)?;
        }
        match self
            .family
            .and_then(|fam| (fam.attr_set)(hdr.cmd, from_kernel))
        {
            Some(set) => Dissector::new(f, 1).attrs(attrs, set),
            None => {
                for a in attrs {
                    match a {
                        Ok(a) => {
                            write!(f, "\n  attr {} ", a.kind())?;
                            crate::fmt::hex(f, a.payload(), 64)?;
                        }
                        Err(e) => write!(f, "\n  !! {e}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Dissection<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dissection")
            .field("family", &self.name)
            .field("msg", self.msg)
            .finish()
    }
}

/// Prints the items of an indexed array of scalars as `[index:value, …]` (the index is
/// the item's attribute type), each read with `get`.
fn fmt_array(
    d: &mut Dissector<'_, '_>,
    a: &Attr<'_>,
    get: fn(&Attr<'_>) -> Option<i128>,
) -> Result<bool, fmt::Error> {
    if a.nested().validate().is_err() {
        return Ok(false);
    }
    let mut ok = true;
    d.write_fmt(format_args!(" ["))?;
    for (i, item) in a.nested().flatten().enumerate() {
        if i > 0 {
            d.write_fmt(format_args!(", "))?;
        }
        match get(&item) {
            Some(v) => d.write_fmt(format_args!("{}:{v}", item.kind()))?,
            None => ok = false,
        }
    }
    d.write_fmt(format_args!("]"))?;
    Ok(ok)
}

macro_rules! array_printers {
    ($($(#[$m:meta])* $name:ident => $get:ident;)*) => {$(
        $(#[$m])*
        pub fn $name(
            d: &mut Dissector<'_, '_>,
            a: &Attr<'_>,
            _: &Attrs<'_>,
        ) -> Result<bool, fmt::Error> {
            fmt_array(d, a, |x| x.$get().ok().map(i128::from))
        }
    )*};
}

array_printers! {
    /// [`crate::desc::CustomFmt`] for an indexed array of `u8`.
    fmt_array_u8 => u8;
    /// [`crate::desc::CustomFmt`] for an indexed array of `u16`.
    fmt_array_u16 => u16;
    /// [`crate::desc::CustomFmt`] for an indexed array of `u32`.
    fmt_array_u32 => u32;
    /// [`crate::desc::CustomFmt`] for an indexed array of `u64`.
    fmt_array_u64 => u64;
    /// [`crate::desc::CustomFmt`] for an indexed array of `s32`.
    fmt_array_s32 => i32;
    /// [`crate::desc::CustomFmt`] for an indexed array of `s64`.
    fmt_array_s64 => i64;
    /// [`crate::desc::CustomFmt`] for an indexed array of `uint`.
    fmt_array_uint => uint;
    /// [`crate::desc::CustomFmt`] for an indexed array of `sint`.
    fmt_array_sint => sint;
}
