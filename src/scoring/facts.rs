//! Account facts: what the rules of one assessed account count, taken once from its metrics. They
//! depend on the rubric only through its national norms (block length, the veto categories, the
//! influence weights and the shares of B1 and B3), never on points, caps or deadlines, so that
//! scoring can apply those many times without touching the metrics again.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rayon::prelude::*;

use super::knobs::Knob;
use super::numbers::{normalise, round2};
use super::rubric::Rubric;
use super::{Context, days_between};
use crate::model::{AccountMetrics, DaySet, Platform, ViolationCategory};

/// The replies of one account's messages, sorted, with what every reply deadline a draw of
/// SPEC §9 can give changes counted once: re-scoring looks the counts up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Replies {
    /// Seconds from receipt to reply of the replied messages, ascending.
    pub seconds: Vec<i64>,
    /// Days from receipt to as_of of the messages not replied, ascending.
    pub waiting_days: Vec<i64>,
    /// (late, overdue) for reply_days = `first_day`, `first_day` + 1, …
    counted: Vec<(u64, u64)>,
    /// The deadline of `counted[0]`.
    first_day: u32,
}

impl Replies {
    /// The replies of `seconds` (replied) and `waiting_days` (not replied), counted for every
    /// deadline in `days`.
    pub fn new(
        mut seconds: Vec<i64>,
        mut waiting_days: Vec<i64>,
        days: std::ops::RangeInclusive<u32>,
    ) -> Replies {
        seconds.sort_unstable();
        waiting_days.sort_unstable();
        let mut replies = Replies {
            seconds,
            waiting_days,
            counted: Vec::new(),
            first_day: *days.start(),
        };
        replies.counted = days
            .map(|d| (replies.search_late(d), replies.search_overdue(d)))
            .collect();
        replies
    }

    /// Messages received in the period.
    pub fn count(&self) -> u64 {
        (self.seconds.len() + self.waiting_days.len()) as u64
    }

    /// The counts of `reply_days` when they were counted in advance.
    fn counted(&self, reply_days: u32) -> Option<(u64, u64)> {
        let k = reply_days.checked_sub(self.first_day)?;
        self.counted.get(k as usize).copied()
    }

    /// Replied later than `reply_days` × 24 h.
    pub fn late(&self, reply_days: u32) -> u64 {
        self.counted(reply_days)
            .map_or_else(|| self.search_late(reply_days), |c| c.0)
    }

    /// Not replied, and more than `reply_days` days old at as_of.
    pub fn overdue(&self, reply_days: u32) -> u64 {
        self.counted(reply_days)
            .map_or_else(|| self.search_overdue(reply_days), |c| c.1)
    }

    fn search_late(&self, reply_days: u32) -> u64 {
        let limit = i64::from(reply_days) * 86_400;
        (self.seconds.len() - self.seconds.partition_point(|s| *s <= limit)) as u64
    }

    fn search_overdue(&self, reply_days: u32) -> u64 {
        let limit = i64::from(reply_days);
        (self.waiting_days.len() - self.waiting_days.partition_point(|d| *d <= limit)) as u64
    }

    /// Every message replied within `reply_days` × 24 h.
    pub fn all_in_time(&self, reply_days: u32) -> bool {
        self.waiting_days.is_empty()
            && self
                .seconds
                .last()
                .is_none_or(|s| *s <= i64::from(reply_days) * 86_400)
    }
}

/// One counted violation of a category that is not a veto.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counted {
    /// Its category.
    pub category: ViolationCategory,
    /// Days it took (resolved) or has taken (unresolved, to as_of) to rectify.
    pub took_days: i64,
    /// With calendar.csv (SPEC §17.3): whether its end is after its working-day deadline, which
    /// no robustness draw moves; `None` without a calendar.
    pub past_deadline: Option<bool>,
}

/// What the rules of one assessed account count (SPEC §3), under the rubric's national norms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountFacts {
    /// Index into the metrics (and [`crate::model::Dataset::accounts`]).
    pub account: u32,
    /// The monitoring date.
    pub as_of: NaiveDate,
    /// Date of the last post on or before as_of.
    pub last_post: Option<NaiveDate>,
    /// Days from the last post to as_of (X1 compares days, not dates).
    pub days_since_post: Option<i64>,
    /// Days from opened_on to as_of (X1 is not applied to accounts opened within its span).
    pub days_since_opened: Option<i64>,
    /// Full blocks in the window.
    pub blocks: u64,
    /// Of them without a post (U1).
    pub empty_blocks: u64,
    /// Calendar months without an original post (U2); `None` without the `original` column.
    pub months_without_original: Option<u64>,
    /// X2: interaction switched off (and the column given).
    pub interaction_off: bool,
    /// X3: a counted violation of a veto category.
    pub veto_violation: bool,
    /// Messages and replies (I1, I2, B2); `None` without messages.csv.
    pub replies: Option<Replies>,
    /// Counted violations that are not vetoes, in input order (K1); `None` without violations.csv.
    pub violations: Option<Vec<Counted>>,
    /// Window posts without a review record (K2); `None` without the `reviewed` column.
    pub unreviewed: Option<u64>,
    /// M1: verified is false (and the column given).
    pub unverified: bool,
    /// M2: verified, and the verified name does not contain the unit's name.
    pub names_other_entity: bool,
    /// M3: filings given and no `open` filing by as_of.
    pub no_open_filing: bool,
    /// M4: the unit is on two or more platforms and this name differs from its usual one.
    pub name_differs: bool,
    /// The influence index (传播力指数), rounded.
    pub influence: f64,
    /// B1: fewer than the top share of its platform's accounts have a higher influence.
    pub top_of_platform: bool,
    /// Assessed accounts of its platform with a higher influence (B1's evidence).
    pub higher_on_platform: u64,
    /// Assessed accounts of its platform.
    pub on_platform: u64,
    /// B3: posts in every block and mostly original.
    pub frequent_original: bool,
    /// Rules waived by accepted appeals (SPEC §14): they do not fire.
    pub waived: super::waivers::RuleSet,
    /// Its repost tasks (U3, SPEC §17.1); `None` without tasks.csv.
    pub tasks: Option<crate::tasks::Counts>,
}

/// The facts of every assessed account, in metrics order; `names` from [`usual_names`].
pub(crate) fn account_facts(
    context: &Context<'_>,
    rubric: &Rubric,
    names: &UsualNames<'_>,
) -> Vec<AccountFacts> {
    let assessed: Vec<&AccountMetrics> = context.metrics.iter().filter(|m| m.assessed).collect();
    let influences: Vec<f64> = assessed.iter().map(|m| influence(m, rubric)).collect();
    let mut by_platform: HashMap<Platform, Vec<f64>> = HashMap::default();
    for (m, i) in assessed.iter().zip(&influences) {
        let platform = context.dataset.accounts[m.account as usize].platform;
        by_platform.entry(platform).or_default().push(*i);
    }
    for list in by_platform.values_mut() {
        list.sort_by(f64::total_cmp);
    }
    let units: HashMap<&str, &str> = context
        .dataset
        .units
        .iter()
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    assessed
        .into_par_iter()
        .zip(influences)
        .map(|(m, influence)| {
            let account = &context.dataset.accounts[m.account as usize];
            let peers = by_platform
                .get(&account.platform)
                .map_or(&[][..], Vec::as_slice);
            let n = peers.len();
            let higher = n - peers.partition_point(|x| *x <= influence);
            let unit_name = units.get(account.unit_id.as_str()).copied().unwrap_or("");
            let usual = names.get(account.unit_id.as_str());
            let mut facts = count(context, rubric, m);
            facts.influence = influence;
            facts.top_of_platform = (higher as f64) < rubric.bonus.b1_top_share * n as f64;
            facts.higher_on_platform = higher as u64;
            facts.on_platform = n as u64;
            let columns = context.columns;
            facts.names_other_entity = columns.verified
                && columns.verified_name
                && account.verified == Some(true)
                && account
                    .verified_name
                    .as_ref()
                    .is_some_and(|name| !normalise(name).contains(&normalise(unit_name)));
            facts.name_differs = usual.is_some_and(|(platforms, usual)| {
                *platforms >= 2 && normalise(&account.account_name) != *usual
            });
            facts
        })
        .collect()
}

/// The counts of one account's metrics (influence, B1, M2 and M4 are set by the caller).
fn count(context: &Context<'_>, rubric: &Rubric, m: &AccountMetrics) -> AccountFacts {
    let account = &context.dataset.accounts[m.account as usize];
    let as_of = context.window.as_of;
    let block_days = i64::from(rubric.update.block_days);
    let blocks = ((days_between(m.window_start, as_of) + 1) / block_days).max(0) as u64;
    let replies = m.messages.as_ref().map(|messages| {
        let (mut seconds, mut waiting) = (Vec::new(), Vec::new());
        for x in messages {
            match x.reply_seconds {
                Some(s) => seconds.push(s),
                None => waiting.push(days_between(x.received_on, as_of)),
            }
        }
        Replies::new(seconds, waiting, rubric.days_drawn(Knob::ReplyDays))
    });
    let deadlines = super::deadlines::Deadlines::of(context.dataset, rubric);
    let violations = m.violations.as_ref().map(|violations| {
        violations
            .iter()
            .filter(|v| !rubric.veto_categories.contains(&v.category))
            .map(|v| Counted {
                category: v.category,
                took_days: days_between(v.found_on, v.resolved_on.unwrap_or(as_of)),
                past_deadline: deadlines.past(
                    v.category,
                    v.found_on,
                    v.resolved_on.unwrap_or(as_of),
                ),
            })
            .collect()
    });
    AccountFacts {
        account: m.account,
        as_of,
        last_post: m.last_post_at.map(|t| t.date()),
        days_since_post: m.last_post_at.map(|t| days_between(t.date(), as_of)),
        days_since_opened: account.opened_on.map(|o| days_between(o, as_of)),
        blocks,
        empty_blocks: empty_blocks(&m.post_days, blocks, block_days).count() as u64,
        months_without_original: m
            .original_days
            .as_ref()
            .map(|days| months_without(days, m.window_start, as_of).count() as u64),
        interaction_off: context.columns.interaction_enabled && !account.interaction_enabled,
        veto_violation: m.violations.as_ref().is_some_and(|vs| {
            vs.iter()
                .any(|v| rubric.veto_categories.contains(&v.category))
        }),
        replies,
        violations,
        unreviewed: m.unreviewed_posts.as_ref().map(|p| p.len() as u64),
        unverified: context.columns.verified && account.verified == Some(false),
        names_other_entity: false,
        no_open_filing: m.filings.is_some_and(|f| !f.open),
        name_differs: false,
        influence: 0.0,
        top_of_platform: false,
        higher_on_platform: 0,
        on_platform: 0,
        frequent_original: m.original_posts.is_some_and(|original| {
            m.posts >= blocks.max(1)
                && original as f64 >= rubric.bonus.b3_original_share * m.posts as f64
        }),
        waived: context.waivers.account(m.account),
        tasks: (context.tasks).and_then(|t| t.get(m.account as usize).map(|t| t.counts)),
    }
}

/// The blocks (by number) of the window without a post (U1).
pub(crate) fn empty_blocks(
    post_days: &DaySet,
    blocks: u64,
    block_days: i64,
) -> impl Iterator<Item = u64> + '_ {
    (0..blocks).filter(move |b| {
        let from = (*b as i64 * block_days) as usize;
        !post_days.any_in(from, from + block_days as usize)
    })
}

/// The first days of the calendar months of the window without an original post (U2).
pub(crate) fn months_without(
    original_days: &DaySet,
    window_start: NaiveDate,
    as_of: NaiveDate,
) -> impl Iterator<Item = NaiveDate> + '_ {
    months_in(window_start, as_of)
        .into_iter()
        .filter(move |(first, last)| {
            let from = days_between(window_start, *first) as usize;
            let to = days_between(window_start, *last) as usize + 1;
            !original_days.any_in(from, to)
        })
        .map(|(first, _)| first)
}

/// The influence index (传播力指数), rounded.
fn influence(m: &AccountMetrics, rubric: &Rubric) -> f64 {
    let w = &rubric.influence;
    let ln1 = |x: u64| (x as f64 + 1.0).ln();
    let engagement = w.reads * ln1(m.reads)
        + w.likes * ln1(m.likes)
        + w.shares * ln1(m.shares)
        + w.comments * ln1(m.comments);
    round2(
        w.scale
            * (w.posts * ln1(m.posts)
                + w.engagement * engagement
                + w.followers * ln1(m.followers.unwrap_or(0))),
    )
}

/// Per unit_id: how many platforms its assessed accounts are on, and their most common
/// normalised name.
pub(crate) type UsualNames<'a> = HashMap<&'a str, (usize, String)>;

/// Per unit: how many platforms its assessed accounts are on, and their most common normalised
/// name (ties: the smallest in code-point order) — for M4.
pub(crate) fn usual_names<'a>(context: &Context<'a>) -> UsualNames<'a> {
    let mut by_unit: HashMap<&str, (Vec<Platform>, BTreeMap<String, usize>)> = HashMap::default();
    for m in context.metrics.iter().filter(|m| m.assessed) {
        let a = &context.dataset.accounts[m.account as usize];
        let entry = by_unit.entry(a.unit_id.as_str()).or_default();
        if !entry.0.contains(&a.platform) {
            entry.0.push(a.platform);
        }
        *entry.1.entry(normalise(&a.account_name)).or_default() += 1;
    }
    by_unit
        .into_iter()
        .map(|(unit, (platforms, names))| {
            // BTreeMap iterates names in code-point order: the first of the highest count wins.
            let most = names.values().copied().max().unwrap_or(0);
            let usual = names
                .into_iter()
                .find(|(_, n)| *n == most)
                .map(|(name, _)| name)
                .unwrap_or_default();
            (unit, (platforms.len(), usual))
        })
        .collect()
}

/// Calendar months whose first day is in `[window_start, as_of]` and whose last day is on or
/// before as_of: (first day, last day).
fn months_in(window_start: NaiveDate, as_of: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut months = Vec::new();
    let Some(mut first) = NaiveDate::from_ymd_opt(window_start.year(), window_start.month(), 1)
    else {
        return months;
    };
    if first < window_start {
        first = match first.checked_add_months(Months::new(1)) {
            Some(next) => next,
            None => return months,
        };
    }
    while let Some(next) = first.checked_add_months(Months::new(1)) {
        let Some(last) = next.pred_opt() else {
            break;
        };
        if last > as_of {
            break;
        }
        months.push((first, last));
        first = next;
    }
    months
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn u2_months_are_whole_months_inside_the_window() {
        assert_eq!(months_in(day(2026, 7, 1), day(2026, 9, 30)).len(), 3);
        assert_eq!(months_in(day(2026, 7, 2), day(2026, 9, 30)).len(), 2);
        assert_eq!(months_in(day(2026, 7, 1), day(2026, 9, 29)).len(), 2);
        assert_eq!(months_in(day(2026, 8, 15), day(2026, 9, 10)).len(), 0);
    }

    #[test]
    fn replies_count_against_any_deadline() {
        let replies = Replies::new(vec![5 * 86_400 + 1, 3_600, 5 * 86_400], vec![6, 2], 4..=6);
        assert_eq!(replies.count(), 5);
        assert_eq!(
            (replies.late(5), replies.late(4), replies.late(6)),
            (1, 2, 0)
        );
        assert_eq!((replies.overdue(5), replies.overdue(1)), (1, 2));
        assert!(!replies.all_in_time(10));
        let answered = Replies::new(vec![3_600, 86_400], vec![], 1..=1);
        assert!(answered.all_in_time(1) && !answered.all_in_time(0));
        // Counted in advance or searched, the same counts.
        let wide = Replies::new(vec![3_600, 5 * 86_400, 5 * 86_400 + 1], vec![2, 6], 0..=9);
        for d in 0..12 {
            assert_eq!(
                (wide.late(d), wide.overdue(d)),
                (wide.search_late(d), wide.search_overdue(d))
            );
        }
    }

    #[test]
    fn empty_blocks_are_blocks_without_a_post_day() {
        let mut days = DaySet::default();
        days.insert(0);
        days.insert(15);
        // Blocks of 7 days: 0–6 (post), 7–13 (none), 14–20 (post), 21–27 (none).
        assert_eq!(empty_blocks(&days, 4, 7).collect::<Vec<_>>(), vec![1, 3]);
    }
}
