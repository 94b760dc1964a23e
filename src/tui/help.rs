//! Overlays drawn over a screen: the key help and the quit question.

use super::keys::{self, Binding, Context};
use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

/// The footer: each binding with its few words, from the same table that
/// maps the keys.
pub fn footer<'a>(bindings: impl IntoIterator<Item = &'a Binding>, theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for b in bindings.into_iter().filter(|b| !b.short.is_empty()) {
        if !spans.is_empty() {
            spans.push(Span::styled("  ", theme.dim));
        }
        spans.push(Span::styled(b.keys, theme.key));
        spans.push(Span::styled(format!(" {}", b.short), theme.dim));
    }
    Line::from(spans)
}

/// A box of `width` × `height` centred in `area` (clipped to it).
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A bordered box just wide enough for its lines and title.
fn popup(area: Rect, buf: &mut Buffer, title: &str, lines: Vec<Line<'_>>, theme: &Theme) {
    let widest = lines
        .iter()
        .map(Line::width)
        .chain([title.width()])
        .max()
        .unwrap_or(0);
    let width = u16::try_from(widest + 3).unwrap_or(u16::MAX);
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centred(area, width, height);
    Clear.render(rect, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::new()
                .borders(Borders::ALL)
                .border_style(theme.border)
                .title(Span::styled(title, theme.title)),
        )
        .render(rect, buf);
}

fn rows<'a>(table: &'a [Binding], theme: &Theme) -> impl Iterator<Item = Line<'a>> {
    let key = theme.key;
    let text = theme.text;
    table.iter().map(move |b| {
        Line::from(vec![
            Span::styled(format!(" {:<8}", b.keys), key),
            Span::styled(b.what, text),
        ])
    })
}

/// The help for the screen underneath, from the same table that maps keys.
pub struct HelpOverlay<'a> {
    pub context: Context,
    pub theme: &'a Theme,
}

impl Widget for &HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut lines: Vec<Line> = rows(keys::table(self.context), theme).collect();
        lines.extend(keys::GLOBAL.iter().map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<8}"), theme.key),
                Span::styled(*what, theme.text),
            ])
        }));
        lines.push(Line::default());
        lines.extend(rows(keys::HELP, theme));
        popup(area, buf, " Keys ", lines, theme);
    }
}

/// "Quit the routine?" asked mid-routine.
pub struct ConfirmQuit<'a> {
    pub theme: &'a Theme,
}

impl Widget for &ConfirmQuit<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut lines = vec![
            Line::styled(" The routine is paused.", theme.text),
            Line::default(),
        ];
        lines.extend(rows(keys::CONFIRM_QUIT, theme));
        popup(area, buf, " Quit the routine? ", lines, theme);
    }
}
