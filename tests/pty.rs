//! The real binary in a pseudo-terminal: what in-process tests cannot see.
//! Taking the terminal over and giving it back on every way out (keys,
//! signals, an error, a panic), suspending with Ctrl-Z and coming back, and
//! surviving resizes.
//!
//! Every program starts in a sandbox of its own (`tests/support`): its
//! environment and nothing of the machine's but `PATH`, with `TERM` set
//! here. Each test waits for visible content with a deadline; none sleeps
//! and then asserts. After the app exits, the terminal must be as it was:
//! main screen, cursor shown, bracketed paste off, termios cooked.
//!
//! portable-pty makes its child a session leader, which is how `xterm -e`,
//! `ssh -t` and `exec` start a program: no job control can resume it. Tests
//! of suspending run the app as a job of a shell with job control instead,
//! and play the person at the prompt (a line, then `fg`).
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use portable_pty::{Child, ExitStatus, MasterPty, PtySize, native_pty_system};
use rustix::fs::OFlags;
use rustix::process::{Pid, Signal, kill_process};
use rustix::termios::{
    InputModes, LocalModes, OptionalActions, OutputModes, SpecialCodeIndex, tcgetattr, tcsetattr,
};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::os::unix::fs::OpenOptionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError, channel};
use std::time::{Duration, Instant};
use support::Sandbox;

/// Long enough for a loaded 2-core machine; tests finish as soon as the
/// screen shows what they wait for.
const TIMEOUT: Duration = Duration::from_secs(10);
const ROWS: u16 = 30;
const COLS: u16 = 100;
/// The most the app draws, whatever size the terminal says it is.
const MOST_ROWS: u16 = 500;
const MOST_COLS: u16 = 1000;
const TITLE: &str = "kneadle · Two-minute desk break";
const QUIT_POPUP: &str = "Quit the routine?";
/// The caution screen's footer, shown before a routine starts.
const INTRO_KEYS: &str = "Enter start now";
/// crossterm's `LeaveAlternateScreen`.
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
/// crossterm's `EnterAlternateScreen`: the app sets raw mode just before.
const ENTER_ALT: &[u8] = b"\x1b[?1049h";

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("terminal sizes are at least 1")
}

/// The shell a person runs kneadle from: job control on, the app in the
/// foreground; when the job stops, the shell takes the terminal back (and
/// resets the tty), waits for a line, then runs `fg`. Its status is the
/// app's. 147 to 150 are 128 + SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: stopped.
const JOB_SHELL: &str = r#"set -m
"$@"
s=$?
while [ "$s" -ge 147 ] && [ "$s" -le 150 ]; do
  read -r _ || exit 99
  fg
  s=$?
done
exit "$s"
"#;

/// A person who starts kneadle as a background job (`kneadle run x &`),
/// presses Enter, and then types `kill %1` (SIGTERM, then SIGCONT for a
/// stopped job); the shell then says how the job ended. (`wait` answers
/// with a stopped job's status until the shell has seen it continue:
/// it is asked again while the status says stopped.)
const BACKGROUND_SHELL: &str = r#"set -m
"$@" &
job=$!
echo "job $job"
read -r _ || exit 99
kill %1
s=147
while [ "$s" -ge 147 ] && [ "$s" -le 150 ]; do
  sleep 0.05
  wait "$job" 2>/dev/null
  s=$?
done
echo "job ended $s"
read -r _ || exit 99
"#;

/// A person who suspends the job, types `bg` at the prompt, then `fg`.
const BG_FG_SHELL: &str = r#"set -m
"$@"
read -r _ || exit 99
bg
read -r _ || exit 99
fg
"#;

/// How the app is started in the pty.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Launch {
    /// As the session leader, the way `xterm -e kneadle` does.
    Alone,
    /// As a job of [`JOB_SHELL`].
    InShell,
    /// Under a wrapper that waits for it (`sh -c 'kneadle …; …'`), the
    /// wrapper being the job of [`JOB_SHELL`].
    Wrapped,
    /// As a job of [`JOB_SHELL`] run under `trap '' HUP` (a parent that
    /// outlives its terminal): when the terminal closes, the kernel sends
    /// SIGHUP to the shell alone, so the app sees only its input end.
    HangUpIgnored,
    /// As a background job of [`BACKGROUND_SHELL`].
    Background,
    /// As a job of [`BG_FG_SHELL`].
    BgThenFg,
}

/// kneadle running in a pty, with a vt100 model of what its screen shows.
struct Pty {
    /// The terminal's side the window holds; `None` once it hung up.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    /// Tells the reader thread to let go of its copy of the master side.
    stop_reading: Arc<AtomicBool>,
    /// The process started in the pty: the app, or the shell running it.
    child: Box<dyn Child + Send + Sync>,
    launch: Launch,
    /// The app itself.
    pid: Pid,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    /// Every byte the app wrote, in order.
    raw: Vec<u8>,
    /// The reader saw end of file (the app and every copy of the slave closed).
    eof: bool,
    status: Option<ExitStatus>,
    /// Where the app (and the shell around it) runs: its home, config,
    /// routines and history.
    sandbox: Sandbox,
}

impl Pty {
    fn spawn(args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::launch(Launch::Alone, args, env)
    }

    /// The app alone in `sandbox`, prepared by the test.
    fn spawn_in(sandbox: Sandbox, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::launch_in(sandbox, Launch::Alone, (ROWS, COLS), args, env)
    }

    fn launch(launch: Launch, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::launch_in(Sandbox::new(), launch, (ROWS, COLS), args, env)
    }

    /// Starts the app in `sandbox` (a fresh one has no config, no
    /// routines of the user's and no history) in a terminal of `rows` x
    /// `cols`, as `stty rows R cols C` before it would. The environment
    /// is the sandbox's, with `TERM` and then `env` on top. The screen
    /// model has the terminal's size up to the most the app ever draws;
    /// past that it stays [`ROWS`] x [`COLS`], as a model as big as a
    /// huge terminal would not fit in memory.
    fn launch_in(
        sandbox: Sandbox,
        launch: Launch,
        (rows, cols): (u16, u16),
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let app = support::KNEADLE;
        let shell = |script: &str| {
            let mut cmd = sandbox.pty_program("bash");
            cmd.args(["--norc", "--noprofile", "-c", script, "job-shell"]);
            cmd
        };
        let mut cmd = match launch {
            Launch::Alone => sandbox.pty_command(),
            Launch::InShell => {
                let mut cmd = shell(JOB_SHELL);
                cmd.arg(app);
                cmd
            }
            Launch::HangUpIgnored => {
                let mut cmd = shell(&format!("trap '' HUP\n{JOB_SHELL}"));
                cmd.arg(app);
                cmd
            }
            Launch::BgThenFg => {
                let mut cmd = shell(BG_FG_SHELL);
                cmd.arg(app);
                cmd
            }
            Launch::Background => {
                let mut cmd = shell(BACKGROUND_SHELL);
                cmd.arg(app);
                cmd
            }
            Launch::Wrapped => {
                let mut cmd = shell(JOB_SHELL);
                // The command after it keeps `sh` from exec'ing the app.
                cmd.args(["sh", "-c", r#""$0" "$@"; exit $?"#, app]);
                cmd
            }
        };
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn kneadle");
        // Only the child may hold the slave, so the reader sees end of file
        // when the child exits.
        drop(pair.slave);
        let raw_pid = child.process_id().expect("child pid");
        let pid = Pid::from_raw(i32::try_from(raw_pid).expect("pid fits i32")).expect("pid > 0");
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop.load(Ordering::SeqCst) {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                }
            }
            // Our copy of the master side goes before the channel says
            // so: `hang_up` waits for that.
            drop(reader);
            drop(tx);
        });
        let mut pty = Self {
            master: Some(pair.master),
            writer: Some(writer),
            stop_reading,
            child,
            launch,
            pid,
            output,
            parser: if rows <= MOST_ROWS && cols <= MOST_COLS {
                vt100::Parser::new(nz(rows), nz(cols), 500)
            } else {
                vt100::Parser::new(nz(ROWS), nz(COLS), 500)
            },
            raw: Vec::new(),
            eof: false,
            status: None,
            sandbox,
        };
        match launch {
            Launch::Alone => {}
            Launch::Background => {
                // The shell says which process the job is; the terminal
                // stays the shell's.
                let job = |p: &Self| {
                    p.contents()
                        .lines()
                        .find_map(|l| l.strip_prefix("job ")?.trim().parse::<i32>().ok())
                };
                pty.wait_until("the shell to name the job", TIMEOUT, |p| job(p).is_some());
                pty.pid = Pid::from_raw(job(&pty).expect("job pid")).expect("pid > 0");
            }
            Launch::InShell | Launch::Wrapped | Launch::HangUpIgnored | Launch::BgThenFg => {
                // The shell puts the job in a process group of its own (led
                // by the app) and in the foreground of the terminal.
                let shell = pid.as_raw_nonzero().get();
                pty.wait_until("the shell to start the job", TIMEOUT, |p| {
                    p.master()
                        .process_group_leader()
                        .is_some_and(|group| group != shell)
                });
                let group = pty
                    .master()
                    .process_group_leader()
                    .expect("foreground group");
                pty.pid = Pid::from_raw(group).expect("pid > 0");
            }
        }
        pty
    }

    /// The terminal's master side, while the window is open.
    fn master(&self) -> &(dyn MasterPty + Send) {
        self.master.as_deref().expect("the terminal is still open")
    }

    /// Closes the terminal, as closing its window or losing the ssh link
    /// does: every copy of its master side. The reader thread holds one
    /// copy, blocked reading: a byte written on the app's side wakes it,
    /// and it lets go.
    fn hang_up(&mut self) {
        self.pump(Duration::ZERO);
        self.stop_reading.store(true, Ordering::SeqCst);
        let path = self.master().tty_name().expect("the pty's name");
        let mut tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(OFlags::NOCTTY.bits() as i32)
            .open(path)
            .expect("open the pty's terminal side");
        // portable-pty's writer types a newline and the end-of-file key
        // when dropped: with no end-of-file key, it types nothing, and the
        // app sees no key a window does not send when it closes.
        let mut termios = tcgetattr(&tty).expect("tcgetattr");
        termios.special_codes[SpecialCodeIndex::VEOF] = 0;
        tcsetattr(&tty, OptionalActions::Now, &termios).expect("tcsetattr");
        tty.write_all(b"\0").expect("wake the reader");
        drop(tty);
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof {
            assert!(
                Instant::now() < deadline,
                "the reader kept the terminal open"
            );
            self.pump(Duration::from_millis(50));
        }
        self.writer = None;
        self.master = None;
    }

    /// Opens the two-minute desk break, starts it from its caution screen
    /// and waits for the running screen.
    fn desk_break() -> Self {
        Self::desk_break_as(Launch::Alone)
    }

    fn desk_break_as(launch: Launch) -> Self {
        let mut pty = Self::launch(launch, &["run", "desk-break"], &[]);
        pty.wait_until("the caution or the running screen", TIMEOUT, |p| {
            let screen = p.contents();
            screen.contains(INTRO_KEYS) || screen.contains(TITLE)
        });
        if !pty.contents().contains(TITLE) {
            pty.send(b"\r");
            pty.wait_for(TITLE);
        }
        pty
    }

    fn take(&mut self, bytes: &[u8]) {
        self.parser.process(bytes);
        self.raw.extend_from_slice(bytes);
    }

    /// Feeds the parser whatever output arrives within `wait`.
    fn pump(&mut self, wait: Duration) {
        if self.eof {
            // Nothing more can come: callers polling something else (the
            // child's status) still wait between looks.
            std::thread::sleep(wait);
            return;
        }
        match self.output.recv_timeout(wait) {
            Ok(bytes) => self.take(&bytes),
            Err(RecvTimeoutError::Timeout) => return,
            Err(RecvTimeoutError::Disconnected) => {
                self.eof = true;
                return;
            }
        }
        loop {
            match self.output.try_recv() {
                Ok(bytes) => self.take(&bytes),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.eof = true;
                    return;
                }
            }
        }
    }

    fn screen(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    fn contents(&self) -> String {
        self.screen().contents()
    }

    /// What a failure message shows: the screen and how the app ended.
    fn report(&self) -> String {
        let status = match &self.status {
            Some(s) => format!("{s:?}"),
            None => "still running".to_owned(),
        };
        let after = self.after_last_leave();
        let skip = after.chars().count().saturating_sub(1500);
        let tail: String = after.chars().skip(skip).collect();
        format!(
            "\n--- screen ({status}; alternate screen: {}) ---\n{}\n--- output after the last leave (last 1500 chars) ---\n{tail:?}\n",
            self.screen().alternate_screen(),
            self.contents(),
        )
    }

    /// Processes output until `done` holds; fails after `timeout`.
    fn wait_until(&mut self, what: &str, timeout: Duration, done: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            if done(self) {
                return;
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out after {timeout:?} waiting for {what}{}",
                    self.report()
                );
            }
            if self.eof {
                panic!(
                    "the app closed the terminal while waiting for {what}{}",
                    self.report()
                );
            }
            self.pump((deadline - now).min(Duration::from_millis(50)));
        }
    }

    fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} on screen"), TIMEOUT, |p| {
            p.contents().contains(text)
        });
    }

    /// Waits until the app has written nothing for a while: it sleeps,
    /// waiting for a key, with no frame on its way.
    fn wait_quiet(&mut self) {
        const QUIET: Duration = Duration::from_millis(300);
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = self.raw.len();
        let mut since = Instant::now();
        while since.elapsed() < QUIET {
            assert!(
                Instant::now() < deadline,
                "the app never went quiet{}",
                self.report()
            );
            self.pump(Duration::from_millis(20));
            if self.raw.len() != seen {
                seen = self.raw.len();
                since = Instant::now();
            }
        }
    }

    fn wait_gone(&mut self, text: &str) {
        self.wait_until(&format!("{text:?} to go"), TIMEOUT, |p| {
            !p.contents().contains(text)
        });
    }

    /// Watches the screen for `period`: `holds` must hold at every look
    /// (what it rules out never shows, not even for a frame).
    fn holds_for(&mut self, what: &str, period: Duration, holds: impl Fn(&Self) -> bool) {
        let until = Instant::now() + period;
        loop {
            assert!(holds(self), "{what} broke{}", self.report());
            let now = Instant::now();
            if now >= until {
                return;
            }
            assert!(
                !self.eof,
                "the app closed the terminal while {what} should hold{}",
                self.report()
            );
            self.pump((until - now).min(Duration::from_millis(50)));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still open");
        writer.write_all(bytes).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    fn signal(&self, sig: Signal) {
        kill_process(self.pid, sig).expect("send signal");
    }

    /// Sends signal `n` with the system's `kill`: the real-time signals
    /// have no name rustix can make without `unsafe`.
    fn signal_number(&self, n: i32) {
        let mut kill = self.sandbox.program("kill");
        kill.arg(format!("-{n}"))
            .arg(self.pid.as_raw_nonzero().to_string());
        let sent = support::output_within(&mut kill, TIMEOUT);
        assert!(sent.status.success(), "kill -{n}: {sent:?}");
    }

    /// Brings the stopped app back: `fg` at the shell's prompt, or SIGCONT
    /// (what `fg` sends) when there is no shell.
    fn resume(&mut self) {
        match self.launch {
            Launch::InShell | Launch::Wrapped | Launch::HangUpIgnored | Launch::BgThenFg => {
                self.send(b"\r")
            }
            Launch::Alone | Launch::Background => self.signal(Signal::CONT),
        }
    }

    /// Does to the tty what a shell does while a job is stopped: line
    /// editing, echo and signal keys back on.
    fn make_cooked(&self) {
        let path = self.master().tty_name().expect("the pty's name");
        // Opened only for this call: the reader must still see end of file
        // when the app exits. NOCTTY: the test must not adopt the terminal.
        let tty = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(OFlags::NOCTTY.bits() as i32)
            .open(path)
            .expect("open the pty's terminal side");
        let mut termios = tcgetattr(&tty).expect("tcgetattr");
        termios.local_modes |= LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG;
        termios.input_modes |= InputModes::ICRNL;
        termios.output_modes |= OutputModes::OPOST;
        tcsetattr(&tty, OptionalActions::Now, &termios).expect("tcsetattr");
    }

    /// Resizes the terminal the way a window manager does: the model first
    /// (after taking in what was drawn at the old size), then the pty, which
    /// sends SIGWINCH.
    fn resize(&mut self, rows: u16, cols: u16) {
        self.pump(Duration::ZERO);
        self.parser.set_size(nz(rows), nz(cols));
        self.resize_terminal(rows, cols);
    }

    /// Resizes the pty alone (it sends SIGWINCH), the model kept as it is.
    fn resize_terminal(&self, rows: u16, cols: u16) {
        self.master()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize pty");
    }

    /// Waits for the app to exit, then reads the rest of its output.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!("the app did not exit within {timeout:?}{}", self.report());
            }
            self.pump(Duration::from_millis(20));
        };
        self.status = Some(status.clone());
        // The reader ends once the slave is closed; everything written
        // before the exit comes first.
        let deadline = Instant::now() + TIMEOUT;
        while !self.eof && Instant::now() < deadline {
            self.pump(Duration::from_millis(50));
        }
        status
    }

    fn local_modes(&self) -> LocalModes {
        let termios = self.master().get_termios().expect("tcgetattr on the pty");
        LocalModes::from_bits_retain(termios.local_flags.bits())
    }

    /// Line editing, echo and signal keys on: how a shell leaves a terminal.
    fn termios_cooked(&self) -> bool {
        self.local_modes()
            .contains(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG)
    }

    /// crossterm's raw mode: all three off.
    fn termios_raw(&self) -> bool {
        !self
            .local_modes()
            .intersects(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG)
    }

    /// State `T` in /proc/<pid>/stat: stopped by a signal.
    #[cfg(target_os = "linux")]
    fn is_stopped(&self) -> bool {
        let path = format!("/proc/{}/stat", self.pid.as_raw_nonzero());
        let Ok(stat) = std::fs::read_to_string(path) else {
            return false;
        };
        // "pid (comm) S ...": the name may hold spaces and parentheses.
        stat.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "T")
    }

    #[cfg(target_os = "linux")]
    fn wait_stopped(&mut self) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.is_stopped() {
            if Instant::now() >= deadline {
                panic!("the app did not stop within {TIMEOUT:?}{}", self.report());
            }
            // Nothing to show yet: let the process reach the stopped state.
            self.pump(Duration::from_millis(10));
        }
    }

    /// The text written after the app last left the alternate screen: what
    /// stays on the person's normal screen.
    fn after_last_leave(&self) -> String {
        let start = self
            .raw
            .windows(LEAVE_ALT.len())
            .rposition(|w| w == LEAVE_ALT)
            .map_or(0, |i| i + LEAVE_ALT.len());
        String::from_utf8_lossy(&self.raw[start..]).into_owned()
    }

    fn output_text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }

    /// The terminal is given back as it was found.
    fn assert_restored(&self) {
        let screen = self.screen();
        assert!(
            self.raw.windows(LEAVE_ALT.len()).any(|w| w == LEAVE_ALT),
            "never left the alternate screen{}",
            self.report()
        );
        assert!(
            !screen.alternate_screen(),
            "still on the alternate screen{}",
            self.report()
        );
        assert!(
            !screen.hide_cursor(),
            "cursor still hidden{}",
            self.report()
        );
        assert!(
            !screen.bracketed_paste(),
            "bracketed paste still on{}",
            self.report()
        );
        assert!(
            self.termios_cooked(),
            "termios not cooked: {:?}{}",
            self.local_modes(),
            self.report()
        );
    }

    fn assert_exit(&mut self, code: u32) {
        let status = self.wait_exit(TIMEOUT);
        assert!(
            status.signal().is_none() && status.exit_code() == code,
            "expected exit code {code}, got {status:?}{}",
            self.report()
        );
        self.assert_restored();
    }

    /// Mid-routine: q or Esc, then a key that confirms.
    fn quit_routine(&mut self, open: &[u8], confirm: &[u8]) {
        self.send(open);
        self.wait_for(QUIT_POPUP);
        self.send(confirm);
        self.assert_exit(0);
    }
}

impl Drop for Pty {
    /// A failed test must not leave a process behind.
    fn drop(&mut self) {
        if self.status.is_none() && self.launch != Launch::Alone {
            let _ = rustix::process::kill_process_group(self.pid, Signal::KILL);
        }
        if self.status.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn q_then_y_quits_cleanly() {
    let mut pty = Pty::desk_break();
    pty.wait_for("space pause");
    assert!(pty.screen().alternate_screen(), "{}", pty.report());
    assert!(pty.screen().hide_cursor(), "{}", pty.report());
    assert!(pty.screen().bracketed_paste(), "{}", pty.report());
    assert!(pty.termios_raw(), "{:?}{}", pty.local_modes(), pty.report());
    pty.quit_routine(b"q", b"y");
}

#[test]
fn q_then_q_quits_cleanly() {
    let mut pty = Pty::desk_break();
    pty.quit_routine(b"q", b"q");
}

#[test]
fn q_then_enter_quits_cleanly() {
    let mut pty = Pty::desk_break();
    pty.quit_routine(b"q", b"\r");
}

#[test]
fn esc_then_n_keeps_going_and_ctrl_c_quits_at_once() {
    let mut pty = Pty::desk_break();
    pty.send(b"\x1b");
    pty.wait_for(QUIT_POPUP);
    pty.wait_for("PAUSED");
    pty.send(b"n");
    pty.wait_gone(QUIT_POPUP);
    pty.wait_gone("PAUSED");
    assert!(pty.contents().contains(TITLE), "{}", pty.report());
    // Still counting down: the screen changes by itself.
    let before = pty.contents();
    pty.wait_until("the clock to move", TIMEOUT, |p| p.contents() != before);
    assert!(!pty.contents().contains(QUIT_POPUP), "{}", pty.report());
    // Ctrl-C is an interrupt: the status says so, as SIGINT's would.
    pty.send(b"\x03");
    pty.assert_exit(130);
}

/// Seconds left in the whole routine, read off the "Routine" bar once it
/// is fully drawn.
fn routine_left(pty: &mut Pty) -> u64 {
    fn parse(screen: &str) -> Option<u64> {
        let line = screen
            .lines()
            .find(|l| l.trim_start().starts_with("Routine"))?;
        let mut words = line.split_whitespace().rev();
        if words.next() != Some("left") {
            return None;
        }
        let (m, s) = words.next()?.split_once(':')?;
        Some(m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
    }
    pty.wait_until("the routine bar", TIMEOUT, |p| {
        parse(&p.contents()).is_some()
    });
    parse(&pty.contents()).expect("the routine bar")
}

/// The header, heading and step name: they change with every `n`.
fn top_rows(pty: &Pty) -> Vec<String> {
    pty.screen().rows(0, COLS).take(4).collect()
}

#[test]
fn skipping_every_step_finishes_and_q_quits() {
    let mut pty = Pty::desk_break();
    let mut presses = 0;
    while !pty.contents().contains("Routine ended.") {
        presses += 1;
        assert!(
            presses <= 20,
            "n never finished the routine{}",
            pty.report()
        );
        let before = top_rows(&pty);
        pty.send(b"n");
        pty.wait_until("the next step", TIMEOUT, |p| {
            p.contents().contains("Routine ended.") || top_rows(p) != before
        });
    }
    pty.send(b"q");
    pty.assert_exit(0);
}

/// Every signal whose default is to end the process, and that can be
/// caught, gives the terminal back first; the status is 128 + its number,
/// as a shell reports a job killed by it.
#[test]
fn every_terminating_signal_restores_the_terminal_and_exits_128_plus_n() {
    let mut signals = vec![
        ("SIGTERM", Signal::TERM),
        ("SIGHUP", Signal::HUP),
        ("SIGINT", Signal::INT),
        ("SIGQUIT", Signal::QUIT),
        ("SIGUSR1", Signal::USR1),
        ("SIGUSR2", Signal::USR2),
        ("SIGALRM", Signal::ALARM),
        ("SIGXCPU", Signal::XCPU),
        ("SIGXFSZ", Signal::XFSZ),
        ("SIGVTALRM", Signal::VTALARM),
        ("SIGPROF", Signal::PROF),
    ];
    // Linux also ends a process on these by default.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    signals.extend([("SIGPWR", Signal::POWER), ("SIGSTKFLT", Signal::STKFLT)]);
    for (name, sig) in signals {
        let mut pty = Pty::spawn(&["run", "desk-break"], &[]);
        pty.wait_for(INTRO_KEYS);
        pty.signal(sig);
        let status = pty.wait_exit(TIMEOUT);
        let code = 128 + u32::try_from(sig.as_raw()).expect("signal numbers are positive");
        assert!(
            status.signal().is_none() && status.exit_code() == code,
            "{name}: expected exit {code}, got {status:?}{}",
            pty.report()
        );
        pty.assert_restored();
    }
}

#[test]
fn panic_restores_the_terminal_then_prints_the_message() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[("KNEADLE_TEST_FAULT", "panic")]);
    pty.assert_exit(101);
    let after = pty.after_last_leave();
    assert!(after.contains("panicked"), "{}", pty.report());
    assert!(after.contains("test fault"), "{}", pty.report());
    assert!(pty.contents().contains("test fault"), "{}", pty.report());
}

#[test]
fn error_restores_the_terminal_then_prints_the_message() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[("KNEADLE_TEST_FAULT", "error")]);
    pty.assert_exit(1);
    let message = "error: terminal: test fault requested by KNEADLE_TEST_FAULT";
    assert!(pty.after_last_leave().contains(message), "{}", pty.report());
    assert!(pty.contents().contains(message), "{}", pty.report());
    assert!(!pty.output_text().contains("panicked"), "{}", pty.report());
}

/// Stops the app with `stop`, checks the shell gets a normal terminal, then
/// resumes it like `fg` and checks it takes the terminal back, paused.
/// Twice: the second suspend must work as well as the first.
#[cfg(target_os = "linux")]
fn suspend_and_resume(stop: impl Fn(&mut Pty)) {
    suspend_and_resume_as(Launch::InShell, stop);
}

fn suspend_and_resume_as(launch: Launch, stop: impl Fn(&mut Pty)) {
    let mut pty = Pty::desk_break_as(launch);
    for round in 1..=2 {
        stop(&mut pty);
        pty.wait_stopped();
        pty.wait_until("the main screen while stopped", TIMEOUT, |p| {
            !p.screen().alternate_screen()
        });
        pty.wait_until("the cursor while stopped", TIMEOUT, |p| {
            !p.screen().hide_cursor()
        });
        assert!(
            !pty.screen().bracketed_paste(),
            "round {round}{}",
            pty.report()
        );
        assert!(
            pty.termios_cooked(),
            "round {round}: termios while stopped: {:?}{}",
            pty.local_modes(),
            pty.report()
        );

        pty.resume();
        pty.wait_until("the alternate screen after fg", TIMEOUT, |p| {
            p.screen().alternate_screen()
        });
        pty.wait_for("PAUSED");
        pty.wait_for(TITLE);
        assert!(!pty.is_stopped(), "round {round}{}", pty.report());
        assert!(pty.screen().hide_cursor(), "round {round}{}", pty.report());
        assert!(
            pty.screen().bracketed_paste(),
            "round {round}{}",
            pty.report()
        );
        assert!(
            pty.termios_raw(),
            "round {round}: termios after fg: {:?}{}",
            pty.local_modes(),
            pty.report()
        );
    }
    pty.quit_routine(b"q", b"y");
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_z_suspends_and_sigcont_resumes_paused() {
    suspend_and_resume(|pty| pty.send(b"\x1a"));
}

#[cfg(target_os = "linux")]
#[test]
fn sigtstp_suspends_and_sigcont_resumes_paused() {
    suspend_and_resume(|pty| pty.signal(Signal::TSTP));
}

#[test]
fn survives_resizing_to_1x1_and_back() {
    let mut pty = Pty::desk_break();

    let mark = pty.raw.len();
    pty.resize(1, 1);
    // Shrinking the width makes ratatui clear the whole screen: proof the
    // app took in the 1x1 size before the next resize.
    pty.wait_until("the app to redraw at 1x1", TIMEOUT, |p| {
        p.raw[mark..].windows(4).any(|w| w == b"\x1b[2J")
    });

    pty.resize(5, 20);
    // The small screen: the step and its time, before anything else.
    pty.wait_for("0 left");

    pty.resize(ROWS, COLS);
    pty.wait_for(TITLE);
    pty.wait_for("space pause");
    assert!(!pty.output_text().contains("panicked"), "{}", pty.report());
    pty.quit_routine(b"q", b"y");
    assert!(!pty.output_text().contains("panicked"), "{}", pty.report());
}

/// What `program` prints in a pty of its own, read to its end.
fn pty_output(mut program: portable_pty::CommandBuilder, args: &[&str]) -> String {
    program.args(args);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut child = pair.slave.spawn_command(program).expect("spawn");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        // Linux ends a pty's output with an error (EIO), not end of file:
        // what was read stays in `bytes` all the same.
        let _ = reader.read_to_end(&mut bytes);
        let _ = tx.send(bytes);
    });
    let deadline = Instant::now() + TIMEOUT;
    let finished = output.recv_timeout(TIMEOUT).ok().and_then(|bytes| {
        loop {
            match child.try_wait().expect("try_wait") {
                Some(_) => break Some(bytes),
                None if Instant::now() >= deadline => break None,
                None => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    });
    let Some(bytes) = finished else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the program did not finish within {TIMEOUT:?}");
    };
    String::from_utf8(bytes)
        .expect("utf-8")
        .replace("\r\n", "\n")
}

/// Whatever the tests start in a pty (the app, or the shell around it)
/// starts in its sandbox and sees only the sandbox's environment; the
/// tests add `TERM`, and `portable_pty` adds `SHELL`.
#[test]
fn a_program_in_the_pty_starts_in_the_sandbox_with_its_environment_only() {
    let sandbox = Sandbox::new();
    let root = sandbox.path().canonicalize().expect("the sandbox's root");
    let pwd = pty_output(sandbox.pty_program("pwd"), &["-P"]);
    assert_eq!(pwd.trim_end(), root.to_str().expect("utf-8"));

    let env = pty_output(sandbox.pty_program("env"), &[]);
    let mut names: Vec<&str> = env
        .lines()
        .filter_map(|l| l.split_once('=').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    let mut expected: Vec<&str> = sandbox.env().iter().map(|(name, _)| *name).collect();
    expected.push("SHELL");
    expected.sort_unstable();
    assert_eq!(names, expected, "{env}");
    assert!(env.contains("SHELL=/bin/sh\n"), "{env}");
}

#[test]
fn picker_opens_without_arguments_and_q_quits() {
    let mut pty = Pty::spawn(&[], &[]);
    pty.wait_for("choose a routine");
    assert!(pty.screen().alternate_screen(), "{}", pty.report());
    pty.send(b"q");
    pty.assert_exit(0);
}

#[test]
fn pasted_text_is_not_taken_as_keys() {
    let mut pty = Pty::desk_break();
    // A pasted "q" would open the quit question, where "?" does nothing.
    pty.send(b"\x1b[200~q\x1b[201~");
    pty.send(b"?");
    pty.wait_for("close help");
    assert!(!pty.contents().contains(QUIT_POPUP), "{}", pty.report());
    pty.send(b"\x03");
    pty.assert_exit(130);
}

/// SIGSTOP cannot be caught: the app cannot give the terminal back, and the
/// shell resets the tty while the job is stopped. On SIGCONT the app takes
/// the terminal again (raw mode included), repaints and waits, paused.
#[cfg(target_os = "linux")]
#[test]
fn sigstop_from_outside_then_sigcont_repaints_paused_and_raw() {
    let mut pty = Pty::desk_break();
    let before = routine_left(&mut pty);
    pty.signal(Signal::STOP);
    pty.wait_stopped();
    pty.make_cooked();
    // Stay stopped well past the loop's next wake-up: the stopped time
    // must not be taken off the routine.
    std::thread::sleep(Duration::from_millis(3000));
    let mark = pty.raw.len();
    pty.signal(Signal::CONT);
    // The screen may show PAUSED before the app has handled SIGCONT (the
    // late wake-up alone pauses it); taking the terminal back comes after.
    pty.wait_until("the app to take the terminal back", TIMEOUT, |p| {
        p.raw[mark..]
            .windows(ENTER_ALT.len())
            .any(|w| w == ENTER_ALT)
    });
    pty.wait_for("PAUSED");
    let after = routine_left(&mut pty);
    assert!(
        before - after <= 2,
        "the routine jumped from {before} s to {after} s left\n{}",
        pty.report()
    );
    assert!(pty.screen().alternate_screen(), "{}", pty.report());
    assert!(pty.termios_raw(), "{:?}{}", pty.local_modes(), pty.report());
    // One key acts at once, without Enter: space carries on.
    pty.send(b" ");
    pty.wait_gone("PAUSED");
    pty.quit_routine(b"q", b"y");
}

/// The window changed size while the person was in the shell.
#[cfg(target_os = "linux")]
#[test]
fn resize_while_suspended_redraws_at_the_new_size() {
    let mut pty = Pty::desk_break_as(Launch::InShell);
    pty.send(b"\x1a");
    pty.wait_stopped();
    pty.resize(24, 80);
    pty.resume();
    pty.wait_for("PAUSED");
    // The position sits at the right edge, inside a 2-column margin.
    pty.wait_until("the header drawn 80 columns wide", TIMEOUT, |p| {
        top_rows(p).first().is_some_and(|row| {
            row.trim_end().ends_with("of 6") && row.trim_end().chars().count() == 78
        })
    });
    pty.quit_routine(b"q", b"y");
}

#[test]
fn caution_screen_waits_on_space_and_starts_on_enter() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[]);
    pty.wait_for("Before you start");
    pty.wait_for("Starting in");
    pty.send(b" ");
    pty.wait_for("Waiting: press Enter");
    pty.send(b"\r");
    pty.wait_for(TITLE);
    pty.wait_for("space pause");
    pty.quit_routine(b"q", b"y");
}

#[test]
fn q_on_the_caution_screen_leaves_at_once() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[]);
    pty.wait_for(INTRO_KEYS);
    pty.send(b"q");
    pty.assert_exit(0);
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_z_on_the_caution_screen_comes_back_to_it() {
    let mut pty = Pty::launch(Launch::InShell, &["run", "desk-break"], &[]);
    pty.wait_for(INTRO_KEYS);
    pty.send(b"\x1a");
    pty.wait_stopped();
    assert!(
        pty.termios_cooked(),
        "{:?}{}",
        pty.local_modes(),
        pty.report()
    );
    pty.resume();
    pty.wait_until("the alternate screen after fg", TIMEOUT, |p| {
        p.screen().alternate_screen()
    });
    pty.wait_for(INTRO_KEYS);
    pty.send(b"\r");
    pty.wait_for(TITLE);
    pty.wait_for("space pause");
    assert!(!pty.contents().contains("PAUSED"), "{}", pty.report());
    pty.quit_routine(b"q", b"y");
}

/// Started as a session leader (`xterm -e`, `ssh -t`, `exec`, `setsid`),
/// nothing could resume a stopped kneadle: Ctrl-Z and SIGTSTP pause the
/// routine and say why instead of stopping it for good.
#[cfg(target_os = "linux")]
#[test]
fn without_job_control_ctrl_z_and_sigtstp_pause_and_say_why() {
    const NOTICE: &str = "Ctrl-Z can't suspend here";
    for (name, stop) in [("Ctrl-Z", None), ("SIGTSTP", Some(Signal::TSTP))] {
        let mut pty = Pty::desk_break();
        pty.wait_for("space pause");
        match stop {
            Some(sig) => pty.signal(sig),
            None => pty.send(b"\x1a"),
        }
        pty.wait_for(NOTICE);
        assert!(pty.contents().contains("PAUSED"), "{name}{}", pty.report());
        assert!(!pty.is_stopped(), "{name}{}", pty.report());
        assert!(pty.screen().alternate_screen(), "{name}{}", pty.report());
        assert!(
            pty.termios_raw(),
            "{name}: {:?}{}",
            pty.local_modes(),
            pty.report()
        );
        // It still answers keys; the next one puts the notice away.
        pty.send(b" ");
        pty.wait_gone("PAUSED");
        // The frame may arrive in parts: the notice row comes last.
        pty.wait_gone(NOTICE);
        pty.quit_routine(b"q", b"y");
    }
}

#[test]
fn nasty_routine_files_in_the_picker_send_no_escape_sequences_to_the_terminal() {
    let sandbox = Sandbox::new();
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(manifest.join("tests/nasty")).expect("nasty corpus") {
        let path = entry.expect("entry").path();
        sandbox.write_routine(
            path.file_name().expect("name"),
            std::fs::read(&path).expect("read"),
        );
    }
    sandbox.write_routine(
        "\u{1b}]0;pwned\u{7}\u{1b}]52;c;AAAA\u{7}.toml",
        std::fs::read(manifest.join("routines/desk-break.toml")).expect("read"),
    );
    let mut pty = Pty::spawn_in(sandbox, &[], &[]);
    pty.wait_for("choose a routine");
    // Walk down the whole list so every entry's details are drawn.
    for _ in 0..40 {
        pty.send(b"j");
    }
    // The list follows the names shown, so rows move while the files are
    // read: End until the last (bom-start, named "x") stays selected.
    let deadline = Instant::now() + TIMEOUT;
    while !pty.contents().contains("kneadle run bom-start") {
        assert!(
            Instant::now() < deadline,
            "never reached the last routine{}",
            pty.report()
        );
        pty.send(b"G");
        pty.pump(Duration::from_millis(50));
    }
    pty.send(b"q");
    pty.assert_exit(0);
    let raw = &pty.raw;
    for payload in [&b"\x1b]"[..], b"\x07", b"\xc2\x9b", b"\xe2\x80\xae"] {
        assert!(
            !raw.windows(payload.len()).any(|w| w == payload),
            "{payload:?} reached the terminal\n{}",
            pty.report()
        );
    }
}

/// A folder of large routines takes a while to read; the picker shows at
/// once, reads behind the screen, and answers keys meanwhile.
#[test]
fn the_picker_answers_at_once_while_a_large_folder_is_read() {
    let sandbox = Sandbox::new();
    let mut source = String::from("kneadle = 1\nname = \"Big\"\n");
    let cues: Vec<String> = (0..50)
        .map(|j| format!("\"cue {j} {}\"", "x".repeat(150)))
        .collect();
    for i in 0..110 {
        source.push_str(&format!(
            "\n[[steps]]\ntechnique = \"rest\"\nname = \"Step {i}\"\nduration = \"2m\"\ninstructions = \"{}\"\ncues = [{}]\n",
            "word ".repeat(110),
            cues.join(", ")
        ));
    }
    let first = sandbox.write_routine("big000.toml", source);
    // Hard links: hundreds of megabytes to read, none written to disk.
    for i in 1..600 {
        std::fs::hard_link(
            &first,
            sandbox.routines_dir().join(format!("big{i:03}.toml")),
        )
        .expect("link");
    }
    let mut pty = Pty::spawn_in(sandbox, &[], &[]);
    pty.wait_for("choose a routine");
    pty.send(b"?");
    pty.wait_for("Keys");
    pty.send(b"q");
    pty.send(b"q");
    pty.assert_exit(0);
}

/// Bells that can be told apart with the eyes closed: one for a step, two
/// for the switch to the right side, three at the end, and none with
/// `--no-bell`.
#[test]
fn the_bell_rings_once_for_a_step_twice_for_a_side_switch_three_times_at_the_end() {
    // Named from the folder the app starts in: the sandbox's root.
    let sandbox_with_bells = || {
        let sandbox = Sandbox::new();
        sandbox.write(
            "bells.toml",
            "kneadle = 1\nname = \"Bells\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"1s\"\nsides = true\n",
        );
        sandbox
    };
    let bells = |p: &Pty| p.raw.iter().filter(|&&b| b == 0x07).count();
    let mut pty = Pty::spawn_in(sandbox_with_bells(), &["run", "./bells.toml"], &[]);
    pty.wait_for("Well done");
    pty.wait_until("six rings", TIMEOUT, |p| bells(p) >= 6);
    // A moment more: no seventh ring follows.
    let quiet_until = Instant::now() + Duration::from_millis(800);
    while Instant::now() < quiet_until {
        pty.pump(Duration::from_millis(100));
    }
    assert_eq!(bells(&pty), 6, "{}", pty.report());
    pty.send(b"q");
    pty.assert_exit(0);

    let mut quiet = Pty::spawn_in(
        sandbox_with_bells(),
        &["run", "--no-bell", "./bells.toml"],
        &[],
    );
    quiet.wait_for("Well done");
    quiet.send(b"q");
    quiet.assert_exit(0);
    assert_eq!(bells(&quiet), 0);
}

/// SIGIO only reports I/O the app never asked about: a stray one changes
/// nothing.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[test]
fn a_stray_sigio_is_ignored() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[]);
    pty.wait_for(INTRO_KEYS);
    pty.signal(Signal::IO);
    pty.send(b"q");
    pty.assert_exit(0);
}

/// Under a wrapper (`bash -c "kneadle …; echo"`, `time kneadle`), Ctrl-Z
/// stops the whole job, so the shell gets the terminal back, and `fg`
/// brings it back paused.
#[test]
fn ctrl_z_under_a_wrapper_stops_the_whole_job() {
    suspend_and_resume_as(Launch::Wrapped, |pty| pty.send(b"\x1a"));
}

/// `kill %1` on a suspended job sends SIGTERM, then SIGCONT so it can be
/// delivered, with the job still in the background: the app must end, not
/// stop again trying to take a terminal that is not its own.
#[cfg(target_os = "linux")]
#[test]
fn killed_while_suspended_it_ends_instead_of_stopping_again() {
    let mut pty = Pty::desk_break_as(Launch::InShell);
    pty.send(b"\x1a");
    pty.wait_stopped();
    pty.signal(Signal::TERM);
    pty.signal(Signal::CONT);
    let stat = format!("/proc/{}/stat", pty.pid.as_raw_nonzero());
    pty.wait_until("the app to end", TIMEOUT, |_| {
        std::fs::read_to_string(&stat).map_or(true, |s| {
            s.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_some_and(|state| state == "Z")
        })
    });
    // It had left the alternate screen when it stopped.
    pty.wait_until("the main screen", TIMEOUT, |p| {
        !p.screen().alternate_screen()
    });
}

/// A one-step routine of a minute.
const ONE_MINUTE: &str = "kneadle = 1\nname = \"Plain\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"1m\"\n";

/// A sandbox with `routine` in the file `name` at its root, where the app
/// starts: `./NAME` names it.
fn sandbox_with(name: &str, routine: &str) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write(name, routine);
    sandbox
}

/// A history line saying `routine` (an id) was followed to its end.
fn followed(routine: &str) -> String {
    format!(
        "{{\"routine\":\"{routine}\",\"name\":\"N\",\"hash\":\"xxh3:0\",\"start\":\"2026-11-20T08:00:00+00:00\",\"planned_secs\":120,\"practised_secs\":120,\"steps_completed\":6,\"ending\":\"completed\"}}\n"
    )
}

/// `run --plain` on a terminal: lines, not a screen; single keys act at
/// once; the terminal is given back cooked, with nothing drawn on it.
#[test]
fn plain_mode_takes_single_keys_and_gives_the_terminal_back() {
    let mut pty = Pty::spawn_in(
        sandbox_with("plain.toml", ONE_MINUTE),
        &["run", "--plain", "./plain.toml"],
        &[],
    );
    pty.wait_for("Knead: kneading. One minute.");
    assert!(pty.termios_raw(), "{}", pty.report());
    pty.send(b" ");
    pty.wait_for("Paused.");
    pty.send(b" ");
    pty.wait_for("Carrying on.");
    // Each line starts at the left edge: raw mode needs \r\n.
    assert!(
        pty.contents()
            .lines()
            .any(|l| l.starts_with(" 0:00  Knead")),
        "{}",
        pty.report()
    );
    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{}", pty.report());
    assert!(pty.termios_cooked(), "{:?}", pty.local_modes());
    assert!(
        !pty.raw.windows(ENTER_ALT.len()).any(|w| w == ENTER_ALT),
        "no full screen"
    );
    assert!(
        pty.contents().contains("Routine stopped."),
        "{}",
        pty.report()
    );
}

/// Ctrl-Z in plain mode on a terminal stops the whole job, as in a cooked
/// terminal, with the terminal given back cooked; `fg` brings it back
/// paused, reading keys again.
#[cfg(target_os = "linux")]
#[test]
fn ctrl_z_in_plain_mode_suspends_the_job_and_fg_brings_it_back_paused() {
    let mut pty = Pty::launch_in(
        sandbox_with("plain.toml", ONE_MINUTE),
        Launch::InShell,
        (ROWS, COLS),
        &["run", "--plain", "./plain.toml"],
        &[],
    );
    pty.wait_for("Knead: kneading. One minute.");
    assert!(pty.termios_raw(), "{}", pty.report());
    pty.send(b"\x1a");
    pty.wait_stopped();
    pty.wait_for("Paused.");
    assert!(
        pty.termios_cooked(),
        "termios while stopped: {:?}{}",
        pty.local_modes(),
        pty.report()
    );
    // fg
    pty.resume();
    pty.wait_until("keys read again after fg", TIMEOUT, |p| {
        !p.is_stopped() && p.termios_raw()
    });
    pty.send(b" ");
    pty.wait_for("Carrying on.");
    pty.send(b"q");
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 0, "{}", pty.report());
    assert!(pty.termios_cooked(), "{:?}", pty.local_modes());
}

/// Where a history is kept, the first time a routine is followed its
/// caution waits for Enter; once followed, it counts down.
#[test]
fn the_first_time_a_routine_is_followed_its_caution_waits_for_enter() {
    let sandbox = Sandbox::new();
    sandbox.write_history(&followed("wind-down"));
    let mut pty = Pty::spawn_in(sandbox, &["run", "desk-break"], &[]);
    pty.wait_for("Waiting: press Enter");
    pty.send(b"q");
    pty.assert_exit(0);

    let sandbox = Sandbox::new();
    sandbox.write_history(&followed("desk-break"));
    let mut pty = Pty::spawn_in(sandbox, &["run", "desk-break"], &[]);
    pty.wait_for("Starting in");
    pty.send(b"q");
    pty.assert_exit(0);
}

/// The time "Starting in M:SS" shows, when the caution counts down.
fn starting_in(screen: &str) -> Option<Duration> {
    let (_, clock) = screen.split_once("Starting in ")?;
    let clock = clock.split_whitespace().next()?;
    let (m, s) = clock.split_once(':')?;
    Some(Duration::from_secs(
        m.parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?,
    ))
}

/// Issue 18, finding 7: a caution too long for a 60x12 window, the window
/// grown to 200x60 (all of it shows, and it counts down) and shrunk back.
/// Cut again, it stops counting and says it starts once read, and it
/// waits for as long as that takes: the routine does not start by itself
/// unseen. Paged to its end, it counts down again, in full.
#[test]
fn a_caution_cut_again_by_a_smaller_window_waits_until_its_end_is_read() {
    // About 70 words: more than 60x12 shows at once, a line or two of
    // 200x60. The countdown is never shorter than the time it takes to
    // read (22 s here), whatever the config says.
    const CAUTION: &str = "Stop at once if you feel sharp pain, numbness, tingling or \
        dizziness. Do not press on the front or sides of the neck, on the spine itself, \
        or on any swelling, bruise or recent injury. Ask a doctor first if you are \
        pregnant, take blood thinners, or have had surgery on your neck or shoulders in \
        the last six months. Never press on a pulse you can feel.";
    const END: &str = "you can feel.";
    const PAGE_DOWN: &[u8] = b"\x1b[6~";
    let waits_to_be_read = |p: &Pty| p.contents().to_lowercase().contains("starts once read");
    // The running screen: the lead-in's heading, or the step.
    let started = |p: &Pty| {
        let screen = p.contents();
        screen.contains("GET READY") || screen.contains("Knead the shoulders")
    };

    let sandbox = Sandbox::new();
    sandbox.write_routine(
        "long-caution.toml",
        support::RoutineText::new("Long caution")
            .lead_in("3s")
            .caution(CAUTION)
            .summary("Shoulders, slowly.")
            .step("kneading", "Knead the shoulders", "1m")
            .build(),
    );
    // Followed before: its caution counts down instead of waiting for Enter.
    sandbox.write_history(&followed("long-caution"));
    sandbox.write_config("caution_countdown = \"2s\"\n");
    let mut pty = Pty::launch_in(
        sandbox,
        Launch::Alone,
        (12, 60),
        &["run", "long-caution"],
        &[],
    );
    pty.wait_until("the caution to wait to be read", TIMEOUT, waits_to_be_read);
    let screen = pty.contents();
    assert!(screen.contains("Before you start"), "{}", pty.report());
    assert!(
        !screen.contains(END),
        "the end fits at 60x12{}",
        pty.report()
    );
    assert!(!screen.contains("Starting in"), "{}", pty.report());

    pty.resize(60, 200);
    pty.wait_until("the whole caution and its countdown", TIMEOUT, |p| {
        p.contents().contains(END) && starting_in(&p.contents()).is_some()
    });
    // A whole frame (not one cut short as it is read), drawn before now:
    // had the countdown run on, it would end by `counting_since + full`.
    pty.wait_quiet();
    let counting_since = Instant::now();
    let full = starting_in(&pty.contents()).expect("the countdown");

    pty.resize(12, 60);
    pty.wait_until(
        "the cut caution to wait to be read",
        TIMEOUT,
        waits_to_be_read,
    );
    assert!(!pty.contents().contains("Starting in"), "{}", pty.report());
    // Past the moment the countdown seen at 200x60 would have ended, and
    // then some: it never counts, and the routine never starts.
    pty.holds_for(
        "the caution waiting, not counting down",
        (counting_since + full + Duration::from_secs(3)).saturating_duration_since(Instant::now()),
        |p| !p.contents().contains("Starting in") && !started(p),
    );
    assert!(waits_to_be_read(&pty), "{}", pty.report());
    assert!(
        pty.contents().contains("Before you start"),
        "{}",
        pty.report()
    );

    // Paged down to its end, it counts down again from the start.
    let deadline = Instant::now() + TIMEOUT;
    while !pty.contents().contains(END) {
        assert!(
            Instant::now() < deadline,
            "PgDn never reached the end{}",
            pty.report()
        );
        let before = pty.contents();
        pty.send(PAGE_DOWN);
        pty.wait_until("the caution to scroll", TIMEOUT, |p| p.contents() != before);
    }
    pty.wait_until("the countdown beside the end", TIMEOUT, |p| {
        starting_in(&p.contents()).is_some()
    });
    pty.wait_quiet();
    let again = starting_in(&pty.contents()).expect("the countdown");
    assert!(
        again + Duration::from_secs(3) >= full,
        "counts down from {again:?}, not in full ({full:?}){}",
        pty.report()
    );
    assert!(!started(&pty), "{}", pty.report());
    pty.send(b"q");
    pty.assert_exit(0);
}

/// A dumb terminal cannot place text: the full screen is never drawn, the
/// person is told how to follow the routine as plain text, and the status
/// is a usage error's.
#[test]
fn a_dumb_terminal_is_told_to_use_plain_mode() {
    let mut pty = Pty::spawn(&["run", "desk-break"], &[("TERM", "dumb")]);
    let status = pty.wait_exit(TIMEOUT);
    assert_eq!(status.exit_code(), 2, "{}", pty.report());
    let text = pty.output_text();
    assert!(
        text.contains("cannot show the full screen")
            && text.contains("kneadle run --plain desk-break"),
        "{}",
        pty.report()
    );
    assert!(
        !pty.raw.windows(ENTER_ALT.len()).any(|w| w == ENTER_ALT),
        "no screen drawn{}",
        pty.report()
    );
}

/// A speech program found first on the PATH this returns: `espeak-ng`
/// in the sandbox's `bin`, a shell script running `body`.
fn speaker(sandbox: &Sandbox, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let program = sandbox.write("bin/espeak-ng", format!("#!/bin/sh\n{body}"));
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    format!("{}:/usr/bin:/bin", sandbox.path().join("bin").display())
}

/// Knead each side for two seconds.
const SPOKEN: &str = "kneadle = 1\nname = \"Spoken\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"2s\"\nsides = true\n";

/// The full screen speaks with `--voice` as plain mode does, and says so
/// on screen when no speech program can be found.
#[test]
fn the_full_screen_speaks_with_voice() {
    let sandbox = sandbox_with("spoken.toml", SPOKEN);
    let said = sandbox.path().join("said");
    let path = speaker(
        &sandbox,
        &format!("shift\nprintf '%s\\n' \"$*\" >> '{}'\n", said.display()),
    );
    let mut pty = Pty::spawn_in(
        sandbox,
        &["run", "--voice", "./spoken.toml"],
        &[("PATH", path.as_str())],
    );
    pty.wait_for("Well done");
    pty.wait_until("the last words said", TIMEOUT, |_| {
        std::fs::read_to_string(&said).is_ok_and(|s| s.contains("Routine complete."))
    });
    pty.send(b"q");
    pty.assert_exit(0);
    let text = std::fs::read_to_string(&said).expect("said");
    assert!(
        text.contains("Knead: kneading, left side. Two seconds."),
        "{text}"
    );
    assert!(text.contains("right side"), "{text}");

    let sandbox = sandbox_with("spoken.toml", SPOKEN);
    let empty = sandbox.path().join("empty");
    std::fs::create_dir(&empty).expect("empty");
    let mut pty = Pty::spawn_in(
        sandbox,
        &["run", "--voice", "./spoken.toml"],
        &[("PATH", empty.to_str().expect("utf-8"))],
    );
    pty.wait_for("No speech program found");
    pty.wait_for("Well done");
    pty.send(b"q");
    pty.assert_exit(0);
}

/// Ended, as far as the system shows: no process, or one waiting to be
/// reaped.
#[cfg(target_os = "linux")]
fn process_gone(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).map_or(true, |s| {
        s.rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "Z")
    })
}

/// How many times the app's main thread has been scheduled off a CPU: it
/// grows whenever the thread has run.
#[cfg(target_os = "linux")]
fn ran(pid: Pid) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.as_raw_nonzero()))
        .expect("the app's status");
    status
        .lines()
        .filter_map(|l| {
            l.strip_prefix("voluntary_ctxt_switches:")
                .or_else(|| l.strip_prefix("nonvoluntary_ctxt_switches:"))
        })
        .filter_map(|v| v.trim().parse::<u64>().ok())
        .sum()
}

/// The most memory the app has held at once (VmHWM), in KiB.
#[cfg(target_os = "linux")]
fn peak_memory_kib(pid: Pid) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.as_raw_nonzero()))
        .expect("the app's status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// What a huge window may cost at most: the drawn area is bounded (1000
/// x 500 cells), whatever the terminal says its size is.
#[cfg(target_os = "linux")]
const MEMORY_BOUND_KIB: u64 = 256 * 1024;

/// crossterm's cursor move to the 500th row: the last row drawn in a
/// window at least that tall.
const ROW_500: &[u8] = b"\x1b[500;";
const ROW_501: &[u8] = b"\x1b[501;";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `stty rows 65535 cols 65535` on a running screen: the app draws a
/// bounded area (its last row is the 500th) with bounded memory, and
/// carries on; back at a normal size it redraws and quits cleanly.
#[cfg(target_os = "linux")]
#[test]
fn a_huge_window_draws_a_bounded_area_with_bounded_memory() {
    let mut pty = Pty::desk_break();
    pty.wait_for("space pause");
    let mark = pty.raw.len();
    pty.resize_terminal(u16::MAX, u16::MAX);
    pty.wait_until("the footer drawn on the 500th row", TIMEOUT, |p| {
        contains(&p.raw[mark..], ROW_500)
    });
    assert!(!contains(&pty.raw[mark..], ROW_501), "{}", pty.report());
    let peak = peak_memory_kib(pty.pid);
    assert!(peak < MEMORY_BOUND_KIB, "{peak} KiB at 65535x65535");

    let mark = pty.raw.len();
    pty.resize(ROWS, COLS);
    pty.wait_until("the app to redraw at the normal size", TIMEOUT, |p| {
        contains(&p.raw[mark..], b"\x1b[2J")
    });
    pty.wait_for(TITLE);
    pty.wait_for("space pause");
    pty.quit_routine(b"q", b"y");
}

/// Started in a terminal that says it is 65535 x 65535, the picker opens
/// in a bounded area and quits cleanly.
#[cfg(target_os = "linux")]
#[test]
fn the_picker_opens_in_a_huge_window_with_bounded_memory() {
    let mut pty = Pty::launch_in(
        Sandbox::new(),
        Launch::Alone,
        (u16::MAX, u16::MAX),
        &[],
        &[],
    );
    pty.wait_until("the picker drawn down to the 500th row", TIMEOUT, |p| {
        p.output_text().contains("choose a routine") && contains(&p.raw, ROW_500)
    });
    assert!(!contains(&pty.raw, ROW_501), "{}", pty.report());
    let peak = peak_memory_kib(pty.pid);
    assert!(peak < MEMORY_BOUND_KIB, "{peak} KiB at 65535x65535");
    pty.send(b"q");
    pty.assert_exit(0);
}

/// Closing the window (the terminal hangs up, SIGHUP): on every screen
/// the app ends at once with 129, as a shell reports a job ended by
/// SIGHUP, and no panic (a panic would be 101).
#[cfg(target_os = "linux")]
#[test]
fn closing_the_terminal_ends_every_screen_with_129() {
    /// A screen: its name, the arguments, and how to reach it.
    type Screen = (&'static str, &'static [&'static str], fn(&mut Pty));
    let screens: [Screen; 4] = [
        ("picker", &[], |p| p.wait_for("choose a routine")),
        ("caution", &["run", "desk-break"], |p| {
            p.wait_for(INTRO_KEYS)
        }),
        ("running", &["run", "desk-break"], |p| {
            p.wait_for(INTRO_KEYS);
            p.send(b"\r");
            p.wait_for("space pause");
        }),
        ("paused", &["run", "desk-break"], |p| {
            p.wait_for(INTRO_KEYS);
            p.send(b"\r");
            p.wait_for("space pause");
            p.send(b" ");
            p.wait_for("PAUSED");
        }),
    ];
    for (name, args, reach) in screens {
        let mut pty = Pty::spawn(args, &[]);
        reach(&mut pty);
        assert!(!pty.output_text().contains("panicked"), "{name}");
        let pid = pty.pid.as_raw_nonzero().get();
        pty.hang_up();
        let status = pty.wait_exit(TIMEOUT);
        assert!(
            status.signal().is_none() && status.exit_code() == 129,
            "{name}: expected exit 129, got {status:?}"
        );
        assert!(process_gone(pid), "{name}");
    }
}

/// When no SIGHUP comes (the shell that started it ignores hang-ups and
/// lives on), the end of the terminal's input is the hang-up: a paused
/// routine and the picker, both waiting for a key, end with 129.
#[cfg(target_os = "linux")]
#[test]
fn a_terminal_gone_without_sighup_ends_the_app_with_129() {
    for (name, args) in [("paused", &["run", "desk-break"][..]), ("picker", &[][..])] {
        let mut pty = Pty::launch(Launch::HangUpIgnored, args, &[]);
        if args.is_empty() {
            pty.wait_for("choose a routine");
        } else {
            pty.wait_for(INTRO_KEYS);
            pty.send(b"\r");
            pty.wait_for("space pause");
            pty.send(b" ");
            pty.wait_for("PAUSED");
        }
        // Nothing left to draw: only the terminal's end can wake it.
        pty.wait_quiet();
        let app = pty.pid.as_raw_nonzero().get();
        pty.hang_up();
        // The shell's status is the app's.
        let status = pty.wait_exit(TIMEOUT);
        assert!(
            status.signal().is_none() && status.exit_code() == 129,
            "{name}: expected exit 129, got {status:?}"
        );
        assert!(process_gone(app), "{name}");
    }
}

/// `run --plain` on a terminal that closes: 129 too, not an error about
/// output that could not be written.
#[cfg(target_os = "linux")]
#[test]
fn plain_mode_on_a_terminal_that_closes_ends_with_129() {
    for launch in [Launch::Alone, Launch::HangUpIgnored] {
        let mut pty = Pty::launch_in(
            sandbox_with("plain.toml", ONE_MINUTE),
            launch,
            (ROWS, COLS),
            &["run", "--plain", "./plain.toml"],
            &[],
        );
        pty.wait_for("Knead: kneading. One minute.");
        let app = pty.pid.as_raw_nonzero().get();
        pty.hang_up();
        let status = pty.wait_exit(TIMEOUT);
        assert!(
            status.signal().is_none() && status.exit_code() == 129,
            "expected exit 129, got {status:?}"
        );
        assert!(process_gone(app));
    }
}

/// The signals once missed (the real-time ones, SIGABRT, SIGTRAP and
/// SIGSYS) end the app like the others: the terminal restored, the
/// speech program stopped mid-sentence, and 128 + n.
#[cfg(target_os = "linux")]
#[test]
fn real_time_abort_trap_and_sys_signals_restore_the_terminal_and_end_the_voice() {
    let (min, max) = (libc::SIGRTMIN(), libc::SIGRTMAX());
    let signals = [
        ("SIGRTMIN", min),
        ("SIGRTMIN+1", min + 1),
        ("SIGRTMAX-1", max - 1),
        ("SIGRTMAX", max),
        ("SIGABRT", libc::SIGABRT),
        ("SIGTRAP", libc::SIGTRAP),
        ("SIGSYS", libc::SIGSYS),
    ];
    for (name, n) in signals {
        let sandbox = sandbox_with(
            "long.toml",
            "kneadle = 1\nname = \"Long\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"5m\"\n",
        );
        let pids = sandbox.path().join("pids");
        // A sentence that takes half a minute to say.
        let path = speaker(
            &sandbox,
            &format!("echo $$ >> '{}'\nexec sleep 30\n", pids.display()),
        );
        let mut pty = Pty::spawn_in(
            sandbox,
            &["run", "--voice", "./long.toml"],
            &[("PATH", path.as_str())],
        );
        pty.wait_for("space pause");
        pty.wait_until("the voice speaking", TIMEOUT, |_| {
            std::fs::read_to_string(&pids).is_ok_and(|s| s.ends_with('\n'))
        });
        pty.signal_number(n);
        let status = pty.wait_exit(TIMEOUT);
        let code = 128 + u32::try_from(n).expect("signal numbers are positive");
        assert!(
            status.signal().is_none() && status.exit_code() == code,
            "{name}: expected exit {code}, got {status:?}{}",
            pty.report()
        );
        pty.assert_restored();
        let speakers = std::fs::read_to_string(&pids).expect("pids");
        for pid in speakers.lines() {
            let pid: i32 = pid.parse().expect("a pid");
            assert!(
                process_gone(pid),
                "{name}: the speaker {pid} outlived the app"
            );
        }
    }
}

/// `kneadle run x &` stops when it reaches for the terminal, as any
/// background job does; `kill %1` then ends it with 143, the terminal
/// untouched, instead of leaving it stopped for good.
#[cfg(target_os = "linux")]
#[test]
fn started_in_the_background_kill_ends_it_with_143() {
    for args in [
        &["run", "desk-break"][..],
        &["run", "--plain", "desk-break"][..],
    ] {
        let mut pty = Pty::launch(Launch::Background, args, &[]);
        pty.wait_stopped();
        assert!(!pty.screen().alternate_screen(), "{}", pty.report());
        assert!(pty.termios_cooked(), "{:?}", pty.local_modes());
        // The person presses Enter at the prompt; the shell runs kill %1.
        pty.send(b"\r");
        pty.wait_for("job ended 143");
        assert!(!pty.screen().alternate_screen(), "{}", pty.report());
        assert!(pty.termios_cooked(), "{:?}", pty.local_modes());
        pty.send(b"\r");
        let status = pty.wait_exit(TIMEOUT);
        assert_eq!(status.exit_code(), 0, "{}", pty.report());
    }
}

/// Stopped from outside (SIGSTOP: nothing is given back), the job is in
/// the background while the shell has the terminal; SIGTERM then (with
/// the SIGCONT that delivers it) must end it: giving back the terminal's
/// modes from the background would stop it again for good.
#[cfg(target_os = "linux")]
#[test]
fn stopped_from_outside_then_killed_in_the_background_it_ends() {
    let mut pty = Pty::desk_break_as(Launch::InShell);
    pty.signal(Signal::STOP);
    pty.wait_stopped();
    pty.signal(Signal::TERM);
    pty.signal(Signal::CONT);
    let app = pty.pid.as_raw_nonzero().get();
    pty.wait_until("the app to end", TIMEOUT, |_| process_gone(app));
    // The screen is given back (a write is not a change of modes).
    pty.wait_until("the main screen", TIMEOUT, |p| {
        !p.screen().alternate_screen()
    });
}

/// A key pressed while the window is being resized still acts: resizes
/// and keys reach the app by different ways, and neither may hide the
/// other.
#[test]
fn a_key_pressed_as_the_window_resizes_is_not_lost() {
    let mut pty = Pty::desk_break();
    pty.wait_for("space pause");
    for round in 0..10 {
        let (rows, cols) = if round % 2 == 0 {
            (24, 80)
        } else {
            (ROWS, COLS)
        };
        pty.resize(rows, cols);
        pty.send(b"?");
        pty.wait_for("close help");
        pty.send(b"?");
        pty.wait_gone("close help");
    }
    pty.quit_routine(b"q", b"y");
}

/// Suspended, then `bg`: a full screen cannot run in the background, so
/// it stops again, as any job that reaches for the terminal does; `fg`
/// then brings it back, paused. (`fg` sends no SIGCONT to a job that is
/// running: one left running in the background would never learn that
/// the terminal is its own again.)
#[cfg(target_os = "linux")]
#[test]
fn resumed_in_the_background_it_stops_again_until_fg() {
    let mut pty = Pty::desk_break_as(Launch::BgThenFg);
    pty.send(b"\x1a");
    pty.wait_stopped();
    // The count of runs settles a moment after the stop shows: take it
    // once steady, so a later count is the app running again after bg.
    let mut stopped = ran(pty.pid);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        pty.pump(Duration::from_millis(50));
        let now = ran(pty.pid);
        if now == stopped || Instant::now() >= deadline {
            break;
        }
        stopped = now;
    }
    // bg
    pty.send(b"\r");
    pty.wait_for("\"$@\" &");
    pty.wait_until("the job to run, then stop again", TIMEOUT, |p| {
        ran(p.pid) > stopped && p.is_stopped()
    });
    // fg
    pty.send(b"\r");
    pty.wait_until("the alternate screen after fg", TIMEOUT, |p| {
        p.screen().alternate_screen()
    });
    pty.wait_for("PAUSED");
    pty.wait_for(TITLE);
    assert!(pty.termios_raw(), "{:?}{}", pty.local_modes(), pty.report());
    pty.quit_routine(b"q", b"y");
}
