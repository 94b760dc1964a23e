//! `kneadle run --plain`: the guide as one line of text per event, for
//! screen readers, logs and scripts: `0:45  Switch to the right side.`
//!
//! No full screen: it works with standard output a pipe or a file and with
//! no terminal at all. When standard input is a terminal, single keys work
//! (space, n, p, +, -, r, Enter, q), with the terminal restored on every
//! exit. Time comes from the guide's deadlines on the monotonic clock, the
//! same as the full screen; the words are the guide's own.

use crate::duration;
use crate::guide::{CautionNow, Command, Event, Guide, Outcome, words};
use crate::plan::Plan;
use crate::routine::Report;
use crate::routine::Routine;
use crate::store::config::VoiceMode;
use crate::store::history::Journal;
use crate::store::library::Entry;
use crate::terminal::{self, Ending, Event as Input};
use crate::tui::keys::{self, Action, Context};
use crate::voice::{self, Voice};
use ratatui::crossterm::event::{Event as Term, KeyEvent};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// How long the last words may take once the routine is over.
const LAST_WORDS: Duration = Duration::from_secs(10);

/// Choices for a plain run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Print every breath phase too ("Breathe in."): chatty, off by default.
    pub breath_cues: bool,
    /// How long the caution shows before the routine starts by itself.
    pub countdown: Duration,
    /// Speak each line too; with `Breath`, breath phases are printed and
    /// spoken.
    pub voice: VoiceMode,
    /// The speech program the config names, if any.
    pub voice_command: Option<Vec<String>>,
}

/// Follows the routine `entry` holds, printing each event to standard
/// output, and records it in the history like the full screen does.
pub fn main(entry: Entry, options: Options) -> ExitCode {
    let mut journal = Journal::new(&entry);
    let voice =
        voice::start(options.voice, options.voice_command.as_deref()).unwrap_or_else(|why| {
            let _ = writeln!(io::stderr(), "kneadle: {why}");
            None
        });
    // The first time a routine is followed, its caution waits for Enter
    // (where there is a key to press).
    let options = if crate::store::history::followed_before(&entry.id) == Some(false) {
        Options {
            countdown: Duration::ZERO,
            ..options
        }
    } else {
        options
    };
    let Ok(routine) = entry.routine else {
        return ExitCode::from(1);
    };
    let result = run(routine, options, voice.as_ref(), &mut |events| {
        journal.as_mut().and_then(|j| j.hear(events))
    });
    // At the end the last words are said; a stop, a key or a signal cuts
    // them. Either way no speaker outlives the run.
    if let Some(voice) = voice {
        match result {
            Ok((Ending::Done, _)) => voice.finish(LAST_WORDS),
            _ => drop(voice),
        }
    }
    terminal::close();
    match result {
        Ok((ending, unrecorded)) => {
            if let Some(report) = unrecorded {
                let _ = write!(io::stderr(), "{}", report.render());
            }
            ending.code()
        }
        // The terminal has gone: a hang-up, with nothing to print it on.
        Err(_) if terminal::hung_up() => Ending::HANG_UP.code(),
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(1)
        }
    }
}

/// The loop: `hear` is given every event (history listens there) and may
/// return a failure to record, shown at the end.
fn run(
    routine: Routine,
    options: Options,
    voice: Option<&Voice>,
    hear: &mut dyn FnMut(&[Event]) -> Option<Report>,
) -> io::Result<(Ending, Option<Report>)> {
    let breath = options.breath_cues || options.voice == VoiceMode::Breath;
    let keys = io::stdin().is_terminal();
    // With no keys to press, a caution that waits for Enter would wait for
    // ever: it has been printed, so it counts down instead.
    let countdown = if keys || !options.countdown.is_zero() {
        options.countdown
    } else {
        crate::guide::COUNTDOWN
    };
    let (_others, inputs) = terminal::events_with(keys)?;
    let _guard = terminal::Guard;
    // Started in the background (`kneadle run --plain x &`): stopped until
    // `fg` before the keys are taken, like any job that reaches for the
    // terminal. Resumed in the background, it runs without them until
    // then; the SIGCONT that resumed it does not pause it.
    let mut resumed_self = false;
    if keys {
        terminal::install_panic_hook();
        resumed_self = !terminal::is_foreground() && terminal::can_suspend();
        if terminal::wait_for_foreground()? {
            terminal::enter_keys()?;
        }
        write!(io::stderr(), "{}\r\n", keys_line())?;
    }
    // In raw mode the terminal no longer returns the carriage by itself.
    let line_end = if keys && io::stdout().is_terminal() {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = io::stdout().lock();
    let mut guide = Guide::new(Plan::new(routine), Instant::now(), countdown);
    let mut ending = Ending::Done;
    let mut outcome: Option<Outcome> = None;
    let mut unrecorded = None;
    let mut keys = keys;
    loop {
        let now = Instant::now();
        let told = guide.events(now);
        if let Some(report) = hear(&told) {
            unrecorded = Some(report);
        }
        // Spoken and printed alike: the same sentences, in order.
        if let Some(voice) = voice {
            voice.tell(&told, breath);
        }
        for event in told {
            if let Event::Finished { outcome: o, .. } | Event::Stopped { outcome: o, .. } = &event {
                outcome = Some(*o);
            }
            if !voice::told(&event, breath) {
                continue;
            }

            let line = format!(
                "{:>5}  {}{line_end}",
                duration::clock(Duration::from_secs(event.at().as_secs())),
                words(&event)
            );
            let written = out.write_all(line.as_bytes()).and_then(|()| out.flush());
            match written {
                Ok(()) => {}
                // Nobody reads any more: stop quietly, and record it.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    guide.stop(now);
                    if let Some(report) = hear(&guide.events(now)) {
                        unrecorded = Some(report);
                    }
                    return Ok((ending, unrecorded));
                }
                // The terminal has gone: a hang-up, recorded like one.
                Err(_) if terminal::hung_up() => {
                    guide.stop(now);
                    if let Some(report) = hear(&guide.events(now)) {
                        unrecorded = Some(report);
                    }
                    return Ok((Ending::HANG_UP, unrecorded));
                }
                Err(e) => return Err(e),
            }
        }
        if outcome.is_some() {
            return Ok((ending, unrecorded));
        }
        let deadline = guide.next_event_at(now);
        let received = match deadline {
            Some(at) => match inputs.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(input) => Some(input),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    guide.stop(Instant::now());
                    continue;
                }
            },
            None => match inputs.recv() {
                Ok(input) => Some(input),
                Err(_) => {
                    guide.stop(Instant::now());
                    continue;
                }
            },
        };
        // Time the process did not run never counts (see the guide).
        if let Some(due) = deadline {
            guide.woke(due, Instant::now());
        }
        let Some(input) = received else {
            continue;
        };
        let now = Instant::now();
        match input {
            Input::Input(Term::Key(key)) if keys => {
                if let Some(end) = key_press(&mut guide, key, now) {
                    ending = end;
                    guide.stop(now);
                }
            }
            Input::Terminate(signal) => {
                ending = Ending::Signal(signal);
                guide.stop(now);
            }
            // Ctrl-Z is a key in raw mode; a stop from outside pauses.
            Input::Suspend => guide.pause(now),
            Input::Continued => {
                // A shell resets the terminal while a job is stopped; in the
                // background, setting it would stop us again.
                if keys && terminal::is_foreground() {
                    terminal::enter_keys()?;
                }
                if !std::mem::take(&mut resumed_self) {
                    guide.pause(now);
                }
            }
            // The keyboard went away: carry on without keys.
            Input::InputClosed(_) => keys = false,
            Input::Input(_) | Input::Listed(..) => {}
        }
    }
}

/// Applies a key, read with the full screen's own key tables and applied
/// by the guide as the full screen's are; `Some` when it ends the run.
/// There is no question before quitting: nothing on a plain line can be
/// covered by one.
fn key_press(guide: &mut Guide, key: KeyEvent, now: Instant) -> Option<Ending> {
    let context = match guide.caution(now) {
        Some(CautionNow::Held) => Context::CautionHeld,
        Some(_) => Context::Caution,
        None => Context::Running,
    };
    match keys::action(context, key)? {
        Action::Interrupt => return Some(Ending::Interrupted),
        Action::Quit => return Some(Ending::Done),
        Action::Routine(command) => guide.apply(command, now),
        // Ctrl-Z in raw mode: pause, as a suspended job would be. (Not
        // listed in the keys line: it is the terminal's own key.)
        Action::Suspend => guide.pause(now),
        _ => {}
    }
    None
}

/// The keys plain mode answers, from the same tables as the full screen.
fn keys_line() -> String {
    // The actions `key_press` answers, each named once, as the tables
    // name it (its footer words, or its help words when it has none).
    let answered = [
        Action::Routine(Command::Start),
        Action::Routine(Command::TogglePause),
        Action::Routine(Command::Next),
        Action::Routine(Command::Previous),
        Action::Routine(Command::Extend),
        Action::Routine(Command::Shorten),
        Action::Routine(Command::Restart),
        Action::Quit,
    ];
    let bindings: Vec<&keys::Binding> = keys::CAUTION.iter().chain(keys::RUNNING).collect();
    let named: Vec<String> = answered
        .iter()
        .filter_map(|action| {
            let b = bindings.iter().find(|b| b.action == *action)?;
            let what = if b.short.is_empty() { b.what } else { b.short };
            Some(format!("{} {what}", b.keys))
        })
        .collect();
    format!("Keys: {}", named.join("  "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_line_names_each_key_plain_mode_answers_once() {
        let line = keys_line();
        for key in ["Enter", "space", "n", "p", "+", "-", "r", "q"] {
            assert!(line.contains(&format!(" {key}")), "{key}: {line}");
        }
        for absent in ["↓", " j ", " i ", "help"] {
            assert!(!line.contains(absent), "{absent}: {line}");
        }
        assert_eq!(line.matches("q Esc").count(), 1, "{line}");
    }
}
