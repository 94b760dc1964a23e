//! The one choke point for text that comes from outside the program.
//!
//! Routine files are shared between strangers, so every string they carry is
//! untrusted. Validation rejects the dangerous characters with a position
//! ([`first_forbidden`]); everything printed or drawn passes through
//! [`sanitize`] as a second guard, so a character that slipped past (a file
//! name, a parser message quoting the file) shows up as a visible escape
//! instead of acting on the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Is `c` a character that must never reach a terminal from untrusted text?
///
/// Controls (C0, DEL, C1), bidirectional overrides and marks, invisible and
/// zero-width characters, line and paragraph separators, and tag characters.
/// The zero-width joiner is judged by [`first_forbidden`], which allows it
/// between two emoji.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

fn is_emoji_like(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Is the zero-width joiner at `i` (between `prev` and `next`) part of an
/// emoji sequence such as 👩‍💻? Anywhere else it only hides text.
fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(is_emoji_like) && next.is_some_and(is_emoji_like)
}

/// Each forbidden character of `s` with its byte offset. A zero-width
/// joiner between two emoji is allowed; anywhere else it is forbidden like
/// other invisible characters.
fn forbidden_chars(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut prev: Option<char> = None;
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = iter.next() {
            let bad = if c == '\u{200D}' {
                !joins_emoji(prev, iter.peek().map(|&(_, n)| n))
            } else {
                is_forbidden(c)
            };
            prev = Some(c);
            if bad {
                return Some((i, c));
            }
        }
        None
    })
}

/// The byte offset and character of the first forbidden character in `s`.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    forbidden_chars(s).next()
}

/// How a forbidden character is named in messages: `U+001B (escape)`.
pub fn describe(c: char) -> String {
    let what = match c {
        '\u{1B}' => "escape",
        '\u{07}' => "bell",
        '\t' => "tab",
        '\n' => "line break",
        '\r' => "carriage return",
        '\u{7F}' => "delete",
        '\u{80}'..='\u{9F}' => "C1 control",
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => "bidirectional control",
        '\u{2028}' | '\u{2029}' => "line separator",
        c if c.is_control() => "control character",
        _ => "invisible character",
    };
    format!("U+{:04X} ({what})", u32::from(c))
}

/// Text made safe to print: every forbidden character (including newlines)
/// becomes a visible `\u{1b}`-style escape.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_keeping(s, &[])
}

/// Like [`sanitize`], but keeps `\n` so multi-line messages stay readable.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    sanitize_keeping(s, &['\n'])
}

/// A whole file made safe to print and still readable as TOML: line breaks
/// and tabs stay, a leading byte-order mark and carriage returns go, and
/// everything else forbidden is escaped.
pub fn sanitize_document(s: &str) -> String {
    let s = s
        .strip_prefix('\u{FEFF}')
        .unwrap_or(s)
        .replace("\r\n", "\n");
    sanitize_keeping(&s, &['\n', '\t']).into_owned()
}

fn sanitize_keeping<'a>(s: &'a str, keep: &[char]) -> Cow<'a, str> {
    let mut bad = forbidden_chars(s)
        .filter(|(_, c)| !keep.contains(c))
        .peekable();
    if bad.peek().is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut done = 0;
    for (i, c) in bad {
        out.push_str(s.get(done..i).unwrap_or_default());
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        done = i + c.len_utf8();
    }
    out.push_str(s.get(done..).unwrap_or_default());
    Cow::Owned(out)
}

/// `s` with each forbidden character replaced by `?` bytes of the same
/// length, so byte spans into `s` stay valid for a snippet renderer.
pub fn mask_same_len(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_forbidden(c) && c != '\n' && c != '\t' && c != '\r')
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_forbidden(c) && c != '\n' && c != '\t' && c != '\r' {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Shortens `s` to at most `max` characters, ending with `…` when cut.
pub fn truncate_chars(s: &str, max: usize) -> Cow<'_, str> {
    if s.chars().count() <= max {
        return Cow::Borrowed(s);
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_text() {
        let s = sanitize("hi\u{1b}[2J\u{7}\u{9b}\u{202e}x");
        assert_eq!(s, "hi\\u{1b}[2J\\u{7}\\u{9b}\\u{202e}x");
        assert!(s.bytes().all(|b| b >= 0x20 && b != 0x7f));
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(
            sanitize("Slow, deep circles — ease off"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sanitize_lines_keeps_only_newlines() {
        assert_eq!(sanitize_lines("a\nb\tc"), "a\nb\\u{9}c");
    }

    #[test]
    fn a_document_keeps_its_lines_and_tabs() {
        assert_eq!(
            sanitize_document("\u{feff}a\r\n\tb\u{1b}\n"),
            "a\n\tb\\u{1b}\n"
        );
    }

    #[test]
    fn first_forbidden_finds_the_offset() {
        assert_eq!(first_forbidden("ab\tc"), Some((2, '\t')));
        assert_eq!(first_forbidden("é\u{200b}"), Some((2, '\u{200b}')));
        assert_eq!(first_forbidden("fine text"), None);
    }

    #[test]
    fn zero_width_joiner_is_allowed_only_inside_emoji() {
        assert_eq!(first_forbidden("\u{1F469}\u{200D}\u{1F4BB}"), None);
        assert_eq!(first_forbidden("a\u{200D}b"), Some((1, '\u{200D}')));
    }

    #[test]
    fn emoji_sequences_print_as_they_validate() {
        assert_eq!(
            sanitize("\u{1F469}\u{200D}\u{1F4BB} at work"),
            "\u{1F469}\u{200D}\u{1F4BB} at work"
        );
        assert_eq!(sanitize("a\u{200D}b"), "a\\u{200d}b");
    }

    #[test]
    fn masking_keeps_byte_offsets() {
        let s = "a\u{9b}b\u{202e}c";
        let m = mask_same_len(s);
        assert_eq!(m.len(), s.len());
        assert_eq!(m, "a??b???c");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("abc", 4), "abc");
    }
}
