//! The routine file as written: serde types that keep the position of every
//! value, so validation can point at the exact line and column. Nothing here
//! is checked beyond TOML types; see `validate` for the rules. Unknown keys
//! are found before serde runs, so every one of them is reported,
//! not just the first; so is every value of the wrong kind (`shape`).

use super::limits;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use toml::Spanned;

pub type S<T> = Spanned<T>;

// These types are the format's one source. The schema (`kneadle schema`)
// is derived from them, so editors check files against the keys the parser
// reads; doc comments become its descriptions, bounds come from `limits`.
// The shape pass reads its key tables from the same types and schema
// (`shape/keys.rs`), and tests/format_docs.rs checks the reference against
// the schema: a new key is a field here and a row in the reference.

/// A kneadle routine file, format version 1 (docs/routine-format.md).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(title = "kneadle routine", deny_unknown_fields)]
pub struct RawRoutine {
    /// The format version: 1.
    #[schemars(with = "Version")]
    pub kneadle: Option<S<i64>>,
    /// Shown in the picker and at the top of the screen.
    #[schemars(with = "String", length(min = 1, max = limits::NAME_CHARS))]
    pub name: Option<S<String>>,
    /// One or two sentences; name the equipment needed.
    #[schemars(with = "Option<String>", length(max = limits::SUMMARY_CHARS))]
    pub summary: Option<S<String>>,
    /// Who wrote the routine.
    #[schemars(with = "Option<String>", length(min = 1, max = limits::AUTHOR_CHARS))]
    pub author: Option<S<String>>,
    /// Body areas, such as "middle-back".
    #[schemars(with = "Option<Words>")]
    pub areas: Option<S<Vec<S<String>>>>,
    /// Anything to find the routine by: "desk", "evening".
    #[schemars(with = "Option<Words>")]
    pub tags: Option<S<Vec<S<String>>>>,
    /// "Get ready" time before each step, side and repeat: 0 s to 5 min,
    /// default "5s".
    #[schemars(with = "Option<Seconds<0, { limits::MAX_LEAD_IN.as_secs() }>>")]
    pub lead_in: Option<S<RawDuration>>,
    /// Shown before the routine starts and by `kneadle show`.
    #[schemars(with = "Option<String>", length(max = limits::CAUTION_CHARS))]
    pub caution: Option<S<String>>,
    /// The routine's steps, in order.
    #[schemars(with = "Vec<RawStep>", length(min = 1, max = limits::MAX_STEPS))]
    pub steps: Option<S<Vec<S<RawStep>>>>,
}

/// One step of the routine.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawStep {
    /// What kind of work the step is.
    #[schemars(with = "TechniqueName")]
    pub technique: Option<S<String>>,
    /// The step's name.
    #[schemars(with = "String", length(min = 1, max = limits::NAME_CHARS))]
    pub name: Option<S<String>>,
    /// How long the step lasts: 1 s to 2 h, per side and per repeat.
    #[schemars(with = "Seconds<{ limits::MIN_STEP.as_secs() }, { limits::MAX_STEP.as_secs() }>")]
    pub duration: Option<S<RawDuration>>,
    /// Breathing steps only: a preset, or a pattern in seconds.
    #[schemars(with = "Option<RawBreath>")]
    pub breath: Option<S<RawBreath>>,
    /// One or two short sentences.
    #[schemars(with = "Option<String>", length(max = limits::INSTRUCTIONS_CHARS))]
    pub instructions: Option<S<String>>,
    /// What the voice (and plain mode) says for the step instead of its
    /// name: "Knead the top of the shoulder, with the opposite hand".
    #[schemars(with = "Option<String>", length(min = 1, max = limits::SAY_CHARS))]
    pub say: Option<S<String>>,
    /// true: the step runs for one side, then the other. Default false.
    #[schemars(with = "Option<bool>")]
    pub sides: Option<S<bool>>,
    /// How many rounds. Default 1.
    #[schemars(with = "Option<i64>", range(min = 1, max = limits::MAX_REPEAT))]
    pub repeat: Option<S<i64>>,
    /// This step's own "get ready" time: 0 s to 5 min.
    #[schemars(with = "Option<Seconds<0, { limits::MAX_LEAD_IN.as_secs() }>>")]
    pub lead_in: Option<S<RawDuration>>,
    /// Prompts shown while the step runs.
    #[schemars(with = "Option<Vec<RawCue>>", length(max = limits::MAX_CUES))]
    pub cues: Option<S<Vec<S<RawCue>>>>,
}

// The wrappers below exist only to carry schema attributes; nothing reads
// their fields.

/// For the schema only: the version a file may say.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(transparent)]
struct Version(#[schemars(range(min = 1, max = super::FORMAT_VERSION))] i64);

/// For the schema only: a list of short words.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(transparent)]
struct Words(
    #[schemars(length(max = limits::MAX_LIST_ITEMS), inner(length(min = 1, max = limits::WORD_CHARS)))]
     Vec<String>,
);

/// For the schema only: a duration from `MIN` to `MAX` seconds. JSON
/// Schema can bound only the number form; the bounds are there for
/// editors, and for the format reference to be checked against.
struct Seconds<const MIN: u64, const MAX: u64>;

impl<const MIN: u64, const MAX: u64> JsonSchema for Seconds<MIN, MAX> {
    fn schema_name() -> Cow<'static, str> {
        format!("Duration{MIN}To{MAX}").into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = generator.subschema_for::<RawDuration>();
        schema.insert("minimum".into(), MIN.into());
        schema.insert("maximum".into(), MAX.into());
        schema
    }
}

/// For the schema only: the techniques a step may name.
struct TechniqueName;

impl JsonSchema for TechniqueName {
    fn schema_name() -> Cow<'static, str> {
        "Technique".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = super::Technique::ALL.iter().map(|t| t.name()).collect();
        json_schema!({ "type": "string", "enum": names })
    }
}

impl JsonSchema for RawDuration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "\"45s\", \"1m30s\", \"2m\", \"1h\" (units h, m, s, largest first), or a whole number of seconds",
            "oneOf": [
                { "type": "string", "pattern": DURATION_PATTERN },
                { "type": "integer", "minimum": 0 },
            ],
        })
    }
}

/// What a duration written as text looks like: `1h 2m 3s`, each part
/// optional, largest first.
/// No look-ahead: editors' validators differ in what regex they support.
pub const DURATION_PATTERN: &str =
    r"^ *([0-9]+h( *[0-9]+m)?( *[0-9]+s)?|[0-9]+m( *[0-9]+s)?|[0-9]+s) *$";

impl JsonSchema for RawBreath {
    fn schema_name() -> Cow<'static, str> {
        "Breath".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let presets: Vec<&str> = super::PRESETS.iter().map(|(name, _)| *name).collect();
        let pattern = generator.subschema_for::<RawPattern>();
        json_schema!({
            "oneOf": [
                { "type": "string", "enum": presets, "description": "a breathing preset" },
                pattern,
            ],
        })
    }
}

impl JsonSchema for RawCue {
    fn schema_name() -> Cow<'static, str> {
        "Cue".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let placed = generator.subschema_for::<RawPlacedCue>();
        json_schema!({
            "oneOf": [
                {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": limits::CUE_CHARS,
                    "description": "a cue spread evenly over the step with the others",
                },
                placed,
            ],
        })
    }
}

/// `"1m30s"`, `90`, or something wrong that validation will explain.
#[derive(Debug, Clone, PartialEq)]
pub enum RawDuration {
    Text(String),
    Seconds(i64),
    Fraction(f64),
}

/// `"coherent"` or `{ inhale = 4, exhale = 6 }`.
#[derive(Debug)]
pub enum RawBreath {
    Preset(String),
    Pattern(RawPattern),
}

/// A breathing pattern, in seconds.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPattern {
    /// Breathing in.
    #[schemars(with = "f64", range(min = 1, max = limits::MAX_INHALE))]
    pub inhale: Option<S<f64>>,
    /// Holding after breathing in. Default 0.
    #[schemars(with = "Option<f64>", range(min = 0, max = limits::MAX_HOLD))]
    pub hold: Option<S<f64>>,
    /// Breathing out.
    #[schemars(with = "f64", range(min = 1, max = limits::MAX_EXHALE))]
    pub exhale: Option<S<f64>>,
    /// Holding after breathing out. Default 0.
    #[schemars(with = "Option<f64>", range(min = 0, max = limits::MAX_HOLD))]
    pub hold_out: Option<S<f64>>,
}

/// `"text"` (spread over the step) or `{ at = "45s", text = "..." }`.
#[derive(Debug)]
pub enum RawCue {
    Spread(String),
    Placed(RawPlacedCue),
}

/// A cue placed at a time in the step.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPlacedCue {
    /// When the cue shows, from the start of each side and repeat; before
    /// the step ends.
    #[schemars(with = "Seconds<0, { limits::MAX_STEP.as_secs() }>")]
    pub at: Option<S<RawDuration>>,
    /// What the cue says.
    #[schemars(with = "String", length(min = 1, max = limits::CUE_CHARS))]
    pub text: Option<S<String>>,
}

// Hand-written visitors instead of `#[serde(untagged)]`, which would replace
// every helpful message with "data did not match any variant".

impl<'de> Deserialize<'de> for RawDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDuration;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a duration such as "45s", "1m30s" or a whole number of seconds"#)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(RawDuration::Seconds(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(RawDuration::Seconds(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(RawDuration::Fraction(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawDuration::Text(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawBreath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBreath;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a preset name such as "coherent", or a table such as { inhale = 4, exhale = 6 }"#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawBreath::Preset(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawPattern::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawBreath::Pattern)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawCue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    r#"a cue text, or a table such as { at = "45s", text = "Switch hands" }"#,
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(RawCue::Spread(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawPlacedCue::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(RawCue::Placed)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
                Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
            }
        }
        d.deserialize_any(V)
    }
}
