//! The report's SVG charts, drawn by `plotters`: score bars per language and precision /
//! recall / F1 against the threshold.

use crate::eval::Prf;
use crate::{Error, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Steps of the threshold axis.
const GRID: usize = 200;

const PRECISION: RGBColor = RGBColor(76, 114, 176);
const RECALL: RGBColor = RGBColor(221, 132, 82);
const F1: RGBColor = RGBColor(85, 168, 104);
const INK: RGBColor = RGBColor(40, 40, 40);

fn chart_error<E: std::fmt::Debug>(e: E) -> Error {
    Error::Config(format!("cannot draw a report chart: {e:?}"))
}

/// Draw into an SVG string of `w` × `h` pixels.
fn svg(
    (w, height): (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        draw(&root)?;
        root.present().map_err(chart_error)?;
    }
    out.push('\n');
    Ok(out)
}

/// Precision, recall and F1 bars of one topic, one group per language, support above.
pub(super) fn bars_svg(title: &str, groups: &[(String, (Prf, u64))]) -> Result<String> {
    svg((600, 320), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(title, ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..groups.len() as f64, 0f64..1.15f64)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(7)
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style(("sans-serif", 12))
            .draw()
            .map_err(chart_error)?;
        let small = ("sans-serif", 11)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        for (g, (_, (prf, support))) in groups.iter().enumerate() {
            let values = [
                (prf.precision, PRECISION),
                (prf.recall, RECALL),
                (prf.f1, F1),
            ];
            for (m, (v, color)) in values.iter().enumerate() {
                let x0 = g as f64 + 0.1 + m as f64 * 0.27;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, 0.0), (x0 + 0.25, *v)],
                        color.filled(),
                    )))
                    .map_err(chart_error)?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("{v:.2}"),
                        (x0 + 0.125, v + 0.01),
                        small.clone(),
                    )))
                    .map_err(chart_error)?;
            }
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("support {support}"),
                    (g as f64 + 0.5, 1.12),
                    small.clone(),
                )))
                .map_err(chart_error)?;
        }
        let label = ("sans-serif", 13)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (g, (name, _)) in groups.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(g as f64 + 0.5, 0.0));
            root.draw(&Text::new(name.clone(), (x, y + 8), label.clone()))
                .map_err(chart_error)?;
        }
        Ok(())
    })
}

/// Precision, recall and F1 of one topic if it were assigned at each threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    pub threshold: f64,
    /// `None` when no item reaches the threshold.
    pub precision: Option<f64>,
    pub recall: f64,
    pub f1: f64,
}

/// The curve of one topic over `steps + 1` thresholds from 0 to 1: an item counts as
/// assigned when its score is at least the threshold (as tagging decides).
pub fn threshold_curve(scores: &[f32], gold: &[bool], steps: usize) -> Vec<CurvePoint> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut tp_prefix = vec![0u64; order.len() + 1];
    for (k, &i) in order.iter().enumerate() {
        tp_prefix[k + 1] = tp_prefix[k] + u64::from(gold[i]);
    }
    let positives = tp_prefix[order.len()];
    (0..=steps)
        .map(|s| {
            let threshold = s as f64 / steps as f64;
            at(
                scores,
                &order,
                &tp_prefix,
                positives,
                threshold as f32,
                threshold,
            )
        })
        .collect()
}

fn at(
    scores: &[f32],
    order: &[usize],
    tp_prefix: &[u64],
    positives: u64,
    cut: f32,
    threshold: f64,
) -> CurvePoint {
    let kept = order.partition_point(|&i| scores[i] >= cut);
    let tp = tp_prefix[kept];
    let fp = kept as u64 - tp;
    let fn_ = positives - tp;
    let div = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    CurvePoint {
        threshold,
        precision: (kept > 0).then(|| div(tp, kept as u64)),
        recall: div(tp, positives),
        f1: div(2 * tp, 2 * tp + fp + fn_),
    }
}

/// Precision, recall and F1 of one topic against the threshold, the threshold used marked.
pub(super) fn threshold_svg(
    topic: &str,
    scores: &[f32],
    gold: &[bool],
    marked: Option<f32>,
) -> Result<String> {
    let curve = threshold_curve(scores, gold, GRID);
    let mark = marked.map(|t| {
        let mut order: Vec<usize> = (0..scores.len()).collect();
        order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let mut prefix = vec![0u64; order.len() + 1];
        for (k, &i) in order.iter().enumerate() {
            prefix[k + 1] = prefix[k] + u64::from(gold[i]);
        }
        let positives = prefix[order.len()];
        at(scores, &order, &prefix, positives, t, t as f64)
    });
    let caption = match mark {
        Some(p) => format!(
            "{topic}: at threshold {:.2}, P {} R {:.2} F1 {:.2}",
            p.threshold,
            p.precision.map_or("-".to_string(), |v| format!("{v:.2}")),
            p.recall,
            p.f1
        ),
        None => format!("{topic}: against a threshold (not used: exclusive)"),
    };
    svg((600, 320), |root| {
        let mut chart = ChartBuilder::on(root)
            .caption(caption, ("sans-serif", 17))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..1f64, 0f64..1.02f64)
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .x_labels(11)
            .y_labels(6)
            .x_desc("threshold")
            .x_label_formatter(&|v| format!("{v:.1}"))
            .y_label_formatter(&|v| format!("{v:.1}"))
            .label_style(("sans-serif", 12))
            .light_line_style(RGBColor(238, 238, 238))
            .draw()
            .map_err(chart_error)?;
        let precision: Vec<(f64, f64)> = curve
            .iter()
            .filter_map(|p| p.precision.map(|v| (p.threshold, v)))
            .collect();
        let recall: Vec<(f64, f64)> = curve.iter().map(|p| (p.threshold, p.recall)).collect();
        let f1: Vec<(f64, f64)> = curve.iter().map(|p| (p.threshold, p.f1)).collect();
        for (points, color, name) in [
            (precision, PRECISION, "precision"),
            (recall, RECALL, "recall"),
            (f1, F1, "F1"),
        ] {
            chart
                .draw_series(LineSeries::new(points, color.stroke_width(2)))
                .map_err(chart_error)?
                .label(name)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                });
        }
        if let Some(p) = mark {
            chart
                .draw_series(LineSeries::new(
                    vec![(p.threshold, 0.0), (p.threshold, 1.0)],
                    INK.stroke_width(1),
                ))
                .map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (p.threshold, p.f1),
                    4,
                    F1.filled(),
                )))
                .map_err(chart_error)?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(chart_error)?;
        Ok(())
    })
}
