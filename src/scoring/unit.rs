//! Unit scores (SPEC §4.6): the mean of its accounts, less N1 (several accounts on one platform)
//! and N2 (unfiled suspensions and closures), N0 for a required unit with no account, the veto
//! cap, pass rate and rank. Facts counted once per unit; one small pure function per rule and a
//! numbers-only fold (`score_unit`, `ranks`); the findings explained beside them.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use super::account::AccountNumbers;
use super::numbers::round2;
use super::rubric::Rubric;
use super::rules::{Grade, Scope};
use super::{AccountScore, Context, Finding, UnitScore};
use crate::catalogue::RuleId;
use crate::model::{AccountStatus, Platform};

/// What the rules of one unit count, independent of the rubric.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitFacts {
    /// Index into [`crate::model::Dataset::units`].
    pub unit: u32,
    /// Its assessed accounts: indices into the account scores, by account_id.
    pub accounts: Vec<u32>,
    /// N1: its assessed accounts beyond the first on each platform (`other` excepted).
    pub extra_accounts: u64,
    /// N2: its suspended or closed accounts without the matching filing (registry indices);
    /// `None` without filings.csv.
    pub unfiled: Option<Vec<u32>>,
    /// N0: required to open (must_open and not exempt).
    pub required: bool,
    /// N1, N2 waived by accepted appeals (SPEC §14).
    pub waived: super::waivers::RuleSet,
}

/// N0 (Art. 4): required to open, and no assessed account.
pub(crate) fn n0(f: &UnitFacts) -> bool {
    f.required && f.accounts.is_empty()
}

/// N1 (Art. 6): points for every extra account on one platform.
pub(crate) fn n1(f: &UnitFacts, r: &Rubric) -> Option<f64> {
    if f.waived.has(RuleId::N1) {
        return None;
    }
    (f.extra_accounts > 0)
        .then(|| round2(r.unit.points_per_extra_account * f.extra_accounts as f64))
}

/// N2 (Art. 5): points for every suspended or closed account without its filing.
pub(crate) fn n2(f: &UnitFacts, r: &Rubric) -> Option<f64> {
    if f.waived.has(RuleId::N2) {
        return None;
    }
    let unfiled = f.unfiled.as_ref().filter(|u| !u.is_empty())?.len();
    Some(round2(r.unit.points_per_unfiled_closure * unfiled as f64))
}

/// N1 + N2, capped.
pub(crate) fn unit_deduction(f: &UnitFacts, r: &Rubric) -> f64 {
    let sum = [n1(f, r), n2(f, r)]
        .into_iter()
        .flatten()
        .fold(0.0, |sum, p| sum + p);
    round2(sum.min(r.unit.deduction_cap))
}

/// The numbers of one unit's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitNumbers {
    /// Assessed accounts.
    pub accounts: u64,
    /// Of them vetoed.
    pub vetoed: u64,
    /// Mean score of its accounts.
    pub base: Option<f64>,
    /// N1 + N2, capped.
    pub deduction: f64,
    /// Score; `None` = unscored.
    pub score: Option<f64>,
    /// Grade; `None` = unscored.
    pub grade: Option<Grade>,
    /// Share of its accounts not failed.
    pub pass_rate: Option<f64>,
    /// N0 fired.
    pub missing: bool,
}

/// What a unit's score takes from its accounts' numbers, added up in account_id order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Tally {
    /// Assessed accounts.
    pub accounts: u64,
    /// Of them vetoed.
    pub vetoed: u64,
    /// Of them not failed.
    pub passed: u64,
    /// The sum of their scores.
    pub sum: f64,
}

impl Tally {
    /// Adds one account.
    pub(crate) fn add(&mut self, a: &AccountNumbers) {
        self.accounts += 1;
        self.vetoed += u64::from(a.vetoed());
        self.passed += u64::from(a.grade != Grade::Fail);
        self.sum += a.score;
    }
}

/// The unit's score from its facts and its accounts' numbers (indexed as `f.accounts`).
pub(crate) fn score_unit(f: &UnitFacts, accounts: &[AccountNumbers], r: &Rubric) -> UnitNumbers {
    let mut tally = Tally::default();
    for i in &f.accounts {
        tally.add(&accounts[*i as usize]);
    }
    fold_unit(f, &tally, r)
}

/// The unit's score from its facts and the tally of its accounts.
pub(crate) fn fold_unit(f: &UnitFacts, t: &Tally, r: &Rubric) -> UnitNumbers {
    let deduction = unit_deduction(f, r);
    let n = t.accounts;
    let mut numbers = UnitNumbers {
        accounts: n,
        vetoed: t.vetoed,
        base: None,
        deduction,
        score: None,
        grade: None,
        pass_rate: None,
        missing: false,
    };
    if n == 0 {
        if n0(f) {
            (numbers.score, numbers.grade, numbers.missing) = (Some(0.0), Some(Grade::Fail), true);
        }
        return numbers;
    }
    let base = round2(t.sum / n as f64);
    let mut score = round2((base - deduction).max(0.0));
    let grade = if t.vetoed > 0 {
        score = score.min(r.veto.score_cap);
        Grade::Fail
    } else {
        Grade::of(score, &r.grades)
    };
    numbers.base = Some(base);
    numbers.score = Some(score);
    numbers.grade = Some(grade);
    numbers.pass_rate = Some(round2(t.passed as f64 / n as f64));
    numbers
}

/// Ranks: 1 + the number of scored units with a strictly higher score.
pub(crate) fn ranks(scores: &[Option<f64>]) -> Vec<Option<u32>> {
    let (mut sorted, mut out) = (Vec::new(), Vec::new());
    ranks_into(scores.iter().copied(), &mut sorted, &mut out);
    out
}

/// [`ranks`] into `out`, with `sorted` as scratch space: no allocation once both are large
/// enough (re-scoring ranks once per draw).
pub(crate) fn ranks_into(
    scores: impl Iterator<Item = Option<f64>> + Clone,
    sorted: &mut Vec<f64>,
    out: &mut Vec<Option<u32>>,
) {
    sorted.clear();
    sorted.extend(scores.clone().flatten());
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    out.clear();
    out.extend(scores.map(|s| s.map(|s| 1 + sorted.partition_point(|x| *x > s) as u32)));
}

/// The facts of every unit, in registry order. `accounts` are the assessed accounts' scores.
pub(crate) fn unit_facts(context: &Context<'_>, accounts: &[AccountScore]) -> Vec<UnitFacts> {
    let mut assessed: HashMap<&str, Vec<u32>> = HashMap::default();
    for (i, a) in accounts.iter().enumerate() {
        assessed
            .entry(a.unit_id.as_str())
            .or_default()
            .push(i as u32);
    }
    let mut registry: HashMap<&str, Vec<u32>> = HashMap::default();
    for (i, a) in context.dataset.accounts.iter().enumerate() {
        registry
            .entry(a.unit_id.as_str())
            .or_default()
            .push(i as u32);
    }
    let unfiled = |i: &&u32| {
        let filings = context.metrics[**i as usize].filings;
        match (context.dataset.accounts[**i as usize].status, filings) {
            (AccountStatus::Suspended, Some(f)) => !f.suspend_or_close,
            (AccountStatus::Closed, Some(f)) => !f.close,
            _ => false,
        }
    };
    let units = context.dataset.units.iter().enumerate();
    units
        .map(|(index, unit)| {
            let mut own = assessed.remove(unit.unit_id.as_str()).unwrap_or_default();
            own.sort_by(|a, b| {
                accounts[*a as usize]
                    .account_id
                    .cmp(&accounts[*b as usize].account_id)
            });
            let mut per_platform: BTreeMap<Platform, u64> = BTreeMap::new();
            for i in &own {
                *per_platform
                    .entry(accounts[*i as usize].platform)
                    .or_default() += 1;
            }
            per_platform.remove(&Platform::Other);
            let extra_accounts = per_platform.values().map(|k| k - 1).sum();
            let registered = registry
                .get(unit.unit_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            UnitFacts {
                unit: index as u32,
                accounts: own,
                extra_accounts,
                unfiled: context
                    .columns
                    .filings
                    .then(|| registered.iter().filter(unfiled).copied().collect()),
                required: unit.must_open && unit.exempt.is_none(),
                waived: context.waivers.unit(index as u32),
            }
        })
        .collect()
}

/// Scores every unit, sorted by rank then unit_id, unscored last; with the unit facts (registry
/// order) and findings.
pub(crate) fn score_units(
    context: &Context<'_>,
    rubric: &Rubric,
    accounts: &[AccountScore],
    numbers: &[AccountNumbers],
) -> (Vec<UnitScore>, Vec<UnitFacts>, Vec<Finding>) {
    let facts = unit_facts(context, accounts);
    let mut units = Vec::with_capacity(facts.len());
    let mut findings = Vec::new();
    for f in &facts {
        let n = score_unit(f, numbers, rubric);
        let unit = &context.dataset.units[f.unit as usize];
        findings.extend(explain(f, context, accounts, rubric));
        units.push(UnitScore {
            unit: f.unit,
            unit_id: unit.unit_id.clone(),
            unit_name: unit.unit_name.clone(),
            accounts: n.accounts,
            vetoed_accounts: n.vetoed,
            base_score: n.base,
            unit_deduction: Some(n.deduction),
            score: n.score,
            grade: n.grade,
            pass_rate: n.pass_rate,
            rank: None,
            previous_grade: None,
            consecutive_fails: 0,
            missing_required_account: n.missing,
            tasks: context.tasks.map(|per| {
                let mut counts = crate::tasks::Counts::default();
                for &i in &f.accounts {
                    let a = accounts[i as usize].account as usize;
                    counts.merge(per.get(a).map(|t| t.counts).unwrap_or_default());
                }
                counts
            }),
        });
    }
    let scores: Vec<Option<f64>> = units.iter().map(|u| u.score).collect();
    for (u, rank) in units.iter_mut().zip(ranks(&scores)) {
        u.rank = rank;
    }
    units.sort_by(|a, b| match (a.rank, b.rank) {
        (Some(x), Some(y)) => (x, &a.unit_id).cmp(&(y, &b.unit_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.unit_id.cmp(&b.unit_id),
    });
    (units, facts, findings)
}

/// The findings of one unit: N1, N2, N0, as the rules above decide them.
fn explain(
    f: &UnitFacts,
    context: &Context<'_>,
    accounts: &[AccountScore],
    r: &Rubric,
) -> Vec<Finding> {
    let unit_id = &context.dataset.units[f.unit as usize].unit_id;
    let finding = |rule, points, detail, evidence| Finding {
        scope: Scope::Unit,
        id: unit_id.clone(),
        rule,
        points,
        detail,
        evidence,
        appeals: Vec::new(),
        waived: false,
    };
    // A waived rule is explained as if it were not, then kept at 0 points with its appeals.
    let open;
    let f = if f.waived.is_empty() {
        f
    } else {
        open = UnitFacts {
            waived: super::waivers::RuleSet::EMPTY,
            ..f.clone()
        };
        &open
    };
    let mut found = Vec::new();
    if let Some(points) = n1(f, r) {
        let (detail, evidence) = explain_n1(f, accounts);
        found.push(finding(RuleId::N1, points, detail, evidence));
    }
    if let (Some(points), Some(unfiled)) = (n2(f, r), &f.unfiled) {
        let n = unfiled.len();
        let detail = format!("{n}个关停或注销账号未备案");
        let ids = unfiled
            .iter()
            .map(|i| context.dataset.accounts[*i as usize].account_id.clone())
            .collect();
        found.push(finding(RuleId::N2, points, detail, ids));
    }
    if n0(f) {
        let detail = "应开设政务新媒体而无在运营账号";
        found.push(finding(RuleId::N0, 0.0, detail.to_string(), vec![]));
    }
    let unit = f.unit;
    for finding in &mut found {
        let appeals = context.waivers.unit_appeals(unit, finding.rule);
        if !appeals.is_empty() {
            finding.points = 0.0;
            finding.waived = true;
            finding.appeals = appeals;
        }
    }
    found
}

/// N1's detail (platforms and counts) and evidence (the accounts on those platforms).
fn explain_n1(f: &UnitFacts, accounts: &[AccountScore]) -> (String, Vec<String>) {
    let mut per_platform: BTreeMap<Platform, Vec<&str>> = BTreeMap::new();
    for a in f.accounts.iter().map(|i| &accounts[*i as usize]) {
        if a.platform != Platform::Other {
            per_platform
                .entry(a.platform)
                .or_default()
                .push(&a.account_id);
        }
    }
    per_platform.retain(|_, ids| ids.len() > 1);
    let detail = per_platform
        .iter()
        .map(|(p, ids)| format!("{}{}个账号", p.chinese(), ids.len()))
        .collect::<Vec<_>>()
        .join("、");
    let evidence = per_platform
        .values()
        .flatten()
        .map(|s| s.to_string())
        .collect();
    (format!("一平台多号：{detail}"), evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        Rubric::default_rubric().unwrap()
    }

    fn account(score: f64, grade: Grade, vetoed: bool) -> AccountNumbers {
        AccountNumbers {
            vetoes: [vetoed, false, false],
            items: [None; 4],
            deduction_score: score,
            bonus: 0.0,
            score,
            grade,
        }
    }

    #[test]
    fn n0_n1_n2_points_and_the_cap_of_20() {
        let r = rubric();
        let f = UnitFacts {
            extra_accounts: 3,
            unfiled: Some(vec![7, 8]),
            ..UnitFacts::default()
        };
        assert_eq!((n1(&f, &r), n2(&f, &r)), (Some(15.0), Some(6.0)));
        assert_eq!(unit_deduction(&f, &r), 20.0); // 21 capped
        assert_eq!(n2(&UnitFacts::default(), &r), None, "no filings.csv");
        let required = UnitFacts {
            required: true,
            ..UnitFacts::default()
        };
        assert!(n0(&required) && !n0(&UnitFacts::default()));
    }

    #[test]
    fn a_unit_scores_the_mean_less_its_deduction_capped_at_59_when_vetoed() {
        let r = rubric();
        let accounts = [
            account(90.0, Grade::Excellent, false),
            account(71.0, Grade::Pass, false),
            account(50.0, Grade::Fail, true),
        ];
        let f = UnitFacts {
            accounts: vec![0, 1],
            extra_accounts: 1,
            ..UnitFacts::default()
        };
        let n = score_unit(&f, &accounts, &r);
        assert_eq!(
            (n.base, n.score, n.grade),
            (Some(80.5), Some(75.5), Some(Grade::Pass))
        );
        assert_eq!(n.pass_rate, Some(1.0));
        let f = UnitFacts {
            accounts: vec![0, 2],
            ..UnitFacts::default()
        };
        let n = score_unit(&f, &accounts, &r);
        assert_eq!(
            (n.score, n.grade, n.pass_rate),
            (Some(59.0), Some(Grade::Fail), Some(0.5))
        );
        let empty = score_unit(&UnitFacts::default(), &accounts, &r);
        assert_eq!((empty.score, empty.grade), (None, None), "unscored");
    }

    #[test]
    fn ranks_count_strictly_higher_scores() {
        assert_eq!(
            ranks(&[Some(80.0), None, Some(90.0), Some(80.0), Some(0.0)]),
            vec![Some(2), None, Some(1), Some(2), Some(4)]
        );
    }
}
