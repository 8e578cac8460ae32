//! The HTML report (SPEC §8): static pages that open from disk with no network, one shared stylesheet (style.css),
//! charts as inline SVG, rendered from minijinja templates in `templates/` with autoescape on.
//! This module turns typed results into view models (formatted strings) and renders the pages in
//! parallel; it never computes a score.

use crate::report::pages::{
    accountability_page, appeals_page, consolidation_page, followup_page, quality_page, scan_page,
    tasks_page, unit_pages,
};
use crate::report::view::{AccountRow, DeductionRow, MethodPage, RuleRow, Site, Stat, UnitRow};

pub(crate) mod charts;
mod method;
mod overview;
mod pages;
mod robustness;
pub(crate) mod view;

use rustc_hash::FxHashMap as HashMap;

use minijinja::Environment;
use serde::Serialize;

use crate::catalogue::RuleId;
use crate::config::Period;
use crate::documents::chinese_date;
use crate::ingest::IngestReport;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::model::{AccountMetrics, Dataset};
use crate::output::OutputFile;
use crate::present::{number, percent};
use crate::scoring::rubric::Rubric;
use crate::scoring::rules::Grade;
use crate::scoring::{AccountScore, Finding, Scores, UnitScore};
use charts::ChartError;

/// A report that could not be rendered: the run fails with this message.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReportError {
    /// A template failed to render.
    #[error("cannot render the report page {page}: {source}")]
    Template {
        page: String,
        #[source]
        source: minijinja::Error,
    },
    /// A chart failed to draw.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// The output writer stopped.
    #[error(transparent)]
    Stopped(#[from] crate::output::Stopped),
}

pub(crate) use crate::lists::history::PreviousRates;

/// Everything the report shows.
pub(crate) struct ReportInput<'a> {
    pub dataset: &'a Dataset,
    pub metrics: &'a [AccountMetrics],
    pub ingest: &'a IngestReport,
    pub scores: &'a Scores,
    pub consolidation: &'a [ConsolidationEntry],
    pub accountability: &'a [AccountabilityEntry],
    pub rubric: &'a Rubric,
    pub period: &'a Period,
    pub as_of: chrono::NaiveDate,
    /// The run's summary: counts and pass rates computed once, for summary.json and the report.
    pub summary: &'a crate::export::summary::Summary,
    /// Accounts by platform, units by type, computed once (the circular reads them too).
    pub breakdowns: &'a crate::overview::Breakdowns,
    pub previous: Option<PreviousRates>,
    /// The earlier runs read from the history folder (SPEC §13).
    pub history: &'a crate::lists::earlier::History,
    /// What became of the previous run's lists; `None` without one.
    pub followup: Option<&'a [crate::lists::followup::FollowupRow]>,
    /// appeals_result.csv's rows (SPEC §14); `None` without appeals.csv.
    pub appeals: Option<&'a [crate::appeals::AppealResult]>,
    /// The robustness rows (SPEC §9), in unit_scores order; `None` with `--draws 0`.
    pub robustness: Option<&'a [crate::robustness::RobustnessRow]>,
    /// The regulation, as office.toml names it (SPEC §15.1).
    pub measures: &'a str,
    /// The content scan (SPEC §16.9) and the office's terms; none when the run did not scan.
    pub scan: Option<&'a crate::scan::candidates::ScanRun>,
    pub terms: Option<&'a crate::scan::Terms>,
    /// The repost tasks (SPEC §17.1); `None` without tasks.csv.
    pub tasks: Option<&'a crate::tasks::TaskRun>,
    /// The life-cycle findings (SPEC §17.2).
    pub lifecycle: &'a crate::lists::lifecycle::Lifecycle,
}

const TEMPLATES: [(&str, &str); 14] = [
    ("tasks.html", include_str!("../../templates/tasks.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    (
        "warnings.html",
        include_str!("../../templates/warnings.html"),
    ),
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("unit.html", include_str!("../../templates/unit.html")),
    (
        "consolidation.html",
        include_str!("../../templates/consolidation.html"),
    ),
    (
        "accountability.html",
        include_str!("../../templates/accountability.html"),
    ),
    (
        "data-quality.html",
        include_str!("../../templates/data-quality.html"),
    ),
    ("method.html", include_str!("../../templates/method.html")),
    (
        "followup.html",
        include_str!("../../templates/followup.html"),
    ),
    ("appeals.html", include_str!("../../templates/appeals.html")),
    ("scan.html", include_str!("../../templates/scan.html")),
    (
        "appeal-table.html",
        include_str!("../../templates/appeal-table.html"),
    ),
];

fn environment() -> Result<Environment<'static>, ReportError> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .map_err(|source| ReportError::Template {
                page: name.to_string(),
                source,
            })?;
    }
    Ok(env)
}

/// Renders one template of the report's environment to text (the compare page).
pub(crate) fn render_one<T: Serialize>(template: &str, page: &T) -> Result<String, ReportError> {
    let env = environment()?;
    env.get_template(template)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(page))))
        .map_err(|source| ReportError::Template {
            page: template.to_string(),
            source,
        })
}

fn render_page<T: Serialize>(
    env: &Environment<'_>,
    template: &str,
    path: String,
    page: &T,
) -> Result<OutputFile, ReportError> {
    let html = env
        .get_template(template)
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(page))))
        .map_err(|source| ReportError::Template {
            page: path.clone(),
            source,
        })?;
    Ok(OutputFile {
        path: path.into(),
        bytes: html.into_bytes(),
    })
}

/// A unit's or account's name as the report shows it: whole unless absurdly long.
fn name(text: &str, full: &str) -> String {
    crate::limits::fit(text, NAME_UNITS, full)
}

fn opt_number(x: Option<f64>) -> String {
    x.map_or(String::new(), number)
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or(String::new(), |v| v.to_string())
}

fn grade_class(g: Option<Grade>) -> String {
    g.map_or("none".to_string(), |g| g.code().to_string())
}

/// How many rejected rows the data-quality page lists (all are in rejects.csv).
const REJECTS_SHOWN: usize = 1000;
/// How many record ids a deduction shows on a unit page (all are in deductions.csv).
pub(super) const EVIDENCE_SHOWN: usize = 50;
/// How many characters of a rejected value the data-quality page shows (all are in rejects.csv).
const REJECT_VALUE_UNITS: usize = 500;
/// How many characters of a name the report shows (all are in the CSVs).
const NAME_UNITS: usize = 200;
/// How many characters one accountability reason shows (all are in accountability.csv).
const REASON_UNITS: usize = 2000;

/// The file of a unit's page, by its position in the registry (ids may hold any character).
fn unit_file(index: u32) -> String {
    format!("units/{:06}.html", index + 1)
}

struct Builder<'a> {
    input: &'a ReportInput<'a>,
    unit_index: HashMap<&'a str, u32>,
    unit_rows: HashMap<&'a str, UnitRow>,
    robustness: HashMap<&'a str, &'a crate::robustness::RobustnessRow>,
    /// The accounts named beside others (merge targets, appealed accounts), as people name them:
    /// 账号名称（平台）.
    account_labels: HashMap<&'a str, String>,
    /// Each unit's open and confirmed candidates of the content scan.
    scan_counts: HashMap<&'a str, (u64, u64)>,
    /// Each unit's task pairs (indices into the run's pairs).
    pairs_of: HashMap<&'a str, Vec<usize>>,
    /// Each unit's life-cycle findings (indices into the run's rows).
    lifecycle_of: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Builder<'a> {
    fn new(input: &'a ReportInput<'a>) -> Builder<'a> {
        let unit_index = input
            .dataset
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.unit_id.as_str(), i as u32))
            .collect();
        let mut builder = Builder {
            input,
            unit_index,
            unit_rows: HashMap::default(),
            robustness: (input.robustness.unwrap_or_default().iter())
                .map(|r| (r.unit_id.as_str(), r))
                .collect(),
            account_labels: account_labels(input),
            scan_counts: pages::counts_by_unit(input.scan),
            pairs_of: pages::pairs_by_unit(input.dataset, input.tasks),
            lifecycle_of: pages::lifecycle_by_unit(input.dataset, input.lifecycle),
        };
        builder.unit_rows = input
            .scores
            .units
            .iter()
            .map(|u| (u.unit_id.as_str(), builder.unit_row(u, "")))
            .collect();
        builder
    }

    fn site(&self, root: &str) -> Site {
        let p = self.input.period;
        Site {
            period: p.chinese(),
            period_dates: format!("{}至{}", chinese_date(p.start), chinese_date(p.end)),
            as_of: chinese_date(self.input.as_of),
            tool: format!("govmedia {}", env!("CARGO_PKG_VERSION")),
            measures: self.input.measures.to_string(),
            root: root.to_string(),
            tasks: self.input.tasks.is_some(),
            inline_css: None,
        }
    }

    fn unit_href(&self, unit_id: &str, root: &str) -> String {
        self.unit_index
            .get(unit_id)
            .map_or(String::new(), |i| format!("{root}{}", unit_file(*i)))
    }

    fn unit_row(&self, u: &UnitScore, root: &str) -> UnitRow {
        UnitRow {
            rank: opt(u.rank),
            unit_id: u.unit_id.clone(),
            unit_name: name(&u.unit_name, "unit_scores.csv"),
            href: format!("{root}{}", unit_file(u.unit)),
            accounts: u.accounts.to_string(),
            vetoed: u.vetoed_accounts.to_string(),
            base_score: opt_number(u.base_score),
            unit_deduction: opt_number(u.unit_deduction),
            score: u.score.map_or("未评分".to_string(), number),
            score_sort: opt_number(u.score),
            grade: u.grade.map_or("—".to_string(), |g| g.chinese().to_string()),
            grade_class: grade_class(u.grade),
            pass_rate: percent(u.pass_rate),
            previous_grade: u
                .previous_grade
                .map_or("—".to_string(), |g| g.chinese().to_string()),
        }
    }

    fn account_row(&self, a: &AccountScore) -> AccountRow {
        let item = |x: Option<f64>| {
            x.map_or("不评".to_string(), |v| {
                if v == 0.0 {
                    "0".into()
                } else {
                    format!("−{}", number(v))
                }
            })
        };
        AccountRow {
            account_id: a.account_id.clone(),
            account_name: name(&a.account_name, "account_scores.csv"),
            platform: a.platform.label().to_string(),
            posts: a.posts.to_string(),
            days_since_update: a
                .days_since_update
                .map_or("从未".to_string(), |d| d.to_string()),
            followers: opt(a.followers),
            influence: number(a.influence),
            update: item(a.deduction_update),
            interaction: item(a.deduction_interaction),
            content: item(a.deduction_content),
            management: item(a.deduction_management),
            bonus: if a.bonus > 0.0 {
                format!("+{}", number(a.bonus))
            } else {
                "0".into()
            },
            vetoes: a
                .veto_rules
                .iter()
                .map(|r| r.code())
                .collect::<Vec<_>>()
                .join(" "),
            score: number(a.score),
            grade: a.grade.chinese().to_string(),
            grade_class: a.grade.code().to_string(),
        }
    }

    fn deduction_row(f: &Finding) -> DeductionRow {
        let (name, article) = (f.rule.chinese(), f.rule.article());
        DeductionRow {
            id: f.id.clone(),
            rule: f.rule.code().to_string(),
            rule_name: name.to_string(),
            article: article.to_string(),
            item: f.rule.family().chinese().to_string(),
            points: match f.rule.family() {
                crate::catalogue::Family::Veto => "否决".to_string(),
                crate::catalogue::Family::Bonus => format!("+{}", number(f.points)),
                _ => format!("−{}", number(f.points)),
            },
            detail: if f.appeals.is_empty() {
                f.detail.clone()
            } else if f.waived {
                format!(
                    "{}（申诉 {} 采纳：不予认定，不计分）",
                    f.detail,
                    f.appeals.join("、")
                )
            } else {
                format!(
                    "{}（申诉 {} 采纳：已剔除相关记录）",
                    f.detail,
                    f.appeals.join("、")
                )
            },
            evidence: crate::limits::first_items(
                &f.evidence,
                EVIDENCE_SHOWN,
                "、",
                "deductions.csv",
            ),
        }
    }

    /// An account named beside another row: 账号名称（平台）, or its id when not assessed.
    fn account_label(&self, id: &str) -> String {
        self.account_labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// A figure read off an account score.
type AccountMeasure = dyn Fn(&AccountScore) -> f64;

/// How many `items` have each of `kinds`, labelled.
fn count_by<K: PartialEq + Copy, T>(
    kinds: &[K],
    items: &[T],
    kind_of: impl Fn(&T) -> K,
    label: impl Fn(K) -> &'static str,
) -> Vec<Stat> {
    kinds
        .iter()
        .map(|k| Stat {
            label: label(*k).to_string(),
            value: items
                .iter()
                .filter(|i| kind_of(i) == *k)
                .count()
                .to_string(),
        })
        .collect()
}

/// Renders every page of the report, as files under `report/`, each handed to `put` as soon as
/// it is rendered.
pub(crate) fn render(
    input: &ReportInput<'_>,
    put: crate::output::Put<'_>,
) -> Result<(), ReportError> {
    let env = environment()?;
    let builder = Builder::new(input);
    let page = |name: &str| format!("report/{name}");
    let files = [
        render_page(
            &env,
            "index.html",
            page("index.html"),
            &overview::overview(&builder)?,
        )?,
        render_page(
            &env,
            "consolidation.html",
            page("consolidation.html"),
            &consolidation_page(&builder),
        )?,
        render_page(
            &env,
            "accountability.html",
            page("accountability.html"),
            &accountability_page(&builder)?,
        )?,
        render_page(
            &env,
            "data-quality.html",
            page("data-quality.html"),
            &quality_page(&builder),
        )?,
        render_page(
            &env,
            "method.html",
            page("method.html"),
            &method_page(&builder),
        )?,
        render_page(
            &env,
            "followup.html",
            page("followup.html"),
            &followup_page(&builder),
        )?,
        render_page(
            &env,
            "appeals.html",
            page("appeals.html"),
            &appeals_page(&builder),
        )?,
        render_page(&env, "scan.html", page("scan.html"), &scan_page(&builder))?,
    ];
    put(OutputFile {
        path: "report/style.css".into(),
        bytes: view::STYLESHEET.as_bytes().to_vec(),
    })?;
    for file in files {
        put(file)?;
    }
    if let Some(tasks) = tasks_page(&builder) {
        put(render_page(&env, "tasks.html", page("tasks.html"), &tasks)?)?;
    }
    unit_pages(&env, &builder, put)
}

/// `method.html`: the rules from the catalogue, the rubric in force, the input hashes.
fn method_page(b: &Builder<'_>) -> MethodPage {
    let rubric = b.input.rubric;
    MethodPage {
        site: b.site(""),
        rules: RuleId::all()
            // SPEC §17 R-a: without tasks.csv, no U3 anywhere.
            .filter(|rule| *rule != RuleId::U3 || b.input.tasks.is_some())
            .map(|rule| {
                let (points, cap) = method::terms(rule, rubric);
                RuleRow {
                    code: rule.code().to_string(),
                    name: rule.chinese_in(rubric.veto.no_update_days).into_owned(),
                    article: rule.article().to_string(),
                    points,
                    cap,
                }
            })
            .collect(),
        rubric_origin: crate::scoring::rubric::origin_in_words(&rubric.origin),
        rubric_sha256: rubric.sha256.clone(),
        robustness: robustness::method(rubric),
        calendar: pages::calendar_method(b),
        files: b.file_rows(),
    }
}

/// The names of the accounts the consolidation list merges others into and of the appealed
/// accounts (SPEC §15.5: named, not given as ids), found in one pass over the accounts.
fn account_labels<'a>(input: &'a ReportInput<'a>) -> HashMap<&'a str, String> {
    let appealed =
        (input.appeals.unwrap_or_default().iter()).filter_map(|a| a.account_id.as_deref());
    let wanted: std::collections::HashSet<&str> = (input.consolidation.iter())
        .flat_map(|e| e.merge_into.iter().map(String::as_str))
        .chain(appealed)
        .collect();
    if wanted.is_empty() {
        return HashMap::default();
    }
    (input.scores.accounts.iter())
        .filter(|a| wanted.contains(a.account_id.as_str()))
        .map(|a| {
            let label = a.platform.account(&a.account_name);
            (a.account_id.as_str(), label)
        })
        .collect()
}
