//! The settings, in one table. Each row is a setting: its doc comment
//! (the help the schema gives and the README is checked against), its key
//! (the file's key and the field of [`Settings`]), its form (how the file
//! writes it: `form.rs`), its default, the flags that set it and the
//! environment variable that does, if any.
//!
//! From the rows, `settings!` writes [`Settings`] and its defaults,
//! [`Layer`] (what one layer sets) and the overlay that merges it,
//! [`SETTINGS`] (what `kneadle config`, the schema, the shape pass and the
//! tests read), the file's serde type and its reading, and the
//! environment's layer. Adding a setting is a row here, and its use.

use super::form::{Choice, Command, Countdown, FileText, Form, Switch};
use super::{Environment, Setting, Source};
use crate::routine::{Kind, Problem};
use clap::ValueEnum;
use schemars::{Schema, SchemaGenerator};
use serde::Deserialize;

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

settings! {
    /// When the terminal bell rings (the full screen): `transitions` at
    /// each new step, side switch and the end; `all` also at cues, halfway
    /// and ten seconds left; `off` never.
    bell: Choice<Bell> = Bell::Transitions, flags ["--bell", "--no-bell"];

    /// The screens' colours: `auto`, `mono` (no colour: bold, dim, reverse
    /// video and glyphs; also when `NO_COLOR` is set) or `high-contrast`.
    theme: Choice<ThemeName> = ThemeName::Auto, flags ["--theme"],
        env "NO_COLOR" => ThemeName::Mono;

    /// How long a caution shows before the routine starts by itself, at
    /// most 5 min (and never less than it takes to read); "0s" waits for
    /// Enter.
    caution_countdown: Countdown = crate::guide::COUNTDOWN;

    /// Plain mode also prints each breath phase ("Breathe in.").
    breath_cues: Switch = false, flags ["--breath-cues"];

    /// Speak the guidance: `off`, `on`, or `breath` (every breath phase
    /// too).
    voice: Choice<VoiceMode> = VoiceMode::Off, flags ["--voice"];

    /// The speech program and its first arguments, such as ["espeak-ng",
    /// "-s", "150"]; the text goes last, or where an argument is exactly
    /// "{text}". Unset, the first speech program found on PATH.
    voice_command: Command = None;
}

/// One setting, as the table gives it.
pub struct Spec {
    /// The file's key.
    pub key: &'static str,
    /// The lines of the row's doc comment.
    help: &'static [&'static str],
    /// The kind of TOML value the file gives it.
    pub(crate) kind: Kind,
    /// The flags that set it.
    pub flags: &'static [&'static str],
    /// The environment variable that sets it, when set and not empty.
    pub env: Option<&'static str>,
    /// Its value in `settings` as the file writes it (`None`: unset), and
    /// where that came from.
    written: fn(&Settings) -> (Option<String>, Source),
    /// The JSON Schema of its value.
    schema: fn(&mut SchemaGenerator) -> Schema,
}

impl Spec {
    /// The help, on one line.
    pub fn help(&self) -> String {
        let words: Vec<&str> = self.help.iter().map(|l| l.trim()).collect();
        words.join(" ")
    }

    /// One line as the file would write the value in `settings`, and
    /// where that value came from: what `kneadle config` prints.
    pub fn line(&self, settings: &Settings) -> (String, Source) {
        let (written, source) = (self.written)(settings);
        let line = match written {
            Some(value) => format!("{} = {value}", self.key),
            None => format!("# {} unset", self.key),
        };
        (line, source)
    }

    /// The default as the file writes it (`None`: unset by default).
    pub fn default_value(&self) -> Option<String> {
        (self.written)(&Settings::default()).0
    }

    /// The JSON Schema of the setting, with its help and its default.
    pub fn schema(&self, generator: &mut SchemaGenerator) -> Schema {
        let mut schema = (self.schema)(generator);
        schema.insert("description".into(), self.help().into());
        // The default as JSON: the value as the file writes it, read back
        // as TOML.
        let default = self
            .default_value()
            .and_then(|v| toml::from_str::<toml::Table>(&format!("v = {v}")).ok())
            .and_then(|mut t| t.remove("v"))
            .and_then(|v| serde_json::to_value(v).ok());
        if let Some(default) = default {
            schema.insert("default".into(), default);
        }
        schema
    }
}

/// Writes everything the table's rows give (see the module doc).
macro_rules! settings {
    (@option) => { None };
    (@option $var:literal) => { Some($var) };
    ($(
        $(#[doc = $doc:literal])+
        $key:ident: $form:ty = $default:expr
            $(, flags [$($flag:literal),+])?
            $(, env $var:literal => $env_value:expr)?;
    )+) => {
        /// Every setting in effect, each with where its value came from.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Settings {
            $( $(#[doc = $doc])+ pub $key: Setting<<$form as Form>::Value>, )+
        }

        impl Default for Settings {
            fn default() -> Self {
                Self { $( $key: Setting { value: $default, source: Source::Default }, )+ }
            }
        }

        /// What one layer (the file, the environment, the flags) sets,
        /// each value with where it came from.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Layer {
            $( pub $key: Option<Setting<<$form as Form>::Value>>, )+
        }

        impl Settings {
            /// Puts what `layer` sets over these values.
            pub fn overlay(&mut self, layer: Layer) {
                $( if let Some(set) = layer.$key { self.$key = set; } )+
            }
        }

        /// Every setting, in the order `kneadle config` lists them.
        pub const SETTINGS: &[Spec] = &[$(
            Spec {
                key: stringify!($key),
                help: &[$($doc),+],
                kind: <$form as Form>::KIND,
                flags: &[$($($flag),+)?],
                env: settings!(@option $($var)?),
                written: |s: &Settings| (<$form as Form>::written(&s.$key.value), s.$key.source),
                schema: <$form as Form>::schema,
            },
        )+];

        /// The config file as serde reads it, with places.
        #[derive(Deserialize)]
        pub(super) struct RawFile {
            $( $key: Option<<$form as Form>::Raw>, )+
        }

        impl RawFile {
            /// Each value checked: what the file sets, and its problems.
            pub(super) fn read(&self, file: &FileText<'_>) -> (Layer, Vec<Problem>) {
                let mut layer = Layer::default();
                let mut problems = Vec::new();
                $( if let Some(raw) = &self.$key {
                    match <$form as Form>::read(stringify!($key), raw, file) {
                        Ok(value) => layer.$key = Some(Setting { value, source: Source::File }),
                        Err(found) => problems.extend(found),
                    }
                } )+
                (layer, problems)
            }
        }

        impl Environment {
            /// What the environment's variables set.
            pub(super) fn layer(&self) -> Layer {
                #[allow(unused_mut)]
                let mut layer = Layer::default();
                $( $( if self.is_set($var) {
                    layer.$key = Some(Setting {
                        value: $env_value,
                        source: Source::Environment($var),
                    });
                } )? )+
                layer
            }
        }
    };
}
use settings;
