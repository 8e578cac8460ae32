//! How numbers are written for people and files alike (SPEC §7): at most 2 decimals, no trailing
//! zeros. A leaf: every later stage formats with it.

/// A number with at most 2 decimals and no trailing zeros (`85`, `85.5`, `85.33`).
pub fn number(x: f64) -> String {
    let text = format!("{:.2}", x);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A share 0–1 as a percentage (`82%`, `87.5%`); `—` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or("—".to_string(), |r| format!("{}%", number(r * 100.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_as_percentages() {
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(None), "—");
    }

    #[test]
    fn numbers_drop_trailing_zeros_and_negative_zero() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(85.5), "85.5");
        assert_eq!(number(85.333), "85.33");
        assert_eq!(number(-0.001), "0");
    }
}
