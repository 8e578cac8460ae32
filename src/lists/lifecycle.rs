//! The registry's life cycle (SPEC §17.2): L1 posting after a suspension or closure, L2 a late
//! opening or closure filing, L3 a rename or change of unit without a change filing (against the
//! previous run). Listed in lifecycle.csv, never scored.

use std::path::Path;

use chrono::NaiveDate;

use crate::catalogue::RuleId;
use crate::metrics::Window;
use crate::model::{Account, AccountStatus, Dataset, FilingEvent};
use crate::present::chinese_date;
use crate::scoring::deadlines::Deadlines;
use crate::scoring::numbers::normalise;

/// One row of lifecycle.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LifecycleRow {
    /// L1, L2 or L3.
    pub kind: RuleId,
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// close or suspend (L1), open or close (L2), change (L3).
    pub event: FilingEvent,
    /// L1: the stop date (`None` when unknown); L2: the registry date.
    pub event_on: Option<NaiveDate>,
    /// L2: the filing deadline.
    pub due_on: Option<NaiveDate>,
    /// L2: the filing's date.
    pub filed_on: Option<NaiveDate>,
    /// Post ids (L1), the filing's line (L2).
    pub evidence: Vec<String>,
    /// What was found, in words.
    pub detail: String,
}

/// The findings of a run, and the rules that could not be evaluated.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lifecycle {
    /// By kind, unit_id, account_id, then event.
    pub rows: Vec<LifecycleRow>,
    /// L2 and L3 without filings.csv; L3 without a previous account_scores.csv: the rule, why
    /// (summary.json's words) and why in Chinese (the report's).
    pub not_evaluated: Vec<(RuleId, &'static str, &'static str)>,
    /// L2 deadlines computed past the calendar's last listed date.
    pub beyond: u64,
}

impl Lifecycle {
    /// Rows of one kind.
    pub(crate) fn count(&self, kind: RuleId) -> usize {
        self.rows.iter().filter(|r| r.kind == kind).count()
    }
}

/// An account's names in the previous run: (account_id, account_name, unit_id) and its as_of.
pub(crate) struct Previous {
    /// From its account_scores.csv.
    pub accounts: Vec<(String, String, String)>,
    /// From its summary.json; the day before this period's start when it has none.
    pub as_of: NaiveDate,
}

/// The previous run's accounts (L3), when its folder holds account_scores.csv.
pub(crate) fn read_previous(dir: &Path, start: NaiveDate) -> Option<Previous> {
    let path = dir.join("account_scores.csv");
    let names = ["account_id", "account_name", "unit_id"];
    let rows = crate::lists::history::read_columns(&path, &names).ok()?;
    let accounts = (rows.into_iter())
        .filter_map(|(_, row)| <[String; 3]>::try_from(row).ok())
        .map(|[id, name, unit]| (id, name, unit))
        .collect();
    let as_of = (crate::runs::EarlierSummary::read(dir).ok())
        .and_then(|s| s.as_of)
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .or_else(|| start.pred_opt())
        .unwrap_or(start);
    Some(Previous { accounts, as_of })
}

/// The stop date of each account (SPEC §17.2): its closed_on, else for a suspended or closed
/// account its earliest suspend or close filing on or before as_of.
fn stop_dates(dataset: &Dataset, as_of: NaiveDate) -> Vec<Option<NaiveDate>> {
    let mut filed: Vec<Option<NaiveDate>> = vec![None; dataset.accounts.len()];
    for f in dataset.filings.iter().flatten() {
        if f.filed_on <= as_of && matches!(f.event, FilingEvent::Suspend | FilingEvent::Close) {
            let slot = &mut filed[f.account as usize];
            *slot = Some(slot.map_or(f.filed_on, |d| d.min(f.filed_on)));
        }
    }
    (dataset.accounts.iter().zip(filed))
        .map(|(account, filed)| match account.status {
            _ if account.closed_on.is_some() => account.closed_on,
            AccountStatus::Active => None,
            _ => filed,
        })
        .collect()
}

/// Whether an account is stopped for L1: suspended or closed, or closed_on by as_of.
fn stopped(account: &Account, as_of: NaiveDate) -> bool {
    account.status != AccountStatus::Active || account.closed_on.is_some_and(|c| c <= as_of)
}

/// L1 for every account, with posts dated in `window` after the stop date: (account, stop
/// date, post rows by published_at then post_id). One pass over the posts.
pub(crate) fn l1(dataset: &Dataset, window: Window) -> Vec<(u32, Option<NaiveDate>, Vec<u32>)> {
    let dates = stop_dates(dataset, window.as_of);
    let stops: Vec<Option<Option<NaiveDate>>> = (dataset.accounts.iter().zip(dates))
        .map(|(account, stop)| stopped(account, window.as_of).then_some(stop))
        .collect();
    if stops.iter().all(Option::is_none) {
        return Vec::new();
    }
    let posts = &dataset.posts;
    let mut found: Vec<Vec<u32>> = vec![Vec::new(); dataset.accounts.len()];
    for (row, &a) in posts.account.iter().enumerate() {
        let Some(stop) = stops[a as usize] else {
            continue;
        };
        let day = posts.published_at[row].date();
        if day >= window.start && day <= window.as_of && stop.is_none_or(|s| day > s) {
            found[a as usize].push(row as u32);
        }
    }
    (found.into_iter().enumerate())
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(a, mut rows)| {
            rows.sort_by(|x, y| {
                let key = |r: &u32| {
                    (
                        posts.published_at[*r as usize],
                        posts.post_id.at(*r as usize),
                    )
                };
                key(x).cmp(&key(y))
            });
            (a as u32, stops[a].flatten(), rows)
        })
        .collect()
}

/// Every finding of the period (SPEC §17.2). Reads the posts' times: run before the metrics let
/// them go.
pub(crate) fn assess(
    dataset: &Dataset,
    window: Window,
    deadlines: Deadlines<'_>,
    previous: Option<&Previous>,
    filings_name: &str,
) -> Lifecycle {
    let mut run = Lifecycle::default();
    for (a, stop, rows) in l1(dataset, window) {
        run.rows.push(l1_row(dataset, a, stop, &rows));
    }
    if dataset.filings.is_none() {
        let missing = (RuleId::L2, "no filings.csv", "没有备案记录（filings.csv）");
        run.not_evaluated.push(missing);
        run.not_evaluated.push((RuleId::L3, missing.1, missing.2));
    } else {
        l2(dataset, window, deadlines, filings_name, &mut run);
        match previous {
            Some(previous) => l3(dataset, window, previous, &mut run),
            None => run.not_evaluated.push((
                RuleId::L3,
                "no previous account_scores.csv",
                "没有上一期考核结果（上一期输出文件夹中的 account_scores.csv）",
            )),
        }
    }
    // By kind, unit_id, account_id, then event as lifecycle.csv writes it (its code).
    let key = |r: &LifecycleRow| {
        let a = &dataset.accounts[r.account as usize];
        (
            r.kind,
            a.unit_id.clone(),
            a.account_id.clone(),
            r.event.code(),
        )
    };
    run.rows.sort_by_cached_key(key);
    run
}

fn l1_row(dataset: &Dataset, a: u32, stop: Option<NaiveDate>, rows: &[u32]) -> LifecycleRow {
    let account = &dataset.accounts[a as usize];
    let closed = account.status == AccountStatus::Closed || account.closed_on.is_some();
    let event = if closed {
        FilingEvent::Close
    } else {
        FilingEvent::Suspend
    };
    let when = stop.map_or_else(
        || "（停用日期不详）".to_string(),
        |d| format!("（{}{}）", chinese_date(d), event.chinese()),
    );
    LifecycleRow {
        kind: RuleId::L1,
        account: a,
        event,
        event_on: stop,
        due_on: None,
        filed_on: None,
        evidence: rows
            .iter()
            .map(|r| dataset.posts.post_id.at(*r as usize).to_string())
            .collect(),
        detail: format!(
            "账号状态为{}{when}，本期仍发布{}条",
            account.status.chinese(),
            rows.len()
        ),
    }
}

/// L2: the earliest open or close filing, dated in the period, after its deadline.
fn l2(
    dataset: &Dataset,
    window: Window,
    deadlines: Deadlines<'_>,
    name: &str,
    run: &mut Lifecycle,
) {
    let filings = dataset.filings.as_deref().unwrap_or(&[]);
    let mut first: rustc_hash::FxHashMap<(u32, FilingEvent), &crate::model::Filing> =
        rustc_hash::FxHashMap::default();
    for f in filings.iter().filter(|f| f.filed_on <= window.as_of) {
        let slot = first.entry((f.account, f.event)).or_insert(f);
        if (f.filed_on, f.line) < (slot.filed_on, slot.line) {
            *slot = f;
        }
    }
    for (a, account) in dataset.accounts.iter().enumerate() {
        let events = [
            (FilingEvent::Open, account.opened_on),
            (FilingEvent::Close, account.closed_on),
        ];
        for (event, registry) in events {
            let (Some(registry), Some(filing)) = (registry, first.get(&(a as u32, event))) else {
                continue;
            };
            let due = deadlines.filing(registry);
            let in_period = filing.filed_on >= window.start && filing.filed_on <= window.as_of;
            if !in_period || filing.filed_on <= due.on {
                continue;
            }
            run.beyond += u64::from(due.beyond);
            run.rows.push(LifecycleRow {
                kind: RuleId::L2,
                account: a as u32,
                event,
                event_on: Some(registry),
                due_on: Some(due.on),
                filed_on: Some(filing.filed_on),
                evidence: vec![format!("{name}:{}", filing.line)],
                detail: format!(
                    "{}于{}，应于{}前备案，{}才备案",
                    event.chinese(),
                    chinese_date(registry),
                    chinese_date(due.on),
                    chinese_date(filing.filed_on)
                ),
            });
        }
    }
}

/// L3: a rename or change of unit since the previous run without a change filing after its
/// as_of.
fn l3(dataset: &Dataset, window: Window, previous: &Previous, run: &mut Lifecycle) {
    let before: rustc_hash::FxHashMap<&str, (&str, &str)> = (previous.accounts.iter())
        .map(|(id, name, unit)| (id.as_str(), (name.as_str(), unit.as_str())))
        .collect();
    let filed: rustc_hash::FxHashSet<u32> = (dataset.filings.iter().flatten())
        .filter(|f| f.event == FilingEvent::Change)
        .filter(|f| f.filed_on > previous.as_of && f.filed_on <= window.as_of)
        .map(|f| f.account)
        .collect();
    for (a, account) in dataset.accounts.iter().enumerate() {
        let Some((name, unit)) = before.get(account.account_id.as_str()) else {
            continue;
        };
        if !account.assessed_at(window.as_of) {
            continue;
        }
        let mut changes = Vec::new();
        if normalise(name) != normalise(&account.account_name) {
            changes.push(format!(
                "账号名称由“{name}”变更为“{}”",
                account.account_name
            ));
        }
        if *unit != account.unit_id {
            changes.push(format!("主办单位由{unit}变更为{}", account.unit_id));
        }
        if changes.is_empty() || filed.contains(&(a as u32)) {
            continue;
        }
        run.rows.push(LifecycleRow {
            kind: RuleId::L3,
            account: a as u32,
            event: FilingEvent::Change,
            event_on: None,
            due_on: None,
            filed_on: None,
            evidence: Vec::new(),
            detail: format!(
                "{}，{}后无变更备案",
                changes.join("，"),
                chinese_date(previous.as_of)
            ),
        });
    }
}
