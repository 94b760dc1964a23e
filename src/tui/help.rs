//! Overlays drawn over a screen: the key help and the quit question.

use super::keys::{self, Action, Binding, Context};
use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

/// The footer: each binding with its few words, from the same table that
/// maps the keys. When the row is too narrow for all of them, help and quit
/// stay and the others follow while they fit, in table order.
pub fn footer<'a>(
    bindings: impl IntoIterator<Item = &'a Binding>,
    theme: &Theme,
    width: u16,
) -> Line<'a> {
    let shown: Vec<&Binding> = bindings
        .into_iter()
        .filter(|b| !b.short.is_empty())
        .collect();
    let cost = |b: &Binding| b.keys.width() + 1 + b.short.width() + 2;
    let mut room = usize::from(width) + 2;
    let mut keep = vec![false; shown.len()];
    let essential = |b: &Binding| matches!(b.action, Action::Help | Action::Quit);
    for pass in [true, false] {
        for (i, b) in shown.iter().enumerate() {
            if essential(b) == pass && !keep[i] && cost(b) <= room {
                keep[i] = true;
                room -= cost(b);
            }
        }
    }
    let mut spans = Vec::new();
    for (b, _) in shown.iter().zip(&keep).filter(|(_, k)| **k) {
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

/// One line over the bottom row (the footer), drawn last.
pub struct Notice<'a> {
    pub text: &'a str,
    pub theme: &'a Theme,
}

impl Widget for &Notice<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let [_, row] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        Clear.render(row, buf);
        Paragraph::new(Line::styled(self.text, self.theme.paused))
            .alignment(Alignment::Center)
            .render(row, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_wide_footer_shows_every_key_in_order() {
        let line = footer(keys::RUNNING, &Theme::mono(), 100);
        assert_eq!(
            text(&line),
            "space pause/resume  n → next  p ← back  + more  - less  ? help  q Esc quit"
        );
    }

    #[test]
    fn a_narrow_footer_keeps_help_and_quit() {
        let line = footer(keys::RUNNING, &Theme::mono(), 50);
        let t = text(&line);
        assert!(t.ends_with("? help  q Esc quit"), "{t}");
        assert!(t.width() <= 50, "{t}");
        assert!(t.starts_with("space pause/resume"), "{t}");
    }
}
