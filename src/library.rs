//! Where routines come from: the built-ins embedded in the binary, the
//! user's routine directory, and paths named on the command line.

use crate::routine::{Problem, Report, Routine, closest, limits};
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// The routine the picker selects first and README promises.
pub const DEFAULT_ROUTINE: &str = "middle-back";

/// Environment variable that overrides the user's routine directory.
pub const DIR_ENV: &str = "KNEADLE_ROUTINES_DIR";

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

/// One routine in the library, valid or not.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name to type after `kneadle run`.
    pub id: String,
    pub origin: Origin,
    pub routine: Result<Routine, Report>,
}

/// The user's routine directory: `$KNEADLE_ROUTINES_DIR`, else the
/// platform's config directory (`~/.config/kneadle/routines` on Linux).
pub fn user_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    use etcetera::app_strategy::{AppStrategy, AppStrategyArgs};
    let args = AppStrategyArgs {
        top_level_domain: "org".into(),
        author: "kneadle".into(),
        app_name: "kneadle".into(),
    };
    etcetera::choose_app_strategy(args)
        .ok()
        .map(|s| s.config_dir().join("routines"))
}

/// Reads a routine file, refusing what is not a regular file, is over the
/// size limit, or is not UTF-8, with a message that names the file.
pub fn read_file(path: &Path) -> Result<String, Report> {
    let origin = path.display().to_string();
    let fail = |message: String, help: &str| Report {
        origin: origin.clone(),
        source: String::new(),
        problems: vec![Problem::whole_file(message).help(help)],
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            format!("cannot read the file: {}", io_reason(&e)),
            "check the path",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            "this is a directory, not a routine file".into(),
            "name a .toml file inside it",
        ));
    }
    if !meta.is_file() {
        return Err(fail(
            "this is not a regular file".into(),
            "name a .toml routine file",
        ));
    }
    let too_big = || {
        fail(
            format!(
                "the file is over the {} KiB limit for a routine",
                limits::MAX_FILE_BYTES / 1024
            ),
            "a routine is a short text file; is this the right file?",
        )
    };
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(too_big());
    }
    let file = std::fs::File::open(path).map_err(|e| {
        fail(
            format!("cannot read the file: {}", io_reason(&e)),
            "check its permissions",
        )
    })?;
    let mut bytes = Vec::new();
    // The file may grow between the size check and the read: read no more
    // than the limit allows.
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            fail(
                format!("cannot read the file: {}", io_reason(&e)),
                "check the path and its permissions",
            )
        })?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let source =
            String::from_utf8_lossy(e.as_bytes().get(..valid).unwrap_or_default()).into_owned();
        Report {
            origin: origin.clone(),
            problems: vec![
                Problem::at(valid..valid, "the file is not valid UTF-8 text")
                    .help("save it as UTF-8"),
            ],
            source,
        }
    })
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
    if looks_like_path(arg) {
        return Ok(Origin::File(PathBuf::from(arg)));
    }
    if let Some(&(id, _)) = BUILTINS.iter().find(|(id, _)| *id == arg) {
        return Ok(Origin::Builtin(id));
    }
    let user = user_dir().map(|dir| user_files(&dir)).unwrap_or_default();
    if let Some((_, path)) = user.iter().find(|(id, _)| id == arg) {
        return Ok(Origin::File(path.clone()));
    }
    let ids: Vec<&str> = BUILTINS
        .iter()
        .map(|(id, _)| *id)
        .chain(user.iter().map(|(id, _)| id.as_str()))
        .collect();
    let help = match closest(arg, ids.iter().copied()) {
        Some(id) => format!("did you mean `{id}`? `kneadle list` shows every routine"),
        None => format!(
            "choose one of: {}; or give the path to a .toml file",
            ids.join(", ")
        ),
    };
    Err(Report {
        origin: arg.to_owned(),
        source: String::new(),
        problems: vec![Problem::whole_file("no routine by this name").help(help)],
    })
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
    let routine = text_of(&origin).and_then(|text| Routine::parse(&source_name(&origin), &text));
    Ok(Entry {
        id: arg.to_owned(),
        origin,
        routine,
    })
}

/// The checked text of the routine `arg` names, exactly as written: what
/// `export` prints.
pub fn checked_text(arg: &str) -> Result<String, Report> {
    let origin = locate(arg)?;
    let text = text_of(&origin)?;
    Routine::parse(&source_name(&origin), &text)?;
    Ok(text)
}

/// Every routine: the built-ins in their fixed order, then the user's
/// sorted by file name. A user routine with the id of a built-in is listed
/// too, under its path.
pub fn all() -> Vec<Entry> {
    let builtins = BUILTINS
        .iter()
        .map(|&(id, _)| (id.to_owned(), Origin::Builtin(id)));
    let user = user_dir().map(|dir| user_files(&dir)).unwrap_or_default();
    builtins
        .chain(user.into_iter().map(|(id, path)| (id, Origin::File(path))))
        .map(|(id, origin)| {
            let routine =
                text_of(&origin).and_then(|text| Routine::parse(&source_name(&origin), &text));
            Entry {
                id,
                origin,
                routine,
            }
        })
        .collect()
}

/// The ids and paths of the `*.toml` files of a directory, at most 1,000,
/// sorted by name. A file named like a built-in goes by its path.
fn user_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    paths.truncate(1000);
    paths
        .into_iter()
        .filter_map(|path| {
            let stem = path.file_stem()?.to_string_lossy().into_owned();
            let id = if BUILTINS.iter().any(|(b, _)| *b == stem) {
                path.display().to_string()
            } else {
                stem
            };
            Some((id, path))
        })
        .collect()
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
