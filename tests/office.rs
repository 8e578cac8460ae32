//! SPEC §15.1: the issuing office comes from office.toml (`--office`, else the data folder's);
//! what it leaves out is a placeholder that is never silent; the rubric no longer holds it.

use std::io::Read;
use std::path::Path;

use crate::documents::document_xml;
use crate::workdir::{Workdir, stderr};

/// The sample's CSVs copied into the working folder's data folder.
fn sample_data(wd: &Workdir) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for entry in std::fs::read_dir(sample).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, wd.data().join(path.file_name().unwrap())).unwrap();
        }
    }
}

/// A part of a .docx package as text.
fn part(docx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn assess(wd: &Workdir, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "assess", "--data", "data", "--out", "out", "--quiet", "--draws", "0",
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

#[test]
fn without_an_office_file_the_placeholders_are_listed_warned_shown_and_highlighted() {
    let wd = Workdir::new();
    sample_data(&wd);
    let run = assess(&wd, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    // One warning line, even with --quiet, naming the keys.
    let err = stderr(&run);
    let warning: Vec<&str> = err.lines().filter(|l| l.contains("placeholder")).collect();
    assert_eq!(warning.len(), 1, "{}", stderr(&run));
    assert!(warning[0].contains("issuer") && warning[0].contains("phone"));
    let summary = wd.summary();
    assert_eq!(
        summary["documents"]["placeholders"],
        serde_json::json!(["issuer", "number_prefix", "number", "contact", "phone"])
    );
    let index = wd.read_out("report/index.html");
    assert!(
        index.contains(r#"class="placeholder-box""#)
            && index.contains("发文机关、机关代字、发文顺序号")
    );
    let circular = document_xml(&wd.out().join("docs/通报-2026Q3.docx"));
    assert!(circular.contains("（发文机关）") && circular.contains("〔　　〕　号"));
    assert!(
        circular.contains(r#"<w:highlight w:val="yellow" />"#),
        "highlighted"
    );
    let notice = document_xml(&wd.out().join("docs/整改通知书/001-U000038.docx"));
    assert!(notice.contains("（联系人及电话）"));
    // Drafts while a placeholder is left.
    let circular = wd.out().join("docs/通报-2026Q3.docx");
    assert!(part(&circular, "word/header1.xml").contains("草稿"));
}

#[test]
fn a_complete_office_file_fills_every_document_and_leaves_no_placeholder() {
    let wd = Workdir::new();
    sample_data(&wd);
    let office = "issuer = \"舟山市定海区人民政府办公室\"\nregion = \"全区\"\nnumber_prefix = \"定政办\"\nnumber = 12\ncc = [\"区委办公室\"]\ncontact = \"政务公开科\"\nphone = \"0580-1234567\"\nmeasures = \"《某区政务新媒体管理办法》\"\nmeasures_short = \"《办法》\"\n";
    // GB18030, as Excel and WPS save on Chinese Windows, from the data folder.
    let (bytes, _, _) = encoding_rs::GB18030.encode(office);
    wd.write_bytes("office.toml", &bytes);
    let run = assess(&wd, &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("placeholder"), "{}", stderr(&run));
    assert_eq!(
        wd.summary()["documents"]["placeholders"],
        serde_json::json!([])
    );
    assert!(
        !wd.read_out("report/index.html")
            .contains(r#"class="placeholder-box""#)
    );
    let circular = document_xml(&wd.out().join("docs/通报-2026Q3.docx"));
    // The issue date is 2026-10-10: the number takes its year.
    for text in [
        "定政办〔2026〕12号",
        "关于2026年第三季度全区政务新媒体",
        "检查情况的通报",
        "《某区政务新媒体管理办法》（以下简称《办法》）",
        "抄送：区委办公室。",
        "舟山市定海区人民政府办公室",
    ] {
        assert!(circular.contains(text), "{text}");
    }
    assert!(!circular.contains("w:highlight"));
    // The 署名 centred over the date, which has four characters free on its right (316 twips a
    // character): the name (13 characters) is 6 wider than the date (2026年10月10日, 7), so it
    // has 4 − 3 = 1 character free.
    let indents: Vec<u32> = (circular.split("<w:ind w:left=\"0\" w:right=\"").skip(1))
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .filter(|right| *right > 0)
        .collect();
    assert_eq!(indents, [316, 1264]);
    // Properties: the office and the issue date (2026-09-30 + 10 days); no 草稿 header.
    let path = wd.out().join("docs/通报-2026Q3.docx");
    let core = part(&path, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>舟山市定海区人民政府办公室</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains(">2026-10-10T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    assert!(!part(&path, "word/header1.xml").contains("草稿"));
    // The 附件 list keeps with the signature (never alone on a page); the 版记 between lines,
    // the 印发日期 at a right tab.
    let attachments = (circular
        .split("<w:p ")
        .find(|p| p.contains("4. 约谈问责名单")))
    .expect("the attachment list");
    assert!(attachments.contains("<w:keepNext />"), "{attachments}");
    let imprint = (circular
        .split("<w:p ")
        .find(|p| p.contains("2026年10月10日印发")))
    .expect("the 版记");
    for part in [
        "<w:pBdr>",
        "<w:tab />",
        "舟山市定海区人民政府办公室",
        "w:val=\"right\"",
    ] {
        assert!(imprint.contains(part), "{part} in {imprint}");
    }
    // The pages' footer names the office's regulation.
    assert!(
        wd.read_out("report/index.html")
            .contains("依据《某区政务新媒体管理办法》生成")
    );
    let notice = document_xml(&wd.out().join("docs/整改通知书/001-U000038.docx"));
    assert!(notice.contains("联系人：政务公开科，联系电话：0580-1234567"));
    assert!(notice.contains("依据《办法》第十五条"));
    // A post without a review record is named with the day it was published
    // (posts.csv: P0000130018,A000013,2026-07-01 21:17:52,…).
    let notice = document_xml(&wd.out().join("docs/整改通知书/028-U000004.docx"));
    assert!(
        notice.contains("P0000130018（2026年7月1日发布）"),
        "{notice}"
    );
}

#[test]
fn office_problems_are_fatal_by_key_and_the_rubric_keys_moved() {
    let wd = Workdir::new();
    sample_data(&wd);
    wd.write("office.toml", "isuer = \"x\"\n");
    let run = assess(&wd, &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("isuer") && stderr(&run).contains("office.toml"));
    assert!(!wd.out().exists(), "nothing written");
    // --office names another file; a wrong type names its key.
    wd.write("other.toml", "number = \"十二\"\n");
    let run = assess(&wd, &["--office", "data/other.toml"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("number"), "{}", stderr(&run));
    // A rubric that still holds the issuer says where it went.
    std::fs::remove_file(wd.data().join("office.toml")).unwrap();
    let rubric = String::from_utf8(wd.run(&["rubric"]).stdout).unwrap();
    let old = rubric.replacen("[documents]\n", "[documents]\nissuer = \"某办公室\"\n", 1);
    wd.write("old.toml", &old);
    let run = assess(&wd, &["--rubric", "data/old.toml"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("documents.issuer") && stderr(&run).contains("moved to office.toml"),
        "{}",
        stderr(&run)
    );
}
