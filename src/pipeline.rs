//! The assessment job, top to bottom: ingest → validate → (metrics → score → consolidate →
//! lists, still to come) → export → write. The only place that knows the order of the stages.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::AssessArgs;
use crate::config::Period;
use crate::error::SettingsError;
use crate::export::{self, summary::Summary};
use crate::ingest::{self, Ingested};
use crate::output::{self, OutputFile};

/// `--strict` and at least one row rejected: exit code 3, nothing written.
#[derive(Debug, thiserror::Error)]
#[error(
    "--strict: {rows} rows were rejected (first: {first}); nothing was written. Fix the rows (see `govmedia validate`) or run without --strict"
)]
pub struct StrictRefusal {
    /// Rows rejected.
    pub rows: u64,
    /// Where the first one is.
    pub first: String,
}

/// Runs `govmedia assess`; returns the output folder written.
pub fn assess(args: &AssessArgs, quiet: bool) -> Result<PathBuf> {
    let period_asked = args.period.as_deref().map(Period::parse).transpose()?;

    // Ingest and validate.
    let Ingested { dataset, report } = ingest::ingest(&args.data)?;
    if args.strict
        && let Some(first) = report.rejects.first()
    {
        return Err(StrictRefusal {
            rows: report.rejects.len() as u64,
            first: format!(
                "{} line {} column {}: {}",
                first.file_name, first.line, first.column, first.reason
            ),
        }
        .into());
    }

    // The period: asked for, or the quarter of the latest post.
    let period = match period_asked {
        Some(period) => period,
        None => {
            let latest = dataset
                .posts
                .published_at
                .iter()
                .max()
                .ok_or(SettingsError::NoPeriodFromData)?;
            let period =
                Period::quarter_containing(latest.date()).ok_or(SettingsError::NoPeriodFromData)?;
            if !quiet {
                eprintln!(
                    "period {} (the quarter of the latest post, {})",
                    period.label,
                    latest.date()
                );
            }
            period
        }
    };
    let as_of: NaiveDate = period.as_of(args.as_of.as_deref())?;

    // Export.
    let (inputs, rows_rejected, rejects_by_kind) = Summary::inputs(&report);
    let summary = Summary {
        tool: "govmedia",
        version: env!("CARGO_PKG_VERSION"),
        period: period.label.clone(),
        period_start: period.start.to_string(),
        period_end: period.end.to_string(),
        as_of: as_of.to_string(),
        previous_period: period.previous().map(|p| p.label),
        inputs,
        rows_rejected,
        rejects_by_kind,
    };
    let files = vec![
        OutputFile {
            path: "rejects.csv".into(),
            bytes: export::rejects_csv(&report.rejects)?,
        },
        OutputFile {
            path: "summary.json".into(),
            bytes: summary.to_json()?,
        },
    ];

    // Write.
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&period.label));
    output::write_atomically(&out, &files)?;
    if !quiet {
        eprintln!(
            "read {} units, {} accounts, {} posts; {} rows rejected",
            dataset.units.len(),
            dataset.accounts.len(),
            dataset.posts.account.len(),
            rows_rejected
        );
        eprintln!(
            "scoring is not there yet: this version writes rejects.csv and summary.json only"
        );
    }
    Ok(out)
}
