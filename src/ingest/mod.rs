//! The ingest stage: reads the input files of a data folder, accepts or rejects every row as
//! SPEC §2 says (one reject line per rejected row, rejections cascading from units to accounts to
//! everything else), and hands on the typed [`Dataset`] with a report of what was read.

use crate::ingest::reader::Reader;
use crate::ingest::tables::tasks::TaskKeys;
use crate::ingest::tables::{
    read_accounts, read_appeals, read_engagement, read_filings, read_messages, read_posts,
    read_scan_review, read_units, read_violations,
};
use duties::read_duties;

mod duties;
mod first_seen;
#[cfg(test)]
mod mutations;
pub(crate) mod row;
pub(crate) mod schema;
pub(crate) mod source;
mod terms;
pub(crate) use terms::find_terms;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::model::{
    Account, AccountColumns, Dataset, Engagement, Filing, Message, Posts, TaskPosts, Unit,
    Violation,
};
use rayon::prelude::*;
use row::Reject;
use schema::InputFile;
use source::{Encoding, Format, OpenedFile, Reading};

/// The position of a column in a file's schema, as a constant: `col!(InputFile::Posts, c::POST_ID)`.
macro_rules! col {
    ($file:expr, $name:expr) => {
        const { $crate::ingest::index_of($file, $name) }
    };
}

mod problems;
mod reader;
mod tables;

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
    /// What the content scan found in the accepted posts (SPEC §16), by post row; empty without
    /// a scanner.
    pub(crate) found: Vec<(u32, crate::scan::Found)>,
}

/// Reads and checks every input file of `dir`. Files are opened (read, decoded) at the same
/// time; units and accounts are checked first, then the files that refer to accounts are checked
/// at the same time, each one's rows on all cores.
pub fn ingest(dir: &Path) -> Result<Ingested, InputError> {
    ingest_files(dir, ChunkSize::default(), With::default())
}

/// What a run asks of ingest beyond the checks of SPEC §2.
#[derive(Clone, Copy)]
pub(crate) struct With<'a> {
    /// The content scan of SPEC §16, run on each accepted post as it is read.
    pub(crate) scanner: Option<&'a crate::scan::Scanner>,
    /// Only the files named (`govmedia scan` opens no other).
    pub(crate) only: Option<&'a [InputFile]>,
    /// The rubric's `tasks.min_title_chars`: the shortest task title key a post's title matches.
    pub(crate) min_title_chars: u32,
}

impl Default for With<'_> {
    /// The checks of SPEC §2 alone (`validate`): no scan, and posts tied to tasks by task_id
    /// and url only (no rubric: no title key is long enough).
    fn default() -> Self {
        With {
            scanner: None,
            only: None,
            min_title_chars: u32::MAX,
        }
    }
}

/// [`ingest`], with what `with` asks.
pub(crate) fn ingest_with(dir: &Path, with: With<'_>) -> Result<Ingested, InputError> {
    ingest_files(dir, ChunkSize::default(), with)
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

fn ingest_files(dir: &Path, chunk_size: ChunkSize, with: With<'_>) -> Result<Ingested, InputError> {
    let mut located = locate_all(dir)?;
    located.retain(|(file, _)| with.only.is_none_or(|only| only.contains(file)));
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
    // Tasks and the calendar refer to units only: read before the posts, which are tied to the
    // tasks as they are read.
    let (duties_files, rest): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|(file, _)| matches!(file, InputFile::Tasks | InputFile::Calendar));
    let (duties, keys) = read_duties(duties_files, &units, chunk_size, with.min_title_chars)?;
    // Appeals refer to the records of the other files: read last, with the dataset in hand.
    let (referring_files, later): (Vec<_>, Vec<_>) = rest
        .into_iter()
        .partition(|(file, _)| !matches!(file, InputFile::Appeals | InputFile::ScanReview));
    let (review_file, appeals_file): (Vec<_>, Vec<_>) = later
        .into_iter()
        .partition(|(file, _)| *file == InputFile::ScanReview);
    let reading = (with.scanner, keys.as_ref());
    let referring = read_referring_files(referring_files, &accounts, chunk_size, reading)?;
    reports.extend(duties.reports);
    rejects.extend(duties.rejects);
    let mut found = Vec::new();
    let mut dataset = Dataset {
        units,
        accounts,
        posts: Posts::default(),
        engagement: None,
        messages: None,
        violations: None,
        filings: None,
        appeals: None,
        scan_review: None,
        account_columns,
        tasks: duties.tasks,
        task_posts: TaskPosts::default(),
        calendar: duties.calendar,
    };
    for (report, table, mut file_rejects) in referring {
        reports.push(report);
        rejects.append(&mut file_rejects);
        match table {
            Some(Table::Posts(t, f, p)) => (dataset.posts, found, dataset.task_posts) = (t, f, p),
            Some(Table::Engagement(t)) => dataset.engagement = Some(t),
            Some(Table::Messages(t)) => dataset.messages = Some(t),
            Some(Table::Violations(t)) => dataset.violations = Some(t),
            Some(Table::Filings(t)) => dataset.filings = Some(t),
            None => {}
        }
    }
    for (file, located) in review_file {
        let (report, mut file_rejects) = read_review(file, located, &mut dataset, chunk_size)?;
        reports.push(report);
        rejects.append(&mut file_rejects);
    }
    for (file, located) in appeals_file {
        let Some((path, format)) = located else {
            reports.push(absent_report(file));
            continue;
        };
        let (opened, mut reader, appeals) =
            read_file((file, path, format), chunk_size, |reader, opened| {
                read_appeals(reader, opened, &dataset)
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
    reports.sort_by_key(|r| r.file);
    Ok(Ingested {
        dataset,
        report: IngestReport {
            files: reports,
            rejects,
        },
        found,
    })
}

/// scan_review.csv (SPEC §16.2), read after violations.csv in one key space with it: its rows
/// kept in the dataset, the confirmed ones added to the violations.
fn read_review(
    file: InputFile,
    located: Located,
    dataset: &mut Dataset,
    chunk_size: ChunkSize,
) -> Result<(FileReport, Vec<Reject>), InputError> {
    let Some((path, format)) = located else {
        return Ok((absent_report(file), Vec::new()));
    };
    let account_index: HashMap<&str, u32> = (dataset.accounts.iter().enumerate())
        .map(|(i, a)| (a.account_id.as_str(), i as u32))
        .collect();
    let ids: HashSet<&str> = (dataset.violations.iter().flatten())
        .map(|v| v.violation_id.as_str())
        .collect();
    let (opened, reader, rows) = read_file((file, path, format), chunk_size, |reader, opened| {
        read_scan_review(reader, opened, &account_index, &ids)
    })?;
    let report = file_report(&opened, opened.sha256()?, &reader, rows.len() as u64);
    let confirmed: Vec<Violation> = (rows.iter())
        .filter(|r| r.decision == crate::model::ReviewDecision::Confirmed)
        .map(|r| r.violation.clone())
        .collect();
    if !confirmed.is_empty() {
        dataset
            .violations
            .get_or_insert_with(Vec::new)
            .extend(confirmed);
    }
    dataset.scan_review = Some(rows);
    Ok((report, reader.rejects))
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
    reading: (Option<&crate::scan::Scanner>, Option<&TaskKeys>),
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
                read_referring(file, reader, opened, &account_index, reading)
            })?;
        let report = file_report(&opened, opened.sha256()?, &reader, table.len());
        crate::memory::give_back();
        referring.push((report, Some(table), reader.rejects));
    }
    Ok(referring)
}

/// The accepted rows of a file that refers to accounts.
enum Table {
    Posts(Posts, Vec<(u32, crate::scan::Found)>, TaskPosts),
    Engagement(Engagement),
    Messages(Vec<Message>),
    Violations(Vec<Violation>),
    Filings(Vec<Filing>),
}

impl Table {
    fn len(&self) -> u64 {
        (match self {
            Table::Posts(t, _, _) => t.account.len(),
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
    (scanner, tasks): (Option<&crate::scan::Scanner>, Option<&TaskKeys>),
) -> Result<Table, InputError> {
    Ok(match file {
        InputFile::Posts => {
            let (posts, found, task_posts) = read_posts(reader, opened, accounts, scanner, tasks)?;
            Table::Posts(posts, found, task_posts)
        }
        InputFile::Engagement => Table::Engagement(read_engagement(reader, opened, accounts)?),
        InputFile::Messages => Table::Messages(read_messages(reader, opened, accounts)?),
        InputFile::Violations => Table::Violations(read_violations(reader, opened, accounts)?),
        // Units and accounts are read before the files that refer to them, appeals after them:
        // they never come here.
        InputFile::Filings
        | InputFile::Units
        | InputFile::Accounts
        | InputFile::Appeals
        | InputFile::ScanReview
        | InputFile::Tasks
        | InputFile::Calendar => Table::Filings(read_filings(reader, opened, accounts)?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::row::RejectKind;

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
                ingest_files(
                    &dir,
                    ChunkSize {
                        bytes,
                        rows,
                        reading,
                    },
                    With::default(),
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
            ingest_files(
                dir.path(),
                ChunkSize {
                    bytes: 7,
                    rows: 7,
                    reading,
                },
                With::default(),
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
            ingest_files(
                dir.path(),
                ChunkSize {
                    rows,
                    ..ChunkSize::default()
                },
                With::default(),
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
