//! The terminal interface: an `App` (state and key handling, no I/O) and a
//! loop that sleeps until a key, a signal or the next visible change.

mod digits;
pub mod help;
pub mod keys;
pub mod picker;
pub mod running;
pub mod theme;

use crate::library::{self, Entry};
use crate::plan::Plan;
use crate::routine::Routine;
use crate::session::{Session, State};
use crate::terminal::{self, Event};
use help::{ConfirmQuit, HelpOverlay};
use keys::{Action, Context};
use picker::{Picker, PickerView};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event as Input;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui::{Terminal, TerminalOptions, Viewport};
use running::{FinishedView, IntroView, RunningView};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;
use theme::Theme;

/// Choices from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub bell: bool,
}

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
pub const INTRO: std::time::Duration = std::time::Duration::from_secs(15);

/// The "before you start" screen: counting down to the start, or held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intro {
    None,
    /// The session starts at this instant.
    Until(Instant),
    /// Waits for Enter.
    Held,
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
            Intro::Held => true,
        }
    }
}

/// What the loop must do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    Suspend,
}

/// Everything on screen. Pure: time comes in as `now`.
#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// The picker to return to after a routine, when there was one.
    picker: Option<Picker>,
    pub theme: Theme,
}

impl App {
    /// Opens the picker.
    pub fn picker(entries: Vec<Entry>, theme: Theme) -> Self {
        let picker = Picker::new(entries, library::DEFAULT_ROUTINE);
        Self {
            screen: Screen::Picker(picker),
            overlay: None,
            picker: None,
            theme,
        }
    }

    /// Starts `routine` at once.
    pub fn running(routine: Routine, theme: Theme, now: Instant) -> Self {
        Self {
            screen: Screen::Running(Box::new(Self::start(routine, now))),
            overlay: None,
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
        let context = self.context(now);
        let Some(action) = keys::action(context, key) else {
            return Effect::None;
        };
        match action {
            Action::Interrupt => return Effect::Quit,
            Action::Suspend => return Effect::Suspend,
            Action::Help => self.overlay = Some(Overlay::Help),
            Action::Cancel if context == Context::ConfirmQuit => {
                self.overlay = None;
                if let Screen::Running(run) = &mut self.screen
                    && run.resume_after_cancel
                {
                    run.session.resume(now);
                }
            }
            Action::Cancel => self.overlay = None,
            Action::Confirm if context == Context::ConfirmQuit => return Effect::Quit,
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
                    self.overlay = Some(Overlay::ConfirmQuit);
                }
            },
            Action::Up | Action::Down | Action::Start => {
                if let Screen::Picker(p) = &mut self.screen {
                    match action {
                        Action::Up => p.up(),
                        Action::Down => p.down(),
                        _ => {
                            if let Some(Ok(routine)) = p.current().map(|e| e.routine.clone()) {
                                self.picker = Some(p.clone());
                                self.screen = Screen::Running(Box::new(Self::start(routine, now)));
                            }
                        }
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

    /// Pauses a running routine (suspend, or a stop from outside).
    pub fn pause(&mut self, now: Instant) {
        if let Screen::Running(run) = &mut self.screen {
            run.session.pause(now);
        }
    }

    /// When the screen next changes by itself; `None` when only a key can
    /// change it.
    pub fn next_change_at(&self, now: Instant, width: u16) -> Option<Instant> {
        match &self.screen {
            Screen::Running(run) if run.intro == Intro::Held => None,
            Screen::Running(run) if run.in_intro(now) => {
                // The intro's countdown shows whole seconds until the start.
                let Intro::Until(start) = run.intro else {
                    return None;
                };
                let left = start - now;
                let sub = left - std::time::Duration::from_secs(left.as_secs());
                Some(
                    now + if sub.is_zero() {
                        std::time::Duration::from_secs(1)
                    } else {
                        sub
                    },
                )
            }
            Screen::Running(run) => run.session.next_change_at(
                now,
                u32::from(running::pacer_cells(width.saturating_sub(4))),
            ),
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
                    _ => None,
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
                        let footer = if self.picker.is_some() {
                            keys::FINISHED
                        } else {
                            &keys::FINISHED[1..]
                        };
                        FinishedView {
                            routine_name: name,
                            practised,
                            theme,
                            footer,
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

/// Runs the interface on the real terminal and reports how it ended.
pub fn main(entry: Option<Entry>, options: Options) -> ExitCode {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        let _ = writeln!(
            io::stderr(),
            "kneadle: the guided screen needs a terminal\n  = help: `kneadle show NAME` prints a routine's plan as text"
        );
        return ExitCode::from(1);
    }
    let theme = Theme::from_env();
    let now = Instant::now();
    let app = match entry {
        Some(Entry {
            routine: Ok(routine),
            ..
        }) => App::running(routine, theme, now),
        _ => App::picker(library::all(), theme),
    };
    terminal::install_panic_hook();
    let result = run(app, options);
    terminal::leave();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "kneadle: terminal error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The pty tests' way to reach the error and panic exits of a running
/// interface: `KNEADLE_TEST_FAULT=panic|error` fails after a frame is drawn.
fn test_fault(fault: Option<&str>) -> io::Result<()> {
    match fault {
        #[allow(clippy::panic)]
        Some("panic") => panic!("test fault requested by KNEADLE_TEST_FAULT"),
        Some("error") => Err(io::Error::other(
            "test fault requested by KNEADLE_TEST_FAULT",
        )),
        _ => Ok(()),
    }
}

fn full_area() -> io::Result<Rect> {
    let (w, h) = ratatui::crossterm::terminal::size()?;
    Ok(Rect::new(0, 0, w, h))
}

fn run(mut app: App, options: Options) -> io::Result<()> {
    // Make our own NO_COLOR choice (the theme); crossterm's would also wipe
    // reverse video and bold.
    ratatui::crossterm::style::force_color_output(true);
    let events = terminal::events()?;
    let _guard = terminal::Guard;
    terminal::enter()?;
    let mut area = full_area()?;
    let backend = CrosstermBackend::new(io::stdout());
    let mut term = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )?;
    let mut dirty = true;
    let fault = std::env::var("KNEADLE_TEST_FAULT").ok();
    // Set after we stopped ourselves, so the SIGCONT that resumed us does
    // not enter and repaint a second time.
    let mut resumed_self = false;
    loop {
        let now = Instant::now();
        if app.take_transition(now) && options.bell {
            terminal::bell(term.backend_mut())?;
        }
        if dirty {
            term.draw(|f| app.render(f.area(), f.buffer_mut(), now))?;
            dirty = false;
            test_fault(fault.as_deref())?;
        }
        let event = match app.next_change_at(now, area.width) {
            Some(at) => match events.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(ev) => ev,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    dirty = true;
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match events.recv() {
                Ok(ev) => ev,
                Err(_) => return Ok(()),
            },
        };
        let now = Instant::now();
        let effect = match event {
            Event::Input(Input::Key(key)) => app.key(key, now),
            Event::Input(Input::Resize(w, h)) => {
                area = Rect::new(0, 0, w, h);
                term.resize(area)?;
                Effect::None
            }
            Event::Input(_) => continue,
            Event::Quit => Effect::Quit,
            Event::Suspend => Effect::Suspend,
            // Our own suspend already took the terminal back.
            Event::Continued if resumed_self => {
                resumed_self = false;
                continue;
            }
            Event::Continued => {
                // Stopped by someone else (SIGSTOP) and resumed: take the
                // terminal back and repaint; the timer waits for the person.
                app.pause(now);
                terminal::enter()?;
                area = full_area()?;
                term.resize(area)?;
                Effect::None
            }
            Event::InputClosed(reason) => return Err(io::Error::other(reason)),
        };
        match effect {
            Effect::Quit => return Ok(()),
            Effect::Suspend => {
                app.pause(now);
                terminal::suspend()?;
                resumed_self = true;
                area = full_area()?;
                // A resize repaints everything without asking the terminal
                // anything (Terminal::clear would query the cursor).
                term.resize(area)?;
            }
            Effect::None => {}
        }
        dirty = true;
    }
}

#[cfg(test)]
mod tests;
