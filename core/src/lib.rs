//! kneadle's pure core: a routine file read and judged (`routine`), laid
//! out in time (`plan`), followed (`session`) and told as events
//! (`guide`), with durations and untrusted text handled once (`duration`,
//! `text`).
//!
//! Nothing here touches the terminal, the file system, the environment or
//! the clock: time comes in as `now`, text comes in as strings. Its
//! dependencies hold no terminal crate, and `core/clippy.toml` refuses the
//! clocks' `now`, `std::env` and `std::fs`.

pub mod duration;
pub mod guide;
pub mod plan;
pub mod routine;
pub mod session;
pub mod text;

#[cfg(test)]
mod tests {
    /// The core's dependencies are parsing, Unicode and schema crates: a
    /// terminal, clock or file crate here would let the shell's concerns
    /// in. (The compiler refuses what is not a dependency.)
    #[test]
    fn the_core_depends_on_no_terminal_clock_or_file_crate() {
        let manifest: toml::Table =
            toml::from_str(include_str!("../Cargo.toml")).expect("core/Cargo.toml parses");
        let allowed = [
            "serde",
            "toml",
            "toml_parser",
            "strsim",
            "unicode-width",
            "unicode-segmentation",
            "icu_properties",
            "annotate-snippets",
            "schemars",
            "serde_json",
        ];
        let deps = manifest["dependencies"].as_table().expect("a table");
        for name in deps.keys() {
            assert!(
                allowed.contains(&name.as_str()),
                "`{name}` is not a dependency the pure core may have"
            );
        }
    }
}
