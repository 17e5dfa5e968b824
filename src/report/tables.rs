//! The report's tables: the model's metadata, the scores per topic, the confusion view.

use super::{esc, ItemOutcome, ReportSource};
use crate::eval::{shown, Scores};
use crate::plural::counted;
use crate::tagger::Tagger;
use std::fmt::Write as _;

pub(super) fn metadata(
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
        format!("{} ({})", source.data_file, counted(items, "item")),
    ));
    rows.push((
        "trained on",
        format!(
            "{} ({}, seed {})",
            meta.data_file,
            counted(meta.trained_items, "item"),
            meta.seed
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
    if let Some(h) = &meta.held_out {
        let chosen = h.topics.iter().filter(|t| t.chosen.is_some()).count();
        rows.push((
            "thresholds chosen on",
            format!(
                "{} held-out rows ({}): {chosen} of {} topics",
                h.rows,
                h.files.join(", "),
                h.topics.len()
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

pub(super) fn scores_table(h: &mut String, caption: &str, key: &str, s: &Scores) {
    let key = esc(key);
    let _ = writeln!(
        h,
        "<table class=\"scores\" data-lang=\"{key}\"><caption>{} ({})</caption>\n\
         <tr><th>topic</th><th>precision</th><th>recall</th><th>F1</th><th>support</th><th>predicted</th></tr>",
        esc(caption),
        counted(s.items, "item")
    );
    for t in &s.topics {
        let name = esc(&t.topic);
        let [p, r, f1] = t.defined().map(shown);
        let _ = writeln!(
            h,
            "<tr><td>{name}</td><td data-key=\"{key}/{name}/precision\">{p}</td>\
             <td data-key=\"{key}/{name}/recall\">{r}</td><td data-key=\"{key}/{name}/f1\">{f1}</td>\
             <td data-key=\"{key}/{name}/support\">{}</td><td data-key=\"{key}/{name}/predicted\">{}</td></tr>",
            t.support, t.predicted
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
pub(super) fn confusion(h: &mut String, topics: &[String], items: &[ItemOutcome], exclusive: bool) {
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
