//! The commands besides following a routine, one file each, named after
//! the command (`validate`, `list` and `show`, `new`, `import`, `export`,
//! `history`, `config`), and what they share: the output format and one way
//! to fail on a report.

pub mod config;
pub mod export;
pub mod history;
pub mod import;
pub mod list;
pub mod new;
pub mod show;
pub mod validate;

use crate::routine::Report;
use clap::ValueEnum;
use std::io::{self, Write};
use std::process::ExitCode;

/// How a command prints: for people, or for scripts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    /// One JSON document.
    Json,
}

/// Prints `report` and gives the status of invalid input.
pub fn fail(err: &mut dyn Write, report: &Report) -> io::Result<ExitCode> {
    write!(err, "{}", report.render())?;
    Ok(ExitCode::from(1))
}
