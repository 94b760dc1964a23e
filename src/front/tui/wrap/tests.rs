use super::*;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Style, Stylize};
use ratatui::widgets::{Paragraph, Widget};

fn texts(lines: &[Line<'_>]) -> Vec<String> {
    lines.iter().map(ToString::to_string).collect()
}

#[test]
fn breaks_at_spaces_and_keeps_short_lines_whole() {
    let rows = wrap([Line::raw("Stop if you feel sharp pain")], 12);
    assert_eq!(texts(&rows), ["Stop if you", "feel sharp", "pain"]);
    assert_eq!(wrap([Line::raw("short")], 12).len(), 1);
    assert_eq!(wrap([Line::default()], 12).len(), 1);
}

/// The case that once started a routine unseen: Japanese joined by
/// ideographic spaces, which a space-only rule did not break at.
#[test]
fn japanese_breaks_between_characters_and_wide_ones_never_split_a_cell() {
    let rows = wrap([Line::raw("痛みを感じたら\u{3000}中止してください。")], 7);
    for row in &rows {
        assert!(line_cells(row) <= 7, "{row:?}");
    }
    assert_eq!(
        rows.concat_text(),
        "痛みを感じたら\u{3000}中止してください。"
    );
}

#[test]
fn styles_follow_the_text_across_rows() {
    let line = Line::from(vec![Span::raw("Time "), "ten minutes".bold()]);
    let rows = wrap([line], 8);
    assert_eq!(texts(&rows), ["Time ten", "minutes"]);
    assert_eq!(rows[0].spans[1].style, Style::new().bold());
    assert_eq!(rows[1].spans[0].style, Style::new().bold());
}

/// Whenever the caution screen says the caution fits (and so counts
/// down to the start), every character of it is on screen. Cautions
/// that once started unseen: Japanese joined by ideographic spaces;
/// Arabic lam-alef, one column as a string but two as drawn; wide
/// characters in an area one column wide.
#[test]
fn a_caution_said_to_fit_is_drawn_whole() {
    use crate::front::tui::running::CautionView;
    use crate::front::tui::theme::Theme;
    use crate::routine::Routine;
    let japanese = vec![
        "痛みやしびれを感じたらすぐに中止し、医師に相談してください。";
        16
    ]
    .join("\u{3000}");
    let arabic: Vec<String> = (1..=120).map(|i| format!("{i:03}لالالالا")).collect();
    let arabic = arabic.join(" ");
    for caution in [japanese.as_str(), arabic.as_str(), "危険危険"] {
        let source = format!(
            "kneadle = 1\nname = \"N\"\ncaution = \"{caution}\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"R\"\nduration = \"1m\"\n"
        );
        let routine = Routine::parse("c.toml", &source).unwrap();
        let theme = Theme::mono();
        let view = CautionView {
            routine: &routine,
            waiting: crate::front::tui::running::Waiting::StartsIn(std::time::Duration::from_secs(
                14,
            )),
            scroll: 0,
            keys: crate::front::keys::CAUTION,
            theme: &theme,
        };
        let wanted: String = caution.chars().filter(|c| !c.is_whitespace()).collect();
        let mut checked_fit = false;
        for (w, h) in [
            (80, 24),
            (100, 30),
            (60, 40),
            (120, 20),
            (200, 50),
            (40, 12),
            (5, 60),
            (1, 60),
            (2, 60),
        ] {
            let area = Rect::new(0, 0, w, h);
            let mut buf = Buffer::empty(area);
            (&view).render(area, &mut buf);
            let drawn: String = (0..h)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .map(|(x, y)| buf[(x, y)].symbol().to_owned())
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let whole = drawn.contains(&wanted);
            if view.fits(area) {
                checked_fit = true;
                assert!(whole, "{w}x{h}: said to fit, not all drawn:\n{caution}");
            } else {
                // Not all of the screen's text shows: it says so.
                let shown: String = (0..w)
                    .map(|x| buf[(x, h - 2)].symbol().to_owned())
                    .collect();
                assert!(
                    shown.contains('↓') || w < 3,
                    "{w}x{h}: no sign of more: {shown}"
                );
            }
        }
        assert!(checked_fit, "some size fits: {caution}");
    }
}

#[test]
fn cut_text_ends_with_a_mark_within_the_width() {
    let rows = wrap_clipped([Line::raw("Next: Knead beside the spine")], 12, 1);
    assert_eq!(texts(&rows), ["Next: Knead…"]);
    let rows = wrap_clipped([Line::raw("Stop if you feel sharp pain")], 12, 2);
    assert_eq!(texts(&rows), ["Stop if you", "feel sharp…"]);
    assert_eq!(texts(&wrap_clipped([Line::raw("short")], 12, 1)), ["short"]);
    // A wide character in one column cannot show: the mark does.
    assert_eq!(texts(&wrap_clipped([Line::raw("危")], 1, 1)), ["…"]);
    assert_eq!(one_row(Line::raw("abc def"), 0).to_string(), "…");
}

trait Concat {
    fn concat_text(&self) -> String;
}
impl Concat for Vec<Line<'_>> {
    fn concat_text(&self) -> String {
        self.iter().map(ToString::to_string).collect()
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,12}",
        "[\u{4e00}-\u{4e80}]{1,8}",
        "[\u{1F600}-\u{1F64F}]{1,3}",
        Just("\u{2764}\u{fe0f}".to_owned()),
        Just("\u{1F469}\u{200D}\u{1F4BB}".to_owned()),
        "[a-z]\u{301}\u{302}?",
        Just("\u{301}".to_owned()),
        // Every kind of space, breaking or not.
        "[ \u{a0}\u{1680}\u{2000}-\u{200a}\u{202f}\u{205f}\u{3000}]{1,3}",
    ]
}

proptest! {
    /// For any text and width: every row fits, no visible character is
    /// lost or reordered, and drawing the rows never panics and fills
    /// exactly as many rows as counted.
    #[test]
    fn rows_fit_and_keep_every_character(
        pieces in proptest::collection::vec(piece(), 0..40),
        width in 1u16..90,
        centred in any::<bool>(),
    ) {
        let text = pieces.concat() + "z";
        let rows = wrap([Line::raw(text.clone())], width);
        for row in &rows {
            // Only a single grapheme wider than the area may overflow.
            prop_assert!(
                line_cells(row) <= usize::from(width) || row.to_string().graphemes(true).count() == 1,
                "{:?} at {}", row, width
            );
        }
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(visible(&rows.concat_text()), visible(&text));

        let height = u16::try_from(rows.len()).unwrap() + 2;
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let mut p = Paragraph::new(rows.clone());
        if centred {
            p = p.alignment(Alignment::Center);
        }
        p.render(area, &mut buf);
        let filled = (0..height)
            .filter(|&y| (0..width).any(|x| !buf[(x, y)].symbol().trim().is_empty()))
            .max()
            .map_or(0, |y| usize::from(y) + 1);
        prop_assert_eq!(filled, rows.len());
    }
}
