//! The content scan (内容巡检, SPEC §16): reads each post's title, text and url as ingest reads
//! the row, and nominates candidates (疑似问题) for people to confirm or dismiss. It never deducts
//! a point: a candidate counts only once confirmed in scan_review.csv, and is then a violation.
//! This module holds the rules over one cell (fold, words, dates, marks, doubled words, links);
//! `candidates.rs` turns what was found into scan_candidates.csv with the review carried over.

mod builtin;
pub(crate) mod candidates;
mod fold;
mod links;
pub(crate) mod terms;
mod text;

use std::cell::RefCell;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rustc_hash::FxHashMap;

use crate::model::ViolationCategory;
use crate::vocab::{ScanField, ScanRule, TermKind};
use fold::Folded;
use links::Host;
pub(crate) use terms::{Terms, builtin_csv};

impl TermKind {
    /// Host and trusted entries are hosts; term and except entries are words.
    pub(crate) fn hosts(self) -> bool {
        matches!(self, TermKind::Host | TermKind::Trusted)
    }
}

/// A candidate in a cell before it is written out: rule, start and length in original
/// scalars (or, before they are known, the folded bytes from and to), category, suggestion.
type Hit = (ScanRule, usize, usize, ViolationCategory, String);

/// The most bytes of folded words the automaton is built as a DFA for.
const DFA_BYTES: usize = 256 << 10;

/// A text rule: the folded spans it finds.
type TextRule = fn(&Folded) -> Vec<text::Span>;

/// A word of the automaton: what a match of it gives.
#[derive(Debug, Clone)]
struct Word {
    /// S1 (office) or S2 (built-in); `None` for an except entry.
    rule: Option<ScanRule>,
    category: ViolationCategory,
    suggestion: String,
}

/// A host entry: a listed host (S7) or a trusted one.
#[derive(Debug, Clone)]
struct HostEntry {
    trusted: bool,
    category: ViolationCategory,
    suggestion: String,
}

/// What the scan found in one cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub rule: ScanRule,
    pub field: ScanField,
    /// 1-based, in original scalars (SPEC §16.3).
    pub start: u32,
    /// In original scalars.
    pub length: u32,
    /// The original scalars of the span.
    pub matched: String,
    pub category: ViolationCategory,
    pub suggestion: String,
    /// Up to `context_chars` before, the span in 【】, up to `context_chars` after.
    pub context: String,
}

/// The rules in force, the word automaton and the host list, built once per run.
#[derive(Debug)]
pub(crate) struct Scanner {
    applied: [bool; 9],
    automaton: Option<AhoCorasick>,
    words: Vec<Word>,
    hosts: FxHashMap<String, HostEntry>,
    trusted_mode: bool,
    context_chars: usize,
}

/// `text` folded (SPEC §16.3).
fn folded(text: &str) -> String {
    let mut folded = Folded::default();
    folded.fold(text);
    folded.text
}

/// The word list (SPEC §16.5) by folded text: the built-in typos and exceptions when S2 is
/// applied, each replaced by an office entry of the same text; the office's terms when S1 is
/// applied; its exceptions always.
fn words(terms: &Terms, s1: bool, s2: bool) -> Vec<(String, Word)> {
    let mut words: Vec<(String, Option<Word>)> = Vec::new();
    if s2 {
        for (wrong, right) in builtin::typos() {
            let rule = Some(ScanRule::S2);
            let (category, suggestion) = (ViolationCategory::Typo, right.to_string());
            words.push((
                folded(wrong),
                Some(Word {
                    rule,
                    category,
                    suggestion,
                }),
            ));
        }
        for except in builtin::EXCEPT {
            let (category, suggestion) = (ViolationCategory::Typo, String::new());
            words.push((
                folded(except),
                Some(Word {
                    rule: None,
                    category,
                    suggestion,
                }),
            ));
        }
    }
    let mut at: FxHashMap<String, usize> = (words.iter().enumerate())
        .map(|(i, (text, _))| (text.clone(), i))
        .collect();
    for e in terms.entries.iter().filter(|e| !e.kind.hosts()) {
        let (category, suggestion) = (
            e.category.unwrap_or(ViolationCategory::Other),
            e.suggestion.clone(),
        );
        let word = match e.kind {
            TermKind::Term if !s1 => None,
            TermKind::Term => Some(Word {
                rule: Some(ScanRule::S1),
                category,
                suggestion,
            }),
            _ => Some(Word {
                rule: None,
                category,
                suggestion,
            }),
        };
        match at.get(&e.folded) {
            Some(&i) => words[i].1 = word,
            None => {
                at.insert(e.folded.clone(), words.len());
                words.push((e.folded.clone(), word));
            }
        }
    }
    (words.into_iter())
        .filter_map(|(text, word)| Some((text, word?)))
        .collect()
}

/// The host list (SPEC §16.6): the office's host and trusted entries, and in trusted mode the
/// built-in trusted hosts, each replaced by an office entry of the same text.
fn hosts(terms: &Terms) -> FxHashMap<String, HostEntry> {
    let mut hosts = FxHashMap::default();
    if terms.trusted_mode() {
        for host in builtin::TRUSTED {
            let (category, suggestion) = (ViolationCategory::AdLink, String::new());
            hosts.insert(
                folded(host),
                HostEntry {
                    trusted: true,
                    category,
                    suggestion,
                },
            );
        }
    }
    for e in terms.entries.iter().filter(|e| e.kind.hosts()) {
        let entry = HostEntry {
            trusted: e.kind == TermKind::Trusted,
            category: e.category.unwrap_or(ViolationCategory::Other),
            suggestion: e.suggestion.clone(),
        };
        hosts.insert(e.folded.clone(), entry);
    }
    hosts
}

/// One leftmost-longest automaton over the words: a DFA (the fastest to search) up to
/// `DFA_BYTES` of patterns — the built-in lists and an office list of ten thousand entries —,
/// else the default kind; none without words.
fn automaton(words: &[(String, Word)]) -> Option<AhoCorasick> {
    if words.is_empty() {
        return None;
    }
    let bytes: usize = words.iter().map(|(t, _)| t.len()).sum();
    let build = |kind: Option<AhoCorasickKind>| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(kind)
            .build(words.iter().map(|(t, _)| t.as_str()))
    };
    let dfa = (bytes <= DFA_BYTES).then_some(AhoCorasickKind::DFA);
    build(dfa).or_else(|_| build(None)).ok()
}

thread_local! {
    /// Each thread's folding buffers, reused from cell to cell.
    static FOLDED: RefCell<Folded> = RefCell::new(Folded::default());
}

impl Scanner {
    /// The scanner for `rules` over the built-in lists and the office's `terms`.
    pub(crate) fn new(terms: &Terms, rules: &[ScanRule], context_chars: usize) -> Scanner {
        let mut applied = [false; 9];
        for r in rules {
            applied[*r as usize] = true;
        }
        let on = |r: ScanRule| applied[r as usize];
        let words = words(terms, on(ScanRule::S1), on(ScanRule::S2));
        Scanner {
            applied,
            automaton: automaton(&words),
            words: words.into_iter().map(|(_, w)| w).collect(),
            hosts: hosts(terms),
            trusted_mode: terms.trusted_mode(),
            context_chars,
        }
    }

    /// The built-in entries a scanner for `rules` over `terms` uses, without building it.
    pub(crate) fn builtin_entries(terms: &Terms, rules: &[ScanRule]) -> usize {
        let typos = if rules.contains(&ScanRule::S2) {
            builtin::typos().count() + builtin::EXCEPT.len()
        } else {
            0
        };
        let trusted = if terms.trusted_mode() {
            builtin::TRUSTED.len()
        } else {
            0
        };
        typos + trusted
    }

    fn on(&self, rule: ScanRule) -> bool {
        self.applied[rule as usize]
    }

    /// Whether any rule is applied (an empty `[scan] rules` turns the scan off).
    pub(crate) fn any(&self) -> bool {
        self.applied.iter().any(|a| *a)
    }

    /// The candidates in one trimmed cell of `field`, appended to `out` in order of start, then
    /// rule.
    pub(crate) fn scan(&self, field: ScanField, cell: &str, out: &mut Vec<Found>) {
        if cell.is_empty() {
            return;
        }
        // (rule, start, length, category, suggestion), positions in original scalars.
        let mut hits: Vec<Hit> = Vec::new();
        if field == ScanField::Url {
            if let Some((rule, category, suggestion)) = self.judge(cell) {
                hits.push((rule, 1, cell.chars().count(), category, suggestion));
            }
        } else {
            FOLDED.with_borrow_mut(|folded| {
                folded.fold(cell);
                let mut spans = Vec::new();
                self.words_in(folded, &mut spans);
                self.text_rules(folded, &mut spans);
                if !spans.is_empty() {
                    folded.find_origins(cell);
                    for (rule, from, to, category, suggestion) in spans {
                        if let Some((start, length)) = folded.span(from, to) {
                            hits.push((rule, start, length, category, suggestion));
                        }
                    }
                }
            });
            self.links_in(cell, &mut hits);
        }
        if hits.is_empty() {
            return;
        }
        hits.sort_by_key(|h| (h.1, h.0));
        hits.dedup_by_key(|h| (h.1, h.0));
        let chars: Vec<char> = cell.chars().collect();
        for (rule, start, length, category, suggestion) in hits {
            out.push(Found {
                rule,
                field,
                start: start as u32,
                length: length as u32,
                matched: chars[start - 1..start - 1 + length].iter().collect(),
                category,
                suggestion,
                context: self.context(&chars, start - 1, length),
            });
        }
    }

    /// S1 and S2: the words of the automaton, leftmost-longest without overlap.
    fn words_in(&self, folded: &Folded, spans: &mut Vec<Hit>) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        for m in automaton.find_iter(&folded.text) {
            let word = &self.words[m.pattern().as_usize()];
            if let Some(rule) = word.rule {
                let suggestion = word.suggestion.clone();
                spans.push((rule, m.start(), m.end(), word.category, suggestion));
            }
        }
    }

    /// S3, S4 and S5 on the folded text.
    fn text_rules(&self, folded: &Folded, spans: &mut Vec<Hit>) {
        let rules: [(ScanRule, TextRule); 3] = [
            (ScanRule::S3, text::impossible_dates),
            (ScanRule::S4, text::unpaired_marks),
            (ScanRule::S5, text::doubled_words),
        ];
        for (rule, find) in rules {
            if !self.on(rule) {
                continue;
            }
            for (from, to, suggestion) in find(folded) {
                spans.push((rule, from, to, ViolationCategory::Typo, suggestion));
            }
        }
    }

    /// S6–S9: the links in an original title or text.
    fn links_in(&self, cell: &str, hits: &mut Vec<Hit>) {
        if !cell.contains("://") {
            return;
        }
        for (from, to) in links::find(cell) {
            if let Some((rule, category, suggestion)) = self.judge(&cell[from..to]) {
                let start = cell[..from].chars().count() + 1;
                hits.push((
                    rule,
                    start,
                    cell[from..to].chars().count(),
                    category,
                    suggestion,
                ));
            }
        }
    }

    /// The rule a link falls under (SPEC §16.6, the first that applies decides), when applied.
    fn judge(&self, link: &str) -> Option<(ScanRule, ViolationCategory, String)> {
        let folded = FOLDED.with_borrow_mut(|f| {
            f.fold(link);
            f.text.clone()
        });
        let verdict = match links::parse(&folded) {
            None => (
                ScanRule::S6,
                ViolationCategory::BrokenFunction,
                String::new(),
            ),
            Some(Host::Name(name)) if !name.contains('.') => (
                ScanRule::S6,
                ViolationCategory::BrokenFunction,
                String::new(),
            ),
            Some(host) if links::non_public(&host) => (
                ScanRule::S6,
                ViolationCategory::BrokenFunction,
                String::new(),
            ),
            Some(Host::Name(name)) => match self.covering(&name) {
                Some(e) if !e.trusted => (ScanRule::S7, e.category, e.suggestion.clone()),
                Some(_) => return None,
                None if self.trusted_mode => {
                    (ScanRule::S9, ViolationCategory::AdLink, String::new())
                }
                None => return None,
            },
            Some(_) => (ScanRule::S8, ViolationCategory::Other, String::new()),
        };
        self.on(verdict.0).then_some(verdict)
    }

    /// The most specific entry covering `host`: equal to it, or a suffix after a `.`.
    fn covering(&self, host: &str) -> Option<&HostEntry> {
        let mut rest = host;
        loop {
            if let Some(e) = self.hosts.get(rest) {
                return Some(e);
            }
            rest = rest.split_once('.')?.1;
        }
    }

    /// The context of a span: `context_chars` scalars either side, the span in 【】, control
    /// characters and line breaks as spaces.
    fn context(&self, chars: &[char], from: usize, length: usize) -> String {
        let n = self.context_chars;
        let clean = |c: &char| if terms::forbidden(*c) { ' ' } else { *c };
        let before = chars[from.saturating_sub(n)..from].iter().map(clean);
        let span = chars[from..from + length].iter().map(clean);
        let after = chars[from + length..(from + length + n).min(chars.len())]
            .iter()
            .map(clean);
        before
            .chain(std::iter::once('【'))
            .chain(span)
            .chain(std::iter::once('】'))
            .chain(after)
            .collect()
    }
}

#[cfg(test)]
mod tests;
