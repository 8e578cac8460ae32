//! The rubric's ranges, checked once when it is read: every number named by its key when it is
//! out of range, the levels in order, the robustness draws and the tables that are optional.

use super::{Documents, Level, Robustness, RubricError, RubricFile, Scan};
use crate::catalogue::{Family, RuleId};
use crate::model::ViolationCategory;
use crate::scoring::knobs::Knob;
use crate::vocab::ScanRule;
use std::collections::BTreeMap;

use crate::scoring::knobs::{Tables, point_values};

/// The largest points, cap, band, weight or multiplier a rubric may set.
pub(super) const MAX_POINTS: f64 = 1000.0;
/// The longest span of days a rubric may set (ten years).
pub(super) const MAX_DAYS: u32 = 3660;
/// The most accounts or units a paragraph may name.
pub(super) const MAX_NAMED: u32 = 1000;
/// The most rows an attachment may hold (a workbook sheet's limit).
pub(super) const MAX_ROWS: u32 = 1_048_575;
/// The most earlier periods the history may read.
pub(super) const MAX_PERIODS: u32 = 100;
/// The most draws a rubric may ask for.
pub(super) const MAX_DRAWS: u32 = 100_000;
/// The largest count a rubric may set.
pub(super) const MAX_COUNT: u64 = 1_000_000_000;

/// The rubric's points, caps, bands' companions, weights and multipliers, by key: 0 … 1,000.
pub(super) fn numbers(f: &RubricFile) -> Vec<(&'static str, f64)> {
    let knobs = point_values(&Tables {
        update: &f.update,
        interaction: &f.interaction,
        content: &f.content,
        management: &f.management,
        bonus: &f.bonus,
        unit: &f.unit,
    });
    let mut out = vec![("veto.score_cap", f.veto.score_cap)];
    out.extend(knobs);
    out.extend([
        ("bonus.above_deduction_score", f.bonus.above_deduction_score),
        ("bonus.max", f.bonus.max),
        ("influence.scale", f.influence.scale),
        ("influence.posts", f.influence.posts),
        ("influence.engagement", f.influence.engagement),
        ("influence.reads", f.influence.reads),
        ("influence.likes", f.influence.likes),
        ("influence.shares", f.influence.shares),
        ("influence.comments", f.influence.comments),
        ("influence.followers", f.influence.followers),
        ("accountability.notice_below", f.accountability.notice_below),
    ]);
    out
}

pub(super) struct Checker<'a> {
    pub(super) origin: &'a str,
}

impl Checker<'_> {
    pub(super) fn invalid(
        &self,
        key: &str,
        value: &dyn std::fmt::Display,
        problem: &str,
    ) -> RubricError {
        RubricError::Invalid {
            origin: self.origin.to_string(),
            key: key.to_string(),
            value: value.to_string(),
            problem: problem.to_string(),
        }
    }

    /// Points, caps, bands, weights and multipliers: 0 … 1,000.
    pub(super) fn non_negative(&self, key: &str, value: f64) -> Result<(), RubricError> {
        if value.is_finite() && (0.0..=MAX_POINTS).contains(&value) {
            Ok(())
        } else {
            Err(self.invalid(key, &value, "must be a number from 0 to 1000"))
        }
    }

    /// Spans of days: `least` … 3,660 (ten years).
    pub(super) fn days(&self, key: &str, value: u32, least: u32) -> Result<(), RubricError> {
        if (least..=MAX_DAYS).contains(&value) {
            Ok(())
        } else {
            Err(self.invalid(
                key,
                &value,
                &format!("must be a whole number of days from {least} to {MAX_DAYS}"),
            ))
        }
    }

    /// Counts of things (messages, followers): 0 … 1,000,000,000.
    pub(super) fn count(&self, key: &str, value: u64) -> Result<(), RubricError> {
        if value <= MAX_COUNT {
            Ok(())
        } else {
            Err(self.invalid(
                key,
                &value,
                &format!("must be a whole number from 0 to {MAX_COUNT}"),
            ))
        }
    }

    pub(super) fn share(&self, key: &str, value: f64) -> Result<(), RubricError> {
        if (0.0..=1.0).contains(&value) {
            Ok(())
        } else {
            Err(self.invalid(key, &value, "must be a share between 0 and 1"))
        }
    }

    /// The accountability levels, keyed by rule: every key an accountability rule of the
    /// catalogue, and every such rule given.
    pub(super) fn levels(
        &self,
        given: &BTreeMap<String, Level>,
    ) -> Result<BTreeMap<RuleId, Level>, RubricError> {
        let mut levels = BTreeMap::new();
        for (code, level) in given {
            let key = format!("accountability.levels.{code}");
            let rule = code
                .parse::<RuleId>()
                .ok()
                .filter(|r| r.family() == Family::Accountability)
                .ok_or_else(|| self.invalid(&key, code, "not a rule; the rules are R1 to R8"))?;
            levels.insert(rule, *level);
        }
        if let Some(missing) = RuleId::all()
            .filter(|r| r.family() == Family::Accountability)
            .find(|r| !levels.contains_key(r))
        {
            return Err(self.invalid(
                "accountability.levels",
                &missing,
                "every rule R1 to R8 needs its level",
            ));
        }
        Ok(levels)
    }

    /// `[robustness]`: draws, spread 0 … 1/3, every knob known, and an overdue violation that
    /// never costs less than a timely one in any draw.
    pub(super) fn robustness(
        &self,
        f: &RubricFile,
        category_points: &BTreeMap<ViolationCategory, f64>,
    ) -> Result<Robustness, RubricError> {
        let r = &f.robustness;
        if r.draws > MAX_DRAWS {
            return Err(self.invalid(
                "robustness.draws",
                &r.draws,
                &format!("must be a whole number from 0 to {MAX_DRAWS}"),
            ));
        }
        if !(0.0..=1.0 / 3.0).contains(&r.spread) {
            return Err(self.invalid(
                "robustness.spread",
                &r.spread,
                "must be a number from 0 to 1/3 (0.3333)",
            ));
        }
        let all = Knob::all(category_points.keys().copied());
        let perturb = match &r.perturb {
            None => all,
            Some(paths) => {
                let mut knobs = Vec::with_capacity(paths.len());
                for path in paths {
                    let knob = Knob::parse(path)
                        .filter(|k| all.contains(k))
                        .ok_or_else(|| {
                            self.invalid(
                                "robustness.perturb",
                                path,
                                "not a key robustness may vary (SPEC §9 lists the 36)",
                            )
                        })?;
                    knobs.push(knob);
                }
                all.into_iter().filter(|k| knobs.contains(k)).collect()
            }
        };
        let multiplier = f.content.overdue_multiplier;
        if perturb.contains(&Knob::OverdueMultiplier) && multiplier * (1.0 - r.spread) < 1.0 {
            return Err(self.invalid(
                "content.overdue_multiplier",
                &multiplier,
                &format!(
                    "× (1 − robustness.spread {}) is below 1: an overdue violation would cost \
                     less than a timely one; raise it, lower the spread or take it out of \
                     robustness.perturb",
                    r.spread
                ),
            ));
        }
        Ok(Robustness {
            draws: r.draws,
            seed: r.seed,
            spread: r.spread,
            perturb,
        })
    }

    /// `[documents]`: day counts in range, at least one attachment row, texts on one line.
    pub(super) fn documents(&self, d: &Documents) -> Result<(), RubricError> {
        self.days("documents.issue_after_days", d.issue_after_days, 0)?;
        self.days("documents.rectify_report_days", d.rectify_report_days, 1)?;
        self.days("documents.appeal_days", d.appeal_days, 1)?;
        if !(1..=MAX_NAMED).contains(&d.named) {
            return Err(self.invalid(
                "documents.named",
                &d.named,
                &format!("must be a whole number from 1 to {MAX_NAMED}"),
            ));
        }
        if !(1..=MAX_ROWS).contains(&d.attachment_rows) {
            return Err(self.invalid(
                "documents.attachment_rows",
                &d.attachment_rows,
                &format!("must be a whole number from 1 to {MAX_ROWS}"),
            ));
        }
        Ok(())
    }

    /// `[scan]`: known rules, each once; context_chars 0–100.
    pub(super) fn scan(&self, rules: &[String], context_chars: u32) -> Result<Scan, RubricError> {
        let mut parsed: Vec<ScanRule> = Vec::new();
        for code in rules {
            let rule = ScanRule::ALL
                .iter()
                .find(|r| r.code().eq_ignore_ascii_case(code.trim()))
                .ok_or_else(|| self.invalid("scan.rules", code, "not a scan rule (S1 … S9)"))?;
            if parsed.contains(rule) {
                return Err(self.invalid("scan.rules", code, "given twice"));
            }
            parsed.push(*rule);
        }
        if context_chars > 100 {
            return Err(self.invalid(
                "scan.context_chars",
                &context_chars,
                "must be a whole number from 0 to 100",
            ));
        }
        Ok(Scan {
            rules: parsed,
            context_chars,
        })
    }

    pub(super) fn warn_and_history(&self, f: &RubricFile) -> Result<(), RubricError> {
        let w = &f.warn;
        self.days("warn.no_update_days", w.no_update_days, 1)?;
        if w.no_update_days > f.veto.no_update_days {
            return Err(self.invalid(
                "warn.no_update_days",
                &w.no_update_days,
                "must not be later than veto.no_update_days (a warning comes before the veto)",
            ));
        }
        self.days("warn.lead_days", w.lead_days, 0)?;
        self.days("warn.rectify_lead_days", w.rectify_lead_days, 0)?;
        if !(1..=MAX_PERIODS).contains(&f.history.periods) {
            return Err(self.invalid(
                "history.periods",
                &f.history.periods,
                &format!("must be a whole number of periods from 1 to {MAX_PERIODS}"),
            ));
        }
        Ok(())
    }

    pub(super) fn category(&self, key: &str, code: &str) -> Result<ViolationCategory, RubricError> {
        ViolationCategory::ALL
            .iter()
            .copied()
            .find(|c| c.code() == code)
            .ok_or_else(|| self.invalid(key, &code, "not a violation category code (SPEC §4.3)"))
    }

    pub(super) fn categories(
        &self,
        key: &str,
        codes: &[String],
    ) -> Result<Vec<ViolationCategory>, RubricError> {
        codes.iter().map(|c| self.category(key, c)).collect()
    }

    pub(super) fn validate(&self, f: &RubricFile) -> Result<(), RubricError> {
        let g = &f.grades;
        for (key, v) in [
            ("grades.excellent", g.excellent),
            ("grades.good", g.good),
            ("grades.pass", g.pass),
        ] {
            self.non_negative(key, v)?;
        }
        if !(g.pass < g.good && g.good < g.excellent) {
            return Err(self.invalid(
                "grades",
                &format!(
                    "pass {} < good {} < excellent {}",
                    g.pass, g.good, g.excellent
                ),
                "grade bands must rise: pass < good < excellent",
            ));
        }
        for (key, value) in numbers(f) {
            self.non_negative(key, value)?;
        }
        if f.veto.score_cap >= g.pass {
            return Err(self.invalid(
                "veto.score_cap",
                &f.veto.score_cap,
                "a vetoed account must fail: keep it below grades.pass",
            ));
        }
        self.days("veto.no_update_days", f.veto.no_update_days, 1)?;
        self.days("update.block_days", f.update.block_days, 1)?;
        self.days("interaction.reply_days", f.interaction.reply_days, 0)?;
        self.days("content.rectify_days", f.content.rectify_days, 0)?;
        self.days(
            "consolidation.dormant_days",
            f.consolidation.dormant_days,
            1,
        )?;
        self.count("bonus.b2_min_messages", f.bonus.b2_min_messages.into())?;
        for (code, count) in &f.consolidation.min_followers {
            self.count(&format!("consolidation.min_followers.{code}"), *count)?;
        }
        self.share("bonus.b1_top_share", f.bonus.b1_top_share)?;
        self.share("bonus.b3_original_share", f.bonus.b3_original_share)?;
        self.share(
            "consolidation.name_similarity",
            f.consolidation.name_similarity,
        )?;
        self.share("accountability.notice_share", f.accountability.notice_share)?;
        Ok(())
    }
}
