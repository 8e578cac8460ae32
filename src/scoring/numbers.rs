//! Rounding and text normalisation shared by the rules (SPEC §4.2, §4.5).

use unicode_normalization::UnicodeNormalization;

/// Rounds to 2 decimals, half away from zero (SPEC §4.5). Decimal ties that binary floating
/// point stores a hair below the half (2.675 → 2.67499…) are nudged so they round as written.
pub fn round2(x: f64) -> f64 {
    let scaled = x * 100.0;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    nudged.round() / 100.0
}

/// The mean of `values`, rounded; `None` for no values.
pub fn mean2(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(round2(values.iter().sum::<f64>() / values.len() as f64))
}

/// Normalised text (SPEC §4.2): Unicode NFKC, then all white space (U+3000 included) and
/// zero-width characters removed, then lower case.
pub fn normalise(text: &str) -> String {
    let zero_width = |c: char| {
        matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
    };
    text.nfkc()
        .filter(|c| !c.is_whitespace() && !zero_width(*c))
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_on_decimal_ties() {
        assert_eq!(round2(2.675), 2.68);
        assert_eq!(round2(1.005), 1.01);
        assert_eq!(round2(87.875), 87.88);
        assert_eq!(round2(-2.675), -2.68);
        assert_eq!(round2(59.994), 59.99);
        assert_eq!(round2(59.995), 60.0);
        assert_eq!(round2(80.0), 80.0);
        assert_eq!(mean2(&[80.01, 80.02]), Some(80.02)); // 80.015 → 80.02
        assert_eq!(mean2(&[]), None);
    }

    #[test]
    fn normalisation_folds_width_space_zero_width_and_case() {
        assert_eq!(normalise("定海　发布 "), "定海发布");
        assert_eq!(normalise("ＡＢＣ\u{200B}定海"), "abc定海");
        assert_eq!(normalise("I 定海"), "i定海");
    }
}
