//! The history file on disk: appends of one whole line under an exclusive
//! lock, reads under a shared one, and neither waits long for a lock
//! another program holds.
//!
//! A lock is tried, not waited for: [`LOCK_WAIT`] of short retries, then
//! an append gives up (the session is not recorded, and says so) and a
//! read goes ahead without the lock. Reading without it is safe enough:
//! lines are only ever added, so the worst a reader sees is the line being
//! written, cut short, counted as damaged and said to be.

use super::{Record, Summary, summarize};
use crate::routine::{Code, Problem, Report};
use jiff::civil::Date;
use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long an append or `kneadle history` tries for a lock another
/// program holds before giving up on it.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// The first pause between two tries of a lock; each doubles, up to
/// [`MAX_RETRY`].
const FIRST_RETRY: Duration = Duration::from_millis(5);
const MAX_RETRY: Duration = Duration::from_millis(100);

/// Which lock to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    Shared,
    Exclusive,
}

/// Takes `lock` on `file`, trying again with a growing pause for at most
/// `wait`. `Ok(false)`: another holder kept it all that time.
fn lock_within(file: &File, lock: Lock, wait: Duration) -> io::Result<bool> {
    let deadline = Instant::now() + wait;
    let mut pause = FIRST_RETRY;
    loop {
        let tried = match lock {
            Lock::Shared => file.try_lock_shared(),
            Lock::Exclusive => file.try_lock(),
        };
        match tried {
            Ok(()) => return Ok(true),
            Err(TryLockError::Error(e)) => return Err(e),
            Err(TryLockError::WouldBlock) => {}
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(false);
        }
        std::thread::sleep(pause.min(left));
        pause = (pause * 2).min(MAX_RETRY);
    }
}

const HELP: &str = "check the state folder (KNEADLE_STATE_DIR overrides it) and its permissions";

pub(super) fn failure(path: &Path, code: Code, message: String, help: &str) -> Report {
    Report {
        origin: path.display().to_string(),
        source: String::new(),
        problems: vec![Problem::whole_file(code, message).help(help)],
    }
}

/// What an append needs of the file it writes to, so that a test can put
/// a disk that fills up in its place.
pub(super) trait Log: Read + Write + Seek {
    /// Makes the file `len` bytes long again.
    fn cut(&mut self, len: u64) -> io::Result<()>;
    /// Makes what was written durable; an error here (a full disk found
    /// late, a network file system) fails the append.
    fn sync(&mut self) -> io::Result<()>;
}

impl Log for File {
    fn cut(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }

    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
}

/// Why an append wrote nothing.
#[derive(Debug)]
pub(super) enum Unwritten {
    /// The write failed and the file was cut back to where it began.
    Failed(io::Error),
    /// The write failed, and cutting back failed too: part of a line may
    /// be left, which readers skip as damaged.
    Torn { write: io::Error, cut: io::Error },
}

/// Appends `line` (one record and its `\n`) to the end of `log`, whole or
/// not at all: a failed write is cut back to where the append began, so
/// no torn line is left for the next record to be glued to. Run under the
/// exclusive lock, so the end cannot move underneath.
pub(super) fn append_line(log: &mut impl Log, line: &str) -> Result<(), Unwritten> {
    let start = log.seek(SeekFrom::End(0)).map_err(Unwritten::Failed)?;
    let mut bytes = Vec::with_capacity(line.len() + 1);
    // A crash mid-write, or an edit, may have left a line without its
    // end: finish it, so this record stays a line of its own.
    if start > 0 {
        let mut last = [0u8];
        log.seek(SeekFrom::End(-1)).map_err(Unwritten::Failed)?;
        log.read_exact(&mut last).map_err(Unwritten::Failed)?;
        if last != *b"\n" {
            bytes.push(b'\n');
        }
    }
    bytes.extend_from_slice(line.as_bytes());
    // One write of the whole line: appends from other processes land
    // before or after it, never inside it.
    let written = log
        .write_all(&bytes)
        .and_then(|()| log.flush())
        .and_then(|()| log.sync());
    match written {
        Ok(()) => Ok(()),
        Err(write) => match log.cut(start) {
            Ok(()) => Err(Unwritten::Failed(write)),
            Err(cut) => Err(Unwritten::Torn { write, cut }),
        },
    }
}

/// Appends `record` as one line to the history at `path`, creating its
/// folder. The line is written whole under an exclusive lock, or not at
/// all; nothing already in the file is touched. Waits at most
/// [`LOCK_WAIT`] for a lock another program holds.
pub fn append(path: &Path, record: &Record) -> Result<(), Report> {
    let cannot = |e: io::Error| {
        failure(
            path,
            Code::CannotWrite,
            format!("cannot write the history, so this session was not recorded: {e}"),
            HELP,
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let mut line = serde_json::to_string(record).map_err(|e| cannot(io::Error::other(e)))?;
    line.push('\n');
    let mut options = std::fs::OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A history is personal; and a FIFO in its place must not hang us.
        options.mode(0o600).custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(cannot(io::Error::other("it is not a regular file")));
    }
    if !lock_within(&file, Lock::Exclusive, LOCK_WAIT).map_err(cannot)? {
        return Err(failure(
            path,
            Code::CannotWrite,
            format!(
                "another program held the history locked for {} s, so this session was not recorded",
                LOCK_WAIT.as_secs()
            ),
            "another kneadle may be stuck writing it, or a program keeps it locked (`fuser -v` on the file names it)",
        ));
    }
    match append_line(&mut file, &line) {
        Ok(()) => Ok(()),
        Err(Unwritten::Failed(e)) => Err(failure(
            path,
            Code::CannotWrite,
            format!(
                "cannot write the history, so this session was not recorded: {e}; the file is as it was"
            ),
            "check the free space and permissions of the state folder (KNEADLE_STATE_DIR overrides it)",
        )),
        Err(Unwritten::Torn { write, cut }) => Err(failure(
            path,
            Code::CannotWrite,
            format!(
                "cannot write the history, so this session was not recorded: {write}; part of its line may be left (cutting it off failed: {cut}), and is skipped as damaged"
            ),
            "check the free space and permissions of the state folder (KNEADLE_STATE_DIR overrides it)",
        )),
    }
}

/// Reads the history at `path` into a summary counted to `today`, waiting
/// at most [`LOCK_WAIT`] for a writer's lock, then reading without it
/// ([`Summary::unlocked`] says so). No file yet is an empty history.
pub fn read(path: &Path, today: Date) -> Result<Summary, Report> {
    read_within(path, today, LOCK_WAIT)
}

/// [`read`], waiting at most `wait` for the lock.
pub(super) fn read_within(path: &Path, today: Date, wait: Duration) -> Result<Summary, Report> {
    let cannot = |e: io::Error| {
        failure(
            path,
            Code::CannotRead,
            format!("cannot read the history: {e}"),
            HELP,
        )
    };
    let file = match crate::store::library::open_without_waiting(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Summary::new(today)),
        Err(e) => return Err(cannot(e)),
    };
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(cannot(io::Error::other("it is not a regular file")));
    }
    // Shared: a writer waits until the reading is done, so no half-written
    // line is seen. A file system without locks is read all the same, and
    // so is a file another program keeps locked.
    let locked = lock_within(&file, Lock::Shared, wait).unwrap_or(true);
    let mut summary = summarize(io::BufReader::new(file), today).map_err(cannot)?;
    summary.unlocked = !locked;
    Ok(summary)
}

/// Has the routine `routine` (an id or path, as recorded) been followed
/// before? `None` where no history is kept yet, so there is nothing to
/// ask. The first time a routine is followed, its caution waits for Enter.
/// A run never waits for the history's lock: it reads at once.
pub fn followed_before(routine: &str) -> Option<bool> {
    let path = crate::store::paths::history_file()?;
    if !path.is_file() {
        return None;
    }
    let summary = read_within(&path, jiff::ZonedDateTime::now().date(), Duration::ZERO).ok()?;
    // Past the summary's cap on routines it cannot tell: assume it was.
    Some(summary.other_sessions > 0 || summary.routines().iter().any(|r| r.routine == routine))
}
