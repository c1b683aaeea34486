//! devlink: device instances (`DEVLINK_CMD_GET`) and ports (`DEVLINK_CMD_PORT_GET`).

use crate::error::{DecodeError, EncodeError};
use crate::genl::families::devlink::{self as fam, attr, cmd, reply_cmd};
use crate::writer::Buffer;

use super::{genl_getters, genl_view};

/// Writes `DEVLINK_CMD_GET` for the instance `(bus, device)` (`"pci"`, `"0000:01:00.0"`),
/// or a dump of every instance when `None`.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::GET, fam::VERSION, dev.is_none())?;
    if let Some((bus, name)) = dev {
        b.put_str(attr::BUS_NAME, bus)?;
        b.put_str(attr::DEV_NAME, name)?;
    }
    Ok(b.finish())
}

/// Writes a `DEVLINK_CMD_PORT_GET` dump (of one instance when `dev` is given).
pub fn port_dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::PORT_GET, fam::VERSION, true)?;
    if let Some((bus, name)) = dev {
        b.put_str(attr::BUS_NAME, bus)?;
        b.put_str(attr::DEV_NAME, name)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// A devlink instance (`DEVLINK_CMD_NEW`: the reply to `GET`, or a notification).
    DevMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::GET_REPLY]
);

impl DevMsg<'_> {
    genl_getters! {
        /// `BUS_NAME` (`"pci"`, `"netdevsim"`).
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
        /// `RELOAD_FAILED`.
        reload_failed: attr::RELOAD_FAILED => u8 -> u8;
    }
}

genl_view!(
    /// A devlink port (`DEVLINK_CMD_PORT_NEW`: the reply to `PORT_GET`).
    PortMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::PORT_GET_REPLY]
);

impl PortMsg<'_> {
    genl_getters! {
        /// `BUS_NAME`.
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
        /// `PORT_INDEX`.
        port_index: attr::PORT_INDEX => u32 -> u32;
        /// `PORT_TYPE`.
        port_type: attr::PORT_TYPE => u16 -> u16;
        /// `PORT_NETDEV_IFINDEX`.
        netdev_ifindex: attr::PORT_NETDEV_IFINDEX => u32 -> u32;
        /// `PORT_NETDEV_NAME`.
        netdev_name: attr::PORT_NETDEV_NAME => str -> &str;
        /// `PORT_FLAVOUR`.
        flavour: attr::PORT_FLAVOUR => u16 -> u16;
    }
}
