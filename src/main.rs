//! govmedia: the quarterly assessment of government new-media accounts. This file only parses
//! the command line, runs the command, prints the error chain and picks the exit code.

mod cli;
mod config;
mod error;
mod export;
mod ingest;
mod lists;
mod metrics;
mod model;
mod output;
mod pipeline;
mod report;
mod sample;
mod scoring;
mod timings;
mod validate;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// mimalloc instead of glibc's allocator: ingest makes tens of millions of small allocations,
/// which glibc spent a quarter of its time consolidating (measured with perf at national scale).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Assess(args) => pipeline::assess(args, cli.quiet).map(|out| {
            if !cli.quiet {
                eprintln!("wrote {}", out.display());
            }
        }),
        Command::Validate(args) => validate::run(&args.data),
        Command::Sample(args) => sample::run(args, cli.quiet),
        Command::Rubric => {
            print!("{}", scoring::rubric::DEFAULT_RUBRIC);
            Ok(())
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit_code(&error))
        }
    }
}

/// 2 for input, rubric and usage errors; 3 for `--strict` with rejected rows; 1 otherwise
/// (a failure to write, say).
fn exit_code(error: &anyhow::Error) -> u8 {
    if error.is::<pipeline::StrictRefusal>() {
        3
    } else if error.is::<error::InputError>()
        || error.is::<error::SettingsError>()
        || error.is::<scoring::rubric::RubricError>()
        || error.is::<lists::history::HistoryError>()
    {
        2
    } else {
        1
    }
}
