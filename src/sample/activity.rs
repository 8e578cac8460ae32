//! What one account did: its posts, daily engagement, public messages, violations and filings.
//! Each account draws from its own random stream, so accounts are generated in parallel and the
//! bytes do not depend on the number of threads.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::format::{BoolFlavour, Style};
use super::names::{TITLE_PATTERNS, VIOLATION_SOURCES};
use super::plan::{self, PlannedAccount, Profile, stream};
use super::plant;
use crate::model::{AccountStatus, FilingEvent, ViolationCategory};
use crate::rng::Rng;

/// The CSV records of a batch of accounts, one buffer per file (no header).
pub(super) struct Records {
    pub posts: csv::Writer<Vec<u8>>,
    pub engagement: csv::Writer<Vec<u8>>,
    pub messages: csv::Writer<Vec<u8>>,
    pub violations: csv::Writer<Vec<u8>>,
    pub filings: csv::Writer<Vec<u8>>,
}

impl Records {
    /// Empty buffers.
    pub(super) fn new() -> Records {
        let writer = crate::export::csv_writer;
        Records {
            posts: writer(),
            engagement: writer(),
            messages: writer(),
            violations: writer(),
            filings: writer(),
        }
    }
}

/// Relative frequency of each violation category in inspections (typos and broken links are
/// common; leaks of secrets rare).
const CATEGORY_WEIGHTS: &[(ViolationCategory, f64)] = &[
    (ViolationCategory::StateSecret, 0.3),
    (ViolationCategory::IllegalContent, 0.5),
    (ViolationCategory::IllegalLink, 0.5),
    (ViolationCategory::SeriousMisstatement, 2.0),
    (ViolationCategory::PrivacyLeak, 3.0),
    (ViolationCategory::FalseInfo, 2.0),
    (ViolationCategory::UnlicensedService, 2.0),
    (ViolationCategory::FakeFollowers, 1.5),
    (ViolationCategory::PersonalOpinion, 4.0),
    (ViolationCategory::CommercialAd, 4.0),
    (ViolationCategory::AdLink, 3.0),
    (ViolationCategory::ExcessDataCollection, 2.0),
    (ViolationCategory::HarmfulToUsers, 2.0),
    (ViolationCategory::ForcedEngagement, 3.0),
    (ViolationCategory::BrokenFunction, 10.0),
    (ViolationCategory::UnreviewedPost, 8.0),
    (ViolationCategory::Typo, 20.0),
    (ViolationCategory::Other, 6.0),
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

fn random_time(rng: &mut Rng, from_hour: i64, to_hour: i64) -> NaiveTime {
    let seconds = rng.between(from_hour * 3600, to_hour * 3600 - 1) as u32;
    NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0).unwrap_or_default()
}

fn random_day(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    from + TimeDelta::days(rng.between(0, (to - from).num_days()))
}

/// Appends everything account `a` did to `out`.
pub(super) fn generate(
    a: &PlannedAccount,
    unit_type: crate::model::UnitType,
    seed: u64,
    style: Style,
    out: &mut Records,
) -> csv::Result<()> {
    let mut rng = Rng::new(seed, stream::ACTIVITY, u64::from(a.number));
    let posts = post_times(&mut rng, a);
    let mut draws = Draws {
        a,
        style,
        seed,
        rng,
        fmt: Rng::new(seed, stream::STYLE, u64::from(a.number)),
    };
    // The draws are made in this order, section after section: keep it (data/sample is fixed).
    draws.posts(&posts, &mut out.posts)?;
    draws.reposts(unit_type, &mut out.posts)?;
    draws.engagement(&posts, &mut out.engagement)?;
    draws.messages(&mut out.messages)?;
    draws.violations(&posts, &mut out.violations)?;
    draws.filings(&mut out.filings)
}

/// One account's generators: its activity draws (`rng`) and its formatting draws (`fmt`).
struct Draws<'a> {
    a: &'a PlannedAccount,
    style: Style,
    /// The seed, for the plants' stream.
    seed: u64,
    rng: Rng,
    fmt: Rng,
}

type Out = csv::Writer<Vec<u8>>;

impl Draws<'_> {
    /// posts.csv
    fn posts(&mut self, posts: &[NaiveDateTime], out: &mut Out) -> csv::Result<()> {
        let (a, style, rng, fmt) = (self.a, self.style, &mut self.rng, &mut self.fmt);
        let mut planter = plant::Planter::new(self.seed, a.number);
        for (seq, at) in posts.iter().enumerate() {
            let title = rng.pick(TITLE_PATTERNS).replace("{}", a.keyword);
            let title = planter.title(title, a.keyword);
            let original = rng.chance(a.original_share);
            let reviewed = rng.chance(a.reviewed_share);
            let id = format!("P{:06}{:04}", a.number + 1, seq + 1);
            let time = style.datetime(fmt, *at);
            let original = style.boolean(fmt, Some(original), BoolFlavour::Plain);
            let reviewed = style.boolean(fmt, Some(reviewed), BoolFlavour::Plain);
            if style.text {
                let body = planter.body(a.keyword);
                out.write_record([&id, &a.id, &time, &original, &reviewed, &title, &body, ""])?;
            } else {
                out.write_record([&id, &a.id, &time, &original, &reviewed, &title, ""])?;
            }
        }
        Ok(())
    }

    /// posts.csv: the reposts of the tasks that bind the account (SPEC §17.1), after its posts.
    fn reposts(&mut self, unit_type: crate::model::UnitType, out: &mut Out) -> csv::Result<()> {
        let (a, style, fmt) = (self.a, self.style, &mut self.fmt);
        for r in super::duties::reposts(a, unit_type, self.seed) {
            let time = style.datetime(fmt, r.at);
            let original = style.boolean(fmt, Some(false), BoolFlavour::Plain);
            let reviewed = style.boolean(fmt, Some(true), BoolFlavour::Plain);
            let title = r.title.as_str();
            if style.text {
                let record = [
                    &r.id, &a.id, &time, &original, &reviewed, title, title, &r.task_id,
                ];
                out.write_record(record)?;
            } else {
                out.write_record([&r.id, &a.id, &time, &original, &reviewed, title, &r.task_id])?;
            }
        }
        Ok(())
    }

    /// engagement.csv: the quarter's days while the account existed.
    fn engagement(&mut self, posts: &[NaiveDateTime], out: &mut Out) -> csv::Result<()> {
        let (a, style, rng, fmt) = (self.a, self.style, &mut self.rng, &mut self.fmt);
        let end = plan::period_end();
        let first = a
            .opened_on
            .unwrap_or(plan::period_start())
            .max(plan::period_start());
        let last = a.closed_on.unwrap_or(end).min(end);
        let mut next_post = posts.partition_point(|t| t.date() < first);
        for (t, date) in days(first, last).enumerate() {
            let mut posts_today = 0.0;
            while next_post < posts.len() && posts[next_post].date() == date {
                posts_today += 1.0;
                next_post += 1;
            }
            if rng.chance(0.02) {
                continue;
            }
            let followers = (a.followers as f64 * (1.0 + 0.0015 * t as f64)).round();
            let reads = (posts_today * followers * rng.lognormal(0.04, 0.7)
                + followers * 0.003 * rng.unit())
            .round();
            let likes = (reads * 0.03 * rng.lognormal(1.0, 0.3)).round();
            let shares = (reads * 0.008 * rng.lognormal(1.0, 0.3)).round();
            let comments = (reads * 0.004 * rng.lognormal(1.0, 0.3)).round();
            let followers_cell = if rng.chance(0.03) {
                None
            } else {
                Some(followers as u64)
            };
            let reads_cell = if rng.chance(0.01) {
                None
            } else {
                Some(reads as u64)
            };
            out.write_record([
                a.id.as_str(),
                &style.date(fmt, date),
                &style.count(fmt, followers_cell),
                &style.count(fmt, reads_cell),
                &style.count(fmt, Some(likes as u64)),
                &style.count(fmt, Some(shares as u64)),
                &style.count(fmt, Some(comments as u64)),
            ])?;
        }
        Ok(())
    }

    /// messages.csv
    fn messages(&mut self, out: &mut Out) -> csv::Result<()> {
        let (a, style, rng, fmt) = (self.a, self.style, &mut self.rng, &mut self.fmt);
        let end = plan::period_end();
        if a.status == AccountStatus::Active
            && a.interaction_enabled != Some(false)
            && rng.chance(0.65)
        {
            let count = rng.lognormal(10.0, 1.0).round().clamp(1.0, 2000.0) as usize;
            let mut received: Vec<NaiveDateTime> = (0..count)
                .map(|_| random_day(rng, day(2026, 6, 15), end).and_time(random_time(rng, 0, 24)))
                .collect();
            received.sort();
            for (seq, at) in received.iter().enumerate() {
                let replied = match rng.weighted(&[68.0, 12.0, 5.0, 15.0]) {
                    0 => Some(
                        *at + TimeDelta::minutes((rng.lognormal(600.0, 1.2) as i64).clamp(3, 7150)),
                    ),
                    1 => Some(*at + TimeDelta::hours(rng.between(121, 288))),
                    2 => Some(
                        random_day(rng, day(2026, 10, 1), day(2026, 10, 20))
                            .and_time(random_time(rng, 8, 18)),
                    ),
                    _ => None,
                };
                out.write_record([
                    &format!("M{:06}{:05}", a.number + 1, seq + 1),
                    &a.id,
                    &style.datetime(fmt, *at),
                    &replied.map(|r| style.datetime(fmt, r)).unwrap_or_default(),
                ])?;
            }
        }
        Ok(())
    }

    /// violations.csv
    fn violations(&mut self, posts: &[NaiveDateTime], out: &mut Out) -> csv::Result<()> {
        let (a, style, rng, fmt) = (self.a, self.style, &mut self.rng, &mut self.fmt);
        let end = plan::period_end();
        if rng.chance(0.05) {
            let count = if rng.chance(0.3) { 2 } else { 1 };
            let weights: Vec<f64> = CATEGORY_WEIGHTS.iter().map(|(_, w)| *w).collect();
            for seq in 0..count {
                let category = CATEGORY_WEIGHTS[rng.weighted(&weights)].0;
                let found_on = random_day(rng, day(2026, 4, 1), end - TimeDelta::days(2));
                let resolved_on = match rng.weighted(&[50.0, 15.0, 8.0, 27.0]) {
                    0 => Some(found_on + TimeDelta::days(rng.between(1, 25))),
                    1 => Some(found_on + TimeDelta::days(rng.between(31, 60))),
                    2 => Some(random_day(rng, day(2026, 10, 1), day(2026, 10, 31))),
                    _ => None,
                };
                let post_id = if !posts.is_empty() && rng.chance(0.7) {
                    format!(
                        "P{:06}{:04}",
                        a.number + 1,
                        rng.between(1, posts.len() as i64)
                    )
                } else {
                    String::new()
                };
                let note = if rng.chance(0.1) {
                    "已督促整改"
                } else {
                    ""
                };
                out.write_record([
                    &format!("V{:06}{:02}", a.number + 1, seq + 1),
                    &a.id,
                    &style.date(fmt, found_on),
                    &style.code(fmt, category.code(), category.chinese()),
                    &post_id,
                    &resolved_on.map(|d| style.date(fmt, d)).unwrap_or_default(),
                    *rng.pick(VIOLATION_SOURCES),
                    note,
                ])?;
            }
        }
        Ok(())
    }

    /// filings.csv: most openings filed, some not; closures filed more often than not.
    fn filings(&mut self, out: &mut Out) -> csv::Result<()> {
        let (a, style, rng, fmt) = (self.a, self.style, &mut self.rng, &mut self.fmt);
        let end = plan::period_end();
        let mut filings: Vec<(FilingEvent, NaiveDate)> = Vec::new();
        match a.opened_on {
            Some(opened) if rng.chance(0.85) => filings.push((
                FilingEvent::Open,
                opened + TimeDelta::days(rng.between(0, 20)),
            )),
            None if rng.chance(0.6) => filings.push((
                FilingEvent::Open,
                random_day(rng, day(2019, 1, 1), day(2022, 12, 31)),
            )),
            _ => {}
        }
        if rng.chance(0.05) {
            filings.push((
                FilingEvent::Change,
                random_day(rng, day(2024, 1, 1), day(2026, 6, 30)),
            ));
        }
        match a.status {
            AccountStatus::Suspended if rng.chance(0.6) => {
                filings.push((FilingEvent::Suspend, random_day(rng, day(2026, 1, 1), end)));
            }
            AccountStatus::Closed if rng.chance(0.65) => {
                let closed = a.closed_on.unwrap_or(day(2026, 6, 30));
                filings.push((
                    FilingEvent::Close,
                    closed + TimeDelta::days(rng.between(0, 10)),
                ));
            }
            _ => {}
        }
        super::duties::late_opening(a, self.seed, &mut filings);
        for (event, on) in filings {
            out.write_record([
                a.id.as_str(),
                &style.code(fmt, event.code(), event.chinese()),
                &style.registry_date(fmt, on),
            ])?;
        }
        Ok(())
    }
}

/// When the account posted, sorted.
fn post_times(rng: &mut Rng, a: &PlannedAccount) -> Vec<NaiveDateTime> {
    let end = plan::period_end();
    let opened = a.opened_on.unwrap_or(day(2015, 1, 1));
    let mut last = a.closed_on.unwrap_or(end).min(end);
    if a.status == AccountStatus::Suspended {
        last = last.min(day(2026, 7, 15));
    }
    let mut times = Vec::new();
    let steady = |rng: &mut Rng, per_day: f64, until: NaiveDate, times: &mut Vec<NaiveDateTime>| {
        for date in days(opened.max(plan::history_start()), until) {
            for _ in 0..rng.poisson(per_day) {
                times.push(date.and_time(random_time(rng, 7, 23)));
            }
        }
    };
    match a.profile {
        Profile::Steady { per_day } => steady(rng, per_day, last, &mut times),
        Profile::Stopped { per_day, stopped } => {
            steady(rng, per_day, last.min(stopped), &mut times)
        }
        Profile::Dormant => {
            let from = opened.max(day(2025, 6, 1));
            let to = day(2026, 6, 20);
            if from <= to {
                for _ in 0..rng.between(1, 3) {
                    times.push(random_day(rng, from, to).and_time(random_time(rng, 8, 20)));
                }
            }
        }
        Profile::Never => {}
    }
    times.sort();
    times
}
