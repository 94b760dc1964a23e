//! kneadle: a calm terminal guide through timed self-massage routines.
//!
//! The core (`routine`, `plan`, `session`, `guide`, `duration`, `text`) is
//! the crate `kneadle-core` (folder `core/`): it never touches the
//! terminal, the file system or the clock, and the compiler holds it to
//! that. It is re-exported here under the same names. `library`, `cli`,
//! `terminal` and `tui` are the shell around it.

pub use kneadle_core::{duration, guide, plan, routine, session, text};

pub mod cli;
pub mod commands;
pub mod front;
pub mod store;

use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// The whole program: parse the command line, run it, report errors in one
/// place. A closed pipe (`kneadle list | head -1`) is quiet, but the exit
/// status is still what the command found.
pub fn main() -> ExitCode {
    let mut out = cli::Output::new(io::stdout().lock());
    let mut err = cli::Output::new(io::stderr().lock());
    let result = match cli::Cli::try_parse() {
        Ok(cli) => match cli::run(&cli, &mut out, &mut err) {
            Ok(cli::Launch::Tui { entry, settings }) => {
                // The interface owns the terminal from here.
                drop((out, err));
                return front::tui::main(entry.map(|e| *e), settings);
            }
            Ok(cli::Launch::Plain { entry, settings }) => {
                drop((out, err));
                return front::plain::main(*entry, settings);
            }
            Ok(cli::Launch::Done(code)) => Ok(code),
            Err(e) => Err(e),
        },
        Err(e) => cli::usage(&e, &mut out, &mut err),
    };
    match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
