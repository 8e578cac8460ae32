//! The content scan in the report (SPEC §16.9): the 内容巡检 box of the overview and `scan.html`,
//! the open candidates by unit (most open first, veto categories first within each).

use rustc_hash::FxHashMap as HashMap;

use crate::report::view::{ScanBox, ScanPage, ScanRowView, ScanUnit, Stat};
use crate::report::{Builder, name, unit_file};
use crate::scan::candidates::{CandidateRow, ScanRun};
use crate::vocab::{ReviewDecision, ScanStatus};

/// How many candidates scan.html lists (all are in scan_candidates.csv).
const SCAN_SHOWN: usize = 2000;

/// Why the scan was not evaluated, in words.
fn reason(scan: &ScanRun) -> String {
    match scan.not_evaluated {
        Some(r) if r.contains("rules") => {
            "评分细则的 [scan] rules 为空，未开展内容巡检。".to_string()
        }
        Some(_) => "发布记录（posts.csv）没有标题、正文或链接列，未开展内容巡检。".to_string(),
        None => String::new(),
    }
}

fn stat(label: &str, value: u64) -> Stat {
    Stat {
        label: label.to_string(),
        value: value.to_string(),
    }
}

/// The overview's box: found, open, confirmed, dismissed, and the open candidates of veto
/// categories called out.
pub(in crate::report) fn scan_box(b: &Builder<'_>) -> Option<ScanBox> {
    let scan = b.input.scan?;
    let r = &scan.result;
    let vetoes = &b.input.rubric.veto_categories;
    let veto_open = (r.rows.iter())
        .filter(|c| c.status == Some(ScanStatus::Open) && vetoes.contains(&c.category))
        .count();
    let names: Vec<&str> = vetoes.iter().map(|c| c.chinese()).collect();
    Some(ScanBox {
        evaluated: scan.evaluated(),
        reason: reason(scan),
        posts: r.posts_scanned.to_string(),
        stats: vec![
            stat("疑似问题", r.found),
            stat("待复核", r.open),
            stat("已确认", r.confirmed),
            stat("已排除", r.dismissed),
        ],
        veto_open: if veto_open > 0 {
            format!(
                "其中{veto_open}条待复核疑似问题属于单项否决类别（{}），请优先复核。",
                names.join("、")
            )
        } else {
            String::new()
        },
    })
}

/// `scan.html`.
pub(in crate::report) fn scan_page(b: &Builder<'_>) -> ScanPage {
    let Some(scan) = b.input.scan else {
        return ScanPage {
            site: b.site(""),
            evaluated: false,
            reason: "本次运行未开展内容巡检。".to_string(),
            units: Vec::new(),
            open: 0,
            shown: 0,
            cut: false,
        };
    };
    let vetoes = &b.input.rubric.veto_categories;
    let platforms: HashMap<&str, &str> = (b.input.dataset.accounts.iter())
        .map(|a| (a.account_id.as_str(), a.platform.label()))
        .collect();
    let mut by_unit: HashMap<&str, Vec<&CandidateRow>> = HashMap::default();
    for c in scan
        .result
        .rows
        .iter()
        .filter(|c| c.status == Some(ScanStatus::Open))
    {
        by_unit.entry(c.unit_id.as_str()).or_default().push(c);
    }
    let mut units: Vec<(&str, Vec<&CandidateRow>)> = by_unit.into_iter().collect();
    units.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let open: usize = units.iter().map(|u| u.1.len()).sum();
    let mut left = SCAN_SHOWN;
    let mut shown_units = Vec::new();
    for (unit_id, mut rows) in units {
        if left == 0 {
            break;
        }
        // Veto categories first, then the file's order (stable).
        rows.sort_by_key(|c| !vetoes.contains(&c.category));
        let count = rows.len();
        rows.truncate(left);
        left -= rows.len();
        let first = rows[0];
        shown_units.push(ScanUnit {
            unit_name: name(&first.unit_name, "scan_candidates.csv"),
            href: (b.unit_index.get(unit_id)).map_or_else(String::new, |i| unit_file(*i)),
            open: count.to_string(),
            rows: rows.iter().map(|c| row(c, vetoes, &platforms)).collect(),
        });
    }
    ScanPage {
        site: b.site(""),
        evaluated: scan.evaluated(),
        reason: reason(scan),
        units: shown_units,
        open,
        shown: SCAN_SHOWN.min(open),
        cut: open > SCAN_SHOWN,
    }
}

/// One open candidate in words; the account named 账号名称（平台）.
fn row(
    c: &CandidateRow,
    vetoes: &[crate::model::ViolationCategory],
    platforms: &HashMap<&str, &str>,
) -> ScanRowView {
    let found = c.found.as_ref();
    let account = name(&c.account_name, "scan_candidates.csv");
    ScanRowView {
        account: match platforms.get(c.account_id.as_str()) {
            Some(platform) => format!("{account}（{platform}）"),
            None => account,
        },
        published_at: c.published_at.clone(),
        field: found.map_or(String::new(), |f| f.field.chinese().to_string()),
        rule: found.map_or(String::new(), |f| f.rule.chinese().to_string()),
        category: c.category.chinese().to_string(),
        context: found.map_or(String::new(), |f| f.context.clone()),
        suggestion: found.map_or(String::new(), |f| f.suggestion.clone()),
        veto: vetoes.contains(&c.category),
    }
}

/// A unit's open and confirmed candidates (its page), by unit_id.
pub(in crate::report) fn counts_by_unit(scan: Option<&ScanRun>) -> HashMap<&str, (u64, u64)> {
    let mut of: HashMap<&str, (u64, u64)> = HashMap::default();
    for c in scan.iter().flat_map(|s| &s.result.rows) {
        let e = of.entry(c.unit_id.as_str()).or_default();
        if c.status == Some(ScanStatus::Open) {
            e.0 += 1;
        }
        if c.decision == Some(ReviewDecision::Confirmed) {
            e.1 += 1;
        }
    }
    of
}
