//! The one place kneadle starts another program (the speech program now;
//! sounds and notifications go through here too), so what every child
//! needs holds for all of them:
//!
//! - It is run directly, never through a shell, with standard input,
//!   output and error closed, in a process group of its own: stopping it
//!   stops whatever it started, and Ctrl-C at the terminal reaches
//!   kneadle, not it.
//! - No argument carries a control character, and no argument made from a
//!   text (a routine's words) begins with `-`. getopt, and every option
//!   parser modelled on it, reads an option only from a leading `-`, so a
//!   text that starts with one is given a space in front and stays words,
//!   whoever the program is. (A `--` would protect only the programs that
//!   honour it, and only where it comes before the text.)
//! - Every live child is in one registry, so that [`end_all`] can end them
//!   when kneadle goes on a signal. A pid is signalled only while it is
//!   registered, and a child is reaped only once it is not, so a pid that
//!   may already belong to another process is never signalled.

use crate::text::{first_forbidden, sanitize};
use std::io;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

/// In a command's words, the argument that stands for the text: an
/// argument exactly `{text}` is replaced by it. One that only contains
/// `{text}` is passed as written: glued to an option the text could
/// choose the option's letters.
pub const TEXT: &str = "{text}";

/// One argument of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Ours, or the user's own from the config: passed as written (one
    /// with a control character is refused).
    Fixed(&'a str),
    /// Made from a text: passed as [`text_argument`] makes it.
    Text(&'a str),
}

/// `words` (a program's own arguments, as the config writes them) with
/// `text` in place of each argument that is exactly [`TEXT`], or after
/// them all when none is.
pub fn with_text<'a>(words: &'a [String], text: &'a str) -> Vec<Arg<'a>> {
    let mut args: Vec<Arg<'a>> = words
        .iter()
        .map(|w| {
            if w == TEXT {
                Arg::Text(text)
            } else {
                Arg::Fixed(w)
            }
        })
        .collect();
    if !args.iter().any(|a| matches!(a, Arg::Text(_))) {
        args.push(Arg::Text(text));
    }
    args
}

/// `text` as one argument: line breaks and tabs become spaces, every
/// other character [`sanitize`] refuses is written as a visible escape,
/// and a leading `-` gets a space in front, so it is never an option.
pub fn text_argument(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| {
            if c.is_control() && c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let clean = sanitize(&one_line);
    if clean.starts_with('-') {
        format!(" {clean}")
    } else {
        clean.into_owned()
    }
}

/// Starts `program` with `args`; see the module for the rules. The child
/// is ended when the returned [`Running`] is dropped.
pub fn spawn(program: &Path, args: &[Arg<'_>]) -> io::Result<Running> {
    LIVE.spawn(program, args)
}

/// Ends every program kneadle started that still runs (the whole process
/// group of each): SIGTERM, then, for any still there after a moment,
/// SIGKILL; those that have ended are reaped. From then on nothing more is
/// started. For the exit path on a terminating signal: callable from any
/// thread, it never waits for the registry longer than a moment, and
/// returns how many children it signalled. Only Unix has children to
/// signal this way; elsewhere it returns 0.
pub fn end_all() -> usize {
    LIVE.end_all()
}

/// The live children of the whole process.
static LIVE: Children = Children::new();

/// How long [`end_all`] waits for the registry, whoever holds it.
const LOCK_WAIT: Duration = Duration::from_millis(250);

/// How long children get to go after SIGTERM, and again after SIGKILL.
#[cfg(unix)]
const GRACE: Duration = Duration::from_millis(200);

/// A registry of live children, by pid.
struct Children {
    live: Mutex<Vec<u32>>,
    /// Set by `end_all`: nothing more is started.
    closing: AtomicBool,
}

impl Children {
    const fn new() -> Self {
        Self {
            live: Mutex::new(Vec::new()),
            closing: AtomicBool::new(false),
        }
    }

    /// The registry; a panic elsewhere while it was held does not make
    /// the list of pids wrong.
    fn lock(&self) -> MutexGuard<'_, Vec<u32>> {
        self.live.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The registry, if it can be had within `wait`.
    fn lock_within(&self, wait: Duration) -> Option<MutexGuard<'_, Vec<u32>>> {
        let deadline = Instant::now() + wait;
        loop {
            match self.live.try_lock() {
                Ok(guard) => return Some(guard),
                Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
                Err(TryLockError::WouldBlock) if Instant::now() >= deadline => return None,
                Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
    }

    fn spawn(&'static self, program: &Path, args: &[Arg<'_>]) -> io::Result<Running> {
        let mut argv = Vec::with_capacity(args.len());
        for arg in args {
            argv.push(match arg {
                Arg::Fixed(word) => {
                    if first_forbidden(word).is_some() {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidInput,
                            "an argument holds a control or invisible character",
                        ));
                    }
                    (*word).to_owned()
                }
                Arg::Text(text) => text_argument(text),
            });
        }
        let mut command = Command::new(program);
        command
            .args(&argv)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        // Started and registered under the lock: `end_all`, once it holds
        // it, sees every child there is, and none is started after.
        let mut live = self.lock();
        if self.closing.load(Ordering::SeqCst) {
            return Err(io::Error::other("kneadle is ending"));
        }
        let child = command.spawn()?;
        live.push(child.id());
        Ok(Running {
            child,
            registry: self,
        })
    }

    fn end_all(&self) -> usize {
        self.closing.store(true, Ordering::SeqCst);
        let Some(mut live) = self.lock_within(LOCK_WAIT) else {
            return 0;
        };
        end(&mut live)
    }
}

/// Ends the children in `live`, takes out those reaped, and says how many
/// there were.
#[cfg(unix)]
fn end(live: &mut Vec<u32>) -> usize {
    let signalled = live.len();
    for &id in live.iter() {
        signal(id, rustix::process::Signal::TERM);
    }
    reap_within(live, GRACE);
    for &id in live.iter() {
        signal(id, rustix::process::Signal::KILL);
    }
    reap_within(live, GRACE);
    signalled
}

#[cfg(not(unix))]
fn end(_live: &mut Vec<u32>) -> usize {
    0
}

/// A child started by [`spawn`]; dropping it ends it (and its group) and
/// reaps it.
pub struct Running {
    child: Child,
    registry: &'static Children,
}

impl Running {
    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Has it ended? An ended child is reaped here (or was by
    /// [`end_all`]).
    pub fn finished(&mut self) -> bool {
        let id = self.child.id();
        let mut live = self.registry.lock();
        let Some(at) = live.iter().position(|&p| p == id) else {
            return true;
        };
        // Reaped under the lock, and unregistered with it: `end_all` never
        // sees a pid that is free again.
        if matches!(self.child.try_wait(), Ok(None)) {
            return false;
        }
        live.swap_remove(at);
        true
    }

    /// Ends it now (and whatever it started) and reaps it.
    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let id = self.child.id();
        {
            let mut live = self.registry.lock();
            if let Some(at) = live.iter().position(|&p| p == id) {
                // Still registered, so not reaped: the pid is the child's.
                #[cfg(unix)]
                signal(id, rustix::process::Signal::KILL);
                #[cfg(not(unix))]
                let _ = self.child.kill();
                live.swap_remove(at);
            }
        }
        // Gone already, or killed above: this returns soon.
        let _ = self.child.wait();
    }
}

/// Sends `signal` to child `id`'s process group, and to the child itself
/// in case it left the group.
#[cfg(unix)]
fn signal(id: u32, signal: rustix::process::Signal) {
    if let Some(pid) = i32::try_from(id)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, signal);
        let _ = rustix::process::kill_process(pid, signal);
    }
}

/// Reaps the children in `live` that end within `wait`, and takes them
/// out of it.
#[cfg(unix)]
fn reap_within(live: &mut Vec<u32>, wait: Duration) {
    use rustix::process::{Pid, WaitOptions, waitpid};
    let deadline = Instant::now() + wait;
    loop {
        live.retain(|&id| {
            let Some(pid) = i32::try_from(id).ok().and_then(Pid::from_raw) else {
                return false;
            };
            // Still running: kept. Ended (now reaped) or not ours: gone.
            matches!(waitpid(Some(pid), WaitOptions::NOHANG), Ok(None))
        });
        if live.is_empty() || Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
