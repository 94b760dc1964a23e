use super::*;

#[test]
fn a_shown_command_works_when_pasted() {
    assert_eq!(pasteable("middle-back"), "middle-back");
    for id in ["my routine", "$(id)", "semi;rm", "~", "it's"] {
        let shown = pasteable(id);
        assert_ne!(shown, id);
        assert_eq!(shlex::split(&shown).unwrap(), [id], "{shown}");
    }
}
