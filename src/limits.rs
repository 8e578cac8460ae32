//! Where a reader's limits cut what govmedia shows: a cell of Excel, an evidence list on a report
//! page. The CSVs always hold everything; a cut always says what was left out and where it is.

/// `text` cut to at most `max_units` UTF-16 code units (Excel counts so), with a note that says
/// what was left out and where it is. A list (`;`, line, `、` or `, ` separated) keeps whole items
/// and counts the others: 「…（另有N条，见deductions.csv）」; other text: 「…（全文见x.csv）」.
pub(crate) fn fit(text: &str, max_units: usize, full: &str) -> String {
    fit_owned(text.to_string(), max_units, full)
}

/// [`fit`] for an owned text: the text itself when it fits (no copy).
pub(crate) fn fit_owned(text: String, max_units: usize, full: &str) -> String {
    if fits(&text, max_units) {
        text
    } else {
        cut(&text, max_units, full)
    }
}

/// Whether `text` is at most `max_units` UTF-16 code units (never more than its UTF-8 bytes).
fn fits(text: &str, max_units: usize) -> bool {
    text.len() <= max_units || text.chars().map(char::len_utf16).sum::<usize>() <= max_units
}

/// `text` (longer than `max_units`) cut with its note, as [`fit`] says.
fn cut(text: &str, max_units: usize, full: &str) -> String {
    let budget = max_units.saturating_sub(NOTE_UNITS);
    let mut used = 0;
    let mut end = 0;
    for (i, ch) in text.char_indices() {
        used += ch.len_utf16();
        if used > budget {
            break;
        }
        end = i + ch.len_utf8();
    }
    let head = &text[..end];
    match SEPARATORS.into_iter().find(|sep| head.contains(*sep)) {
        Some(sep) => {
            let cut = head.rfind(sep).unwrap_or(0);
            let left = text[cut..]
                .split(sep)
                .filter(|s| !s.trim().is_empty())
                .count();
            format!("{}…（另有{left}条，见{full}）", &text[..cut])
        }
        None => format!("{head}…（全文见{full}）"),
    }
}

/// The first `shown` items joined by `separator`, and a note counting the others.
pub(crate) fn first_items(items: &[String], shown: usize, separator: &str, full: &str) -> String {
    let mut text = items
        .iter()
        .take(shown)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(separator);
    if items.len() > shown {
        text.push_str(&format!("…（另有{}条，见{full}）", items.len() - shown));
    }
    text
}

/// Room kept for the note that ends a cut text.
const NOTE_UNITS: usize = 64;

/// What separates the items of a list, most telling first.
const SEPARATORS: [&str; 4] = [";", "\n", "、", ", "];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_keeps_whole_items_and_counts_the_rest() {
        let ids: Vec<String> = (0..1000).map(|i| format!("P{i:05}")).collect();
        let text = ids.join(";");
        let cut = fit(&text, 200, "deductions.csv");
        assert!(cut.encode_utf16().count() <= 200, "{cut}");
        let kept = cut.split('…').next().unwrap().split(';').count();
        assert!(cut.ends_with(&format!("…（另有{}条，见deductions.csv）", 1000 - kept)));
        assert_eq!(fit("short", 200, "x.csv"), "short");
    }

    #[test]
    fn plain_text_is_cut_by_utf16_units() {
        let name = "单".repeat(40_000);
        let cut = fit(&name, 32_767, "unit_scores.csv");
        assert!(cut.encode_utf16().count() <= 32_767);
        assert!(cut.ends_with("…（全文见unit_scores.csv）"));
        let emoji = "😀".repeat(20_000); // two UTF-16 units each
        assert!(fit(&emoji, 32_767, "a.csv").encode_utf16().count() <= 32_767);
    }

    #[test]
    fn owned_and_borrowed_texts_are_cut_alike_at_the_limit() {
        // Four bytes and two UTF-16 units, three bytes and one unit, one byte and one unit.
        for piece in ["😀", "单", "a;"] {
            for n in 1..40 {
                let text = piece.repeat(n);
                for max in [8, 16, 24, 33] {
                    let units: usize = text.chars().map(char::len_utf16).sum();
                    let owned = fit_owned(text.clone(), max, "x.csv");
                    assert_eq!(owned, fit(&text, max, "x.csv"), "{text} {max}");
                    assert_eq!(owned == text, units <= max, "{text} {max}");
                }
            }
        }
    }

    #[test]
    fn first_items_says_how_many_more() {
        let items: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(first_items(&items, 5, "、", "d.csv"), "a、b、c");
        assert_eq!(
            first_items(&items, 2, "、", "d.csv"),
            "a、b…（另有1条，见d.csv）"
        );
    }
}
