//! devlink: device instances (`DEVLINK_CMD_GET`), ports (`DEVLINK_CMD_PORT_GET`),
//! device information and firmware versions (`INFO_GET`), parameters (`PARAM_GET`,
//! `PARAM_SET`), health reporters (`HEALTH_REPORTER_GET`) and the e-switch mode
//! (`ESWITCH_GET`, `ESWITCH_SET`).

use crate::attr::Attr;
use crate::error::{DecodeError, EncodeError};
use crate::genl::families::devlink::{self as fam, attr, cmd, reply_cmd};
use crate::writer::{Buffer, Builder};

use super::{genl_getters, genl_view, missing};

/// Puts `BUS_NAME` and `DEV_NAME` of instance `(bus, device)` when given.
fn put_dev<B: Buffer + ?Sized>(
    b: &mut Builder<'_, B>,
    dev: Option<(&str, &str)>,
) -> Result<(), EncodeError> {
    if let Some((bus, name)) = dev {
        b.put_str(attr::BUS_NAME, bus)?;
        b.put_str(attr::DEV_NAME, name)?;
    }
    Ok(())
}

/// Starts request `c` about instance `dev` (every instance when `None`); a dump when
/// `dump`, else a `do` with `NLM_F_ACK`.
fn start_dev<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    family: u16,
    seq: u32,
    c: u8,
    dev: Option<(&str, &str)>,
    dump: bool,
) -> Result<Builder<'b, B>, EncodeError> {
    let mut b = super::start(buf, family, seq, c, fam::VERSION, dump)?;
    put_dev(&mut b, dev)?;
    Ok(b)
}

/// Writes `DEVLINK_CMD_GET` for the instance `(bus, device)` (`"pci"`, `"0000:01:00.0"`),
/// or a dump of every instance when `None`.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
) -> Result<usize, EncodeError> {
    Ok(request(buf, family, seq, cmd::GET, dev)?.finish())
}

/// Writes a `DEVLINK_CMD_PORT_GET` dump (of one instance when `dev` is given).
pub fn port_dump_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
) -> Result<usize, EncodeError> {
    Ok(start_dev(buf, family, seq, cmd::PORT_GET, dev, true)?.finish())
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

/// Writes a request `c` of [`cmd`] about one instance `(bus, device)` — a `do` with
/// `NLM_F_ACK` — or about every instance (a dump) when `dev` is `None`. Add the
/// command's other attributes to the returned builder.
pub fn request<'b, B: Buffer + ?Sized>(
    buf: &'b mut B,
    family: u16,
    seq: u32,
    c: u8,
    dev: Option<(&str, &str)>,
) -> Result<Builder<'b, B>, EncodeError> {
    start_dev(buf, family, seq, c, dev, dev.is_none())
}

/// Writes `DEVLINK_CMD_INFO_GET` (`devlink dev info`): driver, serial numbers and
/// firmware versions of one instance, or of every instance when `dev` is `None`.
pub fn info_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
) -> Result<usize, EncodeError> {
    Ok(request(buf, family, seq, cmd::INFO_GET, dev)?.finish())
}

/// Writes `DEVLINK_CMD_PARAM_GET` (`devlink dev param show`): one parameter `name` of
/// an instance, or a dump of every parameter (of every instance when `dev` is `None`).
pub fn param_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
    name: Option<&str>,
) -> Result<usize, EncodeError> {
    let dump = dev.is_none() || name.is_none();
    let mut b = start_dev(buf, family, seq, cmd::PARAM_GET, dev, dump)?;
    if let Some(n) = name {
        b.put_str(attr::PARAM_NAME, n)?;
    }
    Ok(b.finish())
}

/// A value for [`param_set_request`], of the parameter's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamValue<'v> {
    /// `DEVLINK_PARAM_TYPE_U8`.
    U8(u8),
    /// `DEVLINK_PARAM_TYPE_U16`.
    U16(u16),
    /// `DEVLINK_PARAM_TYPE_U32`.
    U32(u32),
    /// `DEVLINK_PARAM_TYPE_U64` (Linux 6.14 and later).
    U64(u64),
    /// `DEVLINK_PARAM_TYPE_STRING`.
    Str(&'v str),
    /// `DEVLINK_PARAM_TYPE_BOOL`: the data attribute is a flag, present when true.
    Bool(bool),
}

impl ParamValue<'_> {
    /// The `DEVLINK_ATTR_PARAM_TYPE` number of this value ([`param_type`]).
    pub const fn param_type(&self) -> u8 {
        match self {
            Self::U8(_) => param_type::U8,
            Self::U16(_) => param_type::U16,
            Self::U32(_) => param_type::U32,
            Self::U64(_) => param_type::U64,
            Self::Str(_) => param_type::STRING,
            Self::Bool(_) => param_type::BOOL,
        }
    }

    /// Decodes `PARAM_VALUE_DATA` (`None` when absent: false for a bool) as type `ty`.
    pub fn decode<'a>(ty: u8, data: Option<Attr<'a>>) -> Result<ParamValue<'a>, DecodeError> {
        let Some(a) = data else {
            return if ty == param_type::BOOL {
                Ok(ParamValue::Bool(false))
            } else {
                Err(missing("devlink parameter value data", 0))
            };
        };
        Ok(match ty {
            param_type::U8 => ParamValue::U8(a.u8()?),
            param_type::U16 => ParamValue::U16(a.u16()?),
            param_type::U32 => ParamValue::U32(a.u32()?),
            param_type::U64 => ParamValue::U64(a.u64()?),
            param_type::STRING => ParamValue::Str(a.str()?),
            param_type::BOOL => ParamValue::Bool(true),
            _ => {
                return Err(DecodeError::new(
                    crate::error::DecodeErrorKind::Invalid {
                        what: "devlink parameter type",
                    },
                    a.offset(),
                ));
            }
        })
    }
}

/// `DEVLINK_PARAM_TYPE_*`: the types in `DEVLINK_ATTR_PARAM_TYPE` (netlink attribute
/// type numbers: `NLA_U8`…).
pub mod param_type {
    /// `u8`.
    pub const U8: u8 = 1;
    /// `u16`.
    pub const U16: u8 = 2;
    /// `u32`.
    pub const U32: u8 = 3;
    /// `u64` (Linux 6.14 and later).
    pub const U64: u8 = 4;
    /// A string.
    pub const STRING: u8 = 5;
    /// A boolean: a flag attribute.
    pub const BOOL: u8 = 6;

    /// The name `devlink` prints.
    pub const fn name(t: u8) -> Option<&'static str> {
        Some(match t {
            U8 => "u8",
            U16 => "u16",
            U32 => "u32",
            U64 => "u64",
            STRING => "string",
            BOOL => "bool",
            _ => return None,
        })
    }
}

/// Writes `DEVLINK_CMD_PARAM_SET` (`devlink dev param set DEV name NAME value V cmode
/// C`): `cmode` is a [`fam::param_cmode`] value.
pub fn param_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: (&str, &str),
    name: &str,
    value: ParamValue<'_>,
    cmode: u8,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::PARAM_SET, Some(dev))?;
    b.put_str(attr::PARAM_NAME, name)?;
    b.put_u8(attr::PARAM_TYPE, value.param_type())?;
    match value {
        ParamValue::U8(v) => b.put_u8(attr::PARAM_VALUE_DATA, v)?,
        ParamValue::U16(v) => b.put_u16(attr::PARAM_VALUE_DATA, v)?,
        ParamValue::U32(v) => b.put_u32(attr::PARAM_VALUE_DATA, v)?,
        ParamValue::U64(v) => b.put_u64(attr::PARAM_VALUE_DATA, v)?,
        ParamValue::Str(s) => b.put_str(attr::PARAM_VALUE_DATA, s)?,
        ParamValue::Bool(true) => b.put_flag(attr::PARAM_VALUE_DATA)?,
        ParamValue::Bool(false) => {}
    }
    b.put_u8(attr::PARAM_VALUE_CMODE, cmode)?;
    Ok(b.finish())
}

/// Writes `DEVLINK_CMD_HEALTH_REPORTER_GET` (`devlink health show`): one reporter
/// `name` of an instance, or a dump of every reporter (of every instance when `dev` is
/// `None`).
pub fn health_reporter_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: Option<(&str, &str)>,
    name: Option<&str>,
) -> Result<usize, EncodeError> {
    let dump = dev.is_none() || name.is_none();
    let mut b = start_dev(buf, family, seq, cmd::HEALTH_REPORTER_GET, dev, dump)?;
    if let Some(n) = name {
        b.put_str(attr::HEALTH_REPORTER_NAME, n)?;
    }
    Ok(b.finish())
}

/// What [`eswitch_set_request`] changes (`None`: unchanged).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EswitchConfig {
    /// `ESWITCH_MODE` ([`fam::eswitch_mode`]).
    pub mode: Option<u16>,
    /// `ESWITCH_INLINE_MODE` ([`fam::eswitch_inline_mode`]).
    pub inline_mode: Option<u8>,
    /// `ESWITCH_ENCAP_MODE` ([`fam::eswitch_encap_mode`]).
    pub encap_mode: Option<u8>,
}

/// Writes `DEVLINK_CMD_ESWITCH_SET` (`devlink dev eswitch set DEV mode switchdev`).
pub fn eswitch_set_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    dev: (&str, &str),
    cfg: EswitchConfig,
) -> Result<usize, EncodeError> {
    let mut b = request(buf, family, seq, cmd::ESWITCH_SET, Some(dev))?;
    if let Some(m) = cfg.mode {
        b.put_u16(attr::ESWITCH_MODE, m)?;
    }
    if let Some(m) = cfg.inline_mode {
        b.put_u8(attr::ESWITCH_INLINE_MODE, m)?;
    }
    if let Some(m) = cfg.encap_mode {
        b.put_u8(attr::ESWITCH_ENCAP_MODE, m)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// `devlink dev info` (`DEVLINK_CMD_INFO_GET`'s reply): driver, serial numbers and
    /// the fixed, running and stored versions.
    InfoMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::INFO_GET_REPLY]
);

/// Which list a [`Version`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionKind {
    /// `INFO_VERSION_FIXED`: hardware (board id, ASIC revision).
    Fixed,
    /// `INFO_VERSION_RUNNING`: firmware running now.
    Running,
    /// `INFO_VERSION_STORED`: firmware in flash, used after a reset.
    Stored,
}

/// One version of an [`InfoMsg`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version<'a> {
    /// Fixed, running or stored.
    pub kind: VersionKind,
    /// `INFO_VERSION_NAME` (`"fw.mgmt"`).
    pub name: &'a str,
    /// `INFO_VERSION_VALUE` (`"10.52.12"`).
    pub value: &'a str,
}

impl<'a> InfoMsg<'a> {
    genl_getters! {
        /// `BUS_NAME`.
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
        /// `INFO_DRIVER_NAME`.
        driver_name: attr::INFO_DRIVER_NAME => str -> &str;
        /// `INFO_SERIAL_NUMBER`.
        serial_number: attr::INFO_SERIAL_NUMBER => str -> &str;
        /// `INFO_BOARD_SERIAL_NUMBER`.
        board_serial_number: attr::INFO_BOARD_SERIAL_NUMBER => str -> &str;
    }

    /// Every version in wire order (`INFO_VERSION_FIXED`, `_RUNNING`, `_STORED` nests,
    /// each `{NAME, VALUE}`).
    pub fn versions(&self) -> impl Iterator<Item = Result<Version<'a>, DecodeError>> + 'a {
        self.view().attrs().filter_map(|a| {
            let a = match a {
                Ok(a) => a,
                Err(e) => return Some(Err(e)),
            };
            let kind = match a.kind() {
                attr::INFO_VERSION_FIXED => VersionKind::Fixed,
                attr::INFO_VERSION_RUNNING => VersionKind::Running,
                attr::INFO_VERSION_STORED => VersionKind::Stored,
                _ => return None,
            };
            Some(version(kind, &a))
        })
    }
}

fn version<'a>(kind: VersionKind, a: &Attr<'a>) -> Result<Version<'a>, DecodeError> {
    let (mut name, mut value) = (None, None);
    for x in a.nested() {
        let x = x?;
        match x.kind() {
            attr::INFO_VERSION_NAME => name = Some(x.str()?),
            attr::INFO_VERSION_VALUE => value = Some(x.str()?),
            _ => {}
        }
    }
    match (name, value) {
        (Some(name), Some(value)) => Ok(Version { kind, name, value }),
        _ => Err(missing("devlink version name or value", a.offset())),
    }
}

genl_view!(
    /// One parameter (`DEVLINK_CMD_PARAM_GET`'s reply, `DEVLINK_CMD_PARAM_NEW`).
    ParamMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::PARAM_GET_REPLY]
);

/// The `DEVLINK_ATTR_PARAM` nest of a [`ParamMsg`].
#[derive(Clone, Copy, Debug)]
pub struct Param<'a> {
    /// `PARAM_NAME`.
    pub name: &'a str,
    /// `PARAM_GENERIC`: a generic parameter (documented for every driver).
    pub generic: bool,
    /// `PARAM_TYPE` ([`param_type`]).
    pub ty: u8,
    values: Option<Attr<'a>>,
}

impl<'a> Param<'a> {
    /// The values, one per configuration mode: `(cmode, value)` with `cmode` a
    /// [`fam::param_cmode`] value.
    pub fn values(&self) -> impl Iterator<Item = Result<(u8, ParamValue<'a>), DecodeError>> + 'a {
        let ty = self.ty;
        self.values
            .into_iter()
            .flat_map(|l| l.nested())
            .map(move |v| {
                let v = v?;
                let (mut cmode, mut data) = (None, None);
                for x in v.nested() {
                    let x = x?;
                    match x.kind() {
                        attr::PARAM_VALUE_CMODE => cmode = Some(x.u8()?),
                        attr::PARAM_VALUE_DATA => data = Some(x),
                        _ => {}
                    }
                }
                let cmode = cmode.ok_or_else(|| missing("devlink parameter cmode", v.offset()))?;
                Ok((cmode, ParamValue::decode(ty, data)?))
            })
    }
}

impl<'a> ParamMsg<'a> {
    genl_getters! {
        /// `BUS_NAME`.
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
    }

    /// The `PARAM` nest: name, generic flag, type and values.
    pub fn param(&self) -> Result<Option<Param<'a>>, DecodeError> {
        let Some(p) = self.view().get(attr::PARAM) else {
            return Ok(None);
        };
        let (mut name, mut generic, mut ty, mut values) = (None, false, None, None);
        for x in p.nested() {
            let x = x?;
            match x.kind() {
                attr::PARAM_NAME => name = Some(x.str()?),
                attr::PARAM_GENERIC => generic = true,
                attr::PARAM_TYPE => ty = Some(x.u8()?),
                attr::PARAM_VALUES_LIST => values = Some(x),
                _ => {}
            }
        }
        match (name, ty) {
            (Some(name), Some(ty)) => Ok(Some(Param {
                name,
                generic,
                ty,
                values,
            })),
            _ => Err(missing("devlink parameter name or type", p.offset())),
        }
    }
}

genl_view!(
    /// One health reporter (`DEVLINK_CMD_HEALTH_REPORTER_GET`'s reply).
    HealthReporterMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::HEALTH_REPORTER_GET_REPLY]
);

/// `DEVLINK_HEALTH_REPORTER_STATE_*`.
pub mod health_state {
    /// Healthy.
    pub const HEALTHY: u8 = 0;
    /// In error.
    pub const ERROR: u8 = 1;
}

/// The `DEVLINK_ATTR_HEALTH_REPORTER` nest of a [`HealthReporterMsg`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HealthReporter<'a> {
    /// `HEALTH_REPORTER_NAME` (`"tx"`, `"fw"`).
    pub name: &'a str,
    /// `HEALTH_REPORTER_STATE` ([`health_state`]).
    pub state: Option<u8>,
    /// `HEALTH_REPORTER_ERR_COUNT`.
    pub error_count: Option<u64>,
    /// `HEALTH_REPORTER_RECOVER_COUNT`.
    pub recover_count: Option<u64>,
    /// `HEALTH_REPORTER_GRACEFUL_PERIOD` in milliseconds.
    pub grace_period_ms: Option<u64>,
    /// `HEALTH_REPORTER_AUTO_RECOVER`.
    pub auto_recover: Option<bool>,
    /// `HEALTH_REPORTER_AUTO_DUMP`.
    pub auto_dump: Option<bool>,
    /// `HEALTH_REPORTER_DUMP_TS_NS`: when the last dump was taken.
    pub dump_ts_ns: Option<u64>,
}

impl<'a> HealthReporterMsg<'a> {
    genl_getters! {
        /// `BUS_NAME`.
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
        /// `PORT_INDEX` (for a port's reporter).
        port_index: attr::PORT_INDEX => u32 -> u32;
    }

    /// The `HEALTH_REPORTER` nest.
    pub fn reporter(&self) -> Result<Option<HealthReporter<'a>>, DecodeError> {
        let Some(r) = self.view().get(attr::HEALTH_REPORTER) else {
            return Ok(None);
        };
        let mut h = HealthReporter::default();
        let mut name = None;
        for x in r.nested() {
            let x = x?;
            match x.kind() {
                attr::HEALTH_REPORTER_NAME => name = Some(x.str()?),
                attr::HEALTH_REPORTER_STATE => h.state = Some(x.u8()?),
                attr::HEALTH_REPORTER_ERR_COUNT => h.error_count = Some(x.u64()?),
                attr::HEALTH_REPORTER_RECOVER_COUNT => h.recover_count = Some(x.u64()?),
                attr::HEALTH_REPORTER_GRACEFUL_PERIOD => h.grace_period_ms = Some(x.u64()?),
                attr::HEALTH_REPORTER_AUTO_RECOVER => h.auto_recover = Some(x.u8()? != 0),
                attr::HEALTH_REPORTER_AUTO_DUMP => h.auto_dump = Some(x.u8()? != 0),
                attr::HEALTH_REPORTER_DUMP_TS_NS => h.dump_ts_ns = Some(x.u64()?),
                _ => {}
            }
        }
        h.name = name.ok_or_else(|| missing("devlink health reporter name", r.offset()))?;
        Ok(Some(h))
    }
}

genl_view!(
    /// The e-switch configuration (`DEVLINK_CMD_ESWITCH_GET`'s reply).
    EswitchMsg,
    180,
    fam::FAMILY_NAME,
    [reply_cmd::ESWITCH_GET_REPLY]
);

impl EswitchMsg<'_> {
    genl_getters! {
        /// `BUS_NAME`.
        bus_name: attr::BUS_NAME => str -> &str;
        /// `DEV_NAME`.
        dev_name: attr::DEV_NAME => str -> &str;
        /// `ESWITCH_MODE` ([`fam::eswitch_mode`]).
        mode: attr::ESWITCH_MODE => u16 -> u16;
        /// `ESWITCH_INLINE_MODE` ([`fam::eswitch_inline_mode`]).
        inline_mode: attr::ESWITCH_INLINE_MODE => u8 -> u8;
        /// `ESWITCH_ENCAP_MODE` ([`fam::eswitch_encap_mode`]).
        encap_mode: attr::ESWITCH_ENCAP_MODE => u8 -> u8;
    }
}
