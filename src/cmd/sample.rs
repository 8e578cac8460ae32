//! `govmedia sample`: its flags.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::sample::Scale;

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
    /// Also write a body (`text` column) for every post, for the content scan (SPEC §16).
    #[arg(long)]
    pub text: bool,
}

/// Runs `govmedia sample`.
pub(crate) fn run(args: &SampleArgs, quiet: bool) -> Result<()> {
    let request = crate::sample::Request {
        scale: args.scale,
        seed: args.seed,
        quarter: args.quarter.clone(),
        out: args.out.clone(),
        messy: args.messy,
        text: args.text,
    };
    crate::sample::run(&request, quiet)
}
