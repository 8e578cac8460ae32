//! Dice similarity of names on character bigrams (SPEC §5, C4), by Unicode scalar value: a
//! byte-based implementation (strsim's `sorensen_dice`) is wrong for Chinese.

use std::collections::HashMap;

/// The multiset of character bigrams of `text`.
pub fn bigrams(text: &str) -> HashMap<(char, char), u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut counts = HashMap::new();
    for pair in chars.windows(2) {
        *counts.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    counts
}

/// 2·|A∩B| / (|A|+|B|) over bigram multisets; names shorter than two characters are similar
/// (1.0) only when equal.
pub fn dice(a: &str, b: &str) -> f64 {
    if a.chars().count() < 2 || b.chars().count() < 2 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (x, y) = (bigrams(a), bigrams(b));
    let common: u32 = x
        .iter()
        .map(|(k, n)| (*n).min(y.get(k).copied().unwrap_or(0)))
        .sum();
    let total: u32 = x.values().sum::<u32>() + y.values().sum::<u32>();
    2.0 * f64::from(common) / f64::from(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c4_dice_on_chinese_bigrams() {
        // 5 bigrams and 6 bigrams, 5 shared: 10 / 11.
        assert!((dice("定海健康服务", "定海健康服务号") - 10.0 / 11.0).abs() < 1e-12);
        // 城东发布 / 城西发布: 3 + 3 bigrams, only 发布 shared: 2 / 6.
        assert!((dice("城东发布", "城西发布") - 2.0 / 6.0).abs() < 1e-12);
        assert_eq!(dice("甲", "甲"), 1.0);
        assert_eq!(dice("甲", "甲乙"), 0.0);
        // Multisets: "aaa" has bigram aa twice.
        assert!((dice("aaa", "aa") - 2.0 / 3.0).abs() < 1e-12);
    }
}
