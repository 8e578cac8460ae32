//! `govmedia validate`: reads and checks the inputs, prints a per-file table and the rejects
//! grouped by file, column and kind of problem, with the first examples. Writes nothing.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use crate::ingest::schema::InputFile;
use crate::ingest::{self, IngestReport};

/// How many example rows to show for each group of rejects.
const EXAMPLES_PER_GROUP: usize = 3;

/// `govmedia validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Folder holding the input files.
    #[arg(long, default_value = "data/sample")]
    pub data: PathBuf,
    /// The office's terms file for the content scan, checked too [default: terms.csv in --data].
    #[arg(long)]
    pub terms: Option<PathBuf>,
}

/// Runs `govmedia validate` on `--data`.
pub(crate) fn run(args: &ValidateArgs) -> Result<()> {
    let dir = &args.data;
    // A terms file is configuration: a problem in it is fatal here too (SPEC §16.9).
    crate::ingest::find_terms(args.terms.as_deref(), dir)?;
    let ingested = ingest::ingest(dir)?;
    crate::progress::done();
    print(&render(dir, &ingested.report));
    Ok(())
}

/// The text `validate` prints.
pub(crate) fn render(dir: &Path, report: &IngestReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "data folder: {}", dir.display());
    let _ = writeln!(
        text,
        "{:<18} {:<8} {:<12} {:>10} {:>10} {:>9}  ignored columns",
        "file", "format", "encoding", "read", "accepted", "rejected"
    );
    for f in &report.files {
        if !f.present {
            let why = match f.file {
                InputFile::ScanReview => "no candidate of the content scan reviewed yet",
                InputFile::Tasks => "no repost tasks: U3 is not scored",
                InputFile::Calendar => "deadlines count calendar days",
                _ => "the rules that need it are not evaluated",
            };
            let _ = writeln!(text, "{:<18} (not given: {why})", f.file_name);
            continue;
        }
        let format = match f.format {
            Some(crate::ingest::source::Format::Parquet) => "parquet",
            _ => "csv",
        };
        let _ = writeln!(
            text,
            "{:<18} {:<8} {:<12} {:>10} {:>10} {:>9}  {}",
            f.file_name,
            format,
            f.encoding.map_or("", |e| e.name()),
            f.rows_read,
            f.rows_accepted,
            f.rows_rejected,
            f.ignored_columns.join(", ")
        );
    }
    if report.rejects.is_empty() {
        let _ = writeln!(text, "\nno row rejected");
        return text;
    }
    let _ = writeln!(text, "\n{} rows rejected:", report.rejects.len());
    // Rejects are sorted by file then line; group by (file, column, kind) in order of first appearance.
    let mut groups: Vec<(&str, &str, crate::ingest::row::RejectKind, Vec<usize>)> = Vec::new();
    for (i, r) in report.rejects.iter().enumerate() {
        match groups.iter_mut().find(|(file, column, kind, _)| {
            *file == r.file_name && *column == r.column && *kind == r.kind
        }) {
            Some(group) => group.3.push(i),
            None => groups.push((&r.file_name, &r.column, r.kind, vec![i])),
        }
    }
    for (file, column, kind, members) in groups {
        let column = if column.is_empty() {
            "(whole row)"
        } else {
            column
        };
        let _ = writeln!(
            text,
            "  {file} · {column} · {}: {} rows",
            kind.label(),
            members.len()
        );
        for &i in members.iter().take(EXAMPLES_PER_GROUP) {
            let r = &report.rejects[i];
            let _ = writeln!(text, "    line {}: {:?} — {}", r.line, r.value, r.reason);
        }
        if members.len() > EXAMPLES_PER_GROUP {
            let _ = writeln!(
                text,
                "    … and {} more",
                members.len() - EXAMPLES_PER_GROUP
            );
        }
    }
    text
}

/// Writes `text` to standard output; a reader that stopped early (`| head`) is no error.
pub(crate) fn print(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
