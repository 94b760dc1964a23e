//! Property tests over parser + validator + plan + session + screens: no
//! input may panic, hang or break the timing invariants. CI runs a bounded
//! number of cases; set KNEADLE_FUZZ_CASES for a longer hunt, e.g.
//! `KNEADLE_FUZZ_CASES=100000 cargo test --release --test fuzz`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kneadle::library::BUILTINS;
use kneadle::plan::Plan;
use kneadle::routine::Routine;
use kneadle::session::{Session, State};
use kneadle::tui::{App, theme::Theme};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("KNEADLE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces that make TOML interesting to a parser and to our validator.
const TOKENS: &[&str] = &[
    "\n",
    "\"",
    "'",
    "[",
    "]",
    "[[steps]]\n",
    "{",
    "}",
    "=",
    ",",
    "#",
    "\\",
    "\\u001b",
    "\\e",
    "\\u202e",
    "\u{1b}",
    "\u{9b}",
    "\u{202e}",
    "\u{200d}",
    "\t",
    "\r",
    "0",
    "-1",
    "4000000000",
    "1e308",
    "nan",
    "inf",
    "\"1m30s\"",
    "\"90x\"",
    "\"0s\"",
    "\"2h\"",
    "\"24h\"",
    "true",
    "repeat = 50\n",
    "sides = true\n",
    "lead_in = \"5m\"\n",
    "breath = \"box\"\n",
    "breath = { inhale = 0.001, exhale = 30 }\n",
    "cues = [\"a\", { at = \"59s\", text = \"b\" }]\n",
    "technique = \"breathing\"\n",
    "duration = 1\n",
    "kneadle = 1\n",
    "é",
    "👩\u{200d}💻",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(source: &str, edits: &[Edit]) -> String {
    let mut s = source.to_owned();
    for e in edits {
        match *e {
            Edit::Insert(at, t) => {
                let at = floor_boundary(&s, at % (s.len() + 1));
                s.insert_str(at, TOKENS[t]);
            }
            Edit::Delete(at, n) => {
                let a = floor_boundary(&s, at % (s.len() + 1));
                let b = floor_boundary(&s, a + n);
                s.replace_range(a..b, "");
            }
            Edit::Duplicate(at, n) => {
                let a = floor_boundary(&s, at % (s.len() + 1));
                let b = floor_boundary(&s, a + n);
                let piece = s.get(a..b).unwrap_or_default().to_owned();
                s.insert_str(b, &piece);
            }
        }
    }
    s
}

/// Drives a valid routine through time and keys, checking what a person
/// would notice: time never runs backwards on its own, progress stays in
/// 0..=1, the screen renders at any size.
fn exercise(routine: Routine, ops: &[(u8, u16)]) {
    let t0 = Instant::now();
    let total = routine.total();
    let plan = Plan::new(routine.clone());
    assert_eq!(plan.total(), total);
    let mut session = Session::start(plan, t0);
    let mut now = t0;
    let mut last = Duration::ZERO;
    for &(op, arg) in ops {
        now += Duration::from_millis(u64::from(arg) * 37);
        let before = session.position(now);
        assert!(before >= last, "time ran backwards without a key");
        match op % 9 {
            0 => session.toggle_pause(now),
            1 => session.next(now),
            2 => session.previous(now),
            3 => session.extend(now),
            4 => session.shorten(now),
            5 => session.restart_step(now),
            _ => {}
        }
        last = session.position(now);
        assert!(last <= session.plan().total());
        if let Some(at) = session.next_change_at(now, u32::from(arg % 200)) {
            assert!(at > now, "the next change is in the future");
            assert!(
                at - now <= Duration::from_secs(1),
                "the screen changes at least every second"
            );
        }
        match session.state(now) {
            State::Running(s) => {
                for r in [s.segment_progress, s.routine_progress] {
                    assert!((0.0..=1.0).contains(&r), "{r}");
                }
                if let Some(b) = s.breath {
                    assert!((0.0..=1.0).contains(&b.fullness));
                }
            }
            State::Finished { practised, .. } => assert!(practised <= now - t0),
        }
    }
    let app = App::running(routine, Theme::colour(), t0);
    for (w, h) in [
        (0, 0),
        (1, 1),
        (7, 2),
        (20, 5),
        (45, 17),
        (80, 24),
        (250, 70),
    ] {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        app.render(area, &mut buf, now);
    }
    let mut app = app;
    for key in [
        KeyCode::Char('?'),
        KeyCode::Esc,
        KeyCode::Char('q'),
        KeyCode::Char('n'),
    ] {
        app.key(KeyEvent::new(key, KeyModifiers::NONE), now);
        let area = Rect::new(0, 0, 30, 9);
        app.render(area, &mut Buffer::empty(area), now);
    }
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn mutated_builtin_routines_never_panic(
        which in 0..BUILTINS.len(),
        edits in prop::collection::vec(edit(), 1..12),
        ops in prop::collection::vec((any::<u8>(), any::<u16>()), 0..40),
    ) {
        let source = mutate(BUILTINS[which].1, &edits);
        match Routine::parse("fuzz.toml", &source) {
            Ok(routine) => exercise(routine, &ops),
            Err(report) => {
                let text = report.render();
                prop_assert!(text.bytes().all(|b| b >= 0x20 || b == b'\n'), "{text}");
                prop_assert!(!report.problems.is_empty());
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(source in "(?s).{0,400}") {
        if let Ok(routine) = Routine::parse("fuzz.toml", &source) {
            exercise(routine, &[(1, 10), (3, 1000), (2, 5)]);
        } else if let Err(report) = Routine::parse("fuzz.toml", &source) {
            prop_assert!(report.render().bytes().all(|b| b >= 0x20 || b == b'\n'));
        }
    }

    #[test]
    fn generated_routines_keep_time(
        steps in prop::collection::vec((1u64..300, any::<bool>(), 1u32..4, 0u64..12, 0usize..6), 1..12),
        ops in prop::collection::vec((any::<u8>(), any::<u16>()), 0..60),
    ) {
        let mut toml = String::from("kneadle = 1\nname = \"Generated\"\n");
        for (i, (secs, sides, repeat, lead, technique)) in steps.iter().enumerate() {
            let technique = ["kneading", "stroking", "stretching", "pressure", "breathing", "rest"][*technique];
            toml.push_str(&format!(
                "[[steps]]\ntechnique = \"{technique}\"\nname = \"Step {i}\"\nduration = {secs}\nsides = {sides}\nrepeat = {repeat}\nlead_in = {lead}\ncues = [\"first\", {{ at = {}, text = \"later\" }}]\n",
                secs / 2
            ));
            if technique == "breathing" {
                toml.push_str("breath = \"sigh\"\n");
            }
        }
        let routine = Routine::parse("gen.toml", &toml).unwrap();
        let expected: u64 = steps.iter().map(|(s, sides, r, lead, _)| (s + lead) * u64::from(*r) * if *sides { 2 } else { 1 }).sum();
        prop_assert_eq!(routine.total(), Duration::from_secs(expected));
        // Left alone, the routine ends exactly at its total.
        let t0 = Instant::now();
        let session = Session::start(Plan::new(routine.clone()), t0);
        prop_assert!(!session.is_finished(t0 + Duration::from_secs(expected) - Duration::from_nanos(1)));
        prop_assert!(session.is_finished(t0 + Duration::from_secs(expected)));
        exercise(routine, &ops);
    }
}
