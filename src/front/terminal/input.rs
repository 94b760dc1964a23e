//! The key reader: a thread that reads the terminal only while we hold it.
//!
//! A read from the background stops the whole process (SIGTTIN), and a
//! stopped process can neither end on SIGTERM nor notice a hang-up: each
//! SIGCONT would only retry the read and stop it again. So the reader
//! waits on the terminal itself, reads it only while it is ours
//! ([`super::holding`]), and is woken ([`wake`]) whenever that may have
//! changed or the window was resized.
//!
//! crossterm's reader waits edge-triggered and returns at the first thing
//! it finds: a resize it takes from the same wake-up as a key spends the
//! key's wake-up, and the key would wait for the next one. Woken on every
//! resize, the reader has crossterm take the resize at once; and when
//! crossterm has nothing while a key is waiting, the reader gives the
//! terminal a fresh wake-up ([`wait::rearm`]).

use super::Input;
use ratatui::crossterm::event;
use std::io;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Starts the reader; keys come to `tx` as [`Input::Term`].
pub fn spawn(tx: Sender<Input>) -> io::Result<()> {
    let waiter = wait::Waiter::new()?;
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || read(&waiter, &tx))?;
    Ok(())
}

/// The terminal may have become ours, or the window changed size: the
/// reader looks again.
pub fn wake() {
    wait::wake();
}

fn read(waiter: &wait::Waiter, tx: &Sender<Input>) {
    loop {
        match waiter.wait() {
            wait::Woken::HungUp => return,
            wait::Woken::Key => {
                if !take(tx, true) {
                    return;
                }
            }
            // Only what crossterm already has: nothing that would wait.
            wait::Woken::Other if super::holding() => {
                if !take(tx, false) {
                    return;
                }
            }
            wait::Woken::Other => {}
        }
    }
}

/// Takes what crossterm has read or can read at once (and, with
/// `block`, waits for one event first): a paste or fast typing comes in
/// one read. `false` once keys can no longer be read or sent.
fn take(tx: &Sender<Input>, block: bool) -> bool {
    let mut block = block;
    let mut rearmed = false;
    loop {
        if !block && !matches!(event::poll(Duration::ZERO), Ok(true)) {
            // Nothing, though a key may be waiting whose wake-up crossterm
            // spent on a resize: once, a fresh one.
            if !rearmed && wait::key_waiting() && wait::rearm() {
                rearmed = true;
                continue;
            }
            return true;
        }
        block = false;
        let sent = match event::read() {
            // Resizes come from the signal watcher, whether or not a key
            // is read (see `signals`).
            #[cfg(unix)]
            Ok(event::Event::Resize(..)) => Ok(()),
            #[cfg(not(unix))]
            Ok(event::Event::Resize(width, height)) => {
                let size = super::bounded(ratatui::layout::Size::new(width, height));
                tx.send(Input::Term(event::Event::Resize(size.width, size.height)))
            }
            Ok(ev) => tx.send(Input::Term(ev)),
            Err(e) => {
                let _ = tx.send(Input::InputClosed(e.to_string()));
                return false;
            }
        };
        if sent.is_err() {
            return false;
        }
    }
}

/// Waiting on the terminal and on a wake-up, with `poll`.
#[cfg(any(target_os = "linux", target_os = "android"))]
mod wait {
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::{self, Read, Write};
    use std::os::unix::net::UnixStream;
    use std::sync::OnceLock;

    /// The writing end of the reader's wake-up socket.
    static ALARM: OnceLock<UnixStream> = OnceLock::new();

    pub enum Woken {
        /// A key is waiting and the terminal is ours.
        Key,
        /// The terminal hung up (the hang-up watcher reports it).
        HungUp,
        /// Woken ([`wake`]), or input that is not ours to read.
        Other,
    }

    pub struct Waiter {
        alarm: UnixStream,
    }

    impl Waiter {
        pub fn new() -> io::Result<Self> {
            let (alarm, ring) = UnixStream::pair()?;
            alarm.set_nonblocking(true)?;
            ring.set_nonblocking(true)?;
            let _ = ALARM.set(ring);
            Ok(Self { alarm })
        }

        /// Blocks until something is worth a look.
        pub fn wait(&self) -> Woken {
            let ours = super::super::holding();
            let stdin = io::stdin();
            // Not ours, the terminal is watched only for hanging up:
            // waiting input may be the shell's.
            let keys = if ours {
                PollFlags::IN
            } else {
                PollFlags::empty()
            };
            let mut fds = [
                PollFd::new(&stdin, keys),
                PollFd::new(&self.alarm, PollFlags::IN),
            ];
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => return Woken::Other,
                Err(_) => return Woken::HungUp,
            }
            let [terminal, alarm] = fds.map(|f| f.revents());
            if alarm.contains(PollFlags::IN) {
                let mut drained = [0u8; 64];
                while matches!((&self.alarm).read(&mut drained), Ok(n) if n > 0) {}
            }
            if terminal.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                Woken::HungUp
            } else if terminal.contains(PollFlags::IN) && super::super::holding() {
                Woken::Key
            } else {
                Woken::Other
            }
        }
    }

    pub fn wake() {
        if let Some(ring) = ALARM.get() {
            // Full means a wake-up is already waiting.
            let _ = (&*ring).write(&[1]);
        }
    }

    /// Is input waiting on the terminal, unread?
    pub fn key_waiting() -> bool {
        let stdin = io::stdin();
        let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
        let now = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        poll(&mut fds, Some(&now)).is_ok()
            && fds.iter().any(|f| f.revents().contains(PollFlags::IN))
    }

    /// Wakes whatever waits to read the terminal, crossterm included,
    /// while it is ours: setting its modes to what they are does (Linux's
    /// line discipline wakes its readers on every change of modes), and
    /// changes nothing. From the background it would stop us: `false`.
    pub fn rearm() -> bool {
        if !super::super::holding() {
            return false;
        }
        let stdin = io::stdin();
        rustix::termios::tcgetattr(&stdin).is_ok_and(|modes| {
            rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &modes)
                .is_ok()
        })
    }
}

/// Where `poll` cannot watch a terminal (macOS), crossterm's own read
/// waits for keys; the reader still waits for the terminal to be ours
/// before it starts.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod wait {
    use std::io;
    use std::sync::OnceLock;
    use std::thread::Thread;

    static READER: OnceLock<Thread> = OnceLock::new();

    /// As on Linux; here the reader is only ever let go to read.
    #[allow(dead_code)]
    pub enum Woken {
        Key,
        HungUp,
        Other,
    }

    pub struct Waiter;

    impl Waiter {
        pub fn new() -> io::Result<Self> {
            Ok(Self)
        }

        pub fn wait(&self) -> Woken {
            let _ = READER.set(std::thread::current());
            while !super::super::holding() {
                std::thread::park();
            }
            Woken::Key
        }
    }

    pub fn wake() {
        if let Some(reader) = READER.get() {
            reader.unpark();
        }
    }

    /// crossterm's read waits for keys itself here.
    pub fn key_waiting() -> bool {
        false
    }

    pub fn rearm() -> bool {
        false
    }
}
