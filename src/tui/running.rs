//! The screen while a routine runs, and the one when it is finished. Views
//! are functions of precomputed state: the session did the arithmetic.

use super::digits::{self, BigClock};
use super::help::footer;
use super::keys;
use super::theme::Theme;
use super::wrap;
use crate::duration;
use crate::plan::{SegmentKind, Side};
use crate::session::{BreathNow, Snapshot};
use crate::text::{count, sanitize};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

/// Below this size the screen shows a compact view.
const FULL_WIDTH: u16 = 40;
const FULL_HEIGHT: u16 = 16;
/// Space left and right of the running screen.
const MARGIN: Margin = Margin::new(2, 0);

pub struct RunningView<'a> {
    pub routine_name: &'a str,
    pub snapshot: &'a Snapshot<'a>,
    pub theme: &'a Theme,
}

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

fn side_words(side: Option<Side>) -> String {
    side.map_or(String::new(), |s| format!(" · {}", s.name()))
}

impl RunningView<'_> {
    fn heading(&self) -> Line<'_> {
        let s = self.snapshot;
        let what = match s.lead_in_title {
            Some(title) => title.to_uppercase(),
            None => format!(
                "{}{}",
                s.step.technique.name().to_uppercase(),
                side_words(s.segment.side).to_uppercase()
            ),
        };
        let mut spans = vec![Span::styled(what, self.theme.technique)];
        if s.step.repeat > 1 {
            spans.push(Span::styled(
                format!(" · round {} of {}", s.segment.round + 1, s.step.repeat),
                self.theme.dim,
            ));
        }
        if s.paused {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(" PAUSED ", self.theme.paused));
        }
        Line::from(spans)
    }

    fn next_line(&self) -> Line<'_> {
        match self.snapshot.next {
            Some((step, side)) => Line::from(vec![
                Span::styled("Next: ", self.theme.dim),
                Span::styled(
                    format!("{}{}", sanitize(&step.name), side_words(side)),
                    self.theme.text,
                ),
            ]),
            None => Line::styled("Next: finish", self.theme.dim),
        }
    }

    fn cue_line(&self) -> Line<'_> {
        let s = self.snapshot;
        if s.paused {
            return Line::styled("Paused: press space to carry on", self.theme.paused);
        }
        match (s.segment.kind, s.cue) {
            (SegmentKind::LeadIn, _) => {
                let hint = match s.segment.side {
                    Some(Side::Right) => "Change to the right side",
                    _ => "Get into position",
                };
                Line::styled(hint, self.theme.cue)
            }
            (_, Some(cue)) => Line::styled(format!("» {}", sanitize(cue)), self.theme.cue),
            _ => Line::default(),
        }
    }

    fn compact(&self, area: Rect, buf: &mut Buffer) {
        let s = self.snapshot;
        let theme = self.theme;
        if area.width < 12 || area.height < 3 {
            Paragraph::new(vec![
                Line::styled(duration::clock(s.remaining), theme.clock),
                Line::styled("Enlarge the terminal", theme.dim),
            ])
            .wrap(Wrap { trim: true })
            .render(area, buf);
            return;
        }
        let [name, clock, bar_area, cue, rest] =
            Layout::vertical([Constraint::Length(1); 5]).areas(area);
        Paragraph::new(Line::styled(
            sanitize(&s.step.name).into_owned(),
            theme.title,
        ))
        .render(name, buf);
        let mut clock_line = vec![
            Span::styled(duration::clock(s.remaining), theme.clock),
            Span::styled(
                format!(
                    " {}",
                    s.lead_in_title
                        .map_or_else(|| s.step.technique.name().to_owned(), str::to_lowercase)
                ),
                theme.dim,
            ),
        ];
        if s.paused {
            clock_line.push(Span::styled(" paused", theme.paused));
        }
        Paragraph::new(Line::from(clock_line)).render(clock, buf);
        Paragraph::new(bar(
            "",
            s.segment_progress,
            String::new(),
            bar_area.width,
            theme,
        ))
        .render(bar_area, buf);
        Paragraph::new(self.cue_line()).render(cue, buf);
        Paragraph::new(Line::styled("Enlarge for more", theme.dim)).render(rest, buf);
    }
}

impl Widget for &RunningView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if is_compact(area) {
            self.compact(area, buf);
            return;
        }
        let s = self.snapshot;
        let theme = self.theme;
        let pacer_rows = if s.breath.is_some() { 3 } else { 0 };
        let [
            header,
            _,
            heading,
            name,
            _,
            clock,
            _,
            instructions,
            cue,
            pacer,
            _,
            step_bar,
            routine_bar,
            next,
            _,
            keys,
        ] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(digits::HEIGHT),
            Constraint::Fill(1),
            Constraint::Max(3),
            Constraint::Length(1),
            Constraint::Length(pacer_rows),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area.inner(MARGIN));

        let title = format!("kneadle · {}", sanitize(self.routine_name));
        let position = format!("step {} of {}", s.step_number, s.step_count);
        let [title_area, position_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(position.width() as u16),
        ])
        .areas(header);
        Paragraph::new(Line::styled(title, theme.title)).render(title_area, buf);
        Paragraph::new(Line::styled(position, theme.dim)).render(position_area, buf);

        Paragraph::new(self.heading())
            .alignment(Alignment::Center)
            .render(heading, buf);
        Paragraph::new(Line::styled(
            sanitize(&s.step.name).into_owned(),
            theme.title,
        ))
        .alignment(Alignment::Center)
        .render(name, buf);
        let clock_text = duration::clock(s.remaining);
        let clock_style = if s.paused { theme.paused } else { theme.clock };
        if clock.width >= digits::width(&clock_text) {
            BigClock {
                text: &clock_text,
                style: clock_style,
            }
            .render(clock, buf);
        } else {
            Paragraph::new(Line::styled(clock_text.as_str(), clock_style))
                .alignment(Alignment::Center)
                .render(clock, buf);
        }
        Paragraph::new(wrap::wrap(
            [Line::styled(
                sanitize(&s.step.instructions).into_owned(),
                theme.text,
            )],
            instructions.width,
        ))
        .alignment(Alignment::Center)
        .render(instructions, buf);
        Paragraph::new(self.cue_line())
            .alignment(Alignment::Center)
            .render(cue, buf);
        if let Some(breath) = &s.breath {
            Pacer { breath, theme }.render(pacer, buf);
        }
        let step_tail = format!("{clock_text} left");
        let label = if s.segment.kind == SegmentKind::LeadIn {
            "Ready  "
        } else {
            "Step   "
        };
        Paragraph::new(bar(
            label,
            s.segment_progress,
            step_tail,
            step_bar.width,
            theme,
        ))
        .render(step_bar, buf);
        let routine_tail = format!("{} left", duration::clock(s.routine_remaining));
        Paragraph::new(bar(
            "Routine",
            s.routine_progress,
            routine_tail,
            routine_bar.width,
            theme,
        ))
        .render(routine_bar, buf);
        Paragraph::new(self.next_line()).render(next, buf);
        Paragraph::new(footer(keys::RUNNING, theme, keys.width)).render(keys, buf);
    }
}

/// How many levels the pacer shows in a running screen of `area`: the
/// session wakes the loop only when the drawn level changes. None in the
/// compact view, which has no pacer.
pub fn pacer_levels(area: Rect) -> u32 {
    if is_compact(area) {
        return 0;
    }
    u32::from(pacer_cells(area.inner(MARGIN).width))
}

fn is_compact(area: Rect) -> bool {
    area.width < FULL_WIDTH || area.height < FULL_HEIGHT
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

/// The last screen: how long the person practised.
pub struct FinishedView<'a> {
    pub routine_name: &'a str,
    pub practised: std::time::Duration,
    /// The routine's length, with any time added or taken away.
    pub planned: std::time::Duration,
    pub theme: &'a Theme,
    /// Whether Enter goes back to the picker (else it is not offered).
    pub can_go_back: bool,
}

impl FinishedView<'_> {
    /// Followed to the end, give or take a few skipped seconds.
    fn finished_all(&self) -> bool {
        crate::guide::completed(self.practised, self.planned)
    }
}

impl Widget for &FinishedView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [body, keys] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
        let lines = vec![
            Line::styled(
                if self.finished_all() {
                    "Well done."
                } else {
                    "Routine ended."
                },
                theme.title,
            ),
            Line::default(),
            Line::styled(
                if self.finished_all() {
                    format!(
                        "You finished {} in {}.",
                        sanitize(self.routine_name),
                        duration::clock(self.practised)
                    )
                } else {
                    format!(
                        "You followed {} for {} of its {}.",
                        sanitize(self.routine_name),
                        duration::clock(self.practised),
                        duration::clock(self.planned)
                    )
                },
                theme.text,
            ),
            Line::default(),
            Line::styled(
                "Take your time before you move on, and keep moving gently today.",
                theme.dim,
            ),
        ];
        let lines = wrap::wrap(lines, body.width);
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
        let bindings = keys::FINISHED
            .iter()
            .filter(|b| self.can_go_back || b.action != keys::Action::Confirm);
        Paragraph::new(footer(bindings, theme, keys.width))
            .alignment(Alignment::Center)
            .render(keys, buf);
    }
}

/// Before the first step: what the routine is, and its caution, counting
/// down to the start (or held until Enter).
pub struct IntroView<'a> {
    pub routine: &'a crate::routine::Routine,
    /// `None` while the countdown is held.
    pub starts_in: Option<std::time::Duration>,
    pub theme: &'a Theme,
}

impl IntroView<'_> {
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

    /// The area for the text, and the status and footer rows.
    fn areas(area: Rect) -> [Rect; 3] {
        let [body, status, keys_area] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [_, text] =
            Layout::vertical([Constraint::Max(2), Constraint::Fill(1)]).areas(body.inner(MARGIN));
        [text, status, keys_area]
    }

    /// Does the whole caution fit in `area`? If not, the routine must not
    /// start by itself.
    pub fn fits(&self, area: Rect) -> bool {
        let [text, ..] = Self::areas(area);
        wrap::fits(
            &wrap::wrap(self.lines(), text.width),
            text.width,
            text.height,
        )
    }
}

impl Widget for &IntroView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.theme;
        let [text_area, status, keys_area] = IntroView::areas(area);
        Paragraph::new(wrap::wrap(self.lines(), text_area.width))
            .alignment(Alignment::Center)
            .render(text_area, buf);
        let status_line = match self.starts_in {
            _ if !self.fits(area) => Line::styled(
                "Enlarge the window to read it all · Enter starts",
                theme.paused,
            ),
            Some(left) => Line::styled(
                format!("Starting in {}", duration::clock(left)),
                theme.clock,
            ),
            None => Line::styled("Waiting: press Enter when you are ready", theme.paused),
        };
        Paragraph::new(status_line)
            .alignment(Alignment::Center)
            .render(status, buf);
        Paragraph::new(footer(keys::INTRO, theme, keys_area.width))
            .alignment(Alignment::Center)
            .render(keys_area, buf);
    }
}
