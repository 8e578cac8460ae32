//! Finding and decoding the office's terms file for the content scan (SPEC §16.2): `--terms FILE`,
//! else `terms.csv` in the data folder; CSV only, UTF-8, BOM or GB18030 as every input. Its rows
//! are checked by `scan::terms`; any problem is fatal.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::source::{decode, hex};
use crate::error::InputError;
use crate::scan::Terms;
use crate::scan::terms::{TermsError, TermsFile, entries};

/// `--terms FILE`, else `terms.csv` in the data folder, else none (the built-in lists only).
pub(crate) fn find_terms(given: Option<&Path>, data: &Path) -> Result<Terms, TermsError> {
    match given {
        Some(path) if !path.is_file() => Err(TermsError::Missing(path.to_path_buf())),
        Some(path) => read_terms(path),
        None => {
            let path = data.join("terms.csv");
            if path.is_file() {
                read_terms(&path)
            } else {
                Ok(Terms::default())
            }
        }
    }
}

/// Reads and checks a terms file: the first problem stops.
fn read_terms(path: &Path) -> Result<Terms, TermsError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let (text, encoding, _) = decode(bytes, path)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Terms {
        entries: entries(text, &file)?,
        file: Some(TermsFile {
            path: path.to_path_buf(),
            encoding: encoding.name(),
            sha256,
        }),
    })
}
