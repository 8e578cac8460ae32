//! The report's charts, one function each, drawn with plotters as inline SVG (text stays text,
//! so Chinese renders with the viewer's fonts). They take finished numbers and never compute
//! statistics; palette and sizes are the constants below, the shared set-up (ticks, legends, the
//! kept axes) here, each chart in its own file.

mod bars;
mod histogram;
mod intervals;
mod lines;
mod periods;
mod scatter;
mod waterfall;

pub(crate) use bars::bars;
pub(crate) use histogram::histogram;
pub(crate) use intervals::{Interval, intervals};
pub(crate) use lines::lines;
pub(crate) use periods::periods;
pub(crate) use scatter::scatter;
pub(crate) use waterfall::{Step, waterfall};

use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

/// Bars and lines, in order of use.
pub(crate) const PALETTE: [RGBColor; 6] = [
    RGBColor(0x1f, 0x5f, 0xa8),
    RGBColor(0xd9, 0x7b, 0x29),
    RGBColor(0x3a, 0x9a, 0x5b),
    RGBColor(0xb8, 0x3b, 0x3b),
    RGBColor(0x7b, 0x5e, 0xa7),
    RGBColor(0x60, 0x60, 0x60),
];
/// Steps that lower a score (waterfall).
pub(crate) const DOWN: RGBColor = RGBColor(0xb8, 0x3b, 0x3b);
/// Steps that raise it.
pub(crate) const UP: RGBColor = RGBColor(0x3a, 0x9a, 0x5b);
/// Totals (start and end of a waterfall).
pub(crate) const TOTAL: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// Chart width in pixels (fits A4 portrait at print scale).
pub(crate) const WIDTH: u32 = 560;
/// Chart height in pixels.
pub(crate) const HEIGHT: u32 = 260;
/// Label font.
pub(crate) const FONT: &str = "sans-serif";
/// Label size.
pub(crate) const FONT_SIZE: u32 = 13;

/// A chart's mesh as every chart starts it: light lines not drawn (transparent ones are skipped
/// by the SVG backend; `max_light_lines(0)` would make plotters loop forever), labels in the
/// charts' font.
fn mesh<'a, 'b, X, Y, XT, YT, DB>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    let mut style = chart.configure_mesh();
    style
        .max_light_lines(1)
        .light_line_style(TRANSPARENT)
        .label_style((FONT, FONT_SIZE));
    style
}

/// Axis numbers as people write them: `80`, `2.5`.
fn tick(value: &f64) -> String {
    crate::present::number(*value)
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart {name}: {message}")]
pub(crate) struct ChartError {
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

#[cfg(test)]
mod tests {
    use super::lines::lines_drawn;
    use super::waterfall::waterfall_drawn;
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
