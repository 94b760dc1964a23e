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
mod tests {
    use super::*;

    /// Text that shows nothing, or only on one machine: a combining mark
    /// with nothing to sit on, noncharacters, private use, unassigned.
    #[test]
    fn marks_without_a_base_and_characters_without_a_glyph_are_refused() {
        for s in [
            "\u{301}",
            " \u{301}",
            "a \u{301}",
            "\u{1CF00}\u{1CF01}",
            "\u{FFFF}",
            "\u{FDD0}",
            "\u{E000}",
            "\u{10FFFD}",
        ] {
            assert!(first_forbidden(s).is_some(), "{s:?}");
            assert_eq!(first_forbidden(&sanitize(s)), None, "{s:?}");
        }
        for s in ["e\u{301}", "\u{928}\u{93F}", "1\u{FE0F}\u{20E3}"] {
            assert_eq!(first_forbidden(s), None, "{s:?}");
        }
        assert!(describe('\u{301}').contains("nothing to combine with"));
        assert!(describe('\u{E000}').contains("private-use"));
    }

    /// A raw joiner or selector right after an escaped emoji or ideograph
    /// is allowed by the value, but the document shows it after escape
    /// text: it is written back as a TOML escape, which reads the same.
    #[test]
    fn an_exported_file_with_escapes_next_to_raw_joiners_reads_the_same() {
        use crate::routine::Routine;
        for name in [
            "\\U0001F469\u{200D}\\U0001F4BB coder",
            "\\u845B\u{E0100} kudzu",
        ] {
            let source = format!(
                "kneadle = 1\nname = \"{name}\"\n[[steps]]\ntechnique = \"rest\"\nname = \"a\"\nduration = \"10s\"\n"
            );
            let routine = Routine::parse("z.toml", &source).unwrap();
            let exported = sanitize_document(&source);
            assert!(first_forbidden(&exported.replace(['\n', '\t'], " ")).is_none());
            assert_eq!(
                Routine::parse("o.toml", &exported).unwrap(),
                routine,
                "{exported}"
            );
        }
    }

    /// The ASCII shortcut in `forbidden_chars` and `is_blank` says what
    /// Unicode's tables say.
    #[test]
    fn the_ascii_shortcut_agrees_with_the_tables() {
        for b in 0u8..=127 {
            let c = char::from(b);
            assert_eq!(
                first_forbidden(&c.to_string()).is_some(),
                is_forbidden(c),
                "{c:?}"
            );
            assert_eq!(is_blank(&c.to_string()), has::<WhiteSpace>(c), "{c:?}");
            assert!(!ends_emoji(c), "{c:?}");
        }
    }

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
            "a\n\tb\\u001B\n"
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

    /// Every character of `chars` alone, and after a letter, is refused.
    fn refused(chars: impl IntoIterator<Item = char>) {
        for c in chars {
            assert!(is_forbidden(c), "{c:?}");
            assert_eq!(first_forbidden(&c.to_string()), Some((0, c)), "{c:?}");
            assert_eq!(first_forbidden(&format!("a{c}")), Some((1, c)), "{c:?}");
            assert_eq!(
                sanitize(&format!("a{c}")),
                format!("a\\u{{{:x}}}", u32::from(c))
            );
        }
    }

    #[test]
    fn hangul_fillers_are_refused() {
        refused(['\u{3164}', '\u{FFA0}', '\u{115F}', '\u{1160}']);
    }

    #[test]
    fn deprecated_format_characters_are_refused() {
        refused('\u{206A}'..='\u{206F}');
    }

    #[test]
    fn musical_format_controls_are_refused() {
        refused('\u{1D173}'..='\u{1D17A}');
    }

    #[test]
    fn egyptian_hieroglyph_format_controls_are_refused() {
        refused('\u{13430}'..='\u{1343F}');
    }

    #[test]
    fn the_combining_grapheme_joiner_is_refused() {
        refused(['\u{034F}']);
    }

    #[test]
    fn variation_selectors_with_nothing_to_vary_are_refused() {
        refused('\u{E0100}'..='\u{E01EF}');
        refused('\u{180B}'..='\u{180D}');
        refused('\u{FE00}'..='\u{FE0F}');
        assert_eq!(
            first_forbidden("\u{2764}\u{FE0F}\u{FE0F}"),
            Some((6, '\u{FE0F}'))
        );
        assert_eq!(first_forbidden(" \u{FE0F}"), Some((1, '\u{FE0F}')));
    }

    #[test]
    fn variation_selectors_after_a_base_that_takes_them_are_allowed() {
        for s in [
            "\u{2764}\u{FE0F}",  // ❤️
            "\u{2764}\u{FE0E}",  // ❤︎ as text
            "1\u{FE0F}\u{20E3}", // keycap 1️⃣
            "\u{845B}\u{E0100}", // an ideographic variant
            "\u{2229}\u{FE00}",  // ∩︀, a standardized variant
            "\u{1820}\u{180B}",  // a Mongolian letter's form
        ] {
            assert_eq!(first_forbidden(s), None, "{s:?}");
            assert_eq!(sanitize(s), s);
        }
    }

    #[test]
    fn every_character_of_the_old_hand_kept_list_is_still_refused() {
        let old = ['\u{00AD}', '\u{061C}', '\u{180E}', '\u{FEFF}']
            .into_iter()
            .chain('\u{200B}'..='\u{200F}')
            .chain('\u{2028}'..='\u{202E}')
            .chain('\u{2060}'..='\u{2064}')
            .chain('\u{2066}'..='\u{2069}')
            .chain('\u{FFF9}'..='\u{FFFB}')
            .chain('\u{E0000}'..='\u{E007F}')
            .chain(('\0'..='\u{1F}').chain('\u{7F}'..='\u{9F}'));
        for c in old {
            assert!(is_forbidden(c), "{c:?}");
            if c != ZWJ {
                assert!(
                    first_forbidden(&format!("\u{1F469}{c}\u{1F4BB}")).is_some(),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn visible_format_marks_stay_allowed() {
        // Arabic number sign and friends are format characters that are drawn.
        assert_eq!(first_forbidden("\u{0600}\u{0661}"), None);
    }

    #[test]
    fn emoji_sequences_with_selectors_and_skin_tones_are_allowed() {
        for s in [
            "\u{1F3F3}\u{FE0F}\u{200D}\u{1F308}",          // 🏳️‍🌈
            "\u{1F469}\u{1F3FD}\u{200D}\u{1F4BB}",         // 👩🏽‍💻
            "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", // 👨‍👩‍👧
            "\u{2764}\u{FE0F}\u{200D}\u{1F525}",           // ❤️‍🔥
        ] {
            assert_eq!(first_forbidden(s), None, "{s:?}");
        }
    }

    #[test]
    fn a_joiner_next_to_a_refused_character_is_refused_too() {
        // The selector after a letter (which takes none) is refused; the
        // joiner after it must be too, or escaping the selector would
        // leave the joiner with no emoji before it.
        let s = "a\u{FE0F}\u{200D}\u{1F308}";
        assert_eq!(first_forbidden(s), Some((1, '\u{FE0F}')));
        let clean = sanitize(s);
        assert_eq!(first_forbidden(&clean), None, "{clean:?}");
        assert_eq!(clean, "a\\u{fe0f}\\u{200d}\u{1F308}");
    }

    #[test]
    fn blank_text_is_blank_to_the_eye() {
        for s in [
            "",
            " ",
            "\u{2800}\u{2800}",
            "\u{3000}",
            "\u{3164}",
            "\u{FFA0}\u{A0}",
            "\u{1D159}",
        ] {
            assert!(is_blank(s), "{s:?}");
        }
        for s in ["a", "\u{2801}", " . ", "\u{1F469}"] {
            assert!(!is_blank(s), "{s:?}");
        }
    }

    /// Hangul jamo that compose into a syllable take no cells on their
    /// own (a vowel or final consonant without its leading consonant), so
    /// a text of them shows nothing; composed, they are text.
    #[test]
    fn lone_hangul_vowels_and_finals_are_blank_but_syllables_are_text() {
        for s in [
            "\u{1161}\u{1161}",          // ᅡᅡ
            "\u{11A8}",                  // a final ᆨ alone
            "\u{1161}\u{11A8} \u{1175}", // vowel + final, a space, a vowel
            "\u{D7B0}\u{D7CB}\u{D7FB}",  // the extended vowels and finals
            "\u{3000}\u{1163}\u{A0}",    // among wide and no-break spaces
            "\u{115F}",                  // a filler two cells wide
            "\u{1160}\u{3164}\u{FFA0}",  // fillers of no cells
        ] {
            assert!(is_blank(s), "{s:?}");
        }
        for s in [
            "\u{1100}\u{1161}",         // 가 from jamo
            "\u{1100}\u{1161}\u{11A8}", // 각 from jamo
            "\u{1100}\u{1160}",         // ᄀ with a vowel filler: the consonant shows
            "\u{1161}\u{1100}",         // a stray vowel, then a consonant
            "\u{AC00}",                 // 가 precomposed
            "\u{3131}",                 // ㄱ, the compatibility jamo
            "\u{FFA1}",                 // ﾡ, a halfwidth jamo
        ] {
            assert!(!is_blank(s), "{s:?}");
        }
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
