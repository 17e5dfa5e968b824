//! `topictag detect`: the language of every item of the inputs (no model needed).

use super::output::{Layout, Row, RowWriter};
use super::settings::parse_floor;
use super::stream::{count, for_each_chunk, Sink, Summary};
use super::{input_options, InputColumnArgs, ItemArgs, OutFormat, Outcome};
use anyhow::Result;
use clap::Args;
use rayon::prelude::*;
use topictag::input::{self, Format};
use topictag::lang::{Detector, Lang, DEFAULT_FLOOR};

#[derive(Args, Debug)]
pub struct DetectArgs {
    /// Files, folders, globs, web addresses, OPML lists, or `-` for stdin (the default).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value = "csv")]
    pub format: OutFormat,
    /// Languages the detector may answer (default: all with a stemmer).
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    pub allow: Option<Vec<Lang>>,
    /// Detection confidence below which a text is undetermined; 0 to 1.
    #[arg(long, default_value_t = DEFAULT_FLOOR, value_name = "P", value_parser = parse_floor)]
    pub floor: f64,
    /// Read inputs as this format instead of guessing it. Unforced, the extension decides
    /// (.csv/.tsv, .jsonl/.ndjson, .html/.htm/.mhtml, .xml/.rss/.atom, .eml/.mbox, anything else
    /// a digest page) and the content corrects it: a page, feed, e-mail, JSON or CSV with a
    /// header saved as .txt or piped in is read as one; a PDF or binary file is reported,
    /// not tagged.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    #[command(flatten)]
    pub columns: InputColumnArgs,
    #[command(flatten)]
    pub items: ItemArgs,
}

/// Run `detect`.
pub(super) fn run(a: DetectArgs, quiet: bool) -> Result<Outcome> {
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
    for_each_chunk(
        inputs,
        &opts,
        quiet,
        None,
        &mut summary,
        |entries, summary| {
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
                        writer.write(&f.row())?;
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
        },
    )?;
    writer.finish()?.close()?;
    Ok(if summary.failed > 0 {
        Outcome::SomeFailed
    } else {
        Outcome::Clean
    })
}
