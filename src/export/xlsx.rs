//! `assessment.xlsx` for Excel and WPS users: the tables as sheets with Chinese headers, a frozen
//! header row, column widths, numbers as numbers, grades and actions in Chinese, an autofilter.
//! Pure: results in, bytes out. The document date is fixed so the bytes are reproducible.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::tables::{self, Column};
use crate::export::summary::SheetCut;
use crate::ingest::row::Reject;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::scoring::{AccountScore, Finding, UnitScore};

/// A cell of a sheet.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Text.
    Text(String),
    /// A number (written as a number, so Excel can sum and sort it).
    Number(f64),
    /// A share (0.95), written as a number shown as a percentage (95.0%).
    Percent(f64),
    /// Nothing.
    Empty,
}

/// What the workbook holds.
pub(crate) struct WorkbookInput<'a> {
    /// (label, value) rows of the 汇总 sheet.
    pub summary: Vec<(String, Cell)>,
    /// The period as people read it (2026年第三季度), in every printed page's header.
    pub period: String,
    pub units: &'a [UnitScore],
    pub accounts: &'a [AccountScore],
    pub findings: &'a [Finding],
    pub consolidation: &'a [ConsolidationEntry],
    pub accountability: &'a [AccountabilityEntry],
    pub rejects: &'a [Reject],
    /// followup.csv's rows (SPEC §13); `None` without a previous run (no sheet).
    pub followup: Option<&'a [crate::lists::followup::FollowupRow]>,
    /// appeals_result.csv's rows (SPEC §14); `None` without appeals.csv (no sheet).
    pub appeals: Option<&'a [crate::appeals::AppealResult]>,
    /// scan_candidates.csv's rows (SPEC §16.9); `None` when the scan was not evaluated.
    pub scan: Option<&'a [crate::scan::candidates::CandidateRow]>,
    /// unit_scores.csv's columns (with the task columns when tasks.csv was given).
    pub unit_columns: Vec<Column<UnitScore>>,
    /// tasks_result.csv's rows (SPEC §17.1); `None` without tasks.csv (no sheet).
    pub tasks: Option<&'a [tables::TaskRow]>,
    /// lifecycle.csv's rows (SPEC §17.2).
    pub lifecycle: &'a [tables::LifecycleRowView],
}

/// A sheet's rows, made one at a time as they are written (a national table is a million rows).
type Rows<'a> = Box<dyn Fn(usize) -> Vec<Cell> + 'a>;

struct Sheet<'a> {
    name: &'static str,
    /// The file that holds the whole table (named where the sheet is cut).
    csv: &'static str,
    headers: Vec<(&'static str, f64)>,
    /// How many rows.
    len: usize,
    /// Row `i`'s cells.
    row: Rows<'a>,
}

/// A table's sheet: the columns of its schema that the workbook shows, codes in Chinese.
fn sheet<'a, R>(
    name: &'static str,
    csv: &'static str,
    columns: &'a [Column<R>],
    rows: &'a [R],
) -> Sheet<'a> {
    let shown: Vec<&Column<R>> = columns.iter().filter(|c| c.sheet.is_some()).collect();
    Sheet {
        name,
        csv,
        headers: shown.iter().filter_map(|c| c.sheet).collect(),
        len: rows.len(),
        row: Box::new(move |i| shown.iter().map(|c| cell((c.cell)(&rows[i]))).collect()),
    }
}

/// A sheet with a 单位名称 column after its 单位编码 one (SPEC §15.5: a reader of the account rows
/// sees the unit's name, not only its code); the sheet as it is without such a column.
fn with_unit_names<'a>(sheet: Sheet<'a>, units: &'a [UnitScore]) -> Sheet<'a> {
    let Some(at) = sheet.headers.iter().position(|(h, _)| *h == "单位编码") else {
        return sheet;
    };
    let names: rustc_hash::FxHashMap<&str, &str> = (units.iter())
        .map(|u| (u.unit_id.as_str(), u.unit_name.as_str()))
        .collect();
    let mut headers = sheet.headers;
    headers.insert(at + 1, ("单位名称", 24.0));
    let row = sheet.row;
    Sheet {
        headers,
        row: Box::new(move |i| {
            let mut cells = row(i);
            let name = match cells.get(at) {
                Some(Cell::Text(id)) => names.get(id.as_str()).map(|n| n.to_string()),
                _ => None,
            };
            cells.insert(at + 1, name.map_or(Cell::Empty, Cell::Text));
            cells
        }),
        ..sheet
    }
}

/// A table cell as the workbook writes it: numbers as numbers, codes in Chinese, lists joined.
fn cell(value: tables::Cell) -> Cell {
    match value {
        tables::Cell::Text(s) => Cell::Text(s),
        tables::Cell::Code(_, chinese) => Cell::Text(chinese.to_string()),
        tables::Cell::Localized(_, chinese) => Cell::Text(chinese),
        tables::Cell::Int(x) => Cell::Number(x as f64),
        tables::Cell::Number(x) => Cell::Number(x),
        tables::Cell::Share(x) => Cell::Percent(x),
        tables::Cell::Bool(b) => Cell::Text(if b { "是" } else { "否" }.to_string()),
        tables::Cell::List(items) => Cell::Text(items.join(";")),
        tables::Cell::Lines(items) => Cell::Text(items.join("\n")),
        tables::Cell::Empty => Cell::Empty,
    }
}

/// Excel's rows per sheet, the header included.
const SHEET_ROWS: usize = 1_048_576;

/// Excel's longest text in a cell, in UTF-16 code units.
const CELL_UNITS: usize = 32_767;

/// The data rows a sheet keeps of a table of `rows`: all of them when they fit under the
/// header, else as many as fit under the header and a first row that says the sheet is cut.
fn kept_rows(rows: usize) -> usize {
    if rows < SHEET_ROWS {
        rows
    } else {
        SHEET_ROWS - 2
    }
}

/// The rows of each table (to know before the workbook is built which sheets will be cut).
pub(crate) struct TableRows {
    pub units: usize,
    pub accounts: usize,
    pub findings: usize,
    pub consolidation: usize,
    pub accountability: usize,
    /// Rows of appeals_result.csv (none without appeals).
    pub appeals: Option<usize>,
    /// Rows of followup.csv (none without a previous run).
    pub followup: Option<usize>,
    /// Rows of scan_candidates.csv (none without a scan).
    pub scan: Option<usize>,
    /// Rows of tasks_result.csv (none without tasks.csv).
    pub tasks: Option<usize>,
    /// Rows of lifecycle.csv.
    pub lifecycle: usize,
    pub rejects: usize,
}

/// The sheets that will hold only their first rows (Excel's limit), in the workbook's order;
/// the CSVs hold every row.
pub(crate) fn cuts(rows: &TableRows) -> Vec<SheetCut> {
    [
        ("单位得分", "unit_scores.csv", rows.units),
        ("账号得分", "account_scores.csv", rows.accounts),
        ("扣分明细", "deductions.csv", rows.findings),
        ("清理整合", "consolidation.csv", rows.consolidation),
        ("约谈问责", "accountability.csv", rows.accountability),
        ("转发任务", "tasks_result.csv", rows.tasks.unwrap_or(0)),
        ("申诉复核", "appeals_result.csv", rows.appeals.unwrap_or(0)),
        ("整改跟踪", "followup.csv", rows.followup.unwrap_or(0)),
        ("内容巡检", "scan_candidates.csv", rows.scan.unwrap_or(0)),
        ("生命周期核查", "lifecycle.csv", rows.lifecycle),
        ("数据问题", "rejects.csv", rows.rejects),
    ]
    .into_iter()
    .filter(|(_, _, n)| kept_rows(*n) < *n)
    .map(|(sheet, csv, n)| SheetCut {
        sheet,
        csv,
        rows: n as u64,
        kept: kept_rows(n) as u64,
    })
    .collect()
}

/// Bytes of sheet XML a cell may take in the temporary files, generously (a national run's
/// sheets: 366 MB of XML for 13.6 million cells, 27 bytes a cell).
const TEMPORARY_BYTES_PER_CELL: u64 = 48;

/// Whether sheets are written in rust_xlsxwriter's low-memory mode: each sheet's rows go to an
/// anonymous temporary file (deleted when closed) as they are written, not held as cells until
/// the workbook is saved — when the system's temporary folder takes a file and has room for
/// `needed` bytes; otherwise in memory. The cells are the same either way (low-memory rows
/// lack the optional `spans` hint).
fn low_memory(needed: u64) -> bool {
    tempfile::tempfile().is_ok() && has_room(free_bytes(&std::env::temp_dir()), needed)
}

/// Whether a folder with `free` bytes free (`None`: not known) has room for `needed` more.
fn has_room(free: Option<u64>, needed: u64) -> bool {
    free.is_none_or(|free| free >= needed)
}

/// The bytes free for this user on the file system that holds `dir`, when it can be asked.
#[cfg(target_os = "linux")]
fn free_bytes(dir: &std::path::Path) -> Option<u64> {
    let fs = rustix::fs::statvfs(dir).ok()?;
    Some(fs.f_bavail.saturating_mul(fs.f_frsize))
}

#[cfg(not(target_os = "linux"))]
fn free_bytes(_dir: &std::path::Path) -> Option<u64> {
    None
}

/// Why the workbook could not be built.
#[derive(Debug, thiserror::Error)]
pub(crate) enum WorkbookError {
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    /// rust_xlsxwriter stops (panics) when a write to its temporary files fails, most likely a
    /// temporary folder that filled up during the run.
    #[error(
        "writing the sheets to the temporary folder {} failed ({reason}); free space there, or set TMPDIR to a folder with room, and run again",
        dir.display()
    )]
    Temporary {
        dir: std::path::PathBuf,
        reason: String,
    },
}

impl WorkbookError {
    /// The error for a stop inside rust_xlsxwriter, with its message.
    fn stopped(payload: &(dyn std::any::Any + Send)) -> WorkbookError {
        let reason = (payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_string());
        WorkbookError::Temporary {
            dir: std::env::temp_dir(),
            reason,
        }
    }
}

fn add_sheet(
    workbook: &mut Workbook,
    sheet: Sheet<'_>,
    low: bool,
    period: &str,
) -> Result<(), XlsxError> {
    let percent = Format::new().set_num_format("0.0%");
    let bold = Format::new().set_bold().set_background_color(0xEEF3F9);
    let ws = if low {
        workbook.add_worksheet_with_low_memory()?
    } else {
        workbook.add_worksheet()
    };
    ws.set_name(sheet.name)?;
    let kept = kept_rows(sheet.len);
    // A cut sheet says so in its first row, above the header.
    let header_row: u32 = if kept < sheet.len {
        let note = format!(
            "本表仅列前{kept}行（共{}行，超出Excel每表行数上限），全部数据见{}",
            sheet.len, sheet.csv
        );
        ws.write_string_with_format(0, 0, note, &Format::new().set_bold())?;
        1
    } else {
        0
    };
    for (c, (header, width)) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(header_row, c as u16, *header, &bold)?;
        ws.set_column_width(c as u16, *width)?;
    }
    for i in 0..kept {
        let r = i as u32 + header_row + 1;
        for (c, cell) in (sheet.row)(i).into_iter().enumerate() {
            match cell {
                Cell::Text(s) => {
                    let s = crate::limits::fit_owned(s, CELL_UNITS, sheet.csv);
                    ws.write_string(r, c as u16, s)?;
                }
                Cell::Number(x) => {
                    ws.write_number(r, c as u16, x)?;
                }
                Cell::Percent(x) => {
                    ws.write_number_with_format(r, c as u16, x, &percent)?;
                }
                Cell::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    let last_column = sheet.headers.len().saturating_sub(1) as u16;
    ws.autofilter(header_row, 0, header_row + kept as u32, last_column)?;
    print_setup(ws, header_row, period)
}

/// SPEC §15.5: A4 landscape, one page wide, the header row on every page, the sheet's name and
/// the period above, 「第 N 页 共 M 页」 below.
fn print_setup(ws: &mut Worksheet, header_row: u32, period: &str) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    ws.set_paper_size(A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(header_row, header_row)?;
    // `&` starts a field code in Excel's headers: a period never holds one, but be safe.
    ws.set_header(format!("&C&A　{}", period.replace('&', "&&")));
    ws.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Deflate level of the workbook's zip container (1 fastest … 9 smallest).
const ZIP_COMPRESSION_LEVEL: u8 = 2;

/// The bytes of `assessment.xlsx`.
pub(crate) fn workbook(input: WorkbookInput<'_>) -> Result<Vec<u8>, WorkbookError> {
    let sheets = sheets(&input);
    let cells: usize = (sheets.iter())
        .map(|s| kept_rows(s.len).saturating_add(2) * s.headers.len())
        .sum();
    let low = low_memory((cells as u64).saturating_mul(TEMPORARY_BYTES_PER_CELL));
    // In low-memory mode rust_xlsxwriter panics when a write to its temporary files fails;
    // any other panic is a bug and goes on unwinding.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(sheets, low, &input.period)
    })) {
        Ok(built) => Ok(built?),
        Err(payload) if low => Err(WorkbookError::stopped(payload.as_ref())),
        Err(payload) => std::panic::resume_unwind(payload),
    }
}

/// The workbook of `sheets`, their rows in temporary files when `low`.
fn build(sheets: Vec<Sheet<'_>>, low: bool, period: &str) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Level 2: the workbook's thread 16 % faster than at Excel 365's own level 3 for 10 % more
    // bytes (level 1: 58 % more bytes); level 3 was ~30 % faster than the default 6.
    workbook.set_zip_compression_level(ZIP_COMPRESSION_LEVEL);
    let fixed = ExcelDateTime::from_ymd(2026, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("政务新媒体考核")
            .set_creation_datetime(&fixed),
    );
    for sheet in sheets {
        add_sheet(&mut workbook, sheet, low, period)?;
    }
    workbook.save_to_buffer()
}

/// The sheets, in order: the summary, the tables, the appeals and follow-up when there are any,
/// the data problems.
fn sheets<'a>(input: &'a WorkbookInput<'a>) -> Vec<Sheet<'a>> {
    let summary = &input.summary;
    let mut sheets = vec![
        Sheet {
            name: "汇总",
            csv: "summary.json",
            headers: vec![("项目", 24.0), ("数值", 70.0)],
            len: summary.len(),
            row: Box::new(|i| vec![Cell::Text(summary[i].0.clone()), summary[i].1.clone()]),
        },
        sheet(
            "单位得分",
            "unit_scores.csv",
            &input.unit_columns,
            input.units,
        ),
        with_unit_names(
            sheet(
                "账号得分",
                "account_scores.csv",
                tables::ACCOUNT_SCORES,
                input.accounts,
            ),
            input.units,
        ),
        sheet(
            "扣分明细",
            "deductions.csv",
            tables::DEDUCTIONS,
            input.findings,
        ),
        sheet(
            "清理整合",
            "consolidation.csv",
            tables::CONSOLIDATION,
            input.consolidation,
        ),
        sheet(
            "约谈问责",
            "accountability.csv",
            tables::ACCOUNTABILITY,
            input.accountability,
        ),
    ];
    if let Some(rows) = input.tasks {
        let table = tables::TASKS_RESULT;
        sheets.push(with_unit_names(
            sheet("转发任务", "tasks_result.csv", table, rows),
            input.units,
        ));
    }
    if let Some(rows) = input.appeals {
        sheets.push(sheet(
            "申诉复核",
            "appeals_result.csv",
            tables::APPEALS,
            rows,
        ));
    }
    if let Some(rows) = input.followup {
        sheets.push(sheet("整改跟踪", "followup.csv", tables::FOLLOWUP, rows));
    }
    if let Some(rows) = input.scan {
        let table = tables::SCAN_CANDIDATES;
        sheets.push(sheet("内容巡检", "scan_candidates.csv", table, rows));
    }
    let table = tables::LIFECYCLE;
    let rows = input.lifecycle;
    sheets.push(with_unit_names(
        sheet("生命周期核查", "lifecycle.csv", table, rows),
        input.units,
    ));
    sheets.push(sheet(
        "数据问题",
        "rejects.csv",
        tables::REJECTS,
        input.rejects,
    ));
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every sheet cut at Excel's row limit is named, the appeals and follow-up sheets too.
    #[test]
    fn every_cut_sheet_is_listed_in_the_workbooks_order() {
        let over = SHEET_ROWS;
        let rows = TableRows {
            units: 10,
            accounts: 10,
            findings: over,
            consolidation: 10,
            accountability: 10,
            appeals: Some(over + 5),
            followup: Some(over),
            scan: None,
            tasks: Some(over),
            lifecycle: over,
            rejects: over - 1,
        };
        let cut: Vec<&str> = cuts(&rows).iter().map(|c| c.sheet).collect();
        assert_eq!(
            cut,
            [
                "扣分明细",
                "转发任务",
                "申诉复核",
                "整改跟踪",
                "生命周期核查"
            ]
        );
        let none = TableRows {
            appeals: None,
            scan: None,
            followup: None,
            tasks: None,
            lifecycle: 0,
            ..rows
        };
        assert_eq!(cuts(&none).len(), 1);
    }

    #[test]
    fn sheets_wait_in_memory_when_the_temporary_folder_has_no_room_for_them() {
        assert!(has_room(Some(1_000), 1_000));
        assert!(!has_room(Some(999), 1_000));
        // A folder whose free space cannot be asked is tried (a failed write is still caught).
        assert!(has_room(None, u64::MAX));
    }

    #[test]
    fn a_stop_inside_the_workbook_writer_names_the_temporary_folder_and_its_reason() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(String::from(
            "Couldn't write to xml file: No space left on device",
        ));
        let message = WorkbookError::stopped(payload.as_ref()).to_string();
        assert!(message.contains("No space left on device"), "{message}");
        assert!(
            message.contains(&std::env::temp_dir().display().to_string()),
            "{message}"
        );
        assert!(message.contains("TMPDIR"), "{message}");
    }
}
