//! accounts.csv: the registry of accounts, each under an accepted unit.

use crate::error::InputError;
use crate::ingest::problems::{date_order, problem, required, unknown_account};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::{RejectKind, RowProblem, Value};
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::model::{Account, AccountStatus, Platform};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub(in crate::ingest) fn read_accounts(
    reader: &mut Reader,
    opened: &OpenedFile,
    unit_ids: &HashSet<&str>,
) -> Result<Vec<Account>, InputError> {
    use crate::ingest::schema::account as c;
    const F: InputFile = InputFile::Accounts;
    let (id, unit, platform, name, status, opened_on, closed_on) = (
        col!(F, c::ACCOUNT_ID),
        col!(F, c::UNIT_ID),
        col!(F, c::PLATFORM),
        col!(F, c::ACCOUNT_NAME),
        col!(F, c::STATUS),
        col!(F, c::OPENED_ON),
        col!(F, c::CLOSED_ON),
    );
    let (verified, verified_name, interaction, function, followers) = (
        col!(F, c::VERIFIED),
        col!(F, c::VERIFIED_NAME),
        col!(F, c::INTERACTION_ENABLED),
        col!(F, c::FUNCTION),
        col!(F, c::FOLLOWERS),
    );
    let mut accounts = Vec::new();
    let mut first_lines = FirstLines::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let (open_date, close_date) = (v[opened_on].date(), v[closed_on].date());
        if let (Some(o), Some(c)) = (open_date, close_date)
            && c < o
        {
            return Err(date_order(
                c::CLOSED_ON,
                c::OPENED_ON,
                cells[closed_on].raw_text(),
            ));
        }
        let unit_id = required(v[unit].take_text(), c::UNIT_ID)?;
        if !unit_ids.contains(unit_id.as_str()) {
            let reason = format!("单位 {unit_id} 不存在或已被拒绝");
            return Err(problem(
                c::UNIT_ID,
                cells[unit].raw_text(),
                RejectKind::MissingReference,
                reason,
            ));
        }
        Ok(Account {
            account_id: required(v[id].take_text(), c::ACCOUNT_ID)?,
            unit_id,
            platform: required(v[platform].code(Platform::ALL), c::PLATFORM)?,
            account_name: required(v[name].take_text(), c::ACCOUNT_NAME)?,
            status: required(v[status].code(AccountStatus::ALL), c::STATUS)?,
            opened_on: open_date,
            closed_on: close_date,
            verified: v[verified].bool(),
            verified_name: v[verified_name].take_text(),
            interaction_enabled: v[interaction].bool().unwrap_or(true),
            function: v[function].take_text(),
            followers: v[followers].count(),
        })
    };
    reader.rows(opened, parse, |at, account| {
        first_lines.first(c::ACCOUNT_ID, &account.account_id, at.line, || {
            opened.raw_cell(at.at, id)
        })?;
        accounts.push(account);
        Ok(())
    })?;
    Ok(accounts)
}

/// The index of the account a row refers to, or the step-4 problem.
pub(in crate::ingest) fn account_of(
    accounts: &HashMap<&str, u32>,
    column: &str,
    value: &Value<'_>,
    cell: &Cell<'_>,
) -> Result<u32, RowProblem> {
    value
        .text()
        .and_then(|id| accounts.get(id).copied())
        .ok_or_else(|| unknown_account(column, cell.raw_text()))
}
