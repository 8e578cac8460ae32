//! Rounding and text normalisation shared by the rules (SPEC §4.2, §4.5).

/// Rounds to 2 decimals, half away from zero (SPEC §4.5). Decimal ties that binary floating
/// point stores a hair below the half (2.675 → 2.67499…) are nudged so they round as written.
pub(crate) fn round2(x: f64) -> f64 {
    let scaled = x * 100.0;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    round_half_away(nudged) / 100.0
}

/// `f64::round` (half away from zero) without the call into libm that it compiles to on
/// baseline x86-64 (no SSE4.1): re-scoring rounds ten numbers per account per draw.
#[inline]
fn round_half_away(x: f64) -> f64 {
    // 2^52: from here on every double is a whole number (and NaN stays NaN).
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    let whole = x as i64 as f64; // toward zero
    let fraction = x - whole; // exact
    let rounded = if fraction >= 0.5 {
        whole + 1.0
    } else if fraction <= -0.5 {
        whole - 1.0
    } else {
        whole
    };
    rounded.copysign(x)
}

/// The mean of `values`, rounded; `None` for no values.
pub(crate) fn mean2(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    Some(round2(values.iter().sum::<f64>() / values.len() as f64))
}

pub(crate) use crate::values::normalise;

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
    fn rounding_without_libm_is_f64_round() {
        let mut state = 7u64;
        for _ in 0..200_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = f64::from_bits(state);
            if x.is_finite() {
                let y = x / 2f64.powi((state % 60) as i32 + 900);
                for v in [x, y, y * 1e12, (state % 100_000) as f64 / 8.0 - 6000.0] {
                    assert_eq!(round_half_away(v).to_bits(), v.round().to_bits(), "{v}");
                }
            }
        }
        for v in [
            0.5,
            -0.5,
            1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.0,
            0.0,
            4503599627370495.5,
        ] {
            assert_eq!(round_half_away(v).to_bits(), v.round().to_bits(), "{v}");
        }
        assert!(round_half_away(f64::NAN).is_nan());
    }

    #[test]
    fn normalisation_folds_width_space_zero_width_and_case() {
        assert_eq!(normalise("定海　发布 "), "定海发布");
        assert_eq!(normalise("ＡＢＣ\u{200B}定海"), "abc定海");
        assert_eq!(normalise("I 定海"), "i定海");
    }
}
