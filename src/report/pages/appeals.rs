//! The appeals page (§14): each appeal, its decision and reason, what it changed.

use crate::config::Period;
use crate::report::view::{AppealRowView, AppealsPage};
use crate::report::{Builder, count_by, opt_number};

impl<'a> Builder<'a> {
    /// One appeal as the pages show it.
    pub(in crate::report) fn appeal_row(
        &self,
        a: &crate::appeals::AppealResult,
        root: &str,
    ) -> AppealRowView {
        let shift = |before: Option<f64>, after: Option<f64>| match (before, after) {
            (None, None) => "—".to_string(),
            (b, a) if b == a => opt_number(a),
            (b, a) => format!("{} → {}", opt_number(b), opt_number(a)),
        };
        AppealRowView {
            appeal_id: a.appeal_id.clone(),
            period: Period::chinese_label(&a.period),
            unit_name: (self.unit_rows.get(a.unit_id.as_str()))
                .map_or_else(|| a.unit_id.clone(), |u| u.unit_name.clone()),
            unit_href: self.unit_href(&a.unit_id, root),
            account: (a.account_id.as_deref())
                .map_or_else(|| "（单位）".to_string(), |id| self.account_label(id)),
            rule: format!("{} {}", a.rule.code(), a.rule.chinese()),
            record: a.record_id.clone().unwrap_or_default(),
            decision: a.decision.chinese().to_string(),
            reason: a.reason.clone().unwrap_or_default(),
            effect: a.effect.chinese().to_string(),
            account_score: shift(a.account_score_before, a.account_score_after),
            unit_score: shift(a.unit_score_before, a.unit_score_after),
            list_change: a.list_change_chinese(),
        }
    }
}

/// How many appeals the appeals page lists (all are in appeals_result.csv).
pub(in crate::report) const APPEALS_SHOWN: usize = 2000;

/// `appeals.html`: the appeals, their decisions and effects (SPEC §14).
pub(in crate::report) fn appeals_page(b: &Builder<'_>) -> AppealsPage {
    use crate::appeals::Effect;
    use crate::model::Decision;
    let rows = b.input.appeals.unwrap_or_default();
    AppealsPage {
        site: b.site(""),
        known: b.input.appeals.is_some(),
        decisions: count_by(Decision::ALL, rows, |r| r.decision, Decision::chinese),
        effects: count_by(Effect::ALL, rows, |r| r.effect, Effect::chinese),
        rows: (rows.iter().take(APPEALS_SHOWN))
            .map(|a| b.appeal_row(a, ""))
            .collect(),
        cut: rows.len() > APPEALS_SHOWN,
        shown: APPEALS_SHOWN.to_string(),
    }
}
