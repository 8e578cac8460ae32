//! Account scores (SPEC §4.1–§4.5): single vetoes, the four capped deduction items, the bonus,
//! the score and the grade, with one finding per rule that fired.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Months, NaiveDate, TimeDelta};

use super::numbers::{normalise, round2};
use super::rubric::Rubric;
use super::rules::{Grade, Scope};
use super::{AccountScore, Context, Finding, days_between};
use crate::catalogue::RuleId;
use crate::model::{Account, AccountMetrics, Platform};

/// What the rules of one account found: points per rule (before caps) and the findings.
struct Fired {
    findings: Vec<Finding>,
}

impl Fired {
    fn add(
        &mut self,
        id: &str,
        rule: RuleId,
        points: f64,
        detail: String,
        evidence: Vec<String>,
    ) -> f64 {
        self.findings.push(Finding {
            scope: Scope::Account,
            id: id.to_string(),
            rule,
            points: round2(points),
            detail,
            evidence,
        });
        round2(points)
    }
}

/// Per unit: how many platforms its assessed accounts are on, and their most common normalised
/// name (ties: the smallest in code-point order) — for M4.
fn usual_names<'a>(context: &Context<'a>) -> HashMap<&'a str, (usize, String)> {
    let mut by_unit: HashMap<&str, (Vec<Platform>, BTreeMap<String, usize>)> = HashMap::new();
    for m in context.metrics.iter().filter(|m| m.assessed) {
        let a = &context.dataset.accounts[m.account as usize];
        let entry = by_unit.entry(a.unit_id.as_str()).or_default();
        if !entry.0.contains(&a.platform) {
            entry.0.push(a.platform);
        }
        *entry.1.entry(normalise(&a.account_name)).or_default() += 1;
    }
    by_unit
        .into_iter()
        .map(|(unit, (platforms, names))| {
            // BTreeMap iterates names in code-point order: the first of the highest count wins.
            let most = names.values().copied().max().unwrap_or(0);
            let usual = names
                .into_iter()
                .find(|(_, n)| *n == most)
                .map(|(name, _)| name)
                .unwrap_or_default();
            (unit, (platforms.len(), usual))
        })
        .collect()
}

/// The influence index (传播力指数), rounded.
fn influence(m: &AccountMetrics, rubric: &Rubric) -> f64 {
    let w = &rubric.influence;
    let ln1 = |x: u64| (x as f64 + 1.0).ln();
    let engagement = w.reads * ln1(m.reads)
        + w.likes * ln1(m.likes)
        + w.shares * ln1(m.shares)
        + w.comments * ln1(m.comments);
    round2(
        w.scale
            * (w.posts * ln1(m.posts)
                + w.engagement * engagement
                + w.followers * ln1(m.followers.unwrap_or(0))),
    )
}

/// Scores every assessed account, in account order, with their findings.
pub fn score_accounts(context: &Context<'_>, rubric: &Rubric) -> (Vec<AccountScore>, Vec<Finding>) {
    let assessed: Vec<&AccountMetrics> = context.metrics.iter().filter(|m| m.assessed).collect();
    let influences: Vec<f64> = assessed.iter().map(|m| influence(m, rubric)).collect();
    let mut by_platform: HashMap<Platform, Vec<f64>> = HashMap::new();
    for (m, i) in assessed.iter().zip(&influences) {
        by_platform
            .entry(context.dataset.accounts[m.account as usize].platform)
            .or_default()
            .push(*i);
    }
    for list in by_platform.values_mut() {
        list.sort_by(f64::total_cmp);
    }
    let names = usual_names(context);
    let units: HashMap<&str, &crate::model::Unit> = context
        .dataset
        .units
        .iter()
        .map(|u| (u.unit_id.as_str(), u))
        .collect();

    let mut scores = Vec::with_capacity(assessed.len());
    let mut findings = Vec::new();
    for (m, influence) in assessed.into_iter().zip(influences) {
        let account = &context.dataset.accounts[m.account as usize];
        let mut fired = Fired {
            findings: Vec::new(),
        };
        let peers = by_platform
            .get(&account.platform)
            .map_or(&[][..], Vec::as_slice);
        let unit_name = units
            .get(account.unit_id.as_str())
            .map_or("", |u| u.unit_name.as_str());
        let usual = names.get(account.unit_id.as_str());
        let score = score_account(
            context, rubric, m, account, influence, peers, unit_name, usual, &mut fired,
        );
        scores.push(score);
        findings.extend(fired.findings);
    }
    (scores, findings)
}

#[allow(clippy::too_many_arguments)]
fn score_account(
    context: &Context<'_>,
    rubric: &Rubric,
    m: &AccountMetrics,
    account: &Account,
    influence: f64,
    platform_influences: &[f64],
    unit_name: &str,
    usual_name: Option<&(usize, String)>,
    fired: &mut Fired,
) -> AccountScore {
    let id = account.account_id.as_str();
    let as_of = context.window.as_of;
    let columns = context.columns;
    let window_days = days_between(m.window_start, as_of) + 1;
    let block_days = i64::from(rubric.update.block_days);
    let blocks = (window_days / block_days).max(0) as u64;

    // SPEC §3 counts.
    let empty_blocks: Vec<NaiveDate> = (0..blocks)
        .filter(|b| {
            let from = (*b as i64 * block_days) as usize;
            !m.post_days.any_in(from, from + block_days as usize)
        })
        .map(|b| m.window_start + TimeDelta::days(b as i64 * block_days))
        .collect();
    let months_without_original: Option<Vec<NaiveDate>> = m.original_days.as_ref().map(|days| {
        months_in(m.window_start, as_of)
            .into_iter()
            .filter(|(first, last)| {
                let from = days_between(m.window_start, *first) as usize;
                let to = days_between(m.window_start, *last) as usize + 1;
                !days.any_in(from, to)
            })
            .map(|(first, _)| first)
            .collect()
    });
    let last_post = m.last_post_at.map(|t| t.date());
    let days_since_update = last_post.map(|d| days_between(d, as_of));
    let reply_limit = i64::from(rubric.interaction.reply_days) * 86_400;
    let message_id = |i: u32| context.dataset.message_id(i);
    let late: Option<Vec<String>> = m.messages.as_ref().map(|ms| {
        ms.iter()
            .filter(|x| x.reply_seconds.is_some_and(|s| s > reply_limit))
            .map(|x| message_id(x.message))
            .collect()
    });
    let overdue: Option<Vec<String>> = m.messages.as_ref().map(|ms| {
        ms.iter()
            .filter(|x| {
                x.reply_seconds.is_none()
                    && days_between(x.received_on, as_of) > i64::from(rubric.interaction.reply_days)
            })
            .map(|x| message_id(x.message))
            .collect()
    });
    let violation_id = |i: u32| context.dataset.violation_id(i);

    // 4.1 Single vetoes.
    let mut veto_rules = Vec::new();
    let x1_from = as_of
        .checked_sub_signed(TimeDelta::days(i64::from(rubric.veto.no_update_days) - 1))
        .unwrap_or(NaiveDate::MIN);
    let x1_applies = account.opened_on.is_none_or(|o| o <= x1_from);
    if x1_applies && last_post.is_none_or(|d| d < x1_from) {
        let detail = match last_post {
            Some(d) => format!(
                "监测日前{}天内无更新，最近一次发布于 {d} (no post since {d})",
                rubric.veto.no_update_days
            ),
            None => "从未发布 (never posted)".to_string(),
        };
        fired.add(
            id,
            RuleId::X1,
            0.0,
            detail,
            last_post.map(|d| d.to_string()).into_iter().collect(),
        );
        veto_rules.push(RuleId::X1);
    }
    if columns.interaction_enabled && !account.interaction_enabled {
        fired.add(
            id,
            RuleId::X2,
            0.0,
            "未提供有效互动功能 (no working interaction function)".into(),
            vec![],
        );
        veto_rules.push(RuleId::X2);
    }
    if let Some(violations) = &m.violations {
        let vetoes: Vec<_> = violations
            .iter()
            .filter(|v| rubric.veto_categories.contains(&v.category))
            .collect();
        if !vetoes.is_empty() {
            let kinds: Vec<&str> = vetoes.iter().map(|v| v.category.chinese()).collect();
            let detail = format!("单项否决问题 (veto violations): {}", kinds.join("、"));
            fired.add(
                id,
                RuleId::X3,
                0.0,
                detail,
                vetoes.iter().map(|v| violation_id(v.violation)).collect(),
            );
            veto_rules.push(RuleId::X3);
        }
    }
    let vetoed = !veto_rules.is_empty();

    // 4.2 Update.
    let mut update = 0.0;
    if !empty_blocks.is_empty() {
        let points = rubric.update.points_per_week_without_post * empty_blocks.len() as f64;
        let detail = format!(
            "{}个整周中{}周无更新 ({} of {} weeks without a post)",
            blocks,
            empty_blocks.len(),
            empty_blocks.len(),
            blocks
        );
        update += fired.add(
            id,
            RuleId::U1,
            points,
            detail,
            empty_blocks.iter().map(|d| d.to_string()).collect(),
        );
    }
    if let Some(months) = months_without_original.as_ref().filter(|ms| !ms.is_empty()) {
        let points = rubric.update.points_per_month_without_original * months.len() as f64;
        let detail = format!(
            "{}个月无原创发布 ({} months without an original post)",
            months.len(),
            months.len()
        );
        update += fired.add(
            id,
            RuleId::U2,
            points,
            detail,
            months
                .iter()
                .map(|d| d.format("%Y-%m").to_string())
                .collect(),
        );
    }
    let deduction_update = Some(round2(update.min(rubric.update.cap)));

    // Interaction.
    let deduction_interaction = match (&late, &overdue) {
        (Some(late), Some(overdue)) => {
            let mut points = 0.0;
            let days = rubric.interaction.reply_days;
            if !late.is_empty() {
                let detail = format!(
                    "{}条留言超过{days}天才回复 ({} replies later than {days} days)",
                    late.len(),
                    late.len()
                );
                points += fired.add(
                    id,
                    RuleId::I1,
                    rubric.interaction.points_per_late_reply * late.len() as f64,
                    detail,
                    late.clone(),
                );
            }
            if !overdue.is_empty() {
                let detail = format!(
                    "{}条留言超过{days}天未回复 ({} messages unanswered after {days} days)",
                    overdue.len(),
                    overdue.len()
                );
                points += fired.add(
                    id,
                    RuleId::I2,
                    rubric.interaction.points_per_unreplied_overdue * overdue.len() as f64,
                    detail,
                    overdue.clone(),
                );
            }
            Some(round2(points.min(rubric.interaction.cap)))
        }
        _ => None,
    };

    // Content.
    let mut content: Option<f64> = None;
    if let Some(violations) = &m.violations {
        let mut points = 0.0;
        let mut parts = Vec::new();
        let mut evidence = Vec::new();
        for v in violations
            .iter()
            .filter(|v| !rubric.veto_categories.contains(&v.category))
        {
            let base = rubric
                .category_points
                .get(&v.category)
                .copied()
                .unwrap_or(0.0);
            let took = days_between(v.found_on, v.resolved_on.unwrap_or(as_of));
            let overdue = took > i64::from(rubric.content.rectify_days);
            let value = if overdue {
                base * rubric.content.overdue_multiplier
            } else {
                base
            };
            points += value;
            parts.push(if overdue {
                format!(
                    "{} {}×{}(逾期 overdue)",
                    v.category.chinese(),
                    base,
                    rubric.content.overdue_multiplier
                )
            } else {
                format!("{} {}", v.category.chinese(), base)
            });
            evidence.push(violation_id(v.violation));
        }
        if !evidence.is_empty() {
            let detail = format!(
                "{}项问题 ({} violations): {}",
                evidence.len(),
                evidence.len(),
                parts.join("; ")
            );
            points = fired.add(id, RuleId::K1, points, detail, evidence);
        }
        content = Some(points);
    }
    if let Some(unreviewed) = &m.unreviewed_posts {
        let mut points = 0.0;
        if !unreviewed.is_empty() {
            let detail = format!(
                "{}条发布无审核记录 ({} posts without a review record)",
                unreviewed.len(),
                unreviewed.len()
            );
            let ids = unreviewed
                .iter()
                .map(|r| context.dataset.posts.post_id[*r as usize].clone())
                .collect();
            points = fired.add(
                id,
                RuleId::K2,
                rubric.content.points_per_unreviewed_post * unreviewed.len() as f64,
                detail,
                ids,
            );
        }
        content = Some(content.unwrap_or(0.0) + points);
    }
    let deduction_content = content.map(|c| round2(c.min(rubric.content.cap)));

    // Management.
    let mut management = 0.0;
    if columns.verified && account.verified == Some(false) {
        management += fired.add(
            id,
            RuleId::M1,
            rubric.management.unverified,
            "账号未认证 (not verified on its platform)".into(),
            vec![],
        );
    }
    if columns.verified
        && columns.verified_name
        && account.verified == Some(true)
        && let Some(name) = &account.verified_name
        && !normalise(name).contains(&normalise(unit_name))
    {
        let detail = format!(
            "认证主体「{name}」未标明主办单位「{unit_name}」 (the verification does not name the unit)"
        );
        management += fired.add(
            id,
            RuleId::M2,
            rubric.management.verification_names_other_entity,
            detail,
            vec![name.clone()],
        );
    }
    if let Some(filings) = m.filings
        && !filings.open
    {
        let detail = format!("监测日前无开设备案 (no open filing on or before {as_of})");
        management += fired.add(
            id,
            RuleId::M3,
            rubric.management.no_open_filing,
            detail,
            vec![],
        );
    }
    if let Some((platforms, usual)) = usual_name
        && *platforms >= 2
        && normalise(&account.account_name) != *usual
    {
        let detail = format!(
            "账号名称「{}」与本单位其他平台名称「{usual}」不一致 (name differs from the unit's usual name)",
            account.account_name
        );
        management += fired.add(
            id,
            RuleId::M4,
            rubric.management.name_differs_across_platforms,
            detail,
            vec![account.account_name.clone()],
        );
    }
    let deduction_management = Some(round2(management.min(rubric.management.cap)));

    let deductions: f64 = [
        deduction_update,
        deduction_interaction,
        deduction_content,
        deduction_management,
    ]
    .iter()
    .flatten()
    .sum();
    let deduction_score = round2((100.0 - deductions).max(0.0));

    // 4.4 Bonus.
    let mut bonus = 0.0;
    if !vetoed && deduction_score > rubric.bonus.above_deduction_score {
        let n = platform_influences.len();
        let higher = n - platform_influences.partition_point(|x| *x <= influence);
        if (higher as f64) < rubric.bonus.b1_top_share * n as f64 {
            let detail = format!(
                "传播力 {influence} 居{}前列（{n}个账号中{higher}个更高） (top of its platform: {higher} of {n} higher)",
                account.platform.chinese()
            );
            bonus += fired.add(id, RuleId::B1, rubric.bonus.b1_points, detail, vec![]);
        }
        if let Some(messages) = &m.messages
            && messages.len() as u64 >= u64::from(rubric.bonus.b2_min_messages)
            && messages
                .iter()
                .all(|x| x.reply_seconds.is_some_and(|s| s <= reply_limit))
        {
            let detail = format!(
                "{}条留言均在{}天内回复 (every one of {} messages answered in time)",
                messages.len(),
                rubric.interaction.reply_days,
                messages.len()
            );
            bonus += fired.add(id, RuleId::B2, rubric.bonus.b2_points, detail, vec![]);
        }
        if let Some(original) = m.original_posts
            && m.posts >= blocks.max(1)
            && original as f64 >= rubric.bonus.b3_original_share * m.posts as f64
        {
            let detail = format!(
                "{}条发布，其中原创{original}条 ({} posts, {original} original)",
                m.posts, m.posts
            );
            bonus += fired.add(id, RuleId::B3, rubric.bonus.b3_points, detail, vec![]);
        }
        bonus = round2(bonus.min(rubric.bonus.max));
    }

    // 4.5 Score and grade.
    let (score, grade) = if vetoed {
        bonus = 0.0;
        (
            round2(deduction_score.min(rubric.veto.score_cap)),
            Grade::Fail,
        )
    } else {
        let score = round2(deduction_score + bonus);
        (score, Grade::of(score, &rubric.grades))
    };

    AccountScore {
        account: m.account,
        account_id: account.account_id.clone(),
        unit_id: account.unit_id.clone(),
        platform: account.platform,
        account_name: account.account_name.clone(),
        posts: m.posts,
        original_posts: m.original_posts,
        days_since_update,
        weeks_without_post: empty_blocks.len() as u64,
        blocks,
        months_without_original: months_without_original.map(|ms| ms.len() as u64),
        messages: m.messages.as_ref().map(|ms| ms.len() as u64),
        replied_late: late.map(|l| l.len() as u64),
        unreplied_overdue: overdue.map(|o| o.len() as u64),
        median_reply_hours: m
            .messages
            .as_ref()
            .and_then(|ms| median_hours(ms.iter().filter_map(|x| x.reply_seconds))),
        followers: m.followers,
        influence,
        deduction_update,
        deduction_interaction,
        deduction_content,
        deduction_management,
        deduction_score,
        bonus,
        vetoed,
        veto_rules,
        score,
        grade,
    }
}

/// Calendar months whose first day is in `[window_start, as_of]` and whose last day is on or
/// before as_of: (first day, last day).
fn months_in(window_start: NaiveDate, as_of: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut months = Vec::new();
    let Some(mut first) = NaiveDate::from_ymd_opt(window_start.year(), window_start.month(), 1)
    else {
        return months;
    };
    if first < window_start {
        first = match first.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => return months,
        };
    }
    while let Some(next) = first.checked_add_months(Months::new(1)) {
        let Some(last) = next.pred_opt() else {
            break;
        };
        if last > as_of {
            break;
        }
        months.push((first, last));
        first = next;
    }
    months
}

/// Median of reply times in hours (even count: mean of the middle two), rounded.
fn median_hours(seconds: impl Iterator<Item = i64>) -> Option<f64> {
    let mut values: Vec<i64> = seconds.collect();
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let middle = if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    };
    Some(round2(middle / 3600.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn u2_months_are_whole_months_inside_the_window() {
        assert_eq!(months_in(day(2026, 7, 1), day(2026, 9, 30)).len(), 3);
        assert_eq!(months_in(day(2026, 7, 2), day(2026, 9, 30)).len(), 2);
        assert_eq!(months_in(day(2026, 7, 1), day(2026, 9, 29)).len(), 2);
        assert_eq!(months_in(day(2026, 8, 15), day(2026, 9, 10)).len(), 0);
    }

    #[test]
    fn median_of_even_count_is_mean_of_middle_two() {
        assert_eq!(
            median_hours([3600, 7200, 10800, 36000].into_iter()),
            Some(2.5)
        );
        assert_eq!(median_hours([3600].into_iter()), Some(1.0));
        assert_eq!(median_hours(std::iter::empty()), None);
    }
}
