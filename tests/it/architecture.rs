//! The codebase's shape, as `ARCHITECTURE.md` describes it: the engine a crate of its
//! own that depends on nothing that reads files, draws or talks to a network, and no
//! circle of imports between the top-level folders of either crate (a circle means
//! neither side can be understood, or changed, without the other).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a source file without its comments, so that a doc link is not an
/// import.
fn code_of(path: &Path) -> String {
    code_of_text(&std::fs::read_to_string(path).unwrap())
}

fn code_of_text(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names with `crate::…`, including in grouped imports
/// (`use crate::{a, b::c}`).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let ident = |from: usize| -> String {
        code[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        // Not the tail of another path (`tallyroom_engine::crate::` does not occur, but
        // an identifier ending in "crate" might).
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let after = at + "crate::".len();
        if code[after..].starts_with('{') {
            let end = code[after..].find('}').map_or(code.len(), |e| after + e);
            for item in code[after + 1..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        } else {
            let name = ident(after);
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

/// For a crate's `src`: top-level module -> modules it imports -> a file that does.
fn imports(src: &Path) -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let first = relative.components().next().unwrap();
        let top = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        for module in named_modules(&code_of(&file)) {
            if module != top {
                graph
                    .entry(top.clone())
                    .or_default()
                    .entry(module)
                    .or_insert_with(|| file.clone());
            }
        }
    }
    graph
}

/// A circle of imports, if there is one: the modules in order, back to the first.
fn find_circle(graph: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(circle);
        }
    }
    None
}

fn assert_no_circle(src: &Path) {
    let graph = imports(src);
    assert!(
        !graph.is_empty(),
        "no imports found under {}",
        src.display()
    );
    if let Some(circle) = find_circle(&graph) {
        let steps: Vec<String> = circle
            .windows(2)
            .map(|w| {
                let file = &graph[&w[0]][&w[1]];
                format!(
                    "{} -> {} ({})",
                    w[0],
                    w[1],
                    file.strip_prefix(ROOT).unwrap_or(file).display()
                )
            })
            .collect();
        panic!(
            "a circle of imports between top-level modules of {}:\n  {}",
            src.display(),
            steps.join("\n  ")
        );
    }
}

#[test]
fn no_circle_of_imports_between_the_app_s_top_level_modules() {
    assert_no_circle(&Path::new(ROOT).join("src"));
}

#[test]
fn no_circle_of_imports_between_the_engine_s_top_level_modules() {
    assert_no_circle(&Path::new(ROOT).join("engine/src"));
}

#[test]
fn a_circle_is_found_where_there_is_one() {
    // The check itself: two modules naming each other, one through a grouped import.
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    let a = named_modules("use crate::{store::Store, model};\nfn f() {}");
    assert_eq!(
        a,
        ["model", "store"].iter().map(|s| s.to_string()).collect()
    );
    for m in a {
        graph
            .entry("ui".into())
            .or_default()
            .insert(m, PathBuf::from("ui.rs"));
    }
    graph
        .entry("store".into())
        .or_default()
        .insert("ui".into(), PathBuf::from("store.rs"));
    let circle = find_circle(&graph).expect("ui -> store -> ui");
    assert_eq!(circle.first(), circle.last());
    assert!(circle.contains(&"store".to_string()) && circle.contains(&"ui".to_string()));
    // A doc comment is not an import.
    assert!(named_modules(&code_of_text("//! See [`crate::ui`].\nfn f() {}")).is_empty());
}

#[test]
fn the_engine_depends_on_nothing_that_reads_files_draws_or_talks_to_a_network() {
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("engine/Cargo.toml")).unwrap();
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line.ends_with("dependencies]");
            continue;
        }
        if in_dependencies
            && let Some((name, _)) = line.split_once('=')
            && !line.starts_with('#')
        {
            names.push(name.trim().to_string());
        }
    }
    // Data types and their serialisation, and dates: nothing else.
    let allowed = ["serde", "jiff"];
    let others: Vec<&String> = names
        .iter()
        .filter(|n| !allowed.contains(&n.as_str()))
        .collect();
    assert!(
        others.is_empty(),
        "the engine depends on {others:?}; anything that reads files, draws or talks to a network belongs in the app crate"
    );
    assert!(!names.is_empty(), "engine/Cargo.toml names no dependencies");
}

/// A heading as GitHub makes it an anchor: lower case, spaces to hyphens, most
/// punctuation gone.
fn anchor_of(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

#[test]
fn every_link_in_the_readme_and_the_manual_leads_somewhere_in_the_repository() {
    let root = Path::new(ROOT);
    let mut pages = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut broken = Vec::new();
    let mut links = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let mut in_code = false;
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
            }
            if in_code {
                continue;
            }
            for (at, _) in line.match_indices("](") {
                let rest = &line[at + 2..];
                let Some(end) = rest.find(')') else { continue };
                let target = &rest[..end];
                if target.starts_with("http://") || target.starts_with("https://") {
                    continue;
                }
                links += 1;
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f, Some(a)),
                    None => (target, None),
                };
                let file = if file.is_empty() {
                    page.clone()
                } else {
                    page.parent().unwrap().join(file)
                };
                let here = format!(
                    "{} line {}: {target}",
                    page.strip_prefix(root).unwrap().display(),
                    n + 1
                );
                if !file.exists() {
                    broken.push(format!("{here} (no such file)"));
                    continue;
                }
                if let Some(anchor) = anchor {
                    let headings = std::fs::read_to_string(&file).unwrap_or_default();
                    let found = headings
                        .lines()
                        .filter(|l| l.starts_with('#'))
                        .any(|l| anchor_of(l.trim_start_matches('#')) == anchor);
                    if !found {
                        broken.push(format!("{here} (no such heading)"));
                    }
                }
            }
        }
    }
    assert!(links > 20, "only {links} links found");
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}
