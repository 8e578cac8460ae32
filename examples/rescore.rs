//! The numbers-only re-scoring core (issues 11, 12): reads a data folder once (ingest, metrics, the
//! facts of every account, unit and list entry), then times re-scoring the whole data set with the
//! rubric — account scores, unit scores, ranks and accountability levels — on one core, numbers
//! only (no strings, no allocation per account): what each draw of SPEC §9 does.
//!
//!     cargo run --release --example rescore -- DATA_DIR [ROUNDS]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result};

use govmedia::{
    Columns, Context, Core, Ingested, Inputs, NO_WAIVERS, Period, Rubric, Scratch, Window,
    accountability, ingest, list_facts, measure, score,
};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: rescore DATA_DIR [ROUNDS]")?);
    let rounds: usize = args.next().map_or(Ok(21), |r| r.parse())?;
    let rubric = Rubric::default_rubric()?;
    let Ingested { dataset, .. } = ingest(&dir)?;
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
    let metrics = measure(&dataset, dataset.engagement.clone(), window);
    let context = Context {
        dataset: &dataset,
        metrics: &metrics,
        window,
        columns: Columns::of(&dataset),
        waivers: &NO_WAIVERS,
        tasks: None,
    };
    // The full run, for its lists and to check the core against.
    let scores = score(&context, &rubric);
    let inputs = Inputs {
        dataset: &dataset,
        metrics: &metrics,
        accounts: &scores.accounts,
        units: &scores.units,
        findings: &scores.findings,
        has_previous: false,
        window,
    };
    let listed = accountability(&inputs, &rubric).len();

    // The core: the facts counted once, laid out per unit (what every draw of SPEC §9 re-scores).
    let started = Instant::now();
    let core = Core::new(&scores, list_facts(&inputs, &rubric));
    let layout = started.elapsed();

    let (mut results, mut scratch, mut outcomes) = (Vec::new(), Scratch::default(), Vec::new());
    let mut times = Vec::with_capacity(rounds);
    let mut scoring_only = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        core.score(&rubric, &mut results);
        scoring_only.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        core.assess(&rubric, &mut scratch, &mut outcomes);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(&outcomes);
    }
    times.sort_by(f64::total_cmp);
    scoring_only.sort_by(f64::total_cmp);
    let median = |v: &[f64]| v[v.len() / 2];
    println!(
        "{} accounts, {} units: core laid out in {:.0} ms; re-scoring (numbers only, one core) over {rounds} rounds: accounts and units median {:.1} ms; with ranks and levels median {:.1} ms, min {:.1} ms",
        scores.facts.len(),
        core.len(),
        layout.as_secs_f64() * 1000.0,
        median(&scoring_only),
        median(&times),
        times[0],
    );
    let same_units = (outcomes.iter().zip(&scores.units))
        .all(|(o, u)| o.unit.score == u.score && o.rank == u.rank);
    let levels = outcomes.iter().filter(|o| o.level.is_some()).count();
    println!(
        "agrees with the full run: unit scores and ranks {same_units}, units listed {levels} = {listed}: {}",
        levels == listed
    );
    Ok(())
}
