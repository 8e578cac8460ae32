//! Consolidation (SPEC §5) and accountability (SPEC §6) tests, with history (R3,
//! previous_grade), run through the real binary on hand-made scenarios.

use crate::common::{Row, Scenario, assert_columns, read_csv};
use crate::workdir::{Workdir, stderr};

fn rows_by(path: &std::path::Path, key: &str) -> Vec<(String, Row)> {
    read_csv(path)
        .into_iter()
        .map(|r| (r[key].clone(), r))
        .collect()
}

/// An active, verified account of `unit` with the clean posting pattern and `followers`.
fn active(s: &mut Scenario, id: &str, unit: &str, platform: &str, name: &str, followers: &str) {
    s.account(id, unit, platform, name)
        .verified_as(unit)
        .interactive(true)
        .followers(followers);
    s.clean_posts(id);
}

#[test]
fn consolidation_actions_reasons_and_merge_targets() {
    let mut s = Scenario::new();
    s.units.clear();
    for (id, name) in [("U1", "一"), ("U5", "五"), ("U6", "六"), ("U7", "七")] {
        s.unit(id, name, "department");
    }
    s.unit("U8", "八", "institution");
    s.unit("P", "卫健局", "department");
    s.unit("Q", "教育局", "department");
    s.unit("U2", "人民医院", "institution").parent("P");
    s.unit("U3", "疾控中心", "institution").parent("P");
    s.unit("U4", "一中", "institution").parent("Q");
    // Dormant duplicate: A2 (few followers, so not the primary) has C1, C2 (and C3): close wins.
    active(&mut s, "A1", "U1", "wechat", "一号", "5000");
    s.account("A2", "U1", "wechat", "一号二")
        .verified_as("U1")
        .interactive(true)
        .followers("100");
    s.post("A2", "2026-05-01 09:00", "true", "true");
    // Primary by followers (null lowest), then influence (B2 posts more), then id (D1).
    active(&mut s, "B1", "U5", "weibo", "五号", "2500");
    active(&mut s, "B2", "U5", "weibo", "五号", "2500");
    for day in ["2026-07-02", "2026-07-03", "2026-07-04"] {
        s.post("B2", &format!("{day} 10:00"), "true", "true");
    }
    active(&mut s, "B3", "U5", "weibo", "五号", "");
    active(&mut s, "D1", "U5", "douyin", "五号", "3000");
    active(&mut s, "D2", "U5", "douyin", "五号", "3000");
    // C3 with a target: E1 (50 followers, 2 posts) merges into E3, the unit's most influential
    // account with no reason (E3 posts more than E2).
    s.account("E1", "U6", "wechat", "六号")
        .verified_as("U6")
        .interactive(true)
        .followers("50");
    s.post("E1", "2026-09-20 09:00", "true", "true");
    s.post("E1", "2026-09-29 09:00", "true", "true");
    active(&mut s, "E2", "U6", "weibo", "六号", "5000");
    active(&mut s, "E3", "U6", "douyin", "六号", "5000");
    s.post("E3", "2026-07-02 10:00", "true", "true");
    // C3 with nowhere to go: rectify in a required unit, close in an institution.
    for (id, unit) in [("F1", "U7"), ("G1", "U8")] {
        s.account(id, unit, "wechat", "小号")
            .verified_as(unit)
            .interactive(true)
            .followers("50");
        s.post(id, "2026-09-20 09:00", "true", "true");
        s.post(id, "2026-09-29 09:00", "true", "true");
    }
    // C4 within parent P only: H1 (more posts) and H2 are similar (10/11); I1 under Q is not compared.
    active(&mut s, "H1", "U2", "wechat", "定海健康服务", "5000");
    s.post("H1", "2026-07-02 10:00", "true", "true");
    active(&mut s, "H2", "U3", "wechat", "定海健康服务号", "5000");
    active(&mut s, "I1", "U4", "wechat", "定海健康服务", "5000");
    let out = s.run(&[]);
    let rows = rows_by(&out.wd.out().join("consolidation.csv"), "account_id");
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|(id, r)| {
            (
                id.as_str(),
                r["action"].as_str(),
                r["merge_into"].as_str(),
                r["reasons"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A2", "close", "", "C1;C2;C3"), // 100 followers and no post: C3 as well
            ("B1", "merge", "B2", "C1"),
            ("B3", "merge", "B2", "C1"),
            ("D2", "merge", "D1", "C1"),
            ("E1", "merge", "E3", "C3"),
            ("F1", "rectify", "", "C3"),
            ("G1", "close", "", "C3"),
            ("H1", "review", "", "C4"),
            ("H2", "review", "H1", "C4"),
        ]
    );
    assert_columns(
        &rows[0].1,
        &[
            ("followers", "100"),
            ("posts", "0"),
            ("days_since_update", "152"),
        ],
    );
    let summary = out.wd.summary();
    let actions: Vec<(String, u64)> = summary["consolidation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                a["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("close".into(), 2),
            ("merge".into(), 4),
            ("rectify".into(), 1),
            ("review".into(), 2)
        ]
    );
}

/// Units V1–V5 each showing rules of SPEC §6; every account alone on its platform.
fn accountability_scenario() -> Scenario {
    let mut s = Scenario::new();
    s.units.clear();
    for u in ["V1", "V2", "V3", "V4", "V5", "V6"] {
        s.unit(u, &format!("单位{u}"), "department");
    }
    // V1: never posts (X1): vetoed, fails → R1, R2, and the lowest score → R8.
    s.account("A1", "V1", "wechat", "一")
        .verified_as("单位V1")
        .interactive(true);
    s.filing("A1", "open", "2020-01-01");
    // V2: a fake-followers finding, rectified in time: R4.
    s.account("A2", "V2", "weibo", "二")
        .verified_as("单位V2")
        .interactive(true);
    s.clean_posts("A2");
    s.filing("A2", "open", "2020-01-01");
    s.violation("W2", "A2", "2026-08-01", "fake_followers", "2026-08-05");
    // V3: no account: N0 → R5.
    // V4: a typo open since 2026-07-01 (91 days): R6.
    s.account("A4", "V4", "douyin", "四")
        .verified_as("单位V4")
        .interactive(true);
    s.clean_posts("A4");
    s.filing("A4", "open", "2020-01-01");
    s.violation("W4", "A4", "2026-07-01", "typo", "");
    // V5: no open filing: M3 → R7.
    s.account("A5", "V5", "toutiao", "五")
        .verified_as("单位V5")
        .interactive(true);
    s.clean_posts("A5");
    // V6: nothing wrong.
    s.account("A6", "V6", "kuaishou", "六")
        .verified_as("单位V6")
        .interactive(true);
    s.clean_posts("A6");
    s.filing("A6", "open", "2020-01-01");
    s
}

fn accountability_rows(wd: &Workdir) -> Vec<(String, String, String)> {
    read_csv(&wd.out().join("accountability.csv"))
        .into_iter()
        .map(|r| (r["unit_id"].clone(), r["level"].clone(), r["rules"].clone()))
        .collect()
}

fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn accountability_rules_levels_and_order_without_history() {
    let out = accountability_scenario().run(&[]);
    // Scores: V1 59 (vetoed); V2 85 + B1 5 (B3 too: 87 + … ) not failing; V3 0; V4 98.5 + 7;
    // V5 95 + 7 = 102; V6 107. Levels first, then score ascending.
    assert_eq!(
        accountability_rows(&out.wd),
        triples(&[
            ("V2", "accountability", "R4"),
            ("V1", "interview", "R1;R2;R8"),
            ("V3", "rectify", "R5"),
            ("V5", "rectify", "R7"),
            ("V4", "rectify", "R6"),
        ])
    );
    let evidence = read_csv(&out.wd.out().join("accountability.csv"));
    let v1 = evidence.iter().find(|r| r["unit_id"] == "V1").unwrap();
    assert!(
        v1["evidence"].starts_with("1个账号触发单项否决：")
            && v1["evidence"].contains("监测时间点前两周内无更新"),
        "{}",
        v1["evidence"]
    );
    let v2 = evidence.iter().find(|r| r["unit_id"] == "V2").unwrap();
    assert!(v2["evidence"].contains("W2"), "{}", v2["evidence"]);
    let summary = out.wd.summary();
    let not_evaluated: Vec<&str> = summary["not_evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["rule"].as_str().unwrap())
        .collect();
    assert!(not_evaluated.contains(&"R3"), "{not_evaluated:?}");
    assert_eq!(summary["previous_run"], serde_json::Value::Null);
}

#[test]
fn r3_and_previous_grade_from_the_previous_run() {
    let s = accountability_scenario();
    let wd = Workdir::new();
    s.write(&wd);
    // The previous quarter's run: V1 failed (Chinese grade), V2 failed, V6 has no grade.
    std::fs::create_dir_all(wd.path().join("reports/2026Q2")).unwrap();
    std::fs::write(
        wd.path().join("reports/2026Q2/unit_scores.csv"),
        "unit_id,unit_name,accounts,vetoed_accounts,base_score,unit_deduction,score,grade,pass_rate,rank,previous_grade\n\
         V1,单位V1,1,1,59,0,59,不合格,0,5,\nV2,单位V2,1,0,50,0,50,fail,0,6,\nV6,单位V6,0,0,,0,,,,,\n",
    )
    .unwrap();
    // Found by default as the sibling of reports/2026Q3.
    let out = wd.run(&["assess", "--data", "data", "--period", "2026Q3", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let units = read_csv(&wd.path().join("reports/2026Q3/unit_scores.csv"));
    let previous: Vec<(&str, &str)> = units
        .iter()
        .map(|u| (u["unit_id"].as_str(), u["previous_grade"].as_str()))
        .collect();
    assert!(
        previous.contains(&("V1", "fail"))
            && previous.contains(&("V2", "fail"))
            && previous.contains(&("V6", "")),
        "{previous:?}"
    );
    let list = read_csv(&wd.path().join("reports/2026Q3/accountability.csv"));
    let v1 = list.iter().find(|r| r["unit_id"] == "V1").unwrap();
    assert_eq!(
        (v1["level"].as_str(), v1["rules"].as_str()),
        ("accountability", "R1;R2;R3;R8")
    );
    // V2 failed before but not now: no R3.
    let v2 = list.iter().find(|r| r["unit_id"] == "V2").unwrap();
    assert_eq!(v2["rules"], "R4");

    // The same previous run given explicitly elsewhere.
    std::fs::rename(
        wd.path().join("reports/2026Q2"),
        wd.path().join("last-quarter"),
    )
    .unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--previous", "last-quarter"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(wd.read_out("accountability.csv").contains("R1;R2;R3;R8"));
    assert_eq!(wd.summary()["previous_run"], "last-quarter");
}

#[test]
fn a_malformed_previous_run_is_fatal() {
    let wd = Workdir::new();
    accountability_scenario().write(&wd);
    std::fs::create_dir_all(wd.path().join("prev")).unwrap();
    std::fs::write(
        wd.path().join("prev/unit_scores.csv"),
        "unit_id,grade\nV1,rather good\n",
    )
    .unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--previous", "prev"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("rather good"), "{}", stderr(&out));
    std::fs::write(
        wd.path().join("prev/unit_scores.csv"),
        "unit_id,score\nV1,50\n",
    )
    .unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--previous", "prev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("grade"), "{}", stderr(&out));
    let out = wd.assess(&["--period", "2026Q3", "--previous", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!wd.out().exists());
}

/// Twelve units with one wechat account each (⌈0.1 × 12⌉ = 2 may be noticed). V01 is vetoed
/// (59); the units in `at_75` lose 25 points to rectified violations (75, no bonus).
fn r8_scenario(at_75: &[usize]) -> Scenario {
    let mut s = Scenario::new();
    s.units.clear();
    for i in 1..=12 {
        s.unit(&format!("V{i:02}"), &format!("单位{i}"), "department");
    }
    for i in 1..=12 {
        let id = format!("A{i:02}");
        s.account(&id, &format!("V{i:02}"), "wechat", &format!("号{i}"))
            .verified_as(&format!("单位{i}"))
            .interactive(true);
        s.clean_posts(&id);
    }
    s.violation("W1", "A01", "2026-09-01", "illegal_link", "2026-09-02"); // a veto, not an R4 category
    for i in at_75 {
        for (k, category) in ["privacy_leak", "false_info", "commercial_ad"]
            .iter()
            .enumerate()
        {
            s.violation(
                &format!("W{i}{k}"),
                &format!("A{i:02}"),
                "2026-08-01",
                category,
                "2026-08-02",
            );
        }
    }
    s
}

#[test]
fn r8_the_bottom_tenth_below_80_and_a_tie_that_straddles_the_line_stays_off() {
    // V02 alone at 75: 2 units score ≤ 75, within the 2 allowed: noticed.
    let out = r8_scenario(&[2]).run(&[]);
    assert_columns(out.unit("V02"), &[("score", "75")]);
    assert_eq!(
        accountability_rows(&out.wd),
        triples(&[("V01", "interview", "R1;R2;R8"), ("V02", "notice", "R8")])
    );
    // V02 and V03 tied at 75: 3 units score ≤ 75, more than 2: both stay off, V01 stays on.
    let out = r8_scenario(&[2, 3]).run(&[]);
    assert_columns(out.unit("V03"), &[("score", "75")]);
    assert_eq!(
        accountability_rows(&out.wd),
        triples(&[("V01", "interview", "R1;R2;R8")])
    );
}
