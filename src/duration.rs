//! Durations as routine authors write them: `"45s"`, `"1m30s"`, `"2m"`,
//! `"1h"`, or an integer number of seconds; and as people read them: `1:30`.

use std::fmt;
use std::time::Duration;

/// Why a duration text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DurationError {
    Empty,
    /// Digits with no unit, such as `"90"`.
    MissingUnit(u64),
    /// Anything else that is not `<number><h|m|s>` parts, largest unit first.
    Malformed,
    /// A number too large to mean anything.
    TooLarge,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("the duration is empty"),
            Self::MissingUnit(n) => write!(f, "`{n}` has no unit"),
            Self::Malformed => f.write_str("this is not a duration"),
            Self::TooLarge => f.write_str("this duration is far too long"),
        }
    }
}

/// Reads `"1h"`, `"2m"`, `"45s"`, `"1m30s"`, `"1h 5m"` (spaces between parts
/// allowed). Units must appear largest first and at most once.
///
/// Only ASCII spaces are skipped: a duration is a keyword-like value, and
/// any other blank (a tab, U+0085, U+2028, a no-break space) makes it
/// malformed rather than silently trimmed away.
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let text = text.trim_matches(' ');
    if text.is_empty() {
        return Err(DurationError::Empty);
    }
    if let Ok(n) = text.parse::<u64>() {
        return Err(DurationError::MissingUnit(n));
    }
    let mut total: u64 = 0;
    let mut last_rank = u8::MAX;
    let mut rest = text;
    while !rest.is_empty() {
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits_end == 0 {
            return Err(DurationError::Malformed);
        }
        let (digits, after) = rest.split_at(digits_end);
        let number: u64 = digits.parse().map_err(|_| DurationError::TooLarge)?;
        let mut chars = after.chars();
        let (rank, scale) = match chars.next() {
            Some('h') => (2, 3600),
            Some('m') => (1, 60),
            Some('s') => (0, 1),
            _ => return Err(DurationError::Malformed),
        };
        if rank >= last_rank {
            return Err(DurationError::Malformed);
        }
        last_rank = rank;
        total = number
            .checked_mul(scale)
            .and_then(|s| total.checked_add(s))
            .ok_or(DurationError::TooLarge)?;
        rest = chars.as_str().trim_start_matches(' ');
    }
    Ok(Duration::from_secs(total))
}

/// How a duration is shown: `0:45`, `1:30`, `1:02:03`. Sub-second parts round
/// up, so a countdown shows `0:01` during its last second, never `0:00`.
pub fn clock(d: Duration) -> String {
    let secs = ceil_secs(d);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// How a duration is written in words: `45 s`, `1 min 30 s`, `10 min`.
pub fn words(d: Duration) -> String {
    let secs = ceil_secs(d);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 {
        parts.push(format!("{m} min"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s} s"));
    }
    parts.join(" ")
}

/// Whole seconds, rounding any fraction up.
pub fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn reads_the_forms_authors_write() {
        assert_eq!(parse("45s"), Ok(secs(45)));
        assert_eq!(parse("1m30s"), Ok(secs(90)));
        assert_eq!(parse("2m"), Ok(secs(120)));
        assert_eq!(parse("1h"), Ok(secs(3600)));
        assert_eq!(parse("1h 5m 3s"), Ok(secs(3903)));
        assert_eq!(parse(" 90s "), Ok(secs(90)));
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        assert_eq!(parse("90"), Err(DurationError::MissingUnit(90)));
        assert_eq!(parse("90x"), Err(DurationError::Malformed));
        assert_eq!(parse("30s1m"), Err(DurationError::Malformed));
        assert_eq!(parse("1m1m"), Err(DurationError::Malformed));
        assert_eq!(parse("-5s"), Err(DurationError::Malformed));
        assert_eq!(parse("1.5m"), Err(DurationError::Malformed));
        assert_eq!(parse(""), Err(DurationError::Empty));
        assert_eq!(parse("99999999999999999999s"), Err(DurationError::TooLarge));
        assert_eq!(parse("9999999999999999h"), Err(DurationError::TooLarge));
    }

    #[test]
    fn only_ascii_spaces_surround_or_separate_parts() {
        assert_eq!(parse(" 1m 30s "), Ok(secs(90)));
        for text in [
            "5s\u{85}",
            "\u{2028}5s",
            "5s\u{A0}",
            "1m\u{3000}30s",
            "\t5s",
            "5s\n",
        ] {
            assert_eq!(parse(text), Err(DurationError::Malformed), "{text:?}");
        }
    }

    #[test]
    fn clock_rounds_up_and_grows_hours() {
        assert_eq!(clock(secs(45)), "0:45");
        assert_eq!(clock(Duration::from_millis(500)), "0:01");
        assert_eq!(clock(Duration::ZERO), "0:00");
        assert_eq!(clock(secs(3723)), "1:02:03");
    }

    #[test]
    fn words_name_each_unit() {
        assert_eq!(words(secs(90)), "1 min 30 s");
        assert_eq!(words(secs(600)), "10 min");
        assert_eq!(words(secs(0)), "0 s");
    }
}
