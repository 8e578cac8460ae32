//! Opening one input file: finding `<stem>.csv` or `<stem>.parquet`, detecting the encoding,
//! hashing the bytes, resolving the header against the schema, and handing out the rows as cells.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::{AnyValue, DataFrame, DataType, ParquetReader, SerReader, TimeUnit};
use polars_arrow::datatypes::ArrowDataType;
use sha2::{Digest, Sha256};

use super::schema::{ColumnSpec, InputFile};
use crate::error::InputError;

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
pub enum Cell<'a> {
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
    pub fn raw_text(&self) -> String {
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
pub enum RowContent<'a> {
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
pub struct Chunk {
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
pub struct Wave {
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
pub struct RowAt {
    /// Physical line where the record starts (the header is line 1).
    pub line: u64,
    /// CSV: byte offset of the record; Parquet: row number.
    pub at: usize,
}

/// What is known about a file once opened.
#[derive(Debug, Clone)]
pub struct FileInfo {
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
pub struct OpenedFile {
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
pub enum Reading {
    /// Stream a UTF-8 CSV, deciding the encoding and reading the header from a first block of
    /// this many bytes.
    Streamed { head: usize },
    /// Read the whole file into memory (a file not UTF-8 in its first block; tests).
    Whole,
}

/// Finds `<stem>.csv` or `<stem>.parquet` in `dir`; `None` if neither is there.
pub fn locate(dir: &Path, file: InputFile) -> Result<Option<(PathBuf, Format)>, InputError> {
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
    pub fn open(
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

    /// Opens a CSV file to be streamed, from its first block: `None` when that block is not
    /// UTF-8 or does not hold the whole header (then the file is read whole).
    fn open_streamed(
        file: InputFile,
        path: &Path,
        file_name: &str,
        first: &[u8],
        len: u64,
    ) -> Result<Option<OpenedFile>, InputError> {
        let complete = first.len() as u64 >= len;
        // A character cut by the end of the block is not an error; the rest is read later.
        let valid = match std::str::from_utf8(first) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() && !complete => {
                std::str::from_utf8(&first[..e.valid_up_to()]).unwrap_or_default()
            }
            Err(_) => return Ok(None),
        };
        let bom = valid.starts_with('\u{FEFF}');
        let text_start = if bom { 3 } else { 0 };
        let (header, header_end) = match read_header(&valid[text_start..], path) {
            Ok(found) => found,
            Err(_) if !complete => return Ok(None),
            Err(e) => return Err(e),
        };
        let data_start = text_start + header_end;
        if data_start >= valid.len() && !complete {
            return Ok(None);
        }
        let data_line = line_of(valid.as_bytes(), data_start);
        // Rows estimated from the block's line ends (exact when it holds the whole file).
        let lines = memchr::memchr_iter(b'\n', first).count() as f64;
        let rows = if complete {
            lines as usize
        } else {
            (lines * len as f64 / first.len().max(1) as f64 * 1.05) as usize + 16
        };
        let (mapping, ignored_columns) = match resolve_header(file, &header, path) {
            Ok(resolved) => resolved,
            // Reported as reading the whole file reports it (its encoding is checked first).
            Err(_) if !complete => return Ok(None),
            Err(e) => return Err(e),
        };
        let has_column = mapping.iter().map(Option::is_some).collect();
        Ok(Some(OpenedFile {
            info: FileInfo {
                file,
                path: path.to_path_buf(),
                file_name: file_name.to_string(),
                format: Format::Csv,
                encoding: if bom {
                    Encoding::Utf8Bom
                } else {
                    Encoding::Utf8
                },
                sha256: None,
                ignored_columns,
                has_column,
            },
            body: Body::Csv {
                text: Text::Streamed {
                    len,
                    rows,
                    sha256: std::sync::OnceLock::new(),
                },
                data_start,
                data_line,
                mapping,
                header_fields: header.len(),
            },
        }))
    }

    /// Decodes a whole CSV file and resolves its header.
    fn open_csv(
        file: InputFile,
        path: PathBuf,
        file_name: String,
        bytes: Vec<u8>,
    ) -> Result<OpenedFile, InputError> {
        let (text, encoding, sha256) = decode(bytes, &path)?;
        let sha256 = sha256.or_else(|| Some(hex(&Sha256::digest(text.as_bytes()))));
        let text_start = if encoding == Encoding::Utf8Bom { 3 } else { 0 };
        let (header, header_end) = read_header(&text[text_start..], &path)?;
        let data_start = text_start + header_end;
        let lone_cr = has_lone_cr(text.as_bytes());
        let data_line = line_of(text.as_bytes(), data_start);
        let header_fields = header.len();
        let (mapping, ignored_columns) = resolve_header(file, &header, &path)?;
        let has_column = mapping.iter().map(Option::is_some).collect();
        Ok(OpenedFile {
            info: FileInfo {
                file,
                path,
                file_name,
                format: Format::Csv,
                encoding,
                sha256,
                ignored_columns,
                has_column,
            },
            body: Body::Csv {
                text: Text::Whole { text, lone_cr },
                data_start,
                data_line,
                mapping,
                header_fields,
            },
        })
    }

    /// Reads the used columns of a Parquet file, refusing types with no value form.
    fn open_parquet(
        file: InputFile,
        path: PathBuf,
        file_name: String,
        bytes: Vec<u8>,
    ) -> Result<OpenedFile, InputError> {
        let sha256 = Some(hex(&Sha256::digest(&bytes)));
        let parquet_error = |e| parquet_error(&path, e);
        let mut reader = ParquetReader::new(std::io::Cursor::new(bytes.as_slice()));
        let schema = reader.schema().map_err(parquet_error)?;
        let header: Vec<String> = schema.iter_names().map(|name| name.to_string()).collect();
        let (mapping, ignored_columns) = resolve_header(file, &header, &path)?;
        // Nested and other types with no value form are refused before reading.
        for (spec, m) in file.columns().iter().zip(&mapping) {
            if let Some(field) = m.and_then(|i| schema.iter_values().nth(i))
                && !readable_type(field.dtype())
            {
                return Err(InputError::ParquetType {
                    path: path.clone(),
                    column: spec.name,
                    found: format!("{:?}", field.dtype()),
                });
            }
        }
        let has_column = mapping.iter().map(Option::is_some).collect();
        let metadata = reader.get_metadata().map_err(parquet_error)?.clone();
        // Only the columns used are read, each as one contiguous array so that a cell is
        // found by its row number alone.
        let used = |(m, spec): (&Option<usize>, &ColumnSpec)| m.filter(|_| spec.kept);
        let mut projection: Vec<usize> = mapping
            .iter()
            .zip(file.columns())
            .filter_map(used)
            .collect();
        projection.sort_unstable();
        let mapping = mapping
            .iter()
            .zip(file.columns())
            .map(|column| used(column).and_then(|i| projection.binary_search(&i).ok()))
            .collect();
        Ok(OpenedFile {
            info: FileInfo {
                file,
                path,
                file_name,
                format: Format::Parquet,
                encoding: Encoding::Binary,
                sha256,
                ignored_columns,
                has_column,
            },
            body: Body::Parquet {
                bytes,
                metadata,
                projection,
                header,
                mapping,
                raw_group: std::sync::Mutex::new(None),
            },
        })
    }

    /// Rows `rows` of a Parquet file's used columns, checked (a binary column must hold text).
    fn parquet_rows(&self, rows: std::ops::Range<usize>) -> Result<DataFrame, InputError> {
        let Body::Parquet {
            bytes,
            metadata,
            projection,
            header,
            ..
        } = &self.body
        else {
            return Ok(DataFrame::empty());
        };
        let mut reader = ParquetReader::new(std::io::Cursor::new(bytes.as_slice()));
        reader.set_metadata(metadata.clone());
        let mut frame = reader
            .with_projection(Some(projection.clone()))
            .with_slice(Some((rows.start, rows.len())))
            .finish()
            .map_err(|e| self.polars(e))?;
        frame.rechunk_mut_par();
        check_binary_is_text(&frame, projection, header, &self.info.path, rows.start)?;
        Ok(frame)
    }

    /// SHA-256 of the file's bytes, lower-case hex (for a streamed file: known once it is read
    /// to the end; taken from the file now if it was not).
    pub fn sha256(&self) -> Result<String, InputError> {
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
    pub fn row_estimate(&self) -> usize {
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
    pub fn extent(&self) -> usize {
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
    pub fn waves(&self, target_bytes: usize, target_rows: usize, per_wave: usize) -> Waves<'_> {
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
    pub fn for_each_row_in(
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

    /// [`OpenedFile::for_each_row_in`] for a Parquet file: the rows of `chunk` in the wave's
    /// frame, `line` counted as if the header were line 1.
    fn parquet_rows_in(
        &self,
        wave: &Wave,
        chunk: &Chunk,
        mapping: &[Option<usize>],
        mut visit: impl FnMut(RowAt, RowContent<'_>),
    ) -> Result<(), InputError> {
        let Some(frame) = &wave.frame else {
            return Ok(());
        };
        let columns: Vec<Option<Access<'_>>> = (mapping.iter())
            .map(|m| m.map(|i| Access::of(&frame.columns()[i])))
            .collect();
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(mapping.len());
        for row in chunk.start..chunk.end {
            cells.clear();
            for column in &columns {
                cells.push(match column {
                    Some(column) => column.cell(row - wave.base).map_err(|e| self.polars(e))?,
                    None => Cell::Null,
                });
            }
            let at = RowAt {
                line: row as u64 + 2,
                at: row,
            };
            visit(at, RowContent::Cells(&cells));
        }
        Ok(())
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
    pub fn raw_cell(&self, at: usize, column: usize) -> String {
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

    /// [`OpenedFile::raw_cell`] of a Parquet file: the cell of row `at` in its row group,
    /// decoded unless it is the one kept from the call before.
    fn parquet_raw_cell(
        &self,
        metadata: &FileMetadataRef,
        raw_group: &std::sync::Mutex<Option<(std::ops::Range<usize>, DataFrame)>>,
        at: usize,
        column: usize,
    ) -> Option<String> {
        let mut kept = raw_group.lock().ok()?;
        if !kept.as_ref().is_some_and(|(rows, _)| rows.contains(&at)) {
            // Waves of one row: one row group each.
            let rows = (row_group_waves(metadata, 1).into_iter()).find(|r| r.contains(&at))?;
            *kept = Some((rows.clone(), self.parquet_rows(rows).ok()?));
        }
        let (rows, frame) = kept.as_ref()?;
        let cell = Access::of(frame.columns().get(column)?).cell(at - rows.start);
        Some(cell.ok()?.raw_text())
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
pub enum Waves<'f> {
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
    pub fn next_wave(&mut self) -> Result<Option<Wave>, InputError> {
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
    pub fn recycle(&mut self, wave: Wave) {
        if let (Waves::Reading(stream), Some(buffer)) = (self, wave.buffer)
            && stream.spare.len() < 2
        {
            stream.spare.push(buffer);
        }
    }
}

/// A UTF-8 CSV file read a wave at a time: each wave ends where a record ends, the bytes after
/// it are carried into the next, and every byte read is hashed in file order.
pub struct Stream<'f> {
    opened: &'f OpenedFile,
    file: Option<std::fs::File>,
    /// Bytes read after the last wave's end.
    carry: Vec<u8>,
    /// Buffers of parsed waves.
    spare: Vec<Vec<u8>>,
    /// File offset and physical line of `carry[0]`.
    base: usize,
    line: u64,
    /// Bytes read from the file.
    read: u64,
    hasher: Sha256,
    target: usize,
    wave_bytes: usize,
    done: bool,
}

impl Stream<'_> {
    fn next_wave(&mut self) -> Result<Option<Wave>, InputError> {
        if self.done {
            return Ok(None);
        }
        if self.file.is_none() {
            // The header is hashed here, not parsed again.
            let mut file = self.opened.reopen()?;
            let mut header = vec![0; self.base];
            std::io::Read::read_exact(&mut file, &mut header)
                .map_err(|source| self.opened.io(source))?;
            self.hasher.update(&header);
            self.read = header.len() as u64;
            self.file = Some(file);
        }
        let mut buffer = self.spare.pop().unwrap_or_default();
        buffer.clear();
        // Room for a wave and the piece carried into it, once: grown by reading, a buffer was
        // copied into a larger one as it filled (the pages of each new one zeroed again).
        let carried = self.carry.len();
        let room = (self
            .wave_bytes
            .saturating_add(self.target.saturating_mul(2)))
        .max(carried.saturating_add(self.wave_bytes))
        .min(carried.saturating_add(self.unread()));
        buffer.reserve_exact(room);
        buffer.extend_from_slice(&self.carry);
        let mut upto = buffer.len().saturating_add(self.wave_bytes);
        loop {
            let eof = self.fill(&mut buffer, upto)?;
            let lone_cr = has_lone_cr(&buffer);
            let mut chunks = csv_chunks(&buffer, (0, self.line), self.target, lone_cr);
            let cut = if eof {
                self.finish()?;
                buffer.len()
            } else {
                match chunks.pop() {
                    Some(tail) if !chunks.is_empty() => {
                        self.line = tail.line;
                        tail.start
                    }
                    // Not one record end yet (a very long record): read more.
                    _ => {
                        upto = buffer.len().saturating_add(self.wave_bytes);
                        continue;
                    }
                }
            };
            self.carry.clear();
            self.carry.extend_from_slice(&buffer[cut..]);
            buffer.truncate(cut);
            let base = self.base;
            self.base += cut;
            for chunk in &mut chunks {
                chunk.start += base;
                chunk.end += base;
            }
            return Ok(Some(Wave {
                buffer: Some(buffer),
                frame: None,
                base,
                chunks,
            }));
        }
    }

    /// Reads until `buffer` holds `upto` bytes or the file ends (then `true`), hashing them.
    /// Bytes of the file not read yet (as long as it was when opened).
    fn unread(&self) -> usize {
        match &self.opened.body {
            Body::Csv {
                text: Text::Streamed { len, .. },
                ..
            } => usize::try_from(len.saturating_sub(self.read)).unwrap_or(usize::MAX),
            _ => 0,
        }
    }

    fn fill(&mut self, buffer: &mut Vec<u8>, upto: usize) -> Result<bool, InputError> {
        let Some(file) = self.file.as_mut() else {
            return Ok(true);
        };
        let from = buffer.len();
        let wanted = upto.saturating_sub(from) as u64;
        let got = std::io::Read::read_to_end(&mut std::io::Read::take(file, wanted), buffer)
            .map_err(|source| self.opened.io(source))?;
        self.hasher.update(&buffer[from..]);
        self.read += got as u64;
        Ok((got as u64) < wanted)
    }

    /// At the end of the file: checks it is as long as when opened, and keeps its hash.
    fn finish(&mut self) -> Result<(), InputError> {
        self.done = true;
        if let Body::Csv {
            text: Text::Streamed { len, sha256, .. },
            ..
        } = &self.opened.body
        {
            if *len != self.read {
                return Err(InputError::Changed {
                    path: self.opened.info.path.clone(),
                    opened: *len,
                    read: self.read,
                });
            }
            let hasher = std::mem::take(&mut self.hasher);
            let _ = sha256.set(hex(&hasher.finalize()));
        }
        Ok(())
    }
}

/// Cell `column` (a schema column's position in the header) of the record `text` starts with,
/// and whether that record ends before the text does.
fn record_cell(text: &str, column: Option<&Option<usize>>) -> (String, bool) {
    let mut reader = record_reader(text);
    let mut record = csv::ByteRecord::new();
    let cell = match (reader.read_byte_record(&mut record), column) {
        (Ok(true), Some(Some(i))) => record
            .get(*i)
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .unwrap_or_default(),
        _ => String::new(),
    };
    (cell, (reader.position().byte() as usize) < text.len())
}

fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// A reader of data records from the middle of a file. csv-core drops a byte-order mark at the
/// start of what it is given first; a BOM that starts a record mid-file is data (a row pasted from
/// another file), so the first byte is handed over alone, which csv-core never takes for a BOM.
fn record_reader(text: &str) -> csv::Reader<std::io::Chain<&[u8], &[u8]>> {
    let (first, rest) = text.as_bytes().split_at(text.len().min(1));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Read::chain(first, rest))
}

/// The physical line of byte `at` of a text: the line breaks before it, a carriage return
/// alone among them (as the csv crate reads it), but not the one of a CRLF that `at` splits.
fn line_of(text: &[u8], at: usize) -> u64 {
    let before = &text[..at.min(text.len())];
    let split_crlf = before.ends_with(b"\r") && text.get(at) == Some(&b'\n');
    line_breaks(before, true) + 1 - u64::from(split_crlf)
}

/// Whether a carriage return ends a line on its own somewhere in `bytes`.
pub fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// The line breaks in `bytes`: LF and CRLF, and with `lone_cr` a carriage return alone too (as
/// the csv crate reads them: each ends a record).
pub fn line_breaks(bytes: &[u8], lone_cr: bool) -> u64 {
    if !lone_cr {
        return memchr::memchr_iter(b'\n', bytes).count() as u64;
    }
    memchr::memchr2_iter(b'\r', b'\n', bytes)
        .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

/// Splits `bytes[start..]` at record ends near every multiple of `target` bytes. The quoting is
/// followed as RFC 4180 (and the csv crate) read it: a quote opens a quoted field only at the start
/// of a field; inside one, `""` is a quote and a lone `"` closes it; elsewhere a quote is a plain
/// character. A line end outside quotes ends the record, so only quotes need looking at between
/// cuts: the search jumps from quote to quote.
fn csv_chunks(
    bytes: &[u8],
    (start, first_line): (usize, u64),
    target: usize,
    lone_cr: bool,
) -> Vec<Chunk> {
    let len = bytes.len();
    let mut chunks = Vec::new();
    let (mut chunk_start, mut chunk_line) = (start, first_line);
    let mut next_cut = start.saturating_add(target);
    // Invariant: `i` is outside quotes. `quote` is the next quote at or after `i` (searched
    // again only once passed, so a file without quotes is scanned once).
    let next_quote = |from: usize| memchr::memchr(b'"', &bytes[from..]).map_or(len, |k| from + k);
    let mut i = start;
    let mut quote = next_quote(start);
    while i < len {
        if quote < i {
            quote = next_quote(i);
        }
        let limit = quote;
        if limit >= next_cut {
            // A line end at or after the cut and before the next quote ends a record.
            let from = i.max(next_cut.saturating_sub(1));
            if let Some(end) = memchr::memchr(b'\n', &bytes[from..limit]).map(|k| from + k + 1)
                && end < len
            {
                chunks.push(Chunk {
                    start: chunk_start,
                    end,
                    line: chunk_line,
                    lone_cr,
                });
                chunk_line += line_breaks(&bytes[chunk_start..end], lone_cr);
                chunk_start = end;
                next_cut = end.saturating_add(target);
                i = end;
                continue;
            }
        }
        if quote == len {
            break;
        }
        let q = quote;
        let opens = q == start || matches!(bytes[q - 1], b',' | b'\n' | b'\r');
        i = q + 1;
        if opens {
            // Find the closing quote, stepping over doubled ones.
            loop {
                match memchr::memchr(b'"', &bytes[i.min(len)..]).map(|k| i + k) {
                    None => {
                        i = len;
                        break;
                    }
                    Some(j) if bytes.get(j + 1) == Some(&b'"') => i = j + 2,
                    Some(j) => {
                        i = j + 1;
                        break;
                    }
                }
            }
        }
    }
    if chunk_start < len || chunks.is_empty() {
        chunks.push(Chunk {
            start: chunk_start,
            end: len,
            line: chunk_line,
            lone_cr,
        });
    }
    chunks
}

/// The most columns an input file has (accounts.csv: 12).
pub(super) const MAX_COLUMNS: usize = 16;

/// Where a record really starts: the csv crate counts the blank lines skipped before a record as
/// part of it, so step over leading line ends (SPEC: `line` is where the record starts).
fn record_start(text: &str, position: Option<&csv::Position>) -> (usize, u64) {
    let (mut start, mut line) = position.map_or((0, 1), |p| (p.byte() as usize, p.line()));
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(start) {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
        start += 1;
    }
    (start, line)
}

/// A record with a single cell of nothing but white space is a blank line.
fn is_blank(record: &csv::ByteRecord) -> bool {
    record.is_empty()
        || (record.len() == 1 && std::str::from_utf8(&record[0]).is_ok_and(|f| f.trim().is_empty()))
}

/// The text of a file decoded as the inputs are (SPEC §2: UTF-8 with or without a BOM, else
/// GB18030), without its BOM: for the CSVs of earlier runs, which Excel may have saved again.
pub fn read_decoded(path: &Path) -> Result<String, InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let (text, _, _) = decode(bytes, path)?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// SPEC §2: a BOM means UTF-8; otherwise valid UTF-8 is UTF-8; otherwise GB18030; otherwise fatal.
pub fn decode(
    bytes: Vec<u8>,
    path: &Path,
) -> Result<(String, Encoding, Option<String>), InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return match String::from_utf8(bytes) {
            Ok(text) => Ok((text, Encoding::Utf8Bom, None)),
            Err(e) => Err(not_utf8(path, e.as_bytes(), e.utf8_error().valid_up_to())),
        };
    }
    let (bytes, utf8_failure) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, Encoding::Utf8, None)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (e.into_bytes(), at)
        }
    };
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 2);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(&bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => {
            Ok((text, Encoding::Gb18030, Some(hex(&Sha256::digest(&bytes)))))
        }
        _ if mostly_utf8(&bytes) => Err(not_utf8(path, &bytes, utf8_failure)),
        encoding_rs::DecoderResult::Malformed(bad, extra) => {
            let at = read.saturating_sub(usize::from(bad) + usize::from(extra));
            Err(undecodable(path, &bytes, at))
        }
        encoding_rs::DecoderResult::OutputFull => Err(undecodable(path, &bytes, read)),
    }
}

/// Whether a file that is not valid UTF-8 is still mostly UTF-8: more valid multi-byte
/// characters than broken sequences (a GBK file decodes as UTF-8 into broken sequences).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    valid > broken
}

/// Line and byte (1-based) of byte `at`.
fn position(bytes: &[u8], at: usize) -> (u64, u64) {
    let before = &bytes[..at.min(bytes.len())];
    let line = line_breaks(before, has_lone_cr(before)) + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n' || *b == b'\r')
        .map_or(0, |p| p + 1);
    (line, (at.min(bytes.len()) - line_start) as u64 + 1)
}

fn not_utf8(path: &Path, bytes: &[u8], at: usize) -> InputError {
    let (line, column) = position(bytes, at);
    InputError::NotUtf8 {
        path: path.to_path_buf(),
        line,
        column,
    }
}

fn undecodable(path: &Path, bytes: &[u8], at: usize) -> InputError {
    let (line, column) = position(bytes, at);
    InputError::Undecodable {
        path: path.to_path_buf(),
        line,
        column,
    }
}

/// The header's fields and the byte offset just after it.
fn read_header(text: &str, path: &Path) -> Result<(Vec<String>, usize), InputError> {
    let mut reader = csv_reader(text);
    let mut record = csv::ByteRecord::new();
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| InputError::Malformed {
                path: path.to_path_buf(),
                line: e.position().map_or(1, |p| p.line()),
                message: e.to_string(),
            })?;
        if !more {
            return Err(InputError::NoHeader {
                path: path.to_path_buf(),
            });
        }
        if !is_blank(&record) {
            let fields = record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            return Ok((fields, (reader.position().byte() as usize).min(text.len())));
        }
    }
}

/// Maps each schema column to its position in the header. Unknown names are ignored (and
/// returned); a required column missing or a column named twice is fatal.
fn resolve_header(
    file: InputFile,
    header: &[String],
    path: &Path,
) -> Result<(Vec<Option<usize>>, Vec<String>), InputError> {
    let specs = file.columns();
    let mut mapping: Vec<Option<usize>> = vec![None; specs.len()];
    let mut ignored = Vec::new();
    for (position, name) in header.iter().enumerate() {
        let trimmed = name.trim();
        match specs.iter().position(|spec| names_column(spec, trimmed)) {
            Some(k) => {
                if let Some(first) = mapping[k] {
                    return Err(InputError::DuplicateColumn {
                        path: path.to_path_buf(),
                        column: specs[k].name,
                        first: first + 1,
                        first_name: header[first].trim().to_string(),
                        second: position + 1,
                        second_name: trimmed.to_string(),
                    });
                }
                mapping[k] = Some(position);
            }
            None => ignored.push(trimmed.to_string()),
        }
    }
    if let Some(missing) = specs
        .iter()
        .zip(&mapping)
        .find(|(spec, m)| spec.required && m.is_none())
    {
        return Err(InputError::MissingColumn {
            path: path.to_path_buf(),
            column: missing.0.name,
            alias: missing.0.alias,
        });
    }
    Ok((mapping, ignored))
}

fn names_column(spec: &ColumnSpec, header_name: &str) -> bool {
    header_name.eq_ignore_ascii_case(spec.name) || header_name == spec.alias
}

/// The Arrow types a Parquet column may have: those with a value form (text, numbers,
/// booleans, dates and times, decimals), dictionaries of them (pandas' `category`), binary
/// holding text. Lists, structs, maps, unions, durations and times of day have none.
fn readable_type(dtype: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    match dtype {
        A::Null | A::Boolean | A::Float16 | A::Float32 | A::Float64 => true,
        A::Int8 | A::Int16 | A::Int32 | A::Int64 | A::Int128 => true,
        A::UInt8 | A::UInt16 | A::UInt32 | A::UInt64 | A::UInt128 => true,
        A::Timestamp(..) | A::Date32 | A::Date64 => true,
        A::Utf8 | A::LargeUtf8 | A::Utf8View => true,
        A::Binary | A::LargeBinary | A::BinaryView | A::FixedSizeBinary(_) => true,
        A::Decimal(..) | A::Decimal32(..) | A::Decimal64(..) | A::Decimal256(..) => true,
        A::Dictionary(_, values, _) => readable_type(values),
        A::Extension(extension) => readable_type(&extension.inner),
        _ => false,
    }
}

/// A binary column is read as text: every value must be UTF-8.
fn check_binary_is_text(
    frame: &DataFrame,
    projection: &[usize],
    header: &[String],
    path: &Path,
    first_row: usize,
) -> Result<(), InputError> {
    for (column, index) in frame.columns().iter().zip(projection) {
        if !matches!(column.dtype(), DataType::Binary | DataType::BinaryOffset) {
            continue;
        }
        for row in 0..column.len() {
            if let Ok(AnyValue::Binary(bytes)) = column.get(row)
                && std::str::from_utf8(bytes).is_err()
            {
                return Err(InputError::ParquetBinary {
                    path: path.to_path_buf(),
                    column: header.get(*index).cloned().unwrap_or_default(),
                    line: (first_row + row) as u64 + 2,
                });
            }
        }
    }
    Ok(())
}

/// A decimal's exact text: `1250` at scale 2 is `12.50`.
fn decimal_text(value: i128, scale: usize) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let digits = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

fn any_value_cell(value: AnyValue<'_>) -> Cell<'_> {
    match value {
        AnyValue::Categorical(k, mapping) | AnyValue::Enum(k, mapping) => {
            mapping.cat_to_str(k).map_or(Cell::Null, Cell::Text)
        }
        AnyValue::CategoricalOwned(k, mapping) | AnyValue::EnumOwned(k, mapping) => mapping
            .cat_to_str(k)
            .map_or(Cell::Null, |s| Cell::Owned(s.to_string())),
        AnyValue::Binary(bytes) => std::str::from_utf8(bytes).map_or(Cell::Null, Cell::Text),
        AnyValue::BinaryOwned(bytes) => String::from_utf8(bytes).map_or(Cell::Null, Cell::Owned),
        AnyValue::Decimal(value, _, scale) => Cell::Owned(decimal_text(value, scale)),
        AnyValue::Int128(v) => Cell::Int(v),
        AnyValue::UInt128(v) => i128::try_from(v).map_or(Cell::Owned(v.to_string()), Cell::Int),
        AnyValue::Float16(v) => Cell::Float(f64::from(f32::from(v))),
        AnyValue::Null => Cell::Null,
        AnyValue::Boolean(b) => Cell::Bool(b),
        AnyValue::String(s) => Cell::Text(s),
        AnyValue::StringOwned(s) => Cell::Owned(s.to_string()),
        AnyValue::UInt8(v) => Cell::Int(v.into()),
        AnyValue::UInt16(v) => Cell::Int(v.into()),
        AnyValue::UInt32(v) => Cell::Int(v.into()),
        AnyValue::UInt64(v) => Cell::Int(v.into()),
        AnyValue::Int8(v) => Cell::Int(v.into()),
        AnyValue::Int16(v) => Cell::Int(v.into()),
        AnyValue::Int32(v) => Cell::Int(v.into()),
        AnyValue::Int64(v) => Cell::Int(v.into()),
        AnyValue::Float32(v) => Cell::Float(v.into()),
        AnyValue::Float64(v) => Cell::Float(v),
        AnyValue::Date(days) => date_cell(days),
        AnyValue::Datetime(v, unit, _) | AnyValue::DatetimeOwned(v, unit, _) => {
            datetime_cell(v, unit)
        }
        other => Cell::Owned(format!("{other:?}")),
    }
}

/// A Parquet column of a wave, read row by row: the common types straight from their arrays,
/// the others through polars' `AnyValue` (the same cells either way).
enum Access<'f> {
    Text(&'f polars::prelude::StringChunked),
    Int(&'f polars::prelude::Int64Chunked),
    Bool(&'f polars::prelude::BooleanChunked),
    /// Days since 1970-01-01.
    Date(&'f polars::prelude::Int32Chunked),
    DateTime(&'f polars::prelude::Int64Chunked, TimeUnit),
    Other(&'f polars::prelude::Column),
}

impl<'f> Access<'f> {
    fn of(column: &'f polars::prelude::Column) -> Access<'f> {
        let access = match column.dtype() {
            DataType::String => column.str().ok().map(Access::Text),
            DataType::Int64 => column.i64().ok().map(Access::Int),
            DataType::Boolean => column.bool().ok().map(Access::Bool),
            DataType::Date => column.date().ok().map(|d| Access::Date(d.physical())),
            DataType::Datetime(..) => {
                (column.datetime().ok()).map(|t| Access::DateTime(t.physical(), t.time_unit()))
            }
            _ => None,
        };
        access.unwrap_or(Access::Other(column))
    }

    fn cell(&self, row: usize) -> polars::prelude::PolarsResult<Cell<'f>> {
        Ok(match self {
            Access::Text(c) => c.get(row).map_or(Cell::Null, Cell::Text),
            Access::Int(c) => c.get(row).map_or(Cell::Null, |v| Cell::Int(v.into())),
            Access::Bool(c) => c.get(row).map_or(Cell::Null, Cell::Bool),
            Access::Date(c) => c.get(row).map_or(Cell::Null, date_cell),
            Access::DateTime(c, unit) => c.get(row).map_or(Cell::Null, |v| datetime_cell(v, *unit)),
            Access::Other(c) => any_value_cell(c.get(row)?),
        })
    }
}

/// A Parquet date (days since 1970-01-01).
fn date_cell(days: i32) -> Cell<'static> {
    match NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(days.into())))
    {
        Some(date) => Cell::Date(date),
        None => Cell::Owned(format!("date {days}")),
    }
}

/// A Parquet timestamp of `unit`s since 1970-01-01 00:00.
fn datetime_cell(v: i64, unit: TimeUnit) -> Cell<'static> {
    let instant = match unit {
        TimeUnit::Nanoseconds => Some(DateTime::from_timestamp_nanos(v)),
        TimeUnit::Microseconds => DateTime::from_timestamp_micros(v),
        TimeUnit::Milliseconds => DateTime::from_timestamp_millis(v),
    };
    match instant {
        Some(t) => Cell::DateTime(t.naive_utc()),
        None => Cell::Owned(format!("timestamp {v}")),
    }
}

/// A Parquet file polars could not read.
fn parquet_error(path: &Path, error: polars::error::PolarsError) -> InputError {
    InputError::Parquet {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the csv crate, reading the whole text, starts each record.
    fn record_starts(text: &str) -> Vec<usize> {
        let mut reader = csv_reader(text);
        let mut record = csv::ByteRecord::new();
        let mut starts = Vec::new();
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            starts.push(record_start(text, record.position()).0);
        }
        starts
    }

    #[test]
    fn chunks_start_where_records_start_whatever_the_quoting() {
        let text = "id,title,n\r\n\
                    1,\"two\nlines, with a comma\",3\r\n\
                    2,plain \"quote\" inside,4\n\
                    3,\"doubled \"\" quote\n\"\"\n\",5\n\
                    \n\
                    4,\"closed\"then text,6\n\
                    5,ab\"c,7\n\
                    6,\"\n\n\",8\n\
                    7,last,9";
        let starts = record_starts(text);
        let data_start = starts[1];
        for target in 1..=40 {
            let chunks = csv_chunks(text.as_bytes(), (data_start, 2), target, false);
            assert_eq!(chunks[0].start, data_start);
            assert_eq!(chunks.last().map(|c| c.end), Some(text.len()));
            for pair in chunks.windows(2) {
                assert_eq!(pair[0].end, pair[1].start, "chunks tile the text");
            }
            for chunk in &chunks {
                assert!(
                    starts.contains(&chunk.start) || text[chunk.start..].starts_with('\n'),
                    "target {target}: chunk at {} starts inside a record",
                    chunk.start
                );
                assert_eq!(
                    chunk.line,
                    line_of(text.as_bytes(), chunk.start),
                    "target {target}"
                );
            }
        }
        // Small targets cut at every record end outside quotes, and never inside quotes.
        let chunks = csv_chunks(text.as_bytes(), (data_start, 2), 1, false);
        assert_eq!(chunks.len(), 8);
    }

    #[test]
    fn decimals_keep_their_exact_text() {
        assert_eq!(decimal_text(1250, 2), "12.50");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(decimal_text(42, 0), "42");
    }

    #[test]
    fn line_breaks_count_lf_crlf_and_a_lone_cr_each_once() {
        assert_eq!(line_breaks(b"a\nb\r\nc\rd", true), 3);
        assert_eq!(line_breaks(b"a\nb\r\nc\rd", false), 2);
        assert!(has_lone_cr(b"a\rb") && !has_lone_cr(b"a\r\nb\n"));
    }

    #[test]
    fn a_stray_byte_in_a_utf8_file_is_found_where_it_is() {
        let mut bytes = Vec::new();
        for i in 1..=59 {
            bytes.extend_from_slice(format!("{i},定海区第{i}单位\n").as_bytes());
        }
        bytes.extend_from_slice(b"60,bad \xFF byte\n");
        let error = decode(bytes, Path::new("units.csv"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("line 60, byte 8"), "{error}");
        // A GB18030 file with a byte that is neither: the GB18030 failure point.
        let mut gbk = encoding_rs::GB18030
            .encode("编码,名称\n1,定海区\n")
            .0
            .into_owned();
        gbk.extend_from_slice(b"2,\xFF\n");
        let error = decode(gbk, Path::new("units.csv")).unwrap_err().to_string();
        assert!(error.contains("line 3, byte 3"), "{error}");
    }
}
