//! filings.csv: the registry filings (open, change, close).

use crate::error::InputError;
use crate::ingest::problems::required;
use crate::ingest::reader::Reader;
use crate::ingest::row::Value;
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::model::{Filing, FilingEvent};
use rustc_hash::FxHashMap as HashMap;

pub(in crate::ingest) fn read_filings(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Filing>, InputError> {
    use crate::ingest::schema::filing as c;
    const F: InputFile = InputFile::Filings;
    let (account, event, filed) = (
        col!(F, c::ACCOUNT_ID),
        col!(F, c::EVENT),
        col!(F, c::FILED_ON),
    );
    let mut filings = Vec::new();
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        Ok(Filing {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            event: required(v[event].code(FilingEvent::ALL), c::EVENT)?,
            filed_on: required(v[filed].date(), c::FILED_ON)?,
            line: 0,
        })
    };
    reader.rows(opened, parse, |at, filing| {
        filings.push(Filing {
            line: at.line,
            ..filing
        });
        Ok(())
    })?;
    Ok(filings)
}
