//! The parallel row engine: a file's rows parsed in waves of chunks on every core, each row
//! accepted or rejected in file order.

use super::problems::{duplicate, reject};
use super::row::{Reject, RejectKind, RowProblem, Value};
use super::source::{Cell, Chunk, MAX_COLUMNS, OpenedFile, RowAt, RowContent, Wave};
use super::{ChunkSize, first_seen, row};
use crate::error::InputError;
use rayon::prelude::*;

/// Runs the row checks common to all files and collects the rejects.
pub(super) struct Reader {
    pub(super) chunk_size: ChunkSize,
    pub(super) read: u64,
    pub(super) rejects: Vec<Reject>,
}

/// Repeated keys (SPEC §2 step 5) are found one of two ways, by the size of the table:
/// - small tables (units, accounts, violations, appeals) keep every key read so far and reject a
///   repeat as it is accepted: [`FirstLines`];
/// - large tables (posts, engagement, messages) take every row in, then find the repeats by
///   sorting their keys and take them out: [`Reader::reject_repeated`] (no second copy of 18
///   million post ids).
///
/// Either way the reject names the line of the first row with that key; rejects are put in line
/// order at the end, so the two ways give the same rejects.csv.
pub(super) struct FirstLines(rustc_hash::FxHashMap<String, u64>);

impl FirstLines {
    pub(super) fn new() -> FirstLines {
        FirstLines(rustc_hash::FxHashMap::default())
    }

    /// Records `key`, read at `line`; a repeat is the duplicate problem in `column`, with the
    /// cell's text as written (`raw`, read only then) and the first line.
    pub(super) fn first(
        &mut self,
        column: &str,
        key: &str,
        line: u64,
        raw: impl FnOnce() -> String,
    ) -> Result<(), RowProblem> {
        if let Some(first) = self.0.get(key) {
            return Err(duplicate(column, raw(), *first));
        }
        self.0.insert(key.to_string(), line);
        Ok(())
    }
}

/// ChunkSize parsed together while the previous ones are accepted.
pub(super) const CHUNKS_PER_WAVE: usize = 8;

/// The rows of one piece that parsed, with the rejects found on the way.
pub(super) struct ParsedChunk<R> {
    pub(super) read: u64,
    pub(super) rows: Vec<(RowAt, R)>,
    pub(super) rejects: Vec<Reject>,
}

impl Reader {
    pub(super) fn new(chunk_size: ChunkSize) -> Reader {
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
    pub(super) fn rows<R: Send>(
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
                        // On the stack, borrowing the cells' text: no allocation per row, and
                        // nothing to drop.
                        let mut values = [Value::Null; MAX_COLUMNS];
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
    pub(super) fn reject_repeated(
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
