//! Whole screens rendered into a `TestBackend`, with the clock pinned.

use super::*;
use crate::front::tui::picker::Picker;
use crate::session::State;
use crate::store::library;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

const ROUTINE: &str = r#"
kneadle = 1
name = "Test back"
summary = "A short test routine"
areas = ["middle-back"]
lead_in = "5s"
caution = "Stop if it hurts."

[[steps]]
technique = "breathing"
name = "Arrive"
duration = "1m"
breath = "relax"
instructions = "Sit tall and let the shoulders drop."

[[steps]]
technique = "kneading"
name = "Knead beside the spine"
duration = "90s"
sides = true
instructions = "Reach across with the opposite hand and knead beside the shoulder blade."
cues = ["Slow, deep circles", { at = "45s", text = "Ease off any sharp spot" }]
"#;

fn routine() -> Routine {
    Routine::parse("test.toml", ROUTINE).unwrap()
}

fn draw(app: &App, now: Instant, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| app.render(f.area(), f.buffer_mut(), now))
        .unwrap();
    term.backend().to_string()
}

/// A key, with the file read the loop does when the picker asks for it.
fn press(app: &mut App, code: KeyCode, now: Instant) -> Effect {
    let effect = app.key(KeyEvent::new(code, KeyModifiers::NONE), now);
    if effect == Effect::Open
        && let Some((id, origin)) = app.selected()
    {
        app.open_routine(library::load(id, origin), now, guide::COUNTDOWN);
    }
    effect
}

/// The picker over the built-in routines only: tests never read the
/// machine's own routine folder.
fn builtin_picker(theme: Theme) -> App {
    let places = library::BUILTINS
        .iter()
        .map(|&(id, _)| (id.to_owned(), library::Origin::Builtin(id)))
        .collect();
    App::picker(
        Picker::read_now(places, Vec::new(), library::DEFAULT_ROUTINE),
        theme,
    )
}

/// The test routine, started at `t0` with Enter on its caution screen.
fn running(t0: Instant) -> App {
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    press(&mut app, KeyCode::Enter, t0);
    app
}

fn at(t0: Instant, secs: u64) -> Instant {
    t0 + Duration::from_secs(secs)
}

#[test]
fn running_screen_at_80x24() {
    let t0 = Instant::now();
    let app = running(t0);
    let screen = draw(&app, at(t0, 20), 80, 24);
    insta::assert_snapshot!("running_breathing_80x24", screen);
}

#[test]
fn kneading_with_a_cue_at_80x24() {
    let t0 = Instant::now();
    let app = running(t0);
    // 5 + 60 + 5 = 70: the left side starts; 45 s later the placed cue.
    let screen = draw(&app, at(t0, 70 + 50), 80, 24);
    insta::assert_snapshot!("running_kneading_cue_80x24", screen);
    assert!(screen.contains("Ease off any sharp spot"));
    assert!(
        screen.contains("Knead beside the spine · left side"),
        "{screen}"
    );
}

#[test]
fn the_lead_in_says_get_ready_and_what_comes() {
    let t0 = Instant::now();
    let app = running(t0);
    let screen = draw(&app, at(t0, 2), 80, 24);
    assert!(screen.contains("GET READY"), "{screen}");
    assert!(screen.contains("Get into position"), "{screen}");
    assert!(
        screen.contains("Next: Knead beside the spine · left side"),
        "the step after the one it leads to: {screen}"
    );
    let switch = draw(&app, at(t0, 70 + 90 + 1), 80, 24);
    assert!(switch.contains("SWITCH SIDES"), "{switch}");
}

#[test]
fn pausing_shows_paused_and_freezes_the_clock() {
    let t0 = Instant::now();
    let mut app = running(t0);
    press(&mut app, KeyCode::Char(' '), at(t0, 10));
    let a = draw(&app, at(t0, 11), 80, 24);
    let b = draw(&app, at(t0, 300), 80, 24);
    assert_eq!(a, b);
    assert!(a.contains("PAUSED"));
}

#[test]
fn quitting_mid_routine_asks_first_and_pauses() {
    let t0 = Instant::now();
    let mut app = running(t0);
    assert_eq!(
        press(&mut app, KeyCode::Char('q'), at(t0, 10)),
        Effect::None
    );
    let screen = draw(&app, at(t0, 30), 80, 24);
    assert!(screen.contains("Quit the routine?"), "{screen}");
    assert_eq!(
        press(&mut app, KeyCode::Char('n'), at(t0, 30)),
        Effect::None
    );
    let Screen::Running(run) = &app.screen else {
        panic!()
    };
    assert!(!run.guide.session().is_paused(), "cancelling carries on");
    assert_eq!(
        run.guide.session().position(at(t0, 30)),
        Duration::from_secs(10),
        "the question paused the timer"
    );
    press(&mut app, KeyCode::Char('q'), at(t0, 31));
    assert_eq!(
        press(&mut app, KeyCode::Char('q'), at(t0, 31)),
        Effect::Quit
    );
}

#[test]
fn help_lists_every_running_key() {
    let t0 = Instant::now();
    let mut app = running(t0);
    press(&mut app, KeyCode::Char('?'), t0);
    let screen = draw(&app, t0, 80, 24);
    for b in keys::RUNNING {
        assert!(screen.contains(b.what), "help misses {}", b.what);
    }
    press(&mut app, KeyCode::Esc, t0);
    assert_eq!(app.overlay, None);
}

#[test]
fn help_holds_the_routine_and_its_keys_do_what_it_lists() {
    let t0 = Instant::now();
    let mut app = running(t0);
    let before = frame(&mut app, at(t0, 9), 80, 24);
    assert!(before.contains("0:56"), "{before}");
    press(&mut app, KeyCode::Char('?'), at(t0, 9));
    // Open for a while, the step holds still.
    press(&mut app, KeyCode::Esc, at(t0, 30));
    let after = frame(&mut app, at(t0, 30), 80, 24);
    assert!(after.contains("0:56"), "held under the help: {after}");
    assert!(
        !after.contains("PAUSED"),
        "closing resumes what it paused: {after}"
    );
    // Space under the help resumes, and again pauses for real: closing
    // the help keeps that pause.
    press(&mut app, KeyCode::Char('?'), at(t0, 31));
    press(&mut app, KeyCode::Char(' '), at(t0, 31));
    let resumed = frame(&mut app, at(t0, 33), 80, 24);
    assert!(!resumed.contains("PAUSED"), "{resumed}");
    press(&mut app, KeyCode::Char(' '), at(t0, 33));
    assert_eq!(
        app.overlay,
        Some(Overlay::Help),
        "space leaves the help open"
    );
    press(&mut app, KeyCode::Esc, at(t0, 40));
    let paused = frame(&mut app, at(t0, 60), 80, 24);
    assert!(paused.contains("PAUSED"), "{paused}");
    // n under the help moves on, as the help says.
    press(&mut app, KeyCode::Char('?'), at(t0, 61));
    press(&mut app, KeyCode::Char('n'), at(t0, 61));
    press(&mut app, KeyCode::Esc, at(t0, 61));
    let next = frame(&mut app, at(t0, 61), 80, 24);
    assert!(next.contains("Knead beside the spine"), "{next}");
}

#[test]
fn the_finish_screen_shows_the_time() {
    let t0 = Instant::now();
    let app = running(t0);
    let screen = draw(&app, at(t0, 10_000), 80, 24);
    assert!(screen.contains("Well done."));
    assert!(
        screen.contains("You finished Test back in 4:15."),
        "{screen}"
    );
}

#[test]
fn the_picker_lists_routines_and_starts_the_selected_one() {
    let t0 = Instant::now();
    let mut app = builtin_picker(Theme::mono());
    let screen = draw(&app, t0, 100, 30);
    insta::assert_snapshot!("picker_100x30", screen);
    assert_eq!(press(&mut app, KeyCode::Enter, t0), Effect::Open);
    let Screen::Running(run) = &app.screen else {
        panic!("Enter starts the routine")
    };
    assert_eq!(run.guide.plan().routine.name, "Middle back release");
    // Finishing returns to the picker.
    let end = at(t0, 100_000);
    press(&mut app, KeyCode::Enter, end);
    assert!(matches!(app.screen, Screen::Picker(_)));
}

#[test]
fn every_screen_renders_at_tiny_sizes_without_panic() {
    let t0 = Instant::now();
    let mut apps = vec![builtin_picker(Theme::colour()), running(t0)];
    let mut help = running(t0);
    press(&mut help, KeyCode::Char('?'), t0);
    apps.push(help);
    let mut confirm = running(t0);
    press(&mut confirm, KeyCode::Char('q'), t0);
    apps.push(confirm);
    for app in &apps {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (2, 1),
            (1, 3),
            (20, 5),
            (39, 15),
            (40, 16),
            (12, 3),
            (200, 60),
        ] {
            for secs in [0, 7, 100, 10_000] {
                let area = Rect::new(0, 0, w, h);
                let mut buf = Buffer::empty(area);
                app.render(area, &mut buf, at(t0, secs));
            }
        }
    }
}

#[test]
fn a_small_window_shows_the_step_and_the_time_first() {
    let t0 = Instant::now();
    let app = running(t0);
    let screen = draw(&app, at(t0, 20), 20, 5);
    insta::assert_snapshot!("running_20x5", screen);
    assert!(
        screen.contains("Arrive") && screen.contains("0:45"),
        "{screen}"
    );
}

#[test]
fn a_routine_opens_on_its_caution_and_starts_by_itself() {
    let t0 = Instant::now();
    let app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    let screen = draw(&app, at(t0, 1), 80, 24);
    insta::assert_snapshot!("caution_80x24", screen);
    assert!(screen.contains("Before you start") && screen.contains("Stop if it hurts."));
    assert!(screen.contains("Starting in 0:14"), "{screen}");
    assert_eq!(
        app.next_change_at(at(t0, 1), Rect::new(0, 0, 80, 24)),
        Some(at(t0, 2))
    );
    // 15 s later the first lead-in runs on its own.
    let later = draw(&app, at(t0, 16), 80, 24);
    assert!(
        later.contains("GET READY") && later.contains("0:04"),
        "{later}"
    );
}

#[test]
fn space_holds_the_caution_until_enter() {
    let t0 = Instant::now();
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    press(&mut app, KeyCode::Char(' '), at(t0, 3));
    assert_eq!(
        app.next_change_at(at(t0, 3), Rect::new(0, 0, 80, 24)),
        None,
        "nothing moves while held"
    );
    let held = draw(&app, at(t0, 100), 80, 24);
    assert!(held.contains("press Enter when you are ready"), "{held}");
    press(&mut app, KeyCode::Enter, at(t0, 100));
    let Screen::Running(run) = &app.screen else {
        panic!()
    };
    assert_eq!(
        run.guide.session().position(at(t0, 101)),
        Duration::from_secs(1),
        "the routine starts at Enter"
    );
}

#[test]
fn leaving_from_the_caution_quits_at_once() {
    let t0 = Instant::now();
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    assert_eq!(press(&mut app, KeyCode::Char('q'), at(t0, 1)), Effect::Quit);
}

#[test]
fn suspending_on_the_caution_holds_its_countdown() {
    let t0 = Instant::now();
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    app.pause(at(t0, 5));
    let back = draw(&app, at(t0, 60), 80, 24);
    assert!(back.contains("press Enter when you are ready"), "{back}");
}

#[test]
fn pausing_in_the_past_keeps_the_screen_where_it_was() {
    let t0 = Instant::now();
    let mut app = running(t0);
    // The loop noticed at 100 s that it should have woken at 20 s.
    app.woke(at(t0, 20), at(t0, 100));
    let Screen::Running(run) = &app.screen else {
        panic!()
    };
    assert_eq!(
        run.guide.session().position(at(t0, 100)),
        Duration::from_secs(20)
    );
}

/// Draws a frame as the loop does: fitted to the window first.
fn frame(app: &mut App, now: Instant, w: u16, h: u16) -> String {
    app.fit(Rect::new(0, 0, w, h), now);
    draw(app, now, w, h)
}

#[test]
fn a_caution_too_long_for_the_window_scrolls_and_counts_down_once_read() {
    let t0 = Instant::now();
    let long = ROUTINE.replace(
        "Stop if it hurts.",
        &"Stop if it hurts and ask a professional. ".repeat(12),
    );
    let mut app = App::running(
        Routine::parse("t.toml", &long).unwrap(),
        Theme::mono(),
        t0,
        guide::COUNTDOWN,
    );
    // It fits at 100x30, and counts down for as long as 102 words take
    // to read (31 s), not the usual 15.
    let fits = frame(&mut app, at(t0, 1), 100, 30);
    assert!(fits.contains("Starting in 0:30"), "{fits}");
    let mut app = App::running(
        Routine::parse("t.toml", &long).unwrap(),
        Theme::mono(),
        t0,
        guide::COUNTDOWN,
    );
    let small = frame(&mut app, t0, 40, 12);
    assert!(small.contains("Starts once read"), "{small}");
    assert!(!small.contains("space wait"), "nothing to wait on: {small}");
    // Unread, it never starts by itself.
    let still = frame(&mut app, at(t0, 100), 40, 12);
    assert!(still.contains("Starts once read"), "{still}");
    let mut pages = 0;
    let mut screen = still;
    while screen.contains("Starts once read") {
        pages += 1;
        assert!(pages < 20, "PgDn never reached the end:\n{screen}");
        press(&mut app, KeyCode::PageDown, at(t0, 100));
        screen = frame(&mut app, at(t0, 100), 40, 12);
    }
    assert!(
        screen.contains("surgery") || screen.contains("A short test routine"),
        "{screen}"
    );
    assert!(
        screen.contains("Starting in 0:31"),
        "read to the end, it counts down: {screen}"
    );
    // ↑ goes back up a line.
    press(&mut app, KeyCode::Up, at(t0, 101));
    assert_ne!(frame(&mut app, at(t0, 101), 40, 12), screen);
}

#[test]
fn space_on_the_caution_holds_and_resumes_and_the_footer_says_which() {
    let t0 = Instant::now();
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    let counting = frame(&mut app, at(t0, 1), 80, 24);
    assert!(counting.contains("space wait"), "{counting}");
    press(&mut app, KeyCode::Char(' '), at(t0, 2));
    let held = frame(&mut app, at(t0, 30), 80, 24);
    assert!(held.contains("press Enter when you are ready"), "{held}");
    assert!(held.contains("space count down"), "{held}");
    press(&mut app, KeyCode::Char(' '), at(t0, 30));
    let again = frame(&mut app, at(t0, 31), 80, 24);
    assert!(again.contains("Starting in 0:14"), "{again}");
    assert!(again.contains("space wait"), "{again}");
    let started = frame(&mut app, at(t0, 46), 80, 24);
    assert!(started.contains("GET READY"), "{started}");
}

#[test]
fn n_while_getting_ready_starts_the_step_now() {
    let t0 = Instant::now();
    let mut app = running(t0);
    // 1 s into the 5 s lead-in of the first step.
    press(&mut app, KeyCode::Char('n'), at(t0, 1));
    let screen = draw(&app, at(t0, 1), 80, 24);
    assert!(
        screen.contains("BREATHING") && screen.contains("Arrive"),
        "{screen}"
    );
    assert!(
        screen.contains("1:00 left"),
        "the whole step is ahead: {screen}"
    );
}

#[test]
fn i_shows_long_instructions_whole_in_an_overlay_that_scrolls() {
    let t0 = Instant::now();
    let long = "Sit tall and let the shoulders drop. ".repeat(15) + "The very end.";
    let source = ROUTINE.replace("Sit tall and let the shoulders drop.", &long);
    let mut app = App::running(
        Routine::parse("t.toml", &source).unwrap(),
        Theme::mono(),
        t0,
        guide::COUNTDOWN,
    );
    press(&mut app, KeyCode::Enter, t0);
    let screen = frame(&mut app, at(t0, 20), 60, 20);
    assert!(!screen.contains("The very end."), "{screen}");
    assert!(screen.contains("…"), "cut with a mark: {screen}");
    assert!(screen.contains("i instructions"), "{screen}");
    press(&mut app, KeyCode::Char('i'), at(t0, 20));
    let mut overlay = frame(&mut app, at(t0, 20), 40, 12);
    assert!(
        overlay.contains("Instructions") && overlay.contains("↓ more"),
        "{overlay}"
    );
    for _ in 0..10 {
        press(&mut app, KeyCode::PageDown, at(t0, 20));
        overlay = frame(&mut app, at(t0, 20), 40, 12);
    }
    assert!(overlay.contains("The very end."), "{overlay}");
    press(&mut app, KeyCode::Esc, at(t0, 20));
    assert_eq!(app.overlay, None);
}

#[test]
fn the_finish_screen_says_what_was_done_and_offers_again_and_the_routines() {
    let t0 = Instant::now();
    let mut app = builtin_picker(Theme::mono());
    press(&mut app, KeyCode::Enter, t0);
    press(&mut app, KeyCode::Enter, t0);
    let end = at(t0, 100_000);
    let _ = app.events(end);
    let screen = frame(&mut app, end, 80, 24);
    assert!(screen.contains("All 9 steps done."), "{screen}");
    assert!(
        screen.contains("Enter routines") && screen.contains("a again"),
        "{screen}"
    );
    press(&mut app, KeyCode::Char('a'), end);
    let again = frame(&mut app, end, 80, 24);
    assert!(again.contains("Before you start"), "{again}");
    // Started from the command line, Enter quits, as the footer says.
    let mut alone = running(t0);
    let done = frame(&mut alone, end, 80, 24);
    assert!(done.contains("Enter q quit"), "{done}");
    assert_eq!(press(&mut alone, KeyCode::Enter, end), Effect::Quit);
}

#[test]
fn skipping_to_the_end_says_how_much_was_followed() {
    let t0 = Instant::now();
    let mut app = running(t0);
    // Each n skips a step round; during a lead-in it starts the step.
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('n'), at(t0, 10));
    }
    let screen = draw(&app, at(t0, 10), 80, 24);
    assert!(
        screen.contains("You followed Test back for 0:10 of its 4:15."),
        "{screen}"
    );
}

#[test]
fn stopping_a_routine_started_from_the_picker_goes_back_to_it() {
    let t0 = Instant::now();
    let mut app = builtin_picker(Theme::mono());
    press(&mut app, KeyCode::Enter, t0);
    press(&mut app, KeyCode::Enter, t0);
    press(&mut app, KeyCode::Char('q'), at(t0, 3));
    assert_eq!(press(&mut app, KeyCode::Char('y'), at(t0, 3)), Effect::None);
    assert!(matches!(app.screen, Screen::Picker(_)));
    assert_eq!(app.overlay, None);
}

#[test]
fn page_down_reveals_the_rest_of_the_details() {
    let t0 = Instant::now();
    let mut app = builtin_picker(Theme::mono());
    let first = draw(&app, t0, 80, 20);
    assert!(!first.contains("Close, then move"), "{first}");
    press(&mut app, KeyCode::PageDown, t0);
    press(&mut app, KeyCode::PageDown, t0);
    let later = draw(&app, t0, 80, 20);
    assert!(
        later.contains("Close, then move"),
        "the last step shows after two pages:\n{later}"
    );
    // Further pages stop at the end rather than scrolling into emptiness,
    // and one PgUp then really goes back a page.
    for _ in 0..5 {
        press(&mut app, KeyCode::PageDown, t0);
        app.fit(Rect::new(0, 0, 80, 20), t0);
    }
    assert_eq!(draw(&app, t0, 80, 20), later);
    press(&mut app, KeyCode::PageUp, t0);
    assert_ne!(draw(&app, t0, 80, 20), later);
}

#[test]
fn help_over_the_caution_holds_its_countdown_and_closing_it_starts_afresh() {
    let t0 = Instant::now();
    let area = Rect::new(0, 0, 80, 24);
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    press(&mut app, KeyCode::Char('?'), at(t0, 5));
    assert_eq!(
        app.next_change_at(at(t0, 5), area),
        None,
        "nothing counts down under the help"
    );
    // Well past the 15 s: the routine has not started under the help.
    let covered = draw(&app, at(t0, 40), 80, 24);
    assert!(covered.contains("close help"), "{covered}");
    assert!(!covered.contains("GET READY"), "{covered}");
    assert!(
        !app.events(at(t0, 40))
            .iter()
            .any(|e| crate::front::bell::rings(e, crate::store::config::Bell::Transitions) > 0),
        "no bell either"
    );
    press(&mut app, KeyCode::Esc, at(t0, 40));
    // The caution was hidden: it gets its full time again.
    let back = draw(&app, at(t0, 41), 80, 24);
    assert!(back.contains("Stop if it hurts."), "{back}");
    assert!(back.contains("Starting in 0:14"), "{back}");
    let started = draw(&app, at(t0, 56), 80, 24);
    assert!(
        started.contains("GET READY") && started.contains("0:04"),
        "{started}"
    );
}

#[test]
fn help_over_a_held_caution_leaves_it_held() {
    let t0 = Instant::now();
    let mut app = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    press(&mut app, KeyCode::Char(' '), at(t0, 2));
    press(&mut app, KeyCode::Char('?'), at(t0, 3));
    press(&mut app, KeyCode::Esc, at(t0, 4));
    let held = draw(&app, at(t0, 60), 80, 24);
    assert!(held.contains("press Enter when you are ready"), "{held}");
}

#[test]
fn ctrl_c_interrupts_and_ctrl_z_asks_to_suspend() {
    let t0 = Instant::now();
    let mut app = running(t0);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(app.key(ctrl('z'), at(t0, 1)), Effect::Suspend);
    assert_eq!(app.key(ctrl('c'), at(t0, 1)), Effect::Interrupt);
}

#[test]
fn a_refused_suspend_pauses_and_says_why_until_the_next_key() {
    let t0 = Instant::now();
    let mut app = running(t0);
    app.refuse_suspend(at(t0, 10));
    let screen = draw(&app, at(t0, 30), 80, 24);
    assert!(
        screen.contains("Paused. Ctrl-Z can't suspend here: no shell job control to resume it."),
        "{screen}"
    );
    assert!(screen.contains("PAUSED"), "{screen}");
    let Screen::Running(run) = &app.screen else {
        panic!()
    };
    assert_eq!(
        run.guide.session().position(at(t0, 30)),
        Duration::from_secs(10)
    );
    press(&mut app, KeyCode::Char(' '), at(t0, 30));
    let after = draw(&app, at(t0, 31), 80, 24);
    assert!(!after.contains("can't suspend"), "{after}");
    assert!(!after.contains("PAUSED"), "{after}");
    // In the picker there is nothing to pause.
    let mut picker = builtin_picker(Theme::mono());
    picker.refuse_suspend(t0);
    let screen = draw(&picker, t0, 100, 30);
    assert!(
        screen.contains("Ctrl-Z can't suspend here") && !screen.contains("Paused."),
        "{screen}"
    );
}

/// The sizes every screen is looked at in: a laptop, the classic
/// terminal, split panes, a short wide strip, a corner, a big screen.
const SIZES: [(u16, u16); 7] = [
    (100, 30),
    (80, 24),
    (60, 20),
    (40, 12),
    (100, 16),
    (30, 8),
    (200, 50),
];

/// Every screen at every size, drawn as the loop draws it.
#[test]
fn every_screen_at_every_size() {
    let t0 = Instant::now();
    let end = at(t0, 100_000);
    for (w, h) in SIZES {
        let mut help = running(t0);
        press(&mut help, KeyCode::Char('?'), at(t0, 20));
        let mut quit = running(t0);
        press(&mut quit, KeyCode::Char('q'), at(t0, 20));
        let mut finish = builtin_picker(Theme::mono());
        press(&mut finish, KeyCode::Enter, t0);
        press(&mut finish, KeyCode::Enter, t0);
        let _ = finish.events(end);
        let shots = [
            ("picker", builtin_picker(Theme::mono()), t0),
            (
                "caution",
                App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN),
                at(t0, 1),
            ),
            ("breathing", running(t0), at(t0, 20)),
            ("sides", running(t0), at(t0, 70 + 50)),
            ("help", help, at(t0, 20)),
            ("quit", quit, at(t0, 20)),
            ("finish", finish, end),
        ];
        for (name, mut app, now) in shots {
            let screen = frame(&mut app, now, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        }
    }
}

mod any_routine_at_any_size {
    //! Generated routines drawn at generated sizes and moments: nothing
    //! is cut without "…", the big clock is whole or absent, and on a
    //! two-sided step its side shows.

    use super::*;
    use crate::front::tui::digits;
    use proptest::prelude::*;

    /// Markers no other text on the screen uses, so each text can be
    /// found again.
    const NAME: char = 'Ѫ';
    const CUE: char = 'Ѭ';
    const HOW: char = 'Ѯ';

    fn words(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec("[a-z]{1,7}", 1..=max).prop_map(|w| w.join(" "))
    }

    #[derive(Debug, Clone)]
    struct StepSpec {
        name: String,
        sides: bool,
        breathing: bool,
        cue: Option<String>,
        instructions: Option<String>,
    }

    fn step() -> impl Strategy<Value = StepSpec> {
        (
            words(9),
            any::<bool>(),
            any::<bool>(),
            proptest::option::of(words(19)),
            proptest::option::of(words(70)),
        )
            .prop_map(|(name, sides, breathing, cue, instructions)| StepSpec {
                name,
                sides,
                breathing,
                cue,
                instructions,
            })
    }

    fn source(steps: &[StepSpec]) -> String {
        let mut s = String::from("kneadle = 1\nname = \"Generated\"\nlead_in = \"5s\"\n");
        for (i, st) in steps.iter().enumerate() {
            s.push_str("\n[[steps]]\n");
            if st.breathing {
                s.push_str("technique = \"breathing\"\nbreath = \"relax\"\n");
            } else {
                s.push_str("technique = \"kneading\"\n");
            }
            // A letter per step keeps the names apart.
            let tag = char::from(b'a' + u8::try_from(i).unwrap());
            s.push_str(&format!(
                "name = \"{NAME}{tag} {}\"\nduration = \"40s\"\n",
                st.name
            ));
            if st.sides {
                s.push_str("sides = true\n");
            }
            if let Some(cue) = &st.cue {
                s.push_str(&format!(
                    "cues = [{{ at = \"0s\", text = \"{CUE}{cue}\" }}]\n"
                ));
            }
            if let Some(how) = &st.instructions {
                s.push_str(&format!("instructions = \"{HOW}{how}\"\n"));
            }
        }
        s
    }

    /// The screen's visible characters, without spaces (rows join).
    fn visible(screen: &Buffer) -> String {
        screen
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    /// `text` shows whole, or its start then "…", or not at all.
    fn whole_or_marked(shown: &str, text: &str) -> bool {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if shown.contains(&text) {
            return true;
        }
        let chars: Vec<char> = text.chars().collect();
        let marked = (1..chars.len()).any(|n| {
            let mut start: String = chars[..n].iter().collect();
            start.push('…');
            shown.contains(&start)
        });
        let head: String = chars.iter().take(2).collect();
        marked || !shown.contains(&head)
    }

    fn rows(buf: &Buffer) -> Vec<String> {
        let area = buf.area;
        (0..area.height)
            .map(|y| {
                (0..area.width)
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
                    .trim()
                    .to_owned()
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn every_screen_holds_its_promises(
            steps in proptest::collection::vec(step(), 1..4),
            w in 14u16..220,
            h in 3u16..60,
            at_secs in 0u64..200,
        ) {
            let routine = Routine::parse("g.toml", &source(&steps)).unwrap();
            let t0 = Instant::now();
            let mut app = App::running(routine, Theme::mono(), t0, guide::COUNTDOWN);
            press(&mut app, KeyCode::Enter, t0);
            let now = at(t0, at_secs);
            let area = Rect::new(0, 0, w, h);
            app.fit(area, now);
            let mut buf = Buffer::empty(area);
            app.render(area, &mut buf, now);
            let Screen::Running(run) = &app.screen else { unreachable!() };
            let State::Running(s) = run.guide.state(now) else { return Ok(()) };
            let shown = visible(&buf);
            // Cut only with a mark.
            let texts = [
                Some(s.step.name.clone()),
                s.cue.map(|c| format!("» {c}")),
                Some(s.step.instructions.clone()).filter(|t| !t.is_empty()),
            ];
            for text in texts.iter().flatten() {
                prop_assert!(whole_or_marked(&shown, text), "cut without a mark: {text}\n{buf:?}");
            }
            // The big clock: every row of it, or none.
            let clock = crate::duration::clock(s.remaining);
            let lines = rows(&buf);
            for scale in 1..=12 {
                let glyphs = digits::scaled_rows(&clock, scale);
                let drawn = lines.iter().filter(|l| glyphs.iter().any(|g| g.trim() == l.as_str())).count();
                prop_assert!(drawn == 0 || drawn >= glyphs.len(), "clock cut at scale {scale}: {drawn} rows\n{buf:?}");
            }
            // The side of a two-sided step shows whenever the step does.
            if let Some(side) = s.segment.side && w >= 14 {
                prop_assert!(shown.contains(&side.name().replace(' ', "")), "no side\n{buf:?}");
            }
        }
    }
}

#[test]
fn the_picker_lists_yours_by_name_tells_twins_apart_and_jumps_to_either_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut places = Vec::new();
    for (id, name) in [("a-zed", "Zed"), ("b-same", "Same"), ("c-same", "Same")] {
        let path = dir.path().join(format!("{id}.toml"));
        let body = ROUTINE.replace("name = \"Test back\"", &format!("name = \"{name}\""));
        std::fs::write(&path, body).unwrap();
        places.push((id.to_owned(), library::Origin::File(path)));
    }
    let mut app = App::picker(Picker::read_now(places, Vec::new(), "a-zed"), Theme::mono());
    let screen = frame(&mut app, Instant::now(), 100, 30);
    let at_row = |s: &str, what: &str| s.lines().position(|l| l.contains(what)).unwrap();
    assert!(
        screen.contains("Same  b-same") && screen.contains("Same  c-same"),
        "{screen}"
    );
    assert!(
        at_row(&screen, "c-same  (yours)") < at_row(&screen, "Zed  (yours)"),
        "{screen}"
    );
    // Still on the routine it was on, now last; g and G go to either end.
    assert_eq!(app.selected().unwrap().0, "a-zed");
    press(&mut app, KeyCode::Char('g'), Instant::now());
    assert_eq!(app.selected().unwrap().0, "b-same");
    press(&mut app, KeyCode::End, Instant::now());
    assert_eq!(app.selected().unwrap().0, "a-zed");
}

#[test]
fn a_narrow_running_screen_keeps_quit_in_its_footer_and_the_side_whole() {
    let t0 = Instant::now();
    let long =
        "Reach across with the opposite hand and knead beside the shoulder blade. ".repeat(4);
    let source = ROUTINE.replace(
        "Reach across with the opposite hand and knead beside the shoulder blade.",
        &long,
    );
    let mut app = App::running(
        Routine::parse("t.toml", &source).unwrap(),
        Theme::mono(),
        t0,
        guide::COUNTDOWN,
    );
    press(&mut app, KeyCode::Enter, t0);
    // Getting ready for the left side of the two-sided step.
    let screen = frame(&mut app, at(t0, 66), 40, 12);
    assert!(screen.contains("q Esc quit"), "{screen}");
    assert!(screen.contains("left side"), "{screen}");
}

#[test]
fn a_routine_of_yours_named_like_a_built_in_says_it_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk-break.toml");
    std::fs::write(
        &path,
        "kneadle = 1\nname = \"My desk break\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"Rest\"\nduration = \"30s\"\n",
    )
    .unwrap();
    let places = vec![
        ("desk-break".to_owned(), library::Origin::File(path)),
        (
            format!("{}desk-break", library::BUILTIN_PREFIX),
            library::Origin::Builtin("desk-break"),
        ),
    ];
    let app = App::picker(
        Picker::read_now(places, Vec::new(), "desk-break"),
        Theme::mono(),
    );
    let screen = draw(&app, Instant::now(), 120, 20);
    assert!(
        screen.contains("My desk break  (yours, replaces built-in)"),
        "{screen}"
    );
    assert!(
        screen.contains("Two-minute desk break  (replaced by yours)"),
        "{screen}"
    );
    // The details say it whole, whatever the list's width cuts.
    assert!(
        screen.contains("Yours: it replaces the built-in `desk-break`"),
        "{screen}"
    );
}

#[test]
fn a_caution_shown_whole_in_a_big_window_waits_again_when_the_window_shrinks() {
    let t0 = Instant::now();
    let long = ROUTINE.replace(
        "Stop if it hurts.",
        &"Stop if it hurts and ask a professional. ".repeat(12),
    );
    let mut app = App::running(
        Routine::parse("t.toml", &long).unwrap(),
        Theme::mono(),
        t0,
        guide::COUNTDOWN,
    );
    let small = frame(&mut app, t0, 60, 12);
    assert!(small.contains("once read"), "{small}");
    // All of it shows in a big window: it counts down.
    let big = frame(&mut app, at(t0, 1), 200, 60);
    assert!(big.contains("Starting in 0:31"), "{big}");
    // Back at the small size the end is off screen: it waits and says so.
    let back = frame(&mut app, at(t0, 2), 60, 12);
    assert!(!back.contains("Starting in"), "{back}");
    assert!(back.contains("once read"), "{back}");
    let later = frame(&mut app, at(t0, 100), 60, 12);
    assert!(
        later.contains("Before you start"),
        "never started by itself: {later}"
    );
    // Read to the end again, it counts down in full, and the countdown shows.
    let mut screen = later;
    for _ in 0..20 {
        if screen.contains("Starting in") {
            break;
        }
        press(&mut app, KeyCode::PageDown, at(t0, 100));
        screen = frame(&mut app, at(t0, 100), 60, 12);
    }
    assert!(screen.contains("Starting in 0:31"), "{screen}");
    assert!(!screen.contains("↓ j more"), "nothing more below: {screen}");
    // Scrolled back up, the end is off screen again: the countdown waits.
    press(&mut app, KeyCode::Up, at(t0, 101));
    let up = frame(&mut app, at(t0, 101), 60, 12);
    assert!(!up.contains("Starting in"), "{up}");
    assert!(up.contains("once read"), "{up}");
    assert!(!up.contains("space count down"), "{up}");
    let much_later = frame(&mut app, at(t0, 300), 60, 12);
    assert!(much_later.contains("once read"), "{much_later}");
}

/// A screen with its styles: each row of text, then a row of marks, one
/// per cell, naming the cell's style (`.` the default), and a legend. A
/// lost highlight, colour or reverse video changes the marks.
fn styled(app: &mut App, now: Instant, w: u16, h: u16) -> String {
    app.fit(Rect::new(0, 0, w, h), now);
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf, now);
    let mut styles: Vec<ratatui::style::Style> = Vec::new();
    let mut out = String::new();
    for y in 0..h {
        let mut text = String::new();
        let mut marks = String::new();
        for x in 0..w {
            let cell = &buf[(x, y)];
            text.push_str(cell.symbol());
            let style = cell.style();
            let mark = if style == ratatui::style::Style::default() {
                '.'
            } else {
                let i = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                    styles.push(style);
                    styles.len() - 1
                });
                char::from(b'A' + u8::try_from(i % 26).unwrap())
            };
            // A wide symbol spans cells: one mark per cell it covers.
            marks.push(mark);
        }
        out.push_str(&format!("{text}\n{marks}\n"));
    }
    for (i, s) in styles.iter().enumerate() {
        let mark = char::from(b'A' + u8::try_from(i % 26).unwrap());
        out.push_str(&format!(
            "{mark}: fg {:?} bg {:?} +{:?} -{:?}\n",
            s.fg, s.bg, s.add_modifier, s.sub_modifier
        ));
    }
    out
}

#[test]
fn styles_that_carry_meaning_are_kept() {
    let t0 = Instant::now();
    // The caution's heading stands out in high contrast.
    let mut caution = App::running(routine(), Theme::high_contrast(), t0, guide::COUNTDOWN);
    insta::assert_snapshot!(
        "styled_caution_high_contrast_50x12",
        styled(&mut caution, at(t0, 1), 50, 12)
    );
    // The pacer and the bars in colour while breathing.
    let mut breathing = App::running(routine(), Theme::colour(), t0, guide::COUNTDOWN);
    press(&mut breathing, KeyCode::Enter, t0);
    insta::assert_snapshot!(
        "styled_breathing_colour_60x24",
        styled(&mut breathing, at(t0, 8), 60, 24)
    );
    // Paused in mono: the state is told without colour.
    let mut paused = App::running(routine(), Theme::mono(), t0, guide::COUNTDOWN);
    press(&mut paused, KeyCode::Enter, t0);
    press(&mut paused, KeyCode::Char(' '), at(t0, 8));
    insta::assert_snapshot!(
        "styled_paused_mono_60x20",
        styled(&mut paused, at(t0, 9), 60, 20)
    );
}
