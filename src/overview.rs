//! The run's breakdowns, computed once from the scores: accounts by platform and scored units by
//! unit type (how many, how many passed, vetoed, the mean score). The overview page and the
//! circular both read them; the headline counts and pass rates are `summary.json`'s
//! (`export::summary`), computed once there.

use crate::model::{Dataset, Platform, UnitType};
use crate::scoring::Scores;
use crate::scoring::numbers::mean2;
use crate::scoring::rules::Grade;

/// One group of a breakdown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group<K> {
    /// The platform or unit type.
    pub key: K,
    /// Accounts (units) in the group.
    pub count: usize,
    /// Those not graded fail.
    pub passed: usize,
    /// Accounts vetoed (0 for units).
    pub vetoed: usize,
    /// The mean score, to 2 decimals.
    pub mean: f64,
}

impl<K> Group<K> {
    /// The share that passed.
    pub(crate) fn pass_rate(&self) -> f64 {
        self.passed as f64 / self.count as f64
    }
}

/// The breakdowns, each in the order of its vocabulary, groups without members left out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Breakdowns {
    /// Assessed accounts by platform.
    pub platforms: Vec<Group<Platform>>,
    /// Scored units (with a grade) by unit type.
    pub unit_types: Vec<Group<UnitType>>,
}

/// The breakdowns of `scores`.
pub(crate) fn breakdowns(dataset: &Dataset, scores: &Scores) -> Breakdowns {
    let platforms = groups(
        Platform::ALL,
        (scores.accounts.iter()).map(|a| (a.platform, a.score, a.grade != Grade::Fail, a.vetoed)),
    );
    let type_of: rustc_hash::FxHashMap<&str, UnitType> = (dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_type))
        .collect();
    let unit_types = groups(
        UnitType::ALL,
        (scores.units.iter()).filter_map(|u| {
            let grade = u.grade?;
            let kind = *type_of.get(u.unit_id.as_str())?;
            Some((kind, u.score.unwrap_or(0.0), grade != Grade::Fail, false))
        }),
    );
    Breakdowns {
        platforms,
        unit_types,
    }
}

/// Members `(key, score, passed, vetoed)` grouped by key, in the order of `keys`.
fn groups<K: Copy + PartialEq>(
    keys: &[K],
    members: impl Iterator<Item = (K, f64, bool, bool)>,
) -> Vec<Group<K>> {
    let mut scores: Vec<Vec<f64>> = vec![Vec::new(); keys.len()];
    let mut groups: Vec<Group<K>> = (keys.iter())
        .map(|&key| Group {
            key,
            count: 0,
            passed: 0,
            vetoed: 0,
            mean: 0.0,
        })
        .collect();
    for (key, score, passed, vetoed) in members {
        let Some(i) = keys.iter().position(|k| *k == key) else {
            continue;
        };
        groups[i].count += 1;
        groups[i].passed += usize::from(passed);
        groups[i].vetoed += usize::from(vetoed);
        scores[i].push(score);
    }
    for (group, scores) in groups.iter_mut().zip(&scores) {
        group.mean = mean2(scores).unwrap_or(0.0);
    }
    groups.retain(|g| g.count > 0);
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_the_vocabulary_order_and_leave_out_empty_ones() {
        let keys = [Platform::Weibo, Platform::Wechat, Platform::Douyin];
        let members = [
            (Platform::Douyin, 50.0, false, true),
            (Platform::Weibo, 80.0, true, false),
            (Platform::Douyin, 71.0, true, false),
        ];
        let g = groups(&keys, members.into_iter());
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].key, g[0].count, g[0].passed), (Platform::Weibo, 1, 1));
        assert_eq!(
            (g[1].key, g[1].count, g[1].passed, g[1].vetoed),
            (Platform::Douyin, 2, 1, 1)
        );
        assert_eq!(g[1].mean, 60.5);
        assert_eq!(g[1].pass_rate(), 0.5);
    }
}
