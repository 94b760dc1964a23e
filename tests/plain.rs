//! `kneadle run --plain`: the guide as lines of text, with no terminal at
//! all (standard input `/dev/null`, output a pipe), timed by the same
//! deadlines as the full screen, ended cleanly by signals, and recorded in
//! the history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Ten seconds: two sides with a cue, then a breathing step.
const TEN: &str = r#"kneadle = 1
name = "Ten seconds"
lead_in = "0s"

[[steps]]
technique = "kneading"
name = "Knead the shoulder"
duration = "4s"
sides = true
cues = [{ at = "2s", text = "Slow circles" }]

[[steps]]
technique = "breathing"
name = "Breathe"
duration = "2s"
breath = { inhale = 1, exhale = 1 }
"#;

/// A temporary home: routine, config and state all inside it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(routine: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ten.toml"), routine).unwrap();
        Self { dir }
    }

    fn kneadle(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kneadle"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("KNEADLE_ROUTINES_DIR", self.dir.path().join("routines"))
            .env("KNEADLE_CONFIG", self.dir.path().join("config.toml"))
            .env("KNEADLE_STATE_DIR", self.dir.path().join("state"))
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null());
        cmd
    }

    fn history(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("state/history.jsonl")).unwrap_or_default()
    }
}

#[test]
fn every_event_is_a_line_at_its_second_and_the_session_is_recorded() {
    let home = Home::new(TEN);
    let out = home
        .kneadle(&["run", "--plain", "--breath-cues", "./ten.toml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        " 0:00  Ten seconds. Ten seconds.
 0:00  Knead the shoulder: kneading, left side. Four seconds.
 0:02  Slow circles
 0:04  Knead the shoulder: kneading, right side. Four seconds.
 0:06  Slow circles
 0:08  Breathe: breathing. Two seconds.
 0:08  Breathe in.
 0:09  Breathe out.
 0:10  Routine complete. Ten seconds.
"
    );
    let history = home.history();
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(history.contains(r#""routine":"./ten.toml""#), "{history}");
    assert!(history.contains(r#""practised_secs":10"#), "{history}");
    assert!(history.contains(r#""ending":"completed""#), "{history}");
    let shown = home.kneadle(&["history"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("Ten seconds (./ten.toml)"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
}

#[test]
fn breath_phases_are_left_out_unless_asked() {
    let home = Home::new(
        &TEN.replace("duration = \"4s\"", "duration = \"1s\"")
            .replace("cues = [{ at = \"2s\", text = \"Slow circles\" }]\n", ""),
    );
    let out = home
        .kneadle(&["run", "--plain", "./ten.toml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Breathe in"), "{text}");
    assert!(
        text.ends_with("Routine complete. Four seconds.\n"),
        "{text}"
    );
    assert_eq!(home.history(), "", "under 10 s is not recorded");
}

/// Sends `signal` once the first line is out, and returns the status and
/// every line.
#[cfg(unix)]
fn interrupted(signal: rustix::process::Signal) -> (Option<i32>, String) {
    let home = Home::new(TEN);
    let mut child = home
        .kneadle(&["run", "--plain", "./ten.toml"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    lines.read_line(&mut text).unwrap();
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
    for line in lines.lines() {
        text.push_str(&line.unwrap());
        text.push('\n');
    }
    (child.wait().unwrap().code(), text)
}

#[cfg(unix)]
#[test]
fn sigint_and_sigterm_end_it_cleanly_with_130_and_143() {
    use rustix::process::Signal;
    for (signal, code) in [(Signal::INT, 130), (Signal::TERM, 143)] {
        let (status, text) = interrupted(signal);
        assert_eq!(status, Some(code), "{text}");
        assert!(
            text.lines()
                .last()
                .unwrap()
                .contains("Routine stopped. You followed"),
            "{text}"
        );
    }
}

#[test]
fn a_closed_reader_stops_the_run_quietly() {
    let home = Home::new(TEN);
    let mut child = home
        .kneadle(&["run", "--plain", "./ten.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone: the next line cannot be written.
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(err, "", "quiet");
}

#[test]
fn plain_is_a_run_flag_only() {
    let home = Home::new(TEN);
    let out = home.kneadle(&["list", "--plain"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Standard input that is not a terminal is no keyboard: its end (a pipe
/// closed at once, like `/dev/null`) is not a hang-up, and the routine is
/// followed to its end.
#[test]
fn the_end_of_standard_input_that_is_no_terminal_is_not_a_hang_up() {
    let home = Home::new(
        &TEN.replace("duration = \"4s\"", "duration = \"1s\"")
            .replace("cues = [{ at = \"2s\", text = \"Slow circles\" }]\n", ""),
    );
    let mut child = home
        .kneadle(&["run", "--plain", "./ten.toml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with("Routine complete. Four seconds.\n"),
        "{text}"
    );
}
