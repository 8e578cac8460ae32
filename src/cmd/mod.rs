//! The command line (SPEC §1): the subcommands, one file each holding its flags and how it runs;
//! this file only lists them, runs the one asked for and picks the exit code.

pub(crate) mod assess;
pub(crate) mod compare;
pub(crate) mod office;
pub(crate) mod rubric;
pub(crate) mod sample;
pub(crate) mod scan;
pub(crate) mod terms;
pub(crate) mod validate;
pub(crate) mod warn;

use clap::{Parser, Subcommand};

use assess::AssessArgs;
use compare::CompareArgs;
use sample::SampleArgs;
use scan::ScanArgs;
use validate::ValidateArgs;
use warn::WarnArgs;

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
    /// The content scan (内容巡检): candidates in the posts' titles, texts and links, for review.
    Scan(ScanArgs),
    /// Write a realistic synthetic data set.
    Sample(SampleArgs),
    /// Print the default rubric (the starting point for a custom one).
    Rubric,
    /// Print a commented office.toml (who issues the documents; SPEC §15.1).
    Office,
    /// Print the built-in term lists of the content scan as a terms.csv (SPEC §16.10).
    Terms,
}

/// Runs the command asked for.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    crate::progress::enable(!cli.quiet);
    match &cli.command {
        Command::Assess(args) => assess::run(args, cli.quiet),
        Command::Validate(args) => validate::run(args),
        Command::Compare(args) => compare::run(args, cli.quiet),
        Command::Warn(args) => warn::run(args, cli.quiet),
        Command::Scan(args) => scan::run(args, cli.quiet),
        Command::Sample(args) => sample::run(args, cli.quiet),
        Command::Rubric => rubric::run(),
        Command::Office => office::run(),
        Command::Terms => terms::run(),
    }
}

/// SPEC §1: 3 for `--strict` with rejected rows; 2 for everything else that stops a run (input,
/// rubric, usage, output folder, a full disk). There is no other code.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    if error.is::<crate::pipeline::StrictRefusal>() {
        3
    } else {
        2
    }
}

/// "wrote <folder>" on stderr, unless `--quiet`.
fn wrote(out: &std::path::Path, quiet: bool) {
    if !quiet {
        eprintln!("wrote {}", out.display());
    }
}
