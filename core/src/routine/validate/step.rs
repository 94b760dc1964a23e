//! The rules for one step: its keys, its breath pattern and its cues.

use super::super::raw::{RawBreath, RawCue, RawStep, S};
use super::super::suggest::suggest;
use super::super::{BreathPattern, Code, Cue, PRESETS, Problem, Step, Technique, limits};
use super::Checker;
use crate::duration;
use std::time::Duration;

impl Checker<'_> {
    pub(super) fn step(&mut self, raw: &S<RawStep>, default_lead_in: Duration) -> Option<Step> {
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

    pub(super) fn breath(
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
    pub(super) fn cues(
        &mut self,
        raw: &S<Vec<S<RawCue>>>,
        step: Option<Duration>,
    ) -> Option<Vec<Cue>> {
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
}
