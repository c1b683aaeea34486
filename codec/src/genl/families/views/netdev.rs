//! netdev: device XDP and AF_XDP capabilities (`NETDEV_CMD_DEV_GET`).

use crate::error::{DecodeError, EncodeError};
use crate::genl::families::netdev::{self as fam, cmd, dev};
use crate::writer::Buffer;

use super::{genl_getters, genl_view};

/// Writes `NETDEV_CMD_DEV_GET` for device `ifindex`, or a dump of every device when
/// `None`.
pub fn dev_get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    ifindex: Option<u32>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(
        buf,
        family,
        seq,
        cmd::DEV_GET,
        fam::VERSION,
        ifindex.is_none(),
    )?;
    if let Some(i) = ifindex {
        b.put_u32(dev::IFINDEX, i)?;
    }
    Ok(b.finish())
}

genl_view!(
    /// A device (`NETDEV_CMD_DEV_GET` reply, or an add/del/change notification).
    DevMsg,
    8,
    fam::FAMILY_NAME,
    [
        cmd::DEV_GET,
        cmd::DEV_ADD_NTF,
        cmd::DEV_DEL_NTF,
        cmd::DEV_CHANGE_NTF
    ]
);

impl DevMsg<'_> {
    genl_getters! {
        /// `IFINDEX`.
        ifindex: dev::IFINDEX => u32 -> u32;
        /// `XDP_FEATURES` ([`fam::xdp_act`] bits).
        xdp_features: dev::XDP_FEATURES => u64 -> u64;
        /// `XDP_ZC_MAX_SEGS`.
        xdp_zc_max_segs: dev::XDP_ZC_MAX_SEGS => u32 -> u32;
        /// `XDP_RX_METADATA_FEATURES` ([`fam::xdp_rx_metadata`] bits).
        xdp_rx_metadata_features: dev::XDP_RX_METADATA_FEATURES => u64 -> u64;
        /// `XSK_FEATURES` ([`fam::xsk_flags`] bits).
        xsk_features: dev::XSK_FEATURES => u64 -> u64;
    }
}
