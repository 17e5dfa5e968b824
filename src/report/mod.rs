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

mod charts;
mod tables;
mod worst;

pub use charts::{threshold_curve, CurvePoint};

use crate::eval::{EvalReport, Prf, Scores};
use crate::lang::Lang;
use crate::tagger::Tagger;
use crate::Result;
use charts::{bars_svg, threshold_svg};
use std::fmt::Write as _;
use tables::{confusion, metadata, scores_table};
use worst::worst;

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
