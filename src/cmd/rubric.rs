//! `govmedia rubric`: prints the built-in rubric, the starting point for a custom one.

/// Runs `govmedia rubric`.
pub(crate) fn run() -> anyhow::Result<()> {
    super::validate::print(crate::scoring::rubric::DEFAULT_RUBRIC);
    Ok(())
}
