//! The output tables' schemas, written once: for each table one row struct (the results' own) and
//! one column table — field, English header (CSV), Chinese header and width (workbook) and the
//! cell of a row — that the CSV writer and the workbook both walk.

use crate::catalogue::{self, RuleId};
use crate::ingest::row::Reject;
use crate::lists::accountability::AccountabilityEntry;
use crate::lists::consolidation::ConsolidationEntry;
use crate::present::number;
use crate::robustness::RobustnessRow;
use crate::scan::candidates::CandidateRow;
use crate::scoring::rules::{Grade, Scope};
use crate::scoring::{AccountScore, Finding, UnitScore};

/// One cell of an output table, as both writers read it.
pub(crate) enum Cell {
    /// Text, the same in both.
    Text(String),
    /// A code: English in the CSV, Chinese in the workbook.
    Code(&'static str, &'static str),
    /// A whole number.
    Int(i64),
    /// A number, at most 2 decimals in the CSV.
    Number(f64),
    /// A share 0–1: a number in the CSV, shown as a percentage (0.0%) in the workbook.
    Share(f64),
    /// A boolean (`true`/`false`).
    Bool(bool),
    /// Items joined by `;` in both.
    List(Vec<String>),
    /// Items joined by `;` in the CSV and one per line in the workbook.
    Lines(Vec<String>),
    /// Text in English codes in the CSV and in Chinese in the workbook.
    Localized(String, String),
    /// Nothing (unknown, not evaluated).
    Empty,
}

impl Cell {
    /// The cell's text in a CSV file (SPEC §7).
    pub(crate) fn csv(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Localized(s, _) => s.clone(),
            Cell::Code(code, _) => code.to_string(),
            Cell::Int(x) => x.to_string(),
            Cell::Number(x) | Cell::Share(x) => number(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::List(items) | Cell::Lines(items) => items.join(";"),
            Cell::Empty => String::new(),
        }
    }
}

/// One column of an output table.
pub(crate) struct Column<R> {
    /// English header, the CSV's.
    pub english: &'static str,
    /// Chinese header and width in the workbook; `None` = not in the workbook.
    pub sheet: Option<(&'static str, f64)>,
    /// The cell of a row.
    pub cell: fn(&R) -> Cell,
}

const fn col<R>(
    english: &'static str,
    chinese: &'static str,
    width: f64,
    cell: fn(&R) -> Cell,
) -> Column<R> {
    Column {
        english,
        sheet: Some((chinese, width)),
        cell,
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn int<T: TryInto<i64>>(x: T) -> Cell {
    x.try_into().map_or(Cell::Empty, Cell::Int)
}

fn opt_int<T: TryInto<i64>>(x: Option<T>) -> Cell {
    x.map_or(Cell::Empty, int)
}

fn opt_number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn grade(g: Option<Grade>) -> Cell {
    g.map_or(Cell::Empty, |g| Cell::Code(g.code(), g.chinese()))
}

fn platform(p: crate::model::Platform) -> Cell {
    Cell::Code(p.code(), p.label())
}

fn rules(rules: &[RuleId]) -> Cell {
    Cell::Text(catalogue::join(rules, ";"))
}

/// `account_scores.csv` / 账号得分.
pub(crate) const ACCOUNT_SCORES: &[Column<AccountScore>] = &[
    col("account_id", "账号ID", 12.0, |a| text(&a.account_id)),
    col("unit_id", "单位编码", 12.0, |a| text(&a.unit_id)),
    col("platform", "平台", 10.0, |a| platform(a.platform)),
    col("account_name", "账号名称", 24.0, |a| {
        text(&a.account_name)
    }),
    col("posts", "发布数", 8.0, |a| int(a.posts)),
    col("original_posts", "原创数", 8.0, |a| {
        opt_int(a.original_posts)
    }),
    col("days_since_update", "未更新天数", 10.0, |a| {
        opt_int(a.days_since_update)
    }),
    col("weeks_without_post", "无更新周数", 10.0, |a| {
        int(a.weeks_without_post)
    }),
    col("messages", "留言数", 8.0, |a| opt_int(a.messages)),
    col("replied_late", "逾期回复", 9.0, |a| {
        opt_int(a.replied_late)
    }),
    col("unreplied_overdue", "逾期未回复", 10.0, |a| {
        opt_int(a.unreplied_overdue)
    }),
    col("followers", "粉丝数", 10.0, |a| opt_int(a.followers)),
    col("influence", "传播力", 8.0, |a| Cell::Number(a.influence)),
    col("deduction_update", "信息更新扣分", 12.0, |a| {
        opt_number(a.deduction_update)
    }),
    col("deduction_interaction", "互动回应扣分", 12.0, |a| {
        opt_number(a.deduction_interaction)
    }),
    col("deduction_content", "内容规范扣分", 12.0, |a| {
        opt_number(a.deduction_content)
    }),
    col("deduction_management", "账号管理扣分", 12.0, |a| {
        opt_number(a.deduction_management)
    }),
    col("deduction_score", "扣分后得分", 10.0, |a| {
        Cell::Number(a.deduction_score)
    }),
    col("bonus", "加分", 6.0, |a| Cell::Number(a.bonus)),
    Column {
        english: "vetoed",
        sheet: None,
        cell: |a| Cell::Bool(a.vetoed),
    },
    col("veto_rules", "单项否决", 9.0, |a| rules(&a.veto_rules)),
    col("score", "得分", 8.0, |a| Cell::Number(a.score)),
    col("grade", "等级", 8.0, |a| grade(Some(a.grade))),
];

/// `unit_scores.csv` / 单位得分.
pub(crate) const UNIT_SCORES: &[Column<UnitScore>] = &[
    col("unit_id", "单位编码", 12.0, |u| text(&u.unit_id)),
    col("unit_name", "单位名称", 30.0, |u| text(&u.unit_name)),
    col("accounts", "账号数", 8.0, |u| int(u.accounts)),
    col("vetoed_accounts", "否决账号数", 10.0, |u| {
        int(u.vetoed_accounts)
    }),
    col("base_score", "账号均分", 10.0, |u| {
        opt_number(u.base_score)
    }),
    col("unit_deduction", "单位扣分", 10.0, |u| {
        opt_number(u.unit_deduction)
    }),
    col("score", "得分", 8.0, |u| opt_number(u.score)),
    col("grade", "等级", 8.0, |u| grade(u.grade)),
    col("pass_rate", "合格率", 8.0, |u| {
        u.pass_rate.map_or(Cell::Empty, Cell::Share)
    }),
    col("rank", "名次", 6.0, |u| opt_int(u.rank)),
    col("previous_grade", "上期等级", 10.0, |u| {
        grade(u.previous_grade)
    }),
    col("consecutive_fails", "连续不合格期数", 12.0, |u| {
        int(u.consecutive_fails)
    }),
];

/// unit_scores.csv's columns followed by the task columns.
pub(crate) fn unit_scores_with_tasks() -> Vec<Column<UnitScore>> {
    (UNIT_SCORES.iter().chain(UNIT_TASKS))
        .map(Column::copy)
        .collect()
}

/// unit_scores.csv's columns, owned.
pub(crate) fn unit_scores() -> Vec<Column<UnitScore>> {
    UNIT_SCORES.iter().map(Column::copy).collect()
}

impl<R> Column<R> {
    fn copy(&self) -> Column<R> {
        Column {
            english: self.english,
            sheet: self.sheet,
            cell: self.cell,
        }
    }
}

/// unit_scores.csv's columns with tasks.csv (SPEC §17.1), after its last one.
pub(crate) const UNIT_TASKS: &[Column<UnitScore>] = &[
    col("tasks_due", "应转发", 8.0, |u| task_count(u, |c| c.due)),
    col("tasks_done", "按时转发", 9.0, |u| {
        task_count(u, |c| c.done)
    }),
    col("tasks_late", "逾期转发", 9.0, |u| {
        task_count(u, |c| c.late)
    }),
    col("tasks_missed", "未转发", 8.0, |u| {
        task_count(u, |c| c.missed)
    }),
    col("task_completion_rate", "转发完成率", 10.0, |u| {
        (u.tasks.and_then(|t| t.rate())).map_or(Cell::Empty, Cell::Share)
    }),
];

fn task_count(u: &UnitScore, count: fn(&crate::tasks::Counts) -> u64) -> Cell {
    u.tasks.as_ref().map_or(Cell::Empty, |t| int(count(t)))
}

/// `tasks_result.csv` / 转发任务 (SPEC §17.1): one row per (counted task, bound account).
pub(crate) const TASKS_RESULT: &[Column<TaskRow>] = &[
    col("task_id", "任务编号", 12.0, |r| text(&r.task_id)),
    col("unit_id", "单位编码", 12.0, |r| text(&r.unit_id)),
    col("account_id", "账号ID", 12.0, |r| text(&r.account_id)),
    col("platform", "平台", 10.0, |r| platform(r.platform)),
    col("account_name", "账号名称", 24.0, |r| {
        text(&r.account_name)
    }),
    col("issued_on", "下发日期", 11.0, |r| {
        text(&r.issued_on.to_string())
    }),
    col("due_on", "截止日期", 11.0, |r| {
        text(&r.due_on.to_string())
    }),
    col("status", "完成情况", 10.0, |r| {
        Cell::Code(r.status.code(), r.status.chinese())
    }),
    col("post_id", "发布ID", 14.0, |r| {
        r.post_id.as_deref().map_or(Cell::Empty, text)
    }),
    col("published_on", "发布日期", 11.0, |r| {
        r.published_on.map_or(Cell::Empty, |d| text(&d.to_string()))
    }),
    col("matched_by", "匹配方式", 10.0, |r| {
        r.matched_by
            .map_or(Cell::Empty, |m| Cell::Code(m.code(), m.chinese()))
    }),
];

/// The rows of tasks_result.csv (with tasks.csv) and lifecycle.csv, made once for the CSVs and
/// the workbook.
pub(crate) struct DutyRows {
    pub tasks: Option<Vec<TaskRow>>,
    pub lifecycle: Vec<LifecycleRowView>,
}

impl DutyRows {
    /// The rows of a run's tasks and life-cycle findings.
    pub(crate) fn of(
        dataset: &crate::model::Dataset,
        tasks: Option<&crate::tasks::TaskRun>,
        lifecycle: &crate::lists::lifecycle::Lifecycle,
    ) -> DutyRows {
        DutyRows {
            tasks: tasks.map(|t| TaskRow::rows(dataset, t)),
            lifecycle: LifecycleRowView::rows(dataset, lifecycle),
        }
    }
}

/// A row of tasks_result.csv, in words.
pub(crate) struct TaskRow {
    pub task_id: String,
    pub unit_id: String,
    pub account_id: String,
    pub platform: crate::model::Platform,
    pub account_name: String,
    pub issued_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub status: crate::vocab::TaskStatus,
    pub post_id: Option<String>,
    pub published_on: Option<chrono::NaiveDate>,
    pub matched_by: Option<crate::vocab::MatchedBy>,
}

impl TaskRow {
    /// The rows of a run's pairs.
    pub(crate) fn rows(
        dataset: &crate::model::Dataset,
        run: &crate::tasks::TaskRun,
    ) -> Vec<TaskRow> {
        let tasks = dataset.tasks.as_deref().unwrap_or(&[]);
        (run.pairs.iter())
            .map(|p| {
                let task = &tasks[p.task as usize];
                let account = &dataset.accounts[p.account as usize];
                TaskRow {
                    task_id: task.task_id.clone(),
                    unit_id: account.unit_id.clone(),
                    account_id: account.account_id.clone(),
                    platform: account.platform,
                    account_name: account.account_name.clone(),
                    issued_on: task.issued_on,
                    due_on: task.due_on,
                    status: p.status,
                    post_id: p
                        .post
                        .and_then(|r| dataset.posts.post_id.get(r as usize))
                        .map(str::to_string),
                    published_on: p.published_on,
                    matched_by: p.by,
                }
            })
            .collect()
    }
}

/// `lifecycle.csv` / 生命周期核查 (SPEC §17.2).
pub(crate) const LIFECYCLE: &[Column<LifecycleRowView>] = &[
    col("kind", "类别", 6.0, |r| text(r.kind.code())),
    col("unit_id", "单位编码", 12.0, |r| text(&r.unit_id)),
    col("account_id", "账号ID", 12.0, |r| text(&r.account_id)),
    col("platform", "平台", 10.0, |r| platform(r.platform)),
    col("account_name", "账号名称", 24.0, |r| {
        text(&r.account_name)
    }),
    col("status", "状态", 8.0, |r| {
        Cell::Code(r.status.code(), r.status.chinese())
    }),
    col("event", "事项", 8.0, |r| {
        Cell::Code(r.event.code(), r.event.chinese())
    }),
    col("event_on", "日期", 11.0, |r| date(r.event_on)),
    col("due_on", "备案期限", 11.0, |r| date(r.due_on)),
    col("filed_on", "备案日期", 11.0, |r| date(r.filed_on)),
    col("evidence", "证据记录", 30.0, |r| {
        Cell::List(r.evidence.clone())
    }),
    col("detail", "说明", 50.0, |r| text(&r.detail)),
];

/// A row of lifecycle.csv, with the account's registry columns.
pub(crate) struct LifecycleRowView {
    pub kind: RuleId,
    pub unit_id: String,
    pub account_id: String,
    pub platform: crate::model::Platform,
    pub account_name: String,
    pub status: crate::model::AccountStatus,
    pub event: crate::model::FilingEvent,
    pub event_on: Option<chrono::NaiveDate>,
    pub due_on: Option<chrono::NaiveDate>,
    pub filed_on: Option<chrono::NaiveDate>,
    pub evidence: Vec<String>,
    pub detail: String,
}

impl LifecycleRowView {
    /// The rows of a run's findings.
    pub(crate) fn rows(
        dataset: &crate::model::Dataset,
        run: &crate::lists::lifecycle::Lifecycle,
    ) -> Vec<LifecycleRowView> {
        (run.rows.iter())
            .map(|r| {
                let a = &dataset.accounts[r.account as usize];
                LifecycleRowView {
                    kind: r.kind,
                    unit_id: a.unit_id.clone(),
                    account_id: a.account_id.clone(),
                    platform: a.platform,
                    account_name: a.account_name.clone(),
                    status: a.status,
                    event: r.event,
                    event_on: r.event_on,
                    due_on: r.due_on,
                    filed_on: r.filed_on,
                    evidence: r.evidence.clone(),
                    detail: r.detail.clone(),
                }
            })
            .collect()
    }
}

/// `deductions.csv` / 扣分明细.
pub(crate) const DEDUCTIONS: &[Column<Finding>] = &[
    col("scope", "对象", 6.0, |f| match f.scope {
        Scope::Account => Cell::Code("account", "账号"),
        Scope::Unit => Cell::Code("unit", "单位"),
    }),
    col("id", "编号", 12.0, |f| text(&f.id)),
    col("item", "项目", 10.0, |f| {
        Cell::Code(f.rule.family().code(), f.rule.family().chinese())
    }),
    col("rule", "规则", 6.0, |f| text(f.rule.code())),
    col("points", "分值", 8.0, |f| Cell::Number(f.points)),
    col("detail", "说明", 50.0, |f| text(&f.detail)),
    col("evidence", "证据记录", 40.0, |f| {
        Cell::List(f.evidence.clone())
    }),
    col("appeal_id", "申诉编号", 12.0, |f| {
        Cell::List(f.appeals.clone())
    }),
];

/// `consolidation.csv` / 清理整合.
pub(crate) const CONSOLIDATION: &[Column<ConsolidationEntry>] = &[
    col("account_id", "账号ID", 12.0, |e| text(&e.account_id)),
    col("unit_id", "单位编码", 12.0, |e| text(&e.unit_id)),
    col("platform", "平台", 10.0, |e| platform(e.platform)),
    col("account_name", "账号名称", 24.0, |e| {
        text(&e.account_name)
    }),
    col("action", "建议", 10.0, |e| {
        Cell::Code(e.action.code(), e.action.chinese())
    }),
    col("merge_into", "整合至", 14.0, |e| {
        Cell::List(e.merge_into.clone())
    }),
    col("reasons", "原因", 12.0, |e| rules(&e.reasons)),
    col("followers", "粉丝数", 10.0, |e| opt_int(e.followers)),
    col("posts", "发布数", 8.0, |e| int(e.posts)),
    col("days_since_update", "未更新天数", 10.0, |e| {
        opt_int(e.days_since_update)
    }),
];

/// `accountability.csv` / 约谈问责.
pub(crate) const ACCOUNTABILITY: &[Column<AccountabilityEntry>] = &[
    col("unit_id", "单位编码", 12.0, |e| text(&e.unit_id)),
    col("unit_name", "单位名称", 30.0, |e| text(&e.unit_name)),
    col("level", "处理", 8.0, |e| {
        Cell::Code(e.level.code(), e.level.chinese())
    }),
    col("rules", "规则", 14.0, |e| rules(&e.rules)),
    col("evidence", "依据", 90.0, |e| {
        Cell::Lines(e.evidence.clone())
    }),
    col("verdict", "稳健性", 10.0, |e| {
        e.verdict
            .map_or(Cell::Empty, |v| Cell::Code(v.code(), v.chinese()))
    }),
];

/// `robustness.csv` / 稳健性 (SPEC §9).
pub(crate) const ROBUSTNESS: &[Column<RobustnessRow>] = &[
    col("unit_id", "单位编码", 12.0, |r| text(&r.unit_id)),
    col("unit_name", "单位名称", 30.0, |r| text(&r.unit_name)),
    col("score", "得分", 8.0, |r| Cell::Number(r.score)),
    col("best_score", "最高得分", 10.0, |r| {
        Cell::Number(r.best_score)
    }),
    col("worst_score", "最低得分", 10.0, |r| {
        Cell::Number(r.worst_score)
    }),
    col("fail_share", "不合格比例", 10.0, |r| {
        Cell::Text(r.fail_share())
    }),
    col("rank", "名次", 6.0, |r| int(r.rank)),
    col("rank_p05", "名次P5", 8.0, |r| int(r.ranks[0])),
    col("rank_median", "名次中位数", 10.0, |r| int(r.ranks[1])),
    col("rank_p95", "名次P95", 8.0, |r| int(r.ranks[2])),
    col("level", "处理", 8.0, |r| {
        r.level
            .map_or(Cell::Empty, |l| Cell::Code(l.code(), l.chinese()))
    }),
    col("listed_share", "列入比例", 10.0, |r| {
        Cell::Text(r.listed_share())
    }),
    col("verdict", "稳健性", 10.0, |r| {
        r.verdict
            .map_or(Cell::Empty, |v| Cell::Code(v.code(), v.chinese()))
    }),
];

/// `rejects.csv` / 数据问题.
pub(crate) const REJECTS: &[Column<Reject>] = &[
    col("file", "文件", 16.0, |r| text(&r.file_name)),
    col("line", "行", 8.0, |r| int(r.line)),
    col("column", "列", 14.0, |r| text(&r.column)),
    col("value", "值", 30.0, |r| text(&r.value)),
    col("reason", "原因", 70.0, |r| text(&r.reason)),
];

/// `followup.csv` / 整改跟踪 (SPEC §13).
pub(crate) const FOLLOWUP: &[Column<crate::lists::followup::FollowupRow>] = &[
    col("kind", "名单", 10.0, |r| {
        Cell::Code(r.kind.code(), r.kind.chinese())
    }),
    col("id", "账号ID或单位编码", 14.0, |r| text(&r.id)),
    col("unit_id", "单位编码", 12.0, |r| text(&r.unit_id)),
    col("previous", "上期", 22.0, |r| {
        Cell::Localized(r.previous(), r.previous_chinese())
    }),
    col("status", "整改情况", 10.0, |r| {
        Cell::Code(r.status.code(), r.status.chinese())
    }),
    col("detail", "本期仍存在", 30.0, |r| text(&r.detail)),
];

/// `appeals_result.csv` / 申诉复核 (SPEC §14).
pub(crate) const APPEALS: &[Column<crate::appeals::AppealResult>] = &[
    col("appeal_id", "申诉编号", 12.0, |r| text(&r.appeal_id)),
    col("period", "考核期", 14.0, |r| {
        Cell::Localized(
            r.period.clone(),
            crate::config::Period::chinese_label(&r.period),
        )
    }),
    col("unit_id", "单位编码", 12.0, |r| text(&r.unit_id)),
    col("account_id", "账号ID", 12.0, |r| {
        optional(r.account_id.as_deref())
    }),
    col("rule", "规则", 6.0, |r| text(r.rule.code())),
    col("record_id", "记录ID", 14.0, |r| {
        optional(r.record_id.as_deref())
    }),
    col("decision", "复核结论", 8.0, |r| {
        Cell::Code(r.decision.code(), r.decision.chinese())
    }),
    col("effect", "效果", 14.0, |r| {
        Cell::Code(r.effect.code(), r.effect.chinese())
    }),
    col(
        "account_score_before",
        "账号得分（申诉前）",
        10.0,
        |r| opt_number(r.account_score_before),
    ),
    col(
        "account_score_after",
        "账号得分（申诉后）",
        10.0,
        |r| opt_number(r.account_score_after),
    ),
    col(
        "account_grade_before",
        "账号等级（申诉前）",
        10.0,
        |r| grade(r.account_grade_before),
    ),
    col(
        "account_grade_after",
        "账号等级（申诉后）",
        10.0,
        |r| grade(r.account_grade_after),
    ),
    col(
        "unit_score_before",
        "单位得分（申诉前）",
        10.0,
        |r| opt_number(r.unit_score_before),
    ),
    col(
        "unit_score_after",
        "单位得分（申诉后）",
        10.0,
        |r| opt_number(r.unit_score_after),
    ),
    col(
        "unit_grade_before",
        "单位等级（申诉前）",
        10.0,
        |r| grade(r.unit_grade_before),
    ),
    col(
        "unit_grade_after",
        "单位等级（申诉后）",
        10.0,
        |r| grade(r.unit_grade_after),
    ),
    col("list_change", "名单变化", 24.0, |r| {
        Cell::Localized(r.list_change(), r.list_change_chinese())
    }),
];

/// `scan_candidates.csv` (SPEC §16.8): a violations.csv row, the review, then the scan's facts.
pub(crate) const SCAN_CANDIDATES: &[Column<CandidateRow>] = &[
    col("violation_id", "问题ID", 26.0, |c| text(&c.violation_id)),
    col("account_id", "账号ID", 12.0, |c| text(&c.account_id)),
    col("found_on", "发现日期", 12.0, |c| date(c.found_on)),
    col("category", "问题类型", 16.0, |c| {
        Cell::Code(c.category.code(), c.category.chinese())
    }),
    col("post_id", "发布ID", 14.0, |c| text(&c.post_id)),
    col("resolved_on", "整改日期", 12.0, |c| date(c.resolved_on)),
    col("source", "来源", 10.0, |c| text(&c.source)),
    col("note", "备注", 40.0, |c| text(&c.note)),
    col("decision", "复核结论", 10.0, |c| match c.decision {
        Some(d) => Cell::Code(d.code(), d.chinese()),
        None => Cell::Empty,
    }),
    col("reviewed_by", "复核人", 10.0, |c| text(&c.reviewed_by)),
    col("status", "状态", 10.0, |c| match c.status {
        Some(s) => Cell::Code(s.code(), s.chinese()),
        None => Cell::Empty,
    }),
    col("unit_id", "单位编码", 12.0, |c| text(&c.unit_id)),
    col("unit_name", "单位名称", 20.0, |c| text(&c.unit_name)),
    col("account_name", "账号名称", 20.0, |c| {
        text(&c.account_name)
    }),
    col("published_at", "发布时间", 19.0, |c| {
        text(&c.published_at)
    }),
    col("rule", "规则", 12.0, |c| {
        found(c, |f| Cell::Code(f.rule.code(), f.rule.chinese()))
    }),
    col("field", "字段", 8.0, |c| {
        found(c, |f| Cell::Code(f.field.code(), f.field.chinese()))
    }),
    col("start", "位置", 8.0, |c| found(c, |f| int(f.start))),
    col("length", "长度", 8.0, |c| found(c, |f| int(f.length))),
    col("matched", "命中文本", 20.0, |c| {
        found(c, |f| text(&f.matched))
    }),
    col("suggestion", "建议", 12.0, |c| {
        found(c, |f| text(&f.suggestion))
    }),
    col("context", "上下文", 40.0, |c| {
        found(c, |f| text(&f.context))
    }),
];

/// A cell of what the scan found; empty for a carried row.
fn found(c: &CandidateRow, cell: impl Fn(&crate::scan::Found) -> Cell) -> Cell {
    c.found.as_ref().map_or(Cell::Empty, cell)
}

/// A date in ISO form, or empty.
fn date(d: Option<chrono::NaiveDate>) -> Cell {
    d.map_or(Cell::Empty, |d| Cell::Text(d.to_string()))
}

/// Text when there is some, else an empty cell.
pub(crate) fn optional(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}
