//! `--voice`: the guide spoken by the system's speech program, here a fake
//! one on PATH that writes down what it is asked to say.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Two sides of 3 s with a cue at 1 s, then 2 s of rest.
const ROUTINE: &str = r#"kneadle = 1
name = "Spoken"
lead_in = "0s"

[[steps]]
technique = "kneading"
name = "Knead"
duration = "3s"
sides = true
cues = [{ at = "1s", text = "Slow circles" }]

[[steps]]
technique = "rest"
name = "Rest"
duration = "2s"
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A home whose PATH holds a fake `espeak-ng` running `body` (after
    /// noting its pid and its words).
    fn new(body: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("spoken.toml"), ROUTINE).unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let script = format!(
            "#!/bin/sh\necho $$ >> '{pids}'\nshift\nprintf '%s\\n' \"$*\" >> '{said}'\n{body}\n",
            pids = dir.path().join("pids").display(),
            said = dir.path().join("said").display(),
        );
        let program = bin.join("espeak-ng");
        std::fs::write(&program, script).unwrap();
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        Self { dir }
    }

    fn kneadle(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kneadle"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.dir.path().join("bin").display()),
            )
            .env("KNEADLE_ROUTINES_DIR", self.dir.path().join("routines"))
            .env("KNEADLE_CONFIG", self.dir.path().join("config.toml"))
            .env("KNEADLE_STATE_DIR", self.dir.path().join("state"))
            .stdin(Stdio::null());
        cmd
    }

    fn said(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("said")).unwrap_or_default()
    }

    /// Every speaker started has ended.
    fn assert_no_speaker_left(&self) {
        let pids = std::fs::read_to_string(self.dir.path().join("pids")).unwrap_or_default();
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
    let out = home
        .kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
        .output()
        .unwrap();
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
    let started = std::time::Instant::now();
    let out = home
        .kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
        .output()
        .unwrap();
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
    std::fs::remove_file(home.dir.path().join("bin/espeak-ng")).unwrap();
    let out = home
        .kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
        .env("PATH", home.dir.path().join("bin"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no speech program found"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Routine complete."));
}

#[test]
fn sigterm_and_sigint_leave_no_speaker_behind() {
    use std::io::{BufRead, BufReader};
    for signal in [rustix::process::Signal::TERM, rustix::process::Signal::INT] {
        let home = Home::new("sleep 30");
        let mut child = home
            .kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        // Kept open: a reader that goes away also ends a plain run.
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut line).unwrap();
        // The speaker has been started.
        let pids = home.dir.path().join("pids");
        while !Path::new(&pids).exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
        rustix::process::kill_process(pid, signal).unwrap();
        let status = child.wait().unwrap();
        drop(reader);
        assert!(matches!(status.code(), Some(130 | 143)), "{status:?}");
        home.assert_no_speaker_left();
    }
}
