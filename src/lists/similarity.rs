//! Dice similarity of names on character bigrams (SPEC §5, C4), by Unicode scalar value: a
//! byte-based implementation (strsim's `sorensen_dice`) is wrong for Chinese.

/// A name with its character bigrams, sorted (a multiset: repeats kept), made once per name:
/// the names of one parent's accounts are compared pairwise.
#[derive(Debug, Clone)]
pub(super) struct Name<'a> {
    text: &'a str,
    bigrams: Vec<(char, char)>,
}

impl<'a> Name<'a> {
    /// `text` and its bigrams (none for a name shorter than two characters).
    pub(super) fn new(text: &'a str) -> Name<'a> {
        let chars: Vec<char> = text.chars().collect();
        let mut bigrams: Vec<(char, char)> = chars.windows(2).map(|p| (p[0], p[1])).collect();
        bigrams.sort_unstable();
        Name { text, bigrams }
    }
}

/// [`dice_of`] of two texts.
#[cfg(test)]
pub(super) fn dice(a: &str, b: &str) -> f64 {
    dice_of(&Name::new(a), &Name::new(b))
}

/// 2·|A∩B| / (|A|+|B|) over bigram multisets; names shorter than two characters are similar
/// (1.0) only when equal. The common bigrams are counted by walking both sorted lists.
pub(super) fn dice_of(a: &Name<'_>, b: &Name<'_>) -> f64 {
    if a.bigrams.is_empty() || b.bigrams.is_empty() {
        return if a.text == b.text { 1.0 } else { 0.0 };
    }
    let (x, y) = (&a.bigrams, &b.bigrams);
    let (mut i, mut j, mut common) = (0, 0, 0u32);
    while let (Some(p), Some(q)) = (x.get(i), y.get(j)) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let total = (x.len() + y.len()) as u32;
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

    /// The sorted walk counts what the multiset definition counts (min of the two counts of
    /// each bigram), to the last bit, on names drawn from a small alphabet (many repeats).
    #[test]
    fn c4_dice_is_the_multiset_definition() {
        use std::collections::HashMap;
        let bigrams = |text: &str| {
            let chars: Vec<char> = text.chars().collect();
            let mut counts: HashMap<(char, char), u32> = HashMap::new();
            for pair in chars.windows(2) {
                *counts.entry((pair[0], pair[1])).or_insert(0) += 1;
            }
            counts
        };
        let mut rng = crate::rng::Rng::new(16, 3, 0);
        let alphabet = ['定', '海', '发', '布', 'a', 'A'];
        let name = |rng: &mut crate::rng::Rng| -> String {
            let len = (rng.next_u64() % 9) as usize;
            (0..len).map(|_| *rng.pick(&alphabet)).collect()
        };
        for _ in 0..5_000 {
            let (a, b) = (name(&mut rng), name(&mut rng));
            let expected = if a.chars().count() < 2 || b.chars().count() < 2 {
                if a == b { 1.0 } else { 0.0 }
            } else {
                let (x, y) = (bigrams(&a), bigrams(&b));
                let common: u32 = x
                    .iter()
                    .map(|(k, n)| (*n).min(y.get(k).copied().unwrap_or(0)))
                    .sum();
                let total: u32 = x.values().sum::<u32>() + y.values().sum::<u32>();
                2.0 * f64::from(common) / f64::from(total)
            };
            assert_eq!(dice(&a, &b).to_bits(), expected.to_bits(), "{a} {b}");
        }
    }
}
