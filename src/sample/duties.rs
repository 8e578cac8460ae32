//! The sample's share of the rest of the Measures (SPEC §17): a tasks.csv of repost tasks in the
//! quarter (lists typed as Excel users type them), the reposts of the bound accounts (on time,
//! late or never; tied by task_id or by title), and a calendar.csv with holidays and 调休
//! make-up workdays.

use chrono::{NaiveDate, TimeDelta};

use super::format::Style;
use super::plan::{PlannedAccount, stream};
use crate::ingest::row::{parse_code, split_list};
use crate::ingest::schema::CodeSet;
use crate::model::{AccountStatus, FilingEvent, Platform, UnitType};
use crate::rng::Rng;

/// A task of the sample (dates in the base quarter, 2026Q3; shifted like the activity).
struct SampleTask {
    id: &'static str,
    issued: (u32, u32),
    due: (u32, u32),
    title: &'static str,
    units: &'static str,
    unit_types: &'static str,
    platforms: &'static str,
    exclude: &'static str,
    source: &'static str,
}

const TASKS: [SampleTask; 6] = [
    SampleTask {
        id: "ZS2026-031",
        issued: (6, 22),
        due: (6, 26),
        title: "关于做好梅汛期防御工作的通知",
        units: "",
        unit_types: "乡镇、街道",
        platforms: "微信",
        exclude: "",
        source: "舟山发布",
    },
    SampleTask {
        id: "ZS2026-041",
        issued: (7, 3),
        due: (7, 10),
        title: "关于做好防汛防台风工作的紧急通知",
        units: "",
        unit_types: "乡镇；街道",
        platforms: "微信，微博",
        exclude: "",
        source: "舟山发布",
    },
    SampleTask {
        id: "ZS2026-047",
        issued: (7, 20),
        due: (7, 24),
        title: "“浙里办”惠企政策专区上线",
        units: "",
        unit_types: "",
        platforms: "",
        exclude: "U000001",
        source: "浙江发布",
    },
    SampleTask {
        id: "ZS2026-052",
        issued: (8, 10),
        due: (8, 14),
        title: "全市安全生产大检查部署会召开",
        units: "",
        unit_types: "工作部门",
        platforms: "wechat",
        exclude: "",
        source: "舟山发布",
    },
    SampleTask {
        id: "ZS2026-058",
        issued: (9, 1),
        due: (9, 4),
        title: "第二届海洋文化节开幕",
        units: "U000002，U000003\nU000004、U000005",
        unit_types: "",
        platforms: "",
        exclude: "",
        source: "定海发布",
    },
    SampleTask {
        id: "ZS2026-063",
        issued: (9, 25),
        due: (10, 9),
        title: "国庆假期出行安全提示",
        units: "",
        unit_types: "",
        platforms: "微信",
        exclude: "",
        source: "浙江发布",
    },
];

fn day((month, d): (u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, d).unwrap_or(NaiveDate::MIN)
}

/// The platforms a task binds (the rubric's default when its cell is empty: all but
/// mini-programs).
fn platforms(task: &SampleTask) -> Vec<Platform> {
    static DEFAULT: std::sync::LazyLock<Vec<Platform>> = std::sync::LazyLock::new(|| {
        crate::scoring::rubric::Rubric::default_rubric().map_or(Vec::new(), |r| r.tasks.platforms)
    });
    if task.platforms.is_empty() {
        return DEFAULT.clone();
    }
    (split_list(task.platforms))
        .filter_map(|v| parse_code(CodeSet::Platform, v))
        .filter_map(|i| Platform::ALL.get(i).copied())
        .collect()
}

/// Whether a task binds the account (as SPEC §17.1 does, for the sample's own cells, read as
/// ingest reads them).
fn binds(task: &SampleTask, a: &PlannedAccount, unit_type: UnitType) -> bool {
    let named = |cell: &str| split_list(cell).any(|u| u == a.unit_id);
    let typed = (split_list(task.unit_types))
        .filter_map(|t| parse_code(CodeSet::UnitType, t))
        .any(|i| UnitType::ALL.get(i) == Some(&unit_type));
    let targeted = !named(task.exclude)
        && ((task.units.is_empty() && task.unit_types.is_empty()) || named(task.units) || typed);
    a.status == AccountStatus::Active
        && a.opened_on.is_none_or(|o| o <= day(task.issued))
        && targeted
        && platforms(task).contains(&a.platform)
}

/// tasks.csv (in the sample's encoding by the caller).
pub(super) fn tasks_csv(style: Style) -> Result<Vec<u8>, csv::Error> {
    let mut writer = crate::export::csv_writer();
    let columns = crate::ingest::schema::InputFile::Tasks.columns();
    writer.write_record(columns.iter().map(|c| c.name))?;
    let date = |d: (u32, u32)| (day(d) + style.shift).to_string();
    for t in &TASKS {
        writer.write_record([
            t.id,
            &date(t.issued),
            &date(t.due),
            t.title,
            "",
            t.units,
            t.unit_types,
            t.platforms,
            t.exclude,
            t.source,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// One repost: when, its title, and its task_id cell.
pub(super) struct Repost {
    pub id: String,
    pub at: chrono::NaiveDateTime,
    pub title: String,
    pub task_id: String,
}

/// The account's reposts of the tasks that bind it: about half on time, a sixth late, the rest
/// never; tied by task_id or by the title (quoted, with an exclamation mark) half and half.
pub(super) fn reposts(a: &PlannedAccount, unit_type: UnitType, seed: u64) -> Vec<Repost> {
    let mut rng = Rng::new(seed, stream::TASKS, u64::from(a.number));
    let mut out = Vec::new();
    for (i, task) in TASKS.iter().enumerate() {
        if !binds(task, a, unit_type) {
            continue;
        }
        let (issued, due) = (day(task.issued), day(task.due));
        let roll = rng.between(0, 99);
        let on = if roll < 55 {
            issued + TimeDelta::days(rng.between(0, (due - issued).num_days()))
        } else if roll < 72 {
            due + TimeDelta::days(rng.between(1, 12))
        } else {
            continue;
        };
        if on > super::plan::period_end() {
            continue;
        }
        let by_id = rng.chance(0.5);
        out.push(Repost {
            id: format!("R{:06}{:02}", a.number + 1, i + 1),
            at: on
                .and_hms_opt(9 + rng.between(0, 8) as u32, 30, 0)
                .unwrap_or_default(),
            title: if by_id {
                format!("转发：{}", task.title)
            } else {
                format!("“{}”！", task.title)
            },
            task_id: if by_id {
                task.id.to_string()
            } else {
                String::new()
            },
        });
    }
    out
}

/// A third of the accounts with an opening date and no opening filing file it late, in the
/// quarter (L2, SPEC §17.2); drawn on a stream of their own, so the other draws stay as they were.
pub(super) fn late_opening(
    a: &PlannedAccount,
    seed: u64,
    filings: &mut Vec<(FilingEvent, NaiveDate)>,
) {
    let filed = filings.iter().any(|(event, _)| *event == FilingEvent::Open);
    let mut rng = Rng::new(seed, stream::TASKS, u64::from(a.number) | 1 << 40);
    if a.opened_on.is_none() || filed || !rng.chance(1.0 / 3.0) {
        return;
    }
    let on = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or(NaiveDate::MIN)
        + TimeDelta::days(rng.between(0, 80));
    filings.push((FilingEvent::Open, on));
}

/// calendar.csv: the holidays of 2026 and 2027 and their 调休 make-up workdays (the sample's
/// illustration; an office lists the State Council's schedule for its year).
pub(super) const CALENDAR_CSV: &str = "date,kind,name
2026-01-01,节假日,元旦
2026-01-02,节假日,元旦
2026-01-03,节假日,元旦
2026-01-04,补班,调休上班
2026-02-15,节假日,春节
2026-02-16,节假日,春节
2026-02-17,节假日,春节
2026-02-18,节假日,春节
2026-02-19,节假日,春节
2026-02-20,节假日,春节
2026-02-21,节假日,春节
2026-02-14,补班,调休上班
2026-02-28,补班,调休上班
2026-04-04,节假日,清明节
2026-04-05,节假日,清明节
2026-04-06,节假日,清明节
2026-05-01,节假日,劳动节
2026-05-02,节假日,劳动节
2026-05-03,节假日,劳动节
2026-05-04,节假日,劳动节
2026-05-05,节假日,劳动节
2026-05-09,补班,调休上班
2026-06-19,节假日,端午节
2026-06-20,节假日,端午节
2026-06-21,节假日,端午节
2026-09-25,节假日,中秋节
2026-09-27,补班,调休上班
2026-10-01,节假日,国庆节
2026-10-02,节假日,国庆节
2026-10-03,节假日,国庆节
2026-10-04,节假日,国庆节
2026-10-05,节假日,国庆节
2026-10-06,节假日,国庆节
2026-10-07,节假日,国庆节
2026-10-10,补班,调休上班
2027-01-01,节假日,元旦
2027-01-02,节假日,元旦
2027-01-03,节假日,元旦
2027-02-06,节假日,春节
2027-02-07,节假日,春节
2027-02-08,节假日,春节
2027-02-09,节假日,春节
2027-02-10,节假日,春节
2027-02-11,节假日,春节
2027-02-12,节假日,春节
2027-02-13,节假日,春节
2027-02-20,补班,调休上班
2027-04-05,节假日,清明节
2027-05-01,节假日,劳动节
2027-05-02,节假日,劳动节
2027-05-03,节假日,劳动节
2027-05-04,节假日,劳动节
2027-05-05,节假日,劳动节
2027-06-09,节假日,端午节
2027-09-15,节假日,中秋节
2027-10-01,节假日,国庆节
2027-10-02,节假日,国庆节
2027-10-03,节假日,国庆节
2027-10-04,节假日,国庆节
2027-10-05,节假日,国庆节
2027-10-06,节假日,国庆节
2027-10-07,节假日,国庆节
2027-10-09,补班,调休上班
";
