//! Never delete what govmedia did not write; never abort on real input (issue 10): the output
//! folder's safety checks, the atomic swap and its recovery, the workbook's limits, Parquet column
//! types, line numbers and exit codes.

use std::fs;
use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};

use crate::workdir::{Workdir, stderr};

/// Every file below `dir` with its bytes, to compare a folder before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// Runs `args`, expects exit code 2 and a message holding every word of `words`.
fn refused(wd: &Workdir, args: &[&str], words: &[&str]) {
    let out = wd.run(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    for word in words {
        assert!(
            stderr(&out).contains(word),
            "{word:?} not in {}",
            stderr(&out)
        );
    }
}

#[test]
fn out_that_is_holds_or_lies_inside_the_data_is_refused_and_nothing_is_removed() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let before = snapshot(wd.path());
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "data"],
        &["it is the data folder"],
    );
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "."],
        &["it holds the data"],
    );
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "data/out"],
        &["inside"],
    );
    refused(
        &wd,
        &["assess", "--data", "data/../data", "--out", "./data/."],
        &["it is"],
    );
    assert_eq!(snapshot(wd.path()), before);
}

#[test]
fn out_that_is_the_current_folder_or_a_parent_of_it_is_refused() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    fs::create_dir_all(wd.path().join("work/here")).unwrap();
    let out = assert_cmd::Command::cargo_bin("govmedia")
        .unwrap()
        .current_dir(wd.path().join("work/here"))
        .args(["assess", "--data", "../../data", "--out", ".."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("current folder"), "{}", stderr(&out));
    assert!(wd.path().join("work/here").is_dir());
}

#[test]
fn a_folder_govmedia_did_not_write_is_never_replaced() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    fs::create_dir_all(wd.path().join("mine/sub")).unwrap();
    fs::write(wd.path().join("mine/notes.txt"), "mine").unwrap();
    fs::write(wd.path().join("mine/sub/plan.docx"), "mine").unwrap();
    let before = snapshot(wd.path());
    let args = ["assess", "--data", "data", "--out", "mine", "--quiet"];
    refused(&wd, &args, &["not written by govmedia"]);
    // A summary.json of someone else's is no manifest either.
    fs::write(wd.path().join("mine/summary.json"), r#"{"tool":"other"}"#).unwrap();
    refused(&wd, &args, &["not written by govmedia"]);
    // Nor is one of an older govmedia that did not list its files.
    fs::write(
        wd.path().join("mine/summary.json"),
        r#"{"tool":"govmedia"}"#,
    )
    .unwrap();
    refused(&wd, &args, &["did not list its files"]);
    fs::remove_file(wd.path().join("mine/summary.json")).unwrap();
    refused(
        &wd,
        &["sample", "--scale", "district", "--out", "mine"],
        &["not written"],
    );
    assert_eq!(snapshot(wd.path()), before);
    // A file in the way.
    fs::write(wd.path().join("afile"), "x").unwrap();
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "afile"],
        &["a file"],
    );
    assert_eq!(fs::read(wd.path().join("afile")).unwrap(), b"x");
}

#[test]
fn a_previous_output_is_replaced_only_while_it_holds_nothing_but_its_own_files() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    assert!(wd.assess(&[]).status.success());
    let summary = wd.summary();
    assert_eq!(summary["tool"], "govmedia");
    assert_eq!(summary["command"], "assess");
    let listed: Vec<String> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    let on_disk: Vec<String> = snapshot(&wd.out()).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        listed, on_disk,
        "the manifest lists exactly the files written"
    );
    // Run again: replaced, and nothing left beside it.
    assert!(wd.assess(&[]).status.success());
    let beside: Vec<_> = fs::read_dir(wd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
    // A file the user put inside stops the next run, which names it and removes nothing.
    fs::write(wd.out().join("my notes.txt"), "keep").unwrap();
    fs::create_dir(wd.out().join("report/drafts")).unwrap();
    let before = snapshot(wd.path());
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "out"],
        &["my notes.txt", "report/drafts"],
    );
    assert_eq!(snapshot(wd.path()), before);
    // assess never replaces a sample folder, nor sample an assess folder.
    fs::remove_file(wd.out().join("my notes.txt")).unwrap();
    fs::remove_dir(wd.out().join("report/drafts")).unwrap();
    refused(
        &wd,
        &["sample", "--scale", "district", "--out", "out"],
        &["govmedia assess"],
    );
}

#[test]
fn a_sample_folder_lists_its_files_and_may_be_written_again() {
    let wd = Workdir::new();
    let args = ["sample", "--scale", "district", "--out", "s", "--quiet"];
    assert!(wd.run(&args).status.success());
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(wd.path().join("s/summary.json")).unwrap()).unwrap();
    assert_eq!(manifest["command"], "sample");
    assert_eq!(manifest["files"].as_array().unwrap().len(), 11);
    assert!(wd.run(&args).status.success());
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "s"],
        &["govmedia sample"],
    );
}

#[test]
fn what_a_killed_run_left_is_recovered_or_removed_at_the_next_start() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    assert!(wd.assess(&[]).status.success());
    let previous = snapshot(&wd.out());
    // Killed between the two renames of the fallback swap: the old output is aside, none in place.
    let dead = 4_294_000_000u32; // no process has this id
    let aside = wd.path().join(format!(".out.old-{dead}"));
    fs::rename(wd.out(), &aside).unwrap();
    // Killed while writing: a temporary folder with part of a new output.
    let partial = wd.path().join(format!(".out.tmp-{}", dead + 1));
    fs::create_dir(&partial).unwrap();
    fs::write(partial.join(".govmedia-journal"), "account_scores.csv\n").unwrap();
    fs::write(partial.join("account_scores.csv"), "partial").unwrap();
    // The next run checks the folder first, then fails on its input: the recovery stands.
    fs::remove_file(wd.data().join("posts.csv")).unwrap();
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&wd.out()), previous, "the previous output is back");
    assert!(!aside.exists() && !partial.exists());
}

#[test]
fn a_failed_run_leaves_no_temporary_folder_and_the_previous_output_whole() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    assert!(wd.assess(&[]).status.success());
    let before = snapshot(wd.path());
    // Fatal after the folder check: an unreadable previous run.
    fs::create_dir(wd.path().join("prev")).unwrap();
    fs::write(wd.path().join("prev/unit_scores.csv"), "garbage\n\"").unwrap();
    let out = wd.assess(&["--previous", "prev"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    fs::remove_dir_all(wd.path().join("prev")).unwrap();
    assert_eq!(snapshot(wd.path()), before);
}

#[test]
fn exit_codes_are_0_2_and_3_only() {
    let wd = Workdir::new();
    refused(
        &wd,
        &[
            "sample",
            "--scale",
            "district",
            "--quarter",
            "2026Q1",
            "--out",
            "q",
        ],
        &["--quarter"],
    );
    refused(
        &wd,
        &[
            "sample",
            "--scale",
            "district",
            "--quarter",
            "2026Q5",
            "--out",
            "q",
        ],
        &["--quarter 2026Q5"],
    );
    refused(&wd, &["assess", "--no-such-flag"], &[]);
    refused(&wd, &["assess", "--data", "nowhere"], &["nowhere"]);
    wd.fixture("minimal");
    // The parent of --out cannot be created: a file stands where a folder must be.
    fs::write(wd.path().join("blocker"), "x").unwrap();
    refused(
        &wd,
        &["assess", "--data", "data", "--out", "blocker/out"],
        &["blocker"],
    );
}

fn minimal_with(wd: &Workdir, unit_name: &str, posts: usize, messages: usize) {
    wd.write(
        "units.csv",
        &format!("unit_id,unit_name,unit_type\nU1,{unit_name},department\n"),
    );
    wd.write(
        "accounts.csv",
        "account_id,unit_id,platform,account_name,status\nA1,U1,wechat,定海教育,active\n",
    );
    let mut text = String::from("post_id,account_id,published_at,reviewed\n");
    for i in 0..posts {
        text.push_str(&format!(
            "P2026-A1-{i:06},A1,2026-08-{:02} 08:{:02},false\n",
            1 + i % 28,
            i % 60
        ));
    }
    wd.write("posts.csv", &text);
    let mut text = String::from("message_id,account_id,received_at\n");
    for i in 0..messages {
        text.push_str(&format!(
            "M2026-A1-{i:06},A1,2026-07-{:02} 08:00\n",
            1 + i % 28
        ));
    }
    wd.write("messages.csv", &text);
}

fn sheet_cells(wd: &Workdir, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = open_workbook(wd.out().join("assessment.xlsx")).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn values_over_the_workbook_limits_are_cut_with_a_note_and_the_csvs_hold_everything() {
    let wd = Workdir::new();
    let name = "单".repeat(32_768);
    minimal_with(&wd, &name, 2_800, 2_600);
    let out = wd.assess(&["--period", "2026Q3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The CSVs hold every value whole.
    assert!(wd.read_out("unit_scores.csv").contains(&name));
    let deductions = wd.read_out("deductions.csv");
    let k2 = deductions.lines().find(|l| l.contains(",K2,")).unwrap();
    assert_eq!(k2.matches("P2026-A1-").count(), 2_800);
    // The workbook's cells are cut, whole items kept, and say what is left out and where.
    let units = sheet_cells(&wd, "单位得分");
    assert!(units[1][1].ends_with("…（全文见unit_scores.csv）"));
    assert!(units[1][1].encode_utf16().count() <= 32_767);
    let findings = sheet_cells(&wd, "扣分明细");
    let k2 = findings.iter().find(|r| r[3] == "K2").unwrap();
    let kept = k2[6].split('…').next().unwrap().split(';').count();
    let note = format!("…（另有{}条，见deductions.csv）", 2_800 - kept);
    assert!(k2[6].ends_with(&note), "{}", &k2[6][k2[6].len() - 200..]);
    let i2 = findings.iter().find(|r| r[3] == "I2").unwrap();
    assert!(i2[6].contains("见deductions.csv"));
    // The unit page stays readable: a capped evidence list.
    let page = fs::read_to_string(wd.out().join("report/units/000001.html")).unwrap();
    assert!(
        page.contains("另有2750条，见deductions.csv"),
        "K2 shows 50 of 2,800"
    );
    assert!(page.matches("P2026-A1-").count() < 200);
    // And a name of 32,768 characters is shown cut, whole in unit_scores.csv.
    assert!(!page.contains(&name) && page.contains("…（全文见unit_scores.csv）"));
}

#[test]
fn a_period_of_sixty_years_is_assessed() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let out = wd.assess(&["--period", "1990-01-01..2049-12-31"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let u1 = wd
        .read_out("deductions.csv")
        .lines()
        .any(|l| l.contains(",U1,"));
    assert!(u1);
}

#[test]
fn a_rubric_number_out_of_range_is_refused_by_key_not_a_panic() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let rubric = String::from_utf8(wd.run(&["rubric"]).stdout).unwrap();
    for (from, to, key) in [
        (
            "no_update_days = 14",
            "no_update_days = 97000000",
            "veto.no_update_days",
        ),
        (
            "dormant_days = 90",
            "dormant_days = 97000000",
            "consolidation.dormant_days",
        ),
    ] {
        fs::write(wd.path().join("r.toml"), rubric.replace(from, to)).unwrap();
        refused(
            &wd,
            &[
                "assess", "--data", "data", "--out", "out", "--rubric", "r.toml",
            ],
            &[key],
        );
    }
    assert!(!wd.out().exists());
}

#[test]
fn lines_are_physical_for_cr_lf_and_crlf_files_alike() {
    for end in ["\n", "\r\n", "\r"] {
        let wd = Workdir::new();
        wd.fixture("minimal");
        let text = [
            "account_id,unit_id,platform,account_name,status",
            "A1,U1,wechat,定海教育,active",
            "",
            "A2,U1,nowhere,x,active",
            "A3,U9,wechat,\"two",
            "lines\",active",
            "A4,U1,wechat,y,sleeping",
        ]
        .join(end);
        wd.write("accounts.csv", &(text + end));
        let out = wd.assess(&["--period", "2026Q3"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let lines: Vec<u64> = wd.rejects().into_iter().map(|(_, line, _)| line).collect();
        assert_eq!(lines, vec![4, 5, 7], "line end {end:?}");
    }
}

#[test]
fn a_stray_byte_in_a_utf8_file_is_reported_where_it_is() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    let mut bytes = b"post_id,account_id,published_at,title\n".to_vec();
    for i in 1..60 {
        bytes.extend_from_slice(format!("P{i},A1,2026-08-01 08:00,标题{i}\n").as_bytes());
    }
    bytes.extend_from_slice(b"P60,A1,2026-08-01 08:00,bad \xFF\n");
    wd.write_bytes("posts.csv", &bytes);
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 61, byte 29"),
        "{}",
        stderr(&out)
    );
}

mod parquet {
    use std::fs::File;

    use polars::prelude::*;

    use super::*;

    fn write(wd: &Workdir, name: &str, columns: Vec<Column>) {
        let height = columns[0].len();
        let mut frame = DataFrame::new(height, columns).unwrap();
        ParquetWriter::new(File::create(wd.data().join(name)).unwrap())
            .finish(&mut frame)
            .unwrap();
    }

    fn text(name: &str, values: &[&str]) -> Column {
        Column::from(Series::new(name.into(), values))
    }

    /// accounts.parquet whose `platform` and `followers` columns are given by the caller.
    fn accounts(wd: &Workdir, platform: Column, followers: Column) {
        wd.fixture("minimal");
        fs::remove_file(wd.data().join("accounts.csv")).unwrap();
        write(
            wd,
            "accounts.parquet",
            vec![
                text("account_id", &["A1", "A2"]),
                text("unit_id", &["U1", "U1"]),
                platform,
                text("account_name", &["x", "y"]),
                text("status", &["active", "active"]),
                followers,
            ],
        );
    }

    /// accounts.parquet whose `account_name` column is given by the caller.
    fn named(wd: &Workdir, name: Column) {
        write(
            wd,
            "accounts.parquet",
            vec![
                text("account_id", &["A1", "A2"]),
                text("unit_id", &["U1", "U1"]),
                text("platform", &["wechat", "weibo"]),
                name,
                text("status", &["active", "active"]),
            ],
        );
    }

    fn counts() -> Column {
        Column::from(Series::new("followers".into(), &[5i64, 7]))
    }

    #[test]
    fn a_dictionary_column_is_read_as_its_text() {
        let wd = Workdir::new();
        let platform = Series::new("platform".into(), &["wechat", "微博"])
            .cast(&DataType::from_categories(Categories::global()))
            .unwrap();
        accounts(&wd, Column::from(platform), counts());
        let out = wd.assess(&["--period", "2026Q3"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(wd.rejects().is_empty(), "{:?}", wd.rejects());
        assert!(wd.read_out("account_scores.csv").contains("A2,U1,weibo"));
    }

    #[test]
    fn decimals_follow_the_count_rules() {
        let wd = Workdir::new();
        let followers = Series::new("followers".into(), &[12.0f64, 12.5])
            .cast(&DataType::Decimal(10, 2))
            .unwrap();
        accounts(
            &wd,
            text("platform", &["wechat", "weibo"]),
            Column::from(followers),
        );
        let out = wd.assess(&["--period", "2026Q3"]);
        assert!(out.status.success(), "{}", stderr(&out));
        // 1200 at scale 2 is 12.00 (a whole number); 12.50 is not a count.
        let rejects = wd.rejects();
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!((rejects[0].1, rejects[0].2.as_str()), (3, "followers"));
        assert!(wd.read_out("rejects.csv").contains("12.50"));
    }

    #[test]
    fn binary_text_is_read_and_nested_types_are_refused_by_file_and_column() {
        let wd = Workdir::new();
        let binary = Series::new("account_name".into(), &["定海".as_bytes(), b"y".as_slice()]);
        wd.fixture("minimal");
        fs::remove_file(wd.data().join("accounts.csv")).unwrap();
        named(&wd, Column::from(binary));
        let out = wd.assess(&["--period", "2026Q3"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(wd.read_out("account_scores.csv").contains("定海"));
        // Bytes that are not text.
        let binary = Series::new(
            "account_name".into(),
            &[b"\xFF\xFE".as_slice(), b"y".as_slice()],
        );
        named(&wd, Column::from(binary));
        refused(
            &wd,
            &["validate", "--data", "data"],
            &["accounts.parquet", "account_name", "line 2"],
        );
        // A list column.
        let lists = Series::new(
            "account_name".into(),
            &[
                Series::new("".into(), &["a"]),
                Series::new("".into(), &["b"]),
            ],
        );
        named(&wd, Column::from(lists));
        refused(
            &wd,
            &["assess", "--data", "data", "--out", "out"],
            &["accounts.parquet", "account_name", "List"],
        );
        refused(&wd, &["validate", "--data", "data"], &["account_name"]);
    }
}
