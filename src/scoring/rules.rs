//! Grades and scopes, with their English codes and Chinese names (the rules themselves are in
//! the catalogue, `crate::catalogue`).

pub(crate) use crate::vocab::Grade;

use super::rubric::Grades;

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
