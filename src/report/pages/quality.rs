//! The data-quality page: what each input file gave, and the rejected rows.

use crate::report::view::{DataQualityPage, FileRow, RejectRow, Stat};
use crate::report::{Builder, REJECT_VALUE_UNITS, REJECTS_SHOWN};

impl<'a> Builder<'a> {
    pub(in crate::report) fn file_rows(&self) -> Vec<FileRow> {
        self.input
            .ingest
            .files
            .iter()
            .map(|f| FileRow {
                file: f.file_name.clone(),
                present: f.present,
                encoding: f
                    .encoding
                    .map_or("未提供".to_string(), |e| e.name().to_string()),
                read: f.rows_read.to_string(),
                accepted: f.rows_accepted.to_string(),
                rejected: f.rows_rejected.to_string(),
                ignored: f.ignored_columns.join("、"),
                sha256: f.sha256.clone().unwrap_or_default(),
            })
            .collect()
    }
}

/// `data-quality.html`: the files read, the rules not evaluated, the workbook's cuts, the
/// first rejected rows.
pub(in crate::report) fn quality_page(b: &Builder<'_>) -> DataQualityPage {
    let input = b.input;
    let rejects = &input.ingest.rejects;
    DataQualityPage {
        site: b.site(""),
        files: b.file_rows(),
        terms: terms_line(b),
        rejects: (rejects.iter().take(REJECTS_SHOWN))
            .map(|r| RejectRow {
                file: r.file_name.clone(),
                line: r.line.to_string(),
                column: r.column.clone(),
                value: crate::limits::fit(&r.value, REJECT_VALUE_UNITS, "rejects.csv"),
                reason: r.reason.clone(),
            })
            .collect(),
        rejects_total: rejects.len().to_string(),
        rejects_cut: rejects.len() > REJECTS_SHOWN,
        not_evaluated: (input.scores.not_evaluated.iter())
            .map(|n| Stat {
                label: format!("{} {}", n.rule, n.rule.chinese()),
                value: n.reason.to_string(),
            })
            .collect(),
        workbook_cuts: (input.summary.workbook_cuts.iter())
            .map(|c| Stat {
                label: c.sheet.to_string(),
                value: format!(
                    "共{}行，超出Excel每表行数上限，工作簿只列前{}行；全部数据见{}",
                    c.rows, c.kept, c.csv
                ),
            })
            .collect(),
        history_skipped: (input.history.skipped.iter())
            .map(|h| Stat {
                label: h.folder.display().to_string(),
                value: h.reason.clone(),
            })
            .collect(),
        history_read: (input.history.runs.iter())
            .map(|r| r.period.chinese())
            .collect::<Vec<_>>()
            .join("、"),
        lifecycle: b.lifecycle_section(),
        calendar: b.calendar_lines(),
    }
}

/// The content scan's terms, in words: the office's file (name, encoding, entries by kind) or the
/// built-in lists only.
fn terms_line(b: &Builder<'_>) -> String {
    let (Some(scan), Some(terms)) = (b.input.scan, b.input.terms) else {
        return String::new();
    };
    if !scan.evaluated() {
        return String::new();
    }
    let Some(file) = &terms.file else {
        return "内容巡检词表：只使用内置词表（数据文件夹中没有 terms.csv）。".to_string();
    };
    let kinds: Vec<String> = (crate::vocab::TermKind::ALL.iter())
        .map(|k| {
            format!(
                "{}{}条",
                k.chinese().split('/').next().unwrap_or(""),
                terms.count(*k)
            )
        })
        .collect();
    let name = file
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    format!(
        "内容巡检词表：{name}（{}），{}；另用内置词表。",
        file.encoding,
        kinds.join("、")
    )
}
