//! What `kneadle history` shows: recent sessions, this week, the streak of
//! days and each routine, streamed from the file with bounded memory.

use super::{Ending, LOCK_WAIT, MIN_PRACTISED, Record};
use crate::text::sanitize;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{self, BufRead, Write};
use std::path::Path;
use std::time::Duration;

/// Sessions listed as recent.
pub const RECENT: usize = 10;
/// Routines counted one by one; more are counted together.
pub const MAX_ROUTINES: usize = 1000;
/// A line longer than this is damaged, not read.
pub const MAX_LINE: usize = 64 * 1024;
/// Days kept to find the streak: a streak longer than this is reported
/// as this long.
pub const MAX_STREAK_DAYS: i64 = 100 * 366;

/// How often one routine was practised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutineCount {
    pub routine: String,
    /// The name it had the last time.
    pub name: String,
    pub sessions: u64,
    pub completed: u64,
    pub practised_secs: u64,
}

/// What `kneadle history` shows, built one line at a time.
#[derive(Debug, Clone)]
pub struct Summary {
    today: Date,
    week_start: Date,
    oldest_day: Date,
    pub sessions: u64,
    /// The last [`RECENT`] sessions, oldest first.
    pub recent: VecDeque<Record>,
    pub week_secs: u64,
    days: BTreeSet<Date>,
    routines: BTreeMap<String, RoutineCount>,
    /// Sessions of routines past [`MAX_ROUTINES`].
    pub other_sessions: u64,
    /// Lines that could not be read, and the first of them (1-based).
    pub damaged: u64,
    pub first_damaged: Option<u64>,
    /// Read without the lock: another program held it past [`LOCK_WAIT`].
    pub unlocked: bool,
}

impl Summary {
    /// An empty summary; `today` is the local date the week and the streak
    /// are counted to.
    pub fn new(today: Date) -> Self {
        let back = |days: i64| {
            today
                .checked_sub(jiff::Span::new().days(days))
                .unwrap_or(Date::MIN)
        };
        Self {
            today,
            week_start: back(i64::from(today.weekday().to_monday_zero_offset())),
            oldest_day: back(MAX_STREAK_DAYS),
            sessions: 0,
            recent: VecDeque::new(),
            week_secs: 0,
            days: BTreeSet::new(),
            routines: BTreeMap::new(),
            other_sessions: 0,
            damaged: 0,
            first_damaged: None,
            unlocked: false,
        }
    }

    pub fn add(&mut self, record: Record) {
        self.sessions += 1;
        let day = record.start.date();
        if (self.week_start..=self.today).contains(&day) {
            self.week_secs = self.week_secs.saturating_add(record.practised_secs);
        }
        if (self.oldest_day..=self.today).contains(&day) {
            self.days.insert(day);
        }
        let known = self.routines.len() < MAX_ROUTINES;
        match self.routines.get_mut(&record.routine) {
            Some(count) => count.add(&record),
            None if known => {
                let mut count = RoutineCount {
                    routine: record.routine.clone(),
                    name: String::new(),
                    sessions: 0,
                    completed: 0,
                    practised_secs: 0,
                };
                count.add(&record);
                self.routines.insert(record.routine.clone(), count);
            }
            None => self.other_sessions += 1,
        }
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back(record);
    }

    fn damaged_line(&mut self, number: u64) {
        self.damaged += 1;
        self.first_damaged.get_or_insert(number);
    }

    /// Consecutive days with a session, ending today, or yesterday when
    /// today has none yet.
    pub fn streak(&self) -> u64 {
        let mut day = self.today;
        if !self.days.contains(&day) {
            match day.yesterday() {
                Ok(y) => day = y,
                Err(_) => return 0,
            }
        }
        let mut streak = 0;
        while self.days.contains(&day) {
            streak += 1;
            match day.yesterday() {
                Ok(y) => day = y,
                Err(_) => break,
            }
        }
        streak
    }

    /// Per routine, most practised first.
    pub fn routines(&self) -> Vec<&RoutineCount> {
        let mut all: Vec<_> = self.routines.values().collect();
        all.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.routine.cmp(&b.routine)));
        all
    }

    /// The first day of this week (Monday).
    pub fn week_start(&self) -> Date {
        self.week_start
    }
}

impl RoutineCount {
    fn add(&mut self, record: &Record) {
        self.sessions += 1;
        self.completed += u64::from(record.ending == Ending::Completed);
        self.practised_secs = self.practised_secs.saturating_add(record.practised_secs);
        self.name.clone_from(&record.name);
    }
}

/// Reads history lines into a summary counted to `today`. A line that
/// cannot be read (a crash's half line, an edit) is skipped and counted.
pub fn summarize(mut reader: impl BufRead, today: Date) -> io::Result<Summary> {
    let mut summary = Summary::new(today);
    let mut line = Vec::new();
    let mut number = 0;
    while let Some(whole) = next_line(&mut reader, &mut line)? {
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) && whole {
            continue;
        }
        match whole
            .then(|| serde_json::from_slice::<Record>(&line).ok())
            .flatten()
        {
            Some(record) => summary.add(record),
            None => summary.damaged_line(number),
        }
    }
    Ok(summary)
}

/// Reads the next line into `line`, keeping at most [`MAX_LINE`] bytes of
/// it. `None` at the end; `Some(false)` for a line too long to be whole.
pub(super) fn next_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<bool>> {
    line.clear();
    let mut seen = false;
    let mut whole = true;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(seen.then_some(whole));
        }
        seen = true;
        let (part, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (buf.get(..i).unwrap_or_default(), Some(i + 1)),
            None => (buf, None),
        };
        if line.len() + part.len() <= MAX_LINE {
            line.extend_from_slice(part);
        } else {
            whole = false;
        }
        let used = done.unwrap_or(buf.len());
        reader.consume(used);
        if done.is_some() {
            return Ok(Some(whole));
        }
    }
}

/// How long, for people: `4:30`.
fn clock(secs: u64) -> String {
    crate::duration::clock(Duration::from_secs(secs))
}

impl Summary {
    /// What `kneadle history` prints. Everything from the file is
    /// sanitized.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.sessions == 0 {
            return writeln!(
                out,
                "No sessions recorded yet: a routine practised for at least {} s is recorded.",
                MIN_PRACTISED.as_secs()
            );
        }
        writeln!(out, "Recent sessions:")?;
        for r in self.recent.iter().rev() {
            let when = r.start.strftime("%Y-%m-%d %H:%M").to_string();
            let ending = match r.ending {
                Ending::Completed => "completed",
                Ending::Stopped => "stopped",
            };
            writeln!(
                out,
                "  {when}  {} ({})  {} of {}  {ending}",
                sanitize(&r.name),
                sanitize(&r.routine),
                clock(r.practised_secs),
                clock(r.planned_secs),
            )?;
        }
        writeln!(
            out,
            "\nThis week (since Monday {}): {} min",
            self.week_start,
            self.week_secs / 60
        )?;
        let streak = self.streak();
        writeln!(
            out,
            "Streak: {streak} {}",
            if streak == 1 { "day" } else { "days" }
        )?;
        writeln!(out, "\nBy routine:")?;
        for c in self.routines() {
            writeln!(
                out,
                "  {} ({}): {}, {} completed, {} min",
                sanitize(&c.name),
                sanitize(&c.routine),
                crate::text::count(usize::try_from(c.sessions).unwrap_or(usize::MAX), "session"),
                c.completed,
                c.practised_secs / 60
            )?;
        }
        if self.other_sessions > 0 {
            writeln!(
                out,
                "  and {} sessions of other routines",
                self.other_sessions
            )?;
        }
        Ok(())
    }

    /// The same as one JSON document, for scripts. Text from the file is
    /// sanitized here too: a script may well print it.
    pub fn to_json(&self) -> serde_json::Value {
        let clean = |s: &str| sanitize(s).into_owned();
        let recent: Vec<_> = self
            .recent
            .iter()
            .rev()
            .map(|r| {
                let mut r = r.clone();
                r.routine = clean(&r.routine);
                r.name = clean(&r.name);
                r.hash = clean(&r.hash);
                r
            })
            .collect();
        let routines: Vec<_> = self
            .routines()
            .into_iter()
            .map(|c| RoutineCount {
                routine: clean(&c.routine),
                name: clean(&c.name),
                ..c.clone()
            })
            .collect();
        serde_json::json!({
            "sessions": self.sessions,
            "recent": recent,
            "week_start": self.week_start.to_string(),
            "week_seconds": self.week_secs,
            "week_minutes": self.week_secs / 60,
            "streak_days": self.streak(),
            "routines": routines,
            "other_sessions": self.other_sessions,
            "damaged_lines": self.damaged,
        })
    }

    /// The one warning line, if any: lines skipped as damaged, and a read
    /// made without the lock because another program kept it.
    pub fn warning(&self, path: &Path) -> Option<String> {
        let mut said = Vec::new();
        if let Some(first) = self.first_damaged {
            said.push(format!(
                "skipped {} that could not be read (the first is line {first})",
                crate::text::count(
                    usize::try_from(self.damaged).unwrap_or(usize::MAX),
                    "damaged line"
                ),
            ));
        }
        if self.unlocked {
            said.push(format!(
                "another program held it locked for {} s, so it was read without the lock: a session being recorded right now may be missing",
                LOCK_WAIT.as_secs()
            ));
        }
        (!said.is_empty()).then(|| {
            format!(
                "{}: {}",
                sanitize(&path.display().to_string()),
                said.join("; ")
            )
        })
    }
}
