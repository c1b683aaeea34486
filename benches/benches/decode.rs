//! `decode/<input>`: every message of a real kernel dump decoded by each library,
//! reading the fields people use (see `nlwire_benches::fields`). One iteration decodes
//! the whole dump; throughput is in bytes of the dump (messages/s are in the README).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use nlwire_benches::fields::BlackBox;
use nlwire_benches::fixtures::Dump;
use nlwire_benches::{DECODE_INPUTS, Kind, Lib, decode};

fn decode_dumps(c: &mut Criterion) {
    for (input, stem) in DECODE_INPUTS {
        let dump = Dump::load(stem).unwrap_or_else(|e| panic!("{stem}: {e}"));
        let kind = Kind::of_input(input).expect("known input");
        let mut g = c.benchmark_group(format!("decode/{input}"));
        g.throughput(Throughput::Bytes(dump.bytes.len() as u64));
        for lib in Lib::ALL {
            g.bench_function(lib.id(), |b| {
                b.iter(|| {
                    decode(lib, kind, black_box(&dump.bytes), &mut BlackBox)
                        .unwrap_or_else(|e| panic!("{input}/{}: {e}", lib.id()))
                });
            });
        }
        g.finish();
    }
}

/// The criterion group (its generated function has no doc comment of its own).
mod group {
    #![allow(missing_docs)]
    use super::*;

    criterion_group! {
        name = benches;
        // 20 benchmarks of 1 + 3 s each: about 1.5 minutes in all.
        config = Criterion::default()
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3));
        targets = decode_dumps
    }
}
criterion_main!(group::benches);
