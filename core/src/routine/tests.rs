use super::*;

/// The routine keeps where each value was written, for advice to
/// point at; where it was written does not change what it is.
#[test]
fn a_routine_knows_where_its_values_were_written() {
    let src = "kneadle = 1\nname = \"Here\"\n\n[[steps]]\ntechnique = \"rest\"\nname = \"R\"\nduration = \"45s\"\ncues = [\"a\", { at = \"30s\", text = \"b\" }]\n";
    let r = Routine::parse("p.toml", src).unwrap();
    let at = |range: &Option<Range<usize>>| src.get(range.clone().unwrap()).unwrap();
    assert_eq!(at(&r.places.name), "\"Here\"");
    let step = &r.places.steps[0];
    assert_eq!(at(&step.duration), "\"45s\"");
    assert_eq!(at(&step.technique), "\"rest\"");
    assert_eq!(
        src.get(step.cues[1].clone()).unwrap(),
        "{ at = \"30s\", text = \"b\" }"
    );
    let moved = Routine::parse(
        "q.toml",
        &src.replace("name = \"Here\"", "name   =   \"Here\""),
    )
    .unwrap();
    assert_eq!(moved, r, "equal whatever the layout");
}

#[test]
fn a_file_with_every_key_of_the_format_is_valid() {
    let src = r#"
kneadle = 1
name = "All keys"
summary = "Every key once"
author = "kneadle"
areas = ["back"]
tags = ["test"]
lead_in = "3s"
caution = "Careful."

[[steps]]
technique = "breathing"
name = "Breathe"
duration = "1m"
breath = { inhale = 4, hold = 1, exhale = 6, hold_out = 1 }
instructions = "Sit."
say = "Breathe slowly"
sides = false
repeat = 2
lead_in = 0
cues = ["Spread", { at = "30s", text = "Placed" }]
"#;
    let r = Routine::parse("all.toml", src).unwrap();
    let keys_used = src
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim()))
        .collect::<Vec<_>>();
    let t = shape::tables();
    for (key, _) in t
        .routine
        .iter()
        .chain(&t.step)
        .filter(|(k, _)| *k != "steps")
    {
        assert!(keys_used.contains(key), "the test misses `{key}`");
    }
    assert_eq!(r.steps[0].cues.len(), 2);
    assert_eq!(r.steps[0].breath.as_ref().unwrap().phases.len(), 4);
    assert_eq!(r.total(), Duration::from_secs(120));
}

/// The keys a schema object allows.
fn properties(schema: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

fn keys(table: &[(&str, shape::Kind)]) -> Vec<String> {
    let mut keys: Vec<String> = table.iter().map(|(k, _)| (*k).to_owned()).collect();
    keys.sort();
    keys
}

#[test]
fn the_schema_and_the_shape_pass_know_the_same_keys() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = &schema["$defs"];
    let t = shape::tables();
    assert_eq!(properties(&schema), keys(&t.routine));
    assert_eq!(properties(&defs["RawStep"]), keys(&t.step));
    assert_eq!(properties(&defs["RawPattern"]), keys(&t.breath));
    assert_eq!(properties(&defs["RawPlacedCue"]), keys(&t.cue));
    for table in [
        &schema,
        &defs["RawStep"],
        &defs["RawPattern"],
        &defs["RawPlacedCue"],
    ] {
        assert_eq!(
            table["additionalProperties"], false,
            "unknown keys are refused"
        );
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["kneadle", "name", "steps"]);
}

#[test]
fn the_schema_lists_every_technique_and_preset_and_the_bounds() {
    let schema = schema();
    let defs = &schema["$defs"];
    let techniques: Vec<&str> = defs["Technique"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(techniques, Technique::ALL.map(Technique::name));
    let presets = &defs["Breath"]["oneOf"][0]["enum"];
    assert_eq!(
        presets.as_array().unwrap().len(),
        PRESETS.len(),
        "{presets}"
    );
    assert_eq!(
        schema["properties"]["name"]["maxLength"],
        limits::NAME_CHARS
    );
    assert_eq!(
        defs["RawStep"]["properties"]["repeat"]["maximum"],
        limits::MAX_REPEAT
    );
    assert_eq!(schema["properties"]["steps"]["maxItems"], limits::MAX_STEPS);
}

/// The schema's bounds are the rules' bounds (the format reference is
/// checked against the schema, so this ties it to what is enforced).
#[test]
fn the_schema_bounds_are_the_limits_the_rules_enforce() {
    let schema = schema();
    let defs = &schema["$defs"];
    let step = &defs["RawStep"]["properties"];
    assert_eq!(step["duration"]["minimum"], limits::MIN_STEP.as_secs());
    assert_eq!(step["duration"]["maximum"], limits::MAX_STEP.as_secs());
    assert_eq!(
        schema["properties"]["lead_in"]["anyOf"][0]["maximum"],
        limits::MAX_LEAD_IN.as_secs()
    );
    let pattern = &defs["RawPattern"]["properties"];
    let file = |inhale: f64, hold: f64, exhale: f64, hold_out: f64| {
        format!(
            "kneadle = 1\nname = \"b\"\n[[steps]]\ntechnique = \"breathing\"\nname = \"B\"\nduration = \"1m\"\n\
                 breath = {{ inhale = {inhale}, hold = {hold}, exhale = {exhale}, hold_out = {hold_out} }}\n"
        )
    };
    let (inhale, exhale, hold) = (
        f64::from(limits::MAX_INHALE),
        f64::from(limits::MAX_EXHALE),
        f64::from(limits::MAX_HOLD),
    );
    assert_eq!(pattern["inhale"]["maximum"], limits::MAX_INHALE);
    assert_eq!(pattern["exhale"]["maximum"], limits::MAX_EXHALE);
    assert_eq!(pattern["hold"]["maximum"], limits::MAX_HOLD);
    assert_eq!(pattern["hold_out"]["maximum"], limits::MAX_HOLD);
    Routine::parse("at.toml", &file(inhale, hold, exhale, hold))
        .unwrap_or_else(|r| panic!("every phase at its limit is fine:\n{r}"));
    for past in [
        file(inhale + 0.5, 0.0, 6.0, 0.0),
        file(4.0, hold + 0.5, 6.0, 0.0),
        file(4.0, 0.0, exhale + 0.5, 0.0),
        file(4.0, 0.0, 6.0, hold + 0.5),
        file(0.5, 0.0, 6.0, 0.0),
        file(4.0, 0.0, 0.5, 0.0),
    ] {
        let report = Routine::parse("past.toml", &past).unwrap_err();
        let codes: Vec<_> = report.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [Code::BreathOutOfRange], "{past}");
    }
}

/// Lone Hangul vowels and finals take no cells on a terminal: a text
/// of them that must be read is refused where it is written.
#[test]
fn texts_that_draw_nothing_are_refused_where_they_are_written() {
    let jamo = "\u{1161}\u{11A8}";
    let src = format!(
        "kneadle = 1\nname = \"{jamo}\"\nauthor = \"{jamo}\"\ntags = [\"{jamo}\"]\n\
             [[steps]]\ntechnique = \"rest\"\nname = \"{jamo} \"\nduration = \"1m\"\nsay = \"{jamo}\"\n\
             cues = [\"{jamo}\", {{ at = \"30s\", text = \"{jamo}\" }}]\n"
    );
    let report = Routine::parse("j.toml", &src).unwrap_err();
    let found: Vec<(String, &str)> = report
        .problems
        .iter()
        .inspect(|p| assert_eq!(p.code, Code::BlankText, "{p:?}"))
        .map(|p| (report.location(p), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "j.toml:2:8".into(),
                "the routine name has no visible characters"
            ),
            ("j.toml:3:10".into(), "the author has no visible characters"),
            (
                "j.toml:4:9".into(),
                "an entry of `tags` has no visible characters"
            ),
            (
                "j.toml:7:8".into(),
                "the step name has no visible characters"
            ),
            (
                "j.toml:9:7".into(),
                "the say text has no visible characters"
            ),
            ("j.toml:10:9".into(), "the cue has no visible characters"),
            ("j.toml:10:36".into(), "the cue has no visible characters"),
        ]
    );
}

/// A summary, caution or instructions text of nothing visible counts
/// as left out, as the format reference says: no empty caution screen.
#[test]
fn optional_texts_that_draw_nothing_are_left_out() {
    let jamo = "\u{D7B0}\u{1161}";
    let src = format!(
        "kneadle = 1\nname = \"x\"\nsummary = \"{jamo}\"\ncaution = \"{jamo}\"\n\
             [[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"5s\"\ninstructions = \"{jamo}\"\n"
    );
    let r = Routine::parse("left-out.toml", &src).unwrap();
    assert_eq!(r.summary, "");
    assert_eq!(r.caution, None);
    assert_eq!(r.steps[0].instructions, "");
}

#[test]
fn a_blank_caution_is_no_caution() {
    let src = "kneadle = 1\nname = \"x\"\ncaution = \"\u{2800} \"\n[[steps]]\ntechnique = \"rest\"\nname = \"Sit\"\nduration = \"5s\"\n";
    let r = Routine::parse("blank.toml", src).unwrap();
    assert_eq!(r.caution, None, "no caution screen to wait through");
}
