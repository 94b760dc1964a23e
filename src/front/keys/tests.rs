use super::*;

fn press(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn running_keys_match_the_readme() {
    let cases = [
        (Char(' '), Action::Routine(Command::TogglePause)),
        (Char('n'), Action::Routine(Command::Next)),
        (Right, Action::Routine(Command::Next)),
        (Char('p'), Action::Routine(Command::Previous)),
        (Left, Action::Routine(Command::Previous)),
        (Char('+'), Action::Routine(Command::Extend)),
        (Char('-'), Action::Routine(Command::Shorten)),
        (Char('r'), Action::Routine(Command::Restart)),
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

const ALL: [Context; 10] = [
    Context::Picker,
    Context::Caution,
    Context::CautionHeld,
    Context::CautionWaiting,
    Context::Running,
    Context::Finished,
    Context::FinishedAlone,
    Context::Help,
    Context::Instructions,
    Context::ConfirmQuit,
];

#[test]
fn no_key_is_bound_twice_on_one_screen() {
    for ctx in ALL {
        let codes: Vec<_> = table(ctx).iter().flat_map(|b| b.codes.iter()).collect();
        for (i, c) in codes.iter().enumerate() {
            assert!(!codes[i + 1..].contains(c), "{ctx:?} binds {c:?} twice");
        }
    }
}
