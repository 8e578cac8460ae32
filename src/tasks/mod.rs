//! Repost tasks (SPEC §17.1): which accounts each task binds, which post completes it for each,
//! and what became of every (task, account) pair — done, late or missed. Read once from the
//! posts ingest tied to the tasks (a few rows), before the posts' columns are let go.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::metrics::Window;
use crate::model::{Dataset, Platform, Task};
use crate::vocab::{MatchedBy, TaskStatus};

#[cfg(test)]
mod tests;

/// One (counted task, bound account) pair: a row of tasks_result.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    /// Index into [`Dataset::tasks`].
    pub task: u32,
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// Done, late or missed.
    pub status: TaskStatus,
    /// The first completing post's row (ids stay in the posts after the metrics).
    pub post: Option<u32>,
    /// Its date.
    pub published_on: Option<NaiveDate>,
    /// The key that tied it.
    pub by: Option<MatchedBy>,
}

/// What the tasks came to in the period.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TaskRun {
    /// The counted tasks (start ≤ due_on ≤ as_of), by task_id.
    pub counted: Vec<u32>,
    /// Every pair, by task_id, then account_id.
    pub pairs: Vec<Pair>,
    /// Tasks due after as_of (only `warn` looks at them).
    pub pending: u64,
    /// Tasks due before the period.
    pub earlier: u64,
    /// Posts whose task_id names no accepted task.
    pub unknown_task_posts: u64,
    /// Posts that would complete a counted task for an account it does not bind (per post and
    /// task).
    pub unbound_reposts: u64,
}

/// A completing post: its date-time, post_id and row, and the key that tied it.
type Completion<'a> = (chrono::NaiveDateTime, &'a str, u32, MatchedBy);

/// Which accounts the tasks bind and the units they target, looked up once.
pub(crate) struct Binding<'a> {
    dataset: &'a Dataset,
    /// Each unit's accounts, in account order.
    accounts_of: Vec<Vec<u32>>,
    platforms: &'a [Platform],
    as_of: NaiveDate,
}

impl<'a> Binding<'a> {
    /// The binding of `dataset`'s tasks, `platforms` being the rubric's `tasks.platforms`.
    pub(crate) fn new(dataset: &'a Dataset, platforms: &'a [Platform], as_of: NaiveDate) -> Self {
        let units: HashMap<&str, u32> = (dataset.units.iter().enumerate())
            .map(|(i, u)| (u.unit_id.as_str(), i as u32))
            .collect();
        let unit_of: Vec<u32> = (dataset.accounts.iter())
            .map(|a| units.get(a.unit_id.as_str()).copied().unwrap_or(u32::MAX))
            .collect();
        let mut accounts_of = vec![Vec::new(); dataset.units.len()];
        for (a, u) in unit_of.iter().enumerate() {
            if let Some(list) = accounts_of.get_mut(*u as usize) {
                list.push(a as u32);
            }
        }
        Binding {
            dataset,
            accounts_of,
            platforms,
            as_of,
        }
    }

    /// The units a task targets, in registry order: not excluded, and named, or of a named type,
    /// or every unit when both cells are empty. Units named and no type: only they are looked at
    /// (a task naming a few of 58,000 units); the lists are sets, whatever their length.
    fn targeted(&self, task: &Task) -> Vec<u32> {
        let excluded: HashSet<u32> = task.exclude_units.iter().copied().collect();
        let named: HashSet<u32> = task.units.iter().copied().collect();
        let every = task.units.is_empty() && task.unit_types.is_empty();
        let targets = |u: &u32| {
            !excluded.contains(u)
                && (every
                    || named.contains(u)
                    || (self.dataset.units.get(*u as usize))
                        .is_some_and(|unit| task.unit_types.contains(&unit.unit_type)))
        };
        if task.unit_types.is_empty() && !every {
            let mut units: Vec<u32> = named.iter().copied().filter(targets).collect();
            units.sort_unstable();
            units
        } else {
            (0..self.dataset.units.len() as u32)
                .filter(targets)
                .collect()
        }
    }

    /// Whether account `a` is one a task may bind, its unit aside (SPEC §17.1: assessed, its
    /// platform listed, opened on or before issued_on).
    fn fits(&self, task: &Task, a: u32) -> bool {
        let account = &self.dataset.accounts[a as usize];
        let platforms = if task.platforms.is_empty() {
            self.platforms
        } else {
            &task.platforms
        };
        account.assessed_at(self.as_of)
            && platforms.contains(&account.platform)
            && account.opened_on.is_none_or(|o| o <= task.issued_on)
    }

    /// The accounts a task binds, in account order.
    pub(crate) fn bound(&self, task: &Task) -> Vec<u32> {
        let mut bound: Vec<u32> = (self.targeted(task).iter())
            .flat_map(|u| self.accounts_of[*u as usize].iter().copied())
            .filter(|a| self.fits(task, *a))
            .collect();
        bound.sort_unstable();
        bound
    }
}

/// The first post of each (task, account) that completes the task: dated in [issued_on, as_of];
/// earliest published_at, then smallest post_id.
pub(crate) fn completions(
    dataset: &Dataset,
    as_of: NaiveDate,
) -> HashMap<(u32, u32), Completion<'_>> {
    let tasks = dataset.tasks.as_deref().unwrap_or(&[]);
    let posts = &dataset.posts;
    let mut first: HashMap<(u32, u32), Completion<'_>> = HashMap::default();
    for hit in &dataset.task_posts.hits {
        let (Some(task), Some(at)) = (
            tasks.get(hit.task as usize),
            posts.published_at.get(hit.post as usize),
        ) else {
            continue;
        };
        let day = at.date();
        if day < task.issued_on || day > as_of {
            continue;
        }
        let account = posts.account[hit.post as usize];
        let candidate = (*at, posts.post_id.at(hit.post as usize), hit.post, hit.by);
        first
            .entry((hit.task, account))
            .and_modify(|c| {
                if (candidate.0, candidate.1) < (c.0, c.1) {
                    *c = candidate;
                }
            })
            .or_insert(candidate);
    }
    first
}

/// What the tasks came to in `window` (SPEC §17.1); `None` without tasks.csv. Reads the posts'
/// times and accounts: run before the metrics let them go.
pub(crate) fn assess(dataset: &Dataset, window: Window, platforms: &[Platform]) -> Option<TaskRun> {
    let tasks = dataset.tasks.as_deref()?;
    let mut run = TaskRun::default();
    let mut counted: Vec<u32> = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        if task.due_on > window.as_of {
            run.pending += 1;
        } else if task.due_on < window.start {
            run.earlier += 1;
        } else {
            counted.push(i as u32);
        }
    }
    counted.sort_by(|a, b| tasks[*a as usize].task_id.cmp(&tasks[*b as usize].task_id));
    let binding = Binding::new(dataset, platforms, window.as_of);
    let first = completions(dataset, window.as_of);
    let id = |x: &u32| dataset.accounts[*x as usize].account_id.as_str();
    let mut bound_pairs: HashSet<(u32, u32)> = HashSet::default();
    for &t in &counted {
        let task = &tasks[t as usize];
        let mut bound = binding.bound(task);
        bound.sort_by(|a, b| id(a).cmp(id(b)));
        for a in bound {
            bound_pairs.insert((t, a));
            run.pairs.push(pair(task, t, a, first.get(&(t, a))));
        }
    }
    let is_counted: HashSet<u32> = counted.iter().copied().collect();
    run.unbound_reposts = (dataset.task_posts.hits.iter())
        .filter(|h| is_counted.contains(&h.task))
        .filter(|h| {
            let task = &tasks[h.task as usize];
            let day = dataset.posts.published_at[h.post as usize].date();
            let account = dataset.posts.account[h.post as usize];
            day >= task.issued_on
                && day <= window.as_of
                && !bound_pairs.contains(&(h.task, account))
        })
        .count() as u64;
    run.unknown_task_posts = dataset.task_posts.unknown.len() as u64;
    run.counted = counted;
    Some(run)
}

/// A pair's status from its first completing post.
fn pair(task: &Task, t: u32, account: u32, first: Option<&Completion<'_>>) -> Pair {
    match first {
        Some((at, _, post, by)) => Pair {
            task: t,
            account,
            status: if at.date() <= task.due_on {
                TaskStatus::Done
            } else {
                TaskStatus::Late
            },
            post: Some(*post),
            published_on: Some(at.date()),
            by: Some(*by),
        },
        None => Pair {
            task: t,
            account,
            status: TaskStatus::Missed,
            post: None,
            published_on: None,
            by: None,
        },
    }
}

/// One account's counts over its pairs: (due, done, late, missed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pairs.
    pub due: u64,
    /// On time.
    pub done: u64,
    /// Late.
    pub late: u64,
    /// Missed.
    pub missed: u64,
}

impl Counts {
    /// Adds one pair's status.
    pub fn add(&mut self, status: TaskStatus) {
        self.due += 1;
        match status {
            TaskStatus::Done => self.done += 1,
            TaskStatus::Late => self.late += 1,
            TaskStatus::Missed => self.missed += 1,
        }
    }

    /// Adds another's counts.
    pub fn merge(&mut self, other: Counts) {
        self.due += other.due;
        self.done += other.done;
        self.late += other.late;
        self.missed += other.missed;
    }

    /// done / due; `None` for no pair.
    pub fn rate(&self) -> Option<f64> {
        (self.due > 0).then(|| self.done as f64 / self.due as f64)
    }
}

/// One account's pairs, as U3 reads them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccountTasks {
    /// Its counts.
    pub counts: Counts,
    /// The tasks it missed or reposted late, by task_id (U3's evidence).
    pub unfinished: Vec<u32>,
}

impl TaskRun {
    /// Each account's pairs, by account index.
    pub(crate) fn per_account(&self, accounts: usize) -> Vec<AccountTasks> {
        let mut per = vec![AccountTasks::default(); accounts];
        for p in &self.pairs {
            let account = &mut per[p.account as usize];
            account.counts.add(p.status);
            if p.status != TaskStatus::Done {
                account.unfinished.push(p.task);
            }
        }
        per
    }

    /// The pairs' counts together.
    pub(crate) fn total(&self) -> Counts {
        let mut total = Counts::default();
        for p in &self.pairs {
            total.add(p.status);
        }
        total
    }
}
