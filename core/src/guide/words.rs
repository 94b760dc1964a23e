//! Words for the ear: each event as the short, calm sentence a person
//! should hear or read. Plain mode prints them, the screen shows the same
//! ones for its own cues, and spoken guidance will say them.

use super::{AcceptedBy, Event, Outcome, Round};
use crate::duration::spoken;
use crate::plan::{LeadInKind, Side};
use crate::routine::{PhaseKind, Technique};
use crate::session::{HALFWAY, ten_seconds_left};
use crate::text::sanitize;

/// The sentence for `event`. Every text from the routine file is passed
/// through `text::sanitize`, so the result is safe to print as it is.
pub fn words(event: &Event) -> String {
    match event {
        Event::CautionShown { text, .. } => {
            // One line for the ear: the caution's line breaks become spaces.
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("Before you start: {}", sanitize(&one_line))
        }
        Event::CautionAccepted {
            by: AcceptedBy::Person,
            ..
        } => "Ready.".to_owned(),
        Event::CautionAccepted {
            by: AcceptedBy::Countdown,
            ..
        } => "Starting.".to_owned(),
        Event::RoutineStarted { name, planned, .. } => {
            format!("{}. {}.", sanitize(name), capitalized(&spoken(*planned)))
        }
        Event::LeadIn { kind, next, .. } => match kind {
            LeadInKind::SwitchSides => format!("Switch to the {}.", side_name(next.side)),
            LeadInKind::GetReady => format!("Get ready: {}.{}", round_name(next), how(next)),
            LeadInKind::Again => format!(
                "Again: {}, round {} of {}.",
                round_name(next),
                next.round + 1,
                next.repeat
            ),
        },
        Event::StepStarted {
            round: p,
            length,
            after_lead_in,
            ..
        } => {
            let what = match p.side {
                Some(side) => format!("{}, {}", technique(p.technique), side.name()),
                None => technique(p.technique).to_owned(),
            };
            let length = capitalized(&spoken(*length));
            if *after_lead_in {
                format!("{what}. {length}.")
            } else {
                // No lead-in announced the step: say which it is.
                // Its instructions too, the first time it is met.
                let first = p.round == 0 && p.side != Some(Side::Right);
                format!(
                    "{}: {}. {length}.{}",
                    sanitize(said(p)),
                    what.to_lowercase(),
                    if first { how(p) } else { String::new() }
                )
            }
        }
        Event::Cue { text, .. } => sanitize(text).into_owned(),
        Event::Halfway { .. } => HALFWAY.to_owned(),
        Event::TenSecondsLeft { switch_sides, .. } => ten_seconds_left(*switch_sides).to_owned(),
        Event::Breath { phase, .. } => breath(*phase).to_owned(),
        Event::Paused { .. } => "Paused.".to_owned(),
        Event::Resumed { .. } => "Carrying on.".to_owned(),
        Event::Skipped { to: Some(p), .. } => format!("Skipped to {}.", round_name(p)),
        Event::Skipped { to: None, .. } => "Skipped to the end.".to_owned(),
        Event::WentBack { to, .. } => format!("Back to {}.", round_name(to)),
        Event::RestartedStep { .. } => "From the top of this step.".to_owned(),
        Event::StartedNow { .. } => "Starting now.".to_owned(),
        Event::Extended { by, .. } => format!("{} more.", capitalized(&spoken(*by))),
        Event::Shortened { by, .. } => format!("{} less.", capitalized(&spoken(*by))),
        Event::Finished { outcome, .. } if outcome.completed => format!(
            "Routine complete. {}.",
            capitalized(&spoken(outcome.practised))
        ),
        Event::Finished { outcome, .. } => format!("Routine ended. {}", followed(outcome)),
        Event::Stopped { outcome, .. } => format!("Routine stopped. {}", followed(outcome)),
    }
}

/// "You followed two minutes of ten minutes forty."
fn followed(outcome: &Outcome) -> String {
    format!(
        "You followed {} of {}.",
        spoken(outcome.practised),
        spoken(outcome.planned)
    )
}

/// "Knead the shoulder, left side".
fn round_name(p: &Round) -> String {
    match p.side {
        Some(side) => format!("{}, {}", sanitize(said(p)), side.name()),
        None => sanitize(said(p)).into_owned(),
    }
}

/// What to do, for someone who cannot see the screen: the instructions,
/// after a space; nothing when the step has a `say` text (which stands for
/// its name and instructions) or no instructions.
fn how(p: &Round) -> String {
    if p.say.is_some() || p.instructions.is_empty() {
        return String::new();
    }
    let one_line = p
        .instructions
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!(" {}", sanitize(&one_line))
}

/// How a step is named aloud: its `say` text when it has one.
fn said(p: &Round) -> &str {
    p.say.as_deref().unwrap_or(&p.name)
}

fn side_name(side: Option<Side>) -> &'static str {
    side.map_or("other side", Side::name)
}

fn technique(t: Technique) -> &'static str {
    match t {
        Technique::Kneading => "Kneading",
        Technique::Stroking => "Stroking",
        Technique::Stretching => "Stretching",
        Technique::Pressure => "Pressure",
        Technique::Breathing => "Breathing",
        Technique::Rest => "Rest",
    }
}

fn breath(phase: PhaseKind) -> &'static str {
    match phase {
        PhaseKind::Inhale => "Breathe in.",
        PhaseKind::TopUp => "A little more in.",
        PhaseKind::Hold => "Hold.",
        PhaseKind::Exhale => "Breathe out.",
        PhaseKind::HoldOut => "Hold, empty.",
    }
}

/// A sentence starts with a capital: "Forty-five seconds".
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
