//! The ingest stage: reads the input files of a data folder, accepts or rejects every row as
//! SPEC §2 says (one reject line per rejected row, rejections cascading from units to accounts to
//! everything else), and hands on the typed [`Dataset`] with a report of what was read.

mod appeals;
mod first_seen;
#[cfg(test)]
mod mutations;
pub mod row;
pub mod schema;
pub mod source;
pub use crate::values;

use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::BuildHasher;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::error::InputError;
use crate::model::{
    Account, AccountColumns, AccountStatus, Dataset, Engagement, Filing, FilingEvent, Message,
    Platform, Posts, Unit, UnitType, Violation, ViolationCategory,
};
use rayon::prelude::*;
use row::{Reject, RejectKind, RowProblem, Value};
use schema::InputFile;
use source::{
    Cell, Chunk, Encoding, Format, MAX_COLUMNS, OpenedFile, Reading, RowAt, RowContent, Wave,
};

/// The position of a column in a file's schema, as a constant: `col!(InputFile::Posts, c::POST_ID)`.
macro_rules! col {
    ($file:expr, $name:expr) => {
        const { index_of($file, $name) }
    };
}

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

/// Reads and checks every input file of `dir`. Files are opened (read, decoded) at the same
/// time; units and accounts are checked first, then the files that refer to accounts are checked
/// at the same time, each one's rows on all cores.
pub fn ingest(dir: &Path) -> Result<Ingested, InputError> {
    ingest_in_chunks(dir, ChunkSize::default())
}

/// How big the chunks of a file parsed by one thread are, and how files are opened.
#[derive(Debug, Clone, Copy)]
struct ChunkSize {
    /// Bytes of CSV.
    bytes: usize,
    /// Rows of Parquet.
    rows: usize,
    /// Streamed (with the size of the first block) or whole.
    reading: Reading,
}

impl Default for ChunkSize {
    fn default() -> ChunkSize {
        ChunkSize {
            bytes: 2 << 20,
            rows: 64 << 10,
            reading: Reading::Streamed { head: 1 << 20 },
        }
    }
}

/// Opens `file` and reads its rows with `read`. A streamed file that turns out not to be UTF-8
/// past its first block, or cannot be read, is opened again whole and read again from the start:
/// its encoding is decided on the whole file (SPEC §2), and a fatal problem is reported as for
/// any other file (the encoding first).
fn read_file<T>(
    (file, path, format): (InputFile, PathBuf, Format),
    chunk_size: ChunkSize,
    mut read: impl FnMut(&mut Reader, &OpenedFile) -> Result<T, InputError>,
) -> Result<(OpenedFile, Reader, T), InputError> {
    let before = stamp(&path)?;
    let opened = OpenedFile::open(file, path.clone(), format, chunk_size.reading)?;
    let mut reader = Reader::new(chunk_size);
    let read = match read(&mut reader, &opened) {
        Err(_) if matches!(chunk_size.reading, Reading::Streamed { .. }) => {
            let opened = OpenedFile::open(file, path.clone(), format, Reading::Whole)?;
            let mut reader = Reader::new(chunk_size);
            let value = read(&mut reader, &opened)?;
            (opened, reader, value)
        }
        outcome => (opened, reader, outcome?),
    };
    if stamp(&path)? != before {
        return Err(InputError::ChangedWhileRead { path });
    }
    Ok(read)
}

/// A file's size and time of modification: when they differ after its rows were read from what
/// they were before it was opened, another program wrote it meanwhile.
fn stamp(path: &Path) -> Result<(u64, Option<std::time::SystemTime>), InputError> {
    let metadata = std::fs::metadata(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((metadata.len(), metadata.modified().ok()))
}

fn ingest_in_chunks(dir: &Path, chunk_size: ChunkSize) -> Result<Ingested, InputError> {
    let located = locate_all(dir)?;
    let bytes: u64 = (located.iter())
        .filter_map(|(_, found)| found.as_ref())
        .filter_map(|(path, _)| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum();
    crate::progress::stage("reading inputs", bytes, crate::progress::Unit::Bytes);
    // Units and accounts are opened together; the files that refer to them one at a time, each
    // read, parsed (on all cores) and dropped before the next is opened, so that only one input's
    // text is in memory at once. The first failure in SPEC file order is the one reported.
    let (registry, rest): (Vec<_>, Vec<_>) = located
        .into_iter()
        .partition(|(file, _)| matches!(file, InputFile::Units | InputFile::Accounts));
    let Registry {
        units,
        accounts,
        account_columns,
        mut reports,
        mut rejects,
    } = read_registry(registry, chunk_size)?;
    // Appeals refer to the records of the other files: read last, with the dataset in hand.
    let (referring_files, appeals_file): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|(file, _)| *file != InputFile::Appeals);
    let referring = read_referring_files(referring_files, &accounts, chunk_size)?;
    let mut dataset = Dataset {
        units,
        accounts,
        posts: Posts::default(),
        engagement: None,
        messages: None,
        violations: None,
        filings: None,
        appeals: None,
        account_columns,
    };
    for (report, table, mut file_rejects) in referring {
        reports.push(report);
        rejects.append(&mut file_rejects);
        match table {
            Some(Table::Posts(t)) => dataset.posts = t,
            Some(Table::Engagement(t)) => dataset.engagement = Some(t),
            Some(Table::Messages(t)) => dataset.messages = Some(t),
            Some(Table::Violations(t)) => dataset.violations = Some(t),
            Some(Table::Filings(t)) => dataset.filings = Some(t),
            None => {}
        }
    }
    for (file, found) in appeals_file {
        let Some((path, format)) = found else {
            reports.push(absent_report(file));
            continue;
        };
        let (opened, mut reader, appeals) =
            read_file((file, path, format), chunk_size, |reader, opened| {
                appeals::read_appeals(reader, opened, &dataset)
            })?;
        reports.push(file_report(
            &opened,
            opened.sha256()?,
            &reader,
            appeals.len() as u64,
        ));
        rejects.append(&mut reader.rejects);
        dataset.appeals = Some(appeals);
    }
    rejects.par_sort_by_key(|r| (r.file, r.line));
    Ok(Ingested {
        dataset,
        report: IngestReport {
            files: reports,
            rejects,
        },
    })
}

/// Where each input file is in `dir` (and in which format), in SPEC order; a required file
/// missing is an error.
fn locate_all(dir: &Path) -> Result<Vec<(InputFile, Located)>, InputError> {
    if !dir.is_dir() {
        return Err(InputError::NoDataFolder {
            dir: dir.to_path_buf(),
        });
    }
    InputFile::ALL
        .iter()
        .map(|file| match source::locate(dir, *file)? {
            None if file.required() => Err(InputError::MissingFile {
                dir: dir.to_path_buf(),
                stem: file.stem(),
                chinese: file.chinese(),
            }),
            found => Ok((*file, found)),
        })
        .collect()
}

/// A file found in the data folder, and its format; `None` when absent.
type Located = Option<(std::path::PathBuf, source::Format)>;

/// The units and accounts, with their files' reports and rejects.
struct Registry {
    units: Vec<Unit>,
    accounts: Vec<Account>,
    account_columns: AccountColumns,
    reports: Vec<FileReport>,
    rejects: Vec<Reject>,
}

/// Reads units.csv, then accounts.csv (which refers to the units); a file that holds no
/// accepted row stops the run.
fn read_registry(
    files: Vec<(InputFile, Located)>,
    chunk_size: ChunkSize,
) -> Result<Registry, InputError> {
    let mut registry = Registry {
        units: Vec::new(),
        accounts: Vec::new(),
        account_columns: AccountColumns::default(),
        reports: Vec::new(),
        rejects: Vec::new(),
    };
    for (file, found) in files {
        let Some((path, format)) = found else {
            registry.reports.push(absent_report(file));
            continue;
        };
        let Registry {
            units,
            accounts,
            account_columns,
            ..
        } = &mut registry;
        let (opened, mut reader, accepted) =
            read_file((file, path, format), chunk_size, |reader, opened| {
                if file == InputFile::Units {
                    *units = read_units(reader, opened)?;
                    return Ok(units.len() as u64);
                }
                let unit_ids: HashSet<&str> = units.iter().map(|u| u.unit_id.as_str()).collect();
                *accounts = read_accounts(reader, opened, &unit_ids)?;
                *account_columns = account_columns_of(opened);
                Ok(accounts.len() as u64)
            })?;
        let report = file_report(&opened, opened.sha256()?, &reader, accepted);
        if report.rows_accepted == 0 {
            return Err(InputError::NoAcceptedRows {
                path: opened.info.path.clone(),
                read: report.rows_read,
                rejected: report.rows_rejected,
            });
        }
        registry.reports.push(report);
        registry.rejects.append(&mut reader.rejects);
        crate::memory::give_back();
    }
    Ok(registry)
}

/// Which optional columns accounts.csv has.
fn account_columns_of(opened: &OpenedFile) -> AccountColumns {
    let has = |at: usize| opened.info.has_column[at];
    AccountColumns {
        verified: has(col!(InputFile::Accounts, schema::account::VERIFIED)),
        verified_name: has(col!(InputFile::Accounts, schema::account::VERIFIED_NAME)),
        interaction_enabled: has(col!(
            InputFile::Accounts,
            schema::account::INTERACTION_ENABLED
        )),
    }
}

/// A file that refers to accounts, read: its report, its table (none when absent), its rejects.
type Referring = (FileReport, Option<Table>, Vec<Reject>);

/// Reads the files that refer to accounts, one at a time, each dropped before the next opens.
fn read_referring_files(
    files: Vec<(InputFile, Located)>,
    accounts: &[Account],
    chunk_size: ChunkSize,
) -> Result<Vec<Referring>, InputError> {
    let account_index: HashMap<&str, u32> = accounts
        .iter()
        .enumerate()
        .map(|(i, a)| (a.account_id.as_str(), i as u32))
        .collect();
    let mut referring = Vec::new();
    for (file, found) in files {
        let Some((path, format)) = found else {
            referring.push((absent_report(file), None, Vec::new()));
            continue;
        };
        let (opened, reader, table) =
            read_file((file, path, format), chunk_size, |reader, opened| {
                read_referring(file, reader, opened, &account_index)
            })?;
        let report = file_report(&opened, opened.sha256()?, &reader, table.len());
        crate::memory::give_back();
        referring.push((report, Some(table), reader.rejects));
    }
    Ok(referring)
}

/// The accepted rows of a file that refers to accounts.
enum Table {
    Posts(Posts),
    Engagement(Engagement),
    Messages(Vec<Message>),
    Violations(Vec<Violation>),
    Filings(Vec<Filing>),
}

impl Table {
    fn len(&self) -> u64 {
        (match self {
            Table::Posts(t) => t.account.len(),
            Table::Engagement(t) => t.account.len(),
            Table::Messages(t) => t.len(),
            Table::Violations(t) => t.len(),
            Table::Filings(t) => t.len(),
        }) as u64
    }
}

fn read_referring(
    file: InputFile,
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Table, InputError> {
    Ok(match file {
        InputFile::Posts => Table::Posts(read_posts(reader, opened, accounts)?),
        InputFile::Engagement => Table::Engagement(read_engagement(reader, opened, accounts)?),
        InputFile::Messages => Table::Messages(read_messages(reader, opened, accounts)?),
        InputFile::Violations => Table::Violations(read_violations(reader, opened, accounts)?),
        // Units and accounts are read before the files that refer to them, appeals after them:
        // they never come here.
        InputFile::Filings | InputFile::Units | InputFile::Accounts | InputFile::Appeals => {
            Table::Filings(read_filings(reader, opened, accounts)?)
        }
    })
}

fn file_report(opened: &OpenedFile, sha256: String, reader: &Reader, accepted: u64) -> FileReport {
    let info = &opened.info;
    let rejected = reader.rejects.len() as u64;
    debug_assert_eq!(reader.read, accepted + rejected);
    FileReport {
        file: info.file,
        present: true,
        file_name: info.file_name.clone(),
        format: Some(info.format),
        encoding: Some(info.encoding),
        sha256: Some(sha256),
        rows_read: reader.read,
        rows_accepted: accepted,
        rows_rejected: rejected,
        ignored_columns: info.ignored_columns.clone(),
        columns: info
            .file
            .columns()
            .iter()
            .zip(&info.has_column)
            .filter(|(_, has)| **has)
            .map(|(spec, _)| spec.name)
            .collect(),
    }
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
/// The position of column `name` in `file`'s schema, found when the program is built (`col!`):
/// a name that is not in the schema does not compile.
const fn index_of(file: InputFile, name: &str) -> usize {
    let columns = file.columns();
    let mut i = 0;
    while i < columns.len() {
        if columns[i].name.eq_ignore_ascii_case(name) {
            return i;
        }
        i += 1;
    }
    panic!("a column name that is not in the file's schema")
}

/// Runs the row checks common to all files and collects the rejects.
struct Reader {
    chunk_size: ChunkSize,
    read: u64,
    rejects: Vec<Reject>,
}

/// ChunkSize parsed together while the previous ones are accepted.
const CHUNKS_PER_WAVE: usize = 8;

/// The rows of one piece that parsed, with the rejects found on the way.
struct ParsedChunk<R> {
    read: u64,
    rows: Vec<(RowAt, R)>,
    rejects: Vec<Reject>,
}

impl Reader {
    fn new(chunk_size: ChunkSize) -> Reader {
        Reader {
            chunk_size,
            read: 0,
            rejects: Vec::new(),
        }
    }

    /// Visits every row of `opened` in two steps. `parse` runs on all cores over pieces of the
    /// file: wrong field counts and cell problems are rejected before it, and it applies the
    /// checks that look at one row alone (steps 2–4). `accept` then sees the parsed rows one by
    /// one in file order and applies the checks that need the rows before (step 5, duplicates).
    /// The next pieces are parsed while the previous ones are accepted.
    fn rows<R: Send>(
        &mut self,
        opened: &OpenedFile,
        parse: impl Fn(&mut [Value<'_>], &[Cell<'_>]) -> Result<R, RowProblem> + Sync,
        mut accept: impl FnMut(RowAt, R) -> Result<(), RowProblem> + Send,
    ) -> Result<(), InputError> {
        let file = opened.info.file;
        // Progress in bytes of the file (a Parquet chunk is rows: its share of the file).
        let extent = opened.extent().max(1) as u64;
        let size = std::fs::metadata(&opened.info.path).map_or(0, |m| m.len());
        let share = |c: &Chunk| size * (c.end - c.start) as u64 / extent;
        // The pieces' row lists, emptied once accepted, are filled again by the next pieces:
        // grown afresh for each piece, their memory came back as new pages the kernel zeroed.
        let spare = std::sync::Mutex::new(Vec::<Vec<(RowAt, R)>>::new());
        let parse_chunk = |wave: &Wave, chunk: &Chunk| -> Result<ParsedChunk<R>, InputError> {
            crate::progress::advance(share(chunk));
            let mut parsed = ParsedChunk {
                read: 0,
                rows: (spare.lock().ok())
                    .and_then(|mut s| s.pop())
                    .unwrap_or_default(),
                rejects: Vec::new(),
            };
            opened.for_each_row_in(wave, chunk, |at, content| {
                parsed.read += 1;
                let outcome = match content {
                    RowContent::WrongFieldCount {
                        fields,
                        expected,
                        raw,
                    } => Err(RowProblem {
                        column: String::new(),
                        value: raw.to_string(),
                        kind: RejectKind::FieldCount,
                        reason: format!(
                            "该行有 {fields} 个字段，表头有 {expected} 个，请检查逗号和引号"
                        ),
                    }),
                    RowContent::Cells(cells) => {
                        // On the stack, borrowing the cells' text: no allocation per row.
                        let mut values: [Value<'_>; MAX_COLUMNS] =
                            std::array::from_fn(|_| Value::Null);
                        let values = &mut values[..cells.len().min(MAX_COLUMNS)];
                        row::parse_cells(file, cells, values).and_then(|()| parse(values, cells))
                    }
                };
                match outcome {
                    Ok(row) => parsed.rows.push((at, row)),
                    Err(problem) => parsed.rejects.push(reject(&opened.info, at.line, problem)),
                }
            })?;
            Ok(parsed)
        };
        let Reader { read, rejects, .. } = self;
        let mut accept_all = |pieces: Vec<ParsedChunk<R>>| {
            for mut piece in pieces {
                *read += piece.read;
                rejects.extend(piece.rejects);
                for (at, row) in piece.rows.drain(..) {
                    if let Err(problem) = accept(at, row) {
                        rejects.push(reject(&opened.info, at.line, problem));
                    }
                }
                if let Ok(mut spare) = spare.lock()
                    && spare.len() < 2 * CHUNKS_PER_WAVE
                {
                    spare.push(piece.rows);
                }
            }
        };
        let mut waves = opened.waves(self.chunk_size.bytes, self.chunk_size.rows, CHUNKS_PER_WAVE);
        let mut next = waves.next_wave()?;
        let mut pending = Vec::new();
        while let Some(wave) = next {
            let previous = std::mem::take(&mut pending);
            // The previous wave is accepted and the next one read while this one is parsed:
            // accepting is the one step that must go in file order, so it waits on nothing else.
            let ((), (following, parsed)) = rayon::join(
                || accept_all(previous),
                || {
                    rayon::join(
                        || waves.next_wave(),
                        || {
                            wave.chunks
                                .par_iter()
                                .map(|chunk| parse_chunk(&wave, chunk))
                                .collect::<Result<Vec<_>, _>>()
                        },
                    )
                },
            );
            waves.recycle(wave);
            pending = parsed?;
            next = following?;
        }
        accept_all(pending);
        Ok(())
    }
}

impl Reader {
    /// Rejects the repeated rows `(row, first row with its key)` of a table whose rows were all
    /// taken in (`read_at`: where each was read; `raw(at)`: the key's column and text in
    /// the row read at `at`). The rows to take out of the table, when there are any.
    fn reject_repeated(
        &mut self,
        repeated: &[(usize, usize)],
        read_at: &first_seen::ReadAt,
        raw: impl Fn(usize) -> (String, String),
        opened: &OpenedFile,
    ) -> Option<Vec<bool>> {
        if repeated.is_empty() {
            return None;
        }
        let mut dropped = vec![false; read_at.rows()];
        let rows: Vec<usize> = repeated.iter().map(|&(row, _)| row).collect();
        for (&(row, first), read) in repeated.iter().zip(read_at.get_all(&rows)) {
            dropped[row] = true;
            let (column, value) = raw(read.at);
            let problem = duplicate(&column, value, read_at.line(first));
            self.rejects.push(reject(&opened.info, read.line, problem));
        }
        Some(dropped)
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

/// A required value. The value checks reject a row whose required cell is empty before its
/// record is built, so this never defaults one: it can only repeat that rejection.
fn required<T>(value: Option<T>, column: &str) -> Result<T, RowProblem> {
    value.ok_or_else(|| {
        problem(
            column,
            String::new(),
            RejectKind::MissingValue,
            format!("缺少必填值 {column}"),
        )
    })
}

fn date_order(later: &str, earlier: &str, value: String) -> RowProblem {
    problem(
        later,
        value,
        RejectKind::DateOrder,
        format!("{later} 早于 {earlier}"),
    )
}

fn unknown_account(column: &str, value: String) -> RowProblem {
    let reason = format!("账号 {} 不存在或已被拒绝", value.trim());
    problem(column, value, RejectKind::MissingReference, reason)
}

fn duplicate(column: &str, value: String, first_line: u64) -> RowProblem {
    let reason = format!("与第 {first_line} 行重复，保留首行");
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
    const F: InputFile = InputFile::Units;
    let (id, name, kind, parent, must_open, exempt) = (
        col!(F, c::UNIT_ID),
        col!(F, c::UNIT_NAME),
        col!(F, c::UNIT_TYPE),
        col!(F, c::PARENT_ID),
        col!(F, c::MUST_OPEN),
        col!(F, c::EXEMPT),
    );
    let mut candidates = Vec::new();
    reader.rows(
        opened,
        |v, cells| {
            let unit_type = required(v[kind].code(UnitType::ALL), c::UNIT_TYPE)?;
            Ok(UnitCandidate {
                line: 0,
                raw_parent: cells[parent].raw_text(),
                raw_id: cells[id].raw_text(),
                unit: Unit {
                    unit_id: required(v[id].take_text(), c::UNIT_ID)?,
                    unit_name: required(v[name].take_text(), c::UNIT_NAME)?,
                    unit_type,
                    parent_id: v[parent].take_text(),
                    must_open: v[must_open]
                        .bool()
                        .unwrap_or(unit_type.must_open_by_default()),
                    exempt: v[exempt].take_text(),
                },
            })
        },
        |at, candidate| {
            candidates.push(UnitCandidate {
                line: at.line,
                ..candidate
            });
            Ok(())
        },
    )?;
    let fallen = fallen_units(&candidates);
    let (units, problems) = first_standing(candidates, fallen);
    for (line, p) in problems {
        reader.rejects.push(reject(&opened.info, line, p));
    }
    Ok(units)
}

/// Step 4, with forward references and cascade: a unit is rejected when its parent_id names no
/// unit still standing; each rejection may take its children with it. Whether each has fallen.
fn fallen_units(candidates: &[UnitCandidate]) -> Vec<bool> {
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
    fallen
}

/// Step 5: the first standing row of each key is kept; the units kept, and the problems of the
/// others (by line).
fn first_standing(
    candidates: Vec<UnitCandidate>,
    fallen: Vec<bool>,
) -> (Vec<Unit>, Vec<(u64, RowProblem)>) {
    let mut first_line: HashMap<String, u64> = HashMap::default();
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for (candidate, fallen) in candidates.into_iter().zip(fallen) {
        if fallen {
            let parent = candidate.unit.parent_id.clone().unwrap_or_default();
            let reason = format!("上级单位 {parent} 不存在或已被拒绝");
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
    (units, problems)
}

fn read_accounts(
    reader: &mut Reader,
    opened: &OpenedFile,
    unit_ids: &HashSet<&str>,
) -> Result<Vec<Account>, InputError> {
    use schema::account as c;
    const F: InputFile = InputFile::Accounts;
    let (id, unit, platform, name, status, opened_on, closed_on) = (
        col!(F, c::ACCOUNT_ID),
        col!(F, c::UNIT_ID),
        col!(F, c::PLATFORM),
        col!(F, c::ACCOUNT_NAME),
        col!(F, c::STATUS),
        col!(F, c::OPENED_ON),
        col!(F, c::CLOSED_ON),
    );
    let (verified, verified_name, interaction, function, followers) = (
        col!(F, c::VERIFIED),
        col!(F, c::VERIFIED_NAME),
        col!(F, c::INTERACTION_ENABLED),
        col!(F, c::FUNCTION),
        col!(F, c::FOLLOWERS),
    );
    let mut accounts = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::default();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
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
        let unit_id = required(v[unit].take_text(), c::UNIT_ID)?;
        if !unit_ids.contains(unit_id.as_str()) {
            let reason = format!("单位 {unit_id} 不存在或已被拒绝");
            return Err(problem(
                c::UNIT_ID,
                cells[unit].raw_text(),
                RejectKind::MissingReference,
                reason,
            ));
        }
        Ok(Account {
            account_id: required(v[id].take_text(), c::ACCOUNT_ID)?,
            unit_id,
            platform: required(v[platform].code(Platform::ALL), c::PLATFORM)?,
            account_name: required(v[name].take_text(), c::ACCOUNT_NAME)?,
            status: required(v[status].code(AccountStatus::ALL), c::STATUS)?,
            opened_on: open_date,
            closed_on: close_date,
            verified: v[verified].bool(),
            verified_name: v[verified_name].take_text(),
            interaction_enabled: v[interaction].bool().unwrap_or(true),
            function: v[function].take_text(),
            followers: v[followers].count(),
        })
    };
    reader.rows(opened, parse, |at, account| {
        if let Some(first) = first_line.get(&account.account_id) {
            return Err(duplicate(c::ACCOUNT_ID, opened.raw_cell(at.at, id), *first));
        }
        first_line.insert(account.account_id.clone(), at.line);
        accounts.push(account);
        Ok(())
    })?;
    Ok(accounts)
}

/// The index of the account a row refers to, or the step-4 problem.
fn account_of(
    accounts: &HashMap<&str, u32>,
    column: &str,
    value: &Value<'_>,
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
    accounts: &HashMap<&str, u32>,
) -> Result<Posts, InputError> {
    use schema::post as c;
    const F: InputFile = InputFile::Posts;
    let (id, account, published, original, reviewed) = (
        col!(F, c::POST_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::PUBLISHED_AT),
        col!(F, c::ORIGINAL),
        col!(F, c::REVIEWED),
    );
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
    }
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let account = account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?;
        Ok(PostRow {
            post_id: required(v[id].take_text(), c::POST_ID)?,
            account,
            published_at: required(v[published].datetime(), c::PUBLISHED_AT)?,
            original: v[original].bool(),
            reviewed: v[reviewed].bool(),
        })
    };
    // Every row is taken in; repeated post ids are found and taken out afterwards.
    let mut read_at = first_seen::ReadAt::with_capacity(rows);
    reader.rows(opened, parse, |at, row| {
        if read_at.rows() == ID_SAMPLE {
            posts
                .post_id
                .reserve_like_so_far(rows.saturating_sub(ID_SAMPLE));
        }
        read_at.push(at);
        posts.post_id.push(&row.post_id);
        posts.account.push(row.account);
        posts.published_at.push(row.published_at);
        posts.original.push(row.original);
        posts.reviewed.push(row.reviewed);
        Ok(())
    })?;
    let keys = &posts.post_id;
    let repeated = first_seen::repeated_rows(
        keys.len(),
        |row| FxBuildHasher.hash_one(keys.at(row)),
        |a, b| keys.at(a) == keys.at(b),
    );
    let dropped = reader.reject_repeated(
        &repeated,
        &read_at,
        |at| (c::POST_ID.to_string(), opened.raw_cell(at, id)),
        opened,
    );
    if let Some(dropped) = dropped {
        posts.retain(&dropped);
    }
    Ok(posts)
}

/// Post ids read before their buffer is sized for the rest of the file, by their mean length.
const ID_SAMPLE: usize = 10_000;

fn read_engagement(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Engagement, InputError> {
    use schema::engagement as c;
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

fn read_messages(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Message>, InputError> {
    use schema::message as c;
    const F: InputFile = InputFile::Messages;
    let (id, account, received, replied) = (
        col!(F, c::MESSAGE_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::RECEIVED_AT),
        col!(F, c::REPLIED_AT),
    );
    let mut messages = Vec::with_capacity(opened.row_estimate());
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let received_at = required(v[received].datetime(), c::RECEIVED_AT)?;
        let replied_at = v[replied].datetime();
        if replied_at.is_some_and(|r| r < received_at) {
            return Err(date_order(
                c::REPLIED_AT,
                c::RECEIVED_AT,
                cells[replied].raw_text(),
            ));
        }
        Ok(Message {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            message_id: required(v[id].take_text(), c::MESSAGE_ID)?,
            received_at,
            replied_at,
        })
    };
    // Every row is taken in; repeated message ids are found and taken out afterwards.
    let mut read_at = first_seen::ReadAt::with_capacity(messages.capacity());
    reader.rows(opened, parse, |at, message| {
        read_at.push(at);
        messages.push(message);
        Ok(())
    })?;
    let repeated = first_seen::repeated_rows(
        messages.len(),
        |row| FxBuildHasher.hash_one(&messages[row].message_id),
        |a, b| messages[a].message_id == messages[b].message_id,
    );
    let raw = |at| (c::MESSAGE_ID.to_string(), opened.raw_cell(at, id));
    if let Some(dropped) = reader.reject_repeated(&repeated, &read_at, raw, opened) {
        crate::model::retain_rows(&mut messages, &dropped);
    }
    Ok(messages)
}

fn read_violations(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Violation>, InputError> {
    use schema::violation as c;
    const F: InputFile = InputFile::Violations;
    let (id, account, found, category, post, resolved, source, note) = (
        col!(F, c::VIOLATION_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::FOUND_ON),
        col!(F, c::CATEGORY),
        col!(F, c::POST_ID),
        col!(F, c::RESOLVED_ON),
        col!(F, c::SOURCE),
        col!(F, c::NOTE),
    );
    let mut violations = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::default();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let found_on = required(v[found].date(), c::FOUND_ON)?;
        let resolved_on = v[resolved].date();
        if resolved_on.is_some_and(|r| r < found_on) {
            return Err(date_order(
                c::RESOLVED_ON,
                c::FOUND_ON,
                cells[resolved].raw_text(),
            ));
        }
        Ok(Violation {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            violation_id: required(v[id].take_text(), c::VIOLATION_ID)?,
            found_on,
            category: required(v[category].code(ViolationCategory::ALL), c::CATEGORY)?,
            post_id: v[post].take_text(),
            resolved_on,
            source: v[source].take_text(),
            note: v[note].take_text(),
        })
    };
    reader.rows(opened, parse, |at, violation| {
        if let Some(first) = first_line.get(&violation.violation_id) {
            return Err(duplicate(
                c::VIOLATION_ID,
                opened.raw_cell(at.at, id),
                *first,
            ));
        }
        first_line.insert(violation.violation_id.clone(), at.line);
        violations.push(violation);
        Ok(())
    })?;
    Ok(violations)
}

fn read_filings(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Filing>, InputError> {
    use schema::filing as c;
    const F: InputFile = InputFile::Filings;
    let (account, event, filed) = (
        col!(F, c::ACCOUNT_ID),
        col!(F, c::EVENT),
        col!(F, c::FILED_ON),
    );
    let mut filings = Vec::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        Ok(Filing {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            event: required(v[event].code(FilingEvent::ALL), c::EVENT)?,
            filed_on: required(v[filed].date(), c::FILED_ON)?,
        })
    };
    reader.rows(opened, parse, |_, filing| {
        filings.push(filing);
        Ok(())
    })?;
    Ok(filings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file another program writes while its rows are read is refused, named.
    #[test]
    fn a_file_that_changes_while_it_is_read_is_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("units.csv");
        std::fs::write(&path, "unit_id,unit_name,unit_type\nU1,甲,department\n").unwrap();
        for reading in [Reading::Whole, Reading::Streamed { head: 1 << 16 }] {
            let chunk_size = ChunkSize {
                reading,
                ..ChunkSize::default()
            };
            let located = (InputFile::Units, path.clone(), Format::Csv);
            let grown = read_file(located.clone(), chunk_size, |_, _| {
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .unwrap();
                std::io::Write::write_all(&mut f, "U2,乙,department\n".as_bytes()).unwrap();
                Ok(())
            });
            assert!(
                matches!(grown, Err(InputError::ChangedWhileRead { .. })),
                "{reading:?}"
            );
            assert!(read_file(located, chunk_size, |_, _| Ok(())).is_ok());
        }
    }

    /// Reading a file in many small pieces (duplicates and quoted line ends across the cuts),
    /// streamed in small waves from a small first block, gives exactly what reading it whole
    /// gives.
    #[test]
    fn chunks_read_like_the_whole_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for fixture in ["rejects", "formats", "encodings", "minimal"] {
            let dir = root.join(fixture);
            let read = |bytes, rows, reading| {
                ingest_in_chunks(
                    &dir,
                    ChunkSize {
                        bytes,
                        rows,
                        reading,
                    },
                )
                .map_err(|e| e.to_string())
            };
            let whole = read(usize::MAX, usize::MAX, Reading::Whole);
            for size in [1, 7, 64] {
                assert_eq!(
                    read(size, size, Reading::Whole),
                    whole,
                    "{fixture}, pieces of {size}"
                );
                for head in [1, 64, 4096] {
                    assert_eq!(
                        read(size, size, Reading::Streamed { head }),
                        whole,
                        "{fixture}, pieces of {size}, streamed from a first block of {head}"
                    );
                }
            }
            assert!(whole.is_ok_and(|i| !i.dataset.accounts.is_empty()));
        }
    }

    /// A file that is UTF-8 in its first block and GB18030 after it is read again whole and
    /// taken as GB18030, like a file that is GB18030 from its first line.
    #[test]
    fn a_file_not_utf8_past_its_first_block_is_read_again_whole() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for entry in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            // ASCII before the first Chinese character, then GB18030.
            let (ascii, rest) =
                text.split_at(text.find(|c: char| !c.is_ascii()).unwrap_or(text.len()));
            let mut bytes = ascii.as_bytes().to_vec();
            bytes.extend_from_slice(&encoding_rs::GB18030.encode(rest).0);
            let name = path.file_name().unwrap_or_default();
            std::fs::write(dir.path().join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
        }
        let read = |reading| {
            ingest_in_chunks(
                dir.path(),
                ChunkSize {
                    bytes: 7,
                    rows: 7,
                    reading,
                },
            )
            .map_err(|e| e.to_string())
        };
        let whole = read(Reading::Whole);
        assert_eq!(read(Reading::Streamed { head: 8 }), whole);
        let ingested = whole.unwrap_or_else(|e| panic!("{e}"));
        assert!(
            ingested
                .report
                .files
                .iter()
                .any(|f| f.encoding == Some(Encoding::Gb18030)),
            "some file of the fixture has Chinese text past its first block"
        );
    }

    /// `csv` written as a Parquet file of text columns (empty cells null, short rows padded) in
    /// row groups of `group` rows.
    fn csv_as_parquet(csv: &Path, parquet: &Path, group: usize) {
        use polars::prelude::{Column, DataFrame, NamedFrom, ParquetWriter, Series};
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(csv)
            .unwrap_or_else(|e| panic!("{e}"));
        let header: Vec<String> = (reader.headers().unwrap_or_else(|e| panic!("{e}")))
            .iter()
            .map(str::to_string)
            .collect();
        let records: Vec<csv::StringRecord> = reader.records().map_while(Result::ok).collect();
        let columns = (header.iter().enumerate())
            .map(|(i, name)| {
                let cells: Vec<Option<&str>> = (records.iter())
                    .map(|r| r.get(i).filter(|c| !c.is_empty()))
                    .collect();
                Column::from(Series::new(name.as_str().into(), &cells))
            })
            .collect();
        let mut frame = DataFrame::new(records.len(), columns).unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::create(parquet).unwrap_or_else(|e| panic!("{e}"));
        ParquetWriter::new(file)
            .with_row_group_size(Some(group))
            .finish(&mut frame)
            .unwrap_or_else(|e| panic!("{e}"));
    }

    /// A Parquet file decoded a few row groups at a time reads like one decoded whole: the
    /// same tables and rejects, a repeated id found across waves with its raw text and lines.
    #[test]
    fn parquet_read_in_waves_of_row_groups_reads_like_the_whole_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rejects");
        for entry in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            csv_as_parquet(&path, &dir.path().join(format!("{stem}.parquet")), 2);
        }
        let read = |rows| {
            ingest_in_chunks(
                dir.path(),
                ChunkSize {
                    rows,
                    ..ChunkSize::default()
                },
            )
            .map_err(|e| e.to_string())
        };
        let whole = read(usize::MAX);
        for rows in [1, 2, 3] {
            assert_eq!(read(rows), whole, "waves of {rows} rows per piece");
        }
        let ingested = whole.unwrap_or_else(|e| panic!("{e}"));
        let repeated = (ingested.report.rejects.iter())
            .find(|r| r.file_name == "posts.parquet" && r.kind == RejectKind::DuplicateKey)
            .unwrap_or_else(|| panic!("{:?}", ingested.report.rejects));
        assert_eq!((repeated.line, repeated.value.as_str()), (4, "P1"));
        assert!(repeated.reason.contains('2'), "{}", repeated.reason);
    }

    /// The raw cells of a Parquet file asked for in any order, across row groups and back to one
    /// decoded before, are the file's: the row group kept from one call to the next is the
    /// right one (it is kept so that repeated rows in file order decode each group once).
    #[test]
    fn parquet_raw_cells_asked_across_row_groups_are_the_files() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rejects/posts.csv");
        let parquet = dir.path().join("posts.parquet");
        csv_as_parquet(&csv, &parquet, 2);
        let opened = OpenedFile::open(InputFile::Posts, parquet, Format::Parquet, Reading::Whole)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut reader = csv::Reader::from_path(&csv).unwrap_or_else(|e| panic!("{e}"));
        let ids: Vec<String> = (reader.records().map_while(Result::ok))
            .map(|r| r.get(0).unwrap_or_default().to_string())
            .collect();
        let id = col!(InputFile::Posts, schema::post::POST_ID);
        let rows = ids.len();
        assert!(rows > 4, "the fixture spans several row groups of 2");
        for at in [rows - 1, 0, 1, rows - 1, 2, 0, rows / 2] {
            assert_eq!(opened.raw_cell(at, id), ids[at], "row {at}");
        }
    }
}
