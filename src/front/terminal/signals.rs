//! Signals that end or stop the process, and the terminal hanging up,
//! which ends it whether or not SIGHUP comes: each becomes an [`Input`]
//! on the loop's channel.

use super::{Input, SIGHUP, bounded};
use ratatui::layout::Size;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};

/// Set by the signal handler itself when a terminating signal arrives,
/// before its event is on the channel.
static ENDING: OnceLock<Arc<AtomicBool>> = OnceLock::new();

/// Has a terminating signal arrived? Asked before the job stops itself:
/// `kill %1` sends SIGTERM then SIGCONT, and the two may reach the loop
/// in either order.
pub fn ending() -> bool {
    ENDING.get().is_some_and(|flag| flag.load(Ordering::SeqCst))
}

/// Signals whose default action ends the process and that can be caught
/// safely: each one restores the terminal and ends the run with 128 + n.
///
/// SIGABRT, SIGTRAP and SIGSYS are caught too. Sent from outside they are
/// signals like the rest; raised by the process itself, a handler that
/// only records them changes nothing: `abort` raises SIGABRT again with
/// the default action once a handler returns, and the instructions behind
/// SIGTRAP (a breakpoint) and SIGSYS (a system call a filter refused) are
/// not run again.
///
/// Left out: SIGKILL (cannot be caught); SIGSEGV, SIGBUS, SIGILL and
/// SIGFPE (the runtime's: raised by a faulting instruction, which a
/// handler that only records the signal would run again for ever);
/// SIGPIPE (Rust ignores it: a write fails instead); the two real-time
/// signals below SIGRTMIN (the C library's own).
pub fn terminating() -> Vec<i32> {
    use signal_hook::consts::signal::{
        SIGABRT, SIGALRM, SIGINT, SIGPROF, SIGQUIT, SIGSYS, SIGTERM, SIGTRAP, SIGUSR1, SIGUSR2,
        SIGVTALRM, SIGXCPU, SIGXFSZ,
    };
    #[allow(unused_mut)]
    let mut signals = vec![
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGVTALRM,
        SIGPROF, SIGABRT, SIGTRAP, SIGSYS,
    ];
    // Elsewhere these are ignored by default, or do not exist; the
    // real-time signals' numbers are known to the C library at run time.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        signals.extend([
            rustix::process::Signal::POWER.as_raw(),
            rustix::process::Signal::STKFLT.as_raw(),
        ]);
        signals.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    }
    signals
}

/// Turns signals into events on a thread of its own: the terminating
/// ones, SIGTSTP (suspend), SIGCONT (resumed) and SIGWINCH (a resize,
/// with the window's size [`bounded`]: the one place it comes in while
/// running, read or not a key).
pub fn watch(tx: Sender<Input>) -> io::Result<()> {
    use ratatui::crossterm::event::Event::Resize;
    use signal_hook::consts::{SIGCONT, SIGTSTP, SIGWINCH};
    // SIGIO (SIGPOLL) only reports I/O we never asked to hear about: a
    // stray one is ignored rather than allowed to end a routine.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let ignored = [signal_hook::consts::signal::SIGIO];
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let ignored: [i32; 0] = [];
    let flag = Arc::new(AtomicBool::new(false));
    for signal in terminating() {
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
    }
    let _ = ENDING.set(flag);
    let mut signals = signal_hook::iterator::Signals::new(
        terminating()
            .into_iter()
            .chain([SIGTSTP, SIGCONT, SIGWINCH])
            .chain(ignored),
    )?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGTSTP => Input::Suspend,
                    SIGCONT => Input::Continued,
                    SIGWINCH => {
                        // crossterm notices it too: the key reader has it
                        // taken at once (see `input`).
                        super::input::wake();
                        match ratatui::crossterm::terminal::size() {
                            Ok((width, height)) => {
                                let size = bounded(Size::new(width, height));
                                Input::Term(Resize(size.width, size.height))
                            }
                            Err(_) => continue,
                        }
                    }
                    n if ignored.contains(&n) => continue,
                    n => Input::Terminate(n),
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Watches the terminal keys are read from (standard input) on a thread
/// of its own and reports its hanging up (the window closed, the link
/// lost) as SIGHUP. The kernel sends SIGHUP only to the session's leader,
/// which may be a shell that ignores it and lives on; and at the end of
/// input crossterm's reader keeps reading nothing rather than fail, so
/// nothing else would tell.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn watch_hang_up(tx: Sender<Input>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("hang-up".into())
        .spawn(move || {
            if hangs_up(&io::stdin(), None) {
                let _ = tx.send(Input::Terminate(SIGHUP));
            }
        })?;
    Ok(())
}

/// Elsewhere SIGHUP alone tells (macOS's `poll` refuses terminals).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn watch_hang_up(_tx: Sender<Input>) -> io::Result<()> {
    Ok(())
}

/// Has the terminal on standard input or output hung up?
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn hung_up() -> bool {
    is_gone(&io::stdin()) || is_gone(&io::stdout())
}

/// A terminal that hung up: `poll` says so, and it answers EIO. (A pipe
/// whose other end closed looks the same to `poll`, but it never was a
/// terminal: it answers ENOTTY.)
#[cfg(any(target_os = "linux", target_os = "android"))]
fn is_gone(fd: &impl std::os::fd::AsFd) -> bool {
    let now = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    hangs_up(fd, Some(&now)) && matches!(rustix::termios::tcgetattr(fd), Err(rustix::io::Errno::IO))
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn hung_up() -> bool {
    false
}

/// Whether `fd` hangs up within `wait` (`None`: waits for it). Asked for
/// no event at all, `poll` still reports a hang-up, an error or a closed
/// descriptor, and wakes for nothing else: input and output pass by.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn hangs_up(fd: &impl std::os::fd::AsFd, wait: Option<&rustix::event::Timespec>) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    loop {
        let mut fds = [PollFd::new(fd, PollFlags::empty())];
        match poll(&mut fds, wait) {
            Ok(_) if fds.iter().any(|f| f.revents().intersects(gone)) => return true,
            Ok(_) if wait.is_some() => return false,
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(_) => return false,
        }
    }
}
