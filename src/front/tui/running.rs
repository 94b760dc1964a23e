//! The screen while a routine runs, and the one when it is finished. Views
//! are functions of precomputed state: the session did the arithmetic.

use super::digits::{self, BigClock};
use super::help::footer;
use super::theme::Theme;
use super::wrap;
use crate::duration;
use crate::front::keys;
use crate::plan::{SegmentKind, Side};
use crate::session::Snapshot;
use crate::text::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

/// Space left and right of the running screen.
const MARGIN: Margin = Margin::new(2, 0);

pub struct RunningView<'a> {
    pub routine_name: &'a str,
    pub snapshot: &'a Snapshot<'a>,
    pub theme: &'a Theme,
}

fn side_words(side: Option<Side>) -> String {
    side.map_or(String::new(), |s| format!(" · {}", s.name()))
}

/// The rows the pacer's band takes above its label, when there is room.
const PACER_BAND: u16 = 2;

impl RunningView<'_> {
    fn heading(&self) -> Line<'_> {
        let s = self.snapshot;
        let what = match s.lead_in_title {
            Some(title) => title.to_uppercase(),
            None => s.step.technique.name().to_uppercase(),
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

    /// The step's name and, on a two-sided step, its side: the side always
    /// shows whole, the name gives way (with "…") when the rows run out.
    fn step_rows(&self, width: u16, max: usize) -> Vec<Line<'_>> {
        let s = self.snapshot;
        let name = sanitize(&s.step.name).into_owned();
        let side = side_words(s.segment.side);
        let name_line = Line::styled(name.clone(), self.theme.title);
        if side.is_empty() {
            return wrap::wrap_clipped([name_line], width, max);
        }
        // The side stays whole: after the name's last row when it fits
        // there, else on a row of its own.
        let mut whole = wrap::wrap([name_line], width);
        let fits_after = whole
            .last()
            .is_some_and(|l| l.width() + wrap::cells(&side) <= usize::from(width));
        if let (true, Some(last)) = (fits_after, whole.last_mut()) {
            last.spans
                .push(Span::styled(side.clone(), self.theme.technique));
        } else if let Some(s) = s.segment.side {
            whole.push(Line::styled(s.name(), self.theme.technique));
        }
        if whole.len() <= max {
            return wrap::clip(whole, width, max);
        }
        let room = u16::try_from(wrap::cells(&side)).map_or(0, |w| width.saturating_sub(w));
        if room < 4 {
            // Too narrow for both: the side matters more than the name.
            return wrap::wrap_clipped([Line::styled(side, self.theme.technique)], width, max);
        }
        let mut rows = wrap::wrap_clipped([Line::styled(name, self.theme.title)], width, max);
        if let Some(last) = rows.pop() {
            let mut last = wrap::one_row(last, room);
            if !last.to_string().ends_with(wrap::MORE) {
                last.spans.push(Span::styled(wrap::MORE, self.theme.title));
            }
            last.spans.push(Span::styled(side, self.theme.technique));
            rows.push(last);
        }
        rows
    }

    /// The time left as one row of plain digits, with what it counts.
    fn time_line(&self) -> Line<'_> {
        let s = self.snapshot;
        let theme = self.theme;
        let clock_style = if s.paused { theme.paused } else { theme.clock };
        let what = match s.lead_in_title {
            Some(title) => title.to_lowercase(),
            None => format!("left · {}", s.step.technique.name()),
        };
        let mut spans = vec![
            Span::styled(duration::clock(s.remaining), clock_style),
            Span::styled(format!(" {what}"), theme.dim),
        ];
        if s.paused {
            spans.push(Span::styled(" · paused", theme.paused));
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

    fn cue_line(&self) -> Option<Line<'_>> {
        let s = self.snapshot;
        if s.paused {
            return Some(Line::styled(
                "Paused: press space to carry on",
                self.theme.paused,
            ));
        }
        match (s.segment.kind, s.cue) {
            (SegmentKind::LeadIn, _) => {
                let hint = match s.segment.side {
                    Some(Side::Right) => "Change to the right side",
                    _ => "Get into position",
                };
                Some(Line::styled(hint, self.theme.cue))
            }
            (_, Some(cue)) => Some(Line::styled(format!("» {}", sanitize(cue)), self.theme.cue)),
            _ => None,
        }
    }

    fn instructions(&self) -> Option<Line<'_>> {
        let text = sanitize(&self.snapshot.step.instructions).into_owned();
        (!text.trim().is_empty()).then(|| Line::styled(text, self.theme.text))
    }

    /// The clock's text at its widest for this segment, so its size does
    /// not jump as the seconds go by.
    fn widest_clock(&self) -> String {
        let s = self.snapshot;
        let now = duration::clock(s.remaining);
        let full = duration::clock(s.segment.length.max(s.remaining));
        if digits::width(&full) > digits::width(&now) {
            full
        } else {
            now
        }
    }

    /// Gives out `height` rows by priority: first one row to each part in
    /// turn, then the big clock, then each part the rest it wants, and last
    /// a bigger clock. Nothing is left out while a row stays empty.
    fn rows(&self, width: u16, height: u16) -> Rows {
        let wants = |rows: Vec<Line<'_>>| u16::try_from(rows.len()).unwrap_or(u16::MAX);
        let cue = self.cue_line().map_or(0, |l| wants(wrap::wrap([l], width)));
        let instructions = self
            .instructions()
            .map_or(0, |l| wants(wrap::wrap([l], width)));
        let step = wants(self.step_rows(width, usize::MAX));
        let breath = if self.snapshot.breath.is_some() {
            1 + PACER_BAND
        } else {
            0
        };
        let full = |part: Part| match part {
            Part::Step => step,
            Part::Breath => breath,
            Part::Cue => cue,
            Part::Instructions => instructions,
            _ => 1,
        };
        let mut rows = Rows::default();
        let mut left = height;
        for part in PRIORITY {
            if full(part) > 0 && left > 0 {
                *rows.get(part) = 1;
                left -= 1;
            }
        }
        let clock = self.widest_clock();
        let big = |left: u16| digits::scale_to_fit(&clock, width, left.saturating_add(1));
        if rows.time == 1 && big(left).is_some() {
            rows.scale = 1;
            rows.time = digits::HEIGHT;
            left = left.saturating_sub(digits::HEIGHT - 1);
        }
        for part in PRIORITY {
            let have = *rows.get(part);
            if have > 0 {
                let more = full(part).saturating_sub(have).min(left);
                *rows.get(part) += more;
                left -= more;
            }
        }
        if rows.scale > 0 {
            // Grow the clock into what is left, keeping a row of air above
            // and below it.
            let room = left.saturating_sub(2) + rows.time;
            if let Some(scale) = digits::scale_to_fit(&clock, width, room)
                && scale > rows.scale
            {
                rows.time = digits::HEIGHT * scale;
                rows.scale = scale;
            }
        }
        rows
    }
}

impl Widget for &RunningView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.snapshot;
        let theme = self.theme;
        let margin = if area.width >= 40 {
            MARGIN
        } else {
            Margin::new(0, 0)
        };
        let inner = area.inner(margin);
        let rows = self.rows(inner.width, inner.height);
        let len = Constraint::Length;
        let [
            header,
            _,
            heading,
            step,
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
            keys_area,
        ] = Layout::vertical([
            len(rows.header),
            Constraint::Fill(1),
            len(rows.heading),
            len(rows.step),
            Constraint::Fill(1),
            len(rows.time),
            Constraint::Fill(1),
            len(rows.instructions),
            len(rows.cue),
            len(rows.breath),
            Constraint::Fill(1),
            len(rows.step_bar),
            len(rows.routine_bar),
            len(rows.next),
            Constraint::Fill(1),
            len(rows.keys),
        ])
        .areas(inner);

        let position = format!("step {} of {}", s.step_number, s.step_count);
        let [title_area, _, position_area] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(u16::try_from(position.width()).unwrap_or(u16::MAX)),
        ])
        .areas(header);
        let title = Line::styled(
            format!("kneadle · {}", sanitize(self.routine_name)),
            theme.title,
        );
        Paragraph::new(wrap::one_row(title, title_area.width)).render(title_area, buf);
        Paragraph::new(Line::styled(position, theme.dim)).render(position_area, buf);

        Paragraph::new(wrap::one_row(self.heading(), heading.width))
            .alignment(Alignment::Center)
            .render(heading, buf);
        Paragraph::new(self.step_rows(step.width, usize::from(step.height)))
            .alignment(Alignment::Center)
            .render(step, buf);
        let clock_text = duration::clock(s.remaining);
        if rows.scale > 0 {
            BigClock {
                text: &clock_text,
                style: if s.paused { theme.paused } else { theme.clock },
                scale: rows.scale,
            }
            .render(clock, buf);
        } else {
            Paragraph::new(wrap::one_row(self.time_line(), clock.width))
                .alignment(Alignment::Center)
                .render(clock, buf);
        }
        if let Some(text) = self.instructions() {
            Paragraph::new(wrap::wrap_clipped(
                [text],
                instructions.width,
                usize::from(instructions.height),
            ))
            .alignment(Alignment::Center)
            .render(instructions, buf);
        }
        if let Some(line) = self.cue_line() {
            Paragraph::new(wrap::wrap_clipped(
                [line],
                cue.width,
                usize::from(cue.height),
            ))
            .alignment(Alignment::Center)
            .render(cue, buf);
        }
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
        Paragraph::new(wrap::one_row(self.next_line(), next.width)).render(next, buf);
        // The key to the whole instructions is offered when they are cut.
        let cut = self.instructions().is_some_and(|text| {
            wrap::wrap([text], instructions.width).len() > usize::from(instructions.height)
        });
        let bindings = keys::RUNNING
            .iter()
            .filter(|b| cut || b.action != keys::Action::Instructions);
        Paragraph::new(footer(bindings, theme, keys_area.width)).render(keys_area, buf);
    }
}

mod caution;
mod finished;
mod pacer;

pub use caution::{CautionView, Waiting};
pub use finished::FinishedView;
pub use pacer::{Pacer, pacer_cells, pacer_levels};

mod bar;
mod rows;
pub use bar::bar;
use rows::{PRIORITY, Part, Rows};
