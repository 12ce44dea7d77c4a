//! The engine and the protocol stay pure: no browser bindings, no async
//! runtime, no clock or entropy crate in their dependency graph, and no clock,
//! file, network, thread or environment access in their source.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FORBIDDEN_CRATES: &[&str] = &[
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "tokio",
    "async-std",
    "chrono",
    "time",
    "getrandom",
    "rand",
];
const FORBIDDEN_CODE: &[&str] = &[
    "SystemTime",
    "Instant::now",
    "std::fs",
    "std::net",
    "std::thread",
    "std::env",
    "std::process",
    "Date::now",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every package in Cargo.lock and the names it depends on.
fn lock_graph() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let mut graph = BTreeMap::new();
    for block in text.split("[[package]]").skip(1) {
        let name =
            block.lines().find_map(|l| l.strip_prefix("name = ")).unwrap().trim_matches('"').to_owned();
        let mut deps = Vec::new();
        if let Some(start) = block.find("dependencies = [") {
            for line in block[start..].lines().skip(1) {
                if line.starts_with(']') {
                    break;
                }
                // Entries look like `"serde"` or `"serde 1.0.1"`.
                let dep = line.trim().trim_end_matches(',').trim_matches('"');
                deps.push(dep.split_whitespace().next().unwrap().to_owned());
            }
        }
        graph.entry(name).or_insert_with(Vec::new).extend(deps);
    }
    graph
}

/// The normal dependencies a workspace crate declares (dev-dependencies, which
/// Cargo.lock mixes in, do not ship).
fn declared(krate: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
    let section = text.split("\n[dependencies]").nth(1).unwrap_or("");
    let section = section.split("\n[").next().unwrap_or("");
    section
        .lines()
        .filter_map(|l| l.split(['=', '.']).next())
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn closure(graph: &BTreeMap<String, Vec<String>>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = if start.starts_with("exitpoll-") { declared(start) } else { vec![start.to_owned()] };
    seen.insert(start.to_owned());
    while let Some(name) = stack.pop() {
        if seen.insert(name.clone()) {
            if name.starts_with("exitpoll-") && name != start {
                stack.extend(declared(&name));
            } else if name != start || !start.starts_with("exitpoll-") {
                stack.extend(graph.get(&name).into_iter().flatten().cloned());
            }
        }
    }
    seen
}

#[test]
fn no_forbidden_dependencies() {
    let graph = lock_graph();
    for krate in ["exitpoll-engine", "exitpoll-protocol"] {
        let deps = closure(&graph, krate);
        assert!(krate == "exitpoll-protocol" || deps.contains("exitpoll-protocol"), "{krate}: {deps:?}");
        let bad: Vec<&String> = deps
            .iter()
            .filter(|d| FORBIDDEN_CRATES.iter().any(|f| d == f || d.starts_with(&format!("{f}-"))))
            .collect();
        assert!(bad.is_empty(), "{krate} depends on {bad:?}");
    }
    // The check itself works: the widget does depend on wasm-bindgen.
    assert!(closure(&graph, "exitpoll-widget").contains("wasm-bindgen"));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_clock_io_or_threads_in_the_source() {
    for krate in ["exitpoll-engine", "exitpoll-protocol"] {
        let mut files = Vec::new();
        rust_files(&root().join("crates").join(krate).join("src"), &mut files);
        assert!(!files.is_empty());
        for file in files {
            if file.ends_with("tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for pattern in FORBIDDEN_CODE {
                assert!(!text.contains(pattern), "{} uses {pattern}", file.display());
            }
        }
    }
}
