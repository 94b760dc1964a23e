//! The one owner of the terminal: entering and leaving full-screen mode,
//! the panic hook, and the event sources (keys, resizes, signals) merged
//! into one channel so the loop can sleep until something happens.
//!
//! `leave` is idempotent and undoes everything `enter` turned on, so every
//! exit path (quit, error, panic, SIGTERM/SIGHUP/SIGINT, suspend) can call it.

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Something the loop must react to.
#[derive(Debug)]
pub enum Event {
    Input(event::Event),
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Quit,
    /// SIGTSTP from outside (`kill -TSTP`): suspend like Ctrl-Z.
    Suspend,
    /// SIGCONT: the process was stopped by someone else and resumed.
    Continued,
    /// The input stream ended or failed.
    InputClosed(String),
}

/// Takes over the terminal: raw mode, alternate screen, hidden cursor,
/// bracketed paste (so a pasted "q" is not a key press).
pub fn enter() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )
}

/// Gives the terminal back as it was. Safe to call any number of times,
/// from a panic hook or a signal path: errors are ignored (on SIGHUP the
/// terminal may be gone).
pub fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = io::stdout();
        let _ = execute!(
            out,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = terminal::disable_raw_mode();
        let _ = out.flush();
    }
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
pub fn events() -> io::Result<Receiver<Event>> {
    let (tx, rx) = mpsc::channel();
    let input = tx.clone();
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || read_input(&input))?;
    #[cfg(unix)]
    watch_signals(tx)?;
    #[cfg(not(unix))]
    drop(tx);
    Ok(rx)
}

fn read_input(tx: &Sender<Event>) {
    loop {
        let sent = match event::read() {
            Ok(ev) => tx.send(Event::Input(ev)),
            Err(e) => {
                let _ = tx.send(Event::InputClosed(e.to_string()));
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

#[cfg(unix)]
fn watch_signals(tx: Sender<Event>) -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGTSTP => Event::Suspend,
                    SIGCONT => Event::Continued,
                    _ => Event::Quit,
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// Hands the terminal back and stops the process, as Ctrl-Z does in a
/// cooked terminal; returns once the shell resumes it (`fg`), with the
/// terminal taken over again. SIGSTOP rather than SIGTSTP: the kernel drops
/// SIGTSTP for an orphaned process group, and we handle SIGTSTP ourselves.
#[cfg(unix)]
pub fn suspend() -> io::Result<()> {
    leave();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    enter()
}

/// Suspending is a Unix idea; elsewhere Ctrl-Z does nothing.
#[cfg(not(unix))]
pub fn suspend() -> io::Result<()> {
    Ok(())
}

/// Rings the terminal bell.
pub fn bell(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"\x07")?;
    out.flush()
}
