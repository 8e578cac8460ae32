//! The polars frames built from the accepted records, and the names of their columns (the only
//! place that names them).

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use crate::model::{AccountMetrics, Dataset};

/// Column names of the metric frames. Every result column has its own name: two plans collected
/// together that both aliased a column `posts` lost one of them (seen with polars 0.55).
pub mod col_name {
    pub const ACCOUNT: &str = "account";
    pub const DAY: &str = "day";
    pub const SECONDS: &str = "seconds";
    pub const ORIGINAL: &str = "original";
    pub const REVIEWED: &str = "reviewed";
    pub const ROW: &str = "row";
    pub const WINDOW_START: &str = "window_start";
    pub const OFFSET: &str = "offset";
}
use col_name as c;

/// A date as a day number (days since 0001-01-01), the integer the frames compare.
pub fn days_from_ce(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

fn column<T, Phantom: ?Sized>(name: &str, values: T) -> Column
where
    Series: NamedFrom<T, Phantom>,
{
    Column::new(name.into(), values)
}

/// The posts' days (day numbers).
fn post_days(dataset: &Dataset) -> Vec<i32> {
    let published = &dataset.posts.published_at;
    published.iter().map(|t| days_from_ce(t.date())).collect()
}

/// One row per accepted post: account, day, publishing time (seconds); for the latest post.
pub fn post_times(dataset: &Dataset) -> PolarsResult<DataFrame> {
    let p = &dataset.posts;
    let seconds: Vec<i64> = (p.published_at.iter())
        .map(|t| t.and_utc().timestamp())
        .collect();
    DataFrame::new(
        p.account.len(),
        vec![
            column(c::ACCOUNT, p.account.clone()),
            column(c::DAY, post_days(dataset)),
            column(c::SECONDS, seconds),
        ],
    )
}

/// One row per accepted post: account, day, original, reviewed, row; for what the window's posts
/// count. Made once the frame of times is dropped: at national scale each is 0.2–0.3 GB.
pub fn posts(dataset: &Dataset) -> PolarsResult<DataFrame> {
    let p = &dataset.posts;
    let rows: Vec<u32> = (0..p.account.len() as u32).collect();
    DataFrame::new(
        p.account.len(),
        vec![
            column(c::ACCOUNT, p.account.clone()),
            column(c::DAY, post_days(dataset)),
            column(c::ORIGINAL, p.original.clone()),
            column(c::REVIEWED, p.reviewed.clone()),
            column(c::ROW, rows),
        ],
    )
}

/// Each account's window's first day (day number), by account index; `i32::MAX` (after every
/// day) for an account not assessed.
pub fn window_starts(metrics: &[AccountMetrics]) -> Series {
    let starts: Vec<i32> = (metrics.iter())
        .map(|m| match m.assessed {
            true => days_from_ce(m.window_start),
            false => i32::MAX,
        })
        .collect();
    Series::new(c::WINDOW_START.into(), starts)
}
