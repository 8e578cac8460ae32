//! A throwaway working folder per test, with helpers to write input files, run the binary and
//! read what it wrote.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A temporary folder holding a data folder (`data/`) and an output folder (`out/`).
pub(crate) struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    /// A new, empty working folder.
    pub(crate) fn new() -> Workdir {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::create_dir_all(dir.path().join("data")).expect("data folder");
        Workdir { dir }
    }

    /// The working folder's path.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The data folder.
    pub(crate) fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    /// The output folder.
    pub(crate) fn out(&self) -> PathBuf {
        self.path().join("out")
    }

    /// Writes a data file from text (UTF-8).
    pub(crate) fn write(&self, name: &str, text: &str) {
        self.write_bytes(name, text.as_bytes());
    }

    /// Writes a data file from bytes.
    pub(crate) fn write_bytes(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.data().join(name), bytes).expect("write fixture");
    }

    /// Copies every file of `tests/fixtures/<name>` into the data folder.
    pub(crate) fn fixture(&self, name: &str) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        for entry in std::fs::read_dir(&from).expect("fixture folder") {
            let entry = entry.expect("fixture entry");
            std::fs::copy(entry.path(), self.data().join(entry.file_name())).expect("copy fixture");
        }
    }

    /// Runs the binary with `args` in the working folder.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("govmedia")
            .expect("binary")
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("run govmedia")
    }

    /// Runs the binary with `args` and one environment variable set.
    pub(crate) fn run_with(&self, args: &[&str], (key, value): (&str, &str)) -> Output {
        Command::cargo_bin("govmedia")
            .expect("binary")
            .current_dir(self.path())
            .env(key, value)
            .args(args)
            .output()
            .expect("run govmedia")
    }

    /// Runs `assess --data data --out out` plus `extra`.
    pub(crate) fn assess(&self, extra: &[&str]) -> Output {
        let mut args = vec!["assess", "--data", "data", "--out", "out", "--quiet"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Reads an output file as text.
    pub(crate) fn read_out(&self, name: &str) -> String {
        std::fs::read_to_string(self.out().join(name)).expect("output file")
    }

    /// `rejects.csv` as (file, line, column) triples, header left out.
    pub(crate) fn rejects(&self) -> Vec<(String, u64, String)> {
        let mut reader =
            csv::Reader::from_path(self.out().join("rejects.csv")).expect("rejects.csv");
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                (
                    r[0].to_string(),
                    r[1].parse().expect("line"),
                    r[2].to_string(),
                )
            })
            .collect()
    }

    /// `summary.json` parsed.
    pub(crate) fn summary(&self) -> serde_json::Value {
        serde_json::from_str(&self.read_out("summary.json")).expect("summary.json")
    }
}

/// Standard error as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Standard output as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
