//! The metrics stage (SPEC §3): one scan of the records turned into [`AccountMetrics`]. Posts
//! (tens of millions of rows, joined to their account's window) go through polars lazy plans,
//! one small function per metric family; engagement (one row per account and day: nothing to
//! join or sort) is summed in one pass over its columns, and messages, violations and filings
//! are small and read directly. Nothing here depends on the rubric.

mod frames;

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use crate::model::{
    AccountMetrics, AccountStatus, Dataset, DaySet, Engagement, FilingEvent, FilingFacts,
    MessageFact, ViolationFact,
};
use frames::{col_name as c, days_from_ce};

/// The period being assessed: `[start, as_of]`, dates inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day of the period.
    pub start: NaiveDate,
    /// The monitoring date.
    pub as_of: NaiveDate,
}

/// Computes the metrics of every account (assessed or not), in account order. `engagement` is
/// taken out of the dataset by the caller (nothing after the metrics reads it) and moved into
/// polars without a copy: at national scale its 23 million rows are the largest table.
pub fn compute(
    dataset: &Dataset,
    engagement: Option<Engagement>,
    window: Window,
) -> PolarsResult<Vec<AccountMetrics>> {
    let mut metrics: Vec<AccountMetrics> = dataset
        .accounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let assessed =
                a.status == AccountStatus::Active && a.opened_on.is_none_or(|o| o <= window.as_of);
            AccountMetrics {
                account: i as u32,
                assessed,
                window_start: a.opened_on.map_or(window.start, |o| o.max(window.start)),
                posts: 0,
                original_posts: dataset.posts.has_original.then_some(0),
                post_days: DaySet::default(),
                posts_by_day: Vec::new(),
                original_days: dataset.posts.has_original.then(DaySet::default),
                last_post_at: None,
                unreviewed_posts: dataset.posts.has_reviewed.then(Vec::new),
                followers: None,
                reads: 0,
                likes: 0,
                shares: 0,
                comments: 0,
                messages: dataset.messages.as_ref().map(|_| Vec::new()),
                violations: dataset.violations.as_ref().map(|_| Vec::new()),
                filings: dataset.filings.as_ref().map(|_| FilingFacts {
                    open: false,
                    suspend_or_close: false,
                    close: false,
                }),
            }
        })
        .collect();

    // Engagement first, and its table dropped and given back, before the posts' frames are made.
    if let Some(engagement) = engagement {
        add_engagement(&mut metrics, &engagement, window);
        drop(engagement);
        crate::memory::give_back();
    }
    // The plans are collected one after the other, each result used and dropped before the
    // next is made: collected together, their intermediate frames were in memory at once
    // (1.4 GB more at national scale).
    let collect = |plan: LazyFrame| plan.collect();
    let times = frames::post_times(dataset)?.lazy();
    fill_last_post(&mut metrics, &collect(last_post(times, window))?)?;
    {
        let posts = frames::posts(dataset)?.lazy();
        let in_window = posts_in_window(posts, frames::window_starts(&metrics), window);
        fill_window_posts(
            &mut metrics,
            &collect(window_posts(in_window))?,
            window.as_of,
        )?;
    }
    for m in &mut metrics {
        if m.followers.is_none() {
            m.followers = dataset.accounts[m.account as usize].followers;
        }
    }
    add_messages(&mut metrics, dataset, window);
    add_violations(&mut metrics, dataset, window);
    add_filings(&mut metrics, dataset, window);
    Ok(metrics)
}

/// Posts up to as_of that fall in their account's window (assessed accounts only), each with
/// its window's first day. That day is looked up by the post's account index in `starts` (one per
/// account; an account not assessed has none past every day) instead of a join: the join's
/// indices and result were 0.4 GB more at national scale.
fn posts_in_window(posts: LazyFrame, starts: Series, window: Window) -> LazyFrame {
    posts
        .with_column(
            lit(starts)
                .gather(col(c::ACCOUNT), false)
                .alias(c::WINDOW_START),
        )
        .filter(
            col(c::DAY)
                .lt_eq(lit(days_from_ce(window.as_of)))
                .and(col(c::DAY).gt_eq(col(c::WINDOW_START))),
        )
}

/// last_post_at: the latest publishing time on or before as_of, of any date.
fn last_post(posts: LazyFrame, window: Window) -> LazyFrame {
    posts
        .filter(col(c::DAY).lt_eq(lit(days_from_ce(window.as_of))))
        .group_by([col(c::ACCOUNT)])
        .agg([col(c::SECONDS).max().alias(c::SECONDS)])
}

/// The window's posts, each with its day as an offset from the window's first day. What is
/// counted of them (posts, original posts, posting days, posts per day, unreviewed posts) is
/// counted in one pass as they are handed over: grouping by (account, day) in the plan cost more
/// than the counting.
fn window_posts(in_window: LazyFrame) -> LazyFrame {
    in_window.select([
        col(c::ACCOUNT),
        (col(c::DAY) - col(c::WINDOW_START)).alias(c::OFFSET),
        col(c::ORIGINAL),
        col(c::REVIEWED),
        col(c::ROW),
    ])
}

fn accounts_of(frame: &DataFrame) -> PolarsResult<Vec<u32>> {
    Ok(frame
        .column(c::ACCOUNT)?
        .u32()?
        .into_no_null_iter()
        .collect())
}

fn fill_last_post(metrics: &mut [AccountMetrics], frame: &DataFrame) -> PolarsResult<()> {
    let seconds = frame.column(c::SECONDS)?.i64()?;
    for (account, s) in accounts_of(frame)?.into_iter().zip(seconds.iter()) {
        metrics[account as usize].last_post_at = s
            .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
            .map(|t| t.naive_utc());
    }
    Ok(())
}

/// posts, original_posts, post_days, posts_by_day, original_days and unreviewed_posts.
fn fill_window_posts(
    metrics: &mut [AccountMetrics],
    frame: &DataFrame,
    as_of: NaiveDate,
) -> PolarsResult<()> {
    let offsets = frame.column(c::OFFSET)?.i32()?;
    let original = frame.column(c::ORIGINAL)?.bool()?;
    let reviewed = frame.column(c::REVIEWED)?.bool()?;
    let rows = frame.column(c::ROW)?.u32()?;
    let posts = accounts_of(frame)?
        .into_iter()
        .zip(offsets.into_no_null_iter())
        .zip(original.iter().zip(reviewed.iter()))
        .zip(rows.into_no_null_iter());
    for (((account, offset), (original, reviewed)), row) in posts {
        let m = &mut metrics[account as usize];
        let day = offset.max(0) as usize;
        if m.posts_by_day.is_empty() {
            m.posts_by_day = vec![0; ((as_of - m.window_start).num_days() + 1).max(0) as usize];
        }
        m.posts += 1;
        m.post_days.insert(day);
        if let Some(count) = m.posts_by_day.get_mut(day) {
            *count += 1;
        }
        if original == Some(true) {
            if let Some(n) = m.original_posts.as_mut() {
                *n += 1;
            }
            if let Some(days) = m.original_days.as_mut() {
                days.insert(day);
            }
        }
        if reviewed == Some(false)
            && let Some(list) = m.unreviewed_posts.as_mut()
        {
            list.push(row);
        }
    }
    // Rows in file order, whatever order the join gave.
    for m in metrics.iter_mut() {
        if let Some(list) = m.unreviewed_posts.as_mut() {
            list.sort_unstable();
        }
    }
    Ok(())
}

/// What one pass over the engagement table gathers for an account.
#[derive(Debug, Clone, Copy, Default)]
struct EngagementSums {
    reads: u64,
    likes: u64,
    shares: u64,
    comments: u64,
    /// The latest day on or before as_of with a known follower level, and that level.
    followers: Option<(NaiveDate, u64)>,
}

impl EngagementSums {
    fn merge(mut self, other: EngagementSums) -> EngagementSums {
        self.reads = self.reads.saturating_add(other.reads);
        self.likes = self.likes.saturating_add(other.likes);
        self.shares = self.shares.saturating_add(other.shares);
        self.comments = self.comments.saturating_add(other.comments);
        self.followers = self.followers.max(other.followers);
        self
    }
}

/// reads, likes, shares and comments summed over the period (an unknown count adds nothing),
/// and the latest known follower level on or before as_of (an account has one row a day, so the
/// latest is unique): one pass over the table's columns, a part per core, each summed into its
/// own table of accounts and the tables then added.
fn add_engagement(metrics: &mut [AccountMetrics], e: &Engagement, window: Window) {
    use rayon::prelude::*;
    let (accounts, rows) = (metrics.len(), e.account.len());
    let parts = rayon::current_num_threads().max(1);
    let sum_part = |part: usize| {
        let mut sums = vec![EngagementSums::default(); accounts];
        for i in rows * part / parts..rows * (part + 1) / parts {
            let (day, s) = (e.date[i], &mut sums[e.account[i] as usize]);
            if in_period(day, window) {
                s.reads = s.reads.saturating_add(e.reads.value(i));
                s.likes = s.likes.saturating_add(e.likes.value(i));
                s.shares = s.shares.saturating_add(e.shares.value(i));
                s.comments = s.comments.saturating_add(e.comments.value(i));
            }
            if day <= window.as_of
                && let Some(level) = e.followers.get(i)
            {
                s.followers = s.followers.max(Some((day, level)));
            }
        }
        sums
    };
    let merge = |mut a: Vec<EngagementSums>, b: Vec<EngagementSums>| {
        a.iter_mut().zip(b).for_each(|(a, b)| *a = a.merge(b));
        a
    };
    let sums = (0..parts)
        .into_par_iter()
        .map(sum_part)
        .reduce_with(merge)
        .unwrap_or_default();
    for (m, s) in metrics.iter_mut().zip(sums) {
        (m.reads, m.likes, m.shares, m.comments) = (s.reads, s.likes, s.shares, s.comments);
        if let Some((_, level)) = s.followers {
            m.followers = Some(level);
        }
    }
}

fn in_period(day: NaiveDate, window: Window) -> bool {
    window.start <= day && day <= window.as_of
}

/// Messages received in the period; a reply counts only if made on or before as_of.
fn add_messages(metrics: &mut [AccountMetrics], dataset: &Dataset, window: Window) {
    let Some(messages) = &dataset.messages else {
        return;
    };
    for (i, message) in messages.iter().enumerate() {
        if !in_period(message.received_at.date(), window) {
            continue;
        }
        let reply_seconds = message
            .replied_at
            .filter(|r| r.date() <= window.as_of)
            .map(|r: NaiveDateTime| (r - message.received_at).num_seconds());
        if let Some(list) = metrics[message.account as usize].messages.as_mut() {
            list.push(MessageFact {
                message: i as u32,
                received_on: message.received_at.date(),
                reply_seconds,
            });
        }
    }
}

/// Counted violations: found in the period, or found before it and not resolved by as_of.
fn add_violations(metrics: &mut [AccountMetrics], dataset: &Dataset, window: Window) {
    let Some(violations) = &dataset.violations else {
        return;
    };
    for (i, v) in violations.iter().enumerate() {
        let resolved_on = v.resolved_on.filter(|r| *r <= window.as_of);
        let counted =
            in_period(v.found_on, window) || (v.found_on < window.start && resolved_on.is_none());
        if !counted {
            continue;
        }
        if let Some(list) = metrics[v.account as usize].violations.as_mut() {
            list.push(ViolationFact {
                violation: i as u32,
                category: v.category,
                found_on: v.found_on,
                resolved_on,
            });
        }
    }
}

/// Which filings each account has on record by as_of.
fn add_filings(metrics: &mut [AccountMetrics], dataset: &Dataset, window: Window) {
    let Some(filings) = &dataset.filings else {
        return;
    };
    for f in filings.iter().filter(|f| f.filed_on <= window.as_of) {
        if let Some(facts) = metrics[f.account as usize].filings.as_mut() {
            match f.event {
                FilingEvent::Open => facts.open = true,
                FilingEvent::Close => {
                    facts.close = true;
                    facts.suspend_or_close = true;
                }
                FilingEvent::Suspend => facts.suspend_or_close = true,
                FilingEvent::Change => {}
            }
        }
    }
}
