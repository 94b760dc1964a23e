//! The last screen: what was done, and what can be done next.

use crate::duration;
use crate::front::keys;
use crate::front::tui::help::footer;
use crate::front::tui::theme::Theme;
use crate::front::tui::wrap;
use crate::guide::Outcome;
use crate::text::{count, sanitize};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub struct FinishedView<'a> {
    pub routine_name: &'a str,
    /// How it ended, as the guide told it.
    pub outcome: Outcome,
    /// The keys that apply (the footer is drawn from them).
    pub keys: &'static [keys::Binding],
    pub theme: &'a Theme,
}

impl FinishedView<'_> {
    fn lines(&self) -> Vec<Line<'_>> {
        let theme = self.theme;
        let o = &self.outcome;
        let name = sanitize(self.routine_name);
        let (title, said) = if o.completed {
            (
                "Well done.",
                format!("You finished {name} in {}.", duration::clock(o.practised)),
            )
        } else {
            (
                "Routine ended.",
                format!(
                    "You followed {name} for {} of its {}.",
                    duration::clock(o.practised),
                    duration::clock(o.planned)
                ),
            )
        };
        let steps = if o.steps_completed == o.steps {
            format!("All {} done.", count(o.steps, "step"))
        } else {
            format!(
                "{} of {} done to the end.",
                o.steps_completed,
                count(o.steps, "step")
            )
        };
        vec![
            Line::styled(title, theme.title),
            Line::default(),
            Line::styled(said, theme.text),
            Line::styled(steps, theme.text),
            Line::default(),
            Line::styled(
                "Take your time before you move on, and keep moving gently today.",
                theme.dim,
            ),
        ]
    }
}

impl Widget for &FinishedView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [body, keys_area] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let mut lines = wrap::wrap(self.lines(), body.width);
        if lines.len() > usize::from(body.height) {
            // Short of rows, the blank ones go first.
            lines.retain(|l| l.width() > 0);
        }
        let lines = wrap::clip(lines, body.width, usize::from(body.height));
        let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let [_, middle, _] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(height),
            Constraint::Fill(1),
        ])
        .areas(body);
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .render(middle, buf);
        Paragraph::new(footer(self.keys, theme, keys_area.width))
            .alignment(Alignment::Center)
            .render(keys_area, buf);
    }
}
