//! The follow-up page (§13): what became of the previous run's lists.

use crate::config::Period;
use crate::report::Builder;
use crate::report::view::{FollowupPage, FollowupRowView, Stat};

/// How many rows the follow-up page lists (all are in followup.csv).
pub(in crate::report) const FOLLOWUP_SHOWN: usize = 2000;

/// `followup.html`: what became of the previous run's lists (SPEC §13).
pub(in crate::report) fn followup_page(b: &Builder<'_>) -> FollowupPage {
    use crate::lists::followup::{ListKind, Status, count};
    let rows = b.input.followup.unwrap_or_default();
    let counts = |kind: ListKind| -> Vec<Stat> {
        (kind.statuses().iter())
            .map(|s| Stat {
                label: s.chinese().to_string(),
                value: count(rows, kind, *s).to_string(),
            })
            .collect()
    };
    let total = |kind: ListKind| rows.iter().filter(|r| r.kind == kind).count().to_string();
    FollowupPage {
        site: b.site(""),
        known: b.input.followup.is_some(),
        previous: (b.input.previous.as_ref())
            .map_or(String::new(), |p| Period::chinese_label(&p.period)),
        consolidation_total: total(ListKind::Consolidation),
        consolidation_counts: counts(ListKind::Consolidation),
        accountability_total: total(ListKind::Accountability),
        accountability_counts: counts(ListKind::Accountability),
        rows: rows
            .iter()
            .take(FOLLOWUP_SHOWN)
            .map(|r| FollowupRowView {
                kind: r.kind.chinese().to_string(),
                id: r.id.clone(),
                unit_name: (b.unit_rows.get(r.unit_id.as_str()))
                    .map_or_else(|| r.unit_id.clone(), |u| u.unit_name.clone()),
                unit_href: b.unit_href(&r.unit_id, ""),
                previous: r.previous_chinese(),
                status: r.status.chinese().to_string(),
                status_class: match r.status {
                    Status::Pending | Status::Persists | Status::Reopened => "fail",
                    Status::Partial | Status::Unknown => "interview",
                    _ => "excellent",
                },
                detail: r.detail.clone(),
            })
            .collect(),
        cut: rows.len() > FOLLOWUP_SHOWN,
        shown: FOLLOWUP_SHOWN.to_string(),
    }
}
