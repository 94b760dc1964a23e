//! What the guide announces, driven by a fake clock: `c.at(s)` is `s`
//! seconds after the guide opened. Lists are compared as the lines plain
//! mode would print: `0:45  Switch to the right side.`

// A test needs one instant to count from; every other comes from it.
#![allow(clippy::disallowed_methods)]

use super::*;
use crate::duration::clock;
use crate::routine::Routine;

const STORY: &str = r#"
kneadle = 1
name = "Story"
lead_in = "5s"
caution = "Stop if it hurts."

[[steps]]
technique = "breathing"
name = "Arrive"
duration = "20s"
breath = "relax"

[[steps]]
technique = "kneading"
name = "Knead the shoulder"
duration = "60s"
sides = true
cues = ["Slow circles", { at = "40s", text = "Ease off any sharp spot" }]

[[steps]]
technique = "stretching"
name = "Reach up"
duration = "30s"
repeat = 2
lead_in = "3s"

[[steps]]
technique = "rest"
name = "Sit"
duration = "30s"
lead_in = 0
"#;
// Timeline: 0 lead-in 5 | 5 Arrive 25 | 25 lead-in 30 | 30 Knead L 90 |
// 90 lead-in 95 | 95 Knead R 155 | 155 lead-in 158 | 158 Reach 188 |
// 188 lead-in 191 | 191 Reach again 221 | 221 Sit 251.

struct Clock(Instant);
impl Clock {
    fn at(&self, secs: f64) -> Instant {
        self.0 + Duration::from_secs_f64(secs)
    }
}

fn plan(src: &str) -> Plan {
    Plan::new(Routine::parse("t.toml", src).unwrap())
}

fn open(countdown: Duration) -> (Guide, Clock) {
    let c = Clock(Instant::now());
    (Guide::new(plan(STORY), c.at(0.0), countdown), c)
}

fn lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| format!("{}  {}", clock(e.at()), words(e)))
        .collect()
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn a_whole_routine_with_a_pause_and_a_skip_is_told_in_order() {
    let (mut g, c) = open(COUNTDOWN);
    let mut all = g.events(c.at(1.0));
    g.accept_caution(c.at(2.0)); // the timeline runs from 2 s
    all.extend(g.events(c.at(40.0)));
    g.pause(c.at(52.0));
    all.extend(g.events(c.at(70.0)));
    g.resume(c.at(100.0));
    g.next(c.at(150.0));
    all.extend(g.events(c.at(200.0)));
    all.extend(g.events(c.at(1000.0)));
    assert_eq!(
        lines(&all),
        [
            "0:00  Before you start: Stop if it hurts.",
            "0:00  Ready.",
            "0:00  Story. Four minutes eleven.",
            "0:00  Get ready: Arrive.",
            "0:05  Breathing. Twenty seconds.",
            "0:05  Breathe in.",
            "0:09  Breathe out.",
            "0:15  Breathe in.",
            "0:19  Breathe out.",
            "0:25  Get ready: Knead the shoulder, left side.",
            "0:30  Kneading, left side. One minute.",
            "0:30  Slow circles",
            "0:50  Paused.",
            "0:50  Carrying on.",
            "1:00  Halfway.",
            "1:10  Ease off any sharp spot",
            "1:20  Ten seconds left, then switch sides.",
            "1:30  Switch to the right side.",
            "1:35  Kneading, right side. One minute.",
            "1:35  Slow circles",
            "1:40  Skipped to Reach up.",
            "2:35  Get ready: Reach up.",
            "2:38  Stretching. Thirty seconds.",
            "2:58  Ten seconds left.",
            "3:08  Again: Reach up, round 2 of 2.",
            "3:11  Stretching. Thirty seconds.",
            "3:31  Ten seconds left.",
            "3:41  Sit: rest. Thirty seconds.",
            "4:01  Ten seconds left.",
            "4:11  Routine ended. You followed three minutes sixteen of four minutes eleven.",
        ]
    );
    let Some(Event::Finished { outcome, .. }) = all.last() else {
        panic!("it ends with Finished")
    };
    assert_eq!(
        *outcome,
        Outcome {
            practised: secs(196),
            planned: secs(251),
            steps_completed: 3,
            steps: 4,
            completed: false,
        },
        "the skipped right side leaves the kneading step not completed"
    );
    assert!(g.events(c.at(2000.0)).is_empty(), "nothing after the end");
    assert_eq!(g.next_event_at(c.at(2000.0)), None);
}

#[test]
fn a_late_wake_loses_no_event_and_repeats_none() {
    let (mut often, c) = open(Duration::ZERO);
    let (mut once, _) = open(Duration::ZERO);
    for g in [&mut often, &mut once] {
        g.accept_caution(c.at(0.0));
    }
    let mut step_by_step = Vec::new();
    for tenth in 0..=300 {
        step_by_step.extend(often.events(c.at(f64::from(tenth) / 10.0)));
    }
    let jumped = once.events(c.at(30.0));
    assert_eq!(lines(&jumped), lines(&step_by_step));
    assert_eq!(
        lines(&jumped).last().map(String::as_str),
        Some("0:30  Slow circles"),
        "{jumped:#?}"
    );
}

#[test]
fn a_wake_past_its_deadline_pauses_there_and_the_lost_time_never_counts() {
    let (mut g, c) = open(Duration::ZERO);
    g.accept_caution(c.at(0.0));
    g.events(c.at(21.0));
    // Due at the 0:25 lead-in; the process was stopped for 30 s.
    assert_eq!(g.next_event_at(c.at(21.0)), Some(c.at(25.0)));
    assert!(g.woke(c.at(25.0), c.at(55.0)));
    assert_eq!(
        lines(&g.events(c.at(55.0))),
        [
            "0:25  Get ready: Knead the shoulder, left side.",
            "0:25  Paused."
        ]
    );
    assert_eq!(g.session().position(c.at(90.0)), secs(25));
    assert_eq!(g.session().practised(c.at(90.0)), secs(25));
    assert_eq!(g.next_event_at(c.at(90.0)), None, "paused: nothing is due");
    // A wake within a second of its deadline is only a slow one.
    let (mut on_time, c) = open(Duration::ZERO);
    on_time.accept_caution(c.at(0.0));
    assert!(!on_time.woke(c.at(25.0), c.at(25.9)));
    assert!(!on_time.session().is_paused());
}

#[test]
fn waking_only_when_the_next_event_is_due_meets_each_on_its_second() {
    let (mut g, c) = open(COUNTDOWN);
    let mut now = c.at(0.0);
    let mut seen = 0;
    while let Some(due) = g.next_event_at(now) {
        now = now.max(due);
        let events = g.events(now);
        assert!(!events.is_empty(), "woken for nothing at {now:?}");
        for e in &events {
            if !matches!(e, Event::Finished { .. }) {
                assert_eq!(e.at(), g.session().position(now), "{e:?}");
            }
        }
        seen += events.len();
        assert!(seen < 1000, "the guide never ends");
    }
    assert_eq!(now, c.at(15.0 + 251.0), "ends on the dot");
    assert_eq!(seen, 30);
}

#[test]
fn the_caution_counts_down_and_starts_the_routine_by_itself() {
    let (mut g, c) = open(COUNTDOWN);
    assert_eq!(g.next_event_at(c.at(0.0)), Some(c.at(0.0)), "the caution");
    assert_eq!(
        lines(&g.events(c.at(0.0))),
        ["0:00  Before you start: Stop if it hurts."]
    );
    assert_eq!(g.caution(c.at(1.0)), Some(CautionNow::StartsIn(secs(14))));
    assert_eq!(g.next_event_at(c.at(1.0)), Some(c.at(15.0)));
    assert_eq!(g.next_change_at(c.at(1.0), 10), Some(c.at(2.0)));
    assert!(g.events(c.at(14.9)).is_empty());
    assert_eq!(
        lines(&g.events(c.at(15.0))),
        [
            "0:00  Starting.",
            "0:00  Story. Four minutes eleven.",
            "0:00  Get ready: Arrive.",
        ]
    );
    assert_eq!(g.caution(c.at(15.0)), None);
    assert_eq!(g.session().position(c.at(20.0)), secs(5));
}

#[test]
fn space_holds_the_caution_until_enter() {
    let (mut g, c) = open(COUNTDOWN);
    g.hold_caution(c.at(3.0));
    assert_eq!(g.caution(c.at(100.0)), Some(CautionNow::Held));
    assert_eq!(g.events(c.at(100.0)).len(), 1, "only the caution shown");
    assert_eq!(g.next_event_at(c.at(100.0)), None);
    assert_eq!(g.next_change_at(c.at(100.0), 10), None);
    g.accept_caution(c.at(100.0));
    assert_eq!(g.session().position(c.at(101.0)), secs(1));
    assert!(matches!(
        g.events(c.at(101.0)).first(),
        Some(Event::CautionAccepted {
            by: AcceptedBy::Person,
            ..
        })
    ));
}

#[test]
fn a_covered_caution_waits_and_counts_down_in_full_when_revealed() {
    let (mut g, c) = open(COUNTDOWN);
    g.events(c.at(0.0));
    g.cover(c.at(5.0));
    assert_eq!(g.caution(c.at(40.0)), Some(CautionNow::Covered(COUNTDOWN)));
    assert_eq!(g.next_event_at(c.at(40.0)), None);
    g.uncover(c.at(40.0));
    assert_eq!(g.caution(c.at(41.0)), Some(CautionNow::StartsIn(secs(14))));
    assert_eq!(
        g.caution(c.at(54.5)),
        Some(CautionNow::StartsIn(secs_f(0.5)))
    );
    assert_eq!(g.caution(c.at(55.0)), None);
    assert_eq!(g.session().position(c.at(56.0)), secs(1));
    // A held caution stays held under an overlay and after it.
    let (mut held, c) = open(COUNTDOWN);
    held.hold_caution(c.at(2.0));
    held.cover(c.at(3.0));
    held.uncover(c.at(4.0));
    assert_eq!(held.caution(c.at(60.0)), Some(CautionNow::Held));
}

fn secs_f(s: f64) -> Duration {
    Duration::from_secs_f64(s)
}

#[test]
fn no_countdown_waits_for_enter_and_no_caution_starts_at_once() {
    let (mut g, c) = open(Duration::ZERO);
    assert_eq!(g.caution(c.at(1000.0)), Some(CautionNow::Held));
    assert_eq!(g.events(c.at(1000.0)).len(), 1, "only the caution shown");
    let no_caution = STORY.replace("caution = \"Stop if it hurts.\"\n", "");
    let mut g = Guide::new(plan(&no_caution), c.at(0.0), COUNTDOWN);
    assert_eq!(g.caution(c.at(0.0)), None);
    assert_eq!(
        lines(&g.events(c.at(0.0))),
        [
            "0:00  Story. Four minutes eleven.",
            "0:00  Get ready: Arrive."
        ]
    );
}

#[test]
fn a_stall_on_the_caution_holds_it() {
    let (mut g, c) = open(COUNTDOWN);
    assert!(g.woke(c.at(2.0), c.at(30.0)));
    assert_eq!(g.caution(c.at(30.0)), Some(CautionNow::Held));
    assert!(!g.woke(c.at(31.0), c.at(60.0)), "already held");
}

#[test]
fn stopping_tells_how_much_was_followed_and_ends_the_guide() {
    let (mut g, c) = open(Duration::ZERO);
    g.accept_caution(c.at(0.0));
    g.events(c.at(0.0));
    g.stop(c.at(120.0));
    let events = g.events(c.at(120.0));
    assert_eq!(
        lines(&events).last().map(String::as_str),
        Some("2:00  Routine stopped. You followed two minutes of four minutes eleven.")
    );
    assert!(matches!(
        events.last(),
        Some(Event::Stopped { outcome, .. }) if outcome.steps_completed == 1 && !outcome.completed
    ));
    g.resume(c.at(130.0));
    g.next(c.at(130.0));
    assert!(g.events(c.at(500.0)).is_empty(), "nothing after a stop");
    assert!(g.is_over(c.at(500.0)));
}

#[test]
fn going_back_restarting_and_nudging_are_announced() {
    let (mut g, c) = open(Duration::ZERO);
    g.accept_caution(c.at(0.0));
    g.events(c.at(40.0));
    g.extend(c.at(40.0));
    g.shorten(c.at(41.0));
    g.restart_step(c.at(42.0));
    g.previous(c.at(43.0));
    assert_eq!(
        lines(&g.events(c.at(43.0))),
        [
            "0:40  Fifteen seconds more.",
            "0:41  Fifteen seconds less.",
            "0:42  From the top of this step.",
            "0:30  Kneading, left side. One minute.",
            "0:30  Slow circles",
            "0:31  Back to Arrive.",
            "0:00  Get ready: Arrive.",
        ]
    );
}

#[test]
fn completed_means_every_step_ran_to_its_end_whatever_time_it_took() {
    // Going back and restarting adds practised time; it never makes up
    // for a step skipped.
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    // Arrive, nearly to its end, ten times over.
    let mut t = 24.0;
    for _ in 0..10 {
        g.apply(Command::Restart, c.at(t));
        t += 19.0;
    }
    // Into the kneading, then past both its sides.
    g.apply(Command::Next, c.at(t));
    g.apply(Command::Next, c.at(t));
    g.apply(Command::Next, c.at(t + 1.0));
    g.apply(Command::Next, c.at(t + 1.0));
    let end = c.at(1000.0);
    let told = g.events(end);
    let Some(Event::Finished { outcome, .. }) = told.last() else {
        panic!("{:?}", lines(&told));
    };
    assert!(outcome.practised > outcome.planned, "{outcome:?}");
    assert!(outcome.steps_completed < outcome.steps, "{outcome:?}");
    assert!(!outcome.completed, "{outcome:?}");
    // Skipping the last three seconds of each step loses nothing.
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    let mut t = 0.0;
    for end in [25, 90, 155, 188, 221, 251] {
        // When the timeline is three seconds before this work's end.
        let position = g.session().position(c.at(t)).as_secs_f64();
        t += f64::from(end - 3) - position;
        g.apply(Command::Next, c.at(t));
    }
    let told = g.events(c.at(300.0));
    assert!(
        matches!(told.last(), Some(Event::Finished { outcome, .. }) if outcome.completed && outcome.steps_completed == 4),
        "{told:?}"
    );
}

#[test]
fn the_outcome_is_known_before_it_is_told() {
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    g.events(c.at(1.0));
    assert_eq!(g.outcome(c.at(100.0)), None, "still running");
    let due = g.outcome(c.at(400.0));
    let told = g.events(c.at(400.0));
    let Some(Event::Finished { outcome, .. }) = told.last() else {
        panic!("{told:?}");
    };
    assert_eq!(due, Some(*outcome));
    assert!(outcome.completed);
    assert_eq!(g.outcome(c.at(900.0)), Some(*outcome));
}

#[test]
fn next_while_getting_ready_starts_that_step_for_every_front_end() {
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    g.events(c.at(1.0));
    g.apply(Command::Next, c.at(1.0));
    let told = lines(&g.events(c.at(1.0)));
    assert!(told.iter().any(|l| l.contains("Starting now.")), "{told:?}");
    assert!(!told.iter().any(|l| l.contains("Skipped")), "{told:?}");
    assert!(matches!(
        g.state(c.at(1.0)),
        State::Running(s) if s.segment.kind == SegmentKind::Work && s.segment.step == 0
    ));
}

#[test]
fn a_cover_pauses_the_routine_and_revealing_resumes_only_what_it_paused() {
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    g.events(c.at(10.0));
    g.cover(c.at(10.0));
    let at_cover = g.session().position(c.at(10.0));
    assert_eq!(g.session().position(c.at(13.0)), at_cover, "holds still");
    g.uncover(c.at(13.0));
    assert_eq!(g.session().position(c.at(14.0)), at_cover + secs(1));
    // Paused by the person under the cover: revealing keeps it paused.
    g.cover(c.at(20.0));
    g.apply(Command::TogglePause, c.at(21.0));
    g.apply(Command::TogglePause, c.at(22.0));
    g.uncover(c.at(25.0));
    let paused = g.session().position(c.at(25.0));
    assert_eq!(g.session().position(c.at(30.0)), paused);
    // Paused before the cover: still paused after.
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    g.apply(Command::TogglePause, c.at(5.0));
    g.cover(c.at(6.0));
    g.uncover(c.at(7.0));
    assert!(g.session().is_paused());
}

#[test]
fn words_are_sanitized_and_durations_spoken() {
    let src = STORY.replace("caution = \"Stop if it hurts.\"\n", "");
    let mut routine = Routine::parse("t.toml", &src).unwrap();
    // Validation refuses these; the words must not rely on it.
    routine.name = "Evil\u{1b}]0;pwned\u{7}".into();
    routine.steps[1].name = "Knead\u{1b}[2J".into();
    routine.steps[1].cues[0].text = "Slow\u{9b}31m circles\r".into();
    routine.steps[3].name = "Sit\u{202e}".into();
    routine.caution = Some("Line one\nline\u{1b}[31m two".into());
    let c = Clock(Instant::now());
    let mut g = Guide::new(Plan::new(routine), c.at(0.0), COUNTDOWN);
    g.accept_caution(c.at(0.0));
    let all = lines(&g.events(c.at(1000.0)));
    for line in &all {
        assert!(
            !line.chars().any(crate::text::is_forbidden),
            "{line:?} reached the ear unsanitized"
        );
    }
    let all = all.join("\n");
    for expected in [
        "0:00  Before you start: Line one line\\u{1b}[31m two",
        "0:00  Evil\\u{1b}]0;pwned\\u{7}. Four minutes eleven.",
        "0:25  Get ready: Knead\\u{1b}[2J, left side.",
        "0:30  Slow\\u{9b}31m circles\\u{d}",
        "3:41  Sit\\u{202e}: rest. Thirty seconds.",
    ] {
        assert!(all.contains(expected), "{expected:?} not in\n{all}");
    }
}

#[test]
fn a_step_of_a_minute_thirty_is_said_as_such() {
    let src = "kneadle = 1\nname = \"k\"\nlead_in = 0\n[[steps]]\ntechnique = \"kneading\"\nname = \"K\"\nduration = \"1m30s\"\nsides = true\n";
    let c = Clock(Instant::now());
    let mut g = Guide::new(plan(src), c.at(0.0), COUNTDOWN);
    let said = lines(&g.events(c.at(100.0)));
    assert_eq!(
        said,
        [
            "0:00  k. Three minutes.",
            "0:00  K: kneading, left side. One minute thirty.",
            "0:45  Halfway.",
            "1:20  Ten seconds left, then switch sides.",
            "1:30  K: kneading, right side. One minute thirty.",
        ]
    );
}

/// A caution is never given less time than it takes to read (about 200
/// words a minute): 100 words hold the start for 30 s, whatever the
/// setting says; a caution that waits for Enter still waits.
#[test]
fn a_long_caution_counts_down_for_as_long_as_it_takes_to_read() {
    let long = ["Stop if it hurts."; 25].join(" ");
    let src = STORY.replace("Stop if it hurts.", &long);
    let c = Clock(Instant::now());
    let routine = plan(&src);
    assert_eq!(
        reading_time(&routine.routine),
        secs(31),
        "100 words, the name and the summary"
    );
    let g = Guide::new(routine.clone(), c.at(0.0), COUNTDOWN);
    assert_eq!(g.caution(c.at(0.0)), Some(CautionNow::StartsIn(secs(31))));
    let g = Guide::new(routine, c.at(0.0), Duration::ZERO);
    assert_eq!(g.caution(c.at(60.0)), Some(CautionNow::Held));
}

/// A step's `say` text is what is said (and printed in plain mode) for it,
/// instead of its name.
#[test]
fn a_step_is_announced_by_its_say_text_when_it_has_one() {
    let src = "kneadle = 1\nname = \"S\"\nlead_in = \"5s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nsay = \"Knead the top of the shoulder with the other hand\"\nduration = \"30s\"\nsides = true\n";
    let c = Clock(Instant::now());
    let mut g = Guide::new(plan(src), c.at(0.0), COUNTDOWN);
    let told = lines(&g.events(c.at(40.0)));
    assert!(
        told.contains(
            &"0:00  Get ready: Knead the top of the shoulder with the other hand, left side."
                .to_owned()
        ),
        "{told:#?}"
    );
    assert!(
        told.iter()
            .all(|l| !l.contains("Knead,") && !l.contains(": Knead.")),
        "{told:#?}"
    );
}

/// Someone who cannot see the screen hears what to do: a step's
/// instructions come with its get-ready (or its start, with no lead-in),
/// once, not again for the other side.
#[test]
fn the_instructions_are_said_when_a_step_is_first_met() {
    let with_lead_in = "kneadle = 1\nname = \"S\"\nlead_in = \"5s\"\n\n[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\ninstructions = \"Reach over with the other hand.\"\nduration = \"30s\"\nsides = true\n";
    let c = Clock(Instant::now());
    let mut g = Guide::new(plan(with_lead_in), c.at(0.0), COUNTDOWN);
    let told = lines(&g.events(c.at(80.0))).join("\n");
    assert!(
        told.contains("Get ready: Knead, left side. Reach over with the other hand."),
        "{told}"
    );
    assert_eq!(told.matches("Reach over").count(), 1, "{told}");

    let no_lead_in = with_lead_in.replace("lead_in = \"5s\"", "lead_in = \"0s\"");
    let mut g = Guide::new(plan(&no_lead_in), c.at(0.0), COUNTDOWN);
    let told = lines(&g.events(c.at(80.0))).join("\n");
    assert!(
        told.contains(
            "Knead: kneading, left side. Thirty seconds. Reach over with the other hand."
        ),
        "{told}"
    );
    assert_eq!(told.matches("Reach over").count(), 1, "{told}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A routine of up to four steps with random lengths, sides, repeats
    /// and lead-ins.
    fn routine_text(steps: &[(u8, bool, u8, u8)], caution: bool) -> String {
        let mut text = String::from("kneadle = 1\nname = \"Random\"\n");
        if caution {
            text.push_str("caution = \"Stop if it hurts.\"\n");
        }
        for &(secs, sides, repeat, lead_in) in steps {
            text.push_str(&format!(
                "[[steps]]\ntechnique = \"kneading\"\nname = \"Step\"\nduration = \"{}s\"\nsides = {sides}\nrepeat = {}\nlead_in = \"{}s\"\n",
                u32::from(secs) + 1,
                u32::from(repeat % 3) + 1,
                lead_in % 6,
            ));
        }
        text
    }

    fn command(n: u8) -> Command {
        [
            Command::Start,
            Command::Hold,
            Command::CountDown,
            Command::TogglePause,
            Command::Next,
            Command::Previous,
            Command::Extend,
            Command::Shorten,
            Command::Restart,
        ][usize::from(n) % 9]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Whatever is pressed and however late the loop wakes: no panic,
        /// one ending told last and nothing after it, practised time no
        /// more than the time that passed, and an outcome that agrees with
        /// its steps and with what the finish screen was shown before.
        #[test]
        fn any_keys_at_any_wakes_keep_the_story_whole(
            steps in prop::collection::vec((0u8..40, any::<bool>(), any::<u8>(), any::<u8>()), 1..4),
            caution in any::<bool>(),
            countdown in 0u64..3,
            moves in prop::collection::vec((0u16..3000, 0u8..12), 0..40),
        ) {
            let plan = plan(&routine_text(&steps, caution));
            let c = Clock(Instant::now());
            let mut g = Guide::new(plan, c.at(0.0), secs(countdown * 5));
            let mut told = Vec::new();
            let mut t = 0.0;
            for (wait, what) in moves {
                let due = t + f64::from(wait) / 10.0;
                t = due + f64::from(wait % 7) / 4.0;
                g.woke(c.at(due), c.at(t));
                match what {
                    9 => g.cover(c.at(t)),
                    10 => g.uncover(c.at(t)),
                    11 => g.stop(c.at(t)),
                    n => g.apply(command(n), c.at(t)),
                }
                let shown = g.outcome(c.at(t));
                let now = g.events(c.at(t));
                if let Some(Event::Finished { outcome, .. } | Event::Stopped { outcome, .. }) = now.last() {
                    prop_assert_eq!(shown, Some(*outcome));
                }
                told.extend(now);
                prop_assert!(g.session().practised(c.at(t)) <= c.at(t) - c.at(0.0));
            }
            g.apply(Command::Start, c.at(t));
            g.stop(c.at(t + 10_000.0));
            told.extend(g.events(c.at(t + 10_000.0)));
            let endings: Vec<usize> = told
                .iter()
                .enumerate()
                .filter(|(_, e)| matches!(e, Event::Finished { .. } | Event::Stopped { .. }))
                .map(|(i, _)| i)
                .collect();
            prop_assert_eq!(endings.len(), 1, "{:?}", told);
            prop_assert_eq!(endings[0], told.len() - 1);
            let Some(Event::Finished { outcome, .. } | Event::Stopped { outcome, .. }) = told.last() else {
                unreachable!();
            };
            prop_assert!(outcome.steps_completed <= outcome.steps);
            prop_assert_eq!(outcome.completed, outcome.steps_completed == outcome.steps);
            prop_assert!(outcome.practised <= secs(20_000));
        }
    }
}

#[test]
fn stopped_on_a_counting_caution_it_never_starts() {
    let (mut g, c) = open(secs(10));
    g.events(c.at(0.0));
    g.stop(c.at(1.0));
    let told = g.events(c.at(1.0));
    assert!(
        matches!(told.last(), Some(Event::Stopped { .. })),
        "{told:?}"
    );
    assert!(g.events(c.at(100.0)).is_empty(), "nothing after a stop");
    assert!(g.is_over(c.at(100.0)));
}

#[test]
fn a_step_shortened_late_and_run_to_its_new_end_is_done() {
    let src = "kneadle = 1\nname = \"One\"\nlead_in = \"0s\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"Rest\"\nduration = \"30s\"\n";
    let c = Clock(Instant::now());
    let mut g = Guide::new(plan(src), c.at(0.0), Duration::ZERO);
    g.events(c.at(0.0));
    g.events(c.at(12.0));
    g.apply(Command::Shorten, c.at(12.0));
    let told = g.events(c.at(60.0));
    assert!(
        matches!(told.last(), Some(Event::Finished { outcome, .. }) if outcome.completed && outcome.steps_completed == 1),
        "{told:?}"
    );
}

#[test]
fn practised_time_is_whole_seconds_so_every_output_says_the_same() {
    let (mut g, c) = open(Duration::ZERO);
    g.apply(Command::Start, c.at(0.0));
    g.stop(c.at(25.7));
    let told = g.events(c.at(25.7));
    let Some(Event::Stopped { outcome, .. }) = told.last() else {
        panic!("{told:?}");
    };
    assert_eq!(outcome.practised, secs(25));
    assert!(
        lines(&told).last().is_some_and(
            |l| l.ends_with("You followed twenty-five seconds of four minutes eleven.")
        ),
        "{told:?}"
    );
}
