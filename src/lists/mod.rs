//! The two lists the office acts on (SPEC §5, §6), in plain Rust over typed scores: the
//! consolidation list and the interview / accountability list, and the history they read.

pub(crate) mod accountability;
pub(crate) mod consolidation;
pub(crate) mod earlier;
pub(crate) mod followup;
pub(crate) mod history;
pub(crate) mod lifecycle;
mod similarity;
