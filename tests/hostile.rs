//! Hostile inputs of the second probe (issue 26): a manifest is input, not authority (entries
//! outside the folder, through a link, a folder, a changed file; leftovers with and without a
//! manifest or journal, and links named like them); numbers of earlier runs that are not numbers
//! (inf, NaN, 1e308); a 300-character unit id; control characters in every text that reaches a
//! document; too many draws for the memory; earlier CSVs saved again as GB18030; a dangling link
//! in place of an input; formula-like names.

use std::fs;
use std::path::Path;

use crate::common::{Scenario, read_csv};
use crate::workdir::{Workdir, stderr};

/// Every file below `dir` with its bytes (links followed), to compare a folder before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.exists() {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                found.push((relative, fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// `out/summary.json` with `entries` added to its files, each with the digest of `content`
/// (what a crafted manifest would record to make its entries look like the tool's own).
fn list_in_manifest(wd: &Workdir, dir: &Path, entries: &[(&str, &[u8])]) {
    let path = dir.join("summary.json");
    let mut summary: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    for (entry, content) in entries {
        summary["files"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(entry));
        summary["digests"][*entry] = serde_json::json!(govmedia::digest(content));
    }
    fs::write(&path, serde_json::to_vec_pretty(&summary).unwrap()).unwrap();
    let _ = wd;
}

fn ok(out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
}

#[test]
fn manifest_entries_outside_the_folder_are_never_removed_and_the_run_goes_on() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&[]));
    let victims = wd.path().join("victims");
    fs::create_dir_all(victims.join("deep")).unwrap();
    for name in ["a.txt", "b.txt", "deep/c.txt"] {
        fs::write(victims.join(name), name).unwrap();
    }
    let absolute = victims.join("b.txt").display().to_string();
    list_in_manifest(
        &wd,
        &wd.out(),
        &[
            ("../victims/a.txt", b"a.txt"),
            (&absolute, b"b.txt"),
            ("report/../../victims/deep/c.txt", b"deep/c.txt"),
            ("docs", b""),
        ],
    );
    let before = snapshot(&victims);
    let out = wd.assess(&[]);
    ok(&out);
    assert!(stderr(&out).contains("will not remove"), "{}", stderr(&out));
    assert!(stderr(&out).contains("../victims/a.txt"));
    assert_eq!(snapshot(&victims), before);
    assert!(victims.join("deep").is_dir(), "no parent folder emptied");
    // The next run is not stuck on anything the last one did.
    ok(&wd.assess(&[]));
    ok(&wd.assess(&[]));
    assert_eq!(snapshot(&victims), before);
}

#[cfg(unix)]
#[test]
fn a_link_inside_an_output_is_never_followed_nor_removed() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&[]));
    let victims = wd.path().join("victims");
    fs::create_dir_all(&victims).unwrap();
    fs::write(victims.join("a.txt"), "mine").unwrap();
    std::os::unix::fs::symlink(&victims, wd.out().join("via")).unwrap();
    list_in_manifest(&wd, &wd.out(), &[("via/a.txt", b"mine"), ("via", b"")]);
    let before = snapshot(wd.path());
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("via (a link)"), "{}", stderr(&out));
    assert_eq!(snapshot(wd.path()), before, "nothing changed");
}

#[test]
fn a_file_changed_since_it_was_written_is_kept_and_named() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&[]));
    let original = fs::read(wd.out().join("unit_scores.csv")).unwrap();
    // Same size, other bytes: only the hash tells.
    let mut edited = original.clone();
    let last = edited.len() - 2;
    edited[last] = if edited[last] == b'1' { b'2' } else { b'1' };
    fs::write(wd.out().join("unit_scores.csv"), &edited).unwrap();
    let before = snapshot(wd.path());
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unit_scores.csv (changed since govmedia wrote it)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(wd.path()), before);
    fs::write(wd.out().join("unit_scores.csv"), &original).unwrap();
    ok(&wd.assess(&[]));
}

#[test]
fn a_manifest_without_sizes_and_hashes_is_refused_once() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&[]));
    let path = wd.out().join("summary.json");
    let mut summary: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    summary.as_object_mut().unwrap().remove("digests");
    fs::write(&path, summary.to_string()).unwrap();
    let before = snapshot(wd.path());
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("sizes and hashes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(wd.path()), before);
}

/// U1 with one account that posts every week.
fn one_clean_account() -> Scenario {
    let mut s = Scenario::new();
    s.clean("A1", "wechat");
    s.clean_posts("A1");
    s
}

/// A process id no process has.
const DEAD: u32 = 4_294_000_000;

#[test]
fn leftovers_are_tidied_only_as_far_as_their_manifest_or_journal_vouch() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&[]));
    let victims = wd.path().join("victims");
    fs::create_dir_all(&victims).unwrap();
    fs::write(victims.join("a.txt"), "a").unwrap();
    // A dead run's folder whose manifest lists a file outside it.
    let crafted = wd.path().join(format!(".out.tmp-{DEAD}"));
    fs::create_dir(&crafted).unwrap();
    fs::copy(wd.out().join("summary.json"), crafted.join("summary.json")).unwrap();
    list_in_manifest(&wd, &crafted, &[("../victims/a.txt", b"a")]);
    // Someone's folder with a leftover's name: no manifest, no journal.
    let users = wd.path().join(format!(".out.tmp-{}", DEAD + 1));
    fs::create_dir(&users).unwrap();
    fs::write(users.join("account_scores.csv"), "mine").unwrap();
    // A killed run's partial folder: its journal names what it wrote; someone added a file.
    let partial = wd.path().join(format!(".out.tmp-{}", DEAD + 2));
    fs::create_dir_all(partial.join("report")).unwrap();
    fs::write(
        partial.join(".govmedia-journal"),
        "account_scores.csv\nreport/index.html\n../victims/a.txt\n",
    )
    .unwrap();
    fs::write(partial.join("account_scores.csv"), "half").unwrap();
    fs::write(partial.join("report/index.html"), "half").unwrap();
    fs::write(partial.join("notes.txt"), "mine").unwrap();
    let out = wd.assess(&[]);
    ok(&out);
    let err = stderr(&out);
    assert_eq!(fs::read(victims.join("a.txt")).unwrap(), b"a");
    assert!(!crafted.exists(), "its own manifest removed: {err}");
    assert_eq!(fs::read(users.join("account_scores.csv")).unwrap(), b"mine");
    assert!(
        err.contains("neither its manifest nor its journal"),
        "{err}"
    );
    assert!(!partial.join("account_scores.csv").exists());
    assert!(!partial.join("report").exists());
    assert_eq!(fs::read(partial.join("notes.txt")).unwrap(), b"mine");
    assert!(err.contains("notes.txt"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_link_named_like_a_leftover_is_never_followed() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    // A folder that is a govmedia output, reached only through the link.
    let other = wd.path().join("other");
    let run = wd.run(&[
        "assess", "--data", "data", "--out", "other", "--quiet", "--draws", "0",
    ]);
    ok(&run);
    let before = snapshot(&other);
    std::os::unix::fs::symlink(&other, wd.path().join(format!(".out.tmp-{DEAD}"))).unwrap();
    std::os::unix::fs::symlink(&other, wd.path().join(format!(".out.old-{DEAD}"))).unwrap();
    ok(&wd.assess(&[]));
    assert_eq!(snapshot(&other), before);
    assert!(wd.path().join(format!(".out.tmp-{DEAD}")).exists());
}

/// An earlier assess run of 2026Q2 in `reports/2026Q2` whose unit_scores.csv holds `score`
/// and summary.json the pass rate `rate`.
fn earlier_with(wd: &Workdir, score: &str, rate: serde_json::Value) {
    // (A unit with one clean account is the data of this quarter.)
    let dir = wd.path().join("reports/2026Q2");
    fs::create_dir_all(&dir).unwrap();
    let summary = serde_json::json!({
        "tool": "govmedia", "command": "assess", "period": "2026Q2", "as_of": "2026-06-30",
        "rubric_sha256": "x", "pass_rates": {"accounts": rate, "units": 0.5},
        "files": ["summary.json", "unit_scores.csv"],
    });
    fs::write(dir.join("summary.json"), summary.to_string()).unwrap();
    fs::write(
        dir.join("unit_scores.csv"),
        format!("unit_id,unit_name,score,grade,rank\nU1,某单位,{score},fail,1\n"),
    )
    .unwrap();
}

#[test]
fn numbers_of_earlier_runs_that_are_no_scores_or_rates_are_refused_never_drawn() {
    for (score, rate, why) in [
        ("inf", serde_json::json!(0.5), "score \"inf\""),
        ("NaN", serde_json::json!(0.5), "score \"NaN\""),
        ("1e308", serde_json::json!(0.5), "score \"1e308\""),
        ("50", serde_json::json!(1e307), "pass_rates.accounts"),
        ("50", serde_json::json!(-0.5), "pass_rates.accounts"),
    ] {
        let wd = Workdir::new();
        one_clean_account().write(&wd);
        earlier_with(&wd, score, rate.clone());
        let args = [
            "assess",
            "--data",
            "data",
            "--out",
            "reports/2026Q3",
            "--period",
            "2026Q3",
            "--history",
            "reports",
            "--quiet",
            "--draws",
            "0",
        ];
        let out = wd.run(&args);
        ok(&out);
        let summary: serde_json::Value = serde_json::from_slice(
            &fs::read(wd.path().join("reports/2026Q3/summary.json")).unwrap(),
        )
        .unwrap();
        let skipped = summary["history_skipped"][0]["period"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(skipped.contains(why), "{score} {rate}: {skipped}");
        // The same folder as --previous: its grades are read; a rate that is no rate is noted
        // and left out of the chart.
        let out = wd.run(&[
            "assess",
            "--data",
            "data",
            "--out",
            "reports/again",
            "--period",
            "2026Q3",
            "--previous",
            "reports/2026Q2",
            "--draws",
            "0",
        ]);
        ok(&out);
        if rate != serde_json::json!(0.5) {
            assert!(stderr(&out).contains("not a rate between 0 and 1"));
        }
    }
}

#[test]
fn compare_refuses_a_run_whose_scores_are_not_numbers() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    ok(&wd.assess(&["--draws", "0"]));
    let copy = wd.path().join("copy");
    ok(&wd.run(&[
        "assess", "--data", "data", "--out", "copy", "--quiet", "--draws", "0",
    ]));
    let path = copy.join("unit_scores.csv");
    let text = fs::read_to_string(&path).unwrap();
    let rows: Vec<Vec<String>> = read_rows(&text);
    let score = rows[0].iter().position(|h| h == "score").unwrap();
    let mut edited = rows.clone();
    edited[1][score] = "inf".into();
    fs::write(&path, write_rows(&edited)).unwrap();
    let out = wd.run(&["compare", "out", "copy", "--out", "cmp"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("line 2: score \"inf\""),
        "{}",
        stderr(&out)
    );
}

fn read_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_rows(rows: &[Vec<String>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn a_previous_run_saved_again_from_excel_as_gb18030_is_read() {
    let wd = Workdir::new();
    one_clean_account().write(&wd);
    let prev = wd.path().join("prev");
    fs::create_dir_all(&prev).unwrap();
    let text = "单位编号,unit_id,unit_name,score,grade,rank\nx,U1,定海区教育局,40,不合格,1\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    fs::write(prev.join("unit_scores.csv"), &bytes).unwrap();
    let out = wd.assess(&["--period", "2026Q3", "--previous", "prev", "--draws", "0"]);
    ok(&out);
    let units = read_csv(&wd.out().join("unit_scores.csv"));
    assert_eq!(units[0]["previous_grade"], "fail");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_or_a_folder_in_place_of_an_input_is_fatal_and_named() {
    let wd = Workdir::new();
    wd.fixture("minimal");
    std::os::unix::fs::symlink("/nowhere/violations.csv", wd.data().join("violations.csv"))
        .unwrap();
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("violations.csv: a link to something that is not there"));
    assert!(!wd.out().exists());
    fs::remove_file(wd.data().join("violations.csv")).unwrap();
    fs::create_dir(wd.data().join("messages.csv")).unwrap();
    let out = wd.assess(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("messages.csv: a folder"),
        "{}",
        stderr(&out)
    );
}

/// A unit whose account never posted (X1): on the accountability list, so it gets notices.
fn listed_unit(id: &str, name: &str, account_name: &str) -> Scenario {
    let mut s = Scenario::new();
    s.units.clear();
    s.unit(id, name, "department");
    s.account("A1", id, "weibo", account_name)
        .verified_as("定海区教育局")
        .interactive(true);
    s
}

/// The relative paths of the files below `dir`.
fn names_below(dir: &Path) -> Vec<String> {
    snapshot(dir).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn a_300_character_unit_id_on_the_list_gets_its_notices() {
    let wd = Workdir::new();
    let id = format!("U{}", "9".repeat(299));
    listed_unit(&id, "定海区教育局", "定海教育").write(&wd);
    let out = wd.assess(&["--period", "2026Q3", "--draws", "0"]);
    ok(&out);
    let notices = names_below(&wd.out().join("docs/整改通知书"));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].len() < 100, "{notices:?}");
    assert!(notices[0].starts_with(&format!("001-U{}", "9".repeat(47))));
}

/// Characters XML 1.0 forbids.
const FORBIDDEN: [char; 6] = ['\u{1}', '\u{8}', '\u{b}', '\u{1f}', '\u{fffe}', '\u{ffff}'];

#[test]
fn control_characters_never_reach_a_document_part() {
    let wd = Workdir::new();
    let unit = format!("定海{}区{}教育局", FORBIDDEN[0], FORBIDDEN[4]);
    let account = format!("定海{}教{}育{}", FORBIDDEN[1], FORBIDDEN[2], FORBIDDEN[3]);
    let mut s = listed_unit("U1", &unit, &account);
    s.violation("V1", "A1", "2026-08-01", "typo", "");
    s.write(&wd);
    let out = wd.assess(&["--period", "2026Q3", "--draws", "0"]);
    ok(&out);
    assert!(
        stderr(&out).contains("control characters"),
        "{}",
        stderr(&out)
    );
    let docs = names_below(&wd.out().join("docs"));
    assert!(docs.len() >= 2, "{docs:?}");
    let mut named = 0;
    for doc in docs {
        let file = fs::File::open(wd.out().join("docs").join(&doc)).unwrap();
        let mut archive = zip::ZipArchive::new(file).unwrap();
        for i in 0..archive.len() {
            let mut part = archive.by_index(i).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut part, &mut text).unwrap();
            assert!(
                !text.contains(FORBIDDEN),
                "{doc} {} holds a forbidden character",
                part.name()
            );
            named += usize::from(text.contains("定海区教育局"));
        }
    }
    assert!(
        named > 0,
        "the name, less its control characters, is in the documents"
    );
}

#[cfg(unix)]
#[test]
fn too_many_draws_for_the_memory_are_refused_before_scoring_under_a_memory_cap() {
    let wd = Workdir::new();
    let mut s = Scenario::new();
    s.units.clear();
    for u in 0..3_000 {
        s.unit(&format!("U{u}"), &format!("单位{u}"), "department");
    }
    s.clean("A1", "wechat");
    s.write(&wd);
    let binary = assert_cmd::cargo::cargo_bin("govmedia");
    let out = std::process::Command::new("sh")
        .current_dir(wd.path())
        .arg("-c")
        .arg("ulimit -v 4000000; exec \"$0\" assess --data data --out out --quiet --period 2026Q3 --draws 100000")
        .arg(&binary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--draws 89478"), "{}", stderr(&out));
    assert!(!wd.out().exists());
}

#[test]
fn formula_like_names_stay_text_in_the_csvs_and_the_workbook() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let wd = Workdir::new();
    listed_unit("U1", "=SUM(1;2)*10", "+定海教育").write(&wd);
    ok(&wd.assess(&["--period", "2026Q3", "--draws", "0"]));
    let units = read_csv(&wd.out().join("unit_scores.csv"));
    assert_eq!(units[0]["unit_name"], "=SUM(1;2)*10");
    let mut book: Xlsx<_> = open_workbook(wd.out().join("assessment.xlsx")).unwrap();
    let sheet = book.worksheet_range("单位得分").unwrap();
    let found = sheet
        .rows()
        .flatten()
        .any(|c| matches!(c, Data::String(s) if s == "=SUM(1;2)*10"));
    assert!(found, "the name is a text cell");
    let formulas = book.worksheet_formula("单位得分").unwrap();
    assert!(
        formulas.rows().flatten().all(String::is_empty),
        "no formula"
    );
}
