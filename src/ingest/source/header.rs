//! A CSV file's header line, resolved against the table's schema (names, aliases, Chinese
//! headers).

use super::stream::{csv_reader, is_blank};
use crate::error::InputError;
use crate::ingest::schema::{ColumnSpec, InputFile};
use std::path::Path;

/// The header's fields and the byte offset just after it.
pub(super) fn read_header(text: &str, path: &Path) -> Result<(Vec<String>, usize), InputError> {
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
pub(super) fn resolve_header(
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
            None if file.recognised(trimmed) => {}
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

pub(super) fn names_column(spec: &ColumnSpec, header_name: &str) -> bool {
    header_name.eq_ignore_ascii_case(spec.name) || header_name == spec.alias
}
