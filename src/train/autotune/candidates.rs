//! The candidates of a round: likely winners first, then one setting at a time, then a finer
//! pass ([`candidates`]).

use super::{Grams, Settings};
use crate::model::ClassifierKind;

/// Batches of candidates in a round ([`candidates`]).
pub(super) const BATCHES: usize = 10;

/// Rounds of coordinate descent at most.
pub(super) const MAX_ROUNDS: usize = 4;

/// Candidates of batch `batch` (0 to [`BATCHES`]) around the incumbent `at`, in the order they
/// are tried. `n` items: larger sets try selected columns before every column.
pub(super) fn candidates(batch: usize, at: &Settings, n: usize) -> Vec<Settings> {
    let with = |f: &dyn Fn(&mut Settings)| {
        let mut s = at.clone();
        f(&mut s);
        s
    };
    let grams = |min_n, max_n, weight| {
        Some(Grams {
            min_n,
            max_n,
            weight,
        })
    };
    let every = |s: &mut Settings| {
        s.features_per_topic = usize::MAX;
        s.features_per_positive = usize::MAX;
    };
    let more = |s: &mut Settings| {
        s.features_per_topic = 10_000;
        s.features_per_positive = 200;
    };
    let selected = |s: &mut Settings| {
        s.features_per_topic = 2000;
        s.features_per_positive = 50;
    };
    // Every column costs `rows³` (the row space) but little per trial after that; more
    // selected columns cost `rows × columns` per topic and fold. Small sets try every column
    // first, large ones more selected columns.
    let large = n > crate::train::SMALL_SET_ITEMS;
    // The study's short-text features (every column, character 2-5-grams, min_df 1).
    let study = |s: &mut Settings| {
        every(s);
        s.char_grams = grams(2, 5, 0.5);
        s.min_df = 1;
    };
    // The linear SVM at C = 1, on every column: a fit costs the rows' stored entries per pass
    // (no row space, no selection), so it is cheap at any size.
    let svm = |s: &mut Settings| {
        s.classifier = ClassifierKind::Svm;
        s.alpha = 1.0;
    };
    let out = match batch {
        // Likely winners: for large sets the linear SVM on every column, then more selected
        // columns; for small ones the study's short-text settings with alpha 0.01 (the study's
        // winner with logistic regression; here with the base classifier) and the SVM on
        // those features.
        0 if large => vec![
            with(&|s| {
                every(s);
                svm(s);
            }),
            with(&more),
        ],
        0 => vec![
            with(&|s| {
                study(s);
                s.alpha = 0.01;
            }),
            with(&|s| {
                study(s);
                svm(s);
            }),
        ],
        1 if large => vec![with(&selected), with(&every)],
        1 => vec![with(&every), with(&selected)],
        2 => vec![
            with(&|s| s.char_grams = grams(2, 5, 0.5)),
            with(&|s| s.char_grams = grams(2, 5, 1.0)),
            with(&|s| s.char_grams = None),
        ],
        3 => vec![
            with(&|s| s.alpha = 0.01),
            with(&|s| s.alpha = 1.0),
            with(&|s| s.alpha = 0.1),
        ],
        4 => vec![with(&|s| s.min_df = 1), with(&|s| s.min_df = 2)],
        5 => vec![with(&|s| s.bigrams = !s.bigrams)],
        6 => vec![
            with(&|s| {
                s.classifier = ClassifierKind::Logistic;
                s.alpha = 0.1;
            }),
            with(&svm),
            with(&|s| {
                s.classifier = ClassifierKind::Bayes;
                s.alpha = 0.1;
            }),
            with(&|s| {
                s.classifier = ClassifierKind::Bayes;
                s.alpha = 0.01;
            }),
        ],
        7 => vec![with(&|s| s.max_iterations = 300)],
        // The finer pass.
        8 => vec![
            with(&|s| s.alpha = round2(s.alpha * 3.0)),
            with(&|s| s.alpha = round2(s.alpha / 3.0)),
        ],
        9 => match at.char_grams {
            Some(g) => vec![
                with(&|s| s.char_grams = grams(g.min_n, g.max_n, (g.weight - 0.2).max(0.1))),
                with(&|s| s.char_grams = grams(g.min_n, g.max_n, g.weight + 0.25)),
                with(&|s| s.char_grams = grams(3, 5, g.weight)),
                with(&|s| s.char_grams = grams(1, 4, g.weight)),
            ],
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    // Settings that change nothing for this classifier are not tried.
    let useful = |s: &Settings| {
        s.classifier != ClassifierKind::Bayes || s.max_iterations == at.max_iterations
    };
    out.into_iter().filter(|s| s != at && useful(s)).collect()
}

/// `x` to two significant digits (`0.0033`, not `0.0033333333333333335`).
pub(super) fn round2(x: f64) -> f64 {
    if !(x > 0.0 && x.is_finite()) {
        return x;
    }
    let scale = 10f64.powi(1 - x.log10().floor() as i32);
    let r = (x * scale).round() / scale;
    // Through the shortest decimal, so that it prints as written.
    format!("{r:.12}").parse::<f64>().unwrap_or(r)
}
