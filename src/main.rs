//! govmedia: the quarterly assessment of government new-media accounts. This file only parses
//! the command line, runs the command (`cmd`), prints the error chain and exits with its code.

use std::process::ExitCode;

use clap::Parser;

use govmedia::Cli;

/// mimalloc instead of glibc's allocator: ingest makes tens of millions of small allocations,
/// which glibc spent a quarter of its time consolidating (measured with perf at national scale).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Usage errors: clap prints them and exits with 2 (help and version with 0).
    let cli = Cli::parse();
    // A panic is a bug; it still ends with a code of SPEC §1 (after the default message), and
    // the output guard has removed its temporary folder while unwinding.
    let outcome = std::panic::catch_unwind(|| govmedia::run(&cli)).unwrap_or_else(|_| {
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
            ExitCode::from(govmedia::exit_code(&error))
        }
    }
}
