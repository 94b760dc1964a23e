//! The shape pass's key tables, read once from the raw types themselves,
//! so a key added to `raw.rs` is known here without being written again.
//!
//! Which keys a table has, and in what order, is what serde's derived
//! `Deserialize` reads (its field list: the parser's own keys, in the
//! order the type declares them, which is the order "expected one of"
//! lists them in). The kind of value each key takes comes from the
//! schemars schema of the same field, the one `kneadle schema` prints:
//! its JSON type, or, for the values with a shape of their own
//! (durations, breath patterns, cues, steps), the raw type it names.

use super::Kind;
use crate::routine::raw::{
    RawBreath, RawCue, RawDuration, RawPattern, RawPlacedCue, RawRoutine, RawStep,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::{Map, Value};
use std::sync::LazyLock;

/// A table's keys, in the order its type declares them, each with the
/// kind of value it takes.
pub type Keys = Vec<(&'static str, Kind)>;

/// The key tables of a routine file.
#[derive(Debug)]
pub struct Tables {
    /// The top level.
    pub routine: Keys,
    /// A `[[steps]]` table.
    pub step: Keys,
    /// A breathing pattern `{ inhale = 4, exhale = 6 }`.
    pub breath: Keys,
    /// A placed cue `{ at = "30s", text = "..." }`.
    pub cue: Keys,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let schema = schemars::schema_for!(RawRoutine).to_value();
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    Tables {
        routine: keys::<RawRoutine>(&schema, defs),
        step: nested::<RawStep>(defs),
        breath: nested::<RawPattern>(defs),
        cue: nested::<RawPlacedCue>(defs),
    }
});

/// The routine file's key tables, derived at first use.
pub fn tables() -> &'static Tables {
    &TABLES
}

/// The keys of `T`, a table nested in the routine.
fn nested<T: JsonSchema + for<'de> Deserialize<'de>>(defs: &Map<String, Value>) -> Keys {
    let object = defs.get(T::schema_name().as_ref()).unwrap_or(&Value::Null);
    keys::<T>(object, defs)
}

/// Each key serde reads for `T`, with the kind its property in `object`
/// (`T`'s schema) says; [`Kind::Any`] where the schema says nothing this
/// pass knows (a test keeps that from happening).
fn keys<T: for<'de> Deserialize<'de>>(object: &Value, defs: &Map<String, Value>) -> Keys {
    let properties = object.get("properties");
    fields::<T>()
        .iter()
        .map(|&key| {
            let property = properties.and_then(|p| p.get(key));
            let kind = property.and_then(|p| kind(p, defs));
            (key, kind.unwrap_or(Kind::Any))
        })
        .collect()
}

/// The raw types whose values have a shape of their own, each with its
/// kind. Named by the types, so renaming one cannot break the link.
fn own_kind(name: &str) -> Option<Kind> {
    [
        (RawDuration::schema_name(), Kind::Duration),
        (RawBreath::schema_name(), Kind::Breath),
    ]
    .into_iter()
    .find_map(|(n, kind)| (n == name).then_some(kind))
}

/// A list of `name`s: what kind of list that is.
fn list_kind(name: &str) -> Option<Kind> {
    [
        (RawStep::schema_name(), Kind::Steps),
        (RawCue::schema_name(), Kind::Cues),
    ]
    .into_iter()
    .find_map(|(n, kind)| (n == name).then_some(kind))
}

/// The kind of value `schema` describes.
fn kind(schema: &Value, defs: &Map<String, Value>) -> Option<Kind> {
    let schema = present(schema);
    if let Some(name) = reference(schema) {
        return own_kind(name).or_else(|| kind(defs.get(name)?, defs));
    }
    match json_type(schema)? {
        "integer" => Some(Kind::Int),
        "number" => Some(Kind::Number),
        "string" => Some(Kind::Text),
        "boolean" => Some(Kind::Bool),
        "array" => {
            let items = present(schema.get("items")?);
            match reference(items) {
                Some(name) => list_kind(name).or_else(|| {
                    let item = present(defs.get(name)?);
                    (json_type(item)? == "string").then_some(Kind::Words)
                }),
                None => (json_type(items)? == "string").then_some(Kind::Words),
            }
        }
        _ => None,
    }
}

/// `schema` without the "or nothing" an optional key adds
/// (`anyOf: [X, {type: null}]`).
fn present(schema: &Value) -> &Value {
    let alternatives = schema.get("anyOf").and_then(Value::as_array);
    match alternatives.map(Vec::as_slice) {
        Some([one, none]) if json_type(none) == Some("null") => one,
        _ => schema,
    }
}

/// The definition `schema` refers to, by name.
fn reference(schema: &Value) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix("#/$defs/")
}

/// The JSON type `schema` gives, leaving out the `null` an optional key
/// adds (`type: ["string", "null"]`).
fn json_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(types) => {
            let mut given = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null");
            match (given.next(), given.next()) {
                (Some(t), None) => Some(t),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The keys serde's derived `Deserialize` for `T` reads, in declaration
/// order: asked for by deserializing `T` from a deserializer that only
/// listens for the field list and then gives up.
fn fields<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let mut found: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldList(&mut found));
    found
}

struct FieldList<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for FieldList<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("only the field list was asked for"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<(&'static str, &'static Keys)> {
        let t = tables();
        vec![
            ("routine", &t.routine),
            ("step", &t.step),
            ("breath", &t.breath),
            ("cue", &t.cue),
        ]
    }

    #[test]
    fn every_key_has_a_kind() {
        for (table, keys) in all() {
            assert!(!keys.is_empty(), "the {table} table has no keys");
            for (key, kind) in keys {
                assert_ne!(*kind, Kind::Any, "`{key}` in the {table} table has no kind");
            }
        }
    }

    /// The schema describes the same keys serde reads (a `skip` or a
    /// `rename` on one side only would part them).
    #[test]
    fn serde_and_the_schema_know_the_same_keys() {
        let schema = crate::routine::schema();
        let defs = &schema["$defs"];
        for ((table, keys), object) in all().into_iter().zip([
            &schema,
            &defs["RawStep"],
            &defs["RawPattern"],
            &defs["RawPlacedCue"],
        ]) {
            let mut from_schema: Vec<&str> = object["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut from_serde: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            from_schema.sort_unstable();
            from_serde.sort_unstable();
            assert_eq!(from_serde, from_schema, "the {table} table");
        }
    }

    /// Spot checks of each kind the derivation tells apart.
    #[test]
    fn kinds_come_from_the_schema() {
        let t = tables();
        let kind = |keys: &Keys, key: &str| keys.iter().find(|(k, _)| *k == key).unwrap().1;
        assert_eq!(kind(&t.routine, "kneadle"), Kind::Int);
        assert_eq!(kind(&t.routine, "name"), Kind::Text);
        assert_eq!(kind(&t.routine, "areas"), Kind::Words);
        assert_eq!(kind(&t.routine, "lead_in"), Kind::Duration);
        assert_eq!(kind(&t.routine, "steps"), Kind::Steps);
        assert_eq!(kind(&t.step, "technique"), Kind::Text);
        assert_eq!(kind(&t.step, "duration"), Kind::Duration);
        assert_eq!(kind(&t.step, "breath"), Kind::Breath);
        assert_eq!(kind(&t.step, "sides"), Kind::Bool);
        assert_eq!(kind(&t.step, "repeat"), Kind::Int);
        assert_eq!(kind(&t.step, "cues"), Kind::Cues);
        assert_eq!(kind(&t.breath, "hold_out"), Kind::Number);
        assert_eq!(kind(&t.cue, "at"), Kind::Duration);
        assert_eq!(kind(&t.cue, "text"), Kind::Text);
    }

    #[test]
    fn keys_keep_the_order_the_types_declare() {
        let keys: Vec<&str> = tables().routine.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.first(), Some(&"kneadle"));
        assert_eq!(keys.last(), Some(&"steps"));
        let cue: Vec<&str> = tables().cue.iter().map(|(k, _)| *k).collect();
        assert_eq!(cue, ["at", "text"]);
    }
}
