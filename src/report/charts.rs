//! The report's charts, one function each, drawn with plotters as inline SVG (text stays text,
//! so Chinese renders with the viewer's fonts). They take finished numbers and never compute
//! statistics; palette and sizes are the constants below.

use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// Bars and lines, in order of use.
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x5f, 0xa8),
    RGBColor(0xd9, 0x7b, 0x29),
    RGBColor(0x3a, 0x9a, 0x5b),
    RGBColor(0xb8, 0x3b, 0x3b),
    RGBColor(0x7b, 0x5e, 0xa7),
    RGBColor(0x60, 0x60, 0x60),
];
/// Steps that lower a score (waterfall).
pub const DOWN: RGBColor = RGBColor(0xb8, 0x3b, 0x3b);
/// Steps that raise it.
pub const UP: RGBColor = RGBColor(0x3a, 0x9a, 0x5b);
/// Totals (start and end of a waterfall).
pub const TOTAL: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// Chart width in pixels (fits A4 portrait at print scale).
pub const WIDTH: u32 = 560;
/// Chart height in pixels.
pub const HEIGHT: u32 = 260;
/// Label font.
pub const FONT: &str = "sans-serif";
/// Label size.
pub const FONT_SIZE: u32 = 13;

/// Axis numbers as people write them: `80`, `2.5`.
fn tick(value: &f64) -> String {
    crate::present::number(*value)
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart {name}: {message}")]
pub struct ChartError {
    name: &'static str,
    message: String,
}

/// The largest magnitude a chart draws: plotters' tick search needs finite axes of a sane span,
/// so anything else is left out (earlier runs' numbers are checked when read; this is the last
/// guard, so that no value can hang a run).
const DRAWN_AT_MOST: f64 = 1e9;

/// `x` when a chart can draw it.
fn drawable(x: f64) -> Option<f64> {
    (x.is_finite() && x.abs() <= DRAWN_AT_MOST).then_some(x)
}

/// Width of one legend entry, in pixels.
const LEGEND_COLUMN: u32 = 165;
/// Height of one row of legend entries.
const LEGEND_ROW: u32 = 18;
/// Characters of a label a legend entry shows (the rest as 「…」).
const LEGEND_CHARS: usize = 11;

/// The margin above the plot: room for a legend of `n` entries, in rows (SPEC §15.5: a legend
/// sits outside the data, never on it).
fn legend_room(n: usize) -> u32 {
    let per_row = (WIDTH - 50) / LEGEND_COLUMN;
    10 + LEGEND_ROW * (n as u32).div_ceil(per_row)
}

/// The legend in the margin above the plot: a marker (a dot, or a short line) and the label.
fn legend_above(
    name: &'static str,
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    entries: &[(&str, RGBColor)],
    dot: bool,
) -> Result<(), ChartError> {
    let per_row = ((WIDTH - 50) / LEGEND_COLUMN) as usize;
    for (i, (label, color)) in entries.iter().enumerate() {
        let x = 50 + (i % per_row) as i32 * LEGEND_COLUMN as i32;
        let y = 6 + (i / per_row) as i32 * LEGEND_ROW as i32;
        if dot {
            root.draw(&Circle::new((x + 6, y + 7), 4, color.filled()))
                .map_err(fail(name))?;
        } else {
            root.draw(&PathElement::new(
                vec![(x, y + 7), (x + 14, y + 7)],
                color.stroke_width(2),
            ))
            .map_err(fail(name))?;
        }
        let shown: String = if label.chars().count() > LEGEND_CHARS {
            label
                .chars()
                .take(LEGEND_CHARS - 1)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            label.to_string()
        };
        root.draw(&Text::new(
            shown,
            (x + 18, y),
            (FONT, FONT_SIZE).into_font(),
        ))
        .map_err(fail(name))?;
    }
    Ok(())
}

/// 「合格线60分」: the dashed pass line's label.
fn pass_label(pass: f64) -> String {
    format!("合格线{}分", tick(&pass))
}

fn fail<E: std::fmt::Display>(name: &'static str) -> impl Fn(E) -> ChartError {
    move |e| ChartError {
        name,
        message: e.to_string(),
    }
}

/// Bars with labels (grade distribution, vetoes by rule, results by platform).
pub fn bars(
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
        chart
            .configure_mesh()
            .disable_x_mesh()
            // Light lines are not drawn (transparent ones are skipped by the SVG backend);
            // `max_light_lines(0)` would make plotters loop forever.
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&tick)
            .y_desc(y_label)
            .x_labels(labels.len().max(1))
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .label_style((FONT, FONT_SIZE))
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

/// A histogram already binned: `counts[i]` accounts scored in `[edges[i], edges[i+1])`.
/// The accounts' scores in bins, with a dashed line at the pass score.
pub fn histogram(
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
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .x_desc("得分")
            .y_desc("账号数")
            .label_style((FONT, FONT_SIZE))
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

/// One step of a waterfall: a label and a signed change, or a total bar.
pub struct Step {
    /// What the step is.
    pub label: String,
    /// The change (negative lowers), or the level for a total.
    pub value: f64,
    /// A total bar drawn from zero rather than a change.
    pub total: bool,
}

/// A waterfall from 100 to a unit's score.
pub fn waterfall(name: &'static str, steps: &[Step]) -> Result<String, ChartError> {
    waterfall_drawn(name, steps, Passes::Two)
}

fn waterfall_drawn(
    name: &'static str,
    steps: &[Step],
    passes: Passes,
) -> Result<String, ChartError> {
    let mut level = 0.0;
    let mut bars = Vec::with_capacity(steps.len());
    for step in steps {
        let (from, to, color) = if step.total {
            level = step.value;
            (0.0, step.value, TOTAL)
        } else {
            let start = level;
            level += step.value;
            (start, level, if step.value < 0.0 { DOWN } else { UP })
        };
        bars.push((from.min(to), from.max(to), color));
    }
    let top = bars.iter().map(|b| b.1).fold(100.0, f64::max) * 1.05;
    let draw = |svg: &mut String, part: Part| -> Result<(), ChartError> {
        let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
        if part != Part::Data {
            root.fill(&WHITE).map_err(fail(name))?;
        }
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(34)
            .y_label_area_size(44)
            .build_cartesian_2d((0..steps.len()).into_segmented(), 0.0..top)
            .map_err(fail(name))?;
        if part != Part::Data {
            chart
                .configure_mesh()
                .disable_x_mesh()
                .max_light_lines(1)
                .light_line_style(TRANSPARENT)
                .y_label_formatter(&tick)
                .x_labels(steps.len().max(1))
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(i) => {
                        steps.get(*i).map(|s| s.label.clone()).unwrap_or_default()
                    }
                    _ => String::new(),
                })
                .label_style((FONT, FONT_SIZE - 1))
                .draw()
                .map_err(fail(name))?;
        }
        if part != Part::Axes {
            chart
                .draw_series(bars.iter().enumerate().map(|(i, (low, high, color))| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(i), *low),
                            (SegmentValue::Exact(i + 1), *high),
                        ],
                        color.filled(),
                    );
                    bar.set_margin(0, 0, 6, 6);
                    bar
                }))
                .map_err(fail(name))?;
        }
        root.present().map_err(fail(name))
    };
    let labels = steps.iter().map(|s| s.label.as_str());
    let key = axes_key("waterfall", top, labels);
    drawn(&key, passes, draw)
}

/// Lines over numbered points (weekly posts per account; pass rate by period), with a legend.
pub fn lines(
    name: &'static str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    y_label: &str,
) -> Result<String, ChartError> {
    lines_drawn(name, x_labels, series, y_label, Passes::Two)
}

fn lines_drawn(
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
            chart
                .configure_mesh()
                .disable_x_mesh()
                .max_light_lines(1)
                .light_line_style(TRANSPARENT)
                .y_label_formatter(&tick)
                .y_desc(y_label)
                .x_labels(points.min(7))
                .x_label_formatter(&|i| x_labels.get(*i).cloned().unwrap_or_default())
                .label_style((FONT, FONT_SIZE))
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

/// What one drawing of a chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The background, the axes, their ticks and labels: what the chart draws before its data.
    Axes,
    /// The data (and the legend), on a frame of the same size and margins.
    Data,
    /// Both, on one canvas.
    All,
}

/// How a chart is drawn: its axes kept and its data drawn alone, or all in one pass (the
/// reference the two passes must equal, in the tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Passes {
    Two,
    #[cfg(test)]
    One,
}

/// How many charts' axes are kept, at most (past it a chart is drawn in one pass).
const AXES_KEPT: usize = 4096;

/// What decides a chart's axes: its kind, its top and its labels.
fn axes_key<'a>(kind: &str, top: f64, labels: impl Iterator<Item = &'a str>) -> String {
    let mut key = format!("{kind}\u{0}{}", top.to_bits());
    for label in labels {
        key.push('\u{0}');
        key.push_str(label);
    }
    key
}

/// A chart drawn by `draw`. In two passes: its axes, kept by `key` (tens of thousands of unit
/// pages share a few axes), and its data, joined as the axes' SVG without its closing tag, then
/// the data's without its opening one. That is the SVG of drawing both on one canvas (plotters
/// writes each element as it is drawn, the axes before the data), which is what is drawn when
/// no more axes can be kept.
fn drawn(
    key: &str,
    passes: Passes,
    draw: impl Fn(&mut String, Part) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    type Kept = std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<str>>>;
    static AXES: std::sync::LazyLock<Kept> = std::sync::LazyLock::new(Kept::default);
    let kept = (AXES.lock().ok()).and_then(|axes| axes.get(key).cloned());
    let room = || AXES.lock().is_ok_and(|axes| axes.len() < AXES_KEPT);
    let axes = match kept {
        Some(axes) if passes == Passes::Two => axes,
        None if passes == Passes::Two && room() => {
            let mut svg = String::new();
            draw(&mut svg, Part::Axes)?;
            let svg: std::sync::Arc<str> = svg.into();
            if let Ok(mut axes) = AXES.lock() {
                axes.insert(key.to_string(), svg.clone());
            }
            svg
        }
        _ => {
            let mut svg = String::new();
            draw(&mut svg, Part::All)?;
            return Ok(svg);
        }
    };
    let mut data = String::new();
    draw(&mut data, Part::Data)?;
    let opened = axes.strip_suffix("</svg>\n").unwrap_or(&axes);
    let body = data.find('\n').map_or("", |end| &data[end + 1..]);
    Ok([opened, body].concat())
}

/// One unit's rank interval: its name, the 5th percentile, median and 95th percentile rank.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
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
pub fn intervals(
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
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&tick)
            .x_desc(x_label)
            .y_labels(rows.len().max(1))
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => (rows.len().checked_sub(i + 1))
                    .and_then(|k| rows.get(k))
                    .map_or_else(String::new, |r| r.label.clone()),
                _ => String::new(),
            })
            .label_style((FONT, FONT_SIZE))
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

/// The y range of a chart over periods: from 0 up, or (inverted, values negated) from just below
/// the largest value to just above the smallest.
fn y_range(series: &[(String, Vec<Option<f64>>)], invert: bool) -> (f64, f64) {
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
pub fn periods(
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
        }
        let label_at = |x: &f64| {
            let i = x.round();
            ((x - i).abs() < 1e-6 && i >= 0.0)
                .then(|| x_labels.get(i as usize).cloned())
                .flatten()
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|v| tick(&(v * sign)))
            .y_desc(y_label)
            .x_labels(points * 2 - 1)
            .x_label_formatter(&label_at)
            .label_style((FONT, FONT_SIZE))
            .draw()
            .map_err(fail(name))?;
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

/// Points of two ranks, one per unit (rank under A against rank under B), with the diagonal.
pub fn scatter(
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
        chart
            .configure_mesh()
            .max_light_lines(1)
            .light_line_style(TRANSPARENT)
            .x_label_formatter(&tick)
            .y_label_formatter(&tick)
            .x_desc(labels.0)
            .y_desc(labels.1)
            .label_style((FONT, FONT_SIZE))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Charts drawn in two parts, with their axes kept, are the charts drawn in one pass: for
    /// many waterfalls and line charts, some sharing axes and some not, each drawn twice.
    #[test]
    fn kept_axes_follow_the_legend_room() {
        // Regression: two charts of the same top and labels but legends of one and two rows
        // shared axes, so a unit page depended on which page drew first.
        let x: Vec<String> = ["1月1日", "1月8日"].map(String::from).to_vec();
        let one = vec![("甲".to_string(), vec![1.0, 11.0])];
        let four: Vec<(String, Vec<f64>)> = (0..4)
            .map(|k| (format!("账号{k}"), vec![1.0, 11.0]))
            .collect();
        for series in [&one, &four, &one] {
            assert_eq!(
                lines("l", &x, series, "每周发布").unwrap(),
                lines_drawn("l", &x, series, "每周发布", Passes::One).unwrap()
            );
        }
    }

    #[test]
    fn charts_with_kept_axes_are_the_charts_drawn_in_one_pass() {
        let mut rng = crate::rng::Rng::new(16, 2, 0);
        let labels = ["满分", "信息更新", "互动<回应>", "基数", "得分"];
        for _ in 0..200 {
            let n = 2 + (rng.next_u64() % 4) as usize;
            let mut steps: Vec<Step> = (0..n)
                .map(|i| Step {
                    label: labels[i % labels.len()].into(),
                    value: -((rng.next_u64() % 30) as f64) / 2.0,
                    total: false,
                })
                .collect();
            steps[0] = Step {
                label: "满分".into(),
                value: if rng.chance(0.2) { 104.0 } else { 100.0 },
                total: true,
            };
            for _ in 0..2 {
                assert_eq!(
                    waterfall("w", &steps).unwrap(),
                    waterfall_drawn("w", &steps, Passes::One).unwrap()
                );
            }
            let weeks = 1 + (rng.next_u64() % 14) as usize;
            let x: Vec<String> = (0..weeks).map(|w| format!("07-{:02}", w + 1)).collect();
            let series: Vec<(String, Vec<f64>)> = (0..(rng.next_u64() % 8))
                .map(|k| {
                    let values = (0..weeks).map(|_| (rng.next_u64() % 12) as f64).collect();
                    (format!("账号{k}（微博）&"), values)
                })
                .collect();
            for _ in 0..2 {
                assert_eq!(
                    lines("l", &x, &series, "每周发布").unwrap(),
                    lines_drawn("l", &x, &series, "每周发布", Passes::One).unwrap()
                );
            }
        }
    }

    /// Regression (issue 26): an earlier run's inf, NaN or 1e308 hung plotters' tick search for
    /// ever; every chart of values over periods or points now draws only what it can.
    #[test]
    fn values_that_are_no_numbers_or_absurd_are_left_out_of_every_chart() {
        let labels: Vec<String> = ["一", "二", "三"].map(String::from).to_vec();
        for bad in [f64::INFINITY, f64::NAN, 1e308, -1e308, 1e307 * 100.0] {
            let series = vec![("率".to_string(), vec![Some(bad), Some(0.5), Some(0.7)])];
            for invert in [false, true] {
                let svg = periods("t", &labels, &series, "分", &[1], invert, Some(60.0)).unwrap();
                assert!(!svg.contains("inf") && !svg.contains("NaN"));
            }
            let flat = vec![("率".to_string(), vec![bad, 0.5, 0.7])];
            assert!(lines("t", &labels, &flat, "分").is_ok());
            assert!(scatter("t", &[(bad, 1.0), (2.0, 3.0)], ("甲", "乙")).is_ok());
        }
    }

    #[test]
    fn charts_are_svg_with_escaped_text() {
        let svg = bars(
            "test",
            &["<b>&".to_string(), "合格".to_string()],
            &[3.0, 5.0],
            "账号数",
        )
        .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(
            svg.contains("&lt;b&gt;&amp;") || svg.contains("&lt;b>&amp;"),
            "{svg}"
        );
        assert!(!svg.contains("<b>"));
        let steps = [
            Step {
                label: "满分".into(),
                value: 100.0,
                total: true,
            },
            Step {
                label: "信息更新".into(),
                value: -10.0,
                total: false,
            },
            Step {
                label: "得分".into(),
                value: 90.0,
                total: true,
            },
        ];
        assert!(waterfall("w", &steps).unwrap().contains("</svg>"));
        assert!(
            lines(
                "l",
                &["1".into(), "2".into()],
                &[("a".into(), vec![1.0, 2.0])],
                "n"
            )
            .unwrap()
            .contains("</svg>")
        );
        assert!(
            histogram("h", &[0.0, 10.0, 20.0], &[1, 2], 10.0)
                .unwrap()
                .contains("</svg>")
        );
    }
}
