//! `kneadle new`: from nothing to a routine that runs, never over a file
//! that is already there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

/// kneadle with its own routine folder (not yet created) inside `home`.
fn kneadle(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kneadle"));
    cmd.env("KNEADLE_ROUTINES_DIR", home.join("routines"))
        .env("KNEADLE_CONFIG", home.join("config.toml"))
        .env("KNEADLE_STATE_DIR", home.join("state"))
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .current_dir(home);
    cmd
}

#[test]
fn new_writes_a_template_that_validates_and_runs_by_its_name() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("routines/shoulders.toml");
    kneadle(home.path())
        .args(["new", "shoulders"])
        .assert()
        .success()
        .stdout(format!(
            "Wrote {}\nRun it with: kneadle run shoulders\n",
            file.display()
        ));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("name = \"Shoulders\""), "{text}");
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 10,
        "commented"
    );
    kneadle(home.path())
        .arg("validate")
        .arg(&file)
        .assert()
        .success();
    kneadle(home.path())
        .args(["show", "shoulders"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Shoulders — "));
}

#[test]
fn new_without_a_name_writes_my_routine() {
    let home = tempfile::tempdir().unwrap();
    kneadle(home.path())
        .arg("new")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Run it with: kneadle run my-routine",
        ));
    assert!(home.path().join("routines/my-routine.toml").is_file());
}

#[test]
fn new_never_replaces_a_file_without_force() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("routines/mine.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "my own work").unwrap();
    kneadle(home.path())
        .args(["new", "mine"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains(
                "a file is already there; it was left as it is [already-exists]",
            )
            .and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own work");
    kneadle(home.path())
        .args(["new", "mine", "--force"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Replaced "));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("kneadle = 1")
    );
}

#[test]
fn new_with_a_path_never_replaces_it_without_force_and_names_it_to_run() {
    let home = tempfile::tempdir().unwrap();
    kneadle(home.path())
        .args(["new", "--path", "here.toml"])
        .assert()
        .success()
        .stdout("Wrote here.toml\nRun it with: kneadle run here.toml\n");
    kneadle(home.path())
        .args(["new", "--path", "here.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[already-exists]"));
    kneadle(home.path())
        .args(["new", "--path", "plain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kneadle run ./plain"));
    kneadle(home.path())
        .args(["show", "./plain"])
        .assert()
        .success();
}

#[test]
fn new_from_a_built_in_copies_it_and_replaces_it_by_name() {
    let home = tempfile::tempdir().unwrap();
    kneadle(home.path())
        .args(["new", "desk-break", "--from", "desk-break"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "It replaces the built-in desk-break, which still runs as builtin:desk-break",
        ));
    let copy = std::fs::read_to_string(home.path().join("routines/desk-break.toml")).unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml"),
    )
    .unwrap();
    assert_eq!(copy, original);
}

#[test]
fn new_from_something_invalid_or_unknown_writes_nothing() {
    let home = tempfile::tempdir().unwrap();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/unknown-key.toml");
    kneadle(home.path())
        .args(["new", "copy", "--from"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[unknown-key]"));
    kneadle(home.path())
        .args(["new", "copy", "--from", "no-such-routine"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[unknown-routine]"));
    assert!(!home.path().join("routines/copy.toml").exists());
}

#[test]
fn a_name_that_is_not_a_plain_id_is_a_usage_error() {
    let home = tempfile::tempdir().unwrap();
    for name in ["../escape", "two words", "quote\"d"] {
        kneadle(home.path())
            .args(["new", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("letters, digits"));
    }
    assert!(!home.path().join("routines").exists());
    assert!(!home.path().join("escape.toml").exists());
}

#[test]
fn new_with_a_path_creates_its_folder() {
    let home = tempfile::tempdir().unwrap();
    kneadle(home.path())
        .args(["new", "--path", "share/neck.toml"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Wrote share/neck.toml\n"));
    assert!(home.path().join("share/neck.toml").is_file());
}
