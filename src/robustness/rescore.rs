//! The numbers-only re-scoring of the whole data set (SPEC §9): accounts, units, ranks and the
//! accountability levels from the facts counted once, with any rubric. The accounts of a unit lie
//! side by side in account_id order, so one pass per unit folds them as `unit::score_unit` does;
//! every rule is the scoring's and the list's own function. No strings, no findings.

use std::ops::Range;

use crate::lists::accountability::{self, Bottom, ListFacts, UnitResult};
use crate::scoring::Scores;
use crate::scoring::account;
use crate::scoring::facts::AccountFacts;
use crate::scoring::rubric::{Level, Rubric};
use crate::scoring::unit::{self, Tally, UnitFacts};

/// The facts of the whole data set, laid out for re-scoring, units in `unit_scores.csv` order.
#[derive(Debug, Clone)]
pub struct Core {
    /// Every assessed account's facts, grouped by unit (in `units` order), by account_id within.
    accounts: Vec<AccountFacts>,
    /// Each unit's facts and its accounts in `accounts`.
    units: Vec<(UnitFacts, Range<usize>)>,
    /// Each unit's list facts (R3, R4, R6, R7), as `units`.
    lists: Vec<ListFacts>,
}

/// One unit in one re-scoring.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// What the list rules read of its score.
    pub unit: UnitResult,
    /// Its rank; `None` = unscored.
    pub rank: Option<u32>,
    /// Its level on the list; `None` = not listed.
    pub level: Option<Level>,
}

impl Core {
    /// The core of a scored run; `lists` as `scores.units`.
    pub fn new(scores: &Scores, lists: Vec<ListFacts>) -> Core {
        let mut accounts = Vec::with_capacity(scores.facts.len());
        let mut units = Vec::with_capacity(scores.units.len());
        for u in &scores.units {
            let mut facts = scores.unit_facts[u.unit as usize].clone();
            let start = accounts.len();
            for (position, i) in facts.accounts.iter_mut().enumerate() {
                accounts.push(scores.facts[*i as usize].clone());
                *i = (start + position) as u32;
            }
            units.push((facts, start..accounts.len()));
        }
        Core {
            accounts,
            units,
            lists,
        }
    }

    /// Units, in `unit_scores.csv` order.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether there are no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Accounts and units re-scored with `r`, into `out` (one per unit, in order).
    pub fn score(&self, r: &Rubric, out: &mut Vec<UnitResult>) {
        out.clear();
        out.extend(self.units.iter().map(|(facts, range)| {
            let mut tally = Tally::default();
            for f in &self.accounts[range.clone()] {
                tally.add(&account::score(f, r));
            }
            UnitResult::from(&unit::fold_unit(facts, &tally, r))
        }));
    }

    /// Scores, ranks and levels of every unit with `r`, into `out`; no allocation once the
    /// scratch space has grown.
    pub fn assess(&self, r: &Rubric, scratch: &mut Scratch, out: &mut Vec<Outcome>) {
        let Scratch {
            results,
            sorted,
            ranks,
            bottom,
        } = scratch;
        self.score(r, results);
        unit::ranks_into(results.iter().map(|u| u.score), sorted, ranks);
        bottom.refill(results, r);
        let levels = accountability::levels(r);
        out.clear();
        out.extend(
            (results.iter().zip(&self.lists).zip(ranks.iter())).map(|((u, f), rank)| Outcome {
                unit: *u,
                rank: *rank,
                level: accountability::level_from(&accountability::fired(u, f, bottom, r), &levels),
            }),
        );
    }
}

/// What [`Core::assess`] works in, kept from draw to draw.
#[derive(Debug, Clone)]
pub struct Scratch {
    /// The units' results.
    pub results: Vec<UnitResult>,
    sorted: Vec<f64>,
    ranks: Vec<Option<u32>>,
    bottom: Bottom,
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch {
            results: Vec::new(),
            sorted: Vec::new(),
            ranks: Vec::new(),
            bottom: Bottom {
                scores: Vec::new(),
                limit: 0,
            },
        }
    }
}
