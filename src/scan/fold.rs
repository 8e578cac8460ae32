//! Folding (SPEC §16.3): a cell's text folded one Unicode scalar at a time (zero-width characters
//! dropped, NFKC, then the full lower-case mapping without context), each folded byte tied to the
//! original scalar it came from, so a match on the folded text is reported on the original.

use unicode_normalization::UnicodeNormalization;

/// The zero-width characters of SPEC §4.2, which fold to nothing.
fn zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// For each scalar of the Basic Multilingual Plane, whether it folds to itself (most Chinese
/// text and punctuation): one bit each, worked out once by folding every one of them.
static FIXED: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    for code in 0..0x10000u32 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        let mut folded = std::iter::once(c).nfkc().flat_map(char::to_lowercase);
        if !zero_width(c) && folded.next() == Some(c) && folded.next().is_none() {
            bits[code as usize / 64] |= 1 << (code % 64);
        }
    }
    bits
});

/// Whether `c` folds to itself.
fn fixed(c: char) -> bool {
    let code = c as usize;
    code < 0x10000 && FIXED[code / 64] & (1 << (code % 64)) != 0
}

/// Whether `c` folds to itself: ASCII but A–Z, and the scalars of [`fixed`].
fn folds_to_itself(c: char) -> bool {
    if c.is_ascii() {
        !c.is_ascii_uppercase()
    } else {
        fixed(c)
    }
}

/// What `c` folds to, handed to `out` scalar by scalar: the fast path for ASCII (A–Z lowered)
/// and for the scalars that fold to themselves, else NFKC and the full lower-case mapping;
/// nothing for a zero-width character.
fn fold_char(c: char, mut out: impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if fixed(c) {
        out(c);
    } else if !zero_width(c) {
        for n in std::iter::once(c).nfkc() {
            n.to_lowercase().for_each(&mut out);
        }
    }
}

/// A folded cell, in buffers reused from cell to cell.
#[derive(Debug, Default)]
pub(crate) struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the 0-based index of the original scalar it came from; filled
    /// by [`Folded::find_origins`] only when something was found (most cells hold nothing).
    pub origin: Vec<u32>,
    /// The folded scalars with their byte offsets in `text` (what S3–S5 walk).
    pub chars: Vec<(u32, char)>,
}

impl Folded {
    /// Folds `original` into the text and its scalars.
    pub(crate) fn fold(&mut self, original: &str) {
        self.text.clear();
        self.origin.clear();
        self.chars.clear();
        let (text, chars) = (&mut self.text, &mut self.chars);
        // Nearly every cell folds to itself: then its text is copied whole.
        if original.chars().all(folds_to_itself) {
            text.push_str(original);
            chars.extend(original.char_indices().map(|(at, c)| (at as u32, c)));
            return;
        }
        for c in original.chars() {
            fold_char(c, |l| {
                chars.push((text.len() as u32, l));
                text.push(l);
            });
        }
    }

    /// Ties each folded byte to the original scalar it came from (`original` as folded).
    pub(crate) fn find_origins(&mut self, original: &str) {
        self.origin.clear();
        let mut len = 0;
        for (i, c) in original.chars().enumerate() {
            fold_char(c, |l| len += l.len_utf8());
            self.origin.resize(len, i as u32);
        }
    }

    /// The original span `(start, length)` (start 1-based, in scalars) of the folded bytes
    /// `[from, to)`; `None` for an empty span.
    pub(crate) fn span(&self, from: usize, to: usize) -> Option<(usize, usize)> {
        if to <= from {
            return None;
        }
        let first = *self.origin.get(from)? as usize;
        let last = *self.origin.get(to - 1)? as usize;
        Some((first + 1, last - first + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Folded {
        let mut f = Folded::default();
        f.fold(s);
        f.find_origins(s);
        assert_eq!(f.origin.len(), f.text.len());
        f
    }

    #[test]
    fn full_width_letters_digits_and_punctuation_fold_to_ascii() {
        assert_eq!(folded("ＡＰＰ２月，（注）…").text, "app2月,(注)...");
        assert_eq!(folded("Ｈello\u{3000}World\u{00A0}x").text, "hello world x");
    }

    #[test]
    fn zero_width_characters_fold_to_nothing_but_count_in_the_span() {
        let f = folded("再接\u{200B}再励");
        assert_eq!(f.text, "再接再励");
        // The match 再接再励 covers the original scalars 1 to 5.
        assert_eq!(f.span(0, f.text.len()), Some((1, 5)));
    }

    #[test]
    fn a_span_maps_back_to_original_scalars() {
        let f = folded("ＡＢ按装");
        let at = f.text.find("按装").unwrap();
        assert_eq!(f.span(at, at + "按装".len()), Some((3, 2)));
        // … expands to three folded dots, all from the one original scalar.
        let f = folded("a…b");
        assert_eq!(f.span(1, 4), Some((2, 1)));
    }

    #[test]
    fn a_text_that_folds_to_itself_is_folded_like_any_other() {
        for text in ["关于做好2026年防汛工作的通知", "abc。注“引”", "", "a\u{0}b"]
        {
            let mut f = Folded::default();
            f.fold(text);
            assert_eq!(f.text, text);
            let expected: Vec<(u32, char)> =
                text.char_indices().map(|(at, c)| (at as u32, c)).collect();
            assert_eq!(f.chars, expected);
            f.find_origins(text);
            assert_eq!(f.origin.len(), f.text.len());
        }
        // One upper-case letter or zero-width character anywhere takes the slow path.
        assert_eq!(folded("关于A").text, "关于a");
        assert_eq!(folded("关\u{200B}于").text, "关于");
    }

    #[test]
    fn compatibility_ideographs_fold_to_unified_ones() {
        // U+F900 豈 is a compatibility ideograph of U+8C48.
        assert_eq!(folded("\u{F900}").text, "\u{8C48}");
    }
}
