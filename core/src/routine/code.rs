//! Problem codes: a stable name for each kind of problem, so a person can
//! look it up in the format reference and a script can match on it without
//! parsing messages, which may be reworded.

use std::fmt;

/// What kind of problem a [`super::Problem`] is. The kebab-case names are a
/// stable interface (`validate --format json`): a code is never renamed or
/// reused, only added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    // The file itself.
    CannotRead,
    NotAFile,
    FileTooLarge,
    NotUtf8,
    EmptyFile,
    NoRoutineFiles,
    TooManyFiles,
    FoldersTooDeep,
    // TOML and the shape of the document.
    SyntaxError,
    NestedTooDeep,
    DottedKeyTooLong,
    NumberTooLarge,
    UnknownKey,
    WrongKind,
    MissingKey,
    // The format's rules.
    MissingVersion,
    NeedsNewerKneadle,
    UnknownVersion,
    NoSteps,
    TooManySteps,
    RoutineTooLong,
    UnknownTechnique,
    RepeatOutOfRange,
    BreathNotBreathing,
    UnknownPreset,
    BreathOutOfRange,
    TooManyCues,
    CueAfterEnd,
    TooManyEntries,
    ForbiddenCharacter,
    BlankText,
    TextTooLong,
    NegativeDuration,
    FractionalDuration,
    DurationWithoutUnit,
    BadDuration,
    DurationOutOfRange,
    // Outside a routine file.
    UnknownRoutine,
    UnknownSetting,
    MissingProgram,
    AlreadyExists,
    CannotWrite,
}

impl Code {
    /// Every code, in the order the format reference lists them.
    pub const ALL: [Code; 42] = [
        Self::CannotRead,
        Self::NotAFile,
        Self::FileTooLarge,
        Self::NotUtf8,
        Self::EmptyFile,
        Self::NoRoutineFiles,
        Self::TooManyFiles,
        Self::FoldersTooDeep,
        Self::SyntaxError,
        Self::NestedTooDeep,
        Self::DottedKeyTooLong,
        Self::NumberTooLarge,
        Self::UnknownKey,
        Self::WrongKind,
        Self::MissingKey,
        Self::MissingVersion,
        Self::NeedsNewerKneadle,
        Self::UnknownVersion,
        Self::NoSteps,
        Self::TooManySteps,
        Self::RoutineTooLong,
        Self::UnknownTechnique,
        Self::RepeatOutOfRange,
        Self::BreathNotBreathing,
        Self::UnknownPreset,
        Self::BreathOutOfRange,
        Self::TooManyCues,
        Self::CueAfterEnd,
        Self::TooManyEntries,
        Self::ForbiddenCharacter,
        Self::BlankText,
        Self::TextTooLong,
        Self::NegativeDuration,
        Self::FractionalDuration,
        Self::DurationWithoutUnit,
        Self::BadDuration,
        Self::DurationOutOfRange,
        Self::UnknownRoutine,
        Self::UnknownSetting,
        Self::MissingProgram,
        Self::AlreadyExists,
        Self::CannotWrite,
    ];

    /// The stable name, as text reports and JSON show it.
    pub fn name(self) -> &'static str {
        match self {
            Self::CannotRead => "cannot-read",
            Self::NotAFile => "not-a-file",
            Self::FileTooLarge => "file-too-large",
            Self::NotUtf8 => "not-utf8",
            Self::EmptyFile => "empty-file",
            Self::NoRoutineFiles => "no-routine-files",
            Self::TooManyFiles => "too-many-files",
            Self::FoldersTooDeep => "folders-too-deep",
            Self::SyntaxError => "syntax-error",
            Self::NestedTooDeep => "nested-too-deep",
            Self::DottedKeyTooLong => "dotted-key-too-long",
            Self::NumberTooLarge => "number-too-large",
            Self::UnknownKey => "unknown-key",
            Self::WrongKind => "wrong-kind",
            Self::MissingKey => "missing-key",
            Self::MissingVersion => "missing-version",
            Self::NeedsNewerKneadle => "needs-newer-kneadle",
            Self::UnknownVersion => "unknown-version",
            Self::NoSteps => "no-steps",
            Self::TooManySteps => "too-many-steps",
            Self::RoutineTooLong => "routine-too-long",
            Self::UnknownTechnique => "unknown-technique",
            Self::RepeatOutOfRange => "repeat-out-of-range",
            Self::BreathNotBreathing => "breath-not-breathing",
            Self::UnknownPreset => "unknown-preset",
            Self::BreathOutOfRange => "breath-out-of-range",
            Self::TooManyCues => "too-many-cues",
            Self::CueAfterEnd => "cue-after-end",
            Self::TooManyEntries => "too-many-entries",
            Self::ForbiddenCharacter => "forbidden-character",
            Self::BlankText => "blank-text",
            Self::TextTooLong => "text-too-long",
            Self::NegativeDuration => "negative-duration",
            Self::FractionalDuration => "fractional-duration",
            Self::DurationWithoutUnit => "duration-without-unit",
            Self::BadDuration => "bad-duration",
            Self::DurationOutOfRange => "duration-out-of-range",
            Self::UnknownRoutine => "unknown-routine",
            Self::UnknownSetting => "unknown-setting",
            Self::MissingProgram => "missing-program",
            Self::AlreadyExists => "already-exists",
            Self::CannotWrite => "cannot-write",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case_names() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        for name in &names {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }

    #[test]
    fn every_code_is_explained_in_the_format_reference() {
        let reference = include_str!("../../../docs/routine-format.md");
        let codes = reference
            .split_once("## Problem codes")
            .map(|(_, rest)| rest)
            .unwrap_or("");
        for code in Code::ALL {
            assert!(
                codes.contains(&format!("| `{code}` |")),
                "docs/routine-format.md has no row for `{code}`"
            );
        }
    }
}
