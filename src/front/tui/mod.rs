//! The terminal interface: the `App` (state and key handling, no I/O) and
//! the loop that sleeps until a key, a signal or the next visible change.

mod app;
mod digits;
pub mod help;
pub mod picker;
pub mod running;
pub mod theme;
mod wrap;

pub use app::{App, Effect, Overlay, Run, Screen};
pub use picker::Picker;
use picker::pasteable;

use crate::front::bell::Ringer;
use crate::front::terminal::{self, Exit, Input};
use crate::front::voice;
use crate::routine::Report;
use crate::store::config::{Settings, VoiceMode};
use crate::store::history::Journal;
use crate::store::library::{self, Entry, Listing, Origin};
use ratatui::crossterm::event::Event as Term;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::Instant;
use theme::Theme;

/// Runs the interface on the real terminal and reports how it ended.
pub fn main(entry: Option<Entry>, settings: Settings) -> ExitCode {
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        // A dumb terminal cannot place text on the screen: say how to
        // follow the routine there instead.
        let name = entry.as_ref().map_or("NAME".into(), |e| pasteable(&e.id));
        let _ = writeln!(
            io::stderr(),
            "error: this terminal (TERM=dumb) cannot show the full screen\n  = help: follow the routine as plain text: `kneadle run --plain {name}`"
        );
        return ExitCode::from(2);
    }
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        // Run where no terminal is: a usage error, like a wrong argument.
        let _ = writeln!(
            io::stderr(),
            "error: the guided screen needs a terminal\n  = help: `kneadle run --plain NAME` follows a routine as lines of text; `kneadle show NAME` prints its plan"
        );
        return ExitCode::from(2);
    }
    let theme = Theme::named(settings.theme.value);
    let now = Instant::now();
    let mut journal = entry.as_ref().and_then(Journal::new);
    let (app, to_read) = match entry {
        Some(Entry {
            id,
            routine: Ok(routine),
            ..
        }) => (
            App::running(routine, theme, now, settings.countdown_for(&id)),
            Vec::new(),
        ),
        _ => {
            // The picker shows at once; the files are read behind it.
            let (places, folder) = library::places();
            let picker = Picker::new(places.clone(), folder.notices(), library::DEFAULT_ROUTINE);
            (App::picker(picker, theme), places)
        }
    };
    terminal::install_panic_hook();
    let mut unrecorded = None;
    let mut app = app.with_countdown(settings.caution_countdown.value);
    let result = match run(&mut app, &settings, to_read, &mut journal, &mut unrecorded) {
        // Whatever failed, the terminal has gone: a hang-up, not an error
        // to print on it.
        Err(_) if terminal::hung_up() => {
            finish(&mut app, &mut journal, &mut unrecorded, Instant::now());
            Ok(Exit::HANG_UP)
        }
        result => result,
    };
    terminal::close();
    if let Some(report) = unrecorded {
        let _ = write!(io::stderr(), "{}", report.render());
    }
    match result {
        Ok(ending) => ending.code(),
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: terminal: {e}");
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

/// The program ends with a routine on screen: it is stopped, and its
/// outcome recorded.
fn finish(
    app: &mut App,
    journal: &mut Option<Journal>,
    unrecorded: &mut Option<Report>,
    now: Instant,
) {
    app.stop(now);
    let told = app.events(now);
    if let Some(report) = journal.as_mut().and_then(|j| j.hear(&told)) {
        *unrecorded = Some(report);
    }
}

/// Reads the routines the picker lists, one by one, on a thread of its
/// own: the interface never waits on a file, whatever the folder holds.
fn read_in_background(places: Vec<(String, Origin)>, tx: Sender<Input>) -> io::Result<()> {
    if places.is_empty() {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("reader".into())
        .spawn(move || {
            for (index, (id, origin)) in places.into_iter().enumerate() {
                let listing = Box::new(Listing::load(id, origin));
                if tx.send(Input::Listed(index, listing)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// The loop. `journal` records the routine on screen in the history;
/// a failure to record lands in `unrecorded`, shown after the screen is
/// given back.
fn run(
    app: &mut App,
    settings: &Settings,
    to_read: Vec<(String, Origin)>,
    journal: &mut Option<Journal>,
    unrecorded: &mut Option<Report>,
) -> io::Result<Exit> {
    // Make our own NO_COLOR choice (the theme); crossterm's would also wipe
    // reverse video and bold.
    ratatui::crossterm::style::force_color_output(true);
    let (sender, events) = terminal::events()?;
    let voice = voice::start(
        settings.voice.value,
        settings.voice_command.value.as_deref(),
    )
    .unwrap_or_else(|why| {
        // A sentence on the screen: capitalised, with its full stop.
        let mut chars = why.chars();
        let first = chars
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default();
        app.notify(format!("{first}{}.", chars.as_str()));
        None
    });
    read_in_background(to_read, sender)?;
    let _guard = terminal::Guard;
    // Set after we stopped ourselves, so the SIGCONT that resumed us does
    // not enter and repaint a second time.
    let mut resumed_self = false;
    // Resumed in the background: the terminal is not ours until `fg`.
    let mut detached = false;
    if !terminal::is_foreground() {
        // Started in the background (`kneadle run x &`): stopped until
        // `fg`, like any job that reaches for the terminal; the time
        // stopped never counts.
        let stopped = Instant::now();
        resumed_self = terminal::can_suspend();
        detached = !terminal::wait_for_foreground()?;
        app.woke(stopped, Instant::now());
        if detached {
            app.pause(Instant::now());
        }
    }
    if !detached {
        terminal::enter()?;
    }
    let mut area = terminal::area()?;
    let mut term = Terminal::with_options(
        terminal::Screen::new(),
        TerminalOptions {
            viewport: Viewport::Fixed(area),
        },
    )?;
    let mut dirty = true;
    // Only debug builds (the ones `cargo test` runs) listen to the hook.
    let fault = cfg!(debug_assertions)
        .then(|| std::env::var("KNEADLE_TEST_FAULT").ok())
        .flatten();
    let mut ringer = Ringer::default();
    // An event taken from the channel early, to handle next.
    let mut next: Option<Input> = None;
    loop {
        let now = Instant::now();
        let told = app.events(now);
        ringer.hear(&told, settings.bell.value, now);
        if let Some(report) = journal.as_mut().and_then(|j| j.hear(&told)) {
            *unrecorded = Some(report);
        }
        if let Some(voice) = &voice {
            voice.tell(&told, settings.voice.value == VoiceMode::Breath);
        }
        if ringer.take_due(now) > 0 && !detached {
            terminal::bell(term.backend_mut())?;
        }
        app.fit(area, now);
        if dirty && !detached {
            term.draw(|f| app.render(f.area(), f.buffer_mut(), now))?;
            dirty = false;
            test_fault(fault.as_deref())?;
        }
        // The first of: the next redraw, the next event, the next ring.
        let deadline = [
            app.next_change_at(now, area),
            app.next_event_at(now),
            ringer.next_at(),
        ]
        .into_iter()
        .flatten()
        .min();
        let received = match (next.take(), deadline) {
            (Some(ev), _) => Some(ev),
            (None, Some(at)) => {
                match events.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(ev) => Some(ev),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(Exit::Done),
                }
            }
            (None, None) => match events.recv() {
                Ok(ev) => Some(ev),
                Err(_) => return Ok(Exit::Done),
            },
        };
        // Woken far past the deadline: the process was stopped from outside
        // (SIGSTOP) or starved. That time must not count as massage time,
        // so the routine waits where the screen last was.
        if let Some(at) = deadline {
            app.woke(at, Instant::now());
        }
        let Some(event) = received else {
            dirty = true;
            continue;
        };
        let now = Instant::now();
        let effect = match event {
            Input::Term(Term::Key(key)) => app.key(key, now),
            Input::Term(Term::Resize(w, h)) => {
                area = Rect::new(0, 0, w, h);
                // In the background the screen is not ours: it is redrawn
                // at its size when taken back.
                if !detached {
                    term.resize(area)?;
                }
                Effect::None
            }
            Input::Term(_) => continue,
            Input::Terminate(signal) => {
                finish(app, journal, unrecorded, now);
                return Ok(Exit::Signal(signal));
            }
            Input::Suspend => Effect::Suspend,
            // Our own suspend already took the terminal back.
            Input::Continued if resumed_self && !detached => {
                resumed_self = false;
                continue;
            }
            Input::Continued => {
                // Stopped by someone else (SIGSTOP) and resumed, or resumed
                // in the background (`bg`): the routine waits, paused. A
                // full screen cannot run in the background: it stops
                // again, as any job that reaches for the terminal, until
                // `fg` (which sends no SIGCONT to a job that runs). In
                // front, it takes the terminal back and repaints.
                resumed_self = false;
                app.pause(now);
                let mut front = terminal::is_foreground();
                if !front {
                    resumed_self = terminal::can_suspend();
                    front = terminal::wait_for_foreground()?;
                }
                if front {
                    terminal::enter()?;
                    detached = false;
                    area = terminal::area()?;
                    term.resize(area)?;
                } else {
                    detached = true;
                }
                Effect::None
            }
            Input::InputClosed(reason) => return Err(io::Error::other(reason)),
            Input::Listed(index, listing) => {
                app.listed(index, *listing);
                // Take every read that is already waiting before drawing:
                // one frame for a batch, not one per file.
                loop {
                    match events.try_recv() {
                        Ok(Input::Listed(index, listing)) => app.listed(index, *listing),
                        Ok(other) => {
                            next = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                Effect::None
            }
        };
        match effect {
            Effect::Quit => {
                finish(app, journal, unrecorded, now);
                return Ok(Exit::Done);
            }
            Effect::Interrupt => {
                finish(app, journal, unrecorded, now);
                return Ok(Exit::Interrupted);
            }
            // Stopped where no shell could resume it, the process would
            // stay stopped for good.
            Effect::Suspend if !terminal::can_suspend() => app.refuse_suspend(now),
            Effect::Suspend => {
                app.pause(now);
                detached = !terminal::suspend()?;
                resumed_self = true;
                if !detached {
                    area = terminal::area()?;
                    // A resize repaints everything without asking the
                    // terminal anything (Terminal::clear would query the
                    // cursor).
                    term.resize(area)?;
                }
            }
            Effect::Open => {
                if let Some((id, origin)) = app.selected() {
                    let entry = library::load(id, origin);
                    if let Some(new) = Journal::new(&entry) {
                        *journal = Some(new.after(journal.take()));
                    }
                    let countdown = settings.countdown_for(&entry.id);
                    app.open_routine(entry, Instant::now(), countdown);
                }
            }
            Effect::None => {}
        }
        dirty = true;
    }
}
