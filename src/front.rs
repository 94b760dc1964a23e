//! How a routine reaches a person: the full screen (`tui`), plain lines
//! (`plain`), the voice, the bell, the keys both read (`keys`), the one
//! owner of the terminal (`terminal`), and the one place a program is
//! started (`spawn`).

pub mod bell;
pub mod keys;
pub mod plain;
pub mod spawn;
pub mod terminal;
pub mod tui;
pub mod voice;
