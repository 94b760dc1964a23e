//! What can happen while a routine is followed: the guide's vocabulary,
//! shared by the screen, the bell, plain mode and history.

use crate::plan::{LeadInKind, Side};
use crate::routine::{PhaseKind, Technique};
use std::time::Duration;

/// One step round (a side, a repeat) of the routine, as events name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    /// Index into the routine's steps.
    pub step: usize,
    pub technique: Technique,
    /// As written in the file: pass it through `text::sanitize` to show it.
    pub name: String,
    /// The step's `say` text, said instead of the name when set.
    pub say: Option<String>,
    /// The step's instructions (empty when it has none).
    pub instructions: String,
    pub side: Option<Side>,
    /// 0-based round, and how many rounds (repeats) the step has.
    pub round: u32,
    pub repeat: u32,
}

/// How the caution was accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptedBy {
    Person,
    Countdown,
}

/// How much of the routine was followed, when it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Time spent following it, in whole seconds (a part second dropped):
    /// pauses and skipped time left out.
    pub practised: Duration,
    /// Its length, with any time added or taken away.
    pub planned: Duration,
    /// Steps whose every side and round ran to its end (or to within a
    /// few seconds of it).
    pub steps_completed: usize,
    pub steps: usize,
    /// Every step completed: the one rule for a completed run, whatever
    /// time it took (going back or restarting adds practised time, and
    /// never makes up for a step skipped).
    pub completed: bool,
}

/// Something that happened, at `at` on the routine's timeline (the caution
/// happens at zero, before the timeline runs).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    CautionShown {
        at: Duration,
        text: String,
    },
    CautionAccepted {
        at: Duration,
        by: AcceptedBy,
    },
    RoutineStarted {
        at: Duration,
        name: String,
        planned: Duration,
    },
    LeadIn {
        at: Duration,
        kind: LeadInKind,
        next: Round,
        length: Duration,
    },
    StepStarted {
        at: Duration,
        round: Round,
        length: Duration,
        /// False when the step has no lead-in: its name is new to the ear.
        after_lead_in: bool,
    },
    /// An author's cue, at its time in each side and round.
    Cue {
        at: Duration,
        text: String,
    },
    /// Halfway through work of a minute or more.
    Halfway {
        at: Duration,
    },
    /// Ten seconds before the end of work of 30 s or more.
    TenSecondsLeft {
        at: Duration,
        switch_sides: bool,
    },
    /// A breath phase begins; `breath` counts from 1 in each work segment.
    Breath {
        at: Duration,
        phase: PhaseKind,
        breath: u32,
    },
    Paused {
        at: Duration,
    },
    Resumed {
        at: Duration,
    },
    /// Moved on to `to` (`None`: the end).
    Skipped {
        at: Duration,
        to: Option<Round>,
    },
    WentBack {
        at: Duration,
        to: Round,
    },
    RestartedStep {
        at: Duration,
    },
    /// Getting ready, the person started the step at once.
    StartedNow {
        at: Duration,
    },
    Extended {
        at: Duration,
        by: Duration,
    },
    Shortened {
        at: Duration,
        by: Duration,
    },
    /// The timeline ran out.
    Finished {
        at: Duration,
        outcome: Outcome,
    },
    /// Stopped before the end.
    Stopped {
        at: Duration,
        outcome: Outcome,
    },
}

impl Event {
    /// Where on the routine's timeline it happened.
    pub fn at(&self) -> Duration {
        match self {
            Self::CautionShown { at, .. }
            | Self::CautionAccepted { at, .. }
            | Self::RoutineStarted { at, .. }
            | Self::LeadIn { at, .. }
            | Self::StepStarted { at, .. }
            | Self::Cue { at, .. }
            | Self::Halfway { at }
            | Self::TenSecondsLeft { at, .. }
            | Self::Breath { at, .. }
            | Self::Paused { at }
            | Self::Resumed { at }
            | Self::Skipped { at, .. }
            | Self::WentBack { at, .. }
            | Self::RestartedStep { at }
            | Self::StartedNow { at }
            | Self::Extended { at, .. }
            | Self::Shortened { at, .. }
            | Self::Finished { at, .. }
            | Self::Stopped { at, .. } => *at,
        }
    }
}
