//! The interface's state: which screen and overlay show, and what each key
//! does to them. Pure: time comes in as `now`, nothing here touches the
//! terminal, so every behaviour is tested by rendering into a buffer.
//! Keys are applied in `input`, screens drawn in `draw`.

mod draw;
mod input;

use super::picker::Picker;
use super::running::{self, CautionView, Waiting};
use super::theme::Theme;
use crate::front::keys::{self, Context};
use crate::guide::{self, CautionNow, Event, Guide};
use crate::plan::Plan;
use crate::routine::Routine;
use crate::store::library::{Entry, Listing, Origin};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

/// A routine being followed: the guide tells it, this keeps what the
/// screen needs besides.
#[derive(Debug, Clone)]
pub struct Run {
    pub guide: Guide,
    /// Rows of the caution scrolled past.
    scroll: u16,
    /// All of the caution has been on screen: only then may it count down.
    read: bool,
    /// The countdown waits because the window has not shown it all yet.
    held_by_window: bool,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Picker(Picker),
    Running(Box<Run>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The step's instructions in full.
    Instructions,
    ConfirmQuit,
}

impl Run {
    /// The caution screen as it is measured (pages, scroll, fit): its
    /// layout does not depend on the countdown or the footer's labels.
    fn measured<'a>(&'a self, theme: &'a Theme) -> CautionView<'a> {
        CautionView {
            routine: &self.guide.plan().routine,
            waiting: Waiting::Held,
            scroll: self.scroll,
            keys: keys::CAUTION,
            theme,
        }
    }

    /// Is the "before you start" screen showing?
    fn on_caution(&self, now: Instant) -> bool {
        self.guide.caution(now).is_some()
    }

    /// The keys of the caution screen as it stands.
    fn caution_context(&self, now: Instant) -> Context {
        match self.guide.caution(now) {
            Some(CautionNow::Held)
                if self.read && !self.held_by_window && self.guide.counts_down() =>
            {
                Context::CautionHeld
            }
            Some(CautionNow::Held) => Context::CautionWaiting,
            _ => Context::Caution,
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
    notice: Option<String>,
    /// The picker to return to after a routine, when there was one.
    picker: Option<Picker>,
    pub theme: Theme,
    /// How long a caution counts down before its routine starts by itself.
    countdown: Duration,
    /// Events of routines no longer on screen, not yet taken by the loop.
    outbox: Vec<Event>,
    /// Rows the open overlay is scrolled down.
    overlay_scroll: u16,
    /// The window at the last fit: how far a page scrolls.
    page: Rect,
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
            countdown: guide::COUNTDOWN,
            outbox: Vec::new(),
            overlay_scroll: 0,
            page: Rect::default(),
        }
    }

    /// Routines opened from now on count down `countdown` (zero: they wait
    /// for Enter); the first time a routine is followed is said at its
    /// opening ([`App::open_routine`]).
    pub fn with_countdown(mut self, countdown: Duration) -> Self {
        self.countdown = countdown;
        self
    }

    /// Starts `routine` at once, its caution counting down `countdown`.
    pub fn running(routine: Routine, theme: Theme, now: Instant, countdown: Duration) -> Self {
        Self {
            screen: Screen::Running(Box::new(Self::start(routine, now, countdown))),
            overlay: None,
            notice: None,
            picker: None,
            theme,
            countdown,
            outbox: Vec::new(),
            overlay_scroll: 0,
            page: Rect::default(),
        }
    }

    /// A routine with a caution opens on it, counting down `countdown`
    /// unless the person starts it sooner or holds it.
    fn start(routine: Routine, now: Instant, countdown: Duration) -> Run {
        Run {
            guide: Guide::new(Plan::new(routine), now, countdown),
            scroll: 0,
            read: false,
            held_by_window: false,
        }
    }

    /// Everything that happened up to `now`, in order: what the bell, and
    /// later history, hear.
    pub fn events(&mut self, now: Instant) -> Vec<Event> {
        let mut events = std::mem::take(&mut self.outbox);
        if let Screen::Running(run) = &mut self.screen {
            events.extend(run.guide.events(now));
        }
        events
    }

    /// Leaves the routine for `screen`, keeping its last events (a stop).
    fn leave_run(&mut self, screen: Screen, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            run.guide.stop(now);
            let last = run.guide.events(now);
            self.outbox.extend(last);
        }
        self.screen = screen;
    }

    /// Ends the routine on screen before the program quits, so its
    /// outcome is told.
    pub fn stop(&mut self, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            run.guide.stop(now);
        }
    }

    /// The stall rule (see [`Guide::woke`]): the loop slept until `due`
    /// and woke at `now`.
    pub fn woke(&mut self, due: Instant, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            run.guide.woke(due, now);
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
    /// Its caution counts down `countdown` (zero: it waits for Enter).
    pub fn open_routine(&mut self, entry: Entry, now: Instant, countdown: Duration) {
        let Screen::Picker(p) = &mut self.screen else {
            return;
        };
        match entry.routine {
            Ok(routine) => {
                self.picker = Some(p.clone());
                self.screen = Screen::Running(Box::new(Self::start(routine, now, countdown)));
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
            (Some(Overlay::Instructions), _) => Context::Instructions,
            (Some(Overlay::ConfirmQuit), _) => Context::ConfirmQuit,
            (None, _) => self.context_below(now),
        }
    }

    /// Pauses a running routine (suspend, or a stop from outside).
    /// On the caution screen, the countdown stops instead.
    pub fn pause(&mut self, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            run.guide.pause(now);
        }
    }

    /// Shows `text` over the footer until the next key.
    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(text.into());
    }

    /// Ctrl-Z (or SIGTSTP) where no shell could bring a stopped process
    /// back: pause instead, and say why.
    pub fn refuse_suspend(&mut self, now: Instant) {
        let paused = match &self.screen {
            Screen::Running(run) => !run.guide.is_over(now),
            Screen::Picker(_) => false,
        };
        self.pause(now);
        self.notify(if paused {
            PAUSED_NO_JOB_CONTROL
        } else {
            NO_JOB_CONTROL
        });
    }

    /// When the screen next changes by itself; `None` when only a key can
    /// change it.
    pub fn next_change_at(&self, now: Instant, area: Rect) -> Option<Instant> {
        match &self.screen {
            Screen::Running(run) => run.guide.next_change_at(now, running::pacer_levels(area)),
            Screen::Picker(_) => None,
        }
    }

    /// When the next event is due (something to ring or tell, drawn or
    /// not): now while some wait to be taken.
    pub fn next_event_at(&self, now: Instant) -> Option<Instant> {
        match &self.screen {
            _ if !self.outbox.is_empty() => Some(now),
            Screen::Running(run) => run.guide.next_event_at(now),
            Screen::Picker(_) => None,
        }
    }

    /// The context of the screen under an overlay.
    fn context_below(&self, now: Instant) -> Context {
        match &self.screen {
            Screen::Picker(_) => Context::Picker,
            Screen::Running(run) if run.on_caution(now) => run.caution_context(now),
            Screen::Running(run) if run.guide.is_over(now) => match self.picker {
                Some(_) => Context::Finished,
                None => Context::FinishedAlone,
            },
            Screen::Running(_) => Context::Running,
        }
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
