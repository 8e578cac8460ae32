//! Follow-up of the previous run's lists (SPEC §13, 整改跟踪): what became of every account it
//! listed for consolidation and every unit it listed for accountability.

pub(crate) use crate::vocab::{ListKind, Status};

use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::accountability::AccountabilityEntry;
use super::consolidation::{Action, ConsolidationEntry};
use super::history::{HistoryError, read_columns};
use crate::catalogue::{self, RuleId};
use crate::model::{Account, AccountStatus, Dataset};
use crate::scoring::NotEvaluated;
use crate::scoring::rubric::Level;

impl ListKind {
    /// The statuses an entry of this list can have, in the order they are counted.
    pub(crate) fn statuses(self) -> &'static [Status] {
        match self {
            ListKind::Consolidation => &[
                Status::Done,
                Status::Reopened,
                Status::Fixed,
                Status::Pending,
                Status::Gone,
            ],
            ListKind::Accountability => &[
                Status::Resolved,
                Status::Partial,
                Status::Persists,
                Status::Unknown,
                Status::Gone,
            ],
        }
    }
}

impl FollowupRow {
    /// followup.csv's `previous`: `close`, `interview R1;R2`.
    pub(crate) fn previous(&self) -> String {
        self.with_rules(&self.previous)
    }

    /// The same with the action or level in Chinese: `关停注销`, `约谈 R1;R2`.
    pub(crate) fn previous_chinese(&self) -> String {
        let code = self.previous.as_str();
        let chinese = (Action::ALL
            .iter()
            .find(|a| a.code() == code)
            .map(|a| a.chinese()))
        .or_else(|| (Level::ALL.iter().find(|l| l.code() == code)).map(|l| l.chinese()))
        .unwrap_or(code);
        self.with_rules(chinese)
    }

    fn with_rules(&self, head: &str) -> String {
        if self.previous_rules.is_empty() {
            head.to_string()
        } else {
            format!("{head} {}", catalogue::join(&self.previous_rules, ";"))
        }
    }
}

/// One row of followup.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FollowupRow {
    /// Which list.
    pub kind: ListKind,
    /// account_id or unit_id.
    pub id: String,
    /// The unit.
    pub unit_id: String,
    /// What the previous run listed: the action, or the level, as its CSV wrote it.
    pub previous: String,
    /// The previous run's rules for a unit (empty for an account).
    pub previous_rules: Vec<RuleId>,
    /// What became of it.
    pub status: Status,
    /// What still fires (the action and reasons, or the rules), or why it is unknown.
    pub detail: String,
}

/// The previous run's two lists, as its CSVs hold them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PreviousLists {
    /// account_id → (unit_id, action).
    pub consolidation: BTreeMap<String, (String, String)>,
    /// unit_id → (level, rules).
    pub accountability: BTreeMap<String, (String, Vec<RuleId>)>,
}

/// Reads the previous run's consolidation.csv and accountability.csv; `Ok(None)` when the folder
/// has not both (a hand-made previous run with unit_scores.csv alone: no follow-up).
pub(crate) fn read_previous_lists(dir: &Path) -> Result<Option<PreviousLists>, HistoryError> {
    let (c, a) = (
        dir.join("consolidation.csv"),
        dir.join("accountability.csv"),
    );
    if !c.is_file() || !a.is_file() {
        return Ok(None);
    }
    let mut lists = PreviousLists::default();
    for row in read_columns(&c, &["account_id", "unit_id", "action"])? {
        let [id, unit, action] = <[String; 3]>::try_from(row.1).unwrap_or_default();
        lists.consolidation.insert(id, (unit, action));
    }
    for (line, row) in read_columns(&a, &["unit_id", "level", "rules"])? {
        let [unit, level, rules] = <[String; 3]>::try_from(row).unwrap_or_default();
        let rules = (rules.split(';').map(str::trim).filter(|r| !r.is_empty()))
            .map(|r| {
                r.parse::<RuleId>().map_err(|_| HistoryError::Unreadable {
                    path: a.clone(),
                    line,
                    message: format!("{r:?} is not a rule id"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        lists.accountability.insert(unit, (level, rules));
    }
    Ok(Some(lists))
}

/// What this run says of the entries of the previous lists, sorted by kind then id.
pub(crate) struct Now<'a> {
    /// This period's accepted rows.
    pub dataset: &'a Dataset,
    /// This period's consolidation list.
    pub consolidation: &'a [ConsolidationEntry],
    /// This period's accountability list.
    pub accountability: &'a [AccountabilityEntry],
    /// Rules that could not be evaluated now.
    pub not_evaluated: &'a [NotEvaluated],
    /// The life-cycle findings now (L1 turns `done` into `reopened`, SPEC §17.2).
    pub lifecycle: &'a crate::lists::lifecycle::Lifecycle,
}

/// followup.csv's rows.
pub(crate) fn follow_up(previous: &PreviousLists, now: &Now<'_>) -> Vec<FollowupRow> {
    let accounts: HashMap<&str, &Account> = (now.dataset.accounts.iter())
        .map(|a| (a.account_id.as_str(), a))
        .collect();
    let listed: HashMap<&str, &ConsolidationEntry> = (now.consolidation.iter())
        .map(|e| (e.account_id.as_str(), e))
        .collect();
    let units: HashSet<&str> = now
        .dataset
        .units
        .iter()
        .map(|u| u.unit_id.as_str())
        .collect();
    let entries: HashMap<&str, &AccountabilityEntry> = (now.accountability.iter())
        .map(|e| (e.unit_id.as_str(), e))
        .collect();
    let posting: HashSet<&str> = (now.lifecycle.rows.iter())
        .filter(|r| r.kind == crate::catalogue::RuleId::L1)
        .map(|r| now.dataset.accounts[r.account as usize].account_id.as_str())
        .collect();
    let mut rows: Vec<FollowupRow> = (previous.consolidation.iter())
        .map(|(id, (unit, action))| {
            let now = (
                accounts.get(id.as_str()).copied(),
                listed.get(id.as_str()).copied(),
            );
            let row = consolidation(id, unit, action, now);
            match row.status {
                Status::Done if posting.contains(id.as_str()) => FollowupRow {
                    status: Status::Reopened,
                    detail: format!("{}，但本期仍在发布（见账号生命周期核查）", row.detail),
                    ..row
                },
                _ => row,
            }
        })
        .collect();
    rows.extend(
        previous
            .accountability
            .iter()
            .map(|(unit, (level, rules))| {
                let firing = entries.get(unit.as_str()).map_or(&[][..], |e| &e.rules[..]);
                let present = units.contains(unit.as_str());
                accountability(unit, level, rules, (present, firing), now.not_evaluated)
            }),
    );
    rows.sort_by(|a, b| (a.kind.code(), &a.id).cmp(&(b.kind.code(), &b.id)));
    rows
}

/// done / fixed / pending / gone for an account the previous run listed, given the account in
/// this registry and its entry on this list.
pub(crate) fn consolidation(
    id: &str,
    unit: &str,
    action: &str,
    (account, listed): (Option<&Account>, Option<&ConsolidationEntry>),
) -> FollowupRow {
    let (status, detail) = match (account, listed) {
        (None, _) => (Status::Gone, String::new()),
        (Some(a), _) if a.status != AccountStatus::Active => {
            (Status::Done, format!("已{}", a.status.chinese()))
        }
        (Some(_), Some(e)) => (
            Status::Pending,
            format!("仍列入{}：{}", e.action.chinese(), names(&e.reasons)),
        ),
        (Some(_), None) => (Status::Fixed, String::new()),
    };
    FollowupRow {
        kind: ListKind::Consolidation,
        id: id.to_string(),
        unit_id: account.map_or(unit, |a| a.unit_id.as_str()).to_string(),
        previous: action.to_string(),
        previous_rules: Vec::new(),
        status,
        detail,
    }
}

/// The rules' Chinese names joined by 、 (SPEC §15.2: a free-text column holds no codes).
fn names(rules: &[RuleId]) -> String {
    rules
        .iter()
        .map(|r| r.chinese())
        .collect::<Vec<_>>()
        .join("、")
}

/// resolved / partial / persists / unknown / gone for a unit the previous run listed: partial
/// when some of its previous rules fire and not all; unknown when none fires and one of them
/// cannot be evaluated now.
pub(crate) fn accountability(
    unit: &str,
    level: &str,
    rules: &[RuleId],
    (present, firing): (bool, &[RuleId]),
    not_evaluated: &[NotEvaluated],
) -> FollowupRow {
    let still: Vec<RuleId> = rules
        .iter()
        .copied()
        .filter(|r| firing.contains(r))
        .collect();
    let unknown: Vec<RuleId> = (rules.iter().copied())
        .filter(|r| !evaluable(*r, not_evaluated))
        .collect();
    let status = if !present {
        Status::Gone
    } else if !rules.is_empty() && still.len() == rules.len() {
        Status::Persists
    } else if !still.is_empty() {
        Status::Partial
    } else if !unknown.is_empty() {
        Status::Unknown
    } else {
        Status::Resolved
    };
    let detail = match status {
        Status::Unknown => format!("{}本期无法评估", names(&unknown)),
        Status::Gone => String::new(),
        _ => names(&still),
    };
    FollowupRow {
        kind: ListKind::Accountability,
        id: unit.to_string(),
        unit_id: unit.to_string(),
        previous: level.to_string(),
        previous_rules: rules.to_vec(),
        status,
        detail,
    }
}

/// Whether an R rule can be evaluated now: R7 needs M3 or N2, the others themselves.
fn evaluable(rule: RuleId, not_evaluated: &[NotEvaluated]) -> bool {
    let out = |r: RuleId| not_evaluated.iter().any(|n| n.rule == r);
    match rule {
        RuleId::R7 => !(out(RuleId::M3) && out(RuleId::N2)),
        r => !out(r),
    }
}

/// How many rows of a kind have a status (summary.json, the report, the circular).
pub(crate) fn count(rows: &[FollowupRow], kind: ListKind, status: Status) -> usize {
    rows.iter()
        .filter(|r| r.kind == kind && r.status == status)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(
        rules: &[RuleId],
        present: bool,
        firing: &[RuleId],
        out: &[RuleId],
    ) -> (Status, String) {
        let not_evaluated: Vec<NotEvaluated> = (out.iter())
            .map(|&rule| NotEvaluated {
                rule,
                reason: "test",
            })
            .collect();
        let row = accountability("U1", "interview", rules, (present, firing), &not_evaluated);
        (row.status, row.detail)
    }

    #[test]
    fn accountability_statuses_by_hand() {
        use RuleId::*;
        let previous = [R1, R7];
        assert_eq!(
            status(&previous, true, &[R1, R2, R7], &[]),
            (Status::Persists, "有账号单项否决、备案问题".into())
        );
        assert_eq!(
            status(&previous, true, &[R1, R2], &[]),
            (Status::Partial, "有账号单项否决".into())
        );
        assert_eq!(
            status(&previous, true, &[R2], &[]),
            (Status::Resolved, String::new())
        );
        // R7 needs M3 or N2: unknown only when both are out, and only when nothing else fires.
        assert_eq!(
            status(&previous, true, &[], &[M3]),
            (Status::Resolved, String::new())
        );
        assert_eq!(
            status(&previous, true, &[], &[M3, N2]),
            (Status::Unknown, "备案问题本期无法评估".into())
        );
        assert_eq!(
            status(&previous, true, &[R1], &[M3, N2]),
            (Status::Partial, "有账号单项否决".into())
        );
        assert_eq!(
            status(&previous, false, &[], &[]),
            (Status::Gone, String::new())
        );
    }
}
