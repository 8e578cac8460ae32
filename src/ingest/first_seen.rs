//! The keys already accepted from a large table, for duplicate checks (SPEC §2, step 5), without
//! a second copy of each key: the index holds row numbers into the table's own key column.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// Row and line of every accepted key, found by the key itself in `keys[row]`.
pub struct FirstSeen {
    table: HashTable<(u32, u64)>,
    hasher: FxBuildHasher,
}

impl FirstSeen {
    /// An empty index sized for `rows` keys.
    pub fn with_capacity(rows: usize) -> FirstSeen {
        FirstSeen {
            table: HashTable::with_capacity(rows),
            hasher: FxBuildHasher,
        }
    }

    /// The line where `key` was first accepted, if it was.
    pub fn line_of(&self, key: &str, keys: &[String]) -> Option<u64> {
        let hash = self.hasher.hash_one(key);
        self.table
            .find(hash, |(row, _)| keys[*row as usize] == key)
            .map(|(_, line)| *line)
    }

    /// Records that `keys[row]`, accepted at `line`, is taken.
    pub fn insert(&mut self, row: u32, line: u64, keys: &[String]) {
        let hasher = &self.hasher;
        let hash = hasher.hash_one(&keys[row as usize]);
        self.table.insert_unique(hash, (row, line), |(r, _)| {
            hasher.hash_one(&keys[*r as usize])
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_line_of_a_key() {
        let keys: Vec<String> = ["P1", "P2", "P3"].iter().map(|s| s.to_string()).collect();
        let mut seen = FirstSeen::with_capacity(1);
        for (row, line) in [(0u32, 2u64), (1, 3), (2, 7)] {
            seen.insert(row, line, &keys);
        }
        assert_eq!(seen.line_of("P2", &keys), Some(3));
        assert_eq!(seen.line_of("P3", &keys), Some(7));
        assert_eq!(seen.line_of("P4", &keys), None);
    }
}
