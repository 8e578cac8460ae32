//! CSV: a file opened (decoded whole, or UTF-8 streamed) and read in waves that end where a
//! record ends (whatever the quoting), every byte hashed in file order; line counting and the
//! record readers.

use super::encoding::decode;
use super::header::{read_header, resolve_header};
use super::{Body, Chunk, Encoding, FileInfo, Format, OpenedFile, Text, Wave, hex};
use crate::error::InputError;
use crate::ingest::schema::InputFile;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

impl OpenedFile {
    /// Opens a CSV file to be streamed, from its first block: `None` when that block is not
    /// UTF-8 or does not hold the whole header (then the file is read whole).
    pub(super) fn open_streamed(
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
    pub(super) fn open_csv(
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
}

/// A UTF-8 CSV file read a wave at a time: each wave ends where a record ends, the bytes after
/// it are carried into the next, and every byte read is hashed in file order.
pub(crate) struct Stream<'f> {
    pub(super) opened: &'f OpenedFile,
    pub(super) file: Option<std::fs::File>,
    /// Bytes read after the last wave's end.
    pub(super) carry: Vec<u8>,
    /// Buffers of parsed waves.
    pub(super) spare: Vec<Vec<u8>>,
    /// File offset and physical line of `carry[0]`.
    pub(super) base: usize,
    pub(super) line: u64,
    /// Bytes read from the file.
    pub(super) read: u64,
    pub(super) hasher: Sha256,
    pub(super) target: usize,
    pub(super) wave_bytes: usize,
    pub(super) done: bool,
}

impl Stream<'_> {
    pub(super) fn next_wave(&mut self) -> Result<Option<Wave>, InputError> {
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
    pub(super) fn unread(&self) -> usize {
        match &self.opened.body {
            Body::Csv {
                text: Text::Streamed { len, .. },
                ..
            } => usize::try_from(len.saturating_sub(self.read)).unwrap_or(usize::MAX),
            _ => 0,
        }
    }

    pub(super) fn fill(&mut self, buffer: &mut Vec<u8>, upto: usize) -> Result<bool, InputError> {
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
    pub(super) fn finish(&mut self) -> Result<(), InputError> {
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
pub(super) fn record_cell(text: &str, column: Option<&Option<usize>>) -> (String, bool) {
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

pub(super) fn csv_reader(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// A reader of data records from the middle of a file. csv-core drops a byte-order mark at the
/// start of what it is given first; a BOM that starts a record mid-file is data (a row pasted from
/// another file), so the first byte is handed over alone, which csv-core never takes for a BOM.
pub(super) fn record_reader(text: &str) -> csv::Reader<std::io::Chain<&[u8], &[u8]>> {
    let (first, rest) = text.as_bytes().split_at(text.len().min(1));
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(std::io::Read::chain(first, rest))
}

/// The physical line of byte `at` of a text: the line breaks before it, a carriage return
/// alone among them (as the csv crate reads it), but not the one of a CRLF that `at` splits.
pub(super) fn line_of(text: &[u8], at: usize) -> u64 {
    let before = &text[..at.min(text.len())];
    let split_crlf = before.ends_with(b"\r") && text.get(at) == Some(&b'\n');
    line_breaks(before, true) + 1 - u64::from(split_crlf)
}

/// Whether a carriage return ends a line on its own somewhere in `bytes`.
pub(crate) fn has_lone_cr(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'))
}

/// The line breaks in `bytes`: LF and CRLF, and with `lone_cr` a carriage return alone too (as
/// the csv crate reads them: each ends a record).
pub(crate) fn line_breaks(bytes: &[u8], lone_cr: bool) -> u64 {
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
pub(super) fn csv_chunks(
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

/// Where a record really starts: the csv crate counts the blank lines skipped before a record as
/// part of it, so step over leading line ends (SPEC: `line` is where the record starts).
pub(super) fn record_start(text: &str, position: Option<&csv::Position>) -> (usize, u64) {
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
pub(super) fn is_blank(record: &csv::ByteRecord) -> bool {
    record.is_empty()
        || (record.len() == 1 && std::str::from_utf8(&record[0]).is_ok_and(|f| f.trim().is_empty()))
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
    fn line_breaks_count_lf_crlf_and_a_lone_cr_each_once() {
        assert_eq!(line_breaks(b"a\nb\r\nc\rd", true), 3);
        assert_eq!(line_breaks(b"a\nb\r\nc\rd", false), 2);
        assert!(has_lone_cr(b"a\rb") && !has_lone_cr(b"a\r\nb\n"));
    }
}
