//! Progress on stderr (SPEC §1): one bar for the stage under way — bytes read during ingest,
//! draws during the robustness analysis, pages and documents while they render, files while they
//! are written. Drawn only when stderr is a terminal and `--quiet` is not given; never in the
//! outputs. A process-wide handle, so that the stages report without carrying it around.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static ENABLED: AtomicBool = AtomicBool::new(false);
static CURRENT: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// What a stage counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Bytes (read or written).
    Bytes,
    /// Things (draws, pages, files).
    Items,
}

/// Turns progress on (when stderr is a terminal) or off for the rest of the process.
pub(crate) fn enable(on: bool) {
    ENABLED.store(
        on && std::io::IsTerminal::is_terminal(&std::io::stderr()),
        Ordering::Relaxed,
    );
}

/// Starts a stage of `total` units (0: no count, a message only), ending the one before.
pub(crate) fn stage(label: &str, total: u64, unit: Unit) {
    let bar = ENABLED.load(Ordering::Relaxed).then(|| {
        let template = match (total, unit) {
            (0, _) => "{msg:20} {elapsed}",
            (_, Unit::Bytes) => "{msg:20} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec}",
            (_, Unit::Items) => "{msg:20} [{bar:30}] {pos}/{len} {elapsed}",
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_style(style)
            .with_message(label.to_string());
        bar.tick();
        bar
    });
    if let Ok(mut current) = CURRENT.lock() {
        if let Some(old) = current.take() {
            old.finish_and_clear();
        }
        *current = bar;
    }
}

/// Counts `n` more units of the stage under way.
pub(crate) fn advance(n: u64) {
    if !ENABLED.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(current) = CURRENT.lock()
        && let Some(bar) = current.as_ref()
    {
        bar.inc(n);
    }
}

/// Ends the stage under way (clears its line).
pub(crate) fn done() {
    if let Ok(mut current) = CURRENT.lock()
        && let Some(bar) = current.take()
    {
        bar.finish_and_clear();
    }
}
