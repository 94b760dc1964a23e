//! The interface's state: which screen and overlay show, and what each key
//! does to them. Pure: time comes in as `now`, nothing here touches the
//! terminal, so every behaviour is tested by rendering into a buffer.

use super::help::{ConfirmQuit, HelpOverlay, Notice};
use super::keys::{self, Action, Context};
use super::picker::{Picker, PickerView};
use super::running::{self, FinishedView, IntroView, RunningView};
use super::theme::Theme;
use crate::library::{Entry, Listing, Origin};
use crate::plan::Plan;
use crate::routine::Routine;
use crate::session::{Session, State};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use std::time::{Duration, Instant};

/// A routine being followed.
#[derive(Debug, Clone)]
pub struct Run {
    pub session: Session,
    /// The "before you start" screen, shown until the session starts.
    intro: Intro,
    /// The segment shown last, to ring the bell when it changes.
    last_segment: Option<usize>,
    /// Whether the routine was running before the quit question paused it.
    resume_after_cancel: bool,
}

/// How long the caution shows before the routine starts by itself.
pub const INTRO: Duration = Duration::from_secs(15);

/// The "before you start" screen: counting down to the start, or held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intro {
    None,
    /// The session starts at this instant.
    Until(Instant),
    /// Waits for Enter.
    Held,
    /// An overlay hides the caution: the countdown waits, and starts again
    /// in full when the overlay closes, since whatever was read before may
    /// be forgotten and a few seconds left would start the routine before
    /// the caution could be read again.
    Covered,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Picker(Picker),
    Running(Box<Run>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    ConfirmQuit,
}

impl Run {
    /// Is the "before you start" screen showing?
    fn in_intro(&self, now: Instant) -> bool {
        match self.intro {
            Intro::None => false,
            Intro::Until(start) => now < start,
            Intro::Held | Intro::Covered => true,
        }
    }

    /// An overlay opens: a caution counting down stops counting.
    fn cover(&mut self, now: Instant) {
        if matches!(self.intro, Intro::Until(_)) && self.in_intro(now) {
            self.intro = Intro::Covered;
        }
    }

    /// The overlay closed: a covered caution counts down afresh.
    fn uncover(&mut self, now: Instant) {
        if self.intro == Intro::Covered {
            let start = now + INTRO;
            self.intro = Intro::Until(start);
            self.session = Session::start(self.session.plan().clone(), start);
        }
    }
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Ctrl-C: leave at once, and say it was an interrupt.
    Interrupt,
    Suspend,
    /// Read the routine selected in the picker and [`App::open_routine`] it.
    Open,
}

/// Why Ctrl-Z did not suspend, where nothing could resume a stop.
macro_rules! no_job_control {
    () => {
        "Ctrl-Z can't suspend here: no shell job control to resume it."
    };
}
const NO_JOB_CONTROL: &str = no_job_control!();
const PAUSED_NO_JOB_CONTROL: &str = concat!("Paused. ", no_job_control!());

/// Everything on screen. Pure: time comes in as `now`.
#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// One line over the footer, until the next key.
    notice: Option<&'static str>,
    /// The picker to return to after a routine, when there was one.
    picker: Option<Picker>,
    pub theme: Theme,
}

impl App {
    /// Opens the picker.
    pub fn picker(picker: Picker, theme: Theme) -> Self {
        Self {
            screen: Screen::Picker(picker),
            overlay: None,
            notice: None,
            picker: None,
            theme,
        }
    }

    /// Starts `routine` at once.
    pub fn running(routine: Routine, theme: Theme, now: Instant) -> Self {
        Self {
            screen: Screen::Running(Box::new(Self::start(routine, now))),
            overlay: None,
            notice: None,
            picker: None,
            theme,
        }
    }

    /// A routine with a caution opens on it: the session starts after
    /// [`INTRO`] unless the person starts it sooner or holds the countdown.
    fn start(routine: Routine, now: Instant) -> Run {
        let (intro, start) = match routine.caution {
            Some(_) => (Intro::Until(now + INTRO), now + INTRO),
            None => (Intro::None, now),
        };
        Run {
            session: Session::start(Plan::new(routine), start),
            intro,
            last_segment: Some(0),
            resume_after_cancel: false,
        }
    }

    /// A routine the picker lists has been read (the picker may be on
    /// screen or waiting behind a routine).
    pub fn listed(&mut self, index: usize, listing: Listing) {
        match (&mut self.screen, &mut self.picker) {
            (Screen::Picker(p), _) | (_, Some(p)) => p.loaded(index, listing),
            _ => {}
        }
    }

    /// The routine selected in the picker: its id and where it is.
    pub fn selected(&self) -> Option<(String, Origin)> {
        match &self.screen {
            Screen::Picker(p) => p.current().map(|row| (row.id.clone(), row.origin.clone())),
            Screen::Running(_) => None,
        }
    }

    /// Starts the routine the picker selected, read afresh; if the file
    /// has gone bad since it was listed, the picker shows why instead.
    pub fn open_routine(&mut self, entry: Entry, now: Instant) {
        let Screen::Picker(p) = &mut self.screen else {
            return;
        };
        match entry.routine {
            Ok(routine) => {
                self.picker = Some(p.clone());
                self.screen = Screen::Running(Box::new(Self::start(routine, now)));
            }
            Err(report) => {
                let index = p.selected;
                p.loaded(
                    index,
                    Listing {
                        id: entry.id,
                        origin: entry.origin,
                        about: Err(report.short().lines().map(str::to_owned).collect()),
                    },
                );
            }
        }
    }

    pub fn context(&self, now: Instant) -> Context {
        match (&self.overlay, &self.screen) {
            (Some(Overlay::Help), _) => Context::Help,
            (Some(Overlay::ConfirmQuit), _) => Context::ConfirmQuit,
            (None, Screen::Picker(_)) => Context::Picker,
            (None, Screen::Running(run)) if run.in_intro(now) => Context::Intro,
            (None, Screen::Running(run)) if run.session.is_finished(now) => Context::Finished,
            (None, Screen::Running(_)) => Context::Running,
        }
    }

    /// Applies a key press.
    pub fn key(&mut self, key: ratatui::crossterm::event::KeyEvent, now: Instant) -> Effect {
        if key.kind == ratatui::crossterm::event::KeyEventKind::Press {
            self.notice = None;
        }
        let context = self.context(now);
        let Some(action) = keys::action(context, key) else {
            return Effect::None;
        };
        match action {
            Action::Interrupt => return Effect::Interrupt,
            Action::Suspend => return Effect::Suspend,
            Action::Help => self.open(Overlay::Help, now),
            Action::Cancel => {
                self.overlay = None;
                if let Screen::Running(run) = &mut self.screen {
                    run.uncover(now);
                    if context == Context::ConfirmQuit && run.resume_after_cancel {
                        run.session.resume(now);
                    }
                }
            }
            // Stopping a routine started from the picker goes back to it.
            Action::Confirm if context == Context::ConfirmQuit => match self.picker.take() {
                Some(p) => {
                    self.overlay = None;
                    self.screen = Screen::Picker(p);
                }
                None => return Effect::Quit,
            },
            Action::Confirm | Action::Quit if context == Context::Finished => {
                if action == Action::Quit {
                    return Effect::Quit;
                }
                match self.picker.take() {
                    Some(p) => self.screen = Screen::Picker(p),
                    None => return Effect::Quit,
                }
            }
            Action::Start | Action::Hold if context == Context::Intro => {
                if let Screen::Running(run) = &mut self.screen {
                    if action == Action::Hold {
                        run.intro = Intro::Held;
                    } else {
                        run.intro = Intro::None;
                        run.session = Session::start(run.session.plan().clone(), now);
                    }
                }
            }
            Action::Quit if context == Context::Intro => match self.picker.take() {
                Some(p) => self.screen = Screen::Picker(p),
                None => return Effect::Quit,
            },
            Action::Quit => match &mut self.screen {
                Screen::Picker(_) => return Effect::Quit,
                Screen::Running(run) => {
                    run.resume_after_cancel = !run.session.is_paused();
                    run.session.pause(now);
                    self.open(Overlay::ConfirmQuit, now);
                }
            },
            Action::Up | Action::Down | Action::Start | Action::ScrollDown | Action::ScrollUp => {
                if let Screen::Picker(p) = &mut self.screen {
                    match action {
                        Action::Up => p.up(),
                        Action::Down => p.down(),
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
            _ => {
                if let Screen::Running(run) = &mut self.screen {
                    let s = &mut run.session;
                    match action {
                        Action::TogglePause => s.toggle_pause(now),
                        Action::Next => s.next(now),
                        Action::Previous => s.previous(now),
                        Action::Extend => s.extend(now),
                        Action::Shorten => s.shorten(now),
                        Action::Restart => s.restart_step(now),
                        _ => {}
                    }
                }
            }
        }
        Effect::None
    }

    /// Shows `overlay`; a caution under it stops counting down.
    fn open(&mut self, overlay: Overlay, now: Instant) {
        self.overlay = Some(overlay);
        if let Screen::Running(run) = &mut self.screen {
            run.cover(now);
        }
    }

    /// Adjusts to the window before a frame: a caution that does not fit
    /// holds its countdown, so no routine starts with its caution unread,
    /// and the picker's details never stay scrolled past their end.
    pub fn fit(&mut self, area: Rect, now: Instant) {
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
        if matches!(run.intro, Intro::Until(_)) && run.in_intro(now) {
            let view = IntroView {
                routine: &run.session.plan().routine,
                starts_in: None,
                theme: &self.theme,
            };
            if !view.fits(area) {
                run.intro = Intro::Held;
            }
        }
    }

    /// Pauses a running routine (suspend, or a stop from outside).
    /// On the caution screen, the countdown stops instead.
    pub fn pause(&mut self, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            if run.in_intro(now) {
                run.intro = Intro::Held;
            } else {
                run.session.pause(now);
            }
        }
    }

    /// Ctrl-Z (or SIGTSTP) where no shell could bring a stopped process
    /// back: pause instead, and say why.
    pub fn refuse_suspend(&mut self, now: Instant) {
        let paused = match &self.screen {
            Screen::Running(run) => !run.session.is_finished(now),
            Screen::Picker(_) => false,
        };
        self.pause(now);
        self.notice = Some(if paused {
            PAUSED_NO_JOB_CONTROL
        } else {
            NO_JOB_CONTROL
        });
    }

    /// When the screen next changes by itself; `None` when only a key can
    /// change it.
    pub fn next_change_at(&self, now: Instant, area: Rect) -> Option<Instant> {
        match &self.screen {
            Screen::Running(run) if matches!(run.intro, Intro::Held | Intro::Covered) => None,
            Screen::Running(run) if run.in_intro(now) => {
                // The intro's countdown shows whole seconds until the start.
                let Intro::Until(start) = run.intro else {
                    return None;
                };
                let left = start - now;
                let sub = left - Duration::from_secs(left.as_secs());
                Some(
                    now + if sub.is_zero() {
                        Duration::from_secs(1)
                    } else {
                        sub
                    },
                )
            }
            Screen::Running(run) => run.session.next_change_at(now, running::pacer_levels(area)),
            Screen::Picker(_) => None,
        }
    }

    /// True once each time the routine moves to another segment or ends.
    pub fn take_transition(&mut self, now: Instant) -> bool {
        let Screen::Running(run) = &mut self.screen else {
            return false;
        };
        if run.in_intro(now) {
            return false;
        }
        let current = run.session.segment_index(now);
        let changed = current != run.last_segment;
        run.last_segment = current;
        changed
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, now: Instant) {
        let theme = &self.theme;
        match &self.screen {
            Screen::Picker(p) => PickerView { picker: p, theme }.render(area, buf),
            Screen::Running(run) if run.in_intro(now) => {
                let starts_in = match run.intro {
                    Intro::Until(start) => Some(start.saturating_duration_since(now)),
                    // What it will say when the overlay closes.
                    Intro::Covered => Some(INTRO),
                    Intro::None | Intro::Held => None,
                };
                IntroView {
                    routine: &run.session.plan().routine,
                    starts_in,
                    theme,
                }
                .render(area, buf);
            }
            Screen::Running(run) => {
                let name = &run.session.plan().routine.name;
                match run.session.state(now) {
                    State::Running(snapshot) => {
                        RunningView {
                            routine_name: name,
                            snapshot: &snapshot,
                            theme,
                        }
                        .render(area, buf);
                    }
                    State::Finished { practised, .. } => {
                        FinishedView {
                            routine_name: name,
                            practised,
                            planned: run.session.plan().total(),
                            theme,
                            can_go_back: self.picker.is_some(),
                        }
                        .render(area, buf);
                    }
                }
            }
        }
        match self.overlay {
            Some(Overlay::Help) => HelpOverlay {
                context: self.context_below(now),
                theme,
            }
            .render(area, buf),
            Some(Overlay::ConfirmQuit) => ConfirmQuit { theme }.render(area, buf),
            None => {}
        }
        if let Some(text) = self.notice {
            Notice { text, theme }.render(area, buf);
        }
    }

    /// The context of the screen under an overlay.
    fn context_below(&self, now: Instant) -> Context {
        match &self.screen {
            Screen::Picker(_) => Context::Picker,
            Screen::Running(run) if run.in_intro(now) => Context::Intro,
            Screen::Running(run) if run.session.is_finished(now) => Context::Finished,
            Screen::Running(_) => Context::Running,
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
