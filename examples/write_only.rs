//! The write-only floor of the benchmarks (issue 16): the time to write a govmedia output folder's
//! files (the report's pages, the documents, the tables) into a new folder, as the run writes
//! them — two threads, the report's folder on one and everything else on the other, each file
//! created and written whole — with the bytes already in memory: no rendering, no compression.
//!
//!     cargo run --release --example write_only -- OUTPUT_DIR NEW_DIR
//!
//! Prints the files, the bytes and the seconds the writing took (reading the folder in first is
//! not counted).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Every file under `dir`, relative to `root`, with its bytes.
fn read_all(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            read_all(root, &path, files)?;
        } else {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            files.push((path.strip_prefix(root)?.to_path_buf(), bytes));
        }
    }
    Ok(())
}

/// Writes `files` under `to`, making their folders first.
fn write_all(to: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    for (relative, bytes) in files {
        let path = to.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(from), Some(to)) = (args.next(), args.next()) else {
        bail!("usage: write_only OUTPUT_DIR NEW_DIR");
    };
    let (from, to) = (PathBuf::from(from), PathBuf::from(to));
    if to.exists() {
        bail!("{} exists: give a new folder", to.display());
    }
    let mut files = Vec::new();
    read_all(&from, &from, &mut files)?;
    files.sort();
    let (report, rest): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(path, _)| path.starts_with("report"));
    let bytes: usize = report.iter().chain(&rest).map(|(_, b)| b.len()).sum();
    let started = Instant::now();
    std::thread::scope(|scope| -> Result<()> {
        let pages = scope.spawn(|| write_all(&to, &report));
        write_all(&to, &rest)?;
        pages
            .join()
            .map_err(|_| anyhow::anyhow!("the writer stopped"))?
    })?;
    println!(
        "{} files {:.0} MiB {:.2} s",
        report.len() + rest.len(),
        bytes as f64 / (1 << 20) as f64,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
