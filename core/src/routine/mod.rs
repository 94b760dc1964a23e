//! A routine: the validated content of one routine file.
//!
//! Reading goes in two stages, the way a compiler front end does: `raw`
//! deserializes the TOML keeping every value's position, then `validate`
//! checks the rules and builds a [`Routine`], collecting every problem with
//! its place. Nothing here knows about time passing or the terminal.

mod breath;
mod code;
mod raw;
mod report;
mod shape;
mod suggest;
mod syntax;
mod validate;

pub use breath::{BreathPattern, PRESETS, Phase, PhaseKind};
pub use code::Code;
pub use report::{Problem, Report, line_col};
pub use suggest::closest;

// The routine's reading machinery, shared with the config file so both
// report problems the same way.
pub use raw::RawDuration;
pub use report::in_file_order;
pub use shape::{Kind, TakenOut, check_against};
pub use suggest::suggest;
pub use syntax::problem as syntax_problem;
pub use validate::duration_value;

use std::fmt;
use std::ops::Range;
use std::time::Duration;

/// The JSON Schema (draft 2020-12) of a routine file, derived from the
/// types the parser reads, for editors (`kneadle schema`).
pub fn schema() -> serde_json::Value {
    schemars::schema_for!(raw::RawRoutine).to_value()
}

/// Every key a routine file may hold, in any table.
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    let t = shape::tables();
    [&t.routine, &t.step, &t.breath, &t.cue]
        .into_iter()
        .flatten()
        .map(|(key, _)| *key)
}

/// The file format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// Limits that keep a file from strangers from exhausting anything.
pub mod limits {
    use std::time::Duration;

    pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
    pub const MAX_STEPS: usize = 500;
    pub const MAX_REPEAT: i64 = 50;
    pub const MAX_CUES: usize = 50;
    pub const MAX_LIST_ITEMS: usize = 20;
    pub const MIN_STEP: Duration = Duration::from_secs(1);
    pub const MAX_STEP: Duration = Duration::from_secs(2 * 3600);
    pub const MAX_LEAD_IN: Duration = Duration::from_secs(5 * 60);
    pub const MAX_TOTAL: Duration = Duration::from_secs(24 * 3600);
    pub const NAME_CHARS: usize = 80;
    pub const SUMMARY_CHARS: usize = 300;
    pub const AUTHOR_CHARS: usize = 100;
    pub const WORD_CHARS: usize = 30;
    pub const CAUTION_CHARS: usize = 1500;
    pub const INSTRUCTIONS_CHARS: usize = 600;
    pub const CUE_CHARS: usize = 160;
    /// A step's `say` text: spoken, so short.
    pub const SAY_CHARS: usize = 160;
    /// A breathing pattern's phases, in seconds: `inhale` and `exhale`
    /// from 1, `hold` and `hold_out` from 0.
    pub const MAX_INHALE: u32 = 20;
    pub const MAX_EXHALE: u32 = 30;
    pub const MAX_HOLD: u32 = 20;
}

/// What kind of work a step is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Technique {
    Kneading,
    Stroking,
    Stretching,
    Pressure,
    Breathing,
    Rest,
}

impl Technique {
    pub const ALL: [Technique; 6] = [
        Self::Kneading,
        Self::Stroking,
        Self::Stretching,
        Self::Pressure,
        Self::Breathing,
        Self::Rest,
    ];

    /// The name used in routine files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Kneading => "kneading",
            Self::Stroking => "stroking",
            Self::Stretching => "stretching",
            Self::Pressure => "pressure",
            Self::Breathing => "breathing",
            Self::Rest => "rest",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Technique {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A cue shown from `at` (measured from the start of each side or repeat of
/// its step) until the next cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub at: Duration,
    pub text: String,
}

/// One step of a routine, as the person does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub technique: Technique,
    pub name: String,
    /// Length of one side of one repeat.
    pub duration: Duration,
    pub breath: Option<BreathPattern>,
    pub instructions: String,
    /// Said instead of the name when the step is announced.
    pub say: Option<String>,
    pub sides: bool,
    pub repeat: u32,
    /// Get-ready time before each side and repeat (the routine's unless the
    /// step sets its own).
    pub lead_in: Duration,
    /// Sorted by `at`.
    pub cues: Vec<Cue>,
}

/// A validated routine: every text is safe, every number in bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routine {
    pub name: String,
    pub summary: String,
    pub author: Option<String>,
    pub areas: Vec<String>,
    pub tags: Vec<String>,
    pub lead_in: Duration,
    pub caution: Option<String>,
    pub steps: Vec<Step>,
    /// Where its values were written in the file.
    pub places: Places,
}

/// Where a routine's values were written in its file (byte ranges), so
/// advice can point at them the way problems do. Not part of what the
/// routine is: two files that say the same thing laid out differently
/// give equal routines, so `Places` always compare equal.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub name: Option<Range<usize>>,
    pub summary: Option<Range<usize>>,
    pub caution: Option<Range<usize>>,
    pub lead_in: Option<Range<usize>>,
    /// One per step, in order.
    pub steps: Vec<StepPlaces>,
}

/// Where one step's values were written.
#[derive(Debug, Clone, Default)]
pub struct StepPlaces {
    /// The whole `[[steps]]` table.
    pub step: Range<usize>,
    pub technique: Option<Range<usize>>,
    pub name: Option<Range<usize>>,
    pub duration: Option<Range<usize>>,
    pub breath: Option<Range<usize>>,
    pub instructions: Option<Range<usize>>,
    pub say: Option<Range<usize>>,
    pub sides: Option<Range<usize>>,
    pub repeat: Option<Range<usize>>,
    /// One per cue, in the order written.
    pub cues: Vec<Range<usize>>,
}

impl PartialEq for Places {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Places {}

impl Places {
    /// The places of `raw`'s values.
    fn of(raw: &raw::RawRoutine) -> Self {
        Self {
            name: raw.name.as_ref().map(toml::Spanned::span),
            summary: raw.summary.as_ref().map(toml::Spanned::span),
            caution: raw.caution.as_ref().map(toml::Spanned::span),
            lead_in: raw.lead_in.as_ref().map(toml::Spanned::span),
            steps: raw
                .steps
                .as_ref()
                .map(|steps| {
                    steps
                        .get_ref()
                        .iter()
                        .map(|step| {
                            let s = step.get_ref();
                            StepPlaces {
                                step: step.span(),
                                technique: s.technique.as_ref().map(toml::Spanned::span),
                                name: s.name.as_ref().map(toml::Spanned::span),
                                duration: s.duration.as_ref().map(toml::Spanned::span),
                                breath: s.breath.as_ref().map(toml::Spanned::span),
                                instructions: s.instructions.as_ref().map(toml::Spanned::span),
                                say: s.say.as_ref().map(toml::Spanned::span),
                                sides: s.sides.as_ref().map(toml::Spanned::span),
                                repeat: s.repeat.as_ref().map(toml::Spanned::span),
                                cues: s
                                    .cues
                                    .as_ref()
                                    .map(|c| c.get_ref().iter().map(toml::Spanned::span).collect())
                                    .unwrap_or_default(),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl Routine {
    /// Reads and checks a routine file's text. `origin` names the file in
    /// messages. On failure the report lists every problem found.
    pub fn parse(origin: &str, source: &str) -> Result<Routine, Report> {
        validate::parse(source).map_err(|problems| Report {
            origin: origin.to_owned(),
            source: source.to_owned(),
            problems,
        })
    }

    /// Time from the first lead-in to the end of the last step.
    pub fn total(&self) -> Duration {
        self.steps.iter().map(Step::total).sum()
    }
}

impl Step {
    /// How many times the step runs: sides times repeats.
    pub fn rounds(&self) -> u32 {
        self.repeat * if self.sides { 2 } else { 1 }
    }

    /// The step's whole time, lead-ins included.
    pub fn total(&self) -> Duration {
        (self.lead_in + self.duration) * self.rounds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The routine keeps where each value was written, for advice to
    /// point at; where it was written does not change what it is.
    #[test]
    fn a_routine_knows_where_its_values_were_written() {
        let src = "kneadle = 1\nname = \"Here\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"R\"\nduration = \"45s\"\ncues = [\"a\", { at = \"30s\", text = \"b\" }]\n";
        let r = Routine::parse("p.toml", src).unwrap();
        let at = |range: &Option<Range<usize>>| src.get(range.clone().unwrap()).unwrap();
        assert_eq!(at(&r.places.name), "\"Here\"");
        let step = &r.places.steps[0];
        assert_eq!(at(&step.duration), "\"45s\"");
        assert_eq!(at(&step.technique), "\"rest\"");
        assert_eq!(
            src.get(step.cues[1].clone()).unwrap(),
            "{ at = \"30s\", text = \"b\" }"
        );
        let moved = Routine::parse(
            "q.toml",
            &src.replace("name = \"Here\"", "name   =   \"Here\""),
        )
        .unwrap();
        assert_eq!(moved, r, "equal whatever the layout");
    }

    #[test]
    fn a_file_with_every_key_of_the_format_is_valid() {
        let src = r#"
kneadle = 1
name = "All keys"
summary = "Every key once"
author = "kneadle"
areas = ["back"]
tags = ["test"]
lead_in = "3s"
caution = "Careful."

[[steps]]
technique = "breathing"
name = "Breathe"
duration = "1m"
breath = { inhale = 4, hold = 1, exhale = 6, hold_out = 1 }
instructions = "Sit."
say = "Breathe slowly"
sides = false
repeat = 2
lead_in = 0
cues = ["Spread", { at = "30s", text = "Placed" }]
"#;
        let r = Routine::parse("all.toml", src).unwrap();
        let keys_used = src
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
            .collect::<Vec<_>>();
        let t = shape::tables();
        for (key, _) in t
            .routine
            .iter()
            .chain(&t.step)
            .filter(|(k, _)| *k != "steps")
        {
            assert!(keys_used.contains(key), "the test misses `{key}`");
        }
        assert_eq!(r.steps[0].cues.len(), 2);
        assert_eq!(r.steps[0].breath.as_ref().unwrap().phases.len(), 4);
        assert_eq!(r.total(), Duration::from_secs(120));
    }

    /// The keys a schema object allows.
    fn properties(schema: &serde_json::Value) -> Vec<String> {
        let mut keys: Vec<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.sort();
        keys
    }

    fn keys(table: &[(&str, shape::Kind)]) -> Vec<String> {
        let mut keys: Vec<String> = table.iter().map(|(k, _)| (*k).to_owned()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_schema_and_the_shape_pass_know_the_same_keys() {
        let schema = schema();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let defs = &schema["$defs"];
        let t = shape::tables();
        assert_eq!(properties(&schema), keys(&t.routine));
        assert_eq!(properties(&defs["RawStep"]), keys(&t.step));
        assert_eq!(properties(&defs["RawPattern"]), keys(&t.breath));
        assert_eq!(properties(&defs["RawPlacedCue"]), keys(&t.cue));
        for table in [
            &schema,
            &defs["RawStep"],
            &defs["RawPattern"],
            &defs["RawPlacedCue"],
        ] {
            assert_eq!(
                table["additionalProperties"], false,
                "unknown keys are refused"
            );
        }
        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(required, ["kneadle", "name", "steps"]);
    }

    #[test]
    fn the_schema_lists_every_technique_and_preset_and_the_bounds() {
        let schema = schema();
        let defs = &schema["$defs"];
        let techniques: Vec<&str> = defs["Technique"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(techniques, Technique::ALL.map(Technique::name));
        let presets = &defs["Breath"]["oneOf"][0]["enum"];
        assert_eq!(
            presets.as_array().unwrap().len(),
            PRESETS.len(),
            "{presets}"
        );
        assert_eq!(
            schema["properties"]["name"]["maxLength"],
            limits::NAME_CHARS
        );
        assert_eq!(
            defs["RawStep"]["properties"]["repeat"]["maximum"],
            limits::MAX_REPEAT
        );
        assert_eq!(schema["properties"]["steps"]["maxItems"], limits::MAX_STEPS);
    }

    /// The schema's bounds are the rules' bounds (the format reference is
    /// checked against the schema, so this ties it to what is enforced).
    #[test]
    fn the_schema_bounds_are_the_limits_the_rules_enforce() {
        let schema = schema();
        let defs = &schema["$defs"];
        let step = &defs["RawStep"]["properties"];
        assert_eq!(step["duration"]["minimum"], limits::MIN_STEP.as_secs());
        assert_eq!(step["duration"]["maximum"], limits::MAX_STEP.as_secs());
        assert_eq!(
            schema["properties"]["lead_in"]["anyOf"][0]["maximum"],
            limits::MAX_LEAD_IN.as_secs()
        );
        let pattern = &defs["RawPattern"]["properties"];
        let file = |inhale: f64, hold: f64, exhale: f64, hold_out: f64| {
            format!(
                "kneadle = 1\nname = \"b\"\n[[steps]]\ntechnique = \"breathing\"\nname = \"B\"\nduration = \"1m\"\n\
                 breath = {{ inhale = {inhale}, hold = {hold}, exhale = {exhale}, hold_out = {hold_out} }}\n"
            )
        };
        let (inhale, exhale, hold) = (
            f64::from(limits::MAX_INHALE),
            f64::from(limits::MAX_EXHALE),
            f64::from(limits::MAX_HOLD),
        );
        assert_eq!(pattern["inhale"]["maximum"], limits::MAX_INHALE);
        assert_eq!(pattern["exhale"]["maximum"], limits::MAX_EXHALE);
        assert_eq!(pattern["hold"]["maximum"], limits::MAX_HOLD);
        assert_eq!(pattern["hold_out"]["maximum"], limits::MAX_HOLD);
        Routine::parse("at.toml", &file(inhale, hold, exhale, hold))
            .unwrap_or_else(|r| panic!("every phase at its limit is fine:\n{r}"));
        for past in [
            file(inhale + 0.5, 0.0, 6.0, 0.0),
            file(4.0, hold + 0.5, 6.0, 0.0),
            file(4.0, 0.0, exhale + 0.5, 0.0),
            file(4.0, 0.0, 6.0, hold + 0.5),
            file(0.5, 0.0, 6.0, 0.0),
            file(4.0, 0.0, 0.5, 0.0),
        ] {
            let report = Routine::parse("past.toml", &past).unwrap_err();
            let codes: Vec<_> = report.problems.iter().map(|p| p.code).collect();
            assert_eq!(codes, [Code::BreathOutOfRange], "{past}");
        }
    }

    /// Lone Hangul vowels and finals take no cells on a terminal: a text
    /// of them that must be read is refused where it is written.
    #[test]
    fn texts_that_draw_nothing_are_refused_where_they_are_written() {
        let jamo = "\u{1161}\u{11A8}";
        let src = format!(
            "kneadle = 1\nname = \"{jamo}\"\nauthor = \"{jamo}\"\ntags = [\"{jamo}\"]\n\
             [[steps]]\ntechnique = \"rest\"\nname = \"{jamo} \"\nduration = \"1m\"\nsay = \"{jamo}\"\n\
             cues = [\"{jamo}\", {{ at = \"30s\", text = \"{jamo}\" }}]\n"
        );
        let report = Routine::parse("j.toml", &src).unwrap_err();
        let found: Vec<(String, &str)> = report
            .problems
            .iter()
            .inspect(|p| assert_eq!(p.code, Code::BlankText, "{p:?}"))
            .map(|p| (report.location(p), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "j.toml:2:8".into(),
                    "the routine name has no visible characters"
                ),
                ("j.toml:3:10".into(), "the author has no visible characters"),
                (
                    "j.toml:4:9".into(),
                    "an entry of `tags` has no visible characters"
                ),
                (
                    "j.toml:7:8".into(),
                    "the step name has no visible characters"
                ),
                (
                    "j.toml:9:7".into(),
                    "the say text has no visible characters"
                ),
                ("j.toml:10:9".into(), "the cue has no visible characters"),
                ("j.toml:10:36".into(), "the cue has no visible characters"),
            ]
        );
    }

    /// A summary, caution or instructions text of nothing visible counts
    /// as left out, as the format reference says: no empty caution screen.
    #[test]
    fn optional_texts_that_draw_nothing_are_left_out() {
        let jamo = "\u{D7B0}\u{1161}";
        let src = format!(
            "kneadle = 1\nname = \"x\"\nsummary = \"{jamo}\"\ncaution = \"{jamo}\"\n\
             [[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"5s\"\ninstructions = \"{jamo}\"\n"
        );
        let r = Routine::parse("left-out.toml", &src).unwrap();
        assert_eq!(r.summary, "");
        assert_eq!(r.caution, None);
        assert_eq!(r.steps[0].instructions, "");
    }

    #[test]
    fn a_blank_caution_is_no_caution() {
        let src = "kneadle = 1\nname = \"x\"\ncaution = \"\u{2800} \"\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"5s\"\n";
        let r = Routine::parse("blank.toml", src).unwrap();
        assert_eq!(r.caution, None, "no caution screen to wait through");
    }
}
