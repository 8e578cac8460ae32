//! tasks.csv and calendar.csv (SPEC §17): read after the registry (they refer to units only)
//! and before the posts, which are tied to the tasks as they are read.

use super::row::Reject;
use super::schema::InputFile;
use super::tables::tasks::TaskKeys;
use super::tables::{read_calendar, read_tasks};
use super::{ChunkSize, FileReport, Located, absent_report, file_report, read_file};
use crate::error::InputError;
use crate::model::Unit;

/// tasks.csv and calendar.csv (SPEC §17), read: the tables, their reports and rejects.
pub(super) struct Duties {
    pub(super) tasks: Option<Vec<crate::model::Task>>,
    pub(super) calendar: Option<crate::workdays::WorkCalendar>,
    pub(super) reports: Vec<FileReport>,
    pub(super) rejects: Vec<Reject>,
}

/// Reads tasks.csv against the units, and calendar.csv; a calendar with no accepted row stops
/// the run (SPEC §17.3). With the tasks' keys (a title key at least `min_title_chars` long).
pub(super) fn read_duties(
    files: Vec<(InputFile, Located)>,
    units: &[Unit],
    chunk_size: ChunkSize,
    min_title_chars: u32,
) -> Result<(Duties, Option<TaskKeys>), InputError> {
    let mut duties = Duties {
        tasks: None,
        calendar: None,
        reports: Vec::new(),
        rejects: Vec::new(),
    };
    for (file, found) in files {
        let Some((path, format)) = found else {
            duties.reports.push(absent_report(file));
            continue;
        };
        let (opened, mut reader, accepted) =
            read_file((file, path, format), chunk_size, |reader, opened| {
                if file == InputFile::Tasks {
                    let tasks = read_tasks(reader, opened, units)?;
                    let n = tasks.len() as u64;
                    duties.tasks = Some(tasks);
                    return Ok(n);
                }
                let calendar = read_calendar(reader, opened)?;
                let n = calendar.days.len() as u64;
                duties.calendar = Some(calendar);
                Ok(n)
            })?;
        let report = file_report(&opened, opened.sha256()?, &reader, accepted);
        if file == InputFile::Calendar && accepted == 0 {
            return Err(InputError::EmptyCalendar {
                path: opened.info.path.clone(),
                read: report.rows_read,
                rejected: report.rows_rejected,
            });
        }
        duties.reports.push(report);
        duties.rejects.append(&mut reader.rejects);
    }
    let keys = (duties.tasks.as_deref()).map(|tasks| TaskKeys::new(tasks, min_title_chars));
    Ok((duties, keys))
}
