//! How generated values are written: the canonical form (English codes, ISO dates, plain
//! integers) or, with `--messy`, the forms real Excel/WPS exports take. Both write the same
//! values: a messy count is only ever an exact equivalent (`1.2万` only for 12000).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::rng::Rng;

/// Which flavour of boolean words a column tends to use in real exports.
#[derive(Debug, Clone, Copy)]
pub(super) enum BoolFlavour {
    /// 是/否 and friends.
    Plain,
    /// 已认证/未认证.
    Verification,
    /// 开启/关闭.
    Switch,
}

/// Canonical or messy writing of values.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    /// Write as real exports look.
    pub messy: bool,
    /// Added to every date written (to generate another quarter than 2026Q3).
    pub shift: TimeDelta,
    /// Write a body (`text`) for every post.
    pub text: bool,
}

impl Style {
    /// A date of activity (shifted to the quarter generated).
    pub(super) fn date(&self, rng: &mut Rng, date: NaiveDate) -> String {
        self.registry_date(rng, date + self.shift)
    }

    /// A date of the registry (opening, closing, filing): the same whatever the quarter.
    pub(super) fn registry_date(&self, rng: &mut Rng, date: NaiveDate) -> String {
        if !self.messy {
            return date.format("%Y-%m-%d").to_string();
        }
        match rng.between(0, 5) {
            0 => date.format("%Y/%-m/%-d").to_string(),
            1 => date.format("%Y年%-m月%-d日").to_string(),
            2 => date.format("%Y%m%d").to_string(),
            3 => date.format("%Y/%-m/%-d 0:00").to_string(),
            4 => date.format("%Y-%-m-%-d").to_string(),
            _ => date.format("%Y-%m-%d").to_string(),
        }
    }

    /// A date-time.
    pub(super) fn datetime(&self, rng: &mut Rng, at: NaiveDateTime) -> String {
        let at = at + self.shift;
        if !self.messy {
            return at.format("%Y-%m-%d %H:%M:%S").to_string();
        }
        match rng.between(0, 3) {
            0 if at.format("%S").to_string() == "00" => at.format("%Y/%-m/%-d %-H:%M").to_string(),
            1 => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            2 => at.format("%Y年%-m月%-d日 %-H:%M:%S").to_string(),
            _ => at.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// A boolean; empty when unknown.
    pub(super) fn boolean(
        &self,
        rng: &mut Rng,
        value: Option<bool>,
        flavour: BoolFlavour,
    ) -> String {
        let Some(value) = value else {
            return String::new();
        };
        if !self.messy {
            return value.to_string();
        }
        let pairs: &[(&str, &str)] = match flavour {
            BoolFlavour::Plain => &[
                ("是", "否"),
                ("TRUE", "FALSE"),
                ("1", "0"),
                ("Y", "N"),
                ("√", "×"),
            ],
            BoolFlavour::Verification => &[("已认证", "未认证"), ("是", "否")],
            BoolFlavour::Switch => &[("开启", "关闭"), ("有", "无"), ("是", "否")],
        };
        let (yes, no) = *rng.pick(pairs);
        if value { yes } else { no }.to_string()
    }

    /// A count; empty when unknown.
    pub(super) fn count(&self, rng: &mut Rng, value: Option<u64>) -> String {
        let Some(value) = value else {
            return String::new();
        };
        if !self.messy {
            return value.to_string();
        }
        if value >= 10_000 && value % 1_000 == 0 && rng.chance(0.8) {
            let tens_of_thousands = value / 10_000;
            let rest = (value % 10_000) / 1_000;
            return if rest == 0 {
                format!("{tens_of_thousands}万")
            } else {
                format!("{tens_of_thousands}.{rest}万")
            };
        }
        match rng.between(0, 9) {
            0..=3 if value >= 1_000 => group_thousands(value),
            4 => format!("{value}.0"),
            _ => value.to_string(),
        }
    }

    /// An enum value: its code, or (messy) mostly one of its Chinese names.
    pub(super) fn code(&self, rng: &mut Rng, code: &str, chinese: &str) -> String {
        if !self.messy || rng.chance(0.25) {
            return code.to_string();
        }
        let parts: Vec<&str> = chinese.split('/').collect();
        (*rng.pick(&parts)).to_string()
    }
}

/// `1234567` → `1,234,567`.
pub(super) fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{parse_count, parse_date, parse_datetime};

    #[test]
    fn messy_forms_read_back_as_the_same_values() {
        let style = Style {
            messy: true,
            shift: TimeDelta::zero(),
            text: false,
        };
        let mut rng = Rng::new(3, 0, 0);
        let day = NaiveDate::from_ymd_opt(2026, 7, 5).unwrap();
        let at = day.and_hms_opt(8, 5, 0).unwrap();
        for _ in 0..200 {
            assert_eq!(parse_date(&style.date(&mut rng, day)), Ok(day));
            assert_eq!(parse_datetime(&style.datetime(&mut rng, at)), Ok(at));
            for value in [0, 7, 1234, 12_000, 100_000, 1_234_567] {
                assert_eq!(parse_count(&style.count(&mut rng, Some(value))), Ok(value));
            }
        }
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
    }
}
