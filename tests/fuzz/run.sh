#!/usr/bin/env bash
# Runs every cargo-fuzz target of nlwire-codec for N seconds each (default 30), seeded
# from tests/fuzz/seeds/<target>/, and prints how many inputs each one executed.
#
#   bash tests/fuzz/run.sh [SECONDS]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Build output
# goes to tests/fuzz/target (override with NLWIRE_FUZZ_TARGET_DIR), never to the main
# workspace's target dir, since fuzz builds use different compiler flags. New corpus
# entries go to tests/fuzz/corpus/<target>/, crashes to tests/fuzz/artifacts/<target>/
# (all gitignored). Exits non-zero if any target crashes.
set -euo pipefail

secs="${1:-30}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target_dir="${NLWIRE_FUZZ_TARGET_DIR:-$here/target}"
cd "$root"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: needs the nightly toolchain and cargo-fuzz (cargo install cargo-fuzz)" >&2
    exit 1
fi

targets="$(cargo +nightly fuzz list --fuzz-dir "$here")"
cargo +nightly fuzz build --fuzz-dir "$here" --target-dir "$target_dir"

status=0
for t in $targets; do
    mkdir -p "$here/corpus/$t"
    log="$(mktemp)"
    if cargo +nightly fuzz run --fuzz-dir "$here" --target-dir "$target_dir" "$t" \
        "$here/corpus/$t" "$here/seeds/$t" -- \
        -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
        cov="$(grep -Eo 'cov: [0-9]+' "$log" | tail -n 1 || true)"
        echo "fuzz $t: ok, ${execs:-?} execs in ${secs}s (${cov:-cov: ?}, corpus $(find "$here/corpus/$t" -type f | wc -l) files)"
    else
        echo "fuzz $t: FAILED (artifacts in $here/artifacts/$t)"
        tail -n 60 "$log"
        status=1
    fi
    rm -f "$log"
done
exit "$status"
