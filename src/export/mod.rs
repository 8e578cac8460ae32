//! Pure exporters: each turns finished results into the bytes of one output file (SPEC §7). They
//! never touch the disk; [`crate::output`] decides where the bytes go.

pub(crate) mod summary;
pub(crate) mod tables;
pub(crate) mod xlsx;

use crate::ingest::row::Reject;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::scoring::{AccountScore, Finding, UnitScore};
use tables::Column;

/// A CSV writer with the output conventions of SPEC §7: UTF-8 without BOM, LF line ends.
pub(crate) fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A table as CSV: the English headers, then one record per row, each cell as SPEC §7 writes it.
pub(crate) fn table_csv<R>(columns: &[Column<R>], rows: &[R]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record(columns.iter().map(|c| c.english))?;
    for row in rows {
        writer.write_record(columns.iter().map(|c| (c.cell)(row).csv()))?;
    }
    finish(writer)
}

/// `rejects.csv`: file, line, column, value, reason; files in SPEC order, then by line.
pub(crate) fn rejects_csv(rejects: &[Reject]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::REJECTS, rejects)
}

/// `account_scores.csv`: one row per assessed account, by account_id.
pub(crate) fn account_scores_csv(accounts: &[AccountScore]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::ACCOUNT_SCORES, accounts)
}

/// `followup.csv`: what became of the previous run's lists, by kind then id (SPEC §13).
pub(crate) fn followup_csv(
    rows: &[crate::lists::followup::FollowupRow],
) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::FOLLOWUP, rows)
}

/// `appeals_result.csv`: every appeal with its effect, by appeal_id (SPEC §14).
pub(crate) fn appeals_csv(rows: &[crate::appeals::AppealResult]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::APPEALS, rows)
}

/// `unit_scores.csv`: one row per unit, by rank then unit_id, unscored last; with tasks.csv, the
/// five task columns after the others (SPEC §17.1).
pub(crate) fn unit_scores_csv(units: &[UnitScore], tasks: bool) -> Result<Vec<u8>, csv::Error> {
    if tasks {
        table_csv(&tables::unit_scores_with_tasks(), units)
    } else {
        table_csv(tables::UNIT_SCORES, units)
    }
}

/// `lifecycle.csv` (SPEC §17.2): always written, the header alone when nothing is found.
pub(crate) fn lifecycle_csv(rows: &[tables::LifecycleRowView]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::LIFECYCLE, rows)
}

/// `tasks_result.csv` (SPEC §17.1): by task_id, then account_id.
pub(crate) fn tasks_result_csv(rows: &[tables::TaskRow]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::TASKS_RESULT, rows)
}

/// `deductions.csv`: the audit trail, one row per (scope, id, rule) that fired.
pub(crate) fn deductions_csv(findings: &[Finding]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::DEDUCTIONS, findings)
}

/// `consolidation.csv`: one row per account with a reason, by account_id.
pub(crate) fn consolidation_csv(entries: &[ConsolidationEntry]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::CONSOLIDATION, entries)
}

/// `robustness.csv`: one row per scored unit, in `unit_scores.csv` order (SPEC §9).
pub(crate) fn robustness_csv(
    rows: &[crate::robustness::RobustnessRow],
) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::ROBUSTNESS, rows)
}

/// `scan_candidates.csv` (SPEC §16.8): UTF-8 with a BOM, the one CSV made to be edited in Excel.
pub(crate) fn scan_candidates_csv(
    rows: &[crate::scan::candidates::CandidateRow],
) -> Result<Vec<u8>, csv::Error> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(table_csv(tables::SCAN_CANDIDATES, rows)?);
    Ok(bytes)
}

/// `accountability.csv`: one row per unit on the list, by level, score, unit_id.
pub(crate) fn accountability_csv(entries: &[AccountabilityEntry]) -> Result<Vec<u8>, csv::Error> {
    table_csv(tables::ACCOUNTABILITY, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::row::RejectKind;
    use crate::ingest::schema::InputFile;

    #[test]
    fn rejects_csv_quotes_what_needs_quoting_and_ends_lines_with_lf() {
        let reject = Reject {
            file: InputFile::Posts,
            file_name: "posts.csv".into(),
            line: 7,
            column: String::new(),
            value: "P1,A1,\"x\"".into(),
            kind: RejectKind::FieldCount,
            reason: "the row has 3 fields".into(),
        };
        let bytes = rejects_csv(&[reject]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "file,line,column,value,reason\nposts.csv,7,,\"P1,A1,\"\"x\"\"\",the row has 3 fields\n"
        );
    }
}
