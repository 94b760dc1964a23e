//! `kneadle validate`: files, folders and standard input checked in one go,
//! ending with a summary, in text for people or as one JSON document for a
//! shared repository's CI. The JSON document is a stable interface: fields
//! are only ever added.

use crate::duration;
use crate::routine::{Code, Problem, Report, Routine, line_col};
use crate::store::library::{self, MAX_LISTED};
use crate::text::{count, sanitize, sanitize_lines, truncate_chars};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How standard input is named in messages.
pub const STDIN: &str = "<stdin>";

/// Problems of one file the JSON document lists; the rest are counted in
/// `omitted`, so a hostile file cannot make a document of megabytes.
pub const JSON_PROBLEMS: usize = 200;

/// The version of the JSON document's layout.
pub const JSON_VERSION: u32 = 1;

/// One file checked: how it is named, and the routine or what is wrong.
pub struct Checked {
    pub label: String,
    /// The text read (empty when it could not be read): what `import`
    /// copies, so the file checked is the file copied.
    pub text: String,
    pub result: Result<Routine, Report>,
}

/// Reads and checks what each argument names, in order: a file, every
/// `*.toml` below a folder, or standard input for `-`.
pub fn check_all(args: &[PathBuf]) -> Vec<Checked> {
    let mut checked = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            checked.push(parsed(STDIN.to_owned(), library::read_stdin(STDIN)));
        } else if arg.is_dir() {
            check_folder(arg, &mut checked);
        } else {
            checked.push(check_file(arg));
        }
    }
    checked
}

fn check_file(path: &Path) -> Checked {
    parsed(path.display().to_string(), library::read_file(path))
}

fn parsed(label: String, read: Result<String, Report>) -> Checked {
    match read {
        Ok(text) => Checked {
            result: Routine::parse(&label, &text),
            label,
            text,
        },
        Err(report) => Checked {
            label,
            text: String::new(),
            result: Err(report),
        },
    }
}

fn check_folder(dir: &Path, checked: &mut Vec<Checked>) {
    let tree = library::routine_files_below(dir);
    let folder_problem = |code: Code, message: String, help: &str| Checked {
        label: dir.display().to_string(),
        text: String::new(),
        result: Err(Report {
            origin: dir.display().to_string(),
            source: String::new(),
            problems: vec![Problem::whole_file(code, message).help(help)],
        }),
    };
    if tree.files.is_empty() && tree.too_deep.is_none() {
        checked.push(folder_problem(
            Code::NoRoutineFiles,
            "no .toml files in this folder or below it".into(),
            "routine files end in .toml; hidden files and folders are skipped",
        ));
        return;
    }
    checked.extend(tree.files.iter().map(|path| check_file(path)));
    if let Some(deep) = &tree.too_deep {
        // Not searched is not passed: the folder is named, as the origin,
        // so no length of path is cut from the message.
        let others = match tree.too_deep_count.saturating_sub(1) {
            0 => String::new(),
            n => format!(
                " (and {n} more {} as deep)",
                if n == 1 { "folder" } else { "folders" }
            ),
        };
        checked.push(Checked {
            label: deep.display().to_string(),
            text: String::new(),
            result: Err(Report {
                origin: deep.display().to_string(),
                source: String::new(),
                problems: vec![
                    Problem::whole_file(
                        Code::FoldersTooDeep,
                        format!(
                            "this folder was not searched: it is more than {} folders below the one named{others}",
                            library::MAX_DEPTH
                        ),
                    )
                    .help("name it (or a folder nearer to it) to check what it holds"),
                ],
            }),
        });
    }
    if tree.more > 0 {
        // A gate that passed files it never read would be no gate.
        checked.push(folder_problem(
            Code::TooManyFiles,
            format!(
                "{} more .toml {} not checked: at most {MAX_LISTED} are, by path",
                tree.more,
                if tree.more == 1 {
                    "file was"
                } else {
                    "files were"
                }
            ),
            "name smaller folders, one at a time",
        ));
    }
}

/// Files with problems and problems in all.
fn tally(checked: &[Checked]) -> (usize, usize) {
    checked
        .iter()
        .filter_map(|c| c.result.as_ref().err())
        .fold((0, 0), |(files, problems), r| {
            (files + 1, problems + r.problems.len())
        })
}

fn status(checked: &[Checked]) -> ExitCode {
    if checked.iter().any(|c| c.result.is_err()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// People's form: `ok` lines on standard output, reports on standard
/// error, and a summary line last on standard output.
pub fn write_text(
    checked: &[Checked],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    for c in checked {
        match &c.result {
            Ok(r) => writeln!(
                out,
                "{}: ok — {}, {}, {}",
                sanitize(&c.label),
                sanitize(&r.name),
                duration::words(r.total()),
                count(r.steps.len(), "step")
            )?,
            Err(report) => write!(err, "{}", report.render())?,
        }
    }
    let (bad, problems) = tally(checked);
    writeln!(
        out,
        "{}, {bad} with problems, {}",
        count(checked.len(), "file"),
        count_zero(problems, "problem")
    )?;
    Ok(status(checked))
}

/// "0 problems", "1 problem", "5 problems".
fn count_zero(n: usize, noun: &str) -> String {
    if n == 0 {
        format!("0 {noun}s")
    } else {
        count(n, noun)
    }
}

/// Scripts' form: one JSON document on standard output.
pub fn write_json(checked: &[Checked], out: &mut dyn Write) -> io::Result<ExitCode> {
    let (bad, problems) = tally(checked);
    let files: Vec<Value> = checked.iter().map(file_json).collect();
    let doc = json!({
        "version": JSON_VERSION,
        "files": files,
        "summary": {
            "files": checked.len(),
            "with_problems": bad,
            "problems": problems,
        },
    });
    let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    writeln!(out, "{text}")?;
    Ok(status(checked))
}

fn file_json(c: &Checked) -> Value {
    let (problems, omitted) = match &c.result {
        Ok(_) => (Vec::new(), 0),
        Err(report) => (
            report
                .problems
                .iter()
                .take(JSON_PROBLEMS)
                .map(|p| problem_json(&report.source, p))
                .collect(),
            report.problems.len().saturating_sub(JSON_PROBLEMS),
        ),
    };
    json!({
        "path": sanitize(&c.label),
        "valid": c.result.is_ok(),
        "problems": problems,
        "omitted": omitted,
    })
}

/// A problem with 1-based lines and columns (columns count characters);
/// `end` is just past the marked text. A problem with no place (a file
/// that cannot be read) has `null` for all three.
fn problem_json(source: &str, p: &Problem) -> Value {
    let place = |offset: usize| {
        let (line, column) = line_col(source, offset);
        (line, column)
    };
    let (line, column, end) = match &p.span {
        Some(span) => {
            let (line, column) = place(span.start);
            let (end_line, end_column) = place(span.end);
            (
                json!(line),
                json!(column),
                json!({ "line": end_line, "column": end_column }),
            )
        }
        None => (Value::Null, Value::Null, Value::Null),
    };
    json!({
        "code": p.code.name(),
        "severity": "error",
        "line": line,
        "column": column,
        "end": end,
        "message": bounded(&p.message),
        "help": p.help.as_deref().map(|h| sanitize_lines(&truncate_chars(h, 240)).into_owned()),
    })
}

/// As the text report bounds and escapes it: JSON escapes C0 controls
/// but would pass C1 controls and bidi overrides to a terminal.
fn bounded(text: &str) -> String {
    sanitize(&truncate_chars(text, 240)).into_owned()
}
