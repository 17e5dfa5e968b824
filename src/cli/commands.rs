//! The commands: each reads its inputs, calls the library, prints results and a summary.

use super::output::{Layout, Row, RowWriter};
use super::{
    Cli, ColumnArgs, Command, DetectArgs, EvalArgs, InspectArgs, ItemArgs, LangHint, OutFormat,
    Outcome, TagArgs, TrainArgs, TrainSettings,
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
use topictag::fsutil::{ensure_distinct, AtomicFile};
use topictag::input::{self, Expanded, Format, InputOptions, Record};
use topictag::lang::Route;
use topictag::lang::{Detector, Lang};
use topictag::model::{DataSource, TopicModel};
use topictag::report::{self, ItemOutcome, ReportSource};
use topictag::tagger::{dominant, BatchHint, Tagged, Tagger};
use topictag::text::AnalyzerConfig;
use topictag::train::{train_with_progress, Stage, TrainConfig};

/// Records tagged together: bounded memory, and the unit of parallel work.
const CHUNK: usize = 2048;
/// A chunk is handed on early once its texts hold this many bytes, so that long items (up to
/// `input::MAX_ITEM_BYTES` each) cannot pile up 2,048 to a chunk: with three chunks in flight
/// and about 12 bytes of work per byte of text, tagging stays within some 200 MB.
const CHUNK_BYTES: usize = 4 << 20;

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

fn input_options(format: Option<Format>, c: &ColumnArgs, items: &ItemArgs) -> InputOptions {
    InputOptions {
        format,
        csv: csv_options(c),
        id_column: items.id_column.clone(),
    }
}

fn csv_options(c: &ColumnArgs) -> CsvOptions {
    CsvOptions {
        text_columns: c.text_columns.clone(),
        label_column: c.label_column.clone(),
        lang_column: c.lang_column.clone(),
        known_column: c.known_column.clone(),
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
    ds.check_known(data, &[])?;
    for w in &ds.warnings {
        diag!("topictag: warning: {w}");
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
        diag!("topictag: warning: {w}");
    }
    Ok((model, report))
}

fn cmd_train(a: TrainArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let cfg = train_config(&a.settings);
    ensure_distinct(&a.out, "the training data", &a.data)?;
    // Read the sources list first: a bad list fails before minutes of training.
    let sources = match &a.sources {
        Some(path) => {
            ensure_distinct(&a.out, "the sources list", path)?;
            DataSource::read(path)?
        }
        None => Vec::new(),
    };
    let (mut model, report) = train_and_report(&a.data, &a.columns, &cfg, quiet)?;
    model.meta.sources = sources;
    model.save(&a.out)?;
    let secs = start.elapsed().as_secs_f64();
    let out = std::io::stdout();
    let mut out = out.lock();
    if a.json {
        let summary = serde_json::json!({
            "model": a.out,
            "items": report.items,
            "topics": report.topics,
            "known": report.known_counts,
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
        let partial = report.known_counts.iter().any(|&k| k < report.items as u64);
        for (i, (t, n)) in report.topics.iter().enumerate() {
            let known = if partial {
                format!(" of {:>6} known", report.known_counts[i])
            } else {
                String::new()
            };
            let cv = report
                .cv
                .as_ref()
                .map(|s| format!("  cv F1 {:.3}", s.topics[i].prf.f1))
                .unwrap_or_default();
            writeln!(
                out,
                "  {t:<24} {n:>6} items{known}  threshold {:.2}{cv}",
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

/// The shipped model's file name, looked for under `models/`.
const SHIPPED_MODEL: &str = "models/foreign-policy.model";

/// The model a command uses: `--model`; else `$TOPICTAG_MODEL` (which must exist: it is never
/// silently replaced); else the shipped model in the first place it exists: `models/` in the
/// current folder, next to the binary (`<folder of topictag>/models/`), in the repository the
/// binary was built from. The error names every place looked at.
fn resolve_model(given: Option<&Path>) -> Result<PathBuf> {
    let env = std::env::var_os("TOPICTAG_MODEL").filter(|v| !v.is_empty());
    let exe_dir = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let mut places = vec![PathBuf::from(SHIPPED_MODEL)];
    places.extend(exe_dir.map(|d| d.join(SHIPPED_MODEL)));
    places.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(SHIPPED_MODEL));
    find_model(given, env.map(PathBuf::from), &places)
}

/// [`resolve_model`]'s order, over given places.
fn find_model(given: Option<&Path>, env: Option<PathBuf>, defaults: &[PathBuf]) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = env {
        if !p.is_file() {
            bail!(
                "TOPICTAG_MODEL is set to {}, which is not a file (unset it to use the shipped model, or pass --model FILE)",
                p.display()
            );
        }
        return Ok(p);
    }
    match defaults.iter().find(|p| p.is_file()) {
        Some(p) => Ok(p.clone()),
        None => bail!(
            "no model found: pass --model FILE or set TOPICTAG_MODEL (looked for {})",
            defaults
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
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
        diag!(
            "topictag: {} inputs, {} items ({rate:.0} items/s), {} failed, {} warnings",
            self.sources,
            self.items,
            self.failed,
            self.warnings
        );
        let fmt = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !self.per_lang.is_empty() {
            diag!("topictag: languages: {}", fmt(&self.per_lang));
        }
        if !self.per_topic.is_empty() {
            diag!("topictag: topics: {}", fmt(&self.per_topic));
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
    inputs: Expanded,
    opts: &InputOptions,
    quiet: bool,
    summary: &mut Summary,
    mut each: impl FnMut(&[Entry], &mut Summary) -> Result<()>,
) -> Result<()> {
    // Folder parts that could not be read count as failed inputs; what a walk skipped on
    // purpose (loops, special files, second names of a file) is a warning.
    for e in &inputs.errors {
        diag!("topictag: error: {e}");
    }
    for w in &inputs.skipped {
        diag!("topictag: warning: {w}");
    }
    summary.failed += inputs.errors.len() as u64;
    summary.warnings += inputs.skipped.len() as u64;
    let paths = inputs.paths;
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
                bytes: 0,
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
                        reader_pb.suspend(|| diag!("topictag: error: {message}"));
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
                            reader_pb.suspend(|| diag!("topictag: error: {message}"));
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
    /// Bytes of text in `chunk`: a chunk is also handed on once it holds [`CHUNK_BYTES`].
    bytes: usize,
    tx: std::sync::mpsc::SyncSender<Vec<Entry>>,
}

/// Bytes of text an entry carries.
fn entry_bytes(e: &Entry) -> usize {
    e.item.as_ref().map_or(0, |r| {
        r.text.len() + r.title.as_ref().map_or(0, String::len)
    })
}

/// The receiver is gone: stop reading.
struct Stopped;

impl Chunker {
    fn send(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        self.bytes = 0;
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
        self.bytes += entry_bytes(&e);
        self.chunk.push(e);
        if self.chunk.len() == CHUNK || self.bytes >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(())
    }

    /// Move the opening entries into the chunk, after sending the chunk if they do not fit.
    fn flush_window(&mut self) -> std::result::Result<(), Stopped> {
        if self.chunk.len() + self.window.len() > CHUNK {
            self.send()?;
        }
        self.bytes += self.window.iter().map(entry_bytes).sum::<usize>();
        self.chunk.append(&mut self.window);
        if self.chunk.len() == CHUNK || self.bytes >= CHUNK_BYTES {
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
        diag!("topictag: warning: {} item {}: {w}", rec.source, rec.number);
        summary.warnings += 1;
    }
}

/// Rows per formatting task of `tag`.
const FORMAT_SLICE: usize = 128;

fn cmd_tag(a: TagArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let model_path = resolve_model(a.model.as_deref())?;
    let model = TopicModel::load(&model_path)?;
    if a.explain.is_some() && a.format == OutFormat::Csv {
        bail!("--explain needs --format jsonl or --format table");
    }
    let tagger = Tagger::new(model).with_threshold(a.threshold);
    let topics = tagger.model().topics.clone();
    let opts = input_options(a.input_format, &a.columns, &a.items);
    let layout = Layout::new(topics.clone());
    let layout = if a.items.no_text {
        layout.without_text()
    } else {
        layout
    };
    let inputs = input::expand(&a.inputs)?;
    if let Some(out) = &a.out {
        // Never write the results over what is being read.
        ensure_distinct(out, "the model", &model_path)?;
        for p in &inputs.paths {
            ensure_distinct(out, "an input", p)?;
        }
    }
    let mut writer = RowWriter::new(Sink::open(a.out.as_deref())?, a.format, layout.clone());
    let mut summary = Summary::default();
    let mut hints = SourceHints::new(a.lang_hint);
    for_each_chunk(inputs, &opts, quiet, &mut summary, |entries, summary| {
        // Failed entries are not tagged; they become error rows.
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
        // A source's declared language (a feed's `<language>`, a page's `<html lang>`) is the
        // hint where the page itself gives none.
        let declared: Vec<Option<Lang>> = chunk.iter().map(|r| r.lang_hint).collect();
        let routes: Vec<_> = pairs.par_iter().map(|&(t, g)| tagger.route(t, g)).collect();
        let chunk_hints = hints.for_chunk(entries, &routes);
        let tagged: Vec<Tagged> = pairs
            .par_iter()
            .zip(routes)
            .zip(chunk_hints)
            .zip(declared)
            .map(|(((&(text, given), route), hint), declared)| {
                tagger.tag_hinted(text, given, route, hint.or(declared))
            })
            .collect();
        // Per entry, in input order: the record, its text, tags and the topics written (the
        // tuned ones, at most --top); or why it could not be read.
        let mut tagged_iter = texts.iter().zip(&tagged);
        let items: Vec<Item<'_>> = entries
            .iter()
            .map(|e| match &e.item {
                Ok(rec) => {
                    let (text, t) = tagged_iter.next().expect("one tag per readable entry");
                    let mut chosen: Vec<&str> =
                        t.topics.iter().map(|&i| topics[i].as_str()).collect();
                    if let Some(k) = a.top {
                        chosen.truncate(k);
                    }
                    Item::Tagged(rec, text, t, chosen)
                }
                Err(f) => Item::Failed(f),
            })
            .collect();
        for item in &items {
            if let Item::Tagged(rec, _, t, chosen) = item {
                report_warnings(rec, summary);
                summary.items += 1;
                count(&mut summary.per_lang, t.route.code());
                for c in chosen {
                    count(&mut summary.per_topic, c);
                }
            }
        }
        // Rows are formatted in parallel, a slice of the chunk per task, and written in order.
        let pieces = items
            .par_chunks(FORMAT_SLICE)
            .map(|slice| {
                let buf = Vec::with_capacity(slice.len() * 256);
                let mut w = RowWriter::new(buf, a.format, layout.clone()).without_header();
                for item in slice {
                    let row = item.row();
                    match (a.explain, item) {
                        (Some(k), Item::Tagged(_, text, t, _)) => w.write_formatted(
                            &explained_row(&tagger, &row, a.format, &layout, text, t, k)?,
                        )?,
                        _ => w.write(&row)?,
                    }
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

/// One row formatted alone, with the explanation of its written topics appended
/// (`tag --explain K`, see `cli/explain.rs`).
fn explained_row(
    tagger: &Tagger,
    row: &Row<'_>,
    format: OutFormat,
    layout: &Layout,
    text: &str,
    tagged: &Tagged,
    k: usize,
) -> Result<Vec<u8>> {
    let mut one = RowWriter::new(Vec::new(), format, layout.clone()).without_header();
    one.write(row)?;
    let mut bytes = one.finish()?;
    let ex = tagger.explain(text, tagged, k);
    super::explain::append(&mut bytes, format, row.topics, &ex);
    Ok(bytes)
}

/// One output row of `tag` before formatting.
enum Item<'a> {
    /// A record, the text that was tagged, its tags and the topics to write.
    Tagged(&'a Record, &'a str, &'a Tagged, Vec<&'a str>),
    Failed(&'a Failure),
}

impl Item<'_> {
    fn row(&self) -> Row<'_> {
        match self {
            Item::Tagged(rec, text, t, chosen) => Row {
                source: &rec.source,
                item: rec.number,
                title: rec.title.as_deref(),
                text,
                lang: t.route.code(),
                confidence: t.route.confidence,
                topics: chosen,
                scores: &t.probs,
                id: rec.id.as_deref(),
                date: rec.date.as_deref(),
                url: rec.url.as_deref(),
                error: None,
                extra_json: None,
            },
            Item::Failed(f) => failed_row(f),
        }
    }
}

/// The error row of an entry that could not be read.
fn failed_row(f: &Failure) -> Row<'_> {
    Row {
        source: &f.source,
        item: f.number.unwrap_or(0),
        error: Some(&f.message),
        ..Row::default()
    }
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
    let (report, page) = if let Some(k) = a.cv {
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
        let report = EvalReport::with_known(
            &model.topics,
            &tr.gold,
            &pred,
            &tr.known,
            &langs,
            tr.exclusive,
        );
        let page = match &a.report {
            None => None,
            Some(_) => {
                let probs = tr
                    .oof_probs
                    .as_ref()
                    .expect("folds >= 2 gives out-of-fold probabilities");
                // The texts, as training read them (the train report keeps no texts).
                let ds = read_labelled(&a.data, &csv_options(&a.columns))?;
                let items: Vec<ItemOutcome> = (0..pred.len())
                    .map(|i| ItemOutcome {
                        text: ds.items[i].text.clone(),
                        lang: tr.routes[i].lang,
                        gold: tr.gold[i].clone(),
                        probs: probs[i].clone(),
                        pred: pred[i].clone(),
                    })
                    .collect();
                let source = ReportSource {
                    data_file: a.data.display().to_string(),
                    cv_folds: Some(k),
                    ..ReportSource::default()
                };
                Some(report::render(
                    &Tagger::new(model),
                    &report,
                    &items,
                    &source,
                )?)
            }
        };
        (report, page)
    } else {
        let path = resolve_model(a.model.as_deref())?;
        let model = TopicModel::load(&path)?;
        let ds = read_labelled(&a.data, &csv_options(&a.columns))?;
        ds.check_known(&a.data, &model.topics)?;
        for w in &ds.warnings {
            diag!("topictag: warning: {w}");
        }
        let tagger = Tagger::new(model).with_threshold(a.threshold);
        let topics = tagger.model().topics.clone();
        // Each item is scored only on the model's topics it knows (names the model lacks are
        // labels it cannot predict, reported below).
        let known: Vec<Option<Vec<usize>>> = ds
            .items
            .iter()
            .map(|it| {
                it.known.as_ref().map(|k| {
                    k.iter()
                        .filter_map(|name| topics.iter().position(|t| t == name))
                        .collect()
                })
            })
            .collect();
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
            diag!(
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
        let exclusive = tagger.model().exclusive;
        let report = EvalReport::with_known(&topics, &gold, &pred, &known, &langs, exclusive);
        let page = match &a.report {
            None => None,
            Some(_) => {
                let items: Vec<ItemOutcome> = ds
                    .items
                    .iter()
                    .zip(&tagged)
                    .zip(gold)
                    .map(|((it, t), gold)| ItemOutcome {
                        text: it.text.clone(),
                        lang: t.route.lang,
                        gold,
                        probs: t.probs.clone(),
                        pred: t.topics.clone(),
                    })
                    .collect();
                let source = ReportSource {
                    model_file: path.display().to_string(),
                    data_file: a.data.display().to_string(),
                    cv_folds: None,
                    threshold: a.threshold,
                };
                Some(report::render(&tagger, &report, &items, &source)?)
            }
        };
        (report, page)
    };
    // The page is ready before anything is printed; it is written after, atomically.
    let file = match (&a.report, &page) {
        (Some(path), Some(_)) => Some(AtomicFile::create(path)?),
        _ => None,
    };
    {
        let mut out = std::io::stdout().lock();
        if a.json {
            serde_json::to_writer(&mut out, &report)?;
            writeln!(out)?;
        } else {
            write!(out, "{report}")?;
        }
        out.flush()?;
    }
    if let (Some(mut file), Some(page)) = (file, page) {
        file.write_all(page.as_bytes()).with_context(|| {
            format!(
                "cannot write {}",
                a.report.as_deref().unwrap_or(Path::new("")).display()
            )
        })?;
        file.commit()?;
    }
    Ok(Outcome::Clean)
}

fn cmd_detect(a: DetectArgs, quiet: bool) -> Result<Outcome> {
    let det = Detector::new(
        a.allow.clone().unwrap_or_else(|| Lang::ALL.to_vec()),
        a.floor,
    );
    let opts = input_options(a.input_format, &a.columns, &a.items);
    let layout = Layout::new(vec![]);
    let layout = if a.items.no_text {
        layout.without_text()
    } else {
        layout
    };
    let mut writer = RowWriter::new(Sink::open(None)?, a.format, layout);
    let mut summary = Summary::default();
    let inputs = input::expand(&a.inputs)?;
    for_each_chunk(inputs, &opts, quiet, &mut summary, |entries, summary| {
        let routes: Vec<_> = entries
            .par_iter()
            .map(|e| {
                e.item.as_ref().ok().map(|r| {
                    let text = r.full_text();
                    let route = det.route(&text, r.lang, None);
                    (text, route)
                })
            })
            .collect();
        for (e, routed) in entries.iter().zip(&routes) {
            let (Ok(rec), Some((text, route))) = (&e.item, routed) else {
                if let Err(f) = &e.item {
                    writer.write(&failed_row(f))?;
                }
                continue;
            };
            summary.items += 1;
            count(&mut summary.per_lang, route.code());
            writer.write(&Row {
                source: &rec.source,
                item: rec.number,
                title: rec.title.as_deref(),
                text,
                lang: route.code(),
                confidence: route.confidence,
                id: rec.id.as_deref(),
                date: rec.date.as_deref(),
                url: rec.url.as_deref(),
                ..Row::default()
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

/// Per column of `wanted`: in how many items of `data` it occurs, per routed language (the
/// model's own routing, or the file's `lang` column).
fn term_languages(
    m: &TopicModel,
    data: &Path,
    wanted: &[u32],
) -> Result<BTreeMap<u32, BTreeMap<String, u64>>> {
    let ds = read_labelled(data, &topictag::dataset::CsvOptions::default())?;
    let tagger = Tagger::new(m.clone());
    let per_item: Vec<(&'static str, Vec<u32>)> = ds
        .items
        .par_iter()
        .map(|it| {
            let route = tagger.detector().route(&it.text, it.lang, None);
            let x = tagger.vectorize(&it.text, route.lang);
            let cols = x
                .indices
                .into_iter()
                .filter(|c| wanted.contains(c))
                .collect();
            (route.code(), cols)
        })
        .collect();
    let mut out: BTreeMap<u32, BTreeMap<String, u64>> = BTreeMap::new();
    for (code, cols) in per_item {
        for c in cols {
            count(out.entry(c).or_default(), code);
        }
    }
    Ok(out)
}

/// The file `inspect --topic` counts languages in: `--data`, else the model's training file
/// when it is found beside the model or in `../training/` (where `training/build.sh` keeps it).
fn language_data(m: &TopicModel, a: &InspectArgs, model: &Path) -> Option<PathBuf> {
    if let Some(d) = &a.data {
        return Some(d.clone());
    }
    let dir = model.parent().unwrap_or(Path::new("."));
    let name = Path::new(&m.meta.data_file).file_name()?;
    [dir.join(name), dir.join("..").join("training").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// `inspect --topic T`: the topic's strongest positive and negative terms.
fn inspect_topic(m: &TopicModel, a: &InspectArgs, model: &Path, name: &str) -> Result<Outcome> {
    let Some(t) = m.topics.iter().position(|x| x == name) else {
        bail!(
            "{}: no topic '{name}' (topics: {})",
            model.display(),
            m.topics.join(", ")
        );
    };
    let s = &m.scorers[t];
    let mut idx: Vec<usize> = (0..s.weights.len()).collect();
    idx.sort_by(|&x, &y| s.weights[y].total_cmp(&s.weights[x]).then(x.cmp(&y)));
    let pos: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| s.weights[i] > 0.0)
        .take(a.terms)
        .collect();
    let neg: Vec<usize> = idx
        .iter()
        .rev()
        .copied()
        .filter(|&i| s.weights[i] < 0.0)
        .take(a.terms)
        .collect();
    let data = language_data(m, a, model);
    let langs = match &data {
        Some(d) => {
            let wanted: Vec<u32> = pos.iter().chain(&neg).map(|&i| s.indices[i]).collect();
            term_languages(m, d, &wanted)?
        }
        None => BTreeMap::new(),
    };
    let entry = |&i: &usize| {
        let c = s.indices[i];
        (
            column_name(&m.vectorizer, c),
            s.weights[i],
            langs.get(&c).cloned().unwrap_or_default(),
        )
    };
    let positive: Vec<_> = pos.iter().map(entry).collect();
    let negative: Vec<_> = neg.iter().map(entry).collect();
    let mut out = std::io::stdout().lock();
    if a.json {
        let list = |v: &[(String, f32, BTreeMap<String, u64>)]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|(term, w, langs)| serde_json::json!({"term": term, "weight": w, "languages": langs}))
                .collect()
        };
        let v = serde_json::json!({
            "topic": name,
            "items": m.meta.topic_counts[t],
            "threshold": m.thresholds[t],
            "bias": s.bias,
            "languages_counted_in": data,
            "positive": list(&positive),
            "negative": list(&negative),
        });
        writeln!(out, "{v}")?;
        return Ok(Outcome::Clean);
    }
    writeln!(
        out,
        "{name} ({} items, threshold {:.2}, bias {:+.3})",
        m.meta.topic_counts[t], m.thresholds[t], s.bias
    )?;
    let width = positive
        .iter()
        .chain(&negative)
        .map(|(term, _, _)| term.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    for (title, list) in [("pushes up", &positive), ("pushes down", &negative)] {
        writeln!(out, "\n{title}:")?;
        if list.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for (term, w, langs) in list {
            let langs: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            writeln!(out, "  {term:<width$}  {w:+8.3}  {}", langs.join(", "))?;
        }
    }
    match &data {
        Some(d) => writeln!(
            out,
            "\nlanguages: items of {} holding the term, per routed language",
            d.display()
        )?,
        None => writeln!(
            out,
            "\nlanguages: the training file {} was not found; give one with --data FILE",
            m.meta.data_file
        )?,
    }
    Ok(Outcome::Clean)
}

fn cmd_inspect(a: InspectArgs) -> Result<Outcome> {
    let model = resolve_model(a.model.as_deref())?;
    let m = TopicModel::load(&model)?;
    if let Some(name) = &a.topic {
        return inspect_topic(&m, &a, &model, name);
    }
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
            "file": model,
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
    writeln!(out, "model       {}", model.display())?;
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
    for (i, src) in meta.sources.iter().enumerate() {
        writeln!(
            out,
            "{}{} ({} rows; licence: {})",
            if i == 0 {
                "sources     "
            } else {
                "            "
            },
            src.name,
            src.items,
            src.licence
        )?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `--model` wins, then `TOPICTAG_MODEL` (an error when it is not a file, never a silent
    /// fallback), then the first default place that exists; none: an error naming them all.
    #[test]
    fn models_are_looked_for_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.model");
        let b = dir.path().join("b.model");
        let missing = dir.path().join("missing.model");
        std::fs::write(&a, b"x").unwrap();
        std::fs::write(&b, b"x").unwrap();
        let given = Path::new("given.model");
        let defaults = [missing.clone(), b.clone(), a.clone()];
        assert_eq!(
            find_model(Some(given), Some(a.clone()), &defaults).unwrap(),
            given
        );
        assert_eq!(find_model(None, Some(a.clone()), &defaults).unwrap(), a);
        let err = find_model(None, Some(missing.clone()), &defaults)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("TOPICTAG_MODEL is set to") && err.contains("missing.model"),
            "{err}"
        );
        assert_eq!(find_model(None, None, &defaults).unwrap(), b);
        let err = find_model(None, None, &defaults[..1])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("no model found: pass --model FILE or set TOPICTAG_MODEL")
                && err.contains("missing.model"),
            "{err}"
        );
    }
}
