//! The home screen: every routine with its time, steps and areas, and the
//! selected one's details.

use super::help::footer;
use super::theme::Theme;
use super::wrap;
use crate::duration;
use crate::front::keys;
use crate::store::library::{self, About, Listing, Origin, Whose};
use crate::text::{count, sanitize};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, List, ListItem, ListState, Paragraph, StatefulWidget, Widget,
};

/// What the picker knows of one routine: where it is, and its digest once
/// read (or what is wrong with it).
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub origin: Origin,
    /// `None` until the file has been read.
    pub about: Option<Result<About, Vec<String>>>,
}

/// Which routine is selected.
#[derive(Debug, Clone)]
pub struct Picker {
    pub entries: Vec<Row>,
    pub selected: usize,
    /// How many pages the details pane is scrolled down.
    pub details_page: u16,
    /// What was left out of the list, one line each.
    pub notices: Vec<String>,
}

impl Picker {
    /// A picker over `places`, none read yet: [`Picker::loaded`] fills them in.
    pub fn new(places: Vec<(String, Origin)>, notices: Vec<String>, preferred: &str) -> Self {
        let selected = places
            .iter()
            .position(|(id, _)| id == preferred)
            .unwrap_or(0);
        Self {
            entries: places
                .into_iter()
                .map(|(id, origin)| Row {
                    id,
                    origin,
                    about: None,
                })
                .collect(),
            selected,
            details_page: 0,
            notices,
        }
    }

    /// A picker with every routine read at once (tests, small folders).
    pub fn read_now(places: Vec<(String, Origin)>, notices: Vec<String>, preferred: &str) -> Self {
        let mut picker = Self::new(places.clone(), notices, preferred);
        // Rows move as they are read: each is found again by its file.
        for (index, (id, origin)) in places.into_iter().enumerate() {
            picker.loaded(index, Listing::load(id, origin));
        }
        picker
    }

    /// A routine has been read: the row listed at `index` when the picker
    /// opened (rows move as their names come in, so it is found by where
    /// its file is).
    pub fn loaded(&mut self, index: usize, listing: Listing) {
        let at = match self.entries.get(index) {
            Some(row) if row.origin == listing.origin => Some(index),
            _ => self.entries.iter().position(|r| r.origin == listing.origin),
        };
        if let Some(row) = at.and_then(|i| self.entries.get_mut(i)) {
            row.about = Some(listing.about);
            self.sort();
        }
    }

    /// Your routines in the order of what is shown (names, once read);
    /// the built-ins first, in their own order. The selection stays on
    /// the routine it was on.
    fn sort(&mut self) {
        let selected = self.current().map(|r| r.origin.clone());
        self.entries.sort_by_cached_key(|row| match row.origin {
            Origin::Builtin(_) => (false, String::new(), String::new()),
            // Same names in the order of their ids, which tell them apart.
            Origin::File(_) => (true, shown_name(row).to_lowercase(), row.id.clone()),
        });
        if let Some(origin) = selected
            && let Some(i) = self.entries.iter().position(|r| r.origin == origin)
        {
            self.selected = i;
        }
    }

    pub fn top(&mut self) {
        self.selected = 0;
        self.details_page = 0;
    }

    pub fn bottom(&mut self) {
        self.selected = self.entries.len().saturating_sub(1);
        self.details_page = 0;
    }

    pub fn up(&mut self) {
        self.selected = self.selected.saturating_sub(1);
        self.details_page = 0;
    }

    pub fn down(&mut self) {
        if self.selected + 1 < self.entries.len() {
            self.selected += 1;
        }
        self.details_page = 0;
    }

    /// Pages the details down (`1`) or up (`-1`); the view stops at the end.
    pub fn scroll_details(&mut self, pages: i16) {
        self.details_page = self.details_page.saturating_add_signed(pages).min(50);
    }

    pub fn current(&self) -> Option<&Row> {
        self.entries.get(self.selected)
    }
}

/// What the list shows a row as: its name once read, its id before.
fn shown_name(row: &Row) -> &str {
    match &row.about {
        Some(Ok(about)) => &about.name,
        _ => &row.id,
    }
}

/// `id` as a shell reads it back: quoted where it holds spaces, `$`, `;`
/// or anything else a shell would act on, so the command shown works when
/// pasted.
pub(crate) fn pasteable(id: &str) -> String {
    let quoted = shlex::try_quote(id).unwrap_or(std::borrow::Cow::Borrowed(id));
    sanitize(&quoted).into_owned()
}

pub struct PickerView<'a> {
    pub picker: &'a Picker,
    pub theme: &'a Theme,
}

impl PickerView<'_> {
    fn items(&self, width: u16) -> Vec<ListItem<'_>> {
        // The list's border and the selection mark take three columns.
        let fit = width.saturating_sub(3);
        let theme = self.theme;
        // Names shown more than once: those rows show their id too.
        let mut seen = std::collections::HashMap::new();
        for row in &self.picker.entries {
            if let Some(Ok(r)) = &row.about {
                *seen.entry(r.name.as_str()).or_insert(0_usize) += 1;
            }
        }
        self.picker
            .entries
            .iter()
            .map(|e| {
                let id = sanitize(&e.id).into_owned();
                let lines = match &e.about {
                    Some(Ok(r)) => {
                        let mut first =
                            vec![Span::styled(sanitize(&r.name).into_owned(), theme.title)];
                        if seen.get(r.name.as_str()).is_some_and(|n| *n > 1) {
                            first.push(Span::styled(format!("  {id}"), theme.dim));
                        }
                        // Nothing about a replaced built-in is silent.
                        let whose = match library::whose(&e.id, &e.origin) {
                            Whose::Replaces(_) => "  (yours, replaces built-in)",
                            Whose::Replaced => "  (replaced by yours)",
                            Whose::Yours => "  (yours)",
                            Whose::BuiltIn => "",
                        };
                        if !whose.is_empty() {
                            first.push(Span::styled(whose, theme.dim));
                        }
                        vec![
                            Line::from(first),
                            Line::styled(
                                format!(
                                    "  {} · {} · {}",
                                    duration::clock(r.total),
                                    count(r.step_count, "step"),
                                    sanitize(&r.areas.join(", "))
                                ),
                                theme.dim,
                            ),
                        ]
                    }
                    Some(Err(_)) => vec![
                        Line::styled(id, theme.warning),
                        Line::styled("has problems: see details", theme.warning),
                    ],
                    None => vec![
                        Line::styled(id, theme.text),
                        Line::styled("  reading…", theme.dim),
                    ],
                };
                ListItem::new(
                    lines
                        .into_iter()
                        .map(|l| wrap::one_row(l, fit))
                        .collect::<Vec<_>>(),
                )
            })
            .collect()
    }

    fn details(&self) -> Vec<Line<'_>> {
        let theme = self.theme;
        let Some(entry) = self.picker.current() else {
            return vec![Line::styled("No routines found.", theme.dim)];
        };
        let r: &About = match &entry.about {
            Some(Ok(r)) => r,
            Some(Err(problems)) => {
                let mut lines = vec![
                    Line::styled("This routine file has problems:", theme.warning),
                    Line::default(),
                ];
                lines.extend(problems.iter().map(|l| Line::styled(l.clone(), theme.text)));
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
            None => return vec![Line::styled("Reading the file…", theme.dim)],
        };
        let mut lines = vec![
            Line::styled(sanitize(&r.name).into_owned(), theme.title),
            Line::styled(sanitize(&r.summary).into_owned(), theme.text),
            Line::default(),
            Line::from(vec![
                Span::styled("Time   ", theme.dim),
                Span::raw(duration::words(r.total)),
            ]),
            Line::from(vec![
                Span::styled("Areas  ", theme.dim),
                Span::raw(sanitize(&r.areas.join(", ")).into_owned()),
            ]),
            Line::from(vec![
                Span::styled("Run    ", theme.dim),
                Span::raw(format!("kneadle run {}", pasteable(&entry.id))),
            ]),
        ];
        // Nothing about a replaced built-in is silent, however narrow the
        // list's marks are cut.
        match library::whose(&entry.id, &entry.origin) {
            Whose::Replaces(builtin) => lines.push(Line::styled(
                format!(
                    "Yours: it replaces the built-in `{builtin}`, which still runs as `kneadle run {}{builtin}`.",
                    library::BUILTIN_PREFIX
                ),
                theme.warning,
            )),
            Whose::Replaced => lines.push(Line::styled(
                "Built-in, replaced by your routine of the same name.",
                theme.warning,
            )),
            Whose::Yours | Whose::BuiltIn => {}
        }
        lines.push(Line::default());
        if let Some(caution) = &r.caution {
            lines.push(Line::styled(
                format!("Caution: {}", sanitize(caution)),
                theme.warning,
            ));
            lines.push(Line::default());
        }
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
        if r.step_count > r.steps.len() {
            lines.push(Line::styled(
                format!(
                    "    and {} more",
                    count(r.step_count - r.steps.len(), "step")
                ),
                theme.dim,
            ));
        }
        for notice in &self.picker.notices {
            lines.push(Line::default());
            lines.push(Line::styled(sanitize(notice).into_owned(), theme.warning));
        }
        lines
    }
}

impl PickerView<'_> {
    /// The title row, the list, the details pane and the footer row.
    fn areas(area: Rect) -> [Rect; 4] {
        let [title, body, keys_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        // Side by side from 60 columns, the list taking two fifths.
        let list_width = if body.width >= 60 {
            Constraint::Percentage(40)
        } else {
            Constraint::Percentage(100)
        };
        let [list, details] = Layout::horizontal([list_width, Constraint::Fill(1)]).areas(body);
        [title, list, details.inner(Margin::new(1, 0)), keys_area]
    }

    /// Rows the details pane turns per PgDn (one line of the last page stays
    /// for context), and how many rows of details do not fit.
    fn paging(&self, rows: &[Line<'_>], pane: Rect) -> (usize, usize) {
        let overflow = rows.len().saturating_sub(usize::from(pane.height));
        (usize::from(pane.height.saturating_sub(1).max(1)), overflow)
    }

    /// The last page the details can turn to in `area` (0 when all fits).
    pub fn last_page(&self, area: Rect) -> u16 {
        let [_, _, pane, _] = Self::areas(area);
        if pane.width == 0 {
            return 0;
        }
        let (page, overflow) = self.paging(&wrap::wrap(self.details(), pane.width), pane);
        u16::try_from(overflow.div_ceil(page)).unwrap_or(u16::MAX)
    }
}

impl Widget for &PickerView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [title, list_area, details_area, keys_area] = PickerView::areas(area);
        Paragraph::new(Line::from(vec![
            Span::styled(" kneadle ", theme.title),
            Span::styled("· choose a routine", theme.dim),
        ]))
        .render(title, buf);
        let divider = if details_area.width > 0 {
            Borders::RIGHT
        } else {
            Borders::NONE
        };
        let list = List::new(self.items(list_area.width))
            .block(Block::new().borders(divider).border_style(theme.border))
            .highlight_style(theme.selected)
            .highlight_symbol("› ");
        let mut state = ListState::default().with_selected(Some(self.picker.selected));
        StatefulWidget::render(list, list_area, buf, &mut state);
        let details = wrap::wrap(self.details(), details_area.width);
        let (page, overflow) = self.paging(&details, details_area);
        let offset = (usize::from(self.picker.details_page) * page).min(overflow);
        Paragraph::new(details)
            .scroll((u16::try_from(offset).unwrap_or(u16::MAX), 0))
            .render(details_area, buf);
        Paragraph::new(footer(keys::PICKER, theme, keys_area.width)).render(keys_area, buf);
    }
}

#[cfg(test)]
mod tests;
