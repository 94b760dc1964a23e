//! The caution before a routine: shown, counted down (never for less than
//! it takes to read), held for Enter, or covered by an overlay; and the
//! cover that holds a running routine still while an overlay hides it.

use super::{AcceptedBy, Event, Guide};
use crate::session::Session;
use std::time::{Duration, Instant};

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
pub(super) enum Caution {
    Accepted,
    /// Accepted by itself at this instant.
    Until(Instant),
    Held,
    /// Hidden: the countdown starts again in full when revealed, since what
    /// was read before may be forgotten.
    Covered,
}

impl Guide {
    /// The routine waits on its caution, paused at its start.
    pub(super) fn wait(&mut self, now: Instant, caution: Caution) {
        self.session = Session::start(self.session.plan().clone(), now);
        self.session.pause(now);
        self.caution = caution;
    }

    pub(super) fn count_down(&mut self, now: Instant) {
        let start = now + self.countdown;
        // Before its anchor a session stays at zero: it starts by itself.
        self.session = Session::start(self.session.plan().clone(), start);
        self.caution = Caution::Until(start);
    }

    pub(super) fn started(&mut self) {
        let plan = self.session.plan();
        self.pending.push(Event::RoutineStarted {
            at: Duration::ZERO,
            name: plan.routine.name.clone(),
            planned: plan.total(),
        });
    }

    /// A countdown that has run out accepts the caution at its end.
    pub(super) fn settle(&mut self, now: Instant) {
        if let Caution::Until(start) = self.caution
            && now >= start
            && self.ended.is_none()
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
    pub(super) fn accept_caution(&mut self, now: Instant) {
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

    /// A held caution counts down again, in full (a caution that waits
    /// for Enter stays so).
    pub(super) fn count_down_again(&mut self, now: Instant) {
        self.settle(now);
        if self.caution == Caution::Held && !self.countdown.is_zero() {
            self.count_down(now);
        }
    }
}
