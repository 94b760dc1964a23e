//! The practice history: one JSON line per session in `history.jsonl` in
//! the state folder. Lines are only ever appended, whole, under an
//! exclusive lock, so two sessions ending at once are both kept and the
//! file is never rewritten (`file`); a run appends its outcome on a thread,
//! so it never waits on the file (`journal`). Reading streams the file and
//! keeps only what the summary needs, however long it grows (`summary`).

mod file;
mod journal;
mod summary;

pub use file::{LOCK_WAIT, append, followed_before, read};
pub use journal::{Journal, WRITE_GRACE};
pub use summary::{
    MAX_LINE, MAX_ROUTINES, MAX_STREAK_DAYS, RECENT, RoutineCount, Summary, summarize,
};

use jiff::ZonedDateTime;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Sessions shorter than this are not recorded: a start and a quick quit
/// is not practice.
pub const MIN_PRACTISED: Duration = Duration::from_secs(10);

/// Whether a session practised for `practised` is recorded.
pub fn should_record(practised: Duration) -> bool {
    practised >= MIN_PRACTISED
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ending {
    Completed,
    Stopped,
}

/// One session, as one line of `history.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// What `kneadle run` was given: a routine's id or path.
    pub routine: String,
    pub name: String,
    /// The routine file's text hashed ([`crate::store::library::hash_text`]): tells sessions of
    /// an edited routine apart.
    pub hash: String,
    /// When it started, in local time with the offset then in force.
    #[serde(with = "start_text")]
    pub start: ZonedDateTime,
    pub planned_secs: u64,
    pub practised_secs: u64,
    pub steps_completed: u32,
    pub ending: Ending,
}

/// The start as RFC 3339 with its offset, to the second
/// (`2026-05-04T07:30:00+02:00`): the local date-time the person saw, and
/// a point in time.
mod start_text {
    use jiff::fmt::temporal::{Pieces, PiecesOffset};
    use jiff::tz::{Offset, TimeZone};
    use jiff::{Timestamp, ZonedDateTime};
    use serde::{Deserialize, Deserializer, Serializer, de};

    pub fn serialize<S: Serializer>(start: &ZonedDateTime, s: S) -> Result<S::Ok, S::Error> {
        let second = Timestamp::from_second(start.timestamp().as_second())
            .unwrap_or_else(|_| start.timestamp());
        s.collect_str(&second.display_with_offset(start.offset()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ZonedDateTime, D::Error> {
        let text = <&str>::deserialize(d)?;
        let at: Timestamp = text.parse().map_err(de::Error::custom)?;
        let pieces = Pieces::parse(text).map_err(de::Error::custom)?;
        let offset = match pieces.offset() {
            Some(PiecesOffset::Numeric(n)) => n.offset(),
            _ => Offset::UTC,
        };
        Ok(at.to_zoned_datetime(TimeZone::fixed(offset)))
    }
}

#[cfg(test)]
mod tests;
