//! The one reader of an earlier output folder's `summary.json` (the previous run, the history
//! folder, `compare`): typed, so that a field the writer renames fails here by name instead of
//! reading as missing.

use std::path::Path;

use serde::Deserialize;

use crate::output::MANIFEST;

/// What the later runs read of an earlier run's summary.json (`export::summary::Summary`
/// writes it).
#[derive(Debug, Deserialize)]
pub(crate) struct EarlierSummary {
    /// `govmedia` when govmedia wrote it.
    pub tool: Option<String>,
    /// The command that wrote it (`assess`, `warn`, `compare`, `sample`).
    pub command: Option<String>,
    /// The period's label (2026Q3).
    pub period: Option<String>,
    /// The monitoring date (2026-09-30).
    pub as_of: Option<String>,
    /// SHA-256 of the rubric in force.
    pub rubric_sha256: Option<String>,
    /// The pass rates.
    pub pass_rates: Option<PassRates>,
    /// Each input file read, with its SHA-256.
    #[serde(default)]
    pub inputs: Vec<EarlierInput>,
}

/// An earlier run's pass rates.
#[derive(Debug, Deserialize)]
pub(crate) struct PassRates {
    /// Of the accounts assessed.
    pub accounts: Option<f64>,
    /// Of the units scored.
    pub units: Option<f64>,
}

/// An input file of an earlier run.
#[derive(Debug, Deserialize)]
pub(crate) struct EarlierInput {
    /// Its file name.
    pub file: String,
    /// Its SHA-256, when it was given.
    pub sha256: Option<String>,
}

/// Why an earlier summary.json could not be had.
#[derive(Debug)]
pub(crate) enum SummaryProblem {
    /// There is none (or it cannot be opened).
    Missing,
    /// Its bytes are not UTF-8.
    NotText,
    /// JSON that govmedia did not write (`tool` is not `govmedia`).
    NotOurs,
    /// It is not the JSON govmedia writes.
    Unreadable(serde_json::Error),
}

impl EarlierSummary {
    /// The summary.json of the output folder `dir`.
    pub(crate) fn read(dir: &Path) -> Result<EarlierSummary, SummaryProblem> {
        let bytes = std::fs::read(dir.join(MANIFEST)).map_err(|_| SummaryProblem::Missing)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| SummaryProblem::NotText)?;
        serde_json::from_str(text).map_err(|typed| {
            match serde_json::from_str::<serde_json::Value>(text) {
                Err(syntax) => SummaryProblem::Unreadable(syntax),
                Ok(value) if value["tool"] != "govmedia" => SummaryProblem::NotOurs,
                Ok(_) => SummaryProblem::Unreadable(typed),
            }
        })
    }

    /// Whether `command` of govmedia wrote it.
    pub(crate) fn written_by(&self, command: &str) -> bool {
        self.tool.as_deref() == Some("govmedia") && self.command.as_deref() == Some(command)
    }
}

/// A rate as serde_json writes a JSON number (`1e+307`, `-0.5`), for a note.
pub(crate) fn json_number(x: f64) -> String {
    serde_json::Number::from_f64(x).map_or_else(|| x.to_string(), |n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<EarlierSummary, SummaryProblem> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), json).unwrap();
        EarlierSummary::read(dir.path())
    }

    #[test]
    fn an_earlier_summary_is_read_typed_and_what_is_not_ours_is_told_apart() {
        let ours = read(
            r#"{"tool":"govmedia","command":"assess","period":"2026Q2","as_of":"2026-06-30",
                "rubric_sha256":"x","pass_rates":{"accounts":0.5,"units":null},"extra":1}"#,
        )
        .unwrap();
        assert!(ours.written_by("assess") && !ours.written_by("warn"));
        let rates = ours.pass_rates.unwrap();
        assert_eq!((rates.accounts, rates.units), (Some(0.5), None));
        assert!(matches!(
            read(r#"{"tool":5}"#),
            Err(SummaryProblem::NotOurs)
        ));
        assert!(matches!(read("{"), Err(SummaryProblem::Unreadable(_))));
        // govmedia's, with a field of the wrong type: named, not read as missing.
        let wrong = read(r#"{"tool":"govmedia","period":7}"#);
        assert!(
            matches!(wrong, Err(SummaryProblem::Unreadable(e)) if e.to_string().contains("invalid type"))
        );
        assert_eq!(json_number(1e307), "1e+307");
        assert_eq!(json_number(-0.5), "-0.5");
    }
}
