//! How many rows a paragraph takes once wrapped at word boundaries: what
//! ratatui's `Paragraph` computes internally but does not expose in a
//! stable API. Used to decide whether a caution fits and how far details
//! can scroll.

use ratatui::text::Line;
use unicode_width::UnicodeWidthStr;

/// Rows that `line` takes when wrapped to `width` columns (at least 1).
pub fn rows(line: &Line<'_>, width: u16) -> usize {
    let width = usize::from(width.max(1));
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = 1;
    let mut used = 0;
    let mut gap = 0;
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            gap += 1;
        }
        if piece.is_empty() {
            continue;
        }
        let w = piece.width();
        let needed = if used == 0 { w } else { used + gap + w };
        if needed <= width {
            used = needed;
        } else if used == 0 {
            // A word longer than the row is broken across rows.
            rows += w.saturating_sub(1) / width;
            used = (w - 1) % width + 1;
        } else {
            rows += 1 + w.saturating_sub(1) / width;
            used = (w - 1) % width + 1;
        }
        gap = 0;
    }
    rows
}

/// Rows that all `lines` take when wrapped to `width`.
pub fn height(lines: &[Line<'_>], width: u16) -> usize {
    lines.iter().map(|l| rows(l, width)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::{Paragraph, Widget, Wrap};

    /// Rows ratatui really fills, for comparison.
    fn drawn_rows(text: &str, width: u16) -> usize {
        let area = Rect::new(0, 0, width, 60);
        let mut buf = Buffer::empty(area);
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .render(area, &mut buf);
        (0..60)
            .filter(|&y| (0..width).any(|x| buf[(x, y)].symbol() != " "))
            .max()
            .map_or(0, |y| usize::from(y) + 1)
    }

    #[test]
    fn agrees_with_what_ratatui_draws() {
        let caution = "Not a substitute for medical care: self-massage may ease tension for a while and works best alongside staying active. Stop if you feel sharp or spreading pain.";
        let step = " 5. Seated twist  stretching 0:30 each side";
        for text in [caution, step] {
            for width in [10, 17, 30, 41, 45, 80] {
                assert_eq!(
                    rows(&Line::raw(text), width),
                    drawn_rows(text, width),
                    "width {width}: {text}"
                );
            }
        }
    }

    #[test]
    fn empty_lines_take_a_row() {
        assert_eq!(height(&[Line::default(), Line::raw("a b")], 10), 2);
    }
}
