//! Robustness of the lists (SPEC §9): `robustness.csv` through the real binary on hand-made
//! units whose verdict can be worked out by hand, and the law that bounds every draw, checked on
//! the bundled sample through the library.

use std::path::Path;

use govmedia::{
    Columns, Context, Core, Corner, DEFAULT_RUBRIC, Draws, Inputs, Level, NO_WAIVERS, Period,
    Rubric, Scores, Scratch, Window, accountability, ingest, list_facts, measure, score,
};

use crate::common::{Scenario, read_csv};

const COLUMNS: &str = "unit_id,unit_name,score,best_score,worst_score,fail_share,rank,rank_p05,rank_median,rank_p95,level,listed_share,verdict";

#[test]
fn a_unit_vetoed_by_a_fact_is_robust_and_fails_in_every_draw() {
    let mut s = Scenario::new();
    // X2: interaction switched off, a fact no weight changes.
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(false);
    s.clean_posts("A1");
    let out = s.run(&["--draws", "200"]);
    let text = out.wd.read_out("robustness.csv");
    assert_eq!(text.lines().next(), Some(COLUMNS));
    let rows = read_csv(&out.wd.out().join("robustness.csv"));
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(
        (
            &r["fail_share"][..],
            &r["listed_share"][..],
            &r["level"][..]
        ),
        ("1", "1", "interview")
    );
    assert_eq!(r["verdict"], "robust");
    assert_eq!((&r["rank_p05"][..], &r["rank_p95"][..]), ("1", "1"));
    let list = read_csv(&out.wd.out().join("accountability.csv"));
    assert_eq!(list[0]["verdict"], "robust");
}

/// The rubric with the update cap out of the way and only U1's weight varied.
fn one_weight_rubric() -> String {
    let text = DEFAULT_RUBRIC
        .replacen("cap = 30.0", "cap = 100.0", 1)
        .replacen(
            "spread = 0.25",
            "spread = 0.25\nperturb = [\"update.points_per_week_without_post\"]",
            1,
        );
    assert_ne!(text, DEFAULT_RUBRIC);
    text
}

#[test]
fn a_listing_that_one_weight_decides_is_fragile() {
    let mut s = Scenario::new();
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(true);
    // One original post on 09-29, in the 13th block: 12 empty blocks (U1 3 × 12 = 36) and two
    // months without an original (U2 10): 54, fail, interview (R2). A draw multiplies U1's 3
    // points by m in [0.75, 1.25): the unit fails only when 36m > 30, i.e. m > 5/6, in about
    // 5/6 of the draws; the lenient corner (m = 0.75: U1 27) scores 63, the strict one (U1 45)
    // scores 45.
    s.post("A1", "2026-09-29 09:00", "true", "true");
    let wd_rubric = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(wd_rubric.path(), one_weight_rubric()).unwrap();
    let rubric = wd_rubric.path().to_str().unwrap();
    let out = s.run(&["--rubric", rubric, "--draws", "1000"]);
    let rows = read_csv(&out.wd.out().join("robustness.csv"));
    let r = &rows[0];
    assert_eq!(
        (&r["score"][..], &r["best_score"][..], &r["worst_score"][..]),
        ("54", "63", "45")
    );
    assert_eq!(
        (&r["level"][..], &r["verdict"][..]),
        ("interview", "fragile")
    );
    let listed: f64 = r["listed_share"].parse().unwrap();
    assert!((0.78..0.89).contains(&listed), "listed_share {listed}");
    assert_eq!(
        r["fail_share"], r["listed_share"],
        "listed at interview iff it fails"
    );
    // The same draws again on one thread: the file does not depend on the threads.
    let args = [
        "assess", "--data", "data", "--out", "one", "--period", "2026Q3",
    ];
    let one = out.wd.run_with(
        &[
            &args[..],
            &["--quiet", "--rubric", rubric, "--draws", "1000"],
        ]
        .concat(),
        ("RAYON_NUM_THREADS", "1"),
    );
    assert!(one.status.success(), "{}", crate::workdir::stderr(&one));
    assert_eq!(
        std::fs::read_to_string(out.wd.path().join("one/robustness.csv")).unwrap(),
        out.wd.read_out("robustness.csv")
    );
    let summary: serde_json::Value =
        serde_json::from_str(&out.wd.read_out("summary.json")).unwrap();
    assert_eq!(summary["robustness"]["draws"], 1000);
    assert_eq!(
        summary["robustness"]["perturbed"],
        serde_json::json!(["update.points_per_week_without_post"])
    );
    assert_eq!(out.wd.read_out("rubric.toml"), one_weight_rubric());
}

#[test]
fn draws_0_writes_no_robustness_and_an_empty_verdict() {
    let mut s = Scenario::new();
    s.account("A1", "U1", "wechat", "定海教育")
        .verified_as("定海区教育局")
        .interactive(false);
    s.clean_posts("A1");
    let out = s.run(&["--draws", "0"]);
    assert!(!out.wd.out().join("robustness.csv").exists());
    let list = read_csv(&out.wd.out().join("accountability.csv"));
    assert_eq!(list[0]["verdict"], "");
    let manifest = out.wd.read_out("summary.json");
    assert!(!manifest.contains("robustness.csv"));
}

#[test]
fn a_perturbed_key_outside_the_36_is_a_rubric_error_naming_it() {
    let text = DEFAULT_RUBRIC.replacen(
        "spread = 0.25",
        "spread = 0.25\nperturb = [\"bonus.max\"]",
        1,
    );
    let error = Rubric::parse(&text, "r.toml").unwrap_err().to_string();
    assert!(
        error.contains("robustness.perturb") && error.contains("bonus.max"),
        "{error}"
    );
    let wide = DEFAULT_RUBRIC.replacen("spread = 0.25", "spread = 0.4", 1);
    let error = Rubric::parse(&wide, "r.toml").unwrap_err().to_string();
    assert!(error.contains("robustness.spread"), "{error}");
    // 1.2 × (1 − 0.25) < 1: an overdue violation could cost less than a timely one.
    let low = DEFAULT_RUBRIC.replacen("overdue_multiplier = 1.5", "overdue_multiplier = 1.2", 1);
    let error = Rubric::parse(&low, "r.toml").unwrap_err().to_string();
    assert!(error.contains("content.overdue_multiplier"), "{error}");
    // A rubric written before [robustness] existed stays valid, with the defaults.
    let start = DEFAULT_RUBRIC.find("[robustness]").unwrap();
    let old = Rubric::parse(&DEFAULT_RUBRIC[..start], "old.toml").unwrap();
    assert_eq!(
        (old.robustness.draws, old.robustness.perturb.len()),
        (1000, 36)
    );
}

/// The sample, read and measured once.
struct Sample {
    dataset: govmedia::Dataset,
    metrics: Vec<govmedia::AccountMetrics>,
    window: Window,
}

/// A unit as the core or the full run has it: unit_id, score, rank, level.
type Outcome = (String, Option<f64>, Option<u32>, Option<Level>);

impl Sample {
    fn read() -> Sample {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
        let dataset = ingest(&dir).unwrap().dataset;
        let period = Period::parse("2026Q3").unwrap();
        let window = Window {
            start: period.start,
            as_of: period.end,
        };
        let metrics = measure(&dataset, dataset.engagement.clone(), window);
        Sample {
            dataset,
            metrics,
            window,
        }
    }

    /// The full run under `rubric` (its units with their levels), and the core laid out from it.
    fn run(&self, rubric: &Rubric) -> (Scores, Vec<Outcome>, Core) {
        let context = Context {
            dataset: &self.dataset,
            metrics: &self.metrics,
            window: self.window,
            columns: Columns::of(&self.dataset),
            waivers: &NO_WAIVERS,
            tasks: None,
        };
        let scores = score(&context, rubric);
        let inputs = Inputs {
            dataset: &self.dataset,
            metrics: &self.metrics,
            accounts: &scores.accounts,
            units: &scores.units,
            findings: &scores.findings,
            has_previous: false,
            window: self.window,
        };
        let list = accountability(&inputs, rubric);
        let full = (scores.units.iter())
            .map(|u| {
                let level = list
                    .iter()
                    .find(|e| e.unit_id == u.unit_id)
                    .map(|e| e.level);
                (u.unit_id.clone(), u.score, u.rank, level)
            })
            .collect();
        let core = Core::new(&scores, list_facts(&inputs, rubric));
        (scores, full, core)
    }
}

/// The core's outcomes under `r`, in unit_scores order.
fn outcomes(core: &Core, scores: &Scores, r: &Rubric) -> Vec<Outcome> {
    let (mut scratch, mut out) = (Scratch::default(), Vec::new());
    core.assess(r, &mut scratch, &mut out);
    (scores.units.iter().zip(out))
        .map(|(u, o)| (u.unit_id.clone(), o.unit.score, o.rank, o.level))
        .collect()
}

#[test]
fn every_draw_is_the_full_assessment_under_that_draws_rubric() {
    // SPEC §9: "each draw runs SPEC §3–§6 with its values". The core re-scores from the facts of
    // the run in force; the full pipeline scores from scratch under the draw's rubric. They agree
    // unit by unit: score, rank and level.
    let sample = Sample::read();
    let rubric = Rubric::default_rubric().unwrap();
    let (scores, _, core) = sample.run(&rubric);
    let draws = Draws::new(&rubric, &rubric.robustness);
    for d in [1, 2, 3, 17, 250, 999] {
        let drawn = draws.rubric(d);
        let (_, full, _) = sample.run(&drawn);
        let mut by_core = outcomes(&core, &scores, &drawn);
        let mut full = full;
        by_core.sort_by(|a, b| a.0.cmp(&b.0));
        full.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(by_core, full, "draw {d}");
    }
}

#[test]
fn the_core_gives_back_the_full_run_and_corners_bound_every_draw() {
    let rubric = Rubric::default_rubric().unwrap();
    let (scores, full, core) = Sample::read().run(&rubric);
    assert_eq!(outcomes(&core, &scores, &rubric), full);
    let mut results = Vec::new();

    let draws = Draws::new(&rubric, &rubric.robustness);
    let (mut best, mut worst) = (Vec::new(), Vec::new());
    core.score(&draws.corner(Corner::Lenient), &mut best);
    core.score(&draws.corner(Corner::Strict), &mut worst);
    let mut r = rubric.clone();
    for d in 1..=300 {
        draws.fill(d, &mut r);
        core.score(&r, &mut results);
        for ((x, b), w) in results.iter().zip(&best).zip(&worst) {
            let (x, b, w) = (
                x.score.unwrap_or(0.0),
                b.score.unwrap_or(0.0),
                w.score.unwrap_or(0.0),
            );
            assert!(w <= x && x <= b, "draw {d}: {w} ≤ {x} ≤ {b}");
        }
    }
}

#[test]
fn the_documents_table_is_optional_and_checked_by_key() {
    let start = DEFAULT_RUBRIC.find("[documents]").unwrap();
    // [documents] is the last table: everything from its header on goes.
    let without = DEFAULT_RUBRIC[..start].to_string();
    let r = Rubric::parse(&without, "old.toml").unwrap();
    assert_eq!(r.documents.attachment_rows, 500, "the defaults");
    let zero = DEFAULT_RUBRIC.replacen("attachment_rows = 500", "attachment_rows = 0", 1);
    let error = Rubric::parse(&zero, "r.toml").unwrap_err().to_string();
    assert!(error.contains("documents.attachment_rows"), "{error}");
    // SPEC §15.1: the issuing office moved to office.toml; a rubric still holding it is refused.
    for key in ["issuer", "addressees", "basis", "number"] {
        let old =
            DEFAULT_RUBRIC.replacen("[documents]\n", &format!("[documents]\n{key} = \"x\"\n"), 1);
        let error = Rubric::parse(&old, "r.toml").unwrap_err().to_string();
        assert!(error.contains(&format!("documents.{key}")), "{error}");
        assert!(error.contains("moved to office.toml"), "{error}");
    }
}
