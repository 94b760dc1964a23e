//! The home screen: every routine with its time, steps and areas, and the
//! selected one's details.

use super::help::footer;
use super::keys;
use super::theme::Theme;
use crate::duration;
use crate::library::{Entry, Origin};
use crate::text::{sanitize, truncate_chars};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget, Wrap,
};

/// Which routine is selected.
#[derive(Debug, Clone)]
pub struct Picker {
    pub entries: Vec<Entry>,
    pub selected: usize,
}

impl Picker {
    pub fn new(entries: Vec<Entry>, preferred: &str) -> Self {
        let selected = entries.iter().position(|e| e.id == preferred).unwrap_or(0);
        Self { entries, selected }
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.entries.len() {
            self.selected += 1;
        }
    }

    pub fn current(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }
}

pub struct PickerView<'a> {
    pub picker: &'a Picker,
    pub theme: &'a Theme,
}

impl PickerView<'_> {
    fn items(&self, width: u16) -> Vec<ListItem<'_>> {
        // The list's border and the selection mark take three columns.
        let fit = usize::from(width.saturating_sub(3));
        let theme = self.theme;
        self.picker
            .entries
            .iter()
            .map(|e| {
                let id = sanitize(&e.id).into_owned();
                match &e.routine {
                    Ok(r) => ListItem::new(vec![
                        Line::from(vec![
                            Span::styled(sanitize(&r.name).into_owned(), theme.title),
                            Span::styled(
                                if matches!(e.origin, Origin::File(_)) {
                                    "  (yours)"
                                } else {
                                    ""
                                },
                                theme.dim,
                            ),
                        ]),
                        Line::styled(
                            truncate_chars(
                                &format!(
                                    "  {} · {} steps · {}",
                                    duration::clock(r.total()),
                                    r.steps.len(),
                                    sanitize(&r.areas.join(", "))
                                ),
                                fit,
                            )
                            .into_owned(),
                            theme.dim,
                        ),
                    ]),
                    Err(_) => ListItem::new(vec![
                        Line::styled(id, theme.warning),
                        Line::styled("has problems: see details", theme.warning),
                    ]),
                }
            })
            .collect()
    }

    fn details(&self) -> Vec<Line<'_>> {
        let theme = self.theme;
        let Some(entry) = self.picker.current() else {
            return vec![Line::styled("No routines found.", theme.dim)];
        };
        let r = match &entry.routine {
            Ok(r) => r,
            Err(report) => {
                let mut lines = vec![
                    Line::styled("This routine file has problems:", theme.warning),
                    Line::default(),
                ];
                lines.extend(
                    report
                        .short()
                        .lines()
                        .map(|l| Line::styled(l.to_owned(), theme.text)),
                );
                lines.push(Line::default());
                lines.push(Line::styled(
                    format!(
                        "Run `kneadle validate {}` for details.",
                        sanitize(&entry.origin.label())
                    ),
                    theme.dim,
                ));
                return lines;
            }
        };
        let mut lines = vec![
            Line::styled(sanitize(&r.name).into_owned(), theme.title),
            Line::styled(sanitize(&r.summary).into_owned(), theme.text),
            Line::default(),
            Line::from(vec![
                Span::styled("Time   ", theme.dim),
                Span::raw(duration::words(r.total())),
            ]),
            Line::from(vec![
                Span::styled("Areas  ", theme.dim),
                Span::raw(sanitize(&r.areas.join(", ")).into_owned()),
            ]),
            Line::from(vec![
                Span::styled("Run    ", theme.dim),
                Span::raw(format!("kneadle run {}", sanitize(&entry.id))),
            ]),
            Line::default(),
        ];
        for (i, step) in r.steps.iter().enumerate() {
            let extra = match (step.sides, step.repeat) {
                (true, 1) => " each side".to_owned(),
                (true, n) => format!(" each side ×{n}"),
                (false, 1) => String::new(),
                (false, n) => format!(" ×{n}"),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:>2}. ", i + 1), theme.dim),
                Span::raw(sanitize(&step.name).into_owned()),
                Span::styled(
                    format!(
                        "  {} {}{extra}",
                        step.technique,
                        duration::clock(step.duration)
                    ),
                    theme.dim,
                ),
            ]));
        }
        if let Some(caution) = &r.caution {
            lines.push(Line::default());
            lines.push(Line::styled(
                format!("Caution: {}", sanitize(caution)),
                theme.warning,
            ));
        }
        lines
    }
}

impl Widget for &PickerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [title, body, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Paragraph::new(Line::from(vec![
            Span::styled(" kneadle ", theme.title),
            Span::styled("· choose a routine", theme.dim),
        ]))
        .render(title, buf);
        let list_width = if body.width >= 60 {
            Constraint::Length(38)
        } else {
            Constraint::Percentage(100)
        };
        let [list_area, details_area] =
            Layout::horizontal([list_width, Constraint::Fill(1)]).areas(body);
        let list = List::new(self.items(list_area.width))
            .block(
                Block::new()
                    .borders(Borders::RIGHT)
                    .border_style(theme.border),
            )
            .highlight_style(theme.selected)
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.selected));
        StatefulWidget::render(list, list_area, buf, &mut state);
        Paragraph::new(self.details())
            .wrap(Wrap { trim: true })
            .block(Block::new().borders(Borders::NONE))
            .render(details_area.inner(ratatui::layout::Margin::new(1, 0)), buf);
        Paragraph::new(footer(keys::PICKER, theme)).render(keys_area, buf);
    }
}
