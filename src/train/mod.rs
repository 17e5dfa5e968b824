//! Training: labelled items in, a [`TopicModel`] and a [`TrainReport`] out.
//!
//! [`train_with_progress`] runs these stages in order, each in its own module:
//! 0. the settings are checked ([`TrainConfig::check`] → [`CheckedConfig`]) and the items'
//!    labels read (`labels`): sorted topics, gold topics, known topics;
//! 1. every item is routed ([`crate::lang`]) and analyzed ([`crate::text`]);
//! 2. the TF-IDF vocabulary and IDF are learned from all items ([`crate::features`]);
//! 3. for each topic, one-vs-rest: the `features_per_topic` columns with the highest χ² against
//!    the topic are selected (`select`) and a binary classifier is fitted on them (`fit`:
//!    linfa's logistic regression on a dense `ndarray` matrix of just those columns, the
//!    linear SVM of `svm` on the sparse rows, or multinomial naive Bayes; [`TrainConfig`]'s
//!    default is logistic regression, the command line's the SVM). The fitted weights are mapped back to sparse
//!    vocabulary columns. Without selection and with fewer items than columns, logistic
//!    regression sees the items in an orthonormal basis of their span instead (`row_space`):
//!    one factorisation per fold serves every topic;
//! 4. with `folds >= 2`, the same is done on k folds (`folds`) to get out-of-fold
//!    probabilities, from which each topic's decision threshold is tuned (the F1-optimal cut)
//!    and the cross-validated scores are computed (`calibrate`);
//! 5. the final scorers are fitted on all items, and the model and report assembled.
//!
//! Items that know only some topics ([`LabelledItem::known`]) are examples only for those:
//! a topic's fit, its χ² counts, its intercept refit, its threshold and its cross-validated
//! scores leave out the items that do not know it. Data with such items is multi-label unless
//! `exclusive` is forced.
//!
//! Everything is deterministic for a given seed: folds come from a seeded shuffle, and
//! parallel work is collected in a fixed order.

pub mod autotune;
mod calibrate;
mod fit;
mod folds;
mod labels;
mod row_space;
mod select;
mod svm;

pub use autotune::{autotune, AutotuneConfig, Metric, Trace};
pub use calibrate::{tune_threshold, HeldOutSet, ThresholdRows, MIN_HELD_OUT_POSITIVES};
pub use folds::seeded_permutation;

use crate::dataset::LabelledItem;
use crate::error::{Error, Result};
use crate::eval::Scores;
use crate::features::{FeatureConfig, SparseVec, Vectorizer};
use crate::lang::{Detector, Lang, Route, DEFAULT_FLOOR};
use crate::model::{ClassifierKind, CvScores, Metadata, RoutingConfig, TopicModel, TopicWeights};
use crate::plural::counted;
use crate::text::{Analyzer, AnalyzerConfig};
use calibrate::Calibration;
use folds::FoldPlan;
use labels::Labels;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Training settings.
///
/// | name | default | purpose | range |
/// | --- | --- | --- | --- |
/// | `classifier` | logistic | classifier per topic | logistic, svm, bayes |
/// | `alpha` | 0.1 | L2 penalty (logistic and svm, `1/C`) or additive smoothing (bayes) | > 0 |
/// | `max_iterations` | 100 | L-BFGS iterations (logistic), passes of coordinate descent (svm) | >= 1 |
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

/// Training files of at most this many items are *small*: their defaults
/// ([`TrainConfig::for_items`]) use character n-grams and `min_df` 1, and `--autotune`
/// tries the short-text settings of the study before more selected columns.
pub const SMALL_SET_ITEMS: usize = 4000;

/// A column count as the command line writes it: `all` for every column (`usize::MAX`).
pub fn count_arg(n: usize) -> String {
    if n == usize::MAX {
        "all".to_string()
    } else {
        n.to_string()
    }
}

impl TrainConfig {
    /// The defaults for a training file of `n` items fitted with `classifier`, of an exclusive
    /// (single-label) model when `exclusive`: what `topictag train` fills in for settings not
    /// given. Small files (at most [`SMALL_SET_ITEMS`] items) get character 2-5-grams at weight
    /// 0.5 and `min_df` 1 whatever the classifier. Then, by classifier:
    /// - the linear SVM (the command line's default classifier): `alpha` 1 (C = 1) and every
    ///   column at any size, since its fit costs the rows' stored entries, not rows × columns;
    ///   on large exclusive files also bigrams;
    /// - logistic regression and naive Bayes: [`TrainConfig::default`]'s 2,000 χ²-selected
    ///   columns (50 per positive item), except every column and alpha 0.01 on small files,
    ///   and on large exclusive files no cross-validation folds and 5,000 columns (100 per
    ///   positive item): an exclusive model assigns its most probable topic and reads no
    ///   threshold, so the folds would only buy a cross-validated score.
    ///
    /// Each rule was chosen by cross-validation on the train splits of public sets
    /// (`docs/autotune.md`, "Defaults").
    ///
    /// ```
    /// use topictag::model::ClassifierKind::{Logistic, Svm};
    /// use topictag::train::{TrainConfig, SMALL_SET_ITEMS};
    /// let large = SMALL_SET_ITEMS + 1;
    /// let svm = TrainConfig::for_items(Svm, large, true);
    /// assert_eq!((svm.alpha, svm.features_per_topic, svm.folds), (1.0, usize::MAX, 4));
    /// assert!(svm.features.bigrams && !TrainConfig::for_items(Svm, large, false).features.bigrams);
    /// let small = TrainConfig::for_items(Logistic, 700, false);
    /// assert_eq!((small.alpha, small.features.min_df), (0.01, 1));
    /// assert!(small.features.char_grams.is_some());
    /// let exclusive = TrainConfig::for_items(Logistic, large, true);
    /// assert_eq!((exclusive.folds, exclusive.features_per_topic), (0, 5000));
    /// assert_eq!(TrainConfig::for_items(Logistic, large, false).alpha, TrainConfig::default().alpha);
    /// ```
    pub fn for_items(classifier: ClassifierKind, n: usize, exclusive: bool) -> TrainConfig {
        let mut cfg = TrainConfig {
            classifier,
            ..TrainConfig::default()
        };
        let small = n <= SMALL_SET_ITEMS;
        if small {
            cfg.features.min_df = 1;
            cfg.features.char_grams = Some(crate::features::CharGramConfig::default());
        }
        let every = |cfg: &mut TrainConfig| {
            cfg.features_per_topic = usize::MAX;
            cfg.features_per_positive = usize::MAX;
        };
        match classifier {
            ClassifierKind::Svm => {
                cfg.alpha = 1.0;
                every(&mut cfg);
                cfg.features.bigrams = exclusive && !small;
            }
            ClassifierKind::Logistic | ClassifierKind::Bayes if small => {
                cfg.alpha = 0.01;
                every(&mut cfg);
            }
            ClassifierKind::Logistic | ClassifierKind::Bayes if exclusive => {
                cfg.folds = 0;
                cfg.features_per_topic = 5000;
                cfg.features_per_positive = 100;
            }
            ClassifierKind::Logistic | ClassifierKind::Bayes => {}
        }
        cfg
    }

    /// Check every setting, the analyzer's and the features' included, with the rules the
    /// model loader applies (linfa's params → checked params): a model trained on the checked
    /// settings always loads. Training runs on what this returns.
    pub fn check(&self) -> Result<CheckedConfig> {
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
            return bad("folds of cross-validation (--cv) must be at most 20");
        }
        crate::settings::floor(self.floor).map_err(Error::Config)?;
        crate::settings::max_term_chars(self.analyzer.max_chars).map_err(Error::Config)?;
        crate::settings::max_df(self.features.max_df.into()).map_err(Error::Config)?;
        if let Some(c) = &self.features.char_grams {
            c.check().map_err(Error::Config)?;
        }
        Ok(CheckedConfig(self.clone()))
    }
}

/// A [`TrainConfig`] that passed [`TrainConfig::check`]: what every training stage reads.
#[derive(Clone, Debug)]
pub struct CheckedConfig(TrainConfig);

impl std::ops::Deref for CheckedConfig {
    type Target = TrainConfig;
    fn deref(&self) -> &TrainConfig {
        &self.0
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
    /// The folds this training was asked for ([`TrainConfig::folds`]: 0 or 1 for none; after
    /// `--autotune`, those of the chosen settings' training).
    pub folds: usize,
    pub exclusive: bool,
    pub warnings: Vec<String>,
}

/// A stage of training, for progress reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Analyze,
    Fit,
}

/// Whether training on `items` with `cfg` gives an exclusive model (exactly one topic per
/// item, the most probable, so no threshold applies): `cfg.exclusive` when set, else when
/// every item has one label and knows every topic. Fails as training would on labels no
/// classifier can learn from.
pub fn trains_exclusive(items: &[LabelledItem], cfg: &TrainConfig) -> Result<bool> {
    Ok(Labels::read(items, &mut Vec::new())?.exclusive(cfg.exclusive))
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
    let cfg = cfg.check()?;
    if items.is_empty() {
        return Err(Error::Training("no items to train on".into()));
    }
    // Cross-validation asked for gives out-of-fold results, or an error: never a report
    // without them.
    let plan = FoldPlan::for_items(items, cfg.folds, cfg.seed)?;
    let mut warnings = Vec::new();
    let labels = Labels::read(items, &mut warnings)?;
    let exclusive = labels.exclusive(cfg.exclusive);
    let (routes, docs) = analyze(items, &cfg, progress);
    let (vectorizer, x) = vectorize(items, docs, &cfg)?;
    let y = labels.targets();
    let n_features = vectorizer.len();
    let mut cv_scorers = fit::fit_all(
        &x,
        &y,
        &labels.known_rows,
        &plan,
        n_features,
        &cfg,
        progress,
    )?;
    let final_scorers = cv_scorers.split_off(cv_scorers.len() - labels.topics.len());
    let calibration =
        calibrate::calibrate(&cv_scorers, &x, &y, &labels, &plan, n_features, exclusive);
    Ok(assemble(
        items.len(),
        data_file,
        &cfg,
        Fitted {
            labels,
            exclusive,
            folds: plan.folds,
            routes,
            vectorizer,
            final_scorers,
            calibration,
            warnings,
        },
    ))
}

/// Route and analyze every item (in parallel, in item order): its route and its terms.
fn analyze(
    items: &[LabelledItem],
    cfg: &CheckedConfig,
    progress: &(dyn Fn(Stage, usize, usize) + Sync),
) -> (Vec<Route>, Vec<Vec<String>>) {
    let detector = Detector::new(cfg.allow.clone(), cfg.floor);
    let analyzer = Analyzer::new(cfg.analyzer.clone());
    let done = AtomicUsize::new(0);
    let analyzed: Vec<(Route, Vec<String>)> = items
        .par_iter()
        .map(|it| {
            let route = detector.route(&it.text, it.lang, None);
            let terms = analyzer.analyze(&it.text, route.lang);
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d.is_multiple_of(256) || d == items.len() {
                progress(Stage::Analyze, d, items.len());
            }
            (route, terms)
        })
        .collect();
    analyzed.into_iter().unzip()
}

/// Learn the vocabulary and IDF from every item's terms, and vectorize the items; an empty
/// vocabulary is an error that says which document-frequency bound emptied it.
fn vectorize(
    items: &[LabelledItem],
    docs: Vec<Vec<String>>,
    cfg: &CheckedConfig,
) -> Result<(Vectorizer, Vec<SparseVec>)> {
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
                "every term that occurs in at least {} occurs in more than {} of the {} (raise --max-df?)",
                counted(cfg.features.min_df, "item"),
                cfg.features.max_df,
                counted(items.len(), "item")
            )
        } else {
            format!(
                "no term occurs in at least {} (lower --min-df?)",
                counted(cfg.features.min_df, "item")
            )
        };
        return Err(Error::Training(format!("the vocabulary is empty: {why}")));
    }
    let x = docs
        .par_iter()
        .zip(&texts)
        .map(|(d, t)| vectorizer.transform_with_text(d, t))
        .collect();
    Ok((vectorizer, x))
}

/// What the stages produced, for [`assemble`].
struct Fitted {
    labels: Labels,
    exclusive: bool,
    folds: usize,
    routes: Vec<Route>,
    vectorizer: Vectorizer,
    final_scorers: Vec<TopicWeights>,
    calibration: Calibration,
    warnings: Vec<String>,
}

/// The model (with its metadata and routing settings) and the report.
fn assemble(
    n_items: usize,
    data_file: &str,
    cfg: &CheckedConfig,
    fitted: Fitted,
) -> (TopicModel, TrainReport) {
    let Fitted {
        labels,
        exclusive,
        folds,
        routes,
        vectorizer,
        final_scorers,
        calibration,
        warnings,
    } = fitted;
    let mut langs: BTreeMap<&str, u64> = BTreeMap::new();
    for r in &routes {
        *langs.entry(r.code()).or_default() += 1;
    }
    let languages: Vec<(String, u64)> = langs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let cv = calibration.cv;
    let meta = Metadata {
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        classifier: cfg.classifier,
        data_file: data_file.to_string(),
        trained_items: n_items as u64,
        languages: languages.clone(),
        topic_counts: labels.counts.clone(),
        cv: cv.as_ref().map(|s| CvScores {
            folds: folds as u32,
            micro_f1: s.micro.f1,
            macro_f1: s.macro_avg.f1,
            accuracy: s.accuracy,
        }),
        seed: cfg.seed,
        sources: Vec::new(),
        held_out: None,
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
        labels.topics.clone(),
        exclusive,
        final_scorers,
        calibration.thresholds,
    );
    let report = TrainReport {
        items: n_items,
        topics: labels.topics.into_iter().zip(labels.counts).collect(),
        languages,
        routes,
        gold: labels.gold,
        known: labels.known,
        known_counts: labels.known_counts,
        oof_probs: calibration.probs,
        oof_pred: calibration.pred,
        cv,
        folds: cfg.folds,
        exclusive,
        warnings,
    };
    (model, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Energy items that know only energy, about pipelines; security and politics items that
    /// know every topic. `partial: false` gives the same items knowing every topic.
    fn pipeline_items(partial: bool) -> Vec<LabelledItem> {
        let item = |line: u64, text: &str, label: &str, known: Option<&[&str]>| LabelledItem {
            line,
            text: text.into(),
            lang: Some(Lang::English),
            labels: vec![label.into()],
            known: known.map(|k| k.iter().map(|s| s.to_string()).collect()),
            group: None,
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
    fn cross_validation_gives_out_of_fold_results_or_an_error() {
        let cfg = TrainConfig {
            features: FeatureConfig {
                min_df: 1,
                ..FeatureConfig::default()
            },
            folds: 2,
            ..TrainConfig::default()
        };
        let items = pipeline_items(false);
        let (_, report) = train(&items, "t.csv", &cfg).unwrap();
        assert!(report.oof_pred.is_some() && report.oof_probs.is_some() && report.cv.is_some());
        let e = train(&items[..1], "t.csv", &cfg).unwrap_err().to_string();
        assert_eq!(
            e,
            "training failed: 2 folds of cross-validation need at least 2 items (got 1)"
        );
    }

    #[test]
    fn checked_settings_are_what_the_loader_accepts() {
        let mut cfg = TrainConfig::default();
        cfg.analyzer.max_chars = crate::model::MAX_TERM_CHARS + 1;
        let e = cfg.check().unwrap_err().to_string();
        assert!(
            e.contains("analyzer keeps terms of up to 1025 characters"),
            "{e}"
        );
        cfg.analyzer.max_chars = crate::model::MAX_TERM_CHARS;
        assert_eq!(cfg.check().unwrap().analyzer.max_chars, 1024);
        // A label the loader would refuse as a topic name is refused before training.
        let mut items = pipeline_items(false);
        items[0].labels = vec![" ".into()];
        let cfg = TrainConfig { folds: 0, ..cfg };
        let e = train(&items, "t.csv", &cfg).unwrap_err().to_string();
        assert!(e.contains("a topic has an empty name"), "{e}");
        // A topic named as an output column would give tag's CSV two such columns.
        let mut items = pipeline_items(false);
        for it in items.iter_mut().filter(|it| it.labels == ["security"]) {
            it.labels = vec!["text".into()];
        }
        let e = train(&items, "t.csv", &cfg).unwrap_err().to_string();
        assert!(
            e.contains("topic 'text' has the name of an output column"),
            "{e}"
        );
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
}
