//! `topictag tag`: tag every item of the inputs and write one row per item.

use super::model_path::resolve_model;
use super::output::{Layout, Row, RowWriter};
use super::seen::Seen;
use super::settings::parse_threshold;
use super::stream::{
    count, for_each_chunk, report_warnings, Batch, Entry, Failure, Sink, Summary, Writer,
    HINT_WINDOW,
};
use super::{input_options, InputColumnArgs, ItemArgs, OutFormat, Outcome};
use anyhow::{bail, Result};
use clap::Args;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;
use topictag::fsutil::ensure_distinct;
use topictag::input::{self, Format, Record};
use topictag::lang::{Lang, Route};
use topictag::tagger::{dominant, Tagged, Tagger};

#[derive(Args, Debug)]
pub struct TagArgs {
    /// Files, folders (recursive), glob patterns, web addresses (http:// or https://), OPML
    /// subscription lists, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Model file [default: $TOPICTAG_MODEL, else models/foreign-policy.model in the current
    /// folder, next to the binary, or in the repository it was built from].
    #[arg(long, short, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "csv")]
    pub format: OutFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Start CSV output with a UTF-8 byte-order mark, so that Excel opens it as UTF-8 (without
    /// one it reads accented letters as another charset). For files opened in spreadsheets;
    /// leave it off for pipes and programs. A text cell that a spreadsheet would run as a
    /// formula (opening with = + - @, as a hostile page's title may) gets a ' before it.
    #[arg(long)]
    pub bom: bool,
    /// Keep at most K topics per item (strongest first); K is 1 or more.
    #[arg(long, value_name = "K", value_parser = parse_top)]
    pub top: Option<usize>,
    /// One probability threshold for every topic instead of the model's tuned ones; 0 to 1
    /// (0: every topic the text speaks for; 1: none).
    #[arg(long, value_name = "P", value_parser = parse_threshold)]
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
    /// Read inputs as this format instead of guessing it. Unforced, the extension decides
    /// (.csv/.tsv, .jsonl/.ndjson, .html/.htm/.mhtml, .xml/.rss/.atom, .eml/.mbox, anything else
    /// a digest page) and the content corrects it: a page, feed, e-mail, JSON or CSV with a
    /// header saved as .txt or piped in is read as one; a PDF or binary file is reported,
    /// not tagged.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    #[command(flatten)]
    pub columns: InputColumnArgs,
    /// Also list, per assigned topic, the K terms that pushed it up most (weight × TF-IDF
    /// value, positive; terms that pushed it down are not listed), in JSON Lines (an `explain` field) and table output (indented lines under the
    /// item). `--explain` alone lists 5; write `--explain=K` for another number.
    #[arg(long, value_name = "K", num_args = 0..=1, require_equals = true, default_missing_value = "5")]
    pub explain: Option<usize>,
    /// Tag only items that no earlier run with the same FILE tagged, and add this run's items
    /// to FILE (created by the first run): for feeds and pages followed day after day. An item
    /// is known by its link, else by its title and text. Items seen before get no row (the
    /// closing summary counts them); FILE is rewritten only once the output is complete.
    /// Web addresses read before are fetched only if changed since (HTTP `ETag` and
    /// `Last-Modified`, kept in FILE).
    #[arg(long, value_name = "FILE")]
    pub new_only: Option<PathBuf>,
    #[command(flatten)]
    pub items: ItemArgs,
}

/// `--top K`: a whole number of at least 1 (no topic at all is `--threshold 1`, on a
/// multi-label model).
fn parse_top(s: &str) -> std::result::Result<usize, String> {
    match s.parse::<usize>() {
        Ok(k) if k >= 1 => Ok(k),
        _ => Err(format!(
            "'{s}' is not a number of topics of at least 1 (to assign none with a multi-label \
             model, use --threshold 1)"
        )),
    }
}

/// Where an undetermined short text's language comes from (`tag --lang-hint`).
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangHint {
    /// The dominant language of the item's file or page.
    File,
    /// No hint: each item is routed on its own.
    Off,
}

/// Rows per formatting task of `tag`.
const FORMAT_SLICE: usize = 128;

/// Run `tag`.
pub(super) fn run(a: TagArgs, quiet: bool) -> Result<Outcome> {
    let start = Instant::now();
    let model_path = resolve_model(a.model.as_deref())?;
    let model = super::model_path::load_model(&model_path)?;
    if a.explain.is_some() && a.format == OutFormat::Csv {
        bail!("--explain needs --format jsonl or --format table");
    }
    super::settings::warn_unused_threshold(a.threshold, &model);
    let tagger = Tagger::new(model).with_threshold(a.threshold);
    let opts = input_options(a.input_format, &a.columns, &a.items);
    let layout = Layout::new(tagger.model().topics().to_vec());
    let layout = if a.items.no_text {
        layout.without_text()
    } else {
        layout
    };
    // A CSV for a spreadsheet: text from the web must not run there as a formula.
    let layout = if a.bom {
        layout.for_spreadsheets()
    } else {
        layout
    };
    let inputs = input::expand(&a.inputs)?;
    // Every argument named nothing to read (a mistyped pattern, an empty folder): said as a
    // warning each, and the run fails so that a scheduled job notices.
    let nothing_named = inputs.paths.is_empty() && inputs.errors.is_empty();
    if let Some(out) = &a.out {
        topictag::fsutil::ensure_writable_place(out)?;
        // Never write the results over what is being read.
        ensure_distinct(out, "the model", &model_path)?;
        for p in &inputs.paths {
            ensure_distinct(out, "an input", p)?;
        }
        topictag::fsutil::ensure_same_kind(out, false)?;
    }
    let mut seen = match &a.new_only {
        Some(path) => {
            ensure_distinct(path, "the model", &model_path)?;
            for p in inputs.paths.iter().chain(&a.out) {
                ensure_distinct(path, "an input or the output", p)?;
            }
            Some(Seen::open(path)?)
        }
        None => None,
    };
    if a.bom && a.format != OutFormat::Csv {
        anyhow::bail!("--bom applies to CSV output only (--format csv)");
    }
    let writer = Writer::spawn(
        RowWriter::new(Sink::open(a.out.as_deref())?, a.format, layout.clone()).with_bom(a.bom),
    )?;
    let mut summary = Summary::default();
    let mut hints = SourceHints::new(a.lang_hint);
    let streamed = for_each_chunk(
        inputs,
        &opts,
        quiet,
        seen.as_mut(),
        &mut summary,
        |entries, summary| {
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
            let routes = tagger.route_batch(&pairs);
            let file_hints = hints.for_chunk(&entries, &routes);
            let tagged = tagger.tag_routed_batch(&pairs, routes, |i| file_hints[i].or(declared[i]));
            // Per entry, in input order: the record, its text, tags and the topics written (the
            // tuned ones, at most --top); or why it could not be read.
            let mut tagged_iter = texts.iter().zip(&tagged);
            let items: Vec<Item<'_>> = entries
                .iter()
                .map(|e| match &e.item {
                    Ok(rec) => {
                        let (text, t) = tagged_iter.next().expect("one tag per readable entry");
                        let mut chosen: Vec<&str> = t.topic_names().collect();
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
            drop(items);
            writer.send(Batch {
                pieces,
                spent: Box::new((entries, texts, tagged)),
            })
        },
    );
    // A write error stopped the writer first and then the stream: report the write error. Any
    // other error leaves the output uncommitted (an `--out` file is not replaced).
    let written = writer.finish()?;
    streamed?;
    written.finish()?.close()?;
    if let Some(seen) = &seen {
        seen.save()?;
    }
    if !quiet {
        summary.print(start.elapsed().as_secs_f64());
        let meta = tagger.model().meta();
        let trained: Vec<&str> = meta
            .languages
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(l, _)| l.as_str())
            .collect();
        summary.print_untrained(&trained);
    }
    if nothing_named {
        diag!("topictag: error: no file to tag: no argument names one");
    }
    Ok(if summary.failed > 0 || nothing_named {
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
            Item::Failed(f) => f.row(),
        }
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
