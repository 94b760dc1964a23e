use super::*;
use jiff::civil::date;
use jiff::tz::{Offset, TimeZone};

fn at(day: Date, hour: i8) -> ZonedDateTime {
    day.at(hour, 0, 0, 0)
        .to_zoned_datetime(TimeZone::fixed(Offset::constant(2)))
        .unwrap()
}

fn record(routine: &str, start: ZonedDateTime, practised: u64, ending: Ending) -> Record {
    Record {
        routine: routine.into(),
        name: format!("The {routine}"),
        hash: hash_text(routine),
        start,
        planned_secs: 300,
        practised_secs: practised,
        steps_completed: 3,
        ending,
    }
}

fn lines(records: &[Record]) -> String {
    records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect()
}

#[test]
fn a_record_is_one_line_with_the_local_start_and_its_offset() {
    let r = record(
        "middle-back",
        at(date(2026, 5, 4), 7),
        290,
        Ending::Completed,
    );
    let line = serde_json::to_string(&r).unwrap();
    assert!(!line.contains('\n'));
    assert!(
        line.contains(r#""start":"2026-05-04T07:00:00+02:00""#),
        "{line}"
    );
    assert!(line.contains(r#""ending":"completed""#), "{line}");
    let back: Record = serde_json::from_str(&line).unwrap();
    assert_eq!(back.start.date(), date(2026, 5, 4));
    assert_eq!(back.start.offset(), Offset::constant(2));
    assert_eq!(back.routine, "middle-back");
}

#[test]
fn only_sessions_of_ten_seconds_or_more_are_recorded() {
    assert!(!should_record(Duration::from_millis(9_999)));
    assert!(should_record(Duration::from_secs(10)));
}

#[test]
fn the_hash_tells_two_versions_of_a_file_apart() {
    assert_eq!(hash_text("a"), hash_text("a"));
    assert_ne!(hash_text("a"), hash_text("b"));
    assert!(hash_text("a").starts_with("xxh3:"));
}

#[test]
fn streak_week_and_routines_are_counted_to_the_given_day() {
    // Thursday 2026-05-07; the week began on Monday the 4th.
    let today = date(2026, 5, 7);
    let text = lines(&[
        record("old", at(date(2026, 4, 30), 9), 600, Ending::Completed),
        record(
            "desk-break",
            at(date(2026, 5, 3), 9),
            120,
            Ending::Completed,
        ),
        record("desk-break", at(date(2026, 5, 5), 9), 120, Ending::Stopped),
        record(
            "middle-back",
            at(date(2026, 5, 6), 9),
            300,
            Ending::Completed,
        ),
        record(
            "desk-break",
            at(date(2026, 5, 6), 18),
            60,
            Ending::Completed,
        ),
    ]);
    let s = summarize(text.as_bytes(), today).unwrap();
    assert_eq!(s.sessions, 5);
    assert_eq!(s.week_start(), date(2026, 5, 4));
    assert_eq!(s.week_secs, 480, "the 5th and the 6th, not the 3rd");
    assert_eq!(s.streak(), 2, "yesterday and the day before; today not yet");
    let counts: Vec<_> = s
        .routines()
        .iter()
        .map(|c| (c.routine.as_str(), c.sessions, c.completed))
        .collect();
    assert_eq!(
        counts,
        [("desk-break", 3, 2), ("middle-back", 1, 1), ("old", 1, 1)]
    );
    // A session today extends it; a gap of a day ends it.
    let mut s = s;
    s.add(record("x", at(today, 8), 60, Ending::Completed));
    assert_eq!(s.streak(), 3);
    let later = summarize(text.as_bytes(), date(2026, 5, 9)).unwrap();
    assert_eq!(later.streak(), 0);
}

#[test]
fn a_damaged_line_is_skipped_and_counted_and_the_rest_are_read() {
    let good = lines(&[record("a", at(date(2026, 5, 1), 9), 60, Ending::Completed)]);
    let text = format!("{good}{{\"routine\": \"half\n\nnot json\n{good}{{\"routine\":");
    let s = summarize(text.as_bytes(), date(2026, 5, 1)).unwrap();
    assert_eq!(s.sessions, 2);
    assert_eq!(s.damaged, 3);
    assert_eq!(s.first_damaged, Some(2));
    let warning = s.warning(Path::new("h.jsonl")).unwrap();
    assert!(warning.contains("3 damaged lines"), "{warning}");
}

#[test]
fn a_line_too_long_to_keep_is_damaged_and_memory_stays_bounded() {
    let good = lines(&[record("a", at(date(2026, 5, 1), 9), 60, Ending::Completed)]);
    let huge = format!("{{\"name\":\"{}\"}}\n", "x".repeat(MAX_LINE * 3));
    let text = format!("{huge}{good}");
    let mut reader = io::BufReader::with_capacity(4096, text.as_bytes());
    let mut line = Vec::new();
    assert_eq!(next_line(&mut reader, &mut line).unwrap(), Some(false));
    assert!(line.len() <= MAX_LINE);
    let s = summarize(text.as_bytes(), date(2026, 5, 1)).unwrap();
    assert_eq!((s.sessions, s.damaged), (1, 1));
}

#[test]
fn only_the_last_sessions_are_kept_as_recent() {
    let day = date(2026, 5, 1);
    let all: Vec<_> = (0..25)
        .map(|i| record(&format!("r{i}"), at(day, 9), 60, Ending::Completed))
        .collect();
    let s = summarize(lines(&all).as_bytes(), day).unwrap();
    assert_eq!(s.recent.len(), RECENT);
    assert_eq!(s.recent.back().unwrap().routine, "r24");
    assert_eq!(s.sessions, 25);
}
