//! The command line as a user meets it: exit codes and messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;
use support::Sandbox;

/// kneadle in `sandbox`, with colour off.
fn kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.kneadle();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The harness's own promise, which every other test here leans on: a
/// sandboxed kneadle finds every path it uses inside its sandbox, named
/// or by default, and sees nothing of the machine's environment but PATH.
#[test]
fn a_sandboxed_kneadle_uses_no_path_outside_its_sandbox() {
    let sandbox = Sandbox::new();
    let root = format!("  {}/", sandbox.path().display());
    let places = |cmd: &mut Command| {
        let out = cmd.arg("config").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        for label in ["config file", "routines", "state"] {
            let line = text.lines().find(|l| l.starts_with(label)).unwrap();
            assert!(line.contains(&root), "{line}");
        }
    };
    places(&mut kneadle(&sandbox));
    places(
        kneadle(&sandbox)
            .env_remove("KNEADLE_CONFIG")
            .env_remove("KNEADLE_ROUTINES_DIR")
            .env_remove("KNEADLE_STATE_DIR"),
    );
    let out = support::output_within(&mut sandbox.program("env"), support::RUN_LIMIT);
    let mut names: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('=').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "HOME",
            "KNEADLE_CONFIG",
            "KNEADLE_ROUTINES_DIR",
            "KNEADLE_STATE_DIR",
            "PATH",
            "RUST_BACKTRACE",
            "TZ",
            "XDG_CACHE_HOME",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "XDG_RUNTIME_DIR",
            "XDG_STATE_HOME",
        ]
    );
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/invalid")
        .join(name)
        .display()
        .to_string()
}

/// Each file in tests/invalid/, its problem code, the place the error
/// points at, the message and the help. One fixture per failure mode.
const INVALID: &[(&str, &str, &str, &str, &str)] = &[
    (
        "unknown-key.toml",
        "unknown-key",
        "5:1",
        "unknown key `techniqe`",
        "did you mean `technique`?",
    ),
    (
        "unknown-technique.toml",
        "unknown-technique",
        "5:13",
        "unknown technique `strokng`",
        "did you mean `stroking`?",
    ),
    (
        "missing-version.toml",
        "missing-version",
        "1:1",
        "the file does not say which format version it uses",
        "add `kneadle = 1`",
    ),
    (
        "unsupported-version.toml",
        "needs-newer-kneadle",
        "1:11",
        "this routine needs a newer kneadle: it is written in format version 2",
        "this kneadle reads format version 1; update kneadle to follow it",
    ),
    (
        "bad-duration-unit.toml",
        "bad-duration",
        "7:12",
        "\"90x\" is not a duration",
        "\"1m30s\"",
    ),
    (
        "zero-duration.toml",
        "duration-out-of-range",
        "7:12",
        "a step cannot last 0 seconds",
        "from 1 s to 2 h",
    ),
    (
        "duration-too-long.toml",
        "duration-out-of-range",
        "7:12",
        "a step lasts 3 h; the longest allowed is 2 h",
        "from 1 s to 2 h",
    ),
    (
        "duration-without-unit.toml",
        "duration-without-unit",
        "7:12",
        "\"90\" has no unit",
        "write \"90s\" for seconds",
    ),
    (
        "unknown-breath-preset.toml",
        "unknown-preset",
        "8:10",
        "unknown breathing preset `cohernt`",
        "did you mean `coherent`?",
    ),
    (
        "breath-on-kneading.toml",
        "breath-not-breathing",
        "8:10",
        "`breath` is only for breathing steps",
        "technique = \"breathing\"",
    ),
    (
        "no-steps.toml",
        "no-steps",
        "3:9",
        "the routine has no steps",
        "[[steps]]",
    ),
    (
        "cue-after-end.toml",
        "cue-after-end",
        "8:16",
        "this cue comes at 1:40, but the step ends at 1:30",
        "below 90s",
    ),
    (
        "tab-in-name.toml",
        "forbidden-character",
        "2:12",
        "the routine name contains U+0009 (tab), which is not allowed",
        "remove it",
    ),
    (
        "escape-in-cue.toml",
        "forbidden-character",
        "8:9",
        "the cue contains U+001B (escape), which is not allowed",
        "remove it",
    ),
    (
        "repeat-too-large.toml",
        "repeat-out-of-range",
        "8:10",
        "`repeat` is 4000000000; it must be between 1 and 50",
        "leave `repeat` out",
    ),
    (
        "total-too-long.toml",
        "routine-too-long",
        "4:1",
        "the routine lasts 28 h 1 min 10 s; the limit is 24 hours",
        "shorten",
    ),
    (
        "missing-name.toml",
        "missing-key",
        "1:1",
        "the routine has no `name`",
        "name = ",
    ),
    (
        "step-missing-duration.toml",
        "missing-key",
        "4:1",
        "this step has no `duration`",
        "duration = \"1m\"",
    ),
    (
        "not-toml.toml",
        "syntax-error",
        "2:12",
        "invalid basic string",
        "",
    ),
    (
        "several-misspelt-keys.toml",
        "unknown-key",
        "2:1",
        "unknown key `nme`",
        "did you mean `name`?",
    ),
    (
        "wrong-kinds.toml",
        "wrong-kind",
        "1:11",
        "`kneadle` should be a whole number, not text",
        "such as `kneadle = 1`",
    ),
    (
        "c1-control-in-duration.toml",
        "forbidden-character",
        "7:15",
        "the duration contains U+0085 (C1 control), which is not allowed",
        "write it like \"45s\"",
    ),
    (
        "blank-name.toml",
        "blank-text",
        "2:8",
        "the routine name has no visible characters",
        "write words people can read",
    ),
    (
        "hangul-vowels-only-name.toml",
        "blank-text",
        "2:8",
        "the routine name has no visible characters",
        "draw nothing on their own, such as U+1161",
    ),
    (
        "wrong-kinds-and-broken-rules.toml",
        "unknown-technique",
        "9:13",
        "unknown technique `strokng`",
        "did you mean `stroking`?",
    ),
    (
        "nested-too-deep.toml",
        "nested-too-deep",
        "8:490",
        "values are nested too deeply",
        "docs/routine-format.md",
    ),
    (
        "key-with-too-many-parts.toml",
        "dotted-key-too-long",
        "3:1",
        "this key has too many dotted parts",
        "keys are single words",
    ),
    (
        "number-too-large.toml",
        "number-too-large",
        "1:11",
        "the number 99999999999999999999999 is too large",
        "such as `kneadle = 1`",
    ),
    (
        "duration-number-too-large.toml",
        "number-too-large",
        "7:12",
        "the number 99999999999999999999 is too large",
        "write it like \"45s\"",
    ),
    (
        "float-duration.toml",
        "fractional-duration",
        "3:11",
        "`lead_in` is given as 1e308; durations are whole seconds",
        "write it like \"45s\"",
    ),
    (
        "float-too-large.toml",
        "number-too-large",
        "8:21",
        "the number 1e999 is too large",
        "such as `inhale = 4`",
    ),
];

#[test]
fn each_invalid_file_gets_its_own_message_with_line_and_column() {
    let sandbox = Sandbox::new();
    for (file, code, at, message, help) in INVALID {
        let path = fixture(file);
        let out = kneadle(&sandbox)
            .args(["validate", &path])
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {message}")),
            "{file}: want {message:?} in\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("[{code}]\n")),
            "{file}: want the code [{code}] in\n{stderr}"
        );
        assert!(
            stderr.contains(&format!("{path}:{at}")),
            "{file}: want {at} in\n{stderr}"
        );
        assert!(
            stderr.contains(help),
            "{file}: want help {help:?} in\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{stderr}"
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.starts_with("1 file, 1 with problems, "),
            "only the summary: {stdout}"
        );
    }
}

#[test]
fn every_fixture_is_listed_in_the_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "empty.toml" {
            continue;
        }
        assert!(
            INVALID.iter().any(|(f, ..)| *f == name),
            "{name} has no expectation"
        );
    }
}

/// What `kneadle validate` says on stderr about a fixture.
fn validate_stderr(name: &str) -> String {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
        .args(["validate", &fixture(name)])
        .output()
        .unwrap();
    String::from_utf8(out.stderr).unwrap()
}

/// The `error:` headlines of a report, in order.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

#[test]
fn every_misspelt_key_is_reported_at_once_in_file_order() {
    let stderr = validate_stderr("several-misspelt-keys.toml");
    let errors = error_lines(&stderr);
    assert_eq!(
        errors,
        [
            "error: unknown key `nme` [unknown-key]",
            "error: unknown key `duraton` in a step [unknown-key]",
            "error: `breath` is only for breathing steps [breath-not-breathing]",
            "error: unknown key `exale` in the breath pattern [unknown-key]",
            "error: unknown key `txt` in a cue [unknown-key]",
            "error: unknown key `step` [unknown-key]",
        ],
        "no follow-on 'has no `name`' or 'has no `duration`':\n{stderr}"
    );
}

#[test]
fn every_value_of_the_wrong_kind_is_reported_at_once() {
    let stderr = validate_stderr("wrong-kinds.toml");
    let errors = error_lines(&stderr);
    assert_eq!(
        errors,
        [
            "error: `kneadle` should be a whole number, not text [wrong-kind]",
            "error: `name` should be text in quotes, not a whole number [wrong-kind]",
            "error: each entry of `areas` should be text in quotes, not a whole number [wrong-kind]",
            "error: `sides` should be true or false, not text [wrong-kind]",
            "error: `repeat` should be a whole number, not text [wrong-kind]",
            "error: `breath` is only for breathing steps [breath-not-breathing]",
            "error: `inhale` should be a number of seconds, not text [wrong-kind]",
            "error: each cue should be text, or a table such as { at = \"30s\", text = \"...\" }, not a whole number [wrong-kind]",
            "error: `at` should be a duration such as \"45s\" or a number of seconds, not true/false [wrong-kind]",
        ],
        "{stderr}"
    );
}

/// The rules still judge every value whose kind is right, and their
/// problems come in file order among the others: no follow-on "has no
/// `name`" or "has no `duration`" where the value was of the wrong kind.
#[test]
fn values_of_the_wrong_kind_and_broken_rules_are_reported_together_in_file_order() {
    let path = fixture("wrong-kinds-and-broken-rules.toml");
    let stderr = validate_stderr("wrong-kinds-and-broken-rules.toml");
    let found: Vec<(&str, &str)> = stderr
        .lines()
        .zip(stderr.lines().skip(1))
        .filter(|(error, _)| error.starts_with("error: "))
        .map(|(error, place)| {
            let place = place.split_once(&format!("{path}:")).unwrap().1;
            (error, place)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("error: \"5x\" is not a duration [bad-duration]", "4:11"),
            (
                "error: each entry of `tags` should be text in quotes, not a whole number [wrong-kind]",
                "5:15"
            ),
            (
                "error: `caution` should be text in quotes, not a whole number [wrong-kind]",
                "6:11"
            ),
            (
                "error: unknown technique `strokng` [unknown-technique]",
                "9:13"
            ),
            (
                "error: `name` should be text in quotes, not a list [wrong-kind]",
                "10:8"
            ),
            (
                "error: `duration` should be a duration such as \"45s\" or a number of seconds, not true/false [wrong-kind]",
                "11:12"
            ),
            (
                "error: the cue contains U+001B (escape), which is not allowed [forbidden-character]",
                "12:9"
            ),
            (
                "error: a cue's `at` lasts 3 h; the longest allowed is 2 h [duration-out-of-range]",
                "12:29"
            ),
            (
                "error: the step name has no visible characters [blank-text]",
                "16:8"
            ),
            (
                "error: a step cannot last 0 seconds [duration-out-of-range]",
                "17:12"
            ),
            (
                "error: `repeat` should be a whole number, not a decimal number [wrong-kind]",
                "18:10"
            ),
        ],
        "{stderr}"
    );
}

#[test]
fn an_empty_file_says_so() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["validate", &fixture("empty.toml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the file is empty"));
}

#[test]
fn validate_accepts_every_built_in_routine_file() {
    let sandbox = Sandbox::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("routines");
    let files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    assert!(files.len() >= 2);
    kneadle(&sandbox)
        .arg("validate")
        .args(&files)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "middle-back.toml: ok — Middle back release",
        ))
        .stderr("");
}

#[test]
fn validate_reports_every_bad_file_and_still_checks_the_good_ones() {
    let sandbox = Sandbox::new();
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml");
    kneadle(&sandbox)
        .args([
            "validate",
            &fixture("unknown-key.toml"),
            good.to_str().unwrap(),
            &fixture("zero-duration.toml"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("desk-break.toml: ok"))
        .stderr(
            predicate::str::contains("unknown key")
                .and(predicate::str::contains("cannot last 0 seconds")),
        );
}

#[test]
fn validate_without_files_is_a_usage_error() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .arg("validate")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage"));
}

#[test]
fn an_unknown_subcommand_is_a_usage_error() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox).arg("massage").assert().code(2);
}

#[test]
fn a_missing_file_and_a_directory_are_clear_errors() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["validate", "no/such/file.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no/such/file.toml: cannot read the file: no such file",
        ));
    kneadle(&sandbox)
        .args(["show", &format!("{}/", env!("CARGO_MANIFEST_DIR"))])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("this is a directory"));
}

#[test]
fn list_shows_every_built_in_with_time_and_steps() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("ROUTINE"), "{out}");
    for id in [
        "middle-back",
        "desk-break",
        "neck-shoulders",
        "lower-back",
        "wind-down",
    ] {
        assert!(
            out.lines().any(|l| l.starts_with(id)),
            "{id} missing from\n{out}"
        );
    }
    let desk = out.lines().find(|l| l.starts_with("desk-break")).unwrap();
    assert!(
        desk.contains("2:14") && desk.contains("Two-minute desk break"),
        "{desk}"
    );
}

#[test]
fn list_includes_the_users_routines_and_flags_broken_ones() {
    let sandbox = Sandbox::new();
    sandbox.write_routine(
        "broken.toml",
        std::fs::read(fixture("zero-duration.toml")).unwrap(),
    );
    sandbox.write_routine(
        "mine.toml",
        "kneadle = 1\nname = \"My shoulders\"\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = 30\n",
    );
    kneadle(&sandbox)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("My shoulders [yours]"))
        .stdout(predicate::str::contains("broken"))
        .stderr(predicate::str::contains(
            "broken.toml:7:12: a step cannot last 0 seconds",
        ));
    kneadle(&sandbox).args(["show", "mine"]).assert().success();
}

#[test]
fn show_prints_the_plan_with_start_times() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
        .args(["show", "desk-break"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("Two-minute desk break — 2 min 14 s, 6 steps"),
        "{out}"
    );
    assert!(out.contains(" START  LENGTH  STEP"), "{out}");
    assert!(out.contains("  0:00    0:10  1. "), "{out}");
    assert!(out.contains("  0:10    0:02    get ready"), "{out}");
    assert!(out.trim_end().ends_with("2:14          done"), "{out}");
}

#[test]
fn show_of_an_unknown_routine_suggests_a_name() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["show", "midle-back"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("no routine by this name")
                .and(predicate::str::contains("did you mean `middle-back`?")),
        );
}

#[test]
fn show_accepts_a_path() {
    let sandbox = Sandbox::new();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/wind-down.toml");
    kneadle(&sandbox)
        .args(["show", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("breath 4-7-8"));
}

#[test]
fn run_without_a_terminal_explains_instead_of_drawing() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["run", "desk-break"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a terminal"));
}

#[test]
fn run_of_an_invalid_file_reports_it_before_touching_the_terminal() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .args(["run", &fixture("unknown-technique.toml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown technique `strokng`"));
}

#[test]
fn export_prints_a_built_in_that_validates() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox)
        .args(["export", "middle-back"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let copy = sandbox.write("copy.toml", out);
    kneadle(&sandbox)
        .args(["validate", copy.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::Stdio;
    // Far more output than a pipe holds, so the write surely meets the
    // closed end: a routine padded with comments, exported.
    let sandbox = Sandbox::new();
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml"),
    )
    .unwrap();
    while text.len() < 512 * 1024 {
        text.push_str("# a long comment line to make the file big enough to fill a pipe\n");
    }
    let big = sandbox.write("big.toml", text);
    let mut child = sandbox
        .command()
        .args(["export", big.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = support::finish_within(child, support::RUN_LIMIT);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {err}", out.status);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn version_and_help_work() {
    let sandbox = Sandbox::new();
    kneadle(&sandbox)
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("kneadle "));
    kneadle(&sandbox)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("validate"));
}

/// A fresh sandbox holding `text` as the routine file `name` in its
/// routine folder, and that file's path.
fn routine_file(name: &str, text: &str) -> (Sandbox, String) {
    let sandbox = Sandbox::new();
    let path = sandbox.write_routine(name, text).display().to_string();
    (sandbox, path)
}

/// A valid routine's last lines, so only the hostile part is wrong.
const ONE_STEP: &str = "[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = 5\n";

/// Runs validate on a hostile file: the report names the first problems
/// in full, counts the rest in one line, and stays small.
fn assert_bounded_report(sandbox: &Sandbox, path: &str, more: usize) -> String {
    let out = kneadle(sandbox).args(["validate", path]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.len() < 16 * 1024,
        "{} bytes of stderr",
        out.stderr.len()
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(error_lines(&stderr).len(), 20, "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "{path}: … and {more} more problems in this file\n"
        )),
        "{stderr}"
    );
    stderr
}

#[test]
fn a_hundred_thousand_unknown_keys_are_shown_twenty_and_counted() {
    let mut text = String::from("kneadle = 1\nname = \"Keys\"\n");
    for i in 0..100_000 {
        text.push_str(&format!("k{i}=1\n"));
    }
    text.push_str(ONE_STEP);
    let (sandbox, path) = routine_file("keys.toml", &text);
    let stderr = assert_bounded_report(&sandbox, &path, 99_980);
    assert!(stderr.contains(&format!("{path}:22:1")), "{stderr}");
    // `list` says the same, one warning a problem, bounded the same way.
    let out = kneadle(&sandbox).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 21, "{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "warning: {path}: … and 99980 more problems in this file\n"
        )),
        "{stderr}"
    );
}

#[test]
fn fifty_thousand_entries_of_the_wrong_kind_are_shown_twenty_and_counted() {
    let ones = vec!["1"; 50_000].join(", ");
    let text = format!("kneadle = 1\nname = \"Areas\"\nareas = [{ones}]\n{ONE_STEP}");
    let (sandbox, path) = routine_file("areas.toml", &text);
    // The list is too long, and each entry is of the wrong kind.
    let stderr = assert_bounded_report(&sandbox, &path, 49_981);
    assert!(
        stderr.starts_with("error: `areas` has 50000 entries; the limit is 20"),
        "{stderr}"
    );
    // The nineteenth entry, the twentieth problem, at its own column.
    assert!(stderr.contains(&format!("{path}:3:64")), "{stderr}");
}

#[test]
fn a_hundred_thousand_problems_on_one_line_are_shown_twenty_and_counted() {
    // One line of 100,000 unknown keys in an inline table, just under the
    // size limit.
    let keys: Vec<String> = (0..100_000).map(|i| format!("x{i}=1")).collect();
    let text = format!(
        "kneadle = 1\nname = \"Line\"\n{ONE_STEP}breath = {{{}}}\n",
        keys.join(",")
    );
    let (sandbox, path) = routine_file("line.toml", &text);
    // The first problem is `breath` on a rest step; then one per key.
    let stderr = assert_bounded_report(&sandbox, &path, 99_981);
    // x18 is the twentieth problem: `breath = {` and 18 keys with their
    // commas come before it.
    let col = "breath = {".len() + (0..18).map(|i| format!("x{i}=1,").len()).sum::<usize>() + 1;
    assert!(stderr.contains(&format!("{path}:7:{col}")), "{stderr}");
}

#[test]
fn a_problem_deep_in_a_huge_line_is_shown_in_a_window_with_its_true_column() {
    // The one number among 150,000 texts, 500,000 characters into its line.
    let before = vec!["\"a\""; 100_000].join(", ");
    let after = vec!["\"a\""; 50_000].join(", ");
    let text = format!("kneadle = 1\nname = \"Deep\"\nareas = [{before}, 1, {after}]\n{ONE_STEP}");
    let (sandbox, path) = routine_file("deep.toml", &text);
    let out = kneadle(&sandbox)
        .args(["validate", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        error_lines(&stderr),
        [
            "error: `areas` has 150001 entries; the limit is 20 [too-many-entries]",
            "error: each entry of `areas` should be text in quotes, not a whole number [wrong-kind]"
        ],
        "the list is counted as written, the number in it too"
    );
    let (_, stderr) = stderr.split_once("[wrong-kind]").unwrap();
    assert!(
        stderr.contains(&format!(" --> {path}:3:500010\n")),
        "{stderr}"
    );
    // The line is cut on both sides, and the mark is under the number.
    let line = stderr.lines().find(|l| l.starts_with("3 | ")).unwrap();
    assert!(
        line.starts_with("3 | ...") && line.ends_with("..."),
        "{line}"
    );
    assert!(line.chars().count() < 200, "{line}");
    let mark = stderr.lines().find(|l| l.contains('^')).unwrap();
    assert_eq!(mark.find('^'), line.rfind('1'), "{line}\n{mark}");
}

#[test]
fn a_byte_order_mark_is_not_counted_in_columns_nor_shown() {
    let text = format!("\u{feff}kneadle = 2\nname = \"Marked\"\n{ONE_STEP}");
    let (sandbox, path) = routine_file("bom.toml", &text);
    let out = kneadle(&sandbox)
        .args(["validate", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!(" --> {path}:1:11\n")), "{stderr}");
    assert!(stderr.contains("\n1 | kneadle = 2\n"), "{stderr}");
    assert!(stderr.contains("\n  |           ^\n"), "{stderr}");
}

/// No control character (but newline) in `bytes`, which must be UTF-8: a
/// message quoting an argument shows escapes as text.
fn assert_no_controls(what: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: not UTF-8"));
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && kneadle::text::is_forbidden(c)),
        "{what}: a control character reached the output:\n{text:?}"
    );
}

/// kneadle as a colour terminal runs it: clap would keep its styling, and
/// with it whatever escapes an argument carries.
fn coloured_kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = kneadle(sandbox);
    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "1");
    cmd
}

#[test]
fn arguments_with_escapes_are_echoed_as_visible_text() {
    let sandbox = Sandbox::new();
    // `kneadle show *` in a folder holding a file named to retitle the
    // terminal, and an 8-bit CSI on its own.
    for (args, shown) in [
        (
            vec!["show", "a.toml", "b\u{1b}]0;owned\u{7}.toml"],
            "b\\u{1b}]0;owned\\u{7}.toml",
        ),
        (vec!["list", "\u{9b}2J"], "\\u{9b}2J"),
        (vec!["--\u{1b}[2J"], "--\\u{1b}[2J"),
    ] {
        let out = coloured_kneadle(&sandbox).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_no_controls("stderr", &out.stderr);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(shown),
            "{args:?}: want {shown} in\n{stderr}"
        );
        assert!(stderr.contains("Usage: kneadle"), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn arguments_that_are_not_utf8_are_a_clean_usage_error() {
    let sandbox = Sandbox::new();
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"\xff\x1b[2J");
    for args in [vec![OsStr::new("show"), bad], vec![OsStr::new("list"), bad]] {
        let out = coloured_kneadle(&sandbox).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_no_controls("stderr", &out.stderr);
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn help_and_version_go_to_stdout_and_succeed() {
    let sandbox = Sandbox::new();
    for arg in ["--help", "-h", "--version"] {
        let out = coloured_kneadle(&sandbox).arg(arg).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{arg}");
        assert!(out.stderr.is_empty(), "{arg}");
        assert_no_controls(arg, &out.stdout);
    }
    kneadle(&sandbox)
        .args(["help", "validate"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: kneadle validate"));
}

/// Runs kneadle with stdout and stderr in one pipe, as `2>&1 | head -1`
/// does: reads one line, then closes the reading end.
fn run_into_head(cmd: &mut std::process::Command) -> (std::process::ExitStatus, String) {
    use std::io::BufRead;
    let (reader, writer) = std::io::pipe().unwrap();
    let mut child = cmd
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    // Our copies of the writing end must go, or the pipe never closes.
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let (sender, first) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let read = std::io::BufReader::new(reader).read_line(&mut first);
        // The reader is dropped here: the rest of the output meets a
        // closed pipe.
        let _ = sender.send(read.map(|_| first));
    });
    let Ok(first) = first.recv_timeout(support::RUN_LIMIT) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("no line within {:?}", support::RUN_LIMIT);
    };
    let status = support::wait_within(&mut child, support::RUN_LIMIT);
    (status, first.unwrap())
}

#[test]
fn a_failure_stays_a_failure_when_the_reader_goes_away() {
    // Forty reports of a bad file: far more than a pipe holds, so kneadle
    // surely writes into the closed end.
    let mut text = String::from("kneadle = 1\nname = \"Keys\"\n");
    for i in 0..100 {
        text.push_str(&format!("k{i}=1\n"));
    }
    text.push_str(ONE_STEP);
    let (sandbox, path) = routine_file("keys.toml", &text);
    let mut cmd = sandbox.command();
    cmd.arg("validate");
    for _ in 0..40 {
        cmd.arg(&path);
    }
    let (status, first) = run_into_head(&mut cmd);
    assert_eq!(first, "error: unknown key `k0` [unknown-key]\n");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn list_into_a_reader_that_goes_away_still_succeeds() {
    // Enough routines that the list is larger than a pipe holds.
    let sandbox = Sandbox::new();
    let routine = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("routines/desk-break.toml"),
    )
    .unwrap();
    for i in 0..1000 {
        sandbox.write_routine(format!("routine-{i:04}.toml"), &routine);
    }
    let mut cmd = sandbox.command();
    cmd.arg("list");
    let (status, first) = run_into_head(&mut cmd);
    assert!(first.starts_with("ROUTINE"), "{first}");
    assert_eq!(status.code(), Some(0));
}

#[cfg(target_os = "linux")]
#[test]
fn output_to_a_full_disk_is_an_error() {
    let sandbox = Sandbox::new();
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["list"],
        vec!["help"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let child = sandbox
            .command()
            .args(&args)
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let out = support::finish_within(child, support::RUN_LIMIT);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn counts_are_singular_for_one() {
    let sandbox = Sandbox::new();
    let one = format!("kneadle = 1\nname = \"One\"\nlead_in = 0\n{ONE_STEP}");
    let path = sandbox
        .write_routine("one.toml", &one)
        .display()
        .to_string();
    kneadle(&sandbox)
        .args(["validate", &path])
        .assert()
        .success()
        .stdout(format!(
            "{path}: ok — One, 5 s, 1 step\n1 file, 0 with problems, 0 problems\n"
        ));
    kneadle(&sandbox)
        .args(["show", &path])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("One — 5 s, 1 step\n"));
    let two = format!("{one}{ONE_STEP}");
    let path = sandbox
        .write_routine("two.toml", &two)
        .display()
        .to_string();
    kneadle(&sandbox)
        .args(["validate", &path])
        .assert()
        .success()
        .stdout(format!(
            "{path}: ok — One, 10 s, 2 steps\n1 file, 0 with problems, 0 problems\n"
        ));
}

#[test]
fn schema_prints_a_json_schema_of_routine_files() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox).arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["additionalProperties"], false);
    assert!(schema["properties"]["steps"].is_object());
}

#[test]
fn completions_mention_every_subcommand() {
    let sandbox = Sandbox::new();
    use clap::CommandFactory;
    let names: Vec<String> = kneadle::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = kneadle(&sandbox)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell} lacks {name}");
        }
    }
}

#[test]
fn man_prints_a_manual_page_with_every_subcommand() {
    let sandbox = Sandbox::new();
    let out = kneadle(&sandbox).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH kneadle"),
        "{page}"
    );
    for name in ["validate", "import", "new", "schema"] {
        assert!(page.contains(name), "the page lacks {name}");
    }
}

/// A file of a later format version gets one message, not every way it
/// differs from version 1: its new keys and values are not mistakes.
#[test]
fn a_later_format_says_only_that_it_needs_a_newer_kneadle() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "v2.toml",
        "kneadle = 2\nname = \"Later\"\nmusic = { track = 1 }\n\n[[steps]]\ntechnique = \"tapping\"\nname = \"Tap\"\nduration = \"1m\"\n",
    );
    let out = kneadle(&sandbox)
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("needs a newer kneadle"), "{err}");
}
