//! View models of the report pages: every value already formatted as the page shows it. Built
//! from the typed results; templates only loop and branch over these.

use serde::Serialize;

/// A figure with its label.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Stat {
    pub label: String,
    pub value: String,
}

/// The header, navigation and footer every page shares.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Site {
    /// 2026年第三季度.
    pub period: String,
    /// 2026年7月1日至2026年9月30日.
    pub period_dates: String,
    /// Monitoring date.
    pub as_of: String,
    /// `govmedia 0.1.0`.
    pub tool: String,
    /// The regulation the scores enforce, named in the footer (office.toml's `measures`; empty
    /// on pages that do not score: warnings, comparison).
    pub measures: String,
    /// Prefix from this page to the report root (`` or `../`).
    pub root: String,
    /// The run had tasks.csv: the 转发任务 page exists.
    pub tasks: bool,
    /// The stylesheet written into the page (a page that stands alone: warnings, comparison);
    /// `None` for the report's pages, which share `style.css` at the report's root.
    pub inline_css: Option<&'static str>,
}

/// The report's stylesheet: one file beside the report's pages, in the page of a page that
/// stands alone.
pub(crate) const STYLESHEET: &str = include_str!("../../templates/style.css");

/// A unit in the ranking and on its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitRow {
    pub rank: String,
    pub unit_id: String,
    pub unit_name: String,
    pub href: String,
    pub accounts: String,
    pub vetoed: String,
    pub base_score: String,
    pub unit_deduction: String,
    pub score: String,
    /// Number for sorting (empty for unscored).
    pub score_sort: String,
    pub grade: String,
    /// CSS class of the grade.
    pub grade_class: String,
    pub pass_rate: String,
    pub previous_grade: String,
}

/// An account on its unit's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AccountRow {
    pub account_id: String,
    pub account_name: String,
    pub platform: String,
    pub posts: String,
    pub days_since_update: String,
    pub followers: String,
    pub influence: String,
    pub update: String,
    pub interaction: String,
    pub content: String,
    pub management: String,
    pub bonus: String,
    pub vetoes: String,
    pub score: String,
    pub grade: String,
    pub grade_class: String,
}

/// One rule that fired.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DeductionRow {
    pub id: String,
    pub rule: String,
    pub rule_name: String,
    pub article: String,
    pub item: String,
    pub points: String,
    pub detail: String,
    pub evidence: String,
}

/// An account on the consolidation list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConsolidationRow {
    pub account_id: String,
    pub account_name: String,
    pub unit_name: String,
    pub unit_href: String,
    pub platform: String,
    pub action: String,
    pub action_class: String,
    pub merge_into: String,
    pub reasons: String,
    pub followers: String,
    pub posts: String,
    pub days_since_update: String,
}

/// A unit on the accountability list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AccountabilityRow {
    pub unit_id: String,
    pub unit_name: String,
    pub unit_href: String,
    pub level: String,
    pub level_class: String,
    /// Each rule as 「R1 有账号单项否决」.
    pub rules: Vec<String>,
    pub evidence: Vec<String>,
    pub score: String,
    /// SPEC §9 in numbers: best and worst score over the draws and the rank interval (empty
    /// without the analysis).
    pub spread: String,
    /// The robustness verdict in words (empty without the analysis).
    pub verdict: String,
    pub verdict_class: String,
}

/// A platform's results.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PlatformRow {
    pub platform: String,
    pub accounts: String,
    pub mean_score: String,
    pub pass_rate: String,
    pub vetoed: String,
}

/// An input file on the data-quality and method pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileRow {
    pub file: String,
    pub present: bool,
    pub encoding: String,
    pub read: String,
    pub accepted: String,
    pub rejected: String,
    pub ignored: String,
    pub sha256: String,
}

/// A rejected row.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RejectRow {
    pub file: String,
    pub line: String,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// A rule with its source.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RuleRow {
    pub code: String,
    pub name: String,
    pub article: String,
    /// The points it gives or takes (or what it leads to), in words.
    pub points: String,
    /// The cap it falls under, in words; 「—」 for none.
    pub cap: String,
}

/// `index.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Overview {
    pub site: Site,
    pub headline: Vec<Stat>,
    pub grade_chart: String,
    pub histogram_chart: String,
    pub platform_chart: String,
    pub veto_chart: String,
    pub history_chart: Option<String>,
    pub change: Vec<Stat>,
    /// 上次通报问题整改情况 in one line; empty without a previous run.
    pub followup: String,
    pub platforms: Vec<PlatformRow>,
    pub ranking: Vec<UnitRow>,
    pub lists: Vec<Stat>,
    /// The documents in `docs/` (SPEC §11), linked.
    pub documents: Vec<DocLink>,
    /// What the documents leave to fill in by hand (SPEC §15.1), in Chinese; empty when nothing.
    pub placeholders: String,
    /// The 内容巡检 box (SPEC §16.9); none when the run did not scan.
    pub scan: Option<ScanBox>,
    /// 转发任务 (SPEC §17.1); none without tasks.csv.
    pub tasks: Option<Vec<Stat>>,
}

/// The overview's 内容巡检 box.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScanBox {
    pub evaluated: bool,
    /// Why not, in words.
    pub reason: String,
    /// Posts scanned.
    pub posts: String,
    pub stats: Vec<Stat>,
    /// The open candidates of veto categories, called out; empty when none.
    pub veto_open: String,
}

/// `scan.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScanPage {
    pub site: Site,
    pub evaluated: bool,
    pub reason: String,
    pub units: Vec<ScanUnit>,
    /// Open candidates in all.
    pub open: usize,
    pub shown: usize,
    pub cut: bool,
}

/// A unit's open candidates on scan.html.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScanUnit {
    pub unit_name: String,
    pub href: String,
    pub open: String,
    pub rows: Vec<ScanRowView>,
}

/// One open candidate, in words.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScanRowView {
    pub account: String,
    pub published_at: String,
    pub field: String,
    pub rule: String,
    pub category: String,
    pub context: String,
    pub suggestion: String,
    /// A veto category (shown in red).
    pub veto: bool,
}

/// A link to a document or a folder of them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocLink {
    pub label: String,
    pub href: String,
}

/// `units/<n>.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitPage {
    pub site: Site,
    pub unit: UnitRow,
    pub parent: String,
    pub note: String,
    pub waterfall_chart: Option<String>,
    pub weekly_chart: Option<String>,
    /// Score over the periods (SPEC §13), SVG; none without earlier runs.
    pub score_chart: Option<String>,
    /// Rank over the periods, SVG.
    pub rank_chart: Option<String>,
    /// Periods failed in a row.
    pub consecutive_fails: String,
    /// Open and confirmed candidates of the content scan (SPEC §16.9); none without a scan.
    pub scan: Option<(String, String)>,
    pub accounts: Vec<AccountRow>,
    pub deductions: Vec<DeductionRow>,
    pub consolidation: Vec<ConsolidationRow>,
    pub accountability: Option<AccountabilityRow>,
    pub robustness: Option<super::robustness::RobustnessView>,
    /// Its appeals (SPEC §14).
    pub appeals: Vec<AppealRowView>,
    /// Its repost task pairs (SPEC §17.1).
    pub tasks: Vec<super::pages::PairView>,
    /// Its life-cycle findings (SPEC §17.2).
    pub lifecycle: Vec<super::pages::LifecycleView>,
}

/// `consolidation.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ConsolidationPage {
    pub site: Site,
    pub counts: Vec<Stat>,
    pub rows: Vec<ConsolidationRow>,
}

/// `accountability.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AccountabilityPage {
    pub site: Site,
    pub counts: Vec<Stat>,
    pub rows: Vec<AccountabilityRow>,
    /// Draws of the robustness analysis (empty when it was not run).
    pub draws: String,
    pub interval_chart: Option<String>,
    /// More units listed than the chart shows.
    pub chart_cut: bool,
}

/// `data-quality.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DataQualityPage {
    pub site: Site,
    pub files: Vec<FileRow>,
    /// The content scan's terms file (name, encoding, entries), in words; empty without a scan.
    pub terms: String,
    pub rejects: Vec<RejectRow>,
    pub rejects_total: String,
    pub rejects_cut: bool,
    pub not_evaluated: Vec<Stat>,
    /// Sheets of the workbook cut at Excel's row limit: (sheet, what the note says).
    pub workbook_cuts: Vec<Stat>,
    /// Earlier runs that could not be read: (folder, why).
    pub history_skipped: Vec<Stat>,
    /// The earlier periods read, with their folders, joined.
    pub history_read: String,
    /// 账号生命周期核查 (SPEC §17.2).
    pub lifecycle: super::pages::LifecycleSection,
    /// The working-day calendar in words, and its warning; empty without calendar.csv.
    pub calendar: (String, String),
}

/// `followup.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FollowupPage {
    pub site: Site,
    pub known: bool,
    pub previous: String,
    pub consolidation_total: String,
    pub consolidation_counts: Vec<Stat>,
    pub accountability_total: String,
    pub accountability_counts: Vec<Stat>,
    pub rows: Vec<FollowupRowView>,
    pub cut: bool,
    pub shown: String,
}

/// One row of the follow-up page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FollowupRowView {
    pub kind: String,
    pub id: String,
    pub unit_name: String,
    pub unit_href: String,
    pub previous: String,
    pub status: String,
    pub status_class: &'static str,
    pub detail: String,
}

/// `method.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MethodPage {
    pub site: Site,
    pub rules: Vec<RuleRow>,
    pub rubric_origin: String,
    pub rubric_sha256: String,
    /// How the lists' robustness was tested.
    pub robustness: Vec<Stat>,
    /// Working days (SPEC §17.3): the rule and each deadline; empty without calendar.csv.
    pub calendar: Vec<Stat>,
    pub files: Vec<FileRow>,
}

/// One appeal on the appeals page and its unit's page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AppealRowView {
    pub appeal_id: String,
    pub period: String,
    pub unit_name: String,
    pub unit_href: String,
    pub account: String,
    pub rule: String,
    pub record: String,
    pub decision: String,
    /// The reviewer's reason (empty when none was given).
    pub reason: String,
    pub effect: String,
    pub account_score: String,
    pub unit_score: String,
    pub list_change: String,
}

/// `appeals.html`
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AppealsPage {
    pub site: Site,
    pub known: bool,
    pub decisions: Vec<Stat>,
    pub effects: Vec<Stat>,
    pub rows: Vec<AppealRowView>,
    /// Whether the list stops before the last appeal.
    pub cut: bool,
    /// How many it lists then.
    pub shown: String,
}
