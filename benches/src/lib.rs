//! Benchmark helpers (see issue 7).
