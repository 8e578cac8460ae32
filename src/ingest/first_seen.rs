//! Duplicate keys in a large table (SPEC §2, step 5), found once its rows are in: the rows are
//! sorted by key on all cores and equal keys found side by side, instead of looking every row up
//! in an index while the file is read in order (that was the one step that could not be shared
//! between cores, and its index the largest structure of the read).

use rayon::prelude::*;

/// The rows whose key an earlier row already has, each with the first row that has it, in row
/// order. `key(row)` orders the rows so that equal keys are side by side: a hash, which may also
/// bring different keys together, told apart by `same(a, b)`.
pub fn repeated_rows(
    rows: usize,
    key: impl Fn(usize) -> u64 + Sync,
    same: impl Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut keyed: Vec<(u64, u32)> = (0..rows)
        .into_par_iter()
        .map(|row| (key(row), row as u32))
        .collect();
    keyed.par_sort_unstable();
    let mut found = Vec::new();
    for run in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        // A run is in row order: a row's first is the earliest row before it with its key.
        for (k, &(_, row)) in run.iter().enumerate().skip(1) {
            let first = run[..k]
                .iter()
                .map(|&(_, earlier)| earlier as usize)
                .find(|&earlier| same(earlier, row as usize));
            if let Some(first) = first {
                found.push((row as usize, first));
            }
        }
    }
    found.sort_unstable();
    found
}

/// Keeps the rows of `column` not marked in `dropped` (one mark per row).
pub fn retain_rows<T>(column: &mut Vec<T>, dropped: &[bool]) {
    let mut row = 0;
    column.retain(|_| {
        row += 1;
        !dropped[row - 1]
    });
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
        // An exact key: the same repeats.
        let exact = repeated_rows(
            keys.len(),
            |r| u64::from(keys[r].as_bytes()[1]),
            |_, _| true,
        );
        assert_eq!(exact, found);
        let mut column = vec!['a', 'b', 'c', 'd'];
        retain_rows(&mut column, &[false, true, false, true]);
        assert_eq!(column, ['a', 'c']);
    }
}
