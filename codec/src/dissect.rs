//! One entry point to print any netlink message with names: control messages (errors
//! with their extended ack and the failing attribute's path, `NLMSG_DONE` with its error),
//! every typed rtnetlink object, the generic netlink controller, and anything else as a
//! header with hex. `no_std`: it writes to any `fmt::Formatter`.
//!
//! ```
//! use nlwire_codec::{Messages, Protocol, dissect::Dissect};
//! // An NLMSG_ERROR (ENODEV) echoing a 16-byte request header, capped.
//! let bytes = [36, 0, 0, 0, 2, 0, 0, 1, 5, 0, 0, 0, 0, 0, 0, 0,
//!              237, 255, 255, 255, 32, 0, 0, 0, 17, 0, 5, 0, 5, 0, 0, 0, 0, 0, 0, 0];
//! let m = Messages::new(&bytes).next().unwrap()?;
//! let text = Dissect::new(Protocol::ROUTE, &m).to_string();
//! assert!(text.starts_with("NLMSG_ERROR ENODEV (19) flags CAPPED seq 5"), "{text}");
//! # Ok::<(), nlwire_codec::DecodeError>(())
//! ```

use core::fmt;

use crate::ack::{Done, ErrorMsg, ExtAck, attr_path_with};
use crate::consts::Protocol;
use crate::errno;
use crate::fmt::hex;
use crate::genl;
use crate::header::{FlagContext, MessageType, NlMsgHdr};
use crate::msg::Message;
use crate::rtnl::{self, RtnlMsg};

/// `Display` for one message of `protocol`: see the module docs.
#[derive(Clone, Copy)]
pub struct Dissect<'m, 'a> {
    protocol: Protocol,
    msg: &'m Message<'a>,
}

impl<'m, 'a> Dissect<'m, 'a> {
    /// Prepares `msg`, received on a socket of `protocol`, for printing.
    pub fn new(protocol: Protocol, msg: &'m Message<'a>) -> Self {
        Self { protocol, msg }
    }
}

struct Errno(i32);

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.saturating_neg();
        match errno::name(n) {
            Some(name) => write!(f, "{name} ({n})"),
            None => write!(f, "errno {n}"),
        }
    }
}

fn ext_ack(
    f: &mut fmt::Formatter<'_>,
    x: &ExtAck<'_>,
    request: Option<&[u8]>,
    protocol: Protocol,
) -> fmt::Result {
    if let Some(m) = x.msg {
        write!(f, "\n  msg {m:?}")?;
    }
    if let Some(off) = x.offset {
        write!(f, "\n  offset {off}")?;
        if let Some(req) = request {
            let (hdr_len, nest) = request_layout(protocol, req);
            let path = attr_path_with(req, hdr_len, off, nest);
            write!(f, " -> {path}")?;
        }
    }
    if let Some(p) = x.policy {
        write!(f, "\n  policy {p}")?;
    }
    if let Some(t) = x.missing_type {
        write!(f, "\n  missing attribute {t}")?;
    }
    if let Some(n) = x.missing_nest {
        write!(f, "\n  in nest at offset {n}")?;
    }
    if let Some(c) = x.cookie {
        f.write_str("\n  cookie ")?;
        hex(f, c, 64)?;
    }
    Ok(())
}

/// The family-header length of a request and its nest-header rule, for offset mapping.
fn request_layout(protocol: Protocol, req: &[u8]) -> (usize, fn(&[u16]) -> usize) {
    let kind = Message::parse(req)
        .map(|m| m.message_type())
        .unwrap_or_default();
    match protocol {
        Protocol::ROUTE => (
            rtnl::family_header_len(kind).unwrap_or(0),
            rtnl::link::nest_header,
        ),
        Protocol::GENERIC => (genl::GenlMsgHdr::LEN, |_| 0),
        _ => (0, |_| 0),
    }
}

impl fmt::Display for Dissect<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.msg;
        let t = m.message_type();
        match t {
            MessageType::ERROR => match ErrorMsg::parse(m) {
                Ok(e) => {
                    if e.is_ack() {
                        f.write_str("NLMSG_ERROR ack")?;
                    } else {
                        write!(f, "NLMSG_ERROR {}", Errno(e.code()))?;
                    }
                    let r = e.request_header();
                    write!(
                        f,
                        " flags {} seq {} pid {}\n  request {} len {} flags {:#x} seq {}",
                        m.flags().display(FlagContext::Ack),
                        m.seq(),
                        m.pid(),
                        type_name(self.protocol, r.message_type()),
                        r.len(),
                        r.flags().bits(),
                        r.seq(),
                    )?;
                    let req = (!e.is_capped()).then(|| e.echoed_request());
                    ext_ack(f, e.ext_ack(), req, self.protocol)
                }
                Err(err) => write!(f, "{m}\n  !! {err}"),
            },
            MessageType::DONE => match Done::parse(m) {
                Ok(d) => {
                    f.write_str("NLMSG_DONE")?;
                    if d.code() != 0 {
                        write!(f, " {}", Errno(d.code()))?;
                    }
                    write!(
                        f,
                        " flags {} seq {} pid {}",
                        m.flags().display(FlagContext::Ack),
                        m.seq(),
                        m.pid()
                    )?;
                    ext_ack(f, d.ext_ack(), None, self.protocol)
                }
                Err(err) => write!(f, "{m}\n  !! {err}"),
            },
            _ if t.is_control() => write!(f, "{m}"),
            _ => match self.protocol {
                Protocol::ROUTE => match RtnlMsg::parse(m) {
                    Ok(RtnlMsg::Other(_)) => raw(f, self.protocol, m),
                    Ok(r) => write!(f, "{r}"),
                    Err(err) => {
                        raw(f, self.protocol, m)?;
                        write!(f, "\n  !! {err}")
                    }
                },
                Protocol::GENERIC if t == genl::ctrl::GENL_ID_CTRL => {
                    match genl::ctrl::FamilyMsg::parse(m) {
                        Ok(fam) => write!(f, "{fam}"),
                        Err(err) => {
                            raw(f, self.protocol, m)?;
                            write!(f, "\n  !! {err}")
                        }
                    }
                }
                Protocol::GENERIC => match genl::header(m) {
                    Ok((h, attrs)) => {
                        write!(
                            f,
                            "genl family {} cmd {} version {} flags {:#x} seq {} pid {}",
                            t.0,
                            h.cmd,
                            h.version,
                            m.flags().bits(),
                            m.seq(),
                            m.pid()
                        )?;
                        for a in attrs {
                            match a {
                                Ok(a) => {
                                    write!(f, "\n  attr {} ", a.kind())?;
                                    hex(f, a.payload(), 64)?;
                                }
                                Err(e) => write!(f, "\n  !! {e}")?,
                            }
                        }
                        Ok(())
                    }
                    Err(err) => {
                        raw(f, self.protocol, m)?;
                        write!(f, "\n  !! {err}")
                    }
                },
                _ => raw(f, self.protocol, m),
            },
        }
    }
}

fn type_name(protocol: Protocol, t: MessageType) -> TypeName {
    TypeName { protocol, t }
}

struct TypeName {
    protocol: Protocol,
    t: MessageType,
}

impl fmt::Display for TypeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.protocol == Protocol::ROUTE || self.t.is_control() {
            write!(f, "{}", rtnl::TypeName(self.t))
        } else {
            write!(f, "{}", self.t.0)
        }
    }
}

fn raw(f: &mut fmt::Formatter<'_>, protocol: Protocol, m: &Message<'_>) -> fmt::Result {
    write!(
        f,
        "{} len {} flags {:#x} seq {} pid {}\n  ",
        type_name(protocol, m.message_type()),
        m.header().len(),
        m.flags().bits(),
        m.seq(),
        m.pid()
    )?;
    hex(f, m.bytes().get(NlMsgHdr::LEN..).unwrap_or(&[]), 256)
}
