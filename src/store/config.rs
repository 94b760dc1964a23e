//! Settings: merged once at start-up from the defaults, the config file,
//! the environment and the flags (each later layer wins), each value
//! remembering where it came from, for `kneadle config` to say.
//!
//! Every setting is one row of the table in `table.rs`: its key, its form
//! (`form.rs`: how the file writes it), its default, its flags, its
//! environment variable and its help. The parser, the merge, `kneadle
//! config`, the config file's schema and the tests of the README all read
//! that table.
//!
//! The config file is read like a routine file: the same reader (no
//! waiting, bounded size), the same shape pass (unknown keys with "did you
//! mean", values of the wrong kind) and the same reports.

mod form;
mod table;

pub use form::{MAX_CAUTION_COUNTDOWN, name_of, names, written};
pub use table::{Bell, Layer, SETTINGS, Settings, Spec, ThemeName, VoiceMode};

use crate::routine::{Report, check_against, in_file_order, syntax_problem};
use crate::store::paths::{self, Location};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use std::borrow::Cow;
use std::path::Path;
use std::time::Duration;

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Default,
    File,
    /// The environment variable that set it.
    Environment(&'static str),
    /// The flag that set it.
    Flag(&'static str),
}

impl Source {
    pub fn describe(self) -> String {
        match self {
            Self::Default => "default".into(),
            Self::File => "config file".into(),
            Self::Environment(var) => format!("environment ({var})"),
            Self::Flag(flag) => format!("flag ({flag})"),
        }
    }
}

/// A value in effect, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// The environment variables the table names that are set and not empty
/// (an empty `NO_COLOR` means nothing: no-color.org).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    set: Vec<&'static str>,
}

impl Environment {
    pub fn read() -> Self {
        Self {
            set: SETTINGS
                .iter()
                .filter_map(|s| s.env)
                .filter(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
                .collect(),
        }
    }

    /// An environment where `vars` are set and no other.
    pub fn with(vars: &[&'static str]) -> Self {
        Self { set: vars.to_vec() }
    }

    fn is_set(&self, var: &str) -> bool {
        self.set.contains(&var)
    }
}

/// Settings given as flags (`kneadle run`, the picker, `kneadle config`):
/// the command line's own struct, so each flag is written once. They
/// override the config file and the environment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::Args)]
pub struct Flags {
    /// When to ring the terminal bell.
    #[arg(long, value_name = "WHEN")]
    pub bell: Option<Bell>,

    /// Do not ring the terminal bell (the same as `--bell off`).
    #[arg(long, conflicts_with = "bell")]
    pub no_bell: bool,

    /// The colours of the screens.
    #[arg(long, value_name = "THEME")]
    pub theme: Option<ThemeName>,

    /// In plain mode, also print each breath phase.
    #[arg(long)]
    pub breath_cues: bool,

    /// Speak the guidance with the system's speech program (`--voice`,
    /// or `--voice=breath` to hear every breath phase too).
    #[arg(long, value_name = "WHAT", num_args = 0..=1, require_equals = true, default_missing_value = "on")]
    pub voice: Option<VoiceMode>,
}

impl Flags {
    /// What the flags set, each value with the flag that set it (the
    /// table's `flags` name them; a test checks they agree).
    fn layer(&self) -> Layer {
        fn by<T>(flag: &'static str) -> impl Fn(T) -> Setting<T> {
            move |value| Setting {
                value,
                source: Source::Flag(flag),
            }
        }
        Layer {
            bell: if self.no_bell {
                Some(by("--no-bell")(Bell::Off))
            } else {
                self.bell.map(by("--bell"))
            },
            theme: self.theme.map(by("--theme")),
            breath_cues: self.breath_cues.then(|| by("--breath-cues")(true)),
            voice: self.voice.map(by("--voice")),
            ..Layer::default()
        }
    }
}

/// The layers in order: defaults, file, environment, flags.
pub fn merge(file: &Layer, env: &Environment, flags: &Flags) -> Settings {
    let mut settings = Settings::default();
    settings.overlay(file.clone());
    settings.overlay(env.layer());
    settings.overlay(flags.layer());
    settings
}

/// Reads and checks a config file's text; `origin` names it in messages.
/// Every problem is reported at once, in file order.
pub fn parse(origin: &str, source: &str) -> Result<Layer, Report> {
    let report = |mut problems: Vec<_>| {
        in_file_order(&mut problems);
        Report {
            origin: origin.to_owned(),
            source: source.to_owned(),
            problems,
        }
    };
    let mut document =
        toml::de::DeTable::parse(source).map_err(|e| report(vec![syntax_problem(source, &e)]))?;
    // Values of the wrong kind are reported and taken out; the settings
    // left are still checked.
    let keys: Vec<_> = SETTINGS.iter().map(|s| (s.key, s.kind)).collect();
    let found = check_against(&mut document, &keys);
    let mut problems = found.problems;
    let raw = match table::RawFile::deserialize(toml::de::Deserializer::from(document)) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(syntax_problem(source, &e));
            return Err(report(problems));
        }
    };
    let (layer, more) = raw.read(&form::FileText {
        source,
        taken_out: &found.taken_out,
    });
    problems.extend(more);
    if problems.is_empty() {
        Ok(layer)
    } else {
        Err(report(problems))
    }
}

/// Reads the config file at `path`; a missing file sets nothing.
pub fn read(path: &Path) -> Result<Option<Layer>, Report> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let source = crate::store::library::read_text(path, "config")?;
    parse(&path.display().to_string(), &source).map(Some)
}

/// The settings in effect, with the config file they were read from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// The config file's place, if the platform has one.
    pub file: Option<Location>,
    /// Whether that file exists (and so was read).
    pub found: bool,
}

/// Reads the config file and merges every layer: done once, at start-up.
pub fn load(flags: &Flags) -> Result<Loaded, Report> {
    let file = paths::config_file();
    let read = match &file {
        Some(place) => read(&place.path)?,
        None => None,
    };
    Ok(Loaded {
        found: read.is_some(),
        settings: merge(&read.unwrap_or_default(), &Environment::read(), flags),
        file,
    })
}

/// The settings a run starts with (the full screen or plain mode).
pub fn settings_for_run(flags: &Flags) -> Result<Settings, Report> {
    load(flags).map(|loaded| loaded.settings)
}

impl Settings {
    /// One line per setting, as the file would write it, with where it
    /// came from: what `kneadle config` prints.
    pub fn lines(&self) -> Vec<(String, Source)> {
        SETTINGS.iter().map(|spec| spec.line(self)).collect()
    }

    /// How long the caution of routine `id` counts down: the first time a
    /// routine is followed (as far as a history tells), it waits for Enter
    /// (zero), else the setting. The one place this rule lives, for the
    /// full screen and plain mode.
    pub fn countdown_for(&self, id: &str) -> Duration {
        if crate::store::history::followed_before(id) == Some(false) {
            Duration::ZERO
        } else {
            self.caution_countdown.value
        }
    }
}

/// The JSON Schema (draft 2020-12) of the config file, from the table, for
/// editors (`kneadle schema --config`).
pub fn schema() -> serde_json::Value {
    schemars::schema_for!(ConfigFile).to_value()
}

/// For the schema only: the config file.
struct ConfigFile;

impl JsonSchema for ConfigFile {
    fn schema_name() -> Cow<'static, str> {
        "ConfigFile".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let properties: serde_json::Map<String, serde_json::Value> = SETTINGS
            .iter()
            .map(|spec| (spec.key.to_owned(), spec.schema(generator).to_value()))
            .collect();
        json_schema!({
            "title": "kneadle config",
            "description": "kneadle's settings (config.toml); flags and NO_COLOR override them. Every key is optional.",
            "type": "object",
            "additionalProperties": false,
            "properties": properties,
        })
    }
}

#[cfg(test)]
mod tests;
