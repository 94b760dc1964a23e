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

/// A fake clock with a script of inputs: time jumps to each deadline or
/// to the next scripted input, so a routine of minutes runs in no time.
struct Script {
    origin: Instant,
    at: Duration,
    inputs: std::collections::VecDeque<(Duration, Input)>,
}

impl Script {
    fn new(inputs: Vec<(u64, Input)>) -> Self {
        Self {
            origin: Instant::now(),
            at: Duration::ZERO,
            inputs: inputs
                .into_iter()
                .map(|(ms, i)| (Duration::from_millis(ms), i))
                .collect(),
        }
    }
}

impl Source for Script {
    fn now(&mut self) -> Instant {
        self.origin + self.at
    }

    fn next(&mut self, deadline: Option<Instant>) -> Result<Option<Input>, Closed> {
        let due = deadline.map(|d| d - self.origin);
        match self.inputs.front() {
            Some((t, _)) if due.is_none_or(|d| *t <= d) => {
                self.at = self.at.max(*t);
                Ok(self.inputs.pop_front().map(|(_, i)| i))
            }
            _ => match due {
                Some(d) => {
                    self.at = self.at.max(d);
                    Ok(None)
                }
                None => Err(Closed),
            },
        }
    }
}

fn key(c: char) -> Input {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    Input::Term(Term::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

/// Follows `routine` on the script's clock; what it printed, and how it
/// ended.
fn follow_script(
    routine: &str,
    countdown: Duration,
    keys: bool,
    script: &mut Script,
) -> (String, Exit) {
    let routine = Routine::parse("t.toml", routine).unwrap();
    let guide = Guide::new(Plan::new(routine), script.now(), countdown);
    let mut out = Vec::new();
    let mut lines = Lines {
        out: &mut out,
        line_end: "\n",
        breath: false,
        voice: None,
    };
    let (ending, _) = follow(guide, script, &mut lines, keys, false, &mut |_| None).unwrap();
    (String::from_utf8(out).unwrap(), ending)
}

const TWO_STEPS: &str = r#"
kneadle = 1
name = "Two"
lead_in = "5s"

[[steps]]
technique = "kneading"
name = "First"
duration = "20s"

[[steps]]
technique = "stretching"
name = "Second"
duration = "20s"
"#;

#[test]
fn n_while_getting_ready_starts_the_step_as_on_the_full_screen() {
    let mut script = Script::new(vec![(1000, key('n'))]);
    let (printed, ending) = follow_script(TWO_STEPS, Duration::ZERO, true, &mut script);
    assert_eq!(ending, Exit::Done);
    assert!(printed.contains("Starting now."), "{printed}");
    assert!(!printed.contains("Skipped to Second"), "{printed}");
    assert!(printed.contains("Kneading. Twenty seconds."), "{printed}");
}

#[test]
fn a_whole_routine_is_told_on_its_seconds_without_waiting_for_them() {
    let started = Instant::now();
    let mut script = Script::new(Vec::new());
    let (printed, ending) = follow_script(TWO_STEPS, Duration::ZERO, false, &mut script);
    assert_eq!(ending, Exit::Done);
    assert_eq!(
        printed,
        " 0:00  Two. Fifty seconds.
 0:00  Get ready: First.
 0:05  Kneading. Twenty seconds.
 0:25  Get ready: Second.
 0:30  Stretching. Twenty seconds.
 0:50  Routine complete. Fifty seconds.
"
    );
    assert_eq!(script.at, Duration::from_secs(50));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the fake clock never waits"
    );
}

#[test]
fn q_stops_and_a_signal_ends_with_its_status() {
    let mut script = Script::new(vec![(7000, key('q'))]);
    let (printed, ending) = follow_script(TWO_STEPS, Duration::ZERO, true, &mut script);
    assert_eq!(ending, Exit::Done);
    assert!(
        printed
            .lines()
            .last()
            .is_some_and(|l| l.contains("Routine stopped")),
        "{printed}"
    );
    let mut script = Script::new(vec![(3000, Input::Terminate(15))]);
    let (_, ending) = follow_script(TWO_STEPS, Duration::ZERO, false, &mut script);
    assert_eq!(ending, Exit::Signal(15));
}

#[test]
fn keys_do_nothing_where_standard_input_is_no_terminal() {
    let mut script = Script::new(vec![(1000, key('n')), (2000, key('q'))]);
    let (printed, _) = follow_script(TWO_STEPS, Duration::ZERO, false, &mut script);
    assert!(!printed.contains("Starting now"), "{printed}");
    assert!(!printed.contains("stopped"), "{printed}");
}

const WITH_CAUTION: &str = r#"
kneadle = 1
name = "Careful"
lead_in = "0s"
caution = "Stop if it hurts."

[[steps]]
technique = "rest"
name = "Rest"
duration = "20s"
"#;

#[test]
fn plain_mode_says_whether_the_caution_counts_down_or_waits() {
    // The first time, with keys: it waits for Enter, and says so.
    let mut script = Script::new(vec![
        (3000, key(' ')),
        (
            4000,
            Input::Term(Term::Key(KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Enter,
                ratatui::crossterm::event::KeyModifiers::NONE,
            ))),
        ),
    ]);
    let (printed, _) = follow_script(WITH_CAUTION, Duration::ZERO, true, &mut script);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines.get(1),
        Some(&" 0:00  Waiting: press Enter when you are ready."),
        "{printed}"
    );
    // Counting down: how long, and what the keys do; space says it waits.
    let mut script = Script::new(vec![(3000, key(' '))]);
    let mut script_end = Script::new(Vec::new());
    let (printed, _) = follow_script(WITH_CAUTION, Duration::from_secs(15), true, &mut script);
    assert!(
        printed.contains("Starting in fifteen seconds: Enter starts now, space waits."),
        "{printed}"
    );
    assert!(
        printed.contains("Waiting: press Enter when you are ready."),
        "{printed}"
    );
    let (printed, _) = follow_script(
        WITH_CAUTION,
        Duration::from_secs(15),
        false,
        &mut script_end,
    );
    assert!(
        printed.contains(" 0:00  Starting in fifteen seconds.\n"),
        "{printed}"
    );
}
