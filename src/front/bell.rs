//! Bells that can be told apart with the eyes closed: one ring for a new
//! step (at its get-ready, when the person must move, or at its start
//! when it has none), two for a side switch, three for the end; cues only
//! when asked.
//! Rings are spaced so an audible bell can be counted, and are rung from
//! the guide's events, never from comparing screens.

use crate::guide::Event;
use crate::plan::{LeadInKind, Side};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::store::config::Bell;

/// Between two rings of one pattern: long enough to hear two, short
/// enough to hear them as one signal.
const GAP: Duration = Duration::from_millis(400);
/// No pattern has more rings than the finish's three.
const MOST: usize = 3;

/// How many rings `event` gets.
pub fn rings(event: &Event, bell: Bell) -> usize {
    if bell == Bell::Off {
        return 0;
    }
    match event {
        Event::LeadIn { kind, .. } if *kind == LeadInKind::SwitchSides => 2,
        Event::LeadIn { .. } => 1,
        // The get-ready rang already: a step's start rings only when it
        // had none (a right side with none before it is a side switch).
        Event::StepStarted {
            after_lead_in: true,
            ..
        } => 0,
        Event::StepStarted { round, .. } if round.side == Some(Side::Right) => 2,
        Event::StepStarted { .. } => 1,
        Event::Finished { .. } => 3,
        Event::Cue { .. } | Event::Halfway { .. } | Event::TenSecondsLeft { .. }
            if bell == Bell::All =>
        {
            1
        }
        _ => 0,
    }
}

/// Rings waiting for their moment.
#[derive(Debug, Default)]
pub struct Ringer {
    due: VecDeque<Instant>,
}

impl Ringer {
    /// Schedules the pattern of the newest ringing event among `events`:
    /// after a late wake, one signal for where the routine is now, not a
    /// peal for everything missed. A newer pattern replaces a waiting one.
    pub fn hear(&mut self, events: &[Event], bell: Bell, now: Instant) {
        let Some(count) = events.iter().rev().map(|e| rings(e, bell)).find(|&n| n > 0) else {
            return;
        };
        self.due.clear();
        for i in 0..count.min(MOST) {
            self.due
                .push_back(now + GAP * u32::try_from(i).unwrap_or(0));
        }
    }

    /// When the next ring is due.
    pub fn next_at(&self) -> Option<Instant> {
        self.due.front().copied()
    }

    /// How many rings are due by `now` (at most one: a late wake does not
    /// run rings together).
    pub fn take_due(&mut self, now: Instant) -> usize {
        match self.due.front() {
            Some(&at) if at <= now => {
                self.due.pop_front();
                // Keep the spacing after a late ring.
                if let Some(next) = self.due.front_mut() {
                    *next = (*next).max(now + GAP);
                }
                1
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::{Guide, Outcome};
    use crate::plan::Plan;
    use crate::routine::Routine;

    /// The events of a two-sided step with no lead-in, followed to the end.
    fn two_sided_events() -> Vec<Event> {
        let routine = Routine::parse(
            "t.toml",
            "kneadle = 1\nname = \"T\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"30s\"\nsides = true\ncues = [\"Slow\"]\n",
        )
        .unwrap();
        let t0 = Instant::now();
        let mut guide = Guide::new(Plan::new(routine), t0, Duration::ZERO);
        guide
            .events(t0)
            .into_iter()
            .chain(guide.events(t0 + Duration::from_secs(61)))
            .collect()
    }

    fn pattern(events: &[Event], bell: Bell) -> Vec<usize> {
        events
            .iter()
            .map(|e| rings(e, bell))
            .filter(|&n| n > 0)
            .collect()
    }

    #[test]
    fn a_step_rings_once_a_side_switch_twice_the_end_three_times() {
        let events = two_sided_events();
        assert_eq!(pattern(&events, Bell::Transitions), [1, 2, 3]);
        assert_eq!(pattern(&events, Bell::Off), Vec::<usize>::new());
        // With every cue: the author's cue and ten seconds left, per side.
        assert_eq!(pattern(&events, Bell::All), [1, 1, 1, 2, 1, 1, 3]);
    }

    #[test]
    fn with_get_readies_a_step_rings_once_at_its_get_ready_and_not_at_its_start() {
        let routine = Routine::parse(
            "t.toml",
            "kneadle = 1\nname = \"T\"\nlead_in = \"2s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"A\"\nduration = \"10s\"\nsides = true\n\n[[steps]]\ntechnique = \"stretching\"\nname = \"B\"\nduration = \"10s\"\n",
        )
        .unwrap();
        let t0 = Instant::now();
        let mut guide = Guide::new(Plan::new(routine), t0, Duration::ZERO);
        let events: Vec<Event> = guide
            .events(t0)
            .into_iter()
            .chain(guide.events(t0 + Duration::from_secs(60)))
            .collect();
        // A's get-ready, the switch to its right side, B's get-ready, the end.
        assert_eq!(pattern(&events, Bell::Transitions), [1, 2, 1, 3]);
    }

    #[test]
    fn rings_are_spaced_to_be_counted_and_a_late_wake_rings_once() {
        let t0 = Instant::now();
        let mut ringer = Ringer::default();
        let finished = Event::Finished {
            at: Duration::from_secs(60),
            outcome: Outcome {
                practised: Duration::from_secs(60),
                planned: Duration::from_secs(60),
                steps_completed: 1,
                steps: 1,
                completed: true,
            },
        };
        // Everything a late wake drained: only the newest pattern rings.
        let mut events = two_sided_events();
        events.retain(|e| !matches!(e, Event::Finished { .. }));
        events.push(finished);
        ringer.hear(&events, Bell::Transitions, t0);
        let mut rung = Vec::new();
        let mut now = t0;
        while let Some(at) = ringer.next_at() {
            now = now.max(at);
            for _ in 0..ringer.take_due(now) {
                rung.push(now - t0);
            }
        }
        assert_eq!(rung, [Duration::ZERO, GAP, GAP * 2]);
        // Woken late, the rest keep their spacing rather than bunching.
        ringer.hear(&events, Bell::Transitions, t0);
        assert_eq!(ringer.take_due(t0 + GAP * 5), 1);
        assert_eq!(ringer.take_due(t0 + GAP * 5), 0, "one ring per wake");
        assert_eq!(ringer.next_at(), Some(t0 + GAP * 6));
    }
}
