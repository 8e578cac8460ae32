//! A unit's page (units/U….html): its accounts, findings, the waterfall from 100 to its score, the weekly chart and its history.

use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::report::charts::Step;
use crate::report::view::UnitPage;
use crate::report::{
    AccountMeasure, Builder, ReportError, ReportInput, charts, overview, render_page, robustness,
    unit_file,
};
use crate::scoring::rules::Scope;
use crate::scoring::{AccountScore, Finding, UnitScore};
use minijinja::Environment;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

impl<'a> Builder<'a> {
    pub(in crate::report) fn unit_page(
        &self,
        u: &UnitScore,
        own: &UnitRecords<'_>,
    ) -> Result<UnitPage, ReportError> {
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
            scan: self.input.scan.filter(|s| s.evaluated()).map(|_| {
                let (open, confirmed) = self
                    .scan_counts
                    .get(u.unit_id.as_str())
                    .copied()
                    .unwrap_or_default();
                (open.to_string(), confirmed.to_string())
            }),
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
            tasks: self.unit_pairs(&u.unit_id),
            lifecycle: self.lifecycle_rows(Some(&u.unit_id), "../"),
        })
    }

    /// The unit's score and rank over the earlier runs and this one (SPEC §13); none without
    /// earlier runs.
    pub(in crate::report) fn history_charts(
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
    pub(in crate::report) fn weekly_chart(
        &self,
        own: &[&AccountScore],
    ) -> Result<String, ReportError> {
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

/// 100 → minus the mean of each capped item → plus the mean bonus → minus the mean veto cut →
/// the base (mean score) → minus the unit deduction and the unit's veto cap → the score.
pub(in crate::report) fn waterfall_steps(
    u: &UnitScore,
    base: f64,
    own: &[&AccountScore],
) -> Vec<Step> {
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

/// One page per unit, rendered in parallel.
pub(in crate::report) fn unit_pages(
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
pub(in crate::report) struct UnitRecords<'a> {
    pub(in crate::report) accounts: Vec<&'a AccountScore>,
    pub(in crate::report) findings: Vec<&'a Finding>,
    pub(in crate::report) consolidation: Vec<&'a ConsolidationEntry>,
    pub(in crate::report) accountability: Option<&'a AccountabilityEntry>,
    pub(in crate::report) appeals: Vec<&'a crate::appeals::AppealResult>,
}

impl<'a> UnitRecords<'a> {
    pub(in crate::report) fn by_unit(
        input: &'a ReportInput<'a>,
    ) -> HashMap<&'a str, UnitRecords<'a>> {
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
