//! Scores or rates over periods (SPEC §13), with the pass line.

use super::{
    ChartError, DOWN, FONT, FONT_SIZE, HEIGHT, PALETTE, WIDTH, drawable, fail, legend_above,
    legend_room, mesh, pass_label, tick,
};
use plotters::element::DashedPathElement;

use plotters::prelude::*;

/// The y range of a chart over periods: from 0 up, or (inverted, values negated) from just below
/// the largest value to just above the smallest.
pub(super) fn y_range(series: &[(String, Vec<Option<f64>>)], invert: bool) -> (f64, f64) {
    let values = series.iter().flat_map(|(_, v)| v.iter().flatten().copied());
    let (low, high) = values.fold((f64::MAX, f64::MIN), |(l, h), v| (l.min(v), h.max(v)));
    let (low, high) = if low > high { (0.0, 1.0) } else { (low, high) };
    if invert {
        (-(high + (high - low).max(1.0) * 0.1), -(low - 0.5).max(0.0))
    } else {
        (0.0, high.max(1.0) * 1.15)
    }
}

/// Values over periods (SPEC §13): one line per series through the periods that have a value
/// (a gap where one has none), a dot on each value, and a dashed mark before every period whose
/// rubric differs from the period before it. `invert` puts the smallest value on top (ranks).
pub(crate) fn periods(
    name: &'static str,
    x_labels: &[String],
    series: &[(String, Vec<Option<f64>>)],
    y_label: &str,
    rubric_changed: &[usize],
    invert: bool,
    pass: Option<f64>,
) -> Result<String, ChartError> {
    let series: Vec<(String, Vec<Option<f64>>)> = (series.iter())
        .map(|(l, v)| (l.clone(), v.iter().map(|x| x.and_then(drawable)).collect()))
        .collect();
    let series = series.as_slice();
    let sign = if invert { -1.0 } else { 1.0 };
    let (bottom, top) = y_range(series, invert);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(fail(name))?;
        let points = x_labels.len().max(2);
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_top(legend_room(if series.len() > 1 { series.len() } else { 0 }))
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d(-0.3..(points - 1) as f64 + 0.3, bottom..top)
            .map_err(fail(name))?;
        if let Some(pass) = pass.and_then(drawable).map(|p| p * sign)
            && (bottom..=top).contains(&pass)
        {
            pass_line(name, &mut chart, pass, sign, (bottom, top), points)?;
        }
        let label_at = |x: &f64| {
            let i = x.round();
            ((x - i).abs() < 1e-6 && i >= 0.0)
                .then(|| x_labels.get(i as usize).cloned())
                .flatten()
                .unwrap_or_default()
        };
        mesh(&mut chart)
            .disable_x_mesh()
            .y_label_formatter(&|v| tick(&(v * sign)))
            .y_desc(y_label)
            .x_labels(points * 2 - 1)
            .x_label_formatter(&label_at)
            .draw()
            .map_err(fail(name))?;
        rubric_marks(name, &mut chart, rubric_changed, (bottom, top))?;
        draw_lines(name, &mut chart, series, sign)?;
        let entries: Vec<(&str, RGBColor)> = (series.iter().enumerate())
            .map(|(k, (label, _))| (label.as_str(), PALETTE[k % PALETTE.len()]))
            .collect();
        if entries.len() > 1 {
            legend_above(name, &root, &entries, true)?;
        }
        root.present().map_err(fail(name))?;
    }
    Ok(svg)
}

/// The chart of [`periods`]: x the periods' positions, y the values (negated when inverted).
type PeriodChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The dashed pass line at `pass` (already signed), labelled at its right end above the line.
fn pass_line(
    name: &'static str,
    chart: &mut PeriodChart<'_, '_>,
    pass: f64,
    sign: f64,
    (bottom, top): (f64, f64),
    points: usize,
) -> Result<(), ChartError> {
    let right = (points - 1) as f64 + 0.3;
    chart
        .draw_series(std::iter::once(DashedPathElement::new(
            vec![(-0.3, pass), (right, pass)],
            5,
            3,
            DOWN.stroke_width(1),
        )))
        .map_err(fail(name))?;
    chart
        .draw_series(std::iter::once(Text::new(
            pass_label(pass * sign),
            // At the right end, above the line: 80 px (the label's width) from the edge.
            (
                right - 80.0 * (right + 0.3) / f64::from(WIDTH - 64),
                pass + (top - bottom) * 0.08,
            ),
            (FONT, FONT_SIZE - 2).into_font().color(&DOWN),
        )))
        .map_err(fail(name))?;
    Ok(())
}

/// A dashed mark, 「细则变更」, before every period whose rubric differs from the one before.
fn rubric_marks(
    name: &'static str,
    chart: &mut PeriodChart<'_, '_>,
    rubric_changed: &[usize],
    (bottom, top): (f64, f64),
) -> Result<(), ChartError> {
    for &i in rubric_changed {
        let x = i as f64 - 0.5;
        chart
            .draw_series(std::iter::once(DashedPathElement::new(
                vec![(x, bottom), (x, top)],
                4,
                3,
                PALETTE[5].stroke_width(1),
            )))
            .map_err(fail(name))?;
        chart
            .draw_series(std::iter::once(Text::new(
                "细则变更",
                (x + 0.05, top),
                (FONT, FONT_SIZE - 2).into_font().color(&PALETTE[5]),
            )))
            .map_err(fail(name))?;
    }
    Ok(())
}

/// One line per series through the periods that have a value (a gap where one has none), and a
/// dot on each value.
fn draw_lines(
    name: &'static str,
    chart: &mut PeriodChart<'_, '_>,
    series: &[(String, Vec<Option<f64>>)],
    sign: f64,
) -> Result<(), ChartError> {
    for (k, (_, values)) in series.iter().enumerate() {
        let color = PALETTE[k % PALETTE.len()];
        let known: Vec<(f64, f64)> = (values.iter().enumerate())
            .filter_map(|(i, v)| v.map(|v| (i as f64, v * sign)))
            .collect();
        for pair in values.windows(2).enumerate() {
            if let (i, [Some(a), Some(b)]) = pair {
                chart
                    .draw_series(LineSeries::new(
                        [(i as f64, a * sign), (i as f64 + 1.0, b * sign)],
                        color.stroke_width(2),
                    ))
                    .map_err(fail(name))?;
            }
        }
        chart
            .draw_series(known.iter().map(|&p| Circle::new(p, 4, color.filled())))
            .map_err(fail(name))?;
    }
    Ok(())
}
