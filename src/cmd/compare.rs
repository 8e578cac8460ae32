//! `govmedia compare` (SPEC §10): its flags.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

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

/// Runs `govmedia compare`.
pub(crate) fn run(args: &CompareArgs, quiet: bool) -> Result<()> {
    let out = crate::compare::run(&args.a, &args.b, args.out.as_deref(), quiet)?;
    super::wrote(&out, quiet);
    Ok(())
}
