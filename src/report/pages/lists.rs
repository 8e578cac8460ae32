//! The two lists' pages: consolidation.html (§5) and accountability.html (§6, with the §9 spread).

use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::{Action, ConsolidationEntry};
use crate::present::number;
use crate::report::view::{
    AccountabilityPage, AccountabilityRow, ConsolidationPage, ConsolidationRow,
};
use crate::report::{Builder, REASON_UNITS, ReportError, count_by, name, opt, robustness};
use crate::scoring::rubric::Level;

impl<'a> Builder<'a> {
    pub(in crate::report) fn consolidation_row(
        &self,
        e: &ConsolidationEntry,
        root: &str,
    ) -> ConsolidationRow {
        let unit_name = self
            .unit_rows
            .get(e.unit_id.as_str())
            .map_or(String::new(), |u| u.unit_name.clone());
        ConsolidationRow {
            account_id: e.account_id.clone(),
            account_name: name(&e.account_name, "consolidation.csv"),
            unit_name,
            unit_href: self.unit_href(&e.unit_id, root),
            platform: e.platform.label().to_string(),
            action: e.action.chinese().to_string(),
            action_class: e.action.code().to_string(),
            merge_into: (e.merge_into.iter())
                .map(|id| self.account_label(id))
                .collect::<Vec<_>>()
                .join("、"),
            reasons: e
                .reasons
                .iter()
                .map(|r| format!("{} {}", r.code(), r.chinese()))
                .collect::<Vec<_>>()
                .join("；"),
            followers: opt(e.followers),
            posts: e.posts.to_string(),
            days_since_update: e
                .days_since_update
                .map_or("从未".to_string(), |d| d.to_string()),
        }
    }

    pub(in crate::report) fn accountability_row(
        &self,
        e: &AccountabilityEntry,
        root: &str,
    ) -> AccountabilityRow {
        AccountabilityRow {
            unit_id: e.unit_id.clone(),
            unit_name: name(&e.unit_name, "accountability.csv"),
            unit_href: self.unit_href(&e.unit_id, root),
            level: e.level.chinese().to_string(),
            level_class: e.level.code().to_string(),
            rules: (e.rules.iter())
                .map(|r| format!("{} {}", r.code(), r.chinese()))
                .collect(),
            evidence: e
                .evidence
                .iter()
                .map(|text| crate::limits::fit(text, REASON_UNITS, "accountability.csv"))
                .collect(),
            score: e.score.map_or("未评分".to_string(), number),
            spread: (self.robustness.get(e.unit_id.as_str()))
                .map_or(String::new(), |r| robustness::spread(r)),
            verdict: (self.robustness.get(e.unit_id.as_str()))
                .map_or(String::new(), |r| robustness::words(r)),
            verdict_class: e.verdict.map_or("none", |v| v.code()).to_string(),
        }
    }
}

/// `consolidation.html`: the counts per action and the list.
pub(in crate::report) fn consolidation_page(b: &Builder<'_>) -> ConsolidationPage {
    let input = b.input;
    ConsolidationPage {
        site: b.site(""),
        counts: count_by(
            Action::ALL,
            input.consolidation,
            |e| e.action,
            Action::chinese,
        ),
        rows: (input.consolidation.iter())
            .map(|e| b.consolidation_row(e, ""))
            .collect(),
    }
}

/// `accountability.html`: the counts per level and the list.
pub(in crate::report) fn accountability_page(
    b: &Builder<'_>,
) -> Result<AccountabilityPage, ReportError> {
    let input = b.input;
    let ranked = input
        .scores
        .units
        .iter()
        .filter(|u| u.rank.is_some())
        .count();
    let chart = match input.robustness {
        Some(rows) => robustness::chart(input.accountability, rows, ranked)?,
        None => None,
    };
    Ok(AccountabilityPage {
        draws: input
            .robustness
            .map_or(String::new(), |_| input.rubric.robustness.draws.to_string()),
        interval_chart: chart,
        chart_cut: input.accountability.len() > robustness::CHART_ROWS,
        site: b.site(""),
        counts: count_by(
            Level::ALL,
            input.accountability,
            |e| e.level,
            Level::chinese,
        ),
        rows: (input.accountability.iter())
            .map(|e| b.accountability_row(e, ""))
            .collect(),
    })
}
