//! Unit scores (SPEC §4.6): the mean of its accounts, less N1 (several accounts on one platform)
//! and N2 (unfiled suspensions and closures), N0 for a required unit with no account, the veto
//! cap, pass rate and rank.

use std::collections::{BTreeMap, HashMap};

use super::numbers::{mean2, round2};
use super::rubric::Rubric;
use super::rules::{Grade, Scope};
use super::{AccountScore, Context, Finding, UnitScore};
use crate::catalogue::RuleId;
use crate::model::{AccountStatus, Platform};

/// Scores every unit, sorted by rank then unit_id, unscored last; with the unit findings.
pub fn score_units(
    context: &Context<'_>,
    rubric: &Rubric,
    accounts: &[AccountScore],
) -> (Vec<UnitScore>, Vec<Finding>) {
    let mut scored_by_unit: HashMap<&str, Vec<&AccountScore>> = HashMap::new();
    for a in accounts {
        scored_by_unit
            .entry(a.unit_id.as_str())
            .or_default()
            .push(a);
    }
    let mut registry_by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in context.dataset.accounts.iter().enumerate() {
        registry_by_unit
            .entry(a.unit_id.as_str())
            .or_default()
            .push(i);
    }

    let mut units = Vec::with_capacity(context.dataset.units.len());
    let mut findings = Vec::new();
    for (index, unit) in context.dataset.units.iter().enumerate() {
        let mut own: Vec<&AccountScore> = scored_by_unit
            .remove(unit.unit_id.as_str())
            .unwrap_or_default();
        own.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        let mut add = |rule: RuleId, points: f64, detail: String, evidence: Vec<String>| {
            findings.push(Finding {
                scope: Scope::Unit,
                id: unit.unit_id.clone(),
                rule,
                points: round2(points),
                detail,
                evidence,
            });
            round2(points)
        };

        // N1: k > 1 assessed accounts on one platform (`other` excepted).
        let mut per_platform: BTreeMap<Platform, Vec<&str>> = BTreeMap::new();
        for a in own.iter().filter(|a| a.platform != Platform::Other) {
            per_platform
                .entry(a.platform)
                .or_default()
                .push(&a.account_id);
        }
        let mut deduction = 0.0;
        let extra: Vec<(Platform, Vec<&str>)> = per_platform
            .into_iter()
            .filter(|(_, ids)| ids.len() > 1)
            .collect();
        if !extra.is_empty() {
            let extra_accounts: usize = extra.iter().map(|(_, ids)| ids.len() - 1).sum();
            let detail = extra
                .iter()
                .map(|(p, ids)| format!("{}{}个账号", p.chinese(), ids.len()))
                .collect::<Vec<_>>()
                .join("、");
            let evidence = extra
                .iter()
                .flat_map(|(_, ids)| ids.iter().map(|s| s.to_string()))
                .collect();
            deduction += add(
                RuleId::N1,
                rubric.unit.points_per_extra_account * extra_accounts as f64,
                format!("一平台多号 (several accounts on one platform): {detail}"),
                evidence,
            );
        }

        // N2: suspended or closed accounts without the matching filing by as_of.
        let unfiled: Vec<String> = registry_by_unit
            .get(unit.unit_id.as_str())
            .into_iter()
            .flatten()
            .filter(|i| {
                let facts = context.metrics[**i].filings;
                match (context.dataset.accounts[**i].status, facts) {
                    (AccountStatus::Suspended, Some(f)) => !f.suspend_or_close,
                    (AccountStatus::Closed, Some(f)) => !f.close,
                    _ => false,
                }
            })
            .map(|i| context.dataset.accounts[*i].account_id.clone())
            .collect();
        if !unfiled.is_empty() {
            let detail = format!(
                "{}个关停或注销账号未备案 ({} suspended or closed accounts not filed)",
                unfiled.len(),
                unfiled.len()
            );
            deduction += add(
                RuleId::N2,
                rubric.unit.points_per_unfiled_closure * unfiled.len() as f64,
                detail,
                unfiled,
            );
        }
        let unit_deduction = round2(deduction.min(rubric.unit.deduction_cap));

        let vetoed_accounts = own.iter().filter(|a| a.vetoed).count() as u64;
        let scores: Vec<f64> = own.iter().map(|a| a.score).collect();
        let base_score = mean2(&scores);
        let (score, grade, pass_rate, missing) = match base_score {
            Some(base) => {
                let mut score = round2((base - unit_deduction).max(0.0));
                let grade = if vetoed_accounts > 0 {
                    score = score.min(rubric.veto.score_cap);
                    Grade::Fail
                } else {
                    Grade::of(score, &rubric.grades)
                };
                let passed = own.iter().filter(|a| a.grade != Grade::Fail).count();
                (
                    Some(score),
                    Some(grade),
                    Some(round2(passed as f64 / own.len() as f64)),
                    false,
                )
            }
            None if unit.must_open && unit.exempt.is_none() => {
                add(
                    RuleId::N0,
                    0.0,
                    "应开设政务新媒体而无在运营账号 (required to open, no active account)".into(),
                    vec![],
                );
                (Some(0.0), Some(Grade::Fail), None, true)
            }
            None => (None, None, None, false),
        };
        units.push(UnitScore {
            unit: index as u32,
            unit_id: unit.unit_id.clone(),
            unit_name: unit.unit_name.clone(),
            accounts: own.len() as u64,
            vetoed_accounts,
            base_score,
            unit_deduction: Some(unit_deduction),
            score,
            grade,
            pass_rate,
            rank: None,
            previous_grade: None,
            missing_required_account: missing,
        });
    }

    // Rank: 1 + scored units with a strictly higher score.
    let mut scored: Vec<f64> = units.iter().filter_map(|u| u.score).collect();
    scored.sort_by(|a, b| b.total_cmp(a));
    for u in &mut units {
        if let Some(s) = u.score {
            u.rank = Some(1 + scored.partition_point(|x| *x > s) as u32);
        }
    }
    units.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => (x, &a.unit_id).cmp(&(y, &b.unit_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.unit_id.cmp(&b.unit_id),
    });
    (units, findings)
}
