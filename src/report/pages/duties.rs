//! The rest of the Measures in the report (SPEC §17): the 转发任务 page and the overview's and
//! unit pages' task figures, the 账号生命周期核查 section of the data-quality page and the unit
//! pages, and the working-day calendar's line and warning.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::catalogue::RuleId;
use crate::present::{chinese_date, percent};
use crate::report::Builder;
use crate::report::view::{Site, Stat};
use crate::tasks::Counts;

/// `tasks.html`: each counted task, and the units by completion rate.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TasksPage {
    pub site: Site,
    pub counts: Vec<Stat>,
    pub tasks: Vec<TaskView>,
    pub units: Vec<UnitTasksView>,
}

/// A counted task on the tasks page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskView {
    pub task_id: String,
    pub title: String,
    pub source: String,
    pub issued_on: String,
    pub due_on: String,
    pub bound: String,
    pub done: String,
    pub late: String,
    pub missed: String,
    pub rate: String,
}

/// A unit's task figures.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitTasksView {
    pub unit_name: String,
    pub href: String,
    pub due: String,
    pub done: String,
    pub late: String,
    pub missed: String,
    pub rate: String,
}

/// One (task, account) pair on a unit page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PairView {
    pub task_id: String,
    pub title: String,
    pub account: String,
    pub due_on: String,
    pub status: String,
    pub status_class: String,
    pub post: String,
    pub matched_by: String,
}

/// One life-cycle finding on the data-quality page or a unit page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LifecycleView {
    pub kind: String,
    pub unit_name: String,
    pub href: String,
    pub account: String,
    pub status: String,
    pub detail: String,
    pub evidence: String,
}

/// The data-quality page's section 账号生命周期核查.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LifecycleSection {
    /// Per kind: its name, count and what to do.
    pub kinds: Vec<(String, String, String)>,
    pub rows: Vec<LifecycleView>,
    pub cut: bool,
    pub not_evaluated: Vec<Stat>,
}

/// How many life-cycle rows the data-quality page lists (all are in lifecycle.csv).
const LIFECYCLE_SHOWN: usize = 1000;

/// What the office does with a finding of each kind (SPEC §17.2).
fn advice(kind: RuleId) -> &'static str {
    match kind {
        RuleId::L1 => {
            "核实账号是否确已关停注销：如已重新上线，督促主办单位按规定办理；如登记有误，更正账号登记（accounts.csv）"
        }
        RuleId::L2 => {
            "督促主办单位按时报备开设、注销事项；备案记录有误的，更正备案记录（filings.csv）"
        }
        _ => "核实账号名称、主办单位变更情况，督促主办单位补办变更备案",
    }
}

fn status_class(status: crate::vocab::TaskStatus) -> &'static str {
    match status {
        crate::vocab::TaskStatus::Done => "pass",
        crate::vocab::TaskStatus::Late => "interview",
        crate::vocab::TaskStatus::Missed => "fail",
    }
}

impl Builder<'_> {
    /// The overview's 转发任务 figures; none without tasks.csv.
    pub(in crate::report) fn task_stats(&self) -> Option<Vec<Stat>> {
        let run = self.input.tasks?;
        let total = run.total();
        let stat = |label: &str, value: String| Stat {
            label: label.to_string(),
            value,
        };
        Some(vec![
            stat("转发任务", run.counted.len().to_string()),
            stat("应转发（账号次）", total.due.to_string()),
            stat("按时完成", total.done.to_string()),
            stat("逾期完成", total.late.to_string()),
            stat("未完成", total.missed.to_string()),
            stat("按时完成率", percent(total.rate())),
        ])
    }

    /// A unit's pairs, for its page.
    pub(in crate::report) fn unit_pairs(&self, unit_id: &str) -> Vec<PairView> {
        let (Some(run), Some(tasks)) = (self.input.tasks, self.input.dataset.tasks.as_deref())
        else {
            return Vec::new();
        };
        let dataset = self.input.dataset;
        (self.pairs_of.get(unit_id).into_iter().flatten())
            .map(|i| {
                let p = &run.pairs[*i];
                let task = &tasks[p.task as usize];
                let account = &dataset.accounts[p.account as usize];
                PairView {
                    task_id: task.task_id.clone(),
                    title: task.title.clone().unwrap_or_default(),
                    account: account.platform.account(&account.account_name),
                    due_on: chinese_date(task.due_on),
                    status: p.status.chinese().to_string(),
                    status_class: status_class(p.status).to_string(),
                    post: match (p.post, p.published_on) {
                        (Some(post), Some(day)) => format!(
                            "{}（{}）",
                            dataset.posts.post_id.get(post as usize).unwrap_or(""),
                            chinese_date(day)
                        ),
                        _ => String::new(),
                    },
                    matched_by: p.by.map_or(String::new(), |b| b.chinese().to_string()),
                }
            })
            .collect()
    }

    /// The life-cycle rows of one unit (looked up by unit), or of all.
    pub(in crate::report) fn lifecycle_rows(
        &self,
        unit_id: Option<&str>,
        root: &str,
    ) -> Vec<LifecycleView> {
        let dataset = self.input.dataset;
        let rows = &self.input.lifecycle.rows;
        let chosen: Vec<&crate::lists::lifecycle::LifecycleRow> = match unit_id {
            None => rows.iter().collect(),
            Some(u) => (self.lifecycle_of.get(u).into_iter().flatten())
                .map(|i| &rows[*i])
                .collect(),
        };
        (chosen.into_iter())
            .map(|r| {
                let account = &dataset.accounts[r.account as usize];
                let unit = account.unit_id.as_str();
                LifecycleView {
                    kind: format!("{} {}", r.kind.code(), r.kind.chinese()),
                    unit_name: (self.unit_rows.get(unit))
                        .map_or_else(|| unit.to_string(), |u| u.unit_name.clone()),
                    href: self.unit_href(unit, root),
                    account: account.platform.account(&account.account_name),
                    status: account.status.chinese().to_string(),
                    detail: r.detail.clone(),
                    evidence: crate::limits::first_items(
                        &r.evidence,
                        crate::report::EVIDENCE_SHOWN,
                        "、",
                        "lifecycle.csv",
                    ),
                }
            })
            .collect()
    }

    /// The data-quality page's section.
    pub(in crate::report) fn lifecycle_section(&self) -> LifecycleSection {
        let run = self.input.lifecycle;
        let mut rows = self.lifecycle_rows(None, "");
        let cut = rows.len() > LIFECYCLE_SHOWN;
        rows.truncate(LIFECYCLE_SHOWN);
        LifecycleSection {
            kinds: [RuleId::L1, RuleId::L2, RuleId::L3]
                .into_iter()
                .map(|k| {
                    let label = format!("{} {}", k.code(), k.chinese());
                    (label, run.count(k).to_string(), advice(k).to_string())
                })
                .collect(),
            rows,
            cut,
            not_evaluated: (run.not_evaluated.iter())
                .map(|(rule, _, why)| Stat {
                    label: format!("{} {}", rule.code(), rule.chinese()),
                    value: why.to_string(),
                })
                .collect(),
        }
    }

    /// The calendar's line on the data-quality page and its warning when deadlines fell past
    /// its end; both empty without calendar.csv.
    pub(in crate::report) fn calendar_lines(&self) -> (String, String) {
        let Some(calendar) = &self.input.summary.calendar else {
            return (String::new(), String::new());
        };
        let line = format!(
            "工作日历：calendar.csv 列出{}至{}，其中节假日{}天、调休上班{}天；整改、备案和文书期限按工作日计算。",
            calendar.first, calendar.last, calendar.holidays, calendar.makeup_workdays
        );
        let warning = if calendar.beyond > 0 {
            format!(
                "有{}个期限超出工作日历的最后一天（{}），按周一至周五计算，未计节假日：请补充工作日历后重新运行。",
                calendar.beyond, calendar.last
            )
        } else {
            String::new()
        };
        (line, warning)
    }
}

/// Each unit's life-cycle findings, by unit_id (indices into the run's rows).
pub(in crate::report) fn lifecycle_by_unit<'a>(
    dataset: &'a crate::model::Dataset,
    run: &crate::lists::lifecycle::Lifecycle,
) -> HashMap<&'a str, Vec<usize>> {
    let mut of: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, r) in run.rows.iter().enumerate() {
        let unit = dataset.accounts[r.account as usize].unit_id.as_str();
        of.entry(unit).or_default().push(i);
    }
    of
}

/// Each unit's pairs, by unit_id (indices into the run's pairs).
pub(in crate::report) fn pairs_by_unit<'a>(
    dataset: &'a crate::model::Dataset,
    run: Option<&crate::tasks::TaskRun>,
) -> HashMap<&'a str, Vec<usize>> {
    let mut of: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, p) in run.iter().flat_map(|r| r.pairs.iter()).enumerate() {
        let unit = dataset.accounts[p.account as usize].unit_id.as_str();
        of.entry(unit).or_default().push(i);
    }
    of
}

/// `tasks.html`; none without tasks.csv.
pub(in crate::report) fn tasks_page(b: &Builder<'_>) -> Option<TasksPage> {
    let run = b.input.tasks?;
    let tasks = b.input.dataset.tasks.as_deref()?;
    let mut per_task: HashMap<u32, Counts> = HashMap::default();
    for p in &run.pairs {
        per_task.entry(p.task).or_default().add(p.status);
    }
    let view = |t: u32| {
        let task = &tasks[t as usize];
        let c = per_task.get(&t).copied().unwrap_or_default();
        TaskView {
            task_id: task.task_id.clone(),
            title: task.title.clone().unwrap_or_default(),
            source: task.source.clone().unwrap_or_default(),
            issued_on: chinese_date(task.issued_on),
            due_on: chinese_date(task.due_on),
            bound: c.due.to_string(),
            done: c.done.to_string(),
            late: c.late.to_string(),
            missed: c.missed.to_string(),
            rate: percent(c.rate()),
        }
    };
    let mut units: Vec<(&crate::scoring::UnitScore, Counts)> = (b.input.scores.units.iter())
        .filter_map(|u| u.tasks.filter(|t| t.due > 0).map(|t| (u, t)))
        .collect();
    units.sort_by(|(a, x), (b_, y)| {
        let rate = |c: &Counts| c.rate().unwrap_or(1.0);
        (rate(x).total_cmp(&rate(y))).then_with(|| a.unit_id.cmp(&b_.unit_id))
    });
    Some(TasksPage {
        site: b.site(""),
        counts: b.task_stats().unwrap_or_default(),
        tasks: run.counted.iter().map(|t| view(*t)).collect(),
        units: (units.into_iter())
            .map(|(u, c)| UnitTasksView {
                unit_name: crate::report::name(&u.unit_name, "unit_scores.csv"),
                href: b.unit_href(&u.unit_id, ""),
                due: c.due.to_string(),
                done: c.done.to_string(),
                late: c.late.to_string(),
                missed: c.missed.to_string(),
                rate: percent(c.rate()),
            })
            .collect(),
    })
}

/// The method page's words on working days: the rule, then each category's working days; empty
/// without calendar.csv.
pub(in crate::report) fn calendar_method(b: &Builder<'_>) -> Vec<Stat> {
    if b.input.dataset.calendar.is_none() {
        return Vec::new();
    }
    let r = b.input.rubric;
    let mut rows = vec![Stat {
        label: "工作日".to_string(),
        value: "工作日历列为工作日的日期，以及未列出的周一至周五；列为节假日的日期不是工作日。第N个工作日从次日起算".to_string(),
    }];
    rows.extend(
        (r.calendar.rectify_working_days.iter()).map(|(c, days)| Stat {
            label: format!("{}整改期限", c.chinese()),
            value: format!("{days}个工作日"),
        }),
    );
    rows.push(Stat {
        label: "备案期限".to_string(),
        value: format!("{}个工作日", r.calendar.filing_working_days),
    });
    rows.push(Stat {
        label: "书面整改报告期限".to_string(),
        value: format!("印发后{}个工作日", r.calendar.rectify_report_working_days),
    });
    rows.push(Stat {
        label: "异议期限".to_string(),
        value: format!("印发后{}个工作日", r.calendar.appeal_working_days),
    });
    rows
}
