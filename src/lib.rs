//! kneadle: a calm terminal guide through timed self-massage routines.
//!
//! The core (`routine`, `plan`, `session`) is pure: it never touches the
//! terminal, the file system or the clock. `library`, `cli`, `terminal` and
//! `tui` are the shell around it.

pub mod duration;
pub mod plan;
pub mod routine;
pub mod session;
pub mod text;
