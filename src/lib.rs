//! govmedia as a library: the stages of the quarterly assessment of government new-media
//! accounts, for the `govmedia` binary, the tests and the benchmarks. The modules form a DAG,
//! leaves first: catalogue, limits, vocab, model ← scan ← ingest ← metrics ← scoring ← lists ←
//! robustness ← {export, report, compare} ← settings ← pipeline ← cmd (one file per command).
//! Every module is private: the binary, the tests and the benchmark examples see only the
//! re-exports at the end of this file; the README's layout section is the map of the rest.

mod appeals;
mod catalogue;
mod cmd;
mod compare;
mod config;
mod documents;
mod error;
mod export;
mod ingest;
mod limits;
mod lists;
mod memory;
mod metrics;
mod model;
mod office;
mod output;
mod overview;
mod pipeline;
mod present;
mod progress;
mod report;
mod rng;
mod robustness;
mod runs;
mod sample;
mod scan;
mod scoring;
mod settings;
mod tasks;
mod timings;
mod values;
mod vocab;
mod warn;
mod workdays;

pub use cmd::{Cli, exit_code, run};
pub use config::Period;
pub use ingest::{Ingested, ingest};
pub use lists::accountability::{Inputs, accountability, list_facts};
pub use metrics::{Window, compute as measure};
pub use model::{AccountMetrics, Dataset};
pub use output::digest;
pub use robustness::draws::{Corner, Draws};
pub use robustness::rescore::{Core, Scratch};
pub use scoring::rubric::{DEFAULT_RUBRIC, Rubric};
pub use scoring::waivers::NONE as NO_WAIVERS;
pub use scoring::{Columns, Context, Scores, score};
pub use vocab::Level;

/// The content scan of SPEC §16 over `texts` as post bodies, with the built-in lists and every
/// rule, on this thread: how many candidates it found (for `examples/scan_speed.rs`, the speed
/// per core of SPEC §16.12).
pub fn scan_bodies<'a>(texts: impl IntoIterator<Item = &'a str>) -> usize {
    let scanner = scan::Scanner::new(&scan::Terms::default(), vocab::ScanRule::ALL, 10);
    let mut found = Vec::new();
    for text in texts {
        scanner.scan(vocab::ScanField::Text, text, &mut found);
    }
    found.len()
}
