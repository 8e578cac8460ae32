//! Report and workbook tests (SPEC §7–§8): rendered pages (snapshots), escaping of input values,
//! no network resources, and the workbook read back.

use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};

use crate::common::{Scenario, read_csv};
use crate::workdir::{Workdir, stderr};

fn pages(report: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for dir in [report.to_path_buf(), report.join("units")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "html") {
                pages.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    pages.sort();
    pages
}

/// A small district: one clean unit, one with a vetoed account and list entries.
fn small() -> Scenario {
    let mut s = Scenario::new();
    s.unit("U2", "城东街道", "subdistrict");
    s.clean("A1", "wechat");
    s.account("B1", "U2", "weibo", "城东发布")
        .verified_as("城东街道")
        .interactive(true)
        .followers("50");
    s.post("B1", "2026-09-01 09:00", "true", "false");
    s.account("B2", "U2", "weibo", "城东发布2")
        .verified_as("城东街道")
        .interactive(true)
        .followers("50");
    s.message("M1", "B1", "2026-08-01 09:00", "");
    s.violation("V1", "B1", "2026-08-01", "typo", "");
    s
}

#[test]
fn report_pages_render_as_expected() {
    let out = small().run(&[]);
    let report = out.wd.out().join("report");
    let names: Vec<String> = pages(&report)
        .into_iter()
        .map(|(path, _)| path.rsplit("/report/").next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "accountability.html",
            "appeals.html",
            "consolidation.html",
            "data-quality.html",
            "followup.html",
            "index.html",
            "method.html",
            "scan.html",
            "units/000001.html",
            "units/000002.html"
        ]
    );
    // Snapshots of the pages without charts (the charts are checked below and by eye).
    for page in [
        "accountability.html",
        "consolidation.html",
        "units/000002.html",
    ] {
        let html = std::fs::read_to_string(report.join(page)).unwrap();
        let without_svg = strip_svg(&html);
        insta::assert_snapshot!(page.replace('/', "_"), without_svg);
    }
    let index = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert_eq!(
        index.matches("<svg").count(),
        4,
        "grades, histogram, vetoes, platforms"
    );
    let unit = std::fs::read_to_string(report.join("units/000002.html")).unwrap();
    assert_eq!(
        unit.matches("<svg").count(),
        2,
        "waterfall and weekly posts"
    );
    assert!(unit.contains("名次区间（5%–95%）"), "the unit's robustness");
    let list = std::fs::read_to_string(report.join("accountability.html")).unwrap();
    assert_eq!(list.matches("<svg").count(), 1, "rank intervals");
    let method = std::fs::read_to_string(report.join("method.html")).unwrap();
    assert!(method.contains("interaction.reply_days") && method.contains("扰动次数"));
}

/// The page with every `<svg …>…</svg>` replaced by `[svg]`.
fn strip_svg(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        out.push_str("[svg]");
        rest = rest[start..]
            .find("</svg>")
            .map_or("", |end| &rest[start + end + 6..]);
    }
    out.push_str(rest);
    out
}

#[test]
fn input_values_are_escaped_everywhere() {
    let mut s = Scenario::new();
    let nasty = "<script>alert(1)</script>\"'&";
    s.units.clear();
    s.unit("U1", nasty, "department");
    // verified_name as CSV writes it: quoted, inner quotes doubled.
    s.account("A1", "U1", "wechat", nasty)
        .verified_as(&format!("\"{}\"", nasty.replace('"', "\"\"")))
        .interactive(true);
    s.clean_posts("A1");
    s.account("A2", "U1", "wechat", &format!("{nasty}2"))
        .verified("false")
        .interactive(true);
    let out = s.run(&[]);
    let report = out.wd.out().join("report");
    let pages = pages(&report);
    assert!(pages.len() >= 6);
    let mut escaped = 0;
    for (path, html) in &pages {
        assert!(!html.contains("<script>alert"), "live markup in {path}");
        assert!(!html.contains("\"'&<"), "unescaped quote run in {path}");
        escaped += html
            .matches("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
            .count()
            + html
                .matches("&lt;script&gt;alert(1)&lt;/script&gt;")
                .count();
    }
    assert!(
        escaped > 5,
        "the names should appear, escaped ({escaped} times)"
    );
}

#[test]
fn no_page_loads_anything_from_the_network() {
    let out = small().run(&[]);
    for (path, html) in pages(&out.wd.out().join("report")) {
        let mut rest = html.as_str();
        while let Some(at) = rest.find("http") {
            let tail = &rest[at..];
            assert!(
                tail.starts_with("http://www.w3.org/"),
                "{path}: {}",
                &tail[..tail.len().min(60)]
            );
            rest = &tail[4..];
        }
        for needle in ["src=\"//", "href=\"//", "@import", "url("] {
            assert!(!html.contains(needle), "{path} has {needle}");
        }
    }
}

#[test]
fn the_workbook_opens_and_its_sheets_match_the_csvs() {
    let wd = Workdir::new();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample");
    let out = wd.run(&["assess", "--data", sample, "--out", "out", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut workbook: Xlsx<_> =
        open_workbook(wd.out().join("assessment.xlsx")).expect("xlsx opens");
    let names = workbook.sheet_names();
    assert_eq!(
        names,
        [
            "汇总",
            "单位得分",
            "账号得分",
            "扣分明细",
            "清理整合",
            "约谈问责",
            "转发任务",
            "内容巡检",
            "生命周期核查",
            "数据问题"
        ]
    );
    for (sheet, csv) in [
        ("单位得分", "unit_scores.csv"),
        ("账号得分", "account_scores.csv"),
        ("扣分明细", "deductions.csv"),
        ("清理整合", "consolidation.csv"),
        ("约谈问责", "accountability.csv"),
        ("内容巡检", "scan_candidates.csv"),
        ("转发任务", "tasks_result.csv"),
        ("生命周期核查", "lifecycle.csv"),
    ] {
        let range = workbook.worksheet_range(sheet).expect("sheet");
        let rows = read_csv(&wd.out().join(csv)).len();
        assert_eq!(range.height(), rows + 1, "{sheet} vs {csv}");
    }
    let units = workbook.worksheet_range("单位得分").unwrap();
    assert_eq!(
        units.get((0, 7)).map(|c| c.to_string()),
        Some("等级".to_string())
    );
    let grade = units.get((1, 7)).map(|c| c.to_string()).unwrap_or_default();
    assert!(
        ["优秀", "良好", "合格", "不合格"].contains(&grade.as_str()),
        "{grade}"
    );
    assert!(
        matches!(units.get((1, 6)), Some(calamine::Data::Float(_))),
        "scores are numbers"
    );
}

/// Every sheet's cells, as text, sheet by sheet.
fn workbook_cells(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("xlsx opens");
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|row| row.iter().map(|c| format!("{c:?}")).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn without_a_usable_temporary_folder_the_workbook_is_built_in_memory_with_the_same_cells() {
    let wd = Workdir::new();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample");
    let out = wd.run(&["assess", "--data", sample, "--out", "out", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let missing = wd.path().join("no-such-folder");
    let missing = missing.to_str().unwrap();
    let args = ["assess", "--data", sample, "--out", "in-memory", "--quiet"];
    let in_memory = wd.run_with(&args, ("TMPDIR", missing));
    assert!(in_memory.status.success(), "{}", stderr(&in_memory));
    let cells = workbook_cells(&wd.out().join("assessment.xlsx"));
    assert!(cells.iter().any(|(_, rows)| rows.len() > 10), "{cells:?}");
    assert_eq!(
        workbook_cells(&wd.path().join("in-memory/assessment.xlsx")),
        cells
    );
}
