//! The metrics stage (SPEC §3): one scan of the records turned into [`AccountMetrics`]. Posts
//! and engagement (tens of millions of rows) are each read in one pass over their columns, every
//! row added to its account; messages, violations and filings are small and read directly.
//! Nothing here depends on the rubric.

use chrono::{NaiveDate, NaiveDateTime};

use crate::model::{
    AccountMetrics, AccountStatus, Dataset, DaySet, Engagement, FilingEvent, FilingFacts,
    MessageFact, Posts, Unreviewed, ViolationFact,
};

/// The period being assessed: `[start, as_of]`, dates inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day of the period.
    pub start: NaiveDate,
    /// The monitoring date.
    pub as_of: NaiveDate,
}

/// Computes the metrics of every account (assessed or not), in account order. `engagement` is
/// taken out of the dataset by the caller (nothing after the metrics reads it) and dropped once
/// summed: at national scale its 23 million rows are the largest table.
pub fn compute(
    dataset: &Dataset,
    engagement: Option<Engagement>,
    window: Window,
) -> Vec<AccountMetrics> {
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

    // Engagement first, and its table dropped and given back before the posts are read.
    if let Some(engagement) = engagement {
        add_engagement(&mut metrics, &engagement, window);
        drop(engagement);
        crate::memory::give_back();
    }
    add_posts(&mut metrics, &dataset.posts, window);
    for m in &mut metrics {
        if m.followers.is_none() {
            m.followers = dataset.accounts[m.account as usize].followers;
        }
    }
    add_messages(&mut metrics, dataset, window);
    add_violations(&mut metrics, dataset, window);
    add_filings(&mut metrics, dataset, window);
    metrics
}

/// last_post_at (the latest publishing time on or before as_of, of any date), and what the
/// posts in each assessed account's window count: posts, original posts, posting days, posts per
/// day and unreviewed posts. One pass over the posts' columns in file order, each post added to
/// its account: no frame, join or sort (at national scale the polars plans that did this made
/// 0.7 GB of copies and took three times as long).
fn add_posts(metrics: &mut [AccountMetrics], posts: &Posts, window: Window) {
    let rows = posts.account.iter().zip(&posts.published_at);
    for (row, (&account, &at)) in rows.enumerate() {
        let day = at.date();
        if day > window.as_of {
            continue;
        }
        let m = &mut metrics[account as usize];
        m.last_post_at = m.last_post_at.max(Some(at));
        if m.assessed && day >= m.window_start {
            let original = posts.original.get(row).copied().flatten();
            let reviewed = posts.reviewed.get(row).copied().flatten();
            let offset = (day - m.window_start).num_days();
            add_window_post(m, offset, window.as_of, (original, reviewed), row);
        }
    }
}

/// One post of `m`'s window (which ends on `as_of`), `offset` days after its first day, read at
/// row `row`: rows come in file order, so the unreviewed ones are listed in file order.
fn add_window_post(
    m: &mut AccountMetrics,
    offset: i64,
    as_of: NaiveDate,
    (original, reviewed): (Option<bool>, Option<bool>),
    row: usize,
) {
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
        list.push(Unreviewed {
            row: row as u32,
            day: day as u32,
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Account, AccountColumns, Platform, Posts};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 7, d).unwrap_or_default()
    }

    fn at(d: u32, hour: u32) -> NaiveDateTime {
        day(d).and_hms_opt(hour, 0, 0).unwrap_or_default()
    }

    fn account(status: AccountStatus, opened_on: Option<NaiveDate>) -> Account {
        Account {
            account_id: String::new(),
            unit_id: String::new(),
            platform: Platform::Weibo,
            account_name: String::new(),
            status,
            opened_on,
            closed_on: None,
            verified: None,
            verified_name: None,
            interaction_enabled: true,
            function: None,
            followers: None,
        }
    }

    const WINDOW: Window = Window {
        start: NaiveDate::from_ymd_opt(2026, 7, 1).expect("a date"),
        as_of: NaiveDate::from_ymd_opt(2026, 7, 10).expect("a date"),
    };

    fn dataset(accounts: Vec<Account>, posts: Posts) -> Dataset {
        Dataset {
            units: Vec::new(),
            accounts,
            posts,
            engagement: None,
            messages: None,
            violations: None,
            filings: None,
            appeals: None,
            scan_review: None,
            account_columns: AccountColumns::default(),
            ..Dataset::default()
        }
    }

    /// Posts of three accounts in a window of 1–10 July: the first assessed from the 1st, the
    /// second opened on the 5th, the third not running (not assessed).
    #[test]
    fn posts_count_in_their_accounts_window_and_the_latest_before_as_of() {
        let mut posts = Posts {
            has_original: true,
            has_reviewed: true,
            ..Posts::default()
        };
        let rows = [
            (0, at(3, 9), Some(true), Some(false)),
            (1, at(2, 9), Some(true), Some(true)), // before its account opened
            (0, at(3, 20), None, Some(true)),
            (1, at(5, 8), Some(false), Some(false)),
            (0, at(12, 9), Some(true), Some(false)), // after as_of
            (2, at(4, 9), Some(true), Some(false)),  // account not assessed
            (0, at(10, 23), Some(true), Some(false)),
        ];
        for (account, time, original, reviewed) in rows {
            posts.post_id.push("P");
            posts.account.push(account);
            posts.published_at.push(time);
            posts.original.push(original);
            posts.reviewed.push(reviewed);
        }
        let accounts = vec![
            account(AccountStatus::Active, None),
            account(AccountStatus::Active, Some(day(5))),
            account(AccountStatus::Closed, None),
        ];
        let m = compute(&dataset(accounts, posts), None, WINDOW);

        assert_eq!(m[0].posts, 3);
        assert_eq!(m[0].original_posts, Some(2));
        assert_eq!(m[0].posts_by_day, [0, 0, 2, 0, 0, 0, 0, 0, 0, 1]);
        assert!(m[0].post_days.any_in(2, 3) && !m[0].post_days.any_in(3, 9));
        let rows = |m: &AccountMetrics| -> Option<Vec<(u32, u32)>> {
            (m.unreviewed_posts.as_ref()).map(|l| l.iter().map(|u| (u.row, u.day)).collect())
        };
        assert_eq!(rows(&m[0]), Some(vec![(0, 2), (6, 9)]));
        assert_eq!(m[0].last_post_at, Some(at(10, 23)));

        assert_eq!(m[1].window_start, day(5));
        assert_eq!(m[1].posts, 1);
        assert_eq!(m[1].original_posts, Some(0));
        assert_eq!(m[1].posts_by_day, [1, 0, 0, 0, 0, 0]);
        assert_eq!(rows(&m[1]), Some(vec![(3, 0)]));
        // The latest post of any date on or before as_of, whatever the window.
        assert_eq!(m[1].last_post_at, Some(at(5, 8)));

        assert!(!m[2].assessed);
        assert_eq!((m[2].posts, m[2].last_post_at), (0, Some(at(4, 9))));
    }

    /// Regression: a Parquet time with a fraction of a second (taken as it is) became the latest
    /// post's time cut to the second, and `warn` then found no post at that time to name.
    #[test]
    fn the_latest_post_time_is_the_time_read_with_its_fraction() {
        let latest = at(3, 9) + chrono::Duration::milliseconds(250);
        let mut posts = Posts::default();
        for time in [at(2, 9), latest] {
            posts.post_id.push("P");
            posts.account.push(0);
            posts.published_at.push(time);
            posts.original.push(None);
            posts.reviewed.push(None);
        }
        let accounts = vec![account(AccountStatus::Active, None)];
        let m = compute(&dataset(accounts, posts), None, WINDOW);
        assert_eq!(m[0].last_post_at, Some(latest));
    }
}
