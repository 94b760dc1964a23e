//! `--voice`: the guide spoken by the system's speech program, here a fake
//! one on PATH that writes down what it is asked to say.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::{RoutineText, Sandbox, output_within, wait_until, wait_within};

/// The longest any one kneadle run here may take before the test fails.
const RUN_LIMIT: Duration = Duration::from_secs(40);

/// Two sides of 3 s with a cue at 1 s, then 2 s of rest.
fn routine() -> String {
    RoutineText::new("Spoken")
        .lead_in("0s")
        .step("kneading", "Knead", "3s")
        .sides()
        .cue("1s", "Slow circles")
        .step("rest", "Rest", "2s")
        .build()
}

/// A sandbox with a speech program of our own on its PATH.
struct Home {
    sandbox: Sandbox,
}

impl Home {
    /// A home whose PATH holds a fake `espeak-ng` running `body` (after
    /// noting its pid and its words).
    fn new(body: &str) -> Self {
        let sandbox = Sandbox::new();
        let root = sandbox.path();
        sandbox.write("spoken.toml", routine());
        let script = format!(
            "#!/bin/sh\necho $$ >> '{pids}'\nshift\nprintf '%s\\n' \"$*\" >> '{said}'\n{body}\n",
            pids = root.join("pids").display(),
            said = root.join("said").display(),
        );
        let program = sandbox.write("bin/espeak-ng", script);
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self { sandbox }
    }

    fn path(&self) -> &std::path::Path {
        self.sandbox.path()
    }

    /// Writes `name` into the home: a routine, the config, a script.
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        self.sandbox.write(name, contents)
    }

    /// A speaker of our own, named by `voice_command` (`args` after the
    /// program): it writes each argument it is given on a line of
    /// `argv`, then a line `<end>`.
    fn configure_recording_speaker(&self, args: &[&str]) {
        let program = self.write(
            "record-argv",
            &format!(
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{log}'\necho '<end>' >> '{log}'\n",
                log = self.path().join("argv").display()
            ),
        );
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let words: Vec<String> = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| (*a).to_owned()))
            .map(|w| format!("{w:?}"))
            .collect();
        self.sandbox
            .write_config(&format!("voice_command = [{}]\n", words.join(", ")));
    }

    /// The argument lists the recording speaker was started with.
    fn calls(&self) -> Vec<Vec<String>> {
        let log = std::fs::read_to_string(self.path().join("argv")).unwrap_or_default();
        let mut calls = vec![Vec::new()];
        for line in log.lines() {
            if line == "<end>" {
                calls.push(Vec::new());
            } else if let Some(call) = calls.last_mut() {
                call.push(line.to_owned());
            }
        }
        calls.pop();
        calls
    }

    /// kneadle in the sandbox, its PATH finding our speaker first and
    /// then the system's own tools only.
    fn kneadle(&self, args: &[&str]) -> Command {
        let mut cmd = self.sandbox.command();
        cmd.args(args).env(
            "PATH",
            format!("{}:/usr/bin:/bin", self.path().join("bin").display()),
        );
        cmd
    }

    fn said(&self) -> String {
        std::fs::read_to_string(self.path().join("said")).unwrap_or_default()
    }

    /// Every speaker started has ended.
    fn assert_no_speaker_left(&self) {
        let pids = std::fs::read_to_string(self.path().join("pids")).unwrap_or_default();
        for pid in pids.lines() {
            let stat = format!("/proc/{pid}/stat");
            let alive = std::fs::read_to_string(&stat).is_ok_and(|s| !s.contains(") Z "));
            assert!(
                !alive || cfg!(not(target_os = "linux")),
                "speaker {pid} outlived kneadle"
            );
        }
    }
}

fn words_of(out: &Output) -> String {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| l.get(7..).unwrap_or_default().to_owned() + "\n")
        .collect()
}

#[test]
fn every_line_plain_mode_prints_is_spoken_in_order() {
    let home = Home::new("");
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./spoken.toml"]),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(home.said(), words_of(&out), "spoken as printed");
    assert!(
        home.said().contains("Switch to the right side.") || home.said().contains("right side")
    );
    home.assert_no_speaker_left();
}

#[test]
fn a_slow_speaker_never_delays_the_run_and_a_stale_cue_is_cut() {
    // Each sentence takes 5 s to say: longer than any step.
    let home = Home::new("sleep 5");
    let started = Instant::now();
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./spoken.toml"]),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0));
    // 8 s of routine and 5 s of last words; a voice that held the run
    // back would take over 30 s.
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    // Each announcement cut the one before; what was still waiting when
    // the routine moved on (the left side, behind the welcome, and each
    // cue) was never begun.
    let said = home.said();
    for step in ["right side", "Rest: rest", "Routine complete"] {
        assert!(said.contains(step), "{step}: {said}");
    }
    assert!(
        !said.contains("Slow circles"),
        "a stale cue was spoken: {said}"
    );
    home.assert_no_speaker_left();
}

#[test]
fn without_a_speech_program_it_says_so_and_runs_silent() {
    let home = Home::new("");
    std::fs::remove_file(home.path().join("bin/espeak-ng")).unwrap();
    let out = output_within(
        home.kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
            .env("PATH", home.path().join("bin")),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no speech program found"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Routine complete."));
}

#[test]
fn sigterm_and_sigint_leave_no_speaker_behind() {
    for signal in [rustix::process::Signal::TERM, rustix::process::Signal::INT] {
        let home = Home::new("sleep 30");
        let mut child = home
            .kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        // Kept open, unread: a reader that goes away also ends a plain run.
        let stdout = child.stdout.take().unwrap();
        let pids = home.path().join("pids");
        wait_until(Duration::from_secs(20), "a speaker to start", || {
            std::fs::read_to_string(&pids).is_ok_and(|p| p.ends_with('\n'))
        });
        let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        let status = wait_within(&mut child, Duration::from_secs(20));
        drop(stdout);
        assert!(matches!(status.code(), Some(130 | 143)), "{status:?}");
        home.assert_no_speaker_left();
    }
}

/// A routine whose name, step name, instructions and cue each read like
/// a speech program's options: `-f` reads a file aloud, `-w` writes the
/// sound to one, `--stdout` writes it out.
fn option_like_routine(home: &Home) -> String {
    let written = home.path().join("written");
    RoutineText::new("--stdout")
        .lead_in("0s")
        .step("kneading", "-f/etc/passwd", "2s")
        .instructions("-f/etc/passwd, slowly.")
        .cue("1s", &format!("-w{}", written.display()))
        .build()
}

/// The lines a plain run printed, without their clock.
fn printed(out: &Output) -> Vec<String> {
    words_of(out).lines().map(str::to_owned).collect()
}

#[test]
fn a_text_that_reads_like_an_option_is_never_one_for_a_configured_speaker() {
    let home = Home::new("");
    home.write("dashes.toml", &option_like_routine(&home));
    home.configure_recording_speaker(&["-s", "150"]);
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./dashes.toml"]),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let printed = printed(&out);
    assert!(printed[0].starts_with("--stdout"), "{printed:?}");
    let calls = home.calls();
    assert_eq!(calls.len(), printed.len(), "one call per line: {calls:?}");
    for (call, line) in calls.iter().zip(&printed) {
        // The user's own options, then the sentence, which is no option.
        assert_eq!(call[..2], ["-s", "150"], "{call:?}");
        assert_eq!(call.len(), 3, "{call:?}");
        assert!(!call[2].starts_with('-'), "an option from a text: {call:?}");
        assert_eq!(call[2].trim_start(), line, "the sentence as printed");
    }
    assert!(!home.path().join("written").exists());
}

#[test]
fn a_text_that_reads_like_an_option_is_never_one_for_a_known_speaker() {
    let home = Home::new("");
    home.write("dashes.toml", &option_like_routine(&home));
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./dashes.toml"]),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // The fake espeak-ng drops its first argument (`--`) and writes the
    // rest down, one call a line.
    let said = home.said();
    assert_eq!(said.lines().count(), printed(&out).len(), "{said}");
    for line in said.lines() {
        assert!(!line.starts_with('-'), "an option from a text: {line}");
    }
}

#[test]
fn voice_command_puts_the_text_where_it_says_text() {
    let home = Home::new("");
    home.write("dashes.toml", &option_like_routine(&home));
    home.configure_recording_speaker(&["-v", "en", "{text}", "--punct"]);
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./dashes.toml"]),
        RUN_LIMIT,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let printed = printed(&out);
    let calls = home.calls();
    assert_eq!(calls.len(), printed.len(), "{calls:?}");
    for (call, line) in calls.iter().zip(&printed) {
        assert_eq!(call.len(), 4, "the text once, in place: {call:?}");
        assert_eq!([&call[..2], &call[3..]].concat(), ["-v", "en", "--punct"]);
        assert!(!call[2].starts_with('-'), "an option from a text: {call:?}");
        assert_eq!(call[2].trim_start(), line);
    }
}

#[test]
fn a_speaker_that_hangs_at_the_end_is_stopped_soon_after_the_routine() {
    let home = Home::new("");
    home.write(
        "short.toml",
        &RoutineText::new("Short")
            .lead_in("0s")
            .step("rest", "Rest", "1s")
            .build(),
    );
    // Every sentence hangs, the last one too.
    let hang = home.write(
        "hang",
        &format!(
            "#!/bin/sh\necho $$ >> '{}'\nexec sleep 1000\n",
            home.path().join("pids").display()
        ),
    );
    std::fs::set_permissions(&hang, std::fs::Permissions::from_mode(0o755)).unwrap();
    home.sandbox.write_config(&format!(
        "voice_command = [{:?}]\n",
        hang.display().to_string()
    ));
    let started = Instant::now();
    let out = output_within(
        &mut home.kneadle(&["run", "--plain", "--voice", "./short.toml"]),
        RUN_LIMIT,
    );
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Routine complete."));
    // 1 s of routine, then the last sentence's few seconds: not the 10 s
    // a plain run allows for last words.
    assert!(took < Duration::from_secs(7), "the run took {took:?}");
    assert!(std::fs::read_to_string(home.path().join("pids")).is_ok_and(|p| !p.is_empty()));
    home.assert_no_speaker_left();
}
