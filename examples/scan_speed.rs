//! The content scan's speed per core on bodies (SPEC §16.12: at least 100 MB of UTF-8 per second
//! per core): the `text` column of a posts.csv (`govmedia sample --text`) read into memory, then
//! scanned on one thread, several rounds; prints MB, candidates and the median MB/s.
//!   cargo run --release --example scan_speed -- DATA_DIR [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: scan_speed DATA_DIR [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let mut reader = csv::Reader::from_path(dir.join("posts.csv"))?;
    let column = (reader.headers()?.iter())
        .position(|h| h == "text")
        .context("posts.csv has no text column: write the sample with --text")?;
    let mut bodies = Vec::new();
    for record in reader.records() {
        let record = record?;
        bodies.push(record.get(column).unwrap_or("").to_string());
    }
    let bytes: usize = bodies.iter().map(String::len).sum();
    let mut rates = Vec::new();
    let mut found = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        found = govmedia::scan_bodies(bodies.iter().map(String::as_str));
        rates.push(bytes as f64 / 1e6 / started.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "{} bodies, {:.1} MB of UTF-8, {found} candidates; one core over {rounds} rounds: median {:.0} MB/s (min {:.0}, max {:.0})",
        bodies.len(),
        bytes as f64 / 1e6,
        rates[rates.len() / 2],
        rates[0],
        rates[rates.len() - 1]
    );
    Ok(())
}
