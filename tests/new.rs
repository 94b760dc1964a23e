//! `kneadle new`: from nothing to a routine that runs, never over a file
//! that is already there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use support::Sandbox;

/// kneadle in `sandbox` (its routine folder not yet created), colour off.
fn kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.kneadle();
    cmd.env("NO_COLOR", "1");
    cmd
}

#[test]
fn new_writes_a_template_that_validates_and_runs_by_its_name() {
    let sandbox = Sandbox::new();
    let file = sandbox.path().join("routines/shoulders.toml");
    kneadle(&sandbox)
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
    kneadle(&sandbox)
        .arg("validate")
        .arg(&file)
        .assert()
        .success();
    kneadle(&sandbox)
        .args(["show", "shoulders"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Shoulders — "));
}

#[test]
fn new_without_a_name_writes_my_routine() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .arg("new")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Run it with: kneadle run my-routine",
        ));
    assert!(sandbox.path().join("routines/my-routine.toml").is_file());
}

#[test]
fn new_never_replaces_a_file_without_force() {
    let sandbox = Sandbox::new();
    let file = sandbox.path().join("routines/mine.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "my own work").unwrap();
    kneadle(&sandbox)
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
    kneadle(&sandbox)
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
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["new", "--path", "here.toml"])
        .assert()
        .success()
        .stdout("Wrote here.toml\nRun it with: kneadle run here.toml\n");
    kneadle(&sandbox)
        .args(["new", "--path", "here.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[already-exists]"));
    kneadle(&sandbox)
        .args(["new", "--path", "plain"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kneadle run ./plain"));
    kneadle(&sandbox)
        .args(["show", "./plain"])
        .assert()
        .success();
}

#[test]
fn new_from_a_built_in_copies_it_and_replaces_it_by_name() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["new", "desk-break", "--from", "desk-break"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "It replaces the built-in desk-break, which still runs as builtin:desk-break",
        ));
    let copy = std::fs::read_to_string(sandbox.path().join("routines/desk-break.toml")).unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml"),
    )
    .unwrap();
    assert_eq!(copy, original);
}

#[test]
fn new_from_something_invalid_or_unknown_writes_nothing() {
    let sandbox = Sandbox::new();
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid/unknown-key.toml");
    kneadle(&sandbox)
        .args(["new", "copy", "--from"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[unknown-key]"));
    kneadle(&sandbox)
        .args(["new", "copy", "--from", "no-such-routine"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[unknown-routine]"));
    assert!(!sandbox.path().join("routines/copy.toml").exists());
}

#[test]
fn a_name_that_is_not_a_plain_id_is_a_usage_error() {
    let sandbox = Sandbox::new();
    for name in ["../escape", "two words", "quote\"d"] {
        kneadle(&sandbox)
            .args(["new", name])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("letters, digits"));
    }
    assert!(!sandbox.path().join("routines").exists());
    assert!(!sandbox.path().join("escape.toml").exists());
}

#[test]
fn new_with_a_path_creates_its_folder() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["new", "--path", "share/neck.toml"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Wrote share/neck.toml\n"));
    assert!(sandbox.path().join("share/neck.toml").is_file());
}

#[cfg(unix)]
#[test]
fn force_through_a_link_replaces_the_file_it_points_to_and_keeps_the_link() {
    let sandbox = Sandbox::new();
    // A dotfiles repository, linked into the routine folder.
    let repo = sandbox.path().join("dotfiles/neck.toml");
    std::fs::create_dir_all(repo.parent().unwrap()).unwrap();
    std::fs::write(&repo, "my own work").unwrap();
    std::fs::create_dir_all(sandbox.path().join("routines")).unwrap();
    let link = sandbox.path().join("routines/neck.toml");
    std::os::unix::fs::symlink(&repo, &link).unwrap();
    kneadle(&sandbox)
        .args(["new", "neck"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[already-exists]"));
    assert_eq!(std::fs::read_to_string(&repo).unwrap(), "my own work");
    let repo = repo.canonicalize().unwrap();
    kneadle(&sandbox)
        .args(["new", "neck", "--force"])
        .assert()
        .success()
        .stdout(format!(
            "Replaced {} (the file {} links to)\nRun it with: kneadle run neck\n",
            repo.display(),
            link.display()
        ));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&repo)
            .unwrap()
            .contains("kneadle = 1")
    );
    assert_eq!(sandbox.routine_files(), ["neck.toml"]);
    assert_eq!(
        std::fs::read_dir(repo.parent().unwrap()).unwrap().count(),
        1,
        "no temporary file is left beside it"
    );
}

#[cfg(unix)]
#[test]
fn force_refuses_a_dangling_link_and_creates_nothing_through_it() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.path().join("routines")).unwrap();
    let nowhere = sandbox.path().join("outside/ghost.toml");
    std::os::unix::fs::symlink(&nowhere, sandbox.path().join("routines/ghost.toml")).unwrap();
    kneadle(&sandbox)
        .args(["new", "ghost", "--force"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("which does not exist; nothing was written [not-a-file]")
                .and(predicate::str::contains(nowhere.display().to_string())),
        );
    assert!(!nowhere.exists());
    assert!(!sandbox.path().join("outside").exists());
    assert_eq!(sandbox.routine_files(), ["ghost.toml"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_where_the_file_would_go_is_refused_at_once_and_never_opened() {
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.path().join("routines")).unwrap();
    let fifo = sandbox.path().join("routines/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for args in [&["new", "pipe", "--force"][..], &["new", "pipe"]] {
        let started = std::time::Instant::now();
        let out = kneadle(&sandbox)
            .args(args)
            .timeout(std::time::Duration::from_secs(10))
            .output()
            .unwrap();
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(5),
            "{args:?} took {took:?}"
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("this is a FIFO, not a regular file; it was left as it is [not-a-file]"),
            "{err}"
        );
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// A write that fails half way, as on a full disk: the file size limit
/// (`ulimit -f`, with SIGXFSZ ignored so the write returns EFBIG) is far
/// below the template's size.
#[cfg(unix)]
#[test]
fn a_write_that_fails_half_way_leaves_the_file_that_was_there_intact() {
    let sandbox = Sandbox::new();
    let file = sandbox.path().join("routines/mine.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "my own work").unwrap();
    let bin = support::KNEADLE;
    for args in [&["new", "mine", "--force"][..], &["new", "other"]] {
        let mut cmd = sandbox.program("sh");
        cmd.env("NO_COLOR", "1")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 2; exec \"$0\" \"$@\"")
            .arg(bin)
            .args(args);
        let out = support::output_within(&mut cmd, support::RUN_LIMIT);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("[cannot-write]"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own work");
    assert_eq!(
        sandbox.routine_files(),
        ["mine.toml"],
        "no fragment and no temporary file is left"
    );
}

#[test]
fn a_name_that_does_not_show_is_refused_before_anything_is_written() {
    let sandbox = Sandbox::new();
    // U+3164 HANGUL FILLER is a letter to Unicode and draws as nothing.
    for (name, why) in [
        ("\u{3164}", "blank to the eye"),
        ("\u{115F}\u{1160}", "blank to the eye"),
        (
            "neck\u{3164}",
            "U+3164 (invisible character), which does not show",
        ),
    ] {
        let out = kneadle(&sandbox).args(["new", name]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name:?}: {out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(why), "{name:?}: {err}");
        assert!(
            err.contains("could not be typed to run the routine"),
            "{err}"
        );
        assert!(!err.contains('\u{3164}'), "shown escaped: {err}");
        assert!(out.stdout.is_empty());
    }
    assert!(
        !sandbox.path().join("routines").exists(),
        "nothing was written"
    );
}
