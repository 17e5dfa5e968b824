//! Training: labelled items in, a [`TopicModel`] and a [`TrainReport`] out.
//!
//! 1. every item is routed ([`crate::lang`]) and analyzed ([`crate::text`]);
//! 2. the TF-IDF vocabulary and IDF are learned from all items ([`crate::features`]);
//! 3. for each topic, one-vs-rest: the `features_per_topic` columns with the highest χ² against
//!    the topic are selected, a dense `ndarray` matrix of just those columns is built, and linfa
//!    fits a binary classifier (`linfa-logistic` by default, `linfa-bayes` multinomial NB on
//!    request). The fitted weights are mapped back to sparse vocabulary columns. Without
//!    selection and with fewer items than columns, logistic regression sees the items in an
//!    orthonormal basis of their span instead (`row_space`): one factorisation per fold
//!    serves every topic;
//! 4. with `folds >= 2`, the same is done on k folds to get out-of-fold probabilities, from
//!    which each topic's decision threshold is tuned (the F1-optimal cut) and the
//!    cross-validated scores are computed;
//! 5. the final scorers are fitted on all items.
//!
//! Items that know only some topics ([`LabelledItem::known`]) are examples only for those:
//! a topic's fit, its χ² counts, its intercept refit, its threshold and its cross-validated
//! scores leave out the items that do not know it. Data with such items is multi-label unless
//! `exclusive` is forced.
//!
//! Everything is deterministic for a given seed: folds come from a seeded shuffle, and
//! parallel work is collected in a fixed order.

mod row_space;

use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use crate::eval::{score_known, Scores};
use crate::features::{FeatureConfig, SparseVec, Vectorizer};
use crate::lang::{Detector, Lang, Route, DEFAULT_FLOOR};
use crate::model::{
    probabilities, ClassifierKind, CvScores, Inverted, Metadata, RoutingConfig, TopicModel,
    TopicWeights,
};
use crate::text::{Analyzer, AnalyzerConfig};
use linfa::prelude::*;
use ndarray::{Array1, Array2, ShapeBuilder};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// Training settings.
///
/// | name | default | purpose | range |
/// | --- | --- | --- | --- |
/// | `classifier` | logistic | linfa classifier per topic | logistic, bayes |
/// | `alpha` | 0.1 | L2 penalty (logistic, `1/C`) or additive smoothing (bayes) | > 0 |
/// | `max_iterations` | 100 | L-BFGS iterations (logistic); stopping early also regularises | >= 1 |
/// | `features_per_topic` | 2000 | χ²-selected columns each topic's classifier sees (see below) | >= 1 |
/// | `features_per_positive` | 50 | ... at most this many per positive item (`columns_for`) | >= 1 |
/// | `folds` | 4 | cross-validation folds for thresholds and scores; 0 or 1: none | 0..=20 |
/// | `seed` | 42 | seed of the fold shuffle | any |
/// | `allow` | all [`Lang`]s | languages the detector may answer | |
/// | `floor` | [`DEFAULT_FLOOR`] | detection confidence floor | 0..=1 |
/// | `exclusive` | auto | predict exactly one topic; auto: when every item has one label | |
///
/// When `features_per_topic` and `features_per_positive` are both at least the vocabulary size
/// (`usize::MAX` says so), every column is used; logistic regression on fewer items than columns
/// then fits through the row space (`items × items` instead of `items × columns`, the same
/// optimum; see `train/row_space.rs`).
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub analyzer: AnalyzerConfig,
    pub features: FeatureConfig,
    pub classifier: ClassifierKind,
    pub alpha: f64,
    pub max_iterations: u64,
    pub features_per_topic: usize,
    pub features_per_positive: usize,
    pub folds: usize,
    pub seed: u64,
    pub allow: Vec<Lang>,
    pub floor: f64,
    pub exclusive: Option<bool>,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            analyzer: AnalyzerConfig::default(),
            features: FeatureConfig::default(),
            classifier: ClassifierKind::Logistic,
            alpha: 0.1,
            max_iterations: 100,
            features_per_topic: 2000,
            features_per_positive: 50,
            folds: 4,
            seed: 42,
            allow: Lang::ALL.to_vec(),
            floor: DEFAULT_FLOOR,
            exclusive: None,
        }
    }
}

impl TrainConfig {
    /// Check the settings (linfa's params → checked params step).
    pub fn check(&self) -> Result<()> {
        let bad = |m: &str| Err(Error::Config(m.to_string()));
        if !(self.alpha > 0.0 && self.alpha.is_finite()) {
            return bad("alpha must be a positive number");
        }
        if self.max_iterations == 0 {
            return bad("max iterations must be at least 1");
        }
        if self.features_per_topic == 0 {
            return bad("features per topic must be at least 1");
        }
        if self.features_per_positive == 0 {
            return bad("features per positive item must be at least 1");
        }
        if self.folds > 20 {
            return bad("folds must be at most 20");
        }
        crate::settings::floor(self.floor).map_err(Error::Config)?;
        crate::settings::max_df(self.features.max_df.into()).map_err(Error::Config)?;
        if let Some(c) = &self.features.char_grams {
            c.check().map_err(Error::Config)?;
        }
        Ok(())
    }
}

/// What training saw and measured.
#[derive(Debug)]
pub struct TrainReport {
    pub items: usize,
    /// Topics with their item counts.
    pub topics: Vec<(String, u64)>,
    /// Routed language codes with their item counts.
    pub languages: Vec<(String, u64)>,
    /// The route of every item.
    pub routes: Vec<Route>,
    /// Gold topics of every item (indices into `topics`).
    pub gold: Vec<Vec<usize>>,
    /// Topics every item knows (indices into `topics`; `None`: every topic).
    pub known: Vec<Option<Vec<usize>>>,
    /// Items that know each topic (the item count where every item knows every topic).
    pub known_counts: Vec<u64>,
    /// Out-of-fold probabilities of every item (when `folds >= 2`).
    pub oof_probs: Option<Vec<Vec<f32>>>,
    /// Out-of-fold predictions at the tuned thresholds.
    pub oof_pred: Option<Vec<Vec<usize>>>,
    /// Cross-validated scores (thresholds tuned on the same out-of-fold probabilities).
    pub cv: Option<Scores>,
    pub exclusive: bool,
    pub warnings: Vec<String>,
}

/// A stage of training, for progress reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Analyze,
    Fit,
}

/// Train a model on `items`. `data_file` is stored in the metadata.
pub fn train(
    items: &[LabelledItem],
    data_file: &str,
    cfg: &TrainConfig,
) -> Result<(TopicModel, TrainReport)> {
    train_with_progress(items, data_file, cfg, &|_, _, _| {})
}

/// [`train`], calling `progress(stage, done, total)` as work completes.
pub fn train_with_progress(
    items: &[LabelledItem],
    data_file: &str,
    cfg: &TrainConfig,
    progress: &(dyn Fn(Stage, usize, usize) + Sync),
) -> Result<(TopicModel, TrainReport)> {
    cfg.check()?;
    if items.is_empty() {
        return Err(Error::Training("no items to train on".into()));
    }
    let mut warnings = Vec::new();

    // Topics, sorted, with counts.
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for it in items {
        for l in &it.labels {
            *counts.entry(l.as_str()).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return Err(Error::Training("no item has a label".into()));
    }
    // A topic on every item has no negative example: its classifier learns to say yes to
    // everything, and cross-validation scores it perfect (issue #18: a one-class file gave
    // "cv F1 1.000" and probability 1.0 on every text).
    if let Some((t, _)) = counts.iter().find(|(_, &c)| c as usize >= items.len()) {
        return Err(Error::Training(format!(
            "every item has the label '{t}': a classifier needs items without it too \
             (add items of other topics, or items with no label)"
        )));
    }
    let topics: Vec<String> = counts.keys().map(|s| s.to_string()).collect();
    for (t, c) in &counts {
        if *c < 2 {
            warnings.push(format!(
                "topic '{t}' has only {c} example; its classifier and threshold are unreliable"
            ));
        }
    }
    let gold: Vec<Vec<usize>> = items
        .iter()
        .map(|it| {
            it.labels
                .iter()
                .map(|l| topics.binary_search(l).expect("label collected above"))
                .collect()
        })
        .collect();
    let (known, known_rows) = known_topics(items, &topics, &gold)?;
    let known_counts: Vec<u64> = (0..topics.len())
        .map(|t| {
            known_rows[t]
                .as_ref()
                .map_or(items.len(), |m| m.iter().filter(|&&k| k).count()) as u64
        })
        .collect();
    for (t, name) in topics.iter().enumerate() {
        if known_rows[t].is_none() {
            continue;
        }
        let negatives = known_counts[t] - counts[name.as_str()];
        if negatives == 0 {
            return Err(Error::Training(format!(
                "topic '{name}' has no negative example: every item that knows it carries it; \
                 name it in the known topics of items that are not about it"
            )));
        }
        if negatives < 2 {
            warnings.push(format!(
                "topic '{name}' has only {negatives} negative example (an item that knows it \
                 without carrying it); its classifier and threshold are unreliable"
            ));
        }
    }
    let partial = known_rows.iter().any(Option::is_some);
    let exclusive = cfg
        .exclusive
        .unwrap_or_else(|| !partial && gold.iter().all(|g| g.len() == 1));

    // Route and analyze.
    let detector = Detector::new(cfg.allow.clone(), cfg.floor);
    let analyzer = Analyzer::new(cfg.analyzer.clone());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let analyzed: Vec<(Route, Vec<String>)> = items
        .par_iter()
        .map(|it| {
            let route = detector.route(&it.text, it.lang, None);
            let terms = analyzer.analyze(&it.text, route.lang);
            let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if d.is_multiple_of(256) || d == items.len() {
                progress(Stage::Analyze, d, items.len());
            }
            (route, terms)
        })
        .collect();
    let (routes, docs): (Vec<Route>, Vec<Vec<String>>) = analyzed.into_iter().unzip();
    let mut langs: BTreeMap<&str, u64> = BTreeMap::new();
    for r in &routes {
        *langs.entry(r.code()).or_default() += 1;
    }

    let texts: Vec<&str> = items.iter().map(|it| it.text.as_str()).collect();
    let vectorizer = Vectorizer::fit_with_texts(&docs, &texts, cfg.features.clone());
    if vectorizer.is_empty() {
        // Say which bound emptied it: without the upper one, would any term be left?
        let without_max = FeatureConfig {
            max_df: 1.0,
            ..cfg.features.clone()
        };
        let why = if cfg.features.max_df < 1.0
            && !Vectorizer::fit_with_texts(&docs, &texts, without_max).is_empty()
        {
            format!(
                "every term that occurs in at least {} items occurs in more than {} of the {} items (raise --max-df?)",
                cfg.features.min_df,
                cfg.features.max_df,
                items.len()
            )
        } else {
            format!(
                "no term occurs in at least {} items (lower --min-df?)",
                cfg.features.min_df
            )
        };
        return Err(Error::Training(format!("the vocabulary is empty: {why}")));
    }
    let x: Vec<SparseVec> = docs
        .par_iter()
        .zip(&texts)
        .map(|(d, t)| vectorizer.transform_with_text(d, t))
        .collect();
    drop(docs);
    let y: Vec<Vec<bool>> = (0..topics.len())
        .map(|t| gold.iter().map(|g| g.contains(&t)).collect())
        .collect();

    // Jobs: (fold, topic) for every cross-validation fold, then the final fit on all rows.
    let folds = if cfg.folds >= 2 {
        cfg.folds.min(items.len())
    } else {
        0
    };
    let fold_of = fold_assignment(items.len(), folds.max(1), cfg.seed);
    let final_fold = folds; // marker: "no held-out fold"
    let jobs: Vec<(usize, usize)> = (0..=folds)
        .filter(|&f| f == final_fold || folds >= 2)
        .flat_map(|f| (0..topics.len()).map(move |t| (f, t)))
        .collect();
    let total = jobs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let n_features = vectorizer.len();
    // Each fold's training rows and their document frequencies (what feature selection
    // needs of the rows, whichever the topic).
    let make_fold = |f: usize| -> Fold {
        let rows: Vec<usize> = (0..items.len())
            .filter(|&i| f == final_fold || fold_of[i] != f)
            .collect();
        Fold::new(&x, rows, n_features)
    };
    let fitted: Vec<TopicWeights> = if full_width(cfg, n_features, items.len()) {
        // Every column, fewer rows than columns: one factorisation per fold serves every
        // topic of that fold (see `row_space`); folds one after the other, topics in parallel.
        check_row_space(items.len())?;
        let mut fitted = Vec::with_capacity(jobs.len());
        for f in (0..=folds).filter(|&f| f == final_fold || folds >= 2) {
            let fold = make_fold(f);
            let nonempty: Vec<usize> = fold
                .rows
                .iter()
                .copied()
                .filter(|&r| x[r].nnz() > 0)
                .collect();
            let space = row_space::RowSpace::new(&x, nonempty, n_features);
            let weights = (0..topics.len())
                .into_par_iter()
                .with_max_len(1)
                .map(|t| {
                    let w = match &known_rows[t] {
                        None => fit_topic_row_space(&space, None, &x, &y[t], &fold, cfg),
                        Some(m) => {
                            let within: Vec<usize> = (0..space.rows.len())
                                .filter(|&i| m[space.rows[i]])
                                .collect();
                            let fold = fold.restrict(&x, m);
                            fit_topic_row_space(&space, Some(&within), &x, &y[t], &fold, cfg)
                        }
                    };
                    let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(Stage::Fit, d, total);
                    w
                })
                .collect::<Result<Vec<_>>>()?;
            fitted.extend(weights);
        }
        fitted
    } else {
        // Biggest fits first (cost ~ rows x columns), one job per rayon task, so that no core
        // waits on a big topic that started last. Results go back to job order.
        let positives: Vec<usize> = y.iter().map(|c| c.iter().filter(|&&b| b).count()).collect();
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&j| {
            let (f, t) = jobs[j];
            let share = if f == final_fold {
                folds.max(1)
            } else {
                folds - 1
            };
            std::cmp::Reverse((columns_for(positives[t], cfg).saturating_mul(share), j))
        });
        let fold_data: Vec<Fold> = (0..=folds).into_par_iter().map(make_fold).collect();
        let mut fitted: Vec<(usize, TopicWeights)> = order
            .par_iter()
            .with_max_len(1)
            .map(|&j| {
                let (f, t) = jobs[j];
                let w = match &known_rows[t] {
                    None => fit_topic(&x, &y[t], &fold_data[f], cfg),
                    Some(m) => fit_topic(&x, &y[t], &fold_data[f].restrict(&x, m), cfg),
                };
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(Stage::Fit, d, total);
                w.map(|w| (j, w))
            })
            .collect::<Result<Vec<_>>>()?;
        fitted.sort_unstable_by_key(|&(j, _)| j);
        fitted.into_iter().map(|(_, w)| w).collect()
    };

    let n_topics = topics.len();
    let (final_scorers, cv_scorers) = {
        let mut v = fitted;
        let fin = v.split_off(v.len() - n_topics);
        (fin, v)
    };

    let mut thresholds = vec![0.5f32; n_topics];
    let (mut oof_probs, mut oof_pred, mut cv) = (None, None, None);
    if folds >= 2 {
        // Each item scored by its fold's scorers, through the index the model scores with
        // (the same sums as a merge of each scorer with the item, in column order).
        let fold_scorers: Vec<&[TopicWeights]> = cv_scorers.chunks(n_topics).collect();
        let indexes: Vec<Inverted> = fold_scorers
            .par_iter()
            .map(|s| Inverted::new(s, n_features))
            .collect();
        let probs: Vec<Vec<f32>> = (0..items.len())
            .into_par_iter()
            .map(|i| {
                let f = fold_of[i];
                probabilities(indexes[f].logits(fold_scorers[f], &x[i]), exclusive)
            })
            .collect();
        thresholds.par_iter_mut().enumerate().for_each(|(t, th)| {
            *th = match &known_rows[t] {
                None => {
                    let scores: Vec<f32> = probs.iter().map(|p| p[t]).collect();
                    tune_threshold(&scores, &y[t])
                }
                Some(m) => {
                    let rows = (0..items.len()).filter(|&i| m[i]);
                    let scores: Vec<f32> = rows.clone().map(|i| probs[i][t]).collect();
                    let labels: Vec<bool> = rows.map(|i| y[t][i]).collect();
                    tune_threshold(&scores, &labels)
                }
            };
        });
        let pred: Vec<Vec<usize>> = probs
            .iter()
            .map(|p| decide(p, &thresholds, exclusive))
            .collect();
        cv = Some(score_known(&topics, &gold, &pred, &known, exclusive));
        oof_probs = Some(probs);
        oof_pred = Some(pred);
    }

    let topic_counts: Vec<u64> = topics.iter().map(|t| counts[t.as_str()]).collect();
    let languages: Vec<(String, u64)> = langs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let meta = Metadata {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        classifier: cfg.classifier,
        data_file: data_file.to_string(),
        trained_items: items.len() as u64,
        languages: languages.clone(),
        topic_counts: topic_counts.clone(),
        cv: cv.as_ref().map(|s: &Scores| CvScores {
            folds: folds as u32,
            micro_f1: s.micro.f1,
            macro_f1: s.macro_avg.f1,
            accuracy: s.accuracy,
        }),
        seed: cfg.seed,
        sources: Vec::new(),
    };
    let routing = RoutingConfig {
        allow: cfg.allow.iter().map(|l| l.code().to_string()).collect(),
        floor: cfg.floor,
    };
    let model = TopicModel::new(
        meta,
        cfg.analyzer.clone(),
        routing,
        vectorizer,
        topics.clone(),
        exclusive,
        final_scorers,
        thresholds,
    );
    let report = TrainReport {
        items: items.len(),
        topics: topics.into_iter().zip(topic_counts).collect(),
        languages,
        routes,
        gold,
        known,
        known_counts,
        oof_probs,
        oof_pred,
        cv,
        exclusive,
        warnings,
    };
    Ok((model, report))
}

/// Topics assigned for `probs`: argmax when exclusive, else all at or above their threshold.
fn decide(probs: &[f32], thresholds: &[f32], exclusive: bool) -> Vec<usize> {
    if exclusive {
        let best = (0..probs.len()).max_by(|&a, &b| probs[a].total_cmp(&probs[b]).then(b.cmp(&a)));
        return best.into_iter().collect();
    }
    (0..probs.len())
        .filter(|&t| probs[t] >= thresholds[t])
        .collect()
}

/// One scorer's weights laid out by column, for scoring many vectors: a lookup per stored
/// entry of the vector instead of a merge with the scorer's columns.
struct Table {
    bias: f32,
    /// Weight of each column below the scorer's last one (0 where it has none).
    weights: Vec<f32>,
}

impl Table {
    fn of(s: &TopicWeights) -> Table {
        let len = s.indices.last().map_or(0, |&c| c as usize + 1);
        let mut weights = vec![0.0f32; len];
        for (&c, &w) in s.indices.iter().zip(&s.weights) {
            weights[c as usize] = w;
        }
        Table {
            bias: s.bias,
            weights,
        }
    }

    /// The logit of `x`, summed in column order as a merge of the scorer with `x` would sum
    /// it: the same bits (a column the scorer lacks adds `0.0`, which changes no sum but
    /// `-0.0`, and that only to `+0.0`; the tests check it against such a merge).
    fn logit(&self, x: &SparseVec) -> f32 {
        let mut z = self.bias;
        for (c, v) in x.iter() {
            match self.weights.get(c as usize) {
                Some(&w) => z += w * v,
                None => break, // columns are sorted: none further is scored
            }
        }
        z
    }
}

/// The logit of one scorer on one vector (both sorted by column).
#[cfg(test)]
fn linear(s: &TopicWeights, x: &SparseVec) -> f32 {
    let (mut i, mut j, mut z) = (0, 0, s.bias);
    while i < s.indices.len() && j < x.indices.len() {
        match s.indices[i].cmp(&x.indices[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                z += s.weights[i] * x.values[j];
                i += 1;
                j += 1;
            }
        }
    }
    z
}

/// A seeded Fisher–Yates shuffle of `0..n` (SplitMix64: small, fast, and stable across
/// platforms and crate versions), so folds and subsets are the same on every machine.
pub fn seeded_permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Fold of every item: a seeded shuffle, then round robin.
fn fold_assignment(n: usize, folds: usize, seed: u64) -> Vec<usize> {
    let order = seeded_permutation(n, seed);
    let mut fold = vec![0; n];
    for (pos, &i) in order.iter().enumerate() {
        fold[i] = pos % folds;
    }
    fold
}

/// The F1-optimal probability cut for one topic, midway between the last score kept and the
/// next one. Topics without positives keep 0.5.
pub fn tune_threshold(scores: &[f32], y: &[bool]) -> f32 {
    let positives = y.iter().filter(|&&b| b).count();
    if positives == 0 {
        return 0.5;
    }
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let (mut tp, mut fp) = (0usize, 0usize);
    let (mut best_f1, mut best_k) = (0.0f64, 0usize);
    for (k, &i) in order.iter().enumerate() {
        if y[i] {
            tp += 1;
        } else {
            fp += 1;
        }
        // Only cut between distinct scores.
        if k + 1 < order.len() && scores[order[k + 1]] == scores[i] {
            continue;
        }
        let f1 = 2.0 * tp as f64 / (2 * tp + fp + (positives - tp)) as f64;
        if f1 > best_f1 {
            best_f1 = f1;
            best_k = k + 1;
        }
    }
    if best_k == 0 {
        return 0.5;
    }
    let kept = scores[order[best_k - 1]];
    let next = if best_k < order.len() {
        scores[order[best_k]]
    } else {
        0.0
    };
    ((kept + next) / 2.0).clamp(0.01, 0.99)
}

/// The rows one fit trains on (a fold's complement, or all rows for the final fit), with each
/// column's document frequency among them: computed once per fold, shared by every topic.
struct Fold {
    rows: Vec<usize>,
    df: Vec<u32>,
}

impl Fold {
    fn new(x: &[SparseVec], rows: Vec<usize>, n_features: usize) -> Fold {
        let mut df = vec![0u32; n_features];
        for &r in &rows {
            for &c in &x[r].indices {
                df[c as usize] += 1;
            }
        }
        Fold { rows, df }
    }

    /// The rows of this fold with `keep[row]` (the items that know a topic), with their own
    /// document frequencies.
    fn restrict(&self, x: &[SparseVec], keep: &[bool]) -> Fold {
        let rows = self.rows.iter().copied().filter(|&r| keep[r]).collect();
        Fold::new(x, rows, self.df.len())
    }
}

/// Topics every item knows, as indices (`None`: every topic), and for each topic the items
/// that know it (`None`: every item, so the topic is fitted as without a known column).
/// Fails on a known topic that is no item's label and on a label the item does not know.
#[allow(clippy::type_complexity)]
fn known_topics(
    items: &[LabelledItem],
    topics: &[String],
    gold: &[Vec<usize>],
) -> Result<(Vec<Option<Vec<usize>>>, Vec<Option<Vec<bool>>>)> {
    if items.iter().all(|it| it.known.is_none()) {
        return Ok((vec![None; items.len()], vec![None; topics.len()]));
    }
    let mut known = Vec::with_capacity(items.len());
    for (it, g) in items.iter().zip(gold) {
        let Some(names) = &it.known else {
            known.push(None);
            continue;
        };
        let mut k = Vec::with_capacity(names.len());
        for name in names {
            match topics.binary_search(name) {
                Ok(t) => k.push(t),
                Err(_) => {
                    return Err(Error::Training(format!(
                        "item on line {}: known topic '{name}' is not the label of any item \
                         (topics: {})",
                        it.line,
                        topics.join(", ")
                    )))
                }
            }
        }
        if let Some(&t) = g.iter().find(|t| !k.contains(t)) {
            return Err(Error::Training(format!(
                "item on line {}: label '{}' is not among its known topics",
                it.line, topics[t]
            )));
        }
        k.sort_unstable();
        k.dedup();
        known.push((k.len() < topics.len()).then_some(k));
    }
    let rows = (0..topics.len())
        .map(|t| {
            let mask: Vec<bool> = known
                .iter()
                .map(|k| k.as_ref().is_none_or(|k| k.binary_search(&t).is_ok()))
                .collect();
            (!mask.iter().all(|&b| b)).then_some(mask)
        })
        .collect();
    Ok((known, rows))
}

/// Columns with the highest χ² between presence and the topic, at most `k`, sorted.
fn select_features(x: &[SparseVec], y: &[bool], fold: &Fold, k: usize) -> Vec<u32> {
    let (rows, df_all) = (&fold.rows, &fold.df);
    let n_features = df_all.len();
    let mut df_pos = vec![0u32; n_features];
    let mut pos = 0u32;
    for &r in rows.iter().filter(|&&r| y[r]) {
        pos += 1;
        for &c in &x[r].indices {
            df_pos[c as usize] += 1;
        }
    }
    let n = rows.len() as f64;
    let p = pos as f64;
    let mut scored: Vec<(f64, u32)> = (0..n_features)
        .filter(|&c| df_all[c] > 0)
        .map(|c| {
            let a = df_pos[c] as f64; // positive, has term
            let b = df_all[c] as f64 - a; // negative, has term
            let cc = p - a; // positive, lacks term
            let d = n - p - b; // negative, lacks term
            let denom = (a + cc) * (b + d) * (a + b) * (cc + d);
            let chi2 = if denom > 0.0 {
                n * (a * d - b * cc).powi(2) / denom
            } else {
                0.0
            };
            (chi2, c as u32)
        })
        .collect();
    if scored.len() > k {
        scored.select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(k);
    }
    let mut cols: Vec<u32> = scored.into_iter().map(|(_, c)| c).collect();
    cols.sort_unstable();
    cols
}

/// Serialises the naive Bayes fits: `linfa-bayes` 0.8.1 prints every class histogram to stderr
/// with a leftover `dbg!`, so its stderr is silenced for the duration of the fit.
static NB_STDERR: Mutex<()> = Mutex::new(());

/// Fit one topic's binary classifier on `rows` and return its sparse linear scorer.
fn fit_topic(x: &[SparseVec], y: &[bool], fold: &Fold, cfg: &TrainConfig) -> Result<TopicWeights> {
    let (rows, n_features) = (&fold.rows[..], fold.df.len());
    let positives = rows.iter().filter(|&&r| y[r]).count();
    if positives == 0 || positives == rows.len() {
        // One class only: a constant scorer (probability ~0.0003 or ~0.9997).
        let bias = if positives == 0 { -8.0 } else { 8.0 };
        return Ok(TopicWeights {
            bias,
            indices: vec![],
            weights: vec![],
        });
    }
    let k = columns_for(positives, cfg);
    let cols = select_features(x, y, fold, k);
    let mut local = vec![u32::MAX; n_features];
    for (j, &c) in cols.iter().enumerate() {
        local[c as usize] = j as u32;
    }
    // Rows without any selected column are all the zero vector: they carry no information on
    // the weights, only on the intercept. linfa sees the other rows (when they hold both
    // classes); the intercept is refitted on all rows afterwards.
    let touches = |r: usize| x[r].indices.iter().any(|&c| local[c as usize] != u32::MAX);
    let active: Vec<usize> = rows.iter().copied().filter(|&r| touches(r)).collect();
    let active_pos = active.iter().filter(|&&r| y[r]).count();
    let fit_rows: &[usize] = if active_pos > 0 && active_pos < active.len() {
        &active
    } else {
        rows
    };
    // The rows of `rows`, restricted to the selected columns.
    fn dense<F: linfa::Float>(
        x: &[SparseVec],
        rows: &[usize],
        local: &[u32],
        k: usize,
    ) -> Array2<F> {
        let mut m = Array2::<F>::zeros((rows.len(), k).f());
        for (r, &i) in rows.iter().enumerate() {
            for (c, v) in x[i].iter() {
                let j = local[c as usize];
                if j != u32::MAX {
                    m[[r, j as usize]] = F::cast(v);
                }
            }
        }
        m
    }
    let (bias, weights): (f64, Vec<f64>) = match cfg.classifier {
        ClassifierKind::Logistic => {
            let targets: Array1<bool> = fit_rows.iter().map(|&r| y[r]).collect();
            fit_logistic(dense::<f32>(x, fit_rows, &local, cols.len()), targets, cfg)?
        }
        ClassifierKind::Bayes => {
            let targets: Array1<usize> = rows.iter().map(|&r| usize::from(y[r])).collect();
            let data = Dataset::new(dense::<f64>(x, rows, &local, cols.len()), targets);
            let fitted = {
                let _lock = NB_STDERR.lock().unwrap_or_else(|e| e.into_inner());
                let _quiet = gag::Gag::stderr().ok();
                linfa_bayes::MultinomialNb::params()
                    .alpha(cfg.alpha)
                    .fit(&data)
                    .map_err(|e| Error::Training(format!("naive Bayes: {e}")))?
            };
            use linfa_bayes::NaiveBayes;
            // Recover the linear form: log-odds = bias + sum_j x_j * w_j.
            let k = cols.len();
            let mut probe = Array2::<f64>::zeros((k + 1, k));
            for j in 0..k {
                probe[[j + 1, j]] = 1.0;
            }
            let jll = fitted.joint_log_likelihood(probe.view());
            let (pos, neg) = (&jll[&1usize], &jll[&0usize]);
            let bias = pos[0] - neg[0];
            (
                bias,
                (0..k)
                    .map(|j| (pos[j + 1] - pos[0]) - (neg[j + 1] - neg[0]))
                    .collect(),
            )
        }
    };
    let refit = fit_rows.len() < rows.len() && cfg.classifier == ClassifierKind::Logistic;
    Ok(scorer(
        bias,
        cols.into_iter().zip(weights),
        refit.then_some((x, y, rows)),
    ))
}

/// Fit linfa's logistic regression on dense `records` (f32: half the memory traffic of every
/// L-BFGS step; the features are L2-normalised TF-IDF values, well inside its precision).
/// Returns the intercept and the weights with "positive" meaning the topic applies.
fn fit_logistic<D: ndarray::Data<Elem = f32>>(
    records: ndarray::ArrayBase<D, ndarray::Ix2>,
    targets: Array1<bool>,
    cfg: &TrainConfig,
) -> Result<(f64, Vec<f64>)> {
    let data = linfa::DatasetBase::new(records, targets);
    let fitted = linfa_logistic::LogisticRegression::default()
        .alpha(cfg.alpha as f32)
        .max_iterations(cfg.max_iterations)
        .fit(&data)
        .map_err(|e| Error::Training(format!("logistic regression: {e}")))?;
    // linfa labels the classes itself: make "positive" mean the topic applies.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    Ok((
        sign * f64::from(fitted.intercept()),
        fitted
            .params()
            .iter()
            .map(|&w| sign * f64::from(w))
            .collect(),
    ))
}

/// The sparse scorer of fitted `(column, weight)` pairs (sorted by column; weights below 1e-7
/// dropped). With `refit = (x, y, rows)`, the intercept is refitted on all of `rows`: the fit
/// left out rows that hold none of its columns.
fn scorer(
    bias: f64,
    weights: impl IntoIterator<Item = (u32, f64)>,
    refit: Option<(&[SparseVec], &[bool], &[usize])>,
) -> TopicWeights {
    let mut out = TopicWeights {
        bias: bias as f32,
        indices: vec![],
        weights: vec![],
    };
    for (c, w) in weights {
        if w.abs() > 1e-7 {
            out.indices.push(c);
            out.weights.push(w as f32);
        }
    }
    if let Some((x, y, rows)) = refit {
        let table = Table::of(&out);
        let logits: Vec<f64> = rows
            .iter()
            .map(|&r| f64::from(table.logit(&x[r])))
            .collect();
        let labels: Vec<bool> = rows.iter().map(|&r| y[r]).collect();
        out.bias = refit_intercept(&logits, &labels, f64::from(out.bias)) as f32;
    }
    out
}

/// Largest row-space factorisation training attempts (16 GiB: about 37,000 items).
const ROW_SPACE_MAX_BYTES: u64 = 16 << 30;

/// Refuse a row-space fit that would not fit in [`ROW_SPACE_MAX_BYTES`], with what to do.
fn check_row_space(items: usize) -> Result<()> {
    let bytes = row_space::RowSpace::bytes_for(items);
    if bytes > ROW_SPACE_MAX_BYTES {
        return Err(Error::Training(format!(
            "every column on {items} items needs about {} GiB (an items × items factor); \
             select columns instead (for example --features-per-topic 5000)",
            bytes.div_ceil(1 << 30)
        )));
    }
    Ok(())
}

/// True when logistic regression is to use every column ([`TrainConfig::features_per_topic`]
/// and `features_per_positive` both at least the vocabulary) on fewer rows than columns: then
/// it fits through the row space ([`row_space`]), `rows × rows` instead of `rows × columns`.
fn full_width(cfg: &TrainConfig, n_features: usize, n_rows: usize) -> bool {
    cfg.classifier == ClassifierKind::Logistic
        && cfg.features_per_topic >= n_features
        && cfg.features_per_positive >= n_features
        && n_rows < n_features
}

/// [`fit_topic`] for [`full_width`] fits: linfa on the fold's rows in their orthonormal basis,
/// mapped back to vocabulary columns. The same optimum as a fit on every column.
///
/// `within`: the positions in `space.rows` of the rows this topic trains on, when that is not
/// all of them (items that know only some topics; `fold` then holds just those rows). Their
/// rows of `L` fit the same problem: a subset of rows is still written in an orthonormal
/// basis of a space that holds its span.
fn fit_topic_row_space(
    space: &row_space::RowSpace,
    within: Option<&[usize]>,
    x: &[SparseVec],
    y: &[bool],
    fold: &Fold,
    cfg: &TrainConfig,
) -> Result<TopicWeights> {
    let (rows, n_features) = (&fold.rows[..], fold.df.len());
    let fit_rows: Vec<usize> = match within {
        None => space.rows.clone(),
        Some(w) => w.iter().map(|&i| space.rows[i]).collect(),
    };
    let positives = rows.iter().filter(|&&r| y[r]).count();
    let active_pos = fit_rows.iter().filter(|&&r| y[r]).count();
    if positives == 0 || positives == rows.len() || active_pos == 0 || active_pos == fit_rows.len()
    {
        // One class only (among the rows with any column): the plain path decides.
        return fit_topic(x, y, fold, cfg);
    }
    let targets: Array1<bool> = fit_rows.iter().map(|&r| y[r]).collect();
    let (bias, coef) = match within {
        None => fit_logistic(space.z.view(), targets, cfg)?,
        Some(w) => {
            let n = space.z.ncols();
            let z = Array2::from_shape_fn((w.len(), n).f(), |(i, j)| space.z[[w[i], j]]);
            fit_logistic(z, targets, cfg)?
        }
    };
    let weights = space.weights(x, &coef, n_features);
    let refit = fit_rows.len() < rows.len();
    Ok(scorer(bias, weights, refit.then_some((x, y, rows))))
}

/// Columns a topic with `positives` training items gets: `features_per_positive` per positive
/// item, at least [`MIN_COLUMNS`], at most `features_per_topic`. A topic with three examples
/// cannot use thousands of columns, and every column costs L-BFGS time on every row.
fn columns_for(positives: usize, cfg: &TrainConfig) -> usize {
    positives
        .saturating_mul(cfg.features_per_positive)
        .max(MIN_COLUMNS)
        .min(cfg.features_per_topic)
}

/// The floor of [`columns_for`].
const MIN_COLUMNS: usize = 50;

/// The intercept that minimises the logistic loss of fixed `logits` (which include the current
/// intercept `b0`) against `labels`: Newton's method in one dimension, started at `b0`.
fn refit_intercept(logits: &[f64], labels: &[bool], b0: f64) -> f64 {
    let mut shift = 0.0f64;
    for _ in 0..50 {
        let (mut g, mut h) = (0.0f64, 0.0f64);
        for (&z, &t) in logits.iter().zip(labels) {
            let p = 1.0 / (1.0 + (-(z + shift)).exp());
            g += p - f64::from(u8::from(t));
            h += p * (1.0 - p);
        }
        if h < 1e-12 {
            break;
        }
        let step = (g / h).clamp(-4.0, 4.0);
        shift -= step;
        if step.abs() < 1e-7 {
            break;
        }
    }
    b0 + shift
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sigmoid;

    /// The row-space fit reaches the optimum of the plain fit on every column: the same logits
    /// on the training rows and on unseen rows, and the same weights, up to f32 rounding
    /// along two different L-BFGS paths. Empty rows and a duplicate row included.
    #[test]
    fn row_space_fit_equals_the_fit_on_every_column() {
        let mut state = 7u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let d = 300usize;
        let mut x: Vec<SparseVec> = (0..40)
            .map(|_| {
                let mut cols: Vec<u32> = (0..12).map(|_| (next() % d as u64) as u32).collect();
                cols.sort_unstable();
                cols.dedup();
                let vals: Vec<f32> = cols.iter().map(|_| 1.0 + (next() % 5) as f32).collect();
                let norm = vals.iter().map(|v| v * v).sum::<f32>().sqrt();
                SparseVec {
                    indices: cols,
                    values: vals.iter().map(|v| v / norm).collect(),
                }
            })
            .collect();
        x[5] = SparseVec::default();
        x[9] = x[3].clone();
        let y: Vec<bool> = x
            .iter()
            .map(|v| v.indices.iter().filter(|&&c| c < 150).count() * 2 > v.nnz())
            .collect();
        let cfg = TrainConfig {
            alpha: 0.1,
            max_iterations: 500,
            features_per_topic: usize::MAX,
            features_per_positive: usize::MAX,
            ..TrainConfig::default()
        };
        let rows: Vec<usize> = (0..x.len()).collect();
        assert!(full_width(&cfg, d, rows.len()));
        let nonempty: Vec<usize> = rows.iter().copied().filter(|&r| x[r].nnz() > 0).collect();
        let fold = Fold::new(&x, rows, d);
        let plain = fit_topic(&x, &y, &fold, &cfg).unwrap();
        let space = row_space::RowSpace::new(&x, nonempty, d);
        let ours = fit_topic_row_space(&space, None, &x, &y, &fold, &cfg).unwrap();
        let probe = SparseVec {
            indices: vec![3, 140, 151, 299],
            values: vec![0.5; 4],
        };
        for v in x.iter().chain([&probe]) {
            let (a, b) = (linear(&plain, v), linear(&ours, v));
            assert!((a - b).abs() < 2e-3, "logit {a} vs {b}");
        }
        let weight = |s: &TopicWeights, c: u32| {
            s.indices
                .iter()
                .position(|&i| i == c)
                .map_or(0.0, |k| s.weights[k])
        };
        for c in 0..d as u32 {
            let (a, b) = (weight(&plain, c), weight(&ours, c));
            assert!((a - b).abs() < 2e-3, "column {c}: {a} vs {b}");
        }
    }

    #[test]
    fn row_space_refuses_what_memory_cannot_hold() {
        assert!(check_row_space(11_314).is_ok()); // 20 Newsgroups: 1.4 GiB
        let e = check_row_space(40_000).unwrap_err().to_string();
        assert!(
            e.contains("18 GiB") && e.contains("--features-per-topic"),
            "{e}"
        );
    }

    #[test]
    fn threshold_is_the_f1_optimal_cut() {
        let scores = [0.9, 0.8, 0.4, 0.3, 0.1];
        let y = [true, true, false, true, false];
        // Keeping the top 4 gives F1 = 6/7 (best); the cut lies between 0.3 and 0.1.
        assert!((tune_threshold(&scores, &y) - 0.2).abs() < 1e-6);
        assert_eq!(tune_threshold(&scores, &[false; 5]), 0.5);
    }

    #[test]
    fn folds_are_balanced_and_seeded() {
        let a = fold_assignment(10, 3, 7);
        assert_eq!(a, fold_assignment(10, 3, 7));
        assert_ne!(a, fold_assignment(10, 3, 8));
        for f in 0..3 {
            let n = a.iter().filter(|&&x| x == f).count();
            assert!((3..=4).contains(&n));
        }
    }

    #[test]
    fn refitted_intercept_matches_the_base_rate() {
        // With every logit at the intercept, the best intercept is the log-odds of the labels:
        // one positive in four gives ln(1/3), wherever Newton starts.
        let labels = [true, false, false, false];
        for start in [-6.0, 0.0, 3.0] {
            let b = refit_intercept(&[start; 4], &labels, start);
            assert!((b - (1.0f64 / 3.0).ln()).abs() < 1e-6, "from {start}: {b}");
        }
        // Logits that already separate the labels keep their order; the shift is shared.
        let b = refit_intercept(&[2.0, -1.0, -1.0, -1.0], &labels, 0.0);
        assert!(b.is_finite() && b < 0.0);
    }

    #[test]
    fn rare_topics_get_fewer_columns() {
        let cfg = TrainConfig::default(); // 2000 per topic, 50 per positive, floor 50
        assert_eq!(columns_for(1, &cfg), MIN_COLUMNS);
        assert_eq!(columns_for(10, &cfg), 500);
        assert_eq!(columns_for(1000, &cfg), 2000);
    }

    /// Out-of-fold scoring goes through the model's index, and the intercept refit through
    /// a scorer's [`Table`]: both logits must equal the merge of the scorer with the vector
    /// (the sums training used before), bit for bit up to the sign of a zero. Topics from 1
    /// to 20 (dense rows start at 8), columns shared by most topics or by few, empty scorers
    /// and vectors, vectors with columns past a scorer's last.
    #[test]
    fn index_and_table_scores_equal_the_merge() {
        let mut state = 11u64;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..300 {
            let n = 1 + next(60) as usize;
            let topics = 1 + (case % 20);
            let sparse = |density: u64, next: &mut dyn FnMut(u64) -> u64| {
                let indices: Vec<u32> = (0..n as u32).filter(|_| next(100) < density).collect();
                let values = indices
                    .iter()
                    .map(|_| (next(2001) as f32 - 1000.0) / 997.0)
                    .collect();
                (indices, values)
            };
            let scorers: Vec<TopicWeights> = (0..topics)
                .map(|_| {
                    let density = next(101);
                    let (indices, weights) = sparse(density, &mut next);
                    TopicWeights {
                        bias: (next(201) as f32 - 100.0) / 37.0,
                        indices,
                        weights,
                    }
                })
                .collect();
            let index = Inverted::new(&scorers, n);
            for _ in 0..5 {
                let density = next(101);
                let (indices, values) = sparse(density, &mut next);
                let x = SparseVec { indices, values };
                let z = index.logits(&scorers, &x);
                for (t, s) in scorers.iter().enumerate() {
                    let merged = linear(s, &x);
                    assert!(
                        z[t] == merged && !z[t].is_nan(),
                        "case {case}, topic {t}: index {} merge {merged}",
                        z[t]
                    );
                    let table = Table::of(s).logit(&x);
                    assert!(
                        table == merged && !table.is_nan(),
                        "case {case}, topic {t}: table {table} merge {merged}"
                    );
                }
            }
        }
    }

    #[test]
    fn rows_without_selected_columns_only_move_the_intercept() {
        // Column 0 marks the topic, column 1 five negatives; 40 more negatives have no term at
        // all. The fit sees the 10 rows that touch column 0 or 1; the intercept is then
        // refitted on all 50, so the empty rows score well below one half.
        let v = |idx: &[u32]| SparseVec {
            indices: idx.to_vec(),
            values: vec![1.0; idx.len()],
        };
        let mut x = vec![];
        let mut y = vec![];
        for i in 0..10 {
            x.push(if i < 5 { v(&[0]) } else { v(&[1]) });
            y.push(i < 5);
        }
        for _ in 0..40 {
            x.push(v(&[]));
            y.push(false);
        }
        let cfg = TrainConfig {
            features_per_topic: 2,
            ..TrainConfig::default()
        };
        let rows: Vec<usize> = (0..x.len()).collect();
        let w = fit_topic(&x, &y, &Fold::new(&x, rows, 2), &cfg).unwrap();
        assert_eq!(w.indices, [0, 1]);
        let p = |r: usize| sigmoid(linear(&w, &x[r]));
        assert!(p(0) > 0.5 && p(5) < 0.5, "{} {}", p(0), p(5));
        // The zero rows' probability is the intercept's; refitting it on all rows puts the
        // total predicted mass near the 5 positives.
        let mass: f32 = (0..x.len()).map(p).sum();
        assert!((mass - 5.0).abs() < 0.05, "{mass}");
        assert!(p(20) < 0.2, "{}", p(20));
    }

    /// Energy items that know only energy, about pipelines; security and politics items that
    /// know every topic. `partial: false` gives the same items knowing every topic.
    fn pipeline_items(partial: bool) -> Vec<LabelledItem> {
        let item = |line: u64, text: &str, label: &str, known: Option<&[&str]>| LabelledItem {
            line,
            text: text.into(),
            lang: Some(Lang::English),
            labels: vec![label.into()],
            known: known.map(|k| k.iter().map(|s| s.to_string()).collect()),
        };
        let energy: Option<&[&str]> = if partial { Some(&["energy"]) } else { None };
        [
            ("The pipeline carries gas to the coast", "energy", energy),
            ("A new pipeline for crude oil exports", "energy", energy),
            ("Gas prices fall as the pipeline reopens", "energy", energy),
            (
                "The oil pipeline was repaired after a leak",
                "energy",
                energy,
            ),
            ("Troops patrol the border after an attack", "security", None),
            (
                "Army drills near the border alarm neighbours",
                "security",
                None,
            ),
            ("Soldiers and tanks move to the front", "security", None),
            ("Missile tests and troops on alert", "security", None),
            ("The opposition wins the election", "politics", None),
            ("Parliament votes on the new cabinet", "politics", None),
            (
                "Voters back the ruling party in the election",
                "politics",
                None,
            ),
            ("The prime minister calls an early vote", "politics", None),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(text, label, known))| item(i as u64 + 2, text, label, known))
        .collect()
    }

    /// A row is no example for a topic it does not know: "pipeline" occurs only in energy
    /// items, so when they know every topic security learns it as a sign against itself, and
    /// when they know only energy security never sees it. Energy's own fit does not change.
    /// Both the χ²-selected path and the full-width (row space) path.
    #[test]
    fn rows_are_no_negatives_for_topics_they_do_not_know() {
        for full_width in [false, true] {
            let cfg = TrainConfig {
                features: FeatureConfig {
                    min_df: 1,
                    ..FeatureConfig::default()
                },
                folds: 2,
                exclusive: Some(false),
                features_per_topic: if full_width { usize::MAX } else { 2000 },
                features_per_positive: if full_width { usize::MAX } else { 50 },
                ..TrainConfig::default()
            };
            let (full, full_report) = train(&pipeline_items(false), "t.csv", &cfg).unwrap();
            let (part, part_report) = train(&pipeline_items(true), "t.csv", &cfg).unwrap();
            assert_eq!(full.topics, ["energy", "politics", "security"]);
            let col = full.vectorizer.column("pipelin").expect("stemmed term");
            let weight = |m: &TopicModel, t: usize| {
                let s = &m.scorers[t];
                s.indices
                    .iter()
                    .position(|&c| c == col)
                    .map_or(0.0, |k| s.weights[k])
            };
            let case = if full_width { "full width" } else { "selected" };
            assert!(weight(&full, 2) < -0.05, "{case}: {}", weight(&full, 2));
            assert!(
                weight(&part, 2).abs() < 1e-4,
                "{case}: {}",
                weight(&part, 2)
            );
            assert_eq!(full.scorers[0], part.scorers[0], "{case}: energy changed");
            let x = full
                .vectorizer
                .transform_terms(["pipelin".to_string(), "gas".to_string()]);
            let (pf, pp) = (full.probabilities(&x)[2], part.probabilities(&x)[2]);
            assert!(pp > pf, "{case}: security {pp} (partial) vs {pf} (full)");
            assert_eq!(full_report.known_counts, [12, 12, 12]);
            assert_eq!(part_report.known_counts, [12, 8, 8]);
            assert_eq!(part_report.known[0], Some(vec![0]));
            assert_eq!(part_report.known[4], None);
            // Cross-validated scores count an energy item for energy only.
            let cv = part_report.cv.unwrap();
            assert_eq!(cv.topics[2].known, 8);
            assert_eq!(cv.topics[2].support, 4);
        }
    }

    #[test]
    fn partial_rows_make_data_multi_label_and_bad_known_topics_fail() {
        let cfg = TrainConfig {
            features: FeatureConfig {
                min_df: 1,
                ..FeatureConfig::default()
            },
            folds: 0,
            ..TrainConfig::default()
        };
        // One label per item: exclusive, unless some item knows only some topics.
        assert!(
            train(&pipeline_items(false), "t.csv", &cfg)
                .unwrap()
                .1
                .exclusive
        );
        assert!(
            !train(&pipeline_items(true), "t.csv", &cfg)
                .unwrap()
                .1
                .exclusive
        );

        let mut items = pipeline_items(true);
        items[5].known = Some(vec!["security".into(), "securty".into()]);
        let e = train(&items, "t.csv", &cfg).unwrap_err().to_string();
        assert_eq!(
            e,
            "training failed: item on line 7: known topic 'securty' is not the label of any \
             item (topics: energy, politics, security)"
        );
        items[5].known = Some(vec!["energy".into()]);
        let e = train(&items, "t.csv", &cfg).unwrap_err().to_string();
        assert_eq!(
            e,
            "training failed: item on line 7: label 'security' is not among its known topics"
        );
        // Every item knows only its own label: no topic has a negative example.
        let mut items = pipeline_items(true);
        for it in items.iter_mut() {
            it.known = Some(it.labels.clone());
        }
        let e = train(&items, "t.csv", &cfg).unwrap_err().to_string();
        assert!(e.contains("topic 'energy' has no negative example"), "{e}");
    }

    #[test]
    fn chi2_prefers_discriminative_columns() {
        let v = |idx: &[u32]| SparseVec {
            indices: idx.to_vec(),
            values: vec![1.0; idx.len()],
        };
        let x = vec![v(&[0, 1]), v(&[0, 2]), v(&[1, 2]), v(&[2])];
        let y = [true, true, false, false];
        let fold = Fold::new(&x, vec![0, 1, 2, 3], 3);
        assert_eq!(fold.df, [2, 2, 3]);
        assert_eq!(select_features(&x, &y, &fold, 1), [0]);
    }
}
