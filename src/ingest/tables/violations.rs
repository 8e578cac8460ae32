//! violations.csv: the problems found by inspection, with their rectification.

use crate::error::InputError;
use crate::ingest::problems::{date_order, required};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::Value;
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::model::{Violation, ViolationCategory};
use rustc_hash::FxHashMap as HashMap;

pub(in crate::ingest) fn read_violations(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Violation>, InputError> {
    use crate::ingest::schema::violation as c;
    const F: InputFile = InputFile::Violations;
    let (id, account, found, category, post, resolved, source, note) = (
        col!(F, c::VIOLATION_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::FOUND_ON),
        col!(F, c::CATEGORY),
        col!(F, c::POST_ID),
        col!(F, c::RESOLVED_ON),
        col!(F, c::SOURCE),
        col!(F, c::NOTE),
    );
    let mut violations = Vec::new();
    let mut first_lines = FirstLines::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let found_on = required(v[found].date(), c::FOUND_ON)?;
        let resolved_on = v[resolved].date();
        if resolved_on.is_some_and(|r| r < found_on) {
            return Err(date_order(
                c::RESOLVED_ON,
                c::FOUND_ON,
                cells[resolved].raw_text(),
            ));
        }
        Ok(Violation {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            violation_id: required(v[id].take_text(), c::VIOLATION_ID)?,
            found_on,
            category: required(v[category].code(ViolationCategory::ALL), c::CATEGORY)?,
            post_id: v[post].take_text(),
            resolved_on,
            source: v[source].take_text(),
            note: v[note].take_text(),
        })
    };
    reader.rows(opened, parse, |at, violation| {
        first_lines.first(c::VIOLATION_ID, &violation.violation_id, at.line, || {
            opened.raw_cell(at.at, id)
        })?;
        violations.push(violation);
        Ok(())
    })?;
    Ok(violations)
}
