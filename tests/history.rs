//! The history as a user meets it: sessions appended whole and never
//! rewritten, however many end at once, and `kneadle history`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use jiff::ZonedDateTime;
use kneadle::store::history::{self, Ending, Record};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{RoutineText, Sandbox};

fn record(
    routine: &str,
    name: &str,
    start: ZonedDateTime,
    practised: u64,
    ending: Ending,
) -> Record {
    Record {
        routine: routine.into(),
        name: name.into(),
        hash: kneadle::store::library::hash_text(routine),
        start,
        planned_secs: 300,
        practised_secs: practised,
        steps_completed: 2,
        ending,
    }
}

/// Now in UTC, the time zone the sandbox gives kneadle.
fn now() -> ZonedDateTime {
    jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC)
}

#[test]
fn append_creates_the_folder_and_writes_one_line() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("deep/state/history.jsonl");
    history::append(&path, &record("a", "A", now(), 60, Ending::Completed)).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(text.ends_with('\n'));
    let back: Record = serde_json::from_str(text.trim_end()).unwrap();
    assert_eq!(back.routine, "a");
}

#[cfg(unix)]
#[test]
fn the_file_is_never_rewritten() {
    use std::os::unix::fs::MetadataExt;
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("history.jsonl");
    history::append(&path, &record("a", "A", now(), 60, Ending::Completed)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    history::append(&path, &record("b", "B", now(), 60, Ending::Stopped)).unwrap();
    let after = std::fs::read(&path).unwrap();
    assert_eq!(after.get(..before.len()), Some(&before[..]));
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), inode);
    assert_eq!(String::from_utf8(after).unwrap().lines().count(), 2);
}

#[test]
fn a_half_written_last_line_does_not_swallow_the_next_record() {
    let sandbox = Sandbox::new();
    let path = sandbox.path().join("history.jsonl");
    std::fs::write(&path, "{\"routine\":\"cut off by a cra").unwrap();
    history::append(&path, &record("a", "A", now(), 60, Ending::Completed)).unwrap();
    let summary = history::read(&path, now().date()).unwrap();
    assert_eq!((summary.sessions, summary.damaged), (1, 1));
}

#[test]
fn eight_writers_at_once_are_all_recorded_whole() {
    let sandbox = Sandbox::new();
    let path = sandbox.history_file();
    // Long names make a line far larger than one small write, so a line
    // written in pieces would show.
    let threads: Vec<_> = (0..8)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                for i in 0..40 {
                    let name = format!("{w}-{i}-").repeat(2000);
                    let r = record(&format!("w{w}"), &name, now(), 60, Ending::Completed);
                    history::append(&path, &r).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let mut per_writer = [0; 8];
    for line in text.lines() {
        let r: Record = serde_json::from_str(line).unwrap();
        let w: usize = r.routine.trim_start_matches('w').parse().unwrap();
        let (first, _) = r.name.split_once('-').unwrap();
        assert_eq!(first, w.to_string(), "a line holds one writer's record");
        per_writer[w] += 1;
    }
    assert_eq!(per_writer, [40; 8]);
}

#[test]
fn kneadle_history_shows_recent_sessions_the_week_the_streak_and_each_routine() {
    let sandbox = Sandbox::new();
    let path = sandbox.history_file();
    let today = now();
    let yesterday = today.yesterday().unwrap();
    history::append(
        &path,
        &record(
            "desk-break",
            "Desk break",
            yesterday.clone(),
            120,
            Ending::Completed,
        ),
    )
    .unwrap();
    history::append(
        &path,
        &record(
            "middle-back",
            "Middle \u{1b}[2Jback",
            today.clone(),
            300,
            Ending::Stopped,
        ),
    )
    .unwrap();
    history::append(
        &path,
        &record(
            "desk-break",
            "Desk break",
            today.clone(),
            60,
            Ending::Completed,
        ),
    )
    .unwrap();

    let out = sandbox.kneadle().arg("history").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(!out.stdout.contains(&0x1b), "names are sanitized");
    let text = String::from_utf8(out.stdout).unwrap();
    let recent: Vec<_> = text.lines().skip(1).take(3).collect();
    assert!(
        recent[0].contains("Desk break (desk-break)  1:00 of 5:00  completed"),
        "{text}"
    );
    assert!(
        recent[1].contains("(middle-back)  5:00 of 5:00  stopped"),
        "{text}"
    );
    assert!(
        recent[2].starts_with(&format!("  {}", yesterday.strftime("%Y-%m-%d"))),
        "{text}"
    );
    assert!(text.contains("Streak: 2 days"), "{text}");
    assert!(
        text.contains("Desk break (desk-break): 2 sessions, 2 completed"),
        "{text}"
    );
    // Yesterday counts this week unless today is a Monday.
    let week = if today.weekday() == jiff::civil::Weekday::Monday {
        6
    } else {
        8
    };
    assert!(text.contains(&format!("): {week} min")), "{text}");

    let out = sandbox
        .kneadle()
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&0x1b));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sessions"], 3);
    assert_eq!(doc["streak_days"], 2);
    assert_eq!(doc["week_minutes"], week);
    assert_eq!(doc["recent"][0]["routine"], "desk-break");
    assert_eq!(doc["recent"][1]["ending"], "stopped");
    assert_eq!(doc["routines"][0]["routine"], "desk-break");
    assert_eq!(doc["routines"][0]["sessions"], 2);
}

#[test]
fn a_damaged_line_gives_one_warning_and_the_rest_is_shown() {
    let sandbox = Sandbox::new();
    let path = sandbox.history_file();
    history::append(&path, &record("a", "A", now(), 60, Ending::Completed)).unwrap();
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("not a record\n{\"also\": \"not\"}\n");
    std::fs::write(&path, &text).unwrap();
    history::append(&path, &record("b", "B", now(), 60, Ending::Completed)).unwrap();

    let out = sandbox.kneadle().arg("history").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("skipped 2 damaged lines"), "{err}");
    assert!(err.contains("the first is line 2"), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("A (a)") && text.contains("B (b)"), "{text}");
}

#[test]
fn no_history_yet_is_not_an_error() {
    let sandbox = Sandbox::new();
    let out = sandbox.kneadle().arg("history").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No sessions recorded yet"));
    let out = sandbox
        .kneadle()
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["sessions"], 0);
}

/// Another program holding the history's lock, as `flock FILE sleep 30`
/// would: an exclusive flock, held until dropped.
#[cfg(unix)]
fn hold_lock(path: &Path) -> std::fs::File {
    use rustix::fs::{FlockOperation, flock};
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    flock(&file, FlockOperation::LockExclusive).unwrap();
    file
}

/// Runs `cmd`, failing the test if it is still going after `limit`
/// (a hang fails instead of stalling the suite), and how long it took.
#[cfg(unix)]
fn output_within(
    cmd: &mut std::process::Command,
    limit: Duration,
) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = support::output_within(cmd, limit);
    (out, started.elapsed())
}

#[cfg(unix)]
#[test]
fn kneadle_history_reads_a_history_held_locked_after_a_short_wait_and_says_so() {
    let sandbox = Sandbox::new();
    let path = sandbox.history_file();
    history::append(&path, &record("a", "A", now(), 60, Ending::Completed)).unwrap();
    let _held = hold_lock(&path);
    let (out, took) = output_within(
        sandbox.command().arg("history"),
        history::LOCK_WAIT + Duration::from_secs(5),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        took >= history::LOCK_WAIT,
        "it tried the lock first: {took:?}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("warning: ")
            && err.contains(
                "another program held it locked for 2 s, so it was read without the lock"
            ),
        "{err}"
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("A (a)"));
}

/// Ten steps of one second: long enough to be recorded, with no lead-in.
fn ten_steps() -> String {
    RoutineText::new("Ten quick steps")
        .lead_in("0s")
        .step("kneading", "Knead", "1s")
        .repeat(10)
        .build()
}

#[cfg(unix)]
#[test]
fn a_plain_run_never_waits_on_a_history_held_locked_and_says_it_was_not_recorded() {
    let sandbox = Sandbox::new();
    sandbox.write("ten.toml", ten_steps());
    let path = sandbox.history_file();
    history::append(&path, &record("b", "B", now(), 60, Ending::Completed)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let _held = hold_lock(&path);
    let (out, took) = output_within(
        sandbox.command().args(["run", "--plain", "./ten.toml"]),
        Duration::from_secs(10)
            + history::LOCK_WAIT
            + history::WRITE_GRACE
            + Duration::from_secs(5),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with(" 0:00  Ten quick steps"),
        "{text}"
    );
    assert!(text.contains(" 0:09  Knead"), "the run kept time: {text}");
    assert!(
        took < Duration::from_secs(10)
            + history::LOCK_WAIT
            + history::WRITE_GRACE
            + Duration::from_secs(2),
        "{took:?}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("another program held the history locked for 2 s, so this session was not recorded [cannot-write]"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the history is untouched"
    );
}
