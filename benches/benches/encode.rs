//! `encode/routes`: 10,000 `RTM_NEWROUTE` requests (dst /24, gateway, oif, table,
//! priority); `encode/veth`: 1,000 veth `RTM_NEWLINK` create requests. Each library
//! builds every request into one reused buffer, as a user sending them one by one would.
//! Throughput is in requests.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nlwire_benches::requests::{routes, veths};
use nlwire_benches::{via_nlwire, via_npr};

/// Routes per iteration of `encode/routes`.
const ROUTES: usize = 10_000;
/// veth pairs per iteration of `encode/veth`.
const VETHS: usize = 1_000;

fn encode(c: &mut Criterion) {
    let reqs = routes(ROUTES);
    let mut g = c.benchmark_group("encode/routes");
    g.throughput(Throughput::Elements(ROUTES as u64));
    g.bench_function("nlwire", |b| {
        let mut storage = [0u8; 256];
        b.iter(|| {
            via_nlwire::encode_routes(black_box(&reqs), &mut storage, |m| {
                black_box(m);
            })
            .expect("encode")
        });
    });
    g.bench_function("netlink-packet-route", |b| {
        let mut buf = Vec::with_capacity(256);
        b.iter(|| {
            via_npr::encode_routes(black_box(&reqs), &mut buf, |m| {
                black_box(m);
            })
            .expect("encode")
        });
    });
    g.finish();

    let pairs = veths(VETHS);
    let mut g = c.benchmark_group("encode/veth");
    g.throughput(Throughput::Elements(VETHS as u64));
    g.bench_function("nlwire", |b| {
        let mut storage = [0u8; 256];
        b.iter(|| {
            via_nlwire::encode_veths(black_box(&pairs), &mut storage, |m| {
                black_box(m);
            })
            .expect("encode")
        });
    });
    g.bench_function("netlink-packet-route", |b| {
        let mut buf = Vec::with_capacity(256);
        b.iter(|| {
            via_npr::encode_veths(black_box(&pairs), &mut buf, |m| {
                black_box(m);
            })
            .expect("encode")
        });
    });
    g.finish();
}

/// The criterion group (its generated function has no doc comment of its own).
mod group {
    #![allow(missing_docs)]
    use super::*;

    criterion_group! {
        name = benches;
        config = Criterion::default()
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        targets = encode
    }
}
criterion_main!(group::benches);
