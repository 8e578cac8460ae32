//! `--timings`: wall time per stage, rows per second and peak memory, printed on stderr.

use std::time::{Duration, Instant};

/// Collects the time of each stage as the pipeline runs.
pub(crate) struct Timings {
    enabled: bool,
    started: Instant,
    last: Instant,
    stages: Vec<(&'static str, Duration, Option<u64>)>,
    /// Jobs that ran beside the stages (their own wall time, not part of the total).
    beside: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Starts the clock; prints nothing unless `enabled`.
    pub(crate) fn new(enabled: bool) -> Timings {
        let now = Instant::now();
        Timings {
            enabled,
            started: now,
            last: now,
            stages: Vec::new(),
            beside: Vec::new(),
        }
    }

    /// Ends a stage that handled `rows` rows (if it makes sense to count them).
    pub(crate) fn stage(&mut self, name: &'static str, rows: Option<u64>) {
        let now = Instant::now();
        self.stages.push((name, now - self.last, rows));
        self.last = now;
    }

    /// A job that ran `took` beside the stages (listed after the total, not added to it).
    pub(crate) fn beside(&mut self, name: &'static str, took: Duration) {
        self.beside.push((name, took));
    }

    /// Prints the table on stderr.
    pub(crate) fn print(&self) {
        if !self.enabled {
            return;
        }
        eprintln!("{:<12} {:>10} {:>16}", "stage", "wall s", "rows/s");
        for (name, took, rows) in &self.stages {
            let rate = rows.map_or(String::new(), |r| {
                format!("{:.0}", r as f64 / took.as_secs_f64().max(1e-9))
            });
            eprintln!("{:<12} {:>10.2} {:>16}", name, took.as_secs_f64(), rate);
        }
        eprintln!(
            "{:<12} {:>10.2}",
            "total",
            self.started.elapsed().as_secs_f64()
        );
        for (name, took) in &self.beside {
            eprintln!("{:<12} {:>10.2}", name, took.as_secs_f64());
        }
        if let Some(peak) = peak_memory_kib() {
            eprintln!("peak memory  {:>10.2} GiB", peak as f64 / 1024.0 / 1024.0);
        }
    }
}

/// Peak resident memory of this process (Linux: VmHWM), in KiB.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
