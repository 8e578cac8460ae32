//! violations.csv: the problems found by inspection, with their rectification; and
//! scan_review.csv (SPEC §16.2), whose rows are violations.csv rows with a review, in one key space
//! with them.

use crate::error::InputError;
use crate::ingest::index_of;
use crate::ingest::problems::{date_order, problem, required};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::{RejectKind, RowProblem, Value};
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::model::{ReviewDecision, ReviewRow, Violation, ViolationCategory};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Where the violation columns are in `file` (violations.csv, or scan_review.csv, which has them
/// in the same places).
struct Columns {
    id: usize,
    account: usize,
    found: usize,
    category: usize,
    post: usize,
    resolved: usize,
    source: usize,
    note: usize,
}

impl Columns {
    fn of(file: InputFile) -> Columns {
        use crate::ingest::schema::violation as c;
        Columns {
            id: index_of(file, c::VIOLATION_ID),
            account: index_of(file, c::ACCOUNT_ID),
            found: index_of(file, c::FOUND_ON),
            category: index_of(file, c::CATEGORY),
            post: index_of(file, c::POST_ID),
            resolved: index_of(file, c::RESOLVED_ON),
            source: index_of(file, c::SOURCE),
            note: index_of(file, c::NOTE),
        }
    }

    /// A row's violation (SPEC §2 steps 2–4).
    fn violation(
        &self,
        accounts: &HashMap<&str, u32>,
        v: &mut [Value<'_>],
        cells: &[Cell<'_>],
    ) -> Result<Violation, RowProblem> {
        use crate::ingest::schema::violation as c;
        let found_on = required(v[self.found].date(), c::FOUND_ON)?;
        let resolved_on = v[self.resolved].date();
        if resolved_on.is_some_and(|r| r < found_on) {
            return Err(date_order(
                c::RESOLVED_ON,
                c::FOUND_ON,
                cells[self.resolved].raw_text(),
            ));
        }
        Ok(Violation {
            account: account_of(
                accounts,
                c::ACCOUNT_ID,
                &v[self.account],
                &cells[self.account],
            )?,
            violation_id: required(v[self.id].take_text(), c::VIOLATION_ID)?,
            found_on,
            category: required(v[self.category].code(ViolationCategory::ALL), c::CATEGORY)?,
            post_id: v[self.post].take_text(),
            resolved_on,
            source: v[self.source].take_text(),
            note: v[self.note].take_text(),
        })
    }
}

pub(in crate::ingest) fn read_violations(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Violation>, InputError> {
    use crate::ingest::schema::violation as c;
    let columns = Columns::of(InputFile::Violations);
    let mut violations = Vec::new();
    let mut first_lines = FirstLines::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| columns.violation(accounts, v, cells);
    reader.rows(opened, parse, |at, violation| {
        first_lines.first(c::VIOLATION_ID, &violation.violation_id, at.line, || {
            opened.raw_cell(at.at, columns.id)
        })?;
        violations.push(violation);
        Ok(())
    })?;
    Ok(violations)
}

/// scan_review.csv: rows checked like violations.csv rows, the decision as a code (empty =
/// open); an id already used by an accepted violations.csv row, or an earlier row, is a
/// duplicate.
pub(in crate::ingest) fn read_scan_review(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
    violation_ids: &HashSet<&str>,
) -> Result<Vec<ReviewRow>, InputError> {
    use crate::ingest::schema::review;
    use crate::ingest::schema::violation as c;
    const F: InputFile = InputFile::ScanReview;
    let columns = Columns::of(F);
    let (decision, reviewed_by) = (col!(F, review::DECISION), col!(F, review::REVIEWED_BY));
    let mut rows = Vec::new();
    let mut first_lines = FirstLines::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let violation = columns.violation(accounts, v, cells)?;
        Ok(ReviewRow {
            violation,
            decision: v[decision]
                .code(ReviewDecision::ALL)
                .unwrap_or(ReviewDecision::Open),
            reviewed_by: v[reviewed_by].take_text(),
        })
    };
    reader.rows(opened, parse, |at, row| {
        let id = &row.violation.violation_id;
        if violation_ids.contains(id.as_str()) {
            let raw = opened.raw_cell(at.at, columns.id);
            let reason = "与 violations.csv 中已接受的问题ID重复".to_string();
            return Err(problem(
                c::VIOLATION_ID,
                raw,
                RejectKind::DuplicateKey,
                reason,
            ));
        }
        first_lines.first(c::VIOLATION_ID, id, at.line, || {
            opened.raw_cell(at.at, columns.id)
        })?;
        rows.push(row);
        Ok(())
    })?;
    Ok(rows)
}
