//! `compare.html`: the facts of a comparison, the rubric changes, the units whose grade or level
//! changes and a chart of rank A against rank B, with the report's look (base.html) and
//! conventions. View models hold finished strings; the template only loops.

use serde::Serialize;

use super::read::Run;
use super::{Comparison, UnitChange, shown};
use crate::present::percent;
use crate::report::{self, charts, view::Site, view::Stat};
use crate::scoring::rubric::Level;
use crate::scoring::rules::Grade;

/// A unit whose grade or level changes.
#[derive(Debug, Serialize)]
struct ChangedUnit {
    unit_id: String,
    unit_name: String,
    score_a: String,
    score_b: String,
    grade_a: String,
    grade_b: String,
    level_a: String,
    level_b: String,
    rank_a: String,
    rank_b: String,
}

/// A rubric key, both values.
#[derive(Debug, Serialize)]
struct KeyRow {
    key: String,
    a: String,
    b: String,
}

#[derive(Debug, Serialize)]
struct ComparePage {
    site: Site,
    a: String,
    b: String,
    facts: Vec<Stat>,
    rubric_known: bool,
    rubric_changes: Vec<KeyRow>,
    changed: Vec<ChangedUnit>,
    chart: Option<String>,
}

fn grade(g: Option<Grade>) -> String {
    g.map_or("—".to_string(), |g| g.chinese().to_string())
}

fn level(l: Option<Level>) -> String {
    l.map_or("—".to_string(), |l| l.chinese().to_string())
}

fn changed(u: &UnitChange) -> Option<ChangedUnit> {
    let grade_of = |side: &Option<super::UnitRow>| side.as_ref().and_then(|x| x.grade);
    let (ga, gb) = (grade_of(&u.a), grade_of(&u.b));
    let (la, lb) = (u.level(false), u.level(true));
    if ga == gb && la == lb {
        return None;
    }
    let score = |side: &Option<super::UnitRow>| shown(side.as_ref().and_then(|x| x.score));
    let rank = |side: &Option<super::UnitRow>| {
        side.as_ref()
            .and_then(|x| x.rank)
            .map_or("—".to_string(), |r| r.to_string())
    };
    Some(ChangedUnit {
        unit_id: u.unit_id.clone(),
        unit_name: crate::limits::fit(&u.unit_name, 200, "compare_units.csv"),
        score_a: score(&u.a),
        score_b: score(&u.b),
        grade_a: grade(ga),
        grade_b: grade(gb),
        level_a: level(la),
        level_b: level(lb),
        rank_a: rank(&u.a),
        rank_b: rank(&u.b),
    })
}

fn facts(c: &Comparison) -> Vec<Stat> {
    let f = &c.facts;
    let stat = |label: &str, value: String| Stat {
        label: label.to_string(),
        value,
    };
    let pair = |x: Option<f64>, y: Option<f64>| format!("{} → {}", percent(x), percent(y));
    let mut rows = vec![
        stat(
            "考核期",
            format!(
                "{} → {}",
                crate::config::Period::chinese_label(&f.a.period),
                crate::config::Period::chinese_label(&f.b.period)
            ),
        ),
        stat(
            "输入数据",
            if f.same_inputs {
                "相同（各文件SHA-256一致）".to_string()
            } else {
                format!("不同：{}", f.inputs_changed.join("、"))
            },
        ),
        stat("单位合格率", pair(f.a.unit_pass_rate, f.b.unit_pass_rate)),
        stat(
            "账号合格率",
            pair(f.a.account_pass_rate, f.b.account_pass_rate),
        ),
    ];
    for l in Level::ALL {
        let count = |s: &super::Side| s.levels.get(l.code()).copied().unwrap_or(0);
        rows.push(stat(
            l.chinese(),
            format!("{} → {}", count(&f.a), count(&f.b)),
        ));
    }
    rows.push(stat("新列入名单", f.entering.len().to_string()));
    rows.push(stat("移出名单", f.leaving.len().to_string()));
    rows.push(stat("级别变化", f.level_changed.len().to_string()));
    rows.push(stat(
        "名次平均变动（绝对值）",
        shown(f.mean_abs_rank_change),
    ));
    rows.push(stat(
        "名次最大变动",
        f.largest_abs_rank_change
            .map_or("—".to_string(), |x| x.to_string()),
    ));
    rows.push(stat(
        "斯皮尔曼等级相关系数ρ",
        f.spearman.map_or("—".to_string(), |r| r.to_string()),
    ));
    rows
}

/// The bytes of `compare.html`.
pub(super) fn page(a: &Run, b: &Run, c: &Comparison) -> anyhow::Result<Vec<u8>> {
    let points: Vec<(f64, f64)> = c
        .units
        .iter()
        .filter_map(|u| {
            Some((
                f64::from(u.a.as_ref()?.rank?),
                f64::from(u.b.as_ref()?.rank?),
            ))
        })
        .collect();
    let chart = if points.is_empty() {
        None
    } else {
        Some(charts::scatter("ranks", &points, ("A 名次", "B 名次"))?)
    };
    let page = ComparePage {
        site: Site {
            period: format!(
                "{}与{}",
                crate::config::Period::chinese_label(&a.period),
                crate::config::Period::chinese_label(&b.period)
            ),
            period_dates: String::new(),
            as_of: String::new(),
            tool: format!("govmedia {}", env!("CARGO_PKG_VERSION")),
            measures: String::new(),
            root: String::new(),
            tasks: false,
            inline_css: Some(crate::report::view::STYLESHEET),
        },
        a: a.folder.display().to_string(),
        b: b.folder.display().to_string(),
        facts: facts(c),
        rubric_known: c.facts.rubric_changes.is_some(),
        rubric_changes: (c.facts.rubric_changes.iter().flatten())
            .map(|k| KeyRow {
                key: k.key.clone(),
                a: k.a.clone().unwrap_or_else(|| "—".to_string()),
                b: k.b.clone().unwrap_or_else(|| "—".to_string()),
            })
            .collect(),
        changed: c.units.iter().filter_map(changed).collect(),
        chart,
    };
    Ok(report::render_one("compare.html", &page)?.into_bytes())
}
