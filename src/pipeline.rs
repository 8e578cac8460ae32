//! The assessment job, top to bottom: ingest → validate → metrics → score → consolidate →
//! lists → export → report → write. The only place that knows the order of the stages.

use std::path::PathBuf;

use anyhow::{Context as _, Result};

use crate::cli::AssessArgs;
use crate::config::Period;
use crate::error::SettingsError;
use crate::export::{self, summary::ListFacts, summary::PeriodFacts, summary::Summary};
use crate::ingest::schema::{InputFile, account as account_columns};
use crate::ingest::{self, Ingested};
use crate::lists::accountability::{self, Inputs};
use crate::lists::{consolidation, history};
use crate::metrics::{self, Window};
use crate::output::{self, OutputFile, Target};
use crate::report::{self, ReportInput};
use crate::scoring::{self, Columns, NotEvaluated, rubric::Rubric};
use crate::timings::Timings;

/// `--strict` and at least one row rejected: exit code 3, nothing written.
#[derive(Debug, thiserror::Error)]
#[error(
    "--strict: {rows} rows were rejected (first: {first}); nothing was written. Fix the rows (see `govmedia validate`) or run without --strict"
)]
pub struct StrictRefusal {
    /// Rows rejected.
    pub rows: u64,
    /// Where the first one is.
    pub first: String,
}

/// Runs `govmedia assess`; returns the output folder written.
pub fn assess(args: &AssessArgs, quiet: bool) -> Result<PathBuf> {
    let period_asked = args.period.as_deref().map(Period::parse).transpose()?;
    let rubric = match &args.rubric {
        Some(path) => Rubric::load(path)?,
        None => Rubric::default_rubric()?,
    };

    // The output folder is checked before any work when it is named (and never replaced unless
    // it is govmedia's own).
    let named_target = args
        .out
        .as_deref()
        .map(|out| Target::check(out, "assess", Some(&args.data)))
        .transpose()?;

    let mut timings = Timings::new(args.timings);

    // Ingest and validate.
    let Ingested { dataset, report } = ingest::ingest(&args.data)?;
    timings.stage(
        "ingest",
        Some(report.files.iter().map(|f| f.rows_read).sum()),
    );
    if args.strict
        && let Some(first) = report.rejects.first()
    {
        return Err(StrictRefusal {
            rows: report.rejects.len() as u64,
            first: format!(
                "{} line {} column {}: {}",
                first.file_name, first.line, first.column, first.reason
            ),
        }
        .into());
    }

    // The period: asked for, or the quarter of the latest post.
    let period = match period_asked {
        Some(period) => period,
        None => {
            let latest = dataset
                .posts
                .published_at
                .iter()
                .max()
                .ok_or(SettingsError::NoPeriodFromData)?;
            let period =
                Period::quarter_containing(latest.date()).ok_or(SettingsError::NoPeriodFromData)?;
            if !quiet {
                eprintln!(
                    "period {} (the quarter of the latest post, {})",
                    period.label,
                    latest.date()
                );
            }
            period
        }
    };
    let as_of = period.as_of(args.as_of.as_deref())?;
    let window = Window {
        start: period.start,
        as_of,
    };

    // Metrics.
    let metrics = metrics::compute(&dataset, window).context("computing the metrics")?;
    let record_rows =
        dataset.posts.account.len() + dataset.engagement.as_ref().map_or(0, |e| e.account.len());
    timings.stage("metrics", Some(record_rows as u64));

    // Score.
    let has_account_column = |name| {
        report
            .files
            .iter()
            .any(|f| f.file == InputFile::Accounts && f.columns.contains(&name))
    };
    let columns = Columns {
        verified: has_account_column(account_columns::VERIFIED),
        verified_name: has_account_column(account_columns::VERIFIED_NAME),
        interaction_enabled: has_account_column(account_columns::INTERACTION_ENABLED),
        original: dataset.posts.has_original,
        reviewed: dataset.posts.has_reviewed,
        messages: dataset.messages.is_some(),
        violations: dataset.violations.is_some(),
        filings: dataset.filings.is_some(),
    };
    let context = scoring::Context {
        dataset: &dataset,
        metrics: &metrics,
        window,
        columns,
    };
    let mut scores = scoring::score(&context, &rubric);
    timings.stage("scoring", Some(scores.accounts.len() as u64));

    // History: the previous period's grades, from --previous or the sibling folder of --out.
    let target = match named_target {
        Some(target) => target,
        None => Target::check(
            &PathBuf::from("reports").join(&period.label),
            "assess",
            Some(&args.data),
        )?,
    };
    let out = target.path().to_path_buf();
    let previous_dir = match &args.previous {
        Some(dir) => Some(dir.clone()),
        None => period
            .previous()
            .map(|p| {
                out.parent()
                    .map_or_else(|| PathBuf::from(&p.label), |parent| parent.join(&p.label))
            })
            .filter(|dir| dir.is_dir()),
    };
    let previous = previous_dir
        .as_deref()
        .map(history::read_previous)
        .transpose()?;
    match &previous {
        Some(grades) => {
            for unit in &mut scores.units {
                unit.previous_grade = grades.get(&unit.unit_id).copied();
            }
        }
        None => scores.not_evaluated.push(NotEvaluated {
            rule: crate::catalogue::RuleId::R3,
            reason: "no previous run (--previous, or reports/<previous period>)",
        }),
    }
    scores.not_evaluated.sort_by_key(|n| n.rule);

    // Consolidate.
    let consolidation = consolidation::consolidate(&dataset, &scores.accounts, &rubric, window);
    timings.stage("consolidate", Some(scores.accounts.len() as u64));

    // Lists.
    let accountability = accountability::accountability(
        &Inputs {
            dataset: &dataset,
            metrics: &metrics,
            accounts: &scores.accounts,
            units: &scores.units,
            findings: &scores.findings,
            has_previous: previous.is_some(),
            window,
        },
        &rubric,
    );

    timings.stage("lists", Some(scores.units.len() as u64));

    // Export.
    let mut summary = Summary::new(
        &report,
        PeriodFacts {
            label: period.label.clone(),
            start: period.start.to_string(),
            end: period.end.to_string(),
            as_of: as_of.to_string(),
            previous: period.previous().map(|p| p.label),
        },
        &rubric,
        &scores,
        ListFacts {
            consolidation: &consolidation,
            accountability: &accountability,
            previous_run: previous_dir.as_ref().map(|d| d.display().to_string()),
        },
        dataset.accounts.len(),
    );
    let mut files = vec![
        OutputFile {
            path: "account_scores.csv".into(),
            bytes: export::account_scores_csv(&scores.accounts)?,
        },
        OutputFile {
            path: "unit_scores.csv".into(),
            bytes: export::unit_scores_csv(&scores.units)?,
        },
        OutputFile {
            path: "deductions.csv".into(),
            bytes: export::deductions_csv(&scores.findings)?,
        },
        OutputFile {
            path: "consolidation.csv".into(),
            bytes: export::consolidation_csv(&consolidation)?,
        },
        OutputFile {
            path: "accountability.csv".into(),
            bytes: export::accountability_csv(&accountability)?,
        },
        OutputFile {
            path: "rejects.csv".into(),
            bytes: export::rejects_csv(&report.rejects)?,
        },
    ];

    timings.stage("export", None);

    summary.workbook_cuts = export::xlsx::cuts(&export::xlsx::TableRows {
        units: scores.units.len(),
        accounts: scores.accounts.len(),
        findings: scores.findings.len(),
        consolidation: consolidation.len(),
        accountability: accountability.len(),
        rejects: report.rejects.len(),
    });
    // Report, while the workbook (single-threaded XML and zip) is built beside it.
    let report_input = ReportInput {
        dataset: &dataset,
        metrics: &metrics,
        ingest: &report,
        scores: &scores,
        consolidation: &consolidation,
        accountability: &accountability,
        rubric: &rubric,
        period: &period,
        as_of,
        pass_rates: (summary.pass_rates.accounts, summary.pass_rates.units),
        previous: previous_dir
            .as_deref()
            .and_then(history::read_previous_rates),
        workbook_cuts: &summary.workbook_cuts,
    };
    let workbook_input = export::xlsx::WorkbookInput {
        summary: workbook_summary(&summary),
        units: &scores.units,
        accounts: &scores.accounts,
        findings: &scores.findings,
        consolidation: &consolidation,
        accountability: &accountability,
        rejects: &report.rejects,
    };
    let (workbook, pages) = rayon::join(
        || export::xlsx::workbook(workbook_input),
        || report::render(&report_input),
    );
    files.push(OutputFile {
        path: "assessment.xlsx".into(),
        bytes: workbook.context("building assessment.xlsx")?,
    });
    files.extend(pages?);
    timings.stage("report+xlsx", Some(scores.units.len() as u64));

    // Write: the manifest last, naming every file.
    summary.list_files(files.iter().map(|f| f.path.as_path()));
    files.push(OutputFile {
        path: output::MANIFEST.into(),
        bytes: summary.to_json()?,
    });
    let staging = target.stage()?;
    staging.write_all(&files)?;
    for left in staging.commit()? {
        eprintln!(
            "note: {} holds files govmedia did not write; it was left in place",
            left.display()
        );
    }
    timings.stage("write", Some(files.len() as u64));
    timings.print();
    if !quiet {
        eprintln!(
            "{}: {} accounts assessed ({} vetoed), {} units; account pass rate {}; {} rows rejected",
            period.label,
            summary.counts.accounts_assessed,
            summary.counts.accounts_vetoed,
            summary.counts.units,
            summary
                .pass_rates
                .accounts
                .map_or("-".to_string(), |r| format!("{:.0}%", r * 100.0)),
            summary.rows_rejected
        );
    }
    Ok(out)
}

/// The 汇总 sheet: the headline figures of the summary, labelled in Chinese.
fn workbook_summary(summary: &Summary) -> Vec<(String, export::xlsx::Cell)> {
    use export::xlsx::Cell;
    let text = |s: &str| Cell::Text(s.to_string());
    let number = |x: u64| Cell::Number(x as f64);
    let rate = |r: Option<f64>| r.map_or(Cell::Empty, Cell::Number);
    let mut rows = vec![
        (
            "考核期".to_string(),
            text(&format!(
                "{} ({} 至 {})",
                summary.period, summary.period_start, summary.period_end
            )),
        ),
        ("监测日".to_string(), text(&summary.as_of)),
        (
            "在册账号".to_string(),
            number(summary.counts.accounts_registered),
        ),
        (
            "评估账号".to_string(),
            number(summary.counts.accounts_assessed),
        ),
        (
            "单项否决账号".to_string(),
            number(summary.counts.accounts_vetoed),
        ),
        ("账号合格率".to_string(), rate(summary.pass_rates.accounts)),
        ("单位".to_string(), number(summary.counts.units)),
        ("评分单位".to_string(), number(summary.counts.units_scored)),
        ("单位合格率".to_string(), rate(summary.pass_rates.units)),
    ];
    for c in &summary.accountability {
        rows.push((format!("约谈问责: {}", c.name), number(c.count)));
    }
    for c in &summary.consolidation {
        rows.push((format!("清理整合: {}", c.name), number(c.count)));
    }
    rows.push(("拒绝的行".to_string(), number(summary.rows_rejected)));
    rows.push(("评分细则".to_string(), text(&summary.rubric)));
    rows.push(("评分细则 SHA-256".to_string(), text(&summary.rubric_sha256)));
    rows.push((
        "工具版本".to_string(),
        text(&format!("{} {}", summary.tool, summary.version)),
    ));
    rows
}
