//! The numbers-only re-scoring core (issue 11): reads a data folder once (ingest, metrics, the
//! facts of every account, unit and list entry), then times re-scoring the whole data set with the
//! rubric — account scores, unit scores, ranks and accountability levels — on one core, numbers
//! only (no strings, no allocation per account). Robustness (SPEC §9) repeats this per draw.
//!
//!     cargo run --release --example rescore -- DATA_DIR [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};

use govmedia::config::Period;
use govmedia::ingest::{self, Ingested};
use govmedia::lists::accountability::{self, Bottom, Inputs, UnitResult};
use govmedia::metrics::{self, Window};
use govmedia::scoring::account::{self, AccountNumbers};
use govmedia::scoring::rubric::{Level, Rubric};
use govmedia::scoring::unit::{self, UnitFacts};
use govmedia::scoring::{self, Columns, facts};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: rescore DATA_DIR [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(21), |r| r.parse())?;
    let rubric = Rubric::default_rubric()?;
    let Ingested { dataset, .. } = ingest::ingest(&dir)?;
    let latest = dataset
        .posts
        .published_at
        .iter()
        .max()
        .context("no posts")?;
    let period = Period::quarter_containing(latest.date()).context("no period")?;
    let window = Window {
        start: period.start,
        as_of: period.end,
    };
    let metrics = metrics::compute(&dataset, window)?;
    let context = scoring::Context {
        dataset: &dataset,
        metrics: &metrics,
        window,
        columns: Columns::of(&dataset),
    };
    // The full run, for its lists and to check the core against.
    let scores = scoring::score(&context, &rubric);
    let inputs = Inputs {
        dataset: &dataset,
        metrics: &metrics,
        accounts: &scores.accounts,
        units: &scores.units,
        findings: &scores.findings,
        has_previous: false,
        window,
    };
    let listed = accountability::accountability(&inputs, &rubric).len();

    // The facts, counted once and aligned: accounts as `scores.accounts`, units as `scores.units`.
    let started = Instant::now();
    let names = facts::usual_names(&context);
    let mut account_facts = facts::account_facts(&context, &rubric, &names);
    let position: std::collections::HashMap<u32, usize> = (scores.accounts.iter().enumerate())
        .map(|(i, a)| (a.account, i))
        .collect();
    account_facts.sort_by_key(|f| position.get(&f.account).copied());
    let by_registry = unit::unit_facts(&context, &scores.accounts);
    let unit_facts: Vec<&UnitFacts> = (scores.units.iter())
        .map(|u| &by_registry[u.unit as usize])
        .collect();
    let list_facts = accountability::list_facts(&inputs, &rubric);
    let counting = started.elapsed();

    let mut numbers: Vec<AccountNumbers> = Vec::with_capacity(account_facts.len());
    let mut results: Vec<UnitResult> = Vec::with_capacity(unit_facts.len());
    let mut times = Vec::with_capacity(rounds);
    let mut levels = 0;
    let levels_of = accountability::levels(&rubric);
    let mut parts = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        let started = Instant::now();
        numbers.clear();
        numbers.extend(account_facts.iter().map(|f| account::score(f, &rubric)));
        let accounts_done = started.elapsed();
        results.clear();
        results.extend(
            unit_facts
                .iter()
                .map(|f| UnitResult::from(&unit::score_unit(f, &numbers, &rubric))),
        );
        let units_done = started.elapsed();
        let unit_scores: Vec<Option<f64>> = results.iter().map(|u| u.score).collect();
        let ranks = unit::ranks(&unit_scores);
        let bottom = Bottom::of(&results, &rubric);
        let listed_now: Vec<Option<Level>> = (results.iter().zip(&list_facts))
            .map(|(u, f)| {
                let fired = accountability::fired(u, f, &bottom, &rubric);
                accountability::level_from(&fired, &levels_of)
            })
            .collect();
        let all = started.elapsed();
        times.push(all.as_secs_f64() * 1000.0);
        parts[0].push(accounts_done.as_secs_f64() * 1000.0);
        parts[1].push((units_done - accounts_done).as_secs_f64() * 1000.0);
        parts[2].push((all - units_done).as_secs_f64() * 1000.0);
        levels = listed_now.iter().flatten().count();
        std::hint::black_box((&ranks, &listed_now));
    }
    for part in &mut parts {
        part.sort_by(f64::total_cmp);
    }
    let median = |v: &Vec<f64>| v[v.len() / 2];
    println!(
        "medians: accounts {:.1} ms, units {:.1} ms, ranks and levels {:.1} ms",
        median(&parts[0]),
        median(&parts[1]),
        median(&parts[2])
    );
    let same_scores = (numbers.iter().zip(&scores.accounts)).all(|(n, a)| n.score == a.score);
    let same_units = (results.iter().zip(&scores.units)).all(|(n, u)| n.score == u.score);
    times.sort_by(f64::total_cmp);
    println!(
        "{} accounts, {} units: facts counted in {:.0} ms; re-scoring (numbers only, one core): median {:.1} ms, min {:.1} ms over {rounds} rounds",
        account_facts.len(),
        unit_facts.len(),
        counting.as_secs_f64() * 1000.0,
        times[times.len() / 2],
        times[0],
    );
    println!(
        "agrees with the full run: account scores {same_scores}, unit scores {same_units}, units listed {levels} = {listed}: {}",
        levels == listed
    );
    Ok(())
}
