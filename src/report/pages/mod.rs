//! One file per kind of page (the overview, the method and robustness parts beside mod.rs).

mod appeals;
mod followup;
mod lists;
mod quality;
mod unit;

pub(super) use appeals::*;
pub(super) use followup::*;
pub(super) use lists::*;
pub(super) use quality::*;
pub(super) use unit::*;
