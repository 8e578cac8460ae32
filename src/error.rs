//! The errors a user can act on: each says what is wrong, where (file, line, column) and what to
//! do. They end the run with exit code 2 and nothing written.

use std::path::PathBuf;

/// A fatal problem with the input folder or one of its files (SPEC §2 "Bad input").
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file's length changed while it was read (another program writing it).
    #[error(
        "{path}: the file changed while it was being read ({opened} bytes when opened, {read} read); close the program writing it and run again"
    )]
    Changed {
        path: PathBuf,
        opened: u64,
        read: u64,
    },
    /// The file's size or time of modification changed while its rows were read.
    #[error(
        "{path}: the file changed while it was being read (its size or time of modification is not what it was when opened); close the program writing it and run again"
    )]
    ChangedWhileRead { path: PathBuf },
    /// An input's name is taken by something that is not a readable file.
    #[error(
        "{path}: {what}, not a file govmedia can read; put the exported file there, or remove it if this input is not needed"
    )]
    NotAFile { path: PathBuf, what: &'static str },
    /// Internal: a streamed file turned out not to be UTF-8 past its first block; it is read
    /// again whole, which decides its encoding (never reaches the user).
    #[error("{path}: not UTF-8 past the first block; reading it again whole")]
    NotUtf8Further { path: PathBuf },
    /// The data folder itself is not there.
    #[error(
        "data folder {dir} does not exist; pass the folder holding units.csv, accounts.csv and posts.csv with --data"
    )]
    NoDataFolder { dir: PathBuf },
    /// A required input file is absent.
    #[error(
        "{dir}: the required file {stem}.csv ({chinese}) is missing; export it there (or give {stem}.parquet)"
    )]
    MissingFile {
        dir: PathBuf,
        stem: &'static str,
        chinese: &'static str,
    },
    /// The same table is given as CSV and Parquet.
    #[error("{dir}: both {stem}.csv and {stem}.parquet are there; keep only the one to use")]
    BothFormats { dir: PathBuf, stem: &'static str },
    /// The file could not be read from disk.
    #[error("{path}: cannot read the file")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Neither UTF-8 nor GB18030.
    #[error(
        "{path}: line {line}, byte {column}: the file is neither UTF-8 nor GB18030/GBK; save it again from Excel or WPS as \"CSV UTF-8\" or as CSV in the Chinese (GBK) encoding"
    )]
    Undecodable {
        path: PathBuf,
        line: u64,
        column: u64,
    },
    /// Mostly UTF-8, with a byte that is not.
    #[error(
        "{path}: line {line}, byte {column}: the file is UTF-8 but this byte is not valid UTF-8 (a damaged or pasted-in character); retype that character, or save the file again from Excel or WPS as \"CSV UTF-8\""
    )]
    NotUtf8 {
        path: PathBuf,
        line: u64,
        column: u64,
    },
    /// An empty file: not even a header row.
    #[error("{path}: the file is empty; it needs at least a header row naming the columns")]
    NoHeader { path: PathBuf },
    /// The CSV structure itself could not be read.
    #[error(
        "{path}: line {line}: the CSV cannot be read ({message}); check the quotes on that line"
    )]
    Malformed {
        path: PathBuf,
        line: u64,
        message: String,
    },
    /// A required column is not in the header.
    #[error(
        "{path}: line 1: the required column {column} ({alias}) is missing from the header; add it under its English name or Chinese alias"
    )]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        alias: &'static str,
    },
    /// Two header cells name the same column.
    #[error(
        "{path}: line 1: the column {column} is given twice (header columns {first} \"{first_name}\" and {second} \"{second_name}\"); delete one of them"
    )]
    DuplicateColumn {
        path: PathBuf,
        column: &'static str,
        first: usize,
        first_name: String,
        second: usize,
        second_name: String,
    },
    /// A Parquet file that polars could not read.
    #[error(
        "{path}: cannot read the Parquet file ({message}); write it again or give the CSV instead"
    )]
    Parquet { path: PathBuf, message: String },
    /// A Parquet column of a type that has no value form (a list, a struct…).
    #[error(
        "{path}: the column {column} is of the Parquet type {found}, which holds no single value per row; write it as text, a number, a boolean or a date, or give the CSV instead"
    )]
    ParquetType {
        path: PathBuf,
        column: &'static str,
        found: String,
    },
    /// A Parquet binary column with bytes that are not text.
    #[error(
        "{path}: line {line}: the binary column {column} holds bytes that are not UTF-8 text; write the column as text, or give the CSV instead"
    )]
    ParquetBinary {
        path: PathBuf,
        column: String,
        line: u64,
    },
    /// A file whose table cannot be empty had no accepted row.
    #[error(
        "{path}: no row was accepted ({rejected} of {read} rejected); run `govmedia validate` to see why and fix the file"
    )]
    NoAcceptedRows {
        path: PathBuf,
        read: u64,
        rejected: u64,
    },
    /// calendar.csv holds no accepted row (SPEC §17.3): working days without a single holiday
    /// are surely a mistake.
    #[error(
        "{path}: no row was accepted ({rejected} of {read} rejected), so there is no working-day calendar; fix the file (`govmedia validate` says why), or remove it to count deadlines in calendar days"
    )]
    EmptyCalendar {
        path: PathBuf,
        read: u64,
        rejected: u64,
    },
}

/// A fatal problem with the command-line settings (period, dates, folders).
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// `--period` is not one of the accepted forms.
    #[error(
        "--period {given}: not a period; use a quarter (2026Q3), a month (2026-08) or a range of dates (2026-07-01..2026-09-30)"
    )]
    BadPeriod { given: String },
    /// `--as-of` is not a date.
    #[error("--as-of {given}: not a date; use 2026-09-30")]
    BadDate { given: String },
    /// `--as-of` is outside the period.
    #[error(
        "--as-of {as_of} is outside the period {period} ({start} to {end}); give a day inside it"
    )]
    AsOfOutsidePeriod {
        as_of: String,
        period: String,
        start: String,
        end: String,
    },
    /// No `--period` and nothing in posts to choose one from.
    #[error(
        "cannot choose the period: posts has no accepted row with a publishing time; give --period (e.g. --period 2026Q3)"
    )]
    NoPeriodFromData,
}
