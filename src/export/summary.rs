//! `summary.json`: what was assessed, from which inputs (with their hashes) under which rubric,
//! the headline counts and pass rates, and what was rejected or could not be evaluated.

use serde::Serialize;

use crate::scan::candidates::ScanRun;
use crate::scan::{Scanner, Terms};
use crate::vocab::{ScanRule, TermKind};

use crate::catalogue::RuleId;
use crate::ingest::IngestReport;
use crate::ingest::row::RejectKind;
use crate::ingest::source::Format;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::{Action, ConsolidationEntry};
use crate::scoring::Scores;
use crate::scoring::numbers::round2;
use crate::scoring::rubric::{Level, Rubric};
use crate::scoring::rules::Grade;

/// The whole of `summary.json`.
#[derive(Debug, Serialize)]
pub(crate) struct Summary {
    /// Always `govmedia`: with `command` and `files`, the manifest that marks an output folder
    /// as govmedia's own (SPEC §7).
    pub tool: &'static str,
    /// The command that wrote the folder (`assess`).
    pub command: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The period's label (`2026Q3`).
    pub period: String,
    /// First day of the period.
    pub period_start: String,
    /// Last day of the period.
    pub period_end: String,
    /// The monitoring date.
    pub as_of: String,
    /// The label of the previous period (null for a range of dates).
    pub previous_period: Option<String>,
    /// Where the rubric came from.
    pub rubric: String,
    /// SHA-256 of the rubric text.
    pub rubric_sha256: String,
    /// The robustness analysis (SPEC §9): draws (0 = off), seed, spread, the keys perturbed.
    pub robustness: RobustnessSettings,
    /// One entry per input file, in SPEC order.
    pub inputs: Vec<InputSummary>,
    /// Rejected rows in all.
    pub rows_rejected: u64,
    /// Rejected rows by kind of problem.
    pub rejects_by_kind: Vec<KindCount>,
    /// Headline counts.
    pub counts: Counts,
    /// Pass rates (合格率), as fractions 0–1.
    pub pass_rates: PassRates,
    /// Accounts on the consolidation list, per action.
    pub consolidation: Vec<NamedCount>,
    /// Units on the accountability list, per level.
    pub accountability: Vec<NamedCount>,
    /// The previous run whose grades were read, if any.
    pub previous_run: Option<String>,
    /// Rules not evaluated for want of input.
    pub not_evaluated: Vec<NotEvaluatedEntry>,
    /// Sheets of the workbook cut at Excel's row limit (the CSVs hold every row).
    pub workbook_cuts: Vec<SheetCut>,
    /// Earlier runs read from the history folder (SPEC §13), oldest first.
    pub history: Vec<HistoryEntry>,
    /// Folders of the history folder that looked like runs but could not be read.
    pub history_skipped: Vec<HistoryEntry>,
    /// What became of the previous run's lists (SPEC §13); null without a previous run.
    pub followup: Option<FollowupCounts>,
    /// The appeals (SPEC §14) by decision and by effect; null without appeals.csv.
    pub appeals: Option<AppealCounts>,
    /// The documents' placeholders (SPEC §15.1).
    pub documents: DocumentsSummary,
    /// The content scan (SPEC §16.9).
    pub scan: Option<ScanSummary>,
    /// Repost tasks (SPEC §17.1); absent without tasks.csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tasks: Option<TasksSummary>,
    /// The registry's life cycle (SPEC §17.2).
    pub lifecycle: LifecycleSummary,
    /// The working-day calendar (SPEC §17.3); absent without calendar.csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calendar: Option<CalendarSummary>,
    /// Every file the run wrote, `summary.json` included, as relative `/`-separated paths in
    /// code-point order: what a later run may replace, and nothing else.
    pub files: Vec<String>,
    /// Per file but `summary.json`, its size in bytes and XXH3-64 when written
    /// (`"1234 9f0a1b2c3d4e5f60"`): a later run removes a listed file only while it is unchanged.
    pub digests: std::collections::BTreeMap<String, String>,
}

/// summary.json → `tasks` (SPEC §17.1).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TasksSummary {
    /// Tasks due in the period.
    pub counted: u64,
    /// Tasks due after as_of.
    pub pending: u64,
    /// Tasks due before the period.
    pub earlier: u64,
    /// (counted task, bound account) pairs.
    pub pairs: u64,
    /// Reposted on time.
    pub done: u64,
    /// Reposted late.
    pub late: u64,
    /// Not reposted by as_of.
    pub missed: u64,
    /// Posts whose task_id names no accepted task.
    pub unknown_task_posts: u64,
    /// Posts that would complete a counted task for an account it does not bind.
    pub unbound_reposts: u64,
}

impl TasksSummary {
    /// The counts of a run.
    pub(crate) fn of(run: &crate::tasks::TaskRun) -> TasksSummary {
        let total = run.total();
        TasksSummary {
            counted: run.counted.len() as u64,
            pending: run.pending,
            earlier: run.earlier,
            pairs: total.due,
            done: total.done,
            late: total.late,
            missed: total.missed,
            unknown_task_posts: run.unknown_task_posts,
            unbound_reposts: run.unbound_reposts,
        }
    }
}

/// summary.json → `lifecycle` (SPEC §17.2).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LifecycleSummary {
    /// Findings per kind: L1, L2, L3.
    pub counts: Vec<NamedCount>,
    /// The kinds not evaluated, and why.
    pub not_evaluated: Vec<NotEvaluatedEntry>,
}

impl LifecycleSummary {
    /// The counts of a run.
    pub(crate) fn of(run: &crate::lists::lifecycle::Lifecycle) -> LifecycleSummary {
        LifecycleSummary {
            counts: [RuleId::L1, RuleId::L2, RuleId::L3]
                .into_iter()
                .map(|kind| NamedCount {
                    name: kind.code(),
                    count: run.count(kind) as u64,
                })
                .collect(),
            not_evaluated: (run.not_evaluated.iter())
                .map(|(rule, reason, _)| NotEvaluatedEntry {
                    rule: rule.code(),
                    reason,
                })
                .collect(),
        }
    }
}

/// summary.json → `calendar` (SPEC §17.3).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CalendarSummary {
    /// The first listed date.
    pub first: String,
    /// The last listed date.
    pub last: String,
    /// Listed holidays.
    pub holidays: u64,
    /// Listed workdays on a Saturday or Sunday.
    pub makeup_workdays: u64,
    /// Deadlines computed past the last listed date (counted Monday to Friday there).
    pub beyond: u64,
}

impl CalendarSummary {
    /// The facts of a calendar, with the deadlines counted past its end.
    pub(crate) fn of(
        calendar: &crate::workdays::WorkCalendar,
        beyond: u64,
    ) -> Option<CalendarSummary> {
        let (first, last) = calendar.span()?;
        Some(CalendarSummary {
            first: first.to_string(),
            last: last.to_string(),
            holidays: calendar.holidays() as u64,
            makeup_workdays: calendar.makeup_days() as u64,
            beyond,
        })
    }
}

/// What the documents leave to fill in by hand (SPEC §15.1).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DocumentsSummary {
    /// The office.toml keys written as placeholders, in office.toml's order; empty when none.
    pub placeholders: Vec<&'static str>,
}

/// An earlier run of the history folder: its period (or why it was skipped) and folder.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HistoryEntry {
    /// The period read, or why the folder was skipped.
    pub period: String,
    /// The folder.
    pub folder: String,
}

/// followup.csv's statuses counted per list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FollowupCounts {
    /// done, fixed, pending, gone.
    pub consolidation: Vec<NamedCount>,
    /// resolved, partial, persists, unknown, gone.
    pub accountability: Vec<NamedCount>,
}

impl FollowupCounts {
    /// Counts the rows.
    pub(crate) fn of(rows: &[crate::lists::followup::FollowupRow]) -> FollowupCounts {
        use crate::lists::followup::{ListKind, count};
        let named = |kind: ListKind| {
            (kind.statuses().iter())
                .map(|s| NamedCount {
                    name: s.code(),
                    count: count(rows, kind, *s) as u64,
                })
                .collect()
        };
        FollowupCounts {
            consolidation: named(ListKind::Consolidation),
            accountability: named(ListKind::Accountability),
        }
    }
}

/// appeals_result.csv counted (SPEC §14).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AppealCounts {
    /// Appeals read.
    pub total: u64,
    /// accepted, rejected, pending.
    pub decisions: Vec<NamedCount>,
    /// removed, reviewed, waived, none, not_applicable.
    pub effects: Vec<NamedCount>,
    /// Appeals whose unit's level or account's action changed.
    pub list_changes: u64,
}

impl AppealCounts {
    /// Counts the rows.
    pub(crate) fn of(rows: &[crate::appeals::AppealResult]) -> AppealCounts {
        use crate::model::Decision;
        AppealCounts {
            total: rows.len() as u64,
            decisions: (Decision::ALL.iter())
                .map(|d| NamedCount {
                    name: d.code(),
                    count: rows.iter().filter(|r| r.decision == *d).count() as u64,
                })
                .collect(),
            effects: (crate::appeals::Effect::ALL.iter())
                .map(|e| NamedCount {
                    name: e.code(),
                    count: rows.iter().filter(|r| r.effect == *e).count() as u64,
                })
                .collect(),
            list_changes: (rows.iter())
                .filter(|r| r.level_change.is_some() || r.action_change.is_some())
                .count() as u64,
        }
    }
}

/// How the lists' robustness was tested.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RobustnessSettings {
    /// Draws (0 = not run).
    pub draws: u32,
    /// Seed.
    pub seed: u64,
    /// Spread of the multipliers.
    pub spread: f64,
    /// The keys varied, by dotted path, in SPEC §9's order.
    pub perturbed: Vec<String>,
}

impl RobustnessSettings {
    /// The settings of `rubric`.
    pub(crate) fn of(rubric: &Rubric) -> RobustnessSettings {
        let r = &rubric.robustness;
        RobustnessSettings {
            draws: r.draws,
            seed: r.seed,
            spread: r.spread,
            perturbed: r.perturb.iter().map(|k| k.path()).collect(),
        }
    }
}

/// A sheet of the workbook that holds only its first rows.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SheetCut {
    /// The sheet's name (`数据问题`).
    pub sheet: &'static str,
    /// The CSV that holds every row.
    pub csv: &'static str,
    /// Rows of the table.
    pub rows: u64,
    /// Rows the sheet holds.
    pub kept: u64,
}

/// The content scan's block (SPEC §16.9).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ScanSummary {
    /// False when posts.csv has none of title, text and url, or `[scan] rules` is empty.
    pub evaluated: bool,
    /// Why not, when not evaluated.
    pub reason: Option<&'static str>,
    /// The fields scanned.
    pub fields: Vec<&'static str>,
    /// Posts of the period scanned.
    pub posts_scanned: u64,
    /// The word and host lists.
    pub terms: TermsSummary,
    /// Candidates found by this scan.
    pub found: u64,
    /// Candidates per rule applied.
    pub by_rule: Vec<NamedCount>,
    pub open: u64,
    pub recorded: u64,
    pub confirmed: u64,
    pub dismissed: u64,
}

/// The terms in use (SPEC §16.9).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermsSummary {
    /// The office's terms file; null without one.
    pub file: Option<String>,
    pub encoding: Option<&'static str>,
    pub sha256: Option<String>,
    /// The office's entries by kind.
    pub office: Vec<NamedCount>,
    /// Built-in entries in use.
    pub builtin: u64,
    /// Whether the office lists trusted hosts.
    pub trusted_mode: bool,
}

impl ScanSummary {
    /// The block of a run's scan.
    pub(crate) fn of(scan: &ScanRun, terms: &Terms, rules: &[ScanRule]) -> ScanSummary {
        let r = &scan.result;
        let file = terms.file.as_ref();
        ScanSummary {
            evaluated: scan.evaluated(),
            reason: scan.not_evaluated,
            fields: scan.fields.iter().map(|f| f.code()).collect(),
            posts_scanned: r.posts_scanned,
            terms: TermsSummary {
                file: file.map(|f| f.path.display().to_string()),
                encoding: file.map(|f| f.encoding),
                sha256: file.map(|f| f.sha256.clone()),
                office: (TermKind::ALL.iter())
                    .map(|k| NamedCount {
                        name: k.code(),
                        count: terms.count(*k) as u64,
                    })
                    .collect(),
                builtin: Scanner::builtin_entries(terms, rules) as u64,
                trusted_mode: terms.trusted_mode(),
            },
            found: r.found,
            by_rule: (rules.iter())
                .map(|rule| NamedCount {
                    name: rule.code(),
                    count: r.by_rule.get(rule).copied().unwrap_or(0),
                })
                .collect(),
            open: r.open,
            recorded: r.recorded,
            confirmed: r.confirmed,
            dismissed: r.dismissed,
        }
    }
}

/// A count under a name (an action, a level).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NamedCount {
    /// The code.
    pub name: &'static str,
    /// How many.
    pub count: u64,
}

/// The lists and history a summary reports on.
pub(crate) struct ListFacts<'a> {
    /// The consolidation list.
    pub consolidation: &'a [ConsolidationEntry],
    /// The accountability list.
    pub accountability: &'a [AccountabilityEntry],
    /// The previous run read, if any.
    pub previous_run: Option<String>,
}

/// One input file in `summary.json`.
#[derive(Debug, Serialize)]
pub(crate) struct InputSummary {
    /// `units.csv`, `posts.parquet`…
    pub file: String,
    /// Whether it was given.
    pub present: bool,
    /// `csv` or `parquet`; null when absent.
    pub format: Option<&'static str>,
    /// `UTF-8`, `UTF-8 (BOM)`, `GB18030` or `parquet`; null when absent.
    pub encoding: Option<&'static str>,
    /// SHA-256 of the bytes; null when absent.
    pub sha256: Option<String>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows accepted.
    pub rows_accepted: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Header names that were not columns of the file.
    pub ignored_columns: Vec<String>,
}

/// A count of rejects of one kind.
#[derive(Debug, Serialize)]
pub(crate) struct KindCount {
    /// Short label of the problem.
    pub kind: &'static str,
    /// How many rows.
    pub rows: u64,
}

/// Headline counts.
#[derive(Debug, Serialize)]
pub(crate) struct Counts {
    /// Accounts in the registry (accepted).
    pub accounts_registered: u64,
    /// Accounts assessed.
    pub accounts_assessed: u64,
    /// Assessed accounts vetoed.
    pub accounts_vetoed: u64,
    /// Vetoed accounts per veto rule.
    pub vetoes: Vec<RuleCount>,
    /// Assessed accounts per grade.
    pub account_grades: Vec<GradeCount>,
    /// Units (accepted).
    pub units: u64,
    /// Units with a score.
    pub units_scored: u64,
    /// Scored units per grade.
    pub unit_grades: Vec<GradeCount>,
}

/// A count per rule.
#[derive(Debug, Serialize)]
pub(crate) struct RuleCount {
    /// Rule code.
    pub rule: &'static str,
    /// How many.
    pub count: u64,
}

/// A count per grade.
#[derive(Debug, Serialize)]
pub(crate) struct GradeCount {
    /// Grade code.
    pub grade: &'static str,
    /// How many.
    pub count: u64,
}

/// Pass rates.
#[derive(Debug, Serialize)]
pub(crate) struct PassRates {
    /// Share of assessed accounts not failed.
    pub accounts: Option<f64>,
    /// Share of scored units not failed.
    pub units: Option<f64>,
}

/// A rule not evaluated.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NotEvaluatedEntry {
    /// Rule code.
    pub rule: &'static str,
    /// Why.
    pub reason: &'static str,
}

/// The period settings the summary names.
pub(crate) struct PeriodFacts {
    /// Label.
    pub label: String,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: String,
    /// Monitoring date.
    pub as_of: String,
    /// Previous period's label.
    pub previous: Option<String>,
}

const GRADES: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Fail];

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| round2(part as f64 / whole as f64))
}

impl Summary {
    /// Builds the summary of a run.
    pub(crate) fn new(
        report: &IngestReport,
        period: PeriodFacts,
        rubric: &Rubric,
        scores: &Scores,
        lists: ListFacts<'_>,
        registered: usize,
    ) -> Summary {
        Summary {
            tool: "govmedia",
            command: "assess",
            version: env!("CARGO_PKG_VERSION"),
            period: period.label,
            period_start: period.start,
            period_end: period.end,
            as_of: period.as_of,
            previous_period: period.previous,
            rubric: rubric.origin.clone(),
            rubric_sha256: rubric.sha256.clone(),
            robustness: RobustnessSettings::of(rubric),
            inputs: report.files.iter().map(input_summary).collect(),
            rows_rejected: report.rejects.len() as u64,
            rejects_by_kind: rejects_by_kind(report),
            counts: counts(scores, registered),
            pass_rates: pass_rates(scores),
            consolidation: Action::ALL
                .iter()
                .copied()
                .map(|a| NamedCount {
                    name: a.code(),
                    count: lists.consolidation.iter().filter(|e| e.action == a).count() as u64,
                })
                .collect(),
            accountability: Level::ALL
                .iter()
                .copied()
                .map(|l| NamedCount {
                    name: l.code(),
                    count: lists.accountability.iter().filter(|e| e.level == l).count() as u64,
                })
                .collect(),
            previous_run: lists.previous_run,
            not_evaluated: (scores.not_evaluated.iter())
                .map(|n| NotEvaluatedEntry {
                    rule: n.rule.code(),
                    reason: n.reason,
                })
                .collect(),
            workbook_cuts: Vec::new(),
            history: Vec::new(),
            history_skipped: Vec::new(),
            followup: None,
            appeals: None,
            documents: DocumentsSummary::default(),
            scan: None,
            tasks: None,
            lifecycle: LifecycleSummary {
                counts: Vec::new(),
                not_evaluated: Vec::new(),
            },
            calendar: None,
            files: Vec::new(),
            digests: std::collections::BTreeMap::new(),
        }
    }

    /// Lists `paths` (and `summary.json` itself) as the files of the run.
    pub(crate) fn list_files<'p>(&mut self, paths: impl Iterator<Item = &'p std::path::Path>) {
        let mut files: Vec<String> = paths
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .chain(std::iter::once(crate::output::MANIFEST.to_string()))
            .collect();
        files.sort();
        files.dedup();
        self.files = files;
    }

    /// The bytes of `summary.json` (pretty-printed, LF, final newline).
    pub(crate) fn to_json(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// One input file's line of the summary.
pub(crate) fn input_summary(f: &crate::ingest::FileReport) -> InputSummary {
    InputSummary {
        file: f.file_name.clone(),
        present: f.present,
        format: f.format.map(|format| match format {
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }),
        encoding: f.encoding.map(|e| e.name()),
        sha256: f.sha256.clone(),
        rows_read: f.rows_read,
        rows_accepted: f.rows_accepted,
        rows_rejected: f.rows_rejected,
        ignored_columns: f.ignored_columns.clone(),
    }
}

/// Rejected rows per kind of problem, in the kinds' order.
fn rejects_by_kind(report: &IngestReport) -> Vec<KindCount> {
    let mut by_kind: Vec<(RejectKind, u64)> = Vec::new();
    for r in &report.rejects {
        match by_kind.iter_mut().find(|(k, _)| *k == r.kind) {
            Some((_, n)) => *n += 1,
            None => by_kind.push((r.kind, 1)),
        }
    }
    by_kind.sort();
    by_kind
        .into_iter()
        .map(|(kind, rows)| KindCount {
            kind: kind.label(),
            rows,
        })
        .collect()
}

/// The headline counts: accounts, vetoes per rule, grades, units.
fn counts(scores: &Scores, registered: usize) -> Counts {
    let accounts = &scores.accounts;
    let scored_units: Vec<_> = scores.units.iter().filter(|u| u.grade.is_some()).collect();
    Counts {
        accounts_registered: registered as u64,
        accounts_assessed: accounts.len() as u64,
        accounts_vetoed: accounts.iter().filter(|a| a.vetoed).count() as u64,
        vetoes: [RuleId::X1, RuleId::X2, RuleId::X3]
            .into_iter()
            .map(|rule| RuleCount {
                rule: rule.code(),
                count: accounts
                    .iter()
                    .filter(|a| a.veto_rules.contains(&rule))
                    .count() as u64,
            })
            .collect(),
        account_grades: GRADES
            .iter()
            .map(|g| GradeCount {
                grade: g.code(),
                count: accounts.iter().filter(|a| a.grade == *g).count() as u64,
            })
            .collect(),
        units: scores.units.len() as u64,
        units_scored: scored_units.len() as u64,
        unit_grades: GRADES
            .iter()
            .map(|g| GradeCount {
                grade: g.code(),
                count: scored_units.iter().filter(|u| u.grade == Some(*g)).count() as u64,
            })
            .collect(),
    }
}

/// The account and unit pass rates.
fn pass_rates(scores: &Scores) -> PassRates {
    let accounts = &scores.accounts;
    let scored: Vec<_> = scores.units.iter().filter(|u| u.grade.is_some()).collect();
    PassRates {
        accounts: share(
            accounts.iter().filter(|a| a.grade != Grade::Fail).count(),
            accounts.len(),
        ),
        units: share(
            scored
                .iter()
                .filter(|u| u.grade != Some(Grade::Fail))
                .count(),
            scored.len(),
        ),
    }
}
