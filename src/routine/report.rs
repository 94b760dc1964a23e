//! Problems found in a routine file, with their positions, and how they are
//! shown to the person who wrote the file.

use crate::text::{mask_same_len, sanitize, sanitize_lines};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;

/// One thing wrong with a routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the file, when the problem has a place.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// How to fix it: "did you mean `stroking`?".
    pub help: Option<String>,
}

impl Problem {
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            span: Some(span),
            message: message.into(),
            help: None,
        }
    }

    pub fn whole_file(message: impl Into<String>) -> Self {
        Self {
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

/// Every problem found in one routine file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Where the file came from, as the user named it.
    pub origin: String,
    pub source: String,
    pub problems: Vec<Problem>,
}

/// 1-based line and column (in characters) of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

impl Report {
    /// `origin:line:col` of a problem (just `origin` without a place).
    pub fn location(&self, problem: &Problem) -> String {
        let origin = sanitize(&self.origin);
        match &problem.span {
            Some(span) => {
                let (line, col) = line_col(&self.source, span.start);
                format!("{origin}:{line}:{col}")
            }
            None => origin.into_owned(),
        }
    }

    /// One line per problem: `file:line:col: message (help)`, for `list`.
    pub fn short(&self) -> String {
        self.problems
            .iter()
            .map(|p| format!("{}: {}", self.location(p), sanitize(&p.message)))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The full report: each problem with the line it is on, marked, and its
    /// help. Safe to print: nothing from the file reaches the output unescaped.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for problem in &self.problems {
            out.push_str(&self.render_one(problem));
            out.push('\n');
        }
        out
    }

    fn render_one(&self, problem: &Problem) -> String {
        let message = sanitize(&problem.message);
        let help = problem.help.as_deref().map(sanitize_lines);
        let location = self.location(problem);
        let Some(span) = problem.span.clone() else {
            let mut s = format!("error: {location}: {message}\n");
            if let Some(help) = help {
                s.push_str(&format!("  = help: {help}\n"));
            }
            return s;
        };
        // Show only the line the problem starts on: a long file (or a long
        // line) must not flood the screen, and masking keeps the spans valid.
        let (line_no, _) = line_col(&self.source, span.start);
        let start = self
            .source
            .get(..span.start)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1);
        let end = self
            .source
            .get(span.start..)
            .and_then(|s| s.find('\n'))
            .map_or(self.source.len(), |i| span.start + i);
        let line = self.source.get(start..end).unwrap_or("");
        let line = line.trim_end_matches('\r');
        let masked = mask_same_len(line);
        // The mark, in the line: at least one character (an empty span
        // points at the character after it), and at most the first 60
        // characters of a long value so the renderer can shorten the line.
        let from = span.start.saturating_sub(start).min(masked.len());
        let rest = masked.get(from..).unwrap_or("");
        let wanted = span.end.saturating_sub(start).min(masked.len()).max(from) - from;
        let mut to = from;
        for (n, (i, c)) in rest.char_indices().enumerate() {
            if n >= 60 || (i >= wanted && n > 0) {
                break;
            }
            to = from + i + c.len_utf8();
        }
        let local = from..to;
        let origin = sanitize(&self.origin);
        let mut groups = vec![
            Level::ERROR.primary_title(message.as_ref()).element(
                Snippet::source(masked.as_ref())
                    .line_start(line_no)
                    .path(origin.as_ref())
                    .annotation(AnnotationKind::Primary.span(local)),
            ),
        ];
        if let Some(help) = &help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_ref()),
            ));
        }
        let rendered = Renderer::plain().render(&groups);
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
    fn rendering_marks_the_place_and_keeps_escapes_out() {
        let src = "kneadle = 1\nname = \"x\u{1b}[2J\"\n";
        let at = src.find('\u{1b}').unwrap();
        let report = Report {
            origin: "r.toml".into(),
            source: src.into(),
            problems: vec![Problem::at(at..at + 1, "bad").help("remove it")],
        };
        let text = report.render();
        assert!(text.contains("r.toml:2:10"), "{text}");
        assert!(text.contains("help: remove it"), "{text}");
        assert!(!text.contains('\u{1b}'));
    }
}
