//! The rules for single values: texts (length, blank, characters that do
//! not show), lists of words, and durations.

use super::super::raw::{RawDuration, S};
use super::super::{Code, Problem, limits};
use super::Checker;
use crate::duration::{self, DurationError};
use crate::text;
use std::ops::Range;
use std::time::Duration;

impl Checker<'_> {
    pub(super) fn words(&mut self, raw: Option<&S<Vec<S<String>>>>, key: &str) -> Vec<String> {
        let Some(raw) = raw else { return Vec::new() };
        let written = self.taken_out.written_len(raw);
        if written > limits::MAX_LIST_ITEMS {
            self.report(Problem::at(
                Code::TooManyEntries,
                raw.span(),
                format!(
                    "`{key}` has {written} entries; the limit is {}",
                    limits::MAX_LIST_ITEMS
                ),
            ));
            return Vec::new();
        }
        raw.get_ref()
            .iter()
            .filter_map(|w| self.text(w, &format!("an entry of `{key}`"), limits::WORD_CHARS, true))
            .collect()
    }

    /// Checks one text: printable, one line, not blank when `required`,
    /// within `max` characters.
    pub(super) fn text(
        &mut self,
        raw: &S<String>,
        what: &str,
        max: usize,
        required: bool,
    ) -> Option<String> {
        let value = raw.get_ref();
        if self.refuse_forbidden(
            raw.span(),
            value,
            what,
            "texts are single lines of visible characters: remove it (escapes such as \\e, \\t or \\u001b are refused too)",
        ) {
            return None;
        }
        let blank = text::is_blank(value);
        if required && blank {
            let problem = if value.trim().is_empty() {
                Problem::at(Code::BlankText, raw.span(), format!("{what} is empty"))
            } else {
                // Name one of its characters: the person cannot see them.
                let unseen = value.chars().find(|c| !c.is_whitespace()).unwrap_or(' ');
                Problem::at(Code::BlankText, raw.span(), format!("{what} has no visible characters")).help(format!(
                    "write words people can read: it is made only of spaces and characters that draw nothing on their own, such as U+{:04X}",
                    u32::from(unseen)
                ))
            };
            self.report(problem);
            return None;
        }
        let count = value.chars().count();
        if count > max {
            self.report(
                Problem::at(
                    Code::TextTooLong,
                    raw.span(),
                    format!("{what} is {count} characters long; the limit is {max}"),
                )
                .help("shorten it: a cue or instruction is read in a glance"),
            );
            return None;
        }
        // Forbidden characters are refused above, so trimming only drops
        // visible-width spaces that export leaves as they are.
        Some(if blank { "" } else { value.trim() }.to_owned())
    }

    /// Reports the first forbidden character of `value`, written at `span`
    /// in the file, and says whether there was one.
    pub(super) fn refuse_forbidden(
        &mut self,
        span: Range<usize>,
        value: &str,
        what: &str,
        help: &str,
    ) -> bool {
        let Some((offset, c)) = text::first_forbidden(value) else {
            return false;
        };
        let span = self.char_span(span, value, offset, c);
        self.report(
            Problem::at(
                Code::ForbiddenCharacter,
                span,
                format!(
                    "{what} contains {}, which is not allowed",
                    text::describe(c)
                ),
            )
            .help(help),
        );
        true
    }

    /// Where character `c` at `offset` of the decoded `value` sits in the
    /// file: exact when the string has no escapes, else the whole string.
    pub(super) fn char_span(
        &self,
        span: Range<usize>,
        value: &str,
        offset: usize,
        c: char,
    ) -> Range<usize> {
        let literal = self.source.get(span.clone()).unwrap_or("");
        let open = if literal.starts_with("\"\"\"") || literal.starts_with("'''") {
            3
        } else {
            1
        };
        let body = literal.get(open..open + value.len());
        if body == Some(value) {
            let start = span.start + open + offset;
            start..start + c.len_utf8()
        } else {
            span
        }
    }

    pub(super) fn duration(
        &mut self,
        raw: &S<RawDuration>,
        what: &str,
        min: Duration,
        max: Duration,
    ) -> Option<Duration> {
        let span = raw.span();
        let example = r#"write it like "45s", "1m30s", "2m", or a whole number of seconds"#;
        let d = match raw.get_ref() {
            RawDuration::Seconds(n) if *n < 0 => {
                self.report(
                    Problem::at(
                        Code::NegativeDuration,
                        span,
                        format!("{what} cannot last a negative time"),
                    )
                    .help(example),
                );
                return None;
            }
            RawDuration::Seconds(n) => Duration::from_secs(n.unsigned_abs()),
            RawDuration::Fraction(x) => {
                // As written: `{x}` would spell 1e308 with 308 zeros.
                let written = self
                    .source
                    .get(span.clone())
                    .map_or(format!("{x:?}"), str::to_owned);
                self.report(
                    Problem::at(
                        Code::FractionalDuration,
                        span,
                        format!("{what} is given as {written}; durations are whole seconds"),
                    )
                    .help(example),
                );
                return None;
            }
            RawDuration::Text(t)
                if self.refuse_forbidden(span.clone(), t, "the duration", example) =>
            {
                return None;
            }
            RawDuration::Text(t) => match duration::parse(t) {
                Ok(d) => d,
                Err(DurationError::MissingUnit(n)) => {
                    self.report(Problem::at(Code::DurationWithoutUnit, span, format!("\"{t}\" has no unit")).help(format!(
                        "write \"{n}s\" for seconds or \"{n}m\" for minutes, or the number {n} without quotes for seconds"
                    )));
                    return None;
                }
                Err(DurationError::TooLarge) => {
                    self.report(
                        Problem::at(
                            Code::DurationOutOfRange,
                            span,
                            format!("\"{t}\" is far too long"),
                        )
                        .help(example),
                    );
                    return None;
                }
                Err(_) => {
                    self.report(
                        Problem::at(
                            Code::BadDuration,
                            span,
                            format!("\"{t}\" is not a duration"),
                        )
                        .help(example),
                    );
                    return None;
                }
            },
        };
        if d < min || d > max {
            let message = if d.is_zero() {
                format!("{what} cannot last 0 seconds")
            } else if d < min {
                format!(
                    "{what} lasts {}; the shortest allowed is {}",
                    duration::words(d),
                    duration::words(min)
                )
            } else {
                format!(
                    "{what} lasts {}; the longest allowed is {}",
                    duration::words(d),
                    duration::words(max)
                )
            };
            self.report(
                Problem::at(Code::DurationOutOfRange, span, message).help(format!(
                    "use a duration from {} to {}",
                    duration::words(min),
                    duration::words(max)
                )),
            );
            return None;
        }
        Some(d)
    }
}
