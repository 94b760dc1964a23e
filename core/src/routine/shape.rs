//! The shape of a routine file, checked over the parsed TOML before serde
//! reads it: every unknown key (with "did you mean") and every value of the
//! wrong kind is reported at once, where serde would stop at the first.
//! Those values are then taken out of the document, so serde reads the
//! rest and the rules judge it: a file's problems of every kind are found
//! in one go.
//!
//! Which keys each table has, and the kind of value each takes, is not
//! written here: `keys` reads it from the raw types (serde's field list
//! and the schemars schema), so the format has one source.

mod keys;

pub use keys::tables;

use super::suggest::{closest, suggest};
use super::{Code, Problem};
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

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
    /// A form the schema gives that this pass does not know: serde reads
    /// the value and says what is wrong with it. (No key has it: a test
    /// in `keys` says so.)
    Any,
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
            Kind::Any => "a value of the right kind",
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
                | (Kind::Any, _)
        )
    }
}

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
    /// Keys that already have a problem of their own, each with the table
    /// it is in: the key a misspelt one stands for, and a key whose value
    /// (or some entry of it) had the wrong kind and was taken out. The
    /// rules say nothing more of them: no "has no `name`" where `nme` or
    /// `name = 5` was reported, no "has no steps" where the steps were
    /// not tables.
    pub reported: Vec<(Range<usize>, &'static str)>,
    /// The lists some entries were taken out of.
    pub taken_out: TakenOut,
}

/// How many entries were taken out of each list, by the list's place, so
/// a rule that counts entries counts them as written.
#[derive(Debug, Default)]
pub struct TakenOut(Vec<(Range<usize>, usize)>);

impl TakenOut {
    /// How many entries `list` has in the file.
    pub fn written_len<T>(&self, list: &Spanned<Vec<T>>) -> usize {
        let span = list.span();
        let taken = self
            .0
            .iter()
            .find(|(s, _)| *s == span)
            .map_or(0, |(_, n)| *n);
        list.get_ref().len() + taken
    }
}

/// Checks the whole document, and takes out every value of the wrong kind
/// so that the rules can still judge the rest (serde cannot read a value
/// of the wrong kind, and would give up on the whole file).
pub fn check(document: &mut Spanned<DeTable<'_>>) -> Found {
    check_against(document, &tables().routine)
}

/// Like [`check`], for a document whose top-level keys are `schema`: the
/// routine's, or another file written in the same style (the config file).
pub fn check_against(
    document: &mut Spanned<DeTable<'_>>,
    schema: &[(&'static str, Kind)],
) -> Found {
    let mut found = Found::default();
    let span = document.span();
    found.table(document.get_mut(), &span, schema, "");
    found
}

/// What became of a value the shape pass looked at.
#[derive(Debug, PartialEq, Eq)]
enum Checked {
    Fine,
    /// Some entries of a list had the wrong kind and were taken out.
    Trimmed,
    /// The value itself has the wrong kind: take it out.
    Wrong,
}

impl Found {
    fn table(
        &mut self,
        table: &mut DeTable<'_>,
        span: &Range<usize>,
        schema: &[(&'static str, Kind)],
        path: &str,
    ) {
        let known = || schema.iter().map(|(k, _)| *k);
        let mut wrong = Vec::new();
        for (key, value) in table.iter_mut() {
            let name = key.get_ref().as_ref();
            let Some(&(known_key, kind)) = schema.iter().find(|(k, _)| *k == name) else {
                let message = if path.is_empty() {
                    format!("unknown key `{name}`")
                } else {
                    format!("unknown key `{name}` in {path}")
                };
                if let Some(meant) = closest(name, known()) {
                    self.reported.push((span.clone(), meant));
                }
                self.problems.push(
                    Problem::at(Code::UnknownKey, key.span(), message).help(suggest(name, known())),
                );
                continue;
            };
            match self.value(known_key, value, kind) {
                Checked::Fine => {}
                Checked::Trimmed => self.reported.push((span.clone(), known_key)),
                Checked::Wrong => {
                    self.reported.push((span.clone(), known_key));
                    wrong.push(known_key);
                }
            }
        }
        for key in wrong {
            table.remove(key);
        }
    }

    fn wrong(&mut self, what: String, value: &Spanned<DeValue<'_>>, expected: &str, help: String) {
        let message = format!(
            "{what} should be {expected}, not {}",
            found_kind(value.get_ref())
        );
        self.problems
            .push(Problem::at(Code::WrongKind, value.span(), message).help(help));
    }

    fn value(&mut self, key: &str, value: &mut Spanned<DeValue<'_>>, kind: Kind) -> Checked {
        if !kind.accepts(value.get_ref()) {
            self.wrong(format!("`{key}`"), value, kind.expected(), kind.help(key));
            return Checked::Wrong;
        }
        if let Some(number) = too_large(value.get_ref()) {
            // serde would name its integer types ("as i128"); no key takes
            // a number anywhere near this, so say so in plain words.
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
            return Checked::Wrong;
        }
        let span = value.span();
        match (kind, value.get_mut()) {
            (Kind::Words, DeValue::Array(items)) => self.entries(span, items, |found, item| {
                let fine = matches!(item.get_ref(), DeValue::String(_));
                if !fine {
                    found.wrong(
                        format!("each entry of `{key}`"),
                        item,
                        Kind::Text.expected(),
                        Kind::Words.help(key),
                    );
                }
                fine
            }),
            (Kind::Steps, DeValue::Array(items)) => self.entries(span, items, |found, item| {
                let item_span = item.span();
                match item.get_mut() {
                    DeValue::Table(t) => {
                        found.table(t, &item_span, &tables().step, "a step");
                        true
                    }
                    _ => {
                        found.wrong(
                            "each step".into(),
                            item,
                            "a [[steps]] table",
                            Kind::Steps.help(key),
                        );
                        false
                    }
                }
            }),
            (Kind::Breath, DeValue::Table(t)) => {
                self.table(t, &span, &tables().breath, "the breath pattern");
                Checked::Fine
            }
            (Kind::Cues, DeValue::Array(items)) => self.entries(span, items, |found, item| {
                let item_span = item.span();
                match item.get_mut() {
                    DeValue::Table(t) => {
                        found.table(t, &item_span, &tables().cue, "a cue");
                        true
                    }
                    DeValue::String(_) => true,
                    _ => {
                        found.wrong(
                            "each cue".into(),
                            item,
                            "text, or a table such as { at = \"30s\", text = \"...\" }",
                            Kind::Cues.help(key),
                        );
                        false
                    }
                }
            }),
            _ => Checked::Fine,
        }
    }

    /// Checks each entry of the list at `span` with `fine`, and takes
    /// out those it reports.
    fn entries<'i>(
        &mut self,
        span: Range<usize>,
        items: &mut DeArray<'i>,
        mut fine: impl FnMut(&mut Self, &mut Spanned<DeValue<'i>>) -> bool,
    ) -> Checked {
        let mut kept = DeArray::new();
        let mut taken = 0;
        for mut item in std::mem::replace(items, DeArray::new()) {
            if fine(self, &mut item) {
                kept.push(item);
            } else {
                taken += 1;
            }
        }
        *items = kept;
        if taken == 0 {
            return Checked::Fine;
        }
        self.taken_out.0.push((span, taken));
        Checked::Trimmed
    }
}
