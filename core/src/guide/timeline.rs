//! The events a plan's timeline holds between two positions: segment
//! starts, authors' cues, halfway, the last ten seconds, breath phases.
//! Computed from the plan alone, so the same span always yields the same
//! events, however late the loop asks.

use super::{Event, Round};
use crate::plan::{Plan, Segment, SegmentKind};
use std::time::Duration;

/// How far ahead [`next_at`] looks first, so a long breathing step is not
/// enumerated to its end at every wake.
const LOOKAHEAD: Duration = Duration::from_secs(30);

/// The step round a work segment is.
pub(super) fn round(plan: &Plan, work: &Segment) -> Round {
    let step = plan.step(work);
    Round {
        step: work.step,
        technique: step.technique,
        name: step.name.clone(),
        say: step.say.clone(),
        instructions: step.instructions.clone(),
        side: work.side,
        round: work.round,
        repeat: step.repeat,
    }
}

/// Appends to `out`, in order, the events after `from` (or at it, when
/// `inclusive`) up to and including `to`.
pub(super) fn collect(
    plan: &Plan,
    from: Duration,
    inclusive: bool,
    to: Duration,
    out: &mut Vec<Event>,
) {
    let due = |t: Duration| (t > from || (inclusive && t == from)) && t <= to;
    let Some(first) = plan.segment_at(from) else {
        return;
    };
    for (index, segment) in plan.segments.iter().enumerate().skip(first) {
        if segment.start > to {
            break;
        }
        let mut here = Vec::new();
        segment_events(plan, index, segment, from, to, &mut here);
        here.retain(|e| due(e.at()));
        // Stable: at one instant, the order they were made in.
        here.sort_by_key(Event::at);
        out.extend(here);
    }
}

/// Where the first event after `from` (or at it) falls, if any before the
/// end.
pub(super) fn next_at(plan: &Plan, from: Duration, inclusive: bool) -> Option<Duration> {
    let first = plan.segment_at(from)?;
    // Every segment opens with an event: the next one comes at the latest
    // when the following segment starts.
    let bound = plan
        .segments
        .get(first + 1)
        .map_or(plan.total(), |s| s.start);
    let mut out = Vec::new();
    collect(
        plan,
        from,
        inclusive,
        (from + LOOKAHEAD).min(bound),
        &mut out,
    );
    if out.is_empty() {
        collect(plan, from, inclusive, bound, &mut out);
    }
    out.first().map(Event::at)
}

/// A segment's events; breath phases only between `lo` and `hi`.
fn segment_events(
    plan: &Plan,
    index: usize,
    segment: &Segment,
    lo: Duration,
    hi: Duration,
    out: &mut Vec<Event>,
) {
    let start = segment.start;
    if segment.kind == SegmentKind::LeadIn {
        if let Some(work) = plan.segments.get(plan.work_of(index)) {
            out.push(Event::LeadIn {
                at: start,
                kind: plan.lead_in_kind(work),
                next: round(plan, work),
                length: segment.length,
            });
        }
        return;
    }
    let step = plan.step(segment);
    let after_lead_in = index
        .checked_sub(1)
        .and_then(|i| plan.segments.get(i))
        .is_some_and(|prev| prev.kind == SegmentKind::LeadIn);
    out.push(Event::StepStarted {
        at: start,
        round: round(plan, segment),
        length: segment.length,
        after_lead_in,
    });
    for cue in step.cues.iter().filter(|c| c.at < segment.length) {
        out.push(Event::Cue {
            at: start + cue.at,
            text: cue.text.clone(),
        });
    }
    if let Some(half) = segment.halfway() {
        out.push(Event::Halfway { at: start + half });
    }
    if let Some(last) = segment.last_seconds() {
        out.push(Event::TenSecondsLeft {
            at: start + last,
            switch_sides: segment.side == Some(crate::plan::Side::Left),
        });
    }
    breaths(plan, segment, lo, hi, out);
}

/// The breath phases starting in `lo..=hi`, numbered from the segment's
/// first breath.
fn breaths(plan: &Plan, segment: &Segment, lo: Duration, hi: Duration, out: &mut Vec<Event>) {
    let Some(pattern) = plan.step(segment).breath.as_ref() else {
        return;
    };
    let cycle = pattern.cycle().as_nanos();
    if cycle == 0 || hi < segment.start {
        return;
    }
    let lo = lo.saturating_sub(segment.start).as_nanos();
    let hi = hi.min(segment.end()) - segment.start;
    let mut k = lo / cycle;
    loop {
        let Some(mut t) = u64::try_from(k * cycle).ok().map(Duration::from_nanos) else {
            return;
        };
        if t > hi || t >= segment.length {
            return;
        }
        let breath = u32::try_from(k + 1).unwrap_or(u32::MAX);
        for phase in &pattern.phases {
            if t >= segment.length {
                return;
            }
            out.push(Event::Breath {
                at: segment.start + t,
                phase: phase.kind,
                breath,
            });
            t += phase.length;
        }
        k += 1;
    }
}
