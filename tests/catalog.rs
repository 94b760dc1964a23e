//! `list --format json` and `show --format json`: one document each, for
//! scripts, with the same facts the text shows.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{RoutineText, Sandbox};

/// The JSON document kneadle prints for `args` in `sandbox`.
fn kneadle(sandbox: &Sandbox, args: &[&str]) -> serde_json::Value {
    let out = sandbox.kneadle().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn list_as_json_names_every_routine_whose_it_is_and_what_is_wrong() {
    let sandbox = Sandbox::new();
    sandbox.write_routine(
        "desk-break.toml",
        RoutineText::new("Mine").step("rest", "R", "30s").build(),
    );
    sandbox.write_routine("broken.toml", "kneadle = 1\n");
    let doc = kneadle(&sandbox, &["list", "--format", "json"]);
    assert_eq!(doc["version"], 1);
    let routines = doc["routines"].as_array().unwrap();
    let find = |id: &str| routines.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(find("middle-back")["whose"], "built-in");
    assert_eq!(find("middle-back")["steps"], 9);
    assert_eq!(find("desk-break")["whose"], "yours, replaces the built-in");
    assert_eq!(find("desk-break")["name"], "Mine");
    assert_eq!(
        find("builtin:desk-break")["whose"],
        "built-in, replaced by yours"
    );
    let broken = find("broken");
    assert_eq!(broken["valid"], false);
    assert!(
        broken["problems"][0].as_str().unwrap().contains("name"),
        "{broken}"
    );
}

#[test]
fn show_as_json_has_every_segment_with_its_start() {
    let sandbox = Sandbox::new();
    let doc = kneadle(&sandbox, &["show", "desk-break", "--format", "json"]);
    assert_eq!(doc["name"], "Two-minute desk break");
    let segments = doc["segments"].as_array().unwrap();
    let mut end = 0.0;
    for seg in segments {
        assert_eq!(
            seg["start"].as_f64().unwrap(),
            end,
            "segments follow one another"
        );
        end += seg["length"].as_f64().unwrap();
    }
    assert_eq!(doc["seconds"].as_f64().unwrap(), end);
    assert!(segments.iter().any(|s| s["side"] == "right side"));
}
