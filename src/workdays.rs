//! Working days (SPEC §17.3): the office's calendar.csv (holidays and 调休 make-up workdays) and
//! the deadlines counted in it; without a calendar every deadline counts calendar days.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::vocab::DayKind;

/// The accepted rows of calendar.csv: each listed date's kind, and its name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkCalendar {
    /// Each listed date: workday or holiday, and its name (国庆节, 调休上班).
    pub days: BTreeMap<NaiveDate, (DayKind, Option<String>)>,
}

/// A deadline and whether it lies past the calendar's last listed date (counted Monday to Friday
/// there: summary.json's `beyond`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The last day.
    pub on: NaiveDate,
    /// Computed past the last listed date.
    pub beyond: bool,
}

impl WorkCalendar {
    /// The first and the last listed date.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.days.keys().next()?, *self.days.keys().next_back()?))
    }

    /// Listed holidays.
    pub fn holidays(&self) -> usize {
        (self.days.values())
            .filter(|(kind, _)| *kind == DayKind::Holiday)
            .count()
    }

    /// Listed workdays on a Saturday or Sunday (调休 make-up days).
    pub fn makeup_days(&self) -> usize {
        (self.days.iter())
            .filter(|(day, (kind, _))| *kind == DayKind::Workday && weekend(**day))
            .count()
    }

    /// Listed as workday, or not listed and Monday to Friday.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some((kind, _)) => *kind == DayKind::Workday,
            None => !weekend(day),
        }
    }

    /// The n-th working day after `day`: `day` itself for n = 0, else the n-th working day
    /// strictly after it. Stops at the last representable date.
    pub fn nth_working_day_after(&self, day: NaiveDate, n: u32) -> Deadline {
        let mut at = day;
        let mut left = n;
        while left > 0 {
            let Some(next) = at.succ_opt() else { break };
            at = next;
            if self.is_working_day(at) {
                left -= 1;
            }
        }
        self.deadline(at)
    }

    /// `day` when it is a working day, else the first working day after it.
    pub fn working_day_from(&self, day: NaiveDate) -> Deadline {
        if self.is_working_day(day) {
            self.deadline(day)
        } else {
            self.nth_working_day_after(day, 1)
        }
    }

    fn deadline(&self, on: NaiveDate) -> Deadline {
        let last = self.days.keys().next_back();
        Deadline {
            on,
            beyond: last.is_some_and(|last| on > *last),
        }
    }
}

fn weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `day` + `days` calendar days (the last representable date at most).
pub(crate) fn plus_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// 2026's National Day week: 10-01..10-07 off (Thu–Wed), Sunday 09-27 and Saturday 10-10
    /// worked (调休).
    fn national_day() -> WorkCalendar {
        let mut days = BTreeMap::new();
        for day in 1..=7 {
            days.insert(
                d(&format!("2026-10-0{day}")),
                (DayKind::Holiday, Some("国庆节".into())),
            );
        }
        days.insert(d("2026-09-27"), (DayKind::Workday, None));
        days.insert(d("2026-10-10"), (DayKind::Workday, None));
        WorkCalendar { days }
    }

    /// Found Wednesday 09-30, 5 working days: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, 调休),
    /// 10-12 (Mon), 10-13 (Tue). By hand.
    #[test]
    fn deadline_across_a_holiday_week_and_a_makeup_saturday() {
        let cal = national_day();
        assert_eq!(
            cal.nth_working_day_after(d("2026-09-30"), 5).on,
            d("2026-10-13")
        );
        assert_eq!(
            cal.nth_working_day_after(d("2026-09-30"), 1).on,
            d("2026-10-08")
        );
        assert_eq!(
            cal.nth_working_day_after(d("2026-09-30"), 0).on,
            d("2026-09-30")
        );
        // Found on the holiday itself: the day never counts.
        assert_eq!(
            cal.nth_working_day_after(d("2026-10-03"), 3).on,
            d("2026-10-10")
        );
        // Saturday 09-26 is not listed: a weekend; Sunday 09-27 is a listed workday.
        assert_eq!(
            cal.nth_working_day_after(d("2026-09-25"), 1).on,
            d("2026-09-27")
        );
        assert!(!cal.nth_working_day_after(d("2026-09-25"), 1).beyond);
        assert!(cal.nth_working_day_after(d("2026-10-10"), 1).beyond);
        assert_eq!(cal.working_day_from(d("2026-10-04")).on, d("2026-10-08"));
        assert_eq!(cal.working_day_from(d("2026-10-10")).on, d("2026-10-10"));
        assert_eq!((cal.holidays(), cal.makeup_days()), (7, 2));
    }

    /// A deadline near the end of time stops there instead of overflowing.
    #[test]
    fn far_dates_do_not_overflow() {
        let cal = national_day();
        assert_eq!(
            cal.nth_working_day_after(NaiveDate::MAX, 60).on,
            NaiveDate::MAX
        );
        assert_eq!(plus_days(NaiveDate::MAX, 3), NaiveDate::MAX);
    }
}
