//! The items the model got most wrong, their words coloured by contribution.

use super::{esc, ItemOutcome, WORST_ITEMS};
use crate::explain::contributions;
use crate::tagger::Tagger;
use crate::text::Analyzer;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Characters of an item's text shown in those tables.
const SHOWN_CHARS: usize = 1200;

/// One (item, topic) the model got wrong.
struct Wrong {
    item: usize,
    topic: usize,
}

pub(super) fn worst(
    h: &mut String,
    tagger: &Tagger,
    items: &[ItemOutcome],
    thresholds: &[f32],
    cv: bool,
) {
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
