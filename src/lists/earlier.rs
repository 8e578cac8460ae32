//! The earlier `assess` runs of a history folder (SPEC §13): which ones count, what they said of
//! each unit, and the chain of consecutive failing periods.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::accountability::PreviousGrades;
use super::history::read_columns;
use crate::config::Period;
use crate::runs::{EarlierSummary, SummaryProblem};
use crate::scoring::UnitScore;
use crate::scoring::rules::Grade;

/// What an earlier run said of one unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EarlierUnit {
    /// Its score (empty when unscored).
    pub score: Option<f64>,
    /// Its rank.
    pub rank: Option<u32>,
    /// Its grade.
    pub grade: Option<Grade>,
}

/// One earlier run found in the history folder.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EarlierRun {
    /// Its folder.
    pub folder: PathBuf,
    /// Its period.
    pub period: Period,
    /// SHA-256 of its rubric.
    pub rubric_sha256: String,
    /// Its account pass rate.
    pub accounts_rate: Option<f64>,
    /// Its unit pass rate.
    pub units_rate: Option<f64>,
    /// Its units, by unit_id.
    pub units: BTreeMap<String, EarlierUnit>,
}

/// An earlier run that looked like one but could not be read: named on the data-quality page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Skipped {
    /// Its folder.
    pub folder: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

/// The earlier runs read, oldest first, and those skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct History {
    /// The runs, oldest first.
    pub runs: Vec<EarlierRun>,
    /// Folders skipped, by folder.
    pub skipped: Vec<Skipped>,
}

/// Reads the runs of `dir` that §13 selects for `period`: `assess` runs (by their manifest) of
/// the same kind of period, before it, monitored on their last day; one per period (the folder
/// named after it first); the latest `limit`. `out` (this run's own folder) is never read.
pub(crate) fn read_history(dir: &Path, period: &Period, out: &Path, limit: u32) -> History {
    let mut history = History::default();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return history;
    };
    let own = std::fs::canonicalize(out).ok();
    let mut folders: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !same_folder(p, own.as_deref()))
        .collect();
    folders.sort();
    let mut by_period: BTreeMap<chrono::NaiveDate, EarlierRun> = BTreeMap::new();
    for folder in folders {
        match read_run(&folder, period) {
            Ok(Some(run)) => {
                let named = |r: &EarlierRun| folder_name(&r.folder) == r.period.label;
                let keep = by_period
                    .get(&run.period.start)
                    .is_none_or(|old| !named(old) && named(&run));
                if keep {
                    by_period.insert(run.period.start, run);
                }
            }
            Ok(None) => {}
            Err(reason) => history.skipped.push(Skipped { folder, reason }),
        }
    }
    let skip = by_period.len().saturating_sub(limit as usize);
    history.runs = by_period.into_values().skip(skip).collect();
    history
}

fn folder_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// Whether `folder` is this run's own output folder (`own`, canonical, when it exists).
fn same_folder(folder: &Path, own: Option<&Path>) -> bool {
    own.is_some_and(|own| std::fs::canonicalize(folder).is_ok_and(|f| f == own))
}

/// `Ok(None)`: not an earlier assess run of this kind of period (ignored); `Err`: it says it is
/// one but cannot be read.
fn read_run(folder: &Path, period: &Period) -> Result<Option<EarlierRun>, String> {
    let summary = match EarlierSummary::read(folder) {
        Ok(summary) => summary,
        Err(SummaryProblem::Missing | SummaryProblem::NotText | SummaryProblem::NotOurs) => {
            return Ok(None);
        }
        Err(SummaryProblem::Unreadable(e)) => {
            return Err(format!("summary.json cannot be read ({e})"));
        }
    };
    if !summary.written_by("assess") {
        return Ok(None);
    }
    let field = |key: &str, value: &Option<String>| {
        value.clone().ok_or(format!("summary.json has no {key}"))
    };
    let label = field("period", &summary.period)?;
    let label = label.as_str();
    let Ok(earlier) = Period::parse(label) else {
        return Err(format!("summary.json: period {label:?} is not a period"));
    };
    let as_of = field("as_of", &summary.as_of)?;
    if earlier.kind != period.kind
        || earlier.end >= period.start
        || as_of != earlier.end.to_string()
    {
        return Ok(None);
    }
    let units = read_units(&folder.join("unit_scores.csv"))?;
    let rates = summary.pass_rates.as_ref();
    let rate = |key: &str, value: Option<f64>| match value {
        None => Ok(None),
        Some(x) => (super::history::earlier_rate(x)).map(Some).ok_or(format!(
            "summary.json: pass_rates.{key} {} is not a rate between 0 and 1",
            crate::runs::json_number(x)
        )),
    };
    Ok(Some(EarlierRun {
        folder: folder.to_path_buf(),
        rubric_sha256: field("rubric_sha256", &summary.rubric_sha256)?,
        accounts_rate: rate("accounts", rates.and_then(|r| r.accounts))?,
        units_rate: rate("units", rates.and_then(|r| r.units))?,
        period: earlier,
        units,
    }))
}

/// unit_id, score, rank and grade of an earlier unit_scores.csv.
fn read_units(path: &Path) -> Result<BTreeMap<String, EarlierUnit>, String> {
    let rows =
        read_columns(path, &["unit_id", "score", "rank", "grade"]).map_err(|e| e.to_string())?;
    let mut units = BTreeMap::new();
    for (line, row) in rows {
        let [id, score, rank, grade] = <[String; 4]>::try_from(row).unwrap_or_default();
        let bad =
            |what: &str, value: &str| format!("unit_scores.csv line {line}: {what} {value:?}");
        let unit = EarlierUnit {
            score: super::history::earlier_score(&score)
                .map_err(|why| format!("unit_scores.csv line {line}: {why}"))?,
            rank: (!rank.is_empty())
                .then(|| rank.parse::<u32>().map_err(|_| bad("rank", &rank)))
                .transpose()?,
            grade: (!grade.is_empty())
                .then(|| Grade::parse(&grade).ok_or_else(|| bad("grade", &grade)))
                .transpose()?,
        };
        units.insert(id, unit);
    }
    Ok(units)
}

/// SPEC §13: `consecutive_fails` of every unit — 0 when it does not fail now; else 1 plus the
/// immediately preceding periods, one at a time, in which a run exists and the unit failed
/// (`previous`, the `--previous` run, is the first link when given).
pub(crate) fn consecutive_fails(
    units: &mut [UnitScore],
    period: &Period,
    previous: Option<&PreviousGrades>,
    history: &History,
) {
    let by_label: BTreeMap<&str, &EarlierRun> = (history.runs.iter())
        .map(|r| (r.period.label.as_str(), r))
        .collect();
    for unit in units {
        if unit.grade != Some(Grade::Fail) {
            unit.consecutive_fails = 0;
            continue;
        }
        let mut chain = 1;
        let mut at = period.previous();
        while let Some(p) = at {
            let failed = if chain == 1 && previous.is_some() {
                previous.and_then(|g| g.get(&unit.unit_id)) == Some(&Grade::Fail)
            } else {
                (by_label.get(p.label.as_str()))
                    .and_then(|r| r.units.get(&unit.unit_id))
                    .and_then(|u| u.grade)
                    == Some(Grade::Fail)
            };
            if !failed {
                break;
            }
            chain += 1;
            at = p.previous();
        }
        unit.consecutive_fails = chain;
    }
}
