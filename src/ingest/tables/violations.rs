//! violations.csv: the problems found by inspection, with their rectification.

use crate::ingest::*;

pub(in crate::ingest) fn read_violations(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Violation>, InputError> {
    use schema::violation as c;
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
    let mut first_line: HashMap<String, u64> = HashMap::default();
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
        if let Some(first) = first_line.get(&violation.violation_id) {
            return Err(duplicate(
                c::VIOLATION_ID,
                opened.raw_cell(at.at, id),
                *first,
            ));
        }
        first_line.insert(violation.violation_id.clone(), at.line);
        violations.push(violation);
        Ok(())
    })?;
    Ok(violations)
}
