//! govmedia as a library: the stages of the quarterly assessment of government new-media
//! accounts, for the `govmedia` binary, the tests and the benchmarks. The modules form a DAG,
//! leaves first: catalogue, limits, model ← ingest ← metrics ← scoring ← lists ←
//! robustness ← {export, report, compare} ← settings ← pipeline ← cmd (one file per command).

pub mod appeals;
pub mod catalogue;
pub mod cmd;
pub mod compare;
pub mod config;
pub mod documents;
pub mod error;
pub mod export;
pub mod ingest;
pub mod limits;
pub mod lists;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod office;
pub mod output;
pub mod pipeline;
pub mod present;
pub mod progress;
pub mod report;
pub mod rng;
pub mod robustness;
pub mod runs;
pub mod sample;
pub mod scoring;
pub mod settings;
pub mod timings;
pub mod values;
pub mod warn;
