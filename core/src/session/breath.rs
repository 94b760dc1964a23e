//! The breathing pacer: where in the breath cycle a moment falls, how full
//! the lungs are, and when the drawn pacer next changes.

use super::ratio;
use crate::routine::{PhaseKind, Step};
use std::time::Duration;

/// The breathing pacer at one moment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreathNow {
    pub phase: PhaseKind,
    pub phase_remaining: Duration,
    /// How full the lungs are, 0.0 (empty) to 1.0 (full).
    pub fullness: f64,
}

/// Where in the breath cycle `elapsed` falls: phase index, time into it.
fn phase_at(step: &Step, elapsed: Duration) -> Option<(usize, Duration)> {
    let pattern = step.breath.as_ref()?;
    let cycle = pattern.cycle();
    if cycle.is_zero() {
        return None;
    }
    let into_cycle = Duration::from_nanos((elapsed.as_nanos() % cycle.as_nanos()) as u64);
    let mut start = Duration::ZERO;
    for (i, phase) in pattern.phases.iter().enumerate() {
        if into_cycle < start + phase.length {
            return Some((i, into_cycle - start));
        }
        start += phase.length;
    }
    None
}

/// The fullness at the start and end of phase `i`.
fn fullness_range(step: &Step, i: usize) -> (f64, f64) {
    let Some(pattern) = step.breath.as_ref() else {
        return (0.0, 0.0);
    };
    let has_top_up = pattern.phases.iter().any(|p| p.kind == PhaseKind::TopUp);
    match pattern.phases[i].kind {
        PhaseKind::Inhale if has_top_up => (0.0, 0.75),
        PhaseKind::Inhale => (0.0, 1.0),
        PhaseKind::TopUp => (0.75, 1.0),
        PhaseKind::Hold => (1.0, 1.0),
        PhaseKind::Exhale => (1.0, 0.0),
        PhaseKind::HoldOut => (0.0, 0.0),
    }
}

pub(super) fn breath_at(step: &Step, elapsed: Duration) -> Option<BreathNow> {
    let (i, into) = phase_at(step, elapsed)?;
    let phase = step.breath.as_ref()?.phases[i];
    let (from, to) = fullness_range(step, i);
    let t = ratio(into, phase.length);
    Some(BreathNow {
        phase: phase.kind,
        phase_remaining: phase.length.saturating_sub(into),
        fullness: (from + (to - from) * t).clamp(0.0, 1.0),
    })
}

/// Time until the pacer's drawn level (fullness × levels, rounded down) or
/// its phase changes.
pub(super) fn pacer_wait(step: &Step, elapsed: Duration, levels: u32) -> Option<Duration> {
    let (i, into) = phase_at(step, elapsed)?;
    let phase = step.breath.as_ref()?.phases[i];
    let to_phase_end = phase.length.saturating_sub(into);
    // The pacer counts the phase's seconds (rounded up): with fractional
    // phases that count changes off the routine's whole seconds.
    let count_changes = to_phase_end - Duration::from_secs(to_phase_end.as_secs());
    let to_phase_end = if count_changes.is_zero() {
        to_phase_end
    } else {
        to_phase_end.min(count_changes)
    };
    let (from, to) = fullness_range(step, i);
    if from == to || levels == 0 {
        return Some(to_phase_end);
    }
    let n = f64::from(levels);
    let t = ratio(into, phase.length);
    let now_scaled = (from + (to - from) * t) * n;
    // The next level boundary in the direction of travel.
    let target = if to > from {
        now_scaled.floor() + 1.0
    } else {
        now_scaled.ceil() - 1.0
    };
    let target_t = ((target / n - from) / (to - from)).clamp(0.0, 1.0);
    let wait = phase.length.mul_f64(target_t).saturating_sub(into);
    // A millisecond late rather than early, so the level has really changed.
    Some((wait + Duration::from_millis(1)).min(to_phase_end))
}
