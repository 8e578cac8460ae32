//! Scoring (SPEC §4): a cheap, pure function of the metrics and the rubric. It never touches the
//! raw records again: the registry supplies names and ids, the metrics everything counted.

pub(crate) mod account;
mod audit;
pub(crate) mod deadlines;
pub(crate) mod facts;
pub(crate) mod knobs;
pub(crate) mod numbers;
pub(crate) mod rubric;
pub(crate) mod rules;
pub(crate) mod unit;
pub(crate) mod waivers;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::catalogue::RuleId;
use crate::metrics::Window;
use crate::model::{AccountMetrics, Dataset, Platform};
use rubric::Rubric;
use rules::{Grade, Scope};

/// Which optional columns the registry had (files are known from the metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// accounts.csv has `verified` (M1, M2).
    pub verified: bool,
    /// accounts.csv has `verified_name` (M2).
    pub verified_name: bool,
    /// accounts.csv has `interaction_enabled` (X2).
    pub interaction_enabled: bool,
    /// posts has `original` (U2, B3).
    pub original: bool,
    /// posts has `reviewed` (K2).
    pub reviewed: bool,
    /// messages.csv was given (I1, I2, B2).
    pub messages: bool,
    /// violations.csv was given (X3, K1).
    pub violations: bool,
    /// filings.csv was given (M3, N2).
    pub filings: bool,
}

impl Columns {
    /// The flags of the inputs the dataset was read from.
    pub fn of(dataset: &Dataset) -> Columns {
        let accounts = dataset.account_columns;
        Columns {
            verified: accounts.verified,
            verified_name: accounts.verified_name,
            interaction_enabled: accounts.interaction_enabled,
            original: dataset.posts.has_original,
            reviewed: dataset.posts.has_reviewed,
            messages: dataset.messages.is_some(),
            violations: dataset.violations.is_some(),
            filings: dataset.filings.is_some(),
        }
    }
}

/// One row of the audit trail `deductions.csv`: a rule that fired for an account or a unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Account or unit.
    pub scope: Scope,
    /// The account_id or unit_id.
    pub id: String,
    /// The rule.
    pub rule: RuleId,
    /// Points before the item's cap (vetoes: 0; bonus: points added).
    pub points: f64,
    /// What fired, in plain words.
    pub detail: String,
    /// The record ids (or dates) behind it.
    pub evidence: Vec<String>,
    /// The accepted appeals (SPEC §14) that waived it (points 0) or reduced its evidence.
    pub appeals: Vec<String>,
    /// Waived by an appeal: kept in the trail with points 0; the rules that read findings
    /// (R7) pass over it.
    pub waived: bool,
}

/// The score of one assessed account (a row of `account_scores.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct AccountScore {
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// Account key.
    pub account_id: String,
    /// Host unit.
    pub unit_id: String,
    /// Platform.
    pub platform: Platform,
    /// Name as registered.
    pub account_name: String,
    /// Posts in the window.
    pub posts: u64,
    /// Original posts in the window; `None` without the column.
    pub original_posts: Option<u64>,
    /// Days from the last post to as_of; `None` if it never posted.
    pub days_since_update: Option<i64>,
    /// Full blocks of the window without a post.
    pub weeks_without_post: u64,
    /// Full blocks in the window.
    pub blocks: u64,
    /// Calendar months without an original post; `None` without the column.
    pub months_without_original: Option<u64>,
    /// Messages received in the period; `None` without messages.csv.
    pub messages: Option<u64>,
    /// Of them answered later than reply_days.
    pub replied_late: Option<u64>,
    /// Of them unanswered past reply_days.
    pub unreplied_overdue: Option<u64>,
    /// Median hours to a reply (the report's figure).
    pub median_reply_hours: Option<f64>,
    /// Latest follower level.
    pub followers: Option<u64>,
    /// Influence index (传播力指数).
    pub influence: f64,
    /// The capped item deductions: update, interaction, content, management (`None` = not evaluated).
    pub deduction_update: Option<f64>,
    /// See `deduction_update`.
    pub deduction_interaction: Option<f64>,
    /// See `deduction_update`.
    pub deduction_content: Option<f64>,
    /// See `deduction_update`.
    pub deduction_management: Option<f64>,
    /// 100 minus the capped items, at least 0.
    pub deduction_score: f64,
    /// Bonus added.
    pub bonus: f64,
    /// Whether a single veto fired.
    pub vetoed: bool,
    /// Which vetoes fired.
    pub veto_rules: Vec<RuleId>,
    /// Final score.
    pub score: f64,
    /// Grade.
    pub grade: Grade,
}

/// The score of one unit (a row of `unit_scores.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore {
    /// Index into [`Dataset::units`].
    pub unit: u32,
    /// Unit key.
    pub unit_id: String,
    /// Name.
    pub unit_name: String,
    /// Assessed accounts.
    pub accounts: u64,
    /// Of them vetoed.
    pub vetoed_accounts: u64,
    /// Mean score of its assessed accounts.
    pub base_score: Option<f64>,
    /// N1 + N2, capped.
    pub unit_deduction: Option<f64>,
    /// Final score; `None` = unscored (not required to open and no assessed account).
    pub score: Option<f64>,
    /// Grade; `None` when unscored.
    pub grade: Option<Grade>,
    /// Share of its assessed accounts not failed (0–1).
    pub pass_rate: Option<f64>,
    /// 1 + scored units with a strictly higher score.
    pub rank: Option<u32>,
    /// Grade in the previous period, when known.
    pub previous_grade: Option<Grade>,
    /// Periods failed in a row up to this one (SPEC §13); 0 when it does not fail now.
    pub consecutive_fails: u32,
    /// N0 fired: required to open, no assessed account.
    pub missing_required_account: bool,
    /// Its accounts' repost task pairs (SPEC §17.1); `None` without tasks.csv.
    pub tasks: Option<crate::tasks::Counts>,
}

/// A rule that could not be evaluated, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluated {
    /// The rule (`U2`, `R3`…).
    pub rule: RuleId,
    /// The missing input.
    pub reason: &'static str,
}

/// Everything scoring produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Assessed accounts, by account_id.
    pub accounts: Vec<AccountScore>,
    /// Units, by rank then unit_id, unscored last.
    pub units: Vec<UnitScore>,
    /// The audit trail: accounts by id, then units by id; rules in order.
    pub findings: Vec<Finding>,
    /// Rules not evaluated for want of input.
    pub not_evaluated: Vec<NotEvaluated>,
    /// The facts of every assessed account, as `accounts` (what re-scoring starts from).
    pub facts: Vec<facts::AccountFacts>,
    /// The facts of every unit, in registry order; their accounts index `accounts`.
    pub unit_facts: Vec<unit::UnitFacts>,
}

/// What scoring needs besides the rubric.
pub struct Context<'a> {
    /// The accepted records (registry and ids for evidence).
    pub dataset: &'a Dataset,
    /// Metrics of every account, in account order.
    pub metrics: &'a [AccountMetrics],
    /// The period.
    pub window: Window,
    /// Which inputs were given.
    pub columns: Columns,
    /// The rules accepted appeals waived (SPEC §14); [`waivers::NONE`] without appeals.
    pub waivers: &'a waivers::Waivers,
    /// Each account's repost tasks (SPEC §17.1), by account index; `None` without tasks.csv.
    pub tasks: Option<&'a [crate::tasks::AccountTasks]>,
}

/// Scores every assessed account and every unit.
pub fn score(context: &Context<'_>, rubric: &Rubric) -> Scores {
    let (accounts, numbers, facts, mut findings) = score_accounts(context, rubric);
    let (units, unit_facts, unit_findings) =
        unit::score_units(context, rubric, &accounts, &numbers);
    findings.sort_by(|a, b| (a.scope, &a.id, a.rule).cmp(&(b.scope, &b.id, b.rule)));
    let mut unit_findings = unit_findings;
    unit_findings.sort_by(|a, b| (&a.id, a.rule).cmp(&(&b.id, b.rule)));
    findings.extend(unit_findings);
    Scores {
        accounts,
        units,
        findings,
        not_evaluated: not_evaluated(context.columns),
        facts,
        unit_facts,
    }
}

/// The assessed accounts' rows, numbers and facts, by account_id, and their findings.
type Scored = (
    Vec<AccountScore>,
    Vec<account::AccountNumbers>,
    Vec<facts::AccountFacts>,
    Vec<Finding>,
);

/// The scored accounts as rayon unzips them: rows, numbers, facts, each one's findings.
type Unzipped = (
    Vec<AccountScore>,
    (
        Vec<account::AccountNumbers>,
        (Vec<facts::AccountFacts>, Vec<Vec<Finding>>),
    ),
);

/// Scores every assessed account, by account_id, with their findings: facts counted once, the
/// numbers folded from the rules, the findings explained beside them.
fn score_accounts(context: &Context<'_>, rubric: &Rubric) -> Scored {
    let names = facts::usual_names(context);
    let units: std::collections::HashMap<&str, &str> = context
        .dataset
        .units
        .iter()
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let mut all = facts::account_facts(context, rubric, &names);
    // Sorted before scoring, so that each table is made once in its final order (a copy in
    // account order and one by account_id were 0.16 GB more at national scale).
    let id = |f: &facts::AccountFacts| {
        context.dataset.accounts[f.account as usize]
            .account_id
            .as_str()
    };
    all.par_sort_unstable_by(|a, b| id(a).cmp(id(b)));
    // On all cores; collected in order, so the result does not depend on the threads.
    let (accounts, (numbers, (facts, found))): Unzipped = all
        .into_par_iter()
        .map(|f| {
            let account = &context.dataset.accounts[f.account as usize];
            let unit_id = account.unit_id.as_str();
            let records = audit::Records {
                waivers: context.waivers,
                dataset: context.dataset,
                metrics: &context.metrics[f.account as usize],
                account,
                unit_name: units.get(unit_id).copied().unwrap_or(""),
                usual_name: names.get(unit_id).map_or("", |(_, name)| name.as_str()),
                tasks: context.tasks.and_then(|t| t.get(f.account as usize)),
            };
            let numbers = account::score(&f, rubric);
            let findings = audit::findings(&f, &records, rubric, &numbers);
            let score = account_score(&f, &records, rubric, &numbers);
            (score, (numbers, (f, findings)))
        })
        .unzip();
    let findings = found.into_iter().flatten().collect();
    (accounts, numbers, facts, findings)
}

/// A row of `account_scores.csv` from an account's facts and numbers.
fn account_score(
    f: &facts::AccountFacts,
    a: &audit::Records<'_>,
    r: &Rubric,
    n: &account::AccountNumbers,
) -> AccountScore {
    let m = a.metrics;
    let replies = f.replies.as_ref();
    let [update, interaction, content, management] = n.items;
    AccountScore {
        account: f.account,
        account_id: a.account.account_id.clone(),
        unit_id: a.account.unit_id.clone(),
        platform: a.account.platform,
        account_name: a.account.account_name.clone(),
        posts: m.posts,
        original_posts: m.original_posts,
        days_since_update: f.days_since_post,
        weeks_without_post: f.empty_blocks,
        blocks: f.blocks,
        months_without_original: f.months_without_original,
        messages: replies.map(|x| x.count()),
        replied_late: replies.map(|x| x.late(r.interaction.reply_days)),
        unreplied_overdue: replies.map(|x| x.overdue(r.interaction.reply_days)),
        median_reply_hours: replies.and_then(|x| median_hours(&x.seconds)),
        followers: m.followers,
        influence: f.influence,
        deduction_update: update,
        deduction_interaction: interaction,
        deduction_content: content,
        deduction_management: management,
        deduction_score: n.deduction_score,
        bonus: n.bonus,
        vetoed: n.vetoed(),
        veto_rules: n.veto_rules().collect(),
        score: n.score,
        grade: n.grade,
    }
}

/// Median of ascending reply times in hours (even count: mean of the middle two), rounded.
fn median_hours(sorted_seconds: &[i64]) -> Option<f64> {
    let n = sorted_seconds.len();
    if n == 0 {
        return None;
    }
    let middle = if n % 2 == 1 {
        sorted_seconds[n / 2] as f64
    } else {
        (sorted_seconds[n / 2 - 1] + sorted_seconds[n / 2]) as f64 / 2.0
    };
    Some(numbers::round2(middle / 3600.0))
}

fn not_evaluated(c: Columns) -> Vec<NotEvaluated> {
    let mut list = Vec::new();
    let mut add = |missing: bool, rules: &[RuleId], reason: &'static str| {
        if missing {
            list.extend(rules.iter().map(|&rule| NotEvaluated { rule, reason }));
        }
    };
    add(
        !c.interaction_enabled,
        &[RuleId::X2],
        "accounts.csv has no interaction_enabled column",
    );
    add(
        !c.violations,
        &[RuleId::X3, RuleId::K1, RuleId::R4, RuleId::R6],
        "no violations.csv",
    );
    add(
        !c.original,
        &[RuleId::U2, RuleId::B3],
        "posts.csv has no original column",
    );
    add(
        !c.messages,
        &[RuleId::I1, RuleId::I2, RuleId::B2],
        "no messages.csv",
    );
    add(
        !c.reviewed,
        &[RuleId::K2],
        "posts.csv has no reviewed column",
    );
    add(
        !c.verified,
        &[RuleId::M1, RuleId::M2],
        "accounts.csv has no verified column",
    );
    add(
        c.verified && !c.verified_name,
        &[RuleId::M2],
        "accounts.csv has no verified_name column",
    );
    add(!c.filings, &[RuleId::M3, RuleId::N2], "no filings.csv");
    list.sort_by_key(|n| n.rule);
    list
}

/// Days from `earlier` to `later`.
fn days_between(earlier: NaiveDate, later: NaiveDate) -> i64 {
    (later - earlier).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_even_count_is_mean_of_middle_two() {
        assert_eq!(median_hours(&[3600, 7200, 10800, 36000]), Some(2.5));
        assert_eq!(median_hours(&[3600]), Some(1.0));
        assert_eq!(median_hours(&[]), None);
    }
}
