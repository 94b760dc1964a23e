//! What a person can ask of a routine, in one vocabulary for every front
//! end: the full screen and plain mode map keys to these and hand them to
//! [`Guide::apply`](super::Guide::apply), which alone decides what each
//! means in each state, so no two front ends can disagree.

/// A request from the person following the routine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// On the caution: start now.
    Start,
    /// On a counting caution: stop the countdown and wait for Enter.
    Hold,
    /// On a held caution: count down again, in full.
    CountDown,
    /// Pause, or resume; on the caution, hold it.
    TogglePause,
    /// Skip ahead to the next side or step; while getting ready, start
    /// the step it leads to now.
    Next,
    /// Back to the start of the previous side or step.
    Previous,
    /// 15 s more for what is on screen (the step, or getting ready).
    Extend,
    /// 15 s less.
    Shorten,
    /// The step (side, round) again from its first second.
    Restart,
}
