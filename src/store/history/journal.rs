//! `Journal`: a routine being followed, as history will record it. The
//! full screen and plain mode both keep one and give it every event.
//!
//! A run never waits on its history: the outcome is appended on a thread
//! of its own, which gives up after [`LOCK_WAIT`] if another program holds
//! the file locked. Its result is handed back by the next [`Journal::hear`],
//! and when the journal is dropped (the run is over) it waits for what is
//! still being written, but never past the append's own deadline, and says
//! in one report what could not be recorded.

use super::file::{LOCK_WAIT, failure};
use super::{Ending, Record, append, should_record};
use crate::guide::Outcome;
use crate::routine::{Code, Report};
use jiff::ZonedDateTime;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

/// How long, past its lock's wait, an append may take to write its line
/// before the program stops waiting for it.
pub const WRITE_GRACE: Duration = Duration::from_millis(500);

/// A routine being followed: who it is, when it started (wall clock, local
/// time), and the appends of its outcome under way.
#[derive(Debug)]
pub struct Journal {
    routine: String,
    name: String,
    hash: String,
    start: Option<ZonedDateTime>,
    /// The history file; `None` where there is no state folder.
    path: Option<PathBuf>,
    pending: Vec<Pending>,
}

/// An append on its thread: how it went, once it is done.
#[derive(Debug)]
struct Pending {
    done: Receiver<Result<(), Report>>,
    /// Past this, nobody waits for it any more.
    by: Instant,
    path: PathBuf,
}

impl Journal {
    /// For the routine `entry` holds (its id as typed, or as listed),
    /// recorded in the history file of the state folder.
    pub fn new(entry: &crate::store::library::Entry) -> Option<Self> {
        let routine = entry.routine.as_ref().ok()?;
        Some(Self::at(
            crate::store::paths::history_file(),
            entry.id.clone(),
            routine.name.clone(),
            entry.hash.clone(),
        ))
    }

    pub(super) fn at(path: Option<PathBuf>, routine: String, name: String, hash: String) -> Self {
        Self {
            routine,
            name,
            hash,
            start: None,
            path,
            pending: Vec::new(),
        }
    }

    /// This journal, taking over the appends `previous` still has under
    /// way: a journal replaced by the next routine's hands them on instead
    /// of waiting for them.
    pub fn after(mut self, previous: Option<Self>) -> Self {
        if let Some(mut previous) = previous {
            self.pending.append(&mut previous.pending);
        }
        self
    }

    /// Hears the guide's events: notes the start, and records the end
    /// (when practised long enough) in the history file, on a thread. A
    /// failure to record (of this or an earlier append that has finished
    /// since) is returned for the caller to show; it never stops a run,
    /// and this never waits.
    pub fn hear(&mut self, events: &[crate::guide::Event]) -> Option<Report> {
        use crate::guide::Event;
        let mut failed = self.collect();
        for event in events {
            match event {
                Event::RoutineStarted { .. } => self.start = Some(ZonedDateTime::now()),
                Event::Finished { outcome, .. } | Event::Stopped { outcome, .. } => {
                    if let Some(record) = self.ended(outcome)
                        && let Some(path) = self.path.clone()
                        && let Err(report) = self.record(path, record)
                    {
                        failed = Some(report);
                    }
                }
                _ => {}
            }
        }
        failed
    }

    /// The record of a session that ended with `outcome`, if it is one
    /// to keep: it started, and was practised long enough.
    fn ended(&mut self, outcome: &Outcome) -> Option<Record> {
        let start = self.start.take()?;
        should_record(outcome.practised).then(|| Record {
            routine: self.routine.clone(),
            name: self.name.clone(),
            hash: self.hash.clone(),
            start,
            planned_secs: outcome.planned.as_secs(),
            practised_secs: outcome.practised.as_secs(),
            steps_completed: u32::try_from(outcome.steps_completed).unwrap_or(u32::MAX),
            ending: if outcome.completed {
                Ending::Completed
            } else {
                Ending::Stopped
            },
        })
    }

    /// Starts appending `record` to `path` on a thread of its own.
    fn record(&mut self, path: PathBuf, record: Record) -> Result<(), Report> {
        let (tx, done) = mpsc::sync_channel(1);
        let file = path.clone();
        std::thread::Builder::new()
            .name("history".into())
            .spawn(move || {
                let _ = tx.send(append(&file, &record));
            })
            .map_err(|e| {
                failure(
                    &path,
                    Code::CannotWrite,
                    format!(
                        "cannot start writing the history, so this session was not recorded: {e}"
                    ),
                    "the system is short of threads or memory",
                )
            })?;
        self.pending.push(Pending {
            done,
            by: Instant::now() + LOCK_WAIT + WRITE_GRACE,
            path,
        });
        Ok(())
    }

    /// The last failure among the appends that have finished, which are
    /// let go; the others are kept.
    fn collect(&mut self) -> Option<Report> {
        let mut failed = None;
        self.pending.retain(|p| match p.done.try_recv() {
            Ok(Ok(())) => false,
            Ok(Err(report)) => {
                failed = Some(report);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                failed = Some(stopped(p));
                false
            }
        });
        failed
    }

    /// Waits for every append under way, each until its deadline at most,
    /// and gives what could not be recorded.
    pub fn settle(&mut self) -> Vec<Report> {
        self.pending
            .drain(..)
            .filter_map(|p| {
                let left = p.by.saturating_duration_since(Instant::now());
                match p.done.recv_timeout(left) {
                    Ok(result) => result.err(),
                    Err(RecvTimeoutError::Timeout) => Some(failure(
                        &p.path,
                        Code::CannotWrite,
                        format!(
                            "the history was still being written after {} s; this session may not be recorded",
                            (LOCK_WAIT + WRITE_GRACE).as_secs_f32()
                        ),
                        "the state folder's disk may be slow or gone (KNEADLE_STATE_DIR overrides it)",
                    )),
                    Err(RecvTimeoutError::Disconnected) => Some(stopped(&p)),
                }
            })
            .collect()
    }
}

/// The append's thread ended without a word (it cannot, short of a panic).
fn stopped(p: &Pending) -> Report {
    failure(
        &p.path,
        Code::CannotWrite,
        "the history writer stopped early; this session may not be recorded".into(),
        "please report this",
    )
}

/// The run is over: what is still being written gets until its deadline,
/// and what could not be recorded is said on standard error (by now the
/// terminal is given back: both front ends drop their journal after
/// leaving it).
impl Drop for Journal {
    fn drop(&mut self) {
        let reports = self.settle();
        let mut err = std::io::stderr().lock();
        for report in reports {
            let _ = write!(err, "{}", report.render());
        }
    }
}
