//! The names of things the scores are made of: rules (X1 … R8), items, grades and scopes, with
//! their English codes, Chinese names and the articles they come from.

use super::rubric::Grades;

/// A rule of SPEC §4–§6, in rule-number order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum Rule {
    X1,
    X2,
    X3,
    U1,
    U2,
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
}

impl Rule {
    /// `X1`, `U2`, …
    pub fn code(self) -> &'static str {
        match self {
            Rule::X1 => "X1",
            Rule::X2 => "X2",
            Rule::X3 => "X3",
            Rule::U1 => "U1",
            Rule::U2 => "U2",
            Rule::I1 => "I1",
            Rule::I2 => "I2",
            Rule::K1 => "K1",
            Rule::K2 => "K2",
            Rule::M1 => "M1",
            Rule::M2 => "M2",
            Rule::M3 => "M3",
            Rule::M4 => "M4",
            Rule::B1 => "B1",
            Rule::B2 => "B2",
            Rule::B3 => "B3",
            Rule::N0 => "N0",
            Rule::N1 => "N1",
            Rule::N2 => "N2",
        }
    }

    /// The item a rule belongs to.
    pub fn item(self) -> Item {
        match self {
            Rule::X1 | Rule::X2 | Rule::X3 => Item::Veto,
            Rule::U1 | Rule::U2 => Item::Update,
            Rule::I1 | Rule::I2 => Item::Interaction,
            Rule::K1 | Rule::K2 => Item::Content,
            Rule::M1 | Rule::M2 | Rule::M3 | Rule::M4 => Item::Management,
            Rule::B1 | Rule::B2 | Rule::B3 => Item::Bonus,
            Rule::N0 | Rule::N1 | Rule::N2 => Item::Unit,
        }
    }
}

/// What a rule's points count towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
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
    /// The unit's own deductions.
    Unit,
}

impl Item {
    /// English code.
    pub fn code(self) -> &'static str {
        match self {
            Item::Veto => "veto",
            Item::Update => "update",
            Item::Interaction => "interaction",
            Item::Content => "content",
            Item::Management => "management",
            Item::Bonus => "bonus",
            Item::Unit => "unit",
        }
    }
}

/// A grade (SPEC §4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    /// 优秀
    Excellent,
    /// 良好
    Good,
    /// 合格
    Pass,
    /// 不合格
    Fail,
}

impl Grade {
    /// The grade of a (rounded) score.
    pub fn of(score: f64, bands: &Grades) -> Grade {
        if score >= bands.excellent {
            Grade::Excellent
        } else if score >= bands.good {
            Grade::Good
        } else if score >= bands.pass {
            Grade::Pass
        } else {
            Grade::Fail
        }
    }
    /// English code.
    pub fn code(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Pass => "pass",
            Grade::Fail => "fail",
        }
    }
    /// Chinese name.
    pub fn chinese(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Good => "良好",
            Grade::Pass => "合格",
            Grade::Fail => "不合格",
        }
    }
    /// Reads a grade by code or Chinese name (a previous run's unit_scores.csv).
    pub fn parse(text: &str) -> Option<Grade> {
        let text = text.trim();
        [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Fail]
            .into_iter()
            .find(|g| g.code().eq_ignore_ascii_case(text) || g.chinese() == text)
    }
}

/// Whom a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// An account.
    Account,
    /// A unit.
    Unit,
}

impl Scope {
    /// English code.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Unit => "unit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_bands_at_their_edges() {
        let bands = Grades {
            excellent: 90.0,
            good: 80.0,
            pass: 60.0,
        };
        assert_eq!(Grade::of(59.99, &bands), Grade::Fail);
        assert_eq!(Grade::of(60.0, &bands), Grade::Pass);
        assert_eq!(Grade::of(79.99, &bands), Grade::Pass);
        assert_eq!(Grade::of(80.0, &bands), Grade::Good);
        assert_eq!(Grade::of(80.01, &bands), Grade::Good);
        assert_eq!(Grade::of(89.99, &bands), Grade::Good);
        assert_eq!(Grade::of(90.0, &bands), Grade::Excellent);
        assert_eq!(Grade::of(110.0, &bands), Grade::Excellent);
        assert_eq!(Grade::parse("不合格"), Some(Grade::Fail));
        assert_eq!(Grade::parse("Good"), Some(Grade::Good));
    }
}
