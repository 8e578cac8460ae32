//! What killed runs left beside an output folder (`.NAME.tmp-PID`, `.NAME.old-PID` of dead
//! processes): moved back, tidied by their manifest or journal, or left in place and named. No
//! link is followed, and a folder with neither a manifest nor a journal is never touched.

use std::fs;
use std::path::Path;

use super::inventory::{self, govmedia_manifest, remove_ours, vouched};
use super::{OutputError, io, named, parent_of};

/// Whether the process `pid` is still running (unknown elsewhere than Linux: assume it is).
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

/// A `.NAME.old-PID` folder with no `NAME` beside it is moved back (a kill between the two
/// renames of the fallback swap); other leftover folders of dead processes are tidied as
/// [`tidy`] says. Links and files with such names are left alone and named.
pub(super) fn recover(out: &Path) -> Result<(), OutputError> {
    let Some(name) = out.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(());
    };
    let Ok(listing) = fs::read_dir(parent_of(out)) else {
        return Ok(());
    };
    let mut leftovers = Vec::new();
    for entry in listing.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        for (kind, is_old) in [("tmp", false), ("old", true)] {
            let prefix = format!(".{name}.{kind}-");
            let pid = file_name
                .strip_prefix(&prefix)
                .and_then(|p| p.parse::<u32>().ok());
            if pid.is_some_and(|pid| pid != std::process::id() && !alive(pid)) {
                // DirEntry::file_type does not follow a link.
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                leftovers.push((entry.path(), is_old, is_dir));
            }
        }
    }
    leftovers.sort();
    for (path, is_old, is_dir) in leftovers {
        if !is_dir {
            eprintln!(
                "note: {} has the name of a govmedia temporary folder but is not a folder; left in place",
                path.display()
            );
        } else if is_old && fs::symlink_metadata(out).is_err() {
            fs::rename(&path, out).map_err(io(&path, "cannot move the previous output back"))?;
        } else {
            tidy(&path)?;
        }
    }
    Ok(())
}

/// Removes from a dead run's folder what its manifest (files as recorded) and its journal (files
/// named before they were written) vouch for, then the folder if that empties it; what is left
/// is named on stderr. A folder with neither is left whole. Returns whether the folder is gone.
fn tidy(dir: &Path) -> Result<bool, OutputError> {
    let manifest = govmedia_manifest(dir);
    let Some((expected, ignored)) = vouched(dir, manifest.as_ref(), true) else {
        eprintln!(
            "note: {} looks like a folder a killed govmedia run left, but holds neither its manifest nor its journal; left in place (remove it yourself if it is not yours)",
            dir.display()
        );
        return Ok(false);
    };
    let found = inventory::inventory(dir, &expected, None)?;
    let left = remove_ours(dir, &found);
    if !left.is_empty() || !found.foreign.is_empty() || !ignored.is_empty() {
        let mut kept = found.foreign.clone();
        kept.extend(ignored.iter().map(|i| format!("listed {i}")));
        if !kept.is_empty() {
            eprintln!(
                "note: {}: a killed govmedia run's folder; its own files were removed, these were not: {}",
                dir.display(),
                named(&kept)
            );
        }
    }
    Ok(!dir.exists())
}

/// Makes room for this run's temporary folder `path`: nothing there, or a dead run's folder that
/// [`tidy`] empties; anything else is in the way.
pub(super) fn clear(path: &Path) -> Result<(), OutputError> {
    let what = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(path, "cannot look at the folder")(e)),
        Ok(m) if m.file_type().is_symlink() => "a link",
        Ok(m) if m.is_dir() => {
            if tidy(path)? {
                return Ok(());
            }
            "a folder holding files govmedia did not write"
        }
        Ok(_) => "a file",
    };
    Err(OutputError::InTheWay {
        path: path.to_path_buf(),
        what: what.to_string(),
    })
}
