//! The training settings `train` and `eval --cv` share, their value parsers, and the
//! library's [`TrainConfig`] they make.

use clap::Args;
use std::sync::Arc;
use std::time::Duration;
use topictag::classes::WordClasses;
use topictag::features::{CharGramConfig, FeatureConfig};
use topictag::lang::{Lang, DEFAULT_FLOOR};
use topictag::model::ClassifierKind;
use topictag::settings;
use topictag::text::AnalyzerConfig;
use topictag::train::{count_arg, Metric, TrainConfig, SMALL_SET_ITEMS};

/// Settings of a training run.
#[derive(Args, Debug, Clone)]
pub struct TrainSettings {
    /// Classifier fitted per topic: a linear SVM (squared hinge loss, probabilities by
    /// Platt's sigmoid), logistic regression (linfa) or multinomial naive Bayes [default: svm].
    #[arg(long, value_enum)]
    pub classifier: Option<ClassifierKind>,
    /// Regularisation: the L2 penalty (1/C) of the SVM and of logistic regression, or the
    /// smoothing of naive Bayes [default: 1 with svm; 0.1 with logistic and bayes, 0.01 for
    /// small files; see "Defaults" below].
    #[arg(long)]
    pub alpha: Option<f64>,
    /// Columns each topic's classifier sees (chi-squared selection). `all` (with
    /// `--features-per-positive all`): every column; with fewer items than columns, logistic
    /// regression then fits through the items' span (items × items instead of items × columns)
    /// [default: all with svm; 2000 with logistic and bayes, all for small files, 5000 for large
    /// single-label files].
    #[arg(long, value_name = "N|all", value_parser = parse_count)]
    pub features_per_topic: Option<usize>,
    /// Cap on those columns per training item of the topic, so rare topics get fewer (never
    /// below 50). `all`: no cap [default: all with svm; 50 with logistic and bayes, all for
    /// small files, 100 for large single-label files].
    #[arg(long, value_name = "N|all", value_parser = parse_count)]
    pub features_per_positive: Option<usize>,
    /// Drop terms found in fewer items [default: 2; 1 for small files].
    #[arg(long, value_name = "N")]
    pub min_df: Option<u32>,
    /// Drop terms found in more than this share of items (more than 0, at most 1).
    #[arg(long, default_value_t = 0.5, value_name = "SHARE", value_parser = parse_max_df)]
    pub max_df: f32,
    /// Also use pairs of adjacent terms [default: with svm on large single-label files, see
    /// "Defaults" below].
    #[arg(long, conflicts_with = "no_bigrams")]
    pub bigrams: bool,
    /// No pairs of adjacent terms, where the defaults would add them.
    #[arg(long)]
    pub no_bigrams: bool,
    /// Folds for tuning thresholds and cross-validated scores (0: no tuning) [default: 4; 0
    /// for large single-label files with logistic or bayes, see "Defaults" below].
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,
    /// L-BFGS iterations of logistic regression (stopping early also regularises), or passes
    /// over the items of the SVM's coordinate descent (it stops earlier once converged).
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
    /// Add a class term per mention of a listed word or phrase (`#energy` for "pipeline",
    /// `#europe` for "Belgian"), so words the training file never shows still count through
    /// their class: `default` for the shipped English and Spanish lists (countries by region,
    /// capitals, military, energy, trade, government, organisations, sport, culture, parties),
    /// or a file of your own in their format (`[class]` lines, then forms; see
    /// src/classes/default.txt). The lists are stored in the model. [default: none]
    #[arg(long, value_name = "default|FILE")]
    pub word_classes: Option<String>,
    /// Also use character n-grams of MIN to MAX characters inside each word (padded with a
    /// space each side), as a second TF-IDF block: helps short texts and small training sets.
    /// `off`: none [default: off; 2-5 for small files].
    #[arg(long, value_name = "MIN-MAX|off", value_parser = parse_grams)]
    pub char_grams: Option<Grams>,
    /// Weight of the character n-gram block against the word block's 1 [default: 0.5].
    #[arg(long, value_name = "W")]
    pub char_weight: Option<f32>,
    /// Drop character n-grams found in fewer items [default: 1].
    #[arg(long, value_name = "N")]
    pub char_min_df: Option<u32>,
}

/// `--char-grams`: a range of lengths, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grams {
    Off,
    Range(u8, u8),
}

/// The help's closing section on size-dependent defaults (`train` and `eval`).
pub(super) const DEFAULTS_HELP: &str =
    "Defaults: the classifier is a linear SVM (--classifier svm) with --alpha 1 (C = 1) on \
every column, which cross-validated above logistic regression's defaults on the train splits of \
most public sets tried and trains in seconds where logistic regression takes minutes \
(docs/autotune.md, \"Defaults\"); on a file of more than 4000 items with one label each it \
also uses --bigrams (--no-bigrams to leave them out). A training file of at most 4000 items is small: unless \
given, it also gets --char-grams 2-5 and --min-df 1, and with logistic or bayes every column \
and --alpha 0.01. With logistic or bayes a larger file with one label per item (a single-label \
model takes its most probable topic and uses no threshold) trains once on every item with no \
cross-validation folds and 5000 columns per topic (--features-per-positive 100); give --folds 4 \
for a cross-validated score (--autotune scores its trials on 4 folds). Any flag given wins; a \
note on stderr says which size-dependent defaults applied.";

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
    /// Time the search may take, such as 90s, 2m, 1m30s or 1h, counting the training after
    /// it as far as its folds foretell (a run ends over it when the given settings alone take
    /// longer).
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

/// A warning that `--threshold` does nothing on an exclusive model, which assigns each item
/// its one most probable topic (`tag` and `eval`).
pub(super) fn warn_unused_threshold(threshold: Option<f32>, model: &topictag::model::TopicModel) {
    if threshold.is_some() && model.exclusive() {
        diag!(
            "topictag: warning: --threshold does not apply: this model is exclusive (it assigns \
             each item its one most probable topic)"
        );
    }
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

/// `2-5` → 2 to 5; `off` → none.
fn parse_grams(s: &str) -> Result<Grams, String> {
    if matches!(s.trim(), "off" | "none") {
        return Ok(Grams::Off);
    }
    let (lo, hi) = s
        .split_once('-')
        .ok_or_else(|| format!("expected MIN-MAX, such as 2-5, or off (got '{s}')"))?;
    let n = |v: &str| {
        v.trim()
            .parse::<u8>()
            .map_err(|_| format!("'{v}' is not a length in characters"))
    };
    Ok(Grams::Range(n(lo)?, n(hi)?))
}

/// The classifier these settings ask for: `--classifier`, or the linear SVM.
fn classifier(s: &TrainSettings) -> ClassifierKind {
    s.classifier.unwrap_or(ClassifierKind::Svm)
}

/// The library's defaults for a training file of `n_items` items, of a single-label model
/// when `exclusive`, with the classifier asked for: what [`train_config`] fills in and
/// [`size_defaults_note`] reports.
fn sized_defaults(s: &TrainSettings, n_items: usize, exclusive: bool) -> TrainConfig {
    TrainConfig::for_items(classifier(s), n_items, exclusive)
}

/// The library's training configuration these settings describe, for a training file of
/// `n_items` items: each setting not given takes the default for that size and, when
/// `exclusive`, for a single-label model ([`sized_defaults`]).
pub(super) fn train_config(
    s: &TrainSettings,
    n_items: usize,
    exclusive: bool,
) -> Result<TrainConfig, String> {
    let base = sized_defaults(s, n_items, exclusive);
    let char_grams = match s.char_grams {
        Some(Grams::Off) => None,
        Some(Grams::Range(min_n, max_n)) => Some(CharGramConfig {
            min_n,
            max_n,
            ..CharGramConfig::default()
        }),
        None => base.features.char_grams.clone(),
    };
    let char_grams = match char_grams {
        Some(c) => Some(CharGramConfig {
            weight: s.char_weight.unwrap_or(c.weight),
            min_df: s.char_min_df.unwrap_or(c.min_df),
            ..c
        }),
        None if s.char_weight.is_some() || s.char_min_df.is_some() => {
            return Err(format!(
                "--char-weight and --char-min-df need character n-grams: give --char-grams MIN-MAX (files of more than {SMALL_SET_ITEMS} items have none by default)"
            ))
        }
        None => None,
    };
    let word_classes = match s.word_classes.as_deref() {
        None => None,
        Some("default") => Some(Arc::new(WordClasses::default_lists())),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("--word-classes {path}: cannot read it: {e}"))?;
            let classes =
                WordClasses::parse(&text).map_err(|e| format!("--word-classes {path}: {e}"))?;
            Some(Arc::new(classes))
        }
    };
    Ok(TrainConfig {
        analyzer: AnalyzerConfig {
            stop_words: !s.keep_stop_words,
            stem: !s.no_stem,
            word_classes,
            ..AnalyzerConfig::default()
        },
        features: FeatureConfig {
            min_df: s.min_df.unwrap_or(base.features.min_df),
            max_df: s.max_df,
            bigrams: match (s.bigrams, s.no_bigrams) {
                (true, _) => true,
                (_, true) => false,
                _ => base.features.bigrams,
            },
            char_grams,
            ..FeatureConfig::default()
        },
        classifier: base.classifier,
        alpha: s.alpha.unwrap_or(base.alpha),
        max_iterations: s.max_iter,
        features_per_topic: s.features_per_topic.unwrap_or(base.features_per_topic),
        features_per_positive: s
            .features_per_positive
            .unwrap_or(base.features_per_positive),
        folds: s.folds.unwrap_or(base.folds),
        seed: s.seed,
        allow: s.allow.clone().unwrap_or_else(|| Lang::ALL.to_vec()),
        floor: s.floor,
        exclusive: s.exclusive.then_some(true),
    })
}

/// When the file's size changed the default of some setting not given: a line saying which,
/// read off [`sized_defaults`] against the same classifier's defaults for a large multi-label
/// file (one rule, not two).
/// `searching`: an autotune search comes first (it scores its trials on folds of its own).
pub(super) fn size_defaults_note(
    s: &TrainSettings,
    n_items: usize,
    exclusive: bool,
    searching: bool,
) -> Option<String> {
    let sized = sized_defaults(s, n_items, exclusive);
    let plain = sized_defaults(s, usize::MAX, false);
    let mut took = Vec::new();
    let fpt =
        s.features_per_topic.is_none() && sized.features_per_topic != plain.features_per_topic;
    let fpp = s.features_per_positive.is_none()
        && sized.features_per_positive != plain.features_per_positive;
    match (fpt, fpp) {
        (true, true)
            if sized.features_per_topic == usize::MAX
                && sized.features_per_positive == usize::MAX =>
        {
            took.push("every column".to_string())
        }
        _ => {
            if fpt {
                took.push(format!(
                    "--features-per-topic {}",
                    count_arg(sized.features_per_topic)
                ));
            }
            if fpp {
                took.push(format!(
                    "--features-per-positive {}",
                    count_arg(sized.features_per_positive)
                ));
            }
        }
    }
    if s.char_grams.is_none() && sized.features.char_grams != plain.features.char_grams {
        if let Some(g) = &sized.features.char_grams {
            took.push(format!("character {}-{}-grams", g.min_n, g.max_n));
        }
    }
    if !(s.bigrams || s.no_bigrams) && sized.features.bigrams && !plain.features.bigrams {
        took.push("bigrams".to_string());
    }
    if s.min_df.is_none() && sized.features.min_df != plain.features.min_df {
        took.push(format!("min_df {}", sized.features.min_df));
    }
    if s.alpha.is_none() && sized.alpha != plain.alpha {
        took.push(format!("alpha {}", sized.alpha));
    }
    if s.folds.is_none() && sized.folds != plain.folds {
        took.push(if searching {
            format!(
                "no cross-validation folds after the search (which scores settings on {} folds; a single-label model uses no thresholds)",
                plain.folds
            )
        } else {
            format!(
                "no cross-validation folds (a single-label model uses no thresholds; --folds {} for a cross-validated score)",
                plain.folds
            )
        });
    }
    (!took.is_empty()).then(|| {
        let which = if n_items <= SMALL_SET_ITEMS {
            format!("{n_items} items (at most {SMALL_SET_ITEMS}): small-file defaults")
        } else {
            format!("{n_items} items, one label each: large single-label defaults")
        };
        format!("{which}: {} (see --help, \"Defaults\")", took.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        s: TrainSettings,
    }

    fn config(args: &[&str], n: usize) -> Result<TrainConfig, String> {
        let f = Flags::try_parse_from(std::iter::once("t").chain(args.iter().copied()))
            .map_err(|e| e.to_string())?;
        train_config(&f.s, n, false)
    }

    #[test]
    fn defaults_follow_the_file_size_and_given_flags_win() {
        // The linear SVM: alpha 1 and every column at any size; small files add character
        // n-grams and min_df 1.
        let small = config(&[], SMALL_SET_ITEMS).unwrap();
        let large = config(&[], SMALL_SET_ITEMS + 1).unwrap();
        for c in [&small, &large] {
            assert_eq!(c.classifier, ClassifierKind::Svm);
            assert_eq!(c.alpha, 1.0);
            assert_eq!(
                (c.features_per_topic, c.features_per_positive),
                (usize::MAX, usize::MAX)
            );
        }
        assert_eq!(small.features.min_df, 1);
        let grams = small
            .features
            .char_grams
            .expect("small files get character n-grams");
        assert_eq!((grams.min_n, grams.max_n, grams.weight), (2, 5, 0.5));
        assert_eq!(large.features.min_df, 2);
        assert!(large.features.char_grams.is_none());

        // Logistic regression: every column and alpha 0.01 on small files only.
        let small = config(&["--classifier", "logistic"], SMALL_SET_ITEMS).unwrap();
        let large = config(&["--classifier", "logistic"], SMALL_SET_ITEMS + 1).unwrap();
        assert_eq!(small.classifier, ClassifierKind::Logistic);
        assert_eq!((small.alpha, small.features.min_df), (0.01, 1));
        assert_eq!(small.features_per_topic, usize::MAX);
        assert!(small.features.char_grams.is_some());
        assert_eq!(large.alpha, TrainConfig::default().alpha);
        assert_eq!(large.features.min_df, 2);
        assert_eq!(
            (large.features_per_topic, large.features_per_positive),
            (2000, 50)
        );
        assert!(large.features.char_grams.is_none());

        let given = config(
            &[
                "--alpha",
                "0.3",
                "--char-grams",
                "off",
                "--min-df",
                "3",
                "--features-per-topic",
                "500",
            ],
            10,
        )
        .unwrap();
        assert_eq!((given.alpha, given.features.min_df), (0.3, 3));
        assert!(given.features.char_grams.is_none());
        // Not given: the small file's default.
        assert_eq!(
            (given.features_per_topic, given.features_per_positive),
            (500, usize::MAX)
        );

        let weighted = config(&["--char-weight", "1", "--char-min-df", "2"], 10).unwrap();
        let g = weighted.features.char_grams.unwrap();
        assert_eq!((g.min_n, g.max_n, g.weight, g.min_df), (2, 5, 1.0, 2));
        let ranged = config(&["--char-grams", "3-4"], SMALL_SET_ITEMS + 1).unwrap();
        let g = ranged.features.char_grams.unwrap();
        assert_eq!((g.min_n, g.max_n, g.weight), (3, 4, 0.5));
        let e = config(&["--char-weight", "1"], SMALL_SET_ITEMS + 1).unwrap_err();
        assert!(
            e.contains("--char-weight and --char-min-df need character n-grams"),
            "{e}"
        );
        let e = config(&["--char-grams", "5"], 10).unwrap_err();
        assert!(e.contains("expected MIN-MAX, such as 2-5, or off"), "{e}");
    }

    #[test]
    fn the_note_names_only_the_small_defaults_that_applied() {
        let note = |args: &[&str], n| {
            let f =
                Flags::try_parse_from(std::iter::once("t").chain(args.iter().copied())).unwrap();
            size_defaults_note(&f.s, n, false, false)
        };
        assert_eq!(note(&[], SMALL_SET_ITEMS + 1), None);
        let svm = note(&[], 700).unwrap();
        assert!(
            svm.contains("small-file defaults: character 2-5-grams, min_df 1 ("),
            "{svm}"
        );
        let all = note(&["--classifier", "logistic"], 700).unwrap();
        assert!(
            all.contains("every column, character 2-5-grams, min_df 1, alpha 0.01"),
            "{all}"
        );
        assert_eq!(
            note(&["--classifier", "logistic"], SMALL_SET_ITEMS + 1),
            None
        );
        let some = note(
            &[
                "--classifier",
                "logistic",
                "--alpha",
                "1",
                "--char-grams",
                "off",
                "--features-per-positive",
                "80",
            ],
            700,
        )
        .unwrap();
        assert!(
            some.contains("small-file defaults: --features-per-topic all, min_df 1 ("),
            "{some}"
        );
        let none = &["--char-grams", "off", "--min-df", "2"];
        let none = [
            none.as_slice(),
            &["--features-per-topic", "9", "--features-per-positive", "9"],
        ]
        .concat();
        assert_eq!(note(&none, 700), None);
    }

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

    #[test]
    fn large_single_label_files_train_once_on_more_columns_unless_told_otherwise() {
        let parse = |args: &[&str]| {
            Flags::try_parse_from(std::iter::once("t").chain(args.iter().copied()))
                .unwrap()
                .s
        };
        let n = SMALL_SET_ITEMS + 1;
        // The SVM keeps its folds and every column at any size, and adds bigrams.
        let svm = train_config(&parse(&[]), n, true).unwrap();
        assert_eq!((svm.folds, svm.features_per_topic), (4, usize::MAX));
        assert!(svm.features.bigrams);
        let note = size_defaults_note(&parse(&[]), n, true, false).expect("a note");
        assert!(
            note.ends_with("defaults: bigrams (see --help, \"Defaults\")"),
            "{note}"
        );
        // Not on multi-label files, nor when told.
        assert!(
            !train_config(&parse(&[]), n, false)
                .unwrap()
                .features
                .bigrams
        );
        let off = parse(&["--no-bigrams"]);
        assert!(!train_config(&off, n, true).unwrap().features.bigrams);
        assert_eq!(size_defaults_note(&off, n, true, false), None);
        assert!(Flags::try_parse_from(["t", "--bigrams", "--no-bigrams"]).is_err());
        // Logistic regression and naive Bayes train once, on more selected columns.
        let parse = |args: &[&str]| parse(&[&["--classifier", "logistic"], args].concat());
        let cfg = train_config(&parse(&[]), n, true).unwrap();
        assert_eq!(cfg.folds, 0);
        assert_eq!(
            (cfg.features_per_topic, cfg.features_per_positive),
            (5000, 100)
        );
        // Multi-label files of the same size keep the general defaults.
        let multi = train_config(&parse(&[]), n, false).unwrap();
        assert_eq!((multi.folds, multi.features_per_topic), (4, 2000));
        // Small single-label files keep the small-file defaults, folds included.
        let small = train_config(&parse(&[]), 700, true).unwrap();
        assert_eq!((small.folds, small.features_per_topic), (4, usize::MAX));
        // A flag given wins, and the others keep the size's default.
        let given = train_config(&parse(&["--folds", "3"]), n, true).unwrap();
        assert_eq!((given.folds, given.features_per_topic), (3, 5000));

        let note = size_defaults_note(&parse(&[]), n, true, false).expect("a note");
        assert!(note.contains("large single-label defaults"), "{note}");
        assert!(note.contains("--features-per-topic 5000"), "{note}");
        assert!(note.contains("no cross-validation folds"), "{note}");
        let told = parse(&[
            "--folds",
            "4",
            "--features-per-topic",
            "2000",
            "--features-per-positive",
            "50",
        ]);
        assert_eq!(size_defaults_note(&told, n, true, false), None);
    }
}
