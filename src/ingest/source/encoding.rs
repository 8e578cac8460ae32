//! The encoding of a CSV file: UTF-8 (with or without a BOM) or GB18030, and where a byte that
//! fits neither is.

use super::stream::{has_lone_cr, line_breaks};
use super::{Encoding, hex};
use crate::error::InputError;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The text of a file decoded as the inputs are (SPEC §2: UTF-8 with or without a BOM, else
/// GB18030), without its BOM: for the CSVs of earlier runs, which Excel may have saved again.
pub(crate) fn read_decoded(path: &Path) -> Result<String, InputError> {
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
pub(crate) fn decode(
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
pub(super) fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    valid > broken
}

/// Line and byte (1-based) of byte `at`.
pub(super) fn position(bytes: &[u8], at: usize) -> (u64, u64) {
    let before = &bytes[..at.min(bytes.len())];
    let line = line_breaks(before, has_lone_cr(before)) + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n' || *b == b'\r')
        .map_or(0, |p| p + 1);
    (line, (at.min(bytes.len()) - line_start) as u64 + 1)
}

pub(super) fn not_utf8(path: &Path, bytes: &[u8], at: usize) -> InputError {
    let (line, column) = position(bytes, at);
    InputError::NotUtf8 {
        path: path.to_path_buf(),
        line,
        column,
    }
}

pub(super) fn undecodable(path: &Path, bytes: &[u8], at: usize) -> InputError {
    let (line, column) = position(bytes, at);
    InputError::Undecodable {
        path: path.to_path_buf(),
        line,
        column,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
