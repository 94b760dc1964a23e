//! `kneadle run --plain`: the guide as one line of text per event, for
//! screen readers, logs and scripts: `0:45  Switch to the right side.`
//!
//! No full screen: it works with standard output a pipe or a file and with
//! no terminal at all. When standard input is a terminal, single keys work
//! (space, n, p, +, -, r, Enter, q), with the terminal restored on every
//! exit. Time comes from the guide's deadlines on the monotonic clock, the
//! same as the full screen; the words are the guide's own.

mod source;

use source::{Closed, Live, Source};

use crate::duration;
use crate::front::keys::{self, Action, Context};
use crate::front::terminal::{self, Exit, Input};
use crate::front::voice::{self, Voice};
use crate::guide::{CautionNow, Command, Event, Guide, words};
use crate::plan::Plan;
use crate::routine::Report;
use crate::routine::Routine;
use crate::store::config::{Settings, VoiceMode};
use crate::store::history::Journal;
use crate::store::library::Entry;
use ratatui::crossterm::event::{Event as Term, KeyEvent};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// How long the last words may take once the routine is over.
const LAST_WORDS: Duration = Duration::from_secs(10);

/// Follows the routine `entry` holds, printing each event to standard
/// output, and records it in the history like the full screen does.
pub fn main(entry: Entry, settings: Settings) -> ExitCode {
    let mut journal = Journal::new(&entry);
    let voice = voice::start(
        settings.voice.value,
        settings.voice_command.value.as_deref(),
    )
    .unwrap_or_else(|why| {
        let _ = writeln!(io::stderr(), "kneadle: {why}");
        None
    });
    let countdown = settings.countdown_for(&entry.id);
    let Ok(routine) = entry.routine else {
        return ExitCode::from(1);
    };
    let breath = settings.breath_cues.value || settings.voice.value == VoiceMode::Breath;
    let result = run(routine, countdown, breath, voice.as_ref(), &mut |events| {
        journal.as_mut().and_then(|j| j.hear(events))
    });
    // At the end the last words are said; a stop, a key or a signal cuts
    // them. Either way no speaker outlives the run.
    if let Some(voice) = voice {
        match result {
            Ok((Exit::Done, _)) => voice.finish(LAST_WORDS),
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
        Err(_) if terminal::hung_up() => Exit::HANG_UP.code(),
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Sets up the terminal (keys where standard input is one) and follows
/// the routine on the real clock: `hear` is given every event (history
/// listens there) and may return a failure to record, shown at the end.
fn run(
    routine: Routine,
    countdown: Duration,
    breath: bool,
    voice: Option<&Voice>,
    hear: &mut dyn FnMut(&[Event]) -> Option<Report>,
) -> io::Result<(Exit, Option<Report>)> {
    let keys = io::stdin().is_terminal();
    // With no keys to press, a caution that waits for Enter would wait for
    // ever: it has been printed, so it counts down instead.
    let countdown = if keys || !countdown.is_zero() {
        countdown
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
    let mut source = Live { inputs };
    let guide = Guide::new(Plan::new(routine), source.now(), countdown);
    let mut out = io::stdout().lock();
    let mut lines = Lines {
        out: &mut out,
        line_end,
        breath,
        voice,
    };
    follow(guide, &mut source, &mut lines, keys, resumed_self, hear)
}

/// Where the lines go: printed, and spoken by the voice.
struct Lines<'a> {
    out: &'a mut dyn Write,
    line_end: &'static str,
    /// Breath phases are told too.
    breath: bool,
    voice: Option<&'a Voice>,
}

impl Lines<'_> {
    /// Prints a line of its own (not an event: nothing to speak or record).
    fn note(&mut self, text: &str) -> io::Result<()> {
        self.print(Duration::ZERO, text)
    }

    /// Tells `events`, in order; an error when the line cannot be written.
    fn tell(&mut self, events: &[Event]) -> io::Result<()> {
        // Spoken and printed alike: the same sentences, in order.
        if let Some(voice) = self.voice {
            voice.tell(events, self.breath);
        }
        let breath = self.breath;
        for event in events.iter().filter(|e| voice::told(e, breath)) {
            self.print(event.at(), &words(event))?;
        }
        Ok(())
    }

    /// `0:45  text`: the whole second on the timeline, then the words.
    fn print(&mut self, at: Duration, text: &str) -> io::Result<()> {
        let at = duration::clock(Duration::from_secs(at.as_secs()));
        let line = format!("{at:>5}  {text}{}", self.line_end);
        self.out.write_all(line.as_bytes())?;
        self.out.flush()
    }
}

/// The loop, whatever the clock: tells each event as it comes due, and
/// applies keys (when `keys`) and signals until the routine is over.
fn follow(
    mut guide: Guide,
    source: &mut dyn Source,
    lines: &mut Lines,
    mut keys: bool,
    mut resumed_self: bool,
    hear: &mut dyn FnMut(&[Event]) -> Option<Report>,
) -> io::Result<(Exit, Option<Report>)> {
    let mut ending = Exit::Done;
    let mut unrecorded = None;
    // What the caution's last status line said: counting down or waiting.
    let mut said: Option<bool> = None;
    loop {
        let now = source.now();
        let told = guide.events(now);
        if let Some(report) = hear(&told) {
            unrecorded = Some(report);
        }
        let over = told
            .iter()
            .any(|e| matches!(e, Event::Finished { .. } | Event::Stopped { .. }));
        let status = caution_status(&guide, now, keys, &mut said);
        match lines
            .tell(&told)
            .and_then(|()| status.map_or(Ok(()), |s| lines.note(&s)))
        {
            Ok(()) => {}
            // Nobody reads any more (a closed pipe), or the terminal has
            // gone (a hang-up): stop quietly, and record it.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe || terminal::hung_up() => {
                if !over {
                    guide.stop(now);
                    if let Some(report) = hear(&guide.events(now)) {
                        unrecorded = Some(report);
                    }
                }
                if e.kind() != io::ErrorKind::BrokenPipe {
                    ending = Exit::HANG_UP;
                }
                return Ok((ending, unrecorded));
            }
            Err(e) => return Err(e),
        }
        if over {
            return Ok((ending, unrecorded));
        }
        let deadline = guide.next_event_at(now);
        let received = source.next(deadline);
        // Time the process did not run never counts (see the guide).
        if let Some(due) = deadline {
            guide.woke(due, source.now());
        }
        let now = source.now();
        let input = match received {
            Ok(Some(input)) => input,
            Ok(None) => continue,
            Err(Closed) => {
                guide.stop(now);
                continue;
            }
        };
        match input {
            Input::Term(Term::Key(key)) if keys => match key_press(&mut guide, key, now) {
                Pressed::Nothing => {}
                Pressed::End(end) => {
                    ending = end;
                    guide.stop(now);
                }
                Pressed::Suspend => {
                    resumed_self |= suspend(&mut guide, now, keys, lines, hear, &mut unrecorded)?;
                }
            },
            Input::Terminate(signal) => {
                ending = Exit::Signal(signal);
                guide.stop(now);
            }
            // SIGTSTP (Ctrl-Z in a cooked terminal, `kill -TSTP`): as Ctrl-Z.
            Input::Suspend => {
                resumed_self |= suspend(&mut guide, now, keys, lines, hear, &mut unrecorded)?;
            }
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
            Input::Term(_) | Input::Listed(..) => {}
        }
    }
}

/// A line saying whether the caution counts down or waits for Enter, when
/// that changed since `said` (true: counting down).
fn caution_status(
    guide: &Guide,
    now: Instant,
    keys: bool,
    said: &mut Option<bool>,
) -> Option<String> {
    let counting = match guide.caution(now)? {
        CautionNow::StartsIn(left) => Some(left),
        CautionNow::Held | CautionNow::Covered(_) => None,
    };
    if *said == Some(counting.is_some()) {
        return None;
    }
    *said = Some(counting.is_some());
    Some(match (counting, keys) {
        (Some(left), true) => format!(
            "Starting in {}: Enter starts now, space waits.",
            duration::spoken(Duration::from_secs(left.as_secs().max(1)))
        ),
        (Some(left), false) => format!(
            "Starting in {}.",
            duration::spoken(Duration::from_secs(left.as_secs().max(1)))
        ),
        (None, _) => "Waiting: press Enter when you are ready.".to_owned(),
    })
}

/// Applies a key, read with the full screen's own key tables and applied
/// by the guide as the full screen's are; says when it ends the run or
/// asks to suspend.
/// There is no question before quitting: nothing on a plain line can be
/// covered by one.
fn key_press(guide: &mut Guide, key: KeyEvent, now: Instant) -> Pressed {
    let context = match guide.caution(now) {
        Some(CautionNow::Held) => Context::CautionHeld,
        Some(_) => Context::Caution,
        None => Context::Running,
    };
    match keys::action(context, key) {
        Some(Action::Interrupt) => Pressed::End(Exit::Interrupted),
        Some(Action::Quit) => Pressed::End(Exit::Done),
        Some(Action::Routine(command)) => {
            guide.apply(command, now);
            Pressed::Nothing
        }
        // Not listed in the keys line: it is the terminal's own key.
        Some(Action::Suspend) => Pressed::Suspend,
        _ => Pressed::Nothing,
    }
}

/// What a key press asks of the loop.
enum Pressed {
    Nothing,
    End(Exit),
    Suspend,
}

/// Why Ctrl-Z paused instead of suspending.
const NO_JOB_CONTROL: &str =
    "Paused. Ctrl-Z can't suspend here: no shell job control to resume it.";

/// Ctrl-Z: the routine pauses (said before the process stops) and the
/// whole job stops, as in a cooked terminal; where nothing could resume
/// it, it only pauses and says why. True when it stopped itself (the
/// SIGCONT that resumes it is its own, not a stop from outside).
fn suspend(
    guide: &mut Guide,
    now: Instant,
    keys: bool,
    lines: &mut Lines,
    hear: &mut dyn FnMut(&[Event]) -> Option<Report>,
    unrecorded: &mut Option<Report>,
) -> io::Result<bool> {
    guide.pause(now);
    let told = guide.events(now);
    if let Some(report) = hear(&told) {
        *unrecorded = Some(report);
    }
    lines.tell(&told)?;
    if !terminal::can_suspend() {
        lines.note(NO_JOB_CONTROL)?;
        return Ok(false);
    }
    // Resumed in the background, the keys wait: the reader reads only
    // while the terminal is ours.
    terminal::suspend_plain(keys)?;
    Ok(true)
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
mod tests;
