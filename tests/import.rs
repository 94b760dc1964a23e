//! `kneadle import`: a friend's routines into the library, checked first,
//! never over a routine already there unless asked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn kneadle(home: &Path) -> Command {
    Command::from_std(sandboxed(home))
}

/// kneadle with HOME, the XDG folders and every KNEADLE_ path in `home`.
fn sandboxed(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kneadle"));
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("xdg/config"))
        .env("XDG_STATE_HOME", home.join("xdg/state"))
        .env("XDG_DATA_HOME", home.join("xdg/data"))
        .env_remove("KNEADLE_TEST_FAULT")
        .env("KNEADLE_ROUTINES_DIR", home.join("routines"))
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

/// A valid routine of `steps` steps named `name`: two sizes of file tell
/// two writers apart, and a mix of them would not parse or would be
/// neither.
fn routine_of(name: &str, steps: usize) -> String {
    let mut text = format!("kneadle = 1\nname = \"{name}\"\n");
    for i in 0..steps {
        text.push_str(&format!(
            "\n[[steps]]\ntechnique = \"rest\"\nname = \"{name} step {i}\"\nduration = \"30s\"\n"
        ));
    }
    text
}

/// Reads `path` over and over until `stop`, asserting every read is one
/// of `texts` whole (or that there is no file yet); returns how many reads
/// it made.
fn watch(
    path: std::path::PathBuf,
    texts: [String; 2],
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut reads = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            match std::fs::read_to_string(&path) {
                Ok(seen) => {
                    assert!(
                        texts.contains(&seen),
                        "a reader saw a file that is neither routine whole ({} bytes)",
                        seen.len()
                    );
                    reads += 1;
                }
                Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::NotFound),
            }
        }
        reads
    })
}

#[test]
fn racing_forced_imports_leave_one_whole_routine_never_a_mix() {
    let home = tempfile::tempdir().unwrap();
    let short = routine_of("Short", 3);
    let long = routine_of("Long", 300);
    write(home.path(), "a/neck.toml", &short);
    write(home.path(), "b/neck.toml", &long);
    let dest = home.path().join("routines/neck.toml");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = watch(dest.clone(), [short.clone(), long.clone()], stop.clone());
    for _ in 0..25 {
        let racers: Vec<_> = ["a/neck.toml", "b/neck.toml"]
            .into_iter()
            .map(|from| {
                sandboxed(home.path())
                    .args(["import", "--force", from])
                    .stdin(std::process::Stdio::null())
                    .output()
            })
            .collect();
        for out in racers {
            let out = out.unwrap();
            assert_eq!(out.status.code(), Some(0), "{out:?}");
        }
        let text = std::fs::read_to_string(&dest).unwrap();
        assert!(text == short || text == long, "{} bytes", text.len());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    let left: Vec<_> = std::fs::read_dir(home.path().join("routines"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["neck.toml"], "no temporary file is left behind");
}

#[test]
fn saves_racing_on_threads_are_each_whole() {
    use kneadle::store::library::{Target, save};
    let home = tempfile::tempdir().unwrap();
    let dest = home.path().join("neck.toml");
    let texts = [routine_of("Short", 3), routine_of("Long", 300)];
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = watch(dest.clone(), texts.clone(), stop.clone());
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let text = texts[w % 2].clone();
            let dest = dest.clone();
            std::thread::spawn(move || {
                for _ in 0..100 {
                    save(&Target::Path(dest.clone()), &text, true).unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    reader.join().unwrap();
    assert!(texts.contains(&std::fs::read_to_string(&dest).unwrap()));
}
