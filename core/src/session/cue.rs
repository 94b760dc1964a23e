//! The cue on screen: the author's, or the guide's own words halfway and in
//! the last ten seconds.

use crate::plan::{Segment, Side};
use crate::routine::Step;
use std::time::Duration;

/// How long an author's cue stays before "Halfway." or "Ten seconds left."
/// may replace it, and how long "Halfway." shows.
const CUE_READING_TIME: Duration = Duration::from_secs(8);

/// What the screen and the ear get halfway through long work.
pub const HALFWAY: &str = "Halfway.";

/// What the screen and the ear get ten seconds before the end of work.
pub fn ten_seconds_left(switch_sides: bool) -> &'static str {
    if switch_sides {
        "Ten seconds left, then switch sides."
    } else {
        "Ten seconds left."
    }
}

/// The cue on screen: the author's latest, or the guide's own words at the
/// halfway moment and in the last ten seconds, unless the author's cue is
/// fresh (less than its few seconds to be read).
pub(super) fn cue_at<'a>(step: &'a Step, segment: &Segment, elapsed: Duration) -> Option<&'a str> {
    let written = step.cues.iter().rev().find(|c| c.at <= elapsed);
    let fresh = written.is_some_and(|c| elapsed.saturating_sub(c.at) < CUE_READING_TIME);
    if !fresh {
        if segment.last_seconds().is_some_and(|t| elapsed >= t) {
            return Some(ten_seconds_left(segment.side == Some(Side::Left)));
        }
        if segment
            .halfway()
            .is_some_and(|t| elapsed >= t && elapsed < t + CUE_READING_TIME)
        {
            return Some(HALFWAY);
        }
    }
    written.map(|c| c.text.as_str())
}
