//! The Chinese words of the report: names of grades, actions, levels, items and platforms, and
//! the article or rule each rule comes from.

use crate::lists::consolidation::Action;
use crate::scoring::rubric::Level;
use crate::scoring::rules::Item;

/// 关停注销 …
pub fn action(a: Action) -> &'static str {
    match a {
        Action::Close => "关停注销",
        Action::Merge => "整合",
        Action::Rectify => "整改",
        Action::Review => "核查",
    }
}

/// 问责 …
pub fn level(l: Level) -> &'static str {
    match l {
        Level::Accountability => "问责",
        Level::Interview => "约谈",
        Level::Notice => "通报",
        Level::Rectify => "整改",
    }
}

/// 信息更新 …
pub fn item(i: Item) -> &'static str {
    match i {
        Item::Veto => "单项否决",
        Item::Update => "信息更新",
        Item::Interaction => "互动回应",
        Item::Content => "内容规范",
        Item::Management => "账号管理",
        Item::Bonus => "加分",
        Item::Unit => "单位扣分",
    }
}

/// What a rule checks and where it comes from, by rule code.
pub fn rule(code: &str) -> (&'static str, &'static str) {
    match code {
        "X1" => ("监测时间点前2周内无更新", "国办秘函〔2019〕19号"),
        "X2" => ("未提供有效互动功能", "国办秘函〔2019〕19号"),
        "X3" => ("安全、泄密事故或严重表述错误", "第八、十、十一、十三条"),
        "U1" => ("整周无更新", "第九、十四条"),
        "U2" => ("整月无原创", "第九条"),
        "I1" => ("留言逾期回复", "第九条"),
        "I2" => ("留言逾期未回复", "第九条"),
        "K1" => ("发布内容问题", "第七、八、十、十一、十二条"),
        "K2" => ("发布无审核记录", "第八条"),
        "M1" => ("账号未认证", "第六条"),
        "M2" => ("认证信息未标明主办单位", "第六条"),
        "M3" => ("开设未备案", "第五条"),
        "M4" => ("不同平台名称不一致", "第六条"),
        "B1" => ("传播力居平台前列", "国办秘函〔2019〕19号"),
        "B2" => ("留言均及时回复", "国办秘函〔2019〕19号"),
        "B3" => ("更新频繁且以原创为主", "国办秘函〔2019〕19号"),
        "N0" => ("应开设而无在运营账号", "第四条"),
        "N1" => ("同一平台开设多个账号", "第六条"),
        "N2" => ("关停注销未备案", "第五条"),
        "C1" => ("一平台多号", "第六条"),
        "C2" => ("无力维护", "第六条"),
        "C3" => ("关注度和利用率低", "第六条"),
        "C4" => ("功能相近", "第六条"),
        "R1" => ("有账号单项否决", "第十五条"),
        "R2" => ("单位考核不合格", "第十五条"),
        "R3" => ("连续两期不合格", "第十五条"),
        "R4" => ("泄密、违法内容或数据造假", "第十五条"),
        "R5" => ("应开设而未开设", "第四、十五条"),
        "R6" => ("问题逾期未整改", "第十四、十五条"),
        "R7" => ("备案问题", "第五、十五条"),
        "R8" => ("得分居末位", "第十五条"),
        _ => ("", ""),
    }
}
