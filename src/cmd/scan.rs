//! `govmedia scan` (SPEC §16.1): its flags, and the run — units, accounts, posts, violations and
//! scan_review read (no other file opened), the period's candidates written to
//! scan_candidates.csv with rejects.csv and summary.json, for a reviewer to decide in Excel.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use crate::config::Period;
use crate::export;
use crate::export::summary::{InputSummary, ScanSummary};
use crate::ingest::schema::InputFile;
use crate::ingest::{self, Ingested};
use crate::office::Office;
use crate::output::{OutputFile, Target};
use crate::scan::Scanner;
use crate::settings::{self, RunConfig, Settings};

/// `govmedia scan`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folder holding units.csv, accounts.csv, posts.csv and (optional) violations.csv and
    /// scan_review.csv; no other file is opened.
    #[arg(long, default_value = "data/sample")]
    pub data: PathBuf,
    /// Output folder [default: reports/<period>-scan].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Period: 2026Q3, 2026-08, or 2026-07-01..2026-09-30 [default: the quarter of the latest
    /// post].
    #[arg(long)]
    pub period: Option<String>,
    /// Monitoring date, inside the period [default: the period's last day].
    #[arg(long)]
    pub as_of: Option<String>,
    /// Rubric file (TOML) [default: the built-in rubric]; its [scan] table picks the rules.
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// The office's terms file [default: terms.csv in --data, else the built-in lists only].
    #[arg(long)]
    pub terms: Option<PathBuf>,
    /// Exit with code 3 (writing nothing) when any row is rejected.
    #[arg(long)]
    pub strict: bool,
}

/// Runs `govmedia scan`.
pub(crate) fn run(args: &ScanArgs, quiet: bool) -> Result<()> {
    let period = args.period.as_deref().map(Period::parse).transpose()?;
    let rubric = settings::rubric(args.rubric.as_deref(), None)?;
    let target = (args.out.as_deref())
        .map(|out| Target::check(out, "scan", Some(&args.data)))
        .transpose()?;
    let terms = crate::ingest::find_terms(args.terms.as_deref(), &args.data)?;
    let settings = Settings {
        data: args.data.clone(),
        period,
        as_of: args.as_of.clone(),
        rubric,
        target,
        office: Office::default(),
        terms,
        previous: None,
        history: None,
        strict: args.strict,
        timings: false,
    };
    let out = scan(settings, quiet)?;
    super::wrote(&out, quiet);
    Ok(())
}

/// The files `scan` reads.
const FILES: [InputFile; 5] = [
    InputFile::Units,
    InputFile::Accounts,
    InputFile::Posts,
    InputFile::Violations,
    InputFile::ScanReview,
];

/// `summary.json` of a scan folder: the manifest, the inputs and the scan block.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    command: &'static str,
    version: &'static str,
    period: &'a str,
    period_start: String,
    period_end: String,
    as_of: String,
    rubric: &'a str,
    rubric_sha256: &'a str,
    inputs: Vec<InputSummary>,
    rows_rejected: u64,
    scan: ScanSummary,
    files: Vec<String>,
    digests: std::collections::BTreeMap<String, String>,
}

/// Runs `govmedia scan`; returns the output folder written.
fn scan(settings: Settings, quiet: bool) -> Result<PathBuf> {
    let rules = settings.rubric.scan.rules.clone();
    let context = settings.rubric.scan.context_chars as usize;
    let scanner = Scanner::new(&settings.terms, &rules, context);
    let Ingested {
        dataset,
        report,
        found,
    } = ingest::ingest_with(
        &settings.data,
        ingest::With {
            scanner: Some(&scanner),
            only: Some(&FILES),
            min_title_chars: settings.rubric.tasks.min_title_chars,
        },
    )?;
    crate::progress::done();
    crate::pipeline::refuse_if_strict(settings.strict, &report)?;
    let run = RunConfig::resolve(settings, &dataset, quiet, "scan")?;
    let scan = crate::pipeline::scan_stage(&dataset, &found, &report, &run);
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.into(),
        bytes,
    };
    let mut files = vec![file("rejects.csv", export::rejects_csv(&report.rejects)?)];
    if scan.evaluated() {
        let rows = &scan.result.rows;
        files.push(file(
            "scan_candidates.csv",
            export::scan_candidates_csv(rows)?,
        ));
    }
    let (names, digests) = crate::output::listing(&files);
    let manifest = Manifest {
        tool: "govmedia",
        command: "scan",
        version: env!("CARGO_PKG_VERSION"),
        period: &run.period.label,
        period_start: run.period.start.to_string(),
        period_end: run.period.end.to_string(),
        as_of: run.window.as_of.to_string(),
        rubric: &run.rubric.origin,
        rubric_sha256: &run.rubric.sha256,
        inputs: report
            .files
            .iter()
            .map(export::summary::input_summary)
            .collect(),
        rows_rejected: report.rejects.len() as u64,
        scan: ScanSummary::of(&scan, &run.terms, &rules),
        files: names,
        digests,
    };
    files.push(crate::output::manifest_file(&manifest)?);
    let staging = run.target.stage()?;
    staging.write_all(&files)?;
    staging.commit()?;
    if !quiet {
        eprintln!("{}", scan.line());
    }
    Ok(run.target.path().to_path_buf())
}
