//! The one choke point for text that comes from outside the program.
//!
//! Routine files are shared between strangers, so every string they carry is
//! untrusted. Validation rejects the dangerous characters with a position
//! ([`first_forbidden`]); everything printed or drawn passes through
//! [`sanitize`] as a second guard, so a character that slipped past (a file
//! name, a parser message quoting the file) shows up as a visible escape
//! instead of acting on the terminal.

use icu_properties::props::{
    BidiControl, DefaultIgnorableCodePoint, Emoji, EmojiModifier, ExtendedPictographic,
    GeneralCategory, GeneralCategoryGroup, Ideographic, NoncharacterCodePoint,
    PrependedConcatenationMark, Script, VariationSelector, WhiteSpace,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use std::borrow::Cow;
use std::fmt::Write as _;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

const ZWJ: char = '\u{200D}';

fn has<P: icu_properties::props::BinaryProperty>(c: char) -> bool {
    CodePointSetData::new::<P>().contains(c)
}

fn category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

/// Is `c` a character that must never reach a terminal from untrusted text?
///
/// Controls (C0, DEL, C1); every Default_Ignorable_Code_Point (zero-width
/// characters, joiners, fillers, variation selectors, tag characters, bidi
/// controls, ...); format characters that Unicode leaves out of that set
/// though they are just as invisible (interlinear annotation, Egyptian
/// hieroglyph format controls), but not the prepended concatenation marks,
/// which are drawn; and line and paragraph separators. All of it comes from
/// Unicode's tables, so new invisible characters are refused as Unicode
/// assigns them.
///
/// The zero-width joiner and the variation selectors are judged in context
/// by [`first_forbidden`], which allows them inside emoji and after a base
/// that takes them.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || has::<DefaultIgnorableCodePoint>(c)
        || (GeneralCategoryGroup::Format.contains(category(c))
            && !has::<PrependedConcatenationMark>(c))
        || matches!(
            category(c),
            GeneralCategory::LineSeparator
                | GeneralCategory::ParagraphSeparator
                // Private use and unassigned characters draw as nothing,
                // or as whatever one machine's font puts there, at a width
                // the terminal and we may not agree on.
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
        )
        || has::<NoncharacterCodePoint>(c)
}

/// Is `c` a combining mark, drawn on the character before it?
fn is_mark(c: char) -> bool {
    GeneralCategoryGroup::Mark.contains(category(c))
}

/// Does `base` take the variation selector `vs`? Emoji take the text and
/// emoji presentation selectors (❤️); ideographs, symbols and Mongolian
/// letters take the standardized and ideographic variation selectors.
/// Anywhere else a selector changes nothing visible and only hides text.
fn takes_selector(base: char, vs: char) -> bool {
    match vs {
        '\u{FE0E}' | '\u{FE0F}' => has::<Emoji>(base),
        '\u{180B}'..='\u{180F}' => CodePointMapData::<Script>::new().get(base) == Script::Mongolian,
        '\u{E0100}'..='\u{E01EF}' => has::<Ideographic>(base),
        _ => has::<Ideographic>(base) || GeneralCategoryGroup::Symbol.contains(category(base)),
    }
}

/// Can an emoji sequence continue after `c`: a pictograph or a skin tone?
fn ends_emoji(c: char) -> bool {
    has::<ExtendedPictographic>(c) || has::<EmojiModifier>(c)
}

/// Is `s` blank to the eye: does every grapheme of it draw nothing?
///
/// Whether a grapheme draws anything is asked of the renderer's own
/// measure, not of a list of characters: ratatui lays text out grapheme by
/// grapheme at the width `unicode-width` gives each, and a grapheme of no
/// cells is never drawn (a `Paragraph` skips it). The core may not import
/// ratatui, so this asks `unicode-width` directly, the same way, and
/// `tests/fuzz.rs` checks the verdict against a real render. That is what
/// makes a lone Hangul vowel or final consonant (U+1161, U+11A8, U+D7B0:
/// no cells without the leading consonant they compose with) blank, while
/// a composed syllable (U+1100 U+1161, two cells) is text.
///
/// A grapheme that takes cells draws nothing when it is only white space,
/// or only characters Unicode marks Default_Ignorable_Code_Point: a table
/// may still give one cells (U+115F HANGUL CHOSEONG FILLER is two wide),
/// but its glyph is empty by definition. Two symbols are drawn empty on
/// purpose and no Unicode property says so: U+2800 braille pattern blank
/// and U+1D159 musical null notehead.
pub fn is_blank(s: &str) -> bool {
    s.graphemes(true).all(|g| {
        // ASCII, most of any text, needs no table: its only blanks are
        // spaces, and every other character takes a cell.
        if g.is_ascii() {
            return g.chars().all(|c| c.is_ascii_whitespace() || c == '\u{b}');
        }
        g.width() == 0
            || g.chars().all(|c| {
                has::<WhiteSpace>(c)
                    || has::<DefaultIgnorableCodePoint>(c)
                    || matches!(c, '\u{2800}' | '\u{1D159}')
            })
    })
}

/// Each forbidden character of `s` with its byte offset.
///
/// Two kinds of default-ignorable characters are allowed where they do
/// visible work: a zero-width joiner between two emoji (👩‍💻, 🏳️‍🌈) and a
/// variation selector right after a base that takes it. Both look at the
/// neighbours that stay: a joiner or selector next to a character that is
/// itself refused is refused too, so escaping the refused ones never
/// leaves a stray joiner behind (sanitized text validates).
fn forbidden_chars(s: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    // The previous character, if it was allowed.
    let mut kept: Option<char> = None;
    // The allowed text so far ends an emoji a joiner may follow.
    let mut emoji_tail = false;
    let mut iter = s.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some((i, c)) = iter.next() {
            // ASCII, most of any file, needs no table: only its controls
            // are refused, and none of it ends an emoji.
            let allowed = if c.is_ascii() {
                !c.is_ascii_control()
            } else if c == ZWJ {
                emoji_tail
                    && iter
                        .peek()
                        .is_some_and(|&(_, n)| has::<ExtendedPictographic>(n))
            } else if has::<VariationSelector>(c) {
                kept.is_some_and(|b| !has::<VariationSelector>(b) && takes_selector(b, c))
            } else if is_mark(c) {
                // A mark needs a character to sit on: alone at the start
                // or after a space it is an empty-looking cell (and a
                // renderer's stumbling block).
                kept.is_some_and(|b| !has::<WhiteSpace>(b)) && !is_forbidden(c)
            } else {
                !is_forbidden(c)
            };
            emoji_tail =
                allowed && !c.is_ascii() && (ends_emoji(c) || (c == '\u{FE0F}' && emoji_tail));
            kept = allowed.then_some(c);
            if !allowed {
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
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        ZWJ => "zero-width joiner",
        c if has::<BidiControl>(c) => "bidirectional control",
        c if has::<VariationSelector>(c) => "variation selector",
        c if c.is_control() => "control character",
        c if matches!(category(c), GeneralCategory::PrivateUse) => "private-use character",
        c if matches!(category(c), GeneralCategory::Unassigned) => "unassigned character",
        c if has::<NoncharacterCodePoint>(c) => "noncharacter",
        c if is_mark(c) => "combining mark with nothing to combine with",
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
/// everything else forbidden is escaped the way TOML writes it (`\u200D`,
/// `\U000E0100`). In a file that validates, such a character can only sit
/// in a comment, where the escape is just text, or in a string right after
/// an escape (`"\U0001F469` then a raw joiner), where TOML reads the escape
/// back as the very same character: either way the file parses to the same
/// routine.
pub fn sanitize_document(s: &str) -> String {
    let s = s
        .strip_prefix('\u{FEFF}')
        .unwrap_or(s)
        .replace("\r\n", "\n");
    sanitize_with(&s, &['\n', '\t'], |out, c| {
        let code = u32::from(c);
        if code <= 0xFFFF {
            write!(out, "\\u{code:04X}")
        } else {
            write!(out, "\\U{code:08X}")
        }
    })
    .into_owned()
}

fn sanitize_keeping<'a>(s: &'a str, keep: &[char]) -> Cow<'a, str> {
    sanitize_with(s, keep, |out, c| write!(out, "\\u{{{:x}}}", u32::from(c)))
}

/// `s` with each forbidden character but those in `keep` written by
/// `escape`.
fn sanitize_with<'a>(
    s: &'a str,
    keep: &[char],
    escape: impl Fn(&mut String, char) -> std::fmt::Result,
) -> Cow<'a, str> {
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
        let _ = escape(&mut out, c);
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

/// "1 step", "3 steps": a count with its noun, singular for one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests;
