//! The rules of the routine format, checked over the raw file with
//! positions. Every problem is collected, not just the first.

use super::raw::{RawDuration, RawRoutine, RawStep, S};
use super::report::in_file_order;
use super::{Code, FORMAT_VERSION, Problem, Routine, Step, limits};
use super::{shape, syntax};

mod step;
mod value;
use crate::duration::{self};
use serde::Deserialize;
use std::ops::Range;
use std::time::Duration;
use toml::de::DeTable;

pub(super) fn parse(source: &str) -> Result<Routine, Vec<Problem>> {
    if source.trim().is_empty() {
        return Err(vec![Problem::whole_file(Code::EmptyFile, "the file is empty").help(format!(
            "a routine starts with `kneadle = {FORMAT_VERSION}`, a `name`, and at least one [[steps]] table; `kneadle export middle-back` prints a complete example"
        ))]);
    }
    let mut document = DeTable::parse(source).map_err(|e| vec![syntax::problem(source, &e)])?;
    let whole = document.span();
    // Values of the wrong kind are reported and taken out here; the rules
    // below judge what is left, and both kinds of problem are reported
    // together, in file order.
    let shape::Found {
        problems,
        reported,
        taken_out,
    } = shape::check(&mut document);
    // A file of a later format may have keys and kinds this kneadle does
    // not know: say only that it needs a newer kneadle, not every way it
    // differs from version 1. (Looked at only when something is amiss.)
    if !problems.is_empty() {
        #[derive(Deserialize)]
        struct Version {
            kneadle: Option<toml::Spanned<i64>>,
        }
        if let Ok(Version { kneadle: Some(v) }) =
            Version::deserialize(toml::de::Deserializer::from(document.clone()))
            && *v.get_ref() > FORMAT_VERSION
        {
            return Err(vec![newer(&v)]);
        }
    }
    let mut checker = Checker {
        source,
        problems,
        reported,
        taken_out,
        whole,
    };
    let routine = match RawRoutine::deserialize(toml::de::Deserializer::from(document)) {
        Ok(raw) => checker.routine(raw),
        Err(e) => {
            // The shape pass leaves serde nothing it cannot read; should
            // that ever fail, say what serde says, with the rest.
            checker.report(syntax::problem(source, &e));
            None
        }
    };
    match routine {
        Some(r) if checker.problems.is_empty() => Ok(r),
        _ => {
            let mut problems = checker.problems;
            in_file_order(&mut problems);
            Err(problems)
        }
    }
}

/// "This routine needs a newer kneadle", at the version number.
fn newer(v: &toml::Spanned<i64>) -> Problem {
    Problem::at(
        Code::NeedsNewerKneadle,
        v.span(),
        format!(
            "this routine needs a newer kneadle: it is written in format version {}",
            v.get_ref()
        ),
    )
    .help(format!(
        "this kneadle reads format version {FORMAT_VERSION}; update kneadle to follow it"
    ))
}

/// Reads one duration the way routine files write them, with the same
/// problems: for other files in the format's style (the config file).
pub fn duration_value(
    source: &str,
    raw: &S<RawDuration>,
    what: &str,
    min: Duration,
    max: Duration,
) -> Result<Duration, Vec<Problem>> {
    let mut checker = Checker {
        source,
        problems: Vec::new(),
        reported: Vec::new(),
        taken_out: shape::TakenOut::default(),
        whole: 0..source.len(),
    };
    checker
        .duration(raw, what, min, max)
        .ok_or(checker.problems)
}

struct Checker<'s> {
    source: &'s str,
    problems: Vec<Problem>,
    /// Keys the shape pass already reported, with their tables: a
    /// misspelt key standing for one, or a value of the wrong kind.
    reported: Vec<(Range<usize>, &'static str)>,
    /// Entries the shape pass took out of lists, for counting them.
    taken_out: shape::TakenOut,
    /// The span of the whole document (the root table).
    whole: Range<usize>,
}

impl Checker<'_> {
    fn report(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Reports that `table` lacks `key` (or that it is empty), unless the
    /// shape pass already reported a problem with `key` in that table.
    fn missing(&mut self, table: &Range<usize>, key: &str, problem: Problem) {
        if !self
            .reported
            .iter()
            .any(|(span, meant)| span == table && *meant == key)
        {
            self.report(problem);
        }
    }

    fn routine(&mut self, raw: RawRoutine) -> Option<Routine> {
        let top = 0..0;
        let whole = self.whole.clone();
        match &raw.kneadle {
            None => self.missing(
                &whole,
                "kneadle",
                Problem::at(
                    Code::MissingVersion,
                    top.clone(),
                    "the file does not say which format version it uses",
                )
                .help(format!(
                    "add `kneadle = {FORMAT_VERSION}` as the first line"
                )),
            ),
            // A later format is the only way a version 1 reader can be
            // too old: say so, rather than call the file wrong.
            Some(v) if *v.get_ref() > FORMAT_VERSION => {
                // Its other keys and values follow rules this kneadle does
                // not know: judging them by version 1 would only be noise.
                self.report(newer(v));
                return None;
            }
            Some(v) if *v.get_ref() != FORMAT_VERSION => self.report(
                Problem::at(
                    Code::UnknownVersion,
                    v.span(),
                    format!("there is no format version {}", v.get_ref()),
                )
                .help(format!("write `kneadle = {FORMAT_VERSION}`")),
            ),
            Some(_) => {}
        }
        let name = match &raw.name {
            Some(n) => self.text(n, "the routine name", limits::NAME_CHARS, true),
            None => {
                self.missing(
                    &whole,
                    "name",
                    Problem::at(Code::MissingKey, top, "the routine has no `name`")
                        .help(r#"add a line such as `name = "Middle back release"` near the top"#),
                );
                None
            }
        };
        let summary = raw
            .summary
            .as_ref()
            .and_then(|s| self.text(s, "the summary", limits::SUMMARY_CHARS, false));
        let author = raw
            .author
            .as_ref()
            .and_then(|s| self.text(s, "the author", limits::AUTHOR_CHARS, true));
        let caution = raw
            .caution
            .as_ref()
            .and_then(|s| self.text(s, "the caution", limits::CAUTION_CHARS, false))
            // A blank caution would hold the start on an empty screen.
            .filter(|c| !c.is_empty());
        let areas = self.words(raw.areas.as_ref(), "areas");
        let tags = self.words(raw.tags.as_ref(), "tags");
        let lead_in = match &raw.lead_in {
            Some(d) => self.duration(d, "`lead_in`", Duration::ZERO, limits::MAX_LEAD_IN),
            None => Some(Duration::from_secs(5)),
        };
        let steps = self.steps(raw.steps.as_ref(), lead_in.unwrap_or_default());
        Some(Routine {
            name: name?,
            summary: summary.unwrap_or_default(),
            author,
            areas,
            tags,
            lead_in: lead_in?,
            caution,
            steps: steps?,
            places: super::Places::of(&raw),
        })
    }

    fn steps(&mut self, raw: Option<&S<Vec<S<RawStep>>>>, lead_in: Duration) -> Option<Vec<Step>> {
        let Some(raw) = raw.filter(|s| !s.get_ref().is_empty()) else {
            let span = raw.map_or(0..0, |s| s.span());
            let whole = self.whole.clone();
            self.missing(&whole, "steps", Problem::at(Code::NoSteps, span, "the routine has no steps").help(
                "add at least one step:\n[[steps]]\ntechnique = \"breathing\"\nname = \"Arrive\"\nduration = \"1m\"",
            ));
            return None;
        };
        let written = self.taken_out.written_len(raw);
        if written > limits::MAX_STEPS {
            self.report(
                Problem::at(
                    Code::TooManySteps,
                    raw.span(),
                    format!(
                        "the routine has {written} steps; the limit is {}",
                        limits::MAX_STEPS
                    ),
                )
                .help("split it into several routines"),
            );
            return None;
        }
        let steps: Vec<Option<Step>> = raw
            .get_ref()
            .iter()
            .map(|s| self.step(s, lead_in))
            .collect();
        let steps: Option<Vec<Step>> = steps.into_iter().collect();
        let steps = steps?;
        let total: Duration = steps.iter().map(Step::total).sum();
        if total > limits::MAX_TOTAL {
            self.report(
                Problem::at(
                    Code::RoutineTooLong,
                    raw.span(),
                    format!(
                        "the routine lasts {}; the limit is 24 hours",
                        duration::words(total)
                    ),
                )
                .help("shorten steps, or lower `repeat`"),
            );
            return None;
        }
        Some(steps)
    }
}
