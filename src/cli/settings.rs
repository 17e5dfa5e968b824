//! The training settings `train` and `eval --cv` share, their value parsers, and the
//! library's [`TrainConfig`] they make.

use clap::Args;
use topictag::features::{CharGramConfig, FeatureConfig};
use topictag::lang::{Lang, DEFAULT_FLOOR};
use topictag::model::ClassifierKind;
use topictag::settings;
use topictag::text::AnalyzerConfig;
use topictag::train::TrainConfig;

/// Settings of a training run.
#[derive(Args, Debug, Clone)]
pub struct TrainSettings {
    /// Classifier fitted per topic.
    #[arg(long, value_enum, default_value = "logistic")]
    pub classifier: ClassifierKind,
    /// L2 penalty of logistic regression (1/C), or smoothing of naive Bayes.
    #[arg(long, default_value_t = 0.1)]
    pub alpha: f64,
    /// Columns each topic's classifier sees (chi-squared selection). `all` (with
    /// `--features-per-positive all`): every column; with fewer items than columns, logistic
    /// regression then fits through the items' span (items × items instead of items × columns).
    #[arg(long, default_value = "2000", value_name = "N|all", value_parser = parse_count)]
    pub features_per_topic: usize,
    /// Cap on those columns per training item of the topic, so rare topics get fewer (never
    /// below 50). `all`: no cap.
    #[arg(long, default_value = "50", value_name = "N|all", value_parser = parse_count)]
    pub features_per_positive: usize,
    /// Drop terms found in fewer items.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_df: u32,
    /// Drop terms found in more than this share of items (more than 0, at most 1).
    #[arg(long, default_value_t = 0.5, value_name = "SHARE", value_parser = parse_max_df)]
    pub max_df: f32,
    /// Also use pairs of adjacent terms.
    #[arg(long)]
    pub bigrams: bool,
    /// Folds for tuning thresholds and cross-validated scores (0: no tuning).
    #[arg(long, default_value_t = 4, value_name = "K")]
    pub folds: usize,
    /// L-BFGS iterations of logistic regression (stopping early also regularises).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub max_iter: u64,
    /// Seed of the fold shuffle (same data + same settings + same seed = same model).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Languages the detector may answer, comma-separated ISO codes (default: all with a stemmer).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub allow: Option<Vec<Lang>>,
    /// Detection confidence below which a text is undetermined (language-neutral pipeline);
    /// 0 to 1.
    #[arg(long, default_value_t = DEFAULT_FLOOR, value_name = "P", value_parser = parse_floor)]
    pub floor: f64,
    /// Force exactly one topic per item (default: when every training item has one label).
    #[arg(long)]
    pub exclusive: bool,
    /// Keep stop words.
    #[arg(long)]
    pub keep_stop_words: bool,
    /// Do not stem.
    #[arg(long)]
    pub no_stem: bool,
    /// Also use character n-grams of MIN to MAX characters inside each word (padded with a
    /// space each side), as a second TF-IDF block: helps short texts and small training sets.
    #[arg(long, value_name = "MIN-MAX", value_parser = parse_gram_range)]
    pub char_grams: Option<(u8, u8)>,
    /// Weight of the character n-gram block against the word block's 1.
    #[arg(long, default_value_t = 0.5, value_name = "W", requires = "char_grams")]
    pub char_weight: f32,
    /// Drop character n-grams found in fewer items.
    #[arg(long, default_value_t = 1, value_name = "N", requires = "char_grams")]
    pub char_min_df: u32,
}

/// A column count, or `all` (no cap).
fn parse_count(s: &str) -> Result<usize, String> {
    match s {
        "all" => Ok(usize::MAX),
        n => n
            .parse()
            .map_err(|_| format!("expected a number of columns or 'all' (got '{n}')")),
    }
}

/// A number, then the library's rule for the setting (`topictag::settings`).
fn parse_number(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| format!("expected a number (got '{s}')"))
}

pub(super) fn parse_threshold(s: &str) -> Result<f32, String> {
    settings::probability("a threshold", parse_number(s)?).map(|p| p as f32)
}

pub(super) fn parse_floor(s: &str) -> Result<f64, String> {
    settings::floor(parse_number(s)?)
}

fn parse_max_df(s: &str) -> Result<f32, String> {
    settings::max_df(parse_number(s)?).map(|p| p as f32)
}

/// `2-5` → (2, 5).
fn parse_gram_range(s: &str) -> Result<(u8, u8), String> {
    let (lo, hi) = s
        .split_once('-')
        .ok_or_else(|| format!("expected MIN-MAX, such as 2-5 (got '{s}')"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<u8>()
            .map_err(|_| format!("'{v}' is not a length in characters"))
    };
    Ok((n(lo)?, n(hi)?))
}

/// The library's training configuration these settings describe.
pub(super) fn train_config(s: &TrainSettings) -> TrainConfig {
    TrainConfig {
        analyzer: AnalyzerConfig {
            stop_words: !s.keep_stop_words,
            stem: !s.no_stem,
            ..AnalyzerConfig::default()
        },
        features: FeatureConfig {
            min_df: s.min_df,
            max_df: s.max_df,
            bigrams: s.bigrams,
            char_grams: s.char_grams.map(|(min_n, max_n)| CharGramConfig {
                min_n,
                max_n,
                weight: s.char_weight,
                min_df: s.char_min_df,
                ..CharGramConfig::default()
            }),
            ..FeatureConfig::default()
        },
        classifier: s.classifier,
        alpha: s.alpha,
        max_iterations: s.max_iter,
        features_per_topic: s.features_per_topic,
        features_per_positive: s.features_per_positive,
        folds: s.folds,
        seed: s.seed,
        allow: s.allow.clone().unwrap_or_else(|| Lang::ALL.to_vec()),
        floor: s.floor,
        exclusive: s.exclusive.then_some(true),
    }
}
