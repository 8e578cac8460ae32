//! `summary.json`: what was assessed, from which inputs (with their hashes), and what was
//! rejected or could not be evaluated.

use serde::Serialize;

use crate::ingest::IngestReport;
use crate::ingest::row::RejectKind;

/// The whole of `summary.json`.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Always `govmedia`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The period's label (`2026Q3`).
    pub period: String,
    /// First day of the period.
    pub period_start: String,
    /// Last day of the period.
    pub period_end: String,
    /// The monitoring date.
    pub as_of: String,
    /// The label of the previous period (null for a range of dates).
    pub previous_period: Option<String>,
    /// One entry per input file, in SPEC order.
    pub inputs: Vec<InputSummary>,
    /// Rejected rows in all.
    pub rows_rejected: u64,
    /// Rejected rows by kind of problem.
    pub rejects_by_kind: Vec<KindCount>,
}

/// One input file in `summary.json`.
#[derive(Debug, Serialize)]
pub struct InputSummary {
    /// `units.csv`, `posts.parquet`…
    pub file: String,
    /// Whether it was given.
    pub present: bool,
    /// `csv` or `parquet`; null when absent.
    pub format: Option<&'static str>,
    /// `UTF-8`, `UTF-8 (BOM)`, `GB18030` or `parquet`; null when absent.
    pub encoding: Option<&'static str>,
    /// SHA-256 of the bytes; null when absent.
    pub sha256: Option<String>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows accepted.
    pub rows_accepted: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Header names that were not columns of the file.
    pub ignored_columns: Vec<String>,
}

/// A count of rejects of one kind.
#[derive(Debug, Serialize)]
pub struct KindCount {
    /// Short label of the problem.
    pub kind: &'static str,
    /// How many rows.
    pub rows: u64,
}

impl Summary {
    /// The input part of the summary, from the ingest report.
    pub fn inputs(report: &IngestReport) -> (Vec<InputSummary>, u64, Vec<KindCount>) {
        let inputs = report
            .files
            .iter()
            .map(|f| InputSummary {
                file: f.file_name.clone(),
                present: f.present,
                format: f.format.map(|format| match format {
                    crate::ingest::source::Format::Csv => "csv",
                    crate::ingest::source::Format::Parquet => "parquet",
                }),
                encoding: f.encoding.map(|e| e.name()),
                sha256: f.sha256.clone(),
                rows_read: f.rows_read,
                rows_accepted: f.rows_accepted,
                rows_rejected: f.rows_rejected,
                ignored_columns: f.ignored_columns.clone(),
            })
            .collect();
        let mut by_kind: Vec<(RejectKind, u64)> = Vec::new();
        for r in &report.rejects {
            match by_kind.iter_mut().find(|(k, _)| *k == r.kind) {
                Some((_, n)) => *n += 1,
                None => by_kind.push((r.kind, 1)),
            }
        }
        by_kind.sort();
        let counts = by_kind
            .into_iter()
            .map(|(kind, rows)| KindCount {
                kind: kind.label(),
                rows,
            })
            .collect();
        (inputs, report.rejects.len() as u64, counts)
    }

    /// The bytes of `summary.json` (pretty-printed, LF, final newline).
    pub fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
