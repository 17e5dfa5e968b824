//! Real-data check of the shipped model on public corpora it was not built from.
//!
//! ```sh
//! cargo run --release --example realdata -- [--data DIR] [--model FILE] [--show N] [--true-only]
//! ```
//!
//! * `--data` is the datasets root (default `../shared/datasets` relative to the crate, i.e.
//!   `/work/shared/datasets`). When it does not exist the check prints a notice and exits with
//!   status 0; a missing dataset folder is skipped with a notice. The first line of each
//!   dataset's `PROVENANCE.txt` is printed as its source.
//! * `--model` is the model file (default `models/foreign-policy.model`, the shipped model,
//!   trained on the team's own `training/foreign_policy.csv`).
//! * `--show` is the number of missed items printed per gold topic (default 4, 0 for none).
//! * `--true-only` keeps only the `Category == True` rows of the Spanish corpus (half of it is
//!   fake news, which its PROVENANCE.txt suggests leaving out for topic work).
//!
//! Datasets and the mapping of their labels to our topics (items with any other label are
//! skipped, so every scored item has exactly one gold topic):
//! 1. `manifesto_us_sample/*.csv` (`text,cmp_code,eu_code`; English quasi-sentences from US party
//!    platforms): cmp_code 104, 105, 106 → security; 101, 107, 109 → diplomacy; 108, 110 →
//!    integration; 406, 407 → trade.
//! 2. `spanish_fake_news_corpus/{train,development,test}.csv` (column `Topic`, or `TOPICS` in
//!    test.csv; text = `Headline`/`HEADLINE` + "\n" + `Text`/`TEXT`): Politics / Política →
//!    politics, Security → security, Economy → trade, Internacional → diplomacy.
//!
//! Every text goes through `Tagger::tag(text, None, None)` (language detected, no hint), in
//! parallel with rayon. The model is multi-label with per-topic thresholds, so an item may get
//! several topics or none. Printed per dataset:
//! * per gold topic: support, recall (share of items whose predicted set contains the gold
//!   topic), share predicted with no topic, and mean number of predicted topics;
//! * the same recall and no-topic share per source label (cmp code or corpus topic);
//! * a confusion table, gold topic × predicted topic, counting every predicted topic of an item,
//!   plus a `(none)` column;
//! * precision per predicted topic restricted to these items (share of items predicted with T
//!   whose gold is T; `-` where T is never gold in the dataset);
//! * micro / macro precision, recall and F1 from `topictag::eval::score`, for reference only: the
//!   gold sets are single-label and incomplete (a manifesto sentence on military aid to an ally
//!   is gold `security` only), so extra predicted topics count as false positives even when
//!   right;
//! * the routes taken (detected language or `und`), and a few missed items per gold topic.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::Parser;
use rayon::prelude::*;
use topictag::eval;
use topictag::model::TopicModel;
use topictag::tagger::{Tagged, Tagger};

#[derive(Parser, Debug)]
#[command(about = "Evaluate a topictag model on public real-world data with mapped labels")]
struct Args {
    /// Datasets root (default: ../shared/datasets relative to the crate).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Model file (default: models/foreign-policy.model).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Missed items printed per gold topic.
    #[arg(long, default_value_t = 4)]
    show: usize,
    /// Spanish corpus: keep only rows with Category == True.
    #[arg(long)]
    true_only: bool,
}

/// One scored item: where it came from, its text, the dataset's own label and the one gold
/// topic (a model topic name) that label maps to.
struct Item {
    source: String,
    text: String,
    label: String,
    gold: &'static str,
}

/// The mapping of the manifesto's cmp_code to our topics.
fn manifesto_topic(code: &str) -> Option<&'static str> {
    Some(match code {
        "104" | "105" | "106" => "security",
        "101" | "107" | "109" => "diplomacy",
        "108" | "110" => "integration",
        "406" | "407" => "trade",
        _ => return None,
    })
}

/// The mapping of the Spanish corpus's topic labels to our topics.
fn spanish_topic(label: &str) -> Option<&'static str> {
    Some(match label.trim() {
        "Politics" | "Política" => "politics",
        "Security" => "security",
        "Economy" => "trade",
        "Internacional" => "diplomacy",
        _ => return None,
    })
}

/// The index of the first header among `names` (exact match).
fn column(headers: &csv::StringRecord, names: &[&str], file: &Path) -> Result<usize> {
    headers
        .iter()
        .position(|h| names.contains(&h.trim_start_matches('\u{feff}')))
        .with_context(|| format!("{}: no column {}", file.display(), names.join(" / ")))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}

/// Manifesto quasi-sentences whose cmp_code maps to one of our topics.
fn load_manifesto(dir: &Path) -> Result<(Vec<Item>, usize)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let (mut items, mut rows) = (Vec::new(), 0);
    for file in &files {
        let mut reader = csv::Reader::from_path(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let headers = reader.headers()?.clone();
        let text = column(&headers, &["text"], file)?;
        let code = column(&headers, &["cmp_code"], file)?;
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("{}: bad row", file.display()))?;
            rows += 1;
            let label = record.get(code).unwrap_or("").trim();
            if let Some(gold) = manifesto_topic(label) {
                items.push(Item {
                    source: format!("{}:{}", file_name(file), i + 2),
                    text: record.get(text).unwrap_or("").to_string(),
                    label: format!("cmp {label}"),
                    gold,
                });
            }
        }
    }
    Ok((items, rows))
}

/// Spanish news items whose topic label maps to one of our topics.
fn load_spanish(dir: &Path, true_only: bool) -> Result<(Vec<Item>, usize)> {
    let (mut items, mut rows) = (Vec::new(), 0);
    for name in ["train.csv", "development.csv", "test.csv"] {
        let file = dir.join(name);
        let mut reader = csv::Reader::from_path(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let headers = reader.headers()?.clone();
        let topic = column(&headers, &["Topic", "TOPICS"], &file)?;
        let headline = column(&headers, &["Headline", "HEADLINE"], &file)?;
        let body = column(&headers, &["Text", "TEXT"], &file)?;
        let category = column(&headers, &["Category", "CATEGORY"], &file)?;
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("{}: bad row", file.display()))?;
            rows += 1;
            if true_only && record.get(category).map(str::trim) != Some("True") {
                continue;
            }
            let label = record.get(topic).unwrap_or("").trim();
            if let Some(gold) = spanish_topic(label) {
                items.push(Item {
                    label: label.to_string(),
                    source: format!("{name}:{}", i + 2),
                    text: format!(
                        "{}\n{}",
                        record.get(headline).unwrap_or("").trim(),
                        record.get(body).unwrap_or("").trim()
                    ),
                    gold,
                });
            }
        }
    }
    Ok((items, rows))
}

/// The first line of a dataset's PROVENANCE.txt, if any.
fn provenance(dir: &Path) -> String {
    fs::read_to_string(dir.join("PROVENANCE.txt"))
        .ok()
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_else(|| "(no PROVENANCE.txt)".into())
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * n as f64 / d as f64)
    }
}

/// At most `chars` characters of `text` on one line.
fn snippet(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= chars {
        flat
    } else {
        format!("{}…", flat.chars().take(chars).collect::<String>())
    }
}

/// Tag `items` and print every table for one dataset.
fn report(name: &str, tagger: &Tagger, items: &[Item], show: usize) -> Result<()> {
    let topics = tagger.model().topics();
    let nt = topics.len();
    let index = |t: &str| topics.iter().position(|m| m == t);
    let gold: Vec<usize> = items
        .iter()
        .map(|it| index(it.gold).with_context(|| format!("model has no topic '{}'", it.gold)))
        .collect::<Result<_>>()?;
    let tagged: Vec<Tagged> = items
        .par_iter()
        .map(|it| tagger.tag(&it.text, None, None))
        .collect();
    let pred: Vec<Vec<usize>> = tagged.iter().map(|t| t.topics.clone()).collect();

    // Gold topics present, in model order.
    let present: Vec<usize> = (0..nt).filter(|&t| gold.contains(&t)).collect();
    let width = topics.iter().map(|t| t.len()).max().unwrap_or(6).max(11);

    // confusion[g][p]: items of gold g predicted with p; column nt is "(none)".
    let mut confusion = vec![vec![0usize; nt + 1]; nt];
    let mut hits = vec![0usize; nt];
    let mut support = vec![0usize; nt];
    let mut assigned = vec![0usize; nt];
    for (&g, p) in gold.iter().zip(&pred) {
        support[g] += 1;
        assigned[g] += p.len();
        hits[g] += usize::from(p.contains(&g));
        if p.is_empty() {
            confusion[g][nt] += 1;
        }
        for &t in p {
            confusion[g][t] += 1;
        }
    }

    println!("\n== {name}: {} items scored", items.len());
    let mut routes: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &tagged {
        *routes.entry(t.route.code()).or_default() += 1;
    }
    let routes: Vec<String> = routes.iter().map(|(c, n)| format!("{c} {n}")).collect();
    println!("routes: {}", routes.join(", "));

    println!("\nper gold topic");
    println!(
        "  {:width$}  {:>7}  {:>7}  {:>7}  {:>10}",
        "gold", "support", "recall", "none", "topics/item"
    );
    let total_none: usize = present.iter().map(|&g| confusion[g][nt]).sum();
    for &g in &present {
        println!(
            "  {:width$}  {:>7}  {:>7}  {:>7}  {:>10.2}",
            topics[g],
            support[g],
            pct(hits[g], support[g]),
            pct(confusion[g][nt], support[g]),
            assigned[g] as f64 / support[g] as f64
        );
    }
    println!(
        "  {:width$}  {:>7}  {:>7}  {:>7}  {:>10.2}",
        "all",
        items.len(),
        pct(hits.iter().sum(), items.len()),
        pct(total_none, items.len()),
        assigned.iter().sum::<usize>() as f64 / items.len().max(1) as f64
    );

    println!("\nper source label");
    let mut labels: BTreeMap<(&str, &str), (usize, usize, usize)> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        let e = labels.entry((it.gold, it.label.as_str())).or_default();
        e.0 += 1;
        e.1 += usize::from(pred[i].contains(&gold[i]));
        e.2 += usize::from(pred[i].is_empty());
    }
    println!(
        "  {:width$}  {:13}  {:>7}  {:>7}  {:>7}",
        "gold", "label", "items", "recall", "none"
    );
    for ((g, label), (n, hit, none)) in &labels {
        println!(
            "  {:width$}  {:13}  {:>7}  {:>7}  {:>7}",
            g,
            label,
            n,
            pct(*hit, *n),
            pct(*none, *n)
        );
    }

    println!("\nconfusion (rows gold, columns predicted; every predicted topic counted)");
    let cw = width.max(7);
    let header: Vec<String> = topics
        .iter()
        .map(|t| format!("{t:>cw$}"))
        .chain([format!("{:>cw$}", "(none)")])
        .collect();
    println!("  {:width$}  {}", "gold", header.join(" "));
    for &g in &present {
        let row: Vec<String> = confusion[g].iter().map(|n| format!("{n:>cw$}")).collect();
        println!("  {:width$}  {}", topics[g], row.join(" "));
    }

    println!("\nprecision per predicted topic (within these items)");
    println!(
        "  {:width$}  {:>9}  {:>7}  {:>9}",
        "predicted", "predicted", "correct", "precision"
    );
    for t in 0..nt {
        let predicted: usize = (0..nt).map(|g| confusion[g][t]).sum();
        let correct = confusion[t][t];
        let precision = if present.contains(&t) {
            pct(correct, predicted)
        } else {
            "-".into()
        };
        println!(
            "  {:width$}  {:>9}  {:>7}  {:>9}",
            topics[t], predicted, correct, precision
        );
    }

    let gold_sets: Vec<Vec<usize>> = gold.iter().map(|&g| vec![g]).collect();
    let s = eval::score(topics, &gold_sets, &pred, false);
    println!(
        "\neval::score (reference only: gold sets are single-label and incomplete)\n  \
         micro P {:.3} R {:.3} F1 {:.3} | macro (over {} gold topics) P {:.3} R {:.3} F1 {:.3} | exact match {:.3}",
        s.micro.precision,
        s.micro.recall,
        s.micro.f1,
        present.len(),
        s.macro_avg.precision,
        s.macro_avg.recall,
        s.macro_avg.f1,
        s.exact_match
    );

    if show > 0 {
        println!(
            "\nmissed items (gold topic not predicted), evenly spaced, up to {show} per topic"
        );
        for &g in &present {
            let missed: Vec<usize> = (0..items.len())
                .filter(|&i| gold[i] == g && !pred[i].contains(&g))
                .collect();
            if missed.is_empty() {
                continue;
            }
            println!("  gold {} ({} missed):", topics[g], missed.len());
            let k = show.min(missed.len());
            for j in 0..k {
                let i = missed[j * missed.len() / k];
                let got: Vec<&str> = pred[i].iter().map(|&t| topics[t].as_str()).collect();
                let probs: Vec<String> = (0..nt)
                    .map(|t| {
                        let short: String = topics[t].chars().take(3).collect();
                        format!("{short} {:.2}", tagged[i].probs[t])
                    })
                    .collect();
                println!(
                    "    [{}] {} → {} | {}\n      {}",
                    items[i].source,
                    tagged[i].route.code(),
                    if got.is_empty() {
                        "(none)".into()
                    } else {
                        got.join(",")
                    },
                    probs.join(" "),
                    snippet(&items[i].text, 220)
                );
            }
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let args = Args::parse();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = args.data.unwrap_or_else(|| root.join("../shared/datasets"));
    if !data.is_dir() {
        println!(
            "realdata: no datasets at {} (pass --data DIR); nothing to do.",
            data.display()
        );
        return Ok(());
    }
    let model_path = args
        .model
        .unwrap_or_else(|| root.join("models/foreign-policy.model"));
    let model = TopicModel::load(&model_path)
        .with_context(|| format!("cannot load {}", model_path.display()))?;
    println!(
        "model {}: topics {}; thresholds {}",
        model_path.display(),
        model.topics().join(", "),
        model
            .thresholds()
            .iter()
            .map(|t| format!("{t:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if model.exclusive() {
        bail!("this check is for multi-label models; the model is exclusive");
    }
    let tagger = Tagger::new(model);

    let manifesto = data.join("manifesto_us_sample");
    if manifesto.is_dir() {
        println!("\n# manifesto_us_sample — {}", provenance(&manifesto));
        println!(
            "mapping: cmp 104,105,106 → security; 101,107,109 → diplomacy; 108,110 → integration; \
             406,407 → trade"
        );
        let (items, rows) = load_manifesto(&manifesto)?;
        println!("{rows} rows read, {} with a mapped code", items.len());
        report("manifesto_us_sample", &tagger, &items, args.show)?;
    } else {
        println!("\nrealdata: {} missing, skipped", manifesto.display());
    }

    let spanish = data.join("spanish_fake_news_corpus");
    if spanish.is_dir() {
        println!("\n# spanish_fake_news_corpus — {}", provenance(&spanish));
        println!(
            "mapping: Politics/Política → politics; Security → security; Economy → trade; \
             Internacional → diplomacy{}",
            if args.true_only {
                "; Category == True rows only"
            } else {
                ""
            }
        );
        let (items, rows) = load_spanish(&spanish, args.true_only)?;
        println!("{rows} rows read, {} with a mapped topic", items.len());
        report("spanish_fake_news_corpus", &tagger, &items, args.show)?;
    } else {
        println!("\nrealdata: {} missing, skipped", spanish.display());
    }
    Ok(())
}
