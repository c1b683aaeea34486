//! `TASKSTATS`: per-task and per-process statistics (delay accounting, CPU times, I/O,
//! memory) from the kernel's taskstats interface. Not a YNL family: written by hand
//! from `include/uapi/linux/taskstats.h`.
//!
//! A `TASKSTATS_CMD_GET` with `TASKSTATS_CMD_ATTR_PID` (a thread) or `_TGID` (a whole
//! process) is answered by `TASKSTATS_CMD_NEW` carrying `TASKSTATS_TYPE_AGGR_PID` (or
//! `_AGGR_TGID`), a nest of the id and `TASKSTATS_TYPE_STATS`: a `struct taskstats`.
//! The kernel allows it only with `CAP_NET_ADMIN` in the initial user namespace.

use zerocopy::byteorder::native_endian::{U16, U32, U64};
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::attr_set;
use crate::desc::{AttrSet, Value};

/// The family's name for the controller (`TASKSTATS_GENL_NAME`).
pub const FAMILY_NAME: &str = "TASKSTATS";
/// The family's interface version (`TASKSTATS_GENL_VERSION`).
pub const VERSION: u8 = 1;
/// Bytes of the family's fixed header after `genlmsghdr` (none).
pub const FIXED_HEADER_LEN: usize = 0;
/// `TS_COMM_LEN`: bytes of `ac_comm`.
pub const TS_COMM_LEN: usize = 32;
/// `TASKSTATS_VERSION` of Linux 6.12, the layout [`Taskstats`] has.
pub const TASKSTATS_VERSION: u16 = 14;

/// Commands (`TASKSTATS_CMD_*`).
pub mod cmd {
    /// `TASKSTATS_CMD_UNSPEC`.
    pub const UNSPEC: u8 = 0;
    /// `TASKSTATS_CMD_GET`: user space asks for a task's statistics.
    pub const GET: u8 = 1;
    /// `TASKSTATS_CMD_NEW`: the kernel's answer, or an exit event to a listener.
    pub const NEW: u8 = 2;

    /// The command's name, if known.
    pub const fn name(c: u8) -> Option<&'static str> {
        Some(match c {
            0 => "unspec",
            1 => "get",
            2 => "new",
            _ => return None,
        })
    }
}

attr_set! {
    /// Request attributes (`TASKSTATS_CMD_ATTR_*`).
    pub mod cmd_attr, pub static CMD_ATTR = "TASKSTATS_CMD_ATTR_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// `TASKSTATS_CMD_ATTR_PID` (u32): statistics of one thread.
        PID = 1 => Value::U32,
        /// `TASKSTATS_CMD_ATTR_TGID` (u32): statistics of a whole process.
        TGID = 2 => Value::U32,
        /// `TASKSTATS_CMD_ATTR_REGISTER_CPUMASK` (string, `"0-3"`): listen for exits
        /// on these CPUs.
        REGISTER_CPUMASK = 3 => Value::Str,
        /// `TASKSTATS_CMD_ATTR_DEREGISTER_CPUMASK` (string).
        DEREGISTER_CPUMASK = 4 => Value::Str,
    }
}

attr_set! {
    /// Reply attributes (`TASKSTATS_TYPE_*`).
    pub mod type_attr, pub static TYPE = "TASKSTATS_TYPE_" {
        /// Unused.
        UNSPEC = 0 => Value::Unspec,
        /// `TASKSTATS_TYPE_PID` (u32).
        PID = 1 => Value::U32,
        /// `TASKSTATS_TYPE_TGID` (u32).
        TGID = 2 => Value::U32,
        /// `TASKSTATS_TYPE_STATS`: a `struct taskstats` ([`Taskstats`](crate::genl::families::taskstats::Taskstats)).
        STATS = 3 => Value::Struct("taskstats", 0),
        /// `TASKSTATS_TYPE_AGGR_PID`: `PID` and `STATS`.
        AGGR_PID = 4 => Value::Nested(&TYPE),
        /// `TASKSTATS_TYPE_AGGR_TGID`: `TGID` and `STATS`.
        AGGR_TGID = 5 => Value::Nested(&TYPE),
        /// `TASKSTATS_TYPE_NULL`: padding so that the stats are 64-bit aligned.
        NULL = 6 => Value::Unspec,
    }
}

/// `struct taskstats` as of version 14 (Linux 6.12): 432 bytes with the C padding made
/// explicit. Later versions only append fields: read it with
/// [`crate::Attr::view_prefix`], which accepts longer payloads ([`Self::version`] tells
/// which); the tail of a newer kernel's struct is left to the caller. All delays are in
/// nanoseconds, times in microseconds unless noted.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    KnownLayout,
    Immutable,
    Unaligned,
)]
#[repr(C)]
pub struct Taskstats {
    /// The struct's version (`TASKSTATS_VERSION` of the kernel).
    pub version: U16,
    /// Padding.
    pub pad0: [u8; 2],
    /// Exit status.
    pub ac_exitcode: U32,
    /// Accounting flags (`AFORK`, `ASU`, `ACORE`, `AXSIG`).
    pub ac_flag: u8,
    /// `task_nice`.
    pub ac_nice: u8,
    /// Padding.
    pub pad1: [u8; 6],
    /// Delay accounting: times waiting for a CPU while runnable.
    pub cpu_count: U64,
    /// Delay accounting: total delay waiting for a CPU.
    pub cpu_delay_total: U64,
    /// Delay accounting: synchronous block I/O waits.
    pub blkio_count: U64,
    /// Delay accounting: total block I/O delay.
    pub blkio_delay_total: U64,
    /// Delay accounting: swap-in waits.
    pub swapin_count: U64,
    /// Delay accounting: total swap-in delay.
    pub swapin_delay_total: U64,
    /// CPU "wall-clock" running time (ns).
    pub cpu_run_real_total: U64,
    /// CPU "virtual" running time (ns).
    pub cpu_run_virtual_total: U64,
    /// Command name, NUL-padded.
    pub ac_comm: [u8; TS_COMM_LEN],
    /// Scheduling discipline.
    pub ac_sched: u8,
    /// Padding.
    pub ac_pad: [u8; 3],
    /// Padding.
    pub pad2: [u8; 4],
    /// User id.
    pub ac_uid: U32,
    /// Group id.
    pub ac_gid: U32,
    /// Process id.
    pub ac_pid: U32,
    /// Parent process id.
    pub ac_ppid: U32,
    /// Begin time (seconds since 1970, 32-bit).
    pub ac_btime: U32,
    /// Padding.
    pub pad3: [u8; 4],
    /// Elapsed time.
    pub ac_etime: U64,
    /// User CPU time.
    pub ac_utime: U64,
    /// System CPU time.
    pub ac_stime: U64,
    /// Minor page faults.
    pub ac_minflt: U64,
    /// Major page faults.
    pub ac_majflt: U64,
    /// Accumulated RSS usage in MB-µs.
    pub coremem: U64,
    /// Accumulated virtual memory usage in MB-µs.
    pub virtmem: U64,
    /// High-water RSS in KB.
    pub hiwater_rss: U64,
    /// High-water virtual memory in KB.
    pub hiwater_vm: U64,
    /// Bytes read.
    pub read_char: U64,
    /// Bytes written.
    pub write_char: U64,
    /// Read system calls.
    pub read_syscalls: U64,
    /// Write system calls.
    pub write_syscalls: U64,
    /// Bytes of storage read.
    pub read_bytes: U64,
    /// Bytes of storage written.
    pub write_bytes: U64,
    /// Bytes of cancelled writes.
    pub cancelled_write_bytes: U64,
    /// Voluntary context switches.
    pub nvcsw: U64,
    /// Involuntary context switches.
    pub nivcsw: U64,
    /// User time scaled by CPU frequency.
    pub ac_utimescaled: U64,
    /// System time scaled by CPU frequency.
    pub ac_stimescaled: U64,
    /// Scaled `cpu_run_real_total`.
    pub cpu_scaled_run_real_total: U64,
    /// Delay accounting: memory reclaim waits.
    pub freepages_count: U64,
    /// Delay accounting: total memory reclaim delay.
    pub freepages_delay_total: U64,
    /// Delay accounting: thrashing waits.
    pub thrashing_count: U64,
    /// Delay accounting: total thrashing delay.
    pub thrashing_delay_total: U64,
    /// Begin time (seconds since 1970, 64-bit).
    pub ac_btime64: U64,
    /// Delay accounting: memory compaction waits.
    pub compact_count: U64,
    /// Delay accounting: total memory compaction delay.
    pub compact_delay_total: U64,
    /// Thread group id.
    pub ac_tgid: U32,
    /// Padding.
    pub pad4: [u8; 4],
    /// Thread group wall time (ns).
    pub ac_tgetime: U64,
    /// Device of the program binary.
    pub ac_exe_dev: U64,
    /// Inode of the program binary.
    pub ac_exe_inode: U64,
    /// Delay accounting: write-protect copy waits.
    pub wpcopy_count: U64,
    /// Delay accounting: total write-protect copy delay.
    pub wpcopy_delay_total: U64,
    /// Delay accounting: IRQ/softirq waits.
    pub irq_count: U64,
    /// Delay accounting: total IRQ/softirq delay.
    pub irq_delay_total: U64,
}

const _: () = assert!(core::mem::size_of::<Taskstats>() == Taskstats::LEN);

impl Taskstats {
    /// Size of version 14.
    pub const LEN: usize = 432;

    /// The struct's version.
    pub fn version(&self) -> u16 {
        self.version.get()
    }

    /// The command name, without the NUL padding (lossy: bytes up to the first NUL).
    pub fn comm(&self) -> &[u8] {
        let n = self
            .ac_comm
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(TS_COMM_LEN);
        &self.ac_comm[..n]
    }
}

/// The attribute set of command `c`.
pub fn attr_set_for(c: u8, _from_kernel: bool) -> Option<&'static AttrSet> {
    match c {
        cmd::GET => Some(&CMD_ATTR),
        cmd::NEW => Some(&TYPE),
        _ => None,
    }
}

fn cmd_name(c: u8, _from_kernel: bool) -> Option<&'static str> {
    cmd::name(c)
}

/// The family's description for the dissector ([`super::dissect`]).
pub static FAMILY: super::Family = super::Family {
    name: FAMILY_NAME,
    version: VERSION,
    fixed_header_len: FIXED_HEADER_LEN,
    cmd_name,
    attr_set: attr_set_for,
    mcast_groups: &[],
};
