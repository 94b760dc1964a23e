//! Property tests over parser + validator + plan + session + screens: no
//! input may panic, hang or break the timing invariants. CI runs a bounded
//! number of cases; set KNEADLE_FUZZ_CASES for a longer hunt, e.g.
//! `KNEADLE_FUZZ_CASES=100000 cargo test --release --test fuzz`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kneadle::front::tui::{App, theme::Theme};
use kneadle::plan::Plan;
use kneadle::routine::Routine;
use kneadle::session::{Session, State};
use kneadle::store::library::BUILTINS;
use kneadle::text::{first_forbidden, is_blank, sanitize, sanitize_document};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};
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
    let app = App::running(routine, Theme::colour(), t0, kneadle::guide::COUNTDOWN);
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

/// Characters that have fooled text rules before: next-line, line and
/// paragraph separators, no-break and ideographic spaces, tabs, invisible
/// fillers and joiners, variation selectors, bidi and escape controls,
/// emoji sequences and CJK.
const NASTY: &[&str] = &[
    " ",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{A0}",
    "\u{3000}",
    "\t",
    "\u{1b}",
    "\u{202e}",
    "\u{feff}",
    "\u{200b}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{e0100}",
    "\u{180b}",
    "\u{34f}",
    "\u{ffa0}",
    "\u{2800}",
    "\u{1d173}",
    "\u{13430}",
    "\u{206a}",
    "\u{fff9}",
    "😀",
    "❤\u{fe0f}",
    "👩\u{200d}💻",
    "🏳\u{fe0f}\u{200d}🌈",
    "漢字",
    "é",
    "'",
    "\"",
    "\\",
];

/// Blanks a Unicode-aware trim would drop from the ends of a value.
const BLANKS: &[&str] = &[
    " ", "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}", "\u{3000}", "\t",
];

/// A value: mostly a plausible word as it is, so that whole files are
/// often accepted (those are the ones that count); sometimes with blanks or
/// nasty characters after or around it, or only nasty characters.
fn nasty_value(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = || prop_oneof![prop::sample::select(BLANKS), prop::sample::select(NASTY)];
    (
        prop::sample::select(words),
        prop::collection::vec(piece(), 1..3),
        prop::collection::vec(piece(), 1..3),
        0u8..16,
    )
        .prop_map(|(word, before, after, how)| match how {
            0 => format!("{}{word}{}", before.concat(), after.concat()),
            1 => format!("{word}{}", after.concat()),
            2 => before.concat(),
            _ => word.to_owned(),
        })
}

/// `value` as a TOML string, in one of the ways an author might write it:
/// raw in a basic string, in a literal string, in a multi-line string, or
/// with every non-ASCII character as a `\u` escape. Values a way cannot
/// hold make a file TOML refuses, which is fine: only accepted files count.
fn quoted(value: &str, how: u8) -> String {
    let basic = |escape_all: bool| {
        let mut out = String::from("\"");
        for c in value.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if escape_all && !c.is_ascii_graphic() && c != ' ' => {
                    out.push_str(&format!("\\U{:08X}", u32::from(c)))
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    };
    match how % 4 {
        0 => basic(false),
        1 => format!("'{value}'"),
        2 => format!("\"\"\"{value}\"\"\""),
        _ => basic(true),
    }
}

const WORDS: &[&str] = &["Back", "Slow circles", "neck", "A", "ease off"];
const TECHNIQUES: &[&str] = &["kneading", "breathing", "rest", "stroking"];
const DURATIONS: &[&str] = &["45s", "1m", "1m 30s", "2m", "10s"];
const PRESETS: &[&str] = &["coherent", "box", "4-7-8", "relax", "sigh"];

/// One `key = value` line: the value nasty, quoted one way or another.
fn line(key: &'static str, words: &'static [&'static str]) -> impl Strategy<Value = String> {
    (nasty_value(words), any::<u8>())
        .prop_map(move |(v, how)| format!("{key} = {}\n", quoted(&v, how)))
}

fn list_line(key: &'static str, words: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec((nasty_value(words), any::<u8>()), 0..3).prop_map(move |items| {
        let items: Vec<String> = items.iter().map(|(v, how)| quoted(v, *how)).collect();
        format!("{key} = [{}]\n", items.join(", "))
    })
}

fn optional(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::option::weighted(0.5, s).prop_map(Option::unwrap_or_default)
}

fn generated_step() -> impl Strategy<Value = String> {
    (
        line("technique", TECHNIQUES),
        line("name", WORDS),
        line("duration", DURATIONS),
        optional(line("lead_in", DURATIONS)),
        optional(line("instructions", WORDS)),
        optional(line("breath", PRESETS)),
        optional(list_line("cues", WORDS)),
        optional(
            (
                nasty_value(DURATIONS),
                nasty_value(WORDS),
                any::<u8>(),
                any::<u8>(),
            )
                .prop_map(|(at, text, h1, h2)| {
                    format!(
                        "cues = [{{ at = {}, text = {} }}]\n",
                        quoted(&at, h1),
                        quoted(&text, h2)
                    )
                }),
        ),
    )
        .prop_map(|(t, n, d, l, i, b, c, p)| {
            // A breath preset only belongs on a breathing step; keep it
            // when the step might be one so both branches get exercised.
            let b = if t.contains("breathing") {
                b
            } else {
                String::new()
            };
            let c = if c.is_empty() { p } else { c };
            format!("\n[[steps]]\n{t}{n}{d}{l}{i}{b}{c}")
        })
}

/// A whole routine file with every string key the format has, each value
/// drawn from plausible words and nasty characters.
fn generated_file() -> impl Strategy<Value = String> {
    (
        line("name", WORDS),
        optional(line("summary", WORDS)),
        optional(line("author", WORDS)),
        optional(list_line("areas", WORDS)),
        optional(list_line("tags", WORDS)),
        optional(line("lead_in", DURATIONS)),
        optional(line("caution", WORDS)),
        prop::collection::vec(generated_step(), 1..3),
        optional(prop::sample::select(NASTY).prop_map(|c| format!("# a comment {c}\n"))),
    )
        .prop_map(|(n, s, a, ar, t, l, c, steps, comment)| {
            format!(
                "kneadle = 1\n{comment}{n}{s}{a}{ar}{t}{l}{c}{}",
                steps.concat()
            )
        })
}

proptest! {
    // Cheap cases (two parses each), and a broken value must come out
    // clean everywhere else in its file to count: many of them.
    #![proptest_config(config(3000))]

    /// Whatever validates exports (the file through `sanitize_document`)
    /// to a file that parses and validates to the same routine.
    #[test]
    fn an_accepted_file_exports_to_the_same_routine(source in generated_file()) {
        if let Ok(routine) = Routine::parse("gen.toml", &source) {
            let exported = sanitize_document(&source);
            match Routine::parse("exported.toml", &exported) {
                Ok(again) => prop_assert_eq!(again, routine, "{}", exported),
                Err(report) => prop_assert!(false, "{}\n{}", exported, report.render()),
            }
        }
    }

}

proptest! {
    #![proptest_config(config(1000))]

    /// `sanitize` escapes exactly what validation refuses: accepted text
    /// passes unchanged, and what it prints would itself be accepted.
    #[test]
    fn sanitize_escapes_exactly_what_validation_refuses(
        pieces in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(NASTY).prop_map(str::to_owned),
                1 => any::<char>().prop_map(String::from),
                1 => "[a-z ]{1,4}",
            ],
            0..12,
        )
    ) {
        let s = pieces.concat();
        let clean = sanitize(&s);
        if first_forbidden(&s).is_none() {
            prop_assert_eq!(&clean, &s);
        }
        prop_assert_eq!(first_forbidden(&clean), None, "{:?} -> {:?}", s, clean);
    }
}

/// Pieces of text whose width is easy to get wrong: Hangul jamo that
/// take cells only when composed, prepended and combining marks,
/// wide and narrow spaces, blank glyphs, and plain letters.
const WIDTHS: &[&str] = &[
    "\u{1100}", // ᄀ, a leading consonant: two cells
    "\u{1161}", // ᅡ, a vowel: none alone
    "\u{11A8}", // ᆨ, a final: none alone
    "\u{D7B0}",
    "\u{D7CB}",
    "\u{3164}",
    "\u{FFA1}",
    "\u{AC00}",
    "\u{0D4E}", // a prepended mark
    "\u{A8FA}",
    "\u{301}",
    "\u{FF9E}", // halfwidth dakuten, which ratatui widens
    "\u{3000}",
    "\u{A0}",
    "\u{2800}",
    "\u{1D159}",
    " ",
    "a",
    "😀",
];

/// Does a one-row render of `s` show nothing: every cell a space, or one
/// of the two glyphs drawn blank on purpose?
fn renders_blank(s: &str) -> bool {
    let area = Rect::new(0, 0, 200, 1);
    let mut buffer = Buffer::empty(area);
    Paragraph::new(s).render(area, &mut buffer);
    buffer.content.iter().all(|cell| {
        cell.symbol()
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '\u{2800}' | '\u{1D159}'))
    })
}

proptest! {
    #![proptest_config(config(2000))]

    /// Validation calls a text blank exactly when the renderer draws
    /// nothing of it: the two measure widths the same way.
    #[test]
    fn blank_text_is_what_the_renderer_draws_as_nothing(
        pieces in prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(WIDTHS).prop_map(str::to_owned),
                1 => any::<char>().prop_map(String::from),
            ],
            0..8,
        )
    ) {
        // Refused characters (the Hangul fillers among them) never reach
        // the renderer: take them out, as often as taking one out leaves
        // another without what it needs (a mark without its base).
        let mut s = pieces.concat();
        while let Some((at, c)) = first_forbidden(&s) {
            s.replace_range(at..at + c.len_utf8(), "");
        }
        prop_assert_eq!(is_blank(&s), renders_blank(&s), "{:?}", s);
    }
}
