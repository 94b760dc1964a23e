//! The command line: one clap struct, and the plain-text commands.
//!
//! Exit codes:
//! - 0: success (also `--help` and `--version`, and a routine run to its end
//!   or quit);
//! - 1: invalid input (a bad routine or config file, a missing file) or output that could
//!   not be written (a full disk; a closed pipe is not an error);
//! - 2: usage errors (clap's own), and `run` without a terminal;
//! - 128 + n: the routine was ended by signal n: 129 SIGHUP, 130 SIGINT
//!   (Ctrl-C), 143 SIGTERM, and so on for the others it catches.
//!
//! Every problem goes to stderr as a rendered `Report`: `error: message`,
//! then `--> file:line:col` and a `help:`. Nothing is printed unsanitized,
//! clap's messages included: they echo the arguments.

pub use crate::commands::Format;
use crate::commands::fail;
use crate::plan::Plan;
use crate::store::config::{self, Settings};
use crate::store::library::{self, Entry};
use crate::text::sanitize_lines;
use clap::builder::Styles;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// A calm terminal guide through timed self-massage routines.
///
/// Run `kneadle` alone to pick a routine, or `kneadle run middle-back`.
#[derive(Debug, Parser)]
// Plain styles: clap's colours would be escapes around the arguments it
// echoes, which the sanitizer would then have to tell apart from theirs.
// Run flags given with a subcommand other than `run` are refused: `kneadle
// --no-bell list` is a mistake, not a setting.
#[command(name = "kneadle", version, about, long_about = None, styles = Styles::plain(),
    args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Settings for the routine picked (`kneadle` alone).
    #[command(flatten)]
    pub flags: config::Flags,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Follow a routine: a built-in or user routine name, or a .toml path.
    Run {
        /// A routine name (see `kneadle list`) or the path to a .toml file.
        routine: String,

        /// No full screen: one line of text per event (for screen readers,
        /// logs and scripts); works without a terminal.
        #[arg(long)]
        plain: bool,

        #[command(flatten)]
        flags: config::Flags,
    },
    /// List the built-in routines and your own.
    List {
        /// `json`: one document, for scripts.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Print a routine's plan: every step with its start time.
    Show {
        /// A routine name or the path to a .toml file.
        routine: String,

        /// `json`: one document, for scripts.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Check routine files; exits 1 if any has a problem.
    Validate {
        /// Routine files, folders (every .toml below, hidden ones skipped),
        /// or `-` for standard input.
        #[arg(required = true, value_name = "FILE|DIR|-")]
        files: Vec<PathBuf>,

        /// `json` prints one JSON document, for a repository's CI.
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: Format,
    },
    /// Write a new routine file: a commented template of every key, or a
    /// copy of a routine; it never replaces a file without --force.
    New {
        /// The routine's name: its file is NAME.toml in your routine folder
        /// and `kneadle run NAME` runs it.
        #[arg(value_parser = crate::commands::new::parse_name, default_value = crate::commands::new::DEFAULT_NAME)]
        name: String,

        /// Write to this file instead of your routine folder.
        #[arg(long, value_name = "FILE")]
        path: Option<PathBuf>,

        /// Start from a copy of this routine (a name or a .toml path).
        #[arg(long, value_name = "ROUTINE")]
        from: Option<String>,

        /// Replace a file that is already there.
        #[arg(long)]
        force: bool,
    },
    /// Copy routine files into your routine folder, checked first;
    /// replacing one of yours asks (on a terminal) or needs --force.
    Import {
        /// Routine files, folders (every .toml below), or `-` for
        /// standard input.
        #[arg(required = true, value_name = "FILE|DIR|-")]
        files: Vec<PathBuf>,

        /// Replace routines of yours with the same name without asking.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of routine files, for editors (taplo, Even
    /// Better TOML) to complete and check them.
    Schema {
        /// The config file's schema instead.
        #[arg(long)]
        config: bool,
    },
    /// Print a shell's completion script: `kneadle completions bash >
    /// ~/.local/share/bash-completion/completions/kneadle`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print kneadle's manual page (roff): `kneadle man | man -l -`.
    Man,
    /// Print a routine's file, to copy and change.
    Export {
        /// A routine name or the path to a .toml file.
        routine: String,
    },
    /// Show the config file's path and every setting in effect, with where
    /// it came from; flags show what a run given them would use.
    Config {
        #[command(flatten)]
        flags: config::Flags,
    },
    /// Show recent sessions, minutes this week, the streak of days, and
    /// sessions per routine.
    History {
        /// `json` prints one JSON document, for scripts.
        #[arg(long, value_name = "FORMAT", default_value = "text")]
        format: Format,
    },
}

/// What a command asks of the caller after it has printed.
pub enum Launch {
    Done(ExitCode),
    /// Open the terminal interface: the picker, or a routine straight
    /// away, with the settings merged at start-up.
    Tui {
        entry: Option<Box<Entry>>,
        settings: Settings,
    },
    /// Follow a routine as lines of text (`run --plain`).
    Plain {
        entry: Box<Entry>,
        settings: Settings,
    },
}

/// Runs the plain-text commands, writing to `out` and `err`.
pub fn run(cli: &Cli, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<Launch> {
    let code = match &cli.command {
        None => match config::settings_for_run(&cli.flags) {
            Ok(settings) => {
                return Ok(Launch::Tui {
                    entry: None,
                    settings,
                });
            }
            Err(report) => fail(err, &report)?,
        },
        Some(Command::Run {
            routine,
            plain,
            flags,
        }) => match (config::settings_for_run(flags), library::resolve(routine)) {
            (Err(report), _) | (_, Err(report)) => fail(err, &report)?,
            (
                Ok(_),
                Ok(Entry {
                    routine: Err(report),
                    ..
                }),
            ) => fail(err, &report)?,
            (Ok(settings), Ok(entry)) if *plain => {
                return Ok(Launch::Plain {
                    entry: Box::new(entry),
                    settings,
                });
            }
            (Ok(settings), Ok(entry)) => {
                return Ok(Launch::Tui {
                    entry: Some(Box::new(entry)),
                    settings,
                });
            }
        },
        Some(Command::List { format }) => crate::commands::list::list(*format, out, err)?,
        Some(Command::Show { routine, format }) => match library::resolve(routine) {
            Ok(Entry { routine: Ok(r), .. }) => {
                crate::commands::show::show(*format, out, &Plan::new(r))?;
                ExitCode::SUCCESS
            }
            Ok(Entry {
                routine: Err(report),
                ..
            })
            | Err(report) => fail(err, &report)?,
        },
        Some(Command::Validate { files, format }) => {
            let checked = crate::commands::validate::check_all(files);
            match format {
                Format::Text => crate::commands::validate::write_text(&checked, out, err)?,
                Format::Json => crate::commands::validate::write_json(&checked, out)?,
            }
        }
        Some(Command::Export { routine }) => crate::commands::export::export(routine, out, err)?,
        Some(Command::Completions { shell }) => {
            // Written to a buffer first: clap_complete writes in pieces and
            // a closed pipe is handled by `out`.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "kneadle", &mut script);
            out.write_all(&script)?;
            ExitCode::SUCCESS
        }
        Some(Command::Man) => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            ExitCode::SUCCESS
        }
        Some(Command::Schema { config: of_config }) => {
            let schema = if *of_config {
                config::schema()
            } else {
                crate::routine::schema()
            };
            let text = serde_json::to_string_pretty(&schema).map_err(io::Error::other)?;
            writeln!(out, "{text}")?;
            ExitCode::SUCCESS
        }
        Some(Command::Import { files, force }) => {
            crate::commands::import::import(files, *force, out, err)?
        }
        Some(Command::New {
            name,
            path,
            from,
            force,
        }) => crate::commands::new::new(
            &crate::commands::new::Request {
                name,
                path: path.as_deref(),
                from: from.as_deref(),
                force: *force,
            },
            out,
            err,
        )?,
        Some(Command::Config { flags }) => crate::commands::config::show(flags, out, err)?,
        Some(Command::History { format }) => crate::commands::history::show(*format, out, err)?,
    };
    Ok(Launch::Done(code))
}

/// Prints what clap has to say (help, version or a usage error), made safe:
/// it quotes the arguments as given. Returns clap's exit code.
pub fn usage(e: &clap::Error, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let text = e.render().ansi().to_string();
    let text = sanitize_lines(&text);
    if e.use_stderr() {
        err.write_all(text.as_bytes())?;
    } else {
        out.write_all(text.as_bytes())?;
    }
    Ok(ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)))
}

/// Standard output or error, silenced by a closed pipe instead of failing:
/// the reader has gone (`kneadle validate a.toml 2>&1 | head -1`), but the
/// command still runs to its end and exits with what it found.
pub struct Output<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            closed: false,
        }
    }

    fn quiet<T>(&mut self, result: io::Result<T>, closed: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(closed)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.quiet(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quiet(result, ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
