//! Quarter-over-quarter history: the grades of a previous run, read from its `unit_scores.csv`
//! (SPEC §6, R3; §7, previous_grade).

use std::path::{Path, PathBuf};

use super::accountability::PreviousGrades;
use crate::catalogue::RuleId;
use crate::scoring::rules::Grade;
use crate::scoring::{NotEvaluated, Scores};

/// A previous run that cannot be used: fatal, so R3 is never silently skipped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum HistoryError {
    /// The folder or its unit_scores.csv is not there.
    #[error(
        "{path}: the previous run's unit_scores.csv is not there; give --previous the output folder of the previous period's run"
    )]
    Missing { path: PathBuf },
    /// The file cannot be read as CSV.
    #[error(
        "{path}: line {line}: the previous run's file cannot be read ({message}); run the previous period again or fix the file"
    )]
    Unreadable {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A required column is missing.
    #[error(
        "{path}: the previous run's file has no {column} column; it must be the file govmedia wrote"
    )]
    MissingColumn { path: PathBuf, column: &'static str },
    /// A grade that is neither a code nor a Chinese name.
    #[error(
        "{path}: line {line}: grade {value:?} is not a grade (excellent/good/pass/fail or 优秀/良好/合格/不合格)"
    )]
    BadGrade {
        path: PathBuf,
        line: u64,
        value: String,
    },
}

/// Reads the grades of the run in `dir` (units without a grade are left out).
pub(crate) fn read_previous(dir: &Path) -> Result<PreviousGrades, HistoryError> {
    let path = dir.join("unit_scores.csv");
    if !path.is_file() {
        return Err(HistoryError::Missing { path });
    }
    let mut grades = PreviousGrades::new();
    for (line, row) in read_columns(&path, &["unit_id", "grade"])? {
        let [id, value] = <[String; 2]>::try_from(row).unwrap_or_default();
        if value.is_empty() || id.is_empty() {
            continue;
        }
        let grade = Grade::parse(&value).ok_or_else(|| HistoryError::BadGrade {
            path: path.clone(),
            line,
            value,
        })?;
        grades.insert(id, grade);
    }
    Ok(grades)
}

/// The named columns (trimmed) of every row of an earlier run's CSV file, with the row's line;
/// a header may start with a BOM.
pub(crate) fn read_columns(
    path: &Path,
    names: &[&'static str],
) -> Result<Vec<(u64, Vec<String>)>, HistoryError> {
    let unreadable = |e: csv::Error| HistoryError::Unreadable {
        path: path.to_path_buf(),
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let text = crate::ingest::source::read_decoded(path).map_err(|e| HistoryError::Unreadable {
        path: path.to_path_buf(),
        line: 1,
        message: e.to_string(),
    })?;
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().map_err(unreadable)?.clone();
    let columns = names
        .iter()
        .map(|&name| {
            (headers.iter())
                .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
                .ok_or(HistoryError::MissingColumn {
                    path: path.to_path_buf(),
                    column: name,
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(unreadable)?;
        let line = record.position().map_or(0, |p| p.line());
        let row = (columns.iter())
            .map(|&i| record.get(i).unwrap_or("").trim().to_string())
            .collect();
        rows.push((line, row));
    }
    Ok(rows)
}

/// Gives every unit its previous grade, or lists R3 as not evaluated without a previous run.
pub(crate) fn apply(scores: &mut Scores, previous: Option<&PreviousGrades>) {
    match previous {
        Some(grades) => {
            for unit in &mut scores.units {
                unit.previous_grade = grades.get(&unit.unit_id).copied();
            }
        }
        None => scores.not_evaluated.push(NotEvaluated {
            rule: RuleId::R3,
            reason: "无上期考核结果（未找到上期的输出文件夹），连续两期不合格未评估",
        }),
    }
    scores.not_evaluated.sort_by_key(|n| n.rule);
}

/// Pass rates of the previous run, for the history chart.
#[derive(Debug, Clone)]
pub(crate) struct PreviousRates {
    /// Its period's label.
    pub period: String,
    /// Its account pass rate.
    pub accounts: Option<f64>,
    /// Its unit pass rate.
    pub units: Option<f64>,
}

/// The pass rates a previous run reported in its `summary.json`, if it has one that says so
/// (optional: only the history chart uses them).
pub(crate) fn read_previous_rates(dir: &Path) -> Option<PreviousRates> {
    let summary = crate::runs::EarlierSummary::read(dir).ok()?;
    let rates = summary.pass_rates.as_ref();
    let rate = |key: &str, value: Option<f64>| {
        let sane = value.and_then(earlier_rate);
        if let (Some(x), None) = (value, sane) {
            eprintln!(
                "note: {}: pass_rates.{key} {} is not a rate between 0 and 1; the history chart leaves it out",
                dir.join("summary.json").display(),
                crate::runs::json_number(x)
            );
        }
        sane
    };
    Some(PreviousRates {
        accounts: rate("accounts", rates.and_then(|r| r.accounts)),
        units: rate("units", rates.and_then(|r| r.units)),
        period: summary.period?,
    })
}

/// The largest score an earlier run may hold: no rubric gives more (100 and its bonuses); a
/// larger one is a damaged or edited file, not a score.
pub(crate) const SCORE_AT_MOST: f64 = 1_000.0;

/// A score read from an earlier run's CSV: empty is none; anything but a number from 0 to
/// [`SCORE_AT_MOST`] is refused with why (never `inf`, `NaN` or 1e308 into a chart).
pub(crate) fn earlier_score(text: &str) -> Result<Option<f64>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=SCORE_AT_MOST).contains(&x) => Ok(Some(x)),
        _ => Err(format!(
            "score {text:?} is not a number from 0 to {SCORE_AT_MOST}"
        )),
    }
}

/// A pass rate read from an earlier run's summary.json: a fraction from 0 to 1, else none.
pub(crate) fn earlier_rate(x: f64) -> Option<f64> {
    (x.is_finite() && (0.0..=1.0).contains(&x)).then_some(x)
}
