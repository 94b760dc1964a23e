//! What each key does to the screens: one key, one action from the
//! tables in `keys`, and what the routine makes of it is the guide's
//! ([`crate::guide::Guide::apply`]).

use super::{App, Effect, Overlay, Screen};
use crate::front::keys::{self, Action, Context};
use crate::guide::Command;
use std::time::Instant;

impl App {
    /// Applies a key press.
    pub fn key(&mut self, key: ratatui::crossterm::event::KeyEvent, now: Instant) -> Effect {
        if key.kind == ratatui::crossterm::event::KeyEventKind::Press {
            self.notice = None;
        }
        let context = self.context(now);
        let found = match context {
            Context::Help => keys::action_under_help(self.context_below(now), key),
            _ => keys::action(context, key).map(|a| (context, a)),
        };
        let Some((context, action)) = found else {
            return Effect::None;
        };
        let on_caution = matches!(
            context,
            Context::Caution | Context::CautionHeld | Context::CautionWaiting
        );
        let scrolling = matches!(
            action,
            Action::Down | Action::Up | Action::ScrollDown | Action::ScrollUp
        );
        match action {
            Action::Interrupt => return Effect::Interrupt,
            Action::Suspend => return Effect::Suspend,
            Action::Help => self.open(Overlay::Help, now),
            Action::Instructions => self.open(Overlay::Instructions, now),
            _ if scrolling && matches!(context, Context::Help | Context::Instructions) => {
                let page = self.popup(now).map_or(1, |p| p.page(self.page));
                self.overlay_scroll = scrolled(self.overlay_scroll, action, page);
            }
            _ if scrolling && on_caution => {
                // A page keeps a row of the last: nothing is skipped unread.
                if let Screen::Running(run) = &mut self.screen {
                    let page = run.measured(&self.theme).page(self.page);
                    run.scroll = scrolled(run.scroll, action, page);
                }
            }
            Action::Cancel => {
                self.overlay = None;
                self.overlay_scroll = 0;
                if let Screen::Running(run) = &mut self.screen {
                    run.guide.uncover(now);
                }
            }
            // Stopping a routine started from the picker goes back to it.
            Action::Confirm if context == Context::ConfirmQuit => match self.picker.take() {
                Some(p) => {
                    self.overlay = None;
                    self.leave_run(Screen::Picker(p), now);
                }
                None => {
                    self.stop(now);
                    return Effect::Quit;
                }
            },
            Action::Again => {
                if let Screen::Running(run) = &mut self.screen {
                    self.outbox.extend(run.guide.events(now));
                    let routine = run.guide.plan().routine.clone();
                    **run = Self::start(routine, now, self.countdown);
                }
            }
            Action::Confirm | Action::Quit
                if matches!(context, Context::Finished | Context::FinishedAlone) =>
            {
                if action == Action::Quit {
                    return Effect::Quit;
                }
                match self.picker.take() {
                    Some(p) => self.leave_run(Screen::Picker(p), now),
                    None => return Effect::Quit,
                }
            }
            Action::Routine(command) => {
                if let Screen::Running(run) = &mut self.screen {
                    if command == Command::Hold {
                        // The person holds it now, not the window.
                        run.held_by_window = false;
                    }
                    run.guide.apply(command, now);
                }
            }
            Action::Quit if on_caution => match self.picker.take() {
                Some(p) => self.leave_run(Screen::Picker(p), now),
                None => {
                    self.stop(now);
                    return Effect::Quit;
                }
            },
            Action::Quit => match &mut self.screen {
                Screen::Picker(_) => return Effect::Quit,
                Screen::Running(_) => self.open(Overlay::ConfirmQuit, now),
            },
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::Start
            | Action::ScrollDown
            | Action::ScrollUp => {
                if let Screen::Picker(p) = &mut self.screen {
                    match action {
                        Action::Up => p.up(),
                        Action::Down => p.down(),
                        Action::Top => p.top(),
                        Action::Bottom => p.bottom(),
                        Action::ScrollDown => p.scroll_details(1),
                        Action::ScrollUp => p.scroll_details(-1),
                        // The loop reads the file (afresh, or not yet listed) and calls `open_routine`.
                        _ if p
                            .current()
                            .is_some_and(|row| !matches!(row.about, Some(Err(_)))) =>
                        {
                            return Effect::Open;
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        Effect::None
    }

    /// Shows `overlay`; a caution under it stops counting down.
    fn open(&mut self, overlay: Overlay, now: Instant) {
        self.overlay = Some(overlay);
        self.overlay_scroll = 0;
        if let Screen::Running(run) = &mut self.screen {
            run.guide.cover(now);
        }
    }
}

/// `at` moved by a line or a `page` for `action`.
fn scrolled(at: u16, action: Action, page: u16) -> u16 {
    match action {
        Action::Down => at.saturating_add(1),
        Action::Up => at.saturating_sub(1),
        Action::ScrollDown => at.saturating_add(page),
        Action::ScrollUp => at.saturating_sub(page),
        _ => at,
    }
}
