//! `kneadle import`: a friend's routines into the library, checked first,
//! never over a routine already there unless asked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use support::{RoutineText, Sandbox};

/// kneadle in `sandbox`, colour off.
fn kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.kneadle();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// A valid routine called `name`.
fn good(name: &str) -> String {
    RoutineText::new(name).step("rest", "Sit", "30s").build()
}

/// A routine with a misspelt key at 5:1.
const BAD: &str = "kneadle = 1\nname = \"Bad\"\n\n[[steps]]\ntechniqe = \"rest\"\nname = \"Sit\"\nduration = \"30s\"\n";

#[test]
fn import_copies_a_checked_file_and_says_where_and_how_to_run_it() {
    let sandbox = Sandbox::new();
    sandbox.write("from-friend/neck.toml", good("Neck"));
    let dest = sandbox.path().join("routines/neck.toml");
    kneadle(&sandbox)
        .args(["import", "from-friend/neck.toml"])
        .assert()
        .success()
        .stdout(format!(
            "Imported from-friend/neck.toml to {}\nRun it with: kneadle run neck\n",
            dest.display()
        ));
    assert_eq!(std::fs::read_to_string(&dest).unwrap(), good("Neck"));
    kneadle(&sandbox)
        .args(["show", "neck"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Neck — "));
}

#[test]
fn an_invalid_file_is_refused_with_its_full_report_and_nothing_is_imported() {
    let sandbox = Sandbox::new();
    sandbox.write("good.toml", good("Good"));
    sandbox.write("bad.toml", BAD);
    kneadle(&sandbox)
        .args(["import", "good.toml", "bad.toml"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("--> bad.toml:5:1")
                .and(predicate::str::contains("did you mean `technique`?"))
                .and(predicate::str::contains("nothing was imported")),
        );
    assert!(!sandbox.path().join("routines/good.toml").exists());
}

#[test]
fn a_routine_already_there_needs_force_when_no_one_can_be_asked() {
    let sandbox = Sandbox::new();
    sandbox.write("routines/neck.toml", good("Mine"));
    sandbox.write("neck.toml", good("Theirs"));
    kneadle(&sandbox)
        .args(["import", "neck.toml"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("[already-exists]").and(predicate::str::contains("--force")),
        );
    let dest = sandbox.path().join("routines/neck.toml");
    assert!(std::fs::read_to_string(&dest).unwrap().contains("Mine"));
    kneadle(&sandbox)
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
    let sandbox = Sandbox::new();
    sandbox.write("pack/a.toml", good("A"));
    sandbox.write("pack/more/b.toml", good("B"));
    kneadle(&sandbox)
        .args(["import", "pack"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("kneadle run a")
                .and(predicate::str::contains("kneadle run b")),
        );
    assert!(sandbox.path().join("routines/a.toml").is_file());
    assert!(sandbox.path().join("routines/b.toml").is_file());
}

#[test]
fn two_files_with_one_name_are_refused_before_either_is_copied() {
    let sandbox = Sandbox::new();
    sandbox.write("one/x.toml", good("One"));
    sandbox.write("two/x.toml", good("Two"));
    kneadle(&sandbox)
        .args(["import", "--force", "one/x.toml", "two/x.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("both be imported as `x`"));
    assert!(!sandbox.path().join("routines/x.toml").exists());
}

#[test]
fn standard_input_is_named_after_its_routine() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["import", "-"])
        .write_stdin(good("Evening Wind-down!"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Run it with: kneadle run evening-wind-down",
        ));
    assert!(
        sandbox
            .path()
            .join("routines/evening-wind-down.toml")
            .is_file()
    );
}

/// A valid routine of `steps` steps named `name`: two sizes of file tell
/// two writers apart, and a mix of them would not parse or would be
/// neither.
fn routine_of(name: &str, steps: usize) -> String {
    (0..steps)
        .fold(RoutineText::new(name), |routine, i| {
            routine.step("rest", &format!("{name} step {i}"), "30s")
        })
        .build()
}

/// Reads `path` over and over until `stop` (or until the test lets go of
/// `stop`, as a failing one does), asserting every read is one of `texts`
/// whole (or that there is no file yet); returns how many reads it made.
fn watch(
    path: std::path::PathBuf,
    texts: [String; 2],
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut reads = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed)
            && std::sync::Arc::strong_count(&stop) > 1
        {
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
    let sandbox = Sandbox::new();
    let short = routine_of("Short", 3);
    let long = routine_of("Long", 300);
    sandbox.write("a/neck.toml", &short);
    sandbox.write("b/neck.toml", &long);
    let dest = sandbox.path().join("routines/neck.toml");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = watch(dest.clone(), [short.clone(), long.clone()], stop.clone());
    for _ in 0..25 {
        let racers: Vec<_> = ["a/neck.toml", "b/neck.toml"]
            .into_iter()
            .map(|from| kneadle(&sandbox).args(["import", "--force", from]).output())
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
    let left: Vec<_> = std::fs::read_dir(sandbox.path().join("routines"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["neck.toml"], "no temporary file is left behind");
}

#[test]
fn saves_racing_on_threads_are_each_whole() {
    use kneadle::store::library::{Target, save};
    let sandbox = Sandbox::new();
    let dest = sandbox.path().join("neck.toml");
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
