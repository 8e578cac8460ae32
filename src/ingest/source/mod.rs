//! Opening one input file: finding `<stem>.csv` or `<stem>.parquet`, detecting the encoding,
//! hashing the bytes, resolving the header against the schema, and handing out the rows as cells.
//! Each format in its own file: stream.rs (CSV), parquet.rs, encoding.rs, header.rs.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::DataFrame;
use sha2::{Digest, Sha256};

use super::schema::InputFile;
use crate::error::InputError;

mod encoding;
mod header;
mod parquet;
mod stream;

pub(crate) use encoding::{decode, read_decoded};

use parquet::parquet_error;
pub(crate) use stream::line_breaks;
use stream::{Stream, csv_chunks, is_blank, record_cell, record_reader, record_start};

/// How the file was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV.
    Csv,
    /// Apache Parquet.
    Parquet,
}

/// The character encoding found in a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel's "CSV UTF-8" writes).
    Utf8Bom,
    /// GB18030, a superset of GBK (as Excel and WPS write on Chinese Windows).
    Gb18030,
    /// Not text: a Parquet file.
    Binary,
}

impl Encoding {
    /// The name reported in summaries.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
            Encoding::Binary => "parquet",
        }
    }
}

/// One cell as the file gives it: text from a CSV, or a typed value from a Parquet column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Absent column or null value.
    Null,
    /// Text borrowed from the file (not yet trimmed).
    Text(&'a str),
    /// Text that had to be made (e.g. a number in a Parquet text column).
    Owned(String),
    /// A Parquet boolean.
    Bool(bool),
    /// A Parquet integer.
    Int(i128),
    /// A Parquet float.
    Float(f64),
    /// A Parquet date.
    Date(NaiveDate),
    /// A Parquet timestamp (taken as local wall-clock time).
    DateTime(NaiveDateTime),
}

impl Cell<'_> {
    /// The cell as the user would see it, for reject lines.
    pub(crate) fn raw_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(t) => (*t).to_string(),
            Cell::Owned(t) => t.clone(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => f.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::DateTime(t) => t.to_string(),
        }
    }
}

/// One data row, handed to the row visitor.
#[derive(Debug)]
pub(crate) enum RowContent<'a> {
    /// One cell per schema column, in schema order (`Cell::Null` where the column is absent).
    Cells(&'a [Cell<'a>]),
    /// A CSV record whose number of fields differs from the header's.
    WrongFieldCount {
        fields: usize,
        expected: usize,
        raw: &'a str,
    },
}

/// A piece of a file's data rows that can be read on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Chunk {
    /// CSV: first byte; Parquet: first row.
    pub start: usize,
    /// CSV: end byte (exclusive); Parquet: end row (exclusive).
    pub end: usize,
    /// Physical line of `start`.
    pub line: u64,
    /// Whether a carriage return alone ends a line somewhere in the piece (CSV): then lines are
    /// counted by [`line_breaks`] rather than by the csv crate, which counts only LF.
    pub lone_cr: bool,
}

/// Pieces of a file handed out together: parsed on all cores while the previous wave is accepted.
pub(crate) struct Wave {
    /// The bytes of a streamed CSV from file offset `base`; `None` when the pieces are in the
    /// opened file (decoded text) or in `frame`.
    buffer: Option<Vec<u8>>,
    /// A Parquet file's used columns from row `base`.
    frame: Option<DataFrame>,
    base: usize,
    /// The pieces, in file order (offsets in the file).
    pub chunks: Vec<Chunk>,
}

/// Where a row was read, to report it and to find its raw cells again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowAt {
    /// Physical line where the record starts (the header is line 1).
    pub line: u64,
    /// CSV: byte offset of the record; Parquet: row number.
    pub at: usize,
}

/// What is known about a file once opened.
#[derive(Debug, Clone)]
pub(crate) struct FileInfo {
    /// Which input this is.
    pub file: InputFile,
    /// Its path.
    pub path: PathBuf,
    /// Its file name (`units.csv`), as written in `rejects.csv`.
    pub file_name: String,
    /// CSV or Parquet.
    pub format: Format,
    /// The encoding detected.
    pub encoding: Encoding,
    /// SHA-256 of the file's bytes, lower-case hex, when taken on opening (files whose bytes
    /// are transformed); `None` = taken later by [`OpenedFile::sha256`].
    pub sha256: Option<String>,
    /// Header names that are not columns of this file, as written.
    pub ignored_columns: Vec<String>,
    /// For each schema column, whether the header has it.
    pub has_column: Vec<bool>,
}

/// An opened input file, ready to hand out its rows.
pub(crate) struct OpenedFile {
    /// What is known about it.
    pub info: FileInfo,
    body: Body,
}

enum Body {
    Csv {
        text: Text,
        /// Where the first data record may start (after the BOM and the header).
        data_start: usize,
        /// The physical line of `data_start`.
        data_line: u64,
        mapping: Vec<Option<usize>>,
        header_fields: usize,
    },
    /// A Parquet file in memory, its used columns decoded a wave of row groups at a time: read
    /// whole into one frame, a national posts file took three times its size.
    Parquet {
        bytes: Vec<u8>,
        metadata: FileMetadataRef,
        /// The file's columns read, in file order.
        projection: Vec<usize>,
        /// The file's column names.
        header: Vec<String>,
        /// For each schema column, its place among the columns read.
        mapping: Vec<Option<usize>>,
        /// The row group last decoded for [`OpenedFile::raw_cell`], with its rows: the rows
        /// asked for come in file order, so each row group is decoded once however many of
        /// its rows are repeated (decoded for each row, 20,000 repeated posts of a province
        /// file took 40 s).
        raw_group: std::sync::Mutex<Option<(std::ops::Range<usize>, DataFrame)>>,
    },
}

/// A CSV file's text: in memory when decoded from GB18030, else read from the file a wave at a
/// time, so that a file's text is never in memory whole.
enum Text {
    Whole {
        text: String,
        /// Whether some line ends with a carriage return alone (old Mac exports).
        lone_cr: bool,
    },
    Streamed {
        /// Length when opened.
        len: u64,
        /// Rows estimated from the first block.
        rows: usize,
        /// SHA-256 of the bytes, once the last wave is read.
        sha256: std::sync::OnceLock<String>,
    },
}

/// How an input is opened.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Reading {
    /// Stream a UTF-8 CSV, deciding the encoding and reading the header from a first block of
    /// this many bytes.
    Streamed { head: usize },
    /// Read the whole file into memory (a file not UTF-8 in its first block; tests).
    Whole,
}

/// Finds `<stem>.csv` or `<stem>.parquet` in `dir`; `None` if neither is there.
pub(crate) fn locate(dir: &Path, file: InputFile) -> Result<Option<(PathBuf, Format)>, InputError> {
    let csv = dir.join(format!("{}.csv", file.stem()));
    let parquet = dir.join(format!("{}.parquet", file.stem()));
    let (csv_there, parquet_there) = (present(&csv)?, present(&parquet)?);
    match (csv_there, parquet_there) {
        (true, true) => Err(InputError::BothFormats {
            dir: dir.to_path_buf(),
            stem: file.stem(),
        }),
        (true, false) => Ok(Some((csv, Format::Csv))),
        (false, true) => Ok(Some((parquet, Format::Parquet))),
        (false, false) => Ok(None),
    }
}

/// Whether an input file is there: absent is `false`; a regular file (or a link to one) is
/// `true`; anything else by that name (a link to nothing, a folder, a device) is an error, never
/// taken for an absent file.
fn present(path: &Path) -> Result<bool, InputError> {
    let Ok(link) = std::fs::symlink_metadata(path) else {
        return Ok(false);
    };
    let what = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => return Ok(true),
        Ok(m) if m.is_dir() => "a folder",
        Ok(_) => "a special file",
        Err(_) if link.file_type().is_symlink() => "a link to something that is not there",
        Err(source) => {
            return Err(InputError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    Err(InputError::NotAFile {
        path: path.to_path_buf(),
        what,
    })
}

impl OpenedFile {
    /// Opens the file and resolves its header: a UTF-8 CSV is streamed (`reading`), any other
    /// CSV is read, decoded and hashed whole, a Parquet file read in its used columns.
    pub(crate) fn open(
        file: InputFile,
        path: PathBuf,
        format: Format,
        reading: Reading,
    ) -> Result<OpenedFile, InputError> {
        let io = |source| InputError::Io {
            path: path.clone(),
            source,
        };
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.stem().to_string());
        if let (Format::Csv, Reading::Streamed { head }) = (format, reading) {
            let len = std::fs::metadata(&path).map_err(io)?.len();
            let mut first = Vec::new();
            std::io::Read::take(std::fs::File::open(&path).map_err(io)?, head.max(1) as u64)
                .read_to_end(&mut first)
                .map_err(io)?;
            if let Some(opened) = OpenedFile::open_streamed(file, &path, &file_name, &first, len)? {
                return Ok(opened);
            }
        }
        let bytes = std::fs::read(&path).map_err(io)?;
        match format {
            Format::Csv => OpenedFile::open_csv(file, path, file_name, bytes),
            Format::Parquet => OpenedFile::open_parquet(file, path, file_name, bytes),
        }
    }

    /// SHA-256 of the file's bytes, lower-case hex (for a streamed file: known once it is read
    /// to the end; taken from the file now if it was not).
    pub(crate) fn sha256(&self) -> Result<String, InputError> {
        if let Some(hash) = &self.info.sha256 {
            return Ok(hash.clone());
        }
        if let Body::Csv {
            text: Text::Streamed { sha256, .. },
            ..
        } = &self.body
            && let Some(hash) = sha256.get()
        {
            return Ok(hash.clone());
        }
        let (mut file, mut hasher) = (self.reopen()?, Sha256::new());
        let mut block = vec![0; 1 << 20];
        loop {
            match file.read(&mut block).map_err(|source| self.io(source))? {
                0 => return Ok(hex(&hasher.finalize())),
                n => hasher.update(&block[..n]),
            }
        }
    }

    fn reopen(&self) -> Result<std::fs::File, InputError> {
        std::fs::File::open(&self.info.path).map_err(|source| self.io(source))
    }

    fn polars(&self, error: polars::error::PolarsError) -> InputError {
        parquet_error(&self.info.path, error)
    }

    fn io(&self, source: std::io::Error) -> InputError {
        InputError::Io {
            path: self.info.path.clone(),
            source,
        }
    }

    /// About how many data rows there are (CSV: line ends; streamed: estimated from the first
    /// block), to size tables before reading.
    pub(crate) fn row_estimate(&self) -> usize {
        match &self.body {
            Body::Csv {
                text: Text::Whole { text, .. },
                ..
            } => memchr::memchr_iter(b'\n', text.as_bytes()).count(),
            Body::Csv {
                text: Text::Streamed { rows, .. },
                ..
            } => *rows,
            Body::Parquet { metadata, .. } => metadata.num_rows,
        }
    }

    /// The extent of the data rows the pieces cover: CSV bytes or Parquet rows.
    pub(crate) fn extent(&self) -> usize {
        match &self.body {
            Body::Csv {
                text: Text::Whole { text, .. },
                data_start,
                ..
            } => text.len() - data_start,
            Body::Csv {
                text: Text::Streamed { len, .. },
                data_start,
                ..
            } => (*len as usize).saturating_sub(*data_start),
            Body::Parquet { metadata, .. } => metadata.num_rows,
        }
    }

    /// The data rows in waves of `per_wave` pieces of about `target_bytes` (CSV) or
    /// `target_rows` (Parquet) that can be read independently, in file order. A CSV piece always
    /// starts where a record starts, found by following the quoting from the top of the file (a
    /// line end inside a quoted field is not a record end).
    pub(crate) fn waves(
        &self,
        target_bytes: usize,
        target_rows: usize,
        per_wave: usize,
    ) -> Waves<'_> {
        let per_wave = per_wave.max(1);
        let listed = |chunks: Vec<Chunk>| {
            let waves: Vec<Vec<Chunk>> = chunks.chunks(per_wave).map(<[_]>::to_vec).collect();
            Waves::Listed(waves.into_iter())
        };
        match &self.body {
            Body::Csv {
                text: Text::Whole { text, lone_cr },
                data_start,
                data_line,
                ..
            } => listed(csv_chunks(
                text.as_bytes(),
                (*data_start, *data_line),
                target_bytes.max(1),
                *lone_cr,
            )),
            Body::Csv {
                text: Text::Streamed { .. },
                data_start,
                data_line,
                ..
            } => Waves::Reading(Box::new(Stream {
                opened: self,
                file: None,
                carry: Vec::new(),
                spare: Vec::new(),
                base: *data_start,
                line: *data_line,
                read: 0,
                hasher: Sha256::new(),
                target: target_bytes.max(1),
                wave_bytes: target_bytes.max(1).saturating_mul(per_wave),
                done: false,
            })),
            Body::Parquet { metadata, .. } => {
                let rows_per_wave = target_rows.max(1).saturating_mul(per_wave);
                Waves::Parquet {
                    opened: self,
                    groups: row_group_waves(metadata, rows_per_wave).into_iter(),
                    target_rows: target_rows.max(1),
                }
            }
        }
    }

    /// Calls `visit(at, row)` for every data row of `chunk` in file order. Blank lines are
    /// skipped. For a Parquet file, `line` is the row number counted as if the header were line 1.
    pub(crate) fn for_each_row_in(
        &self,
        wave: &Wave,
        chunk: &Chunk,
        mut visit: impl FnMut(RowAt, RowContent<'_>),
    ) -> Result<(), InputError> {
        match &self.body {
            Body::Csv {
                text: whole,
                mapping,
                header_fields,
                ..
            } => {
                let lone_cr = &chunk.lone_cr;
                let text = self.piece(whole, wave, chunk)?;
                // With lone carriage returns, lines are counted here, from record to record.
                let mut counted = (0usize, chunk.line);
                let kept: Vec<bool> = self.info.file.columns().iter().map(|c| c.kept).collect();
                let mut reader = record_reader(text);
                let mut record = csv::ByteRecord::new();
                loop {
                    let more = reader
                        .read_byte_record(&mut record)
                        .map_err(|e| self.malformed(&e, text, chunk.line, *lone_cr))?;
                    if !more {
                        return Ok(());
                    }
                    if is_blank(&record) {
                        continue;
                    }
                    let (start, line) = record_start(text, record.position());
                    let line = if *lone_cr {
                        counted.1 += line_breaks(&text.as_bytes()[counted.0..start], true);
                        counted.0 = start;
                        counted.1
                    } else {
                        chunk.line + line - 1
                    };
                    let at = RowAt {
                        line,
                        at: chunk.start + start,
                    };
                    if record.len() != *header_fields {
                        let end = (reader.position().byte() as usize).min(text.len());
                        let raw = text
                            .get(start..end)
                            .unwrap_or("")
                            .trim_end_matches(['\r', '\n']);
                        visit(
                            at,
                            RowContent::WrongFieldCount {
                                fields: record.len(),
                                expected: *header_fields,
                                raw,
                            },
                        );
                        continue;
                    }
                    // The whole text is valid UTF-8 and fields split at ASCII bytes, so the
                    // record's fields convert, at once, and each is a slice of them (checked
                    // once a record, not once a field); columns nothing uses are not taken.
                    // On the stack: no allocation per row.
                    let fields = simdutf8::basic::from_utf8(record.as_slice()).unwrap_or_default();
                    let mut cells: [Cell<'_>; MAX_COLUMNS] = std::array::from_fn(|_| Cell::Null);
                    for ((cell, m), kept) in cells.iter_mut().zip(mapping).zip(&kept) {
                        let field = m.and_then(|i| record.range(i)).and_then(|r| fields.get(r));
                        if let (Some(field), true) = (field, *kept) {
                            *cell = Cell::Text(field);
                        }
                    }
                    visit(at, RowContent::Cells(&cells[..mapping.len()]));
                }
            }
            Body::Parquet { mapping, .. } => self.parquet_rows_in(wave, chunk, mapping, visit),
        }
    }

    /// The text of a CSV piece: from the decoded text, or from the wave's bytes once they are
    /// found to be UTF-8 (a piece starts and ends where a record does, on a character boundary).
    fn piece<'w>(
        &'w self,
        text: &'w Text,
        wave: &'w Wave,
        chunk: &Chunk,
    ) -> Result<&'w str, InputError> {
        match (text, &wave.buffer) {
            (Text::Whole { text, .. }, _) => Ok(&text[chunk.start..chunk.end]),
            (Text::Streamed { .. }, Some(buffer)) => {
                let piece = (chunk.start - wave.base)..(chunk.end - wave.base);
                simdutf8::basic::from_utf8(&buffer[piece]).map_err(|_| InputError::NotUtf8Further {
                    path: self.info.path.clone(),
                })
            }
            (Text::Streamed { .. }, None) => Ok(""),
        }
    }

    /// The raw text of the schema column `column` in the row at `at`, for a reject line written
    /// after the row was parsed (duplicates are found once rows are typed).
    pub(crate) fn raw_cell(&self, at: usize, column: usize) -> String {
        match &self.body {
            Body::Csv {
                text: Text::Whole { text, .. },
                mapping,
                ..
            } => record_cell(text.get(at..).unwrap_or(""), mapping.get(column)).0,
            Body::Csv {
                text: Text::Streamed { len, .. },
                mapping,
                ..
            } => {
                // Read from the file: a window after `at`, larger until it holds the record.
                let mut window = 4096u64;
                loop {
                    let mut bytes = Vec::new();
                    let read = self.reopen().ok().and_then(|mut file| {
                        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(at as u64)).ok()?;
                        std::io::Read::read_to_end(
                            &mut std::io::Read::take(file, window),
                            &mut bytes,
                        )
                        .ok()
                    });
                    let (cell, ended) =
                        record_cell(&String::from_utf8_lossy(&bytes), mapping.get(column));
                    if read.is_none() || ended || at as u64 + window >= *len {
                        return cell;
                    }
                    window = window.saturating_mul(16);
                }
            }
            Body::Parquet {
                mapping,
                metadata,
                raw_group,
                ..
            } => match mapping.get(column) {
                Some(Some(i)) => self
                    .parquet_raw_cell(metadata, raw_group, at, *i)
                    .unwrap_or_default(),
                _ => String::new(),
            },
        }
    }

    fn malformed(
        &self,
        error: &csv::Error,
        text: &str,
        first_line: u64,
        lone_cr: bool,
    ) -> InputError {
        let line = error.position().map_or(first_line, |p| {
            let at = (p.byte() as usize).min(text.len());
            first_line + line_breaks(&text.as_bytes()[..at], lone_cr)
        });
        InputError::Malformed {
            path: self.info.path.clone(),
            line,
            message: error.to_string(),
        }
    }
}

/// The waves of an opened file, one after the other.
pub(crate) enum Waves<'f> {
    /// Pieces of a file held in memory.
    Listed(std::vec::IntoIter<Vec<Chunk>>),
    /// A streamed CSV, read as it goes.
    Reading(Box<Stream<'f>>),
    /// A Parquet file, its rows decoded a wave of whole row groups at a time.
    Parquet {
        opened: &'f OpenedFile,
        groups: std::vec::IntoIter<std::ops::Range<usize>>,
        target_rows: usize,
    },
}

/// The rows of a Parquet file in waves of whole row groups (a row group is decoded at once),
/// each of about `rows_per_wave` rows or one row group.
fn row_group_waves(
    metadata: &FileMetadataRef,
    rows_per_wave: usize,
) -> Vec<std::ops::Range<usize>> {
    let mut waves: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for group in &metadata.row_groups {
        let end = start + group.num_rows();
        match waves.last_mut() {
            Some(last) if last.len() + group.num_rows() <= rows_per_wave => {
                last.end = end;
            }
            _ => waves.push(start..end),
        }
        start = end;
    }
    waves.retain(|wave| !wave.is_empty());
    waves
}

impl Waves<'_> {
    /// The next wave, `None` after the last.
    pub(crate) fn next_wave(&mut self) -> Result<Option<Wave>, InputError> {
        match self {
            Waves::Listed(waves) => Ok(waves.next().map(|chunks| Wave {
                buffer: None,
                frame: None,
                base: 0,
                chunks,
            })),
            Waves::Reading(stream) => stream.next_wave(),
            Waves::Parquet {
                opened,
                groups,
                target_rows,
            } => {
                let Some(rows) = groups.next() else {
                    return Ok(None);
                };
                let frame = opened.parquet_rows(rows.clone())?;
                let step = *target_rows;
                let chunks = (rows.clone().step_by(step))
                    .map(|start| Chunk {
                        start,
                        end: (start + step).min(rows.end),
                        line: start as u64 + 2,
                        lone_cr: false,
                    })
                    .collect();
                Ok(Some(Wave {
                    buffer: None,
                    frame: Some(frame),
                    base: rows.start,
                    chunks,
                }))
            }
        }
    }

    /// Takes back a parsed wave's buffer, to be filled again.
    pub(crate) fn recycle(&mut self, wave: Wave) {
        if let (Waves::Reading(stream), Some(buffer)) = (self, wave.buffer)
            && stream.spare.len() < 2
        {
            stream.spare.push(buffer);
        }
    }
}

/// The most columns an input file has (accounts.csv: 12), checked when compiling.
pub(super) const MAX_COLUMNS: usize = 16;

const _: () = {
    let files = super::schema::InputFile::ALL;
    let mut i = 0;
    while i < files.len() {
        assert!(files[i].columns().len() <= MAX_COLUMNS);
        i += 1;
    }
};

pub(crate) use crate::values::hex;
