//! The house's floors: no module imports another that imports it back
//! (through any path), and the layers only look down: the core (its own
//! crate) sees nothing of the shell; `store` sees neither `front`,
//! `commands` nor `cli`; `front` and `commands` never see each other's
//! insides or `cli`. Read from the `crate::` and `super::` paths in the
//! source, so a new cycle fails here with its two modules named.

// Every index sliced at comes from `find` of an ASCII pattern: a char boundary.
#![allow(clippy::unwrap_used, clippy::panic, clippy::string_slice)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every source file of a crate (tests left out), by module path.
fn modules(root: &Path) -> BTreeMap<Vec<String>, String> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(root).unwrap().with_extension("");
        let mut path: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if path.last().is_some_and(|l| l == "tests") {
            continue;
        }
        if path
            .last()
            .is_some_and(|l| l == "mod" || l == "lib" || l == "main")
        {
            path.pop();
        }
        out.insert(path, std::fs::read_to_string(&file).unwrap());
    }
    out
}

/// The module paths a file names: `crate::a::b`, `super::c`, and each
/// name in a `{…}` group after them.
fn named(module: &[String], source: &str) -> Vec<Vec<String>> {
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        let mut rest = code.as_str();
        while let Some(i) = rest.find(start) {
            let before = rest[..i].chars().last();
            rest = &rest[i..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                rest = &rest[start.len()..];
                continue;
            }
            let end = rest
                .find(|c: char| {
                    !(c.is_alphanumeric()
                        || c == '_'
                        || c == ':'
                        || c == '{'
                        || c == '}'
                        || c == ','
                        || c == ' '
                        || c == '\n')
                })
                .unwrap_or(rest.len());
            let text = &rest[..end];
            rest = &rest[start.len()..];
            let mut base: Vec<String> = if start == "crate::" {
                Vec::new()
            } else {
                module[..module.len().saturating_sub(1)].to_vec()
            };
            let mut tail = &text[start.len()..];
            while let Some(more) = tail.strip_prefix("super::") {
                base.pop();
                tail = more;
            }
            let (head, group) = match (tail.strip_prefix('{'), tail.find("::{")) {
                (Some(group), _) => ("", Some(group)),
                (None, Some(j)) => (&tail[..j], Some(&tail[j + 3..])),
                (None, None) => (tail, None),
            };
            let mut path = base.clone();
            path.extend(
                head.split("::")
                    .map(|s| s.trim().to_owned())
                    .take_while(|s| !s.is_empty() && !s.contains([' ', '\n', '{', '}', ','])),
            );
            found.push(path.clone());
            if let Some(group) = group {
                let group = group.split('}').next().unwrap_or("");
                for name in group.split(',') {
                    let mut p = path.clone();
                    p.extend(
                        name.trim()
                            .split("::")
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty() && s != "self"),
                    );
                    found.push(p);
                }
            }
        }
    }
    found
}

/// The longest known module a path starts with.
fn module_of(path: &[String], known: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| known.contains(p))
}

/// Module-to-module imports, leaving out a module and its own ancestors
/// (a child seeing its parent's items is how Rust modules work).
fn edges(root: &Path) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let files = modules(root);
    let known: BTreeSet<Vec<String>> = files.keys().cloned().collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, source) in &files {
        for path in named(module, source) {
            let Some(target) = module_of(&path, &known) else {
                continue;
            };
            let related = target.starts_with(module) || module.starts_with(&target);
            if !related && !target.is_empty() {
                edges.entry(module.clone()).or_default().insert(target);
            }
        }
    }
    edges
}

/// A pair of modules that reach each other, if any: each module's
/// imports are followed to the end.
fn a_cycle(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<(String, String)> {
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(m) = todo.pop() {
            for next in edges.get(&m).into_iter().flatten() {
                // A module's children count as the module (its files).
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    for (a, targets) in edges {
        for b in targets {
            if reach(b).iter().any(|m| m == a) {
                return Some((a.join("::"), b.join("::")));
            }
        }
    }
    None
}

fn root(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(sub)
}

#[test]
fn no_module_of_the_shell_imports_one_that_imports_it_back() {
    let edges = edges(&root("src"));
    assert!(edges.len() > 10, "the scan found the modules: {edges:?}");
    if let Some((a, b)) = a_cycle(&edges) {
        panic!("`{a}` imports `{b}`, which leads back to `{a}`");
    }
}

#[test]
fn no_module_of_the_core_imports_one_that_imports_it_back() {
    let edges = edges(&root("core/src"));
    assert!(edges.len() > 5, "the scan found the modules: {edges:?}");
    if let Some((a, b)) = a_cycle(&edges) {
        panic!("`{a}` imports `{b}`, which leads back to `{a}`");
    }
}

#[test]
fn the_layers_only_look_down() {
    let edges = edges(&root("src"));
    let layer = |m: &Vec<String>| m.first().cloned().unwrap_or_default();
    // What each layer may not import.
    let forbidden: [(&str, &[&str]); 3] = [
        ("store", &["front", "commands", "cli"]),
        ("front", &["commands", "cli"]),
        ("commands", &["cli"]),
    ];
    for (from, targets) in &edges {
        for (layer_name, banned) in forbidden {
            if layer(from) == layer_name {
                for to in targets {
                    assert!(
                        !banned.contains(&layer(to).as_str()),
                        "`{}` ({layer_name}) imports `{}`",
                        from.join("::"),
                        to.join("::")
                    );
                }
            }
        }
    }
}

#[test]
fn the_scan_sees_a_cycle_when_there_is_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(
        dir.path().join("a.rs"),
        "use crate::b::thing;\nmod inner;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a/inner.rs"), "use super::super::a;\n").unwrap();
    std::fs::write(dir.path().join("b.rs"), "use crate::{a::other, c};\n").unwrap();
    let edges = edges(dir.path());
    assert!(a_cycle(&edges).is_some(), "{edges:?}");
}
