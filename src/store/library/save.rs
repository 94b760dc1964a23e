//! Writing a routine file (`new`, `import`) the way editors do: the text
//! goes to a temporary file beside the destination, is synced, and only
//! then takes the destination's name, so a full disk, a crash or a second
//! writer at the same moment never leaves half a routine.
//!
//! - Without `--force` nothing already there is touched: the finished
//!   temporary file is hard-linked to the name, which fails if anything
//!   (a file, a link, even a dangling one) holds it.
//! - With `--force` the temporary file is renamed over the file. A link
//!   there (a dotfiles manager's) is followed once to the file it points
//!   to, which is replaced the same way, and the link is kept; a dangling
//!   link, a folder, a FIFO or a device is refused, and never opened.

mod temp;

use super::read::io_reason;
use super::{BUILTINS, looks_like_path, user_dir};
use crate::routine::{Code, Problem, Report};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use temp::Temp;

/// Where a new routine file goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// `NAME.toml` in the user's routine folder, run as `NAME`.
    Library(String),
    /// Exactly this path.
    Path(PathBuf),
}

/// A routine file written: where, and how to run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The file written: the destination, or the file its link points to.
    pub path: PathBuf,
    /// The link the destination was, when the file it points to was
    /// replaced (`--force` through a link).
    pub link: Option<PathBuf>,
    /// What to type after `kneadle run`.
    pub id: String,
    /// A file was there and was replaced (`--force`).
    pub replaced_file: bool,
    /// The built-in it now stands in for, if it is named like one.
    pub replaces_builtin: Option<&'static str>,
}

impl Saved {
    /// The file written, and the link it was reached through, if any:
    /// `/repo/neck.toml (the file routines/neck.toml links to)`.
    pub fn where_written(&self) -> String {
        let path = crate::text::sanitize(&self.path.display().to_string()).into_owned();
        match &self.link {
            Some(link) => format!(
                "{path} (the file {} links to)",
                crate::text::sanitize(&link.display().to_string())
            ),
            None => path,
        }
    }

    /// The id to run it by, and the built-in it stands in for, if any:
    /// what `new` and `import` say after where they wrote.
    pub fn tell_how_to_run(&self, out: &mut dyn Write) -> io::Result<()> {
        let id = crate::text::sanitize(&self.id);
        writeln!(out, "Run it with: kneadle run {id}")?;
        if let Some(builtin) = self.replaces_builtin {
            writeln!(
                out,
                "It replaces the built-in {builtin}, which still runs as {}{builtin}",
                super::BUILTIN_PREFIX
            )?;
        }
        Ok(())
    }
}

/// Writes `text` as a routine file at `target`. Without `force` a file
/// already there is never touched; with it, the file is replaced whole or
/// not at all.
pub fn save(target: &Target, text: &str, force: bool) -> Result<Saved, Report> {
    let (path, id, replaces_builtin) = place(target)?;
    let found = inspect(&path)?;
    let file = match (&found, force) {
        (None, false) => {
            create(&path, text)?;
            return Ok(Saved {
                path,
                link: None,
                id,
                replaced_file: false,
                replaces_builtin,
            });
        }
        // Forced, a name that is free is taken all the same if another
        // writer gets there first: whichever renames last wins, whole.
        (None | Some(Found::File), true) => path.clone(),
        (Some(Found::Link), true) => followed(&path)?,
        (Some(Found::Folder), _) => return Err(folder(&path)),
        (Some(Found::Other(what)), _) => return Err(not_regular(&path, None, what)),
        (Some(Found::File | Found::Link), false) => return Err(already(&path)),
    };
    replace(&file, text, found.is_some())?;
    let link = (file != path).then_some(path);
    Ok(Saved {
        path: file,
        link,
        id,
        replaced_file: found.is_some(),
        replaces_builtin,
    })
}

/// The destination of `target`, its folder made, with the id that runs
/// it and the built-in it is named like.
fn place(target: &Target) -> Result<(PathBuf, String, Option<&'static str>), Report> {
    match target {
        Target::Library(name) => {
            let Some(dir) = user_dir() else {
                return Err(failure(
                    Path::new(name),
                    Code::CannotWrite,
                    "there is no routine folder: no home folder was found".into(),
                    "set KNEADLE_ROUTINES_DIR, or give --path",
                ));
            };
            if let Err(e) = fs::create_dir_all(&dir) {
                return Err(failure(
                    &dir,
                    Code::CannotWrite,
                    format!("cannot create the routine folder: {}", io_reason(&e)),
                    "check the folder's permissions",
                ));
            }
            let path = dir.join(format!("{name}.toml"));
            let builtin = BUILTINS.iter().map(|(b, _)| *b).find(|b| b == name);
            Ok((path, name.clone(), builtin))
        }
        Target::Path(path) => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
                && let Err(e) = fs::create_dir_all(parent)
            {
                return Err(failure(
                    parent,
                    Code::CannotWrite,
                    format!("cannot create the folder: {}", io_reason(&e)),
                    "check the path and its permissions",
                ));
            }
            let shown = path.display().to_string();
            // A bare name would be looked up as a routine id, not a file.
            let id = if looks_like_path(&shown) {
                shown
            } else {
                format!(".{}{shown}", std::path::MAIN_SEPARATOR)
            };
            Ok((path.clone(), id, None))
        }
    }
}

/// What a name holds, looked at without opening it.
enum Found {
    File,
    Link,
    Folder,
    /// A FIFO, a socket or a device: what it is, in words.
    Other(&'static str),
}

/// What is at `path` now, if anything (a link is not followed).
fn inspect(path: &Path) -> Result<Option<Found>, Report> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Ok(Some(Found::Link)),
        Ok(meta) => Ok(Some(kind(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(failure(
            path,
            Code::CannotWrite,
            format!("cannot look at what is there: {}", io_reason(&e)),
            "check the path and its permissions",
        )),
    }
}

fn kind(meta: &fs::Metadata) -> Found {
    let t = meta.file_type();
    if t.is_file() {
        return Found::File;
    }
    if t.is_dir() {
        return Found::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Found::Other("a FIFO");
        }
        if t.is_socket() {
            return Found::Other("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Found::Other("a device");
        }
    }
    Found::Other("a special file")
}

/// The regular file the link at `link` leads to, or why it will not be
/// written through.
fn followed(link: &Path) -> Result<PathBuf, Report> {
    let points_to = fs::read_link(link)
        .map(|to| to.display().to_string())
        .unwrap_or_default();
    let file = match fs::canonicalize(link) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(failure(
                link,
                Code::NotAFile,
                format!(
                    "this is a link to {}, which does not exist; nothing was written",
                    crate::text::sanitize(&points_to)
                ),
                "remove the link or point it at a routine file, then try again",
            ));
        }
        Err(e) => {
            return Err(failure(
                link,
                Code::CannotWrite,
                format!("cannot follow this link: {}", io_reason(&e)),
                "check where the link points and its permissions",
            ));
        }
    };
    match fs::metadata(&file).map(|meta| kind(&meta)) {
        Ok(Found::File) => Ok(file),
        Ok(Found::Folder) => Err(folder(link)),
        Ok(Found::Other(what)) => Err(not_regular(link, Some(&file), what)),
        Ok(Found::Link) | Err(_) => Err(failure(
            link,
            Code::CannotWrite,
            "cannot follow this link to a file".into(),
            "check where the link points and its permissions",
        )),
    }
}

/// Creates a file of `text` at `path`, which nothing holds: whole, and
/// never over something that appeared there meanwhile.
fn create(path: &Path, text: &str) -> Result<(), Report> {
    let cannot = |e: &io::Error| {
        failure(
            path,
            Code::CannotWrite,
            format!(
                "cannot write the file: {}; nothing was left there",
                io_reason(e)
            ),
            "check the folder's free space and permissions",
        )
    };
    let temp = Temp::beside(path).map_err(|e| cannot(&e))?;
    temp.fill(text, None).map_err(|e| cannot(&e))?;
    match fs::hard_link(&temp.path, path) {
        Ok(()) => {
            sync_folder(path);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(already(path)),
        // A file system without hard links (FAT, some network ones): the
        // name is taken only if free, and let go again if the write fails.
        Err(_) => in_place(path, text).map_err(|e| cannot(&e)),
    }
}

/// Where hard links are not to be had: `create_new`, written, and removed
/// again if the write fails.
fn in_place(path: &Path, text: &str) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = fs::remove_file(path);
    }
    written
}

/// Puts a file of `text` at `file`, replacing the regular file there if
/// `was_there`, whole: a temporary file beside it, synced, renamed over
/// it. On any failure the file is as it was.
fn replace(file: &Path, text: &str, was_there: bool) -> Result<(), Report> {
    let cannot = |e: &io::Error| {
        let left = if was_there {
            "the file that was there is unchanged"
        } else {
            "nothing was left there"
        };
        failure(
            file,
            Code::CannotWrite,
            format!("cannot write the new file: {}; {left}", io_reason(e)),
            "check the folder's free space and permissions",
        )
    };
    // The replacement keeps the file's permissions, as an editor's does.
    let permissions = fs::metadata(file).ok().map(|m| m.permissions());
    let mut temp = Temp::beside(file).map_err(|e| cannot(&e))?;
    temp.fill(text, permissions).map_err(|e| cannot(&e))?;
    fs::rename(&temp.path, file).map_err(|e| cannot(&e))?;
    temp.renamed = true;
    sync_folder(file);
    Ok(())
}

/// Makes a rename or link in the folder of `path` durable; best effort.
fn sync_folder(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
}

fn already(path: &Path) -> Report {
    failure(
        path,
        Code::AlreadyExists,
        "a file is already there; it was left as it is".into(),
        "add --force to replace it, or choose another name",
    )
}

fn folder(path: &Path) -> Report {
    failure(
        path,
        Code::NotAFile,
        "this is a directory".into(),
        "name a .toml file",
    )
}

/// `path` (or the file its link leads to, `through`) is `what`: a FIFO,
/// a socket, a device. Never opened: a FIFO would hang the write.
fn not_regular(path: &Path, through: Option<&Path>, what: &str) -> Report {
    let message = match through {
        Some(to) => format!(
            "this is a link to {}, which is {what}, not a regular file; nothing was written",
            crate::text::sanitize(&to.display().to_string())
        ),
        None => format!("this is {what}, not a regular file; it was left as it is"),
    };
    failure(
        path,
        Code::NotAFile,
        message,
        "choose another name, or remove what is there first",
    )
}

fn failure(path: &Path, code: Code, message: String, help: &str) -> Report {
    Report {
        origin: path.display().to_string(),
        source: String::new(),
        problems: vec![Problem::whole_file(code, message).help(help)],
    }
}
