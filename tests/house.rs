//! The house (issue 28): no source file over 800 lines, the top-level modules form a DAG, and the
//! README's map of it names every top-level file and folder of `src/`, so a newcomer's first read
//! is true.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = crate::common::files_below(dir);
    files.retain(|path| path.extension().is_some_and(|e| e == "rs"));
    files
}

#[test]
fn no_source_file_is_over_800_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).unwrap().lines().count();
            (lines > 800).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over 800 lines: {long:?}");
}

#[test]
fn the_readme_layout_names_every_room_of_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let layout = readme
        .split("## Layout")
        .nth(1)
        .expect("a Layout section")
        .split("\n## ")
        .next()
        .unwrap();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let shown = if path.is_dir() {
            format!("src/{name}/")
        } else if name.ends_with(".rs") {
            format!("src/{name}")
        } else {
            continue;
        };
        if !layout.contains(&shown) {
            missing.push(shown);
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "the README's Layout misses {missing:?}");
}

/// The top-level module of a source file (`src/ingest/tables/posts.rs` → `ingest`).
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root.join("src")).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn the_modules_form_a_dag() {
    use std::collections::{BTreeMap, BTreeSet};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = rust_files(&root.join("src"));
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(root, file);
        if from == "lib" || from == "main" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        // What the tests of a module use is not the module's.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap();
        for piece in code.split("crate::").skip(1) {
            let to: String = piece
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !to.is_empty() && to != from {
                uses.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search for a way back to where it started.
    fn back(
        uses: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        let last = path.last().unwrap().clone();
        for next in uses.get(&last).into_iter().flatten() {
            if let Some(at) = path.iter().position(|p| p == next) {
                let mut cycle = path[at..].to_vec();
                cycle.push(next.clone());
                return Some(cycle);
            }
            if done.insert(next.clone()) {
                path.push(next.clone());
                if let Some(cycle) = back(uses, path, done) {
                    return Some(cycle);
                }
                path.pop();
            }
        }
        None
    }
    let mut done = BTreeSet::new();
    for start in uses.keys() {
        if let Some(cycle) = back(&uses, &mut vec![start.clone()], &mut done) {
            panic!("a module cycle: {}", cycle.join(" → "));
        }
    }
}
