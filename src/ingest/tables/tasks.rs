//! tasks.csv (SPEC §17.1): the repost tasks the office issued, with the checks in their order —
//! the values, lists of unit types and platforms included (step 2), due_on not before issued_on
//! (3), every unit named in units, then in exclude_units (4), a duplicate task_id (5); and the
//! keys that tie a post to a task while posts.csv is read.

use crate::error::InputError;
use crate::ingest::index_of;
use crate::ingest::problems::{date_order, problem, required};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::{RejectKind, RowProblem, Value};
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::model::{Platform, Task, TaskHit, Unit, UnitType};
use crate::values::{title_key, title_key_into, url_key};
use crate::vocab::MatchedBy;
use rustc_hash::FxHashMap as HashMap;

/// Reads tasks.csv against the accepted units.
pub(in crate::ingest) fn read_tasks(
    reader: &mut Reader,
    opened: &OpenedFile,
    units: &[Unit],
) -> Result<Vec<Task>, InputError> {
    let index: HashMap<&str, u32> = (units.iter().enumerate())
        .map(|(i, u)| (u.unit_id.as_str(), i as u32))
        .collect();
    use crate::ingest::schema::task as c;
    let mut first_lines = FirstLines::new();
    let mut tasks = Vec::new();
    reader.rows(
        opened,
        |v, cells| task(v, cells, &index),
        |at, task| {
            first_lines.first(c::TASK_ID, &task.task_id, at.line, || {
                opened.raw_cell(at.at, index_of(InputFile::Tasks, c::TASK_ID))
            })?;
            tasks.push(task);
            Ok(())
        },
    )?;
    Ok(tasks)
}

/// Steps 2–4 of one row.
fn task(
    v: &mut [Value<'_>],
    cells: &[Cell<'_>],
    units: &HashMap<&str, u32>,
) -> Result<Task, RowProblem> {
    use crate::ingest::schema::task as c;
    let at = |name| index_of(InputFile::Tasks, name);
    let issued_on = required(v[at(c::ISSUED_ON)].date(), c::ISSUED_ON)?;
    let due_on = required(v[at(c::DUE_ON)].date(), c::DUE_ON)?;
    if due_on < issued_on {
        let raw = cells[at(c::DUE_ON)].raw_text();
        return Err(date_order(c::DUE_ON, c::ISSUED_ON, raw));
    }
    let refer = |column: &'static str, values: Vec<String>| -> Result<Vec<u32>, RowProblem> {
        (values.iter())
            .map(|id| {
                units.get(id.as_str()).copied().ok_or_else(|| {
                    let reason = format!("单位 {id} 不存在或已被拒绝");
                    let raw = cells[at(column)].raw_text();
                    problem(column, raw, RejectKind::MissingReference, reason)
                })
            })
            .collect()
    };
    let named = v[at(c::UNITS)].list();
    let excluded = v[at(c::EXCLUDE_UNITS)].list();
    Ok(Task {
        task_id: required(v[at(c::TASK_ID)].take_text(), c::TASK_ID)?,
        issued_on,
        due_on,
        title: v[at(c::TITLE)].take_text(),
        url: v[at(c::URL)].take_text(),
        units: refer(c::UNITS, named)?,
        unit_types: v[at(c::UNIT_TYPES)].codes(UnitType::ALL),
        platforms: v[at(c::PLATFORMS)].codes(Platform::ALL),
        exclude_units: refer(c::EXCLUDE_UNITS, excluded)?,
        source: v[at(c::SOURCE)].take_text(),
    })
}

/// The three keys of the accepted tasks (SPEC §17.1): task_id, url key, title key (only those at
/// least `min_title_chars` long), each to the tasks that have it.
#[derive(Debug, Default)]
pub(crate) struct TaskKeys {
    ids: HashMap<String, u32>,
    urls: HashMap<String, Vec<u32>>,
    titles: HashMap<String, Vec<u32>>,
}

/// What one post's cells say of the tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PostTasks {
    /// Nothing.
    None,
    /// Its task_id names no accepted task (it may still match by url or title).
    Unknown(Vec<(u32, MatchedBy)>),
    /// The tasks it completes, if dated in time, with the key that holds.
    Hits(Vec<(u32, MatchedBy)>),
}

impl PostTasks {
    /// Adds what post row `post` said to the posts tied to tasks.
    pub(crate) fn record(self, post: u32, to: &mut crate::model::TaskPosts) {
        let hits = match self {
            PostTasks::None => return,
            PostTasks::Unknown(hits) => {
                to.unknown.push(post);
                hits
            }
            PostTasks::Hits(hits) => hits,
        };
        to.hits.extend(TaskKeys::hits(post, &hits));
    }
}

impl TaskKeys {
    /// The keys of `tasks`.
    pub(crate) fn new(tasks: &[Task], min_title_chars: u32) -> TaskKeys {
        let mut keys = TaskKeys::default();
        for (i, task) in tasks.iter().enumerate() {
            let i = i as u32;
            keys.ids.insert(task.task_id.clone(), i);
            if let Some(key) = task.url.as_deref().and_then(url_key) {
                keys.urls.entry(key).or_default().push(i);
            }
            let title = task.title.as_deref().and_then(title_key);
            if let Some(key) = title.filter(|k| k.chars().count() >= min_title_chars as usize) {
                keys.titles.entry(key).or_default().push(i);
            }
        }
        keys
    }

    /// What a post with these cells completes: the task its task_id names, else the tasks its
    /// url key, then its title key match (each task once, with the first key that holds).
    pub(crate) fn of(
        &self,
        task_id: Option<&str>,
        url: Option<&str>,
        title: Option<&str>,
    ) -> PostTasks {
        if let Some(task) = task_id.and_then(|id| self.ids.get(id)) {
            return PostTasks::Hits(vec![(*task, MatchedBy::TaskId)]);
        }
        let mut hits: Vec<(u32, MatchedBy)> = Vec::new();
        // A key is computed only when some task has one (a title key normalises the text).
        let by_url = (!self.urls.is_empty())
            .then(|| url.and_then(url_key).and_then(|k| self.urls.get(&k)))
            .flatten();
        hits.extend(by_url.into_iter().flatten().map(|t| (*t, MatchedBy::Url)));
        let by_title = (!self.titles.is_empty())
            .then(|| title.and_then(|t| self.by_title(t)))
            .flatten();
        for t in by_title.into_iter().flatten() {
            if !hits.iter().any(|(h, _)| h == t) {
                hits.push((*t, MatchedBy::Title));
            }
        }
        match task_id {
            Some(_) => PostTasks::Unknown(hits),
            None if hits.is_empty() => PostTasks::None,
            None => PostTasks::Hits(hits),
        }
    }

    /// The tasks whose title key is the title's (its key made in this thread's buffer).
    fn by_title(&self, title: &str) -> Option<&Vec<u32>> {
        thread_local! {
            static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        KEY.with_borrow_mut(|key| {
            title_key_into(title, key)
                .then(|| self.titles.get(key.as_str()))
                .flatten()
        })
    }

    /// The hits of post row `post`.
    pub(crate) fn hits(
        post: u32,
        found: &[(u32, MatchedBy)],
    ) -> impl Iterator<Item = TaskHit> + '_ {
        found.iter().map(move |(task, by)| TaskHit {
            post,
            task: *task,
            by: *by,
        })
    }
}
