//! Settings as a user meets them: `kneadle config`, the config file's
//! problems, and which layer wins.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use support::Sandbox;

/// kneadle in `sandbox`, its PATH holding no speech program, so that
/// what `kneadle config` says of the voice is the same on every machine.
fn kneadle(sandbox: &Sandbox) -> Command {
    let mut cmd = sandbox.kneadle();
    cmd.env("PATH", sandbox.path().join("bin"));
    cmd
}

/// kneadle in `sandbox` reading the config file at `path`.
fn kneadle_with(sandbox: &Sandbox, path: &Path) -> Command {
    let mut cmd = kneadle(sandbox);
    cmd.env("KNEADLE_CONFIG", path);
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/config")
        .join(name)
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The line of `kneadle config` about `key`.
fn setting<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no `{key}` in:\n{text}"))
}

/// (fixture, code, place, message, help): one file per failure mode.
const INVALID: &[(&str, &str, &str, &str, &str)] = &[
    (
        "misspelt-key.toml",
        "unknown-key",
        "2:1",
        "unknown key `them`",
        "did you mean `theme`?",
    ),
    (
        "bad-bell.toml",
        "unknown-setting",
        "2:8",
        "unknown bell setting `never`",
        "expected one of `transitions`, `all`, `off`",
    ),
    (
        "countdown-too-long.toml",
        "duration-out-of-range",
        "1:21",
        "the caution countdown lasts 10 min; the longest allowed is 5 min",
        "use a duration from 0 s to 5 min",
    ),
    (
        "empty-voice-command.toml",
        "missing-program",
        "2:17",
        "`voice_command` needs a program",
        "name the speech program and its first arguments, such as [\"espeak-ng\", \"-s\", \"150\"], or leave `voice_command` out",
    ),
    (
        "several-problems.toml",
        "wrong-kind",
        "2:9",
        "`voice` should be text in quotes, not a whole number",
        "put the text in quotes: `voice = \"...\"`",
    ),
];

#[test]
fn a_bad_config_file_is_reported_with_its_place_and_help_and_exits_1() {
    let sandbox = Sandbox::new();
    for (name, code, place, message, help) in INVALID {
        let path = fixture(name);
        for args in [&["config"][..], &["run", "desk-break"], &[]] {
            let out = kneadle_with(&sandbox, &path).args(args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{name} {args:?}: {err}");
            assert!(
                err.contains(&format!("{}:{place}", path.display())),
                "{name}: {err}"
            );
            assert!(
                err.contains(&format!("{message} [{code}]")),
                "{name}: {err}"
            );
            assert!(err.contains(&format!("help: {help}")), "{name}: {err}");
            assert!(out.stdout.is_empty(), "{name}");
        }
    }
}

#[test]
fn every_fixture_is_listed_in_the_test() {
    for entry in std::fs::read_dir(fixture("")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            INVALID.iter().any(|(f, ..)| *f == name),
            "{name} has no expectation"
        );
    }
}

/// A value of the wrong kind does not hide the other settings' problems,
/// and all come in the order the file writes them, not the keys' order.
#[test]
fn every_problem_of_a_config_file_is_reported_in_file_order() {
    let sandbox = Sandbox::new();
    let path = fixture("several-problems.toml");
    let out = kneadle_with(&sandbox, &path)
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let at = format!("{}:", path.display());
    let found: Vec<(&str, &str)> = err
        .lines()
        .zip(err.lines().skip(1))
        .filter(|(error, _)| error.starts_with("error: "))
        .map(|(error, place)| (error, place.split_once(&at).unwrap().1))
        .collect();
    assert_eq!(
        found,
        [
            (
                "error: `voice` should be text in quotes, not a whole number [wrong-kind]",
                "2:9"
            ),
            (
                "error: unknown bell setting `never` [unknown-setting]",
                "3:8"
            ),
            (
                "error: unknown theme setting `dark` [unknown-setting]",
                "4:9"
            ),
            (
                "error: the caution countdown lasts 10 min; the longest allowed is 5 min [duration-out-of-range]",
                "5:21"
            ),
            (
                "error: `breath_cues` should be true or false, not text [wrong-kind]",
                "6:15"
            ),
        ],
        "{err}"
    );
}

#[test]
fn a_missing_config_file_means_the_defaults() {
    let sandbox = Sandbox::new();
    let path = sandbox.config_file();
    let text = stdout(kneadle(&sandbox).arg("config"));
    assert!(
        text.contains(&format!(
            "{}, set by KNEADLE_CONFIG (not found: the defaults apply)",
            path.display()
        )),
        "{text}"
    );
    assert_eq!(
        setting(&text, "bell"),
        "bell = \"transitions\"       # default"
    );
    assert!(setting(&text, "theme").ends_with("# default"), "{text}");
    assert!(
        setting(&text, "caution_countdown").contains("\"15s\""),
        "{text}"
    );
    assert!(setting(&text, "breath_cues").contains("false"), "{text}");
    let state = sandbox.state_dir();
    assert!(
        text.contains(&format!("state        {}", state.display())),
        "{text}"
    );
}

#[test]
fn the_environment_overrides_the_file_and_a_flag_overrides_both() {
    let sandbox = Sandbox::new();
    sandbox.write_config("bell = \"all\"\ntheme = \"high-contrast\"\ncaution_countdown = \"0s\"\n");

    let text = stdout(kneadle(&sandbox).arg("config"));
    assert!(
        setting(&text, "theme").contains("\"high-contrast\""),
        "{text}"
    );
    assert!(setting(&text, "theme").ends_with("# config file"), "{text}");
    assert!(
        setting(&text, "caution_countdown").contains("\"0s\""),
        "{text}"
    );

    let text = stdout(kneadle(&sandbox).arg("config").env("NO_COLOR", "1"));
    assert!(setting(&text, "theme").contains("\"mono\""), "{text}");
    assert!(
        setting(&text, "theme").ends_with("# environment (NO_COLOR)"),
        "{text}"
    );
    assert!(setting(&text, "bell").ends_with("# config file"), "{text}");

    let text = stdout(
        kneadle(&sandbox)
            .args([
                "config",
                "--theme",
                "high-contrast",
                "--no-bell",
                "--breath-cues",
            ])
            .env("NO_COLOR", "1"),
    );
    assert!(
        setting(&text, "theme").contains("\"high-contrast\""),
        "{text}"
    );
    assert!(
        setting(&text, "theme").ends_with("# flag (--theme)"),
        "{text}"
    );
    assert!(setting(&text, "bell").contains("\"off\""), "{text}");
    assert!(
        setting(&text, "bell").ends_with("# flag (--no-bell)"),
        "{text}"
    );
    assert!(
        setting(&text, "breath_cues").ends_with("# flag (--breath-cues)"),
        "{text}"
    );
    assert!(
        setting(&text, "caution_countdown").ends_with("# config file"),
        "{text}"
    );
}

#[test]
fn run_flags_belong_to_run_and_the_picker_only() {
    let sandbox = Sandbox::new();
    for args in [
        &["list", "--no-bell"][..],
        &["--no-bell", "list"],
        &["show", "desk-break", "--bell", "off"],
        &["validate", "x.toml", "--no-bell"],
        &["run", "desk-break", "--bell", "sometimes"],
        &["run", "desk-break", "--bell", "all", "--no-bell"],
    ] {
        let out = kneadle(&sandbox).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
    }
    // Accepted by `run`: it goes on to look for the routine.
    let out = kneadle(&sandbox)
        .args(["run", "--no-bell", "--bell", "all", "no-such-routine"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--no-bell and --bell conflict");
    let out = kneadle(&sandbox)
        .args(["run", "--no-bell", "--theme", "mono", "no-such-routine"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no routine by this name"));
}

#[test]
fn a_config_path_with_control_characters_is_printed_escaped() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("co\u{1b}[2Jnfig.toml");
    std::fs::write(&path, "bell = \"\u{1b}]0;x\u{7}\"\n").unwrap();
    let out = kneadle_with(&sandbox, &path)
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07),
        "{out:?}"
    );
    std::fs::write(&path, "bell = \"off\"\n").unwrap();
    let out = kneadle_with(&sandbox, &path)
        .arg("config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b), "{out:?}");
}

/// `kneadle schema --config`: one JSON document describing every setting
/// of the table, for editors.
#[test]
fn schema_config_prints_the_config_files_json_schema() {
    let sandbox = Sandbox::new();
    let text = stdout(kneadle(&sandbox).args(["schema", "--config"]));
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    assert_eq!(
        schema["additionalProperties"], false,
        "unknown keys are refused"
    );
    let properties = schema["properties"].as_object().unwrap();
    for spec in kneadle::store::config::SETTINGS {
        let property = &properties[spec.key];
        assert!(property["description"].is_string(), "{}", spec.key);
    }
    assert_eq!(properties.len(), kneadle::store::config::SETTINGS.len());
    assert_eq!(properties["caution_countdown"]["default"], "15s");
    assert_eq!(
        properties["theme"]["enum"],
        serde_json::json!(["auto", "mono", "high-contrast"])
    );
    // The routine's schema is still what `schema` alone prints.
    let routine = stdout(kneadle(&sandbox).arg("schema"));
    let routine: serde_json::Value = serde_json::from_str(&routine).unwrap();
    assert!(routine["properties"]["steps"].is_object());
}

/// The defaults `kneadle config` prints for a file that sets nothing are
/// the defaults the schema gives, line for line.
#[test]
fn the_defaults_kneadle_config_prints_are_the_tables() {
    let sandbox = Sandbox::new();
    let text = stdout(kneadle(&sandbox).arg("config"));
    for spec in kneadle::store::config::SETTINGS {
        let expected = match spec.default_value() {
            Some(value) => format!("{} = {value} ", spec.key),
            None => format!("# {} unset ", spec.key),
        };
        assert!(
            text.lines()
                .any(|l| l.starts_with(&expected) && l.ends_with("# default")),
            "no {expected:?} in:\n{text}"
        );
    }
}
