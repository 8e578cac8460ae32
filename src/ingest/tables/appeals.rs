//! `appeals.csv` (SPEC §14): the office's decisions on contested findings, read after every file
//! they may refer to, with the checks of SPEC §2 in their order — the values and the rule's
//! needs (step 2), decided_on not before filed_on (3), the unit, the account of that unit and the
//! record of that account (4), a duplicate appeal_id (5).

use std::collections::{HashMap, HashSet};

use crate::catalogue::RuleId;
use crate::config::Period;
use crate::error::InputError;
use crate::ingest::problems::{date_order, problem, reject, required, unknown_account};
use crate::ingest::reader::{FirstLines, Reader};
use crate::ingest::row::{RejectKind, RowProblem, Value};
use crate::ingest::schema;
use crate::ingest::source::{Cell, OpenedFile, RowAt};
use crate::model::{Appeal, AppealRecord, Dataset, Decision};

/// The table an appealed rule's record_id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RecordTable {
    Violations,
    Messages,
    Posts,
    /// U3's record_id: a task_id (SPEC §17.1).
    Tasks,
}

/// The rules an appeal may contest (SPEC §14), and the table of their record_id, if any.
fn appealable(rule: RuleId) -> Option<Option<RecordTable>> {
    use RuleId::*;
    match rule {
        X3 | K1 => Some(Some(RecordTable::Violations)),
        U3 => Some(Some(RecordTable::Tasks)),
        I1 | I2 => Some(Some(RecordTable::Messages)),
        K2 => Some(Some(RecordTable::Posts)),
        X1 | X2 | U1 | U2 | M1 | M2 | M3 | M4 | N1 | N2 | C1 | C2 | C3 | C4 => Some(None),
        // Bonuses are not contested; N0 and the lists' rules follow from the others.
        B1 | B2 | B3 | N0 | R1 | R2 | R3 | R4 | R5 | R6 | R7 | R8 => None,
        // Life-cycle findings are not scored: the office corrects the registry (SPEC §17.4).
        L1 | L2 | L3 => None,
    }
}

/// Ids of a table with their row and account.
type Owners<'a> = HashMap<&'a str, (u32, u32)>;

/// Reads appeals.csv against the accepted rows of the other files.
pub(in crate::ingest) fn read_appeals(
    reader: &mut Reader,
    opened: &OpenedFile,
    dataset: &Dataset,
) -> Result<Vec<Appeal>, InputError> {
    let units: HashMap<&str, u32> = (dataset.units.iter().enumerate())
        .map(|(i, u)| (u.unit_id.as_str(), i as u32))
        .collect();
    let accounts: HashMap<&str, u32> = (dataset.accounts.iter().enumerate())
        .map(|(i, a)| (a.account_id.as_str(), i as u32))
        .collect();
    let violations: Owners<'_> = (dataset.violations.iter().flatten().enumerate())
        .map(|(i, v)| (v.violation_id.as_str(), (i as u32, v.account)))
        .collect();
    let messages: Owners<'_> = (dataset.messages.iter().flatten().enumerate())
        .map(|(i, m)| (m.message_id.as_str(), (i as u32, m.account)))
        .collect();
    let lookups = Lookups {
        dataset,
        units: &units,
        accounts: &accounts,
        violations: &violations,
        messages: &messages,
    };
    let mut rows: Vec<(RowAt, Appeal)> = Vec::new();
    reader.rows(
        opened,
        |v, cells| parse(v, cells, &lookups),
        |at, appeal| {
            rows.push((at, appeal));
            Ok(())
        },
    )?;
    Ok(finish(reader, opened, dataset, rows))
}

struct Lookups<'a> {
    dataset: &'a Dataset,
    units: &'a HashMap<&'a str, u32>,
    accounts: &'a HashMap<&'a str, u32>,
    violations: &'a Owners<'a>,
    messages: &'a Owners<'a>,
}

/// A row's values, checked alone (steps 2 and 3).
struct Written {
    appeal_id: String,
    period: String,
    unit: String,
    rule: RuleId,
    table: Option<RecordTable>,
    account: Option<String>,
    record_id: Option<String>,
    filed_on: chrono::NaiveDate,
    decision: Decision,
    decided_on: Option<chrono::NaiveDate>,
    reason: Option<String>,
}

/// The raw text of column `name` of the row.
fn raw(cells: &[Cell<'_>], name: &str) -> String {
    cells[crate::ingest::index_of(schema::InputFile::Appeals, name)].raw_text()
}

/// Steps 2–4 of one row (a post's existence is checked after, in one pass over the posts).
fn parse(v: &mut [Value<'_>], cells: &[Cell<'_>], l: &Lookups<'_>) -> Result<Appeal, RowProblem> {
    let written = written(v, cells)?;
    refer(written, cells, l)
}

/// Steps 2 and 3: the values, what the rule needs, decided_on not before filed_on.
fn written(v: &mut [Value<'_>], cells: &[Cell<'_>]) -> Result<Written, RowProblem> {
    use crate::ingest::schema::appeal as c;
    const F: schema::InputFile = schema::InputFile::Appeals;
    let at = |name| crate::ingest::index_of(F, name);
    let raw = |name| raw(cells, name);
    let appeal_id = required(v[at(c::APPEAL_ID)].take_text(), c::APPEAL_ID)?;
    let period_text = required(v[at(c::PERIOD)].take_text(), c::PERIOD)?;
    let period = Period::parse(&period_text).map_err(|_| {
        let reason = format!(
            "考核期 {period_text} 无法识别，应写作2026Q3（季度）、2026-08（月份）或2026-07-01..2026-09-30（起止日期）"
        );
        problem(c::PERIOD, raw(c::PERIOD), RejectKind::Unparsable, reason)
    })?;
    let unit_text = required(v[at(c::UNIT_ID)].take_text(), c::UNIT_ID)?;
    let rule_text = required(v[at(c::RULE)].take_text(), c::RULE)?;
    let (rule, table) = (rule_text.parse::<RuleId>().ok())
        .and_then(|r| appealable(r).map(|t| (r, t)))
        .ok_or_else(|| {
            let reason = format!(
                "规则 {rule_text} 不可申诉，可申诉的规则为X1–X3、U1–U2、I1–I2、K1–K2、M1–M4、N1–N2、C1–C4"
            );
            problem(c::RULE, raw(c::RULE), RejectKind::UnknownCode, reason)
        })?;
    let account_text = v[at(c::ACCOUNT_ID)].take_text();
    let unit_rule = matches!(rule, RuleId::N1 | RuleId::N2);
    match (unit_rule, &account_text) {
        (false, None) => {
            let reason = format!("规则 {rule} 须填写账号ID");
            return Err(problem(
                c::ACCOUNT_ID,
                String::new(),
                RejectKind::MissingValue,
                reason,
            ));
        }
        (true, Some(_)) => {
            let reason = format!("{rule} 是单位规则，账号ID应为空");
            return Err(problem(
                c::ACCOUNT_ID,
                raw(c::ACCOUNT_ID),
                RejectKind::Unparsable,
                reason,
            ));
        }
        _ => {}
    }
    let record_id = v[at(c::RECORD_ID)].take_text();
    if record_id.is_some() && table.is_none() {
        let reason = format!(
            "规则 {rule} 不针对具体记录，记录ID应为空（只有X3、K1填写问题记录编号，I1、I2填写留言编号，K2填写发布编号）"
        );
        return Err(problem(
            c::RECORD_ID,
            raw(c::RECORD_ID),
            RejectKind::Unparsable,
            reason,
        ));
    }
    let filed_on = required(v[at(c::FILED_ON)].date(), c::FILED_ON)?;
    let decision = required(v[at(c::DECISION)].code(Decision::ALL), c::DECISION)?;
    let decided_on = v[at(c::DECIDED_ON)].date();
    let reason = v[at(c::REASON)].take_text();
    if reason.is_none() && decision != Decision::Pending {
        let why = "采纳或驳回须写明理由";
        return Err(problem(
            c::REASON,
            String::new(),
            RejectKind::MissingValue,
            why.to_string(),
        ));
    }
    if decided_on.is_some_and(|d| d < filed_on) {
        return Err(date_order(c::DECIDED_ON, c::FILED_ON, raw(c::DECIDED_ON)));
    }
    Ok(Written {
        appeal_id,
        period: period.label,
        unit: unit_text,
        rule,
        table,
        account: account_text,
        record_id,
        filed_on,
        decision,
        decided_on,
        reason,
    })
}

/// U3's record: an accepted task of tasks.csv, appealed for an account (whether the task is
/// counted and binds the account is known once the period is: else the appeal changes nothing).
fn task_of(
    dataset: &Dataset,
    id: &str,
    account: Option<u32>,
    raw: String,
) -> Result<u32, RowProblem> {
    use crate::ingest::schema::appeal as c;
    let found = (dataset.tasks.iter().flatten()).position(|t| t.task_id == id);
    match (found, account) {
        (Some(task), Some(_)) => Ok(task as u32),
        (None, _) => Err(problem(
            c::RECORD_ID,
            raw,
            RejectKind::MissingReference,
            format!("转发任务 {id} 不存在或已被拒绝"),
        )),
        (Some(_), None) => Err(problem(
            c::ACCOUNT_ID,
            String::new(),
            RejectKind::MissingValue,
            "对U3的记录申诉须填写账号ID".to_string(),
        )),
    }
}

/// Step 4: the unit, the account of that unit, the record of that account.
fn refer(w: Written, cells: &[Cell<'_>], l: &Lookups<'_>) -> Result<Appeal, RowProblem> {
    use crate::ingest::schema::appeal as c;
    let raw = |name| raw(cells, name);
    let unit = *l.units.get(w.unit.as_str()).ok_or_else(|| {
        let reason = format!("单位 {} 不存在或已被拒绝", w.unit);
        problem(
            c::UNIT_ID,
            raw(c::UNIT_ID),
            RejectKind::MissingReference,
            reason,
        )
    })?;
    let account = match &w.account {
        None => None,
        Some(text) => {
            let a = *(l.accounts.get(text.as_str()))
                .ok_or_else(|| unknown_account(c::ACCOUNT_ID, raw(c::ACCOUNT_ID)))?;
            if l.dataset.accounts[a as usize].unit_id != w.unit {
                let reason = format!("账号 {text} 不属于单位 {}", w.unit);
                return Err(problem(
                    c::ACCOUNT_ID,
                    raw(c::ACCOUNT_ID),
                    RejectKind::MissingReference,
                    reason,
                ));
            }
            Some(a)
        }
    };
    let record = match (&w.record_id, w.table) {
        (Some(id), Some(RecordTable::Violations)) => Some(AppealRecord::Violation(owned(
            l.violations,
            id,
            account,
            raw(c::RECORD_ID),
        )?)),
        (Some(id), Some(RecordTable::Messages)) => Some(AppealRecord::Message(owned(
            l.messages,
            id,
            account,
            raw(c::RECORD_ID),
        )?)),
        // Found in `finish`, in one pass over the posts.
        (Some(_), Some(RecordTable::Posts)) => Some(AppealRecord::Post(u32::MAX)),
        (Some(id), Some(RecordTable::Tasks)) => Some(AppealRecord::Task(task_of(
            l.dataset,
            id,
            account,
            raw(c::RECORD_ID),
        )?)),
        _ => None,
    };
    Ok(Appeal {
        appeal_id: w.appeal_id,
        period: w.period,
        unit,
        rule: w.rule,
        account,
        record,
        record_id: w.record_id,
        filed_on: w.filed_on,
        decision: w.decision,
        decided_on: w.decided_on,
        reason: w.reason,
        line: 0,
    })
}

/// The row of record `id` in `owners`, when it is the account's.
fn owned(
    owners: &Owners<'_>,
    id: &str,
    account: Option<u32>,
    raw: String,
) -> Result<u32, RowProblem> {
    match owners.get(id) {
        Some((row, owner)) if Some(*owner) == account => Ok(*row),
        Some(_) => Err(not_the_accounts(id, raw)),
        None => Err(no_record(id, raw)),
    }
}

fn no_record(id: &str, raw: String) -> RowProblem {
    let reason = format!("记录 {id} 不存在或已被拒绝");
    problem(
        schema::appeal::RECORD_ID,
        raw,
        RejectKind::MissingReference,
        reason,
    )
}

fn not_the_accounts(id: &str, raw: String) -> RowProblem {
    let reason = format!("记录 {id} 不属于该账号");
    problem(
        schema::appeal::RECORD_ID,
        raw,
        RejectKind::MissingReference,
        reason,
    )
}

/// The posts named (step 4) and duplicate appeal_ids (step 5), in file order.
fn finish(
    reader: &mut Reader,
    opened: &OpenedFile,
    dataset: &Dataset,
    rows: Vec<(RowAt, Appeal)>,
) -> Vec<Appeal> {
    let wanted: HashSet<&str> = (rows.iter())
        .filter(|(_, a)| matches!(a.record, Some(AppealRecord::Post(_))))
        .filter_map(|(_, a)| a.record_id.as_deref())
        .collect();
    let mut posts: Owners<'_> = HashMap::new();
    if !wanted.is_empty() {
        for (row, id) in dataset.posts.post_id.iter().enumerate() {
            if wanted.contains(id) {
                let account = dataset.posts.account[row];
                posts.entry(id).or_insert((row as u32, account));
            }
        }
    }
    let mut first_lines = FirstLines::new();
    let mut appeals = Vec::new();
    for (at, mut appeal) in rows {
        appeal.line = at.line;
        let raw = || {
            opened.raw_cell(
                at.at,
                crate::ingest::index_of(schema::InputFile::Appeals, schema::appeal::RECORD_ID),
            )
        };
        if let (Some(AppealRecord::Post(_)), Some(id)) =
            (appeal.record, appeal.record_id.as_deref())
        {
            match owned(&posts, id, appeal.account, raw()) {
                Ok(row) => appeal.record = Some(AppealRecord::Post(row)),
                Err(p) => {
                    reader.rejects.push(reject(&opened.info, at.line, p));
                    continue;
                }
            }
        }
        let column = crate::ingest::index_of(schema::InputFile::Appeals, schema::appeal::APPEAL_ID);
        let raw = || opened.raw_cell(at.at, column);
        match first_lines.first(schema::appeal::APPEAL_ID, &appeal.appeal_id, at.line, raw) {
            Ok(()) => appeals.push(appeal),
            Err(p) => reader.rejects.push(reject(&opened.info, at.line, p)),
        }
    }
    appeals
}
