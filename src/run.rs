//! What one `assess` run is about, resolved once from the command line and the data: the rubric,
//! the period and its monitoring date, the output folder (checked before anything is written) and
//! the previous run, if any.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::AssessArgs;
use crate::config::Period;
use crate::error::SettingsError;
use crate::metrics::Window;
use crate::model::Dataset;
use crate::office::Office;
use crate::output::Target;
use crate::scoring::rubric::Rubric;

/// What can be checked before the data is read: a bad rubric, period or `--out` fails at once.
pub struct Settings {
    /// `--period`, parsed.
    period: Option<Period>,
    /// The rubric in force.
    rubric: Rubric,
    /// `--out`, checked, when given.
    target: Option<Target>,
    /// The issuing office (office.toml).
    office: Office,
}

impl Settings {
    /// Reads `--period`, the rubric and `--out`.
    pub fn read(args: &AssessArgs) -> Result<Settings> {
        let period = args.period.as_deref().map(Period::parse).transpose()?;
        let mut rubric = match &args.rubric {
            Some(path) => Rubric::load(path)?,
            None => Rubric::default_rubric()?,
        };
        if let Some(draws) = args.draws {
            rubric.robustness.draws = draws;
        }
        let target = (args.out.as_deref())
            .map(|out| Target::check(out, "assess", Some(&args.data)))
            .transpose()?;
        let office = Office::find(args.office.as_deref(), &args.data)?;
        Ok(Settings {
            period,
            rubric,
            target,
            office,
        })
    }
}

/// Everything a run is about.
pub struct RunConfig {
    /// The period.
    pub period: Period,
    /// `[start, as_of]`.
    pub window: Window,
    /// The rubric in force.
    pub rubric: Rubric,
    /// The issuing office (SPEC §15.1).
    pub office: Office,
    /// The output folder, checked.
    pub target: Target,
    /// The previous period's output folder, when given or found beside `--out`.
    pub previous: Option<PathBuf>,
    /// The folder of earlier runs (SPEC §13): `--history`, or the folder that holds `--out`.
    pub history: PathBuf,
}

impl RunConfig {
    /// Picks the period (asked for, or the quarter of the latest post, printed), the monitoring
    /// date, the output folder (default `reports/<period>`) and the previous run (`--previous`,
    /// or the folder beside `--out` named after the previous period, when it exists).
    pub fn resolve(
        settings: Settings,
        args: &AssessArgs,
        dataset: &Dataset,
        quiet: bool,
    ) -> Result<RunConfig> {
        let period = match settings.period {
            Some(period) => period,
            None => latest_quarter(dataset, quiet)?,
        };
        let as_of = period.as_of(args.as_of.as_deref())?;
        let target = match settings.target {
            Some(target) => target,
            None => {
                let out = PathBuf::from("reports").join(&period.label);
                Target::check(&out, "assess", Some(&args.data))?
            }
        };
        let previous = match &args.previous {
            Some(dir) => Some(dir.clone()),
            None => beside(target.path(), &period).filter(|dir| dir.is_dir()),
        };
        let history = args.history.clone().unwrap_or_else(|| {
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
