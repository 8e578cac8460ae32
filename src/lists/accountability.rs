//! The interview / accountability list (SPEC §6, Art. 15): each unit once, at the highest level
//! among the rules that fired for it, with every rule and its evidence in plain words.

use std::collections::{BTreeMap, HashMap};

use crate::catalogue::RuleId;
use crate::metrics::Window;
use crate::model::{AccountMetrics, Dataset};
use crate::scoring::rubric::{Level, Rubric};
use crate::scoring::rules::{Grade, Scope};
use crate::scoring::{AccountScore, Finding, UnitScore};

/// One row of `accountability.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountabilityEntry {
    /// Unit key.
    pub unit_id: String,
    /// Unit name.
    pub unit_name: String,
    /// The highest level among its rules.
    pub level: Level,
    /// The rules that fired, in order (`R1`…).
    pub rules: Vec<RuleId>,
    /// One plain sentence per rule, naming the records.
    pub evidence: Vec<String>,
    /// The unit's score (for sorting and the report).
    pub score: Option<f64>,
}

/// What the accountability rules look at.
pub struct Inputs<'a> {
    /// The records (registry, violation ids).
    pub dataset: &'a Dataset,
    /// Metrics of every account (counted violations of all accounts).
    pub metrics: &'a [AccountMetrics],
    /// Assessed account scores.
    pub accounts: &'a [AccountScore],
    /// Unit scores (with previous grades filled in).
    pub units: &'a [UnitScore],
    /// The audit trail (M3, N2).
    pub findings: &'a [Finding],
    /// Whether a previous run was found (else R3 is not evaluated).
    pub has_previous: bool,
    /// The period.
    pub window: Window,
}

/// Builds the accountability list: by level, then score ascending (unscored last), then unit_id.
pub fn accountability(inputs: &Inputs<'_>, rubric: &Rubric) -> Vec<AccountabilityEntry> {
    let level = |rule: &RuleId| rubric.levels.get(rule).copied().unwrap_or(Level::Rectify);
    let mut accounts_of: HashMap<&str, Vec<&AccountScore>> = HashMap::new();
    for a in inputs.accounts {
        accounts_of.entry(a.unit_id.as_str()).or_default().push(a);
    }
    let mut registry_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in inputs.dataset.accounts.iter().enumerate() {
        registry_of.entry(a.unit_id.as_str()).or_default().push(i);
    }
    let unit_of: HashMap<&str, &str> = inputs
        .accounts
        .iter()
        .map(|a| (a.account_id.as_str(), a.unit_id.as_str()))
        .collect();
    let mut m3_of: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut n2_units: HashMap<&str, &Finding> = HashMap::new();
    for f in inputs.findings {
        match (f.scope, f.rule) {
            (Scope::Account, RuleId::M3) => {
                if let Some(unit) = unit_of.get(f.id.as_str()).copied() {
                    m3_of.entry(unit).or_default().push(f.id.as_str());
                }
            }
            (Scope::Unit, RuleId::N2) => {
                n2_units.insert(f.id.as_str(), f);
            }
            _ => {}
        }
    }
    let violation_id = |i: u32| inputs.dataset.violation_id(i);

    // R8: units with assessed accounts, ranked from the bottom.
    let with_accounts: Vec<f64> = inputs
        .units
        .iter()
        .filter(|u| u.accounts > 0)
        .filter_map(|u| u.score)
        .collect();
    let notice_limit =
        (rubric.accountability.notice_share * with_accounts.len() as f64).ceil() as usize;

    let mut entries = Vec::new();
    for unit in inputs.units {
        let id = unit.unit_id.as_str();
        let own = accounts_of.get(id).map_or(&[][..], Vec::as_slice);
        let all = registry_of.get(id).map_or(&[][..], Vec::as_slice);
        let mut fired: Vec<(RuleId, String)> = Vec::new();
        let fails = unit.grade == Some(Grade::Fail);

        // R1: vetoed accounts.
        let vetoed: Vec<String> = own
            .iter()
            .filter(|a| a.vetoed)
            .map(|a| {
                let rules: Vec<&str> = a.veto_rules.iter().map(|r| r.code()).collect();
                let mut text = format!("{} {}", a.account_id, rules.join("+"));
                if a.veto_rules.contains(&RuleId::X3) {
                    let ids = veto_violations(inputs, a.account, rubric, &violation_id);
                    text.push_str(&format!(": {}", ids.join(", ")));
                }
                text
            })
            .collect();
        if !vetoed.is_empty() {
            fired.push((
                RuleId::R1,
                format!("R1: {}个账号单项否决 ({})", vetoed.len(), vetoed.join(", ")),
            ));
        }
        // R2: fails.
        if !own.is_empty() && fails {
            fired.push((
                RuleId::R2,
                format!(
                    "R2: 单位得分{}，不合格 (the unit fails)",
                    unit.score.map_or("-".into(), crate::export::number)
                ),
            ));
        }
        // R3: fails now and failed last period.
        if inputs.has_previous && fails && unit.previous_grade == Some(Grade::Fail) {
            fired.push((
                RuleId::R3,
                "R3: 连续两期不合格 (failed this period and the previous one)".to_string(),
            ));
        }
        // R4 and R6: counted violations on any of its accounts.
        let mut r4 = Vec::new();
        let mut r6 = Vec::new();
        for &i in all {
            for v in inputs.metrics[i].violations.iter().flatten() {
                if rubric.r4_categories.contains(&v.category) {
                    r4.push(format!(
                        "{} {}",
                        violation_id(v.violation),
                        v.category.chinese()
                    ));
                }
                let open_days = (inputs.window.as_of - v.found_on).num_days();
                if v.resolved_on.is_none() && open_days > i64::from(rubric.content.rectify_days) {
                    r6.push(format!(
                        "{} 已{}天未整改",
                        violation_id(v.violation),
                        open_days
                    ));
                }
            }
        }
        if !r4.is_empty() {
            fired.push((
                RuleId::R4,
                format!("R4: 严重问题 (serious violations): {}", r4.join(", ")),
            ));
        }
        if !r6.is_empty() {
            fired.push((
                RuleId::R6,
                format!("R6: 问题逾期未整改 (violations overdue): {}", r6.join(", ")),
            ));
        }
        // R5: required to open, no assessed account.
        if unit.missing_required_account {
            fired.push((
                RuleId::R5,
                "R5: 应开设政务新媒体而无在运营账号 (required to open, no active account)"
                    .to_string(),
            ));
        }
        // R7: M3 on its accounts or N2 for the unit.
        let mut r7 = Vec::new();
        if let Some(ids) = m3_of.get(id) {
            r7.push(format!("M3 无开设备案 {}", ids.join(", ")));
        }
        if let Some(f) = n2_units.get(id) {
            r7.push(format!("N2 关停注销未备案 {}", f.evidence.join(", ")));
        }
        if !r7.is_empty() {
            fired.push((
                RuleId::R7,
                format!(
                    "R7: 备案问题 (filing problems): {}",
                    r7.join("; ").replace(';', ",")
                ),
            ));
        }
        // R8: in the bottom share of units, below the line.
        if let Some(score) = unit.score
            && unit.accounts > 0
            && score < rubric.accountability.notice_below
        {
            let at_or_below = with_accounts.iter().filter(|s| **s <= score).count();
            if at_or_below <= notice_limit {
                fired.push((
                    RuleId::R8,
                    format!(
                        "R8: 得分{}，居{}个单位末{}位内 (in the bottom {notice_limit} of {} units)",
                        crate::export::number(score),
                        with_accounts.len(),
                        notice_limit,
                        with_accounts.len()
                    ),
                ));
            }
        }
        if fired.is_empty() {
            continue;
        }
        fired.sort_by_key(|(rule, _)| *rule);
        let top = fired
            .iter()
            .map(|(rule, _)| level(rule))
            .min()
            .unwrap_or(Level::Rectify);
        entries.push(AccountabilityEntry {
            unit_id: unit.unit_id.clone(),
            unit_name: unit.unit_name.clone(),
            level: top,
            rules: fired.iter().map(|(rule, _)| *rule).collect(),
            evidence: fired
                .into_iter()
                .map(|(_, text)| text.replace(';', ","))
                .collect(),
            score: unit.score,
        });
    }
    entries.sort_by(|a, b| {
        a.level
            .cmp(&b.level)
            .then(match (a.score, b.score) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(a.unit_id.cmp(&b.unit_id))
    });
    entries
}

fn veto_violations(
    inputs: &Inputs<'_>,
    account: u32,
    rubric: &Rubric,
    violation_id: &dyn Fn(u32) -> String,
) -> Vec<String> {
    inputs.metrics[account as usize]
        .violations
        .iter()
        .flatten()
        .filter(|v| rubric.veto_categories.contains(&v.category))
        .map(|v| violation_id(v.violation))
        .collect()
}

/// Grades of the previous run, by unit_id.
pub type PreviousGrades = BTreeMap<String, Grade>;
