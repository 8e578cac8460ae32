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

/// What the rows are made with: the dataset, the review by id, what violations.csv recorded,
/// the units' names and the day the scan looked at.
struct Rows<'a> {
    dataset: &'a Dataset,
    reviews: HashMap<&'a str, &'a ReviewRow>,
    /// (post_id, category) of the accepted violations.csv rows (not the confirmed reviews).
    recorded: HashSet<(&'a str, ViolationCategory)>,
    unit_names: HashMap<&'a str, &'a str>,
    as_of: NaiveDate,
}

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
    let made = Rows::new(dataset, as_of);
    let mut rows: Vec<(CandidateRow, Order)> = (found.iter())
        .filter(|(row, _)| in_window(*row as usize))
        .map(|(row, f)| made.found_row(*row as usize, f))
        .collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1));
    let mut result = ScanResult {
        posts_scanned: (0..posts.account.len()).filter(|&r| in_window(r)).count() as u64,
        found: rows.len() as u64,
        ..ScanResult::default()
    };
    for (_, order) in &rows {
        *result.by_rule.entry(order.6).or_default() += 1;
    }
    result.rows = rows.into_iter().map(|(c, _)| c).collect();
    let carried = made.carried_rows(&result.rows);
    result.rows.extend(carried);
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

impl<'a> Rows<'a> {
    fn new(dataset: &'a Dataset, as_of: NaiveDate) -> Rows<'a> {
        let reviews: HashMap<&str, &ReviewRow> = (dataset.scan_review.iter().flatten())
            .map(|r| (r.violation.violation_id.as_str(), r))
            .collect();
        let recorded = (dataset.violations.iter().flatten())
            .filter(|v| !reviews.contains_key(v.violation_id.as_str()))
            .filter_map(|v| Some((v.post_id.as_deref()?, v.category)))
            .collect();
        let unit_names = (dataset.units.iter())
            .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
            .collect();
        Rows {
            dataset,
            reviews,
            recorded,
            unit_names,
            as_of,
        }
    }

    /// An empty row of the account `account` (its index), with its unit's and its own names.
    fn row_of(&self, account: u32, category: ViolationCategory) -> CandidateRow {
        let account = &self.dataset.accounts[account as usize];
        let unit_name = self.unit_names.get(account.unit_id.as_str());
        CandidateRow {
            violation_id: String::new(),
            account_id: account.account_id.clone(),
            found_on: None,
            category,
            post_id: String::new(),
            resolved_on: None,
            source: String::new(),
            note: String::new(),
            decision: None,
            reviewed_by: String::new(),
            status: None,
            unit_id: account.unit_id.clone(),
            unit_name: unit_name.map_or_else(String::new, |n| n.to_string()),
            account_name: account.account_name.clone(),
            published_at: String::new(),
            found: None,
        }
    }

    /// The row of a finding in post `row`, the review carried over, with its place in the order.
    fn found_row(&self, row: usize, f: &Found) -> (CandidateRow, Order) {
        let posts = &self.dataset.posts;
        let letter = match f.field {
            ScanField::Title => 'T',
            ScanField::Text => 'B',
            ScanField::Url => 'U',
        };
        let post_id = posts.post_id.at(row).to_string();
        let mut c = CandidateRow {
            violation_id: format!("{}:{post_id}:{letter}{}", f.rule.code(), f.start),
            found_on: Some(self.as_of),
            post_id: post_id.clone(),
            source: SOURCE.to_string(),
            note: note(f),
            published_at: time(posts.published_at[row]),
            found: Some(f.clone()),
            ..self.row_of(posts.account[row], f.category)
        };
        let order = (
            c.unit_id.clone(),
            c.account_id.clone(),
            c.published_at.clone(),
            post_id,
            f.field,
            f.start,
            f.rule,
        );
        if let Some(r) = self.reviews.get(c.violation_id.as_str()) {
            carry(&mut c, r, self.dataset);
        }
        c.status = Some(match c.decision {
            Some(ReviewDecision::Confirmed) => ScanStatus::Confirmed,
            Some(ReviewDecision::Dismissed) => ScanStatus::Dismissed,
            _ if self.recorded.contains(&(c.post_id.as_str(), c.category)) => ScanStatus::Recorded,
            _ => ScanStatus::Open,
        });
        (c, order)
    }

    /// The decided review rows the scan did not find, by violation_id: their first ten columns,
    /// their account's and post's facts (one pass over the posts for the times).
    fn carried_rows(&self, found: &[CandidateRow]) -> Vec<CandidateRow> {
        let seen: HashSet<&str> = found.iter().map(|c| c.violation_id.as_str()).collect();
        let mut carried: Vec<&ReviewRow> = (self.reviews.values())
            .filter(|r| !seen.contains(r.violation.violation_id.as_str()))
            .filter(|r| r.decision != ReviewDecision::Open)
            .copied()
            .collect();
        carried.sort_by(|a, b| a.violation.violation_id.cmp(&b.violation.violation_id));
        let wanted: HashSet<&str> = (carried.iter())
            .filter_map(|r| r.violation.post_id.as_deref())
            .collect();
        let posts = &self.dataset.posts;
        let mut published: HashMap<&str, String> = HashMap::new();
        if !wanted.is_empty() {
            for row in 0..posts.account.len() {
                let id = posts.post_id.at(row);
                if wanted.contains(id) {
                    (published.entry(id)).or_insert_with(|| time(posts.published_at[row]));
                }
            }
        }
        (carried.into_iter())
            .map(|r| {
                let v = &r.violation;
                let at = v.post_id.as_deref().and_then(|id| published.get(id));
                let mut c = CandidateRow {
                    published_at: at.cloned().unwrap_or_default(),
                    ..self.row_of(v.account, v.category)
                };
                carry(&mut c, r, self.dataset);
                c
            })
            .collect()
    }
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
