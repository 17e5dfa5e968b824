//! End-to-end speed benchmark: training time, tagging throughput and peak memory on public data,
//! side by side with the scikit-learn / fastText figures of `benches/peers/peers.py`.
//!
//! ```sh
//! cargo run --release --example throughput -- [--data DIR] [--items N] [--threads N]
//!     [--peers FILE] [--repeat N] [--fpt N] [--fpp N] [--max-iter N] [--folds N]
//!     [--no-fractions]
//! ```
//!
//! * `--data`: datasets root, default `../shared/datasets` relative to the crate. When the
//!   Reuters or 20 Newsgroups files are missing, the benchmark prints a notice and exits with 0.
//! * `--items`: the test splits are repeated until they have at least this many items
//!   (default 100,000, as in peers.py: 102,646 Reuters items, 105,448 20 Newsgroups items).
//! * `--threads`: threads of the parallel runs (default: all cores); the single-thread runs use
//!   a local one-thread rayon pool.
//! * `--peers`: the JSON written by `peers.py --json`; its figures and our ratios against them
//!   are printed. They are only comparable when that file comes from the same machine at about
//!   the same time (its date and load averages are printed with it).
//! * `--repeat`: rounds of every timing (default 3; see below).
//! * `--fpt`, `--fpp`, `--max-iter`, `--folds`: training settings (defaults 200 columns per
//!   topic, 20 per positive item, 20 L-BFGS iterations, 2 folds: the Reuters config of
//!   `examples/quality.rs`, whose quality table reports the scores of exactly these settings);
//!   `--no-fractions` trains only on 100 % of the split.
//! * `--save-model FILE` writes the 100 % model; `--model FILE` skips training and tags with
//!   that file instead (for measuring tagging alone while iterating; no training figures).
//!
//! What is measured (wall clock; CPU seconds of the whole process beside it, from
//! `/proc/self/stat`, assuming 100 clock ticks per second). Every timing is taken in `--repeat`
//! rounds, a round running each of the section's runs once in turn (training: every fraction;
//! tagging: every run of the dataset), so a slow minute on a shared machine hits each run in at
//! most one round; the median of the rounds is reported with the range of wall times, and the
//! ratios are ratios of medians (scaling is also shown round by round, and split into the CPU
//! cost per item on 1 thread against N, and the share of the N cores' wall time the run got:
//! a shared machine that takes a core away lowers the second, a program that costs more per
//! item on more threads the first). Training must give the same fit in every round (checked):
//!
//! 1. **Training**: `topictag::train::train_with_progress` on the Reuters-21578 ModApte-90 train
//!    split (the definition of peers.py: `modapte == "train"/"test"`, the 90 categories with at
//!    least one train and one test doc, docs without any dropped, text = title + "\n" + body),
//!    on 25 %, 50 % and 100 % of it (a fixed seeded subset, the same sizes as peers.py's but not
//!    the same documents), with `TrainConfig::default()` except `folds`, `features_per_topic`,
//!    `features_per_positive` and `max_iterations`. No language is given: training routes every item, as `topictag train`
//!    does on a file without a `lang` column. The timed part is the `train` call (analysis,
//!    TF-IDF, the k-fold fits that tune the thresholds, the final fit); reading the data is not.
//!    Training runs on the `--threads` pool. The 100 % model is used below; its micro/macro-F1
//!    on the test split is printed as a check that speed did not cost quality.
//! 2. **Tagging**: the Reuters ModApte-90 test split and the 20 Newsgroups bydate test split,
//!    each repeated to `--items`, tagged with that Reuters model end to end: language detection
//!    (no language given), analysis, vectorizing, scoring, `decide`, and one CSV row per item
//!    (source, item, title, lang, confidence, topics, the probability of each of the 90 topics,
//!    as `topictag tag --format csv` writes) written into `std::io::sink()`. Texts are in memory
//!    before the clock starts (as in peers.py, which excludes reading too). MB = 10^6 bytes of
//!    UTF-8 input text. Runs:
//!    * `N threads`: rayon over chunks of 2,048 items; a worker tags and formats a whole chunk.
//!    * `N threads, CLI-style`: what `topictag tag` does: each chunk is tagged in parallel, then
//!      its rows are formatted in parallel (slices of 128) and written in order on the calling
//!      thread. Rows are formatted by `topictag::output`, the command's own formatter.
//!    * `1 thread`: the first run in a one-thread pool.
//!    * `routes given`: as the first run, on 1 and N threads, with each text's route decided
//!      before the clock starts: everything but language detection.
//!    * bare word segmentation (`unicode_words().count()`) over the same repeated texts, on 1 and
//!      N threads: the floor that tagging is compared with;
//!    * `segmentation, ours`: `topictag::segment::words(text).count()` on 1 thread, the same words
//!      (checked) from the scan the engine runs on ASCII text, so the ratio against it is shown
//!      too.
//!
//!    A stage breakdown (one pass over the unrepeated split, one thread, `Instant` around each
//!    stage) shows where the time goes; analysis and vectorizing are one stage there, as the
//!    tagger fuses them, starting from an empty memo (so the pass pays every first analysis).
//!    Note for the comparison: peers.py tags 20 Newsgroups with a 20-class 20 Newsgroups model;
//!    here the 90-topic Reuters model tags it, because only one model is trained.
//! 3. **Peak memory**: `VmHWM` of `/proc/self/status` after training, then reset (writing `5` to
//!    `/proc/self/clear_refs`) and read again after all tagging runs, so the tagging figure is
//!    the peak of the tagging phase alone (model, test texts, buffers).

#[path = "common/mod.rs"]
mod common;

use anyhow::{bail, Context, Result};
use clap::Parser;
use rayon::prelude::*;
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use topictag::dataset::LabelledItem;
use topictag::eval::score;
use topictag::lang::Route;
use topictag::model::TopicModel;
use topictag::output::{Layout, Row};
use topictag::tagger::{Tagged, Tagger};
use topictag::train::{train_with_progress, Stage, TrainConfig};
use unicode_segmentation::UnicodeSegmentation;

/// Items per chunk, as `topictag tag`.
const CHUNK: usize = 2048;
/// Rows per formatting task in the CLI-style run (as `topictag tag`).
const FORMAT_SLICE: usize = 128;

#[derive(Parser, Debug)]
#[command(about = "End-to-end speed benchmark: training, tagging throughput, peak memory")]
struct Args {
    /// Datasets root (default: ../shared/datasets relative to the crate).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Repeat each test split to at least this many items.
    #[arg(long, default_value_t = 100_000)]
    items: usize,
    /// Threads of the parallel runs (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// peers.py JSON results to compare with.
    #[arg(long)]
    peers: Option<PathBuf>,
    /// χ²-selected features per topic (training).
    #[arg(long, default_value_t = 200)]
    fpt: usize,
    /// ... but at most this many per positive item (training).
    #[arg(long, default_value_t = 20)]
    fpp: usize,
    /// L-BFGS iterations (training).
    #[arg(long, default_value_t = 20)]
    max_iter: u64,
    /// Cross-validation folds for the thresholds (training).
    #[arg(long, default_value_t = 2)]
    folds: usize,
    /// Rounds of every timing: the median is reported, with the range.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    repeat: u32,
    /// Train only on 100 % of the split (skip 25 % and 50 %).
    #[arg(long)]
    no_fractions: bool,
    /// Skip training: tag with this model file (one written by `--save-model`).
    #[arg(long, conflicts_with_all = ["save_model", "no_fractions"])]
    model: Option<PathBuf>,
    /// Write the 100 % model to this file (for later `--model` runs).
    #[arg(long)]
    save_model: Option<PathBuf>,
}

// ------------------------------------------------------------------------------------------
// data
// ------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct NgDoc {
    #[serde(default)]
    text: String,
}

use common::read_jsonl;

/// Reuters ModApte-90 as peers.py defines it: (train items, test items with gold labels, cats).
type Reuters = (Vec<LabelledItem>, Vec<(String, Vec<String>)>, Vec<String>);

fn load_reuters(path: &Path) -> Result<Reuters> {
    let r = common::load_modapte90(path)?;
    let train = r
        .train
        .into_iter()
        .enumerate()
        .map(|(i, d)| LabelledItem {
            line: i as u64 + 1,
            text: d.text,
            lang: None,
            labels: d.labels,
            known: None,
            group: None,
        })
        .collect();
    let test = r.test.into_iter().map(|d| (d.text, d.labels)).collect();
    Ok((train, test, r.categories))
}

/// Sorted indices of a fixed seeded subset of `round(frac * n)` of `0..n` (ties to even, as
/// Python's `round`, so the sizes match peers.py's).
fn subset(n: usize, frac: f64, seed: u64) -> Vec<usize> {
    let k = ((n as f64) * frac).round_ties_even() as usize;
    let mut order = topictag::train::seeded_permutation(n, seed);
    order.truncate(k);
    order.sort_unstable();
    order
}

// ------------------------------------------------------------------------------------------
// process figures
// ------------------------------------------------------------------------------------------

/// A `kB` line of `/proc/self/status`, in MiB (peers.py's "MB" is ru_maxrss / 1024, MiB too).
fn status_mib(key: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Reset the peak RSS (`VmHWM`) to the current RSS. False when the kernel refuses.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// User + system CPU seconds of the whole process (all threads).
fn cpu_seconds() -> f64 {
    let Ok(s) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest: Vec<&str> = s
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let tick = |i: usize| rest.get(i).and_then(|v| v.parse::<f64>().ok());
    match (tick(11), tick(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "?".into())
}

/// Wall and CPU seconds of `f`.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (c0, t0) = (cpu_seconds(), Instant::now());
    let out = f();
    (out, t0.elapsed().as_secs_f64(), cpu_seconds() - c0)
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("build a rayon pool")
}

// ------------------------------------------------------------------------------------------
// output rows
// ------------------------------------------------------------------------------------------

/// CSV rows as `topictag tag --format csv` writes them (with the same library functions),
/// into a buffer.
struct Rows {
    buf: Vec<u8>,
    /// The columns, made on first use from the topics.
    layout: Option<Layout>,
}

impl Rows {
    fn new() -> Rows {
        Rows::with_capacity(1 << 20)
    }

    fn with_capacity(bytes: usize) -> Rows {
        Rows {
            buf: Vec::with_capacity(bytes),
            layout: None,
        }
    }

    fn header(&mut self, topics: &[String]) {
        Layout::new(topics.to_vec()).push_csv_header(&mut self.buf);
    }

    /// The row of item `item` (1-based) of `source`: the topic list is built per item, as the
    /// command builds it.
    fn row(&mut self, source: &str, item: usize, t: &Tagged, topics: &[String]) {
        self.parts(source, item, &t.route, &t.probs, &t.topics, topics);
    }

    /// [`Rows::row`] from a result's parts.
    fn parts(
        &mut self,
        source: &str,
        item: usize,
        route: &Route,
        probs: &[f32],
        assigned: &[usize],
        topics: &[String],
    ) {
        let chosen: Vec<&str> = assigned.iter().map(|&i| topics[i].as_str()).collect();
        let row = Row {
            source,
            item: item as u64,
            title: None,
            text: "",
            lang: route.code(),
            confidence: route.confidence,
            topics: &chosen,
            scores: probs,
            ..Row::default()
        };
        self.layout
            .get_or_insert_with(|| Layout::new(topics.to_vec()))
            .push_csv_record(&mut self.buf, &row);
    }

    /// Write the buffered rows into `out`; returns the bytes written.
    fn drain(&mut self, out: &mut impl Write) -> Result<usize> {
        out.write_all(&self.buf)?;
        let n = self.buf.len();
        self.buf.clear();
        Ok(n)
    }
}

// ------------------------------------------------------------------------------------------
// tagging runs
// ------------------------------------------------------------------------------------------

/// A run over `n` items, timed once per round: every figure printed is the median of its
/// rounds (`walls`, `cpus`), the range beside it.
struct Run {
    label: String,
    threads: usize,
    walls: Vec<f64>,
    cpus: Vec<f64>,
    items: usize,
    mbytes: f64,
    out_mbytes: f64,
}

impl Run {
    /// The median wall seconds of the rounds.
    fn wall(&self) -> f64 {
        median(&self.walls)
    }
    /// The median CPU seconds of the rounds.
    fn cpu(&self) -> f64 {
        median(&self.cpus)
    }
    fn items_per_s(&self) -> f64 {
        self.items as f64 / self.wall()
    }
    fn mb_per_s(&self) -> f64 {
        self.mbytes / self.wall()
    }
    /// Add the timings of another round of the same run.
    fn absorb(&mut self, round: Run) {
        debug_assert_eq!((&self.label, self.threads), (&round.label, round.threads));
        self.walls.extend(round.walls);
        self.cpus.extend(round.cpus);
    }
}

/// One training fraction: its size, the timings of its rounds and what the fit gave.
struct TrainRow {
    frac: f64,
    docs: usize,
    mbytes: f64,
    walls: Vec<f64>,
    cpus: Vec<f64>,
    /// Vocabulary size, cross-validated micro-F1 and warnings: the same in every round.
    fit: String,
}

/// Median of `v` (mean of the middle two for an even count); NaN when empty.
fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// "min-max" of `v` with `decimals`, or "-" for a single value.
fn range(v: &[f64], decimals: usize) -> String {
    if v.len() < 2 {
        return "-".into();
    }
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{lo:.decimals$}-{hi:.decimals$}")
}

/// Merge one round of runs into the runs so far (the same runs in the same order each round).
fn absorb_round(runs: &mut Vec<Run>, round: Vec<Run>) {
    if runs.is_empty() {
        *runs = round;
    } else {
        for (run, r) in runs.iter_mut().zip(round) {
            run.absorb(r);
        }
    }
}

/// The repeated list: item `i` is `texts[i % texts.len()]`.
struct Repeated<'a> {
    name: &'a str,
    texts: &'a [String],
    n: usize,
    mbytes: f64,
}

impl<'a> Repeated<'a> {
    fn new(name: &'a str, texts: &'a [String], min_items: usize) -> Repeated<'a> {
        let reps = min_items.div_ceil(texts.len()).max(1);
        let bytes: usize = texts.iter().map(String::len).sum();
        Repeated {
            name,
            texts,
            n: texts.len() * reps,
            mbytes: (bytes * reps) as f64 / 1e6,
        }
    }
    fn reps(&self) -> usize {
        self.n / self.texts.len()
    }
    fn text(&self, i: usize) -> &'a str {
        &self.texts[i % self.texts.len()]
    }
}

/// Tag every item and write its row; each worker tags and formats a whole chunk. With `routes`
/// (the route of each unrepeated text, decided before the clock starts), language detection is
/// skipped: the rest of the chain alone.
fn tag_chunks(
    pool: &rayon::ThreadPool,
    tagger: &Tagger,
    data: &Repeated,
    routes: Option<&[Route]>,
    label: &str,
) -> Run {
    let topics = tagger.model().topics();
    let out_bytes = AtomicU64::new(0);
    let ((), wall, cpu) = timed(|| {
        let mut header = Rows::new();
        header.header(topics);
        let h = header.drain(&mut std::io::sink()).expect("sink");
        out_bytes.fetch_add(h as u64, Ordering::Relaxed);
        pool.install(|| {
            (0..data.n.div_ceil(CHUNK)).into_par_iter().for_each(|c| {
                let mut rows = Rows::new();
                for i in c * CHUNK..((c + 1) * CHUNK).min(data.n) {
                    let t = match routes {
                        Some(r) => tagger.tag_routed(data.text(i), r[i % r.len()]),
                        None => tagger.tag(data.text(i), None, None),
                    };
                    rows.row(data.name, i + 1, &t, topics);
                }
                let n = rows.drain(&mut std::io::sink()).expect("sink");
                out_bytes.fetch_add(n as u64, Ordering::Relaxed);
            })
        });
    });
    Run {
        label: label.to_string(),
        threads: pool.current_num_threads(),
        walls: vec![wall],
        cpus: vec![cpu],
        items: data.n,
        mbytes: data.mbytes,
        out_mbytes: out_bytes.into_inner() as f64 / 1e6,
    }
}

/// As `topictag tag`: tag each chunk in parallel (order kept), format its rows in parallel
/// (slices of [`FORMAT_SLICE`] items), and write them in order on the calling thread.
fn tag_cli_style(pool: &rayon::ThreadPool, tagger: &Tagger, data: &Repeated) -> Run {
    let topics = tagger.model().topics();
    let mut out_bytes = 0usize;
    let ((), wall, cpu) = timed(|| {
        let mut sink = std::io::sink();
        let mut header = Rows::new();
        header.header(topics);
        out_bytes += header.drain(&mut sink).expect("sink");
        for c in 0..data.n.div_ceil(CHUNK) {
            let range = c * CHUNK..((c + 1) * CHUNK).min(data.n);
            let (pieces, tagged): (Vec<Rows>, Vec<Tagged>) = pool.install(|| {
                let tagged: Vec<Tagged> = range
                    .clone()
                    .into_par_iter()
                    .map(|i| tagger.tag(data.text(i), None, None))
                    .collect();
                let pieces = tagged
                    .par_chunks(FORMAT_SLICE)
                    .enumerate()
                    .map(|(k, slice)| {
                        let mut rows = Rows::with_capacity(slice.len() * 256);
                        for (j, t) in slice.iter().enumerate() {
                            rows.row(data.name, range.start + k * FORMAT_SLICE + j + 1, t, topics);
                        }
                        rows
                    })
                    .collect();
                (pieces, tagged)
            });
            drop(tagged);
            for mut piece in pieces {
                out_bytes += piece.drain(&mut sink).expect("sink");
            }
        }
    });
    Run {
        label: "tag, CLI-style".to_string(),
        threads: pool.current_num_threads(),
        walls: vec![wall],
        cpus: vec![cpu],
        items: data.n,
        mbytes: data.mbytes,
        out_mbytes: out_bytes as f64 / 1e6,
    }
}

/// Bare word segmentation over the same items: `unicode-segmentation`'s, or with `ours`,
/// `topictag::segment::words` (the same words, found by a scan of its own on ASCII text).
fn segment(pool: &rayon::ThreadPool, data: &Repeated, ours: bool) -> (Run, usize) {
    let count = |text: &str| {
        if ours {
            topictag::segment::words(text).count()
        } else {
            text.unicode_words().count()
        }
    };
    let (words, wall, cpu) = timed(|| {
        pool.install(|| {
            (0..data.n)
                .into_par_iter()
                .with_min_len(256)
                .map(|i| count(data.text(i)))
                .sum::<usize>()
        })
    });
    let label = if ours {
        "segmentation, ours"
    } else {
        "word segmentation"
    };
    let run = Run {
        label: label.to_string(),
        threads: pool.current_num_threads(),
        walls: vec![wall],
        cpus: vec![cpu],
        items: data.n,
        mbytes: data.mbytes,
        out_mbytes: 0.0,
    };
    (run, words)
}

/// Time per stage over one pass of the unrepeated texts, one thread. Returns the per-stage
/// seconds (detect, analyze + vectorize, score + decide, format) and the assigned topics.
/// Analysis and vectorizing are one stage, as the tagger fuses them; its memo starts empty
/// (a fresh tagger), so repeated words are only memoized within this pass.
fn breakdown(model: &TopicModel, texts: &[String]) -> ([f64; 4], Vec<Vec<usize>>) {
    let tagger = Tagger::new(model.clone());
    let model = tagger.model();
    let detector = tagger.detector();
    let mut rows = Rows::new();
    let mut acc = [Duration::ZERO; 4];
    let mut pred = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let t0 = Instant::now();
        let route = detector.route(text, None, None);
        let t1 = Instant::now();
        let x = tagger.vectorize(text, route.lang);
        let t2 = Instant::now();
        let probs = model.probabilities(&x);
        let topics = model.decide(&probs, None);
        let t3 = Instant::now();
        rows.parts("breakdown", i + 1, &route, &probs, &topics, model.topics());
        if rows.buf.len() > 1 << 20 {
            rows.drain(&mut std::io::sink()).expect("sink");
        }
        let t4 = Instant::now();
        for (k, (a, b)) in [(t0, t1), (t1, t2), (t2, t3), (t3, t4)]
            .into_iter()
            .enumerate()
        {
            acc[k] += b - a;
        }
        pred.push(topics);
    }
    (acc.map(|d| d.as_secs_f64()), pred)
}

// ------------------------------------------------------------------------------------------
// peers.py results
// ------------------------------------------------------------------------------------------

struct Peers {
    json: serde_json::Value,
}

impl Peers {
    fn load(path: &Path) -> Result<Peers> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("read peers JSON {}", path.display()))?;
        let json: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
        if json.pointer("/speed/tagging").is_none() {
            bail!(
                "{}: no speed.tagging (not a peers.py file?)",
                path.display()
            );
        }
        Ok(Peers { json })
    }

    fn str_at(&self, ptr: &str) -> String {
        match self.json.pointer(ptr) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => "?".into(),
        }
    }

    /// Tagging rows of one dataset (by name prefix), (system, threads, items, items/s, MB/s).
    fn tagging(&self, dataset: &str) -> Vec<(String, String, u64, f64, f64)> {
        self.json["speed"]["tagging"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["dataset"].as_str() == Some(dataset))
            .map(|r| {
                (
                    r["system"].as_str().unwrap_or("?").to_string(),
                    r["threads"].to_string(),
                    r["items"].as_u64().unwrap_or(0),
                    r["items_per_s"].as_f64().unwrap_or(f64::NAN),
                    r["mb_per_s"].as_f64().unwrap_or(f64::NAN),
                )
            })
            .collect()
    }

    /// Training rows: (system, threads, fraction, docs, wall s).
    fn training(&self) -> Vec<(String, String, f64, u64, f64)> {
        self.json["speed"]["training"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                (
                    r["system"].as_str().unwrap_or("?").to_string(),
                    match &r["threads"] {
                        serde_json::Value::String(s) => s.clone(),
                        v => v.to_string(),
                    },
                    r["fraction"].as_f64().unwrap_or(f64::NAN),
                    r["docs"].as_u64().unwrap_or(0),
                    r["wall_s"].as_f64().unwrap_or(f64::NAN),
                )
            })
            .collect()
    }
}

// ------------------------------------------------------------------------------------------
// main
// ------------------------------------------------------------------------------------------

fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The header of [`print_run`]'s lines.
fn print_run_header() {
    println!(
        "  {:<24} {:>2}  {:>8}  {:>6}  {:>7}  {:>11}  {:>7}  {:>9}  {:>7}  {:>6}",
        "run", "th", "items", "MB", "wall s", "(range)", "cpu s", "items/s", "MB/s", "out MB"
    );
}

/// One line per run: medians of its rounds, the range of the wall times beside them.
fn print_run(r: &Run) {
    println!(
        "  {:<24} {:>2}  {:>8}  {:>6.1}  {:>7.2}  {:>11}  {:>7.2}  {:>9}  {:>7.2}  {:>6.1}",
        r.label,
        r.threads,
        thousands(r.items as f64),
        r.mbytes,
        r.wall(),
        range(&r.walls, 2),
        r.cpu(),
        thousands(r.items_per_s()),
        r.mb_per_s(),
        r.out_mbytes
    );
}

/// For a run on N threads and the same run on 1: the medians over rounds of the CPU cost per
/// item on 1 thread over that on N, and of the share of the N cores' wall time the run used
/// (CPU seconds / (wall seconds × N)). Their product times N is the wall-clock scaling.
fn cost_and_use(n: &Run, one: &Run) -> (f64, f64) {
    let eff: Vec<f64> = one
        .cpus
        .iter()
        .zip(&n.cpus)
        .map(|(c1, cn)| c1 / cn)
        .collect();
    let used: Vec<f64> = n
        .cpus
        .iter()
        .zip(&n.walls)
        .map(|(c, w)| c / (w * n.threads as f64))
        .collect();
    (median(&eff), median(&used))
}

/// `a`'s speed over `b`'s in each round (`b`'s wall over `a`'s), as "1.81x 1.92x ...".
fn per_round(a: &Run, b: &Run) -> String {
    a.walls
        .iter()
        .zip(&b.walls)
        .map(|(wa, wb)| format!("{:.2}x", wb / wa))
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() -> Result<()> {
    let args = Args::parse();
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets"));
    let reuters_path = data.join("reuters21578/reuters21578_all.jsonl");
    let ng_path = data.join("20newsgroups/20news-bydate-test.jsonl");
    for p in [&reuters_path, &ng_path] {
        if !p.is_file() {
            println!(
                "throughput: {} not found; the benchmark needs the shared datasets (--data DIR). Skipped.",
                p.display()
            );
            return Ok(());
        }
    }
    let threads = args.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let peers = args.peers.as_deref().map(Peers::load).transpose()?;
    let many = pool(threads)?;
    let one = pool(1)?;

    println!("topictag throughput benchmark  {}", common::utc_now());
    println!(
        "command: {}",
        std::env::args().collect::<Vec<_>>().join(" ")
    );
    println!(
        "machine: {}, {} cores (available_parallelism); parallel runs use {threads} threads",
        cpu_model(),
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0)
    );
    println!("load average before: {}", loadavg());
    println!(
        "timings: {} rounds of every run, each round running them in turn; medians reported, the range of wall times beside them (other jobs may share the cores)",
        args.repeat
    );

    // ---- data
    let (reuters, load_s, _) = timed(|| load_reuters(&reuters_path).context("load Reuters"));
    let (train_items, test, cats) = reuters?;
    let ng: Vec<NgDoc> = read_jsonl(&ng_path)?;
    let ng_texts: Vec<String> = ng.into_iter().map(|d| d.text).collect();
    println!(
        "data: Reuters ModApte-90 {} categories, {} train / {} test docs; 20 Newsgroups test {} docs (read in {load_s:.1} s, not timed below)",
        cats.len(),
        train_items.len(),
        test.len(),
        ng_texts.len()
    );

    // ---- 1. training
    let cfg = TrainConfig {
        folds: args.folds,
        features_per_topic: args.fpt,
        features_per_positive: args.fpp,
        max_iterations: args.max_iter,
        ..TrainConfig::default()
    };
    println!();
    println!(
        "TRAINING, Reuters ModApte-90 train (topictag::train::train_with_progress, {threads} threads)"
    );
    println!(
        "settings: TrainConfig::default() with folds {}, features_per_topic {}, features_per_positive {}, max_iterations {} (library defaults: {}, {}, {}, {}); classifier {}, alpha {}, min_df {}, max_df {}; no language given (routed)",
        cfg.folds,
        cfg.features_per_topic,
        cfg.features_per_positive,
        cfg.max_iterations,
        TrainConfig::default().folds,
        TrainConfig::default().features_per_topic,
        TrainConfig::default().features_per_positive,
        TrainConfig::default().max_iterations,
        cfg.classifier.name(),
        cfg.alpha,
        cfg.features.min_df,
        cfg.features.max_df
    );
    let fractions: &[f64] = if args.model.is_some() {
        println!(
            "  skipped: tagging with --model {}",
            args.model
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
        &[]
    } else if args.no_fractions {
        &[1.0]
    } else {
        &[0.25, 0.5, 1.0]
    };
    let mut train_rows: Vec<TrainRow> = fractions
        .iter()
        .map(|&frac| TrainRow {
            frac,
            docs: 0,
            mbytes: 0.0,
            walls: vec![],
            cpus: vec![],
            fit: String::new(),
        })
        .collect();
    let mut model = match &args.model {
        Some(path) => Some(TopicModel::load(path)?),
        None => None,
    };
    // Rounds of every fraction in turn, so that a slow minute on the machine hits each of them
    // in at most one round.
    for round in 0..args.repeat {
        for row in train_rows.iter_mut() {
            let frac = row.frac;
            let items: Vec<LabelledItem> = subset(train_items.len(), frac, 0)
                .into_iter()
                .map(|i| train_items[i].clone())
                .collect();
            let t0 = Instant::now();
            let last = AtomicUsize::new(0);
            let progress = |stage: Stage, done: usize, total: usize| {
                let tenth = done * 10 / total.max(1);
                if stage == Stage::Fit && tenth > last.fetch_max(tenth, Ordering::Relaxed) {
                    eprintln!(
                        "[throughput] training round {}, {:.0} %: fitted {done}/{total} ({:.0} s)",
                        round + 1,
                        frac * 100.0,
                        t0.elapsed().as_secs_f64()
                    );
                }
            };
            let (res, wall, cpu) = timed(|| {
                many.install(|| {
                    train_with_progress(&items, "reuters-modapte90-train", &cfg, &progress)
                })
            });
            let (m, report) = res.context("training")?;
            let fit = format!(
                "vocabulary {}  cv micro-F1 {}  ({} warnings)",
                m.vectorizer().len(),
                report
                    .cv
                    .as_ref()
                    .map(|s| format!("{:.4}", s.micro.f1))
                    .unwrap_or_else(|| "-".into()),
                report.warnings.len()
            );
            if round > 0 && fit != row.fit {
                bail!(
                    "training {frac}: round {} gave another fit ({fit}; first: {})",
                    round + 1,
                    row.fit
                );
            }
            row.docs = items.len();
            row.mbytes = items.iter().map(|i| i.text.len()).sum::<usize>() as f64 / 1e6;
            row.walls.push(wall);
            row.cpus.push(cpu);
            row.fit = fit;
            if frac == 1.0 {
                model = Some(m);
            }
        }
    }
    for r in &train_rows {
        println!(
            "  {:>4.0} %  {:>5} docs  {:>5.2} MB  wall {:>7.2} s ({:>11})  cpu {:>7.2} s  {}",
            r.frac * 100.0,
            r.docs,
            r.mbytes,
            median(&r.walls),
            range(&r.walls, 2),
            median(&r.cpus),
            r.fit
        );
    }
    let model = model.context("no 100 % model")?;
    if let Some(path) = &args.save_model {
        model.save(path)?;
    }
    let model_bytes = model.to_bytes()?.len();
    let train_peak = status_mib("VmHWM:");
    drop(train_items);

    // ---- 2. tagging
    let tagger = Tagger::new(model);
    let reuters_texts: Vec<String> = test.iter().map(|(t, _)| t.clone()).collect();
    let reset = reset_peak_rss();
    let rss_before_tagging = status_mib("VmRSS:");
    println!();
    println!(
        "TAGGING, end to end in memory: detect language, analyze, vectorize, score, decide, CSV row ({} topic probabilities) into io::sink",
        tagger.model().topics().len()
    );
    println!("model: the 100 % Reuters model, {model_bytes} bytes serialized; every item is routed (no language given)");

    let mut summary = Vec::new();
    for (name, texts) in [
        ("reuters-modapte90 test", &reuters_texts),
        ("20newsgroups-bydate test", &ng_texts),
    ] {
        let data = Repeated::new(name, texts, args.items);
        println!();
        println!(
            "{name}: {} docs x {} = {} items, {:.1} MB",
            texts.len(),
            data.reps(),
            thousands(data.n as f64),
            data.mbytes
        );
        // Stage breakdown and (for Reuters) quality, one unrepeated pass.
        let (stages, pred) = breakdown(tagger.model(), texts);
        let total: f64 = stages.iter().sum();
        let names = ["detect", "analyze+vectorize", "score+decide", "format row"];
        let parts: Vec<String> = names
            .iter()
            .zip(stages)
            .map(|(n, s)| {
                format!(
                    "{n} {:.1} µs ({:.0} %)",
                    s * 1e6 / texts.len() as f64,
                    100.0 * s / total
                )
            })
            .collect();
        println!(
            "  stages per item (1 thread, one pass of {} docs): {}; total {:.1} µs",
            texts.len(),
            parts.join(", "),
            total * 1e6 / texts.len() as f64
        );
        if name.starts_with("reuters") {
            let model = tagger.model();
            let to_eval: Vec<Option<usize>> = model
                .topics()
                .iter()
                .map(|t| cats.binary_search(t).ok())
                .collect();
            let pred: Vec<Vec<usize>> = pred
                .iter()
                .map(|p| p.iter().filter_map(|&t| to_eval[t]).collect())
                .collect();
            let gold: Vec<Vec<usize>> = test
                .iter()
                .map(|(_, labels)| {
                    labels
                        .iter()
                        .filter_map(|l| cats.binary_search(l).ok())
                        .collect()
                })
                .collect();
            let s = score(&cats, &gold, &pred, false);
            println!(
                "  quality check of this model on the test split: micro-F1 {:.4}, macro-F1 {:.4}",
                s.micro.f1, s.macro_avg.f1
            );
        }

        print_run_header();
        let routes: Vec<Route> = texts
            .iter()
            .map(|t| tagger.detector().route(t, None, None))
            .collect();
        // Rounds of every run in turn (see --repeat).
        let mut runs: Vec<Run> = Vec::new();
        let (mut words, mut our_words) = (0, 0);
        for _ in 0..args.repeat {
            let (seg1, w) = segment(&one, &data, false);
            let (seg_n, _) = segment(&many, &data, false);
            let (ours1, ow) = segment(&one, &data, true);
            (words, our_words) = (w, ow);
            let round = vec![
                tag_chunks(&many, &tagger, &data, None, "tag"),
                tag_cli_style(&many, &tagger, &data),
                tag_chunks(&one, &tagger, &data, None, "tag"),
                tag_chunks(&one, &tagger, &data, Some(&routes), "tag, routes given"),
                tag_chunks(&many, &tagger, &data, Some(&routes), "tag, routes given"),
                seg1,
                seg_n,
                ours1,
            ];
            absorb_round(&mut runs, round);
        }
        for r in &runs {
            print_run(r);
        }
        let [par, cli, single, routed1, routed_n, seg1, seg_n, ours1]: [Run; 8] =
            runs.try_into()
                .map_err(|_| anyhow::anyhow!("eight runs per round"))?;
        assert_eq!(
            our_words, words,
            "topictag::segment::words finds other words"
        );
        println!(
            "  scaling 1 -> {threads} threads (medians): tag {:.2}x, CLI-style {:.2}x, segmentation {:.2}x",
            par.items_per_s() / single.items_per_s(),
            cli.items_per_s() / single.items_per_s(),
            seg_n.items_per_s() / seg1.items_per_s()
        );
        if args.repeat > 1 {
            println!(
                "    each round: tag {}; CLI-style {}; segmentation {}",
                per_round(&par, &single),
                per_round(&cli, &single),
                per_round(&seg_n, &seg1)
            );
        }
        // Wall-clock scaling = threads × (CPU per item on 1 thread / on N threads) × (the
        // share of the N cores' wall time the run used): what the code costs per item when
        // threads share the machine, apart from the time the cores were not ours.
        for (name, n_run, one_run) in [("tag", &par, &single), ("segmentation", &seg_n, &seg1)] {
            let (eff, used) = cost_and_use(n_run, one_run);
            println!(
                "    {name}: {threads} x CPU per item (1 thread / {threads}: {eff:.2}) x cores in use ({:.0} %) = {:.2}x",
                used * 100.0,
                threads as f64 * eff * used
            );
        }
        println!(
            "  tagging vs bare word segmentation ({:.0} words per item): {:.1}x slower on 1 thread, {:.1}x on {threads} threads",
            words as f64 / data.n as f64,
            seg1.items_per_s() / single.items_per_s(),
            seg_n.items_per_s() / par.items_per_s()
        );
        println!(
            "  without language detection (routes given): {:.1}x slower than segmentation on 1 thread, {:.1}x on {threads} threads; scaling {:.2}x",
            seg1.items_per_s() / routed1.items_per_s(),
            seg_n.items_per_s() / routed_n.items_per_s(),
            routed_n.items_per_s() / routed1.items_per_s()
        );
        println!(
            "  1-thread CPU-second ratios (less sensitive to other jobs than wall time): tag / segmentation {:.1}x, routes given / segmentation {:.1}x",
            single.cpu() / seg1.cpu(),
            routed1.cpu() / seg1.cpu()
        );
        println!(
            "  topictag's own segmentation (the words above, faster on ASCII): {:.1}x unicode-segmentation's speed on 1 thread; tagging is {:.1}x slower than it",
            ours1.items_per_s() / seg1.items_per_s(),
            ours1.items_per_s() / single.items_per_s()
        );
        summary.push((name, par, single, cli));
    }
    let tag_peak = status_mib("VmHWM:");

    // ---- 3. memory
    println!();
    let mib = |v: Option<f64>| {
        v.map(|v| format!("{v:.1} MiB"))
            .unwrap_or_else(|| "?".into())
    };
    println!(
        "PEAK RSS (VmHWM): {} at the end of training (process so far: data, all training runs)",
        mib(train_peak)
    );
    if reset {
        println!(
            "                  {} during tagging alone (reset before tagging at RSS {}; model, test texts, buffers)",
            mib(tag_peak),
            mib(rss_before_tagging)
        );
    } else {
        println!(
            "                  {} at the end (could not reset the peak before tagging: /proc/self/clear_refs refused)",
            mib(tag_peak)
        );
    }
    println!("load average after: {}", loadavg());

    // ---- peers
    let Some(peers) = peers else {
        println!();
        println!("(no --peers FILE given: our figures only)");
        return Ok(());
    };
    println!();
    println!(
        "PEERS ({}): peers.py run of {}, command `{}`, quick {}, load average before/after {} / {}",
        args.peers
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        peers.str_at("/environment/date"),
        peers.str_at("/environment/command"),
        peers.str_at("/quick"),
        peers.str_at("/loadavg_before"),
        peers.str_at("/loadavg_after"),
    );
    println!("tagging throughput, ours / theirs (target: ours on both cores >= 10x scikit-learn):");
    for (name, par, single, cli) in &summary {
        for (system, th, items, ips, mbps) in peers.tagging(name) {
            println!(
                "  {name:<24} {system:<9} {th} thr {:>8} items {:>7} items/s {mbps:>5.2} MB/s | ours {threads} thr {:>6.2}x, CLI-style {:>6.2}x, 1 thr {:>6.2}x",
                thousands(items as f64),
                thousands(ips),
                par.items_per_s() / ips,
                cli.items_per_s() / ips,
                single.items_per_s() / ips,
            );
        }
    }
    println!(
        "training time, ours / theirs (target: <= 2x scikit-learn LinearSVC one-vs-rest fit):"
    );
    for (system, th, frac, docs, wall) in peers.training() {
        let ours = train_rows.iter().find(|r| (r.frac - frac).abs() < 1e-9);
        println!(
            "  {system:<30} {th:>10} thr {:>4.0} % {docs:>5} docs {wall:>7.2} s | ours {}",
            frac * 100.0,
            ours.map(|r| format!("{:.2} s, {:.2}x", median(&r.walls), median(&r.walls) / wall))
                .unwrap_or_else(|| "-".into())
        );
    }
    let their_rss = peers.json["memory"]["main_peak_rss_mb"].as_f64();
    println!(
        "peak RSS: scikit-learn main process {} (all its models, data and throughput lists); ours {} training, {} tagging",
        their_rss.map(|v| format!("{v:.0} MiB")).unwrap_or_else(|| "?".into()),
        mib(train_peak),
        mib(tag_peak)
    );
    Ok(())
}
