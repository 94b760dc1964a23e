//! The full screen's backend: crossterm's, with a bounded size and no
//! cursor of its own.

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};
use std::io::{self, Stdout, Write};

/// The most columns the screen draws. Each cell drawn costs memory (about
/// a hundred bytes, counting both of ratatui's buffers and a frame's
/// changes), so a terminal that says it is 65535 x 65535 (`stty cols
/// 65535 rows 65535`) must not be taken at its word: no real window comes
/// near 1000 x 500, and beyond it the rest of the window stays blank.
pub const MAX_COLS: u16 = 1000;
/// The most rows the screen draws (see [`MAX_COLS`]).
pub const MAX_ROWS: u16 = 500;

/// The part of a window of `size` that is drawn: all of it, up to
/// [`MAX_COLS`] x [`MAX_ROWS`], from the top left corner.
pub fn bounded(size: Size) -> Size {
    Size::new(size.width.min(MAX_COLS), size.height.min(MAX_ROWS))
}

/// The area the full screen draws now: the window's, [`bounded`].
pub fn area() -> io::Result<Rect> {
    let (width, height) = ratatui::crossterm::terminal::size()?;
    Ok(Rect::from((
        Position::ORIGIN,
        bounded(Size::new(width, height)),
    )))
}

/// crossterm's backend on standard output, with two differences:
///
/// - the size it reports is [`bounded`], so ratatui never sizes a buffer
///   or clears a region past it;
/// - it never shows the cursor: [`super::leave`] does, on every way out.
///   ratatui shows it when its `Terminal` is dropped and reports a failure
///   with `eprintln!`, which panics when the terminal has hung up; and it
///   would write to a terminal that may be another job's by then. No
///   screen of ours places a cursor, the other reason ratatui shows it.
pub struct Screen(CrosstermBackend<Stdout>);

impl Screen {
    pub fn new() -> Self {
        Self(CrosstermBackend::new(io::stdout()))
    }
}

impl Default for Screen {
    fn default() -> Self {
        Self::new()
    }
}

impl Write for Screen {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.0)
    }
}

impl Backend for Screen {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.0.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.0.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.0.size().map(bounded)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = self.0.window_size()?;
        Ok(WindowSize {
            columns_rows: bounded(size.columns_rows),
            pixels: size.pixels,
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_past_the_bounds_is_drawn_up_to_them_and_a_smaller_one_whole() {
        assert_eq!(bounded(Size::new(u16::MAX, u16::MAX)), Size::new(1000, 500));
        assert_eq!(bounded(Size::new(10_000, 30)), Size::new(1000, 30));
        assert_eq!(bounded(Size::new(80, 10_000)), Size::new(80, 500));
        assert_eq!(bounded(Size::new(1000, 500)), Size::new(1000, 500));
        assert_eq!(bounded(Size::new(0, 0)), Size::new(0, 0));
    }
}
