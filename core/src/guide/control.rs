//! What a person or a signal does to a running routine: [`Guide::apply`]
//! for every [`Command`], and pause, resume, the stall rule and stop. Each
//! move queues its own event.

use super::caution::Caution;
use super::{Command, Cursor, Event, Guide, Round, STALL, timeline};
use crate::plan::SegmentKind;
use crate::session::{Session, State};
use std::time::{Duration, Instant};

impl Guide {
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
            Command::Next if self.getting_ready(now) => self.start_now(now),
            Command::Next => self.next(now),
            Command::Previous => self.previous(now),
            Command::Extend => self.extend(now),
            Command::Shorten => self.shorten(now),
            Command::Restart => self.restart_step(now),
        }
    }

    /// In a lead-in, getting ready for a step.
    pub(super) fn getting_ready(&self, now: Instant) -> bool {
        self.caution(now).is_none()
            && matches!(
                self.session.state(now),
                State::Running(s) if s.segment.kind == SegmentKind::LeadIn
            )
    }

    /// The step round at a timeline position (the one a lead-in leads to).
    pub(super) fn round_at(&self, position: Duration) -> Option<Round> {
        let plan = self.session.plan();
        let index = plan.work_of(plan.segment_at(position)?);
        Some(timeline::round(plan, plan.segments.get(index)?))
    }

    /// Applies a move on the timeline at `now` and announces it; the
    /// segment start it lands on is announced next.
    pub(super) fn jump(
        &mut self,
        now: Instant,
        apply: fn(&mut Session, Instant),
    ) -> Option<Duration> {
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

    pub(super) fn toggle_pause(&mut self, now: Instant) {
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

    /// Skips to the next step round (its lead-in), or to the end.
    pub(super) fn next(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::next) {
            let to = self.round_at(self.session.position(now));
            self.pending.push(Event::Skipped { at, to });
        }
    }

    /// Back to the start of the previous step round, or of the first.
    pub(super) fn previous(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::previous)
            && let Some(to) = self.round_at(self.session.position(now))
        {
            self.pending.push(Event::WentBack { at, to });
        }
    }

    /// Getting ready: the step it leads to starts now.
    pub(super) fn start_now(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::restart_step) {
            self.pending.push(Event::StartedNow { at });
        }
    }

    /// The current step round again from its first second.
    pub(super) fn restart_step(&mut self, now: Instant) {
        if let Some(at) = self.jump(now, Session::restart_step) {
            self.pending.push(Event::RestartedStep { at });
        }
    }

    /// Gives the current segment 15 s more (when the routine's limit allows).
    pub(super) fn extend(&mut self, now: Instant) {
        self.resize(now, Session::extend);
    }

    /// Takes up to 15 s off the current segment.
    pub(super) fn shorten(&mut self, now: Instant) {
        self.resize(now, Session::shorten);
    }

    pub(super) fn resize(&mut self, now: Instant, apply: fn(&mut Session, Instant)) {
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
        // Stopped on its caution, the countdown never runs out.
        if matches!(self.caution, Caution::Until(_) | Caution::Covered) {
            self.caution = Caution::Held;
        }
        let at = self.session.position(now);
        let outcome = self.outcome_with(&self.done, now);
        self.pending.push(Event::Stopped { at, outcome });
        self.ended = Some(outcome);
    }
}
