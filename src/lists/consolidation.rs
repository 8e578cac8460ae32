//! The consolidation list (SPEC §5, Art. 6): dormant accounts to close (C2), duplicates on one
//! platform to merge into the primary (C1), low-attention low-use accounts (C3), and accounts of
//! sibling units with near-identical names to review (C4). One action per account, every reason.

pub(crate) use crate::vocab::Action;

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::catalogue::RuleId;
use crate::scoring::waivers::Waivers;
use rayon::prelude::*;

use super::similarity::{Name, dice_of};
use crate::metrics::Window;
use crate::model::{Dataset, Platform};
use crate::scoring::AccountScore;
use crate::scoring::numbers::normalise;
use crate::scoring::rubric::Rubric;

/// One row of `consolidation.csv`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConsolidationEntry {
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

/// C2 (Art. 6, 无力维护): no post for more than dormant_days (or none at all), unless opened
/// within them.
pub(crate) fn c2(
    s: &AccountScore,
    opened_on: Option<NaiveDate>,
    as_of: NaiveDate,
    r: &Rubric,
) -> bool {
    let dormant_days = i64::from(r.consolidation.dormant_days);
    // The rubric caps dormant_days at 3,660; a date near the calendar's end still never panics.
    let dormant_from = as_of
        .checked_sub_signed(chrono::TimeDelta::days(dormant_days))
        .unwrap_or(NaiveDate::MIN);
    let quiet = s.days_since_update.is_none_or(|d| d > dormant_days);
    quiet && opened_on.is_none_or(|o| o <= dormant_from)
}

/// C1 (Art. 6, 一平台多号): for each account, the primary it is to merge into when its unit has
/// several assessed accounts on its platform (`other` excepted); the primary has the most
/// followers (null lowest), then the highest influence, then the smallest id.
pub(crate) fn c1(scores: &[AccountScore]) -> Vec<Option<usize>> {
    let mut groups: BTreeMap<(&str, Platform), Vec<usize>> = BTreeMap::new();
    for (i, s) in scores.iter().enumerate() {
        if s.platform != Platform::Other {
            groups
                .entry((s.unit_id.as_str(), s.platform))
                .or_default()
                .push(i);
        }
    }
    let mut primary_of: Vec<Option<usize>> = vec![None; scores.len()];
    for members in groups.values().filter(|m| m.len() > 1) {
        let primary = members.iter().copied().min_by(|a, b| {
            let (x, y) = (&scores[*a], &scores[*b]);
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
    primary_of
}

/// C3 (Art. 6, 关注度和利用率低): followers known and below the platform's threshold, and fewer
/// posts than blocks.
pub(crate) fn c3(s: &AccountScore, r: &Rubric) -> bool {
    match (s.followers, r.min_followers.get(&s.platform)) {
        (Some(f), Some(min)) => f < *min && s.posts < s.blocks,
        _ => false,
    }
}

/// The reasons of every assessed account, by index into the scores.
struct Reasons {
    /// C1: the primary to merge into.
    c1: Vec<Option<usize>>,
    c2: Vec<bool>,
    c3: Vec<bool>,
    /// C4: the partners in similar-function pairs.
    c4: Vec<Vec<usize>>,
}

impl Reasons {
    fn of(&self, i: usize) -> Vec<RuleId> {
        let fired = [
            (RuleId::C1, self.c1[i].is_some()),
            (RuleId::C2, self.c2[i]),
            (RuleId::C3, self.c3[i]),
            (RuleId::C4, !self.c4[i].is_empty()),
        ];
        fired
            .into_iter()
            .filter(|(_, x)| *x)
            .map(|(r, _)| r)
            .collect()
    }

    /// No C1, C2 or C3 reason: a possible merge target for C3.
    fn clean(&self, i: usize) -> bool {
        !self.c2[i] && self.c1[i].is_none() && !self.c3[i]
    }
}

/// Builds the consolidation list, by account_id.
pub(crate) fn consolidate(
    dataset: &Dataset,
    scores: &[AccountScore],
    rubric: &Rubric,
    window: Window,
    waivers: &Waivers,
) -> Vec<ConsolidationEntry> {
    let opened = |s: &AccountScore| dataset.accounts[s.account as usize].opened_on;
    let mut reasons = Reasons {
        c1: c1(scores),
        c2: (scores.iter())
            .map(|s| c2(s, opened(s), window.as_of, rubric))
            .collect(),
        c3: scores.iter().map(|s| c3(s, rubric)).collect(),
        c4: c4(dataset, scores, rubric.consolidation.name_similarity),
    };
    reasons.waive(scores, waivers);
    let mut by_unit: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, s) in scores.iter().enumerate() {
        by_unit.entry(s.unit_id.as_str()).or_default().push(i);
    }
    let required: HashMap<&str, bool> = (dataset.units.iter())
        .map(|u| (u.unit_id.as_str(), u.must_open && u.exempt.is_none()))
        .collect();
    let mut entries = Vec::new();
    for (i, s) in scores.iter().enumerate() {
        let fired = reasons.of(i);
        if fired.is_empty() {
            continue;
        }
        let siblings = by_unit
            .get(s.unit_id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let unit_required = required.get(s.unit_id.as_str()).copied().unwrap_or(false);
        let (action, merge_into) = action(i, scores, &reasons, siblings, unit_required);
        entries.push(ConsolidationEntry {
            account_id: s.account_id.clone(),
            unit_id: s.unit_id.clone(),
            platform: s.platform,
            account_name: s.account_name.clone(),
            action,
            merge_into,
            reasons: fired,
            followers: s.followers,
            posts: s.posts,
            days_since_update: s.days_since_update,
        });
    }
    entries.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    entries
}

impl Reasons {
    /// A C rule an accepted appeal waived gives the account no reason (SPEC §14).
    fn waive(&mut self, scores: &[AccountScore], waivers: &Waivers) {
        if waivers.is_empty() {
            return;
        }
        for (i, s) in scores.iter().enumerate() {
            let waived = waivers.account(s.account);
            if waived.has(RuleId::C1) {
                self.c1[i] = None;
            }
            if waived.has(RuleId::C2) {
                self.c2[i] = false;
            }
            if waived.has(RuleId::C3) {
                self.c3[i] = false;
            }
            if waived.has(RuleId::C4) {
                self.c4[i].clear();
            }
        }
    }
}

/// The one action of account `i` and whom it merges into: close (C2) > merge (C1) > C3's merge
/// into the unit's best clean account (else rectify when the unit must have one, else close) >
/// review (C4, listing every higher partner).
fn action(
    i: usize,
    scores: &[AccountScore],
    reasons: &Reasons,
    siblings: &[usize],
    unit_required: bool,
) -> (Action, Vec<String>) {
    if reasons.c2[i] {
        return (Action::Close, vec![]);
    }
    if let Some(primary) = reasons.c1[i] {
        return (Action::Merge, vec![scores[primary].account_id.clone()]);
    }
    if reasons.c3[i] {
        let target = (siblings.iter().copied())
            .filter(|j| *j != i && reasons.clean(*j))
            .min_by(|a, b| {
                (scores[*b].influence.total_cmp(&scores[*a].influence))
                    .then(scores[*a].account_id.cmp(&scores[*b].account_id))
            });
        return match target {
            Some(t) => (Action::Merge, vec![scores[t].account_id.clone()]),
            None if unit_required => (Action::Rectify, vec![]),
            None => (Action::Close, vec![]),
        };
    }
    let mut ids: Vec<String> = (reasons.c4[i].iter())
        .filter(|p| is_higher(&scores[**p], &scores[i]))
        .map(|p| scores[*p].account_id.clone())
        .collect();
    ids.sort();
    (Action::Review, ids)
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

/// C4 (Art. 6, 功能相近): for each account, the accounts it forms a pair with — same platform,
/// sibling units (same non-empty parent), Dice similarity of the normalised names at or above the
/// threshold. Only accounts of one (platform, parent) group are compared, so the work grows with
/// the groups, not with all accounts.
pub(crate) fn c4(dataset: &Dataset, scores: &[AccountScore], threshold: f64) -> Vec<Vec<usize>> {
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
    let normalised: Vec<String> = scores.iter().map(|s| normalise(&s.account_name)).collect();
    let names: Vec<Name<'_>> = normalised.iter().map(|n| Name::new(n)).collect();
    let pairs: Vec<(usize, usize)> = groups
        .into_par_iter()
        .flat_map_iter(|(_, members)| {
            let mut found = Vec::new();
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    if scores[a].unit_id != scores[b].unit_id
                        && dice_of(&names[a], &names[b]) >= threshold
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::rules::Grade;

    fn rubric() -> Rubric {
        Rubric::default_rubric().unwrap()
    }

    fn account(
        id: &str,
        platform: Platform,
        followers: Option<u64>,
        influence: f64,
    ) -> AccountScore {
        AccountScore {
            account: 0,
            account_id: id.into(),
            unit_id: "U1".into(),
            platform,
            account_name: id.into(),
            posts: 20,
            original_posts: None,
            days_since_update: Some(1),
            weeks_without_post: 0,
            blocks: 13,
            months_without_original: None,
            messages: None,
            replied_late: None,
            unreplied_overdue: None,
            median_reply_hours: None,
            followers,
            influence,
            deduction_update: None,
            deduction_interaction: None,
            deduction_content: None,
            deduction_management: None,
            deduction_score: 100.0,
            bonus: 0.0,
            vetoed: false,
            veto_rules: vec![],
            score: 100.0,
            grade: Grade::Excellent,
        }
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn c2_more_than_90_days_quiet_unless_opened_within_them() {
        let r = rubric();
        let mut a = account("A", Platform::Weibo, None, 0.0);
        a.days_since_update = Some(91);
        assert!(c2(&a, None, day(9, 30), &r));
        a.days_since_update = Some(90);
        assert!(!c2(&a, None, day(9, 30), &r));
        a.days_since_update = None; // never posted
        assert!(
            c2(&a, Some(day(7, 2)), day(9, 30), &r),
            "opened 90 days before as_of"
        );
        assert!(
            !c2(&a, Some(day(7, 3)), day(9, 30), &r),
            "opened within the 90 days"
        );
    }

    #[test]
    fn c1_the_primary_has_most_followers_then_influence_then_smallest_id() {
        let scores = [
            account("A2", Platform::Weibo, Some(500), 9.0),
            account("A1", Platform::Weibo, Some(500), 9.0),
            account("A3", Platform::Weibo, None, 50.0),
            account("A4", Platform::Other, Some(9), 1.0),
            account("A5", Platform::Other, Some(9), 1.0),
        ];
        assert_eq!(c1(&scores), vec![Some(1), None, Some(1), None, None]);
    }

    #[test]
    fn c3_known_followers_below_the_platform_threshold_and_fewer_posts_than_blocks() {
        let r = rubric();
        let mut a = account("A", Platform::Weibo, Some(1999), 0.0);
        a.posts = 12;
        assert!(c3(&a, &r));
        a.posts = 13;
        assert!(!c3(&a, &r), "a post per block");
        a.posts = 0;
        a.followers = None;
        assert!(!c3(&a, &r), "followers unknown");
        a.platform = Platform::App;
        a.followers = Some(0);
        assert!(!c3(&a, &r), "apps have no threshold");
    }
}
