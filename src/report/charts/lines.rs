//! Lines over weeks (a unit's weekly posts), axes kept per key.

use super::{
    ChartError, HEIGHT, PALETTE, Part, Passes, WIDTH, axes_key, drawable, drawn, fail,
    legend_above, legend_room, mesh, tick,
};

use plotters::prelude::*;

/// Lines over numbered points (weekly posts per account; pass rate by period), with a legend.
pub(crate) fn lines(
    name: &'static str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    y_label: &str,
) -> Result<String, ChartError> {
    lines_drawn(name, x_labels, series, y_label, Passes::Two)
}

pub(super) fn lines_drawn(
    name: &'static str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    y_label: &str,
    passes: Passes,
) -> Result<String, ChartError> {
    let series: Vec<(String, Vec<f64>)> = (series.iter())
        .map(|(l, v)| {
            (
                l.clone(),
                v.iter().map(|&x| drawable(x).unwrap_or(0.0)).collect(),
            )
        })
        .collect();
    let series = series.as_slice();
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.15;
    let points = x_labels.len().max(2);
    let draw = |svg: &mut String, part: Part| -> Result<(), ChartError> {
        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        if part != Part::Data {
            root.fill(&WHITE).map_err(fail(name))?;
        }
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_top(legend_room(series.len()))
            .margin_right(24)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d(0..points - 1, 0.0..top)
            .map_err(fail(name))?;
        if part != Part::Data {
            mesh(&mut chart)
                .disable_x_mesh()
                .y_label_formatter(&tick)
                .y_desc(y_label)
                .x_labels(points.min(7))
                .x_label_formatter(&|i| x_labels.get(*i).cloned().unwrap_or_default())
                .draw()
                .map_err(fail(name))?;
        }
        if part == Part::Axes {
            return root.present().map_err(fail(name));
        }
        let mut entries = Vec::with_capacity(series.len());
        for (k, (label, values)) in series.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    values.iter().enumerate().map(|(i, v)| (i, *v)),
                    color.stroke_width(2),
                ))
                .map_err(fail(name))?;
            entries.push((label.as_str(), color));
        }
        legend_above(name, &root, &entries, false)?;
        root.present().map_err(fail(name))
    };
    // The legend's room above the plot moves the axes: it is part of what they depend on.
    let kind = format!("lines {}", legend_room(series.len()));
    let key = axes_key(
        &kind,
        top,
        std::iter::once(y_label).chain(x_labels.iter().map(String::as_str)),
    );
    drawn(&key, passes, draw)
}
