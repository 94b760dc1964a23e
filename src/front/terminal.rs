//! The one owner of the terminal: entering and leaving full-screen mode,
//! the panic hook, the full screen's backend (`screen`: its size
//! bounded), and the event sources (keys, resizes, signals, the terminal
//! hanging up) merged into one channel so the loop can sleep until
//! something happens.
//!
//! `leave` is idempotent and undoes everything `enter` turned on, so every
//! exit path (quit, error, panic, a terminating signal, a hang-up,
//! suspend) can call it; it touches the terminal only as far as the
//! terminal is there and ours to set (see [`leave`]). `enter` takes the
//! terminal over from whatever state it is in, so every resume can call
//! it.

mod input;
mod screen;
#[cfg(unix)]
mod signals;

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};
pub use screen::{Screen, area, bounded};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// SIGHUP's number: 1 on every Unix (POSIX's `kill -1`).
const SIGHUP: i32 = 1;

static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Raw mode alone is on (plain mode reading single keys).
static RAW_ONLY: AtomicBool = AtomicBool::new(false);

/// Single keys without the full screen (plain mode): raw mode only, set
/// unconditionally like [`enter`]. Output then needs `\r\n` line ends.
pub fn enter_keys() -> io::Result<()> {
    terminal::disable_raw_mode()?;
    terminal::enable_raw_mode()?;
    RAW_ONLY.store(true, Ordering::SeqCst);
    input::wake();
    Ok(())
}

/// How a guided run (full screen or plain) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Quit, or the routine finished.
    Done,
    /// Ctrl-C, pressed as a key in raw mode.
    Interrupted,
    /// A signal that would have ended the process (its number).
    Signal(i32),
}

impl Exit {
    /// The terminal hung up (its window closed, the link lost), with or
    /// without a SIGHUP: SIGHUP's ending.
    pub const HANG_UP: Exit = Exit::Signal(SIGHUP);

    /// 0 for a normal end; 128 + n for signal n, as a shell reports a job
    /// killed by it (Ctrl-C counts as SIGINT's 130).
    pub fn code(self) -> ExitCode {
        const SIGINT: u8 = 2;
        match self {
            Exit::Done => ExitCode::SUCCESS,
            Exit::Interrupted => ExitCode::from(128 + SIGINT),
            Exit::Signal(n) => ExitCode::from(
                u8::try_from(n)
                    .ok()
                    .and_then(|n| n.checked_add(128))
                    .unwrap_or(1),
            ),
        }
    }
}

/// Something the loop must react to.
#[derive(Debug)]
pub enum Input {
    /// A key, a paste, or a resize (its size [`bounded`]).
    Term(event::Event),
    /// A signal that would end the process (its number): leave cleanly.
    /// The terminal hanging up comes as SIGHUP, sent or not.
    Terminate(i32),
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-Z.
    Suspend,
    /// SIGCONT: the process was stopped by someone else and resumed.
    Continued,
    /// The input stream ended or failed.
    InputClosed(String),
    /// A routine the picker lists has been read, in the background (its
    /// place in the list).
    Listed(usize, Box<crate::store::library::Listing>),
}

/// Takes over the terminal: raw mode, alternate screen, hidden cursor,
/// bracketed paste (so a pasted "q" is not a key press).
///
/// Unconditional, for resuming: a shell resets the tty while a job is
/// stopped, but crossterm remembers raw mode as on and would not set it
/// again. Giving back the saved modes first makes it set them afresh.
pub fn enter() -> io::Result<()> {
    terminal::disable_raw_mode()?;
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    input::wake();
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )
}

/// Gives the terminal back as it was. Safe to call any number of times,
/// from a panic hook or a signal path; errors are ignored.
///
/// A terminal that hung up is left alone. One that another job has (we
/// were stopped from outside and resumed in the background, then told to
/// end) gets the screen back, a write, when writes from the background
/// are allowed (`stty -tostop`, the default), but not its modes: changing
/// them from the background would stop the process (SIGTTOU) for good,
/// and the shell in front sets them anyway.
pub fn leave() {
    let screen = ACTIVE.swap(false, Ordering::SeqCst);
    // Nothing was drawn in plain mode, so nothing is written: standard
    // output may be a pipe.
    let keys = RAW_ONLY.swap(false, Ordering::SeqCst);
    if !screen && !keys {
        return;
    }
    let owner = owner();
    if screen && may_write(owner) {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = out.flush();
    }
    if owner == Owner::Us {
        let _ = terminal::disable_raw_mode();
    }
}

/// Who may set the terminal (the one on standard input) now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// We may: ours is the foreground job, or the terminal is not the
    /// controlling one of our session, where nothing stops us.
    Us,
    /// Another job is in front: we are a background job.
    AnotherJob,
    /// It hung up.
    Gone,
}

#[cfg(unix)]
fn owner() -> Owner {
    match rustix::termios::tcgetpgrp(io::stdin()) {
        Ok(group) if group == rustix::process::getpgrp() => Owner::Us,
        Ok(_) => Owner::AnotherJob,
        // A hung-up terminal answers every question with EIO.
        Err(rustix::io::Errno::IO) => Owner::Gone,
        Err(_) => Owner::Us,
    }
}

#[cfg(not(unix))]
fn owner() -> Owner {
    Owner::Us
}

/// Can we write to the terminal without being stopped for it?
fn may_write(owner: Owner) -> bool {
    match owner {
        Owner::Us => true,
        #[cfg(unix)]
        Owner::AnotherJob => rustix::termios::tcgetattr(io::stdin())
            .is_ok_and(|t| !t.local_modes.contains(rustix::termios::LocalModes::TOSTOP)),
        #[cfg(not(unix))]
        Owner::AnotherJob => true,
        Owner::Gone => false,
    }
}

/// The last step of every guided run, full screen or plain, whatever
/// ended it (a key, the end, an error, a terminating signal, a hang-up):
/// the terminal given back, then no program we started left running.
pub fn close() {
    leave();
    end_children();
}

/// Ends every program we started that may still be running (the speech
/// program). Called by [`close`], on every way out. The voice already
/// stops its own child when it is dropped, before this runs; this catches
/// any the registry still holds, and starts no more.
fn end_children() {
    crate::front::spawn::end_all();
}

/// Has the terminal hung up (standard input or output)? An error on a
/// terminal that is gone is a hang-up, not a failure to report.
#[cfg(unix)]
pub fn hung_up() -> bool {
    signals::hung_up()
}

#[cfg(not(unix))]
pub fn hung_up() -> bool {
    false
}

/// Started in the background (`kneadle run x &`), the terminal is another
/// job's: rather than reach for it, which stops us (SIGTTOU) in a way a
/// later `kill %1` cannot end (the change is tried again, and stops us
/// again), stop the job the same way ourselves and return once resumed:
/// `true` when ours is the foreground job then (`fg`), `false` when
/// resumed in the background (`bg`, or `kill %1`, whose SIGTERM comes as
/// an event). Also `false`, without stopping, where no shell could resume
/// us ([`can_suspend`]) or once a terminating signal has arrived.
#[cfg(unix)]
pub fn wait_for_foreground() -> io::Result<bool> {
    if owner() != Owner::AnotherJob {
        return Ok(true);
    }
    // Told to end: its event is on its way, and a stopped job could not
    // take it.
    if can_suspend() && !signals::ending() {
        rustix::process::kill_current_process_group(rustix::process::Signal::TTOU)?;
    }
    Ok(owner() == Owner::Us)
}

/// Without job control, always in front.
#[cfg(not(unix))]
pub fn wait_for_foreground() -> io::Result<bool> {
    Ok(true)
}

/// Restores the terminal before the panic message is printed, so the
/// message lands on the normal screen. Installed once.
pub fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}

/// Restores the terminal when dropped, whatever way the loop ends.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}

/// Starts the input reader and the signal watcher; both feed one channel.
/// Also gives a sender, for other sources of events (the picker's reader).
pub fn events() -> io::Result<(Sender<Input>, Receiver<Input>)> {
    events_with(true)
}

/// Like [`events`], with or without the key reader (no keys to read when
/// standard input is not a terminal: signals still come).
pub fn events_with(keys: bool) -> io::Result<(Sender<Input>, Receiver<Input>)> {
    let (tx, rx) = mpsc::channel();
    let others = tx.clone();
    if keys {
        input::spawn(tx.clone())?;
        #[cfg(unix)]
        signals::watch_hang_up(tx.clone())?;
    }
    #[cfg(unix)]
    signals::watch(tx)?;
    #[cfg(not(unix))]
    drop(tx);
    Ok((others, rx))
}

/// Could a shell bring this process back if it stopped? Only job control
/// resumes a stopped job, and the kernel counts a process group as
/// orphaned (nobody to resume it) unless a parent of one of its members is
/// in the same session but another group. Started as a session leader
/// (`xterm -e`, `ssh -t`, `exec`, `setsid`) we lead our group and no
/// parent qualifies; a parent in another session (we were adopted, or it
/// called `setsid` for us) cannot do it either. A parent in our own group
/// (a script run from a shell) is given the benefit of the doubt, as its
/// shell usually is the one in charge.
#[cfg(unix)]
pub fn can_suspend() -> bool {
    use rustix::process::{getpgrp, getppid, getsid};
    let Ok(session) = getsid(None) else {
        return false;
    };
    if getpgrp() == session {
        return false;
    }
    let Some(parent) = getppid() else {
        return false;
    };
    getsid(Some(parent)).is_ok_and(|s| s == session)
}

/// Suspending is a Unix idea.
#[cfg(not(unix))]
pub fn can_suspend() -> bool {
    false
}

/// Hands the terminal back and stops the process group, as Ctrl-Z does in
/// a cooked terminal: the whole job, so a wrapper we run under (`bash -c`,
/// `time`) stops too and the shell takes the terminal back. Returns once
/// something resumes it: with the terminal taken over again when we are
/// in the foreground (`fg`), or `false` without touching it when resumed
/// in the background (`bg`, or `kill %1`, which resumes to deliver its
/// signal): setting the terminal from there would stop us again.
/// SIGSTOP rather than SIGTSTP: we handle SIGTSTP ourselves. Call only
/// when [`can_suspend`].
#[cfg(unix)]
pub fn suspend() -> io::Result<bool> {
    stop_job(enter)
}

/// [`suspend`] for plain mode: only the keys (raw mode) are taken back,
/// when it reads keys.
#[cfg(unix)]
pub fn suspend_plain(keys: bool) -> io::Result<bool> {
    stop_job(if keys { enter_keys } else { || Ok(()) })
}

#[cfg(unix)]
fn stop_job(take_back: fn() -> io::Result<()>) -> io::Result<bool> {
    leave();
    rustix::process::kill_current_process_group(rustix::process::Signal::STOP)?;
    if is_foreground() {
        take_back()?;
        Ok(true)
    } else {
        Ok(false)
    }
}

/// Suspending is a Unix idea; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
pub fn suspend() -> io::Result<bool> {
    Ok(true)
}

/// Suspending is a Unix idea; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
pub fn suspend_plain(_keys: bool) -> io::Result<bool> {
    Ok(true)
}

/// Do we hold the terminal: taken over (full screen or keys), and ours
/// to read? Keys are read only then.
fn holding() -> bool {
    (ACTIVE.load(Ordering::SeqCst) || RAW_ONLY.load(Ordering::SeqCst)) && is_foreground()
}

/// Are we free to set the terminal and draw on it: ours is its
/// foreground job (or it is not our session's, where nobody else's turn
/// can come), and it has not hung up?
pub fn is_foreground() -> bool {
    owner() == Owner::Us
}

/// Rings the terminal bell.
pub fn bell(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"\x07")?;
    out.flush()
}
