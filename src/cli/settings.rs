//! The training settings `train` and `eval --cv` share, their value parsers, and the
//! library's [`TrainConfig`] they make.

use clap::Args;
use std::time::Duration;
use topictag::features::{CharGramConfig, FeatureConfig};
use topictag::lang::{Lang, DEFAULT_FLOOR};
use topictag::model::ClassifierKind;
use topictag::settings;
use topictag::text::AnalyzerConfig;
use topictag::train::{Metric, TrainConfig};

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

/// The search of `train --autotune` and `eval --cv K --autotune`.
#[derive(Args, Debug, Clone)]
pub struct AutotuneArgs {
    /// Choose the training settings by k-fold cross-validation on --data alone (--folds K,
    /// or eval's --cv K): alpha, character n-grams (range, weight), selected columns or every
    /// column, min_df, bigrams, iterations, classifier. The settings given on the command
    /// line are the first trial; likely winners come next, then one setting at a time, and a
    /// candidate that trails after a fold is dropped. Prints the chosen settings (as flags),
    /// their cross-validated score and the runner-up; the model stores every trial (see
    /// `inspect`). The same data, flags and --seed give the same choice, unless the budget
    /// stops the search earlier on a slower or busier machine.
    #[arg(long)]
    pub autotune: bool,
    /// Time the search may take, such as 90s, 2m, 1m30s or 1h (the final fit on every item
    /// comes after it).
    #[arg(long, default_value = "2m", value_name = "TIME", value_parser = parse_duration,
          requires = "autotune")]
    pub budget: Duration,
    /// What the search maximises [default: accuracy when every item has one label
    /// (exclusive), micro-f1 otherwise]. Accuracy of multi-label data is exact match.
    #[arg(long, value_enum, value_name = "METRIC", requires = "autotune")]
    pub metric: Option<Metric>,
}

/// `90s`, `2m`, `1m30s`, `1h`, `500ms`; a bare number is seconds.
pub(super) fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("expected a time such as 90s, 2m, 1m30s or 1h (got '{s}')");
    let t = s.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).map_err(|_| bad());
    }
    let mut total = 0.0f64;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let value: f64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit] {
            "ms" => 0.001,
            "s" | "sec" | "secs" => 1.0,
            "m" | "min" | "mins" => 60.0,
            "h" | "hour" | "hours" => 3600.0,
            _ => return Err(bad()),
        };
        total += value * scale;
        rest = &rest[unit..];
    }
    if t.is_empty() {
        return Err(bad());
    }
    Duration::try_from_secs_f64(total).map_err(|_| bad())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        let d = |s| parse_duration(s).map(|d| d.as_secs_f64());
        assert_eq!(d("90s"), Ok(90.0));
        assert_eq!(d("2m"), Ok(120.0));
        assert_eq!(d("1m30s"), Ok(90.0));
        assert_eq!(d("1h"), Ok(3600.0));
        assert_eq!(d("500ms"), Ok(0.5));
        assert_eq!(d("45"), Ok(45.0));
        assert_eq!(d("0.5m"), Ok(30.0));
        for bad in ["", "2 weeks", "m", "-3s", "1x", "s5"] {
            let e = parse_duration(bad).unwrap_err();
            assert!(e.starts_with("expected a time such as 90s"), "{bad}: {e}");
        }
    }
}
