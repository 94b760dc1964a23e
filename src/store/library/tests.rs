use super::*;

#[test]
fn every_builtin_routine_is_valid() {
    for (id, source) in BUILTINS {
        if let Err(report) = Routine::parse(id, source) {
            panic!("{id} is invalid:\n{report}");
        }
    }
}

#[test]
fn builtin_ids_are_unique_and_match_their_files() {
    let mut ids: Vec<_> = BUILTINS.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), BUILTINS.len());
    for id in ids {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("routines")
                .join(format!("{id}.toml"))
                .is_file()
        );
    }
    let on_disk = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("routines"))
        .unwrap()
        .count();
    assert_eq!(
        on_disk,
        BUILTINS.len(),
        "every file in routines/ is embedded"
    );
}
