//! The typed records that leave the frame layer: the domain's enums (with their English codes and
//! Chinese names from SPEC §2) and the accepted input tables. Every field is documented: this file
//! is the data dictionary.

use chrono::{NaiveDate, NaiveDateTime};

pub(crate) use crate::vocab::{
    AccountStatus, Decision, FilingEvent, Platform, ReviewDecision, UnitType, ViolationCategory,
};

impl UnitType {
    /// The default of `must_open` (SPEC §2): true for the unit types Art. 4 names.
    pub fn must_open_by_default(self) -> bool {
        matches!(
            self,
            UnitType::Department | UnitType::Agency | UnitType::Township | UnitType::Subdistrict
        )
    }
}

/// One accepted row of `units.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Unique key (单位编码).
    pub unit_id: String,
    /// Display name (单位名称); also what M2 looks for in the verification name.
    pub unit_name: String,
    /// Kind of unit; decides the default of `must_open`.
    pub unit_type: UnitType,
    /// The sector authority or parent unit, when given (it exists among the accepted units).
    pub parent_id: Option<String>,
    /// `must_open` as given, else the default of the unit type.
    pub must_open: bool,
    /// Exemption reason (e.g. 涉密单位); `Some` means not required to open.
    pub exempt: Option<String>,
}

/// One accepted row of `accounts.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    /// Unique key (账号ID).
    pub account_id: String,
    /// The host unit (exists among the accepted units).
    pub unit_id: String,
    /// Platform the account is on.
    pub platform: Platform,
    /// Account name as shown on the platform.
    pub account_name: String,
    /// Registry status at export time.
    pub status: AccountStatus,
    /// Opening date, when known.
    pub opened_on: Option<NaiveDate>,
    /// Closing date, when known (never before `opened_on`).
    pub closed_on: Option<NaiveDate>,
    /// Platform verification (认证); `None` = unknown.
    pub verified: Option<bool>,
    /// The entity named in the verification, when given.
    pub verified_name: Option<String>,
    /// `false` = no working message or comment function (X2); defaults to true.
    pub interaction_enabled: bool,
    /// Free-text function description.
    pub function: Option<String>,
    /// Follower count from the registry: the fallback when engagement has none.
    pub followers: Option<u64>,
}

impl Account {
    /// Assessed (SPEC §3): active and opened on or before as_of (or no opening date).
    pub fn assessed_at(&self, as_of: NaiveDate) -> bool {
        self.status == AccountStatus::Active && self.opened_on.is_none_or(|o| o <= as_of)
    }
}

/// One accepted row of `tasks.csv` (SPEC §17.1): information to repost by a deadline.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The office's number for the task.
    pub task_id: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The last day for an on-time repost.
    pub due_on: NaiveDate,
    /// The title of the information to repost.
    pub title: Option<String>,
    /// The link to the original.
    pub url: Option<String>,
    /// Units bound by name: indices into [`Dataset::units`].
    pub units: Vec<u32>,
    /// Unit types bound.
    pub unit_types: Vec<UnitType>,
    /// Platforms bound; empty: the rubric's `tasks.platforms`.
    pub platforms: Vec<Platform>,
    /// Units not bound although named or typed: indices into [`Dataset::units`].
    pub exclude_units: Vec<u32>,
    /// The superior account the information comes from.
    pub source: Option<String>,
}

/// A post tied to a task while posts.csv was read (SPEC §17.1): by its task_id, else by the
/// url or title key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskHit {
    /// The post's row in [`Posts`].
    pub post: u32,
    /// Index into [`Dataset::tasks`].
    pub task: u32,
    /// The first key that holds.
    pub by: crate::vocab::MatchedBy,
}

/// What posts.csv said about the tasks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskPosts {
    /// Posts tied to a task, by post row.
    pub hits: Vec<TaskHit>,
    /// Posts whose task_id names no accepted task (their rows, to count those kept).
    pub unknown: Vec<u32>,
}

/// The accepted rows of `posts.csv`, column-wise (tens of millions of rows at national scale).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Posts {
    /// Unique key of each post.
    pub post_id: Texts,
    /// Index into [`Dataset::accounts`] of the publishing account.
    pub account: Vec<u32>,
    /// Local wall-clock publishing time.
    pub published_at: Vec<NaiveDateTime>,
    /// Original content; `None` = unknown (counts as not original).
    pub original: Vec<Option<bool>>,
    /// A pre-publication review record exists (Art. 8); `None` = unknown.
    pub reviewed: Vec<Option<bool>>,
    /// Whether the file has the `original` column at all (else U2/B3 are not evaluated).
    pub has_original: bool,
    /// Whether the file has the `reviewed` column at all (else K2 is not evaluated).
    pub has_reviewed: bool,
}

impl Posts {
    /// Room for `n` more posts.
    pub fn reserve(&mut self, n: usize) {
        self.post_id.reserve(n);
        self.account.reserve(n);
        self.published_at.reserve(n);
        self.original.reserve(n);
        self.reviewed.reserve(n);
    }

    /// Keeps the posts not marked in `dropped` (one mark per post).
    pub fn retain(&mut self, dropped: &[bool]) {
        self.post_id.retain(dropped);
        retain_rows(&mut self.account, dropped);
        retain_rows(&mut self.published_at, dropped);
        retain_rows(&mut self.original, dropped);
        retain_rows(&mut self.reviewed, dropped);
    }

    /// Lets go of the columns only the metrics read (accounts, times, original, reviewed),
    /// keeping the ids the evidence names: 18 bytes a post (0.33 GB at national scale).
    pub fn keep_only_ids(&mut self) {
        self.account = Vec::new();
        self.published_at = Vec::new();
        self.original = Vec::new();
        self.reviewed = Vec::new();
    }
}

/// The accepted rows of `engagement.csv`, column-wise: one row per account and day.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Engagement {
    /// Index into [`Dataset::accounts`].
    pub account: Vec<u32>,
    /// The day the figures are for.
    pub date: Vec<NaiveDate>,
    /// Follower level on that day.
    pub followers: Counts,
    /// Reads on that day (the day's own figure, not a running total).
    pub reads: Counts,
    /// Likes on that day.
    pub likes: Counts,
    /// Shares on that day.
    pub shares: Counts,
    /// Comments on that day.
    pub comments: Counts,
}

impl Engagement {
    /// The count columns, in the file's order: followers, reads, likes, shares, comments.
    pub fn counts_mut(&mut self) -> [&mut Counts; 5] {
        [
            &mut self.followers,
            &mut self.reads,
            &mut self.likes,
            &mut self.shares,
            &mut self.comments,
        ]
    }

    /// Room for `n` more rows.
    pub fn reserve(&mut self, n: usize) {
        self.account.reserve(n);
        self.date.reserve(n);
        self.counts_mut().into_iter().for_each(|c| c.reserve(n));
    }

    /// Keeps the rows not marked in `dropped` (one mark per row).
    pub fn retain(&mut self, dropped: &[bool]) {
        retain_rows(&mut self.account, dropped);
        retain_rows(&mut self.date, dropped);
        self.counts_mut()
            .into_iter()
            .for_each(|c| c.retain(dropped));
    }
}

/// Keeps the rows of `column` not marked in `dropped` (one mark per row).
pub(crate) fn retain_rows<T>(column: &mut Vec<T>, dropped: &[bool]) {
    let mut row = 0;
    column.retain(|_| {
        row += 1;
        !dropped[row - 1]
    });
}

/// A column of short texts in one buffer (post ids: tens of millions at national scale): the
/// bytes one after the other and where each ends (4 bytes a text: the end's low 32 bits, and the
/// rows where the buffer passed a multiple of 4 GiB), instead of a heap allocation per text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Texts {
    bytes: String,
    ends: Vec<u32>,
    /// The rows whose end is the first past a multiple of 2³² bytes.
    wraps: Vec<usize>,
}

impl Texts {
    /// Room for `n` more texts.
    pub fn reserve(&mut self, n: usize) {
        self.ends.reserve(n);
    }

    /// Room for `n` more texts as long as the ones so far on average (and one byte more), once
    /// there are some: the buffer is then filled without being copied into larger ones.
    pub fn reserve_like_so_far(&mut self, n: usize) {
        if let Some(mean) = self.bytes.len().checked_div(self.ends.len()) {
            self.bytes.reserve(n.saturating_mul(mean + 1));
        }
    }

    /// Appends a text.
    pub fn push(&mut self, text: &str) {
        let before = self.bytes.len() as u64;
        self.bytes.push_str(text);
        let end = self.bytes.len() as u64;
        if end >> 32 != before >> 32 {
            self.wraps.push(self.ends.len());
        }
        self.ends.push(end as u32);
    }

    /// How many texts.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn end(&self, i: usize) -> Option<usize> {
        let low = u64::from(*self.ends.get(i)?);
        let high = self.wraps.partition_point(|&row| row <= i) as u64;
        usize::try_from((high << 32) | low).ok()
    }

    /// Text `i`, when there is one.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = self.end(i)?;
        let start = if i == 0 { 0 } else { self.end(i - 1)? };
        self.bytes.get(start..end)
    }

    /// Text `i` (empty past the end).
    pub fn at(&self, i: usize) -> &str {
        self.get(i).unwrap_or_default()
    }

    /// Keeps the texts not marked in `dropped` (one mark per text).
    pub fn retain(&mut self, dropped: &[bool]) {
        let mut kept = Texts::default();
        for (text, dropped) in self.iter().zip(dropped) {
            if !dropped {
                kept.push(text);
            }
        }
        *self = kept;
    }

    /// Every text, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.at(i))
    }
}

/// A column of optional counts, compact (tens of millions of rows at national scale): the
/// values, 0 where unknown, 4 bytes each until one needs more (then 8), and — once a value is
/// unknown — one bit per row, set where known. 4 bytes and a bit a row instead of the 16 bytes
/// of `Option<u64>`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Counts {
    values: CountValues,
    /// Bit `i` set: row `i` is known; `None` while every row is.
    known: Option<Vec<u64>>,
}

/// The values of a [`Counts`]: as narrow as they all fit.
#[derive(Debug, Clone, PartialEq)]
enum CountValues {
    Narrow(Vec<u32>),
    Wide(Vec<u64>),
}

impl Default for CountValues {
    fn default() -> CountValues {
        CountValues::Narrow(Vec::new())
    }
}

impl Counts {
    /// Room for `n` more rows.
    pub fn reserve(&mut self, n: usize) {
        match &mut self.values {
            CountValues::Narrow(v) => v.reserve(n),
            CountValues::Wide(v) => v.reserve(n),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, value: Option<u64>) {
        let row = self.len();
        let count = value.unwrap_or(0);
        match (&mut self.values, u32::try_from(count)) {
            (CountValues::Narrow(v), Ok(narrow)) => v.push(narrow),
            (CountValues::Narrow(v), Err(_)) => {
                // The first count over 4 294 967 295: every value widened, once.
                let mut wide: Vec<u64> = Vec::with_capacity(v.capacity().max(row + 1));
                wide.extend(v.iter().map(|n| u64::from(*n)));
                wide.push(count);
                self.values = CountValues::Wide(wide);
            }
            (CountValues::Wide(v), _) => v.push(count),
        }
        match (&mut self.known, value) {
            (Some(bits), _) => {
                if row / 64 >= bits.len() {
                    bits.push(0);
                }
                if value.is_some() {
                    bits[row / 64] |= 1 << (row % 64);
                }
            }
            (None, Some(_)) => {}
            (None, None) => {
                // Every earlier row was known.
                let mut bits = vec![u64::MAX; row / 64 + 1];
                bits[row / 64] = (1u64 << (row % 64)) - 1;
                self.known = Some(bits);
            }
        }
    }

    /// Rows.
    pub fn len(&self) -> usize {
        match &self.values {
            CountValues::Narrow(v) => v.len(),
            CountValues::Wide(v) => v.len(),
        }
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i`'s count, 0 when unknown.
    pub fn value(&self, i: usize) -> u64 {
        match &self.values {
            CountValues::Narrow(v) => u64::from(v[i]),
            CountValues::Wide(v) => v[i],
        }
    }

    /// Keeps the rows not marked in `dropped` (one mark per row).
    pub fn retain(&mut self, dropped: &[bool]) {
        let mut kept = Counts::default();
        for (row, dropped) in dropped.iter().enumerate().take(self.len()) {
            if !dropped {
                kept.push(self.get(row));
            }
        }
        *self = kept;
    }

    /// Row `i`'s count, `None` when unknown.
    pub fn get(&self, i: usize) -> Option<u64> {
        let known = (self.known.as_ref()).is_none_or(|bits| bits[i / 64] & (1 << (i % 64)) != 0);
        known.then(|| self.value(i))
    }
}

/// One accepted row of `messages.csv` (政民互动).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Unique key.
    pub message_id: String,
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// When the public message arrived.
    pub received_at: NaiveDateTime,
    /// When it was answered; `None` = not replied. Never before `received_at`.
    pub replied_at: Option<NaiveDateTime>,
}

/// One accepted row of `violations.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Unique key.
    pub violation_id: String,
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// When the problem was found.
    pub found_on: NaiveDate,
    /// What kind of problem (SPEC §4.3).
    pub category: ViolationCategory,
    /// The post concerned, when given (not checked against posts.csv).
    pub post_id: Option<String>,
    /// When it was rectified; `None` = unresolved. Never before `found_on`.
    pub resolved_on: Option<NaiveDate>,
    /// Who found it (inspection, complaint, platform notice), free text.
    pub source: Option<String>,
    /// Free-text remark.
    pub note: Option<String>,
}

/// One accepted row of `scan_review.csv` (SPEC §16.2): a violations.csv row and its review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    /// The row as a violation (a confirmed one is a violation in every respect).
    pub violation: Violation,
    /// The reviewer's conclusion (empty = open).
    pub decision: ReviewDecision,
    /// Who reviewed it.
    pub reviewed_by: Option<String>,
}

/// One accepted row of `filings.csv` (备案, Art. 5).
#[derive(Debug, Clone, PartialEq)]
pub struct Filing {
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// What was filed.
    pub event: FilingEvent,
    /// When it was filed.
    pub filed_on: NaiveDate,
    /// Its line in filings.csv (for a Parquet file, its row counted as if the header were
    /// line 1): L2's evidence.
    pub line: u64,
}

/// The record an appeal contests (SPEC §14): an index into its table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppealRecord {
    /// A violation (X3, K1).
    Violation(u32),
    /// A message (I1, I2).
    Message(u32),
    /// A post (K2).
    Post(u32),
    /// A repost task (U3): index into [`Dataset::tasks`].
    Task(u32),
}

/// One accepted row of `appeals.csv` (SPEC §14).
#[derive(Debug, Clone, PartialEq)]
pub struct Appeal {
    /// Its key.
    pub appeal_id: String,
    /// The period it is about, as written (`2026Q3`, checked to be a period).
    pub period: String,
    /// The unit that appealed: index into [`Dataset::units`].
    pub unit: u32,
    /// The rule contested (X1–X3, U1–U2, I1–I2, K1–K2, M1–M4, N1–N2, C1–C4).
    pub rule: crate::catalogue::RuleId,
    /// The account, for an account rule: index into [`Dataset::accounts`].
    pub account: Option<u32>,
    /// The record contested, when one is named.
    pub record: Option<AppealRecord>,
    /// The record's id as written.
    pub record_id: Option<String>,
    /// When it was filed.
    pub filed_on: NaiveDate,
    /// The office's decision.
    pub decision: Decision,
    /// When it was decided.
    pub decided_on: Option<NaiveDate>,
    /// Why.
    pub reason: Option<String>,
    /// Its line in appeals.csv (a later check may reject it: SPEC §17.1, U3).
    pub line: u64,
}

/// Everything accepted from one data folder. Optional files that were absent are `None`, so a
/// rule that needs them can say "not evaluated" instead of scoring zeros.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    /// Accepted units, in file order.
    pub units: Vec<Unit>,
    /// Accepted accounts, in file order; other tables refer to them by index.
    pub accounts: Vec<Account>,
    /// Accepted posts.
    pub posts: Posts,
    /// Accepted engagement rows, when the file was given.
    pub engagement: Option<Engagement>,
    /// Accepted messages, when the file was given.
    pub messages: Option<Vec<Message>>,
    /// Accepted violations, when the file was given.
    pub violations: Option<Vec<Violation>>,
    /// Accepted filings, when the file was given.
    pub filings: Option<Vec<Filing>>,
    /// Accepted appeals (SPEC §14), when the file was given.
    pub appeals: Option<Vec<Appeal>>,
    /// Accepted rows of scan_review.csv (SPEC §16.2), when the file was given; the confirmed
    /// ones are in `violations` too.
    pub scan_review: Option<Vec<ReviewRow>>,
    /// Which optional columns accounts.csv has (rules that need a missing one are not evaluated).
    pub account_columns: AccountColumns,
    /// Accepted rows of tasks.csv (SPEC §17.1), when the file was given.
    pub tasks: Option<Vec<Task>>,
    /// The posts tied to those tasks.
    pub task_posts: TaskPosts,
    /// calendar.csv (SPEC §17.3), when given: deadlines count working days.
    pub calendar: Option<crate::workdays::WorkCalendar>,
}

/// The optional columns of accounts.csv the rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountColumns {
    /// `verified` (M1, M2).
    pub verified: bool,
    /// `verified_name` (M2).
    pub verified_name: bool,
    /// `interaction_enabled` (X2).
    pub interaction_enabled: bool,
}

impl Platform {
    /// The platform's first Chinese name (微信 of 微信/微信公众号), for tables and charts.
    pub fn label(self) -> &'static str {
        self.chinese().split('/').next().unwrap_or("")
    }

    /// An account on this platform as people name it (SPEC §15.2): 账号名称（平台）.
    pub fn account(self, name: &str) -> String {
        format!("{name}（{}）", self.label())
    }
}

impl Dataset {
    /// The message_id of message `index` (empty if there is none).
    pub fn message_id(&self, index: u32) -> String {
        self.messages
            .as_ref()
            .and_then(|m| m.get(index as usize))
            .map_or(String::new(), |m| m.message_id.clone())
    }

    /// The violation_id of violation `index` (empty if there is none).
    pub fn violation_id(&self, index: u32) -> String {
        self.violations
            .as_ref()
            .and_then(|v| v.get(index as usize))
            .map_or(String::new(), |v| v.violation_id.clone())
    }
}

/// A set of days, as offsets from a first day (bit `i` = first day + i).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DaySet {
    words: Vec<u64>,
}

impl DaySet {
    /// Adds the day `offset` days after the first.
    pub fn insert(&mut self, offset: usize) {
        let (word, bit) = (offset / 64, offset % 64);
        if self.words.len() <= word {
            self.words.resize(word + 1, 0);
        }
        self.words[word] |= 1 << bit;
    }

    /// Whether any day in `from..to` (offsets, `to` exclusive) is in the set.
    pub fn any_in(&self, from: usize, to: usize) -> bool {
        (from..to).any(|d| {
            self.words
                .get(d / 64)
                .is_some_and(|w| w & (1 << (d % 64)) != 0)
        })
    }
}

/// One public message received in the period, as scoring needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFact {
    /// Index into [`Dataset::messages`].
    pub message: u32,
    /// Date it was received.
    pub received_on: NaiveDate,
    /// Seconds from receipt to reply, when replied on or before as_of; `None` = not replied.
    pub reply_seconds: Option<i64>,
}

/// One counted violation (found in the period, or earlier and still unresolved at as_of).
#[derive(Debug, Clone, PartialEq)]
pub struct ViolationFact {
    /// Index into [`Dataset::violations`].
    pub violation: u32,
    /// Its category.
    pub category: ViolationCategory,
    /// When it was found.
    pub found_on: NaiveDate,
    /// When it was rectified, if on or before as_of (later rectification is not yet known).
    pub resolved_on: Option<NaiveDate>,
}

/// What the filings say of one account by as_of (Art. 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilingFacts {
    /// An `open` filing on or before as_of.
    pub open: bool,
    /// A `suspend` or `close` filing on or before as_of.
    pub suspend_or_close: bool,
    /// A `close` filing on or before as_of.
    pub close: bool,
}

/// A window post without a review record (K2): its row in [`Posts`] and its day (offset from the
/// window's first day), kept so that a notice can date it after the posts' times are let go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unreviewed {
    pub row: u32,
    pub day: u32,
}

/// What the records say about one account for the period (SPEC §3). Independent of the rubric:
/// scoring turns these into points without touching the records again.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountMetrics {
    /// Index into [`Dataset::accounts`].
    pub account: u32,
    /// Active and opened (if known) on or before as_of.
    pub assessed: bool,
    /// First day of the account's window: max(period start, opened_on).
    pub window_start: NaiveDate,
    /// Posts dated in the window.
    pub posts: u64,
    /// Of them original; `None` when posts have no `original` column.
    pub original_posts: Option<u64>,
    /// Days of the window (offsets from `window_start`) with a post.
    pub post_days: DaySet,
    /// Posts on each day of the window (index = offset from `window_start`), for the report.
    pub posts_by_day: Vec<u32>,
    /// Days of the window with an original post; `None` without the `original` column.
    pub original_days: Option<DaySet>,
    /// Latest publishing time on or before as_of, any date.
    pub last_post_at: Option<NaiveDateTime>,
    /// Window posts with `reviewed = false`, in file order; `None` without the column.
    pub unreviewed_posts: Option<Vec<Unreviewed>>,
    /// Latest known follower level on or before as_of (engagement, else registry).
    pub followers: Option<u64>,
    /// Reads summed over the period.
    pub reads: u64,
    /// Likes summed over the period.
    pub likes: u64,
    /// Shares summed over the period.
    pub shares: u64,
    /// Comments summed over the period.
    pub comments: u64,
    /// Messages received in the period; `None` without messages.csv.
    pub messages: Option<Vec<MessageFact>>,
    /// Counted violations; `None` without violations.csv.
    pub violations: Option<Vec<ViolationFact>>,
    /// Filings by as_of; `None` without filings.csv.
    pub filings: Option<FilingFacts>,
}

#[cfg(test)]
mod tests {
    use super::{Counts, Texts, retain_rows};

    #[test]
    fn texts_sized_like_the_first_hold_the_rest_without_growing() {
        let mut texts = Texts::default();
        texts.reserve_like_so_far(1000);
        assert_eq!(texts.bytes.capacity(), 0, "nothing to go by yet");
        for i in 0..100 {
            texts.push(&format!("P{i:07}"));
        }
        texts.reserve_like_so_far(900);
        let capacity = texts.bytes.capacity();
        for i in 100..1000 {
            texts.push(&format!("P{i:07}"));
        }
        assert_eq!(texts.bytes.capacity(), capacity);
        assert_eq!(texts.at(999), "P0000999");
    }

    #[test]
    fn retain_rows_keeps_the_unmarked_rows() {
        let mut column = vec!['a', 'b', 'c', 'd'];
        retain_rows(&mut column, &[false, true, false, true]);
        assert_eq!(column, ['a', 'c']);
    }

    #[test]
    fn counts_keep_every_value_and_every_unknown() {
        // Unknowns from row 70 on, and one count too wide for 4 bytes at row 150.
        let values: Vec<Option<u64>> = (0..200u64)
            .map(|i| match i {
                150 => Some(u64::from(u32::MAX) + 7),
                _ => (i % 7 != 3 || i < 70).then_some(i * 1000),
            })
            .collect();
        let mut counts = Counts::default();
        for v in &values {
            counts.push(*v);
        }
        assert_eq!(counts.len(), 200);
        for (i, v) in values.iter().enumerate() {
            assert_eq!(counts.get(i), *v, "row {i}");
            assert_eq!(counts.value(i), v.unwrap_or(0), "row {i}");
        }
        let dropped: Vec<bool> = (0..200).map(|i| i % 3 == 0).collect();
        counts.retain(&dropped);
        let kept: Vec<Option<u64>> = (values.iter().zip(&dropped))
            .filter(|(_, d)| !**d)
            .map(|(v, _)| *v)
            .collect();
        assert_eq!(
            (0..counts.len()).map(|i| counts.get(i)).collect::<Vec<_>>(),
            kept
        );
        let mut all = Counts::default();
        all.push(Some(5));
        assert!(all.get(0) == Some(5) && all.known.is_none());
    }
}
