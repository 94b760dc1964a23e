//! `kneadle import`: routine files copied into the user's folder. Every
//! file is checked first and nothing is copied unless all are valid; a
//! routine already there is replaced only when the person says so (asked on
//! a terminal, or `--force`).

use crate::commands::validate::{self, Checked, STDIN};
use crate::store::library::{self, Saved, Target};
use crate::text::sanitize;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Checks `args` (files, folders, `-`) and copies them into the library.
pub fn import(
    args: &[PathBuf],
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let checked = validate::check_all(args);
    let mut refused = false;
    for c in &checked {
        if let Err(report) = &c.result {
            refused = true;
            write!(err, "{}", report.render())?;
        }
    }
    if refused {
        writeln!(err, "nothing was imported: fix the files above first")?;
        return Ok(ExitCode::from(1));
    }
    let planned: Vec<(String, &Checked)> = checked.iter().map(|c| (name_for(c), c)).collect();
    for (i, (name, c)) in planned.iter().enumerate() {
        if let Some((_, first)) = planned.iter().take(i).find(|(n, _)| n == name) {
            writeln!(
                err,
                "error: {} and {} would both be imported as `{name}`; nothing was imported",
                sanitize(&first.label),
                sanitize(&c.label)
            )?;
            return Ok(ExitCode::from(1));
        }
    }
    // Asking needs a person at a terminal, and standard input free to
    // answer on.
    let can_ask = !force
        && io::stdin().is_terminal()
        && io::stderr().is_terminal()
        && !args.iter().any(|a| a.as_os_str() == "-");
    let mut failed = false;
    for (name, c) in planned {
        let mut replace = force;
        if !force && can_ask && exists_in_library(&name) {
            replace = ask(&name, err)?;
            if !replace {
                writeln!(err, "kept your {}", sanitize(&name))?;
                continue;
            }
        }
        match library::save(&Target::Library(name), &c.text, replace) {
            Ok(saved) => said(&c.label, &saved, out)?,
            Err(report) => {
                failed = true;
                write!(err, "{}", report.render())?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The id a file is imported as: its file name, made a plain id, or for
/// standard input the routine's name.
fn name_for(c: &Checked) -> String {
    let stem = if c.label == STDIN {
        c.result
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_default()
    } else {
        Path::new(&c.label)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    slug(&stem)
}

/// `Evening Wind-down!` → `evening-wind-down`: letters and digits kept,
/// everything else one `-`; what would not make a name `kneadle run`
/// finds (letters that do not show) gives `imported`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if (c.is_alphanumeric() || c == '_') && !crate::text::is_forbidden(c) {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if crate::commands::new::parse_name(&out).is_ok() {
        out
    } else {
        "imported".into()
    }
}

fn exists_in_library(name: &str) -> bool {
    library::user_dir().is_some_and(|d| d.join(format!("{name}.toml")).exists())
}

/// "Replace your routine `x`? [y/N]", answered on standard input.
fn ask(name: &str, err: &mut dyn Write) -> io::Result<bool> {
    write!(
        err,
        "You already have a routine `{}`. Replace it? [y/N] ",
        sanitize(name)
    )?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
}

fn said(from: &str, saved: &Saved, out: &mut dyn Write) -> io::Result<()> {
    let note = if saved.replaced_file {
        " (it replaces the one that was there)"
    } else {
        ""
    };
    writeln!(
        out,
        "Imported {} to {}{note}",
        sanitize(from),
        saved.where_written()
    )?;
    saved.tell_how_to_run(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_ids() {
        assert_eq!(slug("Evening Wind-down!"), "evening-wind-down");
        assert_eq!(slug("  --  "), "imported");
        assert_eq!(slug("Nacken_2"), "nacken_2");
        assert!(crate::commands::new::parse_name(&slug("a/../b c")).is_ok());
        assert_eq!(slug("\u{3164}"), "imported");
        assert_eq!(slug("neck\u{3164}back"), "neck-back");
        assert_eq!(slug("\u{0345}"), "imported");
    }
}
