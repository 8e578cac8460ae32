//! The documents the office issues after a quarter (SPEC §11, 公文草稿): the circular, one
//! rectification notice per listed unit and one interview notice per unit called in, as .docx
//! drafts laid out after GB/T 9704-2012. Every number and name comes from the run's results; the
//! wording is in `templates/documents/`, one file per document.

mod circular;
mod duties;
pub(crate) mod layout;
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
use crate::scoring::Scores;
use crate::scoring::rubric::{Level, Rubric};
pub(crate) use layout::DocumentError;

/// What the documents are written from.
pub(crate) struct Input<'a> {
    pub dataset: &'a Dataset,
    /// The accounts' metrics, in the dataset's order (the dates of K2's posts).
    pub metrics: &'a [crate::model::AccountMetrics],
    pub scores: &'a Scores,
    pub consolidation: &'a [ConsolidationEntry],
    pub accountability: &'a [AccountabilityEntry],
    pub summary: &'a Summary,
    /// Accounts by platform, units by type.
    pub breakdowns: &'a crate::overview::Breakdowns,
    pub rubric: &'a Rubric,
    /// The issuing office (SPEC §15.1).
    pub office: &'a crate::office::Office,
    pub period: &'a Period,
    pub as_of: NaiveDate,
    pub previous: Option<&'a PreviousRates>,
    /// What became of the previous run's lists (SPEC §13).
    pub followup: Option<&'a [crate::lists::followup::FollowupRow]>,
    /// The repost tasks (SPEC §17.1); `None` without tasks.csv.
    pub tasks: Option<&'a crate::tasks::TaskRun>,
    /// The life-cycle findings (SPEC §17.2).
    pub lifecycle: &'a crate::lists::lifecycle::Lifecycle,
}

pub(crate) use crate::present::chinese_date;

/// The dates every document names.
struct Dates {
    issue: String,
    /// The issue date, `2026-10-10`: the documents' properties.
    issue_day: NaiveDate,
    deadline: String,
    appeal: String,
}

impl Dates {
    fn of(input: &Input<'_>) -> Dates {
        // SPEC §17.3: in working days with calendar.csv, in calendar days without it.
        let deadlines = crate::scoring::deadlines::Deadlines::of(input.dataset, input.rubric);
        let issue = deadlines.issue(input.as_of).on;
        Dates {
            issue_day: issue,
            issue: chinese_date(issue),
            deadline: chinese_date(deadlines.report(issue).on),
            appeal: chinese_date(deadlines.appeal(issue).on),
        }
    }
}

/// Characters of a unit_id kept whole in a file name; a longer one is cut (file systems take
/// names of 255 bytes at most).
const FILE_ID_AT_MOST: usize = 64;
/// Characters kept of a longer one, before its hash.
const FILE_ID_KEPT: usize = 48;
/// Hex digits of SHA-256 of the whole unit_id that follow them.
const FILE_ID_HASH: usize = 12;

/// A unit_id as a file name: every character but ASCII letters, digits, `-` and `_` as `_`;
/// over [`FILE_ID_AT_MOST`] characters, the first [`FILE_ID_KEPT`], a `-` and the first
/// [`FILE_ID_HASH`] hex digits of the SHA-256 of the unit_id (deterministic, ASCII, at most 61
/// characters; the notice's row number before it keeps names apart in any case).
pub(crate) fn file_id(unit_id: &str) -> String {
    let safe: String = unit_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.len() <= FILE_ID_AT_MOST {
        return safe;
    }
    // ASCII only, so cutting at a byte is cutting at a character.
    let hash = crate::ingest::source::hex(&<sha2::Sha256 as sha2::Digest>::digest(unit_id));
    format!("{}-{}", &safe[..FILE_ID_KEPT], &hash[..FILE_ID_HASH])
}

/// Every document of the run, under `docs/`: the circular first, then the notices, each handed
/// to `put` as soon as it is made; returns how many, and how many texts held characters a
/// document cannot (left out).
pub(crate) fn documents(
    input: &Input<'_>,
    put: crate::output::Put<'_>,
) -> Result<Made, DocumentError> {
    let dates = Dates::of(input);
    let properties = layout::Properties {
        author: input.office.issuer.clone(),
        date: format!("{}T00:00:00Z", dates.issue_day),
        draft: !input.office.placeholders.is_empty(),
    };
    let blocks = circular::blocks(input, &dates)?;
    let cleaned = std::sync::atomic::AtomicUsize::new(layout::forbidden_texts(&blocks));
    let circular = OutputFile {
        path: format!("docs/通报-{}.docx", input.period.label).into(),
        bytes: layout::docx(&blocks, &properties)?,
    };
    put(circular)?;
    let docx = |blocks: Vec<layout::Block>| {
        let forbidden = layout::forbidden_texts(&blocks);
        cleaned.fetch_add(forbidden, std::sync::atomic::Ordering::Relaxed);
        layout::docx(&blocks, &properties)
    };
    let findings = notices::findings_by_unit(input);
    let accounts = notices::accounts_by_unit(input);
    let records = notices::records(input, &findings);
    let notices: Vec<usize> = (input.accountability.par_iter().enumerate())
        .map(|(row, entry)| {
            let stem = format!("{:03}-{}.docx", row + 1, file_id(&entry.unit_id));
            let own = (findings.get(entry.unit_id.as_str())).map_or(&[][..], Vec::as_slice);
            let mine = (accounts.get(entry.unit_id.as_str())).map_or(&[][..], Vec::as_slice);
            let notice = notices::Notice::new(input, entry, own, mine, &records, &dates);
            crate::progress::advance(1);
            let mut files = vec![OutputFile {
                path: format!("docs/整改通知书/{stem}").into(),
                bytes: docx(notice.rectification()?)?,
            }];
            if entry.level <= Level::Interview {
                files.push(OutputFile {
                    path: format!("docs/约谈通知/{stem}").into(),
                    bytes: docx(notice.interview()?)?,
                });
            }
            let made = files.len();
            for file in files {
                put(file)?;
            }
            Ok(made)
        })
        .collect::<Result<_, DocumentError>>()?;
    Ok(Made {
        files: 1 + notices.iter().sum::<usize>(),
        cleaned_texts: cleaned.into_inner(),
    })
}

/// What [`documents`] made.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Made {
    /// Documents written.
    pub files: usize,
    /// Texts that held characters XML 1.0 forbids (control characters), left out of them.
    pub cleaned_texts: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_never_hold_input_text() {
        assert_eq!(file_id("U000001"), "U000001");
        assert_eq!(file_id("../定海/1 2"), "______1_2");
    }

    #[test]
    fn a_long_unit_id_is_cut_and_told_apart_by_its_hash() {
        let long = "U".repeat(300);
        let other = format!("{}V", "U".repeat(299));
        let (a, b) = (file_id(&long), file_id(&other));
        assert_eq!(a.len(), FILE_ID_KEPT + 1 + FILE_ID_HASH);
        assert!(a.starts_with(&"U".repeat(FILE_ID_KEPT)));
        assert_ne!(a, b);
        assert_eq!(file_id(&"U".repeat(FILE_ID_AT_MOST)).len(), FILE_ID_AT_MOST);
        // Ten thousand three-byte characters: still a short ASCII name.
        assert_eq!(file_id(&"定".repeat(10_000)).len(), 61);
    }
}
