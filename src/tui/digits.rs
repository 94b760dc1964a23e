//! A big countdown drawn with block glyphs, five rows tall.

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

/// A big, centred clock such as `1:30`.
pub struct BigClock<'a> {
    pub text: &'a str,
    pub style: Style,
}

impl Widget for &BigClock<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines: Vec<Line> = rows(self.text)
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
}
