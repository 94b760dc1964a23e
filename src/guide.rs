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

mod command;
mod event;
mod timeline;
mod words;

pub use command::Command;
pub use event::{AcceptedBy, Event, Outcome, Place};
pub use words::words;
pub(crate) use words::{HALFWAY, ten_seconds_left};

use crate::plan::{Plan, SegmentKind};
use crate::session::{Session, State};
use std::time::{Duration, Instant};

/// How long the caution shows before the routine starts by itself, unless
/// the settings say otherwise.
pub const COUNTDOWN: Duration = Duration::from_secs(15);
/// A wake this much past its deadline means the process did not run.
pub const STALL: Duration = Duration::from_secs(1);

/// The reading speed a caution's countdown allows for, in words a minute.
const READING_SPEED: usize = 200;

/// How long it takes to read what the caution screen shows (the name, the
/// caution and the summary) at [`READING_SPEED`], in whole seconds.
pub fn reading_time(routine: &crate::routine::Routine) -> Duration {
    let words: usize = [
        routine.name.as_str(),
        routine.caution.as_deref().unwrap_or(""),
        routine.summary.as_str(),
    ]
    .iter()
    .map(|t| t.split_whitespace().count())
    .sum();
    Duration::from_secs(u64::try_from((words * 60).div_ceil(READING_SPEED)).unwrap_or(u64::MAX))
}

/// The caution screen at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CautionNow {
    /// Counting down: the routine starts by itself after this.
    StartsIn(Duration),
    /// Waiting for Enter.
    Held,
    /// Hidden by an overlay: counts down afresh from this when revealed.
    Covered(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caution {
    Accepted,
    /// Accepted by itself at this instant.
    Until(Instant),
    Held,
    /// Hidden: the countdown starts again in full when revealed, since what
    /// was read before may be forgotten.
    Covered,
}

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

    /// The routine waits on its caution, paused at its start.
    fn wait(&mut self, now: Instant, caution: Caution) {
        self.session = Session::start(self.session.plan().clone(), now);
        self.session.pause(now);
        self.caution = caution;
    }

    fn count_down(&mut self, now: Instant) {
        let start = now + self.countdown;
        // Before its anchor a session stays at zero: it starts by itself.
        self.session = Session::start(self.session.plan().clone(), start);
        self.caution = Caution::Until(start);
    }

    fn started(&mut self) {
        let plan = self.session.plan();
        self.pending.push(Event::RoutineStarted {
            at: Duration::ZERO,
            name: plan.routine.name.clone(),
            planned: plan.total(),
        });
    }

    /// A countdown that has run out accepts the caution at its end.
    fn settle(&mut self, now: Instant) {
        if let Caution::Until(start) = self.caution
            && now >= start
        {
            self.caution = Caution::Accepted;
            self.pending.push(Event::CautionAccepted {
                at: Duration::ZERO,
                by: AcceptedBy::Countdown,
            });
            self.started();
        }
    }

    /// Enter on the caution: the routine starts now.
    fn accept_caution(&mut self, now: Instant) {
        self.settle(now);
        if self.caution != Caution::Accepted {
            self.session = Session::start(self.session.plan().clone(), now);
            self.caution = Caution::Accepted;
            self.pending.push(Event::CautionAccepted {
                at: Duration::ZERO,
                by: AcceptedBy::Person,
            });
            self.started();
        }
    }

    /// Space on the caution, a caution too big for the window, a suspend:
    /// the countdown stops and the caution waits for Enter.
    pub fn hold_caution(&mut self, now: Instant) {
        self.settle(now);
        if self.ended.is_none() && matches!(self.caution, Caution::Until(_) | Caution::Covered) {
            self.wait(now, Caution::Held);
        }
    }

    /// An overlay hides the routine: a caution's countdown stops, and a
    /// running routine pauses (what cannot be seen does not run on).
    pub fn cover(&mut self, now: Instant) {
        self.advance(now);
        if self.ended.is_some() {
            return;
        }
        match self.caution {
            Caution::Until(_) => self.wait(now, Caution::Covered),
            Caution::Accepted if self.ended.is_none() && !self.session.is_paused() => {
                self.pause(now);
                self.paused_by_cover = true;
            }
            _ => {}
        }
    }

    /// The overlay closed: a covered caution counts down in full again,
    /// and a routine the cover paused resumes (one paused by the person
    /// stays paused).
    pub fn uncover(&mut self, now: Instant) {
        if self.caution == Caution::Covered {
            self.count_down(now);
        }
        if std::mem::take(&mut self.paused_by_cover) {
            self.resume(now);
        }
    }

    /// Announces the timeline up to `now`. Work that runs to its end is
    /// marked done on the way.
    fn advance(&mut self, now: Instant) {
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
    fn ran_through(&self, to: Duration) -> Vec<usize> {
        let plan = self.session.plan();
        let from = self.cursor;
        let first = plan.segment_at(from.at).unwrap_or(plan.segments.len());
        plan.segments
            .iter()
            .enumerate()
            .skip(first)
            .take_while(|(_, seg)| seg.start <= to)
            .filter(|(_, seg)| {
                let mark = done_mark(seg);
                seg.kind == SegmentKind::Work
                    && mark <= to
                    && (mark > from.at || (from.inclusive && mark == from.at))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The outcome with `done` marking the work that ran to its end: a
    /// routine is completed when every step was, whatever time it took.
    fn outcome_with(&self, done: &[bool], now: Instant) -> Outcome {
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
            practised: self.session.practised(now),
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

    /// The step round at a timeline position (the one a lead-in leads to).
    fn place_at(&self, position: Duration) -> Option<Place> {
        let plan = self.session.plan();
        let index = plan.work_of(plan.segment_at(position)?);
        Some(timeline::place(plan, plan.segments.get(index)?))
    }

    /// Applies a move on the timeline at `now` and announces it; the
    /// segment start it lands on is announced next.
    fn jump(&mut self, now: Instant, apply: fn(&mut Session, Instant)) -> Option<Duration> {
        self.advance(now);
        if self.ended.is_some() || self.caution != Caution::Accepted {
            return None;
        }
        let from = self.session.position(now);
        apply(&mut self.session, now);
        let to = self.session.position(now);
        self.cursor = Cursor {
            at: to,
            inclusive: true,
        };
        Some(from)
    }

    /// Pauses (on the caution: holds it).
    pub fn pause(&mut self, now: Instant) {
        self.advance(now);
        if self.caution(now).is_some() {
            self.hold_caution(now);
        } else if self.ended.is_none() && !self.session.is_paused() {
            self.session.pause(now);
            let at = self.session.position(now);
            self.pending.push(Event::Paused { at });
        }
    }

    pub fn resume(&mut self, now: Instant) {
        self.advance(now);
        if self.ended.is_none() && self.caution(now).is_none() && self.session.is_paused() {
            self.session.resume(now);
            let at = self.session.position(now);
            self.pending.push(Event::Resumed { at });
        }
    }

    fn toggle_pause(&mut self, now: Instant) {
        if self.session.is_paused() && self.caution(now).is_none() {
            self.resume(now);
        } else {
            self.pause(now);
        }
    }

    /// The stall rule: the loop slept until `due` and woke at `now`. Woken
    /// more than [`STALL`] late, the process did not run (stopped from
    /// outside, or starved), and that time must not count: the routine
    /// pauses where it was at `due`. Call it before [`Guide::events`].
    /// Returns whether it paused.
    pub fn woke(&mut self, due: Instant, now: Instant) -> bool {
        if now <= due + STALL || self.ended.is_some() {
            return false;
        }
        let before = (self.caution, self.session.is_paused());
        self.pause(due);
        (self.caution, self.session.is_paused()) != before
    }

    /// What the person asked, as it means in the routine's state now.
    pub fn apply(&mut self, command: Command, now: Instant) {
        if self.ended.is_some() {
            return;
        }
        match command {
            Command::Start => self.accept_caution(now),
            Command::Hold => self.hold_caution(now),
            Command::CountDown => self.count_down_again(now),
            Command::TogglePause => {
                // The person takes over: revealing will not resume.
                self.paused_by_cover = false;
                self.toggle_pause(now);
            }
            Command::Next if self.getting_ready(now) => self.restart_step(now),
            Command::Next => self.next(now),
            Command::Previous => self.previous(now),
            Command::Extend => self.extend(now),
            Command::Shorten => self.shorten(now),
            Command::Restart => self.restart_step(now),
        }
    }

    /// In a lead-in, getting ready for a step.
    fn getting_ready(&self, now: Instant) -> bool {
        self.caution(now).is_none()
            && matches!(
                self.session.state(now),
                State::Running(s) if s.segment.kind == SegmentKind::LeadIn
            )
    }

    /// A held caution counts down again, in full (a caution that waits
    /// for Enter stays so).
    fn count_down_again(&mut self, now: Instant) {
        self.settle(now);
        if self.caution == Caution::Held && !self.countdown.is_zero() {
            self.count_down(now);
        }
    }

    /// Skips to the next step round (its lead-in), or to the end.
    fn next(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::next) {
            let to = self.place_at(self.session.position(now));
            self.pending.push(Event::Skipped { at, to });
        }
    }

    /// Back to the start of the previous step round, or of the first.
    fn previous(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::previous)
            && let Some(to) = self.place_at(self.session.position(now))
        {
            self.pending.push(Event::WentBack { at, to });
        }
    }

    /// The current step round again from its first second.
    fn restart_step(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::restart_step) {
            self.pending.push(Event::RestartedStep { at });
        }
    }

    /// Gives the current segment 15 s more (when the routine's limit allows).
    fn extend(&mut self, now: Instant) {
        self.resize(now, Session::extend);
    }

    /// Takes up to 15 s off the current segment.
    fn shorten(&mut self, now: Instant) {
        self.resize(now, Session::shorten);
    }

    fn resize(&mut self, now: Instant, apply: fn(&mut Session, Instant)) {
        self.advance(now);
        if self.ended.is_some() || self.caution != Caution::Accepted {
            return;
        }
        let before = self.session.plan().total();
        apply(&mut self.session, now);
        let after = self.session.plan().total();
        let at = self.session.position(now);
        if after > before {
            self.pending.push(Event::Extended {
                at,
                by: after - before,
            });
        } else if after < before {
            self.pending.push(Event::Shortened {
                at,
                by: before - after,
            });
        }
    }

    /// Quits before the end (a key, a signal): announces how much was
    /// followed, and nothing happens after.
    pub fn stop(&mut self, now: Instant) {
        self.advance(now);
        if self.ended.is_some() {
            return;
        }
        self.session.pause(now);
        let at = self.session.position(now);
        let outcome = self.outcome_with(&self.done, now);
        self.pending.push(Event::Stopped { at, outcome });
        self.ended = Some(outcome);
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
