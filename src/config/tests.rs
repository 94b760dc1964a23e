use super::*;

fn file(source: &str) -> Result<FileSettings, Report> {
    parse("config.toml", source)
}

#[test]
fn a_file_with_every_key_is_read() {
    let source = "bell = \"all\"\ntheme = \"high-contrast\"\ncaution_countdown = \"1m30s\"\nbreath_cues = true\nvoice = \"breath\"\nvoice_command = [\"espeak-ng\", \"-s\", \"150\"]\n";
    for (key, _) in KEYS {
        assert!(
            source.contains(&format!("{key} = ")),
            "the test misses `{key}`"
        );
    }
    assert_eq!(
        file(source).unwrap(),
        FileSettings {
            bell: Some(Bell::All),
            theme: Some(ThemeName::HighContrast),
            caution_countdown: Some(Duration::from_secs(90)),
            breath_cues: Some(true),
            voice: Some(VoiceMode::Breath),
            voice_command: Some(vec!["espeak-ng".into(), "-s".into(), "150".into()]),
        }
    );
}

#[test]
fn an_empty_file_sets_nothing() {
    assert_eq!(file("").unwrap(), FileSettings::default());
    assert_eq!(file("# just a comment\n").unwrap(), FileSettings::default());
}

#[test]
fn a_zero_countdown_waits_for_enter_and_whole_seconds_are_allowed() {
    assert_eq!(
        file("caution_countdown = \"0s\"")
            .unwrap()
            .caution_countdown,
        Some(Duration::ZERO)
    );
    assert_eq!(
        file("caution_countdown = 20").unwrap().caution_countdown,
        Some(Duration::from_secs(20))
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
    let from_file = FileSettings {
        bell: Some(Bell::All),
        theme: Some(ThemeName::HighContrast),
        caution_countdown: Some(Duration::from_secs(5)),
        breath_cues: None,
        voice: None,
        voice_command: None,
    };
    let s = merge(&from_file, &Environment::default(), &Flags::default());
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

    let no_color = Environment { no_color: true };
    let s = merge(&from_file, &no_color, &Flags::default());
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
    let s = merge(&from_file, &no_color, &flags);
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
