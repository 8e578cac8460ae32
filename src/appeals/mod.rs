//! Appeals (SPEC §14, 申诉复核): which accepted appeals of this period apply, the records they
//! void (masks on the metrics, before scoring) and the rules they waive, and `appeals_result.csv`:
//! every appeal with its effect and the account's and unit's score, grade and list entry without
//! and with the accepted appeals.

pub(crate) use crate::vocab::Effect;

use std::collections::{HashMap, HashSet};

use crate::catalogue::RuleId;
use crate::config::Period;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::{Action, ConsolidationEntry};
use crate::model::{AccountMetrics, AppealRecord, Dataset, Decision};
use crate::scoring::rubric::Level;
use crate::scoring::rules::{Grade, Scope};
use crate::scoring::waivers::Waivers;
use crate::scoring::{Finding, Scores};

/// The accepted appeals of this period, resolved: what each did, the records voided (with the
/// account and the appeal) and the rules waived.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolution {
    /// Each appeal's effect, in appeals.csv order.
    pub effects: Vec<Effect>,
    /// Records voided: (record, account, appeal_id).
    pub removals: Vec<(AppealRecord, u32, String)>,
    /// Rules waived.
    pub waivers: Waivers,
}

impl Resolution {
    /// Whether any accepted appeal applies (then "before" and "after" differ).
    pub(crate) fn changes_anything(&self) -> bool {
        !self.removals.is_empty() || !self.waivers.is_empty()
    }
}

/// Resolves the appeals of `dataset` for `period`.
pub(crate) fn resolve(dataset: &Dataset, period: &Period) -> Resolution {
    let mut resolution = Resolution::default();
    for appeal in dataset.appeals.iter().flatten() {
        let effect = if appeal.period != period.label {
            Effect::NotApplicable
        } else if appeal.decision != Decision::Accepted {
            Effect::None
        } else {
            match (appeal.record, appeal.account) {
                (Some(record), Some(account)) => {
                    resolution
                        .removals
                        .push((record, account, appeal.appeal_id.clone()));
                    match record {
                        AppealRecord::Post(_) => Effect::Reviewed,
                        _ => Effect::Removed,
                    }
                }
                (_, Some(account)) => {
                    resolution
                        .waivers
                        .waive_account(account, appeal.rule, &appeal.appeal_id);
                    Effect::Waived
                }
                (_, None) => {
                    resolution
                        .waivers
                        .waive_unit(appeal.unit, appeal.rule, &appeal.appeal_id);
                    Effect::Waived
                }
            }
        };
        resolution.effects.push(effect);
    }
    resolution
}

/// SPEC §17.1: a U3 appeal of this period names, in record_id, a counted task the account is
/// bound to; one that names another accepted task is rejected here, once the period's tasks are
/// known (ingest checked that the task exists), with its line, as ingest rejects rows.
pub(crate) fn reject_unbound_tasks(
    dataset: &mut Dataset,
    report: &mut crate::ingest::IngestReport,
    tasks: Option<&crate::tasks::TaskRun>,
    period: &Period,
) {
    use crate::ingest::schema::InputFile;
    let Some(appeals) = dataset.appeals.as_mut() else {
        return;
    };
    let pairs: HashSet<(u32, u32)> = (tasks.iter().flat_map(|t| &t.pairs))
        .map(|p| (p.task, p.account))
        .collect();
    let Some(file) = (report.files.iter_mut()).find(|f| f.file == InputFile::Appeals) else {
        return;
    };
    let mut rejected = Vec::new();
    appeals.retain(|a| {
        let unbound = match (a.record, a.account) {
            (Some(AppealRecord::Task(t)), Some(account)) => !pairs.contains(&(t, account)),
            _ => false,
        };
        if unbound && a.period == period.label {
            let id = a.record_id.clone().unwrap_or_default();
            rejected.push(crate::ingest::row::Reject {
                file: InputFile::Appeals,
                file_name: file.file_name.clone(),
                line: a.line,
                column: crate::ingest::schema::appeal::RECORD_ID.to_string(),
                reason: format!("转发任务 {id} 不是本期到期且约束该账号的任务"),
                value: id,
                kind: crate::ingest::row::RejectKind::MissingReference,
            });
            return false;
        }
        true
    });
    file.rows_accepted -= rejected.len() as u64;
    file.rows_rejected += rejected.len() as u64;
    report.rejects.extend(rejected);
    report.rejects.sort_by_key(|r| (r.file, r.line));
}

/// Voids the records of accepted appeals in the metrics, as if they had never been exported
/// (violations, messages) or had been reviewed (posts): the masks of SPEC §14 on what scoring
/// and the lists read.
pub(crate) fn remove_records(
    metrics: &mut [AccountMetrics],
    removals: &[(AppealRecord, u32, String)],
) {
    for (record, account, _) in removals {
        let m = &mut metrics[*account as usize];
        match *record {
            AppealRecord::Violation(v) => {
                if let Some(list) = m.violations.as_mut() {
                    list.retain(|f| f.violation != v);
                }
            }
            AppealRecord::Message(id) => {
                if let Some(list) = m.messages.as_mut() {
                    list.retain(|f| f.message != id);
                }
            }
            AppealRecord::Post(p) => {
                if let Some(list) = m.unreviewed_posts.as_mut() {
                    list.retain(|u| u.row != p);
                }
            }
            // Taken out of the task pairs: `remove_pairs`.
            AppealRecord::Task(_) => {}
        }
    }
}

/// The id of a voided record, as findings name it in their evidence.
fn record_id(dataset: &Dataset, record: AppealRecord) -> Option<&str> {
    match record {
        AppealRecord::Violation(v) => (dataset.violations.as_ref())
            .and_then(|t| t.get(v as usize))
            .map(|v| v.violation_id.as_str()),
        AppealRecord::Message(m) => (dataset.messages.as_ref())
            .and_then(|t| t.get(m as usize))
            .map(|m| m.message_id.as_str()),
        AppealRecord::Post(p) => dataset.posts.post_id.get(p as usize),
        AppealRecord::Task(t) => (dataset.tasks.as_ref())
            .and_then(|t_| t_.get(t as usize))
            .map(|t| t.task_id.as_str()),
    }
}

/// Takes the (task, account) pairs of accepted U3 appeals out of the tasks (SPEC §17.1: out of
/// U3, tasks_result.csv and the unit's counts).
pub(crate) fn remove_pairs(
    run: &mut crate::tasks::TaskRun,
    removals: &[(AppealRecord, u32, String)],
) {
    let gone: HashSet<(u32, u32)> = (removals.iter())
        .filter_map(|(record, account, _)| match record {
            AppealRecord::Task(t) => Some((*t, *account)),
            _ => None,
        })
        .collect();
    if !gone.is_empty() {
        run.pairs.retain(|p| !gone.contains(&(p.task, p.account)));
    }
}

/// Marks the findings (after the appeals) whose evidence a voided record reduced: they carry the
/// appeals' ids. A finding is reduced when its account's finding of the same rule before the
/// appeals named a voided record of that account.
pub(crate) fn mark_reduced(
    after: &mut [Finding],
    before: &[Finding],
    dataset: &Dataset,
    removals: &[(AppealRecord, u32, String)],
) {
    let mut voided: HashMap<(&str, &str), &str> = HashMap::new();
    for (record, account, appeal) in removals {
        if let Some(id) = record_id(dataset, *record) {
            let account_id = dataset.accounts[*account as usize].account_id.as_str();
            voided.insert((account_id, id), appeal.as_str());
        }
    }
    let accounts: HashSet<&str> = voided.keys().map(|(a, _)| *a).collect();
    let mut reduced: HashMap<(&str, RuleId), Vec<String>> = HashMap::new();
    for f in before
        .iter()
        .filter(|f| f.scope == Scope::Account && accounts.contains(f.id.as_str()))
    {
        let mut ids: Vec<String> = (f.evidence.iter())
            .filter_map(|e| voided.get(&(f.id.as_str(), e.as_str())))
            .map(|a| a.to_string())
            .collect();
        if !ids.is_empty() {
            ids.sort();
            ids.dedup();
            reduced.insert((f.id.as_str(), f.rule), ids);
        }
    }
    for f in after.iter_mut().filter(|f| f.scope == Scope::Account) {
        if let Some(ids) = reduced.get(&(f.id.as_str(), f.rule)) {
            for id in ids {
                if !f.appeals.contains(id) {
                    f.appeals.push(id.clone());
                }
            }
        }
    }
}

/// One side of the comparison: the scores and lists without (before) or with (after) the
/// accepted appeals.
pub(crate) struct Side<'a> {
    /// Scores.
    pub scores: &'a Scores,
    /// The consolidation list.
    pub consolidation: &'a [ConsolidationEntry],
    /// The accountability list.
    pub accountability: &'a [AccountabilityEntry],
}

/// A row of appeals_result.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AppealResult {
    pub appeal_id: String,
    pub period: String,
    pub unit_id: String,
    pub account_id: Option<String>,
    pub rule: RuleId,
    pub record_id: Option<String>,
    pub decision: Decision,
    /// The reviewer's reason, as appeals.csv gives it (the pages show it; not a CSV column).
    pub reason: Option<String>,
    pub effect: Effect,
    pub account_score_before: Option<f64>,
    pub account_score_after: Option<f64>,
    pub account_grade_before: Option<Grade>,
    pub account_grade_after: Option<Grade>,
    pub unit_score_before: Option<f64>,
    pub unit_score_after: Option<f64>,
    pub unit_grade_before: Option<Grade>,
    pub unit_grade_after: Option<Grade>,
    /// The unit's level before and after, when it changed (`None` = not listed).
    pub level_change: Option<(Option<Level>, Option<Level>)>,
    /// The account's action before and after, when it changed (`None` = not listed).
    pub action_change: Option<(Option<Action>, Option<Action>)>,
}

impl AppealResult {
    /// `level interview → none; action close → none` (empty if unchanged): appeals_result.csv.
    pub(crate) fn list_change(&self) -> String {
        self.change(Level::code, Action::code, ("level ", "action ", "none"))
    }

    /// The same in Chinese, for the report and the workbook.
    pub(crate) fn list_change_chinese(&self) -> String {
        self.change(
            Level::chinese,
            Action::chinese,
            ("名单级别", "清理整合", "无"),
        )
    }

    fn change(
        &self,
        level: fn(Level) -> &'static str,
        action: fn(Action) -> &'static str,
        (l, a, none): (&str, &str, &str),
    ) -> String {
        let mut parts = Vec::new();
        if let Some((b, f)) = self.level_change {
            let w = |x: Option<Level>| x.map_or(none, level);
            parts.push(format!("{l}{} → {}", w(b), w(f)));
        }
        if let Some((b, f)) = self.action_change {
            let w = |x: Option<Action>| x.map_or(none, action);
            parts.push(format!("{a}{} → {}", w(b), w(f)));
        }
        parts.join("; ")
    }
}

/// Lookups of one side by id.
struct Index<'a> {
    accounts: HashMap<&'a str, (f64, Grade)>,
    units: HashMap<&'a str, (Option<f64>, Option<Grade>)>,
    levels: HashMap<&'a str, Level>,
    actions: HashMap<&'a str, Action>,
}

impl<'a> Index<'a> {
    fn of(side: &Side<'a>) -> Index<'a> {
        Index {
            accounts: (side.scores.accounts.iter())
                .map(|a| (a.account_id.as_str(), (a.score, a.grade)))
                .collect(),
            units: (side.scores.units.iter())
                .map(|u| (u.unit_id.as_str(), (u.score, u.grade)))
                .collect(),
            levels: (side.accountability.iter())
                .map(|e| (e.unit_id.as_str(), e.level))
                .collect(),
            actions: (side.consolidation.iter())
                .map(|e| (e.account_id.as_str(), e.action))
                .collect(),
        }
    }
}

/// appeals_result.csv's rows, by appeal_id.
pub(crate) fn results(
    dataset: &Dataset,
    resolution: &Resolution,
    before: &Side<'_>,
    after: &Side<'_>,
) -> Vec<AppealResult> {
    let (b, a) = (Index::of(before), Index::of(after));
    let mut rows: Vec<AppealResult> = (dataset.appeals.iter().flatten())
        .zip(&resolution.effects)
        .map(|(appeal, effect)| {
            let unit_id = dataset.units[appeal.unit as usize].unit_id.as_str();
            let account_id = appeal
                .account
                .map(|i| dataset.accounts[i as usize].account_id.as_str());
            let account =
                |side: &Index<'_>| account_id.and_then(|id| side.accounts.get(id).copied());
            let unit = |side: &Index<'_>| side.units.get(unit_id).copied();
            let level = |side: &Index<'_>| side.levels.get(unit_id).copied();
            let level_change = (level(&b) != level(&a)).then(|| (level(&b), level(&a)));
            let action = |side: &Index<'_>| account_id.and_then(|id| side.actions.get(id).copied());
            let action_change = (action(&b) != action(&a)).then(|| (action(&b), action(&a)));
            AppealResult {
                appeal_id: appeal.appeal_id.clone(),
                period: appeal.period.clone(),
                unit_id: unit_id.to_string(),
                account_id: account_id.map(str::to_string),
                rule: appeal.rule,
                record_id: appeal.record_id.clone(),
                decision: appeal.decision,
                reason: appeal.reason.clone(),
                effect: *effect,
                account_score_before: account(&b).map(|x| x.0),
                account_score_after: account(&a).map(|x| x.0),
                account_grade_before: account(&b).map(|x| x.1),
                account_grade_after: account(&a).map(|x| x.1),
                unit_score_before: unit(&b).and_then(|x| x.0),
                unit_score_after: unit(&a).and_then(|x| x.0),
                unit_grade_before: unit(&b).and_then(|x| x.1),
                unit_grade_after: unit(&a).and_then(|x| x.1),
                level_change,
                action_change,
            }
        })
        .collect();
    rows.sort_by(|x, y| x.appeal_id.cmp(&y.appeal_id));
    rows
}
