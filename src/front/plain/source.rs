//! Where plain mode's time and input come from: the monotonic clock and
//! the terminal's channel, or, in its tests, a script on a fake clock.

use crate::front::terminal::Input;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

/// Where time and input come from: the monotonic clock and the terminal's
/// channel, or, in tests, a script on a fake clock.
pub(super) trait Source {
    fn now(&mut self) -> Instant;
    /// The next input before `deadline` (waiting for ever without one):
    /// `Ok(None)` once the deadline passes, `Err` when no input can come.
    fn next(&mut self, deadline: Option<Instant>) -> Result<Option<Input>, Closed>;
}

/// No more input can come.
pub(super) struct Closed;

/// The real clock and the terminal's inputs and signals.
pub(super) struct Live {
    pub(super) inputs: Receiver<Input>,
}

impl Source for Live {
    fn now(&mut self) -> Instant {
        Instant::now()
    }

    fn next(&mut self, deadline: Option<Instant>) -> Result<Option<Input>, Closed> {
        match deadline {
            Some(at) => match self
                .inputs
                .recv_timeout(at.saturating_duration_since(Instant::now()))
            {
                Ok(input) => Ok(Some(input)),
                Err(RecvTimeoutError::Timeout) => Ok(None),
                Err(RecvTimeoutError::Disconnected) => Err(Closed),
            },
            None => self.inputs.recv().map(Some).map_err(|_| Closed),
        }
    }
}
