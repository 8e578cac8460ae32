//! The content scan (SPEC §16) through the binary: what it nominates on titles, bodies and links
//! with near misses beside them, and the review loop — scan, decide in a file saved as Excel
//! saves it (GB18030), assess — end to end.

use std::collections::BTreeMap;

use crate::common::read_csv;
use crate::workdir::{Workdir, stderr, stdout};

/// Posts of A1 (U1) and B1 (U2) in 2026Q3: planted errors and near misses, one per post.
const POSTS: &[(&str, &str, &str, &str)] = &[
    // (post_id, title, text, url)
    ("P01", "请按装空调", "", ""),                     // S2
    ("P02", "做好工作工作部署", "", ""),               // S5
    ("P03", "定于2月30日召开", "", ""),                // S3
    ("P04", "学习《条例", "", ""),                     // S4
    ("P05", "某某公司全网最低价", "", ""),             // S1 (office term)
    ("P06", "通知", "详见http://oa/notice。", ""),     // S6 in the body
    ("P07", "通知", "", "https://m.casino.example/x"), // S7 in the url cell
    ("P08", "通知", "", "http://8.8.8.8/a"),           // S8
    ("P09", "再接\u{200B}再励", "登陆ＡＰＰ办理", ""), // S2 twice (title, body)
    ("P10", "严重错误表述某某", "", ""),               // S1, serious_misstatement
    // Near misses: nothing is nominated in these.
    ("N01", "按装修面积计算补贴", "", ""),
    ("N02", "2024年2月29日工作回顾", "9月1日至30日", ""),
    ("N03", "学习《条例》", "标题被截断《某某...", ""),
    ("N04", "环境干干净净", "一个一个落实，常常检查，目的的", ""),
    (
        "N05",
        "通知",
        "详见https://www.gov.cn/zhengce/",
        "https://notcasino.example/",
    ),
    ("N06", "截止目前进展顺利", "", ""), // an office except
    ("N07", "13个月第13期", "ｈｔｔｐ：／／a.cn", ""),
];

fn write_data(wd: &Workdir) {
    wd.write(
        "units.csv",
        "unit_id,unit_name,unit_type\nU1,定海区教育局,department\nU2,定海区卫生健康局,department\n",
    );
    wd.write(
        "accounts.csv",
        "account_id,unit_id,platform,account_name,status,verified,verified_name,interaction_enabled\n\
         A1,U1,wechat,定海教育,active,true,定海区教育局,true\n\
         B1,U2,weibo,定海卫健,active,true,定海区卫生健康局,true\n",
    );
    let mut posts =
        String::from("post_id,account_id,published_at,original,reviewed,标题,正文,链接\n");
    for (i, (id, title, text, url)) in POSTS.iter().enumerate() {
        let account = if i % 2 == 0 { "A1" } else { "B1" };
        let day = 1 + i % 28;
        posts.push_str(&format!(
            "{id},{account},2026-09-{day:02} 09:00,true,true,{title},{text},{url}\n"
        ));
    }
    // A post of the previous quarter is not scanned.
    posts.push_str("OLD,A1,2026-06-30 09:00,true,true,请按装空调,,\n");
    wd.write("posts.csv", &posts);
    wd.write(
        "violations.csv",
        "violation_id,account_id,found_on,category,post_id\nV1,B1,2026-09-20,typo,P02\n",
    );
    wd.write(
        "terms.csv",
        "词条,类型,问题类型,建议\n全网最低价,词语,commercial_ad,删除\n严重错误表述,term,serious_misstatement,\n\
         casino.example,host,illegal_link,\n截止目前,例外,,\n",
    );
}

/// scan_candidates.csv of `folder`: its BOM, then the rows.
fn candidates(wd: &Workdir, folder: &str) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(wd.path().join(folder).join("scan_candidates.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    (reader.records())
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn scan_nominates_each_planted_error_and_no_near_miss() {
    let wd = Workdir::new();
    write_data(&wd);
    let out = wd.run(&["scan", "--data", "data", "--out", "scan"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = candidates(&wd, "scan");
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *by_rule.entry(r["rule"].clone()).or_default() += 1;
        assert!(
            r["post_id"].starts_with('P'),
            "a near miss was nominated: {r:?}"
        );
    }
    let expected: BTreeMap<String, usize> = [
        ("S1", 2),
        ("S2", 3),
        ("S3", 1),
        ("S4", 1),
        ("S5", 1),
        ("S6", 1),
        ("S7", 1),
        ("S8", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(by_rule, expected, "{rows:#?}");
    let p09: Vec<_> = rows.iter().filter(|r| r["post_id"] == "P09").collect();
    assert_eq!(
        (
            p09[0]["violation_id"].as_str(),
            p09[0]["length"].as_str(),
            p09[0]["suggestion"].as_str()
        ),
        ("S2:P09:T1", "5", "再接再厉")
    );
    assert_eq!(p09[1]["violation_id"], "S2:P09:B1");
    // P02's typo is already recorded in violations.csv (same post, same category).
    let p02 = rows.iter().find(|r| r["post_id"] == "P02").unwrap();
    assert_eq!(p02["status"], "recorded");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("scan/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["command"], "scan");
    assert_eq!(summary["scan"]["found"], 11);
    assert_eq!(summary["scan"]["recorded"], 1);
    assert_eq!(
        summary["scan"]["terms"]["file"]
            .as_str()
            .map(|f| f.ends_with("terms.csv")),
        Some(true)
    );
    // Only the files scan reads are opened.
    let inputs: Vec<&str> = (summary["inputs"].as_array().unwrap().iter())
        .filter_map(|i| i["file"].as_str())
        .collect();
    assert_eq!(
        inputs,
        [
            "units.csv",
            "accounts.csv",
            "posts.csv",
            "violations.csv",
            "scan_review.csv"
        ]
    );
    assert!(
        stderr(&out).contains("scan: 17 posts, 11 candidates"),
        "{}",
        stderr(&out)
    );
    // Trusted mode: one trusted host listed, the built-in trusted hosts apply too (N05's gov.cn
    // link); a host nothing covers (N05's url) is S9; the other links keep their rules.
    let terms = std::fs::read_to_string(wd.data().join("terms.csv")).unwrap();
    wd.write("terms.csv", &format!("{terms}zhoushan.gov.cn,可信域名,,\n"));
    let args = ["scan", "--data", "data", "--out", "trusted", "--quiet"];
    assert!(wd.run(&args).status.success());
    let mut links: Vec<(String, String)> = (candidates(&wd, "trusted").iter())
        .filter(|r| ["S6", "S7", "S8", "S9"].contains(&r["rule"].as_str()))
        .map(|r| (r["rule"].clone(), r["post_id"].clone()))
        .collect();
    links.sort();
    let expected: Vec<(String, String)> =
        [("S6", "P06"), ("S7", "P07"), ("S8", "P08"), ("S9", "N05")]
            .iter()
            .map(|(r, p)| (r.to_string(), p.to_string()))
            .collect();
    assert_eq!(links, expected);
}

#[test]
fn the_review_loop_confirms_dismisses_and_carries_decisions_over() {
    let wd = Workdir::new();
    write_data(&wd);
    assert!(
        wd.run(&["scan", "--data", "data", "--out", "scan", "--quiet"])
            .status
            .success()
    );
    // The reviewer decides three rows in Excel and saves the file as GB18030 (CSV 逗号分隔).
    let text = std::fs::read_to_string(wd.path().join("scan/scan_candidates.csv")).unwrap();
    let mut edited = String::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        match cells[0].as_str() {
            "S2:P01:T2" => cells[8] = "确认".into(),
            "S1:P10:T1" => cells[8] = "属实".into(),
            "S5:P02:T3" => (cells[8], cells[9]) = ("排除".into(), "张三".into()),
            _ => {}
        }
        edited.push_str(&cells.join(","));
        edited.push('\n');
    }
    // And one row of their own that is broken: an unknown account.
    edited.push_str("X9,ZZ,2026-09-30,typo,P01,,,,确认,,,,,,,,,,,,,\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&edited);
    wd.write_bytes("scan_review.csv", &gb);
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The confirmed typo is a violation: K1 for A1 with its id as evidence.
    let deductions = read_csv(&wd.out().join("deductions.csv"));
    assert!(
        deductions
            .iter()
            .any(|d| d["rule"] == "K1" && d["evidence"].contains("S2:P01:T2")),
        "{deductions:?}"
    );
    // The confirmed serious misstatement vetoes B1 through X3.
    let accounts = read_csv(&wd.out().join("account_scores.csv"));
    let b1 = accounts.iter().find(|a| a["account_id"] == "B1").unwrap();
    assert!(b1["veto_rules"].contains("X3"), "{b1:?}");
    // The broken row is rejected right after violations.csv; the run goes on.
    assert_eq!(
        wd.rejects(),
        [("scan_review.csv".to_string(), 13, "account_id".to_string())]
    );
    let summary = wd.summary();
    assert_eq!(
        (
            &summary["scan"]["confirmed"],
            &summary["scan"]["dismissed"],
            &summary["scan"]["open"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(8)
        )
    );
    let review = (summary["inputs"].as_array().unwrap().iter())
        .find(|i| i["file"] == "scan_review.csv")
        .unwrap();
    assert_eq!(
        (&review["encoding"], &review["rows_rejected"]),
        (&serde_json::json!("GB18030"), &serde_json::json!(1))
    );
    // assess wrote the candidates with the decisions carried over.
    let rows = candidates(&wd, "out");
    let p02 = rows
        .iter()
        .find(|r| r["violation_id"] == "S5:P02:T3")
        .unwrap();
    assert_eq!(
        (
            p02["decision"].as_str(),
            p02["reviewed_by"].as_str(),
            p02["status"].as_str()
        ),
        ("dismissed", "张三", "dismissed")
    );
    // Open candidates are never named in a document; confirmed ones are violations there.
    let circular = text_of(&crate::documents::document_xml(
        &wd.out().join("docs/通报-2026Q3.docx"),
    ));
    assert!(
        circular.contains(
            "本期对17条发布内容开展内容巡检，发现疑似问题11条，经人工复核确认2条，已计入问题记录。"
        ),
        "{circular}"
    );
    assert!(!circular.contains("S6:P06"));
}

#[test]
fn a_problem_in_the_terms_file_stops_the_run_and_writes_nothing() {
    let wd = Workdir::new();
    write_data(&wd);
    wd.write(
        "terms.csv",
        "term,kind,category\n按装,,typo\n安装,,错别子\n",
    );
    for command in ["assess", "scan", "validate", "warn"] {
        let mut args = vec![command, "--data", "data", "--quiet"];
        if command != "validate" {
            args.extend(["--out", "o"]);
        }
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(
            stderr(&out).contains("terms.csv line 3, column category: not a violation category of §4.3 ('错别子'); fix the terms file and run again"),
            "{command}: {}",
            stderr(&out)
        );
        assert!(!wd.path().join("o").exists());
    }
    let out = wd.run(&[
        "assess",
        "--data",
        "data",
        "--terms",
        "nowhere.csv",
        "--quiet",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn terms_prints_the_builtin_lists_as_a_terms_file() {
    let wd = Workdir::new();
    let out = wd.run(&["terms"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 113);
    assert!(text.starts_with("term,kind,category,suggestion,note\n按装,term,typo,安装,"));
    // Written back as the office's list, it is accepted as is.
    write_data(&wd);
    wd.write("terms.csv", &text);
    assert!(
        wd.run(&["scan", "--data", "data", "--out", "s", "--quiet"])
            .status
            .success()
    );
}

/// The text of a document's runs, joined.
fn text_of(xml: &str) -> String {
    let mut text = String::new();
    for piece in xml.split("<w:t").skip(1) {
        let Some((_, rest)) = piece.split_once('>') else {
            continue;
        };
        if let Some((t, _)) = rest.split_once("</w:t>") {
            text.push_str(t);
        }
    }
    text
}

#[test]
fn hostile_cells_give_candidates_or_nothing_and_every_row_is_counted() {
    let wd = Workdir::new();
    write_data(&wd);
    // A GB18030 posts.csv whose one title holds UTF-8 bytes (按装 as UTF-8), a 1 MB body, a link
    // of 10,000 characters and a title of zero-width characters only.
    let mut bytes = encoding_rs::GB18030
        .encode("post_id,account_id,published_at,original,reviewed,标题,正文,链接\n")
        .0
        .into_owned();
    bytes.extend(b"H1,A1,2026-09-01 09:00,true,true,");
    bytes.extend("请按装空调".as_bytes());
    bytes.extend(b",,\n");
    let body = "政务公开。".repeat(70_000);
    let link = format!("https://a.cn/{}", "x".repeat(10_000));
    let rest = format!(
        "H2,A1,2026-09-02 09:00,true,true,通知,{body},{link}\nH3,B1,2026-09-03 09:00,true,true,\u{200B}\u{200B}\u{FEFF},,\n"
    );
    bytes.extend(encoding_rs::GB18030.encode(&rest).0.iter());
    wd.write_bytes("posts.csv", &bytes);
    let out = wd.run(&["scan", "--data", "data", "--out", "scan"]);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(2),
        "{}",
        stderr(&out)
    );
    if out.status.success() {
        let summary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(wd.path().join("scan/summary.json")).unwrap(),
        )
        .unwrap();
        for input in summary["inputs"].as_array().unwrap() {
            let n = |k: &str| input[k].as_u64().unwrap_or(0);
            assert_eq!(
                n("rows_read"),
                n("rows_accepted") + n("rows_rejected"),
                "{input}"
            );
        }
        // The body repeats one word, not a doubled one; the long link parses (not S6).
        let rows = candidates(&wd, "scan");
        assert!(rows.iter().all(|r| r["post_id"] != "H3"));
    }
}
