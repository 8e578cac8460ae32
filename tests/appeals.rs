//! Appeals (SPEC §14): a voided record equals data without it, a waived veto lifts the unit's
//! listing, rejected, pending and other-period appeals change nothing, every reject reason, and
//! the trail reconciles with the appeals of the README's example.

use crate::common::{Row, Scenario, assert_reconciles, read_csv};
use crate::workdir::{Workdir, stderr};

const HEADER: &str =
    "appeal_id,period,unit_id,rule,account_id,record_id,filed_on,decision,decided_on,reason\n";

/// Runs the scenario with `appeals` (rows after the header) and returns the working folder.
fn run_with_appeals(s: &Scenario, appeals: &str, extra: &[&str]) -> Workdir {
    let wd = Workdir::new();
    s.write(&wd);
    if !appeals.is_empty() {
        wd.write("appeals.csv", &format!("{HEADER}{appeals}"));
    }
    let mut args = vec!["--period", "2026Q3"];
    args.extend_from_slice(if extra.is_empty() {
        &["--draws", "0"]
    } else {
        extra
    });
    let out = wd.assess(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    wd
}

fn table(wd: &Workdir, name: &str) -> Vec<Row> {
    read_csv(&wd.out().join(name))
}

/// A1 of U1 with two typos (V1, V2), two unanswered messages (M1, M2) and two unreviewed posts.
fn contested() -> Scenario {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.post("A1", "2026-08-20 10:00", "true", "false");
    s.post("A1", "2026-08-21 10:00", "true", "false");
    s.violation("V1", "A1", "2026-08-01", "typo", "");
    s.violation("V2", "A1", "2026-08-02", "personal_opinion", "");
    s.message("M1", "A1", "2026-08-01 09:00", "");
    s.message("M2", "A1", "2026-08-02 09:00", "");
    s
}

#[test]
fn a_removed_violation_equals_a_run_without_that_row() {
    let appealed = run_with_appeals(
        &contested(),
        "AP1,2026Q3,U1,K1,A1,V2,2026-10-10,accepted,2026-10-12,举报不实\n",
        &[],
    );
    let mut without = contested();
    without.violations.retain(|v| !v.starts_with("V2,"));
    let plain = run_with_appeals(&without, "", &[]);
    for name in [
        "account_scores.csv",
        "unit_scores.csv",
        "consolidation.csv",
        "accountability.csv",
    ] {
        assert_eq!(appealed.read_out(name), plain.read_out(name), "{name}");
    }
    // deductions.csv: the same but for appeal_id, set on the finding the appeal reduced.
    let (a, p) = (
        table(&appealed, "deductions.csv"),
        table(&plain, "deductions.csv"),
    );
    let strip = |rows: &[Row]| -> Vec<Row> {
        rows.iter()
            .cloned()
            .map(|mut r| {
                r.remove("appeal_id");
                r
            })
            .collect()
    };
    assert_eq!(strip(&a), strip(&p));
    let k1 = a.iter().find(|r| r["rule"] == "K1").unwrap();
    assert_eq!(
        (k1["evidence"].as_str(), k1["appeal_id"].as_str()),
        ("V1", "AP1")
    );
    assert!(p.iter().all(|r| r["appeal_id"].is_empty()));
    let result = &table(&appealed, "appeals_result.csv")[0];
    assert_eq!(result["effect"], "removed");
    // Both typos overdue (× 1.5): K1 1.5 + 7.5 = 9, K2 4, I2 4 → 83, + B1 5 + B3 2 = 90; without
    // V2 (personal_opinion, 7.5): 90.5 + 7 = 97.5.
    assert_eq!(
        (
            result["account_score_before"].as_str(),
            result["account_score_after"].as_str()
        ),
        ("90", "97.5")
    );
}

#[test]
fn a_message_removed_and_a_post_reviewed() {
    let wd = run_with_appeals(
        &contested(),
        "AP1,2026Q3,U1,I2,A1,M1,2026-10-10,accepted,2026-10-12,垃圾信息\n\
         AP2,2026Q3,U1,K2,A1,P15,2026-10-10,accepted,2026-10-12,纸质台账有审核记录\n",
        &[],
    );
    let d = table(&wd, "deductions.csv");
    let rule = |r: &str| d.iter().find(|x| x["rule"] == r).unwrap().clone();
    assert_eq!(
        (
            rule("I2")["evidence"].as_str(),
            rule("I2")["points"].as_str(),
            rule("I2")["appeal_id"].as_str()
        ),
        ("M2", "2", "AP1")
    );
    assert_eq!(
        (
            rule("K2")["evidence"].as_str(),
            rule("K2")["appeal_id"].as_str()
        ),
        ("P16", "AP2")
    );
    let effects: Vec<String> = table(&wd, "appeals_result.csv")
        .iter()
        .map(|r| r["effect"].clone())
        .collect();
    assert_eq!(effects, ["removed", "reviewed"]);
}

#[test]
fn a_waived_x1_lifts_the_veto_and_the_units_r1() {
    let mut s = Scenario::new();
    s.account("A1", "U1", "weibo", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    for day in crate::common::block_starts().iter().take(10) {
        s.post("A1", &format!("{day} 09:00"), "true", "true");
    }
    let plain = run_with_appeals(&s, "", &[]);
    assert_eq!(table(&plain, "account_scores.csv")[0]["veto_rules"], "X1");
    assert!(table(&plain, "accountability.csv")[0]["rules"].starts_with("R1;R2"));
    let wd = run_with_appeals(
        &s,
        "AP9,2026Q3,U1,X1,A1,,2026-10-10,accepted,2026-10-11,平台故障无法发布\n",
        &["--draws", "20"],
    );
    let account = &table(&wd, "account_scores.csv")[0];
    // 100 − U1 9 (three empty blocks) + B1 5 = 96.
    assert_eq!(
        (
            account["vetoed"].as_str(),
            account["score"].as_str(),
            account["grade"].as_str()
        ),
        ("false", "96", "excellent")
    );
    // The veto stays in the trail, at 0 points with the appeal; U1's three empty weeks still count.
    let d = table(&wd, "deductions.csv");
    let x1 = d.iter().find(|r| r["rule"] == "X1").unwrap();
    assert_eq!(
        (x1["points"].as_str(), x1["appeal_id"].as_str()),
        ("0", "AP9")
    );
    assert!(
        d.iter()
            .any(|r| r["rule"] == "U1" && r["points"] == "9" && r["appeal_id"].is_empty())
    );
    assert!(
        table(&wd, "accountability.csv").is_empty(),
        "R1 and R2 gone"
    );
    let result = &table(&wd, "appeals_result.csv")[0];
    assert_eq!(
        (
            result["effect"].as_str(),
            result["unit_grade_before"].as_str(),
            result["unit_grade_after"].as_str()
        ),
        ("waived", "fail", "excellent")
    );
    assert_eq!(result["list_change"], "level interview → none");
    // The waiver holds in every robustness draw: the unit never fails.
    let robustness = &table(&wd, "robustness.csv")[0];
    assert_eq!(robustness["fail_share"], "0");
    // The trail reconciles: the veto's row at 0, U1's 9 points the update item.
    assert_eq!(account["deduction_update"], "9");
    let page = std::fs::read_to_string(wd.out().join("report/appeals.html")).unwrap();
    assert!(page.contains("AP9") && page.contains("该项不予认定"));
    let unit = std::fs::read_to_string(wd.out().join("report/units/000001.html")).unwrap();
    assert!(unit.contains("AP9") && unit.contains("不予认定，不计分"));
}

#[test]
fn rejected_pending_and_other_period_appeals_change_nothing() {
    let plain = run_with_appeals(&contested(), "", &[]);
    let wd = run_with_appeals(
        &contested(),
        "AP1,2026Q3,U1,K1,A1,V2,2026-10-10,rejected,2026-10-12,属实\n\
         AP2,2026Q3,U1,I2,A1,,2026-10-10,pending,,\n\
         AP3,2026Q2,U1,I2,A1,M1,2026-07-10,accepted,2026-07-12,上期\n",
        &[],
    );
    for name in [
        "account_scores.csv",
        "unit_scores.csv",
        "consolidation.csv",
        "accountability.csv",
    ] {
        assert_eq!(wd.read_out(name), plain.read_out(name), "{name}");
    }
    let rows = table(&wd, "appeals_result.csv");
    let effects: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["decision"].as_str(), r["effect"].as_str()))
        .collect();
    assert_eq!(
        effects,
        [
            ("rejected", "none"),
            ("pending", "none"),
            ("accepted", "not_applicable")
        ]
    );
    assert!(
        rows.iter()
            .all(|r| r["account_score_before"] == r["account_score_after"]
                && r["list_change"].is_empty())
    );
    let summary = wd.summary();
    assert_eq!(summary["appeals"]["total"], 3);
}

#[test]
fn a_waived_c_rule_and_a_waived_n2() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    // A2 never posted: C2 (close); A3 closed without its filing: N2 and so R7.
    s.account("A2", "U1", "weibo", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    s.account("A3", "U1", "douyin", "定海教育")
        .status("closed")
        .opened_on("2020-01-01")
        .closed_on("2026-05-01")
        .verified_as("定海区教育局")
        .interactive(true);
    s.filing("A1", "open", "2020-01-01");
    s.filing("A2", "open", "2020-01-01");
    let plain = run_with_appeals(&s, "", &[]);
    assert!(
        table(&plain, "consolidation.csv")
            .iter()
            .any(|r| r["account_id"] == "A2" && r["reasons"] == "C2")
    );
    assert!(table(&plain, "accountability.csv")[0]["rules"].contains("R7"));
    let wd = run_with_appeals(
        &s,
        "AP1,2026Q3,U1,C2,A2,,2026-10-10,accepted,2026-10-11,账号正在迁移\n\
         AP2,2026Q3,U1,N2,,,2026-10-10,accepted,2026-10-11,注销备案已提交\n",
        &[],
    );
    assert!(
        table(&wd, "consolidation.csv")
            .iter()
            .all(|r| r["account_id"] != "A2")
    );
    assert!(!table(&wd, "accountability.csv")[0]["rules"].contains("R7"));
    let n2 = table(&wd, "deductions.csv")
        .into_iter()
        .find(|r| r["rule"] == "N2")
        .unwrap();
    assert_eq!(
        (n2["points"].as_str(), n2["appeal_id"].as_str()),
        ("0", "AP2")
    );
}

#[test]
fn every_reject_reason_of_appeals_csv() {
    let mut s = contested();
    s.unit("U2", "定海区卫生健康局", "department");
    s.account("B1", "U2", "wechat", "定海卫健")
        .verified_as("定海区卫生健康局")
        .interactive(true);
    s.clean_posts("B1");
    s.message("MB", "B1", "2026-08-01 09:00", "");
    let rows = [
        "R01,2026Q5,U1,U1,A1,,2026-10-10,accepted,,x", // 2 a bad period
        "R02,2026Q3,U1,R1,A1,,2026-10-10,accepted,,x", // 3 a rule no appeal contests
        "R03,2026Q3,U1,U1,,,2026-10-10,accepted,,x",   // 4 an account rule without its account
        "R04,2026Q3,U1,N1,A1,,2026-10-10,accepted,,x", // 5 a unit rule with an account
        "R05,2026Q3,U1,U1,A1,P1,2026-10-10,accepted,,x", // 6 a record on a rule without records
        "R06,2026Q3,U1,U1,A1,,2026-10-10,maybe,,x",    // 7 an unknown decision
        "R07,2026Q3,U1,U1,A1,,2026-10-10,accepted,,",  // 8 accepted without a reason
        "R08,2026Q3,U1,U1,A1,,2026-10-10,rejected,2026-10-01,x", // 9 decided before filed
        "R09,2026Q3,U9,U1,A1,,2026-10-10,accepted,,x", // 10 an unknown unit
        "R10,2026Q3,U1,U1,A9,,2026-10-10,accepted,,x", // 11 an unknown account
        "R11,2026Q3,U2,U1,A1,,2026-10-10,accepted,,x", // 12 an account not of the unit
        "R12,2026Q3,U1,K1,A1,V9,2026-10-10,accepted,,x", // 13 no such violation
        "R13,2026Q3,U1,I2,A1,MB,2026-10-10,accepted,,x", // 14 a message of another account
        "R14,2026Q3,U1,K2,A1,P999,2026-10-10,accepted,,x", // 15 no such post
        "R15,2026Q3,U1,U1,A1,,2026-10-10,pending,,",   // 16 accepted
        "R15,2026Q3,U1,U2,A1,,2026-10-10,pending,,",   // 17 a duplicate appeal_id
    ];
    let wd = Workdir::new();
    s.write(&wd);
    wd.write("appeals.csv", &format!("{HEADER}{}\n", rows.join("\n")));
    let out = wd.assess(&["--period", "2026Q3", "--draws", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rejects: Vec<(u64, String)> = (wd.rejects().into_iter())
        .filter(|(file, ..)| file == "appeals.csv")
        .map(|(_, line, column)| (line, column))
        .collect();
    let want: Vec<(u64, &str)> = vec![
        (2, "period"),
        (3, "rule"),
        (4, "account_id"),
        (5, "account_id"),
        (6, "record_id"),
        (7, "decision"),
        (8, "reason"),
        (9, "decided_on"),
        (10, "unit_id"),
        (11, "account_id"),
        (12, "account_id"),
        (13, "record_id"),
        (14, "record_id"),
        (15, "record_id"),
        (17, "appeal_id"),
    ];
    let want: Vec<(u64, String)> = want.into_iter().map(|(l, c)| (l, c.to_string())).collect();
    assert_eq!(rejects, want);
    let reasons = wd.read_out("rejects.csv");
    for words in [
        "不可申诉",
        "不属于单位",
        "不属于该账号",
        "须写明理由",
        "单位规则",
        "不存在或已被拒绝",
    ] {
        assert!(reasons.contains(words), "{words}");
    }
    let summary = wd.summary();
    let appeals = (summary["inputs"].as_array().unwrap().iter())
        .find(|f| f["file"] == "appeals.csv")
        .unwrap();
    assert_eq!(
        (
            appeals["rows_read"].as_u64(),
            appeals["rows_accepted"].as_u64()
        ),
        (Some(16), Some(1))
    );
}

#[test]
fn the_readme_example_reconciles() {
    let wd = Workdir::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    for entry in std::fs::read_dir(&sample).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "summary.json" {
            std::fs::copy(entry.path(), wd.data().join(entry.file_name())).unwrap();
        }
    }
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/appeals-example.csv");
    std::fs::copy(example, wd.data().join("appeals.csv")).unwrap();
    let out = wd.assess(&["--draws", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.rejects(), vec![]);
    assert_reconciles(&wd);
    let rows = table(&wd, "appeals_result.csv");
    let ap1 = rows.iter().find(|r| r["appeal_id"] == "AP001").unwrap();
    assert_eq!(
        (ap1["effect"].as_str(), ap1["unit_grade_after"].as_str()),
        ("waived", "excellent")
    );
    assert_eq!(ap1["list_change"], "level interview → none");
    use calamine::Reader as _;
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook(wd.out().join("assessment.xlsx")).unwrap();
    let sheets = workbook.sheet_names();
    assert!(sheets.contains(&"申诉复核".to_string()), "{sheets:?}");
}
