//! The user's routine folder, however odd: every id `list` shows runs that
//! routine, a capped list says so, and no file can make a command wait.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROUTINE: &str = "kneadle = 1\nname = \"NAME\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"Rest\"\nduration = \"30s\"\n";

fn kneadle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kneadle"))
        .args(args)
        .env("KNEADLE_ROUTINES_DIR", dir)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn write(dir: &Path, file: &str, name: &str) {
    std::fs::write(dir.join(file), ROUTINE.replace("NAME", name)).unwrap();
}

/// The ids in the first column of `kneadle list`.
fn listed_ids(dir: &Path) -> Vec<String> {
    let out = kneadle(dir, &["list"]);
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split("  ").next().unwrap().to_owned())
        .collect()
}

#[test]
fn every_listed_id_runs_the_routine_it_names() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plain.toml", "Plain");
    write(dir.path(), "a.toml.toml", "Double extension");
    write(dir.path(), "-dash.toml", "Leading dash");
    write(dir.path(), "desk-break.toml", "My desk break");
    write(dir.path(), ".hidden.toml", "Hidden");
    let ids = listed_ids(dir.path());
    assert!(ids.iter().any(|id| id == "plain"), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id.contains("hidden")),
        "hidden files stay hidden: {ids:?}"
    );
    let names: Vec<String> = ids
        .iter()
        .map(|id| {
            let out = kneadle(dir.path(), &["show", id]);
            assert!(
                out.status.success(),
                "`show {id}` fails: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    for name in ["Plain", "Double extension", "Leading dash", "My desk break"] {
        assert!(
            names.iter().any(|n| n.starts_with(name)),
            "{name} reachable by its listed id: {names:?}"
        );
    }
}

#[test]
fn a_capped_list_says_so_and_every_file_still_runs_by_name() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1003 {
        write(
            dir.path(),
            &format!("r{i:04}.toml"),
            &format!("Routine {i}"),
        );
    }
    let out = kneadle(dir.path(), &["list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("r0999"), "the first 1000 are listed");
    assert!(!stdout.contains("r1000"), "the rest are not");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 more routine files are not listed"),
        "{stderr}"
    );
    let show = kneadle(dir.path(), &["show", "r1002"]);
    assert!(show.status.success());
    assert!(String::from_utf8_lossy(&show.stdout).starts_with("Routine 1002"));
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_cannot_be_typed_are_skipped_with_a_warning() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fine.toml", "Fine");
    for raw in [&b"caf\xe9.toml"[..], b"caf\xe8.toml", b"b\x1b]0;x\x07.toml"] {
        let path = dir.path().join(OsStr::from_bytes(raw));
        std::fs::write(path, ROUTINE.replace("NAME", "Odd")).unwrap();
    }
    let out = kneadle(dir.path(), &["list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Odd"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 files skipped"), "{stderr}");
    assert!(
        !out.stderr.contains(&0x1b),
        "no escape reaches the terminal"
    );
}

/// Some `/proc` files say they are regular and empty, then block a read
/// for ever. Reading one must not hang `validate` or `list`.
#[cfg(target_os = "linux")]
#[test]
fn a_file_that_never_answers_does_not_hang_a_command() {
    use std::os::unix::fs::OpenOptionsExt;
    let kmsg = Path::new("/proc/kmsg");
    let openable = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(kmsg)
        .is_ok();
    if !openable {
        eprintln!("skipped: /proc/kmsg cannot be opened here (needs root)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(kmsg, dir.path().join("kmsg.toml")).unwrap();
    for args in [
        vec!["validate", dir.path().join("kmsg.toml").to_str().unwrap()],
        vec!["list"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kneadle"))
            .args(&args)
            .env("KNEADLE_ROUTINES_DIR", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("`kneadle {}` hangs on /proc/kmsg", args.join(" "));
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(matches!(status.code(), Some(0 | 1)), "{args:?}: {status:?}");
    }
}

/// A message quotes the file ("unknown technique `kkk…`"): a quoted value
/// of a megabyte is cut, in `validate` and in every line `list` prints.
#[test]
fn a_huge_quoted_value_is_cut_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "k".repeat(1_000_000);
    let source = format!(
        "kneadle = 1\nname = \"Huge\"\n\n[[steps]]\ntechnique = \"{huge}\"\nname = \"S\"\nduration = \"30s\"\n"
    );
    let first = dir.path().join("huge000.toml");
    std::fs::write(&first, source).unwrap();
    for i in 1..20 {
        std::fs::hard_link(&first, dir.path().join(format!("huge{i:03}.toml"))).unwrap();
    }
    let out = kneadle(dir.path(), &["validate", first.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.len() < 4096, "{} bytes", out.stderr.len());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown technique"));
    let out = kneadle(dir.path(), &["list"]);
    assert!(out.stderr.len() < 20 * 1024, "{} bytes", out.stderr.len());
}

/// The first line of `kneadle show ID`, and whether it succeeded.
fn shown(dir: &Path, id: &str) -> String {
    let out = kneadle(dir, &["show", id]);
    assert!(
        out.status.success(),
        "`show {id}`: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn a_routine_named_like_a_built_in_replaces_it_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "desk-break.toml", "My desk break");
    assert!(shown(dir.path(), "desk-break").starts_with("My desk break"));
    assert!(
        shown(dir.path(), "builtin:desk-break").starts_with("Two-minute desk break"),
        "the built-in stays reachable"
    );
    let out = kneadle(dir.path(), &["list"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let row = |id: &str| {
        stdout
            .lines()
            .find(|l| l.split("  ").next() == Some(id))
            .unwrap_or_else(|| panic!("no row for {id} in\n{stdout}"))
            .to_owned()
    };
    assert!(
        row("desk-break").contains("My desk break [yours, replaces the built-in]"),
        "{stdout}"
    );
    assert!(
        row("builtin:desk-break").contains("[replaced by yours]"),
        "{stdout}"
    );
    assert_eq!(
        listed_ids(dir.path())
            .iter()
            .filter(|id| id.contains("desk-break"))
            .count(),
        2,
        "{stdout}"
    );
}

#[test]
fn builtin_prefix_names_only_built_ins() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "mine.toml", "Mine");
    let out = kneadle(dir.path(), &["show", "builtin:mine"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("no built-in routine by this name [unknown-routine]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("desk-break"),
        "lists the built-ins: {stderr}"
    );
}
