//! The settings of a run, resolved once from the command line and the data: the rubric (for
//! `assess` and `warn`), the period and its monitoring date, the output folder (checked before
//! anything is written) and the previous run, if any; for `warn`, the day looked at and the
//! quarter holding it.

use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use crate::config::Period;
use crate::error::SettingsError;
use crate::metrics::Window;
use crate::model::Dataset;
use crate::office::Office;
use crate::output::Target;
use crate::scoring::rubric::Rubric;

/// The rubric in force: `--rubric FILE` or the built-in one, with `--draws` over its
/// robustness.draws when given.
pub(crate) fn rubric(path: Option<&Path>, draws: Option<u32>) -> Result<Rubric> {
    let mut rubric = match path {
        Some(path) => Rubric::load(path)?,
        None => Rubric::default_rubric()?,
    };
    if let Some(draws) = draws {
        rubric.robustness.draws = draws;
    }
    Ok(rubric)
}

/// What `assess` is asked for, checked before the data is read (`cmd::assess` builds it).
pub(crate) struct Settings {
    /// The data folder.
    pub data: PathBuf,
    /// `--period`, parsed.
    pub period: Option<Period>,
    /// `--as-of`, as given (checked against the period once it is known).
    pub as_of: Option<String>,
    /// The rubric in force.
    pub rubric: Rubric,
    /// `--out`, checked, when given.
    pub target: Option<Target>,
    /// The issuing office (office.toml).
    pub office: Office,
    /// The office's terms for the content scan (SPEC §16.2), read and checked.
    pub terms: crate::scan::Terms,
    /// `--previous`.
    pub previous: Option<PathBuf>,
    /// `--history`.
    pub history: Option<PathBuf>,
    /// `--strict`.
    pub strict: bool,
    /// `--timings`.
    pub timings: bool,
}

/// Everything a run is about.
pub(crate) struct RunConfig {
    /// The period.
    pub period: Period,
    /// `[start, as_of]`.
    pub window: Window,
    /// The rubric in force.
    pub rubric: Rubric,
    /// The issuing office (SPEC §15.1).
    pub office: Office,
    /// The office's terms for the content scan (SPEC §16.2).
    pub terms: crate::scan::Terms,
    /// The output folder, checked.
    pub target: Target,
    /// The previous period's output folder, when given or found beside `--out`.
    pub previous: Option<PathBuf>,
    /// The folder of earlier runs (SPEC §13): `--history`, or the folder that holds `--out`.
    pub history: PathBuf,
}

impl RunConfig {
    /// Picks the period (asked for, or the quarter of the latest post, printed), the monitoring
    /// date, the output folder (default `reports/<period>`, `reports/<period>-scan` for `scan`) and the previous run (`--previous`,
    /// or the folder beside `--out` named after the previous period, when it exists).
    pub(crate) fn resolve(
        settings: Settings,
        dataset: &Dataset,
        quiet: bool,
        command: &'static str,
    ) -> Result<RunConfig> {
        let period = match settings.period {
            Some(period) => period,
            None => latest_quarter(dataset, quiet)?,
        };
        let as_of = period.as_of(settings.as_of.as_deref())?;
        let target = match settings.target {
            Some(target) => target,
            None => {
                let folder = match command {
                    "assess" => period.label.clone(),
                    other => format!("{}-{other}", period.label),
                };
                let out = PathBuf::from("reports").join(folder);
                Target::check(&out, command, Some(&settings.data))?
            }
        };
        let previous = match settings.previous {
            Some(dir) => Some(dir),
            None => beside(target.path(), &period).filter(|dir| dir.is_dir()),
        };
        let history = settings.history.unwrap_or_else(|| {
            (target.path().parent())
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        });
        Ok(RunConfig {
            history,
            window: Window {
                start: period.start,
                as_of,
            },
            period,
            rubric: settings.rubric,
            office: settings.office,
            terms: settings.terms,
            target,
            previous,
        })
    }
}

/// The quarter of the latest accepted post (SPEC §1), printed.
fn latest_quarter(dataset: &Dataset, quiet: bool) -> Result<Period, SettingsError> {
    let latest =
        (dataset.posts.published_at.iter().max()).ok_or(SettingsError::NoPeriodFromData)?;
    let period =
        Period::quarter_containing(latest.date()).ok_or(SettingsError::NoPeriodFromData)?;
    if !quiet {
        eprintln!(
            "period {} (the quarter of the latest post, {})",
            period.label,
            latest.date()
        );
    }
    Ok(period)
}

/// The folder beside `out` named after the period before `period`.
fn beside(out: &Path, period: &Period) -> Option<PathBuf> {
    let previous = period.previous()?;
    Some(out.parent().map_or_else(
        || PathBuf::from(&previous.label),
        |p| p.join(&previous.label),
    ))
}

/// What `warn` is asked for, checked before the data is read (`cmd::warn` builds it).
pub(crate) struct WarnSettings {
    /// The data folder.
    pub data: PathBuf,
    /// The rubric in force; its [warn] table sets the lead times.
    pub rubric: Rubric,
    /// `--out`, checked, when given.
    pub target: Option<Target>,
    /// `--as-of`, when given.
    pub as_of: Option<NaiveDate>,
}

/// Everything a `warn` run is about.
pub(crate) struct WarnConfig {
    /// The day looked at.
    pub as_of: NaiveDate,
    /// The quarter holding it.
    pub period: Period,
    /// The output folder, checked.
    pub target: Target,
    /// The rubric in force.
    pub rubric: Rubric,
}

impl WarnConfig {
    /// Picks the day (asked for, or the day of the latest post, printed), its quarter and the
    /// output folder (default `reports/warnings-<as_of>`).
    pub(crate) fn resolve(
        settings: WarnSettings,
        dataset: &Dataset,
        quiet: bool,
    ) -> Result<WarnConfig> {
        let as_of = match settings.as_of {
            Some(day) => day,
            None => latest_post_day(dataset, quiet)?,
        };
        let period = Period::quarter_containing(as_of).ok_or(SettingsError::NoPeriodFromData)?;
        let target = match settings.target {
            Some(target) => target,
            None => Target::check(
                &PathBuf::from("reports").join(format!("warnings-{as_of}")),
                "warn",
                Some(&settings.data),
            )?,
        };
        Ok(WarnConfig {
            as_of,
            period,
            target,
            rubric: settings.rubric,
        })
    }
}

/// `--as-of` of `warn`: a day, written as the inputs may write one.
pub(crate) fn as_of_day(text: &str) -> Result<NaiveDate, SettingsError> {
    crate::values::parse_date(text.trim()).map_err(|_| SettingsError::BadDate {
        given: text.to_string(),
    })
}

/// The day of the latest accepted post (the default as_of of `warn`), printed.
fn latest_post_day(dataset: &Dataset, quiet: bool) -> Result<NaiveDate, SettingsError> {
    let latest = (dataset.posts.published_at.iter().max())
        .ok_or(SettingsError::NoPeriodFromData)?
        .date();
    if !quiet {
        eprintln!("as of {latest} (the day of the latest post)");
    }
    Ok(latest)
}
