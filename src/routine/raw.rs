//! The routine file as written: serde types that keep the position of every
//! value, so validation can point at the exact line and column. Nothing here
//! is checked beyond TOML types; see `validate` for the rules. Unknown keys
//! are found before serde runs, so every one of them is reported,
//! not just the first; so is every value of the wrong kind (`shape`).

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
pub struct RawRoutine {
    pub kneadle: Option<S<i64>>,
    pub name: Option<S<String>>,
    pub summary: Option<S<String>>,
    pub author: Option<S<String>>,
    pub areas: Option<S<Vec<S<String>>>>,
    pub tags: Option<S<Vec<S<String>>>>,
    pub lead_in: Option<S<RawDuration>>,
    pub caution: Option<S<String>>,
    pub steps: Option<S<Vec<S<RawStep>>>>,
}

#[derive(Debug, Deserialize)]
pub struct RawStep {
    pub technique: Option<S<String>>,
    pub name: Option<S<String>>,
    pub duration: Option<S<RawDuration>>,
    pub breath: Option<S<RawBreath>>,
    pub instructions: Option<S<String>>,
    pub sides: Option<S<bool>>,
    pub repeat: Option<S<i64>>,
    pub lead_in: Option<S<RawDuration>>,
    pub cues: Option<S<Vec<S<RawCue>>>>,
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

#[derive(Debug, Deserialize)]
pub struct RawPattern {
    pub inhale: Option<S<f64>>,
    pub hold: Option<S<f64>>,
    pub exhale: Option<S<f64>>,
    pub hold_out: Option<S<f64>>,
}

/// `"text"` (spread over the step) or `{ at = "45s", text = "..." }`.
#[derive(Debug)]
pub enum RawCue {
    Spread(String),
    Placed(RawPlacedCue),
}

#[derive(Debug, Deserialize)]
pub struct RawPlacedCue {
    pub at: Option<S<RawDuration>>,
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
