//! The command line (SPEC §1): subcommands and their flags, every one documented.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Quarterly assessment of government new-media accounts (政务新媒体) from the office's CSV exports.
#[derive(Debug, Parser)]
#[command(name = "govmedia", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// No progress output on stderr.
    #[arg(long, global = true)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole job: read, check, score, list, export, report.
    Assess(AssessArgs),
    /// Read and check the inputs only; print what would be rejected; write nothing.
    Validate(ValidateArgs),
    /// Compare two output folders of `assess` (two rubrics, two periods) unit by unit.
    Compare(CompareArgs),
    /// Early warnings in the middle of a period: what will go wrong if nobody acts.
    Warn(WarnArgs),
    /// Write a realistic synthetic data set.
    Sample(SampleArgs),
    /// Print the default rubric (the starting point for a custom one).
    Rubric,
    /// Print a commented office.toml (who issues the documents; SPEC §15.1).
    Office,
}

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

/// `govmedia warn`
#[derive(Debug, Args)]
pub struct WarnArgs {
    /// Folder holding units.csv, accounts.csv, posts.csv and the optional files.
    #[arg(long, default_value = "data/sample")]
    pub data: PathBuf,
    /// The day to look at; the period is the quarter holding it [default: the day of the
    /// latest post].
    #[arg(long)]
    pub as_of: Option<String>,
    /// Rubric file (TOML) [default: the built-in rubric]; its [warn] table sets the lead times.
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// Output folder [default: reports/warnings-<as_of>].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `govmedia compare`
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Output folder of the first run (A).
    pub a: PathBuf,
    /// Output folder of the second run (B).
    pub b: PathBuf,
    /// Output folder [default: reports/compare-<name of A>-<name of B>].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `govmedia validate`
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Folder holding the input files.
    #[arg(long, default_value = "data/sample")]
    pub data: PathBuf,
}

/// The sizes `govmedia sample` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    /// ≈ 60 units, 150 accounts.
    District,
    /// ≈ 600 units, 3,000 accounts.
    City,
    /// ≈ 6,000 units, 30,000 accounts.
    Province,
    /// ≈ 60,000 units, 300,000 accounts, 18 million posts.
    National,
}

/// `govmedia sample`
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// How large a data set.
    #[arg(long, value_enum)]
    pub scale: Scale,
    /// Seed of the random generator: the same seed gives the same bytes.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The quarter to generate: 2026Q3 or a later one (e.g. 2026Q4, 2027Q1), on the same
    /// registry, with part of the earlier quarters' lists acted on (accounts closed, posting
    /// resumed), to try history and follow-up.
    #[arg(long, default_value = "2026Q3")]
    pub quarter: String,
    /// Folder to write the files into (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// Write the files as real exports look: Chinese headers, GB18030 or a BOM, mixed date and
    /// count forms, a few bad rows.
    #[arg(long)]
    pub messy: bool,
}
