//! The user's routine folder, however odd: every id `list` shows runs that
//! routine, a capped list says so, and no file can make a command wait.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;
use support::{RoutineText, Sandbox};

/// A valid routine called `name`: one step of rest.
fn routine(name: &str) -> String {
    RoutineText::new(name).step("rest", "Rest", "30s").build()
}

fn kneadle(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandbox.kneadle().args(args).output().unwrap()
}

/// Writes the routine `name` as `file` in the user's routine folder.
fn write(sandbox: &Sandbox, file: impl AsRef<Path>, name: &str) {
    sandbox.write_routine(file, routine(name));
}

/// The ids in the first column of `kneadle list`.
fn listed_ids(sandbox: &Sandbox) -> Vec<String> {
    let out = kneadle(sandbox, &["list"]);
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
    let sandbox = Sandbox::new();
    write(&sandbox, "plain.toml", "Plain");
    write(&sandbox, "a.toml.toml", "Double extension");
    write(&sandbox, "-dash.toml", "Leading dash");
    write(&sandbox, "desk-break.toml", "My desk break");
    write(&sandbox, ".hidden.toml", "Hidden");
    let ids = listed_ids(&sandbox);
    assert!(ids.iter().any(|id| id == "plain"), "{ids:?}");
    assert!(
        !ids.iter().any(|id| id.contains("hidden")),
        "hidden files stay hidden: {ids:?}"
    );
    let names: Vec<String> = ids
        .iter()
        .map(|id| {
            let out = kneadle(&sandbox, &["show", id]);
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
    let sandbox = Sandbox::new();
    for i in 0..1003 {
        write(&sandbox, format!("r{i:04}.toml"), &format!("Routine {i}"));
    }
    let out = kneadle(&sandbox, &["list"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("r0999"), "the first 1000 are listed");
    assert!(!stdout.contains("r1000"), "the rest are not");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("3 more routine files are not listed"),
        "{stderr}"
    );
    let show = kneadle(&sandbox, &["show", "r1002"]);
    assert!(show.status.success());
    assert!(String::from_utf8_lossy(&show.stdout).starts_with("Routine 1002"));
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_cannot_be_typed_are_skipped_with_a_warning() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let sandbox = Sandbox::new();
    write(&sandbox, "fine.toml", "Fine");
    for raw in [&b"caf\xe9.toml"[..], b"caf\xe8.toml", b"b\x1b]0;x\x07.toml"] {
        write(&sandbox, OsStr::from_bytes(raw), "Odd");
    }
    let out = kneadle(&sandbox, &["list"]);
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
    let sandbox = Sandbox::new();
    std::fs::create_dir_all(sandbox.routines_dir()).unwrap();
    let link = sandbox.routines_dir().join("kmsg.toml");
    std::os::unix::fs::symlink(kmsg, &link).unwrap();
    for args in [vec!["validate", link.to_str().unwrap()], vec!["list"]] {
        eprintln!("`kneadle {}` must not hang on /proc/kmsg", args.join(" "));
        let mut child = sandbox
            .command()
            .args(&args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let status = support::wait_within(&mut child, Duration::from_secs(20));
        assert!(matches!(status.code(), Some(0 | 1)), "{args:?}: {status:?}");
    }
}

/// A message quotes the file ("unknown technique `kkk…`"): a quoted value
/// of a megabyte is cut, in `validate` and in every line `list` prints.
#[test]
fn a_huge_quoted_value_is_cut_in_every_report() {
    let sandbox = Sandbox::new();
    let huge = "k".repeat(1_000_000);
    let source = format!(
        "kneadle = 1\nname = \"Huge\"\n\n[[steps]]\ntechnique = \"{huge}\"\nname = \"S\"\nduration = \"30s\"\n"
    );
    let first = sandbox.write_routine("huge000.toml", source);
    for i in 1..20 {
        std::fs::hard_link(
            &first,
            sandbox.routines_dir().join(format!("huge{i:03}.toml")),
        )
        .unwrap();
    }
    let out = kneadle(&sandbox, &["validate", first.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.len() < 4096, "{} bytes", out.stderr.len());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown technique"));
    let out = kneadle(&sandbox, &["list"]);
    assert!(out.stderr.len() < 20 * 1024, "{} bytes", out.stderr.len());
}

/// The first line of `kneadle show ID`, and whether it succeeded.
fn shown(sandbox: &Sandbox, id: &str) -> String {
    let out = kneadle(sandbox, &["show", id]);
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
    let sandbox = Sandbox::new();
    write(&sandbox, "desk-break.toml", "My desk break");
    assert!(shown(&sandbox, "desk-break").starts_with("My desk break"));
    assert!(
        shown(&sandbox, "builtin:desk-break").starts_with("Two-minute desk break"),
        "the built-in stays reachable"
    );
    let out = kneadle(&sandbox, &["list"]);
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
        listed_ids(&sandbox)
            .iter()
            .filter(|id| id.contains("desk-break"))
            .count(),
        2,
        "{stdout}"
    );
}

#[test]
fn builtin_prefix_names_only_built_ins() {
    let sandbox = Sandbox::new();
    write(&sandbox, "mine.toml", "Mine");
    let out = kneadle(&sandbox, &["show", "builtin:mine"]);
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
