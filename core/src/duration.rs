//! Durations as routine authors write them: `"45s"`, `"1m30s"`, `"2m"`,
//! `"1h"`, or an integer number of seconds; as people read them: `1:30`;
//! and as people say them: "one minute thirty".

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

/// How a duration is said aloud: "forty-five seconds", "one minute thirty",
/// "two minutes", "one hour five minutes". Rounds up like [`clock`].
pub fn spoken(d: Duration) -> String {
    let secs = ceil_secs(d);
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let unit = |n: u64, one: &str| {
        let name = number(n);
        if n == 1 {
            format!("{name} {one}")
        } else {
            format!("{name} {one}s")
        }
    };
    match (h, m, s) {
        (0, 0, s) => unit(s, "second"),
        // "One minute thirty": with minutes, the seconds go without their unit.
        (0, m, 0) => unit(m, "minute"),
        (0, m, s) => format!("{} {}", unit(m, "minute"), number(s)),
        (h, m, s) => {
            let mut parts = vec![unit(h, "hour")];
            if m > 0 {
                parts.push(unit(m, "minute"));
            }
            if s > 0 {
                parts.push(unit(s, "second"));
            }
            parts.join(" ")
        }
    }
}

/// A number in words, up to ninety-nine; larger ones (hours past a
/// plan's limit) stay digits.
fn number(n: u64) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let small = |i: u64| usize::try_from(i).ok().and_then(|i| ONES.get(i)).copied();
    let tens = |i: u64| usize::try_from(i).ok().and_then(|i| TENS.get(i)).copied();
    match (n, small(n), tens(n / 10)) {
        (_, Some(word), _) => word.to_owned(),
        (n, None, Some(ten)) if n % 10 == 0 => ten.to_owned(),
        (n, None, Some(ten)) => format!("{ten}-{}", small(n % 10).unwrap_or_default()),
        _ => n.to_string(),
    }
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
    fn spoken_durations_are_what_a_person_says() {
        assert_eq!(spoken(secs(45)), "forty-five seconds");
        assert_eq!(spoken(secs(1)), "one second");
        assert_eq!(spoken(secs(90)), "one minute thirty");
        assert_eq!(spoken(secs(120)), "two minutes");
        assert_eq!(spoken(secs(640)), "ten minutes forty");
        assert_eq!(spoken(secs(3900)), "one hour five minutes");
        assert_eq!(spoken(secs(3601)), "one hour one second");
        assert_eq!(spoken(secs(7322)), "two hours two minutes two seconds");
        assert_eq!(spoken(Duration::from_millis(14_200)), "fifteen seconds");
        assert_eq!(spoken(secs(0)), "zero seconds");
    }

    #[test]
    fn words_name_each_unit() {
        assert_eq!(words(secs(90)), "1 min 30 s");
        assert_eq!(words(secs(600)), "10 min");
        assert_eq!(words(secs(0)), "0 s");
    }
}
