//! Ingest tests: encodings, headers, value forms, rejects and fatal errors (SPEC §2), each run
//! through the real binary.

use std::fs::File;

use polars::prelude::*;

use crate::workdir::{Workdir, stderr, stdout};

fn triples(expected: &[(&str, u64, &str)]) -> Vec<(String, u64, String)> {
    expected
        .iter()
        .map(|(f, l, c)| (f.to_string(), *l, c.to_string()))
        .collect()
}

/// Rows read / accepted / rejected of one file in summary.json.
fn counts(summary: &serde_json::Value, file: &str) -> (u64, u64, u64) {
    let inputs = summary["inputs"].as_array().expect("inputs");
    let entry = inputs
        .iter()
        .find(|i| i["file"] == file)
        .expect("file in summary");
    let n = |k: &str| entry[k].as_u64().expect("count");
    (n("rows_read"), n("rows_accepted"), n("rows_rejected"))
}

#[test]
fn every_reject_reason_is_named_by_file_line_and_column_in_spec_order() {
    let wd = Workdir::new();
    wd.fixture("rejects");
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = triples(&[
        ("units.csv", 3, "must_open"),            // unparsable boolean
        ("units.csv", 5, "parent_id"),            // parent does not exist
        ("units.csv", 6, "parent_id"),            // parent was itself rejected (cascade)
        ("units.csv", 7, "unit_id"),              // duplicate key, first kept
        ("units.csv", 8, "unit_name"),            // missing required value
        ("units.csv", 9, "unit_type"),            // unknown enum value
        ("units.csv", 10, ""),                    // wrong number of fields
        ("accounts.csv", 3, "unit_id"),           // unit rejected → account rejected
        ("accounts.csv", 4, "closed_on"),         // closed before opened
        ("accounts.csv", 5, "followers"),         // negative count
        ("accounts.csv", 6, "account_id"),        // duplicate
        ("accounts.csv", 7, "platform"),          // unknown enum
        ("accounts.csv", 8, "status"),            // missing required value
        ("accounts.csv", 9, "unit_id"),           // unit rejected for a bad value
        ("accounts.csv", 10, "closed_on"),        // unparsable date comes before the date order
        ("accounts.csv", 12, "platform"),         // a missing value comes before a bad reference
        ("posts.csv", 3, "account_id"),           // account rejected → post rejected
        ("posts.csv", 4, "post_id"),              // duplicate
        ("posts.csv", 5, "published_at"),         // no 32 August
        ("posts.csv", 6, "account_id"),           // unknown account
        ("posts.csv", 8, "post_id"),              // missing key
        ("engagement.csv", 3, "account_id;date"), // same key once parsed: 2026/7/1 = 2026-07-01
        ("engagement.csv", 4, "followers"),
        ("engagement.csv", 5, "account_id"),
        ("engagement.csv", 6, "followers"), // 1.5 is not a whole count
        ("messages.csv", 2, "replied_at"),  // replied before received
        ("messages.csv", 4, "message_id"),
        ("messages.csv", 5, "account_id"),
        ("violations.csv", 2, "resolved_on"),
        ("violations.csv", 4, "category"),
        ("violations.csv", 5, "violation_id"),
        ("filings.csv", 3, "filed_on"),
        ("filings.csv", 4, "account_id"),
    ]);
    assert_eq!(wd.rejects(), expected);

    let summary = wd.summary();
    assert_eq!(counts(&summary, "units.csv"), (11, 4, 7));
    assert_eq!(counts(&summary, "accounts.csv"), (11, 2, 9));
    assert_eq!(counts(&summary, "posts.csv"), (7, 2, 5));
    assert_eq!(counts(&summary, "engagement.csv"), (5, 1, 4));
    assert_eq!(counts(&summary, "messages.csv"), (4, 1, 3));
    assert_eq!(counts(&summary, "violations.csv"), (4, 1, 3));
    assert_eq!(counts(&summary, "filings.csv"), (3, 1, 2));
    assert_eq!(summary["rows_rejected"], 33);
}

#[test]
fn reject_values_hold_the_raw_text_and_the_whole_record_for_ragged_rows() {
    let wd = Workdir::new();
    wd.fixture("rejects");
    assert!(wd.assess(&["--period", "2026Q3"]).status.success());
    let rejects = wd.read_out("rejects.csv");
    assert!(
        rejects.contains("units.csv,10,,\"U7,ragged,department\","),
        "{rejects}"
    );
    assert!(
        rejects.contains("engagement.csv,3,account_id;date,A1;2026/7/1,"),
        "{rejects}"
    );
    assert!(
        rejects.contains("accounts.csv,5,followers,-1,"),
        "{rejects}"
    );
}

#[test]
fn validate_prints_counts_and_names_each_problem_and_writes_nothing() {
    let wd = Workdir::new();
    wd.fixture("rejects");
    let out = wd.run(&["validate", "--data", "data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("33 rows rejected"), "{text}");
    assert!(text.contains("posts.csv · published_at"), "{text}");
    assert!(text.contains("line 5: \"2026-08-32 08:00\""), "{text}");
    assert!(!wd.out().exists());
    assert!(!wd.path().join("reports").exists());
}

#[test]
fn every_accepted_value_form_is_accepted() {
    let wd = Workdir::new();
    wd.fixture("formats");
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.rejects(), vec![], "{}", wd.read_out("rejects.csv"));
    let summary = wd.summary();
    assert_eq!(counts(&summary, "units.csv"), (21, 21, 0));
    assert_eq!(counts(&summary, "accounts.csv"), (21, 21, 0));
    assert_eq!(counts(&summary, "posts.csv"), (8, 8, 0));
    assert_eq!(counts(&summary, "violations.csv"), (8, 8, 0));
    assert_eq!(counts(&summary, "filings.csv"), (5, 5, 0));
    let units = &summary["inputs"][0];
    assert_eq!(units["ignored_columns"], serde_json::json!(["备用列"]));
}

#[test]
fn gb18030_with_chinese_headers_a_bom_and_crlf_are_read_and_reported() {
    let wd = Workdir::new();
    wd.fixture("encodings");
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.rejects(), vec![]);
    let summary = wd.summary();
    let encodings: Vec<&str> = (0..3)
        .map(|i| summary["inputs"][i]["encoding"].as_str().unwrap())
        .collect();
    assert_eq!(encodings, ["GB18030", "UTF-8 (BOM)", "UTF-8"]);
    assert_eq!(counts(&summary, "units.csv"), (2, 2, 0));
    assert_eq!(counts(&summary, "posts.csv"), (2, 2, 0));
}

#[test]
fn blank_lines_are_skipped_and_not_counted_and_lines_stay_physical() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    wd.write(
        "posts.csv",
        "post_id,account_id,published_at\n\nP1,A1,2026-08-01\n\n\nP1,A1,2026-08-02\n   \n",
    );
    assert!(wd.assess(&[]).status.success());
    assert_eq!(wd.rejects(), triples(&[("posts.csv", 6, "post_id")]));
    assert_eq!(counts(&wd.summary(), "posts.csv"), (2, 1, 1));
}

#[test]
fn a_parent_may_refer_forward_and_rejection_cascades_down_a_chain() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    // U3 → U2 → U9 (missing): both fall; U4 → U5 (later in the file) stands.
    wd.write(
        "units.csv",
        "unit_id,unit_name,unit_type,parent_id\nU1,a,department,\nU3,c,department,U2\nU2,b,department,U9\nU4,d,department,U5\nU5,e,department,\n",
    );
    wd.write("accounts.csv", "account_id,unit_id,platform,account_name,status\nA1,U1,wechat,x,active\nA3,U3,wechat,y,active\n");
    wd.write(
        "posts.csv",
        "post_id,account_id,published_at\nP1,A1,2026-08-01\nP3,A3,2026-08-01\n",
    );
    assert!(wd.assess(&[]).status.success());
    assert_eq!(
        wd.rejects(),
        triples(&[
            ("units.csv", 3, "parent_id"),
            ("units.csv", 4, "parent_id"),
            ("accounts.csv", 3, "unit_id"),
            ("posts.csv", 3, "account_id"),
        ])
    );
}

#[test]
fn a_duplicate_is_compared_only_with_accepted_rows() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    // The first A2 is rejected (bad platform), so the second A2 is the first accepted one.
    wd.write(
        "accounts.csv",
        "account_id,unit_id,platform,account_name,status\nA1,U1,wechat,x,active\nA2,U1,myspace,y,active\nA2,U1,weibo,y,active\nA2,U1,douyin,z,active\n",
    );
    assert!(wd.assess(&[]).status.success());
    assert_eq!(
        wd.rejects(),
        triples(&[
            ("accounts.csv", 3, "platform"),
            ("accounts.csv", 5, "account_id")
        ])
    );
}

fn assert_fatal(wd: &Workdir, must_mention: &[&str]) {
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    for word in must_mention {
        assert!(message.contains(word), "{word:?} not in {message}");
    }
    assert!(
        !wd.out().exists(),
        "nothing may be written on a fatal error"
    );
}

#[test]
fn fatal_missing_required_file() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    std::fs::remove_file(wd.data().join("posts.csv")).unwrap();
    assert_fatal(&wd, &["posts.csv", "missing"]);
}

#[test]
fn fatal_missing_required_column() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    wd.write(
        "accounts.csv",
        "account_id,unit_id,account_name,status\nA1,U1,x,active\n",
    );
    assert_fatal(&wd, &["accounts.csv", "platform", "平台"]);
}

#[test]
fn fatal_column_given_twice_by_english_name_and_alias() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    wd.write(
        "accounts.csv",
        "account_id,unit_id,platform,account_name,status,账号ID\nA1,U1,wechat,x,active,A1\n",
    );
    assert_fatal(&wd, &["accounts.csv", "account_id", "twice", "账号ID"]);
}

#[test]
fn fatal_undecodable_file_names_line_and_byte() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    // 0xFF can start no GB18030 sequence and is not UTF-8.
    wd.write_bytes(
        "units.csv",
        b"unit_id,unit_name,unit_type\nU1,\xFF\xFF,department\n",
    );
    assert_fatal(&wd, &["units.csv", "line 2", "byte 4", "GB18030"]);
}

#[test]
fn fatal_units_without_an_accepted_row() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    wd.write("units.csv", "unit_id,unit_name,unit_type\nU1,,department\n");
    assert_fatal(&wd, &["units.csv", "no row was accepted"]);
}

#[test]
fn fatal_empty_file_and_both_formats() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    wd.write("filings.csv", "");
    assert_fatal(&wd, &["filings.csv", "empty"]);
    std::fs::remove_file(wd.data().join("filings.csv")).unwrap();
    wd.write("units.parquet", "not parquet");
    assert_fatal(&wd, &["units.csv", "units.parquet"]);
}

#[test]
fn strict_refuses_to_write_when_a_row_is_rejected() {
    let wd = Workdir::new();
    wd.fixture("rejects");
    let out = wd.assess(&["--strict"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(!wd.out().exists());
    let wd = Workdir::new();
    wd.fixture("minimal");
    assert_eq!(wd.assess(&["--strict"]).status.code(), Some(0));
}

#[test]
fn bad_period_and_as_of_are_fatal() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    assert_eq!(wd.assess(&["--period", "2026Q5"]).status.code(), Some(2));
    assert_eq!(
        wd.assess(&["--period", "2026Q3", "--as-of", "2026-10-01"])
            .status
            .code(),
        Some(2)
    );
    assert!(!wd.out().exists());
}

#[test]
fn default_period_and_output_folder_come_from_the_latest_post() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let out = wd.run(&["assess", "--data", "data"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("2026Q3"));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(wd.path().join("reports/2026Q3/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["as_of"], "2026-09-30");
    assert_eq!(summary["previous_period"], "2026Q2");
}

fn write_parquet(wd: &Workdir, name: &str, columns: Vec<Column>) {
    let height = columns[0].len();
    let mut frame = DataFrame::new(height, columns).unwrap();
    ParquetWriter::new(File::create(wd.data().join(name)).unwrap())
        .finish(&mut frame)
        .unwrap();
}

fn text_column(name: &str, values: &[Option<&str>]) -> Column {
    Column::from(Series::new(name.into(), values))
}

/// A `published_at` column of microseconds since 1970-01-01.
fn published_at(micros: &[i64]) -> Column {
    Column::from(
        Series::new("published_at".into(), micros)
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
            .unwrap(),
    )
}

#[test]
fn parquet_stands_in_for_csv_with_typed_columns_taken_as_they_are() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    std::fs::remove_file(wd.data().join("accounts.csv")).unwrap();
    std::fs::remove_file(wd.data().join("posts.csv")).unwrap();
    let days_2026_07_01 = 20_635i32; // days since 1970-01-01
    write_parquet(
        &wd,
        "accounts.parquet",
        vec![
            text_column("account_id", &[Some("A1"), Some("A2"), Some("A3")]),
            text_column("单位编码", &[Some("U1"), Some("U1"), Some("U1")]),
            text_column("platform", &[Some("微信"), Some("weibo"), Some("douyin")]),
            text_column("account_name", &[Some("x"), Some("y"), Some("z")]),
            text_column("status", &[Some("active"), Some("active"), Some("active")]),
            Column::from(Series::new(
                "followers".into(),
                &[Some(5i64), Some(-2), None],
            )),
            Column::from(Series::new(
                "verified".into(),
                &[Some(true), None, Some(false)],
            )),
            Column::from(
                Series::new(
                    "opened_on".into(),
                    &[days_2026_07_01, days_2026_07_01, days_2026_07_01],
                )
                .cast(&DataType::Date)
                .unwrap(),
            ),
        ],
    );
    let eight_am = (days_2026_07_01 as i64 * 86_400 + 8 * 3600) * 1_000_000;
    write_parquet(
        &wd,
        "posts.parquet",
        vec![
            text_column("post_id", &[Some("P1"), Some("P2"), Some("P3")]),
            text_column("account_id", &[Some("A1"), Some("A2"), Some("A3")]),
            published_at(&[eight_am, eight_am, eight_am]),
        ],
    );
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A2's negative follower count rejects it (row 2 = line 3), and its post with it.
    assert_eq!(
        wd.rejects(),
        triples(&[
            ("accounts.parquet", 3, "followers"),
            ("posts.parquet", 3, "account_id")
        ])
    );
    let summary = wd.summary();
    assert_eq!(summary["inputs"][1]["format"], "parquet");
    assert_eq!(counts(&summary, "accounts.parquet"), (3, 2, 1));
    assert_eq!(summary["period"], "2026Q3");
}

#[test]
fn parquet_numbers_in_a_text_column_are_read_as_the_text_they_show() {
    // Regression: text columns borrow their text from the cell, so the Parquet reader hands a
    // number in an id column as text (it was rejected as unparsable when that was missed).
    let wd = Workdir::new();
    wd.fixture("minimal");
    std::fs::remove_file(wd.data().join("posts.csv")).unwrap();
    let eight_am = (20_635i64 * 86_400 + 8 * 3600) * 1_000_000;
    write_parquet(
        &wd,
        "posts.parquet",
        vec![
            Column::from(Series::new("post_id".into(), &[101i64, 102, 101])),
            text_column("account_id", &[Some("A1"), Some("A1"), Some("A1")]),
            published_at(&[eight_am, eight_am, eight_am]),
        ],
    );
    let out = wd.assess(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(wd.rejects(), triples(&[("posts.parquet", 4, "post_id")]));
    let rejects = std::fs::read_to_string(wd.out().join("rejects.csv")).unwrap();
    assert!(rejects.contains(",101,"), "{rejects}");
    assert_eq!(counts(&wd.summary(), "posts.parquet"), (3, 2, 1));
}

#[test]
fn summary_hashes_are_of_the_files_bytes_whatever_the_encoding() {
    use sha2::{Digest, Sha256};
    let wd = Workdir::new();
    wd.fixture("encodings");
    assert!(wd.assess(&["--period", "2026Q3"]).status.success());
    let summary = wd.summary();
    for (i, file) in ["units.csv", "accounts.csv", "posts.csv"]
        .iter()
        .enumerate()
    {
        let bytes = std::fs::read(wd.data().join(file)).unwrap();
        let expected: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(summary["inputs"][i]["sha256"], expected.as_str(), "{file}");
    }
}
