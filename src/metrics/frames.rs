//! The polars frames built from the accepted records, and the names of their columns (the only
//! place that names them).

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;
use polars_arrow::bitmap::Bitmap;
use rayon::prelude::*;

use crate::model::{AccountMetrics, Counts, Dataset, Engagement};

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
    pub const FOLLOWERS: &str = "followers";
    pub const READS: &str = "reads";
    pub const LIKES: &str = "likes";
    pub const SHARES: &str = "shares";
    pub const COMMENTS: &str = "comments";
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

/// One row per accepted engagement row; the table's columns are moved in, not copied.
pub fn engagement(e: Engagement) -> PolarsResult<DataFrame> {
    let rows = e.account.len();
    let days: Vec<i32> = e.date.iter().map(|d| days_from_ce(*d)).collect();
    drop(e.date);
    let counts = vec![
        (c::FOLLOWERS, e.followers),
        (c::READS, e.reads),
        (c::LIKES, e.likes),
        (c::SHARES, e.shares),
        (c::COMMENTS, e.comments),
    ];
    let mut columns = vec![column(c::ACCOUNT, e.account), column(c::DAY, days)];
    columns.extend(
        counts
            .into_par_iter()
            .map(|(name, values)| counts_column(name, values))
            .collect::<Vec<_>>(),
    );
    DataFrame::new(rows, columns)
}

/// A count column built from values and a validity mask (much faster than option by option).
fn counts_column(name: &str, counts: Counts) -> Column {
    let validity = counts.known().map(|known| known.collect::<Bitmap>());
    UInt64Chunked::from_vec_validity(name.into(), counts.into_values(), validity).into_column()
}
