//! `govmedia compare` (SPEC §10) on two hand-made runs of the same data under two rubrics.

use govmedia::DEFAULT_RUBRIC;

use crate::common::{Scenario, assert_columns, read_csv};
use crate::workdir::{Workdir, stderr};

/// U1's account posts in every block (107); U2's misses the first four blocks: U1 = 3 × 4 = 12,
/// 88 + B1 5 = 93 by default; with 6 points a week U1 = 24, 76 (no bonus at or below 80), and as
/// the lowest unit under 80 it enters the list at notice (R8).
fn two_runs() -> Workdir {
    let mut s = Scenario::new();
    s.unit("U2", "定海区卫生健康局", "department");
    s.clean("A1", "wechat");
    s.account("B1", "U2", "weibo", "定海卫健")
        .verified_as("定海区卫生健康局")
        .interactive(true);
    for day in &crate::common::block_starts()[4..] {
        s.post("B1", &format!("{day} 09:00"), "true", "true");
    }
    s.post("B1", "2026-09-30 09:00", "true", "true");
    let wd = Workdir::new();
    s.write(&wd);
    let heavier = DEFAULT_RUBRIC.replacen(
        "points_per_week_without_post = 3.0",
        "points_per_week_without_post = 6.0",
        1,
    );
    std::fs::write(wd.path().join("heavier.toml"), heavier).unwrap();
    for (out, rubric) in [("a", None), ("b", Some("heavier.toml"))] {
        let mut args = vec![
            "assess", "--data", "data", "--out", out, "--period", "2026Q3",
        ];
        args.extend(["--quiet", "--draws", "0"]);
        if let Some(rubric) = rubric {
            args.extend(["--rubric", rubric]);
        }
        let run = wd.run(&args);
        assert!(run.status.success(), "{}", stderr(&run));
    }
    wd
}

#[test]
fn compare_two_rubrics_unit_by_unit_with_the_rubric_change_and_the_list_movement() {
    let wd = two_runs();
    let run = wd.run(&["compare", "a", "b", "--out", "c", "--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let units = read_csv(&wd.path().join("c/compare_units.csv"));
    assert_eq!(units.len(), 2);
    assert_columns(
        &units[1],
        &[
            ("unit_id", "U2"),
            ("score_a", "93"),
            ("score_b", "76"),
            ("change", "-17"),
            ("grade_a", "excellent"),
            ("grade_b", "pass"),
            ("rank_a", "2"),
            ("rank_b", "2"),
            ("rank_change", "0"),
            ("level_a", ""),
            ("level_b", "notice"),
        ],
    );
    let accounts = read_csv(&wd.path().join("c/compare_accounts.csv"));
    assert_columns(
        &accounts[1],
        &[
            ("account_id", "B1"),
            ("score_a", "93"),
            ("score_b", "76"),
            ("change", "-17"),
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("c/compare.json")).unwrap())
            .unwrap();
    assert_eq!(json["same_inputs"], true);
    assert_eq!(
        json["rubric_changes"],
        serde_json::json!([{"key": "update.points_per_week_without_post", "a": "3.0", "b": "6.0"}])
    );
    assert_eq!(json["entering"], serde_json::json!(["U2"]));
    assert_eq!(json["leaving"], serde_json::json!([]));
    assert_eq!(json["spearman"], 1.0);
    assert_eq!(json["largest_abs_rank_change"], 0);
    assert_eq!(json["b"]["levels"]["notice"], 1);
    let html = std::fs::read_to_string(wd.path().join("c/compare.html")).unwrap();
    assert!(html.contains("update.points_per_week_without_post") && html.contains("<svg"));
    // Again into the same folder: it is compare's own, so it is replaced.
    let again = wd.run(&["compare", "a", "b", "--out", "c", "--quiet"]);
    assert!(again.status.success(), "{}", stderr(&again));
}

#[test]
fn compare_refuses_a_folder_that_assess_did_not_write() {
    let wd = two_runs();
    let run = wd.run(&["compare", "a", "data", "--out", "c"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("not an output folder of `govmedia assess`"),
        "{}",
        stderr(&run)
    );
    assert!(!wd.path().join("c").exists());
}

#[test]
fn a_rubric_written_before_the_optional_tables_compares_by_what_it_was_scored_with() {
    let wd = two_runs();
    // B's rubric as an older file would hold it: without [robustness] and [documents].
    let start = DEFAULT_RUBRIC.find("[robustness]").unwrap();
    let old = DEFAULT_RUBRIC[..start].replacen(
        "points_per_week_without_post = 3.0",
        "points_per_week_without_post = 6.0",
        1,
    );
    std::fs::write(wd.path().join("b/rubric.toml"), old).unwrap();
    let run = wd.run(&["compare", "a", "b", "--out", "c", "--quiet"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wd.path().join("c/compare.json")).unwrap())
            .unwrap();
    let keys: Vec<&str> = (json["rubric_changes"].as_array().unwrap().iter())
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["update.points_per_week_without_post"]);
}
