//! Every style the screens use, in one place. `NO_COLOR` selects a
//! monochrome theme made only of modifiers and glyphs, so bars and the
//! pacer stay visible without colour; `theme = "high-contrast"` one made
//! of the terminal's own foreground and background at full strength.

use crate::store::config::ThemeName;
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
            // The terminal's own foreground, which its palette sets against
            // its own background, dark or light. Blue (as before) all but
            // vanished on dark palettes; cyan, yellow and green fade on
            // light ones.
            pacer: Style::new(),
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

    /// The strongest contrast any palette gives: only the terminal's own
    /// foreground and background (no colour the palette might set close
    /// to either), nothing dimmed, bold text, reverse video for what is
    /// chosen or needs attention, and a bar's empty part drawn as a
    /// lighter glyph rather than dimmed.
    pub fn high_contrast() -> Self {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reverse = bold.add_modifier(Modifier::REVERSED);
        Self {
            text: plain,
            dim: plain,
            title: bold.add_modifier(Modifier::UNDERLINED),
            technique: bold,
            clock: bold,
            paused: reverse,
            cue: bold,
            bar_filled: plain,
            bar_empty: plain,
            pacer: plain,
            selected: reverse,
            warning: reverse,
            key: bold,
            border: plain,
            fill: "█",
            empty: "·",
        }
    }

    /// The theme a setting names; `auto` is colour (the settings turn it
    /// into `mono` when `NO_COLOR` is set).
    pub fn named(name: ThemeName) -> Self {
        match name {
            ThemeName::Auto => Self::colour(),
            ThemeName::Mono => Self::mono(),
            ThemeName::HighContrast => Self::high_contrast(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(t: &Theme) -> [Style; 14] {
        [
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
        ]
    }

    #[test]
    fn the_monochrome_theme_uses_no_colour() {
        let t = Theme::mono();
        for style in styles(&t) {
            assert!(style.fg.is_none() && style.bg.is_none(), "{style:?}");
        }
        assert_ne!(t.fill, t.empty, "bars stay visible without colour");
    }

    #[test]
    fn the_high_contrast_theme_uses_only_the_terminals_own_colours_and_dims_nothing() {
        let t = Theme::high_contrast();
        for style in styles(&t) {
            assert!(style.fg.is_none() && style.bg.is_none(), "{style:?}");
            assert!(!style.add_modifier.contains(Modifier::DIM), "{style:?}");
        }
        assert_ne!(t.fill, t.empty, "a bar's two parts differ without dimming");
        assert!(t.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(Theme::named(ThemeName::HighContrast), t);
    }

    #[test]
    fn the_pacer_is_drawn_in_a_colour_that_holds_on_dark_and_light_terminals() {
        // Only the terminal's default foreground is sure to stand out from
        // its background in every palette.
        for t in [Theme::colour(), Theme::mono(), Theme::high_contrast()] {
            assert!(
                matches!(t.pacer.fg, None | Some(Color::Reset)) && t.pacer.bg.is_none(),
                "{:?}",
                t.pacer
            );
        }
    }
}
