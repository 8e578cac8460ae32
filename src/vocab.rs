//! The words of the domain: every closed set of values — unit types, platforms, statuses,
//! categories, grades, levels, actions, verdicts, follow-up and appeal outcomes, warnings — declared
//! once with its code (CSV and JSON) and its Chinese name (pages, documents, workbook). The rules
//! that use a value live with the value's owner (`impl Grade` in scoring, …); the words live here.

/// Declares a closed set of values with their codes and Chinese names. A Chinese name that holds
/// `/` is accepted whole and by each of its parts when read from an input file (the value rules
/// of ingest); outputs use the whole name or its first part, as each output says.
macro_rules! vocab {
    ($(#[$meta:meta])* $vis:vis $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $(#[doc = $zh] $(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in the order declared here (not every set is walked whole).
            #[allow(dead_code)]
            $vis const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The English code used in CSV and JSON outputs.
            $vis fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese name.
            $vis fn chinese(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }
        }
    };
}

vocab! {
    /// `units.unit_type`.
    pub UnitType {
        Department = "department", "工作部门";
        Agency = "agency", "派出机构";
        Township = "township", "乡镇";
        Subdistrict = "subdistrict", "街道";
        Institution = "institution", "事业单位";
        Enterprise = "enterprise", "企业";
        Other = "other", "其他";
    }
}

vocab! {
    /// `accounts.platform`.
    pub Platform {
        Weibo = "weibo", "微博";
        Wechat = "wechat", "微信/微信公众号";
        Douyin = "douyin", "抖音";
        Toutiao = "toutiao", "今日头条/头条号";
        Kuaishou = "kuaishou", "快手";
        Channels = "channels", "视频号";
        Bilibili = "bilibili", "哔哩哔哩/B站";
        Xiaohongshu = "xiaohongshu", "小红书";
        App = "app", "客户端/APP/移动客户端";
        Miniprogram = "miniprogram", "小程序";
        Other = "other", "其他";
    }
}

vocab! {
    /// `accounts.status`: only `active` accounts are assessed.
    pub AccountStatus {
        Active = "active", "正常/运营";
        Suspended = "suspended", "暂停/关停";
        Closed = "closed", "注销";
    }
}

vocab! {
    /// `filings.event` (Art. 5).
    pub FilingEvent {
        Open = "open", "开设";
        Change = "change", "变更";
        Suspend = "suspend", "关停";
        Close = "close", "注销";
    }
}

vocab! {
    /// `appeals.decision` (SPEC §14): the office's decision on an appeal.
    pub Decision {
        Accepted = "accepted", "采纳";
        Rejected = "rejected", "驳回";
        Pending = "pending", "待定";
    }
}

vocab! {
    /// `violations.category` (SPEC §4.3). Which ones are vetoes and what the others cost is the
    /// rubric's business, not this enum's.
    pub ViolationCategory {
        StateSecret = "state_secret", "泄露国家秘密";
        IllegalContent = "illegal_content", "反动暴力色情等违法违规内容";
        IllegalLink = "illegal_link", "链接违法违规页面";
        SeriousMisstatement = "serious_misstatement", "严重表述错误";
        PrivacyLeak = "privacy_leak", "泄露商业秘密或个人隐私";
        FalseInfo = "false_info", "虚假信息";
        UnlicensedService = "unlicensed_service", "无资质从事新闻信息或视听服务";
        FakeFollowers = "fake_followers", "购买粉丝等数据造假";
        PersonalOpinion = "personal_opinion", "发布个人观点情绪言论";
        CommercialAd = "commercial_ad", "商业广告/广告软文";
        AdLink = "ad_link", "链接商业广告页面";
        ExcessDataCollection = "excess_data_collection", "超范围获取个人信息";
        HarmfulToUsers = "harmful_to_users", "损害用户权益内容";
        ForcedEngagement = "forced_engagement", "强制下载、点赞、转发";
        BrokenFunction = "broken_function", "功能无法使用/链接失效";
        UnreviewedPost = "unreviewed_post", "未经审核发布";
        Typo = "typo", "错别字";
        Other = "other", "其他";
    }
}

vocab! {
    /// A grade (SPEC §4.5).
    pub Grade {
        Excellent = "excellent", "优秀";
        Good = "good", "良好";
        Pass = "pass", "合格";
        Fail = "fail", "不合格";
    }
}

vocab! {
    /// The levels of the accountability list (SPEC §6), highest first.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub Level {
        Accountability = "accountability", "问责";
        Interview = "interview", "约谈";
        Notice = "notice", "通报";
        Rectify = "rectify", "整改";
    }
}

vocab! {
    /// What to do with an account, in order of precedence.
    pub(crate) Action {
        /// 关停注销 (C2, or C3 with nowhere to merge in a unit not required to open).
        Close = "close", "关停注销";
        /// 整合 into another account (C1, or C3).
        Merge = "merge", "整合";
        /// 整改: C3 in a required unit with nowhere to merge.
        Rectify = "rectify", "整改";
        /// 核查: C4, similar function to an account of a sibling unit.
        Review = "review", "核查";
    }
}

vocab! {
    /// The two lists followed up.
    pub(crate) ListKind {
        Consolidation = "consolidation", "清理整合";
        Accountability = "accountability", "约谈问责";
    }
}

vocab! {
    /// What became of one entry.
    pub(crate) Status {
        /// The account is no longer active (closed or suspended).
        Done = "done", "已关停";
        /// Still active, no longer on the consolidation list.
        Fixed = "fixed", "已整改";
        /// Still active and still listed.
        Pending = "pending", "未整改";
        /// None of the unit's previous rules fires now.
        Resolved = "resolved", "已整改";
        /// Some do.
        Partial = "partial", "部分整改";
        /// All do.
        Persists = "persists", "未整改";
        /// A previous rule cannot be evaluated now (and none of the others fires).
        Unknown = "unknown", "无法判断";
        /// No longer in the registry (or its row was rejected).
        Gone = "gone", "已不在册";
        /// No longer active, yet posting after its stop date (L1, SPEC §17.2).
        Reopened = "reopened", "停用后仍发布";
    }
}

vocab! {
    /// What an appeal did.
    pub(crate) Effect {
        /// Accepted: its violation or message was removed from the assessment.
        Removed = "removed", "记录已剔除";
        /// Accepted: its post counts as reviewed.
        Reviewed = "reviewed", "视为已审核";
        /// Accepted: the rule is waived for the account (N1, N2: the unit) this period.
        Waived = "waived", "该项不予认定";
        /// Rejected or pending: nothing changes.
        None = "none", "不变";
        /// About another period: nothing changes.
        NotApplicable = "not_applicable", "非本期，不适用";
    }
}

vocab! {
    /// What the robustness analysis says of a unit's place on the list (SPEC §9).
    pub Verdict {
        /// Listed, and at its level or a more severe one in at least 95% of the draws.
        Robust = "robust", "稳健";
        /// Listed, and less often than that.
        Fragile = "fragile", "不稳健";
        /// Not listed, but listed in at least 5% of the draws.
        Borderline = "borderline", "临界";
    }
}

vocab! {
    /// What a warning is about, in the order warnings of one account are listed.
    pub(crate) Kind {
        /// No post for `warn.no_update_days` days: X1 is coming.
        NoUpdate = "no_update", "更新中断";
        /// Messages whose reply deadline is near or past (I1, I2).
        ReplyDue = "reply_due", "留言待回复";
        /// Violations whose rectify deadline is near or past (K1 × multiplier, R6).
        RectifyDue = "rectify_due", "问题待整改";
        /// Repost tasks bound to the account and not yet reposted (U3, SPEC §17.1).
        TaskDue = "task_due", "转发任务待完成";
        /// No `open` filing (M3).
        NoFiling = "no_filing", "未开设备案";
        /// Posts after the account was suspended or closed (L1, SPEC §17.2).
        PostingWhileClosed = "posting_while_closed", "停用后仍发布";
        /// The unit would fail were the period to end today.
        UnitFailing = "unit_failing", "单位预计不合格";
    }
}

vocab! {
    /// `terms.kind` (SPEC §16.2): what an entry of the office's terms file is.
    pub(crate) TermKind {
        Term = "term", "词语";
        Except = "except", "例外/例外词";
        Host = "host", "域名";
        Trusted = "trusted", "可信域名";
    }
}

vocab! {
    /// The content scan's rules (SPEC §16.4): they nominate candidates, never deduct.
    pub ScanRule {
        S1 = "S1", "词表命中";
        S2 = "S2", "常见错别字";
        S3 = "S3", "日期不存在";
        S4 = "S4", "标点不成对";
        S5 = "S5", "词语重复";
        S6 = "S6", "链接无效";
        S7 = "S7", "域名黑名单";
        S8 = "S8", "IP地址链接";
        S9 = "S9", "非可信域名";
    }
}

vocab! {
    /// The post fields the scan reads (SPEC §16.8).
    pub(crate) ScanField {
        Title = "title", "标题";
        Text = "text", "正文";
        Url = "url", "链接";
    }
}

vocab! {
    /// `scan_review.decision` (SPEC §16.2): the reviewer's conclusion.
    pub ReviewDecision {
        Confirmed = "confirmed", "确认/属实";
        Dismissed = "dismissed", "排除/误报";
        Open = "open", "待复核";
    }
}

vocab! {
    /// A candidate's status in scan_candidates.csv (SPEC §16.8).
    pub(crate) ScanStatus {
        Open = "open", "待复核";
        Recorded = "recorded", "已有记录";
        Confirmed = "confirmed", "已确认";
        Dismissed = "dismissed", "已排除";
    }
}

vocab! {
    /// `calendar.kind` (SPEC §17.3): 调休 is not a kind, it names both the day off and the
    /// make-up day.
    pub DayKind {
        Workday = "workday", "工作日/上班/补班";
        Holiday = "holiday", "节假日/休息日/放假";
    }
}

vocab! {
    /// What became of one (task, account) pair (SPEC §17.1).
    pub TaskStatus {
        Done = "done", "按时完成";
        Late = "late", "逾期完成";
        Missed = "missed", "未完成";
    }
}

vocab! {
    /// Which key tied a post to a task (SPEC §17.1), the first that holds.
    pub MatchedBy {
        TaskId = "task_id", "任务编号";
        Url = "url", "链接";
        Title = "title", "标题";
    }
}
