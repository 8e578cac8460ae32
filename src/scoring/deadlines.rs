//! Deadlines (SPEC §17.3): counted in working days with calendar.csv, in calendar days without
//! it (exactly as §3, §11 and §12 say). The one place that knows both ways.

use chrono::NaiveDate;

use super::rubric::Rubric;
use crate::model::ViolationCategory;
use crate::workdays::{Deadline, WorkCalendar, plus_days};

/// The deadlines of a run: its rubric, and its calendar when calendar.csv was given.
#[derive(Clone, Copy)]
pub(crate) struct Deadlines<'a> {
    /// calendar.csv; `None`: calendar days.
    pub calendar: Option<&'a WorkCalendar>,
    /// The rubric in force.
    pub rubric: &'a Rubric,
}

impl<'a> Deadlines<'a> {
    /// The deadlines of a run on `dataset` (its calendar.csv, if any) under `rubric`.
    pub(crate) fn of(dataset: &'a crate::model::Dataset, rubric: &'a Rubric) -> Deadlines<'a> {
        Deadlines {
            calendar: dataset.calendar.as_ref(),
            rubric,
        }
    }

    /// The last day to rectify a violation found on `found_on`.
    pub(crate) fn rectify(&self, category: ViolationCategory, found_on: NaiveDate) -> Deadline {
        match self.calendar {
            Some(calendar) => {
                let days = self.rubric.calendar.rectify_working_days.get(&category);
                calendar.nth_working_day_after(found_on, days.copied().unwrap_or(0))
            }
            None => plain(plus_days(found_on, self.rubric.content.rectify_days)),
        }
    }

    /// With a calendar: whether a violation whose rectification ended on `end` (resolved_on,
    /// else as_of) is past its working-day deadline; `None` without one (the days decide).
    pub(crate) fn past(
        &self,
        category: ViolationCategory,
        found_on: NaiveDate,
        end: NaiveDate,
    ) -> Option<bool> {
        self.calendar?;
        Some(end > self.rectify(category, found_on).on)
    }

    /// The last day to file an opening or closure dated `registry_date` (L2).
    pub(crate) fn filing(&self, registry_date: NaiveDate) -> Deadline {
        match self.calendar {
            Some(c) => {
                c.nth_working_day_after(registry_date, self.rubric.calendar.filing_working_days)
            }
            None => plain(plus_days(registry_date, self.rubric.lifecycle.filing_days)),
        }
    }

    /// The documents' issue date: as_of + issue_after_days, moved to the next working day.
    pub(crate) fn issue(&self, as_of: NaiveDate) -> Deadline {
        let day = plus_days(as_of, self.rubric.documents.issue_after_days);
        match self.calendar {
            Some(c) => c.working_day_from(day),
            None => plain(day),
        }
    }

    /// The written rectification report's deadline after the issue date.
    pub(crate) fn report(&self, issue: NaiveDate) -> Deadline {
        match self.calendar {
            Some(c) => {
                c.nth_working_day_after(issue, self.rubric.calendar.rectify_report_working_days)
            }
            None => plain(plus_days(issue, self.rubric.documents.rectify_report_days)),
        }
    }

    /// The end of the objection window after the issue date.
    pub(crate) fn appeal(&self, issue: NaiveDate) -> Deadline {
        match self.calendar {
            Some(c) => c.nth_working_day_after(issue, self.rubric.calendar.appeal_working_days),
            None => plain(plus_days(issue, self.rubric.documents.appeal_days)),
        }
    }

    /// How many deadlines fall past the calendar's last listed date (summary.json's `beyond`):
    /// the rectification deadline of each violation found by as_of and the documents' three
    /// dates (L2's are counted with its findings).
    pub(crate) fn beyond(&self, dataset: &crate::model::Dataset, as_of: NaiveDate) -> u64 {
        let violations = (dataset.violations.iter().flatten())
            .filter(|v| v.found_on <= as_of)
            .filter(|v| self.rectify(v.category, v.found_on).beyond)
            .count();
        let issue = self.issue(as_of);
        let documents = [issue, self.report(issue.on), self.appeal(issue.on)];
        (violations + documents.iter().filter(|d| d.beyond).count()) as u64
    }
}

fn plain(on: NaiveDate) -> Deadline {
    Deadline { on, beyond: false }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::DayKind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// The National Day week (1–7 October off, Sunday 27 September and Saturday 10 October
    /// worked). As of 30 September, issue_after_days 10: the 10th, a make-up Saturday, is a
    /// working day, so the documents are issued then; the report is due 20 working days later
    /// (12–16, 19–23, 26–30 October, 2–6 November: the 6th), the objection window 5 (the 16th).
    /// Without a calendar: 10, 30 and 10 calendar days.
    #[test]
    fn document_dates_in_working_days_and_in_calendar_days() {
        let rubric = Rubric::default_rubric().unwrap();
        let mut calendar = WorkCalendar::default();
        for day in 1..=7 {
            calendar.days.insert(d(10, day), (DayKind::Holiday, None));
        }
        calendar.days.insert(d(9, 27), (DayKind::Workday, None));
        calendar.days.insert(d(10, 10), (DayKind::Workday, None));
        let with = Deadlines {
            calendar: Some(&calendar),
            rubric: &rubric,
        };
        let issue = with.issue(d(9, 30)).on;
        assert_eq!(issue, d(10, 10));
        assert_eq!(with.report(issue).on, d(11, 6));
        assert_eq!(with.appeal(issue).on, d(10, 16));
        assert!(with.report(issue).beyond);
        // A typo found Wednesday 30 September: 5 working days = 8, 9, 10, 12, 13 October.
        assert_eq!(
            with.rectify(ViolationCategory::Typo, d(9, 30)).on,
            d(10, 13)
        );
        assert_eq!(
            with.past(ViolationCategory::Typo, d(9, 30), d(10, 13)),
            Some(false)
        );
        assert_eq!(
            with.past(ViolationCategory::Typo, d(9, 30), d(10, 14)),
            Some(true)
        );
        // Filing: 5 working days after Friday 25 September: 27 (a make-up Sunday), 28, 29, 30
        // September, 8 October.
        assert_eq!(with.filing(d(9, 25)).on, d(10, 8));
        let without = Deadlines {
            calendar: None,
            rubric: &rubric,
        };
        let issue = without.issue(d(9, 30)).on;
        assert_eq!(issue, d(10, 10));
        assert_eq!(without.report(issue).on, d(11, 9));
        assert_eq!(without.appeal(issue).on, d(10, 20));
        assert_eq!(
            without.past(ViolationCategory::Typo, d(9, 30), d(12, 1)),
            None
        );
        assert_eq!(
            without.rectify(ViolationCategory::Typo, d(9, 30)).on,
            d(10, 30)
        );
        assert_eq!(without.filing(d(9, 25)).on, d(10, 2));
    }
}
