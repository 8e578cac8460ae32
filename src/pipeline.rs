//! The assessment job, top to bottom: ingest → validate → metrics → score → consolidate →
//! lists → export → report → write. The only place that knows the order of the stages.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::appeals::{self, AppealResult};
use crate::config::Period;
use crate::export;
use crate::export::summary::{
    AppealCounts, CalendarSummary, FollowupCounts, HistoryEntry, LifecycleSummary, ListFacts,
    PeriodFacts, ScanSummary, Summary, TasksSummary,
};
use crate::export::tables::DutyRows;
use crate::ingest::{self, IngestReport, Ingested};
use crate::lists::accountability::PreviousGrades;
use crate::lists::accountability::{self, AccountabilityEntry};
use crate::lists::consolidation::{self, ConsolidationEntry};
use crate::lists::earlier::{self, History};
use crate::lists::followup::{self, FollowupRow};
use crate::lists::history;
use crate::lists::lifecycle::{self, Lifecycle};
use crate::metrics;
use crate::model::{AccountMetrics, Dataset};
use crate::output::{self, OutputFile, Put};
use crate::progress::{self, Unit};
use crate::report::{self, ReportInput};
use crate::robustness::{self, RobustnessRow};
use crate::scan::candidates::ScanRun;
use crate::scan::{self, Found, Scanner};
use crate::scoring::waivers;
use crate::scoring::{self, Columns, Scores};
use crate::settings::{RunConfig, Settings};
use crate::tasks::{self, TaskRun};
use crate::timings::Timings;

/// `--strict` and at least one row rejected: exit code 3, nothing written.
#[derive(Debug, thiserror::Error)]
#[error(
    "--strict: {rows} rows were rejected (first: {first}); nothing was written. Fix the rows (see `govmedia validate`) or run without --strict"
)]
pub(crate) struct StrictRefusal {
    /// Rows rejected.
    pub rows: u64,
    /// Where the first one is.
    pub first: String,
}

/// Runs `govmedia assess`; returns the output folder written.
pub(crate) fn assess(settings: Settings, quiet: bool) -> Result<PathBuf> {
    let mut timings = Timings::new(settings.timings);

    // §2 Inputs: read and check every file.
    let Ingested {
        mut dataset,
        mut report,
        found,
    } = read_inputs(&settings, &mut timings)?;
    let strict = settings.strict;
    let run = RunConfig::resolve(settings, &dataset, quiet, "assess")?;
    // §16 Content scan: the period's candidates, with the review carried over.
    let scan = scan_stage(&dataset, &found, &report, &run);
    drop(found);
    // §15.1: a placeholder is never silent, not even with --quiet.
    if let Some(warning) = run.office.warning() {
        eprintln!("{warning}");
    }
    let rubric = &run.rubric;
    robustness::fits_in_memory(rubric.robustness.draws, dataset.units.len())?;

    // §17.1 Repost tasks, §17.2 the registry's life cycle: before the posts' times are let go.
    let (mut tasks, lifecycle) = duties(&dataset, &report, &run);
    appeals::reject_unbound_tasks(&mut dataset, &mut report, tasks.as_ref(), &run.period);
    refuse_if_strict(strict, &report)?;

    // §3 Metrics.
    let mut metrics = measure(&mut dataset, &run, &mut timings)?;

    // §14 Appeals: the lists without them, then their records voided and rules waived.
    let (resolution, before) = apply_appeals(&dataset, &mut metrics, &mut tasks, &run)?;

    // §4 Scores, with the previous period's grades and (§13) the periods failed in a row.
    progress::stage("scoring and lists", 0, Unit::Items);
    let waivers = &resolution.waivers;
    let mut scores = score(&dataset, &metrics, tasks.as_ref(), waivers, &run);
    let (previous, earlier) = past(&run, &mut scores)?;
    timings.stage("scoring", Some(scores.accounts.len() as u64));

    // §5 Consolidation and §6 accountability lists.
    let consolidation =
        consolidation::consolidate(&dataset, &scores.accounts, rubric, run.window, waivers);
    timings.stage("consolidate", Some(scores.accounts.len() as u64));
    let lists_input = list_inputs(&dataset, &metrics, &scores, previous.is_some(), &run);
    let mut accountability = accountability::accountability(&lists_input, rubric);
    // §13 Follow-up: what became of the previous run's lists.
    let now = followup::Now {
        dataset: &dataset,
        consolidation: &consolidation,
        accountability: &accountability,
        not_evaluated: &scores.not_evaluated,
        lifecycle: &lifecycle,
    };
    let followup = follow_up(run.previous.as_deref(), &now)?;
    timings.stage("lists", Some(scores.units.len() as u64));

    // §9 Robustness of the lists: every unit re-scored under perturbed weights.
    let robustness = draws(
        &scores,
        &lists_input,
        &mut accountability,
        rubric,
        &mut timings,
    );

    // §14 What the appeals changed.
    let appeals = appeal_results(
        &dataset,
        &resolution,
        before.as_ref(),
        &mut scores,
        (&consolidation, &accountability),
    );

    // §7 Outputs and §8 the report.
    let results = Results {
        appeals: appeals.as_deref(),
        dataset: &dataset,
        metrics: &metrics,
        ingest: &report,
        scores: &scores,
        consolidation: &consolidation,
        accountability: &accountability,
        robustness: robustness.as_deref(),
        history: &earlier,
        followup: followup.as_deref(),
        scan: &scan,
        tasks: tasks.as_ref(),
        lifecycle: &lifecycle,
        run: &run,
    };
    finish(&results, timings, quiet)?;
    Ok(run.target.path().to_path_buf())
}

/// Reads and checks every input (SPEC §2); with `--strict`, refuses a run that rejected rows.
fn read_inputs(settings: &Settings, timings: &mut Timings) -> Result<Ingested> {
    let scan = &settings.rubric.scan;
    let scanner = Scanner::new(&settings.terms, &scan.rules, scan.context_chars as usize);
    let with = ingest::With {
        scanner: Some(&scanner),
        only: None,
        min_title_chars: settings.rubric.tasks.min_title_chars,
    };
    let ingested = ingest::ingest_with(&settings.data, with)?;
    let rows = ingested.report.files.iter().map(|f| f.rows_read).sum();
    timings.stage("ingest", Some(rows));
    progress::done();
    refuse_if_strict(settings.strict, &ingested.report)?;
    Ok(ingested)
}

/// The robustness draws (SPEC §9), which add each listed unit's verdict to `accountability`.
fn draws(
    scores: &Scores,
    lists_input: &accountability::Inputs<'_>,
    accountability: &mut [accountability::AccountabilityEntry],
    rubric: &crate::scoring::rubric::Rubric,
    timings: &mut Timings,
) -> Option<Vec<robustness::RobustnessRow>> {
    let draws = rubric.robustness.draws;
    progress::stage("robustness draws", draws.into(), Unit::Items);
    let rows = robustness::assess(scores, lists_input, accountability, rubric);
    timings.stage(
        "robustness",
        Some(u64::from(draws) * scores.units.len() as u64),
    );
    rows
}

/// Builds every output, writing each as soon as it is made (a writer thread beside), then the
/// manifest; swaps the folder into place; prints the timings and the headline.
fn finish(results: &Results<'_>, mut timings: Timings, quiet: bool) -> Result<()> {
    let staging = results.run.target.stage()?;
    let (mut summary, paths) = staging.stream(|put| outputs(results, &mut timings, put))?;
    progress::done();
    summary.list_files(paths.iter().map(PathBuf::as_path));
    summary.digests = staging.digests();
    staging.write(Path::new(output::MANIFEST), &summary.to_json()?)?;
    for left in staging.commit()? {
        eprintln!(
            "note: {} holds files govmedia did not write; it was left in place",
            left.display()
        );
    }
    timings.stage("write", Some(paths.len() as u64 + 1));
    timings.print();
    if !quiet {
        eprintln!("{}", headline(&summary, &results.run.period));
        eprintln!("{}", results.scan.line());
    }
    Ok(())
}

/// The content scan of the period (SPEC §16.9), from what ingest found in the posts.
pub(crate) fn scan_stage(
    dataset: &Dataset,
    found: &[(u32, Found)],
    report: &IngestReport,
    run: &RunConfig,
) -> ScanRun {
    let posts_columns = (report.files.iter())
        .find(|f| f.file == crate::ingest::schema::InputFile::Posts)
        .map_or(&[][..], |f| f.columns.as_slice());
    let window = (run.window.start, run.window.as_of);
    scan::candidates::run(
        dataset,
        found,
        posts_columns,
        &run.rubric.scan.rules,
        window,
    )
}

/// The repost tasks' pairs (SPEC §17.1; none without tasks.csv) and the life-cycle findings
/// (§17.2), against the previous run's accounts when given.
fn duties(
    dataset: &Dataset,
    report: &IngestReport,
    run: &RunConfig,
) -> (Option<TaskRun>, Lifecycle) {
    let tasks = tasks::assess(dataset, run.window, &run.rubric.tasks.platforms);
    let previous =
        (run.previous.as_deref()).and_then(|dir| lifecycle::read_previous(dir, run.window.start));
    let filings = (report.files.iter())
        .find(|f| f.file == crate::ingest::schema::InputFile::Filings)
        .map_or("filings.csv", |f| f.file_name.as_str());
    let deadlines = scoring::deadlines::Deadlines::of(dataset, &run.rubric);
    let found = lifecycle::assess(dataset, run.window, deadlines, previous.as_ref(), filings);
    (tasks, found)
}

/// The metrics (SPEC §3), with engagement moved into them and the posts' columns other than
/// their ids let go: nothing after them reads those.
fn measure(
    dataset: &mut Dataset,
    run: &RunConfig,
    timings: &mut Timings,
) -> Result<Vec<AccountMetrics>> {
    progress::stage("computing metrics", 0, Unit::Items);
    let record_rows =
        dataset.posts.account.len() + dataset.engagement.as_ref().map_or(0, |e| e.account.len());
    let engagement = dataset.engagement.take();
    let metrics = metrics::compute(dataset, engagement, run.window);
    dataset.posts.keep_only_ids();
    crate::memory::give_back();
    timings.stage("metrics", Some(record_rows as u64));
    Ok(metrics)
}

/// Resolves the appeals (SPEC §14); when any accepted one applies, assesses the run without them
/// first (appeals_result.csv's "before"), then voids their records in the metrics.
fn apply_appeals(
    dataset: &Dataset,
    metrics: &mut [AccountMetrics],
    tasks: &mut Option<TaskRun>,
    run: &RunConfig,
) -> Result<(appeals::Resolution, Option<Unappealed>)> {
    let resolution = appeals::resolve(dataset, &run.period);
    let before = (resolution.changes_anything())
        .then(|| without_appeals(dataset, metrics, tasks.as_ref(), run))
        .transpose()?;
    appeals::remove_records(metrics, &resolution.removals);
    if let Some(tasks) = tasks {
        appeals::remove_pairs(tasks, &resolution.removals);
    }
    Ok((resolution, before))
}

/// What the accountability rules (and the robustness draws) read.
fn list_inputs<'a>(
    dataset: &'a Dataset,
    metrics: &'a [AccountMetrics],
    scores: &'a Scores,
    has_previous: bool,
    run: &RunConfig,
) -> accountability::Inputs<'a> {
    accountability::Inputs {
        dataset,
        metrics,
        accounts: &scores.accounts,
        units: &scores.units,
        findings: &scores.findings,
        has_previous,
        window: run.window,
    }
}

/// The scores of every account and unit (SPEC §4) under `waivers`, U3 counting `tasks`' pairs.
fn score(
    dataset: &Dataset,
    metrics: &[AccountMetrics],
    tasks: Option<&TaskRun>,
    waivers: &waivers::Waivers,
    run: &RunConfig,
) -> Scores {
    let per_account = tasks.map(|t| t.per_account(dataset.accounts.len()));
    let context = scoring::Context {
        dataset,
        metrics,
        window: run.window,
        columns: Columns::of(dataset),
        waivers,
        tasks: per_account.as_deref(),
    };
    scoring::score(&context, &run.rubric)
}

/// Scores and lists without the accepted appeals: the "before" of appeals_result.csv.
type Unappealed = (Scores, Vec<ConsolidationEntry>, Vec<AccountabilityEntry>);

/// The run as if no appeal had been accepted (the metrics before their records are voided).
fn without_appeals(
    dataset: &Dataset,
    metrics: &[AccountMetrics],
    tasks: Option<&TaskRun>,
    run: &RunConfig,
) -> Result<Unappealed> {
    let rubric = &run.rubric;
    let mut scores = score(dataset, metrics, tasks, &waivers::NONE, run);
    let (previous, _) = past(run, &mut scores)?;
    let consolidation = consolidation::consolidate(
        dataset,
        &scores.accounts,
        rubric,
        run.window,
        &waivers::NONE,
    );
    let inputs = list_inputs(dataset, metrics, &scores, previous.is_some(), run);
    let accountability = accountability::accountability(&inputs, rubric);
    Ok((scores, consolidation, accountability))
}

/// appeals_result.csv's rows when appeals.csv was given; the findings an appeal reduced marked.
fn appeal_results(
    dataset: &Dataset,
    resolution: &appeals::Resolution,
    before: Option<&Unappealed>,
    scores: &mut Scores,
    (consolidation, accountability): (&[ConsolidationEntry], &[AccountabilityEntry]),
) -> Option<Vec<AppealResult>> {
    dataset.appeals.as_ref()?;
    if let Some((b, _, _)) = before {
        appeals::mark_reduced(
            &mut scores.findings,
            &b.findings,
            dataset,
            &resolution.removals,
        );
    }
    let after = appeals::Side {
        scores,
        consolidation,
        accountability,
    };
    let rows = match before {
        Some((s, c, a)) => {
            let side = appeals::Side {
                scores: s,
                consolidation: c,
                accountability: a,
            };
            appeals::results(dataset, resolution, &side, &after)
        }
        None => appeals::results(dataset, resolution, &after, &after),
    };
    Some(rows)
}

/// The previous run's grades (previous_grade, R3) and the earlier runs of the history folder
/// (§13), applied to the scores: previous grades and consecutive_fails.
fn past(run: &RunConfig, scores: &mut Scores) -> Result<(Option<PreviousGrades>, History)> {
    let previous = (run.previous.as_deref())
        .map(history::read_previous)
        .transpose()?;
    history::apply(scores, previous.as_ref());
    let earlier = earlier::read_history(
        &run.history,
        &run.period,
        run.target.path(),
        run.rubric.history.periods,
    );
    earlier::consecutive_fails(&mut scores.units, &run.period, previous.as_ref(), &earlier);
    Ok((previous, earlier))
}

/// followup.csv's rows, when the previous run holds its lists.
fn follow_up(previous: Option<&Path>, now: &followup::Now<'_>) -> Result<Option<Vec<FollowupRow>>> {
    let Some(dir) = previous else {
        return Ok(None);
    };
    Ok(followup::read_previous_lists(dir)?.map(|lists| followup::follow_up(&lists, now)))
}

/// `--strict` and a row rejected: nothing is written.
pub(crate) fn refuse_if_strict(strict: bool, report: &IngestReport) -> Result<(), StrictRefusal> {
    match report.rejects.first() {
        Some(first) if strict => Err(StrictRefusal {
            rows: report.rejects.len() as u64,
            first: format!(
                "{} line {} column {}: {}",
                first.file_name, first.line, first.column, first.reason
            ),
        }),
        _ => Ok(()),
    }
}

/// What a run found, for the exporters and the report.
struct Results<'a> {
    dataset: &'a Dataset,
    metrics: &'a [AccountMetrics],
    ingest: &'a IngestReport,
    scores: &'a Scores,
    consolidation: &'a [ConsolidationEntry],
    accountability: &'a [AccountabilityEntry],
    robustness: Option<&'a [RobustnessRow]>,
    history: &'a History,
    followup: Option<&'a [FollowupRow]>,
    appeals: Option<&'a [AppealResult]>,
    scan: &'a ScanRun,
    tasks: Option<&'a TaskRun>,
    lifecycle: &'a Lifecycle,
    run: &'a RunConfig,
}

/// Every output file but the manifest, each handed to `put` as soon as it is made; the summary.
/// The workbook (single-threaded XML and zip) is built on a thread of its own from the start,
/// beside the tables, the report's pages and the documents.
fn outputs(r: &Results<'_>, timings: &mut Timings, put: Put<'_>) -> Result<Summary> {
    let summary = summary(r);
    // The rows of tasks_result.csv and lifecycle.csv, made once for the CSVs and the workbook.
    let rows = DutyRows::of(r.dataset, r.tasks, r.lifecycle);
    let workbook = workbook_input(r, &summary, &rows);
    std::thread::scope(|scope| {
        let started = std::time::Instant::now();
        let beside = scope.spawn(move || (export::xlsx::workbook(workbook), started.elapsed()));
        let made = tables_report_documents(r, &summary, &rows, timings, put);
        let (workbook, took) =
            (beside.join()).map_err(|_| anyhow::anyhow!("building assessment.xlsx stopped"))?;
        made?;
        put(OutputFile {
            path: "assessment.xlsx".into(),
            bytes: workbook.context("building assessment.xlsx")?,
        })?;
        timings.stage("xlsx wait", None);
        timings.beside("xlsx beside", took);
        Ok(summary)
    })
}

/// The manifest's facts known before any output is made.
fn summary(r: &Results<'_>) -> Summary {
    let period = &r.run.period;
    let mut summary = Summary::new(
        r.ingest,
        PeriodFacts {
            label: period.label.clone(),
            start: period.start.to_string(),
            end: period.end.to_string(),
            as_of: r.run.window.as_of.to_string(),
            previous: period.previous().map(|p| p.label),
        },
        &r.run.rubric,
        r.scores,
        ListFacts {
            consolidation: r.consolidation,
            accountability: r.accountability,
            previous_run: r.run.previous.as_ref().map(|d| d.display().to_string()),
        },
        r.dataset.accounts.len(),
    );
    summary.documents.placeholders = r.run.office.placeholders.clone();
    let rules = &r.run.rubric.scan.rules;
    summary.scan = Some(ScanSummary::of(r.scan, &r.run.terms, rules));
    summary.history = (r.history.runs.iter())
        .map(|h| HistoryEntry {
            period: h.period.label.clone(),
            folder: h.folder.display().to_string(),
        })
        .collect();
    summary.history_skipped = (r.history.skipped.iter())
        .map(|h| HistoryEntry {
            period: h.reason.clone(),
            folder: h.folder.display().to_string(),
        })
        .collect();
    summary.followup = r.followup.map(FollowupCounts::of);
    summary.tasks = r.tasks.map(TasksSummary::of);
    summary.lifecycle = LifecycleSummary::of(r.lifecycle);
    let deadlines = scoring::deadlines::Deadlines::of(r.dataset, &r.run.rubric);
    let beyond = deadlines.beyond(r.dataset, r.run.window.as_of) + r.lifecycle.beyond;
    summary.calendar = (r.dataset.calendar.as_ref()).and_then(|c| CalendarSummary::of(c, beyond));
    summary.appeals = r.appeals.map(AppealCounts::of);
    summary.workbook_cuts = export::xlsx::cuts(&export::xlsx::TableRows {
        units: r.scores.units.len(),
        accounts: r.scores.accounts.len(),
        findings: r.scores.findings.len(),
        consolidation: r.consolidation.len(),
        accountability: r.accountability.len(),
        appeals: r.appeals.map(<[_]>::len),
        followup: r.followup.map(<[_]>::len),
        scan: r.scan.evaluated().then_some(r.scan.result.rows.len()),
        tasks: r.tasks.map(|t| t.pairs.len()),
        lifecycle: r.lifecycle.rows.len(),
        rejects: r.ingest.rejects.len(),
    });
    summary
}

/// The CSV tables, the report's pages and the documents, each handed to `put` as it is made.
fn tables_report_documents(
    r: &Results<'_>,
    summary: &Summary,
    rows: &DutyRows,
    timings: &mut Timings,
    put: Put<'_>,
) -> Result<()> {
    for file in tables(r, rows)? {
        put(file)?;
    }
    timings.stage("export", None);
    let previous_rates = (r.run.previous.as_deref()).and_then(history::read_previous_rates);
    let breakdowns = crate::overview::breakdowns(r.dataset, r.scores);
    report(r, summary, &breakdowns, previous_rates.clone(), put)?;
    timings.stage("report", Some(r.scores.units.len() as u64));
    progress::stage("documents", r.accountability.len() as u64, Unit::Items);
    let documents = crate::documents::documents(
        &crate::documents::Input {
            dataset: r.dataset,
            metrics: r.metrics,
            scores: r.scores,
            consolidation: r.consolidation,
            accountability: r.accountability,
            summary,
            breakdowns: &breakdowns,
            rubric: &r.run.rubric,
            office: &r.run.office,
            period: &r.run.period,
            as_of: r.run.window.as_of,
            previous: previous_rates.as_ref(),
            followup: r.followup,
            tasks: r.tasks,
            lifecycle: r.lifecycle,
        },
        put,
    )?;
    timings.stage("documents", Some(documents.files as u64));
    if documents.cleaned_texts > 0 {
        eprintln!(
            "note: {} texts in the documents held control characters a Word document cannot hold; they were left out there (the CSVs and the workbook keep them)",
            documents.cleaned_texts
        );
    }
    Ok(())
}

/// The CSV tables of SPEC §7.
fn tables(r: &Results<'_>, duties: &DutyRows) -> Result<Vec<OutputFile>> {
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.into(),
        bytes,
    };
    // The largest table (one row per finding) is written beside the others.
    let (deductions, accounts) = rayon::join(
        || export::deductions_csv(&r.scores.findings),
        || export::account_scores_csv(&r.scores.accounts),
    );
    let mut files = vec![
        file("account_scores.csv", accounts?),
        file(
            "unit_scores.csv",
            export::unit_scores_csv(&r.scores.units, r.tasks.is_some())?,
        ),
        file("deductions.csv", deductions?),
        file(
            "consolidation.csv",
            export::consolidation_csv(r.consolidation)?,
        ),
        file(
            "accountability.csv",
            export::accountability_csv(r.accountability)?,
        ),
        file("rejects.csv", export::rejects_csv(&r.ingest.rejects)?),
        file("lifecycle.csv", export::lifecycle_csv(&duties.lifecycle)?),
        file("rubric.toml", r.run.rubric.text.clone().into_bytes()),
    ];
    if let Some(rows) = r.robustness {
        files.push(file("robustness.csv", export::robustness_csv(rows)?));
    }
    if let Some(rows) = r.followup {
        files.push(file("followup.csv", export::followup_csv(rows)?));
    }
    if let Some(rows) = r.appeals {
        files.push(file("appeals_result.csv", export::appeals_csv(rows)?));
    }
    if let Some(rows) = &duties.tasks {
        files.push(file("tasks_result.csv", export::tasks_result_csv(rows)?));
    }
    if r.scan.evaluated() {
        let rows = &r.scan.result.rows;
        files.push(file(
            "scan_candidates.csv",
            export::scan_candidates_csv(rows)?,
        ));
    }
    Ok(files)
}

/// The report's pages (SPEC §8).
fn report(
    r: &Results<'_>,
    summary: &Summary,
    breakdowns: &crate::overview::Breakdowns,
    previous: Option<history::PreviousRates>,
    put: Put<'_>,
) -> Result<()> {
    let report_input = ReportInput {
        dataset: r.dataset,
        metrics: r.metrics,
        ingest: r.ingest,
        scores: r.scores,
        consolidation: r.consolidation,
        accountability: r.accountability,
        rubric: &r.run.rubric,
        period: &r.run.period,
        as_of: r.run.window.as_of,
        summary,
        breakdowns,
        previous,
        history: r.history,
        followup: r.followup,
        appeals: r.appeals,
        robustness: r.robustness,
        measures: &r.run.office.measures,
        scan: Some(r.scan),
        terms: Some(&r.run.terms),
        tasks: r.tasks,
        lifecycle: r.lifecycle,
    };
    progress::stage("report pages", r.scores.units.len() as u64, Unit::Items);
    Ok(report::render(&report_input, put)?)
}

/// What the workbook holds: the tables and the headline figures of `summary`.
fn workbook_input<'a>(
    r: &Results<'a>,
    summary: &Summary,
    duties: &'a DutyRows,
) -> export::xlsx::WorkbookInput<'a> {
    export::xlsx::WorkbookInput {
        summary: workbook_summary(summary, &r.run.period, r.run.window.as_of),
        period: r.run.period.chinese(),
        units: &r.scores.units,
        accounts: &r.scores.accounts,
        findings: &r.scores.findings,
        consolidation: r.consolidation,
        accountability: r.accountability,
        rejects: &r.ingest.rejects,
        followup: r.followup,
        appeals: r.appeals,
        scan: r.scan.evaluated().then_some(r.scan.result.rows.as_slice()),
        unit_columns: match r.tasks {
            Some(_) => export::tables::unit_scores_with_tasks(),
            None => export::tables::unit_scores(),
        },
        tasks: duties.tasks.as_deref(),
        lifecycle: &duties.lifecycle,
    }
}

/// The line printed when a run is done.
fn headline(summary: &Summary, period: &Period) -> String {
    format!(
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
    )
}

/// The 汇总 sheet: the headline figures of the summary, labelled in Chinese.
fn workbook_summary(
    summary: &Summary,
    period: &Period,
    as_of: chrono::NaiveDate,
) -> Vec<(String, export::xlsx::Cell)> {
    use export::xlsx::Cell;
    let text = |s: &str| Cell::Text(s.to_string());
    let number = |x: u64| Cell::Number(x as f64);
    let rate = |r: Option<f64>| r.map_or(Cell::Empty, Cell::Percent);
    let date = crate::present::chinese_date;
    let mut rows = vec![
        (
            "考核期".to_string(),
            text(&format!(
                "{}（{}至{}）",
                period.chinese(),
                date(period.start),
                date(period.end)
            )),
        ),
        ("监测日".to_string(), text(&date(as_of))),
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
    for (level, c) in crate::scoring::rubric::Level::ALL
        .iter()
        .zip(&summary.accountability)
    {
        rows.push((format!("约谈问责：{}", level.chinese()), number(c.count)));
    }
    for (action, c) in crate::lists::consolidation::Action::ALL
        .iter()
        .zip(&summary.consolidation)
    {
        rows.push((format!("清理整合：{}", action.chinese()), number(c.count)));
    }
    rows.push(("拒绝的行".to_string(), number(summary.rows_rejected)));
    rows.push((
        "评分细则".to_string(),
        text(&crate::scoring::rubric::origin_in_words(&summary.rubric)),
    ));
    rows.push(("评分细则 SHA-256".to_string(), text(&summary.rubric_sha256)));
    rows.push((
        "工具版本".to_string(),
        text(&format!("{} {}", summary.tool, summary.version)),
    ));
    rows
}
