//! What in a folder govmedia may remove, decided from its manifest or journal as *input*, not
//! authority: only regular files at plain relative paths inside the folder, reached without a
//! link, whose size and XXH3-64 are those the manifest recorded when they were written (or, in a
//! dead run's temporary folder, that its journal named before writing them).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use super::{JOURNAL, MANIFEST, OutputError, io};

/// A file's digest as the manifest records it: `"<bytes> <XXH3-64 in hex>"`.
pub fn digest(bytes: &[u8]) -> String {
    format!("{} {:016x}", bytes.len(), xxhash_rust::xxh3::xxh3_64(bytes))
}

/// The digest of a file on disk, read in pieces.
pub(crate) fn digest_file(path: &Path) -> std::io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut length = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        length += n as u64;
        hasher.update(&buffer[..n]);
    }
    Ok(format!("{length} {:016x}", hasher.digest()))
}

/// The part of a manifest this module reads.
#[derive(Debug, Deserialize)]
pub(super) struct Manifest {
    tool: Option<String>,
    pub(super) command: Option<String>,
    pub(super) files: Option<Vec<String>>,
    /// Per listed file, its digest when written ([`digest`]); absent before manifests had them.
    pub(super) digests: Option<BTreeMap<String, String>>,
}

/// The manifest of `dir` when `summary.json` is a regular file saying govmedia wrote it.
pub(super) fn govmedia_manifest(dir: &Path) -> Option<Manifest> {
    let path = dir.join(MANIFEST);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = fs::read(path).ok()?;
    let manifest: Manifest = serde_json::from_slice(&text).ok()?;
    (manifest.tool.as_deref() == Some("govmedia")).then_some(manifest)
}

/// `entry` when it is a plain relative path: `/`-separated names, none empty, `.` or `..`, not
/// absolute, no backslash or NUL. Anything else can name nothing inside a folder.
pub(super) fn plain(entry: &str) -> Option<&str> {
    let bad = entry.is_empty()
        || entry.contains(['\\', '\0'])
        || entry
            .split('/')
            .any(|name| name.is_empty() || name == "." || name == "..");
    let normal = Path::new(entry)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    (!bad && normal).then_some(entry)
}

/// What a file must be to count as govmedia's own.
#[derive(Debug, Clone)]
pub(super) enum Expect {
    /// The manifest's record: this size and hash.
    Digest(String),
    /// Named in a dead run's journal before it was written: any size (it may be half-written).
    Announced,
    /// The manifest or journal itself, already read and understood.
    Itself,
    /// A folder a dead run's journal named before creating it (`path/` in the journal).
    Folder,
}

/// How a file looked when it was found to be ours: a second look that finds the same needs no
/// second hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Seen {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

impl Seen {
    fn of(metadata: &fs::Metadata) -> Seen {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Seen {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
        }
    }
}

/// A folder sorted into what govmedia wrote and what it did not.
#[derive(Debug, Default, Clone)]
pub(super) struct Inventory {
    /// Files that are ours, with how they looked: these and only these may be removed.
    pub(super) ours: BTreeMap<String, Seen>,
    /// Folders a dead run's journal named: removed when nothing else is left in them.
    pub(super) folders: Vec<String>,
    /// Entries govmedia did not write (or that changed since), with why, in path order.
    pub(super) foreign: Vec<String>,
    /// Manifest or journal entries that name nothing removable, with why (never acted on).
    pub(super) ignored: Vec<String>,
}

/// What a folder's manifest (and journal, in a dead run's temporary folder) vouch for; `None`
/// when neither is there. Entries that are no plain relative path are set aside in `ignored`.
pub(super) fn vouched(
    dir: &Path,
    manifest: Option<&Manifest>,
    with_journal: bool,
) -> Option<(BTreeMap<String, Expect>, Vec<String>)> {
    let mut expected = BTreeMap::new();
    let mut ignored = Vec::new();
    let mut any = false;
    if let Some(m) = manifest {
        any = true;
        expected.insert(MANIFEST.to_string(), Expect::Itself);
        let digests = m.digests.as_ref();
        for entry in m.files.iter().flatten() {
            match plain(entry) {
                None => ignored.push(format!("{entry} (not a path inside the folder)")),
                Some(MANIFEST) => {}
                Some(p) => match digests.and_then(|d| d.get(p)) {
                    Some(d) => {
                        expected.insert(p.to_string(), Expect::Digest(d.clone()));
                    }
                    None => ignored.push(format!("{entry} (no size and hash recorded)")),
                },
            }
        }
    }
    if with_journal && let Some(entries) = journal(dir) {
        any = true;
        expected.insert(JOURNAL.to_string(), Expect::Itself);
        for entry in entries {
            let (path, expect) = match entry.strip_suffix('/') {
                Some(folder) => (folder, Expect::Folder),
                None => (entry.as_str(), Expect::Announced),
            };
            match plain(path) {
                None => ignored.push(format!("{entry} (not a path inside the folder)")),
                Some(p) => {
                    expected.entry(p.to_string()).or_insert(expect);
                }
            }
        }
    }
    any.then_some((expected, ignored))
}

/// The entries of a dead run's journal (a regular file, one path a line), if it has one.
fn journal(dir: &Path) -> Option<Vec<String>> {
    let path = dir.join(JOURNAL);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let text = fs::read(path).ok()?;
    let text = String::from_utf8_lossy(&text);
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// What kind of entry a walk found (links are never followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    Link,
    Other,
}

/// Every entry below `dir`, as `/`-separated relative paths with their kind and metadata;
/// links are listed, not followed.
fn walk(dir: &Path) -> Result<Vec<(String, Kind, Option<fs::Metadata>)>, OutputError> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for entry in fs::read_dir(&folder).map_err(io(&folder, "cannot list the folder"))? {
            let entry = entry.map_err(io(&folder, "cannot list the folder"))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let metadata = fs::symlink_metadata(entry.path()).ok();
            let kind = match metadata.as_ref().map(fs::Metadata::file_type) {
                Some(t) if t.is_symlink() => Kind::Link,
                Some(t) if t.is_dir() => Kind::Folder,
                Some(t) if t.is_file() => Kind::File,
                _ => Kind::Other,
            };
            if kind == Kind::Folder {
                pending.push((entry.path(), relative.clone()));
            }
            found.push((relative, kind, metadata));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

/// Sorts the entries below `dir` by `expected`: a regular file is ours when it meets its
/// expectation (files that look as they did in `before` are not hashed again); links, special
/// files, unlisted or changed files are foreign, and so is a folder holding nothing of ours.
pub(super) fn inventory(
    dir: &Path,
    expected: &BTreeMap<String, Expect>,
    before: Option<&BTreeMap<String, Seen>>,
) -> Result<Inventory, OutputError> {
    let entries = walk(dir)?;
    let mut to_hash = Vec::new();
    let mut inventory = Inventory::default();
    let mut folders = Vec::new();
    for (path, kind, metadata) in entries {
        match (kind, expected.get(&path), metadata) {
            (Kind::File, Some(expect), Some(m)) => {
                let seen = Seen::of(&m);
                match expect {
                    Expect::Folder => inventory.foreign.push(path),
                    Expect::Itself | Expect::Announced => {
                        inventory.ours.insert(path, seen);
                    }
                    Expect::Digest(_) if before.and_then(|b| b.get(&path)) == Some(&seen) => {
                        inventory.ours.insert(path, seen);
                    }
                    Expect::Digest(d) if d.split(' ').next() == Some(&m.len().to_string()) => {
                        to_hash.push((path, d.clone(), seen));
                    }
                    Expect::Digest(_) => inventory
                        .foreign
                        .push(format!("{path} (changed since govmedia wrote it)")),
                }
            }
            (Kind::Folder, _, _) => folders.push(path),
            (Kind::File, None, _) => inventory.foreign.push(path),
            (Kind::File, Some(_), None) => inventory.foreign.push(path),
            (Kind::Link, ..) => inventory.foreign.push(format!("{path} (a link)")),
            (Kind::Other, ..) => inventory
                .foreign
                .push(format!("{path} (not a regular file)")),
        }
    }
    let hashed: Vec<(String, bool, Seen)> = to_hash
        .into_par_iter()
        .map(|(path, want, seen)| {
            let same = digest_file(&dir.join(&path)).is_ok_and(|got| got == want);
            (path, same, seen)
        })
        .collect();
    for (path, same, seen) in hashed {
        if same {
            inventory.ours.insert(path, seen);
        } else {
            let why = format!("{path} (changed since govmedia wrote it)");
            inventory.foreign.push(why);
        }
    }
    for folder in folders {
        let prefix = format!("{folder}/");
        let holds_ours = (inventory.ours.range(prefix.clone()..).next())
            .is_some_and(|(f, _)| f.starts_with(&prefix));
        if matches!(expected.get(&folder), Some(Expect::Folder)) {
            inventory.folders.push(folder);
        } else if !holds_ours {
            inventory.foreign.push(folder);
        }
    }
    for (path, expect) in expected {
        if matches!(expect, Expect::Digest(_))
            && !inventory.ours.contains_key(path)
            && fs::symlink_metadata(dir.join(path)).is_ok_and(|m| m.is_dir())
        {
            inventory.ignored.push(format!("{path} (a folder)"));
        }
    }
    inventory.foreign.sort();
    inventory.foreign.dedup();
    Ok(inventory)
}

/// Whether every folder between `dir` and `relative`'s file is a real folder (no link on the
/// way), remembering those already checked.
fn no_link_on_the_way(dir: &Path, relative: &str, checked: &mut BTreeSet<PathBuf>) -> bool {
    let mut folder = PathBuf::new();
    let names: Vec<&str> = relative.split('/').collect();
    for name in &names[..names.len().saturating_sub(1)] {
        folder.push(name);
        if checked.contains(&folder) {
            continue;
        }
        if !fs::symlink_metadata(dir.join(&folder)).is_ok_and(|m| m.is_dir()) {
            return false;
        }
        checked.insert(folder.clone());
    }
    true
}

/// Removes the files of `found` that are ours from `dir`, each only while it is still a regular
/// file reached without a link; then the folders they leave empty (and those a journal named);
/// then, when nothing else is left, the manifest and journal and `dir` itself (so that a folder
/// left with someone's files in it is still recognised by the next run). Never fails: returns
/// what it left in place.
pub(super) fn remove_ours(dir: &Path, found: &Inventory) -> Vec<PathBuf> {
    let ours = &found.ours;
    let marks = [MANIFEST, JOURNAL];
    let order: Vec<&String> = ours
        .keys()
        .filter(|p| !marks.contains(&p.as_str()))
        .collect();
    let mut folders: BTreeSet<PathBuf> = found.folders.iter().map(PathBuf::from).collect();
    let mut left = remove_files(dir, &order, &mut folders);
    // Deepest first; a folder that is not empty stays.
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(dir.join(folder));
    }
    let only_marks = fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .all(|e| marks.iter().any(|m| e.file_name() == *m))
    });
    if only_marks {
        let present: Vec<&String> = ours
            .keys()
            .filter(|p| marks.contains(&p.as_str()))
            .collect();
        left.extend(remove_files(dir, &present, &mut BTreeSet::new()));
    }
    if fs::remove_dir(dir).is_err() && dir.exists() && left.is_empty() {
        left.push(dir.to_path_buf());
    }
    left
}

/// Removes `files` of `dir` that are regular files reached without a link, adding their folders
/// to `folders`; returns those it could not remove.
fn remove_files(dir: &Path, files: &[&String], folders: &mut BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut checked = BTreeSet::new();
    let mut left = Vec::new();
    for relative in files {
        let path = dir.join(relative);
        let removable = no_link_on_the_way(dir, relative, &mut checked)
            && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if !(removable && fs::remove_file(&path).is_ok()) && path.exists() {
            left.push(path);
        }
        let mut folder = Path::new(relative.as_str()).parent();
        while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
            folders.insert(f.to_path_buf());
            folder = f.parent();
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_something_inside_a_folder() {
        for good in ["a.csv", "report/units/u1.html", "docs/整改通知书/x.docx"] {
            assert_eq!(plain(good), Some(good));
        }
        for bad in [
            "",
            "../x",
            "/etc/passwd",
            "report/../../x",
            "a//b",
            "./a",
            "a/.",
            "a\\..\\b",
            "a\0b",
            "report/",
        ] {
            assert_eq!(plain(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_digest_is_the_size_and_xxh3_of_the_bytes_on_disk_alike() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = vec![7u8; 3 << 20];
        fs::write(dir.path().join("f"), &bytes).unwrap();
        assert_eq!(digest_file(&dir.path().join("f")).unwrap(), digest(&bytes));
        assert!(digest(b"abc").starts_with("3 "));
    }

    #[test]
    fn a_changed_file_a_link_and_an_unlisted_folder_are_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("report")).unwrap();
        fs::create_dir_all(d.join("empty")).unwrap();
        fs::write(d.join("a.csv"), "a").unwrap();
        fs::write(d.join("b.csv"), "b!").unwrap();
        fs::write(d.join("report/i.html"), "i").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/", d.join("link")).unwrap();
        let expected: BTreeMap<String, Expect> = [
            ("a.csv", Expect::Digest(digest(b"a"))),
            ("b.csv", Expect::Digest(digest(b"b?"))),
            ("report/i.html", Expect::Digest(digest(b"i"))),
            ("link", Expect::Digest(digest(b"x"))),
        ]
        .into_iter()
        .map(|(p, e)| (p.to_string(), e))
        .collect();
        let found = inventory(d, &expected, None).unwrap();
        let ours: Vec<&String> = found.ours.keys().collect();
        assert_eq!(ours, ["a.csv", "report/i.html"]);
        let mut foreign = vec!["b.csv (changed since govmedia wrote it)", "empty"];
        if cfg!(unix) {
            foreign.push("link (a link)");
        }
        assert_eq!(found.foreign, foreign);
    }

    #[test]
    fn removing_leaves_what_is_not_ours_and_folders_that_are_not_empty() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("old");
        fs::create_dir_all(d.join("report")).unwrap();
        fs::write(d.join("a.csv"), "").unwrap();
        fs::write(d.join("report/i.html"), "").unwrap();
        fs::write(d.join("report/mine.txt"), "").unwrap();
        let expected: BTreeMap<String, Expect> = ["a.csv", "report/i.html"]
            .into_iter()
            .map(|p| (p.to_string(), Expect::Announced))
            .collect();
        let found = inventory(&d, &expected, None).unwrap();
        let left = remove_ours(&d, &found);
        assert_eq!(left, vec![d.clone()]);
        assert!(d.join("report/mine.txt").exists());
        assert!(!d.join("a.csv").exists());
    }
}
