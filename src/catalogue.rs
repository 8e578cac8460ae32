//! The rule catalogue: every rule of SPEC §4–§6 (X1 … R8) declared once, with its family, its
//! Chinese name and the article it comes from. Codes, labels, sort orders, the not-evaluated list,
//! the method page and the workbook all derive from this table.

use std::fmt;
use std::str::FromStr;

/// What a rule belongs to: the single vetoes, one of the four capped deduction items, the bonus,
/// the unit's own rules, or one of the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Single vetoes (单项否决).
    Veto,
    /// 信息更新, capped.
    Update,
    /// 互动回应, capped.
    Interaction,
    /// 内容规范, capped.
    Content,
    /// 账号管理, capped.
    Management,
    /// 加分.
    Bonus,
    /// The unit's own rules (N0–N2).
    Unit,
    /// The consolidation list (C1–C4).
    Consolidation,
    /// The accountability list (R1–R8).
    Accountability,
    /// The registry's life cycle (L1–L3, SPEC §17.2): listed, never scored.
    Lifecycle,
}

impl Family {
    /// English code (the `item` column of `deductions.csv`).
    pub fn code(self) -> &'static str {
        match self {
            Family::Veto => "veto",
            Family::Update => "update",
            Family::Interaction => "interaction",
            Family::Content => "content",
            Family::Management => "management",
            Family::Bonus => "bonus",
            Family::Unit => "unit",
            Family::Consolidation => "consolidation",
            Family::Accountability => "accountability",
            Family::Lifecycle => "lifecycle",
        }
    }

    /// Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Family::Veto => "单项否决",
            Family::Update => "信息更新",
            Family::Interaction => "互动回应",
            Family::Content => "内容规范",
            Family::Management => "账号管理",
            Family::Bonus => "加分",
            Family::Unit => "单位扣分",
            Family::Consolidation => "清理整合",
            Family::Accountability => "约谈问责",
            Family::Lifecycle => "账号生命周期",
        }
    }
}

/// A rule of SPEC §4–§6 and §17. Declaration order is the catalogue's order: X, U, I, K, M, B, N,
/// C, R, then the life-cycle findings L (listed, never scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum RuleId {
    X1,
    X2,
    X3,
    U1,
    U2,
    U3,
    I1,
    I2,
    K1,
    K2,
    M1,
    M2,
    M3,
    M4,
    B1,
    B2,
    B3,
    N0,
    N1,
    N2,
    C1,
    C2,
    C3,
    C4,
    R1,
    R2,
    R3,
    R4,
    R5,
    R6,
    R7,
    R8,
    L1,
    L2,
    L3,
}

/// One entry of the catalogue.
struct Entry {
    id: RuleId,
    code: &'static str,
    family: Family,
    name: &'static str,
    article: &'static str,
}

const NINETEEN: &str = "国办秘函〔2019〕19号";

macro_rules! catalogue {
    ($($id:ident, $family:ident, $name:expr, $article:expr;)*) => {
        /// The catalogue, in declaration order.
        const CATALOGUE: &[Entry] = &[$(Entry {
            id: RuleId::$id,
            code: stringify!($id),
            family: Family::$family,
            name: $name,
            article: $article,
        }),*];
    };
}

catalogue! {
    X1, Veto, "监测时间点前两周内无更新", NINETEEN;
    X2, Veto, "未提供有效互动功能", NINETEEN;
    X3, Veto, "泄密、违法违规或严重错误内容", "第八、十、十一、十三条";
    U1, Update, "整周无更新", "第九、十四条";
    U2, Update, "整月无原创", "第九条";
    U3, Update, "未按要求转发上级政务新媒体重要信息", "第九条";
    I1, Interaction, "留言逾期回复", "第九条";
    I2, Interaction, "留言逾期未回复", "第九条";
    K1, Content, "发布内容问题", "第七、八、十、十一、十二条";
    K2, Content, "发布无审核记录", "第八条";
    M1, Management, "账号未认证", "第六条";
    M2, Management, "认证信息未标明主办单位", "第六条";
    M3, Management, "开设未备案", "第五条";
    M4, Management, "不同平台名称不一致", "第六条";
    B1, Bonus, "传播力居平台前列", NINETEEN;
    B2, Bonus, "留言均及时回复", NINETEEN;
    B3, Bonus, "更新频繁且以原创为主", NINETEEN;
    N0, Unit, "应开设而无在运营账号", "第四条";
    N1, Unit, "同一平台开设多个账号", "第六条";
    N2, Unit, "关停注销未备案", "第五条";
    C1, Consolidation, "一平台多号", "第六条";
    C2, Consolidation, "无力维护", "第六条";
    C3, Consolidation, "关注度和利用率低", "第六条";
    C4, Consolidation, "功能相近", "第六条";
    R1, Accountability, "有账号单项否决", "第十五条";
    R2, Accountability, "单位考核不合格", "第十五条";
    R3, Accountability, "连续两期不合格", "第十五条";
    R4, Accountability, "泄密、违法内容或数据造假", "第十五条";
    R5, Accountability, "应开设而未开设", "第四、十五条";
    R6, Accountability, "问题逾期未整改", "第十四、十五条";
    R7, Accountability, "备案问题", "第五、十五条";
    R8, Accountability, "得分居末位", "第十五条";
    L1, Lifecycle, "停用后仍发布", "第五、六条";
    L2, Lifecycle, "备案不及时", "第五条";
    L3, Lifecycle, "变更未备案", "第五、六条";
}

impl RuleId {
    /// Every rule, in catalogue order.
    pub fn all() -> impl Iterator<Item = RuleId> {
        CATALOGUE.iter().map(|e| e.id)
    }

    fn entry(self) -> &'static Entry {
        // The catalogue lists the rules in declaration order (checked by a test).
        &CATALOGUE[self as usize]
    }

    /// `X1`, `R8`, …
    pub fn code(self) -> &'static str {
        self.entry().code
    }

    /// The family: veto, an item, bonus, unit, or one of the lists.
    pub fn family(self) -> Family {
        self.entry().family
    }

    /// What the rule checks, in Chinese (`整周无更新`).
    pub fn chinese(self) -> &'static str {
        self.entry().name
    }

    /// What the rule checks under a rubric whose X1 span is `no_update_days` (SPEC §15.2: the
    /// words follow the rubric in force): 监测时间点前三周内无更新 for 21 days.
    pub fn chinese_in(self, no_update_days: u32) -> std::borrow::Cow<'static, str> {
        match self {
            RuleId::X1 => format!("监测时间点前{}内无更新", span(no_update_days)).into(),
            _ => self.chinese().into(),
        }
    }

    /// Where it comes from (`第九、十四条`).
    pub fn article(self) -> &'static str {
        self.entry().article
    }
}

/// A span of days as Chinese writes it: whole weeks in weeks (两周, 三周), else days (10天).
pub(crate) fn span(days: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九"];
    match (days % 7, days / 7) {
        (0, weeks @ 1..=9) => format!("{}周", DIGITS[weeks as usize]),
        _ => format!("{days}天"),
    }
}

/// The Chinese names of `rules` under a rubric whose X1 span is `no_update_days`, joined by
/// `separator` (`有账号单项否决、单位考核不合格`).
pub(crate) fn names(rules: &[RuleId], no_update_days: u32, separator: &str) -> String {
    rules
        .iter()
        .map(|r| r.chinese_in(no_update_days))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The codes of `rules` joined by `separator` (`R1;R2`).
pub(crate) fn join(rules: &[RuleId], separator: &str) -> String {
    rules
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(separator)
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A code that names no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0}: not a rule; the rules are X1–X3, U1–U2, I1–I2, K1–K2, M1–M4, B1–B3, N0–N2, C1–C4, R1–R8"
)]
pub struct UnknownRule(pub String);

impl FromStr for RuleId {
    type Err = UnknownRule;

    fn from_str(code: &str) -> Result<RuleId, UnknownRule> {
        CATALOGUE
            .iter()
            .find(|e| e.code == code.trim())
            .map(|e| e.id)
            .ok_or_else(|| UnknownRule(code.to_string()))
    }
}

impl<'de> serde::Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let code = String::deserialize(deserializer)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_rule_once_in_declaration_order() {
        for (i, entry) in CATALOGUE.iter().enumerate() {
            assert_eq!(entry.id as usize, i, "{}", entry.code);
            assert_eq!(format!("{:?}", entry.id), entry.code);
            assert!(!entry.name.is_empty() && !entry.article.is_empty());
        }
        assert_eq!(RuleId::all().count(), 35);
    }

    #[test]
    fn codes_read_back_and_unknown_codes_are_named() {
        for rule in RuleId::all() {
            assert_eq!(rule.code().parse::<RuleId>(), Ok(rule));
            assert_eq!(rule.to_string(), rule.code());
        }
        assert_eq!(
            "R9".parse::<RuleId>().unwrap_err().to_string(),
            "R9: not a rule; the rules are X1–X3, U1–U2, I1–I2, K1–K2, M1–M4, B1–B3, N0–N2, C1–C4, R1–R8"
        );
        assert_eq!(RuleId::U1.family(), Family::Update);
        assert_eq!(RuleId::R8.family(), Family::Accountability);
        assert_eq!(RuleId::C2.chinese(), "无力维护");
    }
}
