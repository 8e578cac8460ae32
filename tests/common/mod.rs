//! What the integration tests share: a `Scenario` of input rows written to a work folder, the
//! outputs read back by key, and the checks several test files make.

use std::collections::HashMap;

use crate::workdir::{Workdir, stderr};

/// Input rows of a scenario; header rows are added when written.
pub(crate) struct Scenario {
    pub units: Vec<UnitRow>,
    pub accounts: Vec<AccountRow>,
    pub posts: Vec<String>,
    pub messages: Vec<String>,
    pub violations: Vec<String>,
    pub filings: Option<Vec<String>>,
    pub engagement: Option<Vec<String>>,
    post_seq: usize,
}

pub(crate) type Row = HashMap<String, String>;

/// One row of units.csv, its optional columns set by name.
pub(crate) struct UnitRow {
    cells: [String; 6],
}

impl UnitRow {
    fn new(id: &str, name: &str, unit_type: &str) -> UnitRow {
        UnitRow {
            cells: [id, name, unit_type, "", "", ""].map(String::from),
        }
    }
    /// `parent_id`.
    pub(crate) fn parent(&mut self, parent: &str) -> &mut UnitRow {
        self.cells[3] = parent.to_string();
        self
    }
    /// `exempt`: the reason the unit is exempt.
    pub(crate) fn exempt(&mut self, reason: &str) -> &mut UnitRow {
        self.cells[5] = reason.to_string();
        self
    }
}

/// One row of accounts.csv, its optional columns set by name.
pub(crate) struct AccountRow {
    cells: [String; 12],
}

impl AccountRow {
    fn set(&mut self, column: usize, value: &str) -> &mut AccountRow {
        self.cells[column] = value.to_string();
        self
    }
    /// `status` (active by default).
    pub(crate) fn status(&mut self, status: &str) -> &mut AccountRow {
        self.set(4, status)
    }
    pub(crate) fn opened_on(&mut self, day: &str) -> &mut AccountRow {
        self.set(5, day)
    }
    pub(crate) fn closed_on(&mut self, day: &str) -> &mut AccountRow {
        self.set(6, day)
    }
    /// `verified` = true under `name` (`verified_name`).
    pub(crate) fn verified_as(&mut self, name: &str) -> &mut AccountRow {
        self.set(7, "true").set(8, name)
    }
    /// `verified` as written (true, false).
    pub(crate) fn verified(&mut self, verified: &str) -> &mut AccountRow {
        self.set(7, verified)
    }
    /// `interaction_enabled`.
    pub(crate) fn interactive(&mut self, on: bool) -> &mut AccountRow {
        self.set(9, if on { "true" } else { "false" })
    }
    pub(crate) fn followers(&mut self, followers: &str) -> &mut AccountRow {
        self.set(11, followers)
    }
}

/// Outputs of a run, by key.
pub(crate) struct Outputs {
    pub wd: Workdir,
    pub accounts: HashMap<String, Row>,
    pub units: Vec<Row>,
    pub deductions: Vec<Row>,
}

impl Outputs {
    pub(crate) fn account(&self, id: &str) -> &Row {
        self.accounts
            .get(id)
            .unwrap_or_else(|| panic!("no account {id} in account_scores.csv"))
    }
    pub(crate) fn unit(&self, id: &str) -> &Row {
        self.units
            .iter()
            .find(|u| u["unit_id"] == id)
            .unwrap_or_else(|| panic!("no unit {id}"))
    }
    /// The deduction rows of one id, as (rule, points, evidence).
    pub(crate) fn findings(&self, id: &str) -> Vec<(String, String, String)> {
        self.deductions
            .iter()
            .filter(|d| d["id"] == id)
            .map(|d| {
                (
                    d["rule"].clone(),
                    d["points"].clone(),
                    d["evidence"].clone(),
                )
            })
            .collect()
    }
    pub(crate) fn rules(&self, id: &str) -> Vec<String> {
        self.findings(id)
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect()
    }
}

pub(crate) fn read_csv(path: &std::path::Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).expect("csv output");
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Block start dates of 2026Q3: 2026-07-01 + 7k, k = 0..12.
pub(crate) fn block_starts() -> Vec<String> {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    (0..13)
        .map(|k| (start + chrono::TimeDelta::days(7 * k)).to_string())
        .collect()
}

impl Scenario {
    /// One department, U1 定海区教育局; messages and violations given (empty), filings not.
    pub(crate) fn new() -> Scenario {
        Scenario {
            units: vec![UnitRow::new("U1", "定海区教育局", "department")],
            accounts: vec![],
            posts: vec![],
            messages: vec![],
            violations: vec![],
            filings: None,
            engagement: None,
            post_seq: 0,
        }
    }

    /// A unit row (the scenario starts with U1 定海区教育局, a department).
    pub(crate) fn unit(&mut self, id: &str, name: &str, unit_type: &str) -> &mut UnitRow {
        self.units.push(UnitRow::new(id, name, unit_type));
        let last = self.units.len() - 1;
        &mut self.units[last]
    }

    /// An account row of `unit`: active, every optional column empty until a setter fills it
    /// (`.verified_as("定海区教育局").interactive(true)`).
    pub(crate) fn account(
        &mut self,
        id: &str,
        unit: &str,
        platform: &str,
        name: &str,
    ) -> &mut AccountRow {
        self.accounts.push(AccountRow {
            cells: [
                id, unit, platform, name, "active", "", "", "", "", "", "", "",
            ]
            .map(String::from),
        });
        let last = self.accounts.len() - 1;
        &mut self.accounts[last]
    }

    /// A verified, interactive active account of U1 with the clean posting pattern.
    pub(crate) fn clean(&mut self, id: &str, platform: &str) {
        self.account(id, "U1", platform, "定海教育")
            .verified_as("定海区教育局")
            .interactive(true);
        self.clean_posts(id);
    }

    pub(crate) fn clean_posts(&mut self, id: &str) {
        for day in block_starts() {
            self.post(id, &format!("{day} 09:00"), "true", "true");
        }
        self.post(id, "2026-09-30 09:00", "true", "true");
    }

    pub(crate) fn post(&mut self, account: &str, at: &str, original: &str, reviewed: &str) {
        self.post_seq += 1;
        self.posts.push(format!(
            "P{},{account},{at},{original},{reviewed}",
            self.post_seq
        ));
    }

    pub(crate) fn message(&mut self, id: &str, account: &str, received: &str, replied: &str) {
        self.messages
            .push(format!("{id},{account},{received},{replied}"));
    }

    pub(crate) fn violation(
        &mut self,
        id: &str,
        account: &str,
        found: &str,
        category: &str,
        resolved: &str,
    ) {
        self.violations
            .push(format!("{id},{account},{found},{category},,{resolved},,"));
    }

    pub(crate) fn filing(&mut self, account: &str, event: &str, on: &str) {
        self.filings
            .get_or_insert_with(Vec::new)
            .push(format!("{account},{event},{on}"));
    }

    pub(crate) fn write(&self, wd: &Workdir) {
        let join = |header: &str, rows: &[String]| {
            let mut text = format!("{header}\n");
            for r in rows {
                text.push_str(r);
                text.push('\n');
            }
            text
        };
        wd.write(
            "units.csv",
            &join(
                "unit_id,unit_name,unit_type,parent_id,must_open,exempt",
                &(self.units.iter())
                    .map(|u| u.cells.join(","))
                    .collect::<Vec<_>>(),
            ),
        );
        wd.write(
            "accounts.csv",
            &join(
                "account_id,unit_id,platform,account_name,status,opened_on,closed_on,verified,verified_name,interaction_enabled,function,followers",
                &(self.accounts.iter())
                    .map(|a| a.cells.join(","))
                    .collect::<Vec<_>>(),
            ),
        );
        wd.write(
            "posts.csv",
            &join(
                "post_id,account_id,published_at,original,reviewed",
                &self.posts,
            ),
        );
        wd.write(
            "messages.csv",
            &join(
                "message_id,account_id,received_at,replied_at",
                &self.messages,
            ),
        );
        wd.write(
            "violations.csv",
            &join(
                "violation_id,account_id,found_on,category,post_id,resolved_on,source,note",
                &self.violations,
            ),
        );
        if let Some(filings) = &self.filings {
            wd.write("filings.csv", &join("account_id,event,filed_on", filings));
        }
        if let Some(engagement) = &self.engagement {
            wd.write(
                "engagement.csv",
                &join(
                    "account_id,date,followers,reads,likes,shares,comments",
                    engagement,
                ),
            );
        }
    }

    /// Runs `assess --period 2026Q3` plus `extra` and reads the outputs.
    pub(crate) fn run(&self, extra: &[&str]) -> Outputs {
        let wd = Workdir::new();
        self.write(&wd);
        let mut args = vec!["--period", "2026Q3"];
        args.extend_from_slice(extra);
        let out = wd.assess(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            wd.rejects(),
            vec![],
            "fixture rows were rejected: {}",
            wd.read_out("rejects.csv")
        );
        let accounts = read_csv(&wd.out().join("account_scores.csv"))
            .into_iter()
            .map(|r| (r["account_id"].clone(), r))
            .collect();
        let units = read_csv(&wd.out().join("unit_scores.csv"));
        let deductions = read_csv(&wd.out().join("deductions.csv"));
        Outputs {
            wd,
            accounts,
            units,
            deductions,
        }
    }
}

/// Asserts several columns of a row at once.
pub(crate) fn assert_columns(row: &Row, expected: &[(&str, &str)]) {
    for (column, value) in expected {
        assert_eq!(row[*column], *value, "column {column} of {row:?}");
    }
}

/// For every account and item, the capped sum of its deduction rows equals the item's column.
pub(crate) fn assert_reconciles(wd: &Workdir) {
    let caps = [
        ("update", 30.0),
        ("interaction", 25.0),
        ("content", 40.0),
        ("management", 15.0),
    ];
    let accounts = read_csv(&wd.out().join("account_scores.csv"));
    let deductions = read_csv(&wd.out().join("deductions.csv"));
    let mut sums: HashMap<(String, String), f64> = HashMap::new();
    for d in deductions.iter().filter(|d| d["scope"] == "account") {
        *sums
            .entry((d["id"].clone(), d["item"].clone()))
            .or_default() += d["points"].parse::<f64>().unwrap();
    }
    assert!(!accounts.is_empty());
    let mut checked = 0;
    for a in &accounts {
        for (item, cap) in caps {
            let column = &a[&format!("deduction_{item}")];
            if column.is_empty() {
                assert!(!sums.contains_key(&(a["account_id"].clone(), item.to_string())));
                continue;
            }
            let sum = sums
                .get(&(a["account_id"].clone(), item.to_string()))
                .copied()
                .unwrap_or(0.0);
            let capped = (sum.min(cap) * 100.0).round() / 100.0;
            assert_eq!(
                capped,
                column.parse::<f64>().unwrap(),
                "{} {item}",
                a["account_id"]
            );
            checked += 1;
        }
        let items: f64 = caps
            .iter()
            .filter_map(|(item, _)| a[&format!("deduction_{item}")].parse::<f64>().ok())
            .sum();
        assert_eq!(
            ((100.0 - items).max(0.0) * 100.0).round() / 100.0,
            a["deduction_score"].parse::<f64>().unwrap()
        );
    }
    assert!(checked > 100, "only {checked} items checked");
}

/// Every file below `dir`, its subfolders walked, sorted.
pub(crate) fn files_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
