//! Duplicate keys in a large table (SPEC §2, step 5), found once its rows are in: the rows are
//! sorted by key on all cores and equal keys found side by side, instead of looking every row up
//! in an index while the file is read in order (that was the one step that could not be shared
//! between cores, and its index the largest structure of the read).

use rayon::prelude::*;

use super::source::RowAt;

/// The rows whose key an earlier row already has, each with the first row that has it, in row
/// order. `key(row)` orders the rows so that equal keys are side by side: its high bits are kept
/// beside the row number in one `u64` (8 bytes a row), so different keys may meet, told apart by
/// `same(a, b)`. A key should carry what tells rows apart in its high bits (a hash; or an
/// exact key shifted up).
pub(super) fn repeated_rows(
    rows: usize,
    key: impl Fn(usize) -> u64 + Sync,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let row_bits = (u64::BITS - (rows as u64).leading_zeros()).max(1);
    let row_mask = (1u64 << row_bits) - 1;
    let mut keyed: Vec<u64> = (0..rows)
        .into_par_iter()
        .map(|row| (key(row) & !row_mask) | row as u64)
        .collect();
    keyed.par_sort_unstable();
    let mut found = Vec::new();
    let runs = keyed.chunk_by(|a, b| a & !row_mask == b & !row_mask);
    for run in runs.filter(|run| run.len() > 1) {
        // A run is in row order: a row's first is the earliest row before it with its key.
        for (k, &packed) in run.iter().enumerate().skip(1) {
            let row = (packed & row_mask) as usize;
            let first = run[..k]
                .iter()
                .map(|&earlier| (earlier & row_mask) as usize)
                .find(|&earlier| same(earlier, row));
            if let Some(first) = first {
                found.push((row, first));
            }
        }
    }
    found.sort_unstable();
    found
}

/// Where each row of a table was read, in 4 bytes a row: its offset (CSV byte, Parquet row) as
/// the step from the row before, and its line from the few rows where it does not follow from the
/// row before (a rejected, blank or multi-line record between them).
#[derive(Debug, Default)]
pub(super) struct ReadAt {
    steps: Vec<u32>,
    /// (row, offset) where the step did not fit in 4 bytes.
    far: Vec<(usize, u64)>,
    last: u64,
    /// (row, line) where the line is not the one after the previous row's.
    jumps: Vec<(usize, u64)>,
}

impl ReadAt {
    /// Room for `rows` rows.
    pub(super) fn with_capacity(rows: usize) -> ReadAt {
        ReadAt {
            steps: Vec::with_capacity(rows),
            ..ReadAt::default()
        }
    }

    /// Records where the next row was read (rows come in file order).
    pub(super) fn push(&mut self, read: RowAt) {
        let row = self.steps.len();
        let expected = self.jumps.last().map(|&(r, line)| line + (row - r) as u64);
        if expected != Some(read.line) {
            self.jumps.push((row, read.line));
        }
        let at = read.at as u64;
        match u32::try_from(at.wrapping_sub(self.last)) {
            Ok(step) => self.steps.push(step),
            Err(_) => {
                self.steps.push(0);
                self.far.push((row, at));
            }
        }
        self.last = at;
    }

    /// How many rows were recorded.
    pub(super) fn rows(&self) -> usize {
        self.steps.len()
    }

    /// The line where row `row` was read.
    pub(super) fn line(&self, row: usize) -> u64 {
        let k = self.jumps.partition_point(|&(r, _)| r <= row);
        k.checked_sub(1)
            .map_or(0, |k| self.jumps[k].1 + (row - self.jumps[k].0) as u64)
    }

    /// Where rows `rows` (in increasing order) were read, in one pass over the steps.
    pub(super) fn get_all(&self, rows: &[usize]) -> Vec<RowAt> {
        let (mut found, mut wanted) = (Vec::with_capacity(rows.len()), rows.iter().peekable());
        let (mut at, mut far) = (0u64, self.far.iter().peekable());
        for (row, step) in self.steps.iter().enumerate() {
            at = match far.next_if(|(r, _)| *r == row) {
                Some(&(_, offset)) => offset,
                None => at.wrapping_add(u64::from(*step)),
            };
            while wanted.next_if(|&&r| r == row).is_some() {
                found.push(RowAt {
                    line: self.line(row),
                    at: at as usize,
                });
            }
            if wanted.peek().is_none() {
                break;
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_repeat_with_the_first_row_of_its_key() {
        let keys = ["P1", "P2", "P2", "P3", "P1", "P2"];
        // A hash that joins every key: the texts tell them apart.
        let found = repeated_rows(keys.len(), |_| 7, |a, b| keys[a] == keys[b]);
        assert_eq!(found, [(2, 1), (4, 0), (5, 1)]);
        // An exact key in the high bits: the same repeats.
        let exact = repeated_rows(
            keys.len(),
            |r| u64::from(keys[r].as_bytes()[1]) << 56,
            |a, b| keys[a] == keys[b],
        );
        assert_eq!(exact, found);
    }

    #[test]
    fn rows_read_give_back_their_lines_and_offsets() {
        let lines = [2u64, 3, 4, 7, 8, 12, 13, 14];
        // One step too long for 4 bytes.
        let offsets = [
            10u64,
            20,
            35,
            36,
            5_000_000_000,
            5_000_000_010,
            5_000_000_300,
            5_000_000_301,
        ];
        let mut read = ReadAt::with_capacity(lines.len());
        for (&line, &at) in lines.iter().zip(&offsets) {
            read.push(RowAt {
                line,
                at: at as usize,
            });
        }
        assert_eq!(read.jumps.len(), 3, "only where a line is skipped");
        let rows: Vec<usize> = (0..lines.len()).collect();
        let expected: Vec<RowAt> = (lines.iter().zip(&offsets))
            .map(|(&line, &at)| RowAt {
                line,
                at: at as usize,
            })
            .collect();
        assert_eq!(read.get_all(&rows), expected);
        assert_eq!(read.get_all(&[1, 6]), [expected[1], expected[6]]);
    }
}
