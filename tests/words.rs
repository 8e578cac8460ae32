//! SPEC §15: what a person reads is finished Chinese. Every .docx text, every page's visible text
//! (SVG `<text>` included) and every workbook string of a run with a complete office.toml, over
//! three quarters with appeals, holds no period code (2026Q3), no lowercase English word, no rule
//! code in a document's prose and no placeholder; each notice names the accounts it is about.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::read_csv;
use crate::workdir::{Workdir, stderr};

/// A complete office.toml: every key `govmedia office` documents, uncommented.
fn complete_office(wd: &Workdir) -> String {
    let template = wd.run(&["office"]);
    assert!(template.status.success());
    let text = String::from_utf8(template.stdout).unwrap();
    let keys: Vec<&str> = (text.lines())
        .filter_map(|l| l.strip_prefix("# "))
        .filter(|l| l.contains(" = "))
        .collect();
    assert!(keys.len() >= 12, "{keys:?}");
    keys.join("\n")
}

/// The three quarters of the README, 2026Q3 with the example appeals, each with the office file.
fn three_quarters(wd: &Workdir) -> Vec<PathBuf> {
    let office = complete_office(wd);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut runs = Vec::new();
    for q in ["2026Q3", "2026Q4", "2027Q1"] {
        let data = format!("data-{q}");
        let made = wd.run(&[
            "sample",
            "--scale",
            "district",
            "--quarter",
            q,
            "--out",
            &data,
            "--quiet",
        ]);
        assert!(made.status.success(), "{}", stderr(&made));
        let folder = wd.path().join(&data);
        std::fs::write(folder.join("office.toml"), &office).unwrap();
        if q == "2026Q3" {
            std::fs::copy(
                root.join("data/appeals-example.csv"),
                folder.join("appeals.csv"),
            )
            .unwrap();
        }
        let out = format!("reports/{q}");
        let run = wd.run(&["assess", "--data", &data, "--out", &out, "--draws", "0"]);
        assert!(run.status.success(), "{}", stderr(&run));
        assert!(
            !stderr(&run).contains("placeholder"),
            "a complete office.toml leaves no placeholder: {}",
            stderr(&run)
        );
        runs.push(wd.path().join(out));
    }
    runs
}

/// `&amp;`, `&lt;`, `&#x2f;`, `&#39;` … as the characters they stand for.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|e| *e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Markup as the lines of text a reader sees: scripts and styles dropped, every tag a break.
fn visible(markup: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = markup;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = &rest[open..];
        for hidden in ["<script", "<style"] {
            if rest.starts_with(hidden) {
                let close = format!("</{}>", &hidden[1..]);
                rest = rest.find(&close).map_or("", |c| &rest[c..]);
            }
        }
        rest = rest.find('>').map_or("", |c| &rest[c + 1..]);
        text.push('\n');
    }
    text.push_str(rest);
    (unescape(&text).lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// A .docx's paragraphs: (its text, whether it is in a table).
fn docx_paragraphs(path: &Path) -> Vec<(String, bool)> {
    let xml = crate::documents::document_xml(path);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut rest = xml.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[..=end];
        if tag.starts_with("<w:tbl>") || tag.starts_with("<w:tbl ") {
            depth += 1;
        } else if tag == "</w:tbl>" {
            depth -= 1;
        } else if tag.starts_with("<w:p>") || tag.starts_with("<w:p ") {
            let close = rest.find("</w:p>").unwrap_or(rest.len());
            let runs: String = rest[..close]
                .split("<w:t")
                .skip(1)
                // <w:t> or <w:t xml:space=…>, not <w:tab />, <w:tabs>, <w:tbl>…
                .filter(|t| t.starts_with('>') || t.starts_with(' '))
                .filter_map(|t| t.split_once('>').map(|(_, body)| body))
                .map(|body| body.split("</w:t>").next().unwrap_or(""))
                .collect();
            out.push((unescape(&runs), depth > 0));
            rest = &rest[close..];
            continue;
        }
        rest = &rest[end + 1..];
    }
    out
}

/// Every string cell and sheet name of a workbook.
fn workbook_strings(path: &Path) -> Vec<String> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = book.sheet_names();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        out.extend(range.cells().filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        }));
    }
    out
}

/// File names and paths (`rubric.toml`, `reports/2026Q3`), hex digests and the tool's own name:
/// what may be ASCII in a Chinese text.
fn exempt(token: &str) -> bool {
    const EXTENSIONS: [&str; 8] = [
        ".csv", ".json", ".toml", ".html", ".docx", ".xlsx", ".txt", ".parquet",
    ];
    token.contains('/')
        || EXTENSIONS.iter().any(|e| token.to_lowercase().contains(e))
        || token.starts_with("govmedia")
        || (token.len() >= 16 && token.chars().all(|c| c.is_ascii_hexdigit()))
}

/// What a reader should not meet in `text`: period codes and lowercase English words.
fn problems(text: &str) -> Vec<String> {
    let is_token = |c: char| c.is_ascii_alphanumeric() || "._/\\:-".contains(c);
    let mut found = Vec::new();
    for token in text.split(|c: char| !is_token(c)).filter(|t| !t.is_empty()) {
        if exempt(token) {
            continue;
        }
        let b = token.as_bytes();
        for i in 0..b.len().saturating_sub(5) {
            if b[i..i + 4].iter().all(u8::is_ascii_digit)
                && b[i + 4] == b'Q'
                && (b'1'..=b'4').contains(&b[i + 5])
            {
                found.push(format!("period code in 「{text}」"));
            }
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 3 && word.chars().all(|c| c.is_ascii_lowercase()) {
                found.push(format!("「{word}」 in 「{text}」"));
            }
        }
    }
    const PLACEHOLDERS: [&str; 3] = ["（发文机关）", "〔　　〕　号", "（联系人及电话）"];
    for p in PLACEHOLDERS.into_iter().filter(|p| text.contains(p)) {
        found.push(format!("placeholder {p} in 「{text}」"));
    }
    found
}

/// What a reader should not meet on a page, each with the page's path.
fn page_problems(page: &Path) -> Vec<String> {
    let html = std::fs::read_to_string(page).unwrap();
    (visible(&html).iter())
        .flat_map(|line| problems(line))
        .map(|p| format!("{}: {p}", page.display()))
        .collect()
}

/// A rule code (X1, R8 …) standing alone in a text.
fn rule_code(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(1)).find_map(|i| {
        let alone_before = i == 0 || !chars[i - 1].is_ascii_alphanumeric();
        let alone_after = chars.get(i + 2).is_none_or(|c| !c.is_ascii_alphanumeric());
        ("XUIKMBNCR".contains(chars[i]) && chars[i + 1].is_ascii_digit())
            .then_some(())
            .filter(|_| alone_before && alone_after)
            .map(|_| format!("{}{} in 「{text}」", chars[i], chars[i + 1]))
    })
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Each rectification notice names every account of its unit that has a deduction row.
fn notices_name_their_accounts(run: &Path) -> usize {
    let accounts = read_csv(&run.join("account_scores.csv"));
    let unit_of: BTreeMap<&str, (&str, &str)> = (accounts.iter())
        .map(|a| {
            let key = a["account_id"].as_str();
            (key, (a["unit_id"].as_str(), a["account_name"].as_str()))
        })
        .collect();
    let deductions = read_csv(&run.join("deductions.csv"));
    let listed = read_csv(&run.join("accountability.csv"));
    for (row, entry) in listed.iter().enumerate() {
        let path = run.join(format!(
            "docs/整改通知书/{:03}-{}.docx",
            row + 1,
            entry["unit_id"]
        ));
        let text: String = docx_paragraphs(&path).into_iter().map(|(t, _)| t).collect();
        for d in deductions.iter().filter(|d| d["scope"] == "account") {
            let Some((unit, name)) = unit_of.get(d["id"].as_str()) else {
                continue;
            };
            if *unit == entry["unit_id"] {
                assert!(
                    text.contains(&format!("{name}（")),
                    "{}: {name} (a row of deductions.csv) is not named as 账号名称（平台）",
                    path.display()
                );
            }
        }
    }
    listed.len()
}

#[test]
fn what_people_read_is_finished_chinese() {
    let wd = Workdir::new();
    let mut problems_found = Vec::new();
    let (mut pages, mut documents, mut notices) = (0, 0, 0);
    for run in three_quarters(&wd) {
        for page in files(&run.join("report"), "html") {
            pages += 1;
            problems_found.extend(page_problems(&page));
        }
        for doc in files(&run.join("docs"), "docx") {
            documents += 1;
            for (text, in_table) in docx_paragraphs(&doc) {
                let mut found = problems(&text);
                if !in_table {
                    found.extend(rule_code(&text).map(|c| format!("rule code {c}")));
                }
                problems_found.extend(found.into_iter().map(|p| format!("{}: {p}", doc.display())));
            }
        }
        for text in workbook_strings(&run.join("assessment.xlsx")) {
            problems_found.extend(
                problems(&text)
                    .into_iter()
                    .map(|p| format!("workbook: {p}")),
            );
        }
        notices += notices_name_their_accounts(&run);
    }
    // The pages of `warn` and `compare` too.
    let warned = wd.run(&[
        "warn",
        "--data",
        "data-2027Q1",
        "--out",
        "warned",
        "--quiet",
    ]);
    assert!(warned.status.success(), "{}", stderr(&warned));
    let compared = wd.run(&[
        "compare",
        "reports/2026Q4",
        "reports/2027Q1",
        "--out",
        "compared",
        "--quiet",
    ]);
    assert!(compared.status.success(), "{}", stderr(&compared));
    for page in [
        wd.path().join("warned/warnings.html"),
        wd.path().join("compared/compare.html"),
    ] {
        pages += 1;
        problems_found.extend(page_problems(&page));
    }
    assert!(
        pages > 100 && documents > 50 && notices > 20,
        "{pages} {documents} {notices}"
    );
    assert!(
        problems_found.is_empty(),
        "{} problems, the first: {:#?}",
        problems_found.len(),
        &problems_found[..problems_found.len().min(20)]
    );
}

#[test]
fn the_checker_finds_what_it_looks_for() {
    assert_eq!(problems("关于2026Q3政务新媒体").len(), 1);
    assert_eq!(problems("约谈问责: accountability").len(), 1);
    assert_eq!(problems("见 rubric.toml 与 reports/2026Q3").len(), 0);
    assert_eq!(problems("由（发文机关）印发").len(), 1);
    assert!(rule_code("依据R1，列入").is_some());
    assert!(rule_code("问题记录V00010401").is_none());
    assert_eq!(
        visible("<p>甲&amp;乙</p><style>.a{}</style><svg><text>丙</text></svg>"),
        ["甲&乙", "丙"]
    );
}
