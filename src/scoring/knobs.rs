//! The rubric's keys that robustness (SPEC §9) may vary: the 36 local weights and deadlines, each
//! named by its dotted path in the rubric file, with which way is lenient. The national norms
//! (grade bands, vetoes, the bonus gate, shares, influence, consolidation, accountability) are not
//! among them. One row of `knobs!` per knob says where it lives in the rubric; `Knob::get` /
//! `Knob::set` (behind `Rubric::knob` / `Rubric::set_knob`) and the points' range check follow.

use super::rubric::{Bonus, Content, Interaction, Management, Rubric, UnitRules, Update};
use crate::model::ViolationCategory;

/// The rubric's tables that hold knobs, as read from the file (before the rubric is built).
pub(crate) struct Tables<'a> {
    pub(crate) update: &'a Update,
    pub(crate) interaction: &'a Interaction,
    pub(crate) content: &'a Content,
    pub(crate) management: &'a Management,
    pub(crate) bonus: &'a Bonus,
    pub(crate) unit: &'a UnitRules,
}

/// The knobs, one row each (SPEC §9's order; the categories, `content.category_points.<code>`,
/// come after `UnreviewedPost`): the variant, its dotted path, the rubric's field, whether it
/// counts points or whole days, and which way is lenient. `Knob`, its paths, `Rubric::knob` and
/// `Rubric::set_knob`, and the range check of the points are all made from these rows: a new
/// perturbable key is one row here, its field in the rubric's table, and the rule that reads it.
macro_rules! knobs {
    (
        $($before:ident = $bpath:literal => $btable:ident . $bfield:ident, $bkind:ident, $blenient:ident;)*
        @category
        $($after:ident = $apath:literal => $atable:ident . $afield:ident, $akind:ident, $alenient:ident;)*
    ) => {
        /// A key a draw may vary (see the rows of `knobs!`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Knob {
            $(#[doc = concat!("`", $bpath, "`")] $before,)*
            /// `content.category_points.<code>`
            Category(ViolationCategory),
            $(#[doc = concat!("`", $apath, "`")] $after,)*
        }

        /// The knobs that are not category points, in SPEC §9's order.
        const FIXED: &[(Knob, &str)] = &[$((Knob::$before, $bpath),)* $((Knob::$after, $apath),)*];

        impl Knob {
            /// A whole number of days (rounded half away from zero after scaling).
            pub fn is_days(self) -> bool {
                match self {
                    $(Knob::$before => knobs!(@days $bkind),)*
                    $(Knob::$after => knobs!(@days $akind),)*
                    Knob::Category(_) => false,
                }
            }

            /// More is more lenient (bonus points and deadlines); for every other knob less is.
            pub fn lenient_up(self) -> bool {
                match self {
                    $(Knob::$before => knobs!(@up $blenient),)*
                    $(Knob::$after => knobs!(@up $alenient),)*
                    Knob::Category(_) => false,
                }
            }

            /// Its value in `r` (days as a number).
            pub(crate) fn get(self, r: &Rubric) -> f64 {
                match self {
                    $(Knob::$before => knobs!(@get $bkind, r.$btable.$bfield),)*
                    $(Knob::$after => knobs!(@get $akind, r.$atable.$afield),)*
                    Knob::Category(c) => r.category_points.get(&c).copied().unwrap_or(0.0),
                }
            }

            /// Sets it in `r`; days are rounded half away from zero.
            pub(crate) fn set(self, r: &mut Rubric, value: f64) {
                match self {
                    $(Knob::$before => knobs!(@set $bkind, r.$btable.$bfield, value),)*
                    $(Knob::$after => knobs!(@set $akind, r.$atable.$afield, value),)*
                    Knob::Category(c) => {
                        if let Some(points) = r.category_points.get_mut(&c) {
                            *points = value;
                        }
                    }
                }
            }
        }

        /// The knobs that count points, by path, with their values in the rubric's tables (their
        /// range is checked once, with the rubric's other numbers).
        pub(crate) fn point_values(t: &Tables<'_>) -> Vec<(&'static str, f64)> {
            [
                $(knobs!(@point $bkind, $bpath, t.$btable.$bfield),)*
                $(knobs!(@point $akind, $apath, t.$atable.$afield),)*
            ]
            .into_iter()
            .flatten()
            .collect()
        }
    };
    (@days points) => { false };
    (@days days) => { true };
    (@up up) => { true };
    (@up down) => { false };
    (@get points, $place:expr) => { $place };
    (@get days, $place:expr) => { f64::from($place) };
    (@set points, $place:expr, $value:expr) => { $place = $value };
    (@set days, $place:expr, $value:expr) => {
        $place = $value.round().clamp(0.0, f64::from(u32::MAX)) as u32
    };
    (@point points, $path:literal, $place:expr) => { Some(($path, $place)) };
    (@point days, $path:literal, $place:expr) => { None };
}

knobs! {
    UpdateCap = "update.cap" => update.cap, points, down;
    WeekWithoutPost = "update.points_per_week_without_post" => update.points_per_week_without_post, points, down;
    MonthWithoutOriginal = "update.points_per_month_without_original" => update.points_per_month_without_original, points, down;
    InteractionCap = "interaction.cap" => interaction.cap, points, down;
    ReplyDays = "interaction.reply_days" => interaction.reply_days, days, up;
    LateReply = "interaction.points_per_late_reply" => interaction.points_per_late_reply, points, down;
    UnrepliedOverdue = "interaction.points_per_unreplied_overdue" => interaction.points_per_unreplied_overdue, points, down;
    ContentCap = "content.cap" => content.cap, points, down;
    RectifyDays = "content.rectify_days" => content.rectify_days, days, up;
    OverdueMultiplier = "content.overdue_multiplier" => content.overdue_multiplier, points, down;
    UnreviewedPost = "content.points_per_unreviewed_post" => content.points_per_unreviewed_post, points, down;
    @category
    ManagementCap = "management.cap" => management.cap, points, down;
    Unverified = "management.unverified" => management.unverified, points, down;
    NamesOtherEntity = "management.verification_names_other_entity" => management.verification_names_other_entity, points, down;
    NoOpenFiling = "management.no_open_filing" => management.no_open_filing, points, down;
    NameDiffers = "management.name_differs_across_platforms" => management.name_differs_across_platforms, points, down;
    B1Points = "bonus.b1_points" => bonus.b1_points, points, up;
    B2Points = "bonus.b2_points" => bonus.b2_points, points, up;
    B3Points = "bonus.b3_points" => bonus.b3_points, points, up;
    ExtraAccount = "unit.points_per_extra_account" => unit.points_per_extra_account, points, down;
    UnfiledClosure = "unit.points_per_unfiled_closure" => unit.points_per_unfiled_closure, points, down;
    UnitCap = "unit.deduction_cap" => unit.deduction_cap, points, down;
}

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
