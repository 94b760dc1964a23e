use super::*;
use std::os::unix::fs::PermissionsExt;

fn fake_program(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn the_first_known_program_on_the_path_is_used_and_a_named_command_wins() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    fake_program(a.path(), "espeak", "true");
    fake_program(b.path(), "espeak-ng", "true");
    let path = std::env::join_paths([a.path(), b.path()]).unwrap();
    let found = Speaker::find(None, Some(&path)).unwrap();
    assert_eq!(
        found.program,
        b.path().join("espeak-ng"),
        "espeak-ng before espeak"
    );
    assert_eq!(found.args, ["--"]);
    let named = ["espeak".to_owned(), "-s".to_owned(), "150".to_owned()];
    let found = Speaker::find(Some(&named), Some(&path)).unwrap();
    assert_eq!(found.program, a.path().join("espeak"));
    assert_eq!(found.args, ["-s", "150"]);
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(Speaker::find(None, Some(empty.path().as_os_str())), None);
}

#[test]
fn utterances_are_spoken_in_turn_sanitized_and_a_newer_one_replaces_a_waiting_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let program = fake_program(
        dir.path(),
        "speak",
        &format!("sleep 0.3; printf '%s\\n' \"$*\" >> '{}'", log.display()),
    );
    let voice = Voice::new(Speaker {
        program,
        args: vec!["--".into()],
    })
    .unwrap();
    voice.say("Kneading, left side.", false);
    voice.say("a cue that is replaced", false);
    voice.say("Slow \u{1b}[2J circles", false);
    // Dropping waits for the one speaking to be stopped: give it time
    // to finish the first two first.
    std::thread::sleep(Duration::from_millis(1200));
    drop(voice);
    let spoken = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        spoken,
        "-- Kneading, left side.\n-- Slow \\u{1b}[2J circles\n"
    );
}

#[test]
fn an_urgent_announcement_stops_a_stale_one_and_no_child_outlives_the_voice() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let pids = dir.path().join("pids");
    let program = fake_program(
        dir.path(),
        "speak",
        &format!(
            "echo $$ >> '{}'; sleep 5; printf '%s\\n' \"$*\" >> '{}'",
            pids.display(),
            log.display()
        ),
    );
    let voice = Voice::new(Speaker {
        program,
        args: Vec::new(),
    })
    .unwrap();
    voice.say("an old cue", false);
    std::thread::sleep(Duration::from_millis(300));
    voice.say("Switch to the right side.", true);
    std::thread::sleep(Duration::from_millis(300));
    drop(voice);
    assert_eq!(
        std::fs::read_to_string(&log).unwrap_or_default(),
        "",
        "both stopped"
    );
    for pid in std::fs::read_to_string(&pids).unwrap().lines() {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists() || cfg!(not(target_os = "linux")),
            "speaker {pid} outlived the voice"
        );
    }
    assert_eq!(std::fs::read_to_string(&pids).unwrap().lines().count(), 2);
}

#[test]
fn at_the_end_a_hung_speaker_is_stopped_once_its_sentence_should_be_said() {
    let dir = tempfile::tempdir().unwrap();
    let pids = dir.path().join("pids");
    let program = fake_program(
        dir.path(),
        "speak",
        &format!("echo $$ >> '{}'; exec sleep 1000", pids.display()),
    );
    let voice = Voice::new(Speaker {
        program,
        args: Vec::new(),
    })
    .unwrap();
    let last = "Routine complete. Eight seconds.";
    voice.say(last, true);
    let started = std::time::Instant::now();
    voice.finish(Duration::from_secs(10));
    let took = started.elapsed();
    // Its allowance, not the ten seconds the caller allowed.
    assert!(took >= allowance(last) - CHECK, "{took:?}");
    assert!(took < allowance(last) + Duration::from_secs(1), "{took:?}");
    for pid in std::fs::read_to_string(&pids).unwrap().lines() {
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists() || cfg!(not(target_os = "linux")),
            "speaker {pid} outlived the voice"
        );
    }
}

#[test]
fn a_sentence_is_allowed_its_length_read_slowly() {
    assert_eq!(allowance(""), START_UP);
    assert_eq!(
        allowance("Routine complete. Eight seconds."),
        START_UP + Duration::from_millis(32 * 1000 / CHARS_PER_SECOND)
    );
    assert!(allowance(&"a".repeat(1_000_000)) < Duration::from_secs(100_000));
}
