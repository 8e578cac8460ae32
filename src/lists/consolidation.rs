//! The consolidation list (SPEC §5, Art. 6): dormant accounts to close (C2), duplicates on one
//! platform to merge into the primary (C1), low-attention low-use accounts (C3), and accounts of
//! sibling units with near-identical names to review (C4). One action per account, every reason.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::catalogue::RuleId;
use rayon::prelude::*;

use super::similarity::dice;
use crate::metrics::Window;
use crate::model::{Dataset, Platform};
use crate::scoring::AccountScore;
use crate::scoring::numbers::normalise;
use crate::scoring::rubric::Rubric;

/// What to do with an account, in order of precedence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// 关停注销 (C2, or C3 with nowhere to merge in a unit not required to open).
    Close,
    /// 整合 into another account (C1, or C3).
    Merge,
    /// 整改: C3 in a required unit with nowhere to merge.
    Rectify,
    /// 核查: C4, similar function to an account of a sibling unit.
    Review,
}

impl Action {
    /// Every action, in order of precedence.
    pub const ALL: [Action; 4] = [
        Action::Close,
        Action::Merge,
        Action::Rectify,
        Action::Review,
    ];

    /// English code.
    pub fn code(self) -> &'static str {
        match self {
            Action::Close => "close",
            Action::Merge => "merge",
            Action::Rectify => "rectify",
            Action::Review => "review",
        }
    }
}

/// One row of `consolidation.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsolidationEntry {
    /// Index into the account scores.
    pub account_id: String,
    /// Host unit.
    pub unit_id: String,
    /// Platform.
    pub platform: Platform,
    /// Name.
    pub account_name: String,
    /// The one action.
    pub action: Action,
    /// The account(s) to merge into (for C4 review: every higher partner).
    pub merge_into: Vec<String>,
    /// Every reason that applies.
    pub reasons: Vec<RuleId>,
    /// Latest follower level.
    pub followers: Option<u64>,
    /// Posts in the window.
    pub posts: u64,
    /// Days since the last post.
    pub days_since_update: Option<i64>,
}

/// Builds the consolidation list, by account_id.
pub fn consolidate(
    dataset: &Dataset,
    scores: &[AccountScore],
    rubric: &Rubric,
    window: Window,
) -> Vec<ConsolidationEntry> {
    let settings = &rubric.consolidation;
    let dormant_days = i64::from(settings.dormant_days);
    // The rubric caps dormant_days at 3,660; a date near the calendar's end still never panics.
    let dormant_from = window
        .as_of
        .checked_sub_signed(chrono::TimeDelta::days(dormant_days))
        .unwrap_or(NaiveDate::MIN);
    let units: HashMap<&str, &crate::model::Unit> = dataset
        .units
        .iter()
        .map(|u| (u.unit_id.as_str(), u))
        .collect();

    // C2: no post for more than dormant_days (or none at all), unless opened within them.
    let c2: Vec<bool> = scores
        .iter()
        .map(|s| {
            let opened = dataset.accounts[s.account as usize].opened_on;
            let quiet = s.days_since_update.is_none_or(|d| d > dormant_days);
            quiet && opened.is_none_or(|o| o <= dormant_from)
        })
        .collect();

    // C1: several assessed accounts of a unit on one platform (`other` excepted).
    let mut groups: BTreeMap<(&str, Platform), Vec<usize>> = BTreeMap::new();
    for (i, s) in scores
        .iter()
        .enumerate()
        .filter(|(_, s)| s.platform != Platform::Other)
    {
        groups
            .entry((s.unit_id.as_str(), s.platform))
            .or_default()
            .push(i);
    }
    let mut primary_of: Vec<Option<usize>> = vec![None; scores.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let primary = members.iter().copied().min_by(|a, b| {
            let (x, y) = (&scores[*a], &scores[*b]);
            // Most followers (null lowest), then highest influence, then smallest id.
            y.followers
                .cmp(&x.followers)
                .then(y.influence.total_cmp(&x.influence))
                .then(x.account_id.cmp(&y.account_id))
        });
        if let Some(primary) = primary {
            for &m in members.iter().filter(|m| **m != primary) {
                primary_of[m] = Some(primary);
            }
        }
    }

    // C3: followers known and below the platform's threshold, and fewer posts than blocks.
    let c3: Vec<bool> = scores
        .iter()
        .map(
            |s| match (s.followers, rubric.min_followers.get(&s.platform)) {
                (Some(f), Some(min)) => f < *min && s.posts < s.blocks,
                _ => false,
            },
        )
        .collect();

    // C4: sibling units (same non-empty parent), same platform, similar normalised names.
    let partners = similar_partners(dataset, scores, settings.name_similarity);

    // The best other account of each unit with no C1/C2/C3 reason: C3's merge target.
    let clean = |i: usize| !c2[i] && primary_of[i].is_none() && !c3[i];
    let mut by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in scores.iter().enumerate() {
        by_unit.entry(s.unit_id.as_str()).or_default().push(i);
    }

    let mut entries = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        let mut reasons = Vec::new();
        if primary_of[i].is_some() {
            reasons.push(RuleId::C1);
        }
        if c2[i] {
            reasons.push(RuleId::C2);
        }
        if c3[i] {
            reasons.push(RuleId::C3);
        }
        let higher_partners: Vec<usize> = partners[i]
            .iter()
            .copied()
            .filter(|p| is_higher(&scores[*p], s))
            .collect();
        if !partners[i].is_empty() {
            reasons.push(RuleId::C4);
        }
        if reasons.is_empty() {
            continue;
        }
        let (action, merge_into) = if c2[i] {
            (Action::Close, vec![])
        } else if let Some(primary) = primary_of[i] {
            (Action::Merge, vec![scores[primary].account_id.clone()])
        } else if c3[i] {
            let target = by_unit
                .get(s.unit_id.as_str())
                .into_iter()
                .flatten()
                .copied()
                .filter(|j| *j != i && clean(*j))
                .min_by(|a, b| {
                    scores[*b]
                        .influence
                        .total_cmp(&scores[*a].influence)
                        .then(scores[*a].account_id.cmp(&scores[*b].account_id))
                });
            match target {
                Some(t) => (Action::Merge, vec![scores[t].account_id.clone()]),
                None => {
                    let required = units
                        .get(s.unit_id.as_str())
                        .is_some_and(|u| u.must_open && u.exempt.is_none());
                    (
                        if required {
                            Action::Rectify
                        } else {
                            Action::Close
                        },
                        vec![],
                    )
                }
            }
        } else {
            let mut ids: Vec<String> = higher_partners
                .iter()
                .map(|p| scores[*p].account_id.clone())
                .collect();
            ids.sort();
            (Action::Review, ids)
        };
        entries.push(ConsolidationEntry {
            account_id: s.account_id.clone(),
            unit_id: s.unit_id.clone(),
            platform: s.platform,
            account_name: s.account_name.clone(),
            action,
            merge_into,
            reasons,
            followers: s.followers,
            posts: s.posts,
            days_since_update: s.days_since_update,
        });
    }
    entries.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    entries
}

/// Whether `partner` ranks above `account` in a C4 pair: higher influence; on a tie, the
/// smaller account_id (the larger one is the lower).
fn is_higher(partner: &AccountScore, account: &AccountScore) -> bool {
    match partner.influence.total_cmp(&account.influence) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => partner.account_id < account.account_id,
    }
}

/// For each account, the accounts it forms a C4 pair with. Only accounts of one (platform,
/// parent) group are compared, so the work grows with the groups, not with all accounts.
fn similar_partners(dataset: &Dataset, scores: &[AccountScore], threshold: f64) -> Vec<Vec<usize>> {
    let parents: HashMap<&str, &str> = dataset
        .units
        .iter()
        .filter_map(|u| u.parent_id.as_deref().map(|p| (u.unit_id.as_str(), p)))
        .collect();
    let mut groups: BTreeMap<(Platform, &str), Vec<usize>> = BTreeMap::new();
    for (i, s) in scores.iter().enumerate() {
        if let Some(parent) = parents.get(s.unit_id.as_str()).filter(|p| !p.is_empty()) {
            groups.entry((s.platform, parent)).or_default().push(i);
        }
    }
    let names: Vec<String> = scores.iter().map(|s| normalise(&s.account_name)).collect();
    let pairs: Vec<(usize, usize)> = groups
        .into_par_iter()
        .flat_map_iter(|(_, members)| {
            let mut found = Vec::new();
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if scores[a].unit_id != scores[b].unit_id
                        && dice(&names[a], &names[b]) >= threshold
                    {
                        found.push((a, b));
                    }
                }
            }
            found
        })
        .collect();
    let mut partners = vec![Vec::new(); scores.len()];
    for (a, b) in pairs {
        partners[a].push(b);
        partners[b].push(a);
    }
    partners
}
