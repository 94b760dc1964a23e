//! `kneadle new`: a routine file to start from, either the commented
//! template below (every key of the format, each explained) or a copy of a
//! routine that exists, written where the library finds it and never over a
//! file that is already there unless asked.

use crate::store::library::{self, Saved};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

/// The name `kneadle new` uses when it is given none.
pub const DEFAULT_NAME: &str = "my-routine";

/// The template; `{TITLE}` is the routine's name.
const TEMPLATE: &str = r#"# A kneadle routine. Every key of the format is here once, with what it
# does; delete what you do not need. docs/routine-format.md is the full
# reference. Check the file with `kneadle validate FILE` as you go.

# The format version: always 1 for this kneadle (required).
kneadle = 1
# Shown in the picker and at the top of the screen (required, up to 80
# characters).
name = "{TITLE}"
# One or two sentences; name the equipment needed (up to 300 characters).
summary = "Five calm minutes for tight shoulders. You need a chair."
# Who wrote it (up to 100 characters).
author = "Your name"
# Body areas and anything else to find it by: up to 20 words each.
areas = ["shoulders"]
tags = ["desk"]
# "Get ready" time before each step, side and repeat: "0s" to "5m"
# (default "5s"). Durations are "45s", "1m30s", "2m", or a number of seconds.
lead_in = "5s"
# Shown before the routine starts: when to stop (up to 1500 characters).
caution = "Stop if you feel sharp pain, numbness or tingling."

# Each [[steps]] table is one step, in order (1 to 500 steps).
[[steps]]
# kneading, stroking, stretching, pressure, breathing or rest (required).
technique = "breathing"
# Up to 80 characters (required).
name = "Arrive"
# How long: 1 s to 2 h, per side and per repeat (required).
duration = "1m"
# Breathing steps only: a preset (box, 4-7-8, coherent, relax, sigh) or a
# pattern in seconds such as { inhale = 4, hold = 0, exhale = 6, hold_out = 0 }.
breath = { inhale = 4, hold = 0, exhale = 6, hold_out = 0 }
# One or two short sentences, read at a glance (up to 600 characters).
instructions = "Sit tall, let the shoulders drop, breathe through the nose."

[[steps]]
technique = "kneading"
name = "Knead the shoulder"
duration = "45s"
instructions = "Reach across with the opposite hand and knead the top of the shoulder."
# What the voice (--voice) and plain mode say instead of the name when the
# step starts (up to 160 characters).
say = "Knead the top of the shoulder with the opposite hand"
# true: the step runs for one side, then the other (default false).
sides = true
# How many rounds, 1 to 50 (default 1).
repeat = 2
# This step's own "get ready" time, instead of the routine's.
lead_in = "10s"
# Up to 50 prompts shown while the step runs: plain texts are spread evenly;
# { at = "30s", text = "..." } places one (counted from the start of each
# side and repeat, before the step ends).
cues = [
  "Slow, deep circles",
  { at = "30s", text = "Ease off any sharp spot" },
]
"#;

/// The template for a routine called `name` (a plain id such as
/// `my-routine`): "My routine".
pub fn template(name: &str) -> String {
    // Words between the dashes and underscores, one space apart; a name of
    // only those ("_") keeps its own spelling, never a blank title.
    let words: Vec<&str> = name.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let spaced = if words.is_empty() {
        name.to_owned()
    } else {
        words.join(" ")
    };
    let mut chars = spaced.chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    TEMPLATE.replace("{TITLE}", &title)
}

/// Is `name` fit to be a file name and the id typed after `kneadle run`?
/// Letters, digits, `-` and `_`, not starting with `-`: nothing a shell,
/// a path or a TOML string would treat specially; and it must show, and
/// be an id `kneadle run` resolves ([`library::is_plain_id`]), so the file
/// written is the routine that runs. Checked before anything is written.
pub fn parse_name(name: &str) -> Result<String, String> {
    let fits = !name.is_empty()
        && name.chars().count() <= 60
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if !fits {
        return Err("a routine's name is letters, digits, `-` and `_` (such as `my-routine`); use --path to write anywhere".into());
    }
    // Letters that draw as nothing (U+3164 HANGUL FILLER is a letter) make
    // a name no one can see to type.
    if crate::text::is_blank(name) {
        return Err("this name is blank to the eye, so it could not be typed to run the routine; choose a name of visible letters and digits, such as `my-routine`".into());
    }
    if let Some((_, c)) = crate::text::first_forbidden(name) {
        return Err(format!(
            "this name holds {}, which does not show, so it could not be typed to run the routine; choose a name of visible letters and digits, such as `my-routine`",
            crate::text::describe(c)
        ));
    }
    if !library::is_plain_id(name) {
        return Err("`kneadle run` would not find a routine by this name; choose a name of visible letters and digits, such as `my-routine`".into());
    }
    Ok(name.to_owned())
}

/// What `kneadle new` was asked.
pub struct Request<'a> {
    pub name: &'a str,
    pub path: Option<&'a Path>,
    pub from: Option<&'a str>,
    pub force: bool,
}

/// Writes the template or the copy, and says where and how to run it.
pub fn new(req: &Request<'_>, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let name = req.name;
    let text = match req.from {
        Some(from) => match library::checked_text(from) {
            Ok(text) => text,
            Err(report) => return crate::commands::fail(err, &report),
        },
        None => template(name),
    };
    let target = match req.path {
        Some(path) => library::Target::Path(path.to_path_buf()),
        None => library::Target::Library(name.to_owned()),
    };
    match library::save(&target, &text, req.force) {
        Ok(saved) => {
            said(&saved, out)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(report) => crate::commands::fail(err, &report),
    }
}

/// "Wrote PATH" (or the file a link there points to), and the id to run
/// it by.
pub fn said(saved: &Saved, out: &mut dyn Write) -> io::Result<()> {
    let verb = if saved.replaced_file {
        "Replaced"
    } else {
        "Wrote"
    };
    writeln!(out, "{verb} {}", saved.where_written())?;
    saved.tell_how_to_run(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Routine;

    #[test]
    fn the_template_is_a_valid_routine_named_after_the_file() {
        for name in ["my-routine", "évening_wind", "x"] {
            let text = template(name);
            let routine = Routine::parse("template.toml", &text)
                .unwrap_or_else(|report| panic!("{name}:\n{report}"));
            assert_eq!(
                routine.name,
                template(name)
                    .lines()
                    .find_map(|l| l.strip_prefix("name = \""))
                    .unwrap()
                    .trim_end_matches('"')
            );
        }
        assert!(template("my-routine").contains("name = \"My routine\""));
    }

    #[test]
    fn the_template_shows_every_key_of_the_format() {
        let text = template("x");
        let set: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
            .collect();
        for key in crate::routine::all_keys() {
            let shown = set.contains(&key) || text.contains(&format!("{{ {key} = "));
            let inline = text.contains(&format!(" {key} = "));
            assert!(
                shown || inline || key == "steps",
                "the template lacks `{key}`"
            );
        }
    }

    #[test]
    fn names_are_typeable_ids() {
        assert!(parse_name("neck-2").is_ok());
        assert!(parse_name("../x").is_err());
        assert!(parse_name("a b").is_err());
        assert!(parse_name("-x").is_err());
        assert!(parse_name("x\"y").is_err());
        assert!(parse_name("").is_err());
    }

    #[test]
    fn names_that_do_not_show_are_refused() {
        // Letters to Unicode, blank or invisible to the eye.
        for name in ["\u{3164}", "\u{3164}\u{3164}", "\u{115F}", "\u{FFA0}"] {
            let why = parse_name(name).unwrap_err();
            assert!(why.contains("blank to the eye"), "{name:?}: {why}");
        }
        let why = parse_name("neck\u{3164}").unwrap_err();
        assert!(why.contains("U+3164"), "{why}");
        // A combining mark that is a letter, with nothing to sit on, draws
        // nothing.
        let why = parse_name("\u{0345}").unwrap_err();
        assert!(why.contains("blank to the eye"), "{why}");
        assert_eq!(parse_name("évening_2").unwrap(), "évening_2");
    }

    #[test]
    fn a_name_of_dashes_and_underscores_still_makes_a_valid_routine() {
        for (id, title) in [("_", "_"), ("_-_", "_-_"), ("a-", "A"), ("a__b", "A b")] {
            let text = template(id);
            assert!(
                text.contains(&format!("name = \"{title}\"")),
                "{id}: {text}"
            );
            assert!(
                crate::routine::Routine::parse("t.toml", &text).is_ok(),
                "{id}: {text}"
            );
        }
    }
}
