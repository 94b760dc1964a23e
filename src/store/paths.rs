//! Every path kneadle uses, in one place: the config file, the routine
//! folder and the state folder (history). Each comes from the platform's
//! directories unless its environment variable names another place, which
//! is also how tests keep away from the machine's own files.

use std::ffi::OsString;
use std::path::PathBuf;

/// Overrides the config file (`config.toml` in the platform's config
/// folder).
pub const CONFIG_ENV: &str = "KNEADLE_CONFIG";
/// Overrides the user's routine folder.
pub const ROUTINES_ENV: &str = "KNEADLE_ROUTINES_DIR";
/// Overrides the folder that keeps the history.
pub const STATE_ENV: &str = "KNEADLE_STATE_DIR";

/// The history's file name inside the state folder.
pub const HISTORY_FILE: &str = "history.jsonl";

/// A path, and where it came from, for `kneadle config` to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// The environment variable that named it, or `None` for the
    /// platform's own place.
    pub from_env: Option<&'static str>,
}

/// The config file: `$KNEADLE_CONFIG`, else `config.toml` in the
/// platform's config folder (`~/.config/kneadle` on Linux).
pub fn config_file() -> Option<Location> {
    place(CONFIG_ENV, |dirs| Some(dirs.config.join("config.toml")))
}

/// The user's routine folder: `$KNEADLE_ROUTINES_DIR`, else `routines` in
/// the platform's config folder.
pub fn routines_dir() -> Option<Location> {
    place(ROUTINES_ENV, |dirs| Some(dirs.config.join("routines")))
}

/// The state folder: `$KNEADLE_STATE_DIR`, else `$XDG_STATE_HOME/kneadle`
/// on Linux (`~/.local/state/kneadle`), the data folder where the platform
/// has no state folder.
pub fn state_dir() -> Option<Location> {
    place(STATE_ENV, |dirs| Some(dirs.state.clone()))
}

/// The history file inside the state folder.
pub fn history_file() -> Option<PathBuf> {
    state_dir().map(|p| p.path.join(HISTORY_FILE))
}

/// The platform's folders for kneadle.
struct Platform {
    config: PathBuf,
    state: PathBuf,
}

fn platform() -> Option<Platform> {
    use etcetera::app_strategy::{AppStrategy, AppStrategyArgs};
    let args = AppStrategyArgs {
        top_level_domain: "org".into(),
        author: "kneadle".into(),
        app_name: "kneadle".into(),
    };
    let strategy = etcetera::choose_app_strategy(args).ok()?;
    // Only XDG has a state folder; elsewhere state is data.
    let state = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(Platform {
        config: strategy.config_dir(),
        state,
    })
}

fn place(
    var: &'static str,
    default: impl FnOnce(&Platform) -> Option<PathBuf>,
) -> Option<Location> {
    resolve(std::env::var_os(var), var, || {
        platform().and_then(|p| default(&p))
    })
}

/// An override that is set and not empty wins; an empty one counts as
/// unset, as an empty `XDG_*` does.
fn resolve(
    value: Option<OsString>,
    var: &'static str,
    default: impl FnOnce() -> Option<PathBuf>,
) -> Option<Location> {
    match value.filter(|v| !v.is_empty()) {
        Some(v) => Some(Location {
            path: PathBuf::from(v),
            from_env: Some(var),
        }),
        None => default().map(|path| Location {
            path,
            from_env: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_wins_and_an_empty_one_is_unset() {
        let fallback = || Some(PathBuf::from("/platform"));
        assert_eq!(
            resolve(Some("/mine".into()), STATE_ENV, fallback),
            Some(Location {
                path: "/mine".into(),
                from_env: Some(STATE_ENV)
            })
        );
        assert_eq!(
            resolve(Some("".into()), STATE_ENV, fallback),
            Some(Location {
                path: "/platform".into(),
                from_env: None
            })
        );
        assert_eq!(resolve(None, STATE_ENV, || None), None);
    }
}
