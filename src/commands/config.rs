//! `kneadle config`: where the config file, routines and state are, the
//! speech program the voice would use, and every setting with its source.

use super::fail;
use crate::store::{config, paths};
use crate::text::sanitize;
use std::io::{self, Write};
use std::process::ExitCode;

pub fn show(
    flags: &config::Flags,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let loaded = match config::load(flags) {
        Ok(loaded) => loaded,
        Err(report) => return fail(err, &report),
    };
    let place = |label: &str, place: Option<paths::Location>, note: &str| {
        let text = match place {
            Some(p) => {
                let from = p
                    .from_env
                    .map_or(String::new(), |var| format!(", set by {var}"));
                format!("{}{from}{note}", sanitize(&p.path.display().to_string()))
            }
            None => "none: no home folder was found".into(),
        };
        format!("{label:<12} {text}")
    };
    let found = if loaded.found {
        ""
    } else {
        " (not found: the defaults apply)"
    };
    writeln!(out, "{}", place("config file", loaded.file, found))?;
    writeln!(out, "{}", place("routines", paths::routines_dir(), ""))?;
    writeln!(out, "{}", place("state", paths::state_dir(), ""))?;
    let path = std::env::var_os("PATH");
    let command = loaded.settings.voice_command.value.as_deref();
    let speech = match crate::front::voice::Speaker::find(command, path.as_deref()) {
        Some(speaker) => speaker.name(),
        None => crate::front::voice::not_found(command),
    };
    writeln!(out, "{:<12} {speech}", "speech")?;
    writeln!(out)?;
    let lines = loaded.settings.lines();
    let width = lines.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    for (line, source) in lines {
        writeln!(out, "{line:width$}  # {}", source.describe())?;
    }
    Ok(ExitCode::SUCCESS)
}
