//! One reader per input table (SPEC §2), in the order the driver reads them: units, accounts,
//! then the tables that refer to accounts.

mod accounts;
mod appeals;
mod calendar;
mod engagement;
mod filings;
mod messages;
mod posts;
pub(crate) mod tasks;
mod units;
mod violations;

pub(super) use accounts::{account_of, read_accounts};
pub(super) use appeals::read_appeals;
pub(super) use calendar::read_calendar;
pub(super) use engagement::read_engagement;
pub(super) use filings::read_filings;
pub(super) use messages::read_messages;
pub(super) use posts::read_posts;
pub(super) use tasks::read_tasks;
pub(super) use units::read_units;
pub(super) use violations::{read_scan_review, read_violations};
