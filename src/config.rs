//! Validated run settings: the assessment period and the monitoring date (SPEC §1). Raw
//! command-line strings are turned into these once; nothing else parses them.

use chrono::{Datelike, Months, NaiveDate};

use crate::error::SettingsError;
use crate::values::parse_date;

/// What kind of period was asked for; decides what "the previous period" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// A calendar quarter (`2026Q3`).
    Quarter,
    /// A calendar month (`2026-08`).
    Month,
    /// An explicit range of dates (`2026-07-01..2026-09-30`): no previous period.
    Range,
}

/// An assessment period: dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Its label, as used in folder names (`2026Q3`, `2026-08`, `2026-07-01..2026-09-30`).
    pub label: String,
    /// Quarter, month or range.
    pub kind: PeriodKind,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl Period {
    /// The period as people read it (SPEC §15.2): 2026年第三季度, 2026年8月, 2026年7月1日至9月30日
    /// (the year repeated only when the range crosses one).
    pub fn chinese(&self) -> String {
        const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];
        let (y, m, d) = (self.start.year(), self.start.month(), self.start.day());
        match self.kind {
            PeriodKind::Quarter => {
                let q = QUARTERS[((m - 1) / 3) as usize % 4];
                format!("{y}年第{q}季度")
            }
            PeriodKind::Month => format!("{y}年{m}月"),
            PeriodKind::Range if self.end.year() == y => format!(
                "{y}年{m}月{d}日至{}月{}日",
                self.end.month(),
                self.end.day()
            ),
            PeriodKind::Range => format!(
                "{y}年{m}月{d}日至{}年{}月{}日",
                self.end.year(),
                self.end.month(),
                self.end.day()
            ),
        }
    }

    /// A period label (`2026Q3`) as people read it; text that is not a label stays as it is.
    pub fn chinese_label(label: &str) -> String {
        Period::parse(label).map_or_else(|_| label.to_string(), |p| p.chinese())
    }

    /// Parses `2026Q3`, `2026-08` or `2026-07-01..2026-09-30`.
    pub fn parse(text: &str) -> Result<Period, SettingsError> {
        let bad = || SettingsError::BadPeriod {
            given: text.to_string(),
        };
        let text = text.trim();
        if let Some((from, to)) = text.split_once("..") {
            let start = parse_date(from.trim()).map_err(|_| bad())?;
            let end = parse_date(to.trim()).map_err(|_| bad())?;
            if end < start {
                return Err(bad());
            }
            return Ok(Period {
                label: format!("{start}..{end}"),
                kind: PeriodKind::Range,
                start,
                end,
            });
        }
        if let Some((year, quarter)) = text.split_once(['Q', 'q']) {
            let year: i32 = year.parse().map_err(|_| bad())?;
            let quarter: u32 = quarter.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&quarter) || year.to_string().len() != 4 {
                return Err(bad());
            }
            return Period::quarter(year, quarter).ok_or_else(bad);
        }
        if let Some((year, month)) = text.split_once('-')
            && year.len() == 4
            && (1..=2).contains(&month.len())
        {
            let year: i32 = year.parse().map_err(|_| bad())?;
            let month: u32 = month.parse().map_err(|_| bad())?;
            return Period::month(year, month).ok_or_else(bad);
        }
        Err(bad())
    }

    /// The calendar quarter `quarter` (1–4) of `year`.
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, 3 * quarter - 2, 1)?;
        let end = start.checked_add_months(Months::new(3))?.pred_opt()?;
        Some(Period {
            label: format!("{year}Q{quarter}"),
            kind: PeriodKind::Quarter,
            start,
            end,
        })
    }

    /// The calendar month `month` of `year`.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Period {
            label: format!("{year}-{month:02}"),
            kind: PeriodKind::Month,
            start,
            end,
        })
    }

    /// The quarter that contains `day`: the default period (SPEC §1).
    pub fn quarter_containing(day: NaiveDate) -> Option<Period> {
        Period::quarter(day.year(), (day.month() - 1) / 3 + 1)
    }

    /// The quarter before a quarter, the month before a month; none for a range.
    pub fn previous(&self) -> Option<Period> {
        let day_before = self.start.pred_opt()?;
        match self.kind {
            PeriodKind::Quarter => Period::quarter_containing(day_before),
            PeriodKind::Month => Period::month(day_before.year(), day_before.month()),
            PeriodKind::Range => None,
        }
    }

    /// The monitoring date: `--as-of` (a day inside the period) or the period's last day.
    pub fn as_of(&self, given: Option<&str>) -> Result<NaiveDate, SettingsError> {
        let Some(text) = given else {
            return Ok(self.end);
        };
        let day = parse_date(text.trim()).map_err(|_| SettingsError::BadDate {
            given: text.to_string(),
        })?;
        if day < self.start || day > self.end {
            return Err(SettingsError::AsOfOutsidePeriod {
                as_of: day.to_string(),
                period: self.label.clone(),
                start: self.start.to_string(),
                end: self.end.to_string(),
            });
        }
        Ok(day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_three_period_forms() {
        let q = Period::parse("2026Q3").unwrap();
        assert_eq!(
            (q.start, q.end, q.kind),
            (day(2026, 7, 1), day(2026, 9, 30), PeriodKind::Quarter)
        );
        let m = Period::parse("2026-02").unwrap();
        assert_eq!(
            (m.start, m.end, m.label.as_str()),
            (day(2026, 2, 1), day(2026, 2, 28), "2026-02")
        );
        let r = Period::parse("2026-07-01..2026-09-30").unwrap();
        assert_eq!(
            (r.start, r.end, r.kind),
            (day(2026, 7, 1), day(2026, 9, 30), PeriodKind::Range)
        );
        for bad in [
            "2026Q5",
            "2026Q0",
            "2026-13",
            "26Q1",
            "2026-09-30..2026-07-01",
            "Q3",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_in_chinese() {
        let chinese = |p: &str| Period::parse(p).unwrap().chinese();
        assert_eq!(chinese("2026Q3"), "2026年第三季度");
        assert_eq!(chinese("2027Q1"), "2027年第一季度");
        assert_eq!(chinese("2026-08"), "2026年8月");
        assert_eq!(chinese("2026-07-01..2026-09-30"), "2026年7月1日至9月30日");
        assert_eq!(
            chinese("2026-12-01..2027-01-31"),
            "2026年12月1日至2027年1月31日"
        );
    }

    #[test]
    fn previous_periods() {
        assert_eq!(
            Period::parse("2026Q1").unwrap().previous().unwrap().label,
            "2025Q4"
        );
        assert_eq!(
            Period::parse("2026-01").unwrap().previous().unwrap().label,
            "2025-12"
        );
        assert_eq!(
            Period::parse("2026-07-01..2026-07-31").unwrap().previous(),
            None
        );
    }

    #[test]
    fn as_of_must_be_inside_the_period() {
        let q = Period::parse("2026Q3").unwrap();
        assert_eq!(q.as_of(None).unwrap(), day(2026, 9, 30));
        assert_eq!(q.as_of(Some("2026-08-15")).unwrap(), day(2026, 8, 15));
        assert!(q.as_of(Some("2026-10-01")).is_err());
        assert!(q.as_of(Some("soon")).is_err());
    }
}
