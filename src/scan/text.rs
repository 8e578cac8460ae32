//! The text rules on a folded title or text (SPEC §16.7): S3 a date that does not exist, S4 a
//! paired mark without its partner, S5 a word written twice. Each gives folded byte spans; the
//! caller maps them back to the original.

/// A span of folded bytes `[from, to)` with the suggestion it comes with.
pub(crate) type Span = (usize, usize, String);

use super::fold::Folded;

/// S3: every month that does not exist, or day that the month does not have.
pub(crate) fn impossible_dates(folded: &Folded) -> Vec<Span> {
    let text = folded.text.as_str();
    if !text.contains('月') {
        return Vec::new();
    }
    let cs = &folded.chars;
    let digit = |i: usize| cs.get(i).is_some_and(|c| c.1.is_ascii_digit());
    let value = |from: usize, to: usize| {
        cs[from..to]
            .iter()
            .fold(0u32, |v, c| v * 10 + (c.1 as u32 - '0' as u32))
    };
    let end_of = |i: usize| cs.get(i + 1).map_or(text.len(), |c| c.0 as usize);
    let mut out = Vec::new();
    for (j, &(_, c)) in cs.iter().enumerate() {
        if c != '月' {
            continue;
        }
        let mut m0 = j;
        while m0 > 0 && digit(m0 - 1) {
            m0 -= 1;
        }
        if !(1..=2).contains(&(j - m0)) {
            continue;
        }
        let month = value(m0, j);
        // The year: 年 before the month, with exactly four digits before it.
        let mut year = None;
        let mut start = m0;
        if m0 >= 5 && cs[m0 - 1].1 == '年' {
            let mut y0 = m0 - 1;
            while y0 > 0 && digit(y0 - 1) {
                y0 -= 1;
            }
            if m0 - 1 - y0 == 4 {
                year = Some(value(y0, m0 - 1));
                start = y0;
            }
        }
        // The day: 1 or 2 digits after 月, then 日 or 号.
        let mut d1 = j + 1;
        while digit(d1) {
            d1 += 1;
        }
        let day = ((1..=2).contains(&(d1 - j - 1))
            && cs.get(d1).is_some_and(|c| matches!(c.1, '日' | '号')))
        .then(|| value(j + 1, d1));
        let end = if day.is_some() { end_of(d1) } else { end_of(j) };
        let impossible =
            !(1..=12).contains(&month) || day.is_some_and(|d| d < 1 || d > days_in(month, year));
        if impossible {
            out.push((cs[start].0 as usize, end, String::new()));
        }
    }
    out
}

/// Days in `month` (1–12): February has 29 unless a year is given that is not a leap year.
fn days_in(month: u32, year: Option<u32>) -> u32 {
    match month {
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The paired marks S4 checks, each on its own.
const PAIRS: [(char, char); 4] = [('《', '》'), ('“', '”'), ('【', '】'), ('〔', '〕')];

/// S4: per pair, the first unmatched mark in text order, with the missing partner as suggestion.
pub(crate) fn unpaired_marks(folded: &Folded) -> Vec<Span> {
    let text = folded.text.as_str();
    let marks = |c: char| matches!(c, '《' | '》' | '“' | '”' | '【' | '】' | '〔' | '〕');
    if !folded.chars.iter().any(|&(_, c)| marks(c)) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (open, close) in PAIRS {
        if !folded.chars.iter().any(|&(_, c)| c == open || c == close) {
            continue;
        }
        let mut stack: Vec<usize> = Vec::new();
        let mut first: Option<(usize, char)> = None;
        let note = |at: usize, partner: char, first: &mut Option<(usize, char)>| {
            if first.is_none_or(|f| at < f.0) {
                *first = Some((at, partner));
            }
        };
        for &(at, c) in &folded.chars {
            let at = at as usize;
            if c == open {
                stack.push(at);
            } else if c == close && stack.pop().is_none() {
                note(at, open, &mut first);
            }
        }
        if !text.ends_with("...") {
            for at in stack {
                note(at, close, &mut first);
            }
        }
        if let Some((at, partner)) = first {
            let len = text[at..].chars().next().map_or(1, char::len_utf8);
            out.push((at, at + len, partner.to_string()));
        }
    }
    out.sort_by_key(|s| s.0);
    out
}

/// A CJK ideograph of S5.
fn ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{323AF}')
}

thread_local! {
    /// Where each pair of scalars (by a hash, in 4,096 buckets) was last seen, as a running
    /// position over every text this thread looked at (so the table is never cleared), and the
    /// running position of the next text.
    static SEEN_PAIRS: std::cell::RefCell<(Vec<u32>, u32)> =
        std::cell::RefCell::new((vec![0; 4096], 1));
}

/// Whether a word may be written twice: a doubled word of k ≥ 2 scalars has the same two
/// scalars at i and at i + k, so a text where no pair of scalars comes again 2 to 8 scalars later
/// has none. One pass, remembering where each pair's bucket was last seen; a bucket seen again
/// within 8 says maybe (a collision too), so nothing is missed.
fn may_double(cs: &[(u32, char)]) -> bool {
    SEEN_PAIRS.with_borrow_mut(|(last, next)| {
        let n = u32::try_from(cs.len()).unwrap_or(u32::MAX - 16);
        if next.checked_add(n + 16).is_none() {
            last.fill(0);
            *next = 1;
        }
        let base = *next;
        *next += n + 16;
        for (j, pair) in cs.windows(2).enumerate() {
            let (a, b) = (pair[0].1 as u32, pair[1].1 as u32);
            let hash = (a.wrapping_mul(0x9E37_79B1) ^ b).wrapping_mul(0x85EB_CA6B);
            let bucket = (hash >> 20) as usize;
            let at = base + j as u32;
            let seen = last[bucket];
            if seen >= base && at - seen <= 8 {
                return true;
            }
            last[bucket] = at;
        }
        false
    })
}

/// S5: a word of 2–8 ideographs written twice back to back (not starting with 一, not ending
/// with 不 or 没, not one character repeated), the smallest at each position, left to right.
pub(crate) fn doubled_words(folded: &Folded) -> Vec<Span> {
    if !may_double(&folded.chars) {
        return Vec::new();
    }
    doubled_in(folded)
}

/// S5 position by position (what `may_double` lets through).
fn doubled_in(folded: &Folded) -> Vec<Span> {
    let text = folded.text.as_str();
    let cs = &folded.chars;
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= cs.len() {
        let first = cs[i].1;
        if first == '一' || !ideograph(first) {
            i += 1;
            continue;
        }
        // The cheap test first: the word's first two characters come again k later.
        let longest = ((cs.len() - i) / 2).min(8);
        let second = cs[i + 1].1;
        let window = &cs[i..i + 2 * longest];
        let doubled = |k: usize| {
            (2..k).all(|x| window[x].1 == window[k + x].1)
                && window[1..k].iter().all(|c| ideograph(c.1))
                && !matches!(window[k - 1].1, '不' | '没')
                && window[1..k].iter().any(|c| c.1 != first)
        };
        let found = (window[2..=longest].iter().zip(&window[3..]))
            .enumerate()
            .filter(|(_, (a, b))| a.1 == first && b.1 == second)
            .map(|(x, _)| x + 2)
            .find(|&k| doubled(k));
        match found {
            Some(k) => {
                let end = cs.get(i + 2 * k).map_or(text.len(), |c| c.0 as usize);
                let word: String = cs[i..i + k].iter().map(|c| c.1).collect();
                out.push((cs[i].0 as usize, end, word));
                i += 2 * k;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folded text of each span.
    fn hits(spans: Vec<Span>, text: &str) -> Vec<String> {
        let folded = f(text).text;
        spans
            .into_iter()
            .map(|(from, to, _)| folded[from..to].to_string())
            .collect()
    }

    fn f(text: &str) -> Folded {
        let mut folded = Folded::default();
        folded.fold(text);
        folded
    }

    #[test]
    fn s3_finds_dates_that_do_not_exist_and_no_near_miss() {
        let t = "2月30日开会，4月31号报名，2026年13月，2025年2月29日";
        assert_eq!(
            hits(impossible_dates(&f(t)), t),
            ["2月30日", "4月31号", "2026年13月", "2025年2月29日"]
        );
        for fine in [
            "2024年2月29日",
            "2月29日",
            "13个月",
            "第13期",
            "9月1日至30日",
            "2026月",
            "12月",
            "0",
        ] {
            assert!(impossible_dates(&f(fine)).is_empty(), "{fine}");
        }
        assert_eq!(hits(impossible_dates(&f("0月")), "0月"), ["0月"]);
    }

    #[test]
    fn s4_names_the_first_unmatched_mark_of_each_pair() {
        let t = "学习《条例》和《办法";
        let found = unpaired_marks(&f(t));
        assert_eq!(hits(found.clone(), t), ["《"]);
        assert_eq!(found[0].2, "》");
        assert!(unpaired_marks(&f("标题被截断《某某...")).is_empty());
        let t = "见】与“引文";
        assert_eq!(hits(unpaired_marks(&f(t)), t), ["】", "“"]);
        assert!(unpaired_marks(&f("（1）（2） ‘a’ 《书》")).is_empty());
    }

    #[test]
    fn s5_finds_doubled_words_and_not_the_right_ones() {
        for (t, word) in [
            ("做好工作工作部署", "工作工作"),
            ("要进一步进一步加强", "进一步进一步"),
        ] {
            assert_eq!(hits(doubled_words(&f(t)), t), [word]);
        }
        for fine in [
            "一个一个",
            "是不是不",
            "哈哈哈哈",
            "干干净净",
            "常常",
            "目的的",
            "有没有没",
        ] {
            assert!(doubled_words(&f(fine)).is_empty(), "{fine}");
        }
    }

    #[test]
    fn s5_the_pair_filter_never_hides_a_doubled_word() {
        let alphabet = [
            '工', '作', '进', '一', '步', '不', '没', '哈', '的', '，', 'a',
        ];
        let mut rng = crate::rng::Rng::new(29, 0, 0);
        let mut found = 0;
        for _ in 0..20_000 {
            let n = rng.between(0, 24) as usize;
            let text: String = (0..n).map(|_| *rng.pick(&alphabet)).collect();
            let folded = f(&text);
            let exact = doubled_in(&folded);
            found += exact.len();
            assert_eq!(doubled_words(&folded), exact, "{text}");
        }
        assert!(found > 300, "the texts hold doubled words: {found}");
    }
}
