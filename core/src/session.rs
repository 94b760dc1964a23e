//! A routine being followed: a state machine over the plan's timeline.
//!
//! Time comes in as an argument (`now`, a monotonic instant), so every rule
//! here is tested with a fake clock. The position on the timeline is
//! `offset + (now - anchor)` while running and `offset` while paused: nothing
//! is ever summed from ticks, so an hour-long routine ends on the dot.

use crate::plan::{Plan, Segment, SegmentKind, Side};
use crate::routine::Step;
use std::time::{Duration, Instant};

const SECOND: Duration = Duration::from_secs(1);
/// How far `+` and `-` move a step's end.
pub const NUDGE: Duration = Duration::from_secs(15);

#[derive(Debug, Clone)]
pub struct Session {
    plan: Plan,
    /// Position on the timeline at `anchor`.
    offset: Duration,
    anchor: Instant,
    paused: bool,
    /// Unpaused time before `anchor`.
    practised: Duration,
}

/// Everything the running screen shows at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot<'a> {
    pub segment: &'a Segment,
    pub step: &'a Step,
    /// 1-based step number, and how many steps there are.
    pub step_number: usize,
    pub step_count: usize,
    /// Time left in this segment (lead-in or work).
    pub remaining: Duration,
    /// Share of this segment done, 0.0 to 1.0.
    pub segment_progress: f64,
    pub routine_remaining: Duration,
    /// Share of the whole routine done, 0.0 to 1.0.
    pub routine_progress: f64,
    /// For a lead-in: "Get ready", "Switch sides" or "Again".
    pub lead_in_title: Option<&'static str>,
    pub cue: Option<&'a str>,
    pub breath: Option<BreathNow>,
    /// The next work segment, if any: its step and side.
    pub next: Option<(&'a Step, Option<Side>)>,
    pub paused: bool,
}

/// What the routine is doing now.
#[derive(Debug, Clone, PartialEq)]
pub enum State<'a> {
    Running(Snapshot<'a>),
    Finished { practised: Duration },
}

fn ratio(part: Duration, whole: Duration) -> f64 {
    if whole.is_zero() {
        return 1.0;
    }
    (part.as_secs_f64() / whole.as_secs_f64()).clamp(0.0, 1.0)
}

impl Session {
    /// Starts the routine at `now`.
    pub fn start(plan: Plan, now: Instant) -> Self {
        Self {
            plan,
            offset: Duration::ZERO,
            anchor: now,
            paused: false,
            practised: Duration::ZERO,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// Position on the timeline at `now`.
    pub fn position(&self, now: Instant) -> Duration {
        let run = if self.paused {
            Duration::ZERO
        } else {
            now.saturating_duration_since(self.anchor)
        };
        (self.offset + run).min(self.plan.total())
    }

    pub fn is_finished(&self, now: Instant) -> bool {
        self.position(now) >= self.plan.total()
    }

    /// Time actually spent following the routine (pauses and skips excluded).
    pub fn practised(&self, now: Instant) -> Duration {
        if self.paused {
            return self.practised;
        }
        let left = self.plan.total().saturating_sub(self.offset);
        self.practised + now.saturating_duration_since(self.anchor).min(left)
    }

    /// The segment running at `now`, or `None` when finished.
    pub fn segment_index(&self, now: Instant) -> Option<usize> {
        self.plan.segment_at(self.position(now))
    }

    /// Fixes the position at `now` as the new anchor.
    fn rebase(&mut self, now: Instant) {
        self.practised = self.practised(now);
        self.offset = self.position(now);
        self.anchor = now;
    }

    fn seek(&mut self, now: Instant, offset: Duration) {
        self.rebase(now);
        self.offset = offset.min(self.plan.total());
    }

    pub fn pause(&mut self, now: Instant) {
        if !self.paused {
            self.rebase(now);
            self.paused = true;
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if self.paused {
            self.anchor = now;
            self.paused = false;
        }
    }

    pub fn toggle_pause(&mut self, now: Instant) {
        if self.paused {
            self.resume(now)
        } else {
            self.pause(now)
        }
    }

    /// Skips to the next step round (its lead-in), or to the end.
    pub fn next(&mut self, now: Instant) {
        let Some(i) = self.segment_index(now) else {
            return;
        };
        let work = self.plan.work_of(i);
        let target = self
            .plan
            .segments
            .get(work)
            .map_or(self.plan.total(), Segment::end);
        self.seek(now, target);
    }

    /// Goes back to the start of the previous step round, or of the first.
    pub fn previous(&mut self, now: Instant) {
        let i = self.segment_index(now).unwrap_or(self.plan.segments.len());
        let unit = self
            .plan
            .unit_start(i.min(self.plan.segments.len().saturating_sub(1)));
        let target = if i >= self.plan.segments.len() {
            unit
        } else {
            unit.checked_sub(1)
                .map_or(0, |prev| self.plan.unit_start(prev))
        };
        self.seek(now, self.plan.start_of(target));
    }

    /// Starts the current step round again from its first second (the
    /// lead-in is skipped: the person is already in position).
    pub fn restart_step(&mut self, now: Instant) {
        let Some(i) = self.segment_index(now) else {
            return;
        };
        let work = self.plan.work_of(i);
        self.seek(now, self.plan.start_of(work));
    }

    /// Gives the current segment 15 s more.
    pub fn extend(&mut self, now: Instant) {
        let Some(i) = self.segment_index(now) else {
            return;
        };
        self.rebase(now);
        let Some(seg) = self.plan.segments.get(i) else {
            return;
        };
        let length = seg.length + NUDGE;
        if self.plan.total() + NUDGE <= crate::routine::limits::MAX_TOTAL {
            self.plan.resize(i, length);
        }
    }

    /// Takes 15 s off the current segment; with less than that left, it ends
    /// at the next whole second.
    pub fn shorten(&mut self, now: Instant) {
        let Some(i) = self.segment_index(now) else {
            return;
        };
        self.rebase(now);
        let Some(seg) = self.plan.segments.get(i) else {
            return;
        };
        let elapsed = self.offset.saturating_sub(seg.start);
        let floor =
            Duration::from_secs(crate::duration::ceil_secs(elapsed)).max(SECOND.min(seg.length));
        let length = seg.length.saturating_sub(NUDGE).max(floor).min(seg.length);
        self.plan.resize(i, length);
    }

    /// What to show at `now`.
    pub fn state(&self, now: Instant) -> State<'_> {
        let position = self.position(now);
        let Some(index) = self.plan.segment_at(position) else {
            return State::Finished {
                practised: self.practised(now),
            };
        };
        let plan = &self.plan;
        let segment = &plan.segments[index];
        let step = plan.step(segment);
        let elapsed = position.saturating_sub(segment.start);
        let remaining = segment.end().saturating_sub(position);
        let total = plan.total();
        let next = plan
            .segments
            .iter()
            .skip(plan.work_of(index) + 1)
            .find(|s| s.kind == SegmentKind::Work)
            .map(|s| (plan.step(s), s.side));
        let (lead_in_title, cue, breath) = match segment.kind {
            SegmentKind::LeadIn => {
                let work = &plan.segments[plan.work_of(index)];
                (Some(plan.lead_in_title(work)), None, None)
            }
            SegmentKind::Work => (
                None,
                cue_at(step, segment, elapsed),
                breath_at(step, elapsed),
            ),
        };
        State::Running(Snapshot {
            segment,
            step,
            step_number: segment.step + 1,
            step_count: plan.routine.steps.len(),
            remaining,
            segment_progress: ratio(elapsed, segment.length),
            routine_remaining: total.saturating_sub(position),
            routine_progress: ratio(position, total),
            lead_in_title,
            cue,
            breath,
            next,
            paused: self.paused,
        })
    }

    /// When something on screen next changes: the countdown's next second,
    /// a segment or cue boundary, or the breathing pacer moving one of its
    /// `pacer_levels` levels. `None` while paused or finished: nothing moves.
    pub fn next_change_at(&self, now: Instant, pacer_levels: u32) -> Option<Instant> {
        if self.paused {
            return None;
        }
        let position = self.position(now);
        let index = self.plan.segment_at(position)?;
        // Segment starts, lengths and cue times are whole seconds, so every
        // countdown, boundary and cue changes on a whole second of position.
        let mut wait = Duration::from_secs(position.as_secs() + 1) - position;
        let segment = &self.plan.segments[index];
        let step = self.plan.step(segment);
        if segment.kind == SegmentKind::Work {
            let elapsed = position.saturating_sub(segment.start);
            if let Some(pacer_wait) = pacer_wait(step, elapsed, pacer_levels) {
                wait = wait.min(pacer_wait);
            }
        }
        Some(now + wait)
    }
}

mod breath;
mod cue;

pub use breath::BreathNow;
use breath::{breath_at, pacer_wait};
use cue::cue_at;
pub use cue::{HALFWAY, ten_seconds_left};

#[cfg(test)]
mod tests;
