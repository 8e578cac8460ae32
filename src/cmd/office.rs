//! `govmedia office`: prints a commented office.toml (who issues the documents; SPEC §15.1).

/// Runs `govmedia office`.
pub(crate) fn run() -> anyhow::Result<()> {
    super::validate::print(crate::office::TEMPLATE);
    Ok(())
}
