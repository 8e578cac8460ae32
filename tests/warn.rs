//! `govmedia warn` (SPEC §12): each kind of warning at its boundary, due dates that match the
//! rules' own arithmetic (checked against `assess` on the due day), the order and the manifest.

use crate::common::{Row, Scenario, read_csv};
use crate::workdir::{Workdir, stderr};

/// Runs `warn --as-of DAY` on the scenario and reads warnings.csv.
fn warn(s: &Scenario, as_of: &str, extra: &[&str]) -> (Workdir, Vec<Row>) {
    let wd = Workdir::new();
    s.write(&wd);
    let mut args = vec![
        "warn", "--data", "data", "--out", "out", "--quiet", "--as-of", as_of,
    ];
    args.extend_from_slice(extra);
    let out = wd.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = read_csv(&wd.out().join("warnings.csv"));
    (wd, rows)
}

fn of_kind<'a>(rows: &'a [Row], kind: &str) -> Vec<&'a Row> {
    rows.iter().filter(|r| r["kind"] == kind).collect()
}

/// A1 last posted on 2026-08-01; A2 never posted.
fn quiet_accounts() -> Scenario {
    let mut s = Scenario::new();
    s.clean("A0", "wechat");
    s.account("A1", "U1", "weibo", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    s.post("A1", "2026-07-20 09:00", "true", "true");
    s.post("A1", "2026-08-01 21:00", "true", "true");
    s.account("A2", "U1", "douyin", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    s
}

#[test]
fn no_update_from_day_10_due_on_the_day_x1_fires() {
    let s = quiet_accounts();
    // Day 9 without a post: no warning for A1; A2 (never posted) is listed without a due date.
    let (_, rows) = warn(&s, "2026-08-10", &[]);
    let quiet = of_kind(&rows, "no_update");
    assert_eq!(quiet.len(), 1, "{quiet:?}");
    assert_eq!(
        (quiet[0]["account_id"].as_str(), quiet[0]["due_on"].as_str()),
        ("A2", "")
    );
    // Day 10: A1 warned, due on 2026-08-15 (last post + 14), 4 days left, its last post as evidence.
    let (_, rows) = warn(&s, "2026-08-11", &[]);
    let a1: Vec<&Row> = of_kind(&rows, "no_update")
        .into_iter()
        .filter(|r| r["account_id"] == "A1")
        .collect();
    assert_eq!(a1.len(), 1);
    assert_eq!(
        (
            a1[0]["due_on"].as_str(),
            a1[0]["days_left"].as_str(),
            a1[0]["evidence"].as_str()
        ),
        ("2026-08-15", "4", "P16")
    );
    // The veto's own arithmetic: not vetoed the day before the due date, vetoed on it.
    let vetoes = |as_of: &str| {
        let out = s.run(&["--as-of", as_of, "--draws", "0"]);
        out.account("A1")["veto_rules"].clone()
    };
    assert_eq!(vetoes("2026-08-14"), "");
    assert_eq!(vetoes("2026-08-15"), "X1");
    // The rubric's [warn] table moves the threshold.
    let rubric = govmedia::DEFAULT_RUBRIC.replace(
        "no_update_days = 10\nlead_days",
        "no_update_days = 9\nlead_days",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rubric.toml");
    std::fs::write(&path, rubric).unwrap();
    let (_, rows) = warn(&s, "2026-08-10", &["--rubric", path.to_str().unwrap()]);
    assert!(
        of_kind(&rows, "no_update")
            .iter()
            .any(|r| r["account_id"] == "A1")
    );
}

#[test]
fn reply_due_within_two_days_or_past() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    // Deadline 2026-08-10 (received 08-05 + 5 days); M2 answered in time; M3 later, deadline 08-15.
    s.message("M1", "A1", "2026-08-05 10:00", "");
    s.message("M2", "A1", "2026-08-05 11:00", "2026-08-06 09:00");
    s.message("M3", "A1", "2026-08-10 10:00", "");
    // 3 days before the deadline: nothing; 2 days before: M1.
    let (_, rows) = warn(&s, "2026-08-07", &[]);
    assert!(of_kind(&rows, "reply_due").is_empty(), "{rows:?}");
    let (_, rows) = warn(&s, "2026-08-08", &[]);
    let due = of_kind(&rows, "reply_due");
    assert_eq!(due.len(), 1);
    assert_eq!(
        (
            due[0]["due_on"].as_str(),
            due[0]["days_left"].as_str(),
            due[0]["evidence"].as_str()
        ),
        ("2026-08-10", "2", "M1")
    );
    // Past the deadline: still listed, days_left negative; M3 joins when 2 days from its own.
    let (_, rows) = warn(&s, "2026-08-13", &[]);
    let due = of_kind(&rows, "reply_due");
    assert_eq!(
        (
            due[0]["due_on"].as_str(),
            due[0]["days_left"].as_str(),
            due[0]["evidence"].as_str()
        ),
        ("2026-08-10", "-3", "M1;M3")
    );
}

#[test]
fn rectify_due_within_seven_days_unresolved_only() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    // Found 07-20: deadline 08-19 (30 days). V2 was resolved; V3 is found after the day looked at.
    s.violation("V1", "A1", "2026-07-20", "typo", "");
    s.violation("V2", "A1", "2026-07-10", "typo", "2026-07-25");
    s.violation("V3", "A1", "2026-08-20", "typo", "");
    let (_, rows) = warn(&s, "2026-08-11", &[]);
    assert!(of_kind(&rows, "rectify_due").is_empty(), "{rows:?}");
    let (_, rows) = warn(&s, "2026-08-12", &[]);
    let due = of_kind(&rows, "rectify_due");
    assert_eq!(due.len(), 1);
    assert_eq!(
        (
            due[0]["due_on"].as_str(),
            due[0]["days_left"].as_str(),
            due[0]["evidence"].as_str()
        ),
        ("2026-08-19", "7", "V1")
    );
}

#[test]
fn no_filing_and_unit_failing_and_the_order() {
    let mut s = quiet_accounts();
    s.unit("U2", "定海区卫生健康局", "department");
    s.account("B1", "U2", "wechat", "定海卫健")
        .verified_as("定海区卫生健康局")
        .interactive(true);
    s.clean_posts("B1");
    for account in ["A0", "A1", "B1"] {
        s.filing(account, "open", "2020-01-01");
    }
    let (wd, rows) = warn(&s, "2026-08-11", &[]);
    // A2 has no open filing (M3); U1 fails were the quarter to end today (A2 is vetoed by X1).
    let filing = of_kind(&rows, "no_filing");
    assert_eq!(filing.len(), 1);
    assert_eq!(
        (
            filing[0]["account_id"].as_str(),
            filing[0]["due_on"].as_str()
        ),
        ("A2", "")
    );
    let failing = of_kind(&rows, "unit_failing");
    assert_eq!(failing.len(), 1, "U2 passes");
    assert_eq!(
        (
            failing[0]["unit_id"].as_str(),
            failing[0]["account_id"].as_str(),
            failing[0]["due_on"].as_str(),
            failing[0]["days_left"].as_str(),
            failing[0]["evidence"].as_str(),
        ),
        ("U1", "", "2026-09-30", "50", "A2")
    );
    // By due date, empty last; then unit, account, kind.
    let order: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["due_on"].clone(),
                r["account_id"].clone(),
                r["kind"].clone(),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![
            ("2026-08-15".into(), "A1".into(), "no_update".into()),
            ("2026-09-30".into(), "".into(), "unit_failing".into()),
            ("".into(), "A2".into(), "no_update".into()),
            ("".into(), "A2".into(), "no_filing".into()),
        ]
    );
    let summary = wd.summary();
    assert_eq!(summary["command"], "warn");
    assert_eq!(summary["as_of"], "2026-08-11");
    assert_eq!(summary["period"], "2026Q3");
    let mut files: Vec<String> = (summary["files"].as_array().unwrap().iter())
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "rejects.csv",
            "summary.json",
            "warnings.csv",
            "warnings.html"
        ]
    );
    let html = wd.read_out("warnings.html");
    let (u1, u2) = (
        html.find("定海区教育局（U1）"),
        html.find("定海区卫生健康局"),
    );
    assert!(u1.is_some() && u2.is_none(), "only U1 has warnings");
    assert!(html.contains("2026-08-15") && html.contains("4 天"));
}

#[test]
fn default_as_of_is_the_latest_post_and_bad_input_is_fatal() {
    let s = quiet_accounts();
    let wd = Workdir::new();
    s.write(&wd);
    // The latest post is A0's on 2026-09-30: the default folder is reports/warnings-2026-09-30.
    let out = wd.run(&["warn", "--data", "data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("as of 2026-09-30"),
        "{}",
        stderr(&out)
    );
    assert!(
        wd.path()
            .join("reports/warnings-2026-09-30/warnings.csv")
            .is_file()
    );
    // A second warn replaces its own folder; an assess folder is refused (exit 2).
    let out = wd.run(&["warn", "--data", "data", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = wd.run(&[
        "assess", "--data", "data", "--out", "a", "--quiet", "--draws", "0",
    ]);
    assert!(out.status.success());
    let out = wd.run(&["warn", "--data", "data", "--out", "a", "--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = wd.run(&["warn", "--data", "data", "--as-of", "soon", "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("soon"));
    // A bad row is rejected as assess rejects it, and written to rejects.csv.
    wd.write(
        "posts.csv",
        "post_id,account_id,published_at\nP1,A0,someday\nP2,A0,2026-09-01 10:00\n",
    );
    let out = wd.run(&["warn", "--data", "data", "--out", "w", "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rejects = std::fs::read_to_string(wd.path().join("w/rejects.csv")).unwrap();
    assert!(rejects.contains("posts.csv,2,published_at"), "{rejects}");
}
