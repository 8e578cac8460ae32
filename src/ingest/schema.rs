//! The input files and their columns (SPEC §2 tables): English names, Chinese aliases, kinds and
//! which are required. The only place that names an input column.

/// What a column holds and how its cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text (trimmed; empty = null).
    Text,
    /// A boolean in any accepted form.
    Bool,
    /// A date (a date-time is accepted and its date taken).
    Date,
    /// A date-time.
    DateTime,
    /// A non-negative count.
    Count,
    /// One of a closed set of codes.
    Code(CodeSet),
    /// A list of values in one cell (SPEC §17.1: separated by `;；,，、` or white space).
    List,
    /// A list of codes of one set in one cell; an unknown one rejects the row.
    CodeList(CodeSet),
}

/// The closed sets of codes an input column may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeSet {
    /// [`crate::model::UnitType`]
    UnitType,
    /// [`crate::model::Platform`]
    Platform,
    /// [`crate::model::AccountStatus`]
    AccountStatus,
    /// [`crate::model::FilingEvent`]
    FilingEvent,
    /// [`crate::model::ViolationCategory`]
    ViolationCategory,
    /// [`crate::model::Decision`]
    Decision,
    /// [`crate::model::ReviewDecision`]
    ReviewDecision,
    /// [`crate::vocab::DayKind`]
    DayKind,
}

/// One column of an input file.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    /// English name (matched in any case).
    pub name: &'static str,
    /// Chinese alias.
    pub alias: &'static str,
    /// What the cells hold.
    pub kind: Kind,
    /// A required column must be in the header and have a value in every row.
    pub required: bool,
    /// Whether the value is used; an optional text column nothing uses is not even decoded.
    pub kept: bool,
}

const fn col(name: &'static str, alias: &'static str, kind: Kind, required: bool) -> ColumnSpec {
    ColumnSpec {
        name,
        alias,
        kind,
        required,
        kept: true,
    }
}

/// The input files, in the order of SPEC §2 (which is also the order of `rejects.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InputFile {
    /// `units.csv` (单位)
    Units,
    /// `accounts.csv` (账号)
    Accounts,
    /// `posts.csv` (发布记录)
    Posts,
    /// `engagement.csv` (互动数据)
    Engagement,
    /// `messages.csv` (政民互动)
    Messages,
    /// `violations.csv` (问题记录)
    Violations,
    /// `scan_review.csv` (内容巡检复核, SPEC §16.2): read right after violations.csv
    ScanReview,
    /// `filings.csv` (备案记录)
    Filings,
    /// `appeals.csv` (申诉复核, SPEC §14)
    Appeals,
    /// `tasks.csv` (转发任务, SPEC §17.1)
    Tasks,
    /// `calendar.csv` (工作日历, SPEC §17.3)
    Calendar,
}

impl InputFile {
    /// Every input file, in SPEC order.
    pub const ALL: [InputFile; 11] = [
        InputFile::Units,
        InputFile::Accounts,
        InputFile::Posts,
        InputFile::Engagement,
        InputFile::Messages,
        InputFile::Violations,
        InputFile::ScanReview,
        InputFile::Filings,
        InputFile::Appeals,
        InputFile::Tasks,
        InputFile::Calendar,
    ];

    /// The file's stem; the file is `<stem>.csv` or `<stem>.parquet`.
    pub fn stem(self) -> &'static str {
        match self {
            InputFile::Units => "units",
            InputFile::Accounts => "accounts",
            InputFile::Posts => "posts",
            InputFile::Engagement => "engagement",
            InputFile::Messages => "messages",
            InputFile::Violations => "violations",
            InputFile::ScanReview => "scan_review",
            InputFile::Filings => "filings",
            InputFile::Appeals => "appeals",
            InputFile::Tasks => "tasks",
            InputFile::Calendar => "calendar",
        }
    }

    /// The Chinese name of the file's content, for messages and the report.
    pub fn chinese(self) -> &'static str {
        match self {
            InputFile::Units => "单位",
            InputFile::Accounts => "账号",
            InputFile::Posts => "发布记录",
            InputFile::Engagement => "互动数据",
            InputFile::Messages => "政民互动",
            InputFile::Violations => "问题记录",
            InputFile::ScanReview => "内容巡检复核",
            InputFile::Filings => "备案记录",
            InputFile::Appeals => "申诉复核",
            InputFile::Tasks => "转发任务",
            InputFile::Calendar => "工作日历",
        }
    }

    /// Units, accounts and posts must be there; the others are optional.
    pub fn required(self) -> bool {
        matches!(
            self,
            InputFile::Units | InputFile::Accounts | InputFile::Posts
        )
    }

    /// The columns, in the order of the SPEC's table (the order cells are checked in).
    pub const fn columns(self) -> &'static [ColumnSpec] {
        match self {
            InputFile::Units => UNITS,
            InputFile::Accounts => ACCOUNTS,
            InputFile::Posts => POSTS,
            InputFile::Engagement => ENGAGEMENT,
            InputFile::Messages => MESSAGES,
            InputFile::Violations => VIOLATIONS,
            InputFile::ScanReview => SCAN_REVIEW,
            InputFile::Filings => FILINGS,
            InputFile::Appeals => APPEALS,
            InputFile::Tasks => TASKS,
            InputFile::Calendar => CALENDAR,
        }
    }
}

use CodeSet as C;
use Kind::{Bool, Code, CodeList, Count, Date, DateTime, List, Text};

/// `units.csv`
pub(crate) const UNITS: &[ColumnSpec] = &[
    col(unit::UNIT_ID, "单位编码", Text, true),
    col(unit::UNIT_NAME, "单位名称", Text, true),
    col(unit::UNIT_TYPE, "单位类型", Code(C::UnitType), true),
    col(unit::PARENT_ID, "上级单位编码", Text, false),
    col(unit::MUST_OPEN, "应开设", Bool, false),
    col(unit::EXEMPT, "豁免原因", Text, false),
];

/// `accounts.csv`
pub(crate) const ACCOUNTS: &[ColumnSpec] = &[
    col(account::ACCOUNT_ID, "账号ID", Text, true),
    col(account::UNIT_ID, "单位编码", Text, true),
    col(account::PLATFORM, "平台", Code(C::Platform), true),
    col(account::ACCOUNT_NAME, "账号名称", Text, true),
    col(account::STATUS, "状态", Code(C::AccountStatus), true),
    col(account::OPENED_ON, "开设日期", Date, false),
    col(account::CLOSED_ON, "注销日期", Date, false),
    col(account::VERIFIED, "是否认证", Bool, false),
    col(account::VERIFIED_NAME, "认证主体", Text, false),
    col(account::INTERACTION_ENABLED, "互动功能", Bool, false),
    col(account::FUNCTION, "功能定位", Text, false),
    col(account::FOLLOWERS, "粉丝数", Count, false),
];

/// `posts.csv`
pub(crate) const POSTS: &[ColumnSpec] = &[
    col(post::POST_ID, "发布ID", Text, true),
    col(post::ACCOUNT_ID, "账号ID", Text, true),
    col(post::PUBLISHED_AT, "发布时间", DateTime, true),
    col(post::ORIGINAL, "是否原创", Bool, false),
    col(post::REVIEWED, "是否审核", Bool, false),
    col(post::TITLE, "标题", Text, false),
    col(post::TEXT, "正文", Text, false),
    col(post::URL, "链接", Text, false),
    col(post::TASK_ID, "任务编号", Text, false),
];

/// `engagement.csv`
pub(crate) const ENGAGEMENT: &[ColumnSpec] = &[
    col(engagement::ACCOUNT_ID, "账号ID", Text, true),
    col(engagement::DATE, "日期", Date, true),
    col(engagement::FOLLOWERS, "粉丝数", Count, false),
    col(engagement::READS, "阅读数", Count, false),
    col(engagement::LIKES, "点赞数", Count, false),
    col(engagement::SHARES, "转发数", Count, false),
    col(engagement::COMMENTS, "评论数", Count, false),
];

/// `messages.csv`
pub(crate) const MESSAGES: &[ColumnSpec] = &[
    col(message::MESSAGE_ID, "留言ID", Text, true),
    col(message::ACCOUNT_ID, "账号ID", Text, true),
    col(message::RECEIVED_AT, "留言时间", DateTime, true),
    col(message::REPLIED_AT, "回复时间", DateTime, false),
];

/// `violations.csv`
pub(crate) const VIOLATIONS: &[ColumnSpec] = &[
    col(violation::VIOLATION_ID, "问题ID", Text, true),
    col(violation::ACCOUNT_ID, "账号ID", Text, true),
    col(violation::FOUND_ON, "发现日期", Date, true),
    col(
        violation::CATEGORY,
        "问题类型",
        Code(C::ViolationCategory),
        true,
    ),
    col(violation::POST_ID, "发布ID", Text, false),
    col(violation::RESOLVED_ON, "整改日期", Date, false),
    col(violation::SOURCE, "来源", Text, false),
    col(violation::NOTE, "备注", Text, false),
];

/// `scan_review.csv` (SPEC §16.2): the columns of violations.csv, in the same places, then the
/// review; the other columns of scan_candidates.csv are recognised and not read
/// ([`InputFile::recognised`]).
pub(crate) const SCAN_REVIEW: &[ColumnSpec] = &with_review(VIOLATIONS);

/// violations.csv's columns (eight: a ninth fails to compile here) followed by the review's.
const fn with_review(violations: &[ColumnSpec]) -> [ColumnSpec; 10] {
    let decision = col(review::DECISION, "复核结论", Code(C::ReviewDecision), false);
    let mut columns = [decision; 10];
    let mut i = 0;
    while i < violations.len() {
        columns[i] = violations[i];
        i += 1;
    }
    columns[i] = decision;
    columns[i + 1] = col(review::REVIEWED_BY, "复核人", Text, false);
    columns
}

/// The columns of scan_candidates.csv that scan_review.csv may still hold: names and aliases,
/// skipped without being listed as unknown (SPEC §16.2).
const SCAN_FACTS: [(&str, &str); 12] = [
    ("status", "状态"),
    ("unit_id", "单位编码"),
    ("unit_name", "单位名称"),
    ("account_name", "账号名称"),
    ("published_at", "发布时间"),
    ("rule", "规则"),
    ("field", "字段"),
    ("start", "位置"),
    ("length", "长度"),
    ("matched", "命中文本"),
    ("suggestion", "建议"),
    ("context", "上下文"),
];

impl InputFile {
    /// A header name that is not a column of this file but is known, so not listed as unknown.
    pub(crate) fn recognised(self, name: &str) -> bool {
        self == InputFile::ScanReview
            && (SCAN_FACTS.iter()).any(|(n, a)| n.eq_ignore_ascii_case(name) || *a == name)
    }
}

/// Column names of `scan_review.csv` beyond those of violations.csv.
pub(crate) mod review {
    pub(crate) const DECISION: &str = "decision";
    pub(crate) const REVIEWED_BY: &str = "reviewed_by";
}

/// `filings.csv`
pub(crate) const FILINGS: &[ColumnSpec] = &[
    col(filing::ACCOUNT_ID, "账号ID", Text, true),
    col(filing::EVENT, "备案事项", Code(C::FilingEvent), true),
    col(filing::FILED_ON, "备案日期", Date, true),
];

/// `appeals.csv` (SPEC §14)
pub(crate) const APPEALS: &[ColumnSpec] = &[
    col(appeal::APPEAL_ID, "申诉编号", Text, true),
    col(appeal::PERIOD, "考核期", Text, true),
    col(appeal::UNIT_ID, "单位编码", Text, true),
    col(appeal::RULE, "规则", Text, true),
    col(appeal::ACCOUNT_ID, "账号ID", Text, false),
    col(appeal::RECORD_ID, "记录ID", Text, false),
    col(appeal::FILED_ON, "申诉日期", Date, true),
    col(appeal::DECISION, "复核结论", Code(C::Decision), true),
    col(appeal::DECIDED_ON, "复核日期", Date, false),
    col(appeal::REASON, "理由", Text, false),
];

/// `tasks.csv` (SPEC §17.1)
pub(crate) const TASKS: &[ColumnSpec] = &[
    col(task::TASK_ID, "任务编号", Text, true),
    col(task::ISSUED_ON, "下发日期", Date, true),
    col(task::DUE_ON, "截止日期", Date, true),
    col(task::TITLE, "标题", Text, false),
    col(task::URL, "链接", Text, false),
    col(task::UNITS, "指定单位", List, false),
    col(
        task::UNIT_TYPES,
        "指定单位类型",
        CodeList(C::UnitType),
        false,
    ),
    col(task::PLATFORMS, "指定平台", CodeList(C::Platform), false),
    col(task::EXCLUDE_UNITS, "排除单位", List, false),
    col(task::SOURCE, "来源", Text, false),
];

/// Column names of `tasks.csv`.
pub(crate) mod task {
    pub(crate) const TASK_ID: &str = "task_id";
    pub(crate) const ISSUED_ON: &str = "issued_on";
    pub(crate) const DUE_ON: &str = "due_on";
    pub(crate) const TITLE: &str = "title";
    pub(crate) const URL: &str = "url";
    pub(crate) const UNITS: &str = "units";
    pub(crate) const UNIT_TYPES: &str = "unit_types";
    pub(crate) const PLATFORMS: &str = "platforms";
    pub(crate) const EXCLUDE_UNITS: &str = "exclude_units";
    pub(crate) const SOURCE: &str = "source";
}

/// `calendar.csv` (SPEC §17.3)
pub(crate) const CALENDAR: &[ColumnSpec] = &[
    col(day::DATE, "日期", Date, true),
    col(day::KIND, "类型", Code(C::DayKind), true),
    col(day::NAME, "名称", Text, false),
];

/// Column names of `calendar.csv`.
pub(crate) mod day {
    pub(crate) const DATE: &str = "date";
    pub(crate) const KIND: &str = "kind";
    pub(crate) const NAME: &str = "name";
}

/// Column names of `appeals.csv`.
pub(crate) mod appeal {
    pub(crate) const APPEAL_ID: &str = "appeal_id";
    pub(crate) const PERIOD: &str = "period";
    pub(crate) const UNIT_ID: &str = "unit_id";
    pub(crate) const RULE: &str = "rule";
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const RECORD_ID: &str = "record_id";
    pub(crate) const FILED_ON: &str = "filed_on";
    pub(crate) const DECISION: &str = "decision";
    pub(crate) const DECIDED_ON: &str = "decided_on";
    pub(crate) const REASON: &str = "reason";
}

/// Column names of `units.csv`.
pub(crate) mod unit {
    pub(crate) const UNIT_ID: &str = "unit_id";
    pub(crate) const UNIT_NAME: &str = "unit_name";
    pub(crate) const UNIT_TYPE: &str = "unit_type";
    pub(crate) const PARENT_ID: &str = "parent_id";
    pub(crate) const MUST_OPEN: &str = "must_open";
    pub(crate) const EXEMPT: &str = "exempt";
}

/// Column names of `accounts.csv`.
pub(crate) mod account {
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const UNIT_ID: &str = "unit_id";
    pub(crate) const PLATFORM: &str = "platform";
    pub(crate) const ACCOUNT_NAME: &str = "account_name";
    pub(crate) const STATUS: &str = "status";
    pub(crate) const OPENED_ON: &str = "opened_on";
    pub(crate) const CLOSED_ON: &str = "closed_on";
    pub(crate) const VERIFIED: &str = "verified";
    pub(crate) const VERIFIED_NAME: &str = "verified_name";
    pub(crate) const INTERACTION_ENABLED: &str = "interaction_enabled";
    pub(crate) const FUNCTION: &str = "function";
    pub(crate) const FOLLOWERS: &str = "followers";
}

/// Column names of `posts.csv`.
pub(crate) mod post {
    pub(crate) const POST_ID: &str = "post_id";
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const PUBLISHED_AT: &str = "published_at";
    pub(crate) const ORIGINAL: &str = "original";
    pub(crate) const REVIEWED: &str = "reviewed";
    pub(crate) const TITLE: &str = "title";
    pub(crate) const TEXT: &str = "text";
    pub(crate) const URL: &str = "url";
    pub(crate) const TASK_ID: &str = "task_id";
}

/// Column names of `engagement.csv`.
pub(crate) mod engagement {
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const DATE: &str = "date";
    pub(crate) const FOLLOWERS: &str = "followers";
    pub(crate) const READS: &str = "reads";
    pub(crate) const LIKES: &str = "likes";
    pub(crate) const SHARES: &str = "shares";
    pub(crate) const COMMENTS: &str = "comments";
}

/// Column names of `messages.csv`.
pub(crate) mod message {
    pub(crate) const MESSAGE_ID: &str = "message_id";
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const RECEIVED_AT: &str = "received_at";
    pub(crate) const REPLIED_AT: &str = "replied_at";
}

/// Column names of `violations.csv`.
pub(crate) mod violation {
    pub(crate) const VIOLATION_ID: &str = "violation_id";
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const FOUND_ON: &str = "found_on";
    pub(crate) const CATEGORY: &str = "category";
    pub(crate) const POST_ID: &str = "post_id";
    pub(crate) const RESOLVED_ON: &str = "resolved_on";
    pub(crate) const SOURCE: &str = "source";
    pub(crate) const NOTE: &str = "note";
}

/// Column names of `filings.csv`.
pub(crate) mod filing {
    pub(crate) const ACCOUNT_ID: &str = "account_id";
    pub(crate) const EVENT: &str = "event";
    pub(crate) const FILED_ON: &str = "filed_on";
}
