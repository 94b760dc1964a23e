//! The breathing pacer, and how many levels it draws at a width (the
//! session wakes the screen only when the drawn level changes).

use super::MARGIN;
use crate::duration;
use crate::front::tui::theme::Theme;
use crate::session::BreathNow;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// How many levels the pacer shows in a running screen of `area`: the
/// session wakes the loop only when the drawn level changes. None in the
/// compact view, which has no pacer.
pub fn pacer_levels(area: Rect) -> u32 {
    u32::from(pacer_cells(area.inner(MARGIN).width))
}

/// The widest the pacer grows: calm to watch, and a bound on redraws.
const PACER_MAX_CELLS: u16 = 48;

/// How many cells the pacer spans at full breath in a band `width` wide;
/// also the number of levels the session wakes the screen for.
pub fn pacer_cells(width: u16) -> u16 {
    width.saturating_sub(2).min(PACER_MAX_CELLS)
}

/// The breathing pacer: a band that widens on the inhale, holds, and
/// narrows on the exhale, with the phase named and its seconds counted.
pub struct Pacer<'a> {
    pub breath: &'a BreathNow,
    pub theme: &'a Theme,
}

impl Widget for &Pacer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [band, label] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let max = pacer_cells(band.width);
        // Rounded down, as the session counts levels to know when to redraw.
        let cells = ((f64::from(max)) * self.breath.fullness.clamp(0.0, 1.0)).floor() as usize;
        let cells = cells.max(1);
        let line = Line::styled(self.theme.fill.repeat(cells), self.theme.pacer);
        let rows: Vec<Line> = (0..band.height).map(|_| line.clone()).collect();
        Paragraph::new(rows)
            .alignment(Alignment::Center)
            .render(band, buf);
        let text = format!(
            "{} · {}",
            self.breath.phase.label(),
            duration::ceil_secs(self.breath.phase_remaining)
        );
        Paragraph::new(Line::styled(text, self.theme.title))
            .alignment(Alignment::Center)
            .render(label, buf);
    }
}
