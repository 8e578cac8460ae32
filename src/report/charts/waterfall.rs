//! A unit's waterfall: from 100 through each item to its score.

use super::{
    ChartError, DOWN, FONT, FONT_SIZE, HEIGHT, Part, Passes, TOTAL, UP, WIDTH, axes_key, drawn,
    fail, mesh, tick,
};

use plotters::prelude::*;

/// One step of a waterfall: a label and a signed change, or a total bar.
pub(crate) struct Step {
    /// What the step is.
    pub label: String,
    /// The change (negative lowers), or the level for a total.
    pub value: f64,
    /// A total bar drawn from zero rather than a change.
    pub total: bool,
}

/// A waterfall from 100 to a unit's score.
pub(crate) fn waterfall(name: &'static str, steps: &[Step]) -> Result<String, ChartError> {
    waterfall_drawn(name, steps, Passes::Two)
}

pub(super) fn waterfall_drawn(
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
            mesh(&mut chart)
                .disable_x_mesh()
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
