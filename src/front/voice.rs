//! Spoken guidance through the system's own speech program: `spd-say`,
//! `espeak-ng`, `espeak` or `say`, or the command the config names. No
//! audio library: the program is started by [`crate::front::spawn`], which runs
//! it directly (never through a shell) and never lets a sentence be read
//! as an option. The sentence goes where the command has an argument
//! `{text}`, or last.
//!
//! Speaking never blocks the timer, the keys or the screen: a thread of its
//! own runs one utterance at a time. A newer announcement replaces one
//! still waiting, and an urgent one (a new step, a side switch, the end)
//! stops a stale one mid-sentence rather than wait behind it. Children are
//! reaped, and none outlives the [`Voice`]: dropping it stops the one
//! speaking and waits for it. At the end, the last sentence is given about
//! the time it takes to say slowly; a speaker still going after that is
//! taken for hung and stopped.

use crate::front::spawn::{self, Running};
use crate::store::config::VoiceMode;
use crate::text::sanitize;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The speech programs tried, in order, and the arguments each takes
/// before the text. (`spawn` keeps a text from being read as an option
/// whatever the program; the `--` is only a second guard.)
const KNOWN: &[(&str, &[&str])] = &[
    // Wait for the sentence to be spoken, so one follows another.
    ("spd-say", &["--wait", "--"]),
    ("espeak-ng", &["--"]),
    ("espeak", &["--"]),
    ("say", &["--"]),
];

/// How often a speaking child is checked for having finished. Only while
/// one speaks: an idle voice waits on its channel and costs nothing.
const CHECK: Duration = Duration::from_millis(50);

/// At the end, how long a sentence may take before its speaker is taken
/// for hung: this to start, and this many characters a second, slower
/// than any speech program's usual pace (about 120 words a minute).
const START_UP: Duration = Duration::from_secs(1);
const CHARS_PER_SECOND: u64 = 12;

/// A speech program and its own arguments: the text goes in place of
/// one exactly `{text}` ([`spawn::TEXT`]), or after them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Speaker {
    /// The command the config names (`voice_command = ["espeak-ng", "-s",
    /// "150"]`), else the first known program found on `path` (the
    /// `PATH` variable's value).
    pub fn find(command: Option<&[String]>, path: Option<&std::ffi::OsStr>) -> Option<Self> {
        if let Some((program, args)) = command.and_then(<[String]>::split_first) {
            let program = if program.contains(std::path::MAIN_SEPARATOR) {
                Some(PathBuf::from(program)).filter(|p| is_program(p))
            } else {
                search(program, path)
            };
            return program.map(|program| Self {
                program,
                args: args.to_vec(),
            });
        }
        KNOWN.iter().find_map(|(name, args)| {
            Some(Self {
                program: search(name, path)?,
                args: args.iter().map(|a| (*a).to_owned()).collect(),
            })
        })
    }

    /// The program's name, for messages.
    pub fn name(&self) -> String {
        sanitize(&self.program.display().to_string()).into_owned()
    }

    /// Starts saying `text`. A program that cannot start is silence, not
    /// a failed run.
    fn say(&self, text: &str) -> Option<Speaking> {
        let child = spawn::spawn(&self.program, &spawn::with_text(&self.args, text)).ok()?;
        Some(Speaking {
            child,
            hung_after: Instant::now() + allowance(text),
        })
    }
}

/// A sentence being said.
struct Speaking {
    child: Running,
    /// At the end, past this the speaker is taken for hung.
    hung_after: Instant,
}

/// How long `text` may take to say at the end; see [`START_UP`].
fn allowance(text: &str) -> Duration {
    // Bounded, so that adding it to an instant never overflows.
    let chars = u64::try_from(text.chars().count().min(100_000)).unwrap_or(0);
    START_UP + Duration::from_millis(chars * 1000 / CHARS_PER_SECOND)
}

/// No speech program on PATH, in one line.
pub const NOT_FOUND: &str = "no speech program found on PATH (spd-say, espeak-ng, espeak or say)";

/// Why there is no voice, in one line.
pub fn not_found(command: Option<&[String]>) -> String {
    match command.and_then(<[String]>::first) {
        Some(program) => format!(
            "the speech program `{}` (voice_command) was not found",
            sanitize(program)
        ),
        None => NOT_FOUND.to_owned(),
    }
}

/// `name` in one of the folders of `path`, if it is a file there.
fn search(name: &str, path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(name))
        .find(|candidate| is_program(candidate))
}

fn is_program(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// Is `event` told (printed by plain mode, spoken by the voice)? Every
/// event but the breath phases, which only when `breath` asks for them.
pub fn told(event: &crate::guide::Event, breath: bool) -> bool {
    breath || !matches!(event, crate::guide::Event::Breath { .. })
}

/// The voice `mode` asks for: `Ok(None)` when it is off, and why there is
/// none (one line) when no speech program can be found, for the caller
/// to show its own way; the run then goes on silent.
pub fn start(mode: VoiceMode, command: Option<&[String]>) -> Result<Option<Voice>, String> {
    if mode == VoiceMode::Off {
        return Ok(None);
    }
    let path = std::env::var_os("PATH");
    match Speaker::find(command, path.as_deref()) {
        // A thread that cannot start is no voice, not a failed run.
        Some(speaker) => Ok(Voice::new(speaker).ok()),
        None => Err(format!("{}; following without voice", not_found(command))),
    }
}

/// Something to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    pub text: String,
    /// A new step, a side switch, the end: never waits behind a stale cue.
    pub urgent: bool,
}

impl Utterance {
    /// What is said for `event`: the guide's own words, the same line
    /// plain mode prints. Where the routine moves on, it is urgent.
    pub fn of(event: &crate::guide::Event) -> Self {
        use crate::guide::Event;
        Self {
            text: crate::guide::words(event),
            urgent: matches!(
                event,
                Event::RoutineStarted { .. }
                    | Event::LeadIn { .. }
                    | Event::StepStarted { .. }
                    | Event::Skipped { .. }
                    | Event::WentBack { .. }
                    | Event::RestartedStep { .. }
                    | Event::StartedNow { .. }
                    | Event::Finished { .. }
                    | Event::Stopped { .. }
            ),
        }
    }
}

enum Message {
    /// What happened at one moment, said in order.
    Say(Vec<Utterance>),
    /// Say what is left, for at most this long, then stop.
    Finish(Duration),
    Quit,
}

/// The voice: a thread that speaks one utterance at a time.
pub struct Voice {
    tx: Sender<Message>,
    thread: Option<JoinHandle<()>>,
}

impl Voice {
    pub fn new(speaker: Speaker) -> std::io::Result<Self> {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("voice".into())
            .spawn(move || speak(&speaker, &rx))?;
        Ok(Self {
            tx,
            thread: Some(thread),
        })
    }

    /// Says `text` (sanitized first) when the voice is free; see the
    /// module for what replaces what.
    pub fn say(&self, text: &str, urgent: bool) {
        let text = sanitize(text).into_owned();
        let _ = self.tx.send(Message::Say(vec![Utterance { text, urgent }]));
    }

    /// At the routine's end: lets the last words be said (for at most
    /// `within`) before the voice goes.
    pub fn finish(mut self, within: Duration) {
        let _ = self.tx.send(Message::Finish(within));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    /// Says what `events` (of one moment) tell, in order (breath phases
    /// only with `breath`, as [`told`]): together they replace whatever was
    /// still waiting.
    pub fn tell(&self, events: &[crate::guide::Event], breath: bool) {
        let batch: Vec<Utterance> = events
            .iter()
            .filter(|e| told(e, breath))
            .map(|e| {
                let u = Utterance::of(e);
                Utterance {
                    text: sanitize(&u.text).into_owned(),
                    urgent: u.urgent,
                }
            })
            .collect();
        if !batch.is_empty() {
            let _ = self.tx.send(Message::Say(batch));
        }
    }
}

impl Drop for Voice {
    /// Stops the one speaking and waits for it: no child outlives us.
    fn drop(&mut self) {
        let _ = self.tx.send(Message::Quit);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The voice thread: one child at a time, the newest waiting utterance
/// next.
fn speak(speaker: &Speaker, rx: &Receiver<Message>) {
    let mut speaking: Option<Speaking> = None;
    let mut waiting: std::collections::VecDeque<Utterance> = std::collections::VecDeque::new();
    loop {
        let message = if speaking.is_some() {
            match rx.recv_timeout(CHECK) {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => Some(Message::Quit),
            }
        } else {
            Some(rx.recv().unwrap_or(Message::Quit))
        };
        match message {
            Some(Message::Quit) => {
                stop(&mut speaking);
                return;
            }
            Some(Message::Finish(within)) => {
                say_the_rest(speaker, &mut speaking, waiting, within);
                return;
            }
            Some(Message::Say(batch)) => {
                if batch.iter().any(|u| u.urgent) {
                    // What was being said belongs to what came before.
                    stop(&mut speaking);
                }
                waiting = batch.into();
            }
            None => {}
        }
        // Reap a child that has finished.
        if speaking.as_mut().is_some_and(|s| s.child.finished()) {
            speaking = None;
        }
        if speaking.is_none()
            && let Some(next) = waiting.pop_front()
        {
            speaking = speaker.say(&next.text);
        }
    }
}

/// Lets the one speaking finish and says `last`, all within `within`;
/// a sentence still being said past its [`allowance`] is stopped (its
/// speaker hangs), and so is whatever is speaking at `within`.
fn say_the_rest(
    speaker: &Speaker,
    speaking: &mut Option<Speaking>,
    mut last: std::collections::VecDeque<Utterance>,
    within: Duration,
) {
    let deadline = Instant::now() + within;
    loop {
        let now = Instant::now();
        if speaking
            .as_mut()
            .is_some_and(|s| s.child.finished() || now >= s.hung_after)
        {
            stop(speaking);
        }
        if speaking.is_none() {
            match last.pop_front() {
                Some(u) => *speaking = speaker.say(&u.text),
                None => return,
            }
        }
        if Instant::now() >= deadline {
            stop(speaking);
            return;
        }
        std::thread::sleep(CHECK);
    }
}

/// Stops the child speaking (and anything it started), if any, and
/// reaps it.
fn stop(speaking: &mut Option<Speaking>) {
    if let Some(s) = speaking.take() {
        s.child.stop();
    }
}

#[cfg(all(test, unix))]
#[allow(clippy::unwrap_used)]
mod tests;
