use super::*;
use crate::routine::Report;
use std::time::Duration;

fn file(source: &str) -> Result<Layer, Report> {
    parse("config.toml", source)
}

/// A value the config file set.
fn from_file<T>(value: T) -> Option<Setting<T>> {
    Some(Setting {
        value,
        source: Source::File,
    })
}

#[test]
fn a_file_with_every_key_is_read() {
    let source = "bell = \"all\"\ntheme = \"high-contrast\"\ncaution_countdown = \"1m30s\"\nbreath_cues = true\nvoice = \"breath\"\nvoice_command = [\"espeak-ng\", \"-s\", \"150\"]\n";
    for spec in SETTINGS {
        assert!(
            source.contains(&format!("{} = ", spec.key)),
            "the test misses `{}`",
            spec.key
        );
    }
    assert_eq!(
        file(source).unwrap(),
        Layer {
            bell: from_file(Bell::All),
            theme: from_file(ThemeName::HighContrast),
            caution_countdown: from_file(Duration::from_secs(90)),
            breath_cues: from_file(true),
            voice: from_file(VoiceMode::Breath),
            voice_command: from_file(Some(vec!["espeak-ng".into(), "-s".into(), "150".into()])),
        }
    );
}

#[test]
fn an_empty_file_sets_nothing() {
    assert_eq!(file("").unwrap(), Layer::default());
    assert_eq!(file("# just a comment\n").unwrap(), Layer::default());
}

#[test]
fn a_zero_countdown_waits_for_enter_and_whole_seconds_are_allowed() {
    assert_eq!(
        file("caution_countdown = \"0s\"")
            .unwrap()
            .caution_countdown,
        from_file(Duration::ZERO)
    );
    assert_eq!(
        file("caution_countdown = 20").unwrap().caution_countdown,
        from_file(Duration::from_secs(20))
    );
}

#[test]
fn every_problem_has_a_place_and_a_help() {
    let report =
        file("bell = \"sometimes\"\ncaution_countdown = \"6m\"\ncolour = 1\n").unwrap_err();
    let places: Vec<_> = report.problems.iter().map(|p| report.location(p)).collect();
    assert_eq!(
        places,
        ["config.toml:1:8", "config.toml:2:21", "config.toml:3:1"]
    );
    assert!(report.problems.iter().all(|p| p.help.is_some()));
    let text = report.render();
    assert!(text.contains("unknown bell setting `sometimes`"), "{text}");
    assert!(text.contains("the longest allowed is 5 min"), "{text}");
}

#[test]
fn broken_toml_is_reported_with_its_place() {
    let report = file("bell = \n").unwrap_err();
    assert!(report.problems.iter().all(|p| p.span.is_some()), "{report}");
}

#[test]
fn each_layer_overrides_the_one_before() {
    let layer = Layer {
        bell: from_file(Bell::All),
        theme: from_file(ThemeName::HighContrast),
        caution_countdown: from_file(Duration::from_secs(5)),
        ..Layer::default()
    };
    let s = merge(&layer, &Environment::default(), &Flags::default());
    assert_eq!(
        s.bell,
        Setting {
            value: Bell::All,
            source: Source::File
        }
    );
    assert_eq!(s.theme.value, ThemeName::HighContrast);
    assert_eq!(
        s.breath_cues,
        Setting {
            value: false,
            source: Source::Default
        }
    );

    let no_color = Environment::with(&["NO_COLOR"]);
    let s = merge(&layer, &no_color, &Flags::default());
    assert_eq!(
        s.theme,
        Setting {
            value: ThemeName::Mono,
            source: Source::Environment("NO_COLOR")
        }
    );

    let flags = Flags {
        no_bell: true,
        theme: Some(ThemeName::HighContrast),
        breath_cues: true,
        ..Flags::default()
    };
    let s = merge(&layer, &no_color, &flags);
    assert_eq!(
        s.bell,
        Setting {
            value: Bell::Off,
            source: Source::Flag("--no-bell")
        }
    );
    assert_eq!(
        s.theme,
        Setting {
            value: ThemeName::HighContrast,
            source: Source::Flag("--theme")
        }
    );
    assert_eq!(s.breath_cues.source, Source::Flag("--breath-cues"));
    assert_eq!(s.caution_countdown.source, Source::File);
}

#[test]
fn durations_are_written_back_as_the_file_writes_them() {
    assert_eq!(written(Duration::ZERO), "0s");
    assert_eq!(written(Duration::from_secs(15)), "15s");
    assert_eq!(written(Duration::from_secs(120)), "2m");
    assert_eq!(written(Duration::from_secs(90)), "1m30s");
}

#[test]
fn a_voice_command_is_plain_words() {
    let err = file("voice_command = [\"espeak\", \"-s\\u001b\"]\n").unwrap_err();
    let text = err.render();
    assert!(text.contains("config.toml:1:28"), "{text}");
    assert!(text.contains("U+001B (escape)"), "{text}");
    let err = file("voice_command = []\n").unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].code, crate::routine::Code::MissingProgram);
    assert_eq!(err.problems[0].message, "`voice_command` needs a program");
    assert_eq!(err.location(&err.problems[0]), "config.toml:1:17");
    let err = file("voice_command = [\"espeak\", \"\"]\n").unwrap_err();
    assert_eq!(err.problems[0].code, crate::routine::Code::BlankText);
    assert_eq!(
        err.problems[0].message,
        "a word of `voice_command` is empty"
    );
    let err = file("voice = \"loud\"\n").unwrap_err();
    assert!(
        err.render().contains("unknown voice setting `loud`"),
        "{}",
        err.render()
    );
}

/// A list with entries of the wrong kind is counted as written: it is not
/// "empty" for having lost them, nor shorter than it is.
#[test]
fn a_voice_command_is_counted_as_written() {
    let err = file("voice_command = [1]\n").unwrap_err();
    let codes: Vec<_> = err.problems.iter().map(|p| p.code.name()).collect();
    assert_eq!(codes, ["wrong-kind"], "{err}");
    let words = vec!["\"a\""; 16].join(", ");
    let err = file(&format!("voice_command = [{words}, 2]\n")).unwrap_err();
    let found: Vec<_> = err
        .problems
        .iter()
        .map(|p| (p.code.name(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "too-many-entries",
                "`voice_command` has 17 words; the limit is 16"
            ),
            (
                "wrong-kind",
                "each entry of `voice_command` should be text in quotes, not a whole number"
            ),
        ]
    );
}

/// The caution countdown's default is the guide's: one number, one place.
#[test]
fn the_default_countdown_is_the_guides() {
    assert_eq!(
        Settings::default().caution_countdown.value,
        crate::guide::COUNTDOWN
    );
}

#[test]
fn every_setting_has_a_key_a_help_and_a_line() {
    let defaults = Settings::default();
    let lines = defaults.lines();
    assert_eq!(lines.len(), SETTINGS.len());
    for (spec, (line, source)) in SETTINGS.iter().zip(&lines) {
        assert!(!spec.help().is_empty(), "`{}` has no help", spec.key);
        assert!(
            line.starts_with(&format!("{} = ", spec.key))
                || line == &format!("# {} unset", spec.key),
            "{line}"
        );
        assert_eq!(*source, Source::Default);
    }
    let mut keys: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), SETTINGS.len(), "a key is in the table twice");
}

/// The long flags of a subcommand of the command line.
fn long_flags(subcommand: &str) -> Vec<String> {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let sub = cli
        .get_subcommands()
        .find(|c| c.get_name() == subcommand)
        .unwrap();
    sub.get_arguments()
        .filter_map(|a| a.get_long())
        .map(|l| format!("--{l}"))
        .collect()
}

/// The flags the table names are the command line's, on `run` and
/// `config` alike, and no setting has a flag the table does not name.
#[test]
fn the_tables_flags_are_the_command_lines() {
    let named: Vec<&str> = SETTINGS.iter().flat_map(|s| s.flags).copied().collect();
    for subcommand in ["run", "config"] {
        let mut given: Vec<String> = long_flags(subcommand)
            .into_iter()
            .filter(|f| f != "--plain")
            .collect();
        given.sort();
        let mut named: Vec<String> = named.iter().map(|f| (*f).to_owned()).collect();
        named.sort();
        assert_eq!(given, named, "the flags of `kneadle {subcommand}`");
    }
}

/// Each flag sets the setting whose row names it.
#[test]
fn each_flag_sets_the_setting_that_names_it() {
    let every = [
        Flags {
            bell: Some(Bell::All),
            theme: Some(ThemeName::Mono),
            breath_cues: true,
            voice: Some(VoiceMode::On),
            ..Flags::default()
        },
        Flags {
            no_bell: true,
            ..Flags::default()
        },
    ];
    let mut seen = Vec::new();
    for flags in every {
        let settings = merge(&Layer::default(), &Environment::default(), &flags);
        for spec in SETTINGS {
            if let (_, Source::Flag(flag)) = spec.line(&settings) {
                assert!(
                    spec.flags.contains(&flag),
                    "{flag} sets `{}`, whose row does not name it",
                    spec.key
                );
                seen.push(flag);
            }
        }
    }
    for flag in SETTINGS.iter().flat_map(|s| s.flags) {
        assert!(seen.contains(flag), "{flag} sets nothing");
    }
}

/// Each environment variable the table names sets its setting.
#[test]
fn each_variable_sets_the_setting_that_names_it() {
    for spec in SETTINGS {
        let Some(var) = spec.env else { continue };
        let settings = merge(
            &Layer::default(),
            &Environment::with(&[var]),
            &Flags::default(),
        );
        assert_eq!(spec.line(&settings).1, Source::Environment(var));
    }
}

#[test]
fn the_schema_lists_every_setting_with_its_help_and_default() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["additionalProperties"], false);
    let properties = schema["properties"].as_object().unwrap();
    let mut keys: Vec<&str> = properties.keys().map(String::as_str).collect();
    let mut table: Vec<&str> = SETTINGS.iter().map(|s| s.key).collect();
    keys.sort_unstable();
    table.sort_unstable();
    assert_eq!(keys, table);
    for spec in SETTINGS {
        assert_eq!(properties[spec.key]["description"], spec.help());
    }
    assert_eq!(properties["caution_countdown"]["default"], "15s");
    assert_eq!(
        properties["caution_countdown"]["maximum"],
        MAX_CAUTION_COUNTDOWN.as_secs()
    );
    assert_eq!(properties["breath_cues"]["default"], false);
    assert_eq!(
        properties["bell"]["enum"],
        serde_json::json!(["transitions", "all", "off"])
    );
    assert!(properties["voice_command"].get("default").is_none());
    assert!(schema["$defs"]["Duration"].is_object());
}

/// A bound the help states is the one the file is held to.
#[test]
fn the_countdowns_help_states_its_limit() {
    let spec = SETTINGS
        .iter()
        .find(|s| s.key == "caution_countdown")
        .unwrap();
    let minutes = MAX_CAUTION_COUNTDOWN.as_secs() / 60;
    assert!(
        spec.help().contains(&format!("at most {minutes} min")),
        "{}",
        spec.help()
    );
}
