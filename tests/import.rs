//! `kneadle import`: a friend's routines into the library, checked first,
//! never over a routine already there unless asked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

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

const GOOD: &str = "kneadle = 1\nname = \"NAME\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"30s\"\n";
const BAD: &str = "kneadle = 1\nname = \"Bad\"\n\n[[steps]]\ntechniqe = \"rest\"\nname = \"Sit\"\nduration = \"30s\"\n";

fn write(home: &Path, file: &str, text: &str) {
    let path = home.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn import_copies_a_checked_file_and_says_where_and_how_to_run_it() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        "from-friend/neck.toml",
        &GOOD.replace("NAME", "Neck"),
    );
    let dest = home.path().join("routines/neck.toml");
    kneadle(home.path())
        .args(["import", "from-friend/neck.toml"])
        .assert()
        .success()
        .stdout(format!(
            "Imported from-friend/neck.toml to {}\nRun it with: kneadle run neck\n",
            dest.display()
        ));
    assert_eq!(
        std::fs::read_to_string(&dest).unwrap(),
        GOOD.replace("NAME", "Neck")
    );
    kneadle(home.path())
        .args(["show", "neck"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Neck — "));
}

#[test]
fn an_invalid_file_is_refused_with_its_full_report_and_nothing_is_imported() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "good.toml", &GOOD.replace("NAME", "Good"));
    write(home.path(), "bad.toml", BAD);
    kneadle(home.path())
        .args(["import", "good.toml", "bad.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("--> bad.toml:5:1")
                .and(predicate::str::contains("did you mean `technique`?"))
                .and(predicate::str::contains("nothing was imported")),
        );
    assert!(!home.path().join("routines/good.toml").exists());
}

#[test]
fn a_routine_already_there_needs_force_when_no_one_can_be_asked() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        "routines/neck.toml",
        &GOOD.replace("NAME", "Mine"),
    );
    write(home.path(), "neck.toml", &GOOD.replace("NAME", "Theirs"));
    kneadle(home.path())
        .args(["import", "neck.toml"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("[already-exists]").and(predicate::str::contains("--force")),
        );
    let dest = home.path().join("routines/neck.toml");
    assert!(std::fs::read_to_string(&dest).unwrap().contains("Mine"));
    kneadle(home.path())
        .args(["import", "--force", "neck.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "(it replaces the one that was there)",
        ));
    assert!(std::fs::read_to_string(&dest).unwrap().contains("Theirs"));
}

#[test]
fn a_folder_is_imported_whole() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "pack/a.toml", &GOOD.replace("NAME", "A"));
    write(home.path(), "pack/more/b.toml", &GOOD.replace("NAME", "B"));
    kneadle(home.path())
        .args(["import", "pack"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("kneadle run a")
                .and(predicate::str::contains("kneadle run b")),
        );
    assert!(home.path().join("routines/a.toml").is_file());
    assert!(home.path().join("routines/b.toml").is_file());
}

#[test]
fn two_files_with_one_name_are_refused_before_either_is_copied() {
    let home = tempfile::tempdir().unwrap();
    write(home.path(), "one/x.toml", &GOOD.replace("NAME", "One"));
    write(home.path(), "two/x.toml", &GOOD.replace("NAME", "Two"));
    kneadle(home.path())
        .args(["import", "--force", "one/x.toml", "two/x.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("both be imported as `x`"));
    assert!(!home.path().join("routines/x.toml").exists());
}

#[test]
fn standard_input_is_named_after_its_routine() {
    let home = tempfile::tempdir().unwrap();
    kneadle(home.path())
        .args(["import", "-"])
        .write_stdin(GOOD.replace("NAME", "Evening Wind-down!"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Run it with: kneadle run evening-wind-down",
        ));
    assert!(
        home.path()
            .join("routines/evening-wind-down.toml")
            .is_file()
    );
}
