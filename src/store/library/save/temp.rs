//! The temporary file a save writes first, removed unless it was kept.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// A temporary file beside the destination (same folder, so a rename is
/// one step), hidden so no listing shows it, removed unless renamed.
pub(super) struct Temp {
    pub(super) path: PathBuf,
    pub(super) file: File,
    pub(super) renamed: bool,
}

/// Tells apart the temporary files of one process.
static TEMPS: AtomicU32 = AtomicU32::new(0);

impl Temp {
    pub(super) fn beside(dest: &Path) -> io::Result<Self> {
        let dir = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut tries = 0;
        loop {
            let n = TEMPS.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(".kneadle-{}-{n}.tmp", std::process::id()));
            // create_new: never an existing file, never through a link.
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    return Ok(Self {
                        path,
                        file,
                        renamed: false,
                    });
                }
                // Left by an earlier process of the same id: try another.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
                Err(e) => return Err(e),
            }
        }
    }

    /// Writes all of `text`, with `permissions` if given, and syncs it.
    pub(super) fn fill(&self, text: &str, permissions: Option<fs::Permissions>) -> io::Result<()> {
        let mut file = &self.file;
        file.write_all(text.as_bytes())?;
        if let Some(permissions) = permissions {
            self.file.set_permissions(permissions)?;
        }
        self.file.sync_all()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(&self.path);
        }
    }
}
