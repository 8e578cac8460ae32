//! Ranks in A against ranks in B (compare).

use super::{ChartError, PALETTE, WIDTH, drawable, fail, mesh, tick};

use plotters::prelude::*;

/// Points of two ranks, one per unit (rank under A against rank under B), with the diagonal.
pub(crate) fn scatter(
    name: &'static str,
    points: &[(f64, f64)],
    labels: (&str, &str),
) -> Result<String, ChartError> {
    let points: Vec<(f64, f64)> = (points.iter())
        .filter(|(a, b)| drawable(*a).is_some() && drawable(*b).is_some())
        .copied()
        .collect();
    let points = points.as_slice();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, WIDTH)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(name))?;
        let top = (points.iter())
            .flat_map(|(a, b)| [*a, *b])
            .fold(1.0, f64::max)
            * 1.05;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(0.0..top, 0.0..top)
            .map_err(fail(name))?;
        mesh(&mut chart)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .x_desc(labels.0)
            .y_desc(labels.1)
            .draw()
            .map_err(fail(name))?;
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (top, top)],
                BLACK.mix(0.3).stroke_width(1),
            )))
            .map_err(fail(name))?;
        chart
            .draw_series(
                (points.iter())
                    .map(|(a, b)| Circle::new((*a, *b), 3, PALETTE[0].mix(0.6).filled())),
            )
            .map_err(fail(name))?;
        root.present().map_err(fail(name))?;
    }
    Ok(svg)
}
