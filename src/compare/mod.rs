//! `govmedia compare A B` (SPEC §10): two output folders of `assess` side by side — the same data
//! under two rubrics, two periods, or before and after appeals. Reads each folder's tables,
//! summary and rubric.toml; computes unit and account changes, rubric changes, list movements and
//! the rank correlation; the files are written by `write`.

mod html;
pub(crate) mod read;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::Serialize;

use crate::export::table_csv;
use crate::export::tables::{Cell, Column};
use crate::output::{OutputFile, Target};
use crate::present::number;
use crate::scoring::numbers::round2;
use crate::scoring::rubric::Level;
use crate::scoring::rules::Grade;
use read::{AccountRow, Run, UnitRow};

/// `govmedia compare A B [--out DIR]`.
pub(crate) fn run(a: &Path, b: &Path, out: Option<&Path>, quiet: bool) -> Result<PathBuf> {
    let run_a = Run::read(a)?;
    let run_b = Run::read(b)?;
    let out = out.map_or_else(|| default_out(a, b), Path::to_path_buf);
    let target = Target::check(&out, "compare", None)?;
    let comparison = Comparison::of(&run_a, &run_b);
    let files = files(&run_a, &run_b, &comparison)?;
    let staging = target.stage()?;
    staging.write_all(&files)?;
    staging.commit()?;
    if !quiet {
        eprintln!(
            "{} units compared: {} entering the list, {} leaving it, {} changing level; Spearman's rho {}",
            comparison.units.len(),
            comparison.facts.entering.len(),
            comparison.facts.leaving.len(),
            comparison.facts.level_changed.len(),
            comparison
                .facts
                .spearman
                .map_or("-".to_string(), |r| r.to_string())
        );
    }
    Ok(out)
}

/// `reports/compare-<name of A>-<name of B>`.
fn default_out(a: &Path, b: &Path) -> PathBuf {
    let name = |p: &Path| {
        std::fs::canonicalize(p)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "run".to_string())
    };
    PathBuf::from("reports").join(format!("compare-{}-{}", name(a), name(b)))
}

/// One unit in both runs (either side may be missing).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitChange {
    pub unit_id: String,
    pub unit_name: String,
    pub a: Option<UnitRow>,
    pub b: Option<UnitRow>,
}

impl UnitChange {
    /// b − a, when both are scored.
    pub(crate) fn change(&self) -> Option<f64> {
        Some(round2(self.b.as_ref()?.score? - self.a.as_ref()?.score?))
    }

    /// rank_b − rank_a, when ranked in both (negative = better).
    pub(crate) fn rank_change(&self) -> Option<i64> {
        Some(i64::from(self.b.as_ref()?.rank?) - i64::from(self.a.as_ref()?.rank?))
    }

    fn level(&self, b: bool) -> Option<Level> {
        let side = if b { &self.b } else { &self.a };
        side.as_ref().and_then(|u| u.level)
    }
}

/// One account in both runs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AccountChange {
    pub account_id: String,
    pub unit_id: String,
    pub account_name: String,
    pub a: Option<AccountRow>,
    pub b: Option<AccountRow>,
}

impl AccountChange {
    /// b − a, when both are scored.
    pub(crate) fn change(&self) -> Option<f64> {
        Some(round2(self.b.as_ref()?.score - self.a.as_ref()?.score))
    }
}

/// A rubric key whose value differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct KeyChange {
    pub key: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// A unit whose level changed (either side may be off the list).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LevelChange {
    pub unit_id: String,
    pub a: Option<&'static str>,
    pub b: Option<&'static str>,
}

/// One side's facts in `compare.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Side {
    pub folder: String,
    pub period: String,
    pub rubric_sha256: String,
    pub unit_pass_rate: Option<f64>,
    pub account_pass_rate: Option<f64>,
    /// Units per level, in the list's order.
    pub levels: BTreeMap<&'static str, u64>,
}

/// `compare.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Facts {
    pub a: Side,
    pub b: Side,
    /// The inputs' hashes agree file by file.
    pub same_inputs: bool,
    /// Input files whose hashes differ.
    pub inputs_changed: Vec<String>,
    /// Rubric keys whose value differs; null when a folder has no rubric.toml.
    pub rubric_changes: Option<Vec<KeyChange>>,
    /// Listed in B, not in A.
    pub entering: Vec<String>,
    /// Listed in A, not in B.
    pub leaving: Vec<String>,
    /// Listed in both at different levels.
    pub level_changed: Vec<LevelChange>,
    /// Units ranked in both.
    pub ranked_in_both: u64,
    /// Mean |rank_change| over them (2 decimals).
    pub mean_abs_rank_change: Option<f64>,
    /// Largest |rank_change|.
    pub largest_abs_rank_change: Option<u64>,
    /// Spearman's ρ of the unit scores ranked in both (4 decimals).
    pub spearman: Option<f64>,
}

/// Everything `compare` finds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Comparison {
    pub units: Vec<UnitChange>,
    pub accounts: Vec<AccountChange>,
    pub facts: Facts,
}

impl Comparison {
    /// Compares run A with run B.
    pub(crate) fn of(a: &Run, b: &Run) -> Comparison {
        let units = join(&a.units, &b.units, |u| u.unit_id.clone())
            .into_iter()
            .map(|(id, x, y)| UnitChange {
                unit_name: (y.or(x)).map_or(String::new(), |u| u.unit_name.clone()),
                unit_id: id,
                a: x.cloned(),
                b: y.cloned(),
            })
            .collect::<Vec<_>>();
        let accounts = join(&a.accounts, &b.accounts, |r| r.account_id.clone())
            .into_iter()
            .map(|(id, x, y)| {
                let any = y.or(x);
                AccountChange {
                    unit_id: any.map_or(String::new(), |r| r.unit_id.clone()),
                    account_name: any.map_or(String::new(), |r| r.account_name.clone()),
                    account_id: id,
                    a: x.cloned(),
                    b: y.cloned(),
                }
            })
            .collect();
        let facts = facts(a, b, &units);
        Comparison {
            units,
            accounts,
            facts,
        }
    }
}

/// Rows of both sides by key, in key order.
fn join<'r, R>(
    a: &'r [R],
    b: &'r [R],
    key: impl Fn(&R) -> String,
) -> Vec<(String, Option<&'r R>, Option<&'r R>)> {
    let by =
        |rows: &'r [R]| -> BTreeMap<String, &'r R> { rows.iter().map(|r| (key(r), r)).collect() };
    let (x, y) = (by(a), by(b));
    let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    keys.into_iter()
        .map(|k| (k.clone(), x.get(k).copied(), y.get(k).copied()))
        .collect()
}

fn side(run: &Run, units: &[UnitChange], b: bool) -> Side {
    let mut levels: BTreeMap<&'static str, u64> =
        Level::ALL.iter().map(|l| (l.code(), 0)).collect();
    for u in units {
        if let Some(level) = u.level(b) {
            *levels.entry(level.code()).or_default() += 1;
        }
    }
    Side {
        folder: run.folder.display().to_string(),
        period: run.period.clone(),
        rubric_sha256: run.rubric_sha256.clone(),
        unit_pass_rate: run.unit_pass_rate,
        account_pass_rate: run.account_pass_rate,
        levels,
    }
}

fn facts(a: &Run, b: &Run, units: &[UnitChange]) -> Facts {
    let inputs: BTreeSet<&String> = a.inputs.keys().chain(b.inputs.keys()).collect();
    let inputs_changed: Vec<String> = (inputs.into_iter())
        .filter(|f| a.inputs.get(*f) != b.inputs.get(*f))
        .cloned()
        .collect();
    let code = |l: Option<Level>| l.map(Level::code);
    let (mut entering, mut leaving, mut level_changed) = (Vec::new(), Vec::new(), Vec::new());
    for u in units {
        match (u.level(false), u.level(true)) {
            (None, Some(_)) => entering.push(u.unit_id.clone()),
            (Some(_), None) => leaving.push(u.unit_id.clone()),
            (Some(x), Some(y)) if x != y => level_changed.push(LevelChange {
                unit_id: u.unit_id.clone(),
                a: code(Some(x)),
                b: code(Some(y)),
            }),
            _ => {}
        }
    }
    let moves: Vec<u64> = units
        .iter()
        .filter_map(UnitChange::rank_change)
        .map(i64::unsigned_abs)
        .collect();
    let both: Vec<(f64, f64)> = units
        .iter()
        .filter_map(|u| {
            let (x, y) = (u.a.as_ref()?, u.b.as_ref()?);
            x.rank?;
            y.rank?;
            Some((x.score?, y.score?))
        })
        .collect();
    Facts {
        a: side(a, units, false),
        b: side(b, units, true),
        same_inputs: inputs_changed.is_empty(),
        inputs_changed,
        rubric_changes: rubric_changes(a, b),
        entering,
        leaving,
        level_changed,
        ranked_in_both: moves.len() as u64,
        mean_abs_rank_change: (!moves.is_empty())
            .then(|| round2(moves.iter().sum::<u64>() as f64 / moves.len() as f64)),
        largest_abs_rank_change: moves.iter().max().copied(),
        spearman: spearman(&both),
    }
}

/// Every rubric key (dotted path) whose value differs; `None` when a side has no rubric.toml.
fn rubric_changes(a: &Run, b: &Run) -> Option<Vec<KeyChange>> {
    let (x, y) = (a.rubric.as_ref()?, b.rubric.as_ref()?);
    let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
    Some(
        keys.into_iter()
            .filter(|k| x.get(*k) != y.get(*k))
            .map(|k| KeyChange {
                key: k.clone(),
                a: x.get(k).cloned(),
                b: y.get(k).cloned(),
            })
            .collect(),
    )
}

/// Average ranks (1-based) of `values`, ties given the mean of the positions they span.
pub(crate) fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|i, j| values[*i].total_cmp(&values[*j]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let mean = (start + 1 + end) as f64 / 2.0;
        for i in &order[start..end] {
            ranks[*i] = mean;
        }
        start = end;
    }
    ranks
}

/// Spearman's ρ: Pearson's correlation of the average ranks, 4 decimals; `None` for fewer than
/// two pairs or no variance.
pub(crate) fn spearman(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 2 {
        return None;
    }
    let x = average_ranks(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
    let y = average_ranks(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(&y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    let rho = sxy / (sxx * syy).sqrt();
    let scaled = rho * 10_000.0;
    Some((scaled + scaled.signum() * 1e-9).round() / 10_000.0)
}

fn opt_number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn code(x: Option<&'static str>) -> Cell {
    x.map_or(Cell::Empty, |c| Cell::Text(c.to_string()))
}

fn grade(g: Option<Grade>) -> Cell {
    code(g.map(Grade::code))
}

fn rank(r: Option<u32>) -> Cell {
    r.map_or(Cell::Empty, |r| Cell::Int(r.into()))
}

/// A column of a compare table (CSV only).
const fn column<R>(english: &'static str, cell: fn(&R) -> Cell) -> Column<R> {
    Column {
        english,
        sheet: None,
        cell,
    }
}

/// `compare_units.csv`.
const UNITS: &[Column<UnitChange>] = &[
    column("unit_id", |u| Cell::Text(u.unit_id.clone())),
    column("unit_name", |u| Cell::Text(u.unit_name.clone())),
    column("score_a", |u| {
        opt_number(u.a.as_ref().and_then(|x| x.score))
    }),
    column("score_b", |u| {
        opt_number(u.b.as_ref().and_then(|x| x.score))
    }),
    column("change", |u| opt_number(u.change())),
    column("grade_a", |u| grade(u.a.as_ref().and_then(|x| x.grade))),
    column("grade_b", |u| grade(u.b.as_ref().and_then(|x| x.grade))),
    column("rank_a", |u| rank(u.a.as_ref().and_then(|x| x.rank))),
    column("rank_b", |u| rank(u.b.as_ref().and_then(|x| x.rank))),
    column("rank_change", |u| {
        u.rank_change().map_or(Cell::Empty, Cell::Int)
    }),
    column("level_a", |u| code(u.level(false).map(Level::code))),
    column("level_b", |u| code(u.level(true).map(Level::code))),
];

/// `compare_accounts.csv`.
const ACCOUNTS: &[Column<AccountChange>] = &[
    column("account_id", |r| Cell::Text(r.account_id.clone())),
    column("unit_id", |r| Cell::Text(r.unit_id.clone())),
    column("account_name", |r| Cell::Text(r.account_name.clone())),
    column("score_a", |r| opt_number(r.a.as_ref().map(|x| x.score))),
    column("score_b", |r| opt_number(r.b.as_ref().map(|x| x.score))),
    column("change", |r| opt_number(r.change())),
    column("grade_a", |r| grade(r.a.as_ref().and_then(|x| x.grade))),
    column("grade_b", |r| grade(r.b.as_ref().and_then(|x| x.grade))),
    column("action_a", |r| {
        Cell::Text(r.a.as_ref().map_or(String::new(), |x| x.action.clone()))
    }),
    column("action_b", |r| {
        Cell::Text(r.b.as_ref().map_or(String::new(), |x| x.action.clone()))
    }),
];

/// `compare_units.csv`, by unit_id.
pub(crate) fn units_csv(units: &[UnitChange]) -> Result<Vec<u8>> {
    Ok(table_csv(UNITS, units)?)
}

/// `compare_accounts.csv`, by account_id.
pub(crate) fn accounts_csv(accounts: &[AccountChange]) -> Result<Vec<u8>> {
    Ok(table_csv(ACCOUNTS, accounts)?)
}

/// The manifest of a compare folder.
#[derive(Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    command: &'static str,
    version: &'static str,
    a: &'a str,
    b: &'a str,
    files: Vec<String>,
    /// Per file but the manifest, its size and XXH3-64 (see `output::digest`).
    digests: std::collections::BTreeMap<String, String>,
}

/// Every file of the compare folder, the manifest last.
fn files(a: &Run, b: &Run, c: &Comparison) -> Result<Vec<OutputFile>> {
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.into(),
        bytes,
    };
    let mut json = serde_json::to_vec_pretty(&c.facts)?;
    json.push(b'\n');
    let mut files = vec![
        file("compare_units.csv", units_csv(&c.units)?),
        file("compare_accounts.csv", accounts_csv(&c.accounts)?),
        file("compare.json", json),
        file(
            "compare.html",
            html::page(a, b, c).context("building compare.html")?,
        ),
    ];
    let (names, digests) = crate::output::listing(&files);
    let manifest = Manifest {
        tool: "govmedia",
        command: "compare",
        version: env!("CARGO_PKG_VERSION"),
        a: &c.facts.a.folder,
        b: &c.facts.b.folder,
        files: names,
        digests,
    };
    files.push(crate::output::manifest_file(&manifest)?);
    Ok(files)
}

/// A number as the CSVs write it, for the page.
fn shown(x: Option<f64>) -> String {
    x.map_or("—".to_string(), number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 5.0]),
            vec![2.0, 3.5, 3.5, 1.0]
        );
    }

    #[test]
    fn spearman_by_hand() {
        // Same order: 1; reversed: −1; one swap of four: 1 − 6·2/(4·15) = 0.8.
        let same = [(1.0, 10.0), (2.0, 20.0), (3.0, 30.0)];
        assert_eq!(spearman(&same), Some(1.0));
        let reversed = [(1.0, 3.0), (2.0, 2.0), (3.0, 1.0)];
        assert_eq!(spearman(&reversed), Some(-1.0));
        let swap = [(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 4.0)];
        assert_eq!(spearman(&swap), Some(0.8));
        assert_eq!(spearman(&[(1.0, 1.0)]), None);
        assert_eq!(spearman(&[(1.0, 5.0), (2.0, 5.0)]), None, "no variance");
    }
}
