//! The draws of SPEC §9, reproducible by anyone: draw d gives knob k the value v × m with
//! m = (1 − spread) + (2 × spread) × u, u from SplitMix64's finaliser over
//! seed ⊕ FNV-1a-64(k's dotted path) ⊕ d × golden; the two corners bound every draw.

use crate::scoring::knobs::Knob;
use crate::scoring::rubric::{Robustness, Rubric};

/// FNV-1a 64 offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64 prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
/// SplitMix64's increment (the golden ratio).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// FNV-1a-64 of the UTF-8 bytes of `key`.
pub(crate) fn fnv1a(key: &str) -> u64 {
    key.bytes().fold(FNV_OFFSET, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
    })
}

/// u ∈ [0, 1) of draw `d` for the knob whose path hashes to `hash`.
pub(crate) fn uniform(seed: u64, hash: u64, d: u64) -> f64 {
    let x = seed ^ hash ^ d.wrapping_mul(GOLDEN);
    let mut z = x.wrapping_add(GOLDEN);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// The multiplier of a draw: (1 − spread) + (2 × spread) × u, in that order.
pub(crate) fn multiplier(spread: f64, u: f64) -> f64 {
    (1.0 - spread) + (2.0 * spread) * u
}

/// Which corner of the box of draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    /// Every knob at its most lenient end.
    Lenient,
    /// Every knob at its strictest end.
    Strict,
}

/// The rubrics of the draws: the rubric in force and the knobs varied with their hashes.
#[derive(Debug, Clone)]
pub struct Draws<'a> {
    base: &'a Rubric,
    settings: &'a Robustness,
    knobs: Vec<(Knob, u64, f64)>,
}

impl<'a> Draws<'a> {
    /// The draws of `settings` around `base`.
    pub fn new(base: &'a Rubric, settings: &'a Robustness) -> Draws<'a> {
        let knobs = (settings.perturb.iter())
            .map(|k| (*k, fnv1a(&k.path()), base.knob(*k)))
            .collect();
        Draws {
            base,
            settings,
            knobs,
        }
    }

    /// Sets `into` (a copy of the base rubric) to draw `d` (1-based); no allocation.
    pub fn fill(&self, d: u64, into: &mut Rubric) {
        let s = self.settings;
        for (knob, hash, value) in &self.knobs {
            let u = uniform(s.seed, *hash, d);
            into.set_knob(*knob, value * multiplier(s.spread, u));
        }
    }

    /// The rubric of draw `d` (for tests and the method page).
    pub fn rubric(&self, d: u64) -> Rubric {
        let mut r = self.base.clone();
        self.fill(d, &mut r);
        r
    }

    /// The rubric at a corner: lenient multiplies every knob by (1 − spread), except bonus points
    /// and deadlines by (1 + spread); strict the opposite.
    pub fn corner(&self, corner: Corner) -> Rubric {
        let mut r = self.base.clone();
        let s = self.settings.spread;
        for (knob, _, value) in &self.knobs {
            let up = knob.lenient_up() == (corner == Corner::Lenient);
            r.set_knob(*knob, value * if up { 1.0 + s } else { 1.0 - s });
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ViolationCategory;

    /// SPEC §9's test vectors.
    #[test]
    fn the_spec_test_vectors() {
        let h = fnv1a("update.cap");
        assert_eq!(h, 0xc805a7d0021ab296);
        let u = uniform(1, h, 1);
        assert_eq!(u, 0.8848268996178251);
        assert_eq!(30.0 * multiplier(0.25, u), 35.77240349426737);
        let u = uniform(1, h, 2);
        assert_eq!(u, 0.7572883222786505);
        assert_eq!(30.0 * multiplier(0.25, u), 33.85932483417976);
        let u = uniform(1, fnv1a("interaction.reply_days"), 1);
        assert_eq!(u, 0.18178264363653862);
        assert_eq!((5.0 * multiplier(0.25, u)).round(), 4.0); // 4.2045 days, rounded
        let u = uniform(42, fnv1a("content.category_points.typo"), 1000);
        assert_eq!(u, 0.6065843466787499);
        assert_eq!(1.0 * multiplier(0.25, u), 1.053292173339375);
    }

    #[test]
    fn fnv1a_of_the_empty_string_and_a_by_hand_byte() {
        assert_eq!(fnv1a(""), FNV_OFFSET);
        // One byte 'a' (0x61): (offset ^ 0x61) × prime, by hand.
        assert_eq!(fnv1a("a"), 0xaf63dc4c8601ec8c);
    }

    #[test]
    fn a_draw_sets_the_knobs_and_rounds_the_days() {
        let base = Rubric::default_rubric().unwrap();
        let draws = Draws::new(&base, &base.robustness);
        let one = draws.rubric(1);
        assert_eq!(one.update.cap, 35.77240349426737);
        assert_eq!(one.interaction.reply_days, 4);
        assert_eq!(one.grades, base.grades, "national norms stay");
        let lenient = draws.corner(Corner::Lenient);
        assert_eq!(lenient.update.cap, 22.5);
        assert_eq!(lenient.interaction.reply_days, 6); // 6.25
        assert_eq!(lenient.content.rectify_days, 38); // 37.5, half away from zero
        assert_eq!(lenient.bonus.b1_points, 6.25);
        let strict = draws.corner(Corner::Strict);
        assert_eq!(strict.interaction.reply_days, 4); // 3.75
        assert_eq!(strict.content.rectify_days, 23); // 22.5
        assert_eq!(strict.category_points[&ViolationCategory::Typo], 1.25);
    }
}
