//! The rubric's keys that robustness (SPEC §9) may vary: the 36 local weights and deadlines, each
//! named by its dotted path in the rubric file, with which way is lenient. The national norms
//! (grade bands, vetoes, the bonus gate, shares, influence, consolidation, accountability) are not
//! among them. Where a knob lives in the rubric is `Rubric::knob` / `Rubric::set_knob`.

use crate::model::ViolationCategory;

/// A key a draw may vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Knob {
    /// `update.cap`
    UpdateCap,
    /// `update.points_per_week_without_post`
    WeekWithoutPost,
    /// `update.points_per_month_without_original`
    MonthWithoutOriginal,
    /// `interaction.cap`
    InteractionCap,
    /// `interaction.reply_days`
    ReplyDays,
    /// `interaction.points_per_late_reply`
    LateReply,
    /// `interaction.points_per_unreplied_overdue`
    UnrepliedOverdue,
    /// `content.cap`
    ContentCap,
    /// `content.rectify_days`
    RectifyDays,
    /// `content.overdue_multiplier`
    OverdueMultiplier,
    /// `content.points_per_unreviewed_post`
    UnreviewedPost,
    /// `content.category_points.<code>`
    Category(ViolationCategory),
    /// `management.cap`
    ManagementCap,
    /// `management.unverified`
    Unverified,
    /// `management.verification_names_other_entity`
    NamesOtherEntity,
    /// `management.no_open_filing`
    NoOpenFiling,
    /// `management.name_differs_across_platforms`
    NameDiffers,
    /// `bonus.b1_points`
    B1Points,
    /// `bonus.b2_points`
    B2Points,
    /// `bonus.b3_points`
    B3Points,
    /// `unit.points_per_extra_account`
    ExtraAccount,
    /// `unit.points_per_unfiled_closure`
    UnfiledClosure,
    /// `unit.deduction_cap`
    UnitCap,
}

/// The knobs that are not category points, in SPEC §9's order (the categories come after
/// `content.points_per_unreviewed_post`).
const FIXED: [(Knob, &str); 22] = [
    (Knob::UpdateCap, "update.cap"),
    (Knob::WeekWithoutPost, "update.points_per_week_without_post"),
    (
        Knob::MonthWithoutOriginal,
        "update.points_per_month_without_original",
    ),
    (Knob::InteractionCap, "interaction.cap"),
    (Knob::ReplyDays, "interaction.reply_days"),
    (Knob::LateReply, "interaction.points_per_late_reply"),
    (
        Knob::UnrepliedOverdue,
        "interaction.points_per_unreplied_overdue",
    ),
    (Knob::ContentCap, "content.cap"),
    (Knob::RectifyDays, "content.rectify_days"),
    (Knob::OverdueMultiplier, "content.overdue_multiplier"),
    (Knob::UnreviewedPost, "content.points_per_unreviewed_post"),
    (Knob::ManagementCap, "management.cap"),
    (Knob::Unverified, "management.unverified"),
    (
        Knob::NamesOtherEntity,
        "management.verification_names_other_entity",
    ),
    (Knob::NoOpenFiling, "management.no_open_filing"),
    (
        Knob::NameDiffers,
        "management.name_differs_across_platforms",
    ),
    (Knob::B1Points, "bonus.b1_points"),
    (Knob::B2Points, "bonus.b2_points"),
    (Knob::B3Points, "bonus.b3_points"),
    (Knob::ExtraAccount, "unit.points_per_extra_account"),
    (Knob::UnfiledClosure, "unit.points_per_unfiled_closure"),
    (Knob::UnitCap, "unit.deduction_cap"),
];

/// The prefix of the category keys.
const CATEGORY: &str = "content.category_points.";

impl Knob {
    /// Every knob of a rubric whose non-veto categories are `categories`, in SPEC §9's order.
    pub fn all(categories: impl IntoIterator<Item = ViolationCategory>) -> Vec<Knob> {
        let position = |k: &Knob| FIXED.iter().position(|(f, _)| f == k).unwrap_or(0);
        let before = FIXED[..=position(&Knob::UnreviewedPost)].iter();
        let after = FIXED[position(&Knob::UnreviewedPost) + 1..].iter();
        before
            .map(|(k, _)| *k)
            .chain(categories.into_iter().map(Knob::Category))
            .chain(after.map(|(k, _)| *k))
            .collect()
    }

    /// The knob a dotted path names, if it is one.
    pub fn parse(path: &str) -> Option<Knob> {
        if let Some(code) = path.strip_prefix(CATEGORY) {
            let category = ViolationCategory::ALL.iter().find(|c| c.code() == code)?;
            return Some(Knob::Category(*category));
        }
        FIXED.iter().find(|(_, p)| *p == path).map(|(k, _)| *k)
    }

    /// Its dotted path in the rubric file.
    pub fn path(self) -> String {
        match self {
            Knob::Category(c) => format!("{CATEGORY}{}", c.code()),
            k => FIXED
                .iter()
                .find(|(f, _)| *f == k)
                .map_or_else(String::new, |(_, p)| (*p).to_string()),
        }
    }

    /// A whole number of days (rounded half away from zero after scaling).
    pub fn is_days(self) -> bool {
        matches!(self, Knob::ReplyDays | Knob::RectifyDays)
    }

    /// More is more lenient (bonus points and deadlines); for every other knob less is.
    pub fn lenient_up(self) -> bool {
        self.is_days() || matches!(self, Knob::B1Points | Knob::B2Points | Knob::B3Points)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rubric_has_36_knobs_each_parsed_back_from_its_path() {
        let categories = ViolationCategory::ALL.iter().copied().skip(4);
        let all = Knob::all(categories);
        assert_eq!(all.len(), 36);
        assert_eq!(all[11], Knob::Category(ViolationCategory::PrivacyLeak));
        assert_eq!(all[25], Knob::ManagementCap);
        for knob in all {
            assert_eq!(Knob::parse(&knob.path()), Some(knob), "{}", knob.path());
        }
        assert_eq!(Knob::parse("bonus.max"), None);
        assert_eq!(Knob::parse("content.category_points.nonsense"), None);
        assert!(Knob::ReplyDays.lenient_up() && Knob::B2Points.lenient_up());
        assert!(!Knob::UpdateCap.lenient_up() && !Knob::OverdueMultiplier.lenient_up());
    }
}
