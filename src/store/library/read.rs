//! Reading routine and config files without ever waiting: a non-blocking
//! open, the type and size of what was opened checked, UTF-8 required, and
//! every refusal a report that names the file.

use crate::routine::{Code, Problem, Report, limits};
use std::io::Read;
use std::path::Path;

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
pub fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
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

pub(super) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
