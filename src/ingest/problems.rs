//! What a rejected row says (SPEC §2): the reject line and the common problems.

use super::row::{Reject, RejectKind, RowProblem};
use super::source;

pub(super) fn reject(info: &source::FileInfo, line: u64, problem: RowProblem) -> Reject {
    Reject {
        file: info.file,
        file_name: info.file_name.clone(),
        line,
        column: problem.column,
        value: problem.value,
        kind: problem.kind,
        reason: problem.reason,
    }
}

pub(super) fn problem(column: &str, value: String, kind: RejectKind, reason: String) -> RowProblem {
    RowProblem {
        column: column.to_string(),
        value,
        kind,
        reason,
    }
}

/// A required value. The value checks reject a row whose required cell is empty before its
/// record is built, so this never defaults one: it can only repeat that rejection.
pub(super) fn required<T>(value: Option<T>, column: &str) -> Result<T, RowProblem> {
    value.ok_or_else(|| {
        problem(
            column,
            String::new(),
            RejectKind::MissingValue,
            format!("缺少必填值 {column}"),
        )
    })
}

pub(super) fn date_order(later: &str, earlier: &str, value: String) -> RowProblem {
    problem(
        later,
        value,
        RejectKind::DateOrder,
        format!("{later} 早于 {earlier}"),
    )
}

pub(super) fn unknown_account(column: &str, value: String) -> RowProblem {
    let reason = format!("账号 {} 不存在或已被拒绝", value.trim());
    problem(column, value, RejectKind::MissingReference, reason)
}

pub(super) fn duplicate(column: &str, value: String, first_line: u64) -> RowProblem {
    let reason = format!("与第 {first_line} 行重复，保留首行");
    problem(column, value, RejectKind::DuplicateKey, reason)
}
