//! The step's and the routine's progress bars.

use crate::front::tui::theme::Theme;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// A progress bar of glyphs: `label ████░░░░ tail`. Visible without colour
/// and safe at any width (it is a clipped paragraph).
pub fn bar<'a>(label: &'a str, ratio: f64, tail: String, width: u16, theme: &Theme) -> Line<'a> {
    let ratio = if ratio.is_finite() {
        ratio.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let fixed = label.width() + tail.width() + 2;
    let cells = usize::from(width).saturating_sub(fixed);
    let filled = ((cells as f64) * ratio).round() as usize;
    Line::from(vec![
        Span::styled(label, theme.dim),
        Span::raw(" "),
        Span::styled(theme.fill.repeat(filled.min(cells)), theme.bar_filled),
        Span::styled(
            theme.empty.repeat(cells - filled.min(cells)),
            theme.bar_empty,
        ),
        Span::raw(" "),
        Span::styled(tail, theme.text),
    ])
}
