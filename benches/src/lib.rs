//! Shared code of nlwire's criterion benchmarks (issue 7): the large kernel dumps, and
//! the same decode and encode work written once per library so that the criterion
//! benches (`benches/decode.rs`, `benches/encode.rs`, `benches/client.rs`), the
//! allocation report (`src/bin/alloc_report.rs`) and the agreement tests
//! (`tests/agree.rs`) all measure exactly the same code.
//!
//! Every decoder reads the fields people use into a small struct of [`fields`] and hands
//! it to a [`fields::Sink`]: [`fields::BlackBox`] in the benches (so nothing is optimised
//! away and nothing else is measured), [`fields::Checksum`] in the tests (so the
//! libraries can be checked to have read the same values).
//!
//! | module | library |
//! |---|---|
//! | [`via_nlwire`] | `nlwire-codec`: typed views (`RouteMsg`, `LinkMsg`, ...) and writers |
//! | [`via_npr`] | `netlink-packet-route` + `netlink-packet-core` |
//! | [`via_neli`] | `neli` (`rtnl` types) |
//! | [`walk`] | a bare header-and-attribute walk, no typing: the ceiling |

pub mod fields;
pub mod fixtures;
pub mod requests;
pub mod via_neli;
pub mod via_nlwire;
pub mod via_npr;
pub mod walk;

/// The error of a decode or encode routine: any library's error, boxed. Only built on
/// failure (the fixtures are valid), so it costs nothing in the measured path.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// `Result` with [`Error`].
pub type Result<T> = core::result::Result<T, Error>;

/// The five dumps the decode benches read, as `(criterion input name, fixture stem)`.
pub const DECODE_INPUTS: [(&str, &str); 5] = [
    ("route4", "route4_dump"),
    ("route6", "route6_dump"),
    ("link", "link_dump"),
    ("addr", "addr_dump"),
    ("neigh", "neigh_dump"),
];

/// Which decoder of each library an input needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `RTM_NEWROUTE` messages.
    Route,
    /// `RTM_NEWLINK` messages.
    Link,
    /// `RTM_NEWADDR` messages.
    Addr,
    /// `RTM_NEWNEIGH` messages.
    Neigh,
}

impl Kind {
    /// The kind of a decode input name (`route4`, `link`, ...).
    pub fn of_input(input: &str) -> Option<Self> {
        match input {
            "route4" | "route6" => Some(Self::Route),
            "link" => Some(Self::Link),
            "addr" => Some(Self::Addr),
            "neigh" => Some(Self::Neigh),
            _ => None,
        }
    }

    /// Length of the family header that precedes the attributes (`rtmsg` 12,
    /// `ifinfomsg` 16, `ifaddrmsg` 8, `ndmsg` 12).
    pub const fn header_len(self) -> usize {
        match self {
            Self::Route | Self::Neigh => 12,
            Self::Link => 16,
            Self::Addr => 8,
        }
    }
}

/// The libraries compared, with the criterion function id of each (these names are
/// read by scripts from the saved estimates: do not change them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lib {
    /// nlwire's typed views.
    Nlwire,
    /// netlink-packet-route.
    Npr,
    /// neli.
    Neli,
    /// The untyped walk.
    Walk,
}

impl Lib {
    /// Every library, in the order the benches run them.
    pub const ALL: [Self; 4] = [Self::Nlwire, Self::Npr, Self::Neli, Self::Walk];

    /// The criterion function id.
    pub const fn id(self) -> &'static str {
        match self {
            Self::Nlwire => "nlwire",
            Self::Npr => "netlink-packet-route",
            Self::Neli => "neli",
            Self::Walk => "walk",
        }
    }
}

/// Decodes every message of `buf` (a dump of `kind`) with `lib`, handing the fields to
/// `sink`; returns the number of data messages. `NLMSG_DONE` ends the dump.
pub fn decode<S: fields::Sink>(lib: Lib, kind: Kind, buf: &[u8], sink: &mut S) -> Result<usize> {
    match (lib, kind) {
        (Lib::Nlwire, Kind::Route) => via_nlwire::route(buf, sink),
        (Lib::Nlwire, Kind::Link) => via_nlwire::link(buf, sink),
        (Lib::Nlwire, Kind::Addr) => via_nlwire::addr(buf, sink),
        (Lib::Nlwire, Kind::Neigh) => via_nlwire::neigh(buf, sink),
        (Lib::Npr, Kind::Route) => via_npr::route(buf, sink),
        (Lib::Npr, Kind::Link) => via_npr::link(buf, sink),
        (Lib::Npr, Kind::Addr) => via_npr::addr(buf, sink),
        (Lib::Npr, Kind::Neigh) => via_npr::neigh(buf, sink),
        (Lib::Neli, Kind::Route) => via_neli::route(buf, sink),
        (Lib::Neli, Kind::Link) => via_neli::link(buf, sink),
        (Lib::Neli, Kind::Addr) => via_neli::addr(buf, sink),
        (Lib::Neli, Kind::Neigh) => via_neli::neigh(buf, sink),
        (Lib::Walk, k) => walk::walk(buf, k.header_len()),
    }
}

/// The messages of a buffer as byte slices, split on `nlmsg_len` (padded to 4): what a
/// user of netlink-packet-route or neli does with a received datagram before handing
/// each message to the library. Stops at the end or at a header that does not fit.
pub fn split_messages(buf: &[u8]) -> impl Iterator<Item = &[u8]> + '_ {
    let mut pos = 0usize;
    core::iter::from_fn(move || {
        let rest = buf.get(pos..)?;
        let len_bytes: [u8; 4] = rest.get(..4)?.try_into().ok()?;
        let len = usize::try_from(u32::from_ne_bytes(len_bytes)).ok()?;
        if len < 16 || len > rest.len() {
            return None;
        }
        pos += (len + 3) & !3;
        Some(&rest[..len])
    })
}

/// `nlmsg_type` of a message split by [`split_messages`].
#[inline]
pub fn message_type(msg: &[u8]) -> u16 {
    u16::from_ne_bytes([msg[4], msg[5]])
}

/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;
