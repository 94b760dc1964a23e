//! The shape of a routine file, checked over the parsed TOML before serde
//! reads it: every unknown key (with "did you mean") and every value of the
//! wrong kind is reported at once, where serde would stop at the first.

use super::validate::{closest, suggest};
use super::{Code, Problem};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// What a key's value must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Text,
    Bool,
    /// `"45s"` or a number: validation says what is wrong with it.
    Duration,
    Number,
    Words,
    Steps,
    Breath,
    Cues,
}

impl Kind {
    fn expected(self) -> &'static str {
        match self {
            Kind::Int => "a whole number",
            Kind::Text => "text in quotes",
            Kind::Bool => "true or false",
            Kind::Duration => "a duration such as \"45s\" or a number of seconds",
            Kind::Number => "a number of seconds",
            Kind::Words => "a list of words such as [\"back\", \"desk\"]",
            Kind::Steps => "[[steps]] tables",
            Kind::Breath => {
                "a preset name such as \"relax\" or a table such as { inhale = 4, exhale = 6 }"
            }
            Kind::Cues => {
                "a list of cues such as [\"Slow circles\", { at = \"30s\", text = \"Switch hands\" }]"
            }
        }
    }

    /// How to write a value of this kind for `key`.
    fn help(self, key: &str) -> String {
        match self {
            Kind::Int => format!(
                "write a number without quotes, such as `{key} = {}`",
                if key == "kneadle" { 1 } else { 2 }
            ),
            Kind::Text => format!("put the text in quotes: `{key} = \"...\"`"),
            Kind::Bool => format!("write `{key} = true` or `{key} = false`, without quotes"),
            Kind::Number => format!("write seconds without quotes, such as `{key} = 4`"),
            Kind::Duration => {
                r#"write it like "45s", "1m30s", "2m", or a whole number of seconds"#.into()
            }
            _ => "docs/routine-format.md shows the form of every key".into(),
        }
    }

    fn accepts(self, value: &DeValue<'_>) -> bool {
        matches!(
            (self, value),
            (Kind::Int, DeValue::Integer(_))
                | (Kind::Text, DeValue::String(_))
                | (Kind::Bool, DeValue::Boolean(_))
                | (
                    Kind::Duration,
                    DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_)
                )
                | (Kind::Number, DeValue::Integer(_) | DeValue::Float(_))
                | (Kind::Words | Kind::Steps | Kind::Cues, DeValue::Array(_))
                | (Kind::Breath, DeValue::String(_) | DeValue::Table(_))
        )
    }
}

/// The keys of each table, with the kind of value each takes.
pub const ROUTINE: &[(&str, Kind)] = &[
    ("kneadle", Kind::Int),
    ("name", Kind::Text),
    ("summary", Kind::Text),
    ("author", Kind::Text),
    ("areas", Kind::Words),
    ("tags", Kind::Words),
    ("lead_in", Kind::Duration),
    ("caution", Kind::Text),
    ("steps", Kind::Steps),
];
pub const STEP: &[(&str, Kind)] = &[
    ("technique", Kind::Text),
    ("name", Kind::Text),
    ("duration", Kind::Duration),
    ("breath", Kind::Breath),
    ("instructions", Kind::Text),
    ("say", Kind::Text),
    ("sides", Kind::Bool),
    ("repeat", Kind::Int),
    ("lead_in", Kind::Duration),
    ("cues", Kind::Cues),
];
pub const BREATH: &[(&str, Kind)] = &[
    ("inhale", Kind::Number),
    ("hold", Kind::Number),
    ("exhale", Kind::Number),
    ("hold_out", Kind::Number),
];
pub const CUE: &[(&str, Kind)] = &[("at", Kind::Duration), ("text", Kind::Text)];

fn found_kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The number as written, if it is beyond what any key could take: an
/// integer outside 64 bits, or a float that overflows to infinity (a
/// written `inf` is left for validation to explain).
fn too_large(value: &DeValue<'_>) -> Option<String> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .is_err()
            .then(|| i.to_string()),
        DeValue::Float(f) => {
            let overflows = f.as_str().parse::<f64>().is_ok_and(f64::is_infinite)
                && !f.as_str().contains("inf");
            overflows.then(|| f.to_string())
        }
        _ => None,
    }
}

/// What the shape pass found.
#[derive(Debug, Default)]
pub struct Found {
    pub problems: Vec<Problem>,
    /// For each misspelt key: the table it is in, and the key it stands
    /// for, so "has no `name`" is not also said where `nme` was reported.
    pub misspelt: Vec<(Range<usize>, &'static str)>,
    /// Some value has the wrong kind, or is a number too large for any
    /// key: serde cannot read the file.
    pub wrong_kind: bool,
}

/// Checks the whole document.
pub fn check(document: &Spanned<DeTable<'_>>) -> Found {
    check_against(document, ROUTINE)
}

/// Checks a document whose top-level keys are `schema`: the routine's, or
/// another file written in the same style (the config file).
pub fn check_against(document: &Spanned<DeTable<'_>>, schema: &[(&'static str, Kind)]) -> Found {
    let mut found = Found::default();
    found.table(document.get_ref(), document.span(), schema, "");
    found
}

impl Found {
    fn table(
        &mut self,
        table: &DeTable<'_>,
        span: Range<usize>,
        schema: &[(&'static str, Kind)],
        path: &str,
    ) {
        let known = || schema.iter().map(|(k, _)| *k);
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(&(_, kind)) = schema.iter().find(|(k, _)| *k == name) else {
                let message = if path.is_empty() {
                    format!("unknown key `{name}`")
                } else {
                    format!("unknown key `{name}` in {path}")
                };
                if let Some(meant) = closest(name, known()) {
                    self.misspelt.push((span.clone(), meant));
                }
                self.problems.push(
                    Problem::at(Code::UnknownKey, key.span(), message).help(suggest(name, known())),
                );
                continue;
            };
            self.value(name, value, kind);
        }
    }

    fn wrong(&mut self, what: String, value: &Spanned<DeValue<'_>>, expected: &str, help: String) {
        self.wrong_kind = true;
        let message = format!(
            "{what} should be {expected}, not {}",
            found_kind(value.get_ref())
        );
        self.problems
            .push(Problem::at(Code::WrongKind, value.span(), message).help(help));
    }

    fn value(&mut self, key: &str, value: &Spanned<DeValue<'_>>, kind: Kind) {
        if !kind.accepts(value.get_ref()) {
            self.wrong(format!("`{key}`"), value, kind.expected(), kind.help(key));
            return;
        }
        if let Some(number) = too_large(value.get_ref()) {
            // serde would name its integer types ("as i128"); no key takes
            // a number anywhere near this, so say so in plain words.
            self.wrong_kind = true;
            let beyond = if number.starts_with('-') {
                "too far below zero"
            } else {
                "too large"
            };
            self.problems.push(
                Problem::at(
                    Code::NumberTooLarge,
                    value.span(),
                    format!("the number {number} is {beyond}"),
                )
                .help(kind.help(key)),
            );
            return;
        }
        match (kind, value.get_ref()) {
            (Kind::Words, DeValue::Array(items)) => {
                for item in items
                    .iter()
                    .filter(|i| !matches!(i.get_ref(), DeValue::String(_)))
                {
                    self.wrong(
                        format!("each entry of `{key}`"),
                        item,
                        Kind::Text.expected(),
                        Kind::Words.help(key),
                    );
                }
            }
            (Kind::Steps, DeValue::Array(items)) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => self.table(t, item.span(), STEP, "a step"),
                        _ => self.wrong(
                            "each step".into(),
                            item,
                            "a [[steps]] table",
                            Kind::Steps.help(key),
                        ),
                    }
                }
            }
            (Kind::Breath, DeValue::Table(t)) => {
                self.table(t, value.span(), BREATH, "the breath pattern")
            }
            (Kind::Cues, DeValue::Array(items)) => {
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => self.table(t, item.span(), CUE, "a cue"),
                        DeValue::String(_) => {}
                        _ => self.wrong(
                            "each cue".into(),
                            item,
                            "text, or a table such as { at = \"30s\", text = \"...\" }",
                            Kind::Cues.help(key),
                        ),
                    }
                }
            }
            _ => {}
        }
    }
}
