//! Settings: merged once at start-up from the defaults, the config file,
//! the environment and the flags (each later layer wins), each value
//! remembering where it came from, for `kneadle config` to say.
//!
//! The config file is read like a routine file: the same reader (no
//! waiting, bounded size), the same shape pass (unknown keys with "did you
//! mean", values of the wrong kind) and the same reports.

use crate::paths::{self, Place};
use crate::routine::{
    Code, Kind, Problem, RawDuration, Report, check_against, duration_value, in_file_order,
    suggest, syntax_problem,
};
use clap::ValueEnum;
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

/// When the terminal bell rings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Bell {
    /// At each new step, side switch and the finish.
    Transitions,
    /// Also at cues, halfway and ten seconds left.
    All,
    /// Never.
    Off,
}

/// Which colours the screens use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeName {
    /// Colour, unless `NO_COLOR` is set.
    Auto,
    /// No colour: bold, dim, reverse video and glyphs.
    Mono,
    /// The terminal's own colours at full strength, bold and reverse video.
    HighContrast,
}

/// Whether kneadle speaks its guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VoiceMode {
    /// Silent.
    Off,
    /// Steps, side switches, halfway, ten seconds left, cues, the end.
    On,
    /// All of that, and every breath phase (chatty).
    Breath,
}

/// At most this many words in `voice_command`, each at most this long.
const MAX_COMMAND_WORDS: usize = 16;
const MAX_COMMAND_WORD: usize = 200;

/// The longest caution countdown the file may set.
pub const MAX_CAUTION_COUNTDOWN: Duration = Duration::from_secs(5 * 60);

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

impl<T> Setting<T> {
    fn set(&mut self, value: T, source: Source) {
        *self = Setting { value, source };
    }
}

/// Every setting in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub bell: Setting<Bell>,
    pub theme: Setting<ThemeName>,
    /// How long a caution shows before the routine starts by itself; zero
    /// means it waits for Enter.
    pub caution_countdown: Setting<Duration>,
    /// Plain mode prints breath phases.
    pub breath_cues: Setting<bool>,
    pub voice: Setting<VoiceMode>,
    /// The speech program and its first arguments; `None` finds one.
    pub voice_command: Setting<Option<Vec<String>>>,
}

impl<T> Setting<T> {
    fn default(value: T) -> Self {
        Self {
            value,
            source: Source::Default,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bell: Setting::default(Bell::Transitions),
            theme: Setting::default(ThemeName::Auto),
            caution_countdown: Setting::default(Duration::from_secs(15)),
            breath_cues: Setting::default(false),
            voice: Setting::default(VoiceMode::Off),
            voice_command: Setting::default(None),
        }
    }
}

/// What the config file sets (only what it names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub bell: Option<Bell>,
    pub theme: Option<ThemeName>,
    pub caution_countdown: Option<Duration>,
    pub breath_cues: Option<bool>,
    pub voice: Option<VoiceMode>,
    pub voice_command: Option<Vec<String>>,
}

/// What the environment says about settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Environment {
    /// `NO_COLOR` is set and not empty (no-color.org).
    pub no_color: bool,
}

impl Environment {
    pub fn read() -> Self {
        Self {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

/// Settings given as flags (`kneadle run`, the picker, `kneadle config`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags {
    pub bell: Option<Bell>,
    pub no_bell: bool,
    pub theme: Option<ThemeName>,
    pub breath_cues: bool,
    pub voice: Option<VoiceMode>,
}

/// The layers in order: defaults, file, environment, flags.
pub fn merge(file: &FileSettings, env: &Environment, flags: &Flags) -> Settings {
    let mut s = Settings::default();
    if let Some(v) = file.bell {
        s.bell.set(v, Source::File);
    }
    if let Some(v) = file.theme {
        s.theme.set(v, Source::File);
    }
    if let Some(v) = file.caution_countdown {
        s.caution_countdown.set(v, Source::File);
    }
    if let Some(v) = file.breath_cues {
        s.breath_cues.set(v, Source::File);
    }
    if let Some(v) = file.voice {
        s.voice.set(v, Source::File);
    }
    if let Some(v) = &file.voice_command {
        s.voice_command.set(Some(v.clone()), Source::File);
    }
    if env.no_color {
        s.theme
            .set(ThemeName::Mono, Source::Environment("NO_COLOR"));
    }
    if let Some(v) = flags.bell {
        s.bell.set(v, Source::Flag("--bell"));
    }
    if flags.no_bell {
        s.bell.set(Bell::Off, Source::Flag("--no-bell"));
    }
    if let Some(v) = flags.theme {
        s.theme.set(v, Source::Flag("--theme"));
    }
    if flags.breath_cues {
        s.breath_cues.set(true, Source::Flag("--breath-cues"));
    }
    if let Some(v) = flags.voice {
        s.voice.set(v, Source::Flag("--voice"));
    }
    s
}

/// The config file's keys, with the kind of value each takes (for the
/// shape pass, as the routine's keys are).
pub const KEYS: &[(&str, Kind)] = &[
    ("bell", Kind::Text),
    ("theme", Kind::Text),
    ("caution_countdown", Kind::Duration),
    ("breath_cues", Kind::Bool),
    ("voice", Kind::Text),
    ("voice_command", Kind::Words),
];

/// The file as written, with positions.
#[derive(Debug, Deserialize)]
struct RawConfig {
    bell: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    caution_countdown: Option<Spanned<RawDuration>>,
    breath_cues: Option<Spanned<bool>>,
    voice: Option<Spanned<String>>,
    voice_command: Option<Spanned<Vec<Spanned<String>>>>,
}

/// Reads and checks a config file's text; `origin` names it in messages.
/// Every problem is reported at once, in file order.
pub fn parse(origin: &str, source: &str) -> Result<FileSettings, Report> {
    let report = |mut problems: Vec<Problem>| {
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
    let found = check_against(&mut document, KEYS);
    let mut problems = found.problems;
    let raw = match RawConfig::deserialize(toml::de::Deserializer::from(document)) {
        Ok(raw) => raw,
        Err(e) => {
            problems.push(syntax_problem(source, &e));
            return Err(report(problems));
        }
    };
    let mut settings = FileSettings {
        bell: raw.bell.and_then(|v| choice(&v, "bell", &mut problems)),
        theme: raw.theme.and_then(|v| choice(&v, "theme", &mut problems)),
        breath_cues: raw.breath_cues.map(|v| *v.get_ref()),
        caution_countdown: None,
        voice: raw.voice.and_then(|v| choice(&v, "voice", &mut problems)),
        voice_command: raw.voice_command.and_then(|v| {
            let written = found.taken_out.written_len(&v);
            command(&v, written, &mut problems)
        }),
    };
    if let Some(raw) = &raw.caution_countdown {
        match duration_value(
            source,
            raw,
            "the caution countdown",
            Duration::ZERO,
            MAX_CAUTION_COUNTDOWN,
        ) {
            Ok(d) => settings.caution_countdown = Some(d),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(report(problems))
    }
}

/// The variant named `value` as the file writes it, or a problem that
/// lists the names (or the one meant).
fn choice<T: ValueEnum + Copy>(
    value: &Spanned<String>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let given = value.get_ref().as_str();
    let found = T::value_variants()
        .iter()
        .find(|v| v.to_possible_value().is_some_and(|p| p.get_name() == given));
    if found.is_none() {
        let names = names::<T>();
        // Quote a short value; a long one would only flood the report.
        let message = if given.chars().count() <= 40 {
            format!("unknown {key} setting `{given}`")
        } else {
            format!("unknown {key} setting")
        };
        problems.push(
            Problem::at(Code::UnknownSetting, value.span(), message)
                .help(suggest(given, names.iter().map(String::as_str))),
        );
    }
    found.copied()
}

/// `voice_command`: a program and its first arguments, each shown and
/// passed as written, so none may hide a control character; bounded.
/// `written` counts its words as the file writes them, those of the wrong
/// kind (already reported) included.
fn command(
    value: &Spanned<Vec<Spanned<String>>>,
    written: usize,
    problems: &mut Vec<Problem>,
) -> Option<Vec<String>> {
    let words = value.get_ref();
    let example =
        "for example voice_command = [\"espeak-ng\", \"-s\", \"150\"]; the text is passed last";
    if written == 0 {
        problems.push(
            Problem::at(
                Code::MissingProgram,
                value.span(),
                "`voice_command` needs a program",
            )
            .help(
                "name the speech program and its first arguments, such as [\"espeak-ng\", \"-s\", \"150\"], or leave `voice_command` out to use the first speech program found",
            ),
        );
        return None;
    }
    if written > MAX_COMMAND_WORDS {
        problems.push(
            Problem::at(
                Code::TooManyEntries,
                value.span(),
                format!("`voice_command` has {written} words; the limit is {MAX_COMMAND_WORDS}"),
            )
            .help(example),
        );
        return None;
    }
    let mut good = true;
    for word in words {
        let text = word.get_ref();
        let bad = if text.is_empty() {
            Some((
                Code::BlankText,
                "a word of `voice_command` is empty".to_owned(),
            ))
        } else if text.chars().count() > MAX_COMMAND_WORD {
            Some((
                Code::TextTooLong,
                format!("each word of `voice_command` is 1 to {MAX_COMMAND_WORD} characters"),
            ))
        } else {
            crate::text::first_forbidden(text).map(|(_, c)| {
                (
                    Code::ForbiddenCharacter,
                    format!(
                        "`voice_command` contains {}, which is not allowed",
                        crate::text::describe(c)
                    ),
                )
            })
        };
        if let Some((code, message)) = bad {
            good = false;
            problems.push(
                Problem::at(code, word.span(), message)
                    .help("write the program and its arguments as plain words"),
            );
        }
    }
    good.then(|| words.iter().map(|w| w.get_ref().clone()).collect())
}

/// The names of `T`'s values as the file and the flags write them.
pub fn names<T: ValueEnum>() -> Vec<String> {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_owned())
        .collect()
}

/// The name a value is written with.
pub fn name_of<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|p| p.get_name().to_owned())
        .unwrap_or_default()
}

/// Reads the config file at `path`; a missing file sets nothing.
pub fn read(path: &Path) -> Result<Option<FileSettings>, Report> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let source = crate::library::read_text(path, "config")?;
    parse(&path.display().to_string(), &source).map(Some)
}

/// The settings in effect, with the config file they were read from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub settings: Settings,
    /// The config file's place, if the platform has one.
    pub file: Option<Place>,
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

/// A duration as the file writes it: `"15s"`, `"1m30s"`, `"0s"`.
pub fn written(d: Duration) -> String {
    let secs = d.as_secs();
    let (m, s) = (secs / 60, secs % 60);
    match (m, s) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m{s}s"),
    }
}

impl Settings {
    /// One line per setting, as the file would write it, with where it
    /// came from: what `kneadle config` prints.
    pub fn lines(&self) -> Vec<(String, Source)> {
        vec![
            (
                format!("bell = \"{}\"", name_of(&self.bell.value)),
                self.bell.source,
            ),
            (
                format!("theme = \"{}\"", name_of(&self.theme.value)),
                self.theme.source,
            ),
            (
                format!(
                    "caution_countdown = \"{}\"",
                    written(self.caution_countdown.value)
                ),
                self.caution_countdown.source,
            ),
            (
                format!("breath_cues = {}", self.breath_cues.value),
                self.breath_cues.source,
            ),
            (
                format!("voice = \"{}\"", name_of(&self.voice.value)),
                self.voice.source,
            ),
            (
                match &self.voice_command.value {
                    Some(words) => format!(
                        "voice_command = [{}]",
                        words
                            .iter()
                            .map(|w| format!("{:?}", crate::text::sanitize(w)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    // Unset: the first speech program found on PATH.
                    None => "# voice_command unset".to_owned(),
                },
                self.voice_command.source,
            ),
        ]
    }
}

#[cfg(test)]
mod tests;
