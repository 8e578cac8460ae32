//! scan_candidates.csv (SPEC §16.8): what the scan found in the period's posts, each with the
//! review carried over from scan_review.csv, then the decided rows the scan no longer finds; and
//! the counts of summary.json's `scan` block.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::Found;
use crate::model::{Dataset, ReviewRow, ViolationCategory};
use crate::vocab::{ReviewDecision, ScanField, ScanRule, ScanStatus};

/// The `source` of a candidate.
pub(crate) const SOURCE: &str = "内容巡检";

/// One row of scan_candidates.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CandidateRow {
    pub violation_id: String,
    pub account_id: String,
    pub found_on: Option<NaiveDate>,
    pub category: ViolationCategory,
    pub post_id: String,
    pub resolved_on: Option<NaiveDate>,
    pub source: String,
    pub note: String,
    /// Confirmed or dismissed; open is written as empty.
    pub decision: Option<ReviewDecision>,
    pub reviewed_by: String,
    /// Empty for a carried row.
    pub status: Option<ScanStatus>,
    pub unit_id: String,
    pub unit_name: String,
    pub account_name: String,
    pub published_at: String,
    /// What the scan found; `None` for a carried row.
    pub found: Option<Found>,
}

/// The scan's rows and counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ScanResult {
    pub rows: Vec<CandidateRow>,
    /// Posts of the period scanned.
    pub posts_scanned: u64,
    /// Candidates found by this scan (carried rows not included).
    pub found: u64,
    pub by_rule: BTreeMap<ScanRule, u64>,
    pub open: u64,
    pub recorded: u64,
    pub confirmed: u64,
    pub dismissed: u64,
}

/// The order of the scan's rows: unit, account, published_at, post, field, start, rule.
type Order = (String, String, String, String, ScanField, u32, ScanRule);

/// The rows of scan_candidates.csv from what ingest found (`found`: post row and finding).
fn candidates(
    dataset: &Dataset,
    found: &[(u32, Found)],
    (start, as_of): (NaiveDate, NaiveDate),
) -> ScanResult {
    let posts = &dataset.posts;
    let in_window = |row: usize| {
        let day = posts.published_at[row].date();
        day >= start && day <= as_of
    };
    let posts_scanned = (0..posts.account.len()).filter(|&r| in_window(r)).count() as u64;
    let reviews: HashMap<&str, &ReviewRow> = (dataset.scan_review.iter().flatten())
        .map(|r| (r.violation.violation_id.as_str(), r))
        .collect();
    let review_ids: HashSet<&str> = reviews.keys().copied().collect();
    let recorded: HashSet<(&str, ViolationCategory)> = (dataset.violations.iter().flatten())
        .filter(|v| !review_ids.contains(v.violation_id.as_str()))
        .filter_map(|v| Some((v.post_id.as_deref()?, v.category)))
        .collect();
    let mut result = ScanResult {
        posts_scanned,
        ..ScanResult::default()
    };
    let unit_names: HashMap<&str, &str> = (dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let unit_name = |id: &str| {
        unit_names
            .get(id)
            .map_or_else(String::new, |n| n.to_string())
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut rows: Vec<(CandidateRow, Order)> = Vec::new();
    for (row, f) in found.iter().filter(|(row, _)| in_window(*row as usize)) {
        let row = *row as usize;
        let post_id = posts.post_id.at(row).to_string();
        let account = &dataset.accounts[posts.account[row] as usize];
        let letter = match f.field {
            ScanField::Title => 'T',
            ScanField::Text => 'B',
            ScanField::Url => 'U',
        };
        let id = format!("{}:{post_id}:{letter}{}", f.rule.code(), f.start);
        let published_at = time(posts.published_at[row]);
        let mut c = CandidateRow {
            violation_id: id.clone(),
            account_id: account.account_id.clone(),
            found_on: Some(as_of),
            category: f.category,
            post_id: post_id.clone(),
            resolved_on: None,
            source: SOURCE.to_string(),
            note: note(f),
            decision: None,
            reviewed_by: String::new(),
            status: None,
            unit_id: account.unit_id.clone(),
            unit_name: unit_name(&account.unit_id),
            account_name: account.account_name.clone(),
            published_at: published_at.clone(),
            found: Some(f.clone()),
        };
        if let Some(r) = reviews.get(id.as_str()) {
            carry(&mut c, r, dataset);
        }
        c.status = Some(match c.decision {
            Some(ReviewDecision::Confirmed) => ScanStatus::Confirmed,
            Some(ReviewDecision::Dismissed) => ScanStatus::Dismissed,
            _ if recorded.contains(&(c.post_id.as_str(), c.category)) => ScanStatus::Recorded,
            _ => ScanStatus::Open,
        });
        result.found += 1;
        *result.by_rule.entry(f.rule).or_default() += 1;
        seen.insert(id);
        let key = (
            account.unit_id.clone(),
            account.account_id.clone(),
            published_at,
            post_id,
            f.field,
            f.start,
            f.rule,
        );
        rows.push((c, key));
    }
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    result.rows = rows.into_iter().map(|(c, _)| c).collect();
    let mut carried: Vec<&ReviewRow> = (reviews.values())
        .filter(|r| !seen.contains(r.violation.violation_id.as_str()))
        .filter(|r| {
            matches!(
                r.decision,
                ReviewDecision::Confirmed | ReviewDecision::Dismissed
            )
        })
        .copied()
        .collect();
    carried.sort_by(|a, b| a.violation.violation_id.cmp(&b.violation.violation_id));
    let wanted: HashSet<&str> = carried
        .iter()
        .filter_map(|r| r.violation.post_id.as_deref())
        .collect();
    let mut published: HashMap<&str, String> = HashMap::new();
    if !wanted.is_empty() {
        for row in 0..posts.account.len() {
            let id = posts.post_id.at(row);
            if wanted.contains(id) {
                published
                    .entry(id)
                    .or_insert_with(|| time(posts.published_at[row]));
            }
        }
    }
    for r in carried {
        let account = &dataset.accounts[r.violation.account as usize];
        let at = r
            .violation
            .post_id
            .as_deref()
            .and_then(|id| published.get(id));
        let mut c = CandidateRow {
            violation_id: String::new(),
            account_id: String::new(),
            found_on: None,
            category: r.violation.category,
            post_id: String::new(),
            resolved_on: None,
            source: String::new(),
            note: String::new(),
            decision: None,
            reviewed_by: String::new(),
            status: None,
            unit_id: account.unit_id.clone(),
            unit_name: unit_name(&account.unit_id),
            account_name: account.account_name.clone(),
            published_at: at.cloned().unwrap_or_default(),
            found: None,
        };
        carry(&mut c, r, dataset);
        result.rows.push(c);
    }
    for c in &result.rows {
        match (c.status, c.decision) {
            (Some(ScanStatus::Open), _) => result.open += 1,
            (Some(ScanStatus::Recorded), _) => result.recorded += 1,
            (_, Some(ReviewDecision::Confirmed)) => result.confirmed += 1,
            (_, Some(ReviewDecision::Dismissed)) => result.dismissed += 1,
            _ => {}
        }
    }
    result
}

/// The note for people: 常见错别字：标题第12字「按装」，建议「安装」.
fn note(f: &Found) -> String {
    let mut note = format!(
        "{}：{}第{}字「{}」",
        f.rule.chinese(),
        f.field.chinese(),
        f.start,
        f.matched
    );
    if !f.suggestion.is_empty() {
        note.push_str(&format!("，建议「{}」", f.suggestion));
    }
    note
}

/// `YYYY-MM-DD HH:MM:SS`.
fn time(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The first ten columns taken from the review row.
fn carry(c: &mut CandidateRow, r: &ReviewRow, dataset: &Dataset) {
    let v = &r.violation;
    c.violation_id = v.violation_id.clone();
    c.account_id = dataset.accounts[v.account as usize].account_id.clone();
    c.found_on = Some(v.found_on);
    c.category = v.category;
    c.post_id = v.post_id.clone().unwrap_or_default();
    c.resolved_on = v.resolved_on;
    c.source = v.source.clone().unwrap_or_default();
    c.note = v.note.clone().unwrap_or_default();
    c.decision = (r.decision != ReviewDecision::Open).then_some(r.decision);
    c.reviewed_by = r.reviewed_by.clone().unwrap_or_default();
}

/// The scan of a run (SPEC §16.9): evaluated or why not, the fields read, what it found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ScanRun {
    /// Why the scan was not evaluated; `None` when it was.
    pub not_evaluated: Option<&'static str>,
    /// The fields posts.csv has, of title, text and url.
    pub fields: Vec<ScanField>,
    pub result: ScanResult,
}

impl ScanRun {
    /// Whether the scan was evaluated.
    pub(crate) fn evaluated(&self) -> bool {
        self.not_evaluated.is_none()
    }

    /// The line on stderr: `scan: 4,875 posts, 113 candidates (S1 20, …); 106 open, …`.
    pub(crate) fn line(&self) -> String {
        let Some(reason) = self.not_evaluated else {
            let r = &self.result;
            let by_rule: Vec<String> = (r.by_rule.iter())
                .map(|(rule, n)| format!("{} {}", rule.code(), thousands(*n)))
                .collect();
            let by_rule = if by_rule.is_empty() {
                String::new()
            } else {
                format!(" ({})", by_rule.join(", "))
            };
            return format!(
                "scan: {} posts, {} candidates{by_rule}; {} open, {} recorded, {} confirmed, {} dismissed — open candidates count only when confirmed in scan_review.csv",
                thousands(r.posts_scanned),
                thousands(r.found),
                thousands(r.open),
                thousands(r.recorded),
                thousands(r.confirmed),
                thousands(r.dismissed),
            );
        };
        format!("scan: not evaluated ({reason})")
    }
}

/// 4875 → 4,875.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The scan stage of a run: the candidates of the period `[start, as_of]`, unless posts.csv has no field to scan
/// or the rubric applies no rule.
pub(crate) fn run(
    dataset: &Dataset,
    found: &[(u32, Found)],
    posts_columns: &[&str],
    rules: &[ScanRule],
    window: (NaiveDate, NaiveDate),
) -> ScanRun {
    let fields: Vec<ScanField> = (ScanField::ALL.iter().copied())
        .filter(|f| posts_columns.contains(&f.code()))
        .collect();
    let not_evaluated = if rules.is_empty() {
        Some("the rubric's [scan] rules is empty")
    } else if fields.is_empty() {
        Some("posts.csv has none of title, text and url")
    } else {
        None
    };
    let result = match not_evaluated {
        None => candidates(dataset, found, window),
        Some(_) => ScanResult::default(),
    };
    ScanRun {
        not_evaluated,
        fields,
        result,
    }
}
