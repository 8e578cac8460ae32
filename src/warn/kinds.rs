//! The five kinds of early warning (SPEC §12), each a small pure function of what the metrics and
//! the projected scores say at as_of, and the order they are listed in.

pub(crate) use crate::vocab::Kind;

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::{AccountMetrics, Dataset, Platform};
use crate::scoring::Scores;
use crate::scoring::rubric::Rubric;
use crate::scoring::rules::Grade;

/// One warning: a row of warnings.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Warning {
    /// The unit.
    pub unit_id: String,
    /// Its name.
    pub unit_name: String,
    /// The account; `None` for `unit_failing`.
    pub account_id: Option<String>,
    /// Its name.
    pub account_name: Option<String>,
    /// Its platform.
    pub platform: Option<Platform>,
    /// What it is about.
    pub kind: Kind,
    /// The day the rule fires (or the period ends); `None` when no day can be given.
    pub due_on: Option<NaiveDate>,
    /// due_on − as_of, negative when past.
    pub days_left: Option<i64>,
    /// What is wrong, in words.
    pub detail: String,
    /// The records behind it (post, message or violation ids; for a unit its failing accounts).
    pub evidence: Vec<String>,
}

/// What the warnings are computed from.
pub(crate) struct Inputs<'a> {
    /// The accepted rows.
    pub dataset: &'a Dataset,
    /// Metrics at as_of.
    pub metrics: &'a [AccountMetrics],
    /// Scores were the period to end on as_of.
    pub scores: &'a Scores,
    /// The day looked at.
    pub as_of: NaiveDate,
    /// The period's last day.
    pub period_end: NaiveDate,
}

/// Every warning, sorted by due_on (empty last), unit_id, account_id, then kind.
pub(crate) fn warnings(inputs: &Inputs<'_>, rubric: &Rubric) -> Vec<Warning> {
    let last_posts = last_post_ids(inputs.dataset, inputs.metrics);
    let names: HashMap<&str, &str> = (inputs.dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let mut all = Vec::new();
    let quarter_start =
        crate::config::Period::quarter_containing(inputs.as_of).map_or(inputs.as_of, |q| q.start);
    let mut tasks_due = task_due(inputs.dataset, inputs.as_of, quarter_start, rubric);
    for m in inputs.metrics.iter().filter(|m| m.assessed) {
        let on = |kind, due_on: Option<NaiveDate>, detail: String, evidence: Vec<String>| {
            let a = &inputs.dataset.accounts[m.account as usize];
            Warning {
                unit_name: names
                    .get(a.unit_id.as_str())
                    .map_or_else(String::new, |n| n.to_string()),
                unit_id: a.unit_id.clone(),
                account_id: Some(a.account_id.clone()),
                account_name: Some(a.account_name.clone()),
                platform: Some(a.platform),
                kind,
                days_left: due_on.map(|d| (d - inputs.as_of).num_days()),
                due_on,
                detail,
                evidence,
            }
        };
        if let Some((due, detail)) = no_update(m, inputs.as_of, rubric) {
            let evidence = last_posts[m.account as usize].iter().cloned().collect();
            all.push(on(Kind::NoUpdate, due, detail, evidence));
        }
        if let Some((due, detail, ids)) = reply_due(inputs.dataset, m, inputs.as_of, rubric) {
            all.push(on(Kind::ReplyDue, Some(due), detail, ids));
        }
        if let Some((due, detail, ids)) = rectify_due(inputs.dataset, m, inputs.as_of, rubric) {
            all.push(on(Kind::RectifyDue, Some(due), detail, ids));
        }
        if let Some((due, detail, ids)) = tasks_due.remove(&m.account) {
            all.push(on(Kind::TaskDue, Some(due), detail, ids));
        }
        if let Some(detail) = no_filing(m, rubric) {
            all.push(on(Kind::NoFiling, None, detail, Vec::new()));
        }
    }
    all.extend(posting_while_closed(inputs, quarter_start, &names));
    all.extend(unit_failing(inputs, rubric));
    all.sort_by(|a, b| {
        (
            a.due_on.is_none(),
            a.due_on,
            &a.unit_id,
            &a.account_id,
            a.kind,
        )
            .cmp(&(
                b.due_on.is_none(),
                b.due_on,
                &b.unit_id,
                &b.account_id,
                b.kind,
            ))
    });
    all
}

fn plus(day: NaiveDate, days: u32) -> Option<NaiveDate> {
    day.checked_add_days(Days::new(u64::from(days)))
}

/// The id of each account's last post on or before as_of (the smallest id among posts of that
/// same time).
fn last_post_ids(dataset: &Dataset, metrics: &[AccountMetrics]) -> Vec<Option<String>> {
    let mut ids: Vec<Option<String>> = vec![None; metrics.len()];
    let posts = &dataset.posts;
    for (row, &account) in posts.account.iter().enumerate() {
        let m = &metrics[account as usize];
        if m.assessed && m.last_post_at == Some(posts.published_at[row]) {
            let id = posts.post_id.at(row);
            let slot = &mut ids[account as usize];
            if slot.as_deref().is_none_or(|s| id < s) {
                *slot = Some(id.to_string());
            }
        }
    }
    ids
}

/// `no_update`: the last post `warn.no_update_days` or more days before as_of; due on the day X1
/// fires (last post + veto.no_update_days). An account that never posted: due_on empty.
pub(crate) fn no_update(
    m: &AccountMetrics,
    as_of: NaiveDate,
    rubric: &Rubric,
) -> Option<(Option<NaiveDate>, String)> {
    let Some(last) = m.last_post_at.map(|t| t.date()) else {
        return Some((None, "监测日前没有任何发布记录".to_string()));
    };
    let days = (as_of - last).num_days();
    if days < i64::from(rubric.warn.no_update_days) {
        return None;
    }
    let fires = plus(last, rubric.veto.no_update_days);
    let detail = format!(
        "最近一次发布在 {last}，已 {days} 天未更新；满 {} 天触发单项否决 X1",
        rubric.veto.no_update_days
    );
    Some((fires, detail))
}

/// `reply_due`: messages not replied by as_of whose deadline (received + reply_days) is at most
/// `warn.lead_days` after as_of, or past; due on the earliest deadline.
pub(crate) fn reply_due(
    dataset: &Dataset,
    m: &AccountMetrics,
    as_of: NaiveDate,
    rubric: &Rubric,
) -> Option<(NaiveDate, String, Vec<String>)> {
    let messages = dataset.messages.as_ref()?;
    let horizon = plus(as_of, rubric.warn.lead_days)?;
    let mut due: Vec<(NaiveDate, &str)> = (m.messages.iter().flatten())
        .filter(|f| f.reply_seconds.is_none())
        .filter_map(|f| {
            let deadline = plus(f.received_on, rubric.interaction.reply_days)?;
            (deadline <= horizon)
                .then(|| (deadline, messages[f.message as usize].message_id.as_str()))
        })
        .collect();
    due.sort();
    let (first, _) = *due.first()?;
    let past = due.iter().filter(|(d, _)| *d < as_of).count();
    let detail = format!(
        "{} 条留言未回复，最早 {first} 到期（{} 日内应回复）{}",
        due.len(),
        rubric.interaction.reply_days,
        if past > 0 {
            format!("，其中 {past} 条已逾期")
        } else {
            String::new()
        }
    );
    Some((
        first,
        detail,
        due.iter().map(|(_, id)| id.to_string()).collect(),
    ))
}

/// `rectify_due`: unresolved violations whose deadline (found_on + rectify_days; with
/// calendar.csv the working-day deadline of its category, SPEC §17.3) is at most
/// `warn.rectify_lead_days` after as_of, or past; due on the earliest deadline.
pub(crate) fn rectify_due(
    dataset: &Dataset,
    m: &AccountMetrics,
    as_of: NaiveDate,
    rubric: &Rubric,
) -> Option<(NaiveDate, String, Vec<String>)> {
    let violations = dataset.violations.as_ref()?;
    let horizon = plus(as_of, rubric.warn.rectify_lead_days)?;
    let deadlines = crate::scoring::deadlines::Deadlines::of(dataset, rubric);
    let mut due: Vec<(NaiveDate, &str, &'static str)> = (m.violations.iter().flatten())
        .filter(|f| f.resolved_on.is_none())
        .filter_map(|f| {
            let deadline = deadlines.rectify(f.category, f.found_on).on;
            let v = &violations[f.violation as usize];
            (deadline <= horizon).then(|| (deadline, v.violation_id.as_str(), f.category.chinese()))
        })
        .collect();
    due.sort();
    let (first, _, _) = *due.first()?;
    let mut kinds: Vec<&str> = due.iter().map(|(_, _, c)| *c).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let detail = match dataset.calendar {
        Some(_) => format!(
            "{} 个问题未整改（{}），最早 {first} 到整改期限（按工作日计算）",
            due.len(),
            kinds.join("、")
        ),
        None => format!(
            "{} 个问题未整改（{}），最早 {first} 满 {} 天整改期限",
            due.len(),
            kinds.join("、"),
            rubric.content.rectify_days
        ),
    };
    Some((
        first,
        detail,
        due.iter().map(|(_, id, _)| id.to_string()).collect(),
    ))
}

/// `task_due` (SPEC §17.1): per account, the tasks bound to it issued by as_of, due from the
/// quarter's first day to as_of + `tasks.lead_days`, that no post dated in [issued_on, as_of]
/// completes; due on the earliest, the task_ids by due_on then task_id.
fn task_due(
    dataset: &Dataset,
    as_of: NaiveDate,
    quarter_start: NaiveDate,
    rubric: &Rubric,
) -> HashMap<u32, (NaiveDate, String, Vec<String>)> {
    let Some(tasks) = dataset.tasks.as_deref() else {
        return HashMap::new();
    };
    let horizon = plus(as_of, rubric.tasks.lead_days).unwrap_or(NaiveDate::MAX);
    let binding = crate::tasks::Binding::new(dataset, &rubric.tasks.platforms, as_of);
    let done = crate::tasks::completions(dataset, as_of);
    let mut open: HashMap<u32, Vec<(NaiveDate, &str)>> = HashMap::new();
    let looked_at = tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.issued_on <= as_of && t.due_on >= quarter_start && t.due_on <= horizon);
    for (i, task) in looked_at {
        for a in binding.bound(task) {
            if !done.contains_key(&(i as u32, a)) {
                open.entry(a)
                    .or_default()
                    .push((task.due_on, task.task_id.as_str()));
            }
        }
    }
    (open.into_iter())
        .map(|(a, mut due)| {
            due.sort();
            let first = due[0].0;
            let detail = format!(
                "{} 项转发任务未完成，最早 {first} 截止（U3：未转发每项扣 {} 分，逾期每项扣 {} 分）",
                due.len(),
                crate::present::number(rubric.tasks.points_missed),
                crate::present::number(rubric.tasks.points_late)
            );
            let ids = due.iter().map(|(_, id)| id.to_string()).collect();
            (a, (first, detail, ids))
        })
        .collect()
}

/// `posting_while_closed` (SPEC §17.2): L1 as of as_of, the period running from the quarter's
/// first day; no due date, the post ids as evidence.
fn posting_while_closed(
    inputs: &Inputs<'_>,
    quarter_start: NaiveDate,
    names: &HashMap<&str, &str>,
) -> Vec<Warning> {
    let window = crate::metrics::Window {
        start: quarter_start,
        as_of: inputs.as_of,
    };
    let dataset = inputs.dataset;
    (crate::lists::lifecycle::l1(dataset, window).into_iter())
        .map(|(a, stop, rows)| {
            let account = &dataset.accounts[a as usize];
            let since = stop.map_or_else(String::new, |d| format!("（{d}起）"));
            Warning {
                unit_name: names
                    .get(account.unit_id.as_str())
                    .map_or_else(String::new, |n| n.to_string()),
                unit_id: account.unit_id.clone(),
                account_id: Some(account.account_id.clone()),
                account_name: Some(account.account_name.clone()),
                platform: Some(account.platform),
                kind: Kind::PostingWhileClosed,
                due_on: None,
                days_left: None,
                detail: format!(
                    "账号状态为{}{since}，仍发布 {} 条：请核实是否已关停注销，或更正账号登记",
                    account.status.chinese(),
                    rows.len()
                ),
                evidence: (rows.iter())
                    .map(|r| dataset.posts.post_id.at(*r as usize).to_string())
                    .collect(),
            }
        })
        .collect()
}

/// `no_filing`: filings are given and the account has no `open` filing on or before as_of (M3).
pub(crate) fn no_filing(m: &AccountMetrics, rubric: &Rubric) -> Option<String> {
    let filings = m.filings?;
    (!filings.open).then(|| {
        format!(
            "没有开设备案记录（M3，扣 {} 分），请补办备案",
            crate::present::number(rubric.management.no_open_filing)
        )
    })
}

/// `unit_failing`: a unit that would fail were the period to end on as_of; due on the period's
/// last day; its failing accounts as evidence.
pub(crate) fn unit_failing(inputs: &Inputs<'_>, rubric: &Rubric) -> Vec<Warning> {
    let scores = inputs.scores;
    let mut failing_of: HashMap<&str, Vec<String>> = HashMap::new();
    for a in scores.accounts.iter().filter(|a| a.grade == Grade::Fail) {
        failing_of
            .entry(a.unit_id.as_str())
            .or_default()
            .push(a.account_id.clone());
    }
    scores
        .units
        .iter()
        .filter(|u| u.grade == Some(Grade::Fail))
        .map(|u| {
            let failing = failing_of.remove(u.unit_id.as_str()).unwrap_or_default();
            let score = u.score.map_or("0".to_string(), crate::present::number);
            let why = if u.missing_required_account {
                "应开设政务新媒体而无在运行账号".to_string()
            } else if u.vetoed_accounts > 0 {
                format!("{} 个账号触发单项否决", u.vetoed_accounts)
            } else {
                format!("低于合格线 {}", crate::present::number(rubric.grades.pass))
            };
            Warning {
                unit_id: u.unit_id.clone(),
                unit_name: u.unit_name.clone(),
                account_id: None,
                account_name: None,
                platform: None,
                kind: Kind::UnitFailing,
                due_on: Some(inputs.period_end),
                days_left: Some((inputs.period_end - inputs.as_of).num_days()),
                detail: format!("按监测日计算得分 {score}（不合格）：{why}"),
                evidence: failing,
            }
        })
        .collect()
}
