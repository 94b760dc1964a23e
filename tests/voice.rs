//! `--voice`: the guide spoken by the system's speech program, here a fake
//! one on PATH that writes down what it is asked to say.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The longest any one kneadle run here may take before the test fails.
const RUN_LIMIT: Duration = Duration::from_secs(40);

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

    /// Writes `name` into the home: a routine, the config, a script.
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// A speaker of our own, named by `voice_command` (`args` after the
    /// program): it writes each argument it is given on a line of
    /// `argv`, then a line `<end>`.
    fn configure_recording_speaker(&self, args: &[&str]) {
        let program = self.write(
            "record-argv",
            &format!(
                "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{log}'\necho '<end>' >> '{log}'\n",
                log = self.dir.path().join("argv").display()
            ),
        );
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
        let words: Vec<String> = std::iter::once(program.display().to_string())
            .chain(args.iter().map(|a| (*a).to_owned()))
            .map(|w| format!("{w:?}"))
            .collect();
        self.write(
            "config.toml",
            &format!("voice_command = [{}]\n", words.join(", ")),
        );
    }

    /// The argument lists the recording speaker was started with.
    fn calls(&self) -> Vec<Vec<String>> {
        let log = std::fs::read_to_string(self.dir.path().join("argv")).unwrap_or_default();
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

    /// kneadle with nothing of the machine's own: home, XDG folders and
    /// every KNEADLE_* path are in the sandbox, PATH finds our speaker.
    fn kneadle(&self, args: &[&str]) -> Command {
        let home = self.dir.path();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kneadle"));
        cmd.args(args)
            .current_dir(home)
            .env_clear()
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", home.join("bin").display()),
            )
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("xdg/config"))
            .env("XDG_DATA_HOME", home.join("xdg/data"))
            .env("XDG_STATE_HOME", home.join("xdg/state"))
            .env("XDG_CACHE_HOME", home.join("xdg/cache"))
            .env("XDG_RUNTIME_DIR", home.join("xdg/runtime"))
            .env("KNEADLE_ROUTINES_DIR", home.join("routines"))
            .env("KNEADLE_CONFIG", home.join("config.toml"))
            .env("KNEADLE_STATE_DIR", home.join("state"))
            .env("RUST_BACKTRACE", "0")
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

/// Waits for `child` at most `limit`; past it, kills it and fails.
fn wait_within(child: &mut Child, limit: Duration) -> ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kneadle was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `cmd`'s output, failing the test if it runs longer than `limit`.
fn output_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let collect = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = collect(Box::new(child.stdout.take().unwrap()));
    let stderr = collect(Box::new(child.stderr.take().unwrap()));
    let status = wait_within(&mut child, limit);
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Waits until `ready` holds, failing after `limit`.
fn wait_until(limit: Duration, what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
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
    std::fs::remove_file(home.dir.path().join("bin/espeak-ng")).unwrap();
    let out = output_within(
        home.kneadle(&["run", "--plain", "--voice", "./spoken.toml"])
            .env("PATH", home.dir.path().join("bin")),
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
        let pids = home.dir.path().join("pids");
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
    format!(
        r#"kneadle = 1
name = "--stdout"
lead_in = "0s"

[[steps]]
technique = "kneading"
name = "-f/etc/passwd"
instructions = "-f/etc/passwd, slowly."
duration = "2s"
cues = [{{ at = "1s", text = "-w{written}" }}]
"#,
        written = home.dir.path().join("written").display()
    )
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
    assert!(!home.dir.path().join("written").exists());
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
        "kneadle = 1\nname = \"Short\"\nlead_in = \"0s\"\n\n[[steps]]\n\
         technique = \"rest\"\nname = \"Rest\"\nduration = \"1s\"\n",
    );
    // Every sentence hangs, the last one too.
    let hang = home.write(
        "hang",
        &format!(
            "#!/bin/sh\necho $$ >> '{}'\nexec sleep 1000\n",
            home.dir.path().join("pids").display()
        ),
    );
    std::fs::set_permissions(&hang, std::fs::Permissions::from_mode(0o755)).unwrap();
    home.write(
        "config.toml",
        &format!("voice_command = [{:?}]\n", hang.display().to_string()),
    );
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
    assert!(std::fs::read_to_string(home.dir.path().join("pids")).is_ok_and(|p| !p.is_empty()));
    home.assert_no_speaker_left();
}
