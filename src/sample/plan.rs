//! The registry of the synthetic data set: districts, their units and accounts, and how each
//! account behaves (how often it posts, whether it went quiet). Generated sequentially, cheaply.

use chrono::NaiveDate;

use super::names::{self, DISTRICT_UNITS, PLACE_NAMES};
use crate::model::{AccountStatus, Platform, UnitType};
use crate::rng::Rng;

/// First day of the quarter the sample is for (2026Q3).
pub(super) fn period_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default()
}
/// Last day of that quarter.
pub(super) fn period_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 9, 30).unwrap_or_default()
}
/// Ordinary posting history starts a month before the quarter.
pub(super) fn history_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
}

/// RNG streams, one per purpose, so that adding draws to one never shifts another.
pub(super) mod stream {
    pub(crate) const DISTRICT: u64 = 1;
    pub(crate) const ACTIVITY: u64 = 2;
    pub(crate) const STYLE: u64 = 3;
    pub(crate) const NAMES: u64 = 4;
    pub(crate) const FOLLOW_UP: u64 = 5;
    pub(crate) const SCAN: u64 = 6;
    pub(crate) const TASKS: u64 = 7;
}

/// A generated unit.
#[derive(Debug, Clone)]
pub(super) struct PlannedUnit {
    pub id: String,
    pub name: String,
    pub unit_type: UnitType,
    pub parent_id: Option<String>,
    pub must_open: Option<bool>,
    pub exempt: Option<&'static str>,
}

/// How an account posts.
#[derive(Debug, Clone, Copy)]
pub(super) enum Profile {
    /// Posts at `per_day` on average throughout.
    Steady { per_day: f64 },
    /// Posted steadily until `stopped` and not since (fires X1).
    Stopped { per_day: f64, stopped: NaiveDate },
    /// A few posts long ago, none for more than 90 days (fires C2).
    Dormant,
    /// Never posted.
    Never,
}

/// A generated account.
#[derive(Debug, Clone)]
pub(super) struct PlannedAccount {
    /// Position among all accounts (its RNG index).
    pub number: u32,
    pub id: String,
    pub unit_id: String,
    pub platform: Platform,
    pub name: String,
    pub status: AccountStatus,
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub verified: Option<bool>,
    pub verified_name: Option<String>,
    pub interaction_enabled: Option<bool>,
    pub function: Option<&'static str>,
    /// Follower level at the start of the quarter.
    pub followers: u64,
    /// Whether accounts.csv shows a follower figure.
    pub followers_in_registry: bool,
    pub profile: Profile,
    /// Share of posts that are original.
    pub original_share: f64,
    /// Share of posts with a review record.
    pub reviewed_share: f64,
    /// The word titles are made from.
    pub keyword: &'static str,
}

/// The whole registry.
pub(super) struct Plan {
    pub units: Vec<PlannedUnit>,
    pub accounts: Vec<PlannedAccount>,
}

const PLATFORM_WEIGHTS: &[(Platform, f64)] = &[
    (Platform::Wechat, 10.0),
    (Platform::Weibo, 5.0),
    (Platform::Douyin, 5.0),
    (Platform::Toutiao, 3.0),
    (Platform::Channels, 3.0),
    (Platform::Kuaishou, 1.0),
    (Platform::Bilibili, 0.5),
    (Platform::Xiaohongshu, 0.5),
    (Platform::App, 0.7),
    (Platform::Miniprogram, 0.7),
    (Platform::Other, 0.3),
];

/// District names: the real ones first, then two-syllable names, all distinct.
fn district_names(count: usize, seed: u64) -> Vec<String> {
    let mut names: Vec<String> = names::DISTRICT_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut rng = Rng::new(seed, stream::NAMES, 0);
    let syllables = names::DISTRICT_SYLLABLES;
    let mut pairs: Vec<String> = syllables
        .iter()
        .flat_map(|a| {
            syllables
                .iter()
                .filter(move |b| *b != a)
                .map(move |b| format!("{a}{b}"))
        })
        .collect();
    // Fisher–Yates with our own generator, so the order depends on the seed alone.
    for i in (1..pairs.len()).rev() {
        let j = rng.between(0, i as i64) as usize;
        pairs.swap(i, j);
    }
    for pair in pairs {
        if names.len() >= count {
            break;
        }
        if !names.contains(&pair) {
            names.push(pair);
        }
    }
    names.truncate(count);
    names
}

fn random_date(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    from + chrono::TimeDelta::days(rng.between(0, span))
}

/// Builds the registry of `districts` districts. `dense`: about five accounts per unit, as in a
/// city's or province's registry, instead of a district's two and a half.
pub(super) fn plan(districts: usize, dense: bool, seed: u64) -> Plan {
    let mut units = Vec::new();
    let mut accounts = Vec::new();
    for (d, district) in district_names(districts, seed).into_iter().enumerate() {
        let mut rng = Rng::new(seed, stream::DISTRICT, d as u64);
        plan_district(&mut rng, &district, dense, &mut units, &mut accounts);
    }
    Plan { units, accounts }
}

/// A unit of a district before it gets its id.
struct Member {
    name: String,
    unit_type: UnitType,
    keyword: &'static str,
    parent: Option<usize>,
    exempt: Option<&'static str>,
}

fn plan_district(
    rng: &mut Rng,
    district: &str,
    dense: bool,
    units: &mut Vec<PlannedUnit>,
    accounts: &mut Vec<PlannedAccount>,
) {
    let first_unit = units.len();
    let unit_id = |index: usize| format!("U{:06}", first_unit + index + 1);
    for (index, m) in members(rng, district).iter().enumerate() {
        let must_open = match m.keyword {
            "融媒" => Some(true),
            "红十字" => Some(false),
            _ => None,
        };
        units.push(PlannedUnit {
            id: unit_id(index),
            name: m.name.clone(),
            unit_type: m.unit_type,
            parent_id: m.parent.map(unit_id),
            must_open,
            exempt: m.exempt,
        });
        let required =
            must_open.unwrap_or(m.unit_type.must_open_by_default()) && m.exempt.is_none();
        let count = account_count(rng, index, m, required, dense);
        let base_name = match (m.unit_type, m.keyword) {
            (_, "发布") => format!("{district}发布"),
            (UnitType::Township | UnitType::Subdistrict, place) => format!("{place}发布"),
            (_, word) => format!("{district}{word}"),
        };
        for (platform, account_name) in platforms(rng, count, &base_name) {
            accounts.push(plan_account(
                rng,
                accounts.len(),
                &units[first_unit + index],
                platform,
                account_name,
                m.keyword,
            ));
        }
    }
    // Two institutions under one parent with near-identical account names (C4).
    // Always in the first district, so the district sample shows one.
    if rng.chance(0.5) || first_unit == 0 {
        similar_pair(rng, district, &units[first_unit..], accounts);
    }
}

/// The district's units: the template units, then twelve townships and subdistricts.
fn members(rng: &mut Rng, district: &str) -> Vec<Member> {
    let mut members: Vec<Member> = DISTRICT_UNITS
        .iter()
        .map(|t| Member {
            name: format!("{district}{}", t.name),
            unit_type: t.unit_type,
            keyword: t.keyword,
            parent: t.parent,
            exempt: t.exempt,
        })
        .collect();
    let mut places: Vec<&'static str> = PLACE_NAMES.to_vec();
    for i in (1..places.len()).rev() {
        let j = rng.between(0, i as i64) as usize;
        places.swap(i, j);
    }
    for (i, place) in places.iter().take(12).enumerate() {
        let (suffix, unit_type) = if i % 2 == 0 {
            ("街道", UnitType::Subdistrict)
        } else {
            ("镇", UnitType::Township)
        };
        members.push(Member {
            name: format!("{district}区{place}{suffix}"),
            unit_type,
            keyword: place,
            parent: Some(0),
            exempt: None,
        });
    }
    members
}

/// How many accounts a unit runs.
fn account_count(rng: &mut Rng, index: usize, m: &Member, required: bool, dense: bool) -> usize {
    let institution = m.unit_type == UnitType::Institution;
    if m.exempt.is_some() {
        0
    } else if index == 0 {
        5
    } else if required && dense {
        rng.weighted(&[2.0, 3.0, 5.0, 8.0, 12.0, 16.0, 18.0, 16.0, 12.0, 8.0])
    } else if required {
        rng.weighted(&[3.0, 8.0, 20.0, 32.0, 25.0, 12.0])
    } else if institution && dense {
        rng.weighted(&[5.0, 20.0, 30.0, 25.0, 20.0])
    } else if institution {
        rng.weighted(&[30.0, 45.0, 25.0])
    } else if dense {
        rng.weighted(&[30.0, 40.0, 30.0])
    } else {
        rng.weighted(&[50.0, 50.0])
    }
}

/// `count` platforms without repeats, and now and then a second account on the first (Art. 6).
fn platforms(rng: &mut Rng, count: usize, base_name: &str) -> Vec<(Platform, String)> {
    let mut weights: Vec<f64> = PLATFORM_WEIGHTS.iter().map(|(_, w)| *w).collect();
    let mut platforms = Vec::new();
    for _ in 0..count {
        let k = rng.weighted(&weights);
        weights[k] = 0.0;
        platforms.push((PLATFORM_WEIGHTS[k].0, base_name.to_string()));
    }
    if let Some((platform, _)) = platforms.first().cloned()
        && platform != Platform::Other
        && rng.chance(0.07)
    {
        platforms.push((platform, format!("{base_name}服务号")));
    }
    platforms
}

/// The hospital's and the CDC's near-identical WeChat accounts (C4), both running.
fn similar_pair(
    rng: &mut Rng,
    district: &str,
    units: &[PlannedUnit],
    accounts: &mut Vec<PlannedAccount>,
) {
    let hospital = DISTRICT_UNITS.iter().position(|t| t.keyword == "人民医院");
    let cdc = DISTRICT_UNITS.iter().position(|t| t.keyword == "疾控");
    let (Some(h), Some(c)) = (hospital, cdc) else {
        return;
    };
    let name = format!("{district}健康服务");
    for (unit, account_name) in [(h, name.clone()), (c, format!("{name}号"))] {
        let mut account = plan_account(
            rng,
            accounts.len(),
            &units[unit],
            Platform::Wechat,
            account_name.clone(),
            "健康",
        );
        // Both running, under exactly these names, so the pair is there to find.
        account.name = account_name;
        account.status = AccountStatus::Active;
        account.closed_on = None;
        accounts.push(account);
    }
}

fn plan_account(
    rng: &mut Rng,
    number: usize,
    unit: &PlannedUnit,
    platform: Platform,
    base_name: String,
    keyword: &'static str,
) -> PlannedAccount {
    let status = [
        AccountStatus::Active,
        AccountStatus::Suspended,
        AccountStatus::Closed,
    ][rng.weighted(&[88.0, 6.0, 6.0])];
    let (opened_on, closed_on) = dates(rng, status);
    // Names differ across platforms now and then (M4).
    let name = match rng.weighted(&[88.0, 6.0, 6.0]) {
        0 => base_name,
        1 => format!("{base_name}发布"),
        _ => format!(
            "{keyword}{}",
            &base_name.chars().take(2).collect::<String>()
        ),
    };
    let verified = [Some(true), Some(false), None][rng.weighted(&[88.0, 7.0, 5.0])];
    let verified_name = match (verified, rng.weighted(&[85.0, 10.0, 5.0])) {
        (Some(true), 0) => Some(unit.name.clone()),
        (Some(true), 1) => Some(unit.name.replace("区", "县")),
        _ => None,
    };
    let interaction_enabled = [Some(true), Some(false), None][rng.weighted(&[97.0, 2.0, 1.0])];
    let function = if rng.chance(0.7) {
        Some(*rng.pick(names::FUNCTIONS))
    } else {
        None
    };
    let popular = matches!(
        platform,
        Platform::Weibo | Platform::Douyin | Platform::Kuaishou
    );
    let followers = rng
        .lognormal(if popular { 5000.0 } else { 2500.0 }, 1.4)
        .round() as u64;
    let profile = profile(rng);
    let (original_share, reviewed_share) = shares(rng);
    PlannedAccount {
        number: number as u32,
        id: format!("A{:06}", number + 1),
        unit_id: unit.id.clone(),
        platform,
        name,
        status,
        opened_on,
        closed_on,
        verified,
        verified_name,
        interaction_enabled,
        function,
        followers,
        followers_in_registry: rng.chance(0.7),
        profile,
        original_share,
        reviewed_share,
        keyword,
    }
}

/// When the account was opened and closed (a closed account mostly has its date).
fn dates(rng: &mut Rng, status: AccountStatus) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let start = period_start();
    let end = period_end();
    let opened_on = match rng.weighted(&[90.0, 2.0, 8.0]) {
        0 => Some(random_date(
            rng,
            NaiveDate::from_ymd_opt(2013, 1, 1).unwrap_or(start),
            NaiveDate::from_ymd_opt(2026, 5, 31).unwrap_or(start),
        )),
        1 => Some(random_date(rng, start, end - chrono::TimeDelta::days(10))),
        _ => None,
    };
    let closed_on = match (status, opened_on) {
        (AccountStatus::Closed, Some(o)) if rng.chance(0.8) => {
            Some(random_date(rng, o.max(history_start()), end))
        }
        (AccountStatus::Closed, None) if rng.chance(0.8) => {
            Some(random_date(rng, history_start(), end))
        }
        _ => None,
    };
    (opened_on, closed_on)
}

/// The registry `steps` quarters after 2026Q3: the office's lists were acted on, in part. In each
/// quarter about half of the running dormant and never-used accounts are closed or suspended
/// (consolidation done), a third of the accounts that stopped posting resume, and a third of
/// those without an interaction function or verification get them (problems fixed). Drawn from
/// its own stream, account by account and quarter by quarter, so the same seed gives the same
/// history and each quarter continues the one before.
pub(super) fn advance(plan: &mut Plan, seed: u64, steps: u32) {
    for step in 1..=steps {
        let quarter_start = period_start()
            .checked_add_months(chrono::Months::new(3 * step))
            .unwrap_or(period_start());
        for a in plan.accounts.iter_mut() {
            let index = u64::from(a.number) << 8 | u64::from(step);
            let mut rng = Rng::new(seed, stream::FOLLOW_UP, index);
            if a.status != AccountStatus::Active {
                continue;
            }
            match a.profile {
                Profile::Dormant | Profile::Never if rng.chance(0.5) => {
                    a.status = if rng.chance(0.7) {
                        AccountStatus::Closed
                    } else {
                        AccountStatus::Suspended
                    };
                    let on = quarter_start - chrono::TimeDelta::days(rng.between(1, 30));
                    a.closed_on = Some(a.opened_on.map_or(on, |o| on.max(o)));
                }
                Profile::Stopped { per_day, .. } if rng.chance(1.0 / 3.0) => {
                    a.profile = Profile::Steady { per_day };
                }
                _ => {}
            }
            if a.interaction_enabled == Some(false) && rng.chance(1.0 / 3.0) {
                a.interaction_enabled = Some(true);
            }
            if a.verified == Some(false) && rng.chance(1.0 / 3.0) {
                a.verified = Some(true);
            }
            // A few accounts renamed, without a change filing (L3 against the previous run,
            // SPEC §17.2); drawn on a stream of their own, so the draws above stay as they were.
            if Rng::new(seed, stream::TASKS, index).chance(0.03) {
                a.name = format!("{}政务", a.name);
            }
        }
    }
}

/// How the account posts: steadily, rarely, stopped in the quarter, dormant, or never.
fn profile(rng: &mut Rng) -> Profile {
    let start = period_start();
    let end = period_end();
    let per_day = rng.lognormal(0.7, 0.4).min(3.0);
    match rng.weighted(&[70.0, 15.0, 4.0, 4.0, 4.0, 3.0]) {
        0 => Profile::Steady { per_day },
        1 => Profile::Steady {
            per_day: 0.2 + 0.2 * rng.unit(),
        },
        2 => Profile::Steady {
            per_day: 0.05 + 0.07 * rng.unit(),
        },
        3 => Profile::Stopped {
            per_day,
            stopped: random_date(
                rng,
                NaiveDate::from_ymd_opt(2026, 8, 1).unwrap_or(start),
                end - chrono::TimeDelta::days(15),
            ),
        },
        4 => Profile::Dormant,
        _ => Profile::Never,
    }
}

/// The shares of original and of reviewed posts.
fn shares(rng: &mut Rng) -> (f64, f64) {
    let original_share = if rng.chance(0.75) {
        0.6 + 0.35 * rng.unit()
    } else {
        0.1 + 0.3 * rng.unit()
    };
    let reviewed_share = if rng.chance(0.9) {
        1.0
    } else {
        0.85 + 0.12 * rng.unit()
    };
    (original_share, reviewed_share)
}
