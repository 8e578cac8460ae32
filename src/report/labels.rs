//! The Chinese words of the report for actions and levels (rules and their families are named
//! by the catalogue, `crate::catalogue`).

use crate::lists::consolidation::Action;
use crate::scoring::rubric::Level;

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
