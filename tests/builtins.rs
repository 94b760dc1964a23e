//! The built-in routines against the rubric in GUIDANCE.md (G1–G12), as far
//! as a test can read it from the files. They are what people copy: each
//! must pass every check.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kneadle::library::BUILTINS;
use kneadle::routine::{PhaseKind, Routine, Step, Technique};
use std::time::Duration;

fn routines() -> Vec<(&'static str, Routine)> {
    BUILTINS
        .iter()
        .map(|(id, src)| (*id, Routine::parse(id, src).unwrap()))
        .collect()
}

fn secs(d: Duration) -> u64 {
    d.as_secs()
}

fn all_text(step: &Step) -> String {
    let cues: Vec<&str> = step.cues.iter().map(|c| c.text.as_str()).collect();
    format!("{} {} {}", step.name, step.instructions, cues.join(" ")).to_lowercase()
}

#[test]
fn g1_every_routine_arrives_first() {
    for (id, r) in routines() {
        let first = &r.steps[0];
        assert!(
            matches!(first.technique, Technique::Breathing | Technique::Rest),
            "{id}"
        );
        let min = if id == "desk-break" { 10 } else { 30 };
        assert!(
            (min..=90).contains(&secs(first.duration)),
            "{id}: {:?}",
            first.duration
        );
        if let Some(b) = &first.breath {
            assert!(
                matches!(b.preset, Some("relax" | "coherent" | "sigh")),
                "{id}: no holds to arrive"
            );
        }
        let text = all_text(first);
        assert!(
            ["sit", "stand", "lie"].iter().any(|w| text.contains(w)),
            "{id}: say how to be placed"
        );
    }
}

#[test]
fn g2_kneading_and_pressure_come_after_warming_up() {
    for (id, r) in routines() {
        for (i, step) in r.steps.iter().enumerate() {
            if matches!(step.technique, Technique::Kneading | Technique::Pressure) {
                let warmed = r.steps[..i]
                    .iter()
                    .any(|s| matches!(s.technique, Technique::Stroking | Technique::Stretching));
                assert!(
                    warmed,
                    "{id}: {} comes before any stroking or movement",
                    step.name
                );
            }
        }
    }
}

#[test]
fn g3_g4_pressure_is_dosed_and_worded_gently() {
    for (id, r) in routines() {
        for step in &r.steps {
            let text = all_text(step);
            for bad in ["hard as", "dig in", "push through", "no pain, no gain"] {
                assert!(!text.contains(bad), "{id}: {} says {bad:?}", step.name);
            }
            if matches!(step.technique, Technique::Pressure | Technique::Kneading) {
                assert!(
                    secs(step.duration) <= 90,
                    "{id}: {} presses too long per side",
                    step.name
                );
                assert!(
                    text.contains("sharp"),
                    "{id}: {} needs a cue for sharp pain",
                    step.name
                );
            }
            if step.technique == Technique::Pressure {
                assert!(
                    text.contains("move"),
                    "{id}: {} should say to move on from a tender spot",
                    step.name
                );
            }
        }
    }
}

#[test]
fn g5_stretches_are_held_briefly_and_slowly() {
    for (id, r) in routines() {
        for step in r
            .steps
            .iter()
            .filter(|s| s.technique == Technique::Stretching)
        {
            assert!(
                secs(step.duration) <= 60,
                "{id}: {} held over 60 s",
                step.name
            );
            let min = if id == "desk-break" { 15 } else { 30 };
            assert!(
                secs(step.duration) * u64::from(step.repeat) >= min,
                "{id}: {} too short",
                step.name
            );
            let text = all_text(step);
            assert!(
                text.contains("slow") || text.contains("no bouncing"),
                "{id}: {} should say slow",
                step.name
            );
        }
    }
}

#[test]
fn g7_nothing_unsafe_is_asked() {
    for (id, r) in routines() {
        for step in &r.steps {
            let text = all_text(step);
            for bad in [
                "on the spine",
                "on your spine",
                "throat",
                "front of the neck",
                "roll the lower back",
                "circle your head",
                "bounce ",
            ] {
                assert!(!text.contains(bad), "{id}: {} says {bad:?}", step.name);
            }
        }
        for step in r
            .steps
            .iter()
            .filter(|s| s.technique == Technique::Pressure)
        {
            assert!(
                all_text(step).contains("beside"),
                "{id}: {} must keep beside the spine",
                step.name
            );
        }
        for step in r.steps.iter() {
            if let Some(b) = &step.breath {
                for p in b
                    .phases
                    .iter()
                    .filter(|p| matches!(p.kind, PhaseKind::Hold | PhaseKind::HoldOut))
                {
                    assert!(
                        p.length <= Duration::from_secs(7),
                        "{id}: breath held over 7 s"
                    );
                }
            }
        }
    }
}

#[test]
fn g8_instructions_are_read_in_a_glance() {
    for (id, r) in routines() {
        for step in &r.steps {
            assert!(
                step.instructions.chars().count() <= 160,
                "{id}: {} instructions too long",
                step.name
            );
            assert!(
                !step.instructions.is_empty(),
                "{id}: {} has no instructions",
                step.name
            );
        }
    }
}

#[test]
fn g9_the_caution_names_the_red_flags() {
    for (id, r) in routines() {
        let caution = r.caution.as_deref().unwrap_or_default().to_lowercase();
        for needed in [
            "not a substitute",
            "sharp",
            "numbness",
            "tingling",
            "chest pain",
            "fever",
            "weight loss",
            "bladder",
            "between the shoulder blades",
            "pregnant",
            "blood thinners",
            "osteoporosis",
        ] {
            assert!(
                caution.contains(needed),
                "{id}: the caution does not mention {needed:?}"
            );
        }
    }
}

/// The minutes a routine promises: "10 minutes", "A 2-minute reset".
fn stated_minutes(r: &Routine) -> u64 {
    let text = format!("{} {}", r.summary, r.name);
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace()).collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_suffix("-minute").and_then(|n| n.parse().ok()) {
            return n;
        }
        if let Ok(n) = w.parse()
            && words
                .get(i + 1)
                .is_some_and(|next| next.starts_with("minute"))
        {
            return n;
        }
    }
    panic!("{}: no stated time in the summary", r.name);
}

#[test]
fn g10_the_time_matches_what_the_summary_promises() {
    for (id, r) in routines() {
        let stated = stated_minutes(&r) * 60;
        let actual = secs(r.total());
        let off = actual.abs_diff(stated) as f64 / stated as f64;
        assert!(
            off <= 0.15,
            "{id}: plans {actual} s against a stated {stated} s"
        );
        if id == "desk-break" {
            assert!(
                actual <= 135 && r.lead_in <= Duration::from_secs(2),
                "{id}: {actual} s"
            );
        }
    }
}

#[test]
fn g11_every_routine_closes_gently_and_points_to_moving() {
    for (id, r) in routines() {
        let last = r.steps.last().unwrap();
        assert!(
            matches!(
                last.technique,
                Technique::Breathing | Technique::Rest | Technique::Stroking
            ),
            "{id}"
        );
        assert!(secs(last.duration) >= 30, "{id}");
        let text = all_text(last);
        assert!(
            text.contains("move") || text.contains("walk"),
            "{id}: the last step should point to moving"
        );
        assert!(
            r.caution.as_deref().unwrap_or_default().contains("weeks"),
            "{id}: say when to see a professional"
        );
    }
}

#[test]
fn g12_the_breathing_pacer_is_gentle() {
    for (id, r) in routines() {
        for step in r.steps.iter().filter(|s| s.breath.is_some()) {
            let b = step.breath.as_ref().unwrap();
            match b.preset {
                Some("4-7-8") => {
                    assert_eq!(id, "wind-down", "4-7-8 only in the wind-down");
                    assert!(
                        secs(step.duration) <= 4 * 19,
                        "{id}: at most four cycles of 4-7-8"
                    );
                    assert!(
                        all_text(step).contains("light-headed"),
                        "{id}: say what to do if light-headed"
                    );
                }
                Some("box") => {
                    panic!("{id}: box breathing holds the breath; not for massage routines")
                }
                _ => {}
            }
            assert!(
                (60..=300).contains(&secs(step.duration)) || b.preset == Some("4-7-8"),
                "{id}: {} is not 1-5 min",
                step.name
            );
        }
    }
}

#[test]
fn g6_one_sided_work_is_done_on_both_sides() {
    for (id, r) in routines() {
        for step in &r.steps {
            let text = format!("{} {}", step.name, step.instructions).to_lowercase();
            let one_sided = [
                "opposite", "one hand", "one arm", "one knee", "one leg", "one side",
            ]
            .iter()
            .any(|w| text.contains(w));
            if one_sided {
                assert!(
                    step.sides,
                    "{id}: {} works one side; use sides = true",
                    step.name
                );
            }
        }
    }
}

#[test]
fn g8_every_cue_stays_on_screen_long_enough_to_read() {
    use kneadle::plan::{Plan, SegmentKind};
    use kneadle::session::{Session, State};
    use std::collections::HashMap;
    use std::time::Instant;
    for (id, r) in routines() {
        let t0 = Instant::now();
        let session = Session::start(Plan::new(r.clone()), t0);
        let plan = session.plan();
        for seg in plan.segments.iter().filter(|s| s.kind == SegmentKind::Work) {
            // Seconds each cue text shows during this round of its step.
            let mut shown: HashMap<String, u64> = HashMap::new();
            for s in 0..secs(seg.length) {
                let at = t0 + seg.start + Duration::from_secs(s) + Duration::from_millis(500);
                if let State::Running(snap) = session.state(at)
                    && let Some(cue) = snap.cue
                {
                    *shown.entry(cue.to_owned()).or_default() += 1;
                }
            }
            for cue in &plan.step(seg).cues {
                let seconds = shown.get(&cue.text).copied().unwrap_or(0);
                assert!(
                    seconds >= 8,
                    "{id}: \"{}\" shows for only {seconds} s",
                    cue.text
                );
            }
        }
    }
}
