//! taskstats: per-thread (`pid`) and per-process (`tgid`) statistics.

use crate::error::{DecodeError, EncodeError};
use crate::genl::families::taskstats::{self as fam, Taskstats, cmd, cmd_attr, type_attr};
use crate::writer::Buffer;

use super::genl_view;

/// Whose statistics to get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// One thread.
    Pid(u32),
    /// A whole thread group (process).
    Tgid(u32),
}

/// Writes `TASKSTATS_CMD_GET` for `task` (a single reply; `NLM_F_ACK` is set).
pub fn get_request<B: Buffer + ?Sized>(
    buf: &mut B,
    family: u16,
    seq: u32,
    task: Task,
) -> Result<usize, EncodeError> {
    let mut b = super::start(buf, family, seq, cmd::GET, fam::VERSION, false)?;
    match task {
        Task::Pid(p) => b.put_u32(cmd_attr::PID, p)?,
        Task::Tgid(t) => b.put_u32(cmd_attr::TGID, t)?,
    }
    Ok(b.finish())
}

genl_view!(
    /// `TASKSTATS_CMD_NEW`: the statistics of a thread or process.
    StatsMsg,
    8,
    fam::FAMILY_NAME,
    [cmd::NEW]
);

impl<'a> StatsMsg<'a> {
    /// The task (`AGGR_PID` holds `PID`, `AGGR_TGID` holds `TGID`) and its statistics.
    /// `Ok(None)` when the message has no aggregate.
    pub fn stats(&self) -> Result<Option<(Task, &'a Taskstats)>, DecodeError> {
        let v = self.view();
        let (aggr, is_pid) = match (v.get(type_attr::AGGR_PID), v.get(type_attr::AGGR_TGID)) {
            (Some(a), _) => (a, true),
            (None, Some(a)) => (a, false),
            (None, None) => return Ok(None),
        };
        let mut id = None;
        let mut stats = None;
        for a in aggr.nested() {
            let a = a?;
            match a.kind() {
                type_attr::PID | type_attr::TGID => id = Some(a.u32()?),
                type_attr::STATS => stats = Some(a.view_prefix::<Taskstats>()?),
                _ => {}
            }
        }
        match (id, stats) {
            (Some(id), Some(s)) => {
                let t = if is_pid {
                    Task::Pid(id)
                } else {
                    Task::Tgid(id)
                };
                Ok(Some((t, s)))
            }
            _ => Err(super::missing(
                "taskstats aggregate without an id or stats",
                aggr.offset(),
            )),
        }
    }
}
