//! The built-in routines against the rubric in GUIDANCE.md (G1–G12).
//!
//! The rubric is a table of named rules, each with the reason behind it, so
//! that the same table can later advise people on their own routines. A rule
//! reads a validated routine and returns what it found wrong, in words a
//! routine's author can act on. The built-ins must pass every rule; the tests
//! after the table feed each rule a broken routine (most of them the old text
//! of a built-in) to show that it catches what it is for.
//!
//! Texts are read as words, not substrings ("sit" is not inside "position"),
//! and a warning word that is negated ("never on the spine", "no bouncing")
//! does not count against a routine.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kneadle::routine::{PhaseKind, Routine, Step, Technique};
use kneadle::store::library::BUILTINS;
use std::time::Duration;

// --- Reading texts as words ---------------------------------------------------

/// A text as clauses of lower-case words. Punctuation ends a clause, so a
/// negation never reaches across a comma.
fn clauses(text: &str) -> Vec<Vec<String>> {
    text.to_lowercase()
        .replace('’', "'")
        .split(['.', ',', ';', ':', '!', '?', '(', ')', '"'])
        .map(|clause| {
            clause
                .split(|c: char| !(c.is_alphanumeric() || c == '\''))
                .map(|w| w.trim_matches('\''))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect()
}

fn words_of(phrase: &str) -> Vec<String> {
    clauses(phrase).concat()
}

/// Where `phrase` occurs as whole words: (clause, index of its first word).
fn occurrences(text: &str, phrase: &str) -> Vec<(Vec<String>, usize)> {
    let want = words_of(phrase);
    let mut found = Vec::new();
    for clause in clauses(text) {
        if want.is_empty() || clause.len() < want.len() {
            continue;
        }
        for i in 0..=clause.len() - want.len() {
            if clause[i..i + want.len()] == want[..] {
                found.push((clause.clone(), i));
            }
        }
    }
    found
}

/// `phrase` occurs in `text` as whole words.
fn has(text: &str, phrase: &str) -> bool {
    !occurrences(text, phrase).is_empty()
}

fn has_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| has(text, p))
}

/// Words that turn a warning word into advice: "never on the spine".
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "don't", "avoid", "without", "off", "away", "nor", "skip",
];

/// `phrase` is asked for: it occurs with no negation in the three words
/// before it in its clause.
fn says(text: &str, phrase: &str) -> bool {
    occurrences(text, phrase).iter().any(|(clause, i)| {
        let from = i.saturating_sub(3);
        !clause[from..*i]
            .iter()
            .any(|w| NEGATIONS.contains(&w.as_str()))
    })
}

/// What a person is told to do in a step: instructions and cues. The name
/// is a title, not guidance, so a requirement is never met by it.
fn guidance(step: &Step) -> String {
    let cues: Vec<&str> = step.cues.iter().map(|c| c.text.as_str()).collect();
    format!("{}. {}", step.instructions, cues.join(". "))
}

/// Everything a step shows, its name included: what must never be said.
fn shown(step: &Step) -> String {
    format!("{}. {}", step.name, guidance(step))
}

// --- What a routine is --------------------------------------------------------

fn secs(d: Duration) -> u64 {
    d.as_secs()
}

/// A break short enough to take at the desk: looser doses, shorter caution.
fn is_short_break(r: &Routine) -> bool {
    r.total() <= Duration::from_secs(180)
}

fn is_breathing_only(r: &Routine) -> bool {
    r.steps
        .iter()
        .all(|s| matches!(s.technique, Technique::Breathing | Technique::Rest))
}

fn is_hands_on(s: &Step) -> bool {
    matches!(
        s.technique,
        Technique::Kneading | Technique::Pressure | Technique::Stroking
    )
}

fn has_massage(r: &Routine) -> bool {
    r.steps.iter().any(is_hands_on)
}

fn holds_breath(s: &Step) -> bool {
    s.breath.as_ref().is_some_and(|b| {
        b.phases
            .iter()
            .any(|p| matches!(p.kind, PhaseKind::Hold | PhaseKind::HoldOut))
    })
}

fn has_area(r: &Routine, areas: &[&str]) -> bool {
    r.areas.iter().any(|a| areas.contains(&a.as_str()))
}

/// Body regions and the words that name them in a step.
const REGIONS: &[(&str, &[&str])] = &[
    ("neck", &["neck", "skull"]),
    ("shoulders", &["shoulder", "shoulders"]),
    (
        "upper back",
        &[
            "shoulder blade",
            "shoulder blades",
            "blade",
            "blades",
            "upper back",
            "middle back",
        ],
    ),
    (
        "lower back",
        &["lower back", "lower spine", "belt line", "hips", "buttocks"],
    ),
    ("chest", &["chest"]),
];

fn regions(text: &str) -> Vec<&'static str> {
    REGIONS
        .iter()
        .filter(|(_, words)| has_any(text, words))
        .map(|(region, _)| *region)
        .collect()
}

/// Equipment a step may need: the words that show a step uses it, and the
/// words that name it in a summary.
const EQUIPMENT: &[(&[&str], &[&str])] = &[
    (&["chair"], &["chair"]),
    (&["ball"], &["ball"]),
    (&["sock"], &["sock"]),
    (&["wall"], &["wall"]),
    (&["doorway", "door frame"], &["door frame", "doorway"]),
    (
        &["mat", "on the floor", "to the floor"],
        &["mat", "floor", "carpet"],
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Seated,
    Standing,
    Floor,
}

/// The one position a step's instructions put a person in, if they name one.
fn position(step: &Step) -> Option<Position> {
    let text = &step.instructions;
    let found: Vec<Position> = [
        (Position::Seated, &["sit", "seated", "chair"][..]),
        (Position::Standing, &["stand", "wall", "doorway"][..]),
        (
            Position::Floor,
            &["lie", "on your back", "all fours", "kneel", "floor"][..],
        ),
    ]
    .into_iter()
    .filter(|(_, words)| has_any(text, words))
    .map(|(p, _)| p)
    .collect();
    match found[..] {
        [one] => Some(one),
        _ => None,
    }
}

/// Words that show a step works one side of the body at a time.
const ONE_SIDED: &[&str] = &[
    "opposite",
    "one hand",
    "one arm",
    "one knee",
    "one leg",
    "one side",
    "one shoulder",
    "the other",
    "other shoulder",
    "other hand",
    "reach across",
    "reaches across",
    "toward the side",
    "the side you",
    "side shown",
    "forearm",
    "elbow",
    "the shoulder blade",
];

fn is_one_sided(text: &str) -> bool {
    has_any(text, ONE_SIDED)
}

// --- The rules ----------------------------------------------------------------

/// One check of the rubric: its code in GUIDANCE.md, a short name, why it
/// matters, and the check itself (the problems it finds, empty if none).
struct Rule {
    code: &'static str,
    name: &'static str,
    reason: &'static str,
    check: fn(&Routine) -> Vec<String>,
}

const RULES: &[Rule] = &[
    Rule {
        code: "G1",
        name: "arrive first",
        reason: "Settling with an easy, exhale-led breath calms the body before any work (B1, B3, B8).",
        check: arrive_first,
    },
    Rule {
        code: "G2",
        name: "warm before deep",
        reason: "Light stroking or movement of an area comes before kneading or pressing it (S16, S19, S23).",
        check: warm_before_deep,
    },
    Rule {
        code: "G3",
        name: "pressure is dosed",
        reason: "About a minute on a spot and at most two per region; stay 20-30 s on a tender spot, then move on (S17, S18, S20, S22).",
        check: pressure_is_dosed,
    },
    Rule {
        code: "G4",
        name: "pressure is worded gently",
        reason: "Most harm from massage comes from too much pressure; pain means too far (S13, S18, S23).",
        check: pressure_is_worded_gently,
    },
    Rule {
        code: "G5",
        name: "stretches are dosed and slow",
        reason: "Hold a stretch 15-45 s, about 30-60 s in all per side, slowly and without bouncing (S23, S24, S12).",
        check: stretches_are_dosed,
    },
    Rule {
        code: "G6",
        name: "one-sided work runs on both sides",
        reason: "A stretch or massage of one side is done on the other for the same time (S23).",
        check: one_sided_work_runs_on_both_sides,
    },
    Rule {
        code: "G6",
        name: "sided steps speak of the side shown",
        reason: "The screen shows LEFT SIDE or RIGHT SIDE over the same words for both sides: words that name a side, or leave the hands unsaid, are wrong half the time.",
        check: sided_steps_speak_of_the_side_shown,
    },
    Rule {
        code: "G7",
        name: "nothing unsafe is asked",
        reason: "No pressure on the spine, the throat or the kidney area, no neck circles, no bouncing, no long breath holds; floor work offers a way up (S14, S15, S16, S22, B6).",
        check: nothing_unsafe_is_asked,
    },
    Rule {
        code: "G8",
        name: "instructions read in a glance",
        reason: "A step's text must be read in its first seconds, with eyes mostly closed (Stretchly #1672).",
        check: instructions_read_in_a_glance,
    },
    Rule {
        code: "G8",
        name: "a hand reaches what it is asked to",
        reason: "A hand over the opposite shoulder reaches the top of the shoulder and the blade's upper corner, not the muscle between the blades; that is work for a ball at a wall.",
        check: a_hand_reaches_what_it_is_asked_to,
    },
    Rule {
        code: "G8",
        name: "the summary names the equipment",
        reason: "People gather what they need before they start, from the summary.",
        check: summary_names_the_equipment,
    },
    Rule {
        code: "G8",
        name: "moving somewhere gets time",
        reason: "Getting to a wall, a door frame or the floor takes longer than the usual get-ready; getting down to the floor longest.",
        check: moving_somewhere_gets_time,
    },
    Rule {
        code: "G8",
        name: "set-up comes at the start",
        reason: "A cue that tells how to set up helps only before the work starts, not half way through it.",
        check: set_up_comes_at_the_start,
    },
    Rule {
        code: "G8",
        name: "every cue stays long enough to read",
        reason: "A cue gone before it is read is noise (Stretchly #1672).",
        check: every_cue_stays_long_enough_to_read,
    },
    Rule {
        code: "G9",
        name: "the caution starts with when to stop",
        reason: "The stop rules are what a person must keep in mind while working; they come first (S13, S23).",
        check: caution_starts_with_when_to_stop,
    },
    Rule {
        code: "G9",
        name: "the caution is read in the time it shows",
        reason: "At about 200 words a minute, 65 words take 20 s; a two-minute break cannot open with a long read.",
        check: caution_is_short,
    },
    Rule {
        code: "G9",
        name: "the caution names the red flags of what is worked",
        reason: "Each area has its own urgent signs; massage and breath holds have their own reasons to ask first (S1-S4, S11, S13, B6).",
        check: caution_names_the_red_flags,
    },
    Rule {
        code: "G9",
        name: "the caution names no flags that do not apply",
        reason: "Flags that do not fit the routine teach people to skip the caution.",
        check: caution_names_no_stray_flags,
    },
    Rule {
        code: "G10",
        name: "the time matches the promise",
        reason: "The plan lasts what the summary says, within 15 %; a desk break stays within 2:15 (S27, S28).",
        check: time_matches_the_promise,
    },
    Rule {
        code: "G11",
        name: "close gently and point to moving",
        reason: "Finish light and slow, get up slowly, and keep moving; see a professional if pain lasts weeks (S1, S6, S7, S16).",
        check: close_gently_and_point_to_moving,
    },
    Rule {
        code: "G11",
        name: "massage goes alongside active care",
        reason: "Guidelines support massage only alongside exercise, physiotherapy and staying active; warmth first is well supported (S6, S7, S19).",
        check: massage_goes_alongside_active_care,
    },
    Rule {
        code: "G11",
        name: "one piece of advice on desk breaks",
        reason: "Short breaks as often as every half hour may limit discomfort (S27); the library says it one way.",
        check: one_piece_of_advice_on_desk_breaks,
    },
    Rule {
        code: "G12",
        name: "the breathing pacer is gentle",
        reason: "Massage routines breathe without holds; 4-7-8 is for breathing-only routines, at most four rounds, seated or lying (B1, B4, B5, B6).",
        check: breathing_is_gentle,
    },
    Rule {
        code: "G12",
        name: "a paced step holds whole breaths",
        reason: "A pacer cut off mid-breath leaves a person holding or half-way out when the step changes.",
        check: paced_steps_hold_whole_breaths,
    },
    Rule {
        code: "G12",
        name: "breath holds are optional and come after easier breathing",
        reason: "Holds are the demanding part: lead up to them, come back down after, and say how to skip them (B6).",
        check: breath_holds_are_optional,
    },
];

fn arrive_first(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    let first = &r.steps[0];
    if !matches!(first.technique, Technique::Breathing | Technique::Rest) {
        problems.push(format!(
            "the first step, {}, is not breathing or rest",
            first.name
        ));
    }
    let length = secs(first.duration) * u64::from(first.rounds());
    let min = if is_short_break(r) { 10 } else { 30 };
    if !(min..=90).contains(&length) {
        problems.push(format!("the first step lasts {length} s, not {min}-90 s"));
    }
    if let Some(b) = &first.breath
        && !matches!(b.preset, Some("relax" | "coherent" | "sigh"))
    {
        problems.push("the first step's pacer is not relax, coherent or sigh".into());
    }
    let position = [
        "sit", "sitting", "seated", "stand", "standing", "lie", "lying",
    ];
    if !has_any(&first.instructions, &position) {
        problems.push("the first step does not say whether to sit, stand or lie".into());
    }
    problems
}

fn warm_before_deep(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, step) in r.steps.iter().enumerate() {
        if !matches!(step.technique, Technique::Kneading | Technique::Pressure) {
            continue;
        }
        let worked = regions(&guidance(step));
        if worked.is_empty() {
            problems.push(format!("{} does not say which area it works", step.name));
        }
        for region in worked {
            let warmed = r.steps[..i].iter().any(|s| {
                matches!(s.technique, Technique::Stroking | Technique::Stretching)
                    && regions(&guidance(s)).contains(&region)
            });
            if !warmed {
                problems.push(format!(
                    "{} works the {region} before any stroking or movement of it",
                    step.name
                ));
            }
        }
    }
    problems
}

fn pressure_is_dosed(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    let mut per_region: Vec<(&str, u64)> = Vec::new();
    for step in &r.steps {
        if !matches!(step.technique, Technique::Kneading | Technique::Pressure) {
            continue;
        }
        if secs(step.duration) > 90 {
            problems.push(format!("{} presses over 90 s at a time", step.name));
        }
        if step.technique == Technique::Pressure {
            for region in regions(&guidance(step)) {
                let time = secs(step.duration) * u64::from(step.repeat);
                match per_region.iter_mut().find(|(r, _)| *r == region) {
                    Some((_, total)) => *total += time,
                    None => per_region.push((region, time)),
                }
            }
        }
        // A short squeeze has no time to dwell on a spot; longer work does.
        let dwells =
            step.technique == Technique::Pressure || step.duration > Duration::from_secs(20);
        let text = guidance(step);
        if dwells && !has_any(&text, &["move on", "next spot", "new spot"]) {
            problems.push(format!(
                "{} does not say to move on from a tender spot",
                step.name
            ));
        }
    }
    for (region, total) in per_region {
        if total > 120 {
            problems.push(format!(
                "the {region} is pressed for {total} s per side in all, over 2 min"
            ));
        }
    }
    problems
}

fn pressure_is_worded_gently(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in &r.steps {
        let text = shown(step);
        for bad in [
            "as hard as",
            "dig in",
            "push through",
            "no pain no gain",
            "harder",
        ] {
            if has(&text, bad) {
                problems.push(format!("{} says {bad:?}", step.name));
            }
        }
        if matches!(step.technique, Technique::Kneading | Technique::Pressure) {
            if !step.cues.iter().any(|c| has(&c.text, "sharp")) {
                problems.push(format!("{} has no cue for sharp pain", step.name));
            }
            let text = guidance(step);
            if !has_any(&text, &["comfortable", "good ache", "gentle", "gently"]) {
                problems.push(format!(
                    "{} does not ask for comfortable pressure",
                    step.name
                ));
            }
            if !has_any(&text, &["breathe", "breathing"]) {
                problems.push(format!("{} does not say to keep breathing", step.name));
            }
        }
    }
    problems
}

fn stretches_are_dosed(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    let min = if is_short_break(r) { 15 } else { 30 };
    for step in r
        .steps
        .iter()
        .filter(|s| s.technique == Technique::Stretching)
    {
        let hold = secs(step.duration);
        let per_side = hold * u64::from(step.repeat);
        if hold > 60 {
            problems.push(format!("{} is held for {hold} s, over 60 s", step.name));
        }
        if !(min..=60).contains(&per_side) {
            problems.push(format!(
                "{} lasts {per_side} s per side in all, not {min}-60 s",
                step.name
            ));
        }
        if !has_any(&guidance(step), &["slow", "slowly", "no bouncing"]) {
            problems.push(format!("{} does not say slow", step.name));
        }
    }
    problems
}

fn one_sided_work_runs_on_both_sides(r: &Routine) -> Vec<String> {
    r.steps
        .iter()
        .filter(|s| !s.sides && is_one_sided(&shown(s)))
        .map(|s| format!("{} works one side; use sides = true", s.name))
        .collect()
}

fn sided_steps_speak_of_the_side_shown(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in r.steps.iter().filter(|s| s.sides) {
        let text = shown(step);
        if has_any(&text, &["left", "right"]) {
            problems.push(format!(
                "{} names a side, but both sides show the same words",
                step.name
            ));
        }
        if !has(&text, "side shown") {
            problems.push(format!(
                "{} does not say what it does on the side shown",
                step.name
            ));
        }
        let mentions_hands = has_any(&text, &["hand", "hands", "fingers", "fingertips"]);
        let which_hand = has_any(
            &text,
            &[
                "hand on the side shown",
                "hand opposite the side shown",
                "free hand",
                "both hands",
                "other hand",
            ],
        );
        if mentions_hands && !which_hand {
            problems.push(format!("{} does not say which hand does what", step.name));
        }
    }
    problems
}

fn nothing_unsafe_is_asked(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in &r.steps {
        let text = shown(step);
        for bad in [
            "on the spine",
            "on your spine",
            "on the bone",
            "throat",
            "front of the neck",
            "kidney",
            "kidneys",
            "armpit",
            "roll the lower back",
            "circle your head",
            "behind your head",
            "behind the head",
            "neck circles",
            "head back",
            "bounce",
            "bounces",
            "bouncing",
        ] {
            if says(&text, bad) {
                problems.push(format!("{} says {bad:?}", step.name));
            }
        }
        let deep = matches!(step.technique, Technique::Kneading | Technique::Pressure);
        if deep && has(&text, "ribs") && !has(&text, "hand's width") {
            problems.push(format!(
                "{} presses near the ribs without keeping a hand's width from them (the kidney area)",
                step.name
            ));
        }
        if step.technique == Technique::Pressure
            && !has_any(&text, &["beside the spine", "either side of the spine"])
        {
            problems.push(format!("{} must keep beside the spine", step.name));
        }
        if let Some(b) = &step.breath
            && b.phases.iter().any(|p| {
                matches!(p.kind, PhaseKind::Hold | PhaseKind::HoldOut)
                    && p.length > Duration::from_secs(7)
            })
        {
            problems.push(format!("{} holds the breath over 7 s", step.name));
        }
    }
    let floor = r
        .steps
        .iter()
        .position(|s| position(s) == Some(Position::Floor));
    if let Some(i) = floor
        && !r.steps[i..]
            .iter()
            .any(|s| has(&guidance(s), "roll to your side"))
    {
        problems.push("the floor steps never say how to get up (roll to your side)".into());
    }
    problems
}

fn instructions_read_in_a_glance(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in &r.steps {
        let length = step.instructions.chars().count();
        if length > 160 {
            problems.push(format!(
                "{}: instructions are {length} characters, over 160",
                step.name
            ));
        }
        if step.instructions.is_empty() {
            problems.push(format!("{} has no instructions", step.name));
        }
    }
    problems
}

fn a_hand_reaches_what_it_is_asked_to(r: &Routine) -> Vec<String> {
    let over_the_shoulder = [
        "over the opposite shoulder",
        "over that shoulder",
        "reach over",
        "reaches over",
        "reach across",
        "reaches across",
    ];
    let out_of_reach = [
        "inner edge",
        "beside the spine",
        "between the blades",
        "between the shoulder blades",
    ];
    r.steps
        .iter()
        .filter(|s| is_hands_on(s) && has_any(&guidance(s), &over_the_shoulder))
        .filter(|s| has_any(&guidance(s), &out_of_reach))
        .map(|s| {
            format!(
                "{} sends a hand over the shoulder to a place it cannot reach",
                s.name
            )
        })
        .collect()
}

fn summary_names_the_equipment(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for (used, named) in EQUIPMENT {
        let user = r.steps.iter().find(|s| has_any(&guidance(s), used));
        if let Some(step) = user
            && !has_any(&r.summary, named)
        {
            problems.push(format!(
                "{} needs a {}, which the summary does not name",
                step.name, used[0]
            ));
        }
    }
    problems
}

fn moving_somewhere_gets_time(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    let mut here = r.steps.first().and_then(position);
    for step in r.steps.iter().skip(1) {
        let Some(there) = position(step) else {
            continue;
        };
        if let Some(from) = here
            && from != there
        {
            let (need, why) = match (from, there) {
                (Position::Standing, Position::Floor) => (15, "to get down to the floor"),
                _ => (8, "to change position"),
            };
            if step.lead_in < Duration::from_secs(need) {
                problems.push(format!(
                    "{} gives {} s {why}; give at least {need} s",
                    step.name,
                    secs(step.lead_in)
                ));
            }
        }
        here = Some(there);
    }
    problems
}

fn set_up_comes_at_the_start(r: &Routine) -> Vec<String> {
    let set_up = ["prop", "rest the", "arm across", "place", "put", "support"];
    let mut problems = Vec::new();
    for step in &r.steps {
        for cue in &step.cues {
            if has_any(&cue.text, &set_up) && cue.at > Duration::from_secs(5) {
                problems.push(format!(
                    "{}: the set-up cue {:?} comes {} s into the step; put it in the instructions or at the start",
                    step.name,
                    cue.text,
                    secs(cue.at)
                ));
            }
        }
    }
    problems
}

fn every_cue_stays_long_enough_to_read(r: &Routine) -> Vec<String> {
    use kneadle::plan::{Plan, SegmentKind};
    use kneadle::session::{Session, State};
    use std::collections::HashMap;
    use std::time::Instant;
    let mut problems = Vec::new();
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
            if seconds < 8 {
                problems.push(format!("\"{}\" shows for only {seconds} s", cue.text));
            }
        }
    }
    problems.dedup();
    problems
}

fn caution(r: &Routine) -> &str {
    r.caution.as_deref().unwrap_or_default()
}

fn caution_starts_with_when_to_stop(r: &Routine) -> Vec<String> {
    let text = caution(r);
    let first = text.split(". ").next().unwrap_or_default();
    let mut needed: Vec<(&str, &[&str])> = vec![
        ("stop", &["stop"]),
        ("numbness", &["numbness", "numb"]),
        ("tingling", &["tingling"]),
        ("dizziness", &["dizziness", "dizzy", "light-headed"]),
    ];
    if !is_breathing_only(r) {
        needed.push(("sharp pain", &["sharp"]));
        needed.push(("weakness", &["weakness", "weak"]));
    }
    needed
        .into_iter()
        .filter(|(_, any)| !has_any(first, any))
        .map(|(what, _)| format!("the caution's first sentence does not say {what}"))
        .collect()
}

fn caution_is_short(r: &Routine) -> Vec<String> {
    let words = caution(r).split_whitespace().count();
    let most = if is_short_break(r) { 50 } else { 65 };
    if words > most {
        vec![format!(
            "the caution is {words} words; at 200 a minute, keep it to {most}"
        )]
    } else {
        Vec::new()
    }
}

/// The red flags a routine's caution names, by what the routine works.
fn red_flags(r: &Routine) -> Vec<(&'static str, &'static [&'static str])> {
    let mut flags: Vec<(&str, &[&str])> = Vec::new();
    let back = ["upper-back", "middle-back", "lower-back"];
    let spine = ["middle-back", "lower-back"];
    if has_area(r, &["upper-back", "middle-back", "chest"]) {
        flags.push(("chest pain", &["chest pain"]));
        flags.push(("breathlessness", &["breathlessness", "breathless"]));
    }
    if has_area(r, &["upper-back", "middle-back"]) {
        flags.push((
            "pain between the shoulder blades",
            &["between the shoulder blades"],
        ));
    }
    let massages_the_back = r.steps.iter().any(|s| {
        is_hands_on(s)
            && regions(&guidance(s))
                .iter()
                .any(|g| *g == "upper back" || *g == "lower back")
    });
    if has_area(r, &spine) || (massages_the_back && has_area(r, &back)) {
        flags.push(("fever", &["fever"]));
        flags.push(("weight loss", &["weight loss"]));
        flags.push(("night pain", &["night pain", "at night"]));
        flags.push(("a fall", &["fall", "accident"]));
    }
    if has_area(r, &spine) {
        flags.push(("saddle numbness", &["saddle"]));
        flags.push(("bladder or bowel change", &["bladder"]));
    }
    if has_area(r, &["lower-back"]) {
        flags.push(("pain down a leg", &["leg", "legs"]));
    }
    if has_area(r, &["neck"]) {
        flags.push(("sudden severe headache", &["headache"]));
        flags.push(("double vision", &["double vision"]));
        flags.push(("slurred speech", &["slurred speech"]));
        flags.push(("trouble swallowing", &["swallowing"]));
        flags.push(("weakness or numbness in an arm", &["arm"]));
    }
    if has_massage(r) {
        flags.push(("pregnancy", &["pregnant"]));
        flags.push(("blood thinners", &["blood thinners"]));
        flags.push(("osteoporosis", &["osteoporosis"]));
        flags.push(("cancer", &["cancer"]));
        flags.push(("surgery", &["surgery"]));
    }
    if r.steps.iter().any(holds_breath) {
        flags.push(("pregnancy", &["pregnant"]));
        flags.push(("heart or lung conditions", &["heart"]));
    }
    flags
}

fn caution_names_the_red_flags(r: &Routine) -> Vec<String> {
    let text = caution(r);
    let mut problems: Vec<String> = red_flags(r)
        .into_iter()
        .filter(|(_, any)| !has_any(text, any))
        .map(|(what, _)| format!("the caution does not name {what}"))
        .collect();
    problems.dedup();
    problems
}

fn caution_names_no_stray_flags(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    if !has_area(r, &["middle-back", "lower-back"]) {
        for flag in ["bladder", "bowel", "saddle"] {
            if has(caution(r), flag) {
                problems.push(format!(
                    "the caution names {flag:?}, a sign of the lower spine this routine does not work"
                ));
            }
        }
    }
    problems
}

/// The minutes a routine promises: "10 minutes", "A 2-minute reset".
fn stated_minutes(r: &Routine) -> Option<u64> {
    let text = format!("{} {}", r.summary, r.name);
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(n) = w.strip_suffix("-minute").and_then(|n| n.parse().ok()) {
            return Some(n);
        }
        if let Ok(n) = w.parse()
            && words
                .get(i + 1)
                .is_some_and(|next| next.starts_with("minute"))
        {
            return Some(n);
        }
    }
    None
}

fn time_matches_the_promise(r: &Routine) -> Vec<String> {
    let Some(minutes) = stated_minutes(r) else {
        return vec!["the summary does not say how long the routine takes".into()];
    };
    let stated = minutes * 60;
    let actual = secs(r.total());
    let mut problems = Vec::new();
    if actual.abs_diff(stated) * 100 > stated * 15 {
        problems.push(format!("plans {actual} s against a stated {stated} s"));
    }
    if minutes <= 2 && (actual > 135 || r.lead_in > Duration::from_secs(2)) {
        problems.push(format!(
            "a two-minute break lasts {actual} s with {} s lead-ins; keep to 135 s and 2 s",
            secs(r.lead_in)
        ));
    }
    problems
}

fn close_gently_and_point_to_moving(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    let last = &r.steps[r.steps.len() - 1];
    if !matches!(
        last.technique,
        Technique::Breathing | Technique::Rest | Technique::Stroking
    ) {
        problems.push(format!("the last step, {}, is not calm", last.name));
    }
    if secs(last.duration) < 30 {
        problems.push("the last step is under 30 s".into());
    }
    let text = guidance(last);
    if !has_any(&text, &["move", "moving", "walk"]) {
        problems.push("the last step does not point to moving".into());
    }
    if !(has_any(&text, &["get up", "stand up", "stand"]) && has_any(&text, &["slowly", "slow"])) {
        problems.push("the last step does not say to get up slowly".into());
    }
    if !has(caution(r), "weeks") && !has(&text, "weeks") {
        problems.push("nothing says to see a professional if pain lasts weeks".into());
    }
    problems
}

fn massage_goes_alongside_active_care(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    if !has_massage(r) {
        return problems;
    }
    let summary = &r.summary;
    let active = [
        "exercise",
        "physiotherapy",
        "physio",
        "staying active",
        "moving",
    ];
    if !(has(summary, "alongside") && has_any(summary, &active)) {
        problems.push(
            "the summary does not say massage goes alongside exercise and physiotherapy".into(),
        );
    }
    let everything = format!(
        "{summary}. {}",
        r.steps.iter().map(guidance).collect::<Vec<_>>().join(". ")
    );
    let hands_on: Duration = r
        .steps
        .iter()
        .filter(|s| is_hands_on(s))
        .map(|s| s.duration * s.rounds())
        .sum();
    // A minute of massage or more is a session worth warming up for.
    if hands_on > Duration::from_secs(60)
        && !has_any(&everything, &["warm shower", "heat pack", "warm bath"])
    {
        problems.push("nothing suggests warmth first (a warm shower or heat pack)".into());
    }
    problems
}

fn one_piece_of_advice_on_desk_breaks(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in &r.steps {
        for other in [
            "every hour",
            "every 20 minutes",
            "every 45 minutes",
            "hourly",
        ] {
            if has(&guidance(step), other) {
                problems.push(format!(
                    "{} says {other:?}; the library says every half hour",
                    step.name
                ));
            }
        }
    }
    problems
}

fn breathing_is_gentle(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in r.steps.iter().filter(|s| s.breath.is_some()) {
        let b = step.breath.as_ref().unwrap();
        let block = secs(step.duration) * u64::from(step.rounds());
        match b.preset {
            Some("4-7-8") => {
                if !is_breathing_only(r) {
                    problems.push(format!("{}: 4-7-8 only in breathing routines", step.name));
                }
                if block > 4 * 19 {
                    problems.push(format!("{}: over four rounds of 4-7-8", step.name));
                }
                if !has(&guidance(step), "light-headed") {
                    problems.push(format!(
                        "{} does not say what to do if light-headed",
                        step.name
                    ));
                }
            }
            Some("box") => {
                problems.push(format!("{}: box breathing holds the breath", step.name));
            }
            _ => {
                if holds_breath(step) && !is_breathing_only(r) {
                    problems.push(format!(
                        "{} holds the breath in a massage routine",
                        step.name
                    ));
                }
                if !(60..=300).contains(&block) {
                    problems.push(format!("{} lasts {block} s, not 1-5 min", step.name));
                }
            }
        }
    }
    problems
}

fn paced_steps_hold_whole_breaths(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for step in &r.steps {
        if let Some(b) = &step.breath {
            let cycle = b.cycle().as_millis();
            let length = step.duration.as_millis();
            if cycle > 0 && length % cycle != 0 {
                problems.push(format!(
                    "{} lasts {} s, not a whole number of {:.1} s breaths",
                    step.name,
                    secs(step.duration),
                    b.cycle().as_secs_f64()
                ));
            }
        }
    }
    problems
}

fn breath_holds_are_optional(r: &Routine) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, step) in r.steps.iter().enumerate() {
        if !holds_breath(step) {
            continue;
        }
        let text = guidance(step);
        if !has(&text, "optional") || !has_any(&text, &["n skips", "press n"]) {
            problems.push(format!(
                "{} holds the breath: say it is optional and that n skips it",
                step.name
            ));
        }
        let easier_before = r.steps[..i]
            .iter()
            .any(|s| s.breath.is_some() && !holds_breath(s));
        if !easier_before {
            problems.push(format!(
                "{} holds the breath before any easier breathing",
                step.name
            ));
        }
        let after = &r.steps[i + 1..];
        if after.is_empty() || after.iter().any(holds_breath) {
            problems.push(format!(
                "{} holds the breath with no easy breathing after it",
                step.name
            ));
        }
    }
    problems
}

// --- The built-ins pass -------------------------------------------------------

fn builtins() -> Vec<(&'static str, Routine)> {
    BUILTINS
        .iter()
        .map(|(id, src)| (*id, Routine::parse(id, src).unwrap()))
        .collect()
}

#[test]
fn every_builtin_passes_every_rule() {
    let routines = builtins();
    let mut failures = Vec::new();
    for rule in RULES {
        let found: Vec<String> = routines
            .iter()
            .flat_map(|(id, r)| {
                (rule.check)(r)
                    .into_iter()
                    .map(move |p| format!("  {id}: {p}"))
            })
            .collect();
        if !found.is_empty() {
            failures.push(format!(
                "{} {}: {}\n{}",
                rule.code,
                rule.name,
                rule.reason,
                found.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_code_a_name_and_a_reason() {
    for rule in RULES {
        assert!(rule.code.starts_with('G'), "{}", rule.name);
        assert!(
            !rule.name.is_empty() && rule.reason.len() > 20,
            "{}",
            rule.name
        );
    }
    let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "rule names are unique");
}

// --- Each rule catches what it is for -----------------------------------------

fn rule(name: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no rule {name:?}"))
}

/// The problems `rule` finds in a routine written as TOML.
fn problems(rule_name: &str, toml: &str) -> Vec<String> {
    let r = Routine::parse("broken.toml", toml).unwrap_or_else(|e| panic!("{e:?}"));
    (rule(rule_name).check)(&r)
}

/// A routine of an easy arrival followed by `steps` (TOML `[[steps]]` tables).
fn routine(top: &str, steps: &str) -> String {
    format!(
        r#"kneadle = 1
name = "Broken"
summary = "10 minutes with a chair."
{top}

[[steps]]
technique = "breathing"
name = "Arrive"
duration = "1m"
breath = "relax"
instructions = "Sit tall on the chair."

{steps}"#
    )
}

fn assert_catches(rule_name: &str, toml: &str, expected: &str) {
    let found = problems(rule_name, toml);
    assert!(
        found.iter().any(|p| p.contains(expected)),
        "{rule_name}: expected a problem containing {expected:?}, found {found:?}"
    );
}

fn assert_passes(rule_name: &str, toml: &str) {
    let found = problems(rule_name, toml);
    assert!(found.is_empty(), "{rule_name}: {found:?}");
}

#[test]
fn words_are_matched_whole() {
    assert!(!has("Find a comfortable position", "sit"));
    assert!(!has("quick relief", "lie"));
    assert!(has("Sit tall", "sit"));
    assert!(has("the hand's width below", "hand's width"));
}

#[test]
fn a_position_word_inside_another_word_does_not_place_the_person() {
    let toml = routine("", "").replace(
        "Sit tall on the chair.",
        "Find a comfortable position for some relief.",
    );
    assert_catches("arrive first", &toml, "whether to sit, stand or lie");
}

#[test]
fn warming_one_area_does_not_warm_another() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "stroking"
name = "Stroke the neck"
duration = "30s"
instructions = "Stroke slowly down the back of the neck with both hands."

[[steps]]
technique = "kneading"
name = "Knead the lower back"
duration = "45s"
instructions = "Thumbs either side of the spine on the lower back, in gentle circles."
cues = ["Sharp? Ease off. Breathe; stay on a tender spot, then move on"]
"#,
    );
    assert_catches("warm before deep", &toml, "works the lower back before");
}

#[test]
fn pressure_counts_its_repeats() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "stroking"
name = "Stroke"
duration = "30s"
instructions = "Stroke the upper back lightly, slowly."

[[steps]]
technique = "pressure"
name = "Ball"
duration = "50s"
repeat = 3
instructions = "A ball beside the spine at the shoulder blades; gently."
cues = ["Sharp? Step off. Breathe, then move on"]
"#,
    );
    assert_catches("pressure is dosed", &toml, "150 s per side in all");
}

#[test]
fn a_step_name_does_not_tell_anyone_to_move_on() {
    // The old check looked for "move" anywhere, the step's name included.
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "stroking"
name = "Stroke"
duration = "30s"
instructions = "Stroke the upper back lightly, slowly."

[[steps]]
technique = "pressure"
name = "Move the ball"
duration = "50s"
instructions = "A ball beside the spine at the shoulder blades; gently, breathing."
cues = ["Sharp? Step off"]
"#,
    );
    assert_catches("pressure is dosed", &toml, "move on from a tender spot");
}

#[test]
fn stretches_count_their_repeats() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "stretching"
name = "Reach"
duration = "40s"
repeat = 3
instructions = "Reach both arms up, slowly."
"#,
    );
    assert_catches("stretches are dosed and slow", &toml, "120 s per side");
}

/// The ten one-sided steps of the old built-ins, each now without `sides`:
/// the old word list caught four of them.
const OLD_ONE_SIDED: &[&str] = &[
    "Reach one hand over the opposite shoulder, palm flat on the upper back. Stroke slowly down and out across the shoulder blade, lightly.",
    "Reach one hand over the opposite shoulder. With the fingertips, knead the muscle beside the spine, along the inner edge of the shoulder blade, in slow circles.",
    "Sit tall, feet flat. Turn your chest toward the side you are working and hold the back of the chair. Turn slowly, no bouncing.",
    "Back to a wall, the ball in its sock beside the spine, level with the shoulder blade. Bend and straighten your legs to roll it slowly up and down.",
    "Stand in a doorway, forearm flat on the frame, elbow at shoulder height. Step through slowly until the chest opens; no bouncing.",
    "Reach across and place your fingers just under the skull, at the back of the neck. Stroke down the neck and over the top of the shoulder, then lift off.",
    "Reach across to the top of the opposite shoulder. Squeeze the muscle between fingers and palm, release, and work from the neck outward.",
    "Hold the chair seat with the hand on the side you stretch, then tip your head away, ear toward the other shoulder. Slow, no bouncing.",
    "Sit tall and turn your chest toward the side you are working, one hand on the chair back. Turn slowly, no bouncing.",
    "On your back, knees bent and together, feet flat. Slowly let both knees tip toward the side you are working, pause 2 s, return to the middle.",
];

#[test]
fn every_old_one_sided_step_is_seen_as_one_sided() {
    for text in OLD_ONE_SIDED {
        let toml = routine(
            "",
            &format!(
                "[[steps]]\ntechnique = \"stretching\"\nname = \"One side\"\nduration = \"30s\"\ninstructions = {text:?}\n"
            ),
        );
        assert_catches(
            "one-sided work runs on both sides",
            &toml,
            "use sides = true",
        );
    }
}

#[test]
fn the_old_two_sided_words_are_wrong_half_the_time() {
    // Old middle-back kneading: the same words for both sides, no hand named
    // relative to the side on screen.
    let toml = routine(
        "",
        &format!(
            "[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"45s\"\nsides = true\ninstructions = {:?}\n",
            OLD_ONE_SIDED[1]
        ),
    );
    assert_catches(
        "sided steps speak of the side shown",
        &toml,
        "does not say what it does on the side shown",
    );
    let named = routine(
        "",
        "[[steps]]\ntechnique = \"stretching\"\nname = \"Twist\"\nduration = \"30s\"\nsides = true\ninstructions = \"Turn toward the side shown; right hand on the left knee. Slowly.\"\n",
    );
    assert_catches(
        "sided steps speak of the side shown",
        &named,
        "names a side",
    );
}

#[test]
fn a_negated_warning_passes_and_a_plain_one_fails() {
    let step = |text: &str| {
        routine(
            "",
            &format!(
                "[[steps]]\ntechnique = \"stretching\"\nname = \"Step\"\nduration = \"30s\"\ninstructions = {text:?}\n"
            ),
        )
    };
    assert_passes(
        "nothing unsafe is asked",
        &step("Thumbs beside the spine, never on the spine. Slowly, no bouncing."),
    );
    assert_catches(
        "nothing unsafe is asked",
        &step("Press on the spine, slowly."),
        "\"on the spine\"",
    );
    // The old check looked for "bounce " only.
    assert_catches(
        "nothing unsafe is asked",
        &step("Reach down, bouncing gently."),
        "\"bouncing\"",
    );
}

#[test]
fn the_old_lower_back_kneading_reaches_the_kidney_area() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "kneading"
name = "Knead beside the lower spine"
duration = "1m"
instructions = "Hands on your hips, thumbs behind on the thick muscles beside the spine. Press gently in slow circles, working up and down below the ribs."
"#,
    );
    assert_catches("nothing unsafe is asked", &toml, "kidney area");
}

#[test]
fn the_old_middle_back_kneading_asks_for_a_place_the_hand_cannot_reach() {
    let toml = routine(
        "",
        &format!(
            "[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"45s\"\nsides = true\ninstructions = {:?}\n",
            OLD_ONE_SIDED[1]
        ),
    );
    assert_catches(
        "a hand reaches what it is asked to",
        &toml,
        "a place it cannot reach",
    );
}

#[test]
fn the_old_desk_chest_opener_pulls_on_the_head() {
    let toml = routine(
        "",
        "[[steps]]\ntechnique = \"stretching\"\nname = \"Chest opener\"\nduration = \"15s\"\ninstructions = \"Lace your fingers behind your head, elbows wide. Lift the chest and ease the elbows back. Slow, no bouncing.\"\n",
    );
    assert_catches("nothing unsafe is asked", &toml, "\"behind your head\"");
}

#[test]
fn a_summary_without_the_wall_misses_the_wall() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "pressure"
name = "Ball at a wall"
duration = "1m"
instructions = "Back to a wall, a ball in a sock beside the spine."
"#,
    );
    assert_catches("the summary names the equipment", &toml, "needs a wall");
    assert_catches("the summary names the equipment", &toml, "needs a ball");
}

#[test]
fn the_old_lower_back_gives_ten_seconds_to_get_down_to_the_floor() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "stretching"
name = "Stand"
duration = "30s"
instructions = "Stand tall and reach up slowly."

[[steps]]
technique = "stretching"
name = "Pelvic tilts"
duration = "40s"
lead_in = "10s"
instructions = "Lie on your back on the mat, legs bent, feet flat. Slowly."
"#,
    );
    assert_catches(
        "moving somewhere gets time",
        &toml,
        "gives 10 s to get down to the floor",
    );
}

#[test]
fn the_old_set_up_cues_came_too_late() {
    let toml = routine(
        "",
        r#"
[[steps]]
technique = "kneading"
name = "Knead"
duration = "45s"
instructions = "Knead the shoulder."
cues = [{ at = "36s", text = "Prop the reaching elbow with your free hand" }]
"#,
    );
    assert_catches("set-up comes at the start", &toml, "36 s into the step");
}

/// The shared caution of the old built-ins (middle-back's).
const OLD_CAUTION: &str = "Not a substitute for medical care: self-massage may ease tension for a while and works best alongside staying active and other care. Stop if you feel sharp or spreading pain, numbness, tingling, weakness or dizziness; pain that is sharp, spreading or lasting is for a health professional. Get urgent help for back pain with chest pain or breathlessness, fever, unexplained weight loss, a change in bladder or bowel control, numbness in the saddle area or both legs, after a fall or accident, and for new, severe or constant pain between the shoulder blades. Ask a professional first if you are pregnant, take blood thinners, or have osteoporosis, cancer, or a recent injury or surgery. See one if pain lasts more than a few weeks. Keep the ball beside the spine, never on it. Skip the doorway stretch if a shoulder has ever dislocated or is frozen.";

#[test]
fn the_old_caution_is_too_long_and_does_not_start_with_stopping() {
    let toml = routine(&format!("caution = {OLD_CAUTION:?}"), "");
    assert_catches(
        "the caution is read in the time it shows",
        &toml,
        "146 words",
    );
    assert_catches(
        "the caution starts with when to stop",
        &toml,
        "first sentence does not say stop",
    );
}

#[test]
fn the_old_caution_misses_night_pain() {
    let toml = routine(
        &format!("areas = [\"middle-back\"]\ncaution = {OLD_CAUTION:?}"),
        "",
    );
    assert_catches(
        "the caution names the red flags of what is worked",
        &toml,
        "night pain",
    );
}

#[test]
fn a_caution_without_the_serious_signs_is_caught() {
    // Each flag the old check let through: weakness, dizziness, saddle
    // numbness, falls, cancer, surgery.
    let caution = "Stop if you feel sharp pain, numbness or tingling. Get urgent help for back pain with chest pain or breathlessness, fever, weight loss, night pain, bladder change, or new pain between the shoulder blades. Ask first if pregnant, on blood thinners or with osteoporosis.";
    let toml = routine(
        &format!("areas = [\"middle-back\"]\ncaution = {caution:?}"),
        "[[steps]]\ntechnique = \"kneading\"\nname = \"Knead\"\nduration = \"30s\"\ninstructions = \"Knead the shoulder.\"\n",
    );
    for missing in ["saddle numbness", "a fall", "cancer", "surgery"] {
        assert_catches(
            "the caution names the red flags of what is worked",
            &toml,
            missing,
        );
    }
    for missing in ["weakness", "dizziness"] {
        assert_catches("the caution starts with when to stop", &toml, missing);
    }
}

#[test]
fn the_neck_caution_names_the_necks_own_signs() {
    let caution = "Stop for sharp pain, numbness, tingling, weakness or dizziness. Ask first if pregnant, on blood thinners, or with osteoporosis, cancer or recent surgery.";
    let toml = routine(&format!("areas = [\"neck\"]\ncaution = {caution:?}"), "");
    for missing in [
        "headache",
        "double vision",
        "slurred speech",
        "swallowing",
        "in an arm",
    ] {
        assert_catches(
            "the caution names the red flags of what is worked",
            &toml,
            missing,
        );
    }
}

#[test]
fn the_old_wind_down_names_bladder_flags_for_breathing() {
    let caution = "Stop and breathe normally if you feel light-headed, dizzy, numb or tingling. Get urgent help for back pain with a change in bladder or bowel control, numbness in the saddle area.";
    let toml = routine(
        &format!("areas = [\"whole-body\"]\ncaution = {caution:?}"),
        "",
    );
    assert_catches(
        "the caution names no flags that do not apply",
        &toml,
        "\"bladder\"",
    );
}

#[test]
fn the_last_step_must_say_to_get_up_slowly() {
    // Old neck-shoulders: "move" and "walk", but nothing on getting up.
    let toml = routine(
        "",
        "[[steps]]\ntechnique = \"breathing\"\nname = \"Close, then move\"\nduration = \"66s\"\nbreath = \"coherent\"\ninstructions = \"Sit back and breathe evenly with the pacer. Afterwards, move: look away from the screen and walk a little every hour.\"\n",
    );
    assert_catches("close gently and point to moving", &toml, "get up slowly");
    assert_catches(
        "one piece of advice on desk breaks",
        &toml,
        "\"every hour\"",
    );
}

#[test]
fn a_massage_summary_names_active_care_and_warmth() {
    let toml = routine(
        "",
        "[[steps]]\ntechnique = \"stroking\"\nname = \"Stroke\"\nduration = \"70s\"\ninstructions = \"Stroke the shoulders slowly.\"\n",
    );
    assert_catches(
        "massage goes alongside active care",
        &toml,
        "alongside exercise",
    );
    assert_catches("massage goes alongside active care", &toml, "warmth first");
}

#[test]
fn the_old_sighs_stop_mid_breath() {
    // A sigh is 9 s: one minute ends two thirds of the way through a breath.
    let toml = routine(
        "",
        "[[steps]]\ntechnique = \"breathing\"\nname = \"Sighs\"\nduration = \"1m\"\nbreath = \"sigh\"\ninstructions = \"Breathe in, top up, let it go.\"\n",
    );
    assert_catches(
        "a paced step holds whole breaths",
        &toml,
        "not a whole number of 9.0 s breaths",
    );
}

#[test]
fn the_old_four_seven_eight_is_neither_optional_nor_followed_by_easier_breathing() {
    let toml = routine(
        "",
        "[[steps]]\ntechnique = \"breathing\"\nname = \"4-7-8\"\nduration = \"76s\"\nbreath = \"4-7-8\"\ninstructions = \"Sit or lie down; go back to normal breathing if light-headed.\"\n",
    );
    assert_catches(
        "breath holds are optional and come after easier breathing",
        &toml,
        "say it is optional and that n skips it",
    );
    assert_catches(
        "breath holds are optional and come after easier breathing",
        &toml,
        "no easy breathing after it",
    );
}
