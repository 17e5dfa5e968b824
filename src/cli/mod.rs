//! Arguments and dispatch. The library does the work; this layer reads flags and prints.

mod commands;
mod output;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use topictag::input::Format;
use topictag::lang::{Lang, DEFAULT_FLOOR};
use topictag::model::ClassifierKind;

pub use commands::run;

/// How a command ended, when it did not fail outright.
pub enum Outcome {
    Clean,
    SomeFailed,
}

/// True when `e` comes from writing to a closed pipe (`topictag tag ... | head`).
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}

/// Tag news items with their language and topics.
///
/// Typical use:
///
///   topictag tag digest.txt                         tag a saved digest page with the default model
///   topictag tag pages/ --format jsonl --out t.jsonl  tag a folder of pages into JSON Lines
///   topictag train --data labelled.csv --out models/mine.model
///   topictag eval --model models/mine.model --data test.csv
///
/// Exit codes: 0 all good; 1 some items or files failed and were reported (the rest was
/// processed); 2 usage error or a fatal error (bad model, unreadable training file).
#[derive(Parser, Debug)]
#[command(name = "topictag", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Worker threads (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no closing summary on stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train a model from a labelled CSV file.
    ///
    /// The CSV needs a header with a text column (`text`, `body`, `content`; a `title` column is
    /// prepended when present), a labels column (`topics` or `labels`; several labels joined by
    /// `;` or `|`; empty for none) and optionally a `lang` column (ISO 639-1 code).
    /// Prints a summary: items, topics with counts, languages and cross-validated F1.
    #[command(verbatim_doc_comment)]
    Train(TrainArgs),
    /// Tag texts: digest pages, CSV or JSON Lines files, folders, globs or stdin.
    ///
    /// Each input is read by its extension: `.csv` (text columns as in training), `.jsonl` (a
    /// `text` field, optional `title` and `lang`), anything else a digest page split into items.
    /// One output row per item: source, item, title, language, confidence, topics, scores.
    #[command(verbatim_doc_comment)]
    Tag(TagArgs),
    /// Measure a model on labelled data: precision, recall, F1 per topic and per language.
    ///
    /// With `--cv K` and no `--model`, cross-validates training settings on `--data` instead.
    #[command(verbatim_doc_comment)]
    Eval(EvalArgs),
    /// Detect the language of texts (no model needed).
    Detect(DetectArgs),
    /// Show a model's metadata and its strongest terms per topic.
    Inspect(InspectArgs),
}

/// Column names of CSV inputs.
#[derive(Args, Debug, Clone)]
pub struct ColumnArgs {
    /// Text column(s), joined in order (default: `title` + `text`/`body`).
    #[arg(long = "text-col", value_name = "NAME", value_delimiter = ',')]
    pub text_columns: Option<Vec<String>>,
    /// Labels column (default: `topics` or `labels`).
    #[arg(long = "label-col", value_name = "NAME")]
    pub label_column: Option<String>,
    /// Language column (default: `lang` if present).
    #[arg(long = "lang-col", value_name = "NAME")]
    pub lang_column: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD and count it, instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

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
    /// Drop terms found in more than this share of items.
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
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
    /// Detection confidence below which a text is undetermined (language-neutral pipeline).
    #[arg(long, default_value_t = DEFAULT_FLOOR, value_name = "P")]
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

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Labelled CSV file (a `.tsv` file is split on tabs).
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Where to write the model (atomically; an earlier model survives a failed run).
    #[arg(long, value_name = "FILE.model")]
    pub out: PathBuf,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: TrainSettings,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// Comma-separated, one column per topic score.
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Aligned text for reading.
    Table,
}

#[derive(Args, Debug)]
pub struct TagArgs {
    /// Files, folders (recursive), glob patterns, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Model file [default: models/foreign-policy.model, or $TOPICTAG_MODEL].
    #[arg(long, short, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "csv")]
    pub format: OutFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Keep at most K topics per item (strongest first).
    #[arg(long, value_name = "K")]
    pub top: Option<usize>,
    /// One probability threshold for every topic instead of the model's tuned ones.
    #[arg(long, value_name = "P")]
    pub threshold: Option<f32>,
    /// Language of every text (skips detection).
    #[arg(long, value_name = "CODE")]
    pub lang: Option<Lang>,
    /// Which language a short text the detector cannot decide (a name, a number, a two-word
    /// title) takes. `file`: the dominant detected language of its file or page (of the
    /// first 2,048 items of a longer file), the same whatever --threads and however the
    /// input is read. `off`: none; every item is routed on its own, as the library and the
    /// Python API do by default, so an item gets the same result in any file or partition.
    #[arg(long, value_enum, default_value = "file", value_name = "file|off")]
    pub lang_hint: LangHint,
    /// Read inputs as this format instead of guessing from the extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    #[command(flatten)]
    pub columns: ColumnArgs,
}

/// Where an undetermined short text's language comes from (`tag --lang-hint`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangHint {
    /// The dominant language of the item's file or page.
    File,
    /// No hint: each item is routed on its own.
    Off,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Model to evaluate.
    #[arg(long, short, value_name = "FILE", required_unless_present = "cv")]
    pub model: Option<PathBuf>,
    /// Labelled CSV file (a `.tsv` file is split on tabs).
    #[arg(long, value_name = "FILE.csv")]
    pub data: PathBuf,
    /// Cross-validate training on --data with K folds instead of evaluating a model.
    #[arg(long, value_name = "K", conflicts_with = "model")]
    pub cv: Option<usize>,
    /// One probability threshold for every topic instead of the model's tuned ones.
    #[arg(long, value_name = "P")]
    pub threshold: Option<f32>,
    #[command(flatten)]
    pub columns: ColumnArgs,
    #[command(flatten)]
    pub settings: TrainSettings,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct DetectArgs {
    /// Files, folders, globs, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "csv")]
    pub format: OutFormat,
    /// Languages the detector may answer (default: all with a stemmer).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub allow: Option<Vec<Lang>>,
    /// Detection confidence below which a text is undetermined.
    #[arg(long, default_value_t = DEFAULT_FLOOR, value_name = "P")]
    pub floor: f64,
    /// Read inputs as this format instead of guessing from the extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    #[command(flatten)]
    pub columns: ColumnArgs,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Model file.
    #[arg(value_name = "MODEL")]
    pub model: PathBuf,
    /// Strongest terms to show per topic.
    #[arg(long, default_value_t = 12, value_name = "N")]
    pub terms: usize,
    /// Print as JSON.
    #[arg(long)]
    pub json: bool,
}
