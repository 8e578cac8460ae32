//! `govmedia warn` (SPEC §12): the data as of a day in the quarter, and what will go wrong if
//! nobody acts — warnings.csv, warnings.html, rejects.csv and the manifest.

pub(crate) mod kinds;

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Period;
use crate::export::tables::{Cell, Column, optional};
use crate::export::{self, summary::InputSummary};
use crate::ingest::{self, IngestReport};
use crate::metrics::{self, Window};
use crate::output::OutputFile;
use crate::report::{self, view::Site};
use crate::scoring::rubric::Rubric;
use crate::scoring::{self, Columns};
use crate::settings::{WarnConfig, WarnSettings};
use kinds::{Kind, Warning};

/// Runs `govmedia warn`; returns the output folder written.
pub(crate) fn run(settings: WarnSettings, quiet: bool) -> Result<PathBuf> {
    let with = ingest::With {
        min_title_chars: settings.rubric.tasks.min_title_chars,
        ..ingest::With::default()
    };
    let mut ingested = ingest::ingest_with(&settings.data, with)?;
    // Nothing after the metrics reads engagement: moved into them, not copied.
    let engagement = ingested.dataset.engagement.take();
    crate::progress::done();
    let dataset = &ingested.dataset;
    let WarnConfig {
        as_of,
        period,
        target,
        rubric,
    } = WarnConfig::resolve(settings, dataset, quiet)?;
    let window = Window {
        start: period.start,
        as_of,
    };
    let metrics = metrics::compute(dataset, engagement, window);
    let tasks = crate::tasks::assess(dataset, window, &rubric.tasks.platforms);
    let per_account = (tasks.as_ref()).map(|t| t.per_account(dataset.accounts.len()));
    let context = scoring::Context {
        dataset,
        metrics: &metrics,
        window,
        columns: Columns::of(dataset),
        waivers: &crate::scoring::waivers::NONE,
        tasks: per_account.as_deref(),
    };
    let scores = scoring::score(&context, &rubric);
    let warnings = kinds::warnings(
        &kinds::Inputs {
            dataset,
            metrics: &metrics,
            scores: &scores,
            as_of,
            period_end: period.end,
        },
        &rubric,
    );
    let files = files(&warnings, &ingested.report, &rubric, &period, as_of)?;
    let staging = target.stage()?;
    staging.write_all(&files)?;
    staging.commit()?;
    if !quiet {
        eprintln!("{}", headline(&warnings, as_of));
    }
    Ok(target.path().to_path_buf())
}

/// The line printed when done: how many warnings of each kind.
fn headline(warnings: &[Warning], as_of: NaiveDate) -> String {
    let counts: Vec<String> = Kind::ALL
        .iter()
        .map(|k| {
            let n = warnings.iter().filter(|w| w.kind == *k).count();
            format!("{n} {}", k.code())
        })
        .collect();
    let units = {
        let mut ids: Vec<&str> = warnings.iter().map(|w| w.unit_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    format!(
        "as of {as_of}: {} warnings for {units} units ({})",
        warnings.len(),
        counts.join(", ")
    )
}

/// `warnings.csv` / 预警.
pub(crate) const WARNINGS: &[Column<Warning>] = &[
    column("unit_id", |w| Cell::Text(w.unit_id.clone())),
    column("unit_name", |w| Cell::Text(w.unit_name.clone())),
    column("account_id", |w| optional(w.account_id.as_deref())),
    column("account_name", |w| optional(w.account_name.as_deref())),
    column("platform", |w| {
        w.platform
            .map_or(Cell::Empty, |p| Cell::Code(p.code(), p.label()))
    }),
    column("kind", |w| Cell::Code(w.kind.code(), w.kind.chinese())),
    column("due_on", |w| {
        w.due_on.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
    }),
    column("days_left", |w| w.days_left.map_or(Cell::Empty, Cell::Int)),
    column("detail", |w| Cell::Text(w.detail.clone())),
    column("evidence", |w| Cell::List(w.evidence.clone())),
];

const fn column(english: &'static str, cell: fn(&Warning) -> Cell) -> Column<Warning> {
    Column {
        english,
        sheet: None,
        cell,
    }
}

/// `summary.json` of a warn folder.
#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    command: &'static str,
    version: &'static str,
    period: &'a str,
    as_of: String,
    rubric: &'a str,
    rubric_sha256: &'a str,
    inputs: Vec<InputSummary>,
    rows_rejected: u64,
    warnings: Vec<KindCount>,
    units_warned: usize,
    files: Vec<String>,
    /// Per file but the manifest, its size and XXH3-64 (see `output::digest`).
    digests: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
struct KindCount {
    kind: &'static str,
    count: usize,
}

/// Every file of the warn folder, the manifest last.
fn files(
    warnings: &[Warning],
    ingest: &IngestReport,
    rubric: &Rubric,
    period: &Period,
    as_of: NaiveDate,
) -> Result<Vec<OutputFile>> {
    let file = |path: &str, bytes: Vec<u8>| OutputFile {
        path: path.into(),
        bytes,
    };
    let mut files = vec![
        file("warnings.csv", export::table_csv(WARNINGS, warnings)?),
        file(
            "warnings.html",
            page(warnings, rubric, period, as_of).context("building warnings.html")?,
        ),
        file("rejects.csv", export::rejects_csv(&ingest.rejects)?),
    ];
    let (names, digests) = crate::output::listing(&files);
    let mut units: Vec<&str> = warnings.iter().map(|w| w.unit_id.as_str()).collect();
    units.sort_unstable();
    units.dedup();
    let manifest = Manifest {
        tool: "govmedia",
        command: "warn",
        version: env!("CARGO_PKG_VERSION"),
        period: &period.label,
        as_of: as_of.to_string(),
        rubric: &rubric.origin,
        rubric_sha256: &rubric.sha256,
        inputs: ingest
            .files
            .iter()
            .map(export::summary::input_summary)
            .collect(),
        rows_rejected: ingest.rejects.len() as u64,
        warnings: Kind::ALL
            .iter()
            .copied()
            .map(|k| KindCount {
                kind: k.code(),
                count: warnings.iter().filter(|w| w.kind == k).count(),
            })
            .collect(),
        units_warned: units.len(),
        files: names,
        digests,
    };
    files.push(crate::output::manifest_file(&manifest)?);
    Ok(files)
}

/// The page: one block per unit, the most urgent unit first.
#[derive(Debug, Serialize)]
struct WarningsPage {
    site: Site,
    counts: Vec<(String, usize)>,
    units: Vec<UnitBlock>,
    cut: Option<String>,
}

#[derive(Debug, Serialize)]
struct UnitBlock {
    unit_id: String,
    unit_name: String,
    first_due: String,
    rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
struct Row {
    account: String,
    platform: String,
    kind: String,
    due_on: String,
    days_left: String,
    urgency: &'static str,
    detail: String,
    evidence: String,
}

/// A warning as the page shows it: red when due or past, orange within the rubric's
/// `warn.lead_days`.
fn row(w: &Warning, lead_days: u32) -> Row {
    let account = match (&w.account_name, &w.account_id) {
        (Some(name), Some(id)) => format!("{name}（{id}）"),
        _ => "（单位）".to_string(),
    };
    Row {
        account,
        platform: w.platform.map_or(String::new(), |p| p.label().to_string()),
        kind: w.kind.chinese().to_string(),
        due_on: w.due_on.map_or("—".to_string(), |d| d.to_string()),
        days_left: match w.days_left {
            Some(d) if d < 0 => format!("已过 {} 天", -d),
            Some(0) => "今天".to_string(),
            Some(d) => format!("{d} 天"),
            None => "—".to_string(),
        },
        urgency: match w.days_left {
            Some(d) if d <= 0 => "fail",
            Some(d) if d <= i64::from(lead_days) => "interview",
            _ => "",
        },
        detail: w.detail.clone(),
        evidence: w.evidence.join("; "),
    }
}

/// How many units warnings.html shows, the most urgent first (all are in warnings.csv).
const UNITS_SHOWN: usize = 1000;

/// The bytes of `warnings.html`.
fn page(
    warnings: &[Warning],
    rubric: &Rubric,
    period: &Period,
    as_of: NaiveDate,
) -> Result<Vec<u8>> {
    // Warnings are sorted by due date first, so a unit's first warning is its most urgent.
    let mut blocks: Vec<UnitBlock> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for w in warnings {
        let at = *position.entry(w.unit_id.as_str()).or_insert_with(|| {
            blocks.push(UnitBlock {
                unit_id: w.unit_id.clone(),
                unit_name: w.unit_name.clone(),
                first_due: w.due_on.map_or("—".to_string(), |d| d.to_string()),
                rows: Vec::new(),
            });
            blocks.len() - 1
        });
        if at < UNITS_SHOWN {
            blocks[at].rows.push(row(w, rubric.warn.lead_days));
        }
    }
    let units_total = blocks.len();
    blocks.truncate(UNITS_SHOWN);
    let units = blocks;
    let page = WarningsPage {
        site: Site {
            period: period.chinese(),
            period_dates: format!(
                "{}至{}",
                crate::present::chinese_date(period.start),
                crate::present::chinese_date(period.end)
            ),
            as_of: crate::present::chinese_date(as_of),
            tool: format!("govmedia {}", env!("CARGO_PKG_VERSION")),
            measures: String::new(),
            root: String::new(),
            tasks: false,
            inline_css: Some(crate::report::view::STYLESHEET),
        },
        counts: Kind::ALL
            .iter()
            .map(|k| {
                let n = warnings.iter().filter(|w| w.kind == *k).count();
                (k.chinese().to_string(), n)
            })
            .collect(),
        cut: (units_total > UNITS_SHOWN).then(|| format!("共 {units_total} 个单位有预警，本页只列最紧急的 {UNITS_SHOWN} 个；全部预警见 warnings.csv。")),
        units,
    };
    Ok(report::render_one("warnings.html", &page)?.into_bytes())
}
