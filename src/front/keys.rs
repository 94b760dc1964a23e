//! Keys to actions, in one table per screen. The same tables draw the
//! footer and the help overlay, so help never drifts from behaviour.

use crate::guide::Command;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Something asked of the routine: the guide decides what it means
    /// now ([`crate::guide::Guide::apply`]), for every front end alike.
    Routine(Command),
    Help,
    Quit,
    Confirm,
    Cancel,
    Up,
    Down,
    /// The picker: start the selected routine.
    Start,
    /// The finish screen: the same routine from its start.
    Again,
    /// The whole instructions of the step, in an overlay.
    Instructions,
    /// The first and last routine in the picker.
    Top,
    Bottom,
    /// Scroll the picker's details.
    ScrollDown,
    ScrollUp,
    /// Ctrl-C: leave at once, without asking.
    Interrupt,
    /// Ctrl-Z: hand the terminal back to the shell.
    Suspend,
}

/// Which table of keys applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Picker,
    /// The "before you start" screen with the routine's caution, counting
    /// down.
    Caution,
    /// The caution held by the person: space counts down again.
    CautionHeld,
    /// The caution waiting for Enter (read to its end or not yet).
    CautionWaiting,
    Running,
    /// The finish screen with the picker to go back to.
    Finished,
    /// The finish screen of a routine started from the command line.
    FinishedAlone,
    Help,
    /// The step's whole instructions.
    Instructions,
    ConfirmQuit,
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub codes: &'static [KeyCode],
    /// How the keys are written in the footer and help.
    pub keys: &'static str,
    pub action: Action,
    pub what: &'static str,
    /// The few words for the footer; empty to show it only in the help.
    pub short: &'static str,
}

const fn bind(
    codes: &'static [KeyCode],
    keys: &'static str,
    action: Action,
    what: &'static str,
    short: &'static str,
) -> Binding {
    Binding {
        codes,
        keys,
        action,
        what,
        short,
    }
}

use KeyCode::{Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Up};

pub const RUNNING: &[Binding] = &[
    bind(
        &[Char(' ')],
        "space",
        Action::Routine(Command::TogglePause),
        "pause / resume",
        "pause/resume",
    ),
    bind(
        &[Char('n'), Right],
        "n →",
        Action::Routine(Command::Next),
        "skip ahead: the next side or step (getting ready: start it now)",
        "next",
    ),
    bind(
        &[Char('p'), Left],
        "p ←",
        Action::Routine(Command::Previous),
        "go back: the previous side or step",
        "back",
    ),
    bind(
        &[Char('+'), Char('=')],
        "+",
        Action::Routine(Command::Extend),
        "15 s more (for the step, or to get ready)",
        "more",
    ),
    bind(
        &[Char('-'), Char('_')],
        "-",
        Action::Routine(Command::Shorten),
        "15 s less (for the step, or to get ready)",
        "less",
    ),
    bind(
        &[Char('r')],
        "r",
        Action::Routine(Command::Restart),
        "restart the step",
        "",
    ),
    bind(
        &[Char('i')],
        "i",
        Action::Instructions,
        "the step's instructions in full",
        "instructions",
    ),
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(
        &[Char('q'), Esc],
        "q Esc",
        Action::Quit,
        "quit (asks first)",
        "quit",
    ),
];

/// The screen's main action comes first: the footer keeps it at any width.
pub const PICKER: &[Binding] = &[
    bind(
        &[Enter],
        "Enter",
        Action::Start,
        "start the routine",
        "start",
    ),
    bind(
        &[Up, Char('k')],
        "↑ k",
        Action::Up,
        "previous routine",
        "up",
    ),
    bind(
        &[Down, Char('j')],
        "↓ j",
        Action::Down,
        "next routine",
        "down",
    ),
    bind(
        &[Home, Char('g')],
        "g Home",
        Action::Top,
        "first routine",
        "",
    ),
    bind(
        &[End, Char('G')],
        "G End",
        Action::Bottom,
        "last routine",
        "",
    ),
    bind(
        &[PageDown],
        "PgDn",
        Action::ScrollDown,
        "scroll the details down",
        "details",
    ),
    bind(
        &[PageUp],
        "PgUp",
        Action::ScrollUp,
        "scroll the details up",
        "",
    ),
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "quit", "quit"),
];

/// Scrolling a text that does not fit: the caution, an overlay.
macro_rules! scroll_keys {
    () => {
        [
            bind(
                &[Down, Char('j')],
                "↓ j",
                Action::Down,
                "scroll down a line",
                "more",
            ),
            bind(
                &[PageDown],
                "PgDn",
                Action::ScrollDown,
                "scroll down a page",
                "",
            ),
            bind(&[Up, Char('k')], "↑ k", Action::Up, "scroll up a line", ""),
            bind(&[PageUp], "PgUp", Action::ScrollUp, "scroll up a page", ""),
        ]
    };
}

pub const CAUTION: &[Binding] = &[
    bind(
        &[Enter],
        "Enter",
        Action::Routine(Command::Start),
        "start now",
        "start now",
    ),
    bind(
        &[Char(' ')],
        "space",
        Action::Routine(Command::Hold),
        "wait: stop the countdown",
        "wait",
    ),
    scroll_keys!()[0],
    scroll_keys!()[1],
    scroll_keys!()[2],
    scroll_keys!()[3],
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "leave", "leave"),
];

pub const CAUTION_HELD: &[Binding] = &[
    bind(
        &[Enter],
        "Enter",
        Action::Routine(Command::Start),
        "start now",
        "start now",
    ),
    bind(
        &[Char(' ')],
        "space",
        Action::Routine(Command::CountDown),
        "count down to the start again",
        "count down",
    ),
    scroll_keys!()[0],
    scroll_keys!()[1],
    scroll_keys!()[2],
    scroll_keys!()[3],
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "leave", "leave"),
];

pub const CAUTION_WAITING: &[Binding] = &[
    bind(
        &[Enter],
        "Enter",
        Action::Routine(Command::Start),
        "start now",
        "start now",
    ),
    scroll_keys!()[0],
    scroll_keys!()[1],
    scroll_keys!()[2],
    scroll_keys!()[3],
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "leave", "leave"),
];

pub const FINISHED: &[Binding] = &[
    bind(
        &[Enter],
        "Enter",
        Action::Confirm,
        "back to the routines",
        "routines",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Again,
        "this routine again",
        "again",
    ),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "quit", "quit"),
];

pub const FINISHED_ALONE: &[Binding] = &[
    bind(
        &[Enter, Char('q'), Esc],
        "Enter q",
        Action::Quit,
        "quit",
        "quit",
    ),
    bind(
        &[Char('a')],
        "a",
        Action::Again,
        "this routine again",
        "again",
    ),
];

pub const HELP: &[Binding] = &[
    bind(
        &[Esc, Char('?'), Char('h')],
        "Esc ?",
        Action::Cancel,
        "close help (other keys do what the list says)",
        "close",
    ),
    scroll_keys!()[0],
    scroll_keys!()[1],
    scroll_keys!()[2],
    scroll_keys!()[3],
];

pub const INSTRUCTIONS: &[Binding] = &[
    bind(
        &[Esc, Char('i'), Char('q'), Enter],
        "Esc i",
        Action::Cancel,
        "close",
        "close",
    ),
    scroll_keys!()[0],
    scroll_keys!()[1],
    scroll_keys!()[2],
    scroll_keys!()[3],
];

pub const CONFIRM_QUIT: &[Binding] = &[
    bind(
        &[Char('y'), Char('q'), Enter],
        "y q",
        Action::Confirm,
        "stop the routine",
        "stop",
    ),
    bind(
        &[Char('n'), Esc],
        "n Esc",
        Action::Cancel,
        "keep going",
        "keep going",
    ),
];

/// Keys that work everywhere.
pub const GLOBAL: &[(&str, &str)] = &[
    ("Ctrl-C", "quit at once"),
    ("Ctrl-Z", "suspend (fg to come back)"),
];

pub fn table(context: Context) -> &'static [Binding] {
    match context {
        Context::Picker => PICKER,
        Context::Caution => CAUTION,
        Context::CautionHeld => CAUTION_HELD,
        Context::CautionWaiting => CAUTION_WAITING,
        Context::Running => RUNNING,
        Context::Finished => FINISHED,
        Context::FinishedAlone => FINISHED_ALONE,
        Context::Help => HELP,
        Context::Instructions => INSTRUCTIONS,
        Context::ConfirmQuit => CONFIRM_QUIT,
    }
}

/// The action a key press means with the help open over `below`: the
/// help's own keys (close, scroll) first, then every other key the help
/// lists does what it says on the screen below (space pauses). Returns
/// the context whose table answered.
pub fn action_under_help(below: Context, key: KeyEvent) -> Option<(Context, Action)> {
    match action(Context::Help, key) {
        Some(a) => Some((Context::Help, a)),
        None => action(below, key).map(|a| (below, a)),
    }
}

/// The action a key press means in `context`, if any. Releases and repeats
/// (sent by some terminals and Windows) are ignored.
pub fn action(context: Context, key: KeyEvent) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            Char('c') => Some(Action::Interrupt),
            Char('z') => Some(Action::Suspend),
            _ => None,
        };
    }
    table(context)
        .iter()
        .find(|b| b.codes.contains(&key.code))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests;
