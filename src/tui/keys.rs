//! Keys to actions, in one table per screen. The same tables draw the
//! footer and the help overlay, so help never drifts from behaviour.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    TogglePause,
    Next,
    Previous,
    Extend,
    Shorten,
    Restart,
    Help,
    Quit,
    Confirm,
    Cancel,
    Up,
    Down,
    Start,
    Hold,
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
    /// The "before you start" screen with the routine's caution.
    Intro,
    Running,
    Finished,
    Help,
    ConfirmQuit,
}

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

use KeyCode::{Char, Down, Enter, Esc, Left, Right, Up};

pub const RUNNING: &[Binding] = &[
    bind(
        &[Char(' ')],
        "space",
        Action::TogglePause,
        "pause / resume",
        "pause/resume",
    ),
    bind(
        &[Char('n'), Right],
        "n →",
        Action::Next,
        "skip ahead: the next side or step",
        "next",
    ),
    bind(
        &[Char('p'), Left],
        "p ←",
        Action::Previous,
        "go back: the previous side or step",
        "back",
    ),
    bind(
        &[Char('+'), Char('=')],
        "+",
        Action::Extend,
        "15 s more (for the step, or to get ready)",
        "more",
    ),
    bind(
        &[Char('-'), Char('_')],
        "-",
        Action::Shorten,
        "15 s less (for the step, or to get ready)",
        "less",
    ),
    bind(&[Char('r')], "r", Action::Restart, "restart the step", ""),
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(
        &[Char('q'), Esc],
        "q Esc",
        Action::Quit,
        "quit (asks first)",
        "quit",
    ),
];

pub const PICKER: &[Binding] = &[
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
        &[Enter],
        "Enter",
        Action::Start,
        "start the routine",
        "start",
    ),
    bind(
        &[KeyCode::PageDown],
        "PgDn",
        Action::ScrollDown,
        "scroll the details down",
        "details",
    ),
    bind(
        &[KeyCode::PageUp],
        "PgUp",
        Action::ScrollUp,
        "scroll the details up",
        "",
    ),
    bind(&[Char('?'), Char('h')], "?", Action::Help, "help", "help"),
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "quit", "quit"),
];

pub const INTRO: &[Binding] = &[
    bind(&[Enter], "Enter", Action::Start, "start now", "start now"),
    bind(
        &[Char(' ')],
        "space",
        Action::Hold,
        "wait: stop the countdown",
        "wait",
    ),
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
    bind(&[Char('q'), Esc], "q Esc", Action::Quit, "quit", "quit"),
];

pub const HELP: &[Binding] = &[bind(
    &[Esc, Char('?'), Char('q'), Enter, Char('h')],
    "Esc ?",
    Action::Cancel,
    "close help",
    "close",
)];

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
        Context::Intro => INTRO,
        Context::Running => RUNNING,
        Context::Finished => FINISHED,
        Context::Help => HELP,
        Context::ConfirmQuit => CONFIRM_QUIT,
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
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn running_keys_match_the_readme() {
        let cases = [
            (Char(' '), Action::TogglePause),
            (Char('n'), Action::Next),
            (Right, Action::Next),
            (Char('p'), Action::Previous),
            (Left, Action::Previous),
            (Char('+'), Action::Extend),
            (Char('-'), Action::Shorten),
            (Char('r'), Action::Restart),
            (Char('?'), Action::Help),
            (Char('q'), Action::Quit),
            (Esc, Action::Quit),
        ];
        for (code, want) in cases {
            assert_eq!(
                action(Context::Running, press(code)),
                Some(want),
                "{code:?}"
            );
        }
    }

    #[test]
    fn control_keys_interrupt_and_suspend_everywhere() {
        let ctrl = |c| KeyEvent::new(Char(c), KeyModifiers::CONTROL);
        for ctx in [Context::Picker, Context::Running, Context::Help] {
            assert_eq!(action(ctx, ctrl('c')), Some(Action::Interrupt));
            assert_eq!(action(ctx, ctrl('z')), Some(Action::Suspend));
        }
    }

    #[test]
    fn key_releases_do_nothing() {
        let mut key = press(Char('q'));
        key.kind = KeyEventKind::Release;
        assert_eq!(action(Context::Running, key), None);
    }

    #[test]
    fn no_key_is_bound_twice_on_one_screen() {
        for ctx in [
            Context::Picker,
            Context::Running,
            Context::Finished,
            Context::Help,
            Context::ConfirmQuit,
        ] {
            let codes: Vec<_> = table(ctx).iter().flat_map(|b| b.codes.iter()).collect();
            for (i, c) in codes.iter().enumerate() {
                assert!(!codes[i + 1..].contains(c), "{ctx:?} binds {c:?} twice");
            }
        }
    }
}
