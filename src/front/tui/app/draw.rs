//! The screens drawn: the window fitted first (a caution that does not
//! show its end holds its countdown), then the screen and its overlay.

use super::{App, Overlay, Screen};
use crate::front::keys;
use crate::front::tui::help::{self, ConfirmQuit, Notice, Popup};
use crate::front::tui::picker::PickerView;
use crate::front::tui::running::{CautionView, FinishedView, RunningView, Waiting};
use crate::guide::{CautionNow, Command};
use crate::session::State;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::time::Instant;

impl App {
    /// Adjusts to the window before a frame: a caution that does not fit
    /// holds its countdown, so no routine starts with its caution unread,
    /// and the picker's details never stay scrolled past their end.
    pub fn fit(&mut self, area: Rect, now: Instant) {
        self.page = area;
        if let Some(popup) = self.popup(now) {
            self.overlay_scroll = self.overlay_scroll.min(popup.last_scroll(area));
        }
        let run = match &mut self.screen {
            Screen::Picker(p) => {
                let last = PickerView {
                    picker: p,
                    theme: &self.theme,
                }
                .last_page(area);
                p.details_page = p.details_page.min(last);
                return;
            }
            Screen::Running(run) => run,
        };
        if !run.on_caution(now) {
            return;
        }
        let (scroll, shows_end) = {
            let view = run.measured(&self.theme);
            let scroll = run.scroll.min(view.last_scroll(area));
            (scroll, view.shows_end(area, scroll))
        };
        run.scroll = scroll;
        if shows_end {
            run.read = true;
        }
        // The countdown shows only beside the caution's end: while the end
        // is off screen (unread, scrolled back, or a window shrunk after
        // showing it all) the countdown waits, and runs again in full once
        // the end shows.
        match run.guide.caution(now) {
            Some(CautionNow::StartsIn(_)) if !shows_end => {
                run.guide.hold_caution(now);
                run.held_by_window = true;
            }
            Some(CautionNow::Held) if shows_end && run.held_by_window => {
                run.held_by_window = false;
                run.guide.apply(Command::CountDown, now);
            }
            _ => {}
        }
    }

    /// The open overlay, when it is one that scrolls.
    pub(super) fn popup(&self, now: Instant) -> Option<Popup<'_>> {
        match self.overlay {
            Some(Overlay::Help) => Some(help::help_popup(
                self.context_below(now),
                self.overlay_scroll,
                &self.theme,
            )),
            Some(Overlay::Instructions) => match &self.screen {
                Screen::Running(run) => match run.guide.state(now) {
                    State::Running(s) => Some(help::instructions_popup(
                        s.step,
                        self.overlay_scroll,
                        &self.theme,
                    )),
                    State::Finished { .. } => None,
                },
                Screen::Picker(_) => None,
            },
            _ => None,
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, now: Instant) {
        let theme = &self.theme;
        match &self.screen {
            Screen::Picker(p) => PickerView { picker: p, theme }.render(area, buf),
            Screen::Running(run) if run.on_caution(now) => {
                let waiting = match run.guide.caution(now) {
                    Some(CautionNow::StartsIn(left)) => Waiting::StartsIn(left),
                    // What it will say when the overlay closes.
                    Some(CautionNow::Covered(full)) => Waiting::StartsIn(full),
                    Some(CautionNow::Held) if run.held_by_window => Waiting::Unread,
                    Some(CautionNow::Held) | None => Waiting::Held,
                };
                CautionView {
                    routine: &run.guide.plan().routine,
                    waiting,
                    scroll: run.scroll,
                    keys: keys::table(run.caution_context(now)),
                    theme,
                }
                .render(area, buf);
            }
            Screen::Running(run) => {
                let name = &run.guide.plan().routine.name;
                match (run.guide.outcome(now), run.guide.state(now)) {
                    (None, State::Running(snapshot)) => {
                        RunningView {
                            routine_name: name,
                            snapshot: &snapshot,
                            theme,
                        }
                        .render(area, buf);
                    }
                    // A session at its end is over: the guide has its outcome.
                    (None, State::Finished { .. }) => {}
                    (Some(outcome), _) => {
                        FinishedView {
                            routine_name: name,
                            outcome,
                            keys: match self.picker {
                                Some(_) => keys::FINISHED,
                                None => keys::FINISHED_ALONE,
                            },
                            theme,
                        }
                        .render(area, buf);
                    }
                }
            }
        }
        match self.overlay {
            Some(Overlay::ConfirmQuit) => ConfirmQuit { theme }.render(area, buf),
            Some(_) => {
                if let Some(popup) = self.popup(now) {
                    (&popup).render(area, buf);
                }
            }
            None => {}
        }
        if let Some(text) = &self.notice {
            Notice { text, theme }.render(area, buf);
        }
    }
}
