//! Parsing of single cell values (SPEC §2 "Values"): booleans, dates, date-times, counts and
//! enum codes. Pure functions on trimmed text, free of polars and of any file context.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Why a non-empty cell could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueProblem {
    /// Not in any accepted form; `expected` says which forms are accepted.
    Unparsable { expected: &'static str },
    /// An enum value that is neither a code nor a Chinese name.
    UnknownCode,
    /// A count with a minus sign.
    Negative,
}

/// What the user is told a boolean may be.
pub(crate) const BOOL_FORMS: &str =
    "true/false, 1/0, yes/no, y/n, 是/否, 有/无, 开/关, 开启/关闭, 启用/停用, 已认证/未认证, √/×";
/// What the user is told a date may be.
pub(crate) const DATE_FORMS: &str = "2026-07-01, 2026-7-1, 2026/7/1, 2026年7月1日 or 20260701";
/// What the user is told a date-time may be.
pub(crate) const DATETIME_FORMS: &str = "a date (2026-07-01, 2026/7/1, 2026年7月1日, 20260701), then a space or T, then H:MM, H:MM:SS or H:MM:SS.fff";
/// What the user is told a count may be.
pub(crate) const COUNT_FORMS: &str =
    "a whole number ≥ 0 such as 1234, 1,234, 12.0, 1.2万, 3w, 1亿 or 10万+";

const TRUE_WORDS: &[&str] = &[
    "true",
    "1",
    "yes",
    "y",
    "是",
    "有",
    "开",
    "开启",
    "启用",
    "已认证",
    "√",
];
const FALSE_WORDS: &[&str] = &[
    "false",
    "0",
    "no",
    "n",
    "否",
    "无",
    "关",
    "关闭",
    "停用",
    "未认证",
    "×",
];

/// A boolean in any of the SPEC's forms, any case.
pub(crate) fn parse_bool(text: &str) -> Result<bool, ValueProblem> {
    // The forms exports write (all four in the lists), matched before the lists are searched.
    match text {
        "true" | "1" => return Ok(true),
        "false" | "0" => return Ok(false),
        _ => {}
    }
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(TRUE_WORDS) {
        Ok(true)
    } else if is(FALSE_WORDS) {
        Ok(false)
    } else {
        Err(ValueProblem::Unparsable {
            expected: BOOL_FORMS,
        })
    }
}

/// A date; a date-time is accepted and its date taken (Excel writes `2026/7/1 0:00`).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, ValueProblem> {
    parse_date_time_parts(text)
        .map(|(date, _)| date)
        .ok_or(ValueProblem::Unparsable {
            expected: DATE_FORMS,
        })
}

/// A date-time: a date form, then a space or `T`, then a time; a date alone means 00:00.
/// Fractions of a second are dropped.
pub(crate) fn parse_datetime(text: &str) -> Result<NaiveDateTime, ValueProblem> {
    parse_date_time_parts(text)
        .map(|(date, time)| date.and_time(time))
        .ok_or(ValueProblem::Unparsable {
            expected: DATETIME_FORMS,
        })
}

fn parse_date_time_parts(text: &str) -> Option<(NaiveDate, NaiveTime)> {
    iso_date_time(text.as_bytes()).unwrap_or_else(|| date_time_in_any_form(text))
}

/// The forms nearly every export uses, `2026-07-01`, `2026-07-01 08:30` and
/// `2026-07-01 08:30:00` (or with `T`), read at their fixed places: `Some` of what
/// [`date_time_in_any_form`] reads when `text` has one of these shapes, `None` otherwise.
fn iso_date_time(text: &[u8]) -> Option<Option<(NaiveDate, NaiveTime)>> {
    let digits = |at: &[usize]| {
        at.iter()
            .all(|&i| text.get(i).is_some_and(u8::is_ascii_digit))
    };
    let is = |i: usize, c: u8| text.get(i) == Some(&c);
    let date_shape = digits(&[0, 1, 2, 3, 5, 6, 8, 9]) && is(4, b'-') && is(7, b'-');
    let time_shape = |len: usize| {
        text.len() == len
            && (is(10, b' ') || is(10, b'T'))
            && digits(&[11, 12, 14, 15])
            && is(13, b':')
            && (len == 16 || (is(16, b':') && digits(&[17, 18])))
    };
    if !date_shape || !(text.len() == 10 || time_shape(16) || time_shape(19)) {
        return None;
    }
    let number = |from: usize, to: usize| {
        (text[from..to].iter()).fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    let date = NaiveDate::from_ymd_opt(number(0, 4) as i32, number(5, 7), number(8, 10));
    let time = match text.len() {
        10 => Some(NaiveTime::MIN),
        16 => NaiveTime::from_hms_opt(number(11, 13), number(14, 16), 0),
        _ => NaiveTime::from_hms_opt(number(11, 13), number(14, 16), number(17, 19)),
    };
    Some(date.zip(time))
}

/// [`parse_date_time_parts`] for every form it accepts.
fn date_time_in_any_form(text: &str) -> Option<(NaiveDate, NaiveTime)> {
    let (date, rest) = split_date(text)?;
    let time = if rest.is_empty() {
        NaiveTime::MIN
    } else {
        let rest = rest.strip_prefix(' ').or_else(|| rest.strip_prefix('T'))?;
        parse_time(rest)?
    };
    Some((date, time))
}

/// Splits off a leading date in one of the four forms; returns it and the unread rest.
fn split_date(text: &str) -> Option<(NaiveDate, &str)> {
    let bytes = text.as_bytes();
    let digits_at_start = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits_at_start == 8 {
        // 20260701
        let year = text[0..4].parse().ok()?;
        let month = text[4..6].parse().ok()?;
        let day = text[6..8].parse().ok()?;
        return Some((NaiveDate::from_ymd_opt(year, month, day)?, &text[8..]));
    }
    if digits_at_start != 4 {
        return None;
    }
    let year: i32 = text[0..4].parse().ok()?;
    let rest = &text[4..];
    let (separators, rest): ([&str; 3], &str) = if let Some(r) = rest.strip_prefix('-') {
        (["-", "-", ""], r)
    } else if let Some(r) = rest.strip_prefix('/') {
        (["/", "/", ""], r)
    } else if let Some(r) = rest.strip_prefix('年') {
        (["年", "月", "日"], r)
    } else {
        return None;
    };
    let (month, rest) = take_1_or_2_digits(rest)?;
    let rest = rest.strip_prefix(separators[1])?;
    let (day, rest) = take_1_or_2_digits(rest)?;
    let rest = rest.strip_prefix(separators[2])?;
    Some((NaiveDate::from_ymd_opt(year, month, day)?, rest))
}

fn take_1_or_2_digits(text: &str) -> Option<(u32, &str)> {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 2 {
        return None;
    }
    Some((text[..n].parse().ok()?, &text[n..]))
}

/// `H:MM`, `H:MM:SS` or `H:MM:SS.fff` (the fraction dropped).
fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hour, rest) = take_1_or_2_digits(text)?;
    let rest = rest.strip_prefix(':')?;
    let (minute, rest) = take_exactly_2_digits(rest)?;
    let (second, rest) = match rest.strip_prefix(':') {
        Some(r) => take_exactly_2_digits(r)?,
        None => (0, rest),
    };
    let valid_rest = rest.is_empty()
        || rest
            .strip_prefix('.')
            .is_some_and(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
            && text.matches(':').count() == 2;
    if !valid_rest {
        return None;
    }
    NaiveTime::from_hms_opt(hour, minute, second)
}

fn take_exactly_2_digits(text: &str) -> Option<(u32, &str)> {
    let head = text.get(..2)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &text[2..]))
}

/// A count: a non-negative whole number, with or without thousands separators or a zero
/// fraction; `N万`/`Nw` = N × 10,000 and `N亿` = N × 100,000,000 (N may have decimals, rounded
/// half up); a trailing `+` adds 1 (`10万+` = 100001).
pub(crate) fn parse_count(text: &str) -> Result<u64, ValueProblem> {
    plain_count(text).map_or_else(|| count_in_any_form(text), Ok)
}

/// The form nearly every export uses, plain digits, read directly (at most 19 of them: no
/// overflow); `None` for every other form.
fn plain_count(text: &str) -> Option<u64> {
    ((1..=19).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| (text.bytes()).fold(0, |n, b| n * 10 + u64::from(b - b'0')))
}

/// [`parse_count`] for every form it accepts.
fn count_in_any_form(text: &str) -> Result<u64, ValueProblem> {
    let unparsable = ValueProblem::Unparsable {
        expected: COUNT_FORMS,
    };
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (plus, body) = match body.strip_suffix('+') {
        Some(rest) => (1u128, rest),
        None => (0, body),
    };
    let (multiplier, body): (u128, &str) = if let Some(rest) = body.strip_suffix('万') {
        (10_000, rest)
    } else if let Some(rest) = body.strip_suffix(['w', 'W']) {
        (10_000, rest)
    } else if let Some(rest) = body.strip_suffix('亿') {
        (100_000_000, rest)
    } else {
        (1, body)
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, f),
        None => (body, ""),
    };
    let whole = parse_grouped_digits(whole).ok_or(unparsable.clone())?;
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || body.ends_with('.') || fraction.len() > 18 {
        return Err(unparsable);
    }
    let fraction_value: u128 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| unparsable.clone())?
    };
    if multiplier == 1 && fraction_value != 0 {
        return Err(unparsable);
    }
    let scale = 10u128.pow(fraction.len() as u32);
    // Half up: add half the divisor before the integer division.
    let fraction_part = (fraction_value * multiplier * 2 + scale) / (2 * scale);
    let value = whole
        .checked_mul(multiplier)
        .and_then(|v| v.checked_add(fraction_part))
        .and_then(|v| v.checked_add(plus))
        .filter(|v| *v <= u128::from(u64::MAX))
        .ok_or(unparsable.clone())?;
    if negative && value > 0 {
        return Err(ValueProblem::Negative);
    }
    u64::try_from(value).map_err(|_| unparsable)
}

/// Digits, optionally grouped by thousands separators (`1,234,567`).
fn parse_grouped_digits(text: &str) -> Option<u128> {
    if text.is_empty() {
        return None;
    }
    let mut groups = text.split(',');
    let first = groups.next()?;
    let grouped = text.contains(',');
    if first.is_empty()
        || !first.bytes().all(|b| b.is_ascii_digit())
        || (grouped && first.len() > 3)
    {
        return None;
    }
    let mut value = digits_value(0, first)?;
    for group in groups {
        if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value = digits_value(value, group)?;
    }
    Some(value)
}

/// `value` followed by the ASCII `digits`; `None` past `u128::MAX`.
fn digits_value(value: u128, digits: &str) -> Option<u128> {
    (digits.bytes()).try_fold(value, |n, b| {
        n.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    })
}

/// Looks up enum values by English code or Chinese name (whole, or any part of a name that holds
/// `/`), in any case.
#[derive(Debug, Clone)]
pub(crate) struct CodeTable<T: Copy> {
    by_word: HashMap<String, T>,
}

impl<T: Copy> CodeTable<T> {
    /// Builds the table from `(value, code, chinese)` triples.
    pub(crate) fn new(entries: impl IntoIterator<Item = (T, &'static str, &'static str)>) -> Self {
        let mut by_word = HashMap::new();
        for (value, code, chinese) in entries {
            by_word.insert(code.to_lowercase(), value);
            by_word.insert(chinese.to_lowercase(), value);
            for part in chinese.split('/') {
                by_word.insert(part.trim().to_lowercase(), value);
            }
        }
        CodeTable { by_word }
    }

    /// The value named by `text` (already trimmed).
    pub(crate) fn parse(&self, text: &str) -> Result<T, ValueProblem> {
        self.by_word
            .get(&text.to_lowercase())
            .copied()
            .ok_or(ValueProblem::UnknownCode)
    }
}

/// Lower-case hex of a digest.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Normalised text (SPEC §4.2): Unicode NFKC, then all white space (U+3000 included) and
/// zero-width characters removed, then lower case.
pub(crate) fn normalise(text: &str) -> String {
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

/// A task's or post's url key (SPEC §17.1): trimmed, cut at its first `#`, without a leading
/// `http://` or `https://` (any case), the host in ASCII lower case, one trailing `/` removed;
/// `None` when nothing is left.
pub(crate) fn url_key(url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or("");
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        url
    };
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let mut key = rest[..host_end].to_ascii_lowercase();
    key.push_str(&rest[host_end..]);
    if key.ends_with('/') {
        key.pop();
    }
    (!key.is_empty()).then_some(key)
}

/// A task's or post's title key (SPEC §17.1): normalised (§4.2), then without punctuation (P)
/// and symbols (S); `None` when nothing is left.
pub(crate) fn title_key(title: &str) -> Option<String> {
    let mut key = String::new();
    title_key_into(title, &mut key).then_some(key)
}

/// [`title_key`] written into `key` (cleared first; a buffer reused over millions of posts);
/// whether there is one.
pub(crate) fn title_key_into(title: &str, key: &mut String) -> bool {
    key.clear();
    if !simple_title_key(title, key) {
        key.clear();
        key.push_str(&full_title_key(title).unwrap_or_default());
    }
    !key.is_empty()
}

/// The title key computed by the definition: NFKC and all.
fn full_title_key(title: &str) -> Option<String> {
    let key: String = normalise(title)
        .chars()
        .filter(|c| {
            !matches!(
                c.general_category_group(),
                GeneralCategoryGroup::Punctuation | GeneralCategoryGroup::Symbol
            )
        })
        .collect();
    (!key.is_empty()).then_some(key)
}

/// The title key of a title made only of characters whose NFKC form, case and category are known
/// here — ASCII, full-width ASCII, CJK unified ideographs, the CJK and general punctuation and
/// quotes of Chinese titles — character by character (none of them composes with another), pushed
/// onto `key`; `false` for any other title. A national run ties 18 million titles: NFKC on each
/// took 20 s.
fn simple_title_key(title: &str, key: &mut String) -> bool {
    for c in title.chars() {
        let c = match c {
            // Full-width ASCII: NFKC is the ASCII character.
            '\u{FF01}'..='\u{FF5E}' => match char::from_u32(c as u32 - 0xFEE0) {
                Some(ascii) => ascii,
                None => return false,
            },
            _ => c,
        };
        match c {
            _ if c.is_ascii() && (c.is_whitespace() || c.is_ascii_punctuation()) => {}
            _ if c.is_ascii() => key.push(c.to_ascii_lowercase()),
            '\u{4E00}'..='\u{9FFF}' => key.push(c),
            // The ideographic space, CJK punctuation and symbols (、。〃〄〈…】〔…〟), quotes,
            // dashes, the ellipsis (NFKC: three full stops) and the middle dot.
            '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301F}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2018}'..='\u{201F}'
            | '\u{2026}'
            | '\u{00B7}' => {}
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod keys {
    use super::{full_title_key, simple_title_key, title_key, url_key};

    /// The character-by-character key is the definition's on every title it takes: random
    /// titles drawn from the characters it knows and a few it does not.
    #[test]
    fn the_simple_title_key_is_the_full_one() {
        let alphabet: Vec<char> = ('\u{20}'..='\u{7E}')
            .chain('\u{FF01}'..='\u{FF5E}')
            .chain('\u{3000}'..='\u{303F}')
            .chain('\u{2010}'..='\u{2027}')
            .chain([
                '\u{00B7}', '\u{00A0}', '\u{200B}', 'é', 'İ', 'ﬁ', '①', '℃', '\t', '\n',
            ])
            .chain(['\u{0B}', '\u{0C}', '\u{1F}', '\u{7F}', '\u{00}'])
            .chain([
                '定', '海', '发', '布', '防', '汛', '\u{9FFF}', '\u{4E00}', '\u{F900}',
            ])
            .collect();
        let mut seed = 17u64;
        let mut taken = 0;
        for _ in 0..20_000 {
            let title: String = (0..1 + seed % 24)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let mut key = String::new();
            if simple_title_key(&title, &mut key) {
                taken += 1;
                assert_eq!(
                    (!key.is_empty()).then_some(key),
                    full_title_key(&title),
                    "{title:?}"
                );
            }
            assert!(title_key(&title) == full_title_key(&title), "{title:?}");
        }
        assert!(taken > 1_000, "{taken}");
    }

    /// The examples of SPEC §17.1, and the edges of the url key.
    #[test]
    fn task_keys_as_the_spec_writes_them() {
        assert_eq!(
            url_key("HTTPS://Mp.Weixin.QQ.com/s/Ab1?x=1#p").as_deref(),
            Some("mp.weixin.qq.com/s/Ab1?x=1")
        );
        assert_eq!(url_key(" http://A.cn/ ").as_deref(), Some("a.cn"));
        assert_eq!(url_key("A.CN?Q=1").as_deref(), Some("a.cn?Q=1"));
        assert_eq!(url_key("https://#x"), None);
        assert_eq!(url_key(""), None);
        assert_eq!(
            title_key("【关注】“防汛防台”工作部署！").as_deref(),
            Some("关注防汛防台工作部署")
        );
        assert_eq!(
            title_key("关注 \"防汛防台\" 工作部署!").as_deref(),
            Some("关注防汛防台工作部署")
        );
        assert_eq!(title_key("！？ ＋"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn booleans_in_every_form_and_case() {
        for t in [
            "true",
            "TRUE",
            "1",
            "Yes",
            "y",
            "是",
            "有",
            "开",
            "开启",
            "启用",
            "已认证",
            "√",
        ] {
            assert_eq!(parse_bool(t), Ok(true), "{t}");
        }
        for f in [
            "false",
            "False",
            "0",
            "NO",
            "n",
            "否",
            "无",
            "关",
            "关闭",
            "停用",
            "未认证",
            "×",
        ] {
            assert_eq!(parse_bool(f), Ok(false), "{f}");
        }
        assert!(parse_bool("2").is_err());
        assert!(parse_bool("truee").is_err());
    }

    #[test]
    fn dates_in_the_four_forms() {
        let d = date(2026, 7, 1);
        for t in [
            "2026-07-01",
            "2026-7-1",
            "2026/7/1",
            "2026/07/01",
            "2026年7月1日",
            "20260701",
        ] {
            assert_eq!(parse_date(t), Ok(d), "{t}");
        }
        // A date-time in a date column: its date is taken.
        assert_eq!(parse_date("2026/7/1 0:00"), Ok(d));
        assert_eq!(parse_date("2026-07-01T23:59:59"), Ok(d));
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-7-1",
            "2026-7/1",
            "2026.7.1",
            "202671",
            "2026年7月1",
            "2026-07-01x",
            "July 1",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_times_with_every_time_form() {
        let at = |h, m, s| date(2026, 7, 1).and_hms_opt(h, m, s).unwrap();
        assert_eq!(parse_datetime("2026-07-01 08:30"), Ok(at(8, 30, 0)));
        assert_eq!(parse_datetime("2026/7/1 8:30"), Ok(at(8, 30, 0)));
        assert_eq!(parse_datetime("2026-07-01T08:30:15"), Ok(at(8, 30, 15)));
        assert_eq!(
            parse_datetime("2026年7月1日 8:30:15.123"),
            Ok(at(8, 30, 15))
        );
        assert_eq!(parse_datetime("20260701 23:59:59"), Ok(at(23, 59, 59)));
        assert_eq!(parse_datetime("2026-07-01"), Ok(at(0, 0, 0)));
        for bad in [
            "2026-07-01 24:00",
            "2026-07-01 8:3",
            "2026-07-01 08:30.5",
            "2026-07-01  08:30",
            "2026-07-01 08:30:",
            "2026-07-01 8:30:61",
        ] {
            assert!(parse_datetime(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_in_every_form() {
        let cases = [
            ("0", 0),
            ("1234", 1234),
            ("1,234", 1234),
            ("1,234,567", 1_234_567),
            ("12.0", 12),
            ("12.00", 12),
            ("3万", 30_000),
            ("1.2万", 12_000),
            ("1.23456万", 12_346),
            ("0.00005万", 1),
            ("0.00004万", 0),
            ("3w", 30_000),
            ("3W", 30_000),
            ("1亿", 100_000_000),
            ("2.5亿", 250_000_000),
            ("10万+", 100_001),
            ("999+", 1000),
        ];
        for (text, value) in cases {
            assert_eq!(parse_count(text), Ok(value), "{text}");
        }
        assert_eq!(parse_count("007"), Ok(7));
        assert_eq!(
            parse_count("9999999999999999999"),
            Ok(9_999_999_999_999_999_999)
        );
        assert_eq!(parse_count("18446744073709551615"), Ok(u64::MAX));
        assert!(parse_count("18446744073709551616").is_err());
        assert!(parse_count("1,000,000,000,000,000,000,000,000,000,000,000,000,000").is_err());
        assert_eq!(parse_count("-5"), Err(ValueProblem::Negative));
        assert_eq!(parse_count("-1.5万"), Err(ValueProblem::Negative));
        for bad in [
            "12.5", "1,23", "12,3456", ",123", "abc", "1.", "万", "1e3", "--1", "1 234",
        ] {
            assert!(
                matches!(parse_count(bad), Err(ValueProblem::Unparsable { .. })),
                "{bad}"
            );
        }
    }

    /// The plain-digit path reads what the general rules read (regression guard for the fast
    /// path added for ingest speed).
    #[test]
    fn plain_counts_read_as_the_general_rules_read_them() {
        let mut rng = crate::rng::Rng::new(16, 0, 0);
        for _ in 0..20_000 {
            let len = 1 + (rng.next_u64() % 19) as usize;
            let text: String = (0..len)
                .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
                .collect();
            assert_eq!(plain_count(&text), count_in_any_form(&text).ok(), "{text}");
        }
        for other in [
            "",
            "1,234",
            "12.0",
            "3万",
            "-5",
            "99999999999999999999",
            " 1",
        ] {
            assert_eq!(plain_count(other), None, "{other}");
        }
    }

    /// The fixed-place reading of the ISO forms reads what the general rules read, valid or not
    /// (regression guard for the fast path added for ingest speed).
    #[test]
    fn iso_dates_read_as_the_general_rules_read_them() {
        let mut rng = crate::rng::Rng::new(16, 1, 0);
        let digit =
            |rng: &mut crate::rng::Rng, high: u64| char::from(b'0' + (rng.next_u64() % high) as u8);
        for _ in 0..50_000 {
            let mut text = String::new();
            for (i, shape) in "dddd-dd-dd?dd:dd:dd".chars().enumerate() {
                // Digits mostly in range, so that most dates and times are valid.
                let high = if rng.chance(0.9) {
                    [
                        3, 10, 10, 10, 0, 2, 10, 0, 4, 10, 0, 3, 10, 0, 6, 10, 0, 6, 10,
                    ][i]
                } else {
                    10
                };
                match shape {
                    'd' => text.push(digit(&mut rng, high.max(1))),
                    '?' => text.push(if rng.chance(0.5) { ' ' } else { 'T' }),
                    c => text.push(c),
                }
            }
            for len in [10, 16, 19] {
                let text = &text[..len];
                let fast = iso_date_time(text.as_bytes());
                assert_eq!(fast, Some(date_time_in_any_form(text)), "{text}");
            }
        }
        for other in [
            "2026/07/01",
            "2026-7-1",
            "20260701",
            "2026-07-01 8:30",
            "2026-07-01 08:30:00.5",
            "2026-07-01x",
        ] {
            assert_eq!(iso_date_time(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn codes_by_english_code_or_any_part_of_the_chinese_name() {
        use crate::model::Platform;
        let table = CodeTable::new(Platform::ALL.iter().map(|p| (*p, p.code(), p.chinese())));
        assert_eq!(table.parse("WeChat"), Ok(Platform::Wechat));
        assert_eq!(table.parse("微信"), Ok(Platform::Wechat));
        assert_eq!(table.parse("微信公众号"), Ok(Platform::Wechat));
        assert_eq!(table.parse("微信/微信公众号"), Ok(Platform::Wechat));
        assert_eq!(table.parse("app"), Ok(Platform::App));
        assert_eq!(table.parse("移动客户端"), Ok(Platform::App));
        assert_eq!(table.parse("b站"), Ok(Platform::Bilibili));
        assert_eq!(table.parse("微信号"), Err(ValueProblem::UnknownCode));
    }
}
