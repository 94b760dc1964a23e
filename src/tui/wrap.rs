//! Text broken into rows: the one place the interface wraps text, so what
//! is drawn and what is counted (does the caution fit? how far can the
//! details scroll?) are the same rows by construction.
//!
//! Where a row may break is the Unicode line-breaking algorithm (UAX #14,
//! through `textwrap`), so Japanese and Chinese break between characters
//! and at ideographic spaces; widths are the renderer's own (`unicode-width`
//! over graphemes, as ratatui measures cells). We do not hand untrusted
//! text to ratatui's own word wrapper: it can emit a row wider than its
//! area when wide characters meet a narrow width, and then panics
//! indexing past the buffer (ratatui issue #2679). The views draw these
//! rows with a plain `Paragraph`, which clips anything still too wide.

use ratatui::buffer::CellWidth;
use ratatui::text::{Line, Span};
use std::ops::Range;
use textwrap::WordSeparator;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_segmentation::UnicodeSegmentation;

/// The cells `s` takes as ratatui draws it: grapheme by grapheme, each at
/// its own cell width (a string's width can be less: "لا" is one column as
/// a string, two as drawn).
pub fn cells(s: &str) -> usize {
    s.graphemes(true).map(|g| usize::from(g.cell_width())).sum()
}

/// Cells a line takes, drawn.
fn line_cells(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| cells(&s.content)).sum()
}

/// Do `rows` show whole in `width` x `height`? Not when there are more
/// rows than that, nor when a row is wider (a wide character in a narrow
/// area is clipped).
pub fn fits(rows: &[Line<'_>], width: u16, height: u16) -> bool {
    rows.len() <= usize::from(height) && rows.iter().all(|r| line_cells(r) <= usize::from(width))
}

/// A stretch of text that stays on one row, and the spaces after it.
#[derive(Debug)]
struct Piece {
    /// Byte range of the text, without the trailing spaces.
    text: Range<usize>,
    width: usize,
    space: usize,
}

impl Fragment for Piece {
    #[allow(clippy::cast_precision_loss)]
    fn width(&self) -> f64 {
        self.width as f64
    }

    #[allow(clippy::cast_precision_loss)]
    fn whitespace_width(&self) -> f64 {
        self.space as f64
    }

    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// The byte ranges of the rows `text` takes at `width` columns, trailing
/// spaces left out. Always at least one row.
fn row_ranges(text: &str, width: u16) -> Vec<Range<usize>> {
    let width = usize::from(width.max(1));
    let mut pieces = Vec::new();
    let mut at = 0;
    for word in WordSeparator::UnicodeBreakProperties.find_words(text) {
        let end = at + word.word.len();
        let space = word.whitespace.len();
        let word_width = cells(word.word);
        if word_width <= width {
            pieces.push(Piece {
                text: at..end,
                width: word_width,
                space,
            });
        } else {
            // Too long for a row: break between graphemes, at least one
            // grapheme a row (a wide one in a one-column area is clipped).
            let mut start = at;
            let mut used = 0;
            for (i, g) in word.word.grapheme_indices(true) {
                let w = usize::from(g.cell_width());
                if start < at + i && used + w > width {
                    pieces.push(Piece {
                        text: start..at + i,
                        width: used,
                        space: 0,
                    });
                    start = at + i;
                    used = 0;
                }
                used += w;
            }
            pieces.push(Piece {
                text: start..end,
                width: used,
                space,
            });
        }
        at = end + space;
    }
    #[allow(clippy::cast_precision_loss)]
    let rows = wrap_first_fit(&pieces, &[width as f64]);
    let mut ranges: Vec<Range<usize>> = rows
        .iter()
        .filter_map(|row| Some(row.first()?.text.start..row.last()?.text.end))
        .collect();
    if ranges.is_empty() {
        // Empty text still takes its row.
        ranges.push(0..0);
    }
    ranges
}

/// `line` broken into rows of at most `width` columns, each keeping the
/// styles of the spans it is cut from and the line's style and alignment.
fn wrap_line<'a>(line: &Line<'a>, width: u16) -> Vec<Line<'a>> {
    if line_cells(line) <= usize::from(width) {
        return vec![line.clone()];
    }
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    row_ranges(&text, width)
        .into_iter()
        .map(|row| {
            let mut spans = Vec::new();
            let mut at = 0;
            for span in &line.spans {
                let range = at..at + span.content.len();
                at = range.end;
                let from = row.start.max(range.start);
                let to = row.end.min(range.end);
                if from < to
                    && let Some(part) = span.content.get(from - range.start..to - range.start)
                {
                    spans.push(Span::styled(part.to_owned(), span.style));
                }
            }
            let mut wrapped = Line::from(spans).style(line.style);
            wrapped.alignment = line.alignment;
            wrapped
        })
        .collect()
}

/// `lines` broken into the rows they take `width` columns wide: draw them
/// with a `Paragraph` without `wrap`, and count them with `len()`.
pub fn wrap<'a>(lines: impl IntoIterator<Item = Line<'a>>, width: u16) -> Vec<Line<'a>> {
    lines
        .into_iter()
        .flat_map(|line| wrap_line(&line, width))
        .collect()
}

/// The mark a cut text ends with.
pub const MORE: &str = "…";

/// `row` shortened to end with "…" within `width` columns: the mark that
/// says some text did not fit.
fn end_with_mark<'a>(row: &Line<'a>, width: u16) -> Line<'a> {
    let room = usize::from(width).saturating_sub(1);
    let mark_style = row.spans.last().map_or(row.style, |s| s.style);
    let mut spans = Vec::new();
    let mut used = 0;
    'spans: for span in &row.spans {
        let mut kept = String::new();
        for g in span.content.graphemes(true) {
            let w = usize::from(g.cell_width());
            if used + w > room {
                spans.push(Span::styled(kept, span.style));
                break 'spans;
            }
            used += w;
            kept.push_str(g);
        }
        spans.push(Span::styled(kept, span.style));
    }
    // No space before the mark: "words…" reads as cut, "words …" as a gap.
    if let Some(last) = spans.last_mut() {
        let trimmed = last.content.trim_end().to_owned();
        last.content = trimmed.into();
    }
    spans.push(Span::styled(MORE, mark_style));
    let mut marked = Line::from(spans).style(row.style);
    marked.alignment = row.alignment;
    marked
}

/// At most `max` of `rows`; when some are left out, the last one kept ends
/// with "…". A row wider than `width` (one wide character in a narrow
/// area) is marked too, so nothing is ever cut silently.
pub fn clip<'a>(mut rows: Vec<Line<'a>>, width: u16, max: usize) -> Vec<Line<'a>> {
    let cut = rows.len() > max;
    rows.truncate(max);
    for (i, row) in rows.iter_mut().enumerate() {
        let last = i + 1 == max;
        if (cut && last) || line_cells(row) > usize::from(width) {
            *row = end_with_mark(row, width);
        }
    }
    rows
}

/// `line` on one row of `width` columns, ending with "…" when it is cut.
pub fn one_row<'a>(line: Line<'a>, width: u16) -> Line<'a> {
    let mut rows = clip(wrap([line], width), width, 1);
    rows.pop().unwrap_or_default()
}

/// `lines` wrapped into at most `max` rows, the last ending with "…" when
/// something is left out.
pub fn wrap_clipped<'a>(
    lines: impl IntoIterator<Item = Line<'a>>,
    width: u16,
    max: usize,
) -> Vec<Line<'a>> {
    clip(wrap(lines, width), width, max)
}

#[cfg(test)]
mod tests {
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
        use crate::routine::Routine;
        use crate::tui::running::CautionView;
        use crate::tui::theme::Theme;
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
                waiting: crate::tui::running::Waiting::StartsIn(std::time::Duration::from_secs(14)),
                scroll: 0,
                keys: crate::tui::keys::CAUTION,
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
}
