//! The one sandbox every test that runs the kneadle binary starts it in.
//!
//! A `Sandbox` owns a temporary folder and hands out commands whose whole
//! environment is built here: nothing of the machine's own is inherited
//! but `PATH`. `HOME`, every `XDG_*` folder and every `KNEADLE_*` path
//! point into the sandbox, so no test reads the user's config, routines or
//! history, and none writes beside them, whatever the environment `cargo
//! test` itself runs in; `TZ` is UTC and standard input is empty. A test
//! that needs another variable (`NO_COLOR`, `TERM`, `KNEADLE_TEST_FAULT`)
//! sets it on the command it was given.
//!
//! The layout, all of it created lazily by whoever writes there:
//!
//! ```text
//! ROOT/               HOME, and the working directory
//! ROOT/config.toml    KNEADLE_CONFIG
//! ROOT/routines/      KNEADLE_ROUTINES_DIR
//! ROOT/state/         KNEADLE_STATE_DIR (history.jsonl)
//! ROOT/xdg/…          XDG_CONFIG_HOME, _STATE_, _DATA_, _CACHE_, _RUNTIME_DIR
//! ```
//!
//! Test binaries include it with `mod support;`.

// Every test binary compiles this module on its own and uses only part of
// it; what one leaves unused another needs.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Output, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// The program under test.
pub const KNEADLE: &str = env!("CARGO_BIN_EXE_kneadle");

/// How long any one command may run before the test fails: far above
/// what any takes, even on a busy machine, so it only ever catches a hang.
pub const RUN_LIMIT: Duration = Duration::from_secs(120);

/// A temporary home for one test, removed when it is dropped.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("kneadle-test-")
            .tempdir()
            .expect("a temporary folder for the sandbox");
        Self { dir }
    }

    /// The sandbox's root: `HOME`, and where commands start.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `KNEADLE_CONFIG`: the config file (not written until asked).
    pub fn config_file(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    /// `KNEADLE_ROUTINES_DIR`: the user's routine folder (not created
    /// until a routine is written there).
    pub fn routines_dir(&self) -> PathBuf {
        self.path().join("routines")
    }

    /// `KNEADLE_STATE_DIR`: the state folder.
    pub fn state_dir(&self) -> PathBuf {
        self.path().join("state")
    }

    /// The history file inside the state folder.
    pub fn history_file(&self) -> PathBuf {
        self.state_dir().join("history.jsonl")
    }

    /// Every variable a kneadle command gets, and nothing else: apply
    /// these after clearing the environment of any command builder
    /// (`std::process::Command`, `portable_pty::CommandBuilder`, ...).
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let root = self.path();
        let xdg = root.join("xdg");
        let mut vars: Vec<(&'static str, OsString)> = vec![
            ("HOME", root.into()),
            ("XDG_CONFIG_HOME", xdg.join("config").into()),
            ("XDG_STATE_HOME", xdg.join("state").into()),
            ("XDG_DATA_HOME", xdg.join("data").into()),
            ("XDG_CACHE_HOME", xdg.join("cache").into()),
            ("XDG_RUNTIME_DIR", xdg.join("runtime").into()),
            ("KNEADLE_CONFIG", self.config_file().into()),
            ("KNEADLE_ROUTINES_DIR", self.routines_dir().into()),
            ("KNEADLE_STATE_DIR", self.state_dir().into()),
            // A panic message, never a backtrace, whatever the caller asks.
            ("RUST_BACKTRACE", "0".into()),
            // "Today" is the same day for the test and for kneadle, in
            // whatever zone the machine is set to.
            ("TZ", "UTC".into()),
        ];
        if let Some(path) = std::env::var_os("PATH") {
            vars.push(("PATH", path));
        }
        vars
    }

    /// `program` with the sandbox's environment only, started in its root,
    /// reading nothing (never the terminal `cargo test` was started from).
    pub fn program(&self, program: impl AsRef<OsStr>) -> std::process::Command {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear()
            .envs(self.env())
            .current_dir(self.path())
            .stdin(Stdio::null());
        cmd
    }

    /// kneadle as a plain `std` command: to spawn, watch, signal.
    pub fn command(&self) -> std::process::Command {
        self.program(KNEADLE)
    }

    /// kneadle as an `assert_cmd` command: to run and assert on. It is
    /// killed past [`RUN_LIMIT`] (a test may set its own `timeout`).
    pub fn kneadle(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::from_std(self.command());
        cmd.timeout(RUN_LIMIT);
        cmd
    }

    /// kneadle for a pseudo-terminal; the test adds `TERM` and the rest.
    #[cfg(unix)]
    pub fn pty_command(&self) -> portable_pty::CommandBuilder {
        self.pty_program(KNEADLE)
    }

    /// `program` for a pseudo-terminal (a shell that starts kneadle, say),
    /// with the sandbox's environment only, started in its root: without a
    /// folder of its own, `portable_pty` starts a program in `$HOME`.
    /// `portable_pty` also always sets `SHELL`, from the password database
    /// when the command names none: it is pinned to `/bin/sh` here, so that
    /// nothing of the machine's account reaches the program either.
    #[cfg(unix)]
    pub fn pty_program(&self, program: impl AsRef<OsStr>) -> portable_pty::CommandBuilder {
        let mut cmd = portable_pty::CommandBuilder::new(program);
        cmd.env_clear();
        for (key, value) in self.env() {
            cmd.env(key, value);
        }
        cmd.env("SHELL", "/bin/sh");
        cmd.cwd(self.path());
        cmd
    }

    /// Writes `contents` at `relative` inside the sandbox, creating its
    /// folders; returns the full path.
    pub fn write(&self, relative: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Writes a routine file into the user's routine folder: `file` is
    /// its file name (`neck.toml`, or a name with odd bytes).
    pub fn write_routine(&self, file: impl AsRef<Path>, text: impl AsRef<[u8]>) -> PathBuf {
        let dir = self.routines_dir();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(file);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Writes the config file.
    pub fn write_config(&self, text: &str) -> PathBuf {
        std::fs::write(self.config_file(), text).unwrap();
        self.config_file()
    }

    /// Writes the history file (one JSON record a line), creating the
    /// state folder.
    pub fn write_history(&self, text: &str) -> PathBuf {
        std::fs::create_dir_all(self.state_dir()).unwrap();
        std::fs::write(self.history_file(), text).unwrap();
        self.history_file()
    }

    /// The history as written, or "" when there is none yet.
    pub fn history(&self) -> String {
        match std::fs::read_to_string(self.history_file()) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => panic!("cannot read {}: {e}", self.history_file().display()),
        }
    }

    /// The file names in the routine folder, sorted.
    pub fn routine_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.routines_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// A routine file of a given shape, for tests that care about its shape
/// and not its text: `RoutineText::new("Name").lead_in("0s").step("rest",
/// "Sit", "30s").build()`. Values are written as TOML strings, escaped;
/// each step setting applies to the step added last.
#[derive(Debug, Clone)]
pub struct RoutineText {
    head: Vec<(&'static str, String)>,
    steps: Vec<Vec<(&'static str, String)>>,
}

impl RoutineText {
    pub fn new(name: &str) -> Self {
        Self {
            head: vec![("kneadle", "1".into()), ("name", quoted(name))],
            steps: Vec::new(),
        }
    }

    /// The "get ready" time before each step, such as `"0s"`.
    pub fn lead_in(self, duration: &str) -> Self {
        self.top("lead_in", quoted(duration))
    }

    pub fn caution(self, text: &str) -> Self {
        self.top("caution", quoted(text))
    }

    pub fn summary(self, text: &str) -> Self {
        self.top("summary", quoted(text))
    }

    /// Adds a step: `technique` is one of the six (`kneading`, `rest`, ...).
    pub fn step(mut self, technique: &str, name: &str, duration: &str) -> Self {
        self.steps.push(vec![
            ("technique", quoted(technique)),
            ("name", quoted(name)),
            ("duration", quoted(duration)),
        ]);
        self
    }

    /// The last step runs for the left side, then the right.
    pub fn sides(self) -> Self {
        self.last("sides", "true".into())
    }

    /// The last step runs `times` rounds.
    pub fn repeat(self, times: u32) -> Self {
        self.last("repeat", times.to_string())
    }

    pub fn instructions(self, text: &str) -> Self {
        self.last("instructions", quoted(text))
    }

    /// A cue on the last step, `at` into it.
    pub fn cue(mut self, at: &str, text: &str) -> Self {
        let cue = format!("{{ at = {}, text = {} }}", quoted(at), quoted(text));
        let step = self.steps.last_mut().expect("a cue needs a step first");
        match step.iter_mut().find(|(key, _)| *key == "cues") {
            Some((_, cues)) => {
                cues.pop();
                cues.push_str(&format!(", {cue}]"));
            }
            None => step.push(("cues", format!("[{cue}]"))),
        }
        self
    }

    /// The file's text.
    pub fn build(&self) -> String {
        let mut text = String::new();
        for (key, value) in &self.head {
            text.push_str(&format!("{key} = {value}\n"));
        }
        for step in &self.steps {
            text.push_str("\n[[steps]]\n");
            for (key, value) in step {
                text.push_str(&format!("{key} = {value}\n"));
            }
        }
        text
    }

    fn top(mut self, key: &'static str, value: String) -> Self {
        self.head.retain(|(k, _)| *k != key);
        self.head.push((key, value));
        self
    }

    fn last(mut self, key: &'static str, value: String) -> Self {
        let step = self.steps.last_mut().expect("add a step first");
        step.retain(|(k, _)| *k != key);
        step.push((key, value));
        self
    }
}

/// `text` as a TOML basic string, escaped as TOML needs.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// Waits for `child` at most `limit`; past it, kills it and fails.
pub fn wait_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the command was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs `cmd` to the end with its output collected, as `output()` does,
/// failing the test if it runs longer than `limit`.
pub fn output_within(cmd: &mut std::process::Command, limit: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish_within(child, limit)
}

/// Waits for a spawned `child` at most `limit` (past it, kills it and
/// fails), reading whichever of its stdout and stderr are still piped to
/// us meanwhile, so a full pipe never stalls it.
pub fn finish_within(mut child: Child, limit: Duration) -> Output {
    fn collect(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = collect(child.stdout.take());
    let stderr = collect(child.stderr.take());
    let status = wait_within(&mut child, limit);
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// What a child writes to a pipe, line by line, read on a thread of its
/// own, so that a test waits for each line with a deadline.
pub struct Lines {
    lines: Receiver<String>,
}

impl Lines {
    /// Reads `pipe` to its end.
    pub fn read(pipe: impl Read + Send + 'static) -> Self {
        Self::read_at_most(pipe, usize::MAX)
    }

    /// Reads the first `count` lines of `pipe`, then closes it, as `head
    /// -n COUNT` does: what the child writes after them meets a closed
    /// pipe.
    pub fn read_at_most(pipe: impl Read + Send + 'static, count: usize) -> Self {
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            let mut pipe = BufReader::new(pipe);
            for _ in 0..count {
                let mut line = String::new();
                match pipe.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if sender.send(line).is_err() {
                            break;
                        }
                    }
                }
            }
            // The pipe closes here, before the end is told.
            drop(pipe);
        });
        Self { lines }
    }

    /// The next line, with its end of line, or `None` once the output
    /// has ended; past `limit`, kills `child` and fails.
    pub fn next_within(&self, child: &mut Child, limit: Duration) -> Option<String> {
        match self.lines.recv_timeout(limit) {
            Ok(line) => Some(line),
            Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("no line and no end of output within {limit:?}");
            }
        }
    }

    /// Every line left, up to the end of the output, in one text; past
    /// `limit` in all, kills `child` and fails.
    pub fn rest_within(&self, child: &mut Child, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        let mut text = String::new();
        while let Some(line) =
            self.next_within(child, deadline.saturating_duration_since(Instant::now()))
        {
            text.push_str(&line);
        }
        text
    }
}

/// Waits until `ready` holds, failing after `limit`.
pub fn wait_until(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
