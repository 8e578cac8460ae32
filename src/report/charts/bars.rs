//! Bars with a value label each: results by platform.

use super::{ChartError, HEIGHT, PALETTE, WIDTH, fail, mesh, tick};

use plotters::prelude::*;

/// Bars with labels (grade distribution, vetoes by rule, results by platform).
pub(crate) fn bars(
    name: &'static str,
    labels: &[String],
    values: &[f64],
    y_label: &str,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(name))?;
        let top = values.iter().copied().fold(0.0, f64::max).max(1.0) * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d(
                (0..labels.len().saturating_sub(1)).into_segmented(),
                0.0..top,
            )
            .map_err(fail(name))?;
        mesh(&mut chart)
            .disable_x_mesh()
            .y_label_formatter(&tick)
            .y_desc(y_label)
            .x_labels(labels.len().max(1))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw()
            .map_err(fail(name))?;
        chart
            .draw_series(values.iter().enumerate().map(|(i, v)| {
                let color = PALETTE[i % PALETTE.len()];
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ],
                    color.filled(),
                );
                bar.set_margin(0, 0, 8, 8);
                bar
            }))
            .map_err(fail(name))?;
        root.present().map_err(fail(name))?;
    }
    Ok(svg)
}
