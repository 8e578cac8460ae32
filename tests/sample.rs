//! Sample-generator tests: determinism, the committed data/sample, and the messy form.

use std::path::Path;

use crate::workdir::{Workdir, stderr, stdout};

fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn data_sample_is_the_district_scale_with_the_default_seed_byte_for_byte() {
    let wd = Workdir::new();
    let out = wd.run(&[
        "sample",
        "--scale",
        "district",
        "--out",
        "regenerated",
        "--quiet",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let regenerated = files_of(&wd.path().join("regenerated"));
    let committed = files_of(&committed);
    assert_eq!(
        regenerated.len(),
        11,
        "seven tables, the terms, the tasks, the calendar and the manifest"
    );
    assert_eq!(regenerated.len(), committed.len());
    for ((name_a, bytes_a), (name_b, bytes_b)) in regenerated.iter().zip(&committed) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs from data/sample");
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let wd = Workdir::new();
    for (dir, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        assert!(
            wd.run(&[
                "sample", "--scale", "district", "--seed", seed, "--out", dir, "--quiet"
            ])
            .status
            .success()
        );
    }
    assert_eq!(
        files_of(&wd.path().join("a")),
        files_of(&wd.path().join("b"))
    );
    assert_ne!(
        files_of(&wd.path().join("a")),
        files_of(&wd.path().join("c"))
    );
}

/// The accepted counts per file, from `validate`'s table.
fn accepted(wd: &Workdir, dir: &str) -> Vec<(String, String)> {
    let out = wd.run(&["validate", "--data", dir]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .filter(|l| !l.starts_with(' ') && l.contains(".csv "))
        .map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            // file … read accepted rejected: accepted is the third number from the file name on.
            let numbers: Vec<&str> = fields
                .iter()
                .copied()
                .filter(|f| f.parse::<u64>().is_ok())
                .collect();
            (
                fields[0].to_string(),
                numbers.get(1).copied().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn messy_form_holds_the_same_records_plus_bad_rows_of_every_kind() {
    let wd = Workdir::new();
    assert!(
        wd.run(&["sample", "--scale", "district", "--out", "clean", "--quiet"])
            .status
            .success()
    );
    assert!(
        wd.run(&[
            "sample", "--scale", "district", "--messy", "--out", "messy", "--quiet"
        ])
        .status
        .success()
    );
    assert_eq!(accepted(&wd, "clean"), accepted(&wd, "messy"));
    let report = stdout(&wd.run(&["validate", "--data", "messy"]));
    assert!(
        report.contains("GB18030") && report.contains("UTF-8 (BOM)"),
        "{report}"
    );
    for kind in [
        "wrong number of fields",
        "missing required value",
        "unparsable value",
        "unknown code",
        "negative count",
        "impossible order of dates",
        "unknown or rejected reference",
        "duplicate key",
    ] {
        assert!(report.contains(kind), "no {kind} in\n{report}");
    }
    let clean = stdout(&wd.run(&["validate", "--data", "clean"]));
    assert!(clean.contains("no row rejected"), "{clean}");
}
