//! The command line: its arguments, the options every command shares, and dispatch to one
//! file per command. The library does the work; these files read flags and print.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use topictag::dataset::CsvOptions;
use topictag::input::{Format, InputOptions};

use detect::DetectArgs;
use eval::EvalArgs;
use inspect::InspectArgs;
use tag::TagArgs;
use train::TrainArgs;

/// How a command ended, when it did not fail outright.
pub enum Outcome {
    Clean,
    SomeFailed,
}

/// Write one diagnostic line to stderr, ignoring write errors: a closed or full stderr
/// (`topictag ... 2>&1 | head -1`) must never decide whether the work is done. Every message
/// of the binary goes through here (or [`diag!`]), never through `eprintln!`, which panics.
pub fn diag_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args);
    let _ = err.write_all(b"\n");
}

/// `eprintln!` that never panics: see [`diag_line`].
macro_rules! diag {
    ($($arg:tt)*) => {
        $crate::cli::diag_line(format_args!($($arg)*))
    };
}

mod detect;
mod eval;
mod explain;
mod inspect;
mod model_path;
mod output;
mod seen;
mod settings;
mod stream;
mod tag;
mod train;

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
/// processed), or no argument named a file to tag; 2 usage error or a fatal error (bad
/// model, unreadable training file); 130 stopped by Ctrl+C (an --out file is left as it was).
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
    /// The CSV needs a header with a text column (`text`, `body`, `content`, `summary`... or
    /// Spanish `texto`, `cuerpo`...; a `title`/`headline`/`titular` column is prepended when
    /// present), a labels column (`topics`, `labels`, `category`, `tags`, `temas`...; several
    /// labels joined by `;` or `|`; empty for none) and optionally a `lang` column (ISO 639-1
    /// code). `--text-col`, `--label-col` and `--lang-col` name other columns.
    /// Prints a summary: items, topics with counts, languages and cross-validated F1.
    ///
    /// Rows whose labels speak to only some topics (a source coded for energy and trade says
    /// nothing about diplomacy) list those topics in an optional `known` column, joined like
    /// `topics`. A row is a positive for the topics it carries, a negative only for the other
    /// topics it knows, and no example at all for the rest; an empty cell (or `*`) knows every
    /// topic, as does a file without the column. For example (three rows of a larger file):
    ///
    ///   text,topics,known
    ///   "Crude prices jump after the pipeline fire",energy,energy;trade
    ///   "Ministers sign a customs pact",trade,energy;trade
    ///   "Summit ends with a joint statement",diplomacy,
    ///
    /// The first two rows train energy and trade only; the third is a negative for every topic
    /// but diplomacy. Every label must be among its row's known topics, and every known topic
    /// must be some row's label. Data with such rows is multi-label unless --exclusive.
    #[command(
        verbatim_doc_comment,
        after_help = settings::DEFAULTS_HELP,
        override_usage = "topictag train [OPTIONS] <FILE.csv | --data FILE.csv> --out <FILE.model>"
    )]
    Train(TrainArgs),
    /// Tag texts: digest pages, saved web pages, feeds, e-mails, CSV or JSON files, folders,
    /// globs, web addresses or stdin.
    ///
    /// Each input is read by its extension and content: `.csv` (text columns as in training),
    /// `.jsonl` (the same names as fields: `text`, `body`, `content`, `description`...,
    /// optional `title` and `lang`), `.json` (JSON Lines, JSON Feed, an array of records, a
    /// news API's answer, a Telegram export), `.html`/`.mhtml` (a saved listing's items, or one
    /// article), `.xml`/`.rss`/`.atom` (a feed's entries), `.eml` (a newsletter saved from the
    /// mail client), `.mbox` (a mail folder: each message in turn), `.opml` (a feed reader's subscription list: every feed in it is fetched),
    /// anything else a digest page split into items. An `http://` or `https://` address is
    /// fetched (a few at a time, each within --timeout) and read the same way.
    /// One output row per item, in input order: source, item, title, lang (ISO 639-1 for a
    /// language the model reads, ISO 639-3 for one it only recognises, `und` when unknown),
    /// confidence, topics, a score per topic, then id, text, date, url and error (a page's date
    /// as 2026-12-06 when it names one day, a feed's or mail's with its time and zone, a
    /// table's as written). An item that cannot be read still
    /// gets its row, with the reason in `error` (and the exit code is 1); an input with nothing
    /// to tag gets a warning, and so does a pattern that matches no file (exit 1 when no
    /// argument names anything to read). With --new-only FILE, items an earlier run with that FILE tagged
    /// get no row.
    ///
    /// Examples:
    ///   topictag tag digest.txt -f table                     # aligned text to read
    ///   topictag tag saved/ feeds/*.xml --out tags.csv --bom # a CSV for Excel
    ///   topictag tag mail/*.eml --format jsonl > tags.jsonl  # JSON Lines for a pipeline
    ///   topictag tag https://example.org/world/rss.xml subscriptions.opml -f table
    ///   topictag tag subscriptions.opml --new-only seen.txt -f jsonl >> news.jsonl  # daily
    #[command(verbatim_doc_comment)]
    Tag(TagArgs),
    /// Measure a model on labelled data: precision, recall, F1 per topic and per language.
    ///
    /// With `--cv K` and no `--model`, cross-validates training settings on `--data` instead.
    ///
    /// A `known` column (as in `train --help`) scores each row only on the topics it knows:
    /// with `known` = `energy;trade`, predicting `diplomacy` for that row is not a false
    /// positive, and exact match compares the row's labels with its predictions among
    /// energy and trade. The table then shows how many rows know each topic.
    #[command(
        verbatim_doc_comment,
        after_help = settings::DEFAULTS_HELP,
        override_usage = "topictag eval [OPTIONS] <FILE.csv | --data FILE.csv> [--model FILE.model | --cv K]"
    )]
    Eval(EvalArgs),
    /// Detect the language of texts (no model needed).
    Detect(DetectArgs),
    /// Show a model's metadata and its strongest terms per topic.
    Inspect(InspectArgs),
}

/// Column names of CSV inputs to tag: the text, the language, and how bad bytes are read.
#[derive(Args, Debug, Clone)]
pub struct InputColumnArgs {
    /// Text column(s), joined in order (default: `title` + `text`/`body`).
    #[arg(long = "text-col", value_name = "NAME", value_delimiter = ',')]
    pub text_columns: Option<Vec<String>>,
    /// Language column (default: `lang` if present).
    #[arg(long = "lang-col", value_name = "NAME")]
    pub lang_column: Option<String>,
    /// Replace invalid UTF-8 with U+FFFD and count it, instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

/// Column names of labelled data: those of inputs, and the labels, known topics and groups.
#[derive(Args, Debug, Clone)]
pub struct ColumnArgs {
    #[command(flatten)]
    pub input: InputColumnArgs,
    /// Labels column (default: `topics` or `labels`).
    #[arg(long = "label-col", value_name = "NAME")]
    pub label_column: Option<String>,
    /// Known-topics column of labelled data (default: `known` if present): the topics a row's
    /// labels speak to (see `train --help`).
    #[arg(long = "known-col", value_name = "NAME")]
    pub known_column: Option<String>,
    /// Group column of labelled data (default: `group` if present): rows with the same value
    /// (a headline and its article, versions of one text) fall into the same
    /// cross-validation fold, so out-of-fold scores and thresholds are not inflated by copies
    /// (rows repeating a text share a fold without it).
    #[arg(long = "group-col", value_name = "NAME")]
    pub group_column: Option<String>,
}

/// What rows of `tag` and `detect` carry besides the results.
#[derive(Args, Debug, Clone)]
pub struct ItemArgs {
    /// Column (CSV) or field (JSON Lines) holding each item's identifier, written unchanged in
    /// the `id` column of every output row so results join back to your data [default: a
    /// column or field named `id`, if there is one].
    #[arg(long = "id-col", value_name = "NAME")]
    pub id_column: Option<String>,
    /// Leave out the `text` column (the title and text that were tagged): compact output.
    #[arg(long)]
    pub no_text: bool,
    /// Seconds to wait for each web address given as an input (a feed or page URL, the feeds
    /// of an OPML list), from connecting to the last byte.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = seconds)]
    pub timeout: f64,
}

/// A positive number of seconds.
fn seconds(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 86_400.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of seconds between 0 and 86400"
        )),
    }
}

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// Comma-separated values, one row per item (with `tag`, a column per topic score).
    Csv,
    /// One JSON object per line.
    Jsonl,
    /// Aligned text for reading.
    Table,
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("cannot start the thread pool")?;
    }
    let quiet = cli.quiet;
    match cli.command {
        Command::Train(a) => train::run(a, quiet),
        Command::Tag(a) => tag::run(a, quiet),
        Command::Eval(a) => eval::run(a, quiet),
        Command::Detect(a) => detect::run(a, quiet),
        Command::Inspect(a) => inspect::run(a),
    }
}

/// How `tag` and `detect` read their inputs.
fn input_options(format: Option<Format>, c: &InputColumnArgs, items: &ItemArgs) -> InputOptions {
    InputOptions {
        format,
        csv: CsvOptions {
            text_columns: c.text_columns.clone(),
            lang_column: c.lang_column.clone(),
            lossy: c.lossy,
            ..CsvOptions::default()
        },
        id_column: items.id_column.clone(),
        timeout: Some(std::time::Duration::from_secs_f64(items.timeout)),
    }
}

/// How a CSV file's columns are found.
fn csv_options(c: &ColumnArgs) -> CsvOptions {
    CsvOptions {
        text_columns: c.input.text_columns.clone(),
        label_column: c.label_column.clone(),
        lang_column: c.input.lang_column.clone(),
        known_column: c.known_column.clone(),
        group_column: c.group_column.clone(),
        lossy: c.input.lossy,
    }
}

/// A progress bar on stderr (hidden with `--quiet`): `len` steps, or a spinner.
fn bar(quiet: bool, len: Option<u64>, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = match len {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template("{prefix:>9} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
                .expect("valid template")
                .progress_chars("=> "),
        ),
        None => ProgressBar::new_spinner(),
    };
    pb.set_prefix(what.to_string());
    pb
}

/// The labelled file of `train` or `eval`, given as `--data FILE` or as the first argument
/// (clap requires exactly one of them).
fn data_file(
    long: Option<&std::path::Path>,
    positional: Option<&std::path::Path>,
) -> std::path::PathBuf {
    long.or(positional)
        .expect("clap requires --data or a file argument")
        .to_path_buf()
}
