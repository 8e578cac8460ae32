//! engagement.csv: one row per account and day; duplicate keys found by sorting.

use crate::error::InputError;
use crate::ingest::first_seen;
use crate::ingest::problems::required;
use crate::ingest::reader::Reader;
use crate::ingest::row::Value;
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::model::Engagement;
use chrono::Datelike;
use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

pub(in crate::ingest) fn read_engagement(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Engagement, InputError> {
    use crate::ingest::schema::engagement as c;
    const F: InputFile = InputFile::Engagement;
    let (account, date, followers, reads, likes, shares, comments) = (
        col!(F, c::ACCOUNT_ID),
        col!(F, c::DATE),
        col!(F, c::FOLLOWERS),
        col!(F, c::READS),
        col!(F, c::LIKES),
        col!(F, c::SHARES),
        col!(F, c::COMMENTS),
    );
    let mut table = Engagement::default();
    let rows = opened.row_estimate();
    table.reserve(rows);
    // Parsed rows wait in memory while the wave before is accepted: counts as values and a
    // bit each for whether they are known (56 bytes a row instead of 88).
    struct EngagementRow {
        account: u32,
        day: NaiveDate,
        counts: [u64; 5],
        known: u8,
    }
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let counts = [followers, reads, likes, shares, comments].map(|k| v[k].count());
        Ok(EngagementRow {
            account: account_index,
            day: required(v[date].date(), c::DATE)?,
            counts: counts.map(|c| c.unwrap_or(0)),
            known: (counts.iter().enumerate())
                .fold(0, |bits, (k, c)| bits | (u8::from(c.is_some()) << k)),
        })
    };
    // Every row is taken in; repeated (account, day) pairs are found and taken out afterwards.
    let mut read_at = first_seen::ReadAt::with_capacity(rows);
    reader.rows(opened, parse, |at, row| {
        read_at.push(at);
        table.account.push(row.account);
        table.date.push(row.day);
        for (k, (column, count)) in table.counts_mut().into_iter().zip(row.counts).enumerate() {
            column.push((row.known & (1 << k) != 0).then_some(count));
        }
        Ok(())
    })?;
    // The key (account, day) packed as tightly as the table allows, in the high bits.
    let (first_day, last_day) = (table.date.par_iter())
        .map(|d| d.num_days_from_ce())
        .fold(
            || (i32::MAX, i32::MIN),
            |(lo, hi), d| (lo.min(d), hi.max(d)),
        )
        .reduce(|| (i32::MAX, i32::MIN), |a, b| (a.0.min(b.0), a.1.max(b.1)));
    let bits = |n: u64| u64::BITS - n.leading_zeros();
    let day_bits = bits(last_day.abs_diff(first_day).into());
    let key_bits = bits(accounts.len() as u64) + day_bits;
    let key = |row: usize| {
        let day = u64::from(table.date[row].num_days_from_ce().abs_diff(first_day));
        let exact = (u64::from(table.account[row]) << day_bits) | day;
        exact
            .checked_shl(64u32.saturating_sub(key_bits))
            .unwrap_or(exact)
    };
    let same =
        |a: usize, b: usize| table.account[a] == table.account[b] && table.date[a] == table.date[b];
    let repeated = first_seen::repeated_rows(table.account.len(), key, same);
    let dropped = reader.reject_repeated(
        &repeated,
        &read_at,
        |at| {
            let raw = format!(
                "{};{}",
                opened.raw_cell(at, account),
                opened.raw_cell(at, date)
            );
            (format!("{};{}", c::ACCOUNT_ID, c::DATE), raw)
        },
        opened,
    );
    if let Some(dropped) = dropped {
        table.retain(&dropped);
    }
    Ok(table)
}
