//! Lists the wireless interfaces (`iw dev`): resolves the `nl80211` generic netlink family
//! and dumps `NL80211_CMD_GET_INTERFACE`, printing each interface's index, name, type and
//! wiphy:
//!
//! ```text
//! $ cargo run -p nlwire-sys --example wifi_interfaces
//! ifindex 3 wlan0 type station wiphy 0
//! ```
//!
//! On a machine without a wireless driver the kernel has no `nl80211` family; then it
//! prints `nl80211 is not available on this machine (no wireless driver loaded)` and exits
//! with 0. It only reads, in the namespace it runs in.
//!
//! The work is [`GenlClient::family`] and [`GenlClient::dump`] in `interfaces`, generic
//! over the transport (tested against nlwire-simkernel's simulated cfg80211); the
//! attributes are read with the codec's generic attribute getters.

use std::process::ExitCode;

use nlwire_codec::genl;
use nlwire_sys::{Error, GenlClient, Transport, genl::is_absent};

/// `NL80211_CMD_GET_INTERFACE`.
const CMD_GET_INTERFACE: u8 = 5;
/// `NL80211_ATTR_WIPHY`.
const ATTR_WIPHY: u16 = 1;
/// `NL80211_ATTR_IFINDEX`.
const ATTR_IFINDEX: u16 = 3;
/// `NL80211_ATTR_IFNAME`.
const ATTR_IFNAME: u16 = 4;
/// `NL80211_ATTR_IFTYPE`.
const ATTR_IFTYPE: u16 = 5;

/// `enum nl80211_iftype` names.
fn iftype_name(t: u32) -> &'static str {
    match t {
        1 => "adhoc",
        2 => "station",
        3 => "ap",
        4 => "ap-vlan",
        5 => "wds",
        6 => "monitor",
        7 => "mesh-point",
        8 => "p2p-client",
        9 => "p2p-go",
        10 => "p2p-device",
        11 => "ocb",
        12 => "nan",
        _ => "unknown",
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wifi_interfaces: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Error> {
    let mut client = GenlClient::open()?;
    match interfaces(&mut client)? {
        None => println!("nl80211 is not available on this machine (no wireless driver loaded)"),
        Some(lines) if lines.is_empty() => println!("no wireless interfaces"),
        Some(lines) => {
            for l in lines {
                println!("{l}");
            }
        }
    }
    Ok(())
}

/// One line per wireless interface (`ifindex 3 wlan0 type station wiphy 0`), or `None`
/// when the kernel has no `nl80211` family. Generic over the transport, so the same code
/// runs against nlwire-simkernel's simulated cfg80211 (see `simkernel/tests/families.rs`).
pub(crate) fn interfaces<T>(client: &mut GenlClient<T>) -> Result<Option<Vec<String>>, Error>
where
    T: Transport,
    T::Error: Into<Error>,
{
    let family = match client.family("nl80211") {
        Ok(f) => f,
        Err(e) if is_absent(&e) => return Ok(None),
        Err(e) => return Err(e),
    };
    let hdrsize = usize::try_from(family.hdrsize).unwrap_or(0);
    let mut lines = Vec::new();
    client.dump(
        "nl80211",
        CMD_GET_INTERFACE,
        |_| Ok(()),
        |msg| {
            let (_, attrs) = genl::header_with(&msg, hdrsize)?;
            let (mut ifindex, mut name, mut iftype, mut wiphy) = (None, None, None, None);
            for a in attrs {
                let a = a?;
                match a.kind() {
                    ATTR_IFINDEX => ifindex = Some(a.u32()?),
                    ATTR_IFNAME => name = Some(a.str()?.to_owned()),
                    ATTR_IFTYPE => iftype = Some(a.u32()?),
                    ATTR_WIPHY => wiphy = Some(a.u32()?),
                    _ => {}
                }
            }
            lines.push(format!(
                "ifindex {} {} type {} wiphy {}",
                ifindex.map_or("?".into(), |i| i.to_string()),
                name.as_deref().unwrap_or("?"),
                iftype.map_or("?", iftype_name),
                wiphy.map_or("?".into(), |w| w.to_string()),
            ));
            Ok(())
        },
    )?;
    Ok(Some(lines))
}
