//! Robustness of the lists (SPEC §9, 稳健性检验): the whole data set re-scored once per draw with
//! the rubric's judgement calls perturbed, on all cores, reduced in draw order; per scored unit its
//! best and worst score (the two corners), how often it fails, its rank interval and how often it
//! is listed, and the verdict on its listing.

pub(crate) mod draws;
pub(crate) mod rescore;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::lists::accountability::{self, AccountabilityEntry, Inputs, Verdict};
use crate::scoring::rubric::{Level, Robustness, Rubric};
use crate::scoring::{Scores, UnitScore};
use draws::{Corner, Draws};
use rescore::{Core, Outcome, Scratch};

/// The memory the draws may keep: one packed outcome (4 bytes) per draw and scored unit, all
/// kept until every draw is done (the rank interval needs each unit's every rank).
pub(crate) const MEMORY_AT_MOST: u64 = 1 << 30;

/// More draws than memory allows for this many units: exit code 2 before any scoring.
#[derive(Debug, thiserror::Error)]
#[error(
    "robustness: {draws} draws over {units} units would keep {needed_mib} MiB of outcomes in memory, more than the {limit_mib} MiB govmedia allows; run with --draws {most} or fewer (or set [robustness] draws in the rubric)"
)]
pub(crate) struct TooManyDraws {
    draws: u32,
    units: usize,
    needed_mib: u64,
    limit_mib: u64,
    most: u64,
}

/// Checks, before anything is scored, that `draws` over `units` keep no more than
/// [`MEMORY_AT_MOST`] (so a run never aborts out of memory at the draws' end).
pub(crate) fn fits_in_memory(draws: u32, units: usize) -> Result<(), TooManyDraws> {
    let per_draw = 4 * units.max(1) as u64;
    let needed = u64::from(draws) * per_draw;
    if needed <= MEMORY_AT_MOST {
        return Ok(());
    }
    Err(TooManyDraws {
        draws,
        units,
        needed_mib: needed.div_ceil(1 << 20),
        limit_mib: MEMORY_AT_MOST >> 20,
        most: MEMORY_AT_MOST / per_draw,
    })
}

/// One row of `robustness.csv`: a scored unit across the draws.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RobustnessRow {
    /// Unit key.
    pub unit_id: String,
    /// Unit name.
    pub unit_name: String,
    /// Its score under the rubric in force.
    pub score: f64,
    /// Its score at the lenient corner.
    pub best_score: f64,
    /// Its score at the strict corner.
    pub worst_score: f64,
    /// Draws.
    pub draws: u32,
    /// Draws in which it fails.
    pub fails: u32,
    /// Its rank under the rubric in force.
    pub rank: u32,
    /// Nearest-rank 5th percentile, median and 95th percentile of its ranks over the draws.
    pub ranks: [u32; 3],
    /// Its level on the list; `None` = not listed.
    pub level: Option<Level>,
    /// Draws in which it is listed at `level` or more severe (not listed: at any level).
    pub listed: u32,
    /// The verdict.
    pub verdict: Option<Verdict>,
}

impl RobustnessRow {
    /// fail_share, as written.
    pub(crate) fn fail_share(&self) -> String {
        share(self.fails, self.draws)
    }

    /// listed_share, as written.
    pub(crate) fn listed_share(&self) -> String {
        share(self.listed, self.draws)
    }
}

/// `count / n` with at most 4 decimals, rounded half away from zero on the exact fraction.
pub(crate) fn share(count: u32, n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let (count, n) = (u64::from(count), u64::from(n));
    let tenths_of_mille = (count * 20_000 + n) / (2 * n);
    let (whole, fraction) = (tenths_of_mille / 10_000, tenths_of_mille % 10_000);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// The verdict on exact counts: robust (listed, ≥ 95% of the draws), fragile (listed, fewer),
/// borderline (not listed, ≥ 5%).
pub(crate) fn verdict(listed_now: bool, listed: u32, draws: u32) -> Option<Verdict> {
    let (count, n) = (u64::from(listed) * 100, u64::from(draws));
    match listed_now {
        true if count >= 95 * n => Some(Verdict::Robust),
        true => Some(Verdict::Fragile),
        false if count >= 5 * n => Some(Verdict::Borderline),
        false => None,
    }
}

/// Nearest ranks of ascending `sorted` at 5%, 50% and 95%: position max(1, ⌈q × N⌉), exact.
pub(crate) fn nearest_ranks(sorted: &[u32]) -> [u32; 3] {
    let n = sorted.len();
    if n == 0 {
        return [0; 3];
    }
    let at = |percent: usize| sorted[(percent * n).div_ceil(100).clamp(1, n) - 1];
    [at(5), at(50), at(95)]
}

/// One unit in one draw, packed: rank (0 = unscored) × 16 + fails × 8 + level (0 = none, 1…4).
fn pack(o: &Outcome) -> u32 {
    let level = o
        .level
        .and_then(|l| Level::ALL.iter().position(|x| *x == l))
        .map_or(0, |i| i as u32 + 1);
    (o.rank.unwrap_or(0) << 4) | (u32::from(o.unit.fails) << 3) | level
}

/// Whether a packed level is `at` or more severe (`None`: listed at all).
fn listed_at(packed: u32, at: Option<Level>) -> bool {
    let level = (packed & 7) as usize;
    match at {
        _ if level == 0 => false,
        None => true,
        Some(at) => Level::ALL[level - 1] <= at,
    }
}

/// SPEC §9 for a run: the core laid out from its scores and list facts, then the rubric's draws,
/// and each entry of the list given its verdict; `None` when the draws are off (0).
pub(crate) fn assess(
    scores: &Scores,
    inputs: &Inputs<'_>,
    entries: &mut [AccountabilityEntry],
    rubric: &Rubric,
) -> Option<Vec<RobustnessRow>> {
    if rubric.robustness.draws == 0 {
        return None;
    }
    let core = Core::new(scores, accountability::list_facts(inputs, rubric));
    let rows = analyse(&core, &scores.units, entries, rubric, &rubric.robustness);
    mark(entries, &rows);
    Some(rows)
}

/// Runs the draws of `settings` and reduces them per scored unit, in `units` order (the rows of
/// `unit_scores.csv`); `entries` is the list under the rubric in force.
pub(crate) fn analyse(
    core: &Core,
    units: &[UnitScore],
    entries: &[AccountabilityEntry],
    rubric: &Rubric,
    settings: &Robustness,
) -> Vec<RobustnessRow> {
    let draws = Draws::new(rubric, settings);
    let n = settings.draws;
    // One row of packed outcomes per draw, in draw order whatever the threads.
    let per_draw: Vec<Vec<u32>> = (1..=u64::from(n))
        .into_par_iter()
        .map_init(
            || (rubric.clone(), Scratch::default(), Vec::new()),
            |(r, scratch, outcomes), d| {
                draws.fill(d, r);
                core.assess(r, scratch, outcomes);
                crate::progress::advance(1);
                outcomes.iter().map(pack).collect()
            },
        )
        .collect();
    let corner = |c: Corner| {
        let mut results = Vec::new();
        core.score(&draws.corner(c), &mut results);
        results
    };
    let (best, worst) = rayon::join(|| corner(Corner::Lenient), || corner(Corner::Strict));
    let listed: HashMap<&str, Level> = (entries.iter())
        .map(|e| (e.unit_id.as_str(), e.level))
        .collect();
    let levels: Vec<Option<Level>> = (units.iter())
        .map(|u| listed.get(u.unit_id.as_str()).copied())
        .collect();
    (0..units.len())
        .into_par_iter()
        .filter_map(|j| {
            let u = &units[j];
            let (score, rank) = (u.score?, u.rank?);
            let column = per_draw.iter().map(|row| row[j]);
            let mut ranks: Vec<u32> = column.clone().map(|p| p >> 4).collect();
            ranks.sort_unstable();
            let fails = column.clone().filter(|p| p & 8 != 0).count() as u32;
            let listed = column.filter(|p| listed_at(*p, levels[j])).count() as u32;
            Some(RobustnessRow {
                unit_id: u.unit_id.clone(),
                unit_name: u.unit_name.clone(),
                score,
                best_score: best[j].score.unwrap_or(score),
                worst_score: worst[j].score.unwrap_or(score),
                draws: n,
                fails,
                rank,
                ranks: nearest_ranks(&ranks),
                level: levels[j],
                listed,
                verdict: verdict(levels[j].is_some(), listed, n),
            })
        })
        .collect()
}

/// Gives each entry of the list its unit's verdict.
pub(crate) fn mark(entries: &mut [AccountabilityEntry], rows: &[RobustnessRow]) {
    let verdicts: HashMap<&str, Option<Verdict>> = (rows.iter())
        .map(|r| (r.unit_id.as_str(), r.verdict))
        .collect();
    for e in entries {
        e.verdict = verdicts.get(e.unit_id.as_str()).copied().flatten();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_over_units_are_refused_past_the_memory_they_may_keep() {
        assert!(fits_in_memory(100_000, 60).is_ok());
        assert!(fits_in_memory(1_000, 60_000).is_ok());
        let refused = fits_in_memory(100_000, 58_000).unwrap_err();
        assert_eq!(refused.most, MEMORY_AT_MOST / (4 * 58_000));
        assert!(refused.to_string().contains("--draws 4628"), "{refused}");
        assert!(fits_in_memory(4_628, 58_000).is_ok() && fits_in_memory(4_629, 58_000).is_err());
    }

    #[test]
    fn shares_have_at_most_4_decimals_rounded_half_away_from_zero() {
        assert_eq!(share(0, 1000), "0");
        assert_eq!(share(1000, 1000), "1");
        assert_eq!(share(230, 1000), "0.23");
        assert_eq!(share(1, 3), "0.3333");
        assert_eq!(share(2, 3), "0.6667");
        assert_eq!(share(1, 20_000), "0.0001"); // 0.00005: the half goes up
        assert_eq!(share(1, 20_001), "0");
    }

    #[test]
    fn verdicts_are_decided_on_exact_counts() {
        assert_eq!(verdict(true, 950, 1000), Some(Verdict::Robust));
        assert_eq!(verdict(true, 949, 1000), Some(Verdict::Fragile));
        assert_eq!(verdict(false, 50, 1000), Some(Verdict::Borderline));
        assert_eq!(verdict(false, 49, 1000), None);
        assert_eq!(verdict(true, 19, 20), Some(Verdict::Robust));
    }

    #[test]
    fn nearest_ranks_at_5_50_95_percent() {
        let ranks: Vec<u32> = (1..=1000).collect();
        assert_eq!(nearest_ranks(&ranks), [50, 500, 950]);
        assert_eq!(nearest_ranks(&[7]), [7, 7, 7]);
        // N = 3: ⌈0.15⌉ = 1, ⌈1.5⌉ = 2, ⌈2.85⌉ = 3.
        assert_eq!(nearest_ranks(&[1, 2, 9]), [1, 2, 9]);
        // N = 20: positions 1, 10, 19.
        let twenty: Vec<u32> = (101..=120).collect();
        assert_eq!(nearest_ranks(&twenty), [101, 110, 119]);
    }

    #[test]
    fn a_packed_level_is_compared_in_the_lists_order() {
        let packed = |level: Option<Level>, rank: u32| {
            pack(&Outcome {
                unit: crate::lists::accountability::UnitResult {
                    accounts: 1,
                    vetoed: 0,
                    score: Some(50.0),
                    fails: true,
                    missing: false,
                },
                rank: Some(rank),
                level,
            })
        };
        let interview = packed(Some(Level::Interview), 12);
        assert_eq!((interview >> 4, interview & 8), (12, 8));
        assert!(listed_at(interview, Some(Level::Interview)));
        assert!(listed_at(interview, Some(Level::Notice)));
        assert!(!listed_at(interview, Some(Level::Accountability)));
        assert!(listed_at(interview, None));
        assert!(!listed_at(packed(None, 3), None));
    }
}
