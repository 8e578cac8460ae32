//! Where output bytes go, and the promise that goes with it: govmedia never removes anything it
//! did not write. An output folder is recognised by its manifest (`summary.json` with `tool`,
//! `command` and `files`, SPEC §7); a new one is written to a temporary folder beside `--out` and
//! swapped into place in one step (`renameat2(RENAME_EXCHANGE)` on Linux), so a failed or killed
//! run never leaves a half-written report and never damages the previous one.

mod inventory;
mod leftovers;
#[cfg(test)]
mod property;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub use inventory::digest;
pub(crate) use inventory::digest_file;
use inventory::{Expect, Inventory, Seen};

/// The manifest's file name.
pub(crate) const MANIFEST: &str = "summary.json";

/// The journal of a temporary folder: each file's path, written before the file, so that what a
/// killed run left can be told from a folder someone else made (removed before the swap).
pub(crate) const JOURNAL: &str = ".govmedia-journal";

/// At most this many foreign files are named in an error.
const NAMED_AT_MOST: usize = 10;

/// A problem with the output folder: exit code 2, nothing written, nothing removed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OutputError {
    /// `--out` is the data folder, holds it, or lies inside it.
    #[error(
        "--out {out}: {relation} the data folder {data}; writing there could replace or mix with your input files. Choose a folder outside the data, e.g. --out reports/<period>"
    )]
    OverlapsData {
        out: PathBuf,
        data: PathBuf,
        relation: &'static str,
    },
    /// `--out` is the current folder or one of its parents.
    #[error(
        "--out {out}: that is the current folder or one of its parents; replacing it would take your other files with it. Give a new folder, e.g. --out reports/<period>"
    )]
    CurrentFolder { out: PathBuf },
    /// A file, not a folder, is in the way.
    #[error(
        "--out {out}: a file or a link of that name is there; --out must be a plain folder. Move it or choose another name"
    )]
    NotAFolder { out: PathBuf },
    /// A folder with files and no govmedia manifest.
    #[error(
        "--out {out}: the folder is not empty and was not written by govmedia (it has no summary.json from govmedia); nothing was changed. Choose a new or empty folder, or move its files elsewhere"
    )]
    Foreign { out: PathBuf },
    /// A govmedia folder from a version that did not record its files' sizes and hashes.
    #[error(
        "--out {out}: written by an earlier govmedia that did not list its files with their sizes and hashes, so it cannot tell which files are its own; nothing was changed. Move or delete that folder yourself, or choose another --out"
    )]
    Unlisted { out: PathBuf },
    /// A govmedia folder of another command (a sample data set, say).
    #[error(
        "--out {out}: it holds the output of `govmedia {found}`, not of `govmedia {wanted}`; nothing was changed. Choose another folder"
    )]
    OtherCommand {
        out: PathBuf,
        found: String,
        wanted: &'static str,
    },
    /// A govmedia folder that also holds files someone else put there.
    #[error(
        "--out {out}: it holds files govmedia did not write: {names}; nothing was changed. Move them elsewhere, or choose another --out"
    )]
    ForeignFiles { out: PathBuf, names: String },
    /// Something not a folder of ours where the run's temporary folder goes.
    #[error(
        "{path}: something govmedia did not make has the name of its temporary folder ({what}); nothing was changed. Move it elsewhere, then run again"
    )]
    InTheWay { path: PathBuf, what: String },
    /// Reading or writing the disk failed (a full disk, say).
    #[error("{path}: {action}; check the free space and permissions there")]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io {
        path,
        action,
        source,
    }
}

/// The folder holding `out` (`.` for a bare name).
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A list of names for a message: the first [`NAMED_AT_MOST`], then how many more.
fn named(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(NAMED_AT_MOST)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED_AT_MOST {
        text.push_str(&format!(" and {} more", names.len() - NAMED_AT_MOST));
    }
    text
}

/// `path` made absolute, `.` and `..` folded, links resolved as far as it exists.
fn resolved(path: &Path) -> Result<PathBuf, OutputError> {
    let absolute = std::path::absolute(path).map_err(io(path, "cannot resolve the path"))?;
    let mut folded = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                folded.pop();
            }
            Component::CurDir => {}
            other => folded.push(other),
        }
    }
    let mut existing = folded.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    out.extend(rest.iter().rev());
    Ok(out)
}

/// What a command will write into, checked before anything is written.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    out: PathBuf,
    command: &'static str,
    /// The existing output's own files as they were found (empty when there is none).
    previous: BTreeMap<String, Seen>,
}

impl Target {
    /// Checks that `command` may write `out`: not the data folder (nor holding it, nor inside
    /// it), not the current folder or a parent of it, and either absent, empty, or an output
    /// folder of the same command holding nothing but the files its manifest lists, each as it
    /// was written. Also tidies what killed runs left beside it.
    pub(crate) fn check(
        out: &Path,
        command: &'static str,
        data: Option<&Path>,
    ) -> Result<Target, OutputError> {
        let target = resolved(out)?;
        if let Some(data) = data {
            let data = resolved(data)?;
            let relation = if target == data {
                Some("it is")
            } else if data.starts_with(&target) {
                Some("it holds")
            } else if target.starts_with(&data) {
                Some("it lies inside")
            } else {
                None
            };
            if let Some(relation) = relation {
                return Err(OutputError::OverlapsData {
                    out: out.to_path_buf(),
                    data: data.clone(),
                    relation,
                });
            }
        }
        let here = std::env::current_dir()
            .ok()
            .and_then(|d| fs::canonicalize(d).ok());
        if here.is_some_and(|here| here.starts_with(&target)) || target.parent().is_none() {
            return Err(OutputError::CurrentFolder {
                out: out.to_path_buf(),
            });
        }
        let mut found = Target {
            out: out.to_path_buf(),
            command,
            previous: BTreeMap::new(),
        };
        leftovers::recover(&found.out)?;
        found.previous = found.replaceable(None)?.ours;
        Ok(found)
    }

    /// The output folder.
    pub(crate) fn path(&self) -> &Path {
        &self.out
    }

    /// The existing output folder sorted into its own files (those a new run replaces; files
    /// that look as in `before` are not hashed again) and nothing else; an error when it may
    /// not be replaced: not a folder, not ours, another command's, or holding anything else.
    fn replaceable(
        &self,
        before: Option<&BTreeMap<String, Seen>>,
    ) -> Result<Inventory, OutputError> {
        let out = &self.out;
        let metadata = match fs::symlink_metadata(out) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Inventory::default()),
            Err(e) => return Err(io(out, "cannot look at the folder")(e)),
        };
        if !metadata.is_dir() {
            return Err(OutputError::NotAFolder { out: out.clone() });
        }
        let mut entries = fs::read_dir(out).map_err(io(out, "cannot list the folder"))?;
        if entries.next().is_none() {
            return Ok(Inventory::default());
        }
        let manifest = inventory::govmedia_manifest(out);
        let Some(manifest) = manifest else {
            return Err(OutputError::Foreign { out: out.clone() });
        };
        let (Some(found), Some(_), Some(_)) =
            (&manifest.command, &manifest.files, &manifest.digests)
        else {
            return Err(OutputError::Unlisted { out: out.clone() });
        };
        if found != self.command {
            return Err(OutputError::OtherCommand {
                out: out.clone(),
                found: found.clone(),
                wanted: self.command,
            });
        }
        let Some((expected, mut ignored)) = inventory::vouched(out, Some(&manifest), false) else {
            return Err(OutputError::Foreign { out: out.clone() });
        };
        let mut found = inventory::inventory(out, &expected, before)?;
        if !found.foreign.is_empty() {
            return Err(OutputError::ForeignFiles {
                out: out.clone(),
                names: named(&found.foreign),
            });
        }
        if before.is_none() {
            ignored.append(&mut found.ignored);
            note_ignored(out, &ignored);
        }
        Ok(found)
    }

    /// A temporary folder beside the output folder to write into; removed when dropped unless
    /// committed.
    pub(crate) fn stage(&self) -> Result<Staging, OutputError> {
        let temporary = sibling(&self.out, "tmp", std::process::id());
        if let Some(parent) = temporary.parent() {
            fs::create_dir_all(parent).map_err(io(parent, "cannot create the folder"))?;
        }
        // Same name, same process id: a dead process's leftover, tidied like any other; what
        // cannot be tidied (a link, a file, someone's folder) is in the way.
        leftovers::clear(&temporary)?;
        fs::create_dir(&temporary).map_err(io(&temporary, "cannot create the folder"))?;
        let journal = fs::OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(temporary.join(JOURNAL))
            .map_err(io(&temporary, "cannot write the file"))?;
        Ok(Staging {
            target: self.clone(),
            temporary,
            done: false,
            journal: Mutex::new(journal),
            written: Mutex::new(BTreeMap::new()),
        })
    }
}

/// Says (on stderr) which manifest entries were not acted on, and why.
fn note_ignored(dir: &Path, ignored: &[String]) {
    if !ignored.is_empty() {
        eprintln!(
            "note: {} lists entries govmedia will not remove: {}",
            dir.join(MANIFEST).display(),
            named(ignored)
        );
    }
}

/// `.NAME.KIND-PID` beside `out`.
fn sibling(out: &Path, kind: &str, pid: u32) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "out".to_string(), |n| n.to_string_lossy().into_owned());
    parent_of(out).join(format!(".{name}.{kind}-{pid}"))
}

/// One output file: its path inside the output folder and its bytes.
pub(crate) struct OutputFile {
    /// Relative path (`rejects.csv`, `report/index.html`), `/`-separated.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// What the manifest of a command that writes a few files whole (warn, compare, scan) lists of
/// them: their paths with `summary.json`, in code-point order, and each one's digest.
pub(crate) fn listing(files: &[OutputFile]) -> (Vec<String>, BTreeMap<String, String>) {
    let mut names: Vec<String> = (files.iter().map(|f| f.path.display().to_string()))
        .chain(std::iter::once(MANIFEST.to_string()))
        .collect();
    names.sort();
    let digests = (files.iter())
        .map(|f| (f.path.display().to_string(), digest(&f.bytes)))
        .collect();
    (names, digests)
}

/// `summary.json` made from `manifest` (pretty-printed, LF, final newline).
pub(crate) fn manifest_file<T: serde::Serialize>(manifest: &T) -> serde_json::Result<OutputFile> {
    let mut bytes = serde_json::to_vec_pretty(manifest)?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: MANIFEST.into(),
        bytes,
    })
}

/// The output writer stopped (its own error says why): what a producer's `put` returns then.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the output writer stopped")]
pub(crate) struct Stopped;

/// Where a producer hands each file as soon as it is made.
pub(crate) type Put<'a> = &'a (dyn Fn(OutputFile) -> Result<(), Stopped> + Sync);

/// Files handed over to each writer and not yet written, at most (bounds the memory the outputs
/// take).
const IN_FLIGHT: usize = 64;

/// Writer threads. Each folder is written by one of them (writing from several threads into one
/// folder was measured slower: they contend for the folder's lock); two let the documents'
/// two folders be filled at once, where one writer was the documents stage's bottleneck (a
/// core busy creating files while the two that render them waited on it).
const WRITERS: usize = 2;

impl Staging {
    /// Runs `produce` with a `put` that hands files to the writer threads, which write them into
    /// the temporary folder while production goes on: the files of one folder by one writer,
    /// in the order they were handed over, the folders shared out in the order they first
    /// appear. Returns what `produce` returned and the paths written; a write error comes first.
    pub(crate) fn stream<T>(
        &self,
        produce: impl FnOnce(Put<'_>) -> anyhow::Result<T>,
    ) -> anyhow::Result<(T, Vec<PathBuf>)> {
        std::thread::scope(|scope| {
            let mut senders = Vec::with_capacity(WRITERS);
            let mut writers = Vec::with_capacity(WRITERS);
            for _ in 0..WRITERS {
                let (send, receive) = std::sync::mpsc::sync_channel::<OutputFile>(IN_FLIGHT);
                senders.push(send);
                writers.push(scope.spawn(move || -> Result<Vec<PathBuf>, OutputError> {
                    let mut paths = Vec::new();
                    let mut folders = BTreeSet::new();
                    for file in receive {
                        self.write_into(&file.path, &file.bytes, &mut folders)?;
                        paths.push(file.path);
                    }
                    Ok(paths)
                }));
            }
            let writer_of =
                std::sync::Mutex::new(std::collections::BTreeMap::<PathBuf, usize>::new());
            let put = |file: OutputFile| {
                let folder = file.path.parent().unwrap_or(Path::new("")).to_path_buf();
                let writer = {
                    let mut writer_of = writer_of.lock().map_err(|_| Stopped)?;
                    let next = writer_of.len() % WRITERS;
                    *writer_of.entry(folder).or_insert(next)
                };
                senders[writer].send(file).map_err(|_| Stopped)
            };
            let produced = produce(&put);
            drop(senders);
            let mut paths = Vec::new();
            for writer in writers {
                let written = writer.join().map_err(|_| {
                    anyhow::anyhow!("the output writer stopped on an internal error")
                })??;
                paths.extend(written);
            }
            Ok((produced?, paths))
        })
    }
}

/// A temporary folder being filled; [`Staging::commit`] swaps it into place. Dropped without a
/// commit (an error, a panic), the files it wrote are removed, and nothing else.
pub(crate) struct Staging {
    target: Target,
    temporary: PathBuf,
    done: bool,
    /// The journal, open for appending.
    journal: Mutex<fs::File>,
    /// Every file announced in the journal, with its digest once written.
    written: Mutex<BTreeMap<String, Option<String>>>,
}

impl Staging {
    /// The temporary folder, for writers that stream into it (after [`Staging::announce`]).
    pub(crate) fn path(&self) -> &Path {
        &self.temporary
    }

    /// Writes `files` into the temporary folder, one after the other: writing from several
    /// threads at once into one folder was measured slower (58,000 report pages: 4 s one by
    /// one, up to 24 s from two threads, which contend for the folder's lock).
    pub(crate) fn write_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        for file in files {
            self.write(&file.path, &file.bytes)?;
            crate::progress::advance(1);
        }
        Ok(())
    }

    /// Writes one file into the temporary folder.
    pub(crate) fn write(&self, relative: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_into(relative, bytes, &mut BTreeSet::new())
    }

    /// Names `relative` in the journal before a writer of its own creates it in [`Self::path`];
    /// [`Self::written_file`] records it once complete.
    pub(crate) fn announce(&self, relative: &Path) -> Result<(), OutputError> {
        let name = relative.to_string_lossy().replace('\\', "/");
        let path = self.temporary.join(JOURNAL);
        let mut journal = (self.journal.lock())
            .map_err(|_| io(&path, "cannot write the file")(std::io::Error::other("poisoned")))?;
        journal
            .write_all(format!("{name}\n").as_bytes())
            .map_err(io(&path, "cannot write the file"))?;
        drop(journal);
        if let Ok(mut written) = self.written.lock() {
            written.insert(name, None);
        }
        Ok(())
    }

    /// Records the digest of a file a writer of its own has finished in [`Self::path`].
    pub(crate) fn written_file(&self, relative: &Path) -> Result<(), OutputError> {
        let path = self.temporary.join(relative);
        let digest = digest_file(&path).map_err(io(&path, "cannot read the file back"))?;
        self.record(relative, digest);
        Ok(())
    }

    fn record(&self, relative: &Path, digest: String) {
        let name = relative.to_string_lossy().replace('\\', "/");
        if let Ok(mut written) = self.written.lock() {
            written.insert(name, Some(digest));
        }
    }

    /// The digest of every file written so far, by relative path: the manifest's `digests`.
    pub(crate) fn digests(&self) -> BTreeMap<String, String> {
        let written = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        written
            .into_iter()
            .filter_map(|(path, digest)| Some((path, digest?)))
            .collect()
    }

    /// Writes one file into the temporary folder, creating its folder unless it is among
    /// `folders` (the folders made so far: tens of thousands of pages share a few folders).
    fn write_into(
        &self,
        relative: &Path,
        bytes: &[u8],
        folders: &mut BTreeSet<PathBuf>,
    ) -> Result<(), OutputError> {
        let path = self.temporary.join(relative);
        if let Some(dir) = path.parent()
            && !folders.contains(dir)
        {
            // Each folder named in the journal before it is made, its parents first.
            let mut ancestors: Vec<&Path> = (relative.ancestors().skip(1))
                .filter(|a| !a.as_os_str().is_empty())
                .collect();
            ancestors.reverse();
            for folder in ancestors {
                self.announce(&folder.join(""))?;
            }
            fs::create_dir_all(dir).map_err(io(dir, "cannot create the folder"))?;
            folders.insert(dir.to_path_buf());
        }
        self.announce(relative)?;
        fs::write(&path, bytes).map_err(io(&path, "cannot write the file"))?;
        self.record(relative, digest(bytes));
        Ok(())
    }

    /// Checks the output folder again (it may have changed during the run) and swaps the
    /// temporary folder into its place; the replaced output's own files are then removed, and
    /// nothing else. Every check is made before the swap. Returns the paths of anything left
    /// behind (files someone added meanwhile, or that could not be removed).
    pub(crate) fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let replaced = self.target.replaceable(Some(&self.target.previous))?;
        let journal = self.temporary.join(JOURNAL);
        fs::remove_file(&journal).map_err(io(&journal, "cannot remove the journal"))?;
        let out = self.target.out.clone();
        if !out.exists() {
            fs::rename(&self.temporary, &out).map_err(io(&out, "cannot move the new output in"))?;
            self.done = true;
            return Ok(Vec::new());
        }
        let old = match exchange(&self.temporary, &out) {
            Ok(()) => self.temporary.clone(),
            Err(_) => {
                // No atomic exchange here: two renames; a kill between them is undone by the
                // recovery step at the next start.
                let old = sibling(&out, "old", std::process::id());
                fs::rename(&out, &old)
                    .map_err(io(&out, "cannot move the previous output aside"))?;
                if let Err(e) = fs::rename(&self.temporary, &out) {
                    let _ = fs::rename(&old, &out);
                    return Err(io(&out, "cannot move the new output in")(e));
                }
                old
            }
        };
        self.done = true;
        Ok(inventory::remove_ours(&old, &replaced))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut ours: BTreeMap<String, Expect> = BTreeMap::new();
        if let Ok(written) = self.written.lock() {
            for path in written.keys() {
                match path.strip_suffix('/') {
                    Some(folder) => ours.insert(folder.to_string(), Expect::Folder),
                    None => ours.insert(path.clone(), Expect::Announced),
                };
            }
        }
        ours.insert(JOURNAL.to_string(), Expect::Itself);
        if let Ok(found) = inventory::inventory(&self.temporary, &ours, None) {
            inventory::remove_ours(&self.temporary, &found);
        }
    }
}

/// Swaps two paths in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files handed to the writers in many folders (shared out between them) are all written,
    /// each with its bytes, and listed once; what `produce` returns comes back.
    #[test]
    fn streamed_files_in_every_folder_are_written_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Target::check(&out, "assess", None)
            .unwrap()
            .stage()
            .unwrap();
        let folders = [
            "",
            "report",
            "report/units",
            "docs",
            "docs/整改通知书",
            "docs/约谈通知",
        ];
        let made: Vec<PathBuf> = (0..300)
            .map(|i| Path::new(folders[i % folders.len()]).join(format!("{i:03}.txt")))
            .collect();
        let (returned, mut paths) = staging
            .stream(|put| {
                for path in &made {
                    put(OutputFile {
                        path: path.clone(),
                        bytes: path.to_string_lossy().into_owned().into_bytes(),
                    })?;
                }
                Ok(made.len())
            })
            .unwrap();
        assert_eq!(returned, 300);
        paths.sort();
        let mut expected = made.clone();
        expected.sort();
        assert_eq!(paths, expected);
        for path in &made {
            let written = fs::read(staging.path().join(path)).unwrap();
            assert_eq!(written, path.to_string_lossy().as_bytes());
        }
    }

    /// A link with this process's temporary folder's name: never followed, never removed; the
    /// run stops before writing, naming it.
    #[cfg(unix)]
    #[test]
    fn a_link_named_like_this_runs_temporary_folder_is_in_the_way() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other");
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join("a.csv"), "a").unwrap();
        let manifest = serde_json::json!({
            "tool": "govmedia", "command": "assess", "files": ["a.csv", "summary.json"],
            "digests": {"a.csv": digest(b"a")},
        });
        fs::write(other.join(MANIFEST), manifest.to_string()).unwrap();
        let out = dir.path().join("out");
        let link = sibling(&out, "tmp", std::process::id());
        std::os::unix::fs::symlink(&other, &link).unwrap();
        let target = Target::check(&out, "assess", None).unwrap();
        let refused = target.stage().err().unwrap();
        assert!(matches!(refused, OutputError::InTheWay { .. }), "{refused}");
        assert!(refused.to_string().contains("a link"));
        assert_eq!(fs::read(other.join("a.csv")).unwrap(), b"a");
        assert!(other.join(MANIFEST).exists() && link.exists());
    }

    /// A staging folder dropped without a commit removes what it wrote, and nothing else; with
    /// nothing else in it, the folder goes too.
    #[test]
    fn a_dropped_staging_removes_only_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let staging = Target::check(&out, "assess", None)
            .unwrap()
            .stage()
            .unwrap();
        staging.write(Path::new("report/a.html"), b"a").unwrap();
        let temporary = staging.path().to_path_buf();
        fs::write(temporary.join("report/someone.txt"), "x").unwrap();
        drop(staging);
        assert!(!temporary.join("report/a.html").exists());
        // Kept while someone's file is there, so that the folder is still known for what it is.
        assert!(temporary.join(JOURNAL).exists());
        assert_eq!(
            fs::read(temporary.join("report/someone.txt")).unwrap(),
            b"x"
        );
        let staging = Target::check(&dir.path().join("b"), "assess", None)
            .unwrap()
            .stage()
            .unwrap();
        staging.write(Path::new("report/a.html"), b"a").unwrap();
        let temporary = staging.path().to_path_buf();
        drop(staging);
        assert!(!temporary.exists());
    }

    #[test]
    fn resolving_folds_dots_of_folders_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let r = resolved(&dir.path().join("a/b/../c/./d")).unwrap();
        assert_eq!(r, base.join("a/c/d"));
    }
}
