//! Rules waived by accepted appeals (SPEC §14): per account (X, U, I, K, M and C rules) and per
//! unit (N1, N2), with the appeals that waived them. A rule function asks its facts' [`RuleSet`];
//! the audit trail keeps a waived finding with points 0 and the appeal's id.

use std::collections::BTreeMap;

use crate::catalogue::RuleId;

/// A set of rules, one bit per rule in catalogue order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleSet(u64);

impl RuleSet {
    /// No rule.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// Whether `rule` is in the set.
    pub fn has(self, rule: RuleId) -> bool {
        self.0 & (1 << rule as u32) != 0
    }

    /// The set with `rule` added.
    pub fn with(self, rule: RuleId) -> RuleSet {
        RuleSet(self.0 | 1 << rule as u32)
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// The rules waived, by account and by unit (registry indices), each with its appeal ids.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Waivers {
    accounts: BTreeMap<u32, Vec<(RuleId, String)>>,
    units: BTreeMap<u32, Vec<(RuleId, String)>>,
}

/// No waivers: the run without appeals, and the "before" side of one with them.
pub static NONE: Waivers = Waivers {
    accounts: BTreeMap::new(),
    units: BTreeMap::new(),
};

impl Waivers {
    /// Waives `rule` for an account (registry index) by `appeal_id`.
    pub fn waive_account(&mut self, account: u32, rule: RuleId, appeal_id: &str) {
        let list = self.accounts.entry(account).or_default();
        list.push((rule, appeal_id.to_string()));
    }

    /// Waives `rule` (N1, N2) for a unit (registry index) by `appeal_id`.
    pub fn waive_unit(&mut self, unit: u32, rule: RuleId, appeal_id: &str) {
        self.units
            .entry(unit)
            .or_default()
            .push((rule, appeal_id.to_string()));
    }

    /// Whether anything is waived.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty() && self.units.is_empty()
    }

    /// The rules waived for an account.
    pub fn account(&self, account: u32) -> RuleSet {
        set(self.accounts.get(&account))
    }

    /// The rules waived for a unit.
    pub fn unit(&self, unit: u32) -> RuleSet {
        set(self.units.get(&unit))
    }

    /// The appeals that waived `rule` for an account.
    pub fn account_appeals(&self, account: u32, rule: RuleId) -> Vec<String> {
        appeals(self.accounts.get(&account), rule)
    }

    /// The appeals that waived `rule` for a unit.
    pub fn unit_appeals(&self, unit: u32, rule: RuleId) -> Vec<String> {
        appeals(self.units.get(&unit), rule)
    }
}

fn set(list: Option<&Vec<(RuleId, String)>>) -> RuleSet {
    list.into_iter()
        .flatten()
        .fold(RuleSet::EMPTY, |s, (rule, _)| s.with(*rule))
}

fn appeals(list: Option<&Vec<(RuleId, String)>>, rule: RuleId) -> Vec<String> {
    list.into_iter()
        .flatten()
        .filter(|(r, _)| *r == rule)
        .map(|(_, id)| id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_sets_and_waivers() {
        let s = RuleSet::EMPTY.with(RuleId::X1).with(RuleId::C4);
        assert!(s.has(RuleId::X1) && s.has(RuleId::C4) && !s.has(RuleId::X2));
        let mut w = Waivers::default();
        w.waive_account(3, RuleId::U1, "AP1");
        w.waive_account(3, RuleId::U1, "AP2");
        w.waive_unit(0, RuleId::N2, "AP3");
        assert!(w.account(3).has(RuleId::U1) && w.account(2).is_empty());
        assert_eq!(w.account_appeals(3, RuleId::U1), ["AP1", "AP2"]);
        assert_eq!(w.unit_appeals(0, RuleId::N2), ["AP3"]);
        assert!(NONE.is_empty() && !w.is_empty());
    }
}
