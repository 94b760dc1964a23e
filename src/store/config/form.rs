//! How a setting is written in the config file: each form knows the kind
//! of TOML value it takes (for the shape pass), how a value is read and
//! checked, how `kneadle config` writes it back, and its JSON Schema. The
//! table (`table.rs`) gives each setting its form.

use crate::routine::{Code, Kind, Problem, RawDuration, TakenOut, duration_value, suggest};
use clap::ValueEnum;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::marker::PhantomData;
use std::time::Duration;
use toml::Spanned;

/// What reading a value may need besides the value itself.
pub struct FileText<'a> {
    /// The whole file, for places.
    pub source: &'a str,
    /// The entries the shape pass took out of lists, so a list is
    /// counted as written.
    pub taken_out: &'a TakenOut,
}

/// How one setting is written in the file.
pub trait Form {
    /// The value a run uses.
    type Value: Clone + std::fmt::Debug + PartialEq + Eq;
    /// What serde reads from the file, with its place.
    type Raw: for<'de> Deserialize<'de>;
    /// The kind of TOML value it takes.
    const KIND: Kind;
    /// The file's value for `key`, checked.
    fn read(key: &str, raw: &Self::Raw, file: &FileText<'_>) -> Result<Self::Value, Vec<Problem>>;
    /// The value as the file writes it, after `key = `; `None` when the
    /// setting is unset.
    fn written(value: &Self::Value) -> Option<String>;
    /// The JSON Schema of a value.
    fn schema(generator: &mut SchemaGenerator) -> Schema;
}

/// One of the names of `T`'s values, as the flags write them too:
/// `bell = "all"`.
pub struct Choice<T>(PhantomData<T>);

impl<T: ValueEnum + Copy + std::fmt::Debug + Eq> Form for Choice<T> {
    type Value = T;
    type Raw = Spanned<String>;
    const KIND: Kind = Kind::Text;

    fn read(key: &str, raw: &Spanned<String>, _: &FileText<'_>) -> Result<T, Vec<Problem>> {
        let given = raw.get_ref().as_str();
        let found = T::value_variants()
            .iter()
            .find(|v| v.to_possible_value().is_some_and(|p| p.get_name() == given));
        found.copied().ok_or_else(|| {
            let names = names::<T>();
            // Quote a short value; a long one would only flood the report.
            let message = if given.chars().count() <= 40 {
                format!("unknown {key} setting `{given}`")
            } else {
                format!("unknown {key} setting")
            };
            vec![
                Problem::at(Code::UnknownSetting, raw.span(), message)
                    .help(suggest(given, names.iter().map(String::as_str))),
            ]
        })
    }

    fn written(value: &T) -> Option<String> {
        Some(format!("\"{}\"", name_of(value)))
    }

    fn schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": names::<T>() })
    }
}

/// `true` or `false`.
pub struct Switch;

impl Form for Switch {
    type Value = bool;
    type Raw = Spanned<bool>;
    const KIND: Kind = Kind::Bool;

    fn read(_: &str, raw: &Spanned<bool>, _: &FileText<'_>) -> Result<bool, Vec<Problem>> {
        Ok(*raw.get_ref())
    }

    fn written(value: &bool) -> Option<String> {
        Some(value.to_string())
    }

    fn schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "boolean" })
    }
}

/// The longest caution countdown the file may set.
pub const MAX_CAUTION_COUNTDOWN: Duration = Duration::from_secs(5 * 60);

/// The caution countdown: a duration as routines write them, `"0s"` to
/// five minutes.
pub struct Countdown;

impl Form for Countdown {
    type Value = Duration;
    type Raw = Spanned<RawDuration>;
    const KIND: Kind = Kind::Duration;

    fn read(
        _: &str,
        raw: &Spanned<RawDuration>,
        file: &FileText<'_>,
    ) -> Result<Duration, Vec<Problem>> {
        duration_value(
            file.source,
            raw,
            "the caution countdown",
            Duration::ZERO,
            MAX_CAUTION_COUNTDOWN,
        )
    }

    fn written(value: &Duration) -> Option<String> {
        Some(format!("\"{}\"", written(*value)))
    }

    fn schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = generator.subschema_for::<RawDuration>();
        schema.insert("minimum".into(), 0.into());
        schema.insert("maximum".into(), MAX_CAUTION_COUNTDOWN.as_secs().into());
        schema
    }
}

/// At most this many words in a command, each at most this long.
const MAX_COMMAND_WORDS: usize = 16;
const MAX_COMMAND_WORD: usize = 200;

/// A program and its first arguments, each shown and passed as written,
/// so none may hide a control character; bounded.
pub struct Command;

impl Form for Command {
    type Value = Option<Vec<String>>;
    type Raw = Spanned<Vec<Spanned<String>>>;
    const KIND: Kind = Kind::Words;

    fn read(
        key: &str,
        raw: &Self::Raw,
        file: &FileText<'_>,
    ) -> Result<Option<Vec<String>>, Vec<Problem>> {
        // Counted as the file writes it, the words of the wrong kind
        // (already reported) included.
        let written = file.taken_out.written_len(raw);
        let words = raw.get_ref();
        let example = format!(
            "for example {key} = [\"espeak-ng\", \"-s\", \"150\"]; the text is passed last"
        );
        if written == 0 {
            return Err(vec![
                Problem::at(
                    Code::MissingProgram,
                    raw.span(),
                    format!("`{key}` needs a program"),
                )
                .help(format!(
                    "name the speech program and its first arguments, such as [\"espeak-ng\", \"-s\", \"150\"], or leave `{key}` out to use the first speech program found"
                )),
            ]);
        }
        if written > MAX_COMMAND_WORDS {
            return Err(vec![
                Problem::at(
                    Code::TooManyEntries,
                    raw.span(),
                    format!("`{key}` has {written} words; the limit is {MAX_COMMAND_WORDS}"),
                )
                .help(example),
            ]);
        }
        let problems: Vec<Problem> = words
            .iter()
            .filter_map(|word| {
                let (code, message) = bad_word(key, word.get_ref())?;
                Some(
                    Problem::at(code, word.span(), message)
                        .help("write the program and its arguments as plain words"),
                )
            })
            .collect();
        if problems.is_empty() {
            Ok(Some(words.iter().map(|w| w.get_ref().clone()).collect()))
        } else {
            Err(problems)
        }
    }

    fn written(value: &Option<Vec<String>>) -> Option<String> {
        let words = value.as_ref()?;
        let quoted: Vec<String> = words
            .iter()
            .map(|w| format!("{:?}", crate::text::sanitize(w)))
            .collect();
        Some(format!("[{}]", quoted.join(", ")))
    }

    fn schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "array",
            "items": { "type": "string", "minLength": 1, "maxLength": MAX_COMMAND_WORD },
            "minItems": 1,
            "maxItems": MAX_COMMAND_WORDS,
        })
    }
}

/// What is wrong with one word of a command, if anything.
fn bad_word(key: &str, text: &str) -> Option<(Code, String)> {
    if text.is_empty() {
        return Some((Code::BlankText, format!("a word of `{key}` is empty")));
    }
    if text.chars().count() > MAX_COMMAND_WORD {
        return Some((
            Code::TextTooLong,
            format!("each word of `{key}` is 1 to {MAX_COMMAND_WORD} characters"),
        ));
    }
    crate::text::first_forbidden(text).map(|(_, c)| {
        (
            Code::ForbiddenCharacter,
            format!(
                "`{key}` contains {}, which is not allowed",
                crate::text::describe(c)
            ),
        )
    })
}

/// The names of `T`'s values as the file and the flags write them.
pub fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_owned())
        .collect()
}

/// The name a value is written with.
pub fn name_of<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|p| p.get_name().to_owned())
        .unwrap_or_default()
}

/// A duration as the file writes it: `"15s"`, `"1m30s"`, `"0s"`.
pub fn written(d: Duration) -> String {
    let secs = d.as_secs();
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}
