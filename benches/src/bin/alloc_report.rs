//! Heap allocations per message for each library, counted by a global allocator that
//! wraps the system one, and the heap it takes to keep a whole dump. Prints Markdown
//! tables (pasted into `benches/README.md`); exits with failure if nlwire allocates.
//!
//! ```text
//! cargo run -p nlwire-benches --profile bench --bin alloc_report
//! ```

use std::hint::black_box;
use std::io::Cursor;
use std::process::ExitCode;

use neli::FromBytes;
use neli::consts::rtnl::Rtm;
use neli::nl::Nlmsghdr;
use netlink_packet_core::NetlinkMessage;
use netlink_packet_route::RouteNetlinkMessage;
use nlwire_benches::fields::BlackBox;
use nlwire_benches::fixtures::Dump;
use nlwire_benches::requests::{routes, veths};
use nlwire_benches::{
    DECODE_INPUTS, Kind, Lib, NLMSG_DONE, decode, message_type, split_messages, via_nlwire, via_npr,
};
use nlwire_codec::rtnl::{addr::AddrMsg, link::LinkMsg, neigh::NeighMsg, route::RouteMsg};
use nlwire_codec::{Message, MessageType, Messages};

/// Allocation calls and bytes during `f`, as counted by `allocation-counter`'s global
/// allocator (so this crate needs no unsafe code of its own).
#[derive(Clone, Copy, Debug)]
struct Counted {
    calls: usize,
    bytes: usize,
}

fn to_usize(v: u64) -> usize {
    usize::try_from(v).unwrap_or(usize::MAX)
}

fn counted<R>(f: impl FnOnce() -> R) -> (R, Counted) {
    let mut out = None;
    let info = allocation_counter::measure(|| out = Some(f()));
    let c = Counted {
        calls: to_usize(info.count_total),
        bytes: to_usize(info.bytes_total),
    };
    (out.expect("measured closure ran"), c)
}

/// Heap still held at the end of a measurement (`bytes_current`), and its peak.
fn held(info: &allocation_counter::AllocationInfo) -> (usize, usize) {
    (
        usize::try_from(info.bytes_current).unwrap_or(0),
        to_usize(info.bytes_max),
    )
}

fn per(n: usize, d: usize) -> String {
    if n == 0 {
        "0".into()
    } else {
        format!("{:.2}", n as f64 / d as f64)
    }
}

fn kib(n: usize) -> String {
    format!("{:.0} KiB", n as f64 / 1024.0)
}

/// Heap to keep every message of a dump: (retained after building, peak while
/// building), both counting the received buffer when the kept messages borrow it.
fn keep_nlwire_views(buf: &[u8]) -> (usize, usize) {
    // The receive buffer the views borrow, then the views, measured in turn so both are
    // still held when counted.
    let mut copy = Vec::new();
    let (copy_held, copy_peak) = held(&allocation_counter::measure(|| copy = buf.to_vec()));
    let mut kept: Option<Vec<Message<'_>>> = None;
    let views = allocation_counter::measure(|| {
        kept = Some(
            Messages::new(&copy)
                .filter_map(Result::ok)
                .filter(|m| m.message_type() != MessageType::DONE)
                .collect(),
        );
    });
    black_box(&kept);
    let (views_held, views_peak) = held(&views);
    (
        copy_held + views_held,
        copy_peak.max(copy_held + views_peak),
    )
}

fn keep_nlwire_typed(kind: Kind, buf: &[u8]) -> (usize, usize) {
    fn typed<'a, T>(copy: &'a [u8], parse: impl Fn(&Message<'a>) -> T) -> (usize, usize) {
        let mut kept: Option<Vec<T>> = None;
        let info = allocation_counter::measure(|| {
            kept = Some(
                Messages::new(copy)
                    .filter_map(Result::ok)
                    .filter(|m| m.message_type() != MessageType::DONE)
                    .map(|m| parse(&m))
                    .collect(),
            );
        });
        black_box(&kept);
        held(&info)
    }
    let mut copy = Vec::new();
    let (copy_held, copy_peak) = held(&allocation_counter::measure(|| copy = buf.to_vec()));
    let (views_held, views_peak) = match kind {
        Kind::Route => typed(&copy, |m| RouteMsg::parse(m).expect("route")),
        Kind::Link => typed(&copy, |m| LinkMsg::parse(m).expect("link")),
        Kind::Addr => typed(&copy, |m| AddrMsg::parse(m).expect("addr")),
        Kind::Neigh => typed(&copy, |m| NeighMsg::parse(m).expect("neigh")),
    };
    (
        copy_held + views_held,
        copy_peak.max(copy_held + views_peak),
    )
}

fn keep_npr(buf: &[u8]) -> (usize, usize) {
    let mut kept: Option<Vec<NetlinkMessage<RouteNetlinkMessage>>> = None;
    let info = allocation_counter::measure(|| {
        let copy = buf.to_vec();
        kept = Some(
            split_messages(&copy)
                .filter(|m| message_type(m) != NLMSG_DONE)
                .map(|m| NetlinkMessage::deserialize(m).expect("npr"))
                .collect(),
        );
        drop(copy); // owned messages: the buffer can go
    });
    black_box(&kept);
    held(&info)
}

fn keep_neli_as<P>(buf: &[u8]) -> (usize, usize)
where
    P: neli::Size + neli::FromBytesWithInput<Input = usize> + std::fmt::Debug,
{
    let mut kept: Option<Vec<Nlmsghdr<Rtm, P>>> = None;
    let info = allocation_counter::measure(|| {
        let copy = buf.to_vec();
        kept = Some(
            split_messages(&copy)
                .filter(|m| message_type(m) != NLMSG_DONE)
                .map(|m| Nlmsghdr::from_bytes(&mut Cursor::new(m)).expect("neli"))
                .collect(),
        );
        drop(copy);
    });
    black_box(&kept);
    held(&info)
}

fn keep_neli(kind: Kind, buf: &[u8]) -> (usize, usize) {
    use neli::rtnl::{Ifaddrmsg, Ifinfomsg, Ndmsg, Rtmsg};
    match kind {
        Kind::Route => keep_neli_as::<Rtmsg>(buf),
        Kind::Link => keep_neli_as::<Ifinfomsg>(buf),
        Kind::Addr => keep_neli_as::<Ifaddrmsg>(buf),
        Kind::Neigh => keep_neli_as::<Ndmsg>(buf),
    }
}

fn main() -> ExitCode {
    let mut nlwire_allocated = false;

    println!("### Heap allocations while decoding (the `decode/<input>` work)\n");
    println!("| input | messages | library | allocations / message | bytes allocated / message |");
    println!("|---|---:|---|---:|---:|");
    let mut dumps = Vec::new();
    for (input, stem) in DECODE_INPUTS {
        let dump = Dump::load(stem).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let kind = Kind::of_input(input).expect("known input");
        for lib in [Lib::Nlwire, Lib::Npr, Lib::Neli] {
            // One pass first, so anything lazily initialised is not counted.
            decode(lib, kind, &dump.bytes, &mut BlackBox).expect("decode");
            let (n, c) = counted(|| decode(lib, kind, &dump.bytes, &mut BlackBox).expect("decode"));
            if lib == Lib::Nlwire && c.calls != 0 {
                nlwire_allocated = true;
            }
            println!(
                "| {input} | {n} | {} | {} | {} |",
                lib.id(),
                per(c.calls, n),
                per(c.bytes, n)
            );
        }
        dumps.push((input, kind, dump));
    }

    println!("\n### Heap allocations while encoding (the `encode/*` work)\n");
    println!("| requests | library | allocations / request | bytes allocated / request |");
    println!("|---|---|---:|---:|");
    let reqs = routes(10_000);
    let pairs = veths(1_000);
    let mut storage = [0u8; 256];
    let mut vec = Vec::with_capacity(256);
    let (_, c) = counted(|| {
        via_nlwire::encode_routes(&reqs, &mut storage, |m| {
            black_box(m);
        })
    });
    nlwire_allocated |= c.calls != 0;
    println!(
        "| 10,000 routes | nlwire | {} | {} |",
        per(c.calls, 10_000),
        per(c.bytes, 10_000)
    );
    let (_, c) = counted(|| {
        via_npr::encode_routes(&reqs, &mut vec, |m| {
            black_box(m);
        })
    });
    println!(
        "| 10,000 routes | netlink-packet-route | {} | {} |",
        per(c.calls, 10_000),
        per(c.bytes, 10_000)
    );
    let (_, c) = counted(|| {
        via_nlwire::encode_veths(&pairs, &mut storage, |m| {
            black_box(m);
        })
    });
    nlwire_allocated |= c.calls != 0;
    println!(
        "| 1,000 veth pairs | nlwire | {} | {} |",
        per(c.calls, 1_000),
        per(c.bytes, 1_000)
    );
    let (_, c) = counted(|| {
        via_npr::encode_veths(&pairs, &mut vec, |m| {
            black_box(m);
        })
    });
    println!(
        "| 1,000 veth pairs | netlink-packet-route | {} | {} |",
        per(c.calls, 1_000),
        per(c.bytes, 1_000)
    );

    println!("\n### Heap to keep a whole dump\n");
    println!(
        "Retained: live heap once every message is kept (nlwire: the received buffer plus a \
         `Vec` of views into it; the others: a `Vec` of owned messages, the buffer dropped). \
         Peak: the most live heap while building it, received buffer included.\n"
    );
    println!(
        "| input | dump bytes | nlwire `Vec<Message>` + buffer | nlwire `Vec<typed view>` + buffer | netlink-packet-route `Vec<NetlinkMessage>` | neli `Vec<Nlmsghdr>` |"
    );
    println!("|---|---:|---|---|---|---|");
    for (input, kind, dump) in &dumps {
        let cell = |(r, p): (usize, usize)| format!("{} (peak {})", kib(r), kib(p));
        println!(
            "| {input} | {} | {} | {} | {} | {} |",
            kib(dump.bytes.len()),
            cell(keep_nlwire_views(&dump.bytes)),
            cell(keep_nlwire_typed(*kind, &dump.bytes)),
            cell(keep_npr(&dump.bytes)),
            cell(keep_neli(*kind, &dump.bytes)),
        );
    }
    println!(
        "\nSizes of nlwire's views: `Message` {} B, `RouteMsg` {} B, `LinkMsg` {} B, `AddrMsg` {} B, `NeighMsg` {} B.",
        size_of::<Message<'_>>(),
        size_of::<RouteMsg<'_>>(),
        size_of::<LinkMsg<'_>>(),
        size_of::<AddrMsg<'_>>(),
        size_of::<NeighMsg<'_>>(),
    );

    if nlwire_allocated {
        eprintln!("FAIL: nlwire allocated on the heap");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
