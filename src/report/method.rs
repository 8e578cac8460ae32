//! The method page's table of rules (SPEC §15.2): each rule's code, Chinese name and article with
//! the points and the cap the rubric in force gives it, in words.

use crate::catalogue::{Family, RuleId};
use crate::present::number;
use crate::scoring::rubric::Rubric;

/// The points a rule gives or takes and the cap it falls under, in Chinese.
pub(super) fn terms(rule: RuleId, r: &Rubric) -> (String, String) {
    let pts = |x: f64| format!("{}分", number(x));
    let each = |what: &str, x: f64| format!("每{what}扣{}", pts(x));
    let cap = |item: &str, x: f64| format!("{item}合计最多扣{}", pts(x));
    let update = || cap("更新项", r.update.cap);
    let interaction = || cap("互动项", r.interaction.cap);
    let content = || cap("内容项", r.content.cap);
    let management = || cap("管理项", r.management.cap);
    let bonus = || format!("加分合计最多{}", pts(r.bonus.max));
    match rule {
        RuleId::X1 | RuleId::X2 | RuleId::X3 => (
            format!("单项否决，得分按{}计", pts(r.veto.score_cap)),
            "—".into(),
        ),
        RuleId::U1 => (each("周", r.update.points_per_week_without_post), update()),
        RuleId::U2 => (
            each("月", r.update.points_per_month_without_original),
            update(),
        ),
        RuleId::U3 => (
            format!(
                "每项未转发扣{}、逾期转发扣{}，合计最多扣{}",
                pts(r.tasks.points_missed),
                pts(r.tasks.points_late),
                pts(r.tasks.cap)
            ),
            update(),
        ),
        RuleId::I1 => (
            each("条", r.interaction.points_per_late_reply),
            interaction(),
        ),
        RuleId::I2 => (
            each("条", r.interaction.points_per_unreplied_overdue),
            interaction(),
        ),
        RuleId::K1 => (k1_points(r), content()),
        RuleId::K2 => (each("条", r.content.points_per_unreviewed_post), content()),
        RuleId::M1 => (format!("扣{}", pts(r.management.unverified)), management()),
        RuleId::M2 => (
            format!("扣{}", pts(r.management.verification_names_other_entity)),
            management(),
        ),
        RuleId::M3 => (
            format!("扣{}", pts(r.management.no_open_filing)),
            management(),
        ),
        RuleId::M4 => (
            format!("扣{}", pts(r.management.name_differs_across_platforms)),
            management(),
        ),
        RuleId::B1 => (format!("加{}", pts(r.bonus.b1_points)), bonus()),
        RuleId::B2 => (format!("加{}", pts(r.bonus.b2_points)), bonus()),
        RuleId::B3 => (format!("加{}", pts(r.bonus.b3_points)), bonus()),
        RuleId::N1 => (
            format!("每多一个账号扣{}", pts(r.unit.points_per_extra_account)),
            format!("单位扣分合计最多{}", pts(r.unit.deduction_cap)),
        ),
        RuleId::N2 => (
            format!("每个扣{}", pts(r.unit.points_per_unfiled_closure)),
            format!("单位扣分合计最多{}", pts(r.unit.deduction_cap)),
        ),
        RuleId::N0
        | RuleId::C1
        | RuleId::C2
        | RuleId::C3
        | RuleId::C4
        | RuleId::R1
        | RuleId::R2
        | RuleId::R3
        | RuleId::R4
        | RuleId::R5
        | RuleId::R6
        | RuleId::R7
        | RuleId::R8
        | RuleId::L1
        | RuleId::L2
        | RuleId::L3 => list_terms(rule, r),
    }
}

/// K1: the points of each category, and the multiplier when overdue.
fn k1_points(r: &Rubric) -> String {
    let categories: Vec<String> = (r.category_points.iter())
        .map(|(c, p)| format!("{}{}分", c.chinese(), number(*p)))
        .collect();
    format!(
        "每项按类别扣分：{}；超过{}天未整改的乘以{}",
        categories.join("、"),
        r.content.rectify_days,
        number(r.content.overdue_multiplier)
    )
}

/// N0 and the lists' rules: what they lead to rather than points.
fn list_terms(rule: RuleId, r: &Rubric) -> (String, String) {
    let what = match rule.family() {
        Family::Consolidation => "列入清理整合名单".to_string(),
        Family::Accountability => match r.levels.get(&rule) {
            Some(level) => format!("列入约谈问责名单，处理级别“{}”", level.chinese()),
            None => "列入约谈问责名单".to_string(),
        },
        // N0: a unit without a scored account.
        Family::Unit => "单位不计分，列入约谈问责名单".to_string(),
        Family::Lifecycle => "列入账号生命周期核查，不扣分".to_string(),
        Family::Veto
        | Family::Update
        | Family::Interaction
        | Family::Content
        | Family::Management
        | Family::Bonus => "—".to_string(),
    };
    (what, "—".into())
}
