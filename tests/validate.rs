//! `kneadle validate` as a shared routine repository's CI uses it: folders,
//! standard input, the summary line and the JSON document.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};
use support::{RoutineText, Sandbox};

/// kneadle in `sandbox`, colour off, started in the project's folder so
/// that paths such as `routines/desk-break.toml` are the project's own.
fn kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.kneadle();
    cmd.env("NO_COLOR", "1")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// A valid routine: one step of rest.
fn good() -> String {
    RoutineText::new("Sit").step("rest", "Sit", "30s").build()
}

/// A routine with a misspelt key at 5:1 and a step of 0 s.
const BAD: &str = "kneadle = 1\nname = \"Sit\"\n\n[[steps]]\ntechniqe = \"rest\"\nname = \"Sit\"\nduration = \"0s\"\n";

/// A shared repository in the sandbox: routines in folders, with other
/// files beside them.
fn repository(sandbox: &Sandbox) -> PathBuf {
    sandbox.write("repo/good.toml", good());
    sandbox.write("repo/back/deep/bad.toml", BAD);
    sandbox.write("repo/back/also-good.toml", good());
    sandbox.write("repo/README.md", "not a routine");
    sandbox.write("repo/.hidden.toml", BAD);
    sandbox.write("repo/.git/config.toml", BAD);
    sandbox.path().join("repo")
}

#[test]
fn a_folder_is_checked_file_by_file_below_it_and_ends_with_a_summary() {
    let sandbox = Sandbox::new();
    let repo = repository(&sandbox);
    let out = kneadle(&sandbox)
        .arg("validate")
        .arg(&repo)
        .output()
        .unwrap();
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
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["validate", "routines/desk-break.toml"])
        .assert()
        .success()
        .stdout(predicate::str::ends_with(
            "\n1 file, 0 with problems, 0 problems\n",
        ));
}

#[test]
fn a_folder_without_routines_is_an_error_not_a_pass() {
    let sandbox = Sandbox::new();
    let notes = sandbox.write("folder/notes.txt", "hello");
    kneadle(&sandbox)
        .arg("validate")
        .arg(notes.parent().unwrap())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no .toml files in this folder"));
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["validate", "-"])
        .write_stdin(good())
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<stdin>: ok — Sit"));
    kneadle(&sandbox)
        .args(["validate", "-"])
        .write_stdin(BAD)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--> <stdin>:5:1"));
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let sandbox = Sandbox::new();
    let huge = format!("{}# {}\n", good(), "x".repeat(1024 * 1024));
    kneadle(&sandbox)
        .args(["validate", "-"])
        .write_stdin(huge)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("over the 1024 KiB limit"));
}

#[test]
fn json_is_one_document_with_every_file_and_problem() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
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
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
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
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("tree");
    let checked = nested(&dir, 16);
    std::fs::write(checked.join("deep.toml"), good()).unwrap();
    let skipped = nested(&dir, 17);
    std::fs::write(skipped.join("deeper.toml"), BAD).unwrap();
    let out = kneadle(&sandbox)
        .arg("validate")
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("deep.toml: ok"), "{stdout}");
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "error: {}: this folder was not searched: it is more than 16 folders below the one named [folders-too-deep]",
            skipped.display()
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("no .toml files"), "{stderr}");
}

#[test]
fn a_folder_whose_only_routines_are_too_deep_is_not_said_to_have_none() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("tree");
    let skipped = nested(&dir, 17);
    std::fs::write(skipped.join("deeper.toml"), good()).unwrap();
    // An empty folder that deep (`empty` and 16 more) is no loss and is
    // not counted.
    nested(&dir.join("empty"), 16);
    let out = kneadle(&sandbox)
        .args(["validate", "--format", "json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{doc}");
    assert_eq!(files[0]["path"], skipped.display().to_string());
    let problem = &files[0]["problems"][0];
    assert_eq!(problem["code"], "folders-too-deep");
    assert!(
        !problem["message"].as_str().unwrap().contains("more folder"),
        "{problem}"
    );
    assert!(!doc.to_string().contains("no .toml files"), "{doc}");
}
