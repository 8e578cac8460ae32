//! `govmedia sample`: a realistic synthetic data set.
use anyhow::Result;

use crate::cli::SampleArgs;

/// Runs `govmedia sample`.
pub fn run(_args: &SampleArgs, _quiet: bool) -> Result<()> {
    anyhow::bail!("not yet")
}
