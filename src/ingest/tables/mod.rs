//! One reader per input table (SPEC §2), in the order the driver reads them: units, accounts,
//! then the tables that refer to accounts.

mod accounts;
mod appeals;
mod engagement;
mod filings;
mod messages;
mod posts;
mod units;
mod violations;

pub(super) use accounts::*;
pub(super) use appeals::read_appeals;
pub(super) use engagement::*;
pub(super) use filings::*;
pub(super) use messages::*;
pub(super) use posts::*;
pub(super) use units::*;
pub(super) use violations::*;
