//! The large kernel dumps (`tests/fixtures/large`, see its README) and one routine that
//! decodes every message of them through the typed views, shared by the typed-decoding
//! test and the zero-allocation test so both measure the same work.

#![allow(dead_code, unreachable_pub)]

use core::fmt::{self, Write};

use nlwire_codec::desc::{AttrSet, DissectStats, Dissector};
use nlwire_codec::rtnl::{addr, link, neigh, nexthop, route, rule, tc};
use nlwire_codec::{Message, MessageType, Messages};

/// One captured dump.
pub struct Dump {
    /// File stem in tests/fixtures/large.
    pub name: &'static str,
    /// The reply bytes (datagrams concatenated).
    pub bytes: &'static [u8],
    /// Family-header length of its messages.
    pub header_len: usize,
    /// The attribute set of its messages.
    pub set: &'static AttrSet,
}

macro_rules! dump {
    ($name:literal, $hdr:expr, $set:expr) => {
        Dump {
            name: $name,
            bytes: include_bytes!(concat!(
                "../../../tests/fixtures/large/",
                $name,
                ".resp.bin"
            )),
            header_len: $hdr,
            set: $set,
        }
    };
}

/// Every large dump.
pub static DUMPS: &[Dump] = &[
    dump!("link_dump", 16, &link::IFLA),
    dump!("addr_dump", 8, &addr::IFA),
    dump!("route4_dump", 12, &route::RTA),
    dump!("route6_dump", 12, &route::RTA),
    dump!("neigh_dump", 12, &neigh::NDA),
    dump!("rule4_dump", 12, &rule::FRA),
    dump!("rule6_dump", 12, &rule::FRA),
    dump!("nexthop_dump", 8, &nexthop::NHA),
    dump!("qdisc_dump", 20, &tc::TCA),
    dump!("tfilter_dump", 20, &tc::TCA),
];

/// A `fmt::Write` that only counts: lets `Display` run without allocating.
#[derive(Default)]
pub struct Sink(pub usize);

impl Write for Sink {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// What decoding one dump saw.
#[derive(Default, Debug, Clone, Copy)]
pub struct Seen {
    /// Data messages decoded.
    pub messages: usize,
    /// Attribute counts from the dissector (typed / unknown / malformed).
    pub attrs: DissectStats,
    /// Accessor errors (a present attribute that did not decode).
    pub accessor_errors: usize,
    /// Bytes of dissection text produced.
    pub text: usize,
    /// A checksum of the fields read, so nothing is optimised away.
    pub checksum: u64,
}

fn add(a: &mut DissectStats, b: DissectStats) {
    a.typed += b.typed;
    a.unknown += b.unknown;
    a.malformed += b.malformed;
}

/// Counts an accessor result: Ok values feed the checksum, errors are counted.
fn take<T: core::hash::Hash>(seen: &mut Seen, r: Result<Option<T>, nlwire_codec::DecodeError>) {
    use core::hash::Hasher;
    match r {
        Ok(Some(v)) => {
            let mut h = std::hash::DefaultHasher::new();
            v.hash(&mut h);
            seen.checksum = seen.checksum.wrapping_add(h.finish());
        }
        Ok(None) => {}
        Err(_) => seen.accessor_errors += 1,
    }
}

/// Decodes every message of `d` through its typed view: the fields people use, the full
/// dissection (every attribute typed by its descriptor), and the attribute counts.
pub fn decode(d: &Dump) -> Seen {
    let mut seen = Seen::default();
    for m in Messages::new(d.bytes) {
        let m = m.expect("framing");
        if m.message_type() == MessageType::DONE {
            continue;
        }
        seen.messages += 1;
        let attrs = m.attrs(d.header_len).expect("attributes");
        add(&mut seen.attrs, Dissector::count(attrs, d.set));
        decode_typed(&m, &mut seen);
    }
    seen
}

fn decode_typed(m: &Message<'_>, seen: &mut Seen) {
    let mut sink = Sink::default();
    match m.message_type().0 {
        16..=19 => {
            let l = link::LinkMsg::parse(m).expect("link");
            take(seen, l.name());
            take(seen, l.mtu());
            take(seen, l.operstate());
            take(seen, Ok(l.address()));
            take(seen, l.master());
            take(seen, l.link_info().map(|i| i.and_then(|i| i.kind)));
            take(
                seen,
                l.stats64()
                    .map(|s| s.map(|s| (s.rx_bytes.get(), s.tx_bytes.get()))),
            );
            for n in l.alt_names() {
                take(seen, n.map(Some));
            }
            write!(sink, "{l}").unwrap();
        }
        20..=23 => {
            let a = addr::AddrMsg::parse(m).expect("addr");
            take(seen, a.local());
            take(seen, a.address());
            take(seen, a.label());
            take(seen, a.flags().map(Some));
            take(seen, Ok(Some(a.prefix_len())));
            take(seen, a.cacheinfo().map(|c| c.map(|c| c.valid.get())));
            write!(sink, "{a}").unwrap();
        }
        24..=27 => {
            let r = route::RouteMsg::parse(m).expect("route");
            take(seen, r.table().map(Some));
            take(seen, r.dst());
            take(seen, r.gateway());
            take(seen, r.oif());
            take(seen, r.priority());
            take(seen, r.prefsrc());
            take(seen, Ok(Some((r.protocol(), r.scope(), r.route_type()))));
            for nh in r.multipath() {
                match nh {
                    Ok(nh) => {
                        take(seen, Ok(Some((nh.ifindex(), nh.weight()))));
                        take(seen, nh.gateway());
                    }
                    Err(_) => seen.accessor_errors += 1,
                }
            }
            for metric in r.metrics() {
                take(seen, metric.map(|x| Some(x.kind)));
            }
            write!(sink, "{r}").unwrap();
        }
        28..=31 => {
            let n = neigh::NeighMsg::parse(m).expect("neigh");
            take(seen, n.dst());
            take(seen, Ok(n.lladdr()));
            take(seen, Ok(Some((n.state(), n.ifindex()))));
            write!(sink, "{n}").unwrap();
        }
        32..=35 => {
            let r = rule::RuleMsg::parse(m).expect("rule");
            take(seen, r.table().map(Some));
            take(seen, r.priority());
            take(seen, r.sport_range().map(|p| p.map(|p| (p.start, p.end))));
            write!(sink, "{r}").unwrap();
        }
        36..=46 => {
            let t = tc::TcObjectMsg::parse(m).expect("tc");
            take(seen, t.kind());
            take(
                seen,
                t.basic_stats().map(|s| s.map(|s| (s.bytes, s.packets))),
            );
            match t.typed_options() {
                Ok(_) => {}
                Err(_) => seen.accessor_errors += 1,
            }
            write!(sink, "{t}").unwrap();
        }
        104..=106 => {
            let n = nexthop::NexthopMsg::parse(m).expect("nexthop");
            take(seen, n.id());
            take(seen, n.gateway());
            take(seen, n.oif());
            if let Ok(Some(g)) = n.group() {
                for member in g.iter() {
                    take(seen, Ok(Some((member.id, member.weight))));
                }
            }
            write!(sink, "{n}").unwrap();
        }
        other => panic!("unexpected message type {other}"),
    }
    seen.text += sink.0;
}
