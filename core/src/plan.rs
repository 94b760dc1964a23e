//! A routine laid out in time: a flat list of segments (each step's lead-in,
//! then the step itself, for every side and repeat) with start offsets.

use crate::routine::{Routine, Step};
use std::time::Duration;

/// Which side of the body a segment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Self::Left => "left side",
            Self::Right => "right side",
        }
    }
}

/// Work segments at least this long are marked halfway through.
pub const HALFWAY_MIN: Duration = Duration::from_secs(60);
/// Work segments at least this long warn before their last seconds.
pub const LAST_SECONDS_MIN: Duration = Duration::from_secs(30);
/// How long before a work segment's end that warning comes.
pub const LAST_SECONDS: Duration = Duration::from_secs(10);

/// What a lead-in is getting the person ready for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadInKind {
    /// The first round of a step.
    GetReady,
    /// From the left side to the right.
    SwitchSides,
    /// A later round of a repeated step.
    Again,
}

/// What a segment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Time to get into position before the work that follows.
    LeadIn,
    /// The step itself.
    Work,
}

/// A stretch of the routine's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    /// Index into the routine's steps.
    pub step: usize,
    pub side: Option<Side>,
    /// 0-based repeat of the step.
    pub round: u32,
    /// Offset from the start of the routine.
    pub start: Duration,
    pub length: Duration,
}

impl Segment {
    pub fn end(&self) -> Duration {
        self.start + self.length
    }

    /// For work of a minute or more: how far into it its halfway moment
    /// falls, on a whole second like every other boundary.
    pub fn halfway(&self) -> Option<Duration> {
        (self.kind == SegmentKind::Work && self.length >= HALFWAY_MIN)
            .then(|| Duration::from_secs(self.length.as_secs() / 2))
    }

    /// For work of 30 s or more: how far into it its last ten seconds begin.
    pub fn last_seconds(&self) -> Option<Duration> {
        (self.kind == SegmentKind::Work && self.length >= LAST_SECONDS_MIN)
            .then(|| self.length - LAST_SECONDS)
    }
}

/// The whole timeline of one routine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub routine: Routine,
    pub segments: Vec<Segment>,
}

impl Plan {
    /// Expands every step into its lead-ins, sides and repeats. Zero-length
    /// lead-ins are left out. The routine's bounds (500 steps, 50 repeats,
    /// 2 sides) keep the list below 100,000 segments.
    pub fn new(routine: Routine) -> Self {
        let mut segments = Vec::new();
        let mut at = Duration::ZERO;
        for (index, step) in routine.steps.iter().enumerate() {
            let sides: &[Option<Side>] = if step.sides {
                &[Some(Side::Left), Some(Side::Right)]
            } else {
                &[None]
            };
            for round in 0..step.repeat {
                for &side in sides {
                    for (kind, length) in [
                        (SegmentKind::LeadIn, step.lead_in),
                        (SegmentKind::Work, step.duration),
                    ] {
                        if length.is_zero() {
                            continue;
                        }
                        segments.push(Segment {
                            kind,
                            step: index,
                            side,
                            round,
                            start: at,
                            length,
                        });
                        at += length;
                    }
                }
            }
        }
        Self { routine, segments }
    }

    pub fn total(&self) -> Duration {
        self.segments.last().map_or(Duration::ZERO, Segment::end)
    }

    pub fn step(&self, segment: &Segment) -> &Step {
        &self.routine.steps[segment.step.min(self.routine.steps.len().saturating_sub(1))]
    }

    /// The index of the segment running at `offset`, or `None` once the
    /// routine is over.
    pub fn segment_at(&self, offset: Duration) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.end() <= offset);
        (i < self.segments.len()).then_some(i)
    }

    /// Where segment `index` starts (the end of the routine past the last).
    pub fn start_of(&self, index: usize) -> Duration {
        self.segments.get(index).map_or(self.total(), |s| s.start)
    }

    /// The work segment a lead-in leads into (or the segment itself).
    pub fn work_of(&self, index: usize) -> usize {
        match self.segments.get(index) {
            Some(s) if s.kind == SegmentKind::LeadIn => {
                (index + 1).min(self.segments.len().saturating_sub(1))
            }
            _ => index,
        }
    }

    /// Where the unit (lead-in and work) holding `index` begins.
    pub fn unit_start(&self, index: usize) -> usize {
        let work = self.work_of(index);
        match work.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(prev) if prev.kind == SegmentKind::LeadIn => work - 1,
            _ => work,
        }
    }

    /// What the lead-in before a work segment prepares for: the first
    /// round gets ready, later ones switch sides or go again.
    pub fn lead_in_kind(&self, work: &Segment) -> LeadInKind {
        match work.side {
            Some(Side::Right) => LeadInKind::SwitchSides,
            _ if work.round > 0 => LeadInKind::Again,
            _ => LeadInKind::GetReady,
        }
    }

    /// The screen's title for the lead-in before a work segment.
    pub fn lead_in_title(&self, work: &Segment) -> &'static str {
        match self.lead_in_kind(work) {
            LeadInKind::SwitchSides => "Switch sides",
            LeadInKind::Again => "Again",
            LeadInKind::GetReady if self.step(work).sides => "Get ready: left side first",
            LeadInKind::GetReady => "Get ready",
        }
    }

    /// Changes the length of segment `index` and moves everything after it.
    /// (The session keeps lengths whole seconds and never below what has
    /// already passed.)
    pub fn resize(&mut self, index: usize, length: Duration) {
        let Some(seg) = self.segments.get_mut(index) else {
            return;
        };
        seg.length = length;
        let mut at = seg.end();
        for s in self.segments.iter_mut().skip(index + 1) {
            s.start = at;
            at += s.length;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Routine;

    fn plan(src: &str) -> Plan {
        Plan::new(Routine::parse("t.toml", src).unwrap())
    }

    const SIDES: &str = r#"
kneadle = 1
name = "t"
lead_in = "5s"
[[steps]]
technique = "kneading"
name = "Knead"
duration = "30s"
sides = true
repeat = 2
[[steps]]
technique = "rest"
name = "Rest"
duration = 10
lead_in = 0
"#;

    #[test]
    fn sides_and_repeats_run_left_right_left_right_each_after_a_lead_in() {
        let p = plan(SIDES);
        let shape: Vec<_> = p
            .segments
            .iter()
            .map(|s| {
                (
                    s.kind,
                    s.side,
                    s.round,
                    s.start.as_secs(),
                    s.length.as_secs(),
                )
            })
            .collect();
        use SegmentKind::*;
        assert_eq!(
            shape,
            vec![
                (LeadIn, Some(Side::Left), 0, 0, 5),
                (Work, Some(Side::Left), 0, 5, 30),
                (LeadIn, Some(Side::Right), 0, 35, 5),
                (Work, Some(Side::Right), 0, 40, 30),
                (LeadIn, Some(Side::Left), 1, 70, 5),
                (Work, Some(Side::Left), 1, 75, 30),
                (LeadIn, Some(Side::Right), 1, 105, 5),
                (Work, Some(Side::Right), 1, 110, 30),
                (Work, None, 0, 140, 10),
            ]
        );
        assert_eq!(p.total(), Duration::from_secs(150));
        assert_eq!(p.total(), p.routine.total());
    }

    #[test]
    fn lead_ins_say_get_ready_then_switch_sides() {
        let p = plan(SIDES);
        assert_eq!(
            p.lead_in_title(&p.segments[1]),
            "Get ready: left side first"
        );
        assert_eq!(p.lead_in_title(&p.segments[3]), "Switch sides");
        assert_eq!(p.lead_in_title(&p.segments[5]), "Again");
    }

    #[test]
    fn finding_the_segment_at_a_time() {
        let p = plan(SIDES);
        assert_eq!(p.segment_at(Duration::ZERO), Some(0));
        assert_eq!(p.segment_at(Duration::from_secs(5)), Some(1));
        assert_eq!(p.segment_at(Duration::from_millis(34_999)), Some(1));
        assert_eq!(p.segment_at(Duration::from_secs(149)), Some(8));
        assert_eq!(p.segment_at(Duration::from_secs(150)), None);
    }

    #[test]
    fn halfway_and_the_last_ten_seconds_mark_long_enough_work() {
        let p = plan(SIDES);
        let knead = &p.segments[1];
        assert_eq!(knead.halfway(), None, "30 s is too short for halfway");
        assert_eq!(knead.last_seconds(), Some(Duration::from_secs(20)));
        assert_eq!(p.segments[0].last_seconds(), None, "not in a lead-in");
        assert_eq!(p.segments[8].last_seconds(), None, "10 s is too short");
        let mut long = p.clone();
        long.resize(1, Duration::from_secs(61));
        assert_eq!(long.segments[1].halfway(), Some(Duration::from_secs(30)));
    }

    #[test]
    fn resizing_a_segment_moves_the_rest() {
        let mut p = plan(SIDES);
        p.resize(1, Duration::from_secs(45));
        assert_eq!(p.segments[2].start, Duration::from_secs(50));
        assert_eq!(p.total(), Duration::from_secs(165));
    }
}
