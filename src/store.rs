//! What kneadle keeps between runs and where: the routines (built-in and
//! the user's folder, read without waiting, saved without loss), the
//! history of sessions, the settings, and every path those live at.

pub mod config;
pub mod history;
pub mod library;
pub mod paths;
