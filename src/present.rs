//! How numbers, percentages and dates are written for people and files (SPEC §7, §15.2): at most
//! 2 decimals, no trailing zeros. A leaf: every later stage formats with it.

/// A number with at most 2 decimals and no trailing zeros (`85`, `85.5`, `85.33`).
pub(crate) fn number(x: f64) -> String {
    hundredths(x).unwrap_or_else(|| rounded(x))
}

/// The general rule: `{:.2}`, its trailing zeros dropped, −0 written as 0.
fn rounded(x: f64) -> String {
    let text = format!("{:.2}", x);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Below this, a float that is a whole number of hundredths is written from integers.
const EXACT_BELOW: f64 = 1e13;

/// `x` written from integers when it is the float nearest to a whole number of hundredths (counts,
/// points, most scores): then rounding it to 2 decimals gives those hundredths, which is what
/// `{:.2}` writes (it is within half an ulp of them, far less than 0.005). `None` otherwise.
fn hundredths(x: f64) -> Option<String> {
    if x.is_nan() || x.abs() >= EXACT_BELOW {
        return None;
    }
    let scaled = (x * 100.0).round();
    if scaled / 100.0 != x {
        return None;
    }
    let n = scaled as i64;
    let (whole, cents) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
    let sign = if n < 0 { "-" } else { "" };
    Some(match cents {
        0 => format!("{sign}{whole}"),
        c if c % 10 == 0 => format!("{sign}{whole}.{}", c / 10),
        c => format!("{sign}{whole}.{c:02}"),
    })
}

/// A share 0–1 as a percentage (SPEC §15.2): one decimal, rounded half away from zero, and
/// whole when that decimal is 0 (`82%`, `87.5%`, `66.7%`); `—` when there is none.
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".to_string(), |r| format!("{}%", tenths(r * 100.0)))
}

/// A number with one decimal at most, rounded half away from zero (`6`, `6.7`): percentages and
/// percentage points (百分点).
pub(crate) fn tenths(x: f64) -> String {
    if !x.is_finite() || x.abs() >= EXACT_BELOW {
        return number(x);
    }
    // Through the hundredths first, so 81.25 (a float a hair below) still rounds up.
    let hundredths = (x * 100.0).round() as i64;
    let n = (hundredths + hundredths.signum() * 5) / 10;
    let (whole, tenth) = (n.unsigned_abs() / 10, n.unsigned_abs() % 10);
    let sign = if n < 0 { "-" } else { "" };
    match tenth {
        0 => format!("{sign}{whole}"),
        t => format!("{sign}{whole}.{t}"),
    }
}

/// A date as people read it (SPEC §15.2): 2026年10月10日.
pub(crate) fn chinese_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_as_percentages() {
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(Some(0.8125)), "81.3%");
        assert_eq!(percent(Some(2.0 / 3.0)), "66.7%");
        assert_eq!(percent(Some(0.94)), "94%");
        assert_eq!(percent(Some(0.9996)), "100%");
        assert_eq!(tenths(-6.25), "-6.3");
        assert_eq!(tenths(0.04), "0");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn numbers_drop_trailing_zeros_and_negative_zero() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(85.5), "85.5");
        assert_eq!(number(85.333), "85.33");
        assert_eq!(number(-0.001), "0");
    }

    #[test]
    fn numbers_written_from_hundredths_are_what_the_general_rule_writes() {
        let mut rng = crate::rng::Rng::new(16, 0, 0);
        let specials = [
            0.0,
            -0.0,
            0.005,
            -0.005,
            0.125,
            1.005,
            2.675,
            99.995,
            -85.5,
            1e13,
            -1e13,
            9_999_999_999_999.99,
            0.1 + 0.2,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ];
        let random = (0..200_000).map(|i| {
            let u = rng.unit();
            match i % 4 {
                0 => (u * 20_000.0).round() / 100.0 - 100.0,
                1 => (u * 2e6).round() - 1e6,
                2 => (u - 0.5) * 10f64.powi(i % 17),
                _ => (u * 1000.0).round() / 8.0,
            }
        });
        for x in specials.into_iter().chain(random) {
            assert_eq!(number(x), rounded(x), "{x:?}");
        }
    }
}
