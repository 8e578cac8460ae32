//! Account scores (SPEC §4.1–§4.5), numbers only: one small pure function per rule over the
//! account's facts and the rubric (`grep "fn u1"`), one capping function per item, and their fold
//! into the score and grade. No strings and no allocation: this is what re-scoring repeats. What
//! the rules found, in words, is in `audit.rs`.

use super::facts::AccountFacts;
use super::numbers::round2;
use super::rubric::Rubric;
use super::rules::Grade;
use crate::catalogue::RuleId;

/// X1 (19号: 监测时间点前2周内无更新): no post in the last `no_update_days` days up to as_of;
/// not applied to an account opened within them.
pub(crate) fn x1(f: &AccountFacts, r: &Rubric) -> bool {
    if f.waived.has(RuleId::X1) {
        return false;
    }
    // In days before as_of: the span's first day is `span` days back (13 for 14 days).
    let span = i64::from(r.veto.no_update_days) - 1;
    f.days_since_opened.is_none_or(|o| o >= span) && f.days_since_post.is_none_or(|d| d > span)
}

/// X2: no working interaction function.
pub(crate) fn x2(f: &AccountFacts, _: &Rubric) -> bool {
    f.interaction_off && !f.waived.has(RuleId::X2)
}

/// X3: a counted violation of a veto category.
pub(crate) fn x3(f: &AccountFacts, _: &Rubric) -> bool {
    f.veto_violation && !f.waived.has(RuleId::X3)
}

/// `None` when an appeal waived `rule` for the account (SPEC §14).
fn open(f: &AccountFacts, rule: RuleId) -> Option<()> {
    (!f.waived.has(rule)).then_some(())
}

/// `points × count`, rounded, when the count is not zero.
fn per(points: f64, count: u64) -> Option<f64> {
    (count > 0).then(|| round2(points * count as f64))
}

/// U1: points for each full block without a post.
pub(crate) fn u1(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::U1)?;
    per(r.update.points_per_week_without_post, f.empty_blocks)
}

/// U2: points for each calendar month without an original post.
pub(crate) fn u2(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::U2)?;
    per(
        r.update.points_per_month_without_original,
        f.months_without_original?,
    )
}

/// U3 (SPEC §17.1): points for each missed and each late repost task, at most `tasks.cap`;
/// evaluated only with tasks.csv.
pub(crate) fn u3(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::U3)?;
    let t = f.tasks?;
    let points = r.tasks.points_missed * t.missed as f64 + r.tasks.points_late * t.late as f64;
    (points > 0.0).then(|| round2(points.min(r.tasks.cap)))
}

/// I1: points for each message answered later than reply_days.
pub(crate) fn i1(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::I1)?;
    let late = f.replies.as_ref()?.late(r.interaction.reply_days);
    per(r.interaction.points_per_late_reply, late)
}

/// I2: points for each message still unanswered after reply_days.
pub(crate) fn i2(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::I2)?;
    let overdue = f.replies.as_ref()?.overdue(r.interaction.reply_days);
    per(r.interaction.points_per_unreplied_overdue, overdue)
}

/// K1: each counted violation's points (× the multiplier when overdue), summed in input order.
pub(crate) fn k1(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::K1)?;
    let violations = f.violations.as_ref().filter(|v| !v.is_empty())?;
    let points: f64 = violations
        .iter()
        .map(|v| k1_points(v, r))
        .fold(0.0, |sum, p| sum + p);
    Some(round2(points))
}

/// One violation's K1 points.
pub(crate) fn k1_points(v: &super::facts::Counted, r: &Rubric) -> f64 {
    let base = r.category_points.get(&v.category).copied().unwrap_or(0.0);
    if k1_overdue(v.took_days, v.past_deadline, r) {
        base * r.content.overdue_multiplier
    } else {
        base
    }
}

/// A violation is overdue when its end is after its deadline (SPEC §17.3): with a calendar the
/// working-day deadline decided it (`past_deadline`); without one, it took longer than
/// rectify_days.
pub(crate) fn k1_overdue(took_days: i64, past_deadline: Option<bool>, r: &Rubric) -> bool {
    past_deadline.unwrap_or(took_days > i64::from(r.content.rectify_days))
}

/// K2: points for each window post without a review record.
pub(crate) fn k2(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::K2)?;
    per(r.content.points_per_unreviewed_post, f.unreviewed?)
}

/// M1: not verified on its platform.
pub(crate) fn m1(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::M1)?;
    f.unverified.then_some(r.management.unverified)
}

/// M2: the verification does not name the host unit (Art. 6).
pub(crate) fn m2(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::M2)?;
    f.names_other_entity
        .then_some(r.management.verification_names_other_entity)
}

/// M3: no `open` filing on record by as_of (Art. 5).
pub(crate) fn m3(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::M3)?;
    f.no_open_filing.then_some(r.management.no_open_filing)
}

/// M4: the name differs from the unit's usual name on its other platforms (Art. 6).
pub(crate) fn m4(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    open(f, RuleId::M4)?;
    f.name_differs
        .then_some(r.management.name_differs_across_platforms)
}

/// B1: influence among the top of its platform.
pub(crate) fn b1(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    f.top_of_platform.then_some(r.bonus.b1_points)
}

/// B2: enough messages, every one answered within reply_days.
pub(crate) fn b2(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    let replies = f.replies.as_ref()?;
    (replies.count() >= u64::from(r.bonus.b2_min_messages)
        && replies.all_in_time(r.interaction.reply_days))
    .then_some(r.bonus.b2_points)
}

/// B3: a post in every block, mostly original.
pub(crate) fn b3(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    f.frequent_original.then_some(r.bonus.b3_points)
}

/// The sum of the rules that fired, capped, rounded.
fn capped(points: impl IntoIterator<Item = Option<f64>>, cap: f64) -> f64 {
    let sum = points.into_iter().flatten().fold(0.0, |sum, p| sum + p);
    round2(sum.min(cap))
}

/// 信息更新: U1 + U2 + U3, capped.
pub(crate) fn update_item(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    Some(capped([u1(f, r), u2(f, r), u3(f, r)], r.update.cap))
}

/// 互动回应: I1 + I2, capped; empty without messages.
pub(crate) fn interaction_item(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    f.replies.as_ref()?;
    Some(capped([i1(f, r), i2(f, r)], r.interaction.cap))
}

/// 内容规范: K1 + K2, capped; empty when neither can be evaluated.
pub(crate) fn content_item(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    let k1 = f.violations.as_ref().map(|_| k1(f, r).unwrap_or(0.0));
    let k2 = f.unreviewed.map(|_| k2(f, r).unwrap_or(0.0));
    let content = match (k1, k2) {
        (None, None) => return None,
        (k1, k2) => k1.unwrap_or(0.0) + k2.unwrap_or(0.0),
    };
    Some(round2(content.min(r.content.cap)))
}

/// 账号管理: M1 + M2 + M3 + M4, capped.
pub(crate) fn management_item(f: &AccountFacts, r: &Rubric) -> Option<f64> {
    Some(capped(
        [m1(f, r), m2(f, r), m3(f, r), m4(f, r)],
        r.management.cap,
    ))
}

/// The numbers of one account's score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct AccountNumbers {
    /// X1, X2, X3 fired.
    pub vetoes: [bool; 3],
    /// The capped items: update, interaction, content, management (`None` = not evaluated).
    pub items: [Option<f64>; 4],
    /// 100 minus the items, at least 0.
    pub deduction_score: f64,
    /// Bonus added (0 when vetoed).
    pub bonus: f64,
    /// The score.
    pub score: f64,
    /// The grade.
    pub grade: Grade,
}

impl AccountNumbers {
    /// Whether a veto fired.
    pub(crate) fn vetoed(&self) -> bool {
        self.vetoes.iter().any(|v| *v)
    }

    /// The vetoes that fired, in rule order.
    pub(crate) fn veto_rules(&self) -> impl Iterator<Item = RuleId> + '_ {
        [RuleId::X1, RuleId::X2, RuleId::X3]
            .into_iter()
            .zip(self.vetoes)
            .filter_map(|(rule, fired)| fired.then_some(rule))
    }
}

/// 加分: B1 + B2 + B3, capped; only when not vetoed and the deduction score is high enough.
pub(crate) fn bonus(f: &AccountFacts, r: &Rubric, vetoed: bool, deduction_score: f64) -> f64 {
    if vetoed || deduction_score <= r.bonus.above_deduction_score {
        return 0.0;
    }
    capped([b1(f, r), b2(f, r), b3(f, r)], r.bonus.max)
}

/// The account's score: vetoes, items, bonus, score and grade (SPEC §4.5).
pub(crate) fn score(f: &AccountFacts, r: &Rubric) -> AccountNumbers {
    let vetoes = [x1(f, r), x2(f, r), x3(f, r)];
    let vetoed = vetoes.iter().any(|v| *v);
    let items = [
        update_item(f, r),
        interaction_item(f, r),
        content_item(f, r),
        management_item(f, r),
    ];
    let deductions: f64 = items.iter().flatten().sum();
    let deduction_score = round2((100.0 - deductions).max(0.0));
    let bonus = bonus(f, r, vetoed, deduction_score);
    let (score, grade) = if vetoed {
        (round2(deduction_score.min(r.veto.score_cap)), Grade::Fail)
    } else {
        let score = round2(deduction_score + bonus);
        (score, Grade::of(score, &r.grades))
    };
    AccountNumbers {
        vetoes,
        items,
        deduction_score,
        bonus,
        score,
        grade,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ViolationCategory;
    use crate::scoring::facts::{Counted, Replies};
    use chrono::NaiveDate;

    fn rubric() -> Rubric {
        Rubric::default_rubric().unwrap()
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    /// An account as of 2026-09-30 that posted that day: nothing fires.
    fn quiet() -> AccountFacts {
        AccountFacts {
            as_of: day(9, 30),
            last_post: Some(day(9, 30)),
            days_since_post: Some(0),
            blocks: 13,
            ..AccountFacts::default()
        }
    }

    #[test]
    fn x1_fires_without_a_post_in_the_last_14_days_unless_opened_within_them() {
        let r = rubric();
        for (last, opened, fires) in [
            (Some(day(9, 17)), None, false), // as_of − 13: inside the span
            (Some(day(9, 16)), None, true),
            (None, None, true),
            (None, Some(day(9, 18)), false), // opened inside the span
            (None, Some(day(9, 17)), true),
        ] {
            let as_of = day(9, 30);
            let f = AccountFacts {
                last_post: last,
                days_since_post: last.map(|d| (as_of - d).num_days()),
                days_since_opened: opened.map(|d| (as_of - d).num_days()),
                ..quiet()
            };
            assert_eq!(x1(&f, &r), fires, "{last:?} {opened:?}");
        }
    }

    #[test]
    fn x2_and_x3_follow_their_facts() {
        let r = rubric();
        assert!(!x2(&quiet(), &r) && !x3(&quiet(), &r));
        let f = AccountFacts {
            interaction_off: true,
            veto_violation: true,
            ..quiet()
        };
        assert!(x2(&f, &r) && x3(&f, &r));
    }

    #[test]
    fn u1_u2_3_points_a_week_5_a_month_capped_at_30() {
        let r = rubric();
        let f = AccountFacts {
            empty_blocks: 4,
            months_without_original: Some(2),
            ..quiet()
        };
        assert_eq!((u1(&f, &r), u2(&f, &r)), (Some(12.0), Some(10.0)));
        assert_eq!(update_item(&f, &r), Some(22.0));
        let f = AccountFacts {
            empty_blocks: 9,
            ..f
        };
        assert_eq!(update_item(&f, &r), Some(30.0)); // 27 + 10 capped
        assert_eq!((u1(&quiet(), &r), u2(&quiet(), &r)), (None, None));
        assert_eq!(update_item(&quiet(), &r), Some(0.0));
    }

    #[test]
    fn i1_i2_late_and_overdue_against_5_days() {
        let r = rubric();
        let f = AccountFacts {
            replies: Some(Replies::new(
                vec![3_600, 5 * 86_400, 6 * 86_400],
                vec![5, 6, 30],
                5..=5,
            )),
            ..quiet()
        };
        assert_eq!(i1(&f, &r), Some(1.0)); // 6 days: 1 × 1
        assert_eq!(i2(&f, &r), Some(4.0)); // 6 and 30 days: 2 × 2
        assert_eq!(interaction_item(&f, &r), Some(5.0));
        assert_eq!(interaction_item(&quiet(), &r), None, "no messages.csv");
    }

    #[test]
    fn k1_k2_points_overdue_times_1_5_and_2_per_unreviewed_post() {
        let r = rubric();
        let f = AccountFacts {
            violations: Some(vec![
                Counted {
                    category: ViolationCategory::PrivacyLeak,
                    took_days: 30,
                    past_deadline: None,
                },
                Counted {
                    category: ViolationCategory::Typo,
                    took_days: 31,
                    past_deadline: None,
                },
            ]),
            unreviewed: Some(3),
            ..quiet()
        };
        assert_eq!(k1(&f, &r), Some(11.5)); // 10 + 1 × 1.5
        assert_eq!(k2(&f, &r), Some(6.0));
        assert_eq!(content_item(&f, &r), Some(17.5));
        let none = AccountFacts {
            violations: Some(vec![]),
            ..quiet()
        };
        assert_eq!((k1(&none, &r), content_item(&none, &r)), (None, Some(0.0)));
        assert_eq!(content_item(&quiet(), &r), None, "neither input");
    }

    #[test]
    fn m1_to_m4_5_5_5_2_capped_at_15() {
        let r = rubric();
        let f = AccountFacts {
            unverified: true,
            names_other_entity: true,
            no_open_filing: true,
            name_differs: true,
            ..quiet()
        };
        assert_eq!(
            [m1(&f, &r), m2(&f, &r), m3(&f, &r), m4(&f, &r)],
            [Some(5.0), Some(5.0), Some(5.0), Some(2.0)]
        );
        assert_eq!(management_item(&f, &r), Some(15.0));
    }

    #[test]
    fn b1_b2_b3_only_above_80_and_not_vetoed() {
        let r = rubric();
        let f = AccountFacts {
            top_of_platform: true,
            frequent_original: true,
            replies: Some(Replies::new(vec![3_600; 10], vec![], 5..=5)),
            ..quiet()
        };
        assert_eq!(
            [b1(&f, &r), b2(&f, &r), b3(&f, &r)],
            [Some(5.0), Some(3.0), Some(2.0)]
        );
        assert_eq!(bonus(&f, &r, false, 80.01), 10.0);
        assert_eq!(bonus(&f, &r, false, 80.0), 0.0, "not above 80");
        assert_eq!(bonus(&f, &r, true, 100.0), 0.0, "vetoed");
        let nine = AccountFacts {
            replies: Some(Replies::new(vec![3_600; 9], vec![], 5..=5)),
            ..f
        };
        assert_eq!(b2(&nine, &r), None, "fewer than 10 messages");
    }

    #[test]
    fn score_caps_a_vetoed_account_at_59_and_grades_the_rest() {
        let r = rubric();
        let n = score(&quiet(), &r);
        assert_eq!(
            (n.deduction_score, n.score, n.grade),
            (100.0, 100.0, Grade::Excellent)
        );
        let vetoed = AccountFacts {
            interaction_off: true,
            ..quiet()
        };
        let n = score(&vetoed, &r);
        assert_eq!((n.score, n.grade, n.bonus), (59.0, Grade::Fail, 0.0));
        assert_eq!(n.veto_rules().collect::<Vec<_>>(), vec![RuleId::X2]);
        let weak = AccountFacts {
            empty_blocks: 7,
            ..quiet()
        };
        let n = score(&weak, &r);
        assert_eq!((n.score, n.grade), (79.0, Grade::Pass));
    }
}
