//! The audit trail of an account (`deductions.csv`): for each rule that fired, its points, what
//! it found in plain words and the records behind it. One function per rule, named after it,
//! beside the numeric rule in `account.rs` that decides whether it fired and for how much.

use super::Finding;
use super::account::{self as rules, AccountNumbers};
use super::facts::{self, AccountFacts};
use super::rubric::Rubric;
use super::rules::Scope;
use crate::catalogue::RuleId;
use crate::model::{Account, AccountMetrics, Dataset};
use crate::present::number;

/// What explaining an account's findings reads besides its facts and the rubric.
pub(super) struct Records<'a> {
    /// The rules appeals waived (their findings kept at 0 points, with the appeal's id).
    pub waivers: &'a super::waivers::Waivers,
    /// The accepted records (ids for evidence).
    pub dataset: &'a Dataset,
    /// The account's metrics (the records behind its counts).
    pub metrics: &'a AccountMetrics,
    /// The account.
    pub account: &'a Account,
    /// Its unit's name (M2).
    pub unit_name: &'a str,
    /// Its unit's usual normalised account name (M4).
    pub usual_name: &'a str,
    /// Its repost tasks (U3); `None` without tasks.csv.
    pub tasks: Option<&'a crate::tasks::AccountTasks>,
}

fn finding(a: &Records<'_>, rule: RuleId, points: f64, detail: String, ev: Vec<String>) -> Finding {
    Finding {
        scope: Scope::Account,
        id: a.account.account_id.clone(),
        rule,
        points,
        detail,
        evidence: ev,
        appeals: Vec::new(),
        waived: false,
    }
}

/// How a rule's finding is explained.
type Explain = fn(&AccountFacts, &Records<'_>, &Rubric) -> Option<Finding>;

/// The account rules in order; the bonus rules (B1–B3) last.
const RULES: [Explain; 17] = [
    x1, x2, x3, u1, u2, u3, i1, i2, k1, k2, m1, m2, m3, m4, b1, b2, b3,
];

/// Every finding of an account, in rule order.
/// A waived rule is explained as if it were not waived, then kept at 0 points with the appeal.
pub(super) fn findings(
    f: &AccountFacts,
    a: &Records<'_>,
    r: &Rubric,
    n: &AccountNumbers,
) -> Vec<Finding> {
    let bonus_gate = !n.vetoed() && n.deduction_score > r.bonus.above_deduction_score;
    let rules = if bonus_gate {
        &RULES[..]
    } else {
        &RULES[..RULES.len() - 3]
    };
    let open;
    let f = if f.waived.is_empty() {
        f
    } else {
        open = AccountFacts {
            waived: super::waivers::RuleSet::EMPTY,
            ..f.clone()
        };
        &open
    };
    let waived = a.waivers.account(f.account);
    rules
        .iter()
        .filter_map(|explain| explain(f, a, r))
        .map(|mut finding| {
            if waived.has(finding.rule) {
                finding.points = 0.0;
                finding.waived = true;
                finding.appeals = a.waivers.account_appeals(f.account, finding.rule);
            }
            finding
        })
        .collect()
}

/// SPEC §15.3: when a rule's points pass its item's cap, says so, so the rows of a notice add up:
/// 「；更新项最多扣30分，超出部分不计」; nothing otherwise.
fn cap_note(points: f64, cap: f64, item: &str) -> String {
    if points > cap {
        format!("；{item}最多扣{}分，超出部分不计", number(cap))
    } else {
        String::new()
    }
}

/// X1: the last post, or never posted.
pub(super) fn x1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    rules::x1(f, r).then_some(())?;
    let detail = match f.last_post {
        Some(d) => format!(
            "监测日前{}天内无更新，最近一次发布于{}",
            r.veto.no_update_days,
            crate::present::chinese_date(d)
        ),
        None => "从未发布".to_string(),
    };
    let evidence = f.last_post.map(|d| d.to_string()).into_iter().collect();
    Some(finding(a, RuleId::X1, 0.0, detail, evidence))
}

/// X2: interaction switched off.
pub(super) fn x2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    rules::x2(f, r).then_some(())?;
    let detail = "未提供有效互动功能".to_string();
    Some(finding(a, RuleId::X2, 0.0, detail, vec![]))
}

/// X3: the veto violations.
pub(super) fn x3(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    rules::x3(f, r).then_some(())?;
    let vetoes: Vec<_> = a
        .metrics
        .violations
        .iter()
        .flatten()
        .filter(|v| r.veto_categories.contains(&v.category))
        .collect();
    let kinds: Vec<&str> = vetoes.iter().map(|v| v.category.chinese()).collect();
    let detail = format!("存在单项否决问题：{}", kinds.join("、"));
    let evidence = vetoes
        .iter()
        .map(|v| a.dataset.violation_id(v.violation))
        .collect();
    Some(finding(a, RuleId::X3, 0.0, detail, evidence))
}

/// U1: the first days of the blocks without a post.
pub(super) fn u1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::u1(f, r)?;
    let block_days = i64::from(r.update.block_days);
    let start = a.metrics.window_start;
    let evidence: Vec<String> = facts::empty_blocks(&a.metrics.post_days, f.blocks, block_days)
        .map(|b| (start + chrono::TimeDelta::days(b as i64 * block_days)).to_string())
        .collect();
    let (empty, blocks) = (f.empty_blocks, f.blocks);
    let per = r.update.points_per_week_without_post;
    let detail = format!(
        "{blocks}个整周中{empty}周无更新，每周扣{}分，应扣{}分{}",
        number(per),
        number(points),
        cap_note(points, r.update.cap, "更新项")
    );
    Some(finding(a, RuleId::U1, points, detail, evidence))
}

/// U3 (SPEC §17.1): the tasks missed or reposted late, by task_id.
pub(super) fn u3(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::u3(f, r)?;
    let t = f.tasks?;
    let tasks = a.dataset.tasks.as_deref().unwrap_or(&[]);
    let evidence: Vec<String> = (a.tasks.iter().flat_map(|t| &t.unfinished))
        .filter_map(|i| tasks.get(*i as usize))
        .map(|task| task.task_id.clone())
        .collect();
    let mut counts = vec![format!("应转发{}项", t.due)];
    let mut not_done = Vec::new();
    if t.missed > 0 {
        not_done.push(format!("未转发{}项", t.missed));
    }
    if t.late > 0 {
        not_done.push(format!("逾期{}项", t.late));
    }
    counts.push(not_done.join("、"));
    let raw = r.tasks.points_missed * t.missed as f64 + r.tasks.points_late * t.late as f64;
    let task_cap = if raw > r.tasks.cap {
        format!("；转发任务最多扣{}分", number(r.tasks.cap))
    } else {
        String::new()
    };
    let detail = format!(
        "{}，未转发每项扣{}分、逾期每项扣{}分，应扣{}分{task_cap}{}",
        counts.join("，"),
        number(r.tasks.points_missed),
        number(r.tasks.points_late),
        number(points),
        cap_note(points, r.update.cap, "更新项")
    );
    Some(finding(a, RuleId::U3, points, detail, evidence))
}

/// U2: the months without an original post.
pub(super) fn u2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::u2(f, r)?;
    let days = a.metrics.original_days.as_ref()?;
    let evidence: Vec<String> = facts::months_without(days, a.metrics.window_start, f.as_of)
        .map(|d| d.format("%Y-%m").to_string())
        .collect();
    let n = evidence.len();
    let detail = format!(
        "{n}个月无原创发布，每月扣{}分，应扣{}分{}",
        number(r.update.points_per_month_without_original),
        number(points),
        cap_note(points, r.update.cap, "更新项")
    );
    Some(finding(a, RuleId::U2, points, detail, evidence))
}

/// The ids of the account's messages that `keep` selects.
fn message_ids(a: &Records<'_>, keep: impl Fn(&crate::model::MessageFact) -> bool) -> Vec<String> {
    a.metrics
        .messages
        .iter()
        .flatten()
        .filter(|x| keep(x))
        .map(|x| a.dataset.message_id(x.message))
        .collect()
}

/// I1: the messages answered late.
pub(super) fn i1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::i1(f, r)?;
    let days = r.interaction.reply_days;
    let limit = i64::from(days) * 86_400;
    let late = message_ids(a, |x| x.reply_seconds.is_some_and(|s| s > limit));
    let n = late.len();
    let detail = format!(
        "{n}条留言超过{days}天才回复，每条扣{}分{}",
        number(r.interaction.points_per_late_reply),
        cap_note(points, r.interaction.cap, "互动项")
    );
    Some(finding(a, RuleId::I1, points, detail, late))
}

/// I2: the messages still unanswered.
pub(super) fn i2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::i2(f, r)?;
    let days = r.interaction.reply_days;
    let overdue = message_ids(a, |x| {
        x.reply_seconds.is_none() && (f.as_of - x.received_on).num_days() > i64::from(days)
    });
    let n = overdue.len();
    let detail = format!(
        "{n}条留言超过{days}天未回复，每条扣{}分{}",
        number(r.interaction.points_per_unreplied_overdue),
        cap_note(points, r.interaction.cap, "互动项")
    );
    Some(finding(a, RuleId::I2, points, detail, overdue))
}

/// K1: each counted violation with its points.
pub(super) fn k1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::k1(f, r)?;
    let counted = a
        .metrics
        .violations
        .iter()
        .flatten()
        .filter(|v| !r.veto_categories.contains(&v.category));
    let mut parts = Vec::new();
    let mut evidence = Vec::new();
    for (v, c) in counted.zip(f.violations.iter().flatten()) {
        let base = r.category_points.get(&c.category).copied().unwrap_or(0.0);
        let name = c.category.chinese();
        parts.push(if rules::k1_overdue(c.took_days, c.past_deadline, r) {
            let multiplier = r.content.overdue_multiplier;
            format!(
                "{name}{}分×{}（逾期未整改）",
                number(base),
                number(multiplier)
            )
        } else {
            format!("{name}{}分", number(base))
        });
        evidence.push(a.dataset.violation_id(v.violation));
    }
    let n = evidence.len();
    let detail = format!(
        "{n}项问题：{}{}",
        parts.join("；"),
        cap_note(points, r.content.cap, "内容项")
    );
    Some(finding(a, RuleId::K1, points, detail, evidence))
}

/// K2: the posts without a review record.
pub(super) fn k2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::k2(f, r)?;
    let rows = a.metrics.unreviewed_posts.as_ref()?;
    let n = rows.len();
    let detail = format!(
        "{n}条发布无审核记录，每条扣{}分{}",
        number(r.content.points_per_unreviewed_post),
        cap_note(points, r.content.cap, "内容项")
    );
    let ids = rows
        .iter()
        .map(|u| a.dataset.posts.post_id.at(u.row as usize).to_string())
        .collect();
    Some(finding(a, RuleId::K2, points, detail, ids))
}

/// M1: not verified.
pub(super) fn m1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::m1(f, r)?;
    let detail = "账号未认证".to_string();
    Some(finding(a, RuleId::M1, points, detail, vec![]))
}

/// M2: the verified name, and the unit it should name.
pub(super) fn m2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::m2(f, r)?;
    let name = a.account.verified_name.clone().unwrap_or_default();
    let unit_name = a.unit_name;
    let detail = format!("认证主体「{name}」未标明主办单位「{unit_name}」");
    Some(finding(a, RuleId::M2, points, detail, vec![name]))
}

/// M3: no open filing by as_of.
pub(super) fn m3(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::m3(f, r)?;
    let detail = format!(
        "截至监测日（{}）无开设备案",
        crate::present::chinese_date(f.as_of)
    );
    Some(finding(a, RuleId::M3, points, detail, vec![]))
}

/// M4: the name, and the unit's usual one.
pub(super) fn m4(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::m4(f, r)?;
    let usual = a.usual_name;
    let name = &a.account.account_name;
    let detail = format!("账号名称「{name}」与本单位其他平台名称「{usual}」不一致");
    Some(finding(a, RuleId::M4, points, detail, vec![name.clone()]))
}

/// B1: the account's influence against its platform's.
pub(super) fn b1(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::b1(f, r)?;
    let (higher, n) = (f.higher_on_platform, f.on_platform);
    let detail = format!(
        "传播力 {} 居{}前列（{n}个账号中{higher}个更高）",
        f.influence,
        a.account.platform.chinese()
    );
    Some(finding(a, RuleId::B1, points, detail, vec![]))
}

/// B2: every message answered in time.
pub(super) fn b2(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::b2(f, r)?;
    let n = f.replies.as_ref().map_or(0, |x| x.count());
    let days = r.interaction.reply_days;
    let detail = format!("{n}条留言均在{days}天内回复");
    Some(finding(a, RuleId::B2, points, detail, vec![]))
}

/// B3: posts and original posts.
pub(super) fn b3(f: &AccountFacts, a: &Records<'_>, r: &Rubric) -> Option<Finding> {
    let points = rules::b3(f, r)?;
    let posts = a.metrics.posts;
    let original = a.metrics.original_posts.unwrap_or(0);
    let detail = format!("{posts}条发布，其中原创{original}条");
    Some(finding(a, RuleId::B3, points, detail, vec![]))
}
