//! Problems found in a routine file, with their positions, and how they are
//! shown to the person who wrote the file.

use super::Code;
use crate::text::{mask_same_len, sanitize, sanitize_lines, truncate_chars};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;

/// One thing wrong with a routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem it is, by a stable name.
    pub code: Code,
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// How to fix it: "did you mean `stroking`?".
    pub help: Option<String>,
}

impl Problem {
    pub fn at(code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            code,
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    pub fn whole_file(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            span: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Puts `problems` in file order: by where each starts (a problem of the
/// whole file first), keeping the order they were found in among equals.
pub fn in_file_order(problems: &mut [Problem]) {
    problems.sort_by_key(|p| p.span.as_ref().map_or(0, |s| s.start));
}

/// Every problem found in one routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Where the file came from, as the user named it.
    pub origin: String,
    pub source: String,
    pub problems: Vec<Problem>,
}

/// How many problems of one file are shown in full; the rest are counted,
/// so a hostile file cannot flood the terminal.
pub const SHOWN: usize = 20;

/// Characters of a long line kept on each side of the mark. Wider than the
/// renderer's 140 columns, so the renderer itself marks every cut with `...`.
const WINDOW: usize = 150;

/// The longest mark, in characters: enough to underline a long value.
const MARK: usize = 60;

/// Where each line of a file starts, found in one pass, so placing a
/// problem is a binary search and not a scan from the top of the file.
struct Lines<'s> {
    source: &'s str,
    /// Byte offset of each line's first character; the first line starts
    /// after a byte-order mark, which is not part of what the author sees.
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    fn new(source: &'s str) -> Self {
        let first = if source.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let starts = std::iter::once(first)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { source, starts }
    }

    /// `offset` clamped into the text (past the mark) and onto a character.
    fn clamp(&self, offset: usize) -> usize {
        let first = self.starts.first().copied().unwrap_or(0);
        let mut offset = offset.clamp(first, self.source.len().max(first));
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 0-based index of the line holding byte `offset`.
    fn index(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// The byte range of line `index`, without its line break.
    fn line(&self, index: usize) -> Range<usize> {
        let start = self.starts.get(index).copied().unwrap_or(0);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.source.len(), |next| next - 1);
        let text = self.source.get(start..end).unwrap_or("");
        start..start + text.trim_end_matches('\r').len()
    }

    /// 1-based line and column (in characters) of byte `offset`.
    fn place(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let index = self.index(offset);
        let start = self.starts.get(index).copied().unwrap_or(0);
        let col = self
            .source
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (index + 1, col + 1)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `source`,
/// counted from after a leading byte-order mark.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    Lines::new(source).place(offset)
}

/// The byte offset `n` characters before `at` in `s` (or its start).
fn back_chars(s: &str, at: usize, n: usize) -> usize {
    s.get(..at)
        .and_then(|before| before.char_indices().rev().take(n).last())
        .map_or(at, |(i, _)| i)
}

/// The byte offset `n` characters after `at` in `s` (or its end).
fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    s.get(at..)
        .and_then(|after| after.char_indices().nth(n))
        .map_or(s.len(), |(i, _)| at + i)
}

/// A message or help may quote the file ("unknown technique `…`"), and a
/// quoted value may be a megabyte long: each is cut to this many
/// characters, so every report stays small whatever the file holds.
const MAX_MESSAGE: usize = 240;

/// `message` made safe to print and cut to [`MAX_MESSAGE`] characters.
fn bounded(message: &str) -> String {
    sanitize(&truncate_chars(message, MAX_MESSAGE)).into_owned()
}

impl Report {
    /// `origin:line:col` of a problem (just `origin` without a place).
    pub fn location(&self, problem: &Problem) -> String {
        self.locate(&Lines::new(&self.source), problem)
    }

    fn locate(&self, lines: &Lines<'_>, problem: &Problem) -> String {
        let origin = sanitize(&self.origin);
        match &problem.span {
            Some(span) => {
                let (line, col) = lines.place(span.start);
                format!("{origin}:{line}:{col}")
            }
            None => origin.into_owned(),
        }
    }

    /// The line that stands for the problems not shown, if any.
    fn rest(&self) -> Option<String> {
        let more = self.problems.len().checked_sub(SHOWN).filter(|&n| n > 0)?;
        let noun = if more == 1 { "problem" } else { "problems" };
        Some(format!(
            "{}: … and {more} more {noun} in this file",
            sanitize(&self.origin)
        ))
    }

    /// One line per problem: `file:line:col: message`, for `list`; at most
    /// [`SHOWN`] of them, then a count of the rest.
    pub fn short(&self) -> String {
        let lines = Lines::new(&self.source);
        self.problems
            .iter()
            .take(SHOWN)
            .map(|p| {
                format!(
                    "{}: {} [{}]",
                    self.locate(&lines, p),
                    bounded(&p.message),
                    p.code
                )
            })
            .chain(self.rest())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The full report: each problem with the line it is on, marked, and its
    /// help; at most [`SHOWN`] of them, then a count of the rest. Safe to
    /// print: nothing from the file reaches the output unescaped.
    pub fn render(&self) -> String {
        let lines = Lines::new(&self.source);
        let mut out = String::new();
        for problem in self.problems.iter().take(SHOWN) {
            out.push_str(&self.render_one(&lines, problem));
            out.push('\n');
        }
        if let Some(rest) = self.rest() {
            out.push_str(&rest);
            out.push('\n');
        }
        out
    }

    fn render_one(&self, lines: &Lines<'_>, problem: &Problem) -> String {
        // The code closes the headline, where a reader looks it up.
        let message = format!("{} [{}]", bounded(&problem.message), problem.code);
        let help = problem
            .help
            .as_deref()
            .map(|h| sanitize_lines(&truncate_chars(h, MAX_MESSAGE)).into_owned());
        let location = self.locate(lines, problem);
        let Some(span) = problem.span.clone() else {
            let mut s = format!("error: {location}: {message}\n");
            if let Some(help) = help {
                s.push_str(&format!("  = help: {help}\n"));
            }
            return s;
        };
        // Show only the line the problem starts on, and of a long line only
        // a window around the mark: a hostile file must not flood the
        // screen, nor make each problem cost the length of its line.
        let at = lines.clamp(span.start);
        let (line_no, _) = lines.place(at);
        let line = lines.line(line_no - 1);
        let text = self.source.get(line.clone()).unwrap_or("");
        let from = at.saturating_sub(line.start).min(text.len());
        // The mark: at least one character (an empty span points at the
        // character after it), and at most the first `MARK` characters.
        let wanted = span.end.saturating_sub(at).min(text.len() - from);
        let mut to = from;
        let rest = text.get(from..).unwrap_or("");
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n >= MARK || (i >= wanted && n > 0) {
                break;
            }
            to = from + i + c.len_utf8();
        }
        let window = back_chars(text, from, WINDOW)..forward_chars(text, to, WINDOW);
        let masked = mask_same_len(text.get(window.clone()).unwrap_or(""));
        let local = from - window.start..to - window.start;
        let mut groups = vec![
            Level::ERROR.primary_title(message.as_str()).element(
                Snippet::source(masked.as_ref())
                    .line_start(line_no)
                    .annotation(AnnotationKind::Primary.span(local)),
            ),
        ];
        if let Some(help) = &help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let rendered = Renderer::plain().render(&groups);
        // The place goes under the title, in the renderer's own layout; it
        // is written here because the renderer would count the column from
        // the window's start.
        let (title, body) = rendered.split_once('\n').unwrap_or((&rendered, ""));
        let gutter = " ".repeat(line_no.to_string().len());
        let rendered = format!("{title}\n{gutter}--> {location}\n{body}");
        // The renderer echoes source text; escape whatever it let through.
        sanitize_lines(&rendered).into_owned() + "\n"
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Report {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "a = 1\nname = \"é\u{1b}\"";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        let esc = src.find('\u{1b}').unwrap();
        assert_eq!(line_col(src, esc), (2, 10));
    }

    #[test]
    fn columns_start_after_a_byte_order_mark_and_lines_end_before_a_return() {
        let src = "\u{feff}kneadle = 2\r\nname = 1\r\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, src.find('2').unwrap()), (1, 11));
        assert_eq!(line_col(src, src.find('1').unwrap()), (2, 8));
        let lines = Lines::new(src);
        assert_eq!(src.get(lines.line(0)), Some("kneadle = 2"));
        assert_eq!(src.get(lines.line(1)), Some("name = 1"));
    }

    #[test]
    fn a_window_keeps_whole_characters() {
        let s = "aé€b";
        assert_eq!(back_chars(s, s.len(), 2), s.find('€').unwrap());
        assert_eq!(back_chars(s, 3, 10), 0);
        assert_eq!(back_chars(s, 3, 0), 3);
        assert_eq!(forward_chars(s, 1, 2), s.find('b').unwrap());
        assert_eq!(forward_chars(s, 1, 10), s.len());
    }

    #[test]
    fn rendering_marks_the_place_and_keeps_escapes_out() {
        let src = "kneadle = 1\nname = \"x\u{1b}[2J\"\n";
        let at = src.find('\u{1b}').unwrap();
        let report = Report {
            origin: "r.toml".into(),
            source: src.into(),
            problems: vec![
                Problem::at(Code::ForbiddenCharacter, at..at + 1, "bad").help("remove it"),
            ],
        };
        let text = report.render();
        assert!(text.contains("r.toml:2:10"), "{text}");
        assert!(text.contains("help: remove it"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }
}
