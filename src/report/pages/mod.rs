//! One file per kind of page (the overview, the method and robustness parts beside mod.rs).

mod appeals;
mod duties;
mod followup;
mod lists;
mod quality;
mod scan;
mod unit;

pub(super) use appeals::appeals_page;
pub(crate) use duties::{LifecycleSection, LifecycleView, PairView};
pub(super) use duties::{calendar_method, lifecycle_by_unit, pairs_by_unit, tasks_page};
pub(super) use followup::followup_page;
pub(super) use lists::{accountability_page, consolidation_page};
pub(super) use quality::quality_page;
pub(super) use scan::{counts_by_unit, scan_box, scan_page};
pub(super) use unit::unit_pages;
