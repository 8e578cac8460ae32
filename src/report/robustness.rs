//! The robustness analysis as the report shows it (SPEC §9): the verdict in words, a unit's best
//! and worst score, fail share and rank interval, the rank-interval chart of the listed units, and
//! what the method page says was perturbed and how.

use serde::Serialize;

use super::charts::{self, ChartError, Interval};
use super::view::Stat;
use crate::lists::accountability::{AccountabilityEntry, Verdict};
use crate::present::number;
use crate::robustness::RobustnessRow;
use crate::scoring::rubric::Rubric;

/// How many listed units the rank-interval chart shows (all are in robustness.csv).
pub(super) const CHART_ROWS: usize = 40;
/// How many characters of a unit's name the chart shows.
const CHART_NAME_CHARS: usize = 12;

/// A unit's robustness, formatted.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RobustnessView {
    pub best: String,
    pub worst: String,
    pub fail_share: String,
    pub interval: String,
    pub words: String,
    pub class: String,
}

/// `count / n` as a percentage with at most one decimal (`23%`, `99.6%`).
fn percent(count: u32, n: u32) -> String {
    let tenths = (u64::from(count) * 2000 + u64::from(n)) / (2 * u64::from(n.max(1)));
    let text = format!("{}.{}", tenths / 10, tenths % 10);
    format!("{}%", text.trim_end_matches(".0"))
}

/// SPEC §9's figures of one unit: 「得分54–61分，名次3–9」 (worst to best, the 5th to 95th
/// percentile of its ranks).
pub(super) fn spread(r: &RobustnessRow) -> String {
    let [low, _, high] = r.ranks;
    let (worst, best) = (number(r.worst_score), number(r.best_score));
    let scores = if worst == best {
        worst
    } else {
        format!("{worst}–{best}")
    };
    let ranks = if low == high {
        low.to_string()
    } else {
        format!("{low}–{high}")
    };
    format!("得分{scores}分，名次{ranks}")
}

/// The verdict in words.
pub(super) fn words(r: &RobustnessRow) -> String {
    let n = r.draws;
    let level = r.level.map(|l| l.chinese());
    match (r.verdict, level) {
        (Some(Verdict::Robust), Some(level)) if r.listed == n => {
            format!("{n}次权重扰动中均在名单内（{level}或更重）")
        }
        (Some(Verdict::Robust), Some(level)) => format!(
            "{n}次权重扰动中{}在名单内（{level}或更重），稳健",
            percent(r.listed, n)
        ),
        (Some(Verdict::Fragile), _) => format!(
            "{}的扰动情形低于现列级别，建议复核",
            percent(n - r.listed, n)
        ),
        (Some(Verdict::Borderline), _) => format!(
            "本期未列入名单，但{}的扰动情形会列入，建议关注",
            percent(r.listed, n)
        ),
        _ => format!("本期未列入名单；{n}次扰动中列入{}", percent(r.listed, n)),
    }
}

/// A unit's robustness block.
pub(super) fn unit_view(r: &RobustnessRow) -> RobustnessView {
    RobustnessView {
        best: number(r.best_score),
        worst: number(r.worst_score),
        fail_share: percent(r.fails, r.draws),
        interval: format!("{}–{}（中位 {}）", r.ranks[0], r.ranks[2], r.ranks[1]),
        words: words(r),
        class: r.verdict.map_or("none", |v| v.code()).to_string(),
    }
}

/// The rank intervals of the first listed units, in the list's order.
pub(super) fn chart(
    entries: &[AccountabilityEntry],
    rows: &[RobustnessRow],
    ranked: usize,
) -> Result<Option<String>, ChartError> {
    let of: std::collections::HashMap<&str, &RobustnessRow> =
        rows.iter().map(|r| (r.unit_id.as_str(), r)).collect();
    let shown: Vec<Interval> = (entries.iter())
        .filter_map(|e| of.get(e.unit_id.as_str()))
        .take(CHART_ROWS)
        .map(|r| Interval {
            label: short(&r.unit_name),
            low: f64::from(r.ranks[0]),
            median: f64::from(r.ranks[1]),
            high: f64::from(r.ranks[2]),
        })
        .collect();
    if shown.is_empty() {
        return Ok(None);
    }
    charts::intervals(
        "intervals",
        &shown,
        ranked as f64,
        "名次（圆点为中位数，横条为5%–95%）",
    )
    .map(Some)
}

fn short(name: &str) -> String {
    let mut chars = name.chars();
    let head: String = chars.by_ref().take(CHART_NAME_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// What the method page says: draws, seed, spread, the corners and the keys perturbed.
pub(super) fn method(rubric: &Rubric) -> Vec<Stat> {
    let r = &rubric.robustness;
    if r.draws == 0 {
        return vec![Stat {
            label: "稳健性检验".to_string(),
            value: "本次未进行（扰动次数设为0）".to_string(),
        }];
    }
    let stat = |label: &str, value: String| Stat {
        label: label.to_string(),
        value,
    };
    vec![
        stat("扰动次数", r.draws.to_string()),
        stat("随机种子", r.seed.to_string()),
        stat(
            "扰动幅度",
            format!(
                "各参数乘以 [{}, {}) 内的随机系数（天数四舍五入取整）",
                number(1.0 - r.spread),
                number(1.0 + r.spread)
            ),
        ),
        stat(
            "最好与最差情形",
            "全部参数取最宽松端（扣分×(1−幅度)，加分与期限×(1+幅度)）与最严格端".to_string(),
        ),
        stat(
            "扰动的参数",
            r.perturb
                .iter()
                .map(|k| k.path())
                .collect::<Vec<_>>()
                .join("、"),
        ),
        stat(
            "判定",
            "稳健：≥95%的扰动中仍在现列级别或更重；不稳健：低于95%；临界：未列入但≥5%的扰动中列入"
                .to_string(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_keep_one_decimal_at_most() {
        assert_eq!(percent(230, 1000), "23%");
        assert_eq!(percent(996, 1000), "99.6%");
        assert_eq!(percent(1000, 1000), "100%");
        assert_eq!(percent(0, 1000), "0%");
    }
}
