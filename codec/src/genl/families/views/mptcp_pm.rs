//! mptcp_pm: the in-kernel MPTCP path manager (`ip mptcp endpoint` / `ip mptcp limits`).

use core::net::{IpAddr, Ipv6Addr};

use crate::attr::Attrs;
use crate::error::{DecodeError, EncodeError};
use crate::genl::families::mptcp_pm::{self as fam, address, attr, cmd};
use crate::writer::{Buffer, Builder};

use super::{genl_getters, genl_view};

/// `MPTCP_PM_ADDR_FLAG_*`: endpoint flags.
pub mod addr_flag {
    /// Announce the address to peers.
    pub const SIGNAL: u32 = 1 << 0;
    /// Create subflows from it.
    pub const SUBFLOW: u32 = 1 << 1;
    /// Use as a backup path.
    pub const BACKUP: u32 = 1 << 2;
    /// Create subflows to every announced peer address.
    pub const FULLMESH: u32 = 1 << 3;
    /// Created by the kernel.
    pub const IMPLICIT: u32 = 1 << 4;
}

/// An MPTCP endpoint (`MPTCP_PM_ADDR_ATTR_*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// `ID`.
    pub id: Option<u8>,
    /// `ADDR4` or `ADDR6` (the family follows).
    pub addr: Option<IpAddr>,
    /// `PORT`.
    pub port: Option<u16>,
    /// `FLAGS` ([`addr_flag`]).
    pub flags: Option<u32>,
    /// `IF_IDX`.
    pub ifindex: Option<i32>,
}

impl Address {
    /// Decodes an address nest's contents.
    pub fn parse(attrs: Attrs<'_>) -> Result<Self, DecodeError> {
        let mut out = Self::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                address::ID => out.id = Some(a.u8()?),
                address::ADDR4 => out.addr = Some(IpAddr::V4(a.ipv4()?)),
                address::ADDR6 => out.addr = Some(IpAddr::V6(a.ipv6()?)),
                address::PORT => out.port = Some(a.u16()?),
                address::FLAGS => out.flags = Some(a.u32()?),
                address::IF_IDX => out.ifindex = Some(a.i32()?),
                _ => {}
            }
        }
        Ok(out)
    }

    /// Writes the address as the nest `kind`.
    pub fn put<B: Buffer + ?Sized>(
        &self,
        b: &mut Builder<'_, B>,
        kind: u16,
    ) -> Result<(), EncodeError> {
        b.nest(kind, |b| {
            match self.addr {
                Some(IpAddr::V4(a)) => {
                    b.put_u16(address::FAMILY, 2)?;
                    b.put_ipv4(address::ADDR4, a)?;
                }
                Some(IpAddr::V6(a)) => {
                    b.put_u16(address::FAMILY, 10)?;
                    b.put(address::ADDR6, &Ipv6Addr::octets(&a))?;
                }
                None => {}
            }
            if let Some(id) = self.id {
                b.put_u8(address::ID, id)?;
            }
            if let Some(p) = self.port {
                b.put_u16(address::PORT, p)?;
            }
            if let Some(f) = self.flags {
                b.put_u32(address::FLAGS, f)?;
            }
            if let Some(i) = self.ifindex {
                b.put_i32(address::IF_IDX, i)?;
            }
            Ok(())
        })
    }
}

/// Writes a `MPTCP_PM_CMD_GET_ADDR` dump of every endpoint.
pub fn dump_addrs_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
) -> Result<usize, EncodeError> {
    Ok(super::start(buf, family, seq, cmd::GET_ADDR, fam::VERSION, true)?.finish())
}

/// Writes `MPTCP_PM_CMD_ADD_ADDR` for endpoint `addr`.
pub fn add_addr_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    addr: &Address,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::ADD_ADDR, fam::VERSION, false)?;
    addr.put(&mut b, attr::ADDR)?;
    Ok(b.finish())
}

/// Writes `MPTCP_PM_CMD_DEL_ADDR` for endpoint id `id`.
pub fn del_addr_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    id: u8,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::DEL_ADDR, fam::VERSION, false)?;
    let a = Address {
        id: Some(id),
        ..Address::default()
    };
    a.put(&mut b, attr::ADDR)?;
    Ok(b.finish())
}

/// Writes `MPTCP_PM_CMD_GET_LIMITS`.
pub fn get_limits_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
) -> Result<usize, EncodeError> {
    Ok(super::start(buf, family, seq, cmd::GET_LIMITS, fam::VERSION, false)?.finish())
}

/// Writes `MPTCP_PM_CMD_SET_LIMITS`.
pub fn set_limits_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    rcv_add_addrs: Option<u32>,
    subflows: Option<u32>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::SET_LIMITS, fam::VERSION, false)?;
    if let Some(v) = rcv_add_addrs {
        b.put_u32(attr::RCV_ADD_ADDRS, v)?;
    }
    if let Some(v) = subflows {
        b.put_u32(attr::SUBFLOWS, v)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// An endpoint (`MPTCP_PM_CMD_GET_ADDR` reply).
    AddrMsg,
    8,
    fam::FAMILY_NAME,
    [cmd::GET_ADDR, cmd::ADD_ADDR]
);

impl AddrMsg<'_> {
    /// `MPTCP_PM_ATTR_ADDR`.
    pub fn addr(&self) -> Result<Option<Address>, DecodeError> {
        self.view()
            .get(attr::ADDR)
            .map(|a| Address::parse(a.nested()))
            .transpose()
    }
}

genl_view!(
    /// The limits (`MPTCP_PM_CMD_GET_LIMITS` reply).
    LimitsMsg,
    8,
    fam::FAMILY_NAME,
    [cmd::GET_LIMITS, cmd::SET_LIMITS]
);

impl LimitsMsg<'_> {
    genl_getters! {
        /// `RCV_ADD_ADDRS`: how many announced addresses to accept.
        rcv_add_addrs: attr::RCV_ADD_ADDRS => u32 -> u32;
        /// `SUBFLOWS`: most subflows per connection.
        subflows: attr::SUBFLOWS => u32 -> u32;
    }
}
