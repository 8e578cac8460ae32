//! The notices to one listed unit: the rectification notice (整改通知书: every rule with its
//! article and evidence, the findings with their points and record ids, the deadlines, a receipt
//! slip) and, at the interview level or above, the interview notice (约谈通知).

use serde::Serialize;

use super::layout::{Block, DocumentError, TableBlock};
use super::{Dates, Input, chinese_date, text};
use crate::lists::accountability::AccountabilityEntry;
use crate::present::number;
use crate::scoring::Finding;
use crate::scoring::rules::Scope;
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
    issuer: String,
    period: String,
    as_of: String,
    unit_name: String,
    standing: String,
    level: String,
    rules: Vec<Rule>,
    findings: bool,
    deadline: String,
    appeal_deadline: String,
    issue_date: String,
}

/// The notices of one unit on the list.
pub struct Notice {
    view: View,
    findings: TableBlock,
}

impl Notice {
    /// The notices of `entry`.
    pub fn new(
        input: &Input<'_>,
        entry: &AccountabilityEntry,
        own: &[&Finding],
        dates: &Dates,
    ) -> Notice {
        let d = &input.rubric.documents;
        let standing = match entry.score {
            Some(score) => format!("本期得分{}分", number(score)),
            None => "本期无在运营的政务新媒体账号".to_string(),
        };
        let rules = (entry.rules.iter().zip(&entry.evidence).enumerate())
            .map(|(i, (rule, evidence))| Rule {
                number: super::circular::chinese_number(i + 1),
                title: format!(
                    "{}（{}，依据{}）",
                    rule.chinese(),
                    rule.code(),
                    rule.article()
                ),
                text: format!("{}。", chinese_only(evidence).trim_end_matches('。')),
            })
            .collect();
        let findings = findings(own);
        Notice {
            view: View {
                number: d.number.clone(),
                basis: d.basis.clone(),
                issuer: d.issuer.clone(),
                period: input.period.label.clone(),
                as_of: chinese_date(input.as_of),
                unit_name: entry.unit_name.clone(),
                standing,
                level: entry.level.chinese().to_string(),
                rules,
                findings: !findings.rows.is_empty(),
                deadline: dates.deadline.clone(),
                appeal_deadline: dates.appeal.clone(),
                issue_date: dates.issue.clone(),
            },
            findings,
        }
    }

    /// The rectification notice.
    pub fn rectification(&self) -> Result<Vec<Block>, DocumentError> {
        let tables = HashMap::from_iter([("findings", self.findings.clone())]);
        text::blocks("rectification.txt", &self.view, &tables)
    }

    /// The interview notice.
    pub fn interview(&self) -> Result<Vec<Block>, DocumentError> {
        text::blocks("interview.txt", &self.view, &Default::default())
    }
}

/// An evidence sentence of accountability.csv in the register of a notice: without its rule
/// prefix (「R2: 」, the notice names the rule) and its English glosses (「 (the unit fails)」);
/// record ids in brackets stay.
fn chinese_only(evidence: &str) -> String {
    let body = match evidence.split_once(": ") {
        Some((rule, rest)) if rule.len() <= 3 && rule.starts_with('R') => rest,
        _ => evidence,
    };
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find(" (") {
        let close = rest[open..].find(')').map(|c| open + c);
        match close {
            Some(close) if is_gloss(&rest[open + 2..close]) => {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = &rest[open + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// English words in brackets (「the unit fails」), not record ids (「A000104 X3」).
fn is_gloss(text: &str) -> bool {
    text.is_ascii() && text.bytes().any(|b| b.is_ascii_lowercase())
}

/// The findings of each unit (its accounts' and its own), in the audit trail's order, found in
/// one pass over it.
pub fn findings_by_unit<'a>(input: &Input<'a>) -> HashMap<&'a str, Vec<&'a Finding>> {
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

/// The unit's findings: who, rule, points, the first record ids.
fn findings(own: &[&Finding]) -> TableBlock {
    let rows = (own.iter())
        .enumerate()
        .map(|(i, f)| {
            let mut evidence: Vec<&str> = f
                .evidence
                .iter()
                .take(EVIDENCE_SHOWN)
                .map(String::as_str)
                .collect();
            if f.evidence.len() > EVIDENCE_SHOWN {
                evidence.push("…");
            }
            vec![
                (i + 1).to_string(),
                f.id.clone(),
                format!("{} {}", f.rule.code(), f.rule.chinese()),
                number(f.points),
                evidence.join("、"),
            ]
        })
        .collect();
    TableBlock {
        widths: vec![3, 5, 9, 3, 8],
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
    fn evidence_loses_its_rule_prefix_and_english_glosses() {
        assert_eq!(
            chinese_only("R2: 单位得分54，不合格 (the unit fails)"),
            "单位得分54，不合格"
        );
        assert_eq!(
            chinese_only("R4: 严重问题 (serious violations): V00010401 反动暴力色情等违法违规内容"),
            "严重问题: V00010401 反动暴力色情等违法违规内容"
        );
        assert_eq!(
            chinese_only("R1: 2个账号单项否决 (A000104 X3, A000105 X1)"),
            "2个账号单项否决 (A000104 X3, A000105 X1)",
            "record ids stay"
        );
        assert_eq!(
            chinese_only("名称 (定海)"),
            "名称 (定海)",
            "not a gloss: kept"
        );
    }
}
