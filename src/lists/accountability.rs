//! The interview / accountability list (SPEC §6, Art. 15): each unit once, at the highest level
//! among the rules that fired for it, with every rule and its evidence in plain words.

pub(crate) use crate::vocab::Verdict;

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use crate::catalogue::RuleId;
use crate::metrics::Window;
use crate::model::{AccountMetrics, Dataset, ViolationCategory};
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
    /// What the robustness analysis (SPEC §9) says of the listing; `None` without it.
    pub verdict: Option<Verdict>,
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

/// What a unit's rules look at that its score does not say, counted once (R4, R6, R7).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFacts {
    /// R4: counted violations of the R4 categories on any of its accounts: (violation, category).
    pub serious: Vec<(u32, ViolationCategory)>,
    /// R6: its unresolved counted violations with the days they have been open, in input order.
    pub open: Vec<(u32, i64)>,
    /// R6 with calendar.csv (SPEC §17.3): the working-day deadline of each of `open` and whether
    /// as_of is past it, which decides alone (no draw moves it); empty without a calendar.
    pub open_deadlines: Vec<(chrono::NaiveDate, bool)>,
    /// R7: its assessed accounts for which M3 fired, by account_id.
    pub m3: Vec<String>,
    /// R7: the accounts N2 found unfiled (empty when N2 did not fire).
    pub n2: Vec<String>,
    /// The same accounts as people name them, 账号名称（平台） (they are not scored, so the
    /// evidence finds them in the registry).
    pub n2_names: Vec<String>,
    /// R3: the unit failed the previous period.
    pub failed_before: bool,
}

/// What a unit's score says, as the list rules read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitResult {
    /// Assessed accounts.
    pub accounts: u64,
    /// Of them vetoed.
    pub vetoed: u64,
    /// Score; `None` = unscored.
    pub score: Option<f64>,
    /// Whether it fails.
    pub fails: bool,
    /// N0 fired.
    pub missing: bool,
}

impl From<&UnitScore> for UnitResult {
    fn from(u: &UnitScore) -> UnitResult {
        UnitResult {
            accounts: u.accounts,
            vetoed: u.vetoed_accounts,
            score: u.score,
            fails: u.grade == Some(Grade::Fail),
            missing: u.missing_required_account,
        }
    }
}

impl From<&crate::scoring::unit::UnitNumbers> for UnitResult {
    fn from(u: &crate::scoring::unit::UnitNumbers) -> UnitResult {
        UnitResult {
            accounts: u.accounts,
            vetoed: u.vetoed,
            score: u.score,
            fails: u.grade == Some(Grade::Fail),
            missing: u.missing,
        }
    }
}

/// The scores R8 compares with: those of the units with assessed accounts, ascending, and how
/// many of the lowest are named (⌈notice_share × n⌉).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bottom {
    /// Scores of the units with assessed accounts, ascending.
    pub scores: Vec<f64>,
    /// ⌈notice_share × n⌉.
    pub limit: usize,
}

impl Bottom {
    /// The bottom of `units`.
    pub(crate) fn of(units: &[UnitResult], r: &Rubric) -> Bottom {
        let mut bottom = Bottom {
            scores: Vec::new(),
            limit: 0,
        };
        bottom.refill(units, r);
        bottom
    }

    /// Becomes the bottom of `units`, re-using its memory (re-scoring does this once per draw).
    pub(crate) fn refill(&mut self, units: &[UnitResult], r: &Rubric) {
        self.scores.clear();
        self.scores.extend(
            (units.iter())
                .filter(|u| u.accounts > 0)
                .filter_map(|u| u.score),
        );
        self.scores.sort_unstable_by(f64::total_cmp);
        self.limit = (r.accountability.notice_share * self.scores.len() as f64).ceil() as usize;
    }
}

/// R1: at least one vetoed account.
pub(crate) fn r1(u: &UnitResult) -> bool {
    u.vetoed > 0
}

/// R2: the unit has assessed accounts and fails.
pub(crate) fn r2(u: &UnitResult) -> bool {
    u.accounts > 0 && u.fails
}

/// R3: fails now and failed the previous period (evaluated only with a previous run).
pub(crate) fn r3(u: &UnitResult, f: &ListFacts) -> bool {
    u.fails && f.failed_before
}

/// R4: a counted violation of the R4 categories.
pub(crate) fn r4(f: &ListFacts) -> bool {
    !f.serious.is_empty()
}

/// R5: required to open with no assessed account (N0).
pub(crate) fn r5(u: &UnitResult) -> bool {
    u.missing
}

/// R6: a counted violation, not resolved, with as_of after its deadline: found_on +
/// rectify_days, or with calendar.csv its working-day deadline (SPEC §17.3).
pub(crate) fn r6(f: &ListFacts, r: &Rubric) -> bool {
    (0..f.open.len()).any(|i| f.overdue(i, r))
}

impl ListFacts {
    /// Whether the `i`-th open violation is past its deadline.
    pub(crate) fn overdue(&self, i: usize, r: &Rubric) -> bool {
        let (_, days) = self.open[i];
        match self.open_deadlines.get(i) {
            Some((_, past)) => *past,
            None => days > i64::from(r.content.rectify_days),
        }
    }
}

/// R7: M3 or N2 fired for the unit.
pub(crate) fn r7(f: &ListFacts) -> bool {
    !f.m3.is_empty() || !f.n2.is_empty()
}

/// R8: assessed accounts, a score below notice_below, and among the ⌈share × n⌉ lowest (a tie
/// that straddles the line keeps all tied units off).
pub(crate) fn r8(u: &UnitResult, bottom: &Bottom, r: &Rubric) -> bool {
    match u.score {
        Some(score) if u.accounts > 0 && score < r.accountability.notice_below => {
            bottom.scores.partition_point(|x| *x <= score) <= bottom.limit
        }
        _ => false,
    }
}

/// The rules that fired for a unit, in rule order.
pub(crate) fn fired(u: &UnitResult, f: &ListFacts, bottom: &Bottom, r: &Rubric) -> [bool; 8] {
    [
        r1(u),
        r2(u),
        r3(u, f),
        r4(f),
        r5(u),
        r6(f, r),
        r7(f),
        r8(u, bottom, r),
    ]
}

/// The R rules, in order (the index of [`fired`]).
pub(crate) const RULES: [RuleId; 8] = [
    RuleId::R1,
    RuleId::R2,
    RuleId::R3,
    RuleId::R4,
    RuleId::R5,
    RuleId::R6,
    RuleId::R7,
    RuleId::R8,
];

/// The unit's level: the highest among the rules that fired; `None` when none did.
pub(crate) fn level(fired: &[bool; 8], r: &Rubric) -> Option<Level> {
    level_from(fired, &levels(r))
}

/// The level of each R rule, in [`RULES`] order (looked up once, for many units).
pub(crate) fn levels(r: &Rubric) -> [Option<Level>; 8] {
    RULES.map(|rule| r.levels.get(&rule).copied())
}

/// The highest level among the rules that fired, from [`levels`].
pub(crate) fn level_from(fired: &[bool; 8], levels: &[Option<Level>; 8]) -> Option<Level> {
    (levels.iter().zip(fired))
        .filter(|(_, fired)| **fired)
        .filter_map(|(level, _)| *level)
        .min()
}

/// The list facts of every unit of `inputs.units`, in that order.
pub fn list_facts(inputs: &Inputs<'_>, r: &Rubric) -> Vec<ListFacts> {
    let deadlines = crate::scoring::deadlines::Deadlines::of(inputs.dataset, r);
    let mut registry_of: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, a) in inputs.dataset.accounts.iter().enumerate() {
        registry_of.entry(a.unit_id.as_str()).or_default().push(i);
    }
    let unit_of: HashMap<&str, &str> = inputs
        .accounts
        .iter()
        .map(|a| (a.account_id.as_str(), a.unit_id.as_str()))
        .collect();
    let mut m3_of: HashMap<&str, Vec<String>> = HashMap::default();
    let mut n2_of: HashMap<&str, &Finding> = HashMap::default();
    for f in inputs.findings.iter().filter(|f| !f.waived) {
        match (f.scope, f.rule) {
            (Scope::Account, RuleId::M3) => {
                if let Some(unit) = unit_of.get(f.id.as_str()).copied() {
                    m3_of.entry(unit).or_default().push(f.id.clone());
                }
            }
            (Scope::Unit, RuleId::N2) => {
                n2_of.insert(f.id.as_str(), f);
            }
            _ => {}
        }
    }
    inputs
        .units
        .iter()
        .map(|unit| {
            let id = unit.unit_id.as_str();
            let registry = registry_of.get(id).map_or(&[][..], Vec::as_slice);
            let n2 = n2_of.get(id).map_or(Vec::new(), |f| f.evidence.clone());
            let n2_names = (n2.iter())
                .map(|account| {
                    (registry.iter().map(|&i| &inputs.dataset.accounts[i]))
                        .find(|a| a.account_id == *account)
                        .map_or_else(|| account.clone(), |a| a.platform.account(&a.account_name))
                })
                .collect();
            let mut facts = ListFacts {
                m3: m3_of.remove(id).unwrap_or_default(),
                n2,
                n2_names,
                failed_before: inputs.has_previous && unit.previous_grade == Some(Grade::Fail),
                ..ListFacts::default()
            };
            for &i in registry_of.get(id).map_or(&[][..], Vec::as_slice) {
                for v in inputs.metrics[i].violations.iter().flatten() {
                    if r.r4_categories.contains(&v.category) {
                        facts.serious.push((v.violation, v.category));
                    }
                    if v.resolved_on.is_none() {
                        let days = (inputs.window.as_of - v.found_on).num_days();
                        facts.open.push((v.violation, days));
                        if deadlines.calendar.is_some() {
                            let due = deadlines.rectify(v.category, v.found_on).on;
                            facts.open_deadlines.push((due, inputs.window.as_of > due));
                        }
                    }
                }
            }
            facts
        })
        .collect()
}

/// Builds the accountability list: by level, then score ascending (unscored last), then unit_id.
pub fn accountability(inputs: &Inputs<'_>, rubric: &Rubric) -> Vec<AccountabilityEntry> {
    let facts = list_facts(inputs, rubric);
    let results: Vec<UnitResult> = inputs.units.iter().map(UnitResult::from).collect();
    let bottom = Bottom::of(&results, rubric);
    let mut accounts_of: HashMap<&str, Vec<&AccountScore>> = HashMap::default();
    for a in inputs.accounts {
        accounts_of.entry(a.unit_id.as_str()).or_default().push(a);
    }
    let mut entries = Vec::new();
    for ((unit, u), f) in inputs.units.iter().zip(&results).zip(&facts) {
        let fired = fired(u, f, &bottom, rubric);
        let Some(level) = level(&fired, rubric) else {
            continue;
        };
        let own = accounts_of
            .get(unit.unit_id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let why = Why {
            inputs,
            rubric,
            unit,
            facts: f,
            own,
            bottom: &bottom,
        };
        entries.push(AccountabilityEntry {
            unit_id: unit.unit_id.clone(),
            unit_name: unit.unit_name.clone(),
            level,
            rules: RULES
                .iter()
                .zip(fired)
                .filter(|(_, x)| *x)
                .map(|(r, _)| *r)
                .collect(),
            evidence: RULES
                .iter()
                .zip(fired)
                .filter(|(_, x)| *x)
                .map(|(rule, _)| why.explain(*rule).replace(';', ","))
                .collect(),
            score: unit.score,
            verdict: None,
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

/// What explaining a unit's list entry reads.
struct Why<'a> {
    inputs: &'a Inputs<'a>,
    rubric: &'a Rubric,
    unit: &'a UnitScore,
    facts: &'a ListFacts,
    own: &'a [&'a AccountScore],
    bottom: &'a Bottom,
}

impl Why<'_> {
    /// The plain sentence of one rule that fired, naming the records.
    fn explain(&self, rule: RuleId) -> String {
        let id = |i: u32| self.inputs.dataset.violation_id(i);
        match rule {
            RuleId::R1 => self.r1(),
            RuleId::R2 => format!(
                "单位得分{}分，不合格",
                self.unit.score.map_or("-".into(), crate::present::number)
            ),
            RuleId::R3 => "本期和上期连续两期不合格".into(),
            RuleId::R4 => {
                let serious = self.facts.serious.iter();
                let items: Vec<String> = serious
                    .map(|(v, category)| format!("{}（问题记录{}）", category.chinese(), id(*v)))
                    .collect();
                format!("存在严重问题：{}", items.join("，"))
            }
            RuleId::R5 => "应开设政务新媒体而无在运营账号".into(),
            RuleId::R6 => self.r6(),
            RuleId::R7 => self.r7(),
            RuleId::R8 => self.r8(),
            // Not a list rule: the list never fires it; named as it is, should one appear.
            other @ (RuleId::X1
            | RuleId::X2
            | RuleId::X3
            | RuleId::U1
            | RuleId::U2
            | RuleId::U3
            | RuleId::I1
            | RuleId::I2
            | RuleId::K1
            | RuleId::K2
            | RuleId::M1
            | RuleId::M2
            | RuleId::M3
            | RuleId::M4
            | RuleId::B1
            | RuleId::B2
            | RuleId::B3
            | RuleId::N0
            | RuleId::N1
            | RuleId::N2
            | RuleId::C1
            | RuleId::C2
            | RuleId::C3
            | RuleId::C4
            | RuleId::L1
            | RuleId::L2
            | RuleId::L3) => other.chinese().to_string(),
        }
    }

    /// R1: the vetoed accounts, their vetoes, and X3's violations.
    fn r1(&self) -> String {
        let vetoed: Vec<String> = (self.own.iter())
            .filter(|a| a.vetoed)
            .map(|a| {
                let days = self.rubric.veto.no_update_days;
                let mut text = format!(
                    "{}{}",
                    a.platform.account(&a.account_name),
                    crate::catalogue::names(&a.veto_rules, days, "、")
                );
                if a.veto_rules.contains(&RuleId::X3) {
                    let ids = veto_violations(self.inputs, a.account, self.rubric);
                    text.push_str(&format!("（问题记录{}）", ids.join("、")));
                }
                text
            })
            .collect();
        format!("{}个账号触发单项否决：{}", vetoed.len(), vetoed.join("；"))
    }

    /// An account of the unit as people name it: 账号名称（平台）; its id when not scored.
    fn account_label(&self, id: &str) -> String {
        (self.own.iter().find(|a| a.account_id == id))
            .map_or_else(|| id.to_string(), |a| a.platform.account(&a.account_name))
    }

    /// R7: the accounts without an open filing and the unfiled closures.
    /// R6: the violations past their deadline; with a calendar, each with its deadline.
    fn r6(&self) -> String {
        let id = |i: u32| self.inputs.dataset.violation_id(i);
        let f = self.facts;
        let overdue = (0..f.open.len()).filter(|i| f.overdue(*i, self.rubric));
        if f.open_deadlines.is_empty() {
            let limit = self.rubric.content.rectify_days;
            let items: Vec<String> = overdue
                .map(|i| format!("问题记录{}已{}天未整改", id(f.open[i].0), f.open[i].1))
                .collect();
            return format!("问题逾期未整改（整改期限{limit}天）：{}", items.join("，"));
        }
        let items: Vec<String> = overdue
            .map(|i| {
                let due = crate::present::chinese_date(f.open_deadlines[i].0);
                format!(
                    "问题记录{}整改期限至{due}，已{}天未整改",
                    id(f.open[i].0),
                    f.open[i].1
                )
            })
            .collect();
        format!(
            "问题逾期未整改（按工作日计算整改期限）：{}",
            items.join("，")
        )
    }

    fn r7(&self) -> String {
        let mut parts = Vec::new();
        if !self.facts.m3.is_empty() {
            let names: Vec<String> = self
                .facts
                .m3
                .iter()
                .map(|id| self.account_label(id))
                .collect();
            parts.push(format!("{}无开设备案", names.join("、")));
        }
        if !self.facts.n2.is_empty() {
            parts.push(format!("{}关停注销未备案", self.facts.n2_names.join("、")));
        }
        parts.join("，")
    }

    /// R8: the score and the bottom it is in.
    fn r8(&self) -> String {
        let n = self.bottom.scores.len();
        let limit = self.bottom.limit;
        format!(
            "得分{}分，在{n}个单位中居末{limit}位以内",
            self.unit.score.map_or("-".into(), crate::present::number),
        )
    }
}

fn veto_violations(inputs: &Inputs<'_>, account: u32, rubric: &Rubric) -> Vec<String> {
    inputs.metrics[account as usize]
        .violations
        .iter()
        .flatten()
        .filter(|v| rubric.veto_categories.contains(&v.category))
        .map(|v| inputs.dataset.violation_id(v.violation))
        .collect()
}

/// Grades of the previous run, by unit_id.
pub(crate) type PreviousGrades = BTreeMap<String, Grade>;

#[cfg(test)]
mod tests {
    use super::*;

    fn rubric() -> Rubric {
        Rubric::default_rubric().unwrap()
    }

    fn unit(accounts: u64, vetoed: u64, score: Option<f64>, fails: bool) -> UnitResult {
        UnitResult {
            accounts,
            vetoed,
            score,
            fails,
            missing: false,
        }
    }

    #[test]
    fn r1_r2_r3_r5_read_the_unit_score() {
        let failing = unit(2, 1, Some(59.0), true);
        let before = ListFacts {
            failed_before: true,
            ..ListFacts::default()
        };
        assert!(r1(&failing) && r2(&failing) && r3(&failing, &before));
        assert!(!r3(&failing, &ListFacts::default()), "did not fail before");
        let n0 = UnitResult {
            missing: true,
            ..unit(0, 0, Some(0.0), true)
        };
        assert!(r5(&n0) && !r2(&n0), "R2 needs assessed accounts");
    }

    #[test]
    fn r4_r6_r7_read_the_list_facts() {
        let r = rubric();
        let f = ListFacts {
            serious: vec![(0, ViolationCategory::StateSecret)],
            open: vec![(1, 31)],
            ..ListFacts::default()
        };
        assert!(r4(&f) && r6(&f, &r) && !r7(&f));
        let thirty = ListFacts {
            open: vec![(1, 30)],
            m3: vec!["A1".into()],
            ..ListFacts::default()
        };
        assert!(!r6(&thirty, &r), "30 days is not more than 30");
        assert!(r7(&thirty));
    }

    #[test]
    fn r8_names_the_lowest_tenth_below_80_and_keeps_a_straddling_tie_off() {
        let r = rubric();
        // 20 units with accounts: ⌈0.1 × 20⌉ = 2 may be named.
        let mut units: Vec<UnitResult> = (0..18)
            .map(|i| unit(1, 0, Some(85.0 + i as f64), false))
            .collect();
        units.push(unit(1, 0, Some(60.0), false));
        units.push(unit(1, 0, Some(70.0), false));
        let bottom = Bottom::of(&units, &r);
        assert_eq!(bottom.limit, 2);
        assert!(r8(&units[18], &bottom, &r) && r8(&units[19], &bottom, &r));
        assert!(!r8(&units[0], &bottom, &r), "85 is not below 80");
        // A tie at the line: three units at 60 with room for two.
        units[19] = unit(1, 0, Some(60.0), false);
        units[0] = unit(1, 0, Some(60.0), false);
        let bottom = Bottom::of(&units, &r);
        assert!(!r8(&units[18], &bottom, &r));
    }

    #[test]
    fn the_level_is_the_highest_among_the_rules_that_fired() {
        let r = rubric();
        let mut fired = [false; 8];
        assert_eq!(level(&fired, &r), None);
        fired[6] = true; // R7: rectify
        assert_eq!(level(&fired, &r), Some(Level::Rectify));
        fired[0] = true; // R1: interview
        assert_eq!(level(&fired, &r), Some(Level::Interview));
        fired[3] = true; // R4: accountability
        assert_eq!(level(&fired, &r), Some(Level::Accountability));
    }
}
