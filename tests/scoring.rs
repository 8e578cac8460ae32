//! Scoring tests (SPEC §3–§4): one small, hand-computed case per rule, run through the real
//! binary for 2026Q3 (as_of 2026-09-30: 92 days, 13 full 7-day blocks starting 2026-07-01).
//!
//! A "clean" account posts an original, reviewed post at the start of every block and on
//! 2026-09-30: 14 posts, no block or month without a post, last post on as_of. Alone on its
//! platform with no engagement its influence is 10 × 0.2 × ln(15) = 5.42, so it tops its
//! platform (B1 +5) and B3 (+2) holds: score 107.

use crate::common::*;
use crate::workdir::{Workdir, stderr};

fn strs(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn clean_account_scores_100_plus_b1_and_b3() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("posts", "14"),
            ("original_posts", "14"),
            ("days_since_update", "0"),
            ("weeks_without_post", "0"),
            ("messages", "0"),
            ("influence", "5.42"),
            ("deduction_update", "0"),
            ("deduction_interaction", "0"),
            ("deduction_content", "0"),
            ("deduction_management", "0"),
            ("deduction_score", "100"),
            ("bonus", "7"),
            ("vetoed", "false"),
            ("score", "107"),
            ("grade", "excellent"),
        ],
    );
    assert_eq!(out.rules("A1"), ["B1", "B3"]);
}

#[test]
fn x1_no_post_in_the_14_days_up_to_as_of() {
    let mut s = Scenario::new();
    // A1: last post 2026-09-16 (block 11), before as_of − 13 = 09-17: X1; block 12 empty: U1 3.
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    for day in &block_starts()[..12] {
        s.post("A1", &format!("{day} 09:00"), "true", "true");
    }
    // A2: the same plus a post at 2026-09-17 00:00, the first day of the span: no X1.
    s.account("A2", "U1", "weibo", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    for day in &block_starts()[..12] {
        s.post("A2", &format!("{day} 09:00"), "true", "true");
    }
    s.post("A2", "2026-09-17 00:00", "true", "true");
    // A3: opened 2026-09-20 (after as_of − 13) and never posted: X1 not applied.
    s.account("A3", "U1", "douyin", "定海教育")
        .opened_on("2026-09-20")
        .verified_as("定海区教育局")
        .interactive(true);
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("veto_rules", "X1"),
            ("vetoed", "true"),
            ("deduction_score", "97"),
            ("bonus", "0"),
            ("score", "59"),
            ("grade", "fail"),
            ("days_since_update", "14"),
        ],
    );
    assert_eq!(
        out.findings("A1")[0],
        ("X1".into(), "0".into(), "2026-09-16".into())
    );
    // Block 12 (09-23 … 09-29) is still empty: U1 3.
    assert_columns(
        out.account("A2"),
        &[
            ("vetoed", "false"),
            ("veto_rules", ""),
            ("deduction_update", "3"),
            ("days_since_update", "13"),
        ],
    );
    // A3's window is 09-20..09-30: 11 days, one full block, empty: U1 3; no month starts in it.
    assert_columns(
        out.account("A3"),
        &[
            ("vetoed", "false"),
            ("weeks_without_post", "1"),
            ("deduction_update", "3"),
            ("days_since_update", ""),
        ],
    );
}

#[test]
fn x2_no_interaction_function_and_x3_veto_category() {
    let mut s = Scenario::new();
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(false);
    s.clean_posts("A1");
    s.clean("A2", "weibo");
    s.violation("V1", "A2", "2026-08-01", "state_secret", "2026-08-05");
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("veto_rules", "X2"),
            ("deduction_score", "100"),
            ("score", "59"),
            ("bonus", "0"),
            ("grade", "fail"),
        ],
    );
    // A veto category gives no K1 points: the content item stays 0.
    assert_columns(
        out.account("A2"),
        &[
            ("veto_rules", "X3"),
            ("deduction_content", "0"),
            ("score", "59"),
        ],
    );
    assert_eq!(out.findings("A2"), strs(&[("X3", "0", "V1")]));
}

/// A1 posts in the first 5 blocks (July) only, plus a non-original post on 09-30.
fn july_only() -> Scenario {
    let mut s = Scenario::new();
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    for day in &block_starts()[..5] {
        s.post("A1", &format!("{day} 09:00"), "true", "true");
    }
    s.post("A1", "2026-09-30 09:00", "false", "true");
    s
}

#[test]
fn u1_u2_and_the_update_cap() {
    let s = july_only();
    let out = s.run(&[]);
    // U1: blocks 5..12 empty = 8 × 3 = 24; U2: August and September without original = 2 × 5 = 10;
    // 34 capped at 30. 70, no bonus (not above 80).
    assert_columns(
        out.account("A1"),
        &[
            ("weeks_without_post", "8"),
            ("deduction_update", "30"),
            ("deduction_score", "70"),
            ("bonus", "0"),
            ("score", "70"),
            ("grade", "pass"),
        ],
    );
    let findings = out.findings("A1");
    assert_eq!(findings[0].0, "U1");
    assert_eq!(findings[0].1, "24");
    assert!(
        findings[0].2.starts_with("2026-08-05;2026-08-12"),
        "{}",
        findings[0].2
    );
    assert_eq!(
        findings[1],
        ("U2".into(), "10".into(), "2026-08;2026-09".into())
    );
}

#[test]
fn i1_i2_replies_after_as_of_and_the_interaction_cap() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.message("M1", "A1", "2026-07-01 10:00", "2026-07-06 10:00"); // exactly 5 × 24 h: in time
    s.message("M2", "A1", "2026-07-01 10:00", "2026-07-06 10:01"); // late: I1
    s.message("M3", "A1", "2026-09-20 10:00", ""); // 10 days unanswered: I2
    s.message("M4", "A1", "2026-09-26 10:00", ""); // 4 days: not yet overdue
    s.message("M5", "A1", "2026-09-20 10:00", "2026-10-02 10:00"); // reply after as_of: unanswered, I2
    s.message("M6", "A1", "2026-09-25 00:00", "2026-10-01 08:00"); // unanswered, 5 days: not overdue
    s.message("M7", "A1", "2026-06-30 23:00", ""); // before the period: not counted
    s.clean("A2", "weibo");
    for i in 0..13 {
        s.message(&format!("N{i:02}"), "A2", "2026-08-01 09:00", "");
    }
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("messages", "6"),
            ("replied_late", "1"),
            ("unreplied_overdue", "2"),
            ("deduction_interaction", "5"),
            ("deduction_score", "95"),
            ("score", "102"),
        ],
    );
    assert_eq!(
        out.findings("A1")[..2],
        strs(&[("I1", "1", "M2"), ("I2", "4", "M3;M5")])
    );
    // 13 × 2 = 26, capped at 25.
    assert_columns(
        out.account("A2"),
        &[
            ("unreplied_overdue", "13"),
            ("deduction_interaction", "25"),
            ("deduction_score", "75"),
        ],
    );
    assert_eq!(out.findings("A2")[0].1, "26");
}

#[test]
fn k1_points_for_every_category() {
    let expected = [
        ("privacy_leak", "10"),
        ("false_info", "10"),
        ("unlicensed_service", "10"),
        ("fake_followers", "15"),
        ("personal_opinion", "5"),
        ("commercial_ad", "5"),
        ("ad_link", "5"),
        ("excess_data_collection", "5"),
        ("harmful_to_users", "5"),
        ("forced_engagement", "5"),
        ("broken_function", "2"),
        ("unreviewed_post", "2"),
        ("typo", "1"),
        ("other", "1"),
    ];
    let vetoes = [
        "state_secret",
        "illegal_content",
        "illegal_link",
        "serious_misstatement",
    ];
    let mut s = Scenario::new();
    for (i, (category, _)) in expected.iter().enumerate() {
        let id = format!("A{i:02}");
        s.clean(&id, "wechat");
        s.violation(
            &format!("V{i:02}"),
            &id,
            "2026-08-01",
            category,
            "2026-08-10",
        );
    }
    for (i, category) in vetoes.iter().enumerate() {
        let id = format!("B{i:02}");
        s.clean(&id, "wechat");
        s.violation(
            &format!("W{i:02}"),
            &id,
            "2026-08-01",
            category,
            "2026-08-10",
        );
    }
    let out = s.run(&[]);
    for (i, (category, points)) in expected.iter().enumerate() {
        let row = out.account(&format!("A{i:02}"));
        assert_eq!(row["deduction_content"], *points, "{category}");
        assert_eq!(row["vetoed"], "false", "{category}");
    }
    for (i, category) in vetoes.iter().enumerate() {
        let row = out.account(&format!("B{i:02}"));
        assert_eq!(
            (
                row["veto_rules"].as_str(),
                row["deduction_content"].as_str()
            ),
            ("X3", "0"),
            "{category}"
        );
    }
}

#[test]
fn k1_overdue_multiplier_carried_over_and_resolved_after_as_of() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.violation("V1", "A1", "2026-07-01", "typo", "2026-07-31"); // 30 days: in time, 1
    s.violation("V2", "A1", "2026-07-01", "typo", "2026-08-01"); // 31 days: overdue, 1.5
    s.violation("V3", "A1", "2026-05-01", "personal_opinion", ""); // carried over, overdue: 7.5
    s.violation("V4", "A1", "2026-05-01", "personal_opinion", "2026-06-15"); // resolved before: not counted
    s.violation("V5", "A1", "2026-06-01", "commercial_ad", "2026-10-05"); // resolved after as_of: unresolved, overdue: 7.5
    s.violation("V6", "A1", "2026-10-02", "typo", ""); // found after as_of: not counted
    s.violation("V7", "A1", "2026-09-20", "commercial_ad", ""); // 10 days open: 5
    // A2: more than the cap: 15 × 1.5 + 10 × 1.5 (open 60 days) + 10 = 47.5 → 40.
    s.clean("A2", "weibo");
    s.violation("V8", "A2", "2026-06-01", "fake_followers", "");
    s.violation("V9", "A2", "2026-08-01", "privacy_leak", "");
    s.violation("VA", "A2", "2026-09-15", "false_info", "");
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("deduction_content", "22.5"),
            ("deduction_score", "77.5"),
            ("bonus", "0"),
            ("score", "77.5"),
            ("grade", "pass"),
        ],
    );
    assert_eq!(
        out.findings("A1"),
        strs(&[("K1", "22.5", "V1;V2;V3;V5;V7")])
    );
    assert_columns(
        out.account("A2"),
        &[
            ("deduction_content", "40"),
            ("deduction_score", "60"),
            ("grade", "pass"),
        ],
    );
    assert_eq!(out.findings("A2")[0].1, "47.5");
}

#[test]
fn k2_unreviewed_posts_in_the_window_only() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.post("A1", "2026-07-02 10:00", "true", "false");
    s.post("A1", "2026-08-02 10:00", "true", "false");
    s.post("A1", "2026-09-02 10:00", "true", "否");
    s.post("A1", "2026-06-02 10:00", "true", "false"); // before the period
    s.post("A1", "2026-09-03 10:00", "true", ""); // unknown is not false
    let out = s.run(&[]);
    // 14 + 4 posts in the window (the June one is before it), 3 of them unreviewed: 6 points.
    assert_columns(
        out.account("A1"),
        &[
            ("posts", "18"),
            ("deduction_content", "6"),
            ("deduction_score", "94"),
        ],
    );
    assert_eq!(
        out.findings("A1")[0],
        ("K2".into(), "6".into(), "P15;P16;P17".into())
    );
}

#[test]
fn m1_m2_m3_m4_management() {
    let mut s = Scenario::new();
    s.unit("U2", "城东街道", "subdistrict");
    s.unit("U3", "金塘镇", "township");
    // M1: not verified.
    s.account("A1", "U1", "wechat", "定海教育")
        .verified("false")
        .interactive(true);
    s.clean_posts("A1");
    // M2: verified by another entity; A3's name matches once normalised (full-width space).
    s.account("A2", "U1", "weibo", "定海教育")
        .verified_as("定海区人民政府")
        .interactive(true);
    s.clean_posts("A2");
    s.account("A3", "U1", "douyin", "定海教育")
        .verified_as("定海区　教育局（官方）")
        .interactive(true);
    s.clean_posts("A3");
    // Unknown verification: no M1, no M2.
    s.account("A4", "U1", "toutiao", "定海教育")
        .interactive(true);
    s.clean_posts("A4");
    // M3: filings are given; A1..A4 have none on or before as_of (A4's is after it).
    s.filing("A4", "open", "2026-10-01");
    // M4: U2's usual name is 城东发布 (3 of 4); the toutiao one differs.
    for (id, platform, name) in [
        ("B1", "wechat", "城东发布"),
        ("B2", "weibo", "城东发布"),
        ("B3", "douyin", " 城东 发布"),
        ("B4", "toutiao", "城东街道"),
    ] {
        s.account(id, "U2", platform, name)
            .verified_as("城东街道")
            .interactive(true);
        s.clean_posts(id);
        s.filing(id, "open", "2020-01-01");
    }
    // M4 tie: 乙 (U+4E59) comes before 甲 (U+7532), so 甲 differs.
    for (id, platform, name) in [("C1", "wechat", "甲"), ("C2", "weibo", "乙")] {
        s.account(id, "U3", platform, name)
            .verified_as("金塘镇")
            .interactive(true);
        s.clean_posts(id);
        s.filing(id, "开设", "2020-01-01");
    }
    let out = s.run(&[]);
    assert_eq!(out.rules("A1")[0], "M1");
    assert_columns(out.account("A1"), &[("deduction_management", "10")]); // M1 + M3
    assert_eq!(out.rules("A2")[0], "M2");
    assert_columns(out.account("A2"), &[("deduction_management", "10")]); // M2 + M3
    assert_columns(out.account("A3"), &[("deduction_management", "5")]); // M3 only
    assert_columns(out.account("A4"), &[("deduction_management", "5")]); // M3 (filed after as_of)
    for id in ["B1", "B2", "B3", "C2"] {
        assert_columns(out.account(id), &[("deduction_management", "0")]);
    }
    assert_columns(out.account("B4"), &[("deduction_management", "2")]);
    assert_columns(out.account("C1"), &[("deduction_management", "2")]);
}

#[test]
fn b1_top_tenth_of_the_platform_b2_every_message_in_time_b3_posting() {
    let mut s = Scenario::new();
    // Eleven douyin accounts with followers 100 … 1100: fewer than 1.1 higher means the top two.
    for i in 1..=11 {
        let id = format!("D{i:02}");
        s.account(&id, "U1", "douyin", "定海教育")
            .verified_as("定海区教育局")
            .interactive(true)
            .followers(&(i * 100).to_string());
        s.clean_posts(&id);
    }
    // B2: ten messages all answered within the hour; E2 has an eleventh still pending.
    s.clean("E1", "wechat");
    s.clean("E2", "weibo");
    for i in 0..10 {
        s.message(
            &format!("M1{i}"),
            "E1",
            "2026-08-01 09:00",
            "2026-08-01 09:30",
        );
        s.message(
            &format!("M2{i}"),
            "E2",
            "2026-08-01 09:00",
            "2026-08-01 09:30",
        );
    }
    s.message("M2X", "E2", "2026-09-29 09:00", "");
    // B3 fails: 6 originals of 14 posts (but each month has one, so no U2).
    s.account("F1", "U1", "toutiao", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    for (k, day) in block_starts().iter().enumerate() {
        let original = if [0, 1, 5, 6, 9, 10].contains(&k) {
            "true"
        } else {
            "false"
        };
        s.post("F1", &format!("{day} 09:00"), original, "true");
    }
    s.post("F1", "2026-09-30 09:00", "false", "true");
    let out = s.run(&[]);
    for i in 1..=11 {
        let id = format!("D{i:02}");
        let expected = if i >= 10 { "7" } else { "2" };
        assert_eq!(out.account(&id)["bonus"], expected, "{id}");
    }
    assert_columns(out.account("E1"), &[("bonus", "10"), ("score", "110")]); // B1 5 + B2 3 + B3 2
    assert_columns(out.account("E2"), &[("bonus", "7"), ("score", "107")]);
    assert_columns(
        out.account("F1"),
        &[
            ("original_posts", "6"),
            ("deduction_update", "0"),
            ("bonus", "5"),
            ("score", "105"),
        ],
    );
}

#[test]
fn veto_cap_keeps_lower_scores_and_bonus_needs_more_than_80() {
    let mut s = Scenario::new();
    // Never posted: X1; U1 39 + U2 15 → 30; M1 5; 13 overdue messages → 25: 100 − 60 = 40.
    s.account("A1", "U1", "wechat", "定海教育")
        .verified("false")
        .interactive(true);
    for i in 0..13 {
        s.message(&format!("M{i:02}"), "A1", "2026-08-01 09:00", "");
    }
    // Exactly 80 after deductions: no bonus (it needs more than 80).
    s.clean("A2", "weibo");
    s.violation("V1", "A2", "2026-08-01", "fake_followers", "2026-08-02");
    s.violation("V2", "A2", "2026-08-01", "commercial_ad", "2026-08-02");
    let out = s.run(&[]);
    assert_columns(
        out.account("A1"),
        &[
            ("deduction_score", "40"),
            ("score", "40"),
            ("grade", "fail"),
            ("veto_rules", "X1"),
        ],
    );
    assert_columns(
        out.account("A2"),
        &[
            ("deduction_score", "80"),
            ("bonus", "0"),
            ("score", "80"),
            ("grade", "good"),
        ],
    );
}

#[test]
fn unit_scores_n0_n1_n2_veto_cap_rank_and_unscored() {
    let mut s = Scenario::new();
    // U1: three wechat accounts (N1 2 × 5 = 10), all clean; B1 goes to all three (tied), so 107 each.
    for id in ["A1", "A2", "A3"] {
        s.clean(id, "wechat");
        s.filing(id, "open", "2020-01-01");
    }
    // U1's suspended account without a filing and closed account with only a suspend filing: N2 6.
    s.account("A4", "U1", "weibo", "定海教育")
        .status("suspended")
        .verified_as("定海区教育局")
        .interactive(true);
    s.account("A5", "U1", "douyin", "定海教育")
        .status("closed")
        .verified_as("定海区教育局")
        .interactive(true);
    s.filing("A5", "suspend", "2026-07-01");
    // And two whose filings are in order.
    s.account("A6", "U1", "toutiao", "定海教育")
        .status("suspended")
        .verified_as("定海区教育局")
        .interactive(true);
    s.filing("A6", "close", "2026-07-01");
    s.account("A7", "U1", "kuaishou", "定海教育")
        .status("closed")
        .verified_as("定海区教育局")
        .interactive(true);
    s.filing("A7", "注销", "2026-07-01");
    // U2: one clean account and one vetoed (X2) one: mean (107 + 59) / 2 = 83 → capped 59, fail.
    s.unit("U2", "城东街道", "subdistrict");
    s.account("B1", "U2", "weibo", "城东发布")
        .verified_as("城东街道")
        .interactive(true);
    s.clean_posts("B1");
    s.filing("B1", "open", "2020-01-01");
    s.account("B2", "U2", "wechat", "城东发布")
        .verified_as("城东街道")
        .interactive(false);
    s.clean_posts("B2");
    s.filing("B2", "open", "2020-01-01");
    // U3: required, no account: N0, score 0. U4: an institution without accounts: unscored.
    // U5: a department exempt as classified: unscored. U6: 4 wechat + 3 weibo + 2 other: N1 25 → 20.
    s.unit("U3", "金塘镇", "township");
    s.unit("U4", "区人民医院", "institution");
    s.unit("U5", "区保密局", "department").exempt("涉密单位");
    s.unit("U6", "区卫健局", "department");
    for (i, platform) in [
        "wechat", "wechat", "wechat", "wechat", "weibo", "weibo", "weibo", "other", "other",
    ]
    .iter()
    .enumerate()
    {
        let id = format!("C{i}");
        s.account(&id, "U6", platform, "定海健康")
            .verified_as("区卫健局")
            .interactive(true);
        s.clean_posts(&id);
        s.filing(&id, "open", "2020-01-01");
    }
    let out = s.run(&[]);
    assert_columns(
        out.unit("U1"),
        &[
            ("accounts", "3"),
            ("base_score", "107"),
            ("unit_deduction", "16"),
            ("score", "91"),
            ("grade", "excellent"),
            ("pass_rate", "1"),
        ],
    );
    assert_eq!(
        out.findings("U1"),
        strs(&[("N1", "10", "A1;A2;A3"), ("N2", "6", "A4;A5")])
    );
    assert_columns(
        out.unit("U2"),
        &[
            ("vetoed_accounts", "1"),
            ("base_score", "83"),
            ("score", "59"),
            ("grade", "fail"),
            ("pass_rate", "0.5"),
        ],
    );
    assert_columns(
        out.unit("U3"),
        &[
            ("accounts", "0"),
            ("score", "0"),
            ("grade", "fail"),
            ("base_score", ""),
        ],
    );
    assert_eq!(out.rules("U3"), ["N0"]);
    assert_columns(out.unit("U6"), &[("unit_deduction", "20")]);
    for id in ["U4", "U5"] {
        assert_columns(
            out.unit(id),
            &[
                ("score", ""),
                ("grade", ""),
                ("base_score", ""),
                ("pass_rate", ""),
                ("rank", ""),
            ],
        );
    }
    // Ranks and order: U1 91, U6 (107·… − 20), U2 59, U3 0, then unscored U4, U5 by id.
    let order: Vec<&str> = out.units.iter().map(|u| u["unit_id"].as_str()).collect();
    assert_eq!(order, ["U1", "U6", "U2", "U3", "U4", "U5"]);
    let ranks: Vec<&str> = out.units.iter().map(|u| u["rank"].as_str()).collect();
    assert_eq!(ranks, ["1", "2", "3", "4", "", ""]);
}

#[test]
fn deductions_reconcile_with_the_item_columns_on_the_sample() {
    let wd = Workdir::new();
    let out = wd.run(&[
        "assess",
        "--data",
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample"),
        "--out",
        "out",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_reconciles(&wd);
}

#[test]
fn deductions_reconcile_on_messy_data_too() {
    let wd = Workdir::new();
    assert!(
        wd.run(&[
            "sample", "--scale", "district", "--seed", "11", "--messy", "--out", "data", "--quiet"
        ])
        .status
        .success()
    );
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_reconciles(&wd);
}

#[test]
fn the_same_inputs_give_byte_identical_outputs() {
    let wd = Workdir::new();
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sample");
    for out in ["one", "two"] {
        assert!(
            wd.run(&["assess", "--data", sample, "--out", out, "--quiet"])
                .status
                .success()
        );
    }
    for file in [
        "account_scores.csv",
        "unit_scores.csv",
        "deductions.csv",
        "rejects.csv",
        "summary.json",
    ] {
        let one = std::fs::read(wd.path().join("one").join(file)).unwrap();
        let two = std::fs::read(wd.path().join("two").join(file)).unwrap();
        assert!(!one.is_empty());
        assert!(one == two, "{file} differs between two runs");
    }
}

#[test]
fn a_custom_rubric_changes_the_scores_accordingly() {
    let s = july_only();
    let default = s.run(&[]);
    assert_columns(
        default.account("A1"),
        &[("deduction_update", "30"), ("score", "70")],
    );

    // The default rubric as `govmedia rubric` prints it, with U1 at 1 point a week and the update
    // cap at 35: U1 8 + U2 10 = 18, score 82 (above 80: B1 +5 for the lone wechat account).
    let printed = default.wd.run(&["rubric"]);
    assert!(printed.status.success());
    let text = String::from_utf8(printed.stdout).unwrap();
    let custom = text
        .replace(
            "points_per_week_without_post = 3.0",
            "points_per_week_without_post = 1.0",
        )
        .replacen("cap = 30.0", "cap = 35.0", 1);
    assert_ne!(custom, text);
    let wd = Workdir::new();
    s.write(&wd);
    std::fs::write(wd.path().join("custom.toml"), &custom).unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--rubric", "custom.toml"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let accounts = read_csv(&wd.out().join("account_scores.csv"));
    assert_columns(
        &accounts[0],
        &[
            ("deduction_update", "18"),
            ("deduction_score", "82"),
            ("bonus", "5"),
            ("score", "87"),
            ("grade", "good"),
        ],
    );
    let summary = wd.summary();
    assert_ne!(
        summary["rubric_sha256"],
        default.wd.summary()["rubric_sha256"]
    );
}

#[test]
fn a_bad_rubric_is_fatal_and_names_the_key() {
    let wd = Workdir::new();
    Scenario::new().write(&wd);
    let text = String::from_utf8(wd.run(&["rubric"]).stdout).unwrap();
    for (bad, key) in [
        (text.replacen("cap = 30.0", "cap = -1.0", 1), "update.cap"),
        (
            text.replace("excellent = 90.0", "excellent = 70.0"),
            "grades",
        ),
        (text.replace("reply_days = 5", "reply_day = 5"), "reply_day"),
    ] {
        std::fs::write(wd.path().join("bad.toml"), bad).unwrap();
        let out = wd.assess(&["--period", "2026Q3", "--rubric", "bad.toml"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains(key), "{key} not in {}", stderr(&out));
        assert!(!wd.out().exists());
    }
}

#[test]
fn not_evaluated_rules_are_listed_and_their_columns_left_empty() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = wd.summary();
    let rules: Vec<&str> = summary["not_evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "X2", "X3", "U2", "I1", "I2", "B2", "K1", "K2", "M1", "M2", "M3", "N2",
    ] {
        assert!(rules.contains(&rule), "{rule} not in {rules:?}");
    }
    let accounts = read_csv(&wd.out().join("account_scores.csv"));
    assert_columns(
        &accounts[0],
        &[
            ("original_posts", ""),
            ("messages", ""),
            ("replied_late", ""),
            ("deduction_interaction", ""),
            ("deduction_content", ""),
            ("deduction_management", "0"),
        ],
    );
}
