//! The evaluation report: one self-contained HTML page with SVG charts.
//!
//! [`render`] turns an [`EvalReport`] and the per-item outcomes behind it (gold topics,
//! probabilities, predicted topics) into a page that needs nothing else: inline CSS, inline
//! SVG drawn by `plotters` (its SVG backend, text measured by its built-in estimate, so no font
//! file is read), no script, no external URL. It shows
//! - the scores per topic and per language (tables whose cells carry `data-key` attributes,
//!   `LANG/TOPIC/METRIC`, with the very numbers `eval` prints);
//! - per topic, precision / recall / F1 bars with the support, the languages side by side, and
//!   precision, recall and F1 against the threshold with the model's threshold marked;
//! - a confusion view: per gold topic (or "none"), how many items got each predicted topic;
//! - the items the model got most wrong (highest-scoring false positives, lowest-scoring
//!   misses), their words coloured by their contribution to the topic (see [`crate::explain`]);
//! - the model's metadata.
//!
//! The library builds the page as a string; the binary writes it.

use crate::eval::{EvalReport, Prf, Scores};
use crate::explain::contributions;
use crate::lang::Lang;
use crate::tagger::Tagger;
use crate::text::Analyzer;
use crate::{Error, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;
use std::fmt::Write as _;

/// One evaluated item: what it is, what it should get, what it got.
#[derive(Clone, Debug)]
pub struct ItemOutcome {
    pub text: String,
    /// The language pipeline the item went through (`None`: language-neutral).
    pub lang: Option<Lang>,
    /// Gold topics (indices into the model's topics).
    pub gold: Vec<usize>,
    /// Probability of every topic.
    pub probs: Vec<f32>,
    /// Predicted topics.
    pub pred: Vec<usize>,
}

/// Where the numbers come from, for the page's header.
#[derive(Clone, Debug, Default)]
pub struct ReportSource {
    /// The model file (empty for cross-validation, which trains its own).
    pub model_file: String,
    /// The labelled file scored.
    pub data_file: String,
    /// `Some(k)`: out-of-fold scores of `k`-fold cross-validation.
    pub cv_folds: Option<usize>,
    /// One threshold for every topic instead of the model's tuned ones.
    pub threshold: Option<f32>,
}

/// Items listed in each of the "most wrong" tables.
pub const WORST_ITEMS: usize = 10;
/// Characters of an item's text shown in those tables.
const SHOWN_CHARS: usize = 1200;
/// Steps of the threshold axis.
const GRID: usize = 200;

const PRECISION: RGBColor = RGBColor(76, 114, 176);
const RECALL: RGBColor = RGBColor(221, 132, 82);
const F1: RGBColor = RGBColor(85, 168, 104);
const INK: RGBColor = RGBColor(40, 40, 40);

fn chart_error<E: std::fmt::Debug>(e: E) -> Error {
    Error::Config(format!("cannot draw a report chart: {e:?}"))
}

/// Escape text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page for `eval` over `items` with `tagger`'s model. `eval` must be the report of those
/// items (the binary computes both from the same predictions).
pub fn render(
    tagger: &Tagger,
    eval: &EvalReport,
    items: &[ItemOutcome],
    source: &ReportSource,
) -> Result<String> {
    let model = tagger.model();
    let topics = &model.topics;
    let thresholds: Vec<f32> = match source.threshold {
        Some(t) => vec![t; topics.len()],
        None => model.thresholds.clone(),
    };
    let mut h = String::with_capacity(1 << 20);
    let title = match source.cv_folds {
        Some(k) => format!("{k}-fold cross-validation on {}", source.data_file),
        None => format!("{} on {}", source.model_file, source.data_file),
    };
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched: a browser refuses any load this page might attempt.
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    let _ = writeln!(h, "<title>topictag report: {}</title>", esc(&title));
    h.push_str(STYLE);
    h.push_str("</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<h1>topictag evaluation report</h1>\n<p class=\"sub\">{}</p>",
        esc(&title)
    );
    summary(&mut h, eval, source);
    metadata(&mut h, tagger, source, &thresholds, items.len());
    h.push_str("<h2 id=\"scores\">Scores per topic</h2>\n<div class=\"tables\">\n");
    scores_table(&mut h, "all languages", "all", &eval.overall);
    if eval.by_language.len() > 1 {
        for (code, s) in &eval.by_language {
            scores_table(&mut h, &format!("language {code}"), code, s);
        }
    }
    h.push_str("</div>\n");
    confusion(&mut h, topics, items, model.exclusive);
    h.push_str("<h2 id=\"topics\">Each topic</h2>\n");
    h.push_str(LEGEND);
    for (t, name) in topics.iter().enumerate() {
        let _ = writeln!(
            h,
            "<section class=\"topic\" data-topic=\"{}\" id=\"topic-{t}\">\n<h3>{}</h3>\n<div class=\"charts\">",
            esc(name),
            esc(name)
        );
        let mut groups = vec![("all".to_string(), topic_of(&eval.overall, t))];
        if eval.by_language.len() > 1 {
            for (code, s) in &eval.by_language {
                groups.push((code.clone(), topic_of(s, t)));
            }
        }
        h.push_str(&bars_svg(&format!("{name}: scores by language"), &groups)?);
        let scores: Vec<f32> = items.iter().map(|i| i.probs[t]).collect();
        let gold: Vec<bool> = items.iter().map(|i| i.gold.contains(&t)).collect();
        let marked = (!model.exclusive).then_some(thresholds[t]);
        h.push_str(&threshold_svg(name, &scores, &gold, marked)?);
        h.push_str("</div>\n</section>\n");
    }
    worst(
        &mut h,
        tagger,
        items,
        &thresholds,
        source.cv_folds.is_some(),
    );
    h.push_str("<footer>Written by topictag ");
    h.push_str(env!("CARGO_PKG_VERSION"));
    h.push_str(
        ". Self-contained: no script, no font or image is fetched.</footer>\n</body>\n</html>\n",
    );
    Ok(h)
}

const STYLE: &str = "<style>
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #222;
  max-width: 1240px; margin: 0 auto; padding: 16px 20px; line-height: 1.4; }
h1 { margin-bottom: 0; } .sub { color: #555; margin-top: 4px; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { padding: 3px 8px; border: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
table.meta td { text-align: left; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; }
.charts { display: flex; flex-wrap: wrap; gap: 8px; }
.charts svg { width: 600px; max-width: 100%; height: auto; border: 1px solid #eee; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: -1px; }
.item { border: 1px solid #ddd; padding: 8px 10px; margin: 8px 0; font-size: 14px; }
.item .head { color: #444; font-size: 13px; margin-bottom: 4px; }
.note { color: #555; font-size: 13px; }
footer { margin-top: 32px; color: #777; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; }
  section.topic, .item, table { break-inside: avoid; }
  h2 { break-after: avoid; }
}
</style>
";

const LEGEND: &str = "<p class=\"legend\"><span style=\"background:#4c72b0\"></span>precision\
<span style=\"background:#dd8452\"></span>recall<span style=\"background:#55a868\"></span>F1\
 <span style=\"background:#282828;width:2px\"></span>the threshold used</p>\n";

fn topic_of(s: &Scores, t: usize) -> (Prf, u64) {
    (s.topics[t].prf, s.topics[t].support)
}

fn summary(h: &mut String, eval: &EvalReport, source: &ReportSource) {
    let o = &eval.overall;
    let _ = write!(
        h,
        "<p class=\"summary\"><b>{}</b> items: micro-F1 <b>{:.3}</b>, macro-F1 <b>{:.3}</b>, ",
        o.items, o.micro.f1, o.macro_avg.f1
    );
    match o.accuracy {
        Some(a) => {
            let _ = write!(h, "accuracy <b>{a:.3}</b>");
        }
        None => {
            let _ = write!(h, "exact match <b>{:.3}</b>", o.exact_match);
        }
    }
    if eval.by_language.len() > 1 {
        let per: Vec<String> = eval
            .by_language
            .iter()
            .map(|(c, s)| format!("{} {} items micro-F1 {:.3}", esc(c), s.items, s.micro.f1))
            .collect();
        let _ = write!(h, "; {}", per.join("; "));
    }
    h.push_str(".</p>\n");
    if let Some(k) = source.cv_folds {
        let _ = writeln!(
            h,
            "<p class=\"note\">Out-of-fold scores: each item was scored by the model of the {k} \
             folds that did not train on it, at the thresholds tuned on these same out-of-fold \
             scores.</p>"
        );
    }
}

fn metadata(
    h: &mut String,
    tagger: &Tagger,
    source: &ReportSource,
    thresholds: &[f32],
    items: usize,
) {
    let m = tagger.model();
    let meta = &m.meta;
    let v = &m.vectorizer;
    let fc = v.config();
    let mut rows: Vec<(&str, String)> = Vec::new();
    if !source.model_file.is_empty() {
        rows.push(("model file", source.model_file.clone()));
    }
    rows.push((
        "evaluated on",
        format!("{} ({items} items)", source.data_file),
    ));
    rows.push((
        "trained on",
        format!(
            "{} ({} items, seed {})",
            meta.data_file, meta.trained_items, meta.seed
        ),
    ));
    let langs: Vec<String> = meta
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    rows.push(("training languages", langs.join(", ")));
    rows.push((
        "classifier",
        format!(
            "{} ({})",
            meta.classifier.name(),
            if m.exclusive {
                "exclusive: one topic per item"
            } else {
                "multi-label"
            }
        ),
    ));
    rows.push((
        "routing",
        format!(
            "allow {} (confidence floor {})",
            m.routing.allow.join(", "),
            m.routing.floor
        ),
    ));
    rows.push((
        "analyzer",
        format!(
            "stop words {}, stemming {}, terms of {} to {} characters",
            if m.analyzer.stop_words {
                "dropped"
            } else {
                "kept"
            },
            if m.analyzer.stem { "on" } else { "off" },
            m.analyzer.min_chars,
            m.analyzer.max_chars
        ),
    ));
    let grams = fc
        .char_grams
        .as_ref()
        .map(|c| {
            format!(
                "; {} character {}-{}-grams (weight {})",
                v.len() - v.word_columns(),
                c.min_n,
                c.max_n,
                c.weight
            )
        })
        .unwrap_or_default();
    rows.push((
        "features",
        format!(
            "{} terms (min_df {}, max_df {}{}){grams}",
            v.word_columns(),
            fc.min_df,
            fc.max_df,
            if fc.bigrams { ", bigrams" } else { "" }
        ),
    ));
    if let Some(cv) = &meta.cv {
        let acc = cv
            .accuracy
            .map(|a| format!(", accuracy {a:.3}"))
            .unwrap_or_default();
        rows.push((
            "training cv scores",
            format!(
                "micro-F1 {:.3}, macro-F1 {:.3}{acc} ({} folds)",
                cv.micro_f1, cv.macro_f1, cv.folds
            ),
        ));
    }
    let th: Vec<String> = m
        .topics
        .iter()
        .zip(thresholds)
        .map(|(t, p)| format!("{t} {p:.2}"))
        .collect();
    rows.push((
        if source.threshold.is_some() {
            "threshold (--threshold)"
        } else if m.exclusive {
            "thresholds (unused: the strongest topic wins)"
        } else {
            "thresholds (tuned)"
        },
        th.join(", "),
    ));
    rows.push(("written by", format!("topictag {}", meta.tool_version)));
    h.push_str("<h2 id=\"model\">Model</h2>\n<table class=\"meta\">\n");
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    h.push_str("</table>\n");
}

fn scores_table(h: &mut String, caption: &str, key: &str, s: &Scores) {
    let key = esc(key);
    let _ = writeln!(
        h,
        "<table class=\"scores\" data-lang=\"{key}\"><caption>{} ({} items)</caption>\n\
         <tr><th>topic</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>",
        esc(caption),
        s.items
    );
    for t in &s.topics {
        let name = esc(&t.topic);
        let _ = writeln!(
            h,
            "<tr><td>{name}</td><td data-key=\"{key}/{name}/precision\">{:.3}</td>\
             <td data-key=\"{key}/{name}/recall\">{:.3}</td><td data-key=\"{key}/{name}/f1\">{:.3}</td>\
             <td data-key=\"{key}/{name}/support\">{}</td><td data-key=\"{key}/{name}/predicted\">{}</td></tr>",
            t.prf.precision, t.prf.recall, t.prf.f1, t.support, t.predicted
        );
    }
    for (name, p) in [("micro", &s.micro), ("macro", &s.macro_avg)] {
        let _ = writeln!(
            h,
            "<tr><th>{name} avg</th><td data-key=\"{key}/{name}/precision\">{:.3}</td>\
             <td data-key=\"{key}/{name}/recall\">{:.3}</td><td data-key=\"{key}/{name}/f1\">{:.3}</td><td></td><td></td></tr>",
            p.precision, p.recall, p.f1
        );
    }
    match s.accuracy {
        Some(a) => {
            let _ = writeln!(
                h,
                "<tr><th>accuracy</th><td colspan=\"5\" data-key=\"{key}/accuracy\">{a:.3}</td></tr>"
            );
        }
        None => {
            let _ = writeln!(
                h,
                "<tr><th>exact match</th><td colspan=\"5\" data-key=\"{key}/exact_match\">{:.3}</td></tr>",
                s.exact_match
            );
        }
    }
    h.push_str("</table>\n");
}

/// Gold topic (rows, plus "none") against predicted topics (columns, plus "none"): how many
/// items with that gold topic got that predicted topic. For exclusive models each item has one
/// of each, so this is the usual confusion matrix.
fn confusion(h: &mut String, topics: &[String], items: &[ItemOutcome], exclusive: bool) {
    let n = topics.len();
    let mut cells = vec![vec![0u64; n + 1]; n + 1];
    let mut row_items = vec![0u64; n + 1];
    for it in items {
        let gold: Vec<usize> = if it.gold.is_empty() {
            vec![n]
        } else {
            it.gold.clone()
        };
        let pred: Vec<usize> = if it.pred.is_empty() {
            vec![n]
        } else {
            it.pred.clone()
        };
        for &g in &gold {
            row_items[g] += 1;
            for &p in &pred {
                cells[g][p] += 1;
            }
        }
    }
    let name = |i: usize| if i == n { "none" } else { topics[i].as_str() };
    h.push_str("<h2 id=\"confusion\">Confusion</h2>\n<p class=\"note\">");
    if exclusive {
        h.push_str("Rows: the gold topic; columns: the predicted one; cells: items.");
    } else {
        h.push_str(
            "Rows: a gold topic (or none); columns: a predicted topic (or none); a cell counts \
             the items with that gold topic that were given that topic, so an item with two gold \
             or two predicted topics counts in several cells. The diagonal holds the true \
             positives; a row's other cells show what its items were taken for.",
        );
    }
    h.push_str("</p>\n<table class=\"confusion\">\n<tr><th>gold \\ predicted</th>");
    for p in 0..=n {
        let _ = write!(h, "<th>{}</th>", esc(name(p)));
    }
    h.push_str("<th>items</th></tr>\n");
    for (g, row) in cells.iter().enumerate() {
        if g == n && row_items[n] == 0 {
            continue;
        }
        let _ = write!(h, "<tr><th>{}</th>", esc(name(g)));
        for (p, &c) in row.iter().enumerate() {
            let share = if row_items[g] == 0 {
                0.0
            } else {
                c as f64 / row_items[g] as f64
            };
            let (r, gr, b) = if p == g {
                (85, 168, 104)
            } else {
                (196, 78, 82)
            };
            let _ = write!(
                h,
                "<td data-cell=\"{}/{}\" style=\"background:rgba({r},{gr},{b},{:.2})\">{c}</td>",
                esc(name(g)),
                esc(name(p)),
                (share * 0.8).min(0.8)
            );
        }
        let _ = writeln!(h, "<td>{}</td></tr>", row_items[g]);
    }
    h.push_str("</table>\n");
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
fn bars_svg(title: &str, groups: &[(String, (Prf, u64))]) -> Result<String> {
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
fn threshold_svg(
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

/// One (item, topic) the model got wrong.
struct Wrong {
    item: usize,
    topic: usize,
}

fn worst(h: &mut String, tagger: &Tagger, items: &[ItemOutcome], thresholds: &[f32], cv: bool) {
    let model = tagger.model();
    let (mut fps, mut misses) = (Vec::new(), Vec::new());
    for (i, it) in items.iter().enumerate() {
        for t in 0..model.topics.len() {
            match (it.pred.contains(&t), it.gold.contains(&t)) {
                (true, false) => fps.push(Wrong { item: i, topic: t }),
                (false, true) => misses.push(Wrong { item: i, topic: t }),
                _ => {}
            }
        }
    }
    let p = |w: &Wrong| items[w.item].probs[w.topic];
    fps.sort_by(|a, b| p(b).total_cmp(&p(a)).then(a.item.cmp(&b.item)));
    misses.sort_by(|a, b| p(a).total_cmp(&p(b)).then(a.item.cmp(&b.item)));
    let analyzer = Analyzer::new(model.analyzer.clone());
    h.push_str(
        "<h2 id=\"wrong\">Most wrong</h2>\n<p class=\"note\">Each word is coloured by \
        its term's contribution (weight × TF-IDF value) to the topic's score: \
        <span style=\"background:rgba(214,39,40,0.5)\">red</span> pushed it up, \
        <span style=\"background:rgba(31,119,180,0.5)\">blue</span> down; hover for the figure. \
        Stop words and terms outside the vocabulary stay plain",
    );
    if model.vectorizer.config().char_grams.is_some() {
        h.push_str("; character n-grams are not coloured");
    }
    if cv {
        h.push_str(
            ". The scores are out-of-fold; the colours come from the model trained on every item",
        );
    }
    h.push_str(".</p>\n");
    for (title, list, what) in [
        ("Highest-scoring false positives", &fps, "given"),
        ("Lowest-scoring misses", &misses, "missed"),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        if list.is_empty() {
            h.push_str("<p class=\"note\">None.</p>\n");
        }
        for w in list.iter().take(WORST_ITEMS) {
            let it = &items[w.item];
            let names = |ts: &[usize]| -> String {
                if ts.is_empty() {
                    "none".into()
                } else {
                    ts.iter()
                        .map(|&t| model.topics[t].as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let _ = writeln!(
                h,
                "<div class=\"item\" data-kind=\"{what}\"><div class=\"head\"><b>{}</b> {what} at \
                 probability {:.3} (threshold {:.2}) · gold: {} · predicted: {} · language {}</div>",
                esc(&model.topics[w.topic]),
                it.probs[w.topic],
                thresholds[w.topic],
                esc(&names(&it.gold)),
                esc(&names(&it.pred)),
                it.lang.map_or("und", |l| l.code())
            );
            coloured_text(h, tagger, &analyzer, it, w.topic);
            h.push_str("</div>\n");
        }
    }
}

/// The item's text (at most [`SHOWN_CHARS`] characters), each word whose term has a column
/// coloured by that column's contribution to `topic`.
fn coloured_text(
    h: &mut String,
    tagger: &Tagger,
    analyzer: &Analyzer,
    it: &ItemOutcome,
    topic: usize,
) {
    let model = tagger.model();
    let x = tagger.vectorize(&it.text, it.lang);
    let parts: HashMap<u32, f32> = contributions(model, &x, topic)
        .into_iter()
        .map(|c| (c.column, c.contribution))
        .collect();
    let scale = parts.values().fold(0f32, |m, c| m.max(c.abs())).max(1e-9);
    let end = it
        .text
        .char_indices()
        .nth(SHOWN_CHARS)
        .map_or(it.text.len(), |(i, _)| i);
    let text = &it.text[..end];
    let mut term = String::new();
    let mut last = 0;
    h.push_str("<div class=\"text\">");
    for (start, word) in crate::segment::word_indices(text) {
        h.push_str(&esc(&text[last..start]));
        last = start + word.len();
        let c = if analyzer.term_into(word, it.lang, &mut term) {
            model
                .vectorizer
                .column(&term)
                .and_then(|col| parts.get(&col).copied())
        } else {
            None
        };
        match c {
            Some(c) => {
                let alpha = 0.12 + 0.7 * (c.abs() / scale);
                let rgb = if c > 0.0 { "214,39,40" } else { "31,119,180" };
                let _ = write!(
                    h,
                    "<span style=\"background:rgba({rgb},{alpha:.2})\" title=\"{}: {c:+.3}\">{}</span>",
                    esc(&term),
                    esc(word)
                );
            }
            None => h.push_str(&esc(word)),
        }
    }
    h.push_str(&esc(&text[last..]));
    if end < it.text.len() {
        h.push('…');
    }
    h.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curve_counts_items_at_or_above_the_threshold() {
        let scores = [0.9, 0.6, 0.6, 0.2];
        let gold = [true, false, true, true];
        let c = threshold_curve(&scores, &gold, 10);
        assert_eq!(c.len(), 11);
        // At 0.6: three items kept, two right; recall 2/3.
        let p = c[6];
        assert_eq!(p.precision, Some(2.0 / 3.0));
        assert_eq!(p.recall, 2.0 / 3.0);
        assert_eq!(p.f1, 4.0 / 6.0);
        // At 1.0 nothing is kept: precision undefined, recall 0.
        assert_eq!(c[10].precision, None);
        assert_eq!(c[10].recall, 0.0);
        // At 0 everything is kept.
        assert_eq!(c[0].precision, Some(0.75));
        assert_eq!(c[0].recall, 1.0);
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    /// Charts come out as SVG without reading any font file: plotters measures text with its
    /// built-in estimate (no `ttf` / `ab_glyph` feature), so this runs anywhere.
    #[test]
    fn charts_draw_without_fonts() {
        let prf = Prf {
            precision: 0.5,
            recall: 1.0,
            f1: 2.0 / 3.0,
        };
        let bars = bars_svg(
            "t <&>",
            &[("all".into(), (prf, 3)), ("es".into(), (prf, 1))],
        )
        .expect("bars");
        assert!(bars.starts_with("<svg"), "{bars}");
        assert!(bars.contains("support 3") && bars.contains("t &lt;&amp;&gt;"));
        let curve = threshold_svg("t", &[0.9, 0.1], &[true, false], Some(0.5)).expect("curve");
        assert!(
            curve.contains("<polyline") || curve.contains("<path"),
            "{curve}"
        );
        assert!(curve.contains("at threshold 0.50"));
    }
}
