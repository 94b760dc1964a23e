use super::*;
use crate::store::library::hash_text;
use jiff::civil::Date;
use jiff::civil::date;
use jiff::tz::{Offset, TimeZone};
use std::io;
use std::path::Path;
use summary::next_line;

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

/// A file on a disk with room for `room` bytes: writes past it fail the
/// way a full disk does, after writing what fits.
struct FillingDisk {
    file: io::Cursor<Vec<u8>>,
    room: usize,
    cut_fails: bool,
}

impl FillingDisk {
    fn holding(text: &str, room: usize) -> Self {
        let mut file = io::Cursor::new(text.as_bytes().to_vec());
        file.set_position(text.len() as u64);
        Self {
            file,
            room,
            cut_fails: false,
        }
    }

    fn text(&self) -> String {
        String::from_utf8(self.file.get_ref().clone()).unwrap()
    }
}

impl io::Read for FillingDisk {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

impl io::Seek for FillingDisk {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        self.file.seek(to)
    }
}

impl io::Write for FillingDisk {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let free = self.room.saturating_sub(self.file.get_ref().len());
        if free == 0 {
            return Err(io::Error::from(io::ErrorKind::StorageFull));
        }
        self.file.write(&buf[..buf.len().min(free)])
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl file::Log for FillingDisk {
    fn cut(&mut self, len: u64) -> io::Result<()> {
        if self.cut_fails {
            return Err(io::Error::from(io::ErrorKind::PermissionDenied));
        }
        self.file.get_mut().truncate(len as usize);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn one_line(routine: &str) -> String {
    lines(&[record(
        routine,
        at(date(2026, 5, 1), 9),
        60,
        Ending::Completed,
    )])
}

#[test]
fn an_append_that_fills_the_disk_is_cut_back_to_where_it_began() {
    let before = one_line("a");
    let line = one_line("b");
    // Room for half the new line: the write starts, then fails.
    let mut disk = FillingDisk::holding(&before, before.len() + line.len() / 2);
    let result = file::append_line(&mut disk, &line);
    assert!(
        matches!(&result, Err(file::Unwritten::Failed(e)) if e.kind() == io::ErrorKind::StorageFull),
        "{result:?}"
    );
    assert_eq!(disk.text(), before, "no torn line is left");
    // With room again, the next append is a line of its own.
    disk.room = usize::MAX;
    file::append_line(&mut disk, &line).unwrap();
    let s = summarize(disk.text().as_bytes(), date(2026, 5, 1)).unwrap();
    assert_eq!((s.sessions, s.damaged), (2, 0));
}

#[test]
fn an_append_that_cannot_cut_back_says_a_torn_line_may_be_left() {
    let before = one_line("a");
    let line = one_line("b");
    let mut disk = FillingDisk::holding(&before, before.len() + 10);
    disk.cut_fails = true;
    let result = file::append_line(&mut disk, &line);
    assert!(
        matches!(result, Err(file::Unwritten::Torn { .. })),
        "{result:?}"
    );
}

#[test]
fn an_append_after_a_half_line_starts_a_line_of_its_own() {
    let mut disk = FillingDisk::holding("{\"routine\":\"cut off", usize::MAX);
    file::append_line(&mut disk, &one_line("b")).unwrap();
    let s = summarize(disk.text().as_bytes(), date(2026, 5, 1)).unwrap();
    assert_eq!((s.sessions, s.damaged), (1, 1));
}

/// Another program's hold on the history: an exclusive lock through a
/// file description of its own, as a second process would have.
fn hold_lock(path: &Path) -> std::fs::File {
    let holder = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    holder.lock().unwrap();
    holder
}

fn ended_after(practised: u64) -> Vec<crate::guide::Event> {
    use crate::guide::{Event, Outcome};
    let practised = Duration::from_secs(practised);
    vec![
        Event::RoutineStarted {
            at: Duration::ZERO,
            name: "Neck".into(),
            planned: practised,
        },
        Event::Finished {
            at: practised,
            outcome: Outcome {
                practised,
                planned: practised,
                steps_completed: 2,
                steps: 2,
                completed: true,
            },
        },
    ]
}

#[test]
fn a_journal_never_waits_for_a_locked_history_and_says_it_gave_up() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("history.jsonl");
    let holder = hold_lock(&path);
    let mut journal = Journal::at(
        Some(path.clone()),
        "neck".into(),
        "Neck".into(),
        hash_text("x"),
    );
    let asked = std::time::Instant::now();
    assert!(journal.hear(&ended_after(60)).is_none());
    assert!(
        asked.elapsed() < Duration::from_millis(200),
        "hearing the end took {:?}",
        asked.elapsed()
    );
    let reports = journal.settle();
    let waited = asked.elapsed();
    assert!(
        waited >= LOCK_WAIT && waited < LOCK_WAIT + WRITE_GRACE + Duration::from_secs(1),
        "gave up after {waited:?}"
    );
    assert_eq!(reports.len(), 1);
    let problem = &reports[0].problems[0];
    assert_eq!(problem.code, crate::routine::Code::CannotWrite);
    assert!(problem.message.contains("locked"), "{}", problem.message);
    assert!(
        problem.message.contains("not recorded"),
        "{}",
        problem.message
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"", "nothing was written");
    drop(holder);
}

#[test]
fn a_journal_records_on_its_thread_and_a_replacing_journal_waits_for_it() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("history.jsonl");
    let journal = |id: &str| Journal::at(Some(path.clone()), id.into(), id.into(), hash_text(id));
    let mut first = journal("first");
    assert!(first.hear(&ended_after(60)).is_none());
    let mut second = journal("second").after(Some(first));
    assert!(second.hear(&ended_after(30)).is_none());
    assert!(second.settle().is_empty());
    let s = read(&path, ZonedDateTime::now().date()).unwrap();
    assert_eq!(s.sessions, 2);
    let mut ids: Vec<_> = s.recent.iter().map(|r| r.routine.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["first", "second"]);
}

#[test]
fn a_short_session_is_not_recorded_at_all() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("history.jsonl");
    let mut journal = Journal::at(Some(path.clone()), "a".into(), "A".into(), hash_text("a"));
    assert!(journal.hear(&ended_after(3)).is_none());
    assert!(journal.settle().is_empty());
    assert!(!path.exists());
}

#[test]
fn reading_a_history_held_locked_goes_ahead_after_the_wait_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("history.jsonl");
    std::fs::write(&path, one_line("a")).unwrap();
    let holder = hold_lock(&path);
    let asked = std::time::Instant::now();
    let s = read(&path, date(2026, 5, 1)).unwrap();
    let waited = asked.elapsed();
    assert!(
        waited >= LOCK_WAIT && waited < LOCK_WAIT + Duration::from_secs(1),
        "{waited:?}"
    );
    assert_eq!(s.sessions, 1);
    assert!(s.unlocked);
    let warning = s.warning(Path::new("h.jsonl")).unwrap();
    assert!(warning.contains("read without the lock"), "{warning}");
    // A run asks whether a routine was followed before without waiting.
    let asked = std::time::Instant::now();
    let s = file::read_within(&path, date(2026, 5, 1), Duration::ZERO).unwrap();
    assert!(asked.elapsed() < Duration::from_millis(200));
    assert_eq!(s.sessions, 1);
    drop(holder);
}
