//! `kneadle export`: a routine's file, printed as it is (sanitized).

use super::fail;
use crate::store::library;
use crate::text::sanitize_document;
use std::io::{self, Write};
use std::process::ExitCode;

pub fn export(arg: &str, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    match library::checked_text(arg) {
        Ok(text) => {
            out.write_all(sanitize_document(&text).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(report) => fail(err, &report),
    }
}
