//! The circular's words on the rest of the Measures (SPEC §17): the paragraph 转发任务完成情况 of
//! 一、总体情况 and the problem 账号备案和注销管理不规范 of 二、存在的主要问题.

use rustc_hash::FxHashMap as HashMap;

use super::Input;
use crate::catalogue::RuleId;
use crate::present::percent;

/// 转发任务完成情况 (SPEC §17.1): the counts, then the units with the lowest rates; empty
/// without tasks.csv.
pub(super) fn tasks_paragraph(input: &Input<'_>) -> String {
    let Some(run) = input.tasks else {
        return String::new();
    };
    let t = run.total();
    let mut text = format!(
        "转发任务完成情况：本期共下达转发任务{}项，应转发{}个账号次，按时完成{}个（完成率{}），逾期完成{}个，未完成{}个。",
        run.counted.len(),
        t.due,
        t.done,
        percent(t.rate()),
        t.late,
        t.missed
    );
    let mut low: Vec<(&str, &str, f64)> = (input.scores.units.iter())
        .filter_map(|u| {
            let rate = u.tasks.and_then(|c| c.rate())?;
            (rate < 1.0).then_some((u.unit_name.as_str(), u.unit_id.as_str(), rate))
        })
        .collect();
    if low.is_empty() {
        return text;
    }
    low.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.1.cmp(b.1)));
    let limit = input.rubric.documents.named as usize;
    let names: Vec<String> = (low.iter().take(limit))
        .map(|(name, _, rate)| format!("{name}（{}）", percent(Some(*rate))))
        .collect();
    let more = if low.len() > limit {
        format!("等{}个单位", low.len())
    } else {
        String::new()
    };
    text.push_str(&format!("完成率较低的单位：{}{more}。", names.join("、")));
    text
}

/// 账号备案和注销管理不规范 (SPEC §17.2): the count per kind and the accounts named as §11 names
/// them; none without a finding.
pub(super) fn lifecycle_problem(input: &Input<'_>) -> Option<(String, String)> {
    let run = input.lifecycle;
    if run.rows.is_empty() {
        return None;
    }
    let units: HashMap<&str, &str> = (input.dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let mut accounts: Vec<u32> = run.rows.iter().map(|r| r.account).collect();
    accounts.sort_by(|a, b| {
        let id = |x: &u32| input.dataset.accounts[*x as usize].account_id.as_str();
        id(a).cmp(id(b))
    });
    accounts.dedup();
    let limit = input.rubric.documents.named as usize;
    let names: Vec<String> = (accounts.iter().take(limit))
        .map(|a| {
            let account = &input.dataset.accounts[*a as usize];
            let unit = units.get(account.unit_id.as_str()).copied().unwrap_or("");
            format!(
                "{}（{}，{unit}）",
                account.account_name,
                account.platform.label()
            )
        })
        .collect();
    let more = if accounts.len() > limit {
        format!("等{}个账号", accounts.len())
    } else {
        String::new()
    };
    let text = format!(
        "核查账号登记、备案和发布记录，发现注销或关停后仍在发布{}个、备案不及时{}个、变更未备案{}个：{}{more}。请相关单位核实情况，按规定补办备案或关停注销手续；登记有误的，及时更正。",
        run.count(RuleId::L1),
        run.count(RuleId::L2),
        run.count(RuleId::L3),
        names.join("、")
    );
    Some(("账号备案和注销管理不规范".to_string(), text))
}
