//! TOML's own errors (broken syntax, nesting past the parser's limit,
//! numbers serde cannot hold) said the way a routine author reads them:
//! with a place whenever the file has one, plain words instead of the
//! parser's type names, and a help line.

use super::{Code, Problem};
use std::ops::Range;
use toml_parser::Source;
use toml_parser::lexer::TokenKind;

const FORMAT_HELP: &str = "docs/routine-format.md lists every key and the form of its value";

/// Turns a TOML or serde error on `source` into a problem.
pub fn problem(source: &str, error: &toml::de::Error) -> Problem {
    let message = error.message().trim_end();
    let span = error.span().or_else(|| {
        // The only error toml gives without a place: a dotted key past its
        // recursion limit. Find the key ourselves.
        (message == "recursion limit")
            .then(|| longest_dotted_key(source))
            .flatten()
    });
    let mut problem = match span {
        Some(span) => Problem::at(Code::SyntaxError, span, message),
        None => Problem::whole_file(Code::SyntaxError, message),
    };
    let reworded = match message {
        "recursion limit" => Some((
            Code::DottedKeyTooLong,
            "this key has too many dotted parts".to_owned(),
            format!("keys are single words such as `name` or `duration`; {FORMAT_HELP}"),
        )),
        m if m.starts_with("cannot recurse further") => Some((
            Code::NestedTooDeep,
            "values are nested too deeply".to_owned(),
            format!(
                "a routine nests at most a step's `breath = {{ ... }}` or a list of cues; {FORMAT_HELP}"
            ),
        )),
        "integer number overflowed" | "floating-point number overflowed" => Some((
            Code::NumberTooLarge,
            "this number is too large".to_owned(),
            "no key takes a number anywhere near this size".to_owned(),
        )),
        _ => None,
    };
    if let Some((code, message, help)) = reworded {
        problem.code = code;
        problem.message = message;
        problem.help = Some(help);
    }
    // serde speaks of Rust types; say it the way a routine author would.
    for (rust, words) in [
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a sequence", "expected a list [ ... ]"),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: map", "invalid type: table"),
    ] {
        if problem.message.contains(rust) {
            problem.message = problem.message.replace(rust, words);
        }
    }
    if problem.message.starts_with("invalid type") {
        problem.code = Code::WrongKind;
        problem.help = Some(
            "check the value's kind: texts and durations such as \"45s\" in quotes, numbers and true/false without; docs/routine-format.md lists every key".into(),
        );
    }
    problem
}

/// Where the key with the most dotted parts starts, found with toml's own
/// lexer so dots inside strings and comments do not count.
fn longest_dotted_key(source: &str) -> Option<Range<usize>> {
    // (dots so far, the key's span) for the longest key and the current one.
    let mut best: Option<(usize, Range<usize>)> = None;
    let mut run: Option<(usize, Range<usize>)> = None;
    let end = source.len()..source.len();
    let tokens = Source::new(source)
        .lex()
        .map(|t| (t.kind(), t.span().start()..t.span().end()))
        .chain([(TokenKind::Eof, end)]);
    for (kind, span) in tokens {
        match kind {
            TokenKind::Dot => {
                if let Some((dots, key)) = run.as_mut() {
                    *dots += 1;
                    key.end = span.end;
                }
            }
            TokenKind::Atom | TokenKind::BasicString | TokenKind::LiteralString => {
                match run.as_mut() {
                    Some((_, key)) => key.end = span.end,
                    None => run = Some((0, span)),
                }
            }
            TokenKind::Whitespace => {}
            _ => {
                if let Some(done) = run.take()
                    && best.as_ref().is_none_or(|(most, _)| done.0 > *most)
                {
                    best = Some(done);
                }
            }
        }
    }
    best.filter(|(dots, _)| *dots > 1).map(|(_, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_in_strings_and_numbers_do_not_make_a_long_key() {
        let source = "name = \"a.b.c.d.e.f\"\nx = 1.5\nlong.key.here = 1\n# a.b.c.d.e.f.g\n";
        let start = source.find("long").unwrap();
        assert_eq!(
            longest_dotted_key(source),
            Some(start..start + "long.key.here".len())
        );
        assert_eq!(longest_dotted_key("x = 1.5\n"), None);
    }
}
