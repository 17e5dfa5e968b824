//! The commands: each reads its inputs, calls the library, prints results and a summary.

use super::output::{Row, RowWriter};
use super::{
    Cli, ColumnArgs, Command, DetectArgs, EvalArgs, InspectArgs, LangHint, Outcome, TagArgs,
    TrainArgs, TrainSettings,
};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;
use topictag::dataset::{read_labelled, CsvOptions};
use topictag::eval::EvalReport;
use topictag::features::{CharGramConfig, FeatureConfig, Vectorizer};
use topictag::fsutil::AtomicFile;
use topictag::input::{self, InputOptions, Record};
use topictag::lang::Route;
use topictag::lang::{Detector, Lang};
use topictag::model::TopicModel;
use topictag::tagger::{dominant, BatchHint, Tagger};
use topictag::text::AnalyzerConfig;
use topictag::train::{train_with_progress, Stage, TrainConfig};

/// Records tagged together: bounded memory, and the unit of parallel work.
const CHUNK: usize = 2048;

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
        Command::Train(a) => cmd_train(a, quiet),
        Command::Tag(a) => cmd_tag(a, quiet),
        Command::Eval(a) => cmd_eval(a, quiet),
        Command::Detect(a) => cmd_detect(a, quiet),
        Command::Inspect(a) => cmd_inspect(a),
    }
}

fn csv_options(c: &ColumnArgs) -> CsvOptions {
    CsvOptions {
        text_columns: c.text_columns.clone(),
        label_column: c.label_column.clone(),
        lang_column: c.lang_column.clone(),
        lossy: c.lossy,
    }
}

fn train_config(s: &TrainSettings) -> TrainConfig {
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

fn train_and_report(
    data: &Path,
    columns: &ColumnArgs,
    cfg: &TrainConfig,
    quiet: bool,
) -> Result<(TopicModel, topictag::train::TrainReport)> {
    let ds = read_labelled(data, &csv_options(columns))?;
    for w in &ds.warnings {
        eprintln!("topictag: warning: {w}");
    }
    let pb = bar(quiet, Some(ds.items.len() as u64), "analyzing");
    let name = data
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let progress = |stage: Stage, done: usize, total: usize| {
        if stage == Stage::Fit && pb.prefix() != "fitting" {
            pb.set_prefix("fitting");
            pb.set_length(total as u64);
        }
        pb.set_position(done as u64);
    };
    let result = train_with_progress(&ds.items, &name, cfg, &progress);
    pb.finish_and_clear();
    let (model, report) = result?;
    for w in &report.warnings {
        eprintln!("topictag: warning: {w}");
    }
    Ok((model, report))
}

fn cmd_train(a: TrainArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let cfg = train_config(&a.settings);
    let (model, report) = train_and_report(&a.data, &a.columns, &cfg, quiet)?;
    model.save(&a.out)?;
    let secs = start.elapsed().as_secs_f64();
    let out = std::io::stdout();
    let mut out = out.lock();
    if a.json {
        let summary = serde_json::json!({
            "model": a.out,
            "items": report.items,
            "topics": report.topics,
            "languages": report.languages,
            "exclusive": report.exclusive,
            "thresholds": model.topics.iter().zip(&model.thresholds).collect::<Vec<_>>(),
            "cv": report.cv,
            "seconds": secs,
        });
        writeln!(out, "{summary}")?;
    } else {
        writeln!(
            out,
            "trained {} on {} items in {secs:.1} s",
            a.out.display(),
            report.items
        )?;
        let langs: Vec<String> = report
            .languages
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        writeln!(out, "languages: {}", langs.join(", "))?;
        writeln!(
            out,
            "{} topics{}:",
            report.topics.len(),
            if report.exclusive {
                " (exclusive: one per item)"
            } else {
                ""
            }
        )?;
        for (i, (t, n)) in report.topics.iter().enumerate() {
            let cv = report
                .cv
                .as_ref()
                .map(|s| format!("  cv F1 {:.3}", s.topics[i].prf.f1))
                .unwrap_or_default();
            writeln!(
                out,
                "  {t:<24} {n:>6} items  threshold {:.2}{cv}",
                model.thresholds[i]
            )?;
        }
        match &report.cv {
            Some(s) => {
                write!(
                    out,
                    "cross-validated ({} folds): micro-F1 {:.3}, macro-F1 {:.3}",
                    cfg.folds, s.micro.f1, s.macro_avg.f1
                )?;
                if let Some(acc) = s.accuracy {
                    write!(out, ", accuracy {acc:.3}")?;
                }
                writeln!(out)?;
            }
            None => writeln!(
                out,
                "no cross-validation (--folds {}): thresholds left at 0.5",
                cfg.folds
            )?,
        }
    }
    Ok(Outcome::Clean)
}

fn default_model() -> PathBuf {
    if let Some(p) = std::env::var_os("TOPICTAG_MODEL") {
        return PathBuf::from(p);
    }
    let local = PathBuf::from("models/foreign-policy.model");
    if local.exists() {
        return local;
    }
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/foreign-policy.model");
    if shipped.exists() {
        shipped
    } else {
        local
    }
}

/// Counts for the closing summary.
#[derive(Default)]
struct Summary {
    sources: u64,
    items: u64,
    failed: u64,
    warnings: u64,
    per_lang: BTreeMap<String, u64>,
    per_topic: BTreeMap<String, u64>,
}

/// Add one to `key`'s count, allocating the key only the first time (this runs per item on the
/// thread that writes the output, while the workers wait).
fn count(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

impl Summary {
    fn print(&self, elapsed: f64) {
        let rate = self.items as f64 / elapsed.max(1e-9);
        eprintln!(
            "topictag: {} inputs, {} items ({rate:.0} items/s), {} failed, {} warnings",
            self.sources, self.items, self.failed, self.warnings
        );
        let fmt = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.per_lang.is_empty() {
            eprintln!("topictag: languages: {}", fmt(&self.per_lang));
        }
        if !self.per_topic.is_empty() {
            eprintln!("topictag: topics: {}", fmt(&self.per_topic));
        }
    }
}

/// A record that could not be read: where, and why. `tag` writes it as an error row.
pub(super) struct Failure {
    pub source: std::sync::Arc<str>,
    /// Its number in the source, as a record read there would have had; `None` when the
    /// source itself could not be opened.
    pub number: Option<u64>,
    pub message: String,
}

/// One entry of the input stream, in input order.
pub(super) struct Entry {
    /// Which input of this run it comes from (0, 1, ...).
    pub source: usize,
    /// Its position among its source's entries (0, 1, ...).
    pub ordinal: usize,
    pub item: std::result::Result<Record, Failure>,
}

/// Entries of a source whose languages give its hint (`--lang-hint file`): its first
/// `HINT_WINDOW` entries. They always travel in one chunk, so the hint is the same whatever
/// the chunking and the threads.
const HINT_WINDOW: usize = CHUNK;

/// Read every input in chunks and hand each chunk (entries in input order) to `each`.
/// Unreadable inputs and bad records are reported on stderr, counted, and passed on as
/// failed entries; the run goes on.
///
/// Reading runs on its own thread, one chunk ahead of `each` (a channel of one chunk), so the
/// workers tag a chunk while the next one is parsed; memory stays bounded by a few chunks. An
/// error from `each` stops the reader. Chunks span files, but the first [`HINT_WINDOW`]
/// entries of a source are never split between two chunks.
fn for_each_chunk(
    inputs: &[String],
    opts: &InputOptions,
    quiet: bool,
    summary: &mut Summary,
    mut each: impl FnMut(&[Entry], &mut Summary) -> Result<()>,
) -> Result<()> {
    let paths = input::expand(inputs)?;
    let pb = bar(
        quiet,
        (paths.len() > 1).then_some(paths.len() as u64),
        "tagging",
    );
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Entry>>(1);
    let reader_pb = pb.clone();
    let (result, counts) = std::thread::scope(|scope| {
        // Returns (sources, failed); stops early when the receiver is gone.
        let reader = scope.spawn(move || {
            let (mut sources, mut failed, mut read) = (0u64, 0u64, 0u64);
            // Chunks span files, so many small pages still fill both cores.
            let mut chunk = Chunker {
                chunk: Vec::with_capacity(CHUNK),
                window: Vec::new(),
                tx,
            };
            for (index, path) in paths.iter().enumerate() {
                sources += 1;
                let source: std::sync::Arc<str> = std::sync::Arc::from(path.to_string_lossy());
                let entry = |ordinal, item| Entry {
                    source: index,
                    ordinal,
                    item,
                };
                let records = match input::records(path, opts) {
                    Ok(r) => r,
                    Err(e) => {
                        let message = e.to_string();
                        reader_pb.suspend(|| eprintln!("topictag: error: {message}"));
                        failed += 1;
                        let failure = Failure {
                            source,
                            number: None,
                            message,
                        };
                        if chunk.push(entry(0, Err(failure))).is_err() {
                            return (sources, failed);
                        }
                        if chunk.end_source().is_err() {
                            return (sources, failed);
                        }
                        continue;
                    }
                };
                let mut number = 0;
                for (ordinal, rec) in records.enumerate() {
                    let item = match rec {
                        Ok(r) => {
                            number = r.number;
                            read += 1;
                            Ok(r)
                        }
                        Err(e) => {
                            let message = e.to_string();
                            reader_pb.suspend(|| eprintln!("topictag: error: {message}"));
                            failed += 1;
                            number += 1;
                            Err(Failure {
                                source: source.clone(),
                                number: Some(number),
                                message,
                            })
                        }
                    };
                    if chunk.push(entry(ordinal, item)).is_err() {
                        return (sources, failed);
                    }
                }
                if chunk.end_source().is_err() {
                    return (sources, failed);
                }
                reader_pb.inc(1);
                reader_pb.set_message(format!("{read} items"));
            }
            chunk.finish();
            (sources, failed)
        });
        let mut result = Ok(());
        for chunk in rx.iter() {
            if let Err(e) = each(&chunk, summary) {
                result = Err(e);
                break;
            }
        }
        drop(rx); // a reader blocked on a full channel now stops
        let counts = reader.join();
        (result, counts)
    });
    let (sources, failed) = counts.map_err(|_| anyhow::anyhow!("the input reader panicked"))?;
    summary.sources += sources;
    summary.failed += failed;
    pb.finish_and_clear();
    result
}

/// Packs entries into chunks of at most [`CHUNK`] and sends them, keeping each source's first
/// [`HINT_WINDOW`] entries together.
struct Chunker {
    chunk: Vec<Entry>,
    /// The current source's opening entries, while there are fewer than [`HINT_WINDOW`].
    window: Vec<Entry>,
    tx: std::sync::mpsc::SyncSender<Vec<Entry>>,
}

/// The receiver is gone: stop reading.
struct Stopped;

impl Chunker {
    fn send(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.tx.send(full).map_err(|_| Stopped)
    }

    fn push(&mut self, e: Entry) -> std::result::Result<(), Stopped> {
        if e.ordinal < HINT_WINDOW {
            self.window.push(e);
            if self.window.len() == HINT_WINDOW {
                self.flush_window()?;
            }
            return Ok(());
        }
        self.chunk.push(e);
        if self.chunk.len() == CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// Move the opening entries into the chunk, after sending the chunk if they do not fit.
    fn flush_window(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.len() + self.window.len() > CHUNK {
            self.send()?;
        }
        self.chunk.append(&mut self.window);
        if self.chunk.len() == CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn end_source(&mut self) -> std::result::Result<(), Stopped> {
        self.flush_window()
    }

    fn finish(mut self) {
        if self.flush_window().is_ok() {
            let _ = self.send();
        }
    }
}

/// stdout, or an atomically written file.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

impl Sink {
    fn open(out: Option<&Path>) -> Result<Sink> {
        Ok(match out {
            Some(p) => Sink::File(AtomicFile::create(p)?),
            None => Sink::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            )),
        })
    }
    fn close(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::File(f) => Ok(f.commit()?),
        }
    }
}

fn report_warnings(rec: &Record, summary: &mut Summary) {
    for w in &rec.warnings {
        eprintln!("topictag: warning: {} item {}: {w}", rec.source, rec.number);
        summary.warnings += 1;
    }
}

/// Rows per formatting task of `tag`.
const FORMAT_SLICE: usize = 128;

fn cmd_tag(a: TagArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let model_path = a.model.clone().unwrap_or_else(default_model);
    let model = TopicModel::load(&model_path)?;
    if let Some(t) = a.threshold {
        if !(0.0..=1.0).contains(&t) {
            bail!("--threshold must be between 0 and 1, got {t}");
        }
    }
    let tagger = Tagger::new(model).with_threshold(a.threshold);
    let topics = tagger.model().topics.clone();
    let opts = InputOptions {
        format: a.input_format,
        csv: csv_options(&a.columns),
    };
    let mut writer = RowWriter::new(Sink::open(a.out.as_deref())?, a.format, topics.clone());
    let mut summary = Summary::default();
    let mut hints = SourceHints::new(a.lang_hint);
    for_each_chunk(&a.inputs, &opts, quiet, &mut summary, |entries, summary| {
        // Failed entries are not tagged (error rows come later).
        let chunk: Vec<&Record> = entries
            .iter()
            .filter_map(|e| e.item.as_ref().ok())
            .collect();
        let texts: Vec<String> = chunk.par_iter().map(|r| r.full_text()).collect();
        let pairs: Vec<(&str, Option<Lang>)> = texts
            .iter()
            .zip(&chunk)
            .map(|(t, r)| (t.as_str(), a.lang.or(r.lang)))
            .collect();
        let routes: Vec<_> = pairs.par_iter().map(|&(t, g)| tagger.route(t, g)).collect();
        let chunk_hints = hints.for_chunk(entries, &routes);
        let tagged: Vec<topictag::tagger::Tagged> = pairs
            .par_iter()
            .zip(routes)
            .zip(chunk_hints)
            .map(|((&(text, given), route), hint)| tagger.tag_hinted(text, given, route, hint))
            .collect();
        // Per item: record, tags, and the topics written (the tuned ones, at most --top).
        let items: Vec<(&Record, &topictag::tagger::Tagged, Vec<&str>)> = chunk
            .iter()
            .copied()
            .zip(&tagged)
            .map(|(rec, t)| {
                let mut chosen: Vec<&str> = t.topics.iter().map(|&i| topics[i].as_str()).collect();
                if let Some(k) = a.top {
                    chosen.truncate(k);
                }
                (rec, t, chosen)
            })
            .collect();
        for (rec, t, chosen) in &items {
            report_warnings(rec, summary);
            summary.items += 1;
            count(&mut summary.per_lang, t.route.code());
            for c in chosen {
                count(&mut summary.per_topic, c);
            }
        }
        // Rows are formatted in parallel, a slice of the chunk per task, and written in order.
        let pieces = items
            .par_chunks(FORMAT_SLICE)
            .map(|slice| {
                let buf = Vec::with_capacity(slice.len() * 256);
                let mut w = RowWriter::new(buf, a.format, topics.clone()).without_header();
                for (rec, t, chosen) in slice {
                    w.write(&Row {
                        source: &rec.source,
                        item: rec.number,
                        title: rec.title.as_deref(),
                        text: &rec.text,
                        lang: t.route.code(),
                        confidence: t.route.confidence,
                        topics: chosen,
                        scores: &t.probs,
                    })?;
                }
                w.finish()
            })
            .collect::<Result<Vec<Vec<u8>>>>()?;
        for piece in &pieces {
            writer.write_formatted(piece)?;
        }
        Ok(())
    })?;
    writer.finish()?.close()?;
    if !quiet {
        summary.print(start.elapsed().as_secs_f64());
    }
    Ok(if summary.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}

/// The `--lang-hint file` decision: each source's hint is the dominant detected (or given)
/// language of its first [`HINT_WINDOW`] entries (all of them for any smaller file or page).
/// The reader keeps those entries in one chunk; later chunks of a long source reuse the hint.
struct SourceHints {
    hint: LangHint,
    /// The source whose window was seen last, and its hint.
    current: Option<(usize, Option<Lang>)>,
}

impl SourceHints {
    fn new(hint: LangHint) -> SourceHints {
        SourceHints {
            hint,
            current: None,
        }
    }

    /// The hint of each readable entry of `entries` (in order; `routes` are theirs, routed
    /// without a hint).
    fn for_chunk(&mut self, entries: &[Entry], routes: &[Route]) -> Vec<Option<Lang>> {
        if self.hint == LangHint::Off {
            return vec![None; routes.len()];
        }
        let mut hints = Vec::with_capacity(routes.len());
        let mut at = 0; // index into routes
        let mut start = 0; // index into entries
        while start < entries.len() {
            let source = entries[start].source;
            let end = (start..entries.len())
                .find(|&i| entries[i].source != source)
                .unwrap_or(entries.len());
            let group = &entries[start..end];
            let readable = group.iter().filter(|e| e.item.is_ok()).count();
            if group[0].ordinal == 0 {
                // The source's window is all here, at the start of the group.
                let in_window = group
                    .iter()
                    .filter(|e| e.item.is_ok() && e.ordinal < HINT_WINDOW)
                    .count();
                self.current = Some((source, dominant(&routes[at..at + in_window])));
            }
            let hint = match self.current {
                Some((s, hint)) if s == source => hint,
                _ => None,
            };
            hints.extend(std::iter::repeat_n(hint, readable));
            at += readable;
            start = end;
        }
        hints
    }
}

fn cmd_eval(a: EvalArgs, quiet: bool) -> Result<Outcome> {
    let report = if let Some(k) = a.cv {
        if k < 2 {
            bail!("--cv needs at least 2 folds");
        }
        let mut cfg = train_config(&a.settings);
        cfg.folds = k;
        let (model, tr) = train_and_report(&a.data, &a.columns, &cfg, quiet)?;
        let pred = tr
            .oof_pred
            .expect("folds >= 2 gives out-of-fold predictions");
        let langs: Vec<&str> = tr.routes.iter().map(|r| r.code()).collect();
        EvalReport::new(&model.topics, &tr.gold, &pred, &langs, tr.exclusive)
    } else {
        let path = a.model.clone().expect("clap requires --model without --cv");
        let model = TopicModel::load(&path)?;
        let ds = read_labelled(&a.data, &csv_options(&a.columns))?;
        for w in &ds.warnings {
            eprintln!("topictag: warning: {w}");
        }
        let tagger = Tagger::new(model).with_threshold(a.threshold);
        let topics = tagger.model().topics.clone();
        let mut unknown: BTreeMap<&str, u64> = BTreeMap::new();
        let gold: Vec<Vec<usize>> = ds
            .items
            .iter()
            .map(|it| {
                it.labels
                    .iter()
                    .filter_map(|l| {
                        let i = topics.iter().position(|t| t == l);
                        if i.is_none() {
                            *unknown.entry(l.as_str()).or_default() += 1;
                        }
                        i
                    })
                    .collect()
            })
            .collect();
        for (l, n) in &unknown {
            eprintln!(
                "topictag: warning: label '{l}' ({n} items) is not a topic of the model; ignored"
            );
        }
        let pairs: Vec<(&str, Option<Lang>)> = ds
            .items
            .iter()
            .map(|it| (it.text.as_str(), it.lang))
            .collect();
        let tagged = tagger.tag_batch(&pairs, BatchHint::Dominant);
        let pred: Vec<Vec<usize>> = tagged.iter().map(|t| t.topics.clone()).collect();
        let langs: Vec<&str> = tagged.iter().map(|t| t.route.code()).collect();
        EvalReport::new(&topics, &gold, &pred, &langs, tagger.model().exclusive)
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{report}")?;
    }
    Ok(Outcome::Clean)
}

fn cmd_detect(a: DetectArgs, quiet: bool) -> Result<Outcome> {
    let det = Detector::new(
        a.allow.clone().unwrap_or_else(|| Lang::ALL.to_vec()),
        a.floor,
    );
    let opts = InputOptions {
        format: a.input_format,
        csv: csv_options(&a.columns),
    };
    let mut writer = RowWriter::new(Sink::open(None)?, a.format, vec![]);
    let mut summary = Summary::default();
    for_each_chunk(&a.inputs, &opts, quiet, &mut summary, |entries, summary| {
        let chunk: Vec<&Record> = entries
            .iter()
            .filter_map(|e| e.item.as_ref().ok())
            .collect();
        let routes: Vec<_> = chunk
            .par_iter()
            .map(|r| det.route(&r.full_text(), r.lang, None))
            .collect();
        for (rec, route) in chunk.into_iter().zip(routes) {
            summary.items += 1;
            count(&mut summary.per_lang, route.code());
            writer.write(&Row {
                source: &rec.source,
                item: rec.number,
                title: rec.title.as_deref(),
                text: &rec.text,
                lang: route.code(),
                confidence: route.confidence,
                topics: &[],
                scores: &[],
            })?;
        }
        Ok(())
    })?;
    writer.finish()?.close()?;
    Ok(if summary.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}

/// A column as `inspect` shows it: the term, or a character n-gram in brackets (`[ gas]`,
/// its padding spaces visible).
fn column_name(v: &Vectorizer, column: u32) -> String {
    let term = v.term(column);
    if (column as usize) < v.word_columns() {
        term.to_string()
    } else {
        format!("[{term}]")
    }
}

fn cmd_inspect(a: InspectArgs) -> Result<Outcome> {
    let m = TopicModel::load(&a.model)?;
    let strongest = |t: usize| -> Vec<(String, f32)> {
        let s = &m.scorers[t];
        let mut idx: Vec<usize> = (0..s.weights.len()).collect();
        idx.sort_by(|&x, &y| s.weights[y].total_cmp(&s.weights[x]).then(x.cmp(&y)));
        idx.into_iter()
            .take(a.terms)
            .filter(|&i| s.weights[i] > 0.0)
            .map(|i| (column_name(&m.vectorizer, s.indices[i]), s.weights[i]))
            .collect()
    };
    let mut out = std::io::stdout().lock();
    if a.json {
        let topics: Vec<_> = (0..m.topics.len())
            .map(|t| {
                serde_json::json!({
                    "topic": m.topics[t],
                    "items": m.meta.topic_counts[t],
                    "threshold": m.thresholds[t],
                    "terms": strongest(t),
                })
            })
            .collect();
        let v = serde_json::json!({
            "file": a.model,
            "meta": m.meta,
            "analyzer": m.analyzer,
            "features": m.vectorizer.config(),
            "vocabulary": m.vectorizer.len(),
            "routing": m.routing,
            "exclusive": m.exclusive,
            "topics": topics,
        });
        writeln!(out, "{v}")?;
        return Ok(Outcome::Clean);
    }
    let meta = &m.meta;
    writeln!(out, "model       {}", a.model.display())?;
    writeln!(out, "written by  topictag {}", meta.tool_version)?;
    writeln!(
        out,
        "classifier  {} ({})",
        meta.classifier.name(),
        if m.exclusive {
            "exclusive"
        } else {
            "multi-label"
        }
    )?;
    writeln!(
        out,
        "trained on  {} ({} items, seed {})",
        meta.data_file, meta.trained_items, meta.seed
    )?;
    let langs: Vec<String> = meta
        .languages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    writeln!(out, "languages   {}", langs.join(", "))?;
    writeln!(
        out,
        "routing     allow {} (floor {})",
        m.routing.allow.join(","),
        m.routing.floor
    )?;
    let v = &m.vectorizer;
    writeln!(
        out,
        "vocabulary  {} terms{}{}",
        v.word_columns(),
        if v.config().bigrams {
            " (with bigrams)"
        } else {
            ""
        },
        v.config()
            .char_grams
            .as_ref()
            .map(|c| format!(
                " + {} character {}-{}-grams (weight {})",
                v.len() - v.word_columns(),
                c.min_n,
                c.max_n,
                c.weight
            ))
            .unwrap_or_default()
    )?;
    if let Some(cv) = &meta.cv {
        write!(
            out,
            "cv scores   micro-F1 {:.3}, macro-F1 {:.3} ({} folds)",
            cv.micro_f1, cv.macro_f1, cv.folds
        )?;
        if let Some(acc) = cv.accuracy {
            write!(out, ", accuracy {acc:.3}")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    for t in 0..m.topics.len() {
        let terms: Vec<String> = strongest(t).into_iter().map(|(w, _)| w).collect();
        writeln!(
            out,
            "{} ({} items, threshold {:.2}): {}",
            m.topics[t],
            meta.topic_counts[t],
            m.thresholds[t],
            terms.join(", ")
        )?;
    }
    Ok(Outcome::Clean)
}
