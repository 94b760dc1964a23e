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
mod tests;
