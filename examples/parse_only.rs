//! The parse-only floor of the benchmarks (issue 6): the time to read a data folder's CSV files
//! and split them into records and fields with the csv crate (govmedia's own parser), the files
//! spread over the cores, and nothing else: no decoding, no values, no checks, no tables.
//!
//!     cargo run --release --example parse_only -- DATA_DIR

use std::cmp::Reverse;
use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .context("usage: parse_only DATA_DIR")?;
    let mut files: Vec<(PathBuf, u64)> = fs::read_dir(&dir)
        .with_context(|| format!("cannot list {dir}"))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "csv"))
        .map(|path| {
            let size = fs::metadata(&path).map_or(0, |m| m.len());
            (path, size)
        })
        .collect();
    // Largest first, so the cores finish together as far as the sizes allow.
    files.sort_by_key(|(_, size)| Reverse(*size));
    let counted = files
        .par_iter()
        .map(|(path, _)| -> Result<(u64, u64)> {
            let bytes =
                fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            let mut record = csv::ByteRecord::new();
            let (mut records, mut fields) = (0u64, 0u64);
            while reader.read_byte_record(&mut record)? {
                records += 1;
                fields += record.len() as u64;
            }
            Ok((records, fields))
        })
        .collect::<Result<Vec<_>>>()?;
    let (records, fields) = counted.iter().fold((0, 0), |(r, f), (records, fields)| {
        (r + records, f + fields)
    });
    let bytes: u64 = files.iter().map(|(_, size)| size).sum();
    println!(
        "{} files, {bytes} bytes, {records} records, {fields} fields",
        files.len()
    );
    Ok(())
}
