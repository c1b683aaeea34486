//! Runs one bench's work many times, outside criterion, for a profiler:
//!
//! ```text
//! cargo build -p nlwire-benches --profile bench --bin bench_loop
//! valgrind --tool=callgrind target/release/bench_loop route4 nlwire 10
//! ```
//!
//! Arguments: the input — a decode input (`route4`, `route6`, `link`, `addr`, `neigh`) or
//! an encode one (`routes`: 10,000 route requests, `veth`: 1,000 veth requests) — the
//! library (`nlwire`, `netlink-packet-route`, `neli`, `walk`; encode has the first two)
//! and the number of passes (default 100).

use std::hint::black_box;
use std::process::ExitCode;

use nlwire_benches::fields::BlackBox;
use nlwire_benches::fixtures::Dump;
use nlwire_benches::requests::{routes, veths};
use nlwire_benches::{DECODE_INPUTS, Kind, Lib, Result, decode, via_nlwire, via_npr};

fn run(input: &str, lib: &str, passes: usize) -> Result<usize> {
    let lib = Lib::ALL
        .into_iter()
        .find(|l| l.id() == lib)
        .ok_or_else(|| format!("unknown library {lib}"))?;
    let mut storage = [0u8; 256];
    let mut vec = Vec::with_capacity(256);
    let sink = |m: &[u8]| {
        black_box(m);
    };
    let mut done = 0;
    match (input, lib) {
        ("routes", Lib::Nlwire | Lib::Npr) => {
            let reqs = routes(10_000);
            for _ in 0..passes {
                done += match lib {
                    Lib::Nlwire => via_nlwire::encode_routes(&reqs, &mut storage, sink)?,
                    _ => via_npr::encode_routes(&reqs, &mut vec, sink)?,
                };
            }
        }
        ("veth", Lib::Nlwire | Lib::Npr) => {
            let pairs = veths(1_000);
            for _ in 0..passes {
                done += match lib {
                    Lib::Nlwire => via_nlwire::encode_veths(&pairs, &mut storage, sink)?,
                    _ => via_npr::encode_veths(&pairs, &mut vec, sink)?,
                };
            }
        }
        _ => {
            let (_, stem) = DECODE_INPUTS
                .iter()
                .find(|(i, _)| *i == input)
                .ok_or_else(|| format!("unknown input {input} (or no {} for it)", lib.id()))?;
            let kind = Kind::of_input(input).ok_or("unknown input")?;
            let dump = Dump::load(stem)?;
            for _ in 0..passes {
                done += decode(lib, kind, &dump.bytes, &mut BlackBox)?;
            }
        }
    }
    Ok(done)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(lib)) = (args.first(), args.get(1)) else {
        eprintln!("usage: bench_loop INPUT LIBRARY [PASSES]");
        return ExitCode::from(2);
    };
    let passes = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(100);
    match run(input, lib, passes) {
        Ok(n) => {
            println!("{n} (messages decoded or bytes encoded)");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{input}/{lib}: {e}");
            ExitCode::FAILURE
        }
    }
}
