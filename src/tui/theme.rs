//! Every style the screens use, in one place. `NO_COLOR` selects a
//! monochrome theme made only of modifiers and glyphs, so bars and the
//! pacer stay visible without colour.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub technique: Style,
    pub clock: Style,
    pub paused: Style,
    pub cue: Style,
    pub bar_filled: Style,
    pub bar_empty: Style,
    pub pacer: Style,
    pub selected: Style,
    pub warning: Style,
    pub key: Style,
    pub border: Style,
    /// Glyphs for the filled and empty parts of a bar.
    pub fill: &'static str,
    pub empty: &'static str,
}

impl Theme {
    /// Calm colours from the 16 named ANSI ones, which follow the user's
    /// terminal palette and work without truecolor.
    pub fn colour() -> Self {
        Self {
            text: Style::new(),
            // DIM rather than dark grey: "bright black" is the background
            // of some dark palettes (Solarized).
            dim: Style::new().add_modifier(Modifier::DIM),
            title: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            technique: Style::new().fg(Color::Cyan),
            // The terminal's own foreground: white would vanish on a light
            // background.
            clock: Style::new().add_modifier(Modifier::BOLD),
            paused: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            cue: Style::new().fg(Color::Green).add_modifier(Modifier::ITALIC),
            bar_filled: Style::new().fg(Color::Cyan),
            bar_empty: Style::new().add_modifier(Modifier::DIM),
            pacer: Style::new().fg(Color::Blue),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            warning: Style::new().fg(Color::Yellow),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: Style::new().add_modifier(Modifier::DIM),
            fill: "█",
            empty: "░",
        }
    }

    /// No colour at all: only bold, dim, reverse and glyphs.
    pub fn mono() -> Self {
        let plain = Style::new();
        Self {
            text: plain,
            dim: plain.add_modifier(Modifier::DIM),
            title: plain.add_modifier(Modifier::BOLD),
            technique: plain.add_modifier(Modifier::BOLD),
            clock: plain.add_modifier(Modifier::BOLD),
            paused: plain.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            cue: plain.add_modifier(Modifier::ITALIC),
            bar_filled: plain,
            bar_empty: plain.add_modifier(Modifier::DIM),
            pacer: plain,
            selected: plain.add_modifier(Modifier::REVERSED),
            warning: plain.add_modifier(Modifier::BOLD),
            key: plain.add_modifier(Modifier::BOLD),
            border: plain.add_modifier(Modifier::DIM),
            fill: "█",
            empty: "░",
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set
    /// to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Self::mono(),
            _ => Self::colour(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_monochrome_theme_uses_no_colour() {
        let t = Theme::mono();
        for style in [
            t.text,
            t.dim,
            t.title,
            t.technique,
            t.clock,
            t.paused,
            t.cue,
            t.bar_filled,
            t.bar_empty,
            t.pacer,
            t.selected,
            t.warning,
            t.key,
            t.border,
        ] {
            assert!(style.fg.is_none() && style.bg.is_none(), "{style:?}");
        }
        assert_ne!(t.fill, t.empty, "bars stay visible without colour");
    }
}
