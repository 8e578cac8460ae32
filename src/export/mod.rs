//! Pure exporters: each turns finished results into the bytes of one output file (SPEC §7). They
//! never touch the disk; [`crate::output`] decides where the bytes go.

pub mod summary;
pub mod xlsx;

use crate::ingest::row::Reject;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::scoring::{AccountScore, Finding, UnitScore};

/// A CSV writer with the output conventions of SPEC §7: UTF-8 without BOM, LF line ends.
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, csv::Error> {
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

use crate::present::number;

fn opt_number(x: Option<f64>) -> String {
    x.map(number).unwrap_or_default()
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// `rejects.csv`: file, line, column, value, reason; files in SPEC order, then by line.
pub fn rejects_csv(rejects: &[Reject]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record(["file", "line", "column", "value", "reason"])?;
    for r in rejects {
        writer.write_record([
            &r.file_name,
            &r.line.to_string(),
            &r.column,
            &r.value,
            &r.reason,
        ])?;
    }
    finish(writer)
}

/// `account_scores.csv`: one row per assessed account, by account_id.
pub fn account_scores_csv(accounts: &[AccountScore]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record([
        "account_id",
        "unit_id",
        "platform",
        "account_name",
        "posts",
        "original_posts",
        "days_since_update",
        "weeks_without_post",
        "messages",
        "replied_late",
        "unreplied_overdue",
        "followers",
        "influence",
        "deduction_update",
        "deduction_interaction",
        "deduction_content",
        "deduction_management",
        "deduction_score",
        "bonus",
        "vetoed",
        "veto_rules",
        "score",
        "grade",
    ])?;
    for a in accounts {
        writer.write_record([
            a.account_id.clone(),
            a.unit_id.clone(),
            a.platform.code().to_string(),
            a.account_name.clone(),
            a.posts.to_string(),
            opt(a.original_posts),
            opt(a.days_since_update),
            a.weeks_without_post.to_string(),
            opt(a.messages),
            opt(a.replied_late),
            opt(a.unreplied_overdue),
            opt(a.followers),
            number(a.influence),
            opt_number(a.deduction_update),
            opt_number(a.deduction_interaction),
            opt_number(a.deduction_content),
            opt_number(a.deduction_management),
            number(a.deduction_score),
            number(a.bonus),
            a.vetoed.to_string(),
            crate::catalogue::join(&a.veto_rules, ";"),
            number(a.score),
            a.grade.code().to_string(),
        ])?;
    }
    finish(writer)
}

/// `unit_scores.csv`: one row per unit, by rank then unit_id, unscored last.
pub fn unit_scores_csv(units: &[UnitScore]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record([
        "unit_id",
        "unit_name",
        "accounts",
        "vetoed_accounts",
        "base_score",
        "unit_deduction",
        "score",
        "grade",
        "pass_rate",
        "rank",
        "previous_grade",
    ])?;
    for u in units {
        writer.write_record([
            u.unit_id.clone(),
            u.unit_name.clone(),
            u.accounts.to_string(),
            u.vetoed_accounts.to_string(),
            opt_number(u.base_score),
            opt_number(u.unit_deduction),
            opt_number(u.score),
            u.grade.map(|g| g.code().to_string()).unwrap_or_default(),
            opt_number(u.pass_rate),
            opt(u.rank),
            u.previous_grade
                .map(|g| g.code().to_string())
                .unwrap_or_default(),
        ])?;
    }
    finish(writer)
}

/// `deductions.csv`: the audit trail, one row per (scope, id, rule) that fired.
pub fn deductions_csv(findings: &[Finding]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record([
        "scope", "id", "item", "rule", "points", "detail", "evidence",
    ])?;
    for f in findings {
        writer.write_record([
            f.scope.code(),
            &f.id,
            f.rule.family().code(),
            f.rule.code(),
            &number(f.points),
            &f.detail,
            &f.evidence.join(";"),
        ])?;
    }
    finish(writer)
}

/// `consolidation.csv`: one row per account with a reason, by account_id.
pub fn consolidation_csv(entries: &[ConsolidationEntry]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record([
        "account_id",
        "unit_id",
        "platform",
        "account_name",
        "action",
        "merge_into",
        "reasons",
        "followers",
        "posts",
        "days_since_update",
    ])?;
    for e in entries {
        writer.write_record([
            e.account_id.clone(),
            e.unit_id.clone(),
            e.platform.code().to_string(),
            e.account_name.clone(),
            e.action.code().to_string(),
            e.merge_into.join(";"),
            crate::catalogue::join(&e.reasons, ";"),
            opt(e.followers),
            e.posts.to_string(),
            opt(e.days_since_update),
        ])?;
    }
    finish(writer)
}

/// `accountability.csv`: one row per unit on the list, by level, score, unit_id.
pub fn accountability_csv(entries: &[AccountabilityEntry]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv_writer();
    writer.write_record(["unit_id", "unit_name", "level", "rules", "evidence"])?;
    for e in entries {
        writer.write_record([
            &e.unit_id,
            &e.unit_name,
            e.level.code(),
            &crate::catalogue::join(&e.rules, ";"),
            &e.evidence.join(";"),
        ])?;
    }
    finish(writer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::row::RejectKind;
    use crate::ingest::schema::InputFile;

    #[test]
    fn numbers_have_at_most_two_decimals_and_no_trailing_zeros() {
        assert_eq!(number(85.0), "85");
        assert_eq!(number(85.5), "85.5");
        assert_eq!(number(85.333), "85.33");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(-0.001), "0");
    }

    #[test]
    fn rejects_csv_quotes_what_needs_quoting_and_ends_lines_with_lf() {
        let reject = Reject {
            file: InputFile::Posts,
            file_name: "posts.csv".into(),
            line: 7,
            column: String::new(),
            value: "P1,A1,\"x\"".into(),
            kind: RejectKind::FieldCount,
            reason: "the row has 3 fields".into(),
        };
        let bytes = rejects_csv(&[reject]).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "file,line,column,value,reason\nposts.csv,7,,\"P1,A1,\"\"x\"\"\",the row has 3 fields\n"
        );
    }
}
