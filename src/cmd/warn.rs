//! `govmedia warn` (SPEC §12): its flags, checked before the data is read.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::output::Target;
use crate::settings;

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
    /// The office's terms file for the content scan, checked [default: terms.csv in --data].
    #[arg(long)]
    pub terms: Option<PathBuf>,
    /// Output folder [default: reports/warnings-<as_of>].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs `govmedia warn`.
pub(crate) fn run(args: &WarnArgs, quiet: bool) -> Result<()> {
    let rubric = settings::rubric(args.rubric.as_deref(), None)?;
    let target = (args.out.as_deref())
        .map(|out| Target::check(out, "warn", Some(&args.data)))
        .transpose()?;
    let as_of = args.as_of.as_deref().map(settings::as_of_day).transpose()?;
    crate::ingest::find_terms(args.terms.as_deref(), &args.data)?;
    let settings = settings::WarnSettings {
        data: args.data.clone(),
        rubric,
        target,
        as_of,
    };
    let out = crate::warn::run(settings, quiet)?;
    super::wrote(&out, quiet);
    Ok(())
}
