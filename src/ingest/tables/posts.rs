//! posts.csv: one row per post, read in parallel waves; duplicate ids found by sorting.

use crate::error::InputError;
use crate::ingest::first_seen;
use crate::ingest::problems::required;
use crate::ingest::reader::Reader;
use crate::ingest::row::Value;
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::ingest::tables::tasks::{PostTasks, TaskKeys};
use crate::model::{Posts, TaskPosts};
use crate::scan::{Found, Scanner};
use crate::vocab::ScanField;
use chrono::NaiveDateTime;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use std::hash::BuildHasher;

/// The posts read, what the content scan found in them (by row) and the rows tied to tasks.
pub(in crate::ingest) type ReadPosts = (Posts, Vec<(u32, Found)>, TaskPosts);

/// Post ids read before their buffer is sized for the rest of the file, by their mean length.
pub(in crate::ingest) const ID_SAMPLE: usize = 10_000;

pub(in crate::ingest) fn read_posts(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
    scanner: Option<&Scanner>,
    tasks: Option<&TaskKeys>,
) -> Result<ReadPosts, InputError> {
    use crate::ingest::schema::post as c;
    const F: InputFile = InputFile::Posts;
    let (id, account, published, original, reviewed) = (
        col!(F, c::POST_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::PUBLISHED_AT),
        col!(F, c::ORIGINAL),
        col!(F, c::REVIEWED),
    );
    // The scanned fields the file has (SPEC §16.8: a column posts.csv lacks is not scanned).
    let scanned: Vec<(ScanField, usize)> = [
        (ScanField::Title, col!(F, c::TITLE)),
        (ScanField::Text, col!(F, c::TEXT)),
        (ScanField::Url, col!(F, c::URL)),
    ]
    .into_iter()
    .filter(|(_, at)| opened.info.has_column[*at])
    .collect();
    let scanner = scanner.filter(|s| s.any() && !scanned.is_empty());
    let (task_id, title, url) = (col!(F, c::TASK_ID), col!(F, c::TITLE), col!(F, c::URL));
    let mut posts = Posts {
        has_original: opened.info.has_column[original],
        has_reviewed: opened.info.has_column[reviewed],
        ..Posts::default()
    };
    let rows = opened.row_estimate();
    posts.reserve(rows);
    struct PostRow {
        post_id: String,
        account: u32,
        published_at: NaiveDateTime,
        original: Option<bool>,
        reviewed: Option<bool>,
        found: Vec<Found>,
        tasks: PostTasks,
    }
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let account = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let mut row = PostRow {
            post_id: required(v[id].take_text(), c::POST_ID)?,
            account,
            published_at: required(v[published].datetime(), c::PUBLISHED_AT)?,
            original: v[original].bool(),
            reviewed: v[reviewed].bool(),
            found: Vec::new(),
            tasks: tasks.map_or(PostTasks::None, |k| {
                k.of(v[task_id].text(), v[url].text(), v[title].text())
            }),
        };
        // The accepted row's cells are scanned here, on all cores, and dropped (SPEC §16.12).
        if let Some(scanner) = scanner {
            for &(field, at) in &scanned {
                if let Some(text) = v[at].text() {
                    scanner.scan(field, text, &mut row.found);
                }
            }
        }
        Ok(row)
    };
    let mut found: Vec<(u32, Found)> = Vec::new();
    let mut task_posts = TaskPosts::default();
    // Every row is taken in; repeated post ids are found and taken out afterwards.
    let mut read_at = first_seen::ReadAt::with_capacity(rows);
    reader.rows(opened, parse, |at, row| {
        if read_at.rows() == ID_SAMPLE {
            posts
                .post_id
                .reserve_like_so_far(rows.saturating_sub(ID_SAMPLE));
        }
        read_at.push(at);
        let index = posts.account.len() as u32;
        found.extend(row.found.into_iter().map(|f| (index, f)));
        row.tasks.record(index, &mut task_posts);
        posts.post_id.push(&row.post_id);
        posts.account.push(row.account);
        posts.published_at.push(row.published_at);
        posts.original.push(row.original);
        posts.reviewed.push(row.reviewed);
        Ok(())
    })?;
    Ok(without_repeats(
        reader,
        opened,
        &read_at,
        (posts, found, task_posts),
    ))
}

/// The posts without the rows whose post_id an earlier row has (rejected), the rows of what
/// was found in them renumbered.
fn without_repeats(
    reader: &mut Reader,
    opened: &OpenedFile,
    read_at: &first_seen::ReadAt,
    (mut posts, found, task_posts): ReadPosts,
) -> ReadPosts {
    use crate::ingest::schema::post as c;
    let keys = &posts.post_id;
    let repeated = first_seen::repeated_rows(
        keys.len(),
        |row| FxBuildHasher.hash_one(keys.at(row)),
        |a, b| keys.at(a) == keys.at(b),
    );
    let id = col!(InputFile::Posts, c::POST_ID);
    let dropped = reader.reject_repeated(
        &repeated,
        read_at,
        |at| (c::POST_ID.to_string(), opened.raw_cell(at, id)),
        opened,
    );
    let Some(dropped) = dropped else {
        return (posts, found, task_posts);
    };
    posts.retain(&dropped);
    let renumber = Renumber::new(&dropped);
    let task_posts = TaskPosts {
        hits: renumber.kept(task_posts.hits, |hit| &mut hit.post),
        unknown: renumber.kept(task_posts.unknown, |row| row),
    };
    (posts, renumber.kept(found, |(row, _)| row), task_posts)
}

/// Post rows renumbered as they are once the dropped ones are gone.
struct Renumber<'a> {
    dropped: &'a [bool],
    before: Vec<u32>,
}

impl Renumber<'_> {
    fn new(dropped: &[bool]) -> Renumber<'_> {
        let mut before = Vec::with_capacity(dropped.len());
        let mut gone = 0u32;
        for d in dropped {
            before.push(gone);
            gone += u32::from(*d);
        }
        Renumber { dropped, before }
    }

    /// The items of the rows kept, their row (`row` of each) renumbered.
    fn kept<T>(&self, items: Vec<T>, row: impl Fn(&mut T) -> &mut u32) -> Vec<T> {
        (items.into_iter())
            .filter_map(|mut item| {
                let at = row(&mut item);
                let r = *at as usize;
                if self.dropped[r] {
                    return None;
                }
                *at -= self.before[r];
                Some(item)
            })
            .collect()
    }
}
