//! Where output bytes go, and the promise that goes with it: govmedia never removes anything it
//! did not write. An output folder is recognised by its manifest (`summary.json` with `tool`,
//! `command` and `files`, SPEC §7); a new one is written to a temporary folder beside `--out` and
//! swapped into place in one step (`renameat2(RENAME_EXCHANGE)` on Linux), so a failed or killed
//! run never leaves a half-written report and never damages the previous one.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

/// The manifest's file name.
pub const MANIFEST: &str = "summary.json";

/// At most this many foreign files are named in an error.
const NAMED_AT_MOST: usize = 10;

/// A problem with the output folder: exit code 2, nothing written, nothing removed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
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
    /// A govmedia folder from a version that did not list its files.
    #[error(
        "--out {out}: written by an earlier govmedia that did not list its files, so it cannot tell which files are its own; nothing was changed. Move or delete that folder yourself, or choose another --out"
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

/// The part of a manifest this module reads.
#[derive(Debug, Deserialize)]
struct Manifest {
    tool: Option<String>,
    command: Option<String>,
    files: Option<Vec<String>>,
}

/// The relative paths listed in the manifest of `dir`, if it is a govmedia output folder of any
/// command; `None` when it has no readable govmedia manifest with a file list.
fn listed_files(dir: &Path) -> Option<(String, BTreeSet<String>)> {
    let manifest = govmedia_manifest(dir)?;
    Some((manifest.command?, manifest.files?.into_iter().collect()))
}

/// The manifest of `dir` when `summary.json` says govmedia wrote it (of any version).
fn govmedia_manifest(dir: &Path) -> Option<Manifest> {
    let text = fs::read(dir.join(MANIFEST)).ok()?;
    let manifest: Manifest = serde_json::from_slice(&text).ok()?;
    (manifest.tool.as_deref() == Some("govmedia")).then_some(manifest)
}

/// The folder holding `out` (`.` for a bare name).
fn parent_of(out: &Path) -> PathBuf {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Every entry below `dir` (files, links and folders), as `/`-separated relative paths.
fn entries_below(dir: &Path) -> Result<Vec<(String, bool)>, OutputError> {
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
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                pending.push((entry.path(), relative.clone()));
            }
            found.push((relative, is_dir));
        }
    }
    found.sort();
    Ok(found)
}

/// The entries below `dir` that its manifest does not account for (a folder is accounted for
/// when a listed file lies inside it).
fn foreign_entries(dir: &Path, listed: &BTreeSet<String>) -> Result<Vec<String>, OutputError> {
    let holds_listed = |folder: &str| {
        let prefix = format!("{folder}/");
        listed
            .range(prefix.clone()..)
            .next()
            .is_some_and(|f| f.starts_with(&prefix))
    };
    Ok(entries_below(dir)?
        .into_iter()
        .filter(|(path, is_dir)| {
            if *is_dir {
                !holds_listed(path)
            } else {
                !listed.contains(path)
            }
        })
        .map(|(path, _)| path)
        .collect())
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
pub struct Target {
    out: PathBuf,
    command: &'static str,
}

impl Target {
    /// Checks that `command` may write `out`: not the data folder (nor holding it, nor inside
    /// it), not the current folder or a parent of it, and either absent, empty, or an output
    /// folder of the same command holding nothing but the files its manifest lists. Also tidies
    /// what killed runs left beside it.
    pub fn check(
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
        let found = Target {
            out: out.to_path_buf(),
            command,
        };
        recover_leftovers(&found.out)?;
        found.replaceable()?;
        Ok(found)
    }

    /// The output folder.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// The files of the existing output folder that a new run replaces (empty when there is
    /// none); an error when the folder may not be replaced.
    fn replaceable(&self) -> Result<BTreeSet<String>, OutputError> {
        let out = &self.out;
        let metadata = match fs::symlink_metadata(out) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
            Err(e) => return Err(io(out, "cannot look at the folder")(e)),
        };
        if !metadata.is_dir() {
            return Err(OutputError::NotAFolder { out: out.clone() });
        }
        let mut entries = fs::read_dir(out).map_err(io(out, "cannot list the folder"))?;
        if entries.next().is_none() {
            return Ok(BTreeSet::new());
        }
        if !out.join(MANIFEST).is_file() {
            return Err(OutputError::Foreign { out: out.clone() });
        }
        let Some((found, listed)) = listed_files(out) else {
            return Err(if govmedia_manifest(out).is_some() {
                OutputError::Unlisted { out: out.clone() }
            } else {
                OutputError::Foreign { out: out.clone() }
            });
        };
        if found != self.command {
            return Err(OutputError::OtherCommand {
                out: out.clone(),
                found,
                wanted: self.command,
            });
        }
        let foreign = foreign_entries(out, &listed)?;
        if !foreign.is_empty() {
            let mut names = foreign
                .iter()
                .take(NAMED_AT_MOST)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if foreign.len() > NAMED_AT_MOST {
                names.push_str(&format!(" and {} more", foreign.len() - NAMED_AT_MOST));
            }
            return Err(OutputError::ForeignFiles {
                out: out.clone(),
                names,
            });
        }
        Ok(listed)
    }

    /// A temporary folder beside the output folder to write into; removed when dropped unless
    /// committed.
    pub fn stage(&self) -> Result<Staging, OutputError> {
        let temporary = sibling(&self.out, "tmp", std::process::id());
        if let Some(parent) = temporary.parent() {
            fs::create_dir_all(parent).map_err(io(parent, "cannot create the folder"))?;
        }
        if temporary.exists() {
            // Same name, same process id: a dead process's leftover.
            remove_leftover(&temporary)?;
        }
        fs::create_dir(&temporary).map_err(io(&temporary, "cannot create the folder"))?;
        Ok(Staging {
            target: self.clone(),
            temporary,
            done: false,
        })
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
pub struct OutputFile {
    /// Relative path (`rejects.csv`, `report/index.html`), `/`-separated.
    pub path: PathBuf,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// The output writer stopped (its own error says why): what a producer's `put` returns then.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the output writer stopped")]
pub struct Stopped;

/// Where a producer hands each file as soon as it is made.
pub type Put<'a> = &'a (dyn Fn(OutputFile) -> Result<(), Stopped> + Sync);

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
    pub fn stream<T>(
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
/// commit (an error, a panic), it is removed.
pub struct Staging {
    target: Target,
    temporary: PathBuf,
    done: bool,
}

impl Staging {
    /// The temporary folder, for writers that stream into it.
    pub fn path(&self) -> &Path {
        &self.temporary
    }

    /// Writes `files` into the temporary folder, one after the other: writing from several
    /// threads at once into one folder was measured slower (58,000 report pages: 4 s one by
    /// one, up to 24 s from two threads, which contend for the folder's lock).
    pub fn write_all(&self, files: &[OutputFile]) -> Result<(), OutputError> {
        for file in files {
            self.write(&file.path, &file.bytes)?;
            crate::progress::advance(1);
        }
        Ok(())
    }

    /// Writes one file into the temporary folder.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        self.write_into(relative, bytes, &mut BTreeSet::new())
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
            fs::create_dir_all(dir).map_err(io(dir, "cannot create the folder"))?;
            folders.insert(dir.to_path_buf());
        }
        fs::write(&path, bytes).map_err(io(&path, "cannot write the file"))
    }

    /// Checks the output folder again (it may have changed during the run) and swaps the
    /// temporary folder into its place; the replaced output's own files are then removed, and
    /// nothing else. Returns the paths of anything left behind (files someone added meanwhile).
    pub fn commit(mut self) -> Result<Vec<PathBuf>, OutputError> {
        let replaced = self.target.replaceable()?;
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
        remove_listed(&old, &replaced)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.temporary);
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

/// Removes the files `listed` in `dir`, then the folders they leave empty, then `dir` if empty.
/// Returns what is left (nothing, unless someone put files there).
fn remove_listed(dir: &Path, listed: &BTreeSet<String>) -> Result<Vec<PathBuf>, OutputError> {
    let mut folders = BTreeSet::new();
    for relative in listed {
        let path = dir.join(relative);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path, "cannot remove the replaced file")(e)),
        }
        let mut folder = Path::new(relative).parent();
        while let Some(f) = folder.filter(|f| !f.as_os_str().is_empty()) {
            folders.insert(f.to_path_buf());
            folder = f.parent();
        }
    }
    // Deepest first; a folder that is not empty stays.
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(dir.join(folder));
    }
    if fs::remove_dir(dir).is_ok() || !dir.exists() {
        return Ok(Vec::new());
    }
    Ok(vec![dir.to_path_buf()])
}

/// Removes a temporary folder a dead run left: by its manifest when it has one (a complete
/// output, or a replaced one), else whole (a partial write: only govmedia writes there).
fn remove_leftover(dir: &Path) -> Result<(), OutputError> {
    match listed_files(dir) {
        Some((_, listed)) => remove_listed(dir, &listed).map(|_| ()),
        None => fs::remove_dir_all(dir).map_err(io(dir, "cannot remove the leftover folder")),
    }
}

/// Whether the process `pid` is still running (unknown elsewhere than Linux: assume it is).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// What killed runs left beside `out`: a `.NAME.old-PID` with no `NAME` is moved back (a kill
/// between the two renames), other `.NAME.tmp-PID` and `.NAME.old-PID` of dead processes are
/// removed as [`remove_leftover`] says.
fn recover_leftovers(out: &Path) -> Result<(), OutputError> {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(());
    };
    let Ok(listing) = fs::read_dir(parent_of(out)) else {
        return Ok(());
    };
    let mut leftovers: Vec<(PathBuf, bool)> = Vec::new();
    for entry in listing.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for (kind, is_old) in [("tmp", false), ("old", true)] {
            let prefix = format!(".{name}.{kind}-");
            let pid = file_name
                .strip_prefix(&prefix)
                .and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| pid != std::process::id() && !alive(pid))
                && entry.file_type().is_ok_and(|t| t.is_dir())
            {
                leftovers.push((entry.path(), is_old));
            }
        }
    }
    leftovers.sort();
    for (path, is_old) in leftovers {
        if is_old && !out.exists() {
            fs::rename(&path, out).map_err(io(&path, "cannot move the previous output back"))?;
        } else {
            remove_leftover(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

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

    #[test]
    fn a_folder_is_accounted_for_only_when_a_listed_file_lies_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("report/units")).unwrap();
        fs::create_dir_all(d.join("reportx")).unwrap();
        fs::write(d.join("summary.json"), "{}").unwrap();
        fs::write(d.join("report/units/a.html"), "").unwrap();
        fs::write(d.join("notes.txt"), "").unwrap();
        let foreign =
            foreign_entries(d, &listed(&["summary.json", "report/units/a.html"])).unwrap();
        assert_eq!(
            foreign,
            vec!["notes.txt".to_string(), "reportx".to_string()]
        );
    }

    #[test]
    fn removing_a_replaced_output_leaves_what_it_did_not_list() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("old");
        fs::create_dir_all(d.join("report")).unwrap();
        fs::write(d.join("a.csv"), "").unwrap();
        fs::write(d.join("report/i.html"), "").unwrap();
        fs::write(d.join("report/mine.txt"), "").unwrap();
        let left = remove_listed(&d, &listed(&["a.csv", "report/i.html"])).unwrap();
        assert_eq!(left, vec![d.clone()]);
        assert!(d.join("report/mine.txt").exists());
        assert!(!d.join("a.csv").exists());
        let left = remove_listed(&d, &listed(&["report/mine.txt"])).unwrap();
        assert!(left.is_empty() && !d.exists());
    }

    #[test]
    fn resolving_folds_dots_of_folders_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        let r = resolved(&dir.path().join("a/b/../c/./d")).unwrap();
        assert_eq!(r, base.join("a/c/d"));
    }
}
