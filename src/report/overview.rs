//! The overview page (`index.html`): headline figures and counts from the run's summary (computed
//! once, for summary.json and the report alike), the charts with axes and labels that follow the
//! rubric in force, results by platform, the change against the previous period, the ranking.

use super::view::{DocLink, Overview, PlatformRow, Stat};
use super::{Builder, ReportError, charts};
use crate::catalogue::RuleId;
use crate::lists::consolidation::Action;
use crate::model::Platform;
use crate::overview::Group;
use crate::present::{number, percent};
use crate::scoring::AccountScore;
use crate::scoring::rubric::{Level, Rubric};
use crate::scoring::rules::Grade;

/// Builds the overview page.
pub(super) fn overview(b: &Builder<'_>) -> Result<Overview, ReportError> {
    let input = b.input;
    let summary = input.summary;
    let grades: Vec<String> = GRADES.iter().map(|g| g.chinese().to_string()).collect();
    let grade_counts: Vec<f64> = (summary.counts.account_grades.iter())
        .map(|g| g.count as f64)
        .collect();
    let veto_counts: Vec<f64> = summary
        .counts
        .vetoes
        .iter()
        .map(|v| v.count as f64)
        .collect();
    let edges = histogram_edges(input.rubric);
    let bins = histogram(&input.scores.accounts, &edges);
    let (platforms, names, means) = by_platform(&input.breakdowns.platforms);
    Ok(Overview {
        site: b.site(""),
        headline: headline(b),
        grade_chart: charts::bars("grades", &grades, &grade_counts, "账号数")?,
        histogram_chart: charts::histogram("scores", &edges, &bins, input.rubric.grades.pass)?,
        platform_chart: charts::bars("platforms", &names, &means, "平均得分")?,
        veto_chart: charts::bars("vetoes", &veto_labels(input.rubric), &veto_counts, "账号数")?,
        history_chart: history_chart(b)?,
        change: change(b),
        followup: followup_line(b),
        platforms,
        ranking: (input.scores.units.iter())
            .map(|u| b.unit_row(u, ""))
            .collect(),
        lists: lists(b),
        documents: documents(b),
        placeholders: crate::office::placeholder_names(&summary.documents.placeholders),
        scan: crate::report::pages::scan_box(b),
        tasks: b.task_stats(),
    })
}

/// 上次通报问题整改情况 in one line (SPEC §13), linking to the follow-up page; empty without a
/// previous run's lists.
fn followup_line(b: &Builder<'_>) -> String {
    use crate::lists::followup::{ListKind, count};
    let Some(rows) = b.input.followup else {
        return String::new();
    };
    let part = |kind: ListKind, what: &str| {
        let total = rows.iter().filter(|r| r.kind == kind).count();
        let counts: Vec<String> = (kind.statuses().iter())
            .map(|s| (s, count(rows, kind, *s)))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{}{n}个", s.chinese()))
            .collect();
        if counts.is_empty() {
            format!("上期{what}0个")
        } else {
            format!("上期{what}{total}个：{}", counts.join("、"))
        }
    };
    format!(
        "{}；{}。",
        part(ListKind::Accountability, "约谈问责单位"),
        part(ListKind::Consolidation, "清理整合账号"),
    )
}

/// The links to the documents of SPEC §11 (their names follow from the period and the list).
fn documents(b: &Builder<'_>) -> Vec<DocLink> {
    let input = b.input;
    let listed = input.accountability.len();
    let called = (input.accountability.iter())
        .filter(|e| e.level <= Level::Interview)
        .count();
    let link = |label: String, href: String| DocLink { label, href };
    let mut links = vec![link(
        format!("关于{}政务新媒体检查情况的通报", input.period.chinese()),
        format!("../docs/通报-{}.docx", input.period.label),
    )];
    if listed > 0 {
        links.push(link(
            format!("整改通知书（{listed}份）"),
            "../docs/整改通知书/".into(),
        ));
    }
    if called > 0 {
        links.push(link(
            format!("约谈通知（{called}份）"),
            "../docs/约谈通知/".into(),
        ));
    }
    links
}

const GRADES: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Fail];

fn stat(label: &str, value: String) -> Stat {
    Stat {
        label: label.to_string(),
        value,
    }
}

/// Accounts assessed, pass rates, vetoes, units scored.
fn headline(b: &Builder<'_>) -> Vec<Stat> {
    let summary = b.input.summary;
    let counts = &summary.counts;
    vec![
        stat("评估账号", counts.accounts_assessed.to_string()),
        stat("账号合格率", percent(summary.pass_rates.accounts)),
        stat("单项否决账号", counts.accounts_vetoed.to_string()),
        stat(
            "评分单位",
            format!("{} / {}", counts.units_scored, counts.units),
        ),
        stat("单位合格率", percent(summary.pass_rates.units)),
    ]
}

/// Bins of 10 points from 0 up to past the highest possible score (100 + bonus.max): the last
/// bin, half open like the others, still holds it.
pub(super) fn histogram_edges(rubric: &Rubric) -> Vec<f64> {
    let top = ((100.0 + rubric.bonus.max) / 10.0).floor() as usize + 1;
    (0..=top).map(|k| k as f64 * 10.0).collect()
}

/// Accounts per bin; a score outside every bin counts in the last.
fn histogram(accounts: &[AccountScore], edges: &[f64]) -> Vec<u64> {
    let mut bins = vec![0u64; edges.len().saturating_sub(1)];
    for a in accounts {
        let bin = (edges.windows(2))
            .position(|e| a.score >= e[0] && a.score < e[1])
            .unwrap_or(bins.len().saturating_sub(1));
        if let Some(count) = bins.get_mut(bin) {
            *count += 1;
        }
    }
    bins
}

/// The veto rules' chart labels, X1's span as the rubric sets it (两周 for 14 days).
pub(super) fn veto_labels(rubric: &Rubric) -> Vec<String> {
    let span = crate::catalogue::span(rubric.veto.no_update_days);
    [
        (RuleId::X1, format!("{span}无更新")),
        (RuleId::X2, "无互动功能".to_string()),
        (RuleId::X3, "泄密违法等".to_string()),
    ]
    .into_iter()
    .map(|(_, label)| label)
    .collect()
}

/// Results by platform: rows, chart labels and mean scores.
fn by_platform(groups: &[Group<Platform>]) -> (Vec<PlatformRow>, Vec<String>, Vec<f64>) {
    let rows = (groups.iter())
        .map(|g| PlatformRow {
            platform: g.key.label().to_string(),
            accounts: g.count.to_string(),
            mean_score: number(g.mean),
            pass_rate: percent(Some(g.pass_rate())),
            vetoed: g.vetoed.to_string(),
        })
        .collect();
    let names = groups.iter().map(|g| g.key.label().to_string()).collect();
    let means = groups.iter().map(|g| g.mean).collect();
    (rows, names, means)
}

/// A period's label, account and unit pass rates, and rubric hash (when known).
type PeriodRates<'a> = (String, Option<f64>, Option<f64>, Option<&'a str>);

/// The pass rates over the earlier runs found (SPEC §13), the previous run's when it is not
/// among them, and this one; a mark where the rubric changed.
fn history_chart(b: &Builder<'_>) -> Result<Option<String>, ReportError> {
    let input = b.input;
    let mut periods: Vec<PeriodRates<'_>> = (input.history.runs)
        .iter()
        .map(|r| {
            let sha = Some(r.rubric_sha256.as_str());
            (r.period.label.clone(), r.accounts_rate, r.units_rate, sha)
        })
        .collect();
    if let Some(p) = &input.previous
        && !periods.iter().any(|(label, ..)| *label == p.period)
    {
        periods.push((p.period.clone(), p.accounts, p.units, None));
    }
    if periods.is_empty() {
        return Ok(None);
    }
    let now = &input.summary.pass_rates;
    periods.push((
        input.period.label.clone(),
        now.accounts,
        now.units,
        Some(input.rubric.sha256.as_str()),
    ));
    let percent = |rate: Option<f64>| rate.map(|r| r * 100.0);
    let labels: Vec<String> = (periods.iter())
        .map(|p| crate::config::Period::chinese_label(&p.0))
        .collect();
    let series = vec![
        (
            "账号合格率 %".to_string(),
            periods.iter().map(|p| percent(p.1)).collect(),
        ),
        (
            "单位合格率 %".to_string(),
            periods.iter().map(|p| percent(p.2)).collect(),
        ),
    ];
    let hashes: Vec<Option<&str>> = periods.iter().map(|p| p.3).collect();
    Ok(Some(charts::periods(
        "pass rate history",
        &labels,
        &series,
        "合格率 %",
        &rubric_changes(&hashes),
        false,
        None,
    )?))
}

/// The positions whose rubric hash differs from the one before (both known).
pub(super) fn rubric_changes(hashes: &[Option<&str>]) -> Vec<usize> {
    (1..hashes.len())
        .filter(|&i| matches!((hashes[i - 1], hashes[i]), (Some(a), Some(b)) if a != b))
        .collect()
}

/// Units whose grade rose, stayed, fell, or failed twice, against the previous period.
fn change(b: &Builder<'_>) -> Vec<Stat> {
    let order = |g: Grade| 3 - GRADES.iter().position(|x| *x == g).unwrap_or(3);
    let compared: Vec<(Grade, Grade)> = (b.input.scores.units.iter())
        .filter_map(|u| Some((u.grade?, u.previous_grade?)))
        .collect();
    if compared.is_empty() {
        return vec![];
    }
    let count = |keep: &dyn Fn(Grade, Grade) -> bool| {
        let n = compared.iter().filter(|(now, before)| keep(*now, *before));
        n.count().to_string()
    };
    vec![
        stat("等级上升", count(&|n, p| order(n) > order(p))),
        stat("等级不变", count(&|n, p| n == p)),
        stat("等级下降", count(&|n, p| order(n) < order(p))),
        stat(
            "连续两期不合格",
            count(&|n, p| n == Grade::Fail && p == Grade::Fail),
        ),
    ]
}

/// The units per level and the accounts to close or merge.
fn lists(b: &Builder<'_>) -> Vec<Stat> {
    let input = b.input;
    let level = |l: Level| {
        let n = input.accountability.iter().filter(|e| e.level == l);
        n.count().to_string()
    };
    let action = |a: Action| {
        let n = input.consolidation.iter().filter(|e| e.action == a);
        n.count().to_string()
    };
    let mut stats: Vec<Stat> = Level::ALL
        .iter()
        .copied()
        .map(|l| stat(l.chinese(), level(l)))
        .collect();
    stats.push(stat("建议关停注销", action(Action::Close)));
    stats.push(stat("建议整合", action(Action::Merge)));
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_reaches_past_the_highest_score_and_x1_names_the_rubric_span() {
        let mut rubric = Rubric::default_rubric().unwrap();
        assert_eq!(histogram_edges(&rubric).last(), Some(&120.0)); // holds 110
        rubric.bonus.max = 0.0;
        assert_eq!(histogram_edges(&rubric).last(), Some(&110.0)); // holds 100
        assert_eq!(veto_labels(&rubric)[0], "两周无更新");
        rubric.veto.no_update_days = 10;
        assert_eq!(veto_labels(&rubric)[0], "10天无更新");
        rubric.veto.no_update_days = 21;
        assert_eq!(veto_labels(&rubric)[0], "三周无更新");
    }
}
