//! The commands: each reads its inputs, calls the library, prints results and a summary.

use super::output::{Row, RowWriter};
use super::{
    Cli, ColumnArgs, Command, DetectArgs, EvalArgs, InspectArgs, OutFormat, Outcome, TagArgs,
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
use topictag::fsutil::{ensure_distinct, AtomicFile};
use topictag::input::{self, Expanded, InputOptions, Record};
use topictag::lang::{Detector, Lang};
use topictag::model::{DataSource, TopicModel};
use topictag::report::{self, ItemOutcome, ReportSource};
use topictag::tagger::{dominant, Tagger};
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

/// Read every input in chunks and hand each chunk (records in input order) to `each`.
/// Unreadable inputs and bad records are reported and counted; the run goes on.
///
/// Reading runs on its own thread, one chunk ahead of `each` (a channel of one chunk), so the
/// workers tag a chunk while the next one is parsed; memory stays bounded by three chunks. An
/// error from `each` stops the reader.
fn for_each_chunk(
    inputs: Expanded,
    opts: &InputOptions,
    quiet: bool,
    summary: &mut Summary,
    mut each: impl FnMut(&[Record], &mut Summary) -> Result<()>,
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
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Record>>(1);
    let reader_pb = pb.clone();
    let (result, counts) = std::thread::scope(|scope| {
        // Returns (sources, failed); stops early when the receiver is gone.
        let reader = scope.spawn(move || {
            let (mut sources, mut failed, mut read) = (0u64, 0u64, 0u64);
            // Chunks span files, so many small pages still fill both cores.
            let mut chunk: Vec<Record> = Vec::with_capacity(CHUNK);
            let mut bytes = 0usize;
            for path in &paths {
                sources += 1;
                let records = match input::records(path, opts) {
                    Ok(r) => r,
                    Err(e) => {
                        reader_pb.suspend(|| diag!("topictag: error: {e}"));
                        failed += 1;
                        continue;
                    }
                };
                for rec in records {
                    match rec {
                        Ok(r) => {
                            bytes += r.text.len() + r.title.as_ref().map_or(0, String::len);
                            chunk.push(r);
                            read += 1;
                        }
                        Err(e) => {
                            reader_pb.suspend(|| diag!("topictag: error: {e}"));
                            failed += 1;
                        }
                    }
                    if chunk.len() == CHUNK || bytes >= CHUNK_BYTES {
                        bytes = 0;
                        let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                        if tx.send(full).is_err() {
                            return (sources, failed);
                        }
                    }
                }
                reader_pb.inc(1);
                reader_pb.set_message(format!("{read} items"));
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
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
    let model_path = a.model.clone().unwrap_or_else(default_model);
    let model = TopicModel::load(&model_path)?;
    if a.explain.is_some() && a.format == OutFormat::Csv {
        bail!("--explain needs --format jsonl or --format table");
    }
    let tagger = Tagger::new(model).with_threshold(a.threshold);
    let topics = tagger.model().topics.clone();
    let opts = InputOptions {
        format: a.input_format,
        csv: csv_options(&a.columns),
    };
    let inputs = input::expand(&a.inputs)?;
    if let Some(out) = &a.out {
        // Never write the results over what is being read.
        ensure_distinct(out, "the model", &model_path)?;
        for p in &inputs.paths {
            ensure_distinct(out, "an input", p)?;
        }
    }
    let mut writer = RowWriter::new(Sink::open(a.out.as_deref())?, a.format, topics.clone());
    let mut summary = Summary::default();
    for_each_chunk(inputs, &opts, quiet, &mut summary, |chunk, summary| {
        let texts: Vec<String> = chunk.par_iter().map(Record::full_text).collect();
        let pairs: Vec<(&str, Option<Lang>)> = texts
            .iter()
            .zip(chunk)
            .map(|(t, r)| (t.as_str(), a.lang.or(r.lang)))
            .collect();
        let declared: Vec<Option<Lang>> = chunk.iter().map(|r| r.lang_hint).collect();
        let tagged = tag_chunk(&tagger, &pairs, &source_groups(chunk), &declared);
        // Per item: record, tags, and the topics written (the tuned ones, at most --top).
        let items: Vec<(&Record, &topictag::tagger::Tagged, Vec<&str>)> = chunk
            .iter()
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
                    let row = Row {
                        source: &rec.source,
                        item: rec.number,
                        title: rec.title.as_deref(),
                        text: &rec.text,
                        lang: t.route.code(),
                        confidence: t.route.confidence,
                        topics: chosen,
                        scores: &t.probs,
                    };
                    match a.explain {
                        None => w.write(&row)?,
                        Some(k) => w.write_formatted(&explained_row(
                            &tagger, &row, a.format, &topics, rec, t, k,
                        )?)?,
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
    topics: &[String],
    rec: &Record,
    tagged: &topictag::tagger::Tagged,
    k: usize,
) -> Result<Vec<u8>> {
    let mut one = RowWriter::new(Vec::new(), format, topics.to_vec()).without_header();
    one.write(row)?;
    let mut bytes = one.finish()?;
    let ex = tagger.explain(&rec.full_text(), tagged, k);
    super::explain::append(&mut bytes, format, row.topics, &ex);
    Ok(bytes)
}

/// Tag a chunk in parallel, keeping input order. `groups[i]` says which source item `i` comes
/// from: the dominant language of its source (within the chunk) is the hint for undetermined
/// short texts.
fn tag_chunk(
    tagger: &Tagger,
    pairs: &[(&str, Option<Lang>)],
    groups: &[usize],
    declared: &[Option<Lang>],
) -> Vec<topictag::tagger::Tagged> {
    let det = tagger.detector();
    let routes: Vec<_> = pairs
        .par_iter()
        .map(|(t, g)| det.route(t, *g, None))
        .collect();
    let mut hints = vec![None; routes.len()];
    let mut start = 0;
    while start < routes.len() {
        let end = (start..routes.len())
            .find(|&i| groups[i] != groups[start])
            .unwrap_or(routes.len());
        let hint = dominant(&routes[start..end]);
        // The page's or batch's language first, else the one its source declares (a feed's
        // `<language>`, a page's `<html lang>`).
        for (h, d) in hints[start..end].iter_mut().zip(&declared[start..end]) {
            *h = hint.or(*d);
        }
        start = end;
    }
    pairs
        .par_iter()
        .zip(routes)
        .zip(hints)
        .map(|((&(text, given), route), hint)| {
            let route = if route.undetermined() && hint.is_some() {
                det.route(text, given, hint)
            } else {
                route
            };
            tagger.tag_routed(text, route)
        })
        .collect()
}

/// Group ids for a chunk: consecutive records from the same source share one.
fn source_groups(chunk: &[Record]) -> Vec<usize> {
    let mut id = 0;
    chunk
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i > 0 && r.source != chunk[i - 1].source {
                id += 1;
            }
            id
        })
        .collect()
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
        let path = a.model.clone().expect("clap requires --model without --cv");
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
        let tagged = tag_chunk(
            &tagger,
            &pairs,
            &vec![0; pairs.len()],
            &vec![None; pairs.len()],
        );
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
    let opts = InputOptions {
        format: a.input_format,
        csv: csv_options(&a.columns),
    };
    let mut writer = RowWriter::new(Sink::open(None)?, a.format, vec![]);
    let mut summary = Summary::default();
    let inputs = input::expand(&a.inputs)?;
    for_each_chunk(inputs, &opts, quiet, &mut summary, |chunk, summary| {
        let routes: Vec<_> = chunk
            .par_iter()
            .map(|r| det.route(&r.full_text(), r.lang, None))
            .collect();
        for (rec, route) in chunk.iter().zip(routes) {
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
fn language_data(m: &TopicModel, a: &InspectArgs) -> Option<PathBuf> {
    if let Some(d) = &a.data {
        return Some(d.clone());
    }
    let dir = a.model.parent().unwrap_or(Path::new("."));
    let name = Path::new(&m.meta.data_file).file_name()?;
    [dir.join(name), dir.join("..").join("training").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

/// `inspect --topic T`: the topic's strongest positive and negative terms.
fn inspect_topic(m: &TopicModel, a: &InspectArgs, name: &str) -> Result<Outcome> {
    let Some(t) = m.topics.iter().position(|x| x == name) else {
        bail!(
            "{}: no topic '{name}' (topics: {})",
            a.model.display(),
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
    let data = language_data(m, a);
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
    let m = TopicModel::load(&a.model)?;
    if let Some(name) = &a.topic {
        return inspect_topic(&m, &a, name);
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
