//! calendar.csv (SPEC §17.3): the office's working-day calendar — holidays and 调休 make-up
//! workdays; dates it does not list are working days Monday to Friday.

use crate::error::InputError;
use crate::ingest::index_of;
use crate::ingest::problems::required;
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::schema::InputFile;
use crate::ingest::source::OpenedFile;
use crate::vocab::DayKind;
use crate::workdays::WorkCalendar;

/// Reads calendar.csv: a missing value, an unparsable date or an unknown kind (step 2) and a
/// duplicate date (step 5) reject the row.
pub(in crate::ingest) fn read_calendar(
    reader: &mut Reader,
    opened: &OpenedFile,
) -> Result<WorkCalendar, InputError> {
    use crate::ingest::schema::day as c;
    let (date, kind, name) = (
        index_of(InputFile::Calendar, c::DATE),
        index_of(InputFile::Calendar, c::KIND),
        index_of(InputFile::Calendar, c::NAME),
    );
    let mut first_lines = FirstLines::new();
    let mut calendar = WorkCalendar::default();
    reader.rows(
        opened,
        |v, _| {
            Ok((
                required(v[date].date(), c::DATE)?,
                required(v[kind].code(DayKind::ALL), c::KIND)?,
                v[name].take_text(),
            ))
        },
        |at, (day, kind, name)| {
            first_lines.first(c::DATE, &day.to_string(), at.line, || {
                opened.raw_cell(at.at, date)
            })?;
            calendar.days.insert(day, (kind, name));
            Ok(())
        },
    )?;
    Ok(calendar)
}
