//! `kneadle run --plain`: the guide as lines of text, with no terminal at
//! all (standard input `/dev/null`, output a pipe), timed by the same
//! deadlines as the full screen, ended cleanly by signals, and recorded in
//! the history.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::process::{Command, Stdio};
use support::{Lines, RUN_LIMIT, Sandbox};

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

/// A sandbox with `routine` written as `ten.toml` in its root, where
/// kneadle starts: `./ten.toml` names it.
fn sandbox_with(routine: &str) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.write("ten.toml", routine);
    sandbox
}

/// `kneadle ARGS` in `sandbox`, to spawn or to run to its end.
fn kneadle(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = sandbox.command();
    cmd.args(args);
    cmd
}

/// Runs `kneadle ARGS` to its end, failing past [`RUN_LIMIT`].
fn output(sandbox: &Sandbox, args: &[&str]) -> std::process::Output {
    support::output_within(&mut kneadle(sandbox, args), RUN_LIMIT)
}

#[test]
fn every_event_is_a_line_at_its_second_and_the_session_is_recorded() {
    let sandbox = sandbox_with(TEN);
    let out = output(&sandbox, &["run", "--plain", "--breath-cues", "./ten.toml"]);
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
    let history = sandbox.history();
    assert_eq!(history.lines().count(), 1, "{history}");
    assert!(history.contains(r#""routine":"./ten.toml""#), "{history}");
    assert!(history.contains(r#""practised_secs":10"#), "{history}");
    assert!(history.contains(r#""ending":"completed""#), "{history}");
    let shown = output(&sandbox, &["history"]);
    assert!(
        String::from_utf8_lossy(&shown.stdout).contains("Ten seconds (./ten.toml)"),
        "{}",
        String::from_utf8_lossy(&shown.stdout)
    );
}

#[test]
fn breath_phases_are_left_out_unless_asked() {
    let sandbox = sandbox_with(
        &TEN.replace("duration = \"4s\"", "duration = \"1s\"")
            .replace("cues = [{ at = \"2s\", text = \"Slow circles\" }]\n", ""),
    );
    let out = output(&sandbox, &["run", "--plain", "./ten.toml"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Breathe in"), "{text}");
    assert!(
        text.ends_with("Routine complete. Four seconds.\n"),
        "{text}"
    );
    assert_eq!(sandbox.history(), "", "under 10 s is not recorded");
}

/// Sends `signal` once the first line is out, and returns the status and
/// every line.
#[cfg(unix)]
fn interrupted(signal: rustix::process::Signal) -> (Option<i32>, String) {
    let sandbox = sandbox_with(TEN);
    let mut child = kneadle(&sandbox, &["run", "--plain", "./ten.toml"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = Lines::read(child.stdout.take().unwrap());
    let mut text = lines
        .next_within(&mut child, RUN_LIMIT)
        .expect("a first line");
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, signal).unwrap();
    text.push_str(&lines.rest_within(&mut child, RUN_LIMIT));
    let status = support::wait_within(&mut child, RUN_LIMIT);
    (status.code(), text)
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
    let sandbox = sandbox_with(TEN);
    let mut child = kneadle(&sandbox, &["run", "--plain", "./ten.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes after the first line: the next cannot be written.
    let first = Lines::read_at_most(child.stdout.take().unwrap(), 1);
    assert!(first.next_within(&mut child, RUN_LIMIT).is_some());
    let out = support::finish_within(child, RUN_LIMIT);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "quiet");
}

#[test]
fn plain_is_a_run_flag_only() {
    let sandbox = sandbox_with(TEN);
    let out = output(&sandbox, &["list", "--plain"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Standard input that is not a terminal is no keyboard: its end (a pipe
/// closed at once, like `/dev/null`) is not a hang-up, and the routine is
/// followed to its end.
#[test]
fn the_end_of_standard_input_that_is_no_terminal_is_not_a_hang_up() {
    let sandbox = sandbox_with(
        &TEN.replace("duration = \"4s\"", "duration = \"1s\"")
            .replace("cues = [{ at = \"2s\", text = \"Slow circles\" }]\n", ""),
    );
    let mut child = kneadle(&sandbox, &["run", "--plain", "./ten.toml"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let out = support::finish_within(child, RUN_LIMIT);
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
