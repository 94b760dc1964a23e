//! A big countdown drawn with block glyphs, five rows tall at scale 1 and
//! `5 × scale` rows on big screens. It is drawn whole or not at all: a
//! clock with a row missing can be misread.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub const HEIGHT: u16 = 5;

fn glyph(c: char) -> [&'static str; 5] {
    match c {
        '0' => ["███", "█ █", "█ █", "█ █", "███"],
        '1' => ["██ ", " █ ", " █ ", " █ ", "███"],
        '2' => ["███", "  █", "███", "█  ", "███"],
        '3' => ["███", "  █", "███", "  █", "███"],
        '4' => ["█ █", "█ █", "███", "  █", "  █"],
        '5' => ["███", "█  ", "███", "  █", "███"],
        '6' => ["███", "█  ", "███", "█ █", "███"],
        '7' => ["███", "  █", "  █", "  █", "  █"],
        '8' => ["███", "█ █", "███", "█ █", "███"],
        '9' => ["███", "█ █", "███", "  █", "███"],
        ':' => [" ", "█", " ", "█", " "],
        _ => ["   ", "   ", "   ", "   ", "   "],
    }
}

/// The rows of `text` in big glyphs, one column apart.
pub fn rows(text: &str) -> [String; 5] {
    let mut rows: [String; 5] = Default::default();
    for (i, c) in text.chars().enumerate() {
        for (row, part) in rows.iter_mut().zip(glyph(c)) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// How many columns `text` takes in big glyphs.
pub fn width(text: &str) -> u16 {
    let glyphs: usize = text.chars().map(|c| glyph(c)[0].chars().count()).sum();
    let gaps = text.chars().count().saturating_sub(1);
    (glyphs + gaps).try_into().unwrap_or(u16::MAX)
}

/// The rows of `text` with every cell of the glyphs `scale` cells wide
/// and `scale` rows tall.
pub fn scaled_rows(text: &str, scale: u16) -> Vec<String> {
    let scale = usize::from(scale.max(1));
    rows(text)
        .iter()
        .flat_map(|row| {
            let wide: String = row
                .chars()
                .flat_map(|c| std::iter::repeat_n(c, scale))
                .collect();
            std::iter::repeat_n(wide, scale)
        })
        .collect()
}

/// The biggest scale (at least 1) at which `text` fits `width` x `height`,
/// or `None` when even scale 1 does not.
pub fn scale_to_fit(text: &str, cols: u16, rows: u16) -> Option<u16> {
    let one = width(text).max(1);
    let scale = (cols / one).min(rows / HEIGHT);
    (scale >= 1).then_some(scale)
}

/// A big, centred clock such as `1:30`.
pub struct BigClock<'a> {
    pub text: &'a str,
    pub style: Style,
    pub scale: u16,
}

impl Widget for &BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line> = scaled_rows(self.text, self.scale)
            .into_iter()
            .map(|r| Line::styled(r, self.style))
            .collect();
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_is_three_wide_except_the_colon() {
        for c in "0123456789".chars() {
            assert!(glyph(c).iter().all(|r| r.chars().count() == 3), "{c}");
        }
        assert_eq!(width("1:30"), 3 + 1 + 1 + 1 + 3 + 1 + 3);
    }

    #[test]
    fn big_digits_read_as_the_time() {
        let r = rows("1:05");
        assert_eq!(r[0], "██    ███ ███");
        assert_eq!(r[4], "███   ███ ███");
    }

    #[test]
    fn a_scaled_clock_is_the_same_glyphs_bigger() {
        let r = scaled_rows("1:05", 2);
        assert_eq!(r.len(), 10);
        assert_eq!(r[0], "████        ██████  ██████");
        assert_eq!(r[0], r[1]);
        assert_eq!(scale_to_fit("1:05", 13, 5), Some(1));
        assert_eq!(scale_to_fit("1:05", 12, 50), None);
        assert_eq!(scale_to_fit("1:05", 200, 20), Some(4));
    }
}
