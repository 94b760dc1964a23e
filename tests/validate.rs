//! `kneadle validate` as a shared routine repository's CI uses it: folders,
//! standard input, the summary line and the JSON document.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn kneadle() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kneadle"));
    let empty = std::env::temp_dir().join("kneadle-test-no-user-routines");
    cmd.env("HOME", &empty)
        .env("XDG_CONFIG_HOME", empty.join("xdg/config"))
        .env("XDG_STATE_HOME", empty.join("xdg/state"))
        .env("XDG_DATA_HOME", empty.join("xdg/data"))
        .env_remove("KNEADLE_TEST_FAULT")
        .env("KNEADLE_ROUTINES_DIR", &empty)
        .env("KNEADLE_CONFIG", empty.join("config.toml"))
        .env("KNEADLE_STATE_DIR", empty.join("state"))
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

const GOOD: &str = "kneadle = 1\nname = \"Sit\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"30s\"\n";
const BAD: &str = "kneadle = 1\nname = \"Sit\"\n\n[[steps]]\ntechniqe = \"rest\"\nname = \"Sit\"\nduration = \"0s\"\n";

/// A shared repository: routines in folders, with other files beside them.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("back/deep")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join("good.toml"), GOOD).unwrap();
    std::fs::write(root.join("back/deep/bad.toml"), BAD).unwrap();
    std::fs::write(root.join("back/also-good.toml"), GOOD).unwrap();
    std::fs::write(root.join("README.md"), "not a routine").unwrap();
    std::fs::write(root.join(".hidden.toml"), BAD).unwrap();
    std::fs::write(root.join(".git/config.toml"), BAD).unwrap();
    dir
}

#[test]
fn a_folder_is_checked_file_by_file_below_it_and_ends_with_a_summary() {
    let repo = repository();
    let out = kneadle().arg("validate").arg(repo.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("also-good.toml: ok"), "{stdout}");
    assert!(stdout.contains("good.toml: ok"), "{stdout}");
    assert!(
        stderr.contains("bad.toml:5:1") && stderr.contains("[unknown-key]"),
        "{stderr}"
    );
    assert!(stderr.contains("[duration-out-of-range]"), "{stderr}");
    assert!(
        !stdout.contains("hidden") && !stderr.contains("hidden") && !stderr.contains(".git"),
        "hidden files and folders are skipped:\n{stdout}{stderr}"
    );
    assert_eq!(
        stdout.lines().last(),
        Some("3 files, 1 with problems, 2 problems"),
        "{stdout}"
    );
}

#[test]
fn a_clean_run_ends_with_a_summary_too_in_the_singular() {
    kneadle()
        .args(["validate", "routines/desk-break.toml"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "\n1 file, 0 with problems, 0 problems\n",
        ));
}

#[test]
fn a_folder_without_routines_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    kneadle()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no .toml files in this folder"));
}

#[test]
fn standard_input_is_read_for_a_dash() {
    kneadle()
        .args(["validate", "-"])
        .write_stdin(GOOD)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<stdin>: ok — Sit"));
    kneadle()
        .args(["validate", "-"])
        .write_stdin(BAD)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--> <stdin>:5:1"));
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let huge = format!("{GOOD}# {}\n", "x".repeat(1024 * 1024));
    kneadle()
        .args(["validate", "-"])
        .write_stdin(huge)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("over the 1024 KiB limit"));
}

#[test]
fn json_is_one_document_with_every_file_and_problem() {
    let out = kneadle()
        .args([
            "validate",
            "--format",
            "json",
            "tests/invalid/unknown-key.toml",
            "routines/desk-break.toml",
            "tests/invalid/cue-after-end.toml",
            "tests/invalid/empty.toml",
            "no/such/file.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "everything is in the document");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 5);
    assert_eq!(doc["files"][1]["valid"], true);
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_of_valid_files_exits_zero() {
    let out = kneadle()
        .args(["validate", "--format", "json", "routines"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert!(files.len() >= 5);
    assert!(
        files
            .iter()
            .all(|f| f["valid"] == true && f["problems"] == serde_json::json!([]))
    );
    assert!(Path::new(files[0]["path"].as_str().unwrap()).starts_with("routines"));
}

/// `root/d/d/…/d` with `levels` folders below `root`.
fn nested(root: &Path, levels: usize) -> std::path::PathBuf {
    let mut path = root.to_path_buf();
    for _ in 0..levels {
        path.push("d");
    }
    std::fs::create_dir_all(&path).unwrap();
    path
}

#[test]
fn folders_too_deep_to_search_are_named_and_fail_the_check() {
    // A routine 16 folders down is checked; one 17 down is not searched,
    // and the folder it is in is named.
    let dir = tempfile::tempdir().unwrap();
    let checked = nested(dir.path(), 16);
    std::fs::write(checked.join("deep.toml"), GOOD).unwrap();
    let skipped = nested(dir.path(), 17);
    std::fs::write(skipped.join("deeper.toml"), BAD).unwrap();
    let out = kneadle().arg("validate").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("deep.toml: ok"), "{stdout}");
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "error: {}: this folder was not searched: it is more than 16 folders below the one named [too-many-files]",
            skipped.display()
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("no .toml files"), "{stderr}");
}

#[test]
fn a_folder_whose_only_routines_are_too_deep_is_not_said_to_have_none() {
    let dir = tempfile::tempdir().unwrap();
    let skipped = nested(dir.path(), 17);
    std::fs::write(skipped.join("deeper.toml"), GOOD).unwrap();
    // An empty folder that deep (`empty` and 16 more) is no loss and is
    // not counted.
    nested(&dir.path().join("empty"), 16);
    let out = kneadle()
        .args(["validate", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{doc}");
    assert_eq!(files[0]["path"], skipped.display().to_string());
    let problem = &files[0]["problems"][0];
    assert_eq!(problem["code"], "too-many-files");
    assert!(
        !problem["message"].as_str().unwrap().contains("more folder"),
        "{problem}"
    );
    assert!(!doc.to_string().contains("no .toml files"), "{doc}");
}
