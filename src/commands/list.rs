//! What `list` prints: for people as aligned text, for scripts
//! as one JSON document (`--format json`). Every text from a file or a
//! file name passes the sanitizer first, in both.

use crate::commands::Format;
use crate::duration;
use crate::store::library::{self, Origin, Whose};
use crate::text::sanitize;
use serde_json::json;
use std::io::{self, Write};
use std::process::ExitCode;

/// The version of the JSON documents' shape: raised only when a field
/// changes meaning or goes away (new fields may appear).
pub const JSON_VERSION: u32 = 1;

/// `kneadle list`.
pub fn list(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    match format {
        Format::Text => list_text(out, err),
        Format::Json => list_json(out, err),
    }
}

/// Whose a routine is, as `list` says it.
fn whose(id: &str, origin: &Origin) -> &'static str {
    match library::whose(id, origin) {
        Whose::Replaces(_) => "yours, replaces the built-in",
        Whose::Replaced => "built-in, replaced by yours",
        Whose::Yours => "yours",
        Whose::BuiltIn => "built-in",
    }
}

fn list_json(out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let (places, folder) = library::places();
    let mut routines = Vec::new();
    for (id, origin) in places {
        let entry = library::load(id, origin);
        let path = match &entry.origin {
            Origin::File(p) => Some(sanitize(&p.display().to_string()).into_owned()),
            Origin::Builtin(_) => None,
        };
        let mut item = json!({
            "id": sanitize(&entry.id),
            "whose": whose(&entry.id, &entry.origin),
            "path": path,
        });
        match &entry.routine {
            Ok(r) => {
                item["valid"] = json!(true);
                item["name"] = json!(sanitize(&r.name));
                item["areas"] = json!(r.areas.iter().map(|a| sanitize(a)).collect::<Vec<_>>());
                item["seconds"] = json!(r.total().as_secs());
                item["steps"] = json!(r.steps.len());
            }
            Err(report) => {
                item["valid"] = json!(false);
                item["problems"] = json!(report.short().lines().collect::<Vec<_>>());
            }
        }
        routines.push(item);
    }
    let document = json!({
        "version": JSON_VERSION,
        "routines": routines,
        "notices": folder.notices().iter().map(|n| sanitize(n).into_owned()).collect::<Vec<_>>(),
        "folder": library::user_dir().map(|d| sanitize(&d.display().to_string()).into_owned()),
    });
    let text = serde_json::to_string_pretty(&document).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    let _ = err;
    Ok(ExitCode::SUCCESS)
}

fn list_text(out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    // Each routine is read, printed and dropped in turn: memory stays that
    // of one file, however many the folder holds.
    let (places, folder) = library::places();
    let id_width = places
        .iter()
        .map(|(id, _)| sanitize(id).chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:id_width$}  {:>8}  {:>5}  NAME / AREAS",
        "ROUTINE", "TIME", "STEPS"
    )?;
    for (id, origin) in places {
        let entry = library::load(id, origin);
        let id = sanitize(&entry.id);
        match &entry.routine {
            Ok(r) => {
                let areas = if r.areas.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.areas.join(", "))
                };
                let own = match library::whose(&entry.id, &entry.origin) {
                    Whose::BuiltIn => String::new(),
                    Whose::Replaced => " [replaced by yours]".to_owned(),
                    _ => format!(" [{}]", whose(&entry.id, &entry.origin)),
                };
                writeln!(
                    out,
                    "{id:id_width$}  {:>8}  {:>5}  {}{}{own}",
                    duration::clock(r.total()),
                    r.steps.len(),
                    sanitize(&r.name),
                    sanitize(&areas)
                )?;
            }
            Err(report) => {
                writeln!(
                    out,
                    "{id:id_width$}  {:>8}  {:>5}  (invalid: see below)",
                    "-", "-"
                )?;
                for line in report.short().lines() {
                    writeln!(err, "warning: {line}")?;
                }
            }
        }
    }
    for notice in folder.notices() {
        writeln!(err, "warning: {notice}")?;
    }
    if let Some(dir) = library::user_dir() {
        let note = if dir.is_dir() {
            ""
        } else {
            " (create the folder to add your own)"
        };
        writeln!(
            out,
            "\nYour routines live in {}{note}",
            sanitize(&dir.display().to_string())
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
