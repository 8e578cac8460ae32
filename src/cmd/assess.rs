//! `govmedia assess`: the whole job (SPEC §1–§15) — its flags, and the settings they give.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::config::Period;
use crate::office::Office;
use crate::output::Target;
use crate::settings::{self, Settings};

/// `govmedia assess`
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Folder holding units.csv, accounts.csv, posts.csv and the optional files.
    #[arg(long, default_value = "data/sample")]
    pub data: PathBuf,
    /// Output folder [default: reports/<period>].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Period: a quarter (2026Q3), a month (2026-08) or a range (2026-07-01..2026-09-30)
    /// [default: the quarter of the latest post].
    #[arg(long)]
    pub period: Option<String>,
    /// Monitoring date, a day inside the period [default: the period's last day].
    #[arg(long)]
    pub as_of: Option<String>,
    /// Rubric file (TOML) [default: the built-in rubric, see `govmedia rubric`].
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// The office's terms file for the content scan (SPEC §16.2) [default: terms.csv in
    /// --data, else the built-in lists only].
    #[arg(long)]
    pub terms: Option<PathBuf>,
    /// The issuing office (TOML, SPEC §15.1) [default: office.toml in --data when present; see
    /// `govmedia office`].
    #[arg(long)]
    pub office: Option<PathBuf>,
    /// Output folder of the previous period's run, for previous grades and R3
    /// [default: reports/<previous period> when it exists].
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Folder holding earlier runs, for the history over periods and consecutive_fails
    /// [default: the folder that holds --out].
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// Refuse to write anything when a row was rejected (exit code 3).
    #[arg(long)]
    pub strict: bool,
    /// Weight-perturbation draws of the robustness analysis (SPEC §9); 0 turns it off
    /// [default: the rubric's robustness.draws, 1000].
    #[arg(long, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub draws: Option<u32>,
    /// Print wall time per stage, rows per second and peak memory on stderr.
    #[arg(long)]
    pub timings: bool,
}

/// Runs `govmedia assess`: what can be checked before the data is read (a bad rubric, period,
/// `--out` or office.toml) fails at once; then the pipeline.
pub(crate) fn run(args: &AssessArgs, quiet: bool) -> Result<()> {
    let period = args.period.as_deref().map(Period::parse).transpose()?;
    let rubric = settings::rubric(args.rubric.as_deref(), args.draws)?;
    let target = (args.out.as_deref())
        .map(|out| Target::check(out, "assess", Some(&args.data)))
        .transpose()?;
    let office = Office::find(args.office.as_deref(), &args.data)?;
    let terms = crate::ingest::find_terms(args.terms.as_deref(), &args.data)?;
    let settings = Settings {
        data: args.data.clone(),
        period,
        as_of: args.as_of.clone(),
        rubric,
        target,
        office,
        terms,
        previous: args.previous.clone(),
        history: args.history.clone(),
        strict: args.strict,
        timings: args.timings,
    };
    let out = crate::pipeline::assess(settings, quiet)?;
    super::wrote(&out, quiet);
    Ok(())
}
