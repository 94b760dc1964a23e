//! Before the first step: what the routine is and its caution, counting
//! down to the start, held until Enter, or waiting to be read to its end.

use super::MARGIN;
use crate::duration;
use crate::front::keys::{self, Action};
use crate::front::tui::help::footer;
use crate::front::tui::theme::Theme;
use crate::front::tui::wrap;
use crate::routine::Routine;
use crate::text::{count, sanitize};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use std::time::Duration;

/// Where the caution's countdown stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// The routine starts by itself after this.
    StartsIn(Duration),
    /// Held: only Enter starts it (space counts down again when it can).
    Held,
    /// Held because its end is off screen: the countdown runs again, in
    /// full, once the end shows (so a running countdown always shows).
    Unread,
}

pub struct CautionView<'a> {
    pub routine: &'a Routine,
    pub waiting: Waiting,
    /// Rows of text scrolled past.
    pub scroll: u16,
    /// The keys that apply (the footer is drawn from them).
    pub keys: &'static [keys::Binding],
    pub theme: &'a Theme,
}

/// The first of `texts` that fits `width`, else the last one cut with "…".
fn first_fitting<'a>(texts: &[&'a str], width: u16, style: ratatui::style::Style) -> Line<'a> {
    let fitting = texts
        .iter()
        .find(|t| wrap::cells(t) <= usize::from(width))
        .or(texts.last())
        .copied()
        .unwrap_or("");
    wrap::one_row(Line::styled(fitting, style), width)
}

impl CautionView<'_> {
    /// The caution comes before the summary: on a small screen it is what
    /// must be read.
    fn lines(&self) -> Vec<Line<'_>> {
        let theme = self.theme;
        let r = self.routine;
        let mut lines = vec![
            Line::styled(sanitize(&r.name).into_owned(), theme.title),
            Line::styled(
                format!(
                    "{} · {}",
                    duration::words(r.total()),
                    count(r.steps.len(), "step")
                ),
                theme.dim,
            ),
        ];
        if let Some(caution) = &r.caution {
            lines.push(Line::default());
            lines.push(Line::styled("Before you start", theme.warning));
            lines.push(Line::styled(sanitize(caution).into_owned(), theme.text));
        }
        lines.push(Line::default());
        lines.push(Line::styled(sanitize(&r.summary).into_owned(), theme.dim));
        lines
    }

    /// The area for the text, and the status and footer rows. Two rows of
    /// air above the text, when it leaves them free.
    fn areas(&self, area: Rect) -> [Rect; 3] {
        let [body, status, keys_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let margin = if area.width >= 40 {
            MARGIN
        } else {
            ratatui::layout::Margin::new(0, 0)
        };
        let body = body.inner(margin);
        let rows = wrap::wrap(self.lines(), body.width).len();
        let spare = usize::from(body.height).saturating_sub(rows).min(2);
        let air = u16::try_from(spare).unwrap_or(0);
        let [_, text] =
            Layout::vertical([Constraint::Length(air), Constraint::Fill(1)]).areas(body);
        [text, status, keys_area]
    }

    /// The text's rows, and the furthest it can scroll in `area`.
    pub fn last_scroll(&self, area: Rect) -> u16 {
        let [text, ..] = self.areas(area);
        let rows = wrap::wrap(self.lines(), text.width).len();
        u16::try_from(rows.saturating_sub(usize::from(text.height))).unwrap_or(u16::MAX)
    }

    /// Rows one PgDn turns: a page, less a row kept for context.
    pub fn page(&self, area: Rect) -> u16 {
        let [text, ..] = self.areas(area);
        text.height.saturating_sub(1).max(1)
    }

    /// Does the whole caution fit in `area` at once?
    pub fn fits(&self, area: Rect) -> bool {
        self.shows_end(area, 0)
    }

    /// Scrolled down `scroll` rows, is the end of the text on screen (and
    /// every row drawn whole, not clipped)?
    pub fn shows_end(&self, area: Rect, scroll: u16) -> bool {
        let [text, ..] = self.areas(area);
        let rows = wrap::wrap(self.lines(), text.width);
        let from = usize::from(scroll).min(rows.len());
        let rest = rows.get(from..).unwrap_or_default();
        text.width > 0 && wrap::fits(rest, text.width, text.height)
    }
}

impl Widget for &CautionView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [text_area, status, keys_area] = self.areas(area);
        let scroll = self.scroll.min(self.last_scroll(area));
        let rows = wrap::wrap(self.lines(), text_area.width);
        let shown: Vec<Line> = rows.into_iter().skip(usize::from(scroll)).collect();
        Paragraph::new(shown)
            .alignment(Alignment::Center)
            .render(text_area, buf);
        let more = !self.shows_end(area, scroll);
        let starts_in;
        let status_line = match self.waiting {
            Waiting::Unread if more => first_fitting(
                &[
                    "More below: ↓ or PgDn to read on; it starts once read",
                    "Starts once read: ↓ or PgDn for more",
                    "Starts once read: ↓ PgDn",
                    "↓ PgDn: more",
                    "↓ more",
                ],
                status.width,
                theme.paused,
            ),
            _ if more => first_fitting(
                &["More below: ↓ or PgDn to read on", "↓ PgDn: more", "↓ more"],
                status.width,
                theme.paused,
            ),
            Waiting::StartsIn(left) => {
                starts_in = format!("Starting in {}", duration::clock(left));
                first_fitting(&[starts_in.as_str()], status.width, theme.clock)
            }
            Waiting::Held | Waiting::Unread => first_fitting(
                &[
                    "Waiting: press Enter when you are ready",
                    "Press Enter when ready",
                    "Enter starts",
                ],
                status.width,
                theme.paused,
            ),
        };
        Paragraph::new(status_line)
            .alignment(Alignment::Center)
            .render(status, buf);
        // Scrolling is offered only while there is somewhere to scroll:
        // down while more is below, up once scrolled.
        let bindings = self.keys.iter().filter(|b| match b.action {
            Action::Down | Action::ScrollDown => more,
            Action::Up | Action::ScrollUp => scroll > 0,
            _ => true,
        });
        Paragraph::new(footer(bindings, theme, keys_area.width))
            .alignment(Alignment::Center)
            .render(keys_area, buf);
    }
}
