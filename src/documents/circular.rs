//! The circular (检查情况通报): its figures from the summary, its problem paragraphs from the
//! findings (one per family of rules that fired, the ten lowest-scoring accounts named), its four
//! attachments from the tables; all as finished strings for `templates/documents/circular.txt`.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use serde::Serialize;

use super::layout::{Block, DocumentError, TableBlock};
use super::{Dates, Input, chinese_date, text};
use crate::catalogue::{self, RuleId};
use crate::lists::consolidation::Action;
use crate::overview::Group;
use crate::present::{number, percent};
use crate::scoring::rubric::Level;
use crate::scoring::rules::{Grade, Scope};
use crate::scoring::{AccountScore, Finding, UnitScore};

#[derive(Debug, Serialize)]
struct Problem {
    number: String,
    title: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct View {
    number: String,
    period: String,
    region: String,
    addressees: String,
    basis: String,
    measures: String,
    measures_short: String,
    issuer: String,
    cc: String,
    printed_by: String,
    as_of: String,
    units: u64,
    units_scored: u64,
    accounts_registered: u64,
    accounts_assessed: u64,
    accounts_vetoed: u64,
    accounts_failed: usize,
    account_pass_rate: String,
    account_change: String,
    unit_pass_rate: String,
    unit_change: String,
    vetoes: String,
    tasks: String,
    /// The content scan's sentence (SPEC §16.9); empty when the scan was not evaluated.
    scan: String,
    platforms: String,
    unit_types: String,
    followup: String,
    problems: Vec<Problem>,
    consolidation: String,
    accountability: String,
    deadline: String,
    appeal_deadline: String,
    issue_date: String,
    failed_cut: String,
    ranking_cut: String,
    consolidation_cut: String,
    accountability_cut: String,
}

/// 一, 二, … 九十九.
pub(super) fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".to_string(),
        1..=9 => DIGITS[n].to_string(),
        10..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// 「（上期76%，上升6个百分点）」 against the previous run's rate, when there is one.
fn change(now: Option<f64>, before: Option<f64>) -> String {
    let (Some(now), Some(before)) = (now, before) else {
        return String::new();
    };
    let points = crate::scoring::numbers::round2((now - before) * 100.0);
    let size = crate::present::tenths(points.abs());
    let moved = if size == "0" {
        "持平".to_string()
    } else if points > 0.0 {
        format!("上升{size}个百分点")
    } else {
        format!("下降{size}个百分点")
    };
    format!("（上期{}，{moved}）", percent(Some(before)))
}

/// 「名称（平台，单位）」 of the lowest-scoring accounts, then 「等N个账号」.
fn named(accounts: &mut Vec<&AccountScore>, units: &HashMap<&str, &str>, limit: usize) -> String {
    accounts.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then(a.account_id.cmp(&b.account_id))
    });
    let names: Vec<String> = (accounts.iter().take(limit))
        .map(|a| {
            let unit = units.get(a.unit_id.as_str()).copied().unwrap_or("");
            format!("{}（{}，{}）", a.account_name, a.platform.label(), unit)
        })
        .collect();
    let more = if accounts.len() > limit {
        format!("等{}个账号", accounts.len())
    } else {
        String::new()
    };
    format!("{}{more}", names.join("、"))
}

/// 「甲」, 「甲、乙等2个单位」: the first units named, with their count when there are several.
fn units_named(names: &[&str], limit: usize) -> String {
    let shown: Vec<&str> = names.iter().take(limit).copied().collect();
    match names.len() {
        1 => shown.join("、"),
        n => format!("{}等{n}个单位", shown.join("、")),
    }
}

/// The problem families, in the order the circular takes them: title, what the accounts did,
/// the rules that put an account in it.
const FAMILIES: [(&str, &str, &[RuleId]); 10] = [
    // X1's words follow the rubric's span (`catalogue::span`): written where they are used.
    ("", "", &[RuleId::X1]),
    ("未提供有效互动功能", "未提供有效互动功能", &[RuleId::X2]),
    (
        "内容存在严重问题或违规",
        "存在内容问题",
        &[RuleId::X3, RuleId::K1],
    ),
    ("更新不及时", "存在整周未发布信息的情况", &[RuleId::U1]),
    ("原创内容不足", "存在整月无原创信息的情况", &[RuleId::U2]),
    (
        "未按要求转发上级政务新媒体重要信息",
        "未按时转发上级政务新媒体需要转发推送的重要信息",
        &[RuleId::U3],
    ),
    (
        "留言办理不及时",
        "存在留言逾期回复或逾期未回复的情况",
        &[RuleId::I1, RuleId::I2],
    ),
    (
        "信息发布未经审核",
        "存在未经审核发布信息的情况",
        &[RuleId::K2],
    ),
    (
        "未认证或认证主体不符",
        "未认证或认证主体与开办单位不一致",
        &[RuleId::M1, RuleId::M2],
    ),
    ("未按规定备案", "无开设备案记录", &[RuleId::M3]),
];

fn problems(input: &Input<'_>, units: &HashMap<&str, &str>) -> Vec<Problem> {
    let by_id: HashMap<&str, &AccountScore> = (input.scores.accounts.iter())
        .map(|a| (a.account_id.as_str(), a))
        .collect();
    let mut fired: BTreeMap<RuleId, Vec<&str>> = BTreeMap::new();
    for f in input
        .scores
        .findings
        .iter()
        .filter(|f| f.scope == Scope::Account && !f.waived)
    {
        fired.entry(f.rule).or_default().push(f.id.as_str());
    }
    let mut list = Vec::new();
    let days = input.rubric.veto.no_update_days;
    for (title, what, rules) in FAMILIES {
        // X1's words follow the rubric's span (SPEC §15.2).
        let (title, what) = if rules.contains(&RuleId::X1) {
            (
                RuleId::X1.chinese_in(days).into_owned(),
                format!("监测时间点前{}内未发布信息", catalogue::span(days)),
            )
        } else {
            (title.to_string(), what.to_string())
        };
        let mut ids: Vec<&str> = rules
            .iter()
            .flat_map(|r| fired.get(r).into_iter().flatten().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut accounts: Vec<&AccountScore> =
            ids.iter().filter_map(|id| by_id.get(id).copied()).collect();
        if accounts.is_empty() {
            continue;
        }
        let n = accounts.len();
        list.push((
            title,
            format!(
                "{n}个账号{what}：{}。",
                named(&mut accounts, units, input.rubric.documents.named as usize)
            ),
        ));
    }
    if let Some((_, text)) = (list.iter_mut()).find(|(title, _)| title == FAMILIES[2].0) {
        text.push_str(&categories(input));
    }
    let duplicates: Vec<&AccountScore> = (input.consolidation.iter())
        .filter(|e| e.reasons.contains(&RuleId::C1))
        .filter_map(|e| by_id.get(e.account_id.as_str()).copied())
        .collect();
    if !duplicates.is_empty() {
        let n = duplicates.len();
        let mut accounts = duplicates;
        list.push((
            "同一平台重复开设".to_string(),
            format!(
                "{n}个账号与本单位同一平台的其他账号功能重复，建议整合：{}。",
                named(&mut accounts, units, input.rubric.documents.named as usize)
            ),
        ));
    }
    list.extend(super::duties::lifecycle_problem(input));
    (list.into_iter().enumerate())
        .map(|(i, (title, text))| Problem {
            number: chinese_number(i + 1),
            title,
            text,
        })
        .collect()
}

/// 「其中错别字3处、其他1处。」: the violations behind X3 and K1 by category, most first.
fn categories(input: &Input<'_>) -> String {
    let category_of: HashMap<&str, crate::model::ViolationCategory> = (input.dataset.violations)
        .iter()
        .flatten()
        .map(|v| (v.violation_id.as_str(), v.category))
        .collect();
    let mut counts: BTreeMap<crate::model::ViolationCategory, u64> = BTreeMap::new();
    let counted = |f: &&Finding| matches!(f.rule, RuleId::X3 | RuleId::K1) && !f.waived;
    for f in (input.scores.findings.iter()).filter(counted) {
        for id in &f.evidence {
            if let Some(c) = category_of.get(id.as_str()) {
                *counts.entry(*c).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if counts.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = (counts.iter())
        .map(|(c, n)| format!("{}{n}处", c.chinese()))
        .collect();
    format!("其中{}。", parts.join("、"))
}

/// 本期对N条发布内容开展内容巡检，发现疑似问题X条，经人工复核确认Y条，已计入问题记录。
fn scan_sentence(input: &Input<'_>) -> String {
    match &input.summary.scan {
        Some(s) if s.evaluated => format!(
            "本期对{}条发布内容开展内容巡检，发现疑似问题{}条，经人工复核确认{}条，已计入问题记录。",
            s.posts_scanned, s.found, s.confirmed
        ),
        _ => String::new(),
    }
}

/// 「微信公众号45个、合格率84%」 per group, joined.
fn rates<K: Copy>(groups: &[Group<K>], name: impl Fn(K) -> String) -> String {
    (groups.iter())
        .map(|g| {
            format!(
                "{}{}个、合格率{}",
                name(g.key),
                g.count,
                percent(Some(g.pass_rate()))
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn figures(input: &Input<'_>) -> (String, String, String, String) {
    let s = input.summary;
    let vetoes = (s.counts.vetoes.iter())
        .filter(|v| v.count > 0)
        .filter_map(|v| {
            Some(format!(
                "{}{}个",
                v.rule.parse::<RuleId>().ok()?.chinese(),
                v.count
            ))
        })
        .collect::<Vec<_>>()
        .join("，");
    let platforms = rates(&input.breakdowns.platforms, |p| p.label().to_string());
    let unit_types = rates(&input.breakdowns.unit_types, |t| t.chinese().to_string());
    let failed_before: Vec<&UnitScore> = (input.scores.units.iter())
        .filter(|u| u.previous_grade == Some(Grade::Fail))
        .collect();
    let mut followup = followed_up(input);
    if !failed_before.is_empty() {
        let fixed = failed_before
            .iter()
            .filter(|u| u.grade.is_some_and(|g| g != Grade::Fail))
            .count();
        followup.push_str(&format!(
            "上期不合格的{}个单位中，本期{fixed}个已合格。",
            failed_before.len()
        ));
    }
    (vetoes, platforms, unit_types, followup)
}

/// 上次通报问题整改情况: what became of the previous run's lists (SPEC §13), the units whose
/// problems persist named; empty without a previous run's lists.
fn followed_up(input: &Input<'_>) -> String {
    use crate::lists::followup::{ListKind, Status, count};
    let Some(rows) = input.followup else {
        return String::new();
    };
    let total = |kind| rows.iter().filter(|r| r.kind == kind).count();
    let mut text = "上次通报问题整改情况：".to_string();
    let (units, accounts) = (
        total(ListKind::Accountability),
        total(ListKind::Consolidation),
    );
    if units == 0 && accounts == 0 {
        text.push_str("上期未通报约谈问责单位和清理整合账号。");
        return text;
    }
    let parts = |kind, statuses: &[(Status, String)]| {
        (statuses.iter())
            .filter_map(|(s, words)| {
                let n = count(rows, kind, *s);
                (n > 0).then(|| format!("{n}个{words}"))
            })
            .collect::<Vec<_>>()
            .join("，")
    };
    if units > 0 {
        let name_of: HashMap<&str, &str> = (input.dataset.units.iter())
            .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
            .collect();
        let names: Vec<&str> = (rows.iter())
            .filter(|r| r.kind == ListKind::Accountability && r.status == Status::Persists)
            .filter_map(|r| name_of.get(r.unit_id.as_str()).copied())
            .collect();
        let persisting = if names.is_empty() {
            "问题依然存在".to_string()
        } else {
            let named = units_named(&names, input.rubric.documents.named as usize);
            format!("问题依然存在（{named}）")
        };
        let a = parts(
            ListKind::Accountability,
            &[
                (Status::Resolved, "已整改到位".to_string()),
                (Status::Partial, "部分整改".to_string()),
                (Status::Persists, persisting),
                (Status::Unknown, "本期无法核实".to_string()),
                (Status::Gone, "已不在册".to_string()),
            ],
        );
        text.push_str(&format!("上期列入约谈问责名单的{units}个单位中，{a}。"));
    }
    if accounts > 0 {
        let c = parts(
            ListKind::Consolidation,
            &[
                (Status::Done, "已关停注销".to_string()),
                (Status::Reopened, "已关停注销但仍在发布".to_string()),
                (Status::Fixed, "已整改".to_string()),
                (Status::Pending, "尚未整改".to_string()),
                (Status::Gone, "已不在册".to_string()),
            ],
        );
        text.push_str(&format!("上期列入清理整合名单的{accounts}个账号中，{c}。"));
    }
    text
}

fn lists(input: &Input<'_>) -> (String, String) {
    let consolidation = (Action::ALL.iter())
        .map(|a| {
            (
                a,
                input
                    .consolidation
                    .iter()
                    .filter(|e| e.action == *a)
                    .count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .map(|(a, n)| format!("{}{n}个", a.chinese()))
        .collect::<Vec<_>>()
        .join("、");
    let consolidation = match input.consolidation.len() {
        0 => String::new(),
        n => format!("{n}个，其中{consolidation}"),
    };
    let accountability = (Level::ALL.iter())
        .filter_map(|l| {
            let names: Vec<&str> = (input.accountability.iter())
                .filter(|e| e.level == *l)
                .map(|e| e.unit_name.as_str())
                .collect();
            (!names.is_empty()).then(|| {
                format!(
                    "对{}予以{}",
                    units_named(&names, input.rubric.documents.named as usize),
                    l.chinese()
                )
            })
        })
        .collect::<Vec<_>>()
        .join("；");
    (consolidation, accountability)
}

/// The blocks of the circular.
pub(super) fn blocks(input: &Input<'_>, dates: &Dates) -> Result<Vec<Block>, DocumentError> {
    let office = input.office;
    let s = input.summary;
    let units: HashMap<&str, &str> = (input.dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let (vetoes, platforms, unit_types, followup) = figures(input);
    let (consolidation, accountability) = lists(input);
    let (tables, cuts) = attachments(input, &units);
    let previous = input.previous;
    let view = View {
        number: office.document_number(chrono::Datelike::year(&dates.issue_day)),
        period: input.period.chinese(),
        region: office.region.clone(),
        addressees: office.addressees.clone(),
        basis: office.basis.clone(),
        scan: scan_sentence(input),
        measures: office.measures.clone(),
        measures_short: office.measures_short.clone(),
        issuer: office.issuer.clone(),
        cc: office.cc.join("，"),
        printed_by: office.printed_by.clone(),
        as_of: chinese_date(input.as_of),
        units: s.counts.units,
        units_scored: s.counts.units_scored,
        accounts_registered: s.counts.accounts_registered,
        accounts_assessed: s.counts.accounts_assessed,
        accounts_vetoed: s.counts.accounts_vetoed,
        accounts_failed: input
            .scores
            .accounts
            .iter()
            .filter(|a| a.grade == Grade::Fail)
            .count(),
        account_pass_rate: percent(s.pass_rates.accounts),
        account_change: change(s.pass_rates.accounts, previous.and_then(|p| p.accounts)),
        unit_pass_rate: percent(s.pass_rates.units),
        unit_change: change(s.pass_rates.units, previous.and_then(|p| p.units)),
        vetoes,
        tasks: super::duties::tasks_paragraph(input),
        platforms,
        unit_types,
        followup,
        problems: problems(input, &units),
        consolidation,
        accountability,
        deadline: dates.deadline.clone(),
        appeal_deadline: dates.appeal.clone(),
        issue_date: dates.issue.clone(),
        failed_cut: cuts[0].clone(),
        ranking_cut: cuts[1].clone(),
        consolidation_cut: cuts[2].clone(),
        accountability_cut: cuts[3].clone(),
    };
    text::blocks("circular.txt", &view, &tables)
}

/// A table of at most `limit` rows and the note when it holds fewer than all.
fn capped(
    widths: Vec<u32>,
    header: &[&str],
    mut rows: Vec<Vec<String>>,
    limit: usize,
) -> (TableBlock, String) {
    let total = rows.len();
    rows.truncate(limit);
    let note = if total > limit {
        format!("（共{total}行，此处列前{limit}行，全部见assessment.xlsx。）")
    } else {
        String::new()
    };
    let header = header.iter().map(|h| h.to_string()).collect();
    (
        TableBlock {
            widths,
            header,
            rows,
        },
        note,
    )
}

/// 附件1: the failed accounts, lowest score first, with the rules that cost them points.
fn failed_rows(input: &Input<'_>, unit: &dyn Fn(&str) -> String) -> Vec<Vec<String>> {
    let mut rules_of: HashMap<&str, Vec<RuleId>> = HashMap::default();
    for f in (input.scores.findings.iter()).filter(|f| f.scope == Scope::Account && !f.waived) {
        if f.rule.family() != crate::catalogue::Family::Bonus {
            rules_of.entry(f.id.as_str()).or_default().push(f.rule);
        }
    }
    let mut failed: Vec<&AccountScore> = (input.scores.accounts.iter())
        .filter(|a| a.grade == Grade::Fail)
        .collect();
    failed.sort_by(|a, b| (a.score.total_cmp(&b.score)).then(a.account_id.cmp(&b.account_id)));
    (failed.iter().enumerate())
        .map(|(i, a)| {
            let rules = (rules_of.get(a.account_id.as_str())).map_or(&[][..], Vec::as_slice);
            let problems = catalogue::names(rules, input.rubric.veto.no_update_days, "；");
            vec![
                (i + 1).to_string(),
                unit(&a.unit_id),
                a.account_name.clone(),
                a.platform.label().to_string(),
                problems,
                number(a.score),
            ]
        })
        .collect()
}

/// 附件2–4: the ranking, the consolidation list and the accountability list.
fn list_rows(input: &Input<'_>, unit: &dyn Fn(&str) -> String) -> [Vec<Vec<String>>; 3] {
    let ranking = (input.scores.units.iter())
        .filter(|u| u.score.is_some())
        .map(|u| {
            vec![
                u.rank.map_or(String::new(), |r| r.to_string()),
                u.unit_name.clone(),
                u.score.map_or(String::new(), number),
                u.grade.map_or("", |g| g.chinese()).to_string(),
                percent(u.pass_rate),
            ]
        })
        .collect();
    let consolidation = (input.consolidation.iter().enumerate())
        .map(|(i, e)| {
            let reasons: Vec<&str> = e.reasons.iter().map(|r| r.chinese()).collect();
            vec![
                (i + 1).to_string(),
                unit(&e.unit_id),
                e.account_name.clone(),
                e.platform.label().to_string(),
                e.action.chinese().to_string(),
                reasons.join("；"),
            ]
        })
        .collect();
    let accountability = (input.accountability.iter().enumerate())
        .map(|(i, e)| {
            vec![
                (i + 1).to_string(),
                e.unit_name.clone(),
                e.level.chinese().to_string(),
                catalogue::names(&e.rules, input.rubric.veto.no_update_days, "；"),
            ]
        })
        .collect();
    [ranking, consolidation, accountability]
}

/// An attachment: its name in the template, column widths, header and rows.
type Attachment<'h> = (&'static str, Vec<u32>, &'h [&'h str], Vec<Vec<String>>);

/// 附件1–4 and their notes.
fn attachments<'u>(
    input: &Input<'_>,
    units: &HashMap<&'u str, &'u str>,
) -> (HashMap<&'static str, TableBlock>, [String; 4]) {
    let limit = input.rubric.documents.attachment_rows as usize;
    let unit = |id: &str| units.get(id).copied().unwrap_or("").to_string();
    let [ranking, consolidation, accountability] = list_rows(input, &unit);
    let specs: [Attachment; 4] = [
        (
            "failed",
            vec![3, 5, 5, 4, 8, 3],
            &["序号", "单位", "账号", "平台", "问题", "得分"],
            failed_rows(input, &unit),
        ),
        (
            "ranking",
            vec![3, 12, 4, 4, 4],
            &["名次", "单位", "得分", "等级", "账号合格率"],
            ranking,
        ),
        (
            "consolidation",
            vec![3, 6, 6, 4, 3, 6],
            &["序号", "单位", "账号", "平台", "建议", "原因"],
            consolidation,
        ),
        (
            "accountability",
            vec![3, 9, 3, 13],
            &["序号", "单位", "处理", "依据"],
            accountability,
        ),
    ];
    let mut tables = HashMap::default();
    let mut notes: [String; 4] = Default::default();
    for (k, (name, widths, header, rows)) in specs.into_iter().enumerate() {
        let (table, note) = capped(widths, header, rows, limit);
        tables.insert(name, table);
        notes[k] = note;
    }
    (tables, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unit_is_named_without_a_count() {
        assert_eq!(units_named(&["甲"], 10), "甲");
        assert_eq!(units_named(&["甲", "乙"], 10), "甲、乙等2个单位");
    }

    #[test]
    fn chinese_numbers_for_headings() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99]
            .iter()
            .map(|n| chinese_number(*n))
            .collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十一", "九十九"]);
    }

    #[test]
    fn pass_rate_changes_in_percentage_points() {
        assert_eq!(change(Some(0.82), Some(0.76)), "（上期76%，上升6个百分点）");
        assert_eq!(change(Some(0.7), Some(0.75)), "（上期75%，下降5个百分点）");
        assert_eq!(change(Some(0.7), Some(0.7)), "（上期70%，持平）");
        assert_eq!(change(Some(0.7), None), "");
    }
}
