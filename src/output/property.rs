//! A property test over output folders and what earlier runs left beside them: hundreds of
//! random trees, each with precious files (never the tool's) placed inside the output, in
//! leftover folders, outside them and behind links, and manifests and journals that list them in
//! every hostile way (outside paths, through links, folders, the right digest at the wrong place,
//! the wrong digest at the right place). The laws: no precious file is ever changed or removed; a
//! refused run leaves the output folder as it was; a run that goes through leaves exactly its
//! own files there.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::{MANIFEST, Target, digest};
use crate::rng::Rng;

/// Random trees tried (deterministic: the same every run).
const CASES: u64 = 300;

/// Every file below `dir` with its bytes, links followed (a link to a folder is walked once).
fn files_below(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    let mut seen = 0;
    while let Some(folder) = pending.pop() {
        seen += 1;
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && seen < 1_000 {
                pending.push(path);
            } else if let Ok(bytes) = fs::read(&path) {
                found.insert(path, bytes);
            }
        }
    }
    found
}

/// A hostile manifest entry for a precious file at `precious` (relative to the work folder),
/// seen from a folder `depth` levels below it.
fn hostile_entry(rng: &mut Rng, precious: &str, root: &Path, depth: usize) -> String {
    let up = "../".repeat(depth);
    match rng.between(0, 4) {
        0 => format!("{up}{precious}"),
        1 => root.join(precious).display().to_string(),
        2 => format!("report/../{up}{precious}"),
        3 => format!("link/{}", precious.rsplit('/').next().unwrap_or(precious)),
        _ => format!("./{precious}"),
    }
}

/// One random case in `root`: returns the output folder and the precious files' bytes.
fn build(rng: &mut Rng, root: &Path) -> (PathBuf, BTreeMap<PathBuf, Vec<u8>>) {
    let out = root.join("work/out");
    fs::create_dir_all(root.join("work/victims/deep")).unwrap();
    let mut precious = Vec::new();
    for (i, name) in ["work/victims/a.txt", "work/victims/deep/b.txt"]
        .iter()
        .enumerate()
    {
        let bytes = format!("precious {i} {}", rng.next_u64()).into_bytes();
        fs::write(root.join(name), &bytes).unwrap();
        precious.push((name.to_string(), bytes));
    }
    // The output folder and up to two leftovers, each a manifest folder, a journal folder, a
    // folder with neither, or a link to the victims.
    let tmp = format!(".out.tmp-{}", 4_294_000_000u32 + rng.between(0, 3) as u32);
    let old = format!(".out.old-{}", 4_294_000_000u32 + rng.between(0, 3) as u32);
    let mut folders = vec![out.clone()];
    if rng.chance(0.5) {
        folders.push(root.join("work").join(tmp));
    }
    if rng.chance(0.3) {
        folders.push(root.join("work").join(old));
    }
    for (k, folder) in folders.iter().enumerate() {
        if k > 0 && rng.chance(0.2) {
            std::os::unix::fs::symlink(root.join("work/victims"), folder).unwrap();
            continue;
        }
        if k == 0 && rng.chance(0.15) {
            continue; // no output yet
        }
        fs::create_dir_all(folder.join("report")).unwrap();
        let mut files = Vec::new();
        // What a journal may name: never a precious file (a journal names what a run wrote).
        let mut announced = Vec::new();
        let mut digests = BTreeMap::new();
        for i in 0..rng.between(0, 4) {
            let name = if rng.chance(0.5) {
                format!("report/p{i}.html")
            } else {
                format!("t{i}.csv")
            };
            let bytes = format!("ours {i}").into_bytes();
            fs::write(folder.join(&name), &bytes).unwrap();
            digests.insert(name.clone(), digest(&bytes));
            announced.push(name.clone());
            files.push(name);
        }
        // Precious files inside: unlisted, or listed with another file's digest.
        if rng.chance(0.5) {
            let bytes = format!("precious inside {k}").into_bytes();
            let name = "report/mine.txt".to_string();
            fs::write(folder.join(&name), &bytes).unwrap();
            if rng.chance(0.5) {
                digests.insert(name.clone(), digest(b"something else"));
                files.push(name.clone());
            }
            precious.push((
                folder
                    .join(&name)
                    .strip_prefix(root)
                    .unwrap()
                    .display()
                    .to_string(),
                bytes,
            ));
        }
        if rng.chance(0.4) {
            std::os::unix::fs::symlink(root.join("work/victims"), folder.join("link")).unwrap();
        }
        // Hostile entries naming precious files with their right digests.
        for _ in 0..rng.between(0, 3) {
            let (name, bytes) = rng.pick(&precious).clone();
            let relative = name.strip_prefix("work/").unwrap_or(&name).to_string();
            let entry = hostile_entry(rng, &relative, &root.join("work"), 1);
            digests.insert(entry.clone(), digest(&bytes));
            announced.push(entry.clone());
            files.push(entry);
        }
        if rng.chance(0.2) {
            files.push("report".into());
        }
        let with_manifest = k == 0 || rng.chance(0.6);
        if with_manifest {
            files.push(MANIFEST.into());
            let command = if rng.chance(0.9) { "assess" } else { "sample" };
            let manifest = serde_json::json!({
                "tool": "govmedia", "command": command, "files": files, "digests": digests,
            });
            fs::write(folder.join(MANIFEST), manifest.to_string()).unwrap();
        } else if rng.chance(0.6) {
            fs::write(folder.join(super::JOURNAL), announced.join("\n")).unwrap();
        }
    }
    let precious = precious
        .into_iter()
        .map(|(name, bytes)| (root.join(name), bytes))
        .collect();
    (out, precious)
}

/// One run into `out`: checked, two files written, committed.
fn run(out: &Path) -> Result<(), super::OutputError> {
    let target = Target::check(out, "assess", None)?;
    let staging = target.stage()?;
    for name in ["new.csv", "report/new.html"] {
        staging.write(Path::new(name), name.as_bytes())?;
    }
    staging.write(Path::new(MANIFEST), b"{}")?;
    staging.commit()?;
    Ok(())
}

#[cfg(unix)]
#[test]
fn no_precious_file_is_ever_touched_and_a_refused_run_changes_nothing() {
    let (mut went_through, mut refused) = (0, 0);
    for case in 0..CASES {
        let mut rng = Rng::new(26, 0, case);
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let (out, precious) = build(&mut rng, &root);
        let out_before = files_below(&out);
        let result = run(&out);
        for (path, bytes) in &precious {
            // An old output with no output beside it is moved back in place: look there too.
            let moved_back = (path.strip_prefix(root.join("work")).ok())
                .and_then(|p| p.strip_prefix(p.components().next()?).ok())
                .filter(|_| path.to_string_lossy().contains("/.out.old-"))
                .map(|rest| out.join(rest));
            let now = fs::read(path)
                .ok()
                .or_else(|| moved_back.and_then(|p| fs::read(p).ok()));
            assert_eq!(
                now.as_deref(),
                Some(bytes.as_slice()),
                "case {case}: {} changed ({result:?})",
                path.display()
            );
        }
        let out_after = files_below(&out);
        if result.is_ok() {
            went_through += 1;
        } else {
            refused += 1;
        }
        match result {
            // (An output that was not there may have been moved back from a killed swap.)
            Err(_) if out_before.is_empty() => {}
            Err(_) => assert_eq!(out_after, out_before, "case {case}: refused yet changed"),
            Ok(()) => {
                let names: Vec<String> = (out_after.keys())
                    .map(|p| p.strip_prefix(&out).unwrap().display().to_string())
                    .collect();
                assert_eq!(
                    names,
                    ["new.csv", "report/new.html", "summary.json"],
                    "case {case}"
                );
            }
        }
    }
    // Both outcomes are exercised.
    assert!(
        went_through > CASES / 10 && refused > CASES / 10,
        "{went_through} {refused}"
    );
}
