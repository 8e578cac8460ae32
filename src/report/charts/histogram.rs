//! The score histogram with the pass line.

use super::{
    ChartError, DOWN, FONT, FONT_SIZE, HEIGHT, PALETTE, WIDTH, drawable, fail, mesh, pass_label,
    tick,
};
use plotters::element::DashedPathElement;

use plotters::prelude::*;

/// A histogram already binned: `counts[i]` accounts scored in `[edges[i], edges[i+1])`.
/// The accounts' scores in bins, with a dashed line at the pass score.
pub(crate) fn histogram(
    name: &'static str,
    edges: &[f64],
    counts: &[u64],
    pass: f64,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(name))?;
        let (low, high) = (
            edges.first().copied().unwrap_or(0.0),
            edges.last().copied().unwrap_or(1.0),
        );
        let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d(low..high, 0.0..top)
            .map_err(fail(name))?;
        mesh(&mut chart)
            .disable_x_mesh()
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .x_desc("得分")
            .y_desc("账号数")
            .draw()
            .map_err(fail(name))?;
        chart
            .draw_series(edges.windows(2).zip(counts).map(|(edge, count)| {
                Rectangle::new(
                    [(edge[0] + 0.3, 0.0), (edge[1] - 0.3, *count as f64)],
                    PALETTE[0].filled(),
                )
            }))
            .map_err(fail(name))?;
        if let Some(pass) = drawable(pass).filter(|p| (low..=high).contains(p)) {
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    vec![(pass, 0.0), (pass, top)],
                    5,
                    3,
                    DOWN.stroke_width(1),
                )))
                .map_err(fail(name))?;
            chart
                .draw_series(std::iter::once(Text::new(
                    pass_label(pass),
                    (pass, top),
                    (FONT, FONT_SIZE - 2).into_font().color(&DOWN),
                )))
                .map_err(fail(name))?;
        }
        root.present().map_err(fail(name))?;
    }
    Ok(svg)
}
