//! The two lists the office acts on (SPEC §5, §6), in plain Rust over typed scores: the
//! consolidation list and the interview / accountability list, and the history they read.

pub mod accountability;
pub mod consolidation;
pub mod earlier;
pub mod followup;
pub mod history;
mod similarity;
