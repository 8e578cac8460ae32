//! One row's cells turned into typed values, column by column in schema order (SPEC §2 "Bad
//! input", step 2: missing required value, unparsable value, unknown enum value, negative count),
//! and the reject record that a failed row becomes.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};

use super::schema::{CodeSet, ColumnSpec, InputFile, Kind};
use super::source::Cell;
use crate::model::{
    AccountStatus, Decision, FilingEvent, Platform, ReviewDecision, UnitType, ViolationCategory,
};
use crate::values::{self, CodeTable, ValueProblem};
use crate::vocab::DayKind;

/// A parsed cell; its text borrowed from the cell, taken only where a row keeps it. `Copy`, so
/// a row's values are made and dropped without a call per value (45 million rows at national
/// scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Value<'a> {
    /// Empty or absent.
    Null,
    /// Trimmed, non-empty text.
    Text(&'a str),
    /// A boolean.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
    /// A date-time.
    DateTime(NaiveDateTime),
    /// A count.
    Count(u64),
    /// An enum value: its index in the enum's `ALL`.
    Code(usize),
    /// A list cell's text, trimmed (its values: [`Value::list`]).
    List(&'a str),
    /// A code list cell's text, trimmed, every value found in `CodeSet` (its codes:
    /// [`Value::codes`]).
    Codes(CodeSet, &'a str),
}

impl Value<'_> {
    /// Moves the text out, leaving `Null`.
    pub(crate) fn take_text(&mut self) -> Option<String> {
        match std::mem::replace(self, Value::Null) {
            Value::Text(text) => Some(text.to_string()),
            _ => None,
        }
    }
    /// The text, if any.
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
    /// The boolean, if any.
    pub(crate) fn bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    /// The date, if any.
    pub(crate) fn date(&self) -> Option<NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }
    /// The date-time, if any.
    pub(crate) fn datetime(&self) -> Option<NaiveDateTime> {
        match self {
            Value::DateTime(t) => Some(*t),
            _ => None,
        }
    }
    /// The count, if any.
    pub(crate) fn count(&self) -> Option<u64> {
        match self {
            Value::Count(c) => Some(*c),
            _ => None,
        }
    }
    /// A list cell's values, without empties or repeats, in the order written (empty when the
    /// cell is).
    pub(crate) fn list(&self) -> Vec<String> {
        match self {
            Value::List(text) => split_list(text).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    }
    /// A list cell's codes, without repeats, in the order written, looked up in `all` (empty
    /// when the cell is).
    pub(crate) fn codes<T: Copy>(&self, all: &[T]) -> Vec<T> {
        let Value::Codes(set, text) = self else {
            return Vec::new();
        };
        let codes = codes_in(*set, text).unwrap_or_default();
        codes.iter().filter_map(|i| all.get(*i).copied()).collect()
    }
    /// The enum value, if any, looked up in `all`.
    pub(crate) fn code<T: Copy>(&self, all: &[T]) -> Option<T> {
        match self {
            Value::Code(i) => all.get(*i).copied(),
            _ => None,
        }
    }
}

/// Why a row was rejected (SPEC §2 "Bad input", in the order checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectKind {
    /// Step 1: the number of fields differs from the header's.
    FieldCount,
    /// Step 2: a required value is empty.
    MissingValue,
    /// Step 2: a value in none of the accepted forms.
    Unparsable,
    /// Step 2: an enum value that is neither code nor Chinese name.
    UnknownCode,
    /// Step 2: a count below zero.
    NegativeCount,
    /// Step 3: a date before the one it must not precede.
    DateOrder,
    /// Step 4: a unit or account that does not exist or was rejected.
    MissingReference,
    /// Step 5: a key already accepted.
    DuplicateKey,
}

impl RejectKind {
    /// A short Chinese label, for grouping in `validate` and the report.
    pub fn label(self) -> &'static str {
        match self {
            RejectKind::FieldCount => "字段数与表头不符 wrong number of fields",
            RejectKind::MissingValue => "缺少必填值 missing required value",
            RejectKind::Unparsable => "无法识别的值 unparsable value",
            RejectKind::UnknownCode => "未知的代码 unknown code",
            RejectKind::NegativeCount => "计数为负 negative count",
            RejectKind::DateOrder => "日期先后颠倒 impossible order of dates",
            RejectKind::MissingReference => "引用不存在或已拒绝 unknown or rejected reference",
            RejectKind::DuplicateKey => "重复的键 duplicate key",
        }
    }
}

/// A rejected row: one line of `rejects.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// Which input.
    pub file: InputFile,
    /// The file name as given (`units.csv`).
    pub file_name: String,
    /// Physical line where the record starts (the header is line 1).
    pub line: u64,
    /// English column name; empty for a wrong number of fields.
    pub column: String,
    /// The raw text concerned.
    pub value: String,
    /// The kind of problem.
    pub kind: RejectKind,
    /// A plain sentence saying what is wrong.
    pub reason: String,
}

/// A problem found in one row, before it is given its file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowProblem {
    /// English column name (or `account_id;date`), empty for a wrong number of fields.
    pub column: String,
    /// Raw text concerned.
    pub value: String,
    /// The kind of problem.
    pub kind: RejectKind,
    /// What is wrong, in plain words.
    pub reason: String,
}

struct CodeTables {
    unit_type: CodeTable<usize>,
    platform: CodeTable<usize>,
    account_status: CodeTable<usize>,
    filing_event: CodeTable<usize>,
    decision: CodeTable<usize>,
    violation_category: CodeTable<usize>,
    review_decision: CodeTable<usize>,
    day_kind: CodeTable<usize>,
}

macro_rules! table_of {
    ($enum:ty) => {
        CodeTable::new(
            <$enum>::ALL
                .iter()
                .enumerate()
                .map(|(i, v)| (i, v.code(), v.chinese())),
        )
    };
}

static CODE_TABLES: LazyLock<CodeTables> = LazyLock::new(|| CodeTables {
    unit_type: table_of!(UnitType),
    platform: table_of!(Platform),
    account_status: table_of!(AccountStatus),
    filing_event: table_of!(FilingEvent),
    decision: table_of!(Decision),
    violation_category: table_of!(ViolationCategory),
    review_decision: table_of!(ReviewDecision),
    day_kind: table_of!(DayKind),
});

fn code_table(set: CodeSet) -> &'static CodeTable<usize> {
    let tables = &*CODE_TABLES;
    match set {
        CodeSet::UnitType => &tables.unit_type,
        CodeSet::Platform => &tables.platform,
        CodeSet::AccountStatus => &tables.account_status,
        CodeSet::FilingEvent => &tables.filing_event,
        CodeSet::Decision => &tables.decision,
        CodeSet::ViolationCategory => &tables.violation_category,
        CodeSet::ReviewDecision => &tables.review_decision,
        CodeSet::DayKind => &tables.day_kind,
    }
}

/// A value of `set` as an input cell gives it (its code or a Chinese name, SPEC §2): its index in
/// the set's `ALL`.
pub(crate) fn parse_code(set: CodeSet, text: &str) -> Option<usize> {
    code_table(set).parse(text).ok()
}

fn codes_of(set: CodeSet) -> String {
    fn list<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
        all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ")
    }
    match set {
        CodeSet::UnitType => list(UnitType::ALL, UnitType::code),
        CodeSet::Platform => list(Platform::ALL, Platform::code),
        CodeSet::AccountStatus => list(AccountStatus::ALL, AccountStatus::code),
        CodeSet::FilingEvent => list(FilingEvent::ALL, FilingEvent::code),
        CodeSet::Decision => list(Decision::ALL, Decision::code),
        CodeSet::ViolationCategory => list(ViolationCategory::ALL, ViolationCategory::code),
        CodeSet::ReviewDecision => list(ReviewDecision::ALL, ReviewDecision::code),
        CodeSet::DayKind => list(DayKind::ALL, DayKind::code),
    }
}

/// Parses the cells of `file` (one per schema column) into `out` (as long as `cells`), checking
/// column by column in schema order; the first problem rejects the row.
pub(crate) fn parse_cells<'a>(
    file: InputFile,
    cells: &'a [Cell<'a>],
    out: &mut [Value<'a>],
) -> Result<(), RowProblem> {
    for ((spec, cell), slot) in file.columns().iter().zip(cells).zip(out) {
        // Written in place: a value handed back and then moved into `slot` went through the
        // stack, and reading it back stalled (61% of this function's samples at national scale).
        if let Err((kind, reason)) = parse_cell(spec, cell, slot) {
            return Err(RowProblem {
                column: spec.name.to_string(),
                value: cell.raw_text(),
                kind,
                reason,
            });
        }
    }
    Ok(())
}

/// The value of `cell` as column `spec` types it, written into `slot`; or what is wrong with it.
fn parse_cell<'a>(
    spec: &ColumnSpec,
    cell: &'a Cell<'a>,
    slot: &mut Value<'a>,
) -> Result<(), (RejectKind, String)> {
    let text = match cell {
        Cell::Null => None,
        Cell::Text(t) => Some(trim(t)),
        Cell::Owned(t) => Some(trim(t)),
        typed => return parse_typed(spec, typed).map(|value| *slot = value),
    };
    let text = match text {
        None | Some("") if spec.required => {
            return Err((
                RejectKind::MissingValue,
                format!("必填列 {} 为空", spec.name),
            ));
        }
        None | Some("") => {
            *slot = Value::Null;
            return Ok(());
        }
        Some(t) => t,
    };
    let problem = |problem| describe(spec, problem);
    *slot = match spec.kind {
        Kind::Text => Value::Text(text),
        Kind::Bool => Value::Bool(values::parse_bool(text).map_err(problem)?),
        Kind::Date => Value::Date(values::parse_date(text).map_err(problem)?),
        Kind::DateTime => Value::DateTime(values::parse_datetime(text).map_err(problem)?),
        Kind::Count => Value::Count(values::parse_count(text).map_err(problem)?),
        Kind::Code(set) => Value::Code(code_table(set).parse(text).map_err(problem)?),
        Kind::List => Value::List(text),
        Kind::CodeList(set) => {
            codes_in(set, text).map_err(problem)?;
            Value::Codes(set, text)
        }
    };
    Ok(())
}

/// The codes of a code list cell (indices in `set`'s `ALL`), without repeats, in the order
/// written; or the problem with its first value that is none of them.
fn codes_in(set: CodeSet, text: &str) -> Result<Vec<usize>, ValueProblem> {
    let mut codes = Vec::new();
    for value in split_list(text) {
        let code = code_table(set).parse(value)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// The values of a list cell (SPEC §17.1): split at `;` `；` `,` `，` `、` and white space (line
/// breaks included), empty values dropped, a value given twice kept once, in the order written.
pub(crate) fn split_list(text: &str) -> impl Iterator<Item = &str> {
    let mut seen: Vec<&str> = Vec::new();
    text.split(|c: char| matches!(c, ';' | '；' | ',' | '，' | '、') || c.is_whitespace())
        .filter(|v| !v.is_empty())
        .filter(move |v| {
            let new = !seen.contains(v);
            if new {
                seen.push(v);
            }
            new
        })
}

/// `text` without leading and trailing whitespace: as it is when it starts and ends with a
/// visible ASCII character (nearly every cell), without decoding its ends.
fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A typed Parquet value: taken as it is when its type fits the column.
fn parse_typed(spec: &ColumnSpec, cell: &Cell<'_>) -> Result<Value<'static>, (RejectKind, String)> {
    let unparsable = || {
        describe(
            spec,
            ValueProblem::Unparsable {
                expected: expected_forms(spec.kind),
            },
        )
    };
    match (spec.kind, cell) {
        (Kind::Bool, Cell::Bool(b)) => Ok(Value::Bool(*b)),
        (Kind::Date, Cell::Date(d)) => Ok(Value::Date(*d)),
        (Kind::Date, Cell::DateTime(t)) => Ok(Value::Date(t.date())),
        (Kind::DateTime, Cell::DateTime(t)) => Ok(Value::DateTime(*t)),
        (Kind::DateTime, Cell::Date(d)) => Ok(Value::DateTime(d.and_time(chrono::NaiveTime::MIN))),
        (Kind::Count, Cell::Int(i)) if *i < 0 => Err(describe(spec, ValueProblem::Negative)),
        (Kind::Count, Cell::Int(i)) => u64::try_from(*i)
            .map(Value::Count)
            .map_err(|_| unparsable()),
        (Kind::Count, Cell::Float(f)) if f.fract() == 0.0 && *f < 0.0 => {
            Err(describe(spec, ValueProblem::Negative))
        }
        (Kind::Count, Cell::Float(f)) if f.fract() == 0.0 && *f <= u64::MAX as f64 => {
            Ok(Value::Count(*f as u64))
        }
        // Text columns are handed as text by the Parquet reader (`as_text`): never here.
        (Kind::Text | Kind::List | Kind::CodeList(_), _) => Err(unparsable()),
        (Kind::Bool, Cell::Int(i)) if *i == 0 || *i == 1 => Ok(Value::Bool(*i == 1)),
        _ => Err(unparsable()),
    }
}

fn expected_forms(kind: Kind) -> &'static str {
    match kind {
        Kind::Bool => values::BOOL_FORMS,
        Kind::Date => values::DATE_FORMS,
        Kind::DateTime => values::DATETIME_FORMS,
        Kind::Count => values::COUNT_FORMS,
        Kind::Text | Kind::Code(_) | Kind::List | Kind::CodeList(_) => "text",
    }
}

fn describe(spec: &ColumnSpec, problem: ValueProblem) -> (RejectKind, String) {
    match problem {
        ValueProblem::Unparsable { expected } => {
            let what = match spec.kind {
                Kind::Bool => "是/否值 boolean",
                Kind::Date => "日期 date",
                Kind::DateTime => "时间 date-time",
                Kind::Count => "计数 count",
                Kind::Text | Kind::Code(_) | Kind::List | Kind::CodeList(_) => "值 value",
            };
            (
                RejectKind::Unparsable,
                format!("{} 不是有效的{}，应为 {expected}", spec.name, what),
            )
        }
        ValueProblem::UnknownCode => {
            let codes = match spec.kind {
                Kind::Code(set) | Kind::CodeList(set) => codes_of(set),
                _ => String::new(),
            };
            (
                RejectKind::UnknownCode,
                format!("{} 取值未知，应为 {codes} 之一或其中文名称", spec.name),
            )
        }
        ValueProblem::Negative => (
            RejectKind::NegativeCount,
            format!("{} 不能为负数", spec.name),
        ),
    }
}

#[cfg(test)]
mod tests {
    /// The quick trim is `str::trim`, on cells with and without whitespace of every kind.
    #[test]
    fn trim_is_strs_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{3000}定海\u{3000}",
            "定海",
            "a\u{a0}",
            "\u{85}x",
            "x\u{2028}",
            "12,345",
            " 12 ",
            "a b",
            "\u{feff}a",
        ] {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }
}
