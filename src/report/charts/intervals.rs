//! Each listed unit's score interval over the robustness draws (SPEC §9).

use super::{ChartError, PALETTE, WIDTH, fail, mesh, tick};

use plotters::prelude::*;

/// One unit's rank interval: its name, the 5th percentile, median and 95th percentile rank.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Interval {
    /// The unit's name (shortened by the caller).
    pub label: String,
    /// Best rank of the middle 90% of the draws.
    pub low: f64,
    /// Median rank.
    pub median: f64,
    /// Worst rank of the middle 90% of the draws.
    pub high: f64,
}

/// Rank intervals, one line per unit: the 5–95% range as a bar, the median as a dot (SPEC §9).
pub(crate) fn intervals(
    name: &'static str,
    rows: &[Interval],
    ranked: f64,
    x_label: &str,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let height = 60 + 22 * rows.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(name))?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(150)
            .build_cartesian_2d(
                0.0..ranked.max(1.0) * 1.02,
                (0..rows.len()).into_segmented(),
            )
            .map_err(fail(name))?;
        mesh(&mut chart)
            .disable_y_mesh()
            .x_label_formatter(&tick)
            .x_desc(x_label)
            .y_labels(rows.len().max(1))
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => (rows.len().checked_sub(i + 1))
                    .and_then(|k| rows.get(k))
                    .map_or_else(String::new, |r| r.label.clone()),
                _ => String::new(),
            })
            .draw()
            .map_err(fail(name))?;
        // The first row on top.
        let at = |k: usize| SegmentValue::CenterOf(rows.len() - 1 - k);
        chart
            .draw_series(rows.iter().enumerate().map(|(k, r)| {
                PathElement::new(
                    vec![(r.low, at(k)), (r.high, at(k))],
                    PALETTE[0].stroke_width(5),
                )
            }))
            .map_err(fail(name))?;
        chart
            .draw_series(
                (rows.iter().enumerate())
                    .map(|(k, r)| Circle::new((r.median, at(k)), 4, PALETTE[3].filled())),
            )
            .map_err(fail(name))?;
        root.present().map_err(fail(name))?;
    }
    Ok(svg)
}
