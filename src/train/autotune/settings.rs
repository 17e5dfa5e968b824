//! What a search sets, scores and records: [`Settings`] (one trial's settings, as flags and as
//! a `TrainConfig`), the [`Metric`] it maximises, and the [`Trace`] of [`Trial`]s a model
//! stores.

use crate::eval::Scores;
use crate::features::{CharGramConfig, FeatureConfig};
use crate::model::ClassifierKind;
use crate::train::TrainConfig;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What the search maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Metric {
    /// Share of items whose predicted topics are exactly their labels (for exclusive data:
    /// whose one predicted topic is right).
    Accuracy,
    /// F1 over every (item, topic) decision.
    #[cfg_attr(feature = "cli", value(name = "micro-f1"))]
    MicroF1,
    /// Mean of the topics' F1: rare topics weigh as much as common ones.
    #[cfg_attr(feature = "cli", value(name = "macro-f1"))]
    MacroF1,
}

impl Metric {
    /// The default: accuracy for exclusive (single-label) data, micro-F1 for multi-label data.
    pub fn default_for(exclusive: bool) -> Metric {
        if exclusive {
            Metric::Accuracy
        } else {
            Metric::MicroF1
        }
    }

    /// The name shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Accuracy => "accuracy",
            Metric::MicroF1 => "micro-F1",
            Metric::MacroF1 => "macro-F1",
        }
    }

    /// This metric of `scores` (accuracy of multi-label predictions: exact match).
    pub fn of(self, scores: &Scores) -> f64 {
        match self {
            Metric::Accuracy => scores.accuracy.unwrap_or(scores.exact_match),
            Metric::MicroF1 => scores.micro.f1,
            Metric::MacroF1 => scores.macro_avg.f1,
        }
    }
}

/// Character n-grams as a trial sets them (the rest of [`CharGramConfig`] comes from the base
/// settings, or its defaults).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Grams {
    pub min_n: u8,
    pub max_n: u8,
    pub weight: f32,
}

/// The settings one trial sets; [`Settings::apply`] puts them on a base [`TrainConfig`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub classifier: ClassifierKind,
    pub alpha: f64,
    pub max_iterations: u64,
    pub min_df: u32,
    pub bigrams: bool,
    pub char_grams: Option<Grams>,
    /// `usize::MAX` (with `features_per_positive`): every column.
    pub features_per_topic: usize,
    pub features_per_positive: usize,
}

impl Settings {
    /// The settings `cfg` makes.
    pub fn of(cfg: &TrainConfig) -> Settings {
        Settings {
            classifier: cfg.classifier,
            alpha: cfg.alpha,
            max_iterations: cfg.max_iterations,
            min_df: cfg.features.min_df,
            bigrams: cfg.features.bigrams,
            char_grams: cfg.features.char_grams.as_ref().map(|c| Grams {
                min_n: c.min_n,
                max_n: c.max_n,
                weight: c.weight,
            }),
            features_per_topic: cfg.features_per_topic,
            features_per_positive: cfg.features_per_positive,
        }
    }

    /// `base` with these settings.
    pub fn apply(&self, base: &TrainConfig) -> TrainConfig {
        let gram_base = base.features.char_grams.clone().unwrap_or_default();
        TrainConfig {
            classifier: self.classifier,
            alpha: self.alpha,
            max_iterations: self.max_iterations,
            features: FeatureConfig {
                min_df: self.min_df,
                bigrams: self.bigrams,
                char_grams: self.char_grams.map(|g| CharGramConfig {
                    min_n: g.min_n,
                    max_n: g.max_n,
                    weight: g.weight,
                    ..gram_base
                }),
                ..base.features.clone()
            },
            features_per_topic: self.features_per_topic,
            features_per_positive: self.features_per_positive,
            ..base.clone()
        }
    }

    /// Every column, rather than χ²-selected ones.
    pub fn every_column(&self) -> bool {
        self.features_per_topic == usize::MAX && self.features_per_positive == usize::MAX
    }

    /// The `topictag train` flags that give these settings.
    pub fn flags(&self) -> String {
        let mut f = format!(
            "--classifier {} --alpha {} --max-iter {} --min-df {}",
            self.classifier.name(),
            self.alpha,
            self.max_iterations,
            self.min_df
        );
        if self.bigrams {
            f.push_str(" --bigrams");
        }
        // Explicit either way: a small file's defaults have character n-grams.
        match self.char_grams {
            Some(g) => f.push_str(&format!(
                " --char-grams {}-{} --char-weight {}",
                g.min_n, g.max_n, g.weight
            )),
            None => f.push_str(" --char-grams off"),
        }
        f.push_str(&format!(
            " --features-per-topic {} --features-per-positive {}",
            crate::train::count_arg(self.features_per_topic),
            crate::train::count_arg(self.features_per_positive)
        ));
        f
    }
}

impl fmt::Display for Settings {
    /// `logistic alpha 0.01, 100 iterations, min_df 1, char 2-5 x0.5, every column`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} alpha {}", self.classifier.name(), self.alpha)?;
        if self.classifier != ClassifierKind::Bayes {
            write!(f, ", {} iterations", self.max_iterations)?;
        }
        write!(f, ", min_df {}", self.min_df)?;
        if self.bigrams {
            write!(f, ", bigrams")?;
        }
        match self.char_grams {
            Some(g) => write!(f, ", char {}-{} x{}", g.min_n, g.max_n, g.weight)?,
            None => write!(f, ", no char")?,
        }
        if self.every_column() {
            write!(f, ", every column")
        } else {
            write!(
                f,
                ", {} columns ({} per positive)",
                self.features_per_topic, self.features_per_positive
            )
        }
    }
}

/// How a trial ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TrialEnd {
    /// Scored on every fold.
    Complete,
    /// Dropped after `folds`: it trailed the incumbent on them.
    Dropped,
    /// Stopped by the budget after `folds`.
    Budget,
    /// The settings could not be trained (the message says why).
    Failed(String),
}

/// One trial of the search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub settings: Settings,
    /// Folds it was scored on (the first `folds` of the plan).
    pub folds: u32,
    /// Its cross-validated score on those folds.
    pub score: f64,
    /// Seconds it took (fits, scoring, and any vectors built for it).
    pub seconds: f64,
    pub end: TrialEnd,
}

/// The search: what it optimised, every trial in order, and which one won.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub metric: Metric,
    /// Folds of the cross-validation.
    pub folds: u32,
    pub budget_seconds: f64,
    /// Wall time of the search.
    pub seconds: f64,
    /// Whether the budget cut some trial short or left it out (the search may still have
    /// ended before its budget: see [`Trace::budget_words`]).
    pub budget_stop: bool,
    pub trials: Vec<Trial>,
    /// The chosen trial (an index into `trials`).
    pub chosen: usize,
    /// The best other trial scored on every fold, if any.
    pub runner_up: Option<usize>,
}

impl Trace {
    /// The chosen trial.
    pub fn best(&self) -> &Trial {
        &self.trials[self.chosen]
    }

    /// What the budget did, for people: `""` when every planned trial ran, `"used up"` when
    /// the search ran to (90% of) its budget, else `"slow trials cut"` (the search ended
    /// earlier, but some trial was cut or skipped as too slow for the time left).
    pub fn budget_words(&self) -> &'static str {
        if !self.budget_stop {
            ""
        } else if self.seconds >= 0.9 * self.budget_seconds {
            "used up"
        } else {
            "slow trials cut"
        }
    }

    /// The runner-up, if any.
    pub fn second(&self) -> Option<&Trial> {
        self.runner_up.map(|i| &self.trials[i])
    }
}
