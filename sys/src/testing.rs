//! Helpers for tests that need the real kernel: each runs in a private network namespace,
//! and skips (or fails, in CI) where one cannot be made.
//!
//! As root, the namespace is made on a helper thread ([`with_private_netns`]). Without
//! root, a multithreaded test process cannot make one itself (a user namespace is needed,
//! and the kernel gives those only to single-threaded processes), so the test is run
//! again in a child process started under `unshare --user --map-root-user --net`
//! (util-linux), where it has the privilege; the parent then only reports the child's
//! result. Where that is impossible too, the test is skipped with a printed reason, or
//! fails when `NLWIRE_REQUIRE_KERNEL=1`.
//!
//! ```no_run
//! use nlwire_sys::{Client, Protocol, testing};
//!
//! #[test]
//! fn lo_exists() {
//!     // The name must be the test's name: an unprivileged run re-runs it by name.
//!     testing::in_private_netns("lo_exists", || {
//!         let mut client = Client::open(Protocol::ROUTE).unwrap();
//!         // … requests here only see and change the private namespace …
//!     });
//! }
//! ```

use std::collections::HashSet;
use std::fmt::Display;
use std::io::{self, Write as _};
use std::process::Command;
use std::sync::Mutex;

use crate::netns::{NetNs, with_private_netns};

/// The environment variable that turns skips into failures when set to `1` (CI sets it).
pub const REQUIRE_KERNEL_ENV: &str = "NLWIRE_REQUIRE_KERNEL";

/// Set in the child process that re-runs a test in a user namespace.
const CHILD_ENV: &str = "NLWIRE_TEST_USERNS_CHILD";

/// Tests already re-run in a child process (a test may make several namespaces).
static DELEGATED: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Whether `NLWIRE_REQUIRE_KERNEL=1`.
pub fn kernel_required() -> bool {
    std::env::var_os(REQUIRE_KERNEL_ENV).is_some_and(|v| v == "1")
}

/// Reports that `test` cannot run because of `reason`: prints `SKIP <test>: <reason>` to
/// stderr (past the test harness's output capture) and returns `None`, or panics when
/// [`kernel_required`].
pub fn skip<R>(test: &str, reason: impl Display) -> Option<R> {
    if kernel_required() {
        panic!("{test}: the real kernel is required ({REQUIRE_KERNEL_ENV}=1) but {reason}");
    }
    // Written to the process's stderr directly, not through `eprintln!`, which the test
    // harness captures: a skip should be seen.
    let _ = writeln!(io::stderr(), "SKIP {test}: {reason}");
    None
}

/// Runs `f` in a new private network namespace (see
/// [`crate::with_private_netns`]) and returns its result.
///
/// Without the privilege, the test `test` (its name as the test harness knows it) is
/// re-run in a child process that has it, and `None` is returned once the child passed
/// (a failure in the child fails the test). When no namespace can be had at all, the test
/// is skipped (see [`skip`]). A panic in `f` fails the test as usual.
pub fn in_private_netns<F, R>(test: &str, f: F) -> Option<R>
where
    F: FnOnce() -> R + Send,
    R: Send,
{
    match with_private_netns(f) {
        Ok(r) => Some(r),
        Err(e) => unprivileged(test, &e),
    }
}

/// Creates a private network namespace that several threads can enter with
/// [`NetNs::run_in`]. Without the privilege, behaves like [`in_private_netns`]: the test
/// is re-run in a privileged child, or skipped, and `None` is returned.
pub fn private_netns(test: &str) -> Option<NetNs> {
    match NetNs::new_private() {
        Ok(ns) => Some(ns),
        Err(e) => unprivileged(test, &e),
    }
}

/// What to do when no namespace could be made: re-run the test in a child process with
/// the privilege, or skip it.
fn unprivileged<R>(test: &str, error: &io::Error) -> Option<R> {
    let reason = format!("cannot create a network namespace: {error}");
    if error.kind() != io::ErrorKind::PermissionDenied || std::env::var_os(CHILD_ENV).is_some() {
        return skip(test, reason);
    }
    let name = test_name(test);
    {
        let mut done = DELEGATED.lock().unwrap_or_else(|p| p.into_inner());
        if !done.get_or_insert_with(HashSet::new).insert(name.clone()) {
            // The child already ran the whole test.
            return None;
        }
    }
    match rerun_in_user_namespace(&name) {
        Ok(()) => None,
        Err(Rerun::Unavailable(why)) => skip(test, format_args!("{reason}; {why}")),
        Err(Rerun::Failed(output)) => {
            panic!("{name} failed in its user-namespace child process:\n{output}")
        }
    }
}

/// The test's full name: the harness names each test's thread after it.
fn test_name(given: &str) -> String {
    match std::thread::current().name() {
        Some(n) if n != "main" && n.ends_with(given) => n.to_owned(),
        _ => given.to_owned(),
    }
}

enum Rerun {
    /// The child could not run the test (no `unshare`, user namespaces disabled, …).
    Unavailable(String),
    /// The test ran in the child and failed; its output.
    Failed(String),
}

/// Runs test `name` of this test binary again, alone, under `unshare -Urn`.
fn rerun_in_user_namespace(name: &str) -> Result<(), Rerun> {
    let exe = std::env::current_exe()
        .map_err(|e| Rerun::Unavailable(format!("cannot find the test binary: {e}")))?;
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--net", "--"])
        .arg(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .map_err(|e| Rerun::Unavailable(format!("cannot run `unshare`: {e}")))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && text.contains("test result: ok. 1 passed") {
        // Shown with the test's output (`--nocapture`, or when it fails later).
        println!("{name}: ran in a user-namespace child process");
        return Ok(());
    }
    if text.contains(&format!("test {name} ... FAILED")) {
        return Err(Rerun::Failed(text));
    }
    Err(Rerun::Unavailable(format!(
        "re-running it under `unshare -Urn` did not work ({}): {}",
        out.status,
        text.lines().last().unwrap_or("no output")
    )))
}
