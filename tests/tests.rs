//! All integration tests, linked into one test binary: they run the real `govmedia` binary on
//! fixture folders and check its outputs.

mod common;
mod workdir;

mod appeals;
mod compare;
pub mod documents;
mod duties;
mod history;
mod hostile;
mod house;
mod ingest;
mod lists;
mod office;
mod report;
mod robustness;
mod safety;
mod sample;
mod scan;
mod scoring;
mod warn;
mod words;
