//! The rubric: every number of SPEC §4–§6 as data. Parsed from TOML once (the default is built
//! in), validated once, then read-only. Code never hard-codes a threshold or a point value.

pub(crate) use crate::vocab::Level;

use crate::catalogue::RuleId;
use std::collections::BTreeMap;

use super::knobs::Knob;

mod check;
mod duties;
use check::Checker;
pub(crate) use duties::{Calendar, Lifecycle, Tasks};

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::model::{Platform, ViolationCategory};
use crate::values::hex;
use crate::vocab::ScanRule;

/// The default rubric, with a comment per setting citing its source.
pub const DEFAULT_RUBRIC: &str = include_str!("default_rubric.toml");

/// A rubric file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RubricError {
    /// Unreadable file.
    #[error("{path}: cannot read the rubric file")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not valid TOML, an unknown key, a missing key or a wrong type.
    #[error("{origin}: {message}Start from `govmedia rubric` and change only the values")]
    Syntax { origin: String, message: String },
    /// A value outside what makes sense.
    #[error("{origin}: {key} = {value}: {problem}")]
    Invalid {
        origin: String,
        key: String,
        value: String,
        problem: String,
    },
}

/// Grade bands.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    /// Lowest score graded excellent (优秀).
    pub excellent: f64,
    /// Lowest score graded good (良好).
    pub good: f64,
    /// Lowest score graded pass (合格); below fails.
    pub pass: f64,
}

/// Single-veto settings (X1–X3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Veto {
    /// X1: days up to as_of (inclusive) that must hold a post.
    pub no_update_days: u32,
    /// Score cap of a vetoed account.
    pub score_cap: f64,
    /// X3: veto categories.
    pub categories: Vec<String>,
}

/// The update item (U1, U2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    /// Item cap.
    pub cap: f64,
    /// Block length in days.
    pub block_days: u32,
    /// U1 points per block without a post.
    pub points_per_week_without_post: f64,
    /// U2 points per month without an original post.
    pub points_per_month_without_original: f64,
}

/// The interaction item (I1, I2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// Item cap.
    pub cap: f64,
    /// Days allowed for a reply.
    pub reply_days: u32,
    /// I1 points per late reply.
    pub points_per_late_reply: f64,
    /// I2 points per overdue unanswered message.
    pub points_per_unreplied_overdue: f64,
}

/// The content item (K1, K2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Item cap.
    pub cap: f64,
    /// Days allowed to rectify a violation.
    pub rectify_days: u32,
    /// Multiplier of an overdue violation's points.
    pub overdue_multiplier: f64,
    /// K2 points per unreviewed post.
    pub points_per_unreviewed_post: f64,
    /// K1 points by category code (non-veto categories).
    pub category_points: BTreeMap<String, f64>,
}

/// The management item (M1–M4).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Management {
    /// Item cap.
    pub cap: f64,
    /// M1.
    pub unverified: f64,
    /// M2.
    pub verification_names_other_entity: f64,
    /// M3.
    pub no_open_filing: f64,
    /// M4.
    pub name_differs_across_platforms: f64,
}

/// The bonus part (B1–B3).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bonus {
    /// Bonus only when the deduction score is strictly above this.
    pub above_deduction_score: f64,
    /// Most the bonus part can add.
    pub max: f64,
    /// B1 points.
    pub b1_points: f64,
    /// B1: share of the platform's accounts that may have a higher influence.
    pub b1_top_share: f64,
    /// B2 points.
    pub b2_points: f64,
    /// B2: minimum number of messages.
    pub b2_min_messages: u32,
    /// B3 points.
    pub b3_points: f64,
    /// B3: minimum share of original posts.
    pub b3_original_share: f64,
}

/// Unit settings (N1, N2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitRules {
    /// N1 points per extra account on one platform.
    pub points_per_extra_account: f64,
    /// N2 points per unfiled suspension or closure.
    pub points_per_unfiled_closure: f64,
    /// Cap of N1 + N2.
    pub deduction_cap: f64,
}

/// Weights of the influence index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Influence {
    /// Overall factor.
    pub scale: f64,
    /// Weight of ln(posts+1).
    pub posts: f64,
    /// Weight of the engagement part.
    pub engagement: f64,
    /// Weight of ln(reads+1) inside engagement.
    pub reads: f64,
    /// Weight of ln(likes+1) inside engagement.
    pub likes: f64,
    /// Weight of ln(shares+1) inside engagement.
    pub shares: f64,
    /// Weight of ln(comments+1) inside engagement.
    pub comments: f64,
    /// Weight of ln(followers+1).
    pub followers: f64,
}

/// Consolidation settings (C1–C4).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consolidation {
    /// C2: days without a post.
    pub dormant_days: u32,
    /// C4: similarity threshold.
    pub name_similarity: f64,
    /// C3: follower threshold by platform code (absent: C3 never applies).
    pub min_followers: BTreeMap<String, u64>,
}

/// Accountability settings (R1–R8).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accountability {
    /// R4 categories.
    pub r4_categories: Vec<String>,
    /// R8: only units scoring below this.
    pub notice_below: f64,
    /// R8: share of units.
    pub notice_share: f64,
    /// Level of each rule R1–R8.
    pub levels: BTreeMap<String, Level>,
}

/// Robustness of the lists (SPEC §9), as written; a rubric without the table takes the defaults.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RobustnessFile {
    /// Draws (0 = off).
    pub draws: u32,
    /// Seed of the draws.
    pub seed: u64,
    /// Each knob varies within ×(1 − spread) … ×(1 + spread); 0 … 1/3.
    pub spread: f64,
    /// The knobs varied, by dotted path; absent = all of them.
    pub perturb: Option<Vec<String>>,
}

impl Default for RobustnessFile {
    fn default() -> RobustnessFile {
        RobustnessFile {
            draws: 1000,
            seed: 1,
            spread: 0.25,
            perturb: None,
        }
    }
}

/// The keys of `[documents]` that moved to office.toml (SPEC §15.1).
const MOVED_TO_OFFICE: [&str; 4] = ["issuer", "addressees", "basis", "number"];

/// A rubric that still names the issuing office is refused with where the key went.
fn moved_to_office(text: &str, origin: &str) -> Result<(), RubricError> {
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return Ok(()); // the syntax error is reported by the typed parse
    };
    let documents = table.get("documents").and_then(toml::Value::as_table);
    match MOVED_TO_OFFICE
        .iter()
        .find(|k| documents.is_some_and(|d| d.contains_key(**k)))
    {
        Some(key) => Err(RubricError::Invalid {
            origin: origin.to_string(),
            key: format!("documents.{key}"),
            value: documents
                .and_then(|d| d.get(*key))
                .map_or_else(String::new, ToString::to_string),
            problem: format!(
                "moved to office.toml (SPEC §15.1): delete it from the rubric and write `{key} = ...` in office.toml beside the data, or pass --office FILE (`govmedia office` prints a template)"
            ),
        }),
        None => Ok(()),
    }
}

/// The documents the office issues (SPEC §11), as written; a rubric without the table takes
/// these neutral defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Documents {
    /// Issue date = as_of + this many days.
    pub issue_after_days: u32,
    /// Written rectification reports are due this many days after the issue date.
    pub rectify_report_days: u32,
    /// Objections (§14) may be raised within this many days of the issue date.
    pub appeal_days: u32,
    /// An attachment holds at most this many rows (the rest are in assessment.xlsx).
    pub attachment_rows: u32,
    /// A paragraph names this many accounts or units (the lowest-scoring first), then 「等N个」.
    pub named: u32,
}

impl Default for Documents {
    fn default() -> Documents {
        Documents {
            issue_after_days: 10,
            rectify_report_days: 30,
            appeal_days: 10,
            attachment_rows: 500,
            named: 10,
        }
    }
}

/// Early warnings during the quarter (SPEC §12); a rubric without the table takes the defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Warn {
    /// An account is warned when its last post is this many days or more before as_of.
    pub no_update_days: u32,
    /// A message is warned when its reply deadline is at most this many days after as_of.
    pub lead_days: u32,
    /// A violation is warned when its rectify deadline is at most this many days after as_of.
    pub rectify_lead_days: u32,
}

impl Default for Warn {
    fn default() -> Warn {
        Warn {
            no_update_days: 10,
            lead_days: 2,
            rectify_lead_days: 7,
        }
    }
}

/// Earlier runs read for the history (SPEC §13); a rubric without the table takes the default.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct History {
    /// At most this many earlier periods.
    pub periods: u32,
}

impl Default for History {
    fn default() -> History {
        History { periods: 8 }
    }
}

/// Robustness settings, validated: the knobs parsed, in SPEC §9's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    /// Draws (0 = off).
    pub draws: u32,
    /// Seed of the draws.
    pub seed: u64,
    /// Spread of the multipliers.
    pub spread: f64,
    /// The knobs varied.
    pub perturb: Vec<Knob>,
}

/// The rubric as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    grades: Grades,
    veto: Veto,
    update: Update,
    interaction: Interaction,
    content: Content,
    management: Management,
    bonus: Bonus,
    unit: UnitRules,
    influence: Influence,
    consolidation: Consolidation,
    accountability: Accountability,
    #[serde(default)]
    robustness: RobustnessFile,
    #[serde(default)]
    documents: Documents,
    #[serde(default)]
    warn: Warn,
    #[serde(default)]
    history: History,
    #[serde(default)]
    scan: ScanFile,
    #[serde(default)]
    tasks: duties::TasksFile,
    #[serde(default)]
    lifecycle: Lifecycle,
    #[serde(default)]
    calendar: duties::CalendarFile,
}

/// The content scan as written (SPEC §16.4); a rubric without the table applies every rule.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct ScanFile {
    rules: Vec<String>,
    context_chars: u32,
}

impl Default for ScanFile {
    fn default() -> ScanFile {
        ScanFile {
            rules: ScanRule::ALL.iter().map(|r| r.code().to_string()).collect(),
            context_chars: 10,
        }
    }
}

/// The content scan (SPEC §16.4), validated; neither key is perturbed by SPEC §9.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// The rules applied; empty turns the scan off.
    pub rules: Vec<ScanRule>,
    /// Original characters shown either side of a candidate (0–100).
    pub context_chars: u32,
}

/// A validated rubric.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// Grade bands.
    pub grades: Grades,
    /// X1–X3.
    pub veto: Veto,
    /// U1, U2.
    pub update: Update,
    /// I1, I2.
    pub interaction: Interaction,
    /// K1, K2.
    pub content: Content,
    /// M1–M4.
    pub management: Management,
    /// B1–B3.
    pub bonus: Bonus,
    /// N1, N2.
    pub unit: UnitRules,
    /// Influence weights.
    pub influence: Influence,
    /// C1–C4.
    pub consolidation: Consolidation,
    /// R1–R8.
    pub accountability: Accountability,
    /// Robustness of the lists (SPEC §9).
    pub robustness: Robustness,
    /// The documents (SPEC §11).
    pub documents: Documents,
    /// Early warnings (SPEC §12).
    pub warn: Warn,
    /// Earlier runs read (SPEC §13).
    pub history: History,
    /// The content scan (SPEC §16).
    pub scan: Scan,
    /// Repost tasks (SPEC §17.1).
    pub tasks: Tasks,
    /// The registry's life cycle (SPEC §17.2).
    pub lifecycle: Lifecycle,
    /// Working-day deadlines (SPEC §17.3), used only with calendar.csv.
    pub calendar: Calendar,
    /// Veto categories, parsed.
    pub veto_categories: Vec<ViolationCategory>,
    /// R4 categories, parsed.
    pub r4_categories: Vec<ViolationCategory>,
    /// K1 points by category, parsed (veto categories absent).
    pub category_points: BTreeMap<ViolationCategory, f64>,
    /// C3 thresholds by platform, parsed.
    pub min_followers: BTreeMap<Platform, u64>,
    /// The level of each rule, `R1`…`R8` (all eight, checked at load).
    pub levels: BTreeMap<RuleId, Level>,
    /// SHA-256 of the rubric text.
    pub sha256: String,
    /// Where it came from (`built-in` or the file's path).
    pub origin: String,
    /// The text it was read from (shown in the report).
    pub text: String,
}

/// The origin of the built-in rubric (summary.json's `rubric`).
pub(crate) const BUILT_IN: &str = "built-in rubric";

/// Where the rubric came from, as people read it: the built-in one is 内置评分细则.
pub(crate) fn origin_in_words(origin: &str) -> String {
    if origin == BUILT_IN {
        "内置评分细则".to_string()
    } else {
        origin.to_string()
    }
}

impl Rubric {
    /// The built-in rubric.
    pub fn default_rubric() -> Result<Rubric, RubricError> {
        Rubric::parse(DEFAULT_RUBRIC, BUILT_IN)
    }

    /// Loads `--rubric FILE`.
    pub fn load(path: &Path) -> Result<Rubric, RubricError> {
        let text = std::fs::read_to_string(path).map_err(|source| RubricError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Rubric::parse(&text, &path.display().to_string())
    }

    /// Parses and validates rubric text.
    pub fn parse(text: &str, origin: &str) -> Result<Rubric, RubricError> {
        moved_to_office(text, origin)?;
        let file: RubricFile = toml::from_str(text).map_err(|e| RubricError::Syntax {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        let check = Checker { origin };
        check.validate(&file)?;
        let veto_categories = check.categories("veto.categories", &file.veto.categories)?;
        let r4_categories = check.categories(
            "accountability.r4_categories",
            &file.accountability.r4_categories,
        )?;
        let mut category_points = BTreeMap::new();
        for (code, points) in &file.content.category_points {
            let key = format!("content.category_points.{code}");
            let category = check.category(&key, code)?;
            if veto_categories.contains(&category) {
                return Err(check.invalid(
                    &key,
                    points,
                    "a veto category has no points; remove it or take it out of veto.categories",
                ));
            }
            check.non_negative(&key, *points)?;
            category_points.insert(category, *points);
        }
        if let Some(missing) = ViolationCategory::ALL
            .iter()
            .find(|c| !veto_categories.contains(c) && !category_points.contains_key(c))
        {
            return Err(check.invalid(
                "content.category_points",
                &missing.code(),
                "every category that is not a veto needs its points",
            ));
        }
        let mut min_followers = BTreeMap::new();
        for (code, count) in &file.consolidation.min_followers {
            let key = format!("consolidation.min_followers.{code}");
            let platform = Platform::ALL
                .iter()
                .find(|p| p.code() == code)
                .ok_or_else(|| check.invalid(&key, code, "not a platform code"))?;
            min_followers.insert(*platform, *count);
        }
        let levels = check.levels(&file.accountability.levels)?;
        let robustness = check.robustness(&file, &category_points)?;
        check.documents(&file.documents)?;
        check.warn_and_history(&file)?;
        let scan = check.scan(&file.scan.rules, file.scan.context_chars)?;
        let (tasks, calendar) = check.duties(&file.tasks, &file.lifecycle, &file.calendar)?;
        Ok(Rubric {
            scan,
            tasks,
            lifecycle: file.lifecycle.clone(),
            calendar,
            documents: file.documents.clone(),
            warn: file.warn.clone(),
            history: file.history.clone(),
            levels,
            robustness,
            grades: file.grades,
            veto: file.veto,
            update: file.update,
            interaction: file.interaction,
            content: file.content,
            management: file.management,
            bonus: file.bonus,
            unit: file.unit,
            influence: file.influence,
            consolidation: file.consolidation,
            accountability: file.accountability,
            veto_categories,
            r4_categories,
            category_points,
            min_followers,
            sha256: hex(&Sha256::digest(text.as_bytes())),
            origin: origin.to_string(),
            text: text.to_string(),
        })
    }
}

impl Rubric {
    /// The value of a knob (days as a number).
    pub fn knob(&self, knob: Knob) -> f64 {
        knob.get(self)
    }

    /// The whole days a knob of days takes in the draws of SPEC §9 and their corners: its value
    /// times (1 ∓ spread), rounded; just its value when it is not perturbed (or draws are off).
    pub fn days_drawn(&self, knob: Knob) -> std::ops::RangeInclusive<u32> {
        let value = self.knob(knob);
        let r = &self.robustness;
        if r.draws == 0 || !r.perturb.contains(&knob) {
            let v = value as u32;
            return v..=v;
        }
        let at = |m: f64| (value * m).round().clamp(0.0, f64::from(u32::MAX)) as u32;
        at(1.0 - r.spread)..=at(1.0 + r.spread)
    }

    /// Sets a knob; days are rounded half away from zero.
    pub fn set_knob(&mut self, knob: Knob, value: f64) {
        knob.set(self, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rubric_parses_and_holds_the_spec_numbers() {
        let r = Rubric::default_rubric().unwrap();
        assert_eq!(
            (r.grades.excellent, r.grades.good, r.grades.pass),
            (90.0, 80.0, 60.0)
        );
        assert_eq!(r.veto_categories.len(), 4);
        assert_eq!(r.category_points[&ViolationCategory::FakeFollowers], 15.0);
        assert_eq!(r.min_followers.get(&Platform::App), None);
        assert_eq!(r.min_followers[&Platform::Weibo], 2000);
        assert_eq!(r.levels[&RuleId::R3], Level::Accountability);
        assert_eq!(r.sha256.len(), 64);
    }

    fn with(replace: &str, by: &str) -> Result<Rubric, RubricError> {
        assert!(DEFAULT_RUBRIC.contains(replace), "{replace}");
        Rubric::parse(&DEFAULT_RUBRIC.replacen(replace, by, 1), "test.toml")
    }

    #[test]
    fn wrong_keys_types_and_values_are_refused_by_name() {
        let message = |r: Result<Rubric, RubricError>| r.unwrap_err().to_string();
        assert!(message(with("cap = 30.0", "capp = 30.0")).contains("capp"));
        assert!(message(with("cap = 30.0", "cap = \"thirty\"")).contains("cap"));
        assert!(message(with("cap = 30.0", "cap = -30.0")).contains("update.cap"));
        assert!(message(with("good = 80.0", "good = 95.0")).contains("grades"));
        assert!(
            message(with("typo = 1.0", "typos = 1.0")).contains("content.category_points.typos")
        );
        assert!(message(with("R8 = \"notice\"", "R8 = \"warning\"")).contains("R8"));
        assert!(
            message(with("b1_top_share = 0.1", "b1_top_share = 1.5"))
                .contains("bonus.b1_top_share")
        );
    }

    #[test]
    fn warn_and_history_tables_are_optional_and_checked() {
        let r = Rubric::default_rubric().unwrap();
        assert_eq!(
            (
                r.warn.no_update_days,
                r.warn.lead_days,
                r.warn.rectify_lead_days
            ),
            (10, 2, 7)
        );
        assert_eq!(r.history.periods, 8);
        let without = DEFAULT_RUBRIC.split("\n[warn]").next().unwrap().to_string();
        let r = Rubric::parse(&without, "test").unwrap();
        assert_eq!((r.warn.no_update_days, r.history.periods), (10, 8));
        let message = |r: Result<Rubric, RubricError>| r.unwrap_err().to_string();
        let later = with("no_update_days = 10", "no_update_days = 15");
        assert!(message(later).contains("warn.no_update_days"));
        assert!(message(with("periods = 8", "periods = 0")).contains("history.periods"));
    }

    #[test]
    fn every_number_has_a_sane_range_named_by_its_key() {
        let message = |r: Result<Rubric, RubricError>| r.unwrap_err().to_string();
        for (from, to, key) in [
            (
                "no_update_days = 14",
                "no_update_days = 97000000",
                "veto.no_update_days",
            ),
            (
                "dormant_days = 90",
                "dormant_days = 3661",
                "consolidation.dormant_days",
            ),
            (
                "reply_days = 5",
                "reply_days = 100000",
                "interaction.reply_days",
            ),
            (
                "rectify_days = 30",
                "rectify_days = 4000",
                "content.rectify_days",
            ),
            ("cap = 30.0", "cap = 1000.5", "update.cap"),
            (
                "b2_min_messages = 10",
                "b2_min_messages = 4000000000",
                "b2_min_messages",
            ),
            (
                "weibo = 2000",
                "weibo = 2000000000",
                "consolidation.min_followers.weibo",
            ),
            ("typo = 1.0", "typo = 1e9", "content.category_points.typo"),
        ] {
            assert!(message(with(from, to)).contains(key), "{to}");
        }
        assert!(with("dormant_days = 90", "dormant_days = 3660").is_ok());
        assert!(with("cap = 30.0", "cap = 1000.0").is_ok());
    }
}
