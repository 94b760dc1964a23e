//! Overlays drawn over a screen: the key help and the quit question.

use super::theme::Theme;
use super::wrap;
use crate::front::keys::{self, Action, Binding, Context};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// The footer: each binding with its few words, from the same table that
/// maps the keys, in table order. When the row is too narrow for all of
/// them, the screen's main action (the table's first) stays, then quit,
/// the key to instructions that were cut, help, and the others while they
/// fit.
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
    let rank = |i: usize, b: &Binding| match b.action {
        _ if i == 0 => 0,
        Action::Quit => 1,
        Action::Instructions => 2,
        Action::Help => 3,
        _ => 4,
    };
    for pass in 0..=4 {
        for (i, b) in shown.iter().enumerate() {
            if rank(i, b) == pass && !keep[i] && cost(b) <= room {
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

/// One entry of an overlay: a key column and its text, or text alone.
pub struct Item<'a> {
    pub key: Option<String>,
    pub text: Line<'a>,
}

/// The key column's width in an overlay.
const KEY_COLUMN: u16 = 9;

/// A bordered box just wide enough for its items (within `area`), that
/// scrolls when they do not all fit; the bottom border says there is more.
pub struct Popup<'a> {
    pub title: &'a str,
    pub items: Vec<Item<'a>>,
    pub scroll: u16,
    pub theme: &'a Theme,
}

impl Popup<'_> {
    /// The box in `area`, and its rows wrapped to the box: a key's text
    /// wraps under itself, so its key column stays clear.
    fn layout(&self, area: Rect) -> (Rect, Vec<Line<'_>>) {
        let widest = self
            .items
            .iter()
            .map(|i| i.text.width() + i.key.as_ref().map_or(0, |_| usize::from(KEY_COLUMN)))
            .chain([self.title.width()])
            .max()
            .unwrap_or(0);
        let width = u16::try_from(widest + 3)
            .unwrap_or(u16::MAX)
            .min(area.width);
        let inner = width.saturating_sub(2);
        let mut rows = Vec::new();
        for item in &self.items {
            match &item.key {
                Some(key) => {
                    let text_width = inner.saturating_sub(KEY_COLUMN).max(1);
                    for (n, row) in wrap::wrap([item.text.clone()], text_width)
                        .into_iter()
                        .enumerate()
                    {
                        let head = if n == 0 {
                            Span::styled(format!(" {key:<8}"), self.theme.key)
                        } else {
                            Span::raw(" ".repeat(usize::from(KEY_COLUMN)))
                        };
                        let mut spans = vec![head];
                        spans.extend(row.spans);
                        rows.push(Line::from(spans));
                    }
                }
                None => rows.extend(wrap::wrap([item.text.clone()], inner)),
            }
        }
        let height = u16::try_from(rows.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2)
            .min(area.height);
        (centred(area, width, height), rows)
    }

    /// The furthest the popup scrolls in `area`.
    pub fn last_scroll(&self, area: Rect) -> u16 {
        let (rect, rows) = self.layout(area);
        let shown = usize::from(rect.height.saturating_sub(2));
        u16::try_from(rows.len().saturating_sub(shown)).unwrap_or(u16::MAX)
    }

    /// Rows one PgDn turns in `area`.
    pub fn page(&self, area: Rect) -> u16 {
        let (rect, _) = self.layout(area);
        rect.height.saturating_sub(3).max(1)
    }
}

impl Widget for &Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let (rect, rows) = self.layout(area);
        let last = self.last_scroll(area);
        let scroll = self.scroll.min(last);
        let mut block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(self.title, theme.title));
        let mark = match (scroll > 0, scroll < last) {
            (_, true) => Some("↓ more"),
            (true, false) => Some("↑ more"),
            (false, false) => None,
        };
        if let Some(mark) = mark {
            block = block.title_bottom(Line::styled(mark, theme.key).right_aligned());
        }
        Clear.render(rect, buf);
        let shown: Vec<Line> = rows.into_iter().skip(usize::from(scroll)).collect();
        Paragraph::new(shown).block(block).render(rect, buf);
    }
}

fn items<'a>(table: &'a [Binding], theme: &Theme) -> impl Iterator<Item = Item<'a>> {
    let text = theme.text;
    table.iter().map(move |b| Item {
        key: Some(b.keys.to_owned()),
        text: Line::styled(b.what, text),
    })
}

/// The help for the screen underneath, from the same table that maps keys.
pub fn help_popup<'a>(context: Context, scroll: u16, theme: &'a Theme) -> Popup<'a> {
    let mut list: Vec<Item> = items(keys::table(context), theme).collect();
    list.extend(keys::GLOBAL.iter().map(|(k, what)| Item {
        key: Some((*k).to_owned()),
        text: Line::styled(*what, theme.text),
    }));
    list.push(Item {
        key: None,
        text: Line::default(),
    });
    list.extend(items(keys::HELP, theme));
    Popup {
        title: " Keys ",
        items: list,
        scroll,
        theme,
    }
}

/// A step's instructions in full, scrolling when they are long.
pub fn instructions_popup<'a>(
    step: &crate::routine::Step,
    scroll: u16,
    theme: &'a Theme,
) -> Popup<'a> {
    let text = crate::text::sanitize(&step.instructions).into_owned();
    let mut list = vec![
        Item {
            key: None,
            text: Line::styled(crate::text::sanitize(&step.name).into_owned(), theme.title),
        },
        Item {
            key: None,
            text: Line::default(),
        },
    ];
    // The text is cut at line ends (the format allows several lines).
    list.extend(text.lines().map(|l| Item {
        key: None,
        text: Line::styled(l.to_owned(), theme.text),
    }));
    list.extend(items(keys::INSTRUCTIONS, theme).take(1));
    Popup {
        title: " Instructions ",
        items: list,
        scroll,
        theme,
    }
}

/// "Quit the routine?" asked mid-routine.
pub struct ConfirmQuit<'a> {
    pub theme: &'a Theme,
}

impl Widget for &ConfirmQuit<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let mut list = vec![
            Item {
                key: None,
                text: Line::styled(" The routine is paused.", theme.text),
            },
            Item {
                key: None,
                text: Line::default(),
            },
        ];
        list.extend(items(keys::CONFIRM_QUIT, theme));
        (&Popup {
            title: " Quit the routine? ",
            items: list,
            scroll: 0,
            theme,
        })
            .render(area, buf);
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
        let line = footer(keys::RUNNING, &Theme::mono(), 120);
        assert_eq!(
            text(&line),
            "space pause/resume  n → next  p ← back  + more  - less  i instructions  ? help  q Esc quit"
        );
    }

    #[test]
    fn a_narrow_footer_keeps_help_and_quit() {
        // As the running screen shows it while the instructions fit.
        let shown = keys::RUNNING
            .iter()
            .filter(|b| b.action != Action::Instructions);
        let line = footer(shown, &Theme::mono(), 50);
        let t = text(&line);
        assert!(t.ends_with("? help  q Esc quit"), "{t}");
        assert!(t.width() <= 50, "{t}");
        assert!(t.starts_with("space pause/resume"), "{t}");
    }

    #[test]
    fn the_main_action_stays_first_however_narrow() {
        let t = text(&footer(keys::PICKER, &Theme::mono(), 38));
        assert!(t.starts_with("Enter start"), "{t}");
        assert!(t.contains("q Esc quit"), "{t}");
        let t = text(&footer(keys::PICKER, &Theme::mono(), 12));
        assert_eq!(t, "Enter start");
    }
}
