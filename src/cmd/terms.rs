//! `govmedia terms`: prints the built-in term lists as a terms.csv (SPEC §16.10), the starting
//! point for an office's own list.

/// Runs `govmedia terms`.
pub(crate) fn run() -> anyhow::Result<()> {
    super::validate::print(&crate::scan::builtin_csv());
    Ok(())
}
