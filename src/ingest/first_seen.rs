//! The keys already accepted from a large table, for duplicate checks (SPEC §2, step 5), without
//! a second copy of each key: the index holds row numbers into the table's own key column.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rustc_hash::FxBuildHasher;

use crate::model::Texts;

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

    /// The hash of a key, to be taken on any thread before [`FirstSeen::first_or_insert`].
    pub fn hash(key: &str) -> u64 {
        FxBuildHasher.hash_one(key)
    }

    /// If `key` (with `hash = FirstSeen::hash(key)`) was accepted before, the line where it was;
    /// otherwise records it as `keys[row]`, accepted at `line` (the caller pushes it there next).
    pub fn first_or_insert(
        &mut self,
        hash: u64,
        key: &str,
        row: u32,
        line: u64,
        keys: &Texts,
    ) -> Option<u64> {
        let hasher = &self.hasher;
        match self.table.entry(
            hash,
            |(r, _)| keys.at(*r as usize) == key,
            |(r, _)| hasher.hash_one(keys.at(*r as usize)),
        ) {
            Entry::Occupied(first) => Some(first.get().1),
            Entry::Vacant(slot) => {
                slot.insert((row, line));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_line_of_a_key() {
        let mut keys = Texts::default();
        let mut seen = FirstSeen::with_capacity(1);
        for (key, line, first) in [
            ("P1", 2u64, None),
            ("P2", 3, None),
            ("P2", 5, Some(3)),
            ("P3", 7, None),
            ("P1", 9, Some(2)),
        ] {
            let row = keys.len() as u32;
            let found = seen.first_or_insert(FirstSeen::hash(key), key, row, line, &keys);
            assert_eq!(found, first, "{key} at line {line}");
            if found.is_none() {
                keys.push(key);
            }
        }
        assert_eq!(keys.iter().collect::<Vec<_>>(), ["P1", "P2", "P3"]);
    }
}
