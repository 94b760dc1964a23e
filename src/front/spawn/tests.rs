use super::*;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

/// A script in `dir` that writes each argument it gets on a line of
/// `argv` there.
fn recorder(dir: &Path) -> PathBuf {
    let path = dir.join("record");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            dir.join("argv").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn sh(script: &str) -> Vec<Arg<'_>> {
    vec![Arg::Fixed("-c"), Arg::Fixed(script)]
}

/// Waits (at most 10 s) for `child` to end.
fn wait_for(child: &mut Running) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !child.finished() {
        assert!(
            Instant::now() < deadline,
            "child {} never ended",
            child.id()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Is process `pid` still there (and not just a zombie)? Only Linux can
/// tell; elsewhere it says no.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

/// Waits (at most 10 s) for a file `sh` writes.
fn read_when_written(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(s) = std::fs::read_to_string(path)
            && s.ends_with('\n')
        {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "{} never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_text_never_becomes_an_option() {
    assert_eq!(text_argument("-f/etc/passwd"), " -f/etc/passwd");
    assert_eq!(text_argument("--stdout"), " --stdout");
    assert_eq!(text_argument("-w/tmp/x"), " -w/tmp/x");
    assert_eq!(
        text_argument("Slow circles - gently"),
        "Slow circles - gently"
    );
    assert_eq!(text_argument(""), "");
}

#[test]
fn a_text_argument_is_one_line_with_no_control_character() {
    assert_eq!(
        text_argument("Breathe\nout.\tSlowly"),
        "Breathe out. Slowly"
    );
    assert_eq!(text_argument("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
    // A control character before the dash is escaped, then the dash
    // leads: it is still guarded.
    assert_eq!(text_argument("\n-f/x"), " -f/x");
    assert!(!text_argument("\u{7}-x").contains('\u{7}'));
}

proptest::proptest! {
    #[test]
    fn no_text_argument_starts_with_a_dash_or_holds_a_control(text in "\\PC*|[-\\x00-\\x1f\\x7f\\u{80}-\\u{9f}]{0,4}.*") {
        let arg = text_argument(&text);
        proptest::prop_assert!(!arg.starts_with('-'), "{arg:?}");
        proptest::prop_assert!(!arg.chars().any(char::is_control), "{arg:?}");
        proptest::prop_assert!(first_forbidden(&arg).is_none(), "{arg:?}");
    }
}

#[test]
fn the_text_goes_where_the_words_say_text_or_last() {
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let last = words(&["-s", "150"]);
    assert_eq!(
        with_text(&last, "hi"),
        [Arg::Fixed("-s"), Arg::Fixed("150"), Arg::Text("hi")]
    );
    let placed = words(&["-v", "{text}", "--punct"]);
    assert_eq!(
        with_text(&placed, "hi"),
        [Arg::Fixed("-v"), Arg::Text("hi"), Arg::Fixed("--punct")]
    );
    // Only an argument that is exactly `{text}` stands for it.
    let glued = words(&["--text={text}"]);
    assert_eq!(
        with_text(&glued, "hi"),
        [Arg::Fixed("--text={text}"), Arg::Text("hi")]
    );
    let twice = words(&["{text}", "{text}"]);
    assert_eq!(with_text(&twice, "hi"), [Arg::Text("hi"), Arg::Text("hi")]);
}

#[test]
fn the_program_gets_fixed_arguments_as_written_and_texts_made_safe() {
    static REGISTRY: Children = Children::new();
    let dir = tempfile::tempdir().unwrap();
    let program = recorder(dir.path());
    let mut child = REGISTRY
        .spawn(
            &program,
            &[
                Arg::Fixed("-s"),
                Arg::Text("-f/etc/passwd"),
                Arg::Fixed("--"),
                Arg::Text("one\nline \u{1b}]0;title\u{7}"),
            ],
        )
        .unwrap();
    wait_for(&mut child);
    let argv = std::fs::read_to_string(dir.path().join("argv")).unwrap();
    assert_eq!(
        argv,
        "-s\n -f/etc/passwd\n--\none line \\u{1b}]0;title\\u{7}\n"
    );
}

#[test]
fn a_fixed_argument_with_a_control_character_is_refused() {
    static REGISTRY: Children = Children::new();
    let dir = tempfile::tempdir().unwrap();
    let program = recorder(dir.path());
    let refused = REGISTRY.spawn(&program, &[Arg::Fixed("-s\n150")]);
    assert_eq!(
        refused.map(|_| ()).unwrap_err().kind(),
        io::ErrorKind::InvalidInput
    );
    assert!(!dir.path().join("argv").exists(), "the program was started");
}

#[test]
fn a_child_that_ends_leaves_the_registry() {
    static REGISTRY: Children = Children::new();
    let mut child = REGISTRY.spawn(Path::new("/bin/sh"), &sh("exit 0")).unwrap();
    assert_eq!(*REGISTRY.lock(), [child.id()]);
    wait_for(&mut child);
    assert!(REGISTRY.lock().is_empty());
    assert_eq!(REGISTRY.end_all(), 0, "nothing left to signal");
}

#[test]
fn dropping_a_child_ends_its_whole_group_and_reaps_it() {
    static REGISTRY: Children = Children::new();
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("inner");
    let script = format!("sleep 30 & echo $! > '{}'; wait", inner.display());
    let child = REGISTRY.spawn(Path::new("/bin/sh"), &sh(&script)).unwrap();
    let outer = child.id();
    let inner: u32 = read_when_written(&inner).trim().parse().unwrap();
    let started = Instant::now();
    child.stop();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(REGISTRY.lock().is_empty());
    assert!(!alive(outer), "the child outlived its handle");
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(inner) {
        assert!(
            Instant::now() < deadline,
            "what the child started outlived it"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn end_all_ends_every_live_child_even_one_deaf_to_sigterm_and_starts_no_more() {
    static REGISTRY: Children = Children::new();
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready");
    let polite = REGISTRY
        .spawn(Path::new("/bin/sh"), &sh("exec sleep 30"))
        .unwrap();
    let deaf_script = format!(
        "trap '' TERM; sleep 30 & echo $! > '{}'; wait",
        ready.display()
    );
    let deaf = REGISTRY
        .spawn(Path::new("/bin/sh"), &sh(&deaf_script))
        .unwrap();
    let deaf_inner: u32 = read_when_written(&ready).trim().parse().unwrap();
    let (polite_id, deaf_id) = (polite.id(), deaf.id());
    let started = Instant::now();
    assert_eq!(REGISTRY.end_all(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Both were reaped, so both left the registry.
    assert!(REGISTRY.lock().is_empty());
    for pid in [polite_id, deaf_id] {
        assert!(!alive(pid), "child {pid} outlived end_all");
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(deaf_inner) {
        assert!(Instant::now() < deadline, "a grandchild outlived end_all");
        std::thread::sleep(Duration::from_millis(10));
    }
    // Nothing more is started, and the handles drop at once.
    assert!(REGISTRY.spawn(Path::new("/bin/sh"), &sh("exit 0")).is_err());
    let started = Instant::now();
    drop((polite, deaf));
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn end_all_never_waits_long_for_a_registry_someone_holds() {
    static REGISTRY: Children = Children::new();
    let held = REGISTRY.lock();
    let started = Instant::now();
    let ended = std::thread::spawn(|| REGISTRY.end_all()).join().unwrap();
    assert_eq!(ended, 0);
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(held);
    // It still closed the registry.
    assert!(REGISTRY.spawn(Path::new("/bin/sh"), &sh("exit 0")).is_err());
}
