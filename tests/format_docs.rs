//! The format reference and the template written by `kneadle new`, checked
//! against what kneadle reads: the schema (derived from the parser's own
//! types) and `routine::limits`. Adding a key to the format is two places,
//! its type and its row in docs/routine-format.md; these tests fail when
//! the two drift apart. The README's settings are checked the same way
//! against the settings table (`config::SETTINGS`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kneadle::routine::{self, Routine, limits};
use kneadle::store::config::SETTINGS;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn reference() -> String {
    read("docs/routine-format.md")
}

/// One row of a key table: the key, its "required" cell and its "type"
/// cell.
#[derive(Debug)]
struct Row {
    key: String,
    required: String,
    kind: String,
}

/// The text under `heading`, up to the next heading (a `#` line outside
/// a code block).
fn section(doc: &str, heading: &str) -> String {
    let (_, after) = doc
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no `{heading}` in the docs"));
    let mut in_code = false;
    after
        .lines()
        .take_while(|l| {
            if l.starts_with("```") {
                in_code = !in_code;
            }
            in_code || !l.starts_with('#')
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The key table under `heading`: its rows, header and rule left out.
fn key_table(doc: &str, heading: &str) -> Vec<Row> {
    let rows: Vec<Row> = section(doc, heading)
        .lines()
        .filter(|l| l.starts_with('|'))
        .skip(2)
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            assert!(cells.len() >= 5, "a row of `{heading}` is short: {line}");
            Row {
                key: cells[1].trim_matches('`').to_owned(),
                required: cells[2].to_owned(),
                kind: cells[3].to_owned(),
            }
        })
        .collect();
    assert!(!rows.is_empty(), "`{heading}` has no key table");
    rows
}

/// Each key table of the reference with the schema object it describes.
fn tables(schema: &Value) -> Vec<(&'static str, &Value)> {
    let defs = &schema["$defs"];
    vec![
        ("## Top level", schema),
        ("## Steps", &defs["RawStep"]),
        ("### Breathing", &defs["RawPattern"]),
        ("### Cues", &defs["RawPlacedCue"]),
    ]
}

/// Every bound the schema sets on a key, as (keyword, value): on the key
/// itself, its list's entries and its alternatives, not inside a nested
/// table (that has rows of its own), nor the `minimum` of 0 that every
/// duration's number form has.
fn bounds(schema: &Value, defs: &Value, found: &mut Vec<(&'static str, f64)>) {
    if schema["type"] == "object" {
        return;
    }
    for keyword in [
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
    ] {
        if let Some(n) = schema[keyword].as_f64() {
            found.push((keyword, n));
        }
    }
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/$defs/"))
        && name != "Duration"
    {
        bounds(&defs[name], defs, found);
    }
    if schema["items"].is_object() {
        bounds(&schema["items"], defs, found);
    }
    for alternatives in ["anyOf", "oneOf"] {
        for alternative in schema[alternatives].as_array().into_iter().flatten() {
            bounds(alternative, defs, found);
        }
    }
}

/// The numbers a "type" cell gives, durations in seconds ("5 min" is
/// 300), leaving out what comes after "default".
fn numbers(cell: &str) -> Vec<f64> {
    let cell = cell.split("default").next().unwrap_or("");
    let mut found = Vec::new();
    let mut chars = cell.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            continue;
        }
        let mut number = String::from(c);
        while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit() || **d == '.') {
            number.push(d);
            chars.next();
        }
        // The unit, if one follows: "1 s", "5 min", "2 h".
        let after: String = chars.clone().collect();
        let after = after.strip_prefix(' ').unwrap_or(&after);
        let unit = |u: &str| {
            after
                .strip_prefix(u)
                .is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
        };
        let scale = if unit("h") {
            3600.0
        } else if unit("min") {
            60.0
        } else {
            1.0
        };
        found.push(number.parse::<f64>().unwrap() * scale);
    }
    found
}

/// The names a cell writes in backticks.
fn quoted(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The enumeration a key's value is one of, if it is.
fn choices<'a>(schema: &'a Value, defs: &'a Value) -> Option<Vec<&'a str>> {
    if let Some(names) = schema["enum"].as_array() {
        return Some(names.iter().filter_map(Value::as_str).collect());
    }
    let name = schema["$ref"].as_str()?.strip_prefix("#/$defs/")?;
    choices(&defs[name], defs)
}

#[test]
fn the_reference_has_a_row_for_every_key_and_no_other() {
    let doc = reference();
    let schema = routine::schema();
    for (heading, object) in tables(&schema) {
        let documented: BTreeSet<String> = key_table(&doc, heading)
            .into_iter()
            .map(|r| r.key)
            .collect();
        let read: BTreeSet<String> = object["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let undocumented: Vec<_> = read.difference(&documented).collect();
        let unknown: Vec<_> = documented.difference(&read).collect();
        assert!(
            undocumented.is_empty(),
            "docs/routine-format.md, `{heading}`: no row for {undocumented:?}"
        );
        assert!(
            unknown.is_empty(),
            "docs/routine-format.md, `{heading}`: kneadle reads no {unknown:?}"
        );
    }
}

#[test]
fn the_reference_says_which_keys_are_required() {
    let doc = reference();
    let schema = routine::schema();
    for (heading, object) in tables(&schema) {
        let required: Vec<&str> = object["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for row in key_table(&doc, heading) {
            assert_eq!(
                row.required == "yes",
                required.contains(&row.key.as_str()),
                "docs/routine-format.md, `{heading}`: `{}` is required: {:?}",
                row.key,
                row.required
            );
        }
    }
}

/// Every number in a row's type cell is a bound kneadle enforces on that
/// key, and every bound is written (but a text's "at least 1 character",
/// which the Texts section says once for all).
#[test]
fn the_bounds_in_the_reference_are_the_bounds_kneadle_enforces() {
    let doc = reference();
    let schema = routine::schema();
    let defs = &schema["$defs"];
    for (heading, object) in tables(&schema) {
        for row in key_table(&doc, heading) {
            let Some(property) = object["properties"].get(&row.key) else {
                continue; // reported by the test above
            };
            let mut enforced = Vec::new();
            bounds(property, defs, &mut enforced);
            let written = numbers(&row.kind);
            let place = format!("docs/routine-format.md, `{heading}`, `{}`", row.key);
            for n in &written {
                assert!(
                    enforced.iter().any(|(_, b)| b == n),
                    "{place}: says {n} where kneadle's bounds are {enforced:?}"
                );
            }
            for (keyword, b) in &enforced {
                if *keyword == "minLength" && *b == 1.0 {
                    continue;
                }
                assert!(
                    written.contains(b),
                    "{place}: does not say its {keyword} {b} ({:?})",
                    row.kind
                );
            }
            if let Some(names) = choices(property, defs) {
                assert_eq!(quoted(&row.kind), names, "{place}: the choices");
            }
        }
    }
}

/// Bounds the reference writes in prose, each from `limits`.
#[test]
fn the_reference_states_the_limits() {
    let doc = reference();
    let hours = limits::MAX_TOTAL.as_secs() / 3600;
    let mib = limits::MAX_FILE_BYTES / (1024 * 1024);
    for said in [
        format!("lasts at most {hours} hours"),
        format!("lasts more than {hours} hours"),
        format!("A routine file is at most {mib} MiB"),
        format!("| `file-too-large` | the file is over {mib} MiB |"),
        format!("more than {} steps", limits::MAX_STEPS),
        format!("`repeat` is not 1 to {}", limits::MAX_REPEAT),
        format!("more than {} cues in a step", limits::MAX_CUES),
        format!("more than {} `areas` or `tags`", limits::MAX_LIST_ITEMS),
    ] {
        assert!(doc.contains(&said), "docs/routine-format.md lacks {said:?}");
    }
}

/// The presets the reference lists (`name` and its pattern in brackets)
/// are the ones kneadle has.
#[test]
fn the_reference_lists_every_breathing_preset() {
    let doc = reference();
    let breathing = section(&doc, "### Breathing");
    let listed: BTreeSet<&str> = breathing
        .split('`')
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[1].starts_with(" ("))
        .map(|w| w[0])
        .collect();
    let presets: BTreeSet<&str> = routine::PRESETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(listed, presets);
}

/// The defaults the reference gives are what a routine that leaves the
/// key out gets.
#[test]
fn the_defaults_in_the_reference_are_kneadles() {
    let doc = reference();
    let default = |heading: &str, key: &str| {
        let row = key_table(&doc, heading)
            .into_iter()
            .find(|r| r.key == key)
            .unwrap();
        let (_, after) = row
            .kind
            .split_once("default ")
            .unwrap_or_else(|| panic!("`{key}` has no default: {:?}", row.kind));
        after.trim_matches(|c| c == '`' || c == '"').to_owned()
    };
    let bare = Routine::parse(
        "bare.toml",
        "kneadle = 1\nname = \"Bare\"\n[[steps]]\ntechnique = \"rest\"\nname = \"Rest\"\nduration = \"1m\"\n",
    )
    .unwrap();
    let lead_in = default("## Top level", "lead_in");
    assert_eq!(
        kneadle::duration::parse(&lead_in).ok(),
        Some(bare.lead_in),
        "docs/routine-format.md gives `lead_in` the default {lead_in:?}"
    );
    let step = &bare.steps[0];
    assert_eq!(
        default("## Steps", "repeat"),
        step.repeat.to_string(),
        "`repeat`"
    );
    assert_eq!(
        default("## Steps", "sides"),
        step.sides.to_string(),
        "`sides`"
    );
}

/// The keys a TOML text sets (`key =` outside strings and comments, and
/// `[[key]]`).
fn keys_set(toml: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for line in toml.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        if let Some(table) = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]")) {
            keys.insert(table.to_owned());
            continue;
        }
        let mut word = String::new();
        let mut in_string = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                c if !in_string && (c.is_ascii_alphanumeric() || c == '_') => word.push(c),
                '=' if !in_string && !word.is_empty() => {
                    keys.insert(std::mem::take(&mut word));
                }
                ' ' if !in_string => {}
                _ => word.clear(),
            }
        }
    }
    keys
}

#[test]
fn every_key_in_the_template_is_a_key_of_the_format() {
    let every: BTreeSet<&str> = routine::all_keys().collect();
    let template = kneadle::commands::new::template("my-routine");
    let set = keys_set(&template);
    assert!(
        set.len() > 10,
        "the template's keys were not found: {set:?}"
    );
    for key in &set {
        assert!(
            every.contains(key.as_str()),
            "the template sets `{key}`, which is no key of the format"
        );
    }
}

#[test]
fn the_cell_reader_reads_durations_in_seconds() {
    assert_eq!(
        numbers("duration, 0 s to 5 min; default `\"5s\"`"),
        [0.0, 300.0]
    );
    assert_eq!(numbers("duration, 1 s to 2 h"), [1.0, 7200.0]);
    assert_eq!(numbers("list of ≤ 20 words, each ≤ 30"), [20.0, 30.0]);
    assert_eq!(numbers("the integer `1`"), [1.0]);
    assert_eq!(
        keys_set("a = 1 # b = 2\nc = { d = \"e = f\" }\n[[g]]\n"),
        ["a", "c", "d", "g"].map(String::from).into()
    );
}

/// The README's example config file: each line of the TOML block in its
/// Settings section.
fn readme_settings(readme: &str) -> Vec<String> {
    let settings = section(readme, "### Settings");
    let (_, block) = settings
        .split_once("```toml\n")
        .expect("the README's Settings show a config file");
    let (block, _) = block.split_once("```").unwrap();
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The README's Settings show every setting of the table with its default
/// (one left unset by default is shown commented out), its choices and
/// its bound, and no setting the table lacks; the README names each
/// setting's flags and environment variable.
#[test]
fn the_readme_shows_every_setting_with_its_default() {
    let readme = read("README.md");
    let settings = section(&readme, "### Settings");
    let lines = readme_settings(&readme);
    let schema = kneadle::store::config::schema();
    for line in &lines {
        let key = line.trim_start_matches("# ").split(" = ").next().unwrap();
        assert!(
            SETTINGS.iter().any(|s| s.key == key),
            "the README's Settings show `{key}`, which is no setting"
        );
    }
    for spec in SETTINGS {
        let key = spec.key;
        let line = lines
            .iter()
            .find(|l| l.trim_start_matches("# ").starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("the README's Settings do not show `{key}`"));
        match spec.default_value() {
            Some(value) => assert!(
                line.starts_with(&format!("{key} = {value} ")),
                "the README gives `{key}` another default than {value}: {line}"
            ),
            None => assert!(
                line.starts_with("# "),
                "`{key}` is unset by default, but the README sets it: {line}"
            ),
        }
        let property = &schema["properties"][key];
        for name in property["enum"].as_array().into_iter().flatten() {
            assert!(
                line.contains(&format!("{name}")),
                "the README's `{key}` line does not offer {name}"
            );
        }
        if let Some(max) = property["maximum"].as_u64() {
            assert!(
                line.contains(&format!("at most {} min", max / 60)),
                "the README's `{key}` line does not say its limit: {line}"
            );
        }
        for flag in spec.flags {
            assert!(
                readme.lines().any(|l| l.starts_with(&format!("| `{flag}"))),
                "the README's table of flags has no row for {flag}"
            );
            assert!(
                settings.contains(&format!("`{flag}`")),
                "the README's Settings do not name {flag}"
            );
        }
        if let Some(var) = spec.env {
            assert!(
                settings.contains(&format!("`{var}`")),
                "the README's Settings do not name {var}"
            );
        }
    }
    assert!(settings.contains("kneadle schema --config"));
}
