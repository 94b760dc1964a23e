//! kneadle: a calm terminal guide through timed self-massage routines.
//!
//! The core (`routine`, `plan`, `session`, `guide`) is pure: it never touches the
//! terminal, the file system or the clock. `library`, `cli`, `terminal` and
//! `tui` are the shell around it.

pub mod cli;
pub mod duration;
pub mod guide;
pub mod library;
pub mod plan;
pub mod routine;
pub mod session;
pub mod terminal;
pub mod text;
pub mod tui;

use clap::Parser;
use std::io::{self, Write};
use std::process::ExitCode;

/// The whole program: parse the command line, run it, report errors in one
/// place. A closed pipe (`kneadle list | head -1`) is a quiet success.
pub fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let stdout = io::stdout();
    let stderr = io::stderr();
    let result = cli::run(&cli, &mut stdout.lock(), &mut stderr.lock());
    match result {
        Ok(cli::Outcome::Done(code)) => code,
        Ok(cli::Outcome::Tui(entry)) => {
            tui::main(entry.map(|e| *e), tui::Options { bell: !cli.no_bell })
        }
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}
