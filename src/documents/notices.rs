//! The notices to one listed unit: the rectification notice (整改通知书: every rule with its
//! article and evidence, the findings with their points and record ids, the deadlines, a receipt
//! slip) and, at the interview level or above, the interview notice (约谈通知).

use serde::Serialize;

use super::layout::{Block, DocumentError, TableBlock};
use super::{Dates, Input, chinese_date, text};
use crate::catalogue::{Family, RuleId};
use crate::lists::accountability::AccountabilityEntry;
use crate::present::number;
use crate::scoring::rules::Scope;
use crate::scoring::{AccountScore, Finding};
use crate::workdays::plus_days;
use rustc_hash::FxHashMap as HashMap;

/// How many record ids a finding shows in a notice (all are in deductions.csv).
const EVIDENCE_SHOWN: usize = 10;

#[derive(Debug, Clone, Serialize)]
struct Rule {
    number: String,
    title: String,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct View {
    number: String,
    basis: String,
    measures: String,
    measures_short: String,
    issuer: String,
    contact: String,
    period: String,
    as_of: String,
    unit_name: String,
    standing: String,
    level: String,
    rules: Vec<Rule>,
    findings: bool,
    scores: bool,
    deadline: String,
    appeal_deadline: String,
    issue_date: String,
}

/// The notices of one unit on the list.
pub(super) struct Notice {
    view: View,
    findings: TableBlock,
    scores: TableBlock,
}

impl Notice {
    /// The notices of `entry`.
    pub(super) fn new(
        input: &Input<'_>,
        entry: &AccountabilityEntry,
        own: &[&Finding],
        accounts: &[&AccountScore],
        records: &Records,
        dates: &Dates,
    ) -> Notice {
        let office = input.office;
        let standing = match entry.score {
            Some(score) => format!("本期得分{}分", number(score)),
            None => "本期无在运营的政务新媒体账号".to_string(),
        };
        let rules = (entry.rules.iter().zip(&entry.evidence).enumerate())
            .map(|(i, (rule, evidence))| Rule {
                number: super::circular::chinese_number(i + 1),
                title: format!(
                    "{}（依据{}）",
                    rule.chinese_in(input.rubric.veto.no_update_days),
                    cited(rule.article(), &office.measures_short)
                ),
                text: format!("{}。", evidence.trim_end_matches('。')),
            })
            .collect();
        let labels: HashMap<&str, String> = (accounts.iter())
            .map(|a| (a.account_id.as_str(), label(a)))
            .collect();
        let findings = findings(own, &labels, &entry.unit_name, input.rubric, records);
        let scores = scores(accounts);
        Notice {
            view: View {
                number: office.document_number(chrono::Datelike::year(&dates.issue_day)),
                basis: office.basis.clone(),
                measures: office.measures.clone(),
                measures_short: office.measures_short.clone(),
                issuer: office.issuer.clone(),
                contact: office.contact.clone(),
                period: input.period.chinese(),
                as_of: chinese_date(input.as_of),
                unit_name: entry.unit_name.clone(),
                standing,
                level: entry.level.chinese().to_string(),
                rules,
                findings: !findings.rows.is_empty(),
                scores: !scores.rows.is_empty(),
                deadline: dates.deadline.clone(),
                appeal_deadline: dates.appeal.clone(),
                issue_date: dates.issue.clone(),
            },
            findings,
            scores,
        }
    }

    /// The rectification notice.
    pub(super) fn rectification(&self) -> Result<Vec<Block>, DocumentError> {
        let tables = HashMap::from_iter([
            ("findings", self.findings.clone()),
            ("scores", self.scores.clone()),
        ]);
        text::blocks("rectification.txt", &self.view, &tables)
    }

    /// The interview notice.
    pub(super) fn interview(&self) -> Result<Vec<Block>, DocumentError> {
        text::blocks("interview.txt", &self.view, &Default::default())
    }
}

/// The records a notice's evidence names (the violations and messages of the listed units'
/// findings), each in words a unit can find it by (SPEC §15.3): 「V1（2026年9月1日发现，错别字）」.
pub(super) type Records = HashMap<String, String>;

/// The evidence that names a violation, a message, a post or a repost task.
fn names_records(rule: RuleId) -> bool {
    matches!(
        rule,
        RuleId::X3 | RuleId::K1 | RuleId::I1 | RuleId::I2 | RuleId::K2 | RuleId::U3
    )
}

/// [`Records`] for the findings of `findings` (shown ones only), in one pass over the
/// violations, one over the messages and one over the posts (their ids compared only for the
/// accounts whose findings name posts).
pub(super) fn records(input: &Input<'_>, findings: &HashMap<&str, Vec<&Finding>>) -> Records {
    let listed = input.accountability.iter().map(|e| e.unit_id.as_str());
    let wanted: rustc_hash::FxHashSet<&str> = listed
        .filter_map(|unit| findings.get(unit))
        .flatten()
        .filter(|f| names_records(f.rule))
        .flat_map(|f| f.evidence.iter().take(EVIDENCE_SHOWN).map(String::as_str))
        .collect();
    let mut out = Records::default();
    if wanted.is_empty() {
        return out;
    }
    for v in input.dataset.violations.iter().flatten() {
        if wanted.contains(v.violation_id.as_str()) {
            let words = format!(
                "{}（{}发现，{}）",
                v.violation_id,
                chinese_date(v.found_on),
                v.category.chinese()
            );
            out.insert(v.violation_id.clone(), words);
        }
    }
    for m in input.dataset.messages.iter().flatten() {
        if wanted.contains(m.message_id.as_str()) {
            let words = format!(
                "{}（{}收到）",
                m.message_id,
                chinese_date(m.received_at.date())
            );
            out.insert(m.message_id.clone(), words);
        }
    }
    // U3's tasks (SPEC §17.1): 「ZS2026-047（“浙里办”惠企政策专区上线，2026年7月24日截止）」.
    for t in input.dataset.tasks.iter().flatten() {
        if wanted.contains(t.task_id.as_str()) {
            let title = t
                .title
                .as_deref()
                .map_or(String::new(), |t| format!("{t}，"));
            let words = format!("{}（{title}{}截止）", t.task_id, chinese_date(t.due_on));
            out.insert(t.task_id.clone(), words);
        }
    }
    post_records(input, findings, &wanted, &mut out);
    out
}

/// The posts among `wanted` in words: 「P1（2026年8月3日发布）」, dated from the metrics (the
/// posts' times are let go after them).
fn post_records(
    input: &Input<'_>,
    findings: &HashMap<&str, Vec<&Finding>>,
    wanted: &rustc_hash::FxHashSet<&str>,
    out: &mut Records,
) {
    let naming: rustc_hash::FxHashSet<&str> = (input.accountability.iter())
        .filter_map(|e| findings.get(e.unit_id.as_str()))
        .flatten()
        .filter(|f| f.rule == RuleId::K2 && f.scope == Scope::Account)
        .map(|f| f.id.as_str())
        .collect();
    if naming.is_empty() {
        return;
    }
    let accounts = input.dataset.accounts.iter().zip(input.metrics);
    for (_, m) in accounts.filter(|(a, _)| naming.contains(a.account_id.as_str())) {
        for u in m.unreviewed_posts.iter().flatten() {
            let id = input.dataset.posts.post_id.at(u.row as usize);
            if wanted.contains(id) {
                let day = plus_days(m.window_start, u.day);
                out.insert(id.to_string(), format!("{id}（{}发布）", chinese_date(day)));
            }
        }
    }
}

/// One evidence item in words: a record as [`Records`] gives it, a week or a month or a day in
/// Chinese (U1's weeks, U2's months, X1's last post), anything else as it is.
fn evidence_words(rule: RuleId, item: &str, records: &Records) -> String {
    if let Some(words) = records.get(item) {
        return words.clone();
    }
    let day = crate::values::parse_date(item).ok();
    match (rule, day) {
        (RuleId::U1, Some(d)) => format!("{}起一周", chinese_date(d)),
        (RuleId::X1, Some(d)) => format!("最近一次发布于{}", chinese_date(d)),
        (RuleId::U2, _) => crate::values::parse_date(&format!("{item}-01")).map_or_else(
            |_| item.to_string(),
            |d| {
                use chrono::Datelike;
                format!("{}年{}月", d.year(), d.month())
            },
        ),
        _ => item.to_string(),
    }
}

/// The assessed accounts of each unit, in the account table's order, found in one pass.
pub(super) fn accounts_by_unit<'a>(input: &Input<'a>) -> HashMap<&'a str, Vec<&'a AccountScore>> {
    let mut by: HashMap<&str, Vec<&AccountScore>> = HashMap::default();
    for a in &input.scores.accounts {
        by.entry(a.unit_id.as_str()).or_default().push(a);
    }
    by
}

/// The findings of each unit (its accounts' and its own), in the audit trail's order, found in
/// one pass over it.
pub(super) fn findings_by_unit<'a>(input: &Input<'a>) -> HashMap<&'a str, Vec<&'a Finding>> {
    let unit_of: HashMap<&str, &str> = (input.scores.accounts.iter())
        .map(|a| (a.account_id.as_str(), a.unit_id.as_str()))
        .collect();
    let mut by: HashMap<&str, Vec<&Finding>> = HashMap::default();
    // A finding an appeal waived is not held against the unit (SPEC §14).
    for f in input.scores.findings.iter().filter(|f| !f.waived) {
        let unit = match f.scope {
            Scope::Account => unit_of.get(f.id.as_str()).copied(),
            Scope::Unit => Some(f.id.as_str()),
        };
        if let Some(unit) = unit {
            by.entry(unit).or_default().push(f);
        }
    }
    by
}

/// An article as a notice cites it: 《管理办法》第九条, or the document itself (国办秘函〔2019〕19号).
fn cited(article: &str, measures_short: &str) -> String {
    if article.starts_with('第') {
        format!("{measures_short}{article}")
    } else {
        article.to_string()
    }
}

/// An account as people name it (SPEC §15.2): 账号名称（平台）.
fn label(a: &AccountScore) -> String {
    a.platform.account(&a.account_name)
}

/// What a finding does to the score, signed in words: 扣3分, 加2分, 单项否决.
fn signed(f: &Finding) -> String {
    match f.rule.family() {
        Family::Veto => "单项否决".to_string(),
        Family::Bonus => format!("加{}分", number(f.points)),
        _ => format!("扣{}分", number(f.points)),
    }
}

/// Each account's score as 100 − deductions + bonus (SPEC §15.3), or the veto's score.
fn scores(accounts: &[&AccountScore]) -> TableBlock {
    let rows = (accounts.iter())
        .map(|a| {
            let deducted = 100.0 - a.deduction_score;
            let score = if a.vetoed {
                format!("单项否决，按{}分计", number(a.score))
            } else {
                format!("{}分", number(a.score))
            };
            vec![
                label(a),
                format!("{}分", number(deducted)),
                format!("{}分", number(a.bonus)),
                score,
            ]
        })
        .collect();
    TableBlock {
        widths: vec![10, 4, 4, 10],
        header: ["账号", "扣分", "加分", "得分"].map(String::from).to_vec(),
        rows,
    }
}

/// The unit's findings: who, rule, points, the first record ids.
fn findings(
    own: &[&Finding],
    labels: &HashMap<&str, String>,
    unit_name: &str,
    rubric: &crate::scoring::rubric::Rubric,
    records: &Records,
) -> TableBlock {
    let rows = (own.iter())
        .enumerate()
        .map(|(i, f)| {
            let mut evidence: Vec<String> = (f.evidence.iter())
                .take(EVIDENCE_SHOWN)
                .map(|e| evidence_words(f.rule, e, records))
                .collect();
            if f.evidence.len() > EVIDENCE_SHOWN {
                evidence.push("…".to_string());
            }
            let who = match f.scope {
                Scope::Account => labels.get(f.id.as_str()).cloned().unwrap_or(f.id.clone()),
                Scope::Unit => unit_name.to_string(),
            };
            vec![
                (i + 1).to_string(),
                who,
                format!(
                    "{} {}",
                    f.rule.code(),
                    f.rule.chinese_in(rubric.veto.no_update_days)
                ),
                signed(f),
                evidence.join("、"),
            ]
        })
        .collect();
    TableBlock {
        widths: vec![5, 12, 13, 8, 18],
        header: ["序号", "对象", "规则", "分值", "证据记录"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_is_written_so_a_unit_can_find_it() {
        let records = Records::from_iter([(
            "V1".to_string(),
            "V1（2026年9月1日发现，错别字）".to_string(),
        )]);
        assert_eq!(
            evidence_words(RuleId::K1, "V1", &records),
            "V1（2026年9月1日发现，错别字）"
        );
        assert_eq!(
            evidence_words(RuleId::U1, "2026-07-01", &records),
            "2026年7月1日起一周"
        );
        assert_eq!(evidence_words(RuleId::U2, "2026-08", &records), "2026年8月");
        assert_eq!(
            evidence_words(RuleId::X1, "2026-09-15", &records),
            "最近一次发布于2026年9月15日"
        );
        assert_eq!(
            evidence_words(RuleId::M2, "定海县实验小学", &records),
            "定海县实验小学"
        );
    }

    #[test]
    fn articles_are_cited_with_the_measures_short_title() {
        assert_eq!(cited("第十五条", "《管理办法》"), "《管理办法》第十五条");
        assert_eq!(
            cited("国办秘函〔2019〕19号", "《管理办法》"),
            "国办秘函〔2019〕19号"
        );
    }
}
