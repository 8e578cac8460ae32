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

/// One row per accepted post: account, day, publishing time (seconds), original, reviewed, row.
pub fn posts(dataset: &Dataset) -> PolarsResult<DataFrame> {
    let p = &dataset.posts;
    let days: Vec<i32> = p
        .published_at
        .iter()
        .map(|t| days_from_ce(t.date()))
        .collect();
    let seconds: Vec<i64> = p
        .published_at
        .iter()
        .map(|t| t.and_utc().timestamp())
        .collect();
    let rows: Vec<u32> = (0..p.account.len() as u32).collect();
    DataFrame::new(
        p.account.len(),
        vec![
            column(c::ACCOUNT, p.account.clone()),
            column(c::DAY, days),
            column(c::SECONDS, seconds),
            column(c::ORIGINAL, p.original.clone()),
            column(c::REVIEWED, p.reviewed.clone()),
            column(c::ROW, rows),
        ],
    )
}

/// One row per assessed account: its window's first day.
pub fn windows(metrics: &[AccountMetrics]) -> PolarsResult<DataFrame> {
    let assessed: Vec<&AccountMetrics> = metrics.iter().filter(|m| m.assessed).collect();
    DataFrame::new(
        assessed.len(),
        vec![
            column(
                c::ACCOUNT,
                assessed.iter().map(|m| m.account).collect::<Vec<u32>>(),
            ),
            column(
                c::WINDOW_START,
                assessed
                    .iter()
                    .map(|m| days_from_ce(m.window_start))
                    .collect::<Vec<i32>>(),
            ),
        ],
    )
}
