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
