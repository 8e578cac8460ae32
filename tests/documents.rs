//! The documents (SPEC §11) read back from the sample run: every number from summary.json, every
//! listed unit named, one notice per listed unit, the GB/T 9704 page, the East Asian fonts, and
//! byte-identical files from two processes and from one thread.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::read_csv;
use crate::workdir::{Workdir, stderr};

/// `word/document.xml` of a .docx file.
pub fn document_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The sample assessed into `out` of a fresh working folder (1 draw: the verdicts exist).
fn sample_run(wd: &Workdir, out: &str, threads: Option<&str>) -> PathBuf {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let sample = sample.to_str().unwrap();
    let args = [
        "assess", "--data", sample, "--out", out, "--quiet", "--draws", "20",
    ];
    let run = match threads {
        Some(n) => wd.run_with(&args, ("RAYON_NUM_THREADS", n)),
        None => wd.run(&args),
    };
    assert!(run.status.success(), "{}", stderr(&run));
    wd.path().join(out)
}

fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = (crate::common::files_below(dir).into_iter())
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn the_circular_and_the_notices_say_what_the_run_says() {
    let wd = Workdir::new();
    let out = sample_run(&wd, "a", None);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let xml = document_xml(&out.join("docs/通报-2026Q3.docx"));
    assert!(xml.contains("关于2026年第三季度政务新媒体</w:t>"));
    assert!(xml.contains(">检查情况的通报</w:t>"));
    let counts = &summary["counts"];
    for figure in [
        format!("本期在册政务新媒体账号{}个", counts["accounts_registered"]),
        format!("纳入考核{}个", counts["accounts_assessed"]),
        format!("{}个账号触发单项否决", counts["accounts_vetoed"]),
        "账号合格率为82%".to_string(),
    ] {
        assert!(xml.contains(&figure), "{figure}");
    }
    // A4, the margins, the grid, the East Asian font on the runs.
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(xml.contains(r#"w:top="2098""#) && xml.contains(r#"w:left="1587""#));
    assert!(xml.contains(r#"w:type="lines""#) && xml.contains(r#"w:linePitch="579""#));
    assert!(xml.contains(r#"w:eastAsia="仿宋""#) && xml.contains(r#"w:eastAsia="方正小标宋简体""#));
    assert!(xml.contains("<w:tblHeader />"), "header rows repeat");
    let listed = read_csv(&out.join("accountability.csv"));
    for entry in &listed {
        assert!(
            xml.contains(&entry["unit_name"]),
            "{} in 附件4",
            entry["unit_name"]
        );
    }
    let notices = std::fs::read_dir(out.join("docs/整改通知书"))
        .unwrap()
        .count();
    assert_eq!(notices, listed.len());
    let called = listed
        .iter()
        .filter(|e| matches!(&e["level"][..], "interview" | "accountability"))
        .count();
    assert_eq!(
        std::fs::read_dir(out.join("docs/约谈通知"))
            .unwrap()
            .count(),
        called
    );
    let first = &listed[0];
    let notice = document_xml(&out.join(format!("docs/整改通知书/001-{}.docx", first["unit_id"])));
    assert!(notice.contains(&first["unit_name"]) && notice.contains("回　执"));
    let manifest = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        manifest.contains("docs/通报-2026Q3.docx"),
        "the documents are in the manifest"
    );
}

#[test]
fn documents_are_byte_identical_across_processes_and_threads() {
    let wd = Workdir::new();
    let a = files_under(&sample_run(&wd, "a", None).join("docs"));
    let b = files_under(&sample_run(&wd, "b", None).join("docs"));
    let one = files_under(&sample_run(&wd, "c", Some("1")).join("docs"));
    let strip = |files: &[(String, Vec<u8>)], dir: &str| -> Vec<(String, Vec<u8>)> {
        let prefix = wd.path().join(dir).display().to_string();
        files
            .iter()
            .map(|(p, b)| (p.replacen(&prefix, "", 1), b.clone()))
            .collect()
    };
    assert!(a.len() > 2);
    assert_eq!(strip(&a, "a"), strip(&b, "b"), "two processes");
    assert_eq!(strip(&a, "a"), strip(&one, "c"), "one thread");
}
