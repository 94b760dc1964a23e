//! The user's routine folder: the first routines by name, with notices for
//! what is left out, and the files below a folder for `validate`.

use super::{BUILTIN_PREFIX, BUILTINS, Origin, looks_like_path, user_dir};
use std::path::{Path, PathBuf};

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
