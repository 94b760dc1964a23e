//! Timing rules, driven by a fake clock: `at(s)` is `s` seconds after start.

// A test needs one instant to count from; every other comes from it.
#![allow(clippy::disallowed_methods)]

use super::*;
use crate::routine::PhaseKind;
use crate::routine::Routine;

const ROUTINE: &str = r#"
kneadle = 1
name = "Test"
lead_in = "5s"

[[steps]]
technique = "breathing"
name = "Arrive"
duration = "20s"
breath = "relax"

[[steps]]
technique = "kneading"
name = "Knead"
duration = "40s"
sides = true
cues = ["Slow circles", { at = "20s", text = "Ease off any sharp spot" }]

[[steps]]
technique = "rest"
name = "Close"
duration = "30s"
"#;
// Timeline: 0 lead-in 5 | 5 Arrive 25 | 25 lead-in 30 | 30 Knead L 70 |
// 70 lead-in 75 | 75 Knead R 115 | 115 lead-in 120 | 120 Close 150.

struct Clock(Instant);
impl Clock {
    fn at(&self, secs: f64) -> Instant {
        self.0 + Duration::from_secs_f64(secs)
    }
}

fn start() -> (Session, Clock) {
    let clock = Clock(Instant::now());
    let routine = Routine::parse("t.toml", ROUTINE).unwrap();
    (Session::start(Plan::new(routine), clock.at(0.0)), clock)
}

fn snap<'a>(s: &'a Session, now: Instant) -> Snapshot<'a> {
    match s.state(now) {
        State::Running(snap) => snap,
        State::Finished { .. } => panic!("finished too early"),
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[test]
fn the_routine_opens_with_a_get_ready_lead_in() {
    let (s, c) = start();
    let v = snap(&s, c.at(1.0));
    assert_eq!(v.lead_in_title, Some("Get ready"));
    assert_eq!(v.step.name, "Arrive");
    assert_eq!(v.remaining, secs(4));
    assert_eq!(v.step_number, 1);
    assert_eq!(v.step_count, 3);
}

#[test]
fn the_countdown_follows_the_clock() {
    let (s, c) = start();
    let v = snap(&s, c.at(15.0));
    assert_eq!(v.lead_in_title, None);
    assert_eq!(v.remaining, secs(10));
    assert!((v.segment_progress - 0.5).abs() < 1e-9);
    assert_eq!(v.routine_remaining, secs(135));
    assert!((v.routine_progress - 0.1).abs() < 1e-9);
}

#[test]
fn a_paused_step_keeps_its_remaining_time() {
    let (mut s, c) = start();
    s.pause(c.at(10.0));
    assert_eq!(snap(&s, c.at(500.0)).remaining, secs(15));
    assert!(snap(&s, c.at(500.0)).paused);
    assert_eq!(
        s.next_change_at(c.at(500.0), 10),
        None,
        "nothing moves while paused"
    );
    s.resume(c.at(500.0));
    assert_eq!(snap(&s, c.at(505.0)).remaining, secs(10));
    assert_eq!(s.practised(c.at(505.0)), secs(15));
}

#[test]
fn pause_and_resume_many_times_lose_nothing() {
    let (mut s, c) = start();
    let mut t = 0.0;
    for _ in 0..100 {
        t += 0.37;
        s.pause(c.at(t));
        t += 2.0;
        s.resume(c.at(t));
    }
    // 100 × 0.37 s of running time have passed.
    assert_eq!(s.position(c.at(t)), Duration::from_secs_f64(37.0));
}

#[test]
fn a_long_routine_ends_exactly_on_time() {
    let src = "kneadle = 1\nname = \"Hour\"\nlead_in = 0\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"1h\"\n";
    let clock = Clock(Instant::now());
    let s = Session::start(
        Plan::new(Routine::parse("h.toml", src).unwrap()),
        clock.at(0.0),
    );
    assert!(!s.is_finished(clock.at(3599.999)));
    assert!(s.is_finished(clock.at(3600.0)));
    assert_eq!(
        s.state(clock.at(4000.0)),
        State::Finished {
            practised: secs(3600)
        }
    );
}

#[test]
fn sides_switch_after_a_lead_in() {
    let (s, c) = start();
    let left = snap(&s, c.at(40.0));
    assert_eq!(left.segment.side, Some(Side::Left));
    assert_eq!(
        left.next.map(|(st, side)| (st.name.as_str(), side)),
        Some(("Knead", Some(Side::Right)))
    );
    let switch = snap(&s, c.at(72.0));
    assert_eq!(switch.lead_in_title, Some("Switch sides"));
    assert_eq!(snap(&s, c.at(80.0)).segment.side, Some(Side::Right));
}

#[test]
fn cues_appear_at_their_time_and_count_from_each_side() {
    let (s, c) = start();
    assert_eq!(snap(&s, c.at(30.0)).cue, Some("Slow circles"));
    assert_eq!(snap(&s, c.at(49.0)).cue, Some("Slow circles"));
    assert_eq!(snap(&s, c.at(50.0)).cue, Some("Ease off any sharp spot"));
    assert_eq!(
        snap(&s, c.at(61.0)).cue,
        Some("Ten seconds left, then switch sides.")
    );
    assert_eq!(snap(&s, c.at(76.0)).cue, Some("Slow circles"));
    assert_eq!(snap(&s, c.at(106.0)).cue, Some("Ten seconds left."));
    assert_eq!(snap(&s, c.at(2.0)).cue, None, "no cues during a lead-in");
}

#[test]
fn next_skips_to_the_following_lead_in_and_previous_goes_back() {
    let (mut s, c) = start();
    s.next(c.at(10.0));
    let v = snap(&s, c.at(10.0));
    assert_eq!(
        (v.step.name.as_str(), v.lead_in_title),
        ("Knead", Some("Get ready: left side first"))
    );
    assert_eq!(v.remaining, secs(5));
    s.next(c.at(10.0));
    s.next(c.at(10.0));
    assert_eq!(snap(&s, c.at(10.0)).lead_in_title, Some("Get ready"));
    assert_eq!(snap(&s, c.at(10.0)).step.name, "Close");
    s.previous(c.at(11.0));
    let v = snap(&s, c.at(11.0));
    assert_eq!(
        (v.step.name.as_str(), v.lead_in_title),
        ("Knead", Some("Switch sides"))
    );
    s.previous(c.at(11.0));
    s.previous(c.at(11.0));
    s.previous(c.at(11.0));
    assert_eq!(
        s.position(c.at(11.0)),
        Duration::ZERO,
        "previous stops at the start"
    );
}

#[test]
fn next_on_a_lead_in_skips_the_step_it_leads_to() {
    let (mut s, c) = start();
    s.next(c.at(1.0));
    assert_eq!(snap(&s, c.at(1.0)).step.name, "Knead");
}

#[test]
fn next_on_the_last_step_finishes() {
    let (mut s, c) = start();
    s.next(c.at(125.0));
    assert!(matches!(s.state(c.at(125.0)), State::Finished { .. }));
    assert_eq!(s.next_change_at(c.at(125.0), 10), None);
}

#[test]
fn restart_returns_to_the_first_second_of_the_step() {
    let (mut s, c) = start();
    s.restart_step(c.at(50.0));
    let v = snap(&s, c.at(50.0));
    assert_eq!((v.segment.side, v.remaining), (Some(Side::Left), secs(40)));
}

#[test]
fn plus_adds_fifteen_seconds_and_minus_takes_them_away() {
    let (mut s, c) = start();
    s.extend(c.at(10.0));
    assert_eq!(snap(&s, c.at(10.0)).remaining, secs(30));
    assert_eq!(snap(&s, c.at(10.0)).routine_remaining, secs(155));
    s.shorten(c.at(10.0));
    s.shorten(c.at(10.0));
    // 15 s were left: the second minus ends the step now, not in the past.
    let v = snap(&s, c.at(10.0));
    assert_eq!((v.step.name.as_str(), v.remaining), ("Knead", secs(5)));
    assert_eq!(s.position(c.at(10.0)), secs(10));
}

#[test]
fn minus_on_a_nearly_done_step_ends_it_at_the_next_second() {
    let (mut s, c) = start();
    s.shorten(c.at(20.5));
    assert_eq!(snap(&s, c.at(20.5)).remaining, Duration::from_millis(500));
}

#[test]
fn the_breath_pacer_fills_on_the_inhale_and_empties_on_the_exhale() {
    let (s, c) = start();
    // relax: 4 s in, 6 s out, from 5 s.
    let b = snap(&s, c.at(7.0)).breath.unwrap();
    assert_eq!(b.phase, PhaseKind::Inhale);
    assert!((b.fullness - 0.5).abs() < 1e-9);
    assert_eq!(b.phase_remaining, secs(2));
    let b = snap(&s, c.at(12.0)).breath.unwrap();
    assert_eq!(b.phase, PhaseKind::Exhale);
    assert!((b.fullness - 0.5).abs() < 1e-9);
    let b = snap(&s, c.at(15.0)).breath.unwrap();
    assert_eq!(
        (b.phase, b.fullness),
        (PhaseKind::Inhale, 0.0),
        "a new cycle begins"
    );
}

#[test]
fn the_screen_next_changes_at_the_next_whole_second() {
    let (s, c) = start();
    assert_eq!(s.next_change_at(c.at(26.25), 10), Some(c.at(27.0)));
    assert_eq!(s.next_change_at(c.at(27.0), 10), Some(c.at(28.0)));
}

#[test]
fn the_pacer_wakes_the_screen_only_when_its_level_moves() {
    let (s, c) = start();
    // Inhale 4 s over 8 levels: one level every half second.
    let wake = s.next_change_at(c.at(5.2), 8).unwrap();
    assert_eq!(wake, c.at(5.501));
    // 40 levels: every 0.1 s.
    let wake = s.next_change_at(c.at(5.0), 40).unwrap();
    let wait = wake - c.at(5.0);
    assert!(
        wait >= Duration::from_millis(100) && wait <= Duration::from_millis(102),
        "{wait:?}"
    );
}

#[test]
fn practised_time_leaves_out_pauses_and_skips() {
    let (mut s, c) = start();
    s.pause(c.at(10.0));
    s.resume(c.at(100.0));
    s.next(c.at(110.0));
    // 10 s before the pause, 10 s after.
    assert_eq!(s.practised(c.at(110.0)), secs(20));
}

#[test]
fn the_pacer_count_changes_on_fractional_phase_seconds() {
    let src = "kneadle = 1\nname = \"b\"\nlead_in = 0\n[[steps]]\ntechnique = \"breathing\"\nname = \"B\"\nduration = 60\nbreath = { inhale = 4.25, hold = 1.5, exhale = 5 }\n";
    let clock = Clock(Instant::now());
    let s = Session::start(
        Plan::new(Routine::parse("b.toml", src).unwrap()),
        clock.at(0.0),
    );
    // In the hold (4.25 s to 5.75 s) nothing fills or empties, but "Hold · 2"
    // becomes "Hold · 1" at 4.75 s, before the routine's next whole second.
    assert_eq!(s.next_change_at(clock.at(4.3), 10), Some(clock.at(4.75)));
    let b = snap(&s, clock.at(4.3)).breath.unwrap();
    assert_eq!(
        (b.phase, crate::duration::ceil_secs(b.phase_remaining)),
        (PhaseKind::Hold, 2)
    );
}

#[test]
fn an_authors_late_cue_is_not_hidden_by_the_ten_seconds_left_cue() {
    let src = "kneadle = 1\nname = \"c\"\nlead_in = 0\n[[steps]]\ntechnique = \"rest\"\nname = \"R\"\nduration = 30\ncues = [{ at = \"25s\", text = \"See a professional if it lasts\" }]\n";
    let clock = Clock(Instant::now());
    let s = Session::start(
        Plan::new(Routine::parse("c.toml", src).unwrap()),
        clock.at(0.0),
    );
    assert_eq!(snap(&s, clock.at(21.0)).cue, Some("Ten seconds left."));
    assert_eq!(
        snap(&s, clock.at(26.0)).cue,
        Some("See a professional if it lasts")
    );
    assert_eq!(
        snap(&s, clock.at(29.5)).cue,
        Some("See a professional if it lasts")
    );
}

#[test]
fn the_screen_says_halfway_for_a_while_unless_an_authors_cue_is_fresh() {
    let src = "kneadle = 1\nname = \"h\"\nlead_in = 0\n[[steps]]\ntechnique = \"rest\"\nname = \"R\"\nduration = 80\ncues = [{ at = \"36s\", text = \"Breathe slowly\" }]\n[[steps]]\ntechnique = \"rest\"\nname = \"S\"\nduration = 60\n";
    let clock = Clock(Instant::now());
    let s = Session::start(
        Plan::new(Routine::parse("h.toml", src).unwrap()),
        clock.at(0.0),
    );
    // Halfway is at 40 s, while the author's cue from 36 s is still fresh.
    assert_eq!(snap(&s, clock.at(40.5)).cue, Some("Breathe slowly"));
    assert_eq!(snap(&s, clock.at(44.0)).cue, Some("Halfway."));
    assert_eq!(snap(&s, clock.at(47.9)).cue, Some("Halfway."));
    assert_eq!(snap(&s, clock.at(48.0)).cue, Some("Breathe slowly"));
    assert_eq!(snap(&s, clock.at(110.0)).cue, Some("Halfway."));
    assert_eq!(snap(&s, clock.at(118.0)).cue, None, "it passes");
}
