//! tcp_metrics: the kernel's per-destination TCP metrics cache (`ip tcp_metrics`).

use core::net::IpAddr;

use crate::attr::Attr;
use crate::error::{DecodeError, EncodeError};
use crate::genl::families::tcp_metrics::{self as fam, cmd, metrics, tcp_metrics as tm};
use crate::writer::Buffer;

use super::{genl_getters, genl_view};

/// Writes `TCP_METRICS_CMD_GET` for destination `addr`, or a dump of the whole cache
/// when `None`.
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    addr: Option<IpAddr>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::GET, fam::VERSION, addr.is_none())?;
    match addr {
        Some(IpAddr::V4(a)) => b.put_ipv4(tm::ADDR_IPV4, a)?,
        Some(IpAddr::V6(a)) => b.put_ipv6(tm::ADDR_IPV6, a)?,
        None => {}
    }
    Ok(b.finish())
}

/// Writes `TCP_METRICS_CMD_DEL` for destination `addr`, or for every entry when `None`.
pub fn del_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    addr: Option<IpAddr>,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::DEL, fam::VERSION, false)?;
    match addr {
        Some(IpAddr::V4(a)) => b.put_ipv4(tm::ADDR_IPV4, a)?,
        Some(IpAddr::V6(a)) => b.put_ipv6(tm::ADDR_IPV6, a)?,
        None => {}
    }
    Ok(b.finish())
}

/// The cached metrics of one entry (`TCP_METRICS_ATTR_VALS`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// `RTT` in ms.
    pub rtt: Option<u32>,
    /// `RTTVAR` in ms.
    pub rttvar: Option<u32>,
    /// `SSTHRESH`.
    pub ssthresh: Option<u32>,
    /// `CWND`.
    pub cwnd: Option<u32>,
    /// `REORDERING`.
    pub reordering: Option<u32>,
    /// `RTT_US` in µs.
    pub rtt_us: Option<u32>,
    /// `RTTVAR_US` in µs.
    pub rttvar_us: Option<u32>,
}

genl_view!(
    /// One cache entry (`TCP_METRICS_CMD_GET` reply).
    MetricsMsg,
    16,
    fam::FAMILY_NAME,
    [cmd::GET]
);

fn ip(a: Option<Attr<'_>>) -> Result<Option<IpAddr>, DecodeError> {
    a.map(|a| a.ip()).transpose()
}

impl MetricsMsg<'_> {
    genl_getters! {
        /// `AGE` in ms since the entry was updated.
        age: tm::AGE => u64 -> u64;
        /// `TW_TSVAL`.
        tw_tsval: tm::TW_TSVAL => u32 -> u32;
        /// `TW_TS_STAMP`.
        tw_ts_stamp: tm::TW_TS_STAMP => i32 -> i32;
        /// `FOPEN_MSS`.
        fopen_mss: tm::FOPEN_MSS => u16 -> u16;
        /// `FOPEN_SYN_DROPS`.
        fopen_syn_drops: tm::FOPEN_SYN_DROPS => u16 -> u16;
        /// `FOPEN_SYN_DROP_TS`.
        fopen_syn_drop_ts: tm::FOPEN_SYN_DROP_TS => u64 -> u64;
    }

    /// The destination (`ADDR_IPV4` or `ADDR_IPV6`).
    pub fn addr(&self) -> Result<Option<IpAddr>, DecodeError> {
        let v = self.view();
        ip(v.get(tm::ADDR_IPV4).or(v.get(tm::ADDR_IPV6)))
    }

    /// The source (`SADDR_IPV4` or `SADDR_IPV6`).
    pub fn saddr(&self) -> Result<Option<IpAddr>, DecodeError> {
        let v = self.view();
        ip(v.get(tm::SADDR_IPV4).or(v.get(tm::SADDR_IPV6)))
    }

    /// `FOPEN_COOKIE`: the TCP Fast Open cookie.
    pub fn fopen_cookie(&self) -> Option<&[u8]> {
        self.view().get(tm::FOPEN_COOKIE).map(|a| a.payload())
    }

    /// `VALS`: the cached metrics.
    pub fn metrics(&self) -> Result<Option<Metrics>, DecodeError> {
        let Some(vals) = self.view().get(tm::VALS) else {
            return Ok(None);
        };
        let mut m = Metrics::default();
        for a in vals.nested() {
            let a = a?;
            let slot = match a.kind() {
                metrics::RTT => &mut m.rtt,
                metrics::RTTVAR => &mut m.rttvar,
                metrics::SSTHRESH => &mut m.ssthresh,
                metrics::CWND => &mut m.cwnd,
                metrics::REODERING => &mut m.reordering,
                metrics::RTT_US => &mut m.rtt_us,
                metrics::RTTVAR_US => &mut m.rttvar_us,
                _ => continue,
            };
            *slot = Some(a.u32()?);
        }
        Ok(Some(m))
    }
}
