//! The HTML report (SPEC §8): static pages that open from disk with no network, CSS inline,
//! charts as inline SVG, rendered from minijinja templates in `templates/` with autoescape on.
//! This module turns typed results into view models (formatted strings) and renders the pages in
//! parallel; it never computes a score.

pub mod charts;
mod method;
mod overview;
mod robustness;
pub mod view;

use rustc_hash::FxHashMap as HashMap;

use minijinja::Environment;
use rayon::prelude::*;
use serde::Serialize;

use crate::catalogue::RuleId;
use crate::config::Period;
use crate::documents::chinese_date;
use crate::ingest::IngestReport;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::{Action, ConsolidationEntry};
use crate::model::{AccountMetrics, Dataset};
use crate::output::OutputFile;
use crate::present::{number, percent};
use crate::scoring::rubric::{Level, Rubric};
use crate::scoring::rules::{Grade, Scope};
use crate::scoring::{AccountScore, Finding, Scores, UnitScore};
use charts::{ChartError, Step};
use view::*;

/// A report that could not be rendered: the run fails with this message.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
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

pub use crate::lists::history::PreviousRates;

/// Everything the report shows.
pub struct ReportInput<'a> {
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
}

const TEMPLATES: [(&str, &str); 12] = [
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
pub fn render_one<T: Serialize>(template: &str, page: &T) -> Result<String, ReportError> {
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
const EVIDENCE_SHOWN: usize = 50;
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

    fn consolidation_row(&self, e: &ConsolidationEntry, root: &str) -> ConsolidationRow {
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

    fn accountability_row(&self, e: &AccountabilityEntry, root: &str) -> AccountabilityRow {
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

    fn file_rows(&self) -> Vec<FileRow> {
        self.input
            .ingest
            .files
            .iter()
            .map(|f| FileRow {
                file: f.file_name.clone(),
                present: f.present,
                encoding: f
                    .encoding
                    .map_or("未提供".to_string(), |e| e.name().to_string()),
                read: f.rows_read.to_string(),
                accepted: f.rows_accepted.to_string(),
                rejected: f.rows_rejected.to_string(),
                ignored: f.ignored_columns.join("、"),
                sha256: f.sha256.clone().unwrap_or_default(),
            })
            .collect()
    }

    fn unit_page(&self, u: &UnitScore, own: &UnitRecords<'_>) -> Result<UnitPage, ReportError> {
        let findings = &own.findings;
        let own_accounts = &own.accounts;
        let dataset = self.input.dataset;
        let unit = &dataset.units[u.unit as usize];
        let parent = unit
            .parent_id
            .as_ref()
            .and_then(|p| self.unit_rows.get(p.as_str()).map(|r| r.unit_name.clone()))
            .unwrap_or_default();
        let waterfall_chart = match u.base_score {
            Some(base) if !own_accounts.is_empty() => Some(charts::waterfall(
                "waterfall",
                &waterfall_steps(u, base, own_accounts),
            )?),
            _ => None,
        };
        let weekly_chart = if own_accounts.is_empty() {
            None
        } else {
            Some(self.weekly_chart(own_accounts)?)
        };
        let (score_chart, rank_chart) = self.history_charts(u)?;
        let note = if u.missing_required_account {
            "应开设政务新媒体而无在运营账号（第四条）：单位得分 0，不合格。".to_string()
        } else if u.score.is_none() {
            "非应开设单位且无在运营账号，不评分。".to_string()
        } else {
            String::new()
        };
        Ok(UnitPage {
            site: self.site("../"),
            unit: self.unit_row(u, "../"),
            parent,
            note,
            waterfall_chart,
            weekly_chart,
            score_chart,
            rank_chart,
            consecutive_fails: u.consecutive_fails.to_string(),
            accounts: own_accounts.iter().map(|a| self.account_row(a)).collect(),
            deductions: findings.iter().map(|f| Self::deduction_row(f)).collect(),
            consolidation: (own.consolidation.iter())
                .map(|e| self.consolidation_row(e, "../"))
                .collect(),
            accountability: own
                .accountability
                .map(|e| self.accountability_row(e, "../")),
            robustness: (self.robustness.get(u.unit_id.as_str())).map(|r| robustness::unit_view(r)),
            appeals: (own.appeals.iter())
                .map(|a| self.appeal_row(a, "../"))
                .collect(),
        })
    }

    /// One appeal as the pages show it.
    fn appeal_row(&self, a: &crate::appeals::AppealResult, root: &str) -> AppealRowView {
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

    /// The unit's score and rank over the earlier runs and this one (SPEC §13); none without
    /// earlier runs.
    fn history_charts(
        &self,
        u: &UnitScore,
    ) -> Result<(Option<String>, Option<String>), ReportError> {
        let runs = &self.input.history.runs;
        if runs.is_empty() {
            return Ok((None, None));
        }
        let mut labels: Vec<String> = runs.iter().map(|r| r.period.chinese()).collect();
        labels.push(self.input.period.chinese());
        let mut hashes: Vec<Option<&str>> = runs
            .iter()
            .map(|r| Some(r.rubric_sha256.as_str()))
            .collect();
        hashes.push(Some(self.input.rubric.sha256.as_str()));
        let changed = overview::rubric_changes(&hashes);
        let of = |f: &dyn Fn(&crate::lists::earlier::EarlierUnit) -> Option<f64>,
                  now: Option<f64>| {
            let mut v: Vec<Option<f64>> = (runs.iter())
                .map(|r| r.units.get(&u.unit_id).and_then(f))
                .collect();
            v.push(now);
            v
        };
        let scores = vec![("得分".to_string(), of(&|e| e.score, u.score))];
        let ranks = vec![(
            "名次".to_string(),
            of(&|e| e.rank.map(f64::from), u.rank.map(f64::from)),
        )];
        Ok((
            Some(charts::periods(
                "score history",
                &labels,
                &scores,
                "得分",
                &changed,
                false,
                Some(self.input.rubric.grades.pass),
            )?),
            Some(charts::periods(
                "rank history",
                &labels,
                &ranks,
                "名次",
                &changed,
                true,
                None,
            )?),
        ))
    }

    /// Posts per calendar week of the period, one line per account.
    fn weekly_chart(&self, own: &[&AccountScore]) -> Result<String, ReportError> {
        let start = self.input.period.start;
        let days = ((self.input.as_of - start).num_days() + 1).max(1) as usize;
        let weeks = days.div_ceil(7);
        let labels_x: Vec<String> = (0..weeks)
            .map(|w| {
                // 7月1日: the week's first day as people write it.
                (start + chrono::TimeDelta::days(7 * w as i64))
                    .format("%-m月%-d日")
                    .to_string()
            })
            .collect();
        let series = own
            .iter()
            .map(|a| {
                let m = &self.input.metrics[a.account as usize];
                let shift = (m.window_start - start).num_days().max(0) as usize;
                let mut weekly = vec![0.0; weeks];
                for (offset, count) in m.posts_by_day.iter().enumerate() {
                    if let Some(w) = weekly.get_mut((offset + shift) / 7) {
                        *w += f64::from(*count);
                    }
                }
                let platform = a.platform.label();
                (format!("{}（{platform}）", a.account_name), weekly)
            })
            .collect::<Vec<_>>();
        Ok(charts::lines(
            "weekly posts",
            &labels_x,
            &series,
            "每周发布",
        )?)
    }
}

/// A figure read off an account score.
type AccountMeasure = dyn Fn(&AccountScore) -> f64;

/// 100 → minus the mean of each capped item → plus the mean bonus → minus the mean veto cut →
/// the base (mean score) → minus the unit deduction and the unit's veto cap → the score.
fn waterfall_steps(u: &UnitScore, base: f64, own: &[&AccountScore]) -> Vec<Step> {
    let n = own.len() as f64;
    let mean = |f: &dyn Fn(&AccountScore) -> f64| own.iter().map(|a| f(a)).sum::<f64>() / n;
    let mut steps = vec![Step {
        label: "满分".into(),
        value: 100.0,
        total: true,
    }];
    let items: [(&str, &AccountMeasure); 4] = [
        ("信息更新", &|a| a.deduction_update.unwrap_or(0.0)),
        ("互动回应", &|a| a.deduction_interaction.unwrap_or(0.0)),
        ("内容规范", &|a| a.deduction_content.unwrap_or(0.0)),
        ("账号管理", &|a| a.deduction_management.unwrap_or(0.0)),
    ];
    for (label, f) in items {
        steps.push(Step {
            label: label.into(),
            value: -mean(f),
            total: false,
        });
    }
    steps.push(Step {
        label: "加分".into(),
        value: mean(&|a| a.bonus),
        total: false,
    });
    let cut = mean(&|a| (a.deduction_score + a.bonus - a.score).max(0.0));
    if cut > 0.0 {
        steps.push(Step {
            label: "否决封顶".into(),
            value: -cut,
            total: false,
        });
    }
    steps.push(Step {
        label: "账号均分".into(),
        value: base,
        total: true,
    });
    if let Some(d) = u.unit_deduction.filter(|d| *d > 0.0) {
        steps.push(Step {
            label: "单位扣分".into(),
            value: -d,
            total: false,
        });
    }
    if let Some(score) = u.score {
        let capped = (base - u.unit_deduction.unwrap_or(0.0)).max(0.0) - score;
        if capped > 0.005 {
            steps.push(Step {
                label: "否决封顶".into(),
                value: -capped,
                total: false,
            });
        }
        steps.push(Step {
            label: "得分".into(),
            value: score,
            total: true,
        });
    }
    steps
}

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
pub fn render(input: &ReportInput<'_>, put: crate::output::Put<'_>) -> Result<(), ReportError> {
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
    ];
    for file in files {
        put(file)?;
    }
    unit_pages(&env, &builder, put)
}

/// `consolidation.html`: the counts per action and the list.
fn consolidation_page(b: &Builder<'_>) -> ConsolidationPage {
    let input = b.input;
    ConsolidationPage {
        site: b.site(""),
        counts: count_by(
            &Action::ALL,
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
fn accountability_page(b: &Builder<'_>) -> Result<AccountabilityPage, ReportError> {
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
            &Level::ALL,
            input.accountability,
            |e| e.level,
            Level::chinese,
        ),
        rows: (input.accountability.iter())
            .map(|e| b.accountability_row(e, ""))
            .collect(),
    })
}

/// `data-quality.html`: the files read, the rules not evaluated, the workbook's cuts, the
/// first rejected rows.
fn quality_page(b: &Builder<'_>) -> DataQualityPage {
    let input = b.input;
    let rejects = &input.ingest.rejects;
    DataQualityPage {
        site: b.site(""),
        files: b.file_rows(),
        rejects: (rejects.iter().take(REJECTS_SHOWN))
            .map(|r| RejectRow {
                file: r.file_name.clone(),
                line: r.line.to_string(),
                column: r.column.clone(),
                value: crate::limits::fit(&r.value, REJECT_VALUE_UNITS, "rejects.csv"),
                reason: r.reason.clone(),
            })
            .collect(),
        rejects_total: rejects.len().to_string(),
        rejects_cut: rejects.len() > REJECTS_SHOWN,
        not_evaluated: (input.scores.not_evaluated.iter())
            .map(|n| Stat {
                label: format!("{} {}", n.rule, n.rule.chinese()),
                value: n.reason.to_string(),
            })
            .collect(),
        workbook_cuts: (input.summary.workbook_cuts.iter())
            .map(|c| Stat {
                label: c.sheet.to_string(),
                value: format!(
                    "共{}行，超出Excel每表行数上限，工作簿只列前{}行；全部数据见{}",
                    c.rows, c.kept, c.csv
                ),
            })
            .collect(),
        history_skipped: (input.history.skipped.iter())
            .map(|h| Stat {
                label: h.folder.display().to_string(),
                value: h.reason.clone(),
            })
            .collect(),
        history_read: (input.history.runs.iter())
            .map(|r| r.period.chinese())
            .collect::<Vec<_>>()
            .join("、"),
    }
}

/// `appeals.html`: the appeals, their decisions and effects (SPEC §14).
fn appeals_page(b: &Builder<'_>) -> AppealsPage {
    use crate::appeals::Effect;
    use crate::model::Decision;
    let rows = b.input.appeals.unwrap_or_default();
    AppealsPage {
        site: b.site(""),
        known: b.input.appeals.is_some(),
        decisions: count_by(Decision::ALL, rows, |r| r.decision, Decision::chinese),
        effects: count_by(&Effect::ALL, rows, |r| r.effect, Effect::chinese),
        rows: (rows.iter().take(APPEALS_SHOWN))
            .map(|a| b.appeal_row(a, ""))
            .collect(),
        cut: rows.len() > APPEALS_SHOWN,
        shown: APPEALS_SHOWN.to_string(),
    }
}

/// How many appeals the appeals page lists (all are in appeals_result.csv).
const APPEALS_SHOWN: usize = 2000;

/// How many rows the follow-up page lists (all are in followup.csv).
const FOLLOWUP_SHOWN: usize = 2000;

/// `followup.html`: what became of the previous run's lists (SPEC §13).
fn followup_page(b: &Builder<'_>) -> FollowupPage {
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
                    Status::Pending | Status::Persists => "fail",
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

/// `method.html`: the rules from the catalogue, the rubric in force, the input hashes.
fn method_page(b: &Builder<'_>) -> MethodPage {
    let rubric = b.input.rubric;
    MethodPage {
        site: b.site(""),
        rules: RuleId::all()
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
        rubric_origin: crate::present::rubric_origin(&rubric.origin),
        rubric_sha256: rubric.sha256.clone(),
        robustness: robustness::method(rubric),
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

/// One page per unit, rendered in parallel.
fn unit_pages(
    env: &Environment<'_>,
    b: &Builder<'_>,
    put: crate::output::Put<'_>,
) -> Result<(), ReportError> {
    let records = UnitRecords::by_unit(b.input);
    let none = UnitRecords::default();
    (b.input.scores.units.par_iter())
        .map(|u| {
            let own = records.get(u.unit_id.as_str()).unwrap_or(&none);
            let page = b.unit_page(u, own)?;
            let path = format!("report/{}", unit_file(u.unit));
            crate::progress::advance(1);
            put(render_page(env, "unit.html", path, &page)?)?;
            Ok(())
        })
        .collect()
}

/// What a unit page shows of the run's records: the unit's accounts, findings, list entries and
/// appeals, each in the order of its table (gathered once for all pages, not searched per page).
#[derive(Default)]
struct UnitRecords<'a> {
    accounts: Vec<&'a AccountScore>,
    findings: Vec<&'a Finding>,
    consolidation: Vec<&'a ConsolidationEntry>,
    accountability: Option<&'a AccountabilityEntry>,
    appeals: Vec<&'a crate::appeals::AppealResult>,
}

impl<'a> UnitRecords<'a> {
    fn by_unit(input: &'a ReportInput<'a>) -> HashMap<&'a str, UnitRecords<'a>> {
        let scores = input.scores;
        let mut of: HashMap<&str, UnitRecords<'_>> = HashMap::default();
        for a in &scores.accounts {
            of.entry(a.unit_id.as_str()).or_default().accounts.push(a);
        }
        let unit_of: HashMap<&str, &str> = (scores.accounts.iter())
            .map(|a| (a.account_id.as_str(), a.unit_id.as_str()))
            .collect();
        for f in &scores.findings {
            let unit = match f.scope {
                Scope::Unit => Some(f.id.as_str()),
                Scope::Account => unit_of.get(f.id.as_str()).copied(),
            };
            if let Some(unit) = unit {
                of.entry(unit).or_default().findings.push(f);
            }
        }
        for e in input.consolidation {
            of.entry(e.unit_id.as_str())
                .or_default()
                .consolidation
                .push(e);
        }
        for e in input.accountability {
            let own = of.entry(e.unit_id.as_str()).or_default();
            own.accountability = own.accountability.or(Some(e));
        }
        for a in input.appeals.unwrap_or_default() {
            of.entry(a.unit_id.as_str()).or_default().appeals.push(a);
        }
        of
    }
}
