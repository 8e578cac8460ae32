//! The documents the office issues after a quarter (SPEC §11, 公文草稿): the circular, one
//! rectification notice per listed unit and one interview notice per unit called in, as .docx
//! drafts laid out after GB/T 9704-2012. Every number and name comes from the run's results; the
//! wording is in `templates/documents/`, one file per document.

mod circular;
pub mod layout;
mod notices;
mod text;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Period;
use crate::export::summary::Summary;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::lists::history::PreviousRates;
use crate::model::Dataset;
use crate::output::OutputFile;
use crate::robustness::RobustnessRow;
use crate::scoring::Scores;
use crate::scoring::rubric::{Level, Rubric};
pub use layout::DocumentError;

/// What the documents are written from.
pub struct Input<'a> {
    pub dataset: &'a Dataset,
    pub scores: &'a Scores,
    pub consolidation: &'a [ConsolidationEntry],
    pub accountability: &'a [AccountabilityEntry],
    pub robustness: Option<&'a [RobustnessRow]>,
    pub summary: &'a Summary,
    pub rubric: &'a Rubric,
    pub period: &'a Period,
    pub as_of: NaiveDate,
    pub previous: Option<&'a PreviousRates>,
    /// What became of the previous run's lists (SPEC §13).
    pub followup: Option<&'a [crate::lists::followup::FollowupRow]>,
}

/// A date as official documents write it: 2026年10月10日.
pub fn chinese_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The date `days` after `d` (the latest date there is when that overflows).
fn after(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The dates every document names.
struct Dates {
    issue: String,
    deadline: String,
    appeal: String,
}

impl Dates {
    fn of(input: &Input<'_>) -> Dates {
        let d = &input.rubric.documents;
        let issue = after(input.as_of, d.issue_after_days);
        Dates {
            issue: chinese_date(issue),
            deadline: chinese_date(after(issue, d.rectify_report_days)),
            appeal: chinese_date(after(issue, d.appeal_days)),
        }
    }
}

/// A unit_id as a file name: every character but ASCII letters, digits, `-` and `_` as `_`.
pub fn file_id(unit_id: &str) -> String {
    unit_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Every document of the run, under `docs/`: the circular first, then the notices, each handed
/// to `put` as soon as it is made; returns how many.
pub fn documents(input: &Input<'_>, put: crate::output::Put<'_>) -> Result<usize, DocumentError> {
    let dates = Dates::of(input);
    let circular = OutputFile {
        path: format!("docs/通报-{}.docx", input.period.label).into(),
        bytes: layout::docx(&circular::blocks(input, &dates)?)?,
    };
    put(circular)?;
    let findings = notices::findings_by_unit(input);
    let notices: Vec<usize> = (input.accountability.par_iter().enumerate())
        .map(|(row, entry)| {
            let stem = format!("{:03}-{}.docx", row + 1, file_id(&entry.unit_id));
            let own = (findings.get(entry.unit_id.as_str())).map_or(&[][..], Vec::as_slice);
            let notice = notices::Notice::new(input, entry, own, &dates);
            crate::progress::advance(1);
            let mut files = vec![OutputFile {
                path: format!("docs/整改通知书/{stem}").into(),
                bytes: layout::docx(&notice.rectification()?)?,
            }];
            if entry.level <= Level::Interview {
                files.push(OutputFile {
                    path: format!("docs/约谈通知/{stem}").into(),
                    bytes: layout::docx(&notice.interview()?)?,
                });
            }
            let made = files.len();
            for file in files {
                put(file)?;
            }
            Ok(made)
        })
        .collect::<Result<_, DocumentError>>()?;
    Ok(1 + notices.iter().sum::<usize>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_never_hold_input_text() {
        assert_eq!(file_id("U000001"), "U000001");
        assert_eq!(file_id("../定海/1 2"), "______1_2");
    }
}
