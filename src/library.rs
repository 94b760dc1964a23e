//! Where routines come from: the built-ins embedded in the binary, the
//! user's routine directory, and paths named on the command line.

mod save;

pub use save::{Saved, Target, save};

use crate::routine::{Code, Problem, Report, Routine, Technique, closest, limits};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The built-in routines, embedded from `routines/` at build time.
pub const BUILTINS: &[(&str, &str)] = &[
    ("middle-back", include_str!("../routines/middle-back.toml")),
    (
        "neck-shoulders",
        include_str!("../routines/neck-shoulders.toml"),
    ),
    ("lower-back", include_str!("../routines/lower-back.toml")),
    ("desk-break", include_str!("../routines/desk-break.toml")),
    ("wind-down", include_str!("../routines/wind-down.toml")),
];

/// The embedded text of built-in routine `id`.
pub fn builtin_source(id: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(b, _)| *b == id).map(|(_, s)| *s)
}

/// Names a built-in even where the user has a routine of the same name:
/// `kneadle run builtin:desk-break`.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The routine the picker selects first and README promises.
pub const DEFAULT_ROUTINE: &str = "middle-back";

/// Where a routine was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin(&'static str),
    File(PathBuf),
}

impl Origin {
    /// How messages name it: the id for a built-in, the path for a file.
    pub fn label(&self) -> String {
        match self {
            Self::Builtin(id) => format!("{id} (built-in)"),
            Self::File(path) => path.display().to_string(),
        }
    }
}

/// Whose a listed routine is, and whether it stands in for another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    BuiltIn,
    /// A built-in replaced by a routine of the user's of the same name
    /// (listed by its `builtin:` name).
    Replaced,
    Yours,
    /// The user's, standing in for this built-in of the same name.
    Replaces(&'static str),
}

/// Whose the routine listed as `id` from `origin` is. Read from the id
/// alone, so the picker can say it without touching a file.
pub fn whose(id: &str, origin: &Origin) -> Whose {
    match origin {
        Origin::File(_) => BUILTINS
            .iter()
            .map(|(b, _)| *b)
            .find(|b| *b == id)
            .map_or(Whose::Yours, Whose::Replaces),
        Origin::Builtin(_) if id.starts_with(BUILTIN_PREFIX) => Whose::Replaced,
        Origin::Builtin(_) => Whose::BuiltIn,
    }
}

/// One routine in the library, valid or not.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name to type after `kneadle run`.
    pub id: String,
    pub origin: Origin,
    pub routine: Result<Routine, Report>,
    /// The hash of the text it was read from (see `history::hash_text`):
    /// history tells versions of a routine apart by it.
    pub hash: String,
}

/// The user's routine directory (see [`crate::paths::routines_dir`]).
pub fn user_dir() -> Option<PathBuf> {
    crate::paths::routines_dir().map(|place| place.path)
}

/// Reads a routine file, refusing what is not a regular file, is over the
/// size limit, or is not UTF-8, with a message that names the file.
pub fn read_file(path: &Path) -> Result<String, Report> {
    read_text(path, "routine")
}

/// Reads a `kind` file ("routine", "config") the way [`read_file`] does.
pub fn read_text(path: &Path, kind: &str) -> Result<String, Report> {
    let origin = path.display().to_string();
    let fail = |code: Code, message: String, help: &str| Report {
        origin: origin.clone(),
        source: String::new(),
        problems: vec![Problem::whole_file(code, message).help(help)],
    };
    let file = open_without_waiting(path).map_err(|e| {
        fail(
            Code::CannotRead,
            format!("cannot read the file: {}", io_reason(&e)),
            "check the path and its permissions",
        )
    })?;
    // The type and size of what was opened, not of what the path named a
    // moment before.
    let meta = file.metadata().map_err(|e| {
        fail(
            Code::CannotRead,
            format!("cannot read the file: {}", io_reason(&e)),
            "check the path",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            Code::NotAFile,
            format!("this is a directory, not a {kind} file"),
            "name a .toml file inside it",
        ));
    }
    if !meta.is_file() {
        return Err(fail(
            Code::NotAFile,
            "this is not a regular file".into(),
            &format!("name a .toml {kind} file"),
        ));
    }
    let too_big = || {
        fail(
            Code::FileTooLarge,
            format!(
                "the file is over the {} KiB limit for a {kind} file",
                limits::MAX_FILE_BYTES / 1024
            ),
            &format!("a {kind} file is short text; is this the right file?"),
        )
    };
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(too_big());
    }
    // The file may grow between the size check and the read: read no more
    // than the limit allows.
    let bytes = read_available(file.take(limits::MAX_FILE_BYTES + 1)).map_err(|e| {
        fail(
            Code::CannotRead,
            format!("cannot read the file: {}", io_reason(&e)),
            "check the path and its permissions",
        )
    })?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(too_big());
    }
    utf8_text(origin, bytes)
}

/// Standard input as a routine's text (`kneadle validate -`): read to its
/// end, but never more than a routine file may hold.
pub fn read_stdin(origin: &str) -> Result<String, Report> {
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes);
    let fail = |code: Code, message: String, help: &str| Report {
        origin: origin.to_owned(),
        source: String::new(),
        problems: vec![Problem::whole_file(code, message).help(help)],
    };
    if let Err(e) = read {
        return Err(fail(
            Code::CannotRead,
            format!("cannot read standard input: {}", io_reason(&e)),
            "pipe a routine file into kneadle",
        ));
    }
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(fail(
            Code::FileTooLarge,
            format!(
                "standard input is over the {} KiB limit for a routine file",
                limits::MAX_FILE_BYTES / 1024
            ),
            "a routine file is short text; is this the right file?",
        ));
    }
    utf8_text(origin.to_owned(), bytes)
}

/// `bytes` as text, or a report that points at the first byte that is not
/// UTF-8.
fn utf8_text(origin: String, bytes: Vec<u8>) -> Result<String, Report> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let source =
            String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default()).into_owned();
        Report {
            origin: origin.clone(),
            problems: vec![
                Problem::at(
                    Code::NotUtf8,
                    valid..valid,
                    "the file is not valid UTF-8 text",
                )
                .help("save it as UTF-8"),
            ],
            source,
        }
    })
}

/// Opens `path` for reading without ever waiting: non-blocking where the
/// platform has it, so a FIFO or a device that never answers (some `/proc`
/// files claim to be regular) cannot hang a command.
pub(crate) fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Everything `reader` has now. A read that would wait ends the file: a
/// file that yields nothing is empty.
fn read_available(mut reader: impl Read) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = [0; 8192];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(n) => bytes.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(bytes),
            Err(e) => return Err(e),
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads and validates a routine file.
pub fn load_file(path: &Path) -> Result<Routine, Report> {
    let source = read_file(path)?;
    Routine::parse(&path.display().to_string(), &source)
}

/// Does `arg` name a file rather than a routine id?
fn looks_like_path(arg: &str) -> bool {
    arg.contains('/')
        || arg.contains(std::path::MAIN_SEPARATOR)
        || arg.ends_with(".toml")
        || arg.starts_with('.')
}

/// Where the routine `arg` names is, without reading it: a path, a
/// built-in id, or the id of a file in the user's directory.
fn locate(arg: &str) -> Result<Origin, Report> {
    if let Some(name) = arg.strip_prefix(BUILTIN_PREFIX) {
        return match BUILTINS.iter().find(|(id, _)| *id == name) {
            Some(&(id, _)) => Ok(Origin::Builtin(id)),
            None => Err(no_such(
                arg,
                "no built-in routine by this name",
                BUILTINS.iter().map(|(id, _)| *id).collect(),
            )),
        };
    }
    if looks_like_path(arg) {
        return Ok(Origin::File(PathBuf::from(arg)));
    }
    let dir = user_dir();
    // A listed id names `DIR/ID.toml`: look there directly, so every file
    // is reachable by its id, listed or beyond the cap. The user's file
    // comes first: a copy of a built-in under its name is meant to replace
    // it (`builtin:ID` still reaches the built-in).
    if let Some(dir) = &dir
        && is_plain_id(arg)
    {
        let path = dir.join(format!("{arg}.toml"));
        if path.is_file() {
            return Ok(Origin::File(path));
        }
    }
    if let Some(&(id, _)) = BUILTINS.iter().find(|(id, _)| *id == arg) {
        return Ok(Origin::Builtin(id));
    }
    // The ids `list` shows: a replaced built-in as `builtin:NAME`, and
    // each quoted where a shell would need it.
    let (places, _) = places();
    let ids: Vec<String> = places
        .iter()
        .map(|(id, _)| {
            shlex::try_quote(id).map_or_else(|_| id.clone(), std::borrow::Cow::into_owned)
        })
        .collect();
    Err(no_such(
        arg,
        "no routine by this name",
        ids.iter().map(String::as_str).collect(),
    ))
}

/// "no routine by this name", with the closest id or the choices.
fn no_such(arg: &str, message: &str, ids: Vec<&str>) -> Report {
    let help = match closest(arg, ids.iter().copied()) {
        Some(id) => format!("did you mean `{id}`? `kneadle list` shows every routine"),
        None => format!(
            "choose one of: {}; or give the path to a .toml file",
            ids.join(", ")
        ),
    };
    Report {
        origin: arg.to_owned(),
        source: String::new(),
        problems: vec![Problem::whole_file(Code::UnknownRoutine, message).help(help)],
    }
}

/// The text of a routine: embedded for a built-in, read once for a file.
fn text_of(origin: &Origin) -> Result<String, Report> {
    match origin {
        Origin::Builtin(id) => Ok(builtin_source(id).unwrap_or_default().to_owned()),
        Origin::File(path) => read_file(path),
    }
}

/// The name messages give a routine's text.
fn source_name(origin: &Origin) -> String {
    match origin {
        Origin::Builtin(id) => format!("routines/{id}.toml"),
        Origin::File(path) => path.display().to_string(),
    }
}

/// Finds a routine by path or id (built-in first, then the user's
/// directory) and reads it.
pub fn resolve(arg: &str) -> Result<Entry, Report> {
    let origin = locate(arg)?;
    Ok(load(arg.to_owned(), origin))
}

/// The checked text of the routine `arg` names, exactly as written: what
/// `export` prints.
pub fn checked_text(arg: &str) -> Result<String, Report> {
    let origin = locate(arg)?;
    let text = text_of(&origin)?;
    Routine::parse(&source_name(&origin), &text)?;
    Ok(text)
}

/// Reads and checks the routine at `origin`, listed as `id`.
pub fn load(id: String, origin: Origin) -> Entry {
    let mut hash = String::new();
    let routine = text_of(&origin).and_then(|text| {
        hash = crate::history::hash_text(&text);
        Routine::parse(&source_name(&origin), &text)
    });
    Entry {
        id,
        origin,
        routine,
        hash,
    }
}

/// What the picker shows of a routine: a bounded digest, however large
/// the file, so the picker's memory is bounded by what it lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    pub name: String,
    pub summary: String,
    pub areas: Vec<String>,
    pub caution: Option<String>,
    pub total: Duration,
    pub step_count: usize,
    /// The first [`ABOUT_STEPS`] steps.
    pub steps: Vec<StepLine>,
}

/// One step as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLine {
    pub name: String,
    pub technique: Technique,
    pub duration: Duration,
    pub sides: bool,
    pub repeat: u32,
}

/// Steps the picker lists before "and N more".
pub const ABOUT_STEPS: usize = 40;

/// Problem lines the picker keeps of an invalid routine.
pub const ABOUT_PROBLEMS: usize = 10;

impl About {
    pub fn of(r: &Routine) -> Self {
        Self {
            name: r.name.clone(),
            summary: r.summary.clone(),
            areas: r.areas.clone(),
            caution: r.caution.clone(),
            total: r.total(),
            step_count: r.steps.len(),
            steps: r
                .steps
                .iter()
                .take(ABOUT_STEPS)
                .map(|s| StepLine {
                    name: s.name.clone(),
                    technique: s.technique,
                    duration: s.duration,
                    sides: s.sides,
                    repeat: s.repeat,
                })
                .collect(),
        }
    }
}

/// A routine as the picker lists it: where it is, and its digest or the
/// first lines of what is wrong with it.
#[derive(Debug, Clone)]
pub struct Listing {
    pub id: String,
    pub origin: Origin,
    pub about: Result<About, Vec<String>>,
}

impl Listing {
    /// Reads and checks the routine, keeping only what the picker shows.
    pub fn load(id: String, origin: Origin) -> Self {
        let entry = load(id, origin);
        let about = match &entry.routine {
            Ok(r) => Ok(About::of(r)),
            Err(report) => Err(report
                .short()
                .lines()
                .take(ABOUT_PROBLEMS)
                .map(str::to_owned)
                .collect()),
        };
        Self {
            id: entry.id,
            origin: entry.origin,
            about,
        }
    }
}

/// Where every routine the picker lists is, without reading any: the
/// built-ins, then the user's, and what was left out of the list.
pub fn places() -> (Vec<(String, Origin)>, Folder) {
    let folder = user_dir().map(|d| user_folder(&d)).unwrap_or_default();
    // A built-in the user replaced goes by the name that still runs it.
    let replaced = |id: &str| folder.files.iter().any(|(own, _)| own == id);
    let places = BUILTINS
        .iter()
        .map(|&(id, _)| {
            let shown = if replaced(id) {
                format!("{BUILTIN_PREFIX}{id}")
            } else {
                id.to_owned()
            };
            (shown, Origin::Builtin(id))
        })
        .chain(
            folder
                .files
                .iter()
                .map(|(id, path)| (id.clone(), Origin::File(path.clone()))),
        )
        .collect();
    (places, folder)
}

/// At most this many of the user's files are listed; `kneadle run ID`
/// still finds the others.
pub const MAX_LISTED: usize = 1000;

/// The user's routine files, and what was left out of the list.
#[derive(Debug, Default)]
pub struct Folder {
    /// Id and path of each listed file, sorted by file name.
    pub files: Vec<(String, PathBuf)>,
    /// `*.toml` files past [`MAX_LISTED`].
    pub more: usize,
    /// Files whose names cannot be shown or typed: not UTF-8, or with
    /// control or invisible characters. How many, and a few of them.
    pub unnamed: usize,
    pub unnamed_examples: Vec<String>,
}

impl Folder {
    /// One line for each thing left out, for `list` and the picker.
    pub fn notices(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.more > 0 {
            notes.push(format!(
                "{} more routine {} not listed: only the first {MAX_LISTED} (by file name) are; `kneadle run NAME` still finds them",
                self.more,
                if self.more == 1 { "file is" } else { "files are" },
            ));
        }
        if self.unnamed > 0 {
            notes.push(format!(
                "{} {} skipped: the name is not valid UTF-8 or holds control or invisible characters; rename it to run it ({})",
                self.unnamed,
                if self.unnamed == 1 { "file" } else { "files" },
                self.unnamed_examples.join(", "),
            ));
        }
        notes
    }
}

/// Can `id` be typed after `kneadle run` and mean `DIR/ID.toml`? Not if
/// it would be taken for a path, is hidden, or holds characters that do
/// not show. The one rule for ids: resolving, listing and naming a new
/// routine (`new`, `import`) all ask it.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && !looks_like_path(id)
        && !id.starts_with(BUILTIN_PREFIX)
        && !id.starts_with('-')
        && crate::text::first_forbidden(id).is_none()
}

/// The `*.toml` files of `dir` (not hidden ones, whose names start with a
/// dot), the first [`MAX_LISTED`] by name. Memory and time stay bounded by
/// what is listed, however many files the folder holds.
pub fn user_folder(dir: &Path) -> Folder {
    let mut folder = Folder::default();
    let Ok(read) = std::fs::read_dir(dir) else {
        return folder;
    };
    // The smallest names seen so far, the largest on top to be dropped.
    let mut kept: std::collections::BinaryHeap<(String, PathBuf)> =
        std::collections::BinaryHeap::new();
    for entry in read.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            if name.as_encoded_bytes().ends_with(b".toml") {
                folder.unnamed += 1;
                if folder.unnamed_examples.len() < 3 {
                    folder
                        .unnamed_examples
                        .push(crate::text::sanitize(&name.to_string_lossy()).into_owned());
                }
            }
            continue;
        };
        if !name.ends_with(".toml") || name.starts_with('.') {
            continue;
        }
        if crate::text::first_forbidden(name).is_some() {
            folder.unnamed += 1;
            if folder.unnamed_examples.len() < 3 {
                folder
                    .unnamed_examples
                    .push(crate::text::sanitize(name).into_owned());
            }
            continue;
        }
        kept.push((name.to_owned(), entry.path()));
        if kept.len() > MAX_LISTED {
            kept.pop();
            folder.more += 1;
        }
    }
    folder.files = kept
        .into_sorted_vec()
        .into_iter()
        .map(|(name, path)| {
            // A name that would be taken for a path goes by its path,
            // which runs it; one that is a built-in's replaces it.
            let stem = name.strip_suffix(".toml").unwrap_or(&name);
            let id = if is_plain_id(stem) {
                stem.to_owned()
            } else {
                path.display().to_string()
            };
            (id, path)
        })
        .collect();
    folder
}

/// Folders deeper than this below the one named are not searched: a
/// routine repository is a few levels deep, and a loop of bind mounts is
/// not.
pub const MAX_DEPTH: usize = 16;

/// The routine files below a folder `validate` or `import` was given.
#[derive(Debug, Default)]
pub struct Tree {
    /// The first [`MAX_LISTED`] `*.toml` files, by path.
    pub files: Vec<PathBuf>,
    /// `*.toml` files past [`MAX_LISTED`].
    pub more: usize,
    /// Folders with something in them that were not searched, being
    /// deeper than [`MAX_DEPTH`]: the first by path, and how many.
    pub too_deep: Option<PathBuf>,
    pub too_deep_count: usize,
}

/// Every `*.toml` file below `dir`, skipping hidden files and folders (a
/// repository's `.git`) and never following a link into another folder, so
/// the walk ends. Memory stays bounded by [`MAX_LISTED`].
pub fn routine_files_below(dir: &Path) -> Tree {
    let mut tree = Tree::default();
    let mut kept: std::collections::BinaryHeap<PathBuf> = std::collections::BinaryHeap::new();
    let mut folders = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let Ok(read) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in read.filter_map(Result::ok) {
            let name = entry.file_name();
            if name.as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if depth < MAX_DEPTH {
                    folders.push((path, depth + 1));
                } else if holds_anything(&path) {
                    tree.too_deep_count += 1;
                    if tree.too_deep.as_ref().is_none_or(|first| path < *first) {
                        tree.too_deep = Some(path);
                    }
                }
            } else if name.as_encoded_bytes().ends_with(b".toml") {
                kept.push(path);
                if kept.len() > MAX_LISTED {
                    kept.pop();
                    tree.more += 1;
                }
            }
        }
    }
    tree.files = kept.into_sorted_vec();
    tree
}

/// Does the folder hold anything the walk would look at (a name not
/// starting with a dot)? An empty folder left too deep is no loss.
fn holds_anything(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut read| {
        read.any(|entry| entry.is_ok_and(|e| !e.file_name().as_encoded_bytes().starts_with(b".")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_routine_is_valid() {
        for (id, source) in BUILTINS {
            if let Err(report) = Routine::parse(id, source) {
                panic!("{id} is invalid:\n{report}");
            }
        }
    }

    #[test]
    fn builtin_ids_are_unique_and_match_their_files() {
        let mut ids: Vec<_> = BUILTINS.iter().map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), BUILTINS.len());
        for id in ids {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("routines")
                    .join(format!("{id}.toml"))
                    .is_file()
            );
        }
        let on_disk = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("routines"))
            .unwrap()
            .count();
        assert_eq!(
            on_disk,
            BUILTINS.len(),
            "every file in routines/ is embedded"
        );
    }
}
