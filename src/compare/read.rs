//! Reading one `assess` output folder for `compare`: its manifest (it must be one), summary,
//! unit and account tables, the two lists, and rubric.toml flattened to dotted keys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::runs::{EarlierSummary, SummaryProblem};

use crate::output::MANIFEST;
use crate::scoring::rubric::DEFAULT_RUBRIC;
use crate::scoring::rubric::Level;
use crate::scoring::rules::Grade;

/// A folder `compare` cannot read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CompareError {
    /// Not an output folder of `govmedia assess`.
    #[error(
        "{dir}: not an output folder of `govmedia assess` ({why}); give two folders that `govmedia assess --out` wrote, e.g. reports/2026Q3"
    )]
    NotAnAssessFolder { dir: PathBuf, why: String },
    /// A file of the folder is missing or unreadable.
    #[error(
        "{path}: cannot read it ({message}); run `govmedia assess` again to rewrite the folder"
    )]
    Unreadable { path: PathBuf, message: String },
}

/// A unit as one run has it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitRow {
    pub unit_id: String,
    pub unit_name: String,
    pub score: Option<f64>,
    /// The grade; `None` when unscored.
    pub grade: Option<Grade>,
    pub rank: Option<u32>,
    /// Its level on the accountability list.
    pub level: Option<Level>,
}

/// An account as one run has it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AccountRow {
    pub account_id: String,
    pub unit_id: String,
    pub account_name: String,
    pub score: f64,
    pub grade: Option<Grade>,
    /// Its consolidation action (empty when none).
    pub action: String,
}

/// One `assess` output folder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub folder: PathBuf,
    pub period: String,
    pub rubric_sha256: String,
    pub unit_pass_rate: Option<f64>,
    pub account_pass_rate: Option<f64>,
    /// SHA-256 of each input file given, by file name.
    pub inputs: BTreeMap<String, String>,
    /// The rubric in force, key by dotted key, as TOML values; `None` without rubric.toml.
    pub rubric: Option<BTreeMap<String, String>>,
    pub units: Vec<UnitRow>,
    pub accounts: Vec<AccountRow>,
}

type Table = Vec<BTreeMap<String, String>>;

impl Run {
    /// Reads the folder `dir`.
    pub(crate) fn read(dir: &Path) -> Result<Run, CompareError> {
        let not = |why: &str| CompareError::NotAnAssessFolder {
            dir: dir.to_path_buf(),
            why: why.to_string(),
        };
        if !dir.is_dir() {
            return Err(not("no such folder"));
        }
        let summary = EarlierSummary::read(dir).map_err(|problem| match problem {
            SummaryProblem::Missing => not("it has no summary.json"),
            SummaryProblem::NotText | SummaryProblem::NotOurs | SummaryProblem::Unreadable(_) => {
                not("its summary.json is not govmedia's")
            }
        })?;
        if summary.tool.as_deref() != Some("govmedia") {
            return Err(not("its summary.json is not govmedia's"));
        }
        match summary.command.as_deref() {
            Some("assess") => {}
            Some(other) => return Err(not(&format!("it holds the output of `govmedia {other}`"))),
            None => return Err(not("it was written by an earlier govmedia")),
        }
        let levels: BTreeMap<String, Level> = table(dir, "accountability.csv")?
            .into_iter()
            .filter_map(|r| Some((field(&r, "unit_id"), level(&field(&r, "level"))?)))
            .collect();
        let actions: BTreeMap<String, String> = table(dir, "consolidation.csv")?
            .into_iter()
            .map(|r| (field(&r, "account_id"), field(&r, "action")))
            .collect();
        let units = table(dir, "unit_scores.csv")?
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                Ok(UnitRow {
                    level: levels.get(&field(&r, "unit_id")).copied(),
                    unit_id: field(&r, "unit_id"),
                    unit_name: field(&r, "unit_name"),
                    score: score(dir, "unit_scores.csv", i, &r)?,
                    grade: Grade::parse(&field(&r, "grade")),
                    rank: field(&r, "rank").parse().ok(),
                })
            })
            .collect::<Result<_, CompareError>>()?;
        let accounts = table(dir, "account_scores.csv")?
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                Ok(AccountRow {
                    action: actions
                        .get(&field(&r, "account_id"))
                        .cloned()
                        .unwrap_or_default(),
                    account_id: field(&r, "account_id"),
                    unit_id: field(&r, "unit_id"),
                    account_name: field(&r, "account_name"),
                    score: score(dir, "account_scores.csv", i, &r)?.unwrap_or(0.0),
                    grade: Grade::parse(&field(&r, "grade")),
                })
            })
            .collect::<Result<_, CompareError>>()?;
        let rate = |pick: fn(&crate::runs::PassRates) -> Option<f64>, key: &str| match summary
            .pass_rates
            .as_ref()
            .and_then(pick)
        {
            None => Ok(None),
            Some(x) => (crate::lists::history::earlier_rate(x))
                .map(Some)
                .ok_or_else(|| CompareError::Unreadable {
                    path: dir.join(MANIFEST),
                    message: format!("pass_rates.{key} {x} is not a rate between 0 and 1"),
                }),
        };
        Ok(Run {
            folder: dir.to_path_buf(),
            period: summary.period.unwrap_or_default(),
            rubric_sha256: summary.rubric_sha256.unwrap_or_default(),
            unit_pass_rate: rate(|r| r.units, "units")?,
            account_pass_rate: rate(|r| r.accounts, "accounts")?,
            inputs: (summary.inputs.into_iter())
                .filter_map(|i| Some((i.file, i.sha256?)))
                .collect(),
            rubric: rubric(dir)?,
            units,
            accounts,
        })
    }
}

/// The score of row `i` (0-based, after the header) of an earlier run's table: refused, naming
/// the file and line, when not a number from 0 to 1,000.
fn score(
    dir: &Path,
    name: &str,
    i: usize,
    row: &BTreeMap<String, String>,
) -> Result<Option<f64>, CompareError> {
    crate::lists::history::earlier_score(&field(row, "score")).map_err(|why| {
        CompareError::Unreadable {
            path: dir.join(name),
            message: format!("line {}: {why}", i + 2),
        }
    })
}

fn field(row: &BTreeMap<String, String>, name: &str) -> String {
    row.get(name).cloned().unwrap_or_default()
}

fn level(code: &str) -> Option<Level> {
    Level::ALL.iter().copied().find(|l| l.code() == code)
}

/// A CSV table of the folder as rows keyed by header.
fn table(dir: &Path, name: &str) -> Result<Table, CompareError> {
    let path = dir.join(name);
    let unreadable = |message: String| CompareError::Unreadable {
        path: path.clone(),
        message,
    };
    let text = crate::ingest::source::read_decoded(&path).map_err(|e| unreadable(e.to_string()))?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| unreadable(e.to_string()))?
        .clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| unreadable(e.to_string()))?;
            Ok(headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect())
        })
        .collect()
}

/// rubric.toml flattened to dotted keys; `None` when the folder has none.
fn rubric(dir: &Path) -> Result<Option<BTreeMap<String, String>>, CompareError> {
    let path = dir.join("rubric.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let value: toml::Table = toml::from_str(&text).map_err(|e| CompareError::Unreadable {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let mut keys = BTreeMap::new();
    flatten("", &toml::Value::Table(value), &mut keys);
    // Tables a rubric file may leave out take their defaults: a run from before they existed
    // compares as what it was scored with, not as a change of every key in them.
    if let Ok(defaults) = toml::from_str::<toml::Table>(DEFAULT_RUBRIC) {
        let mut base = BTreeMap::new();
        flatten("", &toml::Value::Table(defaults), &mut base);
        for (key, value) in base {
            let optional = OPTIONAL_TABLES.iter().any(|t| key.starts_with(t));
            if optional && !keys.contains_key(&key) {
                keys.insert(key, value);
            }
        }
    }
    Ok(Some(keys))
}

/// The rubric's tables that a file may leave out (SPEC §9: their defaults apply).
const OPTIONAL_TABLES: [&str; 8] = [
    "robustness.",
    "documents.",
    "warn.",
    "history.",
    "scan.",
    "tasks.",
    "lifecycle.",
    "calendar.",
];

fn flatten(prefix: &str, value: &toml::Value, into: &mut BTreeMap<String, String>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, into);
            }
        }
        other => {
            into.insert(prefix.to_string(), other.to_string());
        }
    }
}
