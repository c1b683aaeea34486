//! Differential suite: each scenario (and each proptest-generated random script) runs
//! against a fresh real network namespace and against a fresh simulated kernel
//! (`nlwire_simkernel`), and the normalised transcripts must be equal.
//!
//! A transcript holds, per op: every reply (message type, flags, seq, errno, ext-ack
//! MSG/OFFS/POLICY/MISS_TYPE/MISS_NEST, and each data message's main fields read through
//! the codec's typed views), the notifications seen by a listener joined to the link,
//! address, route, neighbour, rule and nexthop groups (one ordered stream per group); and,
//! after the last op, the link/addr/route/neigh/rule/nexthop dumps as sorted sets.
//!
//! # Volatile fields (masked)
//!
//! As listed in `tests/differential/kernel-behaviour.md` ("Proving fidelity"):
//! - interface indexes: renamed `if1`, `if2`, … by first appearance in each transcript;
//! - port ids: shown as `own` (the request socket), `0` or `other`;
//! - MAC addresses (`IFLA_ADDRESS`, `IFLA_BROADCAST`, `IFLA_PERM_ADDRESS`): not compared
//!   (a neighbour's `NDA_LLADDR` is, as the scripts set it; that of a bridge FDB entry,
//!   an `AF_BRIDGE` neighbour, is a device's random address: renamed `mac1`, `mac2`, …
//!   by first appearance; entries the bridge learns from traffic, not in
//!   `NUD_PERMANENT`, are dropped);
//! - IPv6 link-local (`fe80::/10`) and multicast (`ff00::/8`) addresses and routes, and
//!   neighbours in `NUD_NOARP` or with a multicast destination: dropped (they follow from
//!   MACs, DAD timers and MLD traffic);
//! - the order of messages in a neighbour dump, and of the neighbour notifications of one
//!   op (flushes), which follow hash-table order: sorted;
//! - statistics, `*_CACHEINFO`, `RTA_EXPIRES`, carrier/changes counters: not compared;
//! - asynchronous linkwatch/DAD effects: `IFF_RUNNING`, `IFF_LOWER_UP`, `IFF_DORMANT`,
//!   `IFLA_OPERSTATE`, `IFLA_CARRIER` and `RTNH_F_LINKDOWN`/`RTNH_F_DEAD` are masked; a
//!   `RTM_NEWLINK` notification equal to the previous one for that device once those (and
//!   `ifi_change`) are masked is dropped from the stream. Scenarios marked `settle` wait
//!   for the real kernel to settle and then compare operstate and `LOWER_UP` in the final
//!   link dump. On the real side, after an op that may start such work, the listener is
//!   drained until two 3 ms pauses in a row bring nothing (and, after an IPv6 address
//!   request, until its `RTM_NEWADDR` has come).
//!
//! Scenarios that are known to diverge are listed in [`KNOWN_DIVERGENCES`] with a reason;
//! such a scenario must still diverge (fixing simkernel forces removing the entry).
//!
//! Rows of the table that need more than rtnetlink requests on one socket (receive-buffer
//! sizes, a second dump, `NLM_F_DUMP_INTR`, `ENOBUFS`, port ids, generic netlink) are
//! claimed by the test files named in `scenarios::ELSEWHERE`; [`every_table_row_is_claimed`]
//! checks that each row is claimed once at least.
//!
//! Real-kernel parts run in a private namespace made by the test; without the privilege
//! they print `SKIP` and pass, unless `NLWIRE_REQUIRE_KERNEL=1`.
//!
//! The random scripts (see `random`): `NLWIRE_DIFF_CASES` cases (default 220) of 1 to
//! 100 ops, fixed seed, over a small universe narrowed where simkernel is known to
//! diverge; a divergence is shrunk by proptest and reported as the minimal script with
//! the first difference. `NLWIRE_DIFF_ONLY=NAME` runs only the scenarios whose name
//! contains NAME; `NLWIRE_DIFF_SHOW=1` prints both transcripts of each.

#[path = "differential/norm.rs"]
mod norm;
#[path = "differential/ops.rs"]
mod ops;
#[path = "differential/random.rs"]
mod random;
#[path = "differential/rows.rs"]
mod rows;
#[path = "differential/runner.rs"]
mod runner;
#[path = "differential/scenarios.rs"]
mod scenarios;
#[path = "differential/settle.rs"]
mod settle;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use nlwire_sys::testing;

use runner::{RunOpts, Transcript};
use scenarios::Scenario;

/// Scenarios where simkernel and the real kernel still differ, with the reason.
pub const KNOWN_DIVERGENCES: &[(&str, &str)] = &[];

/// The behaviour table, copied from the shared notes.
const TABLE: &str = include_str!("../differential/kernel-behaviour.md");

/// The real-kernel tests run one at a time: asynchronous kernel work (linkwatch, DAD)
/// is waited for with short pauses, which CPU contention would stretch.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Holds [`SERIAL`] (a failed test does not poison the others).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

static SCENARIOS_RUN: AtomicUsize = AtomicUsize::new(0);
static OPS_COMPARED: AtomicUsize = AtomicUsize::new(0);

/// Runs `ops` in both worlds; `None` when the real kernel is unavailable (skipped).
fn both(test: &str, ops: &[ops::Op], opts: RunOpts) -> Option<(Transcript, Transcript)> {
    let real = testing::in_private_netns(test, || runner::run_real(ops, opts))?;
    let sim = runner::run_sim(ops, opts);
    OPS_COMPARED.fetch_add(ops.len(), Ordering::Relaxed);
    Some((real, sim))
}

/// The first cells of every row of the behaviour table's tables.
fn table_rows() -> Vec<String> {
    TABLE
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .filter_map(|l| l.split('|').nth(1).map(|c| c.trim().to_owned()))
        .filter(|c| c != "behaviour")
        .collect()
}

#[test]
fn every_table_row_is_claimed() {
    let claimed: BTreeSet<&str> = scenarios::all()
        .iter()
        .flat_map(|s| s.rows.iter().copied())
        .chain(scenarios::ELSEWHERE.iter().map(|(r, _)| *r))
        .collect();
    let rows = table_rows();
    assert!(rows.len() >= 30, "table parsed: {rows:?}");
    let missing: Vec<_> = rows
        .iter()
        .filter(|r| !claimed.contains(r.as_str()))
        .collect();
    assert!(missing.is_empty(), "rows without a scenario: {missing:#?}");
    let unknown: Vec<_> = claimed
        .iter()
        .filter(|c| !rows.iter().any(|r| r == *c))
        .collect();
    assert!(
        unknown.is_empty(),
        "claims of rows not in the table: {unknown:#?}"
    );
    for (_, file) in scenarios::ELSEWHERE {
        let path = format!("{}/../{file}", env!("CARGO_MANIFEST_DIR"));
        assert!(
            std::path::Path::new(&path).exists(),
            "{file} claimed but missing"
        );
    }
}

#[test]
fn known_divergences_are_scenarios() {
    let names: BTreeSet<&str> = scenarios::all().iter().map(|s| s.name).collect();
    for (n, _) in KNOWN_DIVERGENCES {
        assert!(
            names.contains(n),
            "KNOWN_DIVERGENCES names {n}, no such scenario"
        );
    }
}

fn check(s: &Scenario) -> Result<(), String> {
    let Some((real, sim)) = both("scenarios_agree", &s.ops, RunOpts { settle: s.settle }) else {
        return Ok(());
    };
    SCENARIOS_RUN.fetch_add(1, Ordering::Relaxed);
    if std::env::var_os("NLWIRE_DIFF_SHOW").is_some() {
        println!("=== {}\n--- kernel:\n{real}--- simkernel:\n{sim}", s.name);
    }
    let known = KNOWN_DIVERGENCES.iter().find(|(n, _)| *n == s.name);
    match (real.first_difference(&sim), known) {
        (None, None) => Ok(()),
        (Some(_), Some(_)) => Ok(()),
        (None, Some((_, why))) => Err(format!(
            "scenario {} agrees now: remove it from KNOWN_DIVERGENCES ({why})",
            s.name
        )),
        (Some(d), None) => Err(format!(
            "scenario {} (rows {:?}) diverges: {d}\n--- kernel transcript:\n{real}--- simkernel transcript:\n{sim}",
            s.name, s.rows
        )),
    }
}

#[test]
fn scenarios_agree() {
    let _serial = serial();
    let only = std::env::var("NLWIRE_DIFF_ONLY").ok();
    let mut failures = Vec::new();
    for s in scenarios::all() {
        if only.as_deref().is_some_and(|o| !s.name.contains(o)) {
            continue;
        }
        if let Err(e) = check(&s) {
            failures.push(e);
        }
    }
    summary();
    assert!(
        failures.is_empty(),
        "{} scenario(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn random_scripts_agree() {
    let _serial = serial();
    if let Some((_, ops)) = random::run() {
        OPS_COMPARED.fetch_add(ops, Ordering::Relaxed);
    }
    summary();
}

/// Prints the totals so far (the last line printed covers both tests).
fn summary() {
    println!(
        "differential: {} scenarios, {} ops compared, {} known divergences",
        SCENARIOS_RUN.load(Ordering::Relaxed),
        OPS_COMPARED.load(Ordering::Relaxed),
        KNOWN_DIVERGENCES.len()
    );
}
