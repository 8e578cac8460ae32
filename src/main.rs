//! govmedia: the quarterly assessment of government new-media accounts. This file only parses
//! the command line, runs the command, prints the error chain and picks the exit code.

use std::process::ExitCode;

use clap::Parser;

use govmedia::cli::{Cli, Command};
use govmedia::{compare, pipeline, sample, scoring, validate, warn};

/// mimalloc instead of glibc's allocator: ingest makes tens of millions of small allocations,
/// which glibc spent a quarter of its time consolidating (measured with perf at national scale).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Usage errors: clap prints them and exits with 2 (help and version with 0).
    let cli = Cli::parse();
    // A panic is a bug; it still ends with a code of SPEC §1 (after the default message), and
    // the output guard has removed its temporary folder while unwinding.
    let outcome = std::panic::catch_unwind(|| run(&cli)).unwrap_or_else(|_| {
        Err(anyhow::anyhow!(
            "govmedia stopped on an internal error (a bug: please report it with the command you ran); nothing was written"
        ))
    });
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

/// Runs the command asked for.
fn run(cli: &Cli) -> anyhow::Result<()> {
    govmedia::progress::enable(!cli.quiet);
    match &cli.command {
        Command::Assess(args) => pipeline::assess(args, cli.quiet).map(|out| {
            if !cli.quiet {
                eprintln!("wrote {}", out.display());
            }
        }),
        Command::Validate(args) => validate::run(&args.data),
        Command::Compare(args) => compare::run(&args.a, &args.b, args.out.as_deref(), cli.quiet)
            .map(|out| {
                if !cli.quiet {
                    eprintln!("wrote {}", out.display());
                }
            }),
        Command::Warn(args) => warn::run(args, cli.quiet).map(|out| {
            if !cli.quiet {
                eprintln!("wrote {}", out.display());
            }
        }),
        Command::Sample(args) => sample::run(args, cli.quiet),
        Command::Rubric => {
            validate::print(scoring::rubric::DEFAULT_RUBRIC);
            Ok(())
        }
        Command::Office => {
            validate::print(govmedia::office::TEMPLATE);
            Ok(())
        }
    }
}

/// SPEC §1: 3 for `--strict` with rejected rows; 2 for everything else that stops a run (input,
/// rubric, usage, output folder, a full disk). There is no other code.
fn exit_code(error: &anyhow::Error) -> u8 {
    if error.is::<pipeline::StrictRefusal>() {
        3
    } else {
        2
    }
}
