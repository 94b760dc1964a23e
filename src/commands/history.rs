//! `kneadle history`: recent sessions, this week, the streak and each
//! routine, as text or JSON.

use super::{Format, fail};
use crate::store::{history, paths};
use std::io::{self, Write};
use std::process::ExitCode;

pub fn show(format: Format, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let Some(path) = paths::history_file() else {
        writeln!(
            err,
            "error: no state folder: no home folder was found\n  = help: set KNEADLE_STATE_DIR to a folder for the history"
        )?;
        return Ok(ExitCode::from(1));
    };
    let today = jiff::ZonedDateTime::now().date();
    let summary = match history::read(&path, today) {
        Ok(summary) => summary,
        Err(report) => return fail(err, &report),
    };
    if let Some(warning) = summary.warning(&path) {
        writeln!(err, "warning: {warning}")?;
    }
    match format {
        Format::Text => summary.write_text(out)?,
        Format::Json => writeln!(out, "{}", summary.to_json())?,
    }
    Ok(ExitCode::SUCCESS)
}
