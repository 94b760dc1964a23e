//! Routine files come from strangers. Every nasty file in tests/nasty/ goes
//! through every command; nothing may panic, and no control byte from a
//! file may reach stdout or stderr.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::Sandbox;

fn nasty_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    files
}

fn kneadle(sandbox: &Sandbox, args: &[&str]) -> Output {
    sandbox.kneadle().args(args).output().unwrap()
}

/// No C0 control but newline, no DEL, no C1 control, no bidi override.
fn assert_clean(what: &str, bytes: &[u8]) {
    for (i, &b) in bytes.iter().enumerate() {
        assert!(
            b >= 0x20 || b == b'\n',
            "{what}: byte {b:#04x} at {i} in\n{}",
            String::from_utf8_lossy(bytes)
        );
        assert_ne!(b, 0x7f, "{what}: DEL at {i}");
    }
    let text =
        String::from_utf8(bytes.to_vec()).unwrap_or_else(|_| panic!("{what}: output is not UTF-8"));
    for c in text.chars() {
        assert!(
            !kneadle::text::is_forbidden(c) || c == '\n',
            "{what}: {c:?} reached the output"
        );
    }
}

fn assert_sane(what: &str, out: &Output) {
    assert_clean(&format!("{what} stdout"), &out.stdout);
    assert_clean(&format!("{what} stderr"), &out.stderr);
    // However many problems a file has, the report stays readable.
    assert!(
        out.stderr.len() < 16 * 1024,
        "{what}: {} bytes of stderr",
        out.stderr.len()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    // 2 only for `run` of a valid file: with no terminal it cannot draw.
    let allowed: &[i32] = if what.starts_with("run ") {
        &[0, 1, 2]
    } else {
        &[0, 1]
    };
    assert!(
        out.status.code().is_some_and(|c| allowed.contains(&c)),
        "{what}: {:?}\n{err}",
        out.status
    );
}

#[test]
fn no_nasty_file_makes_any_command_panic_or_print_control_bytes() {
    let sandbox = Sandbox::new();
    for file in nasty_files() {
        let path = file.to_str().unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for args in [
            vec!["validate", path],
            vec!["show", path],
            vec!["run", path],
            vec!["export", path],
        ] {
            let out = kneadle(&sandbox, &args);
            assert_sane(&format!("{} {name}", args[0]), &out);
            if name != "bom-start.toml" {
                assert_eq!(out.status.code(), Some(1), "{} {name} must fail", args[0]);
            }
        }
    }
}

#[test]
fn a_library_full_of_nasty_files_still_lists_cleanly() {
    let sandbox = Sandbox::new();
    for file in nasty_files() {
        sandbox.write_routine(file.file_name().unwrap(), std::fs::read(&file).unwrap());
    }
    // A file whose very name is an escape sequence (Unix allows it).
    #[cfg(unix)]
    sandbox.write_routine(
        "\u{1b}]0;pwned\u{7}\u{1b}[2J.toml",
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml"))
            .unwrap(),
    );
    let out = kneadle(&sandbox, &["list"]);
    assert_sane("list", &out);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    if cfg!(unix) {
        // It cannot be typed after `kneadle run`, so it is skipped with a
        // warning that names it, the escape shown as text.
        assert!(
            stderr.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J"),
            "the escape shows as text:\n{stderr}"
        );
        let out = kneadle(&sandbox, &["show", "\u{1b}]0;pwned\u{7}\u{1b}[2J"]);
        assert_sane("show by escape name", &out);
    }
}

#[test]
fn every_text_field_with_escapes_is_refused_with_its_place() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty/escapes-everywhere.toml");
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox, &["validate", path.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    for (field, at) in [
        ("the routine name", ":2:8"),
        ("the summary", ":3:11"),
        ("the author", ":4:10"),
        ("an entry of `areas`", ":5:10"),
        ("an entry of `tags`", ":6:9"),
        ("the caution", ":7:11"),
        ("the step name", ":11:8"),
        ("the instructions text", ":13:16"),
        ("the cue", ":14:9"),
    ] {
        let line = err
            .lines()
            .position(|l| l.starts_with(&format!("error: {field} contains")))
            .unwrap_or_else(|| panic!("{field} not refused:\n{err}"));
        assert!(
            err.lines().nth(line + 1).unwrap().ends_with(at),
            "{field} at {at}:\n{err}"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let sandbox = Sandbox::new();
    let mut text = String::from("kneadle = 1\nname = \"big\"\n");
    while text.len() <= 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let big = sandbox.write("big.toml", text);
    let out = kneadle(&sandbox, &["validate", big.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 1024 KiB limit"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    let locked = sandbox.write("locked.toml", "kneadle = 1\n");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&locked).is_ok() {
        return; // running as root: permissions do not apply
    }
    let out = kneadle(&sandbox, &["validate", locked.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("permission denied"));
}
