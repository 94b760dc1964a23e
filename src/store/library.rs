//! Where routines come from: the built-ins embedded in the binary, the
//! user's routine directory, and paths named on the command line.

mod about;
mod folder;
mod read;
mod save;

pub use about::{ABOUT_PROBLEMS, ABOUT_STEPS, About, Listing, StepLine};
pub use folder::{
    Folder, MAX_DEPTH, MAX_LISTED, Tree, is_plain_id, places, routine_files_below, user_folder,
};
pub use read::{open_without_waiting, read_file, read_stdin, read_text};
pub use save::{Saved, Target, save};

use crate::routine::{Code, Problem, Report, Routine, closest};
use std::path::{Path, PathBuf};

/// The built-in routines, embedded from `routines/` at build time.
pub const BUILTINS: &[(&str, &str)] = &[
    (
        "middle-back",
        include_str!("../../routines/middle-back.toml"),
    ),
    (
        "neck-shoulders",
        include_str!("../../routines/neck-shoulders.toml"),
    ),
    ("lower-back", include_str!("../../routines/lower-back.toml")),
    ("desk-break", include_str!("../../routines/desk-break.toml")),
    ("wind-down", include_str!("../../routines/wind-down.toml")),
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
    /// The hash of the text it was read from (see [`hash_text`]):
    /// history tells versions of a routine apart by it.
    pub hash: String,
}

/// The hash stored for a routine's text. xxh3: fast, no dependencies, and
/// 64 bits is plenty to tell versions of one file apart (nothing here
/// needs a cryptographic hash).
pub fn hash_text(text: &str) -> String {
    format!("xxh3:{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// The user's routine directory (see [`crate::store::paths::routines_dir`]).
pub fn user_dir() -> Option<PathBuf> {
    crate::store::paths::routines_dir().map(|place| place.path)
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
        hash = hash_text(&text);
        Routine::parse(&source_name(&origin), &text)
    });
    Entry {
        id,
        origin,
        routine,
        hash,
    }
}

#[cfg(test)]
mod tests;
