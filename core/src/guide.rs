//! The guide: a running routine told as events, the way a person who is not
//! watching the screen needs it ("Switch to the right side.", "Halfway.").
//!
//! Pure like the session it owns: every instant comes in as an argument,
//! nothing here reads the clock, the terminal or a file, so a fake clock
//! tests every rule. The events come from the plan's timeline (segment
//! starts and lengths, cue times, breath phase boundaries), never from
//! comparing two screens, so a late wake loses none of them.
//!
//! # Who calls what
//!
//! - **The loop** (full screen or plain) builds a [`Guide`] with
//!   [`Guide::new`] (the caution countdown comes from the settings:
//!   [`COUNTDOWN`] by default, zero waits for Enter), sleeps until the
//!   earliest of [`Guide::next_event_at`] (something to announce) and
//!   [`Guide::next_change_at`] (the screen's redraw), then calls
//!   [`Guide::woke`] with the deadline it slept to (the stall rule: a wake
//!   more than [`STALL`] late pauses the routine at the deadline) and drains
//!   [`Guide::events`]. Keys become a [`Command`] for [`Guide::apply`], the
//!   one place that decides what each does in each state; signals call
//!   [`Guide::pause`] and [`Guide::stop`]. Each queues its own events.
//! - **The screen** draws [`Guide::caution`] while the caution shows, else
//!   [`Guide::state`], and [`Guide::outcome`] once it is over; it calls
//!   [`Guide::cover`] and [`Guide::uncover`] when an overlay hides and
//!   reveals the routine (a covered routine holds still), and
//!   [`Guide::hold_caution`] when the caution does not fit the window.
//! - **The bell** rings for [`Event::LeadIn`], [`Event::StepStarted`] and
//!   [`Event::Finished`] (and cues when asked).
//! - **Plain mode** prints `duration::clock(event.at())` and [`words`] for
//!   each event, leaving [`Event::Breath`] out unless asked.
//! - **History** records the [`Outcome`] of [`Event::Finished`] or
//!   [`Event::Stopped`]: exactly one of them ends every guide.

mod caution;
mod command;
mod control;
mod event;
mod timeline;
mod words;

pub use caution::{CautionNow, reading_time};
pub use command::Command;
pub use event::{AcceptedBy, Event, Outcome, Round};
pub use words::words;

use crate::plan::{Plan, SegmentKind};
use crate::session::{Session, State};
use caution::Caution;
use std::time::{Duration, Instant};

/// How long the caution shows before the routine starts by itself, unless
/// the settings say otherwise.
pub const COUNTDOWN: Duration = Duration::from_secs(15);
/// A wake this much past its deadline means the process did not run.
pub const STALL: Duration = Duration::from_secs(1);

/// Timeline events from `at` on (or after it, when not `inclusive`) are
/// still to be announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    at: Duration,
    inclusive: bool,
}

/// A routine being followed, announced as events. See the module docs.
#[derive(Debug, Clone)]
pub struct Guide {
    session: Session,
    caution: Caution,
    countdown: Duration,
    cursor: Cursor,
    /// Announced, not yet drained.
    pending: Vec<Event>,
    /// Per segment: work that ran to its end, or within a few seconds of
    /// it (not skipped past).
    done: Vec<bool>,
    /// An overlay paused the running routine: revealing it resumes it.
    paused_by_cover: bool,
    /// Finished or Stopped has been announced, with this outcome: nothing
    /// more happens.
    ended: Option<Outcome>,
}

/// A work segment counts as done when it ran to within this much of its
/// end (less for a short one): a skip in its last seconds loses nothing.
const DONE_SLACK: Duration = Duration::from_secs(5);

/// Where on the timeline a work segment counts as done.
fn done_mark(seg: &crate::plan::Segment) -> Duration {
    seg.end() - DONE_SLACK.min(seg.length / 4)
}

impl Guide {
    /// Opens `plan` at `now`: on its caution, counting down `countdown`
    /// (zero: waiting for Enter), or started at once when it has none.
    pub fn new(plan: Plan, now: Instant, countdown: Duration) -> Self {
        let caution = plan.routine.caution.clone();
        // Never shorter than it takes to read what the caution screen says.
        let countdown = if countdown.is_zero() {
            countdown
        } else {
            countdown.max(reading_time(&plan.routine))
        };
        let done = vec![false; plan.segments.len()];
        let mut guide = Self {
            session: Session::start(plan, now),
            caution: Caution::Accepted,
            countdown,
            cursor: Cursor {
                at: Duration::ZERO,
                inclusive: true,
            },
            pending: Vec::new(),
            done,
            paused_by_cover: false,
            ended: None,
        };
        match caution {
            Some(text) => {
                guide.pending.push(Event::CautionShown {
                    at: Duration::ZERO,
                    text,
                });
                if countdown.is_zero() {
                    guide.wait(now, Caution::Held);
                } else {
                    guide.count_down(now);
                }
            }
            None => guide.started(),
        }
        guide
    }

    /// Whether its caution counts down at all (not: waits for Enter).
    pub fn counts_down(&self) -> bool {
        !self.countdown.is_zero()
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn plan(&self) -> &Plan {
        self.session.plan()
    }

    /// What the routine shows at `now` (ask [`Guide::caution`] first).
    pub fn state(&self, now: Instant) -> State<'_> {
        self.session.state(now)
    }

    /// The caution screen, while it shows.
    pub fn caution(&self, now: Instant) -> Option<CautionNow> {
        match self.caution {
            Caution::Accepted => None,
            Caution::Until(start) if now >= start => None,
            Caution::Until(start) => Some(CautionNow::StartsIn(start - now)),
            Caution::Held => Some(CautionNow::Held),
            Caution::Covered => Some(CautionNow::Covered(self.countdown)),
        }
    }

    /// Finished or stopped, announced or due.
    pub fn is_over(&self, now: Instant) -> bool {
        self.ended.is_some() || (self.caution(now).is_none() && self.session.is_finished(now))
    }

    /// How the routine ended, once it has (told, or due to be told at
    /// `now`): what the finish screen and history show.
    pub fn outcome(&self, now: Instant) -> Option<Outcome> {
        if self.ended.is_some() {
            return self.ended;
        }
        self.is_over(now).then(|| {
            let mut done = self.done.clone();
            for i in self.ran_through(self.session.position(now)) {
                if let Some(d) = done.get_mut(i) {
                    *d = true;
                }
            }
            self.outcome_with(&done, now)
        })
    }

    /// Announces the timeline up to `now`. Work that runs to its end is
    /// marked done on the way.
    pub(super) fn advance(&mut self, now: Instant) {
        self.settle(now);
        if self.ended.is_some() || self.caution != Caution::Accepted {
            return;
        }
        let to = self.session.position(now);
        let from = self.cursor;
        if to < from.at || (to == from.at && !from.inclusive) {
            return;
        }
        let plan = self.session.plan();
        timeline::collect(plan, from.at, from.inclusive, to, &mut self.pending);
        for i in self.ran_through(to) {
            if let Some(done) = self.done.get_mut(i) {
                *done = true;
            }
        }
        self.cursor = Cursor {
            at: to,
            inclusive: false,
        };
        if to >= self.session.plan().total() {
            let outcome = self.outcome_with(&self.done, now);
            self.pending.push(Event::Finished { at: to, outcome });
            self.ended = Some(outcome);
        }
    }

    /// The work segments whose done mark the timeline passes running from
    /// the cursor to `to`.
    pub(super) fn ran_through(&self, to: Duration) -> Vec<usize> {
        let plan = self.session.plan();
        let from = self.cursor;
        let first = plan.segment_at(from.at).unwrap_or(plan.segments.len());
        plan.segments
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, seg)| seg.start <= to)
            .filter(|(_, seg)| {
                let passes = |point: Duration| {
                    point <= to && (point > from.at || (from.inclusive && point == from.at))
                };
                // Its done mark, or its end: `-` can move the end so close
                // that the mark is already behind.
                seg.kind == SegmentKind::Work && (passes(done_mark(seg)) || passes(seg.end()))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The outcome with `done` marking the work that ran to its end: a
    /// routine is completed when every step was, whatever time it took.
    pub(super) fn outcome_with(&self, done: &[bool], now: Instant) -> Outcome {
        let plan = self.session.plan();
        let steps = plan.routine.steps.len();
        let mut all_done = vec![true; steps];
        for (seg, done) in plan.segments.iter().zip(done) {
            if seg.kind == SegmentKind::Work
                && !done
                && let Some(d) = all_done.get_mut(seg.step)
            {
                *d = false;
            }
        }
        let steps_completed = all_done.iter().filter(|d| **d).count();
        Outcome {
            // Whole seconds, counted down: the finish screen, the voice and
            // the history all show this one number.
            practised: Duration::from_secs(self.session.practised(now).as_secs()),
            planned: plan.total(),
            steps_completed,
            steps,
            completed: steps_completed == steps,
        }
    }

    /// Every event between the last call and `now`, in order.
    pub fn events(&mut self, now: Instant) -> Vec<Event> {
        self.advance(now);
        std::mem::take(&mut self.pending)
    }

    /// When the next event is due: `None` while paused, held on the
    /// caution, or over.
    pub fn next_event_at(&self, now: Instant) -> Option<Instant> {
        if !self.pending.is_empty() {
            return Some(now);
        }
        match self.caution {
            // Accepted by itself at `start` (overdue once `now` is past it).
            Caution::Until(start) => return Some(start),
            Caution::Held | Caution::Covered => return None,
            _ => {}
        }
        if self.ended.is_some() || self.session.is_paused() {
            return None;
        }
        let position = self.session.position(now);
        let at = timeline::next_at(self.session.plan(), self.cursor.at, self.cursor.inclusive)
            .unwrap_or(self.session.plan().total());
        Some(now + at.saturating_sub(position))
    }

    /// When the screen next changes by itself: the caution's countdown
    /// second, or the session's next visible change.
    pub fn next_change_at(&self, now: Instant, pacer_levels: u32) -> Option<Instant> {
        match self.caution(now) {
            Some(CautionNow::StartsIn(left)) => {
                let sub = left - Duration::from_secs(left.as_secs());
                Some(now + if sub.is_zero() { SECOND } else { sub })
            }
            Some(_) => None,
            None if self.ended.is_some() => None,
            None => self.session.next_change_at(now, pacer_levels),
        }
    }
}

const SECOND: Duration = Duration::from_secs(1);

#[cfg(test)]
mod tests;
