//! The rules of the routine format, checked over the raw file with
//! positions. Every problem is collected, not just the first.

use super::raw::{RawBreath, RawCue, RawDuration, RawRoutine, RawStep, S};
use super::report::in_file_order;
use super::{
    BreathPattern, Code, Cue, FORMAT_VERSION, PRESETS, Problem, Routine, Step, Technique, limits,
};
use super::{shape, syntax};
use crate::duration::{self, DurationError};
use crate::text;
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

/// Longer than this, a value is like no key or name.
const MAX_SUGGESTED: usize = 100;

/// The candidate closest to a misspelt `given`, if any is close enough to
/// be what was meant.
pub fn closest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Every name we suggest is short; comparing a megabyte-long value with
    // each would cost seconds to say nothing.
    if given.len() > MAX_SUGGESTED {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" when a candidate is close, else the list of choices.
pub(crate) fn suggest<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match closest(given, candidates.clone()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let all: Vec<String> = candidates.into_iter().map(|c| format!("`{c}`")).collect();
            format!("expected one of {}", all.join(", "))
        }
    }
}

/// Reads one duration the way routine files write them, with the same
/// problems: for other files in the format's style (the config file).
pub(crate) fn duration_value(
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

    fn step(&mut self, raw: &S<RawStep>, default_lead_in: Duration) -> Option<Step> {
        let span = raw.span();
        let step = raw.get_ref();
        let technique = match &step.technique {
            Some(t)
                if self.refuse_forbidden(
                    t.span(),
                    t.get_ref(),
                    "the technique",
                    &format!(
                        "write one of {}",
                        Technique::ALL.map(Technique::name).join(", ")
                    ),
                ) =>
            {
                None
            }
            Some(t) => match Technique::from_name(t.get_ref()) {
                Some(t) => Some(t),
                None => {
                    let help = suggest(t.get_ref(), Technique::ALL.iter().map(|t| t.name()));
                    self.report(
                        Problem::at(
                            Code::UnknownTechnique,
                            t.span(),
                            format!("unknown technique `{}`", t.get_ref()),
                        )
                        .help(help),
                    );
                    None
                }
            },
            None => {
                self.missing(&span, "technique", Problem::at(Code::MissingKey, span.clone(), "this step has no `technique`").help(
                    r#"add `technique = "kneading"` (or stroking, stretching, pressure, breathing, rest)"#,
                ));
                None
            }
        };
        let name = match &step.name {
            Some(n) => self.text(n, "the step name", limits::NAME_CHARS, true),
            None => {
                self.missing(
                    &span,
                    "name",
                    Problem::at(Code::MissingKey, span.clone(), "this step has no `name`")
                        .help(r#"add a short name such as `name = "Knead beside the spine"`"#),
                );
                None
            }
        };
        let duration = match &step.duration {
            Some(d) => self.duration(d, "a step", limits::MIN_STEP, limits::MAX_STEP),
            None => {
                self.missing(
                    &span,
                    "duration",
                    Problem::at(
                        Code::MissingKey,
                        span.clone(),
                        "this step has no `duration`",
                    )
                    .help(r#"add `duration = "1m"` (or "45s", "1m30s", or 90 for seconds)"#),
                );
                None
            }
        };
        let instructions = step
            .instructions
            .as_ref()
            .and_then(|s| {
                self.text(
                    s,
                    "the instructions text",
                    limits::INSTRUCTIONS_CHARS,
                    false,
                )
            })
            .unwrap_or_default();
        let say = step
            .say
            .as_ref()
            .and_then(|s| self.text(s, "the say text", limits::SAY_CHARS, true));
        let breath = step.breath.as_ref().and_then(|b| self.breath(b, technique));
        let repeat = match &step.repeat {
            Some(r) if !(1..=limits::MAX_REPEAT).contains(r.get_ref()) => {
                self.report(
                    Problem::at(
                        Code::RepeatOutOfRange,
                        r.span(),
                        format!(
                            "`repeat` is {}; it must be between 1 and {}",
                            r.get_ref(),
                            limits::MAX_REPEAT
                        ),
                    )
                    .help("leave `repeat` out to do the step once"),
                );
                None
            }
            Some(r) => u32::try_from(*r.get_ref()).ok(),
            None => Some(1),
        };
        let lead_in = match &step.lead_in {
            Some(d) => self.duration(d, "`lead_in`", Duration::ZERO, limits::MAX_LEAD_IN),
            None => Some(default_lead_in),
        };
        // Cues are checked even when the step's duration is wrong: only
        // whether each comes before the end needs it.
        let cues = match &step.cues {
            Some(cues) => self.cues(cues, duration),
            None => Some(Vec::new()),
        };
        Some(Step {
            technique: technique?,
            name: name?,
            duration: duration?,
            breath,
            instructions,
            say,
            sides: step.sides.as_ref().is_some_and(|s| *s.get_ref()),
            repeat: repeat?,
            lead_in: lead_in?,
            cues: cues?,
        })
    }

    fn breath(
        &mut self,
        raw: &S<RawBreath>,
        technique: Option<Technique>,
    ) -> Option<BreathPattern> {
        if technique.is_some_and(|t| t != Technique::Breathing) {
            self.report(
                Problem::at(
                    Code::BreathNotBreathing,
                    raw.span(),
                    "`breath` is only for breathing steps",
                )
                .help(r#"remove the `breath` line, or make this step `technique = "breathing"`"#),
            );
            return None;
        }
        match raw.get_ref() {
            RawBreath::Preset(name)
                if self.refuse_forbidden(
                    raw.span(),
                    name,
                    "the breathing preset",
                    &format!(
                        "write one of {}",
                        PRESETS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ) =>
            {
                None
            }
            RawBreath::Preset(name) => {
                let found = BreathPattern::preset(name);
                if found.is_none() {
                    let help = suggest(name, PRESETS.iter().map(|(n, _)| *n));
                    self.report(
                        Problem::at(
                            Code::UnknownPreset,
                            raw.span(),
                            format!("unknown breathing preset `{name}`"),
                        )
                        .help(format!(
                            "{help}\nor write the pattern out, such as {{ inhale = 4, exhale = 6 }}"
                        )),
                    );
                }
                found
            }
            RawBreath::Pattern(p) => {
                let mut phase =
                    |v: &Option<S<f64>>, key: &str, required: bool, max: f64| -> Option<f64> {
                        match v {
                            None if required => {
                                self.missing(
                                    &raw.span(),
                                    key,
                                    Problem::at(
                                        Code::MissingKey,
                                        raw.span(),
                                        format!("the breath pattern has no `{key}`"),
                                    )
                                    .help(format!("add `{key} = 4` (seconds)")),
                                );
                                None
                            }
                            None => Some(0.0),
                            Some(s) => {
                                let x = *s.get_ref();
                                let min = if required { 1.0 } else { 0.0 };
                                if x.is_finite() && (min..=max).contains(&x) {
                                    Some(x)
                                } else {
                                    self.report(Problem::at(
                                        Code::BreathOutOfRange,
                                        s.span(),
                                        format!("`{key}` must be between {min} and {max} seconds"),
                                    ));
                                    None
                                }
                            }
                        }
                    };
                let inhale = phase(&p.inhale, "inhale", true, 20.0);
                let hold = phase(&p.hold, "hold", false, 20.0);
                let exhale = phase(&p.exhale, "exhale", true, 30.0);
                let hold_out = phase(&p.hold_out, "hold_out", false, 20.0);
                Some(BreathPattern::custom(inhale?, hold?, exhale?, hold_out?))
            }
        }
    }

    /// The cues of a step lasting `step` (`None` when its duration is
    /// itself wrong: the cues' own problems are still found).
    fn cues(&mut self, raw: &S<Vec<S<RawCue>>>, step: Option<Duration>) -> Option<Vec<Cue>> {
        let list = raw.get_ref();
        let written = self.taken_out.written_len(raw);
        if written > limits::MAX_CUES {
            self.report(Problem::at(
                Code::TooManyCues,
                raw.span(),
                format!(
                    "this step has {written} cues; the limit is {}",
                    limits::MAX_CUES
                ),
            ));
            return None;
        }
        let spread_count = list
            .iter()
            .filter(|c| matches!(c.get_ref(), RawCue::Spread(_)))
            .count() as u32;
        let mut spread_index = 0;
        let mut cues = Vec::with_capacity(list.len());
        let mut ok = true;
        for cue in list {
            let parsed = match cue.get_ref() {
                RawCue::Spread(t) => {
                    let at = step.unwrap_or_default() * spread_index / spread_count.max(1);
                    spread_index += 1;
                    let at = Duration::from_secs(at.as_secs());
                    self.text(
                        &S::new(cue.span(), t.clone()),
                        "the cue",
                        limits::CUE_CHARS,
                        true,
                    )
                    .map(|text| Cue { at, text })
                }
                RawCue::Placed(p) => {
                    let text = match &p.text {
                        Some(t) => self.text(t, "the cue", limits::CUE_CHARS, true),
                        None => {
                            self.missing(
                                &cue.span(),
                                "text",
                                Problem::at(Code::MissingKey, cue.span(), "this cue has no `text`")
                                    .help(r#"write it as { at = "30s", text = "Switch hands" }"#),
                            );
                            None
                        }
                    };
                    let at = match &p.at {
                        Some(at) => self.duration(at, "a cue's `at`", Duration::ZERO, limits::MAX_STEP).and_then(|d| {
                            let Some(step) = step.filter(|step| d >= *step) else {
                                return Some(d);
                            };
                            self.report(
                                Problem::at(Code::CueAfterEnd, at.span(), format!(
                                    "this cue comes at {}, but the step ends at {}",
                                    duration::clock(d),
                                    duration::clock(step)
                                ))
                                .help(format!(
                                    "cue times count from the start of the step (of each side and repeat); use a time below {}s",
                                    step.as_secs()
                                )),
                            );
                            None
                        }),
                        None => {
                            self.missing(&cue.span(), "at", Problem::at(Code::MissingKey, cue.span(), "this cue has no `at`").help(
                                r#"add a time such as at = "30s", or write just the text to spread cues evenly"#,
                            ));
                            None
                        }
                    };
                    text.zip(at).map(|(text, at)| Cue { at, text })
                }
            };
            match parsed {
                Some(c) => cues.push(c),
                None => ok = false,
            }
        }
        cues.sort_by_key(|c| c.at);
        ok.then_some(cues)
    }

    fn words(&mut self, raw: Option<&S<Vec<S<String>>>>, key: &str) -> Vec<String> {
        let Some(raw) = raw else { return Vec::new() };
        let written = self.taken_out.written_len(raw);
        if written > limits::MAX_LIST_ITEMS {
            self.report(Problem::at(
                Code::TooManyEntries,
                raw.span(),
                format!(
                    "`{key}` has {written} entries; the limit is {}",
                    limits::MAX_LIST_ITEMS
                ),
            ));
            return Vec::new();
        }
        raw.get_ref()
            .iter()
            .filter_map(|w| self.text(w, &format!("an entry of `{key}`"), limits::WORD_CHARS, true))
            .collect()
    }

    /// Checks one text: printable, one line, not blank when `required`,
    /// within `max` characters.
    fn text(&mut self, raw: &S<String>, what: &str, max: usize, required: bool) -> Option<String> {
        let value = raw.get_ref();
        if self.refuse_forbidden(
            raw.span(),
            value,
            what,
            "texts are single lines of visible characters: remove it (escapes such as \\e, \\t or \\u001b are refused too)",
        ) {
            return None;
        }
        let blank = text::is_blank(value);
        if required && blank {
            let problem = if value.trim().is_empty() {
                Problem::at(Code::BlankText, raw.span(), format!("{what} is empty"))
            } else {
                // Name one of its characters: the person cannot see them.
                let unseen = value.chars().find(|c| !c.is_whitespace()).unwrap_or(' ');
                Problem::at(Code::BlankText, raw.span(), format!("{what} has no visible characters")).help(format!(
                    "write words people can read: it is made only of spaces and characters that draw nothing on their own, such as U+{:04X}",
                    u32::from(unseen)
                ))
            };
            self.report(problem);
            return None;
        }
        let count = value.chars().count();
        if count > max {
            self.report(
                Problem::at(
                    Code::TextTooLong,
                    raw.span(),
                    format!("{what} is {count} characters long; the limit is {max}"),
                )
                .help("shorten it: a cue or instruction is read in a glance"),
            );
            return None;
        }
        // Forbidden characters are refused above, so trimming only drops
        // visible-width spaces that export leaves as they are.
        Some(if blank { "" } else { value.trim() }.to_owned())
    }

    /// Reports the first forbidden character of `value`, written at `span`
    /// in the file, and says whether there was one.
    fn refuse_forbidden(
        &mut self,
        span: Range<usize>,
        value: &str,
        what: &str,
        help: &str,
    ) -> bool {
        let Some((offset, c)) = text::first_forbidden(value) else {
            return false;
        };
        let span = self.char_span(span, value, offset, c);
        self.report(
            Problem::at(
                Code::ForbiddenCharacter,
                span,
                format!(
                    "{what} contains {}, which is not allowed",
                    text::describe(c)
                ),
            )
            .help(help),
        );
        true
    }

    /// Where character `c` at `offset` of the decoded `value` sits in the
    /// file: exact when the string has no escapes, else the whole string.
    fn char_span(&self, span: Range<usize>, value: &str, offset: usize, c: char) -> Range<usize> {
        let literal = self.source.get(span.clone()).unwrap_or("");
        let open = if literal.starts_with("\"\"\"") || literal.starts_with("'''") {
            3
        } else {
            1
        };
        let body = literal.get(open..open + value.len());
        if body == Some(value) {
            let start = span.start + open + offset;
            start..start + c.len_utf8()
        } else {
            span
        }
    }

    fn duration(
        &mut self,
        raw: &S<RawDuration>,
        what: &str,
        min: Duration,
        max: Duration,
    ) -> Option<Duration> {
        let span = raw.span();
        let example = r#"write it like "45s", "1m30s", "2m", or a whole number of seconds"#;
        let d = match raw.get_ref() {
            RawDuration::Seconds(n) if *n < 0 => {
                self.report(
                    Problem::at(
                        Code::NegativeDuration,
                        span,
                        format!("{what} cannot last a negative time"),
                    )
                    .help(example),
                );
                return None;
            }
            RawDuration::Seconds(n) => Duration::from_secs(n.unsigned_abs()),
            RawDuration::Fraction(x) => {
                // As written: `{x}` would spell 1e308 with 308 zeros.
                let written = self
                    .source
                    .get(span.clone())
                    .map_or(format!("{x:?}"), str::to_owned);
                self.report(
                    Problem::at(
                        Code::FractionalDuration,
                        span,
                        format!("{what} is given as {written}; durations are whole seconds"),
                    )
                    .help(example),
                );
                return None;
            }
            RawDuration::Text(t)
                if self.refuse_forbidden(span.clone(), t, "the duration", example) =>
            {
                return None;
            }
            RawDuration::Text(t) => match duration::parse(t) {
                Ok(d) => d,
                Err(DurationError::MissingUnit(n)) => {
                    self.report(Problem::at(Code::DurationWithoutUnit, span, format!("\"{t}\" has no unit")).help(format!(
                        "write \"{n}s\" for seconds or \"{n}m\" for minutes, or the number {n} without quotes for seconds"
                    )));
                    return None;
                }
                Err(DurationError::TooLarge) => {
                    self.report(
                        Problem::at(
                            Code::DurationOutOfRange,
                            span,
                            format!("\"{t}\" is far too long"),
                        )
                        .help(example),
                    );
                    return None;
                }
                Err(_) => {
                    self.report(
                        Problem::at(
                            Code::BadDuration,
                            span,
                            format!("\"{t}\" is not a duration"),
                        )
                        .help(example),
                    );
                    return None;
                }
            },
        };
        if d < min || d > max {
            let message = if d.is_zero() {
                format!("{what} cannot last 0 seconds")
            } else if d < min {
                format!(
                    "{what} lasts {}; the shortest allowed is {}",
                    duration::words(d),
                    duration::words(min)
                )
            } else {
                format!(
                    "{what} lasts {}; the longest allowed is {}",
                    duration::words(d),
                    duration::words(max)
                )
            };
            self.report(
                Problem::at(Code::DurationOutOfRange, span, message).help(format!(
                    "use a duration from {} to {}",
                    duration::words(min),
                    duration::words(max)
                )),
            );
            return None;
        }
        Some(d)
    }
}
