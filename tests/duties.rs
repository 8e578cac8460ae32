//! The rest of the Measures (SPEC §17): repost tasks (U3), the registry's life cycle (L1–L3) and
//! working-day deadlines, each computed by hand on a small folder; and the byte identity of the
//! outputs of a folder without tasks.csv and calendar.csv.

use std::path::Path;

use crate::common::{Scenario, read_csv};
use crate::workdir::{Workdir, stderr};

/// SPEC §17 R-a, R-c: without tasks.csv and calendar.csv (and with a `task_id` column in
/// posts.csv, read and ignored), the eight files are byte for byte what govmedia wrote before
/// §17 (tests/fixtures/before17, written by commit 7b6ae9b).
#[test]
fn outputs_without_tasks_or_calendar_are_as_before() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wd = Workdir::new();
    for entry in std::fs::read_dir(root.join("data/sample")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !matches!(name.as_str(), "tasks.csv" | "calendar.csv" | "summary.json") {
            std::fs::copy(root.join("data/sample").join(&name), wd.data().join(&name)).unwrap();
        }
    }
    std::fs::copy(
        root.join("data/appeals-example.csv"),
        wd.data().join("appeals.csv"),
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(wd.data().join("posts.csv"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .ends_with(",task_id"),
        "the sample's posts carry the task_id column"
    );
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    for file in [
        "account_scores.csv",
        "unit_scores.csv",
        "deductions.csv",
        "consolidation.csv",
        "accountability.csv",
        "robustness.csv",
        "rejects.csv",
        "appeals_result.csv",
    ] {
        let before = std::fs::read(root.join("tests/fixtures/before17").join(file)).unwrap();
        let now = std::fs::read(wd.out().join(file)).unwrap();
        assert!(before == now, "{file} differs from the output before §17");
    }
    assert!(!wd.out().join("tasks_result.csv").exists());
    let summary = wd.summary();
    assert!(summary.get("tasks").is_none() && summary.get("calendar").is_none());
    let not_evaluated = summary["not_evaluated"].to_string();
    assert!(!not_evaluated.contains("U3"), "{not_evaluated}");
    let method = std::fs::read_to_string(wd.out().join("report/method.html")).unwrap();
    assert!(!method.contains("U3"));
}

const TASKS_HEADER: &str =
    "task_id,issued_on,due_on,title,url,units,unit_types,platforms,exclude_units,source";
const POSTS_HEADER: &str = "post_id,account_id,published_at,original,reviewed,title,url,task_id";

/// Two units (a department and a township), four accounts, four tasks: one counted for every
/// unit, one for townships on WeChat, one pending, one of an earlier period.
fn tasks_scenario() -> Workdir {
    let mut s = Scenario::new();
    s.unit("U2", "定海区盐仓街道", "subdistrict");
    s.unit("U3", "定海区环南街道", "subdistrict");
    s.account("A1", "U1", "wechat", "定海教育");
    s.account("A2", "U1", "weibo", "定海教育");
    s.account("A3", "U2", "wechat", "盐仓发布");
    s.account("A4", "U1", "miniprogram", "定海教育小程序");
    s.account("A5", "U2", "douyin", "盐仓发布")
        .opened_on("2026-07-05");
    let wd = Workdir::new();
    s.write(&wd);
    wd.write(
        "tasks.csv",
        &format!(
            "{TASKS_HEADER}\n\
             T1,2026-07-01,2026-07-10,【关注】“防汛防台”工作部署！,HTTPS://Mp.Weixin.QQ.com/s/Ab1?x=1#p,,,,U3,浙江发布\n\
             T2,2026-08-01,2026-08-05,台风过后防疫提示,,,\"乡镇、街道\",微信,,舟山发布\n\
             T3,2026-09-20,2026-10-09,国庆假期出行提示,,,,,,浙江发布\n\
             T4,2026-06-01,2026-06-20,梅汛期防御,,,,,,浙江发布\n"
        ),
    );
    wd.write(
        "posts.csv",
        &format!(
            "{POSTS_HEADER}\n\
             P1,A1,2026-07-10 23:59,false,true,转发,,T1\n\
             P2,A2,2026-07-12 09:00,false,true,转发,https://mp.weixin.qq.com/s/Ab1?x=1,\n\
             P3,A2,2026-07-13 09:00,false,true,转发,,T1\n\
             P4,A3,2026-07-05 09:00,false,true,关注 \"防汛防台\" 工作部署!,,\n\
             P5,A3,2026-06-30 09:00,false,true,转发,,T1\n\
             P6,A4,2026-07-02 09:00,false,true,转发,,T1\n\
             P7,A1,2026-07-03 09:00,false,true,转发,,T9\n\
             P8,A3,2026-08-06 09:00,false,true,台风过后防疫提示,,T1\n"
        ),
    );
    wd
}

/// U3 by hand (points_missed 2, points_late 1): T1 binds A1, A2, A3 (every unit but the
/// excluded U3; not the mini-program; not A5, opened after it was issued). A1 reposts it by its
/// task_id at 23:59 of the due day: done. A2 by the url on the 12th (late; its task_id post of the
/// 13th comes later): late, 1 point. A3 by the title on the 5th (P5 is before issued_on): done.
/// T2 binds A3 only; P8 names T1 by its task_id, so it completes T1 only: T2 missed, 2 points.
#[test]
fn u3_counts_missed_and_late_tasks_by_hand() {
    let wd = tasks_scenario();
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.rejects(), vec![]);
    let rows: Vec<String> = read_csv(&wd.out().join("tasks_result.csv"))
        .iter()
        .map(|r| {
            let cells = ["task_id", "account_id", "status", "post_id", "published_on"];
            let mut line: Vec<&str> = cells.iter().map(|c| r[*c].as_str()).collect();
            line.push(&r["matched_by"]);
            line.join(" ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "T1 A1 done P1 2026-07-10 task_id",
            "T1 A2 late P2 2026-07-12 url",
            "T1 A3 done P4 2026-07-05 title",
            "T2 A3 missed   ",
        ]
    );
    let deductions = read_csv(&wd.out().join("deductions.csv"));
    let u3: Vec<(String, String, String, String)> = (deductions.iter())
        .filter(|d| d["rule"] == "U3")
        .map(|d| {
            let cell = |c: &str| d[c].clone();
            (cell("id"), cell("points"), cell("evidence"), cell("item"))
        })
        .collect();
    assert_eq!(
        u3,
        [
            ("A2".into(), "1".into(), "T1".into(), "update".into()),
            ("A3".into(), "2".into(), "T2".into(), "update".into()),
        ]
    );
    let a3 = deductions
        .iter()
        .find(|d| d["rule"] == "U3" && d["id"] == "A3");
    assert!(a3.unwrap()["detail"].starts_with("应转发2项，未转发1项"));
    let units = read_csv(&wd.out().join("unit_scores.csv"));
    let unit = |id: &str| units.iter().find(|u| u["unit_id"] == id).unwrap();
    let counts = |id: &str| {
        let u = unit(id);
        [
            "tasks_due",
            "tasks_done",
            "tasks_late",
            "tasks_missed",
            "task_completion_rate",
        ]
        .map(|c| u[c].clone())
    };
    assert_eq!(counts("U1"), ["2", "1", "1", "0", "0.5"]);
    assert_eq!(counts("U2"), ["2", "1", "0", "1", "0.5"]);
    assert_eq!(counts("U3"), ["0", "0", "0", "0", ""]);
    let tasks = &wd.summary()["tasks"];
    assert_eq!(
        [
            "counted",
            "pending",
            "earlier",
            "pairs",
            "done",
            "late",
            "missed",
            "unknown_task_posts",
            "unbound_reposts"
        ]
        .map(|k| tasks[k].as_u64().unwrap()),
        [2, 1, 1, 4, 2, 1, 1, 1, 1]
    );
    let overview = std::fs::read_to_string(wd.out().join("report/tasks.html")).unwrap();
    assert!(overview.contains("防汛防台") && overview.contains("定海区盐仓街道"));
}

/// An accepted U3 appeal with a task_id takes that pair out of U3, tasks_result.csv and the
/// unit's counts; one without a record waives U3 for the account, its pairs kept; a task_id that
/// is no task, or a task that does not bind the account, rejects the row.
#[test]
fn u3_appeals_remove_a_pair_or_waive_the_rule() {
    let wd = tasks_scenario();
    wd.write(
        "appeals.csv",
        "appeal_id,period,unit_id,rule,account_id,record_id,filed_on,decision,decided_on,reason\n\
         S1,2026Q3,U2,U3,A3,T2,2026-10-05,accepted,2026-10-08,台风停电\n\
         S2,2026Q3,U1,U3,A2,,2026-10-05,accepted,2026-10-08,账号被盗\n\
         S3,2026Q3,U1,U3,A2,T7,2026-10-05,accepted,2026-10-08,不存在的任务\n\
         S4,2026Q3,U2,U3,A5,T1,2026-10-05,accepted,2026-10-08,不约束该账号的任务\n",
    );
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        wd.rejects(),
        vec![
            ("appeals.csv".into(), 4, "record_id".into()),
            ("appeals.csv".into(), 5, "record_id".into())
        ]
    );
    let inputs = wd.summary()["inputs"].clone();
    let appeals = (inputs.as_array().unwrap().iter())
        .find(|f| f["file"] == "appeals.csv")
        .unwrap()
        .clone();
    assert_eq!(
        (
            appeals["rows_accepted"].as_u64(),
            appeals["rows_rejected"].as_u64()
        ),
        (Some(2), Some(2))
    );
    let rows = read_csv(&wd.out().join("tasks_result.csv"));
    assert!(!rows.iter().any(|r| r["task_id"] == "T2"));
    assert!(rows.iter().any(|r| r["account_id"] == "A2"));
    let deductions = read_csv(&wd.out().join("deductions.csv"));
    let u3: Vec<(&str, &str)> = (deductions.iter())
        .filter(|d| d["rule"] == "U3")
        .map(|d| (d["id"].as_str(), d["points"].as_str()))
        .collect();
    assert_eq!(u3, [("A2", "0")]);
    let results = read_csv(&wd.out().join("appeals_result.csv"));
    let effects: Vec<&str> = results.iter().map(|r| r["effect"].as_str()).collect();
    assert_eq!(effects, ["removed", "waived"]);
}

/// tasks.csv's bad rows, in the order SPEC §17.1 checks them; a unit list of 10,000 ids in one
/// cell and a task due in 9999 are taken in their stride.
#[test]
fn bad_task_rows_are_rejected_in_order() {
    let wd = tasks_scenario();
    let many: Vec<String> = (0..10_000).map(|i| format!("X{i}")).collect();
    let long_list = format!("U1、{}", many.join("\n"));
    wd.write(
        "tasks.csv",
        &format!(
            "{TASKS_HEADER}\n\
             T1,2026-07-01,2026-07-10,标题,,,,,,\n\
             T2,2026-07-01\n\
             ,2026-07-01,2026-07-10,,,,,,,\n\
             T3,2026-07-32,2026-07-10,,,,,,,\n\
             T4,2026-07-01,2026-07-10,,,,乡村,,,\n\
             T5,2026-07-01,2026-07-10,,,,,微信；飞书,,\n\
             T6,2026-07-10,2026-07-01,,,,,,,\n\
             T7,2026-07-01,2026-07-10,,,U1，U9,,,,\n\
             T8,2026-07-01,2026-07-10,,,,,,U9,\n\
             T1,2026-07-01,2026-07-10,,,,,,,\n\
             T9,2026-07-01,2026-07-10,,,\"{long_list}\",,,,\n\
             T10,2026-07-01,9999-12-31,,,\"U1 U2\nU2\",,今日头条/头条号,,\n"
        ),
    );
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rejects: Vec<(u64, String)> = (wd.rejects().into_iter())
        .filter(|(file, _, _)| file == "tasks.csv")
        .map(|(_, line, column)| (line, column))
        .collect();
    let expected = [
        (3, ""),
        (4, "task_id"),
        (5, "issued_on"),
        (6, "unit_types"),
        (7, "platforms"),
        (8, "due_on"),
        (9, "units"),
        (10, "exclude_units"),
        (11, "task_id"),
        (12, "units"),
    ];
    let expected: Vec<(u64, String)> = expected.iter().map(|(l, c)| (*l, c.to_string())).collect();
    assert_eq!(rejects, expected);
    let tasks = &wd.summary()["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "tasks.csv")
        .unwrap()
        .clone();
    assert_eq!(tasks["rows_read"], 12);
    assert_eq!(tasks["rows_accepted"], 2);
    assert_eq!(wd.summary()["tasks"]["pending"], 1);
}

/// A calendar.csv with no accepted row stops the run (exit 2) and says how to go on.
#[test]
fn an_empty_calendar_is_fatal() {
    let wd = tasks_scenario();
    wd.write(
        "calendar.csv",
        "date,kind,name\n2026-13-01,holiday,坏日期\n",
    );
    let out = wd.assess(&["--period", "2026Q3"]);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("calendar.csv") && message.contains("remove it"),
        "{message}"
    );
    assert!(!wd.out().exists());
}

/// A calendar with a holiday week (3–7 August) and a 调休 Saturday (8 August), the Mid-Autumn
/// Friday (25 September) and a make-up Sunday (27 September). By hand:
/// - V1, V2 typo found Friday 31 July: 5 working days = 8 Aug (Sat), 10, 11, 12, 13 August.
///   V1 resolved on the 13th is in time; V2 on the 14th is overdue (K1 × 1.5). Without the
///   calendar both took under 30 days.
/// - V3 broken_function found Monday 21 September, unresolved: 22, 23, 24, 27 (Sun), 28 → as_of
///   30 September is past it: R6. Without the calendar, 9 days is not.
#[test]
fn working_day_deadlines_across_a_holiday_week_and_a_makeup_saturday() {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.violation("V1", "A1", "2026-07-31", "typo", "2026-08-13");
    s.violation("V2", "A1", "2026-07-31", "typo", "2026-08-14");
    s.violation("V3", "A1", "2026-09-21", "broken_function", "");
    let plain = s.run(&[]);
    let k1 = |o: &crate::common::Outputs| {
        (o.findings("A1").into_iter())
            .find(|(rule, _, _)| rule == "K1")
            .map(|(_, points, _)| points)
    };
    assert_eq!(k1(&plain).as_deref(), Some("4")); // typo 1 + typo 1 + broken_function 2
    assert!(!plain.wd.read_out("accountability.csv").contains("R6"));

    let wd = Workdir::new();
    s.write(&wd);
    let mut calendar = String::from("date,kind,name\n");
    for d in 3..=7 {
        calendar.push_str(&format!("2026-08-0{d},放假,防台风停工\n"));
    }
    calendar
        .push_str("2026-08-08,补班,调休上班\n2026-09-25,节假日,中秋节\n2026-09-27,上班,调休上班\n");
    wd.write("calendar.csv", &calendar);
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let deductions = read_csv(&wd.out().join("deductions.csv"));
    let k1 = deductions.iter().find(|d| d["rule"] == "K1").unwrap();
    assert_eq!(k1["points"], "5.5", "{}", k1["detail"]); // 1 + 1 × 1.5 + 2 × 1.5
    let accountability = wd.read_out("accountability.csv");
    assert!(accountability.contains("R6"), "{accountability}");
    assert!(accountability.contains("2026年9月28日"), "{accountability}");
    let calendar = &wd.summary()["calendar"];
    assert_eq!(calendar["holidays"], 6);
    assert_eq!(calendar["makeup_workdays"], 2);
    assert_eq!(calendar["first"], "2026-08-03");
}

/// L1, L2 and L3 by hand (filing_days 7, no calendar), against a previous run's accounts.
#[test]
fn life_cycle_findings_by_hand() {
    let mut s = Scenario::new();
    s.clean("B1", "wechat");
    s.account("B2", "U1", "weibo", "定海教育")
        .status("closed")
        .closed_on("2026-07-15");
    s.account("B3", "U1", "douyin", "定海教育")
        .status("suspended");
    s.account("B4", "U1", "toutiao", "定海教育")
        .opened_on("2026-07-01");
    s.account("B5", "U1", "kuaishou", "定海教育")
        .opened_on("2026-07-01");
    s.account("B6", "U1", "channels", "定海教育新名");
    s.account("B7", "U1", "bilibili", "定海教育新名");
    s.account("B8", "U1", "xiaohongshu", "定海教育")
        .status("closed");
    s.post("B2", "2026-07-10 09:00", "true", "true");
    s.post("B2", "2026-07-20 09:00", "true", "true");
    s.post("B3", "2026-08-02 09:00", "true", "true");
    s.post("B3", "2026-07-30 09:00", "true", "true");
    s.filing("B1", "open", "2020-01-01");
    s.filing("B3", "suspend", "2026-08-01");
    s.filing("B4", "open", "2026-07-09");
    s.filing("B4", "open", "2026-07-20");
    s.filing("B5", "open", "2026-07-08");
    s.filing("B7", "change", "2026-08-01");
    let wd = Workdir::new();
    s.write(&wd);
    let previous = wd.path().join("previous");
    std::fs::create_dir_all(&previous).unwrap();
    std::fs::write(previous.join("unit_scores.csv"), "unit_id,grade\nU1,good\n").unwrap();
    std::fs::write(
        previous.join("account_scores.csv"),
        "account_id,account_name,unit_id\nB6,定海 教育,U1\nB7,定海教育,U1\nB1,定海教育,U1\n",
    )
    .unwrap();
    // The previous run listed B2 and B8 for closing: both are closed now, and B2 posts again.
    std::fs::write(
        previous.join("consolidation.csv"),
        "account_id,unit_id,action\nB2,U1,close\nB8,U1,close\n",
    )
    .unwrap();
    std::fs::write(previous.join("accountability.csv"), "unit_id,level,rules\n").unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--previous", "previous"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<String> = read_csv(&wd.out().join("lifecycle.csv"))
        .iter()
        .map(|r| {
            let cells = [
                "kind",
                "account_id",
                "event",
                "event_on",
                "due_on",
                "filed_on",
                "evidence",
            ];
            cells.map(|c| r[c].as_str()).join(" ")
        })
        .collect();
    assert_eq!(
        rows,
        [
            "L1 B2 close 2026-07-15   P16",
            "L1 B3 suspend 2026-08-01   P17",
            "L2 B4 open 2026-07-01 2026-07-08 2026-07-09 filings.csv:4",
            "L3 B6 change    ",
        ]
    );
    let followup: Vec<(String, String)> = read_csv(&wd.out().join("followup.csv"))
        .iter()
        .map(|r| (r["id"].clone(), r["status"].clone()))
        .collect();
    assert_eq!(
        followup,
        [
            ("B2".into(), "reopened".into()),
            ("B8".into(), "done".into())
        ]
    );
    let summary = wd.summary();
    assert_eq!(summary["lifecycle"]["not_evaluated"], serde_json::json!([]));
    // Listed, never scored (R-b): no deduction names an L rule.
    assert!(!wd.read_out("deductions.csv").contains(",L"));
    let quality = std::fs::read_to_string(wd.out().join("report/data-quality.html")).unwrap();
    assert!(quality.contains("账号生命周期核查") && quality.contains("变更未备案"));
}

/// `warn` as of 3 August: T2 (due on the 5th) binds A3, which has not reposted it: task_due, due
/// on the 5th, evidence T2; T1 is done or late for every bound account (no warning). A closed
/// account posting after its closure: posting_while_closed, no due date, its post as evidence.
#[test]
fn warn_names_tasks_due_and_closed_accounts_posting() {
    let wd = tasks_scenario();
    let append = |name: &str, line: &str| {
        let path = wd.data().join(name);
        let text = std::fs::read_to_string(&path).unwrap() + line;
        std::fs::write(path, text).unwrap();
    };
    append(
        "accounts.csv",
        "A9,U1,kuaishou,定海教育快手,closed,,2026-07-15,,,,,\n",
    );
    append("posts.csv", "P9,A9,2026-07-20 09:00,false,true,转发,,\n");
    let out = wd.run(&[
        "warn",
        "--data",
        "data",
        "--out",
        "out",
        "--as-of",
        "2026-08-03",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<String> = read_csv(&wd.out().join("warnings.csv"))
        .iter()
        .filter(|r| matches!(r["kind"].as_str(), "task_due" | "posting_while_closed"))
        .map(|r| {
            ["account_id", "kind", "due_on", "evidence"]
                .map(|c| r[c].as_str())
                .join(" ")
        })
        .collect();
    assert_eq!(
        rows,
        ["A3 task_due 2026-08-05 T2", "A9 posting_while_closed  P9"]
    );
}

/// The sample (with its tasks and calendar): a notice names a missed or late task with its title
/// and due date, and its dates count working days (as of 30 September, issued on Saturday 10
/// October, a 调休 working day; the written report due 6 November, objections 16 October).
#[test]
fn the_sample_notices_name_tasks_and_working_day_dates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wd = Workdir::new();
    let data = root.join("data/sample");
    let out = wd.run(&[
        "assess",
        "--data",
        data.to_str().unwrap(),
        "--out",
        "out",
        "--quiet",
        "--draws",
        "0",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let notice = crate::documents::document_xml(&wd.out().join("docs/整改通知书/028-U000004.docx"));
    assert!(
        notice.contains("ZS2026-047（“浙里办”惠企政策专区上线，2026年7月24日截止）"),
        "{notice}"
    );
    assert!(notice.contains("2026年11月6日") && notice.contains("2026年10月16日"));
    let summary = wd.summary();
    assert_eq!(summary["calendar"]["makeup_workdays"], 8);
    assert_eq!(summary["tasks"]["counted"], 4);
}
