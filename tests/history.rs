//! History across periods and follow-up of the previous run's lists (SPEC §13): earlier runs
//! picked from the history folder, consecutive_fails with a gap, malformed earlier runs skipped
//! and named, the charts, and followup.csv's statuses on hand-made runs.

use crate::common::{Row, Scenario, read_csv};
use crate::workdir::{Workdir, stderr};

/// An earlier run in `reports/<folder>`: its manifest and unit_scores.csv, `units` as
/// (unit_id, grade, score, rank).
fn earlier(
    wd: &Workdir,
    folder: &str,
    period: &str,
    as_of: &str,
    sha: &str,
    units: &[(&str, &str, &str, &str)],
) {
    let dir = wd.path().join("reports").join(folder);
    std::fs::create_dir_all(&dir).unwrap();
    let summary = serde_json::json!({
        "tool": "govmedia", "command": "assess", "period": period, "as_of": as_of,
        "rubric_sha256": sha, "pass_rates": {"accounts": 0.5, "units": 0.5},
        "files": ["summary.json", "unit_scores.csv"],
    });
    std::fs::write(dir.join("summary.json"), summary.to_string()).unwrap();
    let mut csv = "unit_id,unit_name,score,grade,rank\n".to_string();
    for (id, grade, score, rank) in units {
        csv.push_str(&format!("{id},某单位,{score},{grade},{rank}\n"));
    }
    std::fs::write(dir.join("unit_scores.csv"), csv).unwrap();
}

/// U1 and U3 fail now (an account that never posted: X1), U2 passes.
fn three_units() -> Scenario {
    let mut s = Scenario::new();
    s.unit("U2", "定海区卫生健康局", "department");
    s.unit("U3", "定海区民政局", "department");
    s.account("A1", "U1", "weibo", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    s.clean("A0", "wechat");
    s.account("B1", "U2", "wechat", "定海卫健")
        .verified_as("定海区卫生健康局")
        .interactive(true);
    s.clean_posts("B1");
    s.account("C1", "U3", "wechat", "定海民政")
        .verified_as("定海区民政局")
        .interactive(true);
    s
}

fn assess_q3(wd: &Workdir) -> Vec<Row> {
    let out = wd.run(&[
        "assess",
        "--data",
        "data",
        "--out",
        "reports/2026Q3",
        "--period",
        "2026Q3",
        "--quiet",
        "--draws",
        "0",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    read_csv(&wd.path().join("reports/2026Q3/unit_scores.csv"))
}

fn fails(units: &[Row]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = units
        .iter()
        .map(|u| (u["unit_id"].clone(), u["consecutive_fails"].clone()))
        .collect();
    v.sort();
    v
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn consecutive_fails_across_three_periods_with_a_gap() {
    let wd = Workdir::new();
    three_units().write(&wd);
    earlier(
        &wd,
        "2026Q2",
        "2026Q2",
        "2026-06-30",
        "aaa",
        &[
            ("U1", "fail", "59", "2"),
            ("U2", "fail", "40", "3"),
            ("U3", "good", "85", "1"),
        ],
    );
    earlier(
        &wd,
        "2025Q4",
        "2025Q4",
        "2025-12-31",
        "aaa",
        &[("U1", "不合格", "59", "1")],
    );
    // Not of this history: a month, a mid-period check, a later quarter.
    earlier(
        &wd,
        "2026-06",
        "2026-06",
        "2026-06-30",
        "aaa",
        &[("U1", "fail", "59", "1")],
    );
    earlier(
        &wd,
        "mid",
        "2026Q1",
        "2026-02-15",
        "aaa",
        &[("U1", "fail", "59", "1")],
    );
    earlier(
        &wd,
        "2026Q4",
        "2026Q4",
        "2026-12-31",
        "aaa",
        &[("U1", "fail", "59", "1")],
    );
    // 2026Q1 is missing: U1's chain is Q3, Q2 and stops there, though it failed in 2025Q4.
    let units = assess_q3(&wd);
    assert_eq!(
        fails(&units),
        pairs(&[("U1", "2"), ("U2", "0"), ("U3", "1")])
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("reports/2026Q3/summary.json")).unwrap(),
    )
    .unwrap();
    let read: Vec<&str> = (summary["history"].as_array().unwrap().iter())
        .map(|h| h["period"].as_str().unwrap())
        .collect();
    assert_eq!(read, ["2025Q4", "2026Q2"]);
    // The gap filled: Q3, Q2, Q1, 2025Q4.
    earlier(
        &wd,
        "2026Q1",
        "2026Q1",
        "2026-03-31",
        "aaa",
        &[("U1", "fail", "59", "1")],
    );
    assert_eq!(
        fails(&assess_q3(&wd)),
        pairs(&[("U1", "4"), ("U2", "0"), ("U3", "1")])
    );
    // history.periods = 1: only 2026Q2 is read.
    let rubric = govmedia::DEFAULT_RUBRIC.replace("periods = 8", "periods = 1");
    std::fs::write(wd.path().join("r.toml"), rubric).unwrap();
    let out = wd.run(&[
        "assess",
        "--data",
        "data",
        "--out",
        "reports/2026Q3",
        "--period",
        "2026Q3",
        "--quiet",
        "--draws",
        "0",
        "--rubric",
        "r.toml",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let units = read_csv(&wd.path().join("reports/2026Q3/unit_scores.csv"));
    assert_eq!(
        fails(&units),
        pairs(&[("U1", "2"), ("U2", "0"), ("U3", "1")])
    );
}

#[test]
fn a_malformed_earlier_run_is_skipped_and_named_and_rubric_changes_are_marked() {
    let wd = Workdir::new();
    three_units().write(&wd);
    earlier(
        &wd,
        "2026Q2",
        "2026Q2",
        "2026-06-30",
        "old-rubric",
        &[("U1", "fail", "59", "2")],
    );
    earlier(
        &wd,
        "2026Q1",
        "2026Q1",
        "2026-03-31",
        "old-rubric",
        &[("U1", "so-so", "59", "1")],
    );
    let units = assess_q3(&wd);
    // Q1 cannot be read: as if missing, so U1's chain is Q3 and Q2.
    assert_eq!(
        fails(&units),
        pairs(&[("U1", "2"), ("U2", "0"), ("U3", "1")])
    );
    let out = wd.path().join("reports/2026Q3");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let skipped = &summary["history_skipped"][0];
    assert!(
        skipped["folder"].as_str().unwrap().ends_with("2026Q1"),
        "{skipped}"
    );
    assert!(
        skipped["period"].as_str().unwrap().contains("so-so"),
        "{skipped}"
    );
    let quality = std::fs::read_to_string(out.join("report/data-quality.html")).unwrap();
    assert!(quality.contains("未能读取的历次考核结果") && quality.contains("so-so"));
    // Score and rank over the periods on the unit page; the rubric change marked, not hidden.
    let unit = std::fs::read_to_string(out.join("report/units/000001.html")).unwrap();
    assert!(unit.contains("历次得分") && unit.contains("历次名次"));
    assert!(unit.contains("2026年第二季度") && unit.contains("细则变更"));
    let index = std::fs::read_to_string(out.join("report/index.html")).unwrap();
    assert!(index.contains("合格率的历次变化") && index.contains("细则变更"));
    // The direct --previous stays fatal when malformed.
    let bad = wd.run(&[
        "assess",
        "--data",
        "data",
        "--out",
        "reports/x",
        "--period",
        "2026Q3",
        "--quiet",
        "--draws",
        "0",
        "--previous",
        "reports/2026Q1",
    ]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

/// The previous run's lists, in `reports/2026Q2`.
fn previous_lists(wd: &Workdir) {
    earlier(
        wd,
        "2026Q2",
        "2026Q2",
        "2026-06-30",
        "x",
        &[("U1", "fail", "59", "1")],
    );
    let dir = wd.path().join("reports/2026Q2");
    std::fs::write(
        dir.join("consolidation.csv"),
        "account_id,unit_id,platform,account_name,action,merge_into,reasons\n\
         A1,U1,wechat,x,close,,C2\nA2,U1,weibo,x,merge,A1,C1\nC1,U3,wechat,x,close,,C2\nZ9,U9,wechat,x,close,,C2\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("accountability.csv"),
        "unit_id,unit_name,level,rules,evidence\n\
         U1,x,accountability,R1;R4,\nU3,x,interview,R1;R7,\nU4,x,rectify,R7,\nU9,x,notice,R8,\n",
    )
    .unwrap();
}

#[test]
fn followup_statuses_of_the_previous_lists() {
    let mut s = Scenario::new();
    s.unit("U3", "定海区民政局", "department");
    s.unit("U4", "定海区司法局", "department");
    // A1 now clean (fixed); A2 closed with its filing (done); C1 still never posts (pending).
    s.clean("A1", "wechat");
    s.account("A2", "U1", "weibo", "定海教育")
        .status("closed")
        .opened_on("2020-01-01")
        .closed_on("2026-06-01")
        .verified_as("定海区教育局")
        .interactive(true);
    s.filing("A2", "close", "2026-06-02");
    s.account("C1", "U3", "wechat", "定海民政")
        .verified_as("定海区民政局")
        .interactive(true);
    // U4's account has no open filing: R7 still fires.
    s.account("D1", "U4", "wechat", "定海司法")
        .verified_as("定海区司法局")
        .interactive(true);
    s.clean_posts("D1");
    for account in ["A1", "A2", "C1"] {
        s.filing(account, "open", "2020-01-01");
    }
    let wd = Workdir::new();
    s.write(&wd);
    previous_lists(&wd);
    assess_q3(&wd);
    let out = wd.path().join("reports/2026Q3");
    let rows = read_csv(&out.join("followup.csv"));
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].clone(),
                r["id"].clone(),
                r["status"].clone(),
                r["detail"].clone(),
            )
        })
        .collect();
    let want = [
        ("accountability", "U1", "resolved", ""),
        ("accountability", "U3", "partial", "有账号单项否决"),
        ("accountability", "U4", "persists", "备案问题"),
        ("accountability", "U9", "gone", ""),
        ("consolidation", "A1", "fixed", ""),
        ("consolidation", "A2", "done", "已注销"),
        ("consolidation", "C1", "pending", "仍列入关停注销：无力维护"),
        ("consolidation", "Z9", "gone", ""),
    ];
    let want: Vec<(String, String, String, String)> = want
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    // Sorted by kind then id, as the codes sort.
    let mut sorted = want.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    assert_eq!(rows[0]["previous"], "accountability R1;R4");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let counts = |list: &str| -> Vec<(String, u64)> {
        (summary["followup"][list].as_array().unwrap().iter())
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        counts("consolidation"),
        [
            ("done", 1),
            ("reopened", 0),
            ("fixed", 1),
            ("pending", 1),
            ("gone", 1)
        ]
        .map(|(a, b)| (a.to_string(), b))
    );
    let page = std::fs::read_to_string(out.join("report/followup.html")).unwrap();
    assert!(
        page.contains("部分整改") && page.contains("问责 R1;R4"),
        "Chinese on the page"
    );
    let circular = crate::documents::document_xml(&out.join("docs/通报-2026Q3.docx"));
    assert!(
        circular.contains("上次通报问题整改情况"),
        "the circular's paragraph"
    );
    assert!(circular.contains("上期列入约谈问责名单的4个单位中"));
    // Without violations.csv now, R4 cannot be evaluated: U1 is unknown, not resolved.
    std::fs::remove_file(wd.data().join("violations.csv")).unwrap();
    assess_q3(&wd);
    let rows = read_csv(&out.join("followup.csv"));
    let u1 = rows.iter().find(|r| r["id"] == "U1").unwrap();
    assert_eq!(
        (u1["status"].as_str(), u1["detail"].as_str()),
        ("unknown", "泄密、违法内容或数据造假本期无法评估")
    );
}

#[test]
fn the_sample_quarters_act_on_the_lists_and_build_a_history() {
    let wd = Workdir::new();
    for q in ["2026Q3", "2026Q4", "2027Q1"] {
        let out = wd.run(&[
            "sample",
            "--scale",
            "district",
            "--quarter",
            q,
            "--out",
            &format!("data-{q}"),
            "--quiet",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let out = wd.run(&[
            "assess",
            "--data",
            &format!("data-{q}"),
            "--out",
            &format!("reports/{q}"),
            "--quiet",
            "--draws",
            "0",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let q = |p: &str| wd.path().join("reports").join(p);
    // Some of 2026Q3's consolidation candidates were closed, some listed units fixed.
    let rows = read_csv(&q("2026Q4").join("followup.csv"));
    let with = |status: &str| rows.iter().filter(|r| r["status"] == status).count();
    assert!(
        with("done") > 0 && with("resolved") > 0 && with("persists") > 0,
        "{rows:?}"
    );
    // The third quarter reads both earlier ones; some units failed all three.
    let units = read_csv(&q("2027Q1").join("unit_scores.csv"));
    assert!(units.iter().any(|u| u["consecutive_fails"] == "3"));
    let index = std::fs::read_to_string(q("2027Q1").join("report/index.html")).unwrap();
    assert!(
        index.contains("2026年第三季度")
            && index.contains("2026年第四季度")
            && index.contains("合格率的历次变化")
    );
    // 2026Q3 is the default sample, byte for byte.
    let bundled = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/posts.csv");
    assert_eq!(
        std::fs::read(bundled).unwrap(),
        std::fs::read(wd.path().join("data-2026Q3/posts.csv")).unwrap()
    );
}
