//! Parquet: opening a file, its typed columns read as cells (dates, datetimes, decimals), and a
//! column type govmedia cannot read refused by name.

use super::header::resolve_header;
use super::{
    Body, Cell, Chunk, Encoding, FileInfo, Format, OpenedFile, RowAt, RowContent, Wave, hex,
    row_group_waves,
};
use crate::error::InputError;
use crate::ingest::schema::{ColumnSpec, InputFile, Kind};
use chrono::{DateTime, NaiveDate};
use polars::io::parquet::metadata::FileMetadataRef;
use polars::prelude::{AnyValue, DataFrame, DataType, ParquetReader, SerReader, TimeUnit};
use polars_arrow::datatypes::ArrowDataType;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

impl OpenedFile {
    /// Reads the used columns of a Parquet file, refusing types with no value form.
    pub(super) fn open_parquet(
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
    pub(super) fn parquet_rows(
        &self,
        rows: std::ops::Range<usize>,
    ) -> Result<DataFrame, InputError> {
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

    /// [`OpenedFile::for_each_row_in`] for a Parquet file: the rows of `chunk` in the wave's
    /// frame, `line` counted as if the header were line 1.
    pub(super) fn parquet_rows_in(
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
        let textual: Vec<bool> = (self.info.file.columns().iter())
            .map(|c| matches!(c.kind, Kind::Text | Kind::List | Kind::CodeList(_)))
            .collect();
        let mut cells: Vec<Cell<'_>> = Vec::with_capacity(mapping.len());
        for row in chunk.start..chunk.end {
            cells.clear();
            for (column, textual) in columns.iter().zip(&textual) {
                let cell = match column {
                    Some(column) => column.cell(row - wave.base).map_err(|e| self.polars(e))?,
                    None => Cell::Null,
                };
                cells.push(if *textual { as_text(cell) } else { cell });
            }
            let at = RowAt {
                line: row as u64 + 2,
                at: row,
            };
            visit(at, RowContent::Cells(&cells));
        }
        Ok(())
    }

    /// [`OpenedFile::raw_cell`] of a Parquet file: the cell of row `at` in its row group,
    /// decoded unless it is the one kept from the call before.
    pub(super) fn parquet_raw_cell(
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
}

/// The Arrow types a Parquet column may have: those with a value form (text, numbers,
/// booleans, dates and times, decimals), dictionaries of them (pandas' `category`), binary
/// holding text. Lists, structs, maps, unions, durations and times of day have none.
pub(super) fn readable_type(dtype: &ArrowDataType) -> bool {
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
pub(super) fn check_binary_is_text(
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
pub(super) fn decimal_text(value: i128, scale: usize) -> String {
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let digits = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

pub(super) fn any_value_cell(value: AnyValue<'_>) -> Cell<'_> {
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
pub(super) enum Access<'f> {
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
pub(super) fn date_cell(days: i32) -> Cell<'static> {
    match NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(days.into())))
    {
        Some(date) => Cell::Date(date),
        None => Cell::Owned(format!("date {days}")),
    }
}

/// A Parquet timestamp of `unit`s since 1970-01-01 00:00.
pub(super) fn datetime_cell(v: i64, unit: TimeUnit) -> Cell<'static> {
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
pub(super) fn parquet_error(path: &Path, error: polars::error::PolarsError) -> InputError {
    InputError::Parquet {
        path: path.to_path_buf(),
        message: error.to_string(),
    }
}

/// A cell of a text column as text: a typed value (a number in an id column) as it reads.
fn as_text(cell: Cell<'_>) -> Cell<'_> {
    match cell {
        Cell::Null | Cell::Text(_) | Cell::Owned(_) => cell,
        typed => Cell::Owned(typed.raw_text()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_exact_text() {
        assert_eq!(decimal_text(1250, 2), "12.50");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(decimal_text(42, 0), "42");
    }
}
