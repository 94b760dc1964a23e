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
mod tests;
