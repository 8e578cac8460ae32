//! The ingest stage: reads the input files of a data folder, accepts or rejects every row as
//! SPEC §2 says (one reject line per rejected row, rejections cascading from units to accounts to
//! everything else), and hands on the typed [`Dataset`] with a report of what was read.

mod first_seen;
pub mod row;
pub mod schema;
pub mod source;
pub mod values;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::error::InputError;
use crate::model::{
    Account, AccountStatus, Dataset, Engagement, Filing, FilingEvent, Message, Platform, Posts,
    Unit, UnitType, Violation, ViolationCategory,
};
use row::{Reject, RejectKind, RowProblem, Value};
use schema::InputFile;
use source::{Cell, Encoding, Format, OpenedFile, RowContent};

/// What was read from one input file (a line of `validate`'s table and of `summary.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// Which input.
    pub file: InputFile,
    /// Whether the file was in the folder.
    pub present: bool,
    /// The file name (`units.csv`, `posts.parquet`); the CSV name when absent.
    pub file_name: String,
    /// CSV or Parquet, when present.
    pub format: Option<Format>,
    /// Encoding detected, when present.
    pub encoding: Option<Encoding>,
    /// SHA-256 of the bytes, when present.
    pub sha256: Option<String>,
    /// Data rows read (blank lines not counted).
    pub rows_read: u64,
    /// Rows accepted.
    pub rows_accepted: u64,
    /// Rows rejected; read = accepted + rejected.
    pub rows_rejected: u64,
    /// Header names that are not columns of this file.
    pub ignored_columns: Vec<String>,
    /// Schema columns present in the header.
    pub columns: Vec<&'static str>,
}

/// Everything the ingest stage learned besides the accepted data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestReport {
    /// One entry per input file, in SPEC order.
    pub files: Vec<FileReport>,
    /// Every rejected row: files in SPEC order, then by line.
    pub rejects: Vec<Reject>,
}

/// The output of the ingest stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The accepted rows, typed.
    pub dataset: Dataset,
    /// What was read and rejected.
    pub report: IngestReport,
}

/// Reads and checks every input file of `dir`.
pub fn ingest(dir: &Path) -> Result<Ingested, InputError> {
    if !dir.is_dir() {
        return Err(InputError::NoDataFolder {
            dir: dir.to_path_buf(),
        });
    }
    let mut opened = Vec::new();
    for file in InputFile::ALL {
        match source::locate(dir, file)? {
            Some((path, format)) => {
                opened.push((file, Some(OpenedFile::open(file, path, format)?)))
            }
            None if file.required() => {
                return Err(InputError::MissingFile {
                    dir: dir.to_path_buf(),
                    stem: file.stem(),
                    chinese: file.chinese(),
                });
            }
            None => opened.push((file, None)),
        }
    }

    let mut reader = Reader::default();
    let mut reports = Vec::new();
    let mut units = Vec::new();
    let mut accounts = Vec::new();
    let mut posts = Posts::default();
    let mut engagement = None;
    let mut messages = None;
    let mut violations = None;
    let mut filings = None;
    let mut unit_ids: HashSet<String> = HashSet::default();
    let mut account_index: HashMap<String, u32> = HashMap::default();

    for (file, opened) in &opened {
        let Some(opened) = opened else {
            reports.push(absent_report(*file));
            continue;
        };
        let before = reader.rejects.len();
        // The file's hash is taken on the other core while its rows are read.
        let (sha256, outcome) = rayon::join(
            || opened.sha256(),
            || -> Result<(u64, u64), InputError> {
                Ok(match file {
                    InputFile::Units => {
                        units = read_units(&mut reader, opened)?;
                        unit_ids = units.iter().map(|u| u.unit_id.clone()).collect();
                        (reader.read, units.len() as u64)
                    }
                    InputFile::Accounts => {
                        accounts = read_accounts(&mut reader, opened, &unit_ids)?;
                        account_index = accounts
                            .iter()
                            .enumerate()
                            .map(|(i, a)| (a.account_id.clone(), i as u32))
                            .collect();
                        (reader.read, accounts.len() as u64)
                    }
                    InputFile::Posts => {
                        posts = read_posts(&mut reader, opened, &account_index)?;
                        (reader.read, posts.account.len() as u64)
                    }
                    InputFile::Engagement => {
                        let table = read_engagement(&mut reader, opened, &account_index)?;
                        let n = table.account.len() as u64;
                        engagement = Some(table);
                        (reader.read, n)
                    }
                    InputFile::Messages => {
                        let table = read_messages(&mut reader, opened, &account_index)?;
                        let n = table.len() as u64;
                        messages = Some(table);
                        (reader.read, n)
                    }
                    InputFile::Violations => {
                        let table = read_violations(&mut reader, opened, &account_index)?;
                        let n = table.len() as u64;
                        violations = Some(table);
                        (reader.read, n)
                    }
                    InputFile::Filings => {
                        let table = read_filings(&mut reader, opened, &account_index)?;
                        let n = table.len() as u64;
                        filings = Some(table);
                        (reader.read, n)
                    }
                })
            },
        );
        let (read, accepted) = outcome?;
        reader.read = 0;
        let rejected = (reader.rejects.len() - before) as u64;
        debug_assert_eq!(read, accepted + rejected);
        if accepted == 0 && matches!(file, InputFile::Units | InputFile::Accounts) {
            return Err(InputError::NoAcceptedRows {
                path: opened.info.path.clone(),
                read,
                rejected,
            });
        }
        let info = &opened.info;
        reports.push(FileReport {
            file: *file,
            present: true,
            file_name: info.file_name.clone(),
            format: Some(info.format),
            encoding: Some(info.encoding),
            sha256: Some(sha256),
            rows_read: read,
            rows_accepted: accepted,
            rows_rejected: rejected,
            ignored_columns: info.ignored_columns.clone(),
            columns: file
                .columns()
                .iter()
                .zip(&info.has_column)
                .filter(|(_, has)| **has)
                .map(|(spec, _)| spec.name)
                .collect(),
        });
    }

    let mut rejects = reader.rejects;
    rejects.sort_by_key(|r| (r.file, r.line));
    Ok(Ingested {
        dataset: Dataset {
            units,
            accounts,
            posts,
            engagement,
            messages,
            violations,
            filings,
        },
        report: IngestReport {
            files: reports,
            rejects,
        },
    })
}

fn absent_report(file: InputFile) -> FileReport {
    FileReport {
        file,
        present: false,
        file_name: format!("{}.csv", file.stem()),
        format: None,
        encoding: None,
        sha256: None,
        rows_read: 0,
        rows_accepted: 0,
        rows_rejected: 0,
        ignored_columns: Vec::new(),
        columns: Vec::new(),
    }
}

/// Position of a column in its file's schema (and so in a parsed row).
fn index_of(file: InputFile, name: &str) -> usize {
    file.columns()
        .iter()
        .position(|c| c.name == name)
        .unwrap_or(usize::MAX)
}

/// Runs the row checks common to all files and collects the rejects.
#[derive(Default)]
struct Reader {
    read: u64,
    rejects: Vec<Reject>,
}

impl Reader {
    /// Visits every row of `opened`: wrong field counts and cell problems are rejected here; rows
    /// that parse go to `accept`, which applies the file's own checks (steps 3–5).
    fn rows(
        &mut self,
        opened: &OpenedFile,
        mut accept: impl FnMut(u64, &mut Vec<Value>, &[Cell<'_>]) -> Result<(), RowProblem>,
    ) -> Result<(), InputError> {
        let file = opened.info.file;
        let mut values = Vec::with_capacity(file.columns().len());
        let Reader { read, rejects } = self;
        opened.for_each_row(|line, content| {
            *read += 1;
            let outcome = match content {
                RowContent::WrongFieldCount { fields, expected, raw } => Err(RowProblem {
                    column: String::new(),
                    value: raw.to_string(),
                    kind: RejectKind::FieldCount,
                    reason: format!(
                        "该行有 {fields} 个字段，表头有 {expected} 个 (the row has {fields} fields, the header {expected}; check commas and quotes)"
                    ),
                }),
                RowContent::Cells(cells) => {
                    row::parse_cells(file, cells, &mut values).and_then(|()| accept(line, &mut values, cells))
                }
            };
            if let Err(problem) = outcome {
                rejects.push(reject(&opened.info, line, problem));
            }
        })
    }
}

fn reject(info: &source::FileInfo, line: u64, problem: RowProblem) -> Reject {
    Reject {
        file: info.file,
        file_name: info.file_name.clone(),
        line,
        column: problem.column,
        value: problem.value,
        kind: problem.kind,
        reason: problem.reason,
    }
}

fn problem(column: &str, value: String, kind: RejectKind, reason: String) -> RowProblem {
    RowProblem {
        column: column.to_string(),
        value,
        kind,
        reason,
    }
}

fn date_order(later: &str, earlier: &str, value: String) -> RowProblem {
    problem(
        later,
        value,
        RejectKind::DateOrder,
        format!("{later} 早于 {earlier} ({later} must not precede {earlier})"),
    )
}

fn unknown_account(column: &str, value: String) -> RowProblem {
    let reason = format!(
        "账号 {} 不存在或已被拒绝 (no accepted account with this account_id in accounts)",
        value.trim()
    );
    problem(column, value, RejectKind::MissingReference, reason)
}

fn duplicate(column: &str, value: String, first_line: u64) -> RowProblem {
    let reason = format!(
        "与第 {first_line} 行重复，保留首行 (duplicate key; the row at line {first_line} is kept)"
    );
    problem(column, value, RejectKind::DuplicateKey, reason)
}

/// A unit row that passed steps 1–3; steps 4–5 need the whole file (parents may refer forward).
struct UnitCandidate {
    line: u64,
    unit: Unit,
    raw_parent: String,
    raw_id: String,
}

fn read_units(reader: &mut Reader, opened: &OpenedFile) -> Result<Vec<Unit>, InputError> {
    use schema::unit as c;
    let f = InputFile::Units;
    let (id, name, kind, parent, must_open, exempt) = (
        index_of(f, c::UNIT_ID),
        index_of(f, c::UNIT_NAME),
        index_of(f, c::UNIT_TYPE),
        index_of(f, c::PARENT_ID),
        index_of(f, c::MUST_OPEN),
        index_of(f, c::EXEMPT),
    );
    let mut candidates = Vec::new();
    reader.rows(opened, |line, v, cells| {
        let unit_type = v[kind].code(UnitType::ALL).unwrap_or(UnitType::Other);
        candidates.push(UnitCandidate {
            line,
            raw_parent: cells[parent].raw_text(),
            raw_id: cells[id].raw_text(),
            unit: Unit {
                unit_id: v[id].take_text().unwrap_or_default(),
                unit_name: v[name].take_text().unwrap_or_default(),
                unit_type,
                parent_id: v[parent].take_text(),
                must_open: v[must_open]
                    .bool()
                    .unwrap_or(unit_type.must_open_by_default()),
                exempt: v[exempt].take_text(),
            },
        });
        Ok(())
    })?;

    // Step 4, with forward references and cascade: a unit is rejected when its parent_id names no
    // unit still standing; each rejection may take its children with it.
    let mut standing: HashMap<&str, usize> = HashMap::default();
    let mut children: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, candidate) in candidates.iter().enumerate() {
        *standing.entry(candidate.unit.unit_id.as_str()).or_default() += 1;
        if let Some(parent) = &candidate.unit.parent_id {
            children.entry(parent.as_str()).or_default().push(i);
        }
    }
    let mut fallen = vec![false; candidates.len()];
    let mut worklist: Vec<usize> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.unit
                .parent_id
                .as_deref()
                .is_some_and(|p| !standing.contains_key(p))
        })
        .map(|(i, _)| i)
        .collect();
    while let Some(i) = worklist.pop() {
        if fallen[i] {
            continue;
        }
        fallen[i] = true;
        let id = candidates[i].unit.unit_id.as_str();
        if let Some(count) = standing.get_mut(id) {
            *count -= 1;
            if *count == 0 {
                standing.remove(id);
                worklist.extend(
                    children
                        .get(id)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|c| !fallen[*c]),
                );
            }
        }
    }

    // Step 5: the first standing row of each key is kept.
    let mut first_line: HashMap<String, u64> = HashMap::default();
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for (candidate, fallen) in candidates.into_iter().zip(fallen) {
        if fallen {
            let parent = candidate.unit.parent_id.clone().unwrap_or_default();
            let reason = format!(
                "上级单位 {parent} 不存在或已被拒绝 (parent_id names no accepted unit in units)"
            );
            problems.push((
                candidate.line,
                problem(
                    schema::unit::PARENT_ID,
                    candidate.raw_parent,
                    RejectKind::MissingReference,
                    reason,
                ),
            ));
        } else if let Some(first) = first_line.get(&candidate.unit.unit_id) {
            problems.push((
                candidate.line,
                duplicate(schema::unit::UNIT_ID, candidate.raw_id, *first),
            ));
        } else {
            first_line.insert(candidate.unit.unit_id.clone(), candidate.line);
            units.push(candidate.unit);
        }
    }
    for (line, p) in problems {
        reader.rejects.push(reject(&opened.info, line, p));
    }
    Ok(units)
}

fn read_accounts(
    reader: &mut Reader,
    opened: &OpenedFile,
    unit_ids: &HashSet<String>,
) -> Result<Vec<Account>, InputError> {
    use schema::account as c;
    let f = InputFile::Accounts;
    let ix = |name| index_of(f, name);
    let (id, unit, platform, name, status, opened_on, closed_on) = (
        ix(c::ACCOUNT_ID),
        ix(c::UNIT_ID),
        ix(c::PLATFORM),
        ix(c::ACCOUNT_NAME),
        ix(c::STATUS),
        ix(c::OPENED_ON),
        ix(c::CLOSED_ON),
    );
    let (verified, verified_name, interaction, function, followers) = (
        ix(c::VERIFIED),
        ix(c::VERIFIED_NAME),
        ix(c::INTERACTION_ENABLED),
        ix(c::FUNCTION),
        ix(c::FOLLOWERS),
    );
    let mut accounts = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::default();
    reader.rows(opened, |line, v, cells| {
        let (open_date, close_date) = (v[opened_on].date(), v[closed_on].date());
        if let (Some(o), Some(c)) = (open_date, close_date)
            && c < o
        {
            return Err(date_order(
                c::CLOSED_ON,
                c::OPENED_ON,
                cells[closed_on].raw_text(),
            ));
        }
        let unit_id = v[unit].take_text().unwrap_or_default();
        if !unit_ids.contains(&unit_id) {
            let reason = format!(
                "单位 {unit_id} 不存在或已被拒绝 (no accepted unit with this unit_id in units)"
            );
            return Err(problem(
                c::UNIT_ID,
                cells[unit].raw_text(),
                RejectKind::MissingReference,
                reason,
            ));
        }
        let account_id = v[id].take_text().unwrap_or_default();
        if let Some(first) = first_line.get(&account_id) {
            return Err(duplicate(c::ACCOUNT_ID, cells[id].raw_text(), *first));
        }
        first_line.insert(account_id.clone(), line);
        accounts.push(Account {
            account_id,
            unit_id,
            platform: v[platform].code(Platform::ALL).unwrap_or(Platform::Other),
            account_name: v[name].take_text().unwrap_or_default(),
            status: v[status]
                .code(AccountStatus::ALL)
                .unwrap_or(AccountStatus::Active),
            opened_on: open_date,
            closed_on: close_date,
            verified: v[verified].bool(),
            verified_name: v[verified_name].take_text(),
            interaction_enabled: v[interaction].bool().unwrap_or(true),
            function: v[function].take_text(),
            followers: v[followers].count(),
        });
        Ok(())
    })?;
    Ok(accounts)
}

/// The index of the account a row refers to, or the step-4 problem.
fn account_of(
    accounts: &HashMap<String, u32>,
    column: &str,
    value: &Value,
    cell: &Cell<'_>,
) -> Result<u32, RowProblem> {
    value
        .text()
        .and_then(|id| accounts.get(id).copied())
        .ok_or_else(|| unknown_account(column, cell.raw_text()))
}

fn read_posts(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<String, u32>,
) -> Result<Posts, InputError> {
    use schema::post as c;
    let f = InputFile::Posts;
    let (id, account, published, original, reviewed) = (
        index_of(f, c::POST_ID),
        index_of(f, c::ACCOUNT_ID),
        index_of(f, c::PUBLISHED_AT),
        index_of(f, c::ORIGINAL),
        index_of(f, c::REVIEWED),
    );
    let mut posts = Posts {
        has_original: opened.info.has_column[original],
        has_reviewed: opened.info.has_column[reviewed],
        ..Posts::default()
    };
    let rows = opened.row_estimate();
    let mut first_line = first_seen::FirstSeen::with_capacity(rows);
    posts.post_id.reserve(rows);
    posts.account.reserve(rows);
    posts.published_at.reserve(rows);
    posts.original.reserve(rows);
    posts.reviewed.reserve(rows);
    reader.rows(opened, |line, v, cells| {
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let post_id = v[id].take_text().unwrap_or_default();
        if let Some(first) = first_line.line_of(&post_id, &posts.post_id) {
            return Err(duplicate(c::POST_ID, cells[id].raw_text(), first));
        }
        posts.post_id.push(post_id);
        first_line.insert((posts.post_id.len() - 1) as u32, line, &posts.post_id);
        posts.account.push(account_index);
        posts
            .published_at
            .push(v[published].datetime().unwrap_or_default());
        posts.original.push(v[original].bool());
        posts.reviewed.push(v[reviewed].bool());
        Ok(())
    })?;
    Ok(posts)
}

fn read_engagement(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<String, u32>,
) -> Result<Engagement, InputError> {
    use schema::engagement as c;
    let f = InputFile::Engagement;
    let ix = |name| index_of(f, name);
    let (account, date, followers, reads, likes, shares, comments) = (
        ix(c::ACCOUNT_ID),
        ix(c::DATE),
        ix(c::FOLLOWERS),
        ix(c::READS),
        ix(c::LIKES),
        ix(c::SHARES),
        ix(c::COMMENTS),
    );
    let mut table = Engagement::default();
    let rows = opened.row_estimate();
    let mut first_line: HashMap<(u32, NaiveDate), u64> =
        HashMap::with_capacity_and_hasher(rows, Default::default());
    for column in [
        &mut table.followers,
        &mut table.reads,
        &mut table.likes,
        &mut table.shares,
        &mut table.comments,
    ] {
        column.reserve(rows);
    }
    table.account.reserve(rows);
    table.date.reserve(rows);
    reader.rows(opened, |line, v, cells| {
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let day = v[date].date().unwrap_or_default();
        if let Some(first) = first_line.get(&(account_index, day)) {
            let raw = format!("{};{}", cells[account].raw_text(), cells[date].raw_text());
            return Err(duplicate(
                &format!("{};{}", c::ACCOUNT_ID, c::DATE),
                raw,
                *first,
            ));
        }
        first_line.insert((account_index, day), line);
        table.account.push(account_index);
        table.date.push(day);
        table.followers.push(v[followers].count());
        table.reads.push(v[reads].count());
        table.likes.push(v[likes].count());
        table.shares.push(v[shares].count());
        table.comments.push(v[comments].count());
        Ok(())
    })?;
    Ok(table)
}

fn read_messages(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<String, u32>,
) -> Result<Vec<Message>, InputError> {
    use schema::message as c;
    let f = InputFile::Messages;
    let (id, account, received, replied) = (
        index_of(f, c::MESSAGE_ID),
        index_of(f, c::ACCOUNT_ID),
        index_of(f, c::RECEIVED_AT),
        index_of(f, c::REPLIED_AT),
    );
    let mut messages = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::default();
    reader.rows(opened, |line, v, cells| {
        let received_at = v[received].datetime().unwrap_or_default();
        let replied_at = v[replied].datetime();
        if replied_at.is_some_and(|r| r < received_at) {
            return Err(date_order(
                c::REPLIED_AT,
                c::RECEIVED_AT,
                cells[replied].raw_text(),
            ));
        }
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let message_id = v[id].take_text().unwrap_or_default();
        if let Some(first) = first_line.get(&message_id) {
            return Err(duplicate(c::MESSAGE_ID, cells[id].raw_text(), *first));
        }
        first_line.insert(message_id.clone(), line);
        messages.push(Message {
            message_id,
            account: account_index,
            received_at,
            replied_at,
        });
        Ok(())
    })?;
    Ok(messages)
}

fn read_violations(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<String, u32>,
) -> Result<Vec<Violation>, InputError> {
    use schema::violation as c;
    let f = InputFile::Violations;
    let ix = |name| index_of(f, name);
    let (id, account, found, category, post, resolved, source, note) = (
        ix(c::VIOLATION_ID),
        ix(c::ACCOUNT_ID),
        ix(c::FOUND_ON),
        ix(c::CATEGORY),
        ix(c::POST_ID),
        ix(c::RESOLVED_ON),
        ix(c::SOURCE),
        ix(c::NOTE),
    );
    let mut violations = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::default();
    reader.rows(opened, |line, v, cells| {
        let found_on = v[found].date().unwrap_or_default();
        let resolved_on = v[resolved].date();
        if resolved_on.is_some_and(|r| r < found_on) {
            return Err(date_order(
                c::RESOLVED_ON,
                c::FOUND_ON,
                cells[resolved].raw_text(),
            ));
        }
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        let violation_id = v[id].take_text().unwrap_or_default();
        if let Some(first) = first_line.get(&violation_id) {
            return Err(duplicate(c::VIOLATION_ID, cells[id].raw_text(), *first));
        }
        first_line.insert(violation_id.clone(), line);
        violations.push(Violation {
            violation_id,
            account: account_index,
            found_on,
            category: v[category]
                .code(ViolationCategory::ALL)
                .unwrap_or(ViolationCategory::Other),
            post_id: v[post].take_text(),
            resolved_on,
            source: v[source].take_text(),
            note: v[note].take_text(),
        });
        Ok(())
    })?;
    Ok(violations)
}

fn read_filings(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<String, u32>,
) -> Result<Vec<Filing>, InputError> {
    use schema::filing as c;
    let f = InputFile::Filings;
    let (account, event, filed) = (
        index_of(f, c::ACCOUNT_ID),
        index_of(f, c::EVENT),
        index_of(f, c::FILED_ON),
    );
    let mut filings = Vec::new();
    reader.rows(opened, |_, v, cells| {
        let account_index = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        filings.push(Filing {
            account: account_index,
            event: v[event]
                .code(FilingEvent::ALL)
                .unwrap_or(FilingEvent::Change),
            filed_on: v[filed].date().unwrap_or_default(),
        });
        Ok(())
    })?;
    Ok(filings)
}
