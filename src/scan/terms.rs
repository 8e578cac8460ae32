//! The office's terms (巡检词表, SPEC §16.2): its entries, checked row by row from the file's
//! text (header, aliases, blank lines, RFC 4180, trimming), every problem fatal with file, line,
//! column and value; and `govmedia terms`, the built-in lists written as one. The file itself is
//! found and decoded by `ingest::terms`.

use std::path::PathBuf;

use super::builtin;
use super::fold::Folded;
use super::links::label_ok;
use crate::model::ViolationCategory;
use crate::values::CodeTable;
use crate::vocab::TermKind;

/// One entry of a terms file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// The term or host as written.
    pub term: String,
    /// Its folded text (SPEC §16.3).
    pub folded: String,
    pub kind: TermKind,
    /// For term and host entries.
    pub category: Option<ViolationCategory>,
    pub suggestion: String,
    /// The line it is on (0 for a built-in entry).
    pub line: u64,
}

/// The office's list, with where it came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Terms {
    /// The entries in file order.
    pub entries: Vec<Entry>,
    /// The file read, when there is one.
    pub file: Option<TermsFile>,
}

/// The terms file read, for summary.json and the data-quality page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TermsFile {
    pub path: PathBuf,
    /// The encoding's name (utf-8, utf-8-bom, gb18030).
    pub encoding: &'static str,
    pub sha256: String,
}

/// A problem in the terms file: the run stops (exit 2) and nothing is written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TermsError {
    #[error(
        "{file} line {line}, column {column}: {problem} ('{value}'); fix the terms file and run again"
    )]
    Entry {
        file: String,
        line: u64,
        column: &'static str,
        value: String,
        problem: String,
    },
    #[error("{file}: {problem}; fix the terms file and run again")]
    File { file: String, problem: String },
    #[error("--terms {0}: no such file")]
    Missing(PathBuf),
    #[error(transparent)]
    Input(#[from] crate::error::InputError),
}

/// The columns of a terms file: name, Chinese alias.
const COLUMNS: [(&str, &str); 5] = [
    ("term", "词条"),
    ("kind", "类型"),
    ("category", "问题类型"),
    ("suggestion", "建议"),
    ("note", "说明"),
];

impl Terms {
    /// Whether the office lists trusted hosts (SPEC §16.6's trusted mode).
    pub(crate) fn trusted_mode(&self) -> bool {
        self.entries.iter().any(|e| e.kind == TermKind::Trusted)
    }

    /// The office's entries of `kind`.
    pub(crate) fn count(&self, kind: TermKind) -> usize {
        self.entries.iter().filter(|e| e.kind == kind).count()
    }
}

/// The header's columns: for each of COLUMNS, its position.
fn header(record: &csv::StringRecord, file: &str) -> Result<[Option<usize>; 5], TermsError> {
    let mut at = [None; 5];
    for (i, name) in record.iter().enumerate() {
        let name = name.trim();
        let Some(c) = COLUMNS
            .iter()
            .position(|(n, a)| n.eq_ignore_ascii_case(name) || *a == name)
        else {
            continue;
        };
        if at[c].is_some() {
            return Err(TermsError::File {
                file: file.to_string(),
                problem: format!("the column {} is given twice", COLUMNS[c].0),
            });
        }
        at[c] = Some(i);
    }
    if at[0].is_none() {
        return Err(TermsError::File {
            file: file.to_string(),
            problem: "no term (词条) column in the header".to_string(),
        });
    }
    Ok(at)
}

/// Every row, checked in order (SPEC §16.2 steps 1–6).
pub(crate) fn entries(text: &str, file: &str) -> Result<Vec<Entry>, TermsError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(first) = records.next() else {
        return Err(TermsError::File {
            file: file.to_string(),
            problem: "the file is empty; it needs a header row naming the columns".to_string(),
        });
    };
    let head = first.map_err(|e| TermsError::File {
        file: file.to_string(),
        problem: e.to_string(),
    })?;
    let at = header(&head, file)?;
    let categories = CodeTable::new(
        ViolationCategory::ALL
            .iter()
            .map(|c| (*c, c.code(), c.chinese())),
    );
    let kinds = CodeTable::new(TermKind::ALL.iter().map(|k| (*k, k.code(), k.chinese())));
    let mut folded = Folded::default();
    let mut entries: Vec<Entry> = Vec::new();
    // Each family's folded entries, with their lines (words: term and except; hosts).
    let mut seen: std::collections::HashMap<(bool, String), u64> = std::collections::HashMap::new();
    for record in records {
        let record = record.map_err(|e| TermsError::File {
            file: file.to_string(),
            problem: e.to_string(),
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| at[c].and_then(|i| record.get(i)).map_or("", str::trim);
        let fail = |column: &'static str, value: &str, problem: &str| TermsError::Entry {
            file: file.to_string(),
            line,
            column,
            value: value.to_string(),
            problem: problem.to_string(),
        };
        if record.len() != head.len() {
            let n = record.len().to_string();
            return Err(fail(
                "-",
                &n,
                &format!(
                    "the row has {} fields, the header {}",
                    record.len(),
                    head.len()
                ),
            ));
        }
        let term = cell(0);
        if term.is_empty() {
            return Err(fail("term", term, "missing"));
        }
        if term.chars().any(forbidden) {
            return Err(fail(
                "term",
                term,
                "holds a line break or control character",
            ));
        }
        let kind = match cell(1) {
            "" => TermKind::Term,
            k => kinds.parse(k).map_err(|_| {
                fail(
                    "kind",
                    k,
                    "not a kind (term 词语, except 例外, host 域名, trusted 可信域名)",
                )
            })?,
        };
        let category =
            entry_category(kind, cell(2), &categories).map_err(|p| fail("category", cell(2), p))?;
        folded.fold(term);
        let text = folded.text.clone();
        if let Some(problem) = shape_problem(kind, &text) {
            return Err(fail("term", term, problem));
        }
        if let Some(earlier) = seen.insert((kind.hosts(), text.clone()), line) {
            let problem = format!("given twice (also on line {earlier})");
            return Err(fail("term", term, &problem));
        }
        entries.push(Entry {
            term: term.to_string(),
            folded: text,
            kind,
            category,
            suggestion: cell(3).to_string(),
            line,
        });
    }
    Ok(entries)
}

/// A line break or control character (SPEC §16.2 step 2).
pub(crate) fn forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' | '\u{2028}' | '\u{2029}')
}

/// Step 4: term and host entries need a category; except and trusted entries take none.
fn entry_category(
    kind: TermKind,
    text: &str,
    categories: &CodeTable<ViolationCategory>,
) -> Result<Option<ViolationCategory>, &'static str> {
    match (kind, text) {
        (TermKind::Term | TermKind::Host, "") => {
            Err("missing: a term or host entry needs the category its candidates get")
        }
        (TermKind::Term | TermKind::Host, t) => categories
            .parse(t)
            .map(Some)
            .map_err(|_| "not a violation category of §4.3"),
        (TermKind::Except | TermKind::Trusted, "") => Ok(None),
        _ => Err("an except or trusted entry takes no category"),
    }
}

/// Step 5: a word of at least 2 scalars; a host name of two or more labels.
fn shape_problem(kind: TermKind, folded: &str) -> Option<&'static str> {
    if !kind.hosts() {
        return (folded.chars().count() < 2).then_some("shorter than 2 characters once folded");
    }
    let labels: Vec<&str> = folded.split('.').collect();
    let host = labels.len() >= 2
        && labels.iter().all(|l| label_ok(l))
        && !labels
            .last()
            .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
    (!host).then_some(
        "not a host name of two or more labels (no scheme, path, port, * or leading dot)",
    )
}

/// `govmedia terms`: the built-in lists as a terms.csv.
pub(crate) fn builtin_csv() -> String {
    let mut out = String::from("term,kind,category,suggestion,note\n");
    for (wrong, right) in builtin::typos() {
        out.push_str(&format!("{wrong},term,typo,{right},常见错别字\n"));
    }
    for word in builtin::EXCEPT {
        out.push_str(&format!("{word},except,,,正确用法\n"));
    }
    for host in builtin::TRUSTED {
        out.push_str(&format!(
            "{host},trusted,,,平台域名（仅在列出可信域名时使用）\n"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(csv: &str) -> String {
        entries(csv, "terms.csv").unwrap_err().to_string()
    }

    #[test]
    fn every_problem_names_line_column_and_value() {
        assert_eq!(
            problem("term,kind,category\n按装,,错别子\n"),
            "terms.csv line 2, column category: not a violation category of §4.3 ('错别子'); fix the terms file and run again"
        );
        assert!(
            problem("词条,类型,问题类型\n按装,,typo\n按装,term,typo\n")
                .contains("line 3, column term: given twice (also on line 2)")
        );
        assert!(problem("term,kind\n例,except\n").contains("shorter than 2"));
        assert!(problem("term,kind\nhttps://a.cn,trusted\n").contains("not a host name"));
        assert!(problem("term,kind\na.cn,trusted\n*.b.cn,trusted\n").contains("line 3"));
        assert!(problem("term,kind\n1.2.3.4,trusted\n").contains("not a host name"));
        assert!(problem("term,kind,category\na.cn,trusted,typo\n").contains("takes no category"));
        assert!(problem("term,kind\n按装,word\n").contains("column kind"));
        assert!(problem("kind\nterm\n").contains("no term"));
        assert!(problem("term,term\na,b\n").contains("twice"));
        assert!(problem("term,kind,category\n按装,,typo,x\n").contains("fields"));
    }

    #[test]
    fn a_good_list_reads_with_chinese_headers_and_folds() {
        let e = entries("词条,类型,问题类型,建议\n\n按装,词语,错别字,安装\nＣＡＳＩＮＯ.example,域名,ad_link,\n截止目前,例外,,\n", "t").unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(
            (e[0].kind, e[0].category, e[0].suggestion.as_str()),
            (TermKind::Term, Some(ViolationCategory::Typo), "安装")
        );
        assert_eq!((e[1].folded.as_str(), e[1].line), ("casino.example", 4));
        assert_eq!(e[2].kind, TermKind::Except);
    }

    #[test]
    fn the_builtin_lists_read_back_as_a_terms_file() {
        let e = entries(&builtin_csv(), "t").unwrap();
        assert_eq!(e.len(), 112);
    }
}
