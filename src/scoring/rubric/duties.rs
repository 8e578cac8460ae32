//! The rubric's tables for the rest of the Measures (SPEC §17.4): repost tasks `[tasks]`, the
//! registry's life cycle `[lifecycle]` and working days `[calendar]`. A rubric without one takes
//! its defaults; none of their keys is perturbed by SPEC §9.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::RubricError;
use super::check::Checker;
use crate::model::{Platform, ViolationCategory};

/// `[tasks]` as written (SPEC §17.1, U3).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct TasksFile {
    points_missed: f64,
    points_late: f64,
    cap: f64,
    min_title_chars: u32,
    lead_days: u32,
    platforms: Vec<String>,
}

impl Default for TasksFile {
    fn default() -> TasksFile {
        TasksFile {
            points_missed: 2.0,
            points_late: 1.0,
            cap: 10.0,
            min_title_chars: 6,
            lead_days: 3,
            platforms: (Platform::ALL.iter())
                .filter(|p| **p != Platform::Miniprogram)
                .map(|p| p.code().to_string())
                .collect(),
        }
    }
}

/// Repost tasks (SPEC §17.1), validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Tasks {
    /// U3: points per missed task.
    pub points_missed: f64,
    /// U3: points per late task (never more than a missed one).
    pub points_late: f64,
    /// U3 at most.
    pub cap: f64,
    /// A title match needs a task title key this long.
    pub min_title_chars: u32,
    /// warn's `task_due` horizon in days.
    pub lead_days: u32,
    /// The platforms a task with no 指定平台 binds.
    pub platforms: Vec<Platform>,
}

/// `[lifecycle]` (SPEC §17.2): L2 without a calendar.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Lifecycle {
    /// A filing is late after this many calendar days.
    pub filing_days: u32,
}

impl Default for Lifecycle {
    fn default() -> Lifecycle {
        Lifecycle { filing_days: 7 }
    }
}

/// `[calendar]` as written (SPEC §17.3).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct CalendarFile {
    filing_working_days: u32,
    rectify_report_working_days: u32,
    appeal_working_days: u32,
    rectify_working_days: BTreeMap<String, u32>,
}

/// The rectification deadline of each category in working days: 1 to take content down, 5 to
/// correct a post, link or function, 10 to change a service or practice (SPEC §17.4).
fn default_rectify_days(category: ViolationCategory) -> u32 {
    use ViolationCategory as C;
    match category {
        C::StateSecret
        | C::IllegalContent
        | C::IllegalLink
        | C::SeriousMisstatement
        | C::PrivacyLeak
        | C::FalseInfo
        | C::PersonalOpinion
        | C::CommercialAd
        | C::AdLink
        | C::HarmfulToUsers => 1,
        C::BrokenFunction | C::UnreviewedPost | C::Typo | C::Other => 5,
        C::UnlicensedService | C::FakeFollowers | C::ExcessDataCollection | C::ForcedEngagement => {
            10
        }
    }
}

impl Default for CalendarFile {
    fn default() -> CalendarFile {
        CalendarFile {
            filing_working_days: 5,
            rectify_report_working_days: 20,
            appeal_working_days: 5,
            rectify_working_days: (ViolationCategory::ALL.iter())
                .map(|c| (c.code().to_string(), default_rectify_days(*c)))
                .collect(),
        }
    }
}

/// Working-day deadlines (SPEC §17.3), validated; used only with calendar.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// L2 with calendar.csv.
    pub filing_working_days: u32,
    /// The written rectification report.
    pub rectify_report_working_days: u32,
    /// The objection window.
    pub appeal_working_days: u32,
    /// The rectification deadline of every category.
    pub rectify_working_days: BTreeMap<ViolationCategory, u32>,
}

impl Checker<'_> {
    /// `[tasks]`, `[lifecycle]` and `[calendar]` with the ranges of SPEC §17.4.
    pub(super) fn duties(
        &self,
        tasks: &TasksFile,
        lifecycle: &Lifecycle,
        calendar: &CalendarFile,
    ) -> Result<(Tasks, Calendar), RubricError> {
        let whole = |key: &str, value: u32, range: std::ops::RangeInclusive<u32>| {
            if range.contains(&value) {
                Ok(())
            } else {
                let (low, high) = (range.start(), range.end());
                Err(self.invalid(
                    key,
                    &value,
                    &format!("must be a whole number from {low} to {high}"),
                ))
            }
        };
        let points = |key: &str, value: f64, high: f64| {
            if (0.0..=high).contains(&value) {
                Ok(())
            } else {
                Err(self.invalid(key, &value, &format!("must be from 0 to {high}")))
            }
        };
        points("tasks.points_missed", tasks.points_missed, 30.0)?;
        points("tasks.points_late", tasks.points_late, tasks.points_missed)?;
        points("tasks.cap", tasks.cap, 30.0)?;
        whole("tasks.min_title_chars", tasks.min_title_chars, 1..=50)?;
        whole("tasks.lead_days", tasks.lead_days, 0..=30)?;
        let mut platforms = Vec::new();
        for code in &tasks.platforms {
            let platform = (Platform::ALL.iter())
                .find(|p| p.code() == code)
                .ok_or_else(|| self.invalid("tasks.platforms", code, "not a platform code"))?;
            if platforms.contains(platform) {
                return Err(self.invalid("tasks.platforms", code, "given twice"));
            }
            platforms.push(*platform);
        }
        if platforms.is_empty() {
            return Err(self.invalid("tasks.platforms", &"[]", "must name at least one platform"));
        }
        whole("lifecycle.filing_days", lifecycle.filing_days, 0..=365)?;
        whole(
            "calendar.filing_working_days",
            calendar.filing_working_days,
            0..=60,
        )?;
        let report = calendar.rectify_report_working_days;
        whole("calendar.rectify_report_working_days", report, 1..=120)?;
        whole(
            "calendar.appeal_working_days",
            calendar.appeal_working_days,
            1..=60,
        )?;
        let mut rectify = BTreeMap::new();
        for (code, days) in &calendar.rectify_working_days {
            let key = format!("calendar.rectify_working_days.{code}");
            let category = self.category(&key, code)?;
            whole(&key, *days, 0..=60)?;
            rectify.insert(category, *days);
        }
        if let Some(missing) = ViolationCategory::ALL
            .iter()
            .find(|c| !rectify.contains_key(c))
        {
            let problem = "every category of §4.3 needs its working days";
            return Err(self.invalid("calendar.rectify_working_days", &missing.code(), problem));
        }
        let tasks = Tasks {
            points_missed: tasks.points_missed,
            points_late: tasks.points_late,
            cap: tasks.cap,
            min_title_chars: tasks.min_title_chars,
            lead_days: tasks.lead_days,
            platforms,
        };
        let calendar = Calendar {
            filing_working_days: calendar.filing_working_days,
            rectify_report_working_days: report,
            appeal_working_days: calendar.appeal_working_days,
            rectify_working_days: rectify,
        };
        Ok((tasks, calendar))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DEFAULT_RUBRIC, Rubric};
    use super::*;

    fn parse(text: &str) -> Result<Rubric, String> {
        Rubric::parse(text, "t.toml").map_err(|e| e.to_string())
    }

    #[test]
    fn the_builtin_tables_are_the_defaults_and_may_be_left_out() {
        let builtin = parse(DEFAULT_RUBRIC).unwrap();
        let start = DEFAULT_RUBRIC.find("[tasks]").unwrap();
        let without = parse(&DEFAULT_RUBRIC[..start]).unwrap();
        assert_eq!(builtin.tasks, without.tasks);
        assert_eq!(builtin.lifecycle, without.lifecycle);
        assert_eq!(builtin.calendar, without.calendar);
        assert_eq!(builtin.tasks.platforms.len(), Platform::ALL.len() - 1);
        let days = &builtin.calendar.rectify_working_days;
        assert_eq!(
            (
                days[&ViolationCategory::IllegalLink],
                days[&ViolationCategory::Typo],
                days[&ViolationCategory::FakeFollowers]
            ),
            (1, 5, 10)
        );
        assert_eq!(days.len(), ViolationCategory::ALL.len());
    }

    #[test]
    fn the_ranges_of_17_4_are_checked_by_key() {
        let with = |from: &str, to: &str| parse(&DEFAULT_RUBRIC.replace(from, to)).unwrap_err();
        assert!(with("points_late = 1.0", "points_late = 3.0").contains("tasks.points_late"));
        assert!(
            with("min_title_chars = 6", "min_title_chars = 0").contains("tasks.min_title_chars")
        );
        assert!(with("\"app\", \"other\"]", "\"app\", \"app\"]").contains("given twice"));
        assert!(with("platforms = [\"weibo\", \"wechat\", \"douyin\", \"toutiao\", \"kuaishou\", \"channels\", \"bilibili\", \"xiaohongshu\", \"app\", \"other\"]", "platforms = []").contains("at least one"));
        assert!(with("filing_days = 7", "filing_days = 400").contains("lifecycle.filing_days"));
        assert!(
            with("appeal_working_days = 5", "appeal_working_days = 0")
                .contains("calendar.appeal_working_days")
        );
        assert!(with("\ntypo = 5\n", "\n").contains("calendar.rectify_working_days"));
        assert!(
            with("\ntypo = 5\n", "\ntypo = 61\n").contains("calendar.rectify_working_days.typo")
        );
        assert!(with("[lifecycle]\n", "[lifecycle]\nunknown = 1\n").contains("unknown"));
    }
}
